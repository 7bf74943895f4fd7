/**
 * Azure built-in policies on the edge, AI and analytics types: Terraform that Azure would find compliant and
 * non-compliant, translated into the create request azurerm v4.55.0 sends, gives Azure's verdict for that request.
 * The definitions are copies of Microsoft's built-ins (test/preflight/fixtures/builtins/edge, MIT, named in each file).
 * Where azurerm's request differs from what the user might expect (a property sent only with its block, a setting
 * applied after create), the case says so: the verdict is the one Azure gives the request azurerm sends.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compilePolicy } from '../../lib/policy-engine';
import { FIXTURES, one, translateJson } from './helpers';

const SUB = '00000000-0000-0000-0000-0000000000b2';
const RG = 'rg-edge';
const provider = { azurerm: [{ features: {}, subscription_id: SUB }] };
const base = { resource_group_name: RG, location: 'westeurope' };

interface VerdictCase {
  /** Built-in definition file (test/preflight/fixtures/builtins/edge/<policy>.json). */
  readonly policy: string;
  readonly name: string;
  /** Terraform resources (JSON syntax, the `resource` object). */
  readonly resources: Record<string, unknown>;
  readonly address: string;
  readonly armType?: string;
  readonly parameters?: Record<string, unknown>;
  /** Azure's verdict for the request: the effect, or null when the rule does not match. */
  readonly effect: string | null;
  /** For auditIfNotExists: the translated resources of this ARM type are the related resources that exist. */
  readonly related?: string;
}

const search = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ azurerm_search_service: { s: { name: 'srch-edge', sku: 'standard', ...base, ...extra } } });
const cognitive = (extra: Record<string, unknown> = {}, kind = 'OpenAI'): Record<string, unknown> => ({ azurerm_cognitive_account: { c: { name: 'oai-edge', kind, sku_name: 'S0', ...base, ...extra } } });
const mlw = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  azurerm_machine_learning_workspace: {
    m: {
      name: 'mlw-edge', ...base, identity: { type: 'SystemAssigned' },
      application_insights_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Insights/components/appi`,
      key_vault_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv`,
      storage_account_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/st`,
      ...extra,
    },
  },
});
const adf = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ azurerm_data_factory: { f: { name: 'adf-edge', ...base, ...extra } } });
const dbw = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ azurerm_databricks_workspace: { d: { name: 'dbw-edge', sku: 'premium', ...base, ...extra } } });
const VNET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet`;
const fw = (extra: Record<string, unknown> = {}, tier = 'Standard'): Record<string, unknown> => ({
  azurerm_firewall: { f: { name: 'afw-edge', ...base, sku_name: 'AZFW_VNet', sku_tier: tier, ip_configuration: [{ name: 'c', subnet_id: `${VNET}/subnets/AzureFirewallSubnet`, public_ip_address_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/publicIPAddresses/pip` }], ...extra } },
});
const fwp = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ azurerm_firewall_policy: { p: { name: 'afwp-edge', ...base, ...extra } } });
const rcg = (app: Record<string, unknown>[]): Record<string, unknown> => ({
  azurerm_firewall_policy_rule_collection_group: {
    g: {
      name: 'rcg', priority: 100, firewall_policy_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/firewallPolicies/afwp-edge`,
      application_rule_collection: [{ name: 'apps', priority: 100, action: 'Allow', rule: app.map((r, i) => ({ name: `r${i}`, protocols: [{ type: 'Https', port: 443 }], source_addresses: ['10.0.0.0/8'], destination_fqdns: ['contoso.com'], ...r })) }],
      network_rule_collection: [{ name: 'net', priority: 200, action: 'Allow', rule: [{ name: 'dns', protocols: ['UDP'], source_addresses: ['10.0.0.0/8'], destination_addresses: ['168.63.129.16'], destination_ports: ['53'] }] }],
    },
  },
});

const SUBNET = `${VNET}/subnets/appgw`;
const WAFP = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/applicationGatewayWebApplicationFirewallPolicies/wafp`;
const appgw = (extra: Record<string, unknown> = {}, tier = 'WAF_v2'): Record<string, unknown> => ({
  azurerm_application_gateway: {
    g: {
      name: 'agw-edge', ...base, sku: [{ name: tier, tier }], autoscale_configuration: [{ min_capacity: 1 }],
      gateway_ip_configuration: [{ name: 'gw', subnet_id: SUBNET }],
      frontend_port: [{ name: 'https', port: 443 }],
      frontend_ip_configuration: [{ name: 'fe', public_ip_address_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/publicIPAddresses/agw` }],
      backend_address_pool: [{ name: 'be', fqdns: ['app.contoso.com'] }],
      backend_http_settings: [{ name: 'hs', cookie_based_affinity: 'Disabled', port: 443, protocol: 'Https' }],
      http_listener: [{ name: 'l', frontend_ip_configuration_name: 'fe', frontend_port_name: 'https', protocol: 'Https', ssl_certificate_name: 'cert' }],
      ssl_certificate: [{ name: 'cert', key_vault_secret_id: 'https://kv.vault.azure.net/secrets/cert' }],
      request_routing_rule: [{ name: 'r', rule_type: 'Basic', http_listener_name: 'l', backend_address_pool_name: 'be', backend_http_settings_name: 'hs', priority: 10 }],
      ...extra,
    },
  },
});
const wafConfig = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ waf_configuration: [{ enabled: true, firewall_mode: 'Prevention', rule_set_version: '3.2', ...extra }] });
const wafp = (extra: Record<string, unknown> = {}, ruleSets: Record<string, unknown>[] = [{ version: '3.2' }]): Record<string, unknown> => ({
  azurerm_web_application_firewall_policy: { w: { name: 'wafp', ...base, managed_rules: [{ managed_rule_set: ruleSets }], ...extra } },
});

const fdwaf = (extra: Record<string, unknown> = {}, sku = 'Premium_AzureFrontDoor'): Record<string, unknown> => ({ azurerm_cdn_frontdoor_firewall_policy: { w: { name: 'fdwaf', resource_group_name: RG, sku_name: sku, mode: 'Prevention', ...extra } } });
const drs = { type: 'Microsoft_DefaultRuleSet', version: '2.1', action: 'Block' };
const bots = { type: 'Microsoft_BotManagerRuleSet', version: '1.1', action: 'Block' };
const rateRule = { name: 'ratelimit', type: 'RateLimitRule', action: 'Block', match_condition: [{ match_variable: 'RemoteAddr', operator: 'IPMatch', negation_condition: true, match_values: ['10.0.0.0/8'] }] };

const apim = (extra: Record<string, unknown> = {}, sku = 'Developer_1'): Record<string, unknown> => ({ azurerm_api_management: { a: { name: 'apim-edge', ...base, publisher_name: 'Contoso', publisher_email: 'api@contoso.com', sku_name: sku, ...extra } } });
const APIM_SUBNET = `${VNET}/subnets/apim`;

const synapse = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  azurerm_synapse_workspace: { y: { name: 'syn-edge', ...base, storage_data_lake_gen2_filesystem_id: 'https://stedge.dfs.core.windows.net/synapse', identity: [{ type: 'SystemAssigned' }], ...extra } },
});
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const CASES: VerdictCase[] = [
  // Azure AI Search
  { policy: 'search-disable-local-auth', name: 'keys enabled by default (disableLocalAuth false)', resources: search(), address: 'azurerm_search_service.s', effect: 'Audit' },
  { policy: 'search-disable-local-auth', name: 'local authentication disabled', resources: search({ local_authentication_enabled: false }), address: 'azurerm_search_service.s', parameters: { effect: 'Deny' }, effect: null },
  { policy: 'search-public-network-access', name: 'public network access by default', resources: search(), address: 'azurerm_search_service.s', parameters: { effect: 'Deny' }, effect: 'Deny' },
  { policy: 'search-public-network-access', name: 'public network access disabled', resources: search({ public_network_access_enabled: false }), address: 'azurerm_search_service.s', parameters: { effect: 'Deny' }, effect: null },
  { policy: 'ai-disable-local-auth', name: 'Search: keys enabled by default', resources: search(), address: 'azurerm_search_service.s', effect: 'Audit' },
  { policy: 'ai-network-acls', name: 'Search: public and no IP rules', resources: search(), address: 'azurerm_search_service.s', effect: 'Audit' },
  { policy: 'ai-network-acls', name: 'Search: public but restricted to IP rules', resources: search({ allowed_ips: ['203.0.113.0/24'] }), address: 'azurerm_search_service.s', effect: null },
  // Cognitive Services / OpenAI
  { policy: 'ai-disable-local-auth', name: 'OpenAI: keys enabled by default', resources: cognitive(), address: 'azurerm_cognitive_account.c', parameters: { effect: 'Deny' }, effect: 'Deny' },
  { policy: 'ai-disable-local-auth', name: 'OpenAI: local auth disabled', resources: cognitive({ local_auth_enabled: false }), address: 'azurerm_cognitive_account.c', parameters: { effect: 'Deny' }, effect: null },
  { policy: 'ai-network-acls', name: 'OpenAI: no network_acls block (no networkAcls sent)', resources: cognitive(), address: 'azurerm_cognitive_account.c', effect: 'Audit' },
  { policy: 'ai-network-acls', name: 'OpenAI: network ACLs default Deny', resources: cognitive({ custom_subdomain_name: 'oai-edge', network_acls: [{ default_action: 'Deny', ip_rules: ['203.0.113.4'] }] }), address: 'azurerm_cognitive_account.c', effect: null },
  { policy: 'ai-network-acls', name: 'OpenAI: public network access disabled', resources: cognitive({ public_network_access_enabled: false }), address: 'azurerm_cognitive_account.c', effect: null },
  { policy: 'cognitive-cmk', name: 'OpenAI without a customer-managed key', resources: cognitive(), address: 'azurerm_cognitive_account.c', effect: 'Audit' },
  {
    policy: 'cognitive-cmk', name: 'OpenAI with a customer-managed key', address: 'azurerm_cognitive_account.c', effect: null,
    resources: cognitive({ identity: [{ type: 'SystemAssigned' }], customer_managed_key: [{ key_vault_key_id: 'https://kv-edge.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef' }] }),
  },
  // Machine Learning
  { policy: 'ml-public-network-access', name: 'public network access by default', resources: mlw(), address: 'azurerm_machine_learning_workspace.m', effect: 'Audit' },
  { policy: 'ml-public-network-access', name: 'public network access disabled', resources: mlw({ public_network_access_enabled: false }), address: 'azurerm_machine_learning_workspace.m', effect: null },
  { policy: 'ml-v1-legacy-mode', name: 'v1LegacyMode false by default', resources: mlw(), address: 'azurerm_machine_learning_workspace.m', effect: 'Audit' },
  { policy: 'ml-v1-legacy-mode', name: 'v1LegacyMode enabled', resources: mlw({ v1_legacy_mode_enabled: true }), address: 'azurerm_machine_learning_workspace.m', effect: null },
  { policy: 'ml-cmk', name: 'no encryption block', resources: mlw(), address: 'azurerm_machine_learning_workspace.m', effect: 'Audit' },
  {
    policy: 'ml-cmk', name: 'encryption block (status Enabled)', address: 'azurerm_machine_learning_workspace.m', effect: null,
    resources: mlw({ encryption: [{ key_vault_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv`, key_id: 'https://kv.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef' }] }),
  },
  // Data Factory
  { policy: 'adf-public-network-access', name: 'public network by default', resources: adf(), address: 'azurerm_data_factory.f', effect: 'Audit' },
  { policy: 'adf-public-network-access', name: 'public network disabled', resources: adf({ public_network_enabled: false }), address: 'azurerm_data_factory.f', effect: null },
  { policy: 'adf-cmk', name: 'no customer-managed key', resources: adf(), address: 'azurerm_data_factory.f', effect: 'Audit' },
  { policy: 'adf-cmk', name: 'customer-managed key', resources: adf({ customer_managed_key_id: 'https://kv.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef', identity: [{ type: 'UserAssigned', identity_ids: [`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id`] }], customer_managed_key_identity_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id` }), address: 'azurerm_data_factory.f', effect: null },
  { policy: 'adf-git', name: 'no repository', resources: adf(), address: 'azurerm_data_factory.f', effect: 'Audit' },
  // The repository is set by the configureFactoryRepo action after the PUT: the create request has repoConfiguration null.
  { policy: 'adf-git', name: 'github_configuration is applied after create (the create request has none)', resources: adf({ github_configuration: [{ account_name: 'contoso', branch_name: 'main', repository_name: 'adf', root_folder: '/' }] }), address: 'azurerm_data_factory.f', effect: 'Audit' },
  // Databricks
  { policy: 'databricks-no-public-ip', name: 'no custom_parameters block: enableNoPublicIp not in the request', resources: dbw(), address: 'azurerm_databricks_workspace.d', effect: 'Audit' },
  { policy: 'databricks-no-public-ip', name: 'custom_parameters with no_public_ip default (true)', resources: dbw({ custom_parameters: [{ storage_account_name: 'dbwedgestorage' }] }), address: 'azurerm_databricks_workspace.d', effect: null },
  { policy: 'databricks-no-public-ip', name: 'no_public_ip false', resources: dbw({ custom_parameters: [{ no_public_ip: false }] }), address: 'azurerm_databricks_workspace.d', parameters: { effect: 'Deny' }, effect: 'Deny' },
  { policy: 'databricks-public-network-access', name: 'public network access by default', resources: dbw(), address: 'azurerm_databricks_workspace.d', effect: 'Audit' },
  { policy: 'databricks-public-network-access', name: 'public network access disabled', resources: dbw({ public_network_access_enabled: false, network_security_group_rules_required: 'NoAzureDatabricksRules' }), address: 'azurerm_databricks_workspace.d', effect: null },
  { policy: 'databricks-vnet', name: 'managed virtual network', resources: dbw(), address: 'azurerm_databricks_workspace.d', effect: 'Audit' },
  {
    policy: 'databricks-vnet', name: 'VNet injection', address: 'azurerm_databricks_workspace.d', effect: null,
    resources: dbw({ custom_parameters: [{ virtual_network_id: VNET, public_subnet_name: 'dbw-public', private_subnet_name: 'dbw-private', public_subnet_network_security_group_association_id: `${VNET}/subnets/dbw-public`, private_subnet_network_security_group_association_id: `${VNET}/subnets/dbw-private` }] }),
  },
  // Azure Firewall (classic)
  { policy: 'firewall-threat-intel', name: 'Standard with threat intel Off', resources: fw({ threat_intel_mode: 'Off' }), address: 'azurerm_firewall.f', effect: 'Audit' },
  { policy: 'firewall-threat-intel', name: 'Standard with threat intel Alert', resources: fw({ threat_intel_mode: 'Alert' }), address: 'azurerm_firewall.f', effect: null },
  { policy: 'firewall-threat-intel', name: 'threat_intel_mode unset (sent as "")', resources: fw(), address: 'azurerm_firewall.f', effect: null },
  { policy: 'firewall-threat-intel', name: 'Premium with threat intel Off (the policy tests Standard)', resources: fw({ threat_intel_mode: 'Off' }, 'Premium'), address: 'azurerm_firewall.f', effect: null },
  { policy: 'firewall-policy-attached', name: 'classic rules (no firewall_policy_id)', resources: fw(), address: 'azurerm_firewall.f', effect: 'Audit' },
  { policy: 'firewall-policy-attached', name: 'firewall policy attached', resources: fw({ firewall_policy_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/firewallPolicies/afwp-edge` }), address: 'azurerm_firewall.f', effect: null },
  { policy: 'firewall-zones', name: 'no zones', resources: fw(), address: 'azurerm_firewall.f', effect: 'Audit' },
  { policy: 'firewall-zones', name: 'three zones', resources: fw({ zones: ['1', '2', '3'] }), address: 'azurerm_firewall.f', effect: null },
  // Firewall policies
  { policy: 'firewall-policy-threat-intel', name: 'threat intelligence Off', resources: fwp({ threat_intelligence_mode: 'Off' }), address: 'azurerm_firewall_policy.p', effect: 'Audit' },
  { policy: 'firewall-policy-threat-intel', name: 'threat intelligence default (Alert)', resources: fwp(), address: 'azurerm_firewall_policy.p', effect: null },
  { policy: 'firewall-policy-dns-proxy', name: 'no dns block (no dnsSettings)', resources: fwp(), address: 'azurerm_firewall_policy.p', effect: 'Audit' },
  { policy: 'firewall-policy-dns-proxy', name: 'dns proxy enabled', resources: fwp({ dns: [{ proxy_enabled: true }] }), address: 'azurerm_firewall_policy.p', effect: null },
  { policy: 'firewall-policy-idps', name: 'Premium with IDPS Off', resources: fwp({ sku: 'Premium', intrusion_detection: [{ mode: 'Off' }] }), address: 'azurerm_firewall_policy.p', parameters: { effect: 'Audit' }, effect: 'Audit' },
  { policy: 'firewall-policy-idps', name: 'Premium with IDPS Deny', resources: fwp({ sku: 'Premium', intrusion_detection: [{ mode: 'Deny' }] }), address: 'azurerm_firewall_policy.p', parameters: { effect: 'Audit' }, effect: null },
  { policy: 'firewall-policy-analytics', name: 'no insights block', resources: fwp(), address: 'azurerm_firewall_policy.p', effect: 'Audit' },
  { policy: 'firewall-policy-analytics', name: 'insights block (isEnabled present)', resources: fwp({ insights: [{ enabled: true, default_log_analytics_workspace_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/law` }] }), address: 'azurerm_firewall_policy.p', effect: null },
  // Rule collection groups (mode All)
  { policy: 'firewall-rcg-tls-inspection', name: 'application rule without TLS inspection', resources: rcg([{}]), address: 'azurerm_firewall_policy_rule_collection_group.g', parameters: { effect: 'Audit' }, effect: 'Audit' },
  { policy: 'firewall-rcg-tls-inspection', name: 'every application rule terminates TLS', resources: rcg([{ terminate_tls: true }, { terminate_tls: true }]), address: 'azurerm_firewall_policy_rule_collection_group.g', parameters: { effect: 'Audit' }, effect: null },
  // Application gateways
  { policy: 'appgw-waf-enabled', name: 'Standard_v2 without WAF', resources: appgw({}, 'Standard_v2'), address: 'azurerm_application_gateway.g', effect: 'Audit' },
  { policy: 'appgw-waf-enabled', name: 'WAF policy attached', resources: appgw({ firewall_policy_id: WAFP }), address: 'azurerm_application_gateway.g', effect: null },
  { policy: 'appgw-waf-enabled', name: 'legacy WAF configuration', resources: appgw(wafConfig()), address: 'azurerm_application_gateway.g', effect: null },
  { policy: 'appgw-waf-policy', name: 'legacy WAF configuration only', resources: appgw(wafConfig()), address: 'azurerm_application_gateway.g', parameters: { effect: 'Deny' }, effect: 'Deny' },
  { policy: 'appgw-waf-policy', name: 'WAF policy attached', resources: appgw({ firewall_policy_id: WAFP }), address: 'azurerm_application_gateway.g', parameters: { effect: 'Deny' }, effect: null },
  { policy: 'appgw-waf-config-migrate', name: 'WAF_v2 with the legacy WAF configuration', resources: appgw(wafConfig()), address: 'azurerm_application_gateway.g', effect: 'Audit' },
  { policy: 'appgw-waf-config-migrate', name: 'WAF_v2 with a WAF policy', resources: appgw({ firewall_policy_id: WAFP }), address: 'azurerm_application_gateway.g', effect: null },
  { policy: 'appgw-waf-all-rules', name: 'a disabled rule group', resources: appgw(wafConfig({ disabled_rule_group: [{ rule_group_name: 'REQUEST-930-APPLICATION-ATTACK-LFI', rules: [930100] }] })), address: 'azurerm_application_gateway.g', parameters: { effect: 'Audit' }, effect: 'Audit' },
  { policy: 'appgw-waf-all-rules', name: 'every rule group enabled', resources: appgw(wafConfig()), address: 'azurerm_application_gateway.g', parameters: { effect: 'Audit' }, effect: null },
  { policy: 'appgw-zone-resilient', name: 'no zones', resources: appgw({ firewall_policy_id: WAFP }), address: 'azurerm_application_gateway.g', effect: 'Audit' },
  { policy: 'appgw-zone-resilient', name: 'three zones', resources: appgw({ firewall_policy_id: WAFP, zones: ['1', '2', '3'] }), address: 'azurerm_application_gateway.g', effect: null },
  // Application gateway WAF policies
  { policy: 'appgw-wafpolicy-mode', name: 'no policy_settings block (no policySettings sent), Prevention required', resources: wafp(), address: 'azurerm_web_application_firewall_policy.w', parameters: { modeRequirement: 'Prevention' }, effect: 'Audit' },
  { policy: 'appgw-wafpolicy-mode', name: 'policy_settings without mode (Prevention by default)', resources: wafp({ policy_settings: [{}] }), address: 'azurerm_web_application_firewall_policy.w', parameters: { modeRequirement: 'Prevention' }, effect: null },
  { policy: 'appgw-wafpolicy-mode', name: 'Detection when Prevention is required', resources: wafp({ policy_settings: [{ mode: 'Detection' }] }), address: 'azurerm_web_application_firewall_policy.w', parameters: { modeRequirement: 'Prevention' }, effect: 'Audit' },
  { policy: 'appgw-wafpolicy-request-body', name: 'request body inspection off', resources: wafp({ policy_settings: [{ request_body_check: false }] }), address: 'azurerm_web_application_firewall_policy.w', effect: 'Audit' },
  { policy: 'appgw-wafpolicy-request-body', name: 'request body inspection on by default', resources: wafp({ policy_settings: [{}] }), address: 'azurerm_web_application_firewall_policy.w', effect: null },
  { policy: 'appgw-wafpolicy-bot-protection', name: 'OWASP only', resources: wafp(), address: 'azurerm_web_application_firewall_policy.w', effect: 'Audit' },
  { policy: 'appgw-wafpolicy-bot-protection', name: 'OWASP and the bot manager rule set', resources: wafp({}, [{ version: '3.2' }, { type: 'Microsoft_BotManagerRuleSet', version: '1.0' }]), address: 'azurerm_web_application_firewall_policy.w', effect: null },
  // Front Door
  { policy: 'afd-premium-sku', name: 'Standard profile', resources: { azurerm_cdn_frontdoor_profile: { p: { name: 'afd', resource_group_name: RG, sku_name: 'Standard_AzureFrontDoor' } } }, address: 'azurerm_cdn_frontdoor_profile.p', effect: 'Audit' },
  { policy: 'afd-premium-sku', name: 'Premium profile', resources: { azurerm_cdn_frontdoor_profile: { p: { name: 'afd', resource_group_name: RG, sku_name: 'Premium_AzureFrontDoor' } } }, address: 'azurerm_cdn_frontdoor_profile.p', effect: null },
  { policy: 'afd-waf-mode', name: 'Detection when Prevention is required', resources: fdwaf({ mode: 'Detection' }), address: 'azurerm_cdn_frontdoor_firewall_policy.w', parameters: { modeRequirement: 'Prevention' }, effect: 'Audit' },
  { policy: 'afd-waf-mode', name: 'Prevention', resources: fdwaf(), address: 'azurerm_cdn_frontdoor_firewall_policy.w', parameters: { modeRequirement: 'Prevention' }, effect: null },
  { policy: 'afd-waf-request-body', name: 'request body check off', resources: fdwaf({ request_body_check_enabled: false }), address: 'azurerm_cdn_frontdoor_firewall_policy.w', parameters: { effect: 'Deny' }, effect: 'Deny' },
  { policy: 'afd-waf-request-body', name: 'request body check on by default', resources: fdwaf(), address: 'azurerm_cdn_frontdoor_firewall_policy.w', parameters: { effect: 'Deny' }, effect: null },
  { policy: 'afd-waf-bot-protection', name: 'default rule set only', resources: fdwaf({ managed_rule: [drs] }), address: 'azurerm_cdn_frontdoor_firewall_policy.w', effect: 'Audit' },
  { policy: 'afd-waf-bot-protection', name: 'no managed rules (Standard)', resources: fdwaf({}, 'Standard_AzureFrontDoor'), address: 'azurerm_cdn_frontdoor_firewall_policy.w', effect: 'Audit' },
  { policy: 'afd-waf-bot-protection', name: 'default and bot manager rule sets', resources: fdwaf({ managed_rule: [drs, bots] }), address: 'azurerm_cdn_frontdoor_firewall_policy.w', effect: null },
  // azurerm always sends rateLimitThreshold and rateLimitDurationInMinutes (schema defaults 10 and 1): no request it sends has a rule without them.
  { policy: 'afd-waf-rate-limit', name: 'a rate limit rule with the default threshold', resources: fdwaf({ custom_rule: [rateRule] }), address: 'azurerm_cdn_frontdoor_firewall_policy.w', effect: null },
  { policy: 'afd-waf-rate-limit', name: 'a match rule (rate limit fields sent with their defaults)', resources: fdwaf({ custom_rule: [{ ...rateRule, type: 'MatchRule' }] }), address: 'azurerm_cdn_frontdoor_firewall_policy.w', effect: null },
  // API Management
  { policy: 'apim-vnet', name: 'Developer without a virtual network (virtualNetworkType None)', resources: apim(), address: 'azurerm_api_management.a', effect: 'Audit' },
  { policy: 'apim-vnet', name: 'Developer in an internal virtual network', resources: apim({ virtual_network_type: 'Internal', virtual_network_configuration: [{ subnet_id: APIM_SUBNET }] }), address: 'azurerm_api_management.a', effect: null },
  { policy: 'apim-vnet', name: 'Basic (not an evaluated SKU)', resources: apim({}, 'Basic_1'), address: 'azurerm_api_management.a', effect: null },
  { policy: 'apim-vnet-skus', name: 'Standard_v2', resources: apim({}, 'StandardV2_1'), address: 'azurerm_api_management.a', parameters: { effect: 'Deny' }, effect: 'Deny' },
  { policy: 'apim-vnet-skus', name: 'Premium', resources: apim({}, 'Premium_1'), address: 'azurerm_api_management.a', parameters: { effect: 'Deny' }, effect: null },
  { policy: 'apim-min-api-version', name: 'no min_api_version', resources: apim(), address: 'azurerm_api_management.a', parameters: { effect: 'Audit' }, effect: 'Audit' },
  { policy: 'apim-min-api-version', name: 'min_api_version 2021-08-01', resources: apim({ min_api_version: '2021-08-01' }), address: 'azurerm_api_management.a', parameters: { effect: 'Audit' }, effect: null },
  { policy: 'apim-min-api-version', name: 'Consumption is not evaluated', resources: apim({}, 'Consumption_0'), address: 'azurerm_api_management.a', parameters: { effect: 'Audit' }, effect: null },
  { policy: 'apim-zone-redundant', name: 'Premium in one zone', resources: apim({ zones: ['1'] }, 'Premium_1'), address: 'azurerm_api_management.a', effect: 'Audit' },
  { policy: 'apim-zone-redundant', name: 'Premium in three zones', resources: apim({ zones: ['1', '2', '3'] }, 'Premium_3'), address: 'azurerm_api_management.a', effect: null },
  // The management endpoint is disabled by tenant_access { enabled = false }: a PATCH of service/tenant/access after create.
  { policy: 'apim-public-endpoint', name: 'no tenant_access block (no tenant/access resource in the configuration)', resources: apim(), address: 'azurerm_api_management.a', armType: 'Microsoft.ApiManagement/service', related: 'Microsoft.ApiManagement/service/tenant', effect: 'AuditIfNotExists' },
  { policy: 'apim-public-endpoint', name: 'direct management access enabled', resources: apim({ tenant_access: [{ enabled: true }] }), address: 'azurerm_api_management.a', armType: 'Microsoft.ApiManagement/service', related: 'Microsoft.ApiManagement/service/tenant', effect: 'AuditIfNotExists' },
  { policy: 'apim-public-endpoint', name: 'direct management access disabled', resources: apim({ tenant_access: [{ enabled: false }] }), address: 'azurerm_api_management.a', armType: 'Microsoft.ApiManagement/service', related: 'Microsoft.ApiManagement/service/tenant', effect: null },
  // Synapse
  { policy: 'synapse-aad-only', name: 'SQL authentication allowed (azureADOnlyAuthentication false)', resources: synapse({ sql_administrator_login: 'sqladmin', sql_administrator_login_password: 'P@ssw0rd-123' }), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', effect: 'Audit' },
  { policy: 'synapse-aad-only', name: 'Entra-only authentication', resources: synapse({ azuread_authentication_only: true }), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', effect: null },
  { policy: 'synapse-managed-vnet', name: 'no managed virtual network (sent as "")', resources: synapse(), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', effect: 'Audit' },
  { policy: 'synapse-managed-vnet', name: 'managed virtual network', resources: synapse({ managed_virtual_network_enabled: true }), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', effect: null },
  { policy: 'synapse-public-network-access', name: 'public network access by default', resources: synapse(), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', parameters: { effect: 'Deny' }, effect: 'Deny' },
  { policy: 'synapse-public-network-access', name: 'public network access disabled', resources: synapse({ public_network_access_enabled: false }), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', parameters: { effect: 'Deny' }, effect: null },
  { policy: 'synapse-cmk', name: 'no customer-managed key', resources: synapse(), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', effect: 'Audit' },
  { policy: 'synapse-cmk', name: 'customer-managed key (key name cmk by default)', resources: synapse({ customer_managed_key: [{ key_versionless_id: 'https://kv.vault.azure.net/keys/synapse' }] }), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', effect: null },
  { policy: 'synapse-exfiltration', name: 'data exfiltration protection off', resources: synapse({ managed_virtual_network_enabled: true }), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', effect: 'Audit' },
  { policy: 'synapse-exfiltration', name: 'data exfiltration protection on', resources: synapse({ managed_virtual_network_enabled: true, data_exfiltration_protection_enabled: true }), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', effect: null },
  { policy: 'synapse-linking-tenants', name: 'linking allowed to an unapproved tenant', resources: synapse({ managed_virtual_network_enabled: true, data_exfiltration_protection_enabled: true, linking_allowed_for_aad_tenant_ids: ['11111111-1111-1111-1111-111111111111'] }), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', parameters: { allowedTenantIds: [TENANT] }, effect: 'Audit' },
  { policy: 'synapse-linking-tenants', name: 'linking allowed to approved tenants only', resources: synapse({ managed_virtual_network_enabled: true, data_exfiltration_protection_enabled: true, linking_allowed_for_aad_tenant_ids: [TENANT] }), address: 'azurerm_synapse_workspace.y', armType: 'Microsoft.Synapse/workspaces', parameters: { allowedTenantIds: [TENANT] }, effect: null },
];

/** Built-ins no azurerm create request satisfies, with the reason (they have non-compliant cases only). */
const NO_COMPLIANT_REQUEST: Record<string, string> = {
  'adf-git': 'azurerm configures the repository with the configureFactoryRepo action after the PUT; only compliance scans see it',
};

/** Built-ins no azurerm create request violates, with the reason (they have compliant cases only). */
const NO_NONCOMPLIANT_REQUEST: Record<string, string> = {
  'afd-waf-rate-limit': 'azurerm sends rateLimitThreshold and rateLimitDurationInMinutes on every custom rule (schema defaults 10 and 1)',
};

function definition(policy: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'builtins', 'edge', `${policy}.json`), 'utf8')) as Record<string, unknown>;
}

describe('Azure built-ins give Azure\'s verdict on the create requests azurerm sends for edge, AI and analytics types', () => {
  it('each built-in fixture is a built-in definition with compliant and non-compliant cases', () => {
    const files = fs.readdirSync(path.join(FIXTURES, 'builtins', 'edge')).map((f) => f.replace(/\.json$/, ''));
    for (const f of files) {
      const d = definition(f);
      expect((d.properties as Record<string, unknown>).policyType).toBe('BuiltIn');
      const cases = CASES.filter((c) => c.policy === f);
      expect({ policy: f, matched: cases.some((c) => c.effect !== null), unmatched: cases.some((c) => c.effect === null) }).toEqual({ policy: f, matched: !(f in NO_NONCOMPLIANT_REQUEST), unmatched: !(f in NO_COMPLIANT_REQUEST) });
    }
  });

  it.each(CASES.map((c) => [c.policy, c.name, c] as const))('%s: %s', (policy, _name, c) => {
    const compiled = compilePolicy(definition(policy));
    const translation = translateJson({ provider, resource: c.resources });
    expect(translation.notTranslated).toEqual([]);
    const target = one(translation, c.address, c.armType);
    const related = c.related ? translation.resources.filter((r) => String(r.resource.type).toLowerCase() === c.related!.toLowerCase()).map((r) => r.resource) : undefined;
    const result = compiled.evaluate(target.resource, { parameters: c.parameters ?? {}, relatedResources: related, apiVersion: target.apiVersion, requestContext: { apiVersion: target.apiVersion } });
    expect(result.error).toBeUndefined();
    expect(result.effect?.toLowerCase() ?? null).toBe(c.effect?.toLowerCase() ?? null);
  });
});
