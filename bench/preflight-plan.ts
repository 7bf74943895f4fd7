/**
 * The generated `terraform show -json` plan of bench:preflight (also translated, at a small size, by
 * test/preflight/translation-differential.test.ts and test/preflight/plan-shapes.test.ts): storage accounts, NSGs with
 * inline rules and standalone rules, VNets and subnets with NSG associations, NICs, Linux VMs, key vaults,
 * registries, diagnostic settings; ids and references unknown as in a real first plan. Deterministic for a seed.
 *
 * Two shapes of the same resources, arguments and values (the same random draws):
 * - full (the default): what Terraform 1.9 writes (format 1.2) for azurerm v4.55.0, built by preflight-plan-full.ts
 *   from the provider schemas of preflight-plan-schemas.ts: `planned_values`, every schema attribute in `after`
 *   (null, the schema default or unknown when the configuration does not set it), `after_unknown`,
 *   `before_sensitive` / `after_sensitive`, `schema_version`, a configuration expression per argument set.
 * - compact (`{ compact: true }`, bench:preflight --compact): the plan this generator wrote before, byte for byte:
 *   `after` holds only the arguments set, `after_unknown` only some unknowns, the configuration some expressions.
 */
import { AZURERM, CompactChange, fullPlan } from './preflight-plan-full';
import { prng } from './prng';

type Change = CompactChange;

export interface PlanOptions {
  /** The compact plan of earlier versions instead of the full `terraform show -json` shape. @default false */
  readonly compact?: boolean;
}

/** A plan of n resources in groups that reference each other as a real configuration does. */
export function generatePlan(n: number, seed: number, options: PlanOptions = {}): unknown {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const changes: Change[] = [];
  const ref = (address: string, attr = 'id') => ({ references: [`${address}.${attr}`, address] });
  for (let g = 0; changes.length < n; g++) {
    const rg = `rg-app-${g}`;
    const loc = pick(['westeurope', 'northeurope', 'eastus2']);
    const rule = (i: number) => ({ name: `r${i}`, priority: 100 + i, direction: pick(['Inbound', 'Outbound']), access: pick(['Allow', 'Deny']), protocol: pick(['Tcp', 'Udp', '*']), source_port_range: '*', destination_port_range: pick(['22', '443', '3389', '1000-4000', '*']), source_address_prefix: pick(['Internet', '*', '10.0.0.0/8', 'VirtualNetwork']), destination_address_prefix: '*', source_port_ranges: [], destination_port_ranges: [], source_address_prefixes: [], destination_address_prefixes: [], source_application_security_group_ids: [], destination_application_security_group_ids: [], description: '' });
    const group: Change[] = [
      { address: `azurerm_storage_account.sa${g}`, type: 'azurerm_storage_account', name: `sa${g}`, after: { name: `st${g}`, resource_group_name: rg, location: loc, account_tier: 'Standard', account_replication_type: pick(['LRS', 'GRS', 'ZRS']), account_kind: 'StorageV2', min_tls_version: pick(['TLS1_2', 'TLS1_0']), allow_nested_items_to_be_public: rnd() < 0.3, public_network_access_enabled: rnd() < 0.5, https_traffic_only_enabled: true, shared_access_key_enabled: rnd() < 0.5, network_rules: [{ default_action: pick(['Allow', 'Deny']), bypass: ['AzureServices'], ip_rules: ['198.51.100.0/24'], virtual_network_subnet_ids: [], private_link_access: [] }], tags: { env: 'prod', owner: `team-${g % 7}` } }, afterUnknown: { id: true, primary_blob_endpoint: true, network_rules: [{ virtual_network_subnet_ids: true }] }, expressions: { name: { constant_value: `st${g}` }, min_tls_version: { constant_value: 'TLS1_2' }, network_rules: [{ virtual_network_subnet_ids: { references: [`azurerm_subnet.s${g}.id`] } }] } },
      { address: `azurerm_network_security_group.nsg${g}`, type: 'azurerm_network_security_group', name: `nsg${g}`, after: { name: `nsg-${g}`, resource_group_name: rg, location: loc, security_rule: [rule(0), rule(1), rule(2)], tags: {} }, afterUnknown: { id: true }, expressions: { name: { constant_value: `nsg-${g}` } } },
      { address: `azurerm_network_security_rule.extra${g}`, type: 'azurerm_network_security_rule', name: `extra${g}`, after: { ...rule(10), network_security_group_name: `nsg-${g}`, resource_group_name: rg }, afterUnknown: { id: true }, expressions: { name: { constant_value: 'r10' } } },
      { address: `azurerm_virtual_network.v${g}`, type: 'azurerm_virtual_network', name: `v${g}`, after: { name: `vnet-${g}`, resource_group_name: rg, location: loc, address_space: ['10.0.0.0/16'], dns_servers: [], subnet: [] }, afterUnknown: { id: true, guid: true, subnet: true }, expressions: { name: { constant_value: `vnet-${g}` } } },
      { address: `azurerm_subnet.s${g}`, type: 'azurerm_subnet', name: `s${g}`, after: { name: 'app', resource_group_name: rg, virtual_network_name: `vnet-${g}`, address_prefixes: ['10.0.1.0/24'], delegation: [], service_endpoints: ['Microsoft.Storage'] }, afterUnknown: { id: true }, expressions: { name: { constant_value: 'app' }, virtual_network_name: ref(`azurerm_virtual_network.v${g}`, 'name') } },
      { address: `azurerm_subnet_network_security_group_association.a${g}`, type: 'azurerm_subnet_network_security_group_association', name: `a${g}`, after: {}, afterUnknown: { id: true, subnet_id: true, network_security_group_id: true }, expressions: { subnet_id: ref(`azurerm_subnet.s${g}`), network_security_group_id: ref(`azurerm_network_security_group.nsg${g}`) } },
      { address: `azurerm_network_interface.nic${g}`, type: 'azurerm_network_interface', name: `nic${g}`, after: { name: `nic-${g}`, resource_group_name: rg, location: loc, ip_configuration: [{ name: 'ip', private_ip_address_allocation: 'Dynamic', primary: true }] }, afterUnknown: { id: true, ip_configuration: [{ subnet_id: true, public_ip_address_id: rnd() < 0.2 }] }, expressions: { ip_configuration: [{ subnet_id: ref(`azurerm_subnet.s${g}`), public_ip_address_id: ref(`azurerm_public_ip.p${g}`) }] } },
      { address: `azurerm_linux_virtual_machine.vm${g}`, type: 'azurerm_linux_virtual_machine', name: `vm${g}`, after: { name: `vm-${g}`, resource_group_name: rg, location: loc, size: 'Standard_D2s_v5', admin_username: 'azureuser', disable_password_authentication: true, admin_ssh_key: [{ username: 'azureuser', public_key: 'ssh-rsa AAAA' }], os_disk: [{ caching: 'ReadWrite', storage_account_type: 'Premium_LRS' }], source_image_reference: [{ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }], encryption_at_host_enabled: rnd() < 0.5, boot_diagnostics: [] }, afterUnknown: { id: true, network_interface_ids: true, private_ip_address: true }, expressions: { network_interface_ids: ref(`azurerm_network_interface.nic${g}`) } },
      { address: `azurerm_key_vault.kv${g}`, type: 'azurerm_key_vault', name: `kv${g}`, after: { name: `kv-${g}`, resource_group_name: rg, location: loc, sku_name: 'premium', purge_protection_enabled: rnd() < 0.5, soft_delete_retention_days: 90, public_network_access_enabled: rnd() < 0.5, rbac_authorization_enabled: true, network_acls: [{ bypass: 'AzureServices', default_action: 'Deny', ip_rules: [], virtual_network_subnet_ids: [] }] }, afterUnknown: { id: true, vault_uri: true, tenant_id: true }, expressions: { tenant_id: { references: ['data.azurerm_client_config.current.tenant_id'] } } },
      { address: `azurerm_container_registry.acr${g}`, type: 'azurerm_container_registry', name: `acr${g}`, after: { name: `cr${g}`, resource_group_name: rg, location: loc, sku: pick(['Basic', 'Premium']), admin_enabled: rnd() < 0.2, export_policy_enabled: true, quarantine_policy_enabled: false, public_network_access_enabled: true, anonymous_pull_enabled: false }, afterUnknown: { id: true, login_server: true }, expressions: {} },
      { address: `azurerm_monitor_diagnostic_setting.d${g}`, type: 'azurerm_monitor_diagnostic_setting', name: `d${g}`, after: { name: 'diag', enabled_log: [{ category_group: 'allLogs' }], enabled_metric: [{ category: 'AllMetrics' }] }, afterUnknown: { id: true, target_resource_id: true, log_analytics_workspace_id: true }, expressions: { target_resource_id: ref(`azurerm_key_vault.kv${g}`), log_analytics_workspace_id: { references: ['var.workspace_id'] } } },
    ];
    changes.push(...group.slice(0, n - changes.length));
  }
  if (!options.compact) return fullPlan(changes);
  const byModule = (c: Change) => ({ address: c.address, mode: 'managed', type: c.type, name: c.name, provider_config_key: 'azurerm', expressions: c.expressions });
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    resource_changes: changes.map((c) => ({ address: c.address, mode: 'managed', type: c.type, name: c.name, provider_name: AZURERM, change: { actions: ['create'], before: null, after: c.after, after_unknown: c.afterUnknown } })),
    configuration: { provider_config: { azurerm: { name: 'azurerm', full_name: AZURERM, expressions: { subscription_id: { constant_value: '00000000-0000-0000-0000-0000000000a1' } } } }, root_module: { resources: changes.map(byModule) } },
  };
}
