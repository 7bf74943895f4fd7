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
export { parseResourceExport, runScan, formatScanSarif, formatScanTable } from './scan';
export type { ScanReport, ScanFinding, ScanFormat } from './scan';
export { evaluateBatchLine, serializeBatchResult } from './eval';
export { batchOptions, loadAliasCatalogFile, POLICY_BATCH_DEFAULT_CONTEXT } from './batch';
