import { IConstruct } from 'constructs';
import { describeValue, invalid, oneOf } from '../core/errors';
import { requireResourceId } from '../core/validate';

/**
 * Defender for Cloud plans: the typed configuration, the catalog of sub-plans and extensions per plan, and
 * `resolveDefenderPlans`, a pure function (no construct is created) that validates a configuration and returns the
 * plans to enable in a stable order. `DefenderForCloud` deploys the result with
 * `azurerm_security_center_subscription_pricing`; the onboarding helper turns the same result into policy
 * parameters.
 */

/** Plan names (`resource_type`) that azurerm 4.x accepts and that are current. */
export const DEFENDER_PLAN_NAMES = [
  'AI', 'Api', 'AppServices', 'Arm', 'CloudPosture', 'Containers', 'CosmosDbs', 'KeyVaults',
  'OpenSourceRelationalDatabases', 'SqlServers', 'SqlServerVirtualMachines', 'StorageAccounts', 'VirtualMachines',
] as const;

/** A current Defender for Cloud plan name, exactly as Azure spells it. */
export type DefenderPlanName = 'AI' | 'Api' | 'AppServices' | 'Arm' | 'CloudPosture' | 'Containers' | 'CosmosDbs' | 'KeyVaults'
  | 'OpenSourceRelationalDatabases' | 'SqlServers' | 'SqlServerVirtualMachines' | 'StorageAccounts' | 'VirtualMachines';

/** Retired plan names, refused with the plan that replaces them. */
export const DEFENDER_DEPRECATED_PLANS: Readonly<Record<string, string>> = {
  ContainerRegistry: 'use plan "Containers" (Defender for Containers replaced Defender for Container Registries)',
  KubernetesService: 'use plan "Containers" (Defender for Containers replaced Defender for Kubernetes)',
  Dns: 'Defender for DNS is included in Defender for Servers Plan 2: use plan "VirtualMachines" with subPlan "P2"',
};

/**
 * Escape hatch for a plan, sub-plan or extension name that Azure added after this version of the kit.
 * The name is sent as given, without checks beyond its shape: prefer the typed names where they exist.
 *
 * @example { plan: { unsafeCustomName: 'NewPlan' } }
 * @example { plan: 'Containers', extensions: ['ContainerSensor', { unsafeCustomName: 'NewContainersFeature' }] }
 */
export interface DefenderCustomName {
  /** The name as Azure spells it (letters, digits, `_`, `-`). */
  readonly unsafeCustomName: string;
  /**
   * Extra extension properties (`additional_extension_properties`), only meaningful for a custom extension.
   * @default none
   */
  readonly properties?: Readonly<Record<string, string>>;
}

/** Builds a {@link DefenderCustomName}: `defenderCustomName('NewFeature')`. */
export function defenderCustomName(name: string, properties?: Record<string, string>): DefenderCustomName {
  return properties ? { unsafeCustomName: name, properties } : { unsafeCustomName: name };
}

// ---------------------------------------------------------------------------------------------------------------
// Sub-plans and extensions per plan
// ---------------------------------------------------------------------------------------------------------------

/** Defender for Servers sub-plans. P2 includes JIT, agentless scanning, FIM and Defender for DNS. */
export type VirtualMachinesSubPlan = 'P1' | 'P2';
/** Defender for Storage sub-plan (the per-storage-account V2 plan). */
export type StorageAccountsSubPlan = 'DefenderForStorageV2';
/** Defender for Key Vault sub-plan. */
export type KeyVaultsSubPlan = 'PerKeyVault';
/** Defender for Resource Manager sub-plan. */
export type ArmSubPlan = 'PerSubscription';
/** Defender for APIs sub-plans (P1 to P5 differ by included API call volume). */
export type ApiSubPlan = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

/** Extensions of Defender for Servers. */
export type VirtualMachinesExtensionName = 'AgentlessVmScanning' | 'MdeDesignatedSubscription' | 'FileIntegrityMonitoring';
/** Extensions of Defender CSPM. */
export type CloudPostureExtensionName = 'SensitiveDataDiscovery' | 'ContainerRegistriesVulnerabilityAssessments'
  | 'AgentlessDiscoveryForKubernetes' | 'AgentlessVmScanning' | 'EntraPermissionsManagement' | 'ApiPosture';
/** Extensions of Defender for Containers. */
export type ContainersExtensionName = 'ContainerRegistriesVulnerabilityAssessments' | 'AgentlessDiscoveryForKubernetes'
  | 'AgentlessVmScanning' | 'ContainerSensor' | 'ContainerIntegrityContribution';
/** Extensions of Defender for Storage. */
export type StorageAccountsExtensionName = 'OnUploadMalwareScanning' | 'SensitiveDataDiscovery';
/** Extensions of Defender for AI services. */
export type AiExtensionName = 'AIPromptEvidence';

/** An extension given with settings instead of by name alone. */
export interface DefenderExtensionSettings<N extends string> {
  /** Extension name. */
  readonly name: N;
  /**
   * Extra `additional_extension_properties` the kit does not type yet, sent as given (escape hatch for properties
   * Azure adds later). A key the kit types (such as `CapGBPerMonthPerStorageAccount`) must be set through its typed
   * setting instead.
   * @default none
   */
  readonly unsafeAdditionalProperties?: Readonly<Record<string, string>>;
}

/** Defender for Storage on-upload malware scanning, with its monthly scanning cap. */
export interface DefenderMalwareScanningSettings extends DefenderExtensionSettings<'OnUploadMalwareScanning'> {
  /**
   * Maximum GB scanned per storage account and month (`CapGBPerMonthPerStorageAccount`): a positive whole number,
   * or -1 for no cap. Scanning is billed per GB.
   * @default 5000 (Azure's default cap)
   */
  readonly capGbPerMonthPerStorageAccount?: number;
}

/**
 * Defender for Servers file integrity monitoring (through Defender for Endpoint), with its workspace. Azure also
 * takes the monitored files and registry keys as a JSON string in the `Rules` property, which the portal fills in
 * and the kit does not type: pass it with `unsafeAdditionalProperties: { Rules: '[...]' }` if your deployment asks
 * for it.
 */
export interface DefenderFileIntegrityMonitoringSettings extends DefenderExtensionSettings<'FileIntegrityMonitoring'> {
  /** Log Analytics workspace resource id that receives the FIM events (`DefinedWorkspaceId`); Azure requires it. */
  readonly workspaceId: string;
}

/** An extension entry: a typed name, a typed name with settings, or an escape-hatch name. */
export type DefenderExtension<N extends string> = N | DefenderExtensionSettings<N> | DefenderCustomName;

/** Fields shared by every plan entry. */
export interface DefenderPlanSettingBase {
  /**
   * `false` removes the plan (for example from the recommended set). Disabling does not downgrade a plan someone
   * else enabled: the pricing resource is simply not managed here.
   * @default true
   */
  readonly enabled?: boolean;
}

/** Defender for Servers. */
export interface DefenderVirtualMachinesPlan extends DefenderPlanSettingBase {
  /** Plan name. */
  readonly plan: 'VirtualMachines';
  /** Sub-plan. @default 'P2' */
  readonly subPlan?: VirtualMachinesSubPlan | DefenderCustomName;
  /**
   * Extensions to enable; every other extension is sent as disabled.
   * @default AgentlessVmScanning with P2; none with P1
   */
  readonly extensions?: readonly (VirtualMachinesExtensionName | DefenderExtensionSettings<VirtualMachinesExtensionName>
    | DefenderFileIntegrityMonitoringSettings | DefenderCustomName)[];
}

/** Defender CSPM. */
export interface DefenderCloudPosturePlan extends DefenderPlanSettingBase {
  /** Plan name. */
  readonly plan: 'CloudPosture';
  /** Sub-plan (none is defined today). @default none */
  readonly subPlan?: DefenderCustomName;
  /**
   * Extensions to enable; every other extension is sent as disabled. EntraPermissionsManagement is not among the
   * defaults: it is a separately licensed, retiring product.
   * @default SensitiveDataDiscovery, ContainerRegistriesVulnerabilityAssessments, AgentlessDiscoveryForKubernetes, AgentlessVmScanning, ApiPosture
   */
  readonly extensions?: readonly DefenderExtension<CloudPostureExtensionName>[];
}

/** Defender for Containers. */
export interface DefenderContainersPlan extends DefenderPlanSettingBase {
  /** Plan name. */
  readonly plan: 'Containers';
  /** Sub-plan (none is defined today). @default none */
  readonly subPlan?: DefenderCustomName;
  /**
   * Extensions to enable; every other extension is sent as disabled.
   * @default ContainerRegistriesVulnerabilityAssessments, AgentlessDiscoveryForKubernetes, AgentlessVmScanning, ContainerSensor
   */
  readonly extensions?: readonly DefenderExtension<ContainersExtensionName>[];
}

/** Defender for Storage. */
export interface DefenderStorageAccountsPlan extends DefenderPlanSettingBase {
  /** Plan name. */
  readonly plan: 'StorageAccounts';
  /** Sub-plan. @default 'DefenderForStorageV2' */
  readonly subPlan?: StorageAccountsSubPlan | DefenderCustomName;
  /**
   * Extensions to enable; every other extension is sent as disabled.
   * @default OnUploadMalwareScanning (CapGBPerMonthPerStorageAccount 5000), SensitiveDataDiscovery
   */
  readonly extensions?: readonly (StorageAccountsExtensionName | DefenderExtensionSettings<StorageAccountsExtensionName>
    | DefenderMalwareScanningSettings | DefenderCustomName)[];
}

/** Defender for Key Vault. */
export interface DefenderKeyVaultsPlan extends DefenderPlanSettingBase {
  /** Plan name. */
  readonly plan: 'KeyVaults';
  /** Sub-plan. @default 'PerKeyVault' */
  readonly subPlan?: KeyVaultsSubPlan | DefenderCustomName;
  /** Extensions (none is defined today). @default none */
  readonly extensions?: readonly DefenderCustomName[];
}

/** Defender for Resource Manager. */
export interface DefenderArmPlan extends DefenderPlanSettingBase {
  /** Plan name. */
  readonly plan: 'Arm';
  /** Sub-plan. @default 'PerSubscription' */
  readonly subPlan?: ArmSubPlan | DefenderCustomName;
  /** Extensions (none is defined today). @default none */
  readonly extensions?: readonly DefenderCustomName[];
}

/** Defender for APIs. */
export interface DefenderApiPlan extends DefenderPlanSettingBase {
  /** Plan name. */
  readonly plan: 'Api';
  /** Sub-plan. @default 'P1' */
  readonly subPlan?: ApiSubPlan | DefenderCustomName;
  /** Extensions (none is defined today). @default none */
  readonly extensions?: readonly DefenderCustomName[];
}

/** Defender for AI services. */
export interface DefenderAiPlan extends DefenderPlanSettingBase {
  /** Plan name. */
  readonly plan: 'AI';
  /** Sub-plan (none is defined today). @default none */
  readonly subPlan?: DefenderCustomName;
  /**
   * Extensions to enable. AIPromptEvidence stores prompts and responses as alert evidence: opt-in, because
   * prompts may hold personal data.
   * @default none
   */
  readonly extensions?: readonly DefenderExtension<AiExtensionName>[];
}

/** A plan without sub-plans or extensions today (App Service, SQL, open-source databases, Cosmos DB). */
export interface DefenderSimplePlan extends DefenderPlanSettingBase {
  /** Plan name. */
  readonly plan: 'AppServices' | 'SqlServers' | 'SqlServerVirtualMachines' | 'OpenSourceRelationalDatabases' | 'CosmosDbs';
  /** Sub-plan (none is defined today). @default none */
  readonly subPlan?: DefenderCustomName;
  /** Extensions (none is defined today). @default none */
  readonly extensions?: readonly DefenderCustomName[];
}

/** A plan Azure added after this version of the kit (escape hatch). */
export interface DefenderCustomPlan extends DefenderPlanSettingBase {
  /** Plan name. */
  readonly plan: DefenderCustomName;
  /** Sub-plan. @default none */
  readonly subPlan?: DefenderCustomName;
  /** Extensions to enable. @default none */
  readonly extensions?: readonly DefenderCustomName[];
}

/** One plan entry of {@link DefenderPlansConfig.plans}, typed per plan. */
export type DefenderPlanSetting = DefenderVirtualMachinesPlan | DefenderCloudPosturePlan | DefenderContainersPlan
  | DefenderStorageAccountsPlan | DefenderKeyVaultsPlan | DefenderArmPlan | DefenderApiPlan | DefenderAiPlan
  | DefenderSimplePlan | DefenderCustomPlan;

/**
 * Which Defender plans to enable, and how.
 *
 * The recommended set is the starting point; each entry of `plans` overrides one plan (fields left out keep the
 * recommended values for that plan, and extensions left out are the recommended ones for the chosen sub-plan),
 * disables it (`enabled: false`) or adds an opt-in plan. A plan may appear once.
 *
 * @example { plans: [{ plan: 'VirtualMachines', extensions: ['AgentlessVmScanning', 'FileIntegrityMonitoring'] }, { plan: 'AI', enabled: false }] }
 */
export interface DefenderPlansConfig {
  /**
   * Start from {@link DEFENDER_RECOMMENDED_PLANS}. `false` enables only the plans listed in `plans`.
   * @default true
   */
  readonly recommended?: boolean;
  /**
   * Per-plan overrides and opt-in plans.
   * @default none (the recommended set as it is)
   */
  readonly plans?: readonly DefenderPlanSetting[];
}

/** One extension to enable, as azurerm and the Defender policies take it. */
export interface ResolvedDefenderExtension {
  /** Extension name. */
  readonly name: string;
  /** `additional_extension_properties`, where the extension has any. */
  readonly additionalExtensionProperties?: Record<string, string>;
}

/** A validated plan: tier Standard with this sub-plan and exactly these extensions enabled. */
export interface ResolvedDefenderPlan {
  /** Plan name (`resource_type`). */
  readonly plan: string;
  /** Sub-plan, where the plan has one. */
  readonly subPlan?: string;
  /** Extensions to enable; any other extension is disabled. */
  readonly extensions: readonly ResolvedDefenderExtension[];
}

// ---------------------------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------------------------

interface SubPlanSpec {
  /** Extensions allowed with this sub-plan. */
  readonly extensions: readonly string[];
  /** Extensions enabled when the user does not list any. */
  readonly defaultExtensions: readonly string[];
}

interface PlanSpec {
  /** Sub-plans; the key '' stands for "no sub-plan". */
  readonly subPlans: Readonly<Record<string, SubPlanSpec>>;
  /** Sub-plan used when none is given. */
  readonly defaultSubPlan: string;
  /** Retired sub-plans, with their replacement. */
  readonly legacySubPlans?: Readonly<Record<string, string>>;
}

const NONE: SubPlanSpec = { extensions: [], defaultExtensions: [] };
const plain: PlanSpec = { subPlans: { '': NONE }, defaultSubPlan: '' };

const CATALOG: Readonly<Record<DefenderPlanName, PlanSpec>> = {
  AI: { subPlans: { '': { extensions: ['AIPromptEvidence'], defaultExtensions: [] } }, defaultSubPlan: '' },
  Api: {
    subPlans: { P1: NONE, P2: NONE, P3: NONE, P4: NONE, P5: NONE },
    defaultSubPlan: 'P1',
  },
  AppServices: plain,
  Arm: {
    subPlans: { PerSubscription: NONE },
    defaultSubPlan: 'PerSubscription',
    legacySubPlans: { PerApiCall: 'the per-API-call plan is retired: use "PerSubscription"' },
  },
  CloudPosture: {
    subPlans: {
      '': {
        extensions: ['SensitiveDataDiscovery', 'ContainerRegistriesVulnerabilityAssessments', 'AgentlessDiscoveryForKubernetes',
          'AgentlessVmScanning', 'EntraPermissionsManagement', 'ApiPosture'],
        defaultExtensions: ['SensitiveDataDiscovery', 'ContainerRegistriesVulnerabilityAssessments', 'AgentlessDiscoveryForKubernetes',
          'AgentlessVmScanning', 'ApiPosture'],
      },
    },
    defaultSubPlan: '',
  },
  Containers: {
    subPlans: {
      '': {
        extensions: ['ContainerRegistriesVulnerabilityAssessments', 'AgentlessDiscoveryForKubernetes', 'AgentlessVmScanning',
          'ContainerSensor', 'ContainerIntegrityContribution'],
        defaultExtensions: ['ContainerRegistriesVulnerabilityAssessments', 'AgentlessDiscoveryForKubernetes', 'AgentlessVmScanning',
          'ContainerSensor'],
      },
    },
    defaultSubPlan: '',
  },
  CosmosDbs: plain,
  KeyVaults: {
    subPlans: { PerKeyVault: NONE },
    defaultSubPlan: 'PerKeyVault',
    legacySubPlans: { PerTransaction: 'the per-transaction plan is retired: use "PerKeyVault"' },
  },
  OpenSourceRelationalDatabases: plain,
  SqlServers: plain,
  SqlServerVirtualMachines: plain,
  StorageAccounts: {
    subPlans: {
      DefenderForStorageV2: {
        extensions: ['OnUploadMalwareScanning', 'SensitiveDataDiscovery'],
        defaultExtensions: ['OnUploadMalwareScanning', 'SensitiveDataDiscovery'],
      },
    },
    defaultSubPlan: 'DefenderForStorageV2',
    legacySubPlans: {
      PerStorageAccount: 'classic Defender for Storage is retired: use "DefenderForStorageV2"',
      PerTransaction: 'classic Defender for Storage is retired: use "DefenderForStorageV2"',
    },
  },
  VirtualMachines: {
    subPlans: {
      P1: { extensions: ['MdeDesignatedSubscription'], defaultExtensions: [] },
      P2: {
        extensions: ['AgentlessVmScanning', 'MdeDesignatedSubscription', 'FileIntegrityMonitoring'],
        defaultExtensions: ['AgentlessVmScanning'],
      },
    },
    defaultSubPlan: 'P2',
  },
};

/** Plans enabled by default, in deployment order. */
export const DEFENDER_RECOMMENDED_PLANS: readonly DefenderPlanName[] = [
  'AI', 'Api', 'AppServices', 'Arm', 'CloudPosture', 'Containers', 'CosmosDbs', 'KeyVaults',
  'OpenSourceRelationalDatabases', 'SqlServers', 'SqlServerVirtualMachines', 'StorageAccounts', 'VirtualMachines',
];

/** Sub-plans a plan accepts (empty when it has none). */
export function defenderSubPlansOf(plan: DefenderPlanName): readonly string[] {
  return Object.keys(CATALOG[plan].subPlans).filter((s) => s !== '');
}

/** Extensions a plan accepts with a sub-plan (all sub-plans when omitted). */
export function defenderExtensionsOf(plan: DefenderPlanName, subPlan?: string): readonly string[] {
  const spec = CATALOG[plan];
  if (subPlan !== undefined) return spec.subPlans[subPlan]?.extensions ?? [];
  return [...new Set(Object.values(spec.subPlans).flatMap((s) => s.extensions))];
}

/** Extension properties the kit types, by `plan/extension`: they cannot be set through `unsafeAdditionalProperties`. */
const TYPED_EXTENSION_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'StorageAccounts/OnUploadMalwareScanning': ['CapGBPerMonthPerStorageAccount'],
  'VirtualMachines/FileIntegrityMonitoring': ['DefinedWorkspaceId'],
};

/** Default cap of on-upload malware scanning, GB per storage account and month (Azure's own default). */
export const DEFENDER_MALWARE_SCANNING_DEFAULT_CAP_GB = 5000;

// ---------------------------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------------------------

const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isCustom(value: unknown): value is DefenderCustomName {
  return isRecord(value) && 'unsafeCustomName' in value;
}

function customName(scope: IConstruct | string, property: string, value: DefenderCustomName, kind: 'plan' | 'sub-plan' | 'extension',
  typed: readonly string[] = []): string {
  const keys = kind === 'extension' ? ['unsafeCustomName', 'properties'] : ['unsafeCustomName'];
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      invalid(scope, `${property}.${key}`, (value as unknown as Record<string, unknown>)[key], `a custom ${kind} name takes only ${keys.map((k) => `"${k}"`).join(' and ')}`);
    }
  }
  const name = value.unsafeCustomName;
  if (typeof name !== 'string' || !CUSTOM_NAME.test(name)) {
    invalid(scope, `${property}.unsafeCustomName`, name, 'must be a name as Azure spells it: a letter, then letters, digits, "_" or "-" (at most 64)');
  }
  const known = typed.find((t) => t.toLowerCase() === name.toLowerCase());
  if (known) {
    invalid(scope, `${property}.unsafeCustomName`, name,
      `"${known}" is ${kind === 'extension' ? 'an' : 'a'} ${kind} the kit knows: write "${known}" without the escape hatch, so that it is checked against the plan`);
  }
  return name;
}

function customProperties(scope: IConstruct | string, property: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) invalid(scope, property, value, 'must be an object of string values');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!PROPERTY_NAME.test(k)) invalid(scope, `${property}.${k}`, k, 'property names are letters, digits and "_"');
    if (typeof v !== 'string') invalid(scope, `${property}.${k}`, v, 'must be a string (azurerm sends extension properties as strings)');
    out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function knownPlan(name: string): DefenderPlanName | undefined {
  return (DEFENDER_PLAN_NAMES as readonly string[]).find((p) => p.toLowerCase() === name.toLowerCase()) as DefenderPlanName | undefined;
}

interface WorkingPlan {
  plan: string;
  known?: DefenderPlanName;
  subPlan: string;
  extensions: ResolvedDefenderExtension[];
}

function recommendedPlan(plan: DefenderPlanName): WorkingPlan {
  const spec = CATALOG[plan];
  const sub = spec.defaultSubPlan;
  return { plan, known: plan, subPlan: sub, extensions: spec.subPlans[sub].defaultExtensions.map((n) => defaultExtension(plan, n)) };
}

function defaultExtension(plan: DefenderPlanName, name: string): ResolvedDefenderExtension {
  if (plan === 'StorageAccounts' && name === 'OnUploadMalwareScanning') {
    return { name, additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: String(DEFENDER_MALWARE_SCANNING_DEFAULT_CAP_GB) } };
  }
  return { name };
}

function resolvePlanName(scope: IConstruct | string, property: string, value: unknown): { name: string; known?: DefenderPlanName } {
  if (isCustom(value)) {
    const name = customName(scope, property, value, 'plan');
    if (knownPlan(name)) {
      invalid(scope, `${property}.unsafeCustomName`, name, `"${knownPlan(name)}" is a typed plan: write plan: "${knownPlan(name)}" instead of the escape hatch`);
    }
    const deprecated = Object.keys(DEFENDER_DEPRECATED_PLANS).find((d) => d.toLowerCase() === name.toLowerCase());
    if (deprecated) invalid(scope, `${property}.unsafeCustomName`, name, `plan "${deprecated}" is deprecated: ${DEFENDER_DEPRECATED_PLANS[deprecated]}`);
    return { name };
  }
  if (typeof value !== 'string') {
    invalid(scope, property, value, `${oneOf(DEFENDER_PLAN_NAMES)}, or { unsafeCustomName: "<Name>" } for a plan Azure added later`);
  }
  if (Object.prototype.hasOwnProperty.call(DEFENDER_DEPRECATED_PLANS, value)) {
    invalid(scope, property, value, `plan "${value}" is deprecated: ${DEFENDER_DEPRECATED_PLANS[value]}`);
  }
  if (!(DEFENDER_PLAN_NAMES as readonly string[]).includes(value)) {
    const hint = knownPlan(value) ? ` (did you mean "${knownPlan(value)}"? plan names are case-sensitive)` : '';
    invalid(scope, property, value,
      `unknown Defender plan${hint}: ${oneOf(DEFENDER_PLAN_NAMES)}, or { unsafeCustomName: "<Name>" } for a plan Azure added later`);
  }
  return { name: value, known: value as DefenderPlanName };
}

function resolveSubPlan(scope: IConstruct | string, property: string, plan: DefenderPlanName | undefined, planName: string, value: unknown, current: string): string {
  if (value === undefined) return current;
  if (isCustom(value)) {
    return customName(scope, property, value, 'sub-plan', plan ? [...defenderSubPlansOf(plan), ...Object.keys(CATALOG[plan].legacySubPlans ?? {})] : []);
  }
  if (!plan) invalid(scope, property, value, `plan "${planName}" is a custom plan: give its sub-plan as { unsafeCustomName: "<Name>" }`);
  const spec = CATALOG[plan];
  const allowed = defenderSubPlansOf(plan);
  if (typeof value === 'string' && spec.legacySubPlans && Object.prototype.hasOwnProperty.call(spec.legacySubPlans, value)) {
    invalid(scope, property, value, `sub-plan "${value}" of plan "${plan}" is deprecated: ${spec.legacySubPlans[value]}`);
  }
  if (typeof value !== 'string' || !allowed.includes(value)) {
    const what = allowed.length === 0 ? `plan "${plan}" has no sub-plans` : `not a sub-plan of plan "${plan}": ${oneOf(allowed)}`;
    invalid(scope, property, value, `${what} (or { unsafeCustomName: "<Name>" } for a sub-plan Azure added later)`);
  }
  return value;
}

function requireCap(scope: IConstruct | string, property: string, value: unknown): string {
  if (typeof value !== 'number' || !Number.isInteger(value) || (value < 1 && value !== -1) || value > 1_000_000_000) {
    invalid(scope, property, value, 'must be a positive whole number of GB per storage account and month, or -1 for no cap');
  }
  return String(value);
}

function resolveExtension(scope: IConstruct | string, property: string, plan: WorkingPlan, value: unknown): ResolvedDefenderExtension {
  if (isCustom(value)) {
    const name = customName(scope, property, value, 'extension', plan.known ? defenderExtensionsOf(plan.known) : []);
    const props = customProperties(scope, `${property}.properties`, value.properties);
    return props ? { name, additionalExtensionProperties: props } : { name };
  }
  const name = isRecord(value) ? value.name : value;
  const allowed = plan.known ? (CATALOG[plan.known].subPlans[plan.subPlan]?.extensions ?? []) : [];
  const subText = plan.subPlan ? ` with sub-plan "${plan.subPlan}"` : '';
  if (typeof name !== 'string' || !allowed.includes(name)) {
    let why = allowed.length === 0
      ? `plan "${plan.plan}"${subText} has no extensions`
      : `not an extension of plan "${plan.plan}"${subText}: ${oneOf(allowed)}`;
    if (plan.known && typeof name === 'string' && !allowed.includes(name) && defenderExtensionsOf(plan.known).includes(name)) {
      const subs = defenderSubPlansOf(plan.known).filter((s) => CATALOG[plan.known!].subPlans[s].extensions.includes(name));
      why += ` ("${name}" needs sub-plan ${subs.map((s) => `"${s}"`).join(' or ')})`;
    }
    invalid(scope, property, isRecord(value) ? value : name, `${why} (or { unsafeCustomName: "<Name>" } for an extension Azure added later)`);
  }
  if (plan.known === 'VirtualMachines' && name === 'FileIntegrityMonitoring' && !(isRecord(value) && value.workspaceId !== undefined)) {
    // Azure refuses to enable FIM without the workspace that receives its events (DefinedWorkspaceId).
    invalid(scope, property, value,
      'FileIntegrityMonitoring needs the Log Analytics workspace that receives its events: { name: "FileIntegrityMonitoring", workspaceId: "<workspace resource id>" }');
  }
  if (!isRecord(value)) return defaultExtension(plan.known!, name);

  const allowedKeys = ['name', 'unsafeAdditionalProperties'];
  const props: Record<string, string> = {};
  if (plan.known === 'StorageAccounts' && name === 'OnUploadMalwareScanning') {
    allowedKeys.push('capGbPerMonthPerStorageAccount');
    const cap = value.capGbPerMonthPerStorageAccount ?? DEFENDER_MALWARE_SCANNING_DEFAULT_CAP_GB;
    props.CapGBPerMonthPerStorageAccount = requireCap(scope, `${property}.capGbPerMonthPerStorageAccount`, cap);
  }
  if (plan.known === 'VirtualMachines' && name === 'FileIntegrityMonitoring') {
    allowedKeys.push('workspaceId');
    const ws = value.workspaceId;
    if (typeof ws !== 'string') invalid(scope, `${property}.workspaceId`, ws, 'must be a Log Analytics workspace resource id');
    props.DefinedWorkspaceId = requireResourceId(scope, `${property}.workspaceId`, ws, 'Microsoft.OperationalInsights/workspaces');
  }
  const typedKeys = TYPED_EXTENSION_PROPERTIES[`${plan.known}/${name}`] ?? [];
  const extra = customProperties(scope, `${property}.unsafeAdditionalProperties`, value.unsafeAdditionalProperties) ?? {};
  for (const [key, v] of Object.entries(extra)) {
    const typed = typedKeys.find((k) => k.toLowerCase() === key.toLowerCase());
    if (typed) {
      invalid(scope, `${property}.unsafeAdditionalProperties.${key}`, v, `"${typed}" is typed: set it through its own setting of extension "${name}"`);
    }
    props[key] = v;
  }
  for (const key of Object.keys(value)) {
    if (!allowedKeys.includes(key)) {
      invalid(scope, `${property}.${key}`, value[key],
        `not a setting of extension "${name}" of plan "${plan.plan}", which takes ${allowedKeys.map((k) => `"${k}"`).join(' and ')}`);
    }
  }
  return Object.keys(props).length > 0 ? { name, additionalExtensionProperties: props } : { name };
}

/**
 * Validates a typed plan configuration and returns the plans to enable, normalised, in a stable order (plan names
 * in alphabetical order, then custom plans in the order given). Pure: creates no construct.
 *
 * @param scope construct (or path) named in error messages
 * @param property prop name used in error messages, for example `plans`
 * @throws GuardrailsValidationError for an unknown or deprecated plan, a duplicate plan, a sub-plan or extension that
 *   does not belong to the plan, a duplicate extension or a bad extension property
 */
export function resolveDefenderPlans(scope: IConstruct | string, property: string, plans: DefenderPlansConfig | undefined): ResolvedDefenderPlan[] {
  const config: DefenderPlansConfig = plans ?? {};
  if (!isRecord(config)) invalid(scope, property, config, 'must be an object { recommended?, plans? }');
  for (const key of Object.keys(config)) {
    if (key !== 'recommended' && key !== 'plans') invalid(scope, `${property}.${key}`, (config as Record<string, unknown>)[key], 'unknown property: the plan configuration takes "recommended" and "plans"');
  }
  if (config.recommended !== undefined && typeof config.recommended !== 'boolean') {
    invalid(scope, `${property}.recommended`, config.recommended, 'must be true or false');
  }
  if (config.plans !== undefined && !Array.isArray(config.plans)) {
    invalid(scope, `${property}.plans`, config.plans, 'must be a list of plan entries such as [{ plan: "VirtualMachines", subPlan: "P2" }]');
  }

  const working = new Map<string, WorkingPlan>();
  if (config.recommended !== false) {
    for (const p of DEFENDER_RECOMMENDED_PLANS) working.set(p.toLowerCase(), recommendedPlan(p));
  }

  const seen = new Map<string, number>();
  const customOrder: string[] = [];
  (config.plans ?? []).forEach((entry: unknown, index: number) => {
    const at = `${property}.plans[${index}]`;
    if (!isRecord(entry)) invalid(scope, at, entry, 'must be a plan entry such as { plan: "VirtualMachines", subPlan: "P2" }');
    for (const key of Object.keys(entry)) {
      if (!['plan', 'subPlan', 'extensions', 'enabled'].includes(key)) {
        invalid(scope, `${at}.${key}`, entry[key], 'unknown property: a plan entry takes "plan", "subPlan", "extensions" and "enabled"');
      }
    }
    const { name, known } = resolvePlanName(scope, `${at}.plan`, entry.plan);
    const key = name.toLowerCase();
    if (seen.has(key)) {
      invalid(scope, `${at}.plan`, name, `duplicate plan: "${name}" is already configured by ${property}.plans[${seen.get(key)}]; merge the two entries`);
    }
    seen.set(key, index);
    if (!known) customOrder.push(key);

    if (entry.enabled !== undefined && typeof entry.enabled !== 'boolean') invalid(scope, `${at}.enabled`, entry.enabled, 'must be true or false');
    if (entry.enabled === false) {
      if (entry.subPlan !== undefined || entry.extensions !== undefined) {
        invalid(scope, `${at}.enabled`, false, `plan "${name}" is disabled: remove its subPlan and extensions, or enable it`);
      }
      working.delete(key);
      return;
    }

    const base = working.get(key) ?? (known ? recommendedPlan(known) : { plan: name, subPlan: '', extensions: [] });
    const subPlan = resolveSubPlan(scope, `${at}.subPlan`, known, name, entry.subPlan, base.subPlan);
    const plan: WorkingPlan = { plan: name, known, subPlan, extensions: [] };
    if (entry.extensions === undefined) {
      const spec = known ? CATALOG[known].subPlans[subPlan] : undefined;
      plan.extensions = subPlan === base.subPlan ? base.extensions : (spec?.defaultExtensions ?? []).map((n) => defaultExtension(known!, n));
    } else {
      if (!Array.isArray(entry.extensions)) invalid(scope, `${at}.extensions`, entry.extensions, 'must be a list of extension names');
      const names = new Set<string>();
      entry.extensions.forEach((ext: unknown, i: number) => {
        const resolved = resolveExtension(scope, `${at}.extensions[${i}]`, plan, ext);
        if (names.has(resolved.name.toLowerCase())) {
          invalid(scope, `${at}.extensions[${i}]`, resolved.name, `duplicate extension of plan "${name}": list each extension once`);
        }
        names.add(resolved.name.toLowerCase());
        plan.extensions.push(resolved);
      });
    }
    working.set(key, plan);
  });

  const ordered: WorkingPlan[] = [];
  for (const p of DEFENDER_PLAN_NAMES) {
    const w = working.get(p.toLowerCase());
    if (w) ordered.push(w);
  }
  for (const key of customOrder) {
    const w = working.get(key);
    if (w) ordered.push(w);
  }
  return ordered.map((w) => {
    const extensions = w.known ? sortExtensions(w.known, w.subPlan, w.extensions) : w.extensions;
    return w.subPlan ? { plan: w.plan, subPlan: w.subPlan, extensions } : { plan: w.plan, extensions };
  });
}

/** Known extensions in catalog order, then custom ones in the order given: stable across runs. */
function sortExtensions(plan: DefenderPlanName, subPlan: string, extensions: ResolvedDefenderExtension[]): ResolvedDefenderExtension[] {
  const order = CATALOG[plan].subPlans[subPlan]?.extensions ?? [];
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i < 0 ? order.length : i;
  };
  return extensions.map((e, i) => ({ e, i })).sort((a, b) => (rank(a.e.name) - rank(b.e.name)) || (a.i - b.i)).map(({ e }) => e);
}

/** Renders a resolved plan list for messages: `VirtualMachines/P2[AgentlessVmScanning]`. */
export function describeDefenderPlans(plans: readonly ResolvedDefenderPlan[]): string {
  return plans.map((p) => `${p.plan}${p.subPlan ? `/${p.subPlan}` : ''}[${p.extensions.map((e) => e.name).join(',')}]`).join(' ') || describeValue([]);
}
