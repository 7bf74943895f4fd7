import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { describeValue, invalid } from '../core/errors';
import { containsCodeToken } from '../core/terraform-literal';
import { KitPolicyParameterDeclaration } from './files';

/**
 * Parameter checks for assignments (declared, typed, within `allowedValues`, required ones present) and the
 * resolution of `[parameters('x')]` references, used to decide a member's effect at synth time.
 */

/** True when a value is, or contains at its top level, an unresolved cdktf token. */
export function isUnresolved(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return containsCodeToken(value);
  if (Array.isArray(value)) return Token.isUnresolved(value);
  return false;
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type.toLowerCase()) {
    case 'string': return typeof value === 'string';
    case 'array': return Array.isArray(value);
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'float': return typeof value === 'number';
    case 'datetime': return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    default: return true;
  }
}

/** Azure compares allowed values case-insensitively for strings. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as object).sort();
    const kb = Object.keys(b as object).sort();
    return sameValue(ka, kb) && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function allowedText(allowed: readonly unknown[]): string {
  return allowed.map((v) => describeValue(v)).join(', ');
}

/**
 * Checks assignment parameter values against the policy's declarations: every name must be declared, every value
 * must have the declared type and lie within `allowedValues` (each element, for arrays), and every parameter
 * without a default must be given. Unresolved tokens are accepted unchecked.
 */
export function validateParameterValues(
  scope: IConstruct | string,
  property: string,
  declarations: Readonly<Record<string, KitPolicyParameterDeclaration>>,
  values: Readonly<Record<string, unknown>>,
  policyLabel: string,
  requireAll = true,
): void {
  const declared = Object.keys(declarations);
  const byLower = new Map(declared.map((d) => [d.toLowerCase(), d]));
  for (const [name, value] of Object.entries(values)) {
    const key = byLower.get(name.toLowerCase());
    if (!key) {
      invalid(scope, `${property}.${name}`, value,
        `parameter "${name}" is not declared by ${policyLabel}; declared parameters: ${declared.length ? declared.map((d) => JSON.stringify(d)).join(', ') : '(none)'}`);
    }
    const decl = declarations[key];
    if (value === undefined || isUnresolved(value)) continue;
    if (!typeMatches(decl.type, value)) {
      invalid(scope, `${property}.${name}`, value, `parameter "${key}" of ${policyLabel} must be of type ${decl.type}`);
    }
    const allowed = decl.allowedValues;
    if (allowed && allowed.length > 0) {
      const candidates = decl.type.toLowerCase() === 'array' && Array.isArray(value)
        && !allowed.some((a) => Array.isArray(a)) ? value : [value];
      for (const candidate of candidates) {
        if (isUnresolved(candidate)) continue;
        if (!allowed.some((a) => sameValue(a, candidate))) {
          invalid(scope, `${property}.${name}`, candidate,
            `is not an allowed value of parameter "${key}" of ${policyLabel}; allowed: ${allowedText(allowed)}`);
        }
      }
    }
  }
  if (!requireAll) return;
  for (const [name, decl] of Object.entries(declarations)) {
    const given = Object.keys(values).some((v) => v.toLowerCase() === name.toLowerCase() && values[v] !== undefined);
    if (!given && decl.defaultValue === undefined) {
      invalid(scope, `${property}.${name}`, undefined,
        `parameter "${name}" of ${policyLabel} has no default value and must be given (type ${decl.type}${decl.allowedValues ? `, allowed: ${allowedText(decl.allowedValues)}` : ''})`);
    }
  }
}

/** The parameter name in a whole-string `[parameters('name')]` expression, or undefined. */
export function parameterReference(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i.exec(value.trim());
  return m ? m[1] : undefined;
}

/** Looks a name up case-insensitively. */
export function lookup<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  if (!record) return undefined;
  if (name in record) return record[name];
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

/** Marker for "cannot be known at synth time". */
export const UNKNOWN = Symbol('unknown');

/**
 * Value of a parameter of the assigned policy: the assignment's value, else the declared default; UNKNOWN when
 * it is a token or there is neither.
 */
export function assignedValue(
  name: string,
  declarations: Readonly<Record<string, KitPolicyParameterDeclaration>>,
  values: Readonly<Record<string, unknown>>,
): unknown {
  const given = lookup(values, name);
  if (given !== undefined) return isUnresolved(given) ? UNKNOWN : given;
  const decl = lookup(declarations, name);
  return decl?.defaultValue === undefined ? UNKNOWN : decl.defaultValue;
}
