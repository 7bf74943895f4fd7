/**
 * Monitoring: Log Analytics workspaces, diagnostic settings (as Microsoft.Insights/diagnosticSettings extension
 * resources of their target, the related resources that auditIfNotExists / deployIfNotExists policies look for) and
 * Entra ID diagnostic settings. Container registries live here too (containers service).
 */
import { ArmValue, Field, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { identity, obj, rgId } from './common';

/** retention_policy blocks of diagnostic settings: `{days, enabled}` (non-pointer ints/bools). */
const retention: Field = {
  to: 'retentionPolicy',
  arg: 'retention_policy',
  block: { fields: [{ to: 'days', arg: 'days', type: 'number', default: 0 }, { to: 'enabled', arg: 'enabled', type: 'bool', default: false }] },
};

/** Destinations shared by azurerm_monitor_diagnostic_setting and azurerm_monitor_aad_diagnostic_setting. */
const destinations: Field[] = [
  { to: 'properties.eventHubAuthorizationRuleId', arg: 'eventhub_authorization_rule_id', omitEmpty: true },
  {
    // EventHubName is sent (also as "") whenever an authorization rule is.
    to: 'properties.eventHubName',
    reads: ['eventhub_name', 'eventhub_authorization_rule_id'],
    compute: (ctx) => {
      const rule = ctx.get('eventhub_authorization_rule_id');
      if (rule === undefined || rule === '') return OMIT;
      return ctx.get('eventhub_name') ?? '';
    },
  },
  { to: 'properties.workspaceId', arg: 'log_analytics_workspace_id', omitEmpty: true },
  { to: 'properties.storageAccountId', arg: 'storage_account_id', omitEmpty: true },
];

export const diagnosticSetting: ResourceMapping = {
  terraformType: 'azurerm_monitor_diagnostic_setting',
  armType: 'Microsoft.Insights/diagnosticSettings',
  apiVersion: '2021-05-01-preview',
  source: 'internal/services/monitor/monitor_diagnostic_setting_resource.go (resourceMonitorDiagnosticSettingCreate, expandMonitorDiagnosticsSettingsEnabledLogs, expandMonitorDiagnosticsSettingsMetrics)',
  // An extension resource of its target: <target id>/providers/Microsoft.Insights/diagnosticSettings/<name>.
  id: '{target_resource_id:id}/providers/Microsoft.Insights/diagnosticSettings/{name}',
  location: false,
  tags: false,
  fields: [
    {
      to: 'properties.logs',
      arg: 'enabled_log',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'enabled', value: true },
          retention,
          { to: 'category', arg: 'category', omitEmpty: true },
          {
            to: 'categoryGroup',
            reads: ['category_group'],
            compute: (c) => {
              const cat = c.get('category');
              if (cat !== undefined && cat !== '') return OMIT;
              const g = c.get('category_group');
              return g === undefined || g === '' ? OMIT : g;
            },
          },
        ],
      },
    },
    {
      // enabled_metric wins over the deprecated metric blocks when set.
      to: 'properties.metrics',
      reads: ['enabled_metric', 'metric'],
      compute: (ctx) => {
        const enabled = ctx.raw('enabled_metric');
        const legacy = ctx.raw('metric');
        const list = (raw: unknown): unknown[] | undefined => (Array.isArray(raw) ? raw : raw === undefined || raw === null ? undefined : [raw]);
        const em = list(enabled);
        if (isUnknown(enabled) || (em === undefined && isUnknown(legacy))) return UNKNOWN;
        if (em && em.length > 0) return em.map((m) => (m && typeof m === 'object' && !isUnknown(m) ? obj({ category: str((m as Record<string, unknown>).category), enabled: true }) : UNKNOWN));
        return (list(legacy) ?? []).map((m) => {
          if (!m || typeof m !== 'object' || isUnknown(m)) return UNKNOWN;
          const o = m as Record<string, unknown>;
          const rp = Array.isArray(o.retention_policy) ? o.retention_policy[0] : o.retention_policy;
          const out = obj({ category: str(o.category), enabled: o.enabled === undefined || o.enabled === null ? true : bool(o.enabled) });
          if (rp && typeof rp === 'object' && !isUnknown(rp)) {
            const r = rp as Record<string, unknown>;
            out.retentionPolicy = obj({ days: typeof r.days === 'number' ? r.days : r.days === undefined || r.days === null ? 0 : UNKNOWN, enabled: bool(r.enabled) });
          }
          return out;
        });
      },
    },
    ...destinations,
    { to: 'properties.marketplacePartnerId', arg: 'partner_solution_id', omitEmpty: true },
    { to: 'properties.logAnalyticsDestinationType', arg: 'log_analytics_destination_type', omitEmpty: true },
  ],
};

function str(v: unknown): ArmValue {
  return typeof v === 'string' ? v : UNKNOWN;
}
function bool(v: unknown): ArmValue {
  return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN;
}

export const aadDiagnosticSetting: ResourceMapping = {
  terraformType: 'azurerm_monitor_aad_diagnostic_setting',
  armType: 'microsoft.aadiam/diagnosticSettings',
  apiVersion: '2017-04-01',
  source: 'internal/services/monitor/monitor_aad_diagnostic_setting_resource.go (resourceMonitorAADDiagnosticSettingCreate)',
  id: '/providers/microsoft.aadiam/diagnosticSettings/{name}',
  location: false,
  tags: false,
  fields: [
    {
      to: 'properties.logs',
      arg: 'enabled_log',
      block: { list: true, emptyList: true, fields: [{ to: 'category', arg: 'category', default: '' }, { to: 'enabled', value: true }, retention] },
    },
    ...destinations,
  ],
  notes: ['Entra ID diagnostic settings are tenant resources: Azure Policy assignments (management group, subscription or resource group scope) never evaluate them'],
};

export const logAnalyticsWorkspace: ResourceMapping = {
  terraformType: 'azurerm_log_analytics_workspace',
  armType: 'Microsoft.OperationalInsights/workspaces',
  apiVersion: '2022-10-01',
  source: 'internal/services/loganalytics/log_analytics_workspace_resource.go (resourceLogAnalyticsWorkspaceCreate)',
  id: rgId('Microsoft.OperationalInsights/workspaces'),
  fields: [
    { to: 'properties.sku.name', arg: 'sku', default: 'PerGB2018', map: (v) => (v === '' ? 'PerGB2018' : v) },
    {
      to: 'properties.sku.capacityReservationLevel',
      reads: ['reservation_capacity_in_gb_per_day'],
      compute: (ctx) => {
        const sku = ctx.get('sku');
        const level = ctx.get('reservation_capacity_in_gb_per_day', 'number');
        if (level === undefined || level === 0) return OMIT;
        return typeof sku === 'string' && sku.toLowerCase() === 'capacityreservation' ? level : isUnknown(sku) ? UNKNOWN : OMIT;
      },
    },
    { to: 'properties.publicNetworkAccessForIngestion', arg: 'internet_ingestion_enabled', type: 'bool', default: 'Enabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    { to: 'properties.publicNetworkAccessForQuery', arg: 'internet_query_enabled', type: 'bool', default: 'Enabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    // Optional+Computed int read with d.Get: 0 when unset (the service then applies its default of 30).
    { to: 'properties.retentionInDays', arg: 'retention_in_days', type: 'number', default: 0 },
    { to: 'properties.features.enableLogAccessUsingOnlyResourcePermissions', arg: 'allow_resource_only_permissions', type: 'bool', default: true },
    {
      // local_authentication_disabled (deprecated) wins when set; else !local_authentication_enabled (default true).
      to: 'properties.features.disableLocalAuth',
      reads: ['local_authentication_enabled', 'local_authentication_disabled'],
      compute: (ctx) => {
        const legacy = ctx.get('local_authentication_disabled', 'bool');
        if (legacy !== undefined) return legacy;
        const enabled = ctx.get('local_authentication_enabled', 'bool');
        if (enabled === undefined) return false;
        return isUnknown(enabled) ? UNKNOWN : !enabled;
      },
    },
    { to: 'properties.features.immediatePurgeDataOn30Days', arg: 'immediate_data_purge_on_30_days_enabled', type: 'bool' },
    { to: 'properties.forceCmkForQuery', arg: 'cmk_for_query_forced', type: 'bool' },
    { to: 'properties.workspaceCapping.dailyQuotaGb', arg: 'daily_quota_gb', type: 'number', default: -1, map: (v) => (v === 0 ? OMIT : v) },
    // Sent with the second PUT that follows the create (same body plus the rule).
    { to: 'properties.defaultDataCollectionRuleResourceId', arg: 'data_collection_rule_id', omitEmpty: true },
    identity('systemOrUserMap', 'omit'),
  ],
};

export const containerRegistry: ResourceMapping = {
  terraformType: 'azurerm_container_registry',
  armType: 'Microsoft.ContainerRegistry/registries',
  apiVersion: '2025-04-01',
  source: 'internal/services/containers/container_registry_resource.go (resourceContainerRegistryCreate, expandNetworkRuleSet, expandQuarantinePolicy, expandExportPolicy, expandEncryption)',
  id: rgId('Microsoft.ContainerRegistry/registries'),
  fields: [
    { to: 'sku.name', arg: 'sku', required: true },
    { to: 'sku.tier', arg: 'sku', required: true },
    identity('systemAndUserMap', 'none'),
    { to: 'properties.adminUserEnabled', arg: 'admin_enabled', type: 'bool', default: false },
    {
      to: 'properties.encryption',
      arg: 'encryption',
      block: {
        fields: [
          { to: 'keyVaultProperties.identity', arg: 'identity_client_id', default: '' },
          { to: 'keyVaultProperties.keyIdentifier', arg: 'key_vault_key_id', default: '' },
          { to: 'status', value: 'enabled' },
        ],
      },
    },
    {
      to: 'properties.networkRuleSet',
      arg: 'network_rule_set',
      block: {
        fields: [
          { to: 'defaultAction', arg: 'default_action', default: 'Allow' },
          {
            to: 'ipRules',
            arg: 'ip_rule',
            block: { list: true, emptyList: true, fields: [{ to: 'action', arg: 'action' }, { to: 'value', arg: 'ip_range', default: '' }] },
          },
        ],
      },
    },
    { to: 'properties.policies.quarantinePolicy.status', arg: 'quarantine_policy_enabled', type: 'bool', default: 'disabled', map: (v) => (v ? 'enabled' : 'disabled') },
    {
      to: 'properties.policies.retentionPolicy',
      reads: ['retention_policy_in_days'],
      compute: (ctx) => {
        const days = ctx.get('retention_policy_in_days', 'number');
        if (isUnknown(days)) return UNKNOWN;
        return typeof days === 'number' && days > 0 ? obj({ days, status: 'enabled' }) : obj({});
      },
    },
    { to: 'properties.policies.trustPolicy', reads: ['trust_policy_enabled'], compute: (ctx) => { const t = ctx.get('trust_policy_enabled', 'bool'); return isUnknown(t) ? UNKNOWN : t === true ? obj({ status: 'enabled' }) : obj({}); } },
    { to: 'properties.policies.exportPolicy.status', arg: 'export_policy_enabled', type: 'bool', default: 'enabled', map: (v) => (v ? 'enabled' : 'disabled') },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    { to: 'properties.zoneRedundancy', arg: 'zone_redundancy_enabled', type: 'bool', default: 'Disabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    { to: 'properties.anonymousPullEnabled', arg: 'anonymous_pull_enabled', type: 'bool', default: false },
    { to: 'properties.dataEndpointEnabled', arg: 'data_endpoint_enabled', type: 'bool', default: false },
    { to: 'properties.networkRuleBypassOptions', arg: 'network_rule_bypass_option', default: 'AzureServices' },
  ],
  afterCreate: ['georeplications'],
};

export const MONITOR_MAPPINGS: readonly ResourceMapping[] = [diagnosticSetting, aadDiagnosticSetting, logAnalyticsWorkspace, containerRegistry];
