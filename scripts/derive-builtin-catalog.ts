/**
 * Derives the built-in policy catalog (contract C2) and, from it, the constructs' built-in reference data:
 *
 *   npm run derive:builtins [-- <built-in-policies folder>] [--check]
 *
 * 1. `lib/policy-engine/data/builtins.v1.bin` from Azure/azure-policy's `built-in-policies` folder (default
 *    `../shared/azure-policy-builtins/built-in-policies`, see scripts/shared-dir.ts; MIT, Microsoft): every
 *    definition and initiative, minified, in a packed file (lib/policy-engine/packed-data.ts) whose index holds kind,
 *    name, display name, version, category, flags and the position of each document; the documents are packed in
 *    source order (category by category, an Azure Government copy right after its public twin, which it mostly
 *    repeats) into brotli chunks of about 1 MB, so a look-up inflates one chunk.
 *    Azure Government copies identical to the public file are stored once (flagged for both clouds).
 * 2. `lib/policy/data/builtin-refs.json` from that catalog (scripts/derive-builtin-refs.ts): one derivation, one
 *    source. `--check` writes nothing and exits 1 when either file is stale (the catalog's check needs the source
 *    folder; builtin-refs alone is checked by `npx tsx scripts/derive-builtin-refs.ts --check` and by `npm test`).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  BUILTIN_CATALOG_FORMAT, BUILTIN_FLAG, BuiltinCatalogIndex, BuiltinIndexRow, builtinCatalogFile, builtinCatalogFrom, openBuiltinCatalog,
} from '../lib/policy-engine/builtins';
import { compilePolicy, PolicyResolver } from '../lib/policy-engine';
import { packData } from '../lib/policy-engine/packed-data';
import { writeBuiltinRefs } from './derive-builtin-refs';
import { packedSizeNote } from './packed-size';
import { sharedDir } from './shared-dir';

const ROOT = path.join(__dirname, '..');
/** Commit of Azure/azure-policy the shared copy was taken from (its README). */
const SOURCE_COMMIT = 'f4a50bacae07ddb096943c597669bcae494a6e29';
/** Raw bytes a chunk grows to before the next document starts a new one. */
export const BUILTIN_CHUNK_TARGET_BYTES = 1024 * 1024;

/** One document read from the source folder. */
export interface BuiltinDocument {
  readonly kind: 0 | 1;
  readonly name: string;
  readonly displayName: string;
  readonly version: string;
  readonly category: string;
  readonly deprecated: boolean;
  readonly preview: boolean;
  /** Azure Government copy (under `Azure Government/`). */
  readonly government: boolean;
  /** Path relative to the source folder. */
  readonly file: string;
  /** Minified JSON. */
  readonly text: string;
}

function listJson(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && e.name.endsWith('.json')) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Reads every document of the folder (`policyDefinitions`, `policySetDefinitions`), in path order. */
export function readBuiltinDocuments(folder: string): BuiltinDocument[] {
  const docs: BuiltinDocument[] = [];
  for (const [sub, kind] of [['policyDefinitions', 0], ['policySetDefinitions', 1]] as const) {
    for (const file of listJson(path.join(folder, sub))) {
      const rel = path.relative(folder, file).split(path.sep).join('/');
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      } catch (e) {
        throw new Error(`${rel}: not JSON (${(e as Error).message})`);
      }
      const doc = record(json);
      const props = record(doc.properties);
      const metadata = record(props.metadata);
      if (typeof doc.name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(doc.name)) throw new Error(`${rel}: no usable "name"`);
      const isSet = 'policyDefinitions' in props;
      if (isSet !== (kind === 1)) throw new Error(`${rel}: a ${isSet ? 'policy set' : 'policy'} definition in ${sub}`);
      const version = [props.version, props.Version, metadata.version].find((v): v is string => typeof v === 'string') ?? '';
      docs.push({
        kind,
        name: doc.name,
        displayName: typeof props.displayName === 'string' ? props.displayName : '',
        version,
        category: typeof metadata.category === 'string' ? metadata.category : '',
        deprecated: metadata.deprecated === true,
        preview: metadata.preview === true,
        government: rel.split('/')[1] === 'Azure Government',
        file: rel,
        text: JSON.stringify(json),
      });
    }
  }
  return docs;
}

/** The index members and raw chunks of the packed catalog. */
export function encodeBuiltinCatalog(docs: readonly BuiltinDocument[], target = BUILTIN_CHUNK_TARGET_BYTES): { index: Omit<BuiltinCatalogIndex, 'chunks'>; chunks: Buffer[] } {
  const key = (d: BuiltinDocument): string => `${d.kind}:${d.name.toLowerCase()}`;
  const publicDocs = new Map<string, BuiltinDocument>();
  for (const d of docs) {
    if (d.government) continue;
    if (publicDocs.has(key(d))) throw new Error(`${d.file}: ${d.name} is also ${publicDocs.get(key(d))!.file}`);
    publicDocs.set(key(d), d);
  }
  // Order: public documents in path order, each followed by its differing Government copy; then Government-only ones.
  const govByKey = new Map<string, BuiltinDocument>();
  for (const d of docs) {
    if (!d.government) continue;
    if (govByKey.has(key(d))) throw new Error(`${d.file}: ${d.name} is also ${govByKey.get(key(d))!.file}`);
    govByKey.set(key(d), d);
  }
  const stored: { doc: BuiltinDocument; flags: number }[] = [];
  const base = (d: BuiltinDocument): number => (d.deprecated ? BUILTIN_FLAG.deprecated : 0) | (d.preview ? BUILTIN_FLAG.preview : 0);
  for (const d of docs) {
    if (d.government) continue;
    const gov = govByKey.get(key(d));
    if (gov && gov.text === d.text) {
      stored.push({ doc: d, flags: base(d) | BUILTIN_FLAG.azureCloud | BUILTIN_FLAG.azureUSGovernment });
      continue;
    }
    stored.push({ doc: d, flags: base(d) | BUILTIN_FLAG.azureCloud });
    if (gov) stored.push({ doc: gov, flags: base(gov) | BUILTIN_FLAG.azureUSGovernment });
  }
  for (const d of docs) if (d.government && !publicDocs.has(key(d))) stored.push({ doc: d, flags: base(d) | BUILTIN_FLAG.azureUSGovernment });

  const chunks: Buffer[] = [];
  const entries: BuiltinIndexRow[] = [];
  let parts: Buffer[] = [];
  let size = 0;
  for (const { doc, flags } of stored) {
    const bytes = Buffer.from(doc.text, 'utf8');
    if (size > 0 && size + bytes.length > target) {
      chunks.push(Buffer.concat(parts));
      parts = [];
      size = 0;
    }
    entries.push([doc.kind, doc.name, doc.displayName, doc.version, doc.category, flags, chunks.length, size, size + bytes.length]);
    parts.push(bytes);
    size += bytes.length;
  }
  if (parts.length > 0) chunks.push(Buffer.concat(parts));
  return {
    index: {
      format: BUILTIN_CATALOG_FORMAT,
      source: { repository: 'https://github.com/Azure/azure-policy', commit: SOURCE_COMMIT, path: 'built-in-policies', license: 'MIT' },
      counts: { definitions: docs.filter((d) => d.kind === 0).length, initiatives: docs.filter((d) => d.kind === 1).length, files: docs.length },
      entries,
    },
    chunks,
  };
}

/** The documents a packed file holds, as index rows with their text (for --check and tests). */
export function readPackedBuiltins(file: string): { index: BuiltinCatalogIndex; texts: string[] } {
  const packed = openBuiltinCatalog(file);
  const chunks = packed.index.chunks.map((_, i) => packed.chunk(i));
  return { index: packed.index, texts: packed.index.entries.map((r) => chunks[r[6]].toString('utf8', r[7], r[8])) };
}

/**
 * How many of the catalog's definitions compile against the bundled alias catalog (the acceptance figure of issue
 * 13), with the names of those that do not and of those with an effect the parameter allows that cannot evaluate.
 */
export function compileSummary(catalog: PolicyResolver): string {
  let ok = 0;
  const failed: string[] = [];
  const effectWarnings: string[] = [];
  for (const entry of catalog.entries('definition')) {
    try {
      if ((compilePolicy(entry.definition()).effectWarnings ?? []).length > 0) effectWarnings.push(entry.name);
      ok++;
    } catch (e) {
      failed.push(`${entry.name}: ${(e as Error).message}`);
    }
  }
  const initiatives = [...catalog.entries('initiative')].length;
  return `${ok} of ${ok + failed.length} distinct definitions compile against the bundled alias catalog (and ${initiatives} distinct initiatives are held; Azure Government copies identical to the public one count once)`
    + (effectWarnings.length ? `; ${effectWarnings.length} with an effect whose details do not compile: ${effectWarnings.join(', ')}` : '')
    + (failed.length ? `\n  ${failed.join('\n  ')}` : '');
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const folder = argv.find((a) => !a.startsWith('--')) ?? process.env.GUARDRAILS_BUILTINS_DIR ?? path.join(sharedDir('azure-policy-builtins'), 'built-in-policies');
  if (!fs.existsSync(path.join(folder, 'policyDefinitions'))) {
    process.stderr.write(`derive-builtin-catalog: ${folder}/policyDefinitions not found (pass the built-in-policies folder as the first argument)\n`);
    return 2;
  }
  const docs = readBuiltinDocuments(folder);
  const { index, chunks } = encodeBuiltinCatalog(docs);
  const out = builtinCatalogFile();
  if (check) {
    let same = false;
    try {
      const current = readPackedBuiltins(out);
      const { chunks: _c, ...currentIndex } = current.index;
      same = JSON.stringify(currentIndex) === JSON.stringify(index)
        && current.texts.every((t, i) => { const r = index.entries[i]; return t === chunks[r[6]].toString('utf8', r[7], r[8]); });
    } catch {
      same = false;
    }
    if (!same) {
      process.stderr.write(`derive-builtin-catalog: ${path.relative(ROOT, out)} is stale: run npm run derive:builtins\n`);
      return 1;
    }
    process.stdout.write(`${path.relative(ROOT, out)} is up to date (${index.entries.length} documents); ${packedSizeNote(out)}\n`);
    process.stdout.write(`${compileSummary(builtinCatalogFrom(out))}\n`);
    return writeBuiltinRefs(builtinCatalogFrom(out), true);
  }
  const bytes = packData({ ...index }, chunks);
  fs.writeFileSync(out, bytes);
  const raw = chunks.reduce((n, c) => n + c.length, 0);
  process.stdout.write(`${path.relative(ROOT, out)}: ${index.counts.definitions} definitions and ${index.counts.initiatives} initiatives `
    + `(${docs.filter((d) => d.government).length} Azure Government copies, ${docs.filter((d) => d.government).length - (index.entries.length - docs.filter((d) => !d.government).length)} identical to the public one and stored once) `
    + `as ${index.entries.length} documents in ${chunks.length} chunks: ${raw} bytes of JSON -> ${packedSizeNote(out)}\n`);
  process.stdout.write(`${compileSummary(builtinCatalogFrom(out))}\n`);
  return writeBuiltinRefs(builtinCatalogFrom(out), false);
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
