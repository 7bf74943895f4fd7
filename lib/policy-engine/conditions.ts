import { CompileState, CountScope, EvalCtx } from './context';
import { EvalFailure, PolicyEngineError, ptr } from './errors';
import { Ev, FieldRead, compileDeepValue, compileFieldText, compileResolvedField, compileValue, dynamicField, segVariants } from './expr';
import { isExpressionString } from './expression-parser';
import { resolveField } from './fields';
import { Value, compareValues, fold, hasKey, isObject, show, typeName, valueEquals } from './values';

/** A compiled condition. */
export type Cond = (ctx: EvalCtx) => boolean;

/** Deepest allowed nesting of logical operators / count where clauses. */
export const MAX_CONDITION_DEPTH = 64;
/** Azure's limit of value count expressions in one rule. */
export const MAX_VALUE_COUNTS = 10;
/** Azure's limit of iterations of one value count (including its parents). */
export const MAX_VALUE_COUNT_ITERATIONS = 100;

const OPERATORS = [
  'equals', 'notEquals', 'like', 'notLike', 'match', 'matchInsensitively', 'notMatch', 'notMatchInsensitively', 'contains',
  'notContains', 'in', 'notIn', 'containsKey', 'notContainsKey', 'less', 'lessOrEquals', 'greater', 'greaterOrEquals', 'exists',
];
const OPERATOR_BY_FOLD = new Map(OPERATORS.map((o) => [o.toLowerCase(), o]));

type Op = (lhs: Value, rhs: Value) => boolean;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `like` matcher: '*' any run, '?' one character; case-insensitive; linear-time (no regex backtracking). */
interface LikeMatcher { test(text: string): boolean }
function likeRegex(pattern: string): LikeMatcher {
  const p = fold(pattern);
  if (!p.includes('*') && !p.includes('?')) return { test: (t) => t === p };
  return {
    test: (t) => {
      let ti = 0;
      let pi = 0;
      let star = -1;
      let mark = 0;
      while (ti < t.length) {
        if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === t[ti]))) {
          pi++;
          ti++;
        } else if (pi < p.length && p[pi] === '*') {
          star = pi++;
          mark = ti;
        } else if (star >= 0) {
          pi = star + 1;
          ti = ++mark;
        } else {
          return false;
        }
      }
      while (pi < p.length && p[pi] === '*') pi++;
      return pi === p.length;
    },
  };
}

function matchRegex(pattern: string, insensitive: boolean): RegExp {
  let re = '^';
  for (const c of pattern) {
    if (c === '#') re += '[0-9]';
    else if (c === '?') re += '[A-Za-z]';
    else if (c === '.') re += '.';
    else re += escapeRe(c);
  }
  return new RegExp(re + '$', insensitive ? 'is' : 's');
}

function regexCache<R>(make: (p: string) => R): (p: string) => R {
  const cache = new Map<string, R>();
  return (p) => {
    let r = cache.get(p);
    if (!r) {
      r = make(p);
      if (cache.size < 500) cache.set(p, r);
    }
    return r;
  };
}

function scalarText(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function truthFlag(v: Value, pointer: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const f = v.toLowerCase();
    if (f === 'true') return true;
    if (f === 'false') return false;
  }
  throw new EvalFailure(`"exists" expects true or false, got ${show(v)}`, pointer);
}

function containsOp(lhs: Value, rhs: Value): boolean {
  if (typeof lhs === 'string') {
    const r = scalarText(rhs);
    return r !== undefined && fold(lhs).includes(fold(r));
  }
  if (Array.isArray(lhs)) return lhs.some((e) => valueEquals(e, rhs));
  return false;
}

const foldedSets = new WeakMap<object, Set<string> | null>();
/** Folded set of an all-string array (cached by identity), or null when it holds other values. */
function foldedSet(arr: Value[]): Set<string> | null {
  let set = foldedSets.get(arr);
  if (set === undefined) {
    set = arr.length > 0 && arr.every((e) => typeof e === 'string') ? new Set((arr as string[]).map(fold)) : null;
    foldedSets.set(arr, set);
  }
  return set;
}

function inOp(lhs: Value, rhs: Value, pointer: string): boolean {
  if (!Array.isArray(rhs)) throw new EvalFailure(`"in"/"notIn" expects an array, got ${typeName(rhs)}`, pointer);
  if (lhs === undefined) return false;
  for (const e of rhs) if (valueEquals(lhs, e)) return true;
  return false;
}

/** Builds the operator function, specialised on a constant right-hand side. */
function makeOp(op: string, rhs: Ev, pointer: string): Op {
  const isConst = rhs.constant === true;
  const c = rhs.value;
  switch (op) {
    case 'equals':
    case 'notEquals': {
      const neg = op === 'notEquals';
      if (isConst && typeof c === 'string') {
        const cf = fold(c);
        return (l) => (typeof l === 'string' ? l === c || fold(l) === cf : valueEquals(l, c)) !== neg;
      }
      return (l, r) => valueEquals(l, r) !== neg;
    }
    case 'like':
    case 'notLike': {
      const neg = op === 'notLike';
      const get = isConst && typeof c === 'string' ? ((m: LikeMatcher) => () => m)(likeRegex(c)) : regexCache(likeRegex);
      return (l, r) => {
        if (typeof r !== 'string') throw new EvalFailure(`"${op}" expects a string pattern, got ${typeName(r)}`, pointer);
        const t = scalarText(l);
        return (t !== undefined && get(r).test(fold(t))) !== neg;
      };
    }
    case 'match':
    case 'notMatch':
    case 'matchInsensitively':
    case 'notMatchInsensitively': {
      const neg = op.startsWith('not');
      const ins = op.endsWith('Insensitively');
      const get = isConst && typeof c === 'string' ? ((re: RegExp) => () => re)(matchRegex(c, ins)) : regexCache((p) => matchRegex(p, ins));
      return (l, r) => {
        if (typeof r !== 'string') throw new EvalFailure(`"${op}" expects a string pattern, got ${typeName(r)}`, pointer);
        const t = scalarText(l);
        return (t !== undefined && get(r).test(t)) !== neg;
      };
    }
    case 'contains':
      return (l, r) => containsOp(l, r);
    case 'notContains':
      return (l, r) => !containsOp(l, r);
    case 'in':
    case 'notIn': {
      const neg = op === 'notIn';
      if (isConst && Array.isArray(c) && c.length > 0 && c.every((e) => typeof e === 'string')) {
        // Constant list of strings: folded set lookup; other left-hand types fall back to Azure's coercing equality.
        const set = new Set((c as string[]).map(fold));
        return (l, r) => (typeof l === 'string' ? set.has(fold(l)) : inOp(l, r, pointer)) !== neg;
      }
      // Dynamic list (usually a parameter array, the same object for every resource): folded set cached per array.
      return (l, r) => {
        if (typeof l === 'string' && Array.isArray(r)) {
          const set = foldedSet(r);
          if (set) return set.has(fold(l)) !== neg;
        }
        return inOp(l, r, pointer) !== neg;
      };
    }
    case 'containsKey':
    case 'notContainsKey': {
      const neg = op === 'notContainsKey';
      return (l, r) => {
        const k = scalarText(r);
        return (isObject(l) && k !== undefined && hasKey(l, k)) !== neg;
      };
    }
    case 'less':
      return (l, r) => {
        const d = compareValues(l, r);
        return d !== undefined && d < 0;
      };
    case 'lessOrEquals':
      return (l, r) => {
        const d = compareValues(l, r);
        return d !== undefined && d <= 0;
      };
    case 'greater':
      return (l, r) => {
        const d = compareValues(l, r);
        return d !== undefined && d > 0;
      };
    case 'greaterOrEquals':
      return (l, r) => {
        const d = compareValues(l, r);
        return d !== undefined && d >= 0;
      };
    case 'exists':
      return (l, r) => (l !== undefined && l !== null) === truthFlag(r, pointer);
    default:
      throw new PolicyEngineError('compile', `unknown operator '${op}'`, pointer);
  }
}

function validateConstRhs(op: string, rhs: Ev, pointer: string): void {
  if (!rhs.constant) return;
  const v = rhs.value;
  if ((op === 'in' || op === 'notIn') && !Array.isArray(v)) {
    throw new PolicyEngineError('compile', `"${op}" expects an array, got ${typeName(v)}`, pointer);
  }
  if (/^(not)?(like|match|matchinsensitively)$/i.test(op) && typeof v !== 'string') {
    throw new PolicyEngineError('compile', `"${op}" expects a string pattern, got ${typeName(v)}`, pointer);
  }
  if (op === 'exists' && !(typeof v === 'boolean' || (typeof v === 'string' && /^(true|false)$/i.test(v)))) {
    throw new PolicyEngineError('compile', `"exists" expects true or false, got ${show(v)}`, pointer);
  }
  if (/^(less|lessOrEquals|greater|greaterOrEquals)$/.test(op) && !(typeof v === 'string' || typeof v === 'number')) {
    throw new PolicyEngineError('compile', `"${op}" expects a string, number or date, got ${typeName(v)}`, pointer);
  }
}

/** Human-readable location of a condition, from its pointer. */
function label(pointer: string): string {
  const i = pointer.search(/\/if(\/|$)|\/existenceCondition(\/|$)|\/where(\/|$)/);
  const rel = i >= 0 ? pointer.slice(i + 1) : pointer.replace(/^\//, '');
  return rel.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
}

/** Compiles a condition object. */
export function compileCondition(node: unknown, st: CompileState, pointer: string, depth = 0): Cond {
  if (depth > MAX_CONDITION_DEPTH) throw new PolicyEngineError('compile', `conditions nested deeper than ${MAX_CONDITION_DEPTH} levels`, pointer);
  if (!isObject(node)) throw new PolicyEngineError('parse', `a condition must be an object, got ${typeName(node as Value)}`, pointer);
  const keys = Object.keys(node);
  const byFold = new Map<string, string>();
  for (const k of keys) byFold.set(k.toLowerCase(), k);
  const logical = ['allof', 'anyof', 'not'].filter((k) => byFold.has(k));
  if (logical.length > 0) {
    if (keys.length !== 1) {
      throw new PolicyEngineError('parse', `a logical operator ("${byFold.get(logical[0])}") must be the only member of its object; found ${keys.map((k) => `"${k}"`).join(', ')}`, pointer);
    }
    const key = keys[0];
    const at = ptr(pointer, key);
    const body = node[key];
    if (logical[0] === 'not') {
      if (!isObject(body)) throw new PolicyEngineError('parse', `"not" must contain one condition object, got ${typeName(body)}`, at);
      const inner = compileCondition(body, st, at, depth + 1);
      return (ctx) => !inner(ctx);
    }
    if (!Array.isArray(body)) throw new PolicyEngineError('parse', `"${key}" must be an array of conditions, got ${typeName(body)}`, at);
    const parts = body.map((c, i) => compileCondition(c, st, ptr(at, i), depth + 1));
    if (logical[0] === 'allof') {
      if (parts.length === 2) {
        const [a, b] = parts;
        return (ctx) => a(ctx) && b(ctx);
      }
      return (ctx) => {
        for (const p of parts) if (!p(ctx)) return false;
        return true;
      };
    }
    return (ctx) => {
      for (const p of parts) if (p(ctx)) return true;
      return false;
    };
  }

  const lhsKinds = ['field', 'value', 'count'].filter((k) => byFold.has(k));
  const ops: string[] = [];
  const unknown: string[] = [];
  for (const k of keys) {
    const f = k.toLowerCase();
    if (f === 'field' || f === 'value' || f === 'count') continue;
    const op = OPERATOR_BY_FOLD.get(f);
    if (op) ops.push(k);
    else unknown.push(k);
  }
  if (lhsKinds.length === 0) {
    throw new PolicyEngineError('parse', `a condition needs "field", "value", "count" or a logical operator; found ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'an empty object'}`, pointer);
  }
  if (lhsKinds.length > 1) throw new PolicyEngineError('parse', `a condition may have only one of "field", "value" and "count"; found ${lhsKinds.join(', ')}`, pointer);
  if (unknown.length > 0) throw new PolicyEngineError('parse', `unknown operator or member "${unknown[0]}" (operators: ${OPERATORS.join(', ')})`, ptr(pointer, unknown[0]));
  if (ops.length !== 1) {
    throw new PolicyEngineError('parse', ops.length === 0 ? `condition has no operator (one of: ${OPERATORS.join(', ')})` : `condition has more than one operator: ${ops.join(', ')}`, pointer);
  }
  const opKey = ops[0];
  const op = OPERATOR_BY_FOLD.get(opKey.toLowerCase())!;
  const opPtr = ptr(pointer, opKey);
  const rhs = compileDeepValue(node[opKey], st, opPtr);
  validateConstRhs(op, rhs, opPtr);
  const fn = makeOp(op, rhs, opPtr);
  const lhsKey = byFold.get(lhsKinds[0])!;
  const lhsPtr = ptr(pointer, lhsKey);
  const where = label(pointer);

  // An expression operand that yields nothing (e.g. a property the object does not have) makes the condition false.
  const rhsIsExpr = typeof node[opKey] === 'string' && isExpressionString(node[opKey] as string);
  const leaf = (lhs: Value, ctx: EvalCtx, lhsName: string): boolean => {
    const r = rhs(ctx);
    const res = rhsIsExpr && r === undefined ? false : fn(lhs, r);
    if (ctx.trace) ctx.trace.push([`${where}: ${lhsName}`, lhs, op, r, res]);
    return res;
  };

  if (lhsKinds[0] === 'field') {
    const raw = node[lhsKey];
    if (typeof raw !== 'string') throw new PolicyEngineError('parse', `"field" must be a string, got ${typeName(raw)}`, lhsPtr);
    const fr: FieldRead = isExpressionString(raw) ? dynamicField(compileValue(raw, st, lhsPtr), st, lhsPtr) : compileFieldText(raw, st, lhsPtr);
    const name = `field '${raw}'`;
    if (!fr.wildcard) {
      if (rhs.constant && !isExpressionString(raw)) {
        const r = rhs.value;
        return (ctx) => {
          const l = fr.get(ctx);
          const res = fn(l, r);
          if (ctx.trace) ctx.trace.push([`${where}: ${name}`, l, op, r, res]);
          return res;
        };
      }
      return (ctx) => leaf(fr.get(ctx), ctx, name);
    }
    // [*] outside a count: true only when the condition holds for every member (an empty array holds vacuously).
    return (ctx) => {
      const members: Value[] = [];
      fr.collect(ctx, members);
      const r = rhs(ctx);
      if (rhsIsExpr && r === undefined) {
        if (ctx.trace) ctx.trace.push([`${where}: ${name} (right-hand expression yields nothing)`, members as Value, op, r, false]);
        return false;
      }
      for (let i = 0; i < members.length; i++) {
        if (!fn(members[i], r)) {
          if (ctx.trace) ctx.trace.push([`${where}: ${name} member ${i}`, members[i], op, r, false]);
          return false;
        }
      }
      if (ctx.trace) ctx.trace.push([`${where}: ${name} (all ${members.length} member(s))`, members as Value, op, r, true]);
      return true;
    };
  }
  if (lhsKinds[0] === 'value') {
    const lhs = compileDeepValue(node[lhsKey], st, lhsPtr);
    const raw = node[lhsKey];
    const name = `value ${typeof raw === 'string' ? JSON.stringify(raw) : show(raw as Value, 60)}`;
    const lhsIsExpr = typeof raw === 'string' && isExpressionString(raw);
    return (ctx) => {
      const l = lhs(ctx);
      if (lhsIsExpr && l === undefined) {
        if (ctx.trace) ctx.trace.push([`${where}: ${name} (expression yields nothing)`, l, op, rhs(ctx), false]);
        return false;
      }
      return leaf(l, ctx, name);
    };
  }
  const count = compileCount(node[lhsKey], st, lhsPtr, depth);
  return (ctx) => leaf(count(ctx), ctx, 'count');
}

function compileCount(spec: unknown, st: CompileState, pointer: string, depth: number): (ctx: EvalCtx) => number {
  if (!isObject(spec)) throw new PolicyEngineError('parse', `"count" must be an object, got ${typeName(spec as Value)}`, pointer);
  const members = new Map<string, string>();
  for (const k of Object.keys(spec)) {
    const f = k.toLowerCase();
    if (!['field', 'value', 'name', 'where'].includes(f)) throw new PolicyEngineError('parse', `unknown member "${k}" in count (allowed: field, value, name, where)`, ptr(pointer, k));
    members.set(f, k);
  }
  const hasField = members.has('field');
  const hasValue = members.has('value');
  if (hasField === hasValue) throw new PolicyEngineError('parse', 'count needs exactly one of "field" and "value"', pointer);
  const whereKey = members.get('where');
  const nameKey = members.get('name');
  if (hasField && nameKey) throw new PolicyEngineError('parse', '"name" is only allowed in a value count', ptr(pointer, nameKey));
  const depthIndex = st.scopes.length;

  if (hasField) {
    const fk = members.get('field')!;
    const raw = spec[fk];
    const fPtr = ptr(pointer, fk);
    if (typeof raw !== 'string') throw new PolicyEngineError('parse', `count "field" must be a string, got ${typeName(raw)}`, fPtr);
    const rf = resolveField(raw, st.catalog, fPtr);
    if (!rf.segs.some((s) => s.t === 'wild')) throw new PolicyEngineError('compile', `count field '${raw}' must be an array alias ending in [*]`, fPtr);
    st.fieldCounts++;
    // Elements: reuse the scoped reader for the container, then flatten.
    const reader = compileResolvedField(rf, st);
    const variants = segVariants(rf);
    const elementsOf = (ctx: EvalCtx): Value[] => {
      const out: Value[] = [];
      reader.collect(ctx, out);
      return out.filter((v) => v !== undefined);
    };
    if (!whereKey) return (ctx) => elementsOf(ctx).length;
    const scope: CountScope = { kind: 'field', depth: depthIndex, segVariants: variants, fieldText: fold(raw.trim()) };
    st.scopes.push(scope);
    let where: Cond;
    try {
      where = compileCondition(spec[whereKey], st, ptr(pointer, whereKey), depth + 1);
    } finally {
      st.scopes.pop();
    }
    return (ctx) => {
      const els = elementsOf(ctx);
      const saved = ctx.cur[depthIndex];
      let n = 0;
      for (const el of els) {
        ctx.cur[depthIndex] = el;
        if (where(ctx)) n++;
      }
      ctx.cur[depthIndex] = saved;
      return n;
    };
  }

  st.valueCounts++;
  if (st.valueCounts > MAX_VALUE_COUNTS) throw new PolicyEngineError('compile', `more than ${MAX_VALUE_COUNTS} value count expressions in one policy rule`, pointer);
  const vk = members.get('value')!;
  const vPtr = ptr(pointer, vk);
  const source = compileDeepValue(spec[vk], st, vPtr);
  let name: string | undefined;
  if (nameKey) {
    const n = spec[nameKey];
    if (typeof n !== 'string' || n.trim() === '') throw new PolicyEngineError('parse', `count "name" must be a non-empty string, got ${typeName(n)}`, ptr(pointer, nameKey));
    name = fold(n);
  }
  const items = (ctx: EvalCtx): Value[] => {
    const v = source(ctx);
    if (!Array.isArray(v)) throw new EvalFailure(`value count expects an array, got ${typeName(v)}`, vPtr);
    return v;
  };
  if (source.constant && !Array.isArray(source.value)) throw new PolicyEngineError('compile', `value count expects an array, got ${typeName(source.value)}`, vPtr);
  if (!whereKey) return (ctx) => items(ctx).length;
  st.scopes.push({ kind: 'value', depth: depthIndex, name });
  let where: Cond;
  try {
    where = compileCondition(spec[whereKey], st, ptr(pointer, whereKey), depth + 1);
  } finally {
    st.scopes.pop();
  }
  // Azure: each value count may perform up to 100 iterations, including those of its parent value counts.
  const outermost = !st.scopes.some((s) => s.kind === 'value');
  return (ctx) => {
    const arr = items(ctx);
    if (outermost) ctx.iterations = 0;
    const saved = ctx.cur[depthIndex];
    let n = 0;
    try {
      for (const el of arr) {
        if (++ctx.iterations > MAX_VALUE_COUNT_ITERATIONS) {
          throw new EvalFailure(`value count exceeds Azure's limit of ${MAX_VALUE_COUNT_ITERATIONS} iterations (including those of enclosing value counts)`, vPtr);
        }
        ctx.cur[depthIndex] = el;
        if (where(ctx)) n++;
      }
    } finally {
      ctx.cur[depthIndex] = saved;
    }
    return n;
  };
}
