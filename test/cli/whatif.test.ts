import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');

const W = 'whatif';
const S = '00000000-0000-0000-0000-00000000c0de';
const GUARD = `/subscriptions/${S}/providers/Microsoft.Authorization/policyAssignments/guard`;
const base = ['scan', '--resources', `${W}/resources.json`, '--policies', `${W}/policies`];

describe('guardrails scan --assignment', () => {
  test('table: per assignment and member, would deny / audit / exempted; expired exemptions listed; exit 1', async () => {
    const r = await run([...base, '--assignment', `${W}/assignments`, '--exemptions', `${W}/exemptions.json`, '--as-of', '2026-06-01']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('ASSIGNMENT Guard (guard)');
    expect(r.stdout).toMatch(/enforcementMode DoNotEnforce: nothing is denied or deployed; the counts say what would be/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}MEMBER\s+POLICY\s+DENY\s+AUDIT\s+DEPLOY\s+MODIFY\s+APPEND\s+DENYACTION\s+OTHER\s+UNDETERMINED\s+EXEMPTED$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}publicBlob\s+deny-public-blob\s+1\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}ama\s+audit-vm-ama\s+0\s+1\s+0/));
    expect(r.stdout).toMatch(/expired exemption \(not applied\): .*policyExemptions\/old \(expired 2025-01-01T00:00:00Z\)/);
    expect(r.stdout).toMatch(/EXEMPTED 1 result\(s\): Waiver 1/);
    expect(lines).toContainEqual(expect.stringMatching(/^guard\/publicBlob \(deny-public-blob\)\s+Indexed\s+6\s+1\s+Deny 1\s+0$/));
    expect(r.stdout).toMatch(/\n {2}Deny \(not enforced\)\s+guard\/publicBlob\s+\S+\/st1\s+whatif\/resources\.json:2\n/);
    expect(r.stdout).toMatch(/\n {2}Deny\s+rg1-storage\/deny-public-blob\s+\S+\/st1\s+whatif\/resources\.json:2\n/);
  });

  test('--format json: the C3 report with assignments, members, enforced, exempted with category', async () => {
    const r = await run([...base, '--assignment', `${W}/assignments/guard.json`, '--assignment', `${W}/assignments/storage-list.json`, '--exemptions', `${W}/exemptions.json`, '--as-of', '2026-06-01T00:00:00Z', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, tool: { name: 'guardrails' }, complete: true, resources: 6 });
    expect(report.assignments.map((a: { name: string }) => a.name)).toEqual(['guard', 'rg1-storage']);
    expect(report.assignments[0]).toMatchObject({ id: GUARD, enforcementMode: 'DoNotEnforce', totals: { deny: 1, audit: 1, exempted: 1 }, expiredExemptions: [{ expiresOn: '2025-01-01T00:00:00Z' }] });
    expect(report.assignments[0].members[0]).toMatchObject({ referenceId: 'publicBlob', groups: ['data'], deny: 1, exempted: 1 });
    const guardDeny = report.findings.find((f: { assignment: string; referenceId?: string }) => f.assignment === GUARD && f.referenceId === 'publicBlob');
    expect(guardDeny).toMatchObject({ effect: 'Deny', enforced: false, groups: ['data'], nonComplianceMessage: 'See the storage standard', resourceId: expect.stringMatching(/rg1\/.*\/st1$/) });
    expect(report.exempted).toEqual([expect.objectContaining({ referenceId: 'publicBlob', resourceId: expect.stringMatching(/st10$/), exemption: expect.objectContaining({ category: 'Waiver', expiresOn: '2030-01-01T00:00:00Z' }) })]);
    // rg1-storage reaches rg1 only, enforced.
    expect(report.findings.filter((f: { assignment: string }) => f.assignment.endsWith('rg1-storage')).map((f: { resourceId: string; enforced: boolean }) => [f.resourceId.split('/').pop(), f.enforced])).toEqual([['st1', true]]);
  });

  test('the exemption expires: after its expiresOn it no longer applies', async () => {
    const r = await run([...base, '--assignment', `${W}/assignments/guard.json`, '--exemptions', `${W}/exemptions.json`, '--as-of', '2031-01-01', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.exempted).toEqual([]);
    expect(report.assignments[0].expiredExemptions).toHaveLength(2);
    expect(report.assignments[0].totals.deny).toBe(2);
  });

  test('management-group scope: skipped without --management-groups (exit 2, never compliant), evaluated with it', async () => {
    const without = await run([...base, '--assignment', `${W}/mg-assignment.json`, '--format', 'json']);
    expect(without.code).toBe(2);
    expect(without.stderr).toBe('');
    const report = JSON.parse(without.stdout);
    expect(report.complete).toBe(false);
    expect(report.skipped).toEqual([expect.objectContaining({ reason: expect.stringMatching(/assignment .*mg-storage: not evaluated: management-group scope: the ancestry of subscription .*c0de is unknown \(give --management-groups\) \(6 resources\)/) })]);
    const table = await run([...base, '--assignment', `${W}/mg-assignment.json`]);
    expect(table.stdout).toMatch(/SKIPPED \(the report is incomplete\)\n {2}assignment .*mg-storage: not evaluated/);
    const withMg = await run([...base, '--assignment', `${W}/mg-assignment.json`, '--management-groups', `${W}/mg.json`, '--format', 'json']);
    expect(withMg.code).toBe(1);
    expect(JSON.parse(withMg.stdout).findings.map((f: { resourceId: string }) => f.resourceId.split('/').pop())).toEqual(['st1', 'st10']);
  });

  test('definitions are also looked up in the kit\'s library and the built-in catalog; what is not found is skipped with the reason', async () => {
    const found = await run(['scan', '--resources', `${W}/resources.json`, '--assignment', `${W}/builtin-assignment.json`, '--format', 'json']);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout).assignments[0]).toMatchObject({ definitionId: '/providers/Microsoft.Authorization/policyDefinitions/0961003e-5a0a-4549-abde-af6a37f2724d', versionNote: expect.stringMatching(/only version \S+ of this definition is available/) });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whatif-missing-'));
    try {
      const missing = JSON.parse(fs.readFileSync(path.join(FIXTURES, W, 'builtin-assignment.json'), 'utf8'));
      missing.properties.policyDefinitionId = '/providers/Microsoft.Authorization/policyDefinitions/00000000-dead-beef-0000-000000000000';
      fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(missing));
      const r = await run(['scan', '--resources', `${W}/resources.json`, '--assignment', path.join(dir, 'a.json')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/assignment .*builtin: definition \/providers\/Microsoft\.Authorization\/policyDefinitions\/00000000-dead-beef-0000-000000000000 not found in --policies, the kit's library or the built-in catalog/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [['--assignment', `${W}/bad-assignment.json`], /whatif\/bad-assignment\.json: properties\.overrides\[0\]\.value "Modify": member publicBlob \(definition deny-public-blob\) allows the effects Audit, Deny, Disabled/],
    [['--assignment', `${W}/assignments`, '--params', 'scan/tag-params.json'], /--params applies to loose definitions; assignments carry their own parameters/],
    [['--exemptions', `${W}/exemptions.json`], /--exemptions applies to assignments: give --assignment too/],
    [['--assignment', `${W}/assignments`, '--as-of', 'tomorrow'], /--as-of tomorrow: expected an ISO 8601 date/],
    [['--assignment', `${W}/nowhere.json`], /whatif\/nowhere\.json: no such file or folder/],
    [['--assignment', `${W}/policies/guard.json`], /whatif\/policies\/guard\.json: properties\.policyDefinitionId undefined: expected the full id/],
    [['--assignment', `${W}/assignments`, '--management-groups', `${W}/resources.json`], /whatif\/resources\.json\[0\]: subscriptionId/],
  ])('input errors exit 2 before anything is written: %j', async (args, message) => {
    const r = await run([...base, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  test('an initiative given as --policies is evaluated as an implicit assignment at the root scope (members looked up beside it)', async () => {
    const r = await run(['scan', '--resources', `${W}/resources.json`, '--policies', `${W}/policies/guard.json`, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.assignments).toEqual([]);
    expect(report.findings.map((f: { referenceId: string; effect: string; resourceId: string }) => `${f.referenceId}:${f.effect}:${f.resourceId.split('/').pop()}`))
      .toEqual(['publicBlob:Audit:st1', 'publicBlob:Audit:st10', 'ama:AuditIfNotExists:vm1']);
  });
});

describe('guardrails diff-builtin', () => {
  test('resources that change verdict between two versions, table and JSON; exit 1', async () => {
    const r = await run(['diff-builtin', `${W}/versions/v1.json`, `${W}/versions/v2.json`, '--resources', `${W}/resources.json`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^OLD deny-public-blob 1\.0\.0 \(whatif\/versions\/v1\.json\)\nNEW deny-public-blob 2\.0\.0 \(whatif\/versions\/v2\.json\)\n/);
    expect(r.stdout).toMatch(/6 resource\(s\): 1 change verdict, 5 unchanged\n {2}1\s+compliant -> Deny\n/);
    expect(r.stdout).toMatch(/CHANGED\n {2}compliant -> Deny {2}\S+\/closed\n/);
    const json = await run(['diff-builtin', `${W}/versions/v1.json`, `${W}/versions/v2.json`, '--resources', `${W}/resources.json`, '--format', 'json']);
    const diff = JSON.parse(json.stdout);
    expect(diff).toMatchObject({ schemaVersion: 1, old: { name: 'deny-public-blob', version: '1.0.0' }, new: { version: '2.0.0' }, resources: 6, unchanged: 5, transitions: { 'compliant -> Deny': 1 }, complete: true });
    expect(diff.changed).toEqual([expect.objectContaining({ resourceId: expect.stringMatching(/closed$/), old: 'compliant', new: 'Deny', index: 2 })]);
  });

  test('the same version twice: nothing changes, exit 0; --params apply to both', async () => {
    const r = await run(['diff-builtin', `${W}/versions/v1.json`, `${W}/versions/v1.json`, '--resources', `${W}/resources.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/note: both files declare version 1\.0\.0/);
    const audit = await run(['diff-builtin', `${W}/versions/v1.json`, `${W}/versions/v2.json`, '--resources', `${W}/resources.json`, '--params', `${W}/audit-params.json`, '--format', 'json']);
    expect(JSON.parse(audit.stdout).transitions).toEqual({ 'compliant -> Audit': 1 });
  });

  test.each([
    [['diff-builtin', `${W}/versions/v1.json`, '--resources', `${W}/resources.json`], /expected two definitions \(old and new\), got 1/],
    [['diff-builtin', `${W}/versions/v1.json`, `${W}/versions/v2.json`], /missing --resources/],
    [['diff-builtin', `${W}/versions/v1.json`, `${W}/policies/guard.json`, '--resources', `${W}/resources.json`], /new definition whatif\/policies\/guard\.json: not a policy definition/],
    [['diff-builtin', `${W}/versions/v1.json`, 'deny-public-blob@9.0.0', '--resources', `${W}/resources.json`, '--policies', `${W}/policies`], /new definition deny-public-blob@9\.0\.0: version 9\.0\.0 is not held \(held: 1\.0\.0\)/],
    [['diff-builtin', `${W}/versions/v1.json`, 'nothing-here', '--resources', `${W}/resources.json`], /new definition nothing-here: no such file; a catalog reference is <name\|id\|display name>@<version>/],
  ])('usage errors exit 2: %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('a reference resolved through --policies', async () => {
    const r = await run(['diff-builtin', 'deny-public-blob@1.*.*', `${W}/versions/v2.json`, '--resources', `${W}/resources.json`, '--policies', `${W}/policies`, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).old).toMatchObject({ version: '1.0.0', file: 'whatif/policies/deny-public-blob.json' });
  });
});
