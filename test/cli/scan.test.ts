import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseResourceExport, reportScan } from '../../lib/cli/scan';
import { CliUsageError } from '../../lib/cli/io';
import type { ScanReport } from '../../lib/assess/report';
import { FIXTURES, run } from './helpers';

const OPEN_NSG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/net/providers/Microsoft.Network/networkSecurityGroups/open-nsg';

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; shortDescription: { text: string } }[] } };
    invocations: { executionSuccessful: boolean }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string; kind: string }[] }[];
    }[];
  }[];
}

describe('guardrails scan', () => {
  test('table: one row per definition with evaluated, non-compliant and effects; findings listed; exit 1', async () => {
    const r = await run(['scan', '--resources', 'scan/arg-export.json', '--policies', 'policies']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^POLICY\s+MODE\s+EVALUATED\s+NON-COMPLIANT\s+EFFECTS\s+ERRORS$/);
    // Indexed definitions skip the resource without a location (the blob service).
    expect(lines).toContainEqual(expect.stringMatching(/^audit-storage-https\s+Indexed\s+7\s+1\s+Audit 1\s+0$/));
    expect(lines).toContainEqual(expect.stringMatching(/^audit-vm-without-extension\s+Indexed\s+7\s+1\s+AuditIfNotExists 1\s+0$/));
    expect(lines).toContainEqual(expect.stringMatching(/^deny-rdp-from-internet\s+All\s+8\s+1\s+Deny 1\s+0$/));
    expect(r.stdout).toMatch(new RegExp(`Deny\\s+deny-rdp-from-internet\\s+${OPEN_NSG}`));
    expect(r.stdout).toMatch(/8 resource\(s\) x 3 definition\(s\): 3 finding\(s\), 0 error\(s\)/);
  });

  test('auditIfNotExists finds related child resources in the export (vm2 has the extension, vm1 does not)', async () => {
    const r = await run(['scan', '--resources', 'scan/arg-export.json', '--policies', 'policies', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    const aine = report.findings.filter((f: { policy: string }) => f.policy === 'audit-vm-without-extension');
    expect(aine.map((f: { resourceId: string }) => f.resourceId.split('/').pop())).toEqual(['vm1']);
  });

  test.each(['scan/arg-export.json', 'scan/array.json', 'scan/resources.jsonl', 'scan/arg-table.json'])('reads %s', async (file) => {
    const r = await run(['scan', '--resources', file, '--policies', 'policies', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.resources).toBe(8);
    expect(report.findings.map((f: { policy: string }) => f.policy).sort()).toEqual(['audit-storage-https', 'audit-vm-without-extension', 'deny-rdp-from-internet']);
  });

  test('no findings: exit 0', async () => {
    const r = await run(['scan', '--resources', 'scan/compliant.json', '--policies', 'policies']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/FINDINGS/);
  });

  test('--params applies to the definitions that declare the parameter', async () => {
    const r = await run(['scan', '--resources', 'scan/arg-export.json', '--policies', 'policies', '--params', 'eval/params-audit.json', '--format', 'json']);
    const effects = JSON.parse(r.stdout).findings.map((f: { policy: string; effect: string }) => `${f.policy}=${f.effect}`);
    expect(effects).toContain('deny-rdp-from-internet=Audit');
    expect(effects).toContain('audit-storage-https=Audit');
  });

  test('SARIF 2.1.0: rules per definition, results with rule index, level, message and locations', async () => {
    const r = await run(['scan', '--resources', 'scan/resources.jsonl', '--policies', 'policies', '--format', 'sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    const [runLog] = sarif.runs;
    expect(runLog.tool.driver.name).toBe('guardrails');
    expect(runLog.tool.driver.rules.map((x) => x.id)).toEqual(['audit-storage-https', 'audit-vm-without-extension', 'deny-rdp-from-internet']);
    expect(runLog.invocations[0].executionSuccessful).toBe(true);
    expect(runLog.results).toHaveLength(3);
    for (const result of runLog.results) {
      expect(runLog.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('scan/resources.jsonl');
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(result.locations[0].logicalLocations[0].kind).toBe('resource');
    }
    const deny = runLog.results.find((x) => x.ruleId === 'deny-rdp-from-internet')!;
    expect(deny.level).toBe('error');
    expect(deny.locations[0].physicalLocation.region.startLine).toBe(1);
    expect(deny.locations[0].logicalLocations[0].fullyQualifiedName).toBe(OPEN_NSG);
    expect(runLog.results.find((x) => x.ruleId === 'audit-storage-https')!.level).toBe('warning');
  });

  test('progress bar on a TTY stderr for large inputs only', async () => {
    const many = JSON.stringify(Array.from({ length: 7000 }, (_, i) => ({ type: 'Microsoft.Storage/storageAccounts', name: `st${i}`, location: 'westeurope', properties: { supportsHttpsTrafficOnly: true } })));
    const fs = await import('fs');
    const os = await import('os');
    const path = await import('path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-scan-'));
    try {
      fs.writeFileSync(path.join(dir, 'many.json'), many);
      const policies = path.join(__dirname, 'fixtures', 'policies');
      const tty = await run(['scan', '--resources', 'many.json', '--policies', policies], { cwd: dir, tty: true });
      expect(tty.code).toBe(0);
      expect(tty.stderr).toMatch(/scanning: 7,000 resource\(s\)\n$/);
      const pipe = await run(['scan', '--resources', 'many.json', '--policies', policies], { cwd: dir, tty: false });
      expect(pipe.stderr).toBe('');
      const small = await run(['scan', '--resources', 'scan/arg-export.json', '--policies', 'policies'], { tty: true });
      expect(small.stderr).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [['--policies', 'policies'], /missing --resources/],
    [['--resources', 'scan/array.json'], /missing --policies/],
    [['--resources', 'scan/none.json', '--policies', 'policies'], /resources scan\/none\.json: file not found/],
    [['--resources', 'scan/array.json', '--policies', 'nowhere'], /policies nowhere: no such file or folder/],
    [['--resources', 'scan/array.json', '--policies', 'scan'], /policies scan: no policy definition found/],
    [['--resources', 'eval/widget-catalog.json', '--policies', 'policies'], /resources eval\/widget-catalog\.json: item 0 is not a resource \(a JSON object with a "type"\)/],
    [['--resources', 'eval/params-audit.json', '--policies', 'policies'], /expected Azure Resource Graph output/],
    [['--resources', 'eval/broken-resource.json', '--policies', 'policies'], /resources eval\/broken-resource\.json: invalid JSON: .* line 3, column 3/],
    [['--resources', 'scan/array.json', '--policies', 'policies', '--format', 'csv'], /--format csv: expected one of table, json, sarif, markdown, html/],
    [['--resources', 'scan/array.json', '--policies', 'policies', '--format', 'sarf'], /--format sarf: expected one of .*; did you mean 'sarif'\?/],
    [['--resources', 'scan/array.json', '--policies', 'policies', '--polices', 'x'], /unknown option --polices; did you mean '--policies'\?/],
    [['--resources', 'scan/array.json', '--policies', 'policies', '--format', 'json', '--reporter', 'sarif'], /--format json and --reporter sarif disagree/],
  ])('input error %j exits 2', async (args, message) => {
    const r = await run(['scan', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('a definition that does not compile is named on stderr and makes the exit code 2', async () => {
    const r = await run(['scan', '--resources', 'scan/array.json', '--policies', 'validate-bad']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/validate-bad\/unknown-alias\.json: .*unknown alias .*; skipped/);
    expect(r.stderr).toMatch(/validate-bad\/broken\.json: invalid JSON/);
    expect(r.stdout).toMatch(/^requires-tag\s/m);
  });

  test('every format carries every skipped definition and every error: an incomplete scan never looks complete', async () => {
    const args = ['scan', '--resources', 'scan/array.json', '--policies', 'validate-bad'];
    const table = await run(args);
    expect(table.stdout).toMatch(/\nSKIPPED \(not evaluated\)\n {2}validate-bad\/broken\.json +error: invalid JSON: .* at line \d+, column \d+\n {2}validate-bad\/unknown-alias\.json +error: .*unknown alias/);
    expect(table.stdout).toMatch(/\nERRORS\n/);
    expect(table.stdout).toMatch(/^INCOMPLETE: 2 item\(s\) not evaluated \(skipped\); \d+ error\(s\)/m);
    const json = JSON.parse((await run([...args, '--format', 'json'])).stdout);
    expect(json).toMatchObject({ schemaVersion: 1, tool: { name: 'guardrails' }, complete: false });
    expect(json.skipped.map((x: { file: string }) => x.file)).toEqual(['validate-bad/broken.json', 'validate-bad/unknown-alias.json']);
    expect(json.errors.map((e: { message: string }) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^validate-bad\/broken\.json: invalid JSON/), expect.stringMatching(/^validate-bad\/unknown-alias\.json: .*unknown alias/)]));
    const sarifRun = await run([...args, '--format', 'sarif']);
    expect(sarifRun.code).toBe(2);
    const inv = JSON.parse(sarifRun.stdout).runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text)).toEqual(expect.arrayContaining([expect.stringMatching(/broken\.json/), expect.stringMatching(/unknown-alias\.json/)]));
    const md = (await run([...args, '--format', 'markdown'])).stdout;
    expect(md).toMatch(/\*\*Incomplete scan:\*\*/);
    expect(md).toMatch(/### Skipped \(not evaluated\)/);
    const html = (await run([...args, '--format', 'html'])).stdout;
    expect(html).toContain('<section id="skipped">');
    expect(html).toContain('class="status incomplete"');
  });

  test('an unknown alias names the closest one', async () => {
    const r = await run(['scan', '--resources', 'scan/array.json', '--policies', 'scan-typo/typo.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown alias 'Microsoft\.Storage\/storageAccounts\/supportHttpsTrafficOnly' \(not in the alias catalog\); did you mean 'Microsoft\.Storage\/storageAccounts\/supportsHttpsTrafficOnly'\?/);
  });

  test('--fail-on: deny, audit, any, none', async () => {
    const base = ['scan', '--resources', 'scan/arg-export.json', '--policies', 'policies'];
    expect((await run(base)).code).toBe(1);
    expect((await run([...base, '--fail-on', 'deny'])).code).toBe(1);
    expect((await run([...base, '--fail-on', 'none'])).code).toBe(0);
    // Only audits left when the deny definition is set to Audit.
    const audit = [...base, '--params', 'eval/params-audit.json'];
    expect((await run([...audit, '--fail-on', 'deny'])).code).toBe(0);
    expect((await run([...audit, '--fail-on', 'audit'])).code).toBe(1);
    const bad = await run([...base, '--fail-on', 'audits']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fail-on audits: expected one of deny, audit, any, none; did you mean 'audit'\?/);
  });

  test('--output writes the report atomically to a file (nothing on stdout, no temporary file left)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-out-'));
    try {
      fs.writeFileSync(path.join(dir, 'report.sarif'), 'old');
      const r = await run(['scan', '--resources', 'scan/array.json', '--policies', 'policies', '--format', 'sarif', '--output', path.join(dir, 'report.sarif')]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
      expect(fs.readdirSync(dir)).toEqual(['report.sarif']);
      const missing = await run(['scan', '--resources', 'scan/array.json', '--policies', 'policies', '-o', path.join(dir, 'no', 'such', 'r.json')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--output .*r\.json: folder .* does not exist/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--max-results keeps the most severe results and says so; SARIF defaults to 25,000', async () => {
    const r = await run(['scan', '--resources', 'scan/arg-export.json', '--policies', 'policies', '--format', 'sarif', '--max-results', '1']);
    expect(r.code).toBe(1);
    const run0 = JSON.parse(r.stdout).runs[0];
    expect(run0.results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['deny-rdp-from-internet']);
    expect(run0.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/results truncated by --max-results: 1 of 3 findings kept/);
    expect(r.stderr).toMatch(/--max-results 1: 1 of 3 results kept/);
    const json = JSON.parse((await run(['scan', '--resources', 'scan/arg-export.json', '--policies', 'policies', '--format', 'json', '--max-results', '2'])).stdout);
    expect(json).toMatchObject({ complete: false, truncated: { findings: 3, shown: 2 } });
    const bad = await run(['scan', '--resources', 'scan/arg-export.json', '--policies', 'policies', '--max-results', 'ten']);
    expect(bad.stderr).toMatch(/--max-results ten: expected a whole number/);
  });

  test('--base-path: SARIF artifact paths relative to it', async () => {
    const r = await run(['scan', '--resources', 'scan/resources.jsonl', '--policies', 'policies', '--format', 'sarif', '--base-path', 'scan']);
    expect(JSON.parse(r.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('resources.jsonl');
  });

  test('SARIF regions: the line of each resource in a pretty-printed export', async () => {
    const r = await run(['scan', '--resources', 'scan/arg-export.json', '--policies', 'policies', '--format', 'sarif']);
    const lines = fs.readFileSync(path.join(FIXTURES, 'scan', 'arg-export.json'), 'utf8').split('\n');
    for (const result of JSON.parse(r.stdout).runs[0].results) {
      const { region } = result.locations[0].physicalLocation;
      const name = result.locations[0].logicalLocations[0].fullyQualifiedName.split('/').pop();
      expect(lines.slice(region.startLine - 1, region.startLine + 3).join('\n')).toContain(`"${name}"`);
    }
  });

  test('an export without resources is a warning; - reads standard input', async () => {
    const empty = await run(['scan', '--resources', '-', '--policies', 'policies'], { stdin: '{"data": []}' });
    expect(empty.code).toBe(0);
    expect(empty.stderr).toMatch(/warning: - holds no resources; nothing was evaluated/);
    const piped = await run(['scan', '--resources', '-', '--policies', 'policies', '--format', 'json'], { stdin: fs.readFileSync(path.join(FIXTURES, 'scan', 'resources.jsonl'), 'utf8') });
    expect(JSON.parse(piped.stdout).resources).toBe(8);
  });

  test('size limits, FIFOs and devices: exit 2 naming the file and the limit', async () => {
    const tooBig = await run(['scan', '--resources', 'scan/array.json', '--policies', 'policies', '--max-file-size', '1KB']);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(/larger than the 1 KiB limit for this input \(raise it with --max-file-size\)/);
    const zero = await run(['scan', '--resources', '/dev/zero', '--policies', 'policies']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/resources \/dev\/zero: is a device, not a regular file/);
    const badSize = await run(['scan', '--resources', 'scan/array.json', '--policies', 'policies', '--max-file-size', 'lots']);
    expect(badSize.stderr).toMatch(/--max-file-size lots: expected a size such as 200MB/);
  });

  test('symlinked definitions are followed; dangling links and loops are reported, never a silent success', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-links-'));
    try {
      fs.mkdirSync(path.join(dir, 'defs'));
      fs.symlinkSync(path.join(FIXTURES, 'policies', 'deny-rdp-from-internet.json'), path.join(dir, 'defs', 'linked.json'));
      fs.symlinkSync(dir, path.join(dir, 'defs', 'loop'));
      const ok = await run(['scan', '--resources', path.join(FIXTURES, 'scan', 'array.json'), '--policies', 'defs', '--format', 'json'], { cwd: dir });
      expect(ok.code).toBe(1);
      expect(JSON.parse(ok.stdout).findings.map((f: { policy: string }) => f.policy)).toEqual(['deny-rdp-from-internet']);
      fs.symlinkSync(path.join(dir, 'gone.json'), path.join(dir, 'defs', 'dangling.json'));
      const dangling = await run(['scan', '--resources', path.join(FIXTURES, 'scan', 'array.json'), '--policies', 'defs', '--format', 'json'], { cwd: dir });
      expect(dangling.code).toBe(2);
      expect(JSON.parse(dangling.stdout).skipped).toEqual([{ file: 'defs/dangling.json', reason: 'dangling symbolic link (its target does not exist)' }]);
      expect(dangling.stderr).toMatch(/defs\/dangling\.json: dangling symbolic link/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('one message per distinct error, with its count', async () => {
    const r = await run(['scan', '--resources', 'scan/array.json', '--policies', 'validate-bad/requires-tag.json', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ policy: 'requires-tag', occurrences: 7, resourceId: expect.stringMatching(/open-nsg$/) });
    const table = await run(['scan', '--resources', 'scan/array.json', '--policies', 'validate-bad/requires-tag.json']);
    expect(table.stdout.match(/tagName/g)).toHaveLength(1);
    expect(table.stdout).toMatch(/\(x7\)/);
  });

  test('an evaluation error (required parameter without a value) makes the scan incomplete: exit 2', async () => {
    const r = await run(['scan', '--resources', 'scan/array.json', '--policies', 'validate-bad/requires-tag.json', '--format', 'json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.policies[0]).toMatchObject({ policy: 'requires-tag', errors: 7 });
    expect(report.errors[0].message).toMatch(/tagName/);
    expect(report.complete).toBe(false);
    expect(r.stderr).toMatch(/7 evaluation\(s\) failed/);
    const fixed = await run(['scan', '--resources', 'scan/array.json', '--policies', 'validate-bad/requires-tag.json', '--params', 'scan/tag-params.json', '--format', 'json']);
    expect(fixed.code).toBe(1);
    expect(JSON.parse(fixed.stdout).findings).toHaveLength(7);
  });

  test('parseResourceExport: JSONL errors name the line', () => {
    expect(() => parseResourceExport('{"type":"a"}\n{"type":\n', 'x.jsonl')).toThrow(/resources x\.jsonl: line 2: invalid JSON/);
    expect(() => parseResourceExport('{"type":"a"}\n[1]\n', 'x.jsonl')).toThrow(/line 2: expected a JSON object \(one resource with a "type"\)/);
    expect(parseResourceExport('{"type":"a"}\n\n{"type":"b"}\n', 'x.jsonl').map((r) => r.line)).toEqual([1, 3]);
  });

  test('definitions of resource provider modes are evaluated on no resource and find nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-scan-mode-'));
    const k8s = { name: 'k8s', properties: { mode: 'Microsoft.Kubernetes.Data', policyRule: { if: { field: 'type', equals: 'x' }, then: { effect: 'audit' } } } };
    fs.writeFileSync(path.join(dir, 'k8s.json'), JSON.stringify(k8s));
    fs.writeFileSync(path.join(dir, 'resources.json'), JSON.stringify([{ type: 'x', location: 'westeurope' }]));
    const r = await run(['scan', '--resources', path.join(dir, 'resources.json'), '--policies', path.join(dir, 'k8s.json'), '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.policies[0]).toMatchObject({ policy: 'k8s', evaluated: 0, notApplicable: 1 });
    expect(report.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('reportScan: a report too large for one document', () => {
  test('is a usage error naming the size and --max-results, not an uncaught RangeError', async () => {
    // JSON.stringify of millions of findings throws RangeError (V8's string limit); a detail that throws it stands in.
    const huge = { toJSON: (): never => { throw new RangeError('Invalid string length'); } };
    const report: ScanReport = {
      schemaVersion: 1, tool: { name: 'guardrails', version: '0.0.0' }, complete: true, resources: 1, policies: [], assignments: [],
      findings: [{ policy: 'p', effect: 'Deny', enforced: true, resourceId: '/x', resourceType: 't', index: 0, details: huge }],
      undetermined: [], notTranslated: [], exempted: [], skipped: [], errors: [],
    };
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, cwd: process.cwd() };
    await expect(reportScan(io, report, [], 0, { format: 'json' })).rejects.toThrow(CliUsageError);
    await expect(reportScan(io, report, [], 0, { format: 'json' })).rejects.toThrow(/json report of 1 finding\(s\) is too large to write as one document \(Invalid string length\): keep the most severe with --max-results <n>/);
  });
});
