/**
 * Key Vault and Azure SQL (Microsoft.KeyVault, Microsoft.Sql), read from internal/services/keyvault/ and
 * internal/services/mssql/ at azurerm v4.55.0.
 */
import { ArmValue, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { identity, obj, rgId } from './common';

export const keyVault: ResourceMapping = {
  terraformType: 'azurerm_key_vault',
  armType: 'Microsoft.KeyVault/vaults',
  apiVersion: '2023-02-01',
  source: 'internal/services/keyvault/key_vault_resource.go (resourceKeyVaultCreate, expandKeyVaultNetworkAcls), access_policy_schema.go (expandAccessPolicies)',
  id: rgId('Microsoft.KeyVault/vaults'),
  fields: [
    { to: 'properties.tenantId', arg: 'tenant_id', required: true, default: '' },
    { to: 'properties.sku.family', value: 'A' },
    { to: 'properties.sku.name', arg: 'sku_name', required: true, default: '' },
    {
      // access_policy is Optional+Computed (ConfigModeAttr): without it an empty list is sent.
      to: 'properties.accessPolicies',
      arg: 'access_policy',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'permissions.certificates', arg: 'certificate_permissions', type: 'strings', default: [] },
          { to: 'permissions.keys', arg: 'key_permissions', type: 'strings', default: [] },
          { to: 'permissions.secrets', arg: 'secret_permissions', type: 'strings', default: [] },
          { to: 'permissions.storage', arg: 'storage_permissions', type: 'strings', default: [] },
          { to: 'objectId', arg: 'object_id', default: '' },
          { to: 'tenantId', arg: 'tenant_id', default: '' },
          { to: 'applicationId', arg: 'application_id', omitEmpty: true },
        ],
      },
    },
    // Optional+Computed bools read with d.Get: false when unset.
    { to: 'properties.enabledForDeployment', arg: 'enabled_for_deployment', type: 'bool', default: false },
    { to: 'properties.enabledForDiskEncryption', arg: 'enabled_for_disk_encryption', type: 'bool', default: false },
    { to: 'properties.enabledForTemplateDeployment', arg: 'enabled_for_template_deployment', type: 'bool', default: false },
    {
      to: 'properties.networkAcls',
      arg: 'network_acls',
      block: {
        fields: [
          { to: 'bypass', arg: 'bypass', default: '' },
          { to: 'defaultAction', arg: 'default_action', default: '' },
          { to: 'ipRules', arg: 'ip_rules', type: 'strings', default: [], map: (v) => (Array.isArray(v) ? v.map((value) => obj({ value })) : v) },
          { to: 'virtualNetworkRules', arg: 'virtual_network_subnet_ids', type: 'strings', default: [], map: (v) => (Array.isArray(v) ? v.map((id) => obj({ id })) : v) },
        ],
      },
    },
    { to: 'properties.enableSoftDelete', value: true },
    {
      // Sent only when true (GetOk); the deprecated enable_rbac_authorization also counts in 4.x.
      to: 'properties.enableRbacAuthorization',
      reads: ['rbac_authorization_enabled', 'enable_rbac_authorization'],
      compute: (ctx) => {
        const a = ctx.get('rbac_authorization_enabled', 'bool');
        const b = ctx.get('enable_rbac_authorization', 'bool');
        if (b === true || (b !== undefined && isUnknown(b))) return b;
        if (a === true || (a !== undefined && isUnknown(a))) return a;
        return OMIT;
      },
    },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    { to: 'properties.enablePurgeProtection', arg: 'purge_protection_enabled', type: 'bool', map: (v) => (v === true ? true : OMIT) },
    { to: 'properties.softDeleteRetentionInDays', arg: 'soft_delete_retention_days', type: 'number', map: (v) => (v === 90 ? OMIT : v) },
    // CreateMode Recover when a soft-deleted vault of the name exists (known only at apply time).
    { to: 'properties.createMode', value: 'default' },
  ],
  otherArgs: ['contact'],
};

export const mssqlServer: ResourceMapping = {
  terraformType: 'azurerm_mssql_server',
  armType: 'Microsoft.Sql/servers',
  apiVersion: '2023-08-01-preview',
  source: 'internal/services/mssql/mssql_server_resource.go (resourceMsSqlServerCreate, expandMsSqlServerAdministrators)',
  id: rgId('Microsoft.Sql/servers'),
  fields: [
    { to: 'properties.version', arg: 'version', required: true, default: '' },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    { to: 'properties.restrictOutboundNetworkAccess', arg: 'outbound_network_restriction_enabled', type: 'bool', default: 'Disabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    { to: 'properties.administratorLogin', arg: 'administrator_login', omitEmpty: true },
    { to: 'properties.administratorLoginPassword', arg: 'administrator_login_password', legacyArgs: ['administrator_login_password_wo'], omitEmpty: true },
    {
      to: 'properties.administrators',
      arg: 'azuread_administrator',
      block: {
        fields: [
          { to: 'administratorType', value: 'ActiveDirectory' },
          { to: 'login', arg: 'login_username', default: '' },
          { to: 'sid', arg: 'object_id', default: '' },
          { to: 'tenantId', arg: 'tenant_id', omitEmpty: true },
          // `v != ""` on a bool is always true: azureADOnlyAuthentication is always sent.
          { to: 'azureADOnlyAuthentication', arg: 'azuread_authentication_only', type: 'bool', default: false },
        ],
      },
    },
    identity('legacySystemAndUserMap', 'omit'),
    { to: 'properties.keyId', arg: 'transparent_data_encryption_key_vault_key_id', omitEmpty: true },
    { to: 'properties.primaryUserAssignedIdentityId', arg: 'primary_user_assigned_identity_id', omitEmpty: true },
    { to: 'properties.minimalTlsVersion', arg: 'minimum_tls_version', default: '1.2', map: (v) => (v === 'Disabled' ? OMIT : v) },
  ],
  otherArgs: ['administrator_login_password_wo_version'],
  children: [
    {
      armType: 'Microsoft.Sql/servers/connectionPolicies',
      name: 'default',
      segment: 'connectionPolicies',
      when: () => true,
      fields: [{ to: 'properties.connectionType', arg: 'connection_policy', default: 'Default' }],
    },
    {
      armType: 'Microsoft.Sql/servers/sqlVulnerabilityAssessments',
      name: 'default',
      segment: 'sqlVulnerabilityAssessments',
      when: () => true,
      fields: [{ to: 'properties.state', arg: 'express_vulnerability_assessment_enabled', type: 'bool', default: 'Disabled', map: (v) => (v ? 'Enabled' : 'Disabled') }],
    },
  ],
};

function notSecondary(mode: ArmValue | undefined): boolean {
  return mode !== 'OnlineSecondary' && mode !== 'Secondary';
}

export const mssqlDatabase: ResourceMapping = {
  terraformType: 'azurerm_mssql_database',
  armType: 'Microsoft.Sql/servers/databases',
  apiVersion: '2023-08-01-preview',
  source: 'internal/services/mssql/mssql_database_resource.go (resourceMsSqlDatabaseCreate)',
  id: '{server_id:id}/databases/{name}',
  location: false,
  fields: [
    {
      // The database's location is the server's (read at apply time).
      to: 'location',
      reads: ['server_id'],
      compute: () => UNKNOWN,
    },
    // Optional+Computed values read with d.Get: their zero values are sent when unset.
    { to: 'properties.autoPauseDelay', arg: 'auto_pause_delay_in_minutes', type: 'number', default: 0 },
    { to: 'properties.collation', arg: 'collation', default: '' },
    { to: 'properties.elasticPoolId', arg: 'elastic_pool_id', default: '' },
    { to: 'properties.licenseType', arg: 'license_type', default: '' },
    { to: 'properties.minCapacity', arg: 'min_capacity', type: 'number', default: 0 },
    { to: 'properties.highAvailabilityReplicaCount', arg: 'read_replica_count', type: 'number', default: 0 },
    { to: 'properties.sampleName', arg: 'sample_name', default: '' },
    { to: 'properties.requestedBackupStorageRedundancy', arg: 'storage_account_type', default: 'Geo' },
    { to: 'properties.zoneRedundant', arg: 'zone_redundant', type: 'bool', default: false },
    { to: 'properties.isLedgerOn', arg: 'ledger_enabled', type: 'bool', default: false },
    { to: 'properties.secondaryType', arg: 'secondary_type', default: '' },
    {
      to: 'properties.preferredEnclaveType',
      reads: ['enclave_type'],
      compute: (c) => {
        const sku = String(c.get('sku_name') ?? '').toLowerCase();
        const e = c.get('enclave_type');
        return e === undefined || e === '' || sku.startsWith('dw') || sku.includes('_dc_') ? OMIT : e;
      },
    },
    {
      to: 'properties.encryptionProtectorAutoRotation',
      reads: ['transparent_data_encryption_key_automatic_rotation_enabled'],
      compute: (c) => (String(c.get('sku_name') ?? '').toLowerCase().startsWith('dw') ? OMIT : (c.get('transparent_data_encryption_key_automatic_rotation_enabled', 'bool') ?? false)),
    },
    {
      to: 'properties.maintenanceConfigurationId',
      reads: ['maintenance_configuration_name'],
      compute: (c) => {
        if (c.has('elastic_pool_id') && c.get('elastic_pool_id') !== '') return OMIT;
        const server = c.idOf(c.raw('server_id'));
        const sub = typeof server === 'string' ? /^\/subscriptions\/([^/]+)/i.exec(server)?.[1] : undefined;
        const name = c.get('maintenance_configuration_name') ?? 'SQL_Default';
        return sub && typeof name === 'string' ? `/subscriptions/${sub}/providers/Microsoft.Maintenance/publicMaintenanceConfigurations/${name}` : UNKNOWN;
      },
    },
    { to: 'properties.createMode', arg: 'create_mode', default: 'Default' },
    {
      to: 'properties.maxSizeBytes',
      reads: ['max_size_gb'],
      compute: (c) => {
        const gb = c.get('max_size_gb', 'number');
        if (gb === undefined || gb === 0 || !notSecondary(c.get('create_mode'))) return OMIT;
        return typeof gb === 'number' ? Math.round(gb * 1024 * 1024 * 1024) : UNKNOWN;
      },
    },
    { to: 'properties.readScale', arg: 'read_scale', type: 'bool', default: 'Disabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    { to: 'properties.restorePointInTime', arg: 'restore_point_in_time', omitEmpty: true },
    { to: 'sku.name', arg: 'sku_name', omitEmpty: true },
    { to: 'properties.sourceDatabaseId', arg: 'creation_source_database_id', omitEmpty: true },
    { to: 'properties.recoverableDatabaseId', arg: 'recover_database_id', omitEmpty: true },
    { to: 'properties.recoveryServicesRecoveryPointId', arg: 'recovery_point_id', omitEmpty: true },
    { to: 'properties.restorableDroppedDatabaseId', arg: 'restore_dropped_database_id', omitEmpty: true },
    { to: 'properties.longTermRetentionBackupResourceId', arg: 'restore_long_term_retention_backup_id', omitEmpty: true },
    identity('userMap', 'omit'),
    { to: 'properties.encryptionProtector', arg: 'transparent_data_encryption_key_vault_key_id', omitEmpty: true },
  ],
  otherArgs: ['import', 'threat_detection_policy', 'geo_backup_enabled', 'long_term_retention_policy', 'short_term_retention_policy', 'transparent_data_encryption_enabled', 'immutable_backups_enabled', 'server_id'],
  children: [
    {
      // Sent after create only when the state differs from Azure's (new databases start with TDE enabled).
      armType: 'Microsoft.Sql/servers/databases/transparentDataEncryption',
      name: 'current',
      segment: 'transparentDataEncryption',
      when: (c) => notSecondary(c.get('create_mode')),
      fields: [{ to: 'properties.state', arg: 'transparent_data_encryption_enabled', type: 'bool', default: 'Enabled', map: (v) => (v ? 'Enabled' : 'Disabled') }],
    },
  ],
};

export const DATA_MAPPINGS: readonly ResourceMapping[] = [keyVault, mssqlServer, mssqlDatabase];
