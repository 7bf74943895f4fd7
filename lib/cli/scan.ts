import { aliasesFor } from './catalogs';
import { parseAssignmentParameters } from './eval';
import { CliIo, CliOutput, CliUsageError, displayPath, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, readJsonFile, resolvePath, writeFileAtomic, writeOut } from './io';

export { writeFileAtomic };
import { FindingSpool, runAssessment } from '../assess';
import { formatScanHtml, formatScanJson, formatScanJsonChunks, formatScanMarkdown, formatScanSarif, formatScanTable, limitResults, scanExitCode, truncateFindings } from './report';
import { FailOn, failsOn, findingKeeper, hasGaps } from './report/common';
import { policyHelpUri } from './report/help-links';
import type { AssessResource, ScanReport, SkippedItem } from './report/types';
import { readResourceExport } from './resource-reader';
import { buildScanPlan, formatAssignmentTable } from './whatif';

export { parseResourceExport } from './resource-reader';

/** Output formats of `guardrails scan`. */
export type ScanFormat = 'table' | 'json' | 'sarif' | 'markdown' | 'html';

/** The formats `--format` accepts for scan. */
export const SCAN_FORMATS: readonly ScanFormat[] = ['table', 'json', 'sarif', 'markdown', 'html'];

/** GitHub code scanning refuses a SARIF run with more results than this. */
export const SARIF_MAX_RESULTS = 25_000;

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

/** How a finished assessment is reported: the options of {@link ScanCommandOptions} that shape the output. */
export interface ScanReportOptions {
  readonly format?: ScanFormat;
  readonly output?: string;
  readonly failOn?: FailOn;
  readonly maxResults?: number;
  readonly basePath?: string;
  /** Exit 1 also when a verdict is undetermined or a Terraform resource was not translated (`--strict`). @default false */
  readonly strict?: boolean;
}

/**
 * The report pipeline shared by `scan --resources` and `scan --terraform`: adds the --policies files that could not
 * be used (`problems`) and the definitions that do not compile to the report as skipped and errors, renders it in
 * the format asked for (cut to --max-results), writes it (stdout or --output), and returns the exit code: 2 when
 * the scan is incomplete (an error, anything skipped, `failures` from planning), else 1 when a finding fails under
 * --fail-on (or, with `strict`, anything is undetermined or not translated), else 0.
 */
export async function reportScan(io: CliIo, assessed: ScanReport, problems: readonly SkippedItem[], failures: number, options: ScanReportOptions, spool?: FindingSpool): Promise<number> {
  // Files under --policies that could not be used are part of the report (skipped, and one error each).
  // A definition that does not compile is an error as well as skipped (the scan could not do what was asked).
  const uncompiled = assessed.skipped.filter((s) => /^does not compile/.test(s.reason));
  let report: ScanReport = problems.length + uncompiled.length === 0 ? assessed : {
    ...assessed,
    complete: false,
    skipped: [...problems, ...assessed.skipped],
    errors: [...[...problems, ...uncompiled].map((p) => ({ ...(p.policy ? { policy: p.policy } : {}), message: `${p.file ?? p.policy}: ${p.reason}`, occurrences: 1 })), ...assessed.errors],
  };
  // A Terraform resource that was not translated was not evaluated: the report does not cover everything.
  if (report.notTranslated.length > 0 && report.complete) report = { ...report, complete: false };
  // Exit 2 whenever the scan is incomplete: an error, or anything skipped (a scope that cannot be decided is never compliant).
  const failOn = options.failOn ?? 'any';
  let exit = failures > 0 || hasGaps(report) ? EXIT_USAGE : spool ? spoolExitCode(report, spool, failOn) : scanExitCode(report, failOn);
  if (exit === EXIT_OK && options.strict && (report.undetermined.length > 0 || report.notTranslated.length > 0)) exit = EXIT_FINDINGS;

  const format = options.format ?? 'table';
  const max = options.maxResults ?? (format === 'sarif' ? SARIF_MAX_RESULTS : undefined);
  if (spool && format === 'json') {
    // Streamed (issue 12 item 10): the findings are read from the spool one at a time, never all in memory.
    let findings: Iterable<string> = spool.texts();
    let shown = report;
    if (max !== undefined && max >= 0 && spool.count > max) {
      const keep = findingKeeper(spool, max);
      findings = mapped(filtered(spool, keep), (f) => JSON.stringify(f, null, 2));
      shown = { ...report, complete: false, truncated: { findings: spool.count, shown: max } };
      noteTruncated(io, max, shown.truncated!);
    }
    const chunks = formatScanJsonChunks(shown, findings);
    if (options.output) writeFileAtomic(io, options.output, chunks);
    else for (const chunk of chunks) await writeOut(io.stdout, chunk);
  } else {
    const all = spool ? withSpooledFindings(report, spool, max, format) : report;
    const shown = max === undefined || all.truncated ? all : format === 'sarif' ? limitResults(all, max) : truncateFindings(all, max);
    if (shown.truncated) noteTruncated(io, max, shown.truncated);
    let text: string;
    try {
      text = (format === 'table' && shown.assignments.length > 0 ? formatAssignmentTable(shown) : '') + formatScanReport(shown, format, { cwd: io.cwd ?? process.cwd(), basePath: options.basePath });
    } catch (err) {
      // A report is written as one document; millions of findings pass V8's string limit (about 512 MB).
      if (!(err instanceof RangeError)) throw err;
      throw new CliUsageError(`the ${format} report of ${shown.findings.length.toLocaleString('en-US')} finding(s) is too large to write as one document (${err.message}): keep the most severe with --max-results <n>, use --format json (written as it is read), or scan the export in parts`);
    }
    if (options.output) writeFileAtomic(io, options.output, text);
    else await writeOut(io.stdout, text);
  }

  const evaluationErrors = report.errors.reduce((n, e) => n + e.occurrences, 0);
  if (evaluationErrors > 0) io.stderr.write(`guardrails scan: ${evaluationErrors} evaluation(s) failed (${report.errors.length} distinct error(s), listed under ERRORS / "errors"); the scan is incomplete\n`);
  return exit;
}

function noteTruncated(io: CliIo, max: number | undefined, truncated: NonNullable<ScanReport['truncated']>): void {
  io.stderr.write(`guardrails scan: --max-results ${max}: ${truncated.shown} of ${truncated.findings} results kept (the most severe first)\n`);
}

/** The exit code of scanExitCode, from the spool's tally of effects (no pass over the findings). */
function spoolExitCode(report: ScanReport, spool: FindingSpool, failOn: FailOn): number {
  if (report.errors.length > 0) return EXIT_USAGE;
  for (const key of spool.tally.keys()) {
    const [effect, enforced] = key.split('\u0000');
    if (failsOn({ effect, enforced: enforced === 'true' }, failOn)) return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

function* filtered<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

function* mapped<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/**
 * The report with the spooled findings in memory, for the formats written as one document: all of them, or (with
 * --max-results under the count) only those kept, chosen in two passes over the spool, with `truncated` counting
 * them all, as limitResults / truncateFindings would over the whole list.
 */
function withSpooledFindings(report: ScanReport, spool: FindingSpool, max: number | undefined, format: ScanFormat): ScanReport {
  if (max === undefined || !(max >= 0) || spool.count <= max) return { ...report, findings: [...spool] };
  const keep = findingKeeper(spool, max);
  const findings = [...filtered(spool, keep)];
  const cut: ScanReport = { ...report, complete: false, findings };
  if (format !== 'sarif') return { ...cut, truncated: { findings: spool.count, shown: findings.length } };
  // SARIF: no room is left for undetermined or exempted results (the findings take the whole budget).
  return { ...cut, undetermined: [], exempted: [], truncated: { findings: spool.count + report.undetermined.length + report.exempted.length, shown: findings.length } };
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
  // Findings beyond the first 1,000 wait in a temporary file (bounded memory for any number of findings).
  const spool = new FindingSpool();
  try {
    const assessed = await runAssessment(read(), plan, {
      toolVersion: options.version ?? '0.0.0',
      spool,
      ...(options.resources !== '-' ? { reopen: read } : {}),
      ...(counter ? { progress: (d: number) => counter.update(d) } : {}),
    });
    counter?.finish();
    if (spool.problem) io.stderr.write(`guardrails scan: warning: ${spool.problem}\n`);
    if (assessed.resources === 0) io.stderr.write(`guardrails scan: warning: ${display} holds no resources; nothing was evaluated\n`);
    return await reportScan(io, assessed, problems, failures, options, spool);
  } finally {
    spool.dispose();
  }
}
