import { CompileState, CountScope, EvalCtx } from './context';
import { EvalFailure, PolicyEngineError, ptr } from './errors';
import { compileDeepValue, compileValue } from './expr';
import { FieldRead, compileFieldText, compileResolvedField, dynamicField, segVariants } from './field-reader';
import { isExpressionString } from './expression-parser';
import { resolveField } from './fields';
import { OPERATORS, OPERATOR_NAMES, Op } from './operators';
import { Value, fold, isObject, show, typeName } from './values';

/** A compiled condition. */
export type Cond = (ctx: EvalCtx) => boolean;

/** Deepest allowed nesting of logical operators / count where clauses. */
export const MAX_CONDITION_DEPTH = 64;
/** Azure's limit of value count expressions in one rule. */
export const MAX_VALUE_COUNTS = 10;
/** Azure's limit of iterations of one value count (including its parents). */
export const MAX_VALUE_COUNT_ITERATIONS = 100;

/** An operator test whose evaluation failures without a pointer (a value too deep, a comparison too large) get the operator's. */
function withPointer(test: Op, pointer: string): Op {
  return (l, r) => {
    try {
      return test(l, r);
    } catch (e) {
      if (e instanceof EvalFailure && e.pointer === undefined) throw new EvalFailure(e.message, pointer);
      throw e;
    }
  };
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
    if (OPERATORS.has(f)) ops.push(k);
    else unknown.push(k);
  }
  if (lhsKinds.length === 0) {
    throw new PolicyEngineError('parse', `a condition needs "field", "value", "count" or a logical operator; found ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'an empty object'}`, pointer);
  }
  if (lhsKinds.length > 1) throw new PolicyEngineError('parse', `a condition may have only one of "field", "value" and "count"; found ${lhsKinds.join(', ')}`, pointer);
  if (unknown.length > 0) throw new PolicyEngineError('parse', `unknown operator or member "${unknown[0]}" (operators: ${OPERATOR_NAMES.join(', ')})`, ptr(pointer, unknown[0]));
  if (ops.length !== 1) {
    throw new PolicyEngineError('parse', ops.length === 0 ? `condition has no operator (one of: ${OPERATOR_NAMES.join(', ')})` : `condition has more than one operator: ${ops.join(', ')}`, pointer);
  }
  const opKey = ops[0];
  const spec = OPERATORS.get(opKey.toLowerCase())!;
  const op = spec.name;
  const opPtr = ptr(pointer, opKey);
  const rhs = compileDeepValue(node[opKey], st, opPtr);
  if (rhs.constant && spec.checkConstant) spec.checkConstant(rhs.value, opPtr);
  const fn = withPointer(spec.compile(rhs, opPtr), opPtr);
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
