// From assignments (or loose definitions) to what the runner evaluates: per assignment, the definitions to
// evaluate (one, or an initiative's members) with their parameter values, effect overrides, version variants and
// exemptions; per member, a summary the runner fills in.
import { AliasCatalog, bundledAliases, compilePolicy, CompiledPolicy, PolicyEngineError } from '../policy-engine';
import { canonicalEffect, PolicyAssignment, PolicyExemption, POLICY_EFFECTS } from './assignments';
import { AssessInputError, isRecord, member, showValue } from './errors';
import { assignParameters, declaredParameters, DeclaredParameter, looseParameters, memberParameters } from './parameters';
import { AssignmentSummary, Counts, emptyCounts, PolicySummary, ScanReport } from './report';
import { PolicyEntry, PolicyResolver, referenceName } from './resolver';
import { leadingTypes, ruleCondition } from './prefilter';
import { ManagementGroupAncestry, normaliseId, ParsedScope, ROOT_SCOPE, parseScope } from './scope';
import { dependsOnResource, ResourceSelector, Selector } from './selectors';

/** The kit's initiatives name their own definitions `<kit>/<name>` (lib/policy/files.ts KIT_DEFINITION_PREFIX). */
const KIT_PREFIX = '<kit>/';

/** Inputs of {@link buildAssessPlan}. */
export interface AssessPlanOptions {
  /** Finds definitions and initiatives: --policies, the kit's library, the built-in catalog (contract C2). */
  readonly resolver: PolicyResolver;
  /** Assignments to evaluate. @default none */
  readonly assignments?: readonly PolicyAssignment[];
  /** Loose definitions (or initiatives): implicit assignments at the root scope. @default none */
  readonly definitions?: readonly PolicyEntry[];
  /** Parameter values for loose definitions, applied to those that declare them. @default none */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Exemptions (any assignment; those of other assignments are reported in `warnings`). @default none */
  readonly exemptions?: readonly PolicyExemption[];
  /** Subscription -> management group ancestry for management-group scopes. @default none (undecidable) */
  readonly ancestry?: ManagementGroupAncestry;
  /** Alias catalog for compiling. @default the bundled catalog */
  readonly aliases?: AliasCatalog;
  /** The time exemptions expire against. @default now */
  readonly now?: Date;
}

/** One compiled definition with the parameter values it is evaluated with. */
export interface Evaluator {
  readonly compiled: CompiledPolicy;
  /** Parameter values (the same object for every evaluation, so the engine resolves them once). */
  readonly parameters: Record<string, unknown>;
  /** Effect an override puts in place of the rule's (definitions whose effect is not a plain parameter). */
  readonly replaceEffect?: string;
  /** An override to Disabled: not evaluated. */
  readonly disabled: boolean;
  /** Lower-cased types the rule can match (others are not evaluated: the engine would say "does not apply"). */
  readonly types?: ReadonlySet<string>;
}

/** Where an existence lookup looks (from the definition's then.details). */
export interface RelatedSpec {
  /** Lower-cased details.type. */
  readonly type: string;
  readonly subscriptionWide: boolean;
  /** details.resourceGroupName: a literal, or an expression evaluated per resource. */
  readonly resourceGroupName?: string;
}

/** A definition evaluated for an assignment (an initiative member, or the assigned definition). */
export interface PlanMember {
  /** referenceId, else the definition name: one counter per member. */
  readonly key: string;
  readonly referenceId?: string;
  readonly groups?: string[];
  readonly policy: string;
  readonly policyId?: string;
  readonly displayName?: string;
  readonly version?: string;
  readonly file?: string;
  /** 'all', 'indexed' or a resource provider mode (lower-case). */
  readonly modeKey: string;
  /** Undefined when the member cannot be evaluated (`unavailable` says why). */
  readonly base?: Evaluator;
  /** policyEffect overrides that depend on the resource (location, type), in order; the first that matches wins. */
  readonly overrides: readonly { readonly selectors: readonly Selector[]; readonly evaluator: Evaluator }[];
  readonly related?: RelatedSpec;
  readonly unavailable?: string;
  readonly summary: PolicySummary;
  /** The member's counters (also listed in the assignment summary). */
  readonly counts: Counts;
  readonly nonComplianceMessage?: string;
}

/** The members of one version of the assigned definition. */
export interface PlanVariant {
  /** Resource selectors of the policyVersion override ([] for the assignment's own version). */
  readonly selectors: readonly Selector[];
  readonly members: readonly PlanMember[];
  /** Set when this version cannot be evaluated. */
  readonly unavailable?: string;
}

/** One assignment (or loose definition) to evaluate. */
export interface PlanUnit {
  readonly assignment?: PolicyAssignment;
  readonly scope: ParsedScope;
  readonly notScopes: readonly ParsedScope[];
  readonly resourceSelectors: readonly ResourceSelector[];
  /** False under enforcementMode DoNotEnforce. */
  readonly enforced: boolean;
  readonly summary?: AssignmentSummary;
  /** [0]: the assignment's version; then one per policyVersion override, in order. */
  readonly variants: readonly PlanVariant[];
  /** Exemptions of this assignment that have not expired. */
  readonly exemptions: readonly PolicyExemption[];
  /** For messages: the assignment id or the definition. */
  readonly label: string;
}

/** Everything the runner needs. */
export interface AssessPlan {
  readonly units: readonly PlanUnit[];
  readonly skipped: ScanReport['skipped'];
  /** Things worth telling the user that do not change the results (exemptions of assignments not given, ...). */
  readonly warnings: readonly string[];
  /** Lower-cased types existence lookups need, or 'all'. */
  readonly relatedTypes: ReadonlySet<string> | 'all';
  /**
   * Per related type, the (lower-cased) types of the resources whose rules look for it, or 'any': an extension
   * resource (a diagnostic setting of a storage account) is kept only if attached to a resource of one of them.
   */
  readonly relatedOwners: ReadonlyMap<string, ReadonlySet<string> | 'any'>;
  readonly ancestry?: ManagementGroupAncestry;
  readonly aliases: AliasCatalog;
  /** Every member's summary, in plan order. */
  readonly policies: readonly PolicySummary[];
  readonly assignments: readonly AssignmentSummary[];
}

interface EffectInfo {
  /** Canonical literal effect. */
  readonly literal?: string;
  /** Name of the parameter when the effect is exactly "[parameters('<name>')]". */
  readonly parameter?: string;
  /** Effects an override may set (undefined: any). */
  readonly allowed?: readonly string[];
}

function propsOf(doc: Record<string, unknown>): Record<string, unknown> {
  const p = member(doc, 'properties');
  return isRecord(p) ? p : doc;
}

/**
 * The effect of a definition and the effects an override may set. Azure validates an override "against the policy
 * rule and parameter allowed value list (in cases where the effect is parameterized)" (assignment-structure.md,
 * Overrides): a parameterised effect allows its allowedValues; a literal one, the effects that need nothing the rule
 * does not have (Audit/Deny/Disabled around Audit and Deny; AuditIfNotExists, and DeployIfNotExists when the details
 * have a deployment; and so on).
 */
function effectInfo(doc: Record<string, unknown>): EffectInfo {
  const rule = member(propsOf(doc), 'policyRule');
  const then = isRecord(rule) ? member(rule, 'then') : undefined;
  const raw = isRecord(then) ? member(then, 'effect') : undefined;
  const details = isRecord(then) ? member(then, 'details') : undefined;
  const literal = canonicalEffect(raw);
  if (literal) {
    const hasDeployment = isRecord(details) && member(details, 'deployment') !== undefined;
    const families: Record<string, string[]> = {
      Audit: ['Audit', 'Deny', 'Disabled'],
      Deny: ['Audit', 'Deny', 'Disabled'],
      Append: ['Append', 'Audit', 'Deny', 'Disabled'],
      Modify: ['Modify', 'Audit', 'Deny', 'Disabled'],
      AuditIfNotExists: hasDeployment ? ['AuditIfNotExists', 'DeployIfNotExists', 'Disabled'] : ['AuditIfNotExists', 'Disabled'],
      DeployIfNotExists: ['DeployIfNotExists', 'AuditIfNotExists', 'Disabled'],
    };
    return { literal, allowed: families[literal] ?? [literal, 'Disabled'] };
  }
  const m = typeof raw === 'string' ? /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i.exec(raw) : null;
  if (m) {
    const d = declaredParameters(doc).get(m[1].toLowerCase());
    const allowed = d?.allowedValues?.map(canonicalEffect).filter((e): e is string => !!e);
    return { parameter: d?.name ?? m[1], ...(allowed && allowed.length ? { allowed } : {}) };
  }
  return {};
}

function relatedSpec(compiled: CompiledPolicy): RelatedSpec | 'all' | undefined {
  const details = compiled.effectDetails;
  if (!isRecord(details)) return undefined;
  const type = member(details, 'type');
  if (type === undefined) return undefined;
  if (typeof type !== 'string' || type.startsWith('[')) return 'all';
  const scope = member(details, 'existenceScope');
  const rg = member(details, 'resourceGroupName');
  return {
    type: type.toLowerCase(),
    subscriptionWide: typeof scope === 'string' && scope.toLowerCase() === 'subscription',
    ...(typeof rg === 'string' && rg ? { resourceGroupName: rg } : {}),
  };
}

function newSummary(policy: string, mode: string, extra: Partial<PolicySummary>): PolicySummary {
  return { policy, ...extra, mode, evaluated: 0, notApplicable: 0, skipped: 0, effects: {}, undetermined: 0, errors: 0 };
}

class PlanBuilder {
  private readonly aliases: AliasCatalog;
  private readonly compiledCache = new Map<string, { compiled?: CompiledPolicy; error?: string }>();
  private readonly evaluatorCache = new Map<string, Evaluator>();
  /** The parameter object each compiled definition is evaluated with. */
  private readonly compiledParams = new Map<CompiledPolicy, Record<string, unknown>>();
  public readonly skipped: ScanReport['skipped'] = [];
  public readonly warnings: string[] = [];
  public readonly policies: PolicySummary[] = [];
  public readonly assignments: AssignmentSummary[] = [];
  public relatedTypes: Set<string> | 'all' = new Set();
  public readonly relatedOwners = new Map<string, Set<string> | 'any'>();

  constructor(private readonly options: AssessPlanOptions) {
    this.aliases = options.aliases ?? bundledAliases();
  }

  private compile(entry: PolicyEntry): { compiled?: CompiledPolicy; error?: string } {
    const key = `${entry.source}|${entry.file ?? ''}|${entry.id.toLowerCase()}|${entry.version ?? ''}`;
    let hit = this.compiledCache.get(key);
    if (!hit) {
      try {
        hit = { compiled: compilePolicy(entry.definition(), { aliases: this.aliases }) };
      } catch (err) {
        hit = { error: err instanceof PolicyEngineError ? err.message : `cannot compile: ${(err as Error).message}` };
      }
      this.compiledCache.set(key, hit);
    }
    return hit;
  }

  /**
   * An evaluator per (definition, parameter values, effect replacement): members with equal values share one
   * object, so the engine resolves their parameters once. A distinct parameter object gets its own compiled
   * definition (the engine caches resolved parameters per compiled definition).
   */
  private evaluator(entry: PolicyEntry, compiled: CompiledPolicy, parameters: Record<string, unknown>, replaceEffect?: string): Evaluator {
    const key = `${entry.source}|${entry.file ?? ''}|${entry.id.toLowerCase()}|${entry.version ?? ''}|${replaceEffect ?? ''}|${JSON.stringify(parameters)}`;
    let hit = this.evaluatorCache.get(key);
    if (!hit) {
      const owner = this.compiledParams.get(compiled);
      const fresh = owner !== undefined && owner !== parameters ? compilePolicy(entry.definition(), { aliases: this.aliases }) : compiled;
      this.compiledParams.set(fresh, parameters);
      const types = leadingTypes(ruleCondition(entry.definition()));
      // The shortcut holds only if the engine answers "does not apply", without an error, for another type.
      const probe = types ? fresh.evaluate({ type: 'Guardrails.Probe/notAType', name: 'probe' }, { parameters, trace: false }) : undefined;
      const typed = types && probe && probe.effect === null && !probe.error ? types : undefined;
      hit = { compiled: fresh, parameters, ...(replaceEffect ? { replaceEffect } : {}), disabled: replaceEffect === 'Disabled', ...(typed ? { types: typed } : {}) };
      this.evaluatorCache.set(key, hit);
    }
    return hit;
  }

  private addRelated(spec: RelatedSpec | 'all' | undefined, owners: ReadonlySet<string> | undefined): void {
    if (!spec) return;
    if (spec === 'all') {
      this.relatedTypes = 'all';
      return;
    }
    if (this.relatedTypes !== 'all') this.relatedTypes.add(spec.type);
    const known = this.relatedOwners.get(spec.type);
    if (known === 'any') return;
    if (!owners) this.relatedOwners.set(spec.type, 'any');
    else if (known) for (const t of owners) known.add(t);
    else this.relatedOwners.set(spec.type, new Set(owners));
  }

  /** A member (or the assigned definition) of a unit. */
  private member(unit: { assignment?: PolicyAssignment; summary?: AssignmentSummary }, entry: PolicyEntry, how: {
    referenceId?: string; groups?: string[]; parameters: Record<string, unknown>; versionNote?: string; overridesAt: string;
  }): PlanMember {
    const a = unit.assignment;
    const compiledOrError = this.compile(entry);
    const modeValue = member(propsOf(entry.definition()), 'mode');
    const mode = compiledOrError.compiled?.mode ?? (typeof modeValue === 'string' ? modeValue : 'All');
    const summary = newSummary(entry.name, mode, {
      ...(entry.displayName ? { displayName: entry.displayName } : {}),
      ...(entry.file ? { file: entry.file } : {}),
      ...(a ? { assignment: a.id } : {}),
      ...(how.referenceId ? { referenceId: how.referenceId } : {}),
      policyId: entry.id,
      ...(entry.version ? { version: entry.version } : {}),
      ...(how.versionNote ? { versionNote: how.versionNote } : {}),
    });
    this.policies.push(summary);
    const key = how.referenceId ?? entry.name;
    let counts = unit.summary?.members.find((m) => (m.referenceId ?? m.policy) === key);
    if (!counts) {
      counts = { ...(how.referenceId ? { referenceId: how.referenceId } : {}), policy: entry.name, ...(how.groups?.length ? { groups: how.groups } : {}), ...emptyCounts() };
      unit.summary?.members.push(counts);
    }
    const message = a ? (a.nonComplianceMessages.find((m) => m.referenceId !== undefined && how.referenceId !== undefined && m.referenceId.toLowerCase() === how.referenceId.toLowerCase())
      ?? a.nonComplianceMessages.find((m) => m.referenceId === undefined))?.message : undefined;
    const common = {
      key,
      ...(how.referenceId ? { referenceId: how.referenceId } : {}),
      ...(how.groups?.length ? { groups: how.groups } : {}),
      policy: entry.name,
      policyId: entry.id,
      ...(entry.displayName ? { displayName: entry.displayName } : {}),
      ...(entry.version ? { version: entry.version } : {}),
      ...(entry.file ? { file: entry.file } : {}),
      modeKey: mode.toLowerCase(),
      summary,
      counts,
      ...(message ? { nonComplianceMessage: message } : {}),
    };
    if (!compiledOrError.compiled) {
      const reason = `${entry.file ?? entry.id}: ${compiledOrError.error}`;
      this.skipped.push({ ...(entry.file ? { file: entry.file } : {}), policy: entry.name, reason: `${a ? `assignment ${a.id}${how.referenceId ? `, member ${how.referenceId}` : ''}: ` : ''}does not compile: ${compiledOrError.error}` });
      return { ...common, overrides: [], unavailable: reason };
    }
    const compiled = compiledOrError.compiled;
    const related = relatedSpec(compiled);
    // The rule looks for related resources only for the types its `if` can match.
    this.addRelated(related, leadingTypes(ruleCondition(entry.definition())));
    const info = effectInfo(entry.definition());
    const make = (effect?: string): Evaluator => {
      if (effect === undefined) {
        // "[parameters('effect')]" set to Disabled: Azure does not evaluate the rule at all (effect-disabled.md).
        const current = info.parameter ? Object.entries(how.parameters).find(([k]) => k.toLowerCase() === info.parameter!.toLowerCase())?.[1] : info.literal;
        const value = current === undefined && info.parameter ? declaredParameters(entry.definition()).get(info.parameter.toLowerCase())?.defaultValue : current;
        if (canonicalEffect(value) === 'Disabled') return this.evaluator(entry, compiled, how.parameters, 'Disabled');
        return this.evaluator(entry, compiled, how.parameters);
      }
      if (info.parameter) {
        // The override replaces the effect parameter's value (validated against its allowedValues below).
        const params: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        for (const [k, v] of Object.entries(how.parameters)) if (k.toLowerCase() !== info.parameter.toLowerCase()) params[k] = v;
        params[info.parameter] = effect;
        return effect === 'Disabled' ? this.evaluator(entry, compiled, how.parameters, 'Disabled') : this.evaluator(entry, compiled, params);
      }
      return this.evaluator(entry, compiled, how.parameters, effect);
    };
    let base = make();
    const overrides: { selectors: readonly Selector[]; evaluator: Evaluator }[] = [];
    for (const o of a?.overrides ?? []) {
      if (o.kind !== 'policyEffect') continue;
      const refSelectors = o.selectors.filter((s) => s.kind === 'policyDefinitionReferenceId');
      if (!refSelectors.every((s) => (s.values.has((how.referenceId ?? '').toLowerCase()) && how.referenceId !== undefined) === s.include)) continue;
      const allowed = info.allowed ?? POLICY_EFFECTS;
      if (!allowed.includes(o.value)) {
        throw new AssessInputError(a!.source, `${how.overridesAt}[${o.index}].value`, showValue(o.value),
          `${how.referenceId ? `member ${how.referenceId} (definition ${entry.name})` : `definition ${entry.name}`} allows the effects ${allowed.join(', ')}`);
      }
      const resourceSelectors = o.selectors.filter((s) => s.kind !== 'policyDefinitionReferenceId');
      const evaluator = make(o.value);
      if (!dependsOnResource(resourceSelectors)) {
        // Always matches this member: it decides for every resource, later overrides never apply.
        base = evaluator;
        break;
      }
      overrides.push({ selectors: resourceSelectors, evaluator });
    }
    return { ...common, base, overrides, ...(related && related !== 'all' ? { related } : {}) };
  }

  private resolveMember(ref: string, version: string | undefined): { entry?: PolicyEntry; note?: string } {
    const r = this.options.resolver;
    const name = ref.startsWith(KIT_PREFIX) ? ref.slice(KIT_PREFIX.length) : ref;
    const exact = r.resolve(name, { kind: 'definition', ...(version ? { version } : {}) });
    if (exact) return { entry: exact };
    if (!version) return {};
    const any = r.resolve(name, { kind: 'definition' });
    if (!any) return {};
    const held = r.versions(any.name, 'definition');
    return { entry: any, note: `pinned ${version}; the catalog holds ${held.length ? held.join(', ') : 'no version number'}: evaluated with ${any.version ?? 'the held definition'}` };
  }

  /** The members of an initiative (or the single definition) for a unit. */
  private variant(unit: { assignment?: PolicyAssignment; summary?: AssignmentSummary; label: string }, entry: PolicyEntry, assigned: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>): PlanMember[] {
    const doc = entry.definition();
    const declared = declaredParameters(doc);
    const a = unit.assignment;
    const overridesAt = `${a?.propertyPrefix ?? ''}overrides`;
    const paramsFor = (d: ReadonlyMap<string, DeclaredParameter>, what: string): Record<string, unknown> =>
      assigned instanceof Map ? assignParameters(d, assigned, a?.source ?? entry.file ?? entry.name, what) : looseParameters(d, assigned as Record<string, unknown>);
    if (entry.kind === 'definition') {
      return [this.member(unit, entry, { parameters: paramsFor(declared, `definition ${entry.name}`), overridesAt })];
    }
    const initiativeValues = assigned instanceof Map ? assignParameters(declared, assigned, a?.source ?? entry.name, `initiative ${entry.name}`) : (() => {
      const given = looseParameters(declared, assigned as Record<string, unknown>);
      return assignParameters(declared, new Map(Object.entries(given)), entry.file ?? entry.name, `initiative ${entry.name}`);
    })();
    const props = propsOf(doc);
    const list = member(props, 'policyDefinitions');
    const source = entry.file ?? entry.id;
    if (!Array.isArray(list)) throw new AssessInputError(source, 'properties.policyDefinitions', showValue(list), 'expected an array of members');
    const members: PlanMember[] = [];
    const seen = new Set<string>();
    const refs = new Set<string>();
    list.forEach((m, i) => {
      const at = `properties.policyDefinitions[${i}]`;
      if (!isRecord(m)) throw new AssessInputError(source, at, showValue(m), 'expected {policyDefinitionId, policyDefinitionReferenceId, parameters?}');
      const defId = member(m, 'policyDefinitionId');
      const refId = member(m, 'policyDefinitionReferenceId');
      const version = member(m, 'definitionVersion');
      const groupNames = member(m, 'groupNames');
      if (typeof defId !== 'string' || !defId) throw new AssessInputError(source, `${at}.policyDefinitionId`, showValue(defId), 'expected the id of a policy definition');
      const referenceId = typeof refId === 'string' && refId ? refId : referenceName(defId).name;
      if (seen.has(referenceId.toLowerCase())) throw new AssessInputError(source, `${at}.policyDefinitionReferenceId`, showValue(referenceId), 'must be unique within the initiative');
      seen.add(referenceId.toLowerCase());
      refs.add(referenceId.toLowerCase());
      const groups = Array.isArray(groupNames) ? groupNames.filter((g): g is string => typeof g === 'string') : undefined;
      const { entry: def, note } = this.resolveMember(defId, typeof version === 'string' ? version : undefined);
      if (!def) {
        const reason = `${unit.label}: member ${referenceId}: definition ${defId}${typeof version === 'string' ? ` (version ${version})` : ''} not found in --policies, the kit's library or the built-in catalog`;
        this.skipped.push({ policy: referenceName(defId).name, reason });
        const summary = newSummary(referenceName(defId).name, 'unknown', { ...(a ? { assignment: a.id } : {}), referenceId });
        this.policies.push(summary);
        const counts = { referenceId, policy: referenceName(defId).name, ...(groups?.length ? { groups } : {}), ...emptyCounts() };
        unit.summary?.members.push(counts);
        members.push({ key: referenceId, referenceId, ...(groups?.length ? { groups } : {}), policy: referenceName(defId).name, modeKey: 'unknown', overrides: [], unavailable: reason, summary, counts });
        return;
      }
      const parameters = memberParameters(member(m, 'parameters'), initiativeValues, this.aliases, source, `${at}.parameters`);
      members.push(this.member(unit, def, { referenceId, ...(groups ? { groups } : {}), parameters, ...(note ? { versionNote: note } : {}), overridesAt }));
    });
    if (a) {
      for (const o of a.overrides) {
        for (const s of o.selectors) {
          if (s.kind !== 'policyDefinitionReferenceId') continue;
          const unknown = s.given.find((g) => !refs.has(g.toLowerCase()));
          if (unknown !== undefined) throw new AssessInputError(a.source, `${a.propertyPrefix}overrides[${o.index}].selectors`, showValue(unknown), `is not a policyDefinitionReferenceId of initiative ${entry.name}`);
        }
      }
    }
    return members;
  }

  public assignment(a: PolicyAssignment): PlanUnit | undefined {
    const r = this.options.resolver;
    const kind = a.isInitiative ? 'initiative' : 'definition';
    const entry = r.resolve(a.definitionId, { kind, ...(a.definitionVersion ? { version: a.definitionVersion } : {}) });
    if (!entry) {
      const anyVersion = a.definitionVersion ? r.resolve(a.definitionId, { kind }) : undefined;
      const reason = anyVersion
        ? `definitionVersion ${a.definitionVersion} of ${a.definitionId} is not held (the catalog holds ${r.versions(anyVersion.name, kind).join(', ') || 'no version number'})`
        : `${kind} ${a.definitionId} not found in --policies, the kit's library or the built-in catalog`;
      this.skipped.push({ file: a.source, policy: referenceName(a.definitionId).name, reason: `assignment ${a.id}: ${reason}` });
      return undefined;
    }
    if (!a.isInitiative && a.overrides.some((o) => o.selectors.some((s) => s.kind === 'policyDefinitionReferenceId' && s.include))) {
      throw new AssessInputError(a.source, `${a.propertyPrefix}overrides`, 'policyDefinitionReferenceId', 'selects initiative members; this assignment is of a single definition');
    }
    const held = r.versions(entry.name, kind);
    const versionNote = held.length === 1 ? `only version ${held[0]} of this ${kind} is available` : held.length === 0 && a.definitionVersion ? `the ${kind} has no version number` : undefined;
    const summary: AssignmentSummary = {
      id: a.id,
      name: a.name,
      ...(a.displayName ? { displayName: a.displayName } : {}),
      scope: a.scope.text,
      definitionId: a.definitionId,
      ...(a.definitionVersion ? { definitionVersion: a.definitionVersion } : {}),
      ...(versionNote ? { versionNote } : {}),
      enforcementMode: a.enforcementMode,
      totals: emptyCounts(),
      members: [],
      expiredExemptions: [],
    };
    const unitBase = { assignment: a, summary, label: `assignment ${a.id}` };
    const variants: PlanVariant[] = [{ selectors: [], members: this.variant(unitBase, entry, a.parameters) }];
    for (const o of a.overrides) {
      if (o.kind !== 'policyVersion') continue;
      const other = r.resolve(a.definitionId, { kind, version: o.value });
      if (!other) {
        const reason = `assignment ${a.id}: overrides[${o.index}] selects version ${o.value} of ${entry.name}, which is not held (the catalog holds ${held.join(', ') || 'no version number'})`;
        this.skipped.push({ file: a.source, policy: entry.name, reason });
        variants.push({ selectors: o.selectors, members: [], unavailable: reason });
      } else {
        variants.push({ selectors: o.selectors, members: this.variant(unitBase, other, a.parameters) });
      }
    }
    const key = normaliseId(a.id);
    const now = (this.options.now ?? new Date()).getTime();
    const exemptions: PolicyExemption[] = [];
    const refs = new Set(variants.flatMap((v) => v.members.map((m) => m.referenceId?.toLowerCase())).filter((x): x is string => !!x));
    for (const e of this.options.exemptions ?? []) {
      if (e.assignmentKey !== key) continue;
      if (e.expiresAt !== undefined && e.expiresAt <= now) {
        summary.expiredExemptions.push({ id: e.id, expiresOn: e.expiresOn! });
        continue;
      }
      const unknown = e.referenceIdsGiven?.find((x) => !refs.has(x.toLowerCase()));
      if (unknown !== undefined) this.warnings.push(`${e.source}: exemption ${e.id}: policyDefinitionReferenceIds ${JSON.stringify(unknown)} is not a member of ${entry.name}; it exempts nothing there`);
      exemptions.push(e);
    }
    this.assignments.push(summary);
    return { ...unitBase, scope: a.scope, notScopes: a.notScopes, resourceSelectors: a.resourceSelectors, enforced: a.enforcementMode !== 'DoNotEnforce', variants, exemptions };
  }

  /** Loose definitions (and initiatives): one implicit assignment at the root scope holding them all. */
  public loose(entries: readonly PolicyEntry[], parameters: Readonly<Record<string, unknown>>): PlanUnit {
    const unitBase = { label: entries.length === 1 ? entries[0].file ?? entries[0].name : 'loose definitions' };
    const members = entries.flatMap((entry) => this.variant(unitBase, entry, parameters));
    return { ...unitBase, scope: parseScope(ROOT_SCOPE, 'root', 'scope'), notScopes: [], resourceSelectors: [], enforced: true, variants: [{ selectors: [], members }], exemptions: [] };
  }
}

/**
 * Resolves, compiles and checks everything before a resource is read. Throws AssessInputError for an assignment
 * Azure would reject (unknown parameter, value outside allowedValues, override effect the member does not allow,
 * override of a reference id the initiative does not have); definitions that cannot be found or compiled are
 * listed in `skipped`.
 */
export function buildAssessPlan(options: AssessPlanOptions): AssessPlan {
  const b = new PlanBuilder(options);
  const units: PlanUnit[] = [];
  if (options.definitions?.length) units.push(b.loose(options.definitions, options.parameters ?? {}));
  const given = new Set<string>();
  for (const a of options.assignments ?? []) {
    const key = normaliseId(a.id);
    if (given.has(key)) throw new AssessInputError(a.source, 'id', showValue(a.id), 'the same assignment is given twice');
    given.add(key);
    const unit = b.assignment(a);
    if (unit) units.push(unit);
  }
  for (const e of options.exemptions ?? []) {
    if (!given.has(e.assignmentKey)) b.warnings.push(`${e.source}: exemption ${e.id} is for assignment ${e.assignmentId}, which is not among the assignments evaluated`);
  }
  return {
    units,
    skipped: b.skipped,
    warnings: b.warnings,
    relatedTypes: b.relatedTypes,
    relatedOwners: b.relatedOwners,
    ...(options.ancestry ? { ancestry: options.ancestry } : {}),
    aliases: options.aliases ?? bundledAliases(),
    policies: b.policies,
    assignments: b.assignments,
  };
}
