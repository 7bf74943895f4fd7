import { AliasCatalog } from './aliases';
import { DataPlaneAliases, PathSeg } from './fields';
import { IdTable } from './id-table';
import { Value } from './values';

/** One trace record: [label, left value, operator, right value, result]; formatted lazily. */
export type TraceEntry = readonly [string, Value, string, Value, boolean | 'undetermined'] | string;

/**
 * The last three true field/value comparisons of an evaluation, kept without a trace (EvaluationInput.explain): a
 * ring of references, so an evaluation that records them allocates nothing per comparison. The comparisons are the
 * ones a trace would end with, in the same order; `entries()` gives them as trace entries.
 */
export class Deciding {
  private readonly slots: (Value | string)[] = new Array(12);
  private n = 0;

  /** Notes a true comparison: its label ("<where>: <left-hand side>"), operands and operator. */
  public note(label: string, l: Value, op: string, r: Value): void {
    const k = (this.n++ % 3) * 4;
    this.slots[k] = label;
    this.slots[k + 1] = l;
    this.slots[k + 2] = op;
    this.slots[k + 3] = r;
  }

  /** Forgets the comparisons noted (the ring is reused by the next evaluation). */
  public reset(): void {
    // The slots are overwritten before they are read again (entries() reads the last n); the references they keep
    // until then are at most twelve.
    this.n = 0;
  }

  /** The comparisons noted, oldest first (at most three). */
  public entries(): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (let i = Math.max(0, this.n - 3); i < this.n; i++) {
      const k = (i % 3) * 4;
      out.push([this.slots[k] as string, this.slots[k + 1] as Value, this.slots[k + 2] as string, this.slots[k + 3] as Value, true]);
    }
    return out;
  }
}

/** Per-evaluation state. */
export interface EvalCtx {
  /** The resource whose fields `field` reads (the related resource inside existenceCondition). */
  resource: Value;
  /** The resource under evaluation (for `field()` in effect details). */
  readonly root: Value;
  /** Resolved parameter values by folded name. */
  readonly params: Map<string, Value>;
  /** Parameters whose value is invalid or absent: folded name -> message. */
  readonly paramProblems: Map<string, string>;
  /** Lower-case API version of the resource, if known. */
  readonly apiVersion?: string;
  /** Objects for resourceGroup(), subscription(), policy(), requestContext() (computed on first use). */
  env?: EvalEnv;
  /** Builds `env` on first use. */
  readonly makeEnv: () => EvalEnv;
  /** API version as given (for field('apiVersion')). */
  readonly apiVersionRaw?: string;
  /** Current element of each enclosing count, by scope depth. */
  readonly cur: Value[];
  /** Trace sink, or null when tracing is off. */
  trace: TraceEntry[] | null;
  /** The deciding comparisons, recorded when tracing is off and EvaluationInput.explain asks for them. */
  deciding?: Deciding | null;
  /** Value-count iterations used (Azure limit per expression). */
  iterations: number;
  /** Fields (as written) whose reads gave unknown values, in order; created on the first one. */
  unknownReads?: string[];
  /** Reads of the resource under evaluation shared with other evaluations of it (EvaluationInput.reads). */
  memo?: FieldReadMemo;
  /** The memo's generation this evaluation reads under (FieldReadMemo.bind). */
  memoStamp?: number;
  /**
   * Identifies this evaluation with its current `resource` (newPass()): another evaluation, or the same one reading
   * another related resource, has another. Values that depend on nothing else are reused within one pass.
   */
  pass: number;
}

let passes = 0;
/** A pass number no evaluation has had (see EvalCtx.pass). */
export function newPass(): number {
  return ++passes;
}

/**
 * Compile-time counts of what the expressions compiled so far read besides the resource's fields (compilation is
 * synchronous, so one object serves all): compiling an expression leaves a count unchanged when it reads none.
 *  - member: a count's current member (current(), field() of the counted array, and field names from expressions,
 *    which may be either);
 *  - context: what the evaluation is given besides the resources (parameters(), policy(), subscription(),
 *    resourceGroup(), requestContext(), utcNow());
 *  - history: conditions whose cost in steps depends on earlier evaluations ("in"/"notIn" over a list that is not
 *    constant: its lookup set is built, and charged, once per array object).
 */
export const compiledReads = { member: 0, context: 0, history: 0 };

/**
 * Field reads of one resource, shared by the evaluations of it against many definitions (a runner evaluating an
 * initiative reads the same aliases once per resource instead of once per member). Give the same memo to every
 * evaluation of the resource; it starts over by itself when the resource (object identity) or its API version
 * changes. A resource changed in place between evaluations needs `clear()` first: the memo cannot see changes. The
 * same holds for the related resources of existence checks: the memo keeps the verdicts of existence conditions on
 * them (shared by definitions with the same condition), by object identity.
 * Bounded: a direct-mapped table of MEMO_SLOTS reads (two reads that map to one slot take turns).
 */
export class FieldReadMemo {
  private obj: unknown = undefined;
  private api: string | undefined = undefined;
  private stamp = 0;
  private readonly ids = new Float64Array(MEMO_SLOTS).fill(-1);
  private readonly stamps = new Float64Array(MEMO_SLOTS);
  private readonly values: Value[] = new Array(MEMO_SLOTS);

  /** Forgets every read (the next evaluation reads the resource again). */
  public clear(): void {
    this.obj = undefined;
    this.stamp++;
    this.verdictOf.fill(undefined);
  }

  /**
   * @internal Makes the memo hold reads of `resource` at `apiVersion`; returns the generation the evaluation reads
   * under (an evaluation nested in another, of the same resource at another API version, starts a new one, and the
   * outer evaluation's reads then bypass the memo instead of taking the inner one's values).
   */
  public bind(resource: unknown, apiVersion: string | undefined): number {
    if (resource !== this.obj || apiVersion !== this.api) {
      this.obj = resource;
      this.api = apiVersion;
      this.stamp++;
    }
    return this.stamp;
  }

  /**
   * @internal The value of read `id` (`reader` reading `base`, which is ctx.resource or ctx.root), read once per bound
   * resource: `base` is another object (a related resource in an existence condition), or the evaluation's generation
   * is not the memo's, bypasses the memo.
   */
  public read(id: number, base: Value, reader: { get(ctx: EvalCtx): Value }, ctx: EvalCtx): Value {
    if (base !== this.obj || ctx.memoStamp !== this.stamp) return reader.get(ctx);
    const slot = id % MEMO_SLOTS;
    if (this.ids[slot] === id && this.stamps[slot] === this.stamp) return this.values[slot];
    const v = reader.get(ctx);
    this.ids[slot] = id;
    this.stamps[slot] = this.stamp;
    this.values[slot] = v;
    return v;
  }

  private readonly verdictIds = new Float64Array(VERDICT_SLOTS).fill(-1);
  private readonly verdictStamps = new Float64Array(VERDICT_SLOTS);
  private readonly verdictOf: unknown[] = new Array(VERDICT_SLOTS);
  private readonly verdicts = new Uint8Array(VERDICT_SLOTS);
  private readonly verdictCosts = new Float64Array(VERDICT_SLOTS);

  /**
   * @internal Where the verdict of existence condition `id` (existenceShareId) on related resource `rel`, the
   * `index`th of the lookup, is kept (by an earlier evaluation of the bound resource: another definition with the same
   * condition), or -1 when none is. Bypassed, like `read`, outside the memo's resource and generation.
   */
  public verdict(id: number, index: number, rel: unknown, ctx: EvalCtx): number {
    if (ctx.root !== this.obj || ctx.memoStamp !== this.stamp) return -1;
    const slot = (id * 977 + index) & (VERDICT_SLOTS - 1);
    return this.verdictIds[slot] === id && this.verdictStamps[slot] === this.stamp && this.verdictOf[slot] === rel ? slot : -1;
  }

  /** @internal The verdict kept at `slot` (see verdict). */
  public verdictAt(slot: number): boolean {
    return this.verdicts[slot] === 1;
  }

  /** @internal The evaluation steps the verdict at `slot` cost (charged again where it is reused). */
  public verdictCost(slot: number): number {
    return this.verdictCosts[slot];
  }

  /** @internal Keeps a verdict for `verdict` (a direct-mapped table: two that map to one slot take turns). */
  public keepVerdict(id: number, index: number, rel: unknown, ctx: EvalCtx, exists: boolean, cost: number): void {
    if (ctx.root !== this.obj || ctx.memoStamp !== this.stamp) return;
    const slot = (id * 977 + index) & (VERDICT_SLOTS - 1);
    this.verdictIds[slot] = id;
    this.verdictStamps[slot] = this.stamp;
    this.verdictOf[slot] = rel;
    this.verdicts[slot] = exists ? 1 : 0;
    this.verdictCosts[slot] = cost;
  }
}

/** Existence verdicts a FieldReadMemo holds (a power of two). */
const VERDICT_SLOTS = 1024;

/**
 * Ids of existence conditions whose verdict depends on nothing but the two resources (no parameters(), policy(),
 * subscription(), ...), by alias catalog and condition text: two definitions with the same condition (an audit and a
 * deploy variant of one check) share one id, and a memo then evaluates it once per related resource for both.
 * Bounded: a condition whose text is longer than MAX_SHARED_TEXT, or is not plain JSON (see plainJsonText), gets no
 * id; the table holds at most 2,000 texts (see IdTable).
 */
const shareIds = new IdTable(2_000, 1);
const MAX_SHARED_TEXT = 2_048;

/** @internal Condition texts the share id table holds now (tests: it stays bounded). */
export function sharedTextCount(): number {
  return shareIds.size;
}

/** The share id of an existence condition as written (`condition`, compiled with `catalog`), or undefined (see above). */
export function existenceShareId(catalog: object, condition: unknown): number | undefined {
  const text = plainJsonText(condition, MAX_SHARED_TEXT);
  return text === undefined ? undefined : shareIds.id(catalog, text);
}

/**
 * The JSON text of a value that is plain JSON (strings, finite numbers, booleans, null, arrays and plain objects),
 * or undefined for anything else (a Date, a BigInt, undefined, a function, toJSON, ...: JSON.stringify would not
 * write what the engine compiles) and for a text longer than `max` characters. Stops as soon as it is over.
 */
function plainJsonText(v: unknown, max: number): string | undefined {
  let out = '';
  const walk = (x: unknown, depth: number): boolean => {
    if (out.length > max || depth > 64) return false;
    if (x === null || typeof x === 'boolean') out += String(x);
    else if (typeof x === 'number') {
      if (!Number.isFinite(x)) return false;
      out += String(x);
    } else if (typeof x === 'string') out += JSON.stringify(x);
    else if (Array.isArray(x)) {
      out += '[';
      for (let i = 0; i < x.length; i++) {
        if (i > 0) out += ',';
        if (!(i in x) || !walk(x[i], depth + 1)) return false;
      }
      out += ']';
    } else if (typeof x === 'object') {
      const proto = Object.getPrototypeOf(x) as unknown;
      if ((proto !== Object.prototype && proto !== null) || typeof (x as { toJSON?: unknown }).toJSON === 'function') return false;
      out += '{';
      let first = true;
      for (const k of Object.keys(x)) {
        if (!first) out += ',';
        first = false;
        out += JSON.stringify(k) + ':';
        if (!walk((x as Record<string, unknown>)[k], depth + 1)) return false;
      }
      out += '}';
    } else return false;
    return out.length <= max;
  };
  return walk(v, 0) ? out : undefined;
}

/** Reads a FieldReadMemo holds (per resource: the distinct fields an initiative reads are a few hundred). */
const MEMO_SLOTS = 4096;

/** Records that reading `path` (an alias or field as written in the rule) gave a value that is or holds UNKNOWN. */
export function noteUnknownRead(ctx: EvalCtx, path: string): void {
  (ctx.unknownReads ??= []).push(path);
}

/** The unknown reads recorded since `mark` (a length of ctx.unknownReads taken earlier). */
export function unknownReadsSince(ctx: EvalCtx, mark: number): string[] {
  return ctx.unknownReads ? ctx.unknownReads.slice(mark) : [];
}

/** Objects returned by the context functions. */
export interface EvalEnv { resourceGroup: Value; subscription: Value; policy: Value; requestContext: Value; utcNow?: string }

/** The context objects of an evaluation. */
export function envOf(ctx: EvalCtx): EvalEnv {
  return (ctx.env ??= ctx.makeEnv());
}

/** A count scope seen while compiling a `where`. */
export interface CountScope {
  readonly kind: 'field' | 'value';
  /** Index of this scope's current element in EvalCtx.cur. */
  readonly depth: number;
  /** Field count: path variants (default first) of the counted array, ending in [*]. */
  readonly segVariants?: readonly (readonly PathSeg[])[];
  /** Field count: folded field text as written (for current('<alias>[*]')). */
  readonly fieldText?: string;
  /** Value count: folded `name`. */
  readonly name?: string;
  /** How the counted array is written in the rule (for the paths of undetermined outcomes). */
  readonly label?: string;
}

/** Declared parameter (normalised). */
export interface ParamInfo {
  readonly name: string;
  readonly type: string;
  readonly defaultValue?: Value;
  readonly allowedValues?: Value[];
}

/** Compile-time state. */
export interface CompileState {
  readonly catalog: AliasCatalog;
  /** Declared parameters by folded name; undefined for a bare rule (any name allowed). */
  readonly params?: Map<string, ParamInfo>;
  scopes: CountScope[];
  valueCounts: number;
  fieldCounts: number;
  /** Whether field() refers to a related resource (existenceCondition). */
  readonly inExistence: boolean;
  /** Compiling effect details (where ARM-only functions such as uniqueString() are allowed). */
  readonly inDetails?: boolean;
  /** In a resource provider mode: the mode's data-plane aliases accepted without a catalog. */
  readonly dataPlane?: DataPlaneAliases;
}
