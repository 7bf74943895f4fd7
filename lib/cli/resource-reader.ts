import * as fs from 'fs';
import { StringDecoder } from 'string_decoder';
import { CliIo, CliUsageError, DEFAULT_FILE_LIMITS, fileLimit, formatBytes, openRegularFile } from './io';
import { locateJsonError } from './json-syntax';
import type { AssessResource } from './report/types';

/**
 * Streaming readers of resource exports: Azure Resource Graph output (`{"data": [...]}`, `{"data": {"columns",
 * "rows"}}`), `{"value": [...]}`, a JSON array, a single resource object, or JSONL (one resource a line). The text is
 * read in chunks and never held whole: a scanner finds where each resource starts and ends (tracking strings,
 * escapes and nesting, and counting lines), and only that slice goes to JSON.parse. Memory is one chunk plus one
 * resource; each resource carries the 1-based line where it starts.
 */

/** Options of the export readers. */
export interface ExportReaderOptions {
  /** File name as shown to the user (messages, AssessResource.file). */
  readonly file: string;
  /** Largest single resource, in characters. @default DEFAULT_FILE_LIMITS.resource */
  readonly maxResourceChars?: number;
  /** Deepest nesting of arrays and objects inside one resource. @default MAX_RESOURCE_DEPTH */
  readonly maxDepth?: number;
}

/**
 * Deepest nesting accepted inside one resource (ARM resources are a few dozen levels deep; JSON.parse of millions of
 * nested arrays takes seconds, and evaluation would refuse them anyway).
 */
export const MAX_RESOURCE_DEPTH = 1000;

const FORMAT_HINT = 'expected Azure Resource Graph output ({"data": [...]}), {"value": [...]}, a JSON array of resources, or JSONL';

type Purpose = 'resource' | 'row' | 'key' | 'member' | 'jsonl';

interface Element {
  readonly purpose: Purpose;
  readonly kind: 'container' | 'string' | 'primitive';
  readonly line: number;
  readonly column: number;
  pieces: string[];
  size: number;
  depth: number;
  inString: boolean;
  escape: boolean;
}

interface ArrayFrame {
  readonly kind: 'array';
  readonly target: 'resources' | 'rows';
  state: 'first' | 'value' | 'after';
}

interface ObjectFrame {
  readonly kind: 'object';
  readonly role: 'top' | 'table';
  state: 'first' | 'key' | 'colon' | 'value' | 'after';
  key?: string;
  readonly line: number;
  /** Members read whole (null prototype: keys come from the input). */
  readonly members: Map<string, unknown>;
  memberChars: number;
  /** True once a data/value array (or a table) was streamed: the object is a wrapper, not a resource. */
  streamed: boolean;
}

type Frame = ArrayFrame | ObjectFrame;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Push-style scanner: feed text chunks with `push`, then call `end`; complete resources are appended to the array
 * given to `push`. Throws CliUsageError (naming the file, line and column) on malformed input.
 */
export class ResourceExportScanner {
  private readonly file: string;
  private readonly maxChars: number;
  private readonly maxDepth: number;
  private readonly frames: Frame[] = [];
  private top: 'start' | 'resource-seen' | 'jsonl' | 'done' = 'start';
  private elem: Element | undefined;
  /** Start of the current element within the current chunk (0 when it began in an earlier chunk). */
  private elemStart = 0;
  /** Current line (1-based) and the absolute offset of the line break before it (-1 on the first line). */
  private line = 1;
  private lineStart = -1;
  /** Absolute offset of the current chunk's first character. */
  private base = 0;
  private columns: string[] | undefined;
  private count = 0;
  private started = false;
  private out: AssessResource[] = [];
  /** Cache: index of the next backslash at or after the scan position in chunk number `bsChunk` (its length when none). */
  private chunkSeq = 0;
  private bsChunk = -1;
  private bs = -1;
  /** The same cache for the next double quote (a string full of escapes must not search for its end again and again). */
  private qChunk = -1;
  private q = -1;

  constructor(options: ExportReaderOptions) {
    this.file = options.file;
    this.maxChars = options.maxResourceChars ?? DEFAULT_FILE_LIMITS.resource;
    this.maxDepth = options.maxDepth ?? MAX_RESOURCE_DEPTH;
  }

  /** Resources emitted so far. */
  public get resources(): number {
    return this.count;
  }

  /** Scans one chunk of text; complete resources are appended to `out`. */
  public push(chunk: string, out: AssessResource[]): void {
    this.out = out;
    this.chunkSeq++;
    let s = chunk;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    while (i < n) {
      if (this.elem) {
        const end = this.continueElement(s, i);
        if (end < 0) {
          i = n;
          break;
        }
        const e = this.elem;
        const tail = s.slice(this.elemStart, end);
        const text = e.pieces.length === 0 ? tail : e.pieces.join('') + tail;
        this.elem = undefined;
        this.elemStart = 0;
        if (text.length > this.maxChars) this.tooLarge(e);
        this.complete(e, text);
        i = end;
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        i++;
      } else if (c === 0x0a) {
        this.line++;
        this.lineStart = this.base + i;
        i++;
      } else {
        i = this.structural(i, c);
      }
    }
    if (this.elem) {
      const e = this.elem;
      if (n > this.elemStart) {
        e.pieces.push(this.elemStart === 0 ? s : s.slice(this.elemStart, n));
        e.size += n - this.elemStart;
      }
      this.elemStart = 0;
      if (e.size > this.maxChars) this.tooLarge(e);
    }
    this.base += n;
  }

  /** Checks that the input ended where a complete export can end. */
  public end(out: AssessResource[]): void {
    this.out = out;
    if (this.elem) {
      const e = this.elem;
      if (e.kind === 'primitive' && e.purpose !== 'jsonl') {
        // a number at the very end: complete it, then report the unclosed container below
        this.elem = undefined;
        this.complete(e, e.pieces.join(''));
      } else if (e.purpose === 'jsonl') {
        this.fail(`line ${e.line}: invalid JSON: the record is incomplete (unexpected end of input)`);
      } else {
        this.fail(`invalid JSON: unexpected end of input: the ${e.kind === 'string' ? 'string' : 'value'} starting at line ${e.line}, column ${e.column} is not complete`);
      }
    }
    if (this.frames.length > 0) this.fail(`invalid JSON: unexpected end of input at line ${this.line}: an array or object is not closed`);
  }

  private fail(message: string): never {
    throw new CliUsageError(`resources ${this.file}: ${message}`);
  }

  private failAt(message: string, i: number): never {
    this.fail(`${message} at line ${this.line}, column ${this.column(i)}`);
  }

  private column(i: number): number {
    return this.base + i - this.lineStart;
  }

  /** Handles a character outside any element. Returns the next index. */
  private structural(i: number, c: number): number {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) return this.topLevel(i, c);
    if (frame.kind === 'array') {
      if (frame.state === 'after') {
        if (c === 0x2c) {
          frame.state = 'value';
          return i + 1;
        }
        if (c === 0x5d) {
          this.frames.pop();
          return i + 1;
        }
        this.failAt("invalid JSON: expected ',' or ']' after an array element", i);
      }
      if (c === 0x5d && frame.state === 'first') {
        this.frames.pop();
        return i + 1;
      }
      this.startElement(i, c, frame.target === 'rows' ? 'row' : 'resource');
      frame.state = 'after';
      return i;
    }
    switch (frame.state) {
      case 'first':
      case 'key':
        if (c === 0x7d && frame.state === 'first') return this.closeObject(frame, i);
        if (c !== 0x22) this.failAt(`invalid JSON: expected a property name in double quotes${frame.state === 'first' ? " or '}'" : ''}`, i);
        this.startElement(i, c, 'key');
        frame.state = 'colon';
        return i;
      case 'colon':
        if (c !== 0x3a) this.failAt("invalid JSON: expected ':' after a property name", i);
        frame.state = 'value';
        return i + 1;
      case 'value': {
        const key = frame.key ?? '';
        frame.state = 'after';
        if (frame.role === 'top' && (key === 'data' || key === 'value') && c === 0x5b) {
          frame.streamed = true;
          this.frames.push({ kind: 'array', target: 'resources', state: 'first' });
          return i + 1;
        }
        if (frame.role === 'top' && key === 'data' && c === 0x7b) {
          frame.streamed = true;
          this.frames.push({ kind: 'object', role: 'table', state: 'first', line: this.line, members: new Map(), memberChars: 0, streamed: false });
          return i + 1;
        }
        if (frame.role === 'table' && key === 'rows' && c === 0x5b) {
          if (!this.columns) this.fail(`"data.columns" must come before "data.rows" in a Resource Graph table (line ${this.line})`);
          frame.streamed = true;
          this.frames.push({ kind: 'array', target: 'rows', state: 'first' });
          return i + 1;
        }
        this.startElement(i, c, 'member');
        return i;
      }
      default:
        if (c === 0x2c) {
          frame.state = 'key';
          return i + 1;
        }
        if (c === 0x7d) return this.closeObject(frame, i);
        this.failAt("invalid JSON: expected ',' or '}' after a property value", i);
    }
  }

  private topLevel(i: number, c: number): number {
    if (this.top === 'start') {
      if (c === 0x5b) {
        this.top = 'done';
        this.frames.push({ kind: 'array', target: 'resources', state: 'first' });
        return i + 1;
      }
      if (c === 0x7b) {
        this.frames.push({ kind: 'object', role: 'top', state: 'first', line: this.line, members: new Map(), memberChars: 0, streamed: false });
        return i + 1;
      }
      const shown = c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      this.failAt(`invalid JSON: ${FORMAT_HINT}; found ${shown}`, i);
    }
    if (this.top === 'resource-seen' || this.top === 'jsonl') {
      if (c !== 0x7b) this.fail(`line ${this.line}: expected a JSON object (one resource with a "type")`);
      this.top = 'jsonl';
      this.startElement(i, c, 'jsonl');
      return i;
    }
    this.failAt('invalid JSON: unexpected data after the end of the export', i);
  }

  private closeObject(frame: ObjectFrame, i: number): number {
    this.frames.pop();
    if (frame.role === 'table' || frame.streamed) {
      if (frame.role === 'top') this.top = 'done';
      return i + 1;
    }
    // A top-level object without a data/value array: a single resource, or the first line of JSONL.
    const resource: Record<string, unknown> = {};
    for (const [k, v] of frame.members) Object.defineProperty(resource, k, { value: v, enumerable: true, writable: true, configurable: true });
    if (typeof resource.type !== 'string') this.fail(`${FORMAT_HINT} (line ${frame.line})`);
    this.emit(resource, frame.line);
    this.top = 'resource-seen';
    return i + 1;
  }

  private startElement(i: number, c: number, purpose: Purpose): void {
    const kind = c === 0x7b || c === 0x5b ? 'container' : c === 0x22 ? 'string' : 'primitive';
    this.elem = { purpose, kind, line: this.line, column: this.column(i), pieces: [], size: 0, depth: 0, inString: false, escape: false };
    this.elemStart = i;
  }

  private nextBackslash(s: string, i: number): number {
    // Keyed by chunk number, not by comparing strings (equal-looking chunks would be compared character by character).
    if (this.bsChunk !== this.chunkSeq || this.bs < i) {
      const b = s.indexOf('\\', i);
      this.bs = b < 0 ? s.length : b;
      this.bsChunk = this.chunkSeq;
    }
    return this.bs;
  }

  private nextQuote(s: string, i: number): number {
    if (this.qChunk !== this.chunkSeq || this.q < i) {
      const q = s.indexOf('"', i);
      this.q = q < 0 ? s.length : q;
      this.qChunk = this.chunkSeq;
    }
    return this.q;
  }

  /** Continues scanning the current element; returns the index after its end, or -1 when the chunk ran out. */
  private continueElement(s: string, from: number): number {
    const e = this.elem!;
    const n = s.length;
    let i = from;
    if (e.kind === 'primitive') {
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return i;
        i++;
      }
      return -1;
    }
    let depth = e.depth;
    let inString = e.inString;
    if (e.escape) {
      e.escape = false;
      i++;
    }
    if (e.kind === 'string' && depth === 0 && !inString) {
      inString = true; // the opening quote
      depth = 1;
      i++;
    }
    while (i < n) {
      if (inString) {
        const q = this.nextQuote(s, i);
        const b = this.nextBackslash(s, i);
        if (b < n && b < q) {
          // an escape before the next quote: skip the backslash and the character it escapes
          i = b + 2;
          if (i > n) {
            e.escape = true;
            i = n;
          }
          continue;
        }
        if (q >= n) {
          i = n;
          break;
        }
        i = q + 1;
        inString = false;
        if (e.kind === 'string') return i;
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (++depth > this.maxDepth) this.fail(`a resource nested deeper than ${this.maxDepth} levels, at line ${this.line}, column ${this.column(i)} (the resource starts at line ${e.line})`);
      } else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) return i + 1;
      } else if (c === 0x0a) {
        this.line++;
        this.lineStart = this.base + i;
      }
      i++;
    }
    e.depth = depth;
    e.inString = inString;
    return -1;
  }

  private tooLarge(e: Element): never {
    const what = e.purpose === 'key' || e.purpose === 'member' ? 'a value' : 'a resource';
    this.fail(`${what} larger than the ${formatBytes(this.maxChars)} limit for one resource, at line ${e.line} (raise it with --max-file-size)`);
  }

  private parse(e: Element, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      const located = locateJsonError(text, e.line, e.column);
      const reason = located ? located.message : 'not valid JSON';
      const line = located?.line ?? e.line;
      const column = located?.column ?? e.column;
      if (e.purpose === 'jsonl') this.fail(`line ${line}: invalid JSON: ${reason} (column ${column})`);
      this.fail(`invalid JSON: ${reason} at line ${line}, column ${column}`);
    }
  }

  /** A complete element: parse it and put it where it belongs. */
  private complete(e: Element, text: string): void {
    const value = this.parse(e, text);
    const frame = this.frames[this.frames.length - 1];
    switch (e.purpose) {
      case 'key':
        (frame as ObjectFrame).key = value as string;
        return;
      case 'member': {
        const obj = frame as ObjectFrame;
        const key = obj.key ?? '';
        obj.memberChars += text.length;
        if (obj.memberChars > this.maxChars) this.tooLarge(e);
        if (obj.role === 'table' && key === 'columns') {
          if (!Array.isArray(value)) this.fail(`"data.columns" must be an array (line ${e.line})`);
          this.columns = value.map((col) => (isObject(col) && typeof col.name === 'string' ? col.name : String(col)));
        }
        obj.members.set(key, value);
        return;
      }
      case 'row': {
        if (!Array.isArray(value)) this.fail(`data.rows item ${this.count} is not an array of column values (line ${e.line})`);
        const resource: Record<string, unknown> = {};
        this.columns!.forEach((col, k) => Object.defineProperty(resource, col, { value: value[k], enumerable: true, writable: true, configurable: true }));
        if (typeof resource.type !== 'string') this.fail(`data.rows item ${this.count} has no "type" column value (line ${e.line})`);
        this.emit(resource, e.line);
        return;
      }
      case 'jsonl':
        if (!isObject(value) || typeof value.type !== 'string') this.fail(`line ${e.line}: expected a JSON object (one resource with a "type")`);
        this.emit(value, e.line);
        return;
      default:
        if (!isObject(value) || typeof value.type !== 'string') this.fail(`item ${this.count} is not a resource (a JSON object with a "type") at line ${e.line}`);
        this.emit(value, e.line);
    }
  }

  private emit(resource: Record<string, unknown>, line: number): void {
    this.out.push({ resource, index: this.count++, file: this.file, line });
  }
}

/** Reads a whole export held in a string (the same scanner as the streaming reader). */
export function parseResourceExport(text: string, file: string, options: Omit<ExportReaderOptions, 'file'> = {}): AssessResource[] {
  const scanner = new ResourceExportScanner({ ...options, file });
  const out: AssessResource[] = [];
  scanner.push(text, out);
  scanner.end(out);
  return out;
}

/** Options of readResourceExport. */
export interface ReadExportOptions {
  /** Largest file (or standard input) in bytes. @default io.maxFileSize, else DEFAULT_FILE_LIMITS.resources */
  readonly maxBytes?: number;
  /** Largest single resource in characters. @default io.maxFileSize, else DEFAULT_FILE_LIMITS.resource */
  readonly maxResourceChars?: number;
  /** Name shown in messages and AssessResource.file. @default the path as given */
  readonly display?: string;
  /** Read size. @default 1 MiB */
  readonly chunkBytes?: number;
}

/**
 * Streams the resources of an export file (`-` reads standard input), in bounded memory: a chunk plus the resource
 * being read. The file must be a regular file (FIFOs and devices are refused: use `-`); reading stops with a
 * CliUsageError naming the file when it exceeds the size limit.
 */
export async function* readResourceExport(io: CliIo, file: string, options: ReadExportOptions = {}): AsyncGenerator<AssessResource> {
  const display = options.display ?? file;
  const limit = fileLimit(io, { maxBytes: options.maxBytes, kind: 'resources' });
  const maxResourceChars = options.maxResourceChars ?? io.maxFileSize ?? DEFAULT_FILE_LIMITS.resource;
  const scanner = new ResourceExportScanner({ file: display, maxResourceChars });
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  let input: AsyncIterable<Buffer | string>;
  let close = (): void => undefined;
  if (file === '-') {
    input = (io.stdin ?? process.stdin) as AsyncIterable<Buffer | string>;
  } else {
    const { fd } = openRegularFile(io, file, 'resources', limit);
    const stream = fs.createReadStream('', { fd, highWaterMark: chunkBytes, autoClose: true });
    input = stream;
    close = (): void => void stream.destroy();
  }
  const decoder = new StringDecoder('utf8');
  const out: AssessResource[] = [];
  let total = 0;
  try {
    for await (const chunk of input) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      total += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (total > limit) throw new CliUsageError(`resources ${display}: larger than the ${formatBytes(limit)} limit for this input (raise it with --max-file-size)`);
      scanner.push(text, out);
      if (out.length > 0) {
        for (let k = 0; k < out.length; k++) yield out[k];
        out.length = 0;
      }
    }
    scanner.push(decoder.end(), out);
    scanner.end(out);
    for (const r of out) yield r;
  } finally {
    close();
  }
}
