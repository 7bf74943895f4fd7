// `guardrails scan` keeps at most 1,000 findings in memory (issue 12 item 10): the rest wait in a temporary file and
// `--format json` is written as it is read. The output must be what the whole report in memory would give.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ScanReport } from '../../lib/assess/report';
import { formatScanJson, truncateFindings } from '../../lib/cli/report';
import { CliUsageError, writeFileAtomic } from '../../lib/cli/io';
import { FIXTURES, run } from './helpers';

const COUNT = 1_500; // findings past the 1,000 held in memory
const SUB = '00000000-0000-0000-0000-000000000001';

describe('scan with more findings than it holds in memory', () => {
  let dir: string;
  let exportFile: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-stream-'));
    exportFile = path.join(dir, 'resources.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      lines.push(JSON.stringify({ id: `/subscriptions/${SUB}/resourceGroups/rg${i % 7}/providers/Microsoft.Storage/storageAccounts/st${i}`, name: `st${i}`, type: 'Microsoft.Storage/storageAccounts', location: 'westeurope', properties: { supportsHttpsTrafficOnly: i % 11 === 0 } }));
      if (i % 100 === 0) lines.push(JSON.stringify({ id: `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/networkSecurityGroups/nsg${i}`, name: `nsg${i}`, type: 'Microsoft.Network/networkSecurityGroups', location: 'westeurope', properties: { securityRules: [{ name: 'rdp', properties: { access: 'Allow', direction: 'Inbound', protocol: 'Tcp', destinationPortRange: '3389', sourceAddressPrefix: '*', priority: 100 } }] } }));
    }
    fs.writeFileSync(exportFile, lines.join('\n') + '\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const scan = (...extra: string[]): ReturnType<typeof run> => run(['scan', '--resources', exportFile, '--policies', path.join(FIXTURES, 'policies'), '--format', 'json', ...extra]);
  const audits = COUNT - Math.ceil(COUNT / 11);
  const denies = Math.ceil(COUNT / 100);
  const findings = audits + denies;

  test('--format json: every finding, in resource order, in the text formatScanJson gives', async () => {
    const r = await scan();
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.findings).toHaveLength(findings);
    expect(r.stdout).toBe(formatScanJson(report));
    const indexes = report.findings.map((f) => f.index);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(report.complete).toBe(true);
    expect(report.truncated).toBeUndefined();
  });

  test('--output: the same document, written atomically', async () => {
    const out = path.join(dir, 'report.json');
    const r = await scan('--output', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).findings).toHaveLength(findings);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('--max-results: the findings truncateFindings keeps, with the counts', async () => {
    const whole = JSON.parse((await scan()).stdout) as ScanReport;
    const r = await scan('--max-results', '200');
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.findings).toEqual(truncateFindings(whole, 200).findings);
    expect(report.findings.filter((f) => f.effect === 'Deny')).toHaveLength(denies); // the most severe first
    expect(report.truncated).toEqual({ findings: findings, shown: 200 });
    expect(report.complete).toBe(false);
    expect(r.stderr).toContain(`--max-results 200: 200 of ${findings} results kept`);
    expect(findings).toBeGreaterThan(1000);
  });

  test('exit codes from the tally: --fail-on deny fails on the denies only', async () => {
    expect((await scan('--fail-on', 'deny')).code).toBe(1);
    expect((await scan('--fail-on', 'none')).code).toBe(0);
  });

  test('formats written as one document get every finding (or those kept) too', async () => {
    const sarif = JSON.parse((await run(['scan', '--resources', exportFile, '--policies', path.join(FIXTURES, 'policies'), '--format', 'sarif', '--max-results', '100'])).stdout) as { runs: { results: { level: string }[] }[] };
    expect(sarif.runs[0].results).toHaveLength(100);
    expect(sarif.runs[0].results.filter((x) => x.level === 'error')).toHaveLength(denies);
    const table = await run(['scan', '--resources', exportFile, '--policies', path.join(FIXTURES, 'policies')]);
    expect(table.stdout).toContain(`${COUNT + denies} resource(s) x 3 definition(s): ${findings} finding(s), 0 error(s)`);
  });
});

describe('writeFileAtomic with a report made as it is written', () => {
  test('an error while making the report is passed on as it is (not as a write error), and nothing is left behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
    try {
      const io = { stdout: { write: () => true }, stderr: { write: () => true }, stdin: undefined as never, cwd: dir };
      function* failing(): Generator<string> {
        yield '{"a": ';
        throw new TypeError('the report broke');
      }
      expect(() => writeFileAtomic(io, 'out.json', failing())).toThrow(TypeError);
      expect(fs.readdirSync(dir)).toEqual([]);
      // A write that fails is a usage error naming the file.
      expect(() => writeFileAtomic(io, 'missing/out.json', ['x'])).toThrow(CliUsageError);
      writeFileAtomic(io, 'out.json', ['{"a": ', '1}']);
      expect(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).toBe('{"a": 1}');
      expect(fs.readdirSync(dir)).toEqual(['out.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
