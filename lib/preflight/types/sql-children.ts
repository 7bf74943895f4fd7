/**
 * Azure SQL server child resources: firewall rules, the server's security alert policy (Microsoft Defender for SQL)
 * and its extended auditing settings. Read from internal/services/mssql/ at azurerm v4.55.0 (go-azure-sdk sql
 * 2023-08-01-preview). Azure shows them only as child resources of the server (not inside its body): the policies that
 * test them are auditIfNotExists / deployIfNotExists policies on the server whose related resources are these children.
 */
import { Field, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN } from '../values';
import { enabledDisabled } from './data-helpers';

const S = 'internal/services/mssql/';
const SERVER = '/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/Microsoft.Sql/servers/{server_name}';

export const mssqlFirewallRule: ResourceMapping = {
  terraformType: 'azurerm_mssql_firewall_rule',
  armType: 'Microsoft.Sql/servers/firewallRules',
  apiVersion: '2023-08-01-preview',
  source: `${S}mssql_firewall_rule_resource.go (resourceMsSqlFirewallRuleCreateUpdate)`,
  id: '{server_id:id}/firewallRules/{name}',
  location: false,
  tags: false,
  fields: [
    // pointer.To(d.Get(...).(string)): always sent.
    { to: 'properties.startIpAddress', arg: 'start_ip_address', required: true, default: '' },
    { to: 'properties.endIpAddress', arg: 'end_ip_address', required: true, default: '' },
  ],
  otherArgs: ['server_id'],
};

export const mssqlServerSecurityAlertPolicy: ResourceMapping = {
  terraformType: 'azurerm_mssql_server_security_alert_policy',
  armType: 'Microsoft.Sql/servers/securityAlertPolicies',
  apiVersion: '2023-08-01-preview',
  source: `${S}mssql_server_security_alert_policy_resource.go (resourceMsSqlServerSecurityAlertPolicyCreate; serversecurityalertpolicies.CreateOrUpdate PUTs .../securityAlertPolicies/default)`,
  id: `${SERVER}/securityAlertPolicies/default`,
  name: () => 'default',
  location: false,
  tags: false,
  fields: [
    { to: 'properties.state', arg: 'state', required: true, default: '' },
    // Each optional member only when d.GetOk finds a non-zero value.
    { to: 'properties.disabledAlerts', arg: 'disabled_alerts', type: 'strings', omitEmpty: true },
    { to: 'properties.emailAddresses', arg: 'email_addresses', type: 'strings', omitEmpty: true },
    { to: 'properties.emailAccountAdmins', arg: 'email_account_admins', type: 'bool', map: (v) => (v === true ? true : OMIT) },
    { to: 'properties.retentionDays', arg: 'retention_days', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.storageAccountAccessKey', arg: 'storage_account_access_key', omitEmpty: true },
    { to: 'properties.storageEndpoint', arg: 'storage_endpoint', omitEmpty: true },
  ],
};

/** The auditing settings azurerm sends (ExtendedServerBlobAuditingPolicyProperties), without predicateExpression. */
const auditingFields: Field[] = [
  // pointer.To(d.Get(...)): storageEndpoint ("" when unset), the key flag, retention and the Azure Monitor target are always sent.
  { to: 'properties.storageEndpoint', arg: 'storage_endpoint', default: '' },
  { to: 'properties.isStorageSecondaryKeyInUse', arg: 'storage_account_access_key_is_secondary', type: 'bool', default: false },
  { to: 'properties.retentionDays', arg: 'retention_in_days', type: 'number', default: 0 },
  { to: 'properties.isAzureMonitorTargetEnabled', arg: 'log_monitoring_enabled', type: 'bool', default: true },
  { to: 'properties.state', arg: 'enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
  { to: 'properties.storageAccountSubscriptionId', arg: 'storage_account_subscription_id', omitEmpty: true },
  { to: 'properties.storageAccountAccessKey', arg: 'storage_account_access_key', omitEmpty: true },
  { to: 'properties.auditActionsAndGroups', arg: 'audit_actions_and_groups', type: 'strings', omitEmpty: true },
];

export const mssqlServerExtendedAuditingPolicy: ResourceMapping = {
  terraformType: 'azurerm_mssql_server_extended_auditing_policy',
  armType: 'Microsoft.Sql/servers/extendedAuditingSettings',
  apiVersion: '2023-08-01-preview',
  source: `${S}mssql_server_extended_auditing_policy_resource.go (resourceMsSqlServerExtendedAuditingPolicyCreateUpdate; blobauditing.ExtendedServerBlobAuditingPoliciesCreateOrUpdate PUTs .../extendedAuditingSettings/default)`,
  id: '{server_id:id}/extendedAuditingSettings/default',
  name: () => 'default',
  location: false,
  tags: false,
  fields: [...auditingFields, { to: 'properties.predicateExpression', arg: 'predicate_expression', omitEmpty: true }],
  otherArgs: ['server_id'],
  children: [
    {
      // The server's auditing settings are one setting that both APIs write (extended adds predicateExpression): Azure
      // shows the request as <server>/auditingSettings/default too, the related resource that the "Auditing on SQL
      // server should be enabled" family of built-ins looks for (hashicorp/terraform-provider-azurerm#4755).
      armType: 'Microsoft.Sql/servers/auditingSettings',
      name: 'default',
      segment: 'auditingSettings',
      idBase: 'parent',
      when: () => true,
      // audit_actions_and_groups not written: the groups the service then applies are not in the request (and not in
      // the provider): unknown in this view, never an empty list.
      fields: auditingFields.map((f) => (f.arg === 'audit_actions_and_groups' ? { ...f, default: UNKNOWN } : f)),
    },
  ],
};

export const SQL_CHILDREN_MAPPINGS: readonly ResourceMapping[] = [mssqlFirewallRule, mssqlServerSecurityAlertPolicy, mssqlServerExtendedAuditingPolicy];
