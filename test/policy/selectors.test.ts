import * as path from 'path';
import { Construct } from 'constructs';
import { KitBuiltinPolicy, KitPolicyAssignment, KitPolicyAssignmentProps, KitPolicyDefinition, KitPolicyInitiative } from '../../lib/policy';
import { expectInvalid } from '../helpers/construct';
import { annotationIds } from '../helpers/annotations';
import { remediatedMembers } from '../helpers/remediation';
import { synth, testStack } from '../helpers/synth';
import { codeToken } from '../helpers/tokens';

const FIXTURES = path.join(__dirname, 'fixtures', 'policies');
const BUILTINS = path.join(__dirname, 'fixtures', 'builtin-refs.json');
const MG = '/providers/Microsoft.Management/managementGroups/contoso-platform';
const WORKSPACE = '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/siem/providers/Microsoft.OperationalInsights/workspaces/central';
const NOW = () => new Date('2026-06-01T00:00:00Z');
type Extra = Omit<KitPolicyAssignmentProps, 'policy' | 'scope'>;

/** The fixture initiative: denyPorts (Deny|Audit|Disabled), deployThing (DINE|AINE|Disabled), builtinDine (DINE|Disabled), modifyTags (fixed Modify), builtinAudit (fixed Audit). */
function baseline(stack: Construct, props: Extra = {}): KitPolicyAssignment {
  const initiative = KitPolicyInitiative.fromFile(stack, 'Baseline', 'baseline', { scope: MG, policiesFolder: FIXTURES, builtinRefsFile: BUILTINS });
  return new KitPolicyAssignment(stack, 'Assign', {
    policy: initiative, scope: MG, location: 'westeurope', parameters: { workspaceId: WORKSPACE }, clock: NOW,
    remediation: { subscriptionIds: ['11111111-1111-1111-1111-111111111111'] }, ...props,
  });
}

function denyPorts(stack: Construct, props: Extra = {}): KitPolicyAssignment {
  const def = KitPolicyDefinition.fromFile(stack, 'Deny', 'deny-ports', { scope: MG, policiesFolder: FIXTURES });
  return new KitPolicyAssignment(stack, 'Assign', { policy: def, scope: MG, clock: NOW, ...props });
}

const assignmentOf = (props: Extra) => synth((stack) => { baseline(stack, props); }).only('azurerm_management_group_policy_assignment');

describe('overrides', () => {
  test('rendered as azurerm overrides blocks, selectors in the order given', () => {
    const a = assignmentOf({
      overrides: [
        { value: 'Audit', selectors: [{ in: ['denyPorts'] }] },
        { value: 'Disabled', selectors: [{ kind: 'policyDefinitionReferenceId', notIn: ['denyPorts', 'deployThing'] }, { kind: 'resourceLocation', in: ['westus'] }] },
      ],
    });
    expect(a.overrides).toEqual([
      { value: 'Audit', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['denyPorts'] }] },
      { value: 'Disabled', selectors: [{ kind: 'policyDefinitionReferenceId', not_in: ['denyPorts', 'deployThing'] }, { kind: 'resourceLocation', in: ['westus'] }] },
    ]);
  });

  test('without overrides there is no overrides block', () => {
    expect(assignmentOf({})).not.toHaveProperty('overrides');
  });

  test('an override without selectors applies to every member', () => {
    expect(assignmentOf({ overrides: [{ value: 'Disabled' }] }).overrides).toEqual([{ value: 'Disabled' }]);
  });

  test('a member overridden to Disabled everywhere gets no remediation', () => {
    const out = synth((stack) => { baseline(stack, { overrides: [{ value: 'Disabled', selectors: [{ in: ['deployThing', 'modifyTags'] }] }] }); });
    expect(remediatedMembers(out)).toEqual(['builtinDine']);
  });

  test('a member overridden to Disabled in some regions only keeps its remediation', () => {
    const out = synth((stack) => {
      baseline(stack, { overrides: [{ value: 'Disabled', selectors: [{ in: ['deployThing'] }, { kind: 'resourceLocation', in: ['westus'] }] }] });
    });
    expect(remediatedMembers(out)).toEqual(['builtinDine', 'deployThing', 'modifyTags']);
  });

  test('a member turned into a deploying effect by an override gets a remediation', () => {
    const out = synth((stack) => {
      baseline(stack, { parameters: { workspaceId: WORKSPACE, deployEffect: 'AuditIfNotExists' }, overrides: [{ value: 'DeployIfNotExists', selectors: [{ in: ['deployThing'] }] }] });
    });
    expect(remediatedMembers(out)).toEqual(['builtinDine', 'deployThing', 'modifyTags']);
  });

  test('the first override that selects a member everywhere decides its effect', () => {
    const { deployingMembers } = synthAssignment({
      overrides: [{ value: 'Disabled', selectors: [{ in: ['builtinDine'] }] }, { value: 'DeployIfNotExists', selectors: [{ in: ['builtinDine'] }] }],
    });
    expect(deployingMembers.map((m) => m.referenceId).sort()).toEqual(['deployThing', 'modifyTags']);
  });

  test('an unresolved override value: no remediation for the member, a warning', () => {
    const { stack } = testStack();
    const a = baseline(stack, { overrides: [{ value: codeToken(), selectors: [{ in: ['deployThing'] }] }] });
    expect(a.deployingMembers.map((m) => m.referenceId).sort()).toEqual(['builtinDine', 'modifyTags']);
    expect(annotationIds(a)).toEqual(['guardrails:policy:unresolved-member-effect']);
  });

  test('a fixed effect can be swapped for an interchangeable one', () => {
    expect(assignmentOf({ overrides: [{ value: 'Deny', selectors: [{ in: ['builtinAudit'] }] }] }).overrides).toEqual([
      { value: 'Deny', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['builtinAudit'] }] },
    ]);
  });

  test('an override of a lone definition without selectors', () => {
    const out = synth((stack) => { denyPorts(stack, { overrides: [{ value: 'Audit' }] }); });
    expect(out.only('azurerm_management_group_policy_assignment').overrides).toEqual([{ value: 'Audit' }]);
  });

  test('an override of a lone built-in by region', () => {
    const out = synth((stack) => {
      const builtin = KitBuiltinPolicy.fromId(stack, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', BUILTINS);
      new KitPolicyAssignment(stack, 'A', { policy: builtin, scope: MG, overrides: [{ value: 'Disabled', selectors: [{ kind: 'resourceLocation', notIn: ['westeurope'] }] }] });
    });
    expect(out.only('azurerm_management_group_policy_assignment').overrides).toEqual([
      { value: 'Disabled', selectors: [{ kind: 'resourceLocation', not_in: ['westeurope'] }] },
    ]);
  });
});

/** Builds the baseline assignment and returns the construct (synth not needed for deployingMembers). */
function synthAssignment(props: Extra): KitPolicyAssignment {
  let a!: KitPolicyAssignment;
  synth((stack) => { a = baseline(stack, props); });
  return a;
}

describe('overrides: refused', () => {
  const cases: [string, Extra, RegExp][] = [
    ['an unknown reference id, naming the valid ones',
      { overrides: [{ value: 'Audit', selectors: [{ in: ['denyports', 'denyPort'] }] }] },
      /invalid overrides\[0\]\.selectors\[0\]\.in\[1\] "denyPort": is not a member of initiative "baseline"; reference ids: "denyPorts", "deployThing", "builtinDine", "modifyTags", "builtinAudit"/],
    ['an unknown reference id in notIn',
      { overrides: [{ value: 'Audit', selectors: [{ notIn: ['nope'] }] }] },
      /invalid overrides\[0\]\.selectors\[0\]\.notIn\[0\] "nope": is not a member/],
    ['an effect the member\'s parameter does not allow',
      { overrides: [{ value: 'Audit', selectors: [{ in: ['builtinDine'] }] }] },
      /invalid overrides\[0\]\.value "Audit": is not an effect member "builtinDine" of initiative "baseline" allows: its effect parameter "effect" takes "DeployIfNotExists", "Disabled"/],
    ['an effect that is not an effect',
      { overrides: [{ value: 'Block' }] },
      /invalid overrides\[0\]\.value "Block": must be an Azure Policy effect: must be one of "AddToNetworkGroup", .* or "Mutate"/],
    ['a fixed effect replaced by one that is not interchangeable',
      { overrides: [{ value: 'AuditIfNotExists', selectors: [{ in: ['builtinAudit'] }] }] },
      /cannot replace the fixed effect "Audit" of member "builtinAudit" .*: it can become "Disabled" or one of "Deny", "Modify", "Append"/],
    ['a fixed effect made deploying without roles',
      { overrides: [{ value: 'Modify', selectors: [{ in: ['builtinAudit'] }] }] },
      /cannot make member "builtinAudit" of initiative "baseline" deploy: its rule names no roleDefinitionIds/],
    ['a version override',
      { overrides: [{ kind: 'policyVersion' as never, value: '2.*.*' }] },
      /invalid overrides\[0\]\.kind "policyVersion": cannot be deployed with azurerm 4\.55: it sends every override as "policyEffect"/],
    ['both in and notIn',
      { overrides: [{ value: 'Audit', selectors: [{ in: ['denyPorts'], notIn: ['deployThing'] }] }] },
      /invalid overrides\[0\]\.selectors\[0\] .*`in` and `notIn` cannot be used together/],
    ['neither in nor notIn',
      { overrides: [{ value: 'Audit', selectors: [{ kind: 'resourceLocation' }] }] },
      /needs `in` or `notIn`/],
    ['more than 50 values',
      { overrides: [{ value: 'Disabled', selectors: [{ kind: 'resourceLocation', in: Array.from({ length: 51 }, (_, i) => `region${i}`) }] }] },
      /invalid overrides\[0\]\.selectors\[0\]\.in \[.*: must list 1 to 50 values/],
    ['an empty list',
      { overrides: [{ value: 'Disabled', selectors: [{ in: [] }] }] },
      /must list 1 to 50 values/],
    ['more than 10 overrides',
      { overrides: Array.from({ length: 11 }, () => ({ value: 'Disabled' })) },
      /invalid overrides .*: must be a list of at most 10 overrides/],
    ['the same selector kind twice',
      { overrides: [{ value: 'Disabled', selectors: [{ in: ['denyPorts'] }, { in: ['deployThing'] }] }] },
      /invalid overrides\[0\]\.selectors\[1\]\.kind "policyDefinitionReferenceId": is used twice/],
    ['a region that is not an ARM region name',
      { overrides: [{ value: 'Disabled', selectors: [{ kind: 'resourceLocation', in: ['West Europe'] }] }] },
      /invalid overrides\[0\]\.selectors\[0\]\.in\[0\] "West Europe": must be an Azure region name/],
    ['an unknown selector kind',
      { overrides: [{ value: 'Disabled', selectors: [{ kind: 'resourceType' as never, in: ['Microsoft.Compute/virtualMachines'] }] }] },
      /invalid overrides\[0\]\.selectors\[0\]\.kind "resourceType": must be one of "policyDefinitionReferenceId" or "resourceLocation"/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expectInvalid((stack) => baseline(stack, props), message);
  });

  test('reference id selectors on a lone definition', () => {
    expectInvalid((stack) => denyPorts(stack, { overrides: [{ value: 'Audit', selectors: [{ in: ['denyPorts'] }] }] }),
      /policy definition "deny-ports" is a single definition: policyDefinitionReferenceId selectors need an initiative/);
  });
});

describe('resource selectors', () => {
  test('rendered as azurerm resource_selectors blocks', () => {
    const a = assignmentOf({
      resourceSelectors: [
        { name: 'SDPRegions', selectors: [{ kind: 'resourceLocation', in: ['eastus', 'westus'] }, { kind: 'resourceType', notIn: ['Microsoft.Compute/virtualMachines'] }] },
        { name: 'SubscriptionLevel', selectors: [{ kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] }] },
      ],
    });
    expect(a.resource_selectors).toEqual([
      { name: 'SDPRegions', selectors: [{ kind: 'resourceLocation', in: ['eastus', 'westus'] }, { kind: 'resourceType', not_in: ['Microsoft.Compute/virtualMachines'] }] },
      { name: 'SubscriptionLevel', selectors: [{ kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] }] },
    ]);
  });

  test('without resource selectors there is no resource_selectors block', () => {
    expect(assignmentOf({})).not.toHaveProperty('resource_selectors');
  });

  const cases: [string, Extra, RegExp][] = [
    ['more than 10', { resourceSelectors: Array.from({ length: 11 }, (_, i) => ({ name: `s${i}`, selectors: [{ kind: 'resourceLocation' as const, in: ['westus'] }] })) },
      /invalid resourceSelectors .*: must be a list of at most 10 resource selectors/],
    ['no conditions', { resourceSelectors: [{ name: 'x', selectors: [] }] }, /invalid resourceSelectors\[0\]\.selectors \[\]: must list one or more conditions/],
    ['an empty name', { resourceSelectors: [{ name: ' ', selectors: [{ kind: 'resourceLocation', in: ['westus'] }] }] }, /invalid resourceSelectors\[0\]\.name " "/],
    ['a template in the name', { resourceSelectors: [{ name: 'a${var.x}', selectors: [{ kind: 'resourceLocation', in: ['westus'] }] }] },
      /invalid resourceSelectors\[0\]\.name "a\$\{var\.x\}": .*without "\$\{" or "%\{"/],
    ['a name used twice', {
      resourceSelectors: [{ name: 'a', selectors: [{ kind: 'resourceLocation', in: ['westus'] }] }, { name: 'A', selectors: [{ kind: 'resourceLocation', in: ['eastus'] }] }],
    }, /invalid resourceSelectors\[1\]\.name "A": is used by another resource selector/],
    ['a kind twice', { resourceSelectors: [{ name: 'a', selectors: [{ kind: 'resourceLocation', in: ['westus'] }, { kind: 'resourceLocation', in: ['eastus'] }] }] },
      /invalid resourceSelectors\[0\]\.selectors\[1\]\.kind "resourceLocation": is used twice/],
    ['location with resourceWithoutLocation', {
      resourceSelectors: [{ name: 'a', selectors: [{ kind: 'resourceLocation', in: ['westus'] }, { kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] }] }],
    }, /cannot combine resourceLocation and resourceWithoutLocation in one resource selector/],
    ['an unknown kind', { resourceSelectors: [{ name: 'a', selectors: [{ kind: 'policyDefinitionReferenceId' as never, in: ['denyPorts'] }] }] },
      /invalid resourceSelectors\[0\]\.selectors\[0\]\.kind "policyDefinitionReferenceId": must be one of "resourceLocation", "resourceType" or "resourceWithoutLocation"/],
    ['a resource type of the wrong shape', { resourceSelectors: [{ name: 'a', selectors: [{ kind: 'resourceType', in: ['virtualMachines'] }] }] },
      /invalid resourceSelectors\[0\]\.selectors\[0\]\.in\[0\] "virtualMachines": must be a resource type/],
    ['another resourceWithoutLocation value', { resourceSelectors: [{ name: 'a', selectors: [{ kind: 'resourceWithoutLocation', in: ['global'] }] }] },
      /"global": must be "subscriptionLevelResources"/],
    ['a value listed twice', { resourceSelectors: [{ name: 'a', selectors: [{ kind: 'resourceLocation', in: ['westus', 'westus'] }] }] },
      /invalid resourceSelectors\[0\]\.selectors\[0\]\.in\[1\] "westus": is listed twice/],
    ['51 values', { resourceSelectors: [{ name: 'a', selectors: [{ kind: 'resourceType', notIn: Array.from({ length: 51 }, (_, i) => `Microsoft.X/t${i}`) }] }] },
      /invalid resourceSelectors\[0\]\.selectors\[0\]\.notIn .*must list 1 to 50 values/],
  ];
  test.each(cases)('refused: %s', (_name, props, message) => {
    expectInvalid((stack) => baseline(stack, props), message);
  });
});
