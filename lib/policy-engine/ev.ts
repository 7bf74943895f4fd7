import type { EvalCtx } from './context';
import type { Value } from './values';

/**
 * A compiled expression: evaluates to a value in a context. Constant expressions carry their value; the others may
 * carry their `weight`: the number of function calls and member reads in them (what the condition that evaluates
 * them charges, with limits.EXPRESSION_NODE_STEPS each, to the evaluation's step budget).
 */
export type Ev = ((ctx: EvalCtx) => Value) & { constant?: boolean; value?: Value; weight?: number };

/** The weight of an expression (0 for a constant). */
export function weightOf(ev: Ev): number {
  return ev.constant ? 0 : ev.weight ?? 0;
}

/** A constant expression. */
export function constant(v: Value): Ev {
  const f: Ev = () => v;
  f.constant = true;
  f.value = v;
  return f;
}
