import { EvalFailure } from '../errors';
import { JsonValue, Value, typeName } from '../values';

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

/** Renders a value as ARM's string() does. */
export function armString(v: Value): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return v === null ? 'null' : '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Exact JSON equality as ARM's array functions compare members (key order matters, strings case-sensitively). */
export function strictEq(a: Value, b: Value): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
