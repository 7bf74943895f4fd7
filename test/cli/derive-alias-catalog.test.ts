import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { AliasCatalog } from '../../lib/policy-engine';
import { bundledAliasTable } from '../../lib/policy-engine/bundled-aliases';
import { encodeAliasCatalog, readAliasRows } from '../../scripts/derive-alias-catalog';

describe('derive-alias-catalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-aliases-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads gzip or plain CSV, trims, skips blank lines, keeps order and duplicates', () => {
    const csv = 'Microsoft.A/b/x, properties.x \r\n\r\nMicrosoft.Compute/imageId,properties.storageProfile.imageReference.id\nMicrosoft.Compute/imageId,properties.creationData.imageReference.id\n';
    fs.writeFileSync(path.join(dir, 'a.csv.gz'), zlib.gzipSync(csv));
    fs.writeFileSync(path.join(dir, 'a.csv'), csv);
    const expected = [
      ['Microsoft.A/b/x', 'properties.x'],
      ['Microsoft.Compute/imageId', 'properties.storageProfile.imageReference.id'],
      ['Microsoft.Compute/imageId', 'properties.creationData.imageReference.id'],
    ];
    expect(readAliasRows(path.join(dir, 'a.csv.gz'))).toEqual(expected);
    expect(readAliasRows(path.join(dir, 'a.csv'))).toEqual(expected);
  });

  test.each(['no comma here', 'Microsoft.A/b/x,', 'noslash,properties.x', 'Microsoft.A/b/x,a,b'])('rejects the malformed row %j with file and line', (row) => {
    fs.writeFileSync(path.join(dir, 'bad.csv'), `Microsoft.A/b/ok,properties.ok\n${row}\n`);
    expect(() => readAliasRows(path.join(dir, 'bad.csv'))).toThrow(/bad\.csv:2: expected "aliasName,defaultPath"/);
  });

  test('the encoded text is what AliasCatalog.fromFlatTable reads (header comment skipped)', () => {
    const text = encodeAliasCatalog([['Microsoft.A/b/x', 'properties.x'], ['Microsoft.A/b/y', 'sku.name']]);
    expect(text.split('\n')[0]).toMatch(/^# .* 2 rows/);
    const catalog = AliasCatalog.fromFlatTable(text);
    expect(catalog.size).toBe(2);
    expect(catalog.has('microsoft.a/b/Y')).toBe(true);
  });

  test('the committed catalog is in the encoder\'s format (re-encoding its rows gives the same text)', () => {
    const text = bundledAliasTable();
    const rows = text.trimEnd().split('\n').slice(1).map((l) => {
      const comma = l.indexOf(',');
      return [l.slice(0, comma), l.slice(comma + 1)] as const;
    });
    expect(encodeAliasCatalog(rows)).toBe(text);
  });
});
