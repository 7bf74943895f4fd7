import { TerraformProvider } from 'cdktf';
import { MonitorAadDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-aad-diagnostic-setting';
import { Construct, IConstruct } from 'constructs';
import { warn } from '../core/annotations';
import { invalid } from '../core/errors';
import { isGuid, parseIsoDuration } from '../core/validate';
import { DefenderPlansConfig } from '../defender/plans';
import { defenderBaseline, requireCountryCodes } from './baseline';
import {
  canonicalDuration, requireDuration, requireKnownKeys, requireOptionalBoolean, requireTextList, resolveSentinelWorkspace, SENTINEL_SEVERITIES, SentinelSeverity,
  SentinelWorkspaceRef, SentinelWorkspaceSource,
} from './common';
import { KqlLiteral, KqlLiteralError, renderKql } from './kql';
import { SentinelEntityMapping, SentinelIncidentGrouping, SentinelScheduledRule, SentinelTactic } from './scheduled-rule';
import { TerraformLiterals } from '../core/terraform-literal';

/** The kit's detections for the general practices of Microsoft's security guidance. */
export type SentinelDetectionName =
  /** Privileged Entra ID directory role and Azure RBAC role changes, custom role definitions. */
  | 'privilegedRoleChange'
  /** Policy assignment deleted, policy exemption created, changed or deleted. */
  | 'policyProtectionRemoved'
  /** A baseline Defender for Cloud plan set to Free, moved off its sub-plan, or an extension switched off. */
  | 'defenderPlanDowngrade'
  /** Diagnostic setting, continuous export, data connector, Sentinel, data collection rule, flow log, workspace or Event Hub of the SIEM path deleted. */
  | 'siemLoggingRemoved'
  /** Sign-in attempts to disabled accounts. */
  | 'signInToDisabledAccount'
  /** Azure management operations by a user signed in from a country outside `allowedCountries`. */
  | 'managementFromUnexpectedCountry';

/** Per-detection settings. */
export interface SentinelDetectionOptions {
  /**
   * Run the rule (`false` deploys it switched off, so it stays visible and managed).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Alert severity.
   * @default the detection's own (see the README)
   */
  readonly severity?: SentinelSeverity;
  /**
   * How often the rule runs (ISO 8601, PT5M to P14D).
   * @default the detection's own
   */
  readonly queryFrequency?: string;
  /**
   * How far back the rule looks (ISO 8601, PT5M to P14D, at least the frequency). Each run reports only what reached
   * the workspace since the previous run; the period beyond the frequency is the margin for events that arrive late.
   * @default the detection's own, or the frequency plus an hour when that is longer
   */
  readonly queryPeriod?: string;
  /**
   * Create incidents from the alerts.
   * @default true
   */
  readonly createIncident?: boolean;
  /**
   * Suppress the rule for this long after an alert (ISO 8601, PT5M to PT24H).
   * @default - none
   */
  readonly suppression?: string;
}

/** Props of {@link SentinelDetections}. */
export interface SentinelDetectionsProps {
  /** The Sentinel workspace: a `SiemDestination` with Sentinel on, or `{ workspaceId }` of an onboarded workspace. */
  readonly workspace: SentinelWorkspaceSource | SentinelWorkspaceRef;
  /**
   * Which detections to deploy: `false` leaves one out, an object tunes it. `managementFromUnexpectedCountry` needs
   * `allowedCountries`; without them it is left out (with a warning) unless set here, which is an error.
   * @default every detection, with the settings of SENTINEL_DETECTIONS
   */
  readonly detections?: { readonly [K in SentinelDetectionName]?: boolean | SentinelDetectionOptions };
  /**
   * Countries (ISO 3166-1 alpha-2, upper case) Azure may be managed from.
   * @default - none: `managementFromUnexpectedCountry` is not deployed
   */
  readonly allowedCountries?: string[];
  /**
   * Microsoft Entra directory roles (display names) whose membership changes `privilegedRoleChange` reports.
   * @default SENTINEL_PRIVILEGED_ENTRA_ROLES
   */
  readonly privilegedEntraRoles?: string[];
  /**
   * Azure built-in or custom role definition GUIDs whose assignments `privilegedRoleChange` reports.
   * @default SENTINEL_PRIVILEGED_AZURE_ROLE_IDS (Owner, Contributor, User Access Administrator, Role Based Access Control Administrator)
   */
  readonly privilegedAzureRoleIds?: string[];
  /**
   * The Defender for Cloud plans `defenderPlanDowngrade` protects, in the `DefenderForCloud` plans format.
   * @default the recommended plan set (what DefenderForCloud deploys by default)
   */
  readonly defenderPlanBaseline?: DefenderPlansConfig;
  /**
   * Prefix of the rule ids (`<prefix>-<detection>`): 1-20 lower-case letters, digits or `-`.
   * @default 'guardrails'
   */
  readonly ruleNamePrefix?: string;
  /**
   * azurerm provider (alias) of the workspace's subscription.
   * @default the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Privileged Microsoft Entra roles watched by default: the roles Microsoft marks as privileged that can take over the
 * tenant or its sign-in and security settings.
 */
export const SENTINEL_PRIVILEGED_ENTRA_ROLES: readonly string[] = [
  'Global Administrator', 'Privileged Role Administrator', 'Privileged Authentication Administrator', 'Security Administrator',
  'Conditional Access Administrator', 'Application Administrator', 'Cloud Application Administrator', 'Authentication Administrator',
  'User Administrator', 'Hybrid Identity Administrator', 'Intune Administrator', 'Exchange Administrator', 'SharePoint Administrator',
];

/**
 * Azure's privileged administrator roles (they grant write access everywhere or the right to grant access):
 * Owner, Contributor, User Access Administrator, Role Based Access Control Administrator.
 */
export const SENTINEL_PRIVILEGED_AZURE_ROLE_IDS: readonly string[] = [
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
];

/** A detection as the kit deploys it: its KQL file and rule settings. */
export interface SentinelDetectionSpec {
  /**
   * The `.kql` file under `lib/sentinel/kql/`. Every file has an `{{ingestionWindow}}` placeholder (the query
   * frequency): a run reports what reached the workspace since the previous run, over a period that is longer than
   * the frequency by {@link SENTINEL_INGESTION_DELAY_SECONDS}, so an event that arrives late is reported once.
   */
  readonly file: string;
  /** Construct id of the rule. */
  readonly constructId: string;
  /** Rule id suffix (`<prefix>-<suffix>`). */
  readonly ruleSuffix: string;
  readonly displayName: string;
  readonly description: string;
  readonly severity: SentinelSeverity;
  readonly tactics: SentinelTactic[];
  readonly techniques: string[];
  readonly queryFrequency: string;
  readonly queryPeriod: string;
  readonly entityMappings: SentinelEntityMapping[];
  readonly customDetails: Readonly<Record<string, string>>;
  readonly incidentGrouping: SentinelIncidentGrouping;
  readonly alertDisplayNameFormat: string;
}

const ACCOUNT = (name: string, upnSuffix: string): SentinelEntityMapping => ({
  entityType: 'Account', fields: [{ identifier: 'Name', column: name }, { identifier: 'UPNSuffix', column: upnSuffix }],
});
const IP = (column: string): SentinelEntityMapping => ({ entityType: 'IP', fields: [{ identifier: 'Address', column }] });
const RESOURCE = (column: string): SentinelEntityMapping => ({ entityType: 'AzureResource', fields: [{ identifier: 'ResourceId', column }] });
const BY_ACCOUNT: SentinelIncidentGrouping = { lookback: 'PT5H', matching: 'Selected', byEntities: ['Account'] };

/** The kit's detections. Every query column these settings name is checked against the query's output in the tests. */
export const SENTINEL_DETECTIONS: { readonly [K in SentinelDetectionName]: SentinelDetectionSpec } = {
  privilegedRoleChange: {
    file: 'privileged-role-change.kql',
    constructId: 'PrivilegedRoleChange',
    ruleSuffix: 'privileged-role-change',
    displayName: 'Privileged role change',
    description: 'A privileged Microsoft Entra directory role gained or lost a member, a privileged Azure role was assigned, or a custom Azure role '
      + 'definition was created, changed or deleted. Confirm the change was requested and approved (PIM, change ticket); if not, revert it and '
      + 'investigate the acting account.',
    severity: 'High',
    tactics: ['PrivilegeEscalation', 'Persistence'],
    techniques: ['T1098'],
    queryFrequency: 'PT1H',
    queryPeriod: 'PT2H',
    entityMappings: [ACCOUNT('AccountName', 'UPNSuffix'), IP('ActorIpAddress'), RESOURCE('ResourceId')],
    customDetails: { Source: 'Source', Operation: 'Operation', Target: 'Target', Role: 'Role' },
    incidentGrouping: BY_ACCOUNT,
    alertDisplayNameFormat: 'Privileged role change by {{Actor}}: {{Operation}}',
  },
  policyProtectionRemoved: {
    file: 'policy-protection-removed.kql',
    constructId: 'PolicyProtectionRemoved',
    ruleSuffix: 'policy-protection-removed',
    displayName: 'Policy assignment deleted or exemption changed',
    description: 'An Azure Policy assignment was deleted, or a policy exemption was created, changed or deleted: a guardrail stopped applying to '
      + 'some resources. Confirm the change was approved; restore the assignment or remove the exemption otherwise.',
    severity: 'Medium',
    tactics: ['DefenseEvasion'],
    techniques: ['T1562'],
    queryFrequency: 'PT1H',
    queryPeriod: 'PT2H',
    entityMappings: [ACCOUNT('AccountName', 'UPNSuffix'), IP('CallerIpAddress'), RESOURCE('ResourceId')],
    customDetails: { Change: 'Change', SubscriptionId: 'SubscriptionId' },
    incidentGrouping: BY_ACCOUNT,
    alertDisplayNameFormat: '{{Change}} by {{Caller}}',
  },
  defenderPlanDowngrade: {
    file: 'defender-plan-downgrade.kql',
    constructId: 'DefenderPlanDowngrade',
    ruleSuffix: 'defender-plan-downgrade',
    displayName: 'Defender for Cloud plan downgraded',
    description: 'A Defender for Cloud plan of the baseline was set to Free, moved to another sub-plan, or had one of its extensions switched off: '
      + 'workloads lost threat protection. Re-enable the plan (the kit\'s DefenderForCloud or the Defender policy restores it) and review who changed it.',
    severity: 'High',
    tactics: ['DefenseEvasion'],
    techniques: ['T1562'],
    queryFrequency: 'PT1H',
    queryPeriod: 'PT2H',
    entityMappings: [ACCOUNT('AccountName', 'UPNSuffix'), IP('CallerIpAddress'), RESOURCE('ResourceId')],
    customDetails: { Plan: 'Plan', Tier: 'Tier', SubPlan: 'SubPlan', ExpectedSubPlan: 'ExpectedSubPlan', SubscriptionId: 'SubscriptionId' },
    incidentGrouping: BY_ACCOUNT,
    alertDisplayNameFormat: 'Defender plan {{Plan}} downgraded by {{Caller}}',
  },
  siemLoggingRemoved: {
    file: 'siem-logging-removed.kql',
    constructId: 'SiemLoggingRemoved',
    ruleSuffix: 'siem-logging-removed',
    displayName: 'Logging to the SIEM removed',
    description: 'A diagnostic setting, Defender for Cloud continuous export, Sentinel data connector, Sentinel itself, a data collection rule, a flow '
      + 'log, the workspace or the Event Hub on the path to the SIEM was deleted: security logs stop arriving. Restore it and review who removed it; '
      + 'attackers blind the SIEM first.',
    severity: 'High',
    tactics: ['DefenseEvasion'],
    techniques: ['T1562'],
    queryFrequency: 'PT1H',
    queryPeriod: 'PT2H',
    entityMappings: [ACCOUNT('AccountName', 'UPNSuffix'), IP('CallerIpAddress'), RESOURCE('ResourceId')],
    customDetails: { Operation: 'Operation', SubscriptionId: 'SubscriptionId' },
    incidentGrouping: BY_ACCOUNT,
    alertDisplayNameFormat: 'Logging removed by {{Caller}}: {{Operation}}',
  },
  signInToDisabledAccount: {
    file: 'signin-to-disabled-account.kql',
    constructId: 'SignInToDisabledAccount',
    ruleSuffix: 'signin-to-disabled-account',
    displayName: 'Sign-in attempts to a disabled account',
    description: 'Someone tried to sign in to a disabled Microsoft Entra account (error 50057): a leaver\'s or a switched-off account is being '
      + 'used. Find out who holds its credentials or tokens, reset them, and look for the same source address elsewhere.',
    severity: 'Medium',
    tactics: ['InitialAccess'],
    techniques: ['T1078'],
    queryFrequency: 'PT1H',
    queryPeriod: 'PT2H',
    entityMappings: [
      { entityType: 'Account', fields: [{ identifier: 'Name', column: 'AccountName' }, { identifier: 'UPNSuffix', column: 'UPNSuffix' }, { identifier: 'AadUserId', column: 'UserId' }] },
      IP('IPAddress'),
    ],
    customDetails: { Attempts: 'Attempts' },
    incidentGrouping: BY_ACCOUNT,
    alertDisplayNameFormat: 'Sign-in attempts to disabled account {{UserPrincipalName}}',
  },
  managementFromUnexpectedCountry: {
    file: 'management-from-unexpected-country.kql',
    constructId: 'ManagementFromUnexpectedCountry',
    ruleSuffix: 'management-from-unexpected-country',
    displayName: 'Azure management from an unexpected country',
    description: 'A user changed Azure resources after signing in to Azure management from a country outside the allowed list. Confirm the '
      + 'user travels or uses that network; otherwise revoke their sessions and review the operations.',
    severity: 'Medium',
    tactics: ['InitialAccess'],
    techniques: ['T1078'],
    queryFrequency: 'PT1H',
    queryPeriod: 'P1D',
    entityMappings: [ACCOUNT('AccountName', 'UPNSuffix'), IP('CallerIpAddress')],
    customDetails: { Country: 'Country', Operations: 'Operations' },
    incidentGrouping: BY_ACCOUNT,
    alertDisplayNameFormat: 'Azure management by {{Caller}} from {{Country}}',
  },
};

/**
 * How late an event may reach the workspace and still be reported: the default query period is the frequency plus
 * this (Microsoft's "Handle ingestion delay in scheduled analytics rules": look back further, report by
 * ingestion_time). Activity log and Entra ID events usually arrive within minutes, sometimes much later.
 */
export const SENTINEL_INGESTION_DELAY_SECONDS = 3600;

/** Detections that read Microsoft Entra ID logs, and the tenant diagnostic setting categories that bring them. */
const ENTRA_CATEGORIES: { readonly [K in SentinelDetectionName]?: readonly string[] } = {
  privilegedRoleChange: ['AuditLogs'],
  signInToDisabledAccount: ['SignInLogs'],
  managementFromUnexpectedCountry: ['SignInLogs', 'NonInteractiveUserSignInLogs'],
};

/** Every detection name, in deployment order. */
export const SENTINEL_DETECTION_NAMES = Object.keys(SENTINEL_DETECTIONS) as SentinelDetectionName[];

const PROPS = ['workspace', 'detections', 'allowedCountries', 'privilegedEntraRoles', 'privilegedAzureRoleIds', 'defenderPlanBaseline', 'ruleNamePrefix', 'provider'] as const;
const OPTION_KEYS = ['enabled', 'severity', 'queryFrequency', 'queryPeriod', 'createIncident', 'suppression'] as const;

/**
 * The kit's scheduled analytics rules for Microsoft's general security practices: suspicious activity of
 * administrative accounts (privileged role changes, policy protection removed, Defender plan downgrades, logging to
 * the SIEM removed), sign-ins to disabled accounts and Azure management from unexpected countries. Each rule's KQL
 * is its own file in the package (`lib/sentinel/kql/`); parameters enter it only as escaped literals.
 *
 * Construct ids (public API): `PrivilegedRoleChange`, `PolicyProtectionRemoved`, `DefenderPlanDowngrade`,
 * `SiemLoggingRemoved`, `SignInToDisabledAccount`, `ManagementFromUnexpectedCountry`, each holding `Resource`.
 */
export class SentinelDetections extends Construct {
  /** The deployed rules, by detection. */
  public readonly rules: { readonly [K in SentinelDetectionName]?: SentinelScheduledRule };

  constructor(scope: Construct, id: string, props: SentinelDetectionsProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    requireKnownKeys(this, 'props', props, PROPS);
    const workspace = resolveSentinelWorkspace(this, 'workspace', props.workspace);
    const prefix = props.ruleNamePrefix ?? 'guardrails';
    if (typeof prefix !== 'string' || !/^[a-z0-9][a-z0-9-]{0,19}$/.test(prefix)) {
      invalid(this, 'ruleNamePrefix', prefix, 'must be 1-20 lower-case letters, digits or "-", starting with a letter or digit');
    }
    const choices = props.detections ?? {};
    requireKnownKeys(this, 'detections', choices, SENTINEL_DETECTION_NAMES);
    const allowedCountries = props.allowedCountries !== undefined ? requireCountryCodes(this, 'allowedCountries', props.allowedCountries) : undefined;
    const entraRoles = props.privilegedEntraRoles !== undefined
      ? requireTextList(this, 'privilegedEntraRoles', props.privilegedEntraRoles, 100, 128) : [...SENTINEL_PRIVILEGED_ENTRA_ROLES];
    const azureRoles = this.azureRoleIds(props.privilegedAzureRoleIds);

    const rules: { [K in SentinelDetectionName]?: SentinelScheduledRule } = {};
    for (const name of SENTINEL_DETECTION_NAMES) {
      const choice = choices[name];
      if (choice === false) continue;
      if (choice !== undefined && choice !== true) requireKnownKeys(this, `detections.${name}`, choice, OPTION_KEYS);
      const options: SentinelDetectionOptions = choice === undefined || choice === true ? {} : choice;
      const spec = SENTINEL_DETECTIONS[name];
      let parameters: Record<string, KqlLiteral>;
      switch (name) {
        case 'privilegedRoleChange':
          parameters = {
            privilegedEntraRoles: this.literal('privilegedEntraRoles', entraRoles, () => KqlLiteral.stringList(entraRoles)),
            privilegedAzureRoleIds: this.literal('privilegedAzureRoleIds', azureRoles, () => KqlLiteral.stringList(azureRoles)),
          };
          break;
        case 'defenderPlanDowngrade':
          parameters = { baseline: this.literal('defenderPlanBaseline', props.defenderPlanBaseline, () => KqlLiteral.dynamic(defenderBaseline(this, 'defenderPlanBaseline', props.defenderPlanBaseline))) };
          break;
        case 'managementFromUnexpectedCountry': {
          if (!allowedCountries) {
            if (choice !== undefined) {
              invalid(this, 'allowedCountries', undefined, 'is required by detections.managementFromUnexpectedCountry: list the countries Azure may be managed from, such as ["GB", "NL"]');
            }
            warn(this, 'guardrails:sentinel:unexpected-country-off',
              'managementFromUnexpectedCountry is not deployed: set allowedCountries (ISO 3166-1 codes) to detect Azure management from other countries');
            continue;
          }
          parameters = { allowedCountries: this.literal('allowedCountries', allowedCountries, () => KqlLiteral.stringList(allowedCountries)) };
          break;
        }
        default:
          parameters = {};
      }
      const frequencyText = options.queryFrequency ?? spec.queryFrequency;
      const frequency = requireDuration(this, `detections.${name}.queryFrequency`, frequencyText, 300, 14 * 86400, 'PT5M to P14D');
      parameters.ingestionWindow = KqlLiteral.seconds(frequency);
      if (options.severity !== undefined && !SENTINEL_SEVERITIES.includes(options.severity)) {
        invalid(this, `detections.${name}.severity`, options.severity, `must be one of ${SENTINEL_SEVERITIES.join(', ')}`);
      }
      const enabled = requireOptionalBoolean(this, `detections.${name}.enabled`, options.enabled);
      rules[name] = new SentinelScheduledRule(this, spec.constructId, {
        workspace: props.workspace,
        provider: props.provider,
        name: `${prefix}-${spec.ruleSuffix}`,
        displayName: spec.displayName,
        description: spec.description,
        severity: options.severity ?? spec.severity,
        query: renderKql(spec.file, parameters),
        queryFrequency: frequencyText,
        queryPeriod: options.queryPeriod ?? defaultPeriod(spec.queryPeriod, frequency),
        tactics: spec.tactics,
        techniques: spec.techniques,
        entityMappings: spec.entityMappings,
        customDetails: spec.customDetails,
        eventGrouping: 'AlertPerResult',
        createIncident: options.createIncident,
        incidentGrouping: spec.incidentGrouping,
        suppression: options.suppression,
        alertDisplayNameFormat: spec.alertDisplayNameFormat,
        enabled,
      });
    }
    this.rules = rules;

    // The Entra ID tables arrive only through the tenant's diagnostic setting (SiemDestination entraIdLogs), and only
    // for the categories it exports to the workspace.
    const source = workspace.construct as { entraIdDiagnosticSetting?: MonitorAadDiagnosticSetting } & IConstruct | undefined;
    if (source) {
      const setting = source.entraIdDiagnosticSetting;
      const logs = setting?.enabledLogInput;
      const exported = setting?.logAnalyticsWorkspaceIdInput === undefined ? [] : Array.isArray(logs) ? logs.map((l) => l.category) : undefined;
      const missing = exported === undefined ? [] : (Object.keys(ENTRA_CATEGORIES) as SentinelDetectionName[])
        .filter((n) => rules[n] !== undefined)
        .map((n) => [n, ENTRA_CATEGORIES[n]!.filter((c) => !exported.includes(c))] as const)
        .filter(([, categories]) => categories.length > 0);
      if (missing.length > 0) {
        warn(this, 'guardrails:sentinel:entra-logs-missing',
          `${missing.map(([n, c]) => `${n} reads ${c.join(', ')}`).join('; ')}, which ${source.node.path} does not `
          + 'send to the workspace: turn on its entraIdLogs (the tenant diagnostic setting) with these categories and the workspace as a target, or send '
          + 'the Entra ID logs to the workspace another way');
      }
    }
  }

  private azureRoleIds(ids: unknown): string[] {
    if (ids === undefined) return [...SENTINEL_PRIVILEGED_AZURE_ROLE_IDS];
    const list = requireTextList(this, 'privilegedAzureRoleIds', ids, 100, 36);
    return list.map((g, i) => {
      if (!isGuid(g)) invalid(this, `privilegedAzureRoleIds[${i}]`, g, 'must be a role definition GUID such as "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" (Owner)');
      return g.toLowerCase();
    });
  }

  private literal(property: string, value: unknown, make: () => KqlLiteral): KqlLiteral {
    try {
      return make();
    } catch (e) {
      if (e instanceof KqlLiteralError) invalid(this, property, value, `cannot be used in a query: ${e.message}`);
      throw e;
    }
  }
}

/**
 * The detection's own period, or the frequency plus the ingestion delay when that is longer (capped at Sentinel's
 * P14D), so a changed frequency keeps the late-arrival margin.
 */
function defaultPeriod(period: string, frequency: number): string {
  const own = parseIsoDuration(period)!;
  const needed = Math.min(frequency + SENTINEL_INGESTION_DELAY_SECONDS, 14 * 86400);
  return needed > own ? canonicalDuration(needed) : period;
}
