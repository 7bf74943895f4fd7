import { errorCount, errorsBeyondSkipped, findingRank, incompleteReasons, locationText } from './common';
import type { ScanReport } from './types';

/** Options of formatScanMarkdown. */
export interface MarkdownOptions {
  /** Findings listed (GitHub caps a step summary at 1 MiB). @default 200 */
  readonly maxFindings?: number;
  /** Rows listed per other section. @default 50 */
  readonly maxOther?: number;
  /** Heading. @default 'guardrails scan' */
  readonly title?: string;
}

/**
 * Text as inert Markdown (GitHub and Azure DevOps): every character Markdown or HTML could act on is escaped, line
 * breaks become spaces, so input such as resource names cannot add links, images, HTML or table cells.
 */
export function markdownText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_{}[\]()#+\-.!|~:@"'$%^=]/g, (c) => `\\${c}`)
  );
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/**
 * Markdown for pipeline summaries (`$GITHUB_STEP_SUMMARY`, Azure DevOps `##vso[task.uploadsummary]`): the verdict,
 * a table by policy, the findings (capped), and every skipped item and error. Everything from the input is escaped.
 */
export function formatScanMarkdown(report: ScanReport, options: MarkdownOptions = {}): string {
  const maxFindings = options.maxFindings ?? 200;
  const maxOther = options.maxOther ?? 50;
  const total = report.truncated?.findings ?? report.findings.length;
  const out: string[] = [`## ${markdownText(options.title ?? 'guardrails scan')}`, ''];
  const reasons = incompleteReasons(report);
  const verdict = `**${total} finding(s)** in ${report.resources} resource(s) against ${report.policies.length} definition(s); ${errorCount(report)} error(s), ${report.skipped.length} skipped, ${report.undetermined.length} undetermined, ${report.exempted.length} exempted.`;
  out.push(verdict, '');
  if (!report.complete || reasons.length > 0) out.push(`> **Incomplete scan:** ${markdownText(reasons.join('; ') || 'see below')}.`, '');
  if (report.policies.length > 0) {
    out.push(
      ...table(
        ['Policy', 'Mode', 'Evaluated', 'Non-compliant', 'Effects', 'Errors'],
        report.policies.map((p) => {
          const nonCompliant = Object.entries(p.effects).filter(([e]) => e.toLowerCase() !== 'disabled').reduce((n, [, c]) => n + c, 0);
          const name = p.displayName ? `${markdownText(p.displayName)} (${markdownText(p.referenceId ?? p.policy)})` : markdownText(p.referenceId ?? p.policy);
          return [name, markdownText(p.mode), String(p.evaluated), String(nonCompliant), markdownText(Object.entries(p.effects).map(([e, c]) => `${e} ${c}`).join(', ') || '-'), String(p.errors)];
        }),
      ),
      '',
    );
  }
  const section = (title: string, header: string[], rows: string[][], count: number): void => {
    if (count === 0) return;
    out.push(`### ${title}`, '');
    out.push(...table(header, rows), '');
    if (count > rows.length) out.push(`… and ${count - rows.length} more (the JSON or SARIF report lists all).`, '');
  };
  section(
    report.truncated ? `Findings (${report.truncated.shown} of ${report.truncated.findings} kept by --max-results)` : 'Findings',
    ['Effect', 'Policy', 'Resource', 'Location'],
    report.findings.slice(0, maxFindings).map((f) => [markdownText(f.enforced === false ? `${f.effect} (not enforced)` : f.effect) + (findingRank(f) <= 1 ? ' ⛔' : ''), markdownText(f.policy), markdownText(f.resourceId), markdownText(locationText(f))]),
    report.findings.length,
  );
  section('Undetermined (known after apply)', ['Would', 'Policy', 'Resource', 'Depends on'], report.undetermined.slice(0, maxOther).map((u) => [markdownText(u.effect), markdownText(u.policy), markdownText(u.address ?? u.resourceId), markdownText(u.paths.join(', ') || u.reasons.join('; '))]), report.undetermined.length);
  section('Exempted', ['Effect', 'Policy', 'Resource', 'Exemption'], report.exempted.slice(0, maxOther).map((x) => [markdownText(x.effect), markdownText(x.policy), markdownText(x.resourceId), markdownText(`${x.exemption.category} ${x.exemption.id}${x.exemption.expiresOn ? ` until ${x.exemption.expiresOn}` : ''}`)]), report.exempted.length);
  section('Not translated (not evaluated)', ['Address', 'Type', 'Count'], report.notTranslated.slice(0, maxOther).map((t) => [markdownText(t.address), markdownText(t.armType ? `${t.type} (${t.armType})` : t.type), t.count !== undefined ? String(t.count) : '']), report.notTranslated.length);
  const { errors, skippedAsError } = errorsBeyondSkipped(report);
  section('Skipped (not evaluated)', ['What', 'Why'], report.skipped.slice(0, maxOther).map((s, k) => [markdownText(s.file ?? s.policy ?? '-'), markdownText(`${skippedAsError.has(k) ? 'error: ' : ''}${s.reason}`)]), report.skipped.length);
  section('Errors', ['Policy', 'First resource', 'Message', 'Occurrences'], errors.slice(0, maxOther).map((e) => [markdownText(e.policy ?? '-'), markdownText(e.resourceId ?? e.address ?? ''), markdownText(e.message), String(e.occurrences)]), errors.length);
  out.push(`<sub>${markdownText(`${report.tool.name} ${report.tool.version}`)}</sub>`);
  return out.join('\n') + '\n';
}
