/**
 * Input readers: a cdktf synth folder (`cdktf.out` with its manifest), one stack's `cdk.tf.json`, a Terraform JSON
 * configuration (`*.tf.json`, a file or a module folder), `terraform show -json` output (plan or state) and, when the
 * optional `@cdktf/hcl2json` package is installed (it comes with cdktf-cli), HCL (`*.tf`). Every file is bounded
 * in size; JSON keys such as `__proto__` are data, never prototypes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigFile, hclResourceLines, jsonResourceLines, readConfiguration } from './config';
import { Budget } from './expressions';
import { TerraformInput, TerraformInputKind } from './model';
import { isPlanJson, readPlan } from './plan';
import { LIMITS } from './values';

/** A Terraform input that could not be read: the message names the file and what is wrong. */
export class TerraformInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerraformInputError';
  }
}

/** Options of the readers. */
export interface ReadTerraformOptions {
  /** Values of root variables, by name (like `-var`). @default defaults only */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** How a file path is shown in results (e.g. relative to the working folder). @default as given */
  readonly display?: (absolutePath: string) => string;
  /** Largest file read, in bytes (the CLI's --max-file-size). @default LIMITS.maxFileBytes */
  readonly maxFileBytes?: number;
}

/** One Terraform input read from disk: a stack, a module folder or a plan. */
export interface TerraformSource {
  /** Stack name (cdktf), when the input is a synth folder. */
  readonly stack?: string;
  /** The input, ready to translate. */
  readonly input: TerraformInput;
}

function kindOfConfig(json: unknown): TerraformInputKind {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && Object.prototype.hasOwnProperty.call(json, '//') ? 'cdktf' : 'configuration';
}

function isConfigJson(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  return ['resource', 'data', 'module', 'provider', 'terraform', 'variable', 'locals', 'output'].some((k) => Object.prototype.hasOwnProperty.call(json, k));
}

/**
 * Reads one parsed JSON document: a plan / state (`terraform show -json`) or a configuration (cdk.tf.json,
 * `*.tf.json`). This is the entry point for a synthesized stack's JSON (no file system needed).
 */
export function readTerraformJson(json: unknown, options: ReadTerraformOptions & { file?: string; text?: string; firstIndex?: number; budget?: Budget } = {}): TerraformInput {
  if (isPlanJson(json)) {
    const { instances, notes, notRead, invalid } = readPlan(json, options.file, options.firstIndex);
    return { kind: 'plan', instances, notes, notRead, invalid };
  }
  if (!isConfigJson(json)) {
    throw new TerraformInputError(`${options.file ?? 'input'}: not a Terraform JSON configuration (an object with "resource", "provider", ...) nor terraform show -json output (an object with "format_version" and "resource_changes")`);
  }
  const lines = options.text ? jsonResourceLines(options.text) : undefined;
  const kind = kindOfConfig(json);
  const r = readConfiguration([{ file: options.file ?? 'main.tf.json', json, lines }], { kind, variables: options.variables, firstIndex: options.firstIndex, budget: options.budget });
  return { kind, instances: r.instances, notes: r.notes, notRead: r.notRead, invalid: r.invalid };
}

/** Files read so far and the size limit of one file, for one read of an input. */
interface ReadBudget {
  files: number;
  readonly maxBytes: number;
}

function readBounded(file: string, shown: string, maxBytes: number): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new TerraformInputError(`${shown}: no such file or folder`);
  }
  if (stat.size > maxBytes) throw new TerraformInputError(`${shown}: ${stat.size} bytes is larger than the limit of ${maxBytes} bytes`);
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new TerraformInputError(`${shown}: cannot read (${(e as Error).message})`);
  }
}

function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    if (m) {
      const before = text.slice(0, Number(m[1]));
      throw new TerraformInputError(`${shown}: invalid JSON at line ${before.split('\n').length}, column ${Number(m[1]) - before.lastIndexOf('\n')}: ${message.replace(/ in JSON at position.*$/, '')}`);
    }
    throw new TerraformInputError(`${shown}: invalid JSON: ${message}`);
  }
}

type Hcl2Json = { parse(filename: string, contents: string): Promise<Record<string, unknown>> };
let hclParser: Hcl2Json | null | undefined;

/** The optional HCL parser (`@cdktf/hcl2json`: HashiCorp's HCL library compiled to WebAssembly), or null. */
function hcl(): Hcl2Json | null {
  if (hclParser === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      hclParser = require('@cdktf/hcl2json') as Hcl2Json;
    } catch {
      hclParser = null;
    }
  }
  return hclParser;
}

async function readHcl(file: string, shown: string, maxBytes: number): Promise<ConfigFile> {
  return parseHcl(readBounded(file, shown, maxBytes), path.basename(file), shown);
}

async function parseHcl(text: string, name: string, shown: string): Promise<ConfigFile> {
  const parser = hcl();
  if (!parser) {
    throw new TerraformInputError(`${shown}: reading HCL needs the optional package @cdktf/hcl2json (npm install @cdktf/hcl2json), or give a plan instead (terraform show -json plan.out > plan.json)`);
  }
  let json: Record<string, unknown>;
  try {
    json = await parser.parse(name, text);
  } catch (e) {
    throw new TerraformInputError(`${shown}: invalid HCL: ${(e as Error).message ?? String(e)}`);
  }
  return { file: shown, json, lines: hclResourceLines(text) };
}

/** Reads the `*.tf.json` (and `*.tf`) files of a module folder, sorted by name. */
async function readModuleFolder(dir: string, display: (p: string) => string, count: ReadBudget): Promise<ConfigFile[]> {
  const names = fs.readdirSync(dir).filter((n) => n.endsWith('.tf.json') || n.endsWith('.tf')).sort();
  const files: ConfigFile[] = [];
  for (const n of names) {
    if (++count.files > LIMITS.maxFiles) throw new TerraformInputError(`${display(dir)}: more than ${LIMITS.maxFiles} files`);
    const abs = path.join(dir, n);
    const shown = display(abs);
    if (n.endsWith('.tf')) files.push(await readHcl(abs, shown, count.maxBytes));
    else {
      const text = readBounded(abs, shown, count.maxBytes);
      files.push({ file: shown, json: parseJson(text, shown), lines: jsonResourceLines(text) });
    }
  }
  return files;
}

/** Finds local module sources (recursively) and reads their folders ahead of the (synchronous) resolution. */
async function preloadModules(files: readonly ConfigFile[], dir: string, display: (p: string) => string, cache: Map<string, ConfigFile[]>, count: ReadBudget, depth: number): Promise<void> {
  if (depth >= LIMITS.maxModuleDepth) return;
  for (const f of files) {
    const docs = Array.isArray(f.json) ? f.json : [f.json];
    for (const doc of docs) {
      if (typeof doc !== 'object' || doc === null) continue;
      const modules = (doc as Record<string, unknown>).module;
      for (const m of Array.isArray(modules) ? modules : [modules]) {
        if (typeof m !== 'object' || m === null) continue;
        for (const call of Object.values(m as Record<string, unknown>)) {
          for (const body of Array.isArray(call) ? call : [call]) {
            const source = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).source : undefined;
            if (typeof source !== 'string' || !(source.startsWith('./') || source.startsWith('../'))) continue;
            const target = path.resolve(dir, source);
            if (cache.has(target) || !fs.existsSync(target) || !fs.statSync(target).isDirectory()) continue;
            const childFiles = await readModuleFolder(target, display, count);
            cache.set(target, childFiles);
            await preloadModules(childFiles, target, display, cache, count, depth + 1);
          }
        }
      }
    }
  }
}

async function readModule(files: ConfigFile[], dir: string, options: ReadTerraformOptions, display: (p: string) => string, count: ReadBudget, firstIndex: number, hclText = false): Promise<TerraformInput> {
  const cache = new Map<string, ConfigFile[]>();
  await preloadModules(files, dir, display, cache, count, 0);
  const kind: TerraformInputKind = hclText || files.some((f) => f.file.endsWith('.tf')) ? 'hcl' : files.length === 1 ? kindOfConfig(files[0].json) : 'configuration';
  const r = readConfiguration(files, {
    kind,
    variables: options.variables,
    dir,
    firstIndex,
    loadModule: (source, fromDir) => {
      const target = path.resolve(fromDir ?? dir, source);
      const found = cache.get(target);
      return found ? { files: found, dir: target } : undefined;
    },
  });
  return { kind, instances: r.instances, notes: r.notes, notRead: r.notRead, invalid: r.invalid };
}

/**
 * Reads a Terraform input from disk: a cdktf synth folder (one source per stack of its manifest.json), a stack folder
 * (cdk.tf.json), a module folder (`*.tf.json` / `*.tf`), or one file (plan / state JSON, configuration JSON, HCL).
 */
export async function readTerraformPath(target: string, options: ReadTerraformOptions = {}): Promise<TerraformSource[]> {
  const display = options.display ?? ((p: string) => p);
  const abs = path.resolve(target);
  const shown = display(abs);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new TerraformInputError(`${shown}: no such file or folder`);
  }
  const count: ReadBudget = { files: 0, maxBytes: options.maxFileBytes ?? LIMITS.maxFileBytes };
  if (stat.isDirectory()) {
    const manifestFile = path.join(abs, 'manifest.json');
    if (fs.existsSync(manifestFile)) {
      const manifest = parseJson(readBounded(manifestFile, display(manifestFile), count.maxBytes), display(manifestFile));
      const stacks = typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>).stacks : undefined;
      if (typeof stacks !== 'object' || stacks === null) throw new TerraformInputError(`${display(manifestFile)}: not a cdktf manifest (no "stacks" object)`);
      const out: TerraformSource[] = [];
      let index = 0;
      for (const [name, s] of Object.entries(stacks as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const rel = typeof s === 'object' && s !== null ? (s as Record<string, unknown>).synthesizedStackPath : undefined;
        if (typeof rel !== 'string') throw new TerraformInputError(`${display(manifestFile)}: stack ${JSON.stringify(name)} has no "synthesizedStackPath"`);
        const file = path.resolve(abs, rel);
        if (!file.startsWith(abs + path.sep)) throw new TerraformInputError(`${display(manifestFile)}: stack ${JSON.stringify(name)}: synthesizedStackPath ${JSON.stringify(rel)} points outside the folder`);
        if (++count.files > LIMITS.maxFiles) throw new TerraformInputError(`${shown}: more than ${LIMITS.maxFiles} stacks`);
        const fileShown = display(file);
        const text = readBounded(file, fileShown, count.maxBytes);
        const input = readTerraformJson(parseJson(text, fileShown), { ...options, file: fileShown, text, firstIndex: index });
        index += input.instances.length;
        out.push({ stack: name, input });
      }
      return out;
    }
    const files = await readModuleFolder(abs, display, count);
    if (files.length === 0) throw new TerraformInputError(`${shown}: no cdktf manifest.json, *.tf.json or *.tf file in this folder`);
    return [{ input: await readModule(files, abs, options, display, count, 0) }];
  }
  if (abs.endsWith('.tf')) return [{ input: await readModule([await readHcl(abs, shown, count.maxBytes)], path.dirname(abs), options, display, count, 0) }];
  const text = readBounded(abs, shown, count.maxBytes);
  const json = parseJson(text, shown);
  if (isPlanJson(json)) return [{ input: readTerraformJson(json, { ...options, file: shown }) }];
  if (!isConfigJson(json)) throw new TerraformInputError(`${shown}: not a Terraform JSON configuration (an object with "resource", "provider", ...) nor terraform show -json output (an object with "format_version" and "resource_changes")`);
  return [{ input: await readModule([{ file: shown, json, lines: jsonResourceLines(text) }], path.dirname(abs), options, display, count, 0) }];
}

/**
 * Reads one Terraform document given as text (standard input): a plan or state (`terraform show -json`), a JSON
 * configuration (cdk.tf.json, `*.tf.json`) or, when the optional `@cdktf/hcl2json` is installed, HCL. The format is
 * told by the first character: a JSON document is an object (`{`); an HCL body starts with an argument, a block or
 * a comment, never with `{` or `[`. Local module sources are resolved from `dir` (the working folder). The caller
 * bounds the size of the text.
 */
export async function readTerraformText(text: string, options: ReadTerraformOptions & { file: string; dir: string }): Promise<TerraformSource[]> {
  const shown = options.file;
  const body = text.replace(/^\uFEFF/, '');
  const first = /\S/.exec(body)?.[0];
  if (first === undefined) throw new TerraformInputError(`${shown}: empty input: expected a Terraform JSON configuration, terraform show -json output or HCL`);
  const display = options.display ?? ((p: string) => p);
  const count: ReadBudget = { files: 0, maxBytes: options.maxFileBytes ?? LIMITS.maxFileBytes };
  if (first !== '{' && first !== '[') return [{ input: await readModule([await parseHcl(body, 'stdin.tf', shown)], options.dir, options, display, count, 0, true) }];
  const json = parseJson(body, shown);
  if (isPlanJson(json)) return [{ input: readTerraformJson(json, { ...options, file: shown }) }];
  if (!isConfigJson(json)) throw new TerraformInputError(`${shown}: not a Terraform JSON configuration (an object with "resource", "provider", ...) nor terraform show -json output (an object with "format_version" and "resource_changes")`);
  return [{ input: await readModule([{ file: shown, json, lines: jsonResourceLines(body) }], options.dir, options, display, count, 0) }];
}
