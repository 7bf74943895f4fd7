/**
 * A THIN, TEMPORARY ADAPTER: evaluates translated Terraform resources (contract C3 `AssessResource`s) with
 * `compilePolicy` and emits the C3 report shape, until the assessment runner of `lib/assess/` (contract C3) and the
 * engine's three-valued Unknown semantics (contract C1) are merged. Delete it then and call the runner.
 *
 * Until the engine decides on Unknown values itself (its result carries `undetermined`), a verdict is reported as
 * undetermined when the rule reads a field whose value in the resource is Unknown (conservative: it may report
 * undetermined where the engine will later decide), unless the rule's leading `type` test rules the resource out.
 */
import { AliasCatalog, CompiledPolicy, EvaluationInput } from '../policy-engine';
import { isUnknown } from '../policy-engine/unknown';
import type { AssessResource, TranslationResult } from '../preflight';
import type { TranslationNote } from '../preflight/model';
import { ScanPolicy } from './scan';

/** A definition to evaluate, with its JSON (the rule is read for the fields it tests). */
export interface TerraformPolicy extends ScanPolicy {
  /** The definition as read from its file. */
  readonly definition: unknown;
}

/** C3 report types (copied from the phase-1 contract; lib/assess exports the real ones). */
export interface ScanReportC3 {
  schemaVersion: 1;
  tool: { name: 'guardrails'; version: string };
  complete: boolean;
  resources: number;
  policies: PolicySummaryC3[];
  assignments: never[];
  findings: FindingC3[];
  undetermined: UndeterminedC3[];
  notTranslated: { address: string; type: string; count?: number }[];
  exempted: never[];
  skipped: { file?: string; policy?: string; reason: string }[];
  errors: { policy?: string; resourceId?: string; address?: string; message: string; occurrences: number }[];
  truncated?: { findings: number; shown: number };
  /** Added (optional) member: translation notes per Terraform address (unmapped arguments, placeholders, links). */
  notes?: TranslationNote[];
}
/** C3 finding. */
export interface FindingC3 {
  policy: string;
  policyId?: string;
  displayName?: string;
  version?: string;
  effect: string;
  enforced: boolean;
  resourceId: string;
  resourceType: string;
  index: number;
  file?: string;
  line?: number;
  address?: string;
  constructPath?: string;
  reason?: string;
  details?: unknown;
}
/** C3 undetermined verdict. */
export interface UndeterminedC3 {
  policy: string;
  effect: string;
  resourceId: string;
  address?: string;
  file?: string;
  line?: number;
  paths: string[];
  reasons: string[];
}
/** C3 per-definition summary. */
export interface PolicySummaryC3 {
  policy: string;
  displayName?: string;
  file?: string;
  mode: string;
  evaluated: number;
  notApplicable: number;
  skipped: number;
  effects: Record<string, number>;
  undetermined: number;
  errors: number;
}

/** Options of assessTerraform. */
export interface AssessOptions {
  /** Assignment parameter values applied to every definition that declares them. */
  readonly parameters: Record<string, unknown>;
  /** Alias catalog (to map aliases to paths for the Unknown check). */
  readonly aliases: AliasCatalog;
  /** The configuration is everything: related resources not in it do not exist. @default false */
  readonly complete?: boolean;
  /** Package version. */
  readonly version: string;
  /** Keep at most this many findings. @default unlimited */
  readonly maxFindings?: number;
}

const UNKNOWN_TEXT = '(known after apply)';

/** Dotted paths (arrays as [*]) of every Unknown in a resource, lower case. */
export function unknownPaths(v: unknown, prefix = '', out: string[] = [], depth = 0): string[] {
  if (isUnknown(v)) {
    out.push(prefix);
    return out;
  }
  if (depth > 64 || v === null || typeof v !== 'object') return out;
  if (Array.isArray(v)) {
    v.forEach((e) => unknownPaths(e, `${prefix}[*]`, out, depth + 1));
    return out;
  }
  for (const k of Object.keys(v)) unknownPaths((v as Record<string, unknown>)[k], prefix ? `${prefix}.${k.toLowerCase()}` : k.toLowerCase(), out, depth + 1);
  return out;
}

/** The field names a rule reads (`field` conditions, count fields, field('...') in expressions), as written. */
export function fieldsOf(rule: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 64 || rule === null || typeof rule !== 'object') {
    if (typeof rule === 'string') for (const m of rule.matchAll(/field\(\s*'([^']+)'\s*\)/gi)) out.add(m[1]);
    return out;
  }
  if (Array.isArray(rule)) {
    rule.forEach((r) => fieldsOf(r, out, depth + 1));
    return out;
  }
  for (const [k, v] of Object.entries(rule as Record<string, unknown>)) {
    if (k.toLowerCase() === 'field' && typeof v === 'string') {
      if (v.startsWith('[')) fieldsOf(v, out, depth + 1);
      else out.add(v);
    } else fieldsOf(v, out, depth + 1);
  }
  return out;
}

const ROOT_FIELDS = new Set(['name', 'fullname', 'kind', 'type', 'location', 'id', 'identity.type', 'apiversion']);

/** The resource paths a field reads (lower case, [*] for arrays). */
function pathsOfField(field: string, aliases: AliasCatalog): string[] {
  const f = field.toLowerCase();
  if (ROOT_FIELDS.has(f)) return [f === 'fullname' ? 'name' : f];
  if (f === 'tags' || f.startsWith('tags[') || f.startsWith('tags.')) return ['tags'];
  if (f.startsWith('identity.')) return [f.replace(/\[\*\]/g, '[*]')];
  const entries = aliases.getAll(field);
  if (entries.length === 0) return [`properties.${f.split('/').pop()}`];
  const out = new Set<string>();
  for (const e of entries) {
    out.add(e.defaultPath.toLowerCase().replace(/\[\d+\]/g, '[*]'));
    for (const p of e.paths) out.add(p.path.toLowerCase().replace(/\[\d+\]/g, '[*]'));
  }
  return [...out];
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(b + '.') || a.startsWith(b + '[') || b.startsWith(a + '.') || b.startsWith(a + '[');
}

/** Literal resource types the rule's leading `type` test allows (undefined when there is no such test). */
function typeGate(rule: unknown): Set<string> | undefined {
  const r = rule as Record<string, unknown> | null;
  const cond = r && typeof r === 'object' ? (r.if ?? r.If) : undefined;
  const tests: unknown[] = [];
  if (cond && typeof cond === 'object') {
    const c = cond as Record<string, unknown>;
    const all = c.allOf ?? c.AllOf;
    if (Array.isArray(all)) tests.push(...all);
    else tests.push(c);
  }
  for (const t of tests) {
    if (!t || typeof t !== 'object') continue;
    const x = t as Record<string, unknown>;
    if (typeof x.field !== 'string' || x.field.toLowerCase() !== 'type') continue;
    if (typeof x.equals === 'string' && !x.equals.startsWith('[')) return new Set([x.equals.toLowerCase()]);
    if (Array.isArray(x.in) && x.in.every((e) => typeof e === 'string')) return new Set((x.in as string[]).map((e) => e.toLowerCase()));
  }
  return undefined;
}

interface PolicyInfo {
  readonly policy: TerraformPolicy;
  readonly fields: { field: string; paths: string[] }[];
  readonly gate?: Set<string>;
  readonly params: Record<string, unknown>;
  readonly existence: boolean;
  readonly detailsType?: string;
  readonly effectName?: string;
}

/** The effect name the rule would apply (literal, assigned parameter, or the parameter's default). */
function declaredEffect(definition: unknown, params: Record<string, unknown>): string | undefined {
  const props = definition && typeof definition === 'object' ? ((definition as Record<string, unknown>).properties ?? definition) as Record<string, unknown> : {};
  const rule = props.policyRule as Record<string, unknown> | undefined;
  const then = rule?.then as Record<string, unknown> | undefined;
  const effect = then?.effect;
  if (typeof effect !== 'string') return undefined;
  const m = /^\[parameters\('([^']+)'\)\]$/i.exec(effect);
  if (!m) return effect;
  const given = Object.entries(params).find(([k]) => k.toLowerCase() === m[1].toLowerCase());
  if (given && typeof given[1] === 'string') return given[1];
  const decl = props.parameters as Record<string, Record<string, unknown>> | undefined;
  const d = decl ? Object.entries(decl).find(([k]) => k.toLowerCase() === m[1].toLowerCase())?.[1] : undefined;
  return typeof d?.defaultValue === 'string' ? d.defaultValue : undefined;
}

const CANONICAL: Record<string, string> = Object.fromEntries(['Deny', 'Audit', 'Append', 'Modify', 'AuditIfNotExists', 'DeployIfNotExists', 'DenyAction', 'Manual', 'Disabled'].map((e) => [e.toLowerCase(), e]));

/** Related resources of the configuration for an existence check. */
class RelatedIndex {
  private readonly byType = new Map<string, Record<string, unknown>[]>();
  constructor(resources: readonly AssessResource[]) {
    for (const r of resources) {
      const t = typeof r.resource.type === 'string' ? r.resource.type.toLowerCase() : '';
      if (!t) continue;
      let l = this.byType.get(t);
      if (!l) this.byType.set(t, (l = []));
      l.push(r.resource);
    }
  }
  public find(type: string, resource: Record<string, unknown>, subscriptionWide: boolean): Record<string, unknown>[] {
    const list = this.byType.get(type.toLowerCase()) ?? [];
    const id = typeof resource.id === 'string' ? resource.id.toLowerCase() : undefined;
    if (!id) return [];
    const ownType = typeof resource.type === 'string' ? resource.type.toLowerCase() : '';
    const idOf = (c: Record<string, unknown>): string => (typeof c.id === 'string' ? c.id.toLowerCase() : '');
    if (type.toLowerCase().startsWith(ownType + '/')) return list.filter((c) => idOf(c).startsWith(id + '/'));
    const extension = list.filter((c) => idOf(c).startsWith(id + '/providers/'));
    if (extension.length > 0 || type.toLowerCase() === 'microsoft.insights/diagnosticsettings') return extension;
    const scope = /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?/.exec(id)?.[0] ?? '';
    const sub = /^\/subscriptions\/[^/]+/.exec(id)?.[0] ?? '';
    return list.filter((c) => idOf(c).startsWith((subscriptionWide ? sub : scope) + '/'));
  }
}

/** Evaluates translated resources against definitions and builds the C3 report. */
export function assessTerraform(translation: TranslationResult, policies: readonly TerraformPolicy[], options: AssessOptions): ScanReportC3 {
  const related = new RelatedIndex(translation.resources);
  const infos: PolicyInfo[] = policies.map((p) => {
    const declared = new Map(Object.keys(p.compiled.parameters).map((k) => [k.toLowerCase(), k]));
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options.parameters)) {
      const name = declared.get(k.toLowerCase());
      if (name) params[name] = v;
    }
    const definition = p.definition;
    const props = definition && typeof definition === 'object' ? (((definition as Record<string, unknown>).properties ?? definition) as Record<string, unknown>) : {};
    const rule = props.policyRule;
    const details = p.compiled.effectDetails as Record<string, unknown> | undefined;
    const fields = [...fieldsOf(rule)].map((field) => ({ field, paths: pathsOfField(field, options.aliases) }));
    const effectName = declaredEffect(definition, params);
    const existence = !!details && typeof details.type === 'string' && !details.type.startsWith('[');
    return { policy: p, fields, gate: typeGate(rule), params, existence, detailsType: existence ? (details!.type as string) : undefined, effectName };
  });
  const summaries: PolicySummaryC3[] = policies.map((p) => ({ policy: p.name, ...(p.displayName ? { displayName: p.displayName } : {}), file: p.file, mode: p.compiled.mode, evaluated: 0, notApplicable: 0, skipped: 0, effects: {}, undetermined: 0, errors: 0 }));
  const findings: FindingC3[] = [];
  const undetermined: UndeterminedC3[] = [];
  const errors = new Map<string, ScanReportC3['errors'][number]>();
  let total = 0;
  for (const r of translation.resources) {
    const res = r.resource;
    const resourceId = typeof res.id === 'string' ? res.id : UNKNOWN_TEXT;
    const resourceType = typeof res.type === 'string' ? res.type : '';
    const hasLocation = res.location !== undefined && res.location !== '' && res.location !== null;
    const unknowns = unknownPaths(res);
    const where = { ...(r.address ? { address: r.address } : {}), ...(r.file ? { file: r.file } : {}), ...(r.line !== undefined ? { line: r.line } : {}) };
    infos.forEach((info, i) => {
      const s = summaries[i];
      const mode = info.policy.compiled.mode.toLowerCase();
      if ((mode === 'indexed' && !hasLocation) || (mode !== 'indexed' && mode !== 'all')) {
        s.skipped++;
        return;
      }
      s.evaluated++;
      if (info.gate && !info.gate.has(resourceType.toLowerCase())) {
        s.notApplicable++;
        return;
      }
      const input: { -readonly [K in keyof EvaluationInput]: EvaluationInput[K] } = { parameters: info.params, trace: true, apiVersion: r.apiVersion, requestContext: { apiVersion: r.apiVersion } };
      if (info.existence) input.relatedResources = related.find(info.detailsType!, res, false);
      const result = info.policy.compiled.evaluate(res, input) as ReturnType<CompiledPolicy['evaluate']> & { undetermined?: { paths: string[]; reasons: string[] } };
      if (result.error) {
        s.errors++;
        const message = `${result.error.stage} error${result.error.pointer ? ` at ${result.error.pointer}` : ''}: ${result.error.message}`;
        const key = `${info.policy.name}\u0000${message}`;
        const e = errors.get(key);
        if (e) e.occurrences++;
        else errors.set(key, { policy: info.policy.name, resourceId, ...(r.address ? { address: r.address } : {}), message, occurrences: 1 });
        return;
      }
      // The engine's own three-valued verdict (contract C1), when it has one.
      let undet = result.undetermined;
      if (!undet && unknowns.length > 0) {
        const hit = info.fields.filter((f) => f.paths.some((p) => unknowns.some((u) => overlaps(p, u))));
        if (hit.length > 0) undet = { paths: hit.map((h) => h.field), reasons: ['the rule reads values known only after apply'] };
      }
      if (!undet && info.existence && result.effect !== null && !options.complete && /ifnotexists$/i.test(result.effect)) {
        undet = { paths: [], reasons: ['depends on resources outside the configuration'] };
      }
      if (undet) {
        const effect = result.effect ?? (info.effectName ? (CANONICAL[info.effectName.toLowerCase()] ?? info.effectName) : 'unknown');
        if (effect.toLowerCase() === 'disabled') return;
        s.undetermined++;
        undetermined.push({ policy: info.policy.name, effect, resourceId, ...where, paths: undet.paths, reasons: undet.reasons });
        return;
      }
      if (result.effect === null) {
        s.notApplicable++;
        return;
      }
      s.effects[result.effect] = (s.effects[result.effect] ?? 0) + 1;
      if (result.effect.toLowerCase() === 'disabled') return;
      total++;
      if (options.maxFindings !== undefined && findings.length >= options.maxFindings) return;
      findings.push({
        policy: info.policy.name,
        ...(info.policy.displayName ? { displayName: info.policy.displayName } : {}),
        effect: result.effect,
        enforced: true,
        resourceId,
        resourceType,
        index: r.index,
        ...where,
        ...(r.constructPath ? { constructPath: r.constructPath } : {}),
        reason: result.trace.filter((t) => !t.startsWith('effect ')).join('; '),
        ...(result.details !== undefined ? { details: result.details } : {}),
      });
    });
  }
  const notTranslated = translation.notTranslated.map((n) => ({ address: n.address, type: n.type }));
  const report: ScanReportC3 = {
    schemaVersion: 1,
    tool: { name: 'guardrails', version: options.version },
    complete: errors.size === 0 && notTranslated.length === 0 && (options.maxFindings === undefined || total <= options.maxFindings),
    resources: translation.resources.length,
    policies: summaries,
    assignments: [],
    findings,
    undetermined,
    notTranslated,
    exempted: [],
    skipped: [],
    errors: [...errors.values()],
    notes: translation.notes,
  };
  if (options.maxFindings !== undefined && total > options.maxFindings) report.truncated = { findings: total, shown: findings.length };
  return report;
}
