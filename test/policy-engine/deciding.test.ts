// EvaluationInput.explain records the deciding comparisons without a trace: they must be the comparisons a trace of
// the if-condition ends with (the last three true field/value comparisons, in order), so a finding's reason reads
// the same whichever way it was made.
import { compilePolicy, formatTraceEntry, TraceEntry, traceEntries } from '../../lib/policy-engine';
import { kitPoliciesAndResources } from './helpers';

const { definitions, resources } = kitPoliciesAndResources();

/** The last three true field/value comparisons of the trace's if-condition (up to the `if ->` line). */
function fromTrace(entries: readonly TraceEntry[]): string[] {
  const end = entries.findIndex((e) => typeof e === 'string' && e.startsWith('if -> '));
  const picked = entries.slice(0, end < 0 ? entries.length : end).filter((e): e is Exclude<TraceEntry, string> =>
    typeof e !== 'string' && e[4] === true && (e[0].includes(": field '") || e[0].includes(': value ')));
  return picked.slice(-3).map(formatTraceEntry);
}

describe('EvaluationInput.explain: the deciding comparisons', () => {
  test('are the last true comparisons of the traced if-condition, for every kit definition and test resource', () => {
    let compared = 0;
    for (const definition of definitions) {
      const policy = compilePolicy(definition);
      for (const resource of resources) {
        const traced = policy.evaluate(resource, { trace: true, relatedResources: [] });
        const explained = policy.evaluate(resource, { trace: false, explain: true, relatedResources: [] });
        expect(explained.effect).toBe(traced.effect);
        if (explained.effect === null || explained.undetermined) {
          expect(explained.deciding).toBeUndefined();
          continue;
        }
        expect({ name: definition.name, deciding: (explained.deciding ?? []).map(formatTraceEntry) })
          .toEqual({ name: definition.name, deciding: fromTrace(traceEntries(traced)) });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  const rule = (condition: unknown): unknown => ({ mode: 'All', policyRule: { if: condition, then: { effect: 'audit' } } });

  test('inside a count, over [*] and with value conditions, in evaluation order, at most three', () => {
    const policy = compilePolicy(rule({
      allOf: [
        { field: 'type', equals: 'Microsoft.Network/networkSecurityGroups' },
        { value: "[resourceGroup().name]", equals: 'rg' },
        { field: 'properties.securityRules[*].name', like: 'r*' },
        { count: { field: 'properties.securityRules[*]', where: { field: 'properties.securityRules[*].properties.access', equals: 'Allow' } }, greater: 0 },
      ],
    }));
    const resource = { type: 'Microsoft.Network/networkSecurityGroups', properties: { securityRules: [{ name: 'r1', properties: { access: 'Deny' } }, { name: 'r2', properties: { access: 'Allow' } }] } };
    const input = { context: { resourceGroup: { name: 'rg' } }, relatedResources: [] };
    const traced = policy.evaluate(resource, { ...input, trace: true });
    const explained = policy.evaluate(resource, { ...input, trace: false, explain: true });
    expect(explained.deciding!.map(formatTraceEntry)).toEqual(fromTrace(traceEntries(traced)));
    expect(explained.deciding!.map((e) => (e as readonly unknown[])[0])).toEqual([
      "if.allOf[1]: value \"[resourceGroup().name]\"",
      "if.allOf[2]: field 'properties.securityRules[*].name' (all 2 member(s))",
      "if.allOf[3].count.where: field 'properties.securityRules[*].properties.access'",
    ]);
  });

  test('not recorded without explain, with a trace, or when the rule does not apply', () => {
    const policy = compilePolicy(rule({ field: 'type', equals: 't' }));
    expect(policy.evaluate({ type: 't' }, { trace: false }).deciding).toBeUndefined();
    expect(policy.evaluate({ type: 't' }, { trace: true, explain: true }).deciding).toBeUndefined();
    expect(policy.evaluate({ type: 'u' }, { trace: false, explain: true }).deciding).toBeUndefined();
    expect(policy.evaluate({ type: 't' }, { trace: false, explain: true }).deciding!.map(formatTraceEntry)).toEqual(["if: field 'type' \"t\" equals \"t\" -> true"]);
    // Not part of the JSON form.
    expect(JSON.stringify(policy.evaluate({ type: 't' }, { trace: false, explain: true }))).not.toContain('deciding');
  });
});
