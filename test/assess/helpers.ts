import { AssessResource, buildAssessPlan, filePolicyResolver, parseAssignments, parseExemptions, PolicyResolver, runAssessmentSync, ScanReport } from '../../lib/assess';
import type { AssessPlanOptions } from '../../lib/assess';

export const SUB = '00000000-0000-0000-0000-0000000000a1';
export const SUB2 = '00000000-0000-0000-0000-0000000000b2';
export const RG1 = `/subscriptions/${SUB}/resourceGroups/rg1`;
export const RG10 = `/subscriptions/${SUB}/resourceGroups/rg10`;

/** A storage account; `open` sets allowBlobPublicAccess. */
export function storage(rgId: string, name: string, open: boolean, location = 'westeurope'): Record<string, unknown> {
  return { id: `${rgId}/providers/Microsoft.Storage/storageAccounts/${name}`, name, type: 'Microsoft.Storage/storageAccounts', location, properties: { allowBlobPublicAccess: open } };
}

/** A VM. */
export function vm(rgId: string, name: string, location = 'westeurope'): Record<string, unknown> {
  return { id: `${rgId}/providers/Microsoft.Compute/virtualMachines/${name}`, name, type: 'Microsoft.Compute/virtualMachines', location, properties: {} };
}

/** Deny (parameterised, allowedValues Audit/Deny/Disabled) storage accounts with public blob access. */
export const DENY_PUBLIC_STORAGE = {
  name: 'deny-public-storage',
  properties: {
    displayName: 'Storage accounts deny public blob access',
    mode: 'Indexed',
    version: '1.0.0',
    parameters: { effect: { type: 'String', allowedValues: ['Audit', 'Deny', 'Disabled'], defaultValue: 'Deny' } },
    policyRule: {
      if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { field: 'Microsoft.Storage/storageAccounts/allowBlobPublicAccess', equals: true }] },
      then: { effect: "[parameters('effect')]" },
    },
  },
};

/** Literal Audit of resources in eastus. */
export const AUDIT_EASTUS = {
  name: 'audit-eastus',
  properties: {
    displayName: 'Audit resources in East US',
    mode: 'Indexed',
    version: '1.0.0',
    policyRule: { if: { field: 'location', equals: 'eastus' }, then: { effect: 'audit' } },
  },
};

/** auditIfNotExists: VMs need a JIT policy (RG-level related resource) listing them. */
export const AUDIT_JIT = {
  name: 'audit-jit',
  properties: {
    mode: 'Indexed',
    version: '1.0.0',
    parameters: { effect: { type: 'String', allowedValues: ['AuditIfNotExists', 'Disabled'], defaultValue: 'AuditIfNotExists' } },
    policyRule: {
      if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
      then: {
        effect: "[parameters('effect')]",
        details: {
          type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
          existenceCondition: {
            count: { field: 'Microsoft.Security/locations/jitNetworkAccessPolicies/virtualMachines[*]', where: { field: 'Microsoft.Security/locations/jitNetworkAccessPolicies/virtualMachines[*].id', equals: "[field('id')]" } },
            greater: 0,
          },
        },
      },
    },
  },
};

/** A JIT policy of a resource group listing VMs. */
export function jit(rgId: string, vmIds: string[], name = 'default'): Record<string, unknown> {
  return { id: `${rgId}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/${name}`, name, type: 'Microsoft.Security/locations/jitNetworkAccessPolicies', location: 'westeurope', properties: { virtualMachines: vmIds.map((id) => ({ id, ports: [] })) } };
}

/** An initiative of the two definitions above plus JIT, with groups and an expression-valued member parameter. */
export const GUARD_INITIATIVE = {
  name: 'guard',
  properties: {
    displayName: 'Guard initiative',
    version: '2.0.0',
    parameters: {
      storageEffect: { type: 'String', allowedValues: ['Audit', 'Deny', 'Disabled'], defaultValue: 'Audit' },
      resourceTypeList: { type: 'Array', defaultValue: ['microsoft.storage/storageaccounts'] },
    },
    policyDefinitionGroups: [{ name: 'data' }, { name: 'network' }],
    policyDefinitions: [
      {
        policyDefinitionReferenceId: 'publicStorage',
        policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/deny-public-storage',
        parameters: { effect: { value: "[if(contains(parameters('resourceTypeList'), 'microsoft.storage/storageaccounts'), parameters('storageEffect'), 'Disabled')]" } },
        groupNames: ['data'],
      },
      { policyDefinitionReferenceId: 'eastus', policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/audit-eastus', groupNames: ['network'] },
      { policyDefinitionReferenceId: 'jit', policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/audit-jit', groupNames: ['network'] },
    ],
  },
};

/** A resolver over documents, with `file` names for messages. */
export function resolverOf(...docs: unknown[]): PolicyResolver {
  return filePolicyResolver(docs.map((json, i) => ({ file: `doc${i}.json`, json })));
}

/** AssessResources from plain resources. */
export function items(resources: Record<string, unknown>[]): AssessResource[] {
  return resources.map((resource, index) => ({ resource, index }));
}

/** An assignment in the az CLI's flattened shape. */
export function assignmentJson(scope: string, name: string, definitionId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`, name, type: 'Microsoft.Authorization/policyAssignments', policyDefinitionId: definitionId, ...extra };
}

export const INITIATIVE_ID = '/providers/Microsoft.Authorization/policySetDefinitions/guard';
export const DENY_ID = '/providers/Microsoft.Authorization/policyDefinitions/deny-public-storage';

/** Plans and runs assignments (JSON) over resources with the test definitions. */
export function assess(assignments: unknown, resources: Record<string, unknown>[], extra: Omit<Partial<AssessPlanOptions>, 'exemptions'> & { exemptions?: unknown } = {}, resolver = resolverOf(DENY_PUBLIC_STORAGE, AUDIT_EASTUS, AUDIT_JIT, GUARD_INITIATIVE)): ScanReport {
  const { exemptions, ...rest } = extra;
  const plan = buildAssessPlan({
    resolver,
    assignments: parseAssignments(assignments, 'assignments.json'),
    ...(exemptions !== undefined ? { exemptions: parseExemptions(exemptions, 'exemptions.json') } : {}),
    now: new Date('2026-06-01T00:00:00Z'),
    ...rest,
  });
  return runAssessmentSync(items(resources), plan);
}
