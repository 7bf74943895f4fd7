import { Eventhub } from '@cdktf/provider-azurerm/lib/eventhub';
import { EventhubAuthorizationRule } from '@cdktf/provider-azurerm/lib/eventhub-authorization-rule';
import { EventhubConsumerGroup } from '@cdktf/provider-azurerm/lib/eventhub-consumer-group';
import { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace';
import { EventhubNamespaceAuthorizationRule } from '@cdktf/provider-azurerm/lib/eventhub-namespace-authorization-rule';
import { DataAzurermLogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/data-azurerm-log-analytics-workspace';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorAadDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-aad-diagnostic-setting';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { SentinelDataConnectorAzureActiveDirectory } from '@cdktf/provider-azurerm/lib/sentinel-data-connector-azure-active-directory';
import { SentinelDataConnectorAzureAdvancedThreatProtection } from '@cdktf/provider-azurerm/lib/sentinel-data-connector-azure-advanced-threat-protection';
import { SentinelDataConnectorAzureSecurityCenter } from '@cdktf/provider-azurerm/lib/sentinel-data-connector-azure-security-center';
import { SentinelDataConnectorMicrosoftDefenderAdvancedThreatProtection } from '@cdktf/provider-azurerm/lib/sentinel-data-connector-microsoft-defender-advanced-threat-protection';
import { SentinelDataConnectorMicrosoftThreatProtection } from '@cdktf/provider-azurerm/lib/sentinel-data-connector-microsoft-threat-protection';
import { SentinelLogAnalyticsWorkspaceOnboarding } from '@cdktf/provider-azurerm/lib/sentinel-log-analytics-workspace-onboarding';
import { TerraformProvider } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { warn } from '../core/annotations';
import { invalid, oneOf } from '../core/errors';
import { protectFromDestroy } from '../core/lifecycle';
import { addDiagnosticSetting } from '../core/log-destination';
import { isToken, requireGuid, requireIntegerInRange, requireIpv4Cidr, requireLocation, requireOneOf, requireResourceId } from '../core/validate';
import {
  resolveSiemTargets, restrictSiemDestination, SiemDestinationIds, SiemDiagnosticsOptions, SiemTarget, siemHash, siemIdSegment,
} from './common';
import { requireSiemSubset } from './continuous-export';
import { TerraformLiterals } from '../core/terraform-literal';

/** A Microsoft Sentinel data connector that azurerm 4.55 can deploy. */
export type SiemSentinelConnector =
  /** Defender for Cloud alerts (the subscription-based connector; one per subscription). */
  | 'AzureSecurityCenter'
  /** Microsoft Defender XDR (formerly Microsoft 365 Defender / Microsoft Threat Protection) incidents and alerts. */
  | 'MicrosoftThreatProtection'
  /** Microsoft Defender for Endpoint alerts. */
  | 'MicrosoftDefenderAdvancedThreatProtection'
  /** Microsoft Entra ID Protection alerts (sign-in and audit logs come through `entraIdLogs`). */
  | 'AzureActiveDirectory'
  /** Microsoft Defender for Identity alerts. */
  | 'AzureAdvancedThreatProtection';

/** Every connector the construct knows. */
export const SIEM_SENTINEL_CONNECTORS: readonly SiemSentinelConnector[] = [
  'AzureSecurityCenter', 'MicrosoftThreatProtection', 'MicrosoftDefenderAdvancedThreatProtection', 'AzureActiveDirectory',
  'AzureAdvancedThreatProtection',
];

/** Connectors on by default: Defender for Cloud, Defender XDR, Defender for Endpoint and Entra ID. */
export const SIEM_DEFAULT_SENTINEL_CONNECTORS: readonly SiemSentinelConnector[] = [
  'AzureSecurityCenter', 'MicrosoftThreatProtection', 'MicrosoftDefenderAdvancedThreatProtection', 'AzureActiveDirectory',
];

/** Microsoft Entra ID log categories of the tenant diagnostic setting. */
export type SiemEntraIdLogCategory =
  | 'AuditLogs' | 'SignInLogs' | 'NonInteractiveUserSignInLogs' | 'ServicePrincipalSignInLogs' | 'ManagedIdentitySignInLogs'
  | 'ProvisioningLogs' | 'ADFSSignInLogs' | 'RiskyUsers' | 'UserRiskEvents' | 'RiskyServicePrincipals'
  | 'ServicePrincipalRiskEvents' | 'MicrosoftGraphActivityLogs' | 'NetworkAccessTrafficLogs' | 'EnrichedOffice365AuditLogs';

/** Every Entra ID category the construct knows. */
export const SIEM_ENTRA_ID_LOG_CATEGORIES: readonly SiemEntraIdLogCategory[] = [
  'AuditLogs', 'SignInLogs', 'NonInteractiveUserSignInLogs', 'ServicePrincipalSignInLogs', 'ManagedIdentitySignInLogs',
  'ProvisioningLogs', 'ADFSSignInLogs', 'RiskyUsers', 'UserRiskEvents', 'RiskyServicePrincipals', 'ServicePrincipalRiskEvents',
  'MicrosoftGraphActivityLogs', 'NetworkAccessTrafficLogs', 'EnrichedOffice365AuditLogs',
];

/**
 * Entra ID categories exported by default: audit and every sign-in log, provisioning, and the Identity Protection
 * risk logs. Risk categories need Entra ID P2 and Graph activity logs P1/P2; drop what the tenant is not licensed for.
 */
export const SIEM_DEFAULT_ENTRA_ID_LOG_CATEGORIES: readonly SiemEntraIdLogCategory[] = [
  'AuditLogs', 'SignInLogs', 'NonInteractiveUserSignInLogs', 'ServicePrincipalSignInLogs', 'ManagedIdentitySignInLogs',
  'ProvisioningLogs', 'RiskyUsers', 'UserRiskEvents', 'RiskyServicePrincipals', 'ServicePrincipalRiskEvents',
];

/** Network exposure of a created Event Hub namespace. */
export type SiemEventHubNetworkAccess =
  /**
   * Public endpoint on, firewall default Deny: `allowedIpRanges` (at least one: without any IP or virtual network
   * rule Azure lets every network in, whatever the default action) and trusted Microsoft services get in.
   */
  | 'SelectedNetworks'
  /** Public endpoint off: private endpoints (which you add) and trusted Microsoft services only. */
  | 'Private'
  /** Reachable from any network (SAS still required). */
  | 'Public';

const NETWORK_ACCESS: readonly SiemEventHubNetworkAccess[] = ['SelectedNetworks', 'Private', 'Public'];

/** The Log Analytics workspace (Microsoft Sentinel) destination. */
export interface SiemWorkspaceOptions {
  /**
   * Use this existing workspace instead of creating one
   * (`/subscriptions/<GUID>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>`).
   * @default - a workspace is created
   */
  readonly existingWorkspaceId?: string;
  /**
   * Customer id (GUID) of the existing workspace, for traffic analytics.
   * @default - read with a data source when a flow log needs it
   */
  readonly existingWorkspaceCustomerId?: string;
  /**
   * Region of the existing workspace, checked against `allowedLocations` and used by traffic analytics.
   * @default - read with a data source when needed (then not checked against allowedLocations)
   */
  readonly existingWorkspaceLocation?: string;
  /**
   * Name of the created workspace: 4-63 letters, digits or '-', not starting or ending with '-'.
   * @default - `law-siem-<hash of the construct path>`
   */
  readonly name?: string;
  /**
   * Interactive retention in days: 30 to 730 (Azure's bounds for the PerGB2018 tier). Sentinel includes 90 days.
   * @default 90
   */
  readonly retentionInDays?: number;
  /**
   * Daily ingestion cap in GB. A cap drops security data once reached: the construct warns when Sentinel is on.
   * @default - no cap
   */
  readonly dailyQuotaGb?: number;
  /**
   * Accept ingestion over the public internet. Azure services (diagnostic settings, continuous export, Sentinel
   * connectors) are not affected; with `false`, agents need an Azure Monitor Private Link Scope.
   * @default true
   */
  readonly internetIngestionEnabled?: boolean;
  /**
   * Accept queries over the public internet. With `false`, analysts (and the Sentinel portal) need a private link.
   * @default true
   */
  readonly internetQueryEnabled?: boolean;
  /**
   * Allow shared-key (local) authentication. Off: writers and readers authenticate with Entra ID only (the Azure
   * Monitor Agent, diagnostic settings and Sentinel do; only the retired MMA agent and the HTTP Data Collector API
   * need keys).
   * @default false
   */
  readonly localAuthenticationEnabled?: boolean;
  /**
   * `lifecycle.prevent_destroy` on the created workspace: losing it loses the audit trail.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** Microsoft Sentinel on the workspace. */
export interface SiemSentinelOptions {
  /**
   * Onboard the workspace to Sentinel. Set `false` for an existing workspace that is already onboarded (or import
   * the onboarding into this stack).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Data connectors to deploy. Defender XDR, Defender for Endpoint, Entra ID and Defender for Identity need the
   * matching licences and a Global or Security Administrator to deploy.
   * @default SIEM_DEFAULT_SENTINEL_CONNECTORS
   */
  readonly dataConnectors?: SiemSentinelConnector[];
  /**
   * Subscriptions (GUIDs) whose Defender for Cloud alerts the `AzureSecurityCenter` connector collects: one
   * connector per subscription, so list every subscription that sends to this workspace. The deploying identity
   * needs Security Reader on each.
   * @default - the provider's subscription only
   */
  readonly defenderForCloudSubscriptionIds?: string[];
  /**
   * Tenant (GUID) of the tenant-level connectors.
   * @default - the provider's tenant
   */
  readonly tenantId?: string;
  /**
   * `lifecycle.prevent_destroy` on the Sentinel onboarding: destroying it offboards the workspace from Sentinel,
   * and Sentinel then deletes the workspace's incidents, analytics rules, watchlists and automation (the logs stay).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** The Event Hub destination, for third-party SIEMs (Splunk, QRadar, Elastic...). */
export interface SiemEventHubOptions {
  /**
   * Create the hub and its rules in this existing namespace
   * (`/subscriptions/<GUID>/resourceGroups/<group>/providers/Microsoft.EventHub/namespaces/<name>`).
   * @default - a namespace is created
   */
  readonly existingNamespaceId?: string;
  /**
   * Name of the created namespace (globally unique): 6-50 letters, digits or '-', starting with a letter and ending
   * with a letter or digit.
   * @default - `evhns-siem-<hash of the construct path>`
   */
  readonly namespaceName?: string;
  /** Name of the Event Hub that receives every source's logs. Required. */
  readonly hubName: string;
  /**
   * Namespace tier: `Standard` or `Premium` (Basic has one consumer group and one day of retention).
   * @default 'Standard'
   */
  readonly sku?: 'Standard' | 'Premium';
  /**
   * Throughput units (Standard, 1-40) or processing units (Premium: 1, 2, 4, 8 or 16).
   * @default 1
   */
  readonly capacity?: number;
  /**
   * Enable auto-inflate up to this many throughput units (Standard only, capacity-40).
   * @default - auto-inflate off
   */
  readonly autoInflateMaximumThroughputUnits?: number;
  /**
   * Partitions of the hub: 1-32 (Standard) or 1-100 (Premium). azurerm never lowers it, and changes it only on
   * Premium: on Standard, choose the final count up front.
   * @default 4
   */
  readonly partitionCount?: number;
  /**
   * Days the hub keeps events: 1-7 (Standard) or 1-90 (Premium). The SIEM must read within this window.
   * @default 7
   */
  readonly messageRetentionInDays?: number;
  /**
   * Allow SAS (local) authentication on the namespace. Diagnostic settings and Defender for Cloud continuous export
   * can only write to an Event Hub with SAS, so switching it off breaks every source; the construct warns.
   * @default true
   */
  readonly localAuthenticationEnabled?: boolean;
  /**
   * Network exposure of the created namespace. Azure Monitor (diagnostic settings) reaches it as a trusted Microsoft
   * service in every mode. Defender for Cloud continuous export reaches a firewalled namespace only as a trusted
   * service with a managed identity, which azurerm 4.55's automation resource (API 2019-01-01-preview) cannot
   * configure: `SiemSources` warns when it exports here; use `Public` or export to the workspace only.
   *
   * `SelectedNetworks` needs at least one `allowedIpRanges` entry: Azure lets all traffic into a namespace whose
   * network rule set has no IP and no virtual network rule, even with the default action Deny ("If there are no IP
   * and virtual network rules, all the traffic flows into the namespace even if you set the defaultAction to
   * deny", Event Hubs network security docs), so the kit refuses it rather than deploy an open namespace that looks
   * closed.
   * @default 'SelectedNetworks' when `allowedIpRanges` is given, otherwise 'Private'
   */
  readonly networkAccess?: SiemEventHubNetworkAccess;
  /**
   * IPv4 CIDR ranges allowed through the firewall with `SelectedNetworks`: the SIEM's egress addresses. Required
   * (one or more) with `SelectedNetworks`.
   * @default - none (and then `networkAccess` defaults to 'Private')
   */
  readonly allowedIpRanges?: string[];
  /**
   * Consumer group the SIEM reads with (the listen rule's consumers should not share `$Default`).
   * @default 'siem'
   */
  readonly consumerGroupName?: string;
  /**
   * `lifecycle.prevent_destroy` on the created namespace and hub.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** Tenant-wide Microsoft Entra ID logs (sign-ins, audit) through the tenant's diagnostic setting. */
export interface SiemEntraIdLogsOptions {
  /**
   * Categories to export.
   * @default SIEM_DEFAULT_ENTRA_ID_LOG_CATEGORIES
   */
  readonly categories?: SiemEntraIdLogCategory[];
  /**
   * Targets that receive them.
   * @default - every target of this destination
   */
  readonly targets?: SiemTarget[];
}

/** Props of {@link SiemDestination}. */
export interface SiemDestinationProps {
  /** Existing resource group that holds the created workspace and namespace. */
  readonly resourceGroupName: string;
  /** Region of the created resources, ARM form (`westeurope`). */
  readonly location: string;
  /**
   * Subscription (GUID) the destination is deployed in. Lets `SiemSources` in other stacks check that they pass a
   * lookup provider for the Event Hub export rule when it is in another subscription.
   * @default - unknown (sources then only get an info annotation)
   */
  readonly subscriptionId?: string;
  /**
   * Regions the caller allows for the SIEM data (data residency). The location, and an existing workspace's
   * location when given, must be one of them.
   * @default - any region
   */
  readonly allowedLocations?: string[];
  /**
   * The Log Analytics workspace; `false` for an Event Hub-only destination.
   * @default - a workspace is created with the defaults of SiemWorkspaceOptions
   */
  readonly workspace?: SiemWorkspaceOptions | false;
  /**
   * Microsoft Sentinel on the workspace: `true`/`false` or options.
   * @default true (with a workspace)
   */
  readonly sentinel?: boolean | SiemSentinelOptions;
  /**
   * The Event Hub for third-party SIEMs.
   * @default - no Event Hub
   */
  readonly eventHub?: SiemEventHubOptions;
  /**
   * Export the tenant's Microsoft Entra ID logs here (`azurerm_monitor_aad_diagnostic_setting`): `true` for the
   * defaults, or options. One per tenant; needs a Global or Security Administrator to deploy.
   * @default false
   */
  readonly entraIdLogs?: boolean | SiemEntraIdLogsOptions;
  /**
   * Azure provider the resources use (for example an aliased provider of the central subscription).
   * @default - the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Tags of the created resources.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** Names of the authorization rules the construct creates (public: other stacks and SIEM configs refer to them). */
export const SIEM_EVENT_HUB_RULE_NAMES = {
  /** Namespace-level, Send only: diagnostic settings of every source (they name the hub, so Send is enough). */
  diagnosticsSend: 'siem-diagnostics-send',
  /** Hub-level, Send only: Defender for Cloud continuous export. */
  exportSend: 'siem-export-send',
  /** Hub-level, Listen only: the SIEM's consumer. */
  consumerListen: 'siem-consumer-listen',
} as const;

/**
 * The names a {@link SiemDestination} is deployed with: enough to compute every id it exposes, in another stack or
 * from a config file, without a cross-stack reference (see {@link SiemDestination.idsFor}). The construct's default
 * names hash its construct path, so a destination whose ids other stacks compute names its workspace and namespace.
 */
export interface SiemDestinationNames {
  /** Subscription (GUID) the destination is deployed in. */
  readonly subscriptionId: string;
  /** Resource group of the workspace and the Event Hub namespace (`resourceGroupName` of the construct). */
  readonly resourceGroupName: string;
  /**
   * Name of the created workspace (`workspace.name`).
   * @default - no workspace (an Event Hub-only destination)
   */
  readonly workspaceName?: string;
  /**
   * Names of the created Event Hub (`eventHub.namespaceName` and `eventHub.hubName`).
   * @default - no Event Hub
   */
  readonly eventHub?: { readonly namespaceName: string; readonly hubName: string };
}

/** Literal names of the hub-level export rule, for sources in other stacks that read its connection string. */
export interface SiemEventHubRuleRef {
  readonly name: string;
  readonly eventHubName: string;
  readonly namespaceName: string;
  readonly resourceGroupName: string;
}

const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;
const RESOURCE_GROUP_NAME = /^[-\w.()]{1,90}$/;
const NAMESPACE_NAME = /^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$/;
const HUB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,254}[A-Za-z0-9])?$/;
/** azurerm 4.55's consumer group names (and the tenant diagnostic setting's `eventhub_name`): at most 50 characters. */
const NAME_50 = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,48}[A-Za-z0-9])?$/;
const PREMIUM_UNITS = [1, 2, 4, 8, 16];

/**
 * The central SIEM destination: a Log Analytics workspace onboarded to Microsoft Sentinel with its data connectors,
 * and/or an Event Hub for a third-party SIEM, with a Send-only rule for producers and a Listen-only rule plus
 * consumer group for the SIEM. Deploy one, in the security subscription; every subscription's `SiemSources` (and
 * every construct that takes an `ILogDestination`) sends to it.
 *
 * No secret leaves the construct as an output. The only secret it exposes is `eventHubExportConnectionString`, a
 * sensitive attribute for continuous export in the same stack; never put it in a `TerraformOutput`.
 *
 * @example
 * const siem = new SiemDestination(stack, 'Siem', {
 *   resourceGroupName: 'rg-security-siem', location: 'westeurope', allowedLocations: ['westeurope', 'northeurope'],
 *   workspace: { name: 'law-security-siem', retentionInDays: 365 },
 *   eventHub: { namespaceName: 'evhns-contoso-siem', hubName: 'security-logs' },
 * });
 * new SiemSources(stack, 'SiemSources', { subscriptionId, resourceGroupName: 'rg-security-siem', location: 'westeurope', destination: siem });
 */
export class SiemDestination extends Construct implements SiemDestinationIds {
  /**
   * The ids of a destination deployed with these names, for stacks that send to it but do not contain it (as
   * aws-ecr's `Repository.arnForLocalRepository`): the workspace, the Event Hub namespace and hub, the namespace-level
   * Send rule for diagnostic settings and the hub-level Send rule for continuous export. No secret, no reference:
   * the ids are plain strings, the same the construct creates.
   *
   * @param names the names the destination is deployed with
   * @param scope construct (or path) named in error messages
   * @throws GuardrailsValidationError for a bad subscription id or a name the construct would refuse
   */
  public static idsFor(names: SiemDestinationNames, scope: IConstruct | string = 'SiemDestination.idsFor'): SiemDestinationIds {
    if (!names || typeof names !== 'object') invalid(scope, 'names', names, 'must be an object { subscriptionId, resourceGroupName, workspaceName?, eventHub? }');
    requireGuid(scope, 'subscriptionId', names.subscriptionId);
    if (typeof names.resourceGroupName !== 'string' || !RESOURCE_GROUP_NAME.test(names.resourceGroupName) || names.resourceGroupName.endsWith('.')) {
      invalid(scope, 'resourceGroupName', names.resourceGroupName, 'must be a resource group name: 1-90 letters, digits, "-", "_", ".", "(", ")", not ending in "."');
    }
    if (names.workspaceName === undefined && names.eventHub === undefined) {
      invalid(scope, 'workspaceName', undefined, 'a destination has a workspace, an eventHub, or both: give workspaceName, eventHub or both');
    }
    const group = `/subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}`;
    let workspaceId: string | undefined;
    if (names.workspaceName !== undefined) {
      if (typeof names.workspaceName !== 'string' || !WORKSPACE_NAME.test(names.workspaceName)) {
        invalid(scope, 'workspaceName', names.workspaceName, "must be 4-63 letters, digits or '-', not starting or ending with '-'");
      }
      workspaceId = `${group}/providers/Microsoft.OperationalInsights/workspaces/${names.workspaceName}`;
    }
    if (names.eventHub === undefined) return { workspaceId };
    const { namespaceName, hubName } = names.eventHub;
    if (typeof namespaceName !== 'string' || !NAMESPACE_NAME.test(namespaceName)) {
      invalid(scope, 'eventHub.namespaceName', namespaceName, "must be 6-50 letters, digits or '-', starting with a letter and ending with a letter or digit");
    }
    if (typeof hubName !== 'string' || !HUB_NAME.test(hubName)) {
      invalid(scope, 'eventHub.hubName', hubName, 'must be 1-256 letters, digits, ".", "_" or "-", starting and ending with a letter or digit');
    }
    const namespaceId = `${group}/providers/Microsoft.EventHub/namespaces/${namespaceName}`;
    const eventHubId = `${namespaceId}/eventhubs/${hubName}`;
    return {
      workspaceId,
      eventHubNamespaceId: namespaceId,
      eventHubAuthorizationRuleId: `${namespaceId}/authorizationRules/${SIEM_EVENT_HUB_RULE_NAMES.diagnosticsSend}`,
      eventHubName: hubName,
      eventHubId,
      eventHubExportAuthorizationRuleId: `${eventHubId}/authorizationRules/${SIEM_EVENT_HUB_RULE_NAMES.exportSend}`,
    };
  }

  /** Resource id of the workspace (undefined without one). */
  public readonly workspaceId?: string;
  /** Namespace-level Send-only authorization rule id, for diagnostic settings (undefined without an Event Hub). */
  public readonly eventHubAuthorizationRuleId?: string;
  /**
   * Name of the Event Hub (undefined without one): a reference to the hub resource, so that a diagnostic setting in
   * this stack that names it is created after it. Other stacks get the literal name from `eventHubExportRule` or
   * `SiemDestination.idsFor`.
   */
  public readonly eventHubName?: string;
  /** Resource id of the Event Hub. */
  public readonly eventHubId?: string;
  /** Resource id of the namespace. */
  public readonly eventHubNamespaceId?: string;
  /** Hub-level Send-only rule id (continuous export). */
  public readonly eventHubExportAuthorizationRuleId?: string;
  /** Hub-level Listen-only rule id: give its connection string to the SIEM (read it with listKeys, not an output). */
  public readonly eventHubConsumerAuthorizationRuleId?: string;
  /** Consumer group of the SIEM. */
  public readonly eventHubConsumerGroupName?: string;
  /** Literal names of the export rule (for sources in other stacks). */
  public readonly eventHubExportRule?: SiemEventHubRuleRef;
  /** Subscription the destination is deployed in, when given. */
  public readonly subscriptionId?: string;
  /** Network exposure of the created namespace (undefined for an existing namespace or without an Event Hub). */
  public readonly eventHubNetworkAccess?: SiemEventHubNetworkAccess;
  /** The created workspace (undefined for an existing one). */
  public readonly workspace?: LogAnalyticsWorkspace;
  /** The Sentinel onboarding (undefined when off). */
  public readonly sentinelOnboarding?: SentinelLogAnalyticsWorkspaceOnboarding;
  /** The created namespace (undefined for an existing one). */
  public readonly eventHubNamespace?: EventhubNamespace;
  /** The hub. */
  public readonly eventHub?: Eventhub;
  /** The tenant Entra ID diagnostic setting (undefined when off). */
  public readonly entraIdDiagnosticSetting?: MonitorAadDiagnosticSetting;

  private readonly provider?: TerraformProvider;
  /** The hub's name as given (`eventHubName` is a reference to the hub). */
  private readonly eventHubLiteralName?: string;
  private readonly existingWorkspace?: { id: string; customerId?: string; location?: string };
  private exportRule?: EventhubAuthorizationRule;
  private workspaceLookup?: DataAzurermLogAnalyticsWorkspace;

  constructor(scope: Construct, id: string, props: SiemDestinationProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    this.provider = props.provider;
    if (!props.resourceGroupName || typeof props.resourceGroupName !== 'string') {
      invalid(this, 'resourceGroupName', props.resourceGroupName, 'must name an existing resource group');
    }
    requireLocation(this, 'location', props.location);
    if (props.subscriptionId !== undefined) this.subscriptionId = requireGuid(this, 'subscriptionId', props.subscriptionId);
    const allowed = this.checkAllowedLocations(props);
    this.requireAllowed('location', props.location, allowed);
    if (props.workspace === false && !props.eventHub) {
      invalid(this, 'workspace', false, 'a destination needs a workspace, an eventHub, or both');
    }

    if (props.workspace !== false) {
      const ws = props.workspace ?? {};
      if (ws.existingWorkspaceId !== undefined) {
        requireResourceId(this, 'workspace.existingWorkspaceId', ws.existingWorkspaceId, 'Microsoft.OperationalInsights/workspaces');
        if (ws.existingWorkspaceCustomerId !== undefined) requireGuid(this, 'workspace.existingWorkspaceCustomerId', ws.existingWorkspaceCustomerId);
        if (ws.existingWorkspaceLocation !== undefined) {
          requireLocation(this, 'workspace.existingWorkspaceLocation', ws.existingWorkspaceLocation);
          this.requireAllowed('workspace.existingWorkspaceLocation', ws.existingWorkspaceLocation, allowed);
        }
        for (const key of ['name', 'retentionInDays', 'dailyQuotaGb'] as const) {
          if (ws[key] !== undefined) invalid(this, `workspace.${key}`, ws[key], 'cannot be set with existingWorkspaceId: the construct does not manage that workspace');
        }
        this.existingWorkspace = { id: ws.existingWorkspaceId, customerId: ws.existingWorkspaceCustomerId, location: ws.existingWorkspaceLocation };
        this.workspaceId = ws.existingWorkspaceId;
      } else {
        this.workspace = this.createWorkspace(props, ws);
        this.workspaceId = this.workspace.id;
      }
      const sentinel = props.sentinel === undefined || props.sentinel === true ? {} : props.sentinel;
      if (sentinel !== false && sentinel.enabled !== false) {
        this.sentinelOnboarding = this.onboardSentinel(sentinel);
        if (ws.dailyQuotaGb !== undefined) {
          warn(this, 'guardrails:siem:sentinel-daily-cap',
            `workspace.dailyQuotaGb (${ws.dailyQuotaGb} GB) caps a Sentinel workspace: once reached, security logs are dropped until the next day`);
        }
      }
    } else if (props.sentinel !== undefined && props.sentinel !== false && !(typeof props.sentinel === 'object' && props.sentinel.enabled === false)) {
      invalid(this, 'sentinel', props.sentinel, 'needs a workspace: remove `workspace: false` or set `sentinel: false`');
    }

    if (props.eventHub !== undefined) {
      const hub = this.createEventHub(props, props.eventHub);
      // A reference to the hub (not its literal name): diagnostic settings that name it then wait for it.
      this.eventHubName = hub.hub.name;
      this.eventHubLiteralName = hub.hubName;
      this.eventHubId = hub.hub.id;
      this.eventHub = hub.hub;
      this.eventHubNamespace = hub.namespace;
      this.eventHubNamespaceId = hub.namespaceId;
      this.eventHubAuthorizationRuleId = hub.diagnosticsRule.id;
      this.eventHubExportAuthorizationRuleId = hub.exportRule.id;
      this.eventHubConsumerAuthorizationRuleId = hub.consumerRule.id;
      this.eventHubConsumerGroupName = hub.consumerGroupName;
      this.eventHubExportRule = {
        name: SIEM_EVENT_HUB_RULE_NAMES.exportSend, eventHubName: hub.hubName, namespaceName: hub.namespaceName, resourceGroupName: hub.resourceGroupName,
      };
      this.exportRule = hub.exportRule;
      this.eventHubNetworkAccess = hub.networkAccess;
    }

    if (props.entraIdLogs !== undefined && props.entraIdLogs !== false) {
      this.entraIdDiagnosticSetting = this.exportEntraIdLogs(props.entraIdLogs === true ? {} : props.entraIdLogs);
    }
  }

  /**
   * Primary connection string of the hub-level Send-only rule, for Defender for Cloud continuous export in the
   * same stack. SENSITIVE: never put it in a `TerraformOutput` (it also lives in Terraform state: protect the
   * backend). Sources in other stacks read it with a data source instead.
   */
  public get eventHubExportConnectionString(): string | undefined {
    return this.exportRule?.primaryConnectionString;
  }

  /** The workspace's customer id (GUID) for traffic analytics; read with a data source for an existing workspace. */
  public get workspaceCustomerId(): string | undefined {
    if (this.workspace) return this.workspace.workspaceId;
    if (!this.existingWorkspace) return undefined;
    return this.existingWorkspace.customerId ?? this.lookupWorkspace().workspaceId;
  }

  /** The workspace's region. */
  public get workspaceLocation(): string | undefined {
    if (this.workspace) return this.workspace.location;
    if (!this.existingWorkspace) return undefined;
    return this.existingWorkspace.location ?? this.lookupWorkspace().location;
  }

  /** The destination as plain ids (no secret), e.g. to write into a per-subscription stack's config. */
  public ids(): SiemDestinationIds {
    return {
      workspaceId: this.workspaceId,
      workspaceCustomerId: this.workspaceCustomerId,
      workspaceLocation: this.workspaceLocation,
      eventHubAuthorizationRuleId: this.eventHubAuthorizationRuleId,
      eventHubName: this.eventHubName,
      eventHubId: this.eventHubId,
      eventHubNamespaceId: this.eventHubNamespaceId,
      eventHubExportAuthorizationRuleId: this.eventHubExportAuthorizationRuleId,
    };
  }

  /**
   * Sends a resource's logs (category group `allLogs` or `audit`) to this destination with a diagnostic setting
   * created in this construct's stack. In another subscription's stack, use `SiemSources.addDiagnostics`.
   */
  public addDiagnostics(id: string, targetResourceId: string, options: SiemDiagnosticsOptions = {}): MonitorDiagnosticSetting {
    const targets = resolveSiemTargets(this, `${id}.targets`, options.targets, this);
    const setting = addDiagnosticSetting(this, id, targetResourceId, restrictSiemDestination(this, targets), options);
    if (this.provider) setting.provider = this.provider;
    return setting;
  }

  private checkAllowedLocations(props: SiemDestinationProps): string[] | undefined {
    if (props.allowedLocations === undefined) return undefined;
    if (!Array.isArray(props.allowedLocations) || props.allowedLocations.length === 0) {
      invalid(this, 'allowedLocations', props.allowedLocations, 'must list one or more regions, or be left out to allow any');
    }
    props.allowedLocations.forEach((l, i) => requireLocation(this, `allowedLocations[${i}]`, l));
    return props.allowedLocations;
  }

  private requireAllowed(property: string, location: string, allowed: string[] | undefined): void {
    if (!allowed || isToken(location)) return;
    if (!allowed.includes(location)) {
      invalid(this, property, location, `is not in allowedLocations: ${oneOf(allowed)} (SIEM data must stay in the allowed regions)`);
    }
  }

  private createWorkspace(props: SiemDestinationProps, ws: SiemWorkspaceOptions): LogAnalyticsWorkspace {
    for (const key of ['existingWorkspaceCustomerId', 'existingWorkspaceLocation'] as const) {
      if (ws[key] !== undefined) invalid(this, `workspace.${key}`, ws[key], 'only applies with existingWorkspaceId');
    }
    const name = ws.name ?? `law-siem-${siemHash(this)}`;
    if (!isToken(name) && !WORKSPACE_NAME.test(name)) {
      invalid(this, 'workspace.name', name, "must be 4-63 letters, digits or '-', not starting or ending with '-'");
    }
    const retention = requireIntegerInRange(this, 'workspace.retentionInDays', ws.retentionInDays ?? 90, 30, 730);
    if (ws.dailyQuotaGb !== undefined && (typeof ws.dailyQuotaGb !== 'number' || !(ws.dailyQuotaGb > 0) || !Number.isFinite(ws.dailyQuotaGb))) {
      invalid(this, 'workspace.dailyQuotaGb', ws.dailyQuotaGb, 'must be a positive number of GB, or be left out for no cap');
    }
    const workspace = new LogAnalyticsWorkspace(this, 'Workspace', {
      provider: this.provider,
      name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: 'PerGB2018',
      retentionInDays: retention,
      dailyQuotaGb: ws.dailyQuotaGb,
      internetIngestionEnabled: ws.internetIngestionEnabled ?? true,
      internetQueryEnabled: ws.internetQueryEnabled ?? true,
      localAuthenticationEnabled: ws.localAuthenticationEnabled ?? false,
      tags: props.tags,
    });
    protectFromDestroy(workspace, ws.preventDestroy);
    return workspace;
  }

  private onboardSentinel(options: SiemSentinelOptions): SentinelLogAnalyticsWorkspaceOnboarding {
    const connectors = requireSiemSubset(this, 'sentinel.dataConnectors', options.dataConnectors, SIEM_SENTINEL_CONNECTORS, SIEM_DEFAULT_SENTINEL_CONNECTORS);
    if (options.tenantId !== undefined) requireGuid(this, 'sentinel.tenantId', options.tenantId);
    const subscriptions = options.defenderForCloudSubscriptionIds;
    if (subscriptions !== undefined) {
      if (!Array.isArray(subscriptions) || subscriptions.length === 0) {
        invalid(this, 'sentinel.defenderForCloudSubscriptionIds', subscriptions, 'must list one or more subscription GUIDs, or be left out for the provider subscription');
      }
      subscriptions.forEach((s, i) => requireGuid(this, `sentinel.defenderForCloudSubscriptionIds[${i}]`, s));
      if (new Set(subscriptions.map((s) => s.toLowerCase())).size !== subscriptions.length) {
        invalid(this, 'sentinel.defenderForCloudSubscriptionIds', subscriptions, 'lists a subscription twice');
      }
    }
    const onboarding = new SentinelLogAnalyticsWorkspaceOnboarding(this, 'Sentinel', {
      provider: this.provider,
      workspaceId: this.workspaceId as string,
    });
    protectFromDestroy(onboarding, options.preventDestroy);
    // Connectors reference the onboarding's workspace id, so Terraform creates them after onboarding.
    const workspace = onboarding.workspaceId;
    const base = { provider: this.provider, logAnalyticsWorkspaceId: workspace };
    const tenant = { tenantId: options.tenantId };
    for (const connector of connectors) {
      switch (connector) {
        case 'AzureSecurityCenter':
          if (subscriptions) {
            for (const sub of subscriptions) {
              new SentinelDataConnectorAzureSecurityCenter(this, `DefenderForCloudConnector-${sub.toLowerCase()}`, {
                ...base, name: `defender-for-cloud-${sub.toLowerCase()}`, subscriptionId: sub,
              });
            }
          } else {
            new SentinelDataConnectorAzureSecurityCenter(this, 'DefenderForCloudConnector', { ...base, name: 'defender-for-cloud' });
          }
          break;
        case 'MicrosoftThreatProtection':
          new SentinelDataConnectorMicrosoftThreatProtection(this, 'DefenderXdrConnector', { ...base, ...tenant, name: 'defender-xdr' });
          break;
        case 'MicrosoftDefenderAdvancedThreatProtection':
          new SentinelDataConnectorMicrosoftDefenderAdvancedThreatProtection(this, 'DefenderForEndpointConnector', { ...base, ...tenant, name: 'defender-for-endpoint' });
          break;
        case 'AzureActiveDirectory':
          new SentinelDataConnectorAzureActiveDirectory(this, 'EntraIdConnector', { ...base, ...tenant, name: 'entra-id' });
          break;
        case 'AzureAdvancedThreatProtection':
          new SentinelDataConnectorAzureAdvancedThreatProtection(this, 'DefenderForIdentityConnector', { ...base, ...tenant, name: 'defender-for-identity' });
          break;
      }
    }
    return onboarding;
  }

  private createEventHub(props: SiemDestinationProps, options: SiemEventHubOptions) {
    if (options.hubName === undefined || options.hubName === null || options.hubName === '') {
      invalid(this, 'eventHub.hubName', options.hubName, 'is required: name the Event Hub that receives the logs (1-256 letters, digits, ".", "_" or "-")');
    }
    if (!isToken(options.hubName) && !HUB_NAME.test(options.hubName)) {
      invalid(this, 'eventHub.hubName', options.hubName, 'must be 1-256 letters, digits, ".", "_" or "-", starting and ending with a letter or digit');
    }
    const sku = requireOneOf(this, 'eventHub.sku', options.sku ?? 'Standard', ['Standard', 'Premium'] as const);
    const premium = sku === 'Premium';
    const partitionCount = requireIntegerInRange(this, 'eventHub.partitionCount', options.partitionCount ?? 4, 1, premium ? 100 : 32);
    const retention = requireIntegerInRange(this, 'eventHub.messageRetentionInDays', options.messageRetentionInDays ?? 7, 1, premium ? 90 : 7);
    const consumerGroupName = options.consumerGroupName ?? 'siem';
    if (!isToken(consumerGroupName) && !NAME_50.test(consumerGroupName)) {
      invalid(this, 'eventHub.consumerGroupName', consumerGroupName,
        'must be 1-50 letters, digits, ".", "_" or "-", starting and ending with a letter or digit (not "$Default"; azurerm refuses longer names)');
    }
    const localAuth = options.localAuthenticationEnabled ?? true;
    if (!localAuth) {
      warn(this, 'guardrails:siem:event-hub-local-auth-off',
        'eventHub.localAuthenticationEnabled is false: diagnostic settings and Defender for Cloud continuous export can only write to an Event Hub with SAS, so no source can send to it');
    }

    let namespace: EventhubNamespace | undefined;
    let networkAccess: SiemEventHubNetworkAccess | undefined;
    let namespaceId: string;
    let namespaceName: string;
    let resourceGroupName: string;
    if (options.existingNamespaceId !== undefined) {
      requireResourceId(this, 'eventHub.existingNamespaceId', options.existingNamespaceId, 'Microsoft.EventHub/namespaces');
      for (const key of ['namespaceName', 'sku', 'capacity', 'autoInflateMaximumThroughputUnits', 'networkAccess', 'allowedIpRanges', 'localAuthenticationEnabled'] as const) {
        if (options[key] !== undefined) invalid(this, `eventHub.${key}`, options[key], 'cannot be set with existingNamespaceId: the construct does not manage that namespace');
      }
      namespaceId = options.existingNamespaceId;
      namespaceName = siemIdSegment(namespaceId, 8);
      resourceGroupName = siemIdSegment(namespaceId, 4);
    } else {
      namespaceName = options.namespaceName ?? `evhns-siem-${siemHash(this)}`;
      if (!isToken(namespaceName) && !NAMESPACE_NAME.test(namespaceName)) {
        invalid(this, 'eventHub.namespaceName', namespaceName,
          "must be 6-50 letters, digits or '-', starting with a letter and ending with a letter or digit");
      }
      const capacity = options.capacity ?? 1;
      if (premium) {
        if (!PREMIUM_UNITS.includes(capacity)) invalid(this, 'eventHub.capacity', capacity, 'must be 1, 2, 4, 8 or 16 processing units with the Premium tier');
      } else {
        requireIntegerInRange(this, 'eventHub.capacity', capacity, 1, 40);
      }
      const maxUnits = options.autoInflateMaximumThroughputUnits;
      if (maxUnits !== undefined) {
        if (premium) invalid(this, 'eventHub.autoInflateMaximumThroughputUnits', maxUnits, 'only applies to the Standard tier');
        requireIntegerInRange(this, 'eventHub.autoInflateMaximumThroughputUnits', maxUnits, capacity, 40);
      }
      const ipRanges = options.allowedIpRanges ?? [];
      if (!Array.isArray(ipRanges)) invalid(this, 'eventHub.allowedIpRanges', ipRanges, 'must be a list of IPv4 CIDR ranges such as ["203.0.113.0/24"]');
      ipRanges.forEach((r, i) => requireIpv4Cidr(this, `eventHub.allowedIpRanges[${i}]`, r));
      const access = requireOneOf(this, 'eventHub.networkAccess', options.networkAccess ?? (ipRanges.length > 0 ? 'SelectedNetworks' : 'Private'), NETWORK_ACCESS);
      networkAccess = access;
      if (ipRanges.length > 0 && access !== 'SelectedNetworks') {
        invalid(this, 'eventHub.allowedIpRanges', ipRanges, `only applies with networkAccess "SelectedNetworks" (it is ${JSON.stringify(access)})`);
      }
      // Event Hubs admits every network into a namespace whose rule set has neither IP nor virtual network rules,
      // whatever its default action: "SelectedNetworks" without a range would be open to the internet.
      if (access === 'SelectedNetworks' && ipRanges.length === 0) {
        invalid(this, 'eventHub.networkAccess', access,
          'needs at least one eventHub.allowedIpRanges entry (the SIEM\'s egress ranges): Azure lets all traffic into a namespace without IP or virtual network rules, even with the default action Deny. ' +
          'Give the ranges, or use "Private" (private endpoints and trusted Microsoft services only) or "Public"');
      }
      namespace = new EventhubNamespace(this, 'Namespace', {
        provider: this.provider,
        name: namespaceName,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        sku,
        capacity,
        autoInflateEnabled: maxUnits !== undefined ? true : undefined,
        maximumThroughputUnits: maxUnits,
        minimumTlsVersion: '1.2',
        localAuthenticationEnabled: localAuth,
        publicNetworkAccessEnabled: access !== 'Private',
        networkRulesets: access === 'Public' ? undefined : [{
          defaultAction: 'Deny',
          publicNetworkAccessEnabled: access !== 'Private',
          trustedServiceAccessEnabled: true,
          ipRule: ipRanges.map((ipMask) => ({ ipMask, action: 'Allow' })),
          virtualNetworkRule: [],
        }],
        tags: props.tags,
      });
      protectFromDestroy(namespace, options.preventDestroy);
      namespaceId = namespace.id;
      resourceGroupName = props.resourceGroupName;
    }

    const hub = new Eventhub(this, 'EventHub', {
      provider: this.provider,
      name: options.hubName,
      namespaceId,
      partitionCount,
      messageRetention: retention,
    });
    protectFromDestroy(hub, options.preventDestroy);
    // The rules and the consumer group name their parents by reference (the created namespace's `name`, the hub's
    // `name`), never by the literal names: a literal gives Terraform no edge, and the namespace rule (which has no
    // hub to wait for) would start before the namespace exists and fail at random on the first apply.
    const ruleBase = { provider: this.provider, namespaceName: namespace ? namespace.name : namespaceName, resourceGroupName };
    const diagnosticsRule = new EventhubNamespaceAuthorizationRule(this, 'DiagnosticsSendRule', {
      ...ruleBase, name: SIEM_EVENT_HUB_RULE_NAMES.diagnosticsSend, send: true, listen: false, manage: false,
    });
    const hubRuleBase = { ...ruleBase, eventhubName: hub.name };
    const exportRule = new EventhubAuthorizationRule(this, 'ExportSendRule', {
      ...hubRuleBase, name: SIEM_EVENT_HUB_RULE_NAMES.exportSend, send: true, listen: false, manage: false,
    });
    const consumerRule = new EventhubAuthorizationRule(this, 'ConsumerListenRule', {
      ...hubRuleBase, name: SIEM_EVENT_HUB_RULE_NAMES.consumerListen, send: false, listen: true, manage: false,
    });
    new EventhubConsumerGroup(this, 'ConsumerGroup', { ...hubRuleBase, name: consumerGroupName });
    return { hub, hubName: options.hubName, networkAccess, namespace, namespaceId, namespaceName, resourceGroupName, diagnosticsRule, exportRule, consumerRule, consumerGroupName };
  }

  private exportEntraIdLogs(options: SiemEntraIdLogsOptions): MonitorAadDiagnosticSetting {
    const categories = requireSiemSubset(this, 'entraIdLogs.categories', options.categories, SIEM_ENTRA_ID_LOG_CATEGORIES, SIEM_DEFAULT_ENTRA_ID_LOG_CATEGORIES);
    const targets = resolveSiemTargets(this, 'entraIdLogs.targets', options.targets, this);
    const destination = restrictSiemDestination(this, targets);
    const hub = destination.eventHubName !== undefined ? this.eventHubLiteralName : undefined;
    if (hub !== undefined && !isToken(hub) && !NAME_50.test(hub)) {
      invalid(this, 'eventHub.hubName', hub,
        'is longer than 50 characters: azurerm\'s tenant diagnostic setting (entraIdLogs) accepts Event Hub names of at most 50 characters; shorten it, or send entraIdLogs to the workspace only (targets: ["workspace"])');
    }
    return new MonitorAadDiagnosticSetting(this, 'EntraIdLogs', {
      provider: this.provider,
      name: 'guardrails-siem-entra-id',
      logAnalyticsWorkspaceId: destination.workspaceId,
      eventhubAuthorizationRuleId: destination.eventHubAuthorizationRuleId,
      eventhubName: destination.eventHubName,
      enabledLog: categories.map((category) => ({ category })),
    });
  }

  private lookupWorkspace(): DataAzurermLogAnalyticsWorkspace {
    if (!this.workspaceLookup) {
      const id = this.existingWorkspace!.id;
      this.workspaceLookup = new DataAzurermLogAnalyticsWorkspace(this, 'ExistingWorkspace', {
        provider: this.provider,
        name: siemIdSegment(id, 8),
        resourceGroupName: siemIdSegment(id, 4),
      });
    }
    return this.workspaceLookup;
  }
}

