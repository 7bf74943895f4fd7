// Public API of lib/siem. This file only re-exports.
export { SIEM_TARGETS } from './common';
export type { SiemDestinationIds, SiemDiagnosticsOptions, SiemTarget } from './common';
export {
  SIEM_ALERT_SEVERITIES, SIEM_DEFAULT_ALERT_SEVERITIES, SIEM_EXPORT_DATA_TYPES, SIEM_RECOMMENDATION_SEVERITIES,
} from './continuous-export';
export type { SiemAlertSeverity, SiemExportDataType, SiemRecommendationSeverity } from './continuous-export';
export * from './destination';
export * from './sources';
