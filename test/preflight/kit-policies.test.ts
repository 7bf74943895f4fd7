/**
 * For each kit policy: Terraform resources equivalent to cases of its policies/tests fixtures, translated, give the
 * verdict the fixture expects. A case with a Terraform `address` evaluates the translated resource; one without it
 * evaluates the fixture's own resource (a subscription, a VM) against related resources translated from Terraform
 * (pricings, diagnostic settings, security contacts and JIT policies from the kit's template deployments).
 */
import * as fs from 'fs';
import * as path from 'path';
import { compilePolicy } from '../../lib/policy-engine';
import { AssessResource, TranslationResult } from '../../lib/preflight';
import { one, translateJson } from './helpers';

const ROOT = path.join(__dirname, '..', '..', 'policies');
const SUB = '00000000-0000-0000-0000-0000000000a1';
const RG = 'rg-workload';
const provider = { azurerm: [{ features: {}, subscription_id: SUB }] };

interface Fixture { policy: string; parameters?: Record<string, unknown>; cases: { name: string; resource: Record<string, unknown>; parameters?: Record<string, unknown>; expect: { effect: string | null } }[] }

function fixture(policy: string): Fixture {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', `${policy}.test.json`), 'utf8')) as Fixture;
}

interface Equivalent {
  /** Fixture case name. */
  readonly case: string;
  /** Terraform resources (JSON syntax, the `resource` object). */
  readonly resources: Record<string, unknown>;
  /** Address of the translated resource to evaluate; absent: the fixture's resource with translated related resources. */
  readonly address?: string;
  /** ARM type of the translated resource (for addresses with children). */
  readonly armType?: string;
}

const acr = (extra: Record<string, unknown>, sku = 'Premium'): Record<string, unknown> => ({ azurerm_container_registry: { r: { name: 'crguardrails', resource_group_name: RG, location: 'westeurope', sku, ...extra } } });
const storage = { azurerm_storage_account: { r: { name: 'stguardrails', resource_group_name: RG, location: 'westeurope', account_tier: 'Standard', account_replication_type: 'LRS' } } };
const nsg = (rules: Record<string, unknown>[]): Record<string, unknown> => ({ azurerm_network_security_group: { r: { name: 'nsg-app', resource_group_name: RG, location: 'westeurope', security_rule: rules.map((r, i) => ({ name: `rule${i}`, priority: 100 + i, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_address_prefix: '*', ...r })) } } });
const rule = (r: Record<string, unknown>): Record<string, unknown> => ({ azurerm_network_security_rule: { r: { name: 'rule', resource_group_name: RG, network_security_group_name: 'nsg-app', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_address_prefix: '*', ...r } } });
const bastion = (extra: Record<string, unknown>, sku: string): Record<string, unknown> => ({ azurerm_bastion_host: { r: { name: 'bas', resource_group_name: RG, location: 'westeurope', sku, ip_configuration: { name: 'c', subnet_id: '${azurerm_subnet.s.id}', public_ip_address_id: '${azurerm_public_ip.p.id}' }, ...extra } } });
const pricing = (plan: string, tier: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ azurerm_security_center_subscription_pricing: { [plan]: { resource_type: plan, tier, ...extra } } });
const jitTemplate = (vms: string[]): Record<string, unknown> => ({
  azurerm_resource_group_template_deployment: {
    jit: {
      name: 'jit', resource_group_name: RG, deployment_mode: 'Incremental',
      template_content: JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0',
        resources: [{ type: 'Microsoft.Security/locations/jitNetworkAccessPolicies', apiVersion: '2020-01-01', name: 'westeurope/default', kind: 'Basic', properties: { virtualMachines: vms.map((vm) => ({ id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/${vm}`, ports: [{ number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '10.0.0.0/26', maxRequestAccessDuration: 'PT3H' }] })) } }],
      }),
    },
  },
});
const contact = (props: Record<string, unknown>): Record<string, unknown> => ({
  azurerm_subscription_template_deployment: {
    contact: {
      name: 'contact', location: 'westeurope',
      template_content: JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#', contentVersion: '1.0.0.0', parameters: { emails: { type: 'string' } }, resources: [{ type: 'Microsoft.Security/securityContacts', apiVersion: '2023-12-01-preview', name: 'default', properties: { emails: "[parameters('emails')]", isEnabled: true, ...props } }] }),
      parameters_content: JSON.stringify({ emails: { value: 'secops@contoso.com;soc@contoso.com' } }),
    },
  },
});
const activityLog = (extra: Record<string, unknown>, categories = ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth']): Record<string, unknown> => ({
  azurerm_monitor_diagnostic_setting: { a: { name: 'guardrails-activity-log-to-event-hub', target_resource_id: `/subscriptions/${SUB}`, enabled_log: categories.map((category) => ({ category })), ...extra } },
});
const EH_RULE = `/subscriptions/${SUB}/resourceGroups/rg-siem/providers/Microsoft.EventHub/namespaces/evhns-siem/authorizationRules/RootManageSharedAccessKey`;

const EQUIVALENTS: Record<string, Equivalent[]> = {
  'acr-admin-user-disabled': [
    { case: 'hardened Premium registry is compliant', address: 'azurerm_container_registry.r', resources: acr({ admin_enabled: false }) },
    { case: 'admin user property absent (Azure default off) is compliant', address: 'azurerm_container_registry.r', resources: acr({}) },
    { case: 'admin user enabled', address: 'azurerm_container_registry.r', resources: acr({ admin_enabled: true }) },
    { case: 'Basic registry with admin user enabled', address: 'azurerm_container_registry.r', resources: acr({ admin_enabled: true }, 'Basic') },
    { case: 'effect Deny', address: 'azurerm_container_registry.r', resources: acr({ admin_enabled: true }) },
    { case: 'another resource type does not apply', address: 'azurerm_storage_account.r', resources: storage },
  ],
  'acr-anonymous-pull-disabled': [
    { case: 'anonymous pull property absent (Azure default off) is compliant', address: 'azurerm_container_registry.r', resources: acr({}) },
    { case: 'anonymous pull enabled', address: 'azurerm_container_registry.r', resources: acr({ anonymous_pull_enabled: true }) },
    { case: 'Standard registry with anonymous pull enabled', address: 'azurerm_container_registry.r', resources: acr({ anonymous_pull_enabled: true }, 'Standard') },
  ],
  'acr-export-disabled': [
    { case: 'hardened Premium registry is compliant', address: 'azurerm_container_registry.r', resources: acr({ export_policy_enabled: false, public_network_access_enabled: false }) },
    // azurerm sends exportPolicy enabled when the argument is omitted.
    { case: 'export enabled', address: 'azurerm_container_registry.r', resources: acr({}) },
    { case: 'effect Deny', address: 'azurerm_container_registry.r', resources: acr({ export_policy_enabled: true }) },
  ],
  'acr-public-network-access-disabled': [
    { case: 'hardened Premium registry is compliant', address: 'azurerm_container_registry.r', resources: acr({ public_network_access_enabled: false }) },
    { case: 'public network access enabled', address: 'azurerm_container_registry.r', resources: acr({}) },
    { case: 'public access enabled but restricted by network rules is still flagged', address: 'azurerm_container_registry.r', resources: acr({ network_rule_set: { default_action: 'Deny', ip_rule: [{ action: 'Allow', ip_range: '198.51.100.0/24' }] } }) },
  ],
  'acr-quarantine-policy-enabled': [
    { case: 'hardened Premium registry is compliant', address: 'azurerm_container_registry.r', resources: acr({ quarantine_policy_enabled: true }) },
    { case: 'quarantine disabled', address: 'azurerm_container_registry.r', resources: acr({}) },
    { case: 'Standard registry without a policies object', address: 'azurerm_container_registry.r', resources: acr({}, 'Standard') },
  ],
  'deny-bastion-shareable-links': [
    { case: 'Standard Bastion without shareable links is compliant', address: 'azurerm_bastion_host.r', resources: bastion({}, 'Standard') },
    { case: 'shareable links enabled', address: 'azurerm_bastion_host.r', resources: bastion({ shareable_link_enabled: true }, 'Standard') },
    { case: 'Premium Bastion with shareable links enabled', address: 'azurerm_bastion_host.r', resources: bastion({ shareable_link_enabled: true }, 'Premium') },
    { case: 'Basic Bastion without the property (Azure default off)', address: 'azurerm_bastion_host.r', resources: bastion({}, 'Basic') },
    { case: 'a public IP address does not apply', address: 'azurerm_public_ip.p', resources: { azurerm_public_ip: { p: { name: 'pip', resource_group_name: RG, location: 'westeurope', allocation_method: 'Static' } } } },
  ],
  'deny-management-ports-from-internet': [
    { case: 'inline: SSH 22 from Internet is denied', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '22', source_address_prefix: 'Internet' }]) },
    { case: 'inline: RDP 3389 from * is denied', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '3389', source_address_prefix: '*' }]) },
    { case: 'inline: range 20-25 contains 22', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '20-25', source_address_prefix: 'Internet' }]) },
    { case: 'inline: range 3390-4000 contains no management port', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '3390-4000', source_address_prefix: 'Internet' }]) },
    { case: 'inline: HTTPS 443 from Internet is allowed', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '443', source_address_prefix: 'Internet' }]) },
    { case: 'inline: destinationPortRanges list containing 3389', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_ranges: ['443', '3389'], source_address_prefix: 'Internet' }]) },
    { case: 'inline: destinationPortRanges list without management ports', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_ranges: ['80', '443'], source_address_prefix: 'Internet' }]) },
    { case: 'inline: sourceAddressPrefixes list containing 0.0.0.0/0', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '22', source_address_prefixes: ['10.0.0.0/8', '0.0.0.0/0'] }]) },
    { case: 'inline: sourceAddressPrefixes list of private ranges', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '22', source_address_prefixes: ['10.0.0.0/8', '192.168.0.0/16'] }]) },
    { case: 'inline: SSH from VirtualNetwork service tag is allowed', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '22', source_address_prefix: 'VirtualNetwork' }]) },
    { case: 'inline: outbound SSH to anywhere is not flagged', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '22', source_address_prefix: '*', direction: 'Outbound' }]) },
    { case: 'inline: an inbound Deny rule is not flagged', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '22', source_address_prefix: 'Internet', access: 'Deny' }]) },
    { case: 'inline: UDP 3389 (RDP over UDP) is denied', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([{ destination_port_range: '3389', source_address_prefix: 'Internet', protocol: 'Udp' }]) },
    { case: 'inline: NSG with only the default rules', address: 'azurerm_network_security_group.r', armType: 'Microsoft.Network/networkSecurityGroups', resources: nsg([]) },
    { case: 'child: SSH 22 from Internet is denied', address: 'azurerm_network_security_rule.r', resources: rule({ destination_port_range: '22', source_address_prefix: 'Internet' }) },
    { case: 'child: range 1000-4000 contains 3389', address: 'azurerm_network_security_rule.r', resources: rule({ destination_port_range: '1000-4000', source_address_prefix: 'Internet' }) },
    { case: 'child: destinationPortRanges without management ports', address: 'azurerm_network_security_rule.r', resources: rule({ destination_port_ranges: ['80', '443'], source_address_prefix: 'Internet' }) },
    // The standalone rule also sends destinationPortRange "" beside the list (pointer.To of the unset string).
    { case: 'child: empty destinationPortRange beside a list with 22', address: 'azurerm_network_security_rule.r', resources: rule({ destination_port_ranges: ['22'], source_address_prefix: 'Internet' }) },
    { case: 'child: empty sourceAddressPrefix beside a list with Any', address: 'azurerm_network_security_rule.r', resources: rule({ destination_port_range: '22', source_address_prefixes: ['Any'] }) },
    { case: 'child: outbound rule is not flagged', address: 'azurerm_network_security_rule.r', resources: rule({ destination_port_range: '22', source_address_prefix: '*', direction: 'Outbound' }) },
    { case: 'child: application security group source (no prefix) is not flagged', address: 'azurerm_network_security_rule.r', resources: rule({ destination_port_range: '22', source_application_security_group_ids: [`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/applicationSecurityGroups/asg`] }) },
    { case: 'other type: a virtual network does not apply', address: 'azurerm_virtual_network.v', armType: 'Microsoft.Network/virtualNetworks', resources: { azurerm_virtual_network: { v: { name: 'vnet', resource_group_name: RG, location: 'westeurope', address_space: ['10.0.0.0/16'] } } } },
  ],
  'deploy-defender-plan': [
    { case: 'Servers: Free tier', resources: pricing('VirtualMachines', 'Free') },
    { case: 'Servers: Standard P2 with agentless scanning on is compliant', resources: pricing('VirtualMachines', 'Standard', { subplan: 'P2', extension: [{ name: 'AgentlessVmScanning' }] }) },
    { case: 'Servers: Standard P1 when P2 is wanted', resources: pricing('VirtualMachines', 'Standard', { subplan: 'P1', extension: [{ name: 'AgentlessVmScanning' }] }) },
    { case: 'Servers: P2 without the extension listed', resources: pricing('VirtualMachines', 'Standard', { subplan: 'P2' }) },
    { case: 'Storage: both extensions on is compliant', resources: pricing('StorageAccounts', 'Standard', { subplan: 'DefenderForStorageV2', extension: [{ name: 'OnUploadMalwareScanning', additional_extension_properties: { CapGBPerMonthPerStorageAccount: '5000' } }, { name: 'SensitiveDataDiscovery' }] }) },
    { case: 'APIs (no built-in): Standard P1 is compliant', resources: pricing('Api', 'Standard', { subplan: 'P1' }) },
    { case: 'APIs: P3 when P1 is wanted', resources: pricing('Api', 'Standard', { subplan: 'P3' }) },
    { case: 'plan without sub-plan: any Standard pricing is compliant', resources: pricing('CosmosDbs', 'Standard') },
  ],
  'deploy-security-contacts': [
    { case: 'contact with the same emails and role notifications on is compliant', resources: contact({ notificationsByRole: { state: 'On', roles: ['Owner'] } }) },
    { case: 'contact notifying other roles than wanted (Contributor instead of Owner)', resources: contact({ notificationsByRole: { state: 'On', roles: ['Contributor'] } }) },
    { case: 'contact with role notifications off while roles are wanted', resources: contact({ notificationsByRole: { state: 'Off', roles: ['Owner'] } }) },
  ],
  'deploy-activity-log-to-event-hub': [
    { case: 'setting to the same Event Hub with every category is compliant', resources: activityLog({ eventhub_authorization_rule_id: EH_RULE, eventhub_name: 'activity-log' }) },
    { case: 'setting to the same namespace rule but another Event Hub', resources: activityLog({ eventhub_authorization_rule_id: EH_RULE, eventhub_name: 'other' }) },
    { case: 'setting to the Event Hub with the Policy category off', resources: activityLog({ eventhub_authorization_rule_id: EH_RULE, eventhub_name: 'activity-log' }, ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Autoscale', 'ResourceHealth']) },
    { case: 'only a Log Analytics setting (the built-in\'s)', resources: activityLog({ log_analytics_workspace_id: `/subscriptions/${SUB}/resourceGroups/rg-siem/providers/Microsoft.OperationalInsights/workspaces/law` }) },
  ],
  'audit-vm-management-ports-without-jit': [
    { case: 'VM listed in its own JIT policy is compliant', resources: jitTemplate(['vm-app-01']) },
    { case: 'JIT policy that lists only other VMs', resources: jitTemplate(['vm-other']) },
    { case: 'a JIT policy that lists a VM whose name starts with this VM\'s name does not cover it', resources: jitTemplate(['vm-app-01-old']) },
  ],
  'deploy-jit-network-access-policy': [
    { case: 'VM listed in its own JIT policy is compliant', resources: jitTemplate(['vm-app-01']) },
    { case: 'JIT policy with no VMs', resources: jitTemplate([]) },
  ],
};

function detailsType(definition: Record<string, unknown>): string | undefined {
  const then = ((definition.properties as Record<string, unknown>).policyRule as Record<string, Record<string, unknown>>).then;
  const t = (then.details as Record<string, unknown> | undefined)?.type;
  return typeof t === 'string' ? t : undefined;
}

describe('kit policies give the same verdicts on equivalent Terraform as on their fixtures', () => {
  const policies = fs.readdirSync(path.join(ROOT, 'definitions')).map((f) => f.replace(/\.json$/, ''));

  it('has equivalents for every kit policy', () => {
    expect(policies.filter((p) => !(p in EQUIVALENTS))).toEqual([]);
  });

  const rows = Object.entries(EQUIVALENTS).flatMap(([policy, list]) => list.map((e) => [policy, e.case, e] as const));
  it.each(rows)('%s: %s', (policy, caseName, eq) => {
    const definition = JSON.parse(fs.readFileSync(path.join(ROOT, 'definitions', `${policy}.json`), 'utf8')) as Record<string, unknown>;
    const fx = fixture(policy);
    const c = fx.cases.find((x) => x.name === caseName);
    if (!c) throw new Error(`no fixture case ${JSON.stringify(caseName)} in ${policy}`);
    const compiled = compilePolicy(definition);
    const parameters = { ...(fx.parameters ?? {}), ...(c.parameters ?? {}) };
    const translation: TranslationResult = translateJson({ provider, resource: eq.resources });
    expect(translation.notTranslated).toEqual([]);
    let target: AssessResource | undefined;
    let resource: Record<string, unknown>;
    let related: Record<string, unknown>[] | undefined;
    if (eq.address) {
      target = one(translation, eq.address, eq.armType);
      resource = target.resource;
    } else {
      resource = c.resource;
      const type = detailsType(definition)!.toLowerCase();
      related = translation.resources.filter((r) => String(r.resource.type).toLowerCase() === type).map((r) => r.resource);
      expect(related.length).toBeGreaterThan(0);
    }
    const result = compiled.evaluate(resource, { parameters, relatedResources: related, apiVersion: target?.apiVersion, requestContext: target ? { apiVersion: target.apiVersion } : undefined });
    expect(result.error).toBeUndefined();
    expect(result.effect?.toLowerCase() ?? null).toBe(c.expect.effect?.toLowerCase() ?? null);
  });
});
