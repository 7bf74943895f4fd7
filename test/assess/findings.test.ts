// FindingSpool: findings in bounded memory, given back in resource order (deferred existence checks after the
// findings of their resource), whether held in memory or written to its temporary file.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generatePlan } from '../../bench/preflight-plan';
import { prng } from '../../bench/prng';
import { AssessResource, buildAssessPlan, FindingSpool, Finding, parseAssignments, runAssessment, runAssessmentSync } from '../../lib/assess';
import { findingCacheChars, findingText } from '../../lib/assess/findings';
import { builtinCatalog, bundledAliases } from '../../lib/policy-engine';
import { readTerraformJson, translate } from '../../lib/preflight';
import { AUDIT_JIT, DENY_PUBLIC_STORAGE, items, jit, RG1, resolverOf, storage, vm } from './helpers';

const MCSB = '1f3afdf9-d0c9-4c3d-847f-89da613e70a8';
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

describe('FindingSpool: repeated texts are written once', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  /** Bytes in the spool's temporary file of read-in-order findings (read first: that writes out what is pending). */
  const fileBytes = (spool: FindingSpool): number => fs.fstatSync((spool as unknown as { main: { fd: number } }).main.fd).size;
  const sharedChars = (spool: FindingSpool): number => (spool as unknown as { shared: { chars: number } }).shared.chars;
  /** A finding as the runner builds it: every member, in its order (findingText's fast path, which refers to texts). */
  const ordered = (index: number, extra: Partial<Finding> = {}): Finding => {
    const f = finding(index, extra);
    return {
      policy: f.policy, policyId: f.policyId, displayName: f.displayName, version: f.version, assignment: f.assignment, referenceId: f.referenceId, groups: f.groups,
      effect: f.effect, enforced: f.enforced, resourceId: f.resourceId, resourceType: f.resourceType, index: f.index, file: f.file, line: f.line, address: f.address,
      constructPath: f.constructPath, reason: f.reason, details: f.details, nonComplianceMessage: f.nonComplianceMessage,
    };
  };

  test("a member's part and a reason are referred to, not repeated; the text read back is JSON.stringify's, controls included", () => {
    const spool = new FindingSpool({ inMemory: 0, dir });
    // Separators and the reference marks as raw characters in the strings: JSON escapes them, so none reaches the file raw.
    const odd = 'a\u0001b\u0002c\u001ed\u001fe\u0000';
    const added = Array.from({ length: 4000 }, (_, i) => ordered(i, {
      policyId: `/providers/Microsoft.Authorization/policyDefinitions/${'d'.repeat(36)}${i % 7}`,
      displayName: `${odd} a display name long enough to be worth a reference ${i % 7}`,
      groups: ['group one', `group ${i % 7}`],
      reason: `${odd} if: field 'type' equals 'Microsoft.Compute/virtualMachines' -> true; ${i % 11} in the lookup scope`,
      details: { type: 'Microsoft.Compute/virtualMachines/extensions' },
    }));
    for (const f of added) spool.add(f);
    const texts = added.map((f) => JSON.stringify(f, null, 2));
    expect([...spool.texts()]).toEqual(texts);
    expect([...spool]).toEqual(added);
    // Written in full the file would hold every text; the member parts (7) and reasons (11 x 7) are written once each.
    const full = texts.reduce((n, t) => n + t.length, 0);
    expect(fileBytes(spool)).toBeLessThan(full * 0.5);
    spool.dispose();
    expect(sharedChars(spool)).toBe(0); // let go of
  });

  test('review rev32 D1: disposed of while being read, a read says so instead of giving a broken text', () => {
    for (const read of [(s: FindingSpool) => s.texts(), (s: FindingSpool) => s[Symbol.iterator]()]) {
      const spool = new FindingSpool({ inMemory: 0, dir });
      const added = Array.from({ length: 5 }, (_, i) => ordered(i, { displayName: 'a display name long enough to be worth a reference', reason: 'x'.repeat(60) }));
      for (const f of added) spool.add(f);
      spool.add(ordered(2, { policy: 'deferred' }), true);
      const it = read(spool) as Iterator<unknown>;
      expect(it.next().done).toBe(false);
      spool.dispose();
      expect(() => it.next()).toThrow(/FindingSpool.read: the spool was disposed of while its findings were being read/);
    }
    // And a reference to a text the spool does not hold is an error, never the text "undefined".
    const expand = (text: string): string => (new FindingSpool({ dir }) as unknown as { shared: { expand(t: string): string } }).shared.expand(text);
    expect(() => expand('{\u00011\u0002}')).toThrow(/a record refers to a text the spool does not hold/);
    expect(() => expand('{\u00010')).toThrow(/a record refers to a text the spool does not hold/);
  });

  test('review rev32 P1: a reason is referred to once it repeats; one seen once is written in place and takes no room', () => {
    const spool = new FindingSpool({ inMemory: 0, dir });
    // Reasons that quote each resource: none repeats.
    const unique = Array.from({ length: 2000 }, (_, i) => ordered(i, { reason: `if: field 'name' "resource-number-${i}" like "prod-*" -> false` }));
    for (const f of unique) spool.add(f);
    expect(sharedChars(spool)).toBe(0);
    // One reason for many findings: referred to from its second on.
    const same = Array.from({ length: 2000 }, (_, i) => ordered(2000 + i, { reason: `if: field 'type' equals 'Microsoft.Compute/virtualMachines' -> true` }));
    for (const f of same) spool.add(f);
    expect(sharedChars(spool)).toBeGreaterThan(0);
    expect(sharedChars(spool)).toBeLessThan(200);
    expect([...spool.texts()]).toEqual([...unique, ...same].map((f) => JSON.stringify(f, null, 2)));
    spool.dispose();
  });

  test('once the shared texts are full (count, then characters), texts are written in place and still read back right', () => {
    // By count: 40,000 members, more than the 32,768 texts kept.
    const byCount = new FindingSpool({ inMemory: 0, dir });
    const many = Array.from({ length: 40_000 }, (_, i) => ordered(i, { policy: `policy-${i}`, displayName: 'a display name long enough to be referred to' }));
    for (const f of many) byCount.add(f);
    const texts = [...byCount.texts()];
    expect(texts).toHaveLength(many.length);
    for (const i of [0, 1, 32_767, 32_768, 32_769, 39_999]) expect(texts[i]).toBe(JSON.stringify(many[i], null, 2));
    expect((byCount as unknown as { shared: { texts: string[] } }).shared.texts).toHaveLength(32_768);
    byCount.dispose();
    // By characters: 1,100 members with 8,000-character names hold more than the 4 Mi characters kept.
    const byChars = new FindingSpool({ inMemory: 0, dir });
    const long = Array.from({ length: 1100 }, (_, i) => ordered(i, { policy: `p${i}`, displayName: `${i} ${'n'.repeat(8000)}` }));
    for (const f of [...long, ...long.map((f) => ({ ...f, index: f.index + 2000 }))]) byChars.add(f);
    expect(sharedChars(byChars)).toBeLessThanOrEqual(1 << 22);
    expect(sharedChars(byChars)).toBeGreaterThan((1 << 22) - 9000);
    const back = [...byChars.texts()];
    expect(back).toHaveLength(2200);
    expect(back.every((t, i) => t === JSON.stringify({ ...long[i % 1100], index: long[i % 1100].index + (i < 1100 ? 0 : 2000) }, null, 2))).toBe(true);
    byChars.dispose();
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

describe('findingText: JSON.stringify(finding, null, 2), character for character, faster', () => {
  test('every finding the runner makes: MCSB assigned (assignment, reference ids, groups, messages) and loose, over the bench plan', () => {
    const resources = translate(readTerraformJson(JSON.parse(JSON.stringify(generatePlan(300, 7, { compact: true }))))).resources;
    const catalog = builtinCatalog();
    const mcsb = catalog.resolve(MCSB, { kind: 'initiative' })!;
    const assignments = parseAssignments({ id: '/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/mcsb', properties: { policyDefinitionId: mcsb.id,
      nonComplianceMessages: [{ message: 'Fix it: "quoted", Ä€𝄞\n' }, { message: 'storage', policyDefinitionReferenceId: 'x' }] } }, 'test');
    let compared = 0;
    for (const plan of [buildAssessPlan({ resolver: catalog, assignments, aliases: bundledAliases() }), buildAssessPlan({ resolver: catalog, definitions: [mcsb], aliases: bundledAliases() })]) {
      for (const explain of [true, false]) {
        const report = runAssessmentSync(resources, plan, { explain });
        const mismatched = report.findings.filter((f) => findingText(f) !== JSON.stringify(f, null, 2));
        expect(mismatched.slice(0, 3)).toEqual([]);
        compared += report.findings.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  test('seeded random findings in the runner\'s member order: any strings, absent members, nested details, values JSON.stringify writes its own way', () => {
    const rand = prng(12);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const chars = ['a', 'Z', '0', '7', '"', '\\', '\n', '\t', '\u0000', '\u001f', '\u2028', 'Ä', '€', '𝄞', '\ud800', '\udc00', '/', ' '];
    const text = (): string => Array.from({ length: Math.floor(rand() * 12) }, () => pick(chars)).join('');
    const json = (depth: number): unknown => {
      const k = Math.floor(rand() * (depth > 3 ? 5 : 8));
      if (k === 0) return null;
      if (k === 1) return pick([0, -1.5, 1e21, 2 ** 53, NaN, Infinity, -0]);
      if (k === 2) return rand() < 0.5;
      if (k === 3 || k === 4) return text();
      if (k === 5) return Array.from({ length: Math.floor(rand() * 3) }, () => json(depth + 1));
      if (k === 6) return Object.fromEntries(Array.from({ length: Math.floor(rand() * 3) }, () => [text(), json(depth + 1)]));
      return pick([undefined, new Date(0), { toJSON: (key: string) => `key ${key}` }, () => 1, [undefined, () => 2], new Map([[1, 2]]), new String('boxed'), new Array(2), Object.create({ inherited: 1 }), { 2: 'b', 1: 'a', z: 0 }]);
    };
    const maybe = <T>(v: () => T): T | undefined => (rand() < 0.3 ? undefined : v());
    const policies = ['p1', 'p2', 'p3'];
    const failures: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const policy = pick(policies);
      // Same policy with other member values from time to time: a member's cached part must not be reused then.
      const f = {
        policy, policyId: maybe(text), displayName: maybe(() => pick(['Display', text()])), version: maybe(() => '1.0.0'), assignment: maybe(() => pick(['/a/1', text()])),
        referenceId: maybe(text), groups: maybe(() => Array.from({ length: Math.floor(rand() * 3) }, text)), effect: pick(['Audit', 'Deny', text()]), enforced: rand() < 0.5,
        resourceId: pick(['/r/1', '/r/2', text()]), resourceType: text(), index: i, file: maybe(text), line: maybe(() => Math.floor(rand() * 100)), address: maybe(text),
        constructPath: maybe(text), reason: maybe(() => pick(['shared reason', text()])), details: maybe(() => json(0)), nonComplianceMessage: maybe(text),
      } as Finding;
      if (findingText(f) !== JSON.stringify(f, null, 2)) failures.push(JSON.stringify(f));
    }
    expect(failures.slice(0, 3)).toEqual([]);
    // Another member order, or another member: JSON.stringify's text too.
    const reordered = { effect: 'Audit', policy: 'p', enforced: true, resourceId: '/r', resourceType: 't', index: 1, policyId: 'x', displayName: 'd' } as Finding;
    expect(findingText(reordered)).toBe(JSON.stringify(reordered, null, 2));
    const extra = { ...finding(1), extra: [1, { a: 2 }] } as Finding;
    expect(findingText(extra)).toBe(JSON.stringify(extra, null, 2));
  });
});

describe('findingText: review rev31 (each fails on 9381683)', () => {
  const member = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    policy: 'rev31', policyId: 'id', displayName: 'd', version: '1', assignment: 'a', referenceId: 'r', groups: ['g'], effect: 'Audit', ...extra,
  });
  const same = (f: unknown): void => expect(findingText(f as Finding)).toBe(JSON.stringify(f, null, 2));

  test('members JSON.stringify does not write: inherited, non-enumerable, from a class', () => {
    same(Object.assign(Object.create({ enforced: true }), member()));
    same(Object.create(member()));
    const hidden = member();
    Object.defineProperty(hidden, 'details', { value: { x: 1 }, enumerable: false });
    same(hidden);
    class WithGetter { constructor() { Object.assign(this, member()); } get reason(): string { return 'from the prototype'; } }
    same(new WithGetter());
  });

  test('a finding whose class has toJSON', () => {
    class WithToJson { constructor() { Object.assign(this, member()); } toJSON(): unknown { return { replaced: true }; } }
    same(new WithToJson());
  });

  test('a member part cached for groups of another kind is not reused', () => {
    findingText(member({ policy: 'rev31-null', groups: null }) as unknown as Finding);
    same(member({ policy: 'rev31-null', groups: undefined }));
    findingText(member({ policy: 'rev31-str', groups: ['a', 'b'] }) as unknown as Finding);
    same(member({ policy: 'rev31-str', groups: 'ab' }));
    findingText(member({ policy: 'rev31-arr', groups: 'ab' }) as unknown as Finding);
    same(member({ policy: 'rev31-arr', groups: ['a', 'b'] }));
  });

  test('groups that are not iterable', () => {
    same(member({ policy: 'rev31-obj', groups: { a: 1 } }));
    same(member({ policy: 'rev31-num', groups: 5 }));
  });

  test('each member is read once, in order, as JSON.stringify reads it (a getter that answers differently each time)', () => {
    const make = (): Record<string, unknown> => {
      let reads = 0;
      const f = member({ policy: 'rev31-getter' });
      Object.defineProperty(f, 'reason', { enumerable: true, get: () => `read ${++reads}` });
      return f;
    };
    expect(findingText(make() as unknown as Finding)).toBe(JSON.stringify(make(), null, 2));
  });

  test('review rev32 D2: a getter inside a member that changes a later member is seen as JSON.stringify sees it', () => {
    const f = { ...member(), enforced: true, resourceId: '/r', resourceType: 't', index: 1, file: undefined, line: undefined, address: undefined, constructPath: undefined, reason: 'r', details: {} as unknown, nonComplianceMessage: 'before' };
    f.details = { get x() { f.nonComplianceMessage = 'changed'; return 1; } };
    const expected = JSON.stringify(f, null, 2);
    expect(expected).toContain('changed');
    f.nonComplianceMessage = 'before';
    same(f);
  });

  test("the caches stay small: 10,000 long reasons that need escaping, 10,000 members", () => {
    const before = findingCacheChars();
    for (let i = 0; i < 10_000; i++) {
      const f = member({ policy: `cache-${i}`, displayName: 'x'.repeat(500), reason: `${i}${'\u0001'.repeat(1000)}` });
      expect(findingText(f as unknown as Finding)).toBe(JSON.stringify(f, null, 2));
    }
    expect(findingCacheChars()).toBeLessThanOrEqual(2 * (1 << 21));
    expect(findingCacheChars() - before).toBeLessThanOrEqual(2 * (1 << 21));
  });
});

describe("findingText: a member's details reused by content", () => {
  const base = { policy: 'details-member', policyId: 'id', displayName: 'd', version: '1', assignment: undefined, referenceId: undefined, groups: undefined, effect: 'AuditIfNotExists', enforced: true, resourceId: '/r', resourceType: 't' };
  const withDetails = (index: number, details: unknown): Finding =>
    ({ ...base, index, file: undefined, line: undefined, address: undefined, constructPath: undefined, reason: 'no related resource', details, nonComplianceMessage: undefined }) as unknown as Finding;
  const same = (f: Finding): void => expect(findingText(f)).toBe(JSON.stringify(f, null, 2));

  test('alike details reuse the text; any difference (a value, the order, a member more or less, escapes) is written anew', () => {
    class Details { constructor(public type = 'T') {} }
    const mutable: Record<string, unknown> = { type: 'T', name: 'n' };
    const sequence: unknown[] = [
      { type: 'T', name: 'n' }, { type: 'T', name: 'n' }, { type: 'T', name: 'n' },
      { type: 'T', name: 'm' }, // another value
      { name: 'm', type: 'T' }, // another order
      { type: 'T' }, { type: 'T', name: 'm', more: 'x' }, // fewer, more
      { type: 'T', name: 'n', gone: undefined, fn: () => 1 }, { type: 'T', name: 'n' }, // members JSON leaves out
      { type: 'T', name: 1 }, { type: 'T', name: 1 }, { type: 'T', name: { deep: ['x', null] } }, // not strings
      Object.assign(Object.create(null) as object, { type: 'T', name: 'n' }), { type: 'T', name: 'n' },
      { type: 'T', toJSON: () => 'replaced' }, new Details(), Object.create({ inherited: 'x' }) as object,
      { type: 'a"b\\c\u0000\u001f\ud800 \u2028' }, { type: 'a"b\\c\u0000\u001f\ud800 \u2028' }, { 'k"e\ny': 'v' },
      {}, {}, 'a string', ['a', 'b'], null, 5,
      mutable, mutable,
    ];
    sequence.forEach((d, i) => {
      if (i === sequence.length - 1) mutable.name = 'changed in place'; // the same object, changed since its last finding
      same(withDetails(i, d));
    });
  });

  test('each member of the details is read once, as JSON.stringify reads it', () => {
    const make = (): Finding => {
      let reads = 0;
      const details = {};
      Object.defineProperty(details, 'type', { enumerable: true, get: () => `read ${++reads}` });
      return withDetails(1, details);
    };
    findingText(withDetails(0, { type: 'read 1' }));
    expect(findingText(make())).toBe(JSON.stringify(make(), null, 2));
    expect(findingText(make())).toBe(JSON.stringify(make(), null, 2));
  });

  test('details too long to keep are written each time and take no room', () => {
    const before = findingCacheChars();
    for (let i = 0; i < 2000; i++) same({ ...withDetails(i, { type: `${i}`.padEnd(5000, 'x') }), policy: 'details-long' } as Finding);
    expect(findingCacheChars() - before).toBeLessThan(1000); // the member's part and reason, not the details
    // A short one is kept with the member (counted as twice its text: the text, and the names and values).
    const held = findingCacheChars();
    same({ ...withDetails(0, { type: 'short' }), policy: 'details-long' } as Finding);
    expect(findingCacheChars() - held).toBe(2 * '{\n    "type": "short"\n  }'.length);
  });

  test('a spool refers to details that repeat within a member, and reads back what JSON.stringify writes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-test-'));
    try {
      const spool = new FindingSpool({ inMemory: 0, dir });
      const added = Array.from({ length: 3000 }, (_, i) => ({
        ...withDetails(i, { type: 'Microsoft.Security/assessments', name: `${i % 5}`.padEnd(36, '0') }),
        policy: `details-spool-${i % 5}`,
      }) as Finding);
      for (const f of added) spool.add(f);
      const shared = (spool as unknown as { shared: { texts: string[] } }).shared.texts;
      expect(shared.filter((t) => t.startsWith('{\n    "type": "Microsoft.Security/assessments"'))).toHaveLength(5);
      expect([...spool.texts()]).toEqual(added.map((f) => JSON.stringify(f, null, 2)));
      spool.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test("findingText: a getter in a finding's details that writes another finding's text meanwhile changes neither text", () => {
  // Findings in the runner's member order (findingText's own path, not JSON.stringify's).
  const full = (policy: string, index: number, details: unknown): Finding => ({
    policy, policyId: 'id', displayName: 'd', version: '1', assignment: undefined, referenceId: undefined, groups: undefined, effect: 'Audit', enforced: true,
    resourceId: `/r/${index}`, resourceType: 't', index, file: undefined, line: undefined, address: undefined, constructPath: undefined, reason: 'r', details, nonComplianceMessage: undefined,
  }) as unknown as Finding;
  const other = full('reentrant-b', 2, { type: 'inner', name: 'b', more: 'c' });
  const inner: string[] = [];
  const details = { first: 'a' } as Record<string, unknown>;
  Object.defineProperty(details, 'second', { enumerable: true, get: () => (inner.push(findingText(other)), 'z') });
  Object.assign(details, { third: 'c' });
  const f = full('reentrant-a', 1, details);
  const expected = JSON.stringify(f, null, 2);
  inner.length = 0;
  expect(findingText(f)).toBe(expected);
  expect(inner).toEqual([JSON.stringify(other, null, 2)]);
});

describe('findingText details: review helper-34 (each fails on ec95fbd)', () => {
  const full = (policy: string, index: number, details: unknown): Finding => ({
    policy, policyId: 'id', displayName: 'd', version: '1', assignment: undefined, referenceId: undefined, groups: undefined, effect: 'Audit', enforced: true,
    resourceId: `/r/${index}`, resourceType: 't', index, file: undefined, line: undefined, address: undefined, constructPath: undefined, reason: 'r', details, nonComplianceMessage: undefined,
  }) as unknown as Finding;
  const counted = (before: Record<string, unknown>, name: string): Record<string, unknown> => {
    let reads = 0;
    Object.defineProperty(before, name, { enumerable: true, get: () => `read ${++reads}` });
    return before;
  };

  test('a member after one only JSON.stringify writes (a Date) is read once, not collected first and read again', () => {
    const make = (): Finding => full('helper34-date', 1, counted({ when: new Date(0) }, 'name'));
    expect(findingText(make())).toBe(JSON.stringify(make(), null, 2));
    // Strings first, then a number and an object: written as read, the same text.
    const mixed = (): Finding => full('helper34-mixed', 2, counted({ a: 'x', n: 1, o: { p: 'q' } }, 'z'));
    expect(findingText(mixed())).toBe(JSON.stringify(mixed(), null, 2));
  });

  test("a nested findingText (from a getter) reads its details' toJSON as often as JSON.stringify does", () => {
    const inner = (): Finding => full('helper34-inner', 3, counted({}, 'toJSON'));
    const expected = JSON.stringify(inner(), null, 2);
    const texts: string[] = [];
    const outer = Object.defineProperty({}, 'x', { enumerable: true, get: () => (texts.push(findingText(inner())), 'y') });
    expect(findingText(full('helper34-outer', 4, outer))).toBe(JSON.stringify(full('helper34-outer', 4, { x: 'y' }), null, 2));
    expect(texts).toEqual([expected]);
  });

  test('details a nested findingText ran for are not taken as seen: a spool does not keep them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-test-'));
    try {
      const nested = full('helper34-nested', 9, { type: 'a repeated type' });
      findingText(nested);
      const spool = new FindingSpool({ inMemory: 0, dir });
      const added = Array.from({ length: 50 }, (_, i) => full('helper34-spool', 10 + i, [
        Object.defineProperty({}, 'g', { enumerable: true, get: () => (findingText(nested), 'g') }),
        `unique-${i}`.padEnd(60, 'u'),
      ]));
      for (const f of added) spool.add(f);
      const shared = (spool as unknown as { shared: { texts: string[] } }).shared.texts;
      expect(shared.filter((t) => t.includes('unique-'))).toEqual([]);
      expect([...spool.texts()]).toEqual(added.map((f) => JSON.stringify(f, null, 2)));
      spool.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
