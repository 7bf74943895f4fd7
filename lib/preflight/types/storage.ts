/**
 * Microsoft.Storage: storage accounts (and their blobServices request). Read from
 * internal/services/storage/storage_account_resource.go and storage_account_helpers_network.go (azurerm v4.55.0).
 */
import { ArmValue, Field, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { edgeZone, identity, obj, rgId } from './common';

const S = 'internal/services/storage/storage_account_resource.go';

/** Kinds for which azurerm sends accessTier (storageKindsSupportsSkuTier), defaulting to Hot. */
const KINDS_WITH_ACCESS_TIER = new Set(['BlobStorage', 'FileStorage', 'StorageV2']);

function kindOf(ctx: FieldContext): ArmValue {
  return ctx.get('account_kind') ?? 'StorageV2';
}

function block(ctx: FieldContext, arg: string): Record<string, unknown> | undefined | typeof UNKNOWN {
  const raw = ctx.raw(arg);
  const b = Array.isArray(raw) ? raw[0] : raw;
  if (b === undefined || b === null) return undefined;
  if (isUnknown(b) || typeof b !== 'object' || Array.isArray(b)) return UNKNOWN;
  return b as Record<string, unknown>;
}

/** expandAccountNetworkRules: without the block azurerm sends Allow + AzureServices and empty rule lists. */
const networkRules: Field = {
  to: 'properties.networkAcls',
  arg: 'network_rules',
  block: {
    absent: () => obj({ bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], resourceAccessRules: [], virtualNetworkRules: [] }),
    fields: [
      // expandAccountNetworkRuleBypass joins the set with ", "; an empty set sends no bypass.
      { to: 'bypass', arg: 'bypass', type: 'strings', omitEmpty: true, map: (v) => (Array.isArray(v) ? (v.some(isUnknown) ? UNKNOWN : v.join(', ')) : v) },
      { to: 'defaultAction', arg: 'default_action', required: true, default: '' },
      { to: 'ipRules', arg: 'ip_rules', type: 'strings', default: [], map: (v) => (Array.isArray(v) ? v.map((value) => obj({ action: 'Allow', value })) : v) },
      {
        to: 'resourceAccessRules',
        arg: 'private_link_access',
        block: {
          list: true,
          emptyList: true,
          fields: [
            { to: 'resourceId', arg: 'endpoint_resource_id', default: '' },
            { to: 'tenantId', arg: 'endpoint_tenant_id', default: (c) => c.instance.tenantId ?? UNKNOWN, map: (v, c) => (v === '' ? (c.instance.tenantId ?? UNKNOWN) : v) },
          ],
        },
      },
      { to: 'virtualNetworkRules', arg: 'virtual_network_subnet_ids', type: 'strings', default: [], map: (v) => (Array.isArray(v) ? v.map((id) => obj({ id, action: 'Allow' })) : v) },
    ],
  },
};

/** expandAccountCustomerManagedKey (the key vault is looked up at apply time: the key URI parts come from the key id). */
const encryption: Field = {
  to: 'properties.encryption',
  reads: ['customer_managed_key', 'queue_encryption_key_type', 'table_encryption_key_type', 'infrastructure_encryption_enabled'],
  compute: (ctx) => {
    const queue = ctx.get('queue_encryption_key_type') ?? 'Service';
    const table = ctx.get('table_encryption_key_type') ?? 'Service';
    const cmk = block(ctx, 'customer_managed_key');
    let enc;
    if (cmk === undefined) {
      enc = obj({ keySource: 'Microsoft.Storage', services: obj({ queue: obj({ keyType: queue }), table: obj({ keyType: table }) }) });
    } else if (isUnknown(cmk)) return UNKNOWN;
    else {
      const keyId = typeof cmk.key_vault_key_id === 'string' && cmk.key_vault_key_id ? cmk.key_vault_key_id : typeof cmk.managed_hsm_key_id === 'string' && cmk.managed_hsm_key_id ? cmk.managed_hsm_key_id : undefined;
      const parts = keyId ? /^(https:\/\/[^/]+)\/keys\/([^/]+)(?:\/([^/]*))?\/?$/i.exec(keyId) : null;
      const known = cmk.key_vault_key_id === undefined || typeof cmk.key_vault_key_id === 'string';
      enc = obj({
        services: obj({
          blob: obj({ enabled: true, keyType: 'Account' }),
          file: obj({ enabled: true, keyType: 'Account' }),
          queue: obj({ keyType: queue }),
          table: obj({ keyType: table }),
        }),
        identity: obj({ userAssignedIdentity: typeof cmk.user_assigned_identity_id === 'string' ? cmk.user_assigned_identity_id : UNKNOWN }),
        keySource: 'Microsoft.Keyvault',
        keyvaultproperties: parts && known
          ? obj({ keyname: parts[2], keyversion: parts[3] ?? '', keyvaulturi: parts[1] + '/' })
          : obj({ keyname: UNKNOWN, keyversion: UNKNOWN, keyvaulturi: UNKNOWN }),
      });
    }
    const infra = ctx.get('infrastructure_encryption_enabled', 'bool');
    if (infra === true || isUnknown(infra)) enc.requireInfrastructureEncryption = infra;
    return enc;
  },
};

export const storageAccount: ResourceMapping = {
  terraformType: 'azurerm_storage_account',
  armType: 'Microsoft.Storage/storageAccounts',
  apiVersion: '2023-05-01',
  source: `${S} (resourceStorageAccountCreate, expandAccountNetworkRules, expandAccountCustomerManagedKey, expandAccountBlobServiceProperties)`,
  id: rgId('Microsoft.Storage/storageAccounts'),
  fields: [
    edgeZone(),
    { to: 'kind', arg: 'account_kind', default: 'StorageV2' },
    identity('legacySystemAndUserMap', 'none'),
    {
      to: 'sku.name',
      reads: ['account_tier', 'provisioned_billing_model_version', 'account_replication_type'],
      compute: (ctx) => {
        const tier = ctx.get('account_tier');
        const version = ctx.get('provisioned_billing_model_version') ?? '';
        const repl = ctx.get('account_replication_type');
        if (tier === undefined) ctx.note('required argument account_tier is not set');
        if (repl === undefined) ctx.note('required argument account_replication_type is not set');
        if (typeof tier !== 'string' || typeof version !== 'string' || typeof repl !== 'string') return UNKNOWN;
        return `${tier}${version}_${repl}`;
      },
    },
    { to: 'sku.tier', arg: 'account_tier', default: UNKNOWN },
    { to: 'properties.allowBlobPublicAccess', arg: 'allow_nested_items_to_be_public', type: 'bool', default: true, legacyArgs: ['allow_blob_public_access'] },
    { to: 'properties.allowCrossTenantReplication', arg: 'cross_tenant_replication_enabled', type: 'bool', default: false },
    { to: 'properties.allowSharedKeyAccess', arg: 'shared_access_key_enabled', type: 'bool', default: true },
    { to: 'properties.dnsEndpointType', arg: 'dns_endpoint_type', default: 'Standard' },
    { to: 'properties.defaultToOAuthAuthentication', arg: 'default_to_oauth_authentication', type: 'bool', default: false },
    { to: 'properties.supportsHttpsTrafficOnly', arg: 'https_traffic_only_enabled', type: 'bool', default: true, legacyArgs: ['enable_https_traffic_only'] },
    { to: 'properties.isNfsV3Enabled', arg: 'nfsv3_enabled', type: 'bool', default: false },
    { to: 'properties.isHnsEnabled', arg: 'is_hns_enabled', type: 'bool', default: false },
    { to: 'properties.isLocalUserEnabled', arg: 'local_user_enabled', type: 'bool', default: true },
    { to: 'properties.isSftpEnabled', arg: 'sftp_enabled', type: 'bool', default: false },
    { to: 'properties.minimumTlsVersion', arg: 'min_tls_version', default: 'TLS1_2' },
    networkRules,
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    {
      to: 'properties.sasPolicy',
      arg: 'sas_policy',
      block: { fields: [{ to: 'expirationAction', arg: 'expiration_action', default: 'Log' }, { to: 'sasExpirationPeriod', arg: 'expiration_period', default: '' }] },
    },
    { to: 'properties.allowedCopyScope', arg: 'allowed_copy_scope', omitEmpty: true },
    {
      to: 'properties.azureFilesIdentityBasedAuthentication',
      arg: 'azure_files_authentication',
      block: {
        fields: [
          { to: 'directoryServiceOptions', arg: 'directory_type', default: '' },
          {
            to: 'activeDirectoryProperties',
            arg: 'active_directory',
            block: {
              fields: [
                { to: 'domainGuid', arg: 'domain_guid' },
                { to: 'domainName', arg: 'domain_name' },
                { to: 'azureStorageSid', arg: 'storage_sid', omitEmpty: true },
                { to: 'domainSid', arg: 'domain_sid', omitEmpty: true },
                { to: 'forestName', arg: 'forest_name', omitEmpty: true },
                { to: 'netBiosDomainName', arg: 'netbios_domain_name', omitEmpty: true },
              ],
            },
          },
          {
            to: 'defaultSharePermission',
            reads: ['default_share_level_permission', 'directory_type'],
            compute: (c) => {
              const t = c.get('directory_type');
              if (isUnknown(t)) return UNKNOWN;
              return t === 'AD' || t === 'AADDS' || t === 'AADKERB' ? (c.get('default_share_level_permission') ?? 'None') : OMIT;
            },
          },
        ],
      },
    },
    { to: 'properties.customDomain', arg: 'custom_domain', block: { fields: [{ to: 'name', arg: 'name', default: '' }, { to: 'useSubDomainName', arg: 'use_subdomain', type: 'bool', default: false }] } },
    {
      to: 'properties.immutableStorageWithVersioning',
      arg: 'immutability_policy',
      block: {
        fields: [
          { to: 'enabled', value: true },
          { to: 'immutabilityPolicy.allowProtectedAppendWrites', arg: 'allow_protected_append_writes', type: 'bool', default: false },
          { to: 'immutabilityPolicy.immutabilityPeriodSinceCreationInDays', arg: 'period_since_creation_in_days', type: 'number', default: 0 },
          { to: 'immutabilityPolicy.state', arg: 'state', default: '' },
        ],
      },
    },
    {
      to: 'properties.accessTier',
      reads: ['access_tier', 'account_kind'],
      compute: (ctx) => {
        const kind = kindOf(ctx);
        if (isUnknown(kind)) return UNKNOWN;
        return KINDS_WITH_ACCESS_TIER.has(kind as string) ? (ctx.get('access_tier') ?? 'Hot') : OMIT;
      },
    },
    // Only `true` is sent (the API refuses "Disabled").
    { to: 'properties.largeFileSharesState', arg: 'large_file_share_enabled', type: 'bool', map: (v) => (v === true ? 'Enabled' : OMIT) },
    {
      to: 'properties.routingPreference',
      arg: 'routing',
      block: {
        fields: [
          { to: 'publishMicrosoftEndpoints', arg: 'publish_microsoft_endpoints', type: 'bool', default: false },
          { to: 'publishInternetEndpoints', arg: 'publish_internet_endpoints', type: 'bool', default: false },
          { to: 'routingChoice', arg: 'choice', default: 'MicrosoftRouting' },
        ],
      },
    },
    encryption,
  ],
  afterCreate: ['queue_properties', 'static_website', 'share_properties'],
  children: [
    {
      // expandAccountBlobServiceProperties: a PUT of blobServices/default after the account exists.
      armType: 'Microsoft.Storage/storageAccounts/blobServices',
      name: 'default',
      segment: 'blobServices',
      source: `${S} (expandAccountBlobServiceProperties)`,
      when: (ctx) => block(ctx, 'blob_properties') !== undefined,
      fields: [
        {
          to: 'properties',
          reads: ['blob_properties'],
          compute: (ctx) => {
            const b = block(ctx, 'blob_properties');
            if (b === undefined || isUnknown(b)) return UNKNOWN;
            const kind = kindOf(ctx);
            const bool = (v: unknown, d: boolean): ArmValue => (v === undefined || v === null ? d : typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN);
            const num = (v: unknown, d: number): ArmValue => (v === undefined || v === null ? d : typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : UNKNOWN);
            const policy = (raw: unknown, withPermanent: boolean): ArmValue => {
              const p = Array.isArray(raw) ? raw[0] : raw;
              if (p === undefined || p === null) return obj({ enabled: false });
              if (isUnknown(p) || typeof p !== 'object') return UNKNOWN;
              const o = p as Record<string, unknown>;
              return obj({ enabled: true, ...(withPermanent ? { allowPermanentDelete: bool(o.permanent_delete_enabled, false) } : {}), days: num(o.days, 7) });
            };
            const props = obj({
              cors: obj({ corsRules: corsRules(b.cors_rule) }),
              deleteRetentionPolicy: policy(b.delete_retention_policy, true),
              containerDeleteRetentionPolicy: policy(b.container_delete_retention_policy, false),
              isVersioningEnabled: bool(b.versioning_enabled, false),
            });
            if (typeof b.default_service_version === 'string' && b.default_service_version) props.defaultServiceVersion = b.default_service_version;
            if (isUnknown(kind)) return UNKNOWN;
            if (kind !== 'Storage') {
              props.lastAccessTimeTrackingPolicy = obj({ enable: bool(b.last_access_time_enabled, false) });
              props.changeFeed = obj({ enabled: bool(b.change_feed_enabled, false) });
              const days = num(b.change_feed_retention_in_days, 0);
              if (days !== 0) (props.changeFeed as Record<string, ArmValue>).retentionInDays = days;
              const r = Array.isArray(b.restore_policy) ? b.restore_policy[0] : b.restore_policy;
              props.restorePolicy = r === undefined || r === null ? obj({ enabled: false }) : obj({ enabled: true, days: num((r as Record<string, unknown>).days, 0) });
            }
            return props;
          },
        },
      ],
    },
  ],
};

/** expandAccountBlobPropertiesCors. */
function corsRules(raw: unknown): ArmValue {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return UNKNOWN;
  const strings = (v: unknown): ArmValue => (Array.isArray(v) ? v.map((e) => (typeof e === 'string' ? e : UNKNOWN)) : v === undefined || v === null ? [] : UNKNOWN);
  return raw.map((r) => {
    if (r === null || typeof r !== 'object' || isUnknown(r)) return UNKNOWN;
    const o = r as Record<string, unknown>;
    const age = o.max_age_in_seconds;
    return obj({
      allowedHeaders: strings(o.allowed_headers),
      allowedOrigins: strings(o.allowed_origins),
      allowedMethods: strings(o.allowed_methods),
      exposedHeaders: strings(o.exposed_headers),
      maxAgeInSeconds: typeof age === 'number' ? age : typeof age === 'string' && /^\d+$/.test(age) ? Number(age) : UNKNOWN,
    });
  });
}

const CONTAINER_ACCESS: Record<string, string> = { blob: 'Blob', container: 'Container', private: 'None' };

export const storageContainer: ResourceMapping = {
  terraformType: 'azurerm_storage_container',
  armType: 'Microsoft.Storage/storageAccounts/blobServices/containers',
  apiVersion: '2023-05-01',
  source: 'internal/services/storage/storage_container_resource.go (resourceStorageContainerCreate, containerAccessTypeConversionMap)',
  id: ['{storage_account_id:id}/blobServices/default/containers/{name}', '/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/Microsoft.Storage/storageAccounts/{storage_account_name}/blobServices/default/containers/{name}'],
  location: false,
  tags: false,
  fields: [
    { to: 'properties.publicAccess', arg: 'container_access_type', default: 'None', map: (v) => (typeof v === 'string' ? (CONTAINER_ACCESS[v] ?? '') : v) },
    { to: 'properties.metadata', arg: 'metadata', type: 'map', default: {} },
    { to: 'properties.defaultEncryptionScope', arg: 'default_encryption_scope', omitEmpty: true },
    {
      to: 'properties.denyEncryptionScopeOverride',
      reads: ['encryption_scope_override_enabled'],
      compute: (ctx) => {
        const scope = ctx.get('default_encryption_scope');
        if (scope === undefined || scope === '') return OMIT;
        const enabled = ctx.get('encryption_scope_override_enabled', 'bool') ?? true;
        return isUnknown(enabled) ? UNKNOWN : !enabled;
      },
    },
  ],
  otherArgs: ['storage_account_name'],
  check: (ctx) => {
    if (ctx.has('storage_account_name') && !ctx.has('storage_account_id')) {
      ctx.note('with storage_account_name (deprecated) azurerm creates the container through the blob data plane: Azure Policy does not evaluate that request (only later compliance scans see the container)');
    }
  },
};

export const STORAGE_MAPPINGS: readonly ResourceMapping[] = [storageAccount, storageContainer];
