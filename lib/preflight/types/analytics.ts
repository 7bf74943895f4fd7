/**
 * Data and analytics workspaces: Data Factory, Databricks and Synapse. Read from internal/services/datafactory/,
 * internal/services/databricks/ and internal/services/synapse/ at azurerm v4.55.0.
 */
import { ArmValue, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown, put } from '../values';
import { identity, obj, rgId } from './common';
import { enabledDisabled, firstBlock, parseNestedItemId, rawBool, rawString, subscriptionOf } from './edge-common';

const DF = 'internal/services/datafactory/data_factory_resource.go';

export const dataFactory: ResourceMapping = {
  terraformType: 'azurerm_data_factory',
  armType: 'Microsoft.DataFactory/factories',
  apiVersion: '2018-06-01',
  source: `${DF} (resourceDataFactoryCreateUpdate, expandDataFactoryGlobalParameters)`,
  id: rgId('Microsoft.DataFactory/factories'),
  fields: [
    identity('legacySystemAndUserMap', 'none'),
    { to: 'properties.publicNetworkAccess', arg: 'public_network_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    { to: 'properties.purviewConfiguration.purviewResourceId', arg: 'purview_id', omitEmpty: true },
    {
      // The key id split by go-azure-helpers' ParseNestedItemID; the identity as given ("" when unset).
      to: 'properties.encryption',
      reads: ['customer_managed_key_id', 'customer_managed_key_identity_id'],
      compute: (ctx) => {
        const id = ctx.get('customer_managed_key_id');
        if (id === undefined || id === '') return OMIT;
        const key = parseNestedItemId(id);
        const uai = ctx.get('customer_managed_key_identity_id') ?? '';
        return obj({
          vaultBaseUrl: key ? key.baseUrl : UNKNOWN,
          keyName: key ? key.name : UNKNOWN,
          keyVersion: key ? key.version : UNKNOWN,
          identity: obj({ userAssignedIdentity: uai }),
        });
      },
    },
    {
      // expandDataFactoryGlobalParameters: a map by name ({} when none).
      to: 'properties.globalParameters',
      reads: ['global_parameter'],
      compute: (ctx) => {
        const raw = ctx.raw('global_parameter');
        const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
        const out = obj({});
        for (const item of list) {
          if (item === null || typeof item !== 'object' || Array.isArray(item) || isUnknown(item)) return UNKNOWN;
          const p = item as Record<string, unknown>;
          const name = rawString(p.name);
          if (typeof name !== 'string') return UNKNOWN;
          put(out, name, obj({ type: rawString(p.type), value: rawString(p.value) }));
        }
        return out;
      },
    },
    // FactoryProperties.RepoConfiguration has no omitempty: the create body holds "repoConfiguration": null.
    { to: 'properties.repoConfiguration', value: null },
  ],
  afterCreate: ['github_configuration', 'vsts_configuration'],
  check: (ctx) => {
    if (ctx.has('github_configuration') || ctx.has('vsts_configuration')) {
      ctx.note('the Git repository is configured after create by the configureFactoryRepo action, which Azure Policy does not evaluate: the create request has no repoConfiguration (a policy requiring one flags the create; compliance scans see the repository)');
    }
  },
  children: [
    {
      // managed_virtual_network_enabled: PUT managedVirtualNetworks/default with empty properties after the factory.
      armType: 'Microsoft.DataFactory/factories/managedVirtualNetworks',
      name: 'default',
      segment: 'managedVirtualNetworks',
      source: `${DF} (resourceDataFactoryCreateUpdate)`,
      when: (ctx) => ctx.get('managed_virtual_network_enabled', 'bool') === true,
      fields: [{ to: 'properties', value: {} }],
    },
  ],
};

const DB = 'internal/services/databricks/databricks_workspace_resource.go';

/** custom_parameters block arguments sent as `{value: <string>}` when not empty, by ARM parameter name. */
const DATABRICKS_STRING_PARAMETERS: readonly (readonly [string, string])[] = [
  ['machine_learning_workspace_id', 'amlWorkspaceId'],
  ['nat_gateway_name', 'natGatewayName'],
  ['public_ip_name', 'publicIpName'],
  ['storage_account_name', 'storageAccountName'],
  ['storage_account_sku_name', 'storageAccountSkuName'],
  ['vnet_address_prefix', 'vnetAddressPrefix'],
  ['public_subnet_name', 'customPublicSubnetName'],
  ['private_subnet_name', 'customPrivateSubnetName'],
  ['virtual_network_id', 'customVirtualNetworkId'],
];

/**
 * expandWorkspaceCustomParameters: without a custom_parameters block only the two encryption flags are sent (so
 * enableNoPublicIp is absent from the request); with it, every set string parameter, enableNoPublicIp (schema default
 * true) and the load balancer parameters derived from load_balancer_backend_address_pool_id.
 */
function databricksParameters(ctx: FieldContext): ArmValue {
  const cmk = ctx.get('customer_managed_key_enabled', 'bool') ?? false;
  const infra = ctx.get('infrastructure_encryption_enabled', 'bool') ?? false;
  const p = obj({});
  const b = firstBlock(ctx, 'custom_parameters');
  if (isUnknown(b)) return UNKNOWN;
  if (b !== undefined) {
    const pool = ctx.get('load_balancer_backend_address_pool_id');
    if (isUnknown(pool)) {
      p.loadBalancerBackendPoolName = UNKNOWN;
      p.loadBalancerId = UNKNOWN;
    } else if (typeof pool === 'string' && pool !== '') {
      const m = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/loadBalancers\/[^/]+)\/backendAddressPools\/([^/]+)$/i.exec(pool);
      p.loadBalancerBackendPoolName = obj({ value: m ? m[2] : UNKNOWN });
      p.loadBalancerId = obj({ value: m ? m[1] : UNKNOWN });
    }
    for (const [arg, name] of DATABRICKS_STRING_PARAMETERS) {
      const v = rawString(b[arg]);
      if (isUnknown(v)) p[name] = UNKNOWN;
      else if (v !== '') p[name] = obj({ value: v });
    }
    p.enableNoPublicIp = obj({ value: rawBool(b.no_public_ip, true) });
  }
  p.prepareEncryption = obj({ value: cmk });
  p.requireInfrastructureEncryption = obj({ value: infra });
  return p;
}

/** The managed services / managed disk CMK entities (keyVaultParse.ParseNestedItemID: base URL with a trailing slash). */
function databricksEncryption(ctx: FieldContext): ArmValue | typeof OMIT {
  const services = ctx.get('managed_services_cmk_key_vault_key_id');
  const disk = ctx.get('managed_disk_cmk_key_vault_key_id');
  const set = (v: ArmValue | undefined): boolean => v !== undefined && v !== '';
  if (!set(services) && !set(disk)) return OMIT;
  const kv = (v: ArmValue | undefined): ArmValue => {
    const key = parseNestedItemId(v, true);
    return key ? obj({ keyName: key.name, keyVersion: key.version, keyVaultUri: key.baseUrl }) : obj({ keyName: UNKNOWN, keyVersion: UNKNOWN, keyVaultUri: UNKNOWN });
  };
  const entities = obj({});
  if (set(services)) entities.managedServices = obj({ keySource: 'Microsoft.Keyvault', keyVaultProperties: kv(services) });
  if (set(disk)) {
    const d = obj({ keySource: 'Microsoft.Keyvault', keyVaultProperties: kv(disk) });
    const rotation = ctx.get('managed_disk_cmk_rotation_to_latest_version_enabled', 'bool');
    if (rotation === true || isUnknown(rotation)) d.rotationToLatestKeyVersionEnabled = rotation;
    entities.managedDisk = d;
  }
  return obj({ entities });
}

export const databricksWorkspace: ResourceMapping = {
  terraformType: 'azurerm_databricks_workspace',
  armType: 'Microsoft.Databricks/workspaces',
  apiVersion: '2024-05-01',
  source: `${DB} (resourceDatabricksWorkspaceCreate, expandWorkspaceCustomParameters, expandWorkspaceEnhancedSecurity)`,
  id: rgId('Microsoft.Databricks/workspaces'),
  fields: [
    { to: 'sku.name', arg: 'sku', required: true, default: '' },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    {
      // Without managed_resource_group_name: databricks-rg-<resource group>.
      to: 'properties.managedResourceGroupId',
      reads: ['managed_resource_group_name', 'resource_group_name'],
      compute: (ctx) => {
        const sub = subscriptionOf(ctx);
        let name = ctx.get('managed_resource_group_name') ?? '';
        if (name === '') {
          const rg = ctx.get('resource_group_name');
          name = typeof rg === 'string' ? `databricks-rg-${rg}` : UNKNOWN;
        }
        return typeof sub === 'string' && typeof name === 'string' ? `/subscriptions/${sub}/resourceGroups/${name}` : UNKNOWN;
      },
    },
    {
      to: 'properties.parameters',
      reads: ['custom_parameters', 'customer_managed_key_enabled', 'infrastructure_encryption_enabled', 'load_balancer_backend_address_pool_id'],
      compute: databricksParameters,
    },
    {
      // The access connector's identity is read from Azure at apply time.
      to: 'properties.accessConnector',
      reads: ['default_storage_firewall_enabled', 'access_connector_id'],
      compute: (ctx) => {
        const on = ctx.get('default_storage_firewall_enabled', 'bool');
        if (on === undefined || on === false) return OMIT;
        if (isUnknown(on)) return UNKNOWN;
        return obj({ id: ctx.get('access_connector_id') ?? '', identityType: UNKNOWN, userAssignedIdentityId: UNKNOWN });
      },
    },
    { to: 'properties.defaultStorageFirewall', arg: 'default_storage_firewall_enabled', type: 'bool', map: (v) => (v === true ? 'Enabled' : OMIT) },
    { to: 'properties.requiredNsgRules', arg: 'network_security_group_rules_required', omitEmpty: true },
    {
      to: 'properties.encryption',
      reads: ['managed_services_cmk_key_vault_key_id', 'managed_disk_cmk_key_vault_key_id', 'managed_disk_cmk_rotation_to_latest_version_enabled', 'managed_services_cmk_key_vault_id', 'managed_disk_cmk_key_vault_id'],
      compute: databricksEncryption,
    },
    {
      to: 'properties.enhancedSecurityCompliance',
      arg: 'enhanced_security_compliance',
      block: {
        fields: [
          { to: 'automaticClusterUpdate.value', arg: 'automatic_cluster_update_enabled', type: 'bool', default: 'Disabled', map: enabledDisabled },
          { to: 'enhancedSecurityMonitoring.value', arg: 'enhanced_security_monitoring_enabled', type: 'bool', default: 'Disabled', map: enabledDisabled },
          { to: 'complianceSecurityProfile.value', arg: 'compliance_security_profile_enabled', type: 'bool', default: 'Disabled', map: enabledDisabled },
          {
            to: 'complianceSecurityProfile.complianceStandards',
            reads: ['compliance_security_profile_standards', 'compliance_security_profile_enabled'],
            compute: (ctx) => {
              const standards = ctx.get('compliance_security_profile_standards', 'strings') ?? [];
              const on = ctx.get('compliance_security_profile_enabled', 'bool') ?? false;
              if (isUnknown(standards) || isUnknown(on)) return UNKNOWN;
              return on === true && Array.isArray(standards) && standards.length === 0 ? ['NONE'] : standards;
            },
          },
        ],
      },
    },
  ],
};

const SY = 'internal/services/synapse/synapse_workspace_resource.go';

/** expandArmWorkspaceDataLakeStorageAccountDetails: the filesystem URL split into the account URL and the filesystem. */
function dataLakeStorage(v: ArmValue | undefined): ArmValue {
  if (v === undefined) return obj({ accountUrl: '://', filesystem: '' });
  if (typeof v !== 'string') return obj({ accountUrl: UNKNOWN, filesystem: UNKNOWN });
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(\/[^?#]*)?/i.exec(v);
  if (!m) return obj({ accountUrl: '://', filesystem: v.replace(/^\//, '') });
  return obj({ accountUrl: `${m[1]}://${m[2]}`, filesystem: (m[3] ?? '').replace(/^\//, '') });
}

export const synapseWorkspace: ResourceMapping = {
  terraformType: 'azurerm_synapse_workspace',
  armType: 'Microsoft.Synapse/workspaces',
  apiVersion: '2021-06-01',
  source: `${SY} (resourceSynapseWorkspaceCreate, expandArmWorkspaceDataLakeStorageAccountDetails, expandWorkspaceRepositoryConfiguration, expandEncryptionDetails, expandIdentity, expandIdentityControlSQLSettings; azure-sdk-for-go preview/synapse/mgmt/v2.0)`,
  id: rgId('Microsoft.Synapse/workspaces'),
  fields: [
    { to: 'properties.defaultDataLakeStorage', reads: ['storage_data_lake_gen2_filesystem_id'], compute: (ctx) => dataLakeStorage(ctx.get('storage_data_lake_gen2_filesystem_id')) },
    // pointer.To("default" or ""): the property is always sent.
    { to: 'properties.managedVirtualNetwork', arg: 'managed_virtual_network_enabled', type: 'bool', default: '', map: (v) => (v === true ? 'default' : '') },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    { to: 'properties.sqlAdministratorLogin', arg: 'sql_administrator_login', default: '' },
    { to: 'properties.sqlAdministratorLoginPassword', arg: 'sql_administrator_login_password', default: '' },
    { to: 'properties.managedResourceGroupName', arg: 'managed_resource_group_name', default: '' },
    {
      // Azure DevOps, else GitHub, else an empty configuration ("API won't clear an existing repository config with nil").
      to: 'properties.workspaceRepositoryConfiguration',
      reads: ['azure_devops_repo', 'github_repo'],
      compute: (ctx) => {
        const azdo = firstBlock(ctx, 'azure_devops_repo');
        const gh = firstBlock(ctx, 'github_repo');
        if (isUnknown(azdo) || isUnknown(gh)) return UNKNOWN;
        if (azdo !== undefined) {
          const out = obj({ type: 'WorkspaceVSTSConfiguration', accountName: rawString(azdo.account_name), collaborationBranch: rawString(azdo.branch_name), lastCommitId: rawString(azdo.last_commit_id), projectName: rawString(azdo.project_name), repositoryName: rawString(azdo.repository_name), rootFolder: rawString(azdo.root_folder) });
          const tenant = rawString(azdo.tenant_id);
          if (isUnknown(tenant) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenant as string) && !/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(tenant as string)) out.tenantId = tenant;
          return out;
        }
        if (gh !== undefined) return obj({ type: 'WorkspaceGitHubConfiguration', accountName: rawString(gh.account_name), collaborationBranch: rawString(gh.branch_name), hostName: rawString(gh.git_url), lastCommitId: rawString(gh.last_commit_id), repositoryName: rawString(gh.repository_name), rootFolder: rawString(gh.root_folder) });
        return obj({});
      },
    },
    {
      to: 'properties.encryption.cmk',
      arg: 'customer_managed_key',
      block: {
        fields: [
          { to: 'key.name', arg: 'key_name', default: 'cmk' },
          { to: 'key.keyVaultUrl', arg: 'key_versionless_id', required: true, default: '' },
          { to: 'kekIdentity', arg: 'user_assigned_identity_id', omitEmpty: true, map: (v) => obj({ userAssignedIdentity: v, useSystemAssignedIdentity: false }) },
        ],
      },
    },
    { to: 'properties.azureADOnlyAuthentication', arg: 'azuread_authentication_only', type: 'bool', default: false },
    {
      // expandIdentity: a Track 1 ManagedIdentity ({type}, userAssignedIdentities only when there are some).
      to: 'identity',
      reads: ['identity'],
      compute: (ctx) => {
        const b = firstBlock(ctx, 'identity');
        if (b === undefined) return obj({ type: 'None' });
        if (isUnknown(b)) return UNKNOWN;
        const t = typeof b.type === 'string' ? b.type : UNKNOWN;
        if (isUnknown(t)) return obj({ type: UNKNOWN });
        const type = ['SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned'].includes(t) ? t : 'None';
        const out = obj({ type });
        const ids = b.identity_ids;
        if (type !== 'SystemAssigned' && type !== 'None' && ids !== undefined && ids !== null) {
          if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string')) out.userAssignedIdentities = UNKNOWN;
          else if (ids.length > 0) out.userAssignedIdentities = obj(Object.fromEntries((ids as string[]).map((i) => [i, obj({})])));
        }
        return out;
      },
    },
    { to: 'properties.purviewConfiguration.purviewResourceId', arg: 'purview_id', omitEmpty: true },
    { to: 'properties.virtualNetworkProfile.computeSubnetId', arg: 'compute_subnet_id', omitEmpty: true },
    { to: 'properties.managedVirtualNetworkSettings.preventDataExfiltration', arg: 'data_exfiltration_protection_enabled', type: 'bool', map: (v) => (v === true ? true : isUnknown(v) ? UNKNOWN : OMIT) },
    { to: 'properties.managedVirtualNetworkSettings.allowedAadTenantIdsForLinking', arg: 'linking_allowed_for_aad_tenant_ids', type: 'strings', omitEmpty: true },
  ],
  children: [
    {
      // Always a second request after create: whether the workspace identity gets control of the SQL pools.
      armType: 'Microsoft.Synapse/workspaces/managedIdentitySqlControlSettings',
      name: 'default',
      segment: 'managedIdentitySqlControlSettings',
      source: `${SY} (resourceSynapseWorkspaceCreate, expandIdentityControlSQLSettings)`,
      when: () => true,
      fields: [{ to: 'properties.grantSqlControlToManagedIdentity.desiredState', arg: 'sql_identity_control_enabled', type: 'bool', default: 'Disabled', map: enabledDisabled }],
    },
  ],
};

export const ANALYTICS_MAPPINGS: readonly ResourceMapping[] = [dataFactory, databricksWorkspace, synapseWorkspace];
