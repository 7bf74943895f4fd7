/**
 * Request bodies of the edge, AI and analytics tables for arguments the documentation examples do not set: what
 * azurerm v4.55.0's expand code sends for them (read from the Go files cited in each table's `source`), how values
 * unknown before apply propagate, and the child requests.
 */
import { KNOWN_AFTER_APPLY as U, one, plain, translateJson } from './helpers';

const SUB = '00000000-0000-0000-0000-0000000000c3';
const RG = 'rg-edge';
const provider = { azurerm: [{ features: {}, subscription_id: SUB }] };
const base = { resource_group_name: RG, location: 'West Europe' };
const RGID = `/subscriptions/${SUB}/resourceGroups/${RG}`;

function body(resource: Record<string, unknown>, address: string, armType?: string, variable?: Record<string, unknown>): Record<string, unknown> {
  const r = translateJson({ provider, resource, ...(variable ? { variable } : {}) });
  return plain(one(r, address, armType).resource) as Record<string, unknown>;
}






describe('firewalls', () => {
  it('DNS servers and SNAT ranges go to additionalProperties; virtual hub firewalls send the public IP count', () => {
    const b = body({ azurerm_firewall: { f: { name: 'afw', ...base, sku_name: 'AZFW_Hub', sku_tier: 'Premium', dns_servers: ['10.0.0.4', '10.0.0.5'], private_ip_ranges: ['IANAPrivateRanges'], virtual_hub: [{ virtual_hub_id: `${RGID}/providers/Microsoft.Network/virtualHubs/hub` }] } } }, 'azurerm_firewall.f');
    expect(b.properties).toMatchObject({
      additionalProperties: { 'Network.DNS.EnableProxy': 'true', 'Network.DNS.Servers': '10.0.0.4,10.0.0.5', 'Network.SNAT.PrivateRanges': 'IANAPrivateRanges' },
      virtualHub: { id: `${RGID}/providers/Microsoft.Network/virtualHubs/hub` }, hubIPAddresses: { publicIPs: { count: 1 } }, ipConfigurations: [], sku: { name: 'AZFW_Hub', tier: 'Premium' },
    });
  });

  it('firewall policies: IDPS configuration, insights, SNAT auto-learn; None identity left out', () => {
    const b = body({ azurerm_firewall_policy: { p: { name: 'afwp', ...base, sku: 'Premium', auto_learn_private_ranges_enabled: true, intrusion_detection: [{ mode: 'Deny', signature_overrides: [{ id: '2024897', state: 'Off' }], traffic_bypass: [{ name: 'b', protocol: 'TCP', destination_ports: ['443'] }] }], insights: [{ enabled: true, default_log_analytics_workspace_id: 'w', retention_in_days: 30 }] } } }, 'azurerm_firewall_policy.p');
    expect(b.identity).toBeUndefined();
    expect(b.properties).toMatchObject({
      sku: { tier: 'Premium' }, snat: { autoLearnPrivateRanges: 'Enabled' },
      intrusionDetection: { mode: 'Deny', configuration: { signatureOverrides: [{ id: '2024897', mode: 'Off' }], privateRanges: [], bypassTrafficSettings: [{ name: 'b', description: '', protocol: 'TCP', destinationPorts: ['443'], sourceAddresses: [], destinationIpGroups: [] }] } },
      insights: { isEnabled: true, retentionDays: 30, logAnalyticsResources: { defaultWorkspaceId: { id: 'w' }, workspaces: [] } },
    });
  });

  it('rule collection groups: collections of each kind are concatenated in one list; an unknown collection block makes the list unknown', () => {
    const nat = [{ name: 'n', priority: 3, action: 'Dnat', rule: [{ name: 'x', protocols: ['TCP'], destination_address: '203.0.113.4', destination_ports: ['443'], translated_address: '10.0.0.1', translated_port: 8443 }] }];
    const only = body({ azurerm_firewall_policy_rule_collection_group: { g: { name: 'rcg', priority: 1, firewall_policy_id: `${RGID}/providers/Microsoft.Network/firewallPolicies/p`, nat_rule_collection: nat } } }, 'azurerm_firewall_policy_rule_collection_group.g');
    expect(only).toEqual({
      id: `${RGID}/providers/Microsoft.Network/firewallPolicies/p/ruleCollectionGroups/rcg`, name: 'rcg', type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
      properties: { priority: 1, ruleCollections: [{ ruleCollectionType: 'FirewallPolicyNatRuleCollection', action: { type: 'Dnat' }, name: 'n', priority: 3, rules: [{ ruleType: 'NatRule', name: 'x', ipProtocols: ['TCP'], sourceAddresses: [], sourceIpGroups: [], destinationAddresses: ['203.0.113.4'], destinationPorts: ['443'], translatedPort: '8443', description: '' , translatedAddress: '10.0.0.1' }] }] },
    });
    const unknown = body({ azurerm_firewall_policy_rule_collection_group: { g: { name: 'rcg', priority: 1, firewall_policy_id: `${RGID}/providers/Microsoft.Network/firewallPolicies/p`, network_rule_collection: '${var.rules}', nat_rule_collection: nat } } }, 'azurerm_firewall_policy_rule_collection_group.g', undefined, { rules: {} });
    expect((unknown.properties as Record<string, unknown>).ruleCollections).toBe(U);
  });
});
