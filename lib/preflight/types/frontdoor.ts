/**
 * Azure Front Door (Standard/Premium): profiles (Microsoft.Cdn/profiles), their WAF policies
 * (Microsoft.Network/frontDoorWebApplicationFirewallPolicies) and the security policies that attach a WAF policy to
 * domains (Microsoft.Cdn/profiles/securityPolicies). Read from internal/services/cdn/ at azurerm v4.55.0.
 */
import { ArmValue, Field, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { identity, obj, rgId } from './common';
import { enabledDisabled, firstBlock } from './edge-common';

const S = 'internal/services/cdn/';

export const cdnFrontdoorProfile: ResourceMapping = {
  terraformType: 'azurerm_cdn_frontdoor_profile',
  armType: 'Microsoft.Cdn/profiles',
  apiVersion: '2024-02-01',
  source: `${S}cdn_frontdoor_profile_resource.go (resourceCdnFrontDoorProfileCreate, expandCdnFrontDoorProfileLogScrubbing)`,
  id: rgId('Microsoft.Cdn/profiles'),
  location: false,
  fields: [
    { to: 'location', value: 'global' },
    { to: 'sku.name', arg: 'sku_name', required: true, default: '' },
    { to: 'properties.originResponseTimeoutSeconds', arg: 'response_timeout_seconds', type: 'number', default: 120 },
    {
      // Disabled without rules; Enabled with one EqualsAny rule per log_scrubbing_rule.
      to: 'properties.logScrubbing',
      reads: ['log_scrubbing_rule'],
      compute: (ctx) => {
        const raw = ctx.raw('log_scrubbing_rule');
        const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
        if (isUnknown(raw)) return UNKNOWN;
        if (list.length === 0) return obj({ state: 'Disabled' });
        return obj({
          state: 'Enabled',
          scrubbingRules: list.map((r) => {
            const v = r !== null && typeof r === 'object' && !Array.isArray(r) && !isUnknown(r) ? (r as Record<string, unknown>).match_variable : undefined;
            return obj({ matchVariable: typeof v === 'string' ? v : UNKNOWN, selectorMatchOperator: 'EqualsAny', state: 'Enabled' });
          }),
        });
      },
    },
    // Only when an identity block is set (d.GetOk).
    identity('systemAndUserMap', 'omit'),
  ],
};

/** expandCdnFrontDoorFirewallManagedRuleGroupExclusion: nil (left out) when there are none. */
const exclusions: Field = {
  to: 'exclusions',
  arg: 'exclusion',
  block: {
    list: true,
    fields: [
      { to: 'matchVariable', arg: 'match_variable', required: true, default: '' },
      { to: 'selectorMatchOperator', arg: 'operator', required: true, default: '' },
      { to: 'selector', arg: 'selector', required: true, default: '' },
    ],
  },
};

export const cdnFrontdoorFirewallPolicy: ResourceMapping = {
  terraformType: 'azurerm_cdn_frontdoor_firewall_policy',
  armType: 'Microsoft.Network/frontDoorWebApplicationFirewallPolicies',
  apiVersion: '2025-03-01',
  source: `${S}cdn_frontdoor_firewall_policy_resource.go (resourceCdnFrontDoorFirewallPolicyCreate, expandCdnFrontDoorFirewallCustomRules, expandCdnFrontDoorFirewallManagedRules, expandCdnFrontDoorFirewallLogScrubbingPolicy)`,
  id: rgId('Microsoft.Network/frontDoorWebApplicationFirewallPolicies'),
  location: false,
  fields: [
    { to: 'location', value: 'global' },
    { to: 'sku.name', arg: 'sku_name', required: true, default: '' },
    { to: 'properties.policySettings.enabledState', arg: 'enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    { to: 'properties.policySettings.mode', arg: 'mode', required: true, default: '' },
    { to: 'properties.policySettings.requestBodyCheck', arg: 'request_body_check_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    // Premium only: the JS challenge and CAPTCHA cookie lifetimes, 30 minutes unless set.
    ...(['javascriptChallengeExpirationInMinutes', 'captchaExpirationInMinutes'] as const).map(
      (to, i): Field => ({
        to: `properties.policySettings.${to}`,
        reads: ['sku_name', i === 0 ? 'js_challenge_cookie_expiration_in_minutes' : 'captcha_cookie_expiration_in_minutes'],
        compute: (ctx) => {
          const sku = ctx.get('sku_name');
          if (isUnknown(sku)) return UNKNOWN;
          if (sku !== 'Premium_AzureFrontDoor') return OMIT;
          const v = ctx.get(i === 0 ? 'js_challenge_cookie_expiration_in_minutes' : 'captcha_cookie_expiration_in_minutes', 'number');
          return v === undefined || v === 0 ? 30 : v;
        },
      }),
    ),
    { to: 'properties.policySettings.redirectUrl', arg: 'redirect_url', omitEmpty: true },
    { to: 'properties.policySettings.customBlockResponseBody', arg: 'custom_block_response_body', omitEmpty: true },
    { to: 'properties.policySettings.customBlockResponseStatusCode', arg: 'custom_block_response_status_code', type: 'number', map: (v) => (typeof v === 'number' && v > 0 ? v : OMIT) },
    {
      to: 'properties.policySettings.logScrubbing',
      arg: 'log_scrubbing',
      block: {
        fields: [
          { to: 'state', arg: 'enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
          {
            to: 'scrubbingRules',
            arg: 'scrubbing_rule',
            block: {
              list: true,
              fields: [
                { to: 'state', arg: 'enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
                { to: 'matchVariable', arg: 'match_variable', required: true, default: '' },
                { to: 'selectorMatchOperator', arg: 'operator', default: 'Equals' },
                { to: 'selector', arg: 'selector', default: '' },
              ],
            },
          },
        ],
      },
    },
    {
      // No custom_rule blocks: no customRules. Rate limit duration and threshold are always sent (defaults 1 and 10).
      to: 'properties.customRules.rules',
      arg: 'custom_rule',
      block: {
        list: true,
        fields: [
          { to: 'name', arg: 'name', required: true, default: '' },
          { to: 'priority', arg: 'priority', type: 'number', default: 1 },
          { to: 'enabledState', arg: 'enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
          { to: 'ruleType', arg: 'type', required: true, default: '' },
          { to: 'rateLimitDurationInMinutes', arg: 'rate_limit_duration_in_minutes', type: 'number', default: 1 },
          { to: 'rateLimitThreshold', arg: 'rate_limit_threshold', type: 'number', default: 10 },
          {
            // A nil list (JSON null) without match_condition blocks.
            to: 'matchConditions',
            arg: 'match_condition',
            block: {
              list: true,
              absent: null,
              fields: [
                { to: 'operator', arg: 'operator', required: true, default: '' },
                { to: 'negateCondition', arg: 'negation_condition', type: 'bool', default: false },
                { to: 'matchValue', arg: 'match_values', type: 'strings', required: true, default: [] },
                { to: 'transforms', arg: 'transforms', type: 'strings', omitEmpty: true },
                { to: 'matchVariable', arg: 'match_variable', required: true, default: '' },
                { to: 'selector', arg: 'selector', omitEmpty: true },
              ],
            },
          },
          { to: 'action', arg: 'action', required: true, default: '' },
        ],
      },
    },
    {
      // Premium only (the create fails for Standard with managed rules).
      to: 'properties.managedRules.managedRuleSets',
      arg: 'managed_rule',
      block: {
        list: true,
        fields: [
          exclusions,
          { to: 'ruleSetVersion', arg: 'version', required: true, default: '' },
          {
            to: 'ruleGroupOverrides',
            arg: 'override',
            block: {
              list: true,
              fields: [
                exclusions,
                { to: 'ruleGroupName', arg: 'rule_group_name', required: true, default: '' },
                {
                  to: 'rules',
                  arg: 'rule',
                  block: {
                    list: true,
                    fields: [
                      { to: 'ruleId', arg: 'rule_id', required: true, default: '' },
                      { to: 'enabledState', arg: 'enabled', type: 'bool', default: 'Disabled', map: enabledDisabled },
                      { to: 'action', arg: 'action', required: true, default: '' },
                      exclusions,
                    ],
                  },
                },
              ],
            },
          },
          { to: 'ruleSetType', arg: 'type', required: true, default: '' },
          { to: 'ruleSetAction', arg: 'action', omitEmpty: true },
        ],
      },
    },
  ],
};

/** expandCdnFrontdoorFirewallPolicyParameters: the WAF policy and its domain associations. */
function securityPolicyParameters(raw: Record<string, unknown>): ArmValue {
  const fw = Array.isArray(raw.firewall) ? raw.firewall[0] : raw.firewall;
  if (fw === undefined || fw === null) return obj({ type: 'WebApplicationFirewall' });
  if (typeof fw !== 'object' || Array.isArray(fw) || isUnknown(fw)) return UNKNOWN;
  const f = fw as Record<string, unknown>;
  const out = obj({ type: 'WebApplicationFirewall' });
  const policyId = f.cdn_frontdoor_firewall_policy_id;
  if (policyId !== '' && policyId !== undefined && policyId !== null) out.wafPolicy = obj({ id: typeof policyId === 'string' ? policyId : UNKNOWN });
  const assoc = f.association === undefined || f.association === null ? [] : f.association;
  if (!Array.isArray(assoc)) return obj({ ...out, associations: UNKNOWN });
  out.associations = assoc.map((a): ArmValue => {
    if (a === null || typeof a !== 'object' || Array.isArray(a) || isUnknown(a)) return UNKNOWN;
    const o = a as Record<string, unknown>;
    const domains = o.domain === undefined || o.domain === null ? [] : o.domain;
    const patterns = o.patterns_to_match;
    return obj({
      domains: Array.isArray(domains)
        ? domains.flatMap((d): ArmValue[] => {
            if (d === null || typeof d !== 'object' || Array.isArray(d) || isUnknown(d)) return [UNKNOWN];
            const id = (d as Record<string, unknown>).cdn_frontdoor_domain_id;
            return id === '' || id === undefined || id === null ? [] : [obj({ id: typeof id === 'string' ? id : UNKNOWN })];
          })
        : UNKNOWN,
      patternsToMatch: Array.isArray(patterns) ? patterns.map((p) => (typeof p === 'string' ? p : UNKNOWN)) : patterns === undefined || patterns === null ? [] : UNKNOWN,
    });
  });
  return out;
}

export const cdnFrontdoorSecurityPolicy: ResourceMapping = {
  terraformType: 'azurerm_cdn_frontdoor_security_policy',
  armType: 'Microsoft.Cdn/profiles/securityPolicies',
  apiVersion: '2024-02-01',
  source: `${S}cdn_frontdoor_security_policy_resource.go (resourceCdnFrontdoorSecurityPolicyCreate, expandCdnFrontdoorFirewallPolicyParameters, expandSecurityPoliciesActivatedResourceReference)`,
  id: '{cdn_frontdoor_profile_id:id}/securityPolicies/{name}',
  location: false,
  tags: false,
  fields: [
    {
      to: 'properties.parameters',
      reads: ['security_policies'],
      compute: (ctx) => {
        const b = firstBlock(ctx, 'security_policies');
        if (b === undefined) return obj({ type: 'WebApplicationFirewall' });
        if (isUnknown(b)) return UNKNOWN;
        return securityPolicyParameters(b);
      },
    },
  ],
};

export const FRONTDOOR_MAPPINGS: readonly ResourceMapping[] = [cdnFrontdoorProfile, cdnFrontdoorFirewallPolicy, cdnFrontdoorSecurityPolicy];
