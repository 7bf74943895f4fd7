import { checkInitiative } from '../../lib/cli/validate';
import { run } from './helpers';

interface JsonReport {
  files: { file: string; kind: string; name: string; ok: boolean; issues: { stage: string; message: string; pointer?: string; severity?: string }[] }[];
  passed: number;
  failed: number;
  skipped: number;
  elapsedMs: number;
}

async function validateJson(...args: string[]): Promise<{ code: number; report: JsonReport }> {
  const r = await run(['validate', '--json', ...args]);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

describe('guardrails validate', () => {
  test('a valid folder passes: definitions compiled, initiatives checked, tests and other JSON skipped', async () => {
    const r = await run(['validate', 'policies']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 definition\(s\), 1 initiative\(s\), 1 other JSON file\(s\) skipped in \d+\.\d\d s/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('4 passed, 0 failed');
  });

  test('--json lists every file with its kind, and *.test.json files are not listed at all', async () => {
    const { code, report } = await validateJson('policies');
    expect(code).toBe(0);
    expect(report).toMatchObject({ passed: 4, failed: 0, skipped: 1 });
    const kinds = Object.fromEntries(report.files.map((f) => [f.file.replace(/^policies\//, ''), f.kind]));
    expect(kinds).toEqual({
      'audit-storage-https.json': 'definition',
      'audit-vm-without-extension.json': 'definition',
      'deny-rdp-from-internet.json': 'definition',
      'network-initiative.json': 'initiative',
      'notes.json': 'skipped',
    });
  });

  test('failures are reported per file with stage, pointer and reason; a malformed file makes the exit code 2', async () => {
    const r = await run(['validate', 'validate-bad']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/1 file\(s\) could not be read as JSON: validate-bad\/broken\.json/);
    expect((await run(['validate', 'validate-bad/unknown-alias.json'])).code).toBe(1);
    expect(r.stdout).toMatch(/FAIL validate-bad\/broken\.json \(definition\)\n {2}parse error: invalid JSON: .* at line 4, column 45/);
    expect(r.stdout).toMatch(/FAIL validate-bad\/unknown-alias\.json \(definition\)\n {2}compile error at \/properties\/policyRule\/if\/allOf\/1\/field: .*Microsoft\.Storage\/storageAccounts\/noSuchProperty/);
    expect(r.stdout).not.toMatch(/FAIL \S*(good-definition|requires-tag)/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('2 passed, 3 failed');
  });

  test('initiative checks: reference ids, groups, declared parameters, member parameters against the definition', async () => {
    const { report } = await validateJson('validate-bad');
    const initiative = report.files.find((f) => f.name === 'initiative-bad')!;
    expect(initiative.ok).toBe(false);
    const messages = initiative.issues.map((i) => `${i.pointer} ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/properties\/policyDefinitions\/0\/groupNames\/0 group "storage" is not declared/),
        expect.stringMatching(/^\/properties\/policyDefinitions\/0\/parameters parameters\('effct'\) is not declared in the initiative's parameters/),
        expect.stringMatching(/requires parameter 'tagName' \(no defaultValue\) but the member does not set it/),
        expect.stringMatching(/^\/properties\/policyDefinitions\/1\/policyDefinitionReferenceId policyDefinitionReferenceId 'TAG' is also used by policyDefinitions\[0\]/),
        expect.stringMatching(/member parameter 'effect' = "Block" is not one of the allowedValues of definition <kit>\/requires-tag/),
        expect.stringMatching(/member parameter 'colour' is not declared by definition <kit>\/requires-tag \(it declares: tagName, effect\)/),
        expect.stringMatching(/^\/properties\/policyDefinitions\/2\/policyDefinitionId member has no policyDefinitionId/),
      ]),
    );
    expect(initiative.issues).toHaveLength(7);
  });

  test('several inputs, files and folders mixed; a file given explicitly must be a definition or initiative', async () => {
    const r = await run(['validate', 'policies/deny-rdp-from-internet.json', 'policies/notes.json', 'eval']);
    expect(r.code).toBe(2); // eval/broken-resource.json is not JSON
    expect((await run(['validate', 'policies/deny-rdp-from-internet.json', 'policies/notes.json'])).code).toBe(1);
    expect(r.stdout).toMatch(/FAIL policies\/notes\.json \(definition\)\n {2}parse error: not a policy definition \(no policyRule\) or initiative \(no policyDefinitions\)/);
    expect(r.stdout).toMatch(/eval\/widget-policy\.json[\s\S]*unknown alias 'Contoso\.Widgets\/widgets\/colour'/);
  });

  test('<kit>/<name> members resolve against the kit\'s own definitions when not among the validated files', async () => {
    const r = await run(['validate', 'validate-kit/initiative.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/at \/properties\/policyDefinitions\/1\/policyDefinitionId: <kit>\/deny-management-ports-from-internt: no definition named 'deny-management-ports-from-internt'/);
    expect(r.stdout).not.toMatch(/policyDefinitions\/0/);
  });

  test('checkInitiative checks member values against a kit definition from the resolver', () => {
    const kit = { parameters: { effect: { type: 'String', allowedValues: ['Audit', 'Deny'], defaultValue: 'Audit' }, ports: { type: 'Array' } } };
    const props = {
      parameters: {},
      policyDefinitions: [{ policyDefinitionReferenceId: 'a', policyDefinitionId: '<kit>/x', parameters: { effect: { value: 'audit' }, ports: { value: '22' } } }],
    };
    const issues = checkInitiative(props, new Map(), (name) => (name === 'x' ? kit : undefined));
    expect(issues.map((i) => i.message)).toEqual([`member parameter 'ports' = "22" is not of type Array (definition <kit>/x)`]);
  });

  test('--aliases adds a catalog', async () => {
    expect((await run(['validate', 'eval/widget-policy.json'])).code).toBe(1);
    expect((await run(['validate', 'eval/widget-policy.json', '--aliases', 'eval/widget-catalog.json'])).code).toBe(0);
  });

  test('usage errors exit 2', async () => {
    const none = await run(['validate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give at least one file or folder/);
    const missing = await run(['validate', 'no-such-folder']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-folder: no such file or folder/);
    const empty = await run(['validate', 'scan/../batch']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no \.json files found/);
  });
});
