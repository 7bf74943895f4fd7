/**
 * The data-service tables beyond their documentation examples: the expand helpers' branches (sku tiers, storage tier
 * defaults, backup policies, input mappings, Redis settings, IoT identities, Kusto capacity), values known only after
 * apply (UNKNOWN, never "" or absent), and hostile input (wrong shapes, `__proto__` keys) that must translate without
 * throwing.
 */
import { DATA_SERVICES_MAPPINGS } from '../../lib/preflight/types/data-services';
import { KNOWN_AFTER_APPLY as U, one, plain, translateJson } from './helpers';

const provider = { azurerm: [{ features: {}, subscription_id: '00000000-0000-0000-0000-0000000000d2', tenant_id: '00000000-0000-0000-0000-0000000000e1' }] };
const RG = 'rg';
const base = { resource_group_name: RG, location: 'West Europe' };

function body(type: string, args: Record<string, unknown>, armType?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const t = translateJson({ provider, resource: { [type]: { x: { name: 'x', ...base, ...args } }, ...extra } });
  return plain(one(t, `${type}.x`, armType).resource) as Record<string, unknown>;
}
const props = (b: Record<string, unknown>): Record<string, unknown> => b.properties as Record<string, unknown>;

describe('PostgreSQL and MySQL flexible servers', () => {
  it('splits sku_name into tier and name at the first "_"', () => {
    expect(body('azurerm_postgresql_flexible_server', { sku_name: 'MO_Standard_E4ds_v5' }).sku).toEqual({ name: 'Standard_E4ds_v5', tier: 'MemoryOptimized' });
    expect(body('azurerm_mysql_flexible_server', { sku_name: 'B_Standard_B1ms' }).sku).toEqual({ name: 'Standard_B1ms', tier: 'Burstable' });
  });

  it('an unknown tier prefix is refused by azurerm: the sku is unknown and a note says why', () => {
    const t = translateJson({ provider, resource: { azurerm_postgresql_flexible_server: { x: { name: 'x', ...base, sku_name: 'XL_Standard' } } } });
    expect(plain(one(t, 'azurerm_postgresql_flexible_server.x').resource)).toMatchObject({ sku: { name: U, tier: U } });
    expect(t.notes.some((n) => /no B_, GP_ or MO_ tier prefix/.test(n.message))).toBe(true);
  });

  it('storage: the default tier follows storage_mb (32 GB / P4 when unset)', () => {
    expect(props(body('azurerm_postgresql_flexible_server', {})).storage).toEqual({ autoGrow: 'Disabled', storageSizeGB: 32, tier: 'P4' });
    expect(props(body('azurerm_postgresql_flexible_server', { storage_mb: 131072, auto_grow_enabled: true })).storage).toEqual({ autoGrow: 'Enabled', storageSizeGB: 128, tier: 'P10' });
    expect(props(body('azurerm_postgresql_flexible_server', { storage_mb: 131072, storage_tier: 'P30' })).storage).toMatchObject({ tier: 'P30' });
  });

  it('authentication: tenantId is always sent with the block ("" when unset)', () => {
    expect(props(body('azurerm_postgresql_flexible_server', { authentication: { active_directory_auth_enabled: true } })).authConfig).toEqual({ activeDirectoryAuth: 'Enabled', passwordAuth: 'Enabled', tenantId: '' });
  });

  it('a delegated subnet known only after apply is present and unknown (not omitted)', () => {
    const b = body('azurerm_postgresql_flexible_server', { delegated_subnet_id: '${azurerm_subnet.s.id}' }, undefined, { azurerm_subnet: { s: { name: 's', resource_group_name: RG, virtual_network_name: 'v', address_prefixes: ['10.0.0.0/24'] } } });
    expect(props(b).network).toEqual({ delegatedSubnetResourceId: U, publicNetworkAccess: 'Enabled' });
  });

  it('MySQL: storage only with the block; HA SameZone sends no standby zone; a managed HSM key wins', () => {
    expect(props(body('azurerm_mysql_flexible_server', {})).storage).toBeUndefined();
    expect(props(body('azurerm_mysql_flexible_server', { storage: { size_gb: 64 } })).storage).toEqual({ autoGrow: 'Enabled', autoIoScaling: 'Disabled', logOnDisk: 'Disabled', storageSizeGB: 64 });
    expect(props(body('azurerm_mysql_flexible_server', { high_availability: { mode: 'SameZone', standby_availability_zone: '2' } })).highAvailability).toEqual({ mode: 'SameZone' });
    expect(props(body('azurerm_mysql_flexible_server', { high_availability: { mode: 'ZoneRedundant', standby_availability_zone: '2' } })).highAvailability).toEqual({ mode: 'ZoneRedundant', standbyAvailabilityZone: '2' });
    expect(props(body('azurerm_mysql_flexible_server', { customer_managed_key: { key_vault_key_id: 'https://a.vault.azure.net/keys/k', managed_hsm_key_id: 'https://h.managedhsm.azure.net/keys/k' } })).dataEncryption).toMatchObject({ type: 'AzureKeyVault', primaryKeyURI: 'https://h.managedhsm.azure.net/keys/k' });
  });

  it('MySQL identity: {type: None} without a block, a map of ids for UserAssigned', () => {
    expect(body('azurerm_mysql_flexible_server', {}).identity).toEqual({ type: 'None' });
    expect(body('azurerm_mysql_flexible_server', { identity: { type: 'UserAssigned', identity_ids: ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u'] } }).identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: { '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u': {} } });
  });
});

describe('Cosmos DB, Service Bus, Event Grid', () => {
  const cosmos = { offer_type: 'Standard', consistency_policy: { consistency_level: 'Session' }, geo_location: [{ location: 'West Europe', failover_priority: 0 }] };

  it('Cosmos backup: null without the block, Periodic with zero values, Continuous with its tier', () => {
    expect(props(body('azurerm_cosmosdb_account', cosmos)).backupPolicy).toBeNull();
    expect(props(body('azurerm_cosmosdb_account', { ...cosmos, backup: { type: 'Periodic', storage_redundancy: 'Local' } })).backupPolicy).toEqual({ type: 'Periodic', periodicModeProperties: { backupIntervalInMinutes: 0, backupRetentionIntervalInHours: 0, backupStorageRedundancy: 'Local' } });
    expect(props(body('azurerm_cosmosdb_account', { ...cosmos, backup: { type: 'Continuous', tier: 'Continuous7Days' } })).backupPolicy).toEqual({ type: 'Continuous', continuousModeProperties: { tier: 'Continuous7Days' } });
  });

  it('Cosmos: locations are normalised, consistency zero values become the defaults, CORS lists are joined', () => {
    const p = props(body('azurerm_cosmosdb_account', { ...cosmos, consistency_policy: { consistency_level: 'BoundedStaleness', max_interval_in_seconds: 0 }, cors_rule: { allowed_origins: ['https://a', 'https://b'], allowed_methods: ['GET'], allowed_headers: ['*'], exposed_headers: [] } }));
    expect(p.locations).toEqual([{ locationName: 'westeurope', failoverPriority: 0, isZoneRedundant: false }]);
    expect(p.consistencyPolicy).toEqual({ defaultConsistencyLevel: 'BoundedStaleness', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 });
    expect(p.cors).toEqual([{ allowedOrigins: 'https://a,https://b', allowedMethods: 'GET', allowedHeaders: '*', exposedHeaders: '' }]);
  });

  it('Service Bus customer-managed key: key name, version and vault URL split from the key id', () => {
    const p = props(body('azurerm_servicebus_namespace', { sku: 'Premium', capacity: 1, premium_messaging_partitions: 1, customer_managed_key: { key_vault_key_id: 'https://kv1.vault.azure.net/keys/cmk/abc', identity_id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u' } }, 'Microsoft.ServiceBus/namespaces'));
    expect(p.encryption).toEqual({ keySource: 'Microsoft.KeyVault', requireInfrastructureEncryption: false, keyVaultProperties: [{ keyName: 'cmk', keyVersion: 'abc', keyVaultUri: 'https://kv1.vault.azure.net/', identity: { userAssignedIdentity: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u' } }] });
  });

  it('Event Grid input mapping: topics keep the source field beside its default value, domains replace it', () => {
    const mapping = { input_schema: 'CustomEventSchema', input_mapping_fields: { subject: 'mySubject', event_type: 'myType' }, input_mapping_default_values: { subject: 'dflt' } };
    expect(props(body('azurerm_eventgrid_topic', mapping)).inputSchemaMapping).toEqual({ inputSchemaMappingType: 'Json', properties: { subject: { defaultValue: 'dflt', sourceField: 'mySubject' }, eventType: { sourceField: 'myType' } } });
    expect(props(body('azurerm_eventgrid_domain', mapping)).inputSchemaMapping).toEqual({ inputSchemaMappingType: 'Json', properties: { subject: { defaultValue: 'dflt' }, eventType: { sourceField: 'myType' } } });
  });

  it('Event Grid inbound IP rules: Allow by default; not sent when there are none', () => {
    expect(props(body('azurerm_eventgrid_topic', { inbound_ip_rule: [{ ip_mask: '10.0.0.0/8' }] })).inboundIpRules).toEqual([{ action: 'Allow', ipMask: '10.0.0.0/8' }]);
    expect(props(body('azurerm_eventgrid_topic', {})).inboundIpRules).toBeUndefined();
  });
});

describe('Redis, App Configuration, IoT Hub, Data Explorer, Automation', () => {
  it('Redis: authnotrequired only for a cache in a subnet; backup settings only for Premium; memory settings not for Basic', () => {
    const subnet = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/redis';
    const premium = props(body('azurerm_redis_cache', { capacity: 1, family: 'P', sku_name: 'Premium', subnet_id: subnet, redis_configuration: { authentication_enabled: false, rdb_backup_enabled: false, maxmemory_reserved: 10 } }));
    expect(premium.redisConfiguration).toEqual({ 'maxmemory-reserved': '10', 'maxmemory-policy': 'volatile-lru', 'preferred-data-persistence-auth-method': '', 'rdb-backup-enabled': 'false', authnotrequired: 'yes' });
    const basic = props(body('azurerm_redis_cache', { capacity: 0, family: 'C', sku_name: 'Basic', redis_configuration: { maxmemory_reserved: 10, rdb_backup_enabled: false, active_directory_authentication_enabled: true } }));
    expect(basic.redisConfiguration).toEqual({ 'maxmemory-policy': 'volatile-lru', 'preferred-data-persistence-auth-method': '', 'aad-enabled': 'true' });
  });

  it('App Configuration: public network access is normalised; soft delete retention only when not 7', () => {
    const p = props(body('azurerm_app_configuration', { sku: 'standard', public_network_access: 'disabled', soft_delete_retention_days: 1 }));
    expect(p.publicNetworkAccess).toBe('Disabled');
    expect(p.softDeleteRetentionInDays).toBe(1);
    expect(props(body('azurerm_app_configuration', { soft_delete_retention_days: 7 })).softDeleteRetentionInDays).toBeUndefined();
  });

  it('IoT Hub identity: ArmIdentity with user-assigned ids only when given; network rule set defaults', () => {
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u';
    const b = body('azurerm_iothub', { sku: { name: 'S1', capacity: 1 }, identity: { type: 'SystemAssigned, UserAssigned', identity_ids: [id] }, network_rule_set: { ip_rule: [{ name: 'r', ip_mask: '10.0.0.0/8' }] } });
    expect(b.identity).toEqual({ type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [id]: {} } });
    expect(props(b).networkRuleSets).toEqual({ defaultAction: 'Deny', applyToBuiltInEventHubEndpoint: false, ipRules: [{ filterName: 'r', action: 'Allow', ipMask: '10.0.0.0/8' }] });
  });

  it('IoT Hub file upload: the $default storage endpoint and the file notification queue with their defaults', () => {
    const p = props(body('azurerm_iothub', { sku: { name: 'S1', capacity: 1 }, file_upload: { connection_string: 'cs', container_name: 'c', notifications: true } }));
    expect(p.storageEndpoints).toEqual({ $default: { authenticationType: 'keyBased', connectionString: 'cs', containerName: 'c', sasTtlAsIso8601: 'PT1H' } });
    expect(p.messagingEndpoints).toEqual({ fileNotifications: { lockDurationAsIso8601: 'PT1M', ttlAsIso8601: 'PT1H', maxDeliveryCount: 10 } });
    expect(p.enableFileUploadNotifications).toBe(true);
  });

  it('Kusto: the Dev(No SLA) prefix is the Basic tier; optimized auto scale clamps the capacity', () => {
    expect(body('azurerm_kusto_cluster', { sku: { name: 'Dev(No SLA)_Standard_E2a_v4', capacity: 1 } }).sku).toEqual({ name: 'Dev(No SLA)_Standard_E2a_v4', tier: 'Basic', capacity: 1 });
    const b = body('azurerm_kusto_cluster', { sku: { name: 'Standard_E2ads_v5', capacity: 1 }, optimized_auto_scale: { minimum_instances: 2, maximum_instances: 4 } });
    expect(b.sku).toEqual({ name: 'Standard_E2ads_v5', tier: 'Standard', capacity: 2 });
    expect(props(b).optimizedAutoscale).toEqual({ version: 1, isEnabled: true, minimum: 2, maximum: 4 });
  });

  it('Automation: a customer-managed key is split into name, version and vault URI', () => {
    const p = props(body('azurerm_automation_account', { sku_name: 'Basic', encryption: { key_vault_key_id: 'https://kv1.vault.azure.net/keys/cmk' } }));
    expect(p.encryption).toEqual({ keySource: 'Microsoft.Keyvault', keyVaultProperties: { keyName: 'cmk', keyVersion: '', keyvaultUri: 'https://kv1.vault.azure.net/' } });
  });
});

describe('hostile and unknown input never throws', () => {
  // JSON.parse makes `__proto__` an own key, as in a hostile input file.
  const shapes: unknown[] = [42, 'text', true, [], [42], ['x'], {}, JSON.parse('{"__proto__": {"polluted": true}}'), JSON.parse('[{"__proto__": {"polluted": true}, "type": "x"}]'), null, '${unknown_function()}', '${azurerm_subnet.s.id}', [{ type: 'AzureIotHub.EventHub', name: 'e' }, 'y']];

  it.each(DATA_SERVICES_MAPPINGS.map((m) => [m.terraformType]))('%s', (type) => {
    const mapping = DATA_SERVICES_MAPPINGS.find((m) => m.terraformType === type)!;
    const args = new Set<string>();
    const collect = (fields: readonly { arg?: string; reads?: readonly string[]; block?: { fields: readonly unknown[] } }[]): void => {
      for (const f of fields) {
        if (f.arg) args.add(f.arg);
        f.reads?.forEach((a) => args.add(a));
      }
    };
    collect(mapping.fields);
    for (const c of mapping.children ?? []) if ('fields' in c) collect(c.fields);
    for (const m of mapping.merge ?? []) if (m.value !== 'self') collect(m.value);
    for (const shape of shapes) {
      const resource: Record<string, unknown> = { name: 'x', resource_group_name: RG, location: 'westeurope', server_id: '${azurerm_mssql_server.s.id}', storage_account_id: '${azurerm_storage_account.s.id}' };
      for (const a of args) resource[a] = shape;
      expect(() => translateJson({ provider, resource: { [type]: { x: resource } } })).not.toThrow();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
