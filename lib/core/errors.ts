import { IConstruct } from 'constructs';

/**
 * Thrown at construction time when a construct is given input it cannot deploy safely.
 *
 * The message always names where (the construct path), what (the property), the bad value and what is
 * allowed, so that the person reading a failed `cdktf synth` can fix it without opening the source.
 */
export class GuardrailsValidationError extends Error {
  /** Construct path of the construct that refused the input (or `config` for config files). */
  public readonly path: string;
  /** The property (or config path) that holds the bad value. */
  public readonly property: string;
  /** The offending value, as given. */
  public readonly value: unknown;
  /** What is allowed (the end of the message). */
  public readonly allowed: string;

  constructor(path: string, property: string, value: unknown, allowed: string) {
    super(`${path}: invalid ${property} ${describeValue(value)}: ${allowed}`);
    this.name = 'GuardrailsValidationError';
    this.path = path;
    this.property = property;
    this.value = value;
    this.allowed = allowed;
  }
}

/** Renders a value for an error message: strings quoted, objects as compact JSON, long values shortened. */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** Construct path used in error messages (`Stack/Construct/Child`). */
export function pathOf(scope: IConstruct | string): string {
  return typeof scope === 'string' ? scope : scope.node.path;
}

/**
 * Throws a {@link GuardrailsValidationError}.
 *
 * @param scope construct (or literal path) the error belongs to
 * @param property the prop name, dotted for nested props (`plans[2].subPlan`)
 * @param value the bad value
 * @param allowed what is allowed and, where useful, how to fix it
 */
export function invalid(scope: IConstruct | string, property: string, value: unknown, allowed: string): never {
  throw new GuardrailsValidationError(pathOf(scope), property, value, allowed);
}

/** Lists allowed values for an error message: `one of "A", "B" or "C"`. */
export function oneOf(values: readonly string[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  if (quoted.length <= 1) return `must be ${quoted.join('')}`;
  return `must be one of ${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
