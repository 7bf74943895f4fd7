import { CompileState, CountScope, EvalCtx, compiledReads, unknownReadsSince } from './context';
import { EvalFailure, PolicyEngineError, ptr } from './errors';
import { compileDeepValue, compileValue } from './expr';
import { Ev, weightOf } from './ev';
import { FieldRead, compileFieldText, compileResolvedField, dynamicField, segVariants } from './field-reader';
import type { Collected } from './fields';
import { isExpressionString } from './expression-parser';
import { resolveField } from './fields';
import { OPERATORS, OPERATOR_NAMES, Op, TriOp, triTest } from './operators';
import * as limits from './limits';
import * as unknownModule from './unknown';
import { Tri, Undetermined } from './unknown';
import { Value, fold, isObject, numericString, show, typeName } from './values';

// Local copies of hot imported bindings: tsx (esbuild) compiles every use of an imported binding into a getter
// call, which is measurable on the evaluation hot path (npm run bench:policy).
const UNKNOWN_MEMBERS: typeof unknownModule.UNKNOWN_MEMBERS = unknownModule.UNKNOWN_MEMBERS;
const { involvesUnknown, undeterminedBy } = unknownModule;
const { CONDITION_STEPS, COUNT_ITERATION_STEPS, EXPRESSION_NODE_STEPS, MEMBER_STEPS, charge } = limits;

/**
 * A compiled condition: true, false, or undetermined (an Undetermined naming the fields whose unknown values the
 * outcome depends on; contract C1). allOf: false if any member is false, else undetermined if any is, else true;
 * anyOf the dual; not of undetermined is undetermined.
 */
export type Cond = (ctx: EvalCtx) => Tri;

/** Deepest allowed nesting of logical operators / count where clauses. */
export const MAX_CONDITION_DEPTH = 64;
/** Azure's limit of value count expressions in one rule. */
export const MAX_VALUE_COUNTS = 10;
/** Azure's limit of iterations of one value count (including its parents). */
export const MAX_VALUE_COUNT_ITERATIONS = 100;

/** An operator test whose evaluation failures without a pointer (a value too deep, a comparison too large) get the operator's. */
function withPointer<T extends Op | TriOp>(test: T, pointer: string): T {
  return ((l: Value, r: Value) => {
    try {
      return test(l, r);
    } catch (e) {
      if (e instanceof EvalFailure && e.pointer === undefined) throw new EvalFailure(e.message, pointer);
      throw e;
    }
  }) as T;
}

/** Charges a condition on long strings (each character costs about 1/64 of a step) to the evaluation's budget. */
function chargeLong(l: Value, r: Value, pointer: string): void {
  const n = (typeof l === 'string' ? l.length : 0) + (typeof r === 'string' ? r.length : 0);
  if (n > 256) charge(n / 64, pointer);
}

/** involvesUnknown without the call for scalars (the common case). */
function mayHoldUnknown(v: Value): boolean {
  return typeof v === 'object' && v !== null && involvesUnknown(v);
}

/**
 * An expression evaluated once per pass (EvalCtx.pass: one evaluation reading one resource), for an expression that
 * reads nothing a count's iterations change. A value whose evaluation noted unknown reads is not kept: each use notes
 * them again, as they name the paths an undetermined outcome waits for.
 */
function oncePerPass(ev: Ev): (ctx: EvalCtx) => Value {
  let pass = 0; // newPass() starts at 1
  let value: Value;
  return (ctx) => {
    if (ctx.pass === pass) return value;
    const mark = ctx.unknownReads?.length ?? 0;
    const v = ev(ctx);
    if ((ctx.unknownReads?.length ?? 0) === mark) {
      pass = ctx.pass;
      value = v;
    }
    return v;
  };
}

/** How a result is written in the trace. */
const traced = (t: Tri): boolean | 'undetermined' => (typeof t === 'boolean' ? t : 'undetermined');

/** allOf over three-valued results. */
function allOfTri(parts: readonly Cond[]): Cond {
  return (ctx) => {
    let undetermined: Undetermined | undefined;
    for (const p of parts) {
      const t = p(ctx);
      if (t === false) return false;
      if (t !== true) undetermined = undetermined ? undetermined.merge(t) : t;
    }
    return undetermined ?? true;
  };
}

/** anyOf over three-valued results. */
function anyOfTri(parts: readonly Cond[]): Cond {
  return (ctx) => {
    let undetermined: Undetermined | undefined;
    for (const p of parts) {
      const t = p(ctx);
      if (t === true) return true;
      if (t !== false) undetermined = undetermined ? undetermined.merge(t) : t;
    }
    return undetermined ?? false;
  };
}

/**
 * A count whose value depends on unknown values: between `lo` and `hi` (Infinity when the number of members is
 * unknown), and why.
 */
interface CountRange { readonly lo: number; readonly hi: number; readonly why: Undetermined }
type CountValue = number | CountRange;

/**
 * Decides `count <op> rhs` for every count in [lo, hi]: the answer when all give the same, else undefined. The
 * operators change their answer only around the numbers on the right-hand side, so the ends of the range and the
 * integers next to each such number are enough.
 */
function decideOverRange(test: Op, range: CountRange, r: Value): boolean | undefined {
  const hi = range.hi === Infinity ? Number.MAX_SAFE_INTEGER : range.hi;
  const candidates = new Set<number>([range.lo, hi]);
  const numbers = (Array.isArray(r) ? r : [r]).map((x) => (typeof x === 'number' ? x : typeof x === 'string' ? numericString(x) : undefined));
  for (const n of numbers) {
    if (n === undefined) continue;
    for (const c of [Math.floor(n) - 1, Math.floor(n), Math.ceil(n), Math.ceil(n) + 1]) if (c >= range.lo && c <= hi) candidates.add(c);
  }
  let answer: boolean | undefined;
  for (const c of candidates) {
    const t = test(c, r);
    if (answer === undefined) answer = t;
    else if (answer !== t) return undefined;
  }
  return answer;
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
      return (ctx) => {
        const t = inner(ctx);
        return typeof t === 'boolean' ? !t : t;
      };
    }
    if (!Array.isArray(body)) throw new PolicyEngineError('parse', `"${key}" must be an array of conditions, got ${typeName(body)}`, at);
    const parts = body.map((c, i) => compileCondition(c, st, ptr(at, i), depth + 1));
    if (logical[0] === 'allof') {
      if (parts.length === 2) {
        const [a, b] = parts;
        return (ctx) => {
          const x = a(ctx);
          if (x === false) return false;
          const y = b(ctx);
          if (y === false) return false;
          if (x === true) return y;
          return y === true ? x : x.merge(y);
        };
      }
      return allOfTri(parts);
    }
    return anyOfTri(parts);
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
  const readsBefore = compiledReads.member;
  const rhs = compileDeepValue(node[opKey], st, opPtr);
  // Inside a count's where, an expression that reads nothing the count's iterations change (e.g. "[field('id')]" in
  // an existence condition) has one value per pass: evaluated for the first member, not again for each.
  const rhsOfLeaf = !rhs.constant && st.scopes.length > 0 && compiledReads.member === readsBefore ? oncePerPass(rhs) : rhs;
  if (rhs.constant && spec.checkConstant) spec.checkConstant(rhs.value, opPtr);
  const fn = withPointer(spec.compile(rhs, opPtr), opPtr);
  if (!rhs.constant && (op === 'in' || op === 'notIn')) compiledReads.history++;
  // Built on first use: most evaluations never meet an unknown value.
  let triFn: TriOp | undefined;
  const tri: TriOp = (l, r) => (triFn ??= withPointer(triTest(spec, rhs, opPtr, fn), opPtr))(l, r);
  const lhsKey = byFold.get(lhsKinds[0])!;
  const lhsPtr = ptr(pointer, lhsKey);
  const where = label(pointer);
  /** Steps of one evaluation of this condition, its operands' expressions included (a count adds its members). */
  const stepsWith = (lhsWeight: number): number => CONDITION_STEPS + (lhsWeight + weightOf(rhs)) * EXPRESSION_NODE_STEPS;

  /**
   * The test on values that are or hold unknown values: decided where the outcome does not depend on them, else
   * undetermined with the paths: `lhsPath` when the left-hand side is unknown, and the fields read since `mark`.
   */
  const isField = lhsKinds[0] === 'field';
  const undecided = (l: Value, r: Value, ctx: EvalCtx, mark: number, lhsPath: string | undefined): Tri => {
    const t = tri(l, r);
    if (t !== undefined) return t;
    const paths = unknownReadsSince(ctx, mark);
    // A field condition's own field is a path; an expression's paths are the fields it read.
    if (isField && lhsPath !== undefined && involvesUnknown(l) && !paths.includes(lhsPath)) paths.unshift(lhsPath);
    return undeterminedBy(paths.length > 0 ? paths : [lhsPath ?? where]);
  };

  // An expression operand that yields nothing (e.g. a property the object does not have) makes the condition false.
  const rhsIsExpr = typeof node[opKey] === 'string' && isExpressionString(node[opKey] as string);
  const leaf = (lhs: Value, ctx: EvalCtx, lhsName: string, mark: number, lhsPath?: string): Tri => {
    const r = rhsOfLeaf(ctx);
    if ((typeof lhs === 'string' && lhs.length > 128) || (typeof r === 'string' && r.length > 128)) chargeLong(lhs, r, opPtr);
    const res: Tri = rhsIsExpr && r === undefined ? false : mayHoldUnknown(lhs) || mayHoldUnknown(r) ? undecided(lhs, r, ctx, mark, lhsPath) : fn(lhs, r);
    if (ctx.trace) ctx.trace.push([labelOf(lhsName), lhs, op, r, traced(res)]);
    else if (res === true && ctx.deciding && lhsName !== 'count') ctx.deciding.note(labelOf(lhsName), lhs, op, r);
    return res;
  };
  // A condition's leaf is called with one left-hand name (the field's or value's, or "count"): its label is made once,
  // so that noting a comparison allocates nothing and the same comparison has the same label object every time.
  let lastName: string | undefined;
  let lastLabel = '';
  const labelOf = (lhsName: string): string => {
    if (lhsName !== lastName) {
      lastName = lhsName;
      lastLabel = `${where}: ${lhsName}`;
    }
    return lastLabel;
  };
  const markOf = (ctx: EvalCtx): number => ctx.unknownReads?.length ?? 0;

  if (lhsKinds[0] === 'field') {
    const raw = node[lhsKey];
    if (typeof raw !== 'string') throw new PolicyEngineError('parse', `"field" must be a string, got ${typeName(raw)}`, lhsPtr);
    const nameExpr = isExpressionString(raw) ? compileValue(raw, st, lhsPtr) : undefined;
    const fr: FieldRead = nameExpr ? dynamicField(nameExpr, st, lhsPtr) : compileFieldText(raw, st, lhsPtr);
    const name = `field '${raw}'`;
    const steps = stepsWith(nameExpr ? weightOf(nameExpr) : 0);
    if (!fr.wildcard) {
      if (rhs.constant && !isExpressionString(raw)) {
        const r = rhs.value;
        const rUnknown = involvesUnknown(r);
        const label = `${where}: ${name}`;
        return (ctx) => {
          charge(steps, pointer);
          const l = fr.get(ctx);
          if (typeof l === 'string' && l.length > 128) chargeLong(l, r, opPtr);
          const res: Tri = rUnknown || mayHoldUnknown(l) ? undecided(l, r, ctx, markOf(ctx), raw) : fn(l, r);
          if (ctx.trace) ctx.trace.push([label, l, op, r, traced(res)]);
          else if (res === true && ctx.deciding) ctx.deciding.note(label, l, op, r);
          return res;
        };
      }
      return (ctx) => {
        charge(steps, pointer);
        const mark = markOf(ctx);
        return leaf(fr.get(ctx), ctx, name, mark, raw);
      };
    }
    // [*] outside a count: true only when the condition holds for every member (an empty array holds vacuously).
    return (ctx) => {
      charge(steps, pointer);
      const mark = markOf(ctx);
      const members: Collected[] = [];
      fr.collect(ctx, members);
      const r = rhs(ctx);
      if (rhsIsExpr && r === undefined) {
        if (ctx.trace) ctx.trace.push([`${where}: ${name} (right-hand expression yields nothing)`, members as Value, op, r, false]);
        return false;
      }
      charge(members.length * MEMBER_STEPS, opPtr);
      let undetermined: Undetermined | undefined;
      for (let i = 0; i < members.length; i++) {
        const m = members[i];
        // An unknown array has an unknown number of unknown members.
        const t: Tri = m === UNKNOWN_MEMBERS ? undeterminedBy([raw]) : involvesUnknown(m) || involvesUnknown(r) ? undecided(m, r, ctx, mark, raw) : fn(m, r);
        if (t === false) {
          if (ctx.trace) ctx.trace.push([`${where}: ${name} member ${i}`, m === UNKNOWN_MEMBERS ? undefined : m, op, r, false]);
          return false;
        }
        if (t !== true) undetermined = undetermined ? undetermined.merge(t) : t;
      }
      const res: Tri = undetermined ?? true;
      if (ctx.trace) ctx.trace.push([`${where}: ${name} (all ${members.length} member(s))`, members.filter((m) => m !== UNKNOWN_MEMBERS) as Value, op, r, traced(res)]);
      else if (res === true && ctx.deciding) ctx.deciding.note(`${where}: ${name} (all ${members.length} member(s))`, members as Value, op, r);
      return res;
    };
  }
  if (lhsKinds[0] === 'value') {
    const lhs = compileDeepValue(node[lhsKey], st, lhsPtr);
    const raw = node[lhsKey];
    const name = `value ${typeof raw === 'string' ? JSON.stringify(raw) : show(raw as Value, 60)}`;
    const lhsIsExpr = typeof raw === 'string' && isExpressionString(raw);
    const steps = stepsWith(weightOf(lhs));
    return (ctx) => {
      charge(steps, pointer);
      const mark = markOf(ctx);
      const l = lhs(ctx);
      if (lhsIsExpr && l === undefined) {
        if (ctx.trace) ctx.trace.push([`${where}: ${name} (expression yields nothing)`, l, op, rhs(ctx), false]);
        return false;
      }
      return leaf(l, ctx, name, mark, typeof raw === 'string' ? raw : undefined);
    };
  }
  const count = compileCount(node[lhsKey], st, lhsPtr, depth);
  const steps = stepsWith(count.weight);
  return (ctx) => {
    charge(steps, pointer);
    const c = count(ctx);
    if (typeof c === 'number') return leaf(c, ctx, 'count', markOf(ctx));
    const r = rhs(ctx);
    const decided = involvesUnknown(r) ? undefined : decideOverRange(fn, c, r);
    const res: Tri = decided === undefined ? c.why : decided;
    if (ctx.trace) ctx.trace.push([`${where}: count (between ${c.lo} and ${c.hi === Infinity ? 'unknown' : c.hi})`, undefined, op, r, traced(res)]);
    return res;
  };
}

/** Adds one member's where-result to a running count. */
function tally(state: { lo: number; hi: number; why?: Undetermined }, t: Tri): void {
  if (t === true) {
    state.lo++;
    state.hi++;
  } else if (t !== false) {
    state.hi++;
    state.why = state.why ? state.why.merge(t) : t;
  }
}

function countResult(state: { lo: number; hi: number; why?: Undetermined }): CountValue {
  return state.lo === state.hi || !state.why ? state.lo : { lo: state.lo, hi: state.hi, why: state.why };
}

/** A compiled count; `weight` is that of the expression a value count counts (see Ev.weight). */
type CountFn = ((ctx: EvalCtx) => CountValue) & { weight: number };

function compileCount(spec: unknown, st: CompileState, pointer: string, depth: number): CountFn {
  const withWeight = (f: (ctx: EvalCtx) => CountValue, weight = 0): CountFn => Object.assign(f, { weight });
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
    const rf = resolveField(raw, st.catalog, fPtr, st.dataPlane);
    if (!rf.segs.some((s) => s.t === 'wild')) throw new PolicyEngineError('compile', `count field '${raw}' must be an array alias ending in [*]`, fPtr);
    st.fieldCounts++;
    // Elements: reuse the scoped reader for the container, then flatten.
    const reader = compileResolvedField(rf, st);
    const variants = segVariants(rf);
    /** The members; `unknown` when an array on the way is unknown (an unknown number of members). */
    const elementsOf = (ctx: EvalCtx): { els: Value[]; unknown: boolean } => {
      const els: Collected[] = [];
      reader.collect(ctx, els);
      // Compacted in place: the present members, in order.
      let n = 0;
      let unknown = false;
      for (let i = 0; i < els.length; i++) {
        const v = els[i];
        if (v === UNKNOWN_MEMBERS) unknown = true;
        else if (v !== undefined) els[n++] = v;
      }
      if (n !== els.length) els.length = n;
      return { els: els as Value[], unknown };
    };
    const membersUnknown = undeterminedBy([raw], [`the number of members of ${raw} is known only after apply`]);
    if (!whereKey) {
      return withWeight((ctx) => {
        const { els, unknown } = elementsOf(ctx);
        return unknown ? { lo: els.length, hi: Infinity, why: membersUnknown } : els.length;
      });
    }
    const scope: CountScope = { kind: 'field', depth: depthIndex, segVariants: variants, fieldText: fold(raw.trim()), label: raw };
    st.scopes.push(scope);
    let where: Cond;
    try {
      where = compileCondition(spec[whereKey], st, ptr(pointer, whereKey), depth + 1);
    } finally {
      st.scopes.pop();
    }
    return withWeight((ctx) => {
      const { els, unknown } = elementsOf(ctx);
      const saved = ctx.cur[depthIndex];
      const state: { lo: number; hi: number; why?: Undetermined } = { lo: 0, hi: 0 };
      charge(els.length * COUNT_ITERATION_STEPS, pointer);
      for (const el of els) {
        ctx.cur[depthIndex] = el;
        tally(state, where(ctx));
      }
      ctx.cur[depthIndex] = saved;
      if (unknown) {
        state.hi = Infinity;
        state.why = state.why ? state.why.merge(membersUnknown) : membersUnknown;
      }
      return countResult(state);
    });
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
  const sourceText = typeof spec[vk] === 'string' ? (spec[vk] as string) : 'count value';
  /** The array counted, or the reason its members are unknown. */
  const items = (ctx: EvalCtx): Value[] | Undetermined => {
    const mark = ctx.unknownReads?.length ?? 0;
    const v = source(ctx);
    if (isUnknownArray(v)) {
      const paths = unknownReadsSince(ctx, mark);
      const why = undeterminedBy(paths.length > 0 ? paths : [sourceText]);
      return new Undetermined(why.paths, [...why.reasons, `the number of members of ${sourceText} is known only after apply`]);
    }
    if (!Array.isArray(v)) throw new EvalFailure(`value count expects an array, got ${typeName(v)}`, vPtr);
    return v;
  };
  if (source.constant && !Array.isArray(source.value)) throw new PolicyEngineError('compile', `value count expects an array, got ${typeName(source.value)}`, vPtr);
  if (!whereKey) {
    return withWeight((ctx) => {
      const arr = items(ctx);
      return arr instanceof Undetermined ? { lo: 0, hi: Infinity, why: arr } : arr.length;
    }, weightOf(source));
  }
  st.scopes.push({ kind: 'value', depth: depthIndex, name, label: nameKey ? `current('${spec[nameKey] as string}')` : `${sourceText} (current())` });
  let where: Cond;
  try {
    where = compileCondition(spec[whereKey], st, ptr(pointer, whereKey), depth + 1);
  } finally {
    st.scopes.pop();
  }
  // Azure: each value count may perform up to 100 iterations, including those of its parent value counts.
  const outermost = !st.scopes.some((s) => s.kind === 'value');
  return withWeight((ctx) => {
    const arr = items(ctx);
    if (arr instanceof Undetermined) return { lo: 0, hi: Infinity, why: arr };
    if (outermost) ctx.iterations = 0;
    const saved = ctx.cur[depthIndex];
    const state: { lo: number; hi: number; why?: Undetermined } = { lo: 0, hi: 0 };
    try {
      for (const el of arr) {
        if (++ctx.iterations > MAX_VALUE_COUNT_ITERATIONS) {
          throw new EvalFailure(`value count exceeds Azure's limit of ${MAX_VALUE_COUNT_ITERATIONS} iterations (including those of enclosing value counts)`, vPtr);
        }
        charge(COUNT_ITERATION_STEPS, pointer);
        ctx.cur[depthIndex] = el;
        tally(state, where(ctx));
      }
    } finally {
      ctx.cur[depthIndex] = saved;
    }
    return countResult(state);
  }, weightOf(source));
}

/** An unknown value in place of the array a value count counts. */
function isUnknownArray(v: Value): boolean {
  return !Array.isArray(v) && involvesUnknown(v);
}
