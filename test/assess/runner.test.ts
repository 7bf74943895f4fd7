import { AssessInputError, buildAssessPlan, parseAssignments, RelatedResourceIndex, runAssessment, runAssessmentSync, ScanReport } from '../../lib/assess';
import { containerOf, RelatedQuery } from '../../lib/assess/related';
import { prng } from '../../bench/prng';
import {
  assess, assignmentJson, AUDIT_EASTUS, AUDIT_JIT, DENY_ID, DENY_PUBLIC_STORAGE, GUARD_INITIATIVE, INITIATIVE_ID, items, jit, resolverOf, RG1, RG10, storage, SUB, SUB2, vm,
} from './helpers';

const SUB_SCOPE = `/subscriptions/${SUB}`;
const ids = (r: ScanReport): string[] => r.findings.map((f) => `${f.referenceId ?? f.policy}:${f.resourceId.split('/').pop()}:${f.effect}`);

describe('scope and notScopes', () => {
  const resources = [storage(RG1, 'st1', true), storage(RG10, 'st10', true), storage(`/subscriptions/${SUB2}/resourceGroups/rg1`, 'other', true)];

  test('an assignment at rg1 reaches rg1, not rg10 or another subscription', () => {
    const r = assess(assignmentJson(RG1, 'a', DENY_ID), resources);
    expect(ids(r)).toEqual(['deny-public-storage:st1:Deny']);
    expect(r.policies[0]).toMatchObject({ assignment: `${RG1}/providers/Microsoft.Authorization/policyAssignments/a`, evaluated: 1 });
    expect(r.complete).toBe(true);
  });

  test('notScopes exclude resource groups and single resources (not counted as evaluated)', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { notScopes: [RG10] }), resources);
    expect(ids(r)).toEqual(['deny-public-storage:st1:Deny']);
    expect(r.policies[0].evaluated).toBe(1);
    const r2 = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { notScopes: [`${RG1}/providers/Microsoft.Storage/storageAccounts/st1`] }), resources);
    expect(ids(r2)).toEqual(['deny-public-storage:st10:Deny']);
  });

  test('a management-group assignment without ancestry: skipped with the reason, never compliant', () => {
    const a = assignmentJson('/providers/Microsoft.Management/managementGroups/platform', 'a', DENY_ID);
    const r = assess(a, resources);
    expect(r.findings).toEqual([]);
    expect(r.complete).toBe(false);
    expect(r.policies[0]).toMatchObject({ evaluated: 0, skipped: 3 });
    expect(r.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/not evaluated: management-group scope: the ancestry of subscription .*a1 is unknown \(give --management-groups\) \(2 resources\)$/),
      expect.stringMatching(/ancestry of subscription .*b2 is unknown .*\(1 resource\)$/),
    ]);
  });

  test('a management-group assignment with ancestry reaches the subscriptions below it; unknown ones are skipped', async () => {
    const { ManagementGroupAncestry } = await import('../../lib/assess');
    const ancestry = ManagementGroupAncestry.parse({ [SUB]: ['platform', 'root'] }, 'mg.json');
    const r = assess(assignmentJson('/providers/Microsoft.Management/managementGroups/platform', 'a', DENY_ID), resources, { ancestry });
    expect(ids(r)).toEqual(['deny-public-storage:st1:Deny', 'deny-public-storage:st10:Deny']);
    expect(r.skipped).toEqual([expect.objectContaining({ reason: expect.stringMatching(/subscription .*b2 is not in the management-group ancestry given \(1 resource\)/) })]);
  });

  test('notScopes that cannot be decided make the resource skipped, not evaluated', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { notScopes: ['/providers/Microsoft.Management/managementGroups/sandbox'] }), [storage(RG1, 'st1', true)]);
    expect(r.findings).toEqual([]);
    expect(r.skipped[0].reason).toMatch(/notScopes \/providers\/Microsoft\.Management\/managementGroups\/sandbox: management-group scope/);
  });
});

describe('resource selectors', () => {
  const resources = [storage(RG1, 'we', true, 'westeurope'), storage(RG1, 'us', true, 'East US'), storage(RG1, 'ne', true, 'northeurope')];

  test('in: only the selected locations are evaluated', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { resourceSelectors: [{ name: 'sdp', selectors: [{ kind: 'resourceLocation', in: ['eastus', 'westeurope'] }] }] }), resources);
    expect(ids(r)).toEqual(['deny-public-storage:we:Deny', 'deny-public-storage:us:Deny']);
    expect(r.policies[0].evaluated).toBe(2);
  });

  test('notIn, and any of several resource selectors', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { resourceSelectors: [{ name: 'not-eu', selectors: [{ kind: 'resourceLocation', notIn: ['westeurope', 'northeurope'] }] }] }), resources);
    expect(ids(r)).toEqual(['deny-public-storage:us:Deny']);
    const any = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { resourceSelectors: [
      { name: 'ne', selectors: [{ kind: 'resourceLocation', in: ['northeurope'] }] },
      { name: 'vms', selectors: [{ kind: 'resourceType', in: ['Microsoft.Compute/virtualMachines'] }] },
    ] }), resources);
    expect(ids(any)).toEqual(['deny-public-storage:ne:Deny']);
  });
});

describe('initiatives: parameters flow assignment -> initiative -> member, groups kept', () => {
  const resources = [storage(RG1, 'st1', true, 'eastus'), storage(RG1, 'st2', false, 'westeurope'), vm(RG1, 'vm1'), jit(RG1, [])];

  test('defaults: storageEffect Audit flows through the expression; members and groups in findings and summaries', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID), resources);
    expect(ids(r)).toEqual(['publicStorage:st1:Audit', 'eastus:st1:Audit', 'jit:vm1:AuditIfNotExists']);
    expect(r.findings[0]).toMatchObject({ policy: 'deny-public-storage', referenceId: 'publicStorage', groups: ['data'], enforced: true });
    const a = r.assignments[0];
    expect(a).toMatchObject({ name: 'guard', scope: SUB_SCOPE, definitionId: INITIATIVE_ID, enforcementMode: 'Default' });
    expect(a.members).toEqual([
      expect.objectContaining({ referenceId: 'publicStorage', policy: 'deny-public-storage', groups: ['data'], audit: 1, deny: 0 }),
      expect.objectContaining({ referenceId: 'eastus', groups: ['network'], audit: 1 }),
      expect.objectContaining({ referenceId: 'jit', audit: 1 }),
    ]);
    expect(a.totals).toMatchObject({ audit: 3, deny: 0, exempted: 0 });
  });

  test('assignment values reach members: storageEffect Deny; an expression that selects Disabled turns the member off', () => {
    const deny = assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID, { parameters: { storageEffect: { value: 'Deny' } } }), resources);
    expect(ids(deny)[0]).toBe('publicStorage:st1:Deny');
    expect(deny.assignments[0].totals.deny).toBe(1);
    const off = assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID, { parameters: { storageEffect: { value: 'Deny' }, resourceTypeList: { value: ['microsoft.compute/virtualmachines'] } } }), resources);
    expect(ids(off)).toEqual(['eastus:st1:Audit', 'jit:vm1:AuditIfNotExists']);
  });

  test.each([
    [{ storageeffect: { value: 'Block' } }, /parameters\.storageeffect\.value "Block": expected one of \["Audit","Deny","Disabled"\]/],
    [{ storageEffect: { value: 'deny' } }, /expected one of .* \(case-sensitive\)/],
    [{ colour: { value: 'red' } }, /parameters\.colour "red": initiative guard declares no such parameter \(declared: storageEffect, resourceTypeList\)/],
    [{ resourceTypeList: { value: 'x' } }, /parameters\.resourceTypeList\.value "x": expected a value of type Array/],
  ])('assignments Azure rejects are errors: %j', (parameters, message) => {
    expect(() => assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID, { parameters }), resources)).toThrow(message);
  });

  test('a required initiative parameter without a value is an error', () => {
    const strict = { ...GUARD_INITIATIVE, properties: { ...GUARD_INITIATIVE.properties, parameters: { ...GUARD_INITIATIVE.properties.parameters, owner: { type: 'String' } } } };
    expect(() => assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID), resources, {}, resolverOf(DENY_PUBLIC_STORAGE, AUDIT_EASTUS, AUDIT_JIT, strict)))
      .toThrow(/parameters\.owner missing: initiative guard requires a value/);
  });

  test('a member whose definition is not found is skipped with the reason; the others run', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID), resources, {}, resolverOf(DENY_PUBLIC_STORAGE, AUDIT_EASTUS, GUARD_INITIATIVE));
    expect(r.complete).toBe(false);
    expect(r.skipped[0].reason).toMatch(/member jit: definition \/providers\/Microsoft\.Authorization\/policyDefinitions\/audit-jit not found/);
    expect(ids(r)).toEqual(['publicStorage:st1:Audit', 'eastus:st1:Audit']);
    expect(r.assignments[0].members.map((m) => m.referenceId)).toEqual(['publicStorage', 'eastus', 'jit']);
  });

  test('an assignment whose definition is not found is skipped, never compliant', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'x', '/providers/Microsoft.Authorization/policyDefinitions/nope'), resources);
    expect(r.complete).toBe(false);
    expect(r.skipped[0]).toMatchObject({ file: 'assignments.json', reason: expect.stringMatching(/definition .*nope not found in --policies, the kit's library or the built-in catalog/) });
  });
});

describe('overrides', () => {
  const resources = [storage(RG1, 'st1', true, 'eastus'), storage(RG1, 'st2', true, 'westeurope')];

  test('policyEffect by policyDefinitionReferenceId in: the member takes the effect', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID, { overrides: [{ kind: 'policyEffect', value: 'deny', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['publicStorage'] }] }] }), resources);
    expect(ids(r)).toEqual(['publicStorage:st1:Deny', 'eastus:st1:Audit', 'publicStorage:st2:Deny']);
  });

  test('notIn: every other member takes it (Disabled turns off the literal-Audit member)', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID, { overrides: [{ kind: 'policyEffect', value: 'Disabled', selectors: [{ kind: 'policyDefinitionReferenceId', notIn: ['publicStorage', 'jit'] }] }] }), resources);
    expect(ids(r)).toEqual(['publicStorage:st1:Audit', 'publicStorage:st2:Audit']);
    expect(r.policies.find((p) => p.referenceId === 'eastus')!.evaluated).toBe(0);
  });

  test('a literal effect is replaced (Audit -> Deny); with a location selector only there; the first matching override wins', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID, { overrides: [
      { kind: 'policyEffect', value: 'Deny', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['eastus'] }, { kind: 'resourceLocation', in: ['eastus'] }] },
      { kind: 'policyEffect', value: 'Disabled', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['eastus'] }] },
      { kind: 'policyEffect', value: 'Deny', selectors: [{ kind: 'policyDefinitionReferenceId', notIn: ['jit'] }, { kind: 'resourceLocation', in: ['westeurope'] }] },
    ] }), resources);
    expect(ids(r)).toEqual(['publicStorage:st1:Audit', 'eastus:st1:Deny', 'publicStorage:st2:Deny']);
  });

  test('the override value is validated against the member\'s allowed effects', () => {
    expect(() => assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID, { overrides: [{ kind: 'policyEffect', value: 'Modify', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['publicStorage'] }] }] }), resources))
      .toThrow(/assignments\.json: overrides\[0\]\.value "Modify": member publicStorage \(definition deny-public-storage\) allows the effects Audit, Deny, Disabled/);
    expect(() => assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID, { overrides: [{ kind: 'policyEffect', value: 'DeployIfNotExists', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['eastus'] }] }] }), resources))
      .toThrow(/member eastus \(definition audit-eastus\) allows the effects Audit, Deny, Disabled/);
    expect(() => assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID, { overrides: [{ kind: 'policyEffect', value: 'Audit', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['nope'] }] }] }), resources))
      .toThrow(/overrides\[0\]\.selectors "nope": is not a policyDefinitionReferenceId of initiative guard/);
    expect(() => assess({ id: `${SUB_SCOPE}/providers/Microsoft.Authorization/policyAssignments/a`, properties: { policyDefinitionId: DENY_ID, overrides: [{ kind: 'policyEffect', value: 'Audit', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['x'] }] }] } }, resources))
      .toThrow(/properties\.overrides policyDefinitionReferenceId: selects initiative members; this assignment is of a single definition/);
  });

  test('an override of a single-definition assignment without selectors', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { overrides: [{ kind: 'policyEffect', value: 'Audit' }] }), resources);
    expect(ids(r)).toEqual(['deny-public-storage:st1:Audit', 'deny-public-storage:st2:Audit']);
  });
});

describe('enforcementMode DoNotEnforce', () => {
  test('would-deny results are reported with enforced: false and counted as deny', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { enforcementMode: 'DoNotEnforce', nonComplianceMessages: [{ message: 'No public blobs' }] }), [storage(RG1, 'st1', true)]);
    expect(r.findings).toEqual([expect.objectContaining({ effect: 'Deny', enforced: false, nonComplianceMessage: 'No public blobs' })]);
    expect(r.assignments[0]).toMatchObject({ enforcementMode: 'DoNotEnforce', totals: expect.objectContaining({ deny: 1 }) });
  });

  test('per-member non-compliance messages win over the default one', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID, { nonComplianceMessages: [{ message: 'default' }, { message: 'storage', policyDefinitionReferenceId: 'PUBLICSTORAGE' }] }), [storage(RG1, 'st1', true, 'eastus')]);
    expect(r.findings.map((f) => f.nonComplianceMessage)).toEqual(['storage', 'default']);
  });
});

describe('exemptions', () => {
  const AID = `${SUB_SCOPE}/providers/Microsoft.Authorization/policyAssignments/guard`;
  const exemption = (scope: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id: `${scope}/providers/Microsoft.Authorization/policyExemptions/e-${Object.keys(extra).join('-') || 'all'}`, name: 'e', policyAssignmentId: AID, exemptionCategory: 'Waiver', ...extra });
  const resources = [storage(RG1, 'st1', true, 'eastus'), storage(RG10, 'st10', true, 'eastus')];
  const run = (exemptions: unknown): ScanReport => assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID), resources, { exemptions });

  test('an exemption on rg1 removes rg1\'s results (all members) and reports them with the category', () => {
    const r = run([exemption(RG1, { exemptionCategory: 'mitigated' })]);
    expect(ids(r)).toEqual(['publicStorage:st10:Audit', 'eastus:st10:Audit']);
    expect(r.exempted.map((e) => `${e.referenceId}:${e.resourceId.split('/').pop()}:${e.exemption.category}`)).toEqual(['publicStorage:st1:Mitigated', 'eastus:st1:Mitigated']);
    expect(r.assignments[0].totals).toMatchObject({ audit: 2, exempted: 2 });
    expect(r.assignments[0].members[0]).toMatchObject({ audit: 1, exempted: 1 });
    expect(r.policies[0].effects).toEqual({ Audit: 1 });
  });

  test('policyDefinitionReferenceIds limit it to those members', () => {
    const r = run([exemption(RG1, { policyDefinitionReferenceIds: ['eastus'] })]);
    expect(ids(r)).toEqual(['publicStorage:st1:Audit', 'publicStorage:st10:Audit', 'eastus:st10:Audit']);
    expect(r.exempted).toHaveLength(1);
  });

  test('an expired exemption does not apply and is listed on the assignment', () => {
    const r = run([exemption(RG1, { expiresOn: '2026-01-31T00:00:00Z' })]);
    expect(r.exempted).toEqual([]);
    expect(r.findings).toHaveLength(4);
    expect(r.assignments[0].expiredExemptions).toEqual([{ id: expect.stringMatching(/e-expiresOn$/), expiresOn: '2026-01-31T00:00:00Z' }]);
    const future = run([exemption(RG1, { expiresOn: '2027-01-31T00:00:00Z' })]);
    expect(future.exempted.map((e) => e.exemption.expiresOn)).toEqual(['2027-01-31T00:00:00Z', '2027-01-31T00:00:00Z']);
  });

  test('an exemption scoped to one resource, and one narrowed by resource selectors', () => {
    const single = run([exemption(`${RG10}/providers/Microsoft.Storage/storageAccounts/st10`)]);
    expect(single.exempted.map((e) => e.resourceId.split('/').pop())).toEqual(['st10', 'st10']);
    const selected = run([exemption(SUB_SCOPE, { resourceSelectors: [{ name: 'x', selectors: [{ kind: 'resourceLocation', notIn: ['eastus'] }] }] })]);
    expect(selected.exempted).toEqual([]);
  });

  test('exemptions of another assignment do not apply (and are reported as warnings by the plan)', () => {
    const other = { ...exemption(RG1), policyAssignmentId: `${SUB_SCOPE}/providers/Microsoft.Authorization/policyAssignments/other` };
    const r = run([other]);
    expect(r.exempted).toEqual([]);
    const { parseExemptions } = jest.requireActual('../../lib/assess') as typeof import('../../lib/assess');
    const plan = buildAssessPlan({ resolver: resolverOf(DENY_PUBLIC_STORAGE, AUDIT_EASTUS, AUDIT_JIT, GUARD_INITIATIVE), assignments: parseAssignments(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID), 'a.json'), exemptions: parseExemptions([other, exemption(RG1, { policyDefinitionReferenceIds: ['nope'] })], 'e.json') });
    expect(plan.warnings).toEqual([
      expect.stringMatching(/policyDefinitionReferenceIds "nope" is not a member of guard/),
      expect.stringMatching(/is for assignment .*other, which is not among the assignments evaluated/),
    ]);
  });
});

describe('definition versions', () => {
  const v1 = { ...DENY_PUBLIC_STORAGE, properties: { ...DENY_PUBLIC_STORAGE.properties, version: '1.0.0' } };
  const v2 = { ...DENY_PUBLIC_STORAGE, properties: { ...DENY_PUBLIC_STORAGE.properties, version: '2.1.0', policyRule: { ...DENY_PUBLIC_STORAGE.properties.policyRule, if: { field: 'type', equals: 'Microsoft.Storage/storageAccounts' } } } };
  const resolver = resolverOf(v1, v2);
  const resources = [storage(RG1, 'open', true, 'eastus'), storage(RG1, 'closed', false, 'westeurope')];

  test('definitionVersion selects the version; without it the newest', () => {
    expect(ids(assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { definitionVersion: '1.*.*' }), resources, {}, resolver))).toEqual(['deny-public-storage:open:Deny']);
    const latest = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID), resources, {}, resolver);
    expect(ids(latest)).toEqual(['deny-public-storage:open:Deny', 'deny-public-storage:closed:Deny']);
    expect(latest.policies[0].version).toBe('2.1.0');
  });

  test('a version not held is skipped with the versions held; a single held version is said so', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { definitionVersion: '3.*.*' }), resources, {}, resolver);
    expect(r.skipped[0].reason).toMatch(/definitionVersion 3\.\*\.\* of .*deny-public-storage is not held \(the catalog holds 2\.1\.0, 1\.0\.0\)/);
    const one = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { definitionVersion: '1.*.*' }), resources, {}, resolverOf(v1));
    expect(one.assignments[0].versionNote).toBe('only version 1.0.0 of this definition is available');
  });

  test('a policyVersion override evaluates the selected resources with that version', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'a', DENY_ID, { definitionVersion: '1.*.*', overrides: [{ kind: 'policyVersion', value: '2.*.*', selectors: [{ kind: 'resourceLocation', in: ['westeurope'] }] }] }), resources, {}, resolver);
    expect(ids(r)).toEqual(['deny-public-storage:open:Deny', 'deny-public-storage:closed:Deny']);
    expect(r.policies.map((p) => `${p.version}:${p.evaluated}`)).toEqual(['1.0.0:1', '2.1.0:1']);
  });

  test('an initiative member pinned to a version the catalog does not hold is evaluated with the held one, and says so', () => {
    const pinned = { ...GUARD_INITIATIVE, properties: { ...GUARD_INITIATIVE.properties, policyDefinitions: [{ ...GUARD_INITIATIVE.properties.policyDefinitions[0], definitionVersion: '7.*.*' }] } };
    const r = assess(assignmentJson(SUB_SCOPE, 'guard', INITIATIVE_ID), resources, {}, resolverOf(v2, pinned));
    expect(r.policies[0].versionNote).toBe('pinned 7.*.*; the catalog holds 2.1.0: evaluated with 2.1.0');
    expect(r.findings).toHaveLength(2);
  });
});

describe('existence checks (auditIfNotExists / deployIfNotExists)', () => {
  const JIT_ID = '/providers/Microsoft.Authorization/policyDefinitions/audit-jit';
  const vm1 = vm(RG1, 'vm1');
  const vm2 = vm(RG1, 'vm2');
  const vm3 = vm(RG10, 'vm3');

  test('related resources in the resource group, before or after the resource in the input', () => {
    const r = assess(assignmentJson(SUB_SCOPE, 'a', JIT_ID), [vm1, vm2, vm3, jit(RG1, [String(vm1.id)]), jit(RG10, [String(vm1.id)], 'other')]);
    expect(ids(r)).toEqual(['audit-jit:vm2:AuditIfNotExists', 'audit-jit:vm3:AuditIfNotExists']);
    expect(r.findings[0].reason).toMatch(/none satisfies existenceCondition/);
    const before = assess(assignmentJson(SUB_SCOPE, 'a', JIT_ID), [jit(RG1, [String(vm1.id)]), vm1, vm2]);
    expect(ids(before)).toEqual(['audit-jit:vm2:AuditIfNotExists']);
    // Streamed (not an array): the check of vm1 waits for the JIT policy that comes after it.
    const plan = buildAssessPlan({ resolver: resolverOf(AUDIT_JIT), assignments: parseAssignments(assignmentJson(SUB_SCOPE, 'a', JIT_ID), 'a.json') });
    function* stream(): Generator<ReturnType<typeof items>[number]> {
      yield* items([vm1, vm2, jit(RG1, [String(vm1.id)])]);
    }
    const streamed = runAssessmentSync(stream(), plan);
    expect(ids(streamed)).toEqual(['audit-jit:vm2:AuditIfNotExists']);
    expect(streamed.findings[0].reason).toMatch(/none satisfies existenceCondition/);
  });

  test('the index is consulted only for resources whose `if` matched', () => {
    const find = jest.spyOn(RelatedResourceIndex.prototype, 'find');
    try {
      assess(assignmentJson(SUB_SCOPE, 'a', JIT_ID), [storage(RG1, 'st', true), storage(RG1, 'st2', true), vm1, jit(RG1, [])]);
      // vm1 only: provisional (index incomplete) and final.
      expect(find.mock.calls.length).toBeGreaterThan(0);
      expect(find.mock.calls.every(([, idKey]) => idKey === String(vm1.id).toLowerCase())).toBe(true);
    } finally {
      find.mockRestore();
    }
  });

  test('deferred checks beyond maxDeferred re-read the input through reopen', async () => {
    const resources = [vm1, vm2, vm3, jit(RG1, [String(vm1.id), String(vm2.id)])];
    const plan = buildAssessPlan({ resolver: resolverOf(AUDIT_JIT), assignments: parseAssignments(assignmentJson(SUB_SCOPE, 'a', JIT_ID), 'a.json') });
    // A stream (not an array): the JIT policy comes after the VMs it covers.
    function* stream(): Generator<ReturnType<typeof items>[number]> {
      yield* items(resources);
    }
    let reads = 0;
    const reopen = (): Iterable<ReturnType<typeof items>[number]> => {
      reads++;
      return stream();
    };
    const r = await runAssessment(stream(), plan, { maxDeferred: 1, reopen });
    expect(reads).toBe(1);
    expect(ids(r)).toEqual(['audit-jit:vm3:AuditIfNotExists']);
    expect(r.complete).toBe(true);
    // Without reopen, the same answer from memory; and from an array (related resources filed first).
    expect(ids(await runAssessment(stream(), plan, { maxDeferred: 1 }))).toEqual(['audit-jit:vm3:AuditIfNotExists']);
    expect(ids(await runAssessment(items(resources), plan))).toEqual(['audit-jit:vm3:AuditIfNotExists']);
  });

  test('positions kept beyond maxDeferred: several checks per resource, in order; resources missing from the second reading are reported', async () => {
    const vms = Array.from({ length: 6 }, (_, i) => vm(RG1, `vm${i}`));
    const resources = [...vms, jit(RG1, [String(vms[1].id), String(vms[4].id)])];
    // Two definitions look for the JIT policy: two deferred checks per VM.
    const second = { ...AUDIT_JIT, name: 'audit-jit-2' };
    const resolver = resolverOf(AUDIT_JIT, second);
    const plan = buildAssessPlan({ resolver, definitions: [...resolver.entries('definition')] });
    async function* stream(skip?: number): AsyncGenerator<ReturnType<typeof items>[number]> {
      for (const r of items(resources)) if (r.index !== skip) yield r;
    }
    const whole = await runAssessment(stream(), plan, { maxDeferred: 2, reopen: () => stream() });
    const expected = ['vm0', 'vm2', 'vm3', 'vm5'].flatMap((v) => [`audit-jit:${v}:AuditIfNotExists`, `audit-jit-2:${v}:AuditIfNotExists`]);
    expect(ids(whole)).toEqual(expected);
    expect(ids(whole)).toEqual(ids(runAssessmentSync(items(resources), plan)));
    expect(whole.complete).toBe(true);
    // vm2 and vm5 are gone when the input is read again: their checks are not decided, and the report says so.
    async function* changed(): AsyncGenerator<ReturnType<typeof items>[number]> {
      for (const r of items(resources)) if (r.index !== 2 && r.index !== 5) yield r;
    }
    const partial = await runAssessment(stream(), plan, { maxDeferred: 2, reopen: changed });
    expect(ids(partial)).toEqual(expected.filter((x) => !/vm[25]:/.test(x)));
    expect(partial.complete).toBe(false);
    expect(partial.skipped).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^2 resource\(s\) with pending existence checks were not found when the input was read again/) })]);
  });

  test('child types: descendants of the resource only; extension types: the resource\'s own, never another resource\'s', () => {
    const ext = {
      name: 'audit-vm-ext', properties: { mode: 'Indexed', policyRule: { if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' }, then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Compute/virtualMachines/extensions', existenceCondition: { field: 'Microsoft.Compute/virtualMachines/extensions/publisher', equals: 'Microsoft.Azure.Monitor' } } } } },
    };
    const diag = {
      name: 'audit-diag', properties: { mode: 'Indexed', policyRule: { if: { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, then: { effect: 'AuditIfNotExists', details: { type: 'Microsoft.Insights/diagnosticSettings' } } } },
    };
    const extension = (vmId: string, publisher: string): Record<string, unknown> => ({ id: `${vmId}/extensions/ama`, name: 'ama', type: 'Microsoft.Compute/virtualMachines/extensions', location: 'westeurope', properties: { publisher } });
    const st1 = storage(RG1, 'st1', false);
    const st2 = storage(RG1, 'st2', false);
    const diagOf = (resourceId: string): Record<string, unknown> => ({ id: `${resourceId}/providers/Microsoft.Insights/diagnosticSettings/d`, name: 'd', type: 'Microsoft.Insights/diagnosticSettings', properties: {} });
    const resources = [vm1, vm2, vm(RG1, 'vm10'), extension(String(vm1.id), 'Microsoft.Azure.Monitor'), extension(`${RG1}/providers/Microsoft.Compute/virtualMachines/vm10`, 'Other'), st1, st2, diagOf(String(st1.id))];
    const plan = buildAssessPlan({ resolver: resolverOf(ext, diag), definitions: [...resolverOf(ext, diag).entries('definition')] });
    const r = runAssessmentSync(items(resources), plan);
    expect(ids(r)).toEqual(['audit-vm-ext:vm2:AuditIfNotExists', 'audit-vm-ext:vm10:AuditIfNotExists', 'audit-diag:st2:AuditIfNotExists']);
  });

  test('lookups give what Azure would consider, whatever came before: seeded (resources and lookups by resource group, added as they go)', () => {
    const rand = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const JIT_TYPE = 'microsoft.security/locations/jitnetworkaccesspolicies';
    const DIAG = 'microsoft.insights/diagnosticsettings';
    // Groups whose names are prefixes of each other's, two subscriptions, resources in groups and at subscription level.
    const containers = [`/subscriptions/${SUB}`, `/subscriptions/${SUB2}`, ...[SUB, SUB2].flatMap((s) => ['g1', 'g10', 'g2'].map((g) => `/subscriptions/${s}/resourcegroups/${g}`))];
    const vms = containers.flatMap((c) => [`${c}/providers/microsoft.compute/virtualmachines/vm1`, `${c}/providers/microsoft.compute/virtualmachines/vm10`]);
    const index = new RelatedResourceIndex(new Set([JIT_TYPE, DIAG]));
    const added: { idKey: string; type: string; resource: Record<string, unknown> }[] = [];
    let n = 0;
    const add = (): void => {
      const diag = rand() < 0.4;
      const on = diag ? pick([...vms, ...containers]) : pick(containers);
      const id = diag ? `${on}/providers/Microsoft.Insights/diagnosticSettings/d${n++}` : `${on}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/p${n++}`;
      const resource = { id: rand() < 0.5 ? id.toUpperCase() : id, type: diag ? 'Microsoft.Insights/diagnosticSettings' : 'Microsoft.Security/locations/jitNetworkAccessPolicies' };
      index.add(resource);
      added.push({ idKey: id.toLowerCase(), type: diag ? DIAG : JIT_TYPE, resource });
    };
    // The rule (see related.ts): attached to the resource itself, or sitting in a subscription or resource group in the query's scope.
    const expected = (q: RelatedQuery, idKey: string): Record<string, unknown>[] => {
      const { subscription, group } = containerOf(idKey);
      return added.filter((r) => {
        if (r.type !== q.type) return false;
        const attach = r.idKey.slice(0, r.idKey.lastIndexOf('/providers/'));
        if (attach === idKey) return true;
        const c = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?$/.exec(attach);
        if (!c || !subscription || c[1] !== subscription) return false;
        return q.subscriptionWide || (c[2] ?? '') === (q.resourceGroup ?? group);
      }).map((r) => r.resource);
    };
    const byId = (rs: Record<string, unknown>[]): string[] => rs.map((r) => String(r.id)).sort();
    let checked = 0;
    let found = 0;
    for (let step = 0; step < 3000; step++) {
      if (rand() < 0.15) add();
      // Lookups come in runs for one resource group, as an export lists them.
      const idKey = pick([...vms, ...containers]);
      for (let k = 0, runs = 1 + Math.floor(rand() * 3); k < runs; k++) {
        const q: RelatedQuery = { type: pick([JIT_TYPE, DIAG]), subscriptionWide: rand() < 0.2, ...(rand() < 0.2 ? { resourceGroup: pick(['g1', 'g10', 'g2', 'nope']) } : {}) };
        const got = index.find(q, idKey, 'microsoft.compute/virtualmachines');
        expect(new Set(got).size).toBe(got.length);
        expect(byId(got)).toEqual(byId(expected(q, idKey)));
        checked++;
        found += got.length;
      }
    }
    expect(checked).toBeGreaterThan(5000);
    expect(found).toBeGreaterThan(5000);
  });

  test('the index keeps only extension resources attached to resources of the types that look for them', () => {
    const diag = 'microsoft.insights/diagnosticsettings';
    const index = new RelatedResourceIndex(new Set([diag]), new Map([[diag, new Set(['microsoft.storage/storageaccounts'])]]));
    const setting = (on: string): Record<string, unknown> => ({ id: `${on}/providers/Microsoft.Insights/diagnosticSettings/d`, type: 'Microsoft.Insights/diagnosticSettings' });
    index.add(setting(String(vm1.id)));
    expect(index.size).toBe(0);
    index.add(setting(String(storage(RG1, 'st', false).id)));
    index.add(setting(`/subscriptions/${SUB}`));
    index.add(vm2);
    expect(index.size).toBe(2);
  });

  test('resourceGroupName and existenceScope subscription move the lookup', () => {
    const rule = (details: Record<string, unknown>): Record<string, unknown> => ({ name: `x-${Object.keys(details).join('-') || 'same-group'}`, properties: { mode: 'Indexed', policyRule: { if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' }, then: { effect: 'AuditIfNotExists', details: { type: 'Microsoft.Network/networkWatchers', ...details } } } } });
    const watcher = { id: `/subscriptions/${SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/nw`, name: 'nw', type: 'Microsoft.Network/networkWatchers', location: 'westeurope' };
    const defs = [rule({}), rule({ resourceGroupName: 'NetworkWatcherRG' }), rule({ existenceScope: 'Subscription' }), rule({ resourceGroupName: "[concat('Network', 'WatcherRG')]" })];
    const resolver = resolverOf(...defs);
    const r = runAssessmentSync(items([vm1, watcher]), buildAssessPlan({ resolver, definitions: [...resolver.entries('definition')] }));
    expect(ids(r)).toEqual(['x-same-group:vm1:AuditIfNotExists']);
  });

  test('a resourceGroupName from a parameter uses its defaultValue when the assignment gives none, and the value given otherwise', () => {
    // As the built-in "Network Watcher should be enabled" (b6e2945c-...): resourceGroupName "[parameters('resourceGroupName')]", default NetworkWatcherRG.
    const def = { name: 'nw-enabled', properties: { mode: 'Indexed', parameters: { resourceGroupName: { type: 'String', defaultValue: 'NetworkWatcherRG' } },
      policyRule: { if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' }, then: { effect: 'AuditIfNotExists', details: { type: 'Microsoft.Network/networkWatchers', resourceGroupName: "[parameters('resourceGroupName')]" } } } } };
    const watcher = { id: `/subscriptions/${SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/nw`, name: 'nw', type: 'Microsoft.Network/networkWatchers', location: 'westeurope' };
    const resolver = resolverOf(def);
    const run = (parameters: Record<string, unknown>): ScanReport => runAssessmentSync(items([vm1, watcher]), buildAssessPlan({ resolver, definitions: [...resolver.entries('definition')], parameters }));
    expect(ids(run({}))).toEqual([]);
    expect(ids(run({ ResourceGroupName: 'other-rg' }))).toEqual(['nw-enabled:vm1:AuditIfNotExists']);
    expect(ids(run({ resourceGroupName: 'networkwatcherrg' }))).toEqual([]);
  });
});

describe('modes, errors, limits', () => {
  test('resource provider modes are not applicable; Indexed skips resources without a location', () => {
    const k8s = { name: 'k8s', properties: { mode: 'Microsoft.Kubernetes.Data', policyRule: { if: { field: 'type', equals: 'Microsoft.ContainerService/managedClusters' }, then: { effect: 'audit' } } } };
    const resolver = resolverOf(k8s, DENY_PUBLIC_STORAGE);
    const r = runAssessmentSync(items([storage(RG1, 'a', true), { ...storage(RG1, 'b', true), location: undefined }]), buildAssessPlan({ resolver, definitions: [...resolver.entries()] }));
    expect(r.policies.map((p) => [p.policy, p.evaluated, p.notApplicable])).toEqual([['k8s', 0, 2], ['deny-public-storage', 1, 1]]);
  });

  test('evaluation errors: one entry per distinct message with its occurrences; the report is incomplete', () => {
    const needs = { name: 'needs-tag', properties: { mode: 'All', parameters: { tagName: { type: 'String' } }, policyRule: { if: { field: "[concat('tags[', parameters('tagName'), ']')]", exists: false }, then: { effect: 'audit' } } } };
    const resolver = resolverOf(needs);
    const r = runAssessmentSync(items([storage(RG1, 'a', true), storage(RG1, 'b', true)]), buildAssessPlan({ resolver, definitions: [...resolver.entries()] }));
    expect(r.errors).toEqual([expect.objectContaining({ policy: 'needs-tag', occurrences: 2, message: expect.stringMatching(/tagName/) })]);
    expect(r.complete).toBe(false);
  });

  test('maxFindings keeps the first findings and says how many there were', () => {
    const resolver = resolverOf(DENY_PUBLIC_STORAGE);
    const resources = Array.from({ length: 5 }, (_, i) => storage(RG1, `st${i}`, true));
    const r = runAssessmentSync(items(resources), buildAssessPlan({ resolver, definitions: [...resolver.entries()] }), { maxFindings: 2 });
    expect(r.findings).toHaveLength(2);
    expect(r.truncated).toEqual({ findings: 5, shown: 2 });
    expect(r.complete).toBe(false);
  });

  test('async iterables stream in; the report carries the schema version and tool', async () => {
    const resolver = resolverOf(DENY_PUBLIC_STORAGE);
    async function* gen(): AsyncGenerator<ReturnType<typeof items>[number]> {
      yield { resource: storage(RG1, 'st', true), index: 0, file: 'x.jsonl', line: 1 };
    }
    const r = await runAssessment(gen(), buildAssessPlan({ resolver, definitions: [...resolver.entries()] }), { toolVersion: '1.2.3' });
    expect(r).toMatchObject({ schemaVersion: 1, tool: { name: 'guardrails', version: '1.2.3' }, resources: 1, assignments: [], undetermined: [], notTranslated: [], exempted: [], skipped: [], errors: [] });
    expect(r.findings[0]).toMatchObject({ file: 'x.jsonl', line: 1, index: 0 });
  });

  test('a plan runs twice with the same counts', () => {
    const resolver = resolverOf(DENY_PUBLIC_STORAGE);
    const plan = buildAssessPlan({ resolver, definitions: [...resolver.entries()] });
    runAssessmentSync(items([storage(RG1, 'st', true)]), plan);
    expect(runAssessmentSync(items([storage(RG1, 'st', true)]), plan).policies[0]).toMatchObject({ evaluated: 1, effects: { Deny: 1 } });
  });

  test('hostile keys are just keys: __proto__ as a parameter name is an unknown parameter, not a prototype', () => {
    const a = JSON.parse(`{"id": "${SUB_SCOPE}/providers/Microsoft.Authorization/policyAssignments/a", "policyDefinitionId": "${DENY_ID}", "parameters": {"__proto__": {"value": {"polluted": true}}}}`);
    expect(() => assess(a, [])).toThrow(/parameters\.__proto__ .*definition deny-public-storage declares no such parameter/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('the same assignment twice is an error', () => {
    const a = assignmentJson(SUB_SCOPE, 'a', DENY_ID);
    expect(() => assess([a, a], [])).toThrow(AssessInputError);
  });
});

describe("findings' reasons", () => {
  test('each finding quotes its own values: a member whose findings compare alike shares one reason, one that differs gets its own', () => {
    const def = { name: 'sku-audit', properties: { mode: 'All', policyRule: { if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { field: 'sku.name', in: ['Standard_LRS', 'Standard_GRS'] }] }, then: { effect: 'audit' } } } };
    const resolver = resolverOf(def);
    const plan = buildAssessPlan({ resolver, definitions: [...resolver.entries('definition')] });
    const sa = (name: string, sku: string): Record<string, unknown> => ({ ...storage(RG1, name, false), sku: { name: sku } });
    const r = runAssessmentSync(items([sa('a', 'Standard_LRS'), sa('b', 'Standard_LRS'), sa('c', 'Standard_GRS'), sa('d', 'Standard_LRS')]), plan);
    expect(r.findings.map((f) => [f.resourceId.split('/').pop(), /"(Standard_[A-Z]+)" in/.exec(f.reason ?? '')?.[1]])).toEqual([
      ['a', 'Standard_LRS'], ['b', 'Standard_LRS'], ['c', 'Standard_GRS'], ['d', 'Standard_LRS'],
    ]);
    expect(r.findings[1].reason).toBe(r.findings[0].reason);
  });
});

describe('containerOf', () => {
  test("reads a lower-cased id's subscription and resource group by position, as the pattern /subscriptions/<s>[/resourcegroups/<g>] does (seeded)", () => {
    const pattern = (idKey: string): { subscription: string; group: string } => {
      const m = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?/.exec(idKey);
      return { subscription: m?.[1] ?? '', group: m?.[2] ?? '' };
    };
    const parts = ['', '/', '/subscriptions', '/subscriptions/', 's1', '/resourcegroups', '/resourcegroups/', 'rg', '/providers/x', '//', 'a/b', '/subscriptionsx/'];
    let seed = 3;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const mismatches: string[] = [];
    for (let t = 0; t < 20_000; t++) {
      let id = '';
      for (let k = Math.floor(rnd() * 6); k > 0; k--) id += parts[Math.floor(rnd() * parts.length)];
      if (JSON.stringify(containerOf(id)) !== JSON.stringify(pattern(id))) mismatches.push(id);
    }
    expect(mismatches).toEqual([]);
    expect(containerOf('/subscriptions/s1/resourcegroups/rg/providers/x')).toEqual({ subscription: 's1', group: 'rg' });
  });
});

describe('API versions', () => {
  test("an empty API version (azapi \"type@\") is none: requestContext().apiVersion and field('apiVersion') are as without one (review finding)", () => {
    const def = { name: 'old-api', properties: { mode: 'All', policyRule: { if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { value: '[requestContext().apiVersion]', less: '2019-04-01' }] }, then: { effect: 'audit' } } } };
    const resolver = resolverOf(def);
    const plan = buildAssessPlan({ resolver, definitions: [...resolver.entries('definition')] });
    const run = (apiVersion: string | undefined): number => runAssessmentSync([{ resource: storage(RG1, 'a', false), index: 0, ...(apiVersion !== undefined ? { apiVersion } : {}) }], plan).findings.length;
    expect(run(undefined)).toBe(0);
    expect(run('')).toBe(0);
    expect(run('2018-01-01')).toBe(1);
  });
});
