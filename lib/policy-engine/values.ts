/** JSON value as seen by the engine; `undefined` means "missing". */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
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

/** Two strings of the same length compared ignoring ASCII case; undefined when either has a non-ASCII character. */
function asciiEqualsIgnoringCase(x: string, y: string): boolean | undefined {
  let equal = true;
  for (let i = 0; i < x.length; i++) {
    let c = x.charCodeAt(i);
    let d = y.charCodeAt(i);
    if (c > 127 || d > 127) return undefined;
    if (c === d || !equal) continue;
    if (c >= 65 && c <= 90) c += 32;
    if (d >= 65 && d <= 90) d += 32;
    if (c !== d) equal = false;
  }
  return equal;
}

/** True when v is a plain JSON object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Type name for messages. */
export function typeName(v: Value): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  return typeof v;
}

/** Looks a key up in an object: exact match first, then case-insensitively (ARM property names are case-insensitive). */
export function getProp(obj: JsonObject, key: string, folded?: string): Value {
  const direct = obj[key];
  if (direct !== undefined && Object.prototype.hasOwnProperty.call(obj, key)) return direct;
  const f = folded ?? fold(key);
  for (const k in obj) {
    if (fold(k) === f) return obj[k];
  }
  return undefined;
}

/** Whether an object has a key (case-insensitive). */
export function hasKey(obj: JsonObject, key: string): boolean {
  if (Object.prototype.hasOwnProperty.call(obj, key)) return true;
  const f = fold(key);
  for (const k in obj) if (fold(k) === f) return true;
  return false;
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Parses a numeric string strictly; undefined when the string is not a number. */
export function numericString(s: string): number | undefined {
  if (!NUMERIC.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Azure Policy equality: case-insensitive strings, number/string and bool/string coercion, deep for arrays/objects. */
export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) {
    return (a === undefined || a === null) && (b === undefined || b === null);
  }
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'string' && tb === 'string') {
    const x = a as string;
    const y = b as string;
    if (x.length === y.length) {
      // ASCII strings of one length compare in place (existence checks compare many ids: folding each allocated).
      const same = asciiEqualsIgnoringCase(x, y);
      if (same !== undefined) return same;
      return fold(x) === fold(y);
    }
    return NON_ASCII.test(x) || NON_ASCII.test(y) ? fold(x) === fold(y) : false;
  }
  if (ta === 'number' && tb === 'string') return numericString(b as string) === a;
  if (ta === 'string' && tb === 'number') return numericString(a as string) === b;
  if (ta === 'boolean' && tb === 'string') return fold(b as string) === String(a);
  if (ta === 'string' && tb === 'boolean') return fold(a as string) === String(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valueEquals(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      const other = getProp(b, k);
      if (other === undefined || !valueEquals(a[k], other)) return false;
    }
    return true;
  }
  return false;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Parses an ISO-8601 date/time string; undefined when not a date. */
export function parseDate(s: string): number | undefined {
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

/** Short JSON rendering for traces. */
export function show(v: Value, max = 120): string {
  if (v === undefined) return '(missing)';
  let s: string;
  try {
    s = JSON.stringify(v);
  } catch {
    s = String(v);
  }
  if (s === undefined) s = String(v);
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}

/** Deep-clones JSON. */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
