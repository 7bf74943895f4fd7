import { AliasCatalog, compilePolicy, UNKNOWN } from '../../lib/policy-engine';
import { matches, run, testCatalog } from './helpers';

const nsg = {
  type: 'Microsoft.Network/networkSecurityGroups',
  name: 'nsg',
  properties: {
    securityRules: [
      { name: 'ssh', properties: { access: 'Allow', destinationPortRange: '22', sourceAddressPrefixes: ['Internet', '10.0.0.0/8'] } },
      { name: 'web', properties: { access: 'Allow', destinationPortRange: '443', sourceAddressPrefixes: [] } },
      { name: 'deny', properties: { access: 'Deny', destinationPortRange: '*' } },
    ],
  },
};
const rules = 'Microsoft.Network/networkSecurityGroups/securityRules[*]';

describe('logical operators', () => {
  test('allOf, anyOf, not', () => {
    expect(matches({ allOf: [{ field: 'name', equals: 'nsg' }, { not: { field: 'name', equals: 'x' } }] }, nsg)).toBe(true);
    expect(matches({ anyOf: [{ field: 'name', equals: 'a' }, { field: 'name', equals: 'b' }] }, nsg)).toBe(false);
    expect(matches({ allOf: [] }, nsg)).toBe(true);
    expect(matches({ not: { anyOf: [{ not: { field: 'type', like: 'Microsoft.Network/*' } }] } }, nsg)).toBe(true);
  });
});

describe('[*] outside count (every member)', () => {
  test.each([
    [{ field: `${rules}.access`, equals: 'Allow' }, nsg, false],
    [{ field: `${rules}.access`, in: ['Allow', 'Deny'] }, nsg, true],
    [{ not: { field: `${rules}.destinationPortRange`, notEquals: '22' } }, nsg, true],
    [{ field: 'properties.items[*].v', equals: 1 }, { properties: { items: [] } }, true],
    [{ field: 'properties.items[*].v', equals: 1 }, { properties: {} }, false],
    [{ field: 'properties.items[*].v', exists: false }, { properties: { items: [{ v: 1 }, {}] } }, false],
    [{ field: 'groups[*].tags[*]', notEquals: 'bad' }, { groups: [{ tags: ['a'] }, { tags: ['b', 'c'] }] }, true],
    [{ field: 'groups[*].tags[*]', notEquals: 'bad' }, { groups: [{ tags: ['a'] }, { tags: ['bad'] }] }, false],
  ])('%j', (cond, resource, expected) => {
    expect(matches(cond, resource)).toBe(expected);
  });
});

describe('count', () => {
  test('field count without where counts members; missing array counts 0', () => {
    expect(matches({ count: { field: rules }, equals: 3 }, nsg)).toBe(true);
    expect(matches({ count: { field: rules }, equals: 0 }, { type: 'x' })).toBe(true);
  });

  test('field count with where evaluates members one at a time', () => {
    const cond = {
      count: { field: rules, where: { allOf: [{ field: `${rules}.access`, equals: 'Allow' }, { field: `${rules}.destinationPortRange`, in: ['22', '3389'] }] } },
      greater: 0,
    };
    expect(matches(cond, nsg)).toBe(true);
    expect(run(cond, nsg).trace.some((t) => t.includes('count.where.allOf[1]'))).toBe(true);
  });

  test('nested field count over an inner array of the current member', () => {
    const cond = {
      count: {
        field: rules,
        where: { count: { field: `${rules}.sourceAddressPrefixes[*]`, where: { field: `${rules}.sourceAddressPrefixes[*]`, equals: 'internet' } }, greater: 0 },
      },
      equals: 1,
    };
    expect(matches(cond, nsg)).toBe(true);
  });

  test('field() and current() inside a field count refer to the current member', () => {
    expect(matches({ count: { field: rules, where: { value: `[first(field('${rules}.name'))]`, equals: 'web' } }, equals: 1 }, nsg)).toBe(true);
    expect(matches({ count: { field: rules, where: { value: `[current('${rules}').name]`, like: 's*' } }, equals: 1 }, nsg)).toBe(true);
    expect(matches({ count: { field: rules, where: { value: `[current('${rules}.name')]`, equals: 'deny' } }, equals: 1 }, nsg)).toBe(true);
  });

  test('value count with name and current()', () => {
    const cond = { count: { value: ['ssh', 'rdp', 'web'], name: 'n', where: { value: "[current('n')]", in: ['ssh', 'web'] } }, equals: 2 };
    expect(matches(cond)).toBe(true);
    expect(matches({ count: { value: '[parameters(\'list\')]', where: { value: '[current()]', greater: 2 } }, equals: 1 }, {}, { parameters: { list: [1, 2, 3] } })).toBe(true);
  });

  test('value count combined with a field count (current() of the outer value)', () => {
    const cond = {
      count: {
        value: ['22', '3389'],
        name: 'port',
        where: { count: { field: rules, where: { field: `${rules}.destinationPortRange`, equals: "[current('port')]" } }, greater: 0 },
      },
      greater: 0,
    };
    expect(matches(cond, nsg)).toBe(true);
  });

  test('value count over more than 100 items fails at evaluation (Azure limit)', () => {
    const r = run({ count: { value: '[range(0, 101)]', where: { value: '[current()]', greater: 1 } }, greater: 0 }, {});
    expect(r.error?.stage).toBe('evaluate');
    expect(r.error?.message).toMatch(/100 iterations/);
  });

  test('the 100-iteration limit includes the iterations of enclosing value counts', () => {
    const inner = { count: { value: '[range(0, 10)]', name: 'j', where: { value: "[current('j')]", greaterOrEquals: 0 } }, equals: 10 };
    expect(run({ count: { value: '[range(0, 9)]', name: 'i', where: inner }, equals: 9 }, {})).toMatchObject({ effect: 'Deny', error: undefined });
    const r = run({ count: { value: '[range(0, 10)]', name: 'i', where: inner }, equals: 10 }, {});
    expect(r.error?.message).toMatch(/limit of 100 iterations/);
  });

  test('more than 10 value counts is a compile error', () => {
    const many = Array.from({ length: 11 }, () => ({ count: { value: [1] }, equals: 1 }));
    expect(() => compilePolicy({ if: { allOf: many }, then: { effect: 'audit' } }, { aliases: testCatalog })).toThrow(/more than 10 value count/);
  });
});

describe('aliases', () => {
  test('ARM provider format with versioned paths picks the path for the API version', () => {
    const cond = { field: 'Microsoft.Storage/storageAccounts/accountType', equals: 'Premium_LRS' };
    const res = { type: 'Microsoft.Storage/storageAccounts', sku: { name: 'Standard_LRS' }, properties: { accountType: 'Premium_LRS' } };
    expect(matches(cond, res, { apiVersion: '2015-06-15' })).toBe(true);
    expect(matches(cond, res, { apiVersion: '2019-06-01' })).toBe(false);
    expect(matches(cond, res)).toBe(false); // default path: sku.name
  });

  test('an alias declared by several resource types resolves by the resource type', () => {
    const cond = { field: 'Microsoft.Compute/imagePublisher', equals: 'Canonical' };
    expect(matches(cond, { type: 'Microsoft.Compute/virtualMachines', properties: { storageProfile: { imageReference: { publisher: 'Canonical' } } } })).toBe(true);
    expect(matches(cond, { type: 'Microsoft.Compute/virtualMachineScaleSets', properties: { virtualMachineProfile: { storageProfile: { imageReference: { publisher: 'Canonical' } } } } })).toBe(true);
  });

  test('alias names are case-insensitive; property names in the resource too', () => {
    expect(matches({ field: 'microsoft.storage/STORAGEACCOUNTS/supportsHttpsTrafficOnly', equals: true }, { properties: { SupportsHttpsTrafficOnly: true } })).toBe(true);
  });

  test('unknown alias is a compile error naming it', () => {
    expect(() => compilePolicy({ if: { field: 'Microsoft.Foo/bars/baz', equals: 1 }, then: { effect: 'deny' } }, { aliases: testCatalog })).toThrow(/unknown alias 'Microsoft.Foo\/bars\/baz'/);
  });

  test('flat table, merge, size and has', () => {
    const flat = AliasCatalog.fromFlatTable('alias,path\nMicrosoft.Web/sites/httpsOnly,properties.httpsOnly\n\n"Microsoft.Web/sites/siteConfig.minTlsVersion",properties.siteConfig.minTlsVersion\n');
    expect(flat.size).toBe(2);
    expect(flat.has('microsoft.web/sites/HTTPSONLY')).toBe(true);
    const merged = AliasCatalog.merge(testCatalog, flat);
    expect(merged.has('Microsoft.Storage/storageAccounts/sku.name') && merged.has('Microsoft.Web/sites/siteConfig.minTlsVersion')).toBe(true);
    const p = compilePolicy({ if: { field: 'Microsoft.Web/sites/siteConfig.minTlsVersion', less: '1.2' }, then: { effect: 'audit' } }, { aliases: flat });
    expect(p.evaluate({ properties: { siteConfig: { minTlsVersion: '1.0' } } }).effect).toBe('Audit');
    expect(AliasCatalog.fromArmProviders({ value: [] }).size).toBe(0);
  });

  test('fields without alias resolve as Azure does', () => {
    const r = { name: 'n', kind: 'StorageV2', id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/n', identity: { type: 'SystemAssigned' }, sku: { tier: 'Standard' }, plan: { name: 'p' }, tags: { a: 'b' } };
    expect(matches({ allOf: [
      { field: 'kind', equals: 'storagev2' },
      { field: 'identity.type', contains: 'system' },
      { field: 'sku.tier', equals: 'standard' },
      { field: 'plan.name', equals: 'p' },
      { field: 'id', like: '*/storageAccounts/n' },
      { field: 'fullName', equals: 'n' },
      { field: "tags['A']", equals: 'b' },
      { field: 'tags.a', exists: true },
    ] }, r)).toBe(true);
    expect(matches({ field: 'apiVersion', less: '2020-01-01' }, {}, { apiVersion: '2019-01-01' })).toBe(true);
  });

  test('sub-resources are read with or without ARM\'s "properties" wrapper (exact path first)', () => {
    const flat = { type: 'Microsoft.Network/networkSecurityGroups', properties: { securityRules: [{ name: 'a', access: 'Allow' }] } };
    expect(matches({ field: `${'Microsoft.Network/networkSecurityGroups/securityRules[*]'}.access`, equals: 'Allow' }, flat)).toBe(true);
    const wrapped = { properties: { securityRules: [{ properties: { access: 'Deny' }, access: 'Allow' }] } };
    expect(matches({ field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].access', equals: 'Deny' }, wrapped)).toBe(true);
    expect(matches({ field: 'properties.name', exists: false }, { name: 'root' })).toBe(true);
  });

  test('an expression operand that yields nothing makes the condition false; field() of a missing property is null', () => {
    expect(matches({ value: "[resourceGroup().tags['missing']]", notEquals: '' }, {}, { context: { resourceGroup: { tags: {} } } })).toBe(false);
    expect(matches({ field: 'name', notEquals: "[resourceGroup().tags['missing']]" }, { name: 'x' }, { context: { resourceGroup: { tags: {} } } })).toBe(false);
    expect(matches({ value: "[field('tags.missing')]", equals: null }, {})).toBe(true);
    expect(matches({ value: "[empty(field('tags'))]", equals: true }, {})).toBe(true);
  });

  test('a field name given as an expression is resolved at evaluation', () => {
    const cond = { field: "[concat('tags[', parameters('tag'), ']')]", equals: 'x' };
    expect(matches(cond, { tags: { owner: 'x' } }, { parameters: { tag: 'owner' } })).toBe(true);
  });
});

describe("a right-hand expression in a count's where that reads nothing the count changes is evaluated once per pass", () => {
  const count = (where: unknown): ReturnType<typeof compilePolicy> => compilePolicy({ mode: 'All', policyRule: { if: { count: { field: 'properties.a[*]', where }, greater: 1 }, then: { effect: 'audit' } } });

  test("one that reads the counted array's members (field() of it, current()) is evaluated for each member", () => {
    const members = { type: 't', properties: { a: [{ x: '1', y: '1' }, { x: '2', y: '2' }, { x: '3', y: '9' }] } };
    expect(count({ field: 'properties.a[*].y', equals: "[first(field('properties.a[*].x'))]" }).evaluate(members, { trace: false }).effect).toBe('Audit');
    expect(count({ field: 'properties.a[*].y', equals: "[current('properties.a[*]').x]" }).evaluate(members, { trace: false }).effect).toBe('Audit');
    expect(count({ field: 'properties.a[*].y', equals: "[first(field('properties.a[*].x'))]" }).evaluate({ type: 't', properties: { a: [{ x: '1', y: '1' }, { x: '2', y: '1' }] } }, { trace: false }).effect).toBeNull();
  });

  test('one whose value waited on unknown values is evaluated again, so that each member names the paths it waits for', () => {
    const r = count({ field: 'properties.a[*].y', in: "[createArray('x', field('properties.u'))]" }).evaluate({ type: 't', properties: { u: UNKNOWN, a: [{ y: 'x' }, { y: 'q' }] } } as never, { trace: false });
    expect(r.effect).toBe('Audit');
    expect(r.undetermined?.paths).toEqual(['properties.u']);
  });
});
