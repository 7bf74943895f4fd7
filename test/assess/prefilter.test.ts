import { leadingTypes } from '../../lib/assess/prefilter';
import { buildAssessPlan, runAssessmentSync } from '../../lib/assess';
import { items, RG1, resolverOf, storage, vm } from './helpers';

const T = 'Microsoft.Storage/storageAccounts';
const type = { field: 'type', equals: T };

describe('type prefilter', () => {
  test.each([
    [type, [T.toLowerCase()]],
    [{ field: 'type', in: [T, 'Microsoft.Compute/virtualMachines'] }, [T.toLowerCase(), 'microsoft.compute/virtualmachines']],
    [{ allOf: [type, { field: 'name', equals: 'x' }] }, [T.toLowerCase()]],
    [{ allOf: [{ field: 'Microsoft.Storage/storageAccounts/allowBlobPublicAccess', exists: false }, { not: { field: 'location', in: ['eastus'] } }, type] }, [T.toLowerCase()]],
    [{ allOf: [{ value: "[parameters('enabled')]", equals: true }, type] }, [T.toLowerCase()]],
    [{ anyOf: [{ allOf: [type] }, { field: 'type', equals: 'Microsoft.Compute/virtualMachines' }] }, [T.toLowerCase(), 'microsoft.compute/virtualmachines']],
  ])('%j can only match %j', (condition, expected) => {
    expect([...leadingTypes(condition)!]).toEqual(expected);
  });

  test.each([
    [{ field: 'type', equals: "[parameters('type')]" }],
    [{ field: 'type', like: 'Microsoft.Storage/*' }],
    [{ allOf: [{ value: "[field('name')]", equals: 'x' }, type] }],
    [{ allOf: [{ value: "[resourceGroup().name]", equals: 'x' }, type] }],
    [{ allOf: [{ count: { field: 'tags[*]' }, greater: 0 }, type] }],
    [{ allOf: [{ field: 'name', like: "[concat('a', 'b')]" }, type] }],
    [{ allOf: [{ field: 'properties.size', less: 3 }, type] }],
    [{ anyOf: [type, { field: 'name', equals: 'x' }] }],
    [{ not: type }],
  ])('%j can match any type (a condition before the type test might fail, or no type test)', (condition) => {
    expect(leadingTypes(condition)).toBeUndefined();
  });

  test('the runner skips other types only when the engine agrees: a failing parameter makes every resource an error', () => {
    const def = (name: string, parameters: Record<string, unknown>): Record<string, unknown> => ({
      name, properties: { mode: 'All', parameters, policyRule: { if: { allOf: [{ value: "[parameters('enabled')]", equals: true }, type] }, then: { effect: 'audit' } } },
    });
    const withDefault = def('with-default', { enabled: { type: 'Boolean', defaultValue: true } });
    const required = def('required', { enabled: { type: 'Boolean' } });
    const resolver = resolverOf(withDefault, required);
    const plan = buildAssessPlan({ resolver, definitions: [...resolver.entries()] });
    expect(plan.units[0].variants[0].members.map((m) => m.base?.types ? [...m.base.types] : undefined)).toEqual([[T.toLowerCase()], undefined]);
    const r = runAssessmentSync(items([storage(RG1, 'st', true), vm(RG1, 'vm')]), plan);
    expect(r.findings.map((f) => `${f.policy}:${f.resourceId.split('/').pop()}`)).toEqual(['with-default:st']);
    // The required parameter has no value: both resources are errors, as without the shortcut.
    expect(r.errors).toEqual([expect.objectContaining({ policy: 'required', occurrences: 2 })]);
    expect(r.policies.map((p) => p.evaluated)).toEqual([2, 2]);
  });
});
