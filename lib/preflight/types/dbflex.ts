/**
 * Azure Database for PostgreSQL and MySQL flexible servers (Microsoft.DBforPostgreSQL, Microsoft.DBforMySQL), with
 * their configurations and (PostgreSQL) firewall rules as their own child resources. Read from
 * internal/services/postgres/ and internal/services/mysql/ at azurerm v4.55.0.
 *
 * Azure shows configurations and firewall rules only as child resources (`.../configurations/<name>`,
 * `.../firewallRules/<name>`), not inside the server's body: the policies that test them (log_checkpoints,
 * require_secure_transport, ssl_min_protocol_version, ...) are auditIfNotExists policies on the server whose related
 * resources are these children. Every server has every configuration with its server-side default value; only the ones
 * set in the configuration are emitted here, so a policy about another configuration depends on resources outside the
 * configuration.
 */
import { ArmValue, Field, OMIT, Omit, ResourceMapping } from '../mapping';
import { UNKNOWN, dict, isUnknown, put } from '../values';
import { identity, obj, rgId } from './common';
import { enabledDisabled as enabled, rawBlock } from './data-helpers';

const PG = 'internal/services/postgres/';
const MY = 'internal/services/mysql/';
const PG_SERVER = 'Microsoft.DBforPostgreSQL/flexibleServers';
const MY_SERVER = 'Microsoft.DBforMySQL/flexibleServers';


/**
 * expandFlexibleServerSku (both services): "" sends no sku; `<B|GP|MO>_<name>` sends `{name, tier}` with the tier
 * Burstable / GeneralPurpose / MemoryOptimized; any other prefix makes azurerm fail before the request.
 */
function flexSku(part: 'name' | 'tier'): Field {
  return {
    to: `sku.${part}`,
    reads: ['sku_name'],
    compute: (ctx) => {
      const v = ctx.get('sku_name');
      if (v === undefined || v === '') return OMIT;
      if (typeof v !== 'string') return UNKNOWN;
      const i = v.indexOf('_');
      const prefix = i < 0 ? v : v.slice(0, i);
      const tier = ({ B: 'Burstable', GP: 'GeneralPurpose', MO: 'MemoryOptimized' } as Record<string, string>)[prefix];
      if (tier === undefined) {
        if (part === 'name') ctx.note(`sku_name ${JSON.stringify(v)} has no B_, GP_ or MO_ tier prefix: azurerm refuses it before sending the request`);
        return UNKNOWN;
      }
      // strings.SplitAfterN(name, "_", 2): everything after the first "_" is the name.
      return part === 'tier' ? tier : i < 0 ? '' : v.slice(i + 1);
    },
  };
}

/** validate.InitializeFlexibleServerStorageTierDefaults: the default tier for each storage size (MB). */
const PG_DEFAULT_TIER: Record<number, string> = {
  32768: 'P4', 65536: 'P6', 131072: 'P10', 262144: 'P15', 524288: 'P20', 1048576: 'P30', 2097152: 'P40', 4193280: 'P50', 4194304: 'P50', 8388608: 'P60', 16777216: 'P70', 33553408: 'P80',
};

/** A customer_managed_key block's `dataEncryption` (expandFlexibleServerDataEncryption, both services). */
function dataEncryptionFields(mysql: boolean): Field[] {
  const uri: Field = mysql
    ? {
        // managed_hsm_key_id, when set, overrides key_vault_key_id.
        to: 'primaryKeyURI',
        reads: ['key_vault_key_id', 'managed_hsm_key_id'],
        compute: (c) => {
          const hsm = c.get('managed_hsm_key_id');
          if (hsm !== undefined && hsm !== '') return hsm;
          const kv = c.get('key_vault_key_id');
          return kv === undefined || kv === '' ? OMIT : kv;
        },
      }
    : { to: 'primaryKeyURI', arg: 'key_vault_key_id', omitEmpty: true };
  return [
    { to: 'type', value: 'AzureKeyVault' },
    uri,
    { to: 'primaryUserAssignedIdentityId', arg: 'primary_user_assigned_identity_id', omitEmpty: true },
    { to: 'geoBackupKeyURI', arg: 'geo_backup_key_vault_key_id', omitEmpty: true },
    { to: 'geoBackupUserAssignedIdentityId', arg: 'geo_backup_user_assigned_identity_id', omitEmpty: true },
  ];
}

/** The administrator password: administrator_password, or the write-only administrator_password_wo. */
const adminPassword: Field = { to: 'properties.administratorLoginPassword', arg: 'administrator_password', legacyArgs: ['administrator_password_wo'], omitEmpty: true };

export const postgresqlFlexibleServer: ResourceMapping = {
  terraformType: 'azurerm_postgresql_flexible_server',
  armType: PG_SERVER,
  apiVersion: '2025-08-01',
  source: `${PG}postgresql_flexible_server_resource.go (resourcePostgresqlFlexibleServerCreate, expandArmServerNetwork, expandArmServerStorage, expandArmServerBackup, expandFlexibleServerSku, expandFlexibleServerHighAvailability, expandFlexibleServerAuthConfig, expandFlexibleServerDataEncryption)`,
  id: rgId(PG_SERVER),
  fields: [
    { to: 'properties.network.delegatedSubnetResourceId', arg: 'delegated_subnet_id', omitEmpty: true },
    { to: 'properties.network.privateDnsZoneArmResourceId', arg: 'private_dns_zone_id', omitEmpty: true },
    // Always sent: Enabled unless public_network_access_enabled is false (schema Default true).
    { to: 'properties.network.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabled },
    { to: 'properties.storage.autoGrow', arg: 'auto_grow_enabled', type: 'bool', default: 'Disabled', map: enabled },
    {
      // storage_mb / 1024, or 32 GB (storage_mb 32768) when unset or 0.
      to: 'properties.storage.storageSizeGB',
      reads: ['storage_mb'],
      compute: (ctx) => {
        const mb = ctx.get('storage_mb', 'number');
        if (mb === undefined || mb === 0) return 32;
        return typeof mb === 'number' ? Math.trunc(mb / 1024) : UNKNOWN;
      },
    },
    {
      // storage_tier, else the default tier of the storage size ("" for a size without one).
      to: 'properties.storage.tier',
      reads: ['storage_tier'],
      compute: (ctx) => {
        const tier = ctx.get('storage_tier');
        if (tier !== undefined && tier !== '') return tier;
        const mb = ctx.get('storage_mb', 'number');
        if (mb !== undefined && typeof mb !== 'number') return UNKNOWN;
        const size = mb === undefined || mb === 0 ? 32768 : Math.trunc(mb / 1024) * 1024;
        return PG_DEFAULT_TIER[size] ?? '';
      },
    },
    {
      // Without the block: mode Disabled. The standby zone only when not "".
      to: 'properties.highAvailability',
      arg: 'high_availability',
      block: {
        absent: () => obj({ mode: 'Disabled' }),
        fields: [
          { to: 'mode', arg: 'mode', required: true, default: '' },
          { to: 'standbyAvailabilityZone', arg: 'standby_availability_zone', omitEmpty: true },
        ],
      },
    },
    { to: 'properties.backup.backupRetentionDays', arg: 'backup_retention_days', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.backup.geoRedundantBackup', arg: 'geo_redundant_backup_enabled', type: 'bool', default: 'Disabled', map: enabled },
    { to: 'properties.dataEncryption', arg: 'customer_managed_key', block: { fields: dataEncryptionFields(false) } },
    flexSku('name'),
    flexSku('tier'),
    { to: 'properties.administratorLogin', arg: 'administrator_login', omitEmpty: true },
    adminPassword,
    { to: 'properties.createMode', arg: 'create_mode', omitEmpty: true },
    { to: 'properties.version', arg: 'version', omitEmpty: true },
    { to: 'properties.availabilityZone', arg: 'zone', omitEmpty: true },
    { to: 'properties.sourceServerResourceId', arg: 'source_server_id', omitEmpty: true },
    { to: 'properties.pointInTimeUTC', arg: 'point_in_time_restore_time_in_utc', omitEmpty: true },
    {
      // expandFlexibleServerAuthConfig: tenant_id is always sent (a string type assertion: "" when unset).
      to: 'properties.authConfig',
      arg: 'authentication',
      block: {
        fields: [
          { to: 'activeDirectoryAuth', arg: 'active_directory_auth_enabled', type: 'bool', default: 'Disabled', map: enabled },
          { to: 'passwordAuth', arg: 'password_auth_enabled', type: 'bool', default: 'Enabled', map: enabled },
          { to: 'tenantId', arg: 'tenant_id', default: '' },
        ],
      },
    },
    identity('legacySystemAndUserMap', 'none'),
  ],
  otherArgs: ['administrator_password_wo_version', 'replication_role'],
  // maintenance_window: a PATCH after create (servers.ServerForPatch).
  afterCreate: ['maintenance_window'],
  check: (ctx) => {
    if (ctx.has('replication_role')) ctx.note('replication_role cannot be set while creating: azurerm refuses the create and applies it only on update');
  },
};

/** A PATCH of one configuration of an existing server: `{value, source: "user-override"}`. */
export const postgresqlFlexibleServerConfiguration: ResourceMapping = {
  terraformType: 'azurerm_postgresql_flexible_server_configuration',
  armType: `${PG_SERVER}/configurations`,
  apiVersion: '2025-08-01',
  source: `${PG}postgresql_flexible_server_configuration_resource.go (resourceFlexibleServerConfigurationUpdate; configurations.ConfigurationForUpdate, PATCH)`,
  id: '{server_id:id}/configurations/{name}',
  location: false,
  tags: false,
  fields: [
    { to: 'properties.value', arg: 'value', required: true, default: '' },
    { to: 'properties.source', value: 'user-override' },
  ],
  otherArgs: ['server_id'],
};

export const postgresqlFlexibleServerFirewallRule: ResourceMapping = {
  terraformType: 'azurerm_postgresql_flexible_server_firewall_rule',
  armType: `${PG_SERVER}/firewallRules`,
  apiVersion: '2025-08-01',
  source: `${PG}postgresql_flexible_server_firewall_rule_resource.go (resourcePostgresqlFlexibleServerFirewallRuleCreateUpdate)`,
  id: '{server_id:id}/firewallRules/{name}',
  location: false,
  tags: false,
  fields: [
    // Non-pointer strings: always sent.
    { to: 'properties.startIpAddress', arg: 'start_ip_address', required: true, default: '' },
    { to: 'properties.endIpAddress', arg: 'end_ip_address', required: true, default: '' },
  ],
  otherArgs: ['server_id'],
};

/**
 * expandFlexibleServerIdentity (mysql): identity.ExpandUserAssignedMap turned into MySQLServerIdentity: `{type: "None"}`
 * without a block (or for any type but UserAssigned), `{type: "UserAssigned", userAssignedIdentities: {<id>: {}}}`.
 */
const mysqlIdentity: Field = {
  to: 'identity',
  reads: ['identity'],
  compute: (ctx): ArmValue | Omit => {
    const b = rawBlock(ctx, 'identity');
    if (b === undefined) return obj({ type: 'None' });
    if (isUnknown(b)) return UNKNOWN;
    if (typeof b.type !== 'string') return obj({ type: UNKNOWN });
    if (b.type !== 'UserAssigned') return obj({ type: 'None' });
    const ids = b.identity_ids;
    if (ids === undefined || ids === null) return obj({ type: 'UserAssigned', userAssignedIdentities: {} });
    if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string')) return obj({ type: 'UserAssigned', userAssignedIdentities: UNKNOWN });
    const map = dict<ArmValue>();
    for (const i of ids as string[]) put(map, i, obj({}));
    return obj({ type: 'UserAssigned', userAssignedIdentities: map });
  },
};

export const mysqlFlexibleServer: ResourceMapping = {
  terraformType: 'azurerm_mysql_flexible_server',
  armType: MY_SERVER,
  apiVersion: '2023-12-30',
  source: `${MY}mysql_flexible_server_resource.go (resourceMysqlFlexibleServerCreate, expandArmServerNetwork, expandArmServerStorage, expandArmServerBackup, expandFlexibleServerSku, expandFlexibleServerHighAvailability, expandFlexibleServerDataEncryption, expandFlexibleServerIdentity)`,
  id: rgId(MY_SERVER),
  fields: [
    // `CreateMode: &createMode` and `Version: &version` are always set: "" when the argument is omitted.
    { to: 'properties.createMode', arg: 'create_mode', default: '' },
    { to: 'properties.version', arg: 'version', default: '' },
    {
      // storage is Optional+Computed: sent only when the block is written.
      to: 'properties.storage',
      arg: 'storage',
      block: {
        fields: [
          { to: 'autoGrow', arg: 'auto_grow_enabled', type: 'bool', default: 'Enabled', map: enabled },
          { to: 'autoIoScaling', arg: 'io_scaling_enabled', type: 'bool', default: 'Disabled', map: enabled },
          { to: 'logOnDisk', arg: 'log_on_disk_enabled', type: 'bool', default: 'Disabled', map: enabled },
          { to: 'storageSizeGB', arg: 'size_gb', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
          { to: 'iops', arg: 'iops', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
        ],
      },
    },
    // The network object is always sent; public_network_access only when set (Azure decides otherwise).
    { to: 'properties.network', value: {} },
    { to: 'properties.network.delegatedSubnetResourceId', arg: 'delegated_subnet_id', omitEmpty: true },
    { to: 'properties.network.privateDnsZoneResourceId', arg: 'private_dns_zone_id', omitEmpty: true },
    { to: 'properties.network.publicNetworkAccess', arg: 'public_network_access', omitEmpty: true },
    {
      // Without the block: mode Disabled. SameZone sends no standby zone.
      to: 'properties.highAvailability',
      arg: 'high_availability',
      block: {
        absent: () => obj({ mode: 'Disabled' }),
        fields: [
          { to: 'mode', arg: 'mode', required: true, default: '' },
          {
            to: 'standbyAvailabilityZone',
            reads: ['standby_availability_zone'],
            compute: (c) => {
              const mode = c.get('mode');
              if (isUnknown(mode)) return UNKNOWN;
              const z = c.get('standby_availability_zone');
              return mode === 'SameZone' || z === undefined || z === '' ? OMIT : z;
            },
          },
        ],
      },
    },
    { to: 'properties.backup.geoRedundantBackup', arg: 'geo_redundant_backup_enabled', type: 'bool', default: 'Disabled', map: enabled },
    // Schema Default 7: always set.
    { to: 'properties.backup.backupRetentionDays', arg: 'backup_retention_days', type: 'number', default: 7, map: (v) => (v === 0 ? OMIT : v) },
    {
      // Without the block: {type: SystemManaged}.
      to: 'properties.dataEncryption',
      arg: 'customer_managed_key',
      block: { absent: () => obj({ type: 'SystemManaged' }), fields: dataEncryptionFields(true) },
    },
    flexSku('name'),
    flexSku('tier'),
    { to: 'properties.administratorLogin', arg: 'administrator_login', omitEmpty: true },
    adminPassword,
    { to: 'properties.availabilityZone', arg: 'zone', omitEmpty: true },
    { to: 'properties.sourceServerResourceId', arg: 'source_server_id', omitEmpty: true },
    { to: 'properties.restorePointInTime', arg: 'point_in_time_restore_time_in_utc', omitEmpty: true },
    mysqlIdentity,
  ],
  otherArgs: ['administrator_password_wo_version', 'replication_role'],
  // maintenance_window: an update (PATCH) after the server exists.
  afterCreate: ['maintenance_window'],
  check: (ctx) => {
    if (ctx.has('replication_role')) ctx.note('replication_role cannot be set while creating: azurerm refuses the create and applies it only on update');
  },
};

/** A PATCH of one configuration of an existing server (`{properties: {value}}`), addressed by resource group and server name. */
export const mysqlFlexibleServerConfiguration: ResourceMapping = {
  terraformType: 'azurerm_mysql_flexible_server_configuration',
  armType: `${MY_SERVER}/configurations`,
  apiVersion: '2023-12-30',
  source: `${MY}mysql_flexible_server_configuration_resource.go (resourceMySQLFlexibleServerConfigurationCreate; configurations.Configuration, PATCH)`,
  id: `/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/${MY_SERVER}/{server_name}/configurations/{name}`,
  location: false,
  tags: false,
  fields: [{ to: 'properties.value', arg: 'value', required: true, default: '' }],
};

export const DBFLEX_MAPPINGS: readonly ResourceMapping[] = [
  postgresqlFlexibleServer,
  postgresqlFlexibleServerConfiguration,
  postgresqlFlexibleServerFirewallRule,
  mysqlFlexibleServer,
  mysqlFlexibleServerConfiguration,
];
