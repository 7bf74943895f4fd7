import * as fs from 'fs';
import * as path from 'path';
import { BatchOptions, BatchResult, compilePolicy, evaluateBatchRequest, EvaluationInput, PolicyEngineError } from '../policy-engine';
import { boundedJson, Value } from '../policy-engine/values';
import { batchOptions } from './batch';
import { aliasesFor } from './catalogs';
import { CliIo, CliUsageError, EXIT_OK, EXIT_USAGE, fileLimit, isObject, openRegularFile, readJsonFile, readTextFile, resolvePath, writeOut } from './io';
import type { EvalOutput } from './report/types';

/** Options of `guardrails eval` (single evaluation). */
export interface EvalCommandOptions {
  /** Definition file. */
  readonly policy: string;
  /** ARM resource JSON file. */
  readonly resource: string;
  /** Assignment parameter values: `{name: value}` or an ARM parameters file. @default none */
  readonly params?: string;
  /** Extra alias catalogs. @default bundled catalog only */
  readonly aliases?: readonly string[];
  /** Related resources (auditIfNotExists / deployIfNotExists): array or `{value: [...]}`. @default none exist */
  readonly related?: string;
  /** `{resourceGroup, subscription}` for resourceGroup() / subscription(). @default none */
  readonly context?: string;
  /** The resource's API version. @default none */
  readonly apiVersion?: string;
}

/**
 * Assignment parameter values from a file: `{name: value}`, or an ARM deployment parameters file
 * (`{"$schema": ..., "parameters": {name: {value}}}`) which is unwrapped.
 */
export function parseAssignmentParameters(json: unknown, file: string): Record<string, unknown> {
  if (!isObject(json)) throw new CliUsageError(`parameters ${file}: expected a JSON object {"name": value}`);
  const keys = Object.keys(json);
  const armShape = isObject(json.parameters) && keys.every((k) => k === '$schema' || k === 'contentVersion' || k === 'parameters');
  if (!armShape) return json;
  // No prototype: a parameter named "__proto__" is just a parameter (it must not replace the object's prototype).
  const out = Object.create(null) as Record<string, unknown>;
  for (const [name, entry] of Object.entries(json.parameters as Record<string, unknown>)) {
    out[name] = isObject(entry) && 'value' in entry ? entry.value : entry;
  }
  return out;
}

/** A list of resources from `[...]` or `{value: [...]}` / `{data: [...]}`. */
export function resourceList(json: unknown, file: string, what: string): Record<string, unknown>[] {
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.value) ? json.value : isObject(json) && Array.isArray(json.data) ? json.data : undefined;
  if (!list) throw new CliUsageError(`${what} ${file}: expected a JSON array of resources or {"value": [...]}`);
  list.forEach((r, i) => {
    if (!isObject(r)) throw new CliUsageError(`${what} ${file}: item ${i} is not a JSON object`);
  });
  return list as Record<string, unknown>[];
}

/** Runs one evaluation and prints `{schemaVersion, effect, details?, trace, error?}` (EvalOutput). Exit 2 when the result carries an error. */
export async function runEvalCommand(io: CliIo, options: EvalCommandOptions): Promise<number> {
  const policyText = readTextFile(io, options.policy, 'policy');
  const resource = readJsonFile(io, options.resource, 'resource');
  if (!isObject(resource)) throw new CliUsageError(`resource ${options.resource}: expected a JSON object (one ARM resource)`);
  const input: { -readonly [K in keyof EvaluationInput]: EvaluationInput[K] } = {};
  if (options.params) input.parameters = parseAssignmentParameters(readJsonFile(io, options.params, 'parameters'), options.params);
  if (options.related) input.relatedResources = resourceList(readJsonFile(io, options.related, 'related resources'), options.related, 'related resources');
  if (options.context) {
    const context = readJsonFile(io, options.context, 'context');
    if (!isObject(context)) throw new CliUsageError(`context ${options.context}: expected {"resourceGroup": {...}, "subscription": {...}}`);
    input.context = context as EvaluationInput['context'];
  }
  if (options.apiVersion) input.apiVersion = options.apiVersion;
  const aliases = aliasesFor(io, options.aliases);

  let output: EvalOutput;
  try {
    const compiled = compilePolicy(policyText, { aliases });
    const result = compiled.evaluate(resource, input);
    // Member order as documented: schemaVersion, effect, details?, trace, error?, undetermined?, notes?.
    output = { schemaVersion: 1, effect: result.effect, ...(result.details !== undefined ? { details: result.details } : {}), trace: result.trace };
    if (result.error) output.error = result.error;
    if (result.undetermined) output.undetermined = result.undetermined;
    if (compiled.notes && compiled.notes.length > 0) output.notes = [...compiled.notes];
  } catch (err) {
    if (!(err instanceof PolicyEngineError)) throw err;
    output = { schemaVersion: 1, effect: null, trace: [], error: engineError(err) };
  }
  await writeOut(io.stdout, JSON.stringify(output, null, 2) + '\n');
  if (output.error) {
    const e = output.error as { stage: string; message: string; pointer?: string };
    io.stderr.write(`guardrails eval: ${options.policy}: ${e.stage} error${e.pointer ? ` at ${e.pointer}` : ''}: ${e.message}\n`);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

/** The `error` member of a result from a PolicyEngineError. */
export function engineError(err: PolicyEngineError): { stage: PolicyEngineError['stage']; message: string; pointer?: string } {
  const message = (err as PolicyEngineError & { rawMessage?: string }).rawMessage ?? err.message;
  return err.pointer !== undefined ? { stage: err.stage, message, pointer: err.pointer } : { stage: err.stage, message };
}

/** Best-effort id of a line that is not valid JSON, so the caller can still match the result. */
function salvageId(line: string, lineNumber: number): string {
  const m = /"id"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false))/.exec(line);
  if (m) {
    if (m[2] !== undefined) return m[2];
    try {
      return JSON.parse(`"${m[1]}"`) as string;
    } catch {
      // fall through
    }
  }
  return `line ${lineNumber}`;
}

/**
 * Evaluates one JSONL line; never throws. `options`: how the files that requests name are read (a folder: the
 * folder of the JSONL file, files confined to it).
 */
export function evaluateBatchLine(line: string, lineNumber: number, options: string | BatchOptions): BatchResult {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (err) {
    return { id: salvageId(line, lineNumber), effect: null, error: { stage: 'parse', message: `line ${lineNumber}: invalid JSON: ${(err as Error).message}` } };
  }
  if (!isObject(request)) {
    return { id: `line ${lineNumber}`, effect: null, error: { stage: 'parse', message: `line ${lineNumber}: expected a JSON object (one request)` } };
  }
  try {
    return evaluateBatchRequest(request, typeof options === 'string' ? batchOptions(options) : options);
  } catch (err) {
    const id = typeof request.id === 'string' ? request.id : `line ${lineNumber}`;
    if (err instanceof PolicyEngineError) return { id, effect: null, error: engineError(err) };
    return { id, effect: null, error: { stage: 'evaluate', message: (err as Error).message } };
  }
}

/** Longest request line `eval --batch` reads by default: 64 MiB (`--max-line-mb` raises it). */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Longest result line `eval --batch` writes: 64 MiB of JSON. */
export const MAX_RESULT_CHARS = 64 * 1024 * 1024;

/** Options of `guardrails eval --batch`. */
export interface BatchCommandOptions {
  /** Folders whose files requests may name besides the JSONL file's folder (`--allow-read`). @default none */
  readonly allowRead?: readonly string[];
  /** Longest request line in bytes (`--max-line-mb`). @default DEFAULT_MAX_LINE_BYTES */
  readonly maxLineBytes?: number;
}

/** One line of a JSONL stream: its text, or (past the limit) its size and first bytes. */
type JsonlLine = { lineNumber: number; text: string } | { lineNumber: number; tooLong: number; head: string };

const HEAD_BYTES = 64 * 1024;

/**
 * Splits a byte stream into lines at "\n" only (a bare "\r" is JSON whitespace inside a request, not a line break;
 * a "\r" before "\n" is dropped). A line longer than `maxBytes` is not kept: its size and first 64 KiB (to recover
 * its id) are reported instead, so memory stays bounded whatever the input.
 */
export async function* readJsonlLines(input: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<JsonlLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipped = -1; // bytes of the current line when it is too long, else -1
  let head = '';
  let lineNumber = 0;
  const finish = (): JsonlLine => {
    lineNumber++;
    let out: JsonlLine;
    if (skipped >= 0) out = { lineNumber, tooLong: skipped, head };
    else {
      let text = Buffer.concat(parts, size).toString('utf8');
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      out = { lineNumber, text };
    }
    parts = [];
    size = 0;
    skipped = -1;
    head = '';
    return out;
  };
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    while (start <= buf.length) {
      const nl = buf.indexOf(10, start);
      const end = nl < 0 ? buf.length : nl;
      if (end > start) {
        const piece = buf.subarray(start, end);
        if (skipped >= 0) skipped += piece.length;
        else if (size + piece.length > maxBytes) {
          head = Buffer.concat([...parts, piece.subarray(0, Math.max(0, HEAD_BYTES - size))]).subarray(0, HEAD_BYTES).toString('utf8');
          skipped = size + piece.length;
          parts = [];
          size = 0;
        } else {
          parts.push(Buffer.from(piece)); // a copy: the stream may reuse its chunk
          size += piece.length;
        }
      }
      if (nl < 0) break;
      yield finish();
      start = nl + 1;
    }
  }
  if (size > 0 || skipped >= 0) yield finish();
}

/**
 * `guardrails eval --batch file.jsonl`: one request a line in, exactly one result a line out, in order, streamed,
 * whatever the request holds. Blank lines are skipped; a malformed or too long line gives an error result for that
 * line. `-` reads stdin.
 */
export async function runBatchCommand(io: CliIo, file: string, options: BatchCommandOptions = {}): Promise<number> {
  let input: AsyncIterable<Buffer | string>;
  let baseDir: string;
  if (file === '-') {
    input = (io.stdin ?? process.stdin) as AsyncIterable<Buffer | string>;
    baseDir = io.cwd ?? process.cwd();
  } else {
    const abs = resolvePath(io, file);
    // A regular file only (a FIFO or device would block or never end: use - for a stream); see openRegularFile.
    const { fd } = openRegularFile(io, file, 'batch', fileLimit(io, { kind: 'resources' }));
    input = fs.createReadStream('', { fd, encoding: 'utf8' });
    baseDir = path.dirname(abs);
  }
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const batch = batchOptions(baseDir, { allowRead: (options.allowRead ?? []).map((f) => resolvePath(io, f)) });
  for await (const line of readJsonlLines(input, maxLineBytes)) {
    let result: BatchResult;
    if ('tooLong' in line) {
      result = {
        id: salvageId(line.head, line.lineNumber),
        effect: null,
        error: { stage: 'parse', message: `line ${line.lineNumber}: ${line.tooLong.toLocaleString('en-US')} bytes or more, longer than the limit of ${maxLineBytes.toLocaleString('en-US')} bytes (raise it with --max-line-mb)` },
      };
    } else {
      if (line.text.trim() === '') continue;
      result = evaluateBatchLine(line.text, line.lineNumber, batch);
    }
    await writeOut(io.stdout, serializeBatchResult(result) + '\n');
  }
  return EXIT_OK;
}

/**
 * Serialises a result with exactly the contract's members, in the contract's order. Never throws: a result whose
 * details cannot be written (nested too deep, larger than MAX_RESULT_CHARS) becomes an error result with the same id.
 */
export function serializeBatchResult(result: BatchResult): string {
  const out: Record<string, unknown> = { id: result.id, effect: result.effect ?? null };
  if (result.details !== undefined) out.details = result.details;
  if (result.error) {
    const e: Record<string, unknown> = { stage: result.error.stage, message: result.error.message };
    if (result.error.pointer !== undefined) e.pointer = result.error.pointer;
    out.error = e;
  }
  let reason: string;
  try {
    const text = boundedJson(out as Value, MAX_RESULT_CHARS);
    if (text !== undefined) return text;
    reason = `it is longer than ${MAX_RESULT_CHARS.toLocaleString('en-US')} characters`;
  } catch (err) {
    reason = err instanceof RangeError ? 'it is nested too deeply' : (err as Error).message;
  }
  return JSON.stringify({ id: result.id, effect: result.effect ?? null, error: { stage: 'evaluate', message: `the result details cannot be written: ${reason}` } });
}
