import * as path from 'path';
import { packageRoot } from '../core/package-root';
import { AliasCatalog, AliasEntry, AliasGroupSource, aliasGroup, parseFlatTable } from './aliases';
import { PackedDataFile, PackedIndex } from './packed-data';

/** File name of the bundled catalog under `lib/policy-engine/data/` (derived by `npm run derive:aliases`). */
export const BUNDLED_ALIAS_FILE = 'aliases.v2.bin';

/** The `format` member of the bundled catalog's index. */
export const BUNDLED_ALIAS_FORMAT = 'guardrails-alias-catalog/2';

/** Index of the bundled alias catalog (a packed file, see packed-data.ts). */
export interface BundledAliasIndex extends PackedIndex {
  readonly format: typeof BUNDLED_ALIAS_FORMAT;
  /** The dumps it was derived from, older first. */
  readonly sources: ReadonlyArray<{ readonly file: string; readonly rows: number; readonly dumped: string }>;
  /** Distinct alias names. */
  readonly aliases: number;
  /** Rows (a name declared on several resource types has several). */
  readonly rows: number;
  /** Names only in the older dump (marked removed). */
  readonly removed: number;
  /**
   * `[group, chunk, rows]` sorted by group (see `aliasGroup`: a namespace and its first one or two type segments);
   * each chunk is a flat table of one or more whole groups.
   */
  readonly groups: ReadonlyArray<readonly [string, number, number]>;
}

let cachedCatalog: AliasCatalog | undefined;

/** Absolute path of the bundled alias catalog, from the sources or from the installed package. */
export function bundledAliasFile(): string {
  return path.join(packageRoot(), 'lib', 'policy-engine', 'data', BUNDLED_ALIAS_FILE);
}

function openIndex(file: string): PackedDataFile<BundledAliasIndex> {
  const packed = PackedDataFile.open<BundledAliasIndex>(file);
  if (packed.index.format !== BUNDLED_ALIAS_FORMAT || !Array.isArray(packed.index.groups)) {
    throw new Error(`${file}: not a ${BUNDLED_ALIAS_FORMAT} catalog`);
  }
  return packed;
}

/**
 * A group-at-a-time source over a packed alias catalog file: opening reads only the index; a group's chunk is
 * inflated and parsed on the first look-up of one of its groups (and then serves all of them).
 */
export function packedAliasSource(file: string): AliasGroupSource & { readonly index: BundledAliasIndex } {
  let packed: PackedDataFile<BundledAliasIndex> | undefined;
  let chunkOf: Map<string, number> | undefined;
  const parsed = new Map<number, Map<string, Map<string, AliasEntry[]>>>();
  const open = (): PackedDataFile<BundledAliasIndex> => {
    if (!packed) {
      packed = openIndex(file);
      chunkOf = new Map(packed.index.groups.map(([group, chunk]) => [group, chunk]));
    }
    return packed;
  };
  const chunkGroups = (chunk: number): Map<string, Map<string, AliasEntry[]>> => {
    let groups = parsed.get(chunk);
    if (!groups) {
      groups = new Map();
      for (const [key, list] of parseFlatTable(open().chunk(chunk).toString('utf8'), 0)) {
        const g = aliasGroup(key);
        let m = groups.get(g);
        if (!m) groups.set(g, (m = new Map()));
        m.set(key, list);
      }
      parsed.set(chunk, groups);
    }
    return groups;
  };
  return {
    get index() {
      return open().index;
    },
    groups: () => open().index.groups.map(([g]) => g),
    load(group: string): ReadonlyMap<string, readonly AliasEntry[]> | undefined {
      open();
      const chunk = chunkOf!.get(group);
      if (chunk === undefined) return undefined;
      const groups = chunkGroups(chunk);
      const hit = groups.get(group);
      // Each group is handed out once (the layer caches it); forget it here.
      groups.delete(group);
      if (groups.size === 0) parsed.delete(chunk);
      return hit;
    },
  };
}

/** The whole bundled catalog as its index and the text of every chunk (for checks and the derivation's --check). */
export function readBundledAliasChunks(file = bundledAliasFile()): { index: BundledAliasIndex; chunks: string[] } {
  const packed = openIndex(file);
  return { index: packed.index, chunks: packed.index.chunks.map((_, i) => packed.chunk(i).toString('utf8')) };
}

/**
 * The bundled catalog as one flat table: `aliasName,defaultPath[,removed]` lines, namespace after namespace (what
 * `AliasCatalog.fromFlatTable` reads). Inflates everything; `bundledAliases()` is the lazy, cached form.
 */
export function bundledAliasTable(): string {
  return readBundledAliasChunks().chunks.join('');
}

/**
 * The alias catalog shipped with the package: Azure's resource provider aliases from two dumps (2024 and 2026-08,
 * see `data/NOTICE.md`; aliases only in the older one are marked `removed`). Lazy: the first look-up reads the index;
 * the chunk holding the alias's resource type (at most about 64 KB of text, or one type's aliases when they are more)
 * is inflated and parsed on its first look-up. Cached for the life of the process.
 */
export function bundledAliases(): AliasCatalog {
  if (!cachedCatalog) cachedCatalog = AliasCatalog.lazy(packedAliasSource(bundledAliasFile()));
  return cachedCatalog;
}
