import * as fs from 'fs';
import * as path from 'path';
import { policiesDir } from '../../lib/core';
import { KitPolicyAssignment, KitPolicyDefinition, KitPolicyInitiative, listKitPolicies } from '../../lib/policy';
import { remediatedMembers } from '../helpers/remediation';
import { synth } from '../helpers/synth';

/** The kit's own policy library (policies/), through the constructs. */

const MG = '/providers/Microsoft.Management/managementGroups/contoso';
const CONTRACT_DEFINITIONS = [
  'deny-management-ports-from-internet', 'audit-vm-management-ports-without-jit', 'deploy-jit-network-access-policy',
  'acr-quarantine-policy-enabled', 'acr-admin-user-disabled', 'acr-anonymous-pull-disabled',
  'acr-public-network-access-disabled', 'acr-export-disabled', 'deploy-security-contacts', 'deploy-defender-plan',
  'deploy-activity-log-to-event-hub', 'deny-bastion-shareable-links',
];

function read(kind: string, name: string): { name: string; properties: Record<string, unknown> } {
  return JSON.parse(fs.readFileSync(path.join(policiesDir(), kind, `${name}.json`), 'utf8'));
}

describe('kit policy definitions', () => {
  test('every definition named by contract C loads', () => {
    expect(listKitPolicies('definitions')).toEqual(expect.arrayContaining(CONTRACT_DEFINITIONS));
  });

  test('every definition file is emitted exactly as written', () => {
    const names = listKitPolicies('definitions');
    const out = synth((stack) => {
      for (const name of names) KitPolicyDefinition.fromFile(stack, name, name, { scope: MG });
    });
    const byName = new Map(out.list('azurerm_policy_definition').map((d) => [d.name as string, d]));
    expect([...byName.keys()].sort()).toEqual([...names].sort());
    for (const name of names) {
      const file = read('definitions', name).properties;
      const def = byName.get(name) as Record<string, unknown>;
      expect(JSON.parse(def.policy_rule as string)).toEqual(file.policyRule);
      expect(JSON.parse((def.parameters as string | undefined) ?? '{}')).toEqual(file.parameters ?? {});
      expect(def.mode).toBe(file.mode ?? 'All');
      expect(def.display_name).toBe(file.displayName);
      expect(def.management_group_id).toBe(MG);
    }
  });

  test('deploy-jit-network-access-policy assigned alone: roles of the file and one remediation', () => {
    const out = synth((stack) => {
      const def = KitPolicyDefinition.fromFile(stack, 'Jit', 'deploy-jit-network-access-policy', { scope: MG });
      new KitPolicyAssignment(stack, 'Assign', {
        policy: def, scope: MG, location: 'westeurope', remediation: { subscriptionIds: ['11111111-1111-1111-1111-111111111111'] },
      });
    });
    const roles = read('definitions', 'deploy-jit-network-access-policy').properties as { policyRule: { then: { details: { roleDefinitionIds: string[] } } } };
    expect(out.list('azurerm_role_assignment').map((r) => r.role_definition_id).sort())
      .toEqual([...roles.policyRule.then.details.roleDefinitionIds].sort());
    expect(remediatedMembers(out)).toEqual(['']);
    expect(out.only('azurerm_management_group_policy_assignment').name).toMatch(/^deploy-jit-networ-[0-9a-f]{6}$/);
  });
});

describe('kit initiatives', () => {
  const initiatives = ['network-access-guardrails', 'registry-guardrails', 'defender-onboarding', 'siem-forwarding'];

  test('every initiative named by contract C exists', () => {
    expect(listKitPolicies('initiatives')).toEqual(expect.arrayContaining(initiatives));
  });

  test.each(initiatives.map((n) => [n]))('%s: members resolve, kit ids replaced, built-ins kept', (name) => {
    const out = synth((stack) => { KitPolicyInitiative.fromFile(stack, 'I', name, { scope: MG }); });
    const file = read('initiatives', name).properties as { policyDefinitions: { policyDefinitionReferenceId: string; policyDefinitionId: string; parameters?: unknown }[] };
    const set = out.only('azurerm_policy_set_definition');
    const refs = set.policy_definition_reference as Record<string, unknown>[];
    const defs = out.resources('azurerm_policy_definition');
    expect(refs).toHaveLength(file.policyDefinitions.length);
    file.policyDefinitions.forEach((m, i) => {
      expect(refs[i].reference_id).toBe(m.policyDefinitionReferenceId);
      if (m.policyDefinitionId.startsWith('<kit>/')) {
        const kitName = m.policyDefinitionId.slice(6);
        const logical = Object.keys(defs).find((k) => defs[k].name === kitName);
        expect(logical).toBeDefined();
        expect(refs[i].policy_definition_id).toBe(`\${azurerm_policy_definition.${logical}.id}`);
      } else {
        expect(refs[i].policy_definition_id).toBe(m.policyDefinitionId);
      }
      if (m.parameters && Object.keys(m.parameters).length > 0) expect(JSON.parse(refs[i].parameter_values as string)).toEqual(m.parameters);
    });
  });
});
