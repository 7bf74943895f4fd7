import { EvalFailure, PolicyEngineError } from './errors';
import * as limits from './limits';
import * as unknownModule from './unknown';
import type { Ev } from './ev';
import * as values from './values';
import type { Value } from './values';

// Local copies of hot imported bindings: tsx (esbuild) compiles every use of an imported binding into a getter
// call, which is measurable on the evaluation hot path (npm run bench:policy).
const { UNKNOWN_PRESENCE, isUnknown } = unknownModule;
const { COMPARE_STEPS, MAX_JSON_DEPTH, MAX_WORK_STEPS, SCAN_STEPS, SET_MEMBER_STEPS, WorkMeter, charge, tooDeep } = limits;
const { compareValues, fold, foldedEquals, getProp, hasKey, isObject, show, typeName, valueEquals } = values;

/**
 * The condition operators, one table: each entry says how to check a constant right-hand side at compile time and
 * how to build the test that runs at evaluation time (specialised on a constant right-hand side where that pays).
 * To add an operator, add one entry here (and a test in test/policy-engine/operators.test.ts); nothing else needs
 * to change: conditions.ts looks operators up in this table only.
 */

/** The test an operator performs: left-hand value, right-hand value -> match. */
export type Op = (lhs: Value, rhs: Value) => boolean;

/** One condition operator. */
export interface OperatorSpec {
  /** Name as Azure spells it (conditions match it case-insensitively). */
  readonly name: string;
  /** Compile-time check of a constant right-hand side; throws PolicyEngineError (compile). */
  readonly checkConstant?: (value: Value, pointer: string) => void;
  /** Builds the evaluation-time test. `rhs.constant` is true when the right-hand side is known at compile time. */
  readonly compile: (rhs: Ev, pointer: string) => Op;
  /**
   * The test when an operand is or holds an unknown value (contract C1): true or false when the outcome does not
   * depend on it, undefined when it does. Absent: undefined when an operand is itself unknown, else `compile`'s test
   * (operators that compare scalars do not look inside arrays and objects).
   */
  readonly tri?: (rhs: Ev, pointer: string) => TriOp;
}

/** A three-valued test: undefined = undetermined. */
export type TriOp = (lhs: Value, rhs: Value) => boolean | undefined;

/**
 * Azure Policy equality when unknown values may be involved: false when a known part differs, undefined when the
 * answer depends on an unknown value, true when equal.
 */
export function triEquals(a: Value, b: Value, depth = 0): boolean | undefined {
  if (isUnknown(a) || isUnknown(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (depth >= MAX_JSON_DEPTH) throw tooDeep('a compared value', '');
    let undetermined = false;
    for (let i = 0; i < a.length; i++) {
      const t = triEquals(a[i], b[i], depth + 1);
      if (t === false) return false;
      if (t === undefined) undetermined = true;
    }
    return undetermined ? undefined : true;
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    if (depth >= MAX_JSON_DEPTH) throw tooDeep('a compared value', '');
    let undetermined = false;
    for (const k of keys) {
      const other = getProp(b, k);
      if (other === undefined) return false;
      const t = triEquals(a[k], other, depth + 1);
      if (t === false) return false;
      if (t === undefined) undetermined = true;
    }
    return undetermined ? undefined : true;
  }
  return valueEquals(a, b);
}

/** Whether `list` holds a member equal to `item`, three-valued. */
function triMember(list: readonly Value[], item: Value): boolean | undefined {
  charge(list.length * SCAN_STEPS);
  let undetermined = false;
  for (const e of list) {
    const t = triEquals(item, e);
    if (t === true) return true;
    if (t === undefined) undetermined = true;
  }
  return undetermined ? undefined : false;
}

// ------------------------------------------------------------------ matchers shared by several operators

/**
 * `like` matcher: '*' any run, '?' one character; case-insensitive (callers pass folded text).
 */
export interface LikeMatcher { test(foldedText: string): boolean }

/**
 * Compiles a `like` pattern (folded here) into a matcher. The pattern is split at '*': the first and last pieces
 * are anchored at the ends of the text and each piece between is placed at its leftmost occurrence after the previous
 * one (greedy leftmost placement is optimal for '*'), so the text is scanned once: O(text + pattern) for pieces
 * without '?'; a piece with '?' is searched bit-parallel (Shift-And), O(text x ceil(piece / 32)), within the
 * engine's step budget.
 */
export function likeMatcher(pattern: string): LikeMatcher {
  const p = fold(pattern);
  if (!p.includes('*') && !p.includes('?')) return { test: (t) => t === p };
  const pieces = p.split('*');
  if (pieces.length === 1) return { test: (t) => t.length === p.length && matchesAt(t, 0, p) };
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1).filter((x) => x !== '').map(pieceFinder);
  return {
    test: (t) => {
      if (t.length < first.length + last.length) return false;
      if (!matchesAt(t, 0, first) || !matchesAt(t, t.length - last.length, last)) return false;
      let pos = first.length;
      const end = t.length - last.length;
      for (const find of middle) {
        const at = find(t, pos, end);
        if (at < 0) return false;
        pos = at;
      }
      return true;
    },
  };
}

/** Whether `piece` ('?' = any one character) occurs in `t` at `at`. */
function matchesAt(t: string, at: number, piece: string): boolean {
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c !== 63 /* ? */ && c !== t.charCodeAt(at + i)) return false;
  }
  return true;
}

/** Finds the leftmost occurrence of a piece within t[from, end): the index just after it, or -1. */
type PieceFinder = (t: string, from: number, end: number) => number;

function pieceFinder(piece: string): PieceFinder {
  if (!piece.includes('?')) {
    return (t, from, end) => {
      const at = t.indexOf(piece, from);
      return at >= 0 && at + piece.length <= end ? at + piece.length : -1;
    };
  }
  // Shift-And: bit j of the state is set when piece[0..j] matches the text ending at the current character.
  const m = piece.length;
  const words = Math.ceil(m / 32);
  const wild = new Uint32Array(words);
  const masks = new Map<number, Uint32Array>();
  for (let j = 0; j < m; j++) if (piece.charCodeAt(j) === 63) wild[j >>> 5] |= 1 << (j & 31);
  for (let j = 0; j < m; j++) {
    const c = piece.charCodeAt(j);
    if (c === 63) continue;
    let mask = masks.get(c);
    if (!mask) masks.set(c, (mask = Uint32Array.from(wild)));
    mask[j >>> 5] |= 1 << (j & 31);
  }
  const topWord = (m - 1) >>> 5;
  const topBit = 1 << ((m - 1) & 31);
  return (t, from, end) => {
    const meter = new WorkMeter(`"like" with a ${m}-character piece containing '?'`);
    const state = new Uint32Array(words);
    for (let i = from; i < end; i++) {
      meter.step(words);
      const mask = masks.get(t.charCodeAt(i)) ?? wild;
      let carry = 1;
      for (let w = 0; w < words; w++) {
        const s = state[w];
        state[w] = ((s << 1) | carry) & mask[w];
        carry = s >>> 31;
      }
      if (state[topWord] & topBit) return i + 1;
    }
    return -1;
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `match` pattern: '#' a digit, '?' a letter, '.' any character, everything else literal. */
export function matchRegex(pattern: string, insensitive: boolean): RegExp {
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

/** Text of a scalar for the string operators (numbers and booleans as written); undefined for other values. */
export function scalarText(v: Value): string | undefined {
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
  if (Array.isArray(lhs)) {
    charge(lhs.length * SCAN_STEPS);
    const meter = new WorkMeter('"contains"', MAX_WORK_STEPS, COMPARE_STEPS);
    return lhs.some((e) => valueEquals(e, rhs, meter));
  }
  return false;
}

const foldedSets = new WeakMap<object, Set<string> | null>();
/** Folded set of an all-string array (cached by identity), or null when it holds other values. */
function foldedSet(arr: Value[]): Set<string> | null {
  let set = foldedSets.get(arr);
  if (set === undefined) {
    // Built once per array (a parameter's is reused by every resource; an array built per evaluation is not).
    charge(arr.length * SET_MEMBER_STEPS);
    set = arr.length > 0 && arr.every((e) => typeof e === 'string') ? new Set((arr as string[]).map(fold)) : null;
    foldedSets.set(arr, set);
  }
  return set;
}

function inOp(lhs: Value, rhs: Value, pointer: string): boolean {
  if (!Array.isArray(rhs)) throw new EvalFailure(`"in"/"notIn" expects an array, got ${typeName(rhs)}`, pointer);
  if (lhs === undefined) return false;
  charge(rhs.length * SCAN_STEPS);
  const meter = new WorkMeter('"in"', MAX_WORK_STEPS, COMPARE_STEPS);
  for (const e of rhs) if (valueEquals(lhs, e, meter)) return true;
  return false;
}

// ------------------------------------------------------------------ constant checks

function needsArray(name: string) {
  return (v: Value, pointer: string): void => {
    if (!Array.isArray(v)) throw new PolicyEngineError('compile', `"${name}" expects an array, got ${typeName(v)}`, pointer);
  };
}

function needsPattern(name: string) {
  return (v: Value, pointer: string): void => {
    if (typeof v !== 'string') throw new PolicyEngineError('compile', `"${name}" expects a string pattern, got ${typeName(v)}`, pointer);
  };
}

function needsOrderable(name: string) {
  return (v: Value, pointer: string): void => {
    if (!(typeof v === 'string' || typeof v === 'number')) throw new PolicyEngineError('compile', `"${name}" expects a string, number or date, got ${typeName(v)}`, pointer);
  };
}

// ------------------------------------------------------------------ the table

const specs: OperatorSpec[] = [];
type Parts = Omit<OperatorSpec, 'name'>;
/**
 * Registers an operator built by `make(name)` and, when `negation` is given, the operator that is its negation
 * (same constant check, opposite answer; an undetermined answer stays undetermined).
 */
function define(name: string, make: (name: string) => Parts, negation?: string): void {
  specs.push({ name, ...make(name) });
  if (negation) {
    const base = make(negation);
    specs.push({
      name: negation,
      checkConstant: base.checkConstant,
      compile: (rhs, pointer) => {
        const test = base.compile(rhs, pointer);
        return (l, r) => !test(l, r);
      },
      tri: base.tri
        ? (rhs, pointer) => {
          const test = base.tri!(rhs, pointer);
          return (l, r) => {
            const t = test(l, r);
            return t === undefined ? undefined : !t;
          };
        }
        : undefined,
    });
  }
}

/** The three-valued test of an operator (see OperatorSpec.tri); `test` is its compiled two-valued test. */
export function triTest(spec: OperatorSpec, rhs: Ev, pointer: string, test: Op): TriOp {
  if (spec.tri) return spec.tri(rhs, pointer);
  return (l, r) => (isUnknown(l) || isUnknown(r) ? undefined : test(l, r));
}

define('equals', () => ({
  compile: (rhs) => {
    const c = rhs.value;
    if (rhs.constant && typeof c === 'string') return (l) => (typeof l === 'string' ? foldedEquals(l, c) : valueEquals(l, c));
    return (l, r) => valueEquals(l, r);
  },
  tri: () => (l, r) => triEquals(l, r),
}), 'notEquals');

define('like', (name) => ({
  checkConstant: needsPattern(name),
  compile: (rhs, pointer) => {
    const c = rhs.value;
    const get = rhs.constant && typeof c === 'string' ? ((m: LikeMatcher) => () => m)(likeMatcher(c)) : regexCache(likeMatcher);
    return (l, r) => {
      if (typeof r !== 'string') throw new EvalFailure(`"${name}" expects a string pattern, got ${typeName(r)}`, pointer);
      const t = scalarText(l);
      return t !== undefined && get(r).test(fold(t));
    };
  },
}), 'notLike');

for (const [name, negation, insensitive] of [['match', 'notMatch', false], ['matchInsensitively', 'notMatchInsensitively', true]] as const) {
  define(name, (n) => ({
    checkConstant: needsPattern(n),
    compile: (rhs, pointer) => {
      const c = rhs.value;
      const get = rhs.constant && typeof c === 'string' ? ((re: RegExp) => () => re)(matchRegex(c, insensitive)) : regexCache((p) => matchRegex(p, insensitive));
      return (l, r) => {
        if (typeof r !== 'string') throw new EvalFailure(`"${n}" expects a string pattern, got ${typeName(r)}`, pointer);
        const t = scalarText(l);
        return t !== undefined && get(r).test(t);
      };
    },
  }), negation);
}

define('contains', () => ({
  compile: () => (l, r) => containsOp(l, r),
  tri: () => (l, r) => {
    if (isUnknown(l) || isUnknown(r)) return undefined;
    return Array.isArray(l) ? triMember(l, r) : containsOp(l, r);
  },
}), 'notContains');

define('in', (name) => ({
  checkConstant: needsArray(name),
  compile: (rhs, pointer) => {
    const c = rhs.value;
    if (rhs.constant && Array.isArray(c) && c.length > 0 && c.every((e) => typeof e === 'string')) {
      // Constant list of strings: folded set lookup; other left-hand types fall back to Azure's coercing equality.
      const set = new Set((c as string[]).map(fold));
      return (l, r) => (typeof l === 'string' ? set.has(fold(l)) : inOp(l, r, pointer));
    }
    // Dynamic list (usually a parameter array, the same object for every resource): folded set cached per array.
    return (l, r) => {
      if (typeof l === 'string' && Array.isArray(r)) {
        const set = foldedSet(r);
        if (set) return set.has(fold(l));
      }
      return inOp(l, r, pointer);
    };
  },
  tri: (_rhs, pointer) => (l, r) => {
    if (isUnknown(l) || isUnknown(r)) return undefined;
    if (!Array.isArray(r)) throw new EvalFailure(`"in"/"notIn" expects an array, got ${typeName(r)}`, pointer);
    return l === undefined ? false : triMember(r, l);
  },
}), 'notIn');

define('containsKey', () => ({
  compile: () => (l, r) => {
    const k = scalarText(r);
    return isObject(l) && k !== undefined && hasKey(l, k);
  },
}), 'notContainsKey');

for (const [name, accept] of [
  ['less', (d: number) => d < 0],
  ['lessOrEquals', (d: number) => d <= 0],
  ['greater', (d: number) => d > 0],
  ['greaterOrEquals', (d: number) => d >= 0],
] as const) {
  define(name, () => ({
    checkConstant: needsOrderable(name),
    compile: () => (l, r) => {
      const d = compareValues(l, r);
      return d !== undefined && accept(d);
    },
  }));
}

define('exists', () => ({
  checkConstant: (v, pointer) => {
    if (!(typeof v === 'boolean' || (typeof v === 'string' && /^(true|false)$/i.test(v)))) {
      throw new PolicyEngineError('compile', `"exists" expects true or false, got ${show(v)}`, pointer);
    }
  },
  compile: (_rhs, pointer) => (l, r) => (l !== undefined && l !== null) === truthFlag(r, pointer),
  // A member present with an unknown value exists; one read through an unknown value may or may not.
  tri: (_rhs, pointer) => (l, r) => (isUnknown(r) || l === UNKNOWN_PRESENCE ? undefined : (l !== undefined && l !== null) === truthFlag(r, pointer)),
}));

/** Every operator by lower-case name. */
export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(specs.map((s) => [s.name.toLowerCase(), s]));

/** Operator names as Azure spells them, for messages. */
export const OPERATOR_NAMES: readonly string[] = specs.map((s) => s.name);
