/**
 * Request bodies of the edge, AI and analytics tables for arguments the documentation examples do not set: what
 * azurerm v4.55.0's expand code sends for them (read from the Go files cited in each table's `source`), how values
 * unknown before apply propagate, and the child requests.
 */
import { readTerraformJson, translate } from '../../lib/preflight';
import { KNOWN_AFTER_APPLY as U, one, plain, resourcesOf, translateJson } from './helpers';

const SUB = '00000000-0000-0000-0000-0000000000c3';
const RG = 'rg-edge';
const provider = { azurerm: [{ features: {}, subscription_id: SUB }] };
const base = { resource_group_name: RG, location: 'West Europe' };
const RGID = `/subscriptions/${SUB}/resourceGroups/${RG}`;

function body(resource: Record<string, unknown>, address: string, armType?: string, variable?: Record<string, unknown>): Record<string, unknown> {
  const r = translateJson({ provider, resource, ...(variable ? { variable } : {}) });
  return plain(one(r, address, armType).resource) as Record<string, unknown>;
}

describe('search services', () => {
  const search = (extra: Record<string, unknown>): Record<string, unknown> => body({ azurerm_search_service: { s: { name: 'srch', sku: 'basic', ...base, ...extra } } }, 'azurerm_search_service.s');

  it('authOptions: API keys only by default, keys and Entra ID with a failure mode, none when local authentication is off', () => {
    expect((search({}).properties as Record<string, unknown>).authOptions).toEqual({ apiKeyOnly: {} });
    expect((search({ authentication_failure_mode: 'http403' }).properties as Record<string, unknown>).authOptions).toEqual({ aadOrApiKey: { aadAuthFailureMode: 'http403' } });
    const off = search({ local_authentication_enabled: false }).properties as Record<string, unknown>;
    expect(off.authOptions).toBeUndefined();
    expect(off.disableLocalAuth).toBe(true);
  });

  it('allowed IPs, bypass, CMK enforcement, semantic search and a user-assigned identity', () => {
    const b = search({
      allowed_ips: ['203.0.113.7', '198.51.100.0/24'], network_rule_bypass_option: 'AzureServices', customer_managed_key_enforcement_enabled: true, semantic_search_sku: 'standard', replica_count: '3',
      identity: [{ type: 'UserAssigned', identity_ids: [`${RGID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id`] }],
    });
    expect(b.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: { [`${RGID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id`]: {} } });
    expect(b.properties).toMatchObject({ networkRuleSet: { ipRules: [{ value: '203.0.113.7' }, { value: '198.51.100.0/24' }], bypass: 'AzureServices' }, encryptionWithCmk: { enforcement: 'Enabled' }, semanticSearch: 'standard', replicaCount: 3 });
  });
});

describe('cognitive accounts', () => {
  it('a customer-managed key is split as go-azure-helpers ParseNestedItemID does (base URL without a trailing slash)', () => {
    const b = body({ azurerm_cognitive_account: { c: { name: 'oai', kind: 'OpenAI', sku_name: 'S0', ...base, customer_managed_key: [{ key_vault_key_id: 'https://kv1.vault.azure.net/keys/cmk/abc123', identity_client_id: '11111111-1111-1111-1111-111111111111' }] } } }, 'azurerm_cognitive_account.c');
    expect((b.properties as Record<string, unknown>).encryption).toEqual({ keySource: 'Microsoft.KeyVault', keyVaultProperties: { keyName: 'cmk', keyVersion: 'abc123', keyVaultUri: 'https://kv1.vault.azure.net', identityClientId: '11111111-1111-1111-1111-111111111111' } });
  });

  it('a key id known only after apply keeps the key source known', () => {
    const b = body({ azurerm_cognitive_account: { c: { name: 'oai', kind: 'OpenAI', sku_name: 'S0', ...base, customer_managed_key: [{ key_vault_key_id: '${azurerm_key_vault_key.k.id}' }] } }, azurerm_key_vault_key: { k: { name: 'cmk', key_vault_id: 'x', key_type: 'RSA', key_size: 2048, key_opts: [] } } }, 'azurerm_cognitive_account.c');
    expect((b.properties as Record<string, unknown>).encryption).toEqual({ keySource: 'Microsoft.KeyVault', keyVaultProperties: { keyName: U, keyVersion: U, keyVaultUri: U, identityClientId: '' } });
  });

  it('network ACLs: virtual network rules, IP rules and bypass; QnA settings only for their kind', () => {
    const b = body({ azurerm_cognitive_account: { c: { name: 'lang', kind: 'TextAnalytics', sku_name: 'S', ...base, custom_subdomain_name: 'lang', custom_question_answering_search_service_id: `${RGID}/providers/Microsoft.Search/searchServices/s`, qna_runtime_endpoint: 'https://x', network_acls: [{ default_action: 'Deny', bypass: 'AzureServices', ip_rules: ['203.0.113.9'], virtual_network_rules: [{ subnet_id: `${RGID}/providers/Microsoft.Network/virtualNetworks/v/subnets/s` }] }] } } }, 'azurerm_cognitive_account.c');
    expect(b.properties).toMatchObject({
      customSubDomainName: 'lang',
      apiProperties: { qnaAzureSearchEndpointId: `${RGID}/providers/Microsoft.Search/searchServices/s` },
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [{ value: '203.0.113.9' }], virtualNetworkRules: [{ id: `${RGID}/providers/Microsoft.Network/virtualNetworks/v/subnets/s`, ignoreMissingVnetServiceEndpoint: false }] },
    });
    expect((b.properties as Record<string, Record<string, unknown>>).apiProperties.qnaRuntimeEndpoint).toBeUndefined();
  });
});

describe('machine learning workspaces', () => {
  it('user-assigned identities use the legacy "SystemAssigned,UserAssigned" type; hbiWorkspace only when true; managed network and serverless compute', () => {
    const id = `${RGID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id`;
    const b = body({
      azurerm_machine_learning_workspace: {
        m: {
          name: 'mlw', ...base, application_insights_id: 'a', key_vault_id: 'k', storage_account_id: 's', high_business_impact: true, identity: [{ type: 'SystemAssigned, UserAssigned', identity_ids: [id] }], primary_user_assigned_identity: id,
          managed_network: [{ isolation_mode: 'AllowOnlyApprovedOutbound', provision_on_creation_enabled: true }], serverless_compute: [{}],
          encryption: [{ key_vault_id: 'k', key_id: 'https://kv.vault.azure.net/keys/k/1', user_assigned_identity_id: id }],
        },
      },
    }, 'azurerm_machine_learning_workspace.m');
    expect(b.identity).toEqual({ type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [id]: {} } });
    expect(b.properties).toMatchObject({
      hbiWorkspace: true, primaryUserAssignedIdentity: id, managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' }, provisionNetworkNow: true, serverlessComputeSettings: { serverlessComputeNoPublicIP: true },
      encryption: { identity: { userAssignedIdentity: id }, keyVaultProperties: { keyVaultArmId: 'k', keyIdentifier: 'https://kv.vault.azure.net/keys/k/1' }, status: 'Enabled' },
    });
    const off = body({ azurerm_machine_learning_workspace: { m: { name: 'mlw', ...base, application_insights_id: 'a', key_vault_id: 'k', storage_account_id: 's', high_business_impact: false, identity: [{ type: 'SystemAssigned' }] } } }, 'azurerm_machine_learning_workspace.m');
    expect((off.properties as Record<string, unknown>).hbiWorkspace).toBeUndefined();
  });
});

describe('data factories', () => {
  it('managed_virtual_network_enabled is a second request (managedVirtualNetworks/default); Git settings are noted as applied after create', () => {
    const r = translateJson({ provider, resource: { azurerm_data_factory: { f: { name: 'adf', ...base, managed_virtual_network_enabled: true, github_configuration: [{ account_name: 'a', branch_name: 'main', repository_name: 'r', root_folder: '/' }], global_parameter: [{ name: 'env', type: 'String', value: 'prod' }] } } } });
    const vnet = one(r, 'azurerm_data_factory.f', 'Microsoft.DataFactory/factories/managedVirtualNetworks');
    expect(plain(vnet.resource)).toEqual({ id: `${RGID}/providers/Microsoft.DataFactory/factories/adf/managedVirtualNetworks/default`, name: 'default', type: 'Microsoft.DataFactory/factories/managedVirtualNetworks', properties: {} });
    const f = plain(one(r, 'azurerm_data_factory.f', 'Microsoft.DataFactory/factories').resource) as Record<string, Record<string, unknown>>;
    expect(f.properties.repoConfiguration).toBeNull();
    expect(f.properties.globalParameters).toEqual({ env: { type: 'String', value: 'prod' } });
    // A parameter named __proto__ is a data key, not the object's prototype.
    const hostile = plain(one(translateJson({ provider, resource: { azurerm_data_factory: { f: { name: 'adf', ...base, global_parameter: [{ name: '__proto__', type: 'String', value: 'x' }] } } } }), 'azurerm_data_factory.f').resource) as Record<string, Record<string, unknown>>;
    expect(Object.prototype.hasOwnProperty.call(hostile.properties.globalParameters, '__proto__')).toBe(true);
    expect(r.notes.filter((n) => n.address === 'azurerm_data_factory.f').map((n) => n.message).join('\n')).toMatch(/configureFactoryRepo/);
    expect(resourcesOf(translateJson({ provider, resource: { azurerm_data_factory: { f: { name: 'adf', ...base } } } }), 'azurerm_data_factory.f')).toHaveLength(1);
  });
});

describe('databricks workspaces', () => {
  it('custom_parameters: every set parameter, enableNoPublicIp (default true), load balancer parameters from the backend pool id', () => {
    const lb = `${RGID}/providers/Microsoft.Network/loadBalancers/lb`;
    const b = body({ azurerm_databricks_workspace: { d: { name: 'dbw', sku: 'premium', ...base, managed_resource_group_name: 'dbw-managed', customer_managed_key_enabled: true, load_balancer_backend_address_pool_id: `${lb}/backendAddressPools/pool`, custom_parameters: [{ storage_account_name: 'dbwstorage', vnet_address_prefix: '10.139' }] } } }, 'azurerm_databricks_workspace.d');
    expect((b.properties as Record<string, unknown>).managedResourceGroupId).toBe(`/subscriptions/${SUB}/resourceGroups/dbw-managed`);
    expect((b.properties as Record<string, unknown>).parameters).toEqual({
      loadBalancerBackendPoolName: { value: 'pool' }, loadBalancerId: { value: lb }, storageAccountName: { value: 'dbwstorage' }, vnetAddressPrefix: { value: '10.139' },
      enableNoPublicIp: { value: true }, prepareEncryption: { value: true }, requireInfrastructureEncryption: { value: false },
    });
  });

  it('managed services and disk keys are split by the provider\'s keyvault parser (base URL with a trailing slash)', () => {
    const b = body({ azurerm_databricks_workspace: { d: { name: 'dbw', sku: 'premium', ...base, managed_services_cmk_key_vault_key_id: 'https://kv.vault.azure.net/keys/svc/1', managed_disk_cmk_key_vault_key_id: 'https://kv.vault.azure.net/keys/disk/2', managed_disk_cmk_rotation_to_latest_version_enabled: true } } }, 'azurerm_databricks_workspace.d');
    expect((b.properties as Record<string, unknown>).encryption).toEqual({
      entities: {
        managedServices: { keySource: 'Microsoft.Keyvault', keyVaultProperties: { keyName: 'svc', keyVersion: '1', keyVaultUri: 'https://kv.vault.azure.net/' } },
        managedDisk: { keySource: 'Microsoft.Keyvault', keyVaultProperties: { keyName: 'disk', keyVersion: '2', keyVaultUri: 'https://kv.vault.azure.net/' }, rotationToLatestKeyVersionEnabled: true },
      },
    });
  });

  it('a custom_parameters block known only after apply makes the parameters unknown', () => {
    const b = body({ azurerm_databricks_workspace: { d: { name: 'dbw', sku: 'premium', ...base, custom_parameters: '${var.params}' } } }, 'azurerm_databricks_workspace.d', undefined, { params: {} });
    expect((b.properties as Record<string, unknown>).parameters).toBe(U);
  });
});

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

describe('application gateways', () => {
  const GW = `${RGID}/providers/Microsoft.Network/applicationGateways/agw`;
  const gateway = (extra: Record<string, unknown>): Record<string, unknown> => body({
    azurerm_application_gateway: {
      g: {
        name: 'agw', ...base, sku: [{ name: 'WAF_v2', tier: 'WAF_v2', capacity: 2 }], gateway_ip_configuration: [{ name: 'gw', subnet_id: 's' }], frontend_port: [{ name: 'p', port: 443 }], frontend_ip_configuration: [{ name: 'fe', subnet_id: 's', private_ip_address: '10.0.0.10', private_ip_address_allocation: 'Static' }],
        backend_address_pool: [{ name: 'be', fqdns: ['a.contoso.com'], ip_addresses: ['10.0.1.4'] }], backend_http_settings: [{ name: 'hs', cookie_based_affinity: 'Enabled', port: 443, protocol: 'Https', probe_name: 'pr', trusted_root_certificate_names: ['root'], connection_draining: [{ enabled: true, drain_timeout_sec: 30 }] }],
        http_listener: [{ name: 'l', frontend_ip_configuration_name: 'fe', frontend_port_name: 'p', protocol: 'Https', ssl_profile_name: 'sp', firewall_policy_id: 'wafp-id', host_names: ['a.contoso.com'] }],
        request_routing_rule: [{ name: 'r', rule_type: 'PathBasedRouting', http_listener_name: 'l', url_path_map_name: 'm', priority: 1 }],
        url_path_map: [{ name: 'm', default_redirect_configuration_name: 'rd', path_rule: [{ name: 'api', paths: ['/api/*'], backend_address_pool_name: 'be', backend_http_settings_name: 'hs', firewall_policy_id: 'wafp-api' }] }],
        redirect_configuration: [{ name: 'rd', redirect_type: 'Permanent', target_url: 'https://contoso.com' }],
        ssl_profile: [{ name: 'sp', ssl_policy: [{ policy_type: 'Predefined', policy_name: 'AppGwSslPolicy20220101S' }] }],
        trusted_root_certificate: [{ name: 'root', data: 'not base64!' }],
        ...extra,
      },
    },
  }, 'azurerm_application_gateway.g');

  it('sub-resource references are ids under the gateway; data is base64-encoded when it is not already', () => {
    const p = gateway({}).properties as Record<string, unknown>;
    expect(p).toMatchObject({
      frontendIPConfigurations: [{ name: 'fe', properties: { subnet: { id: 's' }, privateIPAddress: '10.0.0.10', privateIPAllocationMethod: 'Static' } }],
      backendAddressPools: [{ properties: { backendAddresses: [{ fqdn: 'a.contoso.com' }, { ipAddress: '10.0.1.4' }] } }],
      backendHttpSettingsCollection: [{ properties: { probe: { id: `${GW}/probes/pr` }, trustedRootCertificates: [{ id: `${GW}/trustedRootCertificates/root` }], connectionDraining: { enabled: true, drainTimeoutInSec: 30 } } }],
      httpListeners: [{ properties: { sslProfile: { id: `${GW}/sslProfiles/sp` }, firewallPolicy: { id: 'wafp-id' }, hostNames: ['a.contoso.com'] } }],
      requestRoutingRules: [{ properties: { urlPathMap: { id: `${GW}/urlPathMaps/m` }, priority: 1 } }],
      urlPathMaps: [{ properties: { defaultRedirectConfiguration: { id: `${GW}/redirectConfigurations/rd` }, pathRules: [{ properties: { paths: ['/api/*'], firewallPolicy: { id: 'wafp-api' }, backendAddressPool: { id: `${GW}/backendAddressPools/be` } } }] } }],
      redirectConfigurations: [{ properties: { redirectType: 'Permanent', targetUrl: 'https://contoso.com', includePath: false, includeQueryString: false } }],
      sslProfiles: [{ properties: { clientAuthConfiguration: { verifyClientCertIssuerDN: false, verifyClientRevocation: 'None' }, trustedClientCertificates: [], sslPolicy: { policyType: 'Predefined', policyName: 'AppGwSslPolicy20220101S' } } }],
      trustedRootCertificates: [{ name: 'root', properties: { data: Buffer.from('not base64!').toString('base64') } }],
    });
  });

  it('ssl_policy: predefined, custom (minimum TLS version and ciphers), or only the disabled protocols when some are listed', () => {
    expect((gateway({ ssl_policy: [{ policy_type: 'Custom', min_protocol_version: 'TLSv1_2', cipher_suites: ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'] }] }).properties as Record<string, unknown>).sslPolicy).toEqual({ policyType: 'Custom', minProtocolVersion: 'TLSv1_2', cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'] });
    expect((gateway({ ssl_policy: [{ disabled_protocols: ['TLSv1_0', 'TLSv1_1'], policy_type: 'Predefined', policy_name: 'AppGwSslPolicy20170401S' }] }).properties as Record<string, unknown>).sslPolicy).toEqual({ disabledSslProtocols: ['TLSv1_0', 'TLSv1_1'] });
  });

  it('the legacy WAF configuration with its defaults, disabled rule groups and exclusions', () => {
    const p = gateway({ waf_configuration: [{ enabled: true, firewall_mode: 'Detection', rule_set_version: '3.2', disabled_rule_group: [{ rule_group_name: 'REQUEST-942-APPLICATION-ATTACK-SQLI', rules: [942100, 942110] }], exclusion: [{ match_variable: 'RequestHeaderNames', selector_match_operator: 'Equals', selector: 'x-token' }] }] }).properties as Record<string, unknown>;
    expect(p.webApplicationFirewallConfiguration).toEqual({
      enabled: true, firewallMode: 'Detection', ruleSetType: 'OWASP', ruleSetVersion: '3.2', fileUploadLimitInMb: 100, requestBodyCheck: true, maxRequestBodySizeInKb: 128,
      disabledRuleGroups: [{ ruleGroupName: 'REQUEST-942-APPLICATION-ATTACK-SQLI', rules: [942100, 942110] }], exclusions: [{ matchVariable: 'RequestHeaderNames', selectorMatchOperator: 'Equals', selector: 'x-token' }],
    });
  });
});

describe('Front Door', () => {
  it('Standard WAF policies send no JS challenge or CAPTCHA lifetimes; no custom rules, no customRules', () => {
    const b = body({ azurerm_cdn_frontdoor_firewall_policy: { w: { name: 'fdwaf', resource_group_name: RG, sku_name: 'Standard_AzureFrontDoor', mode: 'Detection', enabled: false } } }, 'azurerm_cdn_frontdoor_firewall_policy.w');
    expect(b).toEqual({
      id: `${RGID}/providers/Microsoft.Network/frontDoorWebApplicationFirewallPolicies/fdwaf`, name: 'fdwaf', type: 'Microsoft.Network/frontDoorWebApplicationFirewallPolicies', location: 'global', tags: {},
      sku: { name: 'Standard_AzureFrontDoor' }, properties: { policySettings: { enabledState: 'Disabled', mode: 'Detection', requestBodyCheck: 'Enabled' } },
    });
  });

  it('a security policy is a child of the profile it references; its WAF policy and domains as ids', () => {
    const profile = `${RGID}/providers/Microsoft.Cdn/profiles/afd`;
    const b = body({
      azurerm_cdn_frontdoor_profile: { p: { name: 'afd', resource_group_name: RG, sku_name: 'Premium_AzureFrontDoor' } },
      azurerm_cdn_frontdoor_security_policy: { s: { name: 'sp', cdn_frontdoor_profile_id: '${azurerm_cdn_frontdoor_profile.p.id}', security_policies: [{ firewall: [{ cdn_frontdoor_firewall_policy_id: `${RGID}/providers/Microsoft.Network/frontDoorWebApplicationFirewallPolicies/fdwaf`, association: [{ domain: [{ cdn_frontdoor_domain_id: `${profile}/customDomains/www` }, { cdn_frontdoor_domain_id: `${profile}/afdEndpoints/ep` }], patterns_to_match: ['/*'] }] }] }] } },
    }, 'azurerm_cdn_frontdoor_security_policy.s');
    expect(b).toEqual({
      id: `${profile}/securityPolicies/sp`, name: 'sp', type: 'Microsoft.Cdn/profiles/securityPolicies',
      properties: { parameters: { type: 'WebApplicationFirewall', wafPolicy: { id: `${RGID}/providers/Microsoft.Network/frontDoorWebApplicationFirewallPolicies/fdwaf` }, associations: [{ domains: [{ id: `${profile}/customDomains/www` }, { id: `${profile}/afdEndpoints/ep` }], patternsToMatch: ['/*'] }] } },
    });
  });
});

describe('API Management', () => {
  const GW = 'Microsoft.WindowsAzure.ApiManagement.Gateway';
  const apim = (extra: Record<string, unknown>, sku = 'Premium_2'): Record<string, unknown> => body({ azurerm_api_management: { a: { name: 'apim', ...base, publisher_name: 'Contoso', publisher_email: 'api@contoso.com', sku_name: sku, ...extra } } }, 'azurerm_api_management.a', 'Microsoft.ApiManagement/service');

  it('a security block enables only what it sets (deprecated enable_* names count when true); protocols adds HTTP/2', () => {
    const p = apim({ security: [{ frontend_tls11_enabled: true, enable_backend_tls10: true, tls_rsa_with_aes128_gcm_sha256_ciphers_enabled: true }], protocols: [{ http2_enabled: true }] }).properties as Record<string, Record<string, string>>;
    expect(p.customProperties).toMatchObject({ [`${GW}.Security.Protocols.Tls11`]: 'true', [`${GW}.Security.Backend.Protocols.Tls10`]: 'true', [`${GW}.Security.Ciphers.TLS_RSA_WITH_AES_128_GCM_SHA256`]: 'true', [`${GW}.Security.Protocols.Tls10`]: 'false', [`${GW}.Protocols.Server.Http2`]: 'true' });
    expect(Object.keys(p.customProperties)).toHaveLength(18);
  });

  it('Consumption: only the five protocol switches', () => {
    const p = apim({}, 'Consumption_0').properties as Record<string, Record<string, string>>;
    expect(Object.keys(p.customProperties).sort()).toEqual([`${GW}.Security.Backend.Protocols.Ssl30`, `${GW}.Security.Backend.Protocols.Tls10`, `${GW}.Security.Backend.Protocols.Tls11`, `${GW}.Security.Protocols.Tls10`, `${GW}.Security.Protocols.Tls11`].sort());
  });

  it('virtual network, host names, additional locations, minimum API version, client certificates', () => {
    const b = apim({
      virtual_network_type: 'External', virtual_network_configuration: [{ subnet_id: 'snet' }], min_api_version: '2021-08-01', zones: ['1', '2'],
      hostname_configuration: [{ proxy: [{ host_name: 'api.contoso.com', key_vault_certificate_id: 'https://kv.vault.azure.net/secrets/api' }], management: [{ host_name: 'mgmt.contoso.com', certificate: 'MIIB', certificate_password: 'pw' }] }],
      additional_location: [{ location: 'North Europe', capacity: 1, virtual_network_configuration: [{ subnet_id: 'snet-ne' }] }],
    });
    expect(b).toMatchObject({
      zones: ['1', '2'],
      properties: {
        virtualNetworkType: 'External', virtualNetworkConfiguration: { subnetResourceId: 'snet' }, apiVersionConstraint: { minApiVersion: '2021-08-01' },
        hostnameConfigurations: [
          { type: 'Management', hostName: 'mgmt.contoso.com', encodedCertificate: 'MIIB', certificatePassword: 'pw', negotiateClientCertificate: false },
          { type: 'Proxy', hostName: 'api.contoso.com', keyVaultId: 'https://kv.vault.azure.net/secrets/api', negotiateClientCertificate: false, defaultSslBinding: false },
        ],
        additionalLocations: [{ location: 'northeurope', sku: { name: 'Premium', capacity: 1 }, disableGateway: false, virtualNetworkConfiguration: { subnetResourceId: 'snet-ne' } }],
      },
    });
    expect((b.properties as Record<string, unknown>).enableClientCertificate).toBeUndefined();
  });

  it('tenant_access is a PATCH of service/tenant/access (classic tiers only)', () => {
    const r = translateJson({ provider, resource: { azurerm_api_management: { a: { name: 'apim', ...base, publisher_name: 'C', publisher_email: 'a@c.com', sku_name: 'Developer_1', tenant_access: [{ enabled: false }] } } } });
    expect(plain(one(r, 'azurerm_api_management.a', 'Microsoft.ApiManagement/service/tenant').resource)).toEqual({ id: `${RGID}/providers/Microsoft.ApiManagement/service/apim/tenant/access`, name: 'access', type: 'Microsoft.ApiManagement/service/tenant', properties: { enabled: false } });
    const v2 = translateJson({ provider, resource: { azurerm_api_management: { a: { name: 'apim', ...base, publisher_name: 'C', publisher_email: 'a@c.com', sku_name: 'StandardV2_1', tenant_access: [{ enabled: false }] } } } });
    expect(resourcesOf(v2, 'azurerm_api_management.a').map((x) => x.resource.type)).toEqual(['Microsoft.ApiManagement/service']);
  });
});

describe('Synapse workspaces', () => {
  it('the data lake filesystem URL is split; repository, CMK with a user-assigned identity, Track 1 identity shape; the SQL control settings request', () => {
    const id = `${RGID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id`;
    const r = translateJson({
      provider,
      resource: {
        azurerm_synapse_workspace: {
          y: {
            name: 'syn', ...base, storage_data_lake_gen2_filesystem_id: 'https://st.dfs.core.windows.net/fs', sql_identity_control_enabled: true, identity: [{ type: 'UserAssigned', identity_ids: [id] }],
            github_repo: [{ account_name: 'contoso', branch_name: 'main', repository_name: 'syn', root_folder: '/' }], customer_managed_key: [{ key_versionless_id: 'https://kv.vault.azure.net/keys/k', key_name: 'k', user_assigned_identity_id: id }],
          },
        },
      },
    });
    expect(plain(one(r, 'azurerm_synapse_workspace.y', 'Microsoft.Synapse/workspaces').resource)).toMatchObject({
      identity: { type: 'UserAssigned', userAssignedIdentities: { [id]: {} } },
      properties: {
        defaultDataLakeStorage: { accountUrl: 'https://st.dfs.core.windows.net', filesystem: 'fs' },
        workspaceRepositoryConfiguration: { type: 'WorkspaceGitHubConfiguration', accountName: 'contoso', collaborationBranch: 'main', hostName: '', lastCommitId: '', repositoryName: 'syn', rootFolder: '/' },
        encryption: { cmk: { key: { name: 'k', keyVaultUrl: 'https://kv.vault.azure.net/keys/k' }, kekIdentity: { userAssignedIdentity: id, useSystemAssignedIdentity: false } } },
      },
    });
    expect(plain(one(r, 'azurerm_synapse_workspace.y', 'Microsoft.Synapse/workspaces/managedIdentitySqlControlSettings').resource)).toMatchObject({ id: `${RGID}/providers/Microsoft.Synapse/workspaces/syn/managedIdentitySqlControlSettings/default`, properties: { grantSqlControlToManagedIdentity: { desiredState: 'Enabled' } } });
  });
});

describe('plans', () => {
  const AZURERM = 'registry.terraform.io/hashicorp/azurerm';
  const change = (type: string, name: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown>) => ({ address: `${type}.${name}`, mode: 'managed', type, name, provider_name: AZURERM, change: { actions: ['create'], before: null, after, after_unknown: afterUnknown } });
  const config = (type: string, name: string, expressions: Record<string, unknown>) => ({ address: `${type}.${name}`, mode: 'managed', type, name, provider_config_key: 'azurerm', expressions });

  it('Optional+Computed arguments the configuration does not set are what azurerm sends on create; set ones known only after apply stay unknown', () => {
    const plan = {
      format_version: '1.2', terraform_version: '1.9.5',
      resource_changes: [
        // threat_intel_mode, security and ssl_policy are Optional+Computed and not configured: unknown in the plan.
        change('azurerm_firewall', 'f', { name: 'afw', resource_group_name: RG, location: 'westeurope', sku_name: 'AZFW_VNet', sku_tier: 'Standard', ip_configuration: [], zones: null, dns_servers: null, private_ip_ranges: null, firewall_policy_id: null, management_ip_configuration: [], virtual_hub: [], tags: null }, { id: true, threat_intel_mode: true, dns_proxy_enabled: true }),
        change('azurerm_api_management', 'a', { name: 'apim', resource_group_name: RG, location: 'westeurope', sku_name: 'Developer_1', publisher_name: 'C', publisher_email: 'a@c.com', public_network_access_enabled: true, virtual_network_type: 'None', tags: null }, { id: true, security: true, protocols: true, identity: [], gateway_url: true }),
        change('azurerm_cognitive_account', 'c', { name: 'oai', resource_group_name: RG, location: 'westeurope', kind: 'OpenAI', sku_name: 'S0', local_auth_enabled: false, public_network_access_enabled: true, network_acls: [{ default_action: 'Deny', ip_rules: [], virtual_network_rules: [] }], tags: null }, { id: true, endpoint: true, custom_subdomain_name: true }),
      ],
      configuration: {
        provider_config: { azurerm: { name: 'azurerm', full_name: AZURERM, expressions: { features: [{}] } } },
        root_module: {
          resources: [
            config('azurerm_firewall', 'f', { name: { constant_value: 'afw' }, sku_name: { constant_value: 'AZFW_VNet' }, sku_tier: { constant_value: 'Standard' } }),
            config('azurerm_api_management', 'a', { name: { constant_value: 'apim' }, sku_name: { constant_value: 'Developer_1' } }),
            config('azurerm_cognitive_account', 'c', { name: { constant_value: 'oai' }, custom_subdomain_name: { references: ['random_string.s.result', 'random_string.s'] }, local_auth_enabled: { constant_value: false }, network_acls: [{ default_action: { constant_value: 'Deny' } }] }),
          ],
        },
      },
    };
    const r = translate(readTerraformJson(plan, { file: 'plan.json' }));
    expect((plain(one(r, 'azurerm_firewall.f').resource) as Record<string, Record<string, unknown>>).properties.threatIntelMode).toBe('');
    const apim = plain(one(r, 'azurerm_api_management.a', 'Microsoft.ApiManagement/service').resource) as Record<string, Record<string, Record<string, string>>>;
    expect(Object.values(apim.properties.customProperties).every((v) => v === 'false')).toBe(true);
    const c = plain(one(r, 'azurerm_cognitive_account.c').resource) as Record<string, Record<string, unknown>>;
    expect(c.properties).toMatchObject({ customSubDomainName: U, disableLocalAuth: true, networkAcls: { defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] } });
  });
});
