/**
 * Microsoft.EventHub: namespaces (with their networkRuleSets request), event hubs, authorization rules, consumer
 * groups. Read from internal/services/eventhub/ (azurerm v4.55.0), API 2024-01-01.
 */
import { ArmValue, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { identity, obj, rgId } from './common';

const S = 'internal/services/eventhub/';
const NS = 'Microsoft.EventHub/namespaces';
const nsId = (suffix: string): string[] => [
  `{namespace_id:id}${suffix}`,
  `/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/${NS}/{namespace_name}${suffix}`,
];

export const eventhubNamespace: ResourceMapping = {
  terraformType: 'azurerm_eventhub_namespace',
  armType: NS,
  apiVersion: '2024-01-01',
  source: `${S}eventhub_namespace_resource.go (resourceEventHubNamespaceCreate, expandEventHubNamespaceNetworkRuleset)`,
  id: rgId(NS),
  fields: [
    { to: 'sku.name', arg: 'sku', required: true },
    { to: 'sku.tier', arg: 'sku', required: true },
    { to: 'sku.capacity', arg: 'capacity', type: 'number', default: 1 },
    identity('systemAndUserMap', 'none'),
    { to: 'properties.isAutoInflateEnabled', arg: 'auto_inflate_enabled', type: 'bool', default: false },
    { to: 'properties.disableLocalAuth', arg: 'local_authentication_enabled', type: 'bool', default: false, map: (v) => !v },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    { to: 'properties.clusterArmId', arg: 'dedicated_cluster_id', omitEmpty: true },
    { to: 'properties.minimumTlsVersion', arg: 'minimum_tls_version', default: '1.2', omitEmpty: true },
    { to: 'properties.maximumThroughputUnits', arg: 'maximum_throughput_units', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
  ],
  children: [
    {
      // A PUT of networkRuleSets/default after the namespace exists (only when network_rulesets is set).
      armType: 'Microsoft.EventHub/namespaces/networkRuleSets',
      name: 'default',
      segment: 'networkRuleSets',
      when: (ctx) => ctx.has('network_rulesets') && !(Array.isArray(ctx.raw('network_rulesets')) && (ctx.raw('network_rulesets') as unknown[]).length === 0),
      fields: [
        {
          to: 'properties',
          reads: ['network_rulesets'],
          compute: (ctx) => {
            const raw = ctx.raw('network_rulesets');
            const b = Array.isArray(raw) ? raw[0] : raw;
            if (!b || typeof b !== 'object' || isUnknown(b)) return UNKNOWN;
            const o = b as Record<string, unknown>;
            const bool = (v: unknown, d: boolean): ArmValue => (v === undefined || v === null ? d : typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN);
            const pna = bool(o.public_network_access_enabled, true);
            const props = obj({
              defaultAction: typeof o.default_action === 'string' ? o.default_action : UNKNOWN,
              publicNetworkAccess: isUnknown(pna) ? UNKNOWN : pna ? 'Enabled' : 'Disabled',
              trustedServiceAccessEnabled: bool(o.trusted_service_access_enabled, false),
            });
            const vnet = o.virtual_network_rule;
            if (isUnknown(vnet)) props.virtualNetworkRules = UNKNOWN;
            else if (Array.isArray(vnet) && vnet.length > 0) {
              props.virtualNetworkRules = vnet.map((r) => {
                const x = (r ?? {}) as Record<string, unknown>;
                return obj({ subnet: obj({ id: typeof x.subnet_id === 'string' ? x.subnet_id : UNKNOWN }), ignoreMissingVnetServiceEndpoint: bool(x.ignore_missing_virtual_network_service_endpoint, false) });
              });
            }
            const ip = o.ip_rule;
            if (isUnknown(ip)) props.ipRules = UNKNOWN;
            else if (Array.isArray(ip) && ip.length > 0) {
              props.ipRules = ip.map((r) => {
                const x = (r ?? {}) as Record<string, unknown>;
                return obj({ ipMask: typeof x.ip_mask === 'string' ? x.ip_mask : UNKNOWN, action: typeof x.action === 'string' ? x.action : 'Allow' });
              });
            }
            return props;
          },
        },
      ],
    },
  ],
};

export const eventhub: ResourceMapping = {
  terraformType: 'azurerm_eventhub',
  armType: 'Microsoft.EventHub/namespaces/eventhubs',
  apiVersion: '2024-01-01',
  source: `${S}eventhub_resource.go (resourceEventHubCreate, expandEventHubCaptureDescription, expandEventHubRetentionDescription)`,
  id: nsId('/eventhubs/{name}'),
  location: false,
  tags: false,
  otherArgs: ['namespace_id', 'namespace_name'],
  fields: [
    { to: 'properties.partitionCount', arg: 'partition_count', type: 'number', required: true, default: 0 },
    { to: 'properties.status', arg: 'status', default: 'Active' },
    {
      to: 'properties.retentionDescription',
      arg: 'retention_description',
      block: {
        fields: [
          { to: 'cleanupPolicy', arg: 'cleanup_policy' },
          { to: 'retentionTimeInHours', reads: ['retention_time_in_hours'], compute: (c) => { const p = c.get('cleanup_policy'); return isUnknown(p) ? UNKNOWN : p === 'Delete' ? (c.get('retention_time_in_hours', 'number') ?? 0) : OMIT; } },
          { to: 'tombstoneRetentionTimeInHours', reads: ['tombstone_retention_time_in_hours'], compute: (c) => { const p = c.get('cleanup_policy'); return isUnknown(p) ? UNKNOWN : p !== 'Delete' ? (c.get('tombstone_retention_time_in_hours', 'number') ?? 0) : OMIT; } },
        ],
      },
    },
    { to: 'properties.messageRetentionInDays', arg: 'message_retention', type: 'number', omitEmpty: true, map: (v) => (v === 0 ? OMIT : v) },
    {
      to: 'properties.captureDescription',
      arg: 'capture_description',
      block: {
        fields: [
          { to: 'enabled', arg: 'enabled', type: 'bool', default: false },
          { to: 'encoding', arg: 'encoding', default: '' },
          { to: 'intervalInSeconds', arg: 'interval_in_seconds', type: 'number', default: 300 },
          { to: 'sizeLimitInBytes', arg: 'size_limit_in_bytes', type: 'number', default: 314572800 },
          { to: 'skipEmptyArchives', arg: 'skip_empty_archives', type: 'bool', default: false },
          {
            to: 'destination',
            arg: 'destination',
            block: {
              fields: [
                { to: 'name', arg: 'name', default: '' },
                { to: 'properties.archiveNameFormat', arg: 'archive_name_format', default: '' },
                { to: 'properties.blobContainer', arg: 'blob_container_name', default: '' },
                { to: 'properties.storageAccountResourceId', arg: 'storage_account_id', default: '' },
              ],
            },
          },
        ],
      },
    },
  ],
};


/** expandEventHub(Namespace)AuthorizationRuleRights: Listen, Send, Manage in that order, for the flags that are true. */
const rights = {
  to: 'properties.rights',
  reads: ['listen', 'send', 'manage'],
  compute: (ctx: FieldContext): ArmValue => {
    const out: ArmValue[] = [];
    for (const [arg, right] of [['listen', 'Listen'], ['send', 'Send'], ['manage', 'Manage']] as const) {
      const v = ctx.get(arg, 'bool');
      if (isUnknown(v)) return UNKNOWN;
      if (v === true) out.push(right);
    }
    return out;
  },
};

export const eventhubAuthorizationRule: ResourceMapping = {
  terraformType: 'azurerm_eventhub_authorization_rule',
  armType: 'Microsoft.EventHub/namespaces/eventhubs/authorizationRules',
  apiVersion: '2024-01-01',
  source: `${S}eventhub_authorization_rule_resource.go (resourceEventHubAuthorizationRuleCreate, expandEventHubAuthorizationRuleRights)`,
  id: `/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/${NS}/{namespace_name}/eventhubs/{eventhub_name}/authorizationRules/{name}`,
  location: false,
  tags: false,
  fields: [rights],
};

export const eventhubNamespaceAuthorizationRule: ResourceMapping = {
  terraformType: 'azurerm_eventhub_namespace_authorization_rule',
  armType: 'Microsoft.EventHub/namespaces/authorizationRules',
  apiVersion: '2024-01-01',
  source: `${S}eventhub_namespace_authorization_rule_resource.go (resourceEventHubNamespaceAuthorizationRuleCreate)`,
  id: `/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/${NS}/{namespace_name}/authorizationRules/{name}`,
  location: false,
  tags: false,
  fields: [rights],
};

export const eventhubConsumerGroup: ResourceMapping = {
  terraformType: 'azurerm_eventhub_consumer_group',
  armType: 'Microsoft.EventHub/namespaces/eventhubs/consumergroups',
  apiVersion: '2024-01-01',
  source: `${S}eventhub_consumer_group_resource.go (Create)`,
  id: `/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/${NS}/{namespace_name}/eventhubs/{eventhub_name}/consumergroups/{name}`,
  location: false,
  tags: false,
  fields: [{ to: 'properties.userMetadata', arg: 'user_metadata', default: '' }],
};

export const EVENTHUB_MAPPINGS: readonly ResourceMapping[] = [eventhubNamespace, eventhub, eventhubAuthorizationRule, eventhubNamespaceAuthorizationRule, eventhubConsumerGroup];
