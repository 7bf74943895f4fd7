// Report formatters of `guardrails scan`: pure functions over the C3 ScanReport. This file only re-exports.
export type { AssessResource, AssignmentSummary, Counts, EvalOutput, Exempted, Finding, PolicySummary, ReportError, ScanReport, SkippedItem, Undetermined } from './types';
export { EXIT, FAIL_ON_VALUES, failsOn, findingRank, limitResults, scanExitCode, truncateFindings } from './common';
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
