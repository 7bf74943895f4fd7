import { PolicyEngineError } from '../../lib/policy-engine';
import { expr, rule } from './helpers';

describe('template functions', () => {
  test.each([
    // strings
    ["[concat('a', 'b', 1)]", 'ab1'],
    ['[concat()]', ''],
    ["[concat(createArray(1), createArray(2, 3))]", [1, 2, 3]],
    ["[format('{0}-{1:D3}-{0}', 'x', 7)]", 'x-007-x'],
    ["[format('Value: {0}', true)]", 'Value: True'],
    ["[toLower('AbC')]", 'abc'],
    ["[toUpper('AbC')]", 'ABC'],
    ["[substring('hello', 1, 3)]", 'ell'],
    ["[indexOf('Hello World', 'world')]", 6],
    ["[lastIndexOf('abcabc', 'bc')]", 4],
    ["[startsWith('Hello', 'he')]", true],
    ["[endsWith('Hello', 'LO')]", true],
    ["[replace('a-b-c', '-', '_')]", 'a_b_c'],
    ["[split('a,b;c', createArray(',', ';'))]", ['a', 'b', 'c']],
    ["[trim('  x  ')]", 'x'],
    ["[padLeft('7', 3, '0')]", '007'],
    ["[string(createObject('a', 1))]", '{"a":1}'],
    ['[string(true)]', 'true'],
    ["[join(createArray('a', 'b'), '+')]", 'a+b'],
    ["[base64('hello')]", 'aGVsbG8='],
    ["[base64ToString('aGVsbG8=')]", 'hello'],
    ["[base64ToJson('eyJrIjoxfQ==').k]", 1],
    ["[dataUriToString(dataUri('Hi'))]", 'Hi'],
    ["[uri('https://a.example/x/', 'y')]", 'https://a.example/x/y'],
    ["[uriComponent('a b&c')]", 'a%20b%26c'],
    ["[uriComponentToString('a%20b')]", 'a b'],
    ["[json('{\"a\":[1,2]}').a[1]]", 2],
    // arrays and objects
    ["[length(createArray(1, 2, 3))]", 3],
    ["[length('abcd')]", 4],
    ["[empty('')]", true],
    ["[empty(createObject())]", true],
    ["[contains(createArray('a', 'b'), 'b')]", true],
    ["[contains(createObject('Key', 1), 'key')]", true],
    ["[first(createArray(5, 6))]", 5],
    ["[last('xyz')]", 'z'],
    ["[skip(createArray(1, 2, 3), 1)]", [2, 3]],
    ["[take('hello', 2)]", 'he'],
    ["[union(createArray(1, 2), createArray(2, 3))]", [1, 2, 3]],
    ["[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]", [2, 3]],
    ["[union(createObject('a', 1), createObject('b', 2))]", { a: 1, b: 2 }],
    ["[range(2, 3)]", [2, 3, 4]],
    ["[min(createArray(4, 2, 9))]", 2],
    ["[max(4, 2, 9)]", 9],
    ["[array('x')]", ['x']],
    ["[items(createObject('b', 2, 'a', 1))]", [{ key: 'a', value: 1 }, { key: 'b', value: 2 }]],
    ["[tryGet(createObject('a', createObject('b', 3)), 'a', 'b')]", 3],
    ["[tryGet(createObject('a', 1), 'zz')]", null],
    ["[indexFromEnd(createArray('a', 'b', 'c'), 1)]", 'c'],
    ["[createArray(1, 2)[1]]", 2],
    // comparison and logic
    ["[equals('a', 'A')]", true],
    ['[equals(1, 1)]', true],
    ['[less(1, 2)]', true],
    ["[greaterOrEquals('2024-02-01', '2024-01-31')]", true],
    ['[and(true, not(false))]', true],
    ['[or(false, false)]', false],
    ["[if(equals(1, 2), 'yes', 'no')]", 'no'],
    ["[coalesce(null(), 'x')]", 'x'],
    ["[bool('TRUE')]", true],
    ["[bool('0')]", false],
    // numbers
    ['[add(-1, 5)]', 4],
    ['[add(-2.5, 3.5)]', 1],
    ['[sub(10, -3)]', 13],
    ['[mul(3, 4)]', 12],
    ['[div(10, 3)]', 3],
    ['[mod(10, 3)]', 1],
    ["[int('3.7')]", 3],
    ["[float('3.14')]", 3.14],
    // dates
    ["[dateTimeAdd('2024-01-15T12:00:00Z', 'P1DT2H30M')]", '2024-01-16T14:30:00Z'],
    ["[dateTimeAdd('2024-01-15T12:00:00Z', '-PT1H', 'yyyy-MM-dd HH:mm')]", '2024-01-15 11:00'],
    ["[addDays('2024-02-28T00:00:00Z', 1)]", '2024-02-29T00:00:00Z'],
    ['[dateTimeFromEpoch(1705320000)]', '2024-01-15T12:00:00Z'],
    ["[dateTimeToEpoch('2024-01-15T13:00:00+01:00')]", 1705320000],
    // IP ranges
    ["[ipRangeContains('10.0.0.0/8', '10.1.2.3')]", true],
    ["[ipRangeContains('10.0.0.0/16', '10.0.0.0/8')]", false],
    ["[ipRangeContains('2001:db8::/32', '2001:db8:1::1')]", true],
    ["[dateTimeAdd('2024-01-15T12:00:00+05:30', 'P1D')]", '2024-01-16T12:00:00+05:30'],
    ["[dateTimeAdd('2024-01-15T12:00:00Z', 'PT1H', 'G')]", '01/15/2024 13:00:00'],
    ["[ipRangeContains('not-a-cidr', '10.0.0.1')]", false],
    ["[union(createObject('o', createObject('a', 1)), createObject('o', createObject('b', 2)))]", { o: { a: 1, b: 2 } }],
    ["[createObject(1, 'one')]", { 1: 'one' }],
    // escapes
    ["['it''s']", "it's"],
  ])('%s', (text, want) => {
    expect(expr(text)).toEqual(want);
  });

  test('policy functions read the resource and the parameters', () => {
    const resource = { name: 'vm1', id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/srv/databases/db1', properties: { a: [{ b: 1 }, { b: 2 }] } };
    expect(expr("[field('name')]", resource)).toBe('vm1');
    expect(expr("[field('fullName')]", resource)).toBe('srv/db1');
    expect(expr("[field('properties.a[*].b')]", resource)).toEqual([1, 2]);
    expect(expr("[field('properties.missing[*]')]", resource)).toEqual([]);
    expect(expr("[parameters('Env')]", resource, { env: 'prod' })).toBe('prod');
  });

  describe('uniqueString() and guid() (effect details only) give what ARM gives', () => {
    const vm = { type: 'Microsoft.Compute/virtualMachines', name: 'vm1' };
    const inDetails = (text: string): unknown => {
      const r = rule({ field: 'type', equals: vm.type }, 'auditIfNotExists', { type: 'Microsoft.Compute/virtualMachines/extensions', name: text }).evaluate(vm);
      if (r.error) throw new Error(r.error.message);
      return (r.details as { name: unknown }).name;
    };
    // Values ARM returns for these inputs (uniqueString('test') = rbgf3xv4ufgzg is the one shown by tools built on
    // Microsoft's Azure.Deployments.Expression package); every length class of the hash's tail is covered.
    test.each([
      ["[uniqueString('test')]", 'rbgf3xv4ufgzg'],
      ["[uniqueString('abc')]", 'cgtzqvhu4i23s'],
      ["[uniqueString('hello', 'world')]", 'a7wkljktk6wne'],
      ["[uniqueString('foo', 'bar', 'baz')]", 'xzi4ioaxtmth4'],
      ["[uniqueString('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg')]", 'bmg7c6xu4tw46'],
      // UUID version 5 of the '-'-joined arguments in ARM's namespace: Python's
      // uuid.uuid5(UUID('11fb06fb-712d-4ddd-98c7-e71bbd588830'), 'a-b-c').
      ["[guid('a', 'b', 'c')]", 'a98fa280-e03f-5afa-8d8e-92d0a9c201e8'],
      ["[guid('a-b-c')]", 'a98fa280-e03f-5afa-8d8e-92d0a9c201e8'],
    ])('%s = %s', (text, want) => {
      expect(inDetails(text)).toBe(want);
    });
    test('arguments must be strings, at least one', () => {
      expect(() => inDetails('[uniqueString(1)]')).toThrow(/uniqueString\(\): argument 1 must be a string/);
      expect(() => rule({ field: 'type', equals: vm.type }, 'auditIfNotExists', { type: 'X/y', name: '[guid()]' })).toThrow(/expects at least 1 argument/);
    });
  });

  test.each([
    ["[substring('abc', 2, 5)]", /past the end/],
    ["[div(1, 0)]", /division by zero/],
    ["[format('{0} {1}', 'a')]", /argument index 1/],
    ["[dateTimeAdd('not-a-date', 'P1D')]", /not a valid date/],
    ["[indexFromEnd(createArray('a'), 0)]", /out of bounds/],
    ["[format('a } b')]", /unmatched/],
    ["[format('{0:Z}', 1)]", /unknown numeric format/],
    ["[dateTimeAdd('2024-01-15T12:00:00Z', 'P1D', 'q')]", /unknown date format/],
    ['[int(true())]', /cannot convert/],
    ["[parameters('nope')]", /has no value/],
  ])('%s fails at evaluation', (text, msg) => {
    expect(() => expr(text)).toThrow(msg);
  });

  test.each([
    ["[guid('x')]", /not supported in policy rules/],
    ["[uniqueString('x')]", /not supported in policy rules/],
    ["[noSuchFunction(1)]", /unknown template function/],
    ["[concat('a']", /missing '\)'/],
    ["[toLower('a', 'b')]", /expects 1 argument/],
    ["[current()]", /only allowed inside a count/],
  ])('%s is a compile error', (text, msg) => {
    let err: unknown;
    try {
      expr(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyEngineError);
    expect((err as PolicyEngineError).stage).toBe('compile');
    expect((err as Error).message).toMatch(msg);
  });
});
