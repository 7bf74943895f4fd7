import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { run } from './helpers';

describe('--max-file-size: --aliases catalogs are read within a limit, inflated text included', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-alias-limit-'));
    // 2 MiB of catalog rows compress to a small fraction of that.
    const row = 'Contoso.Widgets/widgets/colour,properties.colour\n';
    const rows = [row];
    for (let i = 0, size = row.length; size < 2 * 1024 * 1024; i++) {
      rows.push(`Contoso.Widgets/widgets/setting${i},properties.settings.setting${i}\n`);
      size += rows[rows.length - 1].length;
    }
    fs.writeFileSync(path.join(dir, 'bomb.csv.gz'), zlib.gzipSync(rows.join('')));
    fs.writeFileSync(path.join(dir, 'small.csv.gz'), zlib.gzipSync(row));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a gzip catalog that inflates past the limit: exit 2 naming the file, the limit and the option', async () => {
    const r = await run(['validate', path.join(__dirname, 'fixtures', 'eval', 'widget-policy.json'), '--aliases', 'bomb.csv.gz', '--max-file-size', '1M'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/alias catalog bomb\.csv\.gz: inflates to more than the 1 MiB limit for this input \(raise it with --max-file-size\)/);
    const raised = await run(['validate', path.join(__dirname, 'fixtures', 'eval', 'widget-policy.json'), '--aliases', 'bomb.csv.gz', '--max-file-size', '3M'], { cwd: dir });
    expect(raised.stderr).toBe('');
    expect(raised.code).toBe(0);
  });

  test('a gzip catalog within the default limit reads; a bad size is a usage error', async () => {
    expect((await run(['validate', path.join(__dirname, 'fixtures', 'eval', 'widget-policy.json'), '--aliases', 'small.csv.gz'], { cwd: dir })).code).toBe(0);
    const bad = await run(['validate', 'policies', '--max-file-size', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-file-size lots: expected a size such as 200MB, 4GB or a number of bytes/);
  });

  test('an endless file (/dev/zero) is refused before anything is read', async () => {
    const r = await run(['eval', '--policy', 'eval/widget-policy.json', '--resource', 'eval/widget.json', '--aliases', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/alias catalog \/dev\/zero: is a device, not a regular file/);
  });

  test('scan and eval take the option too', async () => {
    const fixtures = path.join(__dirname, 'fixtures');
    const scan = await run(['scan', '--resources', path.join(fixtures, 'scan', 'array.json'), '--policies', path.join(fixtures, 'policies'), '--aliases', 'bomb.csv.gz', '--max-file-size', '1M'], { cwd: dir });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toMatch(/guardrails scan: alias catalog bomb\.csv\.gz: inflates to more than the 1 MiB limit/);
    const evaluated = await run(['eval', '--policy', path.join(fixtures, 'eval', 'widget-policy.json'), '--resource', path.join(fixtures, 'eval', 'widget.json'), '--aliases', 'bomb.csv.gz', '--max-file-size', '3M'], { cwd: dir });
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.stdout).effect).toBe('Deny');
    const old = await run(['eval', '--policy', 'eval/widget-policy.json', '--resource', 'eval/widget.json', '--max-alias-size', '3M']);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/unknown option --max-alias-size; did you mean '--max-file-size'/);
  });
});
