import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { policiesDir, packageRoot } from '../../lib/core';
import { DefenderForCloud } from '../../lib/defender';
import { AutoOnboarding, AutoOnboardingProps } from '../../lib/onboarding';
import { KIT_ROLES } from '../../lib/policy';
import { SiemDestination } from '../../lib/siem';
import { annotationIds, warnings } from '../helpers/annotations';
import { remediationsOf as tasksOf } from '../helpers/remediation';
import { Synthesized, synth, testStack } from '../helpers/synth';

const MG = '/providers/Microsoft.Management/managementGroups/contoso-landing-zones';
const SIEM_SUB = '/subscriptions/22222222-2222-2222-2222-222222222222';
const WORKSPACE = `${SIEM_SUB}/resourceGroups/rg-siem/providers/Microsoft.OperationalInsights/workspaces/law-siem`;
const NAMESPACE = `${SIEM_SUB}/resourceGroups/rg-siem/providers/Microsoft.EventHub/namespaces/evhns-siem`;
const NS_RULE = `${NAMESPACE}/authorizationRules/siem-diagnostics-send`;
const HUB_RULE = `${NAMESPACE}/eventhubs/security-logs/authorizationRules/siem-export-send`;
const DESTINATION = { workspaceId: WORKSPACE, eventHubAuthorizationRuleId: NS_RULE, eventHubName: 'security-logs', eventHubExportAuthorizationRuleId: HUB_RULE };
const CONTACT = { emails: ['secops@contoso.com', 'soc@contoso.com'], phone: '+44 20 7946 0000', alertMinimalSeverity: 'High' as const, notifyRoles: ['Owner' as const, 'ServiceAdmin' as const] };

type Props = Partial<AutoOnboardingProps>;

/** Subscriptions under the management group whose existing resources the tests remediate. */
const REMEDIATED = ['22222222-2222-2222-2222-222222222222', '33333333-3333-3333-3333-333333333333'];

function build(stack: Construct, props: Props = {}): AutoOnboarding {
  return new AutoOnboarding(stack, 'Onboarding', { managementGroupId: MG, location: 'westeurope', remediation: { subscriptionIds: REMEDIATED }, ...props });
}

const FULL: Props = { defender: { securityContact: CONTACT }, siem: { destination: DESTINATION } };

function assignment(out: Synthesized, name: string): Record<string, unknown> {
  const found = out.list('azurerm_management_group_policy_assignment').find((a) => a.name === name);
  if (!found) throw new Error(`no assignment ${name}`);
  return found;
}

function params(out: Synthesized, name: string): Record<string, unknown> {
  const raw = JSON.parse(assignment(out, name).parameters as string) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
}

function logicalOf(out: Synthesized, name: string): string {
  const all = out.resources('azurerm_management_group_policy_assignment');
  return Object.keys(all).find((k) => all[k].name === name) as string;
}

/**
 * The members an assignment remediates, sorted. Each is remediated in every subscription of REMEDIATED (checked
 * here), by the template deployments (one per subscription) that receive the assignment's id.
 */
function remediationsOf(out: Synthesized, name: string): string[] {
  const ref = `azurerm_management_group_policy_assignment.${logicalOf(out, name)}.id`;
  const deployments = Object.entries(out.resources('azurerm_subscription_template_deployment'))
    .filter(([, d]) => String(d.parameters_content).includes(ref)).map(([k]) => `azurerm_subscription_template_deployment.${k}`);
  if (deployments.length === 0) return [];
  expect(deployments).toHaveLength(REMEDIATED.length);
  const tasks = tasksOf(out).filter((t) => deployments.includes(t.deployment));
  const bySubscription = REMEDIATED.map((sub) => tasks.filter((t) => t.subscriptionId === sub)
    .map((t) => String(t.properties.policyDefinitionReferenceId)).sort());
  for (const members of bySubscription) expect(members).toEqual(bySubscription[0]);
  expect(tasks).toHaveLength(bySubscription[0].length * REMEDIATED.length);
  return bySubscription[0];
}

function rolesOf(out: Synthesized, name: string): string[] {
  const principal = `\${azurerm_management_group_policy_assignment.${logicalOf(out, name)}.identity[0].principal_id}`;
  return out.list('azurerm_role_assignment').filter((r) => r.principal_id === principal)
    .map((r) => `${r.scope} ${String(r.role_definition_id).replace(/.*\//, '')}`).sort();
}

/** Roles of every member of an initiative, read from the policy files and the built-in reference data. */
function initiativeRoles(name: string): string[] {
  const initiative = JSON.parse(fs.readFileSync(path.join(policiesDir(), 'initiatives', `${name}.json`), 'utf8'));
  const builtins = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'lib', 'policy', 'data', 'builtin-refs.json'), 'utf8'));
  const roles = new Set<string>();
  for (const m of initiative.properties.policyDefinitions as { policyDefinitionId: string }[]) {
    let ids: string[];
    if (m.policyDefinitionId.startsWith('<kit>/')) {
      const def = JSON.parse(fs.readFileSync(path.join(policiesDir(), 'definitions', `${m.policyDefinitionId.slice(6)}.json`), 'utf8'));
      ids = def.properties.policyRule.then.details?.roleDefinitionIds ?? [];
    } else {
      ids = builtins[m.policyDefinitionId.split('/').pop() as string].roleDefinitionIds;
    }
    for (const id of ids) roles.add(id.split('/').pop() as string);
  }
  return [...roles].sort();
}

describe('AutoOnboarding: the full configuration', () => {
  let out: Synthesized;
  beforeAll(() => { out = synth((stack) => { build(stack, FULL); }); });

  test('one assignment per area at the management group, each with a system-assigned identity and enforcement', () => {
    const names = out.list('azurerm_management_group_policy_assignment').map((a) => a.name).sort();
    expect(names).toEqual(['gr-defender', 'gr-network', 'gr-registry', 'gr-siem-eventhub', 'gr-siem-loganalytics']);
    for (const name of names as string[]) {
      const a = assignment(out, name);
      expect(a.management_group_id).toBe(MG);
      if (name === 'gr-registry') {
        expect(a.identity).toBeUndefined(); // deny/audit only: nothing to deploy, no identity
      } else {
        expect(a.identity).toEqual({ type: 'SystemAssigned' });
        expect(a.location).toBe('westeurope');
      }
      expect(a.enforce).toBe(true);
      expect((a.non_compliance_message as { content: string }[])[0].content).toMatch(/\(cdktf-azure-guardrails\)$/);
    }
    expect(out.list('azurerm_policy_set_definition').map((s) => s.name).sort())
      .toEqual(['defender-onboarding', 'network-access-guardrails', 'registry-guardrails', 'siem-forwarding', 'siem-forwarding-log-analytics']);
    expect(out.count('azurerm_policy_definition')).toBe(12);
  });

  test('the roles of the deploying members at the management group; the least role at the SIEM resources (issue 11 item 8)', () => {
    const at = (scope: string, roles: string[]) => roles.map((r) => `${scope} ${r}`);
    // Every member deploys with the defaults (recommended plans with extensions: Owner), so the management group gets
    // every role of the initiatives, except Event Hubs Data Owner, which only the namespace gets.
    expect(rolesOf(out, 'gr-defender')).toEqual(at(MG, initiativeRoles('defender-onboarding')).sort());
    expect(rolesOf(out, 'gr-network')).toEqual(at(MG, initiativeRoles('network-access-guardrails')).sort());
    expect(rolesOf(out, 'gr-registry')).toEqual([]);
    const la = initiativeRoles('siem-forwarding-log-analytics');
    expect(rolesOf(out, 'gr-siem-loganalytics')).toEqual([...at(MG, la), `${WORKSPACE} ${KIT_ROLES.logAnalyticsContributor}`].sort());
    const eh = initiativeRoles('siem-forwarding');
    expect(eh).toContain(KIT_ROLES.eventHubsDataOwner);
    expect(rolesOf(out, 'gr-siem-eventhub')).toEqual([
      ...at(MG, eh.filter((r) => r !== KIT_ROLES.eventHubsDataOwner)), `${NAMESPACE} ${KIT_ROLES.eventHubsDataOwner}`,
    ].sort());
    for (const r of out.list('azurerm_role_assignment')) expect(r.principal_type).toBe('ServicePrincipal');
  });

  test('Defender plans audited, network effects off: no Owner, no identity where nothing deploys (issue 11 item 8)', () => {
    const audited = synth((stack) => {
      build(stack, {
        defender: { plansEffect: 'AuditIfNotExists', arcMachines: false, mdeIntegration: false, vulnerabilityAssessment: false },
        networkAccess: { jit: false }, siem: { destination: DESTINATION },
      });
    });
    expect(rolesOf(audited, 'gr-defender')).toEqual([]);
    expect(assignment(audited, 'gr-defender').identity).toBeUndefined();
    expect(rolesOf(audited, 'gr-network')).toEqual([]);
    expect(assignment(audited, 'gr-network').identity).toBeUndefined();
  });

  test('a Defender plan without extensions needs Security Admin, not Owner (issue 11 item 8)', () => {
    const plain = synth((stack) => {
      build(stack, {
        defender: { plans: { recommended: false, plans: [{ plan: 'KeyVaults' }] }, arcMachines: false, mdeIntegration: false, vulnerabilityAssessment: false },
        siem: { destination: DESTINATION },
      });
    });
    expect(rolesOf(plain, 'gr-defender')).toEqual([`${MG} ${KIT_ROLES.securityAdmin}`]);
    const extended = synth((stack) => {
      build(stack, {
        defender: { plans: { recommended: false, plans: [{ plan: 'VirtualMachines', subPlan: 'P2', extensions: ['AgentlessVmScanning'] }] }, arcMachines: false, mdeIntegration: false, vulnerabilityAssessment: false },
        siem: { destination: DESTINATION },
      });
    });
    expect(rolesOf(extended, 'gr-defender')).toEqual([`${MG} ${KIT_ROLES.owner}`]);
  });

  test('role assignment names are stable across synths', () => {
    const again = synth((stack) => { build(stack, FULL); });
    const key = (s: Synthesized) => s.list('azurerm_role_assignment').map((r) => `${r.name} ${r.scope} ${r.role_definition_id}`).sort();
    expect(key(again)).toEqual(key(out));
  });

  test('one remediation per deploying member', () => {
    const plans = ['AI', 'Api', 'AppServices', 'Arm', 'CloudPosture', 'Containers', 'CosmosDbs', 'KeyVaults',
      'OpenSourceRelationalDatabases', 'SqlServerVirtualMachines', 'SqlServers', 'StorageAccounts', 'VirtualMachines'];
    expect(remediationsOf(out, 'gr-defender')).toEqual([
      'arc-machines-mde-linux', 'arc-machines-mde-windows', ...plans.map((p) => `defender-plan-${p}`), 'deploy-security-contacts',
      'mde-integration-linux', 'mde-integration-unified-solution', 'mde-integration-wdatp', 'vulnerability-assessment',
    ].sort());
    expect(remediationsOf(out, 'gr-network')).toEqual(['deploy-jit-network-access-policy']);
    expect(remediationsOf(out, 'gr-registry')).toEqual([]);
    // Every resource-log member is deployIfNotExists for the types in resourceLogsResourceTypes (all by default):
    // each member's effect is "[if(contains(parameters('resourceLogsResourceTypes'), '<its type>'), ...)]".
    const resourceLogs = (name: string) => (JSON.parse(fs.readFileSync(path.join(policiesDir(), 'initiatives', `${name}.json`), 'utf8'))
      .properties.policyDefinitions as { policyDefinitionReferenceId: string }[])
      .map((m) => m.policyDefinitionReferenceId).filter((r) => r.startsWith('resource-logs-'));
    expect(remediationsOf(out, 'gr-siem-eventhub'))
      .toEqual(['activity-log-to-event-hub', 'continuous-export-to-event-hub', ...resourceLogs('siem-forwarding')].sort());
    expect(remediationsOf(out, 'gr-siem-loganalytics'))
      .toEqual(['activity-log-to-log-analytics', 'continuous-export-to-log-analytics', ...resourceLogs('siem-forwarding-log-analytics')].sort());
    // Subscription-scope tasks that re-evaluate compliance first (a fresh management-group assignment has no scan
    // results: issue 11 item 4), deployed after the identity's roles.
    for (const t of tasksOf(out)) expect(t.properties.resourceDiscoveryMode).toBe('ReEvaluateCompliance');
    expect(out.count('azurerm_management_group_policy_remediation')).toBe(0);
    for (const d of out.list('azurerm_subscription_template_deployment')) expect((d.depends_on as string[]).length).toBeGreaterThan(0);
  });

  test('Defender parameters: every plan with its sub-plan and extensions, contact, MDE, VA, Arc', () => {
    const p = params(out, 'gr-defender');
    expect(p.deploymentLocation).toBe('westeurope');
    expect(p.effectVirtualMachines).toBe('DeployIfNotExists');
    expect(p.subPlanVirtualMachines).toBe('P2');
    expect(p.extensionsVirtualMachines).toEqual([{ name: 'AgentlessVmScanning' }]);
    expect(p.subPlanApi).toBe('P1');
    expect(p.subPlanAI).toBe('');
    expect(p.extensionsStorageAccounts).toEqual([
      { name: 'OnUploadMalwareScanning', additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: '5000' } },
      { name: 'SensitiveDataDiscovery' },
    ]);
    expect(p.securityContactsEffect).toBe('DeployIfNotExists');
    expect(p.securityContactEmails).toBe('secops@contoso.com;soc@contoso.com');
    expect(p.securityContactPhone).toBe('+44 20 7946 0000');
    expect(p.securityContactNotifyRoles).toEqual(['Owner', 'ServiceAdmin']);
    expect(p.alertMinimalSeverity).toBe('High');
    expect(p.mdeIntegrationEffect).toBe('DeployIfNotExists');
    expect(p.vulnerabilityAssessmentEffect).toBe('DeployIfNotExists');
    expect(p.vulnerabilityAssessmentProvider).toBe('mdeTvm');
    expect(p.arcMachinesEffect).toBe('DeployIfNotExists');
  });

  test('SIEM parameters: workspace and Event Hub ids, locations, effects', () => {
    expect(params(out, 'gr-siem-loganalytics')).toEqual({
      logAnalyticsWorkspaceId: WORKSPACE, activityLogEffect: 'DeployIfNotExists', resourceLogsEffect: 'DeployIfNotExists',
      resourceLogsCategoryGroup: 'audit', continuousExportResourceGroupLocation: 'westeurope',
    });
    expect(params(out, 'gr-siem-eventhub')).toEqual({
      eventHubAuthorizationRuleId: NS_RULE, eventHubName: 'security-logs', eventHubLocation: 'westeurope', deploymentLocation: 'westeurope',
      activityLogEffect: 'DeployIfNotExists', continuousExportEventHubAuthorizationRuleId: HUB_RULE,
      continuousExportResourceGroupLocation: 'westeurope', resourceLogsEffect: 'DeployIfNotExists', resourceLogsCategoryGroup: 'audit',
    });
  });

  test('network parameters', () => {
    expect(params(out, 'gr-network')).toEqual({ jitAuditEffect: 'AuditIfNotExists', jitDeployEffect: 'DeployIfNotExists' });
  });

  test('registry parameters', () => {
    expect(params(out, 'gr-registry')).toEqual({ allowedImagesEffect: 'Disabled', allowedContainerImagesRegex: '^$' });
  });
});

describe('AutoOnboarding: options', () => {
  describe('typed Defender plans, audited', () => {
    let out: Synthesized;
    beforeAll(() => {
      out = synth((stack) => {
        build(stack, {
          defender: {
            securityContact: CONTACT, plansEffect: 'AuditIfNotExists',
            plans: {
              recommended: false,
              plans: [
                { plan: 'VirtualMachines', subPlan: 'P1' },
                { plan: 'Api', subPlan: 'P3' },
                { plan: 'StorageAccounts', extensions: [{ name: 'OnUploadMalwareScanning', capGbPerMonthPerStorageAccount: 100 }] },
              ],
            },
          },
        });
      });
    });

    test('map onto the per-plan parameters', () => {
      const p = params(out, 'gr-defender');
      expect(p.effectVirtualMachines).toBe('AuditIfNotExists');
      expect(p.subPlanVirtualMachines).toBe('P1');
      expect(p.extensionsVirtualMachines).toEqual([]);
      expect(p.subPlanApi).toBe('P3');
      expect(p.extensionsStorageAccounts).toEqual([{ name: 'OnUploadMalwareScanning', additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: '100' } }]);
    });

    test('plans left out are Disabled, without sub-plan or extensions', () => {
      const p = params(out, 'gr-defender');
      expect(p.effectContainers).toBe('Disabled');
      expect(p.subPlanContainers).toBeUndefined();
    });

    test('audited plans are not remediated', () => {
      expect(remediationsOf(out, 'gr-defender').filter((r) => r.startsWith('defender-plan-'))).toEqual([]);
    });
  });

  test('the same plan config as DefenderForCloud: recommended with a plan switched off', () => {
    const { stack } = testStack();
    const o = build(stack, { defender: { securityContact: CONTACT, plans: { plans: [{ plan: 'AI', enabled: false }] } } });
    expect(o.defenderPlans.map((p) => p.plan)).not.toContain('AI');
    expect(o.defenderPlans).toHaveLength(12);
  });

  test('areas switched off create nothing; MDE, VA, Arc and JIT can be switched off', () => {
    const out = synth((stack) => {
      build(stack, {
        defender: { securityContact: CONTACT, mdeIntegration: false, vulnerabilityAssessment: false, arcMachines: false },
        networkAccess: { jit: false, managementPorts: ['22', '3389', '5985-5986'], managementPortsEffect: 'Audit' },
        registry: { enabled: false },
        siem: { enabled: false, destination: DESTINATION },
      });
    });
    expect(out.list('azurerm_management_group_policy_assignment').map((a) => a.name).sort()).toEqual(['gr-defender', 'gr-network']);
    const p = params(out, 'gr-defender');
    expect([p.mdeIntegrationEffect, p.vulnerabilityAssessmentEffect, p.arcMachinesEffect]).toEqual(['Disabled', 'Disabled', 'Disabled']);
    expect(remediationsOf(out, 'gr-defender').some((r) => /^(mde|vulnerability|arc)-/.test(r))).toBe(false);
    expect(params(out, 'gr-network')).toEqual({
      managementPortsEffect: 'Audit', managementPorts: ['22', '3389', '5985-5986'], jitAuditEffect: 'Disabled', jitDeployEffect: 'Disabled',
    });
    expect(remediationsOf(out, 'gr-network')).toEqual([]);
    expect(out.count('azurerm_policy_set_definition')).toBe(2);
  });

  test('Log Analytics only: one SIEM assignment with the workspace as extra role scope', () => {
    const out = synth((stack) => { build(stack, { siem: { destination: { workspaceId: WORKSPACE }, activityLog: false, resourceLogsCategoryGroup: 'allLogs' } }); });
    expect(out.list('azurerm_management_group_policy_assignment').map((a) => a.name)).not.toContain('gr-siem-eventhub');
    const p = params(out, 'gr-siem-loganalytics');
    expect(p.activityLogEffect).toBe('Disabled');
    expect(p.resourceLogsCategoryGroup).toBe('allLogs');
    expect(rolesOf(out, 'gr-siem-loganalytics').filter((r) => r.startsWith(WORKSPACE)).length).toBeGreaterThan(0);
    expect(remediationsOf(out, 'gr-siem-loganalytics')).not.toContain('activity-log-to-log-analytics');
  });

  test('a SiemDestination in the same stack: the namespace id is taken from it', () => {
    const out = synth((stack) => {
      const siem = new SiemDestination(stack, 'Siem', {
        resourceGroupName: 'rg-siem', location: 'westeurope',
        workspace: { name: 'law-siem' }, eventHub: { namespaceName: 'evhns-siem', hubName: 'security-logs' },
      });
      build(stack, { siem: { destination: siem } });
    });
    const namespace = Object.keys(out.resources('azurerm_eventhub_namespace'))[0];
    const workspace = Object.keys(out.resources('azurerm_log_analytics_workspace'))[0];
    const scopes = new Set(out.list('azurerm_role_assignment').map((r) => r.scope));
    expect(scopes).toContain(`\${azurerm_eventhub_namespace.${namespace}.id}`);
    expect(scopes).toContain(`\${azurerm_log_analytics_workspace.${workspace}.id}`);
    // Role ids at unresolved scopes get the scope's subscription in Terraform (no replacement after the first apply).
    const atWorkspace = out.list('azurerm_role_assignment').find((r) => r.scope === `\${azurerm_log_analytics_workspace.${workspace}.id}`);
    expect(atWorkspace?.role_definition_id).toMatch(
      new RegExp(`^\\$\\{try\\(regex\\("\\^/subscriptions/\\[\\^/\\]\\+", azurerm_log_analytics_workspace\\.${workspace}\\.id\\), ""\\)\\}/providers/Microsoft.Authorization/roleDefinitions/[0-9a-f-]{36}$`));
  });

  test('an unresolved rule id without namespace id: the namespace is derived in Terraform', () => {
    const out = synth((stack) => {
      const siem = new SiemDestination(stack, 'Siem', {
        resourceGroupName: 'rg-siem', location: 'westeurope', eventHub: { namespaceName: 'evhns-siem', hubName: 'security-logs' },
      });
      build(stack, { siem: { destination: {
        // References to the hub and its rule (literals would name resources of this stack without an edge).
        eventHubAuthorizationRuleId: siem.eventHubAuthorizationRuleId, eventHubName: siem.eventHubName, eventHubExportAuthorizationRuleId: siem.eventHubExportAuthorizationRuleId,
      } } });
    });
    const rule = Object.keys(out.resources('azurerm_eventhub_namespace_authorization_rule'))[0];
    const rules = out.resources('azurerm_eventhub_authorization_rule');
    const exportRule = Object.keys(rules).find((k) => rules[k].send === true && rules[k].listen === false)!;
    const scopes = new Set(out.list('azurerm_role_assignment').map((r) => r.scope));
    expect(scopes).toContain(`\${replace(azurerm_eventhub_authorization_rule.${exportRule}.id, "/(?i)(/eventhubs/[^/]+)?/authorizationRules/[^/]+$/", "")}`);
    expect(scopes).toContain(`\${replace(azurerm_eventhub_namespace_authorization_rule.${rule}.id, "/(?i)(/eventhubs/[^/]+)?/authorizationRules/[^/]+$/", "")}`);
  });

  test('a registry regex turns the AKS allowed-images member on', () => {
    const out = synth((stack) => { build(stack, { registry: { allowedContainerImagesRegex: '^contosotrusted\\.azurecr\\.io/.+$', adminUserEffect: 'Audit' } }); });
    expect(params(out, 'gr-registry')).toEqual({
      adminUserEffect: 'Audit', allowedImagesEffect: 'Deny', allowedContainerImagesRegex: '^contosotrusted\\.azurecr\\.io/.+$',
    });
  });

  test('enforcement mode, notScopes, exemptions, prefix and a shared user-assigned identity reach every assignment', () => {
    const uai = `${SIEM_SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/policy`;
    const out = synth((stack) => {
      build(stack, {
        enforcementMode: 'DoNotEnforce', notScopes: ['/providers/Microsoft.Management/managementGroups/sandbox'], assignmentNamePrefix: 'c-',
        identity: { type: 'UserAssigned', userAssignedIdentityId: uai, principalId: '44444444-4444-4444-4444-444444444444' },
        networkAccess: { exemptions: [{ name: 'legacy', scope: SIEM_SUB, category: 'Waiver', expiresOn: '2030-01-01', policyDefinitionReferenceIds: ['nics-without-public-ips'] }] },
        clock: () => new Date('2026-01-01T00:00:00Z'),
      });
    });
    for (const a of out.list('azurerm_management_group_policy_assignment')) {
      expect(a.name).toMatch(/^c-/);
      expect(a.enforce).toBe(false);
      expect(a.not_scopes).toEqual(['/providers/Microsoft.Management/managementGroups/sandbox']);
      expect(a.identity).toEqual({ type: 'UserAssigned', identity_ids: [uai] });
    }
    for (const r of out.list('azurerm_role_assignment')) expect(r.principal_id).toBe('44444444-4444-4444-4444-444444444444');
    expect(out.only('azurerm_subscription_policy_exemption')).toMatchObject({
      name: 'legacy', policy_definition_reference_ids: ['nics-without-public-ips'], expires_on: '2030-01-01T00:00:00Z',
    });
  });

  test('per-area notScopes add to the top-level ones, de-duplicated, on that area only', () => {
    const sandbox = '/providers/Microsoft.Management/managementGroups/sandbox';
    const out = synth((stack) => {
      build(stack, {
        ...FULL,
        notScopes: [sandbox],
        defender: { ...FULL.defender, notScopes: [SIEM_SUB, SIEM_SUB.toUpperCase(), sandbox] },
      });
    });
    expect(assignment(out, 'gr-defender').not_scopes).toEqual([sandbox, SIEM_SUB]);
    expect(assignment(out, 'gr-network').not_scopes).toEqual([sandbox]);
  });

  describe('warnings of a minimal configuration', () => {
    let o: AutoOnboarding;
    beforeAll(() => {
      const { stack } = testStack();
      new DefenderForCloud(stack, 'Defender', {});
      o = build(stack, { defender: { plans: { plans: [{ plan: 'VirtualMachines', subPlan: 'P1' }] } } });
    });
    const warned = (id: string, text: RegExp) => {
      expect(annotationIds(o)).toContain(id);
      expect(warnings(o).find((w) => w.endsWith(`[${id}]`))).toMatch(text);
    };

    test('no security contact', () => warned('guardrails:onboarding:no-security-contact', /defender.securityContact is not set/));
    test('no SIEM', () => warned('guardrails:onboarding:no-siem', /siem is not set/));
    test('no AKS allowed-images regex', () => warned('guardrails:onboarding:no-allowed-images-regex', /registry.allowedContainerImagesRegex is not set/));
    test('JIT without Servers P2', () => warned('guardrails:onboarding:jit-needs-servers-p2', /JIT policies, which need Defender for Servers Plan 2/));
    test('a DefenderForCloud in the same stack', () => warned('guardrails:onboarding:defender-plans-two-owners',
      /A DefenderForCloud construct in this stack also manages Defender plans/));
    test('JIT from any source', () => warned('guardrails:onboarding:jit-any-source', /jitAllowedSourceAddressPrefix is not set/));
    test('nothing else', () => {
      expect(annotationIds(o).sort()).toEqual([
        'guardrails:onboarding:defender-plans-two-owners', 'guardrails:onboarding:jit-any-source', 'guardrails:onboarding:jit-needs-servers-p2',
        'guardrails:onboarding:no-allowed-images-regex', 'guardrails:onboarding:no-security-contact', 'guardrails:onboarding:no-siem',
      ]);
    });
  });

  test('JIT by policy without a source prefix warns', () => {
    const { stack } = testStack();
    const open = build(stack, FULL);
    expect(warnings(open).join('\n')).toMatch(/networkAccess.jitAllowedSourceAddressPrefix is not set \(or is "\*"\)/);
  });

  test('JIT by policy with a source prefix does not warn about it', () => {
    const { stack } = testStack();
    const closed = build(stack, { ...FULL, networkAccess: { jitAllowedSourceAddressPrefix: '10.0.0.0/24' } });
    expect(annotationIds(closed)).not.toContain('guardrails:onboarding:jit-any-source');
  });

  test('a contact that turns alert e-mails off: warning, the initiative default applies', () => {
    const { stack } = testStack();
    const o = build(stack, { defender: { securityContact: { emails: ['secops@contoso.com'], alertMinimalSeverity: false } } });
    expect(warnings(o).join('\n')).toMatch(/turns alert or attack-path e-mails off, which the deploy-security-contacts policy cannot do/);
    expect(annotationIds(o)).toContain('guardrails:onboarding:contact-notifications-not-deployable');
  });
});

describe('AutoOnboarding: defaults', () => {
  test('zero-config digest', () => {
    const out = synth((stack) => { build(stack, { remediation: undefined }); });
    const digest = {
      assignments: out.list('azurerm_management_group_policy_assignment').map((a) => ({
        name: a.name, enforce: a.enforce, identity: a.identity, parameters: JSON.parse((a.parameters as string) ?? '{}'),
        nonCompliance: a.non_compliance_message,
      })),
      roles: out.list('azurerm_role_assignment').map((r) => `${r.name} ${r.scope} ${r.role_definition_id}`).sort(),
      remediations: tasksOf(out).map((r) => r.name).sort(),
      definitions: out.list('azurerm_policy_definition').map((d) => d.name).sort(),
      initiatives: out.list('azurerm_policy_set_definition').map((d) => d.name).sort(),
    };
    expect(digest).toMatchSnapshot();
  });
});

describe('AutoOnboarding: bad input', () => {
  test.each<[string, Props, RegExp]>([
    ['a subscription instead of a management group', { managementGroupId: '/subscriptions/33333333-3333-3333-3333-333333333333' },
      /test\/Onboarding: invalid managementGroupId "\/subscriptions\/3333.*": must be a management group id/],
    ['a management group id of the wrong shape', { managementGroupId: 'contoso' },
      /invalid managementGroupId "contoso": must be a management group id .* or a subscription id/],
    ['a location in display form', { location: 'West Europe' }, /invalid location "West Europe": must be an Azure region name in ARM form/],
    ['a long assignment name prefix', { assignmentNamePrefix: 'contoso-' }, /invalid assignmentNamePrefix "contoso-": must be at most 6/],
    ['an empty SIEM destination', { siem: { destination: {} } }, /invalid siem.destination \{\}: must set workspaceId, eventHubAuthorizationRuleId, or both/],
    ['an Event Hub without hub name', { siem: { destination: { eventHubAuthorizationRuleId: NS_RULE, eventHubExportAuthorizationRuleId: HUB_RULE } } },
      /invalid siem.destination.eventHubName undefined: is required with eventHubAuthorizationRuleId/],
    ['an Event Hub without export rule', { siem: { destination: { eventHubAuthorizationRuleId: NS_RULE, eventHubName: 'h' } } },
      /invalid siem.destination.eventHubExportAuthorizationRuleId undefined: is required for continuous export/],
    ['an Event Hub rule of the wrong shape', { siem: { destination: { eventHubAuthorizationRuleId: WORKSPACE, eventHubName: 'h', eventHubExportAuthorizationRuleId: HUB_RULE } } },
      /invalid siem.destination.eventHubAuthorizationRuleId ".*workspaces\/law-siem": must be an Event Hub authorization rule id/],
    ['a workspace id of the wrong type', { siem: { destination: { workspaceId: NAMESPACE } } },
      /invalid siem.destination.workspaceId ".*namespaces\/evhns-siem": must be the resource id of a Microsoft.OperationalInsights\/workspaces/],
    ['a category group', { siem: { destination: DESTINATION, resourceLogsCategoryGroup: 'everything' as 'audit' } },
      /invalid siem.resourceLogsCategoryGroup "everything": must be one of "audit" or "allLogs"/],
    ['a Defender plan the initiative does not have', { defender: { plans: { plans: [{ plan: { unsafeCustomName: 'Quantum' } }] } } },
      /invalid defender.plans "Quantum": has no member in the "defender-onboarding" initiative/],
    ['a Defender plan config error (from resolveDefenderPlans)', { defender: { plans: { plans: [{ plan: 'VirtualMachines', subPlan: 'P3' as 'P1' }] } } },
      /defender.plans/],
    ['a plans effect', { defender: { plansEffect: 'Deny' as 'AuditIfNotExists' } }, /invalid defender.plansEffect "Deny": must be one of "DeployIfNotExists" or "AuditIfNotExists"/],
    ['a security contact without e-mails', { defender: { securityContact: { emails: [] } } }, /invalid defender.securityContact.emails \[\]/],
    ['a management port effect', { networkAccess: { managementPortsEffect: 'Block' as 'Deny' } },
      /invalid parameters.managementPortsEffect "Block": is not an allowed value of parameter "managementPortsEffect" of initiative "network-access-guardrails"; allowed: "Audit", "Deny", "Disabled"/],
    ['a JIT duration', { networkAccess: { jitMaxRequestAccessDuration: 'PT48H' as 'PT24H' } },
      /invalid parameters.jitMaxRequestAccessDuration "PT48H": is not an allowed value/],
    ['an invalid AKS image regex', { registry: { allowedContainerImagesRegex: '^(contoso' } },
      /invalid registry.allowedContainerImagesRegex "\^\(contoso": must be a valid regular expression/],
    ['an exemption in the past', { clock: () => new Date('2026-06-01T00:00:00Z'),
      registry: { exemptions: [{ name: 'old', scope: SIEM_SUB, category: 'Waiver', expiresOn: '2026-01-01' }] } },
    /Registry\/Assignment: invalid exemptions\[0\].expiresOn "2026-01-01": is not in the future/],
  ])('%s', (_label, props, message) => {
    expect(() => synth((stack) => { build(stack, props); })).toThrow(message);
  });
});

describe('AutoOnboarding: a registry Deny that would block the kit\'s own registries (issue 11 item 9)', () => {
  const REG = '/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries';

  test.each([
    ['exportEffect', { exportEffect: 'Deny' as const }, /invalid registry\.exportEffect "Deny": "Deny" blocks the quarantine registry of a two-registry pipeline.*registry\.exportRequiredRegistryIds/],
    ['quarantinePolicyEffect', { quarantinePolicyEffect: 'Deny' as const }, /invalid registry\.quarantinePolicyEffect "Deny": "Deny" blocks the trusted registry.*registry\.quarantineOffRegistryIds/],
  ])('%s "Deny" without the registries that need the exemption fails, saying why', (_label, registry, message) => {
    expect(() => synth((stack) => { build(stack, { ...FULL, registry }); })).toThrow(message);
  });

  test('with the registries listed, each gets a by-design exemption from that member only, without expiry', () => {
    const out = synth((stack) => {
      build(stack, { ...FULL, registry: {
        exportEffect: 'Deny', exportRequiredRegistryIds: [`${REG}/crappsq`],
        quarantinePolicyEffect: 'Deny', quarantineOffRegistryIds: [`${REG}/crapps`],
      } });
    });
    const exemptions = out.list('azurerm_resource_policy_exemption').map((e) => ({
      resource: e.resource_id, members: e.policy_definition_reference_ids, category: e.exemption_category, expires: e.expires_on,
    }));
    expect(exemptions).toEqual([
      { resource: `${REG}/crappsq`, members: ['acr-export-disabled'], category: 'Mitigated', expires: undefined },
      { resource: `${REG}/crapps`, members: ['acr-quarantine-policy-enabled'], category: 'Mitigated', expires: undefined },
    ]);
    expect(params(out, 'gr-registry')).toMatchObject({ exportEffect: 'Deny', quarantinePolicyEffect: 'Deny' });
  });

  test('[] states there is none; Audit needs nothing and creates no exemption', () => {
    const none = synth((stack) => { build(stack, { ...FULL, registry: { exportEffect: 'Deny', exportRequiredRegistryIds: [] } }); });
    expect(none.count('azurerm_resource_policy_exemption')).toBe(0);
    const audit = synth((stack) => { build(stack, { ...FULL, registry: { exportEffect: 'Audit', exportRequiredRegistryIds: [`${REG}/crappsq`] } }); });
    expect(audit.count('azurerm_resource_policy_exemption')).toBe(0);
  });
});
