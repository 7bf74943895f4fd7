import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../core/package-root';

/**
 * KQL files shipped with the package and the only way values get into them.
 *
 * Every query the kit deploys (analytics rules, saved searches, Resource Graph shared queries) lives in its own
 * `.kql` file under `lib/sentinel/kql/` (shipped in the npm package: see `files` in package.json). A file may hold
 * `{{name}}` placeholders where a literal belongs; {@link renderKql} replaces each with a {@link KqlLiteral}, and a
 * `KqlLiteral` can only be made by the escaping factories below. No prop text is ever pasted into a query as code:
 * a value becomes one string, number, timespan or dynamic literal, so it cannot end the literal and add operators
 * (`"x" | take 0`), comment out the rest of the query, or call another table.
 */

const CONTROL = /[\u0000-\u001f\u007f]/; // eslint-disable-line no-control-regex
const MAX_STRING = 1024;
const MAX_LIST = 500;
const MAX_DYNAMIC_CHARS = 65536;
const MAX_DYNAMIC_DEPTH = 8;

/** Why a value cannot become a KQL literal (the constructs turn it into a GuardrailsValidationError). */
export class KqlLiteralError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KqlLiteralError';
  }
}

/** A value rendered as one KQL literal. Made only by the static factories, which escape or refuse. */
export class KqlLiteral {
  /**
   * A string literal: `"..."` with `\` and `"` escaped. Control characters (line breaks included) are refused:
   * no legitimate parameter holds one, and a line break would be the first step of a comment trick.
   */
  public static string(value: string): KqlLiteral {
    if (typeof value !== 'string') throw new KqlLiteralError(`expected a string, got ${typeof value}`);
    if (value.length > MAX_STRING) throw new KqlLiteralError(`a string parameter is limited to ${MAX_STRING} characters (got ${value.length})`);
    if (CONTROL.test(value)) throw new KqlLiteralError('a string parameter must not contain control characters');
    return new KqlLiteral(`"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  }

  /** Comma-separated string literals, for `in (...)` or `dynamic([...])`: `"a", "b"`. At least one, at most 500. */
  public static stringList(values: readonly string[]): KqlLiteral {
    if (!Array.isArray(values) || values.length === 0 || values.length > MAX_LIST) {
      throw new KqlLiteralError(`a list parameter needs 1 to ${MAX_LIST} strings`);
    }
    return new KqlLiteral(values.map((v) => KqlLiteral.string(v).text).join(', '));
  }

  /** A `long` literal. */
  public static int(value: number): KqlLiteral {
    if (!Number.isSafeInteger(value)) throw new KqlLiteralError(`expected a whole number, got ${String(value)}`);
    return new KqlLiteral(`${value}`);
  }

  /** A timespan literal in whole seconds (`3600s`). */
  public static seconds(value: number): KqlLiteral {
    if (!Number.isSafeInteger(value) || value < 0) throw new KqlLiteralError(`expected a non-negative whole number of seconds, got ${String(value)}`);
    return new KqlLiteral(`${value}s`);
  }

  /**
   * A `dynamic(...)` literal of plain JSON data (objects, arrays, strings, finite numbers, booleans, null), at most
   * 8 levels deep and 64 KiB: rendered with JSON.stringify, whose string escaping KQL's dynamic parser reads.
   */
  public static dynamic(value: unknown): KqlLiteral {
    checkJson(value, 0);
    const json = JSON.stringify(value);
    if (json.length > MAX_DYNAMIC_CHARS) throw new KqlLiteralError(`a dynamic parameter is limited to ${MAX_DYNAMIC_CHARS} characters`);
    return new KqlLiteral(`dynamic(${json})`);
  }

  private constructor(
    /** The literal as it appears in the query. */
    public readonly text: string,
  ) {}
}

function checkJson(value: unknown, depth: number): void {
  if (depth > MAX_DYNAMIC_DEPTH) throw new KqlLiteralError(`a dynamic parameter is limited to ${MAX_DYNAMIC_DEPTH} levels`);
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new KqlLiteralError('a dynamic parameter holds only finite numbers');
    return;
  }
  if (typeof value === 'string') {
    if (CONTROL.test(value)) throw new KqlLiteralError('a dynamic parameter must not contain control characters');
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST) throw new KqlLiteralError(`a dynamic array is limited to ${MAX_LIST} items`);
    value.forEach((v) => checkJson(v, depth + 1));
    return;
  }
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const keys = Object.keys(value as object);
    if (keys.length > MAX_LIST) throw new KqlLiteralError(`a dynamic object is limited to ${MAX_LIST} members`);
    for (const key of keys) {
      if (CONTROL.test(key)) throw new KqlLiteralError('a dynamic parameter must not contain control characters');
      checkJson((value as Record<string, unknown>)[key], depth + 1);
    }
    return;
  }
  throw new KqlLiteralError(`a dynamic parameter holds only JSON data, not ${typeof value}`);
}

/** File names of the shipped KQL files: lower case, digits and dashes, `.kql`. */
const KQL_FILE = /^[a-z0-9][a-z0-9-]{0,62}\.kql$/;
/** A placeholder in a KQL file. */
const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]{0,63})\}\}/g;

/** Folder of the shipped KQL files (from the sources or the compiled package alike). */
export function sentinelKqlDir(): string {
  return path.join(packageRoot(), 'lib', 'sentinel', 'kql');
}

const templates = new Map<string, string>();

/** The text of a shipped KQL file, line endings normalized, trailing white space removed (read once, then cached). */
export function readKqlTemplate(file: string): string {
  if (!KQL_FILE.test(file)) throw new Error(`cdktf-azure-guardrails: invalid KQL file name ${JSON.stringify(file)}`);
  let text = templates.get(file);
  if (text === undefined) {
    text = fs.readFileSync(path.join(sentinelKqlDir(), file), 'utf8').replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').trim();
    templates.set(file, text);
  }
  return text;
}

/** The `{{name}}` placeholders of a KQL text, each once, in order of first use. */
export function kqlPlaceholders(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/**
 * Renders a shipped KQL file: every placeholder must get a literal and every literal must have a placeholder (a
 * mismatch is a bug in the kit, not user input, so it throws a plain Error).
 */
export function renderKql(file: string, parameters: Readonly<Record<string, KqlLiteral>> = {}): string {
  const text = readKqlTemplate(file);
  if (text.replace(PLACEHOLDER, '').includes('{{')) throw new Error(`cdktf-azure-guardrails: ${file}: malformed placeholder (use {{name}})`);
  const wanted = kqlPlaceholders(text);
  const given = Object.keys(parameters);
  const missing = wanted.filter((p) => !Object.prototype.hasOwnProperty.call(parameters, p));
  const unused = given.filter((p) => !wanted.includes(p));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(`cdktf-azure-guardrails: ${file}: placeholders without a value: ${JSON.stringify(missing)}; values without a placeholder: ${JSON.stringify(unused)}`);
  }
  // One pass: a value is never scanned for placeholders again.
  const out = text.replace(PLACEHOLDER, (_m, name: string) => {
    const literal = parameters[name];
    if (!(literal instanceof KqlLiteral)) throw new Error(`cdktf-azure-guardrails: ${file}: {{${name}}} must be a KqlLiteral`);
    return literal.text;
  });
  return out;
}
