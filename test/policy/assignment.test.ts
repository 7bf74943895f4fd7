import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  KitBuiltinPolicy, KitPolicyAssignment, KitPolicyAssignmentProps, KitPolicyDefinition, KitPolicyInitiative, KitPolicyScope,
  kitDeterministicGuid,
} from '../../lib/policy';
import { annotationIds, warnings } from '../helpers/annotations';
import { remediatedMembers, remediationsOf } from '../helpers/remediation';
import { synth, testStack } from '../helpers/synth';
import { codeToken } from '../helpers/tokens';

const FIXTURES = path.join(__dirname, 'fixtures', 'policies');
const BUILTINS = path.join(__dirname, 'fixtures', 'builtin-refs.json');
const MG = '/providers/Microsoft.Management/managementGroups/contoso-platform';
const SUB_GUID = '11111111-1111-1111-1111-111111111111';
const SUB = `/subscriptions/${SUB_GUID}`;
const WORKSPACE = '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/siem/providers/Microsoft.OperationalInsights/workspaces/central';
const EH_NAMESPACE = '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/siem/providers/Microsoft.EventHub/namespaces/siem-eh';
const NOW = () => new Date('2026-06-01T00:00:00Z');

const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const LA_CONTRIBUTOR = '92aaf0da-9dab-42b6-94a3-d43ce8d16293';
const MONITORING_CONTRIBUTOR = '749f88d5-cbae-40b8-bcfc-e573ddc772fa';

type Partial = Omit<KitPolicyAssignmentProps, 'policy' | 'scope'>;

/** Remediation of a management group assignment in one subscription under it (the others take their scope's). */
const MG_REMEDIATION = { subscriptionIds: [SUB_GUID] };

function baseline(stack: Construct, props: Partial = {}, scope: string | KitPolicyScope = MG): KitPolicyAssignment {
  const initiative = KitPolicyInitiative.fromFile(stack, 'Baseline', 'baseline', {
    scope: MG, policiesFolder: FIXTURES, builtinRefsFile: BUILTINS,
  });
  return new KitPolicyAssignment(stack, 'Assign', {
    policy: initiative, scope, location: 'westeurope', parameters: { workspaceId: WORKSPACE }, clock: NOW,
    remediation: scope === MG ? MG_REMEDIATION : undefined, ...props,
  });
}

function denyPorts(stack: Construct, props: Partial = {}, scope: string | KitPolicyScope = MG): KitPolicyAssignment {
  const def = KitPolicyDefinition.fromFile(stack, 'Deny', 'deny-ports', { scope: MG, policiesFolder: FIXTURES });
  return new KitPolicyAssignment(stack, 'Assign', { policy: def, scope, clock: NOW, ...props });
}

describe('KitPolicyAssignment: assignment resource', () => {
  test('management group assignment of an initiative: parameters JSON, identity, location, enforcement', () => {
    const out = synth((stack) => { baseline(stack, { parameters: { workspaceId: WORKSPACE, denyEffect: 'Audit' } }); });
    const a = out.only('azurerm_management_group_policy_assignment');
    expect(a.name).toBe('baseline');
    expect(a.management_group_id).toBe(MG);
    expect(a.policy_definition_id).toMatch(/^\$\{azurerm_policy_set_definition\..+\.id\}$/);
    expect(a.display_name).toBe('Fixture: baseline');
    expect(JSON.parse(a.parameters as string)).toEqual({ workspaceId: { value: WORKSPACE }, denyEffect: { value: 'Audit' } });
    expect(a.identity).toEqual({ type: 'SystemAssigned' });
    expect(a.location).toBe('westeurope');
    expect(a.enforce).toBe(true);
    expect(a.not_scopes).toBeUndefined();
    expect(out.count('azurerm_subscription_policy_assignment')).toBe(0);
  });

  test('subscription assignment of a deny definition: no identity, no roles, no remediation', () => {
    const out = synth((stack) => { denyPorts(stack, { enforcementMode: 'DoNotEnforce' }, SUB); });
    const a = out.only('azurerm_subscription_policy_assignment');
    expect(a.subscription_id).toBe(SUB);
    expect(a.name).toBe('deny-ports');
    expect(a.identity).toBeUndefined();
    expect(a.location).toBeUndefined();
    expect(a.parameters).toBeUndefined();
    expect(a.enforce).toBe(false);
    expect(out.count('azurerm_role_assignment')).toBe(0);
    expect(out.count('azurerm_subscription_policy_remediation')).toBe(0);
    expect(remediationsOf(out)).toEqual([]);
  });

  test('a long policy name is shortened to 24 characters at a management group, stably', () => {
    const { stack } = testStack();
    const def = KitPolicyDefinition.fromFile(stack, 'D', 'deploy-thing', { scope: MG, policiesFolder: FIXTURES });
    const builtin = KitBuiltinPolicy.fromId(stack, '11111111-2222-3333-4444-555555555555', BUILTINS);
    const a = new KitPolicyAssignment(stack, 'A', { policy: builtin, scope: MG, location: 'westeurope' });
    const b = new KitPolicyAssignment(stack, 'B', { policy: def, scope: SUB, location: 'westeurope', parameters: { workspaceId: WORKSPACE } });
    expect(a.assignmentName).toMatch(/^11111111-2222-333-[0-9a-f]{6}$/);
    expect(a.assignmentName).toHaveLength(24);
    expect(b.assignmentName).toBe('deploy-thing');
  });

  test('non-compliance messages: default and per member reference id', () => {
    const out = synth((stack) => {
      baseline(stack, { nonComplianceMessage: 'Blocked by the platform baseline', nonComplianceMessages: { denyports: 'Use Bastion or JIT' } });
    });
    expect(out.only('azurerm_management_group_policy_assignment').non_compliance_message).toEqual([
      { content: 'Blocked by the platform baseline' },
      { content: 'Use Bastion or JIT', policy_definition_reference_id: 'denyPorts' },
    ]);
  });

  test('not_scopes are passed through', () => {
    const sandbox = '/providers/Microsoft.Management/managementGroups/sandbox';
    const rg = `${SUB}/resourceGroups/legacy`;
    const out = synth((stack) => { denyPorts(stack, { notScopes: [sandbox, rg] }); });
    expect(out.only('azurerm_management_group_policy_assignment').not_scopes).toEqual([sandbox, rg]);
  });
});

describe('KitPolicyAssignment: identity, role assignments and remediation', () => {
  test('every role of every member, de-duplicated, at the assignment scope, as ServicePrincipal', () => {
    const out = synth((stack) => { baseline(stack); });
    const roles = out.list('azurerm_role_assignment');
    const assignment = Object.keys(out.resources('azurerm_management_group_policy_assignment'))[0];
    expect(roles.map((r) => r.role_definition_id).sort()).toEqual([
      `/providers/Microsoft.Authorization/roleDefinitions/${MONITORING_CONTRIBUTOR}`,
      `/providers/Microsoft.Authorization/roleDefinitions/${LA_CONTRIBUTOR}`,
      `/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`,
    ].sort());
    for (const r of roles) {
      expect(r.scope).toBe(MG);
      expect(r.principal_type).toBe('ServicePrincipal');
      expect(r.principal_id).toBe(`\${azurerm_management_group_policy_assignment.${assignment}.identity[0].principal_id}`);
      expect(r.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.depends_on).toBeUndefined();
    }
  });

  test('role assignment names are deterministic: equal across synths, different per scope and role', () => {
    const one = synth((stack) => { baseline(stack, { additionalRoleAssignmentScopes: [WORKSPACE] }); });
    const two = synth((stack) => { baseline(stack, { additionalRoleAssignmentScopes: [WORKSPACE] }); });
    const names = (s: typeof one) => s.list('azurerm_role_assignment').map((r) => `${r.scope}|${r.role_definition_id}|${r.name}`).sort();
    expect(names(one)).toEqual(names(two));
    const guids = one.list('azurerm_role_assignment').map((r) => r.name);
    expect(new Set(guids).size).toBe(6);
    const other = synth((stack) => { baseline(stack, { assignmentName: 'baseline2', additionalRoleAssignmentScopes: [WORKSPACE] }); });
    for (const g of other.list('azurerm_role_assignment').map((r) => r.name)) expect(guids).not.toContain(g);
    expect(kitDeterministicGuid('a')).toBe(kitDeterministicGuid('a'));
    expect(kitDeterministicGuid('a')).not.toBe(kitDeterministicGuid('b'));
  });

  test('extra scopes get every role too, with subscription-scoped role ids', () => {
    const out = synth((stack) => { baseline(stack, { additionalRoleAssignmentScopes: [WORKSPACE, EH_NAMESPACE, WORKSPACE.toUpperCase()] }); });
    const roles = out.list('azurerm_role_assignment');
    expect(roles).toHaveLength(9);
    const at = (scope: string) => roles.filter((r) => r.scope === scope).map((r) => r.role_definition_id).sort();
    const scoped = (g: string) => `/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.Authorization/roleDefinitions/${g}`;
    expect(at(WORKSPACE)).toEqual([scoped(CONTRIBUTOR), scoped(MONITORING_CONTRIBUTOR), scoped(LA_CONTRIBUTOR)].sort());
    expect(at(EH_NAMESPACE)).toEqual(at(WORKSPACE));
    expect(at(MG)).toHaveLength(3);
  });

  test('at a subscription the role ids carry the subscription', () => {
    const out = synth((stack) => { baseline(stack, {}, SUB); });
    for (const r of out.list('azurerm_role_assignment')) {
      expect(r.scope).toBe(SUB);
      expect(r.role_definition_id).toMatch(new RegExp(`^/subscriptions/${SUB_GUID}/providers/Microsoft.Authorization/roleDefinitions/`));
    }
  });

  test('one remediation per deployIfNotExists/modify member, in one deployment that waits for every role assignment', () => {
    const out = synth((stack) => { baseline(stack); });
    const assignment = Object.keys(out.resources('azurerm_management_group_policy_assignment'))[0];
    expect(remediatedMembers(out)).toEqual(['builtinDine', 'deployThing', 'modifyTags']);
    const deployment = out.only('azurerm_subscription_template_deployment');
    const roleRefs = Object.keys(out.resources('azurerm_role_assignment')).map((k) => `azurerm_role_assignment.${k}`).sort();
    expect((deployment.depends_on as string[]).slice().sort()).toEqual(roleRefs);
    expect(deployment.location).toBe('westeurope');
    expect(JSON.parse(String(deployment.parameters_content))).toEqual({
      policyAssignmentId: { value: `\${azurerm_management_group_policy_assignment.${assignment}.id}` },
    });
    for (const r of remediationsOf(out)) {
      expect(r.subscriptionId).toBe(SUB_GUID);
      expect(r.properties.policyAssignmentId).toBe("[parameters('policyAssignmentId')]");
      expect(r.name).toMatch(new RegExp(`^baseline-${String(r.properties.policyDefinitionReferenceId).toLowerCase()}-[0-9a-f]{8}$`));
    }
    // No azurerm remediation resource: Azure deletes tasks after 60 days and azurerm would plan to recreate them.
    for (const type of ['management_group', 'subscription', 'resource_group']) expect(out.count(`azurerm_${type}_policy_remediation`)).toBe(0);
  });

  test('members whose effect resolves to Disabled/Audit get no remediation and give the identity no roles (issue 11 item 8)', () => {
    const out = synth((stack) => {
      baseline(stack, { parameters: { workspaceId: WORKSPACE, deployEffect: 'AuditIfNotExists', builtinEffect: 'Disabled' } });
    });
    expect(remediatedMembers(out)).toEqual(['modifyTags']);
    // Only modifyTags deploys: Contributor (its role); not Log Analytics Contributor (deployThing) or Monitoring Contributor (builtinDine).
    expect(out.list('azurerm_role_assignment').map((r) => String(r.role_definition_id).replace(/.*\//, ''))).toEqual([CONTRIBUTOR]);
  });

  test('no member deploys with the assigned values: no identity, no roles, no location needed (issue 11 item 8)', () => {
    const out = synth((stack) => {
      baseline(stack, {
        location: undefined, parameters: { workspaceId: WORKSPACE, deployEffect: 'AuditIfNotExists', builtinEffect: 'Disabled' },
        overrides: [{ value: 'Disabled', selectors: [{ in: ['modifyTags'] }] }],
      });
    });
    expect(out.only('azurerm_management_group_policy_assignment').identity).toBeUndefined();
    expect(out.count('azurerm_role_assignment')).toBe(0);
    expect(remediationsOf(out)).toEqual([]);
  });

  test('linked scopes get only the roles named for them; onlyHere keeps a role off the assignment scope (issue 11 item 8)', () => {
    const NAMESPACE = `${SUB}/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/evhns`;
    const DATA_OWNER = 'f526a384-b230-433a-b45c-95f59c4a2dec';
    const out = synth((stack) => {
      baseline(stack, { additionalRoleAssignmentScopes: [WORKSPACE, { scope: NAMESPACE, roleDefinitionGuids: [DATA_OWNER, CONTRIBUTOR], onlyHere: true }] });
    });
    const grants = out.list('azurerm_role_assignment').map((r) => `${r.scope} ${String(r.role_definition_id).replace(/.*\//, '')}`).sort();
    expect(grants).toEqual([
      `${MG} ${LA_CONTRIBUTOR}`, `${MG} ${MONITORING_CONTRIBUTOR}`,   // Contributor only where onlyHere puts it
      `${NAMESPACE} ${CONTRIBUTOR}`, `${NAMESPACE} ${DATA_OWNER}`,
      `${WORKSPACE} ${CONTRIBUTOR}`, `${WORKSPACE} ${LA_CONTRIBUTOR}`, `${WORKSPACE} ${MONITORING_CONTRIBUTOR}`,
    ].sort());
  });

  test('a lone deployIfNotExists definition at a subscription: one remediation without reference id, ReEvaluateCompliance', () => {
    const out = synth((stack) => {
      const def = KitPolicyDefinition.fromFile(stack, 'D', 'deploy-thing', { scope: MG, policiesFolder: FIXTURES });
      new KitPolicyAssignment(stack, 'A', {
        policy: def, scope: SUB, location: 'westeurope', parameters: { workspaceId: WORKSPACE },
        remediation: { locationFilters: ['westeurope'], parallelDeployments: 5, resourceCount: 1000, failurePercentage: 0.5 },
      });
    });
    const [r, ...more] = remediationsOf(out);
    expect(more).toEqual([]);
    expect(r.subscriptionId).toBe(SUB_GUID);
    expect(r.resourceGroup).toBeUndefined();
    expect(r.properties).toEqual({
      policyAssignmentId: "[parameters('policyAssignmentId')]",
      resourceDiscoveryMode: 'ReEvaluateCompliance',
      filters: { locations: ['westeurope'] },
      parallelDeployments: 5,
      resourceCount: 1000,
      failureThreshold: { percentage: 0.5 },
    });
    expect(out.count('azurerm_role_assignment')).toBe(2);
  });

  test('a lone definition whose effect parameter is set to AuditIfNotExists gets no remediation', () => {
    const out = synth((stack) => {
      const def = KitPolicyDefinition.fromFile(stack, 'D', 'deploy-thing', { scope: MG, policiesFolder: FIXTURES });
      new KitPolicyAssignment(stack, 'A', {
        policy: def, scope: SUB, location: 'westeurope', parameters: { workspaceId: WORKSPACE, effect: 'AuditIfNotExists' },
      });
    });
    expect(remediationsOf(out)).toEqual([]);
    expect(out.count('azurerm_subscription_template_deployment')).toBe(0);
    // Nothing deploys with these values: no identity and no roles (issue 11 item 8).
    expect(out.only('azurerm_subscription_policy_assignment').identity).toBeUndefined();
    expect(out.count('azurerm_role_assignment')).toBe(0);
  });

  test('remediation can be switched off', () => {
    const out = synth((stack) => { baseline(stack, { remediation: { enabled: false } }); });
    expect(out.count('azurerm_subscription_template_deployment')).toBe(0);
    expect(out.count('azurerm_role_assignment')).toBe(3);
  });

  describe('management group remediation (issue 11 item 4)', () => {
    const OTHER = '44444444-4444-4444-4444-444444444444';
    const EXCLUDED = '55555555-5555-5555-5555-555555555555';

    test('each listed subscription gets subscription-scope tasks that re-evaluate compliance first; excluded ones none', () => {
      const out = synth((stack) => {
        baseline(stack, { notScopes: [`/subscriptions/${EXCLUDED}`], remediation: { subscriptionIds: [SUB_GUID, OTHER, EXCLUDED] } });
      });
      const tasks = remediationsOf(out);
      expect([...new Set(tasks.map((t) => t.subscriptionId))]).toEqual([SUB_GUID, OTHER]);
      expect(tasks).toHaveLength(6);
      for (const t of tasks) expect(t.properties.resourceDiscoveryMode).toBe('ReEvaluateCompliance');
      // A deployment per subscription (adding one leaves the others' tasks alone: Azure refuses to change a running
      // task), each with one nested deployment to it in the assignment's region; task names are unique per subscription.
      const deployments = out.resources('azurerm_subscription_template_deployment');
      expect(Object.keys(deployments).map((k) => k.replace(/_[0-9A-F]+$/, '')).sort()).toEqual([`Assign_Remediation-${OTHER}`, `Assign_Remediation-${SUB_GUID}`].sort());
      const nested = Object.values(deployments).map((d) => JSON.parse(String(d.template_content)).resources as { subscriptionId: string; location: string }[]);
      for (const resources of nested) expect(resources).toHaveLength(1);
      expect(nested.map((r) => [r[0].subscriptionId, r[0].location]).sort()).toEqual([[SUB_GUID, 'westeurope'], [OTHER, 'westeurope']].sort());
      expect(new Set(Object.values(deployments).map((d) => d.name)).size).toBe(2);
      expect(new Set(tasks.map((t) => `${t.subscriptionId}/${t.name}`)).size).toBe(6);
    });

    test('without subscriptionIds a management group assignment creates no task and says why', () => {
      const { stack } = testStack();
      const a = baseline(stack, { remediation: {} });
      expect(a.remediationTasks).toEqual([]);
      expect(a.remediationDeployments).toEqual([]);
      expect(annotationIds(a)).toEqual(['guardrails:policy:management-group-remediation-needs-subscriptions']);
      expect(warnings(a).join('\n')).toMatch(/re-evaluates compliance before remediating only at subscription scope and below/);
    });

    test('task names are stable across synths and change with their inputs, so a changed task runs again', () => {
      const names = (props: Partial) => remediationsOf(synth((stack) => { baseline(stack, props); })).map((r) => r.name);
      expect(names({})).toEqual(names({}));
      const filtered = names({ remediation: { subscriptionIds: [SUB_GUID], locationFilters: ['westeurope'] } });
      for (const n of filtered) expect(names({})).not.toContain(n);
    });

    test('bad subscription lists are refused, naming the entry', () => {
      const { stack } = testStack();
      expect(() => baseline(stack, { remediation: { subscriptionIds: ['not-a-guid'] } }))
        .toThrow(/invalid remediation\.subscriptionIds\[0\] "not-a-guid"/);
      expect(() => baseline(testStack().stack, { remediation: { subscriptionIds: [SUB_GUID, SUB_GUID.toUpperCase()] } }))
        .toThrow(/invalid remediation\.subscriptionIds\[1\] "11111111-1111-1111-1111-111111111111": is listed twice/);
      expect(() => baseline(testStack().stack, { remediation: { subscriptionIds: [] } }))
        .toThrow(/invalid remediation\.subscriptionIds \[\]: must list one or more subscription GUIDs/);
      expect(() => baseline(testStack().stack, { remediation: { subscriptionIds: [SUB_GUID] } }, SUB))
        .toThrow(/invalid remediation\.subscriptionIds .*only applies to a management group assignment/);
    });
  });

  test('user-assigned identity: identity_ids and its principal id on every role assignment', () => {
    const uai = `${SUB}/resourceGroups/identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/policy`;
    const out = synth((stack) => {
      baseline(stack, { identity: { type: 'UserAssigned', userAssignedIdentityId: uai, principalId: '33333333-3333-3333-3333-333333333333' } });
    });
    expect(out.only('azurerm_management_group_policy_assignment').identity).toEqual({ type: 'UserAssigned', identity_ids: [uai] });
    for (const r of out.list('azurerm_role_assignment')) expect(r.principal_id).toBe('33333333-3333-3333-3333-333333333333');
  });

  test('roleAssignments false: no role assignments, a warning naming the roles', () => {
    const { stack } = testStack();
    const a = baseline(stack, { roleAssignments: false });
    expect(warnings(a).join('\n')).toMatch(new RegExp(`roleAssignments is false: grant the assignment identity roles .*${CONTRIBUTOR}`));
    expect(annotationIds(a)).toEqual(['guardrails:policy:role-assignments-off']);
  });

  test('an unresolved effect value: identity and roles, no remediation, a warning', () => {
    const { stack } = testStack();
    const token = codeToken();
    const a = baseline(stack, { parameters: { workspaceId: WORKSPACE, deployEffect: token } });
    expect(a.deployingMembers.map((m) => m.referenceId)).toEqual(['builtinDine', 'modifyTags']);
    expect(warnings(a).join('\n')).toMatch(/the effect of deployThing depends on an unresolved value/);
    expect(annotationIds(a)).toEqual(['guardrails:policy:unresolved-member-effect']);
  });
});

describe('KitPolicyAssignment: exemptions', () => {
  test('exemptions at management group, subscription, resource group and resource scopes', () => {
    const rg = `${SUB}/resourceGroups/legacy`;
    const vm = `${rg}/providers/Microsoft.Compute/virtualMachines/old`;
    const out = synth((stack) => {
      baseline(stack, {
        exemptions: [
          { name: 'sandbox', scope: '/providers/Microsoft.Management/managementGroups/sandbox', category: 'Waiver', expiresOn: '2026-12-31', description: 'RISK-1' },
          { name: 'legacy-sub', scope: SUB, category: 'Mitigated', expiresOn: '2027-01-15T12:30:00Z', policyDefinitionReferenceIds: ['denyports'] },
          { name: 'legacy-rg', scope: rg, category: 'Waiver', expiresOn: '2026-07-01T00:00:00+02:00' },
          { name: 'old-vm', scope: vm, category: 'Mitigated', expiresOn: '2026-06-02', displayName: 'Old VM' },
        ],
      });
    });
    const assignment = `\${azurerm_management_group_policy_assignment.${Object.keys(out.resources('azurerm_management_group_policy_assignment'))[0]}.id}`;
    const mg = out.only('azurerm_management_group_policy_exemption');
    expect(mg).toMatchObject({
      name: 'sandbox', management_group_id: '/providers/Microsoft.Management/managementGroups/sandbox', exemption_category: 'Waiver',
      expires_on: '2026-12-31T00:00:00Z', description: 'RISK-1', policy_assignment_id: assignment, display_name: 'sandbox',
    });
    expect(mg.policy_definition_reference_ids).toBeUndefined();
    expect(out.only('azurerm_subscription_policy_exemption')).toMatchObject({
      subscription_id: SUB, exemption_category: 'Mitigated', expires_on: '2027-01-15T12:30:00Z', policy_definition_reference_ids: ['denyPorts'],
    });
    expect(out.only('azurerm_resource_group_policy_exemption')).toMatchObject({ resource_group_id: rg, expires_on: '2026-06-30T22:00:00Z' });
    expect(out.only('azurerm_resource_policy_exemption')).toMatchObject({ resource_id: vm, display_name: 'Old VM', expires_on: '2026-06-02T00:00:00Z' });
  });
});

describe('KitPolicyAssignment: resource group scope', () => {
  const RG = `${SUB}/resourceGroups/rg-app`;

  test('an azurerm_resource_group_policy_assignment with a name of up to 64 characters', () => {
    const out = synth((stack) => { denyPorts(stack, { assignmentName: 'x'.repeat(64) }, RG); });
    expect(out.only('azurerm_resource_group_policy_assignment')).toMatchObject({ resource_group_id: RG, name: 'x'.repeat(64), enforce: true });
    expect(out.count('azurerm_subscription_policy_assignment') + out.count('azurerm_management_group_policy_assignment')).toBe(0);
  });

  test('remediations are resource group remediations with ReEvaluateCompliance', () => {
    const out = synth((stack) => { baseline(stack, {}, RG); });
    expect(remediatedMembers(out)).toEqual(['builtinDine', 'deployThing', 'modifyTags']);
    for (const r of remediationsOf(out)) {
      expect(r).toMatchObject({ subscriptionId: SUB_GUID, resourceGroup: 'rg-app' });
      expect(r.properties.resourceDiscoveryMode).toBe('ReEvaluateCompliance');
    }
    // The nested deployment of a resource group takes no location (ARM refuses one there).
    const template = JSON.parse(String(out.only('azurerm_subscription_template_deployment').template_content));
    expect(template.resources[0]).not.toHaveProperty('location');
    expect(template.resources[0].properties.template.$schema).toMatch(/deploymentTemplate\.json#$/);
  });

  test('role assignments at the resource group with subscription-scoped role ids', () => {
    const out = synth((stack) => { baseline(stack, {}, RG); });
    const roles = out.list('azurerm_role_assignment');
    expect(roles).toHaveLength(3);
    for (const r of roles) {
      expect(r.scope).toBe(RG);
      expect(r.role_definition_id).toMatch(new RegExp(`^/subscriptions/${SUB_GUID}/providers/Microsoft.Authorization/roleDefinitions/`));
    }
  });

  test('not_scopes and exemptions inside the resource group', () => {
    const vm = `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`;
    const out = synth((stack) => {
      denyPorts(stack, { notScopes: [vm], exemptions: [{ name: 'rg', scope: RG, category: 'Waiver', expiresOn: '2026-12-31' }] }, RG);
    });
    expect(out.only('azurerm_resource_group_policy_assignment').not_scopes).toEqual([vm]);
    expect(out.only('azurerm_resource_group_policy_exemption').resource_group_id).toBe(RG);
  });

  test('an unresolved resource group id needs KitPolicyScope.resourceGroup', () => {
    const token = codeToken();
    expect(() => denyPorts(testStack().stack, {}, token)).toThrow(/KitPolicyScope.subscription\(...\) or KitPolicyScope.resourceGroup\(...\)/);
    expect(denyPorts(testStack().stack, {}, KitPolicyScope.resourceGroup(token)).assignmentScope.kind).toBe('resourceGroup');
  });

  test('definitions and initiatives cannot live at a resource group', () => {
    const { stack } = testStack();
    expect(() => KitPolicyDefinition.fromFile(stack, 'D', 'deny-ports', { scope: RG, policiesFolder: FIXTURES }))
      .toThrow(/invalid scope ".*\/resourceGroups\/rg-app": must be a management group id .* or a subscription id "\/subscriptions\/<GUID>"$/);
    expect(() => KitPolicyDefinition.fromFile(stack, 'E', 'deny-ports', { scope: KitPolicyScope.resourceGroup(RG), policiesFolder: FIXTURES }))
      .toThrow(/is a resource group: policy definitions and initiatives live at a management group or subscription/);
  });
});

describe('KitPolicyAssignment: resource address', () => {
  const logicalIds = (address?: 'resource' | 'construct') => {
    const out = synth((stack) => { denyPorts(stack, { resourceAddress: address }, SUB); });
    return Object.keys(out.resources('azurerm_subscription_policy_assignment'));
  };

  test('by default the assignment resource is addressed by its own path (<id>/Resource)', () => {
    expect(logicalIds()).toEqual([expect.stringMatching(/^Assign_[0-9A-F]{8}$/)]);
  });

  test("'construct' addresses it by the construct's path, as a resource created directly under that id", () => {
    const { stack } = testStack();
    const a = denyPorts(stack, { resourceAddress: 'construct' }, SUB);
    expect(logicalIds('construct')).toEqual([TerraformStack.of(a).getLogicalId(a.node)]);
    expect(logicalIds('construct')).not.toEqual(logicalIds());
  });

  test('references to the assignment use that address', () => {
    const out = synth((stack) => {
      const a = denyPorts(stack, { resourceAddress: 'construct', exemptions: [{ name: 'x', scope: `${SUB}/resourceGroups/rg`, category: 'Waiver', expiresOn: '2027-01-01' }] }, SUB);
      expect(a.assignmentId).toMatch(/TfToken/);
    });
    const [logical] = Object.keys(out.resources('azurerm_subscription_policy_assignment'));
    expect(out.only('azurerm_resource_group_policy_exemption').policy_assignment_id).toBe(`\${azurerm_subscription_policy_assignment.${logical}.id}`);
  });
});

describe('KitPolicyAssignment: bad input', () => {
  const cases: [string, (stack: Construct) => void, RegExp][] = [
    ['scope of the wrong shape (a resource)',
      (s) => denyPorts(s, {}, '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm'),
      /test\/Assign: invalid scope "\/subscriptions\/.*\/virtualMachines\/vm": must be a management group id .*, a subscription id "\/subscriptions\/<GUID>" or a resource group id/],
    ['a resource group reference given as a subscription',
      (s) => denyPorts(s, {}, KitPolicyScope.subscription('/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg')),
      /is a resourceGroup id, not a subscription id/],
    ['unknown resource address',
      (s) => denyPorts(s, { resourceAddress: 'path' as never }),
      /invalid resourceAddress "path": must be one of "resource" or "construct"/],
    ['assignment name with "#"',
      (s) => denyPorts(s, { assignmentName: 'deny#ports' }, SUB),
      /invalid assignmentName "deny#ports": must be 1-64 characters at a subscription scope, without <>\*%&:\\\?\.\+\/#/],
    ['not_scopes outside a resource group assignment',
      (s) => baseline(s, { notScopes: [`${SUB}/resourceGroups/other`] }, `${SUB}/resourceGroups/app`),
      /invalid notScopes\[0\] ".*\/resourceGroups\/other": must lie inside the assignment scope .*\/resourceGroups\/app/],
    ['parameter not declared',
      (s) => denyPorts(s, { parameters: { port: ['22'] } }),
      /invalid parameters.port \["22"\]: parameter "port" is not declared by policy definition "deny-ports"; declared parameters: "ports", "effect"/],
    ['value outside allowedValues',
      (s) => denyPorts(s, { parameters: { effect: 'Block' } }),
      /invalid parameters.effect "Block": is not an allowed value of parameter "effect" of policy definition "deny-ports"; allowed: "Deny", "Audit", "Disabled"/],
    ['array for a String parameter',
      (s) => baseline(s, { parameters: { workspaceId: WORKSPACE, denyEffect: ['Deny'] } }),
      /invalid parameters.denyEffect \["Deny"\]: parameter "denyEffect" of initiative "baseline" must be of type String/],
    ['value of the wrong type',
      (s) => baseline(s, { parameters: { workspaceId: WORKSPACE, retentionDays: '90' } }),
      /invalid parameters.retentionDays "90": parameter "retentionDays" of initiative "baseline" must be of type Integer/],
    ['required parameter missing',
      (s) => baseline(s, { parameters: {} }),
      /invalid parameters.workspaceId undefined: parameter "workspaceId" of initiative "baseline" has no default value and must be given/],
    ['location missing with an identity',
      (s) => baseline(s, { location: undefined }),
      /invalid location undefined: is required because the assignment has a managed identity/],
    ['location in display form',
      (s) => baseline(s, { location: 'West Europe' }),
      /invalid location "West Europe": must be an Azure region name in ARM form/],
    ['exemption in the past',
      (s) => baseline(s, { exemptions: [{ name: 'old', scope: SUB, category: 'Waiver', expiresOn: '2026-05-31' }] }),
      /invalid exemptions\[0\].expiresOn "2026-05-31": is not in the future \(now is 2026-06-01T00:00:00.000Z\): an expired exemption exempts nothing; remove it or set a later date/],
    ['exemption expiring right now',
      (s) => baseline(s, { exemptions: [{ name: 'old', scope: SUB, category: 'Waiver', expiresOn: '2026-06-01' }] }),
      /invalid exemptions\[0\].expiresOn "2026-06-01": is not in the future/],
    ['exemption expiry not an ISO date',
      (s) => baseline(s, { exemptions: [{ name: 'x', scope: SUB, category: 'Waiver', expiresOn: '31/12/2026' }] }),
      /invalid exemptions\[0\].expiresOn "31\/12\/2026": must be an ISO 8601 date \("2026-12-31"\)/],
    ['exemption impossible date',
      (s) => baseline(s, { exemptions: [{ name: 'x', scope: SUB, category: 'Waiver', expiresOn: '2026-02-30' }] }),
      /invalid exemptions\[0\].expiresOn "2026-02-30"/],
    ['exemption category',
      (s) => baseline(s, { exemptions: [{ name: 'x', scope: SUB, category: 'Forever' as 'Waiver', expiresOn: '2027-01-01' }] }),
      /invalid exemptions\[0\].category "Forever": must be one of "Waiver" or "Mitigated"/],
    ['exemption scope shape',
      (s) => baseline(s, { exemptions: [{ name: 'x', scope: 'legacy-rg', category: 'Waiver', expiresOn: '2027-01-01' }] }),
      /invalid exemptions\[0\].scope "legacy-rg": must be a management group, subscription, resource group or resource id/],
    ['exemption outside a subscription assignment',
      (s) => baseline(s, { exemptions: [{ name: 'x', scope: '/subscriptions/99999999-9999-9999-9999-999999999999', category: 'Waiver', expiresOn: '2027-01-01' }] }, SUB),
      /invalid exemptions\[0\].scope "\/subscriptions\/9999.*": must lie inside the assignment scope \/subscriptions\/1111/],
    ['exemption reference id unknown',
      (s) => baseline(s, { exemptions: [{ name: 'x', scope: SUB, category: 'Waiver', expiresOn: '2027-01-01', policyDefinitionReferenceIds: ['nope'] }] }),
      /invalid exemptions\[0\].policyDefinitionReferenceIds\[0\] "nope": is not a member of initiative "baseline"; reference ids: "denyPorts", "deployThing"/],
    ['duplicate exemption name',
      (s) => baseline(s, { exemptions: [
        { name: 'x', scope: SUB, category: 'Waiver', expiresOn: '2027-01-01' },
        { name: 'x', scope: SUB, category: 'Waiver', expiresOn: '2027-01-01' }] }),
      /invalid exemptions\[1\].name "x": must be 1-64 characters .* unique within the assignment/],
    ['non-compliance message for an unknown member',
      (s) => baseline(s, { nonComplianceMessages: { nope: 'x' } }),
      /invalid nonComplianceMessages.nope "nope": is not a member of initiative "baseline"/],
    ['per-member message on a lone definition',
      (s) => denyPorts(s, { nonComplianceMessages: { x: 'y' } }),
      /per-member messages need an initiative/],
    ['empty non-compliance message',
      (s) => denyPorts(s, { nonComplianceMessage: ' ' }),
      /invalid nonComplianceMessage " ": must be a non-empty string/],
    ['enforcement mode',
      (s) => denyPorts(s, { enforcementMode: 'Audit' as 'Default' }),
      /invalid enforcementMode "Audit": must be one of "Default" or "DoNotEnforce"/],
    ['not_scopes shape',
      (s) => denyPorts(s, { notScopes: ['sandbox'] }),
      /invalid notScopes\[0\] "sandbox": must be a management group, subscription, resource group or resource id/],
    ['not_scopes equal to the assignment scope',
      (s) => denyPorts(s, { notScopes: [MG] }),
      /invalid notScopes\[0\] ".*contoso-platform": must be below the assignment scope/],
    ['assignment name too long at a management group',
      (s) => denyPorts(s, { assignmentName: 'a-very-long-assignment-name' }),
      /invalid assignmentName "a-very-long-assignment-name": must be 1-24 characters at a management group scope/],
    ['user-assigned identity without principal id',
      (s) => baseline(s, { identity: { type: 'UserAssigned', userAssignedIdentityId: `${SUB}/resourceGroups/i/providers/Microsoft.ManagedIdentity/userAssignedIdentities/p` } }),
      /invalid identity.principalId undefined: is required with type "UserAssigned"/],
    ['user-assigned identity without id',
      (s) => baseline(s, { identity: { type: 'UserAssigned', principalId: '33333333-3333-3333-3333-333333333333' } }),
      /invalid identity.userAssignedIdentityId undefined: is required with type "UserAssigned"/],
    ['extra role assignment scope shape',
      (s) => baseline(s, { additionalRoleAssignmentScopes: ['central-workspace'] }),
      /invalid additionalRoleAssignmentScopes\[0\] "central-workspace": must be a management group, subscription, resource group or resource id/],
    ['remediation parallel deployments',
      (s) => baseline(s, { remediation: { parallelDeployments: 99 } }),
      /invalid remediation.parallelDeployments 99: must be a whole number from 1 to 30/],
    ['remediation failure percentage',
      (s) => baseline(s, { remediation: { failurePercentage: 50 } }),
      /invalid remediation.failurePercentage 50: must be a number from 0 to 1/],
    ['unknown built-in',
      (s) => { KitBuiltinPolicy.fromId(s, '99999999-9999-9999-9999-999999999999', BUILTINS); },
      /invalid builtin "99999999-9999-9999-9999-999999999999": must be the GUID or id of a built-in in the kit's reference data \(2 known/],
  ];
  test.each(cases)('%s', (_label, build, message) => {
    expect(() => synth(build)).toThrow(message);
  });

  test('unresolved values are accepted unchecked', () => {
    const token = codeToken();
    const { stack } = testStack();
    expect(() => baseline(stack, { parameters: { workspaceId: token, retentionDays: 30 } })).not.toThrow();
  });

  test('KitPolicyScope for an unresolved management group id', () => {
    const { stack } = testStack();
    const token = codeToken();
    const a = denyPorts(stack, {}, KitPolicyScope.managementGroup(token));
    expect(a.assignmentScope.kind).toBe('managementGroup');
    expect(a.assignmentScope.isToken).toBe(true);
  });
});
