/**
 * Resource groups, managed identities, role assignments and definitions, and Azure Policy resources (definitions,
 * set definitions, assignments, exemptions, remediations) as azurerm v4.55.0 sends them.
 */
import { ArmValue, Field, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { LIMITS, UNKNOWN, dict, isUnknown, put } from '../values';
import { identity, obj, rgId } from './common';

/** A JSON string argument (`pluginsdk.ExpandJsonFromString`): the parsed value; UNKNOWN when not parseable. */
export function jsonString(v: ArmValue, ctx: FieldContext): ArmValue {
  if (typeof v !== 'string') return UNKNOWN;
  try {
    return fromJson(JSON.parse(v), 0);
  } catch {
    ctx.note(`a JSON argument does not parse (${v.length > 60 ? v.slice(0, 57) + '...' : v}): its value is treated as unknown`);
    return UNKNOWN;
  }
}

function fromJson(v: unknown, depth: number): ArmValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (depth > LIMITS.maxDepth) return UNKNOWN;
  if (Array.isArray(v)) return v.map((e) => fromJson(e, depth + 1));
  const out = dict<ArmValue>();
  for (const k of Object.keys(v as object)) put(out, k, fromJson((v as Record<string, unknown>)[k], depth + 1));
  return out;
}

export const resourceGroup: ResourceMapping = {
  terraformType: 'azurerm_resource_group',
  armType: 'Microsoft.Resources/resourceGroups',
  apiVersion: '2023-07-01',
  source: 'internal/services/resource/resource_group_resource.go (resourceResourceGroupCreateUpdate)',
  id: '/subscriptions/{subscription}/resourceGroups/{name}',
  fields: [{ to: 'managedBy', arg: 'managed_by', omitEmpty: true }],
};

export const userAssignedIdentity: ResourceMapping = {
  terraformType: 'azurerm_user_assigned_identity',
  armType: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  apiVersion: '2024-11-30',
  source: 'internal/services/managedidentity/user_assigned_identity_resource.go (Create)',
  id: rgId('Microsoft.ManagedIdentity/userAssignedIdentities'),
  fields: [{ to: 'properties', value: {} }],
};

export const roleAssignment: ResourceMapping = {
  terraformType: 'azurerm_role_assignment',
  armType: 'Microsoft.Authorization/roleAssignments',
  apiVersion: '2022-04-01',
  source: 'internal/services/authorization/role_assignment_resource.go (resourceArmRoleAssignmentCreate)',
  // Without `name`, azurerm generates a UUID at apply time.
  id: '{scope:id}/providers/Microsoft.Authorization/roleAssignments/{name}',
  location: false,
  tags: false,
  fields: [
    {
      // role_definition_name is looked up at apply time (the role's id at the scope).
      to: 'properties.roleDefinitionId',
      reads: ['role_definition_id', 'role_definition_name'],
      compute: (ctx) => ctx.get('role_definition_id') ?? (ctx.has('role_definition_name') ? UNKNOWN : ''),
    },
    { to: 'properties.principalId', arg: 'principal_id', required: true, default: '' },
    { to: 'properties.description', arg: 'description', default: '' },
    { to: 'properties.delegatedManagedIdentityResourceId', arg: 'delegated_managed_identity_resource_id', omitEmpty: true },
    { to: 'properties.condition', arg: 'condition', omitEmpty: true },
    {
      to: 'properties.conditionVersion',
      reads: ['condition_version'],
      compute: (ctx) => {
        const c = ctx.get('condition');
        if (c === undefined || c === '') return OMIT;
        const v = ctx.get('condition_version');
        return v === undefined || v === '' ? '2.0' : v;
      },
    },
    {
      to: 'properties.principalType',
      reads: ['principal_type', 'skip_service_principal_aad_check'],
      compute: (ctx) => {
        const t = ctx.get('principal_type');
        if (t !== undefined && t !== '') return t;
        const skip = ctx.get('skip_service_principal_aad_check', 'bool');
        return skip === true ? 'ServicePrincipal' : isUnknown(skip) ? UNKNOWN : OMIT;
      },
    },
  ],
};

export const roleDefinition: ResourceMapping = {
  terraformType: 'azurerm_role_definition',
  armType: 'Microsoft.Authorization/roleDefinitions',
  apiVersion: '2022-05-01-preview',
  source: 'internal/services/authorization/role_definition_resource.go (Create, expandRoleDefinitionPermissions, expandRoleDefinitionAssignableScopes)',
  // Without role_definition_id, azurerm generates a UUID at apply time.
  id: '{scope:id}/providers/Microsoft.Authorization/roleDefinitions/{role_definition_id}',
  name: (ctx) => ctx.get('role_definition_id') ?? UNKNOWN,
  location: false,
  tags: false,
  fields: [
    { to: 'properties.roleName', arg: 'name', required: true, default: '' },
    { to: 'properties.description', arg: 'description', default: '' },
    { to: 'properties.type', value: 'CustomRole' },
    {
      to: 'properties.permissions',
      arg: 'permissions',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'actions', arg: 'actions', type: 'strings', default: [] },
          { to: 'dataActions', arg: 'data_actions', type: 'strings', default: [] },
          { to: 'notActions', arg: 'not_actions', type: 'strings', default: [] },
          { to: 'notDataActions', arg: 'not_data_actions', type: 'strings', default: [] },
        ],
      },
    },
    {
      to: 'properties.assignableScopes',
      reads: ['assignable_scopes', 'scope'],
      compute: (ctx) => {
        const s = ctx.get('assignable_scopes', 'strings');
        if (Array.isArray(s) && s.length > 0) return s;
        if (isUnknown(s)) return UNKNOWN;
        return [ctx.get('scope') ?? UNKNOWN];
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Azure Policy

const POLICY_S = 'internal/services/policy/';

export const policyDefinition: ResourceMapping = {
  terraformType: 'azurerm_policy_definition',
  armType: 'Microsoft.Authorization/policyDefinitions',
  apiVersion: '2021-06-01',
  source: `${POLICY_S}policy_definition_resource.go (resourceArmPolicyDefinitionCreateUpdate; azure-sdk-for-go resources/mgmt/2021-06-01-preview/policy, whose definitions client sends 2021-06-01)`,
  id: ['{management_group_id:id}/providers/Microsoft.Authorization/policyDefinitions/{name}', '/subscriptions/{subscription}/providers/Microsoft.Authorization/policyDefinitions/{name}'],
  location: false,
  tags: false,
  fields: [
    { to: 'properties.policyType', arg: 'policy_type', required: true, default: '' },
    { to: 'properties.mode', arg: 'mode', required: true, default: '' },
    { to: 'properties.displayName', arg: 'display_name', required: true, default: '' },
    { to: 'properties.description', arg: 'description', default: '' },
    { to: 'properties.policyRule', arg: 'policy_rule', omitEmpty: true, map: jsonString },
    { to: 'properties.metadata', arg: 'metadata', omitEmpty: true, map: jsonString },
    { to: 'properties.parameters', arg: 'parameters', omitEmpty: true, map: jsonString },
  ],
};

const definitionReference: Field = {
  to: 'properties.policyDefinitions',
  arg: 'policy_definition_reference',
  required: true,
  block: {
    list: true,
    fields: [
      { to: 'policyDefinitionId', arg: 'policy_definition_id', default: '' },
      { to: 'parameters', arg: 'parameter_values', omitEmpty: true, map: jsonString },
      { to: 'policyDefinitionReferenceId', arg: 'reference_id', default: '' },
      // pointer.To of a nil slice marshals as null.
      { to: 'groupNames', arg: 'policy_group_names', type: 'strings', default: null },
      { to: 'definitionVersion', arg: 'version', omitEmpty: true },
    ],
  },
};

const definitionGroups: Field = {
  to: 'properties.policyDefinitionGroups',
  arg: 'policy_definition_group',
  block: {
    list: true,
    fields: [
      { to: 'name', arg: 'name' },
      { to: 'displayName', arg: 'display_name', omitEmpty: true },
      { to: 'category', arg: 'category', omitEmpty: true },
      { to: 'description', arg: 'description', omitEmpty: true },
      { to: 'additionalMetadataId', arg: 'additional_metadata_resource_id', omitEmpty: true },
    ],
  },
};

function policySetDefinition(terraformType: string, file: string, id: string | string[]): ResourceMapping {
  return {
    terraformType,
    armType: 'Microsoft.Authorization/policySetDefinitions',
    apiVersion: '2025-01-01',
    source: `${POLICY_S}${file}`,
    id,
    location: false,
    tags: false,
    fields: [
      { to: 'properties.description', arg: 'description', default: '' },
      { to: 'properties.displayName', arg: 'display_name', required: true, default: '' },
      { to: 'properties.policyType', arg: 'policy_type', required: true, default: '' },
      { to: 'properties.metadata', arg: 'metadata', omitEmpty: true, map: jsonString },
      { to: 'properties.parameters', arg: 'parameters', omitEmpty: true, map: jsonString },
      definitionReference,
      definitionGroups,
    ],
  };
}

export const policySetDefinitionSub = policySetDefinition('azurerm_policy_set_definition', 'policy_set_definition_resource.go (Create, expandPolicyDefinitionReference)', [
  '{management_group_id:id}/providers/Microsoft.Authorization/policySetDefinitions/{name}',
  '/subscriptions/{subscription}/providers/Microsoft.Authorization/policySetDefinitions/{name}',
]);
export const policySetDefinitionMg = policySetDefinition('azurerm_management_group_policy_set_definition', 'management_group_policy_set_definition_resource.go', '{management_group_id:id}/providers/Microsoft.Authorization/policySetDefinitions/{name}');

/** assignmentBaseResource.createFunc (assignment_resource_base.go): one body for the four assignment scopes. */
function policyAssignment(terraformType: string, scopeArg: string, file: string): ResourceMapping {
  return {
    terraformType,
    armType: 'Microsoft.Authorization/policyAssignments',
    apiVersion: '2022-06-01',
    source: `${POLICY_S}${file}, assignment_resource_base.go (createFunc)`,
    id: `{${scopeArg}:id}/providers/Microsoft.Authorization/policyAssignments/{name}`,
    location: false,
    tags: false,
    fields: [
      { to: 'properties.policyDefinitionId', arg: 'policy_definition_id', required: true, default: '' },
      { to: 'properties.displayName', arg: 'display_name', default: '' },
      { to: 'properties.scope', arg: scopeArg, required: true, default: '' },
      { to: 'properties.enforcementMode', arg: 'enforce', type: 'bool', default: 'Default', map: (v) => (v ? 'Default' : 'DoNotEnforce') },
      { to: 'properties.description', arg: 'description', omitEmpty: true },
      { to: 'location', arg: 'location', omitEmpty: true, map: (v) => (typeof v === 'string' ? v.toLowerCase().replace(/ /g, '') : v) },
      identity('systemOrUserMap', 'omit'),
      { to: 'properties.parameters', arg: 'parameters', omitEmpty: true, map: jsonString },
      { to: 'properties.metadata', arg: 'metadata', omitEmpty: true, map: jsonString },
      { to: 'properties.notScopes', arg: 'not_scopes', type: 'strings', omitEmpty: true },
      {
        to: 'properties.nonComplianceMessages',
        arg: 'non_compliance_message',
        block: { list: true, fields: [{ to: 'message', arg: 'content' }, { to: 'policyDefinitionReferenceId', arg: 'policy_definition_reference_id', omitEmpty: true }] },
      },
    ],
    otherArgs: ['overrides', 'resource_selectors'],
    notes: [],
  };
}

export const mgPolicyAssignment = policyAssignment('azurerm_management_group_policy_assignment', 'management_group_id', 'management_group_policy_assignment_resource.go');
export const subPolicyAssignment = policyAssignment('azurerm_subscription_policy_assignment', 'subscription_id', 'subscription_policy_assignment_resource.go');
export const rgPolicyAssignment = policyAssignment('azurerm_resource_group_policy_assignment', 'resource_group_id', 'resource_group_policy_assignment_resource.go');
export const resourcePolicyAssignment = policyAssignment('azurerm_resource_policy_assignment', 'resource_id', 'resource_policy_assignment_resource.go');

/** Exemptions (azure-sdk-for-go policy 2021-06-01-preview), one body for the four scopes. */
function policyExemption(terraformType: string, scopeArg: string, file: string): ResourceMapping {
  return {
    terraformType,
    armType: 'Microsoft.Authorization/policyExemptions',
    apiVersion: '2020-07-01-preview',
    source: `${POLICY_S}${file} (Create)`,
    id: `{${scopeArg}:id}/providers/Microsoft.Authorization/policyExemptions/{name}`,
    location: false,
    tags: false,
    fields: [
      { to: 'properties.policyAssignmentId', arg: 'policy_assignment_id', required: true, default: '' },
      { to: 'properties.policyDefinitionReferenceIds', arg: 'policy_definition_reference_ids', type: 'strings', default: [] },
      { to: 'properties.exemptionCategory', arg: 'exemption_category', required: true, default: '' },
      { to: 'properties.displayName', arg: 'display_name', omitEmpty: true },
      { to: 'properties.description', arg: 'description', omitEmpty: true },
      { to: 'properties.expiresOn', arg: 'expires_on', omitEmpty: true },
      { to: 'properties.metadata', arg: 'metadata', omitEmpty: true, map: jsonString },
    ],
  };
}

export const mgPolicyExemption = policyExemption('azurerm_management_group_policy_exemption', 'management_group_id', 'management_group_policy_exemption_resource.go');
export const subPolicyExemption = policyExemption('azurerm_subscription_policy_exemption', 'subscription_id', 'subscription_policy_exemption_resource.go');
export const rgPolicyExemption = policyExemption('azurerm_resource_group_policy_exemption', 'resource_group_id', 'resource_group_policy_exemption_resource.go');
export const resourcePolicyExemption = policyExemption('azurerm_resource_policy_exemption', 'resource_id', 'resource_policy_exemption_resource.go');

/** Remediations (policyinsights 2021-10-01, readRemediationProperties). */
function policyRemediation(terraformType: string, scopeArg: string, file: string, discoveryMode: boolean): ResourceMapping {
  return {
    terraformType,
    armType: 'Microsoft.PolicyInsights/remediations',
    apiVersion: '2021-10-01',
    source: `${POLICY_S}${file}, resource_policy_remediation_resource.go (readRemediationProperties)`,
    id: `{${scopeArg}:id}/providers/Microsoft.PolicyInsights/remediations/{name}`,
    location: false,
    tags: false,
    fields: [
      { to: 'properties.filters.locations', arg: 'location_filters', type: 'strings', default: [] },
      { to: 'properties.policyAssignmentId', arg: 'policy_assignment_id', required: true, default: '' },
      { to: 'properties.policyDefinitionReferenceId', arg: 'policy_definition_reference_id', default: '' },
      ...(discoveryMode ? [{ to: 'properties.resourceDiscoveryMode', arg: 'resource_discovery_mode', default: 'ExistingNonCompliant' } as Field] : []),
      { to: 'properties.failureThreshold.percentage', arg: 'failure_percentage', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
      { to: 'properties.parallelDeployments', arg: 'parallel_deployments', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
      { to: 'properties.resourceCount', arg: 'resource_count', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    ],
  };
}

export const mgPolicyRemediation = policyRemediation('azurerm_management_group_policy_remediation', 'management_group_id', 'management_group_policy_remediation_resource.go', false);
export const subPolicyRemediation = policyRemediation('azurerm_subscription_policy_remediation', 'subscription_id', 'subscription_policy_remediation_resource.go', true);
export const rgPolicyRemediation = policyRemediation('azurerm_resource_group_policy_remediation', 'resource_group_id', 'resource_group_policy_remediation_resource.go', true);
export const resourcePolicyRemediation = policyRemediation('azurerm_resource_policy_remediation', 'resource_id', 'resource_policy_remediation_resource.go', true);

export const GOVERNANCE_MAPPINGS: readonly ResourceMapping[] = [
  resourceGroup,
  userAssignedIdentity,
  roleAssignment,
  roleDefinition,
  policyDefinition,
  policySetDefinitionSub,
  policySetDefinitionMg,
  mgPolicyAssignment,
  subPolicyAssignment,
  rgPolicyAssignment,
  resourcePolicyAssignment,
  mgPolicyExemption,
  subPolicyExemption,
  rgPolicyExemption,
  resourcePolicyExemption,
  mgPolicyRemediation,
  subPolicyRemediation,
  rgPolicyRemediation,
  resourcePolicyRemediation,
];

export { obj };
