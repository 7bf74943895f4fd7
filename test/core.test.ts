import { ArmTemplate, cidrContains, parseIpv4Cidr, parseIsoDuration, parseResourceId, requireEmail, requireResourceId, requireSubscriptionId } from '../lib/core';

describe('core validators', () => {
  test('parseResourceId splits nested types', () => {
    const p = parseResourceId('/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s');
    expect(p).toMatchObject({ resourceGroup: 'rg', type: 'Microsoft.Network/virtualNetworks/subnets', names: ['v', 's'], name: 's' });
    expect(parseResourceId('/subscriptions/nope/resourceGroups/rg')).toBeUndefined();
  });

  test('requireResourceId names the expected shape', () => {
    expect(() => requireResourceId('Stack/X', 'subnetId', '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg', 'Microsoft.Network/virtualNetworks/subnets'))
      .toThrow(/Stack\/X: invalid subnetId ".*": must be the resource id of a Microsoft.Network\/virtualNetworks\/subnets/);
  });

  test('subscription ids and e-mails', () => {
    expect(requireSubscriptionId('S', 'scope', '/subscriptions/00000000-0000-0000-0000-000000000001')).toBeDefined();
    expect(() => requireSubscriptionId('S', 'scope', '/subscriptions/abc')).toThrow(/invalid scope "\/subscriptions\/abc"/);
    expect(() => requireEmail('S', 'emails[0]', 'not-an-email')).toThrow(/invalid emails\[0\] "not-an-email": must be an e-mail/);
    expect(requireEmail('S', 'e', 'a.b+c@contoso.co.uk')).toBe('a.b+c@contoso.co.uk');
  });

  test('durations and CIDRs', () => {
    expect(parseIsoDuration('PT3H')).toBe(10800);
    expect(parseIsoDuration('P1DT1H')).toBe(90000);
    expect(parseIsoDuration('PT')).toBeUndefined();
    expect(parseIsoDuration('3h')).toBeUndefined();
    const vnet = parseIpv4Cidr('10.0.0.0/16')!;
    expect(cidrContains(vnet, parseIpv4Cidr('10.0.1.0/26')!)).toBe(true);
    expect(cidrContains(vnet, parseIpv4Cidr('10.1.0.0/26')!)).toBe(false);
    expect(cidrContains(parseIpv4Cidr('10.0.1.0/26')!, vnet)).toBe(false);
    expect(parseIpv4Cidr('10.0.0.256/16')).toBeUndefined();
  });

  test('ArmTemplate renders schema by scope and drops undefined members', () => {
    const t = new ArmTemplate('resourceGroup').addResource({ type: 'A/b', apiVersion: '2020-01-01', name: 'n', location: undefined, properties: { x: 1 } });
    const json = JSON.parse(t.render());
    expect(json.$schema).toContain('2019-04-01/deploymentTemplate.json');
    expect(json.resources).toEqual([{ type: 'A/b', apiVersion: '2020-01-01', name: 'n', properties: { x: 1 } }]);
  });
});
