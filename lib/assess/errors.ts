/**
 * Bad input to the assessment (an assignment, exemption or management-group file Azure would reject, or that is
 * not in any shape it produces): names the source, the property, the value and what is allowed.
 */
export class AssessInputError extends Error {
  constructor(
    /** Where: file and item, e.g. `assignments.json[2]`. */
    public readonly source: string,
    /** Property path, e.g. `properties.overrides[0].value`. */
    public readonly property: string,
    /** The offending value (shortened). */
    public readonly value: string,
    /** What is allowed. */
    public readonly allowed: string,
  ) {
    super(`${source}: ${property} ${value}: ${allowed}`);
    this.name = 'AssessInputError';
  }
}

/** A short, single-line rendering of an input value for messages (never more than `max` characters). */
export function showValue(value: unknown, max = 240): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own member of a JSON object by name, case-insensitively (ARM property names are case-insensitive). */
export function member(obj: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const folded = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === folded) return obj[key];
  return undefined;
}
