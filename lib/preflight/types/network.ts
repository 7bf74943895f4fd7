/**
 * Microsoft.Network: NSGs and rules, virtual networks and subnets with their associations, public IPs, NICs.
 * Each table cites the azurerm v4.55.0 file its create/expand code is read from (internal/services/network/).
 */
import { ArmValue, Field, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { edgeZone, idObject, idObjects, obj, rgId, zones } from './common';

const S = 'internal/services/network/';

/**
 * The properties of one security rule, as expandSecurityRules (inline) and resourceNetworkSecurityRuleCreate
 * (standalone) build them: the four single-value strings are always sent (`pointer.To(d.Get(...).(string))`, "" when
 * unset), the lists only when not empty, the description only when not "".
 */
function ruleProperties(prefix: string): Field[] {
  return [
    { to: `${prefix}protocol`, arg: 'protocol', required: true },
    { to: `${prefix}sourcePortRange`, arg: 'source_port_range', default: '' },
    { to: `${prefix}destinationPortRange`, arg: 'destination_port_range', default: '' },
    { to: `${prefix}sourceAddressPrefix`, arg: 'source_address_prefix', default: '' },
    { to: `${prefix}destinationAddressPrefix`, arg: 'destination_address_prefix', default: '' },
    { to: `${prefix}priority`, arg: 'priority', type: 'number', required: true },
    { to: `${prefix}access`, arg: 'access', required: true },
    { to: `${prefix}direction`, arg: 'direction', required: true },
    { to: `${prefix}description`, arg: 'description', omitEmpty: true },
    { to: `${prefix}sourcePortRanges`, arg: 'source_port_ranges', type: 'strings', omitEmpty: true },
    { to: `${prefix}destinationPortRanges`, arg: 'destination_port_ranges', type: 'strings', omitEmpty: true },
    { to: `${prefix}sourceAddressPrefixes`, arg: 'source_address_prefixes', type: 'strings', omitEmpty: true },
    { to: `${prefix}destinationAddressPrefixes`, arg: 'destination_address_prefixes', type: 'strings', omitEmpty: true },
    { to: `${prefix}sourceApplicationSecurityGroups`, arg: 'source_application_security_group_ids', type: 'strings', omitEmpty: true, map: idObjects },
    { to: `${prefix}destinationApplicationSecurityGroups`, arg: 'destination_application_security_group_ids', type: 'strings', omitEmpty: true, map: idObjects },
  ];
}

export const networkSecurityGroup: ResourceMapping = {
  terraformType: 'azurerm_network_security_group',
  armType: 'Microsoft.Network/networkSecurityGroups',
  apiVersion: '2025-01-01',
  source: `${S}network_security_group_resource.go (resourceNetworkSecurityGroupCreate, expandSecurityRules)`,
  id: rgId('Microsoft.Network/networkSecurityGroups'),
  fields: [
    {
      // security_rule is Optional+Computed (ConfigModeAttr): no block sends an empty list.
      to: 'properties.securityRules',
      arg: 'security_rule',
      block: { list: true, emptyList: true, fields: [{ to: 'name', arg: 'name', required: true }, ...ruleProperties('properties.')] },
    },
  ],
  children: [{ armType: 'Microsoft.Network/networkSecurityGroups/securityRules', fromArray: 'properties.securityRules', segment: 'securityRules' }],
};

export const networkSecurityRule: ResourceMapping = {
  terraformType: 'azurerm_network_security_rule',
  armType: 'Microsoft.Network/networkSecurityGroups/securityRules',
  apiVersion: '2025-01-01',
  source: `${S}network_security_rule_resource.go (resourceNetworkSecurityRuleCreate)`,
  id: '/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/Microsoft.Network/networkSecurityGroups/{network_security_group_name}/securityRules/{name}',
  location: false,
  tags: false,
  fields: ruleProperties('properties.'),
  merge: [
    {
      targetType: 'Microsoft.Network/networkSecurityGroups',
      target: { idTemplate: '/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/Microsoft.Network/networkSecurityGroups/{network_security_group_name}' },
      path: 'properties.securityRules',
      mode: 'append',
      value: 'self',
    },
  ],
};

/** One inline subnet of azurerm_virtual_network (expandVirtualNetworkProperties). */
const inlineSubnetFields: Field[] = [
  { to: 'name', arg: 'name', required: true },
  {
    // One prefix goes to addressPrefix, several to addressPrefixes.
    to: 'properties.addressPrefix',
    compute: (ctx) => {
      const p = ctx.get('address_prefixes', 'strings');
      return Array.isArray(p) && p.length === 1 ? p[0] : isUnknown(p) ? UNKNOWN : OMIT;
    },
  },
  {
    to: 'properties.addressPrefixes',
    compute: (ctx) => {
      const p = ctx.get('address_prefixes', 'strings');
      return Array.isArray(p) && p.length !== 1 ? p : OMIT;
    },
  },
  { to: 'properties.defaultOutboundAccess', arg: 'default_outbound_access_enabled', type: 'bool', default: true },
  { to: 'properties.delegations', arg: 'delegation', block: { list: true, emptyList: true, fields: delegationFields() } },
  { to: 'properties.privateEndpointNetworkPolicies', arg: 'private_endpoint_network_policies', default: 'Disabled' },
  {
    to: 'properties.privateLinkServiceNetworkPolicies',
    arg: 'private_link_service_network_policies_enabled',
    type: 'bool',
    default: 'Enabled',
    map: (v) => (v ? 'Enabled' : 'Disabled'),
  },
  idObject('route_table_id', 'properties.routeTable', { omitEmpty: true }),
  { to: 'properties.serviceEndpointPolicies', arg: 'service_endpoint_policy_ids', type: 'strings', default: [], map: idObjects },
  { to: 'properties.serviceEndpoints', arg: 'service_endpoints', type: 'strings', default: [], map: serviceEndpoints },
  idObject('security_group', 'properties.networkSecurityGroup', { omitEmpty: true }),
];

function serviceEndpoints(v: ArmValue): ArmValue {
  return Array.isArray(v) ? v.map((service) => obj({ service })) : v;
}

function delegationFields(): Field[] {
  return [
    { to: 'name', arg: 'name' },
    {
      to: 'properties',
      compute: (ctx) => {
        const raw = ctx.raw('service_delegation');
        const sd = Array.isArray(raw) ? raw[0] : raw;
        if (sd === undefined || sd === null) return OMIT;
        if (isUnknown(sd) || typeof sd !== 'object' || Array.isArray(sd)) return UNKNOWN;
        const o = sd as Record<string, unknown>;
        const name = typeof o.name === 'string' ? o.name : UNKNOWN;
        const actions = Array.isArray(o.actions) ? o.actions.map((a) => (typeof a === 'string' ? a : UNKNOWN)) : o.actions === undefined || o.actions === null ? [] : UNKNOWN;
        return obj({ serviceName: name, actions });
      },
    },
  ];
}

export const virtualNetwork: ResourceMapping = {
  terraformType: 'azurerm_virtual_network',
  armType: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2025-01-01',
  source: `${S}virtual_network_resource.go (resourceVirtualNetworkCreate, expandVirtualNetworkProperties)`,
  id: rgId('Microsoft.Network/virtualNetworks'),
  fields: [
    edgeZone(),
    { to: 'properties.addressSpace', value: {} },
    { to: 'properties.addressSpace.addressPrefixes', arg: 'address_space', type: 'strings', omitEmpty: true },
    { to: 'properties.dhcpOptions.dnsServers', arg: 'dns_servers', type: 'strings', default: [] },
    { to: 'properties.privateEndpointVNetPolicies', arg: 'private_endpoint_vnet_policies', default: 'Disabled' },
    { to: 'properties.subnets', arg: 'subnet', block: { list: true, emptyList: true, fields: inlineSubnetFields } },
    {
      to: 'properties.ddosProtectionPlan',
      arg: 'ddos_protection_plan',
      block: { fields: [{ to: 'id', arg: 'id' }] },
    },
    { to: 'properties.enableDdosProtection', reads: ['ddos_protection_plan'], compute: (ctx) => ddosEnable(ctx.raw('ddos_protection_plan')) },
    {
      to: 'properties.encryption',
      arg: 'encryption',
      block: { fields: [{ to: 'enabled', value: true }, { to: 'enforcement', arg: 'enforcement' }] },
    },
    {
      to: 'properties.addressSpace.ipamPoolPrefixAllocations',
      arg: 'ip_address_pool',
      block: { list: true, fields: [{ to: 'numberOfIpAddresses', arg: 'number_of_ip_addresses' }, { to: 'pool.id', arg: 'id' }] },
    },
    { to: 'properties.bgpCommunities', arg: 'bgp_community', omitEmpty: true, map: (v) => obj({ virtualNetworkCommunity: v }) },
    { to: 'properties.flowTimeoutInMinutes', arg: 'flow_timeout_in_minutes', type: 'number', omitEmpty: true, map: (v) => (v === 0 ? OMIT : v) },
  ],
  children: [{ armType: 'Microsoft.Network/virtualNetworks/subnets', fromArray: 'properties.subnets', segment: 'subnets' }],
};

function ddosEnable(raw: unknown): ArmValue | typeof OMIT {
  const b = Array.isArray(raw) ? raw[0] : raw;
  if (b === undefined || b === null) return OMIT;
  if (isUnknown(b) || typeof b !== 'object') return UNKNOWN;
  const e = (b as Record<string, unknown>).enable;
  return typeof e === 'boolean' ? e : e === 'true' ? true : e === 'false' ? false : UNKNOWN;
}

export const subnet: ResourceMapping = {
  terraformType: 'azurerm_subnet',
  armType: 'Microsoft.Network/virtualNetworks/subnets',
  apiVersion: '2025-01-01',
  source: `${S}subnet_resource.go (resourceSubnetCreate, expandSubnetDelegation, expandSubnetServiceEndpoints)`,
  id: '/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/Microsoft.Network/virtualNetworks/{virtual_network_name}/subnets/{name}',
  location: false,
  tags: false,
  fields: [
    {
      to: 'properties.addressPrefix',
      reads: ['address_prefixes'],
      compute: (ctx) => {
        const p = ctx.get('address_prefixes', 'strings');
        return Array.isArray(p) && p.length === 1 ? p[0] : isUnknown(p) ? UNKNOWN : OMIT;
      },
    },
    {
      to: 'properties.addressPrefixes',
      compute: (ctx) => {
        const p = ctx.get('address_prefixes', 'strings');
        return Array.isArray(p) && p.length > 1 ? p : OMIT;
      },
    },
    {
      to: 'properties.ipamPoolPrefixAllocations',
      arg: 'ip_address_pool',
      block: { list: true, fields: [{ to: 'numberOfIpAddresses', arg: 'number_of_ip_addresses' }, { to: 'pool.id', arg: 'id' }] },
    },
    { to: 'properties.privateEndpointNetworkPolicies', arg: 'private_endpoint_network_policies', default: 'Disabled' },
    {
      to: 'properties.privateLinkServiceNetworkPolicies',
      arg: 'private_link_service_network_policies_enabled',
      type: 'bool',
      default: 'Enabled',
      map: (v) => (v ? 'Enabled' : 'Disabled'),
    },
    { to: 'properties.serviceEndpointPolicies', arg: 'service_endpoint_policy_ids', type: 'strings', default: [], map: idObjects },
    { to: 'properties.serviceEndpoints', arg: 'service_endpoints', type: 'strings', default: [], map: serviceEndpoints },
    // pointer.ToEnum of d.Get("sharing_scope"): "" when unset.
    { to: 'properties.sharingScope', arg: 'sharing_scope', default: '' },
    { to: 'properties.defaultOutboundAccess', arg: 'default_outbound_access_enabled', type: 'bool', default: true },
    { to: 'properties.delegations', arg: 'delegation', block: { list: true, emptyList: true, fields: delegationFields() } },
  ],
  merge: [
    {
      targetType: 'Microsoft.Network/virtualNetworks',
      target: { idTemplate: '/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/Microsoft.Network/virtualNetworks/{virtual_network_name}' },
      path: 'properties.subnets',
      mode: 'append',
      value: 'self',
    },
  ],
  notes: [],
};

/** An association is a PUT of the subnet (GET, then the property set): the subnet's body as Azure will show it. */
function subnetAssociation(terraformType: string, file: string, arg: string, path: string): ResourceMapping {
  return {
    terraformType,
    armType: 'Microsoft.Network/virtualNetworks/subnets',
    apiVersion: '2025-01-01',
    source: `${S}${file}`,
    id: '{subnet_id:id}',
    location: false,
    tags: false,
    standalone: false,
    fields: [],
    merge: [{ targetType: 'Microsoft.Network/virtualNetworks/subnets', target: { idArg: 'subnet_id' }, path, mode: 'set', value: [{ to: 'id', arg }] }],
    notes: [`azurerm creates the subnet first and sets ${path.split('.').pop()} with a second PUT: the subnet is evaluated with it`],
  };
}

export const subnetNsgAssociation = subnetAssociation('azurerm_subnet_network_security_group_association', 'subnet_network_security_group_association_resource.go', 'network_security_group_id', 'properties.networkSecurityGroup');
export const subnetRouteTableAssociation = subnetAssociation('azurerm_subnet_route_table_association', 'subnet_route_table_association_resource.go', 'route_table_id', 'properties.routeTable');
export const subnetNatGatewayAssociation = subnetAssociation('azurerm_subnet_nat_gateway_association', 'subnet_nat_gateway_association_resource.go', 'nat_gateway_id', 'properties.natGateway');

export const networkInterfaceSecurityGroupAssociation: ResourceMapping = {
  terraformType: 'azurerm_network_interface_security_group_association',
  armType: 'Microsoft.Network/networkInterfaces',
  apiVersion: '2025-01-01',
  source: `${S}network_interface_security_group_association_resource.go`,
  id: '{network_interface_id:id}',
  location: false,
  tags: false,
  standalone: false,
  fields: [],
  merge: [{ targetType: 'Microsoft.Network/networkInterfaces', target: { idArg: 'network_interface_id' }, path: 'properties.networkSecurityGroup', mode: 'set', value: [{ to: 'id', arg: 'network_security_group_id' }] }],
};

export const publicIp: ResourceMapping = {
  terraformType: 'azurerm_public_ip',
  armType: 'Microsoft.Network/publicIPAddresses',
  apiVersion: '2025-01-01',
  source: `${S}public_ip_resource.go (resourcePublicIpCreate)`,
  id: rgId('Microsoft.Network/publicIPAddresses'),
  fields: [
    edgeZone(),
    { to: 'sku.name', arg: 'sku', default: 'Standard' },
    { to: 'sku.tier', arg: 'sku_tier', default: 'Regional' },
    { to: 'properties.publicIPAllocationMethod', arg: 'allocation_method', required: true },
    { to: 'properties.publicIPAddressVersion', arg: 'ip_version', default: 'IPv4' },
    { to: 'properties.idleTimeoutInMinutes', arg: 'idle_timeout_in_minutes', type: 'number', default: 4 },
    { to: 'properties.ddosSettings.protectionMode', arg: 'ddos_protection_mode', default: 'VirtualNetworkInherited' },
    idObject('ddos_protection_plan_id', 'properties.ddosSettings.ddosProtectionPlan', { omitEmpty: true }),
    zones(),
    idObject('public_ip_prefix_id', 'properties.publicIPPrefix', { omitEmpty: true }),
    { to: 'properties.dnsSettings.reverseFqdn', arg: 'reverse_fqdn', omitEmpty: true },
    { to: 'properties.dnsSettings.domainNameLabel', arg: 'domain_name_label', omitEmpty: true },
    { to: 'properties.dnsSettings.domainNameLabelScope', arg: 'domain_name_label_scope', omitEmpty: true },
    {
      to: 'properties.ipTags',
      arg: 'ip_tags',
      type: 'map',
      omitEmpty: true,
      map: (v) => (v && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) ? Object.keys(v).map((k) => obj({ ipTagType: k, tag: (v as Record<string, ArmValue>)[k] })) : v),
    },
  ],
};

export const networkInterface: ResourceMapping = {
  terraformType: 'azurerm_network_interface',
  armType: 'Microsoft.Network/networkInterfaces',
  apiVersion: '2025-01-01',
  source: `${S}network_interface_resource.go (resourceNetworkInterfaceCreate, expandNetworkInterfaceIPConfigurations)`,
  id: rgId('Microsoft.Network/networkInterfaces'),
  fields: [
    edgeZone(),
    { to: 'properties.enableIPForwarding', arg: 'ip_forwarding_enabled', type: 'bool', default: false, legacyArgs: ['enable_ip_forwarding'] },
    { to: 'properties.enableAcceleratedNetworking', arg: 'accelerated_networking_enabled', type: 'bool', default: false, legacyArgs: ['enable_accelerated_networking'] },
    { to: 'properties.auxiliaryMode', arg: 'auxiliary_mode', omitEmpty: true },
    { to: 'properties.auxiliarySku', arg: 'auxiliary_sku', omitEmpty: true },
    { to: 'properties.dnsSettings.dnsServers', arg: 'dns_servers', type: 'strings', omitEmpty: true },
    { to: 'properties.dnsSettings.internalDnsNameLabel', arg: 'internal_dns_name_label', omitEmpty: true },
    {
      to: 'properties.ipConfigurations',
      arg: 'ip_configuration',
      required: true,
      block: {
        list: true,
        fields: [
          { to: 'name', arg: 'name', required: true },
          { to: 'properties.privateIPAllocationMethod', arg: 'private_ip_address_allocation', required: true },
          { to: 'properties.privateIPAddressVersion', arg: 'private_ip_address_version', default: 'IPv4' },
          idObject('subnet_id', 'properties.subnet', { omitEmpty: true }),
          { to: 'properties.privateIPAddress', arg: 'private_ip_address', omitEmpty: true },
          idObject('public_ip_address_id', 'properties.publicIPAddress', { omitEmpty: true }),
          // Optional+Computed bool read with `if v, ok := data["primary"]; ok`: always present, false when unset.
          { to: 'properties.primary', arg: 'primary', type: 'bool', default: false },
          idObject('gateway_load_balancer_frontend_ip_configuration_id', 'properties.gatewayLoadBalancer', { omitEmpty: true }),
        ],
      },
    },
  ],
};

export const NETWORK_MAPPINGS: readonly ResourceMapping[] = [
  networkSecurityGroup,
  networkSecurityRule,
  virtualNetwork,
  subnet,
  subnetNsgAssociation,
  subnetRouteTableAssociation,
  subnetNatGatewayAssociation,
  networkInterfaceSecurityGroupAssociation,
  publicIp,
  networkInterface,
];

/** A bool sent only when true (`if x { p.X = pointer.To(x) }`). */
function onlyTrue(v: ArmValue): ArmValue | typeof OMIT {
  return v === true ? true : isUnknown(v) ? UNKNOWN : OMIT;
}

export const bastionHost: ResourceMapping = {
  terraformType: 'azurerm_bastion_host',
  armType: 'Microsoft.Network/bastionHosts',
  apiVersion: '2024-01-01',
  source: `${S}bastion_host_resource.go (resourceBastionHostCreate, expandBastionHostIPConfiguration)`,
  id: rgId('Microsoft.Network/bastionHosts'),
  fields: [
    { to: 'sku.name', arg: 'sku', default: 'Basic' },
    { to: 'properties.scaleUnits', arg: 'scale_units', type: 'number', default: 2 },
    {
      to: 'properties.ipConfigurations',
      arg: 'ip_configuration',
      block: {
        list: true,
        fields: [
          { to: 'name', arg: 'name', required: true },
          { to: 'properties.subnet.id', arg: 'subnet_id', required: true, default: '' },
          { to: 'properties.publicIPAddress.id', arg: 'public_ip_address_id', required: true, default: '' },
        ],
      },
    },
    // DisableCopyPaste is sent (true) only when copy_paste_enabled is false.
    { to: 'properties.disableCopyPaste', arg: 'copy_paste_enabled', type: 'bool', default: true, unknownAware: true, map: (v) => (v === false ? true : isUnknown(v) ? UNKNOWN : OMIT) },
    { to: 'properties.enableFileCopy', arg: 'file_copy_enabled', type: 'bool', map: onlyTrue },
    { to: 'properties.enableIpConnect', arg: 'ip_connect_enabled', type: 'bool', map: onlyTrue },
    { to: 'properties.enableKerberos', arg: 'kerberos_enabled', type: 'bool', map: onlyTrue },
    { to: 'properties.enableShareableLink', arg: 'shareable_link_enabled', type: 'bool', map: onlyTrue },
    { to: 'properties.enableTunneling', arg: 'tunneling_enabled', type: 'bool', map: onlyTrue },
    { to: 'properties.enableSessionRecording', arg: 'session_recording_enabled', type: 'bool', map: onlyTrue },
    zones(),
    idObject('virtual_network_id', 'properties.virtualNetwork', { omitEmpty: true }),
  ],
};

export const privateEndpoint: ResourceMapping = {
  terraformType: 'azurerm_private_endpoint',
  armType: 'Microsoft.Network/privateEndpoints',
  apiVersion: '2025-01-01',
  source: `${S}private_endpoint_resource.go (resourcePrivateEndpointCreate, expandPrivateLinkEndpointServiceConnection, createPrivateDnsZoneGroupForPrivateEndpoint)`,
  id: rgId('Microsoft.Network/privateEndpoints'),
  fields: [
    ...([['properties.privateLinkServiceConnections', false], ['properties.manualPrivateLinkServiceConnections', true]] as const).map(
      ([to, manual]): Field => ({
        to,
        arg: 'private_service_connection',
        required: !manual,
        block: {
          list: true,
          emptyList: true,
          filter: (c) => c.get('is_manual_connection', 'bool') === manual,
          fields: [
            { to: 'name', arg: 'name' },
            { to: 'properties.groupIds', arg: 'subresource_names', type: 'strings', default: [] },
            {
              to: 'properties.privateLinkServiceId',
              reads: ['private_connection_resource_id', 'private_connection_resource_alias'],
              compute: (c) => c.get('private_connection_resource_id') || c.get('private_connection_resource_alias') || '',
            },
            { to: 'properties.requestMessage', arg: 'request_message', omitEmpty: true },
          ],
        },
      }),
    ),
    { to: 'properties.subnet.id', arg: 'subnet_id', required: true, default: '' },
    {
      to: 'properties.ipConfigurations',
      arg: 'ip_configuration',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name' },
          { to: 'properties.privateIPAddress', arg: 'private_ip_address', default: '' },
          { to: 'properties.groupId', arg: 'subresource_name', default: '' },
          { to: 'properties.memberName', reads: ['member_name', 'subresource_name'], compute: (c) => c.get('member_name') || c.get('subresource_name') || '' },
        ],
      },
    },
    { to: 'properties.customNetworkInterfaceName', arg: 'custom_network_interface_name', default: '' },
  ],
  children: [
    {
      // The DNS zone group is a second request (PUT .../privateDnsZoneGroups/<name>) after the endpoint exists.
      armType: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
      segment: 'privateDnsZoneGroups',
      name: (ctx) => {
        const g = firstBlock(ctx.raw('private_dns_zone_group'));
        return g && typeof g.name === 'string' ? g.name : UNKNOWN;
      },
      when: (ctx) => firstBlock(ctx.raw('private_dns_zone_group')) !== undefined,
      fields: [
        {
          to: 'properties.privateDnsZoneConfigs',
          reads: ['private_dns_zone_group'],
          compute: (ctx) => {
            const g = firstBlock(ctx.raw('private_dns_zone_group'));
            const ids = g?.private_dns_zone_ids;
            if (!Array.isArray(ids)) return UNKNOWN;
            return ids.map((raw) => {
              const id = ctx.idOf(raw as never);
              const zoneName = typeof id === 'string' ? id.split('/').pop() ?? UNKNOWN : UNKNOWN;
              return obj({ name: zoneName, properties: obj({ privateDnsZoneId: typeof raw === 'string' ? raw : UNKNOWN }) });
            });
          },
        },
      ],
    },
  ],
};

function firstBlock(raw: unknown): Record<string, unknown> | undefined {
  const b = Array.isArray(raw) ? raw[0] : raw;
  return b !== null && typeof b === 'object' && !Array.isArray(b) && !isUnknown(b) ? (b as Record<string, unknown>) : undefined;
}

export const privateDnsZone: ResourceMapping = {
  terraformType: 'azurerm_private_dns_zone',
  armType: 'Microsoft.Network/privateDnsZones',
  apiVersion: '2024-06-01',
  source: 'internal/services/privatedns/private_dns_zone_resource.go (resourcePrivateDnsZoneCreateUpdate)',
  id: rgId('Microsoft.Network/privateDnsZones'),
  location: false,
  fields: [{ to: 'location', value: 'global' }],
  otherArgs: ['soa_record'],
};

export const privateDnsZoneVirtualNetworkLink: ResourceMapping = {
  terraformType: 'azurerm_private_dns_zone_virtual_network_link',
  armType: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  apiVersion: '2024-06-01',
  source: 'internal/services/privatedns/private_dns_zone_virtual_network_link_resource.go (resourcePrivateDnsZoneVirtualNetworkLinkCreate)',
  id: '/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/Microsoft.Network/privateDnsZones/{private_dns_zone_name}/virtualNetworkLinks/{name}',
  location: false,
  fields: [
    { to: 'location', value: 'global' },
    { to: 'properties.virtualNetwork.id', arg: 'virtual_network_id', required: true, default: '' },
    { to: 'properties.registrationEnabled', arg: 'registration_enabled', type: 'bool', default: false },
    { to: 'properties.resolutionPolicy', arg: 'resolution_policy', omitEmpty: true },
  ],
};

export const networkWatcher: ResourceMapping = {
  terraformType: 'azurerm_network_watcher',
  armType: 'Microsoft.Network/networkWatchers',
  apiVersion: '2025-01-01',
  source: `${S}network_watcher_resource.go (resourceNetworkWatcherCreate)`,
  id: rgId('Microsoft.Network/networkWatchers'),
  fields: [],
};

export const networkWatcherFlowLog: ResourceMapping = {
  terraformType: 'azurerm_network_watcher_flow_log',
  armType: 'Microsoft.Network/networkWatchers/flowLogs',
  apiVersion: '2025-01-01',
  source: `${S}network_watcher_flow_log_resource.go (resourceNetworkWatcherFlowLogCreate)`,
  id: '/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/Microsoft.Network/networkWatchers/{network_watcher_name}/flowLogs/{name}',
  location: false,
  fields: [
    // Without `location`, azurerm reads the network watcher's location (not known here).
    { to: 'location', arg: 'location', default: UNKNOWN, map: (v) => (typeof v === 'string' ? v.toLowerCase().replace(/ /g, '') : v) },
    { to: 'properties.targetResourceId', arg: 'target_resource_id', legacyArgs: ['network_security_group_id'], default: '' },
    { to: 'properties.storageId', arg: 'storage_account_id', required: true, default: '' },
    { to: 'properties.enabled', arg: 'enabled', type: 'bool', required: true, default: false },
    {
      to: 'properties.retentionPolicy',
      arg: 'retention_policy',
      required: true,
      block: { fields: [{ to: 'enabled', arg: 'enabled', type: 'bool', default: false }, { to: 'days', arg: 'days', type: 'number', default: 0 }] },
    },
    {
      to: 'properties.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration',
      arg: 'traffic_analytics',
      block: {
        fields: [
          { to: 'enabled', arg: 'enabled', type: 'bool', default: false },
          { to: 'workspaceId', arg: 'workspace_id', default: '' },
          { to: 'workspaceRegion', arg: 'workspace_region', default: '' },
          { to: 'workspaceResourceId', arg: 'workspace_resource_id', default: '' },
          { to: 'trafficAnalyticsInterval', arg: 'interval_in_minutes', type: 'number', default: 60 },
        ],
      },
    },
    { to: 'properties.format.version', arg: 'version', type: 'number', default: 1, map: (v) => (v === 0 ? OMIT : v) },
  ],
};

export const NETWORK_MAPPINGS_2: readonly ResourceMapping[] = [bastionHost, privateEndpoint, privateDnsZone, privateDnsZoneVirtualNetworkLink, networkWatcher, networkWatcherFlowLog];

export const routeTable: ResourceMapping = {
  terraformType: 'azurerm_route_table',
  armType: 'Microsoft.Network/routeTables',
  apiVersion: '2025-01-01',
  source: `${S}route_table_resource.go (resourceRouteTableCreate, expandRouteTableRoutes)`,
  id: rgId('Microsoft.Network/routeTables'),
  fields: [
    {
      // route is Optional+Computed: no block sends an empty list.
      to: 'properties.routes',
      arg: 'route',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name' },
          { to: 'properties.addressPrefix', arg: 'address_prefix', default: '' },
          { to: 'properties.nextHopType', arg: 'next_hop_type', default: '' },
          { to: 'properties.nextHopIpAddress', arg: 'next_hop_in_ip_address', omitEmpty: true },
        ],
      },
    },
    { to: 'properties.disableBgpRoutePropagation', arg: 'bgp_route_propagation_enabled', type: 'bool', default: false, map: (v) => !v },
  ],
  children: [{ armType: 'Microsoft.Network/routeTables/routes', fromArray: 'properties.routes', segment: 'routes' }],
};

export const natGateway: ResourceMapping = {
  terraformType: 'azurerm_nat_gateway',
  armType: 'Microsoft.Network/natGateways',
  apiVersion: '2025-01-01',
  source: `${S}nat_gateway_resource.go (resourceNatGatewayCreate)`,
  id: rgId('Microsoft.Network/natGateways'),
  fields: [
    { to: 'properties.idleTimeoutInMinutes', arg: 'idle_timeout_in_minutes', type: 'number', default: 4 },
    { to: 'sku.name', arg: 'sku_name', default: 'Standard' },
    zones(),
  ],
};

export const NETWORK_MAPPINGS_3: readonly ResourceMapping[] = [routeTable, natGateway];
