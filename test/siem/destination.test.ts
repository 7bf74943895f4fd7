import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { TerraformLocal, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { SiemDestination, SiemDestinationProps } from '../../lib/siem';
import { annotationIds, warnings } from '../helpers/annotations';
import { inFreshStack } from '../helpers/construct';
import { synth } from '../helpers/synth';

const SUB = '00000000-0000-0000-0000-000000000001';
const SUB2 = '00000000-0000-0000-0000-000000000002';
const WS_ID = `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/law-existing`;
const NS_ID = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.EventHub/namespaces/evhns-existing`;
const BASE: SiemDestinationProps = { resourceGroupName: 'rg-security-siem', location: 'westeurope' };

function build(props: Partial<SiemDestinationProps> = {}) {
  let destination!: SiemDestination;
  const out = synth((stack) => {
    destination = new SiemDestination(stack, 'Siem', { ...BASE, ...props });
  });
  return { out, destination };
}

/** What a value renders to in the synthesized stack of `scope` (through a local). */
function rendered(scope: Construct, value: string | undefined): unknown {
  const stack = TerraformStack.of(scope);
  const local = new TerraformLocal(stack, `Rendered${stack.node.children.length}`, value);
  return (JSON.parse(Testing.synth(stack)) as { locals: Record<string, unknown> }).locals[local.friendlyUniqueId];
}

/** Constructs a destination in a fresh stack without synthesizing (for validation errors). */
function construct(props: Partial<SiemDestinationProps>): SiemDestination {
  return inFreshStack((stack) => new SiemDestination(stack, 'Siem', { ...BASE, ...props } as SiemDestinationProps));
}

describe('SiemDestination: workspace and Sentinel', () => {
  test('defaults snapshot', () => {
    expect(build().out.json.resource).toMatchSnapshot();
  });

  test('creates a hardened, protected workspace with 90 days retention by default', () => {
    const ws = build().out.only('azurerm_log_analytics_workspace');
    expect(ws).toMatchObject({
      resource_group_name: 'rg-security-siem',
      location: 'westeurope',
      sku: 'PerGB2018',
      retention_in_days: 90,
      local_authentication_enabled: false,
      internet_ingestion_enabled: true,
      internet_query_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(ws.name).toMatch(/^law-siem-[0-9a-f]{8}$/);
    expect(ws).not.toHaveProperty('local_authentication_disabled');
    expect(ws).not.toHaveProperty('daily_quota_gb');
  });

  test('workspace options map to azurerm arguments', () => {
    const { out } = build({
      workspace: {
        name: 'law-security-siem', retentionInDays: 730, dailyQuotaGb: 50, internetIngestionEnabled: false, internetQueryEnabled: false,
        localAuthenticationEnabled: true,
      },
    });
    expect(out.only('azurerm_log_analytics_workspace')).toMatchObject({
      name: 'law-security-siem', retention_in_days: 730, daily_quota_gb: 50, internet_ingestion_enabled: false, internet_query_enabled: false,
      local_authentication_enabled: true,
    });
  });

  test('the workspace\'s prevent_destroy can be opted out of', () => {
    expect(build({ workspace: { preventDestroy: false } }).out.only('azurerm_log_analytics_workspace')).not.toHaveProperty('lifecycle');
  });

  test('a daily cap on a Sentinel workspace is warned about', () => {
    const { destination } = build({ workspace: { dailyQuotaGb: 10 } });
    expect(warnings(destination).join('\n')).toMatch(/dailyQuotaGb \(10 GB\).*dropped/);
    expect(annotationIds(destination)).toEqual(['guardrails:siem:sentinel-daily-cap']);
  });

  test('a daily cap on a workspace without Sentinel is not warned about', () => {
    expect(warnings(build({ workspace: { dailyQuotaGb: 10 }, sentinel: false }).destination)).toEqual([]);
  });

  test('onboards Sentinel and deploys the default connectors after onboarding', () => {
    const { out } = build();
    const onboarding = out.only('azurerm_sentinel_log_analytics_workspace_onboarding');
    expect(onboarding.workspace_id).toMatch(/^\$\{azurerm_log_analytics_workspace\.Siem_Workspace_[0-9A-F]+\.id\}$/);
    const afterOnboarding = /^\$\{azurerm_sentinel_log_analytics_workspace_onboarding\.Siem_Sentinel_[0-9A-F]+\.workspace_id\}$/;
    for (const type of [
      'azurerm_sentinel_data_connector_azure_security_center',
      'azurerm_sentinel_data_connector_microsoft_threat_protection',
      'azurerm_sentinel_data_connector_microsoft_defender_advanced_threat_protection',
      'azurerm_sentinel_data_connector_azure_active_directory',
    ]) {
      expect(out.only(type).log_analytics_workspace_id).toMatch(afterOnboarding);
    }
    expect(out.count('azurerm_sentinel_data_connector_azure_advanced_threat_protection')).toBe(0);
    expect(out.only('azurerm_sentinel_data_connector_azure_security_center')).not.toHaveProperty('subscription_id');
  });

  test('one Defender for Cloud connector per listed subscription, tenant id on the tenant connectors', () => {
    const tenant = '11111111-1111-1111-1111-111111111111';
    const { out } = build({
      sentinel: {
        defenderForCloudSubscriptionIds: [SUB, SUB2], tenantId: tenant,
        dataConnectors: ['AzureSecurityCenter', 'MicrosoftThreatProtection', 'AzureAdvancedThreatProtection'],
      },
    });
    expect(out.list('azurerm_sentinel_data_connector_azure_security_center').map((c) => c.subscription_id).sort()).toEqual([SUB, SUB2]);
    expect(out.only('azurerm_sentinel_data_connector_microsoft_threat_protection').tenant_id).toBe(tenant);
    expect(out.only('azurerm_sentinel_data_connector_azure_advanced_threat_protection').tenant_id).toBe(tenant);
    expect(out.count('azurerm_sentinel_data_connector_azure_active_directory')).toBe(0);
    expect(out.count('azurerm_sentinel_data_connector_microsoft_defender_advanced_threat_protection')).toBe(0);
  });

  test('sentinel: false (or enabled: false) deploys neither onboarding nor connectors', () => {
    for (const sentinel of [false, { enabled: false }]) {
      const { out } = build({ sentinel });
      expect(out.count('azurerm_sentinel_log_analytics_workspace_onboarding')).toBe(0);
      expect(Object.keys(out.json.resource ?? {}).filter((t) => t.startsWith('azurerm_sentinel'))).toEqual([]);
    }
  });

  test('an existing workspace is used by id: nothing created, Sentinel onboarded on it', () => {
    const { out, destination } = build({ workspace: { existingWorkspaceId: WS_ID, existingWorkspaceLocation: 'westeurope' } });
    expect(out.count('azurerm_log_analytics_workspace')).toBe(0);
    expect(out.only('azurerm_sentinel_log_analytics_workspace_onboarding').workspace_id).toBe(WS_ID);
    expect(destination.workspaceId).toBe(WS_ID);
    expect(destination.workspaceLocation).toBe('westeurope');
  });

  test('an existing workspace\'s customer id is read with a data source only when needed', () => {
    const { out } = build({ workspace: { existingWorkspaceId: WS_ID } });
    expect((out.json.data as Record<string, unknown> | undefined)?.azurerm_log_analytics_workspace).toBeUndefined();
    const read = synth((stack) => {
      const d = new SiemDestination(stack, 'Siem', { ...BASE, workspace: { existingWorkspaceId: WS_ID } });
      expect(d.workspaceCustomerId).toMatch(/\$\{TfToken\[/);
    });
    const data = (read.json.data as Record<string, Record<string, Record<string, unknown>>>).azurerm_log_analytics_workspace;
    expect(Object.values(data)).toEqual([expect.objectContaining({ name: 'law-existing', resource_group_name: 'rg-sec' })]);
  });

  test('ids() and the ILogDestination members are ids and names, the created ones as references', () => {
    const { destination } = build({ eventHub: { hubName: 'security-logs' } });
    const ids = destination.ids();
    expect(Object.keys(ids).sort()).toEqual([
      'eventHubAuthorizationRuleId', 'eventHubExportAuthorizationRuleId', 'eventHubId', 'eventHubName', 'eventHubNamespaceId', 'workspaceCustomerId',
      'workspaceId', 'workspaceLocation',
    ]);
    // The hub's name is its `name` attribute: a diagnostic setting of the same stack that names the hub waits for it.
    expect(rendered(destination, ids.eventHubName)).toBe(`\${azurerm_eventhub.${destination.eventHub!.friendlyUniqueId}.name}`);
    expect(destination.eventHubExportRule).toEqual({
      name: 'siem-export-send', eventHubName: 'security-logs', namespaceName: expect.stringMatching(/^evhns-siem-[0-9a-f]{8}$/), resourceGroupName: 'rg-security-siem',
    });
  });
});

describe('SiemDestination.idsFor', () => {
  const NAMES = { subscriptionId: SUB, resourceGroupName: 'rg-security-siem', workspaceName: 'law-security-siem', eventHub: { namespaceName: 'evhns-contoso-siem', hubName: 'security-logs' } };
  const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-security-siem`;
  const NAMESPACE = `${GROUP}/providers/Microsoft.EventHub/namespaces/evhns-contoso-siem`;

  test('computes every id from the names', () => {
    expect(SiemDestination.idsFor(NAMES)).toEqual({
      workspaceId: `${GROUP}/providers/Microsoft.OperationalInsights/workspaces/law-security-siem`,
      eventHubNamespaceId: NAMESPACE,
      eventHubAuthorizationRuleId: `${NAMESPACE}/authorizationRules/siem-diagnostics-send`,
      eventHubName: 'security-logs',
      eventHubId: `${NAMESPACE}/eventhubs/security-logs`,
      eventHubExportAuthorizationRuleId: `${NAMESPACE}/eventhubs/security-logs/authorizationRules/siem-export-send`,
    });
  });

  test('names the resources and rules the construct creates with the same names', () => {
    const { out } = build({ subscriptionId: SUB, workspace: { name: NAMES.workspaceName }, eventHub: NAMES.eventHub });
    const ids = SiemDestination.idsFor(NAMES);
    const last = (id: string | undefined) => id!.split('/').pop();
    expect(out.only('azurerm_log_analytics_workspace')).toMatchObject({ name: last(ids.workspaceId), resource_group_name: 'rg-security-siem' });
    expect(out.only('azurerm_eventhub_namespace').name).toBe(last(ids.eventHubNamespaceId));
    expect(out.only('azurerm_eventhub').name).toBe(last(ids.eventHubId));
    expect(out.only('azurerm_eventhub_namespace_authorization_rule')).toMatchObject({ name: last(ids.eventHubAuthorizationRuleId), send: true, listen: false });
    expect(out.list('azurerm_eventhub_authorization_rule').find((r) => r.name === last(ids.eventHubExportAuthorizationRuleId)))
      .toMatchObject({ send: true, listen: false, manage: false });
  });

  test('an Event Hub-only destination has no workspace id', () => {
    expect(SiemDestination.idsFor({ ...NAMES, workspaceName: undefined }).workspaceId).toBeUndefined();
  });

  test('a workspace-only destination has no Event Hub ids', () => {
    expect(SiemDestination.idsFor({ ...NAMES, eventHub: undefined })).toEqual({ workspaceId: `${GROUP}/providers/Microsoft.OperationalInsights/workspaces/law-security-siem` });
  });

  test.each<[string, object, RegExp]>([
    ['subscription', { subscriptionId: 'sub' }, /SiemDestination.idsFor: invalid subscriptionId "sub": must be a GUID/],
    ['resource group', { resourceGroupName: 'rg/x' }, /invalid resourceGroupName "rg\/x": must be a resource group name/],
    ['workspace', { workspaceName: 'a' }, /invalid workspaceName "a": must be 4-63 letters/],
    ['namespace', { eventHub: { namespaceName: 'ns', hubName: 'h' } }, /invalid eventHub.namespaceName "ns": must be 6-50/],
    ['hub', { eventHub: { namespaceName: 'evhns-x', hubName: '-h' } }, /invalid eventHub.hubName "-h"/],
    ['neither', { workspaceName: undefined, eventHub: undefined }, /a destination has a workspace, an eventHub, or both/],
  ])('refuses a bad %s', (_, patch, message) => {
    expect(() => SiemDestination.idsFor({ ...NAMES, ...patch })).toThrow(message);
  });

  test('errors name the scope given', () => {
    expect(() => SiemDestination.idsFor({ ...NAMES, subscriptionId: 'x' }, 'config.siem')).toThrow(/^config.siem: invalid subscriptionId/);
  });
});

describe('SiemDestination: Event Hub', () => {
  test('creates a Standard, TLS 1.2, firewalled, protected namespace and hub', () => {
    const { out } = build({ eventHub: { namespaceName: 'evhns-contoso-siem', hubName: 'security-logs', allowedIpRanges: ['203.0.113.0/24'] } });
    const ns = out.only('azurerm_eventhub_namespace');
    expect(ns).toMatchObject({
      name: 'evhns-contoso-siem', sku: 'Standard', capacity: 1, minimum_tls_version: '1.2', local_authentication_enabled: true,
      public_network_access_enabled: true,
      network_rulesets: [{ default_action: 'Deny', trusted_service_access_enabled: true, ip_rule: [{ ip_mask: '203.0.113.0/24', action: 'Allow' }] }],
      lifecycle: { prevent_destroy: true },
    });
    const hub = out.only('azurerm_eventhub');
    expect(hub).toMatchObject({ name: 'security-logs', partition_count: 4, message_retention: 7, lifecycle: { prevent_destroy: true } });
    expect(hub.namespace_id).toMatch(/azurerm_eventhub_namespace\.Siem_Namespace_[0-9A-F]+\.id/);
  });

  test('a Send-only namespace rule for diagnostic settings, Send-only and Listen-only hub rules, a consumer group', () => {
    const { out, destination } = build({ eventHub: { namespaceName: 'evhns-contoso-siem', hubName: 'security-logs' } });
    // Rules and the consumer group name the namespace and hub by reference, so Terraform creates them after both.
    const namespace = `\${azurerm_eventhub_namespace.${Object.keys(out.resources('azurerm_eventhub_namespace'))[0]}.name}`;
    const hub = `\${azurerm_eventhub.${Object.keys(out.resources('azurerm_eventhub'))[0]}.name}`;
    expect(out.only('azurerm_eventhub_namespace_authorization_rule')).toMatchObject({
      name: 'siem-diagnostics-send', namespace_name: namespace, resource_group_name: 'rg-security-siem', send: true, listen: false, manage: false,
    });
    const rules = Object.fromEntries(out.list('azurerm_eventhub_authorization_rule').map((r) => [r.name, r]));
    expect(rules['siem-export-send']).toMatchObject({ send: true, listen: false, manage: false, namespace_name: namespace, eventhub_name: hub });
    expect(rules['siem-consumer-listen']).toMatchObject({ send: false, listen: true, manage: false, namespace_name: namespace, eventhub_name: hub });
    expect(out.only('azurerm_eventhub_consumer_group')).toMatchObject({ name: 'siem', namespace_name: namespace, eventhub_name: hub });
    expect(destination.eventHubConsumerGroupName).toBe('siem');
    expect(destination.eventHubAuthorizationRuleId).toMatch(/\$\{TfToken\[/);
  });

  test('Premium, capacity, auto-inflate, retention and partitions', () => {
    const premium = build({ eventHub: { hubName: 'h', sku: 'Premium', capacity: 2, partitionCount: 100, messageRetentionInDays: 90 } }).out;
    expect(premium.only('azurerm_eventhub_namespace')).toMatchObject({ sku: 'Premium', capacity: 2 });
    expect(premium.only('azurerm_eventhub')).toMatchObject({ partition_count: 100, message_retention: 90 });
    const inflate = build({ eventHub: { hubName: 'h', capacity: 2, autoInflateMaximumThroughputUnits: 10 } }).out;
    expect(inflate.only('azurerm_eventhub_namespace')).toMatchObject({ auto_inflate_enabled: true, maximum_throughput_units: 10 });
  });

  test('network access choices', () => {
    const selected = build({ eventHub: { hubName: 'h', networkAccess: 'SelectedNetworks', allowedIpRanges: ['203.0.113.0/24'] } }).out.only('azurerm_eventhub_namespace');
    expect(selected).toMatchObject({ public_network_access_enabled: true, network_rulesets: [{ default_action: 'Deny', ip_rule: [{ ip_mask: '203.0.113.0/24', action: 'Allow' }] }] });
    const priv = build({ eventHub: { hubName: 'h', networkAccess: 'Private' } }).out.only('azurerm_eventhub_namespace');
    expect(priv).toMatchObject({ public_network_access_enabled: false, network_rulesets: [{ default_action: 'Deny', public_network_access_enabled: false, trusted_service_access_enabled: true }] });
    const pub = build({ eventHub: { hubName: 'h', networkAccess: 'Public' } }).out.only('azurerm_eventhub_namespace');
    expect(pub.public_network_access_enabled).toBe(true);
    expect(pub).not.toHaveProperty('network_rulesets');
  });

  test('without allowed ranges the namespace defaults to Private, never to a rule set without rules (issue 11 item 7)', () => {
    const ns = build({ eventHub: { hubName: 'h' } }).out.only('azurerm_eventhub_namespace');
    expect(ns.public_network_access_enabled).toBe(false);
    expect(ns.network_rulesets).toEqual([expect.objectContaining({ default_action: 'Deny', public_network_access_enabled: false, ip_rule: [] })]);
    const { destination } = build({ eventHub: { hubName: 'h', allowedIpRanges: ['203.0.113.0/24'] } });
    expect(destination.eventHubNetworkAccess).toBe('SelectedNetworks');
  });

  test('a namespace whose firewall has no rule is never public: every created rule set is Private or has an IP rule', () => {
    for (const eventHub of [{ hubName: 'h' }, { hubName: 'h', networkAccess: 'Private' as const }, { hubName: 'h', allowedIpRanges: ['198.51.100.0/24'] }]) {
      for (const rs of build({ eventHub }).out.only('azurerm_eventhub_namespace').network_rulesets as { public_network_access_enabled: boolean; ip_rule: unknown[]; virtual_network_rule: unknown[] }[]) {
        expect(rs.public_network_access_enabled === false || rs.ip_rule.length + rs.virtual_network_rule.length > 0).toBe(true);
      }
    }
  });

  test('local auth off is allowed but warned about (no source can write without SAS)', () => {
    const { out, destination } = build({ eventHub: { hubName: 'h', localAuthenticationEnabled: false } });
    expect(out.only('azurerm_eventhub_namespace').local_authentication_enabled).toBe(false);
    expect(warnings(destination).join('\n')).toMatch(/localAuthenticationEnabled is false.*SAS/);
    expect(annotationIds(destination)).toEqual(['guardrails:siem:event-hub-local-auth-off']);
  });

  test('an existing namespace gets the hub and rules; nothing else created', () => {
    const { out } = build({ workspace: false, eventHub: { existingNamespaceId: NS_ID, hubName: 'security-logs', preventDestroy: false } });
    expect(out.count('azurerm_eventhub_namespace')).toBe(0);
    expect(out.count('azurerm_log_analytics_workspace')).toBe(0);
    const hub = out.only('azurerm_eventhub');
    expect(hub.namespace_id).toBe(NS_ID);
    expect(hub).not.toHaveProperty('lifecycle');
    expect(out.only('azurerm_eventhub_namespace_authorization_rule')).toMatchObject({ namespace_name: 'evhns-existing', resource_group_name: 'rg-hub' });
  });

  test('Event Hub-only destination has no workspace target', () => {
    const { destination } = build({ workspace: false, sentinel: false, eventHub: { hubName: 'h' } });
    expect(destination.workspaceId).toBeUndefined();
    expect(destination.workspaceCustomerId).toBeUndefined();
    expect(rendered(destination, destination.eventHubName)).toMatch(/^\$\{azurerm_eventhub\.Siem_EventHub_[0-9A-F]+\.name\}$/);
    expect(build({ workspace: false, sentinel: { enabled: false }, eventHub: { hubName: 'h' } }).out.count('azurerm_sentinel_log_analytics_workspace_onboarding')).toBe(0);
  });
});

describe('SiemDestination: diagnostics and Entra ID', () => {
  test('addDiagnostics sends a resource\'s logs to both targets, or the chosen ones', () => {
    const target = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1`;
    const out = synth((stack) => {
      const d = new SiemDestination(stack, 'Siem', { ...BASE, eventHub: { hubName: 'h' } });
      d.addDiagnostics('KeyVault', target, { categoryGroup: 'audit' });
      d.addDiagnostics('KeyVaultToHub', target, { targets: ['eventHub'], name: 'to-hub', metrics: true });
      d.addDiagnostics('KeyVaultDedicated', target, { targets: ['workspace'], name: 'dedicated', logAnalyticsDestinationType: 'Dedicated' });
    });
    const settings = Object.fromEntries(out.list('azurerm_monitor_diagnostic_setting').map((s) => [s.name, s]));
    expect(settings['guardrails-siem']).toMatchObject({
      target_resource_id: target, enabled_log: [{ category_group: 'audit' }], eventhub_name: `\${azurerm_eventhub.${Object.keys(out.resources('azurerm_eventhub'))[0]}.name}`,
    });
    // Table mode only when asked for: types without resource-specific tables would show a diff on every plan.
    expect(settings['guardrails-siem']).not.toHaveProperty('log_analytics_destination_type');
    expect(settings.dedicated.log_analytics_destination_type).toBe('Dedicated');
    expect(settings['guardrails-siem'].log_analytics_workspace_id).toMatch(/azurerm_log_analytics_workspace/);
    expect(settings['guardrails-siem'].eventhub_authorization_rule_id).toMatch(/azurerm_eventhub_namespace_authorization_rule/);
    expect(settings['to-hub']).not.toHaveProperty('log_analytics_workspace_id');
    expect(settings['to-hub']).toMatchObject({ enabled_log: [{ category_group: 'allLogs' }], enabled_metric: [{ category: 'AllMetrics' }] });
  });

  test('Entra ID logs: opt-in tenant diagnostic setting with the default categories', () => {
    const { out } = build({ entraIdLogs: true });
    const setting = out.only('azurerm_monitor_aad_diagnostic_setting');
    expect((setting.enabled_log as { category: string }[]).map((l) => l.category)).toEqual([
      'AuditLogs', 'SignInLogs', 'NonInteractiveUserSignInLogs', 'ServicePrincipalSignInLogs', 'ManagedIdentitySignInLogs',
      'ProvisioningLogs', 'RiskyUsers', 'UserRiskEvents', 'RiskyServicePrincipals', 'ServicePrincipalRiskEvents',
    ]);
    expect(setting.log_analytics_workspace_id).toMatch(/azurerm_log_analytics_workspace/);
    expect(build().out.count('azurerm_monitor_aad_diagnostic_setting')).toBe(0);
    const chosen = build({ eventHub: { hubName: 'h' }, entraIdLogs: { categories: ['SignInLogs', 'AuditLogs'], targets: ['eventHub'] } }).out
      .only('azurerm_monitor_aad_diagnostic_setting');
    expect(chosen.enabled_log).toEqual([{ category: 'AuditLogs' }, { category: 'SignInLogs' }]);
    expect(chosen).not.toHaveProperty('log_analytics_workspace_id');
    expect(chosen.eventhub_name).toMatch(/^\$\{azurerm_eventhub\.Siem_EventHub_[0-9A-F]+\.name\}$/);
  });
});

describe('SiemDestination: azurerm name limits', () => {
  test('50-character consumer groups are accepted', () => {
    expect(build({ eventHub: { hubName: 'h', consumerGroupName: 'c'.repeat(50) } }).out.only('azurerm_eventhub_consumer_group').name).toBe('c'.repeat(50));
  });

  test('a hub name over 50 characters is accepted for the hub', () => {
    const long = 'h'.repeat(60);
    expect(build({ eventHub: { hubName: long } }).out.only('azurerm_eventhub').name).toBe(long);
  });

  test('a hub name over 50 characters is fine when the tenant setting sends to the workspace only', () => {
    const toWorkspace = build({ eventHub: { hubName: 'h'.repeat(60) }, entraIdLogs: { targets: ['workspace'] } }).out.only('azurerm_monitor_aad_diagnostic_setting');
    expect(toWorkspace).not.toHaveProperty('eventhub_name');
  });
});

describe('SiemDestination: secrets and protection', () => {
  test('no outputs, and no key or connection string anywhere but the same-stack export action', () => {
    const { out } = build({ eventHub: { hubName: 'h' }, entraIdLogs: true });
    expect(out.json.output).toBeUndefined();
    const text = JSON.stringify(out.json);
    expect(text).not.toMatch(/primary_key|secondary_key|shared_key|connection_string|default_primary/);
  });

  test('every stateful resource carries prevent_destroy', () => {
    const { out } = build({ eventHub: { hubName: 'h' } });
    for (const type of ['azurerm_log_analytics_workspace', 'azurerm_sentinel_log_analytics_workspace_onboarding', 'azurerm_eventhub_namespace', 'azurerm_eventhub']) {
      expect(out.only(type).lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  test('each prevent_destroy has its opt-out', () => {
    const { out } = build({
      workspace: { preventDestroy: false }, sentinel: { preventDestroy: false }, eventHub: { hubName: 'h', preventDestroy: false },
    });
    for (const type of ['azurerm_log_analytics_workspace', 'azurerm_sentinel_log_analytics_workspace_onboarding', 'azurerm_eventhub_namespace', 'azurerm_eventhub']) {
      expect(out.only(type)).not.toHaveProperty('lifecycle');
    }
  });

  test('a SiemDestination used by another stack only exports non-secret ids', () => {
    const app = Testing.app();
    const central = new TerraformStack(app, 'central');
    new AzurermProvider(central, 'azurerm', { features: [{}], subscriptionId: SUB });
    const siem = new SiemDestination(central, 'Siem', { ...BASE, eventHub: { hubName: 'h' } });
    const spoke = new TerraformStack(app, 'spoke');
    new AzurermProvider(spoke, 'azurerm', { features: [{}], subscriptionId: SUB2 });
    new ConsumerOfIds(spoke, 'Uses', siem);
    app.synth();
    const outputs = Object.values((JSON.parse(Testing.synth(central)).output ?? {}) as Record<string, { value: string }>);
    expect(outputs.length).toBeGreaterThan(0); // cdktf's cross-stack outputs for the ids
    for (const output of outputs) {
      expect(output.value).toMatch(/\.(id|name)\}$/);
      expect(output.value).not.toMatch(/connection_string|primary_key|secondary_key/);
    }
  });
});

/** A construct in another stack that references every id of the destination (as the reference app does). */
class ConsumerOfIds extends Construct {
  constructor(scope: Construct, id: string, siem: SiemDestination) {
    super(scope, id);
    new MonitorDiagnosticSetting(this, 'S', {
      name: 'x', targetResourceId: `/subscriptions/${SUB2}`, logAnalyticsWorkspaceId: siem.workspaceId, eventhubAuthorizationRuleId: siem.eventHubAuthorizationRuleId,
      eventhubName: siem.eventHubName, enabledLog: [{ category: 'Administrative' }],
    });
  }
}

describe('SiemDestination: bad input', () => {
  const cases: [string, Partial<SiemDestinationProps>, RegExp][] = [
    ['workspace retention below 30', { workspace: { retentionInDays: 29 } }, /Siem: invalid workspace\.retentionInDays 29: must be a whole number from 30 to 730/],
    ['workspace retention above 730', { workspace: { retentionInDays: 731 } }, /invalid workspace\.retentionInDays 731: must be a whole number from 30 to 730/],
    ['fractional retention', { workspace: { retentionInDays: 90.5 } }, /invalid workspace\.retentionInDays 90\.5/],
    ['negative daily quota', { workspace: { dailyQuotaGb: -1 } }, /invalid workspace\.dailyQuotaGb -1: must be a positive number/],
    ['bad workspace name', { workspace: { name: '-law' } }, /invalid workspace\.name "-law": must be 4-63 letters/],
    ['invalid existing workspace id', { workspace: { existingWorkspaceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x` } },
      /invalid workspace\.existingWorkspaceId ".*": must be the resource id of a Microsoft\.OperationalInsights\/workspaces/],
    ['existing workspace with a name', { workspace: { existingWorkspaceId: WS_ID, name: 'law-x' } }, /invalid workspace\.name "law-x": cannot be set with existingWorkspaceId/],
    ['customer id without existing workspace', { workspace: { existingWorkspaceCustomerId: SUB } }, /invalid workspace\.existingWorkspaceCustomerId .*only applies with existingWorkspaceId/],
    ['bad existing customer id', { workspace: { existingWorkspaceId: WS_ID, existingWorkspaceCustomerId: 'abc' } }, /invalid workspace\.existingWorkspaceCustomerId "abc": must be a GUID/],
    ['location not allowed', { location: 'eastus', allowedLocations: ['westeurope', 'northeurope'] },
      /invalid location "eastus": is not in allowedLocations: must be one of "westeurope" or "northeurope"/],
    ['existing workspace location not allowed', { allowedLocations: ['westeurope'], workspace: { existingWorkspaceId: WS_ID, existingWorkspaceLocation: 'eastus' } },
      /invalid workspace\.existingWorkspaceLocation "eastus": is not in allowedLocations/],
    ['empty allowedLocations', { allowedLocations: [] }, /invalid allowedLocations \[\]: must list one or more regions/],
    ['bad allowed location', { allowedLocations: ['West Europe'] }, /invalid allowedLocations\[0\] "West Europe": must be an Azure region name/],
    ['bad location', { location: 'West Europe' }, /invalid location "West Europe": must be an Azure region name/],
    ['bad subscription id', { subscriptionId: 'contoso-security' }, /invalid subscriptionId "contoso-security": must be a GUID/],
    ['no resource group', { resourceGroupName: '' }, /invalid resourceGroupName "": must name an existing resource group/],
    ['no target at all', { workspace: false }, /invalid workspace false: a destination needs a workspace, an eventHub, or both/],
    ['sentinel without workspace', { workspace: false, sentinel: true, eventHub: { hubName: 'h' } }, /invalid sentinel true: needs a workspace/],
    ['unknown connector', { sentinel: { dataConnectors: ['Office365' as never] } }, /invalid sentinel\.dataConnectors\[0\] "Office365": must be one of "AzureSecurityCenter"/],
    ['duplicate connector', { sentinel: { dataConnectors: ['AzureActiveDirectory', 'AzureActiveDirectory'] } }, /invalid sentinel\.dataConnectors\[1\] "AzureActiveDirectory": is listed twice/],
    ['empty connectors', { sentinel: { dataConnectors: [] } }, /invalid sentinel\.dataConnectors \[\]: must list one or more values/],
    ['bad Defender subscription', { sentinel: { defenderForCloudSubscriptionIds: ['sub-1'] } }, /invalid sentinel\.defenderForCloudSubscriptionIds\[0\] "sub-1": must be a GUID/],
    ['duplicate Defender subscription', { sentinel: { defenderForCloudSubscriptionIds: [SUB, SUB.toUpperCase()] } }, /lists a subscription twice/],
    ['bad tenant', { sentinel: { tenantId: 'contoso.onmicrosoft.com' } }, /invalid sentinel\.tenantId "contoso\.onmicrosoft\.com": must be a GUID/],
    ['Event Hub without a hub name', { eventHub: {} as never }, /invalid eventHub\.hubName undefined: is required: name the Event Hub/],
    ['Event Hub with an empty hub name', { eventHub: { hubName: '' } }, /invalid eventHub\.hubName "": is required/],
    ['bad hub name', { eventHub: { hubName: 'logs!' } }, /invalid eventHub\.hubName "logs!": must be 1-256 letters/],
    ['Basic tier', { eventHub: { hubName: 'h', sku: 'Basic' as never } }, /invalid eventHub\.sku "Basic": must be one of "Standard" or "Premium"/],
    ['Standard with 33 partitions', { eventHub: { hubName: 'h', partitionCount: 33 } }, /invalid eventHub\.partitionCount 33: must be a whole number from 1 to 32/],
    ['Standard with 8 days retention', { eventHub: { hubName: 'h', messageRetentionInDays: 8 } }, /invalid eventHub\.messageRetentionInDays 8: must be a whole number from 1 to 7/],
    ['Premium with 91 days retention', { eventHub: { hubName: 'h', sku: 'Premium', messageRetentionInDays: 91 } }, /invalid eventHub\.messageRetentionInDays 91: must be a whole number from 1 to 90/],
    ['Standard capacity 41', { eventHub: { hubName: 'h', capacity: 41 } }, /invalid eventHub\.capacity 41: must be a whole number from 1 to 40/],
    ['Premium capacity 3', { eventHub: { hubName: 'h', sku: 'Premium', capacity: 3 } }, /invalid eventHub\.capacity 3: must be 1, 2, 4, 8 or 16/],
    ['auto-inflate below capacity', { eventHub: { hubName: 'h', capacity: 4, autoInflateMaximumThroughputUnits: 2 } },
      /invalid eventHub\.autoInflateMaximumThroughputUnits 2: must be a whole number from 4 to 40/],
    ['auto-inflate on Premium', { eventHub: { hubName: 'h', sku: 'Premium', autoInflateMaximumThroughputUnits: 4 } }, /autoInflateMaximumThroughputUnits 4: only applies to the Standard tier/],
    ['unknown network access', { eventHub: { hubName: 'h', networkAccess: 'Open' as never } }, /invalid eventHub\.networkAccess "Open": must be one of "SelectedNetworks", "Private" or "Public"/],
    ['IP ranges with Private', { eventHub: { hubName: 'h', networkAccess: 'Private', allowedIpRanges: ['203.0.113.0/24'] } }, /allowedIpRanges .*only applies with networkAccess "SelectedNetworks"/],
    ['SelectedNetworks without a range (Azure would let every network in)', { eventHub: { hubName: 'h', networkAccess: 'SelectedNetworks' } },
      /invalid eventHub\.networkAccess "SelectedNetworks": needs at least one eventHub\.allowedIpRanges entry .*all traffic .*"Private" .*"Public"/],
    ['SelectedNetworks with an empty range list', { eventHub: { hubName: 'h', networkAccess: 'SelectedNetworks', allowedIpRanges: [] } },
      /invalid eventHub\.networkAccess "SelectedNetworks": needs at least one eventHub\.allowedIpRanges entry/],
    ['bad IP range', { eventHub: { hubName: 'h', allowedIpRanges: ['203.0.113.0'] } }, /invalid eventHub\.allowedIpRanges\[0\] "203\.0\.113\.0": must be an IPv4 CIDR/],
    ['bad namespace name', { eventHub: { hubName: 'h', namespaceName: 'ns' } }, /invalid eventHub\.namespaceName "ns": must be 6-50 letters/],
    ['$Default consumer group', { eventHub: { hubName: 'h', consumerGroupName: '$Default' } }, /invalid eventHub\.consumerGroupName "\$Default"/],
    // azurerm_eventhub_consumer_group names are at most 50 characters (provider validation at plan).
    ['51-character consumer group', { eventHub: { hubName: 'h', consumerGroupName: 'c'.repeat(51) } }, /invalid eventHub\.consumerGroupName "c{51}": must be 1-50 letters/],
    // azurerm_monitor_aad_diagnostic_setting's eventhub_name is at most 50 characters, unlike the hub itself (256).
    ['Entra ID logs to a hub with a 51-character name', { eventHub: { hubName: 'h'.repeat(51) }, entraIdLogs: true }, /invalid eventHub\.hubName "h{51}": is longer than 50 characters/],
    ['invalid existing namespace id', { eventHub: { hubName: 'h', existingNamespaceId: `/subscriptions/${SUB}/resourceGroups/rg` } },
      /invalid eventHub\.existingNamespaceId ".*": must be the resource id of a Microsoft\.EventHub\/namespaces/],
    ['existing namespace with a tier', { eventHub: { hubName: 'h', existingNamespaceId: NS_ID, sku: 'Premium' } }, /invalid eventHub\.sku "Premium": cannot be set with existingNamespaceId/],
    ['unknown Entra ID category', { entraIdLogs: { categories: ['SignIns' as never] } }, /invalid entraIdLogs\.categories\[0\] "SignIns": must be one of "AuditLogs"/],
    ['Entra ID logs to a missing Event Hub', { entraIdLogs: { targets: ['eventHub'] } }, /invalid entraIdLogs\.targets\[0\] "eventHub": the destination has no eventHubAuthorizationRuleId/],
    ['unknown target', { entraIdLogs: { targets: ['splunk' as never] } }, /invalid entraIdLogs\.targets\[0\] "splunk": must be one of "workspace" or "eventHub"/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => construct(props)).toThrow(message);
  });

  test('addDiagnostics rejects an unknown category group', () => {
    const target = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1`;
    expect(() => construct({}).addDiagnostics('Bad', target, { categoryGroup: 'everything' as never }))
      .toThrow(/invalid categoryGroup "everything": must be "allLogs" or "audit"/);
  });

  test('addDiagnostics rejects a target the destination does not have', () => {
    const target = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1`;
    expect(() => construct({}).addDiagnostics('Hub', target, { targets: ['eventHub'] }))
      .toThrow(/invalid Hub\.targets\[0\] "eventHub": the destination has no eventHubAuthorizationRuleId/);
  });
});
