import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Construct } from 'constructs';
import { DefenderForCloud } from '../../lib/defender';
import {
  JIT_REQUESTER_ACTIONS, JitAccessPolicy, JitAccessPolicyProps, JitNsgBaseline, JitRequesterRole,
} from '../../lib/jit';
import { annotationIds, warnings } from '../helpers/annotations';
import { expectInvalid as expectRefused } from '../helpers/construct';
import { synth, testStack, wrap, Synthesized } from '../helpers/synth';

const SUB = '00000000-0000-0000-0000-000000000001';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-app`;
const vm = (name: string, rg = 'rg-app', sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const nsg = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/${name}`;
const ADMINS = ['203.0.113.0/24'];

const base: JitAccessPolicyProps = {
  resourceGroupName: 'rg-app',
  location: 'westeurope',
  virtualMachines: [{ id: vm('vm1') }],
  allowedSourceAddressPrefixes: ADMINS,
};

interface JitTemplate {
  $schema: string;
  resources: { type: string; apiVersion: string; name: string; kind: string; location?: string; properties: { virtualMachines: { id: string; ports: Record<string, unknown>[] }[] } }[];
  outputs: Record<string, { type: string; value: string }>;
}

/** The template JSON parsed from the deployment resource. */
function template(out: Synthesized): JitTemplate {
  return JSON.parse(out.only('azurerm_resource_group_template_deployment').template_content as string) as JitTemplate;
}

function build(props: Partial<JitAccessPolicyProps>, extra?: (stack: Construct) => void): Synthesized {
  return synth((stack) => {
    extra?.(stack);
    new JitAccessPolicy(stack, 'Jit', { ...base, ...props });
  });
}

function expectInvalid(props: Partial<JitAccessPolicyProps>, message: RegExp): void {
  expectRefused((stack) => new JitAccessPolicy(stack, 'Jit', { ...base, ...props }), message);
}

describe('JitAccessPolicy defaults', () => {
  const out = build({});

  test('snapshot of the minimal policy', () => {
    expect(out.json.resource).toMatchSnapshot();
  });

  test('template deployment: resource group, incremental, named after location and policy', () => {
    expect(out.only('azurerm_resource_group_template_deployment')).toMatchObject({
      name: 'jit-westeurope-default', resource_group_name: 'rg-app', deployment_mode: 'Incremental',
    });
  });

  test('template: one Basic JIT policy, API 2020-01-01, ports 22 and 3389 over TCP for PT3H from the named sources', () => {
    const t = template(out);
    expect(t.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    expect(t.resources).toHaveLength(1);
    const [policy] = t.resources;
    expect(policy).toEqual({
      type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
      apiVersion: '2020-01-01',
      name: 'westeurope/default',
      kind: 'Basic',
      properties: {
        virtualMachines: [{
          id: vm('vm1'),
          ports: [
            { number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '203.0.113.0/24', maxRequestAccessDuration: 'PT3H' },
            { number: 3389, protocol: 'TCP', allowedSourceAddressPrefix: '203.0.113.0/24', maxRequestAccessDuration: 'PT3H' },
          ],
        }],
      },
    });
    expect(t.outputs.policyId).toEqual({
      type: 'string', value: "[resourceId('Microsoft.Security/locations/jitNetworkAccessPolicies', 'westeurope', 'default')]",
    });
  });

  test('no baseline rules and no role unless asked for', () => {
    expect(out.count('azurerm_network_security_rule')).toBe(0);
    expect(out.count('azurerm_role_definition')).toBe(0);
    expect(out.count('azurerm_role_assignment')).toBe(0);
  });
});

describe('JitAccessPolicy ports, sources and merging', () => {
  test('per-port protocol, several sources (allowedSourceAddressPrefixes) and durations', () => {
    const out = build({
      policyName: 'ops',
      maxRequestAccessDuration: 'PT1H',
      virtualMachines: [
        { id: vm('vm1'), ports: [{ number: 22 }, { number: 5985, protocol: '*', allowedSourceAddressPrefixes: ['198.51.100.7', '198.51.100.0/28'], maxRequestAccessDuration: 'PT24H' }] },
        { id: vm('vm2'), ports: [{ number: 3389, protocol: 'UDP' }] },
      ],
    });
    const t = template(out);
    expect(t.resources[0].name).toBe('westeurope/ops');
    expect(t.resources[0].properties.virtualMachines).toEqual([
      {
        id: vm('vm1'),
        ports: [
          { number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '203.0.113.0/24', maxRequestAccessDuration: 'PT1H' },
          { number: 5985, protocol: '*', allowedSourceAddressPrefixes: ['198.51.100.7', '198.51.100.0/28'], maxRequestAccessDuration: 'PT24H' },
        ],
      },
      { id: vm('vm2'), ports: [{ number: 3389, protocol: 'UDP', allowedSourceAddressPrefix: '203.0.113.0/24', maxRequestAccessDuration: 'PT1H' }] },
    ]);
    // Exactly one of the two source fields per port.
    for (const port of t.resources[0].properties.virtualMachines.flatMap((v) => v.ports)) {
      expect(('allowedSourceAddressPrefix' in port) !== ('allowedSourceAddressPrefixes' in port)).toBe(true);
    }
    expect(out.only('azurerm_resource_group_template_deployment').name).toBe('jit-westeurope-ops');
  });

  test('policy-level ports and protocol apply to VMs without their own', () => {
    const t = template(build({ ports: [{ number: 2222 }], protocol: 'UDP', virtualMachines: [{ id: vm('a') }, { id: vm('b') }] }));
    expect(t.resources[0].properties.virtualMachines.map((v) => v.ports)).toEqual([
      [{ number: 2222, protocol: 'UDP', allowedSourceAddressPrefix: '203.0.113.0/24', maxRequestAccessDuration: 'PT3H' }],
      [{ number: 2222, protocol: 'UDP', allowedSourceAddressPrefix: '203.0.113.0/24', maxRequestAccessDuration: 'PT3H' }],
    ]);
  });

  test('a VM given twice, and VMs added later, end up in the one policy', () => {
    const out = synth((stack) => {
      const jit = new JitAccessPolicy(stack, 'Jit', {
        ...base,
        virtualMachines: [{ id: vm('vm1'), ports: [{ number: 22 }] }, { id: vm('VM1').replace('rg-app', 'RG-APP'), ports: [{ number: 22 }, { number: 3389 }] }],
      });
      jit.addVirtualMachine({ id: vm('vm2') });
      jit.addVirtualMachine({ id: vm('vm1'), ports: [{ number: 8443 }] });
      expect(jit.virtualMachineIds).toEqual([vm('vm1'), vm('vm2')]);
    });
    expect(out.count('azurerm_resource_group_template_deployment')).toBe(1);
    const vms = template(out).resources[0].properties.virtualMachines;
    expect(vms.map((v) => [v.id, v.ports.map((p) => p.number)])).toEqual([[vm('vm1'), [22, 3389, 8443]], [vm('vm2'), [22, 3389]]]);
  });

  test('allowAnySource opts in to "*" (rendered as *) with a warning', () => {
    const { stack } = testStack();
    const jit = new JitAccessPolicy(stack, 'Jit', { ...base, allowAnySource: true, allowedSourceAddressPrefixes: ['0.0.0.0/0'] });
    const out = wrap(Testing.synth(stack as TerraformStack, true));
    expect(template(out).resources[0].properties.virtualMachines[0].ports[0].allowedSourceAddressPrefix).toBe('*');
    expect(warnings(jit)).toContainEqual(expect.stringMatching(/allowAnySource: a JIT request may open management ports to any address/));
    expect(annotationIds(jit)).toContain('guardrails:jit:any-source');
  });

  test('VM ids given as tokens are accepted, rendered as references, and the role scope is derived in Terraform', () => {
    const out = synth((stack) => {
      const vmId = new TerraformVariable(stack, 'vm_id', { type: 'string' }).stringValue;
      new JitAccessPolicy(stack, 'Jit', { ...base, virtualMachines: [{ id: vmId }], requesterRole: true });
    });
    expect(template(out).resources[0].properties.virtualMachines[0].id).toBe('${var.vm_id}');
    expect(out.only('azurerm_role_definition').scope).toBe('${join("/", slice(split("/", var.vm_id), 0, 5))}');
  });
});

describe('JitAccessPolicy companions', () => {
  test('NSG baseline: standalone deny rule per NSG for every policy port, from Internet', () => {
    const out = build({
      networkSecurityGroupIds: [nsg('nsg-web'), nsg('nsg-db')],
      virtualMachines: [{ id: vm('vm1') }, { id: vm('vm2'), ports: [{ number: 5986 }] }],
    });
    const rules = out.list('azurerm_network_security_rule');
    expect(rules).toHaveLength(2);
    for (const [i, name] of ['nsg-web', 'nsg-db'].entries()) {
      expect(rules[i]).toEqual(expect.objectContaining({
        name: 'deny-management-ports-from-internet',
        network_security_group_name: name,
        resource_group_name: 'rg-net',
        priority: 4000,
        direction: 'Inbound',
        access: 'Deny',
        protocol: '*',
        source_address_prefix: 'Internet',
        source_port_range: '*',
        destination_address_prefix: '*',
        destination_port_ranges: ['22', '3389', '5986'],
      }));
    }
    expect(out.count('azurerm_network_security_group')).toBe(0);
  });

  test('NSG baseline picks up ports of VMs added later; custom priority', () => {
    const out = synth((stack) => {
      const jit = new JitAccessPolicy(stack, 'Jit', { ...base, networkSecurityGroupIds: [nsg('n')], baselinePriority: 3000 });
      jit.addVirtualMachine({ id: vm('vm9'), ports: [{ number: 2222 }] });
    });
    expect(out.only('azurerm_network_security_rule')).toMatchObject({ priority: 3000, destination_port_ranges: ['22', '2222', '3389'] });
  });

  test('two policies sharing an NSG: the second baseline rule is refused unless name and priority differ', () => {
    const { stack } = testStack();
    new JitAccessPolicy(stack, 'JitA', { ...base, networkSecurityGroupIds: [nsg('shared')] });
    expect(() => new JitAccessPolicy(stack, 'JitB', { ...base, resourceGroupName: 'rg-b', virtualMachines: [{ id: vm('b1', 'rg-b') }], networkSecurityGroupIds: [nsg('shared')] }))
      .toThrow(/test\/JitB\/NsgBaseline: invalid networkSecurityGroupIds\[0\] ".*\/shared": test\/JitA\/NsgBaseline already writes a baseline rule with rule name "deny-management-ports-from-internet" into this NSG/);
    expect(() => new JitAccessPolicy(stack, 'JitC', { ...base, resourceGroupName: 'rg-c', virtualMachines: [{ id: vm('c1', 'rg-c') }], networkSecurityGroupIds: [nsg('shared')], baselineRuleName: 'deny-mgmt-c' }))
      .toThrow(/already writes a baseline rule with inbound priority 4000 into this NSG/);
    new JitAccessPolicy(stack, 'JitD', { ...base, resourceGroupName: 'rg-d', virtualMachines: [{ id: vm('d1', 'rg-d') }], networkSecurityGroupIds: [nsg('shared')], baselineRuleName: 'deny-mgmt-d', baselinePriority: 3990 });
    const out = wrap(Testing.synth(stack as TerraformStack, true));
    expect(out.list('azurerm_network_security_rule').map((r) => [r.name, r.priority])).toEqual([['deny-management-ports-from-internet', 4000], ['deny-mgmt-d', 3990]]);
  });

  test('requester role: least-privilege actions at the resource group, assigned to the principals', () => {
    const p1 = '11111111-1111-1111-1111-111111111111';
    const p2 = '22222222-2222-2222-2222-222222222222';
    const out = build({ requesterPrincipalIds: [p1, p2], requesterPrincipalType: 'Group' });
    const role = out.only('azurerm_role_definition');
    expect(role).toMatchObject({ name: 'JIT access requester (rg-app, westeurope)', scope: RG, assignable_scopes: [RG] });
    expect(role.permissions).toEqual([{ actions: [...JIT_REQUESTER_ACTIONS], not_actions: [] }]);
    expect(JIT_REQUESTER_ACTIONS).toEqual([
      'Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action',
      'Microsoft.Security/locations/jitNetworkAccessPolicies/read',
      'Microsoft.Security/locations/jitNetworkAccessPolicies/*/read',
      'Microsoft.Compute/virtualMachines/read',
      'Microsoft.Network/networkInterfaces/read',
      'Microsoft.Network/networkInterfaces/*/read',
      'Microsoft.Network/publicIPAddresses/read',
    ]);
    // Nothing that writes.
    expect(JIT_REQUESTER_ACTIONS.filter((a) => /write|delete|\/\*$/.test(a))).toEqual([]);
    const assignments = out.list('azurerm_role_assignment');
    expect(assignments.map((a) => a.principal_id)).toEqual([p1, p2]);
    for (const a of assignments) {
      expect(a).toMatchObject({ scope: RG, principal_type: 'Group', role_definition_id: expect.stringMatching(/\$\{azurerm_role_definition\.\w+\.role_definition_resource_id\}/) });
    }
  });

  test('requester role without principals when asked for', () => {
    const out = build({ requesterRole: true, requesterRoleName: 'JIT requester' });
    expect(out.only('azurerm_role_definition').name).toBe('JIT requester');
    expect(out.count('azurerm_role_assignment')).toBe(0);
  });

  test('standalone JitNsgBaseline and JitRequesterRole', () => {
    const out = synth((stack) => {
      new JitNsgBaseline(stack, 'Baseline', { networkSecurityGroupIds: [nsg('n1')] });
      new JitRequesterRole(stack, 'Role', { scope: `/subscriptions/${SUB}` });
    });
    expect(out.only('azurerm_network_security_rule')).toMatchObject({ destination_port_ranges: ['22', '3389'], priority: 4000, access: 'Deny', source_address_prefix: 'Internet' });
    expect(out.only('azurerm_role_definition')).toMatchObject({ name: `JIT access requester (${SUB})`, scope: `/subscriptions/${SUB}` });
  });
});

describe('JitAccessPolicy and Defender for Servers', () => {
  test('P2 in the stack: accepted without warning', () => {
    const { stack } = testStack();
    new DefenderForCloud(stack, 'Defender', { plans: { recommended: false, plans: [{ plan: 'VirtualMachines', subPlan: 'P2' }] } });
    const jit = new JitAccessPolicy(stack, 'Jit', base);
    const out = wrap(Testing.synth(stack as TerraformStack, true));
    expect(warnings(jit)).toEqual([]);
    // The policy is deployed after the plan is on.
    const pricing = Object.keys(out.resources('azurerm_security_center_subscription_pricing'));
    expect(pricing).toHaveLength(1);
    expect(out.only('azurerm_resource_group_template_deployment').depends_on).toEqual([`azurerm_security_center_subscription_pricing.${pricing[0]}`]);
  });

  test('P2 Defender added after the JIT construct: dependency added at synthesis', () => {
    const { stack } = testStack();
    new JitAccessPolicy(stack, 'Jit', base);
    new DefenderForCloud(stack, 'Defender', { plans: { recommended: false, plans: [{ plan: 'VirtualMachines', subPlan: 'P2' }] } });
    const out = wrap(Testing.synth(stack as TerraformStack, true));
    expect(out.only('azurerm_resource_group_template_deployment').depends_on).toEqual([expect.stringMatching(/^azurerm_security_center_subscription_pricing\./)]);
  });

  test('P1 in the stack: refused, naming the reason', () => {
    const { stack } = testStack();
    new DefenderForCloud(stack, 'Defender', { plans: { recommended: false, plans: [{ plan: 'VirtualMachines', subPlan: 'P1' }] } });
    expect(() => new JitAccessPolicy(stack, 'Jit', base))
      .toThrow(/test\/Jit: invalid virtualMachines .*needs Microsoft Defender for Servers Plan 2, but DefenderForCloud test\/Defender configures subPlan "P1"/);
  });

  test('Defender without the VirtualMachines plan: refused', () => {
    const { stack } = testStack();
    new DefenderForCloud(stack, 'Defender', { plans: { recommended: false, plans: [{ plan: 'KeyVaults' }] } });
    expect(() => new JitAccessPolicy(stack, 'Jit', base)).toThrow(/needs Microsoft Defender for Servers Plan 2, .*the VirtualMachines plan is not enabled/);
  });

  test('Defender P1 added after the JIT construct: synthesis fails with the reason', () => {
    const { stack } = testStack();
    new JitAccessPolicy(stack, 'Jit', base);
    new DefenderForCloud(stack, 'Defender', { plans: { recommended: false, plans: [{ plan: 'VirtualMachines', subPlan: 'P1' }] } });
    expect(() => Testing.synth(stack as TerraformStack, true)).toThrow(/\[test\/Jit\] Just-in-time VM access needs Microsoft Defender for Servers Plan 2.*subPlan "P1"/);
  });

  test('no Defender in the stack: warning annotation', () => {
    const { stack } = testStack();
    const jit = new JitAccessPolicy(stack, 'Jit', base);
    Testing.synth(stack as TerraformStack, true);
    expect(warnings(jit)).toEqual([expect.stringMatching(/needs Microsoft Defender for Servers Plan 2 .*no DefenderForCloud construct is in this stack/)]);
    expect(annotationIds(jit)).toEqual(['guardrails:jit:defender-for-servers-unchecked']);
  });
});

describe('JitAccessPolicy refuses bad input', () => {
  test('"*" and other anywhere sources without allowAnySource', () => {
    expectInvalid({ allowedSourceAddressPrefixes: ['*'] }, /test\/Jit: invalid allowedSourceAddressPrefixes\[0\] "\*": opens the port to the whole internet/);
    for (const any of ['Internet', 'Any', '0.0.0.0/0']) {
      expectInvalid({ allowedSourceAddressPrefixes: ['203.0.113.1', any] }, /invalid allowedSourceAddressPrefixes\[1\] .*opens the port to the whole internet.*allowAnySource/);
    }
    expectInvalid({ virtualMachines: [{ id: vm('vm1'), ports: [{ number: 22, allowedSourceAddressPrefixes: ['*'] }] }] },
      /invalid virtualMachines\[0\]\.ports\[0\]\.allowedSourceAddressPrefixes\[0\] "\*"/);
  });

  test('sources missing, empty or malformed', () => {
    expectInvalid({ allowedSourceAddressPrefixes: undefined },
      /invalid ports\[0\]\.allowedSourceAddressPrefixes undefined: is required: name the IPv4 addresses or CIDR blocks administrators connect from/);
    expectInvalid({ allowedSourceAddressPrefixes: [] }, /invalid allowedSourceAddressPrefixes \[\]: must list at least one/);
    expectInvalid({ allowedSourceAddressPrefixes: ['corpnet'] }, /invalid allowedSourceAddressPrefixes\[0\] "corpnet": must be an IPv4 address or CIDR block/);
  });

  test('deployment names Azure refuses (over 64 characters, or characters outside letters, digits and -_.())', () => {
    expectInvalid({ deploymentName: 'jit policy' }, /invalid deploymentName "jit policy": must be 1-64 letters, digits/);
    expectInvalid({ deploymentName: 'j'.repeat(65) }, /invalid deploymentName "j{65}": must be 1-64/);
    expectInvalid({ policyName: 'p'.repeat(60) }, /invalid policyName "p{60}": makes the default deployment name "jit-westeurope-p{60}" longer than Azure's 64 characters/);
    expect(() => build({ policyName: 'p'.repeat(60), deploymentName: 'jit-long' })).not.toThrow();
  });

  test('duration under 5 minutes (the JIT API minimum for maxRequestAccessDuration)', () => {
    expectInvalid({ maxRequestAccessDuration: 'PT4M' }, /invalid maxRequestAccessDuration "PT4M": must be at least "PT5M"/);
    expectInvalid({ virtualMachines: [{ id: vm('vm1'), ports: [{ number: 22, maxRequestAccessDuration: 'PT299S' }] }] },
      /invalid virtualMachines\[0\]\.ports\[0\]\.maxRequestAccessDuration "PT299S": must be at least "PT5M"/);
    expect(() => build({ maxRequestAccessDuration: 'PT5M' })).not.toThrow();
  });

  test('duration over 24 hours, zero or malformed', () => {
    expectInvalid({ maxRequestAccessDuration: 'PT25H' }, /invalid maxRequestAccessDuration "PT25H": must be at most "PT24H"/);
    expectInvalid({ maxRequestAccessDuration: 'P1DT1M' }, /invalid maxRequestAccessDuration "P1DT1M": must be at most "PT24H"/);
    expectInvalid({ virtualMachines: [{ id: vm('vm1'), ports: [{ number: 22, maxRequestAccessDuration: 'P2D' }] }] },
      /invalid virtualMachines\[0\]\.ports\[0\]\.maxRequestAccessDuration "P2D": must be at most "PT24H"/);
    expectInvalid({ maxRequestAccessDuration: '3 hours' }, /invalid maxRequestAccessDuration "3 hours": must be an ISO 8601 duration/);
    expectInvalid({ maxRequestAccessDuration: 'PT0H' }, /invalid maxRequestAccessDuration "PT0H": must be an ISO 8601 duration/);
  });

  test('bad VM ids', () => {
    expectInvalid({ virtualMachines: [{ id: 'vm1' }] }, /invalid virtualMachines\[0\]\.id "vm1": must be the resource id of a Microsoft.Compute\/virtualMachines/);
    expectInvalid({ virtualMachines: [{ id: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachineScaleSets/ss` }] },
      /invalid virtualMachines\[0\]\.id .*must be the resource id of a Microsoft.Compute\/virtualMachines/);
    expectInvalid({ virtualMachines: [] }, /invalid virtualMachines \[\]: must list at least one VM/);
  });

  test('VM outside the policy resource group, or in another subscription', () => {
    expectInvalid({ virtualMachines: [{ id: vm('vm1', 'rg-other') }] },
      /invalid virtualMachines\[0\]\.id .*rg-other.*must be a VM in the policy's resource group "rg-app"/);
    expectInvalid({ virtualMachines: [{ id: vm('vm1') }, { id: vm('vm2', 'rg-app', '00000000-0000-0000-0000-000000000002') }] },
      /invalid virtualMachines\[1\]\.id .*must be in subscription 00000000-0000-0000-0000-000000000001/);
  });

  test('duplicate resource group + location writer in the same app', () => {
    const app = Testing.app();
    const s1 = new TerraformStack(app, 'one');
    const s2 = new TerraformStack(app, 'two');
    for (const s of [s1, s2]) new AzurermProvider(s, 'azurerm', { features: [{}] });
    new JitAccessPolicy(s1, 'JitA', base);
    expect(() => new JitAccessPolicy(s2, 'JitB', { ...base, resourceGroupName: 'RG-APP', virtualMachines: [{ id: vm('vm7') }] }))
      .toThrow(/two\/JitB: invalid resourceGroupName "RG-APP": JitAccessPolicy one\/JitA already writes the JIT policy of resource group "RG-APP" in westeurope; a second writer \(two\/JitB\) would overwrite it/);
    // Another location, or another subscription, is another policy.
    expect(() => new JitAccessPolicy(s2, 'JitC', { ...base, location: 'northeurope' })).not.toThrow();
    expect(() => new JitAccessPolicy(s2, 'JitD', { ...base, virtualMachines: [{ id: vm('vm1', 'rg-app', '00000000-0000-0000-0000-000000000009') }] })).not.toThrow();
    // Separate apps do not see each other.
    const other = new App();
    const s3 = new TerraformStack(other, 'three');
    expect(() => new JitAccessPolicy(s3, 'JitA', base)).not.toThrow();
  });

  test('port number, protocol, duplicate port with different settings', () => {
    expectInvalid({ ports: [{ number: 0 }] }, /invalid ports\[0\]\.number 0: must be a whole number from 1 to 65535/);
    expectInvalid({ virtualMachines: [{ id: vm('vm1'), ports: [{ number: 70000 }] }] }, /invalid virtualMachines\[0\]\.ports\[0\]\.number 70000/);
    expectInvalid({ protocol: 'ICMP' as 'TCP' }, /invalid protocol "ICMP": must be one of "TCP", "UDP" or "\*"/);
    expectInvalid({ virtualMachines: [{ id: vm('vm1'), ports: [{ number: 22 }, { number: 22, protocol: 'UDP' }] }] },
      /port 22 of this VM is already in the policy with different settings/);
  });

  test('policy name, location, companions', () => {
    expectInvalid({ policyName: 'bad name' }, /invalid policyName "bad name"/);
    expectInvalid({ location: 'West Europe' }, /invalid location "West Europe"/);
    expectInvalid({ baselinePriority: 3000 }, /invalid baselinePriority 3000: needs networkSecurityGroupIds/);
    expectInvalid({ baselineRuleName: 'x' }, /invalid baselineRuleName "x": needs networkSecurityGroupIds/);
    // Azure's security rule naming: 1-80 of letters, digits, _ . -; first a letter or digit; last a letter, digit or _.
    expectInvalid({ networkSecurityGroupIds: [nsg('n1')], baselineRuleName: 'deny mgmt' }, /NsgBaseline: invalid ruleName "deny mgmt": must be 1-80 letters/);
    expectInvalid({ networkSecurityGroupIds: [nsg('n1')], baselineRuleName: 'deny-' }, /invalid ruleName "deny-"/);
    expectInvalid({ networkSecurityGroupIds: [nsg('n1')], baselineRuleName: 'd'.repeat(81) }, /invalid ruleName "d{81}"/);
    expectInvalid({ networkSecurityGroupIds: [vm('vm1')] }, /invalid networkSecurityGroupIds\[0\] .*Microsoft.Network\/networkSecurityGroups/);
    expectInvalid({ networkSecurityGroupIds: [nsg('a'), nsg('a')] }, /invalid networkSecurityGroupIds\[1\] .*is listed twice/);
    expectInvalid({ networkSecurityGroupIds: [nsg('a')], baselinePriority: 5000 }, /invalid priority 5000: must be a whole number from 100 to 4096/);
    expectInvalid({ requesterPrincipalIds: ['bob'] }, /invalid principalIds\[0\] "bob": must be a GUID/);
    expectInvalid({ requesterPrincipalIds: ['11111111-1111-1111-1111-111111111111'], requesterPrincipalType: 'Robot' as never },
      /invalid principalType "Robot": must be one of "ServicePrincipal", "User" or "Group"/);
    expectInvalid({ requesterPrincipalIds: ['11111111-1111-1111-1111-111111111111'], requesterRole: false }, /invalid requesterPrincipalIds .*needs requesterRole/);
  });
});
