/**
 * Azure AI services: Search services, Cognitive Services accounts (OpenAI is a kind of them) and Machine Learning
 * workspaces. Read from internal/services/search/, internal/services/cognitive/ and internal/services/machinelearning/
 * at azurerm v4.55.0.
 */
import { OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { identity, obj, rgId } from './common';
import { enabledDisabled, firstBlock, nonEmpty, not, objectsOf, onlyTrue, parseNestedItemId, rawString } from './edge-common';

export const searchService: ResourceMapping = {
  terraformType: 'azurerm_search_service',
  armType: 'Microsoft.Search/searchServices',
  apiVersion: '2025-05-01',
  source: 'internal/services/search/search_service_resource.go (resourceSearchServiceCreate, expandSearchServiceIPRules)',
  id: rgId('Microsoft.Search/searchServices'),
  fields: [
    { to: 'sku.name', arg: 'sku', required: true, default: '' },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    // NetworkRuleSet is always sent: the allowed IPs ([] when none) and the bypass option (schema default "None").
    { to: 'properties.networkRuleSet.ipRules', arg: 'allowed_ips', type: 'strings', default: [], map: objectsOf('value') },
    { to: 'properties.networkRuleSet.bypass', arg: 'network_rule_bypass_option', default: 'None' },
    { to: 'properties.encryptionWithCmk.enforcement', arg: 'customer_managed_key_enforcement_enabled', type: 'bool', default: 'Disabled', map: enabledDisabled },
    { to: 'properties.hostingMode', arg: 'hosting_mode', default: 'Default' },
    {
      // API keys only ({apiKeyOnly: {}}) by default; keys and Entra ID when a failure mode is set; nothing (RBAC only)
      // when local authentication is off.
      to: 'properties.authOptions',
      reads: ['local_authentication_enabled', 'authentication_failure_mode'],
      compute: (ctx) => {
        const local = ctx.get('local_authentication_enabled', 'bool') ?? true;
        const mode = ctx.get('authentication_failure_mode') ?? '';
        if (isUnknown(local)) return UNKNOWN;
        if (local === false) return OMIT;
        if (isUnknown(mode)) return UNKNOWN;
        return mode === '' ? obj({ apiKeyOnly: obj({}) }) : obj({ aadOrApiKey: obj({ aadAuthFailureMode: mode }) });
      },
    },
    { to: 'properties.disableLocalAuth', arg: 'local_authentication_enabled', type: 'bool', default: false, map: not },
    { to: 'properties.partitionCount', arg: 'partition_count', type: 'number', default: 1 },
    { to: 'properties.replicaCount', arg: 'replica_count', type: 'number', default: 1 },
    { to: 'properties.semanticSearch', arg: 'semantic_search_sku', default: 'disabled', map: (v) => (v === '' ? 'disabled' : v) },
    // ExpandSystemAndUserAssignedMap; a None identity is left out of the create request (issue #10151).
    identity('systemAndUserMap', 'omit'),
  ],
};

export const cognitiveAccount: ResourceMapping = {
  terraformType: 'azurerm_cognitive_account',
  armType: 'Microsoft.CognitiveServices/accounts',
  apiVersion: '2025-06-01',
  source: 'internal/services/cognitive/cognitive_account_resource.go (resourceCognitiveAccountCreate, expandCognitiveAccountNetworkAcls, expandCognitiveAccountAPIProperties, expandCognitiveAccountCustomerManagedKey, expandCognitiveAccountStorage, expandCognitiveAccountNetworkInjection)',
  id: rgId('Microsoft.CognitiveServices/accounts'),
  fields: [
    { to: 'kind', arg: 'kind', required: true, default: '' },
    { to: 'sku.name', arg: 'sku_name', required: true, default: '' },
    identity('systemAndUserMap', 'none'),
    {
      // expandCognitiveAccountAPIProperties: always an object; the QnA / Metrics Advisor settings only for their kinds.
      to: 'properties.apiProperties',
      reads: ['qna_runtime_endpoint', 'custom_question_answering_search_service_id', 'custom_question_answering_search_service_key', 'metrics_advisor_aad_client_id', 'metrics_advisor_aad_tenant_id', 'metrics_advisor_super_user_name', 'metrics_advisor_website_name'],
      compute: (ctx) => {
        const kind = ctx.get('kind');
        if (isUnknown(kind)) return UNKNOWN;
        const p = obj({});
        const put = (to: string, arg: string, forKind: string): void => {
          const v = ctx.get(arg);
          if (v !== undefined && v !== '' && kind === forKind) p[to] = v;
        };
        put('qnaRuntimeEndpoint', 'qna_runtime_endpoint', 'QnAMaker');
        put('qnaAzureSearchEndpointId', 'custom_question_answering_search_service_id', 'TextAnalytics');
        put('qnaAzureSearchEndpointKey', 'custom_question_answering_search_service_key', 'TextAnalytics');
        put('aadClientId', 'metrics_advisor_aad_client_id', 'MetricsAdvisor');
        put('aadTenantId', 'metrics_advisor_aad_tenant_id', 'MetricsAdvisor');
        put('superUser', 'metrics_advisor_super_user_name', 'MetricsAdvisor');
        put('websiteName', 'metrics_advisor_website_name', 'MetricsAdvisor');
        return p;
      },
    },
    {
      // Without the block no networkAcls are sent (the service allows all networks).
      to: 'properties.networkAcls',
      arg: 'network_acls',
      block: {
        fields: [
          { to: 'defaultAction', arg: 'default_action', required: true, default: '' },
          { to: 'ipRules', arg: 'ip_rules', type: 'strings', default: [], map: objectsOf('value') },
          {
            to: 'virtualNetworkRules',
            arg: 'virtual_network_rules',
            block: {
              list: true,
              emptyList: true,
              fields: [
                { to: 'id', arg: 'subnet_id', required: true, default: '' },
                { to: 'ignoreMissingVnetServiceEndpoint', arg: 'ignore_missing_vnet_service_endpoint', type: 'bool', default: false },
              ],
            },
          },
          { to: 'bypass', arg: 'bypass', omitEmpty: true },
        ],
      },
    },
    // pointer.To(d.Get(...)): "" when unset.
    { to: 'properties.customSubDomainName', arg: 'custom_subdomain_name', default: '' },
    { to: 'properties.allowedFqdnList', arg: 'fqdns', type: 'strings', default: [] },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    {
      to: 'properties.userOwnedStorage',
      arg: 'storage',
      block: { list: true, fields: [{ to: 'resourceId', arg: 'storage_account_id', required: true, default: '' }, { to: 'identityClientId', arg: 'identity_client_id', default: '' }] },
    },
    { to: 'properties.restrictOutboundNetworkAccess', arg: 'outbound_network_access_restricted', type: 'bool', default: false },
    { to: 'properties.disableLocalAuth', arg: 'local_auth_enabled', type: 'bool', default: false, map: not },
    { to: 'properties.dynamicThrottlingEnabled', arg: 'dynamic_throttling_enabled', type: 'bool', default: false },
    { to: 'properties.allowProjectManagement', arg: 'project_management_enabled', type: 'bool', default: false },
    {
      to: 'properties.networkInjections',
      arg: 'network_injection',
      block: { list: true, fields: [{ to: 'scenario', arg: 'scenario', required: true, default: '' }, { to: 'subnetArmId', arg: 'subnet_id', omitEmpty: true }] },
    },
    {
      // expandCognitiveAccountCustomerManagedKey: the key id split by go-azure-helpers' ParseNestedItemID.
      to: 'properties.encryption',
      arg: 'customer_managed_key',
      block: {
        fields: [
          { to: 'keySource', value: 'Microsoft.KeyVault' },
          {
            to: 'keyVaultProperties',
            reads: ['key_vault_key_id', 'identity_client_id'],
            compute: (ctx) => {
              const id = ctx.get('key_vault_key_id');
              const key = parseNestedItemId(id);
              const identityClientId = ctx.get('identity_client_id') ?? '';
              if (!key) return obj({ keyName: UNKNOWN, keyVersion: UNKNOWN, keyVaultUri: UNKNOWN, identityClientId });
              return obj({ keyName: key.name, keyVersion: key.version, keyVaultUri: key.baseUrl, identityClientId });
            },
          },
        ],
      },
    },
  ],
};

export const machineLearningWorkspace: ResourceMapping = {
  terraformType: 'azurerm_machine_learning_workspace',
  armType: 'Microsoft.MachineLearningServices/workspaces',
  apiVersion: '2025-06-01',
  source: 'internal/services/machinelearning/machine_learning_workspace_resource.go (resourceMachineLearningWorkspaceCreate, expandMachineLearningWorkspaceIdentity, expandMachineLearningWorkspaceEncryption, expandMachineLearningWorkspaceManagedNetwork, expandMachineLearningWorkspaceServerlessCompute, expandMachineLearningWorkspaceFeatureStore)',
  id: rgId('Microsoft.MachineLearningServices/workspaces'),
  fields: [
    // ExpandSystemAndUserAssignedMap copied into a LegacySystemAndUserAssignedMap ("SystemAssigned,UserAssigned").
    identity('legacySystemAndUserMap', 'none'),
    { to: 'sku.name', arg: 'sku_name', default: 'Basic' },
    { to: 'sku.tier', arg: 'sku_name', default: 'Basic' },
    { to: 'kind', arg: 'kind', default: 'Default' },
    { to: 'properties.applicationInsights', arg: 'application_insights_id', required: true, default: '' },
    {
      to: 'properties.encryption',
      arg: 'encryption',
      block: {
        fields: [
          { to: 'identity', value: {} },
          { to: 'identity.userAssignedIdentity', arg: 'user_assigned_identity_id', omitEmpty: true },
          { to: 'keyVaultProperties.keyVaultArmId', arg: 'key_vault_id', required: true, default: '' },
          { to: 'keyVaultProperties.keyIdentifier', arg: 'key_id', required: true, default: '' },
          { to: 'status', value: 'Enabled' },
        ],
      },
    },
    { to: 'properties.keyVault', arg: 'key_vault_id', required: true, default: '' },
    {
      // Optional+Computed block: the isolation mode as written ("" when unset).
      to: 'properties.managedNetwork',
      arg: 'managed_network',
      block: { fields: [{ to: 'isolationMode', arg: 'isolation_mode', default: '' }] },
    },
    {
      to: 'properties.provisionNetworkNow',
      reads: ['managed_network'],
      compute: (ctx) => {
        const b = firstBlock(ctx, 'managed_network');
        if (b === undefined) return false;
        if (isUnknown(b)) return UNKNOWN;
        const v = b.provision_on_creation_enabled;
        return v === undefined || v === null ? false : typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN;
      },
    },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    { to: 'properties.enableServiceSideCMKEncryption', arg: 'service_side_encryption_enabled', type: 'bool', default: false },
    { to: 'properties.storageAccount', arg: 'storage_account_id', required: true, default: '' },
    { to: 'properties.v1LegacyMode', arg: 'v1_legacy_mode_enabled', type: 'bool', default: false },
    {
      to: 'properties.serverlessComputeSettings',
      arg: 'serverless_compute',
      block: {
        fields: [
          { to: 'serverlessComputeNoPublicIP', arg: 'public_ip_enabled', type: 'bool', default: true, map: not },
          { to: 'serverlessComputeCustomSubnet', arg: 'subnet_id', omitEmpty: true },
        ],
      },
    },
    { to: 'properties.description', arg: 'description', map: nonEmpty },
    { to: 'properties.friendlyName', arg: 'friendly_name', map: nonEmpty },
    { to: 'properties.containerRegistry', arg: 'container_registry_id', map: nonEmpty },
    { to: 'properties.hbiWorkspace', arg: 'high_business_impact', type: 'bool', map: onlyTrue },
    { to: 'properties.imageBuildCompute', arg: 'image_build_compute_name', map: nonEmpty },
    { to: 'properties.primaryUserAssignedIdentity', arg: 'primary_user_assigned_identity', map: nonEmpty },
    {
      // Only for kind FeatureStore (the create fails for kind Default with a feature_store block).
      to: 'properties.featureStoreSettings',
      reads: ['feature_store', 'kind'],
      compute: (ctx) => {
        const kind = ctx.get('kind') ?? 'Default';
        if (isUnknown(kind)) return UNKNOWN;
        if (String(kind).toLowerCase() === 'default') return OMIT;
        const b = firstBlock(ctx, 'feature_store');
        if (b === undefined) return OMIT;
        if (isUnknown(b)) return UNKNOWN;
        const out = obj({});
        const spark = rawString(b.computer_spark_runtime_version);
        if (spark !== '') out.computeRuntime = obj({ sparkRuntimeVersion: spark });
        const offline = rawString(b.offline_connection_name);
        if (offline !== '') out.offlineStoreConnectionName = offline;
        const online = rawString(b.online_connection_name);
        if (online !== '') out.onlineStoreConnectionName = online;
        return out;
      },
    },
  ],
};

export const AI_MAPPINGS: readonly ResourceMapping[] = [searchService, cognitiveAccount, machineLearningWorkspace];

