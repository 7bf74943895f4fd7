import { Value, numericString, numericValue, typeName } from '../values';
import { FunctionSpec, FunctionTable, fail, num, table } from './spec';

/** Numeric functions: add, sub, mul, div, mod, int, float, min, max. */

/**
 * ARM integers are 64-bit: [-2^63, 2^63 - 1]. Values outside are an overflow, whether they come from a number
 * (int(1e300)), a string (int('1e300')) or arithmetic. JSON numbers are doubles: integers are exact up to 2^53 and
 * approximated between 2^53 and 2^63.
 */
const TWO_63 = 2 ** 63;
function checkInt(fn: string, n: number, shown: string = String(n)): number {
  if (!Number.isFinite(n) || n >= TWO_63 || n < -TWO_63) fail(fn, `integer overflow: ${shown} is outside the 64-bit integer range`);
  return n;
}

const SIMPLE_INT = /^-?\d{1,15}$/;
const INTEGER_TEXT = /^\s*[-+]?\d+\s*$/;

function minmax(fn: string, args: Value[], pick: (a: number, b: number) => number): number {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as Value[]) : args;
  if (list.length === 0) fail(fn, 'needs at least one number');
  let r = num(fn, list[0]);
  for (let i = 1; i < list.length; i++) r = pick(r, num(fn, list[i], i + 1));
  return r;
}

function arith(name: string, op: (x: number, y: number) => number): readonly [string, number, number, FunctionSpec['fn']] {
  return [name, 2, 2, (a) => {
    const x = num(name, a[0]);
    const y = num(name, a[1], 2);
    const r = op(x, y);
    if (!Number.isFinite(r)) fail(name, 'result is not a finite number');
    return Number.isInteger(x) && Number.isInteger(y) ? checkInt(name, r) : r;
  }];
}

export const NUMERIC_FUNCTIONS: FunctionTable = table([
  arith('add', (x, y) => x + y),
  arith('sub', (x, y) => x - y),
  arith('mul', (x, y) => x * y),
  arith('div', (x, y) => {
    if (y === 0) fail('div', 'division by zero');
    return Number.isInteger(x) && Number.isInteger(y) ? Math.trunc(x / y) : x / y;
  }),
  arith('mod', (x, y) => {
    if (y === 0) fail('mod', 'division by zero');
    return x % y;
  }),
  ['int', 1, 1, (a) => {
    const v = a[0];
    if (typeof v === 'number') return checkInt('int', Math.trunc(v), String(v));
    if (typeof v === 'string') {
      if (SIMPLE_INT.test(v)) return Number(v);
      const shown = JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v);
      if (v.length <= 4096 && INTEGER_TEXT.test(v)) {
        const big = BigInt(v.trim());
        if (big >= BigInt(TWO_63) || big < -BigInt(TWO_63)) fail('int', `integer overflow: ${shown} is outside the 64-bit integer range`);
        return Number(big);
      }
      const n = numericValue(v);
      if (n === undefined) fail('int', `cannot convert ${shown} to an integer`);
      return checkInt('int', Math.trunc(n!), shown);
    }
    return fail('int', `cannot convert ${typeName(v)} to an integer`);
  }],
  ['float', 1, 1, (a) => {
    const v = a[0];
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      const n = numericString(v);
      if (n === undefined) fail('float', `cannot convert ${JSON.stringify(v)} to a number`);
      return n!;
    }
    return fail('float', `cannot convert ${typeName(v)} to a number`);
  }],
  ['min', 1, Infinity, (a) => minmax('min', a, Math.min)],
  ['max', 1, Infinity, (a) => minmax('max', a, Math.max)],
]);
