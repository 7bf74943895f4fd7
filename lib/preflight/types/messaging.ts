/**
 * Messaging: Service Bus namespaces (with their networkRuleSets request) and Event Grid topics and domains. Read from
 * internal/services/servicebus/ (API 2024-01-01) and internal/services/eventgrid/ (API 2025-02-15) at azurerm v4.55.0.
 */
import { ArmValue, Field, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { identity, obj, rgId } from './common';
import { enabledDisabled, keyVaultKeyParts, rawBlock, rawBool, rawList, rawString } from './data-helpers';

const SB = 'internal/services/servicebus/servicebus_namespace_resource.go';
const EG = 'internal/services/eventgrid/';

export const servicebusNamespace: ResourceMapping = {
  terraformType: 'azurerm_servicebus_namespace',
  armType: 'Microsoft.ServiceBus/namespaces',
  apiVersion: '2024-01-01',
  source: `${SB} (resourceServiceBusNamespaceCreate, expandSystemAndUserAssignedMap, expandServiceBusNamespaceEncryption, createNetworkRuleSetForNamespace)`,
  id: rgId('Microsoft.ServiceBus/namespaces'),
  fields: [
    identity('systemAndUserMap', 'none'),
    { to: 'sku.name', arg: 'sku', required: true, default: '' },
    { to: 'sku.tier', arg: 'sku', required: true, default: '' },
    // capacity and premium_messaging_partitions (schema Default 0) are always sent.
    { to: 'sku.capacity', arg: 'capacity', type: 'number', default: 0 },
    {
      to: 'properties.encryption',
      reads: ['customer_managed_key'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'customer_managed_key');
        if (b === undefined) return OMIT;
        if (isUnknown(b)) return UNKNOWN;
        const key = keyVaultKeyParts(typeof b.key_vault_key_id === 'string' ? b.key_vault_key_id : UNKNOWN);
        return obj({
          keySource: 'Microsoft.KeyVault',
          requireInfrastructureEncryption: rawBool(b.infrastructure_encryption_enabled, false),
          keyVaultProperties: [obj({ keyName: key.name, keyVersion: key.version, keyVaultUri: key.baseUrl, identity: obj({ userAssignedIdentity: rawString(b.identity_id) }) })],
        });
      },
    },
    { to: 'properties.disableLocalAuth', arg: 'local_auth_enabled', type: 'bool', default: false, map: (v) => !v },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    // Schema Default "1.2"; sent when not "".
    { to: 'properties.minimumTlsVersion', arg: 'minimum_tls_version', default: '1.2', omitEmpty: true },
    { to: 'properties.premiumMessagingPartitions', arg: 'premium_messaging_partitions', type: 'number', default: 0 },
  ],
  check: (ctx) => {
    const sku = ctx.get('sku');
    const capacity = ctx.get('capacity', 'number') ?? 0;
    if (typeof sku !== 'string' || typeof capacity !== 'number') return;
    const premium = sku.toLowerCase() === 'premium';
    if (!premium && capacity > 0) ctx.note(`sku ${sku} only supports capacity 0: azurerm refuses capacity ${capacity} before sending the request`);
    if (premium && capacity === 0) ctx.note('a Premium namespace needs capacity 1, 2, 4, 8 or 16: azurerm refuses capacity 0 before sending the request');
  },
  children: [
    {
      // createNetworkRuleSetForNamespace: a PUT of networkRuleSets/default after the namespace exists.
      armType: 'Microsoft.ServiceBus/namespaces/networkRuleSets',
      name: 'default',
      segment: 'networkRuleSets',
      source: `${SB} (createNetworkRuleSetForNamespace, expandServiceBusNamespaceVirtualNetworkRules, expandServiceBusNamespaceIPRules)`,
      when: (ctx) => rawBlock(ctx, 'network_rule_set') !== undefined,
      fields: [
        {
          to: 'properties',
          reads: ['network_rule_set'],
          compute: (ctx) => {
            const b = rawBlock(ctx, 'network_rule_set');
            if (b === undefined || isUnknown(b)) return UNKNOWN;
            const props = obj({ defaultAction: b.default_action === undefined || b.default_action === null ? 'Allow' : rawString(b.default_action) });
            const vnet = rawList(b.network_rules);
            if (vnet === undefined) props.virtualNetworkRules = UNKNOWN;
            else if (vnet.length > 0) {
              props.virtualNetworkRules = vnet.map((r) => {
                if (!r || typeof r !== 'object' || isUnknown(r)) return UNKNOWN;
                const x = r as Record<string, unknown>;
                return obj({ subnet: obj({ id: rawString(x.subnet_id) }), ignoreMissingVnetServiceEndpoint: rawBool(x.ignore_missing_vnet_service_endpoint, false) });
              });
            }
            const ips = rawList(b.ip_rules);
            if (ips === undefined) props.ipRules = UNKNOWN;
            else if (ips.length > 0) props.ipRules = ips.map((ipMask) => obj({ ipMask: typeof ipMask === 'string' ? ipMask : UNKNOWN, action: 'Allow' }));
            props.publicNetworkAccess = enabledDisabled(rawBool(b.public_network_access_enabled, true));
            props.trustedServiceAccessEnabled = rawBool(b.trusted_services_allowed, false);
            return props;
          },
        },
      ],
    },
  ],
};

/**
 * expandTopicInputMapping / expandDomainInputMapping: `null` without input_mapping_fields and
 * input_mapping_default_values (InputSchemaMapping has no omitempty), else `{inputSchemaMappingType: "Json",
 * properties}`. Topics keep a source field beside its default value; domains replace it.
 */
function inputMapping(keepSourceWithDefault: boolean): Field {
  return {
    to: 'properties.inputSchemaMapping',
    reads: ['input_mapping_fields', 'input_mapping_default_values'],
    compute: (ctx: FieldContext): ArmValue => {
      const fields = rawBlock(ctx, 'input_mapping_fields');
      const defaults = rawBlock(ctx, 'input_mapping_default_values');
      if (fields === undefined && defaults === undefined) return null;
      if (isUnknown(fields) || isUnknown(defaults)) return UNKNOWN;
      const props = obj({});
      const set = (o: Record<string, unknown> | undefined, arg: string): ArmValue | undefined => {
        const v = o?.[arg];
        return v === undefined || v === null || v === '' ? undefined : typeof v === 'string' ? v : UNKNOWN;
      };
      for (const [arg, key] of [['id', 'id'], ['event_time', 'eventTime'], ['topic', 'topic'], ['data_version', 'dataVersion'], ['subject', 'subject'], ['event_type', 'eventType']] as const) {
        const v = set(fields, arg);
        if (v !== undefined) props[key] = obj({ sourceField: v });
      }
      for (const [arg, key] of [['data_version', 'dataVersion'], ['subject', 'subject'], ['event_type', 'eventType']] as const) {
        const v = set(defaults, arg);
        if (v === undefined) continue;
        const source = keepSourceWithDefault ? (props[key] as Record<string, ArmValue> | undefined)?.sourceField : undefined;
        props[key] = source === undefined ? obj({ defaultValue: v }) : obj({ defaultValue: v, sourceField: source });
      }
      return obj({ inputSchemaMappingType: 'Json', properties: props });
    },
  };
}

/** expandTopicInboundIPRules / expandDomainInboundIPRules: not sent when the list is empty. */
const inboundIpRules: Field = {
  to: 'properties.inboundIpRules',
  arg: 'inbound_ip_rule',
  block: { list: true, fields: [{ to: 'action', arg: 'action', default: 'Allow' }, { to: 'ipMask', arg: 'ip_mask', required: true, default: '' }] },
};

/** Fields common to topics and domains. */
function eventGridFields(keepSourceWithDefault: boolean): Field[] {
  return [
    inputMapping(keepSourceWithDefault),
    { to: 'properties.inputSchema', arg: 'input_schema', default: 'EventGridSchema' },
    // `if v, ok := d.GetOk(...); ok && v.(bool)`: Disabled for false, Enabled for the default true.
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    inboundIpRules,
    { to: 'properties.disableLocalAuth', arg: 'local_auth_enabled', type: 'bool', default: false, map: (v) => !v },
    // identity.ExpandSystemAndUserAssignedMap, only when the block is set.
    identity('systemAndUserMap', 'omit'),
  ];
}

export const eventgridTopic: ResourceMapping = {
  terraformType: 'azurerm_eventgrid_topic',
  armType: 'Microsoft.EventGrid/topics',
  apiVersion: '2025-02-15',
  source: `${EG}eventgrid_topic_resource.go (resourceEventGridTopicCreate, expandTopicInputMapping, expandTopicInboundIPRules)`,
  id: rgId('Microsoft.EventGrid/topics'),
  fields: eventGridFields(true),
};

export const eventgridDomain: ResourceMapping = {
  terraformType: 'azurerm_eventgrid_domain',
  armType: 'Microsoft.EventGrid/domains',
  apiVersion: '2025-02-15',
  source: `${EG}eventgrid_domain_resource.go (resourceEventGridDomainCreate, expandDomainInputMapping, expandDomainInboundIPRules)`,
  id: rgId('Microsoft.EventGrid/domains'),
  fields: [
    { to: 'properties.autoCreateTopicWithFirstSubscription', arg: 'auto_create_topic_with_first_subscription', type: 'bool', default: true },
    { to: 'properties.autoDeleteTopicWithLastSubscription', arg: 'auto_delete_topic_with_last_subscription', type: 'bool', default: true },
    ...eventGridFields(false),
  ],
};

export const MESSAGING_MAPPINGS: readonly ResourceMapping[] = [servicebusNamespace, eventgridTopic, eventgridDomain];
