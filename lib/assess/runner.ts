// The evaluation runner (contract C3): streams resources through an AssessPlan and produces the ScanReport.
//
// Per resource: which assignments reach it (scope, notScopes, resource selectors), which version variant applies
// (policyVersion overrides), then per member: mode, effect override, evaluation, exemption. Existence lookups
// (auditIfNotExists / deployIfNotExists) read the RelatedResourceIndex, consulted only after the rule's `if`
// matched. The index is complete only at the end of the input: a lookup that finds no satisfying related resource
// yet is deferred to the end (a related resource later in the input may satisfy it); one that finds one is final
// (more resources cannot take that away). Deferred resources are held in memory up to `maxDeferred`; beyond that,
// with `reopen`, only their positions are kept and the input is read a second time for them.
import { EvaluationInput, EvaluationResult, FieldReadMemo, formatTraceEntry, TraceEntry } from '../policy-engine';
import { compileStandaloneExpression, StandaloneParameters } from '../policy-engine/expr';
import { fold } from '../policy-engine/values';
import { PolicyExemption } from './assignments';
import { AssessInputError } from './errors';
import type { FindingSpool } from './findings';
import { AssessPlan, Evaluator, PlanMember, PlanUnit, PlanVariant } from './plan';
import { RelatedQuery, RelatedResourceIndex, containerOf } from './related';
import { AssessResource, countKey, Exempted, Finding, ScanReport, Undetermined } from './report';
import { normaliseId, scopeContains, ScopeDecision } from './scope';
import { allSelectorsMatch, lowerCased, normaliseLocation, ResourceFacts, resourceSelected, Selector } from './selectors';

/** Options of {@link runAssessment}. */
export interface AssessOptions {
  /** Package version for the report's `tool`. @default '0.0.0' */
  readonly toolVersion?: string;
  /** Give each finding a `reason` (the deciding conditions, from a second evaluation with the trace on). @default true */
  readonly explain?: boolean;
  /** Keep at most this many findings (the rest are counted; `truncated` says so). @default unlimited */
  readonly maxFindings?: number;
  /**
   * Whether the input holds every related resource that exists (contract C1 `relatedResourcesComplete`): false for
   * a Terraform configuration, where a related resource may exist outside it. @default true
   */
  readonly relatedResourcesComplete?: boolean;
  /** Reads the input again (for deferred existence checks beyond `maxDeferred`). @default none: deferred resources stay in memory */
  readonly reopen?: () => Iterable<AssessResource> | AsyncIterable<AssessResource>;
  /** Deferred resources held in memory before falling back to `reopen`. @default 10000 */
  readonly maxDeferred?: number;
  /** Terraform resources not translated (preflight), copied to the report. @default [] */
  readonly notTranslated?: ScanReport['notTranslated'];
  /** Called after each resource with the number done. @default none */
  readonly progress?: (done: number) => void;
  /**
   * Bounded memory for the findings: they go to this spool (read them from it, in resource order) and the report's
   * `findings` is left empty; `truncated` and `complete` count them as usual. Resources must come with growing
   * `index` (as with `reopen`). @default none: held in the report
   */
  readonly spool?: FindingSpool;
}

/** An evaluation input the runner fills in member by member. */
type Input = { -readonly [K in keyof EvaluationInput]: EvaluationInput[K] };

interface Facts extends ResourceFacts {
  readonly hasLocation: boolean;
}

interface DeferredItem {
  readonly unit: PlanUnit;
  readonly member: PlanMember;
  readonly evaluator: Evaluator;
}

/** A resource whose existence checks wait for the end of the input, held with them while few are deferred. */
interface Deferred {
  readonly ar: AssessResource;
  readonly items: DeferredItem[];
}

/**
 * Deferred existence checks of resources not held (beyond `maxDeferred`): (position, item) pairs in input order, as
 * numbers in a typed array (8 bytes a check), so that a million deferred resources cost megabytes, not hundreds.
 */
class PositionList {
  private data = new Uint32Array(1024);
  public length = 0;

  public push(index: number, item: number): void {
    if (this.length + 2 > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = index;
    this.data[this.length++] = item;
  }

  public index(at: number): number {
    return this.data[at];
  }

  public item(at: number): number {
    return this.data[at + 1];
  }
}

const IF_NOT_EXISTS = new Set(['AuditIfNotExists', 'DeployIfNotExists']);

/**
 * What the runner needs of a resource, computed once per resource (a class: one shape). The location is normalised
 * only when a selector asks for it: most plans have none.
 */
class ResourceFactsOf implements Facts {
  public readonly idKey: string;
  public readonly type: string;
  public readonly hasLocation: boolean;
  private normalised: string | undefined;

  constructor(private readonly resource: Record<string, unknown>) {
    this.idKey = typeof resource.id === 'string' ? normaliseId(resource.id) : '';
    this.type = typeof resource.type === 'string' ? lowerCased(resource.type) : '';
    this.hasLocation = typeof resource.location === 'string' && resource.location !== '';
  }

  public get location(): string {
    return (this.normalised ??= typeof this.resource.location === 'string' ? normaliseLocation(this.resource.location) : '');
  }

  public get subscriptionLevelWithoutLocation(): boolean {
    return this.location === '' && this.idKey.startsWith('/subscriptions/') && containerOf(this.idKey).group === '';
  }
}

function factsOf(resource: Record<string, unknown>): Facts {
  return new ResourceFactsOf(resource);
}

/** resourceGroup() and subscription() as far as the resource id tells them. */
function contextOf(idKey: string, id: string): EvaluationInput['context'] {
  if (!idKey.startsWith('/subscriptions/')) return undefined;
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?/i.exec(id);
  if (!m) return undefined;
  const subscription = { id: `/subscriptions/${m[1]}`, subscriptionId: m[1] };
  return m[2] ? { subscription, resourceGroup: { id: `/subscriptions/${m[1]}/resourceGroups/${m[2]}`, name: m[2], type: 'Microsoft.Resources/resourceGroups' } } : { subscription };
}

/** The deciding conditions from an engine trace: the last true leaf comparisons and the existence verdict. */
export function reasonFromTrace(trace: readonly TraceEntry[]): string | undefined {
  // From the end (the existence verdict and the deciding leaves are last); a trace can have hundreds of lines, and
  // only the lines picked are formatted (formatting every value compared costs more than the evaluation).
  const leaves: TraceEntry[] = [];
  const existence: TraceEntry[] = [];
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i];
    if (typeof e === 'string') {
      if (e.endsWith(' -> true') && leaves.length < 3 && isLeafLine(e)) leaves.unshift(e);
      else if (e.startsWith('no related resources') || e.includes('none satisfies existenceCondition') || e.includes('outside the configuration')) existence.unshift(e);
    } else if (e[4] === true && leaves.length < 3 && isLeafLine(e[0])) {
      leaves.unshift(e);
    }
    if (leaves.length === 3 && i < trace.length - 8) break;
  }
  const picked = [...leaves, ...existence].map((e) => {
    const l = formatTraceEntry(e);
    return l.length > 300 ? l.slice(0, 299) + '…' : l;
  });
  return picked.length ? picked.join('; ') : undefined;
}

/** A reason from EvaluationResult.deciding (every entry a true field or value comparison, in order). */
function reasonFromDeciding(entries: readonly TraceEntry[]): string | undefined {
  let out = '';
  for (const e of entries) {
    const l = formatTraceEntry(e);
    out += (out ? '; ' : '') + (l.length > 300 ? l.slice(0, 299) + '…' : l);
  }
  return out || undefined;
}

/**
 * Whether two lists of deciding comparisons format alike: the same labels, operators and operand values (strings by
 * content, objects by identity: one object formats one way).
 */
function sameEntries(a: readonly TraceEntry[] | undefined, b: readonly TraceEntry[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'string' || typeof y === 'string') {
      if (x !== y) return false;
      continue;
    }
    if (x[0] !== y[0] || x[1] !== y[1] || x[2] !== y[2] || x[3] !== y[3] || x[4] !== y[4]) return false;
  }
  return true;
}

/** A field or value comparison (the conditions a reason quotes), by its label or formatted line. */
function isLeafLine(l: string): boolean {
  return l.includes(": field '") || l.includes(': value ') || l.startsWith("field '") || l.startsWith('value ');
}

/** Mode of a member: evaluated on every resource, on resources with a location, or on none (provider modes). */
const enum ModeKind { All = 0, Indexed = 1, None = 2 }

/** A member in the hot loop (a class: one hidden shape, so property reads stay monomorphic). */
class Slot {
  /** Resources in the member's mode whose evaluator was an override to Disabled (or the base, when disabled). */
  public disabled = 0;
  constructor(
    public readonly unit: PlanUnit,
    public readonly member: PlanMember,
    public readonly base: Evaluator | undefined,
    public readonly overrides: readonly { readonly selectors: readonly Selector[]; readonly evaluator: Evaluator }[],
    public readonly mode: ModeKind,
  ) {}
}

/** Per variant: the slots to visit by resource type, and how many resources reached it. */
class VariantState {
  public reachAll = 0;
  public reachLocated = 0;
  public skipped = 0;
  public readonly byType = new Map<string, Slot[]>();
  public readonly always: Slot[] = [];
  public readonly slots: Slot[] = [];
  constructor(public readonly variant: PlanVariant) {}
}

class Assessor {
  private readonly index: RelatedResourceIndex;
  private indexComplete = false;
  /** Deferred resources held in memory, by position (until more than maxDeferred are deferred). */
  private readonly deferred = new Map<number, Deferred>();
  /** Beyond maxDeferred (with `reopen`): positions only, read again at the end. */
  private positions: PositionList | undefined;
  /** Where the second reading has got to in `positions`. */
  private cursor = 0;
  /** Deferred resources the second reading passed without meeting. */
  private missed = 0;
  private lastIndex = -Infinity;
  /** The distinct deferred items, so that a position list entry is a number. */
  private readonly itemIds = new Map<PlanMember, Map<Evaluator, number>>();
  private readonly items: DeferredItem[] = [];
  private readonly findings: Finding[] = [];
  private findingCount = 0;
  private readonly undetermined: Undetermined[] = [];
  private readonly exempted: Exempted[] = [];
  private readonly errors = new Map<string, ScanReport['errors'][number]>();
  private readonly skips = new Map<string, { file?: string; policy?: string; reason: string; count: number }>();
  private readonly units: { unit: PlanUnit; variants: VariantState[] }[];
  private resources = 0;
  private readonly expressions = new Map<string, ReturnType<typeof compileStandaloneExpression>>();
  private readonly lookupParams = new Map<Evaluator, StandaloneParameters>();
  /** Field reads of the resource being evaluated, shared by its evaluations against every member (never changed in place here). */
  private readonly reads = new FieldReadMemo();
  /** Per member, its last finding's reason and what it was made of (see reasonOf). */
  private readonly lastReasons = new Map<PlanMember, { entries: readonly TraceEntry[] | undefined; effect: string; related: number; reason: string | undefined }>();
  /** The input of the evaluation under way (see `input`). */
  private readonly current: Input;
  /** The evaluation under way's lookup: its member, resource, evaluator and facts, and what it found. */
  private lookupMember: PlanMember | undefined;
  private lookupResource: Record<string, unknown> | undefined;
  private lookupEvaluator: Evaluator | undefined;
  private lookupFacts: Facts | undefined;
  private looked: Record<string, unknown>[] | undefined;

  constructor(private readonly plan: AssessPlan, private readonly options: AssessOptions) {
    this.index = new RelatedResourceIndex(plan.relatedTypes, plan.relatedOwners);
    // The deciding comparisons are recorded as the rule is evaluated (a finding's reason), not by a second, traced evaluation.
    this.current = {
      parameters: undefined,
      trace: false,
      explain: options.explain !== false,
      reads: this.reads,
      context: undefined,
      apiVersion: undefined,
      relatedResources: undefined,
      ...(options.relatedResourcesComplete === false ? { relatedResourcesComplete: false } : {}),
    };
    // A plan's counters start at zero for each run.
    for (const s of plan.policies) Object.assign(s, { evaluated: 0, notApplicable: 0, skipped: 0, effects: {}, undetermined: 0, errors: 0 });
    for (const a of plan.assignments) {
      for (const c of [a.totals, ...a.members]) Object.assign(c, { deny: 0, audit: 0, deploy: 0, modify: 0, append: 0, denyAction: 0, other: 0, undetermined: 0, exempted: 0 });
    }
    this.units = plan.units.map((unit) => ({
      unit,
      variants: unit.variants.map((variant) => {
        const state = new VariantState(variant);
        for (const member of variant.members) {
          const mode = member.modeKey === 'all' ? ModeKind.All : member.modeKey === 'indexed' ? ModeKind.Indexed : ModeKind.None;
          const slot = new Slot(unit, member, member.unavailable ? undefined : member.base, member.overrides, mode);
          state.slots.push(slot);
          if (!slot.base || mode === ModeKind.None) continue; // counted from reachAll at the end
          if (slot.base.disabled && slot.overrides.length === 0) {
            slot.disabled = -1; // never evaluated
            continue;
          }
          const types = slot.overrides.length === 0 ? slot.base.types : undefined;
          if (!types) {
            state.always.push(slot);
            continue;
          }
          for (const t of types) {
            const list = state.byType.get(t);
            if (list) list.push(slot);
            else state.byType.set(t, [slot]);
          }
        }
        return state;
      }),
    }));
  }

  private skip(key: string, entry: { file?: string; policy?: string; reason: string }): void {
    const hit = this.skips.get(key);
    if (hit) hit.count++;
    else this.skips.set(key, { ...entry, count: 1 });
  }

  private reach(unit: PlanUnit, facts: Facts): ScopeDecision {
    const ancestry = this.plan.ancestry;
    const inScope = scopeContains(unit.scope, facts.idKey, ancestry);
    if (inScope !== true) return inScope;
    for (const ns of unit.notScopes) {
      const excluded = scopeContains(ns, facts.idKey, ancestry);
      if (excluded === true) return false;
      if (excluded !== false) return { undecidable: `notScopes ${ns.text}: ${excluded.undecidable}` };
    }
    return resourceSelected(unit.resourceSelectors, facts);
  }

  /**
   * Input already in memory: file the related resources first, so existence checks are decided when the resource is
   * evaluated (nothing deferred).
   */
  public prepare(resources: readonly AssessResource[]): void {
    for (const r of resources) this.index.add(r.resource);
    this.indexComplete = true;
  }

  /** Adds a resource: files it for existence lookups and evaluates it. */
  public add(ar: AssessResource): void {
    // A spool and a second reading give findings back by position: positions must grow, as the readers number them.
    if (ar.index <= this.lastIndex && (this.options.spool || this.options.reopen)) {
      throw new AssessInputError('runAssessment', 'resource index', String(ar.index), `with a spool or reopen, each resource's index must be greater than the one before (${this.lastIndex})`);
    }
    this.lastIndex = ar.index;
    this.resources++;
    const resource = ar.resource;
    if (!this.indexComplete) this.index.add(resource);
    const facts = factsOf(resource);
    const context: { value?: EvaluationInput['context'] | null } = {};
    for (const { unit, variants } of this.units) {
      const reach = this.reach(unit, facts);
      if (reach === false) continue;
      let state = variants[0];
      for (let v = 1; v < variants.length; v++) {
        if (allSelectorsMatch(variants[v].variant.selectors, facts)) {
          state = variants[v];
          break;
        }
      }
      if (reach !== true || state.variant.unavailable) {
        const reason = reach !== true ? reach.undecidable : state.variant.unavailable!;
        this.skip(`${unit.label}\u0000${reason}`, { ...(unit.assignment ? { file: unit.assignment.source } : {}), reason: `${unit.label}: not evaluated: ${reason}` });
        state.skipped++;
        continue;
      }
      state.reachAll++;
      if (facts.hasLocation) state.reachLocated++;
      const typed = state.byType.get(facts.type);
      if (typed) for (let i = 0; i < typed.length; i++) this.visit(typed[i], ar, facts, context);
      const always = state.always;
      for (let i = 0; i < always.length; i++) this.visit(always[i], ar, facts, context);
    }
    this.options.progress?.(this.resources);
  }

  private visit(slot: Slot, ar: AssessResource, facts: Facts, context: { value?: EvaluationInput['context'] | null }): void {
    if (slot.mode === ModeKind.Indexed && !facts.hasLocation) return;
    let evaluator = slot.base!;
    const overrides = slot.overrides;
    for (let i = 0; i < overrides.length; i++) {
      if (allSelectorsMatch(overrides[i].selectors, facts, slot.member.referenceId)) {
        evaluator = overrides[i].evaluator;
        break;
      }
    }
    if (evaluator.disabled) {
      slot.disabled++;
      return;
    }
    if (evaluator.types && !evaluator.types.has(facts.type)) return;
    if (context.value === undefined) context.value = typeof ar.resource.id === 'string' ? contextOf(facts.idKey, ar.resource.id) ?? null : null;
    this.evaluate(ar, facts, context.value ?? undefined, slot.unit, slot.member, evaluator);
  }

  /**
   * The input of an evaluation: one object, filled in for each evaluation in turn (evaluations do not nest here, and
   * `record` reads it before the next one), so that an evaluation allocates no input and no lookup closure.
   */
  private input(ar: AssessResource, context: EvaluationInput['context'], evaluator: Evaluator, member: PlanMember, facts: Facts): Input {
    const input = this.current;
    input.parameters = evaluator.parameters;
    input.context = context;
    // requestContext().apiVersion is the resource's API version when the input names no requestContext; an empty one
    // (azapi "type@" without a version) is none.
    input.apiVersion = ar.apiVersion || undefined;
    this.looked = undefined;
    if (member.related) {
      this.lookupMember = member;
      this.lookupResource = ar.resource;
      this.lookupEvaluator = evaluator;
      this.lookupFacts = facts;
      // Contract C1: the engine calls the lookup only when the rule's `if` matched and the effect needs related resources.
      input.relatedResources = this.lookup;
    } else {
      input.relatedResources = undefined;
    }
    return input;
  }

  /** The related resources of the evaluation under way (the lookup the engine calls), looked up once. */
  private readonly lookup = (): Record<string, unknown>[] => {
    if (!this.looked) {
      const q = this.query(this.lookupMember!, this.lookupResource!, this.lookupEvaluator!);
      this.looked = q ? this.index.find(q, this.lookupFacts!.idKey, this.lookupFacts!.type) : [];
    }
    return this.looked;
  };

  /** A `resourceGroupName` expression, compiled once per scan (a compile error is thrown again at each use). */
  private expression(text: string): ReturnType<typeof compileStandaloneExpression> {
    let hit = this.expressions.get(text);
    if (!hit) {
      try {
        hit = compileStandaloneExpression(text, this.plan.aliases);
      } catch (e) {
        hit = () => {
          throw e;
        };
      }
      this.expressions.set(text, hit);
    }
    return hit;
  }

  /**
   * The values `parameters()` gives in a lookup expression, built once per evaluator: the assigned values over the
   * definition's defaultValues, as the rule itself sees them (a `resourceGroupName` of "[parameters('rg')]" whose
   * parameter has a default must look in that group, not find nothing).
   */
  private lookupParameters(evaluator: Evaluator): StandaloneParameters {
    let hit = this.lookupParams.get(evaluator);
    if (!hit) {
      const values: Record<string, unknown> = Object.create(null);
      for (const [name, def] of Object.entries(evaluator.compiled.parameters)) if (def.defaultValue !== undefined) values[name] = def.defaultValue;
      hit = new StandaloneParameters(values as Record<string, never>);
      for (const [name, value] of Object.entries(evaluator.parameters)) hit.folded.set(fold(name), value as never);
      this.lookupParams.set(evaluator, hit);
    }
    return hit;
  }

  /** The lookup for a member and resource; undefined when there is nothing to look up. */
  private query(member: PlanMember, resource: Record<string, unknown>, evaluator: Evaluator): RelatedQuery | undefined {
    const spec = member.related;
    if (!spec) return undefined;
    let group: string | undefined;
    const rg = spec.resourceGroupName;
    if (rg !== undefined && rg.startsWith('[') && !rg.startsWith('[[')) {
      // e.g. "[if(empty(coalesce(field('...networkWatcher...'))), 'NetworkWatcherRG', ...)]": over this resource.
      let value: unknown;
      try {
        value = this.expression(rg)(resource as never, this.lookupParameters(evaluator));
      } catch {
        return undefined; // the lookup finds nothing: the check reports the resource (never compliant by default)
      }
      if (typeof value !== 'string' || !value) return undefined;
      group = value.toLowerCase();
    } else if (rg !== undefined) {
      group = (rg.startsWith('[[') ? rg.slice(1) : rg).toLowerCase();
    }
    return { type: spec.type, subscriptionWide: spec.subscriptionWide, ...(group !== undefined ? { resourceGroup: group } : {}) };
  }

  private evaluate(ar: AssessResource, facts: Facts, context: EvaluationInput['context'], unit: PlanUnit, member: PlanMember, evaluator: Evaluator, final = false): void {
    const resource = ar.resource;
    const input = this.input(ar, context, evaluator, member, facts);
    const result = evaluator.compiled.evaluate(resource, input);
    if (!final && !this.indexComplete && result.effect !== null && IF_NOT_EXISTS.has(result.effect) && !result.error && !result.undetermined) {
      // Not satisfied by the related resources read so far: one later in the input may satisfy it.
      this.defer(ar, { unit, member, evaluator });
      return;
    }
    this.record(ar, facts, unit, member, evaluator, result, this.looked?.length ?? 0, final);
  }

  private itemId(item: DeferredItem): number {
    let byEvaluator = this.itemIds.get(item.member);
    if (!byEvaluator) this.itemIds.set(item.member, (byEvaluator = new Map()));
    let id = byEvaluator.get(item.evaluator);
    if (id === undefined) {
      id = this.items.length;
      this.items.push(item);
      byEvaluator.set(item.evaluator, id);
    }
    return id;
  }

  private defer(ar: AssessResource, item: DeferredItem): void {
    if (this.positions) {
      this.positions.push(ar.index, this.itemId(item));
      return;
    }
    let d = this.deferred.get(ar.index);
    if (!d) {
      this.deferred.set(ar.index, (d = { ar, items: [] }));
      if (this.deferred.size > (this.options.maxDeferred ?? 10_000) && this.options.reopen) {
        // Keep positions only; the input is read again at the end for these resources.
        const positions = new PositionList();
        for (const [index, held] of this.deferred) for (const it of held.items) positions.push(index, this.itemId(it));
        this.deferred.clear();
        this.positions = positions;
        positions.push(ar.index, this.itemId(item));
        return;
      }
    }
    d.items.push(item);
  }

  private resourceId(ar: AssessResource): string {
    const id = ar.resource.id;
    return typeof id === 'string' && id ? id : `#${ar.index}`;
  }

  private exemptionFor(unit: PlanUnit, member: PlanMember, facts: Facts): PolicyExemption | undefined {
    for (const e of unit.exemptions) {
      if (e.referenceIds && !(member.referenceId !== undefined && e.referenceIds.has(member.referenceId.toLowerCase()))) continue;
      const inScope = scopeContains(e.scope, facts.idKey, this.plan.ancestry);
      if (inScope !== true) {
        if (inScope !== false) {
          this.skip(`exemption\u0000${e.id}\u0000${inScope.undecidable}`, { file: e.source, reason: `exemption ${e.id}: cannot decide whether it covers a resource (${inScope.undecidable}); the result is reported as not exempted` });
        }
        continue;
      }
      if (!resourceSelected(e.resourceSelectors, facts)) continue;
      return e;
    }
    return undefined;
  }

  /** Findings kept so far (in the report, or in the spool). */
  private get kept(): number {
    return this.options.spool ? this.options.spool.count : this.findings.length;
  }

  /**
   * A finding's reason: the if-condition's deciding comparisons; for an existence effect, also what the lookup found.
   * The last reason of each member is kept with what it was made of: findings of one member often have the same
   * comparisons (a type, an image publisher, a setting), and then share one string instead of each formatting its own.
   */
  private reasonOf(member: PlanMember, result: EvaluationResult, related: number): string | undefined {
    const entries = result.deciding;
    const effect = result.effect!;
    const last = this.lastReasons.get(member);
    if (last && last.effect === effect && last.related === related && sameEntries(last.entries, entries)) return last.reason;
    const deciding = entries ? reasonFromDeciding(entries) : undefined;
    let reason = deciding;
    if (member.related && IF_NOT_EXISTS.has(effect)) {
      const lookup = related === 0
        ? `no ${member.related.type} in the lookup scope -> ${effect}`
        : `${related} ${member.related.type} in the lookup scope, none satisfies existenceCondition -> ${effect}`;
      reason = deciding ? `${deciding}; ${lookup}` : lookup;
    }
    this.lastReasons.set(member, { entries, effect, related, reason });
    return reason;
  }

  private record(ar: AssessResource, facts: Facts, unit: PlanUnit, member: PlanMember, evaluator: Evaluator, result: EvaluationResult, related: number, deferred: boolean): void {
    const summary = member.summary;
    if (result.error) {
      summary.errors++;
      const e = result.error;
      const message = `${e.stage} error${e.pointer ? ` at ${e.pointer}` : ''}: ${e.message}`;
      const policy = member.referenceId && unit.assignment ? `${member.policy} (${member.referenceId})` : member.policy;
      const key = `${policy}\u0000${message}`;
      const hit = this.errors.get(key);
      if (hit) hit.occurrences++;
      else this.errors.set(key, { policy, resourceId: this.resourceId(ar), ...(ar.address !== undefined ? { address: ar.address } : {}), message, occurrences: 1 });
      return;
    }
    if (result.effect === null) return;
    const effect = evaluator.replaceEffect ?? result.effect;
    const resourceId = this.resourceId(ar);
    if (result.undetermined) {
      summary.undetermined++;
      member.counts.undetermined++;
      if (unit.summary) unit.summary.totals.undetermined++;
      this.undetermined.push({
        policy: member.policy,
        assignment: unit.assignment?.id,
        referenceId: member.referenceId,
        effect,
        resourceId,
        address: ar.address,
        file: ar.file,
        line: ar.line,
        paths: result.undetermined.paths,
        reasons: result.undetermined.reasons,
      });
      return;
    }
    const key = countKey(effect);
    if (key === undefined) return; // Disabled
    const exemption = unit.exemptions.length ? this.exemptionFor(unit, member, facts) : undefined;
    if (!exemption) {
      summary.effects[effect] = (summary.effects[effect] ?? 0) + 1;
      member.counts[key]++;
      if (unit.summary) unit.summary.totals[key]++;
      this.findingCount++;
      // Beyond maxFindings a finding is only counted: its reason is not needed.
      if (this.kept >= (this.options.maxFindings ?? Infinity)) return;
    } else {
      member.counts.exempted++;
      if (unit.summary) unit.summary.totals.exempted++;
    }
    const reason = this.options.explain !== false ? this.reasonOf(member, result, related) : undefined;
    // One object shape for every finding (absent members are undefined, which JSON leaves out).
    const finding: Finding = {
      policy: member.policy,
      policyId: member.policyId,
      displayName: member.displayName,
      version: member.version,
      assignment: unit.assignment?.id,
      referenceId: member.referenceId,
      groups: member.groups,
      effect,
      enforced: unit.enforced,
      resourceId,
      resourceType: typeof ar.resource.type === 'string' ? ar.resource.type : '',
      index: ar.index,
      file: ar.file,
      line: ar.line,
      address: ar.address,
      constructPath: ar.constructPath,
      reason,
      details: result.details,
      nonComplianceMessage: member.nonComplianceMessage,
    };
    if (!exemption) {
      if (this.options.spool) this.options.spool.add(finding, deferred);
      else this.findings.push(finding);
      return;
    }
    const { enforced: _enforced, ...rest } = finding;
    this.exempted.push({ ...rest, exemption: { id: exemption.id, category: exemption.category, ...(exemption.expiresOn ? { expiresOn: exemption.expiresOn } : {}) } });
  }

  private finishItem(ar: AssessResource, item: DeferredItem): void {
    const facts = factsOf(ar.resource);
    const context = typeof ar.resource.id === 'string' ? contextOf(facts.idKey, ar.resource.id) : undefined;
    this.evaluate(ar, facts, context, item.unit, item.member, item.evaluator, true);
  }

  /** Evaluates the deferred existence checks against the complete index; true when the input must be read again. */
  public finishHeld(): boolean {
    this.indexComplete = true;
    for (const d of this.deferred.values()) for (const item of d.items) this.finishItem(d.ar, item);
    this.deferred.clear();
    return this.positions !== undefined && this.positions.length > 0;
  }

  /** The second reading (in input order): the deferred resources whose positions only were kept. */
  public finishReread(ar: AssessResource): void {
    const p = this.positions;
    if (!p) return;
    while (this.cursor < p.length && p.index(this.cursor) < ar.index) {
      // Not in the second reading (the input changed): counted once per resource.
      if (this.cursor === 0 || p.index(this.cursor - 2) !== p.index(this.cursor)) this.missed++;
      this.cursor += 2;
    }
    while (this.cursor < p.length && p.index(this.cursor) === ar.index) {
      this.finishItem(ar, this.items[p.item(this.cursor)]);
      this.cursor += 2;
    }
  }

  /** Deferred resources the second reading did not meet (the input changed between the readings). */
  private unmet(): number {
    const p = this.positions;
    if (!p) return 0;
    let count = this.missed;
    let last = -1;
    for (let at = this.cursor; at < p.length; at += 2) {
      if (p.index(at) !== last) count++;
      last = p.index(at);
    }
    return count;
  }

  /** Writes the per-member counts that the hot loop keeps per variant into the summaries. */
  private settleCounts(): void {
    for (const { variants } of this.units) {
      for (const state of variants) {
        for (const slot of state.slots) {
          const s = slot.member.summary;
          s.skipped += state.skipped;
          if (!slot.base) {
            s.skipped += state.reachAll;
            continue;
          }
          const inMode = slot.mode === ModeKind.All ? state.reachAll : slot.mode === ModeKind.Indexed ? state.reachLocated : 0;
          s.notApplicable += state.reachAll - inMode;
          s.evaluated += slot.disabled < 0 ? 0 : inMode - slot.disabled;
        }
      }
    }
  }

  public report(): ScanReport {
    this.settleCounts();
    const unmet = this.unmet();
    if (unmet > 0) this.skip('deferred', { reason: `${unmet} resource(s) with pending existence checks were not found when the input was read again` });
    // Resource order (stable: within a resource, plan order; deferred existence checks last).
    this.findings.sort((a, b) => a.index - b.index);
    this.exempted.sort((a, b) => a.index - b.index);
    const skipped = [
      ...this.plan.skipped,
      ...[...this.skips.values()].map(({ count, ...s }) => ({ ...s, reason: `${s.reason} (${count} resource${count === 1 ? '' : 's'})` })),
    ];
    const errors = [...this.errors.values()];
    const truncated = this.findingCount > this.kept ? { findings: this.findingCount, shown: this.kept } : undefined;
    return {
      schemaVersion: 1,
      tool: { name: 'guardrails', version: this.options.toolVersion ?? '0.0.0' },
      complete: skipped.length === 0 && errors.length === 0 && !truncated,
      resources: this.resources,
      policies: [...this.plan.policies],
      assignments: [...this.plan.assignments],
      findings: this.findings,
      undetermined: this.undetermined,
      notTranslated: [...(this.options.notTranslated ?? [])],
      exempted: this.exempted,
      skipped,
      errors,
      ...(truncated ? { truncated } : {}),
    };
  }
}

function isAsync<T>(x: Iterable<T> | AsyncIterable<T>): x is AsyncIterable<T> {
  return typeof (x as AsyncIterable<T>)[Symbol.asyncIterator] === 'function';
}

/** Evaluates a stream of resources against a plan (see the file comment). */
export async function runAssessment(resources: Iterable<AssessResource> | AsyncIterable<AssessResource>, plan: AssessPlan, options: AssessOptions = {}): Promise<ScanReport> {
  const a = new Assessor(plan, options);
  if (Array.isArray(resources)) a.prepare(resources);
  if (isAsync(resources)) for await (const r of resources) a.add(r);
  else for (const r of resources) a.add(r);
  if (a.finishHeld() && options.reopen) {
    const again = options.reopen();
    if (isAsync(again)) for await (const r of again) a.finishReread(r);
    else for (const r of again) a.finishReread(r);
  }
  return a.report();
}

/** The same, synchronously, for an in-memory list (the synth-time check runs inside cdktf's synchronous aspects). */
export function runAssessmentSync(resources: Iterable<AssessResource>, plan: AssessPlan, options: Omit<AssessOptions, 'reopen'> = {}): ScanReport {
  const a = new Assessor(plan, options);
  if (Array.isArray(resources)) a.prepare(resources);
  for (const r of resources) a.add(r);
  a.finishHeld();
  return a.report();
}
