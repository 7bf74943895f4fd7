import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { AliasCatalog, BatchOptions, PolicyEngineError } from '../policy-engine';
import { ConfinedPathError, confinedFile, jsonErrorWithoutContent, readRoots } from './confine';

/**
 * The file side of batch evaluation (`guardrails eval --batch`, scripts/conformance.ts): reading the alias catalogs
 * that requests name, and the conformance format's default context. The engine itself does no file I/O.
 */

/**
 * Context used when a batch request gives none (the conformance format's defaults): resourceGroup() and subscription()
 * then return these objects.
 */
export const POLICY_BATCH_DEFAULT_CONTEXT = {
  resourceGroup: { name: 'myResourceGroup', location: 'eastus', id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup', tags: {} },
  subscription: { subscriptionId: '00000000-0000-0000-0000-000000000000', displayName: 'Default Subscription', id: '/subscriptions/00000000-0000-0000-0000-000000000000', tenantId: '00000000-0000-0000-0000-000000000000' },
};

/** Largest alias catalog a request may name, in bytes, on disk and after decompression: 256 MiB. */
export const DEFAULT_MAX_CATALOG_BYTES = 256 * 1024 * 1024;

/** Options for the files batch requests name. */
export interface BatchFileOptions {
  /** Folders whose files requests may also name, besides the folder of the JSONL file. @default none */
  readonly allowRead?: readonly string[];
  /** Largest alias catalog file, in bytes (also after gunzip). @default DEFAULT_MAX_CATALOG_BYTES */
  readonly maxCatalogBytes?: number;
}

const catalogCache = new Map<string, AliasCatalog>();

/** A catalog file's problem as a parse error that names the path as written and never echoes the content. */
function catalogError(written: string, detail: string): PolicyEngineError {
  return new PolicyEngineError('parse', `cannot read alias catalog ${JSON.stringify(written)}: ${detail}`, '/aliases');
}

/**
 * Loads the alias catalog a request names (ARM provider JSON, or a flat "alias,path" table; `.gz` is decompressed):
 * only from inside `roots`, at most `maxBytes`, cached by real path. Throws PolicyEngineError (stage parse).
 */
export function loadAliasCatalogFile(written: string, baseDir: string, roots: readonly string[], maxBytes = DEFAULT_MAX_CATALOG_BYTES): AliasCatalog {
  let real: string;
  try {
    real = confinedFile(written, baseDir, roots, 'alias catalog', maxBytes).real;
  } catch (e) {
    if (e instanceof ConfinedPathError) throw new PolicyEngineError('parse', e.message.replace(/^alias catalog /, 'cannot read alias catalog '), '/aliases');
    throw e;
  }
  const hit = catalogCache.get(real);
  if (hit) return hit;
  let buf: Buffer;
  try {
    buf = fs.readFileSync(real);
    if (real.endsWith('.gz')) buf = zlib.gunzipSync(buf, { maxOutputLength: maxBytes });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw catalogError(written, code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError ? `decompresses to more than ${maxBytes.toLocaleString('en-US')} bytes` : code === 'Z_DATA_ERROR' ? 'not valid gzip data' : `cannot be read (${code ?? 'error'})`);
  }
  let catalog: AliasCatalog;
  try {
    catalog = AliasCatalog.fromText(buf.toString('utf8'), 'alias catalog');
  } catch (e) {
    if (!(e instanceof PolicyEngineError)) throw e;
    // Only the kind of problem and where: the catalog's own messages may quote its content.
    const detail = /not valid JSON/.test(e.rawMessage) ? jsonErrorWithoutContent(new Error(e.rawMessage.replace(/^.*?is not valid JSON: /, '')))
      : /^line \d+:/.test(e.rawMessage) ? `line ${/^line (\d+)/.exec(e.rawMessage)![1]}: expected "aliasName,defaultPath"`
        : e.pointer ? `not an alias catalog (invalid entry at ${e.pointer})` : 'not an alias catalog';
    throw catalogError(written, detail);
  }
  if (catalogCache.size > 100) catalogCache.clear();
  catalogCache.set(real, catalog);
  return catalog;
}

/**
 * Batch options for requests read from a file in `baseDir`: `aliases` paths are relative to it and confined to it
 * (and to `allowRead`); the conformance format's default context.
 */
export function batchOptions(baseDir: string, options: BatchFileOptions = {}): BatchOptions {
  let roots: string[] | undefined;
  return {
    resolveAliases: (file) => loadAliasCatalogFile(file, baseDir, (roots ??= readRoots([baseDir, ...(options.allowRead ?? []).map((f) => path.resolve(f))])), options.maxCatalogBytes),
    defaultContext: POLICY_BATCH_DEFAULT_CONTEXT,
  };
}
