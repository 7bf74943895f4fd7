/**
 * The report model of `guardrails scan` (contract C3 of the phase-1 contracts) and the JSON documents of `test` and
 * `eval`. Every JSON document the CLI prints carries `schemaVersion`; a change that removes or retypes a member raises
 * it. These types are exported from the package (`import type { ScanReport } from 'cdktf-azure-guardrails'`).
 * No cdktf import: lib/assess (the runner) and the formatters share them.
 */

/** One resource handed to the runner, with where it came from (C3). */
export interface AssessResource {
  /** ARM shape (may hold UNKNOWN values for Terraform input, see C1). */
  readonly resource: Record<string, unknown>;
  /** Position in the input (0-based). */
  readonly index: number;
  /** Input file as shown to the user (relative). */
  readonly file?: string;
  /** 1-based line in that file where the resource starts. */
  readonly line?: number;
  /** Terraform address, with module path for plans. */
  readonly address?: string;
  /** cdktf construct path when known. */
  readonly constructPath?: string;
  /** Request API version (requestContext().apiVersion). */
  readonly apiVersion?: string;
  /** Create/update request body (preflight) or GET shape (export). */
  readonly view?: 'request' | 'resource';
}

/** Counts of outcomes by kind (assignment totals and members). */
export interface Counts {
  deny: number;
  audit: number;
  deploy: number;
  modify: number;
  append: number;
  denyAction: number;
  other: number;
  undetermined: number;
  exempted: number;
}

/** One non-compliant (policy, resource) pair. */
export interface Finding {
  /** Definition name (GUID for built-ins). */
  policy: string;
  /** Full definition id, when known. */
  policyId?: string;
  /** Definition display name. */
  displayName?: string;
  /** Definition version. */
  version?: string;
  /** Assignment id, when evaluated through an assignment. */
  assignment?: string;
  /** policyDefinitionReferenceId for initiative members. */
  referenceId?: string;
  /** Initiative groups of the member. */
  groups?: string[];
  /** Canonical effect as Azure spells it (Deny, Audit, ...). */
  effect: string;
  /** False under enforcementMode DoNotEnforce ("would deny"). */
  enforced: boolean;
  /** Resource id (`#<index>` when the resource has none). */
  resourceId: string;
  /** Resource type. */
  resourceType: string;
  /** Position of the resource in the input. */
  index: number;
  /** Input file as shown to the user (relative). */
  file?: string;
  /** 1-based line of the resource in `file`. */
  line?: number;
  /** Terraform address. */
  address?: string;
  /** cdktf construct path. */
  constructPath?: string;
  /** The deciding condition and the values compared (from the engine trace). */
  reason?: string;
  /** Effect details (modify operations, deployIfNotExists details, ...). */
  details?: unknown;
}

/** A verdict that depends on values known only after apply. */
export interface Undetermined {
  policy: string;
  assignment?: string;
  referenceId?: string;
  /** The effect that would apply if the rule matched. */
  effect: string;
  resourceId: string;
  address?: string;
  file?: string;
  line?: number;
  /** Alias / field names whose unknown value decided it. */
  paths: string[];
  reasons: string[];
}

/** A finding waived by a policy exemption. */
export interface Exempted extends Omit<Finding, 'enforced'> {
  exemption: { id: string; category: 'Waiver' | 'Mitigated'; expiresOn?: string };
}

/** One evaluated definition (per assignment member for initiatives). */
export interface PolicySummary {
  policy: string;
  displayName?: string;
  file?: string;
  assignment?: string;
  referenceId?: string;
  mode: string;
  /** Resources the definition was evaluated against. */
  evaluated: number;
  /** Resources the rule did not apply to. */
  notApplicable: number;
  /** Resources not evaluated because of the mode (Indexed: resources without a location). */
  skipped: number;
  /** Resources the rule applied to, by effect (Disabled included). */
  effects: Record<string, number>;
  undetermined: number;
  errors: number;
  /** Definition description (rule help in SARIF). Optional addition to C3. */
  description?: string;
  /** Full definition id. Optional addition to C3. */
  policyId?: string;
  /** `BuiltIn`, `Custom`, `Static`. Optional addition to C3. */
  policyType?: string;
  /** metadata.version. Optional addition to C3. */
  version?: string;
  /** metadata.category. Optional addition to C3. */
  category?: string;
}

/** One assignment given with --assignment. */
export interface AssignmentSummary {
  id: string;
  name: string;
  scope: string;
  definitionId: string;
  definitionVersion?: string;
  versionNote?: string;
  enforcementMode: 'Default' | 'DoNotEnforce';
  totals: Counts;
  members: Array<{ referenceId?: string; policy: string; groups?: string[] } & Counts>;
  expiredExemptions: Array<{ id: string; expiresOn: string }>;
}

/** A definition, assignment or file that was not evaluated, and why. */
export interface SkippedItem {
  file?: string;
  policy?: string;
  reason: string;
}

/** One distinct error message, with how often it occurred. */
export interface ReportError {
  policy?: string;
  /** First resource the error occurred on. */
  resourceId?: string;
  address?: string;
  message: string;
  occurrences: number;
}

/** `guardrails scan --format json` (schemaVersion 1). */
export interface ScanReport {
  schemaVersion: 1;
  tool: { name: 'guardrails'; version: string };
  /** False when anything was skipped, errored or truncated. */
  complete: boolean;
  /** Resources evaluated. */
  resources: number;
  policies: PolicySummary[];
  /** [] when no --assignment was given. */
  assignments: AssignmentSummary[];
  findings: Finding[];
  /** [] for ARM exports without unknowns. */
  undetermined: Undetermined[];
  /** Terraform input only. */
  notTranslated: { address: string; type: string; count?: number }[];
  exempted: Exempted[];
  /** Definitions/assignments/files not evaluated, and why. */
  skipped: SkippedItem[];
  /** One per distinct message. */
  errors: ReportError[];
  /** Set when --max-results cut the findings: how many there were and how many are listed. */
  truncated?: { findings: number; shown: number };
}

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
