// Public API of the synth-time policy check (cdktf). This file only re-exports.
export { PolicyPreflight, POLICY_PREFLIGHT_REPORT_FILES } from './policy-preflight';
export type { PolicyPreflightAcknowledged, PolicyPreflightProps, PolicyPreflightReport, PolicyPreflightReportFormat } from './policy-preflight';
export { KIT_CHECK_POLICIES } from './policies';
export type { PolicyPreflightMembers, PolicyPreflightPolicy } from './policies';
export type { Acknowledgement } from '../core/acknowledgements';
