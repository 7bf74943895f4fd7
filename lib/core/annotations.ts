import { AnnotationMetadataEntryType, Annotations } from 'cdktf';
import { IConstruct, MetadataEntry } from 'constructs';
import type { RegisteredAcknowledgement } from './acknowledgements';
import { acknowledgementValid, findAcknowledgement } from './acknowledgements';

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

/**
 * Adds a warning with its stable id to `scope` (shown by `cdktf synth`). A warning an acknowledgement covers
 * (lib/core/acknowledgements.ts) is added as an info that says so, with the reason.
 */
export function warn(scope: IConstruct, id: GuardrailsWarningId, message: string): void {
  const ack = findAcknowledgement(scope, id);
  if (ack && acknowledgementValid(ack)) Annotations.of(scope).addInfo(acknowledgedText(annotationText(id, message), ack));
  else Annotations.of(scope).addWarning(annotationText(id, message));
}

/** The text of an acknowledged warning: what was acknowledged where, why, until when, then the warning itself. */
export function acknowledgedText(text: string, ack: RegisteredAcknowledgement): string {
  return `acknowledged on ${ack.constructPath}${ack.expires ? ` until ${ack.expires}` : ''} (${ack.reason}): ${text}`;
}

/**
 * Turns a kit warning already on a construct into the info an acknowledgement makes of it (the warning was added
 * before the acknowledgement was given). Construct metadata is append-only; its entries are the objects cdktf
 * collects at synth, so the entry is changed in place.
 */
export function markWarningAcknowledged(entry: MetadataEntry, id: GuardrailsAnnotationId, ack: RegisteredAcknowledgement): void {
  if (entry.type !== AnnotationMetadataEntryType.WARN || GUARDRAILS_ANNOTATIONS[id] !== 'warning') return;
  const mutable = entry as { type: string; data: unknown };
  mutable.type = AnnotationMetadataEntryType.INFO;
  mutable.data = acknowledgedText(String(entry.data), ack);
}

/** An acknowledgement past its expiry: an error on the construct it was given on, naming it. */
export function expiredAcknowledgementError(scope: IConstruct, ack: RegisteredAcknowledgement): void {
  Annotations.of(scope).addError(`acknowledgement of ${ack.id} expired on ${ack.expires} (reason given: ${ack.reason}): `
    + 'fix what it acknowledged, or review it and set a new expires date [guardrails:acknowledgement:expired]');
}

/** Levels of the synth-time policy check's annotations (lib/policy-preflight). */
export type PolicyCheckLevel = 'error' | 'warning' | 'info';

/**
 * Adds an annotation of the synth-time policy check. Its findings are named by the policy's id (what an
 * acknowledgement names), not by a kit id; the message ends with `[guardrails:preflight:<deny|audit|...>]`.
 */
export function policyCheckAnnotation(scope: IConstruct, level: PolicyCheckLevel, message: string): void {
  const a = Annotations.of(scope);
  if (level === 'error') a.addError(message);
  else if (level === 'warning') a.addWarning(message);
  else a.addInfo(message);
}

/** Adds an informational annotation with its stable id to `scope`. */
export function info(scope: IConstruct, id: GuardrailsInfoId, message: string): void {
  Annotations.of(scope).addInfo(annotationText(id, message));
}
