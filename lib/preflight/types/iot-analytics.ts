/**
 * IoT Hub (Microsoft.Devices/IotHubs), Azure Data Explorer clusters (Microsoft.Kusto/clusters) and Automation
 * accounts (Microsoft.Automation/automationAccounts), read from internal/services/iothub/iothub_resource.go (kermit
 * SDK iothub 2022-04-30-preview), internal/services/kusto/kusto_cluster_resource.go (API 2024-04-13) and
 * internal/services/automation/automation_account_resource.go (API 2024-10-23) at azurerm v4.55.0.
 */
import { ArmValue, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, dict, isUnknown, put } from '../values';
import { identity, obj, rgId, zones } from './common';
import { enabledDisabled, keyVaultKeyParts, rawBlock, rawBool, rawList, rawNumber, rawString, rawStrings } from './data-helpers';

const IOT = 'internal/services/iothub/iothub_resource.go';
const KUSTO = 'internal/services/kusto/kusto_cluster_resource.go';
const AUTOMATION = 'internal/services/automation/automation_account_resource.go';

/** Subscription id used in ids when the provider configuration names none (the translation's placeholder). */
const PLACEHOLDER_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

/** A raw element of a list block as an object, or undefined when not known. */
function element(e: unknown): Record<string, unknown> | undefined {
  return e && typeof e === 'object' && !Array.isArray(e) && !isUnknown(e) ? (e as Record<string, unknown>) : undefined;
}

/** The elements of a list argument built by `build`; UNKNOWN when the list (or an element) is not known. */
function mapList(ctx: FieldContext, arg: string, build: (e: Record<string, unknown>) => ArmValue): ArmValue {
  const list = rawList(ctx.raw(arg));
  if (list === undefined) return UNKNOWN;
  return list.map((e) => {
    const o = element(e);
    return o ? build(o) : UNKNOWN;
  });
}

/**
 * expandIoTHubEndpoints: the four endpoint lists (always all four, possibly empty). A subscription_id not written in
 * the configuration is the provider's subscription; resource_group_name is sent as "" when unset.
 */
function iotEndpoints(ctx: FieldContext): ArmValue {
  const list = rawList(ctx.raw('endpoint'));
  if (list === undefined) return UNKNOWN;
  const lists: Record<string, ArmValue[]> = { serviceBusQueues: [], serviceBusTopics: [], eventHubs: [], storageContainers: [] };
  const sub = ctx.instance.subscriptionId ?? PLACEHOLDER_SUBSCRIPTION;
  for (const e of list) {
    const o = element(e);
    if (!o || typeof o.type !== 'string') return UNKNOWN;
    const ep = obj({ authenticationType: o.authentication_type === undefined || o.authentication_type === null ? 'keyBased' : rawString(o.authentication_type) });
    const optional = (key: string, v: unknown): void => {
      const s = rawString(v);
      if (s !== '') ep[key] = s;
    };
    const identityId = rawString(o.identity_id);
    if (identityId !== '') ep.identity = obj({ userAssignedIdentity: identityId });
    optional('endpointUri', o.endpoint_uri);
    if (o.type !== 'AzureIotHub.StorageContainer') optional('entityPath', o.entity_path);
    optional('connectionString', o.connection_string);
    ep.name = rawString(o.name);
    ep.subscriptionId = o.subscription_id === undefined || o.subscription_id === null ? sub : rawString(o.subscription_id);
    ep.resourceGroup = rawString(o.resource_group_name);
    switch (o.type) {
      case 'AzureIotHub.StorageContainer':
        ep.containerName = rawString(o.container_name);
        ep.fileNameFormat = o.file_name_format === undefined || o.file_name_format === null ? '{iothub}/{partition}/{YYYY}/{MM}/{DD}/{HH}/{mm}' : rawString(o.file_name_format);
        ep.batchFrequencyInSeconds = o.batch_frequency_in_seconds === undefined || o.batch_frequency_in_seconds === null ? 300 : rawNumber(o.batch_frequency_in_seconds);
        ep.maxChunkSizeInBytes = o.max_chunk_size_in_bytes === undefined || o.max_chunk_size_in_bytes === null ? 314572800 : rawNumber(o.max_chunk_size_in_bytes);
        ep.encoding = o.encoding === undefined || o.encoding === null ? 'Avro' : rawString(o.encoding);
        lists.storageContainers.push(ep);
        break;
      case 'AzureIotHub.ServiceBusQueue':
        lists.serviceBusQueues.push(ep);
        break;
      case 'AzureIotHub.ServiceBusTopic':
        lists.serviceBusTopics.push(ep);
        break;
      case 'AzureIotHub.EventHub':
        lists.eventHubs.push(ep);
        break;
      default:
        ctx.note(`endpoint type ${JSON.stringify(o.type)} is not one azurerm accepts: the endpoint is left out`);
    }
  }
  return obj(lists);
}

/** The routing object: routes, enrichments and endpoints when written; the fallback route always. */
function iotRouting(ctx: FieldContext): ArmValue {
  const routing = obj({});
  const written = (arg: string): boolean => {
    const v = ctx.raw(arg);
    return v !== undefined && !(Array.isArray(v) && v.length === 0);
  };
  if (written('endpoint')) routing.endpoints = iotEndpoints(ctx);
  if (written('route')) {
    routing.routes = mapList(ctx, 'route', (r) =>
      obj({ name: rawString(r.name), source: rawString(r.source), condition: r.condition === undefined || r.condition === null ? 'true' : rawString(r.condition), endpointNames: rawStrings(r.endpoint_names), isEnabled: rawBool(r.enabled, false) }),
    );
  }
  if (written('enrichment')) routing.enrichments = mapList(ctx, 'enrichment', (r) => obj({ key: rawString(r.key), value: rawString(r.value), endpointNames: rawStrings(r.endpoint_names) }));
  const fallback = rawBlock(ctx, 'fallback_route');
  if (fallback === undefined) routing.fallbackRoute = obj({ source: 'DeviceMessages', condition: 'true', endpointNames: ['events'], isEnabled: true });
  else if (isUnknown(fallback)) routing.fallbackRoute = UNKNOWN;
  else {
    routing.fallbackRoute = obj({
      source: fallback.source === undefined || fallback.source === null ? 'DeviceMessages' : rawString(fallback.source),
      condition: fallback.condition === undefined || fallback.condition === null ? 'true' : rawString(fallback.condition),
      endpointNames: rawStrings(fallback.endpoint_names),
      isEnabled: rawBool(fallback.enabled, true),
    });
  }
  return routing;
}

export const iothub: ResourceMapping = {
  terraformType: 'azurerm_iothub',
  armType: 'Microsoft.Devices/IotHubs',
  apiVersion: '2022-04-30-preview',
  source: `${IOT} (resourceIotHubCreate, expandIoTHubRoutes, expandIoTHubEnrichments, expandIoTHubFileUpload, expandIoTHubEndpoints, expandIoTHubFallbackRoute, expandIoTHubSku, expandIoTHubCloudToDevice, expandNetworkRuleSetProperties, expandIotHubIdentity; kermit iothub 2022-04-30-preview MarshalJSON)`,
  id: rgId('Microsoft.Devices/IotHubs'),
  fields: [
    {
      // expandIoTHubSku: {name, capacity} (the tier is read-only).
      to: 'sku',
      reads: ['sku'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'sku');
        if (b === undefined) {
          ctx.note('required block sku is not set');
          return UNKNOWN;
        }
        return isUnknown(b) ? UNKNOWN : obj({ name: rawString(b.name), capacity: rawNumber(b.capacity) });
      },
    },
    {
      // expandIotHubIdentity: ArmIdentity {type} ("None" without a block) with userAssignedIdentities only when ids are given.
      to: 'identity',
      reads: ['identity'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'identity');
        if (b === undefined) return obj({ type: 'None' });
        if (isUnknown(b)) return UNKNOWN;
        const t = rawString(b.type);
        const type = t === 'SystemAssigned' || t === 'UserAssigned' || t === 'SystemAssigned, UserAssigned' ? t : isUnknown(t) ? UNKNOWN : 'None';
        const out = obj({ type });
        const ids = rawStrings(b.identity_ids);
        if (isUnknown(ids)) out.userAssignedIdentities = UNKNOWN;
        else if (Array.isArray(ids) && ids.length > 0) {
          if (ids.some(isUnknown)) out.userAssignedIdentities = UNKNOWN;
          else {
            const map = dict<ArmValue>();
            for (const id of ids as string[]) put(map, id, obj({}));
            out.userAssignedIdentities = map;
          }
        }
        return out;
      },
    },
    { to: 'properties.routing', reads: ['route', 'enrichment', 'fallback_route', 'endpoint'], compute: iotRouting },
    {
      // expandIoTHubFileUpload: {} without file_upload, else the $default storage endpoint.
      to: 'properties.storageEndpoints',
      reads: ['file_upload'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'file_upload');
        if (b === undefined) return obj({});
        if (isUnknown(b)) return UNKNOWN;
        const ep = obj({
          authenticationType: b.authentication_type === undefined || b.authentication_type === null ? 'keyBased' : rawString(b.authentication_type),
          connectionString: rawString(b.connection_string),
          containerName: rawString(b.container_name),
        });
        const sas = b.sas_ttl === undefined || b.sas_ttl === null ? 'PT1H' : rawString(b.sas_ttl);
        if (sas !== '') ep.sasTtlAsIso8601 = sas;
        const identityId = rawString(b.identity_id);
        if (identityId !== '') ep.identity = obj({ userAssignedIdentity: identityId });
        return obj({ $default: ep });
      },
    },
    {
      to: 'properties.messagingEndpoints',
      reads: ['file_upload'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'file_upload');
        if (b === undefined) return obj({});
        if (isUnknown(b)) return UNKNOWN;
        const dflt = (v: unknown, d: string): ArmValue => (v === undefined || v === null ? d : rawString(v));
        return obj({
          fileNotifications: obj({
            lockDurationAsIso8601: dflt(b.lock_duration, 'PT1M'),
            ttlAsIso8601: dflt(b.default_ttl, 'PT1H'),
            maxDeliveryCount: b.max_delivery_count === undefined || b.max_delivery_count === null ? 10 : rawNumber(b.max_delivery_count),
          }),
        });
      },
    },
    {
      to: 'properties.enableFileUploadNotifications',
      reads: ['file_upload'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'file_upload');
        return b === undefined ? false : isUnknown(b) ? UNKNOWN : rawBool(b.notifications, false);
      },
    },
    {
      // expandIoTHubCloudToDevice: {} without the block.
      to: 'properties.cloudToDevice',
      arg: 'cloud_to_device',
      block: {
        absent: () => obj({}),
        fields: [
          { to: 'defaultTtlAsIso8601', arg: 'default_ttl', default: 'PT1H' },
          { to: 'maxDeliveryCount', arg: 'max_delivery_count', type: 'number', default: 10 },
          {
            to: 'feedback',
            arg: 'feedback',
            block: {
              absent: () => obj({}),
              fields: [
                { to: 'ttlAsIso8601', arg: 'time_to_live', default: 'PT1H' },
                { to: 'lockDurationAsIso8601', arg: 'lock_duration', default: 'PT60S' },
                { to: 'maxDeliveryCount', arg: 'max_delivery_count', type: 'number', default: 10 },
              ],
            },
          },
        ],
      },
    },
    {
      to: 'properties.networkRuleSets',
      arg: 'network_rule_set',
      block: {
        fields: [
          { to: 'defaultAction', arg: 'default_action', default: 'Deny' },
          { to: 'applyToBuiltInEventHubEndpoint', arg: 'apply_to_builtin_eventhub_endpoint', type: 'bool', default: false },
          {
            to: 'ipRules',
            arg: 'ip_rule',
            block: { list: true, fields: [{ to: 'filterName', arg: 'name', default: '' }, { to: 'action', arg: 'action', default: 'Allow' }, { to: 'ipMask', arg: 'ip_mask', default: '' }] },
          },
        ],
      },
    },
    // d.GetOkExists: sent only when written in the configuration (true or false).
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', map: enabledDisabled },
    {
      // Schema defaults 4 and 1: the events endpoint is always sent (a map keyed by endpoint name).
      to: 'properties.eventHubEndpoints',
      reads: ['event_hub_retention_in_days', 'event_hub_partition_count'],
      compute: (ctx) => {
        const retention = ctx.get('event_hub_retention_in_days', 'number') ?? 1;
        const partitions = ctx.get('event_hub_partition_count', 'number') ?? 4;
        const out = obj({});
        if (retention !== 0) out.retentionTimeInDays = retention;
        if (partitions !== 0) out.partitionCount = partitions;
        return obj({ events: out });
      },
    },
    { to: 'properties.disableLocalAuth', arg: 'local_authentication_enabled', type: 'bool', default: false, map: (v) => !v },
    { to: 'properties.minTlsVersion', arg: 'min_tls_version', omitEmpty: true },
  ],
};

/** expandKustoClusterSku: the tier is Basic for "Dev(No SLA)_..." names and Standard for "Standard_...". */
function kustoSku(ctx: FieldContext): ArmValue {
  const b = rawBlock(ctx, 'sku');
  if (b === undefined) {
    ctx.note('required block sku is not set');
    return UNKNOWN;
  }
  if (isUnknown(b)) return UNKNOWN;
  const name = rawString(b.name);
  let tier: ArmValue = UNKNOWN;
  if (typeof name === 'string') {
    const prefix = name.split('_')[0];
    tier = ({ 'Dev(No SLA)': 'Basic', Standard: 'Standard' } as Record<string, string>)[prefix] ?? UNKNOWN;
    if (isUnknown(tier)) ctx.note(`sku.name ${JSON.stringify(name)} begins with neither Dev(No SLA) nor Standard: azurerm refuses it`);
  }
  let capacity = rawNumber(b.capacity);
  const scale = rawBlock(ctx, 'optimized_auto_scale');
  // With optimized auto scale the capacity is clamped into [minimum_instances, maximum_instances].
  if (scale !== undefined) {
    if (isUnknown(scale)) capacity = UNKNOWN;
    else {
      const min = rawNumber(scale.minimum_instances);
      const max = rawNumber(scale.maximum_instances);
      if (typeof capacity === 'number' && typeof min === 'number' && typeof max === 'number') capacity = Math.min(Math.max(capacity, min), max);
      else capacity = UNKNOWN;
    }
  }
  return obj({ name, tier, capacity });
}

export const kustoCluster: ResourceMapping = {
  terraformType: 'azurerm_kusto_cluster',
  armType: 'Microsoft.Kusto/clusters',
  apiVersion: '2024-04-13',
  source: `${KUSTO} (resourceKustoClusterCreate, expandKustoClusterSku, expandOptimizedAutoScale, expandKustoClusterVNET, expandKustoClusterLanguageExtensionList), internal/services/kusto/identity.go (expandTrustedExternalTenants)`,
  id: rgId('Microsoft.Kusto/clusters'),
  fields: [
    identity('systemAndUserMap', 'none'),
    { to: 'sku', reads: ['sku', 'optimized_auto_scale'], compute: kustoSku },
    zones(),
    {
      to: 'properties.optimizedAutoscale',
      arg: 'optimized_auto_scale',
      block: {
        fields: [
          { to: 'version', value: 1 },
          { to: 'isEnabled', value: true },
          { to: 'minimum', arg: 'minimum_instances', type: 'number', required: true, default: 0 },
          { to: 'maximum', arg: 'maximum_instances', type: 'number', required: true, default: 0 },
        ],
      },
    },
    // Bools read with d.Get: always sent (double_encryption_enabled has no schema default: false).
    { to: 'properties.enableAutoStop', arg: 'auto_stop_enabled', type: 'bool', default: true },
    { to: 'properties.enableDiskEncryption', arg: 'disk_encryption_enabled', type: 'bool', default: false },
    { to: 'properties.enableDoubleEncryption', arg: 'double_encryption_enabled', type: 'bool', default: false },
    { to: 'properties.enableStreamingIngest', arg: 'streaming_ingestion_enabled', type: 'bool', default: false },
    { to: 'properties.enablePurge', arg: 'purge_enabled', type: 'bool', default: false },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    { to: 'properties.publicIPType', arg: 'public_ip_type', default: 'IPv4' },
    { to: 'properties.trustedExternalTenants', arg: 'trusted_external_tenants', type: 'strings', default: [], map: (v) => (Array.isArray(v) ? v.map((value) => obj({ value })) : v) },
    {
      // Deprecated in 4.x (removed in 5.0), still sent: the block with state Enabled.
      to: 'properties.virtualNetworkConfiguration',
      arg: 'virtual_network_configuration',
      block: {
        fields: [
          { to: 'subnetId', arg: 'subnet_id', default: '' },
          { to: 'enginePublicIpId', arg: 'engine_public_ip_id', default: '' },
          { to: 'dataManagementPublicIpId', arg: 'data_management_public_ip_id', default: '' },
          { to: 'state', value: 'Enabled' },
        ],
      },
    },
    { to: 'properties.allowedFqdnList', arg: 'allowed_fqdns', type: 'strings', omitEmpty: true },
    { to: 'properties.allowedIpRangeList', arg: 'allowed_ip_ranges', type: 'strings', omitEmpty: true },
    { to: 'properties.restrictOutboundNetworkAccess', arg: 'outbound_network_access_restricted', type: 'bool', default: 'Disabled', map: enabledDisabled },
    {
      // language_extension, or the deprecated language_extensions (which wins when both are written).
      to: 'properties.languageExtensions',
      reads: ['language_extension', 'language_extensions'],
      compute: (ctx) => {
        const legacy = ctx.raw('language_extensions');
        const arg = legacy !== undefined && !(Array.isArray(legacy) && legacy.length === 0) ? 'language_extensions' : 'language_extension';
        const raw = ctx.raw(arg);
        if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) return OMIT;
        return obj({ value: mapList(ctx, arg, (e) => obj({ languageExtensionName: rawString(e.name), languageExtensionImageName: rawString(e.image) })) });
      },
    },
  ],
};

export const automationAccount: ResourceMapping = {
  terraformType: 'azurerm_automation_account',
  armType: 'Microsoft.Automation/automationAccounts',
  apiVersion: '2024-10-23',
  source: `${AUTOMATION} (resourceAutomationAccountCreate, expandEncryption)`,
  id: rgId('Microsoft.Automation/automationAccounts'),
  fields: [
    {
      // expandEncryption: keySource Microsoft.Automation without the block.
      to: 'properties.encryption',
      reads: ['encryption'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'encryption');
        if (b === undefined) return obj({ keySource: 'Microsoft.Automation' });
        if (isUnknown(b)) return UNKNOWN;
        const out = obj({ keySource: 'Microsoft.Keyvault' });
        const uai = rawString(b.user_assigned_identity_id);
        if (uai !== '') out.identity = obj({ userAssignedIdentity: uai });
        const keyId = rawString(b.key_vault_key_id);
        if (keyId !== '') {
          const key = keyVaultKeyParts(keyId);
          out.keyVaultProperties = obj({ keyName: key.name, keyVersion: key.version, keyvaultUri: key.baseUrl });
        }
        return out;
      },
    },
    { to: 'properties.sku.name', arg: 'sku_name', required: true, default: '' },
    // A bool in this API (not Enabled/Disabled).
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: true },
    { to: 'properties.disableLocalAuth', arg: 'local_authentication_enabled', type: 'bool', default: false, map: (v) => !v },
    // Sent only when the type is not None.
    identity('systemAndUserMap', 'omit'),
  ],
};

export const IOT_ANALYTICS_MAPPINGS: readonly ResourceMapping[] = [iothub, kustoCluster, automationAccount];
