import { AliasCatalog, AliasEntry, AliasPathVersion } from './aliases';
import { PolicyEngineError } from './errors';
import { suggestAlias } from './suggest';
import * as unknownModule from './unknown';
import * as values from './values';
import type { JsonObject, Value } from './values';

// Local copies of hot imported bindings: tsx (esbuild) compiles every use of an imported binding into a getter
// call, which is measurable on the evaluation hot path (npm run bench:policy).
const UNKNOWN_MEMBERS: typeof unknownModule.UNKNOWN_MEMBERS = unknownModule.UNKNOWN_MEMBERS;
const { UNKNOWN_PRESENCE, isUnknown } = unknownModule;
const { fold, getProp, isObject } = values;

/** One step of a resource path. */
export type PathSeg = { readonly t: 'key'; readonly k: string; readonly f: string } | { readonly t: 'idx'; readonly i: number } | { readonly t: 'wild' };

/** Parses "properties.a['b.c'][*].d[0]" into segments. Throws a plain Error on syntax errors. */
export function parsePath(path: string): PathSeg[] {
  const segs: PathSeg[] = [];
  let i = 0;
  const n = path.length;
  const key = (k: string): PathSeg => ({ t: 'key', k, f: fold(k) });
  while (i < n) {
    const c = path[i];
    if (c === '.') {
      if (i === 0 || i === n - 1 || path[i + 1] === '.') throw new Error(`empty segment in path "${path}"`);
      i++;
      continue;
    }
    if (c === '[') {
      const close = findClose(path, i);
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') segs.push({ t: 'wild' });
      else if (/^\d+$/.test(inner)) segs.push({ t: 'idx', i: Number(inner) });
      else if ((inner.startsWith("'") && inner.endsWith("'")) || (inner.startsWith('"') && inner.endsWith('"'))) {
        segs.push(key(inner.slice(1, -1).replace(/''/g, "'")));
      } else if (inner.length > 0) segs.push(key(inner));
      else throw new Error(`empty brackets in path "${path}"`);
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < n && path[j] !== '.' && path[j] !== '[') j++;
    segs.push(key(path.slice(i, j)));
    i = j;
  }
  return segs;
}

function findClose(path: string, open: number): number {
  let i = open + 1;
  const q = path[i] === "'" || path[i] === '"' ? path[i] : undefined;
  if (q) {
    i++;
    while (i < path.length) {
      if (path[i] === q) {
        if (q === "'" && path[i + 1] === "'") {
          i += 2;
          continue;
        }
        break;
      }
      i++;
    }
    i++;
  }
  const close = path.indexOf(']', i);
  if (close < 0) throw new Error(`missing ']' in path "${path}"`);
  return close;
}

/** Renders segments back to a canonical lower-case path (for prefix comparisons and messages). */
export function pathKey(segs: readonly PathSeg[]): string {
  return segs.map((s) => (s.t === 'key' ? '.' + s.f : s.t === 'wild' ? '[*]' : `[${s.i}]`)).join('');
}

/** Whether `prefix` is a segment-wise prefix of `segs`. */
export function isPrefix(prefix: readonly PathSeg[], segs: readonly PathSeg[]): boolean {
  if (prefix.length > segs.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const a = prefix[i];
    const b = segs[i];
    if (a.t !== b.t) return false;
    if (a.t === 'key' && a.f !== (b as { f: string }).f) return false;
    if (a.t === 'idx' && a.i !== (b as { i: number }).i) return false;
  }
  return true;
}

/** Getter over a path without wildcards. */
export type Getter = (root: Value) => Value;

/**
 * Where a resource's root lacks a member, the value to use instead (or undefined). Used for payloads that put a
 * root member such as `tags` inside `properties`; see rootPropertiesFallback.
 */
export type RootFallback = (root: JsonObject, key: string, folded: string) => Value;

/**
 * Compiles a wildcard-free path into a getter. Property names are matched case-insensitively. `rootFallback` (only for
 * paths read from the resource itself) supplies a value when the root lacks the first member of the path.
 */
export function compileGetter(segs: readonly PathSeg[], rootFallback?: RootFallback): Getter {
  const steps = segs.map((s, index): Getter => {
    if (s.t === 'key') {
      const k = s.k;
      const f = s.f;
      if (index === 0 && rootFallback && f !== 'properties') {
        return (o) => {
          if (!isObject(o)) return isUnknown(o) ? UNKNOWN_PRESENCE : undefined;
          const v = getProp(o, k, f);
          return v !== undefined ? v : rootFallback(o, k, f);
        };
      }
      // Through an unknown value, even whether the member exists is unknown.
      return (o) => (isObject(o) ? getProp(o, k, f) : isUnknown(o) ? UNKNOWN_PRESENCE : undefined);
    }
    if (s.t === 'idx') {
      const idx = s.i;
      return (o) => (Array.isArray(o) ? o[idx] : isUnknown(o) ? UNKNOWN_PRESENCE : undefined);
    }
    throw new Error('wildcard in getter');
  });
  if (steps.length === 0) return (o) => o;
  if (steps.length === 1) return steps[0];
  if (steps.length === 2) {
    const [a, b] = steps;
    return (o) => {
      const x = a(o);
      return x === undefined ? undefined : b(x);
    };
  }
  return (o) => {
    let cur: Value = o;
    for (let i = 0; i < steps.length && cur !== undefined; i++) cur = steps[i](cur);
    return cur;
  };
}

/**
 * Collector over a path with wildcards: pushes each reached value, `undefined` where a member is missing / not an
 * array, and UNKNOWN_MEMBERS where the array itself is unknown (an unknown number of unknown members).
 */
export type Collector = (root: Value, out: Collected[]) => void;

/** What a collector reports per member: its value, undefined (missing), or UNKNOWN_MEMBERS (unknown array). */
export type Collected = Value | typeof unknownModule.UNKNOWN_MEMBERS;

/** Compiles a path (possibly with [*]) into a collector. */
export function compileCollector(segs: readonly PathSeg[], rootFallback?: RootFallback): Collector {
  const w = segs.findIndex((s) => s.t === 'wild');
  if (w < 0) {
    const g = compileGetter(segs, rootFallback);
    return (root, out) => {
      out.push(g(root));
    };
  }
  const head = compileGetter(segs.slice(0, w), rootFallback);
  const rest = compileCollector(segs.slice(w + 1));
  return (root, out) => {
    const arr = head(root);
    if (!Array.isArray(arr)) {
      out.push(isUnknown(arr) ? UNKNOWN_MEMBERS : undefined);
      return;
    }
    for (const el of arr) rest(el, out);
  };
}

/** A field reference resolved against the alias catalog. */
export interface ResolvedField {
  /** The field text as written. */
  readonly text: string;
  /** The alias, when the field is one. */
  readonly alias?: AliasEntry;
  /** Default path segments. */
  readonly segs: readonly PathSeg[];
  /**
   * For aliases, paths tried in order when the alias path is absent from the resource: "properties.<alias name after the
   * type>" (sub-resources sent without their "properties" wrapper), then the alias name itself split at its dots (the
   * shape of catalog-less test payloads, `{"Microsoft": {"Insights/diagnosticSettings/logs": [...]}}`; no ARM resource
   * has a root member named after a namespace, so neither can contradict a real resource).
   */
  readonly fallbacks?: readonly (readonly PathSeg[])[];
  /** Versioned variants: lower-case api version -> segments. */
  readonly versions?: ReadonlyMap<string, readonly PathSeg[]>;
  /** When the alias is declared by several resource types with different paths: folded type -> resolution. */
  readonly byType?: ReadonlyMap<string, ResolvedField>;
  /** Special root field: 'fullName' | 'location' | 'type' | 'name' | ... */
  readonly special?: 'fullName' | 'location' | 'apiVersion';
}

/** Whether the field text names an alias ("Namespace/type/..."): a '/' before any '[' or quote. */
export function looksLikeAlias(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const bracket = text.search(/[['"]/);
  return bracket < 0 || slash < bracket;
}

/**
 * The data-plane aliases a definition in a resource provider mode (`Microsoft.KeyVault.Data`, ...) may use without a
 * catalog: those of the mode's own namespace (no public dump lists them). `accepted` collects the ones used.
 */
export interface DataPlaneAliases {
  /** The mode, lower case: aliases whose namespace (before the first '/') is this are accepted. */
  readonly namespace: string;
  readonly accepted: Set<string>;
}

/** Resolves a field name: alias (via the catalog) or a resource path. Throws PolicyEngineError(compile). */
export function resolveField(text: string, catalog: AliasCatalog, pointer: string, dataPlane?: DataPlaneAliases): ResolvedField {
  if (typeof text !== 'string' || text.trim() === '') throw new PolicyEngineError('compile', 'field must be a non-empty string', pointer);
  const t = text.trim();
  if (looksLikeAlias(t)) {
    let all = catalog.getAll(t);
    if (all.length === 0 && !t.endsWith('[*]')) {
      // Azure: an array alias has a "normal" form and a [*] form (networkAcls.ipRules and networkAcls.ipRules[*]); the
      // normal form is the array itself. Catalogs often list only the [*] form: derive the other from it.
      all = catalog.getAll(t + '[*]').map(asWholeArray).filter((a): a is AliasEntry => a !== undefined);
    }
    if (all.length === 0 && dataPlane && fold(t.slice(0, t.indexOf('/'))) === dataPlane.namespace) {
      // A data-plane alias of the definition's own resource provider mode: accepted as written. Its path (the part
      // after the last '/') is a guess; such definitions never apply to ARM resources, so it is never read.
      dataPlane.accepted.add(t);
      const slash = t.lastIndexOf('/', t.includes('[') ? t.indexOf('[') : t.length);
      all = [{ name: t, defaultPath: t.slice(slash + 1) || t, paths: [] }];
    }
    if (all.length === 0) throw new PolicyEngineError('compile', `unknown alias '${t}' (not in the alias catalog)${suggestAlias(catalog, t)}`, pointer);
    const resolved = all.map((a) => resolveAlias(t, a, pointer));
    if (resolved.length === 1 || resolved.every((r) => r.alias!.defaultPath === resolved[0].alias!.defaultPath && r.alias!.paths.length === 0)) return resolved[0];
    const byType = new Map<string, ResolvedField>();
    for (const r of resolved) if (r.alias!.resourceType && !byType.has(fold(r.alias!.resourceType))) byType.set(fold(r.alias!.resourceType), r);
    // Declarations that do not say which resource type they belong to (the bundled catalog, from flat alias tables):
    // the alias on several types with different paths (Microsoft.Compute/imagePublisher on virtual machines, scale
    // sets and disks), or a path Azure moved, the newest first (Microsoft.Web/sites/vnetImagePullEnabled; requests of
    // older API versions carry the older path). A resource holds at most one of them: each resource is read at the
    // first of these paths that is present in it, before the payload-shape fallbacks.
    const untyped = resolved.filter((r) => !r.alias!.resourceType);
    if (byType.size === 0 && untyped.length > 1) {
      const first = untyped[0];
      const seen = new Set([pathKey(first.segs)]);
      const candidates: (readonly PathSeg[])[] = [];
      for (const r of untyped.slice(1)) {
        const key = pathKey(r.segs);
        if (!seen.has(key) && r.alias!.paths.length === 0) {
          seen.add(key);
          candidates.push(r.segs);
        }
      }
      for (const fb of first.fallbacks ?? []) {
        const key = pathKey(fb);
        if (!seen.has(key)) {
          seen.add(key);
          candidates.push(fb);
        }
      }
      return { ...first, ...(candidates.length ? { fallbacks: candidates } : {}) };
    }
    return { ...resolved[0], byType };
  }
  const lower = t.toLowerCase();
  if (lower === 'fullname') return { text: t, segs: [], special: 'fullName' };
  // tags[] (e.g. "[concat('tags[', parameters('tagName'), ']')]" with an empty tag name): the tag named "", never present.
  if (/^tags\[\s*\]$/.test(lower)) return { text: t, segs: [{ t: 'key', k: 'tags', f: 'tags' }, { t: 'key', k: '', f: '' }] };
  if (lower === 'apiversion') return { text: t, segs: parseOrFail(t, pointer, t), special: 'apiVersion' };
  const segs = parseOrFail(t, pointer, t);
  if (lower === 'location') return { text: t, segs, special: 'location' };
  return { text: t, segs };
}

/** The "normal" (whole array) form of an alias given its [*] form: the same paths without the trailing [*]. */
function asWholeArray(a: AliasEntry): AliasEntry | undefined {
  const strip = (p: string): string | undefined => (p.endsWith('[*]') ? p.slice(0, -3) : undefined);
  const defaultPath = strip(a.defaultPath);
  if (defaultPath === undefined) return undefined;
  const paths = a.paths.map((p) => ({ path: strip(p.path), apiVersions: p.apiVersions })).filter((p): p is AliasPathVersion => p.path !== undefined);
  return { ...a, name: a.name.slice(0, -3), defaultPath, paths };
}

function resolveAlias(t: string, alias: AliasEntry, pointer: string): ResolvedField {
  {
    const segs = parseOrFail(alias.defaultPath, pointer, t);
    let versions: Map<string, PathSeg[]> | undefined;
    for (const p of alias.paths) {
      const ps = parseOrFail(p.path, pointer, t);
      for (const v of p.apiVersions) {
        versions ??= new Map();
        versions.set(v.toLowerCase(), ps);
      }
    }
    const fallbacks: PathSeg[][] = [];
    const seen = new Set([pathKey(segs)]);
    const add = (make: () => PathSeg[]): void => {
      try {
        const fb = make();
        const key = pathKey(fb);
        if (!seen.has(key)) {
          seen.add(key);
          fallbacks.push(fb);
        }
      } catch {
        // not a usable path
      }
    };
    const short = shortAliasName(alias);
    if (short) add(() => [{ t: 'key', k: 'properties', f: 'properties' } as PathSeg, ...parsePath(short)]);
    add(() => parsePath(t));
    return { text: t, alias, segs, versions, ...(fallbacks.length ? { fallbacks } : {}) };
  }
}

/** The part of an alias name after its resource type ("Microsoft.Web/sites/siteConfig.minTlsVersion" -> "siteConfig.minTlsVersion"). */
function shortAliasName(alias: AliasEntry): string | undefined {
  const name = alias.name;
  const b = name.indexOf('[');
  const slash = (b >= 0 ? name.slice(0, b) : name).lastIndexOf('/');
  return slash > 0 && slash < name.length - 1 ? name.slice(slash + 1) : undefined;
}

function parseOrFail(path: string, pointer: string, field: string): PathSeg[] {
  try {
    return parsePath(path);
  } catch (e) {
    throw new PolicyEngineError('compile', `invalid field '${field}': ${(e as Error).message}`, pointer);
  }
}

/**
 * Tolerance for payloads that put a root member inside `properties` (`{"properties": {"tags": {...}}}`): when the root
 * lacks the member, `properties.<member>` is used, unless the resource type has a property of that name of its own
 * (an alias of the type maps to `properties.<member>`, as AKS agent pools' node `tags` or Azure Arc's
 * `properties.identity`): then the root member is simply missing, as in Azure.
 */
export function rootPropertiesFallback(catalog: AliasCatalog): RootFallback {
  return (root, key, folded) => {
    const inner = getProp(root, 'properties', 'properties');
    if (!isObject(inner)) return undefined;
    const v = getProp(inner, key, folded);
    if (v === undefined) return undefined;
    const type = getProp(root, 'type', 'type');
    return typeof type === 'string' && catalog.declaresProperty(type, folded) ? undefined : v;
  };
}

/** Normalises an Azure location the way ARM stores it ("West Europe" -> "westeurope"). */
export function normaliseLocation(v: Value): Value {
  return typeof v === 'string' ? v.replace(/\s+/g, '').toLowerCase() : v;
}

/** The full name of a resource: "parent/child" for child resources (from `fullName`, or derived from `id`). */
export function fullNameOf(resource: Value): Value {
  if (!isObject(resource)) return undefined;
  const explicit = getProp(resource, 'fullName');
  if (explicit !== undefined) return explicit;
  const id = getProp(resource, 'id');
  const name = getProp(resource, 'name');
  if (typeof id === 'string') {
    const m = /\/providers\/[^/]+\/(.+)$/i.exec(id);
    if (m) {
      const parts = m[1].split('/');
      const names: string[] = [];
      for (let i = 1; i < parts.length; i += 2) names.push(parts[i]);
      if (names.length > 0) return names.join('/');
    }
  }
  return name;
}

export type { JsonObject };
