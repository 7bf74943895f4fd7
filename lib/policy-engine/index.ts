// Public API of lib/policy-engine. This file only re-exports.
export { PolicyEngineError } from './errors';
export { Unknown, UNKNOWN, isUnknown } from './unknown';
export type { PolicyStage } from './errors';
export { AliasCatalog } from './aliases';
export type { AliasEntry, AliasPathVersion } from './aliases';
export { bundledAliases, compilePolicy, formatTraceEntry, traceEntries } from './policy';
export { FieldReadMemo } from './context';
export type { TraceEntry } from './context';
export type { CompileOptions, CompiledPolicy, EvaluationInput, EvaluationResult, PolicyParameterDefinition } from './policy';
export { BATCH_REQUEST_MEMBERS, evaluateBatchRequest } from './batch';
export type { BatchOptions, BatchResult } from './batch';
export { AliasCatalogLimitError, DEFAULT_ALIAS_CATALOG_MAX_BYTES } from './aliases';
export type { AliasGroupSource } from './aliases';
export {
  builtinCatalog, chainResolvers, compareVersions, kitPolicyLibrary, matchesVersion, parsePolicyReference, policyFolder, policyKindOf, PolicyReferenceError,
} from './builtins';
export type { AzureCloud, ParsedPolicyReference, PolicyEntry, PolicyKind, PolicyResolveOptions, PolicyResolver } from './builtins';
