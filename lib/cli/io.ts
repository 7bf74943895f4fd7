import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { locateJsonError } from './json-syntax';

/** A writable text stream (process.stdout / process.stderr or a test double). */
export interface CliOutput {
  /** Writes text; returns false when the caller should wait for 'drain' (streams only). */
  write(text: string): boolean | void;
  /** True when the stream is a terminal (enables the progress bar on stderr). */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
  /** Node streams: used to wait for 'drain' when write() returns false. */
  once?(event: 'drain', listener: () => void): unknown;
}

/** Where the CLI reads and writes: the process by default, in-memory buffers in tests. */
export interface CliIo {
  /** Results. */
  readonly stdout: CliOutput;
  /** Diagnostics, progress. */
  readonly stderr: CliOutput;
  /** Standard input, for `-` as a file name. @default process.stdin */
  readonly stdin?: NodeJS.ReadableStream;
  /** Folder that relative paths resolve against. @default process.cwd() */
  readonly cwd?: string;
  /** Size limit for every file read in this run (`--max-file-size`). @default DEFAULT_FILE_LIMITS per kind of file */
  readonly maxFileSize?: number;
}

/** Exit codes of every command. */
export const EXIT_OK = 0;
/** Findings (scan), failed validations (validate), failed cases (test). */
export const EXIT_FINDINGS = 1;
/** Bad command line, unreadable or malformed input file. */
export const EXIT_USAGE = 2;

/** A usage or input error: printed as `guardrails <command>: <message>` and exits with code 2. */
export class CliUsageError extends Error {
  constructor(message: string, public readonly showHelp = false) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The process as a CliIo. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() };
}

/** Writes and waits for 'drain' when the stream asks for it (so large outputs stream with bounded memory). */
export async function writeOut(out: CliOutput, text: string): Promise<void> {
  const ok = out.write(text);
  if (ok === false && out.once) await new Promise<void>((resolve) => out.once!('drain', resolve));
}

/** Resolves a path given on the command line against the CLI's working folder. */
export function resolvePath(io: CliIo, file: string): string {
  return path.resolve(io.cwd ?? process.cwd(), file);
}

/** Path shown in messages: relative to the working folder when inside it. */
export function displayPath(io: CliIo, file: string): string {
  const rel = path.relative(io.cwd ?? process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Size limits of the files the CLI reads, in bytes (`--max-file-size` overrides them all for one run). */
export const DEFAULT_FILE_LIMITS = {
  /** Definitions, initiatives, parameters, test files, context, related resources, `validate` inputs. */
  json: 64 * 1024 * 1024,
  /** Alias catalogs (a full `az provider list --expand resourceTypes/aliases` is about 100 MB). */
  aliases: 512 * 1024 * 1024,
  /** A resource export (`scan --resources`); it is streamed, so this bounds run time rather than memory. */
  resources: 64 * 1024 * 1024 * 1024,
  /** One resource inside an export. */
  resource: 64 * 1024 * 1024,
} as const;

/** Which default limit applies to a file. */
export type FileLimitKind = keyof typeof DEFAULT_FILE_LIMITS;

/** Options of the bounded readers. */
export interface ReadOptions {
  /** Largest size accepted, in bytes. @default `io.maxFileSize`, else DEFAULT_FILE_LIMITS[kind] */
  readonly maxBytes?: number;
  /** Which default applies when neither maxBytes nor io.maxFileSize is set. @default 'json' */
  readonly kind?: FileLimitKind;
}

/** The limit that applies to one read. */
export function fileLimit(io: CliIo, options: ReadOptions = {}): number {
  return options.maxBytes ?? io.maxFileSize ?? DEFAULT_FILE_LIMITS[options.kind ?? 'json'];
}

/** "64 MiB", "512 KiB", "17 bytes". */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [[1024 ** 4, 'TiB'], [1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

/** Parses a size given on the command line: `100`, `64KB`, `512MB`, `4GB` (powers of 1024; `MiB` spellings too). */
export function parseByteSize(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b|bytes)?\s*$/i.exec(text);
  if (!m) throw new CliUsageError(`${option} ${text}: expected a size such as 200MB, 4GB or a number of bytes`, true);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : unit === 't' ? 1024 ** 4 : 1;
  const value = Math.floor(Number(m[1]) * factor);
  if (!(value > 0) || !Number.isSafeInteger(value)) throw new CliUsageError(`${option} ${text}: must be a positive size`, true);
  return value;
}

function tooLarge(what: string, file: string, limit: number): CliUsageError {
  return new CliUsageError(`${what} ${file}: larger than the ${formatBytes(limit)} limit for this input (raise it with --max-file-size)`);
}

/** Why a path that is not a regular file cannot be read as one (FIFOs and devices would block or never end). */
function notRegular(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'is a folder, expected a file';
  if (stat.isFIFO()) return 'is a named pipe (FIFO), not a regular file; pipe it to standard input with - where the option accepts it';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a regular file';
  if (stat.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

function openError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a folder, expected a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links (a symlink loop)';
  return code ? `cannot read (${code})` : 'cannot read';
}

/**
 * Opens a regular file for reading without ever blocking: symlinks are followed, FIFOs, devices and sockets are
 * refused (O_NONBLOCK keeps a FIFO swapped in after the check from blocking the open). Returns the descriptor and
 * its size; errors name the file.
 */
export function openRegularFile(io: CliIo, file: string, what: string, limit: number): { fd: number; size: number } {
  const abs = resolvePath(io, file);
  let fd: number;
  try {
    const nonBlock = (fs.constants as { O_NONBLOCK?: number }).O_NONBLOCK ?? 0;
    fd = fs.openSync(abs, fs.constants.O_RDONLY | nonBlock);
  } catch (err) {
    throw new CliUsageError(`${what} ${file}: ${openError(err)}`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new CliUsageError(`${what} ${file}: ${notRegular(stat)}`);
    if (stat.size > limit) throw tooLarge(what, file, limit);
    return { fd, size: stat.size };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

/**
 * Reads a whole file into a Buffer, at most `limit` bytes: files that report size 0 but are not empty (/proc) and
 * files that grow while read are cut off at the limit with an error, never read without end.
 */
export function readFileBounded(io: CliIo, file: string, what: string, options: ReadOptions = {}): Buffer {
  const limit = fileLimit(io, options);
  const { fd, size } = openRegularFile(io, file, what, limit);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    let chunk = Buffer.allocUnsafe(Math.min(Math.max(size + 1, 64 * 1024), limit + 1, 16 * 1024 * 1024));
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null);
      } catch (err) {
        throw new CliUsageError(`${what} ${file}: ${openError(err)}`);
      }
      if (n === 0) break;
      total += n;
      if (total > limit) throw tooLarge(what, file, limit);
      chunks.push(chunk.subarray(0, n));
      if (n === chunk.length) chunk = Buffer.allocUnsafe(Math.min(chunk.length * 2, 16 * 1024 * 1024));
      else chunk = chunk.subarray(n);
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a UTF-8 text file (BOM dropped) with a size limit; a missing, unreadable, non-regular or too large file is a
 * CliUsageError naming it. This signature is stable: other commands call it with `{ maxBytes }` or `{ kind }`.
 */
export function readTextFile(io: CliIo, file: string, what: string, options: ReadOptions = {}): string {
  return readFileBounded(io, file, what, options).toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Reads standard input (`-` as a file name) whole as UTF-8 text (BOM dropped), at most `limit` bytes: reading
 * stops with a CliUsageError naming the limit as soon as more arrives, never reading without end.
 */
export async function readStdinText(io: CliIo, what: string, limit: number): Promise<string> {
  const input = (io.stdin ?? process.stdin) as AsyncIterable<Buffer | string>;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += b.length;
    if (total > limit) throw tooLarge(what, '-', limit);
    chunks.push(b);
  }
  return Buffer.concat(chunks, total).toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Inflates gzip data with a ceiling on the output (a small gzip file can inflate to gigabytes); exceeding it is a
 * CliUsageError naming the file and the limit.
 */
export function gunzipBounded(data: Buffer, file: string, what: string, limit: number): Buffer {
  try {
    return zlib.gunzipSync(data, { maxOutputLength: limit });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger than|maxOutputLength/i.test((err as Error).message)) {
      throw new CliUsageError(`${what} ${file}: inflates to more than the ${formatBytes(limit)} limit for this input (raise it with --max-file-size)`);
    }
    throw new CliUsageError(`${what} ${file}: not valid gzip data`);
  }
}

/** Describes a JSON syntax error by line and column, without quoting the text. */
export function describeJsonError(text: string, err?: unknown): string {
  const located = locateJsonError(text);
  if (located) return `${located.message} at line ${located.line}, column ${located.column}`;
  return err instanceof Error && !/"/.test(err.message) ? err.message : 'not valid JSON';
}

/** Parses JSON text; a syntax error is a CliUsageError naming the file, line and column. */
export function parseJsonText(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliUsageError(`${what} ${file}: invalid JSON: ${describeJsonError(text, err)}`);
  }
}

/** Reads and parses a JSON file with a size limit (errors name the file). */
export function readJsonFile(io: CliIo, file: string, what: string, options: ReadOptions = {}): unknown {
  return parseJsonText(readTextFile(io, file, what, options), file, what);
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A file or link passed over while listing a folder, and why. */
export interface SkippedPath {
  /** Path as shown to the user. */
  readonly file: string;
  /** Why it was not read. */
  readonly reason: string;
}

/**
 * Walks folders (sorted, recursive; hidden entries and node_modules skipped) and lists the files `accept` wants.
 * Symbolic links are followed, to files and to folders; a folder reached twice through links (a loop) is walked
 * once, and a dangling link, a link loop, or an accepted name that is not a regular file (FIFO, device) is passed to
 * `onSkip` with the reason: never skipped silently. Given paths that do not exist are a CliUsageError.
 */
export function walkFiles(io: CliIo, inputs: readonly string[], accept: (name: string, full: string) => boolean, onSkip: (skipped: SkippedPath) => void): string[] {
  const out: string[] = [];
  const seenDirs = new Set<string>();
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      real = dir;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      onSkip({ file: displayPath(io, dir), reason: `folder not readable: ${openError(err)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      if (entry.isFile()) {
        if (accept(entry.name, full)) out.push(full);
        continue;
      }
      if (entry.isSymbolicLink()) {
        let stat: fs.Stats;
        try {
          stat = fs.statSync(full);
        } catch (err) {
          if (accept(entry.name, full)) onSkip({ file: displayPath(io, full), reason: (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'symbolic link loop' : 'dangling symbolic link (its target does not exist)' });
          continue;
        }
        if (stat.isDirectory()) walk(full);
        else if (!accept(entry.name, full)) continue;
        else if (stat.isFile()) out.push(full);
        else onSkip({ file: displayPath(io, full), reason: `symbolic link whose target ${notRegular(stat)}` });
        continue;
      }
      if (accept(entry.name, full)) onSkip({ file: displayPath(io, full), reason: entry.isFIFO() ? 'named pipe (FIFO), not a regular file' : 'not a regular file' });
    }
  };
  for (const input of inputs) {
    const abs = resolvePath(io, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliUsageError(`${input}: ${code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' && isDanglingLink(abs) ? 'dangling symbolic link (its target does not exist)' : 'no such file or folder'}`);
    }
    if (stat.isDirectory()) walk(abs);
    else out.push(abs);
  }
  return out;
}

function isDanglingLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Lists the `.json` files of the given files or folders (see walkFiles: symlinks followed, loops guarded).
 * Skipped entries go to `onSkip`, by default a warning on stderr. Paths that do not exist are a CliUsageError.
 */
export function collectJsonFiles(io: CliIo, inputs: readonly string[], filter: (file: string) => boolean, onSkip?: (skipped: SkippedPath) => void): string[] {
  const warn = onSkip ?? ((s: SkippedPath): void => void io.stderr.write(`guardrails: skipped ${s.file}: ${s.reason}\n`));
  return walkFiles(io, inputs, (name, full) => name.toLowerCase().endsWith('.json') && filter(full), warn);
}

/** Escapes text for XML attributes and content. */
export function xmlEscape(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/**
 * Writes text to a file atomically: a temporary file in the same folder, flushed, then renamed over the target, so
 * a reader never sees half a report and a failed run leaves the previous file in place.
 */
export function writeFileAtomic(io: CliIo, file: string, text: string | Iterable<string>): void {
  const abs = resolvePath(io, file);
  const dir = path.dirname(abs);
  if (!fs.existsSync(dir)) throw new CliUsageError(`--output ${file}: folder ${displayPath(io, dir)} does not exist`);
  const tmp = path.join(dir, `.${path.basename(abs)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  /** An error of the report being made (not of the writing): passed on as it is, after the clean-up. */
  let making: { error: unknown } | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
    if (typeof text === 'string') fs.writeFileSync(fd, text);
    else {
      // A report written as it is made.
      const chunks = text[Symbol.iterator]();
      for (;;) {
        let next: IteratorResult<string>;
        try {
          next = chunks.next();
        } catch (error) {
          making = { error };
          throw error;
        }
        if (next.done) break;
        fs.writeFileSync(fd, next.value);
      }
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, abs);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    if (making) throw making.error;
    throw new CliUsageError(`--output ${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
