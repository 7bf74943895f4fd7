/**
 * Values Terraform knows only after apply (contract C1 of the phase-1 plan). A resource passed to the engine may hold
 * `UNKNOWN` as a property value, an array element, or in place of a whole array or object; an ABSENT property is
 * absent (known). See shared/guides/preflight-semantics.md ("Unknown values") for the three-valued semantics.
 */

/** A value Terraform knows only after apply. */
export class Unknown {
  /** The one instance is `UNKNOWN`. */
  private constructor() {}

  /** How an unknown value prints in JSON output (Terraform's wording). */
  public toJSON(): string {
    return '(known after apply)';
  }
}

/** The one frozen Unknown instance. */
// The constructor is private so that no second instance exists; this is the one place that calls it.
export const UNKNOWN: Unknown = Object.freeze(new (Unknown as unknown as new () => Unknown)());

/** Whether a value is the Unknown marker. */
export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}
