// Public API of cdktf-azure-guardrails. This file only re-exports.
export * from './core';
export * from './defender';
export * from './bastion';
export * from './jit';
export * from './registry';
export * from './siem';
export * from './policy';
export * from './onboarding';
export * as engine from './policy-engine';
export * from './sentinel';
export * as preflight from './preflight';
// JSON documents of the guardrails CLI (scan, test, eval), for consumers of `--format json` (types only: no CLI code
// is loaded). Their shapes are documented in the README ("JSON reports").
export type { ScanReport, Finding as ScanFinding, PolicySummary as ScanPolicySummary, AssignmentSummary as ScanAssignmentSummary, Counts as ScanCounts, Undetermined as ScanUndetermined, Exempted as ScanExempted, SkippedItem as ScanSkippedItem, ReportError as ScanError, AssessResource, EvalOutput } from './cli/report/types';
export type { PolicyTestReport, PolicyTestFileResult, PolicyTestCaseResult } from './cli/policy-tests';
