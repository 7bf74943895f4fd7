// EvaluationInput.reads: one FieldReadMemo shared by the evaluations of a resource against many definitions reads
// each field of the resource once. It must never change a result: not across definitions, not from one resource to
// the next, not for another API version, and not inside an existence condition, where `field` reads a related resource.
import { AliasCatalog, builtinCatalog, bundledAliases, compilePolicy, EvaluationInput, EvaluationResult, FieldReadMemo, UNKNOWN } from '../../lib/policy-engine';
import { sharedTextCount } from '../../lib/policy-engine/context';
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
  describe('existence verdicts shared between definitions with the same existence condition', () => {
    const jitType = 'Microsoft.Security/locations/jitNetworkAccessPolicies';
    const listed = { count: { field: `${jitType}/virtualMachines[*]`, where: { field: `${jitType}/virtualMachines[*].id`, equals: "[field('id')]" } }, greater: 0 };
    const rule = (effect: string, existenceCondition: unknown, parameters: Record<string, unknown> = {}): ReturnType<typeof compilePolicy> => compilePolicy({ mode: 'All', parameters, policyRule: {
      if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' }, then: { effect, details: { type: jitType, existenceCondition } } } });
    const vm = (n: number): Record<string, unknown> => ({ id: `/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm${n}`, name: `vm${n}`, type: 'Microsoft.Compute/virtualMachines' });
    /** A JIT policy listing `vms`, counting the reads of its properties (each evaluation of the condition reads them once). */
    const jit = (vms: Record<string, unknown>[], reads: { n: number }): Record<string, unknown> => {
      const properties = { virtualMachines: vms.map((v) => ({ id: v.id })) };
      const r: Record<string, unknown> = { id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default', name: 'default', type: jitType };
      Object.defineProperty(r, 'properties', { enumerable: true, get: () => (reads.n++, properties) });
      return r;
    };

    test('a second definition with the same condition reuses the verdict on each related resource, and it is the same verdict', () => {
      const audit = rule('auditIfNotExists', listed);
      const deploy = rule('auditIfNotExists', JSON.parse(JSON.stringify(listed)));
      const reads = { n: 0 };
      const related = [jit([vm(2)], reads), jit([vm(1), vm(3)], reads)];
      for (const [resource, verdict] of [[vm(1), null], [vm(4), 'AuditIfNotExists'], [vm(2), null]] as const) {
        const memo = new FieldReadMemo();
        reads.n = 0;
        expect(audit.evaluate(resource, { trace: false, reads: memo, relatedResources: related }).effect).toBe(verdict);
        const first = reads.n;
        expect(first).toBeGreaterThan(0);
        expect(deploy.evaluate(resource, { trace: false, reads: memo, relatedResources: related }).effect).toBe(verdict);
        expect(reads.n).toBe(first);
        // Without a memo, or with the trace on (which shows the condition evaluated), it is evaluated again.
        expect(deploy.evaluate(resource, { trace: false, relatedResources: related }).effect).toBe(verdict);
        expect(reads.n).toBeGreaterThan(first);
        const traced = deploy.evaluate(resource, { reads: memo, relatedResources: related });
        expect(traced.effect).toBe(verdict);
        expect(traced.trace.join('\n')).toMatch(/existenceCondition on related resource 0:/);
      }
    });

    test('not shared when the condition reads parameters or the evaluation context, nor across related resources, resources or catalogs', () => {
      const byParam = { field: 'name', equals: "[parameters('n')]" };
      const p = { n: { type: 'String' } };
      const a = rule('auditIfNotExists', byParam, p);
      const b = rule('auditIfNotExists', byParam, p);
      const related = [{ id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/x', name: 'x', type: jitType }];
      const memo = new FieldReadMemo();
      const v1 = vm(1);
      const v3 = vm(3);
      expect(a.evaluate(v1, { trace: false, reads: memo, relatedResources: related, parameters: { n: 'x' } }).effect).toBeNull();
      expect(b.evaluate(v1, { trace: false, reads: memo, relatedResources: related, parameters: { n: 'y' } }).effect).toBe('AuditIfNotExists');
      const byPolicy = { value: "[policy().assignmentId]", equals: 'a1' };
      const c = rule('auditIfNotExists', byPolicy);
      const d = rule('auditIfNotExists', byPolicy);
      expect(c.evaluate(v1, { trace: false, reads: memo, relatedResources: related, context: { policy: { assignmentId: 'a1' } } }).effect).toBeNull();
      expect(d.evaluate(v1, { trace: false, reads: memo, relatedResources: related, context: { policy: { assignmentId: 'a2' } } }).effect).toBe('AuditIfNotExists');
      // Another related resource at the same position, and another resource: evaluated afresh.
      const byName = { field: 'name', equals: 'x' };
      const e = rule('auditIfNotExists', byName);
      const f = rule('auditIfNotExists', byName);
      expect(e.evaluate(v1, { trace: false, reads: memo, relatedResources: related }).effect).toBeNull();
      expect(f.evaluate(v1, { trace: false, reads: memo, relatedResources: [{ ...related[0], name: 'y' }] }).effect).toBe('AuditIfNotExists');
      expect(f.evaluate(vm(2), { trace: false, reads: memo, relatedResources: related }).effect).toBeNull();
      // The same text under another alias catalog, where the alias reads another path.
      const flat = (path: string): AliasCatalog => AliasCatalog.fromFlatTable(`${jitType}/label,${path}\n`);
      const g = compilePolicy({ mode: 'All', policyRule: { if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' }, then: { effect: 'auditIfNotExists', details: { type: jitType, existenceCondition: { field: `${jitType}/label`, equals: 'on' } } } } }, { aliases: flat('properties.a') });
      const h = compilePolicy({ mode: 'All', policyRule: { if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' }, then: { effect: 'auditIfNotExists', details: { type: jitType, existenceCondition: { field: `${jitType}/label`, equals: 'on' } } } } }, { aliases: flat('properties.b') });
      const labelled = [{ ...related[0], properties: { a: 'on', b: 'off' } }];
      expect(g.evaluate(v3, { trace: false, reads: memo, relatedResources: labelled }).effect).toBeNull();
      expect(h.evaluate(v3, { trace: false, reads: memo, relatedResources: labelled }).effect).toBe('AuditIfNotExists');
    });

    test('the step budget: a definition whose own evaluation exceeds it fails the same way after another shared the verdict (review finding D1)', () => {
      const n = 140_000;
      const existence = { count: { field: 'properties.list[*]', where: { field: 'properties.list[*].id', equals: 'none' } }, greater: 0 };
      const isThing = { field: 'type', equals: 'Test.RP/things' };
      const make = (ifc: unknown): ReturnType<typeof compilePolicy> => compilePolicy({ mode: 'All', policyRule: { if: ifc, then: { effect: 'auditIfNotExists', details: { type: 'Test.RP/rels', existenceCondition: existence } } } });
      const light = make(isThing);
      const heavy = make({ allOf: [isThing, { count: { field: 'properties.arr[*]', where: { field: 'properties.arr[*].n', equals: 'x' } }, equals: 0 }] });
      const resource = { id: '/r', name: 'r', type: 'Test.RP/things', properties: { arr: Array.from({ length: n }, (_, i) => ({ n: `a${i}` })) } };
      const rel = { id: '/rel', name: 'rel', type: 'Test.RP/rels', properties: { list: Array.from({ length: n }, (_, i) => ({ id: `i${i}` })) } };
      const alone = heavy.evaluate(resource, { trace: false, relatedResources: [rel] });
      expect(alone.error?.message).toMatch(/budget/);
      const memo = new FieldReadMemo();
      expect(light.evaluate(resource, { trace: false, reads: memo, relatedResources: [rel] }).error).toBeUndefined();
      const after = heavy.evaluate(resource, { trace: false, reads: memo, relatedResources: [rel] });
      expect({ effect: after.effect, error: after.error }).toEqual({ effect: alone.effect, error: alone.error });
      // Within the budget, a reused verdict costs its steps again: a light definition after a light one still succeeds.
      expect(make(isThing).evaluate(resource, { trace: false, reads: memo, relatedResources: [rel] })).toMatchObject({ effect: 'AuditIfNotExists', error: undefined });
    });

    test('the step budget: a reused verdict charges no more than evaluating it again would (review rev31: "in" sets are built once per array)', () => {
      const n = 150_000;
      // rel1's verdict costs the lookup set of the bound resource's list the first time only (operators.ts foldedSet);
      // rel2's costs ~530,000 steps every time.
      const existence = { anyOf: [
        { field: 'name', in: "[field('properties.list')]" },
        { count: { field: 'properties.items[*]', where: { field: 'properties.items[*].id', equals: 'none' } }, greater: 0 },
      ] };
      const make = (): ReturnType<typeof compilePolicy> => compilePolicy({ mode: 'All', policyRule: { if: { field: 'type', equals: 'Test.RP/things' }, then: { effect: 'auditIfNotExists', details: { type: 'Test.RP/rels', existenceCondition: existence } } } });
      const rels = [
        { id: '/rel1', name: 'rel1', type: 'Test.RP/rels', properties: { items: [] } },
        { id: '/rel2', name: 'rel2', type: 'Test.RP/rels', properties: { items: Array.from({ length: 120_000 }, (_, i) => ({ id: `i${i}` })) } },
      ];
      const outcome = (memo: FieldReadMemo | undefined): unknown => {
        const resource = { id: '/r', name: 'r', type: 'Test.RP/things', properties: { list: Array.from({ length: n }, (_, i) => `n${i}`) } };
        make().evaluate(resource, { trace: false, reads: memo, relatedResources: rels });
        const r = make().evaluate(resource, { trace: false, reads: memo, relatedResources: rels });
        return { effect: r.effect, error: r.error };
      };
      expect(outcome(new FieldReadMemo())).toEqual(outcome(undefined));
    });

    test('a related resource changed in place needs clear(), as the resource itself does (review finding D2)', () => {
      const enabled = { field: 'properties.enabled', equals: true };
      const a = rule('auditIfNotExists', enabled);
      const b = rule('auditIfNotExists', enabled);
      const rel = { id: '/rel', name: 'rel', type: jitType, properties: { enabled: true } };
      const memo = new FieldReadMemo();
      const v1 = vm(1);
      expect(a.evaluate(v1, { trace: false, reads: memo, relatedResources: [rel] }).effect).toBeNull();
      rel.properties.enabled = false;
      memo.clear();
      expect(b.evaluate(v1, { trace: false, reads: memo, relatedResources: [rel] }).effect).toBe('AuditIfNotExists');
    });

    test('only plain JSON conditions of bounded size share, and the table of their texts stays bounded (review findings D3, D4)', () => {
      const when = '2020-01-01T00:00:00.000Z';
      const a = rule('auditIfNotExists', { field: 'name', equals: when });
      const b = rule('auditIfNotExists', { field: 'name', equals: new Date(when) });
      const rel = { id: '/rel', name: when, type: jitType };
      const v1 = vm(1);
      const alone = b.evaluate(v1, { trace: false, relatedResources: [rel] }).effect;
      const memo = new FieldReadMemo();
      a.evaluate(v1, { trace: false, reads: memo, relatedResources: [rel] });
      expect(b.evaluate(v1, { trace: false, reads: memo, relatedResources: [rel] }).effect).toBe(alone);
      expect(() => rule('auditIfNotExists', { field: 'name', equals: BigInt(10) })).not.toThrow();
      // A condition over 2,048 characters of text is evaluated for each definition.
      const reads = { n: 0 };
      const long = { allOf: [listed, ...Array.from({ length: 40 }, (_, k) => ({ field: 'name', notEquals: `${'n'.repeat(40)}${k}` }))] };
      const related = [jit([vm(2)], reads)];
      const v2 = vm(2);
      const memo2 = new FieldReadMemo();
      rule('auditIfNotExists', long).evaluate(v2, { trace: false, reads: memo2, relatedResources: related });
      const first = reads.n;
      rule('auditIfNotExists', long).evaluate(v2, { trace: false, reads: memo2, relatedResources: related });
      expect(reads.n).toBeGreaterThan(first);
      for (let i = 0; i < 2500; i++) rule('auditIfNotExists', { field: 'name', equals: `distinct ${i}` });
      expect(sharedTextCount()).toBeLessThanOrEqual(2000);
    });

    test('a verdict that waited on unknown values is not shared: each definition reports the paths it waits for', () => {
      const onLabel = { field: `${jitType}/virtualMachines[*].id`, equals: "[field('id')]" };
      const a = rule('auditIfNotExists', onLabel);
      const b = rule('auditIfNotExists', onLabel);
      const memo = new FieldReadMemo();
      const related = [{ id: '/x', name: 'default', type: jitType, properties: { virtualMachines: [{ id: UNKNOWN }] } }];
      const v1 = vm(1);
      const ra = a.evaluate(v1, { trace: false, reads: memo, relatedResources: related });
      const rb = b.evaluate(v1, { trace: false, reads: memo, relatedResources: related });
      expect(ra.undetermined).toBeDefined();
      expect(rb.undetermined).toEqual(ra.undetermined);
    });
  });
});

