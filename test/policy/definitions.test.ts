import * as fs from 'fs';
import * as path from 'path';
import { KitPolicyDefinition, KitPolicyInitiative, KitPolicyScope, listKitPolicies } from '../../lib/policy';
import { synth, testStack } from '../helpers/synth';
import { codeToken } from '../helpers/tokens';

const FIXTURES = path.join(__dirname, 'fixtures', 'policies');
const BUILTINS = path.join(__dirname, 'fixtures', 'builtin-refs.json');
const MG = '/providers/Microsoft.Management/managementGroups/contoso-platform';
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';

function fixture(kind: string, name: string): { name: string; properties: Record<string, unknown> } {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, kind, `${name}.json`), 'utf8'));
}

describe('KitPolicyDefinition', () => {
  test('emits the file as azurerm_policy_definition at a management group', () => {
    const out = synth((stack) => {
      KitPolicyDefinition.fromFile(stack, 'Deny', 'deny-ports', { scope: MG, policiesFolder: FIXTURES });
    });
    const def = out.only('azurerm_policy_definition');
    const file = fixture('definitions', 'deny-ports').properties;
    expect(def.name).toBe('deny-ports');
    expect(def.display_name).toBe(file.displayName);
    expect(def.policy_type).toBe('Custom');
    expect(def.mode).toBe('All');
    expect(def.description).toBe(file.description);
    expect(def.management_group_id).toBe(MG);
    expect(JSON.parse(def.policy_rule as string)).toEqual(file.policyRule);
    expect(JSON.parse(def.parameters as string)).toEqual(file.parameters);
    expect(JSON.parse(def.metadata as string)).toEqual(file.metadata);
  });

  test('at a subscription scope there is no management_group_id', () => {
    const out = synth((stack) => {
      new KitPolicyDefinition(stack, 'Deploy', { policyName: 'deploy-thing', scope: SUB, policiesFolder: FIXTURES });
    });
    const def = out.only('azurerm_policy_definition');
    expect(def.management_group_id).toBeUndefined();
    expect(def.mode).toBe('Indexed');
    expect(JSON.parse(def.policy_rule as string)).toEqual(fixture('definitions', 'deploy-thing').properties.policyRule);
  });

  test('an empty parameters block is left out; definitionName overrides the Azure name', () => {
    const out = synth((stack) => {
      new KitPolicyDefinition(stack, 'Tags', { policyName: 'modify-tags', scope: MG, policiesFolder: FIXTURES, definitionName: 'contoso-tags' });
    });
    const def = out.only('azurerm_policy_definition');
    expect(def.parameters).toBeUndefined();
    expect(def.name).toBe('contoso-tags');
  });

  test('unknown file: the error lists the available definitions', () => {
    expect(() => synth((stack) => {
      KitPolicyDefinition.fromFile(stack, 'X', 'deny-portz', { scope: MG, policiesFolder: FIXTURES });
    })).toThrow(/test\/X: invalid policyName "deny-portz": is not a policy definition in .*definitions; available: "deny-ports", "deploy-thing", "modify-tags"/);
  });

  test('path traversal in the name is refused as unknown', () => {
    expect(() => synth((stack) => {
      KitPolicyDefinition.fromFile(stack, 'X', '../initiatives/baseline', { scope: MG, policiesFolder: FIXTURES });
    })).toThrow(/invalid policyName "..\/initiatives\/baseline": is not a policy definition/);
  });

  test('scope of the wrong shape is refused', () => {
    expect(() => synth((stack) => {
      KitPolicyDefinition.fromFile(stack, 'X', 'deny-ports', { scope: '/managementGroups/contoso', policiesFolder: FIXTURES });
    })).toThrow(/invalid scope "\/managementGroups\/contoso": must be a management group id "\/providers\/Microsoft.Management\/managementGroups\/<name>" or a subscription id/);
    expect(() => synth((stack) => {
      KitPolicyDefinition.fromFile(stack, 'X', 'deny-ports', { scope: '/subscriptions/not-a-guid', policiesFolder: FIXTURES });
    })).toThrow(/invalid scope "\/subscriptions\/not-a-guid"/);
  });

  test('an unresolved scope needs KitPolicyScope to say its kind', () => {
    const { stack } = testStack();
    const token = codeToken();
    expect(() => KitPolicyDefinition.fromFile(stack, 'X', 'deny-ports', { scope: token, policiesFolder: FIXTURES }))
      .toThrow(/is an unresolved reference: wrap it in KitPolicyScope.managementGroup/);
    expect(() => KitPolicyScope.parse('p', 'scope', KitPolicyScope.managementGroup(SUB)))
      .toThrow(/is a subscription id, not a managementGroup id/);
  });

  test('defining the same file twice at one scope is refused', () => {
    expect(() => synth((stack) => {
      KitPolicyDefinition.fromFile(stack, 'A', 'deny-ports', { scope: MG, policiesFolder: FIXTURES });
      KitPolicyDefinition.fromFile(stack, 'B', 'deny-ports', { scope: MG, policiesFolder: FIXTURES });
    })).toThrow(/test\/B: invalid policyName "deny-ports": is already defined at this scope by test\/A/);
  });

  test('bad definitionName is refused', () => {
    expect(() => synth((stack) => {
      KitPolicyDefinition.fromFile(stack, 'A', 'deny-ports', { scope: MG, policiesFolder: FIXTURES, definitionName: 'a/b' });
    })).toThrow(/invalid definitionName "a\/b": must be 1-64 characters/);
  });

  test('listKitPolicies lists definitions and initiatives of a folder', () => {
    expect(listKitPolicies('definitions', FIXTURES)).toEqual(['deny-ports', 'deploy-thing', 'modify-tags']);
    expect(listKitPolicies('initiatives', FIXTURES)).toContain('baseline');
  });
});

describe('KitPolicyInitiative', () => {
  const build = (stack: import('constructs').Construct) => {
    const a = KitPolicyInitiative.fromFile(stack, 'Baseline', 'baseline', { scope: MG, policiesFolder: FIXTURES, builtinRefsFile: BUILTINS });
    const b = KitPolicyInitiative.fromFile(stack, 'Network', 'network-only', { scope: MG, policiesFolder: FIXTURES, builtinRefsFile: BUILTINS });
    return { a, b };
  };

  test('replaces <kit>/ members by the deployed definitions, keeps built-in ids, creates each definition once per scope', () => {
    const out = synth((stack) => { build(stack); });
    const defs = out.resources('azurerm_policy_definition');
    expect(Object.values(defs).map((d) => d.name).sort()).toEqual(['deny-ports', 'deploy-thing', 'modify-tags']);
    const logical = (name: string) => Object.keys(defs).find((k) => defs[k].name === name);
    const sets = out.list('azurerm_policy_set_definition');
    const baseline = sets.find((s) => s.name === 'baseline') as Record<string, unknown>;
    const network = sets.find((s) => s.name === 'network-only') as Record<string, unknown>;
    expect(baseline.management_group_id).toBe(MG);
    const refs = baseline.policy_definition_reference as Record<string, unknown>[];
    expect(refs.map((r) => [r.reference_id, r.policy_definition_id])).toEqual([
      ['denyPorts', `\${azurerm_policy_definition.${logical('deny-ports')}.id}`],
      ['deployThing', `\${azurerm_policy_definition.${logical('deploy-thing')}.id}`],
      ['builtinDine', '/providers/Microsoft.Authorization/policyDefinitions/11111111-2222-3333-4444-555555555555'],
      ['modifyTags', `\${azurerm_policy_definition.${logical('modify-tags')}.id}`],
      ['builtinAudit', '/providers/Microsoft.Authorization/policyDefinitions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'],
    ]);
    const file = fixture('initiatives', 'baseline').properties as { policyDefinitions: { parameters?: unknown }[]; parameters: unknown };
    expect(JSON.parse(refs[1].parameter_values as string)).toEqual(file.policyDefinitions[1].parameters);
    expect(refs[3].parameter_values).toBeUndefined();
    expect(refs[0].policy_group_names).toEqual(['network']);
    expect(baseline.policy_definition_group).toEqual([{ name: 'network', display_name: 'Network' }]);
    expect(JSON.parse(baseline.parameters as string)).toEqual(file.parameters);
    expect(baseline.policy_type).toBe('Custom');
    // The second initiative reuses the deny-ports definition.
    expect((network.policy_definition_reference as Record<string, unknown>[])[0].policy_definition_id)
      .toBe(`\${azurerm_policy_definition.${logical('deny-ports')}.id}`);
    expect(network.parameters).toBeUndefined();
  });

  test('shared definitions live under GuardrailsPolicyDefinitions and are exposed', () => {
    const { stack } = testStack();
    const { a, b } = build(stack);
    expect(a.definitions.map((d) => d.node.path)).toEqual([
      'test/GuardrailsPolicyDefinitions/contoso-platform-deny-ports',
      'test/GuardrailsPolicyDefinitions/contoso-platform-deploy-thing',
      'test/GuardrailsPolicyDefinitions/contoso-platform-modify-tags',
    ]);
    expect(b.definitions[0]).toBe(a.definitions[0]);
    expect(a.referenceIds).toEqual(['denyPorts', 'deployThing', 'builtinDine', 'modifyTags', 'builtinAudit']);
    expect(a.members.map((m) => m.roleDefinitionIds.length)).toEqual([0, 2, 2, 1, 0]);
  });

  test('an explicitly defined definition at the same scope is reused', () => {
    const out = synth((stack) => {
      const own = KitPolicyDefinition.fromFile(stack, 'Own', 'deny-ports', { scope: MG, policiesFolder: FIXTURES });
      const net = KitPolicyInitiative.fromFile(stack, 'Network', 'network-only', { scope: MG, policiesFolder: FIXTURES });
      expect(net.definitions[0]).toBe(own);
    });
    expect(out.count('azurerm_policy_definition')).toBe(1);
  });

  test('the same initiative at two scopes gets definitions at each scope', () => {
    const out = synth((stack) => {
      KitPolicyInitiative.fromFile(stack, 'N1', 'network-only', { scope: MG, policiesFolder: FIXTURES });
      KitPolicyInitiative.fromFile(stack, 'N2', 'network-only', { scope: SUB, policiesFolder: FIXTURES });
    });
    const defs = out.list('azurerm_policy_definition');
    expect(defs.map((d) => d.management_group_id ?? 'subscription').sort()).toEqual([MG, 'subscription']);
  });

  test('unknown initiative lists the available ones', () => {
    expect(() => synth((stack) => {
      KitPolicyInitiative.fromFile(stack, 'X', 'nope', { scope: MG, policiesFolder: FIXTURES });
    })).toThrow(/invalid policyName "nope": is not a policy initiative in .*initiatives; available: "baseline", "broken-missing", "broken-undeclared", "conditional", "network-only"/);
  });

  test('a member referencing an unknown kit definition names it and the available ones', () => {
    expect(() => synth((stack) => {
      KitPolicyInitiative.fromFile(stack, 'X', 'broken-missing', { scope: MG, policiesFolder: FIXTURES });
    })).toThrow(/invalid policyName "no-such-definition": is not a policy definition .*available: "deny-ports"/);
  });

  test('a member passing an undeclared parameter is refused', () => {
    expect(() => synth((stack) => {
      KitPolicyInitiative.fromFile(stack, 'X', 'broken-undeclared', { scope: MG, policiesFolder: FIXTURES });
    })).toThrow(/invalid broken-undeclared.policyDefinitions\[0\].parameters.colour "blue": parameter "colour" is not declared by Fixture: deny management ports; declared parameters: "ports", "effect"/);
  });

  test('a built-in without reference data is refused with the fix', () => {
    expect(() => synth((stack) => {
      KitPolicyInitiative.fromFile(stack, 'X', 'baseline', { scope: MG, policiesFolder: FIXTURES, builtinRefsFile: path.join(FIXTURES, 'missing.json') });
    })).toThrow(/policyDefinitions\[2\].policyDefinitionId ".*11111111-2222-3333-4444-555555555555": is a built-in without reference data .*npm run derive:builtins/);
  });

  test('two synths give identical documents', () => {
    const one = synth((stack) => { build(stack); });
    const two = synth((stack) => { build(stack); });
    expect(one.json.resource).toEqual(two.json.resource);
  });
});
