import { Testing, TerraformStack } from 'cdktf';
import { SecureBastion, SecureBastionProps } from '../../lib/bastion';
import { annotationIds, warnings } from '../helpers/annotations';
import { expectInvalid as expectRefused } from '../helpers/construct';
import { synth, testStack, wrap } from '../helpers/synth';

const SUB = '00000000-0000-0000-0000-000000000001';
const VNET_ID = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub`;
const SUBNET_ID = `${VNET_ID}/subnets/AzureBastionSubnet`;

/** A new VNet with a /26 Bastion subnet: the smallest valid input. */
const base: SecureBastionProps = {
  name: 'bas-hub',
  resourceGroupName: 'rg-bastion',
  location: 'westeurope',
  virtualNetworkAddressSpace: ['10.0.0.0/24'],
  subnetAddressPrefix: '10.0.0.0/26',
};

function build(props: Partial<SecureBastionProps>) {
  return synth((stack) => {
    new SecureBastion(stack, 'Bastion', { ...base, ...props });
  });
}

function expectInvalid(props: Partial<SecureBastionProps>, message: RegExp): void {
  expectRefused((stack) => new SecureBastion(stack, 'Bastion', { ...base, ...props }), message);
}

/** Rules keyed by name, with the fields that matter to Azure's compliance check. */
function rulesByName(out: ReturnType<typeof build>) {
  const rules: Record<string, Record<string, unknown>> = {};
  for (const r of out.list('azurerm_network_security_rule')) {
    rules[r.name as string] = {
      priority: r.priority,
      direction: r.direction,
      access: r.access,
      protocol: r.protocol,
      source: r.source_address_prefix,
      destination: r.destination_address_prefix,
      ports: r.destination_port_range ?? r.destination_port_ranges,
      sourcePorts: r.source_port_range,
    };
  }
  return rules;
}

describe('SecureBastion defaults', () => {
  const out = build({});

  test('snapshot of the zero-config construct', () => {
    expect(out.json.resource).toMatchSnapshot();
  });

  test('creates the VNet and a /26 subnet named exactly AzureBastionSubnet', () => {
    const vnet = out.only('azurerm_virtual_network');
    expect(vnet).toMatchObject({ name: 'bas-hub-vnet', address_space: ['10.0.0.0/24'], location: 'westeurope', resource_group_name: 'rg-bastion' });
    const subnet = out.only('azurerm_subnet');
    expect(subnet).toMatchObject({ name: 'AzureBastionSubnet', address_prefixes: ['10.0.0.0/26'], resource_group_name: 'rg-bastion' });
    expect(subnet.virtual_network_name).toMatch(/\$\{azurerm_virtual_network\.\w+\.name\}/);
  });

  test('NSG has exactly the rules Bastion needs and an explicit deny in each direction', () => {
    const rules = rulesByName(out);
    expect(rules).toEqual({
      AllowHttpsInbound: { priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source: 'Internet', destination: '*', ports: '443', sourcePorts: '*' },
      AllowGatewayManagerInbound: { priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source: 'GatewayManager', destination: '*', ports: '443', sourcePorts: '*' },
      AllowAzureLoadBalancerInbound: { priority: 120, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source: 'AzureLoadBalancer', destination: '*', ports: '443', sourcePorts: '*' },
      AllowBastionHostCommunicationInbound: { priority: 130, direction: 'Inbound', access: 'Allow', protocol: '*', source: 'VirtualNetwork', destination: 'VirtualNetwork', ports: ['8080', '5701'], sourcePorts: '*' },
      DenyAllInbound: { priority: 4096, direction: 'Inbound', access: 'Deny', protocol: '*', source: '*', destination: '*', ports: '*', sourcePorts: '*' },
      AllowSshRdpOutbound: { priority: 100, direction: 'Outbound', access: 'Allow', protocol: '*', source: '*', destination: 'VirtualNetwork', ports: ['22', '3389'], sourcePorts: '*' },
      AllowAzureCloudOutbound: { priority: 110, direction: 'Outbound', access: 'Allow', protocol: 'Tcp', source: '*', destination: 'AzureCloud', ports: '443', sourcePorts: '*' },
      AllowBastionHostCommunicationOutbound: { priority: 120, direction: 'Outbound', access: 'Allow', protocol: '*', source: 'VirtualNetwork', destination: 'VirtualNetwork', ports: ['8080', '5701'], sourcePorts: '*' },
      AllowHttpOutbound: { priority: 130, direction: 'Outbound', access: 'Allow', protocol: '*', source: '*', destination: 'Internet', ports: '80', sourcePorts: '*' },
      DenyAllOutbound: { priority: 4096, direction: 'Outbound', access: 'Deny', protocol: '*', source: '*', destination: '*', ports: '*', sourcePorts: '*' },
    });
    // Priorities are unique per direction.
    for (const dir of ['Inbound', 'Outbound']) {
      const priorities = Object.values(rules).filter((r) => r.direction === dir).map((r) => r.priority);
      expect(new Set(priorities).size).toBe(priorities.length);
    }
    // Standalone rules only: no inline security_rule blocks that would wipe rules added elsewhere.
    expect(out.only('azurerm_network_security_group').security_rule).toBeUndefined();
    expect(out.only('azurerm_network_security_group')).toMatchObject({ name: 'bas-hub-nsg', resource_group_name: 'rg-bastion' });
  });

  test('the NSG association waits for every rule, and the host waits for the association', () => {
    const assoc = out.only('azurerm_subnet_network_security_group_association');
    expect(assoc.subnet_id).toMatch(/\$\{azurerm_subnet\.\w+\.id\}/);
    expect(assoc.network_security_group_id).toMatch(/\$\{azurerm_network_security_group\.\w+\.id\}/);
    const ruleNames = Object.keys(out.resources('azurerm_network_security_rule')).map((k) => `azurerm_network_security_rule.${k}`);
    expect([...(assoc.depends_on as string[])].sort()).toEqual(ruleNames.sort());
    const host = out.only('azurerm_bastion_host');
    expect(host.depends_on).toEqual([expect.stringMatching(/^azurerm_subnet_network_security_group_association\./)]);
  });

  test('Standard static public IP and a Standard host with shareable links off', () => {
    expect(out.only('azurerm_public_ip')).toMatchObject({ name: 'bas-hub-pip', sku: 'Standard', allocation_method: 'Static' });
    const host = out.only('azurerm_bastion_host');
    expect(host).toMatchObject({
      name: 'bas-hub', sku: 'Standard', shareable_link_enabled: false, copy_paste_enabled: true, file_copy_enabled: false,
      ip_connect_enabled: false, kerberos_enabled: false, tunneling_enabled: false, session_recording_enabled: false, scale_units: 2,
    });
    expect(host.ip_configuration).toMatchObject({
      name: 'ipconfig',
      subnet_id: expect.stringMatching(/\$\{azurerm_subnet\.\w+\.id\}/),
      public_ip_address_id: expect.stringMatching(/\$\{azurerm_public_ip\.\w+\.id\}/),
    });
    expect(host.virtual_network_id).toBeUndefined();
    expect(out.count('azurerm_monitor_diagnostic_setting')).toBe(0);
  });
});

describe('SecureBastion networks', () => {
  test('existing VNet by id: subnet created in that VNet and its resource group, inside its address space', () => {
    const out = build({ virtualNetworkId: VNET_ID, virtualNetworkAddressSpace: ['10.1.0.0/16'], subnetAddressPrefix: '10.1.255.0/26' });
    expect(out.count('azurerm_virtual_network')).toBe(0);
    expect(out.only('azurerm_subnet')).toMatchObject({ name: 'AzureBastionSubnet', virtual_network_name: 'hub', resource_group_name: 'rg-net', address_prefixes: ['10.1.255.0/26'] });
  });

  test('existing VNet given as a token: name and resource group are derived in Terraform', () => {
    const out = synth((stack) => {
      const vnet = new SecureBastion(stack, 'Spoke', { ...base, name: 'bas-a', subnetAddressPrefix: '10.0.0.0/26' });
      new SecureBastion(stack, 'Bastion', { ...base, virtualNetworkId: vnet.virtualNetworkId, virtualNetworkAddressSpace: undefined, subnetAddressPrefix: '10.0.0.64/26' });
    });
    const subnet = out.list('azurerm_subnet').find((s) => (s.address_prefixes as string[])[0] === '10.0.0.64/26')!;
    expect(subnet.virtual_network_name).toMatch(/element\(split\("\/", azurerm_virtual_network\.\w+\.id\), 8\)/);
    expect(subnet.resource_group_name).toMatch(/element\(split\("\/", azurerm_virtual_network\.\w+\.id\), 4\)/);
  });

  test('adopts an existing AzureBastionSubnet: no subnet created, NSG associated with it', () => {
    const out = build({ virtualNetworkId: VNET_ID, virtualNetworkAddressSpace: ['10.1.0.0/16'], subnetAddressPrefix: '10.1.0.0/26', subnetId: SUBNET_ID });
    expect(out.count('azurerm_subnet')).toBe(0);
    expect(out.only('azurerm_subnet_network_security_group_association').subnet_id).toBe(SUBNET_ID);
    expect((out.only('azurerm_bastion_host').ip_configuration as Record<string, unknown>).subnet_id).toBe(SUBNET_ID);
  });

  test('adopted subnet with an NSG managed elsewhere: no NSG, rules or association', () => {
    const out = build({ virtualNetworkId: VNET_ID, subnetAddressPrefix: undefined, subnetId: SUBNET_ID, networkSecurityGroupEnabled: false });
    expect(out.count('azurerm_network_security_group')).toBe(0);
    expect(out.count('azurerm_network_security_rule')).toBe(0);
    expect(out.count('azurerm_subnet_network_security_group_association')).toBe(0);
    expect(out.only('azurerm_bastion_host').depends_on).toBeUndefined();
  });

  test('a /24 subnet is accepted (larger than /26)', () => {
    const out = build({ virtualNetworkAddressSpace: ['10.0.0.0/16'], subnetAddressPrefix: '10.0.1.0/24' });
    expect(out.only('azurerm_subnet').address_prefixes).toEqual(['10.0.1.0/24']);
  });
});

describe('SecureBastion SKUs and options', () => {
  test('Developer: no subnet, NSG or public IP; the host names the VNet', () => {
    const out = build({ sku: 'Developer', subnetAddressPrefix: undefined });
    expect(out.count('azurerm_subnet')).toBe(0);
    expect(out.count('azurerm_network_security_group')).toBe(0);
    expect(out.count('azurerm_public_ip')).toBe(0);
    const host = out.only('azurerm_bastion_host');
    expect(host).toMatchObject({ sku: 'Developer', virtual_network_id: expect.stringMatching(/\$\{azurerm_virtual_network\.\w+\.id\}/) });
    expect(host.ip_configuration).toBeUndefined();
    expect(host.scale_units).toBeUndefined();
  });

  test('Standard options are passed through', () => {
    const out = build({
      sku: 'Standard', copyPasteEnabled: false, fileCopyEnabled: true, ipConnectEnabled: true, kerberosEnabled: true,
      tunnelingEnabled: true, scaleUnits: 4, zones: ['1', '2', '3'],
    });
    expect(out.only('azurerm_bastion_host')).toMatchObject({
      copy_paste_enabled: false, file_copy_enabled: true, ip_connect_enabled: true, kerberos_enabled: true, tunneling_enabled: true,
      scale_units: 4, zones: ['1', '2', '3'], shareable_link_enabled: false,
    });
    expect(out.only('azurerm_public_ip').zones).toEqual(['1', '2', '3']);
  });

  test('Basic with zones is accepted', () => {
    expect(build({ sku: 'Basic', zones: ['1'] }).only('azurerm_bastion_host')).toMatchObject({ sku: 'Basic', zones: ['1'] });
  });

  test('Premium session recording', () => {
    expect(build({ sku: 'Premium', sessionRecordingEnabled: true }).only('azurerm_bastion_host'))
      .toMatchObject({ sku: 'Premium', session_recording_enabled: true });
  });

  test('shareable links only when asked for, with a warning annotation', () => {
    const { stack } = testStack();
    const b = new SecureBastion(stack, 'Bastion', { ...base, shareableLinkEnabled: true });
    const out = wrap(Testing.synth(stack as TerraformStack, true));
    expect(out.only('azurerm_bastion_host').shareable_link_enabled).toBe(true);
    expect(warnings(b)).toEqual([expect.stringMatching(/shareableLinkEnabled: anyone who holds a shareable link/)]);
    expect(annotationIds(b)).toEqual(['guardrails:bastion:shareable-links']);
  });

  test('without shareable links there is no warning', () => {
    const { stack } = testStack();
    expect(warnings(new SecureBastion(stack, 'Bastion', base))).toEqual([]);
  });

  test('private-only Premium: no public IP; template-deployed host whose JSON is checked', () => {
    const out = build({ sku: 'Premium', privateOnly: true, zones: ['1', '2'], sessionRecordingEnabled: true, copyPasteEnabled: false });
    expect(out.count('azurerm_public_ip')).toBe(0);
    expect(out.count('azurerm_bastion_host')).toBe(0);
    const dep = out.only('azurerm_resource_group_template_deployment');
    expect(dep).toMatchObject({ name: 'bas-hub-bastion', resource_group_name: 'rg-bastion', deployment_mode: 'Incremental' });
    expect(dep.depends_on).toEqual([expect.stringMatching(/^azurerm_subnet_network_security_group_association\./)]);
    const template = JSON.parse(dep.template_content as string);
    expect(template.$schema).toContain('deploymentTemplate.json');
    expect(template.resources).toHaveLength(1);
    const host = template.resources[0];
    expect(host).toMatchObject({
      type: 'Microsoft.Network/bastionHosts', apiVersion: '2024-05-01', name: 'bas-hub', location: 'westeurope',
      sku: { name: 'Premium' }, zones: ['1', '2'],
    });
    expect(host.properties).toEqual({
      enablePrivateOnlyBastion: true, disableCopyPaste: true, enableFileCopy: false, enableIpConnect: false, enableKerberos: false,
      enableTunneling: false, enableShareableLink: false, enableSessionRecording: true, scaleUnits: 2,
      ipConfigurations: [{ name: 'ipconfig', properties: { privateIPAllocationMethod: 'Dynamic', subnet: { id: expect.stringMatching(/\$\{azurerm_subnet\.\w+\.id\}/) } } }],
    });
    expect(host.properties.ipConfigurations[0].properties.publicIPAddress).toBeUndefined();
    expect(template.outputs.hostId).toEqual({ type: 'string', value: "[resourceId('Microsoft.Network/bastionHosts', 'bas-hub')]" });
    // Clients arrive over private connectivity: inbound 443 from VirtualNetwork, not Internet.
    const rules = rulesByName(out);
    expect(rules.AllowHttpsInbound).toMatchObject({ priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source: 'VirtualNetwork', ports: '443' });
    expect(Object.values(rules).filter((r) => r.direction === 'Inbound' && r.access === 'Allow' && r.source === 'Internet')).toEqual([]);
  });

  test('targetPorts widen the outbound rule to target VMs (custom ports need outbound to VirtualNetwork, or the final deny blocks them)', () => {
    const rules = rulesByName(build({ tunnelingEnabled: true, targetPorts: ['22', '3389', '5985-5986'] }));
    expect(rules.AllowSshRdpOutbound).toMatchObject({
      priority: 100, direction: 'Outbound', access: 'Allow', destination: 'VirtualNetwork', ports: ['22', '3389', '5985-5986'],
    });
    // A single port is rendered as destination_port_range.
    expect(rulesByName(build({ targetPorts: ['22'] })).AllowSshRdpOutbound.ports).toBe('22');
  });

  test('diagnostic setting to the log destination', () => {
    const ws = `/subscriptions/${SUB}/resourceGroups/rg-siem/providers/Microsoft.OperationalInsights/workspaces/law`;
    const out = build({ logDestination: { workspaceId: ws } });
    expect(out.only('azurerm_monitor_diagnostic_setting')).toMatchObject({
      target_resource_id: expect.stringMatching(/\$\{azurerm_bastion_host\.\w+\.id\}/),
      log_analytics_workspace_id: ws,
      enabled_log: [{ category_group: 'allLogs' }],
    });
    // No table mode: Bastion logs only to MicrosoftAzureBastionAuditLogs, and Azure reads a destination type back as
    // null for such types (azure-rest-api-specs #9281, #22400), which azurerm stores: "Dedicated" would differ on
    // every plan (issue 11 item 5).
    expect(out.only('azurerm_monitor_diagnostic_setting')).not.toHaveProperty('log_analytics_destination_type');
    // A caller who wants it can still ask.
    const asked = build({ logDestination: { workspaceId: ws }, diagnostics: { logAnalyticsDestinationType: 'Dedicated' } });
    expect(asked.only('azurerm_monitor_diagnostic_setting').log_analytics_destination_type).toBe('Dedicated');
  });

  test('diagnostic setting of a private-only host targets the template output', () => {
    const ws = `/subscriptions/${SUB}/resourceGroups/rg-siem/providers/Microsoft.OperationalInsights/workspaces/law`;
    const out = build({ sku: 'Premium', privateOnly: true, logDestination: { workspaceId: ws } });
    expect(out.only('azurerm_monitor_diagnostic_setting').target_resource_id)
      .toMatch(/jsondecode\(azurerm_resource_group_template_deployment\.\w+\.output_content\).*hostId.*value/);
  });
});

describe('SecureBastion refuses bad input', () => {
  test('wrong subnet name', () => {
    expectInvalid({ virtualNetworkId: VNET_ID, subnetAddressPrefix: undefined, subnetId: `${VNET_ID}/subnets/bastion` },
      /Bastion: invalid subnetId ".*\/subnets\/bastion": must name a subnet called exactly "AzureBastionSubnet"/);
    expectInvalid({ virtualNetworkId: VNET_ID, subnetAddressPrefix: undefined, subnetId: `${VNET_ID}/subnets/azurebastionsubnet` },
      /must name a subnet called exactly "AzureBastionSubnet"/);
  });

  test('subnet id that is not a subnet, or of another VNet', () => {
    expectInvalid({ virtualNetworkId: VNET_ID, subnetAddressPrefix: undefined, subnetId: VNET_ID },
      /invalid subnetId .*must be the resource id of a Microsoft.Network\/virtualNetworks\/subnets/);
    expectInvalid({ virtualNetworkId: VNET_ID, subnetAddressPrefix: undefined, subnetId: SUBNET_ID.replace('/hub/', '/other/') },
      /invalid subnetId .*must be a subnet of virtualNetworkId/);
    expectInvalid({ subnetAddressPrefix: undefined, subnetId: SUBNET_ID }, /invalid subnetId .*needs virtualNetworkId/);
  });

  test('/27 is too small', () => {
    expectInvalid({ subnetAddressPrefix: '10.0.0.0/27' },
      /Bastion: invalid subnetAddressPrefix "10.0.0.0\/27": must be \/26 or larger .*at least 64 addresses/);
  });

  test('subnet outside the VNet address space', () => {
    expectInvalid({ subnetAddressPrefix: '10.9.0.0/26' },
      /invalid subnetAddressPrefix "10.9.0.0\/26": must lie inside the VNet's address space \["10.0.0.0\/24"\]/);
    expectInvalid({ virtualNetworkId: VNET_ID, virtualNetworkAddressSpace: ['10.1.0.0/16'], subnetAddressPrefix: '10.2.0.0/26' },
      /must lie inside the VNet's address space/);
  });

  test('malformed CIDRs and missing network input', () => {
    expectInvalid({ subnetAddressPrefix: '10.0.0.0' }, /invalid subnetAddressPrefix "10.0.0.0": must be an IPv4 CIDR block/);
    expectInvalid({ virtualNetworkAddressSpace: ['10.0.0.300/24'] }, /invalid virtualNetworkAddressSpace\[0\]/);
    expectInvalid({ virtualNetworkAddressSpace: undefined }, /invalid virtualNetworkAddressSpace undefined: is required when no virtualNetworkId is given/);
    expectInvalid({ subnetAddressPrefix: undefined }, /invalid subnetAddressPrefix undefined: is required to create the AzureBastionSubnet/);
    expectInvalid({ virtualNetworkId: '/subscriptions/x/vnet' }, /invalid virtualNetworkId .*Microsoft.Network\/virtualNetworks/);
    expectInvalid({ location: 'West Europe' }, /invalid location "West Europe"/);
    expectInvalid({ sku: 'Free' as 'Basic' }, /invalid sku "Free": must be one of "Developer", "Basic", "Standard" or "Premium"/);
  });

  test.each([
    ['fileCopyEnabled', { sku: 'Basic', fileCopyEnabled: true }, 'Standard', 'Basic'],
    ['ipConnectEnabled', { sku: 'Basic', ipConnectEnabled: true }, 'Standard', 'Basic'],
    ['kerberosEnabled', { sku: 'Developer', kerberosEnabled: true, subnetAddressPrefix: undefined }, 'Standard', 'Developer'],
    ['tunnelingEnabled', { sku: 'Basic', tunnelingEnabled: true }, 'Standard', 'Basic'],
    ['shareableLinkEnabled', { sku: 'Basic', shareableLinkEnabled: true }, 'Standard', 'Basic'],
    ['copyPasteEnabled', { sku: 'Basic', copyPasteEnabled: false }, 'Standard', 'Basic'],
    ['scaleUnits', { sku: 'Basic', scaleUnits: 3 }, 'Standard', 'Basic'],
    ['sessionRecordingEnabled', { sku: 'Standard', sessionRecordingEnabled: true }, 'Premium', 'Standard'],
    ['privateOnly', { sku: 'Standard', privateOnly: true }, 'Premium', 'Standard'],
    ['zones', { sku: 'Developer', zones: ['1'], subnetAddressPrefix: undefined }, 'Basic', 'Developer'],
  ] as [string, Partial<SecureBastionProps>, string, string][])('%s unsupported by the SKU names the SKU needed', (prop, props, needed, sku) => {
    expectInvalid(props, new RegExp(`Bastion: invalid ${prop} .*: needs the ${needed} SKU or higher .*; sku is "${sku}"`));
  });

  test('scale units outside 2-50 and bad zones', () => {
    expectInvalid({ scaleUnits: 51 }, /invalid scaleUnits 51: must be a whole number from 2 to 50/);
    expectInvalid({ scaleUnits: 1 }, /invalid scaleUnits 1: must be a whole number from 2 to 50/);
    expectInvalid({ zones: ['4'] }, /invalid zones\[0\] "4": must be one of "1", "2" or "3"/);
    expectInvalid({ zones: ['1', '1'] }, /invalid zones\[1\] "1": is listed twice/);
  });

  test('two zones with a public IP (Azure makes the IP zone-redundant; azurerm would then replace IP and host on every plan)', () => {
    expectInvalid({ zones: ['1', '2'] }, /invalid zones \["1","2"\]: must name one zone or all three/);
    const out = build({ zones: ['1', '2', '3'] });
    expect(out.only('azurerm_public_ip').zones).toEqual(['1', '2', '3']);
    expect(out.only('azurerm_bastion_host').zones).toEqual(['1', '2', '3']);
    expect(build({ zones: ['2'] }).only('azurerm_public_ip').zones).toEqual(['2']);
    // No public IP with private-only: two zones stay possible.
    expect(() => build({ sku: 'Premium', privateOnly: true, zones: ['1', '3'] })).not.toThrow();
  });

  test('host names azurerm refuses, and names whose derived names exceed Azure limits', () => {
    // azurerm's Bastion name validation: letters, digits, _ . -; first a letter or digit; last a letter, digit or _; at most 80.
    expectInvalid({ name: 'bas hub' }, /invalid name "bas hub": must be 3-80 letters, digits/);
    expectInvalid({ name: 'bas-hub-' }, /invalid name "bas-hub-": must be 3-80/);
    expectInvalid({ name: '-bas' }, /invalid name "-bas": must be 3-80/);
    expectInvalid({ name: 'b'.repeat(81) }, /must be 3-80/);
    // Virtual network names are at most 64 characters, deployment names too.
    expectInvalid({ name: 'b'.repeat(60) }, /invalid name "b{60}": is too long: the derived name "b{60}-vnet" exceeds Azure's 64-character limit/);
    expectInvalid({ name: 'b'.repeat(57), sku: 'Premium', privateOnly: true, virtualNetworkName: 'vnet' },
      /the derived name "b{57}-bastion" exceeds Azure's 64-character limit/);
    expect(() => build({ name: 'b'.repeat(59) })).not.toThrow();
    expect(() => build({ name: 'b'.repeat(80), virtualNetworkName: 'vnet-hub' })).toThrow(/derived name "b{80}-pip" exceeds Azure's 80-character limit/);
    expect(() => build({ name: 'bas_hub.01_' })).not.toThrow();
  });

  test('bad targetPorts, or targetPorts without an NSG of the construct', () => {
    expectInvalid({ targetPorts: [] }, /invalid targetPorts \[\]: must list at least one port/);
    expectInvalid({ targetPorts: ['0'] }, /invalid targetPorts\[0\] "0": must be a port "1"-"65535" or a range/);
    expectInvalid({ targetPorts: ['22', '70000'] }, /invalid targetPorts\[1\] "70000"/);
    expectInvalid({ targetPorts: ['5986-5985'] }, /invalid targetPorts\[0\] "5986-5985"/);
    expectInvalid({ targetPorts: ['ssh'] }, /invalid targetPorts\[0\] "ssh"/);
    expectInvalid({ targetPorts: ['22', '22'] }, /invalid targetPorts\[1\] "22": is listed twice/);
    expectInvalid({ sku: 'Developer', subnetAddressPrefix: undefined, targetPorts: ['22'] }, /invalid targetPorts \["22"\]: is only used by the NSG/);
    expectInvalid({ networkSecurityGroupEnabled: false, targetPorts: ['22'] }, /invalid targetPorts \["22"\]: is only used by the NSG/);
  });

  test('Developer SKU refuses subnet input', () => {
    expectInvalid({ sku: 'Developer' }, /invalid subnetAddressPrefix "10.0.0.0\/26": is not used with sku "Developer"/);
  });
});
