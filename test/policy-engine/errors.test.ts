import { PolicyEngineError, compilePolicy } from '../../lib/policy-engine';
import { rule, testCatalog } from './helpers';

function compileError(input: unknown): PolicyEngineError {
  try {
    compilePolicy(input, { aliases: testCatalog });
  } catch (e) {
    if (e instanceof PolicyEngineError) return e;
    throw e;
  }
  throw new Error('expected a PolicyEngineError');
}

describe('bad input gives PolicyEngineError with stage and pointer', () => {
  test.each([
    ['{"if": ', 'parse', '', /not valid JSON/],
    ['"just a string"', 'parse', '', /must be a JSON object/],
    [null, 'parse', '', /must be a JSON object/],
    [{ then: { effect: 'deny' } }, 'parse', '', /no "if"/],
    [{ if: { field: 'type', equals: 'x' } }, 'parse', '', /no "then"/],
    [{ if: { field: 'type', equals: 'x' }, then: {} }, 'parse', '/then', /no "effect"/],
    [{ if: { field: 'type', equals: 'x' }, then: { effect: 'explode' } }, 'compile', '/then/effect', /unknown effect/],
    [{ if: { field: 'type' }, then: { effect: 'deny' } }, 'parse', '/if', /no operator/],
    [{ if: { field: 'type', equals: 'x', like: 'y' }, then: { effect: 'deny' } }, 'parse', '/if', /more than one operator/],
    [{ if: { field: 'type', bigger: 1 }, then: { effect: 'deny' } }, 'parse', '/if/bigger', /unknown operator or member "bigger"/],
    [{ if: { allOf: [{ field: 'type', equals: 'x' }, { field: 'type', sameAs: 'y' }] }, then: { effect: 'deny' } }, 'parse', '/if/allOf/1/sameAs', /unknown operator/],
    [{ if: { allOf: 'x' }, then: { effect: 'deny' } }, 'parse', '/if/allOf', /must be an array/],
    [{ if: { not: [1] }, then: { effect: 'deny' } }, 'parse', '/if/not', /one condition object/],
    [{ if: { not: { field: 'a', equals: 1 }, field: 'b', equals: 2 }, then: { effect: 'deny' } }, 'parse', '/if', /only member/],
    [{ if: { field: 'a', value: 'b', equals: 1 }, then: { effect: 'deny' } }, 'parse', '/if', /only one of/],
    [{ if: { count: {}, equals: 0 }, then: { effect: 'deny' } }, 'parse', '/if/count', /exactly one of "field" and "value"/],
    [{ if: { count: { field: 'a[*]', name: 'x' }, equals: 0 }, then: { effect: 'deny' } }, 'parse', '/if/count/name', /only allowed in a value count/],
    [{ if: { count: { value: [1], name: 42 }, equals: 0 }, then: { effect: 'deny' } }, 'parse', '/if/count/name', /non-empty string/],
    [{ if: { count: { field: 'properties.notArray' }, equals: 0 }, then: { effect: 'deny' } }, 'compile', '/if/count/field', /must be an array alias/],
    [{ if: { field: 'name', in: 'x' }, then: { effect: 'deny' } }, 'compile', '/if/in', /expects an array/],
    [{ if: { field: 'name', exists: 'maybe' }, then: { effect: 'deny' } }, 'compile', '/if/exists', /true or false/],
    [{ if: { value: "[parameters('x']", equals: 1 }, then: { effect: 'deny' } }, 'compile', '/if/value', /invalid template expression/],
    [{ properties: { displayName: 'no rule' } }, 'parse', '/properties', /no "policyRule"/],
    [{ properties: { policyRule: { if: { field: 'Microsoft.Nope/x/y', equals: 1 }, then: { effect: 'deny' } } } }, 'compile', '/properties/policyRule/if/field', /unknown alias/],
  ])('%j', (input, stage, pointer, msg) => {
    const e = compileError(input);
    expect(e.stage).toBe(stage);
    expect(e.pointer).toBe(pointer);
    expect(e.message).toMatch(msg);
  });

  test('deep nesting is rejected, not a stack overflow', () => {
    let cond: unknown = { field: 'name', equals: 'x' };
    for (let i = 0; i < 5000; i++) cond = { not: cond };
    const e = compileError({ if: cond, then: { effect: 'deny' } });
    expect(e.stage).toBe('compile');
    expect(e.message).toMatch(/nested deeper/);
    const deepJson = '{"if":' + '{"not":'.repeat(20000) + '{"field":"name","equals":"x"}' + '}'.repeat(20000) + ',"then":{"effect":"deny"}}';
    expect(compileError(deepJson).stage).toMatch(/parse|compile/);
    const deepExpr = '[' + 'not('.repeat(500) + 'true()' + ')'.repeat(500) + ']';
    expect(compileError({ if: { value: deepExpr, equals: true }, then: { effect: 'deny' } }).message).toMatch(/nested deeper/);
  });

  test('huge arrays and odd resources evaluate without crashing', () => {
    const p = rule({ count: { field: 'properties.items[*]', where: { field: 'properties.items[*].v', greater: 5 } }, greater: 10 }, 'audit');
    const items = Array.from({ length: 200000 }, (_, i) => ({ v: i % 10 }));
    expect(p.evaluate({ properties: { items } }).effect).toBe('Audit');
    expect(p.evaluate({ properties: { items: 'not-an-array' } }).effect).toBeNull();
    expect(p.evaluate(null as unknown as Record<string, unknown>).error?.stage).toBe('evaluate');
  });

  test('a failing expression in the if-condition is an implicit deny, reported as an evaluate error with its pointer', () => {
    const r = rule({ value: "[substring(field('name'), 0, 10)]", equals: 'x' }, 'audit').evaluate({ name: 'short' });
    expect(r.effect).toBe('Deny');
    expect(r.error).toEqual({ stage: 'evaluate', message: expect.stringMatching(/substring/), pointer: '/if/value' });
    expect(r.trace.join('\n')).toMatch(/implicit deny/);
  });

  test('invalid assignment parameters are not an implicit deny: nothing is evaluated', () => {
    const p = compilePolicy({ parameters: { n: { type: 'Integer' } }, policyRule: { if: { value: "[parameters('n')]", equals: 1 }, then: { effect: 'audit' } } }, { aliases: testCatalog });
    const r = p.evaluate({}, { parameters: { n: 'one' } });
    expect(r.effect).toBeNull();
    expect(r.error).toMatchObject({ stage: 'evaluate', message: expect.stringMatching(/not of type Integer/) });
    expect(p.evaluate({}).error?.message).toMatch(/has no value/);
  });
});
