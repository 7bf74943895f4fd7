import { Annotations } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * Every piece of advice the kit's constructs give through cdktf `Annotations`, by stable id
 * (`guardrails:<area>:<what>`) and level. The ids are public API: a user acknowledges (and so silences) a warning by
 * its id, so an id never changes meaning and is never reused; add new ones, retire old ones by deleting them.
 * `warn` and `info` below are the only way the constructs annotate, so this table is the complete list
 * (test/core/annotations.test.ts checks that the sources use exactly these ids).
 */
export const GUARDRAILS_ANNOTATIONS = {
  // Bastion
  'guardrails:bastion:shareable-links': 'warning',
  // Defender for Cloud
  'guardrails:defender:servers-sub-plan-without-p2-features': 'warning',
  'guardrails:defender:no-security-contact': 'warning',
  'guardrails:defender:endpoint-integration-off': 'warning',
  // Just-in-time VM access
  'guardrails:jit:any-source': 'warning',
  'guardrails:jit:defender-for-servers-unchecked': 'warning',
  // Enforced auto-onboarding
  'guardrails:onboarding:contact-notifications-not-deployable': 'warning',
  'guardrails:onboarding:no-security-contact': 'warning',
  'guardrails:onboarding:defender-plans-two-owners': 'warning',
  'guardrails:onboarding:no-siem': 'warning',
  'guardrails:onboarding:jit-needs-servers-p2': 'warning',
  'guardrails:onboarding:jit-any-source': 'warning',
  'guardrails:onboarding:no-allowed-images-regex': 'warning',
  // Policy assignments
  'guardrails:policy:unresolved-member-effect': 'warning',
  'guardrails:policy:role-assignments-off': 'warning',
  'guardrails:policy:management-group-remediation-needs-subscriptions': 'warning',
  // Quarantined container registry
  'guardrails:registry:no-allowed-images-scope': 'warning',
  'guardrails:registry:native-quarantine-off': 'warning',
  'guardrails:registry:quarantine-off': 'warning',
  'guardrails:registry:public-network-access': 'warning',
  'guardrails:registry:trusted-services-blocked': 'warning',
  'guardrails:registry:native-quarantine-preview': 'info',
  'guardrails:registry:defender-for-containers-unchecked': 'warning',
  'guardrails:registry:no-registry-vulnerability-assessment': 'warning',
  // SIEM
  'guardrails:siem:sentinel-daily-cap': 'warning',
  'guardrails:siem:event-hub-local-auth-off': 'warning',
  'guardrails:siem:export-to-firewalled-event-hub': 'warning',
  'guardrails:siem:export-rule-lookup-provider': 'info',
  'guardrails:siem:flow-logs-without-traffic-analytics': 'warning',
  // Sentinel content and private access to the SIEM
  'guardrails:sentinel:defender-for-cloud-alerts': 'warning',
  'guardrails:sentinel:entra-logs-missing': 'warning',
  'guardrails:sentinel:fusion-disabled': 'warning',
  'guardrails:sentinel:private-dns-zones-created': 'warning',
  'guardrails:sentinel:public-ingestion': 'info',
  'guardrails:sentinel:subscriptions-query-off': 'warning',
  'guardrails:sentinel:unexpected-country-off': 'warning',
  'guardrails:sentinel:workspace-public-access-unmanaged': 'warning',
} as const;

/** The id of an annotation the kit can emit, such as `guardrails:registry:no-allowed-images-scope`. */
export type GuardrailsAnnotationId = keyof typeof GUARDRAILS_ANNOTATIONS;

type IdsAt<L extends 'warning' | 'info'> = { [K in GuardrailsAnnotationId]: (typeof GUARDRAILS_ANNOTATIONS)[K] extends L ? K : never }[GuardrailsAnnotationId];

/** Ids of the kit's warnings. */
export type GuardrailsWarningId = IdsAt<'warning'>;
/** Ids of the kit's informational annotations. */
export type GuardrailsInfoId = IdsAt<'info'>;

/** Every annotation id the kit can emit, sorted. */
export const GUARDRAILS_ANNOTATION_IDS: readonly GuardrailsAnnotationId[] =
  (Object.keys(GUARDRAILS_ANNOTATIONS) as GuardrailsAnnotationId[]).sort();

/** The message as it is shown: the text, then the id in brackets (`... [guardrails:registry:quarantine-off]`). */
export function annotationText(id: GuardrailsAnnotationId, message: string): string {
  return `${message} [${id}]`;
}

/** Adds a warning with its stable id to `scope` (shown by `cdktf synth`). */
export function warn(scope: IConstruct, id: GuardrailsWarningId, message: string): void {
  Annotations.of(scope).addWarning(annotationText(id, message));
}

/** Adds an informational annotation with its stable id to `scope`. */
export function info(scope: IConstruct, id: GuardrailsInfoId, message: string): void {
  Annotations.of(scope).addInfo(annotationText(id, message));
}
