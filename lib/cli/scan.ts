import * as fs from 'fs';
import * as path from 'path';
import { AliasCatalog, compilePolicy, CompiledPolicy, EvaluationInput, PolicyEngineError } from '../policy-engine';
import { aliasesFor } from './catalogs';
import { parseAssignmentParameters } from './eval';
import { collectJsonFiles, CliIo, CliOutput, CliUsageError, describeJsonError, displayPath, isObject, readJsonFile, readTextFile, resolvePath, writeFileAtomic, writeOut } from './io';

export { writeFileAtomic };
import { formatScanHtml, formatScanJson, formatScanMarkdown, formatScanSarif, formatScanTable, limitResults, scanExitCode, truncateFindings } from './report';
import { FailOn } from './report/common';
import { policyHelpUri } from './report/help-links';
import type { AssessResource, Finding, PolicySummary, ReportError, ScanReport, SkippedItem } from './report/types';
import { readResourceExport } from './resource-reader';

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

/** Options of `guardrails scan`. */
export interface ScanCommandOptions {
  /** Resource export file (`-`: standard input). */
  readonly resources: string;
  /** Folder (or file) of definitions. */
  readonly policies: string;
  /** Assignment parameter values applied to every definition that declares them. @default none */
  readonly params?: string;
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

/** `guardrails scan`: exit 1 when a finding fails under --fail-on, 2 on bad input or an incomplete scan. */
export async function runScanCommand(io: CliIo, options: ScanCommandOptions): Promise<number> {
  const policiesPath = resolvePath(io, options.policies);
  if (!fs.existsSync(policiesPath)) throw new CliUsageError(`policies ${options.policies}: no such file or folder`);
  const parameters = options.params ? parseAssignmentParameters(readJsonFile(io, options.params, 'parameters'), options.params) : {};
  const aliases = aliasesFor(io, options.aliases);
  const loaded = loadScanPolicies(io, options.policies, aliases);
  for (const s of loaded.skipped) io.stderr.write(`guardrails scan: ${s.file ?? s.policy}: ${s.reason}; skipped\n`);
  if (loaded.policies.length === 0) throw new CliUsageError(`policies ${options.policies}: no policy definition found${loaded.skipped.length ? ' that compiles' : ''}`);

  const display = options.resources === '-' ? '-' : displayPath(io, resolvePath(io, options.resources));
  const resources: AssessResource[] = [];
  for await (const r of readResourceExport(io, options.resources, { display })) resources.push(r);
  if (resources.length === 0) io.stderr.write(`guardrails scan: warning: ${display} holds no resources; nothing was evaluated\n`);

  const bar = io.stderr.isTTY && resources.length * loaded.policies.length >= 20000 ? progressBar(io.stderr, resources.length, 'scanning') : undefined;
  const scanned = runScan(resources, loaded.policies, parameters, { progress: bar ? (d) => bar.update(d) : undefined, version: options.version });
  bar?.finish();
  const report: ScanReport = {
    ...scanned,
    skipped: [...loaded.skipped, ...scanned.skipped],
    errors: [...loaded.errors, ...scanned.errors],
    complete: scanned.complete && loaded.skipped.length === 0,
  };
  for (const s of scanned.skipped) io.stderr.write(`guardrails scan: ${s.file ?? s.policy}: ${s.reason}; skipped\n`);
  const exit = scanExitCode(report, options.failOn ?? 'any');

  const format = options.format ?? 'table';
  const max = options.maxResults ?? (format === 'sarif' ? SARIF_MAX_RESULTS : undefined);
  const shown = max === undefined ? report : format === 'sarif' ? limitResults(report, max) : truncateFindings(report, max);
  if (shown.truncated) io.stderr.write(`guardrails scan: --max-results ${max}: ${shown.truncated.shown} of ${shown.truncated.findings} results kept (the most severe first)\n`);
  const text = formatScanReport(shown, format, { cwd: io.cwd ?? process.cwd(), basePath: options.basePath });
  if (options.output) writeFileAtomic(io, options.output, text);
  else await writeOut(io.stdout, text);

  const evaluationErrors = scanned.errors.reduce((n, e) => n + e.occurrences, 0);
  if (evaluationErrors > 0) io.stderr.write(`guardrails scan: ${evaluationErrors} evaluation(s) failed (${scanned.errors.length} distinct error(s), listed under ERRORS / "errors"); the scan is incomplete\n`);
  return exit;
}
