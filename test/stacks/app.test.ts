import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { SiemDestination } from '../../lib/siem';
import { buildBaseline, siemDestinationNames } from '../../stacks/baseline';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../stacks/config/load';
import type { BaselineConfig } from '../../stacks/config/types';
import { remediationsOf } from '../helpers/remediation';
import { wrap, Synthesized } from '../helpers/synth';

const defaults = (): BaselineConfig => JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));

function build(config: BaselineConfig = loadConfig(DEFAULT_CONFIG_PATH)) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-app-')) });
  const baseline = buildBaseline(app, config);
  const stacks: Record<string, Synthesized> = {};
  for (const stack of [...baseline.subscriptions, ...(baseline.managementGroup ? [baseline.managementGroup] : [])]) {
    stacks[stack.node.id] = wrap(Testing.synth(stack, true));
  }
  return { app, baseline, stacks };
}

describe('reference app', () => {
  const { baseline, stacks } = build();

  test('one stack per subscription, each with its own provider and state', () => {
    expect(Object.keys(stacks)).toEqual(['management', 'workloads', 'management-group']);
    for (const [name, subscriptionId] of [['management', '22222222-2222-2222-2222-222222222222'], ['workloads', '33333333-3333-3333-3333-333333333333']]) {
      const json = stacks[name].json as { provider: { azurerm: { subscription_id: string; alias?: string }[] }; terraform: { backend: { local: { path: string } } } };
      expect(json.provider.azurerm.find((p) => !p.alias)?.subscription_id).toBe(subscriptionId);
      expect(json.terraform.backend.local.path).toBe(path.resolve(`terraform.${name}.tfstate`));
    }
  });

  test('the central SIEM deploys first and nothing is output', () => {
    const [management, workloads] = baseline.subscriptions;
    expect(workloads.dependencies).toEqual([management]);
    expect(management.dependencies).toEqual([]);
    for (const s of Object.values(stacks)) expect(s.json.output).toBeUndefined();
  });

  test('ids derived from the config name the resources the central stack creates', () => {
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    const ids = SiemDestination.idsFor(siemDestinationNames(config.siem!));
    const central = stacks.management;
    expect(central.only('azurerm_log_analytics_workspace').name).toBe(ids.workspaceId!.split('/').pop());
    const namespaceRule = central.only('azurerm_eventhub_namespace_authorization_rule');
    expect(ids.eventHubAuthorizationRuleId).toMatch(new RegExp(`/namespaces/evhns-contoso-siem/authorizationRules/${namespaceRule.name}$`));
    const hubRules = central.list('azurerm_eventhub_authorization_rule').map((r) => r.name);
    expect(hubRules).toContain(ids.eventHubExportAuthorizationRuleId!.split('/').pop());
    expect(central.only('azurerm_eventhub').name).toBe(ids.eventHubName);
  });

  test('other subscriptions send their logs to the central destination', () => {
    const workloads = stacks.workloads;
    const json = workloads.json as { provider: { azurerm: { alias?: string; subscription_id: string }[] }; data: Record<string, Record<string, Record<string, unknown>>> };
    expect(json.provider.azurerm.find((p) => p.alias === 'central')?.subscription_id).toBe('22222222-2222-2222-2222-222222222222');
    expect(Object.values(json.data.azurerm_log_analytics_workspace)[0]).toMatchObject({ name: 'law-security-siem', provider: 'azurerm.central' });
    const activityLog = workloads.list('azurerm_monitor_diagnostic_setting').find((d) => d.target_resource_id === '/subscriptions/33333333-3333-3333-3333-333333333333');
    expect(activityLog).toMatchObject({
      log_analytics_workspace_id: '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-security-siem/providers/Microsoft.OperationalInsights/workspaces/law-security-siem',
      eventhub_name: 'security-logs',
    });
    const exports = workloads.list('azurerm_security_center_automation');
    expect(exports.map((e) => (e.action as { type: string }[])[0].type)).toEqual(['Workspace']);
    // Registry diagnostics go to the same place.
    const registryDiagnostics = workloads.list('azurerm_monitor_diagnostic_setting').filter((d) => String(d.target_resource_id).includes('azurerm_container_registry'));
    expect(registryDiagnostics).toHaveLength(2);
  });

  test('resource groups the config lists are created and referenced, so Terraform orders them', () => {
    const management = stacks.management;
    expect(management.list('azurerm_resource_group').map((g) => g.name).sort()).toEqual(['NetworkWatcherRG', 'rg-connectivity', 'rg-security-siem']);
    // Destroying a group destroys everything in it (the SIEM workspace included): protected unless the config opts out.
    for (const g of management.list('azurerm_resource_group')) expect(g.lifecycle).toEqual({ prevent_destroy: true });
    expect(management.only('azurerm_bastion_host').resource_group_name).toMatch(/^\$\{azurerm_resource_group\.ResourceGroup-rg-connectivity\.name\}$/);
    expect(management.only('azurerm_log_analytics_workspace').resource_group_name).toMatch(/azurerm_resource_group\.ResourceGroup-rg-security-siem/);
  });

  test('the config opts out of prevent_destroy for the groups and the SIEM (issue 11 item 10)', () => {
    const config = defaults();
    const management = { ...config.subscriptions[0], resourceGroupsPreventDestroy: false };
    const { stacks: off } = build(parseConfig({ ...config, siem: { ...config.siem!, preventDestroy: false }, subscriptions: [management, config.subscriptions[1]] }));
    for (const type of ['azurerm_resource_group', 'azurerm_log_analytics_workspace', 'azurerm_sentinel_log_analytics_workspace_onboarding', 'azurerm_eventhub_namespace', 'azurerm_eventhub']) {
      expect(off.management.count(type)).toBeGreaterThan(0);
      for (const r of off.management.list(type)) expect(r).not.toHaveProperty('lifecycle.prevent_destroy');
      for (const r of stacks.management.list(type)) expect(r).toHaveProperty('lifecycle.prevent_destroy', true);
    }
  });

  test('every subscription gets Defender, the registry guardrail is scoped to its subscription', () => {
    expect(stacks.management.count('azurerm_security_center_subscription_pricing')).toBe(13);
    expect(stacks.workloads.count('azurerm_security_center_subscription_pricing')).toBe(13);
    expect(stacks.workloads.only('azurerm_subscription_policy_assignment').subscription_id).toBe('/subscriptions/33333333-3333-3333-3333-333333333333');
  });

  test('defender false and siemSources false switch those parts off', () => {
    const config = defaults();
    const workloads = { ...config.subscriptions[1], defender: false as const, siemSources: false as const, jit: undefined, registry: undefined };
    const { stacks: off } = build(parseConfig({ ...config, subscriptions: [config.subscriptions[0], workloads] }));
    expect(off.workloads.count('azurerm_security_center_subscription_pricing')).toBe(0);
    expect(off.workloads.count('azurerm_security_center_automation')).toBe(0);
    expect(off.management.count('azurerm_security_center_subscription_pricing')).toBe(13);
  });

  test('an azurerm backend gives each stack its own state key', () => {
    const config = { ...defaults(), backend: { type: 'azurerm' as const, resourceGroupName: 'rg-tfstate', storageAccountName: 'sttfstate01', containerName: 'tfstate', keyPrefix: 'guardrails/' } };
    const { stacks: remote } = build(parseConfig(config));
    expect((remote.workloads.json as { terraform: { backend: { azurerm: unknown } } }).terraform.backend.azurerm).toEqual({
      container_name: 'tfstate', key: 'guardrails/workloads.tfstate', resource_group_name: 'rg-tfstate', storage_account_name: 'sttfstate01', use_azuread_auth: true,
    });
  });

  describe('management-group stack', () => {
    const group = () => stacks['management-group'];
    const assignments = () => Object.fromEntries(group().list('azurerm_management_group_policy_assignment').map((a) => [a.name as string, a]));
    const params = (name: string) => JSON.parse(assignments()[name].parameters as string) as Record<string, { value: unknown }>;

    test('deploys after the central SIEM, at the management group, from its own subscription', () => {
      expect(baseline.managementGroup!.dependencies).toEqual([baseline.subscriptions[0]]);
      const json = group().json as { provider: { azurerm: { subscription_id: string }[] } };
      expect(json.provider.azurerm[0].subscription_id).toBe('22222222-2222-2222-2222-222222222222');
      expect(Object.keys(assignments()).sort()).toEqual(['gr-defender', 'gr-network', 'gr-registry', 'gr-siem-eventhub', 'gr-siem-loganalytics']);
      for (const a of Object.values(assignments())) expect(a.management_group_id).toBe('/providers/Microsoft.Management/managementGroups/contoso-landing-zones');
    });

    test('one owner per setting: listed subscriptions are left to their stacks for Defender and logs only', () => {
      const listed = ['/subscriptions/22222222-2222-2222-2222-222222222222', '/subscriptions/33333333-3333-3333-3333-333333333333'];
      const a = assignments();
      expect(a['gr-defender'].not_scopes).toEqual(listed);
      expect(a['gr-siem-eventhub'].not_scopes).toEqual(listed);
      expect(a['gr-siem-loganalytics'].not_scopes).toEqual(listed);
      expect(a['gr-network'].not_scopes).toBeUndefined();
      expect(a['gr-registry'].not_scopes).toBeUndefined();
    });

    test('parameters come from the config: contact, central destination, JIT sources, trusted registry', () => {
      expect(params('gr-defender').securityContactEmails.value).toBe('secops@contoso.com');
      expect(params('gr-siem-loganalytics').logAnalyticsWorkspaceId.value)
        .toBe('/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-security-siem/providers/Microsoft.OperationalInsights/workspaces/law-security-siem');
      expect(params('gr-siem-eventhub').eventHubName.value).toBe('security-logs');
      expect(params('gr-network').jitAllowedSourceAddressPrefix.value).toBe('10.0.0.0/26');
      expect(params('gr-registry').allowedContainerImagesRegex.value).toBe('^crcontosotrusted\\.azurecr\\.io/.+$');
    });

    test('the deploying identities get roles on the central workspace too (LinkedAuthorizationFailed otherwise)', () => {
      const scopes = group().list('azurerm_role_assignment').map((r) => r.scope);
      expect(scopes).toContain('/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-security-siem/providers/Microsoft.OperationalInsights/workspaces/law-security-siem');
      // Existing resources are remediated per subscription, re-evaluating compliance first (issue 11 item 4).
      const tasks = remediationsOf(group());
      expect(group().count('azurerm_management_group_policy_remediation')).toBe(0);
      expect(new Set(tasks.map((t) => t.subscriptionId))).toEqual(new Set(['22222222-2222-2222-2222-222222222222', '33333333-3333-3333-3333-333333333333']));
      for (const t of tasks) expect(t.properties.resourceDiscoveryMode).toBe('ReEvaluateCompliance');
    });

    test('no onboarding section, no management-group stack', () => {
      const config = defaults();
      const { baseline: without } = build(parseConfig({ ...config, managementGroup: { ...config.managementGroup!, onboarding: undefined } }));
      expect(without.managementGroup).toBeUndefined();
      const { baseline: disabled } = build(parseConfig({ ...config, managementGroup: { ...config.managementGroup!, onboarding: { enabled: false } } }));
      expect(disabled.managementGroup).toBeUndefined();
    });
  });

  test('synthesized baseline (snapshot)', () => {
    // Subscription stacks in full; the management group's as a summary (the policy texts are pinned to the files
    // in test/policy and test/onboarding).
    const summary = (json: Synthesized['json']) => Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, resources]) => [
      type, Object.values(resources).map((r) => r.name ?? r.display_name).sort(),
    ]));
    const all = Object.fromEntries(Object.entries(stacks).map(([k, v]) => [k, k === 'management-group' ? summary(v.json) : v.json]));
    expect(JSON.parse(JSON.stringify(all).split(process.cwd()).join('<cwd>'))).toMatchSnapshot();
  });
  test('a registry Deny at the management group exempts the config\'s own registries from that member (issue 11 item 9)', () => {
    const config = defaults();
    const registry = { allowedContainerImagesRegex: '^x$', exportEffect: 'Deny' as const, quarantinePolicyEffect: 'Deny' as const };
    const { stacks: denied } = build(parseConfig({ ...config, managementGroup: { ...config.managementGroup!, onboarding: { ...config.managementGroup!.onboarding, registry } } }));
    const reg = '/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-registry/providers/Microsoft.ContainerRegistry/registries';
    expect(denied['management-group'].list('azurerm_resource_policy_exemption').map((e) => `${e.resource_id} ${(e.policy_definition_reference_ids as string[]).join()}`)).toEqual([
      `${reg}/crcontosotrustedq acr-export-disabled`,        // the quarantine registry: promotion imports from it
      `${reg}/crcontosotrusted acr-quarantine-policy-enabled`, // the trusted registry: receives scanned images only
    ]);
  });
});
