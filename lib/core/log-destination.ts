import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { Construct } from 'constructs';
import { invalid } from './errors';

/**
 * Where security logs go: a Log Analytics workspace (Sentinel), an Event Hub (third-party SIEMs), or both.
 * The SIEM construct implements this; every construct that produces logs accepts it, so wiring a new source is
 * one call. A plain object with ids works too, for destinations managed elsewhere.
 */
export interface ILogDestination {
  /**
   * Resource id of the Log Analytics workspace.
   * @default - logs are not sent to Log Analytics
   */
  readonly workspaceId?: string;
  /**
   * Resource id of an Event Hub namespace authorization rule with Send rights
   * (`.../namespaces/<ns>/authorizationRules/<rule>`).
   * @default - logs are not sent to an Event Hub
   */
  readonly eventHubAuthorizationRuleId?: string;
  /**
   * Event Hub name inside the namespace. Required with `eventHubAuthorizationRuleId`.
   * @default - none
   */
  readonly eventHubName?: string;
}

/** Options for a resource diagnostic setting. */
export interface DiagnosticsOptions {
  /**
   * Log category group: `allLogs` (everything) or `audit` (security-relevant subset).
   * @default 'allLogs'
   */
  readonly categoryGroup?: 'allLogs' | 'audit';
  /**
   * Also send platform metrics (`AllMetrics`).
   * @default false
   */
  readonly metrics?: boolean;
  /**
   * Name of the diagnostic setting on the resource.
   * @default 'guardrails-siem'
   */
  readonly name?: string;
  /**
   * Log Analytics table mode, only for resource types that let you choose between the AzureDiagnostics table and
   * resource-specific tables (Azure Firewall, Key Vault's newer categories...: the "Destination table" choice in the
   * portal). Leave it unset for every other type, including those that only have resource-specific tables (Bastion,
   * container registries): Azure ignores the value there and reads it back as null (Azure/azure-rest-api-specs
   * #9281, #22400), and azurerm (v4.55.0 monitor_diagnostic_setting_resource.go) stores what Azure reads, so a
   * value shows a change on every plan. Unset, the argument (Optional and Computed) takes what Azure reports.
   * @default - not set (Azure's default for the resource type)
   */
  readonly logAnalyticsDestinationType?: 'Dedicated' | 'AzureDiagnostics';
}

/** Checks that a destination names at least one target and that an Event Hub has its hub name. */
export function validateLogDestination(scope: Construct, property: string, destination: ILogDestination): void {
  if (!destination.workspaceId && !destination.eventHubAuthorizationRuleId) {
    invalid(scope, property, destination, 'must set workspaceId, eventHubAuthorizationRuleId, or both');
  }
  if (destination.eventHubAuthorizationRuleId && !destination.eventHubName) {
    invalid(scope, `${property}.eventHubName`, destination.eventHubName,
      'is required with eventHubAuthorizationRuleId: name the Event Hub inside the namespace');
  }
}

/**
 * Adds an `azurerm_monitor_diagnostic_setting` that sends a resource's logs to the destination (both targets in
 * one setting when both are given).
 */
export function addDiagnosticSetting(
  scope: Construct,
  id: string,
  targetResourceId: string,
  destination: ILogDestination,
  options: DiagnosticsOptions = {},
): MonitorDiagnosticSetting {
  validateLogDestination(scope, 'logDestination', destination);
  const categoryGroup = options.categoryGroup ?? 'allLogs';
  if (categoryGroup !== 'allLogs' && categoryGroup !== 'audit') {
    invalid(scope, 'categoryGroup', categoryGroup, 'must be "allLogs" or "audit"');
  }
  return new MonitorDiagnosticSetting(scope, id, {
    name: options.name ?? 'guardrails-siem',
    targetResourceId,
    logAnalyticsWorkspaceId: destination.workspaceId,
    logAnalyticsDestinationType: destination.workspaceId ? options.logAnalyticsDestinationType : undefined,
    eventhubAuthorizationRuleId: destination.eventHubAuthorizationRuleId,
    eventhubName: destination.eventHubAuthorizationRuleId ? destination.eventHubName : undefined,
    enabledLog: [{ categoryGroup }],
    enabledMetric: options.metrics ? [{ category: 'AllMetrics' }] : undefined,
  });
}
