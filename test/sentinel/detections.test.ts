import { renderKql, KqlLiteral, SentinelDetections, SentinelDetectionsProps, SentinelScheduledRule, SentinelScheduledRuleProps } from '../../lib/sentinel';
import { SiemDestinationProps } from '../../lib/siem';
import { synth, testStack } from '../helpers/synth';
import { destination, warnings, WS_ID } from './helpers';
import { canonicalDuration } from '../../lib/sentinel/common';

const ONBOARDING = 'azurerm_sentinel_log_analytics_workspace_onboarding';

function detections(props: Partial<SentinelDetectionsProps> = {}) {
  let construct!: SentinelDetections;
  const out = synth((stack) => {
    const siem = destination(stack);
    construct = new SentinelDetections(stack, 'Detections', { workspace: siem, allowedCountries: ['GB', 'NL'], ...props });
  });
  const rules = Object.fromEntries(out.list('azurerm_sentinel_alert_rule_scheduled').map((r) => [r.name as string, r]));
  return { out, rules, construct };
}

const ACCOUNT = { entity_type: 'Account', field_mapping: [{ identifier: 'Name', column_name: 'AccountName' }, { identifier: 'UPNSuffix', column_name: 'UPNSuffix' }] };
const ip = (column: string) => ({ entity_type: 'IP', field_mapping: [{ identifier: 'Address', column_name: column }] });
const RESOURCE = { entity_type: 'AzureResource', field_mapping: [{ identifier: 'ResourceId', column_name: 'ResourceId' }] };
const BY_ACCOUNT = {
  create_incident_enabled: true,
  grouping: { enabled: true, lookback_duration: 'PT5H', entity_matching_method: 'Selected', by_entities: ['Account'], reopen_closed_incidents: false },
};

/** Every detection's synthesized fields, written out (not read back from the construct's own tables). */
const EXPECTED: Record<string, Record<string, unknown>> = {
  'guardrails-privileged-role-change': {
    display_name: 'Privileged role change', severity: 'High', tactics: ['PrivilegeEscalation', 'Persistence'], techniques: ['T1098'],
    query_frequency: 'PT1H', query_period: 'PT2H', entity_mapping: [ACCOUNT, ip('ActorIpAddress'), RESOURCE],
    custom_details: { Source: 'Source', Operation: 'Operation', Target: 'Target', Role: 'Role' },
    alert_details_override: [{ display_name_format: 'Privileged role change by {{Actor}}: {{Operation}}' }],
  },
  'guardrails-policy-protection-removed': {
    display_name: 'Policy assignment deleted or exemption changed', severity: 'Medium', tactics: ['DefenseEvasion'], techniques: ['T1562'],
    query_frequency: 'PT1H', query_period: 'PT2H', entity_mapping: [ACCOUNT, ip('CallerIpAddress'), RESOURCE],
    custom_details: { Change: 'Change', SubscriptionId: 'SubscriptionId' },
    alert_details_override: [{ display_name_format: '{{Change}} by {{Caller}}' }],
  },
  'guardrails-defender-plan-downgrade': {
    display_name: 'Defender for Cloud plan downgraded', severity: 'High', tactics: ['DefenseEvasion'], techniques: ['T1562'],
    query_frequency: 'PT1H', query_period: 'PT2H', entity_mapping: [ACCOUNT, ip('CallerIpAddress'), RESOURCE],
    custom_details: { Plan: 'Plan', Tier: 'Tier', SubPlan: 'SubPlan', ExpectedSubPlan: 'ExpectedSubPlan', SubscriptionId: 'SubscriptionId' },
    alert_details_override: [{ display_name_format: 'Defender plan {{Plan}} downgraded by {{Caller}}' }],
  },
  'guardrails-siem-logging-removed': {
    display_name: 'Logging to the SIEM removed', severity: 'High', tactics: ['DefenseEvasion'], techniques: ['T1562'],
    query_frequency: 'PT1H', query_period: 'PT2H', entity_mapping: [ACCOUNT, ip('CallerIpAddress'), RESOURCE],
    custom_details: { Operation: 'Operation', SubscriptionId: 'SubscriptionId' },
    alert_details_override: [{ display_name_format: 'Logging removed by {{Caller}}: {{Operation}}' }],
  },
  'guardrails-signin-to-disabled-account': {
    display_name: 'Sign-in attempts to a disabled account', severity: 'Medium', tactics: ['InitialAccess'], techniques: ['T1078'],
    query_frequency: 'PT1H', query_period: 'PT2H',
    entity_mapping: [{ entity_type: 'Account', field_mapping: [
      { identifier: 'Name', column_name: 'AccountName' }, { identifier: 'UPNSuffix', column_name: 'UPNSuffix' }, { identifier: 'AadUserId', column_name: 'UserId' }] },
    ip('IPAddress')],
    custom_details: { Attempts: 'Attempts' },
    alert_details_override: [{ display_name_format: 'Sign-in attempts to disabled account {{UserPrincipalName}}' }],
  },
  'guardrails-management-from-unexpected-country': {
    display_name: 'Azure management from an unexpected country', severity: 'Medium', tactics: ['InitialAccess'], techniques: ['T1078'],
    query_frequency: 'PT1H', query_period: 'P1D', entity_mapping: [ACCOUNT, ip('CallerIpAddress')],
    custom_details: { Country: 'Country', Operations: 'Operations' },
    alert_details_override: [{ display_name_format: 'Azure management by {{Caller}} from {{Country}}' }],
  },
};

describe('SentinelDetections', () => {
  const { out, rules } = detections();

  test('deploys the six detections, named <prefix>-<detection>', () => {
    expect(Object.keys(rules).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.keys(EXPECTED))('%s: every synthesized field', (name) => {
    const rule = rules[name];
    expect(rule).toMatchObject({
      ...EXPECTED[name],
      enabled: true,
      trigger_operator: 'GreaterThan',
      trigger_threshold: 0,
      suppression_enabled: false,
      event_grouping: { aggregation_method: 'AlertPerResult' },
      incident: BY_ACCOUNT,
    });
    expect(rule.entity_mapping).toEqual(EXPECTED[name].entity_mapping);
    expect(rule.custom_details).toEqual(EXPECTED[name].custom_details);
    expect(String(rule.description).length).toBeGreaterThan(80);
  });

  test('every rule writes to the workspace through the Sentinel onboarding (a reference, so Terraform onboards first)', () => {
    const onboarding = Object.keys(out.resources(ONBOARDING))[0];
    for (const rule of Object.values(rules)) expect(rule.log_analytics_workspace_id).toBe(`\${${ONBOARDING}.${onboarding}.workspace_id}`);
  });

  test('the queries are the shipped KQL files with the parameters as escaped literals', () => {
    expect(rules['guardrails-signin-to-disabled-account'].query).toBe(renderKql('signin-to-disabled-account.kql', { ingestionWindow: KqlLiteral.seconds(3600) }));
    const country = String(rules['guardrails-management-from-unexpected-country'].query);
    expect(country).toContain('let allowedCountries = dynamic(["GB", "NL"]);');
    expect(country).toContain('AzureActivity\n| where ingestion_time() > ago(3600s)\n');
    // a replayed token refreshes silently: non-interactive sign-ins count as much as interactive ones
    expect(country).toContain('let managementSignIns = union SigninLogs, AADNonInteractiveUserSignInLogs\n');
    const roles = String(rules['guardrails-privileged-role-change'].query);
    expect(roles).toContain('"Global Administrator", "Privileged Role Administrator"');
    expect(roles).toContain('"8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c"');
    for (const rule of Object.values(rules)) expect(String(rule.query)).not.toMatch(/\{\{|\$\{/);
  });

  test('late events are reported once: each run reports what arrived since the previous run (ingestion_time over the frequency), over a longer period', () => {
    for (const [name, rule] of Object.entries(rules)) {
      const query = String(rule.query);
      // every table the rule reports from is filtered by ingestion time; the sign-ins the country rule joins are not
      const reported = name.endsWith('privileged-role-change') ? 3 : 1;
      expect(query.split('| where ingestion_time() > ago(3600s)').length - 1).toBe(reported);
      expect(query).not.toMatch(/TimeGenerated > ago/);
    }
    const { rules: slow } = detections({ detections: { siemLoggingRemoved: { queryFrequency: 'PT6H' }, policyProtectionRemoved: { queryFrequency: 'P14D' } } });
    expect(slow['guardrails-siem-logging-removed']).toMatchObject({ query_frequency: 'PT6H', query_period: 'PT7H' });
    expect(String(slow['guardrails-siem-logging-removed'].query)).toContain('ingestion_time() > ago(21600s)');
    expect(slow['guardrails-policy-protection-removed']).toMatchObject({ query_frequency: 'P14D', query_period: 'P14D' });
  });

  test('Entra role changes find the role of direct changes (modified property) and of PIM changes (the Role target: eligible, time-bound)', () => {
    const roles = String(rules['guardrails-privileged-role-change'].query);
    // PIM audit events (LoggedByService PIM) carry the role as TargetResources[n].displayName of type Role, without
    // a Role.DisplayName modified property: without this branch, eligible assignments of Global Administrator were missed
    expect(roles).toContain('TargetType =~ "Role", tostring(TargetResource.displayName)');
    expect(roles).toContain('tostring(ModifiedProperty.displayName) == "Role.DisplayName"');
    // members may be users, service principals or groups (role-assignable groups); one row per audit event
    expect(roles).toContain('TargetType in~ ("User", "ServicePrincipal", "Group")');
    expect(roles).toMatch(/\| summarize .* by Id\n {4}\| where Role in~ \(privilegedEntraRoles\)/s);
  });

  test('logging removal covers Sentinel offboarding and data collection rules (the Azure Monitor Agent path) as well', () => {
    const query = String(rules['guardrails-siem-logging-removed'].query);
    for (const op of ['Microsoft.Insights/diagnosticSettings/delete', 'Microsoft.SecurityInsights/onboardingStates/delete', 'Microsoft.Insights/dataCollectionRules/delete',
      'Microsoft.SecurityInsights/dataConnectors/delete', 'Microsoft.Security/automations/delete', 'Microsoft.OperationalInsights/workspaces/delete']) {
      expect(query).toContain(`"${op}"`);
    }
  });

  test('the plan-downgrade baseline is derived from the Defender plan settings, not a copy', () => {
    const baseline = (query: string) => JSON.parse(/let baseline = dynamic\((.*)\);/.exec(query)![1]);
    const recommended = baseline(String(rules['guardrails-defender-plan-downgrade'].query));
    expect(recommended.virtualmachines).toEqual({ subPlan: 'P2', extensions: ['AgentlessVmScanning'] });
    expect(recommended.storageaccounts).toEqual({ subPlan: 'DefenderForStorageV2', extensions: ['OnUploadMalwareScanning', 'SensitiveDataDiscovery'] });
    expect(Object.keys(recommended)).toHaveLength(13);
    const custom = detections({
      defenderPlanBaseline: { recommended: false, plans: [{ plan: 'VirtualMachines', subPlan: 'P1' }, { plan: 'KeyVaults' }] },
    }).rules['guardrails-defender-plan-downgrade'];
    expect(baseline(String(custom.query))).toEqual({ virtualmachines: { subPlan: 'P1', extensions: [] }, keyvaults: { subPlan: 'PerKeyVault', extensions: [] } });
  });

  test('per-detection options; false leaves a detection out; a prefix renames every rule', () => {
    const { rules: tuned } = detections({
      ruleNamePrefix: 'contoso',
      detections: {
        signInToDisabledAccount: false,
        siemLoggingRemoved: { severity: 'Medium', queryFrequency: 'PT15M', createIncident: false, suppression: 'PT1H' },
        policyProtectionRemoved: { enabled: false },
        managementFromUnexpectedCountry: { queryFrequency: 'P2D' },
      },
    });
    expect(Object.keys(tuned)).not.toContain('contoso-signin-to-disabled-account');
    expect(tuned['contoso-siem-logging-removed']).toMatchObject({
      severity: 'Medium', query_frequency: 'PT15M', query_period: 'PT2H', suppression_enabled: true, suppression_duration: 'PT1H',
      incident: { create_incident_enabled: false },
    });
    expect(tuned['contoso-policy-protection-removed'].enabled).toBe(false);
    // a frequency longer than the detection's period stretches the period (plus the late-arrival hour); the reported window follows it
    expect(tuned['contoso-management-from-unexpected-country']).toMatchObject({ query_frequency: 'P2D', query_period: 'P2DT1H' });
    expect(String(tuned['contoso-management-from-unexpected-country'].query)).toContain('ingestion_time() > ago(172800s)');
  });

  test('without allowedCountries the country detection is left out with a warning', () => {
    const { stack } = testStack();
    const c = new SentinelDetections(stack, 'Detections', { workspace: { workspaceId: WS_ID } });
    expect(c.rules.managementFromUnexpectedCountry).toBeUndefined();
    expect(Object.keys(c.rules)).toHaveLength(5);
    expect(warnings(c)).toEqual([expect.stringMatching(/^(?=.*\[guardrails:sentinel:unexpected-country-off\]$)/)]);
  });

  test('two rules with one id in one workspace fail validation; another prefix is fine', () => {
    expect(() => synth((stack) => {
      const siem = destination(stack);
      new SentinelDetections(stack, 'Detections', { workspace: siem });
      new SentinelDetections(stack, 'MoreDetections', { workspace: siem, detections: { siemLoggingRemoved: true } });
    })).toThrow(/rule id "guardrails-siem-logging-removed" is also used by test\/Detections\/SiemLoggingRemoved in the same workspace/);
    expect(() => synth((stack) => {
      const siem = destination(stack);
      new SentinelDetections(stack, 'Detections', { workspace: siem });
      new SentinelDetections(stack, 'MoreDetections', { workspace: siem, ruleNamePrefix: 'team-b' });
    })).not.toThrow();
  });

  test('warns when the destination does not send the Entra ID categories three detections read to the workspace', () => {
    const { construct } = detections();
    expect(warnings(construct)).toEqual([
      'privilegedRoleChange reads AuditLogs; signInToDisabledAccount reads SignInLogs; '
      + 'managementFromUnexpectedCountry reads SignInLogs, NonInteractiveUserSignInLogs, which test/Siem does not send to the workspace: turn on its '
      + 'entraIdLogs (the tenant diagnostic setting) with these categories and the workspace as a target, or send the Entra ID logs to the workspace another way [guardrails:sentinel:entra-logs-missing]',
    ]);
    const warned = (siem: Partial<SiemDestinationProps>, props: Partial<SentinelDetectionsProps> = {}) => {
      let d!: SentinelDetections;
      synth((stack) => {
        d = new SentinelDetections(stack, 'Detections', { workspace: destination(stack, siem), allowedCountries: ['GB'], ...props });
      });
      return warnings(d);
    };
    expect(warned({ entraIdLogs: true })).toEqual([]);
    expect(warned({ entraIdLogs: { categories: ['AuditLogs', 'SignInLogs'] } })).toEqual([
      expect.stringMatching(/^(?=.*\[guardrails:sentinel:entra-logs-missing\]$)managementFromUnexpectedCountry reads NonInteractiveUserSignInLogs, which/)]);
    expect(warned({ entraIdLogs: { categories: ['AuditLogs'] } }, { detections: { signInToDisabledAccount: false, managementFromUnexpectedCountry: false } })).toEqual([]);
    // sent to the Event Hub only: the workspace gets none of them
    expect(warned({ entraIdLogs: { targets: ['eventHub'] }, eventHub: { hubName: 'logs', namespaceName: 'evhns-siem-test' } })).toEqual([
      expect.stringMatching(/^(?=.*\[guardrails:sentinel:entra-logs-missing\]$)privilegedRoleChange reads AuditLogs; /)]);
  });

  describe('refuses', () => {
    const build = (props: Partial<SentinelDetectionsProps>) => () => {
      const { stack } = testStack();
      new SentinelDetections(stack, 'Detections', { workspace: { workspaceId: WS_ID }, ...props } as SentinelDetectionsProps);
    };
    test.each<[string, Partial<SentinelDetectionsProps>, RegExp]>([
      ['a country that is not ISO 3166', { allowedCountries: ['GB', 'XX'] }, /invalid allowedCountries\[1\] "XX": must be an ISO 3166-1 alpha-2 country code/],
      ['a lower-case country', { allowedCountries: ['gb'] }, /invalid allowedCountries\[0\] "gb"/],
      ['a CLDR grouping that is no country', { allowedCountries: ['EU'] }, /invalid allowedCountries\[0\] "EU"/],
      ['a country listed twice', { allowedCountries: ['NL', 'NL'] }, /invalid allowedCountries\[1\] "NL": is listed twice/],
      ['an empty country list', { allowedCountries: [] }, /invalid allowedCountries \[\]: must list 1 to 250/],
      ['a KQL injection attempt as a country', { allowedCountries: ['GB"]); SigninLogs | take 1 //'] }, /invalid allowedCountries\[0\]/],
      ['the country detection asked for without countries', { detections: { managementFromUnexpectedCountry: true } }, /invalid allowedCountries undefined: is required by detections\.managementFromUnexpectedCountry/],
      ['an unknown detection', { detections: { privilegedRoleChanges: true } as never }, /invalid detections\.privilegedRoleChanges true: is not a known option/],
      ['an unknown detection option', { detections: { siemLoggingRemoved: { severty: 'Low' } as never } }, /invalid detections\.siemLoggingRemoved\.severty "Low": is not a known option/],
      ['an unknown severity', { detections: { siemLoggingRemoved: { severity: 'Critical' as never } } }, /invalid detections\.siemLoggingRemoved\.severity "Critical": must be one of Informational, Low, Medium, High/],
      ['a bad prefix', { ruleNamePrefix: 'Contoso_Rules' }, /invalid ruleNamePrefix "Contoso_Rules"/],
      ['a role id that is not a GUID', { privilegedAzureRoleIds: ['Owner'] }, /invalid privilegedAzureRoleIds\[0\] "Owner": must be a role definition GUID/],
      ['a role name with a line break', { privilegedEntraRoles: ['Global Administrator\n| take 0'] }, /invalid privilegedEntraRoles\[0\] .*: must not contain control characters/],
      ['a baseline without plans', { defenderPlanBaseline: { recommended: false } }, /invalid defenderPlanBaseline .*: enables no plan/],
      ['a baseline with an unknown plan setting', { defenderPlanBaseline: { plans: [{ plan: 'VirtualMachines', subPlan: 'P3' as never }] } }, /invalid defenderPlanBaseline\.plans\[0\]\.subPlan "P3"/],
      ['a frequency beyond 14 days', { detections: { siemLoggingRemoved: { queryFrequency: 'P15D' } } }, /invalid detections\.siemLoggingRemoved\.queryFrequency "P15D": must be an ISO 8601 duration in whole seconds from PT5M to P14D/],
      ['a workspace that is not one', { workspace: { workspaceId: '/subscriptions/x/resourceGroups/y' } }, /invalid workspace\.workspaceId/],
      ['an unknown prop', { allowedCountry: ['GB'] } as never, /invalid props\.allowedCountry \["GB"\]: is not a known option/],
    ])('%s', (_name, props, message) => {
      expect(build(props)).toThrow(message);
    });

    test('a SiemDestination without Sentinel, or without a workspace', () => {
      const { stack } = testStack();
      const off = destination(stack, { sentinel: false });
      expect(() => new SentinelDetections(stack, 'D', { workspace: off })).toThrow(/invalid workspace "test\/Siem": does not onboard its workspace to Microsoft Sentinel/);
      const hubOnly = destination(testStack().stack, { workspace: false, sentinel: false, eventHub: { hubName: 'logs', namespaceName: 'evhns-siem-test' } });
      expect(() => new SentinelDetections(hubOnly, 'D', { workspace: hubOnly })).toThrow(/has no Log Analytics workspace/);
    });
  });
});

describe('SentinelScheduledRule', () => {
  const BASE: SentinelScheduledRuleProps = {
    workspace: { workspaceId: WS_ID },
    name: 'custom-rule',
    displayName: 'Custom rule',
    description: 'A custom rule.',
    severity: 'Low',
    query: 'AzureActivity | where OperationNameValue =~ "Microsoft.KeyVault/vaults/delete" | project Caller, CallerIpAddress, _ResourceId',
    tactics: ['Impact'],
    entityMappings: [{ entityType: 'Account', fields: [{ identifier: 'FullName', column: 'Caller' }] }],
    customDetails: { Vault: '_ResourceId' },
  };
  const rule = (props: Partial<SentinelScheduledRuleProps>) => synth((stack) => new SentinelScheduledRule(stack, 'Rule', { ...BASE, ...props })).only('azurerm_sentinel_alert_rule_scheduled');

  test('defaults: hourly, one alert, incidents grouped by all entities for 5 hours', () => {
    expect(rule({})).toEqual({
      name: 'custom-rule', log_analytics_workspace_id: WS_ID, display_name: 'Custom rule', description: 'A custom rule.', severity: 'Low',
      enabled: true, query: BASE.query, query_frequency: 'PT1H', query_period: 'PT1H', trigger_operator: 'GreaterThan', trigger_threshold: 0,
      tactics: ['Impact'],
      entity_mapping: [{ entity_type: 'Account', field_mapping: [{ identifier: 'FullName', column_name: 'Caller' }] }],
      custom_details: { Vault: '_ResourceId' },
      event_grouping: { aggregation_method: 'SingleAlert' },
      incident: { create_incident_enabled: true, grouping: { enabled: true, lookback_duration: 'PT5H', entity_matching_method: 'AllEntities', reopen_closed_incidents: false } },
      suppression_enabled: false,
    });
  });

  test('grouping by selected entities, alert details and custom details; suppression; Terraform escaping of text', () => {
    expect(rule({
      displayName: 'Vault ${deleted} %{x}',
      incidentGrouping: { byEntities: ['Account'], byAlertDetails: ['Severity'], byCustomDetails: ['Vault'], lookback: 'P1D', reopenClosedIncidents: true },
      suppression: 'PT2H', queryFrequency: 'PT2H', queryPeriod: 'P1D', techniques: ['T1485'], triggerOperator: 'NotEqual', triggerThreshold: 3,
    })).toMatchObject({
      display_name: 'Vault $${deleted} %%{x}',
      incident: { grouping: { entity_matching_method: 'Selected', by_entities: ['Account'], by_alert_details: ['Severity'], by_custom_details: ['Vault'], lookback_duration: 'P1D', reopen_closed_incidents: true } },
      suppression_enabled: true, suppression_duration: 'PT2H', query_frequency: 'PT2H', query_period: 'P1D', techniques: ['T1485'],
      trigger_operator: 'NotEqual', trigger_threshold: 3,
    });
  });

  test('durations are written in the form Azure returns them, so a plan shows no change', () => {
    expect(rule({ queryFrequency: 'PT60M', queryPeriod: 'PT24H', suppression: 'PT90M', incidentGrouping: { lookback: 'PT3600S' } })).toMatchObject({
      query_frequency: 'PT1H', query_period: 'P1D', suppression_duration: 'PT1H30M', incident: { grouping: { lookback_duration: 'PT1H' } },
    });
    expect(rule({ queryFrequency: 'P0DT5M', queryPeriod: 'P1DT1H30M5S' })).toMatchObject({ query_frequency: 'PT5M', query_period: 'P1DT1H30M5S' });
    expect(canonicalDuration(0)).toBe('PT0S');
    expect(canonicalDuration(14 * 86400)).toBe('P14D');
  });

  const construct = (props: Partial<SentinelScheduledRuleProps>) => () => new SentinelScheduledRule(testStack().stack, 'Rule', { ...BASE, ...props } as SentinelScheduledRuleProps);
  test.each<[string, Partial<SentinelScheduledRuleProps>, RegExp]>([
    ['a bad rule name', { name: 'has space' }, /invalid name "has space"/],
    ['an empty display name', { displayName: ' ' }, /invalid displayName " ": must be a non-empty string/],
    ['an unknown severity', { severity: 'Critical' as never }, /invalid severity "Critical": must be one of "Informational", "Low", "Medium" or "High"/],
    ['an empty query', { query: '' }, /invalid query "": must be a non-empty KQL query/],
    ['a query over 10,000 characters', { query: `AzureActivity ${'| take 1 '.repeat(1200)}` }, /is 10\d{3} characters long: Sentinel accepts at most 10000/],
    ['a frequency under 5 minutes', { queryFrequency: 'PT1M' }, /invalid queryFrequency "PT1M": must be an ISO 8601 duration in whole seconds from PT5M to P14D/],
    ['a period that is no duration', { queryPeriod: '1h' }, /invalid queryPeriod "1h"/],
    ['a period with a fraction of a second', { queryPeriod: 'PT3600.5S' }, /invalid queryPeriod "PT3600\.5S": must be an ISO 8601 duration in whole seconds/],
    ['a frequency longer than the period', { queryFrequency: 'PT2H', queryPeriod: 'PT1H' }, /invalid queryFrequency "PT2H": must not be longer than queryPeriod \(PT1H\): runs would leave gaps/],
    ['an unknown trigger operator', { triggerOperator: 'Above' as never }, /invalid triggerOperator "Above"/],
    ['a negative threshold', { triggerThreshold: -1 }, /invalid triggerThreshold -1/],
    ['no tactic', { tactics: [] }, /invalid tactics \[\]: must list at least one MITRE ATT&CK tactic/],
    ['an unknown tactic', { tactics: ['Exploitation' as never] }, /invalid tactics\[0\] "Exploitation": must be one of "Collection"/],
    ['a tactic twice', { tactics: ['Impact', 'Impact'] }, /invalid tactics\[1\] "Impact": is listed twice/],
    ['a sub-technique', { techniques: ['T1562.008'] }, /invalid techniques\[0\] "T1562\.008": .*no sub-techniques/],
    ['an unknown entity type', { entityMappings: [{ entityType: 'User' as never, fields: [{ identifier: 'Name', column: 'Caller' }] }] }, /invalid entityMappings\[0\]\.entityType "User"/],
    ['an identifier of another entity type', { entityMappings: [{ entityType: 'IP', fields: [{ identifier: 'FullName', column: 'Caller' }] }] }, /invalid entityMappings\[0\]\.fields\[0\]\.identifier "FullName": is not an identifier of the IP entity: must be one of "Address" or "AddressScope"/],
    ['four identifiers', { entityMappings: [{ entityType: 'Account', fields: ['Name', 'UPNSuffix', 'Sid', 'PUID'].map((identifier) => ({ identifier, column: 'Caller' })) }] }, /invalid entityMappings\[0\]\.fields .*: must list 1 to 3/],
    ['eleven entity mappings', { entityMappings: Array.from({ length: 11 }, () => ({ entityType: 'IP' as const, fields: [{ identifier: 'Address', column: 'CallerIpAddress' }] })) }, /at most 10 entity mappings/],
    ['a column that is no identifier', { entityMappings: [{ entityType: 'Account', fields: [{ identifier: 'FullName', column: 'Caller | take 1' }] }] }, /invalid entityMappings\[0\]\.fields\[0\]\.column "Caller \| take 1"/],
    ['a custom detail key with punctuation', { customDetails: { 'bad key': 'Caller' } }, /invalid customDetails\.bad key "bad key"/],
    ['21 custom details', { customDetails: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`D${i}`, 'Caller'])) }, /invalid customDetails "21 details": must have at most 20/],
    ['grouping by an entity the rule does not map', { incidentGrouping: { byEntities: ['IP'] } }, /invalid incidentGrouping\.byEntities\[0\] "IP": the rule does not map this entity type: it maps \["Account"\]/],
    ['grouping by an undeclared custom detail', { incidentGrouping: { byCustomDetails: ['Country'] } }, /invalid incidentGrouping\.byCustomDetails\[0\] "Country": is not one of the rule's customDetails/],
    ['Selected matching without selection', { incidentGrouping: { matching: 'Selected' } }, /invalid incidentGrouping\.matching "Selected": needs byEntities/],
    ['a selection with AnyAlert', { incidentGrouping: { matching: 'AnyAlert', byEntities: ['Account'] } }, /only apply with matching "Selected"/],
    ['a grouping lookback over 7 days', { incidentGrouping: { lookback: 'P8D' } }, /invalid incidentGrouping\.lookback "P8D": must be an ISO 8601 duration in whole seconds from PT5M to P7D/],
    ['suppression shorter than the frequency', { suppression: 'PT30M' }, /invalid suppression "PT30M": must be at least the query frequency \(PT1H\)/],
    ['suppression over a day', { suppression: 'P2D' }, /invalid suppression "P2D": must be an ISO 8601 duration in whole seconds from PT5M to PT24H/],
    ['an event grouping typo', { eventGrouping: 'AlertPerRow' as never }, /invalid eventGrouping "AlertPerRow"/],
  ])('refuses %s', (_name, props, message) => {
    expect(construct(props)).toThrow(message);
  });

  test('a hostile literal stays one literal', () => {
    expect(KqlLiteral.string('x" | take 0 //').text).toBe('"x\\" | take 0 //"');
    expect(KqlLiteral.string('back\\slash').text).toBe('"back\\\\slash"');
    expect(() => KqlLiteral.string('line\nbreak')).toThrow(/control characters/);
    expect(() => KqlLiteral.dynamic({ a: Infinity })).toThrow(/finite numbers/);
    expect(() => KqlLiteral.dynamic(new Date())).toThrow(/only JSON data/);
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = [deep];
    expect(() => KqlLiteral.dynamic(deep)).toThrow(/levels/);
    expect(() => KqlLiteral.stringList([])).toThrow(/1 to 500/);
  });

  test('rendering checks placeholders both ways', () => {
    expect(() => renderKql('signin-to-disabled-account.kql', { extra: KqlLiteral.int(1) })).toThrow(/values without a placeholder: \["extra"\]/);
    expect(() => renderKql('management-from-unexpected-country.kql', { allowedCountries: KqlLiteral.stringList(['GB']) })).toThrow(/placeholders without a value: \["ingestionWindow"\]/);
    expect(() => renderKql('../package.json')).toThrow(/invalid KQL file name/);
    expect(() => renderKql('siem-logging-removed.kql', { ingestionWindow: KqlLiteral.seconds(3600), __proto__: { x: 1 } } as never)).not.toThrow();
  });
});
