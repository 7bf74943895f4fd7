import { CompileState, CountScope, EvalCtx, EvalEnv, envOf } from './context';
import { AssignmentFailure, EvalFailure, PolicyEngineError, ptr } from './errors';
import { ExprNode, isExpressionString, parseExpression, unescapeLiteral } from './expression-parser';
import {
  Collector, PathSeg, ResolvedField, compileCollector, compileGetter, fullNameOf, isPrefix, normaliseLocation, resolveField, rootPropertiesFallback,
} from './fields';
import { TEMPLATE_FUNCTIONS, UNSUPPORTED_FUNCTIONS, formatDate, parseDateTime } from './functions';
import { JsonObject, JsonValue, Value, fold, getProp, isObject, typeName } from './values';

/** A compiled expression. */
export type Ev = ((ctx: EvalCtx) => Value) & { constant?: boolean; value?: Value };

function constant(v: Value): Ev {
  const f: Ev = () => v;
  f.constant = true;
  f.value = v;
  return f;
}

/** ARM functions Azure accepts in effect details (deployment names and parameters) but not in conditions. */
const DETAILS_ONLY_FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  uniquestring: (args) => uniqueString(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join('-')),
  guid: (args) => guidOf(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join('-')),
};

function hash53(s: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Deterministic 13-character id in the shape of ARM's uniqueString() (not bit-identical to ARM's hash). */
function uniqueString(s: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let n = BigInt(hash53(s, 1)) * 2048n + BigInt(hash53(s, 2) & 2047);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += alphabet[Number(n & 31n)];
    n >>= 5n;
  }
  return out;
}

function guidOf(s: string): string {
  const hex = [1, 2, 3, 4].map((seed) => hash53(s, seed).toString(16).padStart(14, '0').slice(-8)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Compiled read of a field: single value, or every member for wildcard paths. */
export interface FieldRead {
  readonly text: string;
  /** True when the path still has [*] after the enclosing count scope. */
  readonly wildcard: boolean;
  /** Value (non-wildcard) — for wildcard paths, an array of the present members. */
  get(ctx: EvalCtx): Value;
  /** Wildcard paths: every member, `undefined` for missing ones (implicit allOf semantics). */
  collect(ctx: EvalCtx, out: Value[]): void;
}

function findScope(segs: readonly PathSeg[], scopes: readonly CountScope[]): { scope: CountScope; rel: PathSeg[] } | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const s = scopes[i];
    if (s.kind !== 'field' || !s.segVariants) continue;
    for (const v of s.segVariants) if (isPrefix(v, segs)) return { scope: s, rel: segs.slice(v.length) };
  }
  return undefined;
}

function compileVariant(segs: readonly PathSeg[], st: CompileState, useRoot: boolean): { wildcard: boolean; get: (ctx: EvalCtx) => Value; collect: (ctx: EvalCtx, out: Value[]) => void } {
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
  const collect = (ctx: EvalCtx, out: Value[]): void => c(base(ctx), out);
  return {
    wildcard,
    collect,
    get: (ctx) => {
      const out: Value[] = [];
      collect(ctx, out);
      return out.filter((v) => v !== undefined) as JsonValue[];
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
      const mine: Value[] = [];
      primary.collect(ctx, mine);
      const a = mine.length > 0 && mine.every((v) => v === undefined) ? alt() : null;
      if (a) {
        const other: Value[] = [];
        a.collect(ctx, other);
        if (other.some((v) => v !== undefined)) {
          out.push(...other);
          return;
        }
      }
      out.push(...mine);
    },
    get: (ctx): Value => {
      const got = primary.get(ctx) as JsonValue[];
      if (got.length > 0) return got;
      const a = alt();
      return a ? a.get(ctx) : got;
    },
  };
}

/** Compiles a resolved field into a reader honouring count scopes, versioned alias paths and special fields. */
export function compileResolvedField(rf: ResolvedField, st: CompileState, useRoot = false): FieldRead {
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

/** Compiles a field name as written in a policy (alias or path). */
export function compileFieldText(text: string, st: CompileState, pointer: string, useRoot = false): FieldRead {
  return compileResolvedField(resolveField(text, st.catalog, pointer), st, useRoot);
}

/** A field reference whose name is itself an expression: resolved at evaluation time (cached). */
export function dynamicField(nameExpr: Ev, st: CompileState, pointer: string, useRoot = false): FieldRead {
  const cache = new Map<string, FieldRead>();
  const scopes = st.scopes.slice();
  const resolve = (ctx: EvalCtx): FieldRead => {
    const name = nameExpr(ctx);
    if (typeof name !== 'string') throw new EvalFailure(`field name expression returned ${typeName(name)}, expected a string`, pointer);
    let fr = cache.get(name);
    if (!fr) {
      try {
        fr = compileFieldText(name, { ...st, scopes }, pointer, useRoot);
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
    get: (ctx) => resolve(ctx).get(ctx),
    collect: (ctx, out) => {
      const fr = resolve(ctx);
      if (fr.wildcard) fr.collect(ctx, out);
      else out.push(fr.get(ctx));
    },
  };
}

// ------------------------------------------------------------------ expressions

/** Compiles a JSON value that may be (or contain) template expressions. */
export function compileValue(v: unknown, st: CompileState, pointer: string): Ev {
  if (typeof v === 'string') {
    if (isExpressionString(v)) return compileExpressionText(v, st, pointer);
    return constant(unescapeLiteral(v));
  }
  if (v === undefined) return constant(undefined);
  return constant(v as JsonValue);
}

/**
 * Compiles a JSON value whose strings, at any depth of arrays and objects, may be template expressions (ARM evaluates
 * expressions wherever a string appears: `"notIn": ["[subscription().id]", "/"]`). Constant when nothing is an expression.
 */
export function compileDeepValue(v: unknown, st: CompileState, at: string): Ev {
  if (typeof v === 'string') return compileValue(v, st, at);
  if (Array.isArray(v)) {
    const parts = v.map((e, i) => compileDeepValue(e, st, ptr(at, i)));
    if (parts.every((p) => p.constant)) return constant(parts.map((p) => (p.value === undefined ? null : p.value)) as JsonValue[]);
    return (ctx) => parts.map((p) => p(ctx) ?? null) as JsonValue[];
  }
  if (isObject(v)) {
    const entries = Object.entries(v).map(([k, e]) => [k, compileDeepValue(e, st, ptr(at, k))] as const);
    if (entries.every(([, p]) => p.constant)) {
      const o: JsonObject = {};
      for (const [k, p] of entries) if (p.value !== undefined) o[k] = p.value;
      return constant(o);
    }
    return (ctx) => {
      const o: JsonObject = {};
      for (const [k, p] of entries) {
        const x = p(ctx);
        if (x !== undefined) o[k] = x;
      }
      return o;
    };
  }
  return compileValue(v, st, at);
}

/** Compiles "[...]" text. */
export function compileExpressionText(text: string, st: CompileState, pointer: string): Ev {
  return compileExpr(parseExpression(text, pointer), st, pointer);
}

function paramValue(ctx: EvalCtx, folded: string, name: string, pointer: string): Value {
  const problem = ctx.paramProblems.get(folded);
  if (problem) throw new AssignmentFailure(problem, pointer);
  const v = ctx.params.get(folded);
  if (v === undefined) throw new AssignmentFailure(`parameter '${name}' has no value (no assignment value and no defaultValue)`, pointer);
  return v;
}

function expectArgs(name: string, args: readonly ExprNode[], min: number, max: number, pointer: string): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new PolicyEngineError('compile', `function '${name}' expects ${want} argument(s), got ${args.length}`, pointer);
  }
}

function compileExpr(node: ExprNode, st: CompileState, pointer: string): Ev {
  switch (node.k) {
    case 'str':
    case 'num':
      return constant(node.v);
    case 'prop': {
      const obj = compileExpr(node.obj, st, pointer);
      const name = node.name;
      const f = fold(name);
      return (ctx) => {
        const o = obj(ctx);
        if (isObject(o)) return getProp(o, name, f);
        if (o === undefined || o === null) return undefined;
        throw new EvalFailure(`cannot read property '${name}' of ${typeName(o)}`, pointer);
      };
    }
    case 'index': {
      const obj = compileExpr(node.obj, st, pointer);
      const idx = compileExpr(node.idx, st, pointer);
      return (ctx) => {
        const o = obj(ctx);
        const i = idx(ctx);
        if (Array.isArray(o)) {
          if (typeof i !== 'number' || !Number.isInteger(i)) throw new EvalFailure(`array index must be an integer, got ${typeName(i)}`, pointer);
          if (i < 0 || i >= o.length) throw new EvalFailure(`index ${i} is out of range for an array of length ${o.length}`, pointer);
          return o[i];
        }
        if (isObject(o)) {
          if (typeof i !== 'string') throw new EvalFailure(`object key must be a string, got ${typeName(i)}`, pointer);
          return getProp(o, i);
        }
        if (o === undefined || o === null) return undefined;
        throw new EvalFailure(`cannot index ${typeName(o)}`, pointer);
      };
    }
    case 'call':
      return compileCall(node.name, node.args, st, pointer);
  }
}

function compileCall(rawName: string, argNodes: readonly ExprNode[], st: CompileState, pointer: string): Ev {
  const name = rawName.toLowerCase();
  if (UNSUPPORTED_FUNCTIONS.has(name) && !(st.inDetails && DETAILS_ONLY_FUNCTIONS[name])) {
    throw new PolicyEngineError('compile', `function '${rawName}' is not supported in policy rules`, pointer);
  }
  switch (name) {
    case 'parameters': {
      expectArgs(rawName, argNodes, 1, 1, pointer);
      const arg = compileExpr(argNodes[0], st, pointer);
      if (arg.constant) {
        if (typeof arg.value !== 'string') throw new PolicyEngineError('compile', 'parameters() expects a parameter name string', pointer);
        const pname = arg.value;
        const f = fold(pname);
        if (st.params && !st.params.has(f)) {
          throw new PolicyEngineError('compile', `parameter '${pname}' is not defined in the policy definition's parameters`, pointer);
        }
        return (ctx) => paramValue(ctx, f, pname, pointer);
      }
      return (ctx) => {
        const n = arg(ctx);
        if (typeof n !== 'string') throw new EvalFailure('parameters() expects a parameter name string', pointer);
        return paramValue(ctx, fold(n), n, pointer);
      };
    }
    case 'field': {
      expectArgs(rawName, argNodes, 1, 1, pointer);
      const arg = compileExpr(argNodes[0], st, pointer);
      // In existenceCondition, field() in an expression reads the resource the if-condition matched.
      const useRoot = st.inExistence;
      if (!arg.constant) {
        const dyn = dynamicField(arg, st, pointer, useRoot);
        return (ctx) => {
          const v = dyn.get(ctx);
          return v === undefined ? null : v;
        };
      }
      if (typeof arg.value !== 'string') throw new PolicyEngineError('compile', 'field() expects a field name string', pointer);
      const rf = resolveField(arg.value, st.catalog, pointer);
      const fr = compileResolvedField(rf, st, useRoot);
      if (!fr.wildcard && rf.segs.some((s) => s.t === 'wild')) {
        // Inside a count over the array, field('<array>[*].x') is the current member's value, as a one-element array.
        return (ctx) => {
          const v = fr.get(ctx);
          return v === undefined ? [] : [v];
        };
      }
      // ARM's field() yields null for a property the resource does not have.
      return (ctx) => {
        const v = fr.get(ctx);
        return v === undefined ? null : v;
      };
    }
    case 'current': {
      expectArgs(rawName, argNodes, 0, 1, pointer);
      let scope: CountScope | undefined;
      if (argNodes.length === 0) {
        scope = st.scopes[st.scopes.length - 1];
        if (!scope) throw new PolicyEngineError('compile', 'current() is only allowed inside a count "where" condition', pointer);
      } else {
        const arg = compileExpr(argNodes[0], st, pointer);
        if (!arg.constant || typeof arg.value !== 'string') throw new PolicyEngineError('compile', 'current() expects a constant name', pointer);
        const f = fold(arg.value);
        for (let i = st.scopes.length - 1; i >= 0 && !scope; i--) {
          const s = st.scopes[i];
          if ((s.kind === 'value' && s.name === f) || (s.kind === 'field' && s.fieldText === f)) scope = s;
        }
        if (!scope) {
          // current('<array alias>[*].property'): the property of the current member of an enclosing field count.
          let fr: FieldRead | undefined;
          try {
            const rf = resolveField(arg.value, st.catalog, pointer);
            if (st.scopes.some((s) => s.kind === 'field') && findScope(rf.segs, st.scopes)) fr = compileResolvedField(rf, st);
          } catch {
            fr = undefined;
          }
          if (!fr) throw new PolicyEngineError('compile', `current('${arg.value}') does not name an enclosing count`, pointer);
          const reader = fr;
          return (ctx) => reader.get(ctx);
        }
      }
      const depth = scope.depth;
      return (ctx) => ctx.cur[depth];
    }
    case 'if': {
      expectArgs(rawName, argNodes, 3, 3, pointer);
      const [c, a, b] = argNodes.map((n) => compileExpr(n, st, pointer));
      return (ctx) => {
        const v = c(ctx);
        if (typeof v !== 'boolean') throw new EvalFailure(`if() condition must be a boolean, got ${typeName(v)}`, pointer);
        return v ? a(ctx) : b(ctx);
      };
    }
    case 'coalesce': {
      expectArgs(rawName, argNodes, 1, Infinity, pointer);
      const args = argNodes.map((n) => compileExpr(n, st, pointer));
      return (ctx) => {
        for (const a of args) {
          const v = a(ctx);
          if (v !== undefined && v !== null) return v;
        }
        return null;
      };
    }
    case 'and':
    case 'or': {
      expectArgs(rawName, argNodes, 1, Infinity, pointer);
      const args = argNodes.map((n) => compileExpr(n, st, pointer));
      const isAnd = name === 'and';
      return (ctx) => {
        for (const a of args) {
          const v = a(ctx);
          if (typeof v !== 'boolean') throw new EvalFailure(`${rawName}() arguments must be booleans, got ${typeName(v)}`, pointer);
          if (isAnd && !v) return false;
          if (!isAnd && v) return true;
        }
        return isAnd;
      };
    }
    case 'resourcegroup':
    case 'subscription':
    case 'policy':
    case 'requestcontext': {
      expectArgs(rawName, argNodes, 0, 0, pointer);
      const key = name === 'resourcegroup' ? 'resourceGroup' : name === 'requestcontext' ? 'requestContext' : name;
      return (ctx) => envOf(ctx)[key as keyof EvalEnv] ?? {};
    }
    case 'utcnow': {
      expectArgs(rawName, argNodes, 0, 1, pointer);
      const fmt = argNodes.length ? compileExpr(argNodes[0], st, pointer) : undefined;
      return (ctx) => {
        const fixed = envOf(ctx).utcNow;
        if (!fmt && fixed !== undefined) return fixed;
        const now = fixed !== undefined ? parseDateTime(fixed) ?? Date.now() : Date.now();
        if (!fmt) return new Date(now).toISOString().replace('Z', '0000Z');
        const f = fmt(ctx);
        if (typeof f !== 'string') throw new EvalFailure('utcNow() format must be a string', pointer);
        return formatDate(now, f);
      };
    }
    default: {
      if (st.inDetails && DETAILS_ONLY_FUNCTIONS[name]) {
        const fnD = DETAILS_ONLY_FUNCTIONS[name];
        const argsD = argNodes.map((n) => compileExpr(n, st, pointer));
        return (ctx) => fnD(argsD.map((a) => a(ctx)));
      }
      const spec = TEMPLATE_FUNCTIONS[name];
      if (!spec) throw new PolicyEngineError('compile', `unknown template function '${rawName}'`, pointer);
      expectArgs(rawName, argNodes, spec.min, spec.max, pointer);
      const args = argNodes.map((n) => compileExpr(n, st, pointer));
      const fn = spec.fn;
      if (args.every((a) => a.constant)) {
        try {
          return constant(fn(args.map((a) => a.value)));
        } catch {
          // leave the failure to evaluation time, as Azure does
        }
      }
      const wrap = (vals: Value[]): Value => {
        try {
          return fn(vals);
        } catch (e) {
          if (e instanceof EvalFailure) throw new EvalFailure(e.message, pointer);
          throw new EvalFailure(`${rawName}(): ${(e as Error).message}`, pointer);
        }
      };
      if (args.length === 1) {
        const [a0] = args;
        return (ctx) => wrap([a0(ctx)]);
      }
      if (args.length === 2) {
        const [a0, a1] = args;
        return (ctx) => wrap([a0(ctx), a1(ctx)]);
      }
      return (ctx) => wrap(args.map((a) => a(ctx)));
    }
  }
}

/** Evaluates one template expression on its own (tests, tooling). Throws PolicyEngineError (compile) or EvalFailure. */
export function evaluateStandaloneExpression(
  text: string,
  catalog: import('./aliases').AliasCatalog,
  resource: Value = {},
  parameters: Record<string, Value> = {},
  env: Partial<EvalEnv> = {},
): Value {
  const st: CompileState = { catalog, scopes: [], valueCounts: 0, fieldCounts: 0, inExistence: false };
  const ev = compileValue(text, st, '');
  const params = new Map<string, Value>();
  for (const [k, v] of Object.entries(parameters)) params.set(fold(k), v);
  const ctx: EvalCtx = {
    resource,
    root: resource,
    params,
    paramProblems: new Map(),
    makeEnv: () => ({ resourceGroup: {}, subscription: {}, policy: {}, requestContext: {}, ...env }),
    cur: [],
    trace: null,
    iterations: 0,
  };
  return ev(ctx);
}
