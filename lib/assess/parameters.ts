// Parameter values flowing assignment -> initiative -> member (initiative-definition-structure.md: a member's
// `parameters` give each of its definition's parameters a value, usually "[parameters('<initiative parameter>')]"
// but any ARM template expression over the initiative's parameters, e.g.
// "[if(contains(parameters('resourceTypeList'), 'microsoft.cache/redis'), parameters('effect'), 'Disabled')]").
import { AliasCatalog, PolicyEngineError } from '../policy-engine';
// The engine's standalone expression evaluator (the same functions and rules as in a policy rule); one import site.
import { evaluateStandaloneExpression, StandaloneParameters } from '../policy-engine/expr';
import { AssessInputError, isRecord, member, showValue } from './errors';

/** A parameter a definition or initiative declares. */
export interface DeclaredParameter {
  readonly name: string;
  readonly type: string;
  readonly defaultValue?: unknown;
  readonly hasDefault: boolean;
  readonly allowedValues?: readonly unknown[];
}

/** The parameters a definition or initiative document declares, by lower-cased name. */
export function declaredParameters(doc: Record<string, unknown>): Map<string, DeclaredParameter> {
  const propsValue = member(doc, 'properties');
  const props = isRecord(propsValue) ? propsValue : doc;
  const params = member(props, 'parameters');
  const out = new Map<string, DeclaredParameter>();
  if (!isRecord(params)) return out;
  for (const [name, d] of Object.entries(params)) {
    if (!isRecord(d)) continue;
    const type = member(d, 'type');
    const allowed = member(d, 'allowedValues');
    const hasDefault = Object.keys(d).some((k) => k.toLowerCase() === 'defaultvalue');
    out.set(name.toLowerCase(), {
      name,
      type: typeof type === 'string' ? type : 'String',
      hasDefault,
      ...(hasDefault ? { defaultValue: member(d, 'defaultValue') } : {}),
      ...(Array.isArray(allowed) ? { allowedValues: allowed } : {}),
    });
  }
  return out;
}

function typeMatches(type: string, v: unknown): boolean {
  switch (type.toLowerCase()) {
    case 'string': return typeof v === 'string';
    case 'array': return Array.isArray(v);
    case 'object': return isRecord(v);
    case 'boolean': return typeof v === 'boolean';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'float': return typeof v === 'number';
    case 'datetime': return typeof v === 'string' && Number.isFinite(Date.parse(v));
    default: return true;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}

/** Azure compares allowedValues exactly ("Allowed value comparisons are case-sensitive"); an array value member-wise. */
function allowed(v: unknown, list: readonly unknown[]): boolean {
  if (list.some((a) => sameJson(v, a))) return true;
  return Array.isArray(v) && v.every((e) => list.some((a) => sameJson(e, a)));
}

/**
 * The values of a definition's or initiative's parameters for an assignment: the assigned value, else the default.
 * Azure rejects an assignment that sets a parameter the definition does not declare, leaves one without default
 * unset, or gives a value of the wrong type or outside allowedValues: so does this (AssessInputError).
 * Returns a null-prototype object keyed by the declared names.
 */
export function assignParameters(declared: ReadonlyMap<string, DeclaredParameter>, given: ReadonlyMap<string, unknown>, source: string, what: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of given) {
    const d = declared.get(name.toLowerCase());
    if (!d) {
      const names = [...declared.values()].map((p) => p.name);
      throw new AssessInputError(source, `parameters.${name}`, showValue(value), `${what} declares no such parameter (${names.length ? `declared: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', ...' : ''}` : 'it declares none'})`);
    }
    if (!typeMatches(d.type, value)) throw new AssessInputError(source, `parameters.${name}.value`, showValue(value), `expected a value of type ${d.type}`);
    if (d.allowedValues && !allowed(value, d.allowedValues)) throw new AssessInputError(source, `parameters.${name}.value`, showValue(value), `expected one of ${showValue(d.allowedValues, 200)} (case-sensitive)`);
    out[d.name] = value;
  }
  for (const d of declared.values()) {
    if (Object.prototype.hasOwnProperty.call(out, d.name)) continue;
    if (d.hasDefault) out[d.name] = d.defaultValue;
    else throw new AssessInputError(source, `parameters.${d.name}`, 'missing', `${what} requires a value (the parameter has no defaultValue)`);
  }
  return out;
}

/**
 * Loose definitions (scan without an assignment): the values of `--params` that the definition declares (names
 * compared case-insensitively); the others are not for this definition.
 */
export function looseParameters(declared: ReadonlyMap<string, DeclaredParameter>, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    const d = declared.get(name.toLowerCase());
    if (d) out[d.name] = value;
  }
  return out;
}

/** Initiative parameter values (built once per assignment and not changed after) -> their folded form. */
const FOLDED_VALUES = new WeakMap<object, StandaloneParameters>();

/**
 * A member's parameter values from its `parameters` ({name: {value}}), with template expressions evaluated over
 * the initiative's parameter values. Throws AssessInputError when a value is malformed or its expression fails.
 */
export function memberParameters(memberParams: unknown, initiativeValues: Readonly<Record<string, unknown>>, aliases: AliasCatalog, source: string, property: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (memberParams === undefined || memberParams === null) return out;
  if (!isRecord(memberParams)) throw new AssessInputError(source, property, showValue(memberParams), 'expected {"<name>": {"value": ...}}');
  // Folded once per initiative (MCSB: ~200 members over the same few hundred values), not per expression.
  let values = FOLDED_VALUES.get(initiativeValues);
  if (!values) FOLDED_VALUES.set(initiativeValues, (values = new StandaloneParameters(initiativeValues as Record<string, never>)));
  for (const [name, entry] of Object.entries(memberParams)) {
    if (!isRecord(entry) || !Object.prototype.hasOwnProperty.call(entry, 'value')) {
      throw new AssessInputError(source, `${property}.${name}`, showValue(entry), 'expected {"value": ...}');
    }
    const raw = entry.value;
    if (typeof raw === 'string' && raw.startsWith('[') && !raw.startsWith('[[')) {
      try {
        out[name] = evaluateStandaloneExpression(raw, aliases, {}, values);
      } catch (err) {
        const message = err instanceof PolicyEngineError ? err.rawMessage : (err as Error).message;
        throw new AssessInputError(source, `${property}.${name}.value`, showValue(raw), `cannot be evaluated over the initiative's parameters: ${message}`);
      }
    } else if (typeof raw === 'string' && raw.startsWith('[[')) {
      out[name] = raw.slice(1);
    } else {
      out[name] = raw;
    }
  }
  return out;
}
