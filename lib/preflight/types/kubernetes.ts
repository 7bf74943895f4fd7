/**
 * Microsoft.ContainerService: AKS clusters and their node pools. Read from internal/services/containers/
 * (kubernetes_cluster_resource.go resourceKubernetesClusterCreate and its expand* helpers, kubernetes_addons.go
 * expandKubernetesAddOns, kubernetes_nodepool.go ExpandDefaultNodePool, kubernetes_cluster_node_pool_resource.go
 * resourceKubernetesClusterNodePoolCreate) at azurerm v4.55.0; API version from go-azure-sdk
 * resource-manager/containerservice/2025-07-01/{managedclusters,agentpools}.
 *
 * On create `d.HasChange(x)` is true when the value differs from the type's zero value, so blocks that send a
 * "disabled" object on removal (microsoft_defender, key_management_service, oms_agent, ...) send nothing when absent.
 * The maintenance windows are separate maintenanceConfigurations requests after create (noted).
 */
import { ArmValue, Field, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, dict, isUnknown, isUnknownValue, put } from '../values';
import { edgeZone, identity, obj, rgId } from './common';

const S = 'internal/services/containers/';
const API = '2025-07-01';

type Raw = Record<string, unknown>;

function firstBlock(v: unknown): Raw | undefined | 'unknown' {
  const b = Array.isArray(v) ? v[0] : v;
  if (b === undefined) return undefined;
  if (b === null) return Array.isArray(v) ? {} : undefined; // an empty block
  if (isUnknownValue(b) || typeof b !== 'object' || Array.isArray(b)) return 'unknown';
  return b as Raw;
}

const str = (v: unknown, d = ''): ArmValue => (v === undefined || v === null ? d : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : UNKNOWN);
const bool = (v: unknown, d: boolean): ArmValue => (v === undefined || v === null ? d : typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN);
const strings = (v: unknown): ArmValue => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map((e) => (typeof e === 'string' ? e : UNKNOWN)) : UNKNOWN);

/** `if v != ""` / `if v > 0`: left out when the value is the zero value. */
const nonZero = (v: ArmValue): ArmValue | typeof OMIT => (v === '' || v === 0 || v === false ? OMIT : v);

// ---------------------------------------------------------------------------------------------------------------
// Node pools (shared by the default node pool and azurerm_kubernetes_cluster_node_pool)

/** expandClusterNodePoolKubeletConfig / expandAgentPoolKubeletConfig. */
const kubeletConfig: Field = {
  to: 'kubeletConfig',
  arg: 'kubelet_config',
  block: {
    fields: [
      { to: 'cpuCfsQuota', arg: 'cpu_cfs_quota_enabled', type: 'bool', default: true },
      { to: 'failSwapOn', value: false },
      { to: 'allowedUnsafeSysctls', arg: 'allowed_unsafe_sysctls', type: 'strings', default: [] },
      { to: 'cpuManagerPolicy', arg: 'cpu_manager_policy', map: nonZero },
      { to: 'cpuCfsQuotaPeriod', arg: 'cpu_cfs_quota_period', map: nonZero },
      { to: 'imageGcHighThreshold', arg: 'image_gc_high_threshold', type: 'number', map: nonZero },
      { to: 'imageGcLowThreshold', arg: 'image_gc_low_threshold', type: 'number', map: nonZero },
      { to: 'topologyManagerPolicy', arg: 'topology_manager_policy', map: nonZero },
      { to: 'containerLogMaxSizeMB', arg: 'container_log_max_size_mb', type: 'number', map: nonZero },
      { to: 'containerLogMaxFiles', arg: 'container_log_max_line', type: 'number', map: nonZero },
      { to: 'podMaxPids', arg: 'pod_max_pid', type: 'number', map: nonZero },
    ],
  },
};

/** expandClusterNodePoolLinuxOSConfig (the sysctl block's ~30 settings are not translated: unknown when set). */
const linuxOSConfig: Field = {
  to: 'linuxOSConfig',
  arg: 'linux_os_config',
  block: {
    fields: [
      { to: 'sysctls', compute: (c) => (c.has('sysctl_config') ? UNKNOWN : OMIT) },
      { to: 'transparentHugePageEnabled', reads: ['transparent_huge_page', 'transparent_huge_page_enabled'], compute: (c) => { const v = c.get('transparent_huge_page_enabled') || c.get('transparent_huge_page'); return v === undefined || v === '' ? OMIT : v; } },
      { to: 'transparentHugePageDefrag', arg: 'transparent_huge_page_defrag', map: nonZero },
      { to: 'swapFileSizeMB', arg: 'swap_file_size_mb', type: 'number', map: nonZero },
    ],
  },
};

/** expandClusterPoolNetworkProfile. */
const nodeNetworkProfile: Field = {
  to: 'networkProfile',
  arg: 'node_network_profile',
  block: {
    fields: [
      { to: 'allowedHostPorts', arg: 'allowed_host_ports', block: { list: true, fields: [{ to: 'portEnd', arg: 'port_end', type: 'number', default: 0 }, { to: 'portStart', arg: 'port_start', type: 'number', default: 0 }, { to: 'protocol', arg: 'protocol', default: '' }] } },
      { to: 'applicationSecurityGroups', arg: 'application_security_group_ids', type: 'strings', default: [] },
      {
        to: 'nodePublicIPTags',
        arg: 'node_public_ip_tags',
        type: 'map',
        map: (v) => {
          if (v === null || typeof v !== 'object' || Array.isArray(v) || isUnknown(v)) return v;
          const keys = Object.keys(v);
          return keys.length === 0 ? OMIT : keys.sort().map((k) => obj({ ipTagType: k, tag: (v as Record<string, ArmValue>)[k] }));
        },
      },
    ],
  },
};

function autoscaling(c: FieldContext): boolean {
  const v = c.get('auto_scaling_enabled', 'bool');
  return v === true || isUnknown(v);
}

/** Properties both node pool expanders send the same way. */
function commonPoolFields(): Field[] {
  return [
    { to: 'enableAutoScaling', arg: 'auto_scaling_enabled', type: 'bool', default: false },
    { to: 'enableFIPS', arg: 'fips_enabled', type: 'bool', default: false },
    { to: 'enableNodePublicIP', arg: 'node_public_ip_enabled', type: 'bool', default: false },
    { to: 'enableEncryptionAtHost', arg: 'host_encryption_enabled', type: 'bool', default: false },
    { to: 'enableUltraSSD', arg: 'ultra_ssd_enabled', type: 'bool', default: false },
    // kubelet_disk_type, vm_size: Optional+Computed, sent as "" when unset.
    { to: 'kubeletDiskType', arg: 'kubelet_disk_type', default: '' },
    { to: 'vmSize', arg: 'vm_size', default: '' },
    { to: 'tags', arg: 'tags', type: 'map', default: {} },
    { to: 'availabilityZones', arg: 'zones', type: 'strings', omitEmpty: true },
    { to: 'maxPods', arg: 'max_pods', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
    { to: 'nodePublicIPPrefixID', arg: 'node_public_ip_prefix_id', omitEmpty: true },
    { to: 'osDiskSizeGB', arg: 'os_disk_size_gb', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
    { to: 'osDiskType', arg: 'os_disk_type', default: 'Managed', map: (v) => (v === '' ? 'Managed' : v) },
    { to: 'osSKU', arg: 'os_sku', omitEmpty: true },
    { to: 'podSubnetID', arg: 'pod_subnet_id', omitEmpty: true },
    { to: 'scaleDownMode', arg: 'scale_down_mode', default: 'Delete', map: (v) => (v === '' ? 'Delete' : v) },
    { to: 'creationData.sourceResourceId', arg: 'snapshot_id', omitEmpty: true },
    { to: 'vnetSubnetID', arg: 'vnet_subnet_id', omitEmpty: true },
    { to: 'hostGroupID', arg: 'host_group_id', omitEmpty: true },
    { to: 'orchestratorVersion', arg: 'orchestrator_version', omitEmpty: true },
    { to: 'proximityPlacementGroupID', arg: 'proximity_placement_group_id', omitEmpty: true },
    { to: 'workloadRuntime', arg: 'workload_runtime', omitEmpty: true },
    { to: 'capacityReservationGroupID', arg: 'capacity_reservation_group_id', omitEmpty: true },
    { to: 'gpuInstanceProfile', arg: 'gpu_instance', omitEmpty: true },
    { to: 'gpuProfile.driver', arg: 'gpu_driver', omitEmpty: true },
    {
      // Count is always sent; with autoscaling an unset node_count is min_count.
      to: 'count',
      reads: ['node_count', 'min_count'],
      compute: (c) => {
        const count = c.get('node_count', 'number') ?? 0;
        const auto = c.get('auto_scaling_enabled', 'bool') ?? false;
        if (isUnknown(auto)) return UNKNOWN;
        return auto === true && count === 0 ? (c.get('min_count', 'number') ?? 0) : count;
      },
    },
    kubeletConfig,
    linuxOSConfig,
    nodeNetworkProfile,
  ];
}

/** The default node pool (ExpandDefaultNodePool): one element of agentPoolProfiles. */
const defaultNodePool: Field = {
  to: 'properties.agentPoolProfiles',
  arg: 'default_node_pool',
  required: true,
  block: {
    list: true,
    fields: [
      { to: 'name', arg: 'name', required: true, default: '' },
      ...commonPoolFields(),
      { to: 'nodeLabels', arg: 'node_labels', type: 'map', default: {} },
      { to: 'nodeTaints', arg: 'only_critical_addons_enabled', type: 'bool', map: (v) => (v === true ? ['CriticalAddonsOnly=true:NoSchedule'] : OMIT) },
      { to: 'type', arg: 'type', default: 'VirtualMachineScaleSets' },
      // With autoscaling: max_count / min_count when > 0 (azurerm refuses 0).
      { to: 'maxCount', arg: 'max_count', type: 'number', map: nonZero, when: autoscaling },
      { to: 'minCount', arg: 'min_count', type: 'number', map: nonZero, when: autoscaling },
      { to: 'osType', value: 'Linux' },
      { to: 'mode', value: 'System' },
      {
        // expandClusterNodePoolUpgradeSettings: the two ints are always sent once the block is set.
        to: 'upgradeSettings',
        arg: 'upgrade_settings',
        block: {
          fields: [
            { to: 'maxSurge', arg: 'max_surge', map: nonZero },
            { to: 'drainTimeoutInMinutes', arg: 'drain_timeout_in_minutes', type: 'number', default: 0 },
            { to: 'nodeSoakDurationInMinutes', arg: 'node_soak_duration_in_minutes', type: 'number', default: 0 },
            { to: 'undrainableNodeBehavior', arg: 'undrainable_node_behavior', map: nonZero },
          ],
        },
      },
    ],
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Cluster

/** expandKubernetesAddOns: azurepolicy is always sent; the other add-ons only when their block is set / bool is true. */
const addonProfiles: Field = {
  to: 'properties.addonProfiles',
  reads: ['aci_connector_linux', 'azure_policy_enabled', 'confidential_computing', 'http_application_routing_enabled', 'oms_agent', 'ingress_application_gateway', 'open_service_mesh_enabled', 'key_vault_secrets_provider'],
  compute: (ctx) => {
    const out = dict<ArmValue>();
    const cc = firstBlock(ctx.raw('confidential_computing'));
    if (cc === 'unknown') return UNKNOWN;
    if (cc) {
      const q = bool(cc.sgx_quote_helper_enabled, false);
      put(out, 'ACCSGXDevicePlugin', obj({ enabled: true, config: obj({ ACCSGXQuoteHelperEnabled: isUnknown(q) ? UNKNOWN : q ? 'true' : 'false' }) }));
    }
    const har = ctx.get('http_application_routing_enabled', 'bool');
    if (har === true || isUnknown(har)) put(out, 'httpApplicationRouting', obj({ enabled: har }));
    const oms = firstBlock(ctx.raw('oms_agent'));
    if (oms === 'unknown') return UNKNOWN;
    if (oms) {
      const config = obj({});
      const ws = str(oms.log_analytics_workspace_id);
      if (ws !== '') config.logAnalyticsWorkspaceResourceID = ws;
      const aad = bool(oms.msi_auth_for_monitoring_enabled, false);
      config.useAADAuth = isUnknown(aad) ? UNKNOWN : String(aad);
      put(out, 'omsagent', obj({ enabled: true, config }));
    }
    const aci = firstBlock(ctx.raw('aci_connector_linux'));
    if (aci === 'unknown') return UNKNOWN;
    if (aci) {
      const config = obj({});
      const sn = str(aci.subnet_name);
      if (sn !== '') config.SubnetName = sn;
      put(out, 'aciConnectorLinux', obj({ enabled: true, config }));
    }
    // "Always set the azure_policy addon profile".
    put(out, 'azurepolicy', obj({ enabled: ctx.get('azure_policy_enabled', 'bool') ?? false, config: obj({ version: 'v2' }) }));
    const agic = firstBlock(ctx.raw('ingress_application_gateway'));
    if (agic === 'unknown') return UNKNOWN;
    if (agic) {
      const config = obj({});
      for (const [arg, key] of [['gateway_id', 'applicationGatewayId'], ['gateway_name', 'applicationGatewayName'], ['subnet_cidr', 'subnetCIDR'], ['subnet_id', 'subnetId']] as const) {
        const v = str(agic[arg]);
        if (v !== '') put(config, key, v);
      }
      put(out, 'ingressApplicationGateway', obj({ enabled: true, config }));
    }
    const osm = ctx.get('open_service_mesh_enabled', 'bool');
    if (osm === true || isUnknown(osm)) put(out, 'openServiceMesh', obj({ enabled: osm }));
    const kv = firstBlock(ctx.raw('key_vault_secrets_provider'));
    if (kv === 'unknown') return UNKNOWN;
    if (kv) {
      const rot = bool(kv.secret_rotation_enabled, false);
      put(out, 'azureKeyvaultSecretsProvider', obj({ enabled: true, config: obj({ enableSecretRotation: isUnknown(rot) ? UNKNOWN : String(rot), rotationPollInterval: str(kv.secret_rotation_interval, '2m') }) }));
    }
    return out;
  },
};

/** expandKubernetesClusterAPIAccessProfile (+ private_dns_zone_id from the create function). */
const apiServerAccessProfile: Field[] = [
  { to: 'properties.apiServerAccessProfile.enablePrivateCluster', arg: 'private_cluster_enabled', type: 'bool', default: false },
  { to: 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN', arg: 'private_cluster_public_fqdn_enabled', type: 'bool', default: false },
  { to: 'properties.apiServerAccessProfile.disableRunCommand', arg: 'run_command_enabled', type: 'bool', default: false, map: (v) => !v },
  { to: 'properties.apiServerAccessProfile.authorizedIPRanges', reads: ['api_server_access_profile'], compute: (c) => fromApiBlock(c, (b) => { const r = strings(b.authorized_ip_ranges); return Array.isArray(r) && r.length === 0 ? OMIT : r; }) },
  { to: 'properties.apiServerAccessProfile.enableVnetIntegration', compute: (c) => fromApiBlock(c, (b) => bool(b.virtual_network_integration_enabled, false)) },
  { to: 'properties.apiServerAccessProfile.subnetId', compute: (c) => fromApiBlock(c, (b) => nonZero(str(b.subnet_id))) },
  { to: 'properties.apiServerAccessProfile.privateDNSZone', arg: 'private_dns_zone_id', omitEmpty: true },
];

function fromApiBlock(ctx: FieldContext, f: (b: Raw) => ArmValue | typeof OMIT): ArmValue | typeof OMIT {
  const b = firstBlock(ctx.raw('api_server_access_profile'));
  if (b === undefined) return OMIT;
  if (b === 'unknown') return UNKNOWN;
  return f(b);
}

/** expandKubernetesClusterNetworkProfile (nothing when the Optional+Computed block is absent). */
const networkProfile: Field = {
  to: 'properties.networkProfile',
  arg: 'network_profile',
  block: {
    fields: [
      { to: 'networkPlugin', arg: 'network_plugin', required: true, default: '' },
      // network_mode / network_policy are Optional+Computed: "" when unset (pointer.To of the string).
      { to: 'networkMode', arg: 'network_mode', default: '' },
      { to: 'networkPolicy', arg: 'network_policy', default: '' },
      { to: 'loadBalancerSku', arg: 'load_balancer_sku', default: 'standard' },
      { to: 'outboundType', arg: 'outbound_type', default: 'loadBalancer' },
      { to: 'ipFamilies', arg: 'ip_versions', type: 'strings', omitEmpty: true },
      { to: 'networkDataplane', arg: 'network_data_plane', default: 'azure', map: nonZero },
      { to: 'networkPluginMode', arg: 'network_plugin_mode', map: nonZero },
      {
        // expandLoadBalancerProfile
        to: 'loadBalancerProfile',
        arg: 'load_balancer_profile',
        block: {
          fields: [
            { to: 'idleTimeoutInMinutes', arg: 'idle_timeout_in_minutes', type: 'number', default: 30, map: nonZero },
            { to: 'allocatedOutboundPorts', arg: 'outbound_ports_allocated', type: 'number', default: 0 },
            { to: 'managedOutboundIPs.count', arg: 'managed_outbound_ip_count', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
            { to: 'managedOutboundIPs.countIPv6', arg: 'managed_outbound_ipv6_count', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
            { to: 'outboundIPPrefixes.publicIPPrefixes', arg: 'outbound_ip_prefix_ids', type: 'strings', map: (v) => (Array.isArray(v) ? (v.length === 0 ? OMIT : v.map((id) => obj({ id }))) : v) },
            { to: 'outboundIPs.publicIPs', arg: 'outbound_ip_address_ids', type: 'strings', map: (v) => (Array.isArray(v) ? (v.length === 0 ? OMIT : v.map((id) => obj({ id }))) : v) },
            { to: 'backendPoolType', arg: 'backend_pool_type', default: 'NodeIPConfiguration' },
          ],
        },
      },
      {
        to: 'natGatewayProfile',
        arg: 'nat_gateway_profile',
        block: {
          fields: [
            { to: 'idleTimeoutInMinutes', arg: 'idle_timeout_in_minutes', type: 'number', default: 4, map: nonZero },
            { to: 'managedOutboundIPProfile.count', arg: 'managed_outbound_ip_count', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
          ],
        },
      },
      { to: 'dnsServiceIP', arg: 'dns_service_ip', omitEmpty: true },
      { to: 'podCidr', arg: 'pod_cidr', omitEmpty: true },
      // pod_cidrs / service_cidrs: the map key is always present, so the (possibly empty) list is always sent.
      { to: 'podCidrs', arg: 'pod_cidrs', type: 'strings', default: [] },
      { to: 'serviceCidr', arg: 'service_cidr', omitEmpty: true },
      { to: 'serviceCidrs', arg: 'service_cidrs', type: 'strings', default: [] },
      {
        // expandKubernetesClusterAdvancedNetworking: without the block (on create) everything is sent disabled.
        to: 'advancedNetworking',
        arg: 'advanced_networking',
        block: {
          absent: () => obj({ enabled: false, observability: obj({ enabled: false }), security: obj({ enabled: false }) }),
          fields: [
            { to: 'enabled', value: true },
            { to: 'observability.enabled', arg: 'observability_enabled', type: 'bool', default: false },
            { to: 'security.enabled', arg: 'security_enabled', type: 'bool', default: false },
          ],
        },
      },
    ],
  },
};

/** The security profile (always an object; its members only when configured). */
const securityProfile: Field[] = [
  { to: 'properties.securityProfile', value: {} },
  {
    // expandKubernetesClusterMicrosoftDefender: nothing without the block on create.
    to: 'properties.securityProfile.defender',
    arg: 'microsoft_defender',
    block: { fields: [{ to: 'securityMonitoring.enabled', value: true }, { to: 'logAnalyticsWorkspaceResourceId', arg: 'log_analytics_workspace_id', default: '' }] },
  },
  { to: 'properties.securityProfile.workloadIdentity.enabled', arg: 'workload_identity_enabled', type: 'bool', map: (v) => (v === true ? true : OMIT) },
  { to: 'properties.securityProfile.imageCleaner', arg: 'image_cleaner_enabled', type: 'bool', reads: ['image_cleaner_interval_hours'], map: (v, c) => (v === true ? obj({ enabled: true, intervalHours: c.get('image_cleaner_interval_hours', 'number') ?? 0 }) : OMIT) },
  {
    // expandKubernetesClusterAzureKeyVaultKms: a Private key vault's resource id is looked up at apply time.
    to: 'properties.securityProfile.azureKeyVaultKms',
    arg: 'key_management_service',
    block: {
      fields: [
        { to: 'enabled', value: true },
        { to: 'keyId', arg: 'key_vault_key_id', default: '' },
        { to: 'keyVaultNetworkAccess', arg: 'key_vault_network_access', default: 'Public' },
        { to: 'keyVaultResourceId', arg: 'key_vault_network_access', map: (v) => (v === 'Private' ? UNKNOWN : OMIT) },
      ],
    },
  },
  { to: 'properties.securityProfile.customCATrustCertificates', arg: 'custom_ca_trust_certificates_base64', type: 'strings', omitEmpty: true },
];

export const kubernetesCluster: ResourceMapping = {
  terraformType: 'azurerm_kubernetes_cluster',
  armType: 'Microsoft.ContainerService/managedClusters',
  apiVersion: API,
  source: `${S}kubernetes_cluster_resource.go (resourceKubernetesClusterCreate and its expand* helpers), kubernetes_addons.go (expandKubernetesAddOns), kubernetes_nodepool.go (ExpandDefaultNodePool)`,
  id: rgId('Microsoft.ContainerService/managedClusters'),
  fields: [
    edgeZone(),
    { to: 'sku.name', value: 'Base' },
    { to: 'sku.tier', arg: 'sku_tier', default: 'Free' },
    // expandKubernetesClusterManagedClusterIdentity (ExpandSystemOrUserAssignedMap); nothing without the block.
    identity('systemOrUserMap', 'omit'),
    ...apiServerAccessProfile,
    {
      to: 'properties.aadProfile',
      arg: 'azure_active_directory_role_based_access_control',
      block: {
        fields: [
          // tenant_id is Optional+Computed: "" when unset (Azure uses the cluster's tenant).
          { to: 'tenantID', arg: 'tenant_id', default: '' },
          { to: 'managed', value: true },
          { to: 'adminGroupObjectIDs', arg: 'admin_group_object_ids', type: 'strings', default: [] },
          { to: 'enableAzureRBAC', arg: 'azure_rbac_enabled', type: 'bool', default: false },
        ],
      },
    },
    addonProfiles,
    defaultNodePool,
    {
      // expandKubernetesClusterAutoScalerProfile (Optional+Computed: nothing when absent). One object: its hyphenated
      // members have no aliases of their own (only properties.autoScalerProfile and .expander do).
      to: 'properties.autoScalerProfile',
      reads: ['auto_scaler_profile'],
      compute: (ctx) => {
        const b = firstBlock(ctx.raw('auto_scaler_profile'));
        if (b === undefined) return OMIT;
        if (b === 'unknown') return UNKNOWN;
        const text = (v: ArmValue): ArmValue => (typeof v === 'boolean' || typeof v === 'number' ? String(v) : v);
        return obj({
          'balance-similar-node-groups': text(bool(b.balance_similar_node_groups, false)),
          'daemonset-eviction-for-empty-nodes': bool(b.daemonset_eviction_for_empty_nodes_enabled, false),
          'daemonset-eviction-for-occupied-nodes': bool(b.daemonset_eviction_for_occupied_nodes_enabled, true),
          expander: str(b.expander, 'random'),
          'ignore-daemonsets-utilization': bool(b.ignore_daemonsets_utilization_enabled, false),
          'max-graceful-termination-sec': str(b.max_graceful_termination_sec),
          'max-node-provision-time': str(b.max_node_provisioning_time, '15m'),
          // fmt.Sprint of the float64 / int.
          'max-total-unready-percentage': str(b.max_unready_percentage, '45'),
          'new-pod-scale-up-delay': str(b.new_pod_scale_up_delay),
          'ok-total-unready-count': str(b.max_unready_nodes, '3'),
          'scale-down-delay-after-add': str(b.scale_down_delay_after_add),
          'scale-down-delay-after-delete': str(b.scale_down_delay_after_delete),
          'scale-down-delay-after-failure': str(b.scale_down_delay_after_failure),
          'scale-down-unneeded-time': str(b.scale_down_unneeded),
          'scale-down-unready-time': str(b.scale_down_unready),
          'scale-down-utilization-threshold': str(b.scale_down_utilization_threshold),
          'max-empty-bulk-delete': str(b.empty_bulk_delete_max),
          'scan-interval': str(b.scan_interval),
          'skip-nodes-with-local-storage': text(bool(b.skip_nodes_with_local_storage, false)),
          'skip-nodes-with-system-pods': text(bool(b.skip_nodes_with_system_pods, true)),
        });
      },
    },
    {
      // automatic_upgrade_channel: "none" when omitted.
      to: 'properties.autoUpgradeProfile.upgradeChannel',
      arg: 'automatic_upgrade_channel',
      default: 'none',
      map: (v) => (v === '' ? 'none' : v),
    },
    { to: 'properties.autoUpgradeProfile.nodeOSUpgradeChannel', arg: 'node_os_upgrade_channel', default: 'NodeImage', map: nonZero },
    {
      // expandKubernetesClusterAzureMonitorProfile: disabled without the block, enabled for an empty block.
      to: 'properties.azureMonitorProfile.metrics',
      arg: 'monitor_metrics',
      block: {
        absent: () => obj({ enabled: false }),
        fields: [
          { to: 'enabled', value: true },
          { to: 'kubeStateMetrics', reads: ['annotations_allowed', 'labels_allowed'], compute: (c) => (c.has('annotations_allowed') || c.has('labels_allowed') ? obj({ metricAnnotationsAllowList: c.get('annotations_allowed') ?? '', metricLabelsAllowlist: c.get('labels_allowed') ?? '' }) : OMIT) },
        ],
      },
    },
    { to: 'properties.dnsPrefix', arg: 'dns_prefix', default: '' },
    { to: 'properties.enableRBAC', arg: 'role_based_access_control_enabled', type: 'bool', default: true },
    // kubernetes_version / node_resource_group: Optional+Computed, sent as "" when unset.
    { to: 'properties.kubernetesVersion', arg: 'kubernetes_version', default: '' },
    {
      to: 'properties.bootstrapProfile',
      arg: 'bootstrap_profile',
      block: { fields: [{ to: 'artifactSource', arg: 'artifact_source', default: 'Direct' }, { to: 'containerRegistryId', arg: 'container_registry_id', omitEmpty: true }] },
    },
    {
      to: 'properties.linuxProfile',
      arg: 'linux_profile',
      block: {
        fields: [
          { to: 'adminUsername', arg: 'admin_username', default: '' },
          { to: 'ssh.publicKeys', reads: ['ssh_key'], compute: (c) => { const k = firstBlock(c.raw('ssh_key')); return k === 'unknown' ? UNKNOWN : [obj({ keyData: k ? str(k.key_data) : '' })]; } },
        ],
      },
    },
    {
      to: 'properties.windowsProfile',
      arg: 'windows_profile',
      block: {
        fields: [
          { to: 'adminUsername', arg: 'admin_username', default: '' },
          { to: 'adminPassword', arg: 'admin_password', default: '' },
          { to: 'licenseType', arg: 'license', default: 'None', map: (v) => (v === '' ? 'None' : v) },
          { to: 'gmsaProfile', arg: 'gmsa', block: { fields: [{ to: 'enabled', value: true }, { to: 'dnsServer', arg: 'dns_server', default: '' }, { to: 'rootDomainName', arg: 'root_domain', default: '' }] } },
        ],
      },
    },
    { to: 'properties.metricsProfile.costAnalysis.enabled', arg: 'cost_analysis_enabled', type: 'bool', default: false },
    networkProfile,
    { to: 'properties.nodeResourceGroup', arg: 'node_resource_group', default: '' },
    { to: 'properties.disableLocalAccounts', arg: 'local_account_disabled', type: 'bool', default: false },
    {
      to: 'properties.httpProxyConfig',
      arg: 'http_proxy_config',
      block: {
        fields: [
          { to: 'httpProxy', arg: 'http_proxy', default: '' },
          { to: 'httpsProxy', arg: 'https_proxy', default: '' },
          { to: 'trustedCa', arg: 'trusted_ca', omitEmpty: true },
          { to: 'noProxy', arg: 'no_proxy', type: 'strings', default: [] },
        ],
      },
    },
    // oidc_issuer_enabled: GetOk, so only `true` sends the profile.
    { to: 'properties.oidcIssuerProfile.enabled', arg: 'oidc_issuer_enabled', type: 'bool', map: (v) => (v === true ? true : OMIT) },
    ...securityProfile,
    {
      to: 'properties.storageProfile',
      arg: 'storage_profile',
      block: {
        fields: [
          { to: 'blobCSIDriver.enabled', arg: 'blob_driver_enabled', type: 'bool', default: false },
          { to: 'diskCSIDriver.enabled', arg: 'disk_driver_enabled', type: 'bool', default: true },
          { to: 'fileCSIDriver.enabled', arg: 'file_driver_enabled', type: 'bool', default: true },
          { to: 'snapshotController.enabled', arg: 'snapshot_controller_enabled', type: 'bool', default: true },
        ],
      },
    },
    {
      to: 'properties.upgradeSettings.overrideSettings',
      arg: 'upgrade_override',
      block: { fields: [{ to: 'forceUpgrade', arg: 'force_upgrade_enabled', type: 'bool', default: false }, { to: 'until', arg: 'effective_until', default: '' }] },
    },
    {
      // expandKubernetesClusterWorkloadAutoscalerProfile: each member only when true (HasChange on create).
      to: 'properties.workloadAutoScalerProfile',
      arg: 'workload_autoscaler_profile',
      block: {
        fields: [
          { to: 'keda.enabled', arg: 'keda_enabled', type: 'bool', map: (v) => (v === true ? true : OMIT) },
          { to: 'verticalPodAutoscaler.enabled', arg: 'vertical_pod_autoscaler_enabled', type: 'bool', map: (v) => (v === true ? true : OMIT) },
        ],
      },
    },
    { to: 'properties.aiToolchainOperatorProfile.enabled', arg: 'ai_toolchain_operator_enabled', type: 'bool', map: (v) => (v === true ? true : OMIT) },
    {
      // With an identity block the service principal profile is "msi"; a service_principal block sends its id and secret.
      to: 'properties.servicePrincipalProfile',
      reads: ['service_principal', 'identity'],
      compute: (ctx) => {
        const sp = firstBlock(ctx.raw('service_principal'));
        if (sp === 'unknown') return UNKNOWN;
        if (sp) return obj({ clientId: str(sp.client_id), secret: str(sp.client_secret) });
        const id = firstBlock(ctx.raw('identity'));
        if (id === 'unknown') return UNKNOWN;
        if (id) return obj({ clientId: 'msi' });
        ctx.note('neither identity nor service_principal is set (azurerm requires one)');
        return OMIT;
      },
    },
    {
      // expandKubernetesClusterIdentityProfile: `{}` for the block without an identity id, kubeletidentity with it.
      to: 'properties.identityProfile',
      reads: ['kubelet_identity'],
      compute: (ctx) => {
        const raw = ctx.raw('kubelet_identity');
        if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) return OMIT;
        const b = firstBlock(raw);
        if (b === 'unknown') return UNKNOWN;
        const out = obj({});
        const id = b ? str(b.user_assigned_identity_id) : '';
        if (id !== '') out.kubeletidentity = obj({ resourceId: id, clientId: str(b!.client_id), objectId: str(b!.object_id) });
        return out;
      },
    },
    { to: 'properties.fqdnSubdomain', arg: 'dns_prefix_private_cluster', omitEmpty: true },
    { to: 'properties.diskEncryptionSetID', arg: 'disk_encryption_set_id', omitEmpty: true },
    { to: 'properties.supportPlan', arg: 'support_plan', default: 'KubernetesOfficial', map: nonZero },
    {
      // expandKubernetesClusterIngressProfile
      to: 'properties.ingressProfile.webAppRouting',
      arg: 'web_app_routing',
      block: {
        fields: [
          { to: 'enabled', value: true },
          { to: 'dnsZoneResourceIds', arg: 'dns_zone_ids', type: 'strings', omitEmpty: true },
          { to: 'nginx.defaultIngressControllerType', arg: 'default_nginx_controller', default: 'AnnotationControlled' },
        ],
      },
    },
    {
      // expandKubernetesClusterServiceMeshProfile: Istio with the two ingress gateways (an unset bool is false).
      to: 'properties.serviceMeshProfile',
      arg: 'service_mesh_profile',
      block: {
        fields: [
          { to: 'mode', arg: 'mode', required: true, default: '', map: (v) => (v === 'Istio' ? v : '') }, // `mode` has no omitempty: "" unless Istio
          {
            to: 'istio',
            reads: ['internal_ingress_gateway_enabled', 'external_ingress_gateway_enabled', 'certificate_authority', 'revisions'],
            compute: (c) => {
              if (c.get('mode') !== 'Istio') return OMIT;
              const gw = (arg: string, mode: string): ArmValue => obj({ enabled: c.get(arg, 'bool') ?? false, mode });
              const istio = obj({ components: obj({ ingressGateways: [gw('internal_ingress_gateway_enabled', 'Internal'), gw('external_ingress_gateway_enabled', 'External')] }) });
              const ca = firstBlock(c.raw('certificate_authority'));
              if (ca === 'unknown') istio.certificateAuthority = UNKNOWN;
              else if (ca) istio.certificateAuthority = obj({ plugin: obj({ keyVaultId: str(ca.key_vault_id), rootCertObjectName: str(ca.root_cert_object_name), certChainObjectName: str(ca.cert_chain_object_name), certObjectName: str(ca.cert_object_name), keyObjectName: str(ca.key_object_name) }) });
              istio.revisions = c.get('revisions', 'strings') ?? [];
              return istio;
            },
          },
        ],
      },
    },
  ],
  otherArgs: ['http_application_routing_zone_name'],
  afterCreate: ['maintenance_window', 'maintenance_window_auto_upgrade', 'maintenance_window_node_os'],
};

// ---------------------------------------------------------------------------------------------------------------
// Node pool resource

export const kubernetesClusterNodePool: ResourceMapping = {
  terraformType: 'azurerm_kubernetes_cluster_node_pool',
  armType: 'Microsoft.ContainerService/managedClusters/agentPools',
  apiVersion: API,
  source: `${S}kubernetes_cluster_node_pool_resource.go (resourceKubernetesClusterNodePoolCreate, expandAgentPool*)`,
  id: '{kubernetes_cluster_id:id}/agentPools/{name}',
  location: false,
  tags: false,
  notes: ['a node pool is its own request (managedClusters/agentPools): the cluster\'s agentPoolProfiles in its create request hold only the default node pool'],
  fields: [
    ...commonPoolFields().map((f) => ({ ...f, to: `properties.${f.to}` })),
    { to: 'properties.osType', arg: 'os_type', default: 'Linux' },
    { to: 'properties.mode', arg: 'mode', default: 'User' },
    { to: 'properties.scaleSetPriority', arg: 'priority', default: 'Regular' },
    { to: 'properties.type', value: 'VirtualMachineScaleSets' },
    // With autoscaling both counts are sent (0 when unset: `maxCount >= 0`).
    { to: 'properties.maxCount', arg: 'max_count', type: 'number', default: 0, when: autoscaling },
    { to: 'properties.minCount', arg: 'min_count', type: 'number', default: 0, when: autoscaling },
    { to: 'properties.nodeLabels', arg: 'node_labels', type: 'map', map: (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) && Object.keys(v).length === 0 ? OMIT : v) },
    { to: 'properties.nodeTaints', arg: 'node_taints', type: 'strings', omitEmpty: true },
    { to: 'properties.scaleSetEvictionPolicy', arg: 'eviction_policy', default: '', when: (c) => c.get('priority') === 'Spot' },
    { to: 'properties.spotMaxPrice', arg: 'spot_max_price', type: 'number', default: -1, when: (c) => c.get('priority') === 'Spot' },
    {
      // expandAgentPoolUpgradeSettings: max_surge sends maxUnavailable "0" and the other way round.
      to: 'properties.upgradeSettings',
      arg: 'upgrade_settings',
      block: {
        fields: [
          { to: 'maxSurge', reads: ['max_surge', 'max_unavailable'], compute: (c) => { const u = c.get('max_unavailable'); if (u !== undefined && u !== '') return '0'; const s = c.get('max_surge'); return s === undefined || s === '' ? OMIT : s; } },
          { to: 'maxUnavailable', compute: (c) => { const u = c.get('max_unavailable'); if (u !== undefined && u !== '') return u; const s = c.get('max_surge'); return s === undefined || s === '' ? OMIT : '0'; } },
          { to: 'drainTimeoutInMinutes', arg: 'drain_timeout_in_minutes', type: 'number', default: 0 },
          { to: 'nodeSoakDurationInMinutes', arg: 'node_soak_duration_in_minutes', type: 'number', default: 0 },
          { to: 'undrainableNodeBehavior', arg: 'undrainable_node_behavior', map: nonZero },
        ],
      },
    },
    // outbound_nat_enabled (Default true) is sent negated: disableOutboundNat false when unset.
    { to: 'properties.windowsProfile', arg: 'windows_profile', block: { fields: [{ to: 'disableOutboundNat', arg: 'outbound_nat_enabled', type: 'bool', default: false, map: (v) => !v }] } },
  ],
  otherArgs: ['kubernetes_cluster_id', 'temporary_name_for_rotation'],
};

export const KUBERNETES_MAPPINGS: readonly ResourceMapping[] = [kubernetesCluster, kubernetesClusterNodePool];
