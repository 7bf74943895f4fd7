// Public API of lib/cli (the `guardrails` command line). This file only re-exports.
export { main, guardrailsVersion } from './main';
export { CliUsageError, EXIT_OK, EXIT_FINDINGS, EXIT_USAGE } from './io';
export type { CliIo, CliOutput } from './io';
export { runPolicyTests, runPolicyTestFile, findPolicyTestFiles, isDetailsSubset } from './policy-tests';
export type { PolicyTestReport, PolicyTestFileResult, PolicyTestCaseResult } from './policy-tests';
export { formatPolicyTestJunit, formatPolicyTestReport } from './test-command';
export type { PolicyTestReporter } from './test-command';
export { validatePolicyFiles, checkInitiative } from './validate';
export type { PolicyValidationReport, PolicyValidationFileResult, PolicyValidationIssue } from './validate';
export { parseResourceExport, runScan, runScanCommand, loadScanPolicies, formatScanReport, writeFileAtomic, SARIF_MAX_RESULTS, SCAN_FORMATS } from './scan';
export type { ScanFormat, ScanPolicy, ScanCommandOptions, RunScanOptions, LoadedScanPolicies } from './scan';
export { readResourceExport, ResourceExportScanner } from './resource-reader';
export type { ExportReaderOptions, ReadExportOptions } from './resource-reader';
export * from './report';
export type { Finding as ScanFinding } from './report';
export { DEFAULT_FILE_LIMITS, readTextFile, readFileBounded, readJsonFile, gunzipBounded, walkFiles, collectJsonFiles } from './io';
export type { ReadOptions, FileLimitKind, SkippedPath } from './io';
export { evaluateBatchLine, serializeBatchResult } from './eval';
