// Public API of lib/assess (no cdktf import): the evaluation runner shared by `guardrails scan`, `scan --assignment`,
// `scan --terraform` and the synth-time check. This file only re-exports.
export { AssessInputError } from './errors';
export { canonicalEffect, parseAssignments, parseExemptions, POLICY_EFFECTS } from './assignments';
export type { AssignmentOverride, PolicyAssignment, PolicyExemption } from './assignments';
export { buildAssessPlan } from './plan';
export type { AssessPlan, AssessPlanOptions, PlanMember, PlanUnit } from './plan';
export { runAssessment, runAssessmentSync, reasonFromTrace } from './runner';
export { FindingSpool } from './findings';
export type { FindingSpoolOptions } from './findings';
export { diffDefinitionVersions } from './diff';
export type { Verdict, VersionDiff, VersionDiffOptions } from './diff';
export type { AssessOptions } from './runner';
export { RelatedResourceIndex } from './related';
export type { RelatedQuery } from './related';
export { ManagementGroupAncestry, ROOT_SCOPE, idWithin, normaliseId, parseScope, scopeContains, scopeFromChildId } from './scope';
export type { ParsedScope, ScopeDecision } from './scope';
export { parseResourceSelectors, parseSelectors, resourceSelected } from './selectors';
export type { ResourceSelector, Selector, SelectorKind } from './selectors';
export { chainPolicyResolvers, compareVersionsDescending, describePolicyDocument, filePolicyResolver, isVersionPattern, referenceName, versionMatches } from './resolver';
export type { PolicyEntry, PolicyKind, PolicyResolver } from './resolver';
export { countKey, emptyCounts, SCAN_REPORT_SCHEMA_VERSION } from './report';
export type { AssessResource, AssignmentSummary, Counts, Exempted, Finding, PolicySummary, ReportError, ScanReport, SkippedItem, Undetermined } from './report';
