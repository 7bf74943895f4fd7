import * as fs from 'fs';
import * as os from 'os';
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

  test('a failing folder: a mismatch is a failure; a malformed case and a missing definition are errors, never exceptions', () => {
    const report = runPolicyTests(path.join(FIXTURES, 'tests-fail'));
    expect(report).toMatchObject({ schemaVersion: 1, passed: 1, failed: 2, errors: 2 });
    const [main, , missing] = report.files;
    expect(main.cases[0]).toMatchObject({ passed: true, status: 'passed' });
    expect(main.cases[1]).toMatchObject({ passed: false, status: 'failed', expected: { effect: 'Audit' }, actual: { effect: 'Deny' } });
    expect(main.cases[1].error).toBeUndefined();
    expect(main.cases[2]).toMatchObject({ name: 'case without expect', passed: false, status: 'error', error: expect.stringMatching(/cases\[2\]: "expect" must be/) });
    expect(missing.file).toMatch(/nested[\\/]missing-policy\.test\.json$/);
    expect(missing.cases).toEqual([expect.objectContaining({ name: '(file)', passed: false, status: 'error', error: expect.stringMatching(/does-not-exist\.json: file not found/) })]);
    // Every case and file carries its time; the report its start.
    expect(main.cases.every((c) => typeof c.timeMs === 'number' && c.timeMs >= 0)).toBe(true);
    expect(main.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  });

  test('the repository fixture next to its definition passes too', () => {
    expect(runPolicyTests(path.join(FIXTURES, 'policies'))).toMatchObject({ passed: 1, failed: 0 });
  });

  test('"aliases" adds a catalog (relative to the test file); a missing catalog fails the file', () => {
    // The tests name files in ../eval: outside the folder given, so allowed explicitly.
    const report = runPolicyTests(path.join(FIXTURES, 'tests-aliases'), { allowRead: [path.join(FIXTURES, 'eval')] });
    expect(report).toMatchObject({ passed: 3, failed: 0, errors: 1 });
    const missing = report.files.find((f) => f.file.endsWith('without-catalog.test.json'))!;
    expect(missing.cases[0]).toMatchObject({ name: '(file)', passed: false, status: 'error', error: expect.stringMatching(/alias catalog .*no-such-catalog\.json: file not found/) });
  });

  test('a missing folder throws', () => {
    expect(() => runPolicyTests(path.join(FIXTURES, 'nope'))).toThrow(/nope: no such file or folder/);
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

  test('failing cases show expected, actual and the trace; errors are marked; exit 2 when anything errored', async () => {
    const r = await run(['test', 'tests-fail']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^ERROR tests-fail\/deny-rdp-from-internet\.test\.json \(1\/3\)$/m);
    expect(r.stdout).toMatch(/ {2}x wrong <expectation> & co\n {6}expected: effect "Audit"\n {6}actual: {3}effect "Deny"\n {6}trace:\n {8}\S/);
    expect(r.stdout).toMatch(/! \(file\)\n {6}error: {4}policy .*does-not-exist\.json: file not found/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 2 failed, 2 error(s)');
    expect(r.stderr).toMatch(/2 case\(s\) or file\(s\) could not be run/);
  });

  test('only mismatches: exit 1', async () => {
    const r = await run(['test', 'tests-fail/mismatch-only.test.json']);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 1 failed');
  });

  test('JUnit XML: suites per file with time and timestamp, testcases with time; mismatches are <failure>, unrunnable cases <error>', async () => {
    const r = await run(['test', 'tests-fail', '--reporter', 'junit']);
    expect(r.code).toBe(2);
    const xml = r.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n')).toBe(true);
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" package="guardrails" id="(\d+)" hostname="[^"]+" timestamp="(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="0" time="(\d+\.\d{3})">/g)].map((m) => [m[1], Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])]);
    expect(suites).toEqual([
      ['tests-fail/deny-rdp-from-internet.test.json', 0, 3, 1, 1],
      ['tests-fail/mismatch-only.test.json', 1, 1, 1, 0],
      ['tests-fail/nested/missing-policy.test.json', 2, 1, 0, 1],
    ]);
    expect((xml.match(/<testcase name="[^"]*" classname="[^"]+" time="\d+\.\d{3}"/g) ?? []).length).toBe(5);
    expect((xml.match(/<failure /g) ?? []).length).toBe(2);
    expect((xml.match(/<error /g) ?? []).length).toBe(2);
    expect(xml).toContain('name="wrong &lt;expectation&gt; &amp; co"');
    expect(xml).toMatch(/<failure message="expected effect &quot;Audit&quot;, got &quot;Deny&quot;" type="PolicyTestFailure">/);
    expect(xml).toMatch(/<error message="policy [^"]*does-not-exist\.json: file not found" type="PolicyTestError">/);
    expect(xml).toMatch(/<error message="cases\[2\]: &quot;expect&quot; must be/);
    expect((xml.match(/<testsuite /g) ?? []).length).toBe((xml.match(/<\/testsuite>/g) ?? []).length);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(r.stderr).toMatch(/^1 passed, 2 failed, 2 error\(s\)\n/);
  });

  test('JSON reporter prints the runPolicyTests report', async () => {
    const r = await run(['test', 'tests-pass', '--reporter', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ passed: 4, failed: 0, files: [{ cases: expect.any(Array) }] });
  });

  test('a single test file can be run', async () => {
    const r = await run(['test', 'tests-fail/nested/missing-policy.test.json']);
    expect(r.code).toBe(2);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 0 failed, 1 error(s)');
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

describe('guardrails test: errors a pipeline can trust', () => {
  let dir: string;
  const rule = JSON.stringify({ name: 'p', properties: { mode: 'All', policyRule: { if: { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, then: { effect: 'audit' } } } });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-tests-'));
    fs.writeFileSync(path.join(dir, 'p.json'), rule);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown): void => fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));

  test('unknown keys in a case, in "expect" and in the file are errors that name them', async () => {
    write('keys.test.json', { policy: 'p.json', cases: [{ name: 'typo', resource: { type: 'x' }, expected: { effect: null } }, { name: 'extra', resource: { type: 'x' }, expect: { effect: null, detail: {} } }] });
    write('top.test.json', { policy: 'p.json', case: [], cases: [{ resource: { type: 'x' }, expect: { effect: null } }] });
    const report = runPolicyTests(dir);
    expect(report).toMatchObject({ passed: 0, failed: 0, errors: 3 });
    const [keys, top] = report.files;
    expect(keys.cases[0].error).toBe("cases[0]: unknown key 'expected' (did you mean 'expect'?) in the case; allowed: name, description, resource, parameters, relatedResources, context, requestContext, apiVersion, expect");
    expect(keys.cases[1].error).toMatch(/^cases\[1\]: unknown key 'detail' \(did you mean 'details'\?\) in "expect"/);
    expect(top.cases[0].error).toMatch(/unknown key 'case' \(did you mean 'cases'\?\) in the test file/);
  });

  test('malformed test JSON and a definition that does not compile are errors: JUnit <error>, errors= counts them, exit 2', async () => {
    write('broken.test.json', '{"policy": "p.json", "cases": [');
    write('bad-def.json', JSON.stringify({ properties: { mode: 'All', policyRule: { if: { field: 'Microsoft.Nope/x/y', equals: 1 }, then: { effect: 'audit' } } } }));
    write('bad-def.test.json', { policy: 'bad-def.json', cases: [{ resource: { type: 'x' }, expect: { effect: null } }] });
    write('ok.test.json', { policy: 'p.json', cases: [{ name: 'storage is audited', resource: { type: 'Microsoft.Storage/storageAccounts' }, expect: { effect: 'Audit' } }] });
    const r = await run(['test', '.', '--format', 'junit'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/<testsuite name="bad-def\.test\.json" [^>]* tests="1" failures="0" errors="1"/);
    expect(r.stdout).toMatch(/<testsuite name="broken\.test\.json" [^>]* tests="1" failures="0" errors="1"/);
    expect(r.stdout).toMatch(/<error message="policy [^"]*bad-def\.json: compile error at [^"]*unknown alias/);
    expect(r.stdout).toMatch(/<error message="test file [^"]*broken\.test\.json: invalid JSON: [^"]* at line 1, column \d+"/);
    expect(r.stdout).not.toMatch(/<failure/);
    expect(r.stderr).toMatch(/^1 passed, 0 failed, 2 error\(s\)/);
  });

  test('a dangling symlinked test file is an error; a symlinked one runs', async () => {
    write('ok.test.json', { policy: 'p.json', cases: [{ resource: { type: 'x' }, expect: { effect: null } }] });
    fs.mkdirSync(path.join(dir, 'more'));
    fs.symlinkSync(path.join(dir, 'ok.test.json'), path.join(dir, 'more', 'linked.test.json'));
    expect(runPolicyTests(dir)).toMatchObject({ passed: 2, errors: 0 });
    fs.symlinkSync(path.join(dir, 'gone.test.json'), path.join(dir, 'more', 'dangling.test.json'));
    const r = await run(['test', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/! \(file\)\n {6}error: {4}test file more\/dangling\.test\.json: dangling symbolic link/);
  });

  test('--format markdown and --output', async () => {
    write('ok.test.json', { policy: 'p.json', cases: [{ name: 'wrong | expectation', resource: { type: 'Microsoft.Storage/storageAccounts' }, expect: { effect: 'Deny' } }] });
    const r = await run(['test', '.', '--format', 'markdown', '--output', 'summary.md'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const md = fs.readFileSync(path.join(dir, 'summary.md'), 'utf8');
    expect(md).toMatch(/^## guardrails test\n\n\*\*0 passed, 1 failed, 0 error\(s\)\*\* in 1 test file\(s\)/);
    expect(md).toContain('| failed | ok\\.test\\.json | wrong \\| expectation | expected effect "Deny", got "Audit" |'.replace(/"/g, '\\"'));
  });
});

describe('JUnit XML conforms to the Ant JUnit schema and Jenkins junit-10.xsd', () => {
  // The rules both schemas impose, as checked with xmllint against JUnit.xsd (windyroad, "Apache Ant JUnit XML
  // Schema") and jenkinsci/xunit-plugin junit-10.xsd: <testsuites> without attributes (Ant declares none); each
  // <testsuite> with name, package, id, hostname, timestamp (no zone, no fraction), tests, failures, errors, time
  // (decimal) and optionally skipped, holding <properties>, then testcases, then <system-out> and <system-err>; each
  // <testcase> with name, classname and time, holding at most one of <failure>/<error>, which carry a type.
  const ATTRS: Record<string, { required: string[]; optional: string[] }> = {
    testsuites: { required: [], optional: [] },
    testsuite: { required: ['name', 'package', 'id', 'hostname', 'timestamp', 'tests', 'failures', 'errors', 'time'], optional: ['skipped'] },
    properties: { required: [], optional: [] },
    property: { required: ['name', 'value'], optional: [] },
    testcase: { required: ['name', 'classname', 'time'], optional: [] },
    failure: { required: ['type'], optional: ['message'] },
    error: { required: ['type'], optional: ['message'] },
    'system-out': { required: [], optional: [] },
    'system-err': { required: [], optional: [] },
  };

  test.each(['tests-fail', 'tests-pass'])('%s', async (folder) => {
    const xml = (await run(['test', folder, '--format', 'junit'])).stdout;
    const tags = [...xml.matchAll(/<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"]*")*)\s*(\/?)>/g)].map((m) => ({ close: m[1] === '/', name: m[2], attrs: [...m[3].matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]] as [string, string]), selfClosing: m[4] === '/' }));
    const opened = tags.filter((t) => !t.close);
    for (const t of opened) {
      const rule = ATTRS[t.name];
      expect(rule).toBeDefined();
      const names = t.attrs.map(([n]) => n);
      for (const r of rule.required) expect(names).toContain(r);
      for (const n of names) expect([...rule.required, ...rule.optional]).toContain(n);
      const attr = Object.fromEntries(t.attrs);
      if (t.name === 'testsuite') {
        expect(attr.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
        expect(attr.time).toMatch(/^\d+\.\d+$/);
        for (const n of ['id', 'tests', 'failures', 'errors', 'skipped']) expect(attr[n]).toMatch(/^\d+$/);
        expect(attr.name.trim()).not.toBe('');
        expect(attr.hostname.trim()).not.toBe('');
      }
      if (t.name === 'testcase') expect(attr.time).toMatch(/^\d+\.\d+$/);
    }
    // Children of each testsuite, in order: properties, testcase*, system-out, system-err.
    const sequence = opened.map((t) => t.name).join(' ');
    for (const suite of sequence.split('testsuite ').slice(1)) {
      const children = suite.replace(/property /g, '').replace(/(failure|error) /g, '').trim().split(' ');
      expect(children[0]).toBe('properties');
      expect(children.slice(-2)).toEqual(['system-out', 'system-err']);
      expect(children.slice(1, -2).every((c) => c === 'testcase')).toBe(true);
    }
    // The suite counts match the cases.
    for (const m of xml.matchAll(/<testsuite [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)"[^>]*>([\s\S]*?)<\/testsuite>/g)) {
      expect((m[4].match(/<testcase /g) ?? []).length).toBe(Number(m[1]));
      expect((m[4].match(/<failure /g) ?? []).length).toBe(Number(m[2]));
      expect((m[4].match(/<error /g) ?? []).length).toBe(Number(m[3]));
    }
  });
});
