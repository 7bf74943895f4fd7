/**
 * Azure Cosmos DB accounts (Microsoft.DocumentDB/databaseAccounts), read from
 * internal/services/cosmos/cosmosdb_account_resource.go and internal/services/cosmos/common/ at azurerm v4.55.0.
 */
import { ArmValue, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { identity, obj, rgId } from './common';
import { rawBlock, rawList, rawNumber as num, rawString as str, rawStrings as strings } from './data-helpers';

const S = 'internal/services/cosmos/cosmosdb_account_resource.go';

/** The joined strings of common.ExpandCosmosCorsRule (`strings.Join(..., ",")`). */
function joined(v: unknown): ArmValue {
  const s = strings(v);
  return Array.isArray(s) && s.every((e) => typeof e === 'string') ? s.join(',') : UNKNOWN;
}

export const cosmosdbAccount: ResourceMapping = {
  terraformType: 'azurerm_cosmosdb_account',
  armType: 'Microsoft.DocumentDB/databaseAccounts',
  apiVersion: '2024-08-15',
  source: `${S} (resourceCosmosDbAccountCreate, expandAzureRmCosmosDBAccountConsistencyPolicy, expandAzureRmCosmosDBAccountGeoLocations, expandAzureRmCosmosDBAccountCapabilities, expandAzureRmCosmosDBAccountVirtualNetworkRules, expandCosmosdbAccountBackup, expandCosmosdbAccountRestoreParameters), common/ip_rules.go, common/cors_rule.go`,
  id: rgId('Microsoft.DocumentDB/databaseAccounts'),
  fields: [
    { to: 'kind', arg: 'kind', default: 'GlobalDocumentDB' },
    identity('legacySystemAndUserMap', 'none'),
    { to: 'properties.databaseAccountOfferType', arg: 'offer_type', required: true, default: '' },
    // CosmosDBIpRangeFilterToIpRules: always a list (empty without ip_range_filter).
    { to: 'properties.ipRules', arg: 'ip_range_filter', type: 'strings', default: [], map: (v) => (Array.isArray(v) ? v.map((ipAddressOrRange) => obj({ ipAddressOrRange })) : v) },
    // Bools read with d.Get (schema Default false / true): always sent.
    { to: 'properties.isVirtualNetworkFilterEnabled', arg: 'is_virtual_network_filter_enabled', type: 'bool', default: false },
    { to: 'properties.enableFreeTier', arg: 'free_tier_enabled', type: 'bool', default: false },
    { to: 'properties.enableAutomaticFailover', arg: 'automatic_failover_enabled', type: 'bool', default: false },
    {
      to: 'properties.consistencyPolicy',
      arg: 'consistency_policy',
      required: true,
      block: {
        fields: [
          { to: 'defaultConsistencyLevel', arg: 'consistency_level', required: true, default: '' },
          // Schema defaults 100 and 5; a 0 is sent as the default too.
          { to: 'maxStalenessPrefix', arg: 'max_staleness_prefix', type: 'number', default: 100, map: (v) => (v === 0 ? 100 : v) },
          { to: 'maxIntervalInSeconds', arg: 'max_interval_in_seconds', type: 'number', default: 5, map: (v) => (v === 0 ? 5 : v) },
        ],
      },
    },
    {
      // `locations` has no omitempty: always a list.
      to: 'properties.locations',
      arg: 'geo_location',
      required: true,
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'locationName', arg: 'location', default: '', map: (v) => (typeof v === 'string' ? v.toLowerCase().replace(/ /g, '') : v) },
          { to: 'failoverPriority', arg: 'failover_priority', type: 'number', default: 0 },
          { to: 'isZoneRedundant', arg: 'zone_redundant', type: 'bool', default: false },
        ],
      },
    },
    { to: 'properties.capabilities', arg: 'capabilities', block: { list: true, emptyList: true, fields: [{ to: 'name', arg: 'name', default: '' }] } },
    { to: 'properties.minimalTlsVersion', arg: 'minimal_tls_version', default: 'Tls12' },
    {
      to: 'properties.virtualNetworkRules',
      arg: 'virtual_network_rule',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'id', arg: 'id', default: '' },
          { to: 'ignoreMissingVNetServiceEndpoint', arg: 'ignore_missing_vnet_service_endpoint', type: 'bool', default: false },
        ],
      },
    },
    { to: 'properties.enableMultipleWriteLocations', arg: 'multiple_write_locations_enabled', type: 'bool', default: false },
    { to: 'properties.enablePartitionMerge', arg: 'partition_merge_enabled', type: 'bool', default: false },
    { to: 'properties.enableBurstCapacity', arg: 'burst_capacity_enabled', type: 'bool', default: false },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    { to: 'properties.enableAnalyticalStorage', arg: 'analytical_storage_enabled', type: 'bool', default: false },
    {
      // ExpandCosmosCorsRule: nil (not sent) without a block; the lists joined with ",".
      to: 'properties.cors',
      reads: ['cors_rule'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'cors_rule');
        if (b === undefined) return OMIT;
        if (isUnknown(b)) return UNKNOWN;
        const rule = obj({ allowedOrigins: joined(b.allowed_origins), exposedHeaders: joined(b.exposed_headers), allowedHeaders: joined(b.allowed_headers), allowedMethods: joined(b.allowed_methods) });
        const age = num(b.max_age_in_seconds);
        if (age !== 0) rule.maxAgeInSeconds = age;
        return [rule];
      },
    },
    { to: 'properties.disableKeyBasedMetadataWriteAccess', arg: 'access_key_metadata_writes_enabled', type: 'bool', default: false, map: (v) => !v },
    { to: 'properties.networkAclBypass', arg: 'network_acl_bypass_for_azure_services', type: 'bool', default: 'None', map: (v) => (v ? 'AzureServices' : 'None') },
    { to: 'properties.networkAclBypassResourceIds', arg: 'network_acl_bypass_ids', type: 'strings', default: [] },
    { to: 'properties.disableLocalAuth', arg: 'local_authentication_disabled', type: 'bool', default: false },
    // d.GetOk of a schema Default ("FirstPartyIdentity"): always sent.
    { to: 'properties.defaultIdentity', arg: 'default_identity_type', default: 'FirstPartyIdentity', omitEmpty: true },
    { to: 'properties.analyticalStorageConfiguration', arg: 'analytical_storage', block: { fields: [{ to: 'schemaType', arg: 'schema_type', default: '' }] } },
    { to: 'properties.capacity', arg: 'capacity', block: { fields: [{ to: 'totalThroughputLimit', arg: 'total_throughput_limit', type: 'number', default: 0 }] } },
    { to: 'properties.createMode', arg: 'create_mode', omitEmpty: true },
    {
      to: 'properties.restoreParameters',
      reads: ['restore'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'restore');
        if (b === undefined) return OMIT;
        if (isUnknown(b)) return UNKNOWN;
        const dbs = rawList(b.database);
        const gremlin = rawList(b.gremlin_database);
        const out = obj({
          restoreMode: 'PointInTime',
          restoreSource: str(b.source_cosmosdb_account_id),
          databasesToRestore: dbs === undefined ? UNKNOWN : dbs.map((d) => (d && typeof d === 'object' && !isUnknown(d) ? obj({ databaseName: str((d as Record<string, unknown>).name), collectionNames: strings((d as Record<string, unknown>).collection_names) }) : UNKNOWN)),
          gremlinDatabasesToRestore: gremlin === undefined ? UNKNOWN : gremlin.map((d) => (d && typeof d === 'object' && !isUnknown(d) ? obj({ databaseName: str((d as Record<string, unknown>).name), graphNames: strings((d as Record<string, unknown>).graph_names) }) : UNKNOWN)),
          restoreTimestampInUtc: str(b.restore_timestamp_in_utc),
        });
        const tables = strings(b.tables_to_restore);
        if (!Array.isArray(tables) || tables.length > 0) out.tablesToRestore = tables;
        return out;
      },
    },
    { to: 'properties.apiProperties.serverVersion', arg: 'mongo_server_version', omitEmpty: true },
    {
      // expandCosmosdbAccountBackup: BackupPolicy is an interface without omitempty: `null` without a backup block.
      to: 'properties.backupPolicy',
      reads: ['backup'],
      compute: (ctx) => {
        const b = rawBlock(ctx, 'backup');
        if (b === undefined) return null;
        if (isUnknown(b) || typeof b.type !== 'string') return UNKNOWN;
        if (b.type === 'Continuous') {
          const tier = str(b.tier);
          return tier === '' ? obj({ type: 'Continuous' }) : obj({ type: 'Continuous', continuousModeProperties: obj({ tier }) });
        }
        if (b.type === 'Periodic') {
          const props = obj({ backupIntervalInMinutes: num(b.interval_in_minutes), backupRetentionIntervalInHours: num(b.retention_in_hours) });
          const redundancy = str(b.storage_redundancy);
          if (redundancy !== '') props.backupStorageRedundancy = redundancy;
          return obj({ type: 'Periodic', periodicModeProperties: props });
        }
        ctx.note(`backup.type ${JSON.stringify(b.type)} is neither Continuous nor Periodic: azurerm refuses it`);
        return UNKNOWN;
      },
    },
    {
      // ExpandKeyVaultOrManagedHSMKey: the key (versionless) id, from key_vault_key_id or managed_hsm_key_id.
      to: 'properties.keyVaultKeyUri',
      reads: ['key_vault_key_id', 'managed_hsm_key_id'],
      compute: (ctx) => {
        const kv = ctx.get('key_vault_key_id');
        if (kv !== undefined && kv !== '') return kv;
        const hsm = ctx.get('managed_hsm_key_id');
        return hsm === undefined || hsm === '' ? OMIT : hsm;
      },
    },
  ],
};

export const COSMOS_MAPPINGS: readonly ResourceMapping[] = [cosmosdbAccount];
