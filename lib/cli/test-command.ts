import * as fs from 'fs';
import * as path from 'path';
import { CliIo, CliUsageError, displayPath, EXIT_FINDINGS, EXIT_OK, resolvePath, writeOut, xmlEscape } from './io';
import { findPolicyTestFiles, PolicyTestCaseResult, PolicyTestReport, runPolicyTests } from './policy-tests';

/** Output formats of `guardrails test`. */
export type PolicyTestReporter = 'default' | 'junit' | 'json';

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** The human-readable report: one line per file, details of every failing case, then `N passed, N failed`. */
export function formatPolicyTestReport(io: CliIo, report: PolicyTestReport, elapsedMs: number): string {
  const out: string[] = [];
  for (const file of report.files) {
    const failed = file.cases.filter((c) => !c.passed);
    const name = displayPath(io, file.file);
    out.push(`${failed.length === 0 ? 'PASS' : 'FAIL'} ${name} (${file.cases.length - failed.length}/${file.cases.length})`);
    for (const c of failed) out.push(...formatFailedCase(c));
  }
  out.push('');
  out.push(`${report.files.length} test file(s), ${(elapsedMs / 1000).toFixed(2)} s`);
  out.push(`${report.passed} passed, ${report.failed} failed`);
  return out.join('\n') + '\n';
}

function formatFailedCase(c: PolicyTestCaseResult): string[] {
  const lines = [`  x ${c.name}`];
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

/** JUnit XML (one testsuite per file, one testcase per case, <failure> with expected/actual/trace). */
export function formatPolicyTestJunit(io: CliIo, report: PolicyTestReport, elapsedMs: number): string {
  const total = report.passed + report.failed;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="guardrails policy tests" tests="${total}" failures="${report.failed}" errors="0" time="${(elapsedMs / 1000).toFixed(3)}">`,
  ];
  for (const file of report.files) {
    const name = displayPath(io, file.file).split(path.sep).join('/');
    const failures = file.cases.filter((c) => !c.passed).length;
    out.push(`  <testsuite name="${xmlEscape(name)}" tests="${file.cases.length}" failures="${failures}" errors="0" skipped="0">`);
    for (const c of file.cases) {
      const open = `    <testcase classname="${xmlEscape(name.replace(/\.test\.json$/, ''))}" name="${xmlEscape(c.name)}"`;
      if (c.passed) {
        out.push(`${open}/>`);
        continue;
      }
      const message = c.error ?? `expected effect ${show(c.expected.effect)}, got ${show(c.actual.effect)}`;
      const body = formatFailedCase(c).slice(1).map((l) => l.trim()).join('\n');
      out.push(`${open}>`);
      out.push(`      <failure message="${xmlEscape(message)}" type="PolicyTestFailure">${xmlEscape(body)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** `guardrails test [folder] [--reporter default|junit|json]`. Exit 1 when a case fails, 2 when there is nothing to run. */
export async function runTestCommand(io: CliIo, folder: string, reporter: PolicyTestReporter, allowRead: readonly string[] = []): Promise<number> {
  const abs = resolvePath(io, folder);
  if (!fs.existsSync(abs)) throw new CliUsageError(`${folder}: no such file or folder`);
  if (findPolicyTestFiles(abs).length === 0) throw new CliUsageError(`${folder}: no *.test.json files found`);
  const started = process.hrtime.bigint();
  const report = runPolicyTests(abs, { allowRead: allowRead.map((f) => resolvePath(io, f)) });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  let text: string;
  if (reporter === 'json') text = JSON.stringify(report, null, 2) + '\n';
  else if (reporter === 'junit') text = formatPolicyTestJunit(io, report, elapsed);
  else text = formatPolicyTestReport(io, report, elapsed);
  await writeOut(io.stdout, text);
  if (reporter !== 'default') io.stderr.write(`${report.passed} passed, ${report.failed} failed\n`);
  return report.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}
