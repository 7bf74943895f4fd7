import { CompileState, CountScope, EvalCtx, EvalEnv, envOf, compiledReads, noteUnknownRead } from '../context';
import { AssignmentFailure, EvalFailure, PolicyEngineError } from '../errors';
import { Ev } from '../ev';
import { ExprNode } from '../expression-parser';
import { FieldRead, compileResolvedField, dynamicField, findScope, memoisedRead } from '../field-reader';
import { resolveField } from '../fields';
import * as unknownModule from '../unknown';
import { JsonValue, Value, fold, typeName } from '../values';
import * as limits from '../limits';
import { formatDate, parseDateTime } from './date';

// Local copies of hot imported bindings: tsx (esbuild) compiles every use of an imported binding into a getter
// call, which is measurable on the evaluation hot path (npm run bench:policy).
const { UNKNOWN, UNKNOWN_PRESENCE, involvesUnknown, isUnknown } = unknownModule;
const { MEMBER_STEPS, charge } = limits;

/**
 * Context functions: the policy-only functions that read the evaluation context (parameters(), field(), current(),
 * resourceGroup(), subscription(), policy(), requestContext(), utcNow()) and the functions that must not evaluate
 * every argument (if(), coalesce(), and(), or()). Each compiles its own arguments: `compileArg` compiles one.
 */
export type ContextFunction = (rawName: string, args: readonly ExprNode[], st: CompileState, pointer: string, compileArg: (node: ExprNode) => Ev) => Ev;

/** Checks the number of arguments at compile time. */
export function expectArgs(name: string, args: readonly unknown[], min: number, max: number, pointer: string): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new PolicyEngineError('compile', `function '${name}' expects ${want} argument(s), got ${args.length}`, pointer);
  }
}

function paramValue(ctx: EvalCtx, folded: string, name: string, pointer: string): Value {
  const problem = ctx.paramProblems.get(folded);
  if (problem) throw new AssignmentFailure(problem, pointer);
  const v = ctx.params.get(folded);
  if (v === undefined) throw new AssignmentFailure(`parameter '${name}' has no value (no assignment value and no defaultValue)`, pointer);
  if (typeof v === 'object' && v !== null && involvesUnknown(v)) noteUnknownRead(ctx, `parameters('${name}')`);
  return v;
}

/**
 * A field read in an expression: records the field (as written) when its value is or holds UNKNOWN, and gives
 * UNKNOWN (never the internal presence marker) for a value read through an unknown one.
 */
function seen(ctx: EvalCtx, text: string, v: Value): Value {
  if (v === UNKNOWN_PRESENCE) {
    noteUnknownRead(ctx, text);
    return UNKNOWN;
  }
  if (typeof v === 'object' && v !== null && involvesUnknown(v)) noteUnknownRead(ctx, text);
  return v;
}

const parameters: ContextFunction = (rawName, argNodes, st, pointer, compileArg) => {
  expectArgs(rawName, argNodes, 1, 1, pointer);
  compiledReads.context++;
  const arg = compileArg(argNodes[0]);
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
};

const field: ContextFunction = (rawName, argNodes, st, pointer, compileArg) => {
  expectArgs(rawName, argNodes, 1, 1, pointer);
  const arg = compileArg(argNodes[0]);
  // In existenceCondition, field() in an expression reads the resource the if-condition matched.
  const useRoot = st.inExistence;
  if (!arg.constant) {
    const dyn = dynamicField(arg, st, pointer, useRoot);
    return (ctx) => {
      const v = dyn.get(ctx);
      if (Array.isArray(v)) charge(v.length * MEMBER_STEPS, pointer);
      return v === undefined ? null : seen(ctx, '(field name from an expression)', v);
    };
  }
  if (typeof arg.value !== 'string') throw new PolicyEngineError('compile', 'field() expects a field name string', pointer);
  const rf = resolveField(arg.value, st.catalog, pointer, st.dataPlane);
  const fr = memoisedRead(compileResolvedField(rf, st, useRoot), rf, st, useRoot);
  if (fr.wildcard) {
    // Every member of the array(s): charged per member (the read and the walk for unknown values go over each).
    return (ctx) => {
      const v = fr.get(ctx);
      if (Array.isArray(v)) charge(v.length * MEMBER_STEPS, pointer);
      return v === undefined ? null : seen(ctx, rf.text, v);
    };
  }
  if (!fr.wildcard && rf.segs.some((s) => s.t === 'wild')) {
    // Inside a count over the array, field('<array>[*].x') is the current member's value, as a one-element array.
    return (ctx) => {
      const v = fr.get(ctx);
      return v === undefined ? [] : [seen(ctx, rf.text, v) as JsonValue];
    };
  }
  // ARM's field() yields null for a property the resource does not have.
  return (ctx) => {
    const v = fr.get(ctx);
    return v === undefined ? null : seen(ctx, rf.text, v);
  };
};

const current: ContextFunction = (rawName, argNodes, st, pointer, compileArg) => {
  expectArgs(rawName, argNodes, 0, 1, pointer);
  compiledReads.member++;
  let scope: CountScope | undefined;
  if (argNodes.length === 0) {
    scope = st.scopes[st.scopes.length - 1];
    if (!scope) throw new PolicyEngineError('compile', 'current() is only allowed inside a count "where" condition', pointer);
  } else {
    const arg = compileArg(argNodes[0]);
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
        const rf = resolveField(arg.value, st.catalog, pointer, st.dataPlane);
        if (st.scopes.some((s) => s.kind === 'field') && findScope(rf.segs, st.scopes)) fr = compileResolvedField(rf, st);
      } catch {
        fr = undefined;
      }
      if (!fr) throw new PolicyEngineError('compile', `current('${arg.value}') does not name an enclosing count`, pointer);
      const reader = fr;
      const text = arg.value;
      return (ctx) => seen(ctx, text, reader.get(ctx));
    }
  }
  const depth = scope.depth;
  const text = scope.label ?? `current()`;
  return (ctx) => seen(ctx, text, ctx.cur[depth]);
};

const ifFn: ContextFunction = (rawName, argNodes, _st, pointer, compileArg) => {
  expectArgs(rawName, argNodes, 3, 3, pointer);
  const [c, a, b] = argNodes.map(compileArg);
  return (ctx) => {
    const v = c(ctx);
    if (isUnknown(v)) return UNKNOWN; // which branch applies is known only after apply
    if (typeof v !== 'boolean') throw new EvalFailure(`if() condition must be a boolean, got ${typeName(v)}`, pointer);
    return v ? a(ctx) : b(ctx);
  };
};

const coalesce: ContextFunction = (rawName, argNodes, _st, pointer, compileArg) => {
  expectArgs(rawName, argNodes, 1, Infinity, pointer);
  const args = argNodes.map(compileArg);
  return (ctx) => {
    for (const a of args) {
      const v = a(ctx);
      if (isUnknown(v)) return UNKNOWN; // it may be null after apply, then a later argument applies
      if (v !== undefined && v !== null) return v;
    }
    return null;
  };
};

const andOr: ContextFunction = (rawName, argNodes, _st, pointer, compileArg) => {
  expectArgs(rawName, argNodes, 1, Infinity, pointer);
  const args = argNodes.map(compileArg);
  const isAnd = rawName.toLowerCase() === 'and';
  return (ctx) => {
    let unknown = false;
    for (const a of args) {
      const v = a(ctx);
      if (isUnknown(v)) {
        unknown = true; // a later known argument may still decide
        continue;
      }
      if (typeof v !== 'boolean') throw new EvalFailure(`${rawName}() arguments must be booleans, got ${typeName(v)}`, pointer);
      if (isAnd && !v) return false;
      if (!isAnd && v) return true;
    }
    return unknown ? UNKNOWN : isAnd;
  };
};

function envObject(key: keyof EvalEnv): ContextFunction {
  return (rawName, argNodes, _st, pointer) => {
    expectArgs(rawName, argNodes, 0, 0, pointer);
    compiledReads.context++;
    return (ctx) => envOf(ctx)[key] ?? {};
  };
}

const utcNow: ContextFunction = (rawName, argNodes, _st, pointer, compileArg) => {
  expectArgs(rawName, argNodes, 0, 1, pointer);
  compiledReads.context++;
  const fmt = argNodes.length ? compileArg(argNodes[0]) : undefined;
  return (ctx) => {
    const fixed = envOf(ctx).utcNow;
    if (!fmt && fixed !== undefined) return fixed;
    const now = fixed !== undefined ? parseDateTime(fixed) ?? Date.now() : Date.now();
    if (!fmt) return new Date(now).toISOString().replace('Z', '0000Z');
    const f = fmt(ctx);
    if (typeof f !== 'string') throw new EvalFailure('utcNow() format must be a string', pointer);
    return formatDate(now, f);
  };
};

/** Context functions by lower-case name. */
export const CONTEXT_FUNCTIONS: Readonly<Record<string, ContextFunction>> = {
  parameters,
  field,
  current,
  if: ifFn,
  coalesce,
  and: andOr,
  or: andOr,
  resourcegroup: envObject('resourceGroup'),
  subscription: envObject('subscription'),
  policy: envObject('policy'),
  requestcontext: envObject('requestContext'),
  utcnow: utcNow,
};
