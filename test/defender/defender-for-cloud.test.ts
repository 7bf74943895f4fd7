import { Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Construct } from 'constructs';
import { DefenderForCloud, DefenderForCloudProps } from '../../lib/defender';
import { annotationIds, warnings } from '../helpers/annotations';
import { inFreshStack } from '../helpers/construct';
import { synth, testStack } from '../helpers/synth';

const PRICING = 'azurerm_security_center_subscription_pricing';
const SETTING = 'azurerm_security_center_setting';
const WS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law';

const build = (props?: DefenderForCloudProps) => synth((stack) => { new DefenderForCloud(stack, 'Defender', props); });
const construct = (props: unknown) => inFreshStack((stack) => new DefenderForCloud(stack, 'Defender', props as DefenderForCloudProps));
const pricingOf = (s: ReturnType<typeof build>, plan: string) => s.list(PRICING).find((r) => r.resource_type === plan) as Record<string, unknown> | undefined;
const settingsOf = (s: ReturnType<typeof build>) => Object.fromEntries(s.list(SETTING).map((r) => [r.setting_name, r.enabled]));
type ContactResource = { type: string; apiVersion: string; name: string; properties: Record<string, unknown> };
const contactTemplate = (s: ReturnType<typeof build>) =>
  JSON.parse(String(s.only('azurerm_subscription_template_deployment').template_content)) as { $schema: string; resources: ContactResource[] };

describe('DefenderForCloud', () => {
  test('zero-config synth (defaults snapshot)', () => {
    expect(build().json).toMatchSnapshot();
  });

  test('every plan is tier Standard, one pricing resource per recommended plan', () => {
    const s = build();
    expect(s.count(PRICING)).toBe(13);
    expect(new Set(s.list(PRICING).map((r) => r.tier))).toEqual(new Set(['Standard']));
  });

  test('pricing resources form one depends_on chain, in plan order', () => {
    const s = build();
    const byPlan = new Map(Object.entries(s.resources(PRICING)).map(([name, r]) => [r.resource_type as string, { name, r }]));
    const order = ['AI', 'Api', 'AppServices', 'Arm', 'CloudPosture', 'Containers', 'CosmosDbs', 'KeyVaults',
      'OpenSourceRelationalDatabases', 'SqlServers', 'SqlServerVirtualMachines', 'StorageAccounts', 'VirtualMachines'];
    expect([...byPlan.keys()].sort()).toEqual([...order].sort());
    expect(byPlan.get('AI')!.r.depends_on).toBeUndefined();
    for (let i = 1; i < order.length; i++) {
      expect(byPlan.get(order[i])!.r.depends_on).toEqual([`${PRICING}.${byPlan.get(order[i - 1])!.name}`]);
    }
  });

  test('sub-plans and extensions (with properties) reach the pricing resources', () => {
    const s = build({ plans: { plans: [{ plan: 'StorageAccounts', extensions: [{ name: 'OnUploadMalwareScanning', capGbPerMonthPerStorageAccount: -1 }] }] } });
    expect(pricingOf(s, 'VirtualMachines')).toMatchObject({ subplan: 'P2', extension: [{ name: 'AgentlessVmScanning', additional_extension_properties: { ExclusionTags: '[]' } }] });
    expect(pricingOf(s, 'StorageAccounts')).toMatchObject({
      subplan: 'DefenderForStorageV2',
      extension: [{ name: 'OnUploadMalwareScanning', additional_extension_properties: { CapGBPerMonthPerStorageAccount: '-1' } }],
    });
    expect(pricingOf(s, 'Containers')!.extension).toHaveLength(4);
    expect(pricingOf(s, 'Arm')).toMatchObject({ subplan: 'PerSubscription' });
    expect(pricingOf(s, 'AppServices')!.subplan).toBeUndefined();
    expect(pricingOf(s, 'AppServices')!.extension).toBeUndefined();
  });

  test('a plan without a sub-plan ignores the one Azure may report; a plan with one keeps it managed (issue 11 item 5)', () => {
    // subplan is ForceNew and read back from Azure: a value Azure reports for a plan configured without one would
    // replace the pricing on every plan, and the replacement resets the plan to Free first.
    const s = build({ plans: { plans: [{ plan: 'CloudPosture', subPlan: { unsafeCustomName: 'Future' } }] } });
    for (const plan of ['AI', 'AppServices', 'Containers', 'CosmosDbs', 'OpenSourceRelationalDatabases', 'SqlServers', 'SqlServerVirtualMachines']) {
      expect(pricingOf(s, plan)).toMatchObject({ lifecycle: { ignore_changes: ['subplan'] } });
      expect(pricingOf(s, plan)!.subplan).toBeUndefined();
    }
    for (const plan of ['Api', 'Arm', 'CloudPosture', 'KeyVaults', 'StorageAccounts', 'VirtualMachines']) {
      expect(pricingOf(s, plan)!.subplan).toEqual(expect.any(String));
      expect(pricingOf(s, plan)).not.toHaveProperty('lifecycle');
    }
  });

  test('extensions are sent with the properties Azure returns for them, so the extension set reads back unchanged', () => {
    // Azure answers an enabled AgentlessVmScanning with additionalExtensionProperties { ExclusionTags: "[]" } on
    // VirtualMachines, CloudPosture and Containers; azurerm keeps the read-back in its `extension` set, so leaving the
    // property out shows an in-place update of the plan on every terraform plan.
    const s = build();
    for (const plan of ['VirtualMachines', 'CloudPosture', 'Containers']) {
      const agentless = (pricingOf(s, plan)!.extension as Record<string, unknown>[]).find((e) => e.name === 'AgentlessVmScanning');
      expect(agentless).toEqual({ name: 'AgentlessVmScanning', additional_extension_properties: { ExclusionTags: '[]' } });
    }
    const withTags = build({ plans: { plans: [{ plan: 'VirtualMachines', extensions: [{ name: 'AgentlessVmScanning', unsafeAdditionalProperties: { ExclusionTags: '[{"key":"scan","value":"no"}]' } }] }] } });
    expect(pricingOf(withTags, 'VirtualMachines')!.extension).toEqual([
      { name: 'AgentlessVmScanning', additional_extension_properties: { ExclusionTags: '[{"key":"scan","value":"no"}]' } },
    ]);
    // On-upload malware scanning likewise comes back with AutomatedResponse and BlobScanResultsOptions (Azure's
    // defaults None and BlobIndexTags), next to the cap; a caller's own values win.
    expect((pricingOf(s, 'StorageAccounts')!.extension as Record<string, unknown>[]).find((e) => e.name === 'OnUploadMalwareScanning')).toEqual({
      name: 'OnUploadMalwareScanning',
      additional_extension_properties: { CapGBPerMonthPerStorageAccount: '5000', AutomatedResponse: 'None', BlobScanResultsOptions: 'BlobIndexTags' },
    });
    const softDelete = build({ plans: { plans: [{ plan: 'StorageAccounts', extensions: [{ name: 'OnUploadMalwareScanning', unsafeAdditionalProperties: { AutomatedResponse: 'BlobSoftDelete' } }] }] } });
    expect(pricingOf(softDelete, 'StorageAccounts')!.extension).toEqual([{
      name: 'OnUploadMalwareScanning',
      additional_extension_properties: { CapGBPerMonthPerStorageAccount: '5000', AutomatedResponse: 'BlobSoftDelete', BlobScanResultsOptions: 'BlobIndexTags' },
    }]);
    // Other extensions are sent as resolved.
    expect((pricingOf(s, 'Containers')!.extension as Record<string, unknown>[]).find((e) => e.name === 'ContainerSensor')).toEqual({ name: 'ContainerSensor' });
  });

  test('disabled plans get no pricing resource, and the chain closes over the gap', () => {
    const s = build({ plans: { plans: [{ plan: 'Arm', enabled: false }] } });
    expect(pricingOf(s, 'Arm')).toBeUndefined();
    const names = Object.keys(s.resources(PRICING));
    const cspm = s.resources(PRICING)[names.find((n) => n.includes('CloudPosture'))!];
    expect(cspm.depends_on).toEqual([`${PRICING}.${names.find((n) => n.includes('AppServices'))}`]);
  });

  test('planFor and ofStack (contract D)', () => {
    const { stack } = testStack();
    const inner = new Construct(stack, 'Inner');
    expect(DefenderForCloud.ofStack(inner)).toBeUndefined();
    const d = new DefenderForCloud(inner, 'Defender', { plans: { plans: [{ plan: 'VirtualMachines', subPlan: 'P1' }, { plan: 'Containers', enabled: false }] } });
    const other = new Construct(stack, 'Elsewhere');
    expect(DefenderForCloud.ofStack(other)).toBe(d);
    expect(d.planFor('VirtualMachines')).toEqual({ plan: 'VirtualMachines', subPlan: 'P1', extensions: [] });
    expect(d.planFor('Containers')).toBeUndefined();
    expect(DefenderForCloud.isDefenderForCloud(d)).toBe(true);
    expect(DefenderForCloud.isDefenderForCloud(inner)).toBe(false);
    const secondStack = new TerraformStack(Testing.app(), 'other');
    expect(DefenderForCloud.ofStack(secondStack)).toBeUndefined();
  });

  test('exposes resources as attributes, emits no outputs', () => {
    const { stack } = testStack();
    const d = new DefenderForCloud(stack, 'Defender', { securityContact: { emails: ['secops@contoso.com'] }, workspaceId: WS });
    expect(Object.keys(d.pricings)).toHaveLength(13);
    expect(d.pricings.VirtualMachines.resourceTypeInput).toBe('VirtualMachines');
    expect(Object.keys(d.settings).sort()).toEqual(['MCAS', 'WDATP', 'WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW', 'WDATP_UNIFIED_SOLUTION']);
    expect(d.serverVulnerabilityAssessment).toBeDefined();
    expect(d.workspace).toBeDefined();
    expect(d.securityContact).toBeDefined();
    expect(d.securityContactTemplate!.resourceCount).toBe(1);
    const json = JSON.parse(Testing.synth(stack as TerraformStack, true));
    expect(json.output).toBeUndefined();
  });

  test('one DefenderForCloud per subscription (provider) and stack', () => {
    const { stack } = testStack();
    new DefenderForCloud(stack, 'Defender');
    expect(() => new DefenderForCloud(stack, 'Again'))
      .toThrow(/test\/Again: invalid provider "the default azurerm provider": test\/Defender already configures Defender for Cloud for this provider's subscription/);
    const p = new AzurermProvider(stack, 'sub2', { alias: 'sub2', features: [{}], subscriptionId: '00000000-0000-0000-0000-000000000002' });
    expect(new DefenderForCloud(stack, 'Sub2', { provider: p }).provider).toBe(p);
    expect(() => new DefenderForCloud(stack, 'Sub2Again', { provider: p })).toThrow(/invalid provider "test\/sub2": test\/Sub2 already configures/);
  });

  test('provider alias is used by every resource', () => {
    const s = synth((stack) => {
      const p = new AzurermProvider(stack, 'sub2', { alias: 'sub2', features: [{}], subscriptionId: '00000000-0000-0000-0000-000000000002' });
      new DefenderForCloud(stack, 'Defender', { provider: p, securityContact: { emails: ['a@contoso.com'] } });
    });
    for (const type of [PRICING, SETTING, 'azurerm_subscription_template_deployment', 'azurerm_security_center_server_vulnerability_assessments_setting']) {
      for (const r of s.list(type)) expect(r.provider).toBe('azurerm.sub2');
    }
  });
});

describe('DefenderForCloud: integrations and vulnerability assessment', () => {
  test('secure defaults: MDE with unified solution and Linux, Cloud Apps on, Sentinel unmanaged', () => {
    const s = build();
    expect(settingsOf(s)).toEqual({ WDATP: true, WDATP_UNIFIED_SOLUTION: true, WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW: false, MCAS: true });
    for (const r of s.list(SETTING)) expect(String((r.depends_on as string[])[0])).toMatch(/^azurerm_security_center_subscription_pricing\./);
  });

  test('each setting is adopted with an import block (Azure has them already; azurerm refuses to create an enabled one)', () => {
    // azurerm 4.55's create of azurerm_security_center_setting fails with "already exists - needs to be imported"
    // when the setting is enabled, and WDATP and MCAS are enabled by default: import, then manage.
    type Import = { to: string; id: string; provider?: string };
    const imports = (s: ReturnType<typeof build>) => (s.json.import ?? []) as Import[];
    const literal = build({ subscriptionId: '00000000-0000-0000-0000-000000000009', integrations: { sentinel: true } });
    const names = Object.fromEntries(Object.entries(literal.resources(SETTING)).map(([k, r]) => [`${SETTING}.${k}`, r.setting_name]));
    expect(imports(literal)).toHaveLength(5);
    for (const i of imports(literal)) {
      expect(i.id).toBe(`/subscriptions/00000000-0000-0000-0000-000000000009/providers/Microsoft.Security/settings/${names[i.to]}`);
      expect(i.provider).toBeUndefined();
    }
    const fromData = build();
    expect(imports(fromData).map((i) => i.id)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\$\{data\.azurerm_subscription\.Defender_Subscription_[0-9A-F]+\.id\}\/providers\/Microsoft\.Security\/settings\/WDATP$/),
    ]));
    expect(imports(fromData)).toHaveLength(4);
    const aliased = synth((stack) => {
      const other = new AzurermProvider(stack, 'other', { features: [{}], alias: 'other', subscriptionId: '00000000-0000-0000-0000-000000000002' });
      new DefenderForCloud(stack, 'Defender', { provider: other, subscriptionId: '00000000-0000-0000-0000-000000000002' });
    });
    for (const i of imports(aliased)) expect(i.provider).toBe('azurerm.other');
  });

  test('explicit integration settings', () => {
    const s = build({ integrations: { cloudApps: false, sentinel: true, endpointExcludeLinux: true } });
    expect(settingsOf(s)).toEqual({ WDATP: true, WDATP_UNIFIED_SOLUTION: true, WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW: true, MCAS: false, Sentinel: true });
  });

  test('turning MDE off turns the unified solution off and warns', () => {
    const { stack } = testStack();
    const d = new DefenderForCloud(stack, 'Defender', { integrations: { endpoint: false } });
    expect(d.settings.WDATP.enabledInput).toBe(false);
    expect(d.settings.WDATP_UNIFIED_SOLUTION.enabledInput).toBe(false);
    expect(warnings(d).join('\n')).toMatch(/integrations\.endpoint is false/);
    expect(annotationIds(d)).toContain('guardrails:defender:endpoint-integration-off');
  });

  test('server vulnerability assessment is MdeTvm after the Servers plan', () => {
    const s = build();
    const va = s.only('azurerm_security_center_server_vulnerability_assessments_setting');
    expect(va.vulnerability_assessment_provider).toBe('MdeTvm');
    expect(va.depends_on).toEqual([expect.stringMatching(/^azurerm_security_center_subscription_pricing\.Defender_PlanVirtualMachines_/)]);
    expect(build({ serverVulnerabilityAssessment: false }).count('azurerm_security_center_server_vulnerability_assessments_setting')).toBe(0);
    expect(build({ plans: { plans: [{ plan: 'VirtualMachines', enabled: false }] } }).count('azurerm_security_center_server_vulnerability_assessments_setting')).toBe(0);
  });

  test('workspace binding: scope from subscriptionId, else from the azurerm_subscription data source', () => {
    const withId = build({ workspaceId: WS, subscriptionId: '00000000-0000-0000-0000-000000000009' });
    expect(withId.only('azurerm_security_center_workspace')).toMatchObject({ scope: '/subscriptions/00000000-0000-0000-0000-000000000009', workspace_id: WS });
    const fromData = build({ workspaceId: WS });
    expect(fromData.only('azurerm_security_center_workspace').scope).toMatch(/^\$\{data\.azurerm_subscription\.Defender_Subscription_[0-9A-F]+\.id\}$/);
    expect(build().count('azurerm_security_center_workspace')).toBe(0);
  });

  test('no security contact: warning', () => {
    const d = construct({});
    expect(warnings(d)).toEqual([expect.stringMatching(/No securityContact/)]);
    expect(annotationIds(d)).toEqual(['guardrails:defender:no-security-contact']);
  });

  test('Servers below P2: warning', () => {
    const d = construct({ securityContact: { emails: ['a@contoso.com'] }, plans: { plans: [{ plan: 'VirtualMachines', subPlan: 'P1' }] } });
    expect(warnings(d)).toEqual([expect.stringMatching(/sub-plan "P1": just-in-time VM access.*need "P2"/)]);
    expect(annotationIds(d)).toEqual(['guardrails:defender:servers-sub-plan-without-p2-features']);
  });

  test('a contact and the recommended plans: no warning', () => {
    expect(warnings(construct({ securityContact: { emails: ['a@contoso.com'] } }))).toEqual([]);
  });

  test('refusals', () => {
    expect(() => construct({ integrations: { endpoint: false, endpointUnifiedSolution: true } }))
      .toThrow(/test\/Defender: invalid integrations\.endpointUnifiedSolution true: the unified solution is part of the Defender for Endpoint integration/);
    expect(() => construct({ integrations: { mdeTvm: true } })).toThrow(/invalid integrations\.mdeTvm true: unknown integration: must be one of "endpoint"/);
    expect(() => construct({ integrations: 'all' })).toThrow(/invalid integrations "all": must be an object of booleans/);
    expect(() => construct({ integrations: { cloudApps: 'on' } })).toThrow(/invalid integrations\.cloudApps "on": must be true or false/);
    expect(() => construct({ serverVulnerabilityAssessment: true, plans: { plans: [{ plan: 'VirtualMachines', enabled: false }] } }))
      .toThrow(/invalid serverVulnerabilityAssessment true: needs the VirtualMachines plan/);
    expect(() => construct({ serverVulnerabilityAssessment: 'yes' })).toThrow(/invalid serverVulnerabilityAssessment "yes": must be true or false/);
    expect(() => construct({ workspaceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg' }))
      .toThrow(/invalid workspaceId ".*": must be the resource id of a Microsoft.OperationalInsights\/workspaces/);
    expect(() => construct({ workspaceId: WS, subscriptionId: 'sub-1' })).toThrow(/invalid subscriptionId "sub-1": must be a GUID/);
    expect(() => construct({ deploymentLocation: 'West Europe' })).toThrow(/invalid deploymentLocation "West Europe": must be an Azure region name in ARM form/);
    expect(() => construct({ plans: { plans: [{ plan: 'Dns' }] } })).toThrow(/test\/Defender: invalid plans\.plans\[0\]\.plan "Dns": plan "Dns" is deprecated/);
  });
});

describe('DefenderForCloud: security contact', () => {
  test('modern securityContacts API through a subscription template deployment, name "default"', () => {
    const s = build({
      securityContact: { emails: ['secops@contoso.com', 'soc@contoso.com'], phone: '+1 (214) 275-4038', alertMinimalSeverity: 'High', attackPathMinimalRiskLevel: 'Critical', notifyRoles: ['Owner', 'ServiceAdmin'] },
      deploymentLocation: 'northeurope',
    });
    const deployment = s.only('azurerm_subscription_template_deployment');
    expect(deployment).toMatchObject({ name: 'guardrails-defender-security-contact', location: 'northeurope' });
    const template = contactTemplate(s);
    expect(template.$schema).toMatch(/subscriptionDeploymentTemplate\.json#$/);
    expect(template.resources).toEqual([{
      type: 'Microsoft.Security/securityContacts',
      apiVersion: '2023-12-01-preview',
      name: 'default',
      properties: {
        emails: 'secops@contoso.com;soc@contoso.com',
        phone: '+1 (214) 275-4038',
        isEnabled: true,
        notificationsByRole: { state: 'On', roles: ['Owner', 'ServiceAdmin'] },
        notificationsSources: [
          { sourceType: 'Alert', minimalSeverity: 'High' },
          { sourceType: 'AttackPath', minimalRiskLevel: 'Critical' },
        ],
      },
    }]);
  });

  test('defaults: alerts from Medium, attack paths from High, Owners notified, location westeurope', () => {
    const s = build({ securityContact: { emails: ['secops@contoso.com'] } });
    expect(s.only('azurerm_subscription_template_deployment').location).toBe('westeurope');
    const props = contactTemplate(s).resources[0].properties;
    expect(props.phone).toBeUndefined();
    expect(props.notificationsByRole).toEqual({ state: 'On', roles: ['Owner'] });
    expect(props.notificationsSources).toEqual([{ sourceType: 'Alert', minimalSeverity: 'Medium' }, { sourceType: 'AttackPath', minimalRiskLevel: 'High' }]);
  });

  test('notification sources and roles can be turned off', () => {
    const props = contactTemplate(build({ securityContact: { emails: ['a@contoso.com'], alertMinimalSeverity: false, attackPathMinimalRiskLevel: false, notifyRoles: [] } })).resources[0].properties;
    expect(props.notificationsSources).toEqual([]);
    expect(props.notificationsByRole).toEqual({ state: 'Off', roles: [] });
  });

  test('refusals: e-mails, phone, severities, roles, unknown keys', () => {
    const contact = (c: unknown) => construct({ securityContact: c });
    expect(() => contact({ emails: [] })).toThrow(/invalid securityContact\.emails \[\]: must list at least one e-mail address/);
    expect(() => contact({})).toThrow(/invalid securityContact\.emails undefined/);
    expect(() => contact({ emails: ['secops@contoso.com', 'not-an-email'] })).toThrow(/test\/Defender: invalid securityContact\.emails\[1\] "not-an-email": must be an e-mail address/);
    expect(() => contact('secops@contoso.com')).toThrow(/invalid securityContact "secops@contoso.com": must be an object \{ emails/);
    expect(() => contact({ emails: ['a@contoso.com;b@contoso.com'] })).toThrow(/emails\[0\] "a@contoso.com;b@contoso.com": must be an e-mail address/);
    expect(() => contact({ emails: ['a@contoso.com', 'A@contoso.com'] })).toThrow(/emails\[1\] "A@contoso.com": duplicate e-mail address/);
    expect(() => contact({ emails: ['a@contoso.com'], phone: 'call me' })).toThrow(/invalid securityContact\.phone "call me": must be a phone number/);
    expect(() => contact({ emails: ['a@contoso.com'], phone: '12' })).toThrow(/invalid securityContact\.phone "12"/);
    expect(() => contact({ emails: ['a@contoso.com'], alertMinimalSeverity: 'Critical' }))
      .toThrow(/invalid securityContact\.alertMinimalSeverity "Critical": must be one of "Low", "Medium" or "High", or false/);
    expect(() => contact({ emails: ['a@contoso.com'], attackPathMinimalRiskLevel: 'Severe' }))
      .toThrow(/invalid securityContact\.attackPathMinimalRiskLevel "Severe": must be one of "Low", "Medium", "High" or "Critical"/);
    expect(() => contact({ emails: ['a@contoso.com'], notifyRoles: ['Reader'] }))
      .toThrow(/invalid securityContact\.notifyRoles\[0\] "Reader": must be one of "Owner", "AccountAdmin", "Contributor" or "ServiceAdmin"/);
    expect(() => contact({ emails: ['a@contoso.com'], notifyRoles: ['Owner', 'Owner'] })).toThrow(/notifyRoles\[1\] "Owner": duplicate role/);
    expect(() => contact({ emails: ['a@contoso.com'], notifyRoles: 'Owner' })).toThrow(/invalid securityContact\.notifyRoles "Owner": must be a list of roles/);
    expect(() => contact({ emails: ['a@contoso.com'], email: 'b@contoso.com' })).toThrow(/invalid securityContact\.email "b@contoso.com": unknown property/);
    expect(() => contact({ emails: Array.from({ length: 60 }, (_, i) => `someone.with.a.long.name${i}@contoso.com`) }))
      .toThrow(/the joined list must be at most 1000 characters/);
  });
});
