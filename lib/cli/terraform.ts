/**
 * `guardrails scan --terraform <file|folder>`: translates a Terraform input (cdktf synth folder, cdk.tf.json,
 * `*.tf.json`, `terraform show -json` plan, HCL with @cdktf/hcl2json) into the ARM resources Azure Policy evaluates
 * and evaluates the definitions under --policies. Output: the C3 report (`--format json`), a table, or SARIF.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compilePolicy, PolicyEngineError } from '../policy-engine';
import { TerraformInputError, TranslationResult, readTerraformPath, translate } from '../preflight';
import { aliasesFor } from './catalogs';
import { parseAssignmentParameters } from './eval';
import { CliIo, CliUsageError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, collectJsonFiles, displayPath, isObject, readJsonFile, resolvePath, writeOut } from './io';
import { ScanReportC3, TerraformPolicy, assessTerraform } from './terraform-assess';

/** Options of `guardrails scan --terraform`. */
export interface TerraformScanOptions {
  /** File or folder to read. */
  readonly terraform: string;
  /** Folder (or file) of definitions. */
  readonly policies: string;
  /** Assignment parameter values. @default none */
  readonly params?: string;
  /** Output format. @default 'table' */
  readonly format?: 'table' | 'json' | 'sarif';
  /** Extra alias catalogs. @default bundled only */
  readonly aliases?: readonly string[];
  /** Package version. @default '0.0.0' */
  readonly version?: string;
  /** Root variable values (`name=value`, repeatable). @default defaults only */
  readonly vars?: readonly string[];
  /** The configuration is complete: related resources it does not hold do not exist. @default false */
  readonly complete?: boolean;
  /** Exit 1 also for undetermined verdicts and resources not translated. @default false */
  readonly strict?: boolean;
}

/** Loads and compiles the definitions under a folder, keeping their JSON (initiatives, tests and other JSON skipped). */
export function loadTerraformPolicies(io: CliIo, folder: string, aliases: ReturnType<typeof aliasesFor>, warn: (m: string) => void): TerraformPolicy[] {
  const files = collectJsonFiles(io, [folder], (f) => !f.endsWith('.test.json'));
  const out: TerraformPolicy[] = [];
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
      out.push({
        name,
        file: shown,
        compiled: compilePolicy(json, { aliases }),
        definition: json,
        displayName: typeof props.displayName === 'string' ? props.displayName : undefined,
        description: typeof props.description === 'string' ? props.description : undefined,
      });
    } catch (err) {
      warn(`${shown}: ${err instanceof PolicyEngineError ? err.message : (err as Error).message}; skipped`);
    }
  }
  return out;
}

function parseVars(vars: readonly string[] | undefined): Record<string, unknown> | undefined {
  if (!vars || vars.length === 0) return undefined;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const v of vars) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new CliUsageError(`--var ${JSON.stringify(v)}: expected name=value`, true);
    const name = v.slice(0, eq);
    const raw = v.slice(eq + 1);
    // Like terraform -var: a value that parses as JSON (number, bool, list, object) is that value, else a string.
    let value: unknown = raw;
    if (/^[[{0-9-]|^(true|false|null)$/.test(raw.trim())) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    out[name] = value;
  }
  return out;
}

/** Translates every source of the input into one result (each stack is translated on its own, so links stay inside a stack; indices are distinct across stacks). */
export async function translateTerraformInput(io: CliIo, target: string, vars?: Record<string, unknown>): Promise<TranslationResult> {
  let sources;
  try {
    sources = await readTerraformPath(resolvePath(io, target), { variables: vars, display: (p) => displayPath(io, p) });
  } catch (err) {
    if (err instanceof TerraformInputError) throw new CliUsageError(err.message);
    throw err;
  }
  const resources: TranslationResult['resources'] = [];
  const notTranslated: TranslationResult['notTranslated'] = [];
  const notes: TranslationResult['notes'] = [];
  let translated = 0;
  let otherProviders = 0;
  for (const s of sources) {
    const r = translate(s.input);
    const prefix = s.stack ? `${s.stack}: ` : '';
    for (const a of r.resources) resources.push(a);
    notTranslated.push(...r.notTranslated);
    notes.push(...r.notes.map((n) => ({ ...n, message: prefix + n.message })));
    translated += r.translated;
    otherProviders += r.otherProviders;
  }
  return { resources, notTranslated, notes, translated, otherProviders };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Readable summary: policies, findings with Terraform addresses, undetermined verdicts, what was not translated. */
export function formatTerraformTable(report: ScanReportC3, translation: TranslationResult, maxRows = 50): string {
  const out: string[] = [];
  const header = ['POLICY', 'MODE', 'EVALUATED', 'NON-COMPLIANT', 'UNDETERMINED', 'ERRORS'];
  const rows = report.policies.map((s) => {
    const nc = Object.entries(s.effects).filter(([e]) => e.toLowerCase() !== 'disabled').reduce((n, [, c]) => n + c, 0);
    return [s.policy, s.mode, String(s.evaluated), String(nc), String(s.undetermined), String(s.errors)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  out.push(...[header, ...rows].map((r) => r.map((c, i) => pad(c, widths[i])).join('  ').trimEnd()));
  const section = <T>(title: string, list: readonly T[], line: (x: T) => string): void => {
    if (list.length === 0) return;
    out.push('', title);
    for (const x of list.slice(0, maxRows)) out.push('  ' + line(x));
    if (list.length > maxRows) out.push(`  ... and ${list.length - maxRows} more (--format json lists all)`);
  };
  section('FINDINGS', report.findings, (f) => `${pad(f.effect, 17)} ${f.policy}  ${f.address ?? f.resourceId}${f.file ? `  (${f.file}${f.line ? ':' + f.line : ''})` : ''}`);
  section('UNDETERMINED (depends on values known only after apply, or on resources outside the configuration)', report.undetermined, (u) => `would ${u.effect} ${u.policy}  ${u.address ?? u.resourceId}  ${u.paths.length ? u.paths.join(', ') : u.reasons.join('; ')}`);
  const byType = new Map<string, number>();
  for (const n of report.notTranslated) byType.set(n.type, (byType.get(n.type) ?? 0) + 1);
  section('NOT TRANSLATED (not evaluated; never counted compliant)', [...byType.entries()].sort((a, b) => b[1] - a[1]), ([t, c]) => `${t} x${c}`);
  section('ERRORS', report.errors, (e) => `${e.policy ?? ''}  ${e.address ?? e.resourceId ?? ''}  ${e.message}${e.occurrences > 1 ? ` (x${e.occurrences})` : ''}`);
  out.push(
    '',
    `${translation.translated} Terraform resource(s) translated into ${report.resources} ARM resource(s) x ${report.policies.length} definition(s): ` +
      `${report.findings.length} finding(s), ${report.undetermined.length} undetermined, ${report.notTranslated.length} not translated` +
      (translation.otherProviders ? `, ${translation.otherProviders} of other providers ignored` : '') +
      (report.notes?.length ? `; ${report.notes.length} note(s) in --format json` : ''),
  );
  return out.join('\n') + '\n';
}

const SARIF_LEVEL: Record<string, 'error' | 'warning' | 'note'> = { deny: 'error', denyaction: 'error' };

/** SARIF 2.1.0: findings as results (error for Deny), undetermined verdicts as notes, not-translated as notifications. */
export function formatTerraformSarif(report: ScanReportC3, policies: readonly TerraformPolicy[], version: string): string {
  const ruleIndex = new Map(policies.map((p, i) => [p.name, i]));
  const location = (x: { address?: string; file?: string; line?: number; resourceId: string }): unknown[] => [
    {
      ...(x.file ? { physicalLocation: { artifactLocation: { uri: x.file.split(path.sep).join('/') }, region: { startLine: x.line ?? 1 } } } : {}),
      logicalLocations: [{ fullyQualifiedName: x.address ?? x.resourceId, kind: 'resource' }],
    },
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'guardrails',
            fullName: 'cdktf-azure-guardrails policy scan (Terraform)',
            version,
            informationUri: 'https://www.npmjs.com/package/cdktf-azure-guardrails',
            rules: policies.map((p) => ({ id: p.name, name: p.name, shortDescription: { text: p.displayName ?? p.name }, fullDescription: { text: p.description ?? p.displayName ?? p.name }, defaultConfiguration: { level: 'warning' }, properties: { mode: p.compiled.mode, file: p.file } })),
          },
        },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: [
              ...report.errors.map((e) => ({ level: 'error', message: { text: `${e.policy ?? ''}: ${e.address ?? e.resourceId ?? ''}: ${e.message}` } })),
              ...report.notTranslated.map((n) => ({ level: 'warning', message: { text: `${n.address} (${n.type}) was not translated and not evaluated` } })),
            ],
          },
        ],
        results: [
          ...report.findings.map((f) => ({
            ruleId: f.policy,
            ruleIndex: ruleIndex.get(f.policy) ?? 0,
            level: SARIF_LEVEL[f.effect.toLowerCase()] ?? 'warning',
            kind: 'fail',
            message: { text: `${f.effect}: ${f.address ?? f.resourceId} does not comply with ${f.policy}${f.reason ? ` (${f.reason})` : ''}` },
            locations: location(f),
            properties: { effect: f.effect, resourceType: f.resourceType, resourceId: f.resourceId },
          })),
          ...report.undetermined.map((u) => ({
            ruleId: u.policy,
            ruleIndex: ruleIndex.get(u.policy) ?? 0,
            level: 'note',
            kind: 'review',
            message: { text: `undetermined: would ${u.effect} ${u.address ?? u.resourceId} if ${u.paths.length ? u.paths.join(', ') + ' (known after apply)' : u.reasons.join('; ')}` },
            locations: location(u),
            properties: { effect: u.effect, paths: u.paths, reasons: u.reasons },
          })),
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** `guardrails scan --terraform`: exit 1 with findings (or, with --strict, undetermined / not translated), 2 on bad input. */
export async function runTerraformScanCommand(io: CliIo, options: TerraformScanOptions): Promise<number> {
  const policiesPath = resolvePath(io, options.policies);
  if (!fs.existsSync(policiesPath)) throw new CliUsageError(`policies ${options.policies}: no such file or folder`);
  const parameters = options.params ? parseAssignmentParameters(readJsonFile(io, options.params, 'parameters'), options.params) : {};
  const aliases = aliasesFor(io, options.aliases);
  const skipped: ScanReportC3['skipped'] = [];
  const policies = loadTerraformPolicies(io, options.policies, aliases, (m) => {
    skipped.push({ reason: m });
    io.stderr.write(`guardrails scan: ${m}\n`);
  });
  const compileFailures = skipped.length;
  if (policies.length === 0) throw new CliUsageError(`policies ${options.policies}: no policy definition found${compileFailures ? ' that compiles' : ''}`);
  const translation = await translateTerraformInput(io, options.terraform, parseVars(options.vars));
  const version = options.version ?? '0.0.0';
  const report = assessTerraform(translation, policies, { parameters, aliases, complete: options.complete, version });
  if (compileFailures > 0) report.complete = false;
  report.skipped.push(...skipped);
  const format = options.format ?? 'table';
  if (format === 'json') await writeOut(io.stdout, JSON.stringify(report, null, 2) + '\n');
  else if (format === 'sarif') await writeOut(io.stdout, formatTerraformSarif(report, policies, version));
  else await writeOut(io.stdout, formatTerraformTable(report, translation));
  const evaluationErrors = report.errors.reduce((n, e) => n + e.occurrences, 0);
  if (evaluationErrors > 0) io.stderr.write(`guardrails scan: ${evaluationErrors} evaluation(s) failed; the scan is incomplete\n`);
  if (report.notTranslated.length > 0) io.stderr.write(`guardrails scan: ${report.notTranslated.length} resource(s) not translated and not evaluated (listed under "notTranslated")\n`);
  if (compileFailures > 0 || evaluationErrors > 0) return EXIT_USAGE;
  if (report.findings.length > 0) return EXIT_FINDINGS;
  if (options.strict && (report.undetermined.length > 0 || report.notTranslated.length > 0)) return EXIT_FINDINGS;
  return EXIT_OK;
}
