// FindingSpool: findings in bounded memory, given back in resource order (deferred existence checks after the
// findings of their resource), whether held in memory or written to its temporary file.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssessResource, buildAssessPlan, FindingSpool, Finding, runAssessment, runAssessmentSync } from '../../lib/assess';
import { AUDIT_JIT, DENY_PUBLIC_STORAGE, items, jit, RG1, resolverOf, storage, vm } from './helpers';

const finding = (index: number, extra: Partial<Finding> = {}): Finding => ({
  policy: `p${index % 3}`, effect: index % 2 ? 'Audit' : 'Deny', enforced: true, resourceId: `/r/${index}`, resourceType: 't', index, ...extra,
});

describe('FindingSpool', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each([0, 2, 1000])('merges findings and deferred findings in resource order (%i held in memory)', (inMemory) => {
    const spool = new FindingSpool({ inMemory, dir });
    // Main stream: resources 0..9 (in input order); deferred: existence checks of 1, 4 and 9, decided at the end.
    for (let i = 0; i < 10; i++) spool.add(finding(i));
    for (const i of [1, 4, 9]) spool.add(finding(i, { policy: 'deferred' }), true);
    const order = (): string[] => [...spool].map((f) => `${f.index}${f.policy === 'deferred' ? 'd' : ''}`);
    expect(order()).toEqual(['0', '1', '1d', '2', '3', '4', '4d', '5', '6', '7', '8', '9', '9d']);
    expect(order()).toEqual(order()); // read again
    expect(spool.count).toBe(13);
    expect(Object.fromEntries(spool.tally)).toEqual({ 'Deny\u0000true': 6, 'Audit\u0000true': 7 });
    // The temporary files have no name once opened (nothing is left behind if the process dies).
    expect(fs.readdirSync(dir)).toEqual([]);
    spool.dispose();
  });

  test('a finding read back equals the one added, across read chunks and multi-byte characters', () => {
    const spool = new FindingSpool({ inMemory: 0, dir });
    // About 3 MB: the reads cross chunk boundaries, some inside a multi-byte character.
    const added = Array.from({ length: 3000 }, (_, i) => finding(i, { reason: `Ä€𝄞 ${'x'.repeat(i % 997)} \n "quoted"`, details: { nested: [i, null, { k: 'v' }] }, groups: ['g'] }));
    for (const f of added) spool.add(f);
    const back = [...spool];
    expect(back).toHaveLength(added.length);
    expect(back).toEqual(added);
    // As report text: what JSON.stringify(f, null, 2) prints, without a parse.
    expect([...spool.texts()]).toEqual(added.map((f) => JSON.stringify(f, null, 2)));
    spool.dispose();
    expect(() => [...spool]).toThrow(/disposed of/);
  });

  test('memory: findings beyond the limit are not held', () => {
    const spool = new FindingSpool({ inMemory: 5, dir });
    for (let i = 0; i < 5; i++) spool.add(finding(i));
    const held = (spool as unknown as { main: { held: Finding[] } }).main.held;
    expect(held).toHaveLength(5);
    spool.add(finding(5));
    expect((spool as unknown as { main: { held: Finding[] } }).main.held).toHaveLength(0);
    expect([...spool].map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5]);
    spool.dispose();
  });
});

describe('runAssessment with a spool', () => {
  test('gives the findings of the in-memory report, in its order, with deferred existence checks and maxFindings', async () => {
    // VMs before the JIT policies that cover some of them: streamed, their existence checks wait for the end of the input.
    const vms = Array.from({ length: 30 }, (_, i) => vm(RG1, `vm${i}`));
    const resources = [...vms.slice(0, 15), storage(RG1, 'open1', true), jit(RG1, vms.filter((_, i) => i % 3 === 0).map((v) => String(v.id))), ...vms.slice(15), storage(RG1, 'open2', true)];
    const resolver = resolverOf(AUDIT_JIT, DENY_PUBLIC_STORAGE);
    const plan = buildAssessPlan({ resolver, definitions: [...resolver.entries('definition')] });
    async function* stream(): AsyncGenerator<AssessResource> {
      yield* items(resources);
    }
    for (const maxFindings of [undefined, 7]) {
      const inMemory = runAssessmentSync(items(resources), plan, { maxFindings });
      const spool = new FindingSpool({ inMemory: 3 });
      const streamed = await runAssessment(stream(), plan, { spool, maxFindings });
      expect(streamed.findings).toEqual([]);
      const fromSpool = [...spool];
      spool.dispose();
      // Streamed, the first findings kept can differ (deferred checks come last); all of them, they are the same.
      if (maxFindings === undefined) expect(fromSpool).toEqual(inMemory.findings);
      else expect(fromSpool).toHaveLength(maxFindings);
      expect({ ...streamed, findings: [] }).toEqual({ ...inMemory, findings: [] });
    }
  });
});

describe('FindingSpool when things go wrong', () => {
  test('a folder that cannot take the temporary file: the findings stay in memory and problem says why', () => {
    const spool = new FindingSpool({ inMemory: 2, dir: path.join(os.tmpdir(), 'guardrails-no-such-folder', 'x') });
    for (let i = 0; i < 5; i++) spool.add(finding(i));
    expect(spool.problem).toMatch(/cannot create a temporary file in .*guardrails-no-such-folder.*\(ENOENT\); the findings are held in memory \(set TMPDIR/);
    expect([...spool].map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    expect([...spool.texts()]).toEqual([...spool].map((f) => JSON.stringify(f, null, 2)));
    spool.dispose();
  });

  test('a disposed spool refuses to be read or added to (it would look empty: no findings)', () => {
    const spool = new FindingSpool({ inMemory: 1 });
    for (let i = 0; i < 3; i++) spool.add(finding(i));
    spool.dispose();
    expect(() => spool[Symbol.iterator]()).toThrow(/FindingSpool.read: the spool was disposed of; its findings are gone/);
    expect(() => spool.texts()).toThrow(/disposed of/);
    expect(() => spool.add(finding(3))).toThrow(/FindingSpool.add: the spool was disposed of/);
    spool.dispose(); // twice is harmless
  });

  test('with a spool, resources must come in growing index order (findings are given back by position)', async () => {
    const resolver = resolverOf(DENY_PUBLIC_STORAGE);
    const plan = buildAssessPlan({ resolver, definitions: [...resolver.entries('definition')] });
    const spool = new FindingSpool();
    const resources: AssessResource[] = [{ resource: storage(RG1, 'a', true), index: 10 }, { resource: storage(RG1, 'b', true), index: 9 }];
    await expect(runAssessment(resources, plan, { spool })).rejects.toThrow(/resource index 9: with a spool or reopen, each resource's index must be greater than the one before \(10\)/);
    spool.dispose();
    // Without one, any order (the report sorts).
    expect(runAssessmentSync(resources, plan).findings.map((f) => f.index)).toEqual([9, 10]);
  });
});
