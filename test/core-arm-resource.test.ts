import { ArmTemplate } from '../lib/core';

describe('ArmTemplate resource fields', () => {
  test('sku and zones are rendered when given and dropped when not', () => {
    const t = new ArmTemplate('resourceGroup')
      .addResource({ type: 'Microsoft.Network/bastionHosts', apiVersion: '2024-05-01', name: 'b', sku: { name: 'Premium' }, zones: ['1', '2'] })
      .addResource({ type: 'A/b', apiVersion: '2020-01-01', name: 'n', sku: undefined, zones: undefined });
    const json = JSON.parse(t.render());
    expect(json.resources[0]).toEqual({ type: 'Microsoft.Network/bastionHosts', apiVersion: '2024-05-01', name: 'b', sku: { name: 'Premium' }, zones: ['1', '2'] });
    expect(json.resources[1]).toEqual({ type: 'A/b', apiVersion: '2020-01-01', name: 'n' });
  });
});
