import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { batchOptions, POLICY_BATCH_DEFAULT_CONTEXT } from '../../lib/cli/batch';
import { evaluateBatchRequest } from '../../lib/policy-engine';

describe('batch requests read from a file (lib/cli/batch)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-batch-'));
  fs.writeFileSync(path.join(dir, 'aliases.json'), JSON.stringify([
    { namespace: 'Microsoft.Web', resourceTypes: [{ resourceType: 'sites', aliases: [{ name: 'Microsoft.Web/sites/httpsOnly', defaultPath: 'properties.httpsOnly', paths: [] }] }] },
  ]));
  fs.writeFileSync(path.join(dir, 'flat.csv'), 'Microsoft.Web/sites/clientCertEnabled,properties.clientCertEnabled\n');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const options = batchOptions(dir);

  test('aliases paths are relative to the JSONL file; both catalog formats', () => {
    expect(evaluateBatchRequest({
      id: 'a',
      policyRule: { if: { field: 'Microsoft.Web/sites/httpsOnly', equals: false }, then: { effect: 'deny' } },
      aliases: 'aliases.json',
      resource: { type: 'Microsoft.Web/sites', properties: { httpsOnly: false } },
    }, options)).toEqual({ id: 'a', effect: 'Deny' });
    expect(evaluateBatchRequest({
      id: 'b',
      policyRule: { if: { field: 'Microsoft.Web/sites/clientCertEnabled', exists: true }, then: { effect: 'audit' } },
      aliases: 'flat.csv',
      resource: { properties: { clientCertEnabled: true } },
    }, options)).toEqual({ id: 'b', effect: 'Audit' });
  });

  test('the conformance format default context', () => {
    const r = evaluateBatchRequest({ id: 'c', policyRule: { if: { value: '[resourceGroup().name]', equals: POLICY_BATCH_DEFAULT_CONTEXT.resourceGroup.name }, then: { effect: 'audit' } } }, options);
    expect(r.effect).toBe('Audit');
  });

  test('a missing catalog file is a parse error', () => {
    expect(evaluateBatchRequest({ id: 'd', policyRule: { if: { field: 'x', equals: 1 }, then: { effect: 'deny' } }, aliases: 'missing.json' }, options))
      .toMatchObject({ effect: null, error: { stage: 'parse', message: expect.stringMatching(/cannot read alias catalog/) } });
  });
});
