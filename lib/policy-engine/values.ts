import { COMPARE_STEPS, MAX_JSON_DEPTH, MAX_WORK_STEPS, WorkMeter, tooDeep } from './limits';
import * as unknownModule from './unknown';
import type { Unknown } from './unknown';

// Local copies of hot imported bindings: tsx (esbuild) compiles every use of an imported binding into a getter
// call, which is measurable on the evaluation hot path (npm run bench:policy).
const { UNKNOWN, UNKNOWN_PRESENCE, isUnknown } = unknownModule;

/** JSON value as seen by the engine (UNKNOWN: known only after apply); `undefined` means "missing". */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue } | Unknown;
/** A possibly-missing value. */
export type Value = JsonValue | undefined;
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

const NON_ASCII = /[^\u0000-\u007f]/; // eslint-disable-line no-control-regex

// fold() runs for every property read that misses and every case-insensitive comparison: a scan of the Microsoft
// cloud security benchmark spent a quarter of the engine's time in it (the regex test and toLowerCase). Property
// names, types and short values repeat across resources, so results are kept, within a bound (when full, the cache
// starts again: one-off values such as ids do not crowd out the strings that recur).
const FOLDED = new Map<string, string>();
const FOLDED_MAX = 20_000;

/** Case folding used for Azure's case-insensitive comparisons (full Unicode folding: "ß" ~ "SS"). */
export function fold(s: string): string {
  let r = FOLDED.get(s);
  if (r === undefined) {
    r = NON_ASCII.test(s) ? s.toUpperCase().toLowerCase() : s.toLowerCase();
    if (s.length <= 128) {
      if (FOLDED.size >= FOLDED_MAX) FOLDED.clear();
      FOLDED.set(s, r);
    }
  }
  return r;
}

/**
 * Two strings compared ignoring ASCII case, aligned at their ends; undefined when a non-ASCII character is met first.
 * From the end: ids that differ mostly differ in their last segment (existence checks compare many ids). ASCII folds
 * one to one without context, so a string whose last k characters are ASCII folds to F + those k in lower case,
 * where F, the folding of what comes before them, is empty only when nothing comes before them (no character folds
 * to nothing). Hence a difference between two ASCII characters with only ASCII after them in both decides `false`
 * whatever comes before (the folded strings differ there, counting from their ends), and so does reaching the start
 * of one string with only ASCII seen when the other is longer (its F is not empty: it folds to a longer string).
 */
function asciiEqualsIgnoringCase(x: string, y: string): boolean | undefined {
  let i = x.length - 1;
  let j = y.length - 1;
  for (; i >= 0 && j >= 0; i--, j--) {
    let c = x.charCodeAt(i);
    let d = y.charCodeAt(j);
    if (c > 127 || d > 127) return undefined;
    if (c === d) continue;
    if (c >= 65 && c <= 90) c += 32;
    if (d >= 65 && d <= 90) d += 32;
    if (c !== d) return false;
  }
  return i === j;
}

/** True when v is a plain JSON object (not an unknown value). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v !== UNKNOWN && v !== UNKNOWN_PRESENCE;
}

/** Type name for messages. */
export function typeName(v: Value): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  if (isUnknown(v)) return 'unknown (known after apply)';
  return typeof v;
}

/** A member of an object by case-insensitive name: [the name as written, its value]. */
export function memberCI(o: JsonObject, name: string): [string, JsonValue] | undefined {
  const f = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === f) return [k, o[k]];
  return undefined;
}

/** A new object with no prototype: keys from input (`__proto__`, `constructor`) are just keys. */
export function newObject(): JsonObject {
  return Object.create(null) as JsonObject;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Looks a key up in an object: exact match first, then case-insensitively (ARM property names are case-insensitive). */
export function getProp(obj: JsonObject, key: string, folded?: string): Value {
  const direct = obj[key];
  if (direct !== undefined && hasOwn(obj, key)) return direct;
  const f = folded ?? fold(key);
  const first = f.charCodeAt(0);
  // for-in allocates nothing (this runs for every missing member); own keys only.
  for (const k in obj) {
    if (firstDiffers(k, first)) continue;
    if (fold(k) === f && hasOwn(obj, k)) return obj[k];
  }
  return undefined;
}

/**
 * Whether a key cannot fold to a string that starts with the char code `first`, decided without folding it: its first
 * character is ASCII (which folds to its ASCII lower case whatever follows) and differs. A non-ASCII first character
 * may fold to ASCII (the Kelvin sign to "k"), so it is not decided here.
 */
function firstDiffers(k: string, first: number): boolean {
  let c = k.charCodeAt(0);
  if (!(c < 128)) return false;
  if (c >= 65 && c <= 90) c += 32;
  return c !== first;
}

/** Whether an object has a key (case-insensitive). */
export function hasKey(obj: JsonObject, key: string): boolean {
  if (hasOwn(obj, key)) return true;
  const f = fold(key);
  for (const k in obj) if (fold(k) === f && hasOwn(obj, k)) return true;
  return false;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const WS = /\s/;
function isSpace(c: number, s: string, i: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c > 127 && WS.test(s[i]);
}

/**
 * Parses a numeric string strictly ("12", " -1.5e3 ", ".5"; not "0x10", "1,000" or "Infinity"); undefined when the
 * string is not a finite number. One pass over the string (a backtracking regex took quadratic time on long digit runs).
 */
export function numericString(s: string): number | undefined {
  const v = numericValue(s);
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/** Like numericString, but a numeric string out of the double range gives +/-Infinity (for overflow messages). */
export function numericValue(s: string): number | undefined {
  const n = s.length;
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i), s, i)) i++;
  if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
  let digits = 0;
  for (; i < n && isDigit(s.charCodeAt(i)); i++) digits++;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    for (; i < n && isDigit(s.charCodeAt(i)); i++) digits++;
  }
  if (digits === 0) return undefined;
  if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69)) {
    i++;
    if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
    const start = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === start) return undefined;
  }
  while (i < n && isSpace(s.charCodeAt(i), s, i)) i++;
  if (i !== n) return undefined;
  return Number(s);
}

/**
 * Whether two strings are equal under Azure's case folding (fold(x) === fold(y)) without folding them where ASCII
 * decides: compared in place from the end (existence checks compare many ids: folding each allocated), folded only
 * when a non-ASCII character comes before any difference ("ß" ~ "ss": non-ASCII folding can change a length).
 */
export function foldedEquals(x: string, y: string): boolean {
  // Identical strings (an existence check's matching id): V8 compares strings of one length as blocks of bytes, many
  // times faster than the loop below walks them; unequal ones of one length differ after a prefix it crosses as fast.
  if (x.length === y.length && x === y) return true;
  const same = asciiEqualsIgnoringCase(x, y);
  if (same !== undefined) return same;
  return x === y || fold(x) === fold(y);
}

/**
 * Azure Policy equality: case-insensitive strings, number/string and bool/string coercion, deep for arrays/objects.
 * Bounded: values nested deeper than MAX_JSON_DEPTH, or a comparison of more than MAX_WORK_STEPS members, fail.
 */
export function valueEquals(a: Value, b: Value, meter?: WorkMeter): boolean {
  return equalsAt(a, b, 0, meter);
}

function equalsAt(a: Value, b: Value, depth: number, meter: WorkMeter | undefined): boolean {
  // Strings first, compared from the end: `===` on two strings of one length compares from the start, all along the
  // prefix ids share (an existence check compares a resource's id with many others).
  if (typeof a === 'string' && typeof b === 'string') return foldedEquals(a, b);
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) {
    return (a === undefined || a === null) && (b === undefined || b === null);
  }
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' && tb === 'string') return numericString(b as string) === a;
  if (ta === 'string' && tb === 'number') return numericString(a as string) === b;
  if (ta === 'boolean' && tb === 'string') return fold(b as string) === String(a);
  if (ta === 'string' && tb === 'boolean') return fold(a as string) === String(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (depth >= MAX_JSON_DEPTH) throw tooDeep('a compared value', '');
    meter ??= new WorkMeter('comparing the values', MAX_WORK_STEPS, COMPARE_STEPS);
    meter.step(a.length);
    for (let i = 0; i < a.length; i++) if (!equalsAt(a[i], b[i], depth + 1, meter)) return false;
    return true;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    if (depth >= MAX_JSON_DEPTH) throw tooDeep('a compared value', '');
    meter ??= new WorkMeter('comparing the values', MAX_WORK_STEPS, COMPARE_STEPS);
    meter.step(ka.length);
    // Many keys: look them up in a folded index of b (getProp scans every key of b when the case differs).
    const index = ka.length > 16 ? new Map(kb.map((k) => [fold(k), k])) : undefined;
    for (const k of ka) {
      let other: Value;
      if (index) {
        const bk = hasOwn(b, k) ? k : index.get(fold(k));
        other = bk === undefined ? undefined : b[bk];
      } else other = getProp(b, k);
      if (other === undefined || !equalsAt(a[k], other, depth + 1, meter)) return false;
    }
    return true;
  }
  return false;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Dates parsed lately: rules compare the same few strings (API versions such as "2019-09-01", dates in parameters)
 * for every resource, and Date.parse was most of such a condition's cost. Bounded: emptied when full.
 */
const parsedDates = new Map<string, number | undefined>();
const PARSED_DATES_MAX = 1024;

/** Parses an ISO-8601 date/time string; undefined when not a date. */
export function parseDate(s: string): number | undefined {
  if (s.length > 40) return parseDateNow(s); // not kept: only dates of usual lengths recur
  const hit = parsedDates.get(s);
  if (hit !== undefined || parsedDates.has(s)) return hit;
  const v = parseDateNow(s);
  if (parsedDates.size >= PARSED_DATES_MAX) parsedDates.clear();
  parsedDates.set(s, v);
  return v;
}

function parseDateNow(s: string): number | undefined {
  if (!DATE_LIKE.test(s)) return undefined;
  let t = s;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += 'T00:00:00Z';
  else if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(t)) t += 'Z';
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Ordering for less/greater: numbers (with numeric-string coercion), dates, then case-insensitive strings. Undefined when incomparable. */
export function compareValues(a: Value, b: Value): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number' && typeof b === 'string') {
    const n = numericString(b);
    return n === undefined ? undefined : a - n;
  }
  if (typeof a === 'string' && typeof b === 'number') {
    const n = numericString(a);
    return n === undefined ? undefined : n - b;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const da = parseDate(a);
    if (da !== undefined) {
      const db = parseDate(b);
      if (db !== undefined) return da - db;
    }
    const fa = fold(a);
    const fb = fold(b);
    return fa < fb ? -1 : fa > fb ? 1 : 0;
  }
  return undefined;
}

/**
 * A lower bound of the length of `JSON.stringify(v)`, or Infinity once it exceeds `limit`. Visits at most about
 * `limit` nodes (each contributes at least one character), so it is bounded even for values that hold one large
 * string many times. Throws (tooDeep) past MAX_JSON_DEPTH.
 */
export function jsonLengthAtLeast(v: Value, limit: number): number {
  let total = 0;
  const walk = (x: Value, depth: number): void => {
    if (total > limit) return;
    if (typeof x === 'string') total += x.length + 2;
    else if (typeof x === 'number') total += x === Math.trunc(x) && Math.abs(x) < 1e15 ? String(x).length : 8;
    else if (typeof x === 'boolean') total += x ? 4 : 5;
    else if (x === null || x === undefined) total += 4;
    else if (Array.isArray(x)) {
      if (depth >= MAX_JSON_DEPTH) throw tooDeep('the value', '');
      total += 1 + x.length;
      for (let i = 0; i < x.length && total <= limit; i++) walk(x[i], depth + 1);
    } else if (typeof x === 'object') {
      if (depth >= MAX_JSON_DEPTH) throw tooDeep('the value', '');
      if (typeof (x as { toJSON?: unknown }).toJSON === 'function') {
        total += 2;
        return;
      }
      const keys = Object.keys(x);
      total += 1 + keys.length;
      for (let i = 0; i < keys.length && total <= limit; i++) {
        total += keys[i].length + 3;
        walk((x as JsonObject)[keys[i]], depth + 1);
      }
    }
  };
  walk(v, 0);
  return total > limit ? Infinity : total;
}

/**
 * JSON text of a value, or undefined when it would be longer than `limit` characters (checked before the text is
 * built, so a value that holds one large string many times is never serialised). Throws (tooDeep) past MAX_JSON_DEPTH.
 */
export function boundedJson(v: Value, limit: number): string | undefined {
  if (jsonLengthAtLeast(v, limit) > limit) return undefined;
  const text = JSON.stringify(v);
  return text !== undefined && text.length > limit ? undefined : text;
}

/** Short JSON rendering for traces (never serialises more than it shows). */
export function show(v: Value, max = 120): string {
  if (v === undefined) return '(missing)';
  let s: string | undefined;
  try {
    s = typeof v === 'string' ? JSON.stringify(v.length > max ? v.slice(0, max) : v) : boundedJson(v, max * 4);
  } catch {
    s = undefined;
  }
  if (s === undefined) s = Array.isArray(v) ? `[array of ${v.length}]` : typeof v === 'object' && v !== null ? `{object of ${Object.keys(v).length} keys}` : String(v);
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}
