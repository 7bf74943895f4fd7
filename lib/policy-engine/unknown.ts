/**
 * Unknown values (contract C1): what Terraform knows only after apply. A resource passed to `evaluate` may hold
 * UNKNOWN anywhere (a property value, an array element, a whole array or object); a property that is absent is
 * absent (known). The engine evaluates with three truth values (true, false, undetermined) as
 * /work/shared/guides/preflight-semantics.md describes, and never turns an unknown value into "" or null.
 */

const BRAND = Symbol.for('cdktf-azure-guardrails.policy-engine.unknown');

/** A value Terraform knows only after apply. */
export class Unknown {
  /** @internal Brand, so that isUnknown() also recognises an instance from another copy of this module. */
  public readonly [BRAND] = true;

  private constructor() {}

  /** How an unknown value is written in JSON (reports, batch results). */
  public toJSON(): string {
    return '(known after apply)';
  }

  public toString(): string {
    return '(known after apply)';
  }
}

const make = (): Unknown => Object.freeze(new (Unknown as unknown as new () => Unknown)()) as Unknown;

/** The one frozen instance: put it wherever a resource's value is known only after apply. */
export const UNKNOWN: Unknown = make();

/**
 * Internal: a value read THROUGH an unknown value (`properties.x` when `properties` is UNKNOWN): not only its value
 * but whether it exists at all is unknown. Behaves as UNKNOWN everywhere except `exists`; never returned to callers
 * (field() and results give UNKNOWN).
 */
export const UNKNOWN_PRESENCE: Unknown = make();

/** Whether `v` is an unknown value (UNKNOWN, or the internal presence-unknown marker). */
export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN || v === UNKNOWN_PRESENCE || (typeof v === 'object' && v !== null && (v as { [BRAND]?: unknown })[BRAND] === true);
}

/**
 * Internal marker pushed by a wildcard collector (`a[*].b`) where the array itself is unknown: an unknown number of
 * members with unknown values. Never part of a value seen by functions or callers.
 */
export const UNKNOWN_MEMBERS: unique symbol = Symbol('unknown members');

const deepCache = new WeakMap<object, boolean>();

/**
 * Whether `v` is unknown or holds an unknown value at any depth (cached per array/object: parameter arrays are the
 * same object for every resource). Bounded by the depth limit of the walk's caller data (JSON depth 256).
 */
export function involvesUnknown(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (v === UNKNOWN || v === UNKNOWN_PRESENCE) return true;
  const hit = deepCache.get(v);
  if (hit !== undefined) return hit;
  let found = false;
  const stack: unknown[] = [v];
  let steps = 0;
  while (stack.length > 0 && !found) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null) continue;
    if (isUnknown(x)) {
      found = true;
      break;
    }
    if (++steps > 1_000_000) break; // bounded: values are at most a few MB
    if (Array.isArray(x)) for (const e of x) stack.push(e);
    else for (const k of Object.keys(x)) stack.push((x as Record<string, unknown>)[k]);
  }
  deepCache.set(v, found);
  return found;
}

/**
 * An undetermined outcome: the paths (alias / field names as written in the rule) whose unknown values it depends
 * on, and why.
 */
export class Undetermined {
  constructor(public readonly paths: readonly string[], public readonly reasons: readonly string[]) {}

  /** Both sets of paths and reasons, without duplicates. */
  public merge(other: Undetermined): Undetermined {
    return new Undetermined(union(this.paths, other.paths), union(this.reasons, other.reasons));
  }
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

/** A three-valued truth: true, false, or undetermined (with why). */
export type Tri = boolean | Undetermined;

/** The reason given for a path whose value is unknown. */
export function unknownReason(path: string): string {
  return `${path} is known only after apply`;
}

/** An undetermined outcome for these paths (reason: each is known only after apply). */
export function undeterminedBy(paths: readonly string[], extraReasons: readonly string[] = []): Undetermined {
  const unique = union([], paths);
  return new Undetermined(unique, union(unique.map(unknownReason), extraReasons));
}

/** A copy of `v` with the internal presence marker written as UNKNOWN (for results); `v` itself when it has none. */
export function publicValue<T>(v: T, depth = 0): T {
  if (v === (UNKNOWN_PRESENCE as unknown)) return UNKNOWN as unknown as T;
  if (typeof v !== 'object' || v === null || isUnknown(v) || depth > 300 || !involvesUnknown(v)) return v;
  if (Array.isArray(v)) return v.map((e) => publicValue(e, depth + 1)) as unknown as T;
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(v)) out[k] = publicValue((v as Record<string, unknown>)[k], depth + 1);
  return out as T;
}
