// Public API of cdktf-azure-guardrails: the constructs, their props and result types, the error type, the policy
// engine (as `engine`) and the interfaces consumers implement. Everything here is deliberate; helpers (validators,
// id parsers, template builders, file loaders) stay internal so that they can change. test/public-api.test.ts pins
// this list: a change to it is a change to the API.

// ---- core -----------------------------------------------------------------------------------------------------
export { GuardrailsValidationError } from './core/errors';
export type { ILogDestination, DiagnosticsOptions } from './core/log-destination';
export type { PrincipalType } from './core/principal';
export type { ArmTemplate } from './core/arm-template';
export { GUARDRAILS_ANNOTATION_IDS } from './core/annotations';
export type { GuardrailsAnnotationId, GuardrailsInfoId, GuardrailsWarningId } from './core/annotations';
export { policiesDir } from './core/package-root';
export { AZURERM_FEATURES_FOR_FIREWALLED_STORAGE } from './core/provider-features';

// ---- Defender for Cloud ---------------------------------------------------------------------------------------
export { DefenderForCloud } from './defender/defender-for-cloud';
export type { DefenderForCloudProps, DefenderIntegrationsProps } from './defender/defender-for-cloud';
export {
  DEFENDER_DEPRECATED_PLANS, DEFENDER_MALWARE_SCANNING_DEFAULT_CAP_GB, DEFENDER_PLAN_NAMES, DEFENDER_RECOMMENDED_PLANS,
  defenderCustomName, resolveDefenderPlans,
} from './defender/plans';
export type {
  AiExtensionName, ApiSubPlan, ArmSubPlan, CloudPostureExtensionName, ContainersExtensionName, DefenderAiPlan, DefenderApiPlan,
  DefenderArmPlan, DefenderCloudPosturePlan, DefenderContainersPlan, DefenderCustomName, DefenderCustomPlan, DefenderExtension,
  DefenderExtensionSettings, DefenderFileIntegrityMonitoringSettings, DefenderKeyVaultsPlan, DefenderMalwareScanningSettings,
  DefenderPlanName, DefenderPlanSetting, DefenderPlanSettingBase, DefenderPlansConfig, DefenderSimplePlan, DefenderStorageAccountsPlan,
  DefenderVirtualMachinesPlan, KeyVaultsSubPlan, ResolvedDefenderExtension, ResolvedDefenderPlan, StorageAccountsExtensionName,
  StorageAccountsSubPlan, VirtualMachinesExtensionName, VirtualMachinesSubPlan,
} from './defender/plans';
export { DEFENDER_CONTACT_ROLES } from './defender/security-contact';
export type {
  DefenderAlertSeverity, DefenderAttackPathRiskLevel, DefenderContactRole, DefenderSecurityContactProps,
} from './defender/security-contact';
export { DEFENDER_AWS_OFFERINGS, DEFENDER_GCP_OFFERINGS } from './defender/connectors';
export type {
  DefenderAwsConnectorProps, DefenderAwsContainersOffering, DefenderAwsCspmOffering, DefenderAwsDatabasesOffering, DefenderAwsOffering,
  DefenderAwsOfferingType, DefenderAwsServersOffering, DefenderGcpConnectorProps, DefenderGcpContainersOffering, DefenderGcpCspmOffering,
  DefenderGcpDatabasesOffering, DefenderGcpIdentity, DefenderGcpOffering, DefenderGcpOfferingType, DefenderGcpServersOffering,
} from './defender/connectors';

// ---- Bastion ----------------------------------------------------------------------------------------------------
export { BASTION_SKUS, BASTION_SUBNET_MAX_PREFIX, BASTION_SUBNET_NAME, SecureBastion } from './bastion/secure-bastion';
export type { BastionSku, SecureBastionProps } from './bastion/secure-bastion';
export { BASTION_DEFAULT_TARGET_PORTS, BASTION_DENY_ALL_PRIORITY, bastionNsgRules } from './bastion/nsg-rules';
export type { BastionNsgRule, BastionNsgRuleOptions } from './bastion/nsg-rules';

// ---- Just-in-time VM access -------------------------------------------------------------------------------------
export {
  JIT_DEFAULT_MAX_DURATION, JIT_DEFAULT_PORTS, JIT_MAX_DURATION, JIT_MIN_DURATION, JitAccessPolicy,
} from './jit/jit-access-policy';
export type { JitAccessPolicyProps, JitPort, JitVirtualMachine } from './jit/jit-access-policy';
export type { JitProtocol } from './jit/template';
export { JIT_BASELINE_DEFAULT_PRIORITY, JIT_BASELINE_RULE_NAME, JitNsgBaseline } from './jit/nsg-baseline';
export type { JitNsgBaselineProps } from './jit/nsg-baseline';
export { JIT_REQUESTER_ACTIONS, JitRequesterRole } from './jit/requester-role';
export type { JitRequesterRoleProps } from './jit/requester-role';

// ---- Container registry -----------------------------------------------------------------------------------------
export { QuarantinedContainerRegistry, REGISTRY_ROLES } from './registry/quarantined-registry';
export type {
  QuarantinedContainerRegistryProps, RegistryAllowedImagesEffect, RegistryCustomerManagedKey, RegistryGrantOptions,
  RegistryNetworkRuleBypass, RegistryPrincipal, RegistryQuarantineMode, RegistrySku,
} from './registry/quarantined-registry';
export { REGISTRY_ALLOWED_IMAGES_POLICY_ID, registryAllowedImagesRegex, registryLoginServer } from './registry/allowed-images';
export { REGISTRY_ZONE_REDUNDANT_REGIONS } from './registry/regions';

// ---- SIEM -------------------------------------------------------------------------------------------------------
export { SIEM_TARGETS } from './siem/common';
export type { SiemDestinationIds, SiemDiagnosticsOptions, SiemTarget } from './siem/common';
export {
  SIEM_ALERT_SEVERITIES, SIEM_DEFAULT_ALERT_SEVERITIES, SIEM_EXPORT_DATA_TYPES, SIEM_RECOMMENDATION_SEVERITIES,
} from './siem/continuous-export';
export type { SiemAlertSeverity, SiemExportDataType, SiemRecommendationSeverity } from './siem/continuous-export';
export {
  SIEM_DEFAULT_ENTRA_ID_LOG_CATEGORIES, SIEM_DEFAULT_SENTINEL_CONNECTORS, SIEM_ENTRA_ID_LOG_CATEGORIES, SIEM_EVENT_HUB_RULE_NAMES,
  SIEM_SENTINEL_CONNECTORS, SiemDestination,
} from './siem/destination';
export type {
  SiemDestinationNames, SiemDestinationProps, SiemEntraIdLogCategory, SiemEntraIdLogsOptions, SiemEventHubNetworkAccess,
  SiemEventHubOptions, SiemEventHubRuleRef, SiemSentinelConnector, SiemSentinelOptions, SiemWorkspaceOptions,
} from './siem/destination';
export { SIEM_ACTIVITY_LOG_CATEGORIES, SIEM_CONTINUOUS_EXPORT_NAMES, SiemSources } from './siem/sources';
export type {
  SiemActivityLogCategory, SiemActivityLogOptions, SiemContinuousExportOptions, SiemFlowLogOptions, SiemFlowLogVirtualNetwork,
  SiemNetworkWatcherOptions, SiemSourcesProps,
} from './siem/sources';

// ---- Policy -----------------------------------------------------------------------------------------------------
export { KitPolicyScope } from './policy/scope';
export type { KitAnyScopeKind, KitPolicyScopeKind, KitPolicyScopeParseOptions } from './policy/scope';
export { KitPolicyDefinition } from './policy/definition';
export type { KitPolicyDefinitionProps } from './policy/definition';
export { KitPolicyInitiative } from './policy/initiative';
export type { KitPolicyInitiativeProps } from './policy/initiative';
export { KitBuiltinPolicy } from './policy/builtin';
export { KitPolicyAssignment } from './policy/assignment';
export type {
  KitPolicyAssignmentProps, KitPolicyAssignmentResource, KitPolicyExemptionConfig, KitPolicyIdentityConfig, KitPolicyRemediationOptions,
  KitPolicyRemediationTask, KitPolicyRoleGrant,
} from './policy/assignment';
export type {
  KitPolicyOverride, KitPolicyOverrideSelector, KitPolicyOverrideSelectorKind, KitPolicyResourceSelector, KitPolicyResourceSelectorCondition,
  KitPolicyResourceSelectorKind,
} from './policy/selectors';
export type { IKitAssignablePolicy, KitPolicyMember } from './policy/members';
export type {
  KitBuiltinPolicyRef, KitDefinitionDocument, KitInitiativeDocument, KitInitiativeMemberDocument, KitPolicyParameterDeclaration,
} from './policy/files';

// ---- Enforced auto-onboarding -----------------------------------------------------------------------------------
export { AutoOnboarding } from './onboarding/auto-onboarding';
export type {
  AutoOnboardingArea, AutoOnboardingAreaOptions, AutoOnboardingDefenderOptions, AutoOnboardingNetworkAccessOptions, AutoOnboardingProps,
  AutoOnboardingRegistryOptions, AutoOnboardingSiemOptions,
} from './onboarding/auto-onboarding';

// ---- Sentinel content and private access to the SIEM ------------------------------------------------------------
export { SENTINEL_SEVERITIES } from './sentinel/common';
export type { SentinelSeverity, SentinelWorkspaceRef, SentinelWorkspaceSource } from './sentinel/common';
export { KqlLiteral, KqlLiteralError, renderKql } from './sentinel/kql';
export {
  SENTINEL_ENTITY_IDENTIFIERS, SENTINEL_ENTITY_TYPES, SENTINEL_TACTICS, SentinelScheduledRule,
} from './sentinel/scheduled-rule';
export type {
  SentinelEntityMapping, SentinelEntityMatching, SentinelEntityType, SentinelEventGrouping, SentinelIncidentGrouping,
  SentinelScheduledRuleProps, SentinelTactic, SentinelTriggerOperator,
} from './sentinel/scheduled-rule';
export {
  SENTINEL_DETECTION_NAMES, SENTINEL_DETECTIONS, SENTINEL_INGESTION_DELAY_SECONDS, SENTINEL_PRIVILEGED_AZURE_ROLE_IDS,
  SENTINEL_PRIVILEGED_ENTRA_ROLES, SentinelDetections,
} from './sentinel/detections';
export type { SentinelDetectionName, SentinelDetectionOptions, SentinelDetectionSpec, SentinelDetectionsProps } from './sentinel/detections';
export {
  SENTINEL_ALERT_PRODUCT_FILTERS, SENTINEL_ALERT_PRODUCTS, SENTINEL_FUSION_TEMPLATE_GUID, SENTINEL_XDR_PRODUCTS, SentinelIncidentFlow,
} from './sentinel/incident-flow';
export type {
  SentinelAlertProduct, SentinelDefenderXdrOptions, SentinelIncidentFlowChoice, SentinelIncidentFlowProps, SentinelMicrosoftIncidentRule,
} from './sentinel/incident-flow';
export { SENTINEL_RESOURCE_GRAPH_QUERIES, SENTINEL_SAVED_SEARCHES, SentinelSharedQueries } from './sentinel/shared-queries';
export type {
  SentinelQuerySpec, SentinelResourceGraphQueryName, SentinelSavedSearchName, SentinelSharedQueriesProps,
} from './sentinel/shared-queries';
export { AZURE_MONITOR_PRIVATE_DNS_ZONES, SiemPrivateLinkScope } from './sentinel/private-link';
export type {
  AzureMonitorAccessMode, AzureMonitorPrivateDnsZone, SiemPrivateLinkScopeProps, SiemPrivateLinkWorkspace,
} from './sentinel/private-link';

// ---- Synth-time policy check and acknowledgements -----------------------------------------------------------------
export { KIT_CHECK_POLICIES, POLICY_PREFLIGHT_REPORT_FILES, PolicyPreflight } from './policy-preflight';
export type {
  Acknowledgement, PolicyPreflightAcknowledged, PolicyPreflightMembers, PolicyPreflightPolicy, PolicyPreflightProps, PolicyPreflightReport,
  PolicyPreflightReportFormat,
} from './policy-preflight';

// ---- Policy engine and preflight --------------------------------------------------------------------------------
export * as engine from './policy-engine';
export * as preflight from './preflight';
// JSON documents of the guardrails CLI (scan, test, eval), for consumers of `--format json` (types only: no CLI code
// is loaded). Their shapes are documented in the README ("JSON reports").
export type { ScanReport, Finding as ScanFinding, PolicySummary as ScanPolicySummary, AssignmentSummary as ScanAssignmentSummary, Counts as ScanCounts, Undetermined as ScanUndetermined, Exempted as ScanExempted, SkippedItem as ScanSkippedItem, ReportError as ScanError, AssessResource, EvalOutput } from './cli/report/types';
export type { PolicyTestReport, PolicyTestFileResult, PolicyTestCaseResult } from './cli/policy-tests';
export * as assess from './assess';
