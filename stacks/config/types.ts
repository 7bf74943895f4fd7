import type {
  AutoOnboardingDefenderOptions, AutoOnboardingNetworkAccessOptions, AutoOnboardingRegistryOptions, AutoOnboardingSiemOptions,
  DefenderAwsConnectorProps, DefenderGcpConnectorProps, DefenderIntegrationsProps, DefenderPlanSetting,
  JitAccessPolicyProps, QuarantinedContainerRegistryProps, SecureBastionProps, SiemActivityLogOptions,
  SiemContinuousExportOptions, SiemEventHubNetworkAccess, SiemFlowLogOptions,
  SentinelDetectionsProps, SentinelIncidentFlowProps, SentinelSharedQueriesProps, SiemPrivateLinkScopeProps,
} from '../../lib';

/**
 * The reference baseline's config file (`stacks/config/default.json`, or the file named by GUARDRAILS_CONFIG).
 * `schema.json` next to this file validates it; keep the two in step (test/stacks/config.test.ts checks both).
 */
export interface BaselineConfig {
  /** Entra ID tenant id (GUID). */
  readonly tenantId: string;
  /** Default Azure region for regional resources, ARM form (`westeurope`). */
  readonly location: string;
  /** Terraform state backend for every stack. Default: local state files. */
  readonly backend?: BackendConfig;
  /** Management group that enforces the baseline on every subscription under it, including new ones. */
  readonly managementGroup?: ManagementGroupConfig;
  /** Security contact that Defender for Cloud notifies. */
  readonly securityContact?: SecurityContactConfig;
  /** Central SIEM destination (one workspace / Event Hub for every subscription). */
  readonly siem?: SiemConfig;
  /** One stack per subscription. */
  readonly subscriptions: readonly SubscriptionConfig[];
  /**
   * The synth-time policy check (PolicyPreflight): every stack is evaluated against the kit's gate initiatives and
   * the Deny-capable members of the Microsoft cloud security benchmark, assigned with Deny. Default: on.
   */
  readonly policyCheck?: PolicyCheckConfig;
}

/** Options of the synth-time policy check. */
export interface PolicyCheckConfig {
  /** `false` turns the check off (no evaluation, no policy-preflight reports). Default: true. */
  readonly enabled?: boolean;
}

export type BackendConfig =
  | { readonly type: 'local'; readonly directory?: string }
  | {
    readonly type: 'azurerm';
    readonly subscriptionId?: string;
    readonly resourceGroupName: string;
    readonly storageAccountName: string;
    readonly containerName: string;
    /** State key prefix; each stack's key is `<prefix><stack>.tfstate`. */
    readonly keyPrefix?: string;
  };

export interface ManagementGroupConfig {
  /** `/providers/Microsoft.Management/managementGroups/<name>` */
  readonly id: string;
  /** Subscription the management-group stack's provider authenticates against (any subscription under it). */
  readonly subscriptionId: string;
  /** Enforced auto-onboarding; absent or `enabled: false` skips the management-group stack. */
  readonly onboarding?: OnboardingConfig;
}

/** An onboarding area's options as the config gives them (the app supplies scopes, contacts and destinations). */
// exportRequiredRegistryIds/quarantineOffRegistryIds: the app derives them from the config's registries (stacks/baseline.ts).
type AreaFromConfig<P> = boolean | Omit<P, 'enabled' | 'exemptions' | 'notScopes' | 'destination' | 'securityContact' | 'plans'
  | 'exportRequiredRegistryIds' | 'quarantineOffRegistryIds'>;

export interface OnboardingConfig {
  /** Create the management-group stack (default true when `onboarding` is present). */
  readonly enabled?: boolean;
  /** Policy enforcement: `Default` enforces, `DoNotEnforce` reports only. */
  readonly enforcementMode?: 'Default' | 'DoNotEnforce';
  /** Child scopes excluded from every assignment. */
  readonly notScopes?: string[];
  /**
   * Subscriptions under the management group that have no stack in `subscriptions`, whose existing resources the
   * policies remediate too (the listed `subscriptions` always are, for the areas their stacks do not own).
   */
  readonly remediationSubscriptionIds?: string[];
  /** Defender plans, contacts, MDE, vulnerability assessment, Arc machines (same plan settings as a subscription's `defender`). */
  readonly defender?: boolean | (AreaFromConfig<AutoOnboardingDefenderOptions> & { readonly recommended?: boolean; readonly plans?: readonly DefenderPlanSetting[] });
  /** Continuous export, activity log and resource logs to the central SIEM. */
  readonly siemForwarding?: AreaFromConfig<AutoOnboardingSiemOptions>;
  /** Management-port deny, JIT, Bastion shareable links, NICs without public IPs. */
  readonly networkAccess?: AreaFromConfig<AutoOnboardingNetworkAccessOptions>;
  /** Registry hardening and AKS allowed images. */
  readonly registry?: AreaFromConfig<AutoOnboardingRegistryOptions>;
}

export interface SecurityContactConfig {
  readonly emails: readonly string[];
  readonly phone?: string;
  readonly alertMinimalSeverity?: 'Low' | 'Medium' | 'High';
  readonly attackPathMinimalRiskLevel?: 'Low' | 'Medium' | 'High' | 'Critical';
  readonly notifyRoles?: readonly ('Owner' | 'AccountAdmin' | 'Contributor' | 'ServiceAdmin')[];
}

export interface SiemConfig {
  /** Subscription whose stack deploys the central destination; must be one of `subscriptions`. */
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly location?: string;
  readonly workspaceName: string;
  readonly retentionInDays?: number;
  readonly dailyQuotaGb?: number;
  /**
   * Onboard the workspace to Microsoft Sentinel with the Defender and Entra ID connectors (default true); an object
   * also turns on the Sentinel content it names: the incident flow, the detections, the shared queries.
   */
  readonly sentinel?: boolean | SentinelConfig;
  /** Private access to the workspace: an Azure Monitor Private Link Scope with a private endpoint in `subnetId`. */
  readonly privateAccess?: SiemPrivateAccessConfig;
  /** Regions the workspace may be in (data residency). */
  readonly allowedLocations?: string[];
  /** Send the tenant's Entra ID sign-in and audit logs (needs a tenant administrator; default false). */
  readonly entraIdLogs?: boolean;
  /**
   * `lifecycle.prevent_destroy` on the workspace, the Sentinel onboarding and the Event Hub namespace and hub
   * (default true: losing them loses the audit trail).
   */
  readonly preventDestroy?: boolean;
  /** Event Hub for a third-party SIEM. */
  readonly eventHub?: {
    readonly namespaceName: string;
    readonly hubName: string;
    readonly partitionCount?: number;
    readonly messageRetentionInDays?: number;
    readonly networkAccess?: SiemEventHubNetworkAccess;
    readonly allowedIpRanges?: string[];
  };
}

/** Microsoft Sentinel content of the central workspace (each part is off unless named). */
export interface SentinelConfig {
  /**
   * How alerts become incidents (SentinelIncidentFlow): Defender XDR incident integration unless `defenderXdr` is
   * false, Microsoft incident creation rules, the Fusion rule. Every subscription's Defender for Cloud `Sentinel`
   * (bi-directional alert sync) setting follows the choice.
   */
  readonly incidents?: false | Omit<SentinelIncidentFlowProps, 'workspace' | 'provider'>;
  /** The kit's scheduled analytics rules (SentinelDetections); the Defender baseline is the onboarding's plans. */
  readonly detections?: boolean | Omit<SentinelDetectionsProps, 'workspace' | 'provider' | 'defenderPlanBaseline'>;
  /**
   * Resource Graph shared queries and saved searches (SentinelSharedQueries), in the SIEM resource group unless
   * `resourceGroupName` says otherwise; the managed management group is `managementGroup.id`.
   */
  readonly sharedQueries?: boolean | (Omit<SentinelSharedQueriesProps, 'workspace' | 'provider' | 'resourceGroupName' | 'managedManagementGroupId' | 'defenderPlanBaseline' | 'tags'>
    & { readonly resourceGroupName?: string });
}

/** SiemPrivateLinkScope settings: the resource group and region default to the SIEM's. */
export type SiemPrivateAccessConfig = Omit<SiemPrivateLinkScopeProps, 'workspace' | 'provider' | 'resourceGroupName' | 'location' | 'tags'>
  & { readonly resourceGroupName?: string; readonly location?: string };

/** Log sources of one subscription, sent to the central SIEM. */
export interface SiemSourcesConfig {
  /** Resource group for the continuous-export automations and flow-log storage (default: the SIEM's group name). */
  readonly resourceGroupName?: string;
  readonly continuousExport?: boolean | Omit<SiemContinuousExportOptions, 'eventHubLookupProvider' | 'eventHubConnectionString'>;
  readonly activityLog?: boolean | SiemActivityLogOptions;
  readonly flowLogs?: SiemFlowLogOptions;
}

/** A construct's props as the config gives them: the app fills in the location and the SIEM destination. */
type FromConfig<P> = Omit<P, 'location' | 'logDestination' | 'provider'> & { readonly location?: string };

/** Defender for Cloud settings of one subscription (the security contact is the top-level one). */
export interface DefenderConfig {
  /** Start from the recommended plan set (default true). */
  readonly recommended?: boolean;
  /** Per-plan overrides, opt-in plans, or `{ "plan": "AI", "enabled": false }` to drop one. */
  readonly plans?: readonly DefenderPlanSetting[];
  readonly integrations?: DefenderIntegrationsProps;
  readonly serverVulnerabilityAssessment?: boolean;
  /** Bind Defender's data collection to the central SIEM workspace (default false: Defender's own workspace). */
  readonly useSiemWorkspace?: boolean;
  readonly awsConnectors?: readonly DefenderAwsConnectorProps[];
  readonly gcpConnectors?: readonly DefenderGcpConnectorProps[];
  readonly connectorsResourceGroupName?: string;
}

export interface SubscriptionConfig {
  /** Stack name: letters, digits and dashes. */
  readonly name: string;
  readonly subscriptionId: string;
  /** Region for this subscription's regional resources (default: the top-level location). */
  readonly location?: string;
  /** Defender for Cloud; on with the recommended plans unless `false`. */
  readonly defender?: DefenderConfig | false;
  /** Resource groups this stack creates, in its location; constructs that name them wait for them. */
  readonly resourceGroups?: readonly string[];
  /**
   * `lifecycle.prevent_destroy` on the resource groups this stack creates (default true: destroying a group
   * destroys everything in it, the SIEM workspace and registries included).
   */
  readonly resourceGroupsPreventDestroy?: boolean;
  /** Log sources of this subscription sent to the central SIEM (needs `siem`); on by default, `false` to skip. */
  readonly siemSources?: SiemSourcesConfig | false;
  /** Azure Bastion with its hardened subnet NSG. */
  readonly bastion?: FromConfig<SecureBastionProps>;
  /** Just-in-time VM access policies, one per resource group and region. */
  readonly jit?: readonly FromConfig<JitAccessPolicyProps>[];
  /** Private container registry with the quarantine pattern. */
  readonly registry?: FromConfig<QuarantinedContainerRegistryProps>;
}
