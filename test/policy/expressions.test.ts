import * as path from 'path';
import { KitPolicyAssignment, KitPolicyInitiative } from '../../lib/policy';
import { resolveArmValue } from '../../lib/policy/expressions';
import { UNKNOWN } from '../../lib/policy/parameters';
import { remediatedMembers } from '../helpers/remediation';
import { synth } from '../helpers/synth';

const FIXTURES = path.join(__dirname, 'fixtures', 'policies');
const BUILTINS = path.join(__dirname, 'fixtures', 'builtin-refs.json');
const MG = '/providers/Microsoft.Management/managementGroups/contoso';
const PARAMS: Record<string, unknown> = { types: ['microsoft.keyvault/vaults', 'Microsoft.Sql/servers'], effect: 'DeployIfNotExists', flag: true, empty: [] };
const param = (name: string) => (name in PARAMS ? PARAMS[name] : UNKNOWN);

describe('resolveArmValue', () => {
  test.each<[string, unknown]>([
    ["[if(contains(parameters('types'), 'microsoft.keyvault/vaults'), parameters('effect'), 'Disabled')]", 'DeployIfNotExists'],
    ["[if(contains(parameters('types'), 'microsoft.sql/servers'), parameters('effect'), 'Disabled')]", 'DeployIfNotExists'],
    ["[if(contains(parameters('types'), 'microsoft.web/sites'), parameters('effect'), 'Disabled')]", 'Disabled'],
    ["[if(not(parameters('flag')), 'Audit', 'Deny')]", 'Deny'],
    ["[if(and(parameters('flag'), equals(parameters('effect'), 'deployifnotexists')), 'yes', 'no')]", 'yes'],
    ["[if(or(empty(parameters('empty')), false), toLower('A'), 'b')]", 'a'],
    ["[concat('a', 'b''c', 1)]", "ab'c1"],
    ["[toUpper(parameters('effect'))]", 'DEPLOYIFNOTEXISTS'],
    ["[[literal]", '[literal]'],
    ['plain', 'plain'],
  ])('%s', (expression, expected) => {
    expect(resolveArmValue(expression, param)).toEqual(expected);
  });

  test.each([
    "[parameters('missing')]",
    "[if(contains(parameters('missing'), 'x'), 'a', 'b')]",
    "[field('type')]",
    "[parameters('types')[0]]",
    "[if(parameters('effect'), 'a', 'b')]",
    "[concat('a']",
  ])('%s is UNKNOWN', (expression) => {
    expect(resolveArmValue(expression, param)).toBe(UNKNOWN);
  });
});

describe('effects given as expressions in an initiative', () => {
  test('members whose expression resolves to a deploying effect are remediated, the others not', () => {
    const out = synth((stack) => {
      const initiative = KitPolicyInitiative.fromFile(stack, 'I', 'conditional', { scope: MG, policiesFolder: FIXTURES, builtinRefsFile: BUILTINS });
      new KitPolicyAssignment(stack, 'A', {
        policy: initiative, scope: MG, location: 'westeurope', remediation: { subscriptionIds: ['11111111-1111-1111-1111-111111111111'] },
        parameters: { workspaceId: '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w', resourceTypes: ['microsoft.keyvault/vaults'] },
      });
    });
    expect(remediatedMembers(out)).toEqual(['keyvaults']);
  });
});
