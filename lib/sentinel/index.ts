// Public API of lib/sentinel. This file only re-exports.
export {
  SENTINEL_SEVERITIES, severitiesFrom,
} from './common';
export type { SentinelSeverity, SentinelWorkspaceRef, SentinelWorkspaceSource } from './common';
export { defenderBaseline, requireCountryCodes } from './baseline';
export type { DefenderBaselineEntry } from './baseline';
export { KqlLiteral, KqlLiteralError, kqlPlaceholders, readKqlTemplate, renderKql, sentinelKqlDir } from './kql';
export * from './scheduled-rule';
export * from './detections';
export * from './incident-flow';
export * from './shared-queries';
export * from './private-link';
