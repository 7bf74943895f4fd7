// Findings in bounded memory (issue 12 item 10): a scan of a million resources can have millions of findings, more
// than a process should hold (or than one JSON string can). A FindingSpool keeps the first ones in memory and writes
// the rest to a temporary file, and gives them back in resource order. A finding is written as the JSON text a
// report prints (JSON.stringify(f, null, 2)), so a report made from the file copies that text instead of parsing
// and printing each finding again. Records are `<index>\u001f<json>\u001e`: JSON text never holds a raw control
// character (JSON.stringify escapes U+0000-U+001F), so the separators cannot occur inside one.
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
  return `${f.index}${INDEX_END}${JSON.stringify(f, null, 2)}${RECORD_END}`;
}

/** One stream of findings in the order added: memory first, then a temporary file of records (see recordOf). */
class Stream {
  private held: Finding[] = [];
  private fd: number | undefined;
  /** The file's path while it still has one (unlinked at once where the platform allows). */
  private file: string | undefined;
  private pending: string[] = [];
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
    const record = recordOf(f);
    this.pending.push(record);
    this.pendingBytes += record.length;
    if (this.pendingBytes >= WRITE_CHUNK) this.flush();
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
    for (const f of this.held) this.pending.push(recordOf(f));
    this.held = [];
    this.flush();
    return true;
  }

  private flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    const buffer = Buffer.from(text, 'utf8');
    for (let off = 0; off < buffer.length;) off += fs.writeSync(this.fd, buffer, off, buffer.length - off);
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
    this.pending = [];
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
    for (const [, text, f] of this.merged()) yield f ? JSON.stringify(f, null, 2) : text;
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
