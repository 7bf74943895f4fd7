import * as path from 'path';
import { packageRoot } from '../core/package-root';
import { AliasCatalog, AliasEntry, AliasGroupSource } from './aliases';
import { fold } from './values';
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
   * `[group, chunk, rows, start, end]` sorted by group (see `aliasGroup`: a namespace and its first one or two type
   * segments): each chunk is a flat table of one or more whole groups, a group its bytes start..end of the chunk.
   */
  readonly groups: ReadonlyArray<readonly [group: string, chunk: number, rows: number, start: number, end: number]>;
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
 * Parses the rows of the bundled catalog (`aliasName,defaultPath[,removed]`, as the derivation writes them:
 * normalised, no quotes, no blank lines): the fast path of `parseFlatTable` for trusted text.
 */
export function parsePackedAliasRows(text: string): Map<string, AliasEntry[]> {
  const map = new Map<string, AliasEntry[]>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const comma = text.indexOf(',', start);
    if (comma < 0 || comma > end) throw new Error(`bundled alias catalog: malformed row ${JSON.stringify(text.slice(start, Math.min(end, start + 200)))}`);
    const name = text.slice(start, comma);
    const flag = text.lastIndexOf(',', end);
    const removed = flag > comma && text.startsWith(',removed', flag) && flag + 8 === end;
    const entry: AliasEntry = removed
      ? { name, defaultPath: text.slice(comma + 1, flag), paths: [], removed: true }
      : { name, defaultPath: text.slice(comma + 1, end), paths: [] };
    const key = fold(name);
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
    start = end + 1;
  }
  return map;
}

/**
 * A group-at-a-time source over a packed alias catalog file: opening reads only the index; a group is parsed from
 * its byte range of its chunk on its first look-up (the chunk is inflated once and kept until all its groups have
 * been handed out).
 */
export function packedAliasSource(file: string): AliasGroupSource & { readonly index: BundledAliasIndex } {
  let packed: PackedDataFile<BundledAliasIndex> | undefined;
  let groupOf: Map<string, BundledAliasIndex['groups'][number]> | undefined;
  const chunks = new Map<number, { buf: Buffer; pending: number }>();
  let pendingPerChunk: Map<number, number> | undefined;
  const open = (): PackedDataFile<BundledAliasIndex> => {
    if (!packed) {
      packed = openIndex(file);
      groupOf = new Map(packed.index.groups.map((g) => [g[0], g]));
      pendingPerChunk = new Map();
      for (const g of packed.index.groups) pendingPerChunk.set(g[1], (pendingPerChunk.get(g[1]) ?? 0) + 1);
    }
    return packed;
  };
  return {
    get index() {
      return open().index;
    },
    groups: () => open().index.groups.map(([g]) => g),
    load(group: string): ReadonlyMap<string, readonly AliasEntry[]> | undefined {
      const p = open();
      const g = groupOf!.get(group);
      if (!g) return undefined;
      const [, chunk, , start, end] = g;
      let c = chunks.get(chunk);
      if (!c) chunks.set(chunk, (c = { buf: p.chunk(chunk), pending: pendingPerChunk!.get(chunk) ?? 1 }));
      if (--c.pending <= 0) chunks.delete(chunk);
      return parsePackedAliasRows(c.buf.toString('utf8', start, end));
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
