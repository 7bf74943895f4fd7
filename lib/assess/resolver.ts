// Definition lookup for the runner: the C2 `PolicyResolver` interface of /work/wt/CONTRACTS.md.
//
// The catalog helper implements C2 in lib/policy-engine/builtins.ts (builtinCatalog, kitPolicyLibrary, policyFolder,
// chainResolvers). Until that lands, the types are declared here with the same shape (TypeScript compares them
// structurally, so the real resolvers plug in unchanged), and `filePolicyResolver` below stands in for
// `policyFolder`. When merging, import the types from '../policy-engine' and drop the stand-in.
import * as path from 'path';
import { isRecord, member } from './errors';

/** C2: what a catalog entry is. */
export type PolicyKind = 'definition' | 'initiative';

/** C2: one definition or initiative a resolver holds. */
export interface PolicyEntry {
  readonly kind: PolicyKind;
  /** GUID for built-ins, `name` for custom. */
  readonly name: string;
  /** Full id, e.g. /providers/Microsoft.Authorization/policyDefinitions/<guid>. */
  readonly id: string;
  readonly displayName?: string;
  /** e.g. "1.0.2" (properties.version / metadata.version). */
  readonly version?: string;
  readonly category?: string;
  readonly source: 'builtin' | 'kit' | 'file';
  /** For 'file' and 'kit'. */
  readonly file?: string;
  /** The full JSON ({name, id?, type?, properties}); parsed lazily. */
  definition(): Record<string, unknown>;
}

/** C2: finds definitions and initiatives by reference. */
export interface PolicyResolver {
  /** By GUID/name, full id (any scope prefix; case-insensitive) or exact display name (case-insensitive). */
  resolve(ref: string, options?: { kind?: PolicyKind; version?: string }): PolicyEntry | undefined;
  /** All versions held for a name, newest first. */
  versions(name: string, kind?: PolicyKind): string[];
  entries(kind?: PolicyKind): Iterable<PolicyEntry>;
}

interface ParsedVersion {
  readonly parts: readonly [number, number, number];
  readonly suffix: string;
}

function parseVersion(v: string): ParsedVersion | undefined {
  const m = /^(\d{1,9})\.(\d{1,9})\.(\d{1,9})(-[0-9A-Za-z.-]+)?$/.exec(v.trim());
  return m ? { parts: [Number(m[1]), Number(m[2]), Number(m[3])], suffix: (m[4] ?? '').toLowerCase() } : undefined;
}

/** True when `text` is a version ("1.2.0") or a version pattern ("1.*.*", "1.2.*", "2.*.*-preview"). */
export function isVersionPattern(text: string): boolean {
  return /^\d{1,9}\.(\d{1,9}|\*)\.(\d{1,9}|\*)(-[0-9A-Za-z.-]+)?$/.test(text.trim()) && !/^\d+\.\*\.\d/.test(text.trim());
}

/**
 * Whether `version` satisfies `pattern`. Azure's definitionVersion is "#.*.*" (any minor and patch of a major),
 * "#.#.*" (a minor line) or an exact version ("Policy definition ID and version", assignment-structure.md). A
 * pre-release suffix decides only when both carry one: Microsoft's initiatives pin members such as "2.*.*-preview"
 * whose definitions have since been published as "2.2.1" (the same major line), and Azure accepts those initiatives.
 */
export function versionMatches(pattern: string, version: string): boolean {
  const p = /^(\d{1,9})\.(\d{1,9}|\*)\.(\d{1,9}|\*)(-[0-9A-Za-z.-]+)?$/.exec(pattern.trim());
  const v = parseVersion(version);
  if (!p || !v) return pattern.trim().toLowerCase() === version.trim().toLowerCase();
  const want = [p[1], p[2], p[3]];
  for (let i = 0; i < 3; i++) if (want[i] !== '*' && Number(want[i]) !== v.parts[i]) return false;
  const suffix = (p[4] ?? '').toLowerCase();
  return !suffix || !v.suffix || suffix === v.suffix;
}

/** Orders versions newest first (numeric parts; a release before its pre-releases; unparsable last). */
export function compareVersionsDescending(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (pa.parts[i] !== pb.parts[i]) return pb.parts[i] - pa.parts[i];
  if (pa.suffix === pb.suffix) return 0;
  if (!pa.suffix) return -1;
  if (!pb.suffix) return 1;
  return pa.suffix < pb.suffix ? 1 : -1;
}

/**
 * Whether version (pattern) `a` is greater than or equal to `b`, comparing major, minor and patch with `*` as 0.
 * Azure: for an override of kind policyVersion "the supported version number must be greater than or equal to the
 * definitionVersion specified in the assignment" (assignment-structure.md, Overrides).
 */
export function versionAtLeast(a: string, b: string): boolean {
  const num = (t: string): number[] => t.trim().split('-')[0].split('.').map((x) => (x === '*' ? 0 : Number(x) || 0));
  const pa = num(a);
  const pb = num(b);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return true;
}

/** The name a definition reference ends in: the GUID or name after policyDefinitions/ or policySetDefinitions/. */
export function referenceName(ref: string): { name: string; kind?: PolicyKind } {
  const m = /\/providers\/Microsoft\.Authorization\/(policyDefinitions|policySetDefinitions)\/([^/]+)\/?$/i.exec(ref);
  if (!m) return { name: ref };
  return { name: m[2], kind: m[1].toLowerCase() === 'policysetdefinitions' ? 'initiative' : 'definition' };
}

function stringMember(obj: Record<string, unknown>, name: string): string | undefined {
  const v = member(obj, name);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Kind, name, id, display name and version of a definition or initiative document, or undefined for other JSON. */
export function describePolicyDocument(json: unknown, file?: string): Omit<PolicyEntry, 'source' | 'definition' | 'file'> | undefined {
  if (!isRecord(json)) return undefined;
  const propsValue = member(json, 'properties');
  const props = isRecord(propsValue) ? propsValue : json;
  const kind: PolicyKind | undefined = member(props, 'policyRule') !== undefined ? 'definition' : Array.isArray(member(props, 'policyDefinitions')) ? 'initiative' : undefined;
  if (!kind) return undefined;
  const name = stringMember(json, 'name') ?? (file ? path.basename(file).replace(/\.json$/i, '') : 'policy');
  const collection = kind === 'initiative' ? 'policySetDefinitions' : 'policyDefinitions';
  const id = stringMember(json, 'id') ?? `/providers/Microsoft.Authorization/${collection}/${name}`;
  const metadataValue = member(props, 'metadata');
  const metadata = isRecord(metadataValue) ? metadataValue : {};
  const version = stringMember(props, 'version') ?? stringMember(metadata, 'version');
  const displayName = stringMember(props, 'displayName');
  const category = stringMember(metadata, 'category');
  return { kind, name, id, ...(displayName ? { displayName } : {}), ...(version ? { version } : {}), ...(category ? { category } : {}) };
}

/**
 * A resolver over documents already read (a `--policies` folder, a test's fixtures). Stand-in for C2
 * `policyFolder` until the catalog helper's lands; same lookup rules: name (GUID), full id with any scope prefix,
 * or exact display name, all case-insensitive; with `version`, the newest entry whose version matches.
 */
export function filePolicyResolver(files: ReadonlyArray<{ file: string; json: unknown }>, source: 'file' | 'kit' | 'builtin' = 'file'): PolicyResolver {
  const all: PolicyEntry[] = [];
  for (const { file, json } of files) {
    const described = describePolicyDocument(json, file);
    if (!described) continue;
    const doc = json as Record<string, unknown>;
    all.push({ ...described, source, ...(source !== 'builtin' ? { file } : {}), definition: () => doc });
  }
  const byName = new Map<string, PolicyEntry[]>();
  const byDisplay = new Map<string, PolicyEntry[]>();
  const add = (map: Map<string, PolicyEntry[]>, key: string, e: PolicyEntry): void => {
    const list = map.get(key);
    if (list) list.push(e);
    else map.set(key, [e]);
  };
  for (const e of all) {
    add(byName, e.name.toLowerCase(), e);
    if (e.displayName) add(byDisplay, e.displayName.toLowerCase(), e);
  }
  const sorted = (list: PolicyEntry[]): PolicyEntry[] => [...list].sort((a, b) => compareVersionsDescending(a.version ?? '', b.version ?? ''));
  return {
    resolve(ref, options = {}) {
      const { name, kind: refKind } = referenceName(ref.trim());
      const kind = options.kind ?? refKind;
      const candidates = byName.get(name.toLowerCase()) ?? byDisplay.get(ref.trim().toLowerCase()) ?? [];
      for (const e of sorted(candidates)) {
        if (kind && e.kind !== kind) continue;
        if (options.version && !(e.version && versionMatches(options.version, e.version))) continue;
        return e;
      }
      return undefined;
    },
    versions(name, kind) {
      const list = (byName.get(referenceName(name).name.toLowerCase()) ?? []).filter((e) => !kind || e.kind === kind);
      return [...new Set(sorted(list).map((e) => e.version).filter((v): v is string => !!v))];
    },
    *entries(kind) {
      for (const e of all) if (!kind || e.kind === kind) yield e;
    },
  };
}

/** Stand-in for C2 `chainResolvers`: the first resolver that knows the reference wins, in the order given. */
export function chainPolicyResolvers(...resolvers: PolicyResolver[]): PolicyResolver {
  return {
    resolve(ref, options) {
      for (const r of resolvers) {
        const e = r.resolve(ref, options);
        if (e) return e;
      }
      return undefined;
    },
    versions(name, kind) {
      for (const r of resolvers) {
        const v = r.versions(name, kind);
        if (v.length) return v;
      }
      return [];
    },
    *entries(kind) {
      for (const r of resolvers) yield* r.entries(kind);
    },
  };
}
