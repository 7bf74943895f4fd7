import { AZURE_MONITOR_PRIVATE_DNS_ZONES, SiemPrivateLinkScope, SiemPrivateLinkScopeProps } from '../../lib/sentinel';
import { synth, testStack } from '../helpers/synth';
import { destination, SUB, SUBNET_ID, warnings, WS_ID } from './helpers';

const VNET_ID = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const DCE_ID = `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.Insights/dataCollectionEndpoints/dce-siem`;
const zoneId = (zone: string) => `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${zone}`;
const GIVEN_ZONES = Object.fromEntries(AZURE_MONITOR_PRIVATE_DNS_ZONES.map((z) => [z, zoneId(z)]));

function build(props: Partial<SiemPrivateLinkScopeProps> = {}, siemProps = {}) {
  let construct!: SiemPrivateLinkScope;
  const out = synth((stack) => {
    const siem = destination(stack, siemProps);
    construct = new SiemPrivateLinkScope(stack, 'Private', {
      workspace: siem, resourceGroupName: 'rg-security-siem', location: 'westeurope', subnetId: SUBNET_ID, name: 'ampls-siem', ...props,
    });
  });
  return { out, construct };
}

describe('SiemPrivateLinkScope defaults', () => {
  const { out, construct } = build();
  const name = (type: string) => Object.keys(out.resources(type))[0];

  test('a scope with private-only ingestion and query', () => {
    expect(out.only('azurerm_monitor_private_link_scope')).toEqual({
      name: 'ampls-siem', resource_group_name: 'rg-security-siem', ingestion_access_mode: 'PrivateOnly', query_access_mode: 'PrivateOnly',
    });
  });

  test('the workspace is scoped by reference', () => {
    expect(out.only('azurerm_monitor_private_link_scoped_service')).toEqual({
      name: 'siem-workspace', resource_group_name: 'rg-security-siem',
      scope_name: `\${azurerm_monitor_private_link_scope.${name('azurerm_monitor_private_link_scope')}.name}`,
      linked_resource_id: `\${azurerm_log_analytics_workspace.${name('azurerm_log_analytics_workspace')}.id}`,
    });
  });

  test('the five Azure Monitor private DNS zones are created and linked to the subnet\'s virtual network', () => {
    expect(out.list('azurerm_private_dns_zone').map((z) => z.name).sort()).toEqual([
      'privatelink.agentsvc.azure-automation.net', 'privatelink.blob.core.windows.net', 'privatelink.monitor.azure.com',
      'privatelink.ods.opinsights.azure.com', 'privatelink.oms.opinsights.azure.com',
    ]);
    const links = out.list('azurerm_private_dns_zone_virtual_network_link');
    expect(links).toHaveLength(5);
    for (const l of links) expect(l).toMatchObject({ virtual_network_id: VNET_ID, registration_enabled: false, name: 'vnet-hub-ampls', resource_group_name: 'rg-security-siem' });
  });

  test('the created zones are protected from destroy (every private endpoint of the linked networks has its records there); opt-out', () => {
    // Issue 11 item 10: destroying a zone deletes the records of every team's endpoints in the linked networks.
    for (const z of out.list('azurerm_private_dns_zone')) expect(z.lifecycle).toEqual({ prevent_destroy: true });
    for (const z of build({ preventDestroy: false }).out.list('azurerm_private_dns_zone')) expect(z).not.toHaveProperty('lifecycle');
  });

  test('a private endpoint for the azuremonitor sub-resource with all five zones, created after the workspace is scoped', () => {
    const pe = out.only('azurerm_private_endpoint');
    const zones = Object.keys(out.resources('azurerm_private_dns_zone')).map((z) => `\${azurerm_private_dns_zone.${z}.id}`);
    expect(zones).toHaveLength(5);
    expect((pe.private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids).toHaveLength(5);
    expect(pe).toMatchObject({
      name: 'pe-ampls-siem', location: 'westeurope', subnet_id: SUBNET_ID, resource_group_name: 'rg-security-siem',
      private_service_connection: {
        name: 'azuremonitor', subresource_names: ['azuremonitor'], is_manual_connection: false,
        private_connection_resource_id: `\${azurerm_monitor_private_link_scope.${name('azurerm_monitor_private_link_scope')}.id}`,
      },
      private_dns_zone_group: { name: 'azure-monitor', private_dns_zone_ids: expect.arrayContaining(zones) },
      depends_on: [`azurerm_monitor_private_link_scoped_service.${name('azurerm_monitor_private_link_scoped_service')}`],
    });
  });

  test('the SIEM workspace stops accepting ingestion and queries from public networks', () => {
    expect(out.only('azurerm_log_analytics_workspace')).toMatchObject({ internet_ingestion_enabled: false, internet_query_enabled: false });
    expect(construct.workspacePublicAccess).toEqual({ ingestion: false, query: false });
  });
});

describe('SiemPrivateLinkScope options', () => {
  test('created zones come with a warning (a network links one zone of a name; the blob zone is shared with storage); given zones do not', () => {
    const created = build().construct;
    expect(warnings(created)).toEqual([expect.stringMatching(
      /^(?=.*\[guardrails:sentinel:private-dns-zones-created\]$).* links them to the virtual network\. A network links only one zone of a name: .*privatelink\.blob\.core\.windows\.net .* give them \(privateDnsZoneIds\) \[guardrails:sentinel:private-dns-zones-created\]$/)]);
    expect(warnings(build({ privateDnsZoneIds: GIVEN_ZONES }).construct)).toEqual([]);
  });

  test('open query mode keeps public query; given zones are used as they are; data collection endpoints are scoped', () => {
    const { out } = build({ queryAccessMode: 'Open', privateDnsZoneIds: GIVEN_ZONES, dataCollectionEndpointIds: [DCE_ID] });
    expect(out.only('azurerm_monitor_private_link_scope')).toMatchObject({ ingestion_access_mode: 'PrivateOnly', query_access_mode: 'Open' });
    expect(out.only('azurerm_log_analytics_workspace')).toMatchObject({ internet_ingestion_enabled: false, internet_query_enabled: true });
    expect(out.count('azurerm_private_dns_zone')).toBe(0);
    expect(out.count('azurerm_private_dns_zone_virtual_network_link')).toBe(0);
    expect((out.only('azurerm_private_endpoint').private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids)
      .toEqual(AZURE_MONITOR_PRIVATE_DNS_ZONES.map(zoneId));
    expect(out.list('azurerm_monitor_private_link_scoped_service').map((s) => s.linked_resource_id)).toContain(DCE_ID);
  });

  test('publicIngestion keeps public ingestion explicitly; extra VNets are linked to every created zone', () => {
    const other = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke`;
    const { out } = build({ publicIngestion: true, privateDnsVirtualNetworkIds: [VNET_ID, other] });
    expect(out.only('azurerm_log_analytics_workspace')).toMatchObject({ internet_ingestion_enabled: true, internet_query_enabled: false });
    expect(out.count('azurerm_private_dns_zone_virtual_network_link')).toBe(10);
  });

  test('the private endpoint name keeps to azurerm\'s PrivateLinkName: no parentheses, at most 80 characters, no trailing "-" or "."', () => {
    const named = (name: string) => String(build({ name }).out.only('azurerm_private_endpoint').name);
    expect(named('ampls(siem)-prod')).toBe('pe-ampls-siem--prod');
    const long = named(`ampls-${'a'.repeat(72)}.-x`);
    expect(long).toBe(`pe-ampls-${'a'.repeat(71)}`);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(named(`${'b'.repeat(76)}.-_`)).toBe(`pe-${'b'.repeat(76)}`);
    for (const n of [named('ampls(siem)-prod'), long]) expect(n).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,78}[A-Za-z0-9_]$/);
  });

  test('tags go on every created resource, escaped for Terraform', () => {
    const { out } = build({ tags: { owner: '${var.owner}' } });
    for (const type of ['azurerm_monitor_private_link_scope', 'azurerm_private_dns_zone', 'azurerm_private_dns_zone_virtual_network_link', 'azurerm_private_endpoint']) {
      for (const r of out.list(type)) expect(r.tags).toEqual({ owner: '$${var.owner}' });
    }
  });

  test('a workspace given by id cannot be switched here: warns', () => {
    const { stack } = testStack();
    const c = new SiemPrivateLinkScope(stack, 'Private', { workspace: { workspaceId: WS_ID }, resourceGroupName: 'rg', location: 'westeurope', subnetId: SUBNET_ID });
    expect(warnings(c)).toEqual([
      expect.stringMatching(/^(?=.*\[guardrails:sentinel:private-dns-zones-created\]$)/),
      expect.stringMatching(/^(?=.*\[guardrails:sentinel:workspace-public-access-unmanaged\]$).*internet_ingestion_enabled = false and internet_query_enabled = false/),
    ]);
    expect(c.scope.nameInput).toMatch(/^ampls-siem-[0-9a-f]{8}$/);
  });
});

describe('SiemPrivateLinkScope refuses', () => {
  const construct = (props: Partial<SiemPrivateLinkScopeProps>) => () => {
    const { stack } = testStack();
    new SiemPrivateLinkScope(stack, 'Private', { workspace: { workspaceId: WS_ID }, resourceGroupName: 'rg', location: 'westeurope', subnetId: SUBNET_ID, ...props } as SiemPrivateLinkScopeProps);
  };
  test.each<[string, Partial<SiemPrivateLinkScopeProps>, RegExp]>([
    ['a destination without a workspace', { workspace: {} }, /invalid workspace \{\}: must be a SiemDestination with a workspace/],
    ['a subnet id that is a VNet id', { subnetId: VNET_ID }, /invalid subnetId ".*vnet-hub": must be the resource id of a Microsoft\.Network\/virtualNetworks\/subnets/],
    ['a region with spaces', { location: 'West Europe' }, /invalid location "West Europe"/],
    ['a scope name ending in a dot', { name: 'ampls.' }, /invalid name "ampls\.": .*ending in a letter, digit, "-" or "_"/],
    ['a scope name ending in a parenthesis (azurerm refuses it at plan)', { name: 'ampls(siem)' }, /invalid name "ampls\(siem\)": .*ending in a letter, digit, "-" or "_"/],
    ['an unknown access mode', { ingestionAccessMode: 'Private' as never }, /invalid ingestionAccessMode "Private": must be one of "PrivateOnly" or "Open"/],
    ['a data collection endpoint listed twice', { dataCollectionEndpointIds: [DCE_ID, DCE_ID.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/').replace('/RESOURCEGROUPS/', '/resourceGroups/').replace('/PROVIDERS/', '/providers/')] }, /invalid dataCollectionEndpointIds\[1\] .*: is listed twice/],
    ['a workspace id as a data collection endpoint', { dataCollectionEndpointIds: [WS_ID] }, /invalid dataCollectionEndpointIds\[0\]/],
    ['four of the five zones', { privateDnsZoneIds: Object.fromEntries(Object.entries(GIVEN_ZONES).slice(1)) }, /invalid privateDnsZoneIds .*: misses \["privatelink\.monitor\.azure\.com"\]: the private endpoint needs all five/],
    ['a zone that Azure Monitor does not use', { privateDnsZoneIds: { ...GIVEN_ZONES, 'privatelink.vaultcore.azure.net': zoneId('privatelink.vaultcore.azure.net') } }, /invalid privateDnsZoneIds\.privatelink\.vaultcore\.azure\.net/],
    ['a zone id of another zone', { privateDnsZoneIds: { ...GIVEN_ZONES, 'privatelink.monitor.azure.com': zoneId('privatelink.ods.opinsights.azure.com') } }, /is the id of zone "privatelink\.ods\.opinsights\.azure\.com", not "privatelink\.monitor\.azure\.com"/],
    ['VNet links for given zones', { privateDnsZoneIds: GIVEN_ZONES, privateDnsVirtualNetworkIds: [VNET_ID] }, /invalid privateDnsVirtualNetworkIds .*: only applies to zones this construct creates/],
    ['no VNet to link', { privateDnsVirtualNetworkIds: [] }, /invalid privateDnsVirtualNetworkIds \[\]: must list at least one virtual network/],
    ['a tag that is not a string', { tags: { owner: null } as never }, /invalid tags\.owner null: must be a string of at most 256 characters/],
    ['publicQuery that is not a boolean', { publicQuery: 'no' as never }, /invalid publicQuery "no": must be true or false/],
    ['preventDestroy that is not a boolean', { preventDestroy: 'yes' as never }, /invalid preventDestroy "yes": must be true or false/],
  ])('%s', (_name, props, message) => {
    expect(construct(props)).toThrow(message);
  });
});
