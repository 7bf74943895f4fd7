import type * as zlibTypes from 'zlib';
import { PolicyEngineError } from './errors';
import { fold, isObject } from './values';

/** One versioned path of an alias. */
export interface AliasPathVersion {
  /** Path in the resource JSON, e.g. "properties.networkAcls.ipRules[*].value". */
  readonly path: string;
  /** API versions this path applies to. */
  readonly apiVersions: readonly string[];
}

/** One alias of the catalog. */
export interface AliasEntry {
  /** Alias name, e.g. "Microsoft.Storage/storageAccounts/minimumTlsVersion". */
  readonly name: string;
  /** Path used when no versioned path matches the request's API version. */
  readonly defaultPath: string;
  /** Versioned paths. */
  readonly paths: readonly AliasPathVersion[];
  /** Whether modify may change it: true (Modifiable), false (explicitly not), undefined (unknown). */
  readonly modifiable?: boolean;
  /** Resource type that declares the alias (the same alias name can exist on several types with different paths). */
  readonly resourceType?: string;
  /**
   * True when the alias is in an older alias dump but no longer in the newest one Azure publishes (Azure removed it):
   * definitions that name it still compile, with a note, and read the path it had.
   */
  readonly removed?: boolean;
}

/**
 * Aliases loaded one group at a time (the bundled catalog): nothing is read until an alias of the group is looked up.
 * A group holds the aliases of one resource type and its properties, keyed by {@link aliasGroup}.
 */
export interface AliasGroupSource {
  /** The group keys held ({@link aliasGroup} / {@link typeGroup} form). */
  groups(): readonly string[];
  /** The aliases of one group by folded name, or undefined when the source has none. Called once per group. */
  load(group: string): ReadonlyMap<string, readonly AliasEntry[]> | undefined;
}

/** Default limit of an alias catalog file's text (after decompression): 256 MiB. */
export const DEFAULT_ALIAS_CATALOG_MAX_BYTES = 256 * 1024 * 1024;

/** An alias catalog file is larger (or inflates to more) than the limit it was read with. */
export class AliasCatalogLimitError extends PolicyEngineError {
  constructor(
    /** The file or source as named by the caller. */
    public readonly source: string,
    /** The limit in bytes. */
    public readonly limit: number,
    /** True when the file is compressed and its inflated text exceeds the limit. */
    public readonly inflated: boolean,
  ) {
    super('parse', `${source} ${inflated ? 'inflates to' : 'is'} more than ${formatBytes(limit)} (the alias catalog size limit)`);
    this.name = 'AliasCatalogLimitError';
  }
}

/** "256 MiB" / "1.5 GiB" / "512 bytes". */
export function formatBytes(n: number): string {
  const units: [number, string][] = [[1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']];
  for (const [size, unit] of units) if (n >= size) return `${Number((n / size).toFixed(2))} ${unit}`;
  return `${n} bytes`;
}

function segmentEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length && s[i] !== '/' && s[i] !== '.' && s[i] !== '[') i++;
  return i;
}

/**
 * The group of a folded alias name: its namespace and the first two resource type segments when both are followed
 * by another `/` (`microsoft.web/sites/config/web.x`: `microsoft.web/sites/config`), else the first one
 * (`microsoft.network/networksecuritygroups/securityrules[*].x`: `microsoft.network/networksecuritygroups`).
 * For every alias that names its type, this is {@link typeGroup} of that type.
 */
export function aliasGroup(foldedName: string): string {
  const s1 = foldedName.indexOf('/');
  if (s1 < 0) return foldedName;
  const e1 = segmentEnd(foldedName, s1 + 1);
  if (foldedName[e1] !== '/') return foldedName.slice(0, e1);
  const e2 = segmentEnd(foldedName, e1 + 1);
  return foldedName[e2] === '/' ? foldedName.slice(0, e2) : foldedName.slice(0, e1);
}

/** The group of a folded resource type: its namespace and at most its first two type segments. */
export function typeGroup(foldedType: string): string {
  const parts = foldedType.split('/');
  return parts.slice(0, 3).join('/');
}

/** One layer of a catalog: a merge stacks layers, later ones win on duplicate names. */
interface Layer {
  get(key: string): readonly AliasEntry[] | undefined;
  /** Folded names of the aliases declared on the resource types of one {@link typeGroup}. */
  namesOfTypeGroup(group: string): Iterable<string>;
  /** Every folded name and its declarations (loads everything). */
  all(): Iterable<[string, readonly AliasEntry[]]>;
  /** Whether any alias of the folded namespace is held (without loading aliases). */
  hasNamespace(ns: string): boolean;
}

function namespaceOf(foldedKey: string): string {
  const slash = foldedKey.indexOf('/');
  return slash < 0 ? foldedKey : foldedKey.slice(0, slash);
}

/** The resource type of an alias declaration: the declaring type, else the one its name begins with. */
function declaredType(e: AliasEntry): string | undefined {
  return e.resourceType ?? aliasType(e.name);
}

class MapLayer implements Layer {
  private byTypeGroup?: Map<string, Set<string>>;
  constructor(private readonly entries: ReadonlyMap<string, readonly AliasEntry[]>) {}
  get(key: string): readonly AliasEntry[] | undefined {
    return this.entries.get(key);
  }
  namesOfTypeGroup(group: string): Iterable<string> {
    if (!this.byTypeGroup) {
      const groups = new Map<string, Set<string>>();
      for (const [k, list] of this.entries) {
        for (const e of list) {
          const t = declaredType(e);
          if (!t) continue;
          const g = typeGroup(fold(t));
          let set = groups.get(g);
          if (!set) groups.set(g, (set = new Set()));
          set.add(k);
        }
      }
      this.byTypeGroup = groups;
    }
    return this.byTypeGroup.get(group) ?? [];
  }
  all(): Iterable<[string, readonly AliasEntry[]]> {
    return this.entries;
  }
  private namespaces?: Set<string>;
  hasNamespace(ns: string): boolean {
    this.namespaces ??= new Set([...this.entries.keys()].map(namespaceOf));
    return this.namespaces.has(ns);
  }
}

/** A layer over an {@link AliasGroupSource}: its entries carry no resourceType, so name group = type group. */
class LazyLayer implements Layer {
  private readonly loaded = new Map<string, ReadonlyMap<string, readonly AliasEntry[]> | null>();
  private known?: Set<string>;
  constructor(private readonly source: AliasGroupSource) {}
  private group(g: string): ReadonlyMap<string, readonly AliasEntry[]> | undefined {
    let m = this.loaded.get(g);
    if (m === undefined) {
      this.known ??= new Set(this.source.groups());
      m = this.known.has(g) ? (this.source.load(g) ?? null) : null;
      this.loaded.set(g, m);
    }
    return m ?? undefined;
  }
  get(key: string): readonly AliasEntry[] | undefined {
    return this.group(aliasGroup(key))?.get(key);
  }
  namesOfTypeGroup(group: string): Iterable<string> {
    return this.group(group)?.keys() ?? [];
  }
  *all(): Iterable<[string, readonly AliasEntry[]]> {
    for (const g of this.source.groups()) yield* this.group(g) ?? [];
  }
  private namespaces?: Set<string>;
  hasNamespace(ns: string): boolean {
    this.namespaces ??= new Set(this.source.groups().map(namespaceOf));
    return this.namespaces.has(ns);
  }
}

/** A catalog of Azure Policy aliases (case-insensitive). */
export class AliasCatalog {
  /** Reads `az provider list --expand resourceTypes/aliases` output (an array of providers, or `{ value: [...] }`). */
  public static fromArmProviders(json: unknown): AliasCatalog {
    const providers = isObject(json) && Array.isArray(json.value) ? json.value : json;
    if (!Array.isArray(providers)) {
      throw new PolicyEngineError('parse', 'alias catalog must be an array of resource providers or an object with a "value" array', '');
    }
    const map = new Map<string, AliasEntry[]>();
    providers.forEach((prov: unknown, pi: number) => {
      if (!isObject(prov)) throw new PolicyEngineError('parse', 'resource provider entry must be an object', `/${pi}`);
      const rts = prov.resourceTypes ?? [];
      if (!Array.isArray(rts)) throw new PolicyEngineError('parse', '"resourceTypes" must be an array', `/${pi}/resourceTypes`);
      rts.forEach((rt: unknown, ri: number) => {
        if (!isObject(rt)) throw new PolicyEngineError('parse', 'resource type entry must be an object', `/${pi}/resourceTypes/${ri}`);
        const resourceType = typeof prov.namespace === 'string' && typeof rt.resourceType === 'string' ? `${prov.namespace}/${rt.resourceType}` : undefined;
        const aliases = rt.aliases ?? [];
        if (!Array.isArray(aliases)) throw new PolicyEngineError('parse', '"aliases" must be an array', `/${pi}/resourceTypes/${ri}/aliases`);
        aliases.forEach((a: unknown, ai: number) => {
          const at = `/${pi}/resourceTypes/${ri}/aliases/${ai}`;
          if (!isObject(a) || typeof a.name !== 'string') throw new PolicyEngineError('parse', 'alias must be an object with a string "name"', at);
          const paths: AliasPathVersion[] = [];
          if (a.paths !== undefined && a.paths !== null) {
            if (!Array.isArray(a.paths)) throw new PolicyEngineError('parse', '"paths" must be an array', `${at}/paths`);
            for (const p of a.paths) {
              if (isObject(p) && typeof p.path === 'string') {
                paths.push({ path: p.path, apiVersions: Array.isArray(p.apiVersions) ? p.apiVersions.filter((v): v is string => typeof v === 'string') : [] });
              }
            }
          }
          const defaultPath = typeof a.defaultPath === 'string' ? a.defaultPath : paths.length > 0 ? paths[0].path : undefined;
          if (defaultPath === undefined) throw new PolicyEngineError('parse', `alias ${a.name} has neither "defaultPath" nor "paths"`, at);
          const attrs = isObject(a.defaultMetadata) && typeof a.defaultMetadata.attributes === 'string' ? a.defaultMetadata.attributes : undefined;
          const modifiable = attrs === undefined ? undefined : /modifiable/i.test(attrs);
          const entry: AliasEntry = { name: a.name, defaultPath, paths, modifiable, resourceType };
          const key = fold(a.name);
          const list = map.get(key);
          if (list) list.push(entry);
          else map.set(key, [entry]);
        });
      });
    });
    return new AliasCatalog([new MapLayer(map)]);
  }

  /**
   * Reads a flat table: one `aliasName,defaultPath` line per alias, optionally followed by `,removed` (the alias is
   * in an older dump only; see {@link AliasEntry.removed}). A header line, blank lines and `#` comment lines are
   * skipped; a name given on several lines has several declarations, in order.
   */
  public static fromFlatTable(text: string): AliasCatalog {
    if (typeof text !== 'string') throw new PolicyEngineError('parse', 'alias table must be text', '');
    return new AliasCatalog([new MapLayer(parseFlatTable(text, 0))]);
  }

  /**
   * A catalog file's text in either format: ARM's provider JSON (an array or `{value: [...]}`) when it starts with `[`
   * or `{`, otherwise a flat `aliasName,defaultPath` table. Throws PolicyEngineError (stage parse) naming `source`.
   */
  public static fromText(text: string, source = 'alias catalog'): AliasCatalog {
    const trimmed = text.trimStart();
    if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return AliasCatalog.fromFlatTable(text);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new PolicyEngineError('parse', `${source} is not valid JSON: ${(e as Error).message}`);
    }
    return AliasCatalog.fromArmProviders(json);
  }

  /**
   * A catalog file's bytes: gzip (recognised by its magic bytes) is inflated, then read as by {@link fromText}.
   * The text may not exceed `maxBytes` (default {@link DEFAULT_ALIAS_CATALOG_MAX_BYTES}): a larger file, or a gzip
   * file that inflates to more, throws {@link AliasCatalogLimitError} before the excess is produced.
   */
  public static fromBytes(bytes: Uint8Array, source = 'alias catalog', options: { maxBytes?: number } = {}): AliasCatalog {
    const limit = options.maxBytes ?? DEFAULT_ALIAS_CATALOG_MAX_BYTES;
    let data: Buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
      try {
        // Loaded here: most processes never read a gzip catalog.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const zlib = require('zlib') as typeof zlibTypes;
        data = zlib.gunzipSync(data, { maxOutputLength: limit });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new AliasCatalogLimitError(source, limit, true);
        throw new PolicyEngineError('parse', `${source} is not a valid gzip file: ${(e as Error).message}`);
      }
    } else if (data.length > limit) {
      throw new AliasCatalogLimitError(source, limit, false);
    }
    return AliasCatalog.fromText(data.toString('utf8').replace(/^\uFEFF/, ''), source);
  }

  /** A catalog read from `source` one group at a time, on first look-up (the bundled catalog). */
  public static lazy(source: AliasGroupSource): AliasCatalog {
    return new AliasCatalog([new LazyLayer(source)]);
  }

  /** Merges catalogs; later catalogs win on duplicate names. Lazy catalogs stay lazy. */
  public static merge(...catalogs: AliasCatalog[]): AliasCatalog {
    return new AliasCatalog(catalogs.flatMap((c) => c.layers));
  }

  /** An empty catalog. */
  public static empty(): AliasCatalog {
    return new AliasCatalog([]);
  }

  private constructor(private readonly layers: readonly Layer[]) {}

  private lookup(alias: string): readonly AliasEntry[] | undefined {
    const key = fold(alias);
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const hit = this.layers[i].get(key);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The effective declarations (later layers win) of every name. */
  private effective(): Map<string, readonly AliasEntry[]> {
    const out = new Map<string, readonly AliasEntry[]>();
    for (const layer of this.layers) for (const [k, v] of layer.all()) out.set(k, v);
    return out;
  }

  /** Number of aliases (distinct names). Reads every namespace of a lazy catalog. */
  public get size(): number {
    return (this.count ??= this.effective().size);
  }

  private count?: number;

  /** Whether the alias exists (case-insensitive). */
  public has(alias: string): boolean {
    return this.lookup(alias) !== undefined;
  }

  /** The alias entry, if any (case-insensitive). */
  public get(alias: string): AliasEntry | undefined {
    return this.lookup(alias)?.[0];
  }

  /** Every declaration of the alias (one per resource type that declares it). */
  public getAll(alias: string): readonly AliasEntry[] {
    return this.lookup(alias) ?? [];
  }

  /**
   * Whether the resource type has a property `properties.<name>` of its own (some alias of the type maps there).
   * `type` and `name` are compared case-insensitively. Reads only the type's group.
   */
  public declaresProperty(type: string, name: string): boolean {
    const t = fold(type);
    const group = typeGroup(t);
    let index = this.declared.get(group);
    if (!index) {
      index = new Map<string, Set<string>>();
      const names = new Set<string>();
      for (const layer of this.layers) for (const k of layer.namesOfTypeGroup(group)) names.add(k);
      for (const k of names) {
        for (const e of this.lookup(k) ?? []) {
          const et = declaredType(e);
          if (!et || typeGroup(fold(et)) !== group) continue;
          for (const p of [e.defaultPath, ...e.paths.map((x) => x.path)]) {
            const m = /^properties\.([^.[]+)/i.exec(p);
            if (!m) continue;
            const key = fold(et);
            let set = index.get(key);
            if (!set) index.set(key, (set = new Set()));
            set.add(fold(m[1]));
          }
        }
      }
      this.declared.set(group, index);
    }
    return index.get(t)?.has(fold(name)) ?? false;
  }

  private readonly declared = new Map<string, Map<string, Set<string>>>();

  /** Whether the catalog holds any alias of the resource provider namespace (case-insensitive), e.g. "Microsoft.Web". */
  public knowsNamespace(namespace: string): boolean {
    const ns = fold(namespace);
    return this.layers.some((l) => l.hasNamespace(ns));
  }

  /** Names of the aliases declared on a resource type (case-insensitive type), sorted. Reads only the type's group. */
  public namesOfType(type: string): string[] {
    const t = fold(type);
    const group = typeGroup(t);
    const names = new Set<string>();
    for (const layer of this.layers) for (const k of layer.namesOfTypeGroup(group)) names.add(k);
    const out = new Set<string>();
    for (const k of names) {
      for (const e of this.lookup(k) ?? []) {
        const et = declaredType(e);
        if (et && fold(et) === t) out.add(e.name);
      }
    }
    return [...out].sort();
  }

  /** Alias names. Reads every namespace of a lazy catalog. */
  public names(): string[] {
    return [...this.effective().values()].map((e) => e[0].name);
  }
}

const FLAGS = /^removed$/i;

/**
 * Parses flat-table text into folded name -> declarations. `lineOffset` numbers lines in messages when the text is a
 * part of a larger table.
 */
export function parseFlatTable(text: string, lineOffset: number): Map<string, AliasEntry[]> {
  const map = new Map<string, AliasEntry[]>();
  let start = 0;
  let line = lineOffset;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const raw = text.slice(start, end).replace(/\r$/, '').trim();
    start = end + 1;
    if (raw === '' || raw.startsWith('#')) continue;
    const comma = raw.indexOf(',');
    if (comma <= 0) throw new PolicyEngineError('parse', `line ${line}: expected "aliasName,defaultPath"`, `/${line}`);
    const name = unquote(raw.slice(0, comma).trim());
    let rest = raw.slice(comma + 1);
    let removed = false;
    const flag = rest.lastIndexOf(',');
    if (flag > 0 && FLAGS.test(rest.slice(flag + 1).trim())) {
      removed = true;
      rest = rest.slice(0, flag);
    }
    const path = unquote(rest.trim());
    if (line === lineOffset + 1 && !name.includes('/')) continue; // header
    const key = fold(name);
    const entry: AliasEntry = removed ? { name, defaultPath: path, paths: [], removed } : { name, defaultPath: path, paths: [] };
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
  }
  return map;
}

/** Resource type of an alias from its name ("Microsoft.Web/sites/siteConfig.x" -> "Microsoft.Web/sites"). */
function aliasType(name: string): string | undefined {
  const b = name.indexOf('[');
  const head = b >= 0 ? name.slice(0, b) : name;
  const slash = head.lastIndexOf('/');
  return slash > 0 && head.indexOf('/') < slash ? head.slice(0, slash) : undefined;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s;
}
