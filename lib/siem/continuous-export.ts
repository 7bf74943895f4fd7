import { IConstruct } from 'constructs';
import { invalid, oneOf } from '../core/errors';

/** Defender for Cloud data that continuous export can send. */
export type SiemExportDataType =
  | 'alerts'
  | 'recommendations'
  | 'securityFindings'
  | 'secureScore'
  | 'secureScoreControls'
  | 'regulatoryCompliance';

/** Every data type, in export order. */
export const SIEM_EXPORT_DATA_TYPES: readonly SiemExportDataType[] = [
  'alerts', 'recommendations', 'securityFindings', 'secureScore', 'secureScoreControls', 'regulatoryCompliance',
];

/** Severity of a Defender for Cloud security alert. */
export type SiemAlertSeverity = 'High' | 'Medium' | 'Low' | 'Informational';

/** Every alert severity. */
export const SIEM_ALERT_SEVERITIES: readonly SiemAlertSeverity[] = ['High', 'Medium', 'Low', 'Informational'];

/**
 * Alert severities exported by default: High, Medium and Low (everything but Informational).
 *
 * Why Low and not Medium+: the SIEM is where alerts are correlated, and low-severity alerts are often the early
 * stage of an attack (reconnaissance, a suspicious sign-in) that only means something next to other signals.
 * Defender alert volume is small, so the ingestion cost is negligible; Informational alerts are left out as noise.
 * This is also the default of Azure's own built-in continuous-export policies.
 */
export const SIEM_DEFAULT_ALERT_SEVERITIES: readonly SiemAlertSeverity[] = ['High', 'Medium', 'Low'];

/** Severity of a Defender for Cloud recommendation (assessment). */
export type SiemRecommendationSeverity = 'High' | 'Medium' | 'Low';

/** Every recommendation severity (also the default). */
export const SIEM_RECOMMENDATION_SEVERITIES: readonly SiemRecommendationSeverity[] = ['High', 'Medium', 'Low'];

/** One rule of a continuous-export rule set (azurerm `source.rule_set.rule`). */
export interface SiemExportRule {
  readonly propertyPath: string;
  readonly propertyType: 'String';
  readonly operator: 'Equals' | 'Contains';
  readonly expectedValue: string;
}

/** One continuous-export source (azurerm `source` block): rule sets are ORed, rules in a set ANDed. */
export interface SiemExportSource {
  readonly eventSource: string;
  readonly ruleSet?: { readonly rule: SiemExportRule[] }[];
}

/** What to export, validated. */
export interface SiemExportSelection {
  readonly dataTypes: readonly SiemExportDataType[];
  readonly alertSeverities: readonly SiemAlertSeverity[];
  readonly recommendationSeverities: readonly SiemRecommendationSeverity[];
  readonly snapshots: boolean;
}

const STREAMING_SOURCE: Record<SiemExportDataType, string> = {
  alerts: 'Alerts',
  recommendations: 'Assessments',
  securityFindings: 'SubAssessments',
  secureScore: 'SecureScores',
  secureScoreControls: 'SecureScoreControls',
  regulatoryCompliance: 'RegulatoryComplianceAssessment',
};

const SNAPSHOT_SOURCE: Partial<Record<SiemExportDataType, string>> = {
  recommendations: 'AssessmentsSnapshot',
  securityFindings: 'SubAssessmentsSnapshot',
  secureScore: 'SecureScoresSnapshot',
  secureScoreControls: 'SecureScoreControlsSnapshot',
  regulatoryCompliance: 'RegulatoryComplianceAssessmentSnapshot',
};

/** Checks a list against a closed set: non-empty, known values, no duplicates. Returns it in the set's order. */
export function requireSiemSubset<T extends string>(
  scope: IConstruct | string,
  property: string,
  values: readonly T[] | undefined,
  allowed: readonly T[],
  fallback: readonly T[],
): T[] {
  if (values === undefined) return [...fallback];
  if (!Array.isArray(values) || values.length === 0) {
    invalid(scope, property, values, `must list one or more values, each ${oneOf(allowed).replace(/^must be /, '')}`);
  }
  const seen = new Set<T>();
  values.forEach((v, i) => {
    if (!allowed.includes(v)) invalid(scope, `${property}[${i}]`, v, oneOf(allowed));
    if (seen.has(v)) invalid(scope, `${property}[${i}]`, v, 'is listed twice');
    seen.add(v);
  });
  return allowed.filter((a) => seen.has(a));
}

/**
 * The `source` blocks of a continuous export: streaming sources for each data type (alerts and recommendations
 * filtered by severity, one rule set per severity, as the portal and Azure's built-in policies write them), plus the
 * weekly snapshots when asked for.
 */
export function siemExportSources(selection: SiemExportSelection): SiemExportSource[] {
  const recommendationRuleSets = selection.recommendationSeverities.map((severity) => ({
    rule: [
      { propertyPath: 'type', propertyType: 'String' as const, operator: 'Contains' as const, expectedValue: 'Microsoft.Security/assessments' },
      { propertyPath: 'properties.metadata.severity', propertyType: 'String' as const, operator: 'Equals' as const, expectedValue: severity },
    ],
  }));
  const sources: SiemExportSource[] = [];
  for (const type of selection.dataTypes) {
    if (type === 'alerts') {
      // Continuous export matches the alert's `Severity` field in lower case (as Azure's built-in policies do).
      sources.push({
        eventSource: STREAMING_SOURCE.alerts,
        ruleSet: selection.alertSeverities.map((severity) => ({
          rule: [{ propertyPath: 'Severity', propertyType: 'String' as const, operator: 'Equals' as const, expectedValue: severity.toLowerCase() }],
        })),
      });
    } else if (type === 'recommendations') {
      sources.push({ eventSource: STREAMING_SOURCE.recommendations, ruleSet: recommendationRuleSets });
    } else {
      sources.push({ eventSource: STREAMING_SOURCE[type] });
    }
  }
  if (selection.snapshots) {
    for (const type of selection.dataTypes) {
      const snapshot = SNAPSHOT_SOURCE[type];
      if (!snapshot) continue;
      sources.push(type === 'recommendations' ? { eventSource: snapshot, ruleSet: recommendationRuleSets } : { eventSource: snapshot });
    }
  }
  return sources;
}
