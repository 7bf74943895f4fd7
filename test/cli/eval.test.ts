import * as fs from 'fs';
import * as path from 'path';
import { evaluateBatchLine, serializeBatchResult } from '../../lib/cli/eval';
import { FIXTURES, run } from './helpers';

const POLICY = 'policies/deny-rdp-from-internet.json';

describe('guardrails eval', () => {
  test('prints effect and trace as JSON and exits 0', async () => {
    const r = await run(['eval', '--policy', POLICY, '--resource', 'eval/nsg-open.json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.effect).toBe('Deny');
    expect(Array.isArray(out.trace)).toBe(true);
    expect(out.trace.join('\n')).toMatch(/count/i);
    expect(out.error).toBeUndefined();
  });

  test('a rule that does not apply gives effect null', async () => {
    const out = JSON.parse((await run(['eval', '--policy', POLICY, '--resource', 'eval/nsg-closed.json'])).stdout);
    expect(out.effect).toBeNull();
  });

  test('--params takes {name: value} and ARM parameter files', async () => {
    expect(JSON.parse((await run(['eval', '--policy', POLICY, '--resource', 'eval/nsg-open.json', '--params', 'eval/params-audit.json'])).stdout).effect).toBe('Audit');
    // Disabled: the engine does not evaluate the rule (effect null), and the trace says why.
    const disabled = JSON.parse((await run(['eval', '--policy', POLICY, '--resource', 'eval/nsg-open.json', '--params', 'eval/params-arm.json'])).stdout);
    expect(disabled.effect).toBeNull();
    expect(disabled.trace.join('\n')).toMatch(/Disabled/);
  });

  test('a parameter value outside allowedValues is reported as an error (exit 2)', async () => {
    const r = await run(['eval', '--policy', POLICY, '--resource', 'eval/nsg-open.json', '--params', 'eval/params-bad.json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(/Block/);
  });

  test('--aliases adds a catalog to the bundled one', async () => {
    const without = await run(['eval', '--policy', 'eval/widget-policy.json', '--resource', 'eval/widget.json']);
    expect(without.code).toBe(2);
    const error = JSON.parse(without.stdout).error;
    expect(error).toMatchObject({ stage: 'compile', pointer: expect.stringContaining('field') });
    expect(error.message).toMatch(/Contoso\.Widgets\/widgets\/colour/);
    expect(without.stderr).toMatch(/eval\/widget-policy\.json: compile error at .*field/);
    const withCatalog = await run(['eval', '--policy', 'eval/widget-policy.json', '--resource', 'eval/widget.json', '--aliases', 'eval/widget-catalog.json']);
    expect(withCatalog.code).toBe(0);
    expect(JSON.parse(withCatalog.stdout).effect).toBe('Deny');
  });

  test('--related supplies the resources auditIfNotExists looks for', async () => {
    const policy = 'policies/audit-vm-without-extension.json';
    expect(JSON.parse((await run(['eval', '--policy', policy, '--resource', 'eval/vm.json'])).stdout).effect).toBe('AuditIfNotExists');
    expect(JSON.parse((await run(['eval', '--policy', policy, '--resource', 'eval/vm.json', '--related', 'eval/related.json'])).stdout).effect).toBeNull();
  });

  test.each([
    [['--policy', POLICY], /missing --resource/],
    [['--resource', 'eval/vm.json'], /missing --policy/],
    [['--policy', 'nope.json', '--resource', 'eval/vm.json'], /policy nope\.json: file not found/],
    [['--policy', POLICY, '--resource', 'eval/broken-resource.json'], /resource eval\/broken-resource\.json: invalid JSON: .* at line 3, column 3/],
    [['--policy', POLICY, '--resource', 'eval/related.json'], /resource eval\/related\.json: expected a JSON object/],
    [['--policy', POLICY, '--resource', 'eval/vm.json', '--related', 'eval/vm.json'], /related resources eval\/vm\.json: expected a JSON array/],
    [['--policy', POLICY, '--resource', 'eval/vm.json', '--aliases', 'eval/missing.json'], /alias catalog eval\/missing\.json: file not found/],
    [['--batch', 'batch/requests.jsonl', '--policy', POLICY], /--batch takes its inputs from the JSONL requests; remove --policy/],
    [['--batch', 'batch/none.jsonl'], /batch batch\/none\.jsonl: file not found/],
    [['--batch', 'batch'], /is a folder/],
  ])('input error %j exits 2 naming the problem', async (args, message) => {
    const r = await run(['eval', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('guardrails eval --batch', () => {
  const expectedIds = ['deny-open', 'params-audit', 'broken-line', 'not-applicable', 'line 6', 'widget-with-catalog', 'widget-unknown-alias', 'rule-text-not-json', 'modify'];

  // The widget catalog is in ../eval: outside the JSONL file's folder, so it is read only with --allow-read.
  async function batch(): Promise<Record<string, unknown>[]> {
    const r = await run(['eval', '--batch', 'batch/requests.jsonl', '--allow-read', 'eval']);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    return r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  }

  test('one result per request line, in order (blank lines skipped)', async () => {
    expect((await batch()).map((r) => r.id)).toEqual(expectedIds);
  });

  test('results carry exactly the contract members', async () => {
    for (const r of await batch()) {
      for (const k of Object.keys(r)) expect(['id', 'effect', 'details', 'error']).toContain(k);
      expect(typeof r.id).toBe('string');
      expect(r.effect === null || typeof r.effect === 'string').toBe(true);
      if (r.error) {
        expect(Object.keys(r.error as object).every((k) => ['stage', 'message', 'pointer'].includes(k))).toBe(true);
        expect(['parse', 'compile', 'evaluate']).toContain((r.error as { stage: string }).stage);
      }
    }
  });

  test('effects, details and errors per request', async () => {
    const byId = Object.fromEntries((await batch()).map((r) => [r.id, r]));
    expect(byId['deny-open']).toEqual({ id: 'deny-open', effect: 'Deny' });
    expect(byId['params-audit'].effect).toBe('Audit');
    expect(byId['not-applicable']).toEqual({ id: 'not-applicable', effect: null });
    expect(byId['widget-with-catalog'].effect).toBe('Deny'); // aliases path resolved against the JSONL file's folder
    expect(byId['widget-unknown-alias']).toMatchObject({ effect: null, error: { stage: 'compile' } });
    expect(byId['rule-text-not-json']).toMatchObject({ effect: null, error: { stage: 'parse' } });
    expect(byId.modify).toMatchObject({ effect: 'Modify', details: { operations: [{ operation: 'addOrReplace', field: "tags['env']", value: 'prod' }] } });
  });

  test('an aliases path outside the JSONL file\'s folder is refused without --allow-read', async () => {
    const r = await run(['eval', '--batch', 'batch/requests.jsonl']);
    const widget = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)).find((x) => x.id === 'widget-with-catalog');
    expect(widget).toMatchObject({ effect: null, error: { stage: 'parse', pointer: '/aliases', message: expect.stringMatching(/"\.\.\/eval\/widget-catalog\.json": outside the folder .*--allow-read/) } });
  });

  test('a malformed line is an error result for that line (id recovered from its text), never a crash', async () => {
    const byId = Object.fromEntries((await batch()).map((r) => [r.id, r]));
    expect(byId['broken-line']).toMatchObject({ effect: null, error: { stage: 'parse', message: expect.stringMatching(/^line 4: invalid JSON/) } });
    expect(byId['line 6']).toMatchObject({ effect: null, error: { stage: 'parse', message: 'line 6: expected a JSON object (one request)' } });
  });

  test('reads stdin with "-" and resolves aliases against the working folder', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'batch', 'requests.jsonl'), 'utf8').replace('../eval/widget-catalog.json', 'eval/widget-catalog.json');
    const r = await run(['eval', '--batch', '-'], { stdin: text });
    const results = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(results.map((x) => x.id)).toEqual(expectedIds);
    expect(results.find((x) => x.id === 'widget-with-catalog').effect).toBe('Deny');
  });

  test('handles CRLF line endings and a final line without newline', async () => {
    const r = await run(['eval', '--batch', '-'], { stdin: '{"id":"a","policyRule":{"if":{"field":"type","equals":"x"},"then":{"effect":"audit"}},"resource":{"type":"x"}}\r\n{"id":"b"}' });
    const results = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(results.map((x) => x.id)).toEqual(['a', 'b']);
    expect(results[0].effect).toBe('Audit');
    expect(results[1].error.stage).toBeDefined();
  });

  test('evaluateBatchLine and serializeBatchResult keep the member order id, effect, details, error', () => {
    const line = serializeBatchResult(evaluateBatchLine('{"id": "x", oops', 7, FIXTURES));
    expect(line).toMatch(/^\{"id":"x","effect":null,"error":\{"stage":"parse","message":"line 7: invalid JSON: /);
  });
});

describe('guardrails eval: notes of the compiled definition', () => {
  test('a resource provider mode definition is not applicable to the resource, and says why', async () => {
    const fs2 = await import('fs');
    const os = await import('os');
    const dir = fs2.mkdtempSync(path.join(os.tmpdir(), 'eval-notes-'));
    fs2.writeFileSync(path.join(dir, 'p.json'), JSON.stringify({ properties: { mode: 'Microsoft.KeyVault.Data', policyRule: { if: { field: 'Microsoft.KeyVault.Data/vaults/keys/keyType', equals: 'RSA' }, then: { effect: 'audit' } } } }));
    fs2.writeFileSync(path.join(dir, 'r.json'), JSON.stringify({ type: 'Microsoft.KeyVault/vaults', name: 'kv' }));
    const r = await run(['eval', '--policy', 'p.json', '--resource', 'r.json'], { cwd: dir });
    fs2.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ effect: null, notes: [expect.stringMatching(/resource provider mode/), expect.stringMatching(/keyType/)] });
  });
});
