import { parseResourceExport, runScan } from '../../lib/cli/scan';
import { run } from './helpers';

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
      expect(tty.stderr).toMatch(/scanning \[#+\] 100% 7000\/7000\n$/);
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
    [['--resources', 'scan/array.json', '--policies', 'policies', '--format', 'csv'], /--format csv: expected one of table, json, sarif/],
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

  test('an evaluation error (required parameter without a value) makes the scan incomplete: exit 2', async () => {
    const r = await run(['scan', '--resources', 'scan/array.json', '--policies', 'validate-bad/requires-tag.json', '--format', 'json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.policies[0]).toMatchObject({ policy: 'requires-tag', errors: 7 });
    expect(report.errors[0].message).toMatch(/tagName/);
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

  test('runScan skips definitions of resource provider modes', () => {
    const policy = { name: 'k8s', file: 'k8s.json', compiled: { mode: 'Microsoft.Kubernetes.Data', parameters: {}, evaluate: () => ({ effect: 'Audit', trace: [] }) } };
    const report = runScan([{ resource: { type: 'x', location: 'westeurope' }, index: 0 }], [policy], {});
    expect(report.policies[0]).toMatchObject({ evaluated: 0, skipped: 1 });
    expect(report.findings).toEqual([]);
  });
});
