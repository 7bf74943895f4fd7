/**
 * The JSON documents the CLI prints. The scan report (contract C3) is lib/assess's model, re-exported here for the
 * formatters; `test` and `eval` documents are below. Every JSON document the CLI prints carries `schemaVersion`; a
 * change that removes or retypes a member raises it. These types are exported from the package
 * (`import type { ScanReport } from 'cdktf-azure-guardrails'`).
 */
export type {
  AssessResource, AssignmentSummary, Counts, Exempted, Finding, PolicySummary, ReportError, ScanReport, SkippedItem, Undetermined,
} from '../../assess/report';

/** `guardrails eval` (single evaluation) output (schemaVersion 1). */
export interface EvalOutput {
  schemaVersion: 1;
  /** Effect that applies, or null when the rule does not apply (or the effect is Disabled). */
  effect: string | null;
  /** Modify operations, append fields, (audit|deploy)IfNotExists details. */
  details?: unknown;
  /** Which condition decided, with the values compared. */
  trace: string[];
  /** Set when the definition did not compile or the evaluation failed (exit code 2). */
  error?: { stage: string; message: string; pointer?: string };
  /** Set when the verdict depends on values known only after apply: the paths read and why. */
  undetermined?: { paths: string[]; reasons: string[] };
  /** Notes from compiling the definition (e.g. a resource provider mode: not applicable to ARM resources). */
  notes?: string[];
}
