import { MAX_JSON_DEPTH, MAX_STRING_LENGTH, checkCollectionBudget, checkStringBudget } from '../limits';
import { JsonValue, Value, fold } from '../values';
import { FunctionTable, arr, armString, def, fail, int, str, table } from './spec';

/** String functions (functions that also take arrays, such as concat and length, are in array.ts). */

function formatArg(v: Value): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return armString(v, 'format');
}

/** ARM's format(): .NET composite formatting ({0}, {1:N}, {{ }} escapes). */
function armFormat(args: Value[]): string {
  const fmt = str('format', args[0]);
  const out: string[] = [];
  let length = 0;
  const push = (text: string): void => {
    length += text.length;
    checkStringBudget('format', length);
    out.push(text);
  };
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '{') {
      if (fmt[i + 1] === '{') {
        push('{');
        i++;
        continue;
      }
      const end = fmt.indexOf('}', i);
      if (end < 0) fail('format', 'unclosed placeholder');
      const spec = fmt.slice(i + 1, end);
      const m = /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::(.*))?$/.exec(spec);
      if (!m) fail('format', `invalid placeholder {${spec}}`);
      const idx = Number(m![1]);
      if (idx + 1 >= args.length) fail('format', `placeholder {${idx}} references argument index ${idx}, but only ${args.length - 1} argument(s) were given`);
      let text = formatArg(args[idx + 1]);
      const f = m![3];
      if (f && typeof args[idx + 1] === 'number') text = formatNumber(args[idx + 1] as number, f);
      const width = m![2] ? Number(m![2]) : 0;
      checkStringBudget('format', length + Math.max(Math.abs(width), text.length));
      if (width > 0) text = text.padStart(width);
      else if (width < 0) text = text.padEnd(-width);
      push(text);
      i = end;
    } else if (c === '}') {
      if (fmt[i + 1] !== '}') fail('format', "unmatched '}' (use '}}' for a literal brace)");
      i++;
      push('}');
    } else {
      push(c);
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
  if (p !== undefined) checkStringBudget('format', p);
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


/** Decodes base64 text as UTF-8. */
export function base64Decode(fn: string, s: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/\s/g, '')) ) fail(fn, 'argument is not valid base64');
  return Buffer.from(s, 'base64').toString('utf8');
}

/** Parses JSON text for json() and base64ToJson(); a result nested deeper than MAX_JSON_DEPTH fails. */
export function parseJsonText(fn: string, s: string): JsonValue {
  let v: JsonValue;
  try {
    v = JSON.parse(s) as JsonValue;
  } catch {
    return fail(fn, `argument is not valid JSON: ${JSON.stringify(s.slice(0, 80))}`);
  }
  if (depthExceeds(v, MAX_JSON_DEPTH)) fail(fn, `the JSON value is nested deeper than ${MAX_JSON_DEPTH} levels`);
  return v;
}

/** Whether a value (from JSON.parse: a tree) is nested deeper than `max` levels; iterative. */
function depthExceeds(v: JsonValue, max: number): boolean {
  const stack: Array<[JsonValue, number]> = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (d >= max) return true;
    for (const child of Array.isArray(x) ? x : Object.values(x)) if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
  }
  return false;
}

/** Non-overlapping occurrences of `part` (non-empty) in `s`; for the empty string, the gaps split('') makes. */
function occurrences(s: string, part: string): number {
  if (part === '') return Math.max(0, s.length - 1);
  let n = 0;
  for (let i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length)) n++;
  return n;
}

/** toLower / toUpper: a case change can lengthen a string (up to 3x: 'ΐ'.toUpperCase()); checked when that could pass the budget. */
function changeCase(fn: string, s: string, change: (x: string) => string): string {
  if (s.length * 3 <= MAX_STRING_LENGTH) return change(s);
  checkStringBudget(fn, s.length);
  const out = change(s);
  checkStringBudget(fn, out.length);
  return out;
}

/** Length of encodeURIComponent(s) without building it. */
function encodedLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || "-_.!~*'()".includes(s[i])) n += 1;
    else if (c < 0x80) n += 3;
    else if (c < 0x800) n += 6;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 12;
      i++;
    } else n += 9;
  }
  return n;
}

export const STRING_FUNCTIONS: FunctionTable = table([
  ['base64', 1, 1, (a) => {
    const s = str('base64', a[0]);
    checkStringBudget('base64', Math.ceil(Buffer.byteLength(s, 'utf8') / 3) * 4);
    return Buffer.from(s, 'utf8').toString('base64');
  }],
  ['base64ToString', 1, 1, (a) => base64Decode('base64ToString', str('base64ToString', a[0]))],
  ['base64ToJson', 1, 1, (a) => parseJsonText('base64ToJson', base64Decode('base64ToJson', str('base64ToJson', a[0])))],
  ['dataUri', 1, 1, (a) => {
    const s = armString(a[0], 'dataUri');
    checkStringBudget('dataUri', 37 + Math.ceil(Buffer.byteLength(s, 'utf8') / 3) * 4);
    return `data:text/plain;charset=utf8;base64,${Buffer.from(s, 'utf8').toString('base64')}`;
  }],
  ['dataUriToString', 1, 1, (a) => {
    const s = str('dataUriToString', a[0]);
    const m = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(s);
    if (!m) fail('dataUriToString', 'argument is not a data URI');
    return m![2] ? base64Decode('dataUriToString', m![3]) : decodeURIComponent(m![3]);
  }],
  ['endsWith', 2, 2, (a) => fold(str('endsWith', a[0])).endsWith(fold(str('endsWith', a[1], 2)))],
  ['startsWith', 2, 2, (a) => fold(str('startsWith', a[0])).startsWith(fold(str('startsWith', a[1], 2)))],
  ['format', 1, Infinity, armFormat],
  ['join', 2, 2, (a) => {
    const list = arr('join', a[0]);
    const sep = str('join', a[1], 2);
    let length = list.length > 0 ? sep.length * (list.length - 1) : 0;
    checkStringBudget('join', length);
    const parts = list.map((x) => {
      const text = armString(x, 'join');
      length += text.length;
      checkStringBudget('join', length);
      return text;
    });
    return parts.join(sep);
  }],
  ['json', 1, 1, (a) => parseJsonText('json', str('json', a[0]))],
  ['padLeft', 2, 3, (a) => {
    const s = armString(a[0]);
    const w = int('padLeft', a[1], 2);
    const ch = a.length > 2 ? str('padLeft', a[2], 3) : ' ';
    if (ch.length !== 1) fail('padLeft', 'the padding character must be a single character');
    if (w > 16384) fail('padLeft', 'total length is too large');
    return s.padStart(w, ch);
  }],
  ['replace', 3, 3, (a) => {
    const s = str('replace', a[0]);
    const from = str('replace', a[1], 2);
    const to = str('replace', a[2], 3);
    const n = occurrences(s, from);
    checkStringBudget('replace', s.length + n * (to.length - from.length));
    return s.split(from).join(to);
  }],
  ['split', 2, 2, (a) => {
    const s = str('split', a[0]);
    const d = a[1];
    if (typeof d === 'string') {
      if (d === '') return [s];
      checkCollectionBudget('split', occurrences(s, d) + 1);
      return s.split(d);
    }
    const delims = Array.isArray(d) ? d.map((x, i) => str('split', x, i + 2)) : [str('split', d, 2)];
    let parts = [s];
    for (const dl of delims) {
      if (dl === '') continue;
      checkCollectionBudget('split', parts.reduce((n, p) => n + occurrences(p, dl) + 1, 0));
      const next: string[] = [];
      for (const p of parts) for (const q of p.split(dl)) next.push(q);
      parts = next;
    }
    return parts;
  }],
  ['string', 1, 1, (a) => armString(def(a[0]), 'string')],
  ['substring', 1, 3, (a) => {
    const s = str('substring', a[0]);
    const start = a.length > 1 ? int('substring', a[1], 2) : 0;
    const len = a.length > 2 ? int('substring', a[2], 3) : s.length - start;
    if (start < 0 || start > s.length) fail('substring', `start index ${start} is outside the string (length ${s.length})`);
    if (len < 0 || start + len > s.length) fail('substring', `length ${len} from index ${start} goes past the end of the string (length ${s.length})`);
    return s.substr(start, len);
  }],
  ['toLower', 1, 1, (a) => changeCase('toLower', str('toLower', a[0]), (x) => x.toLowerCase())],
  ['toUpper', 1, 1, (a) => changeCase('toUpper', str('toUpper', a[0]), (x) => x.toUpperCase())],
  ['trim', 1, 1, (a) => str('trim', a[0]).trim()],
  ['uri', 2, 2, (a) => {
    const base = str('uri', a[0]);
    const rel = str('uri', a[1], 2);
    try {
      return new URL(rel, base).toString();
    } catch {
      return fail('uri', `cannot combine ${JSON.stringify(base)} and ${JSON.stringify(rel)}`);
    }
  }],
  ['uriComponent', 1, 1, (a) => {
    const s = str('uriComponent', a[0]);
    // Each UTF-16 unit encodes to at most 9 characters (a 3-byte UTF-8 sequence, %XX each).
    if (s.length * 9 > MAX_STRING_LENGTH) checkStringBudget('uriComponent', encodedLength(s));
    return encodeURIComponent(s);
  }],
  ['uriComponentToString', 1, 1, (a) => {
    try {
      return decodeURIComponent(str('uriComponentToString', a[0]));
    } catch {
      return fail('uriComponentToString', 'argument is not a valid encoded URI component');
    }
  }],
]);
