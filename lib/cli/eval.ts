import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { BatchResult, compilePolicy, evaluateBatchRequest, EvaluationInput, PolicyEngineError } from '../policy-engine';
import { batchOptions } from './batch';
import { aliasesFor } from './catalogs';
import { CliIo, CliUsageError, EXIT_OK, EXIT_USAGE, isObject, readJsonFile, readTextFile, resolvePath, writeOut } from './io';

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
  const out: Record<string, unknown> = {};
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

/** Runs one evaluation and prints `{effect, details?, trace, error?}`. Exit 2 when the result carries an error. */
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

  let output: Record<string, unknown>;
  try {
    const compiled = compilePolicy(policyText, { aliases });
    const result = compiled.evaluate(resource, input);
    output = { effect: result.effect };
    if (result.details !== undefined) output.details = result.details;
    output.trace = result.trace;
    if (result.error) output.error = result.error;
  } catch (err) {
    if (!(err instanceof PolicyEngineError)) throw err;
    output = { effect: null, trace: [], error: engineError(err) };
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
  const m = /"id"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(line);
  if (m) {
    try {
      return JSON.parse(`"${m[1]}"`) as string;
    } catch {
      // fall through
    }
  }
  return `line ${lineNumber}`;
}

/** Evaluates one JSONL line; never throws. */
export function evaluateBatchLine(line: string, lineNumber: number, baseDir: string): BatchResult {
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
    return evaluateBatchRequest(request, batchOptions(baseDir));
  } catch (err) {
    const id = typeof request.id === 'string' ? request.id : `line ${lineNumber}`;
    if (err instanceof PolicyEngineError) return { id, effect: null, error: engineError(err) };
    return { id, effect: null, error: { stage: 'evaluate', message: (err as Error).message } };
  }
}

/**
 * `guardrails eval --batch file.jsonl`: one request a line in, one result a line out, in order, streamed.
 * Blank lines are skipped; a malformed line gives an error result for that line. `-` reads stdin.
 */
export async function runBatchCommand(io: CliIo, file: string): Promise<number> {
  let input: NodeJS.ReadableStream;
  let baseDir: string;
  if (file === '-') {
    input = io.stdin ?? process.stdin;
    baseDir = io.cwd ?? process.cwd();
  } else {
    const abs = resolvePath(io, file);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new CliUsageError(`batch ${file}: file not found`);
    }
    if (stat.isDirectory()) throw new CliUsageError(`batch ${file}: is a folder, expected a JSONL file`);
    input = fs.createReadStream(abs, { encoding: 'utf8' });
    baseDir = path.dirname(abs);
  }
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    const result = evaluateBatchLine(line, lineNumber, baseDir);
    await writeOut(io.stdout, serializeBatchResult(result) + '\n');
  }
  return EXIT_OK;
}

/** Serialises a result with exactly the contract's members, in the contract's order. */
export function serializeBatchResult(result: BatchResult): string {
  const out: Record<string, unknown> = { id: result.id, effect: result.effect ?? null };
  if (result.details !== undefined) out.details = result.details;
  if (result.error) {
    const e: Record<string, unknown> = { stage: result.error.stage, message: result.error.message };
    if (result.error.pointer !== undefined) e.pointer = result.error.pointer;
    out.error = e;
  }
  return JSON.stringify(out);
}
