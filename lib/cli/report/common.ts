import type { Finding, ScanReport } from './types';

/** Which findings make `scan` exit 1 (`--fail-on`). */
export type FailOn = 'deny' | 'audit' | 'any' | 'none';

/** The values `--fail-on` accepts, in order of strictness. */
export const FAIL_ON_VALUES: readonly FailOn[] = ['deny', 'audit', 'any', 'none'];

/** Exit codes (the README's table). */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Effect classes, from most to least severe. */
export type EffectClass = 'deny' | 'audit' | 'remediate' | 'other';

/** Deny and DenyAction block a request; the audits report; Modify, Append and DeployIfNotExists remediate. */
export function effectClass(effect: string): EffectClass {
  switch (effect.toLowerCase()) {
    case 'deny':
    case 'denyaction':
      return 'deny';
    case 'audit':
    case 'auditifnotexists':
      return 'audit';
    case 'modify':
    case 'append':
    case 'deployifnotexists':
      return 'remediate';
    default:
      return 'other';
  }
}

/** Severity rank of a finding (0 = most severe): an enforced deny, a deny not enforced ("would deny"), an audit, the rest. */
export function findingRank(f: Pick<Finding, 'effect' | 'enforced'>): number {
  const c = effectClass(f.effect);
  if (c === 'deny') return f.enforced === false ? 1 : 0;
  if (c === 'audit') return 2;
  if (c === 'remediate') return 3;
  return 4;
}

/**
 * True when the finding makes the scan fail under `failOn`: `deny` = an enforced Deny/DenyAction; `audit` = those,
 * a deny under DoNotEnforce, Audit and AuditIfNotExists; `any` = every finding; `none` = never. Exempted and
 * undetermined results never fail the scan (they are listed in every format).
 */
export function failsOn(f: Pick<Finding, 'effect' | 'enforced'>, failOn: FailOn): boolean {
  const rank = findingRank(f);
  switch (failOn) {
    case 'deny':
      return rank === 0;
    case 'audit':
      return rank <= 2;
    case 'any':
      return true;
    default:
      return false;
  }
}

/**
 * The exit code of a scan: 2 when an error occurred (a definition that could not be read or compiled, an evaluation
 * that failed): the scan is incomplete; else 1 when a finding fails under `failOn`; else 0. Compute it on the
 * report before truncateFindings (the truncated list is a display choice).
 */
export function scanExitCode(report: Pick<ScanReport, 'errors' | 'findings'>, failOn: FailOn = 'any'): number {
  if (report.errors.length > 0) return EXIT.usage;
  return report.findings.some((f) => failsOn(f, failOn)) ? EXIT.findings : EXIT.ok;
}

/** Total of error occurrences. */
export function errorCount(report: Pick<ScanReport, 'errors'>): number {
  return report.errors.reduce((n, e) => n + e.occurrences, 0);
}

/** True when the report is incomplete for a reason other than truncation. */
export function hasGaps(report: Pick<ScanReport, 'errors' | 'skipped'>): boolean {
  return report.errors.length > 0 || report.skipped.length > 0;
}

/**
 * Which findings `truncateFindings` keeps, decided in two passes over findings that may not fit in memory: this call
 * reads them once and counts them per severity and policy; the function it returns, applied to the same findings in
 * the same order, says for each whether it is kept (it keeps state: use it for one pass).
 */
export function findingKeeper(findings: Iterable<Pick<Finding, 'effect' | 'enforced' | 'assignment' | 'referenceId' | 'policy'>>, max: number): (f: Pick<Finding, 'effect' | 'enforced' | 'assignment' | 'referenceId' | 'policy'>) => boolean {
  const keyOf = (f: Pick<Finding, 'assignment' | 'referenceId' | 'policy'>): string => `${f.assignment ?? ''}\u0000${f.referenceId ?? ''}\u0000${f.policy}`;
  // Per severity, the groups (one per policy) in order of first appearance, with their sizes.
  const byRank: Map<string, { size: number; quota: number; seen: number }>[] = [];
  for (const f of findings) {
    const groups = (byRank[findingRank(f)] ??= new Map());
    const key = keyOf(f);
    const g = groups.get(key);
    if (g) g.size++;
    else groups.set(key, { size: 1, quota: 0, seen: 0 });
  }
  // Round robin within a severity, most severe first, until `max` are kept.
  let kept = 0;
  for (const groups of byRank) {
    if (!groups || kept >= max) continue;
    const lists = [...groups.values()];
    for (let round = 0; kept < max; round++) {
      let added = false;
      for (const g of lists) {
        if (round < g.size && kept < max) {
          g.quota++;
          kept++;
          added = true;
        }
      }
      if (!added) break;
    }
  }
  return (f) => {
    const g = byRank[findingRank(f)]?.get(keyOf(f));
    if (!g || g.seen >= g.quota) return false;
    g.seen++;
    return true;
  };
}

/**
 * Keeps at most `max` findings: the most severe first (enforced denies, then would-deny, audits, remediations), and
 * within a severity a fair share for every policy (round robin), so that one noisy policy cannot crowd out the
 * others: of each policy, its first findings. The kept findings stay in report order; `truncated` and
 * `complete: false` say what was cut.
 */
export function truncateFindings(report: ScanReport, max: number): ScanReport {
  if (!(max >= 0) || report.findings.length <= max) return report;
  const keep = findingKeeper(report.findings, max);
  const findings = report.findings.filter(keep);
  return {
    ...report,
    complete: false,
    findings,
    truncated: { findings: report.findings.length, shown: findings.length },
  };
}

/** Findings per policy and effect (for charts and summaries), in policy order, then by count. */
export function findingsByPolicy(report: Pick<ScanReport, 'policies'>): { policy: string; label: string; effects: [string, number][]; total: number }[] {
  const rows = new Map<string, { policy: string; label: string; effects: Map<string, number> }>();
  for (const p of report.policies) {
    const key = `${p.assignment ?? ''}\u0000${p.referenceId ?? ''}\u0000${p.policy}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { policy: p.policy, label: p.referenceId ?? p.displayName ?? p.policy, effects: new Map() }));
    for (const [effect, n] of Object.entries(p.effects)) {
      if (effect.toLowerCase() === 'disabled' || n <= 0) continue;
      row.effects.set(effect, (row.effects.get(effect) ?? 0) + n);
    }
  }
  return [...rows.values()]
    .map((r) => {
      const effects = [...r.effects].sort((a, b) => effectClassOrder(a[0]) - effectClassOrder(b[0]) || a[0].localeCompare(b[0]));
      return { policy: r.policy, label: r.label, effects, total: effects.reduce((n, [, c]) => n + c, 0) };
    })
    .filter((r) => r.total > 0)
    .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
}

function effectClassOrder(effect: string): number {
  return ['deny', 'audit', 'remediate', 'other'].indexOf(effectClass(effect));
}

/** Where a finding sits: `file:line`, the Terraform address, or nothing. */
export function locationText(f: { file?: string; line?: number; address?: string }): string {
  const parts: string[] = [];
  if (f.address) parts.push(f.address);
  if (f.file) parts.push(f.line !== undefined ? `${f.file}:${f.line}` : f.file);
  return parts.join(' ');
}

/**
 * What an undetermined verdict depends on, as one phrase: "depends on <alias paths>" for values known only after
 * apply, else the reasons ("depends on resources outside the configuration").
 */
export function undeterminedCause(u: { paths: readonly string[]; reasons: readonly string[] }): string {
  if (u.paths.length) return `depends on ${u.paths.join(', ')}`;
  const reasons = u.reasons.join('; ');
  return /^depends on /.test(reasons) ? reasons : `depends on ${reasons}`;
}

/** A one-paragraph statement of everything that makes the report incomplete (empty when it is complete). */
export function incompleteReasons(report: ScanReport): string[] {
  const out: string[] = [];
  const skippedPolicies = report.skipped.length;
  if (skippedPolicies > 0) out.push(`${skippedPolicies} item(s) not evaluated (skipped)`);
  if (report.errors.length > 0) out.push(`${errorCount(report)} error(s) (${report.errors.length} distinct)`);
  if (report.truncated) out.push(`findings truncated: ${report.truncated.shown} of ${report.truncated.findings} shown`);
  const notTranslated = report.notTranslated.reduce((n, t) => n + (t.count ?? 1), 0);
  if (notTranslated > 0) out.push(`${notTranslated} Terraform resource(s) not translated, so not evaluated`);
  return out;
}

/**
 * Caps the results a SARIF run carries (GitHub refuses more than 25,000 per run): findings first (see
 * truncateFindings), then undetermined and exempted results in the budget left. `truncated` counts all three.
 */
export function limitResults(report: ScanReport, max: number): ScanReport {
  const total = report.findings.length + report.undetermined.length + report.exempted.length;
  if (!(max >= 0) || total <= max) return report;
  const cut = truncateFindings(report, max);
  let budget = max - cut.findings.length;
  const undetermined = report.undetermined.slice(0, Math.max(0, budget));
  budget -= undetermined.length;
  const exempted = report.exempted.slice(0, Math.max(0, budget));
  return { ...cut, complete: false, undetermined, exempted, truncated: { findings: total, shown: cut.findings.length + undetermined.length + exempted.length } };
}

/**
 * Errors that only repeat a skipped item (a definition that could not be read or compiled is both: skipped, and an
 * error for the exit code). Text formats show those once, in the skipped list, marked as errors.
 */
export function errorsBeyondSkipped(report: Pick<ScanReport, 'errors' | 'skipped'>): { errors: ScanReport['errors']; skippedAsError: Set<number> } {
  const skippedAsError = new Set<number>();
  const errors = report.errors.filter((e) => {
    const k = report.skipped.findIndex((s) => s.file !== undefined && e.message === `${s.file}: ${s.reason}`);
    if (k < 0) return true;
    skippedAsError.add(k);
    return false;
  });
  return { errors, skippedAsError };
}
