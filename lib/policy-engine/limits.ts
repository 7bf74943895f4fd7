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

/** Throws when a function would build a string longer than MAX_STRING_LENGTH. */
export function checkStringBudget(fn: string, length: number): void {
  if (length > MAX_STRING_LENGTH) {
    throw new EvalFailure(`${fn}(): the result would be ${fmt(length)} characters long, more than the engine's limit of ${fmt(MAX_STRING_LENGTH)} (ARM's 4 MB template limit)`);
  }
}

/** Throws when a function would build an array or object with more than MAX_COLLECTION_SIZE members. */
export function checkCollectionBudget(fn: string, members: number): void {
  if (members > MAX_COLLECTION_SIZE) {
    throw new EvalFailure(`${fn}(): the result would have ${fmt(members)} members, more than the engine's limit of ${fmt(MAX_COLLECTION_SIZE)}`);
  }
}

/** The failure for a value nested deeper than MAX_JSON_DEPTH; `at` is the path inside the value. */
export function tooDeep(what: string, at: string): EvalFailure {
  return new EvalFailure(`${what} is nested deeper than ${MAX_JSON_DEPTH} levels (at ${at || '/'})`);
}

/**
 * Most steps one evaluation may take, whatever each step costs within its own limits. A step is about 100 ns of work:
 * an iteration of a count costs 4, a member tested by a `[*]` condition 1, a template function call 2 + a quarter of
 * the members of its array arguments + 1/64 of the characters of its string arguments, a condition on a long string
 * 1/64 of its characters, comparison work 1/16 per member. This bounds loops over large values (a count whose
 * `where` calls a function over a large array, counts nested over unrelated arrays) to about 100 ms.
 */
export const MAX_EVALUATION_STEPS = 1_000_000;

/** Steps of one count iteration (see MAX_EVALUATION_STEPS). */
export const COUNT_ITERATION_STEPS = 4;

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

/** Charges `n` steps to the running evaluation; throws (with `pointer`, if given) once its budget is spent. */
export function charge(n: number, pointer?: string): void {
  if ((budget.remaining -= n) < 0) {
    throw new EvalFailure(`the evaluation needs more than the engine's budget of ${fmt(MAX_EVALUATION_STEPS)} steps (loops or functions over large values)`, pointer);
  }
}

/** A step counter for one comparison or function call (its steps also count against the evaluation's budget). */
export class WorkMeter {
  private steps = 0;
  constructor(private readonly what: string, private readonly limit = MAX_WORK_STEPS) {}

  /** Counts `n` steps; throws once the budget is spent. */
  public step(n = 1): void {
    this.steps += n;
    if (this.steps > this.limit) throw new EvalFailure(`${this.what} needs more than the engine's budget of ${fmt(this.limit)} steps`);
    charge(n / 16);
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
