import { Testing, TerraformStack } from 'cdktf';
import { DefenderForCloud } from '../../lib/defender';
import { SentinelIncidentFlow, SentinelIncidentFlowProps } from '../../lib/sentinel';
import { synth, testStack, wrap } from '../helpers/synth';
import { destination, warnings, WS_ID } from './helpers';

const ONBOARDING = 'azurerm_sentinel_log_analytics_workspace_onboarding';
const XDR = 'azurerm_sentinel_data_connector_microsoft_threat_protection';
const RULE = 'azurerm_sentinel_alert_rule_ms_security_incident';
const FUSION = 'azurerm_sentinel_alert_rule_fusion';

function flow(props: Partial<SentinelIncidentFlowProps> = {}, siemProps = {}) {
  let construct!: SentinelIncidentFlow;
  const out = synth((stack) => {
    const siem = destination(stack, siemProps);
    construct = new SentinelIncidentFlow(stack, 'Incidents', { workspace: siem, ...props });
  });
  return { out, construct };
}

describe('SentinelIncidentFlow: Defender XDR incident integration (default)', () => {
  const { out, construct } = flow();

  test('uses the destination\'s MicrosoftThreatProtection connector (one per workspace) and creates no incident rule', () => {
    expect(out.count(XDR)).toBe(1);
    expect(Object.keys(out.resources(XDR))[0]).toMatch(/^Siem_DefenderXdrConnector_/);
    expect(out.count(RULE)).toBe(0);
    expect(construct.defenderXdr).toBe(true);
    expect(construct.defenderXdrConnector).toBeUndefined();
    expect(construct.incidentOwners).toEqual({
      DefenderForCloud: 'DefenderXdr', DefenderForEndpoint: 'DefenderXdr', DefenderForIdentity: 'DefenderXdr', DefenderForOffice365: 'DefenderXdr',
      DefenderForCloudApps: 'DefenderXdr', EntraIdProtection: 'DefenderXdr',
    });
  });

  test('manages the Fusion rule explicitly, on, written to the onboarded workspace', () => {
    const onboarding = Object.keys(out.resources(ONBOARDING))[0];
    expect(out.only(FUSION)).toEqual({
      log_analytics_workspace_id: `\${${ONBOARDING}.${onboarding}.workspace_id}`,
      alert_rule_template_guid: 'f71aba3d-28fb-450b-b192-4e76a83015c8',
      enabled: true,
    });
  });

  test('Defender for Cloud bi-directional alert sync must be off: Defender XDR owns those incidents', () => {
    expect(construct.defenderForCloudAlertSync).toBe(false);
  });

  test('creates the connector itself for a workspace given by id', () => {
    const { stack } = testStack();
    const c = new SentinelIncidentFlow(stack, 'Incidents', { workspace: { workspaceId: WS_ID }, defenderXdr: { tenantId: '11111111-1111-1111-1111-111111111111' } });
    const json = wrap(Testing.synth(stack, true));
    expect(json.only(XDR)).toEqual({ name: 'defender-xdr', log_analytics_workspace_id: WS_ID, tenant_id: '11111111-1111-1111-1111-111111111111' });
    expect(c.defenderXdrConnector).toBeDefined();
    const none = new SentinelIncidentFlow(testStack().stack, 'Incidents', { workspace: { workspaceId: WS_ID }, defenderXdr: { createConnector: false } });
    expect(none.defenderXdrConnector).toBeUndefined();
  });

  test('a rule for a product outside Defender XDR (Defender for IoT) is allowed, with Medium and above by default', () => {
    const { out: withIot, construct: c } = flow({ microsoftIncidentRules: [{ product: 'DefenderForIoT' }] });
    expect(withIot.only(RULE)).toMatchObject({
      name: 'guardrails-incidents-defenderforiot',
      product_filter: 'Azure Security Center for IoT',
      severity_filter: ['Medium', 'High'],
      display_name: 'Incidents from Azure Security Center for IoT alerts (Medium and above)',
      enabled: true,
    });
    expect(withIot.only(RULE)).not.toHaveProperty('display_name_filter');
    expect(c.incidentOwners.DefenderForIoT).toBe('IncidentRule');
  });

  test('warns when Defender for Cloud incidents would arrive without their alerts (no Defender for Cloud connector)', () => {
    const { construct: c } = flow({}, { sentinel: { dataConnectors: ['MicrosoftThreatProtection'] } });
    expect(warnings(c)).toEqual([expect.stringMatching(/^(?=.*\[guardrails:sentinel:defender-for-cloud-alerts\]$)/)]);
    expect(warnings(construct)).toEqual([]);
  });
});

describe('SentinelIncidentFlow: Microsoft incident creation rules', () => {
  const siemProps = { sentinel: { dataConnectors: ['AzureSecurityCenter', 'AzureActiveDirectory'] as const } };
  const rules = (microsoftIncidentRules: SentinelIncidentFlowProps['microsoftIncidentRules']) =>
    flow({ defenderXdr: false, microsoftIncidentRules }, { sentinel: { dataConnectors: [...siemProps.sentinel.dataConnectors] } });

  test('one rule per product with minimum severity and name filters (Terraform-escaped)', () => {
    const { out, construct } = rules([
      { product: 'DefenderForCloud', minimumSeverity: 'High', alertNames: ['Suspicious ${x}'], excludeAlertNames: ['Test alert'] },
      { product: 'EntraIdProtection', minimumSeverity: 'Low' },
      { product: 'DefenderForEndpoint', enabled: false },
    ]);
    const byProduct = Object.fromEntries(out.list(RULE).map((r) => [r.product_filter, r]));
    expect(byProduct['Azure Security Center']).toMatchObject({
      name: 'guardrails-incidents-defenderforcloud', severity_filter: ['High'], display_name_filter: ['Suspicious $${x}'],
      display_name_exclude_filter: ['Test alert'], enabled: true,
    });
    expect(byProduct['Azure Active Directory Identity Protection']).toMatchObject({ severity_filter: ['Low', 'Medium', 'High'] });
    expect(byProduct['Microsoft Defender Advanced Threat Protection']).toMatchObject({ enabled: false, severity_filter: ['Medium', 'High'] });
    expect(out.count(XDR)).toBe(0);
    expect(out.count(FUSION)).toBe(1);
    expect(construct.incidentOwners).toEqual({ DefenderForCloud: 'IncidentRule', EntraIdProtection: 'IncidentRule' });
    // closing a Sentinel incident made from a Defender for Cloud alert closes the alert too
    expect(construct.defenderForCloudAlertSync).toBe(true);
  });

  test('bi-directional alert sync stays off when no rule turns Defender for Cloud alerts into incidents', () => {
    expect(rules([{ product: 'EntraIdProtection' }]).construct.defenderForCloudAlertSync).toBe(false);
    expect(rules([{ product: 'DefenderForCloud', enabled: false }]).construct.defenderForCloudAlertSync).toBe(false);
    expect(SentinelIncidentFlow.defenderForCloudAlertSyncFor({})).toBe(false);
    expect(SentinelIncidentFlow.defenderForCloudAlertSyncFor({ defenderXdr: false, microsoftIncidentRules: [{ product: 'DefenderForCloud' }] })).toBe(true);
  });
});

describe('SentinelIncidentFlow: Fusion', () => {
  test('switching Fusion off keeps it managed (disabled) and warns', () => {
    const { out, construct } = flow({ fusion: false });
    expect(out.only(FUSION)).toMatchObject({ enabled: false });
    expect(warnings(construct)).toEqual([expect.stringMatching(/^(?=.*\[guardrails:sentinel:fusion-disabled\]$)/)]);
  });
});

describe('SentinelIncidentFlow: consistency with DefenderForCloud in the same stack', () => {
  const stackWith = (sentinel: boolean | undefined, props: Partial<SentinelIncidentFlowProps> = {}) => {
    const { stack } = testStack();
    const siem = destination(stack);
    new DefenderForCloud(stack, 'Defender', {
      subscriptionId: '00000000-0000-0000-0000-000000000001', securityContact: { emails: ['secops@contoso.com'] }, integrations: { sentinel },
    });
    new SentinelIncidentFlow(stack, 'Incidents', { workspace: siem, ...props });
    return stack as TerraformStack;
  };

  test('a DefenderForCloud that turns alert sync on contradicts Defender XDR ownership: synth fails', () => {
    expect(() => Testing.synth(stackWith(true), true)).toThrow(/test\/Defender: integrations\.sentinel is true, but test\/Incidents needs Defender for Cloud's bi-directional alert sync off \(Defender XDR owns/);
  });

  test('one incident flow per workspace', () => {
    const { stack } = testStack();
    const siem = destination(stack);
    new SentinelIncidentFlow(stack, 'Incidents', { workspace: siem });
    new SentinelIncidentFlow(stack, 'MoreIncidents', { workspace: siem });
    expect(() => Testing.synth(stack as TerraformStack, true)).toThrow(/test\/MoreIncidents also manages the incident flow of this workspace: one SentinelIncidentFlow per workspace/);
  });

  test('consistent or unmanaged settings synthesize', () => {
    expect(() => Testing.synth(stackWith(false), true)).not.toThrow();
    expect(() => Testing.synth(stackWith(undefined), true)).not.toThrow();
  });
});

describe('SentinelIncidentFlow refuses', () => {
  const build = (props: Partial<SentinelIncidentFlowProps>, siemProps = {}) => () => {
    const { stack } = testStack();
    new SentinelIncidentFlow(stack, 'Incidents', { workspace: destination(stack, siemProps), ...props } as SentinelIncidentFlowProps);
  };

  test.each<[string, Partial<SentinelIncidentFlowProps>, RegExp]>([
    ['a rule for a product Defender XDR already owns (duplicate incidents), with the reason',
      { microsoftIncidentRules: [{ product: 'DefenderForEndpoint' }] },
      /invalid microsoftIncidentRules\[0\]\.product "DefenderForEndpoint": Defender XDR incident integration already creates the incidents for DefenderForEndpoint alerts: a Microsoft incident creation rule for the same product would create a second incident for every alert \(duplicate incidents/],
    ['a Defender for Cloud rule with Defender XDR on', { microsoftIncidentRules: [{ product: 'DefenderForCloud' }] }, /invalid microsoftIncidentRules\[0\]\.product "DefenderForCloud": Defender XDR incident integration already/],
    ['two rules for one product', { microsoftIncidentRules: [{ product: 'DefenderForIoT' }, { product: 'DefenderForIoT', minimumSeverity: 'High' }] },
      /invalid microsoftIncidentRules\[1\]\.product "DefenderForIoT": already has a rule \(microsoftIncidentRules\[0\]\): two rules for one product create two incidents per alert/],
    ['an unknown product', { microsoftIncidentRules: [{ product: 'Sentinel' as never }] }, /invalid microsoftIncidentRules\[0\]\.product "Sentinel": must be one of "DefenderForCloud"/],
    ['an unknown severity', { microsoftIncidentRules: [{ product: 'DefenderForIoT', minimumSeverity: 'Critical' as never }] }, /minimumSeverity "Critical"/],
    ['a name both included and excluded', { microsoftIncidentRules: [{ product: 'DefenderForIoT', alertNames: ['A'], excludeAlertNames: ['A'] }] }, /excludeAlertNames "A": is also in alertNames/],
    ['an empty name filter', { microsoftIncidentRules: [{ product: 'DefenderForIoT', alertNames: [] }] }, /alertNames \[\]: must be a list of 1 to 50 strings/],
    ['a name filter with a line break', { microsoftIncidentRules: [{ product: 'DefenderForIoT', alertNames: ['a\nb'] }] }, /alertNames\[0\] "a\\nb": must not contain control characters/],
    ['an unknown rule option', { microsoftIncidentRules: [{ product: 'DefenderForIoT', severity: 'High' } as never] }, /invalid microsoftIncidentRules\[0\]\.severity "High": is not a known option/],
    ['a bad tenant id', { defenderXdr: { tenantId: 'contoso' } }, /invalid defenderXdr\.tenantId "contoso": must be a GUID/],
    ['a second connector on a destination that has one', { defenderXdr: { createConnector: true } }, /invalid defenderXdr\.createConnector true: test\/Siem already deploys the MicrosoftThreatProtection connector/],
    ['fusion that is not a boolean', { fusion: 'off' as never }, /invalid fusion "off": must be true or false/],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('defenderXdr off while the destination deploys the connector (azurerm creates it with incidents on)', () => {
    expect(build({ defenderXdr: false })).toThrow(/invalid defenderXdr false: test\/Siem deploys the MicrosoftThreatProtection connector, which azurerm always creates with incident creation on/);
    expect(build({ defenderXdr: false }, { sentinel: { dataConnectors: ['AzureSecurityCenter'] } })).not.toThrow();
  });
});
