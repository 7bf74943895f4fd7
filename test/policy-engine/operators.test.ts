import { matches, run } from './helpers';

const res = {
  type: 'Microsoft.Network/networkSecurityGroups',
  name: 'My-VM-01',
  location: 'westeurope',
  tags: { Environment: 'Production', 'cost-center': '42' },
  properties: { port: '443', count: 5, enabled: true, list: ['a', 'B'], created: '2024-01-15T12:00:00Z', empty: null, obj: { Key: 1 } },
};

describe('operators', () => {
  test.each([
    // [condition, expected]
    [{ field: 'type', equals: 'microsoft.network/NETWORKSECURITYGROUPS' }, true],
    [{ field: 'name', equals: 'other' }, false],
    [{ field: 'properties.port', equals: 443 }, true],
    [{ field: 'properties.count', equals: '5' }, true],
    [{ field: 'properties.enabled', equals: 'TRUE' }, true],
    [{ field: 'properties.list', equals: ['A', 'b'] }, true],
    [{ field: 'properties.empty', equals: null }, true],
    [{ field: 'properties.missing', equals: 'x' }, false],
    [{ field: 'name', notEquals: 'my-vm-01' }, false],
    [{ field: 'properties.missing', notEquals: 'x' }, true],
    [{ field: 'name', like: 'my-*-0?' }, true],
    [{ field: 'name', like: 'vm*' }, false],
    [{ field: 'name', notLike: 'vm*' }, true],
    [{ field: 'name', match: 'My-VM-##' }, true],
    [{ field: 'name', match: 'my-vm-##' }, false],
    [{ field: 'name', match: '??-??-..' }, true],
    [{ field: 'name', matchInsensitively: 'my-vm-##' }, true],
    [{ field: 'name', notMatch: 'My-VM-##' }, false],
    [{ field: 'name', notMatchInsensitively: 'MY-VM-#' }, true],
    [{ field: 'name', contains: 'VM' }, true],
    [{ field: 'properties.list', contains: 'b' }, true],
    [{ field: 'properties.list', contains: 'c' }, false],
    [{ field: 'name', notContains: 'xyz' }, true],
    [{ field: 'location', in: ['eastus', 'WestEurope'] }, true],
    [{ field: 'location', notIn: ['eastus'] }, true],
    [{ field: 'properties.missing', in: ['a'] }, false],
    [{ field: 'tags', containsKey: 'environment' }, true],
    [{ field: 'properties.obj', notContainsKey: 'key' }, false],
    [{ field: 'properties.count', less: 10 }, true],
    [{ field: 'properties.port', greater: 100 }, true],
    [{ field: 'properties.count', lessOrEquals: 5 }, true],
    [{ field: 'properties.count', greaterOrEquals: 6 }, false],
    [{ field: 'name', less: 'zzz' }, true],
    [{ field: 'properties.created', greater: '2024-01-15T11:59:59Z' }, true],
    [{ field: 'properties.created', less: '2023-12-31' }, false],
    [{ field: 'properties.missing', less: 10 }, false],
    [{ field: 'tags.environment', exists: true }, true],
    [{ field: 'tags.owner', exists: 'false' }, true],
    [{ field: 'properties.empty', exists: true }, false],
    [{ field: "tags['cost-center']", equals: 42 }, true],
    [{ field: 'tags[Environment]', equals: 'production' }, true],
    [{ value: 'Straße', equals: 'STRASSE' }, true],
    [{ value: '[[literal]', equals: '[[LITERAL]' }, true],
  ])('%j -> %s', (cond, expected) => {
    expect(matches(cond, res)).toBe(expected);
  });

  test('operator names and members are case-insensitive', () => {
    expect(matches({ Field: 'name', EQUALS: 'my-vm-01' }, res)).toBe(true);
  });

  test('like does not backtrack exponentially on adversarial patterns', () => {
    const long = 'a'.repeat(20000);
    expect(matches({ field: 'name', like: '*a*a*a*a*a*a*a*a*b' }, { name: long })).toBe(false);
    expect(matches({ field: 'name', like: '*a*a*a*a*a*a*a*a*' }, { name: long })).toBe(true);
  });

  test('location is normalised (spaces, case)', () => {
    expect(matches({ field: 'location', in: ['westeurope'] }, { location: 'West Europe' })).toBe(true);
  });

  test('trace names the deciding condition with the compared values', () => {
    const r = run({ allOf: [{ field: 'type', equals: 'x' }, { field: 'name', equals: 'y' }] }, res);
    expect(r.effect).toBeNull();
    expect(r.trace[0]).toMatch(/^if\.allOf\[0\]: field 'type' "Microsoft.Network\/networkSecurityGroups" equals "x" -> false$/);
    expect(r.trace).toHaveLength(2);
  });

  test('a runtime type error in "in" is an evaluate error, not a crash', () => {
    const r = run({ field: 'name', in: '[parameters(\'p\')]' }, res, { parameters: { p: 'notArray' } });
    expect(r.error).toMatchObject({ stage: 'evaluate', pointer: '/if/in' });
    expect(r.error?.message).toMatch(/expects an array/);
  });
});
