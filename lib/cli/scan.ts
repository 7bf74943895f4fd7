import * as path from 'path';
import { AliasCatalog, compilePolicy, CompiledPolicy, EvaluationInput, PolicyEngineError } from '../policy-engine';
import { aliasesFor } from './catalogs';
import { parseAssignmentParameters } from './eval';
import { collectJsonFiles, CliIo, CliOutput, CliUsageError, describeJsonError, displayPath, EXIT_USAGE, isObject, readJsonFile, readTextFile, resolvePath, writeFileAtomic, writeOut } from './io';

export { writeFileAtomic };
import { runAssessment } from '../assess';
import { formatScanHtml, formatScanJson, formatScanMarkdown, formatScanSarif, formatScanTable, limitResults, scanExitCode, truncateFindings } from './report';
import { FailOn, hasGaps } from './report/common';
import { policyHelpUri } from './report/help-links';
import type { AssessResource, Finding, PolicySummary, ReportError, ScanReport, SkippedItem } from './report/types';
import { readResourceExport } from './resource-reader';
import { buildScanPlan, formatAssignmentTable } from './whatif';

export { parseResourceExport } from './resource-reader';

/** Output formats of `guardrails scan`. */
export type ScanFormat = 'table' | 'json' | 'sarif' | 'markdown' | 'html';

/** The formats `--format` accepts for scan. */
export const SCAN_FORMATS: readonly ScanFormat[] = ['table', 'json', 'sarif', 'markdown', 'html'];

/** GitHub code scanning refuses a SARIF run with more results than this. */
export const SARIF_MAX_RESULTS = 25_000;

/** A definition found under --policies. */
export interface ScanPolicy {
  /** Definition `name` (or file base name). */
  readonly name: string;
  /** displayName, when set. */
  readonly displayName?: string;
  /** Description, when set. */
  readonly description?: string;
  /** Path shown in output. */
  readonly file: string;
  /** The compiled definition. */
  readonly compiled: CompiledPolicy;
  /** Full id, when the file carries one. */
  readonly policyId?: string;
  /** policyType (BuiltIn, Custom, Static). */
  readonly policyType?: string;
  /** metadata.version (or properties.version). */
  readonly version?: string;
  /** metadata.category. */
  readonly category?: string;
}

/** What loadScanPolicies found: the definitions, and what it could not use. */
export interface LoadedScanPolicies {
  readonly policies: ScanPolicy[];
  /** Files and definitions not evaluated, and why. */
  readonly skipped: SkippedItem[];
  /** Files that could not be read or compiled (each also in `skipped`). */
  readonly errors: ReportError[];
}

/**
 * Loads and compiles the definitions under a folder (or one file). Initiatives, `*.test.json` and JSON that is not a
 * definition are ignored; a file that cannot be read, is not JSON or does not compile is in `skipped` and `errors`.
 */
export function loadScanPolicies(io: CliIo, folder: string, aliases: AliasCatalog): LoadedScanPolicies {
  const skipped: SkippedItem[] = [];
  const errors: ReportError[] = [];
  const problem = (file: string, reason: string, policy?: string): void => {
    skipped.push({ file, ...(policy ? { policy } : {}), reason });
    errors.push({ ...(policy ? { policy } : {}), message: `${file}: ${reason}`, occurrences: 1 });
  };
  const files = collectJsonFiles(io, [folder], (f) => !f.endsWith('.test.json'), (s) => problem(s.file, s.reason));
  const policies: ScanPolicy[] = [];
  for (const file of files) {
    const shown = displayPath(io, file);
    let text: string;
    try {
      text = readTextFile(io, file, 'policy');
    } catch (err) {
      problem(shown, (err as Error).message.replace(/^policy \S+: /, ''));
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      problem(shown, `invalid JSON: ${describeJsonError(text, err)}`);
      continue;
    }
    const props = isObject(json) && isObject(json.properties) ? json.properties : isObject(json) ? json : {};
    if (!('policyRule' in props)) continue;
    const name = isObject(json) && typeof json.name === 'string' && json.name ? json.name : path.basename(file, '.json');
    const meta = isObject(props.metadata) ? props.metadata : {};
    try {
      const compiled = compilePolicy(json, { aliases });
      const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
      policies.push({
        name,
        file: shown,
        compiled,
        displayName: text(props.displayName),
        description: text(props.description),
        policyId: isObject(json) ? text(json.id) : undefined,
        policyType: text(props.policyType),
        version: text(props.version) ?? text(meta.version),
        category: text(meta.category),
      });
    } catch (err) {
      problem(shown, err instanceof PolicyEngineError ? err.message : (err as Error).message, name);
    }
  }
  return { policies, skipped, errors };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Subscription and resource group of a resource id, lower-cased ("" when absent). */
function scopeOf(id: string): { subscription: string; group: string } {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?/i.exec(id);
  return { subscription: (m?.[1] ?? '').toLowerCase(), group: (m?.[2] ?? '').toLowerCase() };
}

/**
 * Related resources for (audit|deploy)IfNotExists from the export itself: resources of `details.type` that are
 * children of the evaluated resource (when the type is a child type), else in the same resource group (or the same
 * subscription with `existenceScope: subscription`). Definitions whose details.type is an expression get none.
 */
export class RelatedResourceIndex {
  private readonly byType = new Map<string, Record<string, unknown>[]>();

  constructor(resources: readonly AssessResource[]) {
    for (const { resource } of resources) {
      const type = str(resource.type).toLowerCase();
      if (!type) continue;
      let list = this.byType.get(type);
      if (!list) this.byType.set(type, (list = []));
      list.push(resource);
    }
  }

  /** The related resources for one evaluation, or undefined when the policy has no literal details.type. */
  public find(policy: CompiledPolicy, resource: Record<string, unknown>): Record<string, unknown>[] | undefined {
    const details = policy.effectDetails;
    if (!isObject(details) || typeof details.type !== 'string' || details.type.startsWith('[')) return undefined;
    const type = details.type.toLowerCase();
    const candidates = this.byType.get(type) ?? [];
    if (candidates.length === 0) return [];
    const id = str(resource.id).toLowerCase();
    if (!id) return [];
    const ownType = str(resource.type).toLowerCase();
    if (ownType && type.startsWith(ownType + '/')) return candidates.filter((c) => str(c.id).toLowerCase().startsWith(id + '/'));
    const own = scopeOf(id);
    const subscriptionWide = typeof details.existenceScope === 'string' && details.existenceScope.toLowerCase() === 'subscription';
    return candidates.filter((c) => {
      const s = scopeOf(str(c.id));
      return s.subscription === own.subscription && (subscriptionWide || s.group === own.group);
    });
  }
}

/** Options of runScan. */
export interface RunScanOptions {
  /** Called after each resource with the number done. */
  readonly progress?: (done: number) => void;
  /** Tool version in the report. @default '0.0.0' */
  readonly version?: string;
}

const RESOURCE_PROVIDER_MODE_REASON = (mode: string): string =>
  `mode ${mode} is a resource provider mode: its rules read data-plane objects (Kubernetes, Key Vault, ...) that an ARM export does not hold; not evaluated offline`;

/**
 * Evaluates every resource against every definition and returns the C3 ScanReport. (The evaluation runner of
 * lib/assess replaces this; it stays minimal: all resources in memory, related resources from the export itself.)
 */
export function runScan(resources: readonly AssessResource[], policies: readonly ScanPolicy[], parameters: Record<string, unknown>, options: RunScanOptions | ((done: number) => void) = {}): ScanReport {
  const opts: RunScanOptions = typeof options === 'function' ? { progress: options } : options;
  const related = new RelatedResourceIndex(resources);
  const summaries = policies.map((p): PolicySummary => {
    const summary: PolicySummary = { policy: p.name, file: p.file, mode: p.compiled.mode, evaluated: 0, notApplicable: 0, skipped: 0, effects: {}, undetermined: 0, errors: 0 };
    if (p.displayName) summary.displayName = p.displayName;
    if (p.description) summary.description = p.description;
    if (p.policyId) summary.policyId = p.policyId;
    if (p.policyType) summary.policyType = p.policyType;
    if (p.version) summary.version = p.version;
    if (p.category) summary.category = p.category;
    return summary;
  });
  const inputs = policies.map((p) => {
    const declared = new Map(Object.keys(p.compiled.parameters).map((k) => [k.toLowerCase(), k]));
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parameters)) {
      const name = declared.get(k.toLowerCase());
      if (name) Object.defineProperty(values, name, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return values;
  });
  const modes = policies.map((p) => p.compiled.mode.toLowerCase());
  const skipped: SkippedItem[] = [];
  policies.forEach((p, i) => {
    if (modes[i] !== 'indexed' && modes[i] !== 'all') skipped.push({ file: p.file, policy: p.name, reason: RESOURCE_PROVIDER_MODE_REASON(p.compiled.mode) });
  });
  const findings: Finding[] = [];
  const errors = new Map<string, ReportError>();
  resources.forEach(({ resource, index, line, file }, done) => {
    const hasLocation = typeof resource.location === 'string' && resource.location !== '';
    const resourceId = str(resource.id) || `#${index}`;
    policies.forEach((policy, p) => {
      const summary = summaries[p];
      if ((modes[p] === 'indexed' && !hasLocation) || (modes[p] !== 'indexed' && modes[p] !== 'all')) {
        summary.skipped++;
        return;
      }
      summary.evaluated++;
      const input: { -readonly [K in keyof EvaluationInput]: EvaluationInput[K] } = { parameters: inputs[p], trace: false };
      const rel = related.find(policy.compiled, resource);
      if (rel) input.relatedResources = rel;
      const result = policy.compiled.evaluate(resource, input);
      if (result.error) {
        summary.errors++;
        const message = `${result.error.stage} error${result.error.pointer ? ` at ${result.error.pointer}` : ''}: ${result.error.message}`;
        const key = `${policy.name}\u0000${message}`;
        const seen = errors.get(key);
        if (seen) seen.occurrences++;
        else errors.set(key, { policy: policy.name, resourceId, message, occurrences: 1 });
        return;
      }
      if (result.effect === null) {
        summary.notApplicable++;
        return;
      }
      summary.effects[result.effect] = (summary.effects[result.effect] ?? 0) + 1;
      if (result.effect.toLowerCase() === 'disabled') return;
      const finding: Finding = { policy: policy.name, effect: result.effect, enforced: true, resourceId, resourceType: str(resource.type), index };
      if (policy.policyId) finding.policyId = policy.policyId;
      if (policy.displayName) finding.displayName = policy.displayName;
      if (policy.version) finding.version = policy.version;
      if (file !== undefined) finding.file = file;
      if (line !== undefined) finding.line = line;
      if (result.details !== undefined) finding.details = result.details;
      findings.push(finding);
    });
    opts.progress?.(done + 1);
  });
  const errorList = [...errors.values()];
  return {
    schemaVersion: 1,
    tool: { name: 'guardrails', version: opts.version ?? '0.0.0' },
    complete: errorList.length === 0 && skipped.length === 0,
    resources: resources.length,
    policies: summaries,
    assignments: [],
    findings,
    undetermined: [],
    notTranslated: [],
    exempted: [],
    skipped,
    errors: errorList,
  };
}

/** A progress bar on a TTY stream, redrawn at most every 100 ms. */
export function progressBar(out: CliOutput, total: number, label: string): { update(done: number): void; finish(): void } {
  let last = 0;
  const draw = (done: number): void => {
    const width = Math.max(10, Math.min(40, (out.columns ?? 80) - label.length - 30));
    const filled = Math.round((done / total) * width);
    out.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ${done}/${total}`);
  };
  return {
    update(done: number): void {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    finish(): void {
      draw(total);
      out.write('\n');
    },
  };
}

/** A count of resources done on a TTY stream (a streamed export has no known total), from `from` on, redrawn at most every 100 ms. */
export function progressCounter(out: CliOutput, label: string, from = 0): { update(done: number): void; finish(): void } {
  let last = 0;
  let shown = 0;
  const draw = (done: number): void => void out.write(`\r${label}: ${done.toLocaleString('en-US')} resource(s)`);
  return {
    update(done: number): void {
      if (done < from) return;
      shown = done;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(done);
    },
    finish(): void {
      if (shown === 0) return;
      draw(shown);
      out.write('\n');
    },
  };
}

/** Options of `guardrails scan`. */
export interface ScanCommandOptions {
  /** Resource export file (`-`: standard input). */
  readonly resources: string;
  /** Folder (or file) of definitions: evaluated as loose definitions, or (with assignments) looked up first. @default none (needs assignments) */
  readonly policies?: string;
  /** Assignment parameter values applied to every loose definition that declares them. @default none */
  readonly params?: string;
  /** Assignments (files or folders) in Azure's JSON. @default none: loose definitions */
  readonly assignments?: readonly string[];
  /** Exemptions in Azure's JSON. @default none */
  readonly exemptions?: readonly string[];
  /** Subscription -> management group ancestry. @default none */
  readonly managementGroups?: string;
  /** When exemptions expire. @default now */
  readonly asOf?: Date;
  /** Output format. @default 'table' */
  readonly format?: ScanFormat;
  /** Extra alias catalogs. @default bundled only */
  readonly aliases?: readonly string[];
  /** Package version for the reports. @default '0.0.0' */
  readonly version?: string;
  /** Write the report to this file (atomically) instead of stdout. @default stdout */
  readonly output?: string;
  /** Which findings make the exit code 1. @default 'any' */
  readonly failOn?: FailOn;
  /** Most results listed. @default 25,000 for SARIF (GitHub's limit per run), unlimited otherwise */
  readonly maxResults?: number;
  /** Folder SARIF artifact paths are relative to. @default the working folder */
  readonly basePath?: string;
}


/** Renders a report in one of the scan formats. */
export function formatScanReport(report: ScanReport, format: ScanFormat, options: { cwd?: string; basePath?: string } = {}): string {
  switch (format) {
    case 'json':
      return formatScanJson(report);
    case 'sarif':
      return formatScanSarif(report, { cwd: options.cwd, basePath: options.basePath, helpUri: policyHelpUri });
    case 'markdown':
      return formatScanMarkdown(report);
    case 'html':
      return formatScanHtml(report);
    default:
      return formatScanTable(report);
  }
}

/**
 * `guardrails scan`: loose definitions (--policies) or assignments (--assignment, with exemptions and management
 * groups) evaluated by lib/assess over a streamed export. Exit 1 when a finding fails under --fail-on, 2 on bad input
 * or an incomplete scan.
 */
export async function runScanCommand(io: CliIo, options: ScanCommandOptions): Promise<number> {
  if (options.params && options.assignments?.length) throw new CliUsageError('--params applies to loose definitions; assignments carry their own parameters', true);
  const parameters = options.params ? parseAssignmentParameters(readJsonFile(io, options.params, 'parameters'), options.params) : {};
  const aliases = aliasesFor(io, options.aliases);
  const { plan, notes, failures, problems } = buildScanPlan(io, { ...options, parameters, aliases, ...(options.asOf ? { now: options.asOf } : {}) });
  for (const note of notes) io.stderr.write(`guardrails scan: ${note}\n`);

  // The export is streamed (contract C3, issue 12 item 10): resources are evaluated as they are read; a file is read
  // a second time for existence checks deferred past the runner's in-memory limit (stdin cannot be, so it stays held).
  const display = options.resources === '-' ? '-' : displayPath(io, resolvePath(io, options.resources));
  const read = (): AsyncIterable<AssessResource> => readResourceExport(io, options.resources, { display });
  // Drawn on a terminal once the work is large (resources x definitions >= 20,000), like the bar it replaces.
  const counter = io.stderr.isTTY ? progressCounter(io.stderr, 'scanning', Math.ceil(20000 / Math.max(1, plan.policies.length))) : undefined;
  const assessed = await runAssessment(read(), plan, {
    toolVersion: options.version ?? '0.0.0',
    ...(options.resources !== '-' ? { reopen: read } : {}),
    ...(counter ? { progress: (d: number) => counter.update(d) } : {}),
  });
  counter?.finish();
  // Files under --policies that could not be used are part of the report (skipped, and one error each).
  // A definition that does not compile is an error as well as skipped (the scan could not do what was asked).
  const uncompiled = assessed.skipped.filter((s) => /^does not compile/.test(s.reason));
  const report: ScanReport = problems.length + uncompiled.length === 0 ? assessed : {
    ...assessed,
    complete: false,
    skipped: [...problems, ...assessed.skipped],
    errors: [...[...problems, ...uncompiled].map((p) => ({ ...(p.policy ? { policy: p.policy } : {}), message: `${p.file ?? p.policy}: ${p.reason}`, occurrences: 1 })), ...assessed.errors],
  };
  if (report.resources === 0) io.stderr.write(`guardrails scan: warning: ${display} holds no resources; nothing was evaluated\n`);
  // Exit 2 whenever the scan is incomplete: an error, or anything skipped (a scope that cannot be decided is never compliant).
  const exit = failures > 0 || hasGaps(report) ? EXIT_USAGE : scanExitCode(report, options.failOn ?? 'any');

  const format = options.format ?? 'table';
  const max = options.maxResults ?? (format === 'sarif' ? SARIF_MAX_RESULTS : undefined);
  const shown = max === undefined ? report : format === 'sarif' ? limitResults(report, max) : truncateFindings(report, max);
  if (shown.truncated) io.stderr.write(`guardrails scan: --max-results ${max}: ${shown.truncated.shown} of ${shown.truncated.findings} results kept (the most severe first)\n`);
  const text = (format === 'table' && shown.assignments.length > 0 ? formatAssignmentTable(shown) : '') + formatScanReport(shown, format, { cwd: io.cwd ?? process.cwd(), basePath: options.basePath });
  if (options.output) writeFileAtomic(io, options.output, text);
  else await writeOut(io.stdout, text);

  const evaluationErrors = report.errors.reduce((n, e) => n + e.occurrences, 0);
  if (evaluationErrors > 0) io.stderr.write(`guardrails scan: ${evaluationErrors} evaluation(s) failed (${report.errors.length} distinct error(s), listed under ERRORS / "errors"); the scan is incomplete\n`);
  return exit;
}
