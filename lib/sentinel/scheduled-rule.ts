import { SentinelAlertRuleScheduled } from '@cdktf/provider-azurerm/lib/sentinel-alert-rule-scheduled';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { invalid, oneOf } from '../core/errors';
import { isToken } from '../core/validate';
import {
  canonicalDuration, requireDuration, requireKnownKeys, requireOptionalBoolean, requireText, resolveSentinelWorkspace, SENTINEL_SEVERITIES,
  SentinelSeverity, SentinelWorkspaceRef, SentinelWorkspaceSource,
} from './common';
import { TerraformLiterals } from '../core/terraform-literal';

/**
 * MITRE ATT&CK tactics as Sentinel spells them (the `tactics` values azurerm 4.55 accepts:
 * vendor/github.com/hashicorp/go-azure-sdk/resource-manager/securityinsights/2023-12-01-preview/alertrules/constants.go).
 */
export const SENTINEL_TACTICS = [
  'Collection', 'CommandAndControl', 'CredentialAccess', 'DefenseEvasion', 'Discovery', 'Execution', 'Exfiltration', 'Impact',
  'ImpairProcessControl', 'InhibitResponseFunction', 'InitialAccess', 'LateralMovement', 'Persistence', 'PreAttack',
  'PrivilegeEscalation', 'Reconnaissance', 'ResourceDevelopment',
] as const;

/** A MITRE ATT&CK tactic. */
export type SentinelTactic = typeof SENTINEL_TACTICS[number];

/**
 * Entity types and the identifiers each accepts in an entity mapping (Microsoft Sentinel entity types reference,
 * https://learn.microsoft.com/azure/sentinel/entities-reference; types as azurerm validates them, constants.go above).
 */
export const SENTINEL_ENTITY_IDENTIFIERS = {
  Account: ['Name', 'FullName', 'NTDomain', 'DnsDomain', 'UPNSuffix', 'Sid', 'AadTenantId', 'AadUserId', 'PUID', 'IsDomainJoined', 'DisplayName', 'ObjectGuid'],
  AzureResource: ['ResourceId'],
  CloudApplication: ['AppId', 'Name', 'InstanceName'],
  DNS: ['DomainName'],
  File: ['Directory', 'Name'],
  FileHash: ['Algorithm', 'Value'],
  Host: ['DnsDomain', 'NTDomain', 'HostName', 'FullName', 'NetBiosName', 'AzureID', 'OMSAgentID', 'OSFamily', 'OSVersion', 'IsDomainJoined'],
  IP: ['Address', 'AddressScope'],
  MailCluster: ['NetworkMessageIds', 'CountByDeliveryStatus', 'CountByThreatType', 'CountByProtectionStatus', 'Threats', 'Query', 'QueryTime',
    'MailCount', 'IsVolumeAnomaly', 'Source', 'ClusterSourceIdentifier', 'ClusterSourceType', 'ClusterQueryStartTime', 'ClusterQueryEndTime', 'ClusterGroup'],
  MailMessage: ['Recipient', 'Urls', 'Threats', 'Sender', 'P1Sender', 'P1SenderDisplayName', 'P1SenderDomain', 'SenderIP', 'P2Sender',
    'P2SenderDisplayName', 'P2SenderDomain', 'ReceivedDate', 'NetworkMessageId', 'InternetMessageId', 'Subject', 'BodyFingerprintBin1',
    'BodyFingerprintBin2', 'BodyFingerprintBin3', 'BodyFingerprintBin4', 'BodyFingerprintBin5', 'AntispamDirection', 'DeliveryAction',
    'DeliveryLocation', 'Language', 'ThreatDetectionMethods'],
  Mailbox: ['MailboxPrimaryAddress', 'DisplayName', 'Upn', 'ExternalDirectoryObjectId', 'RiskLevel'],
  Malware: ['Name', 'Category'],
  Process: ['ProcessId', 'CommandLine', 'ElevationToken', 'CreationTimeUtc'],
  RegistryKey: ['Hive', 'Key'],
  RegistryValue: ['Name', 'Value', 'ValueType'],
  SecurityGroup: ['DistinguishedName', 'SID', 'ObjectGuid'],
  SubmissionMail: ['NetworkMessageId', 'Timestamp', 'Recipient', 'Sender', 'SenderIp', 'Subject', 'ReportType', 'SubmissionId', 'SubmissionDate', 'Submitter'],
  URL: ['Url'],
} as const;

/** An entity type of an entity mapping. */
export type SentinelEntityType = keyof typeof SENTINEL_ENTITY_IDENTIFIERS;

/** Every entity type. */
export const SENTINEL_ENTITY_TYPES = Object.keys(SENTINEL_ENTITY_IDENTIFIERS) as SentinelEntityType[];

/** How an incident collects the alerts of a rule. */
export type SentinelEntityMatching = 'AllEntities' | 'AnyAlert' | 'Selected';

/** Which alerts a rule raises: one for all results, or one per result row. */
export type SentinelEventGrouping = 'SingleAlert' | 'AlertPerResult';

/** How the rule's query result is compared with the threshold. */
export type SentinelTriggerOperator = 'GreaterThan' | 'LessThan' | 'Equal' | 'NotEqual';

/** Maps query columns to one entity of the alert. */
export interface SentinelEntityMapping {
  /** The entity type. */
  readonly entityType: SentinelEntityType;
  /**
   * One to three identifiers of the entity type, each with the query column that holds it, for example
   * `[{ identifier: 'FullName', column: 'Caller' }]`.
   */
  readonly fields: ReadonlyArray<{ readonly identifier: string; readonly column: string }>;
}

/** How alerts of the rule are grouped into incidents. */
export interface SentinelIncidentGrouping {
  /**
   * Group alerts into incidents. Off: one incident per alert.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Alerts raised within this ISO 8601 duration of the first one join its incident: PT5M to P7D.
   * @default 'PT5H'
   */
  readonly lookback?: string;
  /**
   * `AllEntities`: alerts with all the same entities; `AnyAlert`: every alert of the rule; `Selected`: alerts that
   * share the entities, alert details and custom details named below.
   * @default 'Selected' when byEntities, byAlertDetails or byCustomDetails is given, else 'AllEntities'
   */
  readonly matching?: SentinelEntityMatching;
  /**
   * Entity types that must match (with `Selected`); each must be mapped by the rule.
   * @default none
   */
  readonly byEntities?: SentinelEntityType[];
  /**
   * Alert details that must match (with `Selected`).
   * @default none
   */
  readonly byAlertDetails?: Array<'DisplayName' | 'Severity'>;
  /**
   * Custom detail keys that must match (with `Selected`); each must be one of the rule's `customDetails`.
   * @default none
   */
  readonly byCustomDetails?: string[];
  /**
   * Reopen a closed matching incident instead of creating a new one.
   * @default false
   */
  readonly reopenClosedIncidents?: boolean;
}

/** Props of {@link SentinelScheduledRule}. */
export interface SentinelScheduledRuleProps {
  /** The Sentinel workspace: a `SiemDestination` with Sentinel on, or `{ workspaceId }` of an onboarded workspace. */
  readonly workspace: SentinelWorkspaceSource | SentinelWorkspaceRef;
  /** Rule id (the ARM resource name): 1-64 letters, digits, `-`, `_` or `.`, starting with a letter or digit. */
  readonly name: string;
  /** Name shown in the portal and on every alert. */
  readonly displayName: string;
  /** What the rule detects and how to respond. */
  readonly description: string;
  /** Severity of the alerts. */
  readonly severity: SentinelSeverity;
  /** The KQL query (at most 10,000 characters, Sentinel's limit). */
  readonly query: string;
  /**
   * How often the query runs, ISO 8601 in whole seconds: PT5M to P14D, at most `queryPeriod`. Written in the form
   * Azure returns (`PT60M` as `PT1H`, `PT24H` as `P1D`), as are the other durations.
   * @default 'PT1H'
   */
  readonly queryFrequency?: string;
  /**
   * How far back each run looks, ISO 8601: PT5M to P14D.
   * @default the query frequency
   */
  readonly queryPeriod?: string;
  /**
   * Comparison of the result count with `triggerThreshold`.
   * @default 'GreaterThan'
   */
  readonly triggerOperator?: SentinelTriggerOperator;
  /**
   * Result count the operator compares with (0 or more).
   * @default 0
   */
  readonly triggerThreshold?: number;
  /** MITRE ATT&CK tactics (at least one). */
  readonly tactics: SentinelTactic[];
  /**
   * MITRE ATT&CK technique ids (`T1098`); azurerm 4.55 has no sub-techniques.
   * @default none
   */
  readonly techniques?: string[];
  /**
   * Entity mappings (at most 10).
   * @default none
   */
  readonly entityMappings?: SentinelEntityMapping[];
  /**
   * Custom details shown on the alert: key (letters, digits, `_`, starting with a letter) to query column; at most 20.
   * @default none
   */
  readonly customDetails?: Readonly<Record<string, string>>;
  /**
   * One alert for all results, or one per result row.
   * @default 'SingleAlert'
   */
  readonly eventGrouping?: SentinelEventGrouping;
  /**
   * Create incidents from the alerts.
   * @default true
   */
  readonly createIncident?: boolean;
  /**
   * Grouping of alerts into incidents.
   * @default grouping on, `AllEntities`, 5 hours, closed incidents not reopened
   */
  readonly incidentGrouping?: SentinelIncidentGrouping;
  /**
   * Stop the rule for this long after it raised an alert (ISO 8601, PT5M to PT24H, at least the query frequency).
   * @default - no suppression
   */
  readonly suppression?: string;
  /**
   * Alert name template with `{{Column}}` placeholders, for example `Role change by {{Actor}}`.
   * @default the display name
   */
  readonly alertDisplayNameFormat?: string;
  /**
   * Run the rule.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * azurerm provider (alias) of the workspace's subscription.
   * @default the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const TECHNIQUE = /^T\d{4}$/;
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
const MAX_QUERY = 10000;
const PROPS = [
  'workspace', 'name', 'displayName', 'description', 'severity', 'query', 'queryFrequency', 'queryPeriod', 'triggerOperator',
  'triggerThreshold', 'tactics', 'techniques', 'entityMappings', 'customDetails', 'eventGrouping', 'createIncident',
  'incidentGrouping', 'suppression', 'alertDisplayNameFormat', 'enabled', 'provider',
] as const;

/**
 * One Microsoft Sentinel scheduled analytics rule (`azurerm_sentinel_alert_rule_scheduled`), validated before
 * anything is written: durations and their relations (azurerm checks some only at apply time:
 * internal/services/sentinel/sentinel_alert_rule_scheduled_resource.go), tactics, technique ids, entity types and
 * their identifiers, grouping that refers to mapped entities and declared custom details, and Terraform-escaped
 * text. Construct id of the rule: `Resource`.
 */
export class SentinelScheduledRule extends Construct {
  /** The rule resource. */
  public readonly resource: SentinelAlertRuleScheduled;
  /** The rule id. */
  public readonly ruleName: string;
  /** The workspace the rule is written to (id or reference). */
  public readonly workspaceId: string;
  private readonly workspaceKey: string;

  constructor(scope: Construct, id: string, props: SentinelScheduledRuleProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    requireKnownKeys(this, 'props', props, PROPS);
    const workspace = resolveSentinelWorkspace(this, 'workspace', props.workspace);
    if (typeof props.name !== 'string' || !RULE_NAME.test(props.name)) {
      invalid(this, 'name', props.name, 'must be 1-64 letters, digits, "-", "_" or ".", starting with a letter or digit');
    }
    const displayName = requireText(this, 'displayName', props.displayName, 256);
    const description = requireText(this, 'description', props.description, 5000);
    if (!SENTINEL_SEVERITIES.includes(props.severity)) invalid(this, 'severity', props.severity, oneOf(SENTINEL_SEVERITIES));
    const query = this.checkQuery(props.query);

    const frequencyText = props.queryFrequency ?? 'PT1H';
    const frequency = requireDuration(this, 'queryFrequency', frequencyText, 300, 14 * 86400, 'PT5M to P14D');
    const periodText = props.queryPeriod ?? frequencyText;
    const period = requireDuration(this, 'queryPeriod', periodText, 300, 14 * 86400, 'PT5M to P14D');
    if (frequency > period) {
      invalid(this, 'queryFrequency', frequencyText, `must not be longer than queryPeriod (${periodText}): runs would leave gaps no query covers`);
    }
    const triggerOperator = props.triggerOperator ?? 'GreaterThan';
    const operators: readonly SentinelTriggerOperator[] = ['GreaterThan', 'LessThan', 'Equal', 'NotEqual'];
    if (!operators.includes(triggerOperator)) invalid(this, 'triggerOperator', triggerOperator, oneOf(operators));
    const threshold = props.triggerThreshold ?? 0;
    if (!Number.isSafeInteger(threshold) || threshold < 0) invalid(this, 'triggerThreshold', threshold, 'must be a whole number, 0 or more');

    const tactics = this.checkTactics(props.tactics);
    const techniques = this.checkTechniques(props.techniques);
    const mappings = this.checkEntityMappings(props.entityMappings);
    const details = this.checkCustomDetails(props.customDetails);
    const eventGrouping = props.eventGrouping ?? 'SingleAlert';
    if (eventGrouping !== 'SingleAlert' && eventGrouping !== 'AlertPerResult') invalid(this, 'eventGrouping', eventGrouping, oneOf(['SingleAlert', 'AlertPerResult']));
    const createIncident = requireOptionalBoolean(this, 'createIncident', props.createIncident) ?? true;
    const grouping = this.checkGrouping(props.incidentGrouping, mappings.map((m) => m.entityType), details.map(([k]) => k));
    let suppression: string | undefined;
    if (props.suppression !== undefined) {
      const seconds = requireDuration(this, 'suppression', props.suppression, 300, 86400, 'PT5M to PT24H');
      if (seconds < frequency) invalid(this, 'suppression', props.suppression, `must be at least the query frequency (${frequencyText}), or suppression has no effect`);
      suppression = canonicalDuration(seconds);
    }
    const nameFormat = props.alertDisplayNameFormat !== undefined ? requireText(this, 'alertDisplayNameFormat', props.alertDisplayNameFormat, 256) : undefined;
    const enabled = requireOptionalBoolean(this, 'enabled', props.enabled) ?? true;

    this.ruleName = props.name;
    this.workspaceId = workspace.workspaceId;
    this.workspaceKey = workspace.key;
    // Two rules with one id in one workspace: the second create fails with "already exists" (or overwrites).
    this.node.addValidation({
      validate: () => TerraformStack.of(this).node.findAll()
        .filter((c): c is SentinelScheduledRule => c !== this && c instanceof SentinelScheduledRule && c.ruleName === this.ruleName && c.workspaceKey === this.workspaceKey)
        .map((c) => `rule id "${this.ruleName}" is also used by ${c.node.path} in the same workspace: give each rule its own name (or ruleNamePrefix)`),
    });
    this.resource = new SentinelAlertRuleScheduled(this, 'Resource', {
      provider: props.provider,
      name: props.name,
      logAnalyticsWorkspaceId: workspace.workspaceId,
      displayName,
      description,
      severity: props.severity,
      enabled,
      query,
      // Written as Azure returns them (PT60M comes back as PT1H): no change in every plan.
      queryFrequency: canonicalDuration(frequency),
      queryPeriod: canonicalDuration(period),
      triggerOperator,
      triggerThreshold: threshold,
      tactics,
      techniques: techniques.length > 0 ? techniques : undefined,
      entityMapping: mappings.length > 0
        ? mappings.map((m) => ({ entityType: m.entityType, fieldMapping: m.fields.map((f) => ({ identifier: f.identifier, columnName: f.column })) }))
        : undefined,
      customDetails: details.length > 0 ? Object.fromEntries(details) : undefined,
      eventGrouping: { aggregationMethod: eventGrouping },
      incident: { createIncidentEnabled: createIncident, grouping },
      suppressionEnabled: suppression !== undefined,
      suppressionDuration: suppression,
      alertDetailsOverride: nameFormat ? [{ displayNameFormat: nameFormat }] : undefined,
    });
  }

  private checkQuery(query: unknown): string {
    if (typeof query !== 'string' || query.trim() === '') invalid(this, 'query', query, 'must be a non-empty KQL query');
    if (isToken(query)) invalid(this, 'query', query, 'must be literal KQL text, not a reference');
    if (query.length > MAX_QUERY) invalid(this, 'query', `${query.slice(0, 60)}...`, `is ${query.length} characters long: Sentinel accepts at most ${MAX_QUERY}`);
    return query;
  }

  private checkTactics(tactics: unknown): SentinelTactic[] {
    if (!Array.isArray(tactics) || tactics.length === 0) invalid(this, 'tactics', tactics, 'must list at least one MITRE ATT&CK tactic');
    const out: SentinelTactic[] = [];
    tactics.forEach((t, i) => {
      if (!SENTINEL_TACTICS.includes(t)) invalid(this, `tactics[${i}]`, t, oneOf(SENTINEL_TACTICS));
      if (out.includes(t)) invalid(this, `tactics[${i}]`, t, 'is listed twice');
      out.push(t);
    });
    return out;
  }

  private checkTechniques(techniques: unknown): string[] {
    if (techniques === undefined) return [];
    if (!Array.isArray(techniques) || techniques.length > 50) invalid(this, 'techniques', techniques, 'must be a list of MITRE ATT&CK technique ids');
    const out: string[] = [];
    techniques.forEach((t, i) => {
      if (typeof t !== 'string' || !TECHNIQUE.test(t)) {
        invalid(this, `techniques[${i}]`, t, 'must be a MITRE ATT&CK technique id such as "T1098" (azurerm 4.55 has no sub-techniques: use the parent "T1562" for "T1562.008")');
      }
      if (out.includes(t)) invalid(this, `techniques[${i}]`, t, 'is listed twice');
      out.push(t);
    });
    return out;
  }

  private checkEntityMappings(mappings: unknown): SentinelEntityMapping[] {
    if (mappings === undefined) return [];
    if (!Array.isArray(mappings) || mappings.length > 10) {
      invalid(this, 'entityMappings', mappings, 'must be a list of at most 10 entity mappings (Sentinel\'s limit)');
    }
    mappings.forEach((m: SentinelEntityMapping, i) => {
      const at = `entityMappings[${i}]`;
      if (m === null || typeof m !== 'object') invalid(this, at, m, 'must be { entityType, fields }');
      if (!Object.prototype.hasOwnProperty.call(SENTINEL_ENTITY_IDENTIFIERS, m.entityType)) {
        invalid(this, `${at}.entityType`, m.entityType, oneOf(SENTINEL_ENTITY_TYPES));
      }
      const allowed: readonly string[] = SENTINEL_ENTITY_IDENTIFIERS[m.entityType];
      if (!Array.isArray(m.fields) || m.fields.length === 0 || m.fields.length > 3) {
        invalid(this, `${at}.fields`, m.fields, 'must list 1 to 3 { identifier, column } pairs');
      }
      const seen: string[] = [];
      m.fields.forEach((f, j) => {
        if (f === null || typeof f !== 'object') invalid(this, `${at}.fields[${j}]`, f, 'must be { identifier, column }');
        if (!allowed.includes(f.identifier)) {
          invalid(this, `${at}.fields[${j}].identifier`, f.identifier, `is not an identifier of the ${m.entityType} entity: ${oneOf(allowed)}`);
        }
        if (seen.includes(f.identifier)) invalid(this, `${at}.fields[${j}].identifier`, f.identifier, 'is mapped twice');
        seen.push(f.identifier);
        if (typeof f.column !== 'string' || !COLUMN.test(f.column)) {
          invalid(this, `${at}.fields[${j}].column`, f.column, 'must be a column name of the query result (letters, digits and "_")');
        }
      });
    });
    return mappings;
  }

  private checkCustomDetails(details: unknown): [string, string][] {
    if (details === undefined) return [];
    if (details === null || typeof details !== 'object' || Array.isArray(details)) invalid(this, 'customDetails', details, 'must be an object of key to column name');
    const entries = Object.keys(details).map((k) => [k, (details as Record<string, unknown>)[k]] as [string, unknown]);
    if (entries.length > 20) invalid(this, 'customDetails', `${entries.length} details`, 'must have at most 20 details (Sentinel\'s limit)');
    return entries.map(([key, column]) => {
      if (!DETAIL_KEY.test(key)) invalid(this, `customDetails.${key}`, key, 'the key must start with a letter and hold only letters, digits and "_"');
      if (typeof column !== 'string' || !COLUMN.test(column)) invalid(this, `customDetails.${key}`, column, 'must be a column name of the query result');
      return [key, column];
    });
  }

  private checkGrouping(grouping: SentinelIncidentGrouping | undefined, entityTypes: string[], detailKeys: string[]) {
    const g = grouping ?? {};
    requireKnownKeys(this, 'incidentGrouping', g, ['enabled', 'lookback', 'matching', 'byEntities', 'byAlertDetails', 'byCustomDetails', 'reopenClosedIncidents']);
    const enabled = requireOptionalBoolean(this, 'incidentGrouping.enabled', g.enabled) ?? true;
    const lookback = g.lookback ?? 'PT5H';
    const lookbackSeconds = requireDuration(this, 'incidentGrouping.lookback', lookback, 300, 7 * 86400, 'PT5M to P7D');
    const byEntities = g.byEntities ?? [];
    const byAlertDetails = g.byAlertDetails ?? [];
    const byCustomDetails = g.byCustomDetails ?? [];
    for (const [prop, list] of [['byEntities', byEntities], ['byAlertDetails', byAlertDetails], ['byCustomDetails', byCustomDetails]] as const) {
      if (!Array.isArray(list)) invalid(this, `incidentGrouping.${prop}`, list, 'must be a list');
    }
    byEntities.forEach((e, i) => {
      if (!entityTypes.includes(e)) {
        invalid(this, `incidentGrouping.byEntities[${i}]`, e, `the rule does not map this entity type: it maps ${entityTypes.length ? JSON.stringify(entityTypes) : 'none'}`);
      }
    });
    byAlertDetails.forEach((d, i) => {
      if (d !== 'DisplayName' && d !== 'Severity') invalid(this, `incidentGrouping.byAlertDetails[${i}]`, d, oneOf(['DisplayName', 'Severity']));
    });
    byCustomDetails.forEach((d, i) => {
      if (!detailKeys.includes(d)) {
        invalid(this, `incidentGrouping.byCustomDetails[${i}]`, d, `is not one of the rule's customDetails: ${detailKeys.length ? JSON.stringify(detailKeys) : 'it has none'}`);
      }
    });
    const selected = byEntities.length + byAlertDetails.length + byCustomDetails.length > 0;
    const matching = g.matching ?? (selected ? 'Selected' : 'AllEntities');
    const methods: readonly SentinelEntityMatching[] = ['AllEntities', 'AnyAlert', 'Selected'];
    if (!methods.includes(matching)) invalid(this, 'incidentGrouping.matching', matching, oneOf(methods));
    if (matching === 'Selected' && !selected) {
      invalid(this, 'incidentGrouping.matching', matching, 'needs byEntities, byAlertDetails or byCustomDetails: name what the alerts of one incident share');
    }
    if (matching !== 'Selected' && selected) {
      invalid(this, 'incidentGrouping.matching', matching, 'byEntities, byAlertDetails and byCustomDetails only apply with matching "Selected"');
    }
    const reopen = requireOptionalBoolean(this, 'incidentGrouping.reopenClosedIncidents', g.reopenClosedIncidents) ?? false;
    return {
      enabled,
      lookbackDuration: canonicalDuration(lookbackSeconds),
      entityMatchingMethod: matching,
      byEntities: byEntities.length ? [...byEntities] : undefined,
      byAlertDetails: byAlertDetails.length ? [...byAlertDetails] : undefined,
      byCustomDetails: byCustomDetails.length ? [...byCustomDetails] : undefined,
      reopenClosedIncidents: reopen,
    };
  }
}
