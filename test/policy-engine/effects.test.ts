import { PolicyEngineError, compilePolicy } from '../../lib/policy-engine';
import { rule, testCatalog } from './helpers';

const vm = { type: 'Microsoft.Compute/virtualMachines', name: 'vm1', tags: { env: 'dev' } };
const isVm = { field: 'type', equals: 'Microsoft.Compute/virtualMachines' };

describe('effects', () => {
  test.each([
    ['deny', 'Deny'],
    ['AUDIT', 'Audit'],
    ['denyAction', 'DenyAction'],
    ['manual', 'Manual'],
  ])('%s -> %s (canonical casing)', (effect, canonical) => {
    expect(rule(isVm, effect).evaluate(vm).effect).toBe(canonical);
  });

  test('the rule does not apply -> null', () => {
    expect(rule({ field: 'type', equals: 'other' }, 'deny').evaluate(vm).effect).toBeNull();
  });

  test('disabled never applies', () => {
    const r = rule(isVm, 'Disabled').evaluate(vm);
    expect(r.effect).toBeNull();
    expect(r.trace.join('\n')).toMatch(/Disabled/);
  });

  test('parameterised effect with default and allowedValues', () => {
    const def = {
      properties: {
        mode: 'Indexed',
        parameters: { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } },
        policyRule: { if: isVm, then: { effect: "[parameters('effect')]" } },
      },
    };
    const p = compilePolicy(def, { aliases: testCatalog });
    expect(p.mode).toBe('Indexed');
    expect(p.parameters.effect).toMatchObject({ type: 'String', defaultValue: 'Audit' });
    expect(p.evaluate(vm).effect).toBe('Audit');
    expect(p.evaluate(vm, { parameters: { effect: 'Deny' } }).effect).toBe('Deny');
    // Azure: "Allowed value comparisons are case-sensitive."
    expect(p.evaluate(vm, { parameters: { effect: 'deny' } }).error?.message).toMatch(/not one of the allowedValues/);
    expect(p.evaluate(vm, { parameters: { effect: 'Disabled' } }).effect).toBeNull();
    const bad = p.evaluate(vm, { parameters: { effect: 'Append' } });
    expect(bad.effect).toBeNull();
    expect(bad.error?.message).toMatch(/not one of the allowedValues/);
  });

  test('parameter type checks', () => {
    const p = compilePolicy({
      parameters: {
        n: { type: 'Integer' }, f: { type: 'Float' }, b: { type: 'Boolean' }, a: { type: 'Array' }, o: { type: 'Object' }, d: { type: 'DateTime' },
      },
      policyRule: { if: { value: "[concat(string(parameters('n')), string(parameters('f')), string(parameters('b')), string(length(parameters('a'))), string(length(parameters('o'))), parameters('d'))]", equals: '32.5true212024-01-01' }, then: { effect: 'audit' } },
    }, { aliases: testCatalog });
    const ok = { n: 3, f: 2.5, b: true, a: [1, 2], o: { x: 1 }, d: '2024-01-01' };
    expect(p.evaluate({}, { parameters: ok }).effect).toBe('Audit');
    for (const [k, v] of Object.entries({ n: 2.5, f: 'x', b: 'true', a: {}, o: [], d: 'yesterday' })) {
      const r = p.evaluate({}, { parameters: { ...ok, [k]: v } });
      expect(r.error?.message).toMatch(new RegExp(`parameter '${k}' value .* is not of type`));
    }
    expect(() => compilePolicy({ parameters: { x: { type: 'Strange' } }, policyRule: { if: isVm, then: { effect: 'audit' } } }, { aliases: testCatalog })).toThrow(/unknown type 'Strange'/);
    expect(() => compilePolicy({ parameters: {}, policyRule: { if: { value: "[parameters('undeclared')]", equals: 1 }, then: { effect: 'audit' } } }, { aliases: testCatalog })).toThrow(/'undeclared' is not defined/);
  });

  test('append returns the evaluated fields', () => {
    const p = rule(isVm, 'append', [{ field: 'tags.owner', value: "[concat('team-', field('name'))]" }]);
    expect(p.evaluate(vm)).toMatchObject({ effect: 'Append', details: [{ field: 'tags.owner', value: 'team-vm1' }] });
  });

  test('modify returns operations, honouring operation conditions', () => {
    const p = rule(isVm, 'modify', {
      roleDefinitionIds: ['/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c'],
      operations: [
        { operation: 'addOrReplace', field: "tags['env']", value: "[toUpper(field('tags.env'))]" },
        { operation: 'add', field: "tags['owner']", value: 'x', condition: "[greaterOrEquals(requestContext().apiVersion, '2021-01-01')]" },
        { operation: 'remove', field: "tags['old']" },
      ],
    });
    const r = p.evaluate(vm, { apiVersion: '2020-01-01' });
    expect(r.effect).toBe('Modify');
    expect(r.details).toEqual({
      roleDefinitionIds: ['/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c'],
      operations: [{ operation: 'addOrReplace', field: "tags['env']", value: 'DEV' }, { operation: 'remove', field: "tags['old']" }],
    });
    expect((p.evaluate(vm, { apiVersion: '2022-01-01' }).details as { operations: unknown[] }).operations).toHaveLength(3);
  });

  test('modify of an alias that is not Modifiable is a compile error', () => {
    expect(() => rule(isVm, 'modify', { roleDefinitionIds: [], operations: [{ operation: 'addOrReplace', field: 'Microsoft.Storage/storageAccounts/primaryEndpoints.blob', value: 'x' }] }))
      .toThrow(/not modifiable/);
    expect(() => rule(isVm, 'modify', { roleDefinitionIds: [], operations: [{ operation: 'addOrReplace', field: 'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly', value: true }] }))
      .not.toThrow();
  });

  describe('auditIfNotExists / deployIfNotExists', () => {
    const details = {
      type: 'Microsoft.Compute/virtualMachines/extensions',
      existenceCondition: { allOf: [{ field: 'properties.publisher', equals: 'Microsoft.Azure.Security' }, { field: 'name', equals: "[concat(field('name'), '-ext')]" }] },
    };
    const p = rule(isVm, 'auditIfNotExists', details);
    const good = { type: 'Microsoft.Compute/virtualMachines/extensions', name: 'vm1-ext', properties: { publisher: 'Microsoft.Azure.Security' } };

    test('no related resources supplied: none exist -> effect', () => {
      expect(p.evaluate(vm)).toMatchObject({ effect: 'AuditIfNotExists', details: { type: 'Microsoft.Compute/virtualMachines/extensions' } });
    });
    test('a related resource satisfies existenceCondition (field() reads the evaluated resource) -> compliant', () => {
      expect(p.evaluate(vm, { relatedResources: [good] }).effect).toBeNull();
    });
    test('related resources that fail existenceCondition or have another type do not count', () => {
      expect(p.evaluate(vm, { relatedResources: [{ ...good, properties: { publisher: 'Other' } }, { ...good, type: 'Microsoft.Other/things' }] }).effect).toBe('AuditIfNotExists');
    });
    test('details.name filters related resources; no existenceCondition means any match exists', () => {
      const q = rule(isVm, 'deployIfNotExists', { type: 'Microsoft.Insights/diagnosticSettings', name: 'setByPolicy', roleDefinitionIds: ['/r'], deployment: { properties: { mode: 'incremental', template: { resources: [{ name: "[variables('x')]" }] }, parameters: { vm: { value: "[field('name')]" } } } } });
      expect(q.evaluate(vm, { relatedResources: [{ name: 'other' }] })).toMatchObject({ effect: 'DeployIfNotExists', details: { name: 'setByPolicy', roleDefinitionIds: ['/r'], deploymentParameters: { vm: { value: 'vm1' } } } });
      expect(q.evaluate(vm, { relatedResources: [{ name: 'setByPolicy' }] }).effect).toBeNull();
    });
  });

  test('a parameterised deployIfNotExists whose existenceCondition builds a name with uniqueString() evaluates (it used to fail at every evaluation)', () => {
    // The shape of Microsoft's Network Watcher workspace built-ins: effect a parameter, the workspace name a hash.
    const name = "[concat('ws', uniqueString(field('name'), parameters('region')))]";
    const p = compilePolicy({
      properties: {
        mode: 'All',
        parameters: { effect: { type: 'String', allowedValues: ['DeployIfNotExists', 'Disabled'], defaultValue: 'DeployIfNotExists' }, region: { type: 'String', defaultValue: 'westeurope' } },
        policyRule: {
          if: isVm,
          then: { effect: "[parameters('effect')]", details: { type: 'Microsoft.OperationalInsights/workspaces', roleDefinitionIds: ['/r'], existenceCondition: { field: 'name', equals: name }, deployment: { properties: { mode: 'incremental', template: {} } } } },
        },
      },
    }, { aliases: testCatalog });
    const missing = p.evaluate(vm);
    expect(missing.error).toBeUndefined();
    expect(missing.effect).toBe('DeployIfNotExists');
    const workspace = (n: string): Record<string, unknown> => ({ type: 'Microsoft.OperationalInsights/workspaces', name: n });
    expect(p.evaluate(vm, { relatedResources: [workspace('wsother')] }).effect).toBe('DeployIfNotExists');
    const found = p.evaluate(vm, { relatedResources: [workspace('wsfake'), workspace('ws3cpjjsrt5ucy4') /* uniqueString('vm1', 'westeurope') */] });
    expect(found.error).toBeUndefined();
    expect(found.effect).toBeNull();
  });

  test('effectDetails exposes the raw details', () => {
    expect(rule(isVm, 'denyAction', { actionNames: ['delete'] }).effectDetails).toEqual({ actionNames: ['delete'] });
  });

  test('resourceGroup(), subscription(), policy() and utcNow() read the context', () => {
    const p = rule({ allOf: [
      { value: '[resourceGroup().name]', equals: 'rg1' },
      { value: '[subscription().subscriptionId]', equals: 'sub' },
      { value: '[policy().assignmentId]', like: '*/a1' },
      { value: '[addDays(utcNow(), -1)]', equals: '2025-02-19T12:00:00Z' },
    ] }, 'audit');
    expect(p.evaluate({}, { context: { resourceGroup: { name: 'rg1' }, subscription: { subscriptionId: 'sub' }, policy: { assignmentId: '/x/a1' }, utcNow: '2025-02-20T12:00:00Z' } }).effect).toBe('Audit');
  });
});

describe('effects Azure added: details in the result (shapes of the built-in corpus)', () => {
  const vm = { type: 'Microsoft.Compute/virtualMachines', name: 'vm1' };
  const compile = (definition: unknown): ReturnType<typeof compilePolicy> => compilePolicy(definition, { aliases: testCatalog });
  const compileError = (definition: unknown): PolicyEngineError => {
    try {
      compile(definition);
    } catch (e) {
      return e as PolicyEngineError;
    }
    throw new Error('expected a compile error');
  };

  test('denyAction (built-in "ResourceType_denyActionDelete": effect DenyAction | Disabled, actionNames ["delete"])', () => {
    const p = compile({
      properties: {
        mode: 'All',
        parameters: {
          listOfResourceTypesDisallowedForDeletion: { type: 'Array' },
          effect: { type: 'String', allowedValues: ['DenyAction', 'Disabled'], defaultValue: 'DenyAction' },
        },
        policyRule: { if: { field: 'type', in: "[parameters('listOfResourceTypesDisallowedForDeletion')]" }, then: { effect: "[parameters('effect')]", details: { actionNames: ['delete'] } } },
      },
    });
    const parameters = { listOfResourceTypesDisallowedForDeletion: ['Microsoft.Compute/virtualMachines'] };
    expect(p.evaluate(vm, { parameters })).toMatchObject({ effect: 'DenyAction', details: { actionNames: ['delete'] } });
    expect(p.evaluate(vm, { parameters: { ...parameters, effect: 'Disabled' } }).effect).toBeNull();
  });

  test('AuditAction and DenyAction on the request identity (built-in "MFA_DenyAction")', () => {
    const p = compile({
      properties: {
        mode: 'All',
        parameters: { effect: { type: 'String', allowedValues: ['AuditAction', 'DenyAction', 'Disabled'], defaultValue: 'AuditAction' } },
        policyRule: {
          if: {
            allOf: [
              { value: "[contains(requestContext().identity, 'idtyp')]", equals: true },
              { value: '[requestContext().identity.idtyp]', equals: 'user' },
              { value: 'mfa', notIn: "[split(tryGet(requestContext().identity, 'http://schemas.microsoft.com/claims/authnmethodsreferences'), ',')]" },
              { value: 'p1', notIn: "[split(requestContext().identity.acrs, ',')]" },
            ],
          },
          then: { effect: "[parameters('effect')]", details: { actionNames: ['delete'] } },
        },
      },
    });
    const identity = (methods: string): Record<string, unknown> => ({ identity: { idtyp: 'user', acrs: 'x', 'http://schemas.microsoft.com/claims/authnmethodsreferences': methods } });
    expect(p.evaluate(vm, { context: { requestContext: identity('pwd') } })).toMatchObject({ effect: 'AuditAction', details: { actionNames: ['delete'] } });
    expect(p.evaluate(vm, { parameters: { effect: 'DenyAction' }, context: { requestContext: identity('pwd') } }).effect).toBe('DenyAction');
    expect(p.evaluate(vm, { context: { requestContext: identity('pwd,mfa') } }).effect).toBeNull();
  });

  test('denyAction details are checked: supported actions, cascadeBehaviors only in mode Indexed with allow | deny', () => {
    const rule = (details: unknown, mode = 'Indexed'): unknown => ({ properties: { mode, policyRule: { if: { field: 'type', equals: vm.type }, then: { effect: 'denyAction', details } } } });
    expect(compile(rule({ actionNames: ['delete'], cascadeBehaviors: { resourceGroup: 'deny' } })).evaluate(vm))
      .toMatchObject({ effect: 'DenyAction', details: { actionNames: ['delete'], cascadeBehaviors: { resourceGroup: 'deny' } } });
    expect(compileError(rule({ actionNames: ['write'] }))).toMatchObject({ stage: 'compile', pointer: '/properties/policyRule/then/details/actionNames', message: expect.stringMatching(/"actionNames" holds "write" \(allowed: delete\)/) });
    expect(compileError(rule({ actionNames: [] }))).toMatchObject({ pointer: '/properties/policyRule/then/details/actionNames' });
    expect(compileError(rule({ cascadeBehaviors: { resourceGroup: 'deny' } }))).toMatchObject({ stage: 'parse', message: expect.stringMatching(/need "actionNames"/) });
    expect(compileError(rule({ actionNames: ['delete'], cascadeBehaviors: { resourceGroup: 'deny' } }, 'All'))).toMatchObject({ pointer: '/properties/policyRule/then/details/cascadeBehaviors', message: expect.stringMatching(/only supported .* mode Indexed \(this one is All\)/) });
    expect(compileError(rule({ actionNames: ['delete'], cascadeBehaviors: { resourceGroup: 'maybe' } }))).toMatchObject({ pointer: '/properties/policyRule/then/details/cascadeBehaviors/resourceGroup' });
    // A parameterised action list is checked when evaluated.
    const p = compile({ properties: { mode: 'Indexed', parameters: { a: { type: 'Array' } }, policyRule: { if: { field: 'type', equals: vm.type }, then: { effect: 'denyAction', details: { actionNames: "[parameters('a')]" } } } } });
    expect(p.evaluate(vm, { parameters: { a: ['DELETE'] } }).details).toEqual({ actionNames: ['DELETE'] });
    expect(p.evaluate(vm, { parameters: { a: ['read'] } }).error).toMatchObject({ stage: 'evaluate', pointer: '/properties/policyRule/then/details/actionNames' });
  });

  test('Mutate (built-in "MutateSeccompProfileContainers", mode Microsoft.Kubernetes.Data): details evaluated', () => {
    const rule = (mutationInfo: unknown, effect = "[parameters('effect')]"): unknown => ({
      parameters: {
        source: { type: 'String', defaultValue: 'Original', allowedValues: ['All', 'Generated', 'Original'] },
        effect: { type: 'String', allowedValues: ['Mutate', 'Disabled'], defaultValue: 'Mutate' },
        excludedNamespaces: { type: 'Array', defaultValue: ['kube-system', 'gatekeeper-system', 'azure-arc'] },
        namespaces: { type: 'Array', defaultValue: [] },
      },
      policyRule: {
        if: { field: 'type', equals: 'Microsoft.ContainerService/managedClusters' },
        then: { effect, details: { source: "[parameters('source')]", mutationInfo, namespaces: "[parameters('namespaces')]", excludedNamespaces: "[parameters('excludedNamespaces')]" } },
      },
    });
    const info = { sourceType: 'PublicURL', url: 'https://store.policy.azure.us/kubernetes/mutate-seccomp-profile-containers/v1/mutation.yaml' };
    const r = compile(rule(info)).evaluate({ type: 'Microsoft.ContainerService/managedClusters', name: 'aks' }, { parameters: { source: 'All' } });
    expect(r).toMatchObject({ effect: 'Mutate', details: { source: 'All', mutationInfo: info, namespaces: [], excludedNamespaces: ['kube-system', 'gatekeeper-system', 'azure-arc'] } });
    expect(compileError(rule("[parameters('source')]", 'mutate'))).toMatchObject({ pointer: '/policyRule/then/details/mutationInfo', message: expect.stringMatching(/can't be parameterized/) });
    expect(compileError(rule({ sourceType: 'Git' }, 'mutate'))).toMatchObject({ pointer: '/policyRule/then/details/mutationInfo/sourceType' });
    expect(compileError(rule({ sourceType: 'PublicURL' }, 'mutate'))).toMatchObject({ message: expect.stringMatching(/needs "url"/) });
    // With a parameterised effect, details are required to fit only when that effect is selected.
    const p = compile(rule({ sourceType: 'Git' }));
    expect(p.evaluate({ type: 'Microsoft.ContainerService/managedClusters' }).error).toMatchObject({ stage: 'evaluate', message: expect.stringMatching(/sourceType/) });
    expect(p.evaluate({ type: 'Microsoft.ContainerService/managedClusters' }, { parameters: { effect: 'Disabled' } }).effect).toBeNull();
  });

  test('AddToNetworkGroup (Azure Virtual Network Manager, mode Microsoft.Network.Data): the network group id', () => {
    const group = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/networkManagers/avnm/networkGroups/prod';
    const rule = (networkGroupId: unknown): unknown => ({
      parameters: { group: { type: 'String', defaultValue: group } },
      policyRule: { if: { allOf: [{ field: 'type', equals: 'Microsoft.Network/virtualNetworks' }, { field: "tags['env']", equals: 'prod' }] }, then: { effect: 'addToNetworkGroup', details: { networkGroupId } } },
    });
    const vnet = { type: 'Microsoft.Network/virtualNetworks', name: 'v', tags: { env: 'prod' } };
    expect(compile(rule(group)).evaluate(vnet)).toMatchObject({ effect: 'AddToNetworkGroup', details: { networkGroupId: group } });
    expect(compile(rule("[parameters('group')]")).evaluate(vnet).details).toEqual({ networkGroupId: group });
    expect(compile(rule("[parameters('group')]")).evaluate(vnet, { parameters: { group: 'prod' } }).error).toMatchObject({ stage: 'evaluate', message: expect.stringMatching(/full resource id of a network group/) });
    expect(compileError(rule('prod'))).toMatchObject({ pointer: '/policyRule/then/details/networkGroupId' });
  });

  test('the legacy Kubernetes effects report their details evaluated', () => {
    const p = compile({
      parameters: { effect: { type: 'String', defaultValue: 'EnforceRegoPolicy' } },
      policyRule: { if: { field: 'type', equals: 'Microsoft.ContainerService/managedClusters' }, then: { effect: "[parameters('effect')]", details: { policyId: 'ContainerNoPrivilege', policy: "[concat('https://example.invalid/', 'p.rego')]" } } },
    });
    expect(p.evaluate({ type: 'Microsoft.ContainerService/managedClusters' })).toMatchObject({ effect: 'EnforceRegoPolicy', details: { policyId: 'ContainerNoPrivilege', policy: 'https://example.invalid/p.rego' } });
  });
});

describe('existence effects: what is evaluated before and after the lookup', () => {
  const policy = (details: Record<string, unknown>): ReturnType<typeof compilePolicy> => compilePolicy({
    mode: 'All',
    policyRule: { if: { field: 'type', equals: 'Microsoft.Network/virtualNetworks' }, then: { effect: 'deployIfNotExists', details: { type: 'Microsoft.Network/networkWatchers', existenceCondition: { field: 'location', equals: "[field('location')]" }, ...details } } },
  });
  const vnet = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v', type: 'Microsoft.Network/virtualNetworks', location: 'westeurope' };
  const watcher = { id: '/subscriptions/s/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/nw', type: 'Microsoft.Network/networkWatchers', name: 'nw', location: 'westeurope' };

  test('a resourceGroupName that fails is an evaluation error before any lookup, even where a related resource would satisfy the check', () => {
    let lookups = 0;
    const r = policy({ resourceGroupName: "[split(field('id'), '/')[9]]" }).evaluate(vnet, { relatedResources: () => (lookups++, [watcher]) });
    expect(r.error).toMatchObject({ stage: 'evaluate', pointer: expect.stringContaining('resourceGroupName') });
    expect(lookups).toBe(0);
  });

  test('the deployment is built only for a resource the check reports; its resourceGroupName is the one looked in', () => {
    const p = policy({ resourceGroupName: "[concat('NetworkWatcher', 'RG')]", deployment: { properties: { mode: 'incremental', parameters: { where: { value: "[field('location')]" } } } } });
    const compliant = p.evaluate(vnet, { relatedResources: [watcher], trace: false });
    expect(compliant.effect).toBeNull();
    expect(compliant.details).toBeUndefined();
    const reported = p.evaluate(vnet, { relatedResources: [{ ...watcher, location: 'eastus' }], trace: false });
    expect(reported.effect).toBe('DeployIfNotExists');
    expect(reported.details).toMatchObject({ type: 'Microsoft.Network/networkWatchers', resourceGroupName: 'NetworkWatcherRG', deploymentParameters: { where: { value: 'westeurope' } } });
  });
});
