import { checkInitiative, explainUnknownAlias } from '../../lib/cli/validate';
import { AliasCatalog, bundledAliases } from '../../lib/policy-engine';
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

  test('members that are built-ins resolve against the built-in catalog: parameters checked, unknown and pinned-elsewhere ones warned', async () => {
    const { code, report } = await validateJson('validate-catalog/builtin-members.json');
    expect(code).toBe(1);
    const issues = report.files[0].issues.map((i) => `${i.severity ?? 'error'} ${i.pointer} ${i.message}`);
    expect(issues).toEqual([
      expect.stringMatching(/^error \/properties\/policyDefinitions\/1\/parameters\/effect\/value member parameter 'effect' = "Block" is not one of the allowedValues of definition .*404c3081-a854-4457-ae30-26a93ef643f9: \["Audit","Deny","Disabled"\]$/),
      expect.stringMatching(/^error \/properties\/policyDefinitions\/1\/parameters\/colour member parameter 'colour' is not declared by definition .*404c3081.* \(it declares: effect\)$/),
      expect.stringMatching(/^warning \/properties\/policyDefinitions\/2\/policyDefinitionId .*00000000-0000-0000-0000-000000000001: no built-in policy definition '00000000-0000-0000-0000-000000000001' in the bundled built-in catalog/),
      expect.stringMatching(/^warning \/properties\/policyDefinitions\/3\/policyDefinitionId .*404c3081-a854-4457-ae30-26a93ef643f9 pins definitionVersion 1\.\*\.\*, but the built-in catalog holds only version 2\.0\.0 of "Secure transfer to storage accounts should be enabled" \(Azure publishes 2\.0\.0\): member parameters are checked against 2\.0\.0$/),
      expect.stringMatching(/^warning \/properties\/policyDefinitions\/3\/parameters\/effect\/value member parameter 'effect' = "Block" is not one of the allowedValues .*\[member pins definitionVersion 1\.\*\.\*; checked against version 2\.0\.0\]$/),
    ]);
  });

  test('an alias Azure has removed compiles, with a note naming it and the path used', async () => {
    const r = await run(['validate', 'validate-catalog/removed-alias.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/NOTE validate-catalog\/removed-alias\.json \(definition\)\n {2}compile note at \/properties\/policyRule\/if\/allOf\/1\/field: alias 'Microsoft\.Media\/mediaservices\/publicNetworkAccess' is no longer in Azure's alias list .*compiled against its last path properties\.publicNetworkAccess/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 0 failed (1 note(s))');
  });

  test('a resource provider mode compiles with a note (not applicable to ARM resources); only its own data-plane aliases are accepted', async () => {
    const { code, report } = await validateJson('validate-catalog/keyvault-data-mode.json');
    expect(code).toBe(0);
    expect(report).toMatchObject({ passed: 1, failed: 0 });
    expect(report.files[0].issues).toEqual([
      { stage: 'compile', severity: 'note', message: expect.stringMatching(/^mode Microsoft\.KeyVault\.Data is a resource provider mode: .*evaluating ARM resources reports it as not applicable$/) },
      { stage: 'compile', severity: 'note', message: 'data-plane aliases accepted without a catalog: Microsoft.KeyVault.Data/vaults/keys/keyType' },
    ]);
    const text = await run(['validate', 'validate-catalog/keyvault-data-mode.json']);
    expect(text.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 0 failed (2 note(s))');
    const other = await validateJson('validate-catalog/other-mode-alias.json');
    expect(other.code).toBe(1);
    expect(other.report.files[0].issues[0].message).toMatch(/^unknown alias 'Microsoft\.KeyVault\.Data\/vaults\/keys\/keyType' .*'Microsoft\.KeyVault\.Data' is a data-plane namespace \(this definition's mode is the resource provider mode Microsoft\.Kubernetes\.Data\): Azure publishes/);
  });

  test('an effect the parameter allows whose details do not compile is a warning naming it (every evaluation with it would fail)', async () => {
    const { code, report } = await validateJson('validate-catalog/effect-details-broken.json');
    expect(code).toBe(0);
    expect(report.files[0]).toMatchObject({ ok: true });
    expect(report.files[0].issues).toEqual([{
      stage: 'compile', severity: 'warning', pointer: '/properties/policyRule/then/details',
      message: expect.stringMatching(/^with effect AuditIfNotExists \(a value the effect parameter allows\) every evaluation fails: .*details need "type"/),
    }]);
  });

  test('an unknown alias says why: a namespace the catalog lacks, or the closest aliases of the type', async () => {
    const r = await run(['validate', 'validate-catalog/unknown-namespace.json', 'validate-catalog/misspelt-alias.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/unknown alias 'Microsoft\.NoSuchProvider\/things\/setting' \(not in the alias catalog\) \(the alias catalog has no alias of namespace 'Microsoft\.NoSuchProvider' at all .*--aliases/);
    expect(r.stdout).toMatch(/unknown alias 'Microsoft\.Storage\/storageAccounts\/allowBlobPublicAcess' \(not in the alias catalog\); did you mean 'Microsoft\.Storage\/storageAccounts\/allowBlobPublicAccess'\? \(resource type 'Microsoft\.Storage\/storageAccounts' has \d+ alias\(es\) in the catalog, not this one\)/);
  });

  test('explainUnknownAlias: data-plane aliases of resource provider modes are named as such', () => {
    expect(explainUnknownAlias('Microsoft.KeyVault.Data/vaults/keys/keyType', bundledAliases(), 'Microsoft.KeyVault.Data'))
      .toMatch(/^'Microsoft\.KeyVault\.Data' is a data-plane namespace \(this definition's mode is the resource provider mode Microsoft\.KeyVault\.Data\): Azure publishes data-plane aliases in its data policy manifests/);
    const flat = AliasCatalog.fromFlatTable('Contoso.Widgets/widgets/colour,properties.colour\n');
    expect(explainUnknownAlias('Contoso.Widgets/gadgets/size', flat, 'All')).toMatch(/has aliases of namespace 'Contoso\.Widgets' but none of resource type 'Contoso\.Widgets\/gadgets'/);
  });
});
