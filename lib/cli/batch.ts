import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { AliasCatalog, BatchOptions, PolicyEngineError } from '../policy-engine';

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

const catalogCache = new Map<string, AliasCatalog>();

/** Loads an alias catalog file (ARM provider JSON, or a flat "alias,path" table; `.gz` is decompressed), cached by path. */
export function loadAliasCatalogFile(file: string): AliasCatalog {
  const resolved = path.resolve(file);
  const hit = catalogCache.get(resolved);
  if (hit) return hit;
  let buf: Buffer;
  try {
    buf = fs.readFileSync(resolved);
  } catch (e) {
    throw new PolicyEngineError('parse', `cannot read alias catalog ${file}: ${(e as Error).message}`);
  }
  if (resolved.endsWith('.gz')) buf = zlib.gunzipSync(buf);
  const catalog = AliasCatalog.fromText(buf.toString('utf8'), `alias catalog ${file}`);
  catalogCache.set(resolved, catalog);
  return catalog;
}

/** Batch options for requests read from a file in `baseDir`: `aliases` paths are relative to it. */
export function batchOptions(baseDir: string): BatchOptions {
  return {
    resolveAliases: (file) => loadAliasCatalogFile(path.resolve(baseDir, file)),
    defaultContext: POLICY_BATCH_DEFAULT_CONTEXT,
  };
}
