// EvaluationInput.reads: one FieldReadMemo shared by the evaluations of a resource against many definitions reads
// each field of the resource once. It must never change a result: not across definitions, not from one resource to
// the next, not for another API version, and not inside an existence condition, where `field` reads a related resource.
import { AliasCatalog, builtinCatalog, bundledAliases, compilePolicy, EvaluationInput, EvaluationResult, FieldReadMemo } from '../../lib/policy-engine';
import { memoKeyCount } from '../../lib/policy-engine/field-reader';
import { kitPoliciesAndResources } from './helpers';

const MCSB = '1f3afdf9-d0c9-4c3d-847f-89da613e70a8';

/** What a result says, for comparison (the trace is off). */
function said(r: EvaluationResult): unknown {
  return { effect: r.effect, details: r.details, error: r.error, undetermined: r.undetermined, deciding: r.deciding };
}

describe('FieldReadMemo (EvaluationInput.reads)', () => {
  test('every kit definition and MCSB member gives the same results on every test resource with one memo as without', () => {
    const { definitions, resources } = kitPoliciesAndResources();
    const aliases = bundledAliases();
    const catalog = builtinCatalog();
    const mcsb = catalog.resolve(MCSB, { kind: 'initiative' });
    if (!mcsb) throw new Error('MCSB is not in the built-in catalog');
    const members = (mcsb.definition() as { properties: { policyDefinitions: { policyDefinitionId: string }[] } }).properties.policyDefinitions
      .map((m) => catalog.resolve(m.policyDefinitionId, { kind: 'definition' })?.definition())
      .filter((d): d is NonNullable<typeof d> => d !== undefined);
    expect(members.length).toBeGreaterThan(200);
    const policies = [...definitions, ...members].map((d) => compilePolicy(d, { aliases }));
    const memo = new FieldReadMemo();
    let compared = 0;
    let applied = 0;
    const mismatches: unknown[] = [];
    for (const resource of resources) {
      for (const apiVersion of [undefined, '2023-01-01']) {
        for (const policy of policies) {
          const input: EvaluationInput = { trace: false, explain: true, relatedResources: [], relatedResourcesComplete: false, ...(apiVersion ? { apiVersion, requestContext: { apiVersion } } : {}) };
          const without = policy.evaluate(resource, input);
          const withMemo = policy.evaluate(resource, { ...input, reads: memo });
          // Compared as JSON text (a jest matcher per pair was most of the test's time); mismatches are shown whole.
          const a = JSON.stringify(said(withMemo));
          const b = JSON.stringify(said(without));
          if (a !== b) mismatches.push({ resource: resource.id ?? resource.name, apiVersion, withMemo: a, without: b });
          compared++;
          if (without.effect !== null) applied++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(10_000);
    expect(applied).toBeGreaterThan(100);
  });

  const audit = (condition: unknown): unknown => ({ mode: 'All', policyRule: { if: condition, then: { effect: 'audit' } } });

  test('reads the resource it is given, not the one it read before', () => {
    const policy = compilePolicy(audit({ field: 'properties.x', equals: 1 }));
    const memo = new FieldReadMemo();
    expect(policy.evaluate({ type: 't', properties: { x: 1 } }, { trace: false, reads: memo }).effect).toBe('Audit');
    expect(policy.evaluate({ type: 't', properties: { x: 2 } }, { trace: false, reads: memo }).effect).toBeNull();
  });

  test('reads again after clear() (a resource changed in place)', () => {
    const policy = compilePolicy(audit({ field: 'properties.x', equals: 1 }));
    const memo = new FieldReadMemo();
    const resource = { type: 't', properties: { x: 1 } };
    expect(policy.evaluate(resource, { trace: false, reads: memo }).effect).toBe('Audit');
    resource.properties.x = 2;
    memo.clear();
    expect(policy.evaluate(resource, { trace: false, reads: memo }).effect).toBeNull();
  });

  test('starts over for another API version of the same resource', () => {
    const policy = compilePolicy(audit({ field: 'apiVersion', equals: '2020-01-01' }));
    const memo = new FieldReadMemo();
    const resource = { type: 't' };
    expect(policy.evaluate(resource, { trace: false, reads: memo, apiVersion: '2020-01-01' }).effect).toBe('Audit');
    expect(policy.evaluate(resource, { trace: false, reads: memo, apiVersion: '2021-01-01' }).effect).toBeNull();
  });

  test("an existence condition's field reads the related resource, and field() in it the resource under evaluation", () => {
    const policy = compilePolicy({
      mode: 'All',
      policyRule: {
        if: { allOf: [{ field: 'type', equals: 'Microsoft.Web/sites' }, { field: 'name', equals: 'app' }] },
        then: {
          effect: 'auditIfNotExists',
          details: {
            type: 'Microsoft.Web/sites/config',
            existenceCondition: { allOf: [{ field: 'name', equals: 'web' }, { value: "[field('name')]", equals: 'app' }] },
          },
        },
      },
    });
    const memo = new FieldReadMemo();
    const resource = { type: 'Microsoft.Web/sites', name: 'app' };
    const related = [{ type: 'Microsoft.Web/sites/config', name: 'web' }];
    // The rule's `if` reads the resource's name first (memoised); the existence condition must still see "web".
    expect(policy.evaluate(resource, { trace: false, reads: memo, relatedResources: related }).effect).toBeNull();
    expect(policy.evaluate(resource, { trace: false, reads: memo, relatedResources: [{ type: 'Microsoft.Web/sites/config', name: 'other' }] }).effect).toBe('AuditIfNotExists');
    expect(policy.evaluate(resource, { trace: false, reads: memo, relatedResources: related }).effect).toBeNull();
  });

  test("inside a count, a field whose fallback path is the count's member is read per member (review finding A)", () => {
    // An alias whose name has [*] where its path has none: its fallback path properties.arr[*].p is under the count.
    const aliases = AliasCatalog.fromFlatTable('NS.X/y/arr[*].p,properties.single.p\n');
    const policy = compilePolicy({ mode: 'All', policyRule: { if: { count: { field: 'properties.arr[*]', where: { field: 'NS.X/y/arr[*].p', equals: 'a' } }, equals: 1 }, then: { effect: 'audit' } } }, { aliases });
    const resource = { type: 'NS.X/y', properties: { arr: [{ p: 'a' }, { p: 'b' }, { p: 'b' }] } };
    expect(policy.evaluate(resource, { trace: false }).effect).toBe('Audit');
    expect(policy.evaluate(resource, { trace: false, reads: new FieldReadMemo() }).effect).toBe('Audit');
  });

  test('an evaluation nested in another, of the same resource at another API version, does not hand the outer one its values (review finding C)', () => {
    const aliases = AliasCatalog.fromArmProviders([{ namespace: 'NS', resourceTypes: [{ resourceType: 't', aliases: [
      { name: 'NS/t/v', defaultPath: 'properties.new', paths: [{ path: 'properties.old', apiVersions: ['2020-01-01'] }] }] }] }]);
    const rule = (wanted: string): ReturnType<typeof compilePolicy> => compilePolicy({ mode: 'All', policyRule: { if: { field: 'type', equals: 'NS/t' },
      then: { effect: 'auditIfNotExists', details: { type: 'NS/r', existenceCondition: { value: "[field('NS/t/v')]", equals: wanted } } } } }, { aliases });
    const inner = rule('zzz');
    const outer = rule('new');
    const resource = { type: 'NS/t', properties: { new: 'new', old: 'old' } };
    for (const memo of [undefined, new FieldReadMemo()]) {
      const r = outer.evaluate(resource, { trace: false, apiVersion: '2023-01-01', reads: memo, relatedResources: () => {
        inner.evaluate(resource, { trace: false, apiVersion: '2020-01-01', reads: memo, relatedResources: [{ type: 'NS/r', name: 'x' }] });
        return [{ type: 'NS/r', name: 'x' }];
      } });
      expect(r.effect).toBeNull();
    }
  });

  test('field names made at evaluation time are not memoised, and the table of memoised names stays bounded (review finding B)', () => {
    const dynamic = compilePolicy({ mode: 'All', policyRule: { if: { field: "[concat('tags[', field('name'), ']')]", exists: true }, then: { effect: 'audit' } } });
    const memo = new FieldReadMemo();
    const before = memoKeyCount();
    for (let i = 0; i < 2000; i++) {
      const name = `n${i}-${'x'.repeat(50)}`;
      expect(dynamic.evaluate({ type: 't', name, tags: { [name]: 'v' } }, { trace: false, reads: memo }).effect).toBe('Audit');
    }
    expect(memoKeyCount() - before).toBeLessThan(5);
    // Many definitions with distinct field names: the table starts again past its bound, and every read stays right.
    const memo2 = new FieldReadMemo();
    const wrong: number[] = [];
    let most = 0;
    for (let i = 0; i < 12_000; i++) {
      const p = compilePolicy({ mode: 'All', policyRule: { if: { field: `properties.f${i}`, equals: i }, then: { effect: 'audit' } } });
      if (p.evaluate({ type: 't', properties: { [`f${i}`]: i } }, { trace: false, reads: memo2 }).effect !== 'Audit') wrong.push(i);
      most = Math.max(most, memoKeyCount());
    }
    expect(wrong).toEqual([]);
    expect(most).toBeLessThanOrEqual(10_000);
  });
});

