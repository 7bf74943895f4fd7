import { ContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Aspects, Fn, IAspect, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { info, warn } from '../core/annotations';
import { describeValue, invalid } from '../core/errors';
import { protectFromDestroy } from '../core/lifecycle';
import { PrincipalType, requirePrincipalType } from '../core/principal';
import { addDiagnosticSetting, ILogDestination, validateLogDestination } from '../core/log-destination';
import {
  isToken, parseResourceId, requireGuid, requireIntegerInRange, requireLocation, requireManagementGroupId,
  requireOneOf, requireResourceGroupId, requireResourceId, requireSubscriptionId,
  requireTags,
} from '../core/validate';
import { DefenderForCloud } from '../defender';
import { KitPolicyAssignment } from '../policy/assignment';
import { KitBuiltinPolicy } from '../policy/builtin';
import { KitPolicyScope } from '../policy/scope';
import {
  REGISTRY_ALLOWED_IMAGES_POLICY_ID, REGISTRY_DEFAULT_LOGIN_SERVER_SUFFIX, REGISTRY_NAME_PATTERN,
  registryAllowedImagesRegex, registryLoginServer,
} from './allowed-images';
import { registryRegionHasZones, REGISTRY_ZONE_REDUNDANT_REGIONS } from './regions';
import { TerraformLiterals } from '../core/terraform-literal';

/**
 * How images move from "pushed" to "pullable by clusters".
 *
 * - `twoRegistries` (default): images land in a quarantine registry, are scanned there, and a promotion identity
 *   imports the ones that passed into a separate trusted registry; clusters pull from the trusted registry only.
 *   This is the AKS regulated-baseline pattern and does not depend on ACR's preview quarantine feature.
 * - `native`: one registry with ACR quarantine (`quarantine_policy_enabled`): pushed images stay unpullable until a
 *   scanner with AcrQuarantineWriter marks them as passed. Cheaper (one Premium registry), but native quarantine is
 *   a preview feature that some flows bypass (pull by digest, Azure/acr #499, #522).
 */
export type RegistryQuarantineMode = 'native' | 'twoRegistries';

/** Registry SKUs. Only Premium supports quarantine, private link, retention, geo-replication and CMK. */
export type RegistrySku = 'Basic' | 'Standard' | 'Premium';

/** `network_rule_bypass_option`: whether trusted Azure services may pass the registry's network rules. */
export type RegistryNetworkRuleBypass = 'AzureServices' | 'None';

/** Effect of the allowed-images policy assignment. */
export type RegistryAllowedImagesEffect = 'Deny' | 'Audit' | 'Disabled';

/** A principal to grant access to, named so that its role assignment has a stable construct id. */
export interface RegistryPrincipal {
  /**
   * Short name used in the construct id of the role assignment (`Pull-<name>`): letters, digits, `_` and `-`.
   * Changing it replaces the role assignment.
   */
  readonly name: string;
  /** Object (principal) id of the identity, for example an AKS kubelet identity's `object_id`. */
  readonly principalId: string;
  /**
   * Kind of principal. Setting it avoids `PrincipalNotFound` right after a managed identity was created.
   * @default 'ServicePrincipal'
   */
  readonly principalType?: PrincipalType;
}

/** Options of the `grant*` methods. */
export interface RegistryGrantOptions {
  /**
   * Kind of principal (`principal_type`).
   * @default 'ServicePrincipal'
   */
  readonly principalType?: PrincipalType;
}

/** A customer-managed key for registry encryption. The key must exist before the registry (CMK cannot be added later). */
export interface RegistryCustomerManagedKey {
  /**
   * Key Vault (or Managed HSM) key id. Prefer the versionless id (`https://<vault>.vault.azure.net/keys/<name>`) so
   * that the registry follows key rotation.
   */
  readonly keyVaultKeyId: string;
  /** Resource id of the user-assigned identity that may use the key (`Key Vault Crypto Service Encryption User`). */
  readonly identityId: string;
  /** Client id of that identity. */
  readonly identityClientId: string;
}

/** Properties of {@link QuarantinedContainerRegistry}. Every value is plain data, so a JSON config maps onto it. */
export interface QuarantinedContainerRegistryProps {
  /**
   * Name of the registry that clusters pull from (the trusted registry in `twoRegistries` mode, the only registry in
   * `native` mode): 5-50 letters and digits. Registry names are globally unique across Azure.
   */
  readonly name: string;
  /** Resource group of the registries, identities, private endpoints and (when created) the private DNS zone. */
  readonly resourceGroupName: string;
  /** Azure region of the registries, in ARM form (`westeurope`). */
  readonly location: string;
  /**
   * Quarantine pattern, see {@link RegistryQuarantineMode}.
   * @default 'twoRegistries'
   */
  readonly mode?: RegistryQuarantineMode;
  /**
   * Name of the quarantine registry (`twoRegistries` mode only): 5-50 letters and digits, globally unique.
   * @default `${name}q`
   */
  readonly quarantineRegistryName?: string;
  /**
   * Registry SKU. Quarantine, private link, retention, geo-replicas, customer-managed keys, zone redundancy,
   * dedicated data endpoints and disabling export all need `Premium`.
   * @default 'Premium'
   */
  readonly sku?: RegistrySku;
  /**
   * ACR quarantine on the registry images are pushed to (the only registry in `native` mode, the quarantine registry
   * in `twoRegistries` mode). In `twoRegistries` mode it makes the promotion identity (AcrPull) unable to read an
   * image before the scanner has marked it as passed. The trusted registry never has it: images reach it only by
   * import, and quarantine there would hold back every promoted image.
   * @default true
   */
  readonly quarantinePolicyEnabled?: boolean;
  /**
   * Days to keep untagged manifests before ACR purges them (1-365).
   * @default 7
   */
  readonly retentionDays?: number;
  /**
   * Purge untagged manifests after `retentionDays`.
   * @default true
   */
  readonly retentionEnabled?: boolean;
  /**
   * Resource id of the subnet for the registries' private endpoints (`.../virtualNetworks/<vnet>/subnets/<subnet>`).
   * Required while public network access is disabled.
   * @default - no private endpoint (only allowed with `publicNetworkAccessEnabled: true`)
   */
  readonly privateEndpointSubnetId?: string;
  /**
   * Region of the private endpoints (the region of the subnet's virtual network).
   * @default `location`
   */
  readonly privateEndpointLocation?: string;
  /**
   * Resource id of an existing `privatelink.azurecr.io` private DNS zone (for example the hub's). When given, no zone
   * is created and VNet links are created only for `privateDnsVirtualNetworkIds` given explicitly.
   * @default - a zone is created in `resourceGroupName`
   */
  readonly privateDnsZoneId?: string;
  /**
   * Virtual networks to link to the private DNS zone, so that they resolve the registries to private addresses.
   * @default - the virtual network of `privateEndpointSubnetId` when the zone is created here; none for a given zone
   */
  readonly privateDnsVirtualNetworkIds?: string[];
  /**
   * Public network access to the registries. Off, the registries are reachable only through the private endpoint
   * (and by trusted Azure services, see `networkRuleBypassOption`).
   * @default false
   */
  readonly publicNetworkAccessEnabled?: boolean;
  /**
   * Whether trusted Azure services bypass the network rules. `AzureServices` is needed for Microsoft Defender for
   * Containers to scan a registry that has no public access, and for `az acr import` (the promotion step) to read
   * from or write to a network-restricted registry. `None` blocks both: the pattern then needs a scanner and a
   * promotion job that run inside the virtual network and copy images with push/pull instead of import.
   * @default 'AzureServices'
   */
  readonly networkRuleBypassOption?: RegistryNetworkRuleBypass;
  /**
   * Allow artifacts to be exported (transfer pipelines, and `az acr import` from this registry into another one).
   * Disabling it needs public network access disabled. Applies to the registry clusters pull from (the trusted one,
   * or the only one in `native` mode). In `twoRegistries` mode the quarantine registry is the source of the
   * promotion import, and a registry with export disabled refuses to be imported from, so its export stays enabled
   * while `networkRuleBypassOption` is `AzureServices` (promotion by import); with `None` (promotion by push/pull
   * inside the virtual network) it follows this prop too.
   * @default false
   */
  readonly exportPolicyEnabled?: boolean;
  /**
   * Dedicated data endpoints (`<name>.<region>.data.azurecr.io`), so that layer downloads do not go through a shared
   * storage domain that a firewall cannot tell apart from other tenants' (data exfiltration).
   * @default true (Premium)
   */
  readonly dataEndpointEnabled?: boolean;
  /**
   * Zone redundancy of the registries and their replicas.
   * @default true where the region has availability zones (`zoneRedundantRegions`), false elsewhere
   */
  readonly zoneRedundancyEnabled?: boolean;
  /**
   * Regions (ARM names) that have availability zones, used for the `zoneRedundancyEnabled` default.
   * @default REGISTRY_ZONE_REDUNDANT_REGIONS
   */
  readonly zoneRedundantRegions?: string[];
  /**
   * Geo-replicas of the registry clusters pull from (the trusted one): ARM region names, not the home region, no
   * duplicates. Rendered in alphabetical order whatever the order given: azurerm reads replicas back sorted by
   * location, so any other order would show a diff on every plan.
   * @default none
   */
  readonly replicaLocations?: string[];
  /**
   * Customer-managed key for every registry of the pattern.
   * @default - Microsoft-managed keys
   */
  readonly customerManagedKey?: RegistryCustomerManagedKey;
  /**
   * Object id of the scanner identity that marks quarantined images (AcrQuarantineWriter on the quarantine registry).
   * @default - a user-assigned identity `id-<quarantine registry>-scanner` is created
   */
  readonly scannerPrincipalId?: string;
  /**
   * Kind of the scanner principal.
   * @default 'ServicePrincipal'
   */
  readonly scannerPrincipalType?: PrincipalType;
  /**
   * Object id of the promotion identity (`twoRegistries` mode): AcrPull on the quarantine registry and
   * "Container Registry Data Importer and Data Reader" on the trusted one.
   * @default - a user-assigned identity `id-<trusted registry>-promoter` is created (`twoRegistries` mode)
   */
  readonly promoterPrincipalId?: string;
  /**
   * Kind of the promotion principal.
   * @default 'ServicePrincipal'
   */
  readonly promoterPrincipalType?: PrincipalType;
  /**
   * Consumers (AKS kubelet identities, workloads) that may pull from the trusted registry (AcrPull on it only).
   * @default none (use `grantPull`)
   */
  readonly pullPrincipals?: RegistryPrincipal[];
  /**
   * Build pipelines that push new images. They get AcrPush on the registry images land in (the quarantine registry in
   * `twoRegistries` mode), never on the trusted one.
   * @default none (use `grantPush`)
   */
  readonly pushPrincipals?: RegistryPrincipal[];
  /**
   * Scope of the allowed-images guardrail (AKS built-in febd0533-8e55-448f-b837-bd0e06f16469): a subscription id
   * (`/subscriptions/<GUID>`), a resource group id, or a management group id
   * (`/providers/Microsoft.Management/managementGroups/<name>`). Clusters in the scope may run only images from the
   * trusted registry. Must be a literal id (the assignment resource type is chosen from it), not a token.
   * @default - no assignment (an annotation warns)
   */
  readonly allowedImagesScope?: string;
  /**
   * Effect of the allowed-images assignment.
   * @default 'Deny'
   */
  readonly allowedImagesEffect?: RegistryAllowedImagesEffect;
  /**
   * Kubernetes namespaces the guardrail does not check.
   * @default - the built-in's default (kube-system, gatekeeper-system, azure-arc, azure-extensions-usage-system)
   */
  readonly allowedImagesExcludedNamespaces?: string[];
  /**
   * Name of the policy assignment (at most 24 characters at management-group scope, 64 elsewhere). Unique per scope.
   * @default 'acr-allowed-images'
   */
  readonly allowedImagesAssignmentName?: string;
  /**
   * DNS suffix of registry login servers in the target cloud (`azurecr.io`, `azurecr.us`, `azurecr.cn`). Used for the
   * allowed-images regex and the private DNS zone name (`privatelink.<suffix>`).
   * @default 'azurecr.io'
   */
  readonly loginServerSuffix?: string;
  /**
   * Send the registries' logs (`allLogs`) to these destinations (a SIEM construct or plain ids).
   * @default - no diagnostic settings
   */
  readonly logDestination?: ILogDestination;
  /**
   * `lifecycle.prevent_destroy` on the registries (deleting a registry deletes every image in it) and on the private
   * DNS zone the construct creates (every private endpoint of the linked networks registers its records there, other
   * teams' included, and destroying the zone deletes them all).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Tags for every resource created.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/** Built-in role names used by the pattern (azurerm `role_definition_name`). */
export const REGISTRY_ROLES = {
  /** Pull images (data plane `pull/read`): consumers, and the promoter on the quarantine registry. */
  pull: 'AcrPull',
  /** Push and pull images: build pipelines, on the registry images land in. */
  push: 'AcrPush',
  /** Pull quarantined images (`quarantine/read`). */
  quarantineReader: 'AcrQuarantineReader',
  /** Pull quarantined images and set their quarantine state (`quarantine/read` + `quarantine/write`): the scanner. */
  quarantineWriter: 'AcrQuarantineWriter',
  /**
   * `registries/importImage/action`, `registries/pull/read` and `registries/read` (role 577a9874-89fd-4f24-9dbd-b5034d0ad23a):
   * the promoter, on the trusted registry. Unlike AcrPush it cannot push arbitrary content, only import from a
   * source it can read.
   */
  importer: 'Container Registry Data Importer and Data Reader',
} as const;

const MODES: readonly RegistryQuarantineMode[] = ['native', 'twoRegistries'];
/** One registry of the pattern, as the props configure it (see {@link quarantinedRegistryLayout}). */
export interface QuarantinedRegistryLayoutEntry {
  /** `trusted` (clusters pull from it; the only registry in `native` mode) or `quarantine`. */
  readonly role: 'trusted' | 'quarantine';
  /** Registry name. */
  readonly name: string;
  /** Export policy on (`properties.policies.exportPolicy.status` "enabled"). */
  readonly exportEnabled: boolean;
  /** Quarantine policy on (Premium only). */
  readonly quarantineEnabled: boolean;
}

/**
 * The registries the props create and which of the export and quarantine policies each has on: the one place the
 * construct and {@link quarantinedRegistryPolicyExemptions} read it from. Props are assumed valid (the construct checks them).
 */
export function quarantinedRegistryLayout(props: QuarantinedContainerRegistryProps): QuarantinedRegistryLayoutEntry[] {
  const mode = props.mode ?? 'twoRegistries';
  const premium = (props.sku ?? 'Premium') === 'Premium';
  const quarantineEnabled = props.quarantinePolicyEnabled ?? true;
  const exportEnabled = props.exportPolicyEnabled ?? false;
  const trusted = { role: 'trusted' as const, name: props.name, exportEnabled, quarantineEnabled: premium && mode === 'native' && quarantineEnabled };
  if (mode === 'native') return [trusted];
  return [trusted, {
    role: 'quarantine', name: props.quarantineRegistryName ?? `${props.name}q`, quarantineEnabled: premium && quarantineEnabled,
    // The promotion step imports from the quarantine registry (`az acr import --registry <quarantine id>`), which ACR
    // refuses when the source registry's export policy is disabled: export stays on where import is the path.
    exportEnabled: (props.networkRuleBypassOption ?? 'AzureServices') === 'AzureServices' ? true : exportEnabled,
  }];
}

/**
 * Resource ids of the registries a Deny of the kit's registry policies would block (for
 * `AutoOnboardingRegistryOptions.exportRequiredRegistryIds` / `quarantineOffRegistryIds`): those with export on
 * (`acr-export-disabled`) and those with quarantine off (`acr-quarantine-policy-enabled`).
 */
export function quarantinedRegistryPolicyExemptions(subscriptionId: string, props: QuarantinedContainerRegistryProps):
{ exportRequired: string[]; quarantineOff: string[] } {
  const id = (name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${props.resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/${name}`;
  const layout = quarantinedRegistryLayout(props);
  return {
    exportRequired: layout.filter((r) => r.exportEnabled).map((r) => id(r.name)),
    quarantineOff: layout.filter((r) => !r.quarantineEnabled).map((r) => id(r.name)),
  };
}

const SKUS: readonly RegistrySku[] = ['Basic', 'Standard', 'Premium'];
const BYPASS: readonly RegistryNetworkRuleBypass[] = ['AzureServices', 'None'];
const EFFECTS: readonly RegistryAllowedImagesEffect[] = ['Deny', 'Audit', 'Disabled'];
const GRANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const KEY_ID = /^https:\/\/[A-Za-z0-9-]{3,24}\.(?:vault\.azure\.net|vault\.azure\.cn|vault\.usgovcloudapi\.net|managedhsm\.azure\.net)\/keys\/[A-Za-z0-9-]{1,127}(?:\/[0-9A-Fa-f]{32})?\/?$/;
// Azure refuses <>*%&:\?.+/ in policy assignment names, and azurerm's name validation also refuses '#'.
const ASSIGNMENT_NAME = /^[^<>*%&:\\?.+/#]+$/;

/** The settings shared by the registries of the pattern, resolved from the props. */
interface RegistrySettings {
  readonly sku: RegistrySku;
  readonly zoneRedundant: (location: string) => boolean;
  readonly retentionDays?: number;
  readonly publicNetworkAccessEnabled: boolean;
  readonly exportPolicyEnabled: boolean;
  readonly networkRuleBypassOption: RegistryNetworkRuleBypass;
  readonly dataEndpointEnabled: boolean;
}

/**
 * A private Azure Container Registry with a quarantine pattern: every image lands in quarantine, is scanned, and
 * only then becomes pullable by clusters, which may pull from the trusted registry only.
 *
 * Deploys, hardened by default: Premium registries (admin user, anonymous pull, public network access and export
 * off, except export on the quarantine registry, which promotion imports from; retention of untagged manifests; zone redundancy where the region has zones; optional CMK and geo-replicas),
 * a private endpoint per registry with the `privatelink.azurecr.io` zone and its VNet links, the scanner and
 * promotion identities with least-privilege roles, an optional allowed-images policy assignment, and diagnostic
 * settings. Refuses a non-Premium SKU with Premium features, bad names and ids, and a Defender for Cloud construct
 * in the same stack that leaves Defender for Containers off.
 *
 * Not set: `trust_policy_enabled` (Docker Content Trust). azurerm 4.55 still has the argument, but ACR deprecated DCT
 * on 2025-03-31 and removes it on 2028-03-31; sign with Notary Project (Notation) instead. The admin user and anonymous
 * pull have no prop at all: nothing in the pattern needs them, and the kit's policies deny them.
 *
 * Roles (least privilege, per Microsoft's ACR built-in role reference): consumers get AcrPull on the trusted registry
 * only; pipelines get AcrPush on the registry images land in; the scanner gets AcrQuarantineWriter (which includes
 * `quarantine/read`, so no AcrQuarantineReader is added); the promoter gets AcrPull on the quarantine registry (the
 * source of an import needs `pull/read`, and with quarantine on AcrPull sees only passed images) and
 * "Container Registry Data Importer and Data Reader" on the trusted registry (`importImage/action` without AcrPush's
 * free push). Importing to or from a network-restricted registry also needs trusted services allowed
 * (`networkRuleBypassOption: 'AzureServices'`).
 *
 * Construct ids: `Resource` is the registry clusters pull from (trusted, or the only one in `native` mode), with
 * `PrivateEndpoint` and `Diagnostics`; `Quarantine/Resource` (and its `PrivateEndpoint`, `Diagnostics`) is the
 * quarantine registry in `twoRegistries` mode; `PrivateDnsZone`, `PrivateDnsZoneLink-<rg>-<vnet>`,
 * `ScannerIdentity`, `PromoterIdentity`, `Access/<Role>-<name>` and `AllowedImages` (a {@link KitPolicyAssignment} whose
 * assignment resource keeps the Terraform address of `AllowedImages`, where earlier versions created it directly).
 */
export class QuarantinedContainerRegistry extends Construct {
  /** The quarantine pattern in use. */
  public readonly mode: RegistryQuarantineMode;
  /** The registry clusters pull from (trusted registry, or the only registry in `native` mode). */
  public readonly trustedRegistry: ContainerRegistry;
  /** The registry images are pushed to and scanned in (the same as `trustedRegistry` in `native` mode). */
  public readonly quarantineRegistry: ContainerRegistry;
  /** Resource id of the trusted registry. */
  public readonly trustedRegistryId: string;
  /** Name of the trusted registry. */
  public readonly trustedRegistryName: string;
  /** Login server of the trusted registry (`<name>.azurecr.io`, lower case). */
  public readonly trustedLoginServer: string;
  /** Resource id of the quarantine registry (the trusted one in `native` mode). */
  public readonly quarantineRegistryId: string;
  /** Name of the quarantine registry (the trusted one in `native` mode). */
  public readonly quarantineRegistryName: string;
  /** Login server of the quarantine registry, where pipelines push. */
  public readonly quarantineLoginServer: string;
  /** Object id of the scanner identity. */
  public readonly scannerPrincipalId: string;
  /** The scanner identity, when this construct created it. */
  public readonly scannerIdentity?: UserAssignedIdentity;
  /** Object id of the promotion identity (`twoRegistries` mode). */
  public readonly promoterPrincipalId?: string;
  /** The promotion identity, when this construct created it. */
  public readonly promoterIdentity?: UserAssignedIdentity;
  /** Resource id of the private DNS zone the endpoints register in (created or given). */
  public readonly privateDnsZoneId?: string;
  /** The `allowedContainerImagesRegex` for the trusted registry (`^<name>\.azurecr\.io/.+$`). */
  public readonly allowedImagesRegex: string;
  /** Resource id of the allowed-images policy assignment, when one was made. */
  public readonly allowedImagesAssignmentId?: string;
  /** The allowed-images policy assignment, when one was made. */
  public readonly allowedImagesAssignment?: KitPolicyAssignment;

  private readonly access: Construct;

  constructor(scope: Construct, id: string, props: QuarantinedContainerRegistryProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);

    // ---- validation ------------------------------------------------------------------------------------------
    const mode = requireOneOf(this, 'mode', props.mode ?? 'twoRegistries', MODES);
    requireTags(this, 'tags', props.tags);
    this.mode = mode;
    const sku = requireOneOf(this, 'sku', props.sku ?? 'Premium', SKUS);
    requireLocation(this, 'location', props.location);
    if (!isToken(props.resourceGroupName) && (typeof props.resourceGroupName !== 'string' || !/^[-\w._()]{1,90}$/.test(props.resourceGroupName) || props.resourceGroupName.endsWith('.'))) {
      invalid(this, 'resourceGroupName', props.resourceGroupName, 'must be a resource group name: 1-90 letters, digits, "-", "_", ".", "(", ")", not ending in "."');
    }
    const suffix = props.loginServerSuffix ?? REGISTRY_DEFAULT_LOGIN_SERVER_SUFFIX;
    if (typeof suffix !== 'string' || !/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(suffix)) {
      invalid(this, 'loginServerSuffix', suffix, 'must be a lower-case DNS suffix such as "azurecr.io", "azurecr.us" or "azurecr.cn"');
    }
    const trustedName = requireRegistryName(this, 'name', props.name);
    let quarantineName = trustedName;
    if (mode === 'twoRegistries') {
      quarantineName = requireRegistryName(this, 'quarantineRegistryName', props.quarantineRegistryName ?? `${trustedName}q`,
        props.quarantineRegistryName === undefined ? ' (derived from name: set quarantineRegistryName)' : '');
      if (quarantineName.toLowerCase() === trustedName.toLowerCase()) {
        invalid(this, 'quarantineRegistryName', quarantineName, `must differ from name ${JSON.stringify(trustedName)}: the pattern needs two registries`);
      }
    } else if (props.quarantineRegistryName !== undefined) {
      invalid(this, 'quarantineRegistryName', props.quarantineRegistryName, 'is only used with mode "twoRegistries": remove it, or set mode to "twoRegistries"');
    }
    if (mode === 'native' && props.promoterPrincipalId !== undefined) {
      invalid(this, 'promoterPrincipalId', props.promoterPrincipalId, 'is only used with mode "twoRegistries" (native quarantine has no promotion step)');
    }

    const quarantineEnabled = props.quarantinePolicyEnabled ?? true;
    const retentionEnabled = props.retentionEnabled ?? true;
    const retentionDays = retentionEnabled ? requireIntegerInRange(this, 'retentionDays', props.retentionDays ?? 7, 1, 365) : undefined;
    const publicNetworkAccessEnabled = props.publicNetworkAccessEnabled ?? false;
    const exportPolicyEnabled = props.exportPolicyEnabled ?? false;
    const networkRuleBypassOption = requireOneOf(this, 'networkRuleBypassOption', props.networkRuleBypassOption ?? 'AzureServices', BYPASS);
    const dataEndpointEnabled = props.dataEndpointEnabled ?? sku === 'Premium';
    const zoneRegions = (props.zoneRedundantRegions ?? [...REGISTRY_ZONE_REDUNDANT_REGIONS]).map((r, i) => requireLocation(this, `zoneRedundantRegions[${i}]`, r));
    const zoneRedundant = (location: string): boolean => props.zoneRedundancyEnabled ?? (sku === 'Premium' && registryRegionHasZones(location, zoneRegions));

    if (props.privateEndpointSubnetId !== undefined) {
      requireResourceId(this, 'privateEndpointSubnetId', props.privateEndpointSubnetId, 'Microsoft.Network/virtualNetworks/subnets');
    }
    if (props.privateEndpointLocation !== undefined) requireLocation(this, 'privateEndpointLocation', props.privateEndpointLocation);
    const replicas = this.validateReplicas(props.replicaLocations ?? [], props.location);
    const cmk = props.customerManagedKey ? this.validateCustomerManagedKey(props.customerManagedKey) : undefined;

    // Premium-only features, all reported at once with the SKU they need.
    if (sku !== 'Premium') {
      const needs: string[] = [];
      if (quarantineEnabled) needs.push('quarantine (quarantinePolicyEnabled)');
      if (props.privateEndpointSubnetId !== undefined) needs.push('private link (privateEndpointSubnetId)');
      if (retentionEnabled) needs.push('retention of untagged manifests (retentionEnabled)');
      if (replicas.length > 0) needs.push('geo-replication (replicaLocations)');
      if (cmk) needs.push('customer-managed keys (customerManagedKey)');
      if (props.zoneRedundancyEnabled === true) needs.push('zone redundancy (zoneRedundancyEnabled)');
      if (!exportPolicyEnabled) needs.push('disabling export (exportPolicyEnabled: false)');
      if (props.dataEndpointEnabled === true) needs.push('dedicated data endpoints (dataEndpointEnabled)');
      if (needs.length > 0) {
        invalid(this, 'sku', sku, `${needs.join(', ')} need sku "Premium": set sku to "Premium" (recommended) or turn these off`);
      }
    }
    if (!publicNetworkAccessEnabled && props.privateEndpointSubnetId === undefined) {
      invalid(this, 'privateEndpointSubnetId', undefined,
        'is required while public network access is disabled (publicNetworkAccessEnabled is false): give the subnet id for the private endpoints');
    }
    if (publicNetworkAccessEnabled && !exportPolicyEnabled) {
      invalid(this, 'exportPolicyEnabled', false,
        'can only be false while publicNetworkAccessEnabled is false (Azure rule): keep public access off, or set exportPolicyEnabled to true');
    }
    if (props.privateDnsZoneId !== undefined) {
      requireResourceId(this, 'privateDnsZoneId', props.privateDnsZoneId, 'Microsoft.Network/privateDnsZones');
      const zoneName = parseResourceId(props.privateDnsZoneId)?.name;
      if (!isToken(props.privateDnsZoneId) && zoneName?.toLowerCase() !== `privatelink.${suffix}`) {
        invalid(this, 'privateDnsZoneId', props.privateDnsZoneId, `must be the id of a private DNS zone named "privatelink.${suffix}"`);
      }
      if (props.privateEndpointSubnetId === undefined) {
        invalid(this, 'privateDnsZoneId', props.privateDnsZoneId, 'needs privateEndpointSubnetId: the zone is only used by the private endpoints');
      }
    }
    (props.privateDnsVirtualNetworkIds ?? []).forEach((v, i) =>
      requireResourceId(this, `privateDnsVirtualNetworkIds[${i}]`, v, 'Microsoft.Network/virtualNetworks'));
    if (props.logDestination) validateLogDestination(this, 'logDestination', props.logDestination);
    const scannerType = requirePrincipalType(this, 'scannerPrincipalType', props.scannerPrincipalType) ?? 'ServicePrincipal';
    const promoterType = requirePrincipalType(this, 'promoterPrincipalType', props.promoterPrincipalType) ?? 'ServicePrincipal';
    if (props.scannerPrincipalId !== undefined) requireGuid(this, 'scannerPrincipalId', props.scannerPrincipalId);
    if (props.promoterPrincipalId !== undefined) requireGuid(this, 'promoterPrincipalId', props.promoterPrincipalId);
    const effect = requireOneOf(this, 'allowedImagesEffect', props.allowedImagesEffect ?? 'Deny', EFFECTS);

    // ---- registries ------------------------------------------------------------------------------------------
    const settings: RegistrySettings = {
      sku, zoneRedundant, retentionDays, publicNetworkAccessEnabled, exportPolicyEnabled, networkRuleBypassOption,
      dataEndpointEnabled,
    };
    const dnsZoneId = props.privateEndpointSubnetId !== undefined ? this.privateDns(props, suffix) : undefined;
    this.privateDnsZoneId = dnsZoneId;

    const [trustedLayout, quarantineLayout] = quarantinedRegistryLayout(props);
    this.trustedRegistry = this.registry(this, trustedName, props, settings, {
      quarantine: trustedLayout.quarantineEnabled, replicas, cmk, dnsZoneId, exportPolicyEnabled: trustedLayout.exportEnabled,
    });
    this.quarantineRegistry = quarantineLayout
      ? this.registry(new Construct(this, 'Quarantine'), quarantineName, props, settings, {
        quarantine: quarantineLayout.quarantineEnabled, replicas: [], cmk, dnsZoneId, exportPolicyEnabled: quarantineLayout.exportEnabled,
      })
      : this.trustedRegistry;

    this.trustedRegistryName = trustedName;
    this.quarantineRegistryName = quarantineName;
    this.trustedRegistryId = this.trustedRegistry.id;
    this.quarantineRegistryId = this.quarantineRegistry.id;
    this.trustedLoginServer = registryLoginServer(trustedName, suffix);
    this.quarantineLoginServer = registryLoginServer(quarantineName, suffix);

    // ---- identities and access -------------------------------------------------------------------------------
    this.access = new Construct(this, 'Access');
    if (props.scannerPrincipalId !== undefined) {
      this.scannerPrincipalId = props.scannerPrincipalId;
    } else {
      this.scannerIdentity = new UserAssignedIdentity(this, 'ScannerIdentity', {
        name: `id-${quarantineName}-scanner`, resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags,
      });
      this.scannerPrincipalId = this.scannerIdentity.principalId;
    }
    this.grantQuarantineWriter('scanner', this.scannerPrincipalId, { principalType: scannerType });

    if (mode === 'twoRegistries') {
      if (props.promoterPrincipalId !== undefined) {
        this.promoterPrincipalId = props.promoterPrincipalId;
      } else {
        this.promoterIdentity = new UserAssignedIdentity(this, 'PromoterIdentity', {
          name: `id-${trustedName}-promoter`, resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags,
        });
        this.promoterPrincipalId = this.promoterIdentity.principalId;
      }
      this.grantPromote('promoter', this.promoterPrincipalId, { principalType: promoterType });
    }
    (props.pullPrincipals ?? []).forEach((p, i) => this.grantFromProps('pullPrincipals', i, p, (n, id, o) => this.grantPull(n, id, o)));
    (props.pushPrincipals ?? []).forEach((p, i) => this.grantFromProps('pushPrincipals', i, p, (n, id, o) => this.grantPush(n, id, o)));

    // ---- allowed-images guardrail ----------------------------------------------------------------------------
    this.allowedImagesRegex = registryAllowedImagesRegex(this.trustedLoginServer);
    if (props.allowedImagesScope !== undefined) {
      this.allowedImagesAssignment = this.assignAllowedImages(props, effect);
      this.allowedImagesAssignmentId = this.allowedImagesAssignment.assignmentId;
    } else {
      warn(this, 'guardrails:registry:no-allowed-images-scope',
        'No allowedImagesScope: clusters may still run images from any registry. Set allowedImagesScope to assign '
        + `the AKS allowed-images policy with ${this.allowedImagesRegex}.`);
    }

    // ---- advice ----------------------------------------------------------------------------------------------
    if (!quarantineEnabled) {
      if (mode === 'native') {
        warn(this, 'guardrails:registry:native-quarantine-off',
          'quarantinePolicyEnabled is false in native mode: pushed images are pullable before any scan. Use mode "twoRegistries" or enable quarantine.');
      } else {
        warn(this, 'guardrails:registry:quarantine-off',
          'quarantinePolicyEnabled is false: the promotion identity can import images the scanner has not passed; the promotion job must check scan results itself.');
      }
    }
    if (publicNetworkAccessEnabled) {
      warn(this, 'guardrails:registry:public-network-access', 'publicNetworkAccessEnabled is true: the registries accept connections from the internet (subject to Entra authentication).');
    }
    if (networkRuleBypassOption === 'None') {
      warn(this, 'guardrails:registry:trusted-services-blocked',
        'networkRuleBypassOption is "None": Defender for Containers cannot scan the registries and "az acr import" cannot promote images between them; run scanning and promotion inside the virtual network.');
    }
    if (mode === 'native') {
      info(this, 'guardrails:registry:native-quarantine-preview', 'Native ACR quarantine is a preview feature; mode "twoRegistries" does not depend on it.');
    }
    this.checkDefenderForContainers();
  }

  /**
   * AcrPull on the trusted registry (the only registry in `native` mode, where quarantine keeps unscanned images from
   * being pulled). Creates `Access/Pull-<id>`.
   */
  public grantPull(id: string, principalId: string, options: RegistryGrantOptions = {}): RoleAssignment {
    return this.grant(`Pull-${id}`, 'id', id, REGISTRY_ROLES.pull, this.trustedRegistry, principalId, options);
  }

  /**
   * AcrPush on the registry images land in: the quarantine registry in `twoRegistries` mode, the only (quarantined)
   * registry in `native` mode. Nothing pushes to the trusted registry directly. Creates `Access/Push-<id>`.
   */
  public grantPush(id: string, principalId: string, options: RegistryGrantOptions = {}): RoleAssignment {
    return this.grant(`Push-${id}`, 'id', id, REGISTRY_ROLES.push, this.quarantineRegistry, principalId, options);
  }

  /**
   * AcrQuarantineWriter on the quarantine registry: read quarantined images and mark them passed or failed (a
   * scanner). Creates `Access/QuarantineWriter-<id>`.
   */
  public grantQuarantineWriter(id: string, principalId: string, options: RegistryGrantOptions = {}): RoleAssignment {
    return this.grant(`QuarantineWriter-${id}`, 'id', id, REGISTRY_ROLES.quarantineWriter, this.quarantineRegistry, principalId, options);
  }

  /** AcrQuarantineReader on the quarantine registry: read quarantined images only. Creates `Access/QuarantineReader-<id>`. */
  public grantQuarantineReader(id: string, principalId: string, options: RegistryGrantOptions = {}): RoleAssignment {
    return this.grant(`QuarantineReader-${id}`, 'id', id, REGISTRY_ROLES.quarantineReader, this.quarantineRegistry, principalId, options);
  }

  /**
   * The promotion roles (`twoRegistries` mode): AcrPull on the quarantine registry (with quarantine on, it can read
   * only images the scanner passed) and "Container Registry Data Importer and Data Reader" on the trusted registry
   * (`importImage/action`, which `az acr import --registry <quarantine id>` needs, without AcrPush's arbitrary
   * push). Creates `Access/PromoteSource-<id>` and `Access/PromoteTarget-<id>`; returns both.
   */
  public grantPromote(id: string, principalId: string, options: RegistryGrantOptions = {}): RoleAssignment[] {
    if (this.mode !== 'twoRegistries') {
      invalid(this, 'grantPromote', id, 'needs mode "twoRegistries": native quarantine has no promotion step');
    }
    return [
      this.grant(`PromoteSource-${id}`, 'id', id, REGISTRY_ROLES.pull, this.quarantineRegistry, principalId, options),
      this.grant(`PromoteTarget-${id}`, 'id', id, REGISTRY_ROLES.importer, this.trustedRegistry, principalId, options),
    ];
  }

  private grantFromProps(property: string, index: number, p: RegistryPrincipal,
    fn: (name: string, principalId: string, options: RegistryGrantOptions) => RoleAssignment): void {
    if (!p || typeof p !== 'object') invalid(this, `${property}[${index}]`, p, 'must be an object { name, principalId, principalType? }');
    if (typeof p.name !== 'string' || !GRANT_ID.test(p.name)) {
      invalid(this, `${property}[${index}].name`, p.name, 'must be 1-64 letters, digits, "_" or "-", starting with a letter or digit');
    }
    requireGuid(this, `${property}[${index}].principalId`, p.principalId);
    requirePrincipalType(this, `${property}[${index}].principalType`, p.principalType);
    fn(p.name, p.principalId, { principalType: p.principalType });
  }

  private grant(childId: string, property: string, id: string, role: string, registry: ContainerRegistry,
    principalId: string, options: RegistryGrantOptions): RoleAssignment {
    if (typeof id !== 'string' || !GRANT_ID.test(id)) {
      invalid(this, property, id, 'must be 1-64 letters, digits, "_" or "-", starting with a letter or digit (it becomes part of a construct id)');
    }
    requireGuid(this, 'principalId', principalId);
    const principalType = requirePrincipalType(this, 'principalType', options.principalType) ?? 'ServicePrincipal';
    if (this.access.node.tryFindChild(childId)) {
      invalid(this, property, id, `is already used for ${childId.split('-')[0]}: each grant needs its own id`);
    }
    return new RoleAssignment(this.access, childId, {
      scope: registry.id,
      roleDefinitionName: role,
      principalId,
      principalType,
      description: `${role} for ${id} (cdktf-azure-guardrails registry quarantine)`,
    });
  }

  private validateReplicas(locations: string[], home: string): string[] {
    if (!Array.isArray(locations)) invalid(this, 'replicaLocations', locations, 'must be a list of ARM region names');
    const seen = new Set<string>();
    locations.forEach((l, i) => {
      requireLocation(this, `replicaLocations[${i}]`, l);
      if (l === home) invalid(this, `replicaLocations[${i}]`, l, `must differ from the home region "${home}" (the registry is already there)`);
      if (seen.has(l)) invalid(this, `replicaLocations[${i}]`, l, 'is listed twice: each region may hold one replica');
      seen.add(l);
    });
    // azurerm sorts the replicas it reads back by location (its docs ask for alphabetical order too): render them
    // in that order so that plan shows no diff. Unresolved tokens cannot be ordered and keep their place at the end.
    const literal = locations.filter((l) => !isToken(l)).sort();
    return [...literal, ...locations.filter((l) => isToken(l))];
  }

  private validateCustomerManagedKey(cmk: RegistryCustomerManagedKey): RegistryCustomerManagedKey {
    if (!isToken(cmk.keyVaultKeyId) && (typeof cmk.keyVaultKeyId !== 'string' || !KEY_ID.test(cmk.keyVaultKeyId))) {
      invalid(this, 'customerManagedKey.keyVaultKeyId', cmk.keyVaultKeyId,
        'must be a Key Vault key id "https://<vault>.vault.azure.net/keys/<name>[/<version>]" (versionless follows rotation)');
    }
    requireResourceId(this, 'customerManagedKey.identityId', cmk.identityId, 'Microsoft.ManagedIdentity/userAssignedIdentities');
    requireGuid(this, 'customerManagedKey.identityClientId', cmk.identityClientId);
    return cmk;
  }

  /** Creates the private DNS zone and VNet links (or links a given zone); returns the zone id. */
  private privateDns(props: QuarantinedContainerRegistryProps, suffix: string): string {
    const zoneName = `privatelink.${suffix}`;
    let zoneId: string;
    let zoneResourceGroup: string;
    let zoneNameRef: string;
    let vnets: string[];
    if (props.privateDnsZoneId !== undefined) {
      zoneId = props.privateDnsZoneId;
      const parsed = parseResourceId(zoneId);
      zoneResourceGroup = parsed?.resourceGroup ?? Token.asString(Fn.element(Fn.split('/', zoneId), 4));
      zoneNameRef = parsed?.name ?? Token.asString(Fn.element(Fn.split('/', zoneId), 8));
      vnets = props.privateDnsVirtualNetworkIds ?? [];
    } else {
      const zone = new PrivateDnsZone(this, 'PrivateDnsZone', { name: zoneName, resourceGroupName: props.resourceGroupName, tags: props.tags });
      protectFromDestroy(zone, props.preventDestroy);
      zoneId = zone.id;
      zoneResourceGroup = props.resourceGroupName;
      zoneNameRef = zone.name;
      vnets = props.privateDnsVirtualNetworkIds ?? [vnetOfSubnet(props.privateEndpointSubnetId as string)];
      if (vnets.length === 0) {
        invalid(this, 'privateDnsVirtualNetworkIds', props.privateDnsVirtualNetworkIds,
          'must list at least one virtual network id: the created zone resolves nothing until a VNet is linked');
      }
    }
    const seen = new Set<string>();
    vnets.forEach((vnetId, i) => {
      const parsed = parseResourceId(vnetId);
      const key = parsed?.resourceGroup && parsed.name ? `${parsed.resourceGroup}-${parsed.name}`.replace(/[^A-Za-z0-9_-]/g, '_') : `vnet${i}`;
      if (seen.has(key.toLowerCase())) invalid(this, `privateDnsVirtualNetworkIds[${i}]`, vnetId, 'is listed twice');
      seen.add(key.toLowerCase());
      new PrivateDnsZoneVirtualNetworkLink(this, `PrivateDnsZoneLink-${key}`, {
        name: `${parsed?.name ? parsed.name.slice(0, 60) : Token.asString(Fn.element(Fn.split('/', vnetId), 8))}-acr`,
        resourceGroupName: zoneResourceGroup,
        privateDnsZoneName: zoneNameRef,
        virtualNetworkId: vnetId,
        registrationEnabled: false,
        tags: props.tags,
      });
    });
    return zoneId;
  }

  /** One hardened registry with its private endpoint and diagnostic setting, under `scope`. */
  private registry(scope: Construct, name: string, props: QuarantinedContainerRegistryProps, s: RegistrySettings,
    extra: { quarantine: boolean; replicas: string[]; cmk?: RegistryCustomerManagedKey; dnsZoneId?: string; exportPolicyEnabled?: boolean }): ContainerRegistry {
    const premium = s.sku === 'Premium';
    const registry = new ContainerRegistry(scope, 'Resource', {
      name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: s.sku,
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: s.publicNetworkAccessEnabled,
      exportPolicyEnabled: extra.exportPolicyEnabled ?? s.exportPolicyEnabled,
      networkRuleBypassOption: s.networkRuleBypassOption,
      quarantinePolicyEnabled: premium ? extra.quarantine : undefined,
      retentionPolicyInDays: s.retentionDays,
      zoneRedundancyEnabled: s.zoneRedundant(props.location),
      dataEndpointEnabled: premium ? s.dataEndpointEnabled : undefined,
      georeplications: extra.replicas.length > 0
        ? extra.replicas.map((location) => ({ location, zoneRedundancyEnabled: s.zoneRedundant(location), tags: props.tags }))
        : undefined,
      identity: extra.cmk ? { type: 'UserAssigned', identityIds: [extra.cmk.identityId] } : undefined,
      encryption: extra.cmk ? [{ keyVaultKeyId: extra.cmk.keyVaultKeyId, identityClientId: extra.cmk.identityClientId }] : undefined,
      tags: props.tags,
    });
    protectFromDestroy(registry, props.preventDestroy);

    if (props.privateEndpointSubnetId !== undefined) {
      new PrivateEndpoint(scope, 'PrivateEndpoint', {
        name: `pe-${name}`,
        resourceGroupName: props.resourceGroupName,
        location: props.privateEndpointLocation ?? props.location,
        subnetId: props.privateEndpointSubnetId,
        privateServiceConnection: {
          name: `psc-${name}`,
          privateConnectionResourceId: registry.id,
          subresourceNames: ['registry'],
          isManualConnection: false,
        },
        privateDnsZoneGroup: extra.dnsZoneId ? { name: 'default', privateDnsZoneIds: [extra.dnsZoneId] } : undefined,
        tags: props.tags,
      });
    }
    if (props.logDestination) {
      // No log_analytics_destination_type: registries log only to their own tables (ContainerRegistryLoginEvents,
      // ContainerRegistryRepositoryEvents) and Azure reads a type back as null for such resources, a change on every
      // plan (see lib/bastion/secure-bastion.ts and lib/core/log-destination.ts).
      addDiagnosticSetting(scope, 'Diagnostics', registry.id, props.logDestination, { categoryGroup: 'allLogs' });
    }
    return registry;
  }

  /**
   * Assigns the AKS allowed-images built-in at the scope given, through {@link KitPolicyAssignment} with the built-in
   * reference (so parameters are checked against the built-in's declarations).
   */
  private assignAllowedImages(props: QuarantinedContainerRegistryProps, effect: RegistryAllowedImagesEffect): KitPolicyAssignment {
    const scope = props.allowedImagesScope as string;
    const name = props.allowedImagesAssignmentName ?? 'acr-allowed-images';
    const namespaces = props.allowedImagesExcludedNamespaces;
    if (namespaces !== undefined) {
      if (!Array.isArray(namespaces)) invalid(this, 'allowedImagesExcludedNamespaces', namespaces, 'must be a list of Kubernetes namespace names');
      namespaces.forEach((ns, i) => {
        if (typeof ns !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) {
          invalid(this, `allowedImagesExcludedNamespaces[${i}]`, ns, 'must be a Kubernetes namespace name (RFC 1123 label: lower case, digits, "-", at most 63)');
        }
      });
    }
    if (isToken(scope)) {
      invalid(this, 'allowedImagesScope', scope, 'must be a literal id (the resource type is chosen from it): a subscription, resource group or management group id');
    }
    const parsed = parseResourceId(scope);
    let target: KitPolicyScope;
    if (scope.startsWith('/providers/')) {
      target = KitPolicyScope.managementGroup(requireManagementGroupId(this, 'allowedImagesScope', scope));
    } else if (parsed && parsed.resourceGroup && !parsed.provider) {
      target = KitPolicyScope.resourceGroup(requireResourceGroupId(this, 'allowedImagesScope', scope));
    } else if (parsed && !parsed.resourceGroup && !parsed.provider) {
      target = KitPolicyScope.subscription(requireSubscriptionId(this, 'allowedImagesScope', scope));
    } else {
      return invalid(this, 'allowedImagesScope', scope,
        'must be a subscription id "/subscriptions/<GUID>", a resource group id "/subscriptions/<GUID>/resourceGroups/<name>" '
        + 'or a management group id "/providers/Microsoft.Management/managementGroups/<name>"');
    }
    const max = target.kind === 'managementGroup' ? 24 : 64;
    if (typeof name !== 'string' || name.length < 1 || name.length > max || !ASSIGNMENT_NAME.test(name) || name.endsWith(' ')) {
      invalid(this, 'allowedImagesAssignmentName', name, `must be 1-${max} characters without <>*%&:\\?.+/# at this scope`);
    }
    const parameters: Record<string, unknown> = { allowedContainerImagesRegex: this.allowedImagesRegex, effect };
    if (namespaces !== undefined) parameters.excludedNamespaces = namespaces;
    return new KitPolicyAssignment(this, 'AllowedImages', {
      policy: KitBuiltinPolicy.fromId(this, REGISTRY_ALLOWED_IMAGES_POLICY_ID),
      scope: target,
      assignmentName: name,
      displayName: `Allowed images: only ${this.trustedLoginServer}`,
      description: `Kubernetes clusters may run only images promoted to the trusted registry ${this.trustedLoginServer} (cdktf-azure-guardrails registry quarantine).`,
      parameters,
      nonComplianceMessage: `Images must come from ${this.trustedLoginServer}: push to ${this.quarantineLoginServer}, and use the image once it has passed scanning.`,
      // The address this construct gave the assignment before it composed KitPolicyAssignment (`<path>/AllowedImages`),
      // so that existing deployments keep their assignment instead of replacing it.
      resourceAddress: 'construct',
    });
  }

  /**
   * Defender for Containers scans the images in quarantine. A DefenderForCloud in the same stack without the plan is
   * an error; without a DefenderForCloud in the stack the plan is someone else's to enable, so an annotation says so.
   * Checked now and again at synthesis (the Defender construct may be added after this one).
   */
  private checkDefenderForContainers(): void {
    const check = (atSynth: boolean): void => {
      const defender = DefenderForCloud.ofStack(this);
      if (!defender) {
        if (atSynth) {
          warn(this, 'guardrails:registry:defender-for-containers-unchecked',
            'Microsoft Defender for Containers must be enabled on this subscription (plan "Containers" with extension '
            + '"ContainerRegistriesVulnerabilityAssessments") so that images in quarantine are scanned; no DefenderForCloud construct is in this stack.');
        }
        return;
      }
      const plan = defender.planFor('Containers');
      if (!plan) {
        invalid(this, 'DefenderForCloud', defender.node.path,
          'enables no "Containers" plan: Defender for Containers must be on to scan images in quarantine; add the Containers plan to the DefenderForCloud construct');
      }
      if (!plan.extensions.some((e) => e.name === 'ContainerRegistriesVulnerabilityAssessments') && atSynth) {
        warn(this, 'guardrails:registry:no-registry-vulnerability-assessment',
          `${describeValue(defender.node.path)} enables Defender for Containers without the "ContainerRegistriesVulnerabilityAssessments" extension: registry images are not scanned, so a scanner of your own must mark them.`);
      }
    };
    check(false);
    let done = false;
    const aspect: IAspect = {
      visit: (node: IConstruct): void => {
        if (node !== this || done) return;
        done = true;
        check(true);
      },
    };
    Aspects.of(this).add(aspect);
  }
}

function requireRegistryName(scope: IConstruct, property: string, value: string, note = ''): string {
  if (typeof value !== 'string' || !REGISTRY_NAME_PATTERN.test(value)) {
    invalid(scope, property, value,
      `must be 5-50 letters and digits (no hyphens or dots)${note}; registry names are globally unique across Azure, so pick one nobody else uses`);
  }
  return value;
}

/** `/subscriptions/../virtualNetworks/<vnet>` of a subnet id (a Terraform expression when the id is a token). */
function vnetOfSubnet(subnetId: string): string {
  const m = /^(.*\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnetId);
  return m && !isToken(subnetId) ? m[1] : Fn.join('/', Fn.slice(Fn.split('/', subnetId), 0, 9));
}
