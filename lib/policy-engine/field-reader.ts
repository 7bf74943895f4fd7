import { CompileState, CountScope, EvalCtx, compiledReads } from './context';
import { EvalFailure, PolicyEngineError } from './errors';
import { IdTable } from './id-table';
import type { Ev } from './ev';
import {
  Collected, Collector, PathSeg, ResolvedField, compileCollector, compileGetter, fullNameOf, isPrefix, normaliseLocation, resolveField, rootPropertiesFallback,
} from './fields';
import * as unknownModule from './unknown';
import * as values from './values';
import type { JsonObject, JsonValue, Value } from './values';

// Local copies of hot imported bindings: tsx (esbuild) compiles every use of an imported binding into a getter
// call, which is measurable on the evaluation hot path (npm run bench:policy).
const UNKNOWN_MEMBERS: typeof unknownModule.UNKNOWN_MEMBERS = unknownModule.UNKNOWN_MEMBERS;
const { UNKNOWN, UNKNOWN_PRESENCE, isUnknown } = unknownModule;
const { fold, getProp, typeName } = values;

/**
 * Field readers: a field reference (alias or path) compiled into a function that reads it from the resource under
 * evaluation, the current element of an enclosing count, or (in existenceCondition) the related resource, honouring
 * versioned alias paths, per-type alias paths and the fallbacks for payload shapes.
 */

/** Compiled read of a field: single value, or every member for wildcard paths. */
export interface FieldRead {
  readonly text: string;
  /** True when the path still has [*] after the enclosing count scope. */
  readonly wildcard: boolean;
  /** Value (non-wildcard) — for wildcard paths, an array of the present members (UNKNOWN when an array is unknown). */
  get(ctx: EvalCtx): Value;
  /** Wildcard paths: every member, `undefined` for missing ones (implicit allOf semantics), UNKNOWN_MEMBERS for an unknown array. */
  collect(ctx: EvalCtx, out: Collected[]): void;
}

export function findScope(segs: readonly PathSeg[], scopes: readonly CountScope[]): { scope: CountScope; rel: PathSeg[] } | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const s = scopes[i];
    if (s.kind !== 'field' || !s.segVariants) continue;
    for (const v of s.segVariants) if (isPrefix(v, segs)) return { scope: s, rel: segs.slice(v.length) };
  }
  return undefined;
}

/** The members a wildcard read found: UNKNOWN when an array on the way is unknown (its members are unknown). */
export function presentMembers(out: readonly Collected[]): Value {
  const present: JsonValue[] = [];
  for (const v of out) {
    if (v === UNKNOWN_MEMBERS) return UNKNOWN;
    if (v !== undefined) present.push(v);
  }
  return present;
}

function compileVariant(segs: readonly PathSeg[], st: CompileState, useRoot: boolean): { wildcard: boolean; get: (ctx: EvalCtx) => Value; collect: (ctx: EvalCtx, out: Collected[]) => void } {
  const hit = findScope(segs, st.scopes);
  const rel = hit ? hit.rel : segs;
  const depth = hit ? hit.scope.depth : -1;
  const base = depth >= 0 ? (ctx: EvalCtx): Value => ctx.cur[depth] : useRoot ? (ctx: EvalCtx): Value => ctx.root : (ctx: EvalCtx): Value => ctx.resource;
  const wildcard = rel.some((s) => s.t === 'wild');
  // Only a path read from the resource itself may fall back from a missing root member to properties.<member>.
  const fallback = depth < 0 ? rootPropertiesFallback(st.catalog) : undefined;
  if (!wildcard) {
    const g = compileGetter(rel, fallback);
    const get = depth >= 0 ? (ctx: EvalCtx): Value => g(ctx.cur[depth]) : useRoot ? (ctx: EvalCtx): Value => g(ctx.root) : (ctx: EvalCtx): Value => g(ctx.resource);
    return { wildcard, get, collect: (ctx, out) => void out.push(get(ctx)) };
  }
  const c: Collector = compileCollector(rel, fallback);
  const collect = (ctx: EvalCtx, out: Collected[]): void => c(base(ctx), out);
  return {
    wildcard,
    collect,
    get: (ctx) => {
      const out: Collected[] = [];
      collect(ctx, out);
      return presentMembers(out);
    },
  };
}

type Variant = ReturnType<typeof compileVariant>;

/**
 * Reads `primary`, and the fallback path where the primary path is absent (every member absent, for wildcard paths).
 * The fallback is compiled on first use (most fields never need it). A fallback whose shape (wildcard or not) differs
 * from the primary's is not used.
 */
function withFallback(primary: Variant, compileAlt: () => Variant): Variant {
  let cached: Variant | null | undefined;
  const alt = (): Variant | null => {
    if (cached === undefined) {
      const a = compileAlt();
      cached = a.wildcard === primary.wildcard ? a : null;
    }
    return cached;
  };
  if (!primary.wildcard) {
    const get = (ctx: EvalCtx): Value => {
      const v = primary.get(ctx);
      if (v !== undefined) return v;
      const a = alt();
      return a ? a.get(ctx) : undefined;
    };
    return { wildcard: false, get, collect: (ctx, out) => void out.push(get(ctx)) };
  }
  return {
    wildcard: true,
    collect: (ctx, out) => {
      const mine: Collected[] = [];
      primary.collect(ctx, mine);
      const a = mine.length > 0 && mine.every((v) => v === undefined) ? alt() : null;
      if (a) {
        const other: Collected[] = [];
        a.collect(ctx, other);
        if (other.some((v) => v !== undefined)) {
          out.push(...other);
          return;
        }
      }
      out.push(...mine);
    },
    get: (ctx): Value => {
      const got = primary.get(ctx);
      if (!Array.isArray(got) || got.length > 0) return got;
      const a = alt();
      return a ? a.get(ctx) : got;
    },
  };
}

/** Compiles a resolved field into a reader honouring count scopes, versioned alias paths and special fields. */
export function compileResolvedField(rf: ResolvedField, st: CompileState, useRoot = false): FieldRead {
  // A read of a count's current member (by any path it may take: versions and fallbacks included).
  if (st.scopes.length > 0 && allPaths(rf).some((v) => findScope(v, st.scopes) !== undefined)) compiledReads.member++;
  if (rf.special === 'fullName') {
    const get = useRoot ? (ctx: EvalCtx): Value => fullNameOf(ctx.root) : (ctx: EvalCtx): Value => fullNameOf(ctx.resource);
    return { text: rf.text, wildcard: false, get, collect: (ctx, out) => void out.push(get(ctx)) };
  }
  if (rf.special === 'apiVersion') {
    const g = compileGetter(rf.segs);
    const get = (ctx: EvalCtx): Value => (ctx.apiVersionRaw !== undefined ? ctx.apiVersionRaw : g(useRoot ? ctx.root : ctx.resource));
    return { text: rf.text, wildcard: false, get, collect: (ctx, out) => void out.push(get(ctx)) };
  }
  if (rf.byType) {
    const first = compileResolvedField({ ...rf, byType: undefined }, st, useRoot);
    const typed = new Map<string, FieldRead>();
    for (const [t, r] of rf.byType) typed.set(t, compileResolvedField(r, st, useRoot));
    const pick = (ctx: EvalCtx): FieldRead => {
      const t = getProp((useRoot ? ctx.root : ctx.resource) as JsonObject, 'type');
      return (typeof t === 'string' ? typed.get(fold(t)) : undefined) ?? first;
    };
    return {
      text: rf.text,
      wildcard: first.wildcard || [...typed.values()].some((x) => x.wildcard),
      get: (ctx) => pick(ctx).get(ctx),
      collect: (ctx, out) => pick(ctx).collect(ctx, out),
    };
  }
  let main = compileVariant(rf.segs, st, useRoot);
  if (rf.fallbacks && !rf.versions) {
    const scopes = st.scopes.slice();
    for (const fb of rf.fallbacks) main = withFallback(main, () => compileVariant(fb, { ...st, scopes }, useRoot));
  }
  if (rf.special === 'location' && !main.wildcard) {
    const get = (ctx: EvalCtx): Value => normaliseLocation(main.get(ctx));
    return { text: rf.text, wildcard: false, get, collect: (ctx, out) => void out.push(get(ctx)) };
  }
  if (!rf.versions || rf.versions.size === 0) return { text: rf.text, ...main };
  const byVersion = new Map<string, ReturnType<typeof compileVariant>>();
  for (const [v, segs] of rf.versions) byVersion.set(v, compileVariant(segs, st, useRoot));
  const pick = (ctx: EvalCtx): ReturnType<typeof compileVariant> => (ctx.apiVersion !== undefined ? byVersion.get(ctx.apiVersion) ?? main : main);
  const wildcard = main.wildcard || [...byVersion.values()].some((x) => x.wildcard);
  return {
    text: rf.text,
    wildcard,
    get: (ctx) => pick(ctx).get(ctx),
    collect: (ctx, out) => pick(ctx).collect(ctx, out),
  };
}

/** All path variants of a resolved field (default first). */
export function segVariants(rf: ResolvedField): PathSeg[][] {
  const out: PathSeg[][] = [rf.segs as PathSeg[]];
  if (rf.versions) for (const s of rf.versions.values()) out.push(s as PathSeg[]);
  if (rf.byType) for (const r of rf.byType.values()) if (r !== rf) out.push(...segVariants(r));
  return out;
}

/**
 * Compiles a field name as written in a policy (alias or path). `memoise`: false for names computed at evaluation time
 * (dynamicField), which would otherwise register a memo id for every name a resource makes up.
 */
export function compileFieldText(text: string, st: CompileState, pointer: string, useRoot = false, memoise = true): FieldRead {
  const rf = resolveField(text, st.catalog, pointer, st.dataPlane);
  const fr = compileResolvedField(rf, st, useRoot);
  return memoise ? memoisedRead(fr, rf, st, useRoot) : fr;
}

/**
 * Ids of the reads a FieldReadMemo can hold, by alias catalog, then by what is read (the resource or the root) and the
 * field as written: the same id in every definition compiled with the catalog, so that one memo serves them all.
 * Bounded: the table holds at most 10,000 names (see IdTable), and names longer than MAX_MEMO_KEY_LENGTH are not
 * memoised.
 */
const memoIds = new IdTable(10_000, 0);
const MAX_MEMO_KEY_LENGTH = 256;

/** @internal Names the memo id table holds now (tests: it stays bounded). */
export function memoKeyCount(): number {
  return memoIds.size;
}

/** Every path a resolved field may read: versions, per-type resolutions and fallbacks included. */
function allPaths(rf: ResolvedField, out: (readonly PathSeg[])[] = []): (readonly PathSeg[])[] {
  out.push(rf.segs);
  if (rf.versions) for (const v of rf.versions.values()) out.push(v);
  if (rf.fallbacks) for (const f of rf.fallbacks) out.push(f);
  if (rf.byType) for (const r of rf.byType.values()) if (r !== rf) allPaths(r, out);
  return out;
}

/**
 * `fr` reading through the evaluation's FieldReadMemo (EvaluationInput.reads), where it is a single-value read of the
 * resource itself: no path it may read (fallbacks included) is relative to a count's current member, not a wildcard
 * (whose members a caller may collect), not a resource provider mode's data-plane object.
 */
export function memoisedRead(fr: FieldRead, rf: ResolvedField, st: CompileState, useRoot: boolean): FieldRead {
  if (fr.wildcard || st.dataPlane || rf.text.length > MAX_MEMO_KEY_LENGTH) return fr;
  if (st.scopes.length > 0 && allPaths(rf).some((v) => findScope(v, st.scopes) !== undefined)) return fr;
  const memoId = memoIds.id(st.catalog, (useRoot ? 'root\u0000' : 'resource\u0000') + rf.text);
  const inner = fr;
  const get = useRoot
    ? (ctx: EvalCtx): Value => (ctx.memo === undefined ? inner.get(ctx) : ctx.memo.read(memoId, ctx.root, inner, ctx))
    : (ctx: EvalCtx): Value => (ctx.memo === undefined ? inner.get(ctx) : ctx.memo.read(memoId, ctx.resource, inner, ctx));
  return { text: fr.text, wildcard: false, get, collect: (ctx, out) => void out.push(get(ctx)) };
}

/** A field reference whose name is itself an expression: resolved at evaluation time (cached). */
export function dynamicField(nameExpr: Ev, st: CompileState, pointer: string, useRoot = false): FieldRead {
  compiledReads.member++; // the name may be that of the counted array's members
  const cache = new Map<string, FieldRead>();
  const scopes = st.scopes.slice();
  const resolve = (ctx: EvalCtx): FieldRead | undefined => {
    const name = nameExpr(ctx);
    if (isUnknown(name)) return undefined; // which field is read is known only after apply
    if (typeof name !== 'string') throw new EvalFailure(`field name expression returned ${typeName(name)}, expected a string`, pointer);
    let fr = cache.get(name);
    if (!fr) {
      try {
        fr = compileFieldText(name, { ...st, scopes }, pointer, useRoot, false);
      } catch (e) {
        throw new EvalFailure(e instanceof PolicyEngineError ? e.rawMessage : String(e), pointer);
      }
      if (cache.size < 1000) cache.set(name, fr);
    }
    return fr;
  };
  return {
    text: '(expression)',
    wildcard: true,
    get: (ctx) => {
      const fr = resolve(ctx);
      return fr ? fr.get(ctx) : UNKNOWN_PRESENCE;
    },
    collect: (ctx, out) => {
      const fr = resolve(ctx);
      if (!fr) out.push(UNKNOWN_MEMBERS);
      else if (fr.wildcard) fr.collect(ctx, out);
      else out.push(fr.get(ctx));
    },
  };
}

