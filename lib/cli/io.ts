import * as fs from 'fs';
import * as path from 'path';

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

/** Reads a text file; a missing or unreadable file is a CliUsageError naming it. */
export function readTextFile(io: CliIo, file: string, what: string): string {
  const abs = resolvePath(io, file);
  try {
    return fs.readFileSync(abs, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, expected a file' : (err as Error).message;
    throw new CliUsageError(`${what} ${file}: ${reason}`);
  }
}

/** Describes a JSON.parse failure with line and column where Node reports a position. */
export function describeJsonError(text: string, err: unknown): string {
  const message = (err as Error).message;
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

/** Parses JSON text; a syntax error is a CliUsageError naming the file, line and column. */
export function parseJsonText(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliUsageError(`${what} ${file}: invalid JSON: ${describeJsonError(text, err)}`);
  }
}

/** Reads and parses a JSON file (errors name the file). */
export function readJsonFile(io: CliIo, file: string, what: string): unknown {
  return parseJsonText(readTextFile(io, file, what), file, what);
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Lists the `.json` files of the given files or folders (folders recursively, sorted, hidden folders and
 * node_modules skipped). Paths that do not exist are a CliUsageError.
 */
export function collectJsonFiles(io: CliIo, inputs: readonly string[], filter: (file: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json') && filter(full)) out.push(full);
    }
  };
  for (const input of inputs) {
    const abs = resolvePath(io, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new CliUsageError(`${input}: no such file or folder`);
    }
    if (stat.isDirectory()) walk(abs);
    else out.push(abs);
  }
  return out;
}

/** Escapes text for XML attributes and content. */
export function xmlEscape(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}
