// Findings in bounded memory (issue 12 item 10): a scan of a million resources can have millions of findings, more
// than a process should hold (or than one JSON string can). A FindingSpool keeps the first ones in memory and writes
// the rest to a temporary file, and gives them back in resource order. A finding is written as the JSON text a
// report prints (JSON.stringify(f, null, 2), which findingText writes faster), so a report made from the file copies
// that text instead of parsing and printing each finding again. Records are `<index>\u001f<json>\u001e`, where the
// JSON text's repeated parts (a plan member's, a reason, details) are references `\u0001<n>\u0002` to texts the spool keeps
// (see SharedTexts). JSON text never holds a raw control character (JSON.stringify escapes U+0000-U+001F), so neither
// the separators nor the references' marks can occur inside one.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import type { Finding } from './report';

/** Options of {@link FindingSpool}. */
export interface FindingSpoolOptions {
  /** Findings held in memory (in each of the two streams: read in order, and deferred) before they go to a temporary file. @default 1000 */
  readonly inMemory?: number;
  /** Folder of the temporary files. @default os.tmpdir() */
  readonly dir?: string;
}

/** Bytes collected before one write to the temporary file. */
const WRITE_CHUNK = 1 << 20;
const INDEX_END = '\u001f';
const RECORD_END = '\u001e';

/** A finding as a record of the temporary file: its text with repeated parts as references into `shared`. */
function recordOf(f: Finding, shared: SharedTexts): string {
  return `${f.index}${INDEX_END}${textOf(f, shared)}${RECORD_END}`;
}

// A reference to a shared text inside a record: REF_START, the text's number in base 36, REF_END (controls again).
const REF_START = '\u0001';
const REF_END = '\u0002';
/** Texts shorter than this are written in place (a reference would save little). */
const MIN_SHARED = 48;
// At most 32,768 texts of 4 Mi characters in all (about 8 MB of strings, held once by the map and the list).
const MAX_SHARED_TEXTS = 1 << 15;
const MAX_SHARED_CHARS = 1 << 22;

/**
 * The texts a spool's records refer to instead of repeating them: a plan member's part of a finding (about 300
 * characters, the same in all its findings), a reason (about 300, most repeat) and details (about 100, mostly alike
 * for one member): MCSB over 100,000 resources spooled 442 MB without them, 150 MB with them. Kept until the spool is disposed of (a record may refer to any of them), bounded by count and
 * characters: once full, texts are written in place.
 */
class SharedTexts {
  private readonly refs = new Map<string, string>();
  private readonly texts: string[] = [];
  private chars = 0;

  /** The text, or a reference to it. */
  public ref(text: string): string {
    if (text.length < MIN_SHARED) return text;
    const hit = this.refs.get(text);
    if (hit !== undefined) return hit;
    if (this.texts.length >= MAX_SHARED_TEXTS || this.chars + text.length > MAX_SHARED_CHARS) return text;
    const ref = REF_START + this.texts.length.toString(36) + REF_END;
    this.refs.set(text, ref);
    this.texts.push(text);
    this.chars += text.length;
    return ref;
  }

  /** A record's text with its references replaced by what they refer to. */
  public expand(record: string): string {
    let at = record.indexOf(REF_START);
    if (at < 0) return record;
    let out = '';
    let from = 0;
    while (at >= 0) {
      const end = record.indexOf(REF_END, at + 1);
      const text = this.texts[parseInt(record.slice(at + 1, end), 36)];
      if (end < 0 || text === undefined) throw new Error('FindingSpool.read: a record refers to a text the spool does not hold (was it disposed of while being read?)');
      out += record.slice(from, at) + text;
      from = end + 1;
      at = record.indexOf(REF_START, from);
    }
    return out + record.slice(from);
  }

  public clear(): void {
    this.refs.clear();
    this.texts.length = 0;
    this.chars = 0;
  }
}

/**
 * JSON.stringify(f, null, 2) of a finding, character for character, made faster (a scan may spool millions, and
 * each JSON.stringify call costs about a microsecond before it writes anything): the members are written in the order
 * the runner builds a finding in (Finding's own order), those that come from the plan member (policy ... groups)
 * once per member and reused, strings without a character JSON escapes as they are, and plain JSON values by hand. A
 * finding with members in another order, or others, or a value JSON.stringify writes its own way (toJSON, a
 * function, undefined in an array), gets JSON.stringify.
 */
export function findingText(f: Finding): string {
  return textOf(f, undefined);
}

/** findingText; with `shared`, the repeated parts as references into it (a spool's record). */
function textOf(f: Finding, shared: SharedTexts | undefined): string {
  // Own enumerable members only, as JSON.stringify writes them: a plain object (no inherited members, no toJSON).
  const proto = Object.getPrototypeOf(f) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (f as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(f, null, 2);
  const keys = Object.keys(f);
  if (!inFindingOrder(keys)) return JSON.stringify(f, null, 2);
  try {
    return fastText(f, keys.length, shared);
  } catch (e) {
    if (e !== NOT_PLAIN) throw e;
    return JSON.stringify(f, null, 2);
  }
}

/** Thrown by `value` for what only JSON.stringify writes right (findingText then uses it). */
const NOT_PLAIN = new Error('not a plain JSON value');

/**
 * The text of a finding whose first `n` members (8 at least) are FINDING_KEYS'. Each member is read once, in order,
 * as JSON.stringify reads them; the member part's (policy ... groups) all before any of them is written, the others
 * each as it is written (a getter that changes a later member is seen as JSON.stringify sees it).
 */
function fastText(f: Finding, n: number, shared: SharedTexts | undefined): string {
  const part = memberPart([f.policy, f.policyId, f.displayName, f.version, f.assignment, f.referenceId, f.groups]);
  let out = '{' + (shared && part.kept ? shared.ref(part.text) : part.text);
  const effect = f.effect;
  if (typeof effect !== 'string') throw NOT_PLAIN;
  out += '\n  "effect": ' + effectText.of(effect);
  for (let i = EFFECT + 1; i < n; i++) {
    const x = memberAt(f, i);
    if (x === undefined) continue;
    let text: string;
    if (i === DETAILS) {
      text = detailsText(part, x);
      if (shared && detailsSeen) text = shared.ref(text);
    } else if (typeof x !== 'string') text = value(x, 1);
    else if (i === RESOURCE_ID) text = resourceIdText.of(x);
    else if (i === RESOURCE_TYPE) text = resourceTypeText.of(x);
    else if (i === REASON) {
      text = reasonText(part, x);
      if (shared && reasonSeen && x.length <= MAX_KEPT_REASON) text = shared.ref(text);
    } else text = str(x);
    out += ',\n  "' + FINDING_KEYS[i] + '": ' + text;
  }
  return out + '\n}';
}

/** Member `i` of FINDING_KEYS past effect, read by name (which costs less than by a key that varies). */
function memberAt(f: Finding, i: number): unknown {
  switch (i) {
    case 8: return f.enforced;
    case 9: return f.resourceId;
    case 10: return f.resourceType;
    case 11: return f.index;
    case 12: return f.file;
    case 13: return f.line;
    case 14: return f.address;
    case 15: return f.constructPath;
    case 16: return f.reason;
    case 17: return f.details;
    default: return f.nonComplianceMessage;
  }
}

/** The members of a finding as the runner builds it, in order (those present may be undefined). */
const FINDING_KEYS = ['policy', 'policyId', 'displayName', 'version', 'assignment', 'referenceId', 'groups', 'effect', 'enforced', 'resourceId', 'resourceType', 'index', 'file', 'line', 'address', 'constructPath', 'reason', 'details', 'nonComplianceMessage'];
const EFFECT = FINDING_KEYS.indexOf('effect');
const RESOURCE_ID = FINDING_KEYS.indexOf('resourceId');
const RESOURCE_TYPE = FINDING_KEYS.indexOf('resourceType');
const REASON = FINDING_KEYS.indexOf('reason');
const DETAILS = FINDING_KEYS.indexOf('details');
/** Whether `keys` are FINDING_KEYS, or the first of them up to effect at least, in that order. */
function inFindingOrder(keys: readonly string[]): boolean {
  if (keys.length < 8 || keys.length > FINDING_KEYS.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== FINDING_KEYS[i]) return false;
  return true;
}

/** Characters JSON.stringify writes otherwise: quote, backslash, controls, and surrogates (a lone one is escaped). */
// eslint-disable-next-line no-control-regex -- the controls are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON text of a string. */
function str(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/** Nesting past which `value` leaves a value to JSON.stringify. */
const MAX_HAND_DEPTH = 32;

/** JSON text of a member value at `depth` levels of indentation, as JSON.stringify(f, null, 2) writes it there. */
function value(v: unknown, depth: number): string {
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'object':
      break;
    default:
      throw NOT_PLAIN; // undefined inside an array, a function, a symbol, a bigint
  }
  if (v === null) return 'null';
  if (depth > MAX_HAND_DEPTH || typeof (v as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
  const inner = '\n' + '  '.repeat(depth + 1);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + inner + value(v[i], depth + 1);
    return out + '\n' + '  '.repeat(depth) + ']';
  }
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) throw NOT_PLAIN; // Map, Date, a class
  let out = '{';
  let first = true;
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    const m = (v as Record<string, unknown>)[k];
    if (m === undefined || typeof m === 'function' || typeof m === 'symbol') continue; // left out, as JSON.stringify does
    out += (first ? '' : ',') + inner + str(k) + ': ' + value(m, depth + 1);
    first = false;
  }
  return first ? '{}' : out + '\n' + '  '.repeat(depth) + '}';
}

/**
 * The text of policy ... groups (each present member as `\n  "name": value,`), kept by plan member where they are
 * strings and a plain array of strings (anything else is written each time); bounded by count and by characters.
 */
interface MemberPart {
  readonly head: unknown[];
  readonly text: string;
  /** Whether it is kept (then its last reason and details are kept with it). */
  readonly kept: boolean;
  reason?: string;
  reasonText?: string;
  /** The last details' names and values, when a plain object of strings (see detailsText), and their text. */
  detailKeys?: string[];
  detailValues?: string[];
  detailsText?: string;
}
const memberParts = new Map<unknown, MemberPart[]>();
const MAX_MEMBER_PARTS = 4096;
const MAX_MEMBER_PART_CHARS = 1 << 21;
let memberPartCount = 0;
let memberPartChars = 0;
const HEAD_NAMES = ['policy', 'policyId', 'displayName', 'version', 'assignment', 'referenceId', 'groups'];

function memberPart(head: unknown[]): MemberPart {
  const cacheable = keepable(head);
  let list = cacheable ? memberParts.get(head[0]) : undefined;
  if (list) {
    for (const hit of list) if (sameHead(hit.head, head)) return hit;
  }
  let text = '';
  for (let i = 0; i < 7; i++) if (head[i] !== undefined) text += '\n  "' + HEAD_NAMES[i] + '": ' + value(head[i], 1) + ',';
  if (!cacheable) return { head, text, kept: false };
  if (memberPartCount >= MAX_MEMBER_PARTS || memberPartChars + text.length > MAX_MEMBER_PART_CHARS) {
    memberParts.clear();
    memberPartCount = 0;
    memberPartChars = 0;
    list = undefined;
  }
  if (!list) memberParts.set(head[0], (list = []));
  const part: MemberPart = { head: [...head.slice(0, 6), head[6] === undefined ? undefined : [...(head[6] as string[])]], text, kept: true };
  list.push(part);
  memberPartCount++;
  memberPartChars += text.length;
  return part;
}

/** Whether a member part may be kept: strings (or absent), and groups absent or a plain array of strings. */
function keepable(head: unknown[]): boolean {
  for (let i = 0; i < 6; i++) if (head[i] !== undefined && typeof head[i] !== 'string') return false;
  const g = head[6];
  if (g === undefined) return true;
  if (!Array.isArray(g) || Object.getPrototypeOf(g) !== Array.prototype || typeof (g as { toJSON?: unknown }).toJSON === 'function') return false;
  for (let i = 0; i < g.length; i++) if (typeof g[i] !== 'string') return false;
  return true;
}

/** Whether two keepable member heads are alike (groups by content). */
function sameHead(a: unknown[], b: unknown[]): boolean {
  for (let i = 0; i < 6; i++) if (a[i] !== b[i]) return false;
  const x = a[6] as string[] | undefined;
  const y = b[6] as string[] | undefined;
  if (x === undefined || y === undefined) return x === y;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * A string's JSON text, kept for the last string asked (a resource's findings come one after another: its id and
 * type are escaped once; the effect is the same in most).
 */
class LastText {
  private last: string | undefined;
  private text = '';
  public of(s: string): string {
    if (s !== this.last) {
      this.text = str(s);
      this.last = s;
    }
    return this.text;
  }
}
const resourceIdText = new LastText();
const resourceTypeText = new LastText();
const effectText = new LastText();

/** @internal Characters findingText's caches hold now (tests: they stay bounded). */
export function findingCacheChars(): number {
  return memberPartChars + reasonChars;
}

/** Reasons escaped, by text (a member's reasons vary among a few texts: MCSB over 30,000 resources has 1,882). */
const reasonTexts = new Map<string, string>();
const MAX_REASON_CHARS = 1 << 21;
let reasonChars = 0;

/**
 * The text of a reason, kept with its member's part: the runner gives a member's findings whose deciding comparisons
 * format alike one reason string, so the next finding of the member usually has the same one (MCSB over 30,000
 * resources: 87%); else kept by text. Bounded: short reasons only, counted in characters.
 */
const MAX_KEPT_REASON = 1024;
/** Whether the last reasonText was of a reason seen before (a spool refers to those only: most others never repeat). */
let reasonSeen = false;
function reasonText(part: MemberPart, reason: string): string {
  reasonSeen = true;
  if (part.reason === reason) return part.reasonText!;
  let text = reasonTexts.get(reason);
  if (text === undefined) {
    reasonSeen = false;
    text = str(reason);
    if (reason.length <= MAX_KEPT_REASON) {
      if (reasonChars + reason.length + text.length > MAX_REASON_CHARS) {
        reasonTexts.clear();
        reasonChars = 0;
      }
      reasonTexts.set(reason, text);
      reasonChars += reason.length + text.length;
    }
  }
  const held = (part.reason?.length ?? 0) + (part.reasonText?.length ?? 0);
  if (part.kept && reason.length <= MAX_KEPT_REASON && memberPartChars - held + reason.length + text.length <= MAX_MEMBER_PART_CHARS) {
    memberPartChars += reason.length + text.length - held;
    part.reason = reason;
    part.reasonText = text;
  }
  return text;
}

/** Whether the last detailsText was the text of its member's last details (a spool refers to those only). */
let detailsSeen = false;
/** Most characters a member part keeps of its last details (names, values and text). */
const MAX_KEPT_DETAILS = 2048;
// The string members of the details being written, read once each (reused: no allocation per finding); while they
// are in use, a getter's nested findingText writes its details with value().
const scratchKeys: string[] = [];
const scratchValues: unknown[] = [];
let scratchBusy = false;

/**
 * The text of a finding's details, as value(details, 1) writes it. An existence effect's details (the related type
 * and name: MCSB over 100,000 resources has 377,924 findings with them) are mostly the same for a member's findings,
 * so a plain object of strings is compared with the member's last one, name by name and value by value, and its text
 * reused when they are alike. Each member is read once, as JSON.stringify reads it.
 */
function detailsText(part: MemberPart, d: unknown): string {
  // Not a plain object, or inside another details' getter (the scratch lists are in use): as value() writes it. The
  // check comes before any member is read (toJSON included), so each is read as often as JSON.stringify reads it.
  if (scratchBusy || typeof d !== 'object' || d === null || Array.isArray(d)) return notSeen(value(d, 1));
  const proto = Object.getPrototypeOf(d) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (d as { toJSON?: unknown }).toJSON === 'function') return notSeen(value(d, 1));
  scratchBusy = true;
  try {
    return detailsOf(part, d as Record<string, unknown>);
  } finally {
    scratchBusy = false;
  }
}

/** Sets detailsSeen to false (after whatever getters ran meanwhile: a nested findingText sets it too) and gives text. */
function notSeen(text: string): string {
  detailsSeen = false;
  return text;
}

function detailsOf(part: MemberPart, d: Record<string, unknown>): string {
  scratchKeys.length = 0;
  scratchValues.length = 0;
  // Members are collected while they are strings; from the first that is not, the text is written as they are read
  // (as value() writes it: a member value() leaves to JSON.stringify is then the first read twice, not every one).
  let mixed: string | undefined;
  for (const k in d) {
    if (!Object.prototype.hasOwnProperty.call(d, k)) continue;
    const m = d[k];
    if (m === undefined || typeof m === 'function' || typeof m === 'symbol') continue; // left out, as JSON.stringify does
    if (mixed === undefined) {
      if (typeof m === 'string') {
        scratchKeys.push(k);
        scratchValues.push(m);
        continue;
      }
      mixed = '{' + membersText();
    }
    mixed += (mixed.length > 1 ? ',' : '') + '\n    ' + str(k) + ': ' + value(m, 2);
  }
  if (mixed !== undefined) return notSeen(mixed + '\n  }');
  const n = scratchKeys.length;
  if (n === 0) return notSeen('{}');
  const keys = part.detailKeys;
  const values = part.detailValues;
  if (keys !== undefined && values !== undefined && keys.length === n) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = keys[i] === scratchKeys[i] && values[i] === scratchValues[i];
    if (same) {
      detailsSeen = true;
      return part.detailsText!;
    }
  }
  const text = '{' + membersText() + '\n  }';
  // Kept with the member's part when small, counted with the parts: twice the text's length covers the text and the
  // names and values (each shorter than its quoted form in the text).
  const held = part.detailsText === undefined ? 0 : 2 * part.detailsText.length;
  const cost = 2 * text.length;
  if (part.kept && cost <= MAX_KEPT_DETAILS && memberPartChars - held + cost <= MAX_MEMBER_PART_CHARS) {
    // At least 0: a getter's nested findingText may have emptied the parts (and their count) meanwhile.
    memberPartChars = Math.max(0, memberPartChars + cost - held);
    part.detailKeys = scratchKeys.slice();
    part.detailValues = scratchValues.slice() as string[];
    part.detailsText = text;
  }
  return notSeen(text);
}

/** The text of the string members collected in the scratch lists, each as `\n    "name": "value"`, comma-separated. */
function membersText(): string {
  let text = '';
  for (let i = 0; i < scratchKeys.length; i++) text += (i ? ',' : '') + '\n    ' + str(scratchKeys[i]) + ': ' + str(scratchValues[i] as string);
  return text;
}

/** One stream of findings in the order added: memory first, then a temporary file of records (see recordOf). */
class Stream {
  private held: Finding[] = [];
  private fd: number | undefined;
  /** The file's path while it still has one (unlinked at once where the platform allows). */
  private file: string | undefined;
  /** Records not yet written, encoded (one copy: joining them into a string first made another). */
  private pending: Buffer | undefined;
  private pendingBytes = 0;
  public count = 0;

  constructor(private readonly limit: number, private readonly dir: string, private readonly label: string, private readonly shared: SharedTexts) {}

  /** Why the temporary file could not be made (the findings then stay in memory). */
  public problem: string | undefined;

  public add(f: Finding): void {
    this.count++;
    if (this.fd === undefined && (this.held.length < this.limit || this.problem !== undefined)) {
      this.held.push(f);
      return;
    }
    if (this.fd === undefined && !this.open()) {
      this.held.push(f);
      return;
    }
    this.write(recordOf(f, this.shared));
  }

  /** Encodes a record into the pending bytes, written out a chunk at a time. */
  private write(record: string): void {
    // At most 3 bytes of UTF-8 per UTF-16 unit (a surrogate pair: 4 bytes for 2).
    const most = record.length * 3;
    if (this.pendingBytes + most > WRITE_CHUNK) this.flush();
    if (most > WRITE_CHUNK) {
      this.writeOut(Buffer.from(record, 'utf8'));
      return;
    }
    this.pending ??= Buffer.allocUnsafe(WRITE_CHUNK);
    this.pendingBytes += this.pending.write(record, this.pendingBytes, 'utf8');
  }

  /** Opens the temporary file; false (with `problem` set) when the folder cannot take it. */
  private open(): boolean {
    const file = path.join(this.dir, `guardrails-findings-${process.pid}-${this.label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
    try {
      this.fd = fs.openSync(file, 'wx+', 0o600);
    } catch (err) {
      this.problem = `cannot create a temporary file in ${this.dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the findings are held in memory (set TMPDIR to a writable folder)`;
      return false;
    }
    this.file = file;
    try {
      // Read and written through the descriptor only: without a name, nothing is left behind if the process dies.
      fs.unlinkSync(file);
      this.file = undefined;
    } catch {
      // Windows: an open file cannot be removed; dispose() removes it.
    }
    // What was held goes first, so the file holds the findings in order after them: memory is freed now.
    const held = this.held;
    this.held = [];
    for (const f of held) this.write(recordOf(f, this.shared));
    this.flush();
    return true;
  }

  private flush(): void {
    if (this.fd === undefined || this.pending === undefined || this.pendingBytes === 0) return;
    const bytes = this.pendingBytes;
    this.pendingBytes = 0;
    this.writeOut(this.pending.subarray(0, bytes));
  }

  private writeOut(buffer: Buffer): void {
    for (let off = 0; off < buffer.length;) off += fs.writeSync(this.fd!, buffer, off, buffer.length - off);
  }

  /** The findings in the order added, as [index, the JSON text a report prints] (each call reads the file again). */
  public *records(): Generator<[number, string, Finding | undefined]> {
    if (this.fd === undefined) {
      for (const f of this.held) yield [f.index, '', f];
      return;
    }
    this.flush();
    const fd = this.fd;
    const buffer = Buffer.allocUnsafe(WRITE_CHUNK);
    const decoder = new StringDecoder('utf8');
    let position = 0;
    let rest = '';
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, position);
      if (n === 0) break;
      position += n;
      const text = rest + decoder.write(buffer.subarray(0, n));
      const records = text.split(RECORD_END);
      rest = records.pop()!;
      for (const r of records) {
        const cut = r.indexOf(INDEX_END);
        yield [Number(r.slice(0, cut)), this.shared.expand(r.slice(cut + 1)), undefined];
      }
    }
  }

  public dispose(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    if (this.file !== undefined) fs.rmSync(this.file, { force: true });
    this.fd = undefined;
    this.file = undefined;
    this.held = [];
    this.pending = undefined;
    this.pendingBytes = 0;
  }
}

/**
 * Where the runner puts findings when the caller asks for bounded memory (AssessOptions.spool). Findings decided
 * while the input is read arrive in resource order; existence checks deferred to the end of the input arrive after
 * them, in resource order too. Reading merges the two, so findings come back as an in-memory report lists them: by
 * resource, and within a resource in plan order with deferred existence checks last.
 */
export class FindingSpool {
  private readonly main: Stream;
  private readonly deferred: Stream;
  /** Findings per `effect` and `enforced` (an exit code needs no second pass): key `${effect}\u0000${enforced}`. */
  public readonly tally = new Map<string, number>();
  private disposed = false;
  /** Texts the records of both streams refer to. */
  private readonly shared = new SharedTexts();

  constructor(options: FindingSpoolOptions = {}) {
    const limit = Math.max(0, options.inMemory ?? 1000);
    const dir = options.dir ?? os.tmpdir();
    this.main = new Stream(limit, dir, 'a', this.shared);
    this.deferred = new Stream(limit, dir, 'b', this.shared);
  }

  /** Adds a finding; `deferred` for one decided after the input ended (a deferred existence check). */
  public add(f: Finding, deferred = false): void {
    this.usable('add');
    (deferred ? this.deferred : this.main).add(f);
    const key = this.tallyKey(f.effect, f.enforced);
    this.tally.set(key, (this.tally.get(key) ?? 0) + 1);
  }

  /** The tally's key for an effect and enforcement, made once per pair (a new string per finding was hashed each time). */
  private tallyKey(effect: string, enforced: boolean): string {
    let keys = this.tallyKeys.get(effect);
    if (!keys) this.tallyKeys.set(effect, (keys = new Map()));
    let key = keys.get(enforced);
    if (key === undefined) keys.set(enforced, (key = `${effect}\u0000${enforced}`));
    return key;
  }

  private readonly tallyKeys = new Map<string, Map<boolean, string>>();

  /** Why findings could not go to a temporary file (they are then held in memory); undefined when all is well. */
  public get problem(): string | undefined {
    return this.main.problem ?? this.deferred.problem;
  }

  /** Findings added. */
  public get count(): number {
    return this.main.count + this.deferred.count;
  }

  /** The findings in resource order (each call reads them again). */
  public [Symbol.iterator](): Generator<Finding> {
    this.usable('read');
    return this.findings();
  }

  private *findings(): Generator<Finding> {
    for (const [, text, f] of this.merged()) yield f ?? (JSON.parse(text) as Finding);
  }

  /**
   * The findings in resource order as the JSON text a report prints, JSON.stringify(f, null, 2), without parsing
   * those in the temporary file (each call reads them again).
   */
  public texts(): Generator<string> {
    this.usable('read');
    return this.textsOf();
  }

  private *textsOf(): Generator<string> {
    for (const [, text, f] of this.merged()) yield f ? findingText(f) : text;
  }

  /** A spool used after dispose() would give no findings, as if there were none: it says so instead. */
  private usable(what: string): void {
    if (this.disposed) throw new Error(`FindingSpool.${what}: the spool was disposed of; its findings are gone (read them before dispose())`);
  }

  private *merged(): Generator<[number, string, Finding | undefined]> {
    this.usable('read');
    const a = this.main.records();
    const b = this.deferred.records();
    let x = a.next();
    let y = b.next();
    while (!x.done || !y.done) {
      if (y.done || (!x.done && x.value[0] <= y.value[0])) {
        yield x.value as [number, string, Finding | undefined];
        this.stillUsable();
        x = a.next();
      } else {
        yield y.value;
        this.stillUsable();
        y = b.next();
      }
    }
  }

  /**
   * A read goes on only while the spool is there: disposed of meanwhile, its files are closed (their descriptors may
   * be other files' now) and the texts its records refer to are gone, so the rest would be wrong, not just short.
   */
  private stillUsable(): void {
    if (this.disposed) throw new Error('FindingSpool.read: the spool was disposed of while its findings were being read; read them all before dispose()');
  }

  /** Closes and removes the temporary files. */
  public dispose(): void {
    this.disposed = true;
    try {
      this.main.dispose();
    } finally {
      this.deferred.dispose();
      this.shared.clear();
    }
  }
}
