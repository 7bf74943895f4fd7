import * as fs from 'fs';
import * as path from 'path';
import { AliasCatalog, compilePolicy, CompiledPolicy, EvaluationInput, PolicyEngineError } from '../policy-engine';
import { aliasesFor } from './catalogs';
import { parseAssignmentParameters } from './eval';
import { collectJsonFiles, CliIo, CliOutput, CliUsageError, describeJsonError, displayPath, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, isObject, readJsonFile, readTextFile, resolvePath, writeOut } from './io';
import { buildScanPlan, formatAssignmentTable, legacyScanView } from './whatif';
import { runAssessment } from '../assess';

/** Output formats of `guardrails scan`. */
export type ScanFormat = 'table' | 'json' | 'sarif';

/** One resource of the export, with where it came from. */
export interface ScanResource {
  /** The ARM resource JSON. */
  readonly resource: Record<string, unknown>;
  /** Index in the export (0-based). */
  readonly index: number;
  /** Line in the file (JSONL input), 1-based. */
  readonly line?: number;
}

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
}

/** One non-compliant (policy, resource) pair. */
export interface ScanFinding {
  /** Definition name. */
  readonly policy: string;
  /** Effect Azure would apply. */
  readonly effect: string;
  /** Resource id (or `#<index>` when the resource has none). */
  readonly resourceId: string;
  /** Resource type. */
  readonly resourceType: string;
  /** Index of the resource in the export. */
  readonly index: number;
  /** Line in a JSONL export. */
  readonly line?: number;
  /** Effect details (modify operations, DINE details...). */
  readonly details?: unknown;
}

/** Per-definition summary. */
export interface ScanPolicySummary {
  /** Definition name. */
  readonly policy: string;
  /** File path. */
  readonly file: string;
  /** Definition mode. */
  readonly mode: string;
  /** Resources the definition was evaluated against. */
  evaluated: number;
  /** Resources not evaluated because of the mode (Indexed: resources without a location). */
  skipped: number;
  /** Resources the rule applied to, by effect (Disabled included). */
  readonly effects: Record<string, number>;
  /** Evaluation errors. */
  errors: number;
}

/** Everything a scan produced. */
export interface ScanReport {
  /** Resources in the export. */
  readonly resources: number;
  /** Per-definition summaries, by name. */
  readonly policies: ScanPolicySummary[];
  /** Non-compliant pairs (effect other than Disabled), in resource order. */
  readonly findings: ScanFinding[];
  /** Evaluation errors (first 100), and definitions that did not compile. */
  readonly errors: { policy: string; resourceId?: string; message: string }[];
}

function isJsonObjectText(text: string): boolean {
  try {
    return isObject(JSON.parse(text));
  } catch {
    return false;
  }
}

function parseLine(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliUsageError(`resources ${file}: line ${line}: invalid JSON: ${(err as Error).message}`);
  }
}

/**
 * Reads a resource export: Azure Resource Graph output (`{data: [...]}`, `{data: {columns, rows}}` or
 * `{value: [...]}`), a JSON array of resources, a single resource object, or JSONL (one resource a line).
 */
export function parseResourceExport(text: string, file: string): ScanResource[] {
  const body = text.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    const lines = body.split(/\r?\n/);
    const nonBlank = lines.filter((l) => l.trim() !== '');
    if (nonBlank.length <= 1 || !isJsonObjectText(nonBlank[0])) {
      throw new CliUsageError(`resources ${file}: invalid JSON: ${describeJsonError(body, err)}`);
    }
    const out: ScanResource[] = [];
    lines.forEach((l, i) => {
      if (l.trim() === '') return;
      const r = parseLine(l, file, i + 1);
      if (!isObject(r) || typeof r.type !== 'string') throw new CliUsageError(`resources ${file}: line ${i + 1}: expected a JSON object (one resource with a "type")`);
      out.push({ resource: r, index: out.length, line: i + 1 });
    });
    return out;
  }
  let list: unknown[];
  if (Array.isArray(json)) list = json;
  else if (isObject(json) && Array.isArray(json.data)) list = json.data;
  else if (isObject(json) && isObject(json.data) && Array.isArray(json.data.columns) && Array.isArray(json.data.rows)) {
    const columns = (json.data.columns as unknown[]).map((c) => (isObject(c) && typeof c.name === 'string' ? c.name : String(c)));
    list = (json.data.rows as unknown[]).map((row) => (Array.isArray(row) ? Object.fromEntries(columns.map((c, i) => [c, row[i]])) : row));
  } else if (isObject(json) && Array.isArray(json.value)) list = json.value;
  else if (isObject(json) && typeof json.type === 'string') list = [json];
  else throw new CliUsageError(`resources ${file}: expected Azure Resource Graph output ({"data": [...]}), {"value": [...]}, a JSON array of resources, or JSONL`);
  return list.map((r, i) => {
    if (!isObject(r) || typeof r.type !== 'string') throw new CliUsageError(`resources ${file}: item ${i} is not a resource (a JSON object with a "type")`);
    return { resource: r, index: i };
  });
}

/** Loads and compiles the definitions under a folder (initiatives, tests and other JSON skipped). */
export function loadScanPolicies(io: CliIo, folder: string, aliases: AliasCatalog, warn: (message: string) => void): ScanPolicy[] {
  const files = collectJsonFiles(io, [folder], (f) => !f.endsWith('.test.json'));
  const out: ScanPolicy[] = [];
  for (const file of files) {
    const shown = displayPath(io, file);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      warn(`${shown}: invalid JSON (${(err as Error).message}); skipped`);
      continue;
    }
    const props = isObject(json) && isObject(json.properties) ? json.properties : isObject(json) ? json : {};
    if (!('policyRule' in props)) continue;
    const name = isObject(json) && typeof json.name === 'string' && json.name ? json.name : path.basename(file, '.json');
    try {
      const compiled = compilePolicy(json, { aliases });
      out.push({
        name,
        file: shown,
        compiled,
        displayName: typeof props.displayName === 'string' ? props.displayName : undefined,
        description: typeof props.description === 'string' ? props.description : undefined,
      });
    } catch (err) {
      warn(`${shown}: ${err instanceof PolicyEngineError ? err.message : (err as Error).message}; skipped`);
    }
  }
  return out;
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

  constructor(resources: readonly ScanResource[]) {
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

/** Evaluates every resource against every definition. `progress` is called after each resource. */
export function runScan(resources: readonly ScanResource[], policies: readonly ScanPolicy[], parameters: Record<string, unknown>, progress?: (done: number) => void): ScanReport {
  const related = new RelatedResourceIndex(resources);
  const summaries = policies.map((p): ScanPolicySummary => ({ policy: p.name, file: p.file, mode: p.compiled.mode, evaluated: 0, skipped: 0, effects: {}, errors: 0 }));
  const inputs = policies.map((p) => {
    const declared = new Map(Object.keys(p.compiled.parameters).map((k) => [k.toLowerCase(), k]));
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parameters)) {
      const name = declared.get(k.toLowerCase());
      if (name) values[name] = v;
    }
    return values;
  });
  const modes = policies.map((p) => p.compiled.mode.toLowerCase());
  const findings: ScanFinding[] = [];
  const errors: ScanReport['errors'] = [];
  resources.forEach(({ resource, index, line }, done) => {
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
        if (errors.length < 100) errors.push({ policy: policy.name, resourceId, message: `${result.error.stage} error${result.error.pointer ? ` at ${result.error.pointer}` : ''}: ${result.error.message}` });
        return;
      }
      if (result.effect === null) return;
      summary.effects[result.effect] = (summary.effects[result.effect] ?? 0) + 1;
      if (result.effect.toLowerCase() === 'disabled') return;
      const finding: ScanFinding = { policy: policy.name, effect: result.effect, resourceId, resourceType: str(resource.type), index, ...(line !== undefined ? { line } : {}), ...(result.details !== undefined ? { details: result.details } : {}) };
      findings.push(finding);
    });
    progress?.(done + 1);
  });
  return { resources: resources.length, policies: summaries, findings, errors };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The summary table: one row per definition, then the first findings. */
export function formatScanTable(report: ScanReport, maxFindings = 50): string {
  const header = ['POLICY', 'MODE', 'EVALUATED', 'NON-COMPLIANT', 'EFFECTS', 'ERRORS'];
  const rows = report.policies.map((s) => {
    const nonCompliant = Object.entries(s.effects).filter(([e]) => e.toLowerCase() !== 'disabled').reduce((n, [, c]) => n + c, 0);
    const effects = Object.entries(s.effects).map(([e, c]) => `${e} ${c}`).join(', ') || '-';
    return [s.policy, s.mode, String(s.evaluated), String(nonCompliant), effects, String(s.errors)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const out = [header, ...rows].map((r) => r.map((c, i) => pad(c, widths[i])).join('  ').trimEnd());
  if (report.findings.length > 0) {
    out.push('', 'FINDINGS');
    const shown = report.findings.slice(0, maxFindings);
    const effectWidth = Math.max(...shown.map((f) => f.effect.length));
    const policyWidth = Math.max(...shown.map((f) => f.policy.length));
    for (const f of shown) out.push(`  ${pad(f.effect, effectWidth)}  ${pad(f.policy, policyWidth)}  ${f.resourceId}`);
    if (report.findings.length > maxFindings) out.push(`  ... and ${report.findings.length - maxFindings} more (--format json or sarif lists all)`);
  }
  if (report.errors.length > 0) {
    out.push('', 'ERRORS');
    for (const e of report.errors.slice(0, 20)) out.push(`  ${e.policy}  ${e.resourceId ?? ''}  ${e.message}`);
  }
  out.push('', `${report.resources} resource(s) x ${report.policies.length} definition(s): ${report.findings.length} finding(s), ${report.policies.reduce((n, s) => n + s.errors, 0)} error(s)`);
  return out.join('\n') + '\n';
}

const SARIF_LEVEL: Record<string, 'error' | 'warning' | 'note'> = { deny: 'error', denyaction: 'error' };

/** SARIF 2.1.0: one rule per definition, one result per finding (logical location = resource id). */
export function formatScanSarif(report: ScanReport, policies: readonly ScanPolicy[], resourcesFile: string, version: string): string {
  const ruleIndex = new Map(policies.map((p, i) => [p.name, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'guardrails',
            fullName: 'cdktf-azure-guardrails policy scan',
            version,
            informationUri: 'https://www.npmjs.com/package/cdktf-azure-guardrails',
            rules: policies.map((p) => ({
              id: p.name,
              name: p.name,
              shortDescription: { text: p.displayName ?? p.name },
              fullDescription: { text: p.description ?? p.displayName ?? p.name },
              defaultConfiguration: { level: 'warning' },
              properties: { mode: p.compiled.mode, file: p.file },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: report.errors.map((e) => ({ level: 'error', message: { text: `${e.policy}: ${e.resourceId ?? ''}: ${e.message}` } })),
          },
        ],
        results: report.findings.map((f) => ({
          ruleId: f.policy,
          ruleIndex: ruleIndex.get(f.policy) ?? 0,
          level: SARIF_LEVEL[f.effect.toLowerCase()] ?? 'warning',
          kind: 'fail',
          message: { text: `${f.effect}: ${f.resourceType || 'resource'} ${f.resourceId} does not comply with ${f.policy}` },
          locations: [
            {
              physicalLocation: { artifactLocation: { uri: resourcesFile.split(path.sep).join('/') }, region: { startLine: f.line ?? 1 } },
              logicalLocations: [{ fullyQualifiedName: f.resourceId, kind: 'resource' }],
            },
          ],
          properties: { effect: f.effect, resourceType: f.resourceType, ...(f.details !== undefined ? { details: f.details } : {}) },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
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
  /** Resource export file. */
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
  /** Package version for SARIF. @default '0.0.0' */
  readonly version?: string;
}

/** `guardrails scan`: exit 1 when there are findings, 2 on bad input or an incomplete report. */
export async function runScanCommand(io: CliIo, options: ScanCommandOptions): Promise<number> {
  const resources = parseResourceExport(readTextFile(io, options.resources, 'resources'), options.resources);
  if (options.params && options.assignments?.length) throw new CliUsageError('--params applies to loose definitions; assignments carry their own parameters', true);
  const parameters = options.params ? parseAssignmentParameters(readJsonFile(io, options.params, 'parameters'), options.params) : {};
  const aliases = aliasesFor(io, options.aliases);
  const { plan, notes, failures } = buildScanPlan(io, { ...options, parameters, aliases, ...(options.asOf ? { now: options.asOf } : {}) });
  for (const note of notes) io.stderr.write(`guardrails scan: ${note}\n`);
  const bar = io.stderr.isTTY && resources.length * plan.policies.length >= 20000 ? progressBar(io.stderr, resources.length, 'scanning') : undefined;
  const report = await runAssessment(resources, plan, { toolVersion: options.version ?? '0.0.0', ...(bar ? { progress: (d: number) => bar.update(d) } : {}) });
  bar?.finish();
  const format = options.format ?? 'table';
  const legacy = legacyScanView(report, plan, format === 'table');
  if (format === 'json') await writeOut(io.stdout, JSON.stringify(report, null, 2) + '\n');
  else if (format === 'sarif') await writeOut(io.stdout, formatScanSarif(legacy.report, legacy.policies, displayPath(io, resolvePath(io, options.resources)), options.version ?? '0.0.0'));
  else await writeOut(io.stdout, formatAssignmentTable(report) + formatScanTable(legacy.report));
  const evaluationErrors = report.policies.reduce((n, s) => n + s.errors, 0);
  if (evaluationErrors > 0) io.stderr.write(`guardrails scan: ${evaluationErrors} evaluation(s) failed (listed under ERRORS / "errors"); the scan is incomplete\n`);
  if (failures > 0 || !report.complete) return EXIT_USAGE;
  return report.findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
