import { EvalFailure } from './errors';
import { JsonObject, JsonValue, Value, cloneJson, fold, getProp, isObject, numericString, typeName, valueEquals } from './values';

/** A pure template function: arguments already evaluated. Throws EvalFailure on bad input. */
export type TemplateFunction = (args: Value[]) => Value;

/** Definition of a pure template function. */
export interface FunctionSpec {
  readonly min: number;
  readonly max: number;
  readonly fn: TemplateFunction;
}

const fail = (fn: string, msg: string): never => {
  throw new EvalFailure(`${fn}(): ${msg}`);
};

function str(fn: string, v: Value, pos = 1): string {
  if (typeof v !== 'string') fail(fn, `argument ${pos} must be a string, got ${typeName(v)}`);
  return v as string;
}
function int(fn: string, v: Value, pos = 1): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  return fail(fn, `argument ${pos} must be an integer, got ${typeName(v)}`);
}
function num(fn: string, v: Value, pos = 1): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return fail(fn, `argument ${pos} must be a number, got ${typeName(v)}`);
}
function arr(fn: string, v: Value, pos = 1): JsonValue[] {
  if (!Array.isArray(v)) fail(fn, `argument ${pos} must be an array, got ${typeName(v)}`);
  return v as JsonValue[];
}
function def(v: Value): JsonValue {
  return v === undefined ? null : v;
}

/** Renders a value as ARM's string() does. */
export function armString(v: Value): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return v === null ? 'null' : '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function formatArg(v: Value): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return armString(v);
}

/** ARM's format(): .NET composite formatting ({0}, {1:N}, {{ }} escapes). */
function armFormat(args: Value[]): string {
  const fmt = str('format', args[0]);
  const out: string[] = [];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '{') {
      if (fmt[i + 1] === '{') {
        out.push('{');
        i++;
        continue;
      }
      const end = fmt.indexOf('}', i);
      if (end < 0) fail('format', 'unclosed placeholder');
      const spec = fmt.slice(i + 1, end);
      const m = /^\s*(\d+)\s*(?:,\s*(-?\d+))?\s*(?::(.*))?$/.exec(spec);
      if (!m) fail('format', `invalid placeholder {${spec}}`);
      const idx = Number(m![1]);
      if (idx + 1 >= args.length) fail('format', `placeholder {${idx}} references argument index ${idx}, but only ${args.length - 1} argument(s) were given`);
      let text = formatArg(args[idx + 1]);
      const f = m![3];
      if (f && typeof args[idx + 1] === 'number') text = formatNumber(args[idx + 1] as number, f);
      const width = m![2] ? Number(m![2]) : 0;
      if (width > 0) text = text.padStart(width);
      else if (width < 0) text = text.padEnd(-width);
      out.push(text);
      i = end;
    } else if (c === '}') {
      if (fmt[i + 1] !== '}') fail('format', "unmatched '}' (use '}}' for a literal brace)");
      i++;
      out.push('}');
    } else {
      out.push(c);
    }
  }
  return out.join('');
}

function formatNumber(n: number, f: string): string {
  const m = /^([A-Za-z])(\d*)$/.exec(f);
  if (!m) {
    // custom format: only zero padding "000"
    if (/^0+$/.test(f)) return String(Math.trunc(n)).padStart(f.length, '0');
    return String(n);
  }
  const p = m[2] === '' ? undefined : Number(m[2]);
  switch (m[1].toUpperCase()) {
    case 'D':
      return String(Math.trunc(n)).padStart(p ?? 0, '0');
    case 'N':
      return n.toLocaleString('en-US', { minimumFractionDigits: p ?? 2, maximumFractionDigits: p ?? 2 });
    case 'F':
      return n.toFixed(p ?? 2);
    case 'X':
      return Math.trunc(n).toString(16)[m[1] === 'X' ? 'toUpperCase' : 'toLowerCase']().padStart(p ?? 0, '0');
    case 'P':
      return (n * 100).toFixed(p ?? 2) + ' %';
    case 'G':
      return String(n);
    case 'E':
      return n.toExponential(p ?? 6).toUpperCase().replace(/E([+-])(\d)$/, 'E$10$2');
    default:
      return fail('format', `unknown numeric format specifier '${f}'`);
  }
}

// ---------------------------------------------------------------- dates

/** Offset (minutes) and fraction digits as written in a date/time string, for rendering results the same way. */
export function dateShape(s: string): { offsetMin?: number; frac: number } {
  const m = /(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s.trim());
  const frac = m && m[1] ? Math.min(m[1].length, 3) : 0;
  if (!m || !m[2] || m[2].toUpperCase() === 'Z') return { frac };
  const t = /([+-])(\d{2}):?(\d{2})/.exec(m[2])!;
  const off = Number(t[2]) * 60 + Number(t[3]);
  return { offsetMin: t[1] === '-' ? -off : off, frac };
}

/** Renders an instant as ISO 8601 in the given offset (Z when none), with `frac` fraction digits. */
export function isoWithShape(ms: number, shape: { offsetMin?: number; frac: number }): string {
  const off = shape.offsetMin ?? 0;
  const d = new Date(ms + off * 60000).toISOString();
  let base = d.slice(0, 19);
  if (shape.frac > 0) base += d.slice(19, 20 + shape.frac);
  else if (ms % 1000 !== 0) base += d.slice(19, 23).replace(/0+$/, '');
  if (shape.offsetMin === undefined || shape.offsetMin === 0) return base + 'Z';
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${base}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Parses a date/time string for the date functions; undefined when invalid. */
export function parseDateTime(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', se = '0', frac = '', tz] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se), frac ? Math.round(Number(frac) * 1000) : 0);
  const check = new Date(ms);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  if (tz && tz.toUpperCase() !== 'Z') {
    const t = /([+-])(\d{2}):?(\d{2})/.exec(tz)!;
    const off = (Number(t[2]) * 60 + Number(t[3])) * 60000;
    ms -= t[1] === '+' ? off : -off;
  }
  return Number.isNaN(ms) ? undefined : ms;
}

/** ISO 8601 rendering used by the date functions: "2024-01-15T12:00:00Z" (fractional seconds only when present). */
export function isoString(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso.replace(/0+Z$/, 'Z');
}

/** .NET-style custom date format (subset: yyyy MM dd HH mm ss fff..., literal T/Z, quoted text). */
export function formatDate(ms: number, fmt: string): string {
  const d = new Date(ms);
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  if (fmt === 'o' || fmt === 'O') return d.toISOString().replace('Z', '0000Z');
  if (fmt === 'u') return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}Z`;
  if (fmt === 's') return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const hms = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  const mdy = `${pad(d.getUTCMonth() + 1, 2)}/${pad(d.getUTCDate(), 2)}/${d.getUTCFullYear()}`;
  if (fmt === 'd') return mdy;
  if (fmt === 'G') return `${mdy} ${hms}`;
  if (fmt === 'g') return `${mdy} ${hms.slice(0, 5)}`;
  if (fmt === 'D') return `${days[d.getUTCDay()]}, ${pad(d.getUTCDate(), 2)} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (fmt === 'U' || fmt === 'F') return `${days[d.getUTCDay()]}, ${pad(d.getUTCDate(), 2)} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hms}`;
  if (fmt === 'R' || fmt === 'r') return `${days[d.getUTCDay()].slice(0, 3)}, ${pad(d.getUTCDate(), 2)} ${months[d.getUTCMonth()].slice(0, 3)} ${d.getUTCFullYear()} ${hms} GMT`;
  if (fmt === 't') return hms.slice(0, 5);
  if (fmt === 'T') return hms;
  if (fmt.length === 1 && /[A-Za-z]/.test(fmt)) throw new EvalFailure(`unknown date format specifier '${fmt}'`);
  const tokens = /yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|tt|K|'[^']*'|"[^"]*"|\\.|./g;
  return fmt.replace(tokens, (t) => {
    switch (t) {
      case 'yyyy': return pad(d.getUTCFullYear(), 4);
      case 'yy': return pad(d.getUTCFullYear() % 100, 2);
      case 'MM': return pad(d.getUTCMonth() + 1, 2);
      case 'M': return String(d.getUTCMonth() + 1);
      case 'dd': return pad(d.getUTCDate(), 2);
      case 'd': return String(d.getUTCDate());
      case 'HH': return pad(d.getUTCHours(), 2);
      case 'H': return String(d.getUTCHours());
      case 'hh': return pad(d.getUTCHours() % 12 || 12, 2);
      case 'h': return String(d.getUTCHours() % 12 || 12);
      case 'mm': return pad(d.getUTCMinutes(), 2);
      case 'm': return String(d.getUTCMinutes());
      case 'ss': return pad(d.getUTCSeconds(), 2);
      case 's': return String(d.getUTCSeconds());
      case 'tt': return d.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'K': return 'Z';
      default:
        if (t[0] === 'f') return pad(d.getUTCMilliseconds(), 3).padEnd(t.length, '0').slice(0, t.length);
        if (t[0] === "'" || t[0] === '"') return t.slice(1, -1);
        if (t[0] === '\\') return t.slice(1);
        return t;
    }
  });
}

/** Parses an ISO 8601 duration ("P1DT2H", "-PT30M") into milliseconds (years 365 days, months 30 days). */
export function parseDuration(s: string): number | undefined {
  const m = /^([-+])?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s.trim());
  if (!m || s.trim().toUpperCase().endsWith('T') || /^[-+]?P$/i.test(s.trim())) return undefined;
  const n = (x: string | undefined): number => (x ? Number(x) : 0);
  const ms = (((n(m[2]) * 365 + n(m[3]) * 30 + n(m[4]) * 7 + n(m[5])) * 24 + n(m[6])) * 60 + n(m[7])) * 60000 + n(m[8]) * 1000;
  return m[1] === '-' ? -ms : ms;
}

function dateArg(fn: string, v: Value, pos = 1): number {
  const s = str(fn, v, pos);
  const ms = parseDateTime(s);
  if (ms === undefined) fail(fn, `argument ${pos} is not a valid date/time: ${JSON.stringify(s)}`);
  return ms!;
}

// ---------------------------------------------------------------- IP ranges

interface IpRange { v6: boolean; lo: bigint; hi: bigint }

function parseIp(s: string): { v6: boolean; n: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { v6: false, n: BigInt(((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]) };
  }
  if (s.includes(':')) {
    let text = s;
    let tail: bigint[] = [];
    const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
    if (v4) {
      const p = parseIp(v4[1]);
      if (!p) return undefined;
      tail = [p.n >> 16n, p.n & 0xffffn];
      text = text.slice(0, -v4[1].length) + (text.endsWith('::' + v4[1]) ? '' : '0:0');
      if (text.endsWith(':0:0') && tail.length) text = text.slice(0, -4);
      else if (text.endsWith('::')) { /* keep */ }
    }
    const halves = text.split('::');
    if (halves.length > 2) return undefined;
    const parse = (h: string): bigint[] | undefined => {
      if (h === '') return [];
      const groups = h.split(':');
      const out: bigint[] = [];
      for (const g of groups) {
        if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
        out.push(BigInt('0x' + g));
      }
      return out;
    };
    const a = parse(halves[0]);
    const b = halves.length === 2 ? parse(halves[1]) : [];
    if (!a || !b) return undefined;
    const total = a.length + b.length + tail.length;
    if (halves.length === 1 && total !== 8) return undefined;
    if (total > 8) return undefined;
    const groups = [...a, ...new Array<bigint>(8 - total).fill(0n), ...b, ...tail];
    let n = 0n;
    for (const g of groups) n = (n << 16n) | g;
    return { v6: true, n };
  }
  return undefined;
}

function parseRange(fn: string, s: string): IpRange {
  const dash = s.indexOf('-');
  if (dash >= 0) {
    // "192.168.0.1-192.168.0.9": a range given by its first and last address.
    const a = parseIp(s.slice(0, dash).trim());
    const b = parseIp(s.slice(dash + 1).trim());
    if (!a || !b || a.v6 !== b.v6 || a.n > b.n) return fail(fn, `invalid IP address range ${JSON.stringify(s)}`);
    return { v6: a.v6, lo: a.n, hi: b.n };
  }
  const slash = s.indexOf('/');
  const ip = parseIp(slash >= 0 ? s.slice(0, slash) : s);
  if (!ip) return fail(fn, `invalid IP address or range ${JSON.stringify(s)}`);
  const bits = ip.v6 ? 128 : 32;
  let prefix = bits;
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) fail(fn, `invalid prefix length in ${JSON.stringify(s)}`);
    prefix = Number(p);
  }
  const hostBits = BigInt(bits - prefix);
  const mask = (1n << hostBits) - 1n;
  return { v6: ip.v6, lo: ip.n & ~mask, hi: (ip.n & ~mask) | mask };
}

/**
 * ipRangeContains(range, target): whether `range` contains `target`. Each is an address, a CIDR range or a
 * "first-last" range. Azure: "Empty ranges, or mixing between IP families isn't allowed and results in evaluation
 * failure"; other malformed input is not contained (false).
 */
export function ipRangeContains(range: string, target: string): boolean {
  if (range.trim() === '' || target.trim() === '') fail('ipRangeContains', 'empty IP address range');
  let r: IpRange;
  let t: IpRange;
  try {
    r = parseRange('ipRangeContains', range);
    t = parseRange('ipRangeContains', target);
  } catch {
    return false;
  }
  if (r.v6 !== t.v6) fail('ipRangeContains', 'the range and the target must both be IPv4 or both IPv6');
  return t.lo >= r.lo && t.hi <= r.hi;
}

// ---------------------------------------------------------------- helpers

function base64Decode(fn: string, s: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/\s/g, '')) ) fail(fn, 'argument is not valid base64');
  return Buffer.from(s, 'base64').toString('utf8');
}

function parseJsonText(fn: string, s: string): JsonValue {
  try {
    return JSON.parse(s) as JsonValue;
  } catch {
    return fail(fn, `argument is not valid JSON: ${JSON.stringify(s.slice(0, 80))}`);
  }
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

function strictEq(a: Value, b: Value): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function uniqueAppend(out: JsonValue[], items: JsonValue[]): void {
  for (const it of items) if (!out.some((o) => strictEq(o, it))) out.push(it);
}

function minmax(fn: string, args: Value[], pick: (a: number, b: number) => number): number {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as Value[]) : args;
  if (list.length === 0) fail(fn, 'needs at least one number');
  let r = num(fn, list[0]);
  for (let i = 1; i < list.length; i++) r = pick(r, num(fn, list[i], i + 1));
  return r;
}

function armEquals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b || fold(a) === fold(b);
  if (typeof a !== typeof b && !(a === null || b === null)) return false;
  return valueEquals(a, b);
}

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

function checkInt(fn: string, n: number): number {
  if (!Number.isSafeInteger(n)) fail(fn, 'integer overflow');
  return n;
}

const SIMPLE_INT = /^-?\d{1,15}$/;

// ---------------------------------------------------------------- table

const T: Record<string, FunctionSpec> = {};
function reg(name: string, min: number, max: number, fn: TemplateFunction): void {
  T[name.toLowerCase()] = { min, max, fn };
}

// string
reg('base64', 1, 1, (a) => Buffer.from(str('base64', a[0]), 'utf8').toString('base64'));
reg('base64ToString', 1, 1, (a) => base64Decode('base64ToString', str('base64ToString', a[0])));
reg('base64ToJson', 1, 1, (a) => parseJsonText('base64ToJson', base64Decode('base64ToJson', str('base64ToJson', a[0]))));
reg('concat', 0, Infinity, (a) => {
  if (a.length > 0 && a.every((x) => Array.isArray(x) || x === null)) {
    const out: JsonValue[] = [];
    for (const x of a) if (Array.isArray(x)) out.push(...x);
    return out;
  }
  return a.map((x, i) => {
    if (Array.isArray(x) || isObject(x)) fail('concat', `argument ${i + 1}: cannot concatenate ${typeName(x)} with strings`);
    return armString(x);
  }).join('');
});
reg('contains', 2, 2, (a) => containsItem(a[0], a[1]));
reg('dataUri', 1, 1, (a) => `data:text/plain;charset=utf8;base64,${Buffer.from(armString(a[0]), 'utf8').toString('base64')}`);
reg('dataUriToString', 1, 1, (a) => {
  const s = str('dataUriToString', a[0]);
  const m = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(s);
  if (!m) fail('dataUriToString', 'argument is not a data URI');
  return m![2] ? base64Decode('dataUriToString', m![3]) : decodeURIComponent(m![3]);
});
reg('empty', 1, 1, (a) => {
  const v = a[0];
  if (v === undefined || v === null) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
});
reg('endsWith', 2, 2, (a) => fold(str('endsWith', a[0])).endsWith(fold(str('endsWith', a[1], 2))));
reg('startsWith', 2, 2, (a) => fold(str('startsWith', a[0])).startsWith(fold(str('startsWith', a[1], 2))));
reg('first', 1, 1, (a) => {
  const v = a[0];
  if (typeof v === 'string') return v.length ? v[0] : '';
  if (Array.isArray(v)) return v.length ? v[0] : null;
  return fail('first', `argument must be a string or array, got ${typeName(v)}`);
});
reg('last', 1, 1, (a) => {
  const v = a[0];
  if (typeof v === 'string') return v.length ? v[v.length - 1] : '';
  if (Array.isArray(v)) return v.length ? v[v.length - 1] : null;
  return fail('last', `argument must be a string or array, got ${typeName(v)}`);
});
reg('format', 1, Infinity, armFormat);
reg('indexOf', 2, 2, (a) => {
  if (Array.isArray(a[0])) return a[0].findIndex((e) => armEquals(e, a[1]));
  return fold(str('indexOf', a[0])).indexOf(fold(str('indexOf', a[1], 2)));
});
reg('lastIndexOf', 2, 2, (a) => {
  if (Array.isArray(a[0])) {
    for (let i = a[0].length - 1; i >= 0; i--) if (armEquals(a[0][i], a[1])) return i;
    return -1;
  }
  return fold(str('lastIndexOf', a[0])).lastIndexOf(fold(str('lastIndexOf', a[1], 2)));
});
reg('join', 2, 2, (a) => arr('join', a[0]).map((x) => armString(x)).join(str('join', a[1], 2)));
reg('json', 1, 1, (a) => parseJsonText('json', str('json', a[0])));
reg('length', 1, 1, (a) => {
  const v = a[0];
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  if (v === undefined || v === null) return 0;
  return fail('length', `argument must be a string, array or object, got ${typeName(v)}`);
});
reg('padLeft', 2, 3, (a) => {
  const s = armString(a[0]);
  const w = int('padLeft', a[1], 2);
  const ch = a.length > 2 ? str('padLeft', a[2], 3) : ' ';
  if (ch.length !== 1) fail('padLeft', 'the padding character must be a single character');
  if (w > 16384) fail('padLeft', 'total length is too large');
  return s.padStart(w, ch);
});
reg('replace', 3, 3, (a) => str('replace', a[0]).split(str('replace', a[1], 2)).join(str('replace', a[2], 3)));
reg('skip', 2, 2, (a) => {
  const n = Math.max(0, int('skip', a[1], 2));
  if (typeof a[0] === 'string' || Array.isArray(a[0])) return a[0].slice(n);
  return fail('skip', `argument 1 must be a string or array, got ${typeName(a[0])}`);
});
reg('take', 2, 2, (a) => {
  const n = Math.max(0, int('take', a[1], 2));
  if (typeof a[0] === 'string' || Array.isArray(a[0])) return a[0].slice(0, n);
  return fail('take', `argument 1 must be a string or array, got ${typeName(a[0])}`);
});
reg('split', 2, 2, (a) => {
  const s = str('split', a[0]);
  const d = a[1];
  if (typeof d === 'string') return d === '' ? [s] : s.split(d);
  const delims = Array.isArray(d) ? d.map((x, i) => str('split', x, i + 2)) : [str('split', d, 2)];
  let parts = [s];
  for (const dl of delims) {
    if (dl === '') continue;
    const next: string[] = [];
    for (const p of parts) for (const q of p.split(dl)) next.push(q);
    parts = next;
  }
  return parts;
});
reg('string', 1, 1, (a) => armString(def(a[0])));
reg('substring', 1, 3, (a) => {
  const s = str('substring', a[0]);
  const start = a.length > 1 ? int('substring', a[1], 2) : 0;
  const len = a.length > 2 ? int('substring', a[2], 3) : s.length - start;
  if (start < 0 || start > s.length) fail('substring', `start index ${start} is outside the string (length ${s.length})`);
  if (len < 0 || start + len > s.length) fail('substring', `length ${len} from index ${start} goes past the end of the string (length ${s.length})`);
  return s.substr(start, len);
});
reg('toLower', 1, 1, (a) => str('toLower', a[0]).toLowerCase());
reg('toUpper', 1, 1, (a) => str('toUpper', a[0]).toUpperCase());
reg('trim', 1, 1, (a) => str('trim', a[0]).trim());
reg('uri', 2, 2, (a) => {
  const base = str('uri', a[0]);
  const rel = str('uri', a[1], 2);
  try {
    return new URL(rel, base).toString();
  } catch {
    return fail('uri', `cannot combine ${JSON.stringify(base)} and ${JSON.stringify(rel)}`);
  }
});
reg('uriComponent', 1, 1, (a) => encodeURIComponent(str('uriComponent', a[0])));
reg('uriComponentToString', 1, 1, (a) => {
  try {
    return decodeURIComponent(str('uriComponentToString', a[0]));
  } catch {
    return fail('uriComponentToString', 'argument is not a valid encoded URI component');
  }
});

// arrays and objects
reg('array', 1, 1, (a) => (Array.isArray(a[0]) ? a[0] : [def(a[0])]));
reg('createArray', 0, Infinity, (a) => a.map(def));
reg('createObject', 0, Infinity, (a) => {
  if (a.length % 2 !== 0) fail('createObject', 'needs an even number of arguments (key, value pairs)');
  const o: JsonObject = {};
  for (let i = 0; i < a.length; i += 2) {
    const k = a[i];
    o[typeof k === 'number' || typeof k === 'boolean' ? String(k) : str('createObject', k, i + 1)] = def(a[i + 1]);
  }
  return o;
});
reg('intersection', 2, Infinity, (a) => {
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
});
reg('union', 2, Infinity, (a) => {
  if (a.every(isObject)) {
    let o: JsonObject = {};
    for (const x of a as JsonObject[]) o = deepMerge(o, x);
    return o;
  }
  const out: JsonValue[] = [];
  a.forEach((x, i) => uniqueAppend(out, arr('union', x, i + 1)));
  return out;
});
reg('items', 1, 1, (a) => {
  const o = a[0];
  if (!isObject(o)) return fail('items', `argument must be an object, got ${typeName(o)}`);
  return Object.keys(o).sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : 1)).map((k) => ({ key: k, value: o[k] }));
});
reg('range', 2, 2, (a) => {
  const start = int('range', a[0]);
  const count = int('range', a[1], 2);
  if (count < 0 || count > 10000) fail('range', 'count must be between 0 and 10000');
  if (start + count - 1 > 2147483647 || start < -2147483648) fail('range', 'start + count exceeds the 32-bit integer range');
  return Array.from({ length: count }, (_, i) => start + i);
});
reg('min', 1, Infinity, (a) => minmax('min', a, Math.min));
reg('max', 1, Infinity, (a) => minmax('max', a, Math.max));
reg('tryGet', 2, Infinity, (a) => {
  let cur: Value = a[0];
  for (let i = 1; i < a.length; i++) {
    const k = a[i];
    if (Array.isArray(cur) && typeof k === 'number') cur = Number.isInteger(k) && k >= 0 && k < cur.length ? cur[k] : undefined;
    else if (isObject(cur) && typeof k === 'string') cur = getProp(cur, k);
    else cur = undefined;
    if (cur === undefined) return null;
  }
  return def(cur);
});
reg('indexFromEnd', 2, 2, (a) => {
  const l = arr('indexFromEnd', a[0]);
  const n = int('indexFromEnd', a[1], 2);
  if (n < 1 || n > l.length) fail('indexFromEnd', `index ${n} is out of bounds for an array of length ${l.length}`);
  return l[l.length - n];
});
reg('tryIndexFromEnd', 2, 2, (a) => {
  if (!Array.isArray(a[0])) return null;
  const n = int('tryIndexFromEnd', a[1], 2);
  return n >= 1 && n <= a[0].length ? a[0][a[0].length - n] : null;
});

// comparison and logic
reg('equals', 2, 2, (a) => armEquals(a[0], a[1]));
reg('less', 2, 2, (a) => armCompare('less', a[0], a[1]) < 0);
reg('lessOrEquals', 2, 2, (a) => armCompare('lessOrEquals', a[0], a[1]) <= 0);
reg('greater', 2, 2, (a) => armCompare('greater', a[0], a[1]) > 0);
reg('greaterOrEquals', 2, 2, (a) => armCompare('greaterOrEquals', a[0], a[1]) >= 0);
reg('and', 1, Infinity, (a) => a.map((x, i) => truthy('and', x, i + 1)).every(Boolean));
reg('or', 1, Infinity, (a) => a.map((x, i) => truthy('or', x, i + 1)).some(Boolean));
reg('not', 1, 1, (a) => !truthy('not', a[0]));
reg('bool', 1, 1, (a) => {
  const v = a[0];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const f = v.trim().toLowerCase();
    if (f === 'true' || f === '1') return true;
    if (f === 'false' || f === '0') return false;
  }
  return fail('bool', `cannot convert ${typeName(v)} ${JSON.stringify(v)} to a boolean`);
});
reg('true', 0, 0, () => true);
reg('false', 0, 0, () => false);
reg('null', 0, 0, () => null);

// numbers
const arith = (name: string, op: (x: number, y: number) => number): void =>
  reg(name, 2, 2, (a) => {
    const x = num(name, a[0]);
    const y = num(name, a[1], 2);
    const r = op(x, y);
    if (!Number.isFinite(r)) fail(name, 'result is not a finite number');
    return Number.isInteger(x) && Number.isInteger(y) ? checkInt(name, r) : r;
  });
arith('add', (x, y) => x + y);
arith('sub', (x, y) => x - y);
arith('mul', (x, y) => x * y);
arith('div', (x, y) => {
  if (y === 0) fail('div', 'division by zero');
  return Number.isInteger(x) && Number.isInteger(y) ? Math.trunc(x / y) : x / y;
});
arith('mod', (x, y) => {
  if (y === 0) fail('mod', 'division by zero');
  return x % y;
});
reg('int', 1, 1, (a) => {
  const v = a[0];
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string') {
    if (SIMPLE_INT.test(v)) return checkInt('int', Number(v));
    const n = numericString(v);
    if (n === undefined) fail('int', `cannot convert ${JSON.stringify(v)} to an integer`);
    return checkInt('int', Math.trunc(n!));
  }
  return fail('int', `cannot convert ${typeName(v)} to an integer`);
});
reg('float', 1, 1, (a) => {
  const v = a[0];
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = numericString(v);
    if (n === undefined) fail('float', `cannot convert ${JSON.stringify(v)} to a number`);
    return n!;
  }
  return fail('float', `cannot convert ${typeName(v)} to a number`);
});

// dates
reg('dateTimeAdd', 2, 3, (a) => {
  const base = dateArg('dateTimeAdd', a[0]);
  const dur = parseDuration(str('dateTimeAdd', a[1], 2));
  if (dur === undefined) fail('dateTimeAdd', `invalid ISO 8601 duration ${JSON.stringify(a[1])}`);
  const r = base + dur!;
  return a.length > 2 ? formatDate(r, str('dateTimeAdd', a[2], 3)) : isoWithShape(r, dateShape(a[0] as string));
});
reg('addDays', 2, 2, (a) => {
  const base = dateArg('addDays', a[0]);
  const n = num('addDays', a[1], 2);
  return isoString(base + n * 86400000);
});
reg('dateTimeFromEpoch', 1, 1, (a) => {
  const n = int('dateTimeFromEpoch', a[0]);
  return isoString(n * 1000);
});
reg('dateTimeToEpoch', 1, 1, (a) => Math.floor(dateArg('dateTimeToEpoch', a[0]) / 1000));
reg('ipRangeContains', 2, 2, (a) => ipRangeContains(str('ipRangeContains', a[0]), str('ipRangeContains', a[1], 2)));

/** Pure template functions by lower-case name. */
export const TEMPLATE_FUNCTIONS: Readonly<Record<string, FunctionSpec>> = T;

/** ARM functions that Azure Policy rejects in policy rules. */
export const UNSUPPORTED_FUNCTIONS = new Set(
  ['guid', 'uniqueString', 'newGuid', 'copyIndex', 'deployment', 'environment', 'extensionResourceId', 'listAccountSas', 'listKeys',
    'listSecrets', 'list', 'managementGroup', 'pickZones', 'providers', 'reference', 'resourceId', 'subscriptionResourceId',
    'tenantResourceId', 'tenant', 'variables', 'managementGroupResourceId', 'filter', 'map', 'reduce', 'sort', 'toObject', 'lambda',
    'getSecret', 'listCallbackUrl'].map((s) => s.toLowerCase()),
);

export { cloneJson };
