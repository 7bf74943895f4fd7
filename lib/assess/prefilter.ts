// Which resource types a rule can match, decided before evaluating it, so the runner skips the definitions that
// cannot apply to a resource without calling the engine (a scan evaluates every definition against every resource;
// MCSB's 223 definitions each apply to a handful of types).
//
// The engine evaluates conditions in order and an `allOf` stops at its first false member; a condition that fails to
// evaluate makes the whole evaluation an error. So a `field: "type"` test with literal `equals` / `in` rules out the
// other types when it is reached for every resource without a possible error: itself, in an `allOf` after members
// that cannot fail or that give every resource the same outcome, or in every branch of an `anyOf`. (The engine's own
// shortcut, matchableTypes in lib/policy-engine/policy.ts, takes the first member only.) The runner also checks, once
// per parameter set, that the engine answers "does not apply" without an error for a type outside the set: that
// covers the resource-independent members and parameter values that are missing or invalid (which make every
// evaluation an error, as they must stay).
import { isRecord, member } from './errors';

const SAFE_OPERATORS = new Set(['equals', 'notequals', 'like', 'notlike', 'in', 'notin', 'exists', 'contains', 'notcontains', 'containskey', 'notcontainskey']);
const RESOURCE_FUNCTIONS = /\b(field|current|resourcegroup|subscription|requestcontext)\s*\(/i;

/**
 * A condition that reads the resource but cannot fail: a `field` (literal path) compared with a literal operand of
 * the type its operator expects (the engine throws only for operands of the wrong type), or a combination of such.
 */
function safe(node: unknown): boolean {
  if (!isRecord(node)) return false;
  const keys = Object.keys(node);
  if (keys.length === 1) {
    const key = keys[0].toLowerCase();
    const body = node[keys[0]];
    if ((key === 'allof' || key === 'anyof') && Array.isArray(body)) return body.every(safe);
    if (key === 'not') return safe(body);
    return false;
  }
  if (keys.length !== 2) return false;
  const field = member(node, 'field');
  if (typeof field !== 'string' || field.startsWith('[')) return false;
  const opKey = keys.find((k) => k.toLowerCase() !== 'field')!;
  const op = opKey.toLowerCase();
  const operand = node[opKey];
  if (!SAFE_OPERATORS.has(op)) return false;
  if (op === 'exists') return typeof operand === 'boolean' || (typeof operand === 'string' && /^(true|false)$/i.test(operand));
  if (op === 'in' || op === 'notin') return Array.isArray(operand) && operand.every((x) => typeof x !== 'string' || !x.startsWith('['));
  const expression = typeof operand === 'string' && operand.startsWith('[');
  if (op === 'like' || op === 'notlike') return typeof operand === 'string' && !expression;
  if (op === 'equals' || op === 'notequals') return operand !== undefined && !expression;
  // contains / containsKey: a literal string, number or boolean.
  return (typeof operand === 'string' && !expression) || typeof operand === 'number' || typeof operand === 'boolean';
}

/**
 * A condition whose outcome is the same for every resource (a `value` over parameters and other constants): it may
 * fail, but then it fails for every resource, which the runner's probe evaluation sees.
 */
function resourceIndependent(node: unknown): boolean {
  if (!isRecord(node)) return false;
  const keys = Object.keys(node);
  if (keys.length === 1) {
    const key = keys[0].toLowerCase();
    const body = node[keys[0]];
    if ((key === 'allof' || key === 'anyof') && Array.isArray(body)) return body.every(resourceIndependent);
    if (key === 'not') return resourceIndependent(body);
    return false;
  }
  if (keys.length !== 2 || member(node, 'value') === undefined || member(node, 'count') !== undefined) return false;
  return !RESOURCE_FUNCTIONS.test(JSON.stringify(node));
}

/**
 * The lower-cased types the `if` can match, or undefined when any type might. Ahead of the type test in an `allOf`,
 * only conditions that cannot fail or that give every resource the same outcome are allowed.
 */
export function leadingTypes(node: unknown): Set<string> | undefined {
  if (!isRecord(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length === 1) {
    const key = keys[0].toLowerCase();
    const body = node[keys[0]];
    if (key === 'allof' && Array.isArray(body)) {
      for (const m of body) {
        const types = leadingTypes(m);
        if (types) return types;
        if (!safe(m) && !resourceIndependent(m)) return undefined;
      }
      return undefined;
    }
    if (key === 'anyof' && Array.isArray(body) && body.length > 0) {
      const all = new Set<string>();
      for (const branch of body) {
        const types = leadingTypes(branch);
        if (!types) return undefined;
        for (const t of types) all.add(t);
      }
      return all;
    }
    return undefined;
  }
  const field = member(node, 'field');
  if (keys.length !== 2 || typeof field !== 'string' || field.toLowerCase() !== 'type') return undefined;
  const literal = (v: unknown): v is string => typeof v === 'string' && !v.startsWith('[');
  const equals = member(node, 'equals');
  if (literal(equals)) return new Set([equals.toLowerCase()]);
  const list = member(node, 'in');
  if (Array.isArray(list) && list.length > 0 && list.every(literal)) return new Set((list as string[]).map((t) => t.toLowerCase()));
  return undefined;
}

/** The `if` of a definition document. */
export function ruleCondition(doc: Record<string, unknown>): unknown {
  const props = member(doc, 'properties');
  const p = isRecord(props) ? props : doc;
  const rule = member(p, 'policyRule');
  return isRecord(rule) ? member(rule, 'if') : undefined;
}
