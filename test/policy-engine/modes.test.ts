import { PolicyEngineError, compilePolicy } from '../../lib/policy-engine';
import { isResourceProviderMode } from '../../lib/policy-engine/policy';
import { testCatalog } from './helpers';

/** Resource provider modes (issue 13): definitions compile, and ARM resources are not applicable, never errors. */
describe('resource provider modes', () => {
  // The shape of the built-in "Certificates_AllowedKeyTypes" (mode Microsoft.KeyVault.Data).
  const keyTypes = (mode: string, alias = 'Microsoft.KeyVault.Data/vaults/certificates/keyProperties.keyType'): unknown => ({
    properties: {
      mode,
      parameters: {
        allowedKeyTypes: { type: 'Array', allowedValues: ['RSA', 'RSA-HSM', 'EC', 'EC-HSM'], defaultValue: ['RSA', 'RSA-HSM'] },
        effect: { type: 'string', allowedValues: ['audit', 'Audit', 'deny', 'Deny', 'disabled', 'Disabled'], defaultValue: 'Audit' },
      },
      policyRule: {
        if: { allOf: [{ field: 'type', equals: 'Microsoft.KeyVault.Data/vaults/certificates' }, { field: alias, notIn: "[parameters('allowedKeyTypes')]" }] },
        then: { effect: "[parameters('effect')]" },
      },
    },
  });
  const compileError = (definition: unknown): PolicyEngineError => {
    try {
      compilePolicy(definition, { aliases: testCatalog });
    } catch (e) {
      return e as PolicyEngineError;
    }
    throw new Error('expected a compile error');
  };

  test('the mode\'s own data-plane aliases compile without a catalog, with a note', () => {
    const p = compilePolicy(keyTypes('Microsoft.KeyVault.Data'), { aliases: testCatalog });
    expect(p.mode).toBe('Microsoft.KeyVault.Data');
    expect(p.appliesToArmResources).toBe(false);
    expect(p.notes).toEqual([
      expect.stringMatching(/^mode Microsoft\.KeyVault\.Data is a resource provider mode: .* not applicable$/),
      'data-plane aliases accepted without a catalog: Microsoft.KeyVault.Data/vaults/certificates/keyProperties.keyType',
    ]);
  });

  test('evaluating ARM resources reports not applicable, never an error, whatever the resource', () => {
    const p = compilePolicy(keyTypes('Microsoft.KeyVault.Data'), { aliases: testCatalog });
    for (const resource of [{ type: 'Microsoft.KeyVault/vaults', name: 'kv' }, { type: 'Microsoft.KeyVault.Data/vaults/certificates', properties: { keyProperties: { keyType: 'EC' } } }, {}]) {
      const r = p.evaluate(resource, { parameters: { effect: 'Deny' } });
      expect(r).toMatchObject({ effect: null, trace: ['mode Microsoft.KeyVault.Data evaluates data-plane objects, not ARM resources: not applicable'] });
      expect(r.error).toBeUndefined();
    }
    // Even invalid assignment parameters: the definition does not apply to ARM resources at all.
    expect(p.evaluate({ type: 'Microsoft.KeyVault/vaults' }, { parameters: { effect: 'Append' }, trace: false }).error).toBeUndefined();
  });

  test('only the mode\'s own namespace: another data-plane namespace, or a data-plane alias in an ARM mode, is unknown', () => {
    expect(compileError(keyTypes('Microsoft.KeyVault.Data', 'Microsoft.ManagedHSM.Data/managedHsms/keys/keyType'))).toMatchObject({ stage: 'compile', message: expect.stringMatching(/unknown alias 'Microsoft\.ManagedHSM\.Data\/managedHsms\/keys\/keyType'/) });
    expect(compileError(keyTypes('Indexed'))).toMatchObject({ stage: 'compile', message: expect.stringMatching(/unknown alias 'Microsoft\.KeyVault\.Data\//) });
    expect(compileError(keyTypes('All'))).toMatchObject({ stage: 'compile' });
  });

  test('the effects of resource provider modes compile there: Mutate (Kubernetes), AddToNetworkGroup (Network)', () => {
    const mutate = compilePolicy({
      properties: {
        mode: 'Microsoft.Kubernetes.Data',
        policyRule: { if: { field: 'type', equals: 'Microsoft.ContainerService/managedClusters' }, then: { effect: 'mutate', details: { mutationInfo: { sourceType: 'PublicURL', url: 'https://example.invalid/m.yaml' } } } },
      },
    }, { aliases: testCatalog });
    expect(mutate.appliesToArmResources).toBe(false);
    expect(mutate.notes).toHaveLength(1); // no data-plane alias used
    expect(mutate.evaluate({ type: 'Microsoft.ContainerService/managedClusters' }).effect).toBeNull();
    const group = compilePolicy({
      properties: {
        mode: 'Microsoft.Network.Data',
        policyRule: { if: { field: 'type', equals: 'Microsoft.Network/virtualNetworks' }, then: { effect: 'addToNetworkGroup', details: { networkGroupId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkManagers/m/networkGroups/g' } } },
      },
    }, { aliases: testCatalog });
    expect(group.appliesToArmResources).toBe(false);
    expect(group.evaluate({ type: 'Microsoft.Network/virtualNetworks' }).effect).toBeNull();
  });

  test('ARM modes apply to ARM resources', () => {
    for (const mode of ['All', 'Indexed', 'indexed']) {
      const p = compilePolicy({ properties: { mode, policyRule: { if: { field: 'type', equals: 't' }, then: { effect: 'audit' } } } }, { aliases: testCatalog });
      expect([mode, p.appliesToArmResources, p.notes]).toEqual([mode, true, []]);
      expect(p.evaluate({ type: 't', location: 'x' }).effect).toBe('Audit');
    }
  });

  test.each([
    ['Microsoft.KeyVault.Data', true],
    ['Microsoft.Kubernetes.Data', true],
    ['microsoft.network.data', true],
    ['Microsoft.MachineLearningServices.v2.Data', true],
    ['All', false],
    ['Indexed', false],
    ['Data', false],
    ['Microsoft.KeyVault', false],
    ['Microsoft..Data', false],
  ])('isResourceProviderMode(%s) = %s', (mode, want) => {
    expect(isResourceProviderMode(mode)).toBe(want);
  });
});
