import { compilePolicy } from '../../lib/policy-engine';
import { kitPoliciesAndResources } from './helpers';

const { definitions, resources } = kitPoliciesAndResources();

describe('type fast path', () => {
  test('gives the same effect and error as the full evaluation, for every definition and resource', () => {
    let compared = 0;
    for (const definition of definitions) {
      const policy = compilePolicy(definition);
      for (const resource of resources) {
        const full = policy.evaluate(resource, { trace: true });
        const fast = policy.evaluate(resource, { trace: false });
        expect({ name: definition.name, type: resource.type, effect: fast.effect, error: fast.error })
          .toEqual({ name: definition.name, type: resource.type, effect: full.effect, error: full.error });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });

  const rule = (effect: string) => ({
    properties: {
      parameters: { effect: { type: 'String', allowedValues: ['Audit', 'Deny', 'Disabled'] }, other: { type: 'Integer', defaultValue: 1 } },
      policyRule: { if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { value: '[parameters(\'other\')]', equals: 1 }] }, then: { effect } },
    },
  });
  const vm = { type: 'Microsoft.Compute/virtualMachines', name: 'vm' };

  test('agrees with the full evaluation on assignment problems, for resources of other types', () => {
    const policy = compilePolicy(rule("[parameters('effect')]"));
    const cases = [undefined, { effect: 'Audit' }, { effect: 'Audit', other: 'x' }, { effect: 'audit' }, { other: 2 }];
    for (const parameters of cases) {
      const full = policy.evaluate(vm, { trace: true, parameters });
      const fast = policy.evaluate(vm, { trace: false, parameters });
      expect({ parameters, effect: fast.effect, error: fast.error }).toEqual({ parameters, effect: full.effect, error: full.error });
    }
    // No value for the effect parameter: reported on either path, not hidden by the fast path.
    expect(policy.evaluate(vm, { trace: false }).error?.message).toMatch(/parameter 'effect' has no value/);
    expect(policy.evaluate(vm, { trace: false, parameters: { effect: 'Audit' } })).toMatchObject({ effect: null });
  });

  test('applies only when the type test comes first in every branch', () => {
    const late = compilePolicy({ if: { allOf: [{ value: '[int(\'x\')]', equals: 1 }, { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }] }, then: { effect: 'deny' } });
    // The first member fails to evaluate before the type is looked at: implicit deny, on either path.
    expect(late.evaluate(vm, { trace: false }).effect).toBe('Deny');
    expect(late.evaluate(vm, { trace: true }).effect).toBe('Deny');
    const branches = compilePolicy({ if: { anyOf: [{ field: 'type', in: ['A/b', 'C/d'] }, { allOf: [{ field: 'type', equals: 'E/f' }, { field: 'name', equals: 'x' }] }] }, then: { effect: 'audit' } });
    expect(branches.evaluate({ type: 'c/D' }, { trace: false }).effect).toBe('Audit');
    expect(branches.evaluate({ type: 'E/F', name: 'x' }, { trace: false }).effect).toBe('Audit');
    expect(branches.evaluate({ type: 'G/h', name: 'x' }, { trace: false }).effect).toBeNull();
  });
});
