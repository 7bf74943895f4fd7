/**
 * Azure Cache for Redis (Microsoft.Cache/redis) and App Configuration stores (Microsoft.AppConfiguration), read from
 * internal/services/redis/redis_cache_resource.go (API 2024-11-01) and
 * internal/services/appconfiguration/app_configuration_resource.go (API 2024-05-01) at azurerm v4.55.0.
 */
import { ArmValue, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { identity, obj, rgId, zones } from './common';
import { enabledDisabled, rawBlock, rawNumber, rawString } from './data-helpers';

const REDIS = 'internal/services/redis/redis_cache_resource.go';
const APPCONF = 'internal/services/appconfiguration/app_configuration_resource.go';

/**
 * expandRedisConfiguration: `{}` without a redis_configuration block; with one, the settings as strings (Azure's
 * hyphenated keys). Bools are sent only when written in the configuration (d.GetOkExists).
 */
function redisConfiguration(ctx: FieldContext): ArmValue {
  const b = rawBlock(ctx, 'redis_configuration');
  if (b === undefined) return obj({});
  if (isUnknown(b)) return UNKNOWN;
  const sku = ctx.get('sku_name');
  if (sku !== undefined && typeof sku !== 'string') return UNKNOWN;
  const premium = typeof sku === 'string' && sku.toLowerCase() === 'premium';
  const out = obj({});
  const positive = (key: string, v: unknown): void => {
    const n = rawNumber(v);
    if (isUnknown(n)) out[key] = UNKNOWN;
    else if (typeof n === 'number' && n > 0) out[key] = String(n);
  };
  const nonEmpty = (key: string, v: unknown): void => {
    const s = rawString(v);
    if (s !== '') out[key] = s;
  };
  const written = (v: unknown): v is boolean | string | object => v !== undefined && v !== null;
  const bool = (v: unknown): ArmValue => (typeof v === 'boolean' ? String(v) : v === 'true' || v === 'false' ? v : UNKNOWN);
  if (sku !== 'Basic') {
    positive('maxmemory-delta', b.maxmemory_delta);
    positive('maxmemory-reserved', b.maxmemory_reserved);
    positive('maxfragmentationmemory-reserved', b.maxfragmentationmemory_reserved);
  }
  // maxmemory_policy has the schema Default "volatile-lru".
  const policy = b.maxmemory_policy === undefined || b.maxmemory_policy === null ? 'volatile-lru' : rawString(b.maxmemory_policy);
  if (policy !== '') out['maxmemory-policy'] = policy;
  // pointer.To of the string: "" is sent when unset.
  out['preferred-data-persistence-auth-method'] = rawString(b.data_persistence_authentication_method);
  if (written(b.active_directory_authentication_enabled)) out['aad-enabled'] = bool(b.active_directory_authentication_enabled);
  if (written(b.rdb_backup_enabled)) {
    if (premium) out['rdb-backup-enabled'] = bool(b.rdb_backup_enabled);
    else if (b.rdb_backup_enabled === true) ctx.note('redis_configuration.rdb_backup_enabled needs the Premium sku: azurerm refuses it before sending the request');
  }
  positive('rdb-backup-frequency', b.rdb_backup_frequency);
  positive('rdb-backup-max-snapshot-count', b.rdb_backup_max_snapshot_count);
  nonEmpty('rdb-storage-connection-string', b.rdb_storage_connection_string);
  nonEmpty('notify-keyspace-events', b.notify_keyspace_events);
  if (written(b.aof_backup_enabled) && premium) out['aof-backup-enabled'] = bool(b.aof_backup_enabled);
  nonEmpty('aof-storage-connection-string-0', b.aof_storage_connection_string_0);
  nonEmpty('aof-storage-connection-string-1', b.aof_storage_connection_string_1);
  // authentication_enabled (Default true) is sent as authnotrequired only for a cache in a subnet.
  const auth = b.authentication_enabled === undefined || b.authentication_enabled === null ? true : b.authentication_enabled;
  if (ctx.has('subnet_id')) out.authnotrequired = auth === true ? 'no' : auth === false ? 'yes' : UNKNOWN;
  else if (auth === false) ctx.note('redis_configuration.authentication_enabled can be false only with subnet_id: azurerm refuses it before sending the request');
  nonEmpty('storage-subscription-id', b.storage_account_subscription_id);
  return out;
}

export const redisCache: ResourceMapping = {
  terraformType: 'azurerm_redis_cache',
  armType: 'Microsoft.Cache/redis',
  apiVersion: '2024-11-01',
  source: `${REDIS} (resourceRedisCacheCreate, expandRedisConfiguration, expandTenantSettings)`,
  id: rgId('Microsoft.Cache/redis'),
  fields: [
    identity('systemAndUserMap', 'none'),
    { to: 'properties.disableAccessKeyAuthentication', arg: 'access_keys_authentication_enabled', type: 'bool', default: false, map: (v) => !v },
    { to: 'properties.enableNonSslPort', arg: 'non_ssl_port_enabled', type: 'bool', default: false },
    // Sku is a non-pointer struct: capacity, family and name are always sent.
    { to: 'properties.sku.capacity', arg: 'capacity', type: 'number', required: true, default: 0 },
    { to: 'properties.sku.family', arg: 'family', required: true, default: '' },
    { to: 'properties.sku.name', arg: 'sku_name', required: true, default: '' },
    { to: 'properties.minimumTlsVersion', arg: 'minimum_tls_version', default: '1.2' },
    { to: 'properties.redisConfiguration', reads: ['redis_configuration'], compute: redisConfiguration },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    { to: 'properties.shardCount', arg: 'shard_count', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.replicasPerMaster', arg: 'replicas_per_master', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.replicasPerPrimary', arg: 'replicas_per_primary', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    // d.GetOk of the schema Default "6": always sent.
    { to: 'properties.redisVersion', arg: 'redis_version', default: '6', omitEmpty: true },
    { to: 'properties.tenantSettings', arg: 'tenant_settings', type: 'map', omitEmpty: true },
    { to: 'properties.staticIP', arg: 'private_static_ip_address', omitEmpty: true },
    { to: 'properties.subnetId', arg: 'subnet_id', omitEmpty: true },
    zones(),
  ],
  // patch_schedule: a PUT of patchSchedules/default after the cache exists.
  afterCreate: ['patch_schedule'],
};

export const appConfiguration: ResourceMapping = {
  terraformType: 'azurerm_app_configuration',
  armType: 'Microsoft.AppConfiguration/configurationStores',
  apiVersion: '2024-05-01',
  source: `${APPCONF} (resourceAppConfigurationCreate, expandAppConfigurationEncryption, parsePublicNetworkAccess)`,
  id: rgId('Microsoft.AppConfiguration/configurationStores'),
  fields: [
    { to: 'sku.name', arg: 'sku', default: 'free' },
    { to: 'properties.dataPlaneProxy.authenticationMode', arg: 'data_plane_proxy_authentication_mode', default: 'Local' },
    { to: 'properties.dataPlaneProxy.privateLinkDelegation', arg: 'data_plane_proxy_private_link_delegation_enabled', type: 'bool', default: 'Disabled', map: enabledDisabled },
    { to: 'properties.enablePurgeProtection', arg: 'purge_protection_enabled', type: 'bool', default: false },
    { to: 'properties.disableLocalAuth', arg: 'local_auth_enabled', type: 'bool', default: false, map: (v) => !v },
    {
      // expandAppConfigurationEncryption: `{keyVaultProperties: {}}` is always sent; its members only when not "".
      to: 'properties.encryption',
      reads: ['encryption'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'encryption');
        if (isUnknown(b)) return UNKNOWN;
        const kv = obj({});
        const client = rawString(b?.identity_client_id);
        const key = rawString(b?.key_vault_key_identifier);
        if (client !== '') kv.identityClientId = client;
        if (key !== '') kv.keyIdentifier = key;
        return obj({ keyVaultProperties: kv });
      },
    },
    // Sent only when not the default 7.
    { to: 'properties.softDeleteRetentionInDays', arg: 'soft_delete_retention_days', type: 'number', map: (v) => (v === 7 ? OMIT : v) },
    {
      // parsePublicNetworkAccess: Enabled / Disabled (case-insensitive), else as written; not sent when unset.
      to: 'properties.publicNetworkAccess',
      arg: 'public_network_access',
      omitEmpty: true,
      map: (v) => (typeof v === 'string' ? ({ enabled: 'Enabled', disabled: 'Disabled' } as Record<string, string>)[v.toLowerCase()] ?? v : v),
    },
    identity('systemAndUserMap', 'none'),
  ],
  // replica: one PUT of replicas/<name> per block after the store exists.
  afterCreate: ['replica'],
};

export const CACHE_CONFIG_MAPPINGS: readonly ResourceMapping[] = [redisCache, appConfiguration];
