import * as fs from 'fs';
import * as path from 'path';
import { AliasCatalog, bundledAliases, compilePolicy, CompiledPolicy, EvaluationInput, PolicyEngineError } from '../policy-engine';
import { loadAliasCatalogFile } from './batch';
import { ConfinedPathError, confinedFile, jsonErrorWithoutContent, readRoots } from './confine';

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
}

/** Everything `runPolicyTests` found and ran. */
export interface PolicyTestReport {
  /** Files, sorted by path. */
  readonly files: PolicyTestFileResult[];
  /** Number of passed cases. */
  readonly passed: number;
  /** Number of failed cases. */
  readonly failed: number;
}

/** Lists `*.test.json` files under a folder (recursive, sorted), or the file itself. */
export function findPolicyTestFiles(folder: string): string[] {
  const stat = fs.statSync(folder);
  if (stat.isFile()) return [folder];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.test.json')) out.push(full);
    }
  };
  walk(folder);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatEngineError(err: unknown): string {
  if (err instanceof PolicyEngineError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new Error(`${what} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    // Never echo the content: the file may be anything the test file names.
    throw new Error(`${what} ${file}: invalid JSON: ${jsonErrorWithoutContent(err)}`);
  }
}

/** Largest definition a test file may name: 16 MiB. */
const MAX_POLICY_BYTES = 16 * 1024 * 1024;

/** Where a test file's `policy` and `aliases` may be: the folders (see confine.ts); default: the test file's folder. */
export interface PolicyTestOptions {
  /** Folders the named files must be in. @default the folder given to runPolicyTests (or the test file's folder) */
  readonly roots?: readonly string[];
  /** More folders (`guardrails test --allow-read`). @default none */
  readonly allowRead?: readonly string[];
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

function fileFailure(file: string, policy: string, message: string): PolicyTestFileResult {
  return { file, policy, cases: [{ name: '(file)', passed: false, expected: {}, actual: { effect: null }, error: message, trace: [] }] };
}

/** Runs one `*.test.json` file. Never throws: problems become failed cases. `catalogCache`: merged catalogs by file. */
export function runPolicyTestFile(file: string, catalogCache = new Map<string, AliasCatalog>(), options: PolicyTestOptions = {}): PolicyTestFileResult {
  const dir = path.dirname(file);
  const roots = readRoots([...(options.roots ?? [dir]), ...(options.allowRead ?? [])]);
  let spec: unknown;
  try {
    spec = readJson(file, 'test file');
  } catch (err) {
    return fileFailure(file, '', (err as Error).message);
  }
  if (!isObject(spec)) return fileFailure(file, '', `test file ${file}: expected a JSON object {"policy", "cases"}`);
  if (typeof spec.policy !== 'string' || spec.policy === '') return fileFailure(file, '', `test file ${file}: "policy" must be the path of a definition, relative to the test file`);
  const policy = path.resolve(dir, spec.policy);
  if (!Array.isArray(spec.cases) || spec.cases.length === 0) return fileFailure(file, policy, `test file ${file}: "cases" must be a non-empty array`);
  if (spec.parameters !== undefined && !isObject(spec.parameters)) return fileFailure(file, policy, `test file ${file}: "parameters" must be an object {"name": value}`);

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
          extra = loadAliasCatalogFile(spec.aliases, dir, roots);
        } catch (err) {
          // The same checks as batch requests (confined, bounded, content never echoed), with the resolved path.
          const message = err instanceof PolicyEngineError ? err.rawMessage : (err as Error).message;
          throw new Error(message.replace(/^cannot read alias catalog "(?:[^"\\]|\\.)*"/, `alias catalog ${catalogFile}`));
        }
        merged = AliasCatalog.merge(aliases, extra);
        catalogCache.set(catalogFile, merged);
      }
      aliases = merged;
    }
    try {
      confinedFile(spec.policy, dir, roots, 'policy', MAX_POLICY_BYTES, policy);
    } catch (err) {
      if (err instanceof ConfinedPathError) throw new Error(err.message);
      throw err;
    }
    const definition = readJson(policy, 'policy');
    compiled = compilePolicy(definition, { aliases });
  } catch (err) {
    const message = err instanceof PolicyEngineError ? `policy ${policy}: ${err.message}` : formatEngineError(err);
    return fileFailure(file, policy, message);
  }

  const defaults = (spec.parameters ?? {}) as Record<string, unknown>;
  const cases = (spec.cases as unknown[]).map((raw, index): PolicyTestCaseResult => {
    const name = isObject(raw) && typeof raw.name === 'string' && raw.name ? raw.name : `case ${index + 1}`;
    const bad = (message: string): PolicyTestCaseResult => ({ name, passed: false, expected: {}, actual: { effect: null }, error: `cases[${index}]: ${message}`, trace: [] });
    if (!isObject(raw)) return bad('expected an object {"name", "resource", "expect"}');
    if (!isObject(raw.resource)) return bad('"resource" must be an ARM resource object');
    if (!isObject(raw.expect) || !('effect' in raw.expect)) return bad('"expect" must be {"effect": "<effect>" | null, "details"?: {...}}');
    const expectedEffect = raw.expect.effect;
    if (expectedEffect !== null && typeof expectedEffect !== 'string') return bad('"expect.effect" must be a string or null');
    if (raw.parameters !== undefined && !isObject(raw.parameters)) return bad('"parameters" must be an object');
    if (raw.relatedResources !== undefined && !Array.isArray(raw.relatedResources)) return bad('"relatedResources" must be an array');
    if (raw.context !== undefined && !isObject(raw.context)) return bad('"context" must be an object {"resourceGroup", "subscription"}');
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
      return { name, passed: false, expected, actual, error: `${e.stage} error${e.pointer ? ` at ${e.pointer}` : ''}: ${e.message}`, trace: result.trace };
    }
    const passed = sameEffect(expectedEffect, result.effect) && (expected.details === undefined || isDetailsSubset(expected.details, result.details));
    return { name, passed, expected, actual, trace: result.trace };
  });
  return { file, policy, cases };
}

/**
 * Runs every `*.test.json` file under `folder` (or the single file given) and returns the report. Never throws for
 * bad test content (it becomes failed cases); throws only when `folder` does not exist.
 */
export function runPolicyTests(folder: string, options: { allowRead?: readonly string[] } = {}): PolicyTestReport {
  const catalogs = new Map<string, AliasCatalog>();
  const root = path.resolve(folder);
  // The files a test names must be inside the folder given (or, for one test file, its folder), or --allow-read.
  const roots = [fs.statSync(root).isDirectory() ? root : path.dirname(root)];
  const files = findPolicyTestFiles(root).map((f) => runPolicyTestFile(f, catalogs, { roots, allowRead: options.allowRead }));
  let passed = 0;
  let failed = 0;
  for (const f of files) {
    for (const c of f.cases) {
      if (c.passed) passed++;
      else failed++;
    }
  }
  return { files, passed, failed };
}
