/**
 * Regression guard for the runner's and the engine's fast paths (type prefilter, deciding comparisons in place of
 * traces, compiled lookup expressions, case-insensitive member lookup): the Microsoft cloud security benchmark (MCSB) initiative,
 * as `npm run bench:preflight` evaluates it (built-in catalog, default parameters, related resources not complete),
 * over the generated bench plan at a size a unit test affords (its compact shape, the one the snapshot was recorded
 * from; the full `terraform show -json` shape gives the same verdicts: test/preflight/translation-differential.test.ts).
 * The summary (counts per member, and a digest of every finding, undetermined result and error, reasons included) is
 * a recorded snapshot: a change to it is a change of results, to be explained in the commit that updates it
 * (`npx jest -u test/assess/mcsb-plan.test.ts`).
 * Untimed: the speed is measured by the bench, not here.
 */
import { createHash } from 'crypto';
import { generatePlan } from '../../bench/preflight-plan';
import { buildAssessPlan, runAssessmentSync, ScanReport } from '../../lib/assess';
import { builtinCatalog, bundledAliases } from '../../lib/policy-engine';
import { readTerraformJson, translate } from '../../lib/preflight';

const MCSB = '1f3afdf9-d0c9-4c3d-847f-89da613e70a8';

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

describe('MCSB over the generated bench plan (300 resources, seed 7)', () => {
  const resources = translate(readTerraformJson(JSON.parse(JSON.stringify(generatePlan(300, 7, { compact: true }))))).resources;
  const catalog = builtinCatalog();
  const mcsb = catalog.resolve(MCSB, { kind: 'initiative' });
  if (!mcsb) throw new Error('MCSB is not in the built-in catalog');
  const plan = buildAssessPlan({ resolver: catalog, definitions: [mcsb], aliases: bundledAliases() });
  const explained = runAssessmentSync(resources, plan, { relatedResourcesComplete: false });

  it('gives the recorded findings, undetermined results and errors', () => {
    const perMember: Record<string, string> = {};
    for (const f of explained.findings) perMember[f.referenceId ?? f.policy] = '';
    const count = (list: readonly { referenceId?: string; policy: string }[], key: string): number => list.filter((x) => (x.referenceId ?? x.policy) === key).length;
    for (const u of explained.undetermined) perMember[u.referenceId ?? u.policy] = '';
    for (const key of Object.keys(perMember).sort()) perMember[key] = `${count(explained.findings, key)} findings, ${count(explained.undetermined, key)} undetermined`;
    expect({
      resources: explained.resources,
      findings: explained.findings.length,
      undetermined: explained.undetermined.length,
      errors: explained.errors.length,
      skipped: explained.skipped.length,
      perMember: Object.fromEntries(Object.keys(perMember).sort().map((k) => [k, perMember[k]])),
      digest: digest({ findings: explained.findings, undetermined: explained.undetermined, errors: explained.errors }),
    }).toMatchSnapshot();
    expect(explained.findings.length).toBeGreaterThan(0);
    expect(explained.undetermined.length).toBeGreaterThan(0);
  });

  it('gives the same verdicts without reasons (explain: false evaluates without the trace)', () => {
    const bare = runAssessmentSync(resources, plan, { relatedResourcesComplete: false, explain: false });
    const strip = (r: ScanReport): unknown => ({ ...r, findings: r.findings.map(({ reason: _reason, ...f }) => f) });
    expect(bare.findings.every((f) => f.reason === undefined)).toBe(true);
    expect(explained.findings.every((f) => typeof f.reason === 'string' && f.reason.length > 0)).toBe(true);
    expect(strip(bare)).toEqual(strip(explained));
  });

  it('counts the findings beyond maxFindings without keeping them', () => {
    const capped = runAssessmentSync(resources, plan, { relatedResourcesComplete: false, maxFindings: 5 });
    expect(capped.findings).toHaveLength(5);
    expect(capped.truncated).toEqual({ findings: explained.findings.length, shown: 5 });
    expect(capped.undetermined).toEqual(explained.undetermined);
  });
});
