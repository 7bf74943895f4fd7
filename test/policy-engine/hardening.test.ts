import * as fs from 'fs';
import * as path from 'path';
import { AliasCatalog, PolicyEngineError, compilePolicy, evaluateBatchRequest } from '../../lib/policy-engine';
import { checkCollectionBudget, checkStringBudget, MAX_JSON_DEPTH, MAX_STRING_LENGTH } from '../../lib/policy-engine/limits';
import { likeMatcher } from '../../lib/policy-engine/operators';
import { numericString } from '../../lib/policy-engine/values';
import { expr, run, testCatalog } from './helpers';

// Issue 12 classes 1, 2, 7, 8 and 9 (engine); classes 4 and 5 (batch contract, confinement) are in test/cli/batch-hardening.test.ts.

/** Evaluates `value` (an expression) in a rule and returns the evaluation error, if any. */
function valueError(expression: string, resource: Record<string, unknown> = {}): { message: string; pointer?: string } | undefined {
  return run({ value: expression, equals: 'never' }, resource).error;
}

describe('issue 12.1: every function that builds a string, array or object checks the size first', () => {
  test('the 176-byte definition that killed the process is an evaluation error naming replace() and the pointer', () => {
    const definition = { if: { value: "[length(split(replace(padLeft('',16384,'a'),'a',padLeft('',10000,'-')),'-'))]", greater: 0 }, then: { effect: 'deny' } };
    const policy = compilePolicy(definition, { aliases: testCatalog }); // constant folding must not build it either
    const r = policy.evaluate({});
    expect(r.error).toEqual({ stage: 'evaluate', pointer: '/if/value', message: expect.stringMatching(/^replace\(\): the result would be 163,840,000 characters long, more than the engine's limit of 4,194,304/) });
  });

  test.each([
    ["[join(range(0, 10000), padLeft('', 16384, '-'))]", /^join\(\): the result would be/],
    ["[format('{0,-999999999}', 'a')]", /^format\(\): the result would be 999,999,999 characters/],
    ["[format('{0:D999999999}', 1)]", /^format\(\): the result would be/],
    ["[concat(replace(padLeft('', 16384, 'a'), 'a', padLeft('', 300, 'b')), 'x')]", /^replace\(\): the result would be 4,915,200 characters/],
    ["[split(replace(padLeft('', 16384, ','), ',', padLeft('', 256, ',')), ',')]", /^split\(\): the result would have 4,194,305 members, more than the engine's limit of 1,048,576$/],
    ["[base64(replace(padLeft('', 16384, 'a'), 'a', padLeft('', 200, 'b')))]", /^base64\(\): the result would be 4,369,068 characters/],
  ])('%s fails with a budget error', (expression, message) => {
    expect(valueError(expression)).toMatchObject({ pointer: '/if/value', message: expect.stringMatching(message) });
  });

  test('string() of a value that holds one large string many times is refused before it is serialised', () => {
    const many = Array(2000).fill("field('properties.s')").join(',');
    const e = valueError(`[length(string(createArray(${many})))]`, { properties: { s: 'x'.repeat(1 << 20) } });
    expect(e?.message).toBe("string(): the result would be longer than the engine's limit of 4,194,304 characters (ARM's 4 MB template limit)");
    expect(valueError(`[union(createArray(${many}), createArray(${many}))]`, { properties: { s: 'x'.repeat(1 << 20) } })).toBeUndefined();
  });

  test('a format width or precision of hundreds of digits (Infinity as a number) is refused as "longer", not built', () => {
    const digits = '9'.repeat(400);
    for (const spec of [`{0,${digits}}`, `{0,-${digits}}`, `{0:D${digits}}`]) {
      expect(valueError(`[format('${spec}', 1)]`)?.message).toBe("format(): the result would be longer than the engine's limit of 4,194,304 characters (ARM's 4 MB template limit)");
    }
  });

  test('a size that is not a finite number never passes a budget check (NaN would be a bug upstream, not a size)', () => {
    for (const n of [NaN, Infinity]) {
      expect(() => checkStringBudget('f', n)).toThrow(/^f\(\): the result would be longer than the engine's limit of 4,194,304 characters/);
      expect(() => checkCollectionBudget('g', n)).toThrow(/^g\(\): the result would have more members than the engine's limit of 1,048,576$/);
    }
    expect(() => checkStringBudget('f', MAX_STRING_LENGTH)).not.toThrow();
    expect(() => checkCollectionBudget('g', 1_048_576)).not.toThrow();
  });

  test('results at the limit are built; one past it is refused', () => {
    const big = MAX_STRING_LENGTH / 4;
    expect((expr(`[replace(padLeft('', ${big / 1024}, 'a'), 'a', padLeft('', 4096, 'b'))]`) as string).length).toBe(MAX_STRING_LENGTH);
    expect(() => expr(`[concat(replace(padLeft('', ${big / 1024}, 'a'), 'a', padLeft('', 4096, 'b')), 'c')]`)).toThrow(/concat\(\): the result would be 4,194,305 characters/);
    expect(() => expr("[padLeft('x', 16385)]")).toThrow(/padLeft\(\): total length is too large/);
    expect(() => expr("[json(concat(padLeft('', 300, '['), padLeft('', 300, ']')))]")).toThrow(/json\(\): the JSON value is nested deeper than 256 levels/);
  });
});

describe('issue 12.2: linear or near-linear algorithms', () => {
  const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
  const reference = (s: string): number | undefined => (NUMERIC.test(s) && Number.isFinite(Number(s)) ? Number(s) : undefined);

  test('numericString parses exactly what the strict numeric grammar accepts', () => {
    for (const s of ['1', ' -1.5e3 ', '.5', '5.', '+7', '1e', 'e1', '0x10', '1,000', 'Infinity', '', ' ', '1 2', '\u00a012\u00a0', '1e400', '-.e1', '..1', '1.2.3', '١٢']) {
      expect([s, numericString(s)]).toEqual([s, reference(s)]);
    }
    expect(numericString('1'.repeat(100_000) + 'x')).toBeUndefined();
    expect(numericString('1'.repeat(400))).toBeUndefined(); // not a finite double
  });

  test('a 100,000-digit numeric string and the kit management-port policy with a 60 KB port range evaluate', () => {
    expect(run({ field: 'properties.n', less: 5 }, { properties: { n: '1'.repeat(100_000) + 'x' } }).effect).toBeNull();
    const def = JSON.parse(fs.readFileSync(path.join(__dirname, '../../policies/definitions/deny-management-ports-from-internet.json'), 'utf8'));
    const r = compilePolicy(def).evaluate({ type: 'Microsoft.Network/networkSecurityGroups/securityRules', properties: { access: 'Allow', direction: 'Inbound', protocol: 'Tcp', sourceAddressPrefix: '*', destinationPortRange: '1'.repeat(60_000) + 'x' } });
    expect(r.error?.message).toMatch(/int\(\): cannot convert "1{37}\.\.\." to an integer/);
  });

  test('like places each piece at its leftmost occurrence (many pieces, long text)', () => {
    const text = 'a'.repeat(500_000);
    expect(likeMatcher('*a'.repeat(50_000) + '*b').test(text)).toBe(false);
    expect(likeMatcher('*a'.repeat(50_000) + '*').test(text)).toBe(true);
    expect(likeMatcher('*' + 'a?'.repeat(2_000) + 'b').test(text)).toBe(false); // anchored at the end: one comparison
    expect(likeMatcher('*' + 'a?'.repeat(2_000) + '*').test(text)).toBe(true);
    expect(likeMatcher('*' + 'a?'.repeat(15) + 'b*').test(text)).toBe(false); // a piece with '?': bit-parallel, one pass
    // A piece with '?' costs text x ceil(piece / 32) steps: past the budget it is an error, never a hang.
    expect(() => likeMatcher('*' + 'a?'.repeat(2_000) + 'b*').test(text)).toThrow(/"like" with a 4001-character piece containing '\?' needs more than the engine's budget of 16,777,216 steps/);
    expect(likeMatcher('a*?b*c').test('axbyc')).toBe(true);
    expect(likeMatcher('a*?b*c').test('abc')).toBe(false);
    expect(likeMatcher('ab*ba').test('aba')).toBe(false); // anchored ends must not overlap
  });

  test('union and intersection of 10,000-member arrays, with object members compared by value', () => {
    const a = Array.from({ length: 10_000 }, (_, i) => `m-${i}`);
    const b = Array.from({ length: 10_000 }, (_, i) => `m-${i + 5000}`);
    expect(expr("[length(union(parameters('a'), parameters('b')))]", {}, { a, b })).toBe(15_000);
    expect(expr("[length(intersection(parameters('a'), parameters('b')))]", {}, { a, b })).toBe(5_000);
    expect(expr("[union(createArray(createObject('x', 1, 'y', 2), 'A'), createArray(createObject('y', 2, 'x', 1), 'a'))]")).toEqual([{ x: 1, y: 2 }, 'A', 'a']);
    expect(expr("[intersection(createArray(1, '1', true, null), createArray('1', null))]")).toEqual(['1', null]);
  });
});

describe('issue 12.2: loops over large values stay within the evaluation budget', () => {
  test('counts nested over unrelated arrays, and a function over a large array in every iteration, end with an error at the count', () => {
    const a = Array.from({ length: 1000 }, (_, i) => ({ x: `a${i}` }));
    const b = Array.from({ length: 1000 }, (_, i) => ({ y: `b${i}` }));
    const cross = run({ count: { field: 'properties.a[*]', where: { count: { field: 'properties.b[*]', where: { field: 'properties.b[*].y', equals: "[current('properties.a[*]').x]" } }, greater: 0 } }, greater: 0 }, { properties: { a, b } });
    // The inner where's condition spends the last step (each evaluation of it is charged, with its expression).
    expect(cross.error).toMatchObject({ stage: 'evaluate', pointer: '/if/count/where/count/where', message: expect.stringMatching(/^the evaluation needs more than the engine's budget of 1,000,000 steps/) });
    const list = Array.from({ length: 10_000 }, (_, i) => `v${i}`);
    const p = compilePolicy({ parameters: { l: { type: 'Array' } }, policyRule: { if: { count: { field: 'properties.a[*]', where: { value: "[contains(parameters('l'), current('properties.a[*]').x)]", equals: true } }, greater: 0 }, then: { effect: 'deny' } } }, { aliases: testCatalog });
    const big = Array.from({ length: 20_000 }, (_, i) => ({ x: `a${i}` }));
    expect(p.evaluate({ properties: { a: big } }, { parameters: { l: list } }).error).toMatchObject({ pointer: '/policyRule/if/count/where/value', message: expect.stringMatching(/budget of 1,000,000 steps/) });
    // The same loops over realistic sizes are fine, and the budget is per evaluation.
    expect(run({ count: { field: 'properties.a[*]', where: { field: 'properties.a[*].x', like: 'a1*' } }, greater: 0 }, { properties: { a: big } }).effect).toBe('Deny');
    expect(p.evaluate({ properties: { a: big.slice(0, 100) } }, { parameters: { l: list } }).error).toBeUndefined();
  });
});

describe('issue 12.2: the step budget holds for the class of nested loops, not one case (npm run bench:engine has their times)', () => {
  const members = (n: number, key: string, value: (i: number) => unknown = (i) => `${key}${i}`): Record<string, unknown>[] => Array.from({ length: n }, (_, i) => ({ [key]: value(i) }));
  const a = members(1000, 'x');
  const b = members(1000, 'y');
  const inner = (where: unknown): unknown => ({ count: { field: 'properties.a[*]', where: { count: { field: 'properties.b[*]', where }, greater: 0 } }, greater: 0 });
  const budget = /^the evaluation needs more than the engine's budget of 1,000,000 steps \(loops or functions over large values\)$/;

  test.each([
    ['a field compared with a literal', inner({ field: 'properties.b[*].y', equals: 'never' }), '/if/count/where/count/where'],
    ['a field compared with another field', inner({ field: 'properties.b[*].y', equals: "[field('properties.c')]" }), '/if/count/where/count/where'],
    ['a string function of both members', inner({ value: "[toLower(concat(current('properties.b[*]').y, '-', current('properties.a[*]').x))]", equals: 'never' }), '/if/count/where/count/where/value'],
    // 60 literal conditions per inner member: before each was charged, 100 x 1,000 members ran 1.4 s.
    ['a wide allOf of literal conditions', { count: { field: 'properties.a[*]', where: { count: { field: 'properties.b[*]', where: { allOf: Array.from({ length: 60 }, (_, k) => ({ field: 'properties.b[*].y', notEquals: `v${k}` })) } }, greater: 0 } }, greater: 0 }, /^\/if\/count\/where\/count\/where\/allOf\/\d+$/],
  ])('%s: the budget error names the condition that spent the last step', (_name, cond, pointer) => {
    const r = run(cond, { properties: { a: a.slice(0, (cond as { count: { where: { allOf?: unknown } } }).count.where.allOf ? 100 : 1000), b, c: 'zz' } });
    expect(r.error).toMatchObject({ stage: 'evaluate', message: expect.stringMatching(budget) });
    expect(r.error!.pointer).toMatch(typeof pointer === 'string' ? new RegExp(`^${pointer}$`) : pointer);
  });

  test('three counts nested over 100 members each', () => {
    const three = { count: { field: 'properties.a[*]', where: { count: { field: 'properties.b[*]', where: { count: { field: 'properties.c[*]', where: { field: 'properties.c[*].z', equals: "[current('properties.a[*]').x]" } }, greater: 0 } }, greater: 0 } }, greater: 0 };
    const r = run(three, { properties: { a: a.slice(0, 100), b: b.slice(0, 100), c: members(100, 'z') } });
    expect(r.error).toMatchObject({ pointer: '/if/count/where/count/where/count/where', message: expect.stringMatching(budget) });
    // Ten members at each level: 1,000 innermost iterations, well within the budget.
    expect(run(three, { properties: { a: [{ x: 'c7' }, ...a.slice(0, 9)], b: b.slice(0, 10), c: members(10, 'z', (i) => `c${i}`) } }).effect).toBe('Deny');
  });

  test('"in" against a wildcard field() and "contains"/"equals" over a parameter array in every iteration', () => {
    const whereIn = { count: { field: 'properties.a[*]', where: { field: 'properties.a[*].x', in: "[field('properties.b[*].y')]" } }, greater: 0 };
    const big = { properties: { a: members(3000, 'x'), b: members(3000, 'y') } };
    // The right-hand side reads nothing the count changes: it is read once, its lookup set built once, and 3,000
    // members each look up 3,000 strings within the budget. One that reads the member is read, and charged, for each.
    expect(run(whereIn, big)).toMatchObject({ effect: null, error: undefined });
    const perMember = { count: { field: 'properties.a[*]', where: { field: 'properties.a[*].x', in: "[union(field('properties.b[*].y'), createArray(current('properties.a[*]').x))]" } }, less: 3000 };
    expect(run(perMember, big).error).toMatchObject({ pointer: '/if/count/where/in', message: expect.stringMatching(budget) });
    expect(run(perMember, { properties: { a: members(30, 'x'), b: members(30, 'y') } })).toMatchObject({ effect: 'Deny', error: undefined });
    // Numbers: no lookup set, a scan of every member.
    expect(run(whereIn, { properties: { a: members(3000, 'x', (i) => i), b: members(3000, 'y', (i) => -i - 1) } }).error).toMatchObject({ pointer: '/if/count/where/in', message: expect.stringMatching(budget) });
    expect(run(whereIn, { properties: { a: members(100, 'x'), b: [...members(99, 'y'), { y: 'X42' }] } }).effect).toBe('Deny');
    const param = (where: unknown): ReturnType<typeof compilePolicy> => compilePolicy({ parameters: { p: { type: 'Array' }, q: { type: 'Array' } }, policyRule: { if: { count: { field: 'properties.a[*]', where }, greater: 0 }, then: { effect: 'deny' } } }, { aliases: testCatalog });
    const p = Array.from({ length: 10_000 }, (_, i) => `m${i}`);
    const q = p.map((m, i) => (i === 9_999 ? 'zz' : m.toUpperCase()));
    const contains = param({ value: "[parameters('p')]", contains: "[current('properties.a[*]').x]" });
    expect(contains.evaluate({ properties: { a } }, { parameters: { p, q } }).error).toMatchObject({ pointer: '/policyRule/if/count/where/contains', message: expect.stringMatching(budget) });
    expect(contains.evaluate({ properties: { a: [{ x: 'M5' }, ...a.slice(0, 20)] } }, { parameters: { p, q } }).effect).toBe('Deny');
    const equals = param({ value: "[parameters('p')]", equals: "[parameters('q')]" });
    expect(equals.evaluate({ properties: { a } }, { parameters: { p, q } }).error).toMatchObject({ pointer: '/policyRule/if/count/where/equals', message: expect.stringMatching(budget) });
    expect(equals.evaluate({ properties: { a: a.slice(0, 10) } }, { parameters: { p, q } }).effect).toBeNull();
  });

  test('a wide where over a realistic count evaluates', () => {
    const rules = members(1000, 'port', (i) => String(1000 + i));
    const wide = { count: { field: 'properties.a[*]', where: { allOf: Array.from({ length: 60 }, (_, k) => ({ field: 'properties.a[*].port', notEquals: String(k) })) } }, equals: 1000 };
    expect(run(wide, { properties: { a: rules } })).toMatchObject({ effect: 'Deny', error: undefined });
  });
});

describe('issue 12.7: keys from input are just keys', () => {
  test('createObject and union with __proto__ / constructor keep them as keys', () => {
    expect(run({ value: "[createObject('__proto__', createObject('polluted', 1))]", containsKey: 'polluted' }, {}).effect).toBeNull();
    expect(run({ value: "[createObject('__proto__', 1)]", containsKey: '__proto__' }, {}).effect).toBe('Deny');
    expect(expr("[length(union(createObject('a', 1), createObject('__proto__', createObject('b', 2))))]")).toBe(2);
    expect(expr("[intersection(createObject('x', 1), createObject('y', 2))]")).toEqual({});
    expect(expr("[contains(createObject('a', 1), 'constructor')]")).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a parameters value with a __proto__ member cannot change what a policy sees', () => {
    const p = compilePolicy({
      parameters: { effect: { type: 'String', defaultValue: 'Deny' } },
      policyRule: { if: { field: 'type', equals: 't' }, then: { effect: "[parameters('effect')]" } },
    }, { aliases: testCatalog });
    const given = JSON.parse('{"__proto__": {"effect": "Disabled"}}');
    expect(p.evaluate({ type: 't' }, { parameters: given }).effect).toBe('Deny');
  });

  test('a resource with __proto__ and constructor members reads them as properties', () => {
    const resource = JSON.parse('{"type": "t", "properties": {"__proto__": {"x": 1}, "constructor": "c"}}');
    expect(run({ field: 'properties.__proto__.x', equals: 1 }, resource).effect).toBe('Deny');
    expect(run({ field: 'properties.constructor', equals: 'c' }, resource).effect).toBe('Deny');
    expect(run({ field: 'properties.toString', exists: true }, resource).effect).toBeNull();
  });
});

describe('issue 12.8: a documented depth limit with the pointer of the node', () => {
  test('a policy nested deeper than the limit is a compile error with the pointer of the first node too deep', () => {
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i++) value = [value];
    let e: unknown;
    try {
      compilePolicy({ if: { field: 'name', equals: value }, then: { effect: 'deny' } }, { aliases: testCatalog });
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(PolicyEngineError);
    expect((e as PolicyEngineError).pointer).toBe('/if/equals' + '/0'.repeat(MAX_JSON_DEPTH - 2));
    expect((e as PolicyEngineError).message).toMatch(/nested deeper than 256 levels/);
  });

  test('comparing values nested deeper than the limit is an evaluation error at the condition', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const r = run({ field: 'properties.v', equals: '[field(\'properties.w\')]' }, { properties: { v: deep, w: deep } });
    expect(r.effect).toBe('Deny'); // the same value: equal without a walk
    const other = JSON.parse('['.repeat(1000) + ']'.repeat(1000));
    const r2 = run({ field: 'properties.v', equals: '[field(\'properties.w\')]' }, { properties: { v: deep, w: other } });
    expect(r2.error).toEqual({ stage: 'evaluate', pointer: '/if/equals', message: expect.stringMatching(/nested deeper than 256 levels/) });
    const r3 = run({ value: "[string(field('properties.v'))]", equals: 'x' }, { properties: { v: deep } });
    expect(r3.error).toMatchObject({ pointer: '/if/value', message: expect.stringMatching(/nested deeper than 256 levels/) });
  });
});

describe('issue 12.9: ids and 64-bit integers', () => {
  test('a non-string id is echoed as its JSON text, never "[object Object]"', () => {
    expect(evaluateBatchRequest({ id: 12, policyRule: { if: { field: 'type', equals: 't' }, then: { effect: 'deny' } } }, { aliases: AliasCatalog.empty() }).id).toBe('12');
    const r = evaluateBatchRequest({ id: ['a'], policyRule: { if: { field: 'type', equals: 't' }, then: { effect: 'deny' } } }, { aliases: AliasCatalog.empty() });
    expect(r).toMatchObject({ id: '["a"]', effect: null, error: { stage: 'parse', pointer: '/id' } });
  });

  test.each([
    ['[int(1e300)]', /^int\(\): integer overflow: 1e\+300 is outside the 64-bit integer range$/],
    ["[int('1e300')]", /^int\(\): integer overflow: "1e300" is outside the 64-bit integer range$/],
    ["[int('9223372036854775808')]", /overflow/],
    ["[int('-9223372036854775809')]", /overflow/],
    ['[mul(4611686018427387904, 2)]', /^mul\(\): integer overflow/],
  ])('%s overflows', (expression, message) => {
    expect(() => expr(expression)).toThrow(message);
  });

  test('values inside the 64-bit range convert, from numbers and strings alike', () => {
    // 2^63 - 1 is within range; as a double it is 2^63 (integers are exact up to 2^53).
    expect(expr("[int('9223372036854775807')]")).toBe(2 ** 63);
    expect(expr("[int('-9223372036854775808')]")).toBe(-(2 ** 63));
    expect(expr('[int(1e18)]')).toBe(1e18);
    expect(expr("[int('1e18')]")).toBe(1e18);
    expect(expr("[int(' 42 ')]")).toBe(42);
    expect(expr('[add(9007199254740991, 0)]')).toBe(9007199254740991);
  });
});
