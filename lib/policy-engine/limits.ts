import { EvalFailure } from './errors';

/**
 * The engine's budgets. Every input is hostile until checked: a template function checks the size of what it would
 * build BEFORE building it, recursive walks over values stop at a depth, and comparisons stop after a number of
 * steps, each with an error that names the limit (and, through the caller, the pointer of the policy node).
 * Documented in README.md ("Limits").
 */

/**
 * Longest string a template function may build: 4,194,304 characters, ARM's 4 MB limit on a template after its
 * expressions are expanded ("Template limits": the 4-MB limit applies to the final state of the template).
 */
export const MAX_STRING_LENGTH = 4 * 1024 * 1024;

/** Most members of an array or object a template function may build (a 4 MB template holds at most ~2 million). */
export const MAX_COLLECTION_SIZE = 1024 * 1024;

/** Deepest nesting of arrays and objects in a policy, a resource or a value built from them. */
export const MAX_JSON_DEPTH = 256;

/**
 * Most steps (nodes visited) one comparison or one function call may take over its arguments: equality of large
 * values, union/intersection keys, serialisation. 16 million steps take about 100 ms.
 */
export const MAX_WORK_STEPS = 16 * 1024 * 1024;

/**
 * A count with thousands separators ("1,000,000"), as toLocaleString('en-US') writes it without its cost: the first
 * toLocaleString of a process loads ICU's number formatting, ~40 ms, which a request that hits a budget then paid.
 */
const fmt = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Throws when a function would build a string longer than MAX_STRING_LENGTH. A length that is not a finite number is
 * refused too: Infinity is a count that stopped past the limit (values.ts jsonLengthAtLeast) or a format width or
 * precision of hundreds of digits, and NaN would be a bug upstream, never a size to build.
 */
export function checkStringBudget(fn: string, length: number): void {
  if (!(length <= MAX_STRING_LENGTH)) {
    const would = Number.isFinite(length) ? `be ${fmt(length)} characters long, more than` : 'be longer than';
    throw new EvalFailure(`${fn}(): the result would ${would} the engine's limit of ${fmt(MAX_STRING_LENGTH)} characters (ARM's 4 MB template limit)`);
  }
}

/** Throws when a function would build an array or object with more than MAX_COLLECTION_SIZE members (or a count that is not a number). */
export function checkCollectionBudget(fn: string, members: number): void {
  if (!(members <= MAX_COLLECTION_SIZE)) {
    const would = Number.isFinite(members) ? `have ${fmt(members)} members, more than` : 'have more members than';
    throw new EvalFailure(`${fn}(): the result would ${would} the engine's limit of ${fmt(MAX_COLLECTION_SIZE)}`);
  }
}

/** The failure for a value nested deeper than MAX_JSON_DEPTH; `at` is the path inside the value. */
export function tooDeep(what: string, at: string): EvalFailure {
  return new EvalFailure(`${what} is nested deeper than ${MAX_JSON_DEPTH} levels (at ${at || '/'})`);
}

/**
 * Most steps one evaluation may take, whatever each step costs within its own limits. The charges below are
 * calibrated so that a step is 15-45 ns of a warm process's work whatever the loop does (measured on the 2-core
 * development machine under a load of 4-8, `npm run bench:engine`, class "2 superlinear"): 1,000,000 steps take
 * 20-70 ms of CPU once the engine is optimised, for every case of the class: counts nested over unrelated arrays
 * (with current(), a field, a literal, three levels of 100), wide `allOf`s in the inner `where`, string functions in
 * it, `in`/`contains`/`equals` over large arrays in every iteration. A process's first request also pays the JIT's
 * warm-up (~60-100 ms of CPU on that machine for any loop-heavy request, as much for the largest legitimate one: a
 * count over 200,000 members with one condition, 800,000 steps, takes ~115 ms cold and ~35 ms warm).
 *
 * Before this calibration a count iteration cost 4 steps whatever its `where` held: 60 literal conditions in the
 * inner `where` of a count over 100 x 1,000 members ran 1.4 s before the budget stopped it, a `where` calling
 * concat/toLower 0.4 s, `in` over a 3,000-member field() 2.3 s per 1,000 iterations. What legitimate input needs:
 * the conformance corpus at most 414 steps per request, the MCSB benchmark over generated resources at most 4,709.
 *
 * Charges: COUNT_ITERATION_STEPS per member of a count; CONDITION_STEPS per evaluation of a field, value or count
 * condition, plus EXPRESSION_NODE_STEPS per function call or member read in its expressions; a template function
 * call FUNCTION_CALL_STEPS + a quarter of the members of its array arguments + 1/64 of the characters of its string
 * arguments; MEMBER_STEPS per member a wildcard read collects (a `[*]` condition, field('a[*].b')); SET_MEMBER_STEPS
 * per member of a new "in" lookup set; SCAN_STEPS per member "in"/"contains" scan; COMPARE_STEPS per member of a
 * deep comparison; a condition on a long string 1/64 of its characters; other metered work (walks, serialisation,
 * `like` with '?') 1/16 per step. Each error names the limit and the pointer of the node that spent the last step.
 */
export const MAX_EVALUATION_STEPS = 1_000_000;

/**
 * Steps of one count iteration (the member made current and tallied; its `where` is charged by its own conditions):
 * ~20 ns. With CONDITION_STEPS, a count over 200,000 members with one condition (test/policy-engine/errors.test.ts)
 * takes 800,000 steps.
 */
export const COUNT_ITERATION_STEPS = 1;

/** Steps of one evaluation of a field, value or count condition, besides its expressions: ~70-135 ns (a literal comparison in a wide allOf). */
export const CONDITION_STEPS = 3;

/** Steps of each function call or member read in a condition's expressions, per evaluation: ~35-70 ns (current('a[*]').x). */
export const EXPRESSION_NODE_STEPS = 2;

/** Steps of a template function call besides its arguments' size: ~165-300 ns (concat of short strings, its result compared). */
export const FUNCTION_CALL_STEPS = 8;

/** Steps of each member a wildcard read (`a[*].b` in field() or in a condition) collects: ~90 ns (read, copied, walked for unknown values). */
export const MEMBER_STEPS = 4;

/** Steps of each member of the lookup set "in" builds over an array of strings it has not seen before: ~100 ns (folded, added). */
export const SET_MEMBER_STEPS = 4;

/**
 * Evaluation steps of each member (of an array) or key (of an object) that a deep comparison (equals, in, contains
 * over arrays and objects) compares: ~65 ns for strings that differ in case.
 */
export const COMPARE_STEPS = 2;

/** Steps of each member "in", "contains" and their negations scan: ~40-70 ns (their comparisons of nested values count COMPARE_STEPS too). */
export const SCAN_STEPS = 2;

/** The running evaluation's remaining steps (one evaluation runs at a time; a nested one saves and restores it). */
const budget = { remaining: Infinity };

/** Starts an evaluation's step budget; returns what endEvaluationBudget restores. */
export function startEvaluationBudget(): number {
  const saved = budget.remaining;
  budget.remaining = MAX_EVALUATION_STEPS;
  return saved;
}

/** Ends an evaluation's step budget (outside an evaluation, e.g. constant folding at compile time, nothing is counted). */
export function endEvaluationBudget(saved: number): void {
  budget.remaining = saved;
}

/** Steps the running evaluation has left (Infinity outside an evaluation). */
export function remainingSteps(): number {
  return budget.remaining;
}

/** Charges `n` steps to the running evaluation; throws (with `pointer`, if given) once its budget is spent. */
export function charge(n: number, pointer?: string): void {
  if ((budget.remaining -= n) < 0) {
    throw new EvalFailure(`the evaluation needs more than the engine's budget of ${fmt(MAX_EVALUATION_STEPS)} steps (loops or functions over large values)`, pointer);
  }
}

/** A step counter for one comparison or function call (its steps also count against the evaluation's budget). */
export class WorkMeter {
  private steps = 0;
  /**
   * @param evaluationSteps what each of its steps costs the evaluation: 1/16 by default (a step of a walk or a scan,
   * ~6 ns), COMPARE_STEPS for the members of a deep comparison.
   */
  constructor(private readonly what: string, private readonly limit = MAX_WORK_STEPS, private readonly evaluationSteps = 1 / 16) {}

  /** Counts `n` steps; throws once the budget is spent. */
  public step(n = 1): void {
    this.steps += n;
    if (this.steps > this.limit) throw new EvalFailure(`${this.what} needs more than the engine's budget of ${fmt(this.limit)} steps`);
    charge(n * this.evaluationSteps);
  }
}

/**
 * The JSON pointer (below `base`) of the first array or object nested deeper than `max` levels in `v`, or undefined.
 * Iterative: safe on values nested far deeper than the call stack allows.
 */
export function pointerDeeperThan(v: unknown, max: number = MAX_JSON_DEPTH, base = ''): string | undefined {
  interface Entry { readonly value: unknown; readonly depth: number; readonly parent?: Entry; readonly key?: string }
  const stack: Entry[] = [{ value: v, depth: 0 }];
  while (stack.length > 0) {
    const e = stack.pop()!;
    const x = e.value;
    if (typeof x !== 'object' || x === null) continue;
    if (e.depth >= max) {
      const keys: string[] = [];
      for (let p: Entry | undefined = e; p && p.key !== undefined; p = p.parent) keys.push(p.key);
      return base + keys.reverse().map((k) => '/' + k.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
    }
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) if (typeof x[i] === 'object' && x[i] !== null) stack.push({ value: x[i], depth: e.depth + 1, parent: e, key: String(i) });
    } else {
      const keys = Object.keys(x);
      for (let i = keys.length - 1; i >= 0; i--) {
        const child = (x as Record<string, unknown>)[keys[i]];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: e.depth + 1, parent: e, key: keys[i] });
      }
    }
  }
  return undefined;
}
