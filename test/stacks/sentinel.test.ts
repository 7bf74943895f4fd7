/**
 * The reference app's Sentinel wiring: the config turns each part on, the central (management) stack synthesizes
 * them, and every subscription's Defender for Cloud alert sync follows the incident flow.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { buildBaseline } from '../../stacks/baseline';
import { ConfigError, DEFAULT_CONFIG_PATH, parseConfig } from '../../stacks/config/load';
import type { BaselineConfig } from '../../stacks/config/types';
import { wrap, Synthesized } from '../helpers/synth';

/** A config as JSON, edited freely by the tests (the schema decides what is valid). */
type Json = ReturnType<typeof JSON.parse>;
const defaults = (): Json => JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
const SUBNET = '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-connectivity/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe';

function build(config: Json): Record<string, Synthesized> {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-sentinel-')) });
  const baseline = buildBaseline(app, parseConfig(config) as BaselineConfig);
  return Object.fromEntries(baseline.subscriptions.map((s) => [s.node.id, wrap(Testing.synth(s, true))]));
}

function errorsOf(config: Json): string[] {
  try {
    parseConfig(config, 'test.json');
  } catch (e) {
    if (e instanceof ConfigError) return e.errors;
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

const sentinelSetting = (s: Synthesized) => s.list('azurerm_security_center_setting').find((x) => x.setting_name === 'Sentinel');

describe('the embedded default config', () => {
  const stacks = build(defaults());
  const management = stacks.management;

  test('the management stack synthesizes Defender XDR incident integration, the Fusion rule, the detections and the shared queries', () => {
    expect(management.count('azurerm_sentinel_data_connector_microsoft_threat_protection')).toBe(1);
    expect(management.count('azurerm_sentinel_alert_rule_ms_security_incident')).toBe(0);
    expect(management.only('azurerm_sentinel_alert_rule_fusion')).toMatchObject({ enabled: true, alert_rule_template_guid: 'f71aba3d-28fb-450b-b192-4e76a83015c8' });
    expect(management.list('azurerm_sentinel_alert_rule_scheduled').map((r) => r.name).sort()).toEqual([
      'guardrails-defender-plan-downgrade', 'guardrails-management-from-unexpected-country', 'guardrails-policy-protection-removed',
      'guardrails-privileged-role-change', 'guardrails-siem-logging-removed', 'guardrails-signin-to-disabled-account',
    ]);
    expect(management.count('azurerm_log_analytics_saved_search')).toBe(3);
    const queries = management.only('azurerm_resource_group_template_deployment');
    expect(queries.resource_group_name).toBe('${azurerm_resource_group.ResourceGroup-rg-security-siem.name}');
    expect(String(queries.template_content)).toContain('=~ \\"contoso-landing-zones\\"');
  });

  test('the allowed countries of the config reach the detection', () => {
    const rule = management.list('azurerm_sentinel_alert_rule_scheduled').find((r) => r.name === 'guardrails-management-from-unexpected-country')!;
    expect(String(rule.query)).toContain('dynamic(["GB", "IE", "NL"])');
  });

  test('nothing Sentinel in the other subscriptions; every Defender for Cloud keeps bi-directional alert sync off (Defender XDR owns the incidents)', () => {
    const workloads = stacks.workloads;
    for (const type of ['azurerm_sentinel_alert_rule_scheduled', 'azurerm_sentinel_alert_rule_fusion', 'azurerm_log_analytics_saved_search']) {
      expect(workloads.count(type)).toBe(0);
    }
    for (const s of [management, workloads]) expect(sentinelSetting(s)).toMatchObject({ enabled: false });
  });
});

describe('config variants', () => {
  test('incident creation rules instead of Defender XDR: no XDR connector, rules per product, alert sync on everywhere', () => {
    const config = defaults();
    config.siem.sentinel = {
      incidents: { defenderXdr: false, microsoftIncidentRules: [{ product: 'DefenderForCloud' }, { product: 'EntraIdProtection', minimumSeverity: 'High' }] },
    };
    const stacks = build(config);
    expect(stacks.management.count('azurerm_sentinel_data_connector_microsoft_threat_protection')).toBe(0);
    expect(stacks.management.list('azurerm_sentinel_alert_rule_ms_security_incident').map((r) => [r.product_filter, r.severity_filter])).toEqual([
      ['Azure Security Center', ['Medium', 'High']], ['Azure Active Directory Identity Protection', ['High']],
    ]);
    expect(stacks.management.count('azurerm_sentinel_alert_rule_scheduled')).toBe(0);
    for (const s of Object.values(stacks)) expect(sentinelSetting(s)).toMatchObject({ enabled: true });
  });

  test('sentinel: true onboards only; the alert sync setting is left alone', () => {
    const config = defaults();
    config.siem.sentinel = true;
    const stacks = build(config);
    expect(stacks.management.count('azurerm_sentinel_log_analytics_workspace_onboarding')).toBe(1);
    expect(stacks.management.count('azurerm_sentinel_alert_rule_fusion')).toBe(0);
    for (const s of Object.values(stacks)) expect(sentinelSetting(s)).toBeUndefined();
  });

  test('private access: the scope, the endpoint in the configured subnet, the five zones, the workspace private', () => {
    const config = defaults();
    config.siem.privateAccess = { subnetId: SUBNET };
    const management = build(config).management;
    expect(management.only('azurerm_monitor_private_link_scope')).toMatchObject({ ingestion_access_mode: 'PrivateOnly', query_access_mode: 'PrivateOnly' });
    // The subnet lies in the VNet the stack creates (the Bastion's): its id starts with a reference to that VNet,
    // so Terraform creates the VNet first (issue 11 item 2).
    const vnet = Object.keys(management.resources('azurerm_virtual_network'))[0];
    expect(management.only('azurerm_private_endpoint')).toMatchObject({ subnet_id: `\${azurerm_virtual_network.${vnet}.id}/subnets/snet-pe`, location: 'westeurope' });
    expect(management.count('azurerm_private_dns_zone')).toBe(5);
    // The zones link the subnet's VNet, derived from the subnet id in Terraform (so again after the VNet).
    for (const link of management.list('azurerm_private_dns_zone_virtual_network_link')) expect(link.virtual_network_id).toContain(`\${azurerm_virtual_network.${vnet}.id}/subnets/snet-pe`);
    expect(management.only('azurerm_log_analytics_workspace')).toMatchObject({ internet_ingestion_enabled: false, internet_query_enabled: false });
  });

  test('the detections and queries compare against the Defender plans the management group enforces', () => {
    const config = defaults();
    config.managementGroup.onboarding.defender = { recommended: false, plans: [{ plan: 'VirtualMachines', subPlan: 'P1' }] };
    const management = build(config).management;
    const rule = management.list('azurerm_sentinel_alert_rule_scheduled').find((r) => r.name === 'guardrails-defender-plan-downgrade')!;
    expect(String(rule.query)).toContain('let baseline = dynamic({"virtualmachines":{"subPlan":"P1","extensions":[]}});');
  });
});

describe('config errors', () => {
  test('a subscription that sets Defender\'s alert sync against the incident flow', () => {
    const config = defaults();
    config.subscriptions[1].defender = { integrations: { sentinel: true } };
    expect(errorsOf(config)).toEqual([expect.stringMatching(/^\$\.subscriptions\[1\]\.defender\.integrations\.sentinel: true contradicts \$\.siem\.sentinel\.incidents, which needs Defender for Cloud's bi-directional alert sync off/)]);
  });

  test.each<[string, (c: Json) => void, RegExp]>([
    ['an unknown incident product', (c) => { c.siem.sentinel.incidents.microsoftIncidentRules = [{ product: 'Sentinel' }]; }, /^\$\.siem\.sentinel\.incidents\.microsoftIncidentRules\[0\]\.product: must be one of "DefenderForCloud"/],
    ['a lower-case country', (c) => { c.siem.sentinel.detections.allowedCountries = ['gb']; }, /^\$\.siem\.sentinel\.detections\.allowedCountries\[0\]: must match pattern/],
    ['a misspelt part', (c) => { c.siem.sentinel.detection = true; }, /unknown property "detection"/],
    ['a misspelt detection', (c) => { c.siem.sentinel.detections.detections = { signInToDisabledAccounts: false }; }, /unknown property "signInToDisabledAccounts"/],
    ['private access without a subnet', (c) => { c.siem.privateAccess = {}; }, /^\$\.siem\.privateAccess: missing required property "subnetId"/],
    ['an incomplete set of given DNS zones', (c) => { c.siem.privateAccess = { subnetId: SUBNET, privateDnsZoneIds: { 'privatelink.monitor.azure.com': 'x' } }; }, /missing required property "privatelink\.oms\.opinsights\.azure\.com"/],
  ])('%s', (_name, edit, message) => {
    const config = defaults();
    edit(config);
    expect(errorsOf(config)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('a rule for a product Defender XDR owns is refused when the stacks are built, with the reason', () => {
    const config = defaults();
    config.siem.sentinel.incidents.microsoftIncidentRules = [{ product: 'DefenderForEndpoint' }];
    // A config error with the JSON path (issue 11 item 11), naming the construct and prop that refused it.
    expect(() => build(config)).toThrow(/\$\.siem\.sentinel\.incidents\.microsoftIncidentRules\[0\]\.product: invalid "DefenderForEndpoint": Defender XDR incident integration already creates the incidents.*\(construct management\/SentinelIncidents, prop microsoftIncidentRules\[0\]\.product\)/);
  });
});
