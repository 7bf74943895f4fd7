import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { evaluateBatchRequest } from '../../lib/policy-engine';

describe('evaluateBatchRequest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-batch-'));
  fs.writeFileSync(path.join(dir, 'aliases.json'), JSON.stringify([
    { namespace: 'Microsoft.Web', resourceTypes: [{ resourceType: 'sites', aliases: [{ name: 'Microsoft.Web/sites/httpsOnly', defaultPath: 'properties.httpsOnly', paths: [] }] }] },
  ]));
  fs.writeFileSync(path.join(dir, 'flat.csv'), 'Microsoft.Web/sites/clientCertEnabled,properties.clientCertEnabled\n');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rule = { if: { field: 'Microsoft.Web/sites/httpsOnly', equals: false }, then: { effect: "[parameters('effect')]" } };

  test('definition, parameters, aliases path relative to the base dir', () => {
    const r = evaluateBatchRequest({
      id: 'a',
      policyDefinition: { properties: { parameters: { effect: { type: 'String', defaultValue: 'Audit' } }, policyRule: rule } },
      parameters: { effect: 'Deny' },
      aliases: 'aliases.json',
      resource: { type: 'Microsoft.Web/sites', properties: { httpsOnly: false } },
    }, dir);
    expect(r).toEqual({ id: 'a', effect: 'Deny' });
  });

  test('rule text, flat alias table, context and related resources', () => {
    const r = evaluateBatchRequest({
      id: 'b',
      policyRuleText: JSON.stringify({
        if: { allOf: [{ field: 'Microsoft.Web/sites/clientCertEnabled', exists: true }, { value: '[resourceGroup().name]', equals: 'rg' }] },
        then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Web/sites/config' } },
      }),
      aliases: 'flat.csv',
      context: { resourceGroup: { name: 'rg' } },
      relatedResources: [],
      resource: { properties: { clientCertEnabled: true } },
    }, dir);
    expect(r).toMatchObject({ id: 'b', effect: 'AuditIfNotExists', details: { type: 'Microsoft.Web/sites/config' } });
  });

  test('errors are reported with stage and pointer, never thrown', () => {
    expect(evaluateBatchRequest({ id: 'c', policyDefinitionText: '{ nope' }, dir)).toMatchObject({ id: 'c', effect: null, error: { stage: 'parse' } });
    expect(evaluateBatchRequest({ id: 'd', policyRule: { if: { field: 'x', equals: 1 }, then: { effect: 'deny' } }, aliases: 'missing.json' }, dir))
      .toMatchObject({ effect: null, error: { stage: 'parse', message: expect.stringMatching(/cannot read alias catalog/) } });
    expect(evaluateBatchRequest({ id: 'e', policyRule: { if: { field: 'Microsoft.Web/sites/nope', equals: 1 }, then: { effect: 'deny' } }, aliases: 'aliases.json' }, dir))
      .toMatchObject({ error: { stage: 'compile', pointer: '/if/field' } });
    expect(evaluateBatchRequest({ id: 'f' }, dir).error?.message).toMatch(/none of policyDefinition/);
    expect(evaluateBatchRequest('garbage', dir)).toMatchObject({ id: '', effect: null, error: { stage: 'parse' } });
  });

  test('requestContext and apiVersion', () => {
    const r = evaluateBatchRequest({
      id: 'g',
      policyRule: { if: { allOf: [{ value: '[requestContext().apiVersion]', less: '2021-01-01' }, { field: 'apiVersion', equals: '2020-01-01' }] }, then: { effect: 'audit' } },
      apiVersion: '2020-01-01',
    }, dir);
    expect(r.effect).toBe('Audit');
  });
});
