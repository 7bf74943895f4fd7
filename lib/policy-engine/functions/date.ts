import { EvalFailure } from '../errors';
import { Value } from '../values';
import { FunctionTable, fail, int, num, str, table } from './spec';

/** Date functions: dateTimeAdd, addDays (policy-only), dateTimeFromEpoch, dateTimeToEpoch; utcNow() is a context function. */

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

export function dateArg(fn: string, v: Value, pos = 1): number {
  const s = str(fn, v, pos);
  const ms = parseDateTime(s);
  if (ms === undefined) fail(fn, `argument ${pos} is not a valid date/time: ${JSON.stringify(s)}`);
  return ms!;
}


export const DATE_FUNCTIONS: FunctionTable = table([
  ['dateTimeAdd', 2, 3, (a) => {
    const base = dateArg('dateTimeAdd', a[0]);
    const dur = parseDuration(str('dateTimeAdd', a[1], 2));
    if (dur === undefined) fail('dateTimeAdd', `invalid ISO 8601 duration ${JSON.stringify(a[1])}`);
    const r = base + dur!;
    return a.length > 2 ? formatDate(r, str('dateTimeAdd', a[2], 3)) : isoWithShape(r, dateShape(a[0] as string));
  }],
  ['addDays', 2, 2, (a) => {
    const base = dateArg('addDays', a[0]);
    const n = num('addDays', a[1], 2);
    return isoString(base + n * 86400000);
  }],
  ['dateTimeFromEpoch', 1, 1, (a) => {
    const n = int('dateTimeFromEpoch', a[0]);
    return isoString(n * 1000);
  }],
  ['dateTimeToEpoch', 1, 1, (a) => Math.floor(dateArg('dateTimeToEpoch', a[0]) / 1000)],
]);
