/**
 * Azure Firewall, firewall policies and their rule collection groups (Microsoft.Network), read from
 * internal/services/firewall/ at azurerm v4.55.0. Rule collection groups are their own ARM resources
 * (`firewallPolicies/ruleCollectionGroups`), as Azure Policy sees them.
 */
import { ArmValue, Field, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { idObject, identity, normaliseLocation, obj, rgId, zones } from './common';
import { firstBlock, nonEmpty, onlyTrue } from './edge-common';

const S = 'internal/services/firewall/';

/** expandFirewallIPConfigurations: `{name, properties: {publicIPAddress?, subnet?}}` (ids only when not empty). */
const firewallIpConfigurationFields: Field[] = [
  { to: 'name', arg: 'name', required: true, default: '' },
  { to: 'properties', value: {} },
  idObject('public_ip_address_id', 'properties.publicIPAddress', { omitEmpty: true }),
  idObject('subnet_id', 'properties.subnet', { omitEmpty: true }),
];

export const firewall: ResourceMapping = {
  terraformType: 'azurerm_firewall',
  armType: 'Microsoft.Network/azureFirewalls',
  apiVersion: '2025-01-01',
  source: `${S}firewall_resource.go (resourceFirewallCreateUpdate, expandFirewallIPConfigurations, expandFirewallAdditionalProperty, expandFirewallPrivateIpRange, expandFirewallVirtualHubSetting)`,
  id: rgId('Microsoft.Network/azureFirewalls'),
  fields: [
    { to: 'properties.ipConfigurations', arg: 'ip_configuration', block: { list: true, emptyList: true, fields: firewallIpConfigurationFields } },
    // pointer.To(d.Get("threat_intel_mode")): "" when unset (Optional+Computed; Azure then applies Alert).
    { to: 'properties.threatIntelMode', arg: 'threat_intel_mode', default: '' },
    {
      // AdditionalProperties is always a map: DNS proxy / servers and SNAT private ranges when set.
      to: 'properties.additionalProperties',
      reads: ['dns_servers', 'dns_proxy_enabled', 'private_ip_ranges'],
      compute: (ctx) => {
        const out = obj({});
        const servers = ctx.get('dns_servers', 'strings');
        const proxy = ctx.get('dns_proxy_enabled', 'bool');
        const ranges = ctx.get('private_ip_ranges', 'strings');
        if (isUnknown(servers) || isUnknown(ranges)) return UNKNOWN;
        if (Array.isArray(servers) && servers.length > 0) {
          out['Network.DNS.EnableProxy'] = 'true';
          out['Network.DNS.Servers'] = servers.some(isUnknown) ? UNKNOWN : servers.join(',');
        }
        if (proxy === true) out['Network.DNS.EnableProxy'] = 'true';
        else if (isUnknown(proxy) && out['Network.DNS.EnableProxy'] === undefined) out['Network.DNS.EnableProxy'] = UNKNOWN;
        if (Array.isArray(ranges) && ranges.length > 0) out['Network.SNAT.PrivateRanges'] = ranges.some(isUnknown) ? UNKNOWN : ranges.join(',');
        return out;
      },
    },
    zones(),
    { to: 'properties.managementIpConfiguration', arg: 'management_ip_configuration', block: { fields: firewallIpConfigurationFields } },
    idObject('firewall_policy_id', 'properties.firewallPolicy', { omitEmpty: true }),
    {
      to: 'properties.virtualHub',
      arg: 'virtual_hub',
      block: { fields: [{ to: 'id', arg: 'virtual_hub_id', required: true, default: '' }] },
    },
    {
      // On create only the count is sent (the addresses are Azure's).
      to: 'properties.hubIPAddresses.publicIPs.count',
      reads: ['virtual_hub'],
      compute: (ctx) => {
        const b = firstBlock(ctx, 'virtual_hub');
        if (b === undefined) return OMIT;
        if (isUnknown(b)) return UNKNOWN;
        const n = b.public_ip_count;
        return n === undefined || n === null ? 1 : typeof n === 'number' ? n : typeof n === 'string' && /^\d+$/.test(n) ? Number(n) : UNKNOWN;
      },
    },
    { to: 'properties.sku.name', arg: 'sku_name', required: true, map: nonEmpty },
    { to: 'properties.sku.tier', arg: 'sku_tier', required: true, map: nonEmpty },
  ],
};

export const firewallPolicy: ResourceMapping = {
  terraformType: 'azurerm_firewall_policy',
  armType: 'Microsoft.Network/firewallPolicies',
  apiVersion: '2025-01-01',
  source: `${S}firewall_policy_resource.go (resourceFirewallPolicyCreateUpdate, expandFirewallPolicyDNSSetting, expandFirewallPolicyIntrusionDetection, expandFirewallPolicyInsights, expandFirewallPolicyExplicitProxy, expandFirewallPolicyTransportSecurity, expandFirewallPolicyThreatIntelWhitelist)`,
  id: rgId('Microsoft.Network/firewallPolicies'),
  fields: [
    { to: 'properties.threatIntelMode', arg: 'threat_intelligence_mode', default: 'Alert' },
    {
      to: 'properties.threatIntelWhitelist',
      arg: 'threat_intelligence_allowlist',
      block: { fields: [{ to: 'ipAddresses', arg: 'ip_addresses', type: 'strings', default: [] }, { to: 'fqdns', arg: 'fqdns', type: 'strings', default: [] }] },
    },
    {
      // No dns block: no dnsSettings (the DNS proxy is off).
      to: 'properties.dnsSettings',
      arg: 'dns',
      block: { fields: [{ to: 'servers', arg: 'servers', type: 'strings', default: [] }, { to: 'enableProxy', arg: 'proxy_enabled', type: 'bool', default: false }] },
    },
    {
      to: 'properties.intrusionDetection',
      arg: 'intrusion_detection',
      block: {
        fields: [
          { to: 'mode', arg: 'mode', default: '' },
          {
            to: 'configuration.signatureOverrides',
            arg: 'signature_overrides',
            block: { list: true, emptyList: true, fields: [{ to: 'id', arg: 'id', default: '' }, { to: 'mode', arg: 'state', default: '' }] },
          },
          { to: 'configuration.privateRanges', arg: 'private_ranges', type: 'strings', default: [] },
          {
            to: 'configuration.bypassTrafficSettings',
            arg: 'traffic_bypass',
            block: {
              list: true,
              emptyList: true,
              fields: [
                { to: 'name', arg: 'name', required: true, default: '' },
                { to: 'description', arg: 'description', default: '' },
                { to: 'protocol', arg: 'protocol', required: true, default: '' },
                { to: 'sourceAddresses', arg: 'source_addresses', type: 'strings', default: [] },
                { to: 'destinationAddresses', arg: 'destination_addresses', type: 'strings', default: [] },
                { to: 'destinationPorts', arg: 'destination_ports', type: 'strings', default: [] },
                { to: 'sourceIpGroups', arg: 'source_ip_groups', type: 'strings', default: [] },
                { to: 'destinationIpGroups', arg: 'destination_ip_groups', type: 'strings', default: [] },
              ],
            },
          },
        ],
      },
    },
    {
      to: 'properties.transportSecurity.certificateAuthority',
      arg: 'tls_certificate',
      block: { fields: [{ to: 'keyVaultSecretId', arg: 'key_vault_secret_id', required: true, default: '' }, { to: 'name', arg: 'name', required: true, default: '' }] },
    },
    {
      to: 'properties.insights',
      arg: 'insights',
      block: {
        fields: [
          { to: 'isEnabled', arg: 'enabled', required: true, type: 'bool', default: false },
          { to: 'retentionDays', arg: 'retention_in_days', type: 'number', default: 0 },
          { to: 'logAnalyticsResources.defaultWorkspaceId.id', arg: 'default_log_analytics_workspace_id', required: true, default: '' },
          {
            to: 'logAnalyticsResources.workspaces',
            arg: 'log_analytics_workspace',
            block: { list: true, emptyList: true, fields: [{ to: 'region', arg: 'firewall_location', default: '', map: normaliseLocation }, { to: 'workspaceId.id', arg: 'id', default: '' }] },
          },
        ],
      },
    },
    {
      to: 'properties.explicitProxy',
      arg: 'explicit_proxy',
      block: {
        fields: [
          { to: 'enableExplicitProxy', arg: 'enabled', type: 'bool', default: false },
          { to: 'httpPort', arg: 'http_port', type: 'number', default: 0 },
          { to: 'httpsPort', arg: 'https_port', type: 'number', default: 0 },
          { to: 'pacFilePort', arg: 'pac_file_port', type: 'number', default: 0 },
          { to: 'pacFile', arg: 'pac_file', default: '' },
          { to: 'enablePacFile', arg: 'enable_pac_file', type: 'bool', default: false },
        ],
      },
    },
    // A None identity is not sent ("api will error if TypeNone is passed in").
    identity('systemAndUserMap', 'omit'),
    idObject('base_policy_id', 'properties.basePolicy', { omitEmpty: true }),
    // d.GetOk("sku") with the schema default "Standard": always sent.
    { to: 'properties.sku.tier', arg: 'sku', default: 'Standard', map: nonEmpty },
    { to: 'properties.sql.allowSqlRedirect', arg: 'sql_redirect_allowed', type: 'bool', map: onlyTrue },
    { to: 'properties.snat.privateRanges', arg: 'private_ip_ranges', type: 'strings', omitEmpty: true },
    { to: 'properties.snat.autoLearnPrivateRanges', arg: 'auto_learn_private_ranges_enabled', type: 'bool', map: (v) => (v === true ? 'Enabled' : isUnknown(v) ? UNKNOWN : OMIT) },
  ],
};

/** `[]string` lists the rule expanders always send (utils.ExpandStringSlice: [] when unset). */
function strings(to: string, arg: string): Field {
  return { to, arg, type: 'strings', default: [] };
}

/** `var protocols []T` appended per element: JSON null when the list is empty. */
function nullWhenEmpty(v: ArmValue): ArmValue {
  return Array.isArray(v) && v.length === 0 ? null : v;
}

const applicationRuleFields: Field[] = [
  { to: 'ruleType', value: 'ApplicationRule' },
  { to: 'name', arg: 'name', required: true, default: '' },
  { to: 'description', arg: 'description', default: '' },
  {
    to: 'protocols',
    arg: 'protocols',
    block: { list: true, absent: null, fields: [{ to: 'protocolType', arg: 'type', default: '' }, { to: 'port', arg: 'port', type: 'number', default: 0 }] },
  },
  {
    to: 'httpHeadersToInsert',
    arg: 'http_headers',
    block: { list: true, absent: null, fields: [{ to: 'headerName', arg: 'name', default: '' }, { to: 'headerValue', arg: 'value', default: '' }] },
  },
  strings('sourceAddresses', 'source_addresses'),
  strings('sourceIpGroups', 'source_ip_groups'),
  strings('destinationAddresses', 'destination_addresses'),
  strings('targetFqdns', 'destination_fqdns'),
  strings('targetUrls', 'destination_urls'),
  strings('fqdnTags', 'destination_fqdn_tags'),
  { to: 'terminateTLS', arg: 'terminate_tls', type: 'bool', default: false },
  strings('webCategories', 'web_categories'),
];

const networkRuleFields: Field[] = [
  { to: 'ruleType', value: 'NetworkRule' },
  { to: 'name', arg: 'name', required: true, default: '' },
  { to: 'ipProtocols', arg: 'protocols', type: 'strings', required: true, default: null, map: nullWhenEmpty },
  strings('sourceAddresses', 'source_addresses'),
  strings('sourceIpGroups', 'source_ip_groups'),
  strings('destinationAddresses', 'destination_addresses'),
  strings('destinationIpGroups', 'destination_ip_groups'),
  strings('destinationFqdns', 'destination_fqdns'),
  strings('destinationPorts', 'destination_ports'),
  { to: 'description', arg: 'description', default: '' },
];

const natRuleFields: Field[] = [
  { to: 'ruleType', value: 'NatRule' },
  { to: 'name', arg: 'name', required: true, default: '' },
  { to: 'ipProtocols', arg: 'protocols', type: 'strings', required: true, default: null, map: nullWhenEmpty },
  strings('sourceAddresses', 'source_addresses'),
  strings('sourceIpGroups', 'source_ip_groups'),
  { to: 'destinationAddresses', arg: 'destination_address', default: [''], map: (v) => [v] },
  strings('destinationPorts', 'destination_ports'),
  // strconv.Itoa of the number.
  { to: 'translatedPort', arg: 'translated_port', type: 'number', required: true, default: '0', map: (v) => (typeof v === 'number' ? String(v) : v) },
  { to: 'description', arg: 'description', default: '' },
  { to: 'translatedAddress', arg: 'translated_address', omitEmpty: true },
  { to: 'translatedFqdn', arg: 'translated_fqdn', omitEmpty: true },
];

/** One `*_rule_collection` block type as FirewallPolicyFilterRuleCollection / FirewallPolicyNatRuleCollection. */
function ruleCollections(arg: string, collectionType: string, rules: Field[]): Field {
  return {
    to: 'properties.ruleCollections',
    arg,
    concat: true,
    block: {
      list: true,
      emptyList: true,
      fields: [
        { to: 'ruleCollectionType', value: collectionType },
        { to: 'action.type', arg: 'action', required: true, default: '' },
        { to: 'name', arg: 'name', required: true, default: '' },
        { to: 'priority', arg: 'priority', type: 'number', required: true, default: 0 },
        { to: 'rules', arg: 'rule', required: true, block: { list: true, emptyList: true, fields: rules } },
      ],
    },
  };
}

export const firewallPolicyRuleCollectionGroup: ResourceMapping = {
  terraformType: 'azurerm_firewall_policy_rule_collection_group',
  armType: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  apiVersion: '2025-01-01',
  source: `${S}firewall_policy_rule_collection_group_resource.go (resourceFirewallPolicyRuleCollectionGroupCreateUpdate, expandFirewallPolicyRuleCollectionApplication, expandFirewallPolicyRuleCollectionNetwork, expandFirewallPolicyRuleCollectionNat)`,
  id: '{firewall_policy_id:id}/ruleCollectionGroups/{name}',
  location: false,
  tags: false,
  fields: [
    { to: 'properties.priority', arg: 'priority', type: 'number', required: true, default: 0 },
    // Application collections, then network, then NAT, in one list.
    ruleCollections('application_rule_collection', 'FirewallPolicyFilterRuleCollection', applicationRuleFields),
    ruleCollections('network_rule_collection', 'FirewallPolicyFilterRuleCollection', networkRuleFields),
    ruleCollections('nat_rule_collection', 'FirewallPolicyNatRuleCollection', natRuleFields),
  ],
};

export const FIREWALL_MAPPINGS: readonly ResourceMapping[] = [firewall, firewallPolicy, firewallPolicyRuleCollectionGroup];
