import { CompileState, EvalCtx, EvalEnv, newPass } from './context';
import { EvalFailure, PolicyEngineError, ptr } from './errors';
import { Ev, constant, weightOf } from './ev';
import { ExprNode, isExpressionString, parseExpression, unescapeLiteral } from './expression-parser';
import { expectArgs } from './functions/context';
import { CONTEXT_FUNCTIONS, DETAILS_ONLY_FUNCTIONS, TEMPLATE_FUNCTIONS, UNSUPPORTED_FUNCTIONS } from './functions';
import * as limits from './limits';
import * as unknownModule from './unknown';
import * as values from './values';
import type { JsonValue, Value } from './values';

// Local copies of hot imported bindings: tsx (esbuild) compiles every use of an imported binding into a getter
// call, which is measurable on the evaluation hot path (npm run bench:policy).
const { FUNCTION_CALL_STEPS, charge } = limits;
const { UNKNOWN, UNKNOWN_PRESENCE, involvesUnknown, isUnknown } = unknownModule;
const { fold, getProp, isObject, newObject, typeName } = values;

/**
 * Expressions: compiles JSON values that may hold template expressions ("[concat(...)]") into functions of the
 * evaluation context. The function table is in functions/; field readers are in field-reader.ts.
 */

export type { Ev } from './ev';
export type { FieldRead } from './field-reader';
export { compileFieldText, compileResolvedField, dynamicField, segVariants } from './field-reader';

/**
 * Functions whose result does not depend on the values of their arguments' members, only on their shape: an
 * argument that HOLDS unknown values is fine (length(['a', UNKNOWN]) is 2); an argument that IS unknown makes the
 * result unknown, except at the positions UNKNOWN_ARGUMENTS lists (createArray's elements, createObject's values).
 */
const ARRANGING_FUNCTIONS: ReadonlySet<string> = new Set(['array', 'concat', 'createarray', 'createobject', 'empty', 'first', 'last', 'indexfromend', 'tryindexfromend', 'items', 'length', 'skip', 'take', 'tryget']);
const UNKNOWN_ARGUMENTS: Readonly<Record<string, (index: number) => boolean>> = {
  createarray: () => true,
  createobject: (i) => i % 2 === 1,
};

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
    const ev: Ev = (ctx) => parts.map((p) => p(ctx) ?? null) as JsonValue[];
    ev.weight = parts.reduce((w, p) => w + weightOf(p), 1);
    return ev;
  }
  if (isObject(v)) {
    const entries = Object.entries(v).map(([k, e]) => [k, compileDeepValue(e, st, ptr(at, k))] as const);
    if (entries.every(([, p]) => p.constant)) {
      const o = newObject();
      for (const [k, p] of entries) if (p.value !== undefined) o[k] = p.value;
      return constant(o);
    }
    const ev: Ev = (ctx) => {
      const o = newObject();
      for (const [k, p] of entries) {
        const x = p(ctx);
        if (x !== undefined) o[k] = x;
      }
      return o;
    };
    ev.weight = entries.reduce((w, [, p]) => w + weightOf(p), 1);
    return ev;
  }
  return compileValue(v, st, at);
}

/** Compiles "[...]" text. */
export function compileExpressionText(text: string, st: CompileState, pointer: string): Ev {
  const tree = parseExpression(text, pointer);
  const ev = compileExpr(tree, st, pointer);
  if (!ev.constant) ev.weight = nodesOf(tree);
  return ev;
}

/** Function calls and member reads in an expression (its literals cost nothing to evaluate). */
function nodesOf(node: ExprNode): number {
  switch (node.k) {
    case 'str':
    case 'num':
      return 0;
    case 'prop':
      return 1 + nodesOf(node.obj);
    case 'index':
      return 1 + nodesOf(node.obj) + nodesOf(node.idx);
    case 'call':
      return node.args.reduce((n, a) => n + nodesOf(a), 1);
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
        if (isUnknown(o)) return UNKNOWN_PRESENCE; // read through an unknown value
        throw new EvalFailure(`cannot read property '${name}' of ${typeName(o)}`, pointer);
      };
    }
    case 'index': {
      const obj = compileExpr(node.obj, st, pointer);
      const idx = compileExpr(node.idx, st, pointer);
      return (ctx) => {
        const o = obj(ctx);
        const i = idx(ctx);
        if (isUnknown(o) || isUnknown(i)) return UNKNOWN_PRESENCE;
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
  const detailsOnly = st.inDetails ? DETAILS_ONLY_FUNCTIONS[name] : undefined;
  if (UNSUPPORTED_FUNCTIONS.has(name) && !detailsOnly) {
    throw new PolicyEngineError('compile', `function '${rawName}' is not supported in policy rules`, pointer);
  }
  const special = Object.prototype.hasOwnProperty.call(CONTEXT_FUNCTIONS, name) ? CONTEXT_FUNCTIONS[name] : undefined;
  if (special) return special(rawName, argNodes, st, pointer, (n) => compileExpr(n, st, pointer));
  const spec = detailsOnly ?? TEMPLATE_FUNCTIONS[name];
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
  // A function of an unknown value is unknown (contract C1), except where the result does not depend on it: the
  // functions that only arrange values (createArray, first, length...) take values that hold unknowns.
  const arranges = ARRANGING_FUNCTIONS.has(name);
  const unknownAt = UNKNOWN_ARGUMENTS[name];
  const wrap = (vals: Value[]): Value => {
    let steps = FUNCTION_CALL_STEPS;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      if (typeof v === 'string') {
        if (!arranges) steps += v.length / 64; // functions that only arrange values do not read the characters
        continue;
      }
      if (typeof v !== 'object' || v === null) continue;
      if (Array.isArray(v)) steps += v.length / 4;
      if (arranges ? isUnknown(v) && !(unknownAt && unknownAt(i)) : involvesUnknown(v)) return UNKNOWN;
    }
    try {
      charge(steps);
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

/**
 * Parameter values for standalone expressions, looked up as `parameters('<name>')` does (case-insensitively): built
 * once to evaluate many expressions over the same values (an initiative's parameters, for each member's).
 */
export class StandaloneParameters {
  /** @internal Folded name -> value. */
  public readonly folded = new Map<string, Value>();
  constructor(values: Readonly<Record<string, Value>>) {
    for (const [k, v] of Object.entries(values)) this.folded.set(fold(k), v);
  }
}

/**
 * Compiles one template expression on its own, to evaluate it over many resources (the runner's existence lookups
 * evaluate a `resourceGroupName` expression per resource). Throws PolicyEngineError (compile); the function it
 * returns throws EvalFailure.
 */
export function compileStandaloneExpression(
  text: string,
  catalog: import('./aliases').AliasCatalog,
): (resource?: Value, parameters?: Record<string, Value> | StandaloneParameters, env?: Partial<EvalEnv>) => Value {
  const st: CompileState = { catalog, scopes: [], valueCounts: 0, fieldCounts: 0, inExistence: false };
  const ev = compileValue(text, st, '');
  return (resource = {}, parameters = {}, env = {}) => {
    const params = parameters instanceof StandaloneParameters ? parameters.folded : new StandaloneParameters(parameters).folded;
    const ctx: EvalCtx = {
      resource,
      root: resource,
      params,
      paramProblems: new Map(),
      makeEnv: () => ({ resourceGroup: {}, subscription: {}, policy: {}, requestContext: {}, ...env }),
      cur: [],
      trace: null,
      iterations: 0,
      pass: newPass(),
    };
    return ev(ctx);
  };
}

/** Evaluates one template expression on its own (tests, tooling). Throws PolicyEngineError (compile) or EvalFailure. */
export function evaluateStandaloneExpression(
  text: string,
  catalog: import('./aliases').AliasCatalog,
  resource: Value = {},
  parameters: Record<string, Value> | StandaloneParameters = {},
  env: Partial<EvalEnv> = {},
): Value {
  return compileStandaloneExpression(text, catalog)(resource, parameters, env);
}
