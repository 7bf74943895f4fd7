/**
 * Application gateways and their WAF policies (Microsoft.Network), read from internal/services/network/
 * application_gateway_resource.go and web_application_firewall_policy_resource.go at azurerm v4.55.0. The gateway's
 * sub-resources (listeners, pools, rules, ...) stay inline, as Azure shows them; references between them are ids
 * under the gateway's id, built as the expand functions build them.
 */
import { ArmValue, Field, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { idObject, identity, obj, rgId, zones } from './common';
import { enabledDisabled, onlyTrue, subResourceId } from './edge-common';

const S = 'internal/services/network/';

/** `var x []T` appended per element: JSON null when the list is empty. */
function nullWhenEmpty(v: ArmValue): ArmValue {
  return Array.isArray(v) && v.length === 0 ? null : v;
}

// ---------------------------------------------------------------------------------------------------------------
// azurerm_web_application_firewall_policy

const wafMatchConditionFields: Field[] = [
  { to: 'matchValues', arg: 'match_values', type: 'strings', default: [] },
  {
    to: 'matchVariables',
    arg: 'match_variables',
    required: true,
    block: { list: true, emptyList: true, fields: [{ to: 'selector', arg: 'selector', default: '' }, { to: 'variableName', arg: 'variable_name', required: true, default: '' }] },
  },
  // The API model's spelling ("negationConditon").
  { to: 'negationConditon', arg: 'negation_condition', type: 'bool', default: false },
  { to: 'operator', arg: 'operator', required: true, default: '' },
  { to: 'transforms', arg: 'transforms', type: 'strings', default: null, map: nullWhenEmpty },
];

const wafCustomRuleFields: Field[] = [
  { to: 'state', arg: 'enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
  { to: 'action', arg: 'action', required: true, default: '' },
  { to: 'matchConditions', arg: 'match_conditions', required: true, block: { list: true, emptyList: true, fields: wafMatchConditionFields } },
  { to: 'name', arg: 'name', default: '' },
  { to: 'priority', arg: 'priority', type: 'number', required: true, default: 0 },
  { to: 'ruleType', arg: 'rule_type', required: true, default: '' },
  { to: 'rateLimitDuration', arg: 'rate_limit_duration', omitEmpty: true },
  { to: 'rateLimitThreshold', arg: 'rate_limit_threshold', type: 'number', map: (v) => (typeof v === 'number' && v > 0 ? v : OMIT) },
  { to: 'groupByUserSession', arg: 'group_rate_limit_by', omitEmpty: true, map: (v) => [obj({ groupByVariables: [obj({ variableName: v })] })] },
];

const wafExclusionRuleSetFields: Field[] = [
  { to: 'ruleSetType', arg: 'type', default: 'OWASP' },
  { to: 'ruleSetVersion', arg: 'version', default: '3.2' },
  {
    to: 'ruleGroups',
    arg: 'rule_group',
    block: {
      list: true,
      emptyList: true,
      fields: [
        { to: 'ruleGroupName', arg: 'rule_group_name', required: true, default: '' },
        { to: 'rules', arg: 'excluded_rules', type: 'strings', omitEmpty: true, map: (v) => (Array.isArray(v) ? v.map((ruleId) => obj({ ruleId })) : v) },
      ],
    },
  },
];

export const webApplicationFirewallPolicy: ResourceMapping = {
  terraformType: 'azurerm_web_application_firewall_policy',
  armType: 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies',
  apiVersion: '2025-01-01',
  source: `${S}web_application_firewall_policy_resource.go (resourceWebApplicationFirewallPolicyCreate, expandWebApplicationFirewallPolicyWebApplicationFirewallCustomRule, expandWebApplicationFirewallPolicyPolicySettings, expandWebApplicationFirewallPolicyManagedRulesDefinition)`,
  id: rgId('Microsoft.Network/applicationGatewayWebApplicationFirewallPolicies'),
  fields: [
    { to: 'properties.customRules', arg: 'custom_rules', block: { list: true, emptyList: true, fields: wafCustomRuleFields } },
    {
      // Without a policy_settings block no policySettings are sent (Azure then applies its own defaults).
      to: 'properties.policySettings',
      arg: 'policy_settings',
      block: {
        fields: [
          { to: 'state', arg: 'enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
          { to: 'mode', arg: 'mode', default: 'Prevention' },
          // Optional+Computed: false in the create request when not set.
          { to: 'fileUploadEnforcement', arg: 'file_upload_enforcement', type: 'bool', default: false },
          { to: 'requestBodyCheck', arg: 'request_body_check', type: 'bool', default: true },
          { to: 'requestBodyEnforcement', arg: 'request_body_enforcement', type: 'bool', default: true },
          { to: 'maxRequestBodySizeInKb', arg: 'max_request_body_size_in_kb', type: 'number', default: 128 },
          { to: 'fileUploadLimitInMb', arg: 'file_upload_limit_in_mb', type: 'number', default: 100 },
          {
            to: 'logScrubbing',
            arg: 'log_scrubbing',
            block: {
              fields: [
                { to: 'state', arg: 'enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
                {
                  to: 'scrubbingRules',
                  arg: 'rule',
                  block: {
                    list: true,
                    fields: [
                      { to: 'state', arg: 'enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
                      { to: 'matchVariable', arg: 'match_variable', required: true, default: '' },
                      { to: 'selectorMatchOperator', arg: 'selector_match_operator', default: 'Equals' },
                      { to: 'selector', arg: 'selector', default: '' },
                    ],
                  },
                },
              ],
            },
          },
          { to: 'requestBodyInspectLimitInKB', arg: 'request_body_inspect_limit_in_kb', type: 'number', default: 128 },
          { to: 'jsChallengeCookieExpirationInMins', arg: 'js_challenge_cookie_expiration_in_minutes', type: 'number', default: 30 },
        ],
      },
    },
    {
      to: 'properties.managedRules',
      arg: 'managed_rules',
      required: true,
      block: {
        fields: [
          {
            to: 'exclusions',
            arg: 'exclusion',
            block: {
              list: true,
              emptyList: true,
              fields: [
                { to: 'matchVariable', arg: 'match_variable', required: true, default: '' },
                { to: 'selectorMatchOperator', arg: 'selector_match_operator', required: true, default: '' },
                { to: 'selector', arg: 'selector', required: true, default: '' },
                { to: 'exclusionManagedRuleSets', arg: 'excluded_rule_set', block: { list: true, emptyList: true, fields: wafExclusionRuleSetFields } },
              ],
            },
          },
          {
            to: 'managedRuleSets',
            arg: 'managed_rule_set',
            required: true,
            block: {
              list: true,
              emptyList: true,
              fields: [
                { to: 'ruleSetType', arg: 'type', default: 'OWASP' },
                { to: 'ruleSetVersion', arg: 'version', required: true, default: '' },
                {
                  to: 'ruleGroupOverrides',
                  arg: 'rule_group_override',
                  block: {
                    list: true,
                    emptyList: true,
                    fields: [
                      { to: 'ruleGroupName', arg: 'rule_group_name', required: true, default: '' },
                      {
                        to: 'rules',
                        arg: 'rule',
                        block: {
                          list: true,
                          fields: [
                            { to: 'ruleId', arg: 'id', required: true, default: '' },
                            { to: 'state', arg: 'enabled', type: 'bool', default: 'Disabled', map: enabledDisabled },
                            { to: 'action', arg: 'action', omitEmpty: true },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// azurerm_application_gateway

/** `{id: <gateway id>/<segment>/<name of arg>}`, left out when the name argument is empty. */
function subRef(to: string, arg: string, segment: string): Field {
  return {
    to,
    reads: [arg],
    compute: (ctx) => {
      const name = ctx.get(arg);
      if (name === undefined || name === '') return OMIT;
      return obj({ id: subResourceId(ctx, segment, name) });
    },
  };
}

/** `[{id: <gateway id>/<segment>/<name>}]` for a list of names (always sent, [] when none). */
function subRefs(to: string, arg: string, segment: string): Field {
  return {
    to,
    reads: [arg],
    compute: (ctx) => {
      const names = ctx.get(arg, 'strings') ?? [];
      if (!Array.isArray(names)) return UNKNOWN;
      return names.map((n) => obj({ id: subResourceId(ctx, segment, n) }));
    },
  };
}

/** utils.Base64EncodeIfNot: kept when it decodes as standard base64, else encoded. */
function base64IfNot(v: ArmValue): ArmValue {
  if (typeof v !== 'string') return v;
  const s = v.replace(/[\r\n]/g, '');
  if (s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s)) return v;
  return Buffer.from(v, 'utf8').toString('base64');
}

/** `{id}` for an id argument, left out when empty. */
function idRef(to: string, arg: string): Field {
  return idObject(arg, to, { omitEmpty: true });
}

const customErrorFields: Field[] = [
  { to: 'statusCode', arg: 'status_code', required: true, default: '' },
  { to: 'customErrorPageUrl', arg: 'custom_error_page_url', required: true, default: '' },
];

/** expandApplicationGatewaySslPolicy: {} without a block; the predefined or custom fields; only disabled protocols when some are listed. */
function sslPolicy(ctx: FieldContext, arg: string): ArmValue | typeof OMIT {
  const raw = ctx.raw(arg);
  const b = Array.isArray(raw) ? raw[0] : raw;
  if (b === undefined || b === null) return obj({});
  if (isUnknown(b) || typeof b !== 'object' || Array.isArray(b)) return UNKNOWN;
  const o = b as Record<string, unknown>;
  const str = (v: unknown): ArmValue => (v === undefined || v === null ? '' : typeof v === 'string' ? v : UNKNOWN);
  const list = (v: unknown): ArmValue => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map((e) => (typeof e === 'string' ? e : UNKNOWN)) : UNKNOWN);
  const disabled = list(o.disabled_protocols);
  if (isUnknown(disabled)) return UNKNOWN;
  if (Array.isArray(disabled) && disabled.length > 0) return obj({ disabledSslProtocols: disabled });
  const type = str(o.policy_type);
  if (isUnknown(type)) return UNKNOWN;
  if (type === 'Predefined') return obj({ policyType: type, policyName: str(o.policy_name) });
  if (type === 'Custom' || type === 'CustomV2') return obj({ policyType: type, minProtocolVersion: str(o.min_protocol_version), cipherSuites: list(o.cipher_suites) });
  return obj({});
}

export const applicationGateway: ResourceMapping = {
  terraformType: 'azurerm_application_gateway',
  armType: 'Microsoft.Network/applicationGateways',
  apiVersion: '2025-01-01',
  source: `${S}application_gateway_resource.go (resourceApplicationGatewayCreate and its expandApplicationGateway* functions)`,
  id: rgId('Microsoft.Network/applicationGateways'),
  fields: [
    // Only when an identity block is set (d.GetOk).
    identity('systemAndUserMap', 'omit'),
    {
      to: 'properties.autoscaleConfiguration',
      arg: 'autoscale_configuration',
      block: { fields: [{ to: 'minCapacity', arg: 'min_capacity', type: 'number', required: true, default: 0 }, { to: 'maxCapacity', arg: 'max_capacity', type: 'number', map: (v) => (v === 0 ? OMIT : v) }] },
    },
    {
      to: 'properties.authenticationCertificates',
      arg: 'authentication_certificate',
      block: { list: true, emptyList: true, fields: [{ to: 'name', arg: 'name', required: true, default: '' }, { to: 'properties.data', arg: 'data', required: true, default: '', map: base64IfNot }] },
    },
    {
      to: 'properties.trustedRootCertificates',
      arg: 'trusted_root_certificate',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'properties', value: {} },
          { to: 'properties.data', arg: 'data', omitEmpty: true, map: base64IfNot },
          { to: 'properties.keyVaultSecretId', arg: 'key_vault_secret_id', omitEmpty: true },
        ],
      },
    },
    { to: 'properties.customErrorConfigurations', arg: 'custom_error_configuration', block: { list: true, emptyList: true, fields: customErrorFields } },
    {
      to: 'properties.backendAddressPools',
      arg: 'backend_address_pool',
      required: true,
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          {
            // FQDNs first, then IP addresses.
            to: 'properties.backendAddresses',
            reads: ['fqdns', 'ip_addresses'],
            compute: (ctx) => {
              const fqdns = ctx.get('fqdns', 'strings') ?? [];
              const ips = ctx.get('ip_addresses', 'strings') ?? [];
              if (!Array.isArray(fqdns) || !Array.isArray(ips)) return UNKNOWN;
              return [...fqdns.map((fqdn) => obj({ fqdn })), ...ips.map((ipAddress) => obj({ ipAddress }))];
            },
          },
        ],
      },
    },
    {
      to: 'properties.backendHttpSettingsCollection',
      arg: 'backend_http_settings',
      required: true,
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'properties.cookieBasedAffinity', arg: 'cookie_based_affinity', required: true, default: '' },
          { to: 'properties.dedicatedBackendConnection', arg: 'dedicated_backend_connection_enabled', type: 'bool', default: false },
          { to: 'properties.path', arg: 'path', default: '' },
          { to: 'properties.pickHostNameFromBackendAddress', arg: 'pick_host_name_from_backend_address', type: 'bool', default: false },
          { to: 'properties.port', arg: 'port', type: 'number', required: true, default: 0 },
          { to: 'properties.protocol', arg: 'protocol', required: true, default: '' },
          { to: 'properties.requestTimeout', arg: 'request_timeout', type: 'number', default: 30 },
          {
            to: 'properties.connectionDraining',
            arg: 'connection_draining',
            block: { fields: [{ to: 'enabled', arg: 'enabled', type: 'bool', required: true, default: false }, { to: 'drainTimeoutInSec', arg: 'drain_timeout_sec', type: 'number', required: true, default: 0 }] },
          },
          { to: 'properties.hostName', arg: 'host_name', omitEmpty: true },
          { to: 'properties.affinityCookieName', arg: 'affinity_cookie_name', omitEmpty: true },
          {
            to: 'properties.authenticationCertificates',
            arg: 'authentication_certificate',
            block: { list: true, emptyList: true, fields: [{ to: 'id', reads: ['name'], compute: (c) => subResourceId(c, 'authenticationCertificates', c.get('name')) }] },
          },
          subRefs('properties.trustedRootCertificates', 'trusted_root_certificate_names', 'trustedRootCertificates'),
          subRef('properties.probe', 'probe_name', 'probes'),
        ],
      },
    },
    { to: 'properties.enableHttp2', arg: 'enable_http2', type: 'bool', default: false },
    {
      to: 'properties.frontendIPConfigurations',
      arg: 'frontend_ip_configuration',
      required: true,
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'properties', value: {} },
          idRef('properties.subnet', 'subnet_id'),
          { to: 'properties.privateIPAllocationMethod', arg: 'private_ip_address_allocation', default: 'Dynamic', omitEmpty: true },
          { to: 'properties.privateIPAddress', arg: 'private_ip_address', omitEmpty: true },
          idRef('properties.publicIPAddress', 'public_ip_address_id'),
          subRef('properties.privateLinkConfiguration', 'private_link_configuration_name', 'privateLinkConfigurations'),
        ],
      },
    },
    {
      to: 'properties.frontendPorts',
      arg: 'frontend_port',
      required: true,
      block: { list: true, emptyList: true, fields: [{ to: 'name', arg: 'name', required: true, default: '' }, { to: 'properties.port', arg: 'port', type: 'number', required: true, default: 0 }] },
    },
    {
      to: 'properties.gatewayIPConfigurations',
      arg: 'gateway_ip_configuration',
      required: true,
      block: { list: true, emptyList: true, fields: [{ to: 'name', arg: 'name', required: true, default: '' }, { to: 'properties.subnet.id', arg: 'subnet_id', required: true, default: '' }] },
    },
    {
      to: 'properties.globalConfiguration',
      arg: 'global',
      block: { fields: [{ to: 'enableRequestBuffering', arg: 'request_buffering_enabled', type: 'bool', default: false }, { to: 'enableResponseBuffering', arg: 'response_buffering_enabled', type: 'bool', default: false }] },
    },
    {
      to: 'properties.httpListeners',
      arg: 'http_listener',
      required: true,
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'properties.frontendIPConfiguration.id', reads: ['frontend_ip_configuration_name'], compute: (c) => subResourceId(c, 'frontendIPConfigurations', c.get('frontend_ip_configuration_name') ?? '') },
          { to: 'properties.frontendPort.id', reads: ['frontend_port_name'], compute: (c) => subResourceId(c, 'frontendPorts', c.get('frontend_port_name') ?? '') },
          { to: 'properties.protocol', arg: 'protocol', required: true, default: '' },
          { to: 'properties.requireServerNameIndication', arg: 'require_sni', type: 'bool', default: false },
          { to: 'properties.customErrorConfigurations', arg: 'custom_error_configuration', block: { list: true, emptyList: true, fields: customErrorFields } },
          { to: 'properties.hostName', arg: 'host_name', omitEmpty: true },
          { to: 'properties.hostNames', arg: 'host_names', type: 'strings', omitEmpty: true },
          subRef('properties.sslCertificate', 'ssl_certificate_name', 'sslCertificates'),
          idRef('properties.firewallPolicy', 'firewall_policy_id'),
          subRef('properties.sslProfile', 'ssl_profile_name', 'sslProfiles'),
        ],
      },
    },
    {
      to: 'properties.privateLinkConfigurations',
      arg: 'private_link_configuration',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          {
            to: 'properties.ipConfigurations',
            arg: 'ip_configuration',
            block: {
              list: true,
              emptyList: true,
              fields: [
                { to: 'name', arg: 'name', required: true, default: '' },
                { to: 'properties.primary', arg: 'primary', type: 'bool', required: true, default: false },
                { to: 'properties.subnet.id', arg: 'subnet_id', required: true, default: '' },
                { to: 'properties.privateIPAddress', arg: 'private_ip_address', omitEmpty: true },
                { to: 'properties.privateIPAllocationMethod', arg: 'private_ip_address_allocation', omitEmpty: true },
              ],
            },
          },
        ],
      },
    },
    {
      to: 'properties.probes',
      arg: 'probe',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'properties.host', arg: 'host', default: '' },
          { to: 'properties.interval', arg: 'interval', type: 'number', required: true, default: 0 },
          { to: 'properties.minServers', arg: 'minimum_servers', type: 'number', default: 0 },
          { to: 'properties.path', arg: 'path', required: true, default: '' },
          { to: 'properties.protocol', arg: 'protocol', required: true, default: '' },
          { to: 'properties.timeout', arg: 'timeout', type: 'number', required: true, default: 0 },
          { to: 'properties.unhealthyThreshold', arg: 'unhealthy_threshold', type: 'number', required: true, default: 0 },
          { to: 'properties.pickHostNameFromBackendHttpSettings', arg: 'pick_host_name_from_backend_http_settings', type: 'bool', default: false },
          {
            to: 'properties.match',
            arg: 'match',
            block: { fields: [{ to: 'body', arg: 'body', default: '' }, { to: 'statusCodes', arg: 'status_code', type: 'strings', default: [] }] },
          },
          { to: 'properties.port', arg: 'port', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
        ],
      },
    },
    {
      to: 'properties.requestRoutingRules',
      arg: 'request_routing_rule',
      required: true,
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'properties.ruleType', arg: 'rule_type', required: true, default: '' },
          { to: 'properties.httpListener.id', reads: ['http_listener_name'], compute: (c) => subResourceId(c, 'httpListeners', c.get('http_listener_name') ?? '') },
          subRef('properties.backendAddressPool', 'backend_address_pool_name', 'backendAddressPools'),
          subRef('properties.backendHttpSettings', 'backend_http_settings_name', 'backendHttpSettingsCollection'),
          subRef('properties.redirectConfiguration', 'redirect_configuration_name', 'redirectConfigurations'),
          subRef('properties.urlPathMap', 'url_path_map_name', 'urlPathMaps'),
          subRef('properties.rewriteRuleSet', 'rewrite_rule_set_name', 'rewriteRuleSets'),
          { to: 'properties.priority', arg: 'priority', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
        ],
      },
    },
    {
      to: 'properties.redirectConfigurations',
      arg: 'redirect_configuration',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'properties.redirectType', arg: 'redirect_type', required: true, default: '' },
          { to: 'properties.includeQueryString', arg: 'include_query_string', type: 'bool', default: false },
          { to: 'properties.includePath', arg: 'include_path', type: 'bool', default: false },
          subRef('properties.targetListener', 'target_listener_name', 'httpListeners'),
          { to: 'properties.targetUrl', arg: 'target_url', omitEmpty: true },
        ],
      },
    },
    {
      to: 'properties.sku',
      arg: 'sku',
      required: true,
      block: {
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'tier', arg: 'tier', required: true, default: '' },
          { to: 'capacity', arg: 'capacity', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
        ],
      },
    },
    {
      // Data (base64, with its password), a Key Vault secret, or public certificate data.
      to: 'properties.sslCertificates',
      arg: 'ssl_certificate',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'properties', value: {} },
          { to: 'properties.data', arg: 'data', omitEmpty: true, map: base64IfNot },
          { to: 'properties.password', reads: ['password', 'data'], compute: (c) => (c.get('data') !== undefined && c.get('data') !== '' ? (c.get('password') ?? '') : OMIT) },
          { to: 'properties.keyVaultSecretId', reads: ['key_vault_secret_id', 'data'], compute: (c) => (c.get('data') === undefined || c.get('data') === '' ? (c.get('key_vault_secret_id') || OMIT) : OMIT) },
        ],
      },
    },
    {
      to: 'properties.trustedClientCertificates',
      arg: 'trusted_client_certificate',
      block: { list: true, emptyList: true, fields: [{ to: 'name', arg: 'name', required: true, default: '' }, { to: 'properties.data', arg: 'data', required: true, default: '', map: base64IfNot }] },
    },
    {
      to: 'properties.sslProfiles',
      arg: 'ssl_profile',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'properties.clientAuthConfiguration.verifyClientCertIssuerDN', arg: 'verify_client_cert_issuer_dn', type: 'bool', default: false },
          { to: 'properties.clientAuthConfiguration.verifyClientRevocation', arg: 'verify_client_certificate_revocation', default: 'None', map: (v) => (v === '' ? 'None' : v) },
          subRefs('properties.trustedClientCertificates', 'trusted_client_certificate_names', 'trustedClientCertificates'),
          { to: 'properties.sslPolicy', reads: ['ssl_policy'], compute: (c) => (c.has('ssl_policy') ? sslPolicy(c, 'ssl_policy') : OMIT) },
        ],
      },
    },
    // Optional+Computed: {} when the block is not set.
    { to: 'properties.sslPolicy', reads: ['ssl_policy'], compute: (c) => sslPolicy(c, 'ssl_policy') },
    {
      to: 'properties.rewriteRuleSets',
      arg: 'rewrite_rule_set',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          {
            to: 'properties.rewriteRules',
            arg: 'rewrite_rule',
            block: {
              list: true,
              emptyList: true,
              fields: [
                { to: 'name', arg: 'name', required: true, default: '' },
                { to: 'ruleSequence', arg: 'rule_sequence', type: 'number', required: true, default: 0 },
                {
                  to: 'conditions',
                  arg: 'condition',
                  block: {
                    list: true,
                    emptyList: true,
                    fields: [
                      { to: 'variable', arg: 'variable', default: '' },
                      { to: 'pattern', arg: 'pattern', default: '' },
                      { to: 'ignoreCase', arg: 'ignore_case', type: 'bool', default: false },
                      { to: 'negate', arg: 'negate', type: 'bool', default: false },
                    ],
                  },
                },
                {
                  to: 'actionSet.requestHeaderConfigurations',
                  arg: 'request_header_configuration',
                  block: { list: true, emptyList: true, fields: [{ to: 'headerName', arg: 'header_name', default: '' }, { to: 'headerValue', arg: 'header_value', default: '' }] },
                },
                {
                  to: 'actionSet.responseHeaderConfigurations',
                  arg: 'response_header_configuration',
                  block: { list: true, emptyList: true, fields: [{ to: 'headerName', arg: 'header_name', default: '' }, { to: 'headerValue', arg: 'header_value', default: '' }] },
                },
                {
                  // The last url block wins; path / query string unless components excludes them.
                  to: 'actionSet.urlConfiguration',
                  reads: ['url'],
                  compute: (c) => {
                    const raw = c.raw('url');
                    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
                    if (list.length === 0) return OMIT;
                    const out = obj({});
                    for (const u of list) {
                      if (u === null || typeof u !== 'object' || Array.isArray(u) || isUnknown(u)) return UNKNOWN;
                      const o = u as Record<string, unknown>;
                      const components = typeof o.components === 'string' ? o.components : '';
                      if (o.path !== undefined && o.path !== null && components !== 'query_string_only') out.modifiedPath = typeof o.path === 'string' ? o.path : UNKNOWN;
                      if (o.query_string !== undefined && o.query_string !== null && components !== 'path_only') out.modifiedQueryString = typeof o.query_string === 'string' ? o.query_string : UNKNOWN;
                      out.reroute = typeof o.reroute === 'boolean' ? o.reroute : o.reroute === undefined || o.reroute === null ? false : UNKNOWN;
                    }
                    return out;
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      to: 'properties.urlPathMaps',
      arg: 'url_path_map',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          {
            to: 'properties.pathRules',
            arg: 'path_rule',
            block: {
              list: true,
              emptyList: true,
              fields: [
                { to: 'name', arg: 'name', required: true, default: '' },
                { to: 'properties.paths', arg: 'paths', type: 'strings', default: [] },
                subRef('properties.backendAddressPool', 'backend_address_pool_name', 'backendAddressPools'),
                subRef('properties.backendHttpSettings', 'backend_http_settings_name', 'backendHttpSettingsCollection'),
                subRef('properties.redirectConfiguration', 'redirect_configuration_name', 'redirectConfigurations'),
                subRef('properties.rewriteRuleSet', 'rewrite_rule_set_name', 'rewriteRuleSets'),
                idRef('properties.firewallPolicy', 'firewall_policy_id'),
              ],
            },
          },
          subRef('properties.defaultBackendAddressPool', 'default_backend_address_pool_name', 'backendAddressPools'),
          subRef('properties.defaultBackendHttpSettings', 'default_backend_http_settings_name', 'backendHttpSettingsCollection'),
          subRef('properties.defaultRedirectConfiguration', 'default_redirect_configuration_name', 'redirectConfigurations'),
          subRef('properties.defaultRewriteRuleSet', 'default_rewrite_rule_set_name', 'rewriteRuleSets'),
        ],
      },
    },
    zones(),
    { to: 'properties.enableFips', arg: 'fips_enabled', type: 'bool', map: onlyTrue },
    { to: 'properties.forceFirewallPolicyAssociation', arg: 'force_firewall_policy_association', type: 'bool', map: onlyTrue },
    {
      // Only with a waf_configuration block (the legacy WAF configuration; a firewall_policy_id is the current way).
      to: 'properties.webApplicationFirewallConfiguration',
      arg: 'waf_configuration',
      block: {
        fields: [
          { to: 'enabled', arg: 'enabled', type: 'bool', required: true, default: false },
          { to: 'firewallMode', arg: 'firewall_mode', required: true, default: '' },
          { to: 'ruleSetType', arg: 'rule_set_type', default: 'OWASP' },
          { to: 'ruleSetVersion', arg: 'rule_set_version', required: true, default: '' },
          { to: 'fileUploadLimitInMb', arg: 'file_upload_limit_mb', type: 'number', default: 100 },
          { to: 'requestBodyCheck', arg: 'request_body_check', type: 'bool', default: true },
          { to: 'maxRequestBodySizeInKb', arg: 'max_request_body_size_kb', type: 'number', default: 128 },
          {
            to: 'disabledRuleGroups',
            arg: 'disabled_rule_group',
            block: {
              list: true,
              fields: [
                { to: 'ruleGroupName', arg: 'rule_group_name', required: true, default: '' },
                { to: 'rules', arg: 'rules', type: 'any', omitEmpty: true, map: (v) => (Array.isArray(v) ? v.map((r) => (typeof r === 'string' && /^\d+$/.test(r) ? Number(r) : r)) : v) },
              ],
            },
          },
          {
            to: 'exclusions',
            arg: 'exclusion',
            block: {
              list: true,
              fields: [
                { to: 'matchVariable', arg: 'match_variable', required: true, default: '' },
                { to: 'selectorMatchOperator', arg: 'selector_match_operator', default: '' },
                { to: 'selector', arg: 'selector', default: '' },
              ],
            },
          },
        ],
      },
    },
    idRef('properties.firewallPolicy', 'firewall_policy_id'),
  ],
};

export const APPGATEWAY_MAPPINGS: readonly ResourceMapping[] = [webApplicationFirewallPolicy, applicationGateway];
