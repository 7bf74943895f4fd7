import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { batchOptions } from '../../lib/cli/batch';
import { evaluateBatchLine, readJsonlLines, serializeBatchResult } from '../../lib/cli/eval';
import { runPolicyTests } from '../../lib/cli/policy-tests';
import { evaluateBatchRequest } from '../../lib/policy-engine';
import { run as runCli } from './helpers';

// Issue 12 classes 4 (the batch contract) and 5 (files named by inputs stay in their folder).

describe('issue 12.4: the batch contract', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-contract-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const ok = (id: string): string => JSON.stringify({ id, policyRule: { if: { field: 'type', equals: 't' }, then: { effect: 'audit' } }, resource: { type: 't' } });

  test('details that cannot be written become an error result with the same id', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const line = serializeBatchResult({ id: 'deep', effect: 'Append', details: deep });
    expect(JSON.parse(line)).toEqual({ id: 'deep', effect: 'Append', error: { stage: 'evaluate', message: expect.stringMatching(/^the result details cannot be written: .*nested deeper than 256 levels/) } });
    expect(line).not.toContain('\n');
  });

  test('a request nested too deep is a parse error with the pointer of the node, never a crash', () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const r = evaluateBatchLine(`{"id":"deep","policyRule":{"if":{"field":"type","equals":"t"},"then":{"effect":"append","details":[{"field":"tags","value":${deep}}]}}}`, 1, dir);
    expect(r).toMatchObject({ id: 'deep', effect: null, error: { stage: 'parse', pointer: expect.stringMatching(/^\/policyRule\/then\/details\/0\/value(\/a)+$/), message: expect.stringMatching(/nested deeper than 260 levels/) } });
  });

  test('lines end at \\n only: a bare CR stays inside its request; CRLF, a BOM and a last line without newline work', async () => {
    const lines: unknown[] = [];
    const input = ['\uFEFF{"id":"cr",\r"x":1}\r\n', '{"id":', '"split"}\n', '\n', '{"id":"last"}'].map((s) => Buffer.from(s));
    for await (const l of readJsonlLines((async function* () { yield* input; })(), 1024)) lines.push(l);
    expect(lines).toEqual([
      { lineNumber: 1, text: '{"id":"cr",\r"x":1}' },
      { lineNumber: 2, text: '{"id":"split"}' },
      { lineNumber: 3, text: '' },
      { lineNumber: 4, text: '{"id":"last"}' },
    ]);
  });

  test('a line longer than the limit is reported with its id, without being kept in memory', async () => {
    const lines: unknown[] = [];
    const chunks = [Buffer.from('{"id":"huge","resource":{"s":"'), ...Array(8).fill(Buffer.alloc(1 << 20, 'x')), Buffer.from('"}}\n{"id":"next"}\n')];
    for await (const l of readJsonlLines((async function* () { yield* chunks; })(), 1 << 20)) lines.push(l);
    expect(lines).toEqual([
      { lineNumber: 1, tooLong: 30 + 8 * (1 << 20) + 3, head: expect.stringMatching(/^\{"id":"huge"/) },
      { lineNumber: 2, text: '{"id":"next"}' },
    ]);
  });

  test('one result line per request, whatever happens (long line, bad JSON, unknown member, non-string id, bare CR)', async () => {
    const requests = [
      ok('a'),
      '{"id":"huge","resource":{"s":"' + 'x'.repeat(2 * 1024 * 1024) + '"}}',
      '{"id":"bad", oops',
      JSON.stringify({ id: 'typo', policyRule: { if: { field: 'type', notEquals: 't' }, then: { effect: 'deny' } }, resouce: { type: 't' } }),
      JSON.stringify({ id: { nested: true }, policyRule: { if: { field: 'type', equals: 't' }, then: { effect: 'deny' } } }),
      JSON.stringify({ id: 7, policyRule: { if: { field: 'type', equals: 't' }, then: { effect: 'deny' } }, resource: { type: 't' }, expect: { effect: 'deny' } }),
      '{"id":"cr",\r"policyRule":{"if":{"field":"type","equals":"t"},"then":{"effect":"audit"}},"resource":{"type":"t"}}',
    ];
    const r = await runCli(['eval', '--batch', '-', '--max-line-mb', '1'], { stdin: requests.join('\n') + '\n' });
    expect(r.code).toBe(0);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 'huge', 'bad', 'typo', '{"nested":true}', '7', 'cr']);
    expect(out[0]).toEqual({ id: 'a', effect: 'Audit' });
    expect(out[1].error.message).toMatch(/^line 2: 2,097,\d+ bytes or more, longer than the limit of 1,048,576 bytes \(raise it with --max-line-mb\)$/);
    expect(out[2].error.stage).toBe('parse');
    expect(out[3]).toEqual({ id: 'typo', effect: null, error: { stage: 'parse', pointer: '/resouce', message: expect.stringMatching(/^unknown request member "resouce" \(allowed: id, .*resource.*expect\)$/) } });
    expect(out[4]).toMatchObject({ effect: null, error: { stage: 'parse', pointer: '/id', message: '"id" must be a string or a number, got object' } });
    expect(out[5]).toEqual({ id: '7', effect: 'Deny' });
    expect(out[6]).toEqual({ id: 'cr', effect: 'Audit' });
  });
});

describe('issue 12.5: files named by a batch request or a test file stay in their folder', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'confine-'));
  const inside = path.join(root, 'batch');
  const other = path.join(root, 'other');
  fs.mkdirSync(inside);
  fs.mkdirSync(other);
  const catalog = JSON.stringify([{ namespace: 'Contoso.W', resourceTypes: [{ resourceType: 'w', aliases: [{ name: 'Contoso.W/w/c', defaultPath: 'properties.c' }] }] }]);
  fs.writeFileSync(path.join(other, 'catalog.json'), catalog);
  fs.writeFileSync(path.join(inside, 'secret.txt'), 'root:x:0:0:SECRET-TOKEN-123\n');
  fs.writeFileSync(path.join(inside, 'secret.json'), '{"SECRET-TOKEN-456": [1, 2, }');
  fs.symlinkSync(path.join(other, 'catalog.json'), path.join(inside, 'link.json'));
  fs.symlinkSync('/dev/zero', path.join(inside, 'zero.json'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const request = (aliases: string): Record<string, unknown> => ({ id: aliases, policyRule: { if: { field: 'Contoso.W/w/c', equals: 1 }, then: { effect: 'deny' } }, aliases, resource: { properties: { c: 1 } } });

  test.each(['../other/catalog.json', path.join(other, 'catalog.json'), '/etc/passwd', '/proc/self/environ', 'link.json', 'zero.json'])('%s is refused', (aliases) => {
    const r = evaluateBatchRequest(request(aliases), batchOptions(inside));
    expect(r).toMatchObject({ effect: null, error: { stage: 'parse', pointer: '/aliases', message: expect.stringMatching(/outside the folder of the file that names it; use --allow-read/) } });
  });

  test('--allow-read widens it (also for a symlink into the allowed folder)', () => {
    expect(evaluateBatchRequest(request('../other/catalog.json'), batchOptions(inside, { allowRead: [other] })).effect).toBe('Deny');
    expect(evaluateBatchRequest(request('link.json'), batchOptions(inside, { allowRead: [other] })).effect).toBe('Deny');
  });

  test('errors never echo the file content', () => {
    for (const f of ['secret.txt', 'secret.json']) {
      const r = evaluateBatchRequest(request(f), batchOptions(inside));
      expect(r.error?.message).toMatch(new RegExp(`^cannot read alias catalog "${f.replace('.', '\\.')}": `));
      expect(r.error?.message).not.toMatch(/SECRET|root:x/);
    }
  });

  test('a catalog that inflates past the limit is refused', () => {
    const zlib = jest.requireActual('zlib') as typeof import('zlib');
    fs.writeFileSync(path.join(inside, 'bomb.json.gz'), zlib.gzipSync(Buffer.alloc(4 << 20, ' ')));
    expect(evaluateBatchRequest(request('bomb.json.gz'), batchOptions(inside, { maxCatalogBytes: 1 << 20 })).error?.message).toMatch(/decompresses to more than 1,048,576 bytes/);
  });

  test("a test file's policy outside the folder given is refused unless allowed", () => {
    const tests = path.join(root, 'tests');
    fs.mkdirSync(tests);
    fs.writeFileSync(path.join(other, 'p.json'), JSON.stringify({ if: { field: 'type', equals: 't' }, then: { effect: 'deny' } }));
    fs.writeFileSync(path.join(tests, 'p.test.json'), JSON.stringify({ policy: '../other/p.json', cases: [{ name: 'c', resource: { type: 't' }, expect: { effect: 'Deny' } }] }));
    fs.writeFileSync(path.join(tests, 'secret.test.json'), JSON.stringify({ policy: '../batch/secret.txt', cases: [{ name: 'c', resource: {}, expect: { effect: null } }] }));
    const refused = runPolicyTests(tests);
    expect(refused.files.map((f) => f.cases[0].error)).toEqual([
      expect.stringMatching(/p\.json: outside the folder/),
      expect.stringMatching(/secret\.txt: outside the folder/),
    ]);
    const allowed = runPolicyTests(tests, { allowRead: [root] });
    expect(allowed.files[0].cases[0].passed).toBe(true);
    expect(allowed.files[1].cases[0].error).toMatch(/invalid JSON: not valid JSON: unexpected character$/);
    expect(JSON.stringify(allowed)).not.toMatch(/SECRET/);
  });
});
