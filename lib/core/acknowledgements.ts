import { IConstruct } from 'constructs';
import { GUARDRAILS_ANNOTATIONS, GuardrailsAnnotationId, expiredAcknowledgementError, markWarningAcknowledged } from './annotations';
import { describeValue, GuardrailsValidationError, pathOf } from './errors';

/**
 * Acknowledgements: a written, optionally expiring, decision to accept a finding on a construct and everything below
 * it, in the spirit of cdk-nag's suppressions. One mechanism for two kinds of advice:
 *
 * - policy findings of the synth-time check (`PolicyPreflight`), named by the policy's id: the definition name (a
 *   GUID for Azure's built-ins, the file's `name` for the kit's and custom definitions) or its full resource id;
 * - the kit's own construct warnings, named by their stable id (`guardrails:<area>:<what>`, lib/core/annotations.ts).
 *
 * An acknowledged finding is not dropped: the check reports it as acknowledged (with the reason) and cdktf shows an
 * info line instead of the warning or error. An acknowledgement past its expiry no longer applies, and is an error.
 */
export interface Acknowledgement {
  /**
   * What is acknowledged: a policy definition's name (`34c877ad-507e-4c82-993e-3452a6e0ad3c`, `acr-admin-user-disabled`),
   * its full id (`/providers/Microsoft.Authorization/policyDefinitions/<name>`), or a kit warning id
   * (`guardrails:registry:public-network-access`).
   */
  readonly id: string;
  /** Why this is accepted (shown in the reports and in `cdktf synth` output). Must not be empty. */
  readonly reason: string;
  /**
   * Last day the acknowledgement applies, `YYYY-MM-DD` (UTC, the whole day) or an ISO 8601 date-time with a time zone
   * (`2026-06-30T12:00:00Z`). From then on it is an error that names it, so that it is reviewed.
   * @default never expires
   */
  readonly expires?: string;
}

/** An acknowledgement as stored: validated, with where it was given and when it ends. */
export interface RegisteredAcknowledgement extends Acknowledgement {
  /** Construct path of the construct it was given on (it covers that construct's subtree). */
  readonly constructPath: string;
  /** End of validity in epoch milliseconds (exclusive); undefined: never. */
  readonly expiresAt?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FULL_ID = /^(?:\/(?:subscriptions\/[0-9a-f-]{36}|providers\/Microsoft\.Management\/managementGroups\/[^/\s]{1,90}))?\/providers\/Microsoft\.Authorization\/policyDefinitions\/([A-Za-z0-9][A-Za-z0-9._-]{0,127})$/i;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const KIT_ID = /^guardrails:[a-z]+:[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_REASON = 2000;

const registry = new WeakMap<IConstruct, RegisteredAcknowledgement[]>();

/** The key an acknowledgement id matches findings by: a kit id as is, a policy's definition name in lower case. */
export function acknowledgementKey(id: string): string {
  if (id.startsWith('guardrails:')) return id;
  const full = FULL_ID.exec(id);
  return (full ? full[1] : id).toLowerCase();
}

function expiryOf(scope: IConstruct, value: unknown, property: string): number | undefined {
  if (value === undefined) return undefined;
  const allowed = 'expected a date YYYY-MM-DD (the last day it applies, UTC) or an ISO 8601 date-time with a time zone, such as 2026-06-30T12:00:00Z';
  if (typeof value !== 'string') throw new GuardrailsValidationError(pathOf(scope), property, value, allowed);
  const d = DATE.exec(value);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const t = Date.UTC(y, m - 1, day);
    const back = new Date(t);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== day) {
      throw new GuardrailsValidationError(pathOf(scope), property, value, `${value} is not a calendar date; ${allowed}`);
    }
    return t + 86_400_000; // the whole last day
  }
  const dt = DATE_TIME.exec(value);
  if (dt) {
    const t = Date.parse(value);
    const [mo, day, h, mi, s] = [Number(dt[2]), Number(dt[3]), Number(dt[4]), Number(dt[5]), Number(dt[6] ?? 0)];
    if (!Number.isFinite(t) || mo < 1 || mo > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || s > 59) {
      throw new GuardrailsValidationError(pathOf(scope), property, value, `${value} is not a valid date-time; ${allowed}`);
    }
    return t;
  }
  throw new GuardrailsValidationError(pathOf(scope), property, value, allowed);
}

/**
 * Validates an acknowledgement (throws GuardrailsValidationError naming the property and the value) and returns it
 * with its expiry parsed.
 */
export function validateAcknowledgement(scope: IConstruct, ack: Acknowledgement, property = 'acknowledgement'): RegisteredAcknowledgement {
  if (ack === null || typeof ack !== 'object') {
    throw new GuardrailsValidationError(pathOf(scope), property, ack, 'expected { id, reason, expires? }');
  }
  const { id, reason, expires } = ack;
  if (typeof id !== 'string' || id.length > 300) {
    throw new GuardrailsValidationError(pathOf(scope), `${property}.id`, id, 'expected a policy definition name or id, or a kit warning id guardrails:<area>:<what>');
  }
  if (id.startsWith('guardrails:')) {
    if (!KIT_ID.test(id) || !Object.prototype.hasOwnProperty.call(GUARDRAILS_ANNOTATIONS, id)) {
      throw new GuardrailsValidationError(pathOf(scope), `${property}.id`, id,
        `not a warning id the kit emits; the ids are listed in GUARDRAILS_ANNOTATION_IDS (for example ${describeValue(Object.keys(GUARDRAILS_ANNOTATIONS)[0])})`);
    }
  } else if (!GUID.test(id) && !FULL_ID.test(id) && !NAME.test(id)) {
    throw new GuardrailsValidationError(pathOf(scope), `${property}.id`, id,
      'expected a policy definition name (a GUID for built-ins, the definition file\'s name for the kit\'s and custom ones: letters, digits, ".", "_", "-"), '
      + 'a full definition id /providers/Microsoft.Authorization/policyDefinitions/<name>, or a kit warning id guardrails:<area>:<what> (display names are not ids)');
  }
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new GuardrailsValidationError(pathOf(scope), `${property}.reason`, reason, 'expected a non-empty reason: why this finding is accepted');
  }
  if (reason.length > MAX_REASON) {
    throw new GuardrailsValidationError(pathOf(scope), `${property}.reason`, reason, `at most ${MAX_REASON} characters`);
  }
  const expiresAt = expiryOf(scope, expires, `${property}.expires`);
  return { id, reason: reason.trim(), ...(expires !== undefined ? { expires } : {}), constructPath: scope.node.path, ...(expiresAt !== undefined ? { expiresAt } : {}) };
}

/** Checks (at synth) the acknowledgements given on one construct: an expired one is an error naming it. */
function checkExpiry(scope: IConstruct): string[] {
  const now = Date.now();
  for (const ack of registry.get(scope) ?? []) {
    if (ack.expiresAt !== undefined && ack.expiresAt <= now) expiredAcknowledgementError(scope, ack);
  }
  // Warnings the kit emitted before the acknowledgement was given (construction order) are marked now.
  markAcknowledgedWarnings(scope);
  return [];
}

/**
 * Records acknowledgements on `scope` (they cover its subtree). Validated now; expiry is checked at synth (the
 * construct's validation), where an expired acknowledgement becomes an error annotation.
 */
export function acknowledge(scope: IConstruct, acks: Acknowledgement | readonly Acknowledgement[]): void {
  const list = Array.isArray(acks) ? acks as readonly Acknowledgement[] : [acks as Acknowledgement];
  const validated = list.map((a, i) => validateAcknowledgement(scope, a, list.length > 1 || Array.isArray(acks) ? `acknowledgements[${i}]` : 'acknowledgement'));
  let held = registry.get(scope);
  if (!held) {
    held = [];
    registry.set(scope, held);
    scope.node.addValidation({ validate: () => checkExpiry(scope) });
  }
  for (const v of validated) {
    const key = acknowledgementKey(v.id);
    if (held.some((h) => acknowledgementKey(h.id) === key)) {
      throw new GuardrailsValidationError(scope.node.path, 'acknowledgement.id', v.id, 'is already acknowledged on this construct; give each id once');
    }
    held.push(v);
  }
}

/** The acknowledgements given on `scope` itself. */
export function acknowledgementsOn(scope: IConstruct): readonly RegisteredAcknowledgement[] {
  return registry.get(scope) ?? [];
}

/**
 * The acknowledgement that covers `id` at `scope` (on it or the nearest ancestor that has one), expired or not;
 * undefined when none does.
 */
export function findAcknowledgement(scope: IConstruct, id: string): RegisteredAcknowledgement | undefined {
  const key = acknowledgementKey(id);
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    const hit = registry.get(c)?.find((a) => acknowledgementKey(a.id) === key);
    if (hit) return hit;
  }
  return undefined;
}

/** True when the acknowledgement applies at `now` (not expired). */
export function acknowledgementValid(ack: RegisteredAcknowledgement, now = Date.now()): boolean {
  return ack.expiresAt === undefined || ack.expiresAt > now;
}

/** Marks the kit warnings in `scope`'s subtree that an acknowledgement covers (see markWarningAcknowledged). */
export function markAcknowledgedWarnings(scope: IConstruct): void {
  const now = Date.now();
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      const id = /\[(guardrails:[a-z]+:[a-z0-9-]+)\]$/.exec(typeof entry.data === 'string' ? entry.data : '')?.[1];
      if (!id) continue;
      const ack = findAcknowledgement(c, id);
      if (ack && acknowledgementValid(ack, now)) markWarningAcknowledged(entry, id as GuardrailsAnnotationId, ack);
    }
  }
}
