import {
  DEFENDER_PLAN_NAMES, DEFENDER_RECOMMENDED_PLANS, DefenderPlansConfig, defenderCustomName, defenderExtensionsOf,
  defenderSubPlansOf, describeDefenderPlans, resolveDefenderPlans,
} from '../../lib/defender';

const resolve = (config?: DefenderPlansConfig) => resolveDefenderPlans('Stack/Defender', 'plans', config as DefenderPlansConfig);
const plan = (config: DefenderPlansConfig | undefined, name: string) => resolve(config).find((p) => p.plan === name);
/** Resolves untyped input (what a JSON config file can hold). */
const resolveRaw = (config: unknown) => resolveDefenderPlans('Stack/Defender', 'plans', config as DefenderPlansConfig);

describe('resolveDefenderPlans: recommended set', () => {
  test('enables the recommended plans in alphabetical (deployment) order', () => {
    expect(resolve().map((p) => p.plan)).toEqual([
      'AI', 'Api', 'AppServices', 'Arm', 'CloudPosture', 'Containers', 'CosmosDbs', 'KeyVaults',
      'OpenSourceRelationalDatabases', 'SqlServers', 'SqlServerVirtualMachines', 'StorageAccounts', 'VirtualMachines',
    ]);
    expect(DEFENDER_RECOMMENDED_PLANS).toHaveLength(13);
    expect(resolve({})).toEqual(resolve(undefined));
  });

  test('Servers P2 with agentless scanning only (MdeDesignatedSubscription and FIM are opt-in)', () => {
    expect(plan(undefined, 'VirtualMachines')).toEqual({ plan: 'VirtualMachines', subPlan: 'P2', extensions: [{ name: 'AgentlessVmScanning' }] });
  });

  test('CSPM with its extensions except the separately licensed Entra Permissions Management', () => {
    expect(plan(undefined, 'CloudPosture')!.extensions.map((e) => e.name)).toEqual([
      'SensitiveDataDiscovery', 'ContainerRegistriesVulnerabilityAssessments', 'AgentlessDiscoveryForKubernetes', 'AgentlessVmScanning', 'ApiPosture',
    ]);
    expect(plan(undefined, 'CloudPosture')!.subPlan).toBeUndefined();
  });

  test('Containers with sensor, agentless discovery, registry VA and agentless VM scanning', () => {
    expect(plan(undefined, 'Containers')!.extensions.map((e) => e.name).sort()).toEqual([
      'AgentlessDiscoveryForKubernetes', 'AgentlessVmScanning', 'ContainerRegistriesVulnerabilityAssessments', 'ContainerSensor',
    ]);
  });

  test('Storage V2 with malware scanning (5000 GB cap) and sensitive data discovery', () => {
    expect(plan(undefined, 'StorageAccounts')).toEqual({
      plan: 'StorageAccounts',
      subPlan: 'DefenderForStorageV2',
      extensions: [
        { name: 'OnUploadMalwareScanning', additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: '5000' } },
        { name: 'SensitiveDataDiscovery' },
      ],
    });
  });

  test('Key Vault per vault, Resource Manager per subscription, APIs P1, AI without prompt evidence', () => {
    expect(plan(undefined, 'KeyVaults')).toEqual({ plan: 'KeyVaults', subPlan: 'PerKeyVault', extensions: [] });
    expect(plan(undefined, 'Arm')).toEqual({ plan: 'Arm', subPlan: 'PerSubscription', extensions: [] });
    expect(plan(undefined, 'Api')).toEqual({ plan: 'Api', subPlan: 'P1', extensions: [] });
    expect(plan(undefined, 'AI')).toEqual({ plan: 'AI', extensions: [] });
  });

  test('catalog helpers list sub-plans and extensions', () => {
    expect(defenderSubPlansOf('VirtualMachines')).toEqual(['P1', 'P2']);
    expect(defenderSubPlansOf('AppServices')).toEqual([]);
    expect(defenderExtensionsOf('VirtualMachines', 'P1')).toEqual(['MdeDesignatedSubscription']);
    expect(defenderExtensionsOf('StorageAccounts')).toEqual(['OnUploadMalwareScanning', 'SensitiveDataDiscovery']);
    expect(DEFENDER_PLAN_NAMES).toContain('OpenSourceRelationalDatabases');
    expect(describeDefenderPlans(resolve({ recommended: false, plans: [{ plan: 'VirtualMachines' }] }))).toBe('VirtualMachines/P2[AgentlessVmScanning]');
  });
});

describe('resolveDefenderPlans: overrides', () => {
  test('recommended: false enables only the listed plans', () => {
    expect(resolve({ recommended: false, plans: [{ plan: 'KeyVaults' }, { plan: 'Arm' }] }).map((p) => p.plan)).toEqual(['Arm', 'KeyVaults']);
    expect(resolve({ recommended: false })).toEqual([]);
  });

  test('enabled: false removes a recommended plan', () => {
    const plans = resolve({ plans: [{ plan: 'AI', enabled: false }, { plan: 'Api', enabled: false }] });
    expect(plans.map((p) => p.plan)).not.toContain('AI');
    expect(plans.map((p) => p.plan)).not.toContain('Api');
    expect(plans).toHaveLength(11);
  });

  test('a new sub-plan brings that sub-plan\'s default extensions', () => {
    expect(plan({ plans: [{ plan: 'VirtualMachines', subPlan: 'P1' }] }, 'VirtualMachines')).toEqual({ plan: 'VirtualMachines', subPlan: 'P1', extensions: [] });
    expect(plan({ plans: [{ plan: 'Api', subPlan: 'P3' }] }, 'Api')!.subPlan).toBe('P3');
  });

  test('listed extensions replace the defaults and come out in catalog order', () => {
    const workspaceId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law';
    const vm = plan({ plans: [{ plan: 'VirtualMachines', extensions: [{ name: 'FileIntegrityMonitoring', workspaceId }, 'AgentlessVmScanning', 'MdeDesignatedSubscription'] }] }, 'VirtualMachines');
    expect(vm!.extensions.map((e) => e.name)).toEqual(['AgentlessVmScanning', 'MdeDesignatedSubscription', 'FileIntegrityMonitoring']);
    expect(plan({ plans: [{ plan: 'Containers', extensions: [] }] }, 'Containers')!.extensions).toEqual([]);
  });

  test('FIM takes its workspace as DefinedWorkspaceId', () => {
    const ws = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law';
    const vm = plan({ plans: [{ plan: 'VirtualMachines', extensions: ['AgentlessVmScanning', { name: 'FileIntegrityMonitoring', workspaceId: ws }] }] }, 'VirtualMachines');
    expect(vm!.extensions).toEqual([{ name: 'AgentlessVmScanning' }, { name: 'FileIntegrityMonitoring', additionalExtensionProperties: { DefinedWorkspaceId: ws } }]);
  });

  test('FIM without a workspace is refused (Azure rejects FileIntegrityMonitoring without DefinedWorkspaceId)', () => {
    expect(() => resolveRaw({ plans: [{ plan: 'VirtualMachines', extensions: ['FileIntegrityMonitoring'] }] }))
      .toThrow(/extensions\[0\] "FileIntegrityMonitoring": FileIntegrityMonitoring needs the Log Analytics workspace that receives its events/);
    expect(() => resolveRaw({ plans: [{ plan: 'VirtualMachines', extensions: [{ name: 'FileIntegrityMonitoring' }] }] }))
      .toThrow(/FileIntegrityMonitoring needs the Log Analytics workspace/);
  });

  test('malware scanning cap: positive number or -1 for unlimited, as a string property', () => {
    const cap = (capGbPerMonthPerStorageAccount: number) => plan({
      plans: [{ plan: 'StorageAccounts', extensions: [{ name: 'OnUploadMalwareScanning', capGbPerMonthPerStorageAccount }] }],
    }, 'StorageAccounts')!.extensions[0].additionalExtensionProperties;
    expect(cap(1000)).toEqual({ CapGBPerMonthPerStorageAccount: '1000' });
    expect(cap(-1)).toEqual({ CapGBPerMonthPerStorageAccount: '-1' });
    expect(plan({ plans: [{ plan: 'StorageAccounts', extensions: [{ name: 'OnUploadMalwareScanning' }] }] }, 'StorageAccounts')!.extensions)
      .toEqual([{ name: 'OnUploadMalwareScanning', additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: '5000' } }]);
  });

  test('opt-in extensions: AI prompt evidence, Entra permissions management, container integrity', () => {
    expect(plan({ plans: [{ plan: 'AI', extensions: ['AIPromptEvidence'] }] }, 'AI')!.extensions).toEqual([{ name: 'AIPromptEvidence' }]);
    expect(plan({ plans: [{ plan: 'CloudPosture', extensions: ['EntraPermissionsManagement'] }] }, 'CloudPosture')!.extensions).toEqual([{ name: 'EntraPermissionsManagement' }]);
    expect(plan({ plans: [{ plan: 'Containers', extensions: ['ContainerSensor', 'ContainerIntegrityContribution'] }] }, 'Containers')!.extensions.map((e) => e.name))
      .toEqual(['ContainerSensor', 'ContainerIntegrityContribution']);
  });

  test('escape hatch: custom plan, sub-plan and extension names (with properties) pass through', () => {
    const plans = resolve({
      plans: [
        { plan: defenderCustomName('FuturePlan'), subPlan: { unsafeCustomName: 'P9' }, extensions: [{ unsafeCustomName: 'Feature', properties: { Level: 'High' } }] },
        { plan: 'Containers', extensions: ['ContainerSensor', { unsafeCustomName: 'NewContainersFeature' }] },
        { plan: 'VirtualMachines', subPlan: { unsafeCustomName: 'P3' } },
      ],
    });
    expect(plans[plans.length - 1]).toEqual({ plan: 'FuturePlan', subPlan: 'P9', extensions: [{ name: 'Feature', additionalExtensionProperties: { Level: 'High' } }] });
    expect(plans.find((p) => p.plan === 'Containers')!.extensions).toEqual([{ name: 'ContainerSensor' }, { name: 'NewContainersFeature' }]);
    expect(plans.find((p) => p.plan === 'VirtualMachines')).toEqual({ plan: 'VirtualMachines', subPlan: 'P3', extensions: [] });
  });

  test('typed extensions take extra properties through unsafeAdditionalProperties', () => {
    const storage = plan({
      plans: [{ plan: 'StorageAccounts', extensions: [{ name: 'OnUploadMalwareScanning', capGbPerMonthPerStorageAccount: 100, unsafeAdditionalProperties: { BlobScanResultsOptions: 'None' } }] }],
    }, 'StorageAccounts');
    expect(storage!.extensions).toEqual([{ name: 'OnUploadMalwareScanning', additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: '100', BlobScanResultsOptions: 'None' } }]);
    expect(plan({ plans: [{ plan: 'Containers', extensions: [{ name: 'ContainerSensor', unsafeAdditionalProperties: { Mode: 'x' } }] }] }, 'Containers')!.extensions)
      .toEqual([{ name: 'ContainerSensor', additionalExtensionProperties: { Mode: 'x' } }]);
  });

  test('is pure: same input, same output, input untouched', () => {
    const config: DefenderPlansConfig = { plans: [{ plan: 'VirtualMachines', subPlan: 'P1' }] };
    const copy = JSON.parse(JSON.stringify(config));
    expect(resolve(config)).toEqual(resolve(config));
    expect(config).toEqual(copy);
  });
});

describe('resolveDefenderPlans: refusals', () => {
  test('unknown plan lists the plans and names the escape hatch', () => {
    expect(() => resolveRaw({ plans: [{ plan: 'Servers' }] }))
      .toThrow(/Stack\/Defender: invalid plans\.plans\[0\]\.plan "Servers": unknown Defender plan: must be one of "AI", .*"VirtualMachines", or \{ unsafeCustomName/);
    expect(() => resolveRaw({ plans: [{ plan: 'virtualmachines' }] })).toThrow(/did you mean "VirtualMachines"\? plan names are case-sensitive/);
    expect(() => resolveRaw({ plans: [{}] })).toThrow(/invalid plans\.plans\[0\]\.plan undefined/);
  });

  test.each([
    ['ContainerRegistry', /deprecated: use plan "Containers"/],
    ['KubernetesService', /deprecated: use plan "Containers"/],
    ['Dns', /deprecated: Defender for DNS is included in Defender for Servers Plan 2: use plan "VirtualMachines" with subPlan "P2"/],
  ])('deprecated plan %s names its replacement', (name, message) => {
    expect(() => resolveRaw({ plans: [{ plan: name }] })).toThrow(message);
    expect(() => resolveRaw({ plans: [{ plan: { unsafeCustomName: name } }] })).toThrow(message);
  });

  test('the escape hatch cannot shadow a typed plan', () => {
    expect(() => resolveRaw({ plans: [{ plan: { unsafeCustomName: 'Containers' } }] }))
      .toThrow(/"Containers" is a typed plan: write plan: "Containers" instead of the escape hatch/);
  });

  test('the escape hatch cannot shadow typed sub-plans or extensions, nor carry stray keys', () => {
    expect(() => resolveRaw({ plans: [{ plan: 'VirtualMachines', subPlan: 'P1', extensions: [{ unsafeCustomName: 'AgentlessVmScanning' }] }] }))
      .toThrow(/extensions\[0\]\.unsafeCustomName "AgentlessVmScanning": "AgentlessVmScanning" is an extension the kit knows: write "AgentlessVmScanning" without the escape hatch/);
    expect(() => resolveRaw({ plans: [{ plan: 'StorageAccounts', subPlan: { unsafeCustomName: 'PerTransaction' } }] }))
      .toThrow(/subPlan\.unsafeCustomName "PerTransaction": "PerTransaction" is a sub-plan the kit knows/);
    expect(() => resolveRaw({ plans: [{ plan: { unsafeCustomName: 'New', properties: { A: 'b' } } }] }))
      .toThrow(/plans\.plans\[0\]\.plan\.properties \{"A":"b"\}: a custom plan name takes only "unsafeCustomName"/);
  });

  test('custom names must look like Azure names', () => {
    expect(() => resolveRaw({ plans: [{ plan: { unsafeCustomName: 'bad name!' } }] })).toThrow(/invalid plans\.plans\[0\]\.plan\.unsafeCustomName "bad name!"/);
    expect(() => resolveRaw({ plans: [{ plan: 'Containers', extensions: [{ unsafeCustomName: '' }] }] })).toThrow(/extensions\[0\]\.unsafeCustomName ""/);
    expect(() => resolveRaw({ plans: [{ plan: 'Containers', extensions: [{ unsafeCustomName: 'X', properties: { A: 1 } }] }] }))
      .toThrow(/extensions\[0\]\.properties\.A 1: must be a string/);
  });

  test('duplicate plan names the first entry', () => {
    expect(() => resolveRaw({ plans: [{ plan: 'KeyVaults' }, { plan: 'Arm' }, { plan: 'KeyVaults', subPlan: 'PerKeyVault' }] }))
      .toThrow(/invalid plans\.plans\[2\]\.plan "KeyVaults": duplicate plan: "KeyVaults" is already configured by plans\.plans\[0\]/);
    expect(() => resolveRaw({ plans: [{ plan: { unsafeCustomName: 'New' } }, { plan: { unsafeCustomName: 'new' } }] })).toThrow(/duplicate plan/);
  });

  test('wrong sub-plan names plan, value and allowed values', () => {
    expect(() => resolveRaw({ plans: [{ plan: 'VirtualMachines', subPlan: 'P3' }] }))
      .toThrow(/invalid plans\.plans\[0\]\.subPlan "P3": not a sub-plan of plan "VirtualMachines": must be one of "P1" or "P2"/);
    expect(() => resolveRaw({ plans: [{ plan: 'AppServices', subPlan: 'P1' }] })).toThrow(/"P1": plan "AppServices" has no sub-plans/);
    expect(() => resolveRaw({ plans: [{ plan: { unsafeCustomName: 'New' }, subPlan: 'P1' }] })).toThrow(/plan "New" is a custom plan: give its sub-plan as \{ unsafeCustomName/);
  });

  test.each([
    ['StorageAccounts', 'PerTransaction', /classic Defender for Storage is retired: use "DefenderForStorageV2"/],
    ['StorageAccounts', 'PerStorageAccount', /classic Defender for Storage is retired/],
    ['KeyVaults', 'PerTransaction', /use "PerKeyVault"/],
    ['Arm', 'PerApiCall', /use "PerSubscription"/],
  ])('legacy sub-plan %s/%s names its replacement', (name, subPlan, message) => {
    expect(() => resolveRaw({ plans: [{ plan: name, subPlan }] })).toThrow(message);
  });

  test('wrong extension names plan, value and allowed values', () => {
    expect(() => resolveRaw({ plans: [{ plan: 'StorageAccounts', extensions: ['ContainerSensor'] }] }))
      .toThrow(/invalid plans\.plans\[0\]\.extensions\[0\] "ContainerSensor": not an extension of plan "StorageAccounts" with sub-plan "DefenderForStorageV2": must be one of "OnUploadMalwareScanning" or "SensitiveDataDiscovery"/);
    expect(() => resolveRaw({ plans: [{ plan: 'KeyVaults', extensions: ['OnUploadMalwareScanning'] }] })).toThrow(/plan "KeyVaults" with sub-plan "PerKeyVault" has no extensions/);
    expect(() => resolveRaw({ plans: [{ plan: 'VirtualMachines', subPlan: 'P1', extensions: ['AgentlessVmScanning'] }] }))
      .toThrow(/not an extension of plan "VirtualMachines" with sub-plan "P1": must be "MdeDesignatedSubscription" \("AgentlessVmScanning" needs sub-plan "P2"\)/);
  });

  test('duplicate extension', () => {
    expect(() => resolveRaw({ plans: [{ plan: 'Containers', extensions: ['ContainerSensor', { name: 'ContainerSensor' }] }] }))
      .toThrow(/extensions\[1\] "ContainerSensor": duplicate extension of plan "Containers"/);
  });

  test.each([0, -2, 1.5, '100'])('malware scanning cap %p is refused', (cap) => {
    expect(() => resolveRaw({ plans: [{ plan: 'StorageAccounts', extensions: [{ name: 'OnUploadMalwareScanning', capGbPerMonthPerStorageAccount: cap }] }] }))
      .toThrow(/extensions\[0\]\.capGbPerMonthPerStorageAccount .*: must be a positive whole number of GB per storage account and month, or -1 for no cap/);
  });

  test('extension properties that do not belong to the extension', () => {
    expect(() => resolveRaw({ plans: [{ plan: 'StorageAccounts', extensions: [{ name: 'SensitiveDataDiscovery', capGbPerMonthPerStorageAccount: 5 }] }] }))
      .toThrow(/extensions\[0\]\.capGbPerMonthPerStorageAccount 5: not a setting of extension "SensitiveDataDiscovery" of plan "StorageAccounts", which takes "name"/);
    expect(() => resolveRaw({ plans: [{ plan: 'VirtualMachines', extensions: [{ name: 'FileIntegrityMonitoring', workspaceId: '/subscriptions/x' }] }] }))
      .toThrow(/workspaceId "\/subscriptions\/x": must be the resource id of a Microsoft.OperationalInsights\/workspaces/);
  });

  test('unsafeAdditionalProperties cannot bypass a typed property', () => {
    expect(() => resolveRaw({ plans: [{ plan: 'StorageAccounts', extensions: [{ name: 'OnUploadMalwareScanning', unsafeAdditionalProperties: { capgbpermonthperstorageaccount: '0' } }] }] }))
      .toThrow(/unsafeAdditionalProperties\.capgbpermonthperstorageaccount "0": "CapGBPerMonthPerStorageAccount" is typed: set it through its own setting of extension "OnUploadMalwareScanning"/);
    expect(() => resolveRaw({ plans: [{ plan: 'VirtualMachines', extensions: [{ name: 'FileIntegrityMonitoring', workspaceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law', unsafeAdditionalProperties: { DefinedWorkspaceId: 'x' } }] }] }))
      .toThrow(/"DefinedWorkspaceId" is typed/);
    expect(() => resolveRaw({ plans: [{ plan: 'Containers', extensions: [{ name: 'ContainerSensor', unsafeAdditionalProperties: { 'bad key': 'x' } }] }] }))
      .toThrow(/unsafeAdditionalProperties\.bad key "bad key": property names are letters, digits and "_"/);
  });

  test('shape errors: config, plans list, entry keys, enabled', () => {
    expect(() => resolveRaw('recommended')).toThrow(/invalid plans "recommended": must be an object \{ recommended\?, plans\? \}/);
    expect(() => resolveRaw({ plans: [{ plan: 'Containers', extensions: [{ unsafeCustomName: 'X', properties: 'A=1' }] }] }))
      .toThrow(/extensions\[0\]\.properties "A=1": must be an object of string values/);
    expect(() => resolveRaw({ plans: [{ plan: 'VirtualMachines', extensions: [{ name: 'FileIntegrityMonitoring', workspaceId: 42 }] }] }))
      .toThrow(/extensions\[0\]\.workspaceId 42: must be a Log Analytics workspace resource id/);
    expect(() => resolveRaw({ recommended: 'yes' })).toThrow(/plans\.recommended "yes": must be true or false/);
    expect(() => resolveRaw({ plan: [] })).toThrow(/plans\.plan \[\]: unknown property/);
    expect(() => resolveRaw({ plans: { plan: 'AI' } })).toThrow(/plans\.plans .*must be a list of plan entries/);
    expect(() => resolveRaw({ plans: ['AI'] })).toThrow(/plans\.plans\[0\] "AI": must be a plan entry/);
    expect(() => resolveRaw({ plans: [{ plan: 'AI', tier: 'Free' }] })).toThrow(/plans\.plans\[0\]\.tier "Free": unknown property/);
    expect(() => resolveRaw({ plans: [{ plan: 'AI', enabled: 'no' }] })).toThrow(/plans\.plans\[0\]\.enabled "no": must be true or false/);
    expect(() => resolveRaw({ plans: [{ plan: 'AI', enabled: false, extensions: ['AIPromptEvidence'] }] })).toThrow(/plan "AI" is disabled: remove its subPlan and extensions/);
    expect(() => resolveRaw({ plans: [{ plan: 'AI', extensions: 'AIPromptEvidence' }] })).toThrow(/extensions "AIPromptEvidence": must be a list/);
  });
});
