import type { EvalCtx } from './context';
import type { Value } from './values';

/** A compiled expression: evaluates to a value in a context. Constant expressions carry their value. */
export type Ev = ((ctx: EvalCtx) => Value) & { constant?: boolean; value?: Value };

/** A constant expression. */
export function constant(v: Value): Ev {
  const f: Ev = () => v;
  f.constant = true;
  f.value = v;
  return f;
}
