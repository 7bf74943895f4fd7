/**
 * The validation paths the construct-specific suites do not reach: shared helpers, malformed shapes and hostile
 * input (wrong types, `__proto__` keys, references where literals are needed, oversized lists).
 */
import { Fn } from 'cdktf';
import {
  SentinelDetections, SentinelIncidentFlow, SentinelIncidentFlowProps, SentinelScheduledRule, SentinelScheduledRuleProps,
  SentinelSharedQueries, SiemPrivateLinkScope, SiemPrivateLinkScopeProps,
} from '../../lib/sentinel';
import { testStack } from '../helpers/synth';
import { SUB, SUBNET_ID, WS_ID } from './helpers';

const RULE: SentinelScheduledRuleProps = {
  workspace: { workspaceId: WS_ID }, name: 'r', displayName: 'Rule', description: 'A rule.', severity: 'Low',
  query: 'AzureActivity | project Caller', tactics: ['Impact'], entityMappings: [{ entityType: 'Account', fields: [{ identifier: 'FullName', column: 'Caller' }] }],
};
const rule = (props: Record<string, unknown>) => () => new SentinelScheduledRule(testStack().stack, 'Rule', { ...RULE, ...props } as SentinelScheduledRuleProps);
const flow = (props: Record<string, unknown>) => () => new SentinelIncidentFlow(testStack().stack, 'Incidents', { workspace: { workspaceId: WS_ID }, ...props } as SentinelIncidentFlowProps);
const scope = (props: Record<string, unknown>) => () => new SiemPrivateLinkScope(testStack().stack, 'Private', {
  workspace: { workspaceId: WS_ID }, resourceGroupName: 'rg', location: 'westeurope', subnetId: SUBNET_ID, ...props,
} as SiemPrivateLinkScopeProps);

describe('the workspace prop', () => {
  test.each<[string, unknown, RegExp]>([
    ['missing', undefined, /invalid workspace undefined: must be a SiemDestination with Sentinel on, or \{ workspaceId \}/],
    ['a string', WS_ID, /invalid workspace ".*law-existing": must be a SiemDestination with Sentinel on/],
    ['an id of another resource type', { workspaceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st` }, /invalid workspace\.workspaceId/],
  ])('%s', (_name, workspace, message) => {
    expect(() => new SentinelDetections(testStack().stack, 'D', { workspace } as never)).toThrow(message);
  });
});

describe('SentinelScheduledRule shapes', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['props that are not an object', { workspace: undefined }, /invalid workspace undefined/],
    ['a query that is a reference', { query: Fn.upper('x') }, /invalid query .*: must be literal KQL text, not a reference/],
    ['a display name that is a reference', { displayName: Fn.upper('x') }, /invalid displayName .*: must be a literal string, not a reference/],
    ['tactics that are not a list', { tactics: 'Impact' }, /invalid tactics "Impact": must list at least one MITRE ATT&CK tactic/],
    ['techniques that are not a list', { techniques: 'T1098' }, /invalid techniques "T1098": must be a list of MITRE ATT&CK technique ids/],
    ['a technique twice', { techniques: ['T1098', 'T1098'] }, /invalid techniques\[1\] "T1098": is listed twice/],
    ['entity mappings that are not a list', { entityMappings: {} }, /invalid entityMappings \{\}: must be a list of at most 10 entity mappings/],
    ['an entity mapping that is not an object', { entityMappings: [null] }, /invalid entityMappings\[0\] null: must be \{ entityType, fields \}/],
    ['a field that is not an object', { entityMappings: [{ entityType: 'IP', fields: ['Address'] }] }, /invalid entityMappings\[0\]\.fields\[0\] "Address": must be \{ identifier, column \}/],
    ['an identifier mapped twice', { entityMappings: [{ entityType: 'IP', fields: [{ identifier: 'Address', column: 'a' }, { identifier: 'Address', column: 'b' }] }] }, /fields\[1\]\.identifier "Address": is mapped twice/],
    ['custom details that are a list', { customDetails: ['Caller'] }, /invalid customDetails \["Caller"\]: must be an object of key to column name/],
    ['a custom detail that is not a column', { customDetails: { Who: 'Caller | take 1' } }, /invalid customDetails\.Who "Caller \| take 1": must be a column name of the query result/],
    ['a __proto__ custom detail key', { customDetails: JSON.parse('{"__proto__": "Caller"}') }, /invalid customDetails\.__proto__ "__proto__": the key must start with a letter/],
    ['grouping entities that are not a list', { incidentGrouping: { byEntities: 'Account' } }, /invalid incidentGrouping\.byEntities "Account": must be a list/],
    ['an unknown alert detail', { incidentGrouping: { byAlertDetails: ['Title'] } }, /invalid incidentGrouping\.byAlertDetails\[0\] "Title": must be one of "DisplayName" or "Severity"/],
    ['an unknown grouping method', { incidentGrouping: { matching: 'Some' } }, /invalid incidentGrouping\.matching "Some": must be one of "AllEntities", "AnyAlert" or "Selected"/],
    ['an unknown grouping option', { incidentGrouping: { by: ['Account'] } }, /invalid incidentGrouping\.by \["Account"\]: is not a known option/],
    ['enabled that is not a boolean', { enabled: 'yes' }, /invalid enabled "yes": must be true or false/],
    ['a __proto__ prop', JSON.parse('{"__proto__": {"x": 1}}'), /invalid props\.__proto__ \{"x":1\}: is not a known option/],
  ])('%s', (_name, props, message) => {
    expect(rule(props)).toThrow(message);
  });
});

describe('SentinelIncidentFlow shapes', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['rules that are not a list', { microsoftIncidentRules: { product: 'DefenderForIoT' } }, /invalid microsoftIncidentRules .*: must be a list of at most 7 rules, one per product/],
    ['eight rules', { microsoftIncidentRules: Array.from({ length: 8 }, () => ({ product: 'DefenderForIoT' })) }, /must be a list of at most 7 rules/],
    ['an unknown Defender XDR option', { defenderXdr: { connector: false } }, /invalid defenderXdr\.connector false: is not a known option/],
    ['createConnector that is not a boolean', { defenderXdr: { createConnector: 'no' } }, /invalid defenderXdr\.createConnector "no": must be true or false/],
    ['fifty-one alert names', { microsoftIncidentRules: [{ product: 'DefenderForIoT', alertNames: Array.from({ length: 51 }, (_, i) => `a${i}`) }] }, /alertNames .*: must be a list of 1 to 50 strings/],
    ['an alert name over 256 characters', { microsoftIncidentRules: [{ product: 'DefenderForIoT', alertNames: ['x'.repeat(257)] }] }, /alertNames\[0\] .*: must be a non-empty string of at most 256 characters/],
    ['an alert name twice', { microsoftIncidentRules: [{ product: 'DefenderForIoT', excludeAlertNames: ['a', 'a'] }] }, /excludeAlertNames\[1\] "a": is listed twice/],
    ['a rule enabled that is not a boolean', { microsoftIncidentRules: [{ product: 'DefenderForIoT', enabled: 1 }] }, /microsoftIncidentRules\[0\]\.enabled 1: must be true or false/],
  ])('%s', (_name, props, message) => {
    expect(flow(props)).toThrow(message);
  });
});

describe('SentinelDetections shapes', () => {
  const detections = (props: Record<string, unknown>) => () => new SentinelDetections(testStack().stack, 'D', { workspace: { workspaceId: WS_ID }, ...props } as never);
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['detections that are a list', { detections: ['privilegedRoleChange'] }, /invalid detections \["privilegedRoleChange"\]: must be an object/],
    ['detection options that are a string', { detections: { signInToDisabledAccount: 'on' } }, /invalid detections\.signInToDisabledAccount "on": must be an object/],
    ['251 countries', { allowedCountries: Array.from({ length: 251 }, () => 'GB') }, /invalid allowedCountries .*: must list 1 to 250/],
    ['a country that is a number', { allowedCountries: [44] }, /invalid allowedCountries\[0\] 44/],
    ['a __proto__ detection', { detections: JSON.parse('{"__proto__": true}') }, /invalid detections\.__proto__ true: is not a known option/],
    ['an enabled flag that is not a boolean', { detections: { siemLoggingRemoved: { enabled: 'no' } } }, /invalid detections\.siemLoggingRemoved\.enabled "no": must be true or false/],
  ])('%s', (_name, props, message) => {
    expect(detections(props)).toThrow(message);
  });
});

describe('SentinelSharedQueries shapes', () => {
  test('a workspace object without an id', () => {
    expect(() => new SentinelSharedQueries(testStack().stack, 'Q', { resourceGroupName: 'rg', workspace: {} })).toThrow(/invalid workspace \{\}: must have a Log Analytics workspace \(workspaceId\)/);
  });
});

describe('SiemPrivateLinkScope shapes', () => {
  const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a bad resource group', { resourceGroupName: 'rg/x' }, /invalid resourceGroupName "rg\/x"/],
    ['data collection endpoints that are not a list', { dataCollectionEndpointIds: 'dce' }, /invalid dataCollectionEndpointIds "dce": must be a list of at most 50/],
    ['zones that are a list', { privateDnsZoneIds: ['privatelink.monitor.azure.com'] }, /invalid privateDnsZoneIds .*: must map each Azure Monitor zone name to its resource id/],
    ['a VNet linked twice', { privateDnsVirtualNetworkIds: [VNET, VNET] }, /invalid privateDnsVirtualNetworkIds\[1\] .*: is listed twice/],
    ['a subnet id as a VNet', { privateDnsVirtualNetworkIds: [SUBNET_ID] }, /invalid privateDnsVirtualNetworkIds\[0\]/],
    ['an unknown query mode', { queryAccessMode: 'Closed' }, /invalid queryAccessMode "Closed"/],
    ['an unknown prop', { dnsZones: {} }, /invalid props\.dnsZones \{\}: is not a known option/],
  ])('%s', (_name, props, message) => {
    expect(scope(props)).toThrow(message);
  });
});
