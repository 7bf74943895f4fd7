import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { buildBaseline, centralSiemIds } from '../../stacks/baseline';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../stacks/config/load';
import type { BaselineConfig } from '../../stacks/config/types';
import { wrap, Synthesized } from '../helpers/synth';

const defaults = (): BaselineConfig => JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));

function build(config: BaselineConfig = loadConfig(DEFAULT_CONFIG_PATH)) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-app-')) });
  const baseline = buildBaseline(app, config);
  const stacks: Record<string, Synthesized> = {};
  for (const stack of baseline.subscriptions) stacks[stack.node.id] = wrap(Testing.synth(stack, true));
  return { app, baseline, stacks };
}

describe('reference app', () => {
  const { baseline, stacks } = build();

  test('one stack per subscription, each with its own provider and state', () => {
    expect(Object.keys(stacks)).toEqual(['management', 'workloads']);
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
    const ids = centralSiemIds(config.siem!);
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
    expect(management.list('azurerm_resource_group').map((g) => g.name).sort()).toEqual(['rg-connectivity', 'rg-security-siem']);
    expect(management.only('azurerm_bastion_host').resource_group_name).toMatch(/^\$\{azurerm_resource_group\.ResourceGroup-rg-connectivity\.name\}$/);
    expect(management.only('azurerm_log_analytics_workspace').resource_group_name).toMatch(/azurerm_resource_group\.ResourceGroup-rg-security-siem/);
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

  test('synthesized baseline (snapshot)', () => {
    const text = JSON.stringify(Object.fromEntries(Object.entries(stacks).map(([k, v]) => [k, v.json])), null, 1)
      .split(process.cwd()).join('<cwd>');
    expect(JSON.parse(text)).toMatchSnapshot();
  });
});
