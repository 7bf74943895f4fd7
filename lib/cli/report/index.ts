// Report formatters of `guardrails scan`: pure functions over the C3 ScanReport. This file only re-exports.
export type { AssessResource, AssignmentSummary, Counts, EvalOutput, Exempted, Finding, PolicySummary, ReportError, ScanReport, SkippedItem, Undetermined } from './types';
export { EXIT, FAIL_ON_VALUES, failsOn, findingKeeper, findingRank, limitResults, scanExitCode, truncateFindings } from './common';
export type { FailOn } from './common';
export { formatScanTable } from './table';
export type { TableOptions } from './table';
export { formatScanMarkdown, markdownText } from './markdown';
export type { MarkdownOptions } from './markdown';
export { builtinHelpUri, findingFingerprint, formatScanSarif } from './sarif';
export type { SarifOptions } from './sarif';
export { formatScanHtml, htmlEscape } from './html';
export type { HtmlOptions } from './html';

import type { ScanReport } from './types';
/** `--format json`: the report itself. */
export function formatScanJson(report: ScanReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/**
 * `--format json` in pieces, for findings that do not fit in memory (or in one string): the same text as
 * formatScanJson of the report with these findings, written as chunks of about `chunk` characters, the findings
 * read one at a time, each given as JSON.stringify(finding, null, 2) (FindingSpool.texts() keeps them so).
 */
export function* formatScanJsonChunks(report: ScanReport, findingTexts: Iterable<string>, chunk = 1 << 20): Generator<string> {
  const text = formatScanJson({ ...report, findings: [] });
  // A top-level member is the only text at two spaces' indent after a newline (strings hold no raw newlines).
  const marker = '\n  "findings": [],';
  const at = text.indexOf(marker);
  if (at < 0) throw new Error('formatScanJsonChunks: no findings member in the report');
  let out = text.slice(0, at) + '\n  "findings": [';
  let first = true;
  for (const text of findingTexts) {
    out += `${first ? '' : ','}\n    ${text.replace(/\n/g, '\n    ')}`;
    first = false;
    if (out.length >= chunk) {
      yield out;
      out = '';
    }
  }
  out += first ? '],' : '\n  ],';
  yield out + text.slice(at + marker.length);
}
