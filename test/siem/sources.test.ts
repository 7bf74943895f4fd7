import { AzurermProvider, AzurermProviderFeatures } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { App, TerraformStack, Testing, Token } from 'cdktf';
import { Construct } from 'constructs';
import { addDiagnosticSetting, AZURERM_FEATURES_FOR_FIREWALLED_STORAGE, storageDataPlaneAvailable } from '../../lib/core';
import { SiemDestination, SiemDestinationIds, SiemFlowLogOptions, SiemSources, SiemSourcesProps } from '../../lib/siem';
import { annotationIds, infos, warnings } from '../helpers/annotations';
import { inFreshStack } from '../helpers/construct';
import { synth, wrap } from '../helpers/synth';

const SUB = '00000000-0000-0000-0000-000000000001';
const CENTRAL = '00000000-0000-0000-0000-0000000000c0';
const RG = `/subscriptions/${CENTRAL}/resourceGroups/rg-security-siem/providers`;
const IDS: SiemDestinationIds = {
  workspaceId: `${RG}/Microsoft.OperationalInsights/workspaces/law-security-siem`,
  workspaceCustomerId: '12345678-1234-1234-1234-123456789012',
  workspaceLocation: 'westeurope',
  eventHubAuthorizationRuleId: `${RG}/Microsoft.EventHub/namespaces/evhns-contoso-siem/authorizationRules/siem-diagnostics-send`,
  eventHubName: 'security-logs',
  eventHubExportAuthorizationRuleId: `${RG}/Microsoft.EventHub/namespaces/evhns-contoso-siem/eventhubs/security-logs/authorizationRules/siem-export-send`,
};
const WORKSPACE_ONLY: SiemDestinationIds = { workspaceId: IDS.workspaceId, workspaceCustomerId: IDS.workspaceCustomerId, workspaceLocation: 'westeurope' };
const VNET = (name: string, rg = 'rg-net') => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;
const BASE = { subscriptionId: SUB, resourceGroupName: 'rg-security', location: 'westeurope' };

/**
 * Builds sources in a fresh stack. The plain ids point at an Event Hub in another subscription, so the continuous
 * export reads the rule through a provider aliased to it (added here unless the test sets continuousExport).
 */
function build(props: Partial<SiemSourcesProps> = {}) {
  let sources!: SiemSources;
  const out = synth((stack) => {
    const eventHubLookupProvider = new AzurermProvider(stack, 'central', { features: [{}], subscriptionId: CENTRAL, alias: 'central' });
    sources = new SiemSources(stack, 'Sources', { ...BASE, destination: WORKSPACE_ONLY, continuousExport: { eventHubLookupProvider }, ...props });
  });
  return { out, sources };
}

function construct(props: Partial<SiemSourcesProps>): SiemSources {
  return inFreshStack((stack) => new SiemSources(stack, 'Sources', { ...BASE, destination: WORKSPACE_ONLY, ...props } as SiemSourcesProps));
}

type Automation = { name: string; action: Record<string, string>[]; source: { event_source: string; rule_set?: { rule: Record<string, string>[] }[] }[] };
const automations = (out: ReturnType<typeof synth>) =>
  Object.fromEntries((out.list('azurerm_security_center_automation') as unknown as Automation[]).map((a) => [a.name, a]));
const data = (out: ReturnType<typeof synth>, type: string) =>
  Object.values(((out.json.data ?? {}) as Record<string, Record<string, Record<string, unknown>>>)[type] ?? {});

describe('SiemSources: defaults', () => {
  test('defaults snapshot (plain ids of a central workspace and Event Hub)', () => {
    expect(build({ destination: IDS }).out.json).toMatchSnapshot();
  });

  test('continuous export and activity log are on by default', () => {
    const { out } = build({ destination: IDS });
    expect(Object.keys(automations(out)).sort()).toEqual(['ExportToEventHub', 'ExportToWorkspace']);
    expect(out.count('azurerm_monitor_diagnostic_setting')).toBe(1);
  });

  test('no flow logs (and no storage account) without VNets', () => {
    const { out } = build({ destination: IDS });
    expect(out.count('azurerm_network_watcher_flow_log')).toBe(0);
    expect(out.count('azurerm_storage_account')).toBe(0);
  });

  test('no outputs', () => {
    expect(build({ destination: IDS }).out.json.output).toBeUndefined();
  });
});

describe('SiemSources: Defender for Cloud continuous export', () => {
  test('one automation per target, scoped to the subscription, with the portal names', () => {
    const all = automations(build({ destination: IDS }).out);
    expect(all.ExportToWorkspace).toMatchObject({
      scopes: [`/subscriptions/${SUB}`], location: 'westeurope', resource_group_name: 'rg-security', enabled: true,
      action: [{ type: 'Workspace', resource_id: IDS.workspaceId }],
    });
    // azurerm 4.55 accepts only EventHub, LogicApp or Workspace (exact case; lower-case legacy aliases aside):
    // "LogAnalytics" would fail provider validation at plan time.
    for (const a of Object.values(all)) expect(['EventHub', 'LogicApp', 'Workspace']).toContain(a.action[0].type);
    expect(all.ExportToEventHub.action).toEqual([{
      type: 'EventHub',
      resource_id: `${RG}/Microsoft.EventHub/namespaces/evhns-contoso-siem/eventhubs/security-logs`,
      connection_string: expect.stringMatching(/^\$\{data\.azurerm_eventhub_authorization_rule\.Sources_EventHubExportRule_[0-9A-F]+\.primary_connection_string\}$/),
    }]);
  });

  test('exports alerts, recommendations, findings, secure score, controls and compliance, streaming and weekly snapshots', () => {
    const ws = automations(build().out).ExportToWorkspace;
    expect(ws.source.map((s) => s.event_source)).toEqual([
      'Alerts', 'Assessments', 'SubAssessments', 'SecureScores', 'SecureScoreControls', 'RegulatoryComplianceAssessment',
      'AssessmentsSnapshot', 'SubAssessmentsSnapshot', 'SecureScoresSnapshot', 'SecureScoreControlsSnapshot', 'RegulatoryComplianceAssessmentSnapshot',
    ]);
  });

  test('alerts default to Low and above: one rule set per severity on the lower-case Severity field', () => {
    const alerts = automations(build().out).ExportToWorkspace.source.find((s) => s.event_source === 'Alerts')!;
    expect(alerts.rule_set).toEqual(['high', 'medium', 'low'].map((v) => ({
      rule: [{ property_path: 'Severity', property_type: 'String', operator: 'Equals', expected_value: v }],
    })));
  });

  test('recommendations (streaming and snapshot) are filtered by severity on assessments', () => {
    const sources = automations(build({ continuousExport: { recommendationSeverities: ['Low', 'High'] } }).out).ExportToWorkspace.source;
    for (const name of ['Assessments', 'AssessmentsSnapshot']) {
      const source = sources.find((s) => s.event_source === name)!;
      expect(source.rule_set).toEqual(['High', 'Low'].map((severity) => ({
        rule: [
          { property_path: 'type', property_type: 'String', operator: 'Contains', expected_value: 'Microsoft.Security/assessments' },
          { property_path: 'properties.metadata.severity', property_type: 'String', operator: 'Equals', expected_value: severity },
        ],
      })));
    }
    expect(sources.find((s) => s.event_source === 'SecureScores')).not.toHaveProperty('rule_set');
  });

  test('severities, data types, snapshots and targets are configurable', () => {
    const { out } = build({
      destination: IDS,
      continuousExport: { targets: ['workspace'], dataTypes: ['regulatoryCompliance', 'alerts'], alertSeverities: ['Informational', 'High'], snapshots: false },
    });
    const all = automations(out);
    expect(Object.keys(all)).toEqual(['ExportToWorkspace']);
    expect(all.ExportToWorkspace.source.map((s) => s.event_source)).toEqual(['Alerts', 'RegulatoryComplianceAssessment']);
    expect(all.ExportToWorkspace.source[0].rule_set!.map((r) => r.rule[0].expected_value)).toEqual(['high', 'informational']);
    expect(data(out, 'azurerm_eventhub_authorization_rule')).toEqual([]);
  });

  test('continuousExport: false skips it', () => {
    expect(build({ continuousExport: false }).out.count('azurerm_security_center_automation')).toBe(0);
  });

  test('a SiemDestination in the same stack wires the export rule\'s connection string directly', () => {
    const out = synth((stack) => {
      const siem = new SiemDestination(stack, 'Siem', { resourceGroupName: 'rg-security-siem', location: 'westeurope', eventHub: { hubName: 'security-logs' } });
      new SiemSources(stack, 'Sources', { ...BASE, destination: siem });
    });
    expect(automations(out).ExportToEventHub.action[0]).toEqual({
      type: 'EventHub',
      resource_id: expect.stringMatching(/^\$\{azurerm_eventhub\.Siem_EventHub_[0-9A-F]+\.id\}$/),
      connection_string: expect.stringMatching(/^\$\{azurerm_eventhub_authorization_rule\.Siem_ExportSendRule_[0-9A-F]+\.primary_connection_string\}$/),
    });
    expect(data(out, 'azurerm_eventhub_authorization_rule')).toEqual([]);
    expect(out.json.output).toBeUndefined();
  });

  describe('continuous export to an Event Hub behind a firewall', () => {
    const exportingTo = (networkAccess: 'SelectedNetworks' | 'Public'): SiemSources => {
      let sources!: SiemSources;
      synth((stack) => {
        const siem = new SiemDestination(stack, 'Siem', {
          resourceGroupName: 'rg', location: 'westeurope',
          eventHub: { hubName: 'h', networkAccess, allowedIpRanges: networkAccess === 'SelectedNetworks' ? ['203.0.113.0/24'] : undefined },
        });
        sources = new SiemSources(stack, 'Sources', { ...BASE, destination: siem });
      });
      return sources;
    };

    test('a firewalled Event Hub of a SiemDestination is warned about', () => {
      const sources = exportingTo('SelectedNetworks');
      expect(warnings(sources).join('\n')).toMatch(/continuousExport to the Event Hub: its namespace network access is "SelectedNetworks".*trusted service/);
      expect(annotationIds(sources)).toContain('guardrails:siem:export-to-firewalled-event-hub');
    });

    test('a public Event Hub is not', () => {
      expect(warnings(exportingTo('Public'))).toEqual([]);
    });
  });

  test('plain ids: the connection string is read with a data source (through the lookup provider), never an output', () => {
    const out = synth((stack) => {
      const central = new AzurermProvider(stack, 'central', { features: [{}], subscriptionId: CENTRAL, alias: 'central' });
      new SiemSources(stack, 'Sources', { ...BASE, destination: IDS, continuousExport: { eventHubLookupProvider: central } });
    });
    expect(data(out, 'azurerm_eventhub_authorization_rule')).toEqual([{
      name: 'siem-export-send', eventhub_name: 'security-logs', namespace_name: 'evhns-contoso-siem', resource_group_name: 'rg-security-siem',
      provider: 'azurerm.central',
    }]);
    expect(out.json.output).toBeUndefined();
  });

  test('a sensitive connection string input is used as given and never echoed in errors', () => {
    const secret = 'Endpoint=sb://evhns.servicebus.windows.net/;SharedAccessKeyName=siem-export-send;SharedAccessKey=c2VjcmV0;EntityPath=security-logs';
    const { out } = build({ destination: { ...IDS, eventHubExportAuthorizationRuleId: undefined }, continuousExport: { eventHubConnectionString: secret } });
    expect(automations(out).ExportToEventHub.action[0].connection_string).toBe(secret);
    expect(data(out, 'azurerm_eventhub_authorization_rule')).toEqual([]);
    expect(out.json.output).toBeUndefined();
    const bad = 'SharedAccessKey=c2VjcmV0';
    expect(() => construct({ destination: IDS, continuousExport: { eventHubConnectionString: bad } })).toThrow(/eventHubConnectionString "\(sensitive value, not shown\)"/);
    try {
      construct({ destination: IDS, continuousExport: { eventHubConnectionString: bad } });
    } catch (e) {
      expect((e as Error).message).not.toContain('c2VjcmV0');
    }
  });

  test('a SiemDestination in another stack: data source with its literal names, no secret output in either stack', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const central = new TerraformStack(app, 'central');
    new AzurermProvider(central, 'azurerm', { features: [{}], subscriptionId: CENTRAL });
    const siem = new SiemDestination(central, 'Siem', {
      resourceGroupName: 'rg-security-siem', location: 'westeurope', eventHub: { namespaceName: 'evhns-contoso-siem', hubName: 'security-logs' },
    });
    const spoke = new TerraformStack(app, 'spoke');
    new AzurermProvider(spoke, 'azurerm', { features: [{}], subscriptionId: SUB });
    const lookup = new AzurermProvider(spoke, 'central', { features: [{}], subscriptionId: CENTRAL, alias: 'central' });
    new SiemSources(spoke, 'Sources', { ...BASE, destination: siem, continuousExport: { eventHubLookupProvider: lookup } });
    app.synth();
    const spokeOut = wrap(Testing.synth(spoke));
    expect(data(spokeOut, 'azurerm_eventhub_authorization_rule')).toEqual([expect.objectContaining({
      name: 'siem-export-send', eventhub_name: 'security-logs', namespace_name: 'evhns-contoso-siem', resource_group_name: 'rg-security-siem', provider: 'azurerm.central',
    })]);
    expect(spokeOut.json.output).toBeUndefined();
    const centralOutputs = Object.values((JSON.parse(Testing.synth(central)).output ?? {}) as Record<string, { value: string }>);
    expect(centralOutputs.length).toBeGreaterThan(0);
    for (const output of centralOutputs) expect(output.value).not.toMatch(/connection_string|_key/);
  });

  test('a SiemDestination without subscriptionId in another stack: an info note about the lookup provider', () => {
    const app = Testing.app();
    const central = new TerraformStack(app, 'central');
    new AzurermProvider(central, 'azurerm', { features: [{}], subscriptionId: CENTRAL });
    const siem = new SiemDestination(central, 'Siem', { resourceGroupName: 'rg', location: 'westeurope', eventHub: { hubName: 'h', networkAccess: 'Public' } });
    const spoke = new TerraformStack(app, 'spoke');
    new AzurermProvider(spoke, 'azurerm', { features: [{}], subscriptionId: SUB });
    const sources = new SiemSources(spoke, 'Sources', { ...BASE, destination: siem });
    expect(infos(sources)).toEqual([expect.stringMatching(/set continuousExport.eventHubLookupProvider/)]);
    expect(annotationIds(sources)).toEqual(['guardrails:siem:export-rule-lookup-provider']);
  });

  test('a SiemDestination in another subscription (subscriptionId given) needs a lookup provider', () => {
    const app = Testing.app();
    const central = new TerraformStack(app, 'central');
    new AzurermProvider(central, 'azurerm', { features: [{}], subscriptionId: CENTRAL });
    const siem = new SiemDestination(central, 'Siem', { subscriptionId: CENTRAL, resourceGroupName: 'rg', location: 'westeurope', eventHub: { hubName: 'h', networkAccess: 'Public' } });
    const spoke = new TerraformStack(app, 'spoke');
    new AzurermProvider(spoke, 'azurerm', { features: [{}], subscriptionId: SUB });
    expect(() => new SiemSources(spoke, 'Sources', { ...BASE, destination: siem }))
      .toThrow(/spoke\/Sources: invalid continuousExport\.eventHubLookupProvider undefined: is required: the export rule is in subscription 00000000-0000-0000-0000-0000000000c0/);
    const same = new SiemSources(spoke, 'SameSubscription', { ...BASE, subscriptionId: CENTRAL, destination: siem });
    expect(infos(same)).toEqual([]);
  });

  test('Event Hub id is derived from the namespace rule and hub name when no export rule or id is given', () => {
    const { out } = build({
      destination: { workspaceId: IDS.workspaceId, eventHubAuthorizationRuleId: IDS.eventHubAuthorizationRuleId, eventHubName: 'security-logs' },
      continuousExport: { eventHubConnectionString: 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=r;SharedAccessKey=k' },
    });
    expect(automations(out).ExportToEventHub.action[0].resource_id).toBe(`${RG}/Microsoft.EventHub/namespaces/evhns-contoso-siem/eventhubs/security-logs`);
  });
});

describe('SiemSources: activity log', () => {
  test('all eight categories from the subscription, to both targets, without a destination type', () => {
    const setting = build({ destination: IDS }).out.only('azurerm_monitor_diagnostic_setting');
    expect(setting).toMatchObject({
      name: 'guardrails-siem-activity-log',
      target_resource_id: `/subscriptions/${SUB}`,
      log_analytics_workspace_id: IDS.workspaceId,
      eventhub_authorization_rule_id: IDS.eventHubAuthorizationRuleId,
      eventhub_name: 'security-logs',
    });
    expect((setting.enabled_log as { category: string }[]).map((l) => l.category)).toEqual([
      'Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth',
    ]);
    expect(setting).not.toHaveProperty('log_analytics_destination_type');
  });

  test('targets, categories and name are configurable', () => {
    const setting = build({ destination: IDS, activityLog: { targets: ['eventHub'], categories: ['Security', 'Administrative'], name: 'al' } }).out
      .only('azurerm_monitor_diagnostic_setting');
    expect(setting).not.toHaveProperty('log_analytics_workspace_id');
    expect(setting).toMatchObject({ name: 'al', enabled_log: [{ category: 'Administrative' }, { category: 'Security' }] });
  });

  test('false skips it', () => {
    expect(build({ activityLog: false }).out.count('azurerm_monitor_diagnostic_setting')).toBe(0);
  });
});

describe('SiemSources: VNet flow logs', () => {
  test('version 2 flow log on the VNet, 90 days, traffic analytics every 10 minutes into the workspace', () => {
    const { out } = build({ flowLogs: { virtualNetworks: [{ id: VNET('vnet-hub') }] } });
    const watcher = Object.keys((out.json.data as Record<string, Record<string, unknown>>).azurerm_network_watcher)[0];
    expect(out.only('azurerm_network_watcher_flow_log')).toMatchObject({
      name: 'flowlog-rg-net-vnet-hub',
      target_resource_id: VNET('vnet-hub'),
      network_watcher_name: `\${data.azurerm_network_watcher.${watcher}.name}`,
      resource_group_name: `\${data.azurerm_network_watcher.${watcher}.resource_group_name}`,
      location: 'westeurope',
      enabled: true,
      version: 2,
      retention_policy: { enabled: true, days: 90 },
      traffic_analytics: {
        enabled: true, interval_in_minutes: 10, workspace_id: IDS.workspaceCustomerId, workspace_region: 'westeurope', workspace_resource_id: IDS.workspaceId,
      },
    });
    expect(out.only('azurerm_network_watcher_flow_log')).not.toHaveProperty('network_security_group_id');
    expect(out.count('azurerm_network_watcher')).toBe(0);
  });

  test('the created storage account is hardened and protected', () => {
    const { out } = build({ flowLogs: { virtualNetworks: [{ id: VNET('vnet-hub') }] } });
    const account = out.only('azurerm_storage_account');
    expect(account).toMatchObject({
      location: 'westeurope', resource_group_name: 'rg-security', account_kind: 'StorageV2', account_tier: 'Standard', account_replication_type: 'LRS',
      min_tls_version: 'TLS1_2', https_traffic_only_enabled: true, allow_nested_items_to_be_public: false, infrastructure_encryption_enabled: true,
      shared_access_key_enabled: true, cross_tenant_replication_enabled: false, local_user_enabled: false, sftp_enabled: false,
      network_rules: { default_action: 'Deny', bypass: ['AzureServices', 'Logging', 'Metrics'] },
      lifecycle: { prevent_destroy: true },
    });
    expect(account.name).toMatch(/^stsiemfl[0-9a-f]{14}$/);
    expect(out.only('azurerm_network_watcher_flow_log').storage_account_id).toMatch(/azurerm_storage_account\.Sources_FlowLogStorage-westeurope_[0-9A-F]+\.id/);
  });

  describe('two regions, a given account for one, created watchers, tuned options', () => {
    const given = `/subscriptions/${SUB}/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stflowne`;
    let out: ReturnType<typeof synth>;
    let logs: Record<string, Record<string, unknown>>;
    beforeAll(() => {
      out = build({
        flowLogs: {
          virtualNetworks: [{ id: VNET('a') }, { id: VNET('b') }, { id: VNET('c'), location: 'northeurope' }],
          storageAccountIds: { northeurope: given },
          networkWatcher: { create: true },
          retentionDays: 365, trafficAnalyticsIntervalMinutes: 60, storageReplication: 'ZRS', storageSharedKeyEnabled: false, preventDestroy: false,
        },
      }).out;
      logs = Object.fromEntries(out.list('azurerm_network_watcher_flow_log').map((l) => [l.name as string, l]));
    });

    test('one flow log per VNet', () => {
      expect(Object.keys(logs).sort()).toEqual(['flowlog-rg-net-a', 'flowlog-rg-net-b', 'flowlog-rg-net-c']);
    });

    test('one storage account per region without a given one, with the storage options', () => {
      const storage = out.only('azurerm_storage_account');
      expect(storage).toMatchObject({ location: 'westeurope', account_replication_type: 'ZRS', shared_access_key_enabled: false });
      expect(storage).not.toHaveProperty('lifecycle');
    });

    test('the given account is used in its region', () => {
      expect(logs['flowlog-rg-net-c']).toMatchObject({ location: 'northeurope', storage_account_id: given, retention_policy: { days: 365 } });
    });

    test('watchers can be created, one per region, named and placed as Azure names and places its own', () => {
      expect(out.list('azurerm_network_watcher').map((w) => [w.name, w.location, w.resource_group_name]).sort()).toEqual([
        ['NetworkWatcher_northeurope', 'northeurope', 'NetworkWatcherRG'], ['NetworkWatcher_westeurope', 'westeurope', 'NetworkWatcherRG'],
      ]);
      expect((out.json.data as Record<string, unknown> | undefined)?.azurerm_network_watcher).toBeUndefined();
      expect(logs['flowlog-rg-net-c'].network_watcher_name).toMatch(/azurerm_network_watcher\.Sources_NetworkWatcher-northeurope_[0-9A-F]+\.name/);
    });

    test('the traffic analytics interval is configurable', () => {
      expect((logs['flowlog-rg-net-a'].traffic_analytics as Record<string, unknown>).interval_in_minutes).toBe(60);
    });
  });

  test('VNets with the same name in two resource groups get distinct flow logs', () => {
    const { out } = build({ flowLogs: { virtualNetworks: [{ id: VNET('vnet', 'rg-a') }, { id: VNET('vnet', 'rg-b') }] } });
    expect(out.list('azurerm_network_watcher_flow_log').map((l) => l.name).sort()).toEqual(['flowlog-rg-a-vnet', 'flowlog-rg-b-vnet']);
    expect(out.count('azurerm_storage_account')).toBe(1);
  });

  test('flow log names fit azurerm\'s rule (word characters, "." and "-", ending with a word character, at most 80)', () => {
    // Resource group names may hold "(" and ")" and end in "."; the 72-character cut may end on "-".
    const longRg = 'r'.repeat(71);
    const { out } = build({ flowLogs: { virtualNetworks: [{ id: VNET('vnet', 'rg.(prod)') }, { id: VNET('vnet', longRg) }] } });
    const names = out.list('azurerm_network_watcher_flow_log').map((l) => String(l.name)).sort();
    expect(names).toEqual(['flowlog-rg.-prod--vnet', `flowlog-${'r'.repeat(71)}`]);
    for (const n of names) expect(n).toMatch(/^[^\W_][\w.-]{0,78}\w$/);
  });

  test('without the workspace customer id, flow logs go to storage only, with a warning', () => {
    const { out, sources } = build({ destination: { workspaceId: IDS.workspaceId }, flowLogs: { virtualNetworks: [{ id: VNET('a') }] } });
    expect(out.only('azurerm_network_watcher_flow_log')).not.toHaveProperty('traffic_analytics');
    expect(warnings(sources).join('\n')).toMatch(/no traffic analytics \(the destination has no workspaceCustomerId\)/);
    expect(annotationIds(sources)).toContain('guardrails:siem:flow-logs-without-traffic-analytics');
  });

  test('trafficAnalytics false: flow logs go to storage only', () => {
    const off = build({ flowLogs: { virtualNetworks: [{ id: VNET('a') }], trafficAnalytics: false } }).out;
    expect(off.only('azurerm_network_watcher_flow_log')).not.toHaveProperty('traffic_analytics');
  });

  test('a SiemDestination in the same stack supplies the workspace customer id and region', () => {
    const out = synth((stack) => {
      const siem = new SiemDestination(stack, 'Siem', { resourceGroupName: 'rg-security-siem', location: 'northeurope' });
      new SiemSources(stack, 'Sources', { ...BASE, destination: siem, flowLogs: { virtualNetworks: [{ id: VNET('a') }] } });
    });
    expect(out.only('azurerm_network_watcher_flow_log').traffic_analytics).toMatchObject({
      workspace_id: expect.stringMatching(/azurerm_log_analytics_workspace\.Siem_Workspace_[0-9A-F]+\.workspace_id/),
      workspace_region: expect.stringMatching(/azurerm_log_analytics_workspace\.Siem_Workspace_[0-9A-F]+\.location/),
    });
  });
});

describe('SiemSources: the flow-log storage firewall and Terraform (issue 11 item 1)', () => {
  /** Sources with flow logs in a stack whose default provider declares `features`. */
  const stackWith = (features: AzurermProviderFeatures[], flowLogs: Partial<SiemFlowLogOptions> = {}, alias?: boolean): TerraformStack => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const provider = new AzurermProvider(stack, 'azurerm', { features, subscriptionId: SUB, alias: alias ? 'spoke' : undefined });
    new SiemSources(stack, 'Sources', {
      ...BASE, destination: WORKSPACE_ONLY, continuousExport: false, provider: alias ? provider : undefined,
      flowLogs: { virtualNetworks: [{ id: VNET('a') }], ...flowLogs },
    });
    return stack;
  };

  test('a provider that reads the data plane (azurerm\'s default) is refused, naming the provider and the two ways out', () => {
    expect(() => Testing.synth(stackWith([{}]), true)).toThrow(
      /test\/Sources: invalid flowLogs\.storageAllowedIpRanges undefined: the flow-log storage account test\/Sources\/FlowLogStorage-westeurope denies every network, .*403 .*data_plane_available = false.* azurerm provider test\/azurerm .*flowLogs\.storageAllowedIpRanges/);
    expect(() => Testing.synth(stackWith([{ storage: [{ dataPlaneAvailable: true }] }]), true)).toThrow(/data_plane_available = false/);
  });

  test('the sources\' own (aliased) provider is the one checked', () => {
    expect(() => Testing.synth(stackWith([{}], {}, true), true)).toThrow(/on the azurerm provider test\/azurerm /);
    expect(() => Testing.synth(stackWith([AZURERM_FEATURES_FOR_FIREWALLED_STORAGE], {}, true), true)).not.toThrow();
  });

  test('the provider feature data_plane_available = false lets it synthesize, with no IP rule', () => {
    const out = wrap(Testing.synth(stackWith([AZURERM_FEATURES_FOR_FIREWALLED_STORAGE]), true));
    expect(out.only('azurerm_storage_account').network_rules).toMatchObject({ default_action: 'Deny', ip_rules: [] });
    expect((out.json.provider as { azurerm: { features: unknown[] }[] }).azurerm[0].features).toEqual([{ storage: [{ data_plane_available: false }] }]);
  });

  test('or the runner\'s addresses in the firewall', () => {
    const out = wrap(Testing.synth(stackWith([{}], { storageAllowedIpRanges: ['203.0.113.7', '198.51.100.0/24'] }), true));
    expect(out.only('azurerm_storage_account').network_rules).toMatchObject({ default_action: 'Deny', ip_rules: ['203.0.113.7', '198.51.100.0/24'] });
  });

  test('given accounts are not checked: the kit does not manage their firewall', () => {
    const given = `/subscriptions/${SUB}/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stflow`;
    expect(() => Testing.synth(stackWith([{}], { storageAccountIds: { westeurope: given } }), true)).not.toThrow();
  });

  test('storageDataPlaneAvailable reads the features block, and is unknown for what it cannot read', () => {
    const provider = (features?: AzurermProviderFeatures[]) => new AzurermProvider(new TerraformStack(Testing.app(), 's'), 'azurerm', { features: features as AzurermProviderFeatures[] });
    expect(storageDataPlaneAvailable(provider([{}]))).toBe(true);
    expect(storageDataPlaneAvailable(provider([{ keyVault: [{ purgeSoftDeleteOnDestroy: false }] }]))).toBe(true);
    expect(storageDataPlaneAvailable(provider([AZURERM_FEATURES_FOR_FIREWALLED_STORAGE]))).toBe(false);
    expect(storageDataPlaneAvailable(provider([{ storage: Token.asAny('${var.storage}') }]))).toBeUndefined();
  });
});

describe('SiemSources: the one Network Watcher per region (issue 11 item 3)', () => {
  test('by default the flow log adopts NetworkWatcher_<region> in NetworkWatcherRG, read with a data source it waits for', () => {
    const { out } = build({ flowLogs: { virtualNetworks: [{ id: VNET('a') }, { id: VNET('b'), location: 'northeurope' }] } });
    const data = (out.json.data as Record<string, Record<string, Record<string, unknown>>>).azurerm_network_watcher;
    expect(Object.values(data).map((w) => [w.name, w.resource_group_name]).sort()).toEqual([
      ['NetworkWatcher_northeurope', 'NetworkWatcherRG'], ['NetworkWatcher_westeurope', 'NetworkWatcherRG'],
    ]);
    expect(out.count('azurerm_network_watcher')).toBe(0);
    for (const log of out.list('azurerm_network_watcher_flow_log')) expect(log.network_watcher_name).toMatch(/^\$\{data\.azurerm_network_watcher\./);
  });

  test('create makes the same watcher Azure would, never a second one in the sources\' group, protected', () => {
    const { out, sources } = build({ flowLogs: { virtualNetworks: [{ id: VNET('a') }], networkWatcher: { create: true } } });
    expect(out.only('azurerm_network_watcher')).toMatchObject({
      name: 'NetworkWatcher_westeurope', resource_group_name: 'NetworkWatcherRG', location: 'westeurope', lifecycle: { prevent_destroy: true },
    });
    expect(Object.keys(sources.networkWatchers)).toEqual(['westeurope']);
    expect(out.only('azurerm_network_watcher_flow_log')).toMatchObject({
      network_watcher_name: expect.stringMatching(/^\$\{azurerm_network_watcher\.Sources_NetworkWatcher-westeurope_[0-9A-F]+\.name\}$/),
      resource_group_name: expect.stringMatching(/^\$\{azurerm_network_watcher\.Sources_NetworkWatcher-westeurope_[0-9A-F]+\.resource_group_name\}$/),
    });
  });

  test('a group created in the same stack is passed by reference', () => {
    const out = synth((stack) => {
      const group = new ResourceGroup(stack, 'NetworkWatcherRG', { name: 'NetworkWatcherRG', location: 'westeurope' });
      new SiemSources(stack, 'Sources', {
        ...BASE, destination: WORKSPACE_ONLY, continuousExport: false,
        flowLogs: { virtualNetworks: [{ id: VNET('a') }], networkWatcher: { create: true, resourceGroupName: group.name } },
      });
    });
    expect(out.only('azurerm_network_watcher').resource_group_name).toBe('${azurerm_resource_group.NetworkWatcherRG.name}');
  });

  test('a VNet given by reference keeps the flow-log name of its literal id through `name`; names must differ', () => {
    const out = synth((stack) => {
      const vnet = new ResourceGroup(stack, 'Vnet', { name: 'vnet-hub', location: 'westeurope' });
      new SiemSources(stack, 'Sources', {
        ...BASE, destination: WORKSPACE_ONLY, continuousExport: false,
        flowLogs: { virtualNetworks: [{ id: `${vnet.id}/providers/Microsoft.Network/virtualNetworks/vnet-hub`, name: 'rg-connectivity-vnet-hub' }] },
      });
    });
    expect(out.only('azurerm_network_watcher_flow_log')).toMatchObject({ name: 'flowlog-rg-connectivity-vnet-hub' });
    expect(Object.keys(out.resources('azurerm_network_watcher_flow_log'))[0]).toMatch(/^Sources_FlowLog-rg-connectivity-vnet-hub_/);
    const twice = (stack: Construct) => { new SiemSources(stack, 'Sources', {
      ...BASE, destination: WORKSPACE_ONLY, continuousExport: false,
      flowLogs: { virtualNetworks: [{ id: VNET('a'), name: 'hub' }, { id: VNET('b'), name: 'HUB' }] },
    }); };
    expect(() => synth(twice)).toThrow(/invalid flowLogs\.virtualNetworks\[1\]\.name "HUB": gives the flow log the name of another one/);
  });
});

describe('SiemSources: diagnostics, provider and destination forwarding', () => {
  test('addDiagnostics uses the sources\' provider and the chosen targets', () => {
    const target = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr1`;
    const out = synth((stack) => {
      const spoke = new AzurermProvider(stack, 'spoke', { features: [{}], subscriptionId: SUB, alias: 'spoke' });
      const sources = new SiemSources(stack, 'Sources', { ...BASE, destination: IDS, provider: spoke, continuousExport: { eventHubConnectionString: 'Endpoint=sb://x/;SharedAccessKeyName=r;SharedAccessKey=k' } });
      sources.addDiagnostics('Registry', target, { categoryGroup: 'audit', targets: ['workspace'] });
    });
    const registry = out.list('azurerm_monitor_diagnostic_setting').find((s) => s.target_resource_id === target)!;
    expect(registry).toMatchObject({ provider: 'azurerm.spoke', enabled_log: [{ category_group: 'audit' }], log_analytics_workspace_id: IDS.workspaceId });
    expect(registry).not.toHaveProperty('eventhub_name');
    for (const type of ['azurerm_security_center_automation', 'azurerm_monitor_diagnostic_setting']) {
      for (const resource of out.list(type)) expect(resource.provider).toBe('azurerm.spoke');
    }
  });

  test('SiemSources is an ILogDestination that other constructs can take', () => {
    const target = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/bastionHosts/bas1`;
    const out = synth((stack) => {
      const sources = new SiemSources(stack, 'Sources', { ...BASE, destination: WORKSPACE_ONLY, continuousExport: false, activityLog: false });
      addDiagnosticSetting(stack as never, 'Bastion', target, sources, { categoryGroup: 'allLogs' });
      expect(sources.workspaceCustomerId).toBe(IDS.workspaceCustomerId);
    });
    expect(out.only('azurerm_monitor_diagnostic_setting')).toMatchObject({ target_resource_id: target, log_analytics_workspace_id: IDS.workspaceId });
  });
});

describe('SiemSources: bad input', () => {
  const cases: [string, Partial<SiemSourcesProps>, RegExp][] = [
    ['bad subscription id', { subscriptionId: `/subscriptions/${SUB}` }, /Sources: invalid subscriptionId "\/subscriptions\/.*": must be a GUID/],
    ['bad location', { location: 'West Europe' }, /invalid location "West Europe": must be an Azure region name/],
    ['no resource group', { resourceGroupName: '' }, /invalid resourceGroupName "": must name an existing resource group/],
    ['no destination', { destination: undefined }, /invalid destination undefined: must be a SiemDestination or an object/],
    ['empty destination', { destination: {} }, /invalid destination \{\}: must set workspaceId, eventHubAuthorizationRuleId, or both/],
    ['Event Hub without a hub name', { destination: { eventHubAuthorizationRuleId: IDS.eventHubAuthorizationRuleId } },
      /invalid destination\.eventHubName undefined: is required with eventHubAuthorizationRuleId/],
    ['invalid workspace id', { destination: { workspaceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Insights/components/x` } },
      /invalid destination\.workspaceId ".*": must be the resource id of a Microsoft\.OperationalInsights\/workspaces/],
    ['hub-level rule given for diagnostics', { destination: { eventHubAuthorizationRuleId: IDS.eventHubExportAuthorizationRuleId, eventHubName: 'h' } },
      /invalid destination\.eventHubAuthorizationRuleId ".*: must be the resource id of a Microsoft\.EventHub\/namespaces\/authorizationRules/],
    ['namespace-level rule given for export', { destination: { ...IDS, eventHubExportAuthorizationRuleId: IDS.eventHubAuthorizationRuleId } },
      /invalid destination\.eventHubExportAuthorizationRuleId ".*": must be the resource id of a Microsoft\.EventHub\/namespaces\/eventhubs\/authorizationRules/],
    ['bad Event Hub id', { destination: { ...IDS, eventHubId: 'security-logs' } }, /invalid destination\.eventHubId "security-logs"/],
    ['bad customer id', { destination: { ...WORKSPACE_ONLY, workspaceCustomerId: 'law' } }, /invalid destination\.workspaceCustomerId "law": must be a GUID/],
    ['unknown alert severity', { continuousExport: { alertSeverities: ['Critical' as never] } },
      /invalid continuousExport\.alertSeverities\[0\] "Critical": must be one of "High", "Medium", "Low" or "Informational"/],
    ['duplicate alert severity', { continuousExport: { alertSeverities: ['High', 'High'] } }, /invalid continuousExport\.alertSeverities\[1\] "High": is listed twice/],
    ['no alert severity', { continuousExport: { alertSeverities: [] } }, /invalid continuousExport\.alertSeverities \[\]: must list one or more values/],
    ['Informational recommendation', { continuousExport: { recommendationSeverities: ['Informational' as never] } },
      /invalid continuousExport\.recommendationSeverities\[0\] "Informational": must be one of "High", "Medium" or "Low"/],
    ['unknown data type', { continuousExport: { dataTypes: ['incidents' as never] } }, /invalid continuousExport\.dataTypes\[0\] "incidents": must be one of "alerts"/],
    ['export to a missing Event Hub', { continuousExport: { targets: ['eventHub'] } },
      /invalid continuousExport\.targets\[0\] "eventHub": the destination has no eventHubAuthorizationRuleId/],
    ['empty targets', { continuousExport: { targets: [] } }, /invalid continuousExport\.targets \[\]: must list one or more of/],
    ['connection string without the Event Hub target', { continuousExport: { eventHubConnectionString: 'Endpoint=sb://x/;SharedAccessKeyName=r;SharedAccessKey=k' } },
      /invalid continuousExport\.eventHubConnectionString "\(sensitive value\)": only applies when continuous export targets the Event Hub/],
    ['Event Hub export with no way to get the connection string', { destination: { ...IDS, eventHubExportAuthorizationRuleId: undefined } },
      /invalid destination\.eventHubExportAuthorizationRuleId undefined: continuous export to the Event Hub needs the connection string of a hub-level Send rule/],
    ['cross-subscription export rule without a lookup provider', { destination: IDS },
      /invalid continuousExport\.eventHubLookupProvider undefined: is required: the export rule is in subscription 00000000-0000-0000-0000-0000000000c0/],
    ['unknown activity log category', { activityLog: { categories: ['Audit' as never] } }, /invalid activityLog\.categories\[0\] "Audit": must be one of "Administrative"/],
    ['flow-log retention below 90 days', { flowLogs: { virtualNetworks: [{ id: VNET('a') }], retentionDays: 30 } },
      /invalid flowLogs\.retentionDays 30: must be a whole number from 90 to 365/],
    ['flow-log retention above 365 days', { flowLogs: { virtualNetworks: [{ id: VNET('a') }], retentionDays: 366 } }, /invalid flowLogs\.retentionDays 366/],
    ['traffic analytics every 30 minutes', { flowLogs: { virtualNetworks: [{ id: VNET('a') }], trafficAnalyticsIntervalMinutes: 30 } },
      /invalid flowLogs\.trafficAnalyticsIntervalMinutes 30: must be 10 or 60/],
    ['no VNets', { flowLogs: { virtualNetworks: [] } }, /invalid flowLogs\.virtualNetworks \[\]: must list one or more/],
    ['NSG instead of VNet', { flowLogs: { virtualNetworks: [{ id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg` }] } },
      /invalid flowLogs\.virtualNetworks\[0\]\.id ".*": must be the resource id of a Microsoft\.Network\/virtualNetworks/],
    ['VNet listed twice', { flowLogs: { virtualNetworks: [{ id: VNET('a') }, { id: VNET('a').toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/') }] } },
      /invalid flowLogs\.virtualNetworks\[1\]\.id ".*": is listed twice/],
    ['bad VNet region', { flowLogs: { virtualNetworks: [{ id: VNET('a'), location: 'West Europe' }] } }, /invalid flowLogs\.virtualNetworks\[0\]\.location "West Europe"/],
    ['bad storage account id', { flowLogs: { virtualNetworks: [{ id: VNET('a') }], storageAccountIds: { westeurope: 'stflow' } } },
      /invalid flowLogs\.storageAccountIds\.westeurope "stflow": must be the resource id of a Microsoft\.Storage\/storageAccounts/],
    ['bad replication', { flowLogs: { virtualNetworks: [{ id: VNET('a') }], storageReplication: 'Premium_LRS' as never } }, /invalid flowLogs\.storageReplication "Premium_LRS"/],
    ['traffic analytics without a customer id', { destination: { workspaceId: IDS.workspaceId }, flowLogs: { virtualNetworks: [{ id: VNET('a') }], trafficAnalytics: true } },
      /invalid flowLogs\.trafficAnalytics true: needs the destination's workspaceCustomerId/],
    ['a private runner address', { flowLogs: { virtualNetworks: [{ id: VNET('a') }], storageAllowedIpRanges: ['10.1.2.3'] } },
      /invalid flowLogs\.storageAllowedIpRanges\[0\] "10\.1\.2\.3": is a private \(RFC 1918\) address/],
    ['a /31 runner range', { flowLogs: { virtualNetworks: [{ id: VNET('a') }], storageAllowedIpRanges: ['203.0.113.0/31'] } },
      /invalid flowLogs\.storageAllowedIpRanges\[0\] "203\.0\.113\.0\/31": must be a public IPv4 address .* no \/31 or \/32/],
    ['a runner range that is no address', { flowLogs: { virtualNetworks: [{ id: VNET('a') }], storageAllowedIpRanges: ['runner'] } },
      /invalid flowLogs\.storageAllowedIpRanges\[0\] "runner"/],
    ['an empty runner range list', { flowLogs: { virtualNetworks: [{ id: VNET('a') }], storageAllowedIpRanges: [] } },
      /invalid flowLogs\.storageAllowedIpRanges \[\]: must list one or more public IPv4 addresses/],
    ['a watcher resource group that is no name', { flowLogs: { virtualNetworks: [{ id: VNET('a') }], networkWatcher: { resourceGroupName: 'rg/x' } } },
      /invalid flowLogs\.networkWatcher\.resourceGroupName "rg\/x"/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => construct(props)).toThrow(message);
  });

  test('addDiagnostics rejects a target the destination lacks', () => {
    const sources = construct({ continuousExport: false });
    expect(() => sources.addDiagnostics('Acr', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/a`, { targets: ['eventHub'] }))
      .toThrow(/invalid Acr\.targets\[0\] "eventHub": the destination has no eventHubAuthorizationRuleId/);
  });
});
