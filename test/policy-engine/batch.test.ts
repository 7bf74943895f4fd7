import { AliasCatalog, PolicyEngineError, evaluateBatchRequest } from '../../lib/policy-engine';

describe('evaluateBatchRequest (engine: no file I/O)', () => {
  const sites = AliasCatalog.fromArmProviders([
    { namespace: 'Microsoft.Web', resourceTypes: [{ resourceType: 'sites', aliases: [{ name: 'Microsoft.Web/sites/httpsOnly', defaultPath: 'properties.httpsOnly', paths: [] }] }] },
  ]);
  const rule = { if: { field: 'Microsoft.Web/sites/httpsOnly', equals: false }, then: { effect: "[parameters('effect')]" } };

  test('an aliases path is resolved by the caller', () => {
    const asked: string[] = [];
    const r = evaluateBatchRequest({
      id: 'a',
      policyDefinition: { properties: { parameters: { effect: { type: 'String', defaultValue: 'Audit' } }, policyRule: rule } },
      parameters: { effect: 'Deny' },
      aliases: 'aliases.json',
      resource: { type: 'Microsoft.Web/sites', properties: { httpsOnly: false } },
    }, { resolveAliases: (p) => (asked.push(p), sites) });
    expect(r).toEqual({ id: 'a', effect: 'Deny' });
    expect(asked).toEqual(['aliases.json']);
  });

  test('without a resolver an aliases path is a parse error naming it; a resolver error becomes the result', () => {
    expect(evaluateBatchRequest({ id: 'b', policyRule: rule, aliases: 'x.json' })).toMatchObject({ id: 'b', effect: null, error: { stage: 'parse', pointer: '/aliases', message: expect.stringMatching(/"x\.json"/) } });
    const r = evaluateBatchRequest({ id: 'c', policyRule: rule, aliases: 'x.json' }, { resolveAliases: () => { throw new PolicyEngineError('parse', 'nope'); } });
    expect(r).toEqual({ id: 'c', effect: null, error: { stage: 'parse', message: 'nope' } });
  });

  test('inline catalog, default context, related resources', () => {
    const r = evaluateBatchRequest({
      id: 'd',
      policyRuleText: JSON.stringify({
        if: { allOf: [{ field: 'Microsoft.Web/sites/httpsOnly', exists: true }, { value: '[resourceGroup().name]', equals: 'rg' }] },
        then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Web/sites/config' } },
      }),
      aliases: [{ namespace: 'Microsoft.Web', resourceTypes: [{ resourceType: 'sites', aliases: [{ name: 'Microsoft.Web/sites/httpsOnly', defaultPath: 'properties.httpsOnly' }] }] }],
      relatedResources: [],
      resource: { properties: { httpsOnly: true } },
    }, { defaultContext: { resourceGroup: { name: 'rg' } } });
    expect(r).toMatchObject({ id: 'd', effect: 'AuditIfNotExists', details: { type: 'Microsoft.Web/sites/config' } });
  });

  test('errors are reported with stage and pointer, never thrown', () => {
    expect(evaluateBatchRequest({ id: 'e', policyDefinitionText: '{ nope' })).toMatchObject({ id: 'e', effect: null, error: { stage: 'parse' } });
    expect(evaluateBatchRequest({ id: 'f', policyRule: { if: { field: 'Microsoft.Web/sites/nope', equals: 1 }, then: { effect: 'deny' } } }, { aliases: sites }))
      .toMatchObject({ error: { stage: 'compile', pointer: '/if/field' } });
    expect(evaluateBatchRequest({ id: 'g' }).error?.message).toMatch(/none of policyDefinition/);
    expect(evaluateBatchRequest('garbage')).toMatchObject({ id: '', effect: null, error: { stage: 'parse' } });
  });

  test('requestContext and apiVersion', () => {
    const r = evaluateBatchRequest({
      id: 'h',
      policyRule: { if: { allOf: [{ value: '[requestContext().apiVersion]', less: '2021-01-01' }, { field: 'apiVersion', equals: '2020-01-01' }] }, then: { effect: 'audit' } },
      apiVersion: '2020-01-01',
    });
    expect(r.effect).toBe('Audit');
  });
});
