import { createHash } from 'crypto';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { DefenderForCloud } from '../../lib/defender';
import { QuarantinedContainerRegistry, quarantinedRegistryPolicyExemptions, QuarantinedContainerRegistryProps } from '../../lib/registry';
import { annotationIds, warnings } from '../helpers/annotations';
import { inFreshStack } from '../helpers/construct';
import { Synthesized, testStack, wrap } from '../helpers/synth';
import { KitPolicyAssignment } from '../../lib/policy';

/** The hash cdktf puts at the end of a logical id: the first 8 hex digits of the MD5 of the path, upper case. */
const md5Prefix = (p: string) => createHash('md5').update(p).digest('hex').slice(0, 8).toUpperCase();

const SUB = '00000000-0000-0000-0000-000000000001';
const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const SUBNET = `${VNET}/subnets/snet-pe`;
const SPOKE = `/subscriptions/${SUB}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-aks`;
const ZONE = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
const KUBELET = '11111111-1111-1111-1111-111111111111';
const PIPELINE = '22222222-2222-2222-2222-222222222222';
const SCANNER = '33333333-3333-3333-3333-333333333333';

const BASE: QuarantinedContainerRegistryProps = {
  name: 'contosoapps',
  resourceGroupName: 'rg-acr',
  location: 'westeurope',
  privateEndpointSubnetId: SUBNET,
};

interface Built {
  out: Synthesized;
  registry: QuarantinedContainerRegistry;
  /** Warnings of the registry and everything in it. */
  warnings: string[];
  /** Ids of its warnings and infos. */
  ids: string[];
}

/** Builds a registry (plus whatever `extra` adds) and synthesizes with validations on. */
function build(props: Partial<QuarantinedContainerRegistryProps> = {}, extra?: (stack: Construct, r: QuarantinedContainerRegistry) => void,
  before?: (stack: Construct) => void): Built {
  const { stack } = testStack();
  before?.(stack);
  const registry = new QuarantinedContainerRegistry(stack, 'Acr', { ...BASE, ...props } as QuarantinedContainerRegistryProps);
  extra?.(stack, registry);
  const out = wrap(Testing.synth(stack as TerraformStack, true));
  return { out, registry, warnings: warnings(registry, { deep: true }), ids: annotationIds(registry, { deep: true }) };
}

/** Construct-only (no synth), for validation errors. */
function make(props: Partial<QuarantinedContainerRegistryProps>): QuarantinedContainerRegistry {
  return inFreshStack((stack) => new QuarantinedContainerRegistry(stack, 'Acr', { ...BASE, ...props } as QuarantinedContainerRegistryProps));
}

function byName(out: Synthesized, type: string, name: string): Record<string, unknown> {
  const found = out.list(type).find((r) => r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
}

/** Role assignments as "role @ scope -> principal" lines, sorted. */
function roles(out: Synthesized): string[] {
  return out.list('azurerm_role_assignment')
    .map((r) => `${r.role_definition_name} @ ${r.scope} -> ${r.principal_id} (${r.principal_type})`).sort();
}

const TRUSTED = '${azurerm_container_registry.Acr_CEB9FBBA.id}';
const QUARANTINE = '${azurerm_container_registry.Acr_Quarantine_389E9DA6.id}';

describe('QuarantinedContainerRegistry defaults (twoRegistries)', () => {
  const built = build();
  const { out } = built;

  test('snapshot', () => {
    expect(out.json).toMatchSnapshot();
  });

  test('two hardened Premium registries; quarantine only on the quarantine registry', () => {
    expect(out.count('azurerm_container_registry')).toBe(2);
    for (const name of ['contosoapps', 'contosoappsq']) {
      expect(byName(out, 'azurerm_container_registry', name)).toMatchObject({
        sku: 'Premium',
        admin_enabled: false,
        anonymous_pull_enabled: false,
        public_network_access_enabled: false,
        network_rule_bypass_option: 'AzureServices',
        retention_policy_in_days: 7,
        zone_redundancy_enabled: true,
        data_endpoint_enabled: true,
        location: 'westeurope',
        resource_group_name: 'rg-acr',
        lifecycle: { prevent_destroy: true },
      });
    }
    expect(byName(out, 'azurerm_container_registry', 'contosoappsq').quarantine_policy_enabled).toBe(true);
    expect(byName(out, 'azurerm_container_registry', 'contosoapps').quarantine_policy_enabled).toBe(false);
    // Export off on the registry clusters pull from; on for the quarantine registry, because ACR refuses
    // `az acr import` from a registry whose export policy is disabled, and promotion imports from it.
    expect(byName(out, 'azurerm_container_registry', 'contosoapps').export_policy_enabled).toBe(false);
    expect(byName(out, 'azurerm_container_registry', 'contosoappsq').export_policy_enabled).toBe(true);
    expect(byName(out, 'azurerm_container_registry', 'contosoapps')).not.toHaveProperty('trust_policy_enabled');
  });

  test('a private endpoint per registry, subresource registry, with a DNS zone group on the created zone', () => {
    expect(out.count('azurerm_private_endpoint')).toBe(2);
    expect(byName(out, 'azurerm_private_endpoint', 'pe-contosoapps')).toMatchObject({
      subnet_id: SUBNET,
      location: 'westeurope',
      private_service_connection: {
        private_connection_resource_id: TRUSTED,
        subresource_names: ['registry'],
        is_manual_connection: false,
      },
      private_dns_zone_group: { name: 'default', private_dns_zone_ids: ['${azurerm_private_dns_zone.Acr_PrivateDnsZone_2C52FA98.id}'] },
    });
    expect(byName(out, 'azurerm_private_endpoint', 'pe-contosoappsq').private_service_connection)
      .toMatchObject({ private_connection_resource_id: QUARANTINE, subresource_names: ['registry'] });
  });

  test('the privatelink.azurecr.io zone is linked to the endpoint subnet\'s VNet', () => {
    expect(out.only('azurerm_private_dns_zone')).toMatchObject({
      name: 'privatelink.azurecr.io', resource_group_name: 'rg-acr',
      // Every private endpoint of the linked networks registers its records here: the zone is protected (issue 11 item 10).
      lifecycle: { prevent_destroy: true },
    });
    expect(out.only('azurerm_private_dns_zone_virtual_network_link')).toMatchObject({
      virtual_network_id: VNET,
      registration_enabled: false,
      resource_group_name: 'rg-acr',
      private_dns_zone_name: '${azurerm_private_dns_zone.Acr_PrivateDnsZone_2C52FA98.name}',
    });
  });

  test('scanner and promoter identities are created with least-privilege roles on the right registry', () => {
    expect(out.list('azurerm_user_assigned_identity').map((i) => i.name).sort())
      .toEqual(['id-contosoapps-promoter', 'id-contosoappsq-scanner']);
    const scanner = '${azurerm_user_assigned_identity.Acr_ScannerIdentity_676D87C7.principal_id}';
    const promoter = '${azurerm_user_assigned_identity.Acr_PromoterIdentity_4ADECC00.principal_id}';
    expect(roles(out)).toEqual([
      `AcrPull @ ${QUARANTINE} -> ${promoter} (ServicePrincipal)`,
      `AcrQuarantineWriter @ ${QUARANTINE} -> ${scanner} (ServicePrincipal)`,
      `Container Registry Data Importer and Data Reader @ ${TRUSTED} -> ${promoter} (ServicePrincipal)`,
    ]);
  });

  test('attributes', () => {
    const r = built.registry;
    expect(r.mode).toBe('twoRegistries');
    expect(r.trustedLoginServer).toBe('contosoapps.azurecr.io');
    expect(r.quarantineLoginServer).toBe('contosoappsq.azurecr.io');
    expect(r.trustedRegistryName).toBe('contosoapps');
    expect(r.quarantineRegistryName).toBe('contosoappsq');
    expect(r.allowedImagesRegex).toBe('^contosoapps\\.azurecr\\.io/.+$');
    expect(r.trustedRegistryId).toMatch(/^\$\{TfToken/);
    expect(r.scannerIdentity).toBeDefined();
    expect(r.promoterIdentity).toBeDefined();
    expect(r.allowedImagesAssignmentId).toBeUndefined();
  });

  test('no policy assignment and no outputs', () => {
    expect(out.count('azurerm_subscription_policy_assignment')).toBe(0);
    expect(out.json.output).toBeUndefined();
  });

  test('warnings for the missing guardrail and the unchecked Defender plan, and nothing else', () => {
    expect(built.warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/No allowedImagesScope/),
      expect.stringMatching(/Defender for Containers must be enabled/),
    ]));
    expect(built.ids.sort()).toEqual(['guardrails:registry:defender-for-containers-unchecked', 'guardrails:registry:no-allowed-images-scope']);
  });
});

describe('native mode', () => {
  test('one registry with quarantine, scanner AcrQuarantineWriter, consumers AcrPull, pipelines AcrPush, all on it', () => {
    const { out, registry } = build({
      mode: 'native',
      pullPrincipals: [{ name: 'aks', principalId: KUBELET }],
      pushPrincipals: [{ name: 'ci', principalId: PIPELINE, principalType: 'ServicePrincipal' }],
    }, (_s, r) => r.grantQuarantineReader('auditor', '44444444-4444-4444-4444-444444444444', { principalType: 'Group' }));
    expect(out.count('azurerm_container_registry')).toBe(1);
    expect(out.only('azurerm_container_registry')).toMatchObject({ name: 'contosoapps', quarantine_policy_enabled: true, export_policy_enabled: false });
    expect(out.count('azurerm_private_endpoint')).toBe(1);
    expect(out.list('azurerm_user_assigned_identity').map((i) => i.name)).toEqual(['id-contosoapps-scanner']);
    const scanner = '${azurerm_user_assigned_identity.Acr_ScannerIdentity_676D87C7.principal_id}';
    expect(roles(out)).toEqual([
      `AcrPull @ ${TRUSTED} -> ${KUBELET} (ServicePrincipal)`,
      `AcrPush @ ${TRUSTED} -> ${PIPELINE} (ServicePrincipal)`,
      `AcrQuarantineReader @ ${TRUSTED} -> 44444444-4444-4444-4444-444444444444 (Group)`,
      `AcrQuarantineWriter @ ${TRUSTED} -> ${scanner} (ServicePrincipal)`,
    ]);
    expect(registry.quarantineRegistry).toBe(registry.trustedRegistry);
    expect(registry.promoterPrincipalId).toBeUndefined();
  });

  test('native quarantine is a preview feature: an info note', () => {
    expect(build({ mode: 'native' }).ids).toContain('guardrails:registry:native-quarantine-preview');
  });

  test('native mode without quarantine warns that images are pullable before any scan', () => {
    const { warnings: warned, ids } = build({ mode: 'native', quarantinePolicyEnabled: false });
    expect(warned).toEqual(expect.arrayContaining([expect.stringMatching(/pushed images are pullable before any scan/)]));
    expect(ids).toContain('guardrails:registry:native-quarantine-off');
  });
});

describe('grants in twoRegistries mode', () => {
  test('pull on trusted only, push and quarantine roles on quarantine only, deterministic construct ids', () => {
    const { out } = build({ scannerPrincipalId: SCANNER, scannerPrincipalType: 'ServicePrincipal', promoterPrincipalId: PIPELINE },
      (_s, r) => {
        r.grantPull('aks', KUBELET);
        r.grantPush('ci', PIPELINE, { principalType: 'User' });
      });
    expect(out.count('azurerm_user_assigned_identity')).toBe(0);
    expect(roles(out)).toEqual([
      `AcrPull @ ${QUARANTINE} -> ${PIPELINE} (ServicePrincipal)`,
      `AcrPull @ ${TRUSTED} -> ${KUBELET} (ServicePrincipal)`,
      `AcrPush @ ${QUARANTINE} -> ${PIPELINE} (User)`,
      `AcrQuarantineWriter @ ${QUARANTINE} -> ${SCANNER} (ServicePrincipal)`,
      `Container Registry Data Importer and Data Reader @ ${TRUSTED} -> ${PIPELINE} (ServicePrincipal)`,
    ].sort());
    expect(Object.keys(out.resources('azurerm_role_assignment')).map((k) => k.replace(/_[0-9A-F]{8}$/, '')).sort()).toEqual([
      'Acr_Access_PromoteSource-promoter', 'Acr_Access_PromoteTarget-promoter', 'Acr_Access_Pull-aks',
      'Acr_Access_Push-ci', 'Acr_Access_QuarantineWriter-scanner',
    ]);
  });

  test('quarantine off on the quarantine registry warns', () => {
    const { out, warnings: warned, ids } = build({ quarantinePolicyEnabled: false });
    expect(out.list('azurerm_container_registry').map((r) => r.quarantine_policy_enabled)).toEqual([false, false]);
    expect(warned).toEqual(expect.arrayContaining([expect.stringMatching(/promotion job must check scan results/)]));
    expect(ids).toContain('guardrails:registry:quarantine-off');
  });
});

describe('allowed-images guardrail', () => {
  const paramsOf = (r: Record<string, unknown>) => JSON.parse(r.parameters as string);

  test('subscription scope: the built-in with the trusted registry regex and effect Deny', () => {
    const { out, registry, ids } = build({ allowedImagesScope: `/subscriptions/${SUB}` });
    const a = out.only('azurerm_subscription_policy_assignment');
    expect(a).toMatchObject({
      name: 'acr-allowed-images',
      subscription_id: `/subscriptions/${SUB}`,
      policy_definition_id: '/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469',
    });
    expect(paramsOf(a)).toEqual({
      allowedContainerImagesRegex: { value: '^contosoapps\\.azurecr\\.io/.+$' },
      effect: { value: 'Deny' },
    });
    expect(registry.allowedImagesAssignmentId).toMatch(/TfToken/);
    expect(ids).not.toContain('guardrails:registry:no-allowed-images-scope');
  });

  test('resource group scope with effect and excluded namespaces', () => {
    const rg = `/subscriptions/${SUB}/resourceGroups/rg-aks`;
    const { out } = build({ allowedImagesScope: rg, allowedImagesEffect: 'Audit', allowedImagesExcludedNamespaces: ['kube-system', 'gatekeeper-system'] });
    const a = out.only('azurerm_resource_group_policy_assignment');
    expect(a.resource_group_id).toBe(rg);
    expect(paramsOf(a)).toEqual({
      allowedContainerImagesRegex: { value: '^contosoapps\\.azurecr\\.io/.+$' },
      effect: { value: 'Audit' },
      excludedNamespaces: { value: ['kube-system', 'gatekeeper-system'] },
    });
  });

  test('the assignment is a KitPolicyAssignment of the built-in, enforced, at the address the registry always gave it', () => {
    const { out, registry } = build({ allowedImagesScope: `/subscriptions/${SUB}` });
    expect(registry.allowedImagesAssignment).toBeInstanceOf(KitPolicyAssignment);
    expect(registry.allowedImagesAssignment!.node.path).toBe('test/Acr/AllowedImages');
    // The address of "<registry>/AllowedImages", not "<registry>/AllowedImages/Resource": existing deployments keep it.
    expect(Object.keys(out.resources('azurerm_subscription_policy_assignment'))).toEqual([`Acr_AllowedImages_${md5Prefix('Acr/AllowedImages')}`]);
    expect(out.only('azurerm_subscription_policy_assignment')).toMatchObject({ enforce: true });
    expect(out.only('azurerm_subscription_policy_assignment')).not.toHaveProperty('identity');
  });

  test('management group scope', () => {
    const mg = '/providers/Microsoft.Management/managementGroups/landingzones';
    const { out } = build({ allowedImagesScope: mg, allowedImagesAssignmentName: 'aks-images' });
    expect(out.only('azurerm_management_group_policy_assignment')).toMatchObject({ management_group_id: mg, name: 'aks-images' });
    expect(out.count('azurerm_subscription_policy_assignment') + out.count('azurerm_resource_group_policy_assignment')).toBe(0);
  });
});

describe('registry options', () => {
  const zoneRedundancy = (props: Partial<QuarantinedContainerRegistryProps>) =>
    build(props).out.list('azurerm_container_registry').map((r) => r.zone_redundancy_enabled);

  test('no zone redundancy where the region has no zones', () => {
    expect(zoneRedundancy({ location: 'westcentralus', privateEndpointLocation: 'westeurope' })).toEqual([false, false]);
  });

  test('zoneRedundantRegions overrides the table of zonal regions', () => {
    expect(zoneRedundancy({ location: 'westcentralus', zoneRedundantRegions: ['westcentralus'] })).toEqual([true, true]);
  });

  test('zoneRedundancyEnabled overrides the table', () => {
    expect(zoneRedundancy({ zoneRedundancyEnabled: false })).toEqual([false, false]);
  });

  test('private endpoint location follows privateEndpointLocation', () => {
    const { out } = build({ location: 'westcentralus', privateEndpointLocation: 'westeurope' });
    expect(out.list('azurerm_private_endpoint').map((p) => p.location)).toEqual(['westeurope', 'westeurope']);
  });

  test('geo-replicas on the trusted registry only, zone redundant where the region has zones', () => {
    const { out } = build({ replicaLocations: ['northeurope', 'westcentralus'] });
    expect(byName(out, 'azurerm_container_registry', 'contosoapps').georeplications).toEqual([
      { location: 'northeurope', zone_redundancy_enabled: true },
      { location: 'westcentralus', zone_redundancy_enabled: false },
    ]);
    expect(byName(out, 'azurerm_container_registry', 'contosoappsq')).not.toHaveProperty('georeplications');
  });

  test('geo-replicas are rendered in alphabetical order of location (azurerm reads them back sorted: no perpetual diff)', () => {
    const { out } = build({ replicaLocations: ['westcentralus', 'francesouth', 'northeurope'] });
    const replicas = byName(out, 'azurerm_container_registry', 'contosoapps').georeplications as { location: string }[];
    expect(replicas.map((r) => r.location)).toEqual(['francesouth', 'northeurope', 'westcentralus']);
  });

  test('customer-managed key: user-assigned identity and encryption on every registry', () => {
    const identityId = `/subscriptions/${SUB}/resourceGroups/rg-kv/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-cmk`;
    const { out } = build({
      customerManagedKey: { keyVaultKeyId: 'https://kv-contoso.vault.azure.net/keys/acr', identityId, identityClientId: '55555555-5555-5555-5555-555555555555' },
    });
    for (const r of out.list('azurerm_container_registry')) {
      expect(r.identity).toEqual({ type: 'UserAssigned', identity_ids: [identityId] });
      expect(r.encryption).toEqual([{ key_vault_key_id: 'https://kv-contoso.vault.azure.net/keys/acr', identity_client_id: '55555555-5555-5555-5555-555555555555' }]);
    }
  });

  test('retention days on every registry', () => {
    expect(build({ retentionDays: 30 }).out.list('azurerm_container_registry').map((r) => r.retention_policy_in_days)).toEqual([30, 30]);
  });

  test('prevent_destroy can be opted out of', () => {
    const out = build({ preventDestroy: false }).out;
    for (const r of out.list('azurerm_container_registry')) expect(r).not.toHaveProperty('lifecycle');
    expect(out.only('azurerm_private_dns_zone')).not.toHaveProperty('lifecycle');
  });

  test('tags on every registry', () => {
    expect(build({ tags: { env: 'prod' } }).out.list('azurerm_container_registry').map((r) => r.tags)).toEqual([{ env: 'prod' }, { env: 'prod' }]);
  });

  test('an existing zone: no zone created, no links unless VNets are given, links in the zone\'s group', () => {
    const none = build({ privateDnsZoneId: ZONE }).out;
    expect(none.count('azurerm_private_dns_zone')).toBe(0);
    expect(none.count('azurerm_private_dns_zone_virtual_network_link')).toBe(0);
    expect(none.list('azurerm_private_endpoint').map((p) => (p.private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids))
      .toEqual([[ZONE], [ZONE]]);

    const linked = build({ privateDnsZoneId: ZONE, privateDnsVirtualNetworkIds: [VNET, SPOKE] }).out;
    expect(linked.list('azurerm_private_dns_zone_virtual_network_link').map((l) => [l.name, l.resource_group_name, l.private_dns_zone_name, l.virtual_network_id]))
      .toEqual([
        ['vnet-hub-acr', 'rg-dns', 'privatelink.azurecr.io', VNET],
        ['vnet-aks-acr', 'rg-dns', 'privatelink.azurecr.io', SPOKE],
      ]);
  });

  test('a subnet id token: the zone is linked to the VNet part of the id, computed by Terraform', () => {
    const { stack } = testStack();
    const subnet = new TerraformVariable(stack, 'subnet', { type: 'string' });
    new QuarantinedContainerRegistry(stack, 'Acr', { ...BASE, mode: 'native', privateEndpointSubnetId: subnet.stringValue });
    const out = wrap(Testing.synth(stack as TerraformStack, true));
    expect(out.only('azurerm_private_endpoint').subnet_id).toBe('${var.subnet}');
    expect(out.only('azurerm_private_dns_zone_virtual_network_link').virtual_network_id)
      .toBe('${join("/", slice(split("/", var.subnet), 0, 9))}');
  });

  test('diagnostic settings on each registry when a log destination is given', () => {
    const workspaceId = `/subscriptions/${SUB}/resourceGroups/rg-siem/providers/Microsoft.OperationalInsights/workspaces/law`;
    const { out } = build({ logDestination: { workspaceId } });
    const settings = out.list('azurerm_monitor_diagnostic_setting');
    expect(settings.map((s) => s.target_resource_id).sort()).toEqual([TRUSTED, QUARANTINE].sort());
    for (const s of settings) {
      expect(s).toMatchObject({ log_analytics_workspace_id: workspaceId, enabled_log: [{ category_group: 'allLogs' }] });
      // Registries have only resource-specific tables: Azure reads a destination type back as null, a diff on every plan.
      expect(s).not.toHaveProperty('log_analytics_destination_type');
    }
  });

  test('public access without a private endpoint is possible with export on, and warns', () => {
    const { out, warnings: warned, ids } = build({ publicNetworkAccessEnabled: true, exportPolicyEnabled: true, privateEndpointSubnetId: undefined });
    expect(out.count('azurerm_private_endpoint')).toBe(0);
    expect(out.count('azurerm_private_dns_zone')).toBe(0);
    expect(out.list('azurerm_container_registry').map((r) => r.public_network_access_enabled)).toEqual([true, true]);
    expect(warned).toEqual(expect.arrayContaining([expect.stringMatching(/publicNetworkAccessEnabled is true/)]));
    expect(ids).toContain('guardrails:registry:public-network-access');
  });

  test('network rule bypass None warns that Defender scanning and import stop working', () => {
    const { out, warnings: warned, ids } = build({ networkRuleBypassOption: 'None' });
    expect(out.list('azurerm_container_registry').map((r) => r.network_rule_bypass_option)).toEqual(['None', 'None']);
    // No import without trusted services: promotion copies with push/pull, so the quarantine registry keeps export off.
    expect(out.list('azurerm_container_registry').map((r) => r.export_policy_enabled)).toEqual([false, false]);
    expect(warned).toEqual(expect.arrayContaining([expect.stringMatching(/Defender for Containers cannot scan/)]));
    expect(ids).toContain('guardrails:registry:trusted-services-blocked');
  });
});

describe('Defender for Containers', () => {
  const withoutContainers = { plans: { recommended: false, plans: [{ plan: 'VirtualMachines' as const }] } };

  test('a DefenderForCloud without Containers created first fails at construction', () => {
    const { stack } = testStack();
    new DefenderForCloud(stack, 'Defender', withoutContainers);
    expect(() => new QuarantinedContainerRegistry(stack, 'Acr', BASE))
      .toThrow(/Acr: invalid DefenderForCloud "test\/Defender": enables no "Containers" plan: Defender for Containers must be on/);
  });

  test('a DefenderForCloud without Containers created later fails at synthesis', () => {
    expect(() => build({}, (stack) => new DefenderForCloud(stack, 'Defender', withoutContainers)))
      .toThrow(/enables no "Containers" plan/);
  });

  test('Containers on: no Defender warning', () => {
    const { ids } = build({}, undefined, (stack) => new DefenderForCloud(stack, 'Defender'));
    expect(ids.filter((id) => /defender|vulnerability/.test(id))).toEqual([]);
  });

  test('Containers on without registry vulnerability assessment: warning', () => {
    const { warnings: warned, ids } = build({}, (stack) => new DefenderForCloud(stack, 'Defender', {
      plans: { recommended: false, plans: [{ plan: 'Containers', extensions: ['ContainerSensor'] }] },
    }));
    expect(warned).toEqual(expect.arrayContaining([expect.stringMatching(/without the "ContainerRegistriesVulnerabilityAssessments" extension/)]));
    expect(ids).toContain('guardrails:registry:no-registry-vulnerability-assessment');
  });
});

describe('bad input', () => {
  test.each<[string, Partial<QuarantinedContainerRegistryProps>, RegExp]>([
    ['non-Premium with quarantine', { sku: 'Standard' },
      /Acr: invalid sku "Standard": quarantine \(quarantinePolicyEnabled\), private link .* need sku "Premium"/],
    ['non-Premium with private link only', { sku: 'Basic', quarantinePolicyEnabled: false, retentionEnabled: false, exportPolicyEnabled: true },
      /invalid sku "Basic": private link \(privateEndpointSubnetId\) need sku "Premium"/],
    ['non-Premium with geo-replicas', { sku: 'Standard', quarantinePolicyEnabled: false, retentionEnabled: false, exportPolicyEnabled: true, publicNetworkAccessEnabled: true, privateEndpointSubnetId: undefined, replicaLocations: ['northeurope'] },
      /invalid sku "Standard": geo-replication \(replicaLocations\) need sku "Premium"/],
    ['unknown SKU', { sku: 'Gold' as never }, /invalid sku "Gold": must be one of "Basic", "Standard" or "Premium"/],
    ['registry name too short', { name: 'acr' }, /invalid name "acr": must be 5-50 letters and digits .*globally unique/],
    ['registry name with a hyphen', { name: 'contoso-apps' }, /invalid name "contoso-apps": must be 5-50 letters and digits/],
    ['derived quarantine name too long', { name: 'a'.repeat(50) }, /invalid quarantineRegistryName "a{50}q": .*derived from name: set quarantineRegistryName/],
    ['quarantine name equal to name', { quarantineRegistryName: 'ContosoApps' }, /invalid quarantineRegistryName "ContosoApps": must differ from name/],
    ['quarantine name in native mode', { mode: 'native', quarantineRegistryName: 'contosoq' }, /only used with mode "twoRegistries"/],
    ['promoter in native mode', { mode: 'native', promoterPrincipalId: PIPELINE }, /invalid promoterPrincipalId .*only used with mode "twoRegistries"/],
    ['unknown mode', { mode: 'single' as never }, /invalid mode "single": must be one of "native" or "twoRegistries"/],
    ['subnet id of a VNet', { privateEndpointSubnetId: VNET },
      /invalid privateEndpointSubnetId ".*vnet-hub": must be the resource id of a Microsoft.Network\/virtualNetworks\/subnets/],
    ['subnet id that is a name', { privateEndpointSubnetId: 'snet-pe' }, /invalid privateEndpointSubnetId "snet-pe"/],
    ['no private endpoint while public access is off', { privateEndpointSubnetId: undefined },
      /invalid privateEndpointSubnetId undefined: is required while public network access is disabled/],
    ['export disabled with public access', { publicNetworkAccessEnabled: true }, /invalid exportPolicyEnabled false: can only be false while publicNetworkAccessEnabled is false/],
    ['replica equal to the home region', { replicaLocations: ['westeurope'] }, /invalid replicaLocations\[0\] "westeurope": must differ from the home region/],
    ['duplicate replicas', { replicaLocations: ['northeurope', 'northeurope'] }, /invalid replicaLocations\[1\] "northeurope": is listed twice/],
    ['replica not an ARM region name', { replicaLocations: ['North Europe'] }, /invalid replicaLocations\[0\] "North Europe": must be an Azure region name/],
    ['retention 0 days', { retentionDays: 0 }, /invalid retentionDays 0: must be a whole number from 1 to 365/],
    ['retention 366 days', { retentionDays: 366 }, /invalid retentionDays 366: must be a whole number from 1 to 365/],
    ['location with spaces', { location: 'West Europe' }, /invalid location "West Europe"/],
    ['DNS zone with another name', { privateDnsZoneId: ZONE.replace('privatelink.azurecr.io', 'contoso.com') },
      /invalid privateDnsZoneId ".*contoso.com": must be the id of a private DNS zone named "privatelink.azurecr.io"/],
    ['DNS zone id of a wrong type', { privateDnsZoneId: VNET }, /invalid privateDnsZoneId .*Microsoft.Network\/privateDnsZones/],
    ['VNet link id of a subnet', { privateDnsVirtualNetworkIds: [SUBNET] }, /invalid privateDnsVirtualNetworkIds\[0\] .*Microsoft.Network\/virtualNetworks/],
    ['the same VNet twice', { privateDnsVirtualNetworkIds: [VNET, VNET] }, /invalid privateDnsVirtualNetworkIds\[1\] .*is listed twice/],
    ['CMK key that is not a key id', { customerManagedKey: { keyVaultKeyId: 'acr-key', identityId: `${VNET}`, identityClientId: KUBELET } },
      /invalid customerManagedKey.keyVaultKeyId "acr-key": must be a Key Vault key id/],
    ['CMK identity of a wrong type', { customerManagedKey: { keyVaultKeyId: 'https://kv-contoso.vault.azure.net/keys/acr', identityId: VNET, identityClientId: KUBELET } },
      /invalid customerManagedKey.identityId .*userAssignedIdentities/],
    ['scanner id that is not a GUID', { scannerPrincipalId: 'scanner' }, /invalid scannerPrincipalId "scanner": must be a GUID/],
    ['consumer with a bad principal type', { pullPrincipals: [{ name: 'aks', principalId: KUBELET, principalType: 'App' as never }] },
      /invalid pullPrincipals\[0\].principalType "App": must be one of "ServicePrincipal", "User" or "Group"/],
    ['consumer name with a slash', { pullPrincipals: [{ name: 'aks/prod', principalId: KUBELET }] }, /invalid pullPrincipals\[0\].name "aks\/prod"/],
    ['two consumers with one name', { pullPrincipals: [{ name: 'aks', principalId: KUBELET }, { name: 'aks', principalId: PIPELINE }] },
      /invalid id "aks": is already used for Pull: each grant needs its own id/],
    ['allowed-images scope of a resource', { allowedImagesScope: VNET }, /invalid allowedImagesScope .*must be a subscription id/],
    ['allowed-images effect', { allowedImagesScope: `/subscriptions/${SUB}`, allowedImagesEffect: 'Deny ' as never }, /invalid allowedImagesEffect "Deny ": must be one of "Deny", "Audit" or "Disabled"/],
    ['management-group assignment name over 24 characters', {
      allowedImagesScope: '/providers/Microsoft.Management/managementGroups/lz', allowedImagesAssignmentName: 'allowed-images-for-all-clusters',
    }, /invalid allowedImagesAssignmentName "allowed-images-for-all-clusters": must be 1-24 characters/],
    // azurerm's policy assignment name validation refuses '#' (Azure itself refuses <>*%&:\?.+/).
    ['assignment name with a hash', { allowedImagesScope: `/subscriptions/${SUB}`, allowedImagesAssignmentName: 'acr#images' },
      /invalid allowedImagesAssignmentName "acr#images": must be 1-64 characters without/],
    ['excluded namespace that is not a namespace name', { allowedImagesScope: `/subscriptions/${SUB}`, allowedImagesExcludedNamespaces: ['Kube_System'] },
      /invalid allowedImagesExcludedNamespaces\[0\] "Kube_System"/],
    ['log destination without a target', { logDestination: {} }, /invalid logDestination \{\}: must set workspaceId, eventHubAuthorizationRuleId, or both/],
    ['login server suffix', { loginServerSuffix: '.azurecr.io' }, /invalid loginServerSuffix ".azurecr.io"/],
    ['network rule bypass', { networkRuleBypassOption: 'AllowAll' as never }, /invalid networkRuleBypassOption "AllowAll": must be one of "AzureServices" or "None"/],
  ])('%s', (_why, props, message) => {
    expect(() => make(props)).toThrow(message);
  });

  test('grantPromote needs mode twoRegistries', () => {
    expect(() => make({ mode: 'native' }).grantPromote('promoter', PIPELINE)).toThrow(/invalid grantPromote "promoter": needs mode "twoRegistries"/);
  });

  test('grant methods validate the id', () => {
    expect(() => make({}).grantPull('aks cluster', KUBELET)).toThrow(/invalid id "aks cluster": must be 1-64 letters/);
  });

  test('grant methods validate the principal', () => {
    expect(() => make({}).grantPull('aks', 'kubelet')).toThrow(/invalid principalId "kubelet": must be a GUID/);
    expect(() => make({}).grantPush('ci', PIPELINE, { principalType: 'Robot' as never })).toThrow(/invalid principalType "Robot"/);
  });

  test('a grant id is used once per role', () => {
    const two = make({});
    two.grantPull('aks', KUBELET);
    expect(() => two.grantPull('aks', PIPELINE)).toThrow(/invalid id "aks": is already used for Pull/);
    expect(() => two.grantQuarantineWriter('scanner', SCANNER)).toThrow(/invalid id "scanner": is already used for QuarantineWriter/);
  });
});

describe('policy exemptions the registries need (issue 11 item 9)', () => {
  test.each([
    ['twoRegistries, defaults', {}],
    ['twoRegistries, promotion inside the network', { networkRuleBypassOption: 'None' as const }],
    ['twoRegistries, export on, quarantine off', { exportPolicyEnabled: true, quarantinePolicyEnabled: false }],
    ['native', { mode: 'native' as const }],
    ['native, quarantine off, export on', { mode: 'native' as const, quarantinePolicyEnabled: false, exportPolicyEnabled: true }],
  ])('%s: the ids for exemptions are exactly the registries with export on / quarantine off', (_label, props) => {
    const { out } = build(props);
    const id = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/${name}`;
    const registries = out.list('azurerm_container_registry');
    const expected = quarantinedRegistryPolicyExemptions(SUB, { ...BASE, ...props });
    expect(expected.exportRequired.sort()).toEqual(registries.filter((r) => r.export_policy_enabled === true).map((r) => id(r.name as string)).sort());
    expect(expected.quarantineOff.sort()).toEqual(registries.filter((r) => r.quarantine_policy_enabled !== true).map((r) => id(r.name as string)).sort());
  });
});
