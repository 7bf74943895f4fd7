import { EvalFailure } from '../errors';
import { MAX_JSON_DEPTH, MAX_STRING_LENGTH, WorkMeter, checkStringBudget, tooDeep } from '../limits';
import { JsonValue, Value, boundedJson, isObject, jsonLengthAtLeast, typeName } from '../values';

/** A pure template function: arguments already evaluated. Throws EvalFailure on bad input. */
export type TemplateFunction = (args: Value[]) => Value;

/** Definition of a pure template function. */
export interface FunctionSpec {
  /** Fewest arguments. */
  readonly min: number;
  /** Most arguments (Infinity: any number). */
  readonly max: number;
  readonly fn: TemplateFunction;
}

/** A category's functions by the name Azure documents (looked up case-insensitively). */
export type FunctionTable = Readonly<Record<string, FunctionSpec>>;

/** Builds a category table: `[name, min, max, fn]` rows keyed by the lower-case name. */
export function table(rows: ReadonlyArray<readonly [string, number, number, TemplateFunction]>): FunctionTable {
  const t = Object.create(null) as Record<string, FunctionSpec>;
  for (const [name, min, max, fn] of rows) t[name.toLowerCase()] = { min, max, fn };
  return t;
}

/** Throws the evaluation failure of a function: "<fn>(): <msg>". */
export const fail = (fn: string, msg: string): never => {
  throw new EvalFailure(`${fn}(): ${msg}`);
};

/** Argument `pos` of `fn` as a string. */
export function str(fn: string, v: Value, pos = 1): string {
  if (typeof v !== 'string') fail(fn, `argument ${pos} must be a string, got ${typeName(v)}`);
  return v as string;
}

/** Argument `pos` of `fn` as an integer (a number is truncated). */
export function int(fn: string, v: Value, pos = 1): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  return fail(fn, `argument ${pos} must be an integer, got ${typeName(v)}`);
}

/** Argument `pos` of `fn` as a finite number. */
export function num(fn: string, v: Value, pos = 1): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return fail(fn, `argument ${pos} must be a number, got ${typeName(v)}`);
}

/** Argument `pos` of `fn` as an array. */
export function arr(fn: string, v: Value, pos = 1): JsonValue[] {
  if (!Array.isArray(v)) fail(fn, `argument ${pos} must be an array, got ${typeName(v)}`);
  return v as JsonValue[];
}

/** A missing value as null (what ARM functions see). */
export function def(v: Value): JsonValue {
  return v === undefined ? null : v;
}

/** Renders a value as ARM's string() does; objects and arrays as JSON, within the string budget (checked first). */
export function armString(v: Value, fn = 'string'): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return v === null ? 'null' : '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const text = boundedJson(v, MAX_STRING_LENGTH);
  if (text === undefined) checkStringBudget(fn, Math.max(MAX_STRING_LENGTH + 1, jsonLengthAtLeast(v, 2 * MAX_STRING_LENGTH)));
  return text as string;
}

/**
 * Exact equality as ARM's array functions compare members (contains, union, intersection): same types, strings
 * case-sensitively, arrays in order, objects with the same keys (any order). Bounded by `meter` and MAX_JSON_DEPTH.
 */
export function strictEq(a: Value, b: Value, meter = new WorkMeter('comparing the values'), depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (depth >= MAX_JSON_DEPTH) throw tooDeep('a compared value', '');
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    meter.step(a.length);
    for (let i = 0; i < a.length; i++) if (!strictEq(a[i], b[i], meter, depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b) || !isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  meter.step(ka.length);
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !strictEq(a[k], b[k], meter, depth + 1)) return false;
  }
  return true;
}

/**
 * A set of values under strictEq, for set operations in one pass: strings and numbers are kept as themselves, other
 * arrays and objects as their JSON with keys sorted (the characters serialised are counted on `meter`).
 */
export class StrictSet {
  private readonly strings = new Set<string>();
  private readonly numbers = new Set<number>();
  private readonly others = new Set<string>();
  constructor(private readonly meter: WorkMeter) {}

  /** Adds a value; false when an equal value was already there. */
  public add(v: Value): boolean {
    if (typeof v === 'string') return this.strings.size !== this.strings.add(v).size;
    if (typeof v === 'number') return this.numbers.size !== this.numbers.add(v).size;
    const key = this.key(v);
    return this.others.size !== this.others.add(key).size;
  }

  /** Whether an equal value is in the set. */
  public has(v: Value): boolean {
    if (typeof v === 'string') return this.strings.has(v);
    if (typeof v === 'number') return this.numbers.has(v);
    return this.others.has(this.key(v));
  }

  private key(v: Value): string {
    if (typeof v === 'boolean') return v ? 't' : 'f';
    if (v === null || v === undefined) return 'z';
    const text = JSON.stringify(sortedKeys(v, 0, this.meter));
    this.meter.step(text.length);
    return text;
  }
}

function sortedKeys(v: Value, depth: number, meter: WorkMeter): Value {
  if (typeof v === 'string') meter.step(v.length);
  if (typeof v !== 'object' || v === null) return v;
  if (depth >= MAX_JSON_DEPTH) throw tooDeep('a compared value', '');
  if (Array.isArray(v)) {
    meter.step(v.length);
    return v.map((e) => sortedKeys(e, depth + 1, meter) as JsonValue);
  }
  if (!isObject(v)) return v;
  const keys = Object.keys(v).sort();
  meter.step(keys.length);
  const o = Object.create(null) as Record<string, JsonValue>;
  for (const k of keys) o[k] = sortedKeys(v[k], depth + 1, meter) as JsonValue;
  return o;
}
