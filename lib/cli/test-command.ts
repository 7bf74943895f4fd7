import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo, CliUsageError, displayPath, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, resolvePath, writeFileAtomic, writeOut, xmlEscape } from './io';
import { markdownText } from './report/markdown';
import { findPolicyTestFiles, PolicyTestCaseResult, PolicyTestReport, runPolicyTests } from './policy-tests';

/** Output formats of `guardrails test`. */
export type PolicyTestFormat = 'text' | 'junit' | 'json' | 'markdown';

/** @deprecated the old name of PolicyTestFormat (`default` is now `text`). */
export type PolicyTestReporter = PolicyTestFormat | 'default';

/** The formats `--format` accepts for test. */
export const TEST_FORMATS: readonly PolicyTestFormat[] = ['text', 'junit', 'json', 'markdown'];

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** The human-readable report: one line per file, details of every case that failed or errored, then the totals. */
export function formatPolicyTestReport(io: CliIo, report: PolicyTestReport, elapsedMs: number = report.timeMs): string {
  const out: string[] = [];
  for (const file of report.files) {
    const passed = file.cases.filter((c) => c.status === 'passed').length;
    const errored = file.cases.some((c) => c.status === 'error');
    const name = displayPath(io, file.file);
    out.push(`${errored ? 'ERROR' : passed === file.cases.length ? 'PASS' : 'FAIL'} ${name} (${passed}/${file.cases.length})`);
    for (const c of file.cases) if (c.status !== 'passed') out.push(...formatFailedCase(c));
  }
  out.push('');
  out.push(`${report.files.length} test file(s), ${(elapsedMs / 1000).toFixed(2)} s`);
  out.push(`${report.passed} passed, ${report.failed} failed${report.errors ? `, ${report.errors} error(s)` : ''}`);
  return out.join('\n') + '\n';
}

function formatFailedCase(c: PolicyTestCaseResult): string[] {
  const lines = [`  ${c.status === 'error' ? '!' : 'x'} ${c.name}`];
  if (c.error) lines.push(`      error:    ${c.error}`);
  if ('effect' in c.expected) {
    lines.push(`      expected: effect ${show(c.expected.effect)}${c.expected.details !== undefined ? `, details ⊆ ${show(c.expected.details)}` : ''}`);
    lines.push(`      actual:   effect ${show(c.actual.effect)}${c.actual.details !== undefined ? `, details ${show(c.actual.details)}` : ''}`);
  }
  if (c.trace.length > 0) {
    lines.push('      trace:');
    for (const t of c.trace) lines.push(`        ${t}`);
  }
  return lines;
}

/** Seconds with millisecond precision, as xs:decimal. */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** ISO 8601 without fraction or zone (the Ant schema's pattern; the time is UTC). */
function antTimestamp(iso: string): string {
  return iso.replace(/\.\d+Z$|Z$/, '');
}

/** A name for xs:token attributes: no line breaks or tabs, no leading/trailing or repeated spaces, never empty. */
function token(text: string): string {
  return text.replace(/\s+/g, ' ').trim() || '(unnamed)';
}

/**
 * JUnit XML valid against both the Apache Ant JUnit schema and Jenkins' junit-10.xsd: one testsuite per test file
 * (id, package, hostname, timestamp, tests, failures, errors, skipped, time; properties, system-out and system-err
 * elements), one testcase per case with its time; a mismatch is a <failure>, a case or file that could not be run
 * (unreadable or malformed file, missing or uncompilable definition, malformed case, evaluation error) an <error>.
 * The root <testsuites> carries no attributes, which the Ant schema does not allow.
 */
export function formatPolicyTestJunit(io: CliIo, report: PolicyTestReport, hostname: string = os.hostname()): string {
  const host = token(hostname) || 'localhost';
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  report.files.forEach((file, index) => {
    const name = token(displayPath(io, file.file).split(path.sep).join('/'));
    const failures = file.cases.filter((c) => c.status === 'failed').length;
    const errors = file.cases.filter((c) => c.status === 'error').length;
    out.push(
      `  <testsuite name="${xmlEscape(name)}" package="guardrails" id="${index}" hostname="${xmlEscape(host)}" timestamp="${antTimestamp(file.timestamp)}" tests="${file.cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(file.timeMs)}">`,
    );
    out.push('    <properties>');
    out.push(`      <property name="policy" value="${xmlEscape(file.policy ? displayPath(io, file.policy).split(path.sep).join('/') : '')}"/>`);
    out.push('    </properties>');
    const classname = token(name.replace(/\.test\.json$/, ''));
    for (const c of file.cases) {
      const open = `    <testcase name="${xmlEscape(token(c.name))}" classname="${xmlEscape(classname)}" time="${seconds(c.timeMs)}"`;
      if (c.status === 'passed') {
        out.push(`${open}/>`);
        continue;
      }
      const message = c.error ?? `expected effect ${show(c.expected.effect)}, got ${show(c.actual.effect)}`;
      const body = formatFailedCase(c).slice(1).map((l) => l.trim()).join('\n');
      const element = c.status === 'error' ? 'error' : 'failure';
      const type = c.status === 'error' ? 'PolicyTestError' : 'PolicyTestFailure';
      out.push(`${open}>`);
      out.push(`      <${element} message="${xmlEscape(message)}" type="${type}">${xmlEscape(body)}</${element}>`);
      out.push('    </testcase>');
    }
    out.push('    <system-out></system-out>');
    out.push('    <system-err></system-err>');
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** Markdown for pipeline summaries: totals, then a table of every case that failed or errored. */
export function formatPolicyTestMarkdown(io: CliIo, report: PolicyTestReport, maxRows = 200): string {
  const out = ['## guardrails test', ''];
  out.push(`**${report.passed} passed, ${report.failed} failed, ${report.errors} error(s)** in ${report.files.length} test file(s), ${(report.timeMs / 1000).toFixed(2)} s.`, '');
  const bad = report.files.flatMap((f) => f.cases.filter((c) => c.status !== 'passed').map((c) => ({ file: displayPath(io, f.file), c })));
  if (bad.length > 0) {
    out.push('| Result | File | Case | Detail |', '| --- | --- | --- | --- |');
    for (const { file, c } of bad.slice(0, maxRows)) {
      const detail = c.error ?? `expected effect ${show(c.expected.effect)}, got ${show(c.actual.effect)}`;
      out.push(`| ${c.status === 'error' ? 'error' : 'failed'} | ${markdownText(file)} | ${markdownText(c.name)} | ${markdownText(detail)} |`);
    }
    if (bad.length > maxRows) out.push('', `… and ${bad.length - maxRows} more (the JUnit or JSON report lists all).`);
    out.push('');
  }
  return out.join('\n') + '\n';
}

/** Options of runTestCommand. */
export interface TestCommandOptions {
  /** Write the report to this file (atomically) instead of stdout. @default stdout */
  readonly output?: string;
  /** Other folders the files a test names (policy, aliases) may be in, besides the tested folder. @default none */
  readonly allowRead?: readonly string[];
}

/**
 * `guardrails test [folder] [--format text|junit|json|markdown]`. Exit 2 when a case or file errored, or there is
 * nothing to run; 1 when a case failed; 0 when all passed.
 */
export async function runTestCommand(io: CliIo, folder: string, format: PolicyTestFormat | 'default' = 'text', options: TestCommandOptions = {}): Promise<number> {
  const abs = resolvePath(io, folder);
  if (!fs.existsSync(abs)) throw new CliUsageError(`${folder}: no such file or folder`);
  const skips: string[] = [];
  if (findPolicyTestFiles(abs, (s) => skips.push(s.file), io).length === 0 && skips.length === 0) throw new CliUsageError(`${folder}: no *.test.json files found`);
  const report = runPolicyTests(abs, { io, allowRead: (options.allowRead ?? []).map((f) => resolvePath(io, f)) });
  let text: string;
  if (format === 'json') text = JSON.stringify(report, null, 2) + '\n';
  else if (format === 'junit') text = formatPolicyTestJunit(io, report);
  else if (format === 'markdown') text = formatPolicyTestMarkdown(io, report);
  else text = formatPolicyTestReport(io, report);
  if (options.output) writeFileAtomic(io, options.output, text);
  else await writeOut(io.stdout, text);
  if (format !== 'text' && format !== 'default') io.stderr.write(`${report.passed} passed, ${report.failed} failed${report.errors ? `, ${report.errors} error(s)` : ''}\n`);
  if (report.errors > 0) {
    io.stderr.write(`guardrails test: ${report.errors} case(s) or file(s) could not be run (errors above); the run is incomplete\n`);
    return EXIT_USAGE;
  }
  return report.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}
