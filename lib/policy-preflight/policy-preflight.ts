import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { runAssessmentSync } from '../assess';
import type { AssessPlan, Exempted, Finding, PolicyResolver, ScanReport, Undetermined } from '../assess';
import { Acknowledgement, acknowledge, acknowledgementValid, findAcknowledgement, RegisteredAcknowledgement } from '../core/acknowledgements';
import { policyCheckAnnotation, PolicyCheckLevel } from '../core/annotations';
import { GuardrailsValidationError, invalid, oneOf } from '../core/errors';
import { packageRoot } from '../core/package-root';
import { formatScanSarif } from '../cli/report/sarif';
import { readTerraformJson, translate } from '../preflight';
import { buildCheckPlan, checkResolver, KIT_CHECK_POLICIES, PolicyPreflightPolicy } from './policies';

/** Report formats the check writes per stack. */
export type PolicyPreflightReportFormat = 'json' | 'sarif';

/** Props of {@link PolicyPreflight.check}. */
export interface PolicyPreflightProps {
  /**
   * The policies to evaluate, each as an assignment at the root scope would assign it: a name, id or display name
   * (see {@link PolicyPreflightPolicy.policy}), or the full form with parameters, members and enforcement mode.
   * @default `KIT_CHECK_POLICIES`: the kit's gate initiatives with AutoOnboarding's default parameters
   */
  readonly policies?: readonly (string | PolicyPreflightPolicy)[];
  /**
   * Folders (or files) of your own definitions and initiatives, in Azure's JSON format (`*.test.json` ignored). They
   * are looked up first, then the kit's `policies/`, then Azure's built-ins.
   * @default none
   */
  readonly policyFolders?: readonly string[];
  /**
   * Evaluate policies at synth. `false` skips the evaluation and writes no reports (acknowledgements of the kit's
   * warnings still apply).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Reports written per stack into the synth output, `<outdir>/stacks/<stack>/policy-preflight.json` (the
   * `guardrails scan --format json` ScanReport) and `policy-preflight.sarif` (SARIF 2.1.0).
   * @default ['json', 'sarif']
   */
  readonly reports?: readonly PolicyPreflightReportFormat[];
  /**
   * Whether the stack holds every related resource an existence check (auditIfNotExists, deployIfNotExists) can
   * find. With `false`, a related resource not found in the stack makes the verdict undetermined ("depends on
   * resources outside the configuration") rather than a finding.
   * @default false
   */
  readonly relatedResourcesComplete?: boolean;
}

/** File names of the per-stack reports. */
export const POLICY_PREFLIGHT_REPORT_FILES: Readonly<Record<PolicyPreflightReportFormat, string>> = { json: 'policy-preflight.json', sarif: 'policy-preflight.sarif' };

/** An acknowledged finding as the report lists it (in `exempted`): the finding, and the acknowledgement. */
export interface PolicyPreflightAcknowledged extends Exempted {
  /** The acknowledgement that covers the finding. */
  readonly acknowledgement: { readonly id: string; readonly reason: string; readonly expires?: string; readonly constructPath: string };
}

/** The report of one stack: the ScanReport of `guardrails scan`, with the synth-time additions. */
export interface PolicyPreflightReport extends ScanReport {
  /** The stack's name. */
  readonly stack: string;
  /** Undetermined verdicts carry the construct path of the resource. */
  undetermined: (Undetermined & { constructPath?: string })[];
}

const FORMATS: readonly PolicyPreflightReportFormat[] = ['json', 'sarif'];
const MEMBER_MODES = ['assigned', 'deny-capable'];
const CHECKER = Symbol.for('cdktf-azure-guardrails/policy-preflight');

let toolVersion: string | undefined;
function version(): string {
  if (toolVersion === undefined) {
    try {
      toolVersion = (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
    } catch {
      toolVersion = '0.0.0';
    }
  }
  return toolVersion;
}

function normalisePolicies(app: IConstruct, given: PolicyPreflightProps['policies']): PolicyPreflightPolicy[] {
  if (given === undefined) return [...KIT_CHECK_POLICIES];
  if (!Array.isArray(given) || given.length === 0) invalid(app, 'policies', given, 'expected a non-empty list of policy names, ids or display names, or { policy, parameters?, members? } objects');
  return given.map((p, i) => {
    const o: PolicyPreflightPolicy = typeof p === 'string' ? { policy: p } : p;
    if (o === null || typeof o !== 'object' || typeof o.policy !== 'string' || o.policy.trim() === '') {
      invalid(app, `policies[${i}]`, p, 'expected a policy name, id or display name, or { policy, parameters?, members? }');
    }
    if (o.kind !== undefined && o.kind !== 'definition' && o.kind !== 'initiative') invalid(app, `policies[${i}].kind`, o.kind, oneOf(['definition', 'initiative']));
    if (o.members !== undefined && !MEMBER_MODES.includes(o.members)) invalid(app, `policies[${i}].members`, o.members, oneOf(MEMBER_MODES));
    if (o.enforcementMode !== undefined && o.enforcementMode !== 'Default' && o.enforcementMode !== 'DoNotEnforce') invalid(app, `policies[${i}].enforcementMode`, o.enforcementMode, oneOf(['Default', 'DoNotEnforce']));
    if (o.parameters !== undefined && (o.parameters === null || typeof o.parameters !== 'object' || Array.isArray(o.parameters))) invalid(app, `policies[${i}].parameters`, o.parameters, 'expected an object of parameter values by name');
    return o;
  });
}

/** Level of a finding's annotation: Deny (enforced) is an error, Audit kinds are warnings, the rest informational. */
function levelOf(f: Pick<Finding, 'effect' | 'enforced'>): PolicyCheckLevel {
  if (f.effect === 'Deny' || f.effect === 'DenyAction') return f.enforced ? 'error' : 'warning';
  if (f.effect === 'Audit' || f.effect === 'AuditIfNotExists') return 'warning';
  return 'info';
}

const VERB: Record<string, string> = {
  Deny: 'denies', DenyAction: 'blocks the delete of', Audit: 'audits', AuditIfNotExists: 'audits (related resource missing)',
  DeployIfNotExists: 'would deploy to', Modify: 'would modify', Append: 'would append to',
};

/**
 * The synth-time policy check, in the spirit of cdk-nag: evaluates every `azurerm_*` / `azapi_*` resource of every
 * stack against Azure Policy definitions before anything is deployed, and annotates the construct that made the
 * resource. A Deny the policy would enforce is an error (synth fails), Audit / AuditIfNotExists a warning, a verdict
 * that depends on values known only after apply an info ("undetermined"). Each stack's report is written into the
 * synth output (`cdktf.out/stacks/<stack>/policy-preflight.{json,sarif}`).
 *
 * How: each stack's resolved Terraform JSON (`toTerraform()`) is translated by lib/preflight into the create requests
 * azurerm sends (unknown values stay unknown), and lib/assess evaluates them with the kit's policy engine. The policies
 * are resolved and compiled once per check. The check runs as the stack's first validation (after every Aspect),
 * so it sees the final configuration; `Testing.synth(stack, true)` runs it too.
 *
 * @example
 * const app = new App();
 * // ... create the stacks, then:
 * PolicyPreflight.check(app, { policies: [{ policy: 'Microsoft cloud security benchmark', members: 'deny-capable' }] });
 * PolicyPreflight.acknowledge(registry, { id: 'acr-public-network-access-disabled', reason: 'public until the private endpoint lands', expires: '2026-12-31' });
 */
export class PolicyPreflight {
  /**
   * Checks every stack of `scope` (an App: the stacks it holds now; or one stack) against the policies at synth.
   * Call it after creating the stacks, once per stack: cdktf runs Aspects and validations per stack, so the app
   * fails validation if a stack is added later. Validates the props now; policy names are resolved and compiled at
   * the first stack's synth, once for all stacks.
   */
  public static check(scope: App | TerraformStack, props: PolicyPreflightProps = {}): PolicyPreflight {
    const isApp = scope instanceof App;
    if (!isApp && !(scope instanceof TerraformStack)) {
      throw new GuardrailsValidationError(String((scope as IConstruct | undefined)?.node?.path ?? 'scope'), 'scope', typeof scope, 'expected the cdktf App (every stack it holds) or one TerraformStack');
    }
    const stacks = isApp ? scope.node.findAll().filter((c): c is TerraformStack => c instanceof TerraformStack) : [scope];
    for (const s of stacks) {
      if ((s as unknown as Record<symbol, unknown>)[CHECKER]) invalid(s, 'PolicyPreflight.check', 'called twice', 'check each stack once, with every policy in props.policies');
    }
    if (isApp && stacks.length === 0) invalid(scope, 'PolicyPreflight.check', 'an app without stacks', 'call it after the stacks are created (cdktf applies checks per stack)');
    const checker = new PolicyPreflight(App.of(scope), props);
    for (const s of stacks) {
      Object.defineProperty(s, CHECKER, { value: checker, enumerable: false });
      checker.stacks.add(s);
      // The stack's first validation: it runs after every Aspect, on the final configuration.
      s.node.addValidation({ validate: () => checker.checkStack(s) });
    }
    if (isApp) {
      // cdktf applies Aspects and validations per stack: a stack created after this call would go unchecked.
      scope.node.addValidation({
        validate: () => scope.node.findAll().filter((c): c is TerraformStack => c instanceof TerraformStack && !checker.stacks.has(c))
          .map((s) => `${s.node.path}: created after PolicyPreflight.check(app), so its policies were not checked; call PolicyPreflight.check after creating every stack`),
      });
    }
    return checker;
  }

  /**
   * Acknowledges a finding on `scope` and everything below it: a policy's findings by the policy id (definition
   * name or full id), or a kit warning by its `guardrails:*` id. Needs a reason; an `expires` date makes it an error
   * from that day on. Acknowledged findings stay in the report, marked with the reason.
   */
  public static acknowledge(scope: IConstruct, acknowledgements: Acknowledgement | readonly Acknowledgement[]): void {
    acknowledge(scope, acknowledgements);
  }

  /** The reports of the stacks checked so far, by stack name (for tests and tooling). */
  public readonly reports = new Map<string, PolicyPreflightReport>();

  private readonly policies: PolicyPreflightPolicy[];
  private readonly folders: readonly string[];
  private readonly enabled: boolean;
  private readonly formats: readonly PolicyPreflightReportFormat[];
  private readonly complete: boolean;
  private readonly appPath: string;
  private plan?: AssessPlan;
  private resolver?: PolicyResolver;
  private readonly stacks = new Set<TerraformStack>();
  private readonly checked = new WeakSet<TerraformStack>();

  private constructor(private readonly app: App, props: PolicyPreflightProps) {
    if (props === null || typeof props !== 'object') invalid(app, 'props', props, 'expected an object');
    this.appPath = app.node.path || 'app';
    this.enabled = props.enabled ?? true;
    if (typeof this.enabled !== 'boolean') invalid(this.appPath, 'enabled', props.enabled, 'expected true or false');
    this.policies = normalisePolicies(app, props.policies);
    const folders = props.policyFolders ?? [];
    if (!Array.isArray(folders)) invalid(this.appPath, 'policyFolders', folders, 'expected a list of folder paths');
    this.folders = folders;
    const formats = props.reports ?? FORMATS;
    if (!Array.isArray(formats)) invalid(this.appPath, 'reports', formats, `expected a list of ${oneOf(FORMATS)}`);
    formats.forEach((f, i) => {
      if (!FORMATS.includes(f)) invalid(this.appPath, `reports[${i}]`, f, oneOf(FORMATS));
    });
    this.formats = formats;
    this.complete = props.relatedResourcesComplete ?? false;
    if (typeof this.complete !== 'boolean') invalid(this.appPath, 'relatedResourcesComplete', props.relatedResourcesComplete, 'expected true or false');
  }

  /** Resolves and compiles the policies (once per app). */
  private planFor(): AssessPlan {
    if (!this.plan) {
      this.resolver ??= checkResolver(this.appPath, this.folders);
      this.plan = buildCheckPlan(this.appPath, this.resolver, this.policies);
    }
    return this.plan;
  }

  /** Evaluates one stack; returns no validation errors (the findings are annotations). */
  private checkStack(stack: TerraformStack): string[] {
    // Once per stack: a second synth of the same tree would annotate every finding twice.
    if (!this.enabled || this.checked.has(stack)) return [];
    this.checked.add(stack);
    const plan = this.planFor();
    const json = stack.toTerraform() as Record<string, unknown>;
    reuseOnce(stack, json);
    const input = readTerraformJson(json, { file: `stacks/${stack.node.id}/cdk.tf.json` });
    const translated = translate(input);
    const raw = runAssessmentSync(translated.resources, plan, { toolVersion: version(), relatedResourcesComplete: this.complete, notTranslated: translated.notTranslated });
    // The plan's summaries are reset by the next run: the report keeps copies.
    const base: ScanReport = { ...raw, policies: raw.policies.map((p) => ({ ...p, effects: { ...p.effects } })), assignments: structuredClone(raw.assignments) };

    const byPath = new Map<string, IConstruct>();
    const byAddress = new Map<string, IConstruct>();
    for (const c of stack.node.findAll()) {
      byPath.set(c.node.path, c);
      if (c instanceof TerraformResource) byAddress.set(`${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    }
    const pathOfAddress = new Map<string, string>();
    for (const r of translated.resources) if (r.address && r.constructPath) pathOfAddress.set(r.address, r.constructPath);
    const constructOf = (f: { constructPath?: string; address?: string }): IConstruct => {
      const p = f.constructPath ?? (f.address ? pathOfAddress.get(f.address) : undefined);
      const byP = p ? byPath.get(p) : undefined;
      if (byP) return byP;
      const base = f.address?.replace(/\[[^\]]*\]$/, '');
      return (base ? byAddress.get(base) : undefined) ?? stack;
    };
    const displayOf = new Map(base.policies.map((p) => [p.policy, p.displayName]));
    const now = Date.now();

    const findings: Finding[] = [];
    const acknowledged: PolicyPreflightAcknowledged[] = [];
    for (const f of base.findings) {
      const construct = constructOf(f);
      const withPath = { ...f, constructPath: construct.node.path };
      const ack = this.ackFor(construct, f);
      if (ack && acknowledgementValid(ack, now)) {
        const { enforced: _enforced, ...rest } = withPath;
        acknowledged.push({ ...rest, exemption: { id: `acknowledgement:${ack.constructPath}:${ack.id}`, category: 'Waiver', ...(ack.expires ? { expiresOn: ack.expires } : {}) }, acknowledgement: { id: ack.id, reason: ack.reason, ...(ack.expires ? { expires: ack.expires } : {}), constructPath: ack.constructPath } });
        policyCheckAnnotation(construct, 'info', `${findingText(withPath)}: acknowledged on ${ack.constructPath}${ack.expires ? ` until ${ack.expires}` : ''} (${ack.reason}) [guardrails:preflight:acknowledged]`);
        continue;
      }
      findings.push(withPath);
      const level = levelOf(f);
      policyCheckAnnotation(construct, level, `${findingText(withPath)}. ${fixText(withPath, construct, level)} [guardrails:preflight:${f.effect.toLowerCase()}]`);
    }
    const undetermined = base.undetermined.map((u) => {
      const construct = constructOf(u);
      const withPath = { ...u, constructPath: construct.node.path };
      const name = displayOf.get(u.policy);
      policyCheckAnnotation(construct, 'info', `undetermined: policy ${name ? `"${name}" ` : ''}(${u.policy}${u.referenceId ? `, member ${u.referenceId}` : ''}) would ${u.effect} ${u.address ?? u.resourceId} if values known only after apply match: `
        + `${[...u.paths, ...u.reasons].join('; ') || 'unknown values'}. Nothing to fix now: Azure decides at deploy time (make the values known in the configuration to decide it here) [guardrails:preflight:undetermined]`);
      return withPath;
    });
    if (base.notTranslated.length) {
      // Never silently compliant: what was not evaluated is said on the stack (the reports list each address).
      const byType = new Map<string, number>();
      for (const t of base.notTranslated) byType.set(t.type, (byType.get(t.type) ?? 0) + (t.count ?? 1));
      policyCheckAnnotation(stack, 'info', `${base.notTranslated.length} resource(s) not translated, so not evaluated by the policy check: `
        + `${[...byType].map(([t, c]) => `${t} x${c}`).join(', ')} (listed under notTranslated in ${POLICY_PREFLIGHT_REPORT_FILES.json}) [guardrails:preflight:not-translated]`);
    }
    // An incomplete check never passes silently: a policy that could not be evaluated fails the synth (as the CLI
    // exits 2), and what was skipped is a warning on the stack.
    for (const e of base.errors) {
      const construct = e.address ? constructOf({ address: e.address }) : stack;
      policyCheckAnnotation(construct, 'error', `policy check incomplete: ${e.policy ? `policy ${e.policy} ` : ''}could not be evaluated${e.address ? ` on ${e.address}` : ''}: ${e.message}`
        + `${e.occurrences > 1 ? ` (${e.occurrences} times)` : ''}. Fix the definition or its parameters, or leave the policy out of PolicyPreflight.check [guardrails:preflight:error]`);
    }
    for (const sk of base.skipped) {
      policyCheckAnnotation(stack, 'warning', `policy check incomplete: ${sk.policy ?? sk.file ?? 'a policy'} was not evaluated: ${sk.reason} [guardrails:preflight:skipped]`);
    }
    const report: PolicyPreflightReport = {
      ...base, stack: stack.node.id, findings, undetermined, exempted: [...base.exempted, ...acknowledged],
      // As `scan --terraform` says it: resources not translated were not evaluated.
      complete: base.complete && base.notTranslated.length === 0,
    };
    this.reports.set(stack.node.id, report);
    this.write(stack, report);
    return [];
  }

  /** The acknowledgement covering a finding: by the definition name or its full id. */
  private ackFor(construct: IConstruct, f: Finding): RegisteredAcknowledgement | undefined {
    return findAcknowledgement(construct, f.policy) ?? (f.policyId ? findAcknowledgement(construct, f.policyId) : undefined);
  }

  private write(stack: TerraformStack, report: PolicyPreflightReport): void {
    if (this.formats.length === 0) return;
    const dir = path.join(this.app.outdir, 'stacks', stack.node.id);
    fs.mkdirSync(dir, { recursive: true });
    if (this.formats.includes('json')) fs.writeFileSync(path.join(dir, POLICY_PREFLIGHT_REPORT_FILES.json), JSON.stringify(report, null, 2) + '\n');
    if (this.formats.includes('sarif')) fs.writeFileSync(path.join(dir, POLICY_PREFLIGHT_REPORT_FILES.sarif), sarifOf(report, this.app.outdir));
  }
}

/**
 * The synthesizer calls `stack.toTerraform()` again right after the validations (cdktf's StackSynthesizer and
 * Testing.synth): resolving a large stack twice is most of what the check would cost. The JSON the check evaluated is
 * returned by that next call (once; the method is then restored), so the evaluated configuration is exactly the one
 * written. Validations do not change the tree, so the two would be equal anyway; the reuse ends with the synth.
 */
function reuseOnce(stack: TerraformStack, json: Record<string, unknown>): void {
  if (Object.prototype.hasOwnProperty.call(stack, 'toTerraform')) return;
  const instance = stack as unknown as { toTerraform: () => unknown };
  const restore = (): void => {
    if (instance.toTerraform === once) delete (instance as Partial<typeof instance>).toTerraform;
  };
  const once = (): unknown => {
    restore();
    return json;
  };
  instance.toTerraform = once;
  // Only within this (synchronous) synth: if it stops before writing (an error annotation), the next synth resolves.
  queueMicrotask(restore);
}

function findingText(f: Finding): string {
  const verb = VERB[f.effect] ?? `applies ${f.effect} to`;
  const name = f.displayName ? `"${f.displayName}" ` : '';
  const member = f.referenceId ? `, member ${f.referenceId}` : '';
  const enforced = f.enforced ? '' : ' (assignment not enforced: would)';
  return `${f.effect}${enforced}: policy ${name}(${f.policy}${member}) ${verb} ${f.address ?? f.resourceId} (${f.resourceType})${f.reason ? ` because ${f.reason}` : ''}`;
}

function fixText(f: Finding, construct: IConstruct, level: PolicyCheckLevel): string {
  const what = level === 'info' ? 'Azure Policy acts on it at deploy time' : 'Fix: change the arguments of this resource that set the properties in the condition above';
  return `${what}; or acknowledge it: PolicyPreflight.acknowledge(<${construct.node.id} or a parent>, { id: '${f.policy}', reason: '<why this is accepted>', expires?: 'YYYY-MM-DD' })`;
}

/** SARIF of the report; acknowledged results carry the reason as their suppression's justification. */
function sarifOf(report: PolicyPreflightReport, outdir: string): string {
  // Rules for the policies with results only (the JSON report lists every policy evaluated): a SARIF viewer shows
  // rules by result, and a stack's SARIF with every benchmark member as a rule would be most of the synth output.
  const used = new Set([...report.findings, ...report.undetermined, ...report.exempted].map((f) => f.policy));
  // Files in the report are relative to the synth output folder (stacks/<stack>/cdk.tf.json); SARIF artifact paths
  // are relative to the working folder when the output is inside it (as `cdktf.out/stacks/<stack>/cdk.tf.json`, where
  // code scanning finds the file), else to the output folder.
  const out = path.resolve(outdir);
  const root = process.cwd();
  const base = out === root || out.startsWith(root + path.sep) ? root : out;
  const text = formatScanSarif({ ...report, policies: report.policies.filter((p) => used.has(p.policy)) }, { basePath: base, cwd: out });
  const acks = report.exempted.filter((x): x is PolicyPreflightAcknowledged => 'acknowledgement' in x);
  if (acks.length === 0) return text;
  const sarif = JSON.parse(text) as { runs: { results: { suppressions?: { kind: string; justification: string }[]; properties?: { exemption?: { id?: string } } }[] }[] };
  const byId = new Map(acks.map((a) => [a.exemption.id, a.acknowledgement]));
  for (const run of sarif.runs) {
    for (const r of run.results) {
      const ack = r.properties?.exemption?.id ? byId.get(r.properties.exemption.id) : undefined;
      if (ack && r.suppressions) r.suppressions = [{ kind: 'inSource', justification: `acknowledged on ${ack.constructPath}${ack.expires ? ` until ${ack.expires}` : ''}: ${ack.reason}` }];
    }
  }
  return JSON.stringify(sarif, null, 2) + '\n';
}
