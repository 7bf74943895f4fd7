/**
 * Microsoft Defender for Cloud (Microsoft.Security) and Microsoft Sentinel (Microsoft.SecurityInsights) resources the
 * kit's constructs create. Read from internal/services/securitycenter/ and internal/services/sentinel/ (v4.55.0).
 */
import { ArmValue, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { obj } from './common';

const SC = 'internal/services/securitycenter/';
const SN = 'internal/services/sentinel/';

export const subscriptionPricing: ResourceMapping = {
  terraformType: 'azurerm_security_center_subscription_pricing',
  armType: 'Microsoft.Security/pricings',
  apiVersion: '2023-01-01',
  source: `${SC}security_center_subscription_pricing_resource.go (resourceSecurityCenterSubscriptionPricingCreate, expandSecurityCenterSubscriptionPricingExtensions)`,
  id: ['/subscriptions/{subscription}/providers/Microsoft.Security/pricings/{resource_type}', '/subscriptions/{subscription}/providers/Microsoft.Security/pricings/VirtualMachines'],
  name: (ctx) => ctx.get('resource_type') ?? 'VirtualMachines',
  location: false,
  tags: false,
  fields: [
    { to: 'properties.pricingTier', arg: 'tier', required: true, default: '' },
    { to: 'properties.subPlan', arg: 'subplan', omitEmpty: true },
    {
      // The listed extensions are sent enabled; the plan's other extensions (known only to Azure) are sent disabled.
      to: 'properties.extensions',
      reads: ['extension'],
      compute: (ctx) => {
        const raw = ctx.raw('extension');
        if (raw === undefined || raw === null) return [];
        if (!Array.isArray(raw)) return UNKNOWN;
        return raw.flatMap((e): ArmValue[] => {
          if (!e || typeof e !== 'object' || isUnknown(e)) return [UNKNOWN];
          const x = e as Record<string, unknown>;
          if (x.name === '') return [];
          const out = obj({ name: typeof x.name === 'string' ? x.name : UNKNOWN, isEnabled: 'True' });
          const add = x.additional_extension_properties;
          if (add && typeof add === 'object' && !isUnknown(add)) out.additionalExtensionProperties = obj(Object.fromEntries(Object.entries(add as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : UNKNOWN])));
          return [out];
        });
      },
    },
  ],
  notes: [],
};

export const securityCenterSetting: ResourceMapping = {
  terraformType: 'azurerm_security_center_setting',
  armType: 'Microsoft.Security/settings',
  apiVersion: '2022-05-01',
  source: `${SC}security_center_setting_resource.go (resourceSecurityCenterSettingUpdate, expandSecurityCenterSetting)`,
  id: '/subscriptions/{subscription}/providers/Microsoft.Security/settings/{setting_name}',
  name: (ctx) => ctx.get('setting_name') ?? UNKNOWN,
  location: false,
  tags: false,
  fields: [
    {
      // DataExportSettings for MCAS / WDATP*, AlertSyncSettings for Sentinel (the SDK's MarshalJSON adds the kind).
      to: 'kind',
      reads: ['setting_name'],
      compute: (ctx) => {
        const n = ctx.get('setting_name');
        if (typeof n !== 'string') return UNKNOWN;
        if (['MCAS', 'WDATP', 'WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW', 'WDATP_UNIFIED_SOLUTION'].includes(n)) return 'DataExportSettings';
        if (n === 'Sentinel' || n === 'SENTINEL') return 'AlertSyncSettings';
        ctx.note(`setting_name ${JSON.stringify(n)} is not one azurerm accepts`);
        return UNKNOWN;
      },
    },
    { to: 'properties.enabled', arg: 'enabled', type: 'bool', required: true, default: false },
  ],
};

export const serverVulnerabilityAssessmentsSetting: ResourceMapping = {
  terraformType: 'azurerm_security_center_server_vulnerability_assessments_setting',
  armType: 'Microsoft.Security/serverVulnerabilityAssessmentsSettings',
  apiVersion: '2023-05-01',
  source: `${SC}security_center_server_vulnerability_assessments_setting_resource.go (CreateOrUpdate)`,
  id: '/subscriptions/{subscription}/providers/Microsoft.Security/serverVulnerabilityAssessmentsSettings/AzureServersSetting',
  name: () => 'AzureServersSetting',
  location: false,
  tags: false,
  fields: [
    { to: 'kind', value: 'AzureServersSetting' },
    { to: 'properties.selectedProvider', arg: 'vulnerability_assessment_provider', required: true, default: '' },
  ],
};

/** ActionType values azurerm 4.x also accepts in lower case (expandSecurityCenterAutomationActions). */
const ACTION_TYPES: Record<string, string> = { logicapp: 'LogicApp', loganalytics: 'Workspace', eventhub: 'EventHub', LogicApp: 'LogicApp', Workspace: 'Workspace', EventHub: 'EventHub' };

export const securityCenterAutomation: ResourceMapping = {
  terraformType: 'azurerm_security_center_automation',
  armType: 'Microsoft.Security/automations',
  apiVersion: '2019-01-01-preview',
  source: `${SC}security_center_automation_resource.go (resourceSecurityCenterAutomationCreate, expandSecurityCenterAutomationActions, expandSecurityCenterAutomationSources)`,
  id: '/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/Microsoft.Security/automations/{name}',
  fields: [
    { to: 'properties.description', arg: 'description', default: '' },
    { to: 'properties.isEnabled', arg: 'enabled', type: 'bool', default: true },
    {
      to: 'properties.scopes',
      arg: 'scopes',
      type: 'strings',
      default: [],
      map: (v) => (Array.isArray(v) ? v.map((p) => obj({ scopePath: p, description: typeof p === 'string' ? `scope for ${p}` : UNKNOWN })) : v),
    },
    {
      to: 'properties.actions',
      arg: 'action',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'actionType', arg: 'type', map: (v) => (typeof v === 'string' ? (ACTION_TYPES[v] ?? v) : v) },
          { to: 'logicAppResourceId', reads: ['resource_id', 'trigger_url'], compute: (c) => (actionType(c.get('type')) === 'LogicApp' ? (c.get('resource_id') ?? '') : OMIT) },
          { to: 'uri', compute: (c) => (actionType(c.get('type')) === 'LogicApp' ? (c.get('trigger_url') ?? '') : OMIT) },
          { to: 'workspaceResourceId', compute: (c) => (actionType(c.get('type')) === 'Workspace' ? (c.get('resource_id') ?? '') : OMIT) },
          { to: 'eventHubResourceId', reads: ['connection_string'], compute: (c) => (actionType(c.get('type')) === 'EventHub' ? (c.get('resource_id') ?? '') : OMIT) },
          { to: 'connectionString', compute: (c) => (actionType(c.get('type')) === 'EventHub' ? (c.get('connection_string') ?? '') : OMIT) },
        ],
      },
    },
    {
      to: 'properties.sources',
      arg: 'source',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'eventSource', arg: 'event_source', default: '' },
          {
            to: 'ruleSets',
            arg: 'rule_set',
            block: {
              list: true,
              emptyList: true,
              fields: [
                {
                  to: 'rules',
                  arg: 'rule',
                  block: {
                    list: true,
                    emptyList: true,
                    fields: [
                      { to: 'propertyJPath', arg: 'property_path', default: '' },
                      { to: 'propertyType', arg: 'property_type', default: '' },
                      { to: 'expectedValue', arg: 'expected_value', default: '' },
                      { to: 'operator', arg: 'operator', default: '' },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
};

function actionType(v: ArmValue | undefined): ArmValue | undefined {
  return typeof v === 'string' ? (ACTION_TYPES[v] ?? v) : v;
}

export const securityCenterWorkspace: ResourceMapping = {
  terraformType: 'azurerm_security_center_workspace',
  armType: 'Microsoft.Security/workspaceSettings',
  apiVersion: '2017-08-01-preview',
  source: `${SC}security_center_workspace_resource.go (resourceSecurityCenterWorkspaceCreateUpdate; azure-sdk-for-go security v3.0)`,
  id: '/subscriptions/{subscription}/providers/Microsoft.Security/workspaceSettings/default',
  name: () => 'default',
  location: false,
  tags: false,
  fields: [
    { to: 'properties.scope', arg: 'scope', required: true, default: '' },
    { to: 'properties.workspaceId', arg: 'workspace_id', required: true, default: '' },
  ],
};

export const sentinelOnboarding: ResourceMapping = {
  terraformType: 'azurerm_sentinel_log_analytics_workspace_onboarding',
  armType: 'Microsoft.SecurityInsights/onboardingStates',
  apiVersion: '2022-11-01',
  source: `${SN}sentinel_log_analytics_workspace_onboarding_resource.go (Create)`,
  id: '{workspace_id:id}/providers/Microsoft.SecurityInsights/onboardingStates/default',
  name: () => 'default',
  location: false,
  tags: false,
  fields: [{ to: 'properties.customerManagedKey', arg: 'customer_managed_key_enabled', type: 'bool', default: false }],
};

/** A Sentinel data connector: an extension resource of its workspace, with the connector's kind and alerts state. */
function dataConnector(terraformType: string, file: string, kind: string, scopeProperty: 'tenantId' | 'subscriptionId', dataTypes: ArmValue): ResourceMapping {
  const arg = scopeProperty === 'tenantId' ? 'tenant_id' : 'subscription_id';
  return {
    terraformType,
    armType: 'Microsoft.SecurityInsights/dataConnectors',
    apiVersion: '2022-10-01-preview',
    source: `${SN}${file} (jackofallops/kermit securityinsights 2022-10-01-preview)`,
    id: '{log_analytics_workspace_id:id}/providers/Microsoft.SecurityInsights/dataConnectors/{name}',
    location: false,
    tags: false,
    fields: [
      { to: 'kind', value: kind },
      {
        // Not set: the provider's tenant / the workspace's subscription.
        to: `properties.${scopeProperty}`,
        arg,
        default: (ctx) => (scopeProperty === 'tenantId' ? (ctx.instance.tenantId ?? UNKNOWN) : workspaceSubscription(ctx.idOf(ctx.raw('log_analytics_workspace_id')))),
      },
      { to: 'properties.dataTypes', value: dataTypes },
    ],
  };
}

function workspaceSubscription(id: unknown): ArmValue {
  if (typeof id !== 'string') return UNKNOWN;
  const m = /^\/subscriptions\/([^/]+)/i.exec(id);
  return m ? m[1] : UNKNOWN;
}

const ALERTS_ENABLED = obj({ alerts: obj({ state: 'Enabled' }) });

export const sentinelConnectorAad = dataConnector('azurerm_sentinel_data_connector_azure_active_directory', 'sentinel_data_connector_azure_active_directory_resource.go', 'AzureActiveDirectory', 'tenantId', ALERTS_ENABLED);
export const sentinelConnectorAsc = dataConnector('azurerm_sentinel_data_connector_azure_security_center', 'sentinel_data_connector_azure_security_center_resource.go', 'AzureSecurityCenter', 'subscriptionId', ALERTS_ENABLED);
export const sentinelConnectorMdatp = dataConnector('azurerm_sentinel_data_connector_microsoft_defender_advanced_threat_protection', 'sentinel_data_connector_microsoft_defender_advanced_threat_protection_resource.go', 'MicrosoftDefenderAdvancedThreatProtection', 'tenantId', ALERTS_ENABLED);
export const sentinelConnectorAatp = dataConnector('azurerm_sentinel_data_connector_azure_advanced_threat_protection', 'sentinel_data_connector_azure_advanced_threat_protection_resource.go', 'AzureAdvancedThreatProtection', 'tenantId', ALERTS_ENABLED);
export const sentinelConnectorMtp = dataConnector('azurerm_sentinel_data_connector_microsoft_threat_protection', 'sentinel_data_connector_microsoft_threat_protection_resource.go', 'MicrosoftThreatProtection', 'tenantId', obj({ incidents: obj({ state: 'Enabled' }) }));

export const SECURITY_MAPPINGS: readonly ResourceMapping[] = [
  subscriptionPricing,
  securityCenterSetting,
  serverVulnerabilityAssessmentsSetting,
  securityCenterAutomation,
  securityCenterWorkspace,
  sentinelOnboarding,
  sentinelConnectorAad,
  sentinelConnectorAsc,
  sentinelConnectorMdatp,
  sentinelConnectorAatp,
  sentinelConnectorMtp,
];
