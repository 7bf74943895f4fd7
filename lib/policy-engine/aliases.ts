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
    return new AliasCatalog(map);
  }

  /** Reads a flat table: one "aliasName,defaultPath" line per alias (a header line and blank lines are skipped). */
  public static fromFlatTable(text: string): AliasCatalog {
    if (typeof text !== 'string') throw new PolicyEngineError('parse', 'alias table must be text', '');
    const map = new Map<string, AliasEntry[]>();
    let start = 0;
    let line = 0;
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
      const path = unquote(raw.slice(comma + 1).trim());
      if (line === 1 && !name.includes('/')) continue; // header
      const key = fold(name);
      const entry: AliasEntry = { name, defaultPath: path, paths: [] };
      const list = map.get(key);
      if (list) list.push(entry);
      else map.set(key, [entry]);
    }
    return new AliasCatalog(map);
  }

  /** Merges catalogs; later catalogs win on duplicate names. */
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

  public static merge(...catalogs: AliasCatalog[]): AliasCatalog {
    const map = new Map<string, AliasEntry[]>();
    for (const c of catalogs) for (const [k, v] of c.entries) map.set(k, v);
    return new AliasCatalog(map);
  }

  /** An empty catalog. */
  public static empty(): AliasCatalog {
    return new AliasCatalog(new Map());
  }

  private constructor(private readonly entries: Map<string, AliasEntry[]>) {}

  /** Number of aliases. */
  public get size(): number {
    return this.entries.size;
  }

  /** Whether the alias exists (case-insensitive). */
  public has(alias: string): boolean {
    return this.entries.has(fold(alias));
  }

  /** The alias entry, if any (case-insensitive). */
  public get(alias: string): AliasEntry | undefined {
    return this.entries.get(fold(alias))?.[0];
  }

  /** Every declaration of the alias (one per resource type that declares it). */
  public getAll(alias: string): readonly AliasEntry[] {
    return this.entries.get(fold(alias)) ?? [];
  }

  /**
   * Whether the resource type has a property `properties.<name>` of its own (some alias of the type maps there).
   * `type` and `name` are compared case-insensitively.
   */
  public declaresProperty(type: string, name: string): boolean {
    if (!this.declared) {
      const index = new Map<string, Set<string>>();
      for (const list of this.entries.values()) {
        for (const e of list) {
          const t = e.resourceType ?? aliasType(e.name);
          if (!t) continue;
          for (const p of [e.defaultPath, ...e.paths.map((x) => x.path)]) {
            const m = /^properties\.([^.[]+)/i.exec(p);
            if (!m) continue;
            const key = fold(t);
            let set = index.get(key);
            if (!set) index.set(key, (set = new Set()));
            set.add(fold(m[1]));
          }
        }
      }
      this.declared = index;
    }
    return this.declared.get(fold(type))?.has(fold(name)) ?? false;
  }

  private declared?: Map<string, Set<string>>;

  /** Alias names. */
  public names(): string[] {
    return [...this.entries.values()].map((e) => e[0].name);
  }
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
