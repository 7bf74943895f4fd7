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
  return zlib.brotliDecompressSync(fs.readFileSync(bundledAliasFile())).toString('utf8');
}

/**
 * The alias catalog shipped with the package: 65,383 distinct aliases of Azure's resource providers (2024 dump, see
 * `data/NOTICE.md`), loaded on first use (~0.1 s) and cached for the life of the process.
 */
export function bundledAliases(): AliasCatalog {
  if (!cachedCatalog) cachedCatalog = AliasCatalog.fromFlatTable(bundledAliasTable());
  return cachedCatalog;
}
