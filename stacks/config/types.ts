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

export interface OnboardingConfig {
  readonly enabled?: boolean;
  /** Policy enforcement: `Default` enforces, `DoNotEnforce` reports only. */
  readonly enforcementMode?: 'Default' | 'DoNotEnforce';
  /** Child scopes excluded from the assignments. */
  readonly notScopes?: readonly string[];
  /** Areas that can be switched off one by one (all on by default). */
  readonly defender?: boolean;
  readonly siemForwarding?: boolean;
  readonly networkAccess?: boolean;
  readonly registry?: boolean;
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
  readonly sentinel?: boolean;
  readonly eventHub?: { readonly namespaceName: string; readonly hubName: string; readonly partitionCount?: number; readonly messageRetentionInDays?: number };
}

/** Per-plan settings, as the DefenderForCloud construct takes them. */
export type DefenderPlansConfigJson = 'recommended' | { readonly [plan: string]: unknown };

export interface SubscriptionConfig {
  /** Stack name: letters, digits and dashes. */
  readonly name: string;
  readonly subscriptionId: string;
  /** Region for this subscription's regional resources (default: the top-level location). */
  readonly location?: string;
  readonly defender?: {
    readonly plans?: DefenderPlansConfigJson;
    readonly [key: string]: unknown;
  };
  readonly siemSources?: { readonly [key: string]: unknown };
  readonly bastion?: { readonly [key: string]: unknown };
  readonly jit?: { readonly [key: string]: unknown };
  readonly registry?: { readonly [key: string]: unknown };
}
