import { AliasCatalog } from './aliases';
import { compileCondition } from './conditions';
import { CompileState, Deciding, EvalCtx, FieldReadMemo, ParamInfo, TraceEntry, newPass } from './context';
import { AssignmentFailure, EvalFailure, PolicyEngineError, PolicyStage, ptr } from './errors';
import * as effects from './effects';
import type { DetailsFn, IfNotExists } from './effects';
import { compileValue } from './expr';
import { isExpressionString } from './expression-parser';
import * as limits from './limits';
import { strictEq } from './functions/spec';
import * as unknownModule from './unknown';
import { Tri, Undetermined } from './unknown';
import { parseDateTime } from './functions';
import * as values from './values';
import type { JsonObject, JsonValue, Value } from './values';

// Local copies of hot imported bindings: tsx (esbuild) compiles every use of an imported binding into a getter
// call, which is measurable on the evaluation hot path (npm run bench:policy).
const { DETAILS_COMPILERS, EFFECTS, EFFECT_BY_FOLD, canonicalEffect, compileIfNotExists } = effects;
const { MAX_JSON_DEPTH, WorkMeter, charge, endEvaluationBudget, pointerDeeperThan, remainingSteps, startEvaluationBudget } = limits;
const { isUnknown, publicValue, undeterminedBy } = unknownModule;
const { fold, getProp, isObject, memberCI, newObject, show, typeName } = values;

/** Options for compilePolicy. */
export interface CompileOptions {
  /** Alias catalog. @default bundledAliases() */
  aliases?: AliasCatalog;
}

/** A parameter as declared in a definition. */
export interface PolicyParameterDefinition {
  type: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
  metadata?: Record<string, unknown>;
}

/** Inputs of one evaluation. */
export interface EvaluationInput {
  /** Assignment parameter values; defaults, allowedValues and types are checked. Treated as immutable (resolution is cached per object). */
  parameters?: Record<string, unknown>;
  /**
   * For auditIfNotExists / deployIfNotExists: the related resources that exist (absent = none exist), or a function
   * that returns them, called only when the rule's `if` matched (or may match: it is undetermined) and the effect
   * needs them, so that a runner looks them up lazily.
   */
  relatedResources?: Record<string, unknown>[] | (() => Record<string, unknown>[]);
  /**
   * Whether `relatedResources` is everything that exists. With false (a Terraform configuration: the related resource
   * may exist in Azure already), an existence condition that no supplied related resource satisfies is undetermined
   * with the reason "depends on resources outside the configuration". @default true
   */
  relatedResourcesComplete?: boolean;
  /** Objects returned by resourceGroup(), subscription() and policy() (and requestContext()). */
  context?: { resourceGroup?: Record<string, unknown>; subscription?: Record<string, unknown>; policy?: Record<string, unknown>; requestContext?: Record<string, unknown>; utcNow?: string };
  /** requestContext() object. */
  requestContext?: { apiVersion?: string };
  /** API version of the resource (selects versioned alias paths). */
  apiVersion?: string;
  /** Record the explanation trace. @default true */
  trace?: boolean;
  /**
   * With `trace: false`: record the deciding comparisons (the last three true field or value comparisons of the
   * if-condition, the lines a trace of it would end with) in `EvaluationResult.deciding`, at a fraction of a trace's
   * cost. @default false
   */
  explain?: boolean;
  /**
   * Field reads shared with other evaluations of the same resource (a runner evaluating many definitions on each
   * resource passes one memo to all of them): each alias or field is read from the resource once. The memo starts
   * over when it is given another resource object or API version; a resource changed in place needs `memo.clear()`.
   */
  reads?: FieldReadMemo;
}

/** Outcome of one evaluation. */
export interface EvaluationResult {
  /** Canonical effect, or null when the rule does not apply (or the effect is Disabled). */
  effect: string | null;
  /** Modify operations, append fields, (audit|deploy)IfNotExists details. */
  details?: unknown;
  /** Human-readable explanation. */
  trace: string[];
  /**
   * With EvaluationInput.explain (and no trace), when the if-condition held: its deciding comparisons as trace
   * entries (format with formatTraceEntry). Not part of the JSON form.
   */
  deciding?: readonly TraceEntry[];
  /** Set when evaluation failed. */
  error?: { stage: PolicyStage; message: string; pointer?: string };
  /**
   * Present iff the verdict depends on a value known only after apply (UNKNOWN) or on resources outside the
   * configuration (relatedResourcesComplete: false). `effect` is then the effect that WOULD apply if the rule matched;
   * `paths` are the aliases / fields (as written in the rule) whose unknown values it depends on.
   */
  undetermined?: { paths: string[]; reasons: string[] };
}

/** A compiled, reusable policy. */
export interface CompiledPolicy {
  readonly mode: string;
  /**
   * False for definitions in a resource provider mode (`Microsoft.KeyVault.Data`, `Microsoft.Kubernetes.Data`, ...):
   * they evaluate data-plane objects, and `evaluate` reports every ARM resource as not applicable (effect null, no
   * error). Runners count them as not applicable. Always set by compilePolicy (optional for hand-made test doubles).
   */
  readonly appliesToArmResources?: boolean;
  /** What a reader of a report should know about how the definition was compiled (data-plane aliases accepted, ...). */
  readonly notes?: readonly string[];
  /**
   * Effects a parameter can select whose details do not compile: the definition compiles (another effect may be
   * chosen), but every evaluation with that effect fails with this message. `guardrails validate` reports them.
   */
  readonly effectWarnings?: readonly string[];
  readonly parameters: Readonly<Record<string, PolicyParameterDefinition>>;
  readonly effectDetails?: unknown;
  evaluate(resource: Record<string, unknown>, input?: EvaluationInput): EvaluationResult;
}

const PARAM_TYPES = new Map(['String', 'Array', 'Object', 'Boolean', 'Integer', 'Float', 'DateTime'].map((t) => [t.toLowerCase(), t]));
const MAX_INPUT_CHARS = 50_000_000;

let bundled: AliasCatalog | undefined;
/** The bundled alias catalog (lazy, cached). */
export function bundledAliases(): AliasCatalog {
  if (!bundled) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('./bundled-aliases') as { bundledAliases?: () => AliasCatalog; default?: () => AliasCatalog };
    const fn = mod.bundledAliases ?? mod.default;
    if (typeof fn !== 'function') throw new PolicyEngineError('compile', 'bundled alias catalog is not available');
    bundled = fn();
  }
  return bundled;
}

function checkParamType(type: string, v: Value): boolean {
  switch (type) {
    case 'String': return typeof v === 'string';
    case 'Array': return Array.isArray(v);
    case 'Object': return isObject(v);
    case 'Boolean': return typeof v === 'boolean';
    case 'Integer': return typeof v === 'number' && Number.isInteger(v);
    case 'Float': return typeof v === 'number';
    case 'DateTime': return typeof v === 'string' && parseDateTime(v) !== undefined;
    default: return true;
  }
}

/**
 * Azure: "allowedValues ... Allowed value comparisons are case-sensitive." An array value is allowed when each member
 * is; a member known only after apply cannot be checked yet.
 */
function isAllowed(v: Value, allowed: Value[]): boolean {
  const meter = new WorkMeter('checking a parameter value against allowedValues');
  if (allowed.some((a) => strictEq(v, a, meter))) return true;
  if (Array.isArray(v)) return v.every((e) => isUnknown(e) || allowed.some((a) => strictEq(e, a, meter)));
  return false;
}

interface ParsedInput {
  props: JsonObject;
  base: string; // pointer of the properties object
  rule: JsonObject;
  rulePtr: string;
}

function parseInput(input: unknown): ParsedInput {
  let doc: unknown = input;
  if (typeof input === 'string') {
    if (input.length > MAX_INPUT_CHARS) throw new PolicyEngineError('parse', `policy text is larger than ${MAX_INPUT_CHARS} characters`, '');
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new PolicyEngineError('parse', `policy is not valid JSON: ${(e as Error).message}`, '');
    }
  }
  if (!isObject(doc)) throw new PolicyEngineError('parse', `a policy definition or rule must be a JSON object, got ${typeName(doc as Value)}`, '');
  const tooDeep = pointerDeeperThan(doc, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) throw new PolicyEngineError('compile', `the policy is nested deeper than ${MAX_JSON_DEPTH} levels (the engine's limit)`, tooDeep);
  const props = memberCI(doc, 'properties');
  if (props && isObject(props[1]) && !memberCI(doc, 'if')) {
    const p = props[1];
    const rule = memberCI(p, 'policyRule');
    const base = '/' + props[0];
    if (!rule) throw new PolicyEngineError('parse', 'policy definition has no "policyRule"', base);
    if (!isObject(rule[1])) throw new PolicyEngineError('parse', `"policyRule" must be an object, got ${typeName(rule[1])}`, ptr(base, rule[0]));
    return { props: p, base, rule: rule[1], rulePtr: ptr(base, rule[0]) };
  }
  const rule = memberCI(doc, 'policyRule');
  if (rule) {
    if (!isObject(rule[1])) throw new PolicyEngineError('parse', `"policyRule" must be an object, got ${typeName(rule[1])}`, '/' + rule[0]);
    return { props: doc, base: '', rule: rule[1], rulePtr: '/' + rule[0] };
  }
  if (memberCI(doc, 'if') || memberCI(doc, 'then')) return { props: {}, base: '', rule: doc, rulePtr: '' };
  throw new PolicyEngineError('parse', 'expected a policy definition ({"properties": {...}}), its properties ({"policyRule": ...}) or a rule ({"if": ..., "then": ...})', '');
}

function parseParameters(props: JsonObject, base: string): { infos?: Map<string, ParamInfo>; defs: Record<string, PolicyParameterDefinition> } {
  const m = memberCI(props, 'parameters');
  if (!m || m[1] === null) return { infos: memberCI(props, 'policyRule') ? new Map() : undefined, defs: {} };
  const at = ptr(base, m[0]);
  if (!isObject(m[1])) throw new PolicyEngineError('parse', `"parameters" must be an object, got ${typeName(m[1])}`, at);
  const infos = new Map<string, ParamInfo>();
  const defs = Object.create(null) as Record<string, PolicyParameterDefinition>;
  for (const [name, d] of Object.entries(m[1])) {
    const pAt = ptr(at, name);
    if (!isObject(d)) throw new PolicyEngineError('parse', `parameter '${name}' must be an object`, pAt);
    const t = memberCI(d, 'type');
    if (!t || typeof t[1] !== 'string') throw new PolicyEngineError('parse', `parameter '${name}' needs a "type"`, pAt);
    const type = PARAM_TYPES.get(t[1].toLowerCase());
    if (!type) throw new PolicyEngineError('compile', `parameter '${name}' has unknown type '${t[1]}' (allowed: ${[...PARAM_TYPES.values()].join(', ')})`, ptr(pAt, t[0]));
    const dv = memberCI(d, 'defaultValue');
    const av = memberCI(d, 'allowedValues');
    if (av && av[1] !== null && !Array.isArray(av[1])) throw new PolicyEngineError('parse', `parameter '${name}': "allowedValues" must be an array`, ptr(pAt, av[0]));
    const allowedValues = av && Array.isArray(av[1]) ? av[1] : undefined;
    if (dv && dv[1] !== null && !isExpressionString(String(dv[1])) && !checkParamType(type, dv[1])) {
      throw new PolicyEngineError('compile', `parameter '${name}': defaultValue ${show(dv[1])} is not of type ${type}`, ptr(pAt, dv[0]));
    }
    infos.set(fold(name), { name, type, defaultValue: dv ? dv[1] : undefined, allowedValues });
    const md = memberCI(d, 'metadata');
    defs[name] = {
      type,
      ...(dv ? { defaultValue: dv[1] } : {}),
      ...(allowedValues ? { allowedValues } : {}),
      ...(md && isObject(md[1]) ? { metadata: md[1] } : {}),
    };
  }
  return { infos, defs };
}

/** Whether a definition mode is a resource provider mode (`Microsoft.Kubernetes.Data`, `Microsoft.KeyVault.Data`...). */
export function isResourceProviderMode(mode: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*\.Data$/i.test(mode) && fold(mode) !== 'all' && fold(mode) !== 'indexed';
}

function requestContextOf(input: EvaluationInput): Value {
  const given = (input.requestContext ?? input.context?.requestContext) as Value;
  const rc = newObject();
  if (isObject(given)) for (const k of Object.keys(given)) rc[k] = given[k];
  if (getProp(rc, 'apiVersion') === undefined && typeof input.apiVersion === 'string') rc.apiVersion = input.apiVersion;
  return rc;
}

function lastSegment(s: string): string {
  const i = s.lastIndexOf('/');
  return i >= 0 ? s.slice(i + 1) : s;
}

/** One trace line as `EvaluationResult.trace` writes it. */
export function formatTraceEntry(e: TraceEntry): string {
  return typeof e === 'string' ? e : `${e[0]} ${show(e[1])} ${e[2]} ${show(e[3])} -> ${e[4]}`;
}

function formatTrace(entries: readonly TraceEntry[]): string[] {
  return entries.map(formatTraceEntry);
}

/**
 * The trace of a result as recorded, before formatting: a leaf comparison is `[label, left value, operator, right
 * value, outcome]`, anything else a line. A caller that needs a few lines (a finding's reason) formats only those
 * with {@link formatTraceEntry}; `result.trace` formats every line. A result not made by the engine gives its lines.
 */
export function traceEntries(result: EvaluationResult): readonly TraceEntry[] {
  return result instanceof PolicyEvaluationResult ? PolicyEvaluationResult.entriesOf(result) : result.trace;
}

/** EvaluationResult whose trace lines are formatted on first access (JSON.stringify includes them via toJSON). */
class PolicyEvaluationResult implements EvaluationResult {
  public effect: string | null;
  public details?: unknown;
  public error?: EvaluationResult['error'];
  public undetermined?: EvaluationResult['undetermined'];
  public deciding?: readonly TraceEntry[];
  #entries: readonly TraceEntry[];
  #trace?: string[];

  constructor(effect: string | null, entries: readonly TraceEntry[], details?: unknown, error?: EvaluationResult['error']) {
    this.effect = effect;
    if (details !== undefined) this.details = details;
    if (error) this.error = error;
    this.#entries = entries;
  }

  get trace(): string[] {
    return (this.#trace ??= formatTrace(this.#entries));
  }

  static entriesOf(r: PolicyEvaluationResult): readonly TraceEntry[] {
    return r.#trace ?? r.#entries;
  }

  set trace(v: string[]) {
    this.#trace = v;
  }

  toJSON(): EvaluationResult {
    return {
      effect: this.effect,
      ...(this.details !== undefined ? { details: this.details } : {}),
      trace: this.trace,
      ...(this.error ? { error: this.error } : {}),
      ...(this.undetermined ? { undetermined: this.undetermined } : {}),
    };
  }
}

/** A result with the if-condition's deciding comparisons, when they were recorded. */
function withDeciding(r: EvaluationResult, deciding: readonly TraceEntry[] | undefined): EvaluationResult {
  if (deciding) r.deciding = deciding;
  return r;
}

/**
 * One ring of deciding comparisons serves every evaluation in turn (an evaluation that records them allocated one
 * each): taken at the start, given back at the end, and a fresh one when an evaluation runs inside another.
 */
let spareDeciding: Deciding | undefined;

function takeDeciding(): Deciding {
  const d = spareDeciding ?? new Deciding();
  spareDeciding = undefined;
  d.reset();
  return d;
}

function releaseDeciding(d: Deciding): void {
  spareDeciding = d;
}

function makeResult(effect: string | null, entries: TraceEntry[], details?: unknown, error?: EvaluationResult['error'], undetermined?: Undetermined): EvaluationResult {
  const r = new PolicyEvaluationResult(effect, entries, details, error);
  if (undetermined) r.undetermined = { paths: [...undetermined.paths], reasons: [...undetermined.reasons] };
  return r;
}

/**
 * Details as reported: a value read through an unknown one is written UNKNOWN. Only an evaluation that read an
 * unknown value (ctx.unknownReads) can have built one into its details.
 */
function publicDetails(ctx: EvalCtx, details: unknown): unknown {
  return ctx.unknownReads && details !== undefined ? publicValue(details) : details;
}

/** The reason for an existence condition no supplied related resource satisfies, when the list is not complete. */
const OUTSIDE_CONFIGURATION = 'depends on resources outside the configuration';

/**
 * Whether a related resource's type or name is the one the details ask for, three-valued: undefined (nothing
 * asked) or a mismatch of non-strings matches, as before; an unknown value on either side is undetermined. Names
 * also match on their last segment ("parent/child" against "child").
 */
function matchesRelated(actual: Value, wanted: Value, byLastSegment: boolean): Tri {
  if (isUnknown(actual) || isUnknown(wanted)) return new Undetermined([], []);
  if (typeof wanted !== 'string' || typeof actual !== 'string') return true;
  if (fold(actual) === fold(wanted)) return true;
  return byLastSegment && fold(lastSegment(actual)) === fold(lastSegment(wanted));
}

/**
 * The resource types a rule's `if` can match at all, when that is decided by its first test: a literal
 * `field: "type"` `equals`/`in` condition, itself or first in an `allOf`, in every branch of an `anyOf`.
 * Conditions run in order and stop at the first false `allOf` member, so a resource of any other type makes the `if`
 * false without evaluating anything else (no expression, hence no error). Undefined: any type may match.
 */
function matchableTypes(node: JsonValue): Set<string> | undefined {
  if (!isObject(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length === 1) {
    const key = keys[0].toLowerCase();
    const body = node[keys[0]];
    if (key === 'allof' && Array.isArray(body) && body.length > 0) return matchableTypes(body[0]);
    if (key === 'anyof' && Array.isArray(body) && body.length > 0) {
      const all = new Set<string>();
      for (const branch of body) {
        const types = matchableTypes(branch);
        if (!types) return undefined;
        for (const t of types) all.add(t);
      }
      return all;
    }
    return undefined;
  }
  const field = memberCI(node, 'field');
  if (keys.length !== 2 || !field || typeof field[1] !== 'string' || field[1].toLowerCase() !== 'type') return undefined;
  const literal = (v: JsonValue): v is string => typeof v === 'string' && !v.startsWith('[');
  const equals = memberCI(node, 'equals');
  if (equals && literal(equals[1])) return new Set([equals[1].toLowerCase()]);
  const inList = memberCI(node, 'in');
  if (inList && Array.isArray(inList[1]) && inList[1].length > 0 && inList[1].every(literal)) {
    return new Set((inList[1] as string[]).map((t) => t.toLowerCase()));
  }
  return undefined;
}

/** Compiles a policy definition, its properties, a bare rule, or their JSON text. Throws PolicyEngineError (parse|compile). */
export function compilePolicy(input: unknown, options: CompileOptions = {}): CompiledPolicy {
  try {
    return compileUnchecked(input, options);
  } catch (e) {
    if (e instanceof PolicyEngineError) throw e;
    if (e instanceof RangeError) throw new PolicyEngineError('compile', 'policy is nested too deeply or is too large', '');
    throw new PolicyEngineError('compile', `cannot compile the policy: ${(e as Error).message}`, '');
  }
}

function compileUnchecked(input: unknown, options: CompileOptions): CompiledPolicy {
  const parsed = parseInput(input);
  const { props, base, rule, rulePtr } = parsed;
  const modeM = memberCI(props, 'mode');
  if (modeM && typeof modeM[1] !== 'string') throw new PolicyEngineError('parse', '"mode" must be a string', ptr(base, modeM[0]));
  const mode = modeM ? (modeM[1] as string) : 'All';
  const { infos, defs } = parseParameters(props, base);

  for (const k of Object.keys(rule)) {
    if (!['if', 'then'].includes(k.toLowerCase())) throw new PolicyEngineError('parse', `unknown member "${k}" in policyRule (allowed: if, then)`, ptr(rulePtr, k));
  }
  const ifM = memberCI(rule, 'if');
  const thenM = memberCI(rule, 'then');
  if (!ifM) throw new PolicyEngineError('parse', 'policyRule has no "if"', rulePtr);
  if (!thenM) throw new PolicyEngineError('parse', 'policyRule has no "then"', rulePtr);
  const thenPtr = ptr(rulePtr, thenM[0]);
  if (!isObject(thenM[1])) throw new PolicyEngineError('parse', '"then" must be an object with "effect"', thenPtr);
  const then = thenM[1];
  const effM = memberCI(then, 'effect');
  if (!effM) throw new PolicyEngineError('parse', '"then" has no "effect"', thenPtr);
  const effPtr = ptr(thenPtr, effM[0]);
  if (typeof effM[1] !== 'string') throw new PolicyEngineError('parse', `"effect" must be a string, got ${typeName(effM[1])}`, effPtr);

  const catalog = options.aliases ?? bundledAliases();
  // Resource provider modes (docs: concepts/definition-structure-basics, "Resource Provider modes") evaluate
  // data-plane objects: their own data-plane aliases are accepted without a catalog (no public dump lists them).
  const providerMode = isResourceProviderMode(mode);
  const dataPlane = providerMode ? { namespace: fold(mode), accepted: new Set<string>() } : undefined;
  const st: CompileState = { catalog, params: infos, scopes: [], valueCounts: 0, fieldCounts: 0, inExistence: false, dataPlane };
  const cond = compileCondition(ifM[1], st, ptr(rulePtr, ifM[0]));

  const effectRaw = effM[1];
  const staticEffect = isExpressionString(effectRaw) ? undefined : canonicalEffect(effectRaw, effPtr, 'compile');
  const effectEv = staticEffect ? undefined : compileValue(effectRaw, st, effPtr);
  // Effects that could apply, for details compilation.
  let possible: string[];
  if (staticEffect) possible = [staticEffect];
  else {
    const m = /^\[\s*parameters\(\s*'([^']*)'\s*\)\s*\]$/i.exec(effectRaw);
    const info = m && infos ? infos.get(fold(m[1])) : undefined;
    const cands = info ? [...(info.allowedValues ?? []), info.defaultValue] : [];
    possible = cands.filter((c): c is string => typeof c === 'string').map((c) => EFFECT_BY_FOLD.get(c.toLowerCase())).filter((c): c is string => !!c);
    if (possible.length === 0) possible = [...EFFECTS];
  }
  // The effect reported when a parameterised effect is known only after apply: the parameter's default when it is an
  // effect that acts, else the first such allowed value, else Deny (the conservative answer).
  const effectIfUnknown = ((): string => {
    const m = staticEffect ? undefined : /^\[\s*parameters\(\s*'([^']*)'\s*\)\s*\]$/i.exec(effectRaw);
    const info = m && infos ? infos.get(fold(m[1])) : undefined;
    const acting = (v: unknown): string | undefined => {
      const e = typeof v === 'string' ? EFFECT_BY_FOLD.get(v.toLowerCase()) : undefined;
      return e && e !== 'Disabled' ? e : undefined;
    };
    return acting(info?.defaultValue) ?? (info?.allowedValues ?? []).map(acting).find((e) => e !== undefined) ?? 'Deny';
  })();
  const detM = memberCI(then, 'details');
  const detPtr = ptr(thenPtr, detM ? detM[0] : 'details');
  const detailsRaw = detM ? detM[1] : undefined;
  const detailFns = new Map<string, DetailsFn>();
  const dst: CompileState = { ...st, inDetails: true };
  let ifne: IfNotExists | undefined;
  const effectWarnings: string[] = [];
  const tryCompile = (eff: string, f: () => void): void => {
    try {
      f();
    } catch (e) {
      // With a parameterised effect, only the effects that can be selected must have valid details.
      if (staticEffect || possible.length === 1) throw e;
      effectWarnings.push(`with effect ${eff} (a value the effect parameter allows) every evaluation fails: ${(e as Error).message}`);
      detailFns.set(eff, () => {
        throw new EvalFailure((e as Error).message, detPtr);
      });
    }
  };
  for (const eff of possible) {
    const compileDetails = DETAILS_COMPILERS[eff];
    if (compileDetails && detailsRaw !== undefined) tryCompile(eff, () => detailFns.set(eff, compileDetails(detailsRaw, dst, detPtr, mode)));
  }
  if (possible.includes('AuditIfNotExists') || possible.includes('DeployIfNotExists')) {
    const eff = possible.includes('DeployIfNotExists') ? 'DeployIfNotExists' : 'AuditIfNotExists';
    tryCompile(eff, () => {
      ifne = compileIfNotExists(detailsRaw, dst, detPtr, eff);
    });
  }

  const paramInfos = infos;
  interface ResolvedParams {
    params: Map<string, Value>;
    paramProblems: Map<string, string>;
    /** The canonical effect, once an evaluation has resolved a `[parameters('...')]` effect with these values. */
    effect?: string;
  }
  const resolveNow = (given: unknown): ResolvedParams => {
    const params = new Map<string, Value>();
    const paramProblems = new Map<string, string>();
    const supplied = given && isObject(given) ? (given as JsonObject) : {};
    if (paramInfos) {
      for (const [f, info] of paramInfos) {
        let v: Value = getProp(supplied, info.name);
        if (v === undefined) {
          v = info.defaultValue;
          if (typeof v === 'string' && isExpressionString(v)) v = undefined;
        }
        if (v === undefined) continue;
        if (isUnknown(v)) {
          params.set(f, v); // known only after apply: its type and allowed values cannot be checked yet
          continue;
        }
        if (!checkParamType(info.type, v)) {
          paramProblems.set(f, `parameter '${info.name}' value ${show(v)} is not of type ${info.type}`);
          continue;
        }
        if (info.allowedValues && !isAllowed(v, info.allowedValues)) {
          paramProblems.set(f, `parameter '${info.name}' value ${show(v)} is not one of the allowedValues ${show(info.allowedValues as JsonValue)}`);
          continue;
        }
        params.set(f, v);
      }
    } else {
      for (const [k, v] of Object.entries(supplied)) params.set(fold(k), v);
    }
    return { params, paramProblems };
  };
  // Parameter values are resolved once per distinct parameters object (evaluate many resources with one assignment).
  let noParams: ResolvedParams | undefined;
  let lastGiven: unknown;
  let lastResolved: ResolvedParams | undefined;
  const resolveParams = (given: unknown): ResolvedParams => {
    if (given === undefined || given === null) return (noParams ??= resolveNow(undefined));
    if (given === lastGiven && lastResolved) return lastResolved;
    lastResolved = resolveNow(given);
    lastGiven = given;
    return lastResolved;
  };
  // Fast path for the common case of a resource the rule cannot apply to (scans evaluate every definition against
  // every resource). Taken only where the full evaluation would give the same answer: no trace wanted, valid
  // assignment parameters, and an effect that cannot fail (static, or a parameter holding a known effect).
  const types = matchableTypes(ifM[1]);
  const effectParam = staticEffect ? undefined : /^\[\s*parameters\(\s*'([^']*)'\s*\)\s*\]$/i.exec(effectRaw)?.[1];
  // The last type asked about and whether the rule may match it (a scan passes the resources of one type in a row
  // often enough; lower-casing the type for every resource allocated a string each time).
  let lastType: string | undefined;
  let lastMatchable = false;
  const cannotApply = (resource: Record<string, unknown>, input: EvaluationInput): boolean => {
    const type = isObject(resource) ? resource.type : undefined;
    if (!types || typeof type !== 'string') return false;
    if (type !== lastType) {
      lastMatchable = types.has(type.toLowerCase());
      lastType = type;
    }
    if (lastMatchable) return false;
    let resolved: ResolvedParams;
    try {
      resolved = resolveParams(input.parameters);
    } catch {
      return false; // the full evaluation reports it
    }
    const { params, paramProblems } = resolved;
    if (paramProblems.size > 0) return false;
    if (staticEffect) return true;
    if (effectParam === undefined) return false;
    const value = params.get(fold(effectParam));
    return typeof value === 'string' && EFFECT_BY_FOLD.has(value.toLowerCase());
  };
  const notes: string[] = [];
  if (providerMode) {
    notes.push(`mode ${mode} is a resource provider mode: the definition evaluates ${mode.replace(/\.Data$/i, '')} data-plane objects, not ARM resources; evaluating ARM resources reports it as not applicable`);
    if (dataPlane!.accepted.size > 0) notes.push(`data-plane aliases accepted without a catalog: ${[...dataPlane!.accepted].join(', ')}`);
  }
  const notApplicableMode = `mode ${mode} evaluates data-plane objects, not ARM resources: not applicable`;
  const evaluate = (resource: Record<string, unknown>, input: EvaluationInput = {}): EvaluationResult => {
    const entries: TraceEntry[] = [];
    const tracing = input.trace !== false;
    if (providerMode) return makeResult(null, tracing ? [notApplicableMode] : entries);
    if (!tracing && cannotApply(resource, input)) return makeResult(null, entries);
    const savedBudget = startEvaluationBudget();
    // The deciding comparisons' ring, reused across evaluations (EvaluationInput.explain).
    const ring = !tracing && input.explain === true ? takeDeciding() : null;
    try {
      if (!isObject(resource)) throw new EvalFailure(`the resource must be a JSON object, got ${typeName(resource as Value)}`, '');
      const resolved = resolveParams(input.parameters);
      const { params, paramProblems } = resolved;
      const memo = input.reads instanceof FieldReadMemo ? input.reads : undefined;
      const memoStamp = memo ? memo.bind(resource, typeof input.apiVersion === 'string' ? input.apiVersion : undefined) : undefined;
      const ctx: EvalCtx = {
        resource,
        root: resource,
        params,
        paramProblems,
        apiVersion: typeof input.apiVersion === 'string' ? input.apiVersion.toLowerCase() : undefined,
        apiVersionRaw: typeof input.apiVersion === 'string' ? input.apiVersion : undefined,
        makeEnv: () => {
          const ctxIn = input.context ?? {};
          return {
            resourceGroup: (ctxIn.resourceGroup ?? {}) as Value,
            subscription: (ctxIn.subscription ?? {}) as Value,
            policy: (ctxIn.policy ?? {}) as Value,
            requestContext: requestContextOf(input),
            utcNow: typeof ctxIn.utcNow === 'string' ? ctxIn.utcNow : undefined,
          };
        },
        cur: [],
        trace: tracing ? (entries as TraceEntry[]) : null,
        deciding: ring,
        iterations: 0,
        memo,
        memoStamp,
        pass: newPass(),
      };

      let effect = staticEffect;
      let effectUnknown: Undetermined | undefined;
      if (!effect && resolved.effect !== undefined) {
        // The effect parameter's value, resolved by an earlier evaluation with these parameters.
        effect = resolved.effect;
        if (tracing) entries.push(`effect ${JSON.stringify(effectRaw)} -> ${effect}`);
      } else if (!effect) {
        const mark = ctx.unknownReads?.length ?? 0;
        const ev = effectEv!(ctx);
        if (isUnknown(ev)) {
          // A parameterised effect known only after apply: the verdict is undetermined unless the rule does not apply.
          const reads = ctx.unknownReads ? ctx.unknownReads.slice(mark) : [];
          effectUnknown = undeterminedBy(reads, [`the effect ${effectRaw} is known only after apply`]);
          effect = effectIfUnknown;
          if (tracing) entries.push(`effect ${JSON.stringify(effectRaw)} -> unknown until apply (reported as ${effect})`);
        } else {
          effect = canonicalEffect(ev, effPtr, 'evaluate');
          // Only a plain parameter reference depends on nothing but the parameters (any other expression may read the resource).
          if (effectParam !== undefined) resolved.effect = effect;
          if (tracing) entries.push(`effect ${JSON.stringify(effectRaw)} -> ${effect}`);
        }
      }
      if (effect === 'Disabled') {
        if (tracing) entries.push('effect is Disabled: the rule is not evaluated');
        return makeResult(null, entries);
      }
      let applies: Tri;
      try {
        applies = cond(ctx);
      } catch (e) {
        if (!(e instanceof EvalFailure) || e instanceof AssignmentFailure) throw e;
        // Azure: "If the result of a template function is an error, policy evaluation fails. A failed evaluation is an implicit deny."
        entries.push(`error: ${e.message}`);
        entries.push('the if-condition failed to evaluate: implicit deny');
        return makeResult('Deny', entries, undefined, { stage: 'evaluate', message: e.message, ...(e.pointer !== undefined ? { pointer: e.pointer } : {}) });
      }
      if (tracing) entries.push(`if -> ${typeof applies === 'boolean' ? applies : `undetermined (${applies.paths.join(', ')})`}`);
      if (applies === false) return makeResult(null, entries);
      // The if-condition's deciding comparisons (before an existence condition notes its own).
      const deciding = applies === true && ctx.deciding ? ctx.deciding.entries() : undefined;
      /** What the verdict still depends on: the if-condition and the effect. */
      let pending: Undetermined | undefined = applies === true ? undefined : applies;
      if (effectUnknown) pending = pending ? pending.merge(effectUnknown) : effectUnknown;
      if (effectUnknown) return makeResult(effect, entries, undefined, undefined, pending);
      if (effect === 'AuditIfNotExists' || effect === 'DeployIfNotExists') {
        if (!ifne) throw new EvalFailure(`${effect} needs "details" with "type"`, detPtr);
        const mark = ctx.unknownReads?.length ?? 0;
        const wantType = ifne.type ? ifne.type(ctx) : undefined;
        const wantName = ifne.name ? ifne.name(ctx) : undefined;
        const wantedFrom = ctx.unknownReads ? ctx.unknownReads.slice(mark) : [];
        // Where to look: evaluated before the lookup, as Azure must (an error in it fails the evaluation).
        const group = ifne.resourceGroup ? ifne.resourceGroup(ctx) : undefined;
        const given = input.relatedResources;
        // A lookup function is called only now: the rule matched (or may match) and the effect needs related resources.
        const related = typeof given === 'function' ? given() : Array.isArray(given) ? given : [];
        if (!Array.isArray(related)) throw new EvalFailure('relatedResources() must return an array of resources');
        let matched = 0;
        let maybe: Undetermined | undefined;
        for (let i = 0; i < related.length; i++) {
          const rel = related[i] as Value;
          if (!isObject(rel)) continue;
          const rType = getProp(rel, 'type');
          const typeMatch = matchesRelated(rType, wantType, false);
          if (typeMatch === false) continue;
          const rName = getProp(rel, 'name');
          const nameMatch = matchesRelated(rName, wantName, true);
          if (nameMatch === false) continue;
          matched++;
          let exists: Tri = true;
          // Another definition's verdict of the same condition on this pair, when the memo holds one (not when tracing:
          // the trace shows the condition evaluated).
          // It costs the steps it cost there; where they are more than the budget has left, it is evaluated again, so
          // that the budget error is the one the definition gives alone, at the same condition.
          const shared = ifne.existence && ifne.shareId !== undefined && ctx.memo && !tracing ? ctx.memo.verdict(ifne.shareId, i, rel, ctx) : -1;
          if (shared >= 0 && ctx.memo!.verdictCost(shared) <= remainingSteps()) {
            charge(ctx.memo!.verdictCost(shared));
            exists = ctx.memo!.verdictAt(shared);
          } else if (ifne.existence) {
            const pass = ctx.pass;
            const mark = ctx.unknownReads?.length ?? 0;
            const steps = remainingSteps();
            ctx.resource = rel;
            ctx.pass = newPass();
            ctx.cur.length = 0;
            if (tracing) entries.push(`existenceCondition on related resource ${i}:`);
            try {
              exists = ifne.existence(ctx);
            } finally {
              ctx.resource = resource;
              ctx.pass = pass;
            }
            // A verdict that noted unknown reads is not shared (they name what an undetermined outcome waits for).
            if (typeof exists === 'boolean' && ifne.shareId !== undefined && ctx.memo && (ctx.unknownReads?.length ?? 0) === mark) ctx.memo.keepVerdict(ifne.shareId, i, rel, ctx, exists, steps - remainingSteps());
          }
          // The related resource's type or name, or the one the details ask for, is known only after apply.
          const identity = typeMatch === true && nameMatch === true ? true : undeterminedBy(
            [...wantedFrom, ...(isUnknown(rType) ? ['type'] : []), ...(isUnknown(rName) ? ['name'] : [])],
            [`whether related resource ${i} is the one the details ask for is known only after apply`],
          );
          const satisfied: Tri = exists === false ? false : identity === true ? exists : exists === true ? identity : identity.merge(exists);
          if (satisfied === true) {
            if (tracing) entries.push(ifne.existence ? `related resource ${i} satisfies existenceCondition -> compliant` : `related resource ${i} matches type/name and there is no existenceCondition: it exists -> compliant`);
            return makeResult(null, entries);
          }
          if (satisfied !== false) {
            if (tracing) entries.push(`related resource ${i} may satisfy the existence condition: undetermined (${satisfied.paths.join(', ')})`);
            maybe = maybe ? maybe.merge(satisfied) : satisfied;
          }
        }
        if (maybe) pending = pending ? pending.merge(maybe) : maybe;
        if (input.relatedResourcesComplete === false) {
          const outside = new Undetermined([], [OUTSIDE_CONFIGURATION]);
          pending = pending ? pending.merge(outside) : outside;
        }
        if (tracing) entries.push(related.length === 0 ? `no related resources supplied: none exist -> ${effect}` : `${matched} related resource(s) of the type, none satisfies existenceCondition -> ${effect}`);
        // The details (for deployIfNotExists, the deployment) only for a resource the check reports: a compliant
        // one needs none, and building a deployment template for each of them was most of an existence check.
        return withDeciding(makeResult(effect, entries, publicDetails(ctx, ifne.out(ctx, group)), undefined, pending), deciding);
      }
      const df = detailFns.get(effect);
      if (df) return withDeciding(makeResult(effect, entries, publicDetails(ctx, df(ctx)), undefined, pending), deciding);
      return withDeciding(makeResult(effect, entries, detailsRaw === undefined ? undefined : detailsRaw, undefined, pending), deciding);
    } catch (e) {
      if (e instanceof EvalFailure) {
        entries.push(`error: ${e.message}`);
        return makeResult(null, entries, undefined, { stage: 'evaluate', message: e.message, ...(e.pointer !== undefined ? { pointer: e.pointer } : {}) });
      }
      if (e instanceof PolicyEngineError) {
        entries.push(`error: ${e.rawMessage}`);
        return makeResult(null, entries, undefined, { stage: e.stage, message: e.rawMessage, ...(e.pointer !== undefined ? { pointer: e.pointer } : {}) });
      }
      const msg = e instanceof RangeError ? 'evaluation exceeded the engine limits (too deep or too large)' : `internal error: ${(e as Error).message}`;
      entries.push(`error: ${msg}`);
      return makeResult(null, entries, undefined, { stage: 'evaluate', message: msg });
    } finally {
      endEvaluationBudget(savedBudget);
      if (ring) releaseDeciding(ring);
    }
  };

  return {
    mode,
    appliesToArmResources: !providerMode,
    notes,
    effectWarnings,
    parameters: defs,
    effectDetails: detailsRaw,
    evaluate,
  };
}
