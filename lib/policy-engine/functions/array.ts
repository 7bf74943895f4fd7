import { JsonObject, JsonValue, Value, fold, getProp, isObject, typeName, valueEquals } from '../values';
import { FunctionTable, arr, armString, def, fail, int, strictEq, str, table } from './spec';

/**
 * Array functions, and the functions ARM overloads for arrays, strings and objects (concat, contains, empty, first,
 * last, indexOf, lastIndexOf, length, skip, take, union, intersection).
 */

/** ARM's equals(): strings case-insensitively, no coercion between types. */
export function armEquals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b || fold(a) === fold(b);
  if (typeof a !== typeof b && !(a === null || b === null)) return false;
  return valueEquals(a, b);
}

function containsItem(container: Value, item: Value): boolean {
  if (typeof container === 'string') return container.includes(armString(item));
  if (Array.isArray(container)) return container.some((e) => strictEq(e, item));
  if (isObject(container)) return typeof item === 'string' && getProp(container, item) !== undefined;
  return fail('contains', `argument 1 must be a string, array or object, got ${typeName(container)}`);
}

function deepMerge(a: JsonObject, b: JsonObject): JsonObject {
  const o: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = o[k];
    o[k] = isObject(prev) && isObject(v) ? deepMerge(prev, v) : v;
  }
  return o;
}

function uniqueAppend(out: JsonValue[], items: JsonValue[]): void {
  for (const it of items) if (!out.some((o) => strictEq(o, it))) out.push(it);
}

export const ARRAY_FUNCTIONS: FunctionTable = table([
  ['array', 1, 1, (a) => (Array.isArray(a[0]) ? a[0] : [def(a[0])])],
  ['concat', 0, Infinity, (a) => {
    if (a.length > 0 && a.every((x) => Array.isArray(x) || x === null)) {
      const out: JsonValue[] = [];
      for (const x of a) if (Array.isArray(x)) out.push(...x);
      return out;
    }
    return a.map((x, i) => {
      if (Array.isArray(x) || isObject(x)) fail('concat', `argument ${i + 1}: cannot concatenate ${typeName(x)} with strings`);
      return armString(x);
    }).join('');
  }],
  ['contains', 2, 2, (a) => containsItem(a[0], a[1])],
  ['createArray', 0, Infinity, (a) => a.map(def)],
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
    if (Array.isArray(a[0])) return a[0].findIndex((e) => armEquals(e, a[1]));
    return fold(str('indexOf', a[0])).indexOf(fold(str('indexOf', a[1], 2)));
  }],
  ['lastIndexOf', 2, 2, (a) => {
    if (Array.isArray(a[0])) {
      for (let i = a[0].length - 1; i >= 0; i--) if (armEquals(a[0][i], a[1])) return i;
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
  ['intersection', 2, Infinity, (a) => {
    if (a.every(isObject)) {
      const [firstObj, ...rest] = a as JsonObject[];
      const o: JsonObject = {};
      for (const k of Object.keys(firstObj)) if (rest.every((r) => k in r && strictEq(r[k], firstObj[k]))) o[k] = firstObj[k];
      return o;
    }
    const lists = a.map((x, i) => arr('intersection', x, i + 1));
    const out: JsonValue[] = [];
    for (const it of lists[0]) if (lists.slice(1).every((l) => l.some((o) => strictEq(o, it))) && !out.some((o) => strictEq(o, it))) out.push(it);
    return out;
  }],
  ['union', 2, Infinity, (a) => {
    if (a.every(isObject)) {
      let o: JsonObject = {};
      for (const x of a as JsonObject[]) o = deepMerge(o, x);
      return o;
    }
    const out: JsonValue[] = [];
    a.forEach((x, i) => uniqueAppend(out, arr('union', x, i + 1)));
    return out;
  }],
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
