/**
 * Issue 11 item 2: a value that names a resource created in the same stack is a Terraform reference (or carries
 * `depends_on`), so that Terraform creates the resource first. test/helpers/reference-guard.ts applies the check to
 * every stack any test synthesizes (each construct's test stacks included); this file pins the checker itself and
 * runs it over the reference app with every option on.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { buildBaseline } from '../../stacks/baseline';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../stacks/config/load';
import type { BaselineConfig } from '../../stacks/config/types';
import { findLiteralReferences, unknownTypes } from '../helpers/references';

type Json = ReturnType<typeof JSON.parse>;
const SUB = '/subscriptions/22222222-2222-2222-2222-222222222222';
const HUB_VNET = `${SUB}/resourceGroups/rg-connectivity/providers/Microsoft.Network/virtualNetworks/vnet-hub`;

/** The default config with every option the reference app has turned on, wired into the networks it creates. */
function everyOption(): Json {
  const config = JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
  config.siem.entraIdLogs = true;
  config.siem.eventHub = { ...config.siem.eventHub, networkAccess: 'SelectedNetworks', allowedIpRanges: ['203.0.113.0/24'] };
  config.siem.privateAccess = { subnetId: `${HUB_VNET}/subnets/snet-pe` };
  const management = config.subscriptions.find((s: Json) => s.name === 'management');
  management.registry = {
    name: 'crcontosohub', resourceGroupName: 'rg-connectivity',
    privateEndpointSubnetId: `${HUB_VNET}/subnets/snet-pe`, privateDnsVirtualNetworkIds: [HUB_VNET],
  };
  management.jit = [{
    resourceGroupName: 'rg-connectivity',
    virtualMachines: [{ id: `${SUB}/resourceGroups/rg-connectivity/providers/Microsoft.Compute/virtualMachines/vm-jump` }],
    allowedSourceAddressPrefixes: ['10.0.0.0/26'],
    networkSecurityGroupIds: [`${SUB}/resourceGroups/rg-connectivity/providers/Microsoft.Network/networkSecurityGroups/bas-hub-nsg`],
  }];
  return config;
}

describe('the reference app with every option on', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-references-')) });
  const baseline = buildBaseline(app, parseConfig(everyOption(), 'every-option.json') as BaselineConfig);
  const stacks = [...baseline.subscriptions, ...(baseline.managementGroup ? [baseline.managementGroup] : [])];
  const docs = stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s, true))] as const);

  test.each(docs.map(([id, doc]) => [id, doc]))('%s: no literal names or ids of resources of the same stack', (_id, doc) => {
    expect(findLiteralReferences(doc)).toEqual([]);
  });

  test.each(docs.map(([id, doc]) => [id, doc]))('%s: the checker knows the id shape of every resource type it holds', (_id, doc) => {
    expect(unknownTypes(doc)).toEqual([]);
  });

  test('the wiring the issue names is by reference: namespace rules, the flow log\'s VNet and watcher, diagnostic settings\' hub', () => {
    const management = Object.fromEntries(docs)['management'];
    const r = management.resource;
    for (const rule of Object.values(r.azurerm_eventhub_namespace_authorization_rule) as Json[]) expect(rule.namespace_name).toMatch(/^\$\{azurerm_eventhub_namespace\.\w+\.name\}$/);
    const flowLog = Object.values(r.azurerm_network_watcher_flow_log)[0] as Json;
    expect(flowLog.target_resource_id).toMatch(/^\$\{azurerm_virtual_network\.\w+\.id\}$/);
    expect(flowLog.network_watcher_name).toMatch(/^\$\{azurerm_network_watcher\.[\w-]+\.name\}$/);
    const toHub = (Object.values(r.azurerm_monitor_diagnostic_setting) as Json[]).filter((d) => d.eventhub_name !== undefined);
    expect(toHub.length).toBeGreaterThan(0);
    for (const d of toHub) expect(d.eventhub_name).toMatch(/^\$\{azurerm_eventhub\.\w+\.name\}$/);
  });
});

describe('findLiteralReferences', () => {
  const NS = 'evhns-siem';
  const namespace = { name: NS, resource_group_name: '${azurerm_resource_group.rg.name}' };
  const doc = (resource: Json, data: Json = {}) => ({ resource: { azurerm_resource_group: { rg: { name: 'rg-siem', location: 'westeurope' } }, ...resource }, data });

  test('a namespace rule that names its namespace by literal is found (the first apply fails at random)', () => {
    const found = findLiteralReferences(doc({
      azurerm_eventhub_namespace: { ns: namespace },
      azurerm_eventhub_namespace_authorization_rule: { rule: { name: 'send', namespace_name: NS, resource_group_name: '${azurerm_resource_group.rg.name}' } },
    }));
    expect(found).toEqual([{ from: 'azurerm_eventhub_namespace_authorization_rule.rule', path: 'namespace_name', value: NS, names: 'azurerm_eventhub_namespace.ns' }]);
  });

  test('a reference, a depends_on or a path through other resources is an ordering edge', () => {
    const rule = (extra: Json) => ({ name: 'send', namespace_name: NS, resource_group_name: '${azurerm_resource_group.rg.name}', ...extra });
    expect(findLiteralReferences(doc({
      azurerm_eventhub_namespace: { ns: namespace },
      azurerm_eventhub_namespace_authorization_rule: { a: rule({ namespace_name: '${azurerm_eventhub_namespace.ns.name}' }), b: rule({ depends_on: ['azurerm_eventhub_namespace.ns'] }) },
      azurerm_eventhub: { hub: { name: 'logs', namespace_name: '${azurerm_eventhub_namespace.ns.name}', resource_group_name: 'rg-siem', depends_on: ['azurerm_resource_group.rg'] } },
      azurerm_eventhub_authorization_rule: { c: { name: 'x', namespace_name: NS, eventhub_name: '${azurerm_eventhub.hub.name}', resource_group_name: 'rg-siem' } },
    }))).toEqual([]);
  });

  test('a literal id of a VNet of the stack is found, also inside embedded JSON, case-insensitively', () => {
    const vnetId = `${SUB}/resourceGroups/RG-SIEM/providers/Microsoft.Network/virtualNetworks/VNET-HUB`;
    const found = findLiteralReferences(doc({
      azurerm_virtual_network: { vnet: { name: 'vnet-hub', resource_group_name: '${azurerm_resource_group.rg.name}' } },
      azurerm_network_watcher_flow_log: { log: { name: 'fl', target_resource_id: vnetId, network_watcher_name: 'NetworkWatcher_westeurope', resource_group_name: 'NetworkWatcherRG' } },
      azurerm_subscription_template_deployment: { dep: { name: 'd', template_content: JSON.stringify({ resources: [{ properties: { scope: vnetId } }] }) } },
    }));
    expect(found.map((f) => `${f.from} ${f.path} -> ${f.names}`).sort()).toEqual([
      'azurerm_network_watcher_flow_log.log target_resource_id -> azurerm_resource_group.rg',
      'azurerm_network_watcher_flow_log.log target_resource_id -> azurerm_virtual_network.vnet',
      'azurerm_subscription_template_deployment.dep template_content > resources[0] > properties > scope -> azurerm_resource_group.rg',
      'azurerm_subscription_template_deployment.dep template_content > resources[0] > properties > scope -> azurerm_virtual_network.vnet',
    ]);
  });

  test('a diagnostic setting naming the stack\'s Event Hub by literal is found; an ARM parameter value too', () => {
    const found = findLiteralReferences(doc({
      azurerm_eventhub: { hub: { name: 'security-logs', namespace_name: '${azurerm_eventhub_namespace.ns.name}', resource_group_name: '${azurerm_resource_group.rg.name}' } },
      azurerm_eventhub_namespace: { ns: namespace },
      azurerm_monitor_diagnostic_setting: { d: { name: 'diag', target_resource_id: '/subscriptions/x', eventhub_name: 'security-logs' } },
      azurerm_management_group_policy_assignment: { a: { name: 'a', parameters: JSON.stringify({ eventHubName: { value: 'security-logs' } }) } },
    }));
    expect(found.map((f) => `${f.from} ${f.path} -> ${f.names}`).sort()).toEqual([
      'azurerm_management_group_policy_assignment.a parameters > eventHubName > value -> azurerm_eventhub.hub',
      'azurerm_monitor_diagnostic_setting.d eventhub_name -> azurerm_eventhub.hub',
    ]);
  });

  test('strings that only look alike are not references: names under `name`, display names, tags, locations, data sources, other stacks\' ids', () => {
    expect(findLiteralReferences(doc({
      azurerm_eventhub_namespace: { ns: namespace },
      azurerm_eventhub: { a: { name: NS, namespace_name: '${azurerm_eventhub_namespace.ns.name}', resource_group_name: 'rg-siem', depends_on: ['azurerm_resource_group.rg'] } },
      azurerm_policy_definition: { p: { name: 'p', display_name: NS, description: `${SUB}/resourceGroups/other`, tags: { owner: NS } } },
      azurerm_role_assignment: { r: { name: 'r', scope: `${SUB}/resourceGroups/rg-other`, principal_id: 'x' } },
    }, { azurerm_eventhub_namespace: { existing: { name: NS, resource_group_name: 'rg-siem' } } }))).toEqual([
      // A data source reading what the stack creates, by literal, is read before it exists: found too.
      expect.objectContaining({ from: 'data.azurerm_eventhub_namespace.existing', path: 'resource_group_name', names: 'azurerm_resource_group.rg' }),
    ]);
  });

  test('a resource type without an id shape is reported, so a new type cannot slip past the id rule', () => {
    expect(unknownTypes({ resource: { azurerm_thing_new: { t: { name: 'literal' } }, azurerm_subnet: { s: { name: 'x' } }, azurerm_other: { o: { name: '${var.x}' } } } }))
      .toEqual(['azurerm_thing_new']);
  });
});
