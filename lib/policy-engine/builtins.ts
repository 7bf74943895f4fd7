import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../core/package-root';
import { PackedDataFile, PackedIndex } from './packed-data';

/**
 * Policy catalogs (contract C2): Azure's built-in definitions and initiatives shipped with the package, the kit's own
 * `policies/` library, folders of custom definitions, and chains of them. Every catalog answers the same questions:
 * resolve a reference (GUID or name, full id, display name), list the versions held, enumerate.
 */

/** A definition (`policyDefinitions`) or an initiative (`policySetDefinitions`). */
export type PolicyKind = 'definition' | 'initiative';

/** The Azure clouds the built-in catalog distinguishes (Azure Government has its own copies of some built-ins). */
export type AzureCloud = 'AzureCloud' | 'AzureUSGovernment';

/** One definition or initiative of a catalog. */
export interface PolicyEntry {
  readonly kind: PolicyKind;
  /** GUID for built-ins, `name` for custom. */
  readonly name: string;
  /** Full id, e.g. /providers/Microsoft.Authorization/policyDefinitions/<guid>. */
  readonly id: string;
  readonly displayName?: string;
  /** e.g. "1.0.2" (properties.version, else metadata.version). */
  readonly version?: string;
  readonly category?: string;
  readonly source: 'builtin' | 'kit' | 'file';
  /** For 'file' and 'kit': the file it was read from. */
  readonly file?: string;
  /** metadata.deprecated (built-ins Azure keeps for existing assignments). Optional addition to C2. */
  readonly deprecated?: boolean;
  /** metadata.preview. Optional addition to C2. */
  readonly preview?: boolean;
  /** The full JSON ({name, id?, type?, properties}); parsed on first call, then the same frozen object. */
  definition(): Record<string, unknown>;
}

/** Options of {@link PolicyResolver.resolve}. */
export interface PolicyResolveOptions {
  kind?: PolicyKind;
  /** Exact "1.2.0" or a pattern "1.*.*" / "1.2.*" (assignment `definitionVersion`; see {@link matchesVersion}). */
  version?: string;
}

/** A catalog of definitions and initiatives. */
export interface PolicyResolver {
  /**
   * By GUID/name, full id (any scope prefix, optionally ending in `/versions/<version>`; case-insensitive),
   * `<kit>/<name>` (the kit's library) or exact display name (case-insensitive). Undefined when nothing matches
   * (including a version that is not held: see `versions`). Throws {@link PolicyReferenceError} when the reference
   * matches several different policies (two with one display name, or a definition and an initiative of one name
   * without `kind`): it never picks one silently.
   */
  resolve(ref: string, options?: PolicyResolveOptions): PolicyEntry | undefined;
  /** All versions held for a name, newest first (built-ins: one, the current one; Azure's list is in properties.versions). */
  versions(name: string, kind?: PolicyKind): string[];
  entries(kind?: PolicyKind): Iterable<PolicyEntry>;
}

/** A reference that matches several different policies. */
export class PolicyReferenceError extends Error {
  constructor(
    /** The reference as given. */
    public readonly ref: string,
    /** The policies it matches. */
    public readonly candidates: ReadonlyArray<Pick<PolicyEntry, 'kind' | 'name' | 'id' | 'displayName' | 'source' | 'file'>>,
  ) {
    super(`policy reference ${JSON.stringify(ref)} is ambiguous: it matches ${candidates.length} policies: ${candidates
      .map((c) => `${c.kind} ${c.name}${c.displayName !== undefined ? ` ("${c.displayName}")` : ''} [${c.source}${c.file ? ` ${c.file}` : ''}]`)
      .join('; ')}; refer to one by its name or full id`);
    this.name = 'PolicyReferenceError';
  }
}

const ID_PATTERN = /^(?:\/subscriptions\/[^/]+|\/providers\/Microsoft\.Management\/managementGroups\/[^/]+)?\/providers\/Microsoft\.Authorization\/(policyDefinitions|policySetDefinitions)\/([^/]+)(?:\/versions\/([^/]+))?$/i;
const KIT_PATTERN = /^<kit>\/([^/]+)$/i;
const MAX_REF_LENGTH = 4096;

/** A reference taken apart: an id (kind and name, maybe a version), a kit reference, or a bare name / display name. */
export interface ParsedPolicyReference {
  readonly kind?: PolicyKind;
  /** Name from an id or `<kit>/<name>`; for a bare reference, the reference itself. */
  readonly name: string;
  /** Version from an id ending in `/versions/<v>`. */
  readonly version?: string;
  /** True for `<kit>/<name>`. */
  readonly kit?: boolean;
  /** True when the reference is an id or a kit reference (not a display name). */
  readonly exact: boolean;
}

/** Takes a reference apart (see {@link PolicyResolver.resolve}). */
export function parsePolicyReference(ref: string): ParsedPolicyReference {
  const r = ref.trim();
  const id = ID_PATTERN.exec(r);
  if (id) {
    return { kind: id[1].toLowerCase() === 'policydefinitions' ? 'definition' : 'initiative', name: id[2], ...(id[3] ? { version: id[3] } : {}), exact: true };
  }
  const kit = KIT_PATTERN.exec(r);
  if (kit) return { kind: 'definition', name: kit[1], kit: true, exact: true };
  return { name: r, exact: false };
}

interface Version {
  readonly parts: readonly number[];
  readonly suffix: string;
}

function parseVersion(v: string): Version | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([A-Za-z0-9.-]+))?$/.exec(v.trim());
  return m ? { parts: [Number(m[1]), Number(m[2]), Number(m[3])], suffix: (m[4] ?? '').toLowerCase() } : undefined;
}

/** Orders versions ascending: by major, minor, patch; a suffixed version (-preview) before the plain one. Unparsable ones first, by text. */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return va ? 1 : vb ? -1 : a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (va.parts[i] !== vb.parts[i]) return va.parts[i] - vb.parts[i];
  if (va.suffix === vb.suffix) return 0;
  if (va.suffix === '') return 1;
  if (vb.suffix === '') return -1;
  return va.suffix < vb.suffix ? -1 : 1;
}

/**
 * Whether `version` satisfies `pattern` (an assignment's or initiative member's `definitionVersion`): `major.*.*`
 * or `major.minor.*` selects by the numbers given; a suffix on such a pattern ("2.*.*-preview") does not narrow it
 * for a released version, as in Azure, whose own initiatives pin `2.*.*-preview` to definitions now at 2.2.1 (the
 * suffix labels the version that was current when the pin was written); between two pre-releases the suffixes must
 * agree ("2.*.*-preview" is not "2.2.1-deprecated"). Anything else must equal the version (case-insensitive).
 */
export function matchesVersion(version: string, pattern: string): boolean {
  const p = /^(\d+)\.(\d+|\*)\.\*(?:-([A-Za-z0-9.-]+))?$/.exec(pattern.trim());
  if (!p) return version.trim().toLowerCase() === pattern.trim().toLowerCase();
  const v = parseVersion(version);
  if (v === undefined || Number(p[1]) !== v.parts[0] || (p[2] !== '*' && Number(p[2]) !== v.parts[1])) return false;
  return p[3] === undefined || v.suffix === '' || p[3].toLowerCase() === v.suffix;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

function fold(s: string): string {
  return s.toLowerCase();
}

/**
 * A resolver over a list of entries, with the look-up rules of {@link PolicyResolver.resolve}. `entriesOf` is called
 * once, on first use.
 */
function listResolver(entriesOf: () => readonly PolicyEntry[], acceptsKitRefs: boolean): PolicyResolver {
  let byName: Map<string, PolicyEntry[]> | undefined;
  let byDisplayName: Map<string, PolicyEntry[]> | undefined;
  let all: readonly PolicyEntry[] | undefined;
  const index = (): void => {
    if (all) return;
    all = entriesOf();
    byName = new Map();
    byDisplayName = new Map();
    for (const e of all) {
      const k = fold(e.name);
      let list = byName.get(k);
      if (!list) byName.set(k, (list = []));
      list.push(e);
      if (e.displayName !== undefined) {
        const d = fold(e.displayName);
        let dl = byDisplayName.get(d);
        if (!dl) byDisplayName.set(d, (dl = []));
        dl.push(e);
      }
    }
  };
  const newest = (list: readonly PolicyEntry[], version: string | undefined): PolicyEntry | undefined => {
    const held = version === undefined ? list : list.filter((e) => e.version !== undefined && matchesVersion(e.version, version));
    return [...held].sort((a, b) => compareVersions(b.version ?? '', a.version ?? ''))[0];
  };
  const distinctPolicies = (list: readonly PolicyEntry[]): PolicyEntry[] => {
    const seen = new Map<string, PolicyEntry>();
    for (const e of list) if (!seen.has(`${e.kind}:${fold(e.name)}`)) seen.set(`${e.kind}:${fold(e.name)}`, e);
    return [...seen.values()];
  };
  return {
    resolve(ref: string, options: PolicyResolveOptions = {}): PolicyEntry | undefined {
      if (typeof ref !== 'string' || ref.trim() === '' || ref.length > MAX_REF_LENGTH) return undefined;
      index();
      const parsed = parsePolicyReference(ref);
      if (parsed.kit && !acceptsKitRefs) return undefined;
      const kind = options.kind;
      if (parsed.kind && kind && parsed.kind !== kind) return undefined;
      const wantKind = parsed.kind ?? kind;
      if (parsed.version !== undefined && options.version !== undefined && !matchesVersion(parsed.version, options.version)) return undefined;
      const version = parsed.version ?? options.version;
      const named = (byName!.get(fold(parsed.name)) ?? []).filter((e) => !wantKind || e.kind === wantKind);
      if (named.length > 0) {
        const policies = distinctPolicies(named);
        if (policies.length > 1) throw new PolicyReferenceError(ref, policies);
        return newest(named, version);
      }
      if (parsed.exact) return undefined;
      const shown = (byDisplayName!.get(fold(parsed.name)) ?? []).filter((e) => !wantKind || e.kind === wantKind);
      if (shown.length === 0) return undefined;
      const policies = distinctPolicies(shown);
      if (policies.length > 1) throw new PolicyReferenceError(ref, policies);
      return newest(shown, version);
    },
    versions(name: string, kind?: PolicyKind): string[] {
      if (typeof name !== 'string') return [];
      index();
      const parsed = parsePolicyReference(name);
      const wantKind = parsed.kind ?? kind;
      const list = (byName!.get(fold(parsed.name)) ?? []).filter((e) => (!wantKind || e.kind === wantKind) && e.version !== undefined);
      return [...new Set(list.map((e) => e.version!))].sort((a, b) => compareVersions(b, a));
    },
    *entries(kind?: PolicyKind): Iterable<PolicyEntry> {
      index();
      for (const e of all!) if (!kind || e.kind === kind) yield e;
    },
  };
}

/** The resolvers in order; the first that resolves a reference wins (an ambiguity inside one is still an error). */
export function chainResolvers(...resolvers: PolicyResolver[]): PolicyResolver {
  return {
    resolve(ref, options) {
      for (const r of resolvers) {
        const hit = r.resolve(ref, options);
        if (hit) return hit;
      }
      return undefined;
    },
    versions(name, kind) {
      // The versions of the resolver that holds the name (as resolve would pick it), even when it records none.
      for (const r of resolvers) {
        const v = r.versions(name, kind);
        if (v.length > 0 || r.resolve(name, kind ? { kind } : {})) return v;
      }
      return [];
    },
    *entries(kind) {
      const seen = new Set<string>();
      for (const r of resolvers) {
        const shadowed = new Set(seen);
        for (const e of r.entries(kind)) {
          const key = `${e.kind}:${fold(e.name)}`;
          if (shadowed.has(key)) continue;
          seen.add(key);
          yield e;
        }
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Definition files: the kit's library and --policies folders

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own member by name, case-insensitively (ARM property names are case-insensitive: `PolicyRule` is `policyRule`). */
function member(obj: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const folded = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === folded) return obj[key];
  return undefined;
}

function propertiesOf(json: Record<string, unknown>): Record<string, unknown> {
  const props = member(json, 'properties');
  return isRecord(props) ? props : json;
}

/** Whether a JSON document is a definition (has a policyRule), an initiative (a policyDefinitions list), or neither (undefined). */
export function policyKindOf(json: unknown): PolicyKind | undefined {
  if (!isRecord(json)) return undefined;
  const props = propertiesOf(json);
  if (member(props, 'policyRule') !== undefined) return 'definition';
  if (Array.isArray(member(props, 'policyDefinitions'))) return 'initiative';
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The catalog entry of a definition or initiative document read from `file` (undefined for other JSON): kind, name
 * (`name`, else the file's base name), id (`id`, else the tenant-level id of the name), display name, version
 * (properties.version, else metadata.version), category, deprecated and preview flags. `definition()` returns the
 * document as given.
 */
export function policyFileEntry(file: string, json: unknown, source: PolicyEntry['source'] = 'file'): PolicyEntry | undefined {
  const kind = policyKindOf(json);
  if (!kind || !isRecord(json)) return undefined;
  const props = propertiesOf(json);
  const metadataValue = member(props, 'metadata');
  const metadata = isRecord(metadataValue) ? metadataValue : {};
  const name = str(member(json, 'name')) ?? path.basename(file).replace(/\.json$/i, '');
  const type = kind === 'definition' ? 'policyDefinitions' : 'policySetDefinitions';
  const version = str(member(props, 'version')) ?? str(member(metadata, 'version'));
  const displayName = str(member(props, 'displayName'));
  const category = str(member(metadata, 'category'));
  const entry: PolicyEntry = {
    kind,
    name,
    id: str(member(json, 'id')) ?? `/providers/Microsoft.Authorization/${type}/${name}`,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(category !== undefined ? { category } : {}),
    source,
    ...(source !== 'builtin' ? { file } : {}),
    ...(member(metadata, 'deprecated') === true ? { deprecated: true } : {}),
    ...(member(metadata, 'preview') === true ? { preview: true } : {}),
    definition: () => json,
  };
  return entry;
}

/**
 * A catalog over definition and initiative documents already read (`--policies`): JSON that is neither is ignored.
 * Entries return the documents as given. `source` (an optional addition to C2) labels the entries: 'kit' also
 * resolves `<kit>/<name>` references. @default source 'file'
 */
export function policyFolder(files: ReadonlyArray<{ file: string; json: unknown }>, options: { source?: PolicyEntry['source'] } = {}): PolicyResolver {
  const source = options.source ?? 'file';
  const entries = files.map((f) => policyFileEntry(f.file, f.json, source)).filter((e): e is PolicyEntry => e !== undefined);
  return listResolver(() => entries, source === 'kit');
}

let kitLibrary: PolicyResolver | undefined;

/**
 * The kit's own library: `policies/definitions` and `policies/initiatives` of the package (files read on first use;
 * definitions resolve by name, `<kit>/<name>`, id or display name). Cached.
 */
export function kitPolicyLibrary(): PolicyResolver {
  kitLibrary ??= listResolver(() => {
    const out: PolicyEntry[] = [];
    for (const sub of ['definitions', 'initiatives']) {
      const dir = path.join(packageRoot(), 'policies', sub);
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json') && !n.endsWith('.test.json')).sort()) {
        const file = path.join(dir, f);
        const json = deepFreeze(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
        const e = policyFileEntry(file, json, 'kit');
        if (e) out.push(e);
      }
    }
    return out;
  }, true);
  return kitLibrary;
}

// ---------------------------------------------------------------------------------------------------------------
// Azure's built-ins

/** File name of the built-in catalog under `lib/policy-engine/data/` (derived by `npm run derive:builtins`). */
export const BUILTIN_CATALOG_FILE = 'builtins.v1.bin';

/** The `format` member of its index. */
export const BUILTIN_CATALOG_FORMAT = 'guardrails-builtin-catalog/1';

/** Flags of an index row. */
export const BUILTIN_FLAG = { deprecated: 1, preview: 2, azureCloud: 4, azureUSGovernment: 8 } as const;

/** One index row: kind (0 definition, 1 initiative), name, displayName, version, category, flags, chunk, start, end. */
export type BuiltinIndexRow = readonly [kind: 0 | 1, name: string, displayName: string, version: string, category: string, flags: number, chunk: number, start: number, end: number];

/** Index of the packed built-in catalog. */
export interface BuiltinCatalogIndex extends PackedIndex {
  readonly format: typeof BUILTIN_CATALOG_FORMAT;
  /** Where the documents come from. */
  readonly source: { readonly repository: string; readonly commit: string; readonly path: string; readonly license: string };
  /** Counts of the source folders (files read). */
  readonly counts: { readonly definitions: number; readonly initiatives: number; readonly files: number };
  /** One row per document held; each chunk is the documents' minified JSON, one after the other (start/end: byte offsets). */
  readonly entries: readonly BuiltinIndexRow[];
}

/** Absolute path of the packed built-in catalog. */
export function builtinCatalogFile(): string {
  return path.join(packageRoot(), 'lib', 'policy-engine', 'data', BUILTIN_CATALOG_FILE);
}

/** Opens a packed built-in catalog (index only). */
export function openBuiltinCatalog(file = builtinCatalogFile()): PackedDataFile<BuiltinCatalogIndex> {
  const packed = PackedDataFile.open<BuiltinCatalogIndex>(file);
  if (packed.index.format !== BUILTIN_CATALOG_FORMAT || !Array.isArray(packed.index.entries)) throw new Error(`${file}: not a ${BUILTIN_CATALOG_FORMAT} catalog`);
  return packed;
}

/** The chunks of one packed built-in catalog, inflated on first use and kept. */
class BuiltinChunks {
  private readonly chunks = new Map<number, Buffer>();
  constructor(private readonly packed: PackedDataFile<BuiltinCatalogIndex>) {}
  text(chunk: number, start: number, end: number): string {
    let c = this.chunks.get(chunk);
    if (!c) this.chunks.set(chunk, (c = this.packed.chunk(chunk)));
    return c.toString('utf8', start, end);
  }
}

/** A built-in entry over one index row (a class: thousands are made when the index is read). */
class BuiltinEntry implements PolicyEntry {
  public readonly kind: PolicyKind;
  public readonly name: string;
  public readonly displayName?: string;
  public readonly version?: string;
  public readonly category?: string;
  public readonly source = 'builtin' as const;
  public readonly deprecated?: boolean;
  public readonly preview?: boolean;
  private parsed?: Record<string, unknown>;

  constructor(private readonly row: BuiltinIndexRow, private readonly chunks: BuiltinChunks) {
    this.kind = row[0] === 1 ? 'initiative' : 'definition';
    this.name = row[1];
    if (row[2] !== '') this.displayName = row[2];
    if (row[3] !== '') this.version = row[3];
    if (row[4] !== '') this.category = row[4];
    if (row[5] & BUILTIN_FLAG.deprecated) this.deprecated = true;
    if (row[5] & BUILTIN_FLAG.preview) this.preview = true;
  }

  get id(): string {
    return `/providers/Microsoft.Authorization/${this.kind === 'definition' ? 'policyDefinitions' : 'policySetDefinitions'}/${this.name}`;
  }

  definition(): Record<string, unknown> {
    if (!this.parsed) this.parsed = deepFreeze(JSON.parse(this.chunks.text(this.row[6], this.row[7], this.row[8])) as Record<string, unknown>);
    return this.parsed;
  }

  toJSON(): Record<string, unknown> {
    return { kind: this.kind, name: this.name, id: this.id, displayName: this.displayName, version: this.version, category: this.category, source: this.source };
  }
}

/** Built-in entries over one packed file, for one cloud. */
function builtinEntries(file: string, cloud: AzureCloud): PolicyEntry[] {
  const packed = openBuiltinCatalog(file);
  const chunks = new BuiltinChunks(packed);
  const flag = cloud === 'AzureCloud' ? BUILTIN_FLAG.azureCloud : BUILTIN_FLAG.azureUSGovernment;
  const rows = packed.index.entries;
  // Azure Government: its own copy where the catalog has one, else the public one.
  const govNames = cloud === 'AzureUSGovernment' ? new Set(rows.filter((r) => r[5] & BUILTIN_FLAG.azureUSGovernment).map((r) => `${r[0]}:${r[1].toLowerCase()}`)) : undefined;
  const out: PolicyEntry[] = [];
  for (const row of rows) {
    if ((row[5] & flag) !== 0 || (govNames && !govNames.has(`${row[0]}:${row[1].toLowerCase()}`))) out.push(new BuiltinEntry(row, chunks));
  }
  return out;
}

const builtinCache = new Map<string, PolicyResolver>();

/**
 * Azure's built-in definitions and initiatives, shipped with the package (`lib/policy-engine/data/builtins.v1.bin`,
 * derived by `npm run derive:builtins` from Azure/azure-policy, see `data/NOTICE.md`). Nothing is read until the
 * first look-up; that reads the index (names, display names, versions, categories); a document is inflated (with
 * the others of its chunk of about 1 MB) and parsed on its first `definition()`. Cached per cloud.
 * @param options.cloud AzureCloud (default) or AzureUSGovernment (its own copies where Azure publishes them)
 */
export function builtinCatalog(options: { cloud?: AzureCloud } = {}): PolicyResolver {
  const cloud = options.cloud ?? 'AzureCloud';
  let r = builtinCache.get(cloud);
  if (!r) builtinCache.set(cloud, (r = listResolver(() => builtinEntries(builtinCatalogFile(), cloud), false)));
  return r;
}

/** A resolver over another packed built-in catalog file (tests, or a newer derivation). */
export function builtinCatalogFrom(file: string, options: { cloud?: AzureCloud } = {}): PolicyResolver {
  return listResolver(() => builtinEntries(file, options.cloud ?? 'AzureCloud'), false);
}
