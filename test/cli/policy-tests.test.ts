import * as path from 'path';
import { isDetailsSubset, runPolicyTests } from '../../lib/cli/policy-tests';
import { FIXTURES, run } from './helpers';

describe('runPolicyTests (contract B)', () => {
  test('a passing folder: files, cases, counts', () => {
    const report = runPolicyTests(path.join(FIXTURES, 'tests-pass'));
    expect(report).toMatchObject({ passed: 4, failed: 0 });
    expect(report.files).toHaveLength(1);
    const [file] = report.files;
    expect(file.file).toBe(path.join(FIXTURES, 'tests-pass', 'deny-rdp-from-internet.test.json'));
    expect(file.policy).toBe(path.join(FIXTURES, 'tests-pass', 'deny-rdp-from-internet.json'));
    expect(file.cases.map((c) => c.name)).toEqual([
      'RDP from Internet is denied',
      'RDP from a private range is allowed',
      'audit when the effect parameter says so',
      'other types do not apply',
    ]);
    // Effects compare case-insensitively ("AUDIT" expected, "Audit" returned); case parameters override file defaults.
    expect(file.cases[2]).toMatchObject({ passed: true, expected: { effect: 'AUDIT' }, actual: { effect: 'Audit' } });
    expect(file.cases[0].trace.length).toBeGreaterThan(0);
  });

  test('a failing folder: mismatch, malformed case and missing definition are failed cases, never exceptions', () => {
    const report = runPolicyTests(path.join(FIXTURES, 'tests-fail'));
    expect(report).toMatchObject({ passed: 1, failed: 3 });
    const [main, missing] = report.files;
    expect(main.cases[0].passed).toBe(true);
    expect(main.cases[1]).toMatchObject({ passed: false, expected: { effect: 'Audit' }, actual: { effect: 'Deny' } });
    expect(main.cases[1].error).toBeUndefined();
    expect(main.cases[2]).toMatchObject({ name: 'case without expect', passed: false, error: expect.stringMatching(/cases\[2\]: "expect" must be/) });
    expect(missing.file).toMatch(/nested[\\/]missing-policy\.test\.json$/);
    expect(missing.cases).toEqual([expect.objectContaining({ name: '(file)', passed: false, error: expect.stringMatching(/does-not-exist\.json: file not found/) })]);
  });

  test('the repository fixture next to its definition passes too', () => {
    expect(runPolicyTests(path.join(FIXTURES, 'policies'))).toMatchObject({ passed: 1, failed: 0 });
  });

  test('"aliases" adds a catalog (relative to the test file); a missing catalog fails the file', () => {
    // The tests name files in ../eval: outside the folder given, so allowed explicitly.
    const report = runPolicyTests(path.join(FIXTURES, 'tests-aliases'), { allowRead: [path.join(FIXTURES, 'eval')] });
    expect(report).toMatchObject({ passed: 3, failed: 1 });
    const missing = report.files.find((f) => f.file.endsWith('without-catalog.test.json'))!;
    expect(missing.cases[0]).toMatchObject({ name: '(file)', passed: false, error: expect.stringMatching(/alias catalog .*no-such-catalog\.json: file not found/) });
  });

  test('a missing folder throws', () => {
    expect(() => runPolicyTests(path.join(FIXTURES, 'nope'))).toThrow(/ENOENT/);
  });

  test('isDetailsSubset: objects by key, arrays by membership, strings case-insensitively', () => {
    const actual = { operations: [{ operation: 'addOrReplace', field: "tags['env']", value: 'prod' }, { operation: 'remove', field: 'x' }], roleDefinitionIds: ['a'] };
    expect(isDetailsSubset({ operations: [{ field: "TAGS['env']", value: 'prod' }] }, actual)).toBe(true);
    expect(isDetailsSubset({ operations: [{ operation: 'remove' }, { operation: 'addOrReplace' }] }, actual)).toBe(true);
    expect(isDetailsSubset({ operations: [{ value: 'dev' }] }, actual)).toBe(false);
    expect(isDetailsSubset({ missing: 1 }, actual)).toBe(false);
    expect(isDetailsSubset({ roleDefinitionIds: 'a' }, actual)).toBe(false);
    expect(isDetailsSubset(3, 3)).toBe(true);
  });
});

describe('guardrails test', () => {
  test('default reporter: PASS line per file and the final "N passed, N failed" line; exit 0', async () => {
    const r = await run(['test', 'tests-pass']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS tests-pass\/deny-rdp-from-internet\.test\.json \(4\/4\)$/m);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('4 passed, 0 failed');
  });

  test('failing cases show expected, actual and the trace; exit 1', async () => {
    const r = await run(['test', 'tests-fail']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL tests-fail\/deny-rdp-from-internet\.test\.json \(1\/3\)$/m);
    expect(r.stdout).toMatch(/ {2}x wrong <expectation> & co\n {6}expected: effect "Audit"\n {6}actual: {3}effect "Deny"\n {6}trace:\n {8}\S/);
    expect(r.stdout).toMatch(/x \(file\)\n {6}error: {4}policy .*does-not-exist\.json: file not found/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 3 failed');
  });

  test('JUnit XML: suites per file, testcases per case, failures with message', async () => {
    const r = await run(['test', 'tests-fail', '--reporter', 'junit']);
    expect(r.code).toBe(1);
    const xml = r.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml).toMatch(/<testsuites name="guardrails policy tests" tests="4" failures="3" errors="0" time="\d+\.\d{3}">/);
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(suites).toEqual([
      ['tests-fail/deny-rdp-from-internet.test.json', 3, 2],
      ['tests-fail/nested/missing-policy.test.json', 1, 1],
    ]);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(4);
    expect((xml.match(/<failure /g) ?? []).length).toBe(3);
    expect(xml).toContain('name="wrong &lt;expectation&gt; &amp; co"');
    expect(xml).toMatch(/<failure message="expected effect &quot;Audit&quot;, got &quot;Deny&quot;" type="PolicyTestFailure">/);
    // Balanced elements, no raw special characters in attribute values.
    expect((xml.match(/<testsuite /g) ?? []).length).toBe((xml.match(/<\/testsuite>/g) ?? []).length);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(r.stderr).toBe('1 passed, 3 failed\n');
  });

  test('JSON reporter prints the runPolicyTests report', async () => {
    const r = await run(['test', 'tests-pass', '--reporter', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ passed: 4, failed: 0, files: [{ cases: expect.any(Array) }] });
  });

  test('a single test file can be run', async () => {
    const r = await run(['test', 'tests-fail/nested/missing-policy.test.json']);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 1 failed');
  });

  test('no test files, or no folder: exit 2', async () => {
    const none = await run(['test', 'scan']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/scan: no \*\.test\.json files found/);
    const missing = await run(['test', 'nowhere']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere: no such file or folder/);
    const defaultFolder = await run(['test'], { cwd: path.join(FIXTURES, 'scan') });
    expect(defaultFolder.stderr).toMatch(/policies: no such file or folder/);
  });
});
