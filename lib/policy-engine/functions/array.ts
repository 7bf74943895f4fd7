import { MAX_JSON_DEPTH, WorkMeter, checkCollectionBudget, checkStringBudget, tooDeep } from '../limits';
import { JsonObject, JsonValue, Value, fold, getProp, isObject, newObject, typeName, valueEquals } from '../values';
import { FunctionTable, StrictSet, arr, armString, def, fail, int, strictEq, str, table } from './spec';

/**
 * Array functions, and the functions ARM overloads for arrays, strings and objects (concat, contains, empty, first,
 * last, indexOf, lastIndexOf, length, skip, take, union, intersection).
 */

/** ARM's equals(): strings case-insensitively, no coercion between types. */
export function armEquals(a: Value, b: Value, meter?: WorkMeter): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b || fold(a) === fold(b);
  if (typeof a !== typeof b && !(a === null || b === null)) return false;
  return valueEquals(a, b, meter);
}

function containsItem(container: Value, item: Value): boolean {
  if (typeof container === 'string') return container.includes(armString(item, 'contains'));
  if (Array.isArray(container)) {
    const meter = new WorkMeter('contains()');
    return container.some((e) => strictEq(e, item, meter));
  }
  if (isObject(container)) return typeof item === 'string' && getProp(container, item) !== undefined;
  return fail('contains', `argument 1 must be a string, array or object, got ${typeName(container)}`);
}

/** union() of objects: later values win; nested objects merge. The result has no prototype. */
function deepMerge(a: JsonObject, b: JsonObject, depth: number): JsonObject {
  if (depth >= MAX_JSON_DEPTH) throw tooDeep('union() argument', '');
  const o = newObject();
  for (const k of Object.keys(a)) o[k] = a[k];
  for (const k of Object.keys(b)) {
    const prev = Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
    const v = b[k];
    o[k] = isObject(prev) && isObject(v) ? deepMerge(prev, v, depth + 1) : v;
  }
  return o;
}

function union(a: Value[]): Value {
  if (a.every(isObject)) {
    let o = newObject();
    for (const x of a as JsonObject[]) o = deepMerge(o, x, 0);
    return o;
  }
  const lists = a.map((x, i) => arr('union', x, i + 1));
  checkCollectionBudget('union', lists.reduce((n, l) => n + l.length, 0));
  const seen = new StrictSet(new WorkMeter('union()'));
  const out: JsonValue[] = [];
  for (const l of lists) for (const it of l) if (seen.add(it)) out.push(it);
  return out;
}

function intersection(a: Value[]): Value {
  const meter = new WorkMeter('intersection()');
  if (a.every(isObject)) {
    const [firstObj, ...rest] = a as JsonObject[];
    const o = newObject();
    for (const k of Object.keys(firstObj)) {
      if (rest.every((r) => Object.prototype.hasOwnProperty.call(r, k) && strictEq(r[k], firstObj[k], meter))) o[k] = firstObj[k];
    }
    return o;
  }
  const lists = a.map((x, i) => arr('intersection', x, i + 1));
  const others = lists.slice(1).map((l) => {
    const set = new StrictSet(meter);
    for (const e of l) set.add(e);
    return set;
  });
  const emitted = new StrictSet(meter);
  const out: JsonValue[] = [];
  for (const it of lists[0]) if (others.every((s) => s.has(it)) && emitted.add(it)) out.push(it);
  return out;
}

export const ARRAY_FUNCTIONS: FunctionTable = table([
  ['array', 1, 1, (a) => (Array.isArray(a[0]) ? a[0] : [def(a[0])])],
  ['concat', 0, Infinity, (a) => {
    // Plain loops: concat is the most common function inside count conditions (npm run bench:engine).
    let arrays = a.length > 0;
    let members = 0;
    for (let i = 0; i < a.length && arrays; i++) {
      const x = a[i];
      if (Array.isArray(x)) members += x.length;
      else if (x !== null) arrays = false;
    }
    if (arrays) {
      checkCollectionBudget('concat', members);
      const out: JsonValue[] = [];
      for (const x of a) if (Array.isArray(x)) for (const e of x) out.push(e);
      return out;
    }
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (Array.isArray(x) || isObject(x)) fail('concat', `argument ${i + 1}: cannot concatenate ${typeName(x)} with strings`);
      const p = armString(x, 'concat');
      length += p.length;
      parts.push(p);
    }
    checkStringBudget('concat', length);
    return parts.length === 2 ? parts[0] + parts[1] : parts.join('');
  }],
  ['contains', 2, 2, (a) => containsItem(a[0], a[1])],
  ['createArray', 0, Infinity, (a) => {
    checkCollectionBudget('createArray', a.length);
    return a.map(def);
  }],
  ['empty', 1, 1, (a) => {
    const v = a[0];
    if (v === undefined || v === null) return true;
    if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
    if (isObject(v)) return Object.keys(v).length === 0;
    return false;
  }],
  ['first', 1, 1, (a) => {
    const v = a[0];
    if (typeof v === 'string') return v.length ? v[0] : '';
    if (Array.isArray(v)) return v.length ? v[0] : null;
    return fail('first', `argument must be a string or array, got ${typeName(v)}`);
  }],
  ['last', 1, 1, (a) => {
    const v = a[0];
    if (typeof v === 'string') return v.length ? v[v.length - 1] : '';
    if (Array.isArray(v)) return v.length ? v[v.length - 1] : null;
    return fail('last', `argument must be a string or array, got ${typeName(v)}`);
  }],
  ['indexOf', 2, 2, (a) => {
    const meter = new WorkMeter('indexOf()');
    if (Array.isArray(a[0])) return a[0].findIndex((e) => armEquals(e, a[1], meter));
    return fold(str('indexOf', a[0])).indexOf(fold(str('indexOf', a[1], 2)));
  }],
  ['lastIndexOf', 2, 2, (a) => {
    if (Array.isArray(a[0])) {
      const meter = new WorkMeter('lastIndexOf()');
      for (let i = a[0].length - 1; i >= 0; i--) if (armEquals(a[0][i], a[1], meter)) return i;
      return -1;
    }
    return fold(str('lastIndexOf', a[0])).lastIndexOf(fold(str('lastIndexOf', a[1], 2)));
  }],
  ['length', 1, 1, (a) => {
    const v = a[0];
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    if (v === undefined || v === null) return 0;
    return fail('length', `argument must be a string, array or object, got ${typeName(v)}`);
  }],
  ['skip', 2, 2, (a) => {
    const n = Math.max(0, int('skip', a[1], 2));
    if (typeof a[0] === 'string' || Array.isArray(a[0])) return a[0].slice(n);
    return fail('skip', `argument 1 must be a string or array, got ${typeName(a[0])}`);
  }],
  ['take', 2, 2, (a) => {
    const n = Math.max(0, int('take', a[1], 2));
    if (typeof a[0] === 'string' || Array.isArray(a[0])) return a[0].slice(0, n);
    return fail('take', `argument 1 must be a string or array, got ${typeName(a[0])}`);
  }],
  ['intersection', 2, Infinity, intersection],
  ['union', 2, Infinity, union],
  ['range', 2, 2, (a) => {
    const start = int('range', a[0]);
    const count = int('range', a[1], 2);
    if (count < 0 || count > 10000) fail('range', 'count must be between 0 and 10000');
    if (start + count - 1 > 2147483647 || start < -2147483648) fail('range', 'start + count exceeds the 32-bit integer range');
    return Array.from({ length: count }, (_, i) => start + i);
  }],
  ['indexFromEnd', 2, 2, (a) => {
    const l = arr('indexFromEnd', a[0]);
    const n = int('indexFromEnd', a[1], 2);
    if (n < 1 || n > l.length) fail('indexFromEnd', `index ${n} is out of bounds for an array of length ${l.length}`);
    return l[l.length - n];
  }],
  ['tryIndexFromEnd', 2, 2, (a) => {
    if (!Array.isArray(a[0])) return null;
    const n = int('tryIndexFromEnd', a[1], 2);
    return n >= 1 && n <= a[0].length ? a[0][a[0].length - n] : null;
  }],
]);
