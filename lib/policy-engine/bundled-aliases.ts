import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { packageRoot } from '../core/package-root';
import { AliasCatalog } from './aliases';

/** File name of the bundled catalog under `lib/policy-engine/data/` (derived by `npm run derive:aliases`). */
export const BUNDLED_ALIAS_FILE = 'aliases.v1.csv.br';

let cachedCatalog: AliasCatalog | undefined;

/** Absolute path of the bundled alias catalog, from the sources or from the installed package. */
export function bundledAliasFile(): string {
  return path.join(packageRoot(), 'lib', 'policy-engine', 'data', BUNDLED_ALIAS_FILE);
}

/**
 * The bundled catalog as text: a `#` comment line, then `aliasName,defaultPath` rows (what
 * `AliasCatalog.fromFlatTable` reads). Not cached: `bundledAliases()` is the cached form.
 */
export function bundledAliasTable(): string {
  // One output chunk larger than the text (11 MB) spares zlib the concatenation of 64 KiB chunks (~10 ms).
  return zlib.brotliDecompressSync(fs.readFileSync(bundledAliasFile()), { chunkSize: 16 * 1024 * 1024 }).toString('utf8');
}

/**
 * The alias catalog shipped with the package: 65,383 distinct aliases of Azure's resource providers (2024 dump, see
 * `data/NOTICE.md`), loaded on first use (0.1-0.2 s: brotli ~20 ms, the rest
 * `AliasCatalog.fromFlatTable`) and cached for the life of the process.
 */
export function bundledAliases(): AliasCatalog {
  if (!cachedCatalog) cachedCatalog = AliasCatalog.fromFlatTable(bundledAliasTable());
  return cachedCatalog;
}
