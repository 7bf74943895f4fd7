// Which resources change verdict between two versions of a definition (`guardrails diff-builtin`): both versions
// run through the same runner as scan (loose definitions at the root scope, related resources from the input),
// then the verdicts are compared resource by resource.
import { AliasCatalog } from '../policy-engine';
import { buildAssessPlan } from './plan';
import { AssessResource, ScanReport } from './report';
import { PolicyEntry, PolicyResolver } from './resolver';
import { runAssessment } from './runner';

/** A verdict: the effect that applies (Deny, Audit, ...), or "compliant" (the rule does not apply or is satisfied). */
export type Verdict = string;

/** The document `guardrails diff-builtin --format json` prints. */
export interface VersionDiff {
  schemaVersion: 1;
  old: { name: string; id: string; version?: string; file?: string };
  new: { name: string; id: string; version?: string; file?: string };
  /** Resources compared. */
  resources: number;
  /** Resources whose verdict is the same in both versions. */
  unchanged: number;
  /** "<old verdict> -> <new verdict>": count, for the resources that change. */
  transitions: Record<string, number>;
  changed: { resourceId: string; resourceType: string; index: number; file?: string; line?: number; address?: string; old: Verdict; new: Verdict }[];
  /** False when a version could not be evaluated for some resources (see errors and skipped). */
  complete: boolean;
  errors: { version: 'old' | 'new'; message: string; occurrences: number }[];
  skipped: { version: 'old' | 'new'; reason: string }[];
}

/** Options of {@link diffDefinitionVersions}. */
export interface VersionDiffOptions {
  /** Parameter values; each version takes those it declares (defaults otherwise). @default none */
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly aliases?: AliasCatalog;
}

const NO_RESOLVER: PolicyResolver = { resolve: () => undefined, versions: () => [], entries: () => [] };

async function verdicts(entry: PolicyEntry, open: () => Iterable<AssessResource> | AsyncIterable<AssessResource>, options: VersionDiffOptions): Promise<{ report: ScanReport; byIndex: Map<number, Verdict> }> {
  const plan = buildAssessPlan({ resolver: NO_RESOLVER, definitions: [entry], ...(options.parameters ? { parameters: options.parameters } : {}), ...(options.aliases ? { aliases: options.aliases } : {}) });
  const report = await runAssessment(open(), plan, { explain: false, reopen: open });
  const byIndex = new Map<number, Verdict>();
  for (const f of report.findings) byIndex.set(f.index, f.effect);
  return { report, byIndex };
}

/**
 * Evaluates both versions over the resources (`open` is called once per version, and again if existence checks
 * must re-read the input) and lists the resources whose verdict differs.
 */
export async function diffDefinitionVersions(oldEntry: PolicyEntry, newEntry: PolicyEntry, open: () => Iterable<AssessResource> | AsyncIterable<AssessResource>, options: VersionDiffOptions = {}): Promise<VersionDiff> {
  const before = await verdicts(oldEntry, open, options);
  const after = await verdicts(newEntry, open, options);
  const transitions: Record<string, number> = Object.create(null) as Record<string, number>;
  const changed: VersionDiff['changed'] = [];
  let resources = 0;
  let unchanged = 0;
  const source = open();
  const visit = (ar: AssessResource): void => {
    resources++;
    const o = before.byIndex.get(ar.index) ?? 'compliant';
    const n = after.byIndex.get(ar.index) ?? 'compliant';
    if (o === n) {
      unchanged++;
      return;
    }
    const key = `${o} -> ${n}`;
    transitions[key] = (transitions[key] ?? 0) + 1;
    const id = ar.resource.id;
    changed.push({
      resourceId: typeof id === 'string' && id ? id : `#${ar.index}`,
      resourceType: typeof ar.resource.type === 'string' ? ar.resource.type : '',
      index: ar.index,
      ...(ar.file !== undefined ? { file: ar.file } : {}),
      ...(ar.line !== undefined ? { line: ar.line } : {}),
      ...(ar.address !== undefined ? { address: ar.address } : {}),
      old: o,
      new: n,
    });
  };
  if (typeof (source as AsyncIterable<AssessResource>)[Symbol.asyncIterator] === 'function') for await (const ar of source as AsyncIterable<AssessResource>) visit(ar);
  else for (const ar of source as Iterable<AssessResource>) visit(ar);
  const describe = (e: PolicyEntry): VersionDiff['old'] => ({ name: e.name, id: e.id, ...(e.version ? { version: e.version } : {}), ...(e.file ? { file: e.file } : {}) });
  const errors = [
    ...before.report.errors.map((e) => ({ version: 'old' as const, message: e.message, occurrences: e.occurrences })),
    ...after.report.errors.map((e) => ({ version: 'new' as const, message: e.message, occurrences: e.occurrences })),
  ];
  const skipped = [
    ...before.report.skipped.map((s) => ({ version: 'old' as const, reason: s.reason })),
    ...after.report.skipped.map((s) => ({ version: 'new' as const, reason: s.reason })),
  ];
  return {
    schemaVersion: 1,
    old: describe(oldEntry),
    new: describe(newEntry),
    resources,
    unchanged,
    transitions: { ...transitions },
    changed,
    complete: errors.length === 0 && skipped.length === 0,
    errors,
    skipped,
  };
}
