import { AssessInputError, idWithin, ManagementGroupAncestry, normaliseId, parseScope, scopeContains, scopeFromChildId } from '../../lib/assess';
import { RG1, RG10, SUB } from './helpers';

const res = (rg: string, name = 'st1'): string => normaliseId(`${rg}/providers/Microsoft.Storage/storageAccounts/${name}`);

describe('scope containment by resource id', () => {
  test('whole segments only: rg1 contains its resources, not rg10\'s', () => {
    const rg1 = parseScope(RG1, 'a', 'scope');
    expect(scopeContains(rg1, res(RG1), undefined)).toBe(true);
    expect(scopeContains(rg1, res(RG10), undefined)).toBe(false);
    expect(scopeContains(rg1, normaliseId(RG1), undefined)).toBe(true);
    expect(scopeContains(rg1, normaliseId(RG10), undefined)).toBe(false);
    expect(idWithin('/subscriptions/a/resourcegroups/rg1', '/subscriptions/a/resourcegroups/rg1')).toBe(true);
    expect(idWithin('/subscriptions/a/resourcegroups/rg1x/y', '/subscriptions/a/resourcegroups/rg1')).toBe(false);
  });

  test('case-insensitive, trailing slashes ignored', () => {
    const scope = parseScope(`/SUBSCRIPTIONS/${SUB.toUpperCase()}/resourcegroups/RG1/`, 'a', 'scope');
    expect(scope.kind).toBe('resourceGroup');
    expect(scopeContains(scope, res(RG1), undefined)).toBe(true);
  });

  test('a resource scope contains the resource and its children only', () => {
    const scope = parseScope(`${RG1}/providers/Microsoft.Storage/storageAccounts/st1`, 'a', 'scope');
    expect(scope.kind).toBe('resource');
    expect(scopeContains(scope, res(RG1, 'st1'), undefined)).toBe(true);
    expect(scopeContains(scope, normaliseId(`${RG1}/providers/Microsoft.Storage/storageAccounts/st1/blobServices/default`), undefined)).toBe(true);
    expect(scopeContains(scope, res(RG1, 'st10'), undefined)).toBe(false);
  });

  test('the root scope contains everything, even resources without an id; other scopes cannot decide those', () => {
    expect(scopeContains(parseScope('/', 'a', 'scope'), undefined, undefined)).toBe(true);
    expect(scopeContains(parseScope(`/subscriptions/${SUB}`, 'a', 'scope'), undefined, undefined)).toEqual({ undecidable: 'the resource has no id' });
  });

  test('scope of an assignment or exemption from its id', () => {
    expect(scopeFromChildId(`${RG1}/providers/Microsoft.Authorization/policyAssignments/a1`, 'policyAssignments')).toBe(RG1);
    expect(scopeFromChildId('/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Authorization/policyAssignments/a1', 'policyAssignments')).toBe('/providers/Microsoft.Management/managementGroups/mg1');
    expect(scopeFromChildId(`${RG1}/providers/Microsoft.Authorization/policyExemptions/e1`, 'policyExemptions')).toBe(RG1);
    expect(scopeFromChildId(`${RG1}/providers/Microsoft.Authorization/policyExemptions/e1`, 'policyAssignments')).toBeUndefined();
    expect(scopeFromChildId(`${RG1}/providers/Microsoft.Authorization/policyAssignments/`, 'policyAssignments')).toBeUndefined();
  });

  test('bad scopes are errors naming the property and value', () => {
    expect(() => parseScope('subscriptions/x', 'a.json', 'notScopes[0]')).toThrow(AssessInputError);
    expect(() => parseScope('subscriptions/x', 'a.json', 'notScopes[0]')).toThrow(/a\.json: notScopes\[0\] "subscriptions\/x": expected a scope id starting with "\/"/);
    expect(() => parseScope('/foo', 'a.json', 'scope')).toThrow(/is not a management group, subscription, resource group or resource id/);
  });
});

describe('management-group scopes', () => {
  const mg = parseScope('/providers/Microsoft.Management/managementGroups/Platform', 'a', 'scope');
  const inSub = res(RG1);

  test('without ancestry: undecidable with the reason, never false', () => {
    expect(scopeContains(mg, inSub, undefined)).toEqual({ undecidable: expect.stringMatching(/ancestry of subscription .* is unknown \(give --management-groups\)/) });
  });

  test('plain map {subscription: [closest, ..., root]}', () => {
    const a = ManagementGroupAncestry.parse({ [SUB]: ['landing-zones', 'platform', 'tenant-root'], '/subscriptions/other': ['/providers/Microsoft.Management/managementGroups/sandbox'] }, 'mg.json');
    expect(scopeContains(mg, inSub, a)).toBe(true);
    expect(scopeContains(mg, '/subscriptions/other/resourcegroups/x', a)).toBe(false);
    expect(scopeContains(mg, '/subscriptions/unknown/resourcegroups/x', a)).toEqual({ undecidable: expect.stringMatching(/subscription unknown is not in the management-group ancestry given/) });
    expect(a.ancestorsOfGroup('landing-zones')).toEqual(['platform', 'tenant-root']);
  });

  test('az account management-group show --expand --recurse tree (children also under properties)', () => {
    const tree = {
      id: '/providers/Microsoft.Management/managementGroups/tenant-root', name: 'tenant-root', type: 'Microsoft.Management/managementGroups',
      children: [
        { id: '/providers/Microsoft.Management/managementGroups/platform', name: 'platform', type: 'Microsoft.Management/managementGroups',
          properties: { children: [{ id: `/subscriptions/${SUB}`, name: SUB, type: '/subscriptions' }] } },
        { id: '/subscriptions/other', name: 'other', type: 'Microsoft.Resources/subscriptions' },
      ],
    };
    const a = ManagementGroupAncestry.parse(tree, 'tree.json');
    expect(a.ancestorsOfSubscription(SUB)).toEqual(['platform', 'tenant-root']);
    expect(a.ancestorsOfSubscription('other')).toEqual(['tenant-root']);
    expect(scopeContains(mg, inSub, a)).toBe(true);
    expect(scopeContains(mg, '/subscriptions/other', a)).toBe(false);
    // A management group's own resources and its child groups.
    expect(scopeContains(mg, '/providers/microsoft.management/managementgroups/platform', a)).toBe(true);
    const root = parseScope('/providers/Microsoft.Management/managementGroups/tenant-root', 'a', 'scope');
    expect(scopeContains(root, '/providers/microsoft.management/managementgroups/platform', a)).toBe(true);
  });

  test('Resource Graph subscription rows with managementGroupAncestorsChain', () => {
    const rows = { data: [{ subscriptionId: SUB, type: 'microsoft.resources/subscriptions', properties: { managementGroupAncestorsChain: [{ name: 'platform', displayName: 'Platform' }, { name: 'tenant-root' }] } }] };
    const a = ManagementGroupAncestry.parse(rows, 'arg.json');
    expect(scopeContains(mg, inSub, a)).toBe(true);
  });

  test('malformed ancestry files are errors naming the item', () => {
    expect(() => ManagementGroupAncestry.parse({ [SUB]: 42 }, 'mg.json')).toThrow(/mg\.json: 00000000-0000-0000-0000-0000000000a1 42: expected "<subscription id>"/);
    expect(() => ManagementGroupAncestry.parse([{ subscriptionId: SUB }], 'arg.json')).toThrow(/arg\.json\[0\]: subscriptionId \/ properties\.managementGroupAncestorsChain/);
    expect(() => ManagementGroupAncestry.parse('x', 'mg.json')).toThrow(/expected a management-group tree/);
    expect(() => ManagementGroupAncestry.parse({ name: 'r', children: 'nope' }, 'mg.json')).toThrow(/children "nope": expected an array/);
  });

  test('a hostile deep tree fails with a clear error instead of exhausting the stack', () => {
    let node: Record<string, unknown> = { name: 'leaf', type: 'Microsoft.Management/managementGroups' };
    for (let i = 0; i < 10_000; i++) node = { name: `g${i}`, type: 'Microsoft.Management/managementGroups', children: [node] };
    expect(() => ManagementGroupAncestry.parse(node, 'deep.json')).toThrow(/management groups nest at most six levels/);
  });

  test('__proto__ as a subscription key is just a key', () => {
    const a = ManagementGroupAncestry.parse(JSON.parse('{"__proto__": ["platform"]}'), 'mg.json');
    expect(a.ancestorsOfSubscription('__proto__')).toEqual(['platform']);
    expect(({} as Record<string, unknown>).platform).toBeUndefined();
  });
});
