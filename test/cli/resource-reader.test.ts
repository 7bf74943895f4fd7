import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { execFileSync } from 'child_process';
import { CliIo } from '../../lib/cli/io';
import { parseResourceExport, readResourceExport, ResourceExportScanner } from '../../lib/cli/resource-reader';
import type { AssessResource } from '../../lib/cli/report/types';
import { prng } from '../../bench/prng';


function scanInPieces(text: string, sizes: () => number): AssessResource[] {
  const scanner = new ResourceExportScanner({ file: 'x.json' });
  const out: AssessResource[] = [];
  for (let i = 0; i < text.length; ) {
    const n = Math.max(1, sizes());
    scanner.push(text.slice(i, i + n), out);
    i += n;
  }
  scanner.end(out);
  return out;
}

function io(cwd: string, stdin?: string, maxFileSize?: number): CliIo {
  return { stdout: { write: () => true }, stderr: { write: () => true }, stdin: Readable.from(stdin !== undefined ? [Buffer.from(stdin)] : []), cwd, maxFileSize };
}

async function collect(it: AsyncIterable<AssessResource>): Promise<AssessResource[]> {
  const out: AssessResource[] = [];
  for await (const r of it) out.push(r);
  return out;
}

const tricky = [
  { type: 'a', id: '/x', s: 'quote " brace } bracket ] backslash \\ end', u: 'caf\u00e9 \ud83d\ude00', n: [1, -2.5e3, true, false, null, { deep: [[[{}]]] }] },
  JSON.parse('{"type": "b", "empty": "", "esc": "\\\\\\"", "nested": {"__proto__": {"polluted": 1}, "constructor": "c"}}') as Record<string, unknown>,
  { type: 'c', tail: '\\' },
];

describe('resource export reader', () => {
  test.each([
    ['JSON array', (t: string) => t],
    ['Resource Graph {data}', (t: string) => `{"count": 3, "data": ${t}, "skip_token": null, "total_records": 3}`],
    ['{value}', (t: string) => `{"value": ${t}, "nextLink": "https://management.azure.com/x?$skiptoken=a"}`],
  ])('%s: same resources as JSON.parse, whatever the chunk boundaries (1-char chunks, random chunks)', (_, wrap) => {
    const pretty = wrap(JSON.stringify(tricky, null, 2));
    const expected = JSON.parse(JSON.stringify(tricky));
    const rand = prng(7);
    for (const sizes of [() => 1, () => Math.floor(rand() * 17), () => 1 << 20]) {
      const got = scanInPieces(pretty, sizes);
      expect(got.map((r) => r.resource)).toEqual(expected);
      expect(got.map((r) => r.index)).toEqual([0, 1, 2]);
    }
    // No prototype was replaced: __proto__ from the input is an own key.
    const b = scanInPieces(pretty, () => 5)[1].resource.nested as Record<string, unknown>;
    expect(Object.getPrototypeOf(b)).toBe(Object.prototype);
    expect(Object.keys(b)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('each resource carries the line where it starts (pretty-printed, compact, JSONL with blank lines, CRLF)', () => {
    expect(parseResourceExport('[\n  {"type": "a"},\n\n  {\n    "type": "b"\n  }\n]', 'x').map((r) => r.line)).toEqual([2, 4]);
    expect(parseResourceExport('{"data": [{"type": "a"}, {"type": "b"}]}', 'x').map((r) => r.line)).toEqual([1, 1]);
    expect(parseResourceExport('{"type":"a"}\r\n\r\n{"type":"b"}\r\n{"type":"c"}', 'x.jsonl').map((r) => r.line)).toEqual([1, 3, 4]);
    expect(parseResourceExport('\uFEFF{"type":"a"}\n{"type":"b"}', 'x.jsonl').map((r) => [r.line, r.resource.type])).toEqual([[1, 'a'], [2, 'b']]);
    expect(parseResourceExport('{"type":"a"}', 'x')[0]).toEqual({ resource: { type: 'a' }, index: 0, file: 'x', line: 1 });
  });

  test('Resource Graph table format: rows become objects by column name', () => {
    const table = '{"data": {"columns": [{"name": "id", "type": "string"}, {"name": "type"}], "rows": [["/a", "t1"],\n["/b", "t2"]]}}';
    expect(parseResourceExport(table, 'x').map((r) => [r.line, r.resource])).toEqual([[1, { id: '/a', type: 't1' }], [2, { id: '/b', type: 't2' }]]);
    expect(() => parseResourceExport('{"data": {"rows": [["a"]], "columns": []}}', 'x')).toThrow(/"data.columns" must come before "data.rows"/);
  });

  test.each([
    ['[{"type":"a"}', /unexpected end of input at line 1: an array or object is not closed/],
    ['[{"type":"a"} {"type":"b"}]', /expected ',' or '\]' after an array element at line 1, column 15/],
    ['[{"type": x}]', /invalid JSON: expected a value, found 'x' at line 1, column 11/],
    ['[1]', /item 0 is not a resource \(a JSON object with a "type"\) at line 1/],
    ['{"foo": 1}', /expected Azure Resource Graph output/],
    ['\u0000\u0000\u0000', /found character U\+0000 at line 1, column 1/],
    ['[{"type":"a"}]\n[]', /unexpected data after the end of the export at line 2, column 1/],
    ['{"type":"a"}\n{"type":\n', /line 2: invalid JSON: the record is incomplete/],
    ['{"type":"a"}\n[1]\n', /line 2: expected a JSON object \(one resource with a "type"\)/],
    ['[{"type":"a","s":"unterminated}]', /unexpected end of input: the value starting at line 1, column 2 is not complete/],
  ])('malformed %j: error names the line (and column)', (text, message) => {
    expect(() => parseResourceExport(text, 'x.json')).toThrow(message);
    expect(() => parseResourceExport(text, 'x.json')).toThrow(/^resources x\.json: /);
  });

  test('a syntax error never quotes the file content', () => {
    const secret = '[{"type": "a", "password": s3cr3t-value}]';
    expect(() => parseResourceExport(secret, 'x')).toThrow(/expected a value, found 's' at line 1, column 28/);
    try {
      parseResourceExport(secret, 'x');
    } catch (err) {
      expect((err as Error).message).not.toMatch(/s3cr3t|password/);
    }
  });

  test('one resource larger than the limit fails early, naming the line and the limit', () => {
    const big = `[{"type":"a"},\n{"type":"b","blob":"${'x'.repeat(5000)}"}]`;
    expect(() => parseResourceExport(big, 'x', { maxResourceChars: 1000 })).toThrow(/resources x: a resource larger than the 1000 bytes limit for one resource, at line 2 \(raise it with --max-file-size\)/);
    // Also across chunks (the element is stashed, not re-scanned).
    const scanner = new ResourceExportScanner({ file: 'x', maxResourceChars: 1000 });
    const out: AssessResource[] = [];
    expect(() => {
      for (let i = 0; i < big.length; i += 100) scanner.push(big.slice(i, i + 100), out);
    }).toThrow(/larger than the 1000 bytes limit/);
  });

  test('nesting deeper than the limit is refused before parsing, naming the line', () => {
    const deep = `[{"type":"a"},\n{"type":"b","x":${'['.repeat(1001)}${']'.repeat(1001)}}]`;
    expect(() => parseResourceExport(deep, 'x')).toThrow(/resources x: a resource nested deeper than 1000 levels, at line 2, column 1016 \(the resource starts at line 2\)/);
    expect(parseResourceExport(`[{"type":"b","x":${'['.repeat(998)}${']'.repeat(998)}}]`, 'x')).toHaveLength(1);
  });

  test('strings full of escapes are scanned in linear time (the end of a string is not searched for again per escape)', () => {
    const text = `[{"type":"a","s":"${'\\\\'.repeat(200_000)}"}]`;
    expect(parseResourceExport(text, 'x')[0].resource.s).toBe('\\'.repeat(200_000));
  });

  test('seeded fuzz: random valid exports read like JSON.parse; random corruptions give a CliUsageError, never a crash', () => {
    const rand = prng(20260101);
    const word = (): string => ['a', 'b"', '\\', '}', ']', '{', '[', ',', ':', ' ', '\n', '\u00e9', 'x'][Math.floor(rand() * 13)];
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.3) return Array.from({ length: Math.floor(rand() * 4) }, word).join('');
      if (r < 0.4) return Math.floor(rand() * 1000) - 500;
      if (r < 0.45) return null;
      if (r < 0.7) return Array.from({ length: Math.floor(rand() * 3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 3) }, (_, k) => [`k${k}${word()}`, value(depth + 1)]));
    };
    for (let round = 0; round < 150; round++) {
      const resources = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({ type: `t${Math.floor(rand() * 5)}`, p: value(0) }));
      const forms = [JSON.stringify(resources, null, rand() < 0.5 ? 2 : 0), JSON.stringify({ data: resources }), resources.map((r) => JSON.stringify(r)).join('\n')];
      for (const text of forms) {
        const got = scanInPieces(text, () => 1 + Math.floor(rand() * 40));
        expect(got.map((r) => r.resource)).toEqual(resources);
        // Corrupt one character: either still valid (then same as JSON.parse would say) or a clean usage error.
        const at = Math.floor(rand() * text.length);
        const bad = text.slice(0, at) + ['"', '{', ']', ',', '\\', 'x', ''][Math.floor(rand() * 7)] + text.slice(at + 1);
        try {
          scanInPieces(bad, () => 1 + Math.floor(rand() * 40));
        } catch (err) {
          expect((err as Error).name).toBe('CliUsageError');
          expect((err as Error).message).toMatch(/^resources x\.json: /);
        }
      }
    }
  });

  describe('readResourceExport (files and standard input)', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-reader-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('streams a file in small chunks with file name and lines', async () => {
      const text = JSON.stringify({ data: tricky }, null, 1);
      fs.writeFileSync(path.join(dir, 'export.json'), text);
      const got = await collect(readResourceExport(io(dir), 'export.json', { chunkBytes: 7 }));
      expect(got.map((r) => r.resource)).toEqual(JSON.parse(text).data);
      expect(got.every((r) => r.file === 'export.json' && typeof r.line === 'number')).toBe(true);
    });

    test('multi-byte characters split across chunks are decoded intact', async () => {
      const text = JSON.stringify([{ type: 'a', s: '\u00e9\u4e2d\ud83d\ude00'.repeat(50) }]);
      fs.writeFileSync(path.join(dir, 'utf8.json'), text);
      const got = await collect(readResourceExport(io(dir), 'utf8.json', { chunkBytes: 3 }));
      expect(got[0].resource.s).toBe('\u00e9\u4e2d\ud83d\ude00'.repeat(50));
    });

    test('- reads standard input', async () => {
      const got = await collect(readResourceExport(io(dir, '{"type":"a"}\n{"type":"b"}\n'), '-'));
      expect(got.map((r) => [r.resource.type, r.line, r.file])).toEqual([['a', 1, '-'], ['b', 2, '-']]);
    });

    test('size limit: a file over it fails before reading; standard input fails when it passes it', async () => {
      fs.writeFileSync(path.join(dir, 'big.json'), JSON.stringify([{ type: 'a', s: 'x'.repeat(3000) }]));
      await expect(collect(readResourceExport(io(dir, undefined, 1024), 'big.json'))).rejects.toThrow(/resources big\.json: larger than the 1 KiB limit for this input \(raise it with --max-file-size\)/);
      await expect(collect(readResourceExport(io(dir, '[' + '{"type":"a"},'.repeat(200) + '{"type":"a"}]', 1024), '-'))).rejects.toThrow(/resources -: larger than the 1 KiB limit/);
    });

    test('/dev/zero, folders, FIFOs and missing files are refused at once, naming the file', async () => {
      await expect(collect(readResourceExport(io(dir), '/dev/zero'))).rejects.toThrow(/resources \/dev\/zero: is a device, not a regular file/);
      await expect(collect(readResourceExport(io(dir), '.'))).rejects.toThrow(/resources \.: is a folder, expected a file/);
      await expect(collect(readResourceExport(io(dir), 'none.json'))).rejects.toThrow(/resources none\.json: file not found/);
      if (process.platform !== 'win32') {
        execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
        await expect(collect(readResourceExport(io(dir), 'pipe.json'))).rejects.toThrow(/resources pipe\.json: is a named pipe \(FIFO\), not a regular file; pipe it to standard input with -/);
      }
    });
  });
});
