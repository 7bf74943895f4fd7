// Cases from the engine review: documented Azure Policy behaviour that the first version got wrong.
import { AliasCatalog, compilePolicy } from '../../lib/policy-engine';
import { expr, matches, rule, testCatalog } from './helpers';

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

describe('array aliases: the "normal" form of a [*] alias', () => {
  // Azure docs (aliases, "Understanding the array alias"): networkAcls.ipRules is the array as a whole, networkAcls.ipRules[*]
  // its members. A catalog that lists only the [*] form still resolves the normal form.
  const storage = { type: 'Microsoft.Storage/storageAccounts', properties: { networkAcls: { ipRules: [{ value: '1.2.3.4' }] } } };
  test('resolves to the array itself', () => {
    expect(matches({ field: 'Microsoft.Storage/storageAccounts/networkAcls.ipRules', exists: true }, storage)).toBe(true);
    expect(matches({ value: "[length(field('Microsoft.Storage/storageAccounts/networkAcls.ipRules'))]", equals: 1 }, storage)).toBe(true);
    expect(matches({ field: 'Microsoft.Storage/storageAccounts/networkAcls.ipRules', exists: false }, { type: 'Microsoft.Storage/storageAccounts', properties: {} })).toBe(true);
  });
  test('a name with neither form is still unknown', () => {
    expect(() => rule({ field: 'Microsoft.Storage/storageAccounts/networkAcls.nope', exists: true })).toThrow(/unknown alias 'Microsoft.Storage\/storageAccounts\/networkAcls.nope'/);
  });
});

describe('tags[] (empty tag name)', () => {
  // Built-ins build the field as "[concat('tags[', parameters('exclusionTagName'), ']')]" with a default of "": the tag
  // named "" never exists; it is not an error (which would be an implicit deny of every resource).
  const p = compilePolicy({
    properties: {
      parameters: { tagName: { type: 'String', defaultValue: '' }, tagValues: { type: 'Array', defaultValue: [] } },
      policyRule: { if: { not: { field: "[concat('tags[', parameters('tagName'), ']')]", in: "[parameters('tagValues')]" } }, then: { effect: 'audit' } },
    },
  }, { aliases: testCatalog });
  test('evaluates as a missing tag', () => {
    const r = p.evaluate({ type: 'x', tags: { a: 'b' } });
    expect(r.error).toBeUndefined();
    expect(r.effect).toBe('Audit');
    expect(matches({ field: 'tags[]', exists: false }, { tags: { '': 'x' } })).toBe(false);
    expect(matches({ field: 'tags[]', exists: false }, { tags: { a: 'x' } })).toBe(true);
  });
});

describe('modify operation conditions without request information', () => {
  // Operation conditions ("[greaterOrEquals(requestContext().apiVersion, '...')]") decide which operations remediation
  // applies; they do not decide whether the policy applies. Offline, without an API version, they cannot be evaluated.
  const p = rule({ field: 'type', equals: 'Microsoft.Web/sites' }, 'modify', {
    roleDefinitionIds: ['/providers/Microsoft.Authorization/roleDefinitions/de139f84-1756-47ae-9be6-808fbbe84772'],
    operations: [
      { operation: 'addOrReplace', field: "tags['a']", value: 'b' },
      { condition: "[greaterOrEquals(requestContext().apiVersion, '2019-08-01')]", operation: 'addOrReplace', field: "tags['c']", value: 'd' },
    ],
  });
  const site = { type: 'Microsoft.Web/sites', name: 's' };
  test('the effect applies; the operation is reported with its condition unevaluated', () => {
    const r = p.evaluate(site);
    expect(r.error).toBeUndefined();
    expect(r.effect).toBe('Modify');
    expect((r.details as { operations: unknown[] }).operations).toEqual([
      { operation: 'addOrReplace', field: "tags['a']", value: 'b' },
      { operation: 'addOrReplace', field: "tags['c']", value: 'd', condition: "[greaterOrEquals(requestContext().apiVersion, '2019-08-01')]" },
    ]);
  });
  test('with an API version the condition is evaluated', () => {
    expect((p.evaluate(site, { requestContext: { apiVersion: '2018-01-01' } }).details as { operations: unknown[] }).operations).toHaveLength(1);
    expect((p.evaluate(site, { requestContext: { apiVersion: '2020-01-01' } }).details as { operations: unknown[] }).operations).toHaveLength(2);
  });
});

describe('"properties" tolerance is limited to what cannot contradict a real ARM resource', () => {
  const catalog = AliasCatalog.fromFlatTable([
    'Microsoft.ContainerService/managedClusters/agentPools/tags,properties.tags',
    'Microsoft.ConnectedVMwarevSphere/virtualMachines/hybridIdentityMetadata/identity.type,properties.identity.type',
    'Microsoft.Network/virtualNetworks/subnets[*],properties.subnets[*]',
    'Microsoft.Network/virtualNetworks/subnets[*].addressPrefix,properties.subnets[*].properties.addressPrefix',
    'Microsoft.Network/virtualNetworks/subnets[*].name,properties.subnets[*].name',
  ].join('\n'));
  const check = (cond: unknown, resource: Record<string, unknown>): boolean =>
    compilePolicy({ if: cond, then: { effect: 'deny' } }, { aliases: catalog }).evaluate(resource).effect === 'Deny';

  test('a root member given inside properties is read there (payloads shaped that way)', () => {
    expect(check({ field: "tags['env']", equals: 'prod' }, { type: 'Microsoft.Compute/virtualMachines', properties: { tags: { env: 'prod' } } })).toBe(true);
  });
  test('but not when the type has a property of that name of its own: AKS node tags are not resource tags', () => {
    const pool = { type: 'Microsoft.ContainerService/managedClusters/agentPools', name: 'np', properties: { tags: { env: 'prod' } } };
    expect(check({ field: "tags['env']", exists: false }, pool)).toBe(true);
    expect(check({ field: 'tags', exists: false }, pool)).toBe(true);
    const arc = { type: 'Microsoft.ConnectedVMwarevSphere/virtualMachines/hybridIdentityMetadata', properties: { identity: { type: 'SystemAssigned' } } };
    expect(check({ field: 'identity.type', exists: false }, arc)).toBe(true);
  });
  test('the top-level member wins over a properties member of the same name', () => {
    expect(check({ field: 'name', equals: 'top' }, { type: 'Microsoft.X/y', name: 'top', properties: { name: 'inner' } })).toBe(true);
  });
  test('below the root, paths are exact: a sub-resource\'s top-level member is not its properties member and vice versa', () => {
    const vnet = { type: 'Microsoft.Network/virtualNetworks', properties: { subnets: [{ id: 'x', properties: { name: 'inner', addressPrefix: '10.0.0.0/24' } }] } };
    expect(check({ field: 'Microsoft.Network/virtualNetworks/subnets[*].name', exists: false }, vnet)).toBe(true);
    expect(check({ field: 'properties.a.properties.b', exists: false }, { properties: { a: { b: 1 } } })).toBe(true);
    expect(check({ field: 'properties.a.b', exists: false }, { properties: { a: { properties: { b: 1 } } } })).toBe(true);
  });
  test('sub-resources sent without their wrapper are still read through the alias name', () => {
    const flat = { type: 'Microsoft.Network/virtualNetworks', properties: { subnets: [{ name: 's', addressPrefix: '10.0.0.0/24' }] } };
    expect(check({ field: 'Microsoft.Network/virtualNetworks/subnets[*].addressPrefix', equals: '10.0.0.0/24' }, flat)).toBe(true);
  });
});

describe('parameters', () => {
  // Azure (parameters): "allowedValues ... Allowed value comparisons are case-sensitive."
  const def = (allowedValues: unknown[], type = 'String') => compilePolicy({
    properties: { parameters: { p: { type, allowedValues } }, policyRule: { if: { value: "[parameters('p')]", exists: true }, then: { effect: 'audit' } } },
  }, { aliases: testCatalog });
  test('allowedValues are compared case-sensitively', () => {
    expect(def(['Standard_LRS']).evaluate({}, { parameters: { p: 'Standard_LRS' } }).effect).toBe('Audit');
    const r = def(['Standard_LRS']).evaluate({}, { parameters: { p: 'standard_lrs' } });
    expect(r.effect).toBeNull();
    expect(r.error?.message).toMatch(/not one of the allowedValues/);
  });
  test('array parameters: every member must be allowed; objects compare exactly', () => {
    expect(def(['eastus', 'westus'], 'Array').evaluate({}, { parameters: { p: ['eastus'] } }).effect).toBe('Audit');
    expect(def(['eastus', 'westus'], 'Array').evaluate({}, { parameters: { p: ['EastUS'] } }).error?.message).toMatch(/allowedValues/);
    expect(def([{ a: 1, b: 'x' }], 'Object').evaluate({}, { parameters: { p: { b: 'x', a: 1 } } }).effect).toBe('Audit');
    expect(def([{ a: 1, b: 'x' }], 'Object').evaluate({}, { parameters: { p: { b: 'X', a: 1 } } }).error?.message).toMatch(/allowedValues/);
  });
});

describe('alias read through its own name (catalog-less payloads)', () => {
  // Test payloads written for engines without an alias catalog nest the value under the alias name split at its dots.
  // No ARM resource has a root member named after a namespace, so the fallback cannot contradict a real resource.
  const catalog = AliasCatalog.fromFlatTable('Microsoft.Insights/logProfiles/locations[*],properties.locations[*]');
  const p = compilePolicy({ if: { not: { field: 'Microsoft.Insights/logProfiles/locations[*]', notEquals: 'global' } }, then: { effect: 'audit' } }, { aliases: catalog });
  test('used only where the alias path is absent', () => {
    expect(p.evaluate({ Microsoft: { 'Insights/logProfiles/locations': ['eastus', 'global'] } }).effect).toBe('Audit');
    expect(p.evaluate({ Microsoft: { 'Insights/logProfiles/locations': ['eastus'] } }).effect).toBeNull();
    expect(p.evaluate({ properties: { locations: ['global'] }, Microsoft: { 'Insights/logProfiles/locations': ['eastus'] } }).effect).toBe('Audit');
  });
});

describe('ipRangeContains', () => {
  // Azure (policy functions): addresses, CIDR ranges and "first-last" ranges; "Empty ranges, or mixing between IP
  // families isn't allowed and results in evaluation failure."
  test.each([
    ["[ipRangeContains('192.168.0.1-192.168.0.9', '192.168.0.5')]", true],
    ["[ipRangeContains('192.168.0.1-192.168.0.9', '192.168.0.10')]", false],
    ["[ipRangeContains('10.0.0.0/8', '10.0.0.1-10.0.0.9')]", true],
    ["[ipRangeContains('2001:0DB8::-2001:0DB8::3:FFFF', '2001:db8::2:1')]", true],
    ["[ipRangeContains('2001:0DB8::/110', '2001:0DB8::3:FFFE')]", true],
    ["[ipRangeContains('10.0.0.0/8', 'not-an-ip')]", false],
  ])('%s -> %s', (e, want) => {
    expect(expr(e)).toBe(want);
  });
  test.each([
    ["[ipRangeContains('', '10.0.0.1')]", /empty/],
    ["[ipRangeContains('10.0.0.0/8', '2001:db8::1')]", /IPv4 or both IPv6/],
  ])('%s fails', (e, msg) => {
    expect(() => expr(e)).toThrow(msg);
  });
});

describe('documented condition semantics (locked in by the review)', () => {
  test.each([
    ['tags.x and tags[x] are the same tag, case-insensitively', { field: 'tags.env', equals: 'a' }, { tags: { Env: 'A' } }, true],
    ['tags[a.b] without quotes names a tag with dots', { field: 'tags[a.b]', equals: 'v' }, { tags: { 'a.b': 'v' } }, true],
    ["tags['''q'''] names a tag with apostrophes", { field: "tags['''q''']", equals: 'v' }, { tags: { "'q'": 'v' } }, true],
    ['match: # digit, ? letter, . any character', { field: 'name', match: '?#.z' }, { name: 'a1-z' }, true],
    ['match is case-sensitive', { field: 'name', match: 'Abc' }, { name: 'abc' }, false],
    ['match treats regex characters literally', { field: 'name', match: 'a*' }, { name: 'aaa' }, false],
    ['like: * any run, case-insensitive', { field: 'name', like: 'AB*D*' }, { name: 'abcde' }, true],
    ['numeric string and number compare as numbers', { field: 'properties.n', less: 10 }, { properties: { n: '9' } }, true],
    ['two strings compare as strings', { field: 'properties.n', less: '10' }, { properties: { n: '9' } }, false],
    ['exists: an explicit null does not exist', { field: 'properties.x', exists: true }, { properties: { x: null } }, false],
    ['containsKey is case-insensitive', { field: 'tags', containsKey: 'ENV' }, { tags: { env: 'x' } }, true],
    ['fullName of a child resource comes from its id', { field: 'fullName', equals: 'srv/db' }, { name: 'db', id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Sql/servers/srv/databases/db' }, true],
    ['[*] over an empty array holds for every (no) member', { field: 'properties.a[*].v', equals: 1 }, { properties: { a: [] } }, true],
    ['[*] over a missing array is one missing member', { field: 'properties.a[*].v', exists: false }, { properties: {} }, true],
  ])('%s', (_name, cond, resource, want) => {
    expect(matches(cond, resource as Record<string, unknown>)).toBe(want);
  });

  test('"in" with a parameter that is not an array fails at evaluation (implicit deny), with the pointer', () => {
    const p = compilePolicy({ properties: { parameters: { list: { type: 'String' } }, policyRule: { if: { field: 'name', in: "[parameters('list')]" }, then: { effect: 'audit' } } } }, { aliases: testCatalog });
    const r = p.evaluate({ name: 'a' }, { parameters: { list: 'a' } });
    expect(r.effect).toBe('Deny');
    expect(r.error).toMatchObject({ stage: 'evaluate', pointer: '/properties/policyRule/if/in' });
  });

  test('nested count: current() names the enclosing value count, current(alias) the field count member', () => {
    const cond = {
      count: {
        field: 'Microsoft.Network/networkSecurityGroups/securityRules[*]',
        where: {
          count: { value: ['22', '3389'], name: 'port', where: { value: "[current('port')]", equals: "[current('Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange')]" } },
          greater: 0,
        },
      },
      equals: 1,
    };
    const nsg = { type: 'Microsoft.Network/networkSecurityGroups', properties: { securityRules: [{ name: 'a', properties: { destinationPortRange: '22' } }, { name: 'b', properties: { destinationPortRange: '443' } }] } };
    expect(matches(cond, nsg)).toBe(true);
  });
});
