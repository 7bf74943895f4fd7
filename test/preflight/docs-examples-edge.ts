/**
 * Documentation-example cases of the edge, AI and analytics tables (lib/preflight/types/edge.ts), merged into the
 * CASES of docs-examples.test.ts. Each expectation is the request body azurerm v4.55.0's create code sends for the
 * first example of the type's documentation page, omitted-argument defaults included (the Go file is cited in the
 * table's `source`).
 */
import { KNOWN_AFTER_APPLY as U } from './helpers';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';

/** Same shape as docs-examples.test.ts's Case. */
export interface EdgeCase {
  readonly address: string;
  readonly armType: string;
  readonly apiVersion: string;
  readonly expect: Record<string, unknown>;
  readonly children?: readonly string[];
}

export const EDGE_CASES: Record<string, EdgeCase> = {
  azurerm_search_service: {
    address: 'azurerm_search_service.example', armType: 'Microsoft.Search/searchServices', apiVersion: '2025-05-01',
    expect: {
      id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Search/searchServices/example-resource`, location: 'westeurope', sku: { name: 'standard' },
      properties: { publicNetworkAccess: 'Enabled', networkRuleSet: { ipRules: [], bypass: 'None' }, encryptionWithCmk: { enforcement: 'Disabled' }, hostingMode: 'Default', authOptions: { apiKeyOnly: {} }, disableLocalAuth: false, partitionCount: 1, replicaCount: 1, semanticSearch: 'disabled' },
    },
  },
  azurerm_data_factory: {
    address: 'azurerm_data_factory.example', armType: 'Microsoft.DataFactory/factories', apiVersion: '2018-06-01',
    expect: { identity: { type: 'None', userAssignedIdentities: null }, properties: { publicNetworkAccess: 'Enabled', globalParameters: {}, repoConfiguration: null } },
  },
  azurerm_cognitive_account: {
    address: 'azurerm_cognitive_account.example', armType: 'Microsoft.CognitiveServices/accounts', apiVersion: '2025-06-01',
    expect: {
      kind: 'Face', sku: { name: 'S0' }, tags: { Acceptance: 'Test' }, identity: { type: 'None', userAssignedIdentities: null },
      properties: { apiProperties: {}, customSubDomainName: '', allowedFqdnList: [], publicNetworkAccess: 'Enabled', restrictOutboundNetworkAccess: false, disableLocalAuth: false, dynamicThrottlingEnabled: false, allowProjectManagement: false },
    },
  },
  azurerm_databricks_workspace: {
    address: 'azurerm_databricks_workspace.example', armType: 'Microsoft.Databricks/workspaces', apiVersion: '2024-05-01',
    expect: {
      sku: { name: 'standard' }, tags: { Environment: 'Production' },
      // No custom_parameters block: only the encryption flags (enableNoPublicIp is not in the request).
      properties: { publicNetworkAccess: 'Enabled', managedResourceGroupId: `${SUB}/resourceGroups/databricks-rg-example-resources`, parameters: { prepareEncryption: { value: false }, requireInfrastructureEncryption: { value: false } } },
    },
  },
  azurerm_machine_learning_workspace: {
    address: 'azurerm_machine_learning_workspace.example', armType: 'Microsoft.MachineLearningServices/workspaces', apiVersion: '2025-06-01',
    expect: {
      kind: 'Default', sku: { name: 'Basic', tier: 'Basic' }, identity: { type: 'SystemAssigned', userAssignedIdentities: null },
      properties: { applicationInsights: U, keyVault: U, storageAccount: U, provisionNetworkNow: false, publicNetworkAccess: 'Enabled', enableServiceSideCMKEncryption: false, v1LegacyMode: false },
    },
  },
  azurerm_firewall: {
    address: 'azurerm_firewall.example', armType: 'Microsoft.Network/azureFirewalls', apiVersion: '2025-01-01',
    expect: {
      id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Network/azureFirewalls/testfirewall`,
      // threat_intel_mode unset: "" (Optional+Computed, sent as d.Get returns it); additionalProperties always a map.
      properties: { sku: { name: 'AZFW_VNet', tier: 'Standard' }, threatIntelMode: '', additionalProperties: {}, ipConfigurations: [{ name: 'configuration', properties: { publicIPAddress: { id: U }, subnet: { id: U } } }] },
    },
  },
  azurerm_firewall_policy: {
    address: 'azurerm_firewall_policy.example', armType: 'Microsoft.Network/firewallPolicies', apiVersion: '2025-01-01',
    // Schema defaults: threat intelligence Alert, sku Standard; no dns block, so no dnsSettings.
    expect: { location: 'westeurope', properties: { threatIntelMode: 'Alert', sku: { tier: 'Standard' } } },
  },
  azurerm_firewall_policy_rule_collection_group: {
    address: 'azurerm_firewall_policy_rule_collection_group.example', armType: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups', apiVersion: '2025-01-01',
    expect: {
      id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Network/firewallPolicies/example-fwpolicy/ruleCollectionGroups/example-fwpolicy-rcg`,
      properties: {
        priority: 500,
        ruleCollections: [
          { ruleCollectionType: 'FirewallPolicyFilterRuleCollection', action: { type: 'Deny' }, name: 'app_rule_collection1', priority: 500, rules: [{ ruleType: 'ApplicationRule', name: 'app_rule_collection1_rule1', description: '', protocols: [{ protocolType: 'Http', port: 80 }, { protocolType: 'Https', port: 443 }], httpHeadersToInsert: null, sourceAddresses: ['10.0.0.1'], sourceIpGroups: [], destinationAddresses: [], targetFqdns: ['*.microsoft.com'], targetUrls: [], fqdnTags: [], terminateTLS: false, webCategories: [] }] },
          { ruleCollectionType: 'FirewallPolicyFilterRuleCollection', action: { type: 'Deny' }, name: 'network_rule_collection1', priority: 400, rules: [{ ruleType: 'NetworkRule', ipProtocols: ['TCP', 'UDP'], destinationPorts: ['80', '1000-2000'], destinationFqdns: [], description: '' }] },
          { ruleCollectionType: 'FirewallPolicyNatRuleCollection', action: { type: 'Dnat' }, name: 'nat_rule_collection1', priority: 300, rules: [{ ruleType: 'NatRule', destinationAddresses: ['192.168.1.1'], translatedPort: '8080', translatedAddress: '192.168.0.1' }] },
        ],
      },
    },
  },
  azurerm_web_application_firewall_policy: {
    address: 'azurerm_web_application_firewall_policy.example', armType: 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies', apiVersion: '2025-01-01',
    expect: {
      id: `${SUB}/resourceGroups/example-rg/providers/Microsoft.Network/applicationGatewayWebApplicationFirewallPolicies/example-wafpolicy`,
      properties: {
        customRules: [
          { name: 'Rule1', priority: 1, ruleType: 'MatchRule', action: 'Block', state: 'Enabled', matchConditions: [{ matchVariables: [{ variableName: 'RemoteAddr', selector: '' }], operator: 'IPMatch', negationConditon: false, matchValues: ['192.168.1.0/24', '10.0.0.0/24'], transforms: null }] },
          { name: 'Rule2', priority: 2, matchConditions: [{ operator: 'IPMatch' }, { matchVariables: [{ variableName: 'RequestHeaders', selector: 'UserAgent' }], operator: 'Contains', matchValues: ['Windows'] }] },
        ],
        // policy_settings { enabled = true, mode = "Prevention", request_body_check = true, file_upload_limit_in_mb = 100, max_request_body_size_in_kb = 128 } and the schema defaults.
        policySettings: { state: 'Enabled', mode: 'Prevention', requestBodyCheck: true, fileUploadLimitInMb: 100, maxRequestBodySizeInKb: 128, requestBodyEnforcement: true, fileUploadEnforcement: false, requestBodyInspectLimitInKB: 128, jsChallengeCookieExpirationInMins: 30 },
        managedRules: {
          exclusions: [{ matchVariable: 'RequestHeaderNames', selectorMatchOperator: 'Equals', selector: 'x-company-secret-header', exclusionManagedRuleSets: [] }, { matchVariable: 'RequestCookieNames', selectorMatchOperator: 'EndsWith', selector: 'too-tasty', exclusionManagedRuleSets: [] }],
          managedRuleSets: [{ ruleSetType: 'OWASP', ruleSetVersion: '3.2', ruleGroupOverrides: [{ ruleGroupName: 'REQUEST-920-PROTOCOL-ENFORCEMENT', rules: [{ ruleId: '920300', state: 'Enabled', action: 'Log' }, { ruleId: '920440', state: 'Enabled', action: 'Block' }] }] }],
        },
      },
    },
  },
  azurerm_application_gateway: {
    address: 'azurerm_application_gateway.network', armType: 'Microsoft.Network/applicationGateways', apiVersion: '2025-01-01',
    expect: {
      id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Network/applicationGateways/example-appgateway`,
      properties: {
        sku: { name: 'Standard_v2', tier: 'Standard_v2', capacity: 2 },
        gatewayIPConfigurations: [{ name: 'my-gateway-ip-configuration', properties: { subnet: { id: U } } }],
        frontendPorts: [{ name: 'example-network-feport', properties: { port: 80 } }],
        frontendIPConfigurations: [{ name: 'example-network-feip', properties: { privateIPAllocationMethod: 'Dynamic', publicIPAddress: { id: U } } }],
        backendAddressPools: [{ name: 'example-network-beap', properties: { backendAddresses: [] } }],
        backendHttpSettingsCollection: [{ name: 'example-network-be-htst', properties: { cookieBasedAffinity: 'Disabled', path: '/path1/', port: 80, protocol: 'Http', requestTimeout: 60, dedicatedBackendConnection: false, pickHostNameFromBackendAddress: false, authenticationCertificates: [], trustedRootCertificates: [] } }],
        httpListeners: [{ name: 'example-network-httplstn', properties: { protocol: 'Http', requireServerNameIndication: false, customErrorConfigurations: [], frontendIPConfiguration: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Network/applicationGateways/example-appgateway/frontendIPConfigurations/example-network-feip` }, frontendPort: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Network/applicationGateways/example-appgateway/frontendPorts/example-network-feport` } } }],
        requestRoutingRules: [{ name: 'example-network-rqrt', properties: { ruleType: 'Basic', priority: 9, httpListener: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Network/applicationGateways/example-appgateway/httpListeners/example-network-httplstn` }, backendAddressPool: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Network/applicationGateways/example-appgateway/backendAddressPools/example-network-beap` } } }],
        // No ssl_policy block: an empty sslPolicy object; the lists azurerm always sends.
        sslPolicy: {}, enableHttp2: false, probes: [], sslCertificates: [], urlPathMaps: [], rewriteRuleSets: [], redirectConfigurations: [], authenticationCertificates: [], trustedRootCertificates: [],
      },
    },
  },
  azurerm_cdn_frontdoor_profile: {
    address: 'azurerm_cdn_frontdoor_profile.example', armType: 'Microsoft.Cdn/profiles', apiVersion: '2024-02-01',
    expect: {
      id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Cdn/profiles/example-cdn-profile`, location: 'global', sku: { name: 'Premium_AzureFrontDoor' }, tags: { environment: 'Production' },
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: U },
      properties: { originResponseTimeoutSeconds: 120, logScrubbing: { state: 'Enabled', scrubbingRules: [{ matchVariable: 'RequestIPAddress', selectorMatchOperator: 'EqualsAny', state: 'Enabled' }] } },
    },
  },
  azurerm_cdn_frontdoor_firewall_policy: {
    address: 'azurerm_cdn_frontdoor_firewall_policy.example', armType: 'Microsoft.Network/frontDoorWebApplicationFirewallPolicies', apiVersion: '2025-03-01',
    expect: {
      id: `${SUB}/resourceGroups/example-cdn-frontdoor/providers/Microsoft.Network/frontDoorWebApplicationFirewallPolicies/examplecdnfdwafpolicy`, location: 'global', sku: { name: 'Premium_AzureFrontDoor' },
      properties: {
        // Premium: the JS challenge and CAPTCHA cookie lifetimes default to 30 minutes.
        policySettings: { enabledState: 'Enabled', mode: 'Prevention', requestBodyCheck: 'Enabled', javascriptChallengeExpirationInMinutes: 30, captchaExpirationInMinutes: 30, redirectUrl: 'https://www.contoso.com', customBlockResponseStatusCode: 403 },
        customRules: { rules: [
          { name: 'Rule1', priority: 1, enabledState: 'Enabled', ruleType: 'MatchRule', rateLimitDurationInMinutes: 1, rateLimitThreshold: 10, action: 'Block', matchConditions: [{ matchVariable: 'RemoteAddr', operator: 'IPMatch', negateCondition: false, matchValue: ['10.0.1.0/24', '10.0.0.0/24'] }] },
          { name: 'Rule2', priority: 50, matchConditions: [{ operator: 'IPMatch' }, { matchVariable: 'RequestHeader', selector: 'UserAgent', operator: 'Contains', matchValue: ['windows'], transforms: ['Lowercase', 'Trim'] }] },
        ] },
        managedRules: { managedRuleSets: [
          { ruleSetType: 'DefaultRuleSet', ruleSetVersion: '1.0', ruleSetAction: 'Log', exclusions: [{ matchVariable: 'QueryStringArgNames', selectorMatchOperator: 'Equals', selector: 'not_suspicious' }], ruleGroupOverrides: [{ ruleGroupName: 'PHP', rules: [{ ruleId: '933100', enabledState: 'Disabled', action: 'Block' }] }, { ruleGroupName: 'SQLI', rules: [{ ruleId: '942200', action: 'Block', exclusions: [{ selector: 'innocent' }] }] }] },
          { ruleSetType: 'Microsoft_BotManagerRuleSet', ruleSetVersion: '1.1', ruleSetAction: 'Log' },
        ] },
      },
    },
  },
  azurerm_cdn_frontdoor_security_policy: {
    address: 'azurerm_cdn_frontdoor_security_policy.example', armType: 'Microsoft.Cdn/profiles/securityPolicies', apiVersion: '2024-02-01',
    expect: {
      id: `${SUB}/resourceGroups/example-cdn-frontdoor/providers/Microsoft.Cdn/profiles/example-profile/securityPolicies/Example-Security-Policy`,
      properties: { parameters: { type: 'WebApplicationFirewall', wafPolicy: { id: U }, associations: [{ domains: [{ id: U }], patternsToMatch: ['/*'] }] } },
    },
  },
  azurerm_api_management: {
    address: 'azurerm_api_management.example', armType: 'Microsoft.ApiManagement/service', apiVersion: '2024-05-01',
    expect: {
      sku: { name: 'Developer', capacity: 1 }, identity: { type: 'None', userAssignedIdentities: null },
      properties: {
        publisherName: 'My Company', publisherEmail: 'company@terraform.io', publicNetworkAccess: 'Enabled', virtualNetworkType: 'None', disableGateway: false, certificates: [],
        // No security block: azurerm still sends every protocol and cipher switch, all "false".
        customProperties: Object.fromEntries([
          'Security.Backend.Protocols.Ssl30', 'Security.Backend.Protocols.Tls10', 'Security.Backend.Protocols.Tls11', 'Security.Protocols.Tls10', 'Security.Protocols.Tls11', 'Security.Protocols.Ssl30', 'Security.Ciphers.TripleDes168',
          'Security.Ciphers.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'Security.Ciphers.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'Security.Ciphers.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'Security.Ciphers.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
          'Security.Ciphers.TLS_RSA_WITH_AES_128_GCM_SHA256', 'Security.Ciphers.TLS_RSA_WITH_AES_256_GCM_SHA384', 'Security.Ciphers.TLS_RSA_WITH_AES_256_CBC_SHA256', 'Security.Ciphers.TLS_RSA_WITH_AES_128_CBC_SHA256', 'Security.Ciphers.TLS_RSA_WITH_AES_256_CBC_SHA', 'Security.Ciphers.TLS_RSA_WITH_AES_128_CBC_SHA',
        ].map((k) => [`Microsoft.WindowsAzure.ApiManagement.Gateway.${k}`, 'false'])),
      },
    },
  },
  azurerm_synapse_workspace: {
    address: 'azurerm_synapse_workspace.example', armType: 'Microsoft.Synapse/workspaces', apiVersion: '2021-06-01',
    expect: {
      identity: { type: 'SystemAssigned' }, tags: { Env: 'production' },
      properties: { defaultDataLakeStorage: { accountUrl: U, filesystem: U }, managedVirtualNetwork: '', publicNetworkAccess: 'Enabled', sqlAdministratorLogin: 'sqladminuser', sqlAdministratorLoginPassword: 'H@Sh1CoR3!', managedResourceGroupName: '', workspaceRepositoryConfiguration: {}, azureADOnlyAuthentication: false },
    },
    children: ['Microsoft.Synapse/workspaces/managedIdentitySqlControlSettings'],
  },
};
