import { DataAzurermEventhubAuthorizationRule } from '@cdktf/provider-azurerm/lib/data-azurerm-eventhub-authorization-rule';
import { DataAzurermNetworkWatcher } from '@cdktf/provider-azurerm/lib/data-azurerm-network-watcher';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { NetworkWatcher } from '@cdktf/provider-azurerm/lib/network-watcher';
import { NetworkWatcherFlowLog } from '@cdktf/provider-azurerm/lib/network-watcher-flow-log';
import { SecurityCenterAutomation } from '@cdktf/provider-azurerm/lib/security-center-automation';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { info, warn } from '../core/annotations';
import { describeValue, invalid } from '../core/errors';
import { protectFromDestroy } from '../core/lifecycle';
import { addDiagnosticSetting, validateLogDestination } from '../core/log-destination';
import { eventHubIdOfRule, parseEventHubId } from '../core/event-hub-ids';
import { azurermProviderOf, storageDataPlaneAvailable } from '../core/provider-features';
import { isToken, requireGuid, requireLocation, requireOneOf, requireResourceId } from '../core/validate';
import {
  resolveSiemTargets, restrictSiemDestination, SiemDestinationIds, SiemDiagnosticsOptions, siemHash, siemIdSegment,
  SiemTarget,
} from './common';
import {
  requireSiemSubset, SIEM_ALERT_SEVERITIES, SIEM_DEFAULT_ALERT_SEVERITIES, SIEM_EXPORT_DATA_TYPES, SIEM_RECOMMENDATION_SEVERITIES,
  SiemAlertSeverity, SiemExportDataType, siemExportSources, SiemRecommendationSeverity,
} from './continuous-export';
import { SiemDestination, SiemEventHubRuleRef } from './destination';
import { TerraformLiterals } from '../core/terraform-literal';

/** Categories of the subscription activity log. */
export type SiemActivityLogCategory =
  | 'Administrative' | 'Security' | 'ServiceHealth' | 'Alert' | 'Recommendation' | 'Policy' | 'Autoscale' | 'ResourceHealth';

/** Every activity log category (also the default). */
export const SIEM_ACTIVITY_LOG_CATEGORIES: readonly SiemActivityLogCategory[] = [
  'Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth',
];

/** Names of the continuous-export automations: the portal lists only these two under Continuous export. */
export const SIEM_CONTINUOUS_EXPORT_NAMES = { workspace: 'ExportToWorkspace', eventHub: 'ExportToEventHub' } as const;

/** Defender for Cloud continuous export (`azurerm_security_center_automation`, one per target). */
export interface SiemContinuousExportOptions {
  /**
   * Targets: one automation each (`ExportToWorkspace`, `ExportToEventHub`).
   * @default - every target of the destination
   */
  readonly targets?: SiemTarget[];
  /**
   * Data to export.
   * @default - all: alerts, recommendations, security findings, secure score, secure score controls, regulatory compliance
   */
  readonly dataTypes?: SiemExportDataType[];
  /**
   * Alert severities to export (see SIEM_DEFAULT_ALERT_SEVERITIES for why Low is included).
   * @default ['High', 'Medium', 'Low']
   */
  readonly alertSeverities?: SiemAlertSeverity[];
  /**
   * Recommendation severities to export.
   * @default ['High', 'Medium', 'Low']
   */
  readonly recommendationSeverities?: SiemRecommendationSeverity[];
  /**
   * Also export the weekly snapshots (full state of recommendations, findings, scores and compliance), so the SIEM
   * has a baseline and not only changes.
   * @default true
   */
  readonly snapshots?: boolean;
  /**
   * SENSITIVE. Connection string of an Event Hub-level Send rule, e.g. from a sensitive Terraform variable. Never
   * from an output.
   * @default - the same-stack SiemDestination's rule, or read with a data source from the destination's export rule
   */
  readonly eventHubConnectionString?: string;
  /**
   * azurerm provider (aliased to the destination's subscription) for the data source that reads the export rule's
   * connection string. Needed when the Event Hub is in another subscription.
   * @default - the sources' provider
   */
  readonly eventHubLookupProvider?: TerraformProvider;
}

/** The subscription's activity log through a subscription diagnostic setting. */
export interface SiemActivityLogOptions {
  /**
   * Targets that receive it.
   * @default - every target of the destination
   */
  readonly targets?: SiemTarget[];
  /**
   * Categories.
   * @default SIEM_ACTIVITY_LOG_CATEGORIES (all eight)
   */
  readonly categories?: SiemActivityLogCategory[];
  /**
   * Name of the diagnostic setting (a subscription holds at most five).
   * @default 'guardrails-siem-activity-log'
   */
  readonly name?: string;
}

/** A virtual network whose flow logs are collected. */
export interface SiemFlowLogVirtualNetwork {
  /** Resource id of the VNet. */
  readonly id: string;
  /**
   * What distinguishes its flow log: the name `flowlog-<name>` and the construct id `FlowLog-<name>` (changing
   * either replaces the flow log). Give it when `id` is a reference (a VNet created in the same stack), so that the
   * flow log keeps the name it would have with the literal id. Characters other than letters, digits, "_", "." and
   * "-" become "-"; at most 72 are kept.
   * @default - `<resource group>-<VNet name>` of a literal id; the position in the list for a reference
   */
  readonly name?: string;
  /**
   * Its region (the flow log, Network Watcher and storage account must be in it).
   * @default - the sources' location
   */
  readonly location?: string;
}

/**
 * The Network Watcher each region's flow logs belong to. Azure allows one watcher per subscription and region, and
 * creates it itself (`NetworkWatcher_<region>` in `NetworkWatcherRG`) when the region's first VNet is created or
 * updated, unless the subscription opted out (feature `Microsoft.Network/DisableNetworkWatcherAutocreation`). The
 * flow logs always use that one watcher: adopted by default, or created here; never a second one.
 */
export interface SiemNetworkWatcherOptions {
  /**
   * `false`: adopt the existing `NetworkWatcher_<region>` (read with the `azurerm_network_watcher` data source, so
   * the flow log waits for it and a missing watcher fails the plan, naming it, before anything is created).
   * `true`: create `NetworkWatcher_<region>` in `resourceGroupName`, for a region where none exists yet (a fresh
   * subscription, or one that opted out of auto-creation). Then create the region's VNets after it (`depends_on`
   * on `networkWatchers[region]`; the reference app does this for the Bastion VNet): if a VNet comes first, Azure
   * creates its own watcher and this one fails with "already exists - needs to be imported".
   * @default false
   */
  readonly create?: boolean;
  /**
   * Resource group of the watchers (adopted or created). A created watcher needs the group to exist: create it in
   * the same stack and pass its `name` attribute, so that Terraform orders the two.
   * @default 'NetworkWatcherRG' (Azure's own)
   */
  readonly resourceGroupName?: string;
}

/** VNet flow logs (NSG flow logs can no longer be created since 2025-07-30). */
export interface SiemFlowLogOptions {
  /** The VNets, each with its region. */
  readonly virtualNetworks: SiemFlowLogVirtualNetwork[];
  /**
   * Days the raw flow logs are kept in storage: 90 to 365.
   * @default 90
   */
  readonly retentionDays?: number;
  /**
   * Traffic analytics into the destination's workspace (needs its customer id and region).
   * @default true when the destination has them
   */
  readonly trafficAnalytics?: boolean;
  /**
   * Traffic analytics processing interval: 10 or 60 minutes.
   * @default 10
   */
  readonly trafficAnalyticsIntervalMinutes?: number;
  /**
   * Existing storage account ids by region (`{ "westeurope": "/subscriptions/.../storageAccounts/..." }`).
   * @default - one hardened account is created per region
   */
  readonly storageAccountIds?: Record<string, string>;
  /**
   * Replication of the created accounts (`ZRS`/`GZRS` where the region has availability zones).
   * @default 'LRS'
   */
  readonly storageReplication?: 'LRS' | 'ZRS' | 'GRS' | 'GZRS' | 'RAGRS' | 'RAGZRS';
  /**
   * Allow shared-key access on the created accounts. azurerm 4.55's flow log resource has no managed identity, so
   * Network Watcher writes with the account key: `false` stops flow logs.
   * @default true
   */
  readonly storageSharedKeyEnabled?: boolean;
  /**
   * Network Watchers.
   * @default - the existing `NetworkWatcher_<region>` in `NetworkWatcherRG`
   */
  readonly networkWatcher?: SiemNetworkWatcherOptions;
  /**
   * Public IPv4 addresses or ranges (prefix /0 to /30, not RFC 1918) allowed through the created accounts'
   * firewall: the egress of the machine Terraform runs on. The accounts deny every other network (Network Watcher
   * writes as a trusted Microsoft service), and azurerm reads their data plane after create and on every refresh,
   * so Terraform needs either this or the provider feature `storage { data_plane_available = false }`
   * (`AZURERM_FEATURES_FOR_FIREWALLED_STORAGE`, what the reference app declares). The construct refuses to
   * synthesize a created account that Terraform could not refresh.
   * @default - none (the provider must declare the feature)
   */
  readonly storageAllowedIpRanges?: string[];
  /**
   * `lifecycle.prevent_destroy` on the created storage accounts (they hold the raw flow records) and the created
   * Network Watchers (deleting a watcher deletes every flow log and connection monitor of its region).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** Props of {@link SiemSources}. */
export interface SiemSourcesProps {
  /** The subscription (GUID) whose logs are sent. */
  readonly subscriptionId: string;
  /**
   * Where the logs go: a `SiemDestination` (same or another stack) or its ids from a config.
   */
  readonly destination: SiemDestinationIds;
  /** Existing resource group (in this subscription) for the automations and created storage accounts. */
  readonly resourceGroupName: string;
  /** Region of the automations, and default region of the VNets. */
  readonly location: string;
  /**
   * Defender for Cloud continuous export: `false` to skip, `true` or options.
   * @default true
   */
  readonly continuousExport?: boolean | SiemContinuousExportOptions;
  /**
   * The subscription's activity log: `false` to skip, `true` or options.
   * @default true
   */
  readonly activityLog?: boolean | SiemActivityLogOptions;
  /**
   * VNet flow logs.
   * @default - none (no VNets)
   */
  readonly flowLogs?: SiemFlowLogOptions;
  /**
   * azurerm provider of this subscription (an alias, when one stack serves several subscriptions).
   * @default - the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Tags of the created resources.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

const FLOW_LOG_RETENTION = { min: 90, max: 365 };
const STORAGE_REPLICATION = ['LRS', 'ZRS', 'GRS', 'GZRS', 'RAGRS', 'RAGZRS'] as const;

/**
 * The log sources of one subscription, sent to a central destination: Defender for Cloud continuous export, the
 * activity log, VNet flow logs and (with `addDiagnostics`) resource logs. Create one per subscription, with that
 * subscription's provider; the destination can be a `SiemDestination` in another stack or plain ids from a config.
 * Forwards the destination as an `ILogDestination`, so other constructs in the same stack can take it.
 */
export class SiemSources extends Construct implements SiemDestinationIds {
  /** The destination's workspace id (forwarded, so this construct is an ILogDestination). */
  public readonly workspaceId?: string;
  /** The destination's namespace-level Send rule id (forwarded). */
  public readonly eventHubAuthorizationRuleId?: string;
  /** The destination's Event Hub name (forwarded). */
  public readonly eventHubName?: string;
  /** The subscription. */
  public readonly subscriptionId: string;
  /** Continuous-export automations by target. */
  public readonly continuousExports: Partial<Record<SiemTarget, SecurityCenterAutomation>> = {};
  /** The activity log diagnostic setting (undefined when off). */
  public readonly activityLogSetting?: MonitorDiagnosticSetting;
  /** Flow logs, in the order of `flowLogs.virtualNetworks`. */
  public readonly flowLogs: NetworkWatcherFlowLog[] = [];
  /** Created flow-log storage accounts by region. */
  public readonly flowLogStorageAccounts: Record<string, StorageAccount> = {};
  /**
   * Network Watchers created with `flowLogs.networkWatcher.create`, by region: make the region's VNets depend on
   * them, so that Azure does not create its own watcher first.
   */
  public readonly networkWatchers: Record<string, NetworkWatcher> = {};

  private readonly destination: SiemDestinationIds;
  private readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: SiemSourcesProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    this.provider = props.provider;
    requireGuid(this, 'subscriptionId', props.subscriptionId);
    if (!props.resourceGroupName || typeof props.resourceGroupName !== 'string') {
      invalid(this, 'resourceGroupName', props.resourceGroupName, 'must name an existing resource group in the subscription');
    }
    requireLocation(this, 'location', props.location);
    if (!props.destination || typeof props.destination !== 'object') {
      invalid(this, 'destination', props.destination, 'must be a SiemDestination or an object with workspaceId and/or eventHubAuthorizationRuleId + eventHubName');
    }
    const d = props.destination;
    validateLogDestination(this, 'destination', d);
    if (d.workspaceId !== undefined) requireResourceId(this, 'destination.workspaceId', d.workspaceId, 'Microsoft.OperationalInsights/workspaces');
    if (d.eventHubAuthorizationRuleId !== undefined) {
      requireResourceId(this, 'destination.eventHubAuthorizationRuleId', d.eventHubAuthorizationRuleId, 'Microsoft.EventHub/namespaces/authorizationRules');
    }
    if (d.eventHubExportAuthorizationRuleId !== undefined) {
      requireResourceId(this, 'destination.eventHubExportAuthorizationRuleId', d.eventHubExportAuthorizationRuleId,
        'Microsoft.EventHub/namespaces/eventhubs/authorizationRules');
    }
    if (d.eventHubId !== undefined) requireResourceId(this, 'destination.eventHubId', d.eventHubId, 'Microsoft.EventHub/namespaces/eventhubs');
    if (d.eventHubNamespaceId !== undefined) requireResourceId(this, 'destination.eventHubNamespaceId', d.eventHubNamespaceId, 'Microsoft.EventHub/namespaces');
    if (d.workspaceCustomerId !== undefined) requireGuid(this, 'destination.workspaceCustomerId', d.workspaceCustomerId);
    if (d.workspaceLocation !== undefined) requireLocation(this, 'destination.workspaceLocation', d.workspaceLocation);
    this.destination = d;
    this.subscriptionId = props.subscriptionId;
    this.workspaceId = d.workspaceId;
    this.eventHubAuthorizationRuleId = d.eventHubAuthorizationRuleId;
    this.eventHubName = d.eventHubName;

    if (props.continuousExport !== false) {
      this.addContinuousExport(props, props.continuousExport === undefined || props.continuousExport === true ? {} : props.continuousExport);
    }
    if (props.activityLog !== false) {
      this.activityLogSetting = this.addActivityLog(props.activityLog === undefined || props.activityLog === true ? {} : props.activityLog);
    }
    if (props.flowLogs !== undefined) this.addFlowLogs(props, props.flowLogs);
  }

  /** Workspace customer id of the destination (traffic analytics). */
  public get workspaceCustomerId(): string | undefined {
    return this.destination.workspaceCustomerId;
  }

  /** Workspace region of the destination. */
  public get workspaceLocation(): string | undefined {
    return this.destination.workspaceLocation;
  }

  /** Event Hub id of the destination. */
  public get eventHubId(): string | undefined {
    return this.destination.eventHubId;
  }

  /** Export rule id of the destination. */
  public get eventHubExportAuthorizationRuleId(): string | undefined {
    return this.destination.eventHubExportAuthorizationRuleId;
  }

  /**
   * Sends a resource's logs (category group `allLogs` or `audit`) to the destination, with a diagnostic setting in
   * this construct (this subscription's provider).
   */
  public addDiagnostics(id: string, targetResourceId: string, options: SiemDiagnosticsOptions = {}): MonitorDiagnosticSetting {
    const targets = resolveSiemTargets(this, `${id}.targets`, options.targets, this.destination);
    const setting = addDiagnosticSetting(this, id, targetResourceId, restrictSiemDestination(this.destination, targets), options);
    if (this.provider) setting.provider = this.provider;
    return setting;
  }

  private addContinuousExport(props: SiemSourcesProps, options: SiemContinuousExportOptions): void {
    const targets = resolveSiemTargets(this, 'continuousExport.targets', options.targets, this.destination);
    const dataTypes = requireSiemSubset(this, 'continuousExport.dataTypes', options.dataTypes, SIEM_EXPORT_DATA_TYPES, SIEM_EXPORT_DATA_TYPES);
    const alertSeverities = requireSiemSubset(this, 'continuousExport.alertSeverities', options.alertSeverities, SIEM_ALERT_SEVERITIES, SIEM_DEFAULT_ALERT_SEVERITIES);
    const recommendationSeverities = requireSiemSubset(this, 'continuousExport.recommendationSeverities', options.recommendationSeverities,
      SIEM_RECOMMENDATION_SEVERITIES, SIEM_RECOMMENDATION_SEVERITIES);
    const sources = siemExportSources({ dataTypes, alertSeverities, recommendationSeverities, snapshots: options.snapshots ?? true });
    if (options.eventHubConnectionString !== undefined && !targets.includes('eventHub')) {
      invalid(this, 'continuousExport.eventHubConnectionString', '(sensitive value)', 'only applies when continuous export targets the Event Hub');
    }
    const base = {
      provider: this.provider,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      scopes: [`/subscriptions/${props.subscriptionId}`],
      enabled: true,
      source: sources,
      tags: props.tags,
    };
    const d = this.destination;
    if (targets.includes('eventHub') && d instanceof SiemDestination && d.eventHubNetworkAccess && d.eventHubNetworkAccess !== 'Public') {
      warn(this, 'guardrails:siem:export-to-firewalled-event-hub',
        `continuousExport to the Event Hub: its namespace network access is ${JSON.stringify(d.eventHubNetworkAccess)}, and Defender for Cloud reaches a firewalled ` +
        'namespace only as a trusted service with a managed identity, which azurerm 4.55 cannot configure; set eventHub.networkAccess "Public" or continuousExport.targets ["workspace"]');
    }
    for (const target of targets) {
      const name = SIEM_CONTINUOUS_EXPORT_NAMES[target];
      // azurerm 4.55 validates action.type case-sensitively against the SDK's ActionType values EventHub, LogicApp
      // and Workspace (plus the legacy lower-case loganalytics, logicapp, eventhub); "LogAnalytics" is not one of them
      // and fails at plan time. Read-back also returns "Workspace", so this value gives no diff.
      const action = target === 'workspace'
        ? { type: 'Workspace', resourceId: this.destination.workspaceId as string }
        : { type: 'EventHub', resourceId: this.exportEventHubId(), connectionString: this.exportConnectionString(props, options) };
      this.continuousExports[target] = new SecurityCenterAutomation(this, name, {
        ...base,
        name,
        description: `Guardrails SIEM: continuous export of Microsoft Defender for Cloud data to the ${target === 'workspace' ? 'Log Analytics workspace' : 'Event Hub'}`,
        action: [action],
      });
    }
  }

  private exportEventHubId(): string {
    const d = this.destination;
    const id = d.eventHubId
      ?? eventHubIdOfRule(d.eventHubExportAuthorizationRuleId)
      ?? eventHubIdOfRule(d.eventHubAuthorizationRuleId, d.eventHubName);
    if (!id) {
      invalid(this, 'destination.eventHubId', d.eventHubId,
        'is needed for continuous export to the Event Hub when it cannot be derived from literal rule ids: give the Event Hub resource id');
    }
    return id;
  }

  /** The export rule's connection string: sensitive input, same-stack attribute, or a data source (never an output). */
  private exportConnectionString(props: SiemSourcesProps, options: SiemContinuousExportOptions): string {
    if (options.eventHubConnectionString !== undefined) {
      if (!isToken(options.eventHubConnectionString) && !/^Endpoint=sb:\/\/[^;]+;SharedAccessKeyName=[^;]+;SharedAccessKey=[^;]+/.test(options.eventHubConnectionString)) {
        invalid(this, 'continuousExport.eventHubConnectionString', '(sensitive value, not shown)',
          'must be an Event Hubs connection string "Endpoint=sb://<ns>.servicebus.windows.net/;SharedAccessKeyName=<rule>;SharedAccessKey=<key>[;EntityPath=<hub>]"');
      }
      return options.eventHubConnectionString;
    }
    const d = this.destination;
    if (d instanceof SiemDestination && TerraformStack.of(d) === TerraformStack.of(this) && d.eventHubExportConnectionString) {
      return d.eventHubExportConnectionString;
    }
    let ref: SiemEventHubRuleRef | undefined;
    let ruleSubscription: string | undefined;
    if (d instanceof SiemDestination) {
      ref = d.eventHubExportRule;
      ruleSubscription = d.subscriptionId;
    } else if (d.eventHubExportAuthorizationRuleId && !isToken(d.eventHubExportAuthorizationRuleId)) {
      // A hub-level rule (checked in the constructor).
      const parsed = parseEventHubId(d.eventHubExportAuthorizationRuleId)!;
      ruleSubscription = parsed.subscriptionId;
      ref = {
        namespaceName: parsed.namespaceName, eventHubName: parsed.eventHubName!, name: parsed.authorizationRuleName!, resourceGroupName: parsed.resourceGroupName,
      };
    }
    if (!ref) {
      invalid(this, 'destination.eventHubExportAuthorizationRuleId', d.eventHubExportAuthorizationRuleId,
        'continuous export to the Event Hub needs the connection string of a hub-level Send rule: give destination.eventHubExportAuthorizationRuleId (literal id), ' +
        'continuousExport.eventHubConnectionString (sensitive), or continuousExport.targets: ["workspace"]');
    }
    if (!options.eventHubLookupProvider && ruleSubscription && !isToken(props.subscriptionId)
      && ruleSubscription.toLowerCase() !== props.subscriptionId.toLowerCase()) {
      invalid(this, 'continuousExport.eventHubLookupProvider', undefined,
        `is required: the export rule is in subscription ${ruleSubscription}, not ${props.subscriptionId}; pass an azurerm provider aliased to that subscription (its identity needs listKeys on the rule)`);
    }
    if (!options.eventHubLookupProvider && d instanceof SiemDestination && !d.subscriptionId) {
      info(this, 'guardrails:siem:export-rule-lookup-provider',
        'continuousExport reads the Event Hub export rule with the sources\' provider: if the destination is in another subscription, set continuousExport.eventHubLookupProvider');
    }
    const lookup = new DataAzurermEventhubAuthorizationRule(this, 'EventHubExportRule', {
      provider: options.eventHubLookupProvider ?? this.provider,
      name: ref.name,
      eventhubName: ref.eventHubName,
      namespaceName: ref.namespaceName,
      resourceGroupName: ref.resourceGroupName,
    });
    return lookup.primaryConnectionString;
  }

  private addActivityLog(options: SiemActivityLogOptions): MonitorDiagnosticSetting {
    const targets = resolveSiemTargets(this, 'activityLog.targets', options.targets, this.destination);
    const categories = requireSiemSubset(this, 'activityLog.categories', options.categories, SIEM_ACTIVITY_LOG_CATEGORIES, SIEM_ACTIVITY_LOG_CATEGORIES);
    const destination = restrictSiemDestination(this.destination, targets);
    // Activity logs land in the AzureActivity table: no log_analytics_destination_type (Azure returns none, and a
    // value makes every plan show a diff).
    return new MonitorDiagnosticSetting(this, 'ActivityLog', {
      provider: this.provider,
      name: options.name ?? 'guardrails-siem-activity-log',
      targetResourceId: `/subscriptions/${this.subscriptionId}`,
      logAnalyticsWorkspaceId: destination.workspaceId,
      eventhubAuthorizationRuleId: destination.eventHubAuthorizationRuleId,
      eventhubName: destination.eventHubName,
      enabledLog: categories.map((category) => ({ category })),
    });
  }

  private addFlowLogs(props: SiemSourcesProps, options: SiemFlowLogOptions): void {
    if (!Array.isArray(options.virtualNetworks) || options.virtualNetworks.length === 0) {
      invalid(this, 'flowLogs.virtualNetworks', options.virtualNetworks, 'must list one or more { id, location? } VNets, or leave flowLogs out');
    }
    const retention = options.retentionDays ?? FLOW_LOG_RETENTION.min;
    if (typeof retention !== 'number' || !Number.isInteger(retention) || retention < FLOW_LOG_RETENTION.min || retention > FLOW_LOG_RETENTION.max) {
      invalid(this, 'flowLogs.retentionDays', retention,
        `must be a whole number from ${FLOW_LOG_RETENTION.min} to ${FLOW_LOG_RETENTION.max}: security investigations need at least 90 days of flow records`);
    }
    const interval = options.trafficAnalyticsIntervalMinutes ?? 10;
    if (interval !== 10 && interval !== 60) invalid(this, 'flowLogs.trafficAnalyticsIntervalMinutes', interval, 'must be 10 or 60');
    const replication = requireOneOf(this, 'flowLogs.storageReplication', options.storageReplication ?? 'LRS', STORAGE_REPLICATION);
    const analytics = this.trafficAnalytics(options);
    const storageIds = options.storageAccountIds ?? {};
    for (const [region, id] of Object.entries(storageIds)) {
      requireLocation(this, 'flowLogs.storageAccountIds (key)', region);
      requireResourceId(this, `flowLogs.storageAccountIds.${region}`, id, 'Microsoft.Storage/storageAccounts');
    }
    const watcherOptions = options.networkWatcher ?? {};
    if (watcherOptions.create !== undefined && typeof watcherOptions.create !== 'boolean') {
      invalid(this, 'flowLogs.networkWatcher.create', watcherOptions.create, 'must be true (create NetworkWatcher_<region>) or false (adopt the existing one)');
    }
    const watcherGroup = watcherOptions.resourceGroupName ?? 'NetworkWatcherRG';
    if (typeof watcherGroup !== 'string' || (!isToken(watcherGroup) && !/^[-\w.()]{1,89}[-\w()]$|^[-\w()]$/.test(watcherGroup))) {
      invalid(this, 'flowLogs.networkWatcher.resourceGroupName', watcherGroup,
        'must be a resource group name (1-90 letters, digits, "-", "_", ".", "(", ")", not ending in "."), or be left out for Azure\'s "NetworkWatcherRG"');
    }
    const runnerRanges = this.storageRunnerRanges(options);
    const watchers: Record<string, { name: string; resourceGroupName: string }> = {};
    const seen = new Set<string>();
    const flowLogNames = new Set<string>();

    options.virtualNetworks.forEach((vnet, i) => {
      const property = `flowLogs.virtualNetworks[${i}]`;
      if (!vnet || typeof vnet !== 'object') invalid(this, property, vnet, 'must be { id: "<VNet resource id>", location?: "<region>" }');
      requireResourceId(this, `${property}.id`, vnet.id, 'Microsoft.Network/virtualNetworks');
      const region = vnet.location ?? props.location;
      requireLocation(this, `${property}.location`, region);
      const key = isToken(vnet.id) ? `#${i}` : vnet.id.toLowerCase();
      if (seen.has(key)) invalid(this, `${property}.id`, vnet.id, 'is listed twice');
      seen.add(key);
      // Names are qualified by resource group: two VNets may share a name in one region (one Network Watcher).
      // azurerm 4.55 takes flow log names of word characters, "." and "-", ending with a word character, 80 at most;
      // resource group names may also hold "(" and ")", and the cut may end on "-" or ".".
      // A name given is used as it is (never rewritten: user text is data), so it must already be a valid one.
      if (vnet.name !== undefined && (typeof vnet.name !== 'string' || isToken(vnet.name) || !/^[\w.-]{0,71}\w$/.test(vnet.name))) {
        invalid(this, `${property}.name`, vnet.name, 'must be 1 to 72 letters, digits, "_", "." or "-", ending with a letter, digit or "_" (the flow log is named flowlog-<name>, 80 characters at most)');
      }
      const vnetName = (vnet.name ?? (isToken(vnet.id) ? `${i}` : `${siemIdSegment(vnet.id, 4)}-${siemIdSegment(vnet.id, 8)}`))
        .replace(/[^\w.-]/g, '-').slice(0, 72).replace(/[^\w]+$/, '');
      if (flowLogNames.has(vnetName.toLowerCase())) {
        invalid(this, `${property}.name`, vnet.name ?? vnetName, 'gives the flow log the name of another one in the list: give each VNet its own name');
      }
      flowLogNames.add(vnetName.toLowerCase());

      // One watcher per subscription and region (Azure refuses a second): the one named as Azure names it, in
      // Azure's group unless told otherwise; the flow log refers to it (created or read), so Terraform orders them.
      let watcher = watchers[region];
      if (!watcher) {
        if (watcherOptions.create) {
          const created = new NetworkWatcher(this, `NetworkWatcher-${region}`, {
            provider: this.provider,
            name: `NetworkWatcher_${region}`,
            resourceGroupName: watcherGroup,
            location: region,
            tags: props.tags,
          });
          protectFromDestroy(created, options.preventDestroy);
          this.networkWatchers[region] = created;
          watcher = { name: created.name, resourceGroupName: created.resourceGroupName };
        } else {
          const existing = new DataAzurermNetworkWatcher(this, `ExistingNetworkWatcher-${region}`, {
            provider: this.provider,
            name: `NetworkWatcher_${region}`,
            resourceGroupName: watcherGroup,
          });
          watcher = { name: existing.name, resourceGroupName: existing.resourceGroupName };
        }
        watchers[region] = watcher;
      }

      const storageAccountId = storageIds[region] ?? this.flowLogStorage(props, options, region, replication, runnerRanges).id;
      this.flowLogs.push(new NetworkWatcherFlowLog(this, `FlowLog-${vnetName}`, {
        provider: this.provider,
        name: `flowlog-${vnetName}`,
        networkWatcherName: watcher.name,
        resourceGroupName: watcher.resourceGroupName,
        location: region,
        targetResourceId: vnet.id,
        storageAccountId,
        enabled: true,
        version: 2,
        retentionPolicy: { enabled: true, days: retention },
        trafficAnalytics: analytics ? {
          enabled: true,
          workspaceId: analytics.customerId,
          workspaceRegion: analytics.location,
          workspaceResourceId: analytics.resourceId,
          intervalInMinutes: interval,
        } : undefined,
        tags: props.tags,
      }));
    });
  }

  private trafficAnalytics(options: SiemFlowLogOptions): { customerId: string; location: string; resourceId: string } | undefined {
    if (options.trafficAnalytics === false) return undefined;
    const d = this.destination;
    const customerId = d.workspaceCustomerId;
    const location = d.workspaceLocation;
    if (d.workspaceId && customerId && location) return { customerId, location, resourceId: d.workspaceId };
    const missing = !d.workspaceId ? 'workspaceId' : !customerId ? 'workspaceCustomerId' : 'workspaceLocation';
    if (options.trafficAnalytics === true) {
      invalid(this, 'flowLogs.trafficAnalytics', true, `needs the destination's ${missing}: add it to the destination ids, or set trafficAnalytics: false`);
    }
    warn(this, 'guardrails:siem:flow-logs-without-traffic-analytics', `flowLogs: no traffic analytics (the destination has no ${missing}); flow logs go to storage only`);
    return undefined;
  }

  /** `flowLogs.storageAllowedIpRanges`, checked as azurerm checks `ip_rules` (internal/services/storage/validate/storage_account_ip_rule.go). */
  private storageRunnerRanges(options: SiemFlowLogOptions): string[] {
    const ranges = options.storageAllowedIpRanges;
    if (ranges === undefined) return [];
    if (!Array.isArray(ranges) || ranges.length === 0) {
      invalid(this, 'flowLogs.storageAllowedIpRanges', ranges, 'must list one or more public IPv4 addresses or ranges, or be left out');
    }
    ranges.forEach((r, i) => {
      if (isToken(r)) return;
      const m = typeof r === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(r) : null;
      const octets = m ? m.slice(1, 5).map(Number) : [];
      const prefix = m && m[5] !== undefined ? Number(m[5]) : undefined;
      if (!m || octets.some((o) => o > 255) || (prefix !== undefined && prefix > 30)) {
        invalid(this, `flowLogs.storageAllowedIpRanges[${i}]`, r,
          'must be a public IPv4 address ("203.0.113.7") or range with a prefix from /0 to /30 ("203.0.113.0/24"): Azure Storage takes no /31 or /32 ranges');
      }
      const [a, b] = octets;
      if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) {
        invalid(this, `flowLogs.storageAllowedIpRanges[${i}]`, r,
          'is a private (RFC 1918) address: storage firewall IP rules take public addresses only; a runner inside Azure needs the provider feature storage { data_plane_available = false } instead');
      }
    });
    return [...ranges];
  }

  /**
   * The created accounts deny every network but `runnerRanges`: azurerm v4.55.0 then fails on the data plane
   * (storage_account_resource.go: create waits for the blob and queue endpoints, every read fetches queue and
   * static-website properties) unless its provider declares `storage { data_plane_available = false }`.
   */
  private checkStorageDataPlane(account: StorageAccount, runnerRanges: string[]): string[] {
    if (runnerRanges.length > 0) return [];
    const provider = azurermProviderOf(this, this.provider);
    if (!provider) return [];
    if (storageDataPlaneAvailable(provider) !== true) return [];
    return [`${this.node.path}: invalid flowLogs.storageAllowedIpRanges ${describeValue(undefined)}: the flow-log storage account ${account.node.path} denies every network, ` +
      `and azurerm (v4.55.0 storage_account_resource.go) reads its blob and queue endpoints after create and on every refresh, which then fails with 403 (provider issue #33454). ` +
      `Declare features { storage { data_plane_available = false } } on the azurerm provider ${provider.node.path} ` +
      '(features: [AZURERM_FEATURES_FOR_FIREWALLED_STORAGE], as the reference app does), or list the public egress addresses of the machine Terraform runs on in flowLogs.storageAllowedIpRanges'];
  }

  private flowLogStorage(props: SiemSourcesProps, options: SiemFlowLogOptions, region: string, replication: string, runnerRanges: string[]): StorageAccount {
    const existing = this.flowLogStorageAccounts[region];
    if (existing) return existing;
    const account = new StorageAccount(this, `FlowLogStorage-${region}`, {
      provider: this.provider,
      name: `stsiemfl${siemHash(this, `${props.subscriptionId}|${region}`, 14)}`,
      resourceGroupName: props.resourceGroupName,
      location: region,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: replication,
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: options.storageSharedKeyEnabled ?? true,
      defaultToOauthAuthentication: true,
      infrastructureEncryptionEnabled: true,
      crossTenantReplicationEnabled: false,
      localUserEnabled: false,
      sftpEnabled: false,
      // Network Watcher writes as a trusted Microsoft service; everything else is denied but the Terraform runner's
      // addresses, when given. Without them Terraform must stay off the data plane (checked below).
      networkRules: { defaultAction: 'Deny', bypass: ['AzureServices', 'Logging', 'Metrics'], ipRules: runnerRanges, virtualNetworkSubnetIds: [] },
      blobProperties: {
        deleteRetentionPolicy: { days: 7 },
        containerDeleteRetentionPolicy: { days: 7 },
      },
      tags: props.tags,
    });
    protectFromDestroy(account, options.preventDestroy);
    this.flowLogStorageAccounts[region] = account;
    this.node.addValidation({ validate: () => this.checkStorageDataPlane(account, runnerRanges) });
    return account;
  }
}

