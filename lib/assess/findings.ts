// Findings in bounded memory (issue 12 item 10): a scan of a million resources can have millions of findings, more
// than a process should hold (or than one JSON string can). A FindingSpool keeps the first ones in memory and writes
// the rest to a temporary file, and gives them back in resource order. A finding is written as the JSON text a
// report prints (JSON.stringify(f, null, 2), which findingText writes faster), so a report made from the file copies
// that text instead of parsing and printing each finding again. Records are `<index>\u001f<json>\u001e`: JSON text
// never holds a raw control character (JSON.stringify escapes U+0000-U+001F), so the separators cannot occur inside one.
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

/** A finding as a record of the temporary file. */
function recordOf(f: Finding): string {
  return `${f.index}${INDEX_END}${findingText(f)}${RECORD_END}`;
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
  if (typeof f.effect !== 'string' || !inFindingOrder(f)) return JSON.stringify(f, null, 2);
  try {
    return fastText(f);
  } catch (e) {
    if (e !== NOT_PLAIN) throw e;
    return JSON.stringify(f, null, 2);
  }
}

/** Thrown by `value` for what only JSON.stringify writes right (findingText then uses it). */
const NOT_PLAIN = new Error('not a plain JSON value');

function fastText(f: Finding): string {
  let out = '{' + memberPart(f);
  out += '\n  "effect": ' + str(f.effect);
  if (f.enforced !== undefined) out += ',\n  "enforced": ' + value(f.enforced, 1);
  if (f.resourceId !== undefined) out += ',\n  "resourceId": ' + (typeof f.resourceId === 'string' ? resourceIdText(f.resourceId) : value(f.resourceId, 1));
  if (f.resourceType !== undefined) out += ',\n  "resourceType": ' + (typeof f.resourceType === 'string' ? resourceTypeText(f.resourceType) : value(f.resourceType, 1));
  if (f.index !== undefined) out += ',\n  "index": ' + value(f.index, 1);
  if (f.file !== undefined) out += ',\n  "file": ' + value(f.file, 1);
  if (f.line !== undefined) out += ',\n  "line": ' + value(f.line, 1);
  if (f.address !== undefined) out += ',\n  "address": ' + value(f.address, 1);
  if (f.constructPath !== undefined) out += ',\n  "constructPath": ' + value(f.constructPath, 1);
  if (f.reason !== undefined) out += ',\n  "reason": ' + (typeof f.reason === 'string' ? reasonText(f.reason) : value(f.reason, 1));
  if (f.details !== undefined) out += ',\n  "details": ' + value(f.details, 1);
  if (f.nonComplianceMessage !== undefined) out += ',\n  "nonComplianceMessage": ' + value(f.nonComplianceMessage, 1);
  return out + '\n}';
}

/** The members of a finding as the runner builds it, in order (those present may be undefined). */
const FINDING_KEYS = ['policy', 'policyId', 'displayName', 'version', 'assignment', 'referenceId', 'groups', 'effect', 'enforced', 'resourceId', 'resourceType', 'index', 'file', 'line', 'address', 'constructPath', 'reason', 'details', 'nonComplianceMessage'];
/** Whether f's enumerable members are FINDING_KEYS, or the first of them up to effect at least, in that order. */
function inFindingOrder(f: Finding): boolean {
  let i = 0;
  for (const k in f) {
    if (i >= FINDING_KEYS.length || k !== FINDING_KEYS[i]) return false;
    i++;
  }
  return i >= 8;
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

/** The text of policy ... groups (each present member as `\n  "name": value,`), by plan member; bounded. */
const memberParts = new Map<string, { f: MemberFields; text: string }[]>();
type MemberFields = Pick<Finding, 'policy' | 'policyId' | 'displayName' | 'version' | 'assignment' | 'referenceId' | 'groups'>;
const MAX_MEMBER_PARTS = 4096;
let memberPartCount = 0;

function memberPart(f: Finding): string {
  let list = memberParts.get(f.policy);
  if (list) {
    for (const hit of list) {
      const m = hit.f;
      if (m.policyId === f.policyId && m.displayName === f.displayName && m.version === f.version && m.assignment === f.assignment && m.referenceId === f.referenceId && sameGroups(m.groups, f.groups)) return hit.text;
    }
  }
  let text = '';
  const add = (name: string, v: unknown): void => {
    if (v !== undefined) text += '\n  "' + name + '": ' + value(v, 1) + ',';
  };
  add('policy', f.policy);
  add('policyId', f.policyId);
  add('displayName', f.displayName);
  add('version', f.version);
  add('assignment', f.assignment);
  add('referenceId', f.referenceId);
  add('groups', f.groups);
  if (memberPartCount >= MAX_MEMBER_PARTS) {
    memberParts.clear();
    memberPartCount = 0;
    list = undefined;
  }
  if (!list) memberParts.set(f.policy, (list = []));
  list.push({ f: { policy: f.policy, policyId: f.policyId, displayName: f.displayName, version: f.version, assignment: f.assignment, referenceId: f.referenceId, groups: f.groups ? [...f.groups] : undefined }, text });
  memberPartCount++;
  return text;
}

// A resource's findings come one after another: its id is escaped once. A member's findings on many resources often
// share one reason (the runner shares it where the deciding comparisons format alike): escaped once, kept by text.
let lastResourceId: string | undefined;
let lastResourceIdText = '';
function resourceIdText(id: string): string {
  if (id !== lastResourceId) {
    lastResourceIdText = str(id);
    lastResourceId = id;
  }
  return lastResourceIdText;
}
let lastResourceType: string | undefined;
let lastResourceTypeText = '';
function resourceTypeText(type: string): string {
  if (type !== lastResourceType) {
    lastResourceTypeText = str(type);
    lastResourceType = type;
  }
  return lastResourceTypeText;
}
const reasonTexts = new Map<string, string>();
const MAX_REASON_TEXTS = 4096;
const MAX_KEPT_REASON = 4096;
function reasonText(reason: string): string {
  let text = reasonTexts.get(reason);
  if (text === undefined) {
    text = str(reason);
    if (reason.length <= MAX_KEPT_REASON) {
      if (reasonTexts.size >= MAX_REASON_TEXTS) reasonTexts.clear();
      reasonTexts.set(reason, text);
    }
  }
  return text;
}

function sameGroups(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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

  constructor(private readonly limit: number, private readonly dir: string, private readonly label: string) {}

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
    this.write(recordOf(f));
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
    for (const f of held) this.write(recordOf(f));
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
        yield [Number(r.slice(0, cut)), r.slice(cut + 1), undefined];
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

  constructor(options: FindingSpoolOptions = {}) {
    const limit = Math.max(0, options.inMemory ?? 1000);
    const dir = options.dir ?? os.tmpdir();
    this.main = new Stream(limit, dir, 'a');
    this.deferred = new Stream(limit, dir, 'b');
  }

  /** Adds a finding; `deferred` for one decided after the input ended (a deferred existence check). */
  public add(f: Finding, deferred = false): void {
    this.usable('add');
    (deferred ? this.deferred : this.main).add(f);
    const key = `${f.effect}\u0000${f.enforced}`;
    this.tally.set(key, (this.tally.get(key) ?? 0) + 1);
  }

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
        x = a.next();
      } else {
        yield y.value;
        y = b.next();
      }
    }
  }

  /** Closes and removes the temporary files. */
  public dispose(): void {
    this.disposed = true;
    try {
      this.main.dispose();
    } finally {
      this.deferred.dispose();
    }
  }
}
