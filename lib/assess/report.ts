// The assessment report model: contract C3 of /work/wt/CONTRACTS.md (schemaVersion 1). `guardrails scan --format
// json` prints a ScanReport; the reports helper formats it (table, SARIF, JUnit). Optional members marked "added"
// are additions to the contract (allowed by it).

/** One resource given to the runner. */
export interface AssessResource {
  /** ARM shape (may hold the engine's UNKNOWN, contract C1). */
  readonly resource: Record<string, unknown>;
  /** Position in the input (0-based). */
  readonly index: number;
  /** Input file as shown to the user (relative). */
  readonly file?: string;
  /** 1-based line in that file. */
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

/** The JSON document of `guardrails scan --format json`. */
export interface ScanReport {
  schemaVersion: 1;
  tool: { name: 'guardrails'; version: string };
  /** False when anything was skipped, errored or truncated. */
  complete: boolean;
  /** Resources evaluated. */
  resources: number;
  /** One per evaluated definition (per assignment member for initiatives). */
  policies: PolicySummary[];
  /** One per assignment; [] when no assignment was given (loose definitions). */
  assignments: AssignmentSummary[];
  findings: Finding[];
  /** [] for ARM exports without unknowns. */
  undetermined: Undetermined[];
  /**
   * Terraform input only: what was not evaluated. `address` and `type` are the Terraform resource's (`module` for a
   * module not read); `count` is the number of instances or template resources the entry stands for when not one
   * (instances past a limit, listed once per resource block); added: `armType`, for the parts of a template deployment
   * that are not expanded (a nested deployment), the ARM type of the template resource.
   */
  notTranslated: { address: string; type: string; count?: number; armType?: string }[];
  exempted: Exempted[];
  /** Definitions, assignments (or parts of them) not evaluated, and why. */
  skipped: SkippedItem[];
  /** One per distinct message. */
  errors: ReportError[];
  /** Set when --max-results cut the findings: how many there were and how many are listed. */
  truncated?: { findings: number; shown: number };
  /**
   * Added: Terraform input only: what the translation could not reproduce exactly (arguments without a mapping,
   * placeholder ids, requests azurerm sends after create), per Terraform address. A verdict may not depend on them.
   */
  notes?: { address?: string; message: string }[];
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

/** One non-compliant (policy, resource) pair. */
export interface Finding {
  /** Definition name (GUID for built-ins). */
  policy: string;
  policyId?: string;
  displayName?: string;
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
  resourceId: string;
  resourceType: string;
  index: number;
  file?: string;
  line?: number;
  address?: string;
  constructPath?: string;
  /** The deciding condition and the values compared (from the engine trace). */
  reason?: string;
  details?: unknown;
  /** Added: the assignment's nonComplianceMessages entry for this member (or its default message). */
  nonComplianceMessage?: string;
}

/** A verdict that depends on values unknown before apply (contract C1). */
export interface Undetermined {
  policy: string;
  assignment?: string;
  referenceId?: string;
  effect: string;
  resourceId: string;
  address?: string;
  file?: string;
  line?: number;
  paths: string[];
  reasons: string[];
}

/** A result an exemption removed from the findings. */
export interface Exempted extends Omit<Finding, 'enforced'> {
  exemption: { id: string; category: 'Waiver' | 'Mitigated'; expiresOn?: string };
}

/** Per evaluated definition (per assignment member). */
export interface PolicySummary {
  policy: string;
  displayName?: string;
  file?: string;
  assignment?: string;
  referenceId?: string;
  mode: string;
  /** Resources the definition was evaluated against. */
  evaluated: number;
  /** Resources the mode does not apply to (Indexed: resources without a location; resource provider modes: all). */
  notApplicable: number;
  /** Resources in the assignment's reach whose evaluation was not possible (scope undecidable, version missing). */
  skipped: number;
  /** Resources the rule applied to, by effect (Disabled included). */
  effects: Record<string, number>;
  undetermined: number;
  errors: number;
  /** Added: full id of the definition evaluated. */
  policyId?: string;
  /** Added: version of the definition evaluated. */
  version?: string;
  /** Added: how the evaluated version relates to the version asked for (pinned by the member or assignment). */
  versionNote?: string;
  /** Added: definition description (rule help in SARIF). */
  description?: string;
  /** Added: `BuiltIn`, `Custom`, `Static`. */
  policyType?: string;
  /** Added: metadata.category. */
  category?: string;
}

/** What one assignment would do. */
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
  /** Added: the assignment's displayName. */
  displayName?: string;
}

/** Result counts of an assignment or member. */
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

/** All-zero counts. */
export function emptyCounts(): Counts {
  return { deny: 0, audit: 0, deploy: 0, modify: 0, append: 0, denyAction: 0, other: 0, undetermined: 0, exempted: 0 };
}

/** The Counts member an effect is counted under (Disabled: none). */
export function countKey(effect: string): keyof Counts | undefined {
  switch (effect.toLowerCase()) {
    case 'deny': return 'deny';
    case 'audit':
    case 'auditifnotexists': return 'audit';
    case 'deployifnotexists': return 'deploy';
    case 'modify': return 'modify';
    case 'append': return 'append';
    case 'denyaction': return 'denyAction';
    case 'disabled': return undefined;
    default: return 'other';
  }
}

/** The version of the report format. */
export const SCAN_REPORT_SCHEMA_VERSION = 1;
