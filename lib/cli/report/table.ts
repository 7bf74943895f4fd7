import { errorCount, errorsBeyondSkipped, incompleteReasons, locationText, undeterminedCause } from './common';
import type { ScanReport } from './types';

/** Options of formatScanTable. */
export interface TableOptions {
  /** Findings listed (the rest are counted). @default 50 */
  readonly maxFindings?: number;
  /** Lines listed per other section (undetermined, exempted, skipped, errors). @default 20 */
  readonly maxOther?: number;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** One line of text: control characters (including line breaks from input) shown as spaces. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd());
}

/**
 * The human-readable report: one row per definition (mode, evaluated, non-compliant, effects, errors), then the
 * findings, undetermined and exempted results, Terraform resources not translated, what was skipped and the errors;
 * the last line sums up, and says INCOMPLETE when anything was skipped, failed or cut.
 */
export function formatScanTable(report: ScanReport, options: TableOptions = {}): string {
  const maxFindings = options.maxFindings ?? 50;
  const maxOther = options.maxOther ?? 20;
  const header = ['POLICY', 'MODE', 'EVALUATED', 'NON-COMPLIANT', 'EFFECTS', 'ERRORS'];
  // Through an assignment, a result is named `<assignment name>/<reference id or definition>`.
  const names = new Map(report.assignments.map((a) => [a.id, a.name]));
  const label = (p: { policy: string; assignment?: string; referenceId?: string }): string =>
    p.assignment ? `${names.get(p.assignment) ?? p.assignment}/${p.referenceId ?? p.policy}` : p.policy;
  const rows = report.policies.map((s) => {
    const nonCompliant = Object.entries(s.effects).filter(([e]) => e.toLowerCase() !== 'disabled').reduce((n, [, c]) => n + c, 0);
    const effects = Object.entries(s.effects).map(([e, c]) => `${e} ${c}`).join(', ') || '-';
    const name = oneLine(s.referenceId ? `${label(s)} (${s.policy})` : label(s));
    return [name, oneLine(s.mode), String(s.evaluated), String(nonCompliant), effects, String(s.errors)];
  });
  const out = columns([header, ...rows]);
  const section = <T>(title: string, items: readonly T[], line: (item: T) => string[], max: number, more: string): void => {
    if (items.length === 0) return;
    out.push('', title);
    const shown = items.slice(0, max).map((item) => line(item).map(oneLine));
    for (const l of columns(shown)) out.push(`  ${l}`);
    if (items.length > max) out.push(`  ... and ${items.length - max} more ${more}`);
  };
  section('FINDINGS', report.findings, (f) => [f.enforced === false ? `${f.effect} (not enforced)` : f.effect, label(f), f.resourceId, locationText(f)], maxFindings, '(--format json or sarif lists all)');
  if (report.truncated) out.push(`  (--max-results: ${report.truncated.shown} of ${report.truncated.findings} findings kept)`);
  section('UNDETERMINED (known after apply)', report.undetermined, (u) => [`would ${u.effect}`, label(u), u.address ?? u.resourceId, undeterminedCause(u)], maxOther, '(--format json lists all)');
  section('EXEMPTED', report.exempted, (x) => [x.effect, label(x), x.resourceId, `${x.exemption.category} ${x.exemption.id}${x.exemption.expiresOn ? ` until ${x.exemption.expiresOn}` : ''}`], maxOther, '(--format json lists all)');
  section('NOT TRANSLATED (not evaluated)', report.notTranslated, (t) => [t.address, t.armType ? `${t.type} (${t.armType})` : t.type, t.count !== undefined ? `${t.count} instance(s)` : ''], maxOther, '(--format json lists all)');
  const { errors, skippedAsError } = errorsBeyondSkipped(report);
  section('SKIPPED (not evaluated)', report.skipped.map((s, k) => ({ s, error: skippedAsError.has(k) })), ({ s, error }) => [s.file ?? s.policy ?? '-', `${error ? 'error: ' : ''}${s.reason}`], maxOther, '(--format json lists all)');
  section('ERRORS', errors, (e) => [e.policy ?? '-', `${e.message}${e.resourceId || e.address ? ` (first on ${e.address ?? e.resourceId})` : ''}${e.occurrences > 1 ? ` (x${e.occurrences})` : ''}`], maxOther, '(--format json lists all)');
  out.push('', `${report.resources} resource(s) x ${report.policies.length} definition(s): ${report.truncated?.findings ?? report.findings.length} finding(s), ${errorCount(report)} error(s)`);
  if (report.assignments.length > 0) out.push(`${report.assignments.length} assignment(s): ${report.assignments.map((a) => `${a.name}${a.enforcementMode === 'DoNotEnforce' ? ' (DoNotEnforce)' : ''}`).join(', ')}`);
  const reasons = incompleteReasons(report);
  if (!report.complete || reasons.length > 0) out.push(`INCOMPLETE: ${reasons.join('; ') || 'see above'}`);
  return out.join('\n') + '\n';
}
