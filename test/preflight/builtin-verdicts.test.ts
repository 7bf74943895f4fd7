/**
 * Azure built-in policy definitions (copied unchanged from Azure/azure-policy into fixtures/builtins/data-services, named
 * <category>_<file>) evaluated on Terraform resources of the data-service tables: compliant and non-compliant
 * configurations give the verdict Azure gives on azurerm v4.55.0's create request (defaults of omitted arguments
 * included). Every case uses literal values only, so that no decisive property is unknown before apply.
 *
 * auditIfNotExists policies get the translated child resources of the evaluated resource as related resources (the
 * configuration is complete in these cases): a PostgreSQL configuration, a SQL server's auditing settings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compilePolicy } from '../../lib/policy-engine';
import { FIXTURES, one, translateJson } from './helpers';

const SUB = '00000000-0000-0000-0000-0000000000d1';
const RG = 'rg-data';
const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;
const provider = { azurerm: [{ features: {}, subscription_id: SUB }] };

interface Case {
  /** What the case shows. */
  readonly name: string;
  /** Terraform resources (JSON syntax: the `resource` object). */
  readonly resources: Record<string, unknown>;
  /** Address of the translated resource evaluated. */
  readonly address: string;
  /** ARM type of that resource when the address produces several (a parent and its children). */
  readonly armType?: string;
  /** Assignment parameters. @default the definition's defaults */
  readonly parameters?: Record<string, unknown>;
  /** Azure's verdict: the effect, or null when the policy does not apply or the resource is compliant. */
  readonly expect: string | null;
}

const res = (type: string, name: string, body: Record<string, unknown>): Record<string, unknown> => ({ [type]: { [name]: body } });
const merge = (...parts: Record<string, unknown>[]): Record<string, unknown> => {
  const out: Record<string, Record<string, unknown>> = {};
  for (const p of parts) for (const [t, v] of Object.entries(p)) out[t] = { ...(out[t] ?? {}), ...(v as Record<string, unknown>) };
  return out;
};

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL and MySQL flexible servers

const pg = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
  res('azurerm_postgresql_flexible_server', 's', { name: 'psql-data', resource_group_name: RG, location: 'westeurope', version: '16', sku_name: 'GP_Standard_D2s_v3', administrator_login: 'psqladmin', administrator_password: 'H@Sh1CoR3!', ...extra });
const PG_ID = `${RG_ID}/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-data`;
const pgConfig = (name: string, value: string): Record<string, unknown> => res('azurerm_postgresql_flexible_server_configuration', name, { name, server_id: '${azurerm_postgresql_flexible_server.s.id}', value });
const PG_SUBNET = `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/psql`;
const PG_DNS = `${RG_ID}/providers/Microsoft.Network/privateDnsZones/psql-data.private.postgres.database.azure.com`;
const KEY = 'https://kv-data.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef';
const UAI = `${RG_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-data`;
const mysql = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
  res('azurerm_mysql_flexible_server', 's', { name: 'mysql-data', resource_group_name: RG, location: 'westeurope', sku_name: 'GP_Standard_D2ds_v4', administrator_login: 'myadmin', administrator_password: 'H@Sh1CoR3!', ...extra });

// ---------------------------------------------------------------------------------------------------------------
// Cosmos DB, Service Bus, Event Grid

const cosmos = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
  res('azurerm_cosmosdb_account', 'a', { name: 'cosmos-data', resource_group_name: RG, location: 'westeurope', offer_type: 'Standard', consistency_policy: { consistency_level: 'Session' }, geo_location: [{ location: 'westeurope', failover_priority: 0 }], ...extra });
const sb = (extra: Record<string, unknown> = {}, sku = 'Standard'): Record<string, unknown> => res('azurerm_servicebus_namespace', 'n', { name: 'sb-data', resource_group_name: RG, location: 'westeurope', sku, ...extra });
const egTopic = (extra: Record<string, unknown> = {}): Record<string, unknown> => res('azurerm_eventgrid_topic', 't', { name: 'egt-data', resource_group_name: RG, location: 'westeurope', ...extra });
const egDomain = (extra: Record<string, unknown> = {}): Record<string, unknown> => res('azurerm_eventgrid_domain', 'd', { name: 'egd-data', resource_group_name: RG, location: 'westeurope', ...extra });
const SB_SUBNET = `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps`;

// ---------------------------------------------------------------------------------------------------------------
// Redis, App Configuration

const redis = (extra: Record<string, unknown> = {}): Record<string, unknown> => res('azurerm_redis_cache', 'r', { name: 'redis-data', resource_group_name: RG, location: 'westeurope', capacity: 1, family: 'C', sku_name: 'Standard', ...extra });
const appconf = (extra: Record<string, unknown> = {}): Record<string, unknown> => res('azurerm_app_configuration', 'c', { name: 'appcs-data', resource_group_name: RG, location: 'westeurope', ...extra });

// ---------------------------------------------------------------------------------------------------------------
// IoT Hub, Data Explorer, Automation

const iothub = (extra: Record<string, unknown> = {}): Record<string, unknown> => res('azurerm_iothub', 'h', { name: 'iot-data', resource_group_name: RG, location: 'westeurope', sku: { name: 'S1', capacity: 1 }, ...extra });
const kusto = (extra: Record<string, unknown> = {}): Record<string, unknown> => res('azurerm_kusto_cluster', 'k', { name: 'adxdata', resource_group_name: RG, location: 'westeurope', sku: { name: 'Standard_E2ads_v5', capacity: 2 }, ...extra });
const automation = (extra: Record<string, unknown> = {}): Record<string, unknown> => res('azurerm_automation_account', 'a', { name: 'aa-data', resource_group_name: RG, location: 'westeurope', sku_name: 'Basic', ...extra });

// ---------------------------------------------------------------------------------------------------------------
// SQL server child resources

const sql = res('azurerm_mssql_server', 's', { name: 'sql-data', resource_group_name: RG, location: 'westeurope', version: '12.0', administrator_login: 'sqladmin', administrator_login_password: 'H@Sh1CoR3!' });
const SQL_ID = `${RG_ID}/providers/Microsoft.Sql/servers/sql-data`;
const auditing = (extra: Record<string, unknown> = {}): Record<string, unknown> => res('azurerm_mssql_server_extended_auditing_policy', 'a', { server_id: '${azurerm_mssql_server.s.id}', ...extra });
const alerts = (state: string): Record<string, unknown> => res('azurerm_mssql_server_security_alert_policy', 'p', { resource_group_name: RG, server_name: 'sql-data', state });
const BLOB = 'https://stauditdata.blob.core.windows.net/';

// ---------------------------------------------------------------------------------------------------------------
// Storage account network rules (a PATCH of the account)

const account = (extra: Record<string, unknown> = {}): Record<string, unknown> => res('azurerm_storage_account', 'sa', { name: 'stdata', resource_group_name: RG, location: 'westeurope', account_tier: 'Standard', account_replication_type: 'LRS', ...extra });
const rules = (extra: Record<string, unknown>): Record<string, unknown> => res('azurerm_storage_account_network_rules', 'r', { storage_account_id: '${azurerm_storage_account.sa.id}', ...extra });
const ST_SUBNET = `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/storage`;

const CASES: Record<string, Case[]> = {
  'SQL_PostgreSQL_FlexibleServers_DisablePublicNetworkAccess_Audit.json': [
    // azurerm always sends network.publicNetworkAccess: Enabled unless public_network_access_enabled is false.
    { name: 'public network access omitted (Enabled is sent)', resources: pg(), address: 'azurerm_postgresql_flexible_server.s', expect: 'Audit' },
    { name: 'public network access disabled', resources: pg({ public_network_access_enabled: false }), address: 'azurerm_postgresql_flexible_server.s', expect: null },
    { name: 'VNet-integrated server (delegated subnet and private DNS zone)', resources: pg({ public_network_access_enabled: false, delegated_subnet_id: PG_SUBNET, private_dns_zone_id: PG_DNS }), address: 'azurerm_postgresql_flexible_server.s', expect: null },
    { name: 'delegated subnet without a private DNS zone', resources: pg({ public_network_access_enabled: false, delegated_subnet_id: PG_SUBNET }), address: 'azurerm_postgresql_flexible_server.s', expect: 'Audit' },
    { name: 'effect Disabled', resources: pg(), address: 'azurerm_postgresql_flexible_server.s', parameters: { effect: 'Disabled' }, expect: null },
  ],
  'PostgreSQL_FlexibleServers_GeoRedundant_Audit.json': [
    // geoRedundantBackup is always sent: Disabled when geo_redundant_backup_enabled is omitted.
    { name: 'geo-redundant backup omitted (Disabled is sent)', resources: pg(), address: 'azurerm_postgresql_flexible_server.s', expect: 'Audit' },
    { name: 'geo-redundant backup enabled', resources: pg({ geo_redundant_backup_enabled: true }), address: 'azurerm_postgresql_flexible_server.s', expect: null },
  ],
  'PostgreSQL_FlexibleServers_EnableCMK_AINE.json': [
    { name: 'no customer-managed key', resources: pg(), address: 'azurerm_postgresql_flexible_server.s', expect: 'Audit' },
    { name: 'customer-managed key', resources: pg({ identity: { type: 'UserAssigned', identity_ids: [UAI] }, customer_managed_key: { key_vault_key_id: KEY, primary_user_assigned_identity_id: UAI } }), address: 'azurerm_postgresql_flexible_server.s', expect: null },
    { name: 'no customer-managed key, effect Deny', resources: pg(), address: 'azurerm_postgresql_flexible_server.s', parameters: { effect: 'Deny' }, expect: 'Deny' },
  ],
  'SQL_PostgreSQL_FlexibleServers_EnableEntraOnlyAuthentication_Audit.json': [
    // authConfig is sent only with an authentication block.
    { name: 'no authentication block (no authConfig sent)', resources: pg(), address: 'azurerm_postgresql_flexible_server.s', expect: 'Audit' },
    { name: 'Entra ID and password authentication', resources: pg({ authentication: { active_directory_auth_enabled: true, tenant_id: '00000000-0000-0000-0000-0000000000aa' } }), address: 'azurerm_postgresql_flexible_server.s', expect: 'Audit' },
    { name: 'Entra ID only', resources: pg({ administrator_login: null, administrator_password: null, authentication: { active_directory_auth_enabled: true, password_auth_enabled: false, tenant_id: '00000000-0000-0000-0000-0000000000aa' } }), address: 'azurerm_postgresql_flexible_server.s', expect: null },
  ],
  'PostgreSQL_FlexibleServers_EnableSSL_AINE.json': [
    // The configuration is a child resource (PATCH of .../configurations/require_secure_transport).
    { name: 'require_secure_transport on', resources: merge(pg(), pgConfig('require_secure_transport', 'on')), address: 'azurerm_postgresql_flexible_server.s', expect: null },
    { name: 'require_secure_transport off', resources: merge(pg(), pgConfig('require_secure_transport', 'off')), address: 'azurerm_postgresql_flexible_server.s', expect: 'AuditIfNotExists' },
    { name: 'another configuration only (the configuration is taken as complete)', resources: merge(pg(), pgConfig('log_checkpoints', 'on')), address: 'azurerm_postgresql_flexible_server.s', expect: 'AuditIfNotExists' },
  ],
  'SQL_MySQL_FlexibleServers_DisablePublicNetworkAccess_Audit.json': [
    // azurerm sends createMode "" when create_mode is omitted: no createMode branch of the rule matches the request.
    { name: 'create_mode omitted (createMode "" is sent): the request does not match', resources: mysql(), address: 'azurerm_mysql_flexible_server.s', expect: null },
    { name: 'create_mode Default, public network access omitted (not sent)', resources: mysql({ create_mode: 'Default' }), address: 'azurerm_mysql_flexible_server.s', expect: 'Audit' },
    { name: 'create_mode Default, public network access Enabled', resources: mysql({ create_mode: 'Default', public_network_access: 'Enabled' }), address: 'azurerm_mysql_flexible_server.s', expect: 'Audit' },
    { name: 'create_mode Default, public network access Disabled', resources: mysql({ create_mode: 'Default', public_network_access: 'Disabled' }), address: 'azurerm_mysql_flexible_server.s', expect: null },
  ],
  'SQL_MySQL_FlexibleServers_ADOnlyEnabled_Audit.json': [
    { name: 'aad_auth_only ON', resources: merge(mysql(), res('azurerm_mysql_flexible_server_configuration', 'c', { name: 'aad_auth_only', resource_group_name: RG, server_name: 'mysql-data', value: 'ON' })), address: 'azurerm_mysql_flexible_server.s', expect: null },
    { name: 'aad_auth_only OFF', resources: merge(mysql(), res('azurerm_mysql_flexible_server_configuration', 'c', { name: 'aad_auth_only', resource_group_name: RG, server_name: 'mysql-data', value: 'OFF' })), address: 'azurerm_mysql_flexible_server.s', expect: 'AuditIfNotExists' },
  ],
  'CosmosDB_Cosmos_DisableLocalAuth_AuditDeny.json': [
    // disableLocalAuth is always sent: false when local_authentication_disabled is omitted.
    { name: 'local authentication not disabled (false is sent)', resources: cosmos(), address: 'azurerm_cosmosdb_account.a', expect: 'Audit' },
    { name: 'local authentication disabled', resources: cosmos({ local_authentication_disabled: true }), address: 'azurerm_cosmosdb_account.a', expect: null },
    { name: 'effect Deny', resources: cosmos(), address: 'azurerm_cosmosdb_account.a', parameters: { effect: 'Deny' }, expect: 'Deny' },
    { name: 'MongoDB account (EnableMongo capability) is out of scope', resources: cosmos({ kind: 'MongoDB', capabilities: [{ name: 'EnableMongo' }] }), address: 'azurerm_cosmosdb_account.a', expect: null },
  ],
  'CosmosDB_Cosmos_PrivateNetworkAccess_AuditDeny.json': [
    { name: 'public network access omitted (Enabled is sent)', resources: cosmos(), address: 'azurerm_cosmosdb_account.a', expect: 'Audit' },
    { name: 'public network access disabled', resources: cosmos({ public_network_access_enabled: false }), address: 'azurerm_cosmosdb_account.a', expect: null },
  ],
  'CosmosDB_Cosmos_NetworkRulesExist_Audit.json': [
    // ipRules [] and isVirtualNetworkFilterEnabled false are sent when omitted.
    { name: 'no firewall rules (default effect Deny)', resources: cosmos(), address: 'azurerm_cosmosdb_account.a', expect: 'Deny' },
    { name: 'no firewall rules, effect Audit', resources: cosmos(), address: 'azurerm_cosmosdb_account.a', parameters: { effect: 'Audit' }, expect: 'Audit' },
    { name: 'an IP range filter', resources: cosmos({ ip_range_filter: ['203.0.113.0/24'] }), address: 'azurerm_cosmosdb_account.a', expect: null },
    { name: 'virtual network filter enabled', resources: cosmos({ is_virtual_network_filter_enabled: true, virtual_network_rule: [{ id: SB_SUBNET }] }), address: 'azurerm_cosmosdb_account.a', expect: null },
    { name: 'public network access disabled', resources: cosmos({ public_network_access_enabled: false }), address: 'azurerm_cosmosdb_account.a', expect: null },
  ],
  'CosmosDB_Cosmos_CMK_Deny.json': [
    { name: 'no customer-managed key', resources: cosmos(), address: 'azurerm_cosmosdb_account.a', expect: 'audit' },
    { name: 'customer-managed key', resources: cosmos({ key_vault_key_id: 'https://kv-data.vault.azure.net/keys/cmk' }), address: 'azurerm_cosmosdb_account.a', expect: null },
  ],
  'ServiceBus_AuditPublicNetworkAccess.json': [
    // The namespace sends publicNetworkAccess Enabled when omitted; a network_rule_set block is its own request
    // (networkRuleSets/default) whose publicNetworkAccess defaults to Enabled too.
    { name: 'namespace: public network access omitted (Enabled is sent)', resources: sb(), address: 'azurerm_servicebus_namespace.n', armType: 'Microsoft.ServiceBus/namespaces', expect: 'Audit' },
    { name: 'namespace: public network access disabled', resources: sb({ public_network_access_enabled: false }), address: 'azurerm_servicebus_namespace.n', armType: 'Microsoft.ServiceBus/namespaces', expect: null },
    { name: 'network rule set: public network access omitted in the block (Enabled is sent)', resources: sb({ public_network_access_enabled: false, network_rule_set: { default_action: 'Deny', ip_rules: ['203.0.113.10'] } }, 'Premium'), address: 'azurerm_servicebus_namespace.n', armType: 'Microsoft.ServiceBus/namespaces/networkRuleSets', expect: 'Audit' },
    { name: 'network rule set: public network access disabled', resources: sb({ public_network_access_enabled: false, network_rule_set: { default_action: 'Deny', public_network_access_enabled: false, network_rules: [{ subnet_id: SB_SUBNET }] } }, 'Premium'), address: 'azurerm_servicebus_namespace.n', armType: 'Microsoft.ServiceBus/namespaces/networkRuleSets', expect: null },
  ],
  'ServiceBus_DisableLocalAuth_AuditDeny.json': [
    { name: 'local auth omitted (disableLocalAuth false is sent)', resources: sb(), address: 'azurerm_servicebus_namespace.n', armType: 'Microsoft.ServiceBus/namespaces', expect: 'Audit' },
    { name: 'local auth disabled', resources: sb({ local_auth_enabled: false }), address: 'azurerm_servicebus_namespace.n', armType: 'Microsoft.ServiceBus/namespaces', expect: null },
  ],
  'EventGrid_Topics_DisableLocalAuth_AuditDeny.json': [
    { name: 'local auth omitted (disableLocalAuth false is sent)', resources: egTopic(), address: 'azurerm_eventgrid_topic.t', expect: 'Audit' },
    { name: 'local auth disabled', resources: egTopic({ local_auth_enabled: false }), address: 'azurerm_eventgrid_topic.t', expect: null },
  ],
  'EventGrid_Topics_PublicNetworkAccess_AuditDeny.json': [
    { name: 'public network access omitted (Enabled is sent)', resources: egTopic(), address: 'azurerm_eventgrid_topic.t', expect: 'Audit' },
    { name: 'public network access disabled', resources: egTopic({ public_network_access_enabled: false }), address: 'azurerm_eventgrid_topic.t', expect: null },
  ],
  'EventGrid_Domains_DisableLocalAuth_AuditDeny.json': [
    { name: 'local auth omitted (disableLocalAuth false is sent)', resources: egDomain(), address: 'azurerm_eventgrid_domain.d', expect: 'Audit' },
    { name: 'local auth disabled', resources: egDomain({ local_auth_enabled: false }), address: 'azurerm_eventgrid_domain.d', expect: null },
  ],
  'EventGrid_Domains_PublicNetworkAccess_AuditDeny.json': [
    { name: 'public network access omitted (Enabled is sent)', resources: egDomain(), address: 'azurerm_eventgrid_domain.d', expect: 'Audit' },
    { name: 'public network access disabled, effect Deny', resources: egDomain({ public_network_access_enabled: false }), address: 'azurerm_eventgrid_domain.d', parameters: { effect: 'Deny' }, expect: null },
    { name: 'public network access enabled, effect Deny', resources: egDomain({ public_network_access_enabled: true }), address: 'azurerm_eventgrid_domain.d', parameters: { effect: 'Deny' }, expect: 'Deny' },
  ],
  'Cache_RedisCache_AuditSSLPort_Audit.json': [
    // enableNonSslPort false is sent when non_ssl_port_enabled is omitted.
    { name: 'non-SSL port omitted (false is sent)', resources: redis(), address: 'azurerm_redis_cache.r', expect: null },
    { name: 'non-SSL port enabled', resources: redis({ non_ssl_port_enabled: true }), address: 'azurerm_redis_cache.r', expect: 'Audit' },
  ],
  'Cache_RedisCache_PublicNetworkAccess_AuditDeny.json': [
    { name: 'public network access omitted (Enabled is sent)', resources: redis(), address: 'azurerm_redis_cache.r', expect: 'Audit' },
    { name: 'public network access disabled, effect Deny', resources: redis({ public_network_access_enabled: false }), address: 'azurerm_redis_cache.r', parameters: { effect: 'Deny' }, expect: null },
  ],
  'AppConfiguration_DisableLocalAuth_Audit.json': [
    { name: 'local auth omitted (disableLocalAuth false is sent)', resources: appconf(), address: 'azurerm_app_configuration.c', expect: 'Audit' },
    { name: 'local auth disabled', resources: appconf({ local_auth_enabled: false }), address: 'azurerm_app_configuration.c', expect: null },
  ],
  'AppConfiguration_PrivateLink_PublicNetworkAccess_Audit.json': [
    // publicNetworkAccess is not sent when public_network_access is omitted: notEquals Disabled holds.
    { name: 'public network access omitted (not sent)', resources: appconf({ sku: 'standard' }), address: 'azurerm_app_configuration.c', expect: 'Audit' },
    { name: 'public network access Disabled', resources: appconf({ sku: 'standard', public_network_access: 'Disabled' }), address: 'azurerm_app_configuration.c', expect: null },
    { name: 'public network access written in lower case', resources: appconf({ sku: 'standard', public_network_access: 'disabled' }), address: 'azurerm_app_configuration.c', expect: null },
  ],
  'AppConfiguration_CustomerManagedKey_Audit.json': [
    // encryption.keyVaultProperties {} is sent without an encryption block: keyIdentifier does not exist.
    { name: 'no customer-managed key', resources: appconf({ sku: 'standard' }), address: 'azurerm_app_configuration.c', expect: 'Audit' },
    { name: 'customer-managed key', resources: appconf({ sku: 'standard', identity: { type: 'UserAssigned', identity_ids: [UAI] }, encryption: { key_vault_key_identifier: 'https://kv-data.vault.azure.net/keys/cmk', identity_client_id: '00000000-0000-0000-0000-0000000000bb' } }), address: 'azurerm_app_configuration.c', expect: null },
  ],
  'AppConfiguration_PrivateLink_AllowedSku_Audit.json': [
    // sku "free" is sent when sku is omitted; the rule compares case-insensitively with "Free".
    { name: 'sku omitted (free is sent)', resources: appconf(), address: 'azurerm_app_configuration.c', expect: 'Audit' },
    { name: 'standard sku', resources: appconf({ sku: 'standard' }), address: 'azurerm_app_configuration.c', expect: null },
  ],
  'InternetofThings_IoTHub_DisableLocalAuth_AuditDeny.json': [
    { name: 'local authentication omitted (disableLocalAuth false is sent)', resources: iothub(), address: 'azurerm_iothub.h', expect: 'Audit' },
    { name: 'local authentication disabled', resources: iothub({ local_authentication_enabled: false }), address: 'azurerm_iothub.h', expect: null },
  ],
  'InternetofThings_IoTHub_DisablePublicNetworkAccess_AuditDeny.json': [
    // publicNetworkAccess is sent only when public_network_access_enabled is written.
    { name: 'public network access omitted (not sent)', resources: iothub(), address: 'azurerm_iothub.h', expect: 'Audit' },
    { name: 'public network access enabled', resources: iothub({ public_network_access_enabled: true }), address: 'azurerm_iothub.h', expect: 'Audit' },
    { name: 'public network access disabled', resources: iothub({ public_network_access_enabled: false }), address: 'azurerm_iothub.h', expect: null },
  ],
  'AzureDataExplorer_ADX_PublicAccess_Deny.json': [
    { name: 'public network access omitted (Enabled is sent)', resources: kusto(), address: 'azurerm_kusto_cluster.k', expect: 'Audit' },
    { name: 'public network access disabled', resources: kusto({ public_network_access_enabled: false }), address: 'azurerm_kusto_cluster.k', expect: null },
  ],
  'AzureDataExplorer_ADX_disk_encrypted.json': [
    // enableDiskEncryption false is sent when disk_encryption_enabled is omitted.
    { name: 'disk encryption omitted (false is sent)', resources: kusto(), address: 'azurerm_kusto_cluster.k', expect: 'Audit' },
    { name: 'disk encryption enabled', resources: kusto({ disk_encryption_enabled: true }), address: 'azurerm_kusto_cluster.k', expect: null },
  ],
  'AzureDataExplorer_ADX_doubleEncryption.json': [
    { name: 'double encryption omitted (false is sent)', resources: kusto(), address: 'azurerm_kusto_cluster.k', expect: 'Audit' },
    { name: 'double encryption enabled', resources: kusto({ double_encryption_enabled: true }), address: 'azurerm_kusto_cluster.k', expect: null },
  ],
  'Automation_Account_CMK_Audit.json': [
    // encryption.keySource Microsoft.Automation is sent without an encryption block.
    { name: 'no encryption block (Microsoft.Automation key source is sent)', resources: automation(), address: 'azurerm_automation_account.a', expect: 'Audit' },
    { name: 'customer-managed key', resources: automation({ identity: { type: 'UserAssigned', identity_ids: [UAI] }, encryption: { key_vault_key_id: KEY, user_assigned_identity_id: UAI } }), address: 'azurerm_automation_account.a', expect: null },
  ],
  'Automation_Account_DisableLocalAuth_Audit.json': [
    { name: 'local authentication omitted (disableLocalAuth false is sent)', resources: automation(), address: 'azurerm_automation_account.a', expect: 'Audit' },
    { name: 'local authentication disabled', resources: automation({ local_authentication_enabled: false }), address: 'azurerm_automation_account.a', expect: null },
  ],
  'Automation_Account_ManagedIdentity_Audit.json': [
    // No identity is sent without an identity block.
    { name: 'no identity', resources: automation(), address: 'azurerm_automation_account.a', expect: 'Audit' },
    { name: 'system-assigned identity', resources: automation({ identity: { type: 'SystemAssigned' } }), address: 'azurerm_automation_account.a', expect: null },
  ],
  'Automation_Account_PublicNetworkAccess_Audit.json': [
    // publicNetworkAccess is a bool: true is sent when omitted; the rule compares it with the string "false".
    { name: 'public network access omitted (true is sent)', resources: automation(), address: 'azurerm_automation_account.a', expect: 'Audit' },
    { name: 'public network access disabled (false is sent)', resources: automation({ public_network_access_enabled: false }), address: 'azurerm_automation_account.a', expect: null },
  ],
  'SQL_SqlServerAuditing_Audit.json': [
    // The extended auditing policy is also the server's auditingSettings/default, the related resource looked for.
    { name: 'server without auditing settings', resources: sql, address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', expect: 'AuditIfNotExists' },
    { name: 'server with an extended auditing policy (enabled is the default)', resources: merge(sql, auditing()), address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', expect: null },
    { name: 'server with a disabled extended auditing policy', resources: merge(sql, auditing({ enabled: false })), address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', expect: 'AuditIfNotExists' },
    { name: 'disabled auditing when the assignment wants it disabled', resources: merge(sql, auditing({ enabled: false })), address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', parameters: { setting: 'disabled' }, expect: null },
  ],
  'SQL_SqlServerAuditingRetentionDays_Audit.json': [
    // storageEndpoint "" and isAzureMonitorTargetEnabled true are sent when storage_endpoint and log_monitoring_enabled are omitted.
    { name: 'auditing to Azure Monitor only', resources: merge(sql, auditing()), address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', expect: null },
    { name: 'auditing to storage kept 30 days', resources: merge(sql, auditing({ storage_endpoint: BLOB, retention_in_days: 30, log_monitoring_enabled: false })), address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', expect: 'AuditIfNotExists' },
    { name: 'auditing to storage kept 90 days', resources: merge(sql, auditing({ storage_endpoint: BLOB, retention_in_days: 90, log_monitoring_enabled: false })), address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', expect: null },
    { name: 'auditing to storage kept forever (0)', resources: merge(sql, auditing({ storage_endpoint: BLOB, log_monitoring_enabled: false })), address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', expect: null },
  ],
  'SQL_SqlServer_AdvancedDataSecurity_Audit.json': [
    // The security alert policy PUT goes to .../securityAlertPolicies/default; the rule's name "Default" matches case-insensitively.
    { name: 'server without a security alert policy', resources: sql, address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', expect: 'AuditIfNotExists' },
    { name: 'security alert policy Enabled', resources: merge(sql, alerts('Enabled')), address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', expect: null },
    { name: 'security alert policy Disabled', resources: merge(sql, alerts('Disabled')), address: 'azurerm_mssql_server.s', armType: 'Microsoft.Sql/servers', expect: 'AuditIfNotExists' },
  ],
  'Storage_Storage_NetworkAcls_Audit.json': [
    // Without network_rules the account's create request carries defaultAction Allow.
    { name: 'account alone (defaultAction Allow is sent)', resources: account(), address: 'azurerm_storage_account.sa', expect: 'Audit' },
    { name: 'account with network rules that deny by default', resources: merge(account(), rules({ default_action: 'Deny', virtual_network_subnet_ids: [ST_SUBNET] })), address: 'azurerm_storage_account.sa', expect: null },
    { name: 'account with network rules that allow by default', resources: merge(account(), rules({ default_action: 'Allow' })), address: 'azurerm_storage_account.sa', expect: 'Audit' },
    { name: 'network rules naming the account by a literal id', resources: merge(account(), res('azurerm_storage_account_network_rules', 'r', { storage_account_id: `${RG_ID}/providers/Microsoft.Storage/storageAccounts/stdata`, default_action: 'Deny' })), address: 'azurerm_storage_account.sa', parameters: { effect: 'Deny' }, expect: null },
  ],
  'Storage_StorageAccountOnlyVnetRulesEnabled_Audit.json': [
    { name: 'deny by default with virtual network rules only', resources: merge(account(), rules({ default_action: 'Deny', virtual_network_subnet_ids: [ST_SUBNET] })), address: 'azurerm_storage_account.sa', expect: null },
    { name: 'deny by default with an IP rule', resources: merge(account(), rules({ default_action: 'Deny', ip_rules: ['203.0.113.7'] })), address: 'azurerm_storage_account.sa', expect: 'Audit' },
  ],
  'Storage_StorageAccess_TrustedMicrosoftServices_Audit.json': [
    // The PATCH sends no bypass when the set is empty: the account keeps its AzureServices.
    { name: 'network rules without bypass (the account keeps AzureServices)', resources: merge(account(), rules({ default_action: 'Deny' })), address: 'azurerm_storage_account.sa', expect: null },
    { name: 'network rules with bypass None', resources: merge(account(), rules({ default_action: 'Deny', bypass: ['None'] })), address: 'azurerm_storage_account.sa', expect: 'Audit' },
    { name: 'network rules with bypass Logging and Metrics', resources: merge(account(), rules({ default_action: 'Deny', bypass: ['Logging', 'Metrics'] })), address: 'azurerm_storage_account.sa', expect: 'Audit' },
    { name: 'network rules with bypass AzureServices and Logging', resources: merge(account(), rules({ default_action: 'Deny', bypass: ['AzureServices', 'Logging'] })), address: 'azurerm_storage_account.sa', expect: null },
  ],
};

function detailsType(definition: Record<string, unknown>): string | undefined {
  const then = ((definition.properties as Record<string, unknown>).policyRule as Record<string, Record<string, unknown>>).then;
  const t = (then.details as Record<string, unknown> | undefined)?.type;
  return typeof t === 'string' ? t.toLowerCase() : undefined;
}

describe('Azure built-in policies give Azure\'s verdicts on Terraform resources of the data-service tables', () => {
  it('every fixture has cases and every case has a fixture', () => {
    const files = fs.readdirSync(path.join(FIXTURES, 'builtins', 'data-services')).filter((f) => f.endsWith('.json')).sort();
    expect(Object.keys(CASES).sort()).toEqual(files);
  });

  it('the PostgreSQL fixture servers have the ids the cases use', () => {
    expect(one(translateJson({ provider, resource: pg() }), 'azurerm_postgresql_flexible_server.s').resource.id).toBe(PG_ID);
  });

  const rows = Object.entries(CASES).flatMap(([file, list]) => list.map((c) => [file, c.name, c] as const));
  it('an extended auditing policy is also its server\'s auditingSettings/default (a sibling id, not a child of extendedAuditingSettings)', () => {
    const t = translateJson({ provider, resource: merge(sql, auditing({ predicate_expression: "object_name = 'x'" })) });
    const ids = t.resources.filter((r) => r.address === 'azurerm_mssql_server_extended_auditing_policy.a').map((r) => [r.resource.type, r.resource.id]);
    expect(ids).toEqual([
      ['Microsoft.Sql/servers/extendedAuditingSettings', `${SQL_ID}/extendedAuditingSettings/default`],
      ['Microsoft.Sql/servers/auditingSettings', `${SQL_ID}/auditingSettings/default`],
    ]);
    const [extended, view] = t.resources.filter((r) => r.address === 'azurerm_mssql_server_extended_auditing_policy.a').map((r) => r.resource.properties as Record<string, unknown>);
    expect(extended.predicateExpression).toBe("object_name = 'x'");
    expect(view.predicateExpression).toBeUndefined();
  });

  it('network rules merge into their account as the PATCH does: members they leave out keep the account\'s value', () => {
    const t = translateJson({ provider, resource: merge(account({ network_rules: { default_action: 'Allow', bypass: ['Logging'], ip_rules: ['198.51.100.1'] } }), rules({ default_action: 'Deny' })) });
    expect(t.resources.filter((r) => r.address === 'azurerm_storage_account_network_rules.r')).toEqual([]);
    const acls = (one(t, 'azurerm_storage_account.sa').resource.properties as Record<string, unknown>).networkAcls;
    expect(JSON.parse(JSON.stringify(acls))).toEqual({ bypass: 'Logging', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [], resourceAccessRules: [] });
    expect(t.notes.some((n) => n.address === 'azurerm_storage_account_network_rules.r' && /PATCH/.test(n.message))).toBe(true);
  });

  it.each(rows)('%s: %s', (file, _name, c) => {
    const definition = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'builtins', 'data-services', file), 'utf8')) as Record<string, unknown>;
    const compiled = compilePolicy(definition);
    const translation = translateJson({ provider, resource: c.resources });
    expect(translation.notTranslated).toEqual([]);
    const target = one(translation, c.address, c.armType);
    expect(JSON.stringify(target.resource)).not.toContain('(known after apply)');
    const type = detailsType(definition);
    const id = String(target.resource.id).toLowerCase();
    const related = type === undefined ? undefined : translation.resources.map((r) => r.resource).filter((r) => String(r.type).toLowerCase() === type && String(r.id).toLowerCase().startsWith(`${id}/`));
    const result = compiled.evaluate(target.resource, { parameters: c.parameters ?? {}, relatedResources: related, apiVersion: target.apiVersion, requestContext: { apiVersion: target.apiVersion } });
    expect(result.error).toBeUndefined();
    expect(result.effect?.toLowerCase() ?? null).toBe(c.expect?.toLowerCase() ?? null);
  });
});
