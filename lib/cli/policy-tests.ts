import * as fs from 'fs';
import * as path from 'path';
import { AliasCatalog, bundledAliases, compilePolicy, CompiledPolicy, EvaluationInput, PolicyEngineError } from '../policy-engine';
import { closestMatches } from '../policy-engine/suggest';
import { loadAliasCatalogFile } from './batch';
import { ConfinedPathError, confinedFile, jsonErrorWithoutContent, readRoots } from './confine';
import { CliIo, describeJsonError, fileLimit, readTextFile, SkippedPath, walkFiles } from './io';

/**
 * Policy unit tests (contract B): files named `*.test.json` under a folder, each naming a definition and listing cases
 * of ARM resource JSON with the expected effect. No cdktf import: jest tests and the `guardrails test` command share it.
 */

/** One case's outcome. */
export interface PolicyTestCaseResult {
  /** Case name (`cases[i].name`, or `case <i>`). */
  readonly name: string;
  /** True when the effect (case-insensitive) and, if given, the details subset matched. */
  readonly passed: boolean;
  /**
   * passed; failed: the engine answered and the answer differs from `expect` (JUnit <failure>); error: the case
   * could not be run as written: unreadable or malformed test file, missing or uncompilable definition, malformed
   * case, unknown keys, or an evaluation error (JUnit <error>, exit code 2).
   */
  readonly status: 'passed' | 'failed' | 'error';
  /** Time spent evaluating the case, in milliseconds. */
  readonly timeMs: number;
  /** The case's `expect` member. */
  readonly expected: { effect?: string | null; details?: unknown };
  /** What the engine returned. */
  readonly actual: { effect: string | null; details?: unknown };
  /** Why it failed when it is not a plain mismatch: unreadable file, compile or evaluation error, bad case. */
  readonly error?: string;
  /** The engine's explanation trace. */
  readonly trace: string[];
}

/** One test file's outcome. */
export interface PolicyTestFileResult {
  /** Absolute path of the `*.test.json` file. */
  readonly file: string;
  /** Absolute path of the definition it tests (as resolved; may not exist). */
  readonly policy: string;
  /** Case outcomes, in file order (a single pseudo-case `(file)` when the file itself is unusable). */
  readonly cases: PolicyTestCaseResult[];
  /** Time spent on the file (reading, compiling, every case), in milliseconds. */
  readonly timeMs: number;
  /** When the file started running (ISO 8601, UTC). */
  readonly timestamp: string;
}

/** Everything `runPolicyTests` found and ran (`guardrails test --format json`, schemaVersion 1). */
export interface PolicyTestReport {
  /** Version of this JSON shape. */
  readonly schemaVersion: 1;
  /** Files, sorted by path. */
  readonly files: PolicyTestFileResult[];
  /** Number of passed cases. */
  readonly passed: number;
  /** Number of failed cases (an answer that differs from `expect`). */
  readonly failed: number;
  /** Number of cases (or whole files) that could not be run: see PolicyTestCaseResult.status. */
  readonly errors: number;
  /** Total time in milliseconds. */
  readonly timeMs: number;
  /** When the run started (ISO 8601, UTC). */
  readonly timestamp: string;
}

/** Options of runPolicyTests. */
export interface PolicyTestOptions {
  /** Where files are read (working folder for messages, `maxFileSize`). @default the process, default limits */
  readonly io?: CliIo;
  /** Folders the named files must be in. @default the folder given to runPolicyTests (or the test file's folder) */
  readonly roots?: readonly string[];
  /** More folders (`guardrails test --allow-read`). @default none */
  readonly allowRead?: readonly string[];
}

/** Members a test file may have. */
export const TEST_FILE_KEYS = ['$schema', 'description', 'policy', 'aliases', 'parameters', 'cases'] as const;
/** Members a case may have. */
export const TEST_CASE_KEYS = ['name', 'description', 'resource', 'parameters', 'relatedResources', 'context', 'requestContext', 'apiVersion', 'expect'] as const;
/** Members of a case's `expect`. */
export const TEST_EXPECT_KEYS = ['effect', 'details'] as const;

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): string | undefined {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length === 0) return undefined;
  const hints = extra.map((k) => {
    const close = closestMatches(k, allowed, 1);
    return close.length ? `'${k}' (did you mean '${close[0]}'?)` : `'${k}'`;
  });
  return `unknown ${extra.length === 1 ? 'key' : 'keys'} ${hints.join(', ')} in ${where}; allowed: ${allowed.join(', ')}`;
}

const quietIo = (): CliIo => ({ stdout: { write: () => true }, stderr: { write: () => true }, cwd: process.cwd() });

/**
 * Lists `*.test.json` files under a folder (recursive, sorted, symlinks followed with a loop guard), or the file
 * itself. Entries that cannot be read (dangling links, loops, FIFOs) go to `onSkip`.
 */
export function findPolicyTestFiles(folder: string, onSkip: (skipped: SkippedPath) => void = () => undefined, io: CliIo = quietIo()): string[] {
  return walkFiles(io, [folder], (name) => name.endsWith('.test.json'), onSkip);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatEngineError(err: unknown): string {
  if (err instanceof PolicyEngineError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

function readJson(io: CliIo, file: string, what: string): unknown {
  const text = readTextFile(io, file, what);
  try {
    return JSON.parse(text);
  } catch (err) {
    // A test file is the user's own: line and column help. A file it names may be anything (/etc/passwd through a
    // path the user allowed): its content is never echoed, not even one character.
    throw new Error(`${what} ${file}: invalid JSON: ${what === 'test file' ? describeJsonError(text, err) : jsonErrorWithoutContent(err)}`);
  }
}

/**
 * True when `expected` is a subset of `actual`: objects by key (recursively), arrays by "every expected element
 * matches some actual element", strings case-insensitively (Azure compares strings that way), other values by equality.
 */
export function isDetailsSubset(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.every((e) => actual.some((a) => isDetailsSubset(e, a)));
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return false;
    const actualKeys = new Map(Object.keys(actual).map((k) => [k.toLowerCase(), k]));
    return Object.entries(expected).every(([k, v]) => {
      const key = actualKeys.get(k.toLowerCase());
      return key !== undefined && isDetailsSubset(v, actual[key]);
    });
  }
  if (typeof expected === 'string' && typeof actual === 'string') return expected.toLowerCase() === actual.toLowerCase();
  return expected === actual;
}

function sameEffect(expected: string | null, actual: string | null): boolean {
  if (expected === null || actual === null) return expected === actual;
  return expected.toLowerCase() === actual.toLowerCase();
}

function fileError(file: string, policy: string, message: string, started: number, timestamp: string): PolicyTestFileResult {
  return { file, policy, timestamp, timeMs: elapsed(started), cases: [{ name: '(file)', passed: false, status: 'error', expected: {}, actual: { effect: null }, error: message, trace: [], timeMs: 0 }] };
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

/**
 * Runs one `*.test.json` file. Never throws: problems become cases with status 'error' (the file, its definition, a
 * malformed case) or 'failed' (a mismatch). `catalogCache`: merged catalogs by file.
 */
export function runPolicyTestFile(file: string, catalogCache = new Map<string, AliasCatalog>(), options: PolicyTestOptions = {}): PolicyTestFileResult {
  const io = options.io ?? quietIo();
  const started = performance.now();
  const timestamp = new Date().toISOString();
  // Paths in a test file are relative to where the file really is (a symlinked test file keeps working).
  const dir = path.dirname(realPath(file));
  const roots = readRoots([...(options.roots ?? [dir]), ...(options.allowRead ?? [])]);
  let spec: unknown;
  try {
    spec = readJson(io, file, 'test file');
  } catch (err) {
    return fileError(file, '', (err as Error).message, started, timestamp);
  }
  if (!isObject(spec)) return fileError(file, '', `test file ${file}: expected a JSON object {"policy", "cases"}`, started, timestamp);
  const extra = unknownKeys(spec, TEST_FILE_KEYS, 'the test file');
  if (extra) return fileError(file, typeof spec.policy === 'string' ? path.resolve(dir, spec.policy) : '', `test file ${file}: ${extra}`, started, timestamp);
  if (typeof spec.policy !== 'string' || spec.policy === '') return fileError(file, '', `test file ${file}: "policy" must be the path of a definition, relative to the test file`, started, timestamp);
  const policy = path.resolve(dir, spec.policy);
  if (!Array.isArray(spec.cases) || spec.cases.length === 0) return fileError(file, policy, `test file ${file}: "cases" must be a non-empty array`, started, timestamp);
  if (spec.parameters !== undefined && !isObject(spec.parameters)) return fileError(file, policy, `test file ${file}: "parameters" must be an object {"name": value}`, started, timestamp);

  let aliases: AliasCatalog;
  let compiled: CompiledPolicy;
  try {
    aliases = bundledAliases();
    if (spec.aliases !== undefined) {
      if (typeof spec.aliases !== 'string') throw new Error(`test file ${file}: "aliases" must be the path of an alias catalog`);
      const catalogFile = path.resolve(dir, spec.aliases);
      let merged = catalogCache.get(catalogFile);
      if (!merged) {
        let extra: AliasCatalog;
        try {
          // The same checks as batch requests (confined, bounded by --max-file-size, content never echoed).
          extra = loadAliasCatalogFile(spec.aliases, dir, roots, fileLimit(io, { kind: 'aliases' }));
        } catch (err) {
          const message = err instanceof PolicyEngineError ? err.rawMessage : (err as Error).message;
          throw new Error(message.replace(/^cannot read alias catalog "(?:[^"\\]|\\.)*"/, `alias catalog ${catalogFile}`));
        }
        merged = AliasCatalog.merge(aliases, extra);
        catalogCache.set(catalogFile, merged);
      }
      aliases = merged;
    }
    try {
      confinedFile(spec.policy, dir, roots, 'policy', fileLimit(io), policy);
    } catch (err) {
      if (err instanceof ConfinedPathError) throw new Error(err.message);
      throw err;
    }
    const definition = readJson(io, policy, 'policy');
    compiled = compilePolicy(definition, { aliases });
  } catch (err) {
    const message = err instanceof PolicyEngineError ? `policy ${policy}: ${err.message}` : formatEngineError(err);
    return fileError(file, policy, message, started, timestamp);
  }

  const defaults = (spec.parameters ?? {}) as Record<string, unknown>;
  const cases = (spec.cases as unknown[]).map((raw, index): PolicyTestCaseResult => {
    const caseStarted = performance.now();
    const name = isObject(raw) && typeof raw.name === 'string' && raw.name ? raw.name : `case ${index + 1}`;
    const bad = (message: string): PolicyTestCaseResult => ({ name, passed: false, status: 'error', expected: {}, actual: { effect: null }, error: `cases[${index}]: ${message}`, trace: [], timeMs: elapsed(caseStarted) });
    if (!isObject(raw)) return bad('expected an object {"name", "resource", "expect"}');
    const extraCase = unknownKeys(raw, TEST_CASE_KEYS, 'the case');
    if (extraCase) return bad(extraCase);
    if (!isObject(raw.resource)) return bad('"resource" must be an ARM resource object');
    if (!isObject(raw.expect) || !('effect' in raw.expect)) return bad('"expect" must be {"effect": "<effect>" | null, "details"?: {...}}');
    const extraExpect = unknownKeys(raw.expect, TEST_EXPECT_KEYS, '"expect"');
    if (extraExpect) return bad(extraExpect);
    const expectedEffect = raw.expect.effect;
    if (expectedEffect !== null && typeof expectedEffect !== 'string') return bad('"expect.effect" must be a string or null');
    if (raw.parameters !== undefined && !isObject(raw.parameters)) return bad('"parameters" must be an object');
    if (raw.relatedResources !== undefined && !Array.isArray(raw.relatedResources)) return bad('"relatedResources" must be an array');
    if (raw.context !== undefined && !isObject(raw.context)) return bad('"context" must be an object {"resourceGroup", "subscription"}');
    if (raw.requestContext !== undefined && !isObject(raw.requestContext)) return bad('"requestContext" must be an object {"apiVersion"}');
    if (raw.apiVersion !== undefined && typeof raw.apiVersion !== 'string') return bad('"apiVersion" must be a string');
    const expected: PolicyTestCaseResult['expected'] = raw.expect.details !== undefined ? { effect: expectedEffect, details: raw.expect.details } : { effect: expectedEffect };

    const input: { -readonly [K in keyof EvaluationInput]: EvaluationInput[K] } = { parameters: { ...defaults, ...((raw.parameters as Record<string, unknown>) ?? {}) } };
    if (raw.relatedResources !== undefined) input.relatedResources = raw.relatedResources as Record<string, unknown>[];
    if (raw.context !== undefined) input.context = raw.context as EvaluationInput['context'];
    if (isObject(raw.requestContext)) input.requestContext = raw.requestContext as EvaluationInput['requestContext'];
    if (typeof raw.apiVersion === 'string') input.apiVersion = raw.apiVersion;

    const result = compiled.evaluate(raw.resource, input);
    const actual: PolicyTestCaseResult['actual'] = result.details !== undefined ? { effect: result.effect, details: result.details } : { effect: result.effect };
    if (result.error) {
      const e = result.error;
      return { name, passed: false, status: 'error', expected, actual, error: `${e.stage} error${e.pointer ? ` at ${e.pointer}` : ''}: ${e.message}`, trace: result.trace, timeMs: elapsed(caseStarted) };
    }
    const passed = sameEffect(expectedEffect, result.effect) && (expected.details === undefined || isDetailsSubset(expected.details, result.details));
    return { name, passed, status: passed ? 'passed' : 'failed', expected, actual, trace: result.trace, timeMs: elapsed(caseStarted) };
  });
  return { file, policy, cases, timeMs: elapsed(started), timestamp };
}

/**
 * Runs every `*.test.json` file under `folder` (or the single file given) and returns the report. Never throws for
 * bad test content (it becomes cases with status 'error' or 'failed'); a test file that cannot be reached (dangling
 * symlink, loop, FIFO) is an error case too. Throws only when `folder` does not exist.
 */
export function runPolicyTests(folder: string, options: PolicyTestOptions = {}): PolicyTestReport {
  const started = performance.now();
  const timestamp = new Date().toISOString();
  const catalogs = new Map<string, AliasCatalog>();
  const skipped: SkippedPath[] = [];
  const io = options.io ?? quietIo();
  const root = path.resolve(io.cwd ?? process.cwd(), folder);
  // The files a test names must be inside the folder given (or, for one test file, its folder), or options.allowRead.
  const found = findPolicyTestFiles(root, (s) => skipped.push(s), io);
  const roots = options.roots ?? [fs.statSync(root).isDirectory() ? root : path.dirname(root)];
  const files = found.map((f) => runPolicyTestFile(f, catalogs, { ...options, roots }));
  for (const s of skipped) files.push(fileError(path.resolve(io.cwd ?? process.cwd(), s.file), '', `test file ${s.file}: ${s.reason}`, performance.now(), new Date().toISOString()));
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  let passed = 0;
  let failed = 0;
  let errors = 0;
  for (const f of files) {
    for (const c of f.cases) {
      if (c.status === 'passed') passed++;
      else if (c.status === 'failed') failed++;
      else errors++;
    }
  }
  return { schemaVersion: 1, files, passed, failed, errors, timeMs: elapsed(started), timestamp };
}
