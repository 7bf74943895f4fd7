// Cases from the engine review: documented Azure Policy behaviour that the first version got wrong.
import { compilePolicy } from '../../lib/policy-engine';
import { matches, rule, testCatalog } from './helpers';

describe('template expressions inside array and object operands', () => {
  // ARM evaluates every string of the rule that is an expression, at any depth: the built-in "Custom subscription owner
  // roles should not exist" compares with ["[concat(subscription().id,'/')]", "[subscription().id]", "/"].
  const ctx = { context: { subscription: { id: '/subscriptions/sub-1', subscriptionId: 'sub-1' } } };
  test('"in" / "notIn" lists', () => {
    const cond = { field: 'properties.scope', in: ["[concat(subscription().id, '/')]", '[subscription().id]', '/'] };
    expect(matches(cond, { properties: { scope: '/subscriptions/sub-1' } }, ctx)).toBe(true);
    expect(matches(cond, { properties: { scope: '/subscriptions/sub-1/' } }, ctx)).toBe(true);
    expect(matches(cond, { properties: { scope: '/subscriptions/sub-2' } }, ctx)).toBe(false);
    expect(matches({ field: 'properties.scope', notIn: ['[subscription().id]'] }, { properties: { scope: '/subscriptions/sub-1' } }, ctx)).toBe(false);
  });
  test('"[[" escapes inside lists stay literal', () => {
    expect(matches({ field: 'name', in: ['[[literal]'] }, { name: '[literal]' })).toBe(true);
  });
  test('equals with an object holding expressions; value count over a list of expressions', () => {
    expect(matches({ field: 'properties.o', equals: { id: '[subscription().id]' } }, { properties: { o: { id: '/subscriptions/sub-1' } } }, ctx)).toBe(true);
    expect(matches({ count: { value: ['[subscription().subscriptionId]', 'x'], name: 'v', where: { value: "[current('v')]", equals: 'sub-1' } }, equals: 1 }, {}, ctx)).toBe(true);
  });
});
