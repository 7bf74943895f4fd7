import { Value, typeName } from '../values';
import { armEquals } from './array';
import { parseDateTime } from './date';
import { FunctionTable, fail, table } from './spec';

/**
 * Comparison and logical functions. if(), coalesce(), and() and or() are context functions (context.ts): they
 * evaluate only the arguments they need.
 */

function armCompare(fn: string, a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const da = parseDateTime(a);
    const db = da === undefined ? undefined : parseDateTime(b);
    if (da !== undefined && db !== undefined) return da - db;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return fail(fn, `cannot compare ${typeName(a)} with ${typeName(b)}`);
}

function truthy(fn: string, v: Value, pos = 1): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const f = v.toLowerCase();
    if (f === 'true') return true;
    if (f === 'false') return false;
  }
  if (typeof v === 'number') return v !== 0;
  return fail(fn, `argument ${pos} must be a boolean, got ${typeName(v)}`);
}

export const LOGICAL_FUNCTIONS: FunctionTable = table([
  ['equals', 2, 2, (a) => armEquals(a[0], a[1])],
  ['less', 2, 2, (a) => armCompare('less', a[0], a[1]) < 0],
  ['lessOrEquals', 2, 2, (a) => armCompare('lessOrEquals', a[0], a[1]) <= 0],
  ['greater', 2, 2, (a) => armCompare('greater', a[0], a[1]) > 0],
  ['greaterOrEquals', 2, 2, (a) => armCompare('greaterOrEquals', a[0], a[1]) >= 0],
  ['not', 1, 1, (a) => !truthy('not', a[0])],
  ['bool', 1, 1, (a) => {
    const v = a[0];
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string') {
      const f = v.trim().toLowerCase();
      if (f === 'true' || f === '1') return true;
      if (f === 'false' || f === '0') return false;
    }
    return fail('bool', `cannot convert ${typeName(v)} ${JSON.stringify(v)} to a boolean`);
  }],
  ['true', 0, 0, () => true],
  ['false', 0, 0, () => false],
]);
