import { checkCollectionBudget } from '../limits';
import { UNKNOWN, isUnknown } from '../unknown';
import { Value, getProp, isObject, newObject, typeName } from '../values';
import { FunctionTable, def, fail, str, table } from './spec';

/** Object functions (union, intersection, contains, empty and length also take objects: see array.ts). */
export const OBJECT_FUNCTIONS: FunctionTable = table([
  ['createObject', 0, Infinity, (a) => {
    if (a.length % 2 !== 0) fail('createObject', 'needs an even number of arguments (key, value pairs)');
    checkCollectionBudget('createObject', a.length / 2);
    // No prototype: a key from input ('__proto__', 'constructor') is just a key.
    const o = newObject();
    for (let i = 0; i < a.length; i += 2) {
      const k = a[i];
      o[typeof k === 'number' || typeof k === 'boolean' ? String(k) : str('createObject', k, i + 1)] = def(a[i + 1]);
    }
    return o;
  }],
  ['items', 1, 1, (a) => {
    const o = a[0];
    if (!isObject(o)) return fail('items', `argument must be an object, got ${typeName(o)}`);
    return Object.keys(o).sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : 1)).map((k) => ({ key: k, value: o[k] }));
  }],
  ['tryGet', 2, Infinity, (a) => {
    let cur: Value = a[0];
    for (let i = 1; i < a.length; i++) {
      const k = a[i];
      if (isUnknown(cur) || isUnknown(k)) return UNKNOWN; // the rest of the path is read through an unknown value
      if (Array.isArray(cur) && typeof k === 'number') cur = Number.isInteger(k) && k >= 0 && k < cur.length ? cur[k] : undefined;
      else if (isObject(cur) && typeof k === 'string') cur = getProp(cur, k);
      else cur = undefined;
      if (cur === undefined) return null;
    }
    return def(cur);
  }],
  ['null', 0, 0, () => null],
]);
