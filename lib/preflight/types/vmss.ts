/**
 * Microsoft.Compute/virtualMachineScaleSets (Uniform orchestration): Linux and Windows VM scale sets. Read from
 * internal/services/compute/ ({linux,windows}_virtual_machine_scale_set_resource.go resource*VirtualMachineScaleSetCreate,
 * virtual_machine_scale_set.go Expand*, shared_schema.go *VMSS expanders, ssh_keys.go expandSSHKeysVMSS) at azurerm
 * v4.55.0; API version from go-azure-sdk resource-manager/compute/2024-11-01/virtualmachinescalesets.
 *
 * The inline `extension` blocks are also `virtualMachineScaleSets/extensions` child resources (built-ins look for
 * them in existence conditions), shown as Azure shows them after a successful apply (provisioningState Succeeded:
 * azurerm waits for the scale set, extensions included, to be provisioned).
 */
import { ArmValue, Field, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown, isUnknownValue } from '../values';
import { edgeZone, identity, obj, rgId } from './common';

const S = 'internal/services/compute/';
const API = '2024-11-01';

type Raw = Record<string, unknown>;

function firstBlock(v: unknown): Raw | undefined | 'unknown' {
  const b = Array.isArray(v) ? v[0] : v;
  if (b === undefined) return undefined;
  if (b === null) return Array.isArray(v) ? {} : undefined; // an empty block (`boot_diagnostics {}`)
  if (isUnknownValue(b) || typeof b !== 'object' || Array.isArray(b)) return 'unknown';
  return b as Raw;
}

const str = (v: unknown, d = ''): ArmValue => (v === undefined || v === null ? d : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : UNKNOWN);

/** GetOk: only a non-zero value is sent. */
const nonZero = (v: ArmValue): ArmValue | typeof OMIT => (v === '' || v === 0 || v === false ? OMIT : v);
/** expandIDsToSubResources: `[{id}]` (an empty set gives []). */
const subResources = (v: ArmValue): ArmValue => (Array.isArray(v) ? v.map((id) => obj({ id })) : v);
const idRef = (v: ArmValue): ArmValue | typeof OMIT => (v === '' ? OMIT : obj({ id: v }));

/** formatUsernameForAuthorizedKeysPath (ssh_keys.go). */
function sshKeys(ctx: FieldContext): ArmValue {
  const raw = ctx.raw('admin_ssh_key');
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return isUnknownValue(raw) ? UNKNOWN : [];
  return raw.map((k) => {
    if (!k || typeof k !== 'object' || isUnknownValue(k)) return UNKNOWN;
    const o = k as Raw;
    const user = str(o.username);
    return obj({ keyData: str(o.public_key), path: typeof user === 'string' ? `/home/${user}/.ssh/authorized_keys` : UNKNOWN });
  });
}

/** ExpandVirtualMachineScaleSetNetworkInterface / expandVirtualMachineScaleSetIPConfiguration / ...PublicIPAddress. */
const networkInterfaces: Field = {
  to: 'properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations',
  arg: 'network_interface',
  required: true,
  block: {
    list: true,
    emptyList: true,
    fields: [
      { to: 'name', arg: 'name', default: '' },
      { to: 'properties.dnsSettings.dnsServers', arg: 'dns_servers', type: 'strings', default: [] },
      { to: 'properties.enableAcceleratedNetworking', arg: 'enable_accelerated_networking', type: 'bool', default: false },
      { to: 'properties.enableIPForwarding', arg: 'enable_ip_forwarding', type: 'bool', default: false },
      {
        to: 'properties.ipConfigurations',
        arg: 'ip_configuration',
        block: {
          list: true,
          emptyList: true,
          fields: [
            { to: 'name', arg: 'name', default: '' },
            { to: 'properties.primary', arg: 'primary', type: 'bool', default: false },
            { to: 'properties.privateIPAddressVersion', arg: 'version', default: 'IPv4' },
            { to: 'properties.applicationGatewayBackendAddressPools', arg: 'application_gateway_backend_address_pool_ids', type: 'strings', default: [], map: subResources },
            { to: 'properties.applicationSecurityGroups', arg: 'application_security_group_ids', type: 'strings', default: [], map: subResources },
            { to: 'properties.loadBalancerBackendAddressPools', arg: 'load_balancer_backend_address_pool_ids', type: 'strings', default: [], map: subResources },
            { to: 'properties.loadBalancerInboundNatPools', arg: 'load_balancer_inbound_nat_rules_ids', type: 'strings', default: [], map: subResources },
            { to: 'properties.subnet', arg: 'subnet_id', map: idRef, unknownAware: true },
            {
              to: 'properties.publicIPAddressConfiguration',
              arg: 'public_ip_address',
              block: {
                fields: [
                  { to: 'name', arg: 'name', default: '' },
                  { to: 'properties.ipTags', arg: 'ip_tag', block: { list: true, emptyList: true, fields: [{ to: 'tag', arg: 'tag', default: '' }, { to: 'ipTagType', arg: 'type', default: '' }] } },
                  { to: 'properties.publicIPAddressVersion', arg: 'version', default: 'IPv4' },
                  { to: 'properties.dnsSettings.domainNameLabel', arg: 'domain_name_label', map: nonZero },
                  { to: 'properties.idleTimeoutInMinutes', arg: 'idle_timeout_in_minutes', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
                  { to: 'properties.publicIPPrefix', arg: 'public_ip_prefix_id', map: idRef, unknownAware: true },
                ],
              },
            },
          ],
        },
      },
      { to: 'properties.primary', arg: 'primary', type: 'bool', default: false },
      { to: 'properties.auxiliaryMode', arg: 'auxiliary_mode', map: nonZero },
      { to: 'properties.auxiliarySku', arg: 'auxiliary_sku', map: nonZero },
      { to: 'properties.networkSecurityGroup', arg: 'network_security_group_id', map: idRef, unknownAware: true },
    ],
  },
};

/** ExpandVirtualMachineScaleSetOSDisk. */
function osDisk(osType: 'Linux' | 'Windows'): Field {
  return {
    to: 'properties.virtualMachineProfile.storageProfile.osDisk',
    arg: 'os_disk',
    required: true,
    block: {
      fields: [
        { to: 'caching', arg: 'caching', default: '' },
        { to: 'managedDisk.storageAccountType', arg: 'storage_account_type', default: '' },
        { to: 'writeAcceleratorEnabled', arg: 'write_accelerator_enabled', type: 'bool', default: false },
        { to: 'createOption', value: 'FromImage' },
        { to: 'osType', value: osType },
        { to: 'managedDisk.securityProfile.securityEncryptionType', arg: 'security_encryption_type', map: nonZero },
        { to: 'managedDisk.securityProfile.diskEncryptionSet', arg: 'secure_vm_disk_encryption_set_id', map: idRef, unknownAware: true },
        { to: 'managedDisk.diskEncryptionSet', arg: 'disk_encryption_set_id', map: idRef, unknownAware: true },
        { to: 'diskSizeGB', arg: 'disk_size_gb', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
        { to: 'diffDiskSettings', arg: 'diff_disk_settings', block: { fields: [{ to: 'option', arg: 'option', default: '' }, { to: 'placement', arg: 'placement', default: 'CacheDisk' }] } },
      ],
    },
  };
}

/** ExpandVirtualMachineScaleSetDataDisk. */
const dataDisks: Field = {
  to: 'properties.virtualMachineProfile.storageProfile.dataDisks',
  arg: 'data_disk',
  block: {
    list: true,
    emptyList: true,
    fields: [
      { to: 'caching', arg: 'caching', default: '' },
      { to: 'diskSizeGB', arg: 'disk_size_gb', type: 'number', default: 0 },
      { to: 'lun', arg: 'lun', type: 'number', default: 0 },
      { to: 'managedDisk.storageAccountType', arg: 'storage_account_type', default: '' },
      { to: 'writeAcceleratorEnabled', arg: 'write_accelerator_enabled', type: 'bool', default: false },
      { to: 'createOption', arg: 'create_option', default: 'Empty' },
      { to: 'name', arg: 'name', map: nonZero },
      { to: 'managedDisk.diskEncryptionSet', arg: 'disk_encryption_set_id', map: idRef, unknownAware: true },
      { to: 'diskIOPSReadWrite', arg: 'ultra_ssd_disk_iops_read_write', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
      { to: 'diskMBpsReadWrite', arg: 'ultra_ssd_disk_mbps_read_write', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
    ],
  },
};

/** expandSourceImageReferenceVMSS: source_image_id (community / shared gallery / image id) or the reference block. */
const imageReference: Field = {
  to: 'properties.virtualMachineProfile.storageProfile.imageReference',
  reads: ['source_image_reference', 'source_image_id'],
  compute: (ctx) => {
    const id = ctx.get('source_image_id');
    if (isUnknown(id)) return UNKNOWN;
    if (typeof id === 'string' && id !== '') {
      if (/^\/communityGalleries\//i.test(id)) return obj({ communityGalleryImageId: id });
      if (/^\/sharedGalleries\//i.test(id)) return obj({ sharedGalleryImageId: id });
      return obj({ id });
    }
    const b = firstBlock(ctx.raw('source_image_reference'));
    if (b === undefined) return OMIT;
    if (b === 'unknown') return UNKNOWN;
    return obj({ publisher: str(b.publisher), offer: str(b.offer), sku: str(b.sku), version: str(b.version) });
  },
};

/** expandVirtualMachineScaleSetExtensions (+ extensions_time_budget, Default "PT1H30M", always sent). */
const extensionProfile: Field[] = [
  {
    to: 'properties.virtualMachineProfile.extensionProfile.extensions',
    arg: 'extension',
    block: {
      list: true,
      fields: [
        { to: 'name', arg: 'name', default: '' },
        { to: 'properties.publisher', arg: 'publisher', default: '' },
        { to: 'properties.type', arg: 'type', default: '' },
        { to: 'properties.typeHandlerVersion', arg: 'type_handler_version', default: '' },
        { to: 'properties.autoUpgradeMinorVersion', arg: 'auto_upgrade_minor_version', type: 'bool', default: true },
        { to: 'properties.enableAutomaticUpgrade', arg: 'automatic_upgrade_enabled', type: 'bool', default: false },
        { to: 'properties.provisionAfterExtensions', arg: 'provision_after_extensions', type: 'strings', default: [] },
        { to: 'properties.forceUpdateTag', arg: 'force_update_tag', default: '' },
        { to: 'properties.settings', arg: 'settings', map: jsonSetting },
        { to: 'properties.protectedSettings', arg: 'protected_settings', map: jsonSetting },
        {
          to: 'properties.protectedSettingsFromKeyVault',
          arg: 'protected_settings_from_key_vault',
          block: { fields: [{ to: 'secretUrl', arg: 'secret_url', default: '' }, { to: 'sourceVault.id', arg: 'source_vault_id', default: '' }] },
        },
      ],
    },
  },
  { to: 'properties.virtualMachineProfile.extensionProfile.extensionsTimeBudget', arg: 'extensions_time_budget', default: 'PT1H30M', map: nonZero },
];

/** `settings` / `protected_settings`: JSON text sent as the parsed value (json.Unmarshal); "" is not sent. */
function jsonSetting(v: ArmValue): ArmValue | typeof OMIT {
  if (v === '') return OMIT;
  if (typeof v !== 'string') return v;
  try {
    return toArm(JSON.parse(v) as unknown, 0);
  } catch {
    return UNKNOWN; // azurerm refuses invalid JSON at apply
  }
}

function toArm(v: unknown, depth: number): ArmValue {
  if (depth > 32) return UNKNOWN;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((e) => toArm(e, depth + 1));
  if (typeof v === 'object') {
    const out = obj({});
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) if (k !== '__proto__') out[k] = toArm(e, depth + 1);
    return out;
  }
  return null;
}

/** The security profile: encryptionAtHost (GetOk: only true), confidential VM / trusted launch from the disk and booleans. */
const securityProfile: Field[] = [
  { to: 'properties.virtualMachineProfile.securityProfile.encryptionAtHost', arg: 'encryption_at_host_enabled', type: 'bool', map: (v) => (v === true ? true : OMIT) },
  {
    to: 'properties.virtualMachineProfile.securityProfile.securityType',
    reads: ['secure_boot_enabled', 'vtpm_enabled'],
    compute: (ctx) => {
      const set = securityEncryptionType(ctx);
      if (isUnknown(set)) return UNKNOWN;
      if (set !== '') return 'ConfidentialVM';
      const sb = ctx.get('secure_boot_enabled', 'bool');
      const vt = ctx.get('vtpm_enabled', 'bool');
      if (isUnknown(sb) || isUnknown(vt)) return UNKNOWN;
      return sb === true || vt === true ? 'TrustedLaunch' : OMIT;
    },
  },
  {
    to: 'properties.virtualMachineProfile.securityProfile.uefiSettings',
    compute: (ctx) => {
      const set = securityEncryptionType(ctx);
      const sb = ctx.get('secure_boot_enabled', 'bool') ?? false;
      const vt = ctx.get('vtpm_enabled', 'bool') ?? false;
      if (isUnknown(set) || isUnknown(sb) || isUnknown(vt)) return UNKNOWN;
      if (set !== '') return obj({ secureBootEnabled: sb, vTpmEnabled: vt });
      if (!sb && !vt) return OMIT;
      return obj({ ...(sb ? { secureBootEnabled: true } : {}), ...(vt ? { vTpmEnabled: true } : {}) });
    },
  },
];

function securityEncryptionType(ctx: FieldContext): ArmValue {
  const os = firstBlock(ctx.raw('os_disk'));
  if (os === 'unknown') return UNKNOWN;
  return os ? str(os.security_encryption_type) : '';
}

/** Properties both scale sets send (resourceLinuxVirtualMachineScaleSetCreate / resourceWindowsVirtualMachineScaleSetCreate). */
function commonFields(osType: 'Linux' | 'Windows'): Field[] {
  const vm = 'properties.virtualMachineProfile.';
  return [
    edgeZone(),
    { to: 'sku.name', arg: 'sku', required: true, default: '' },
    { to: 'sku.capacity', arg: 'instances', type: 'number', default: 0 },
    { to: 'sku.tier', value: 'Standard' },
    identity('systemAndUserMap', 'none'),
    { to: 'plan', arg: 'plan', block: { fields: [{ to: 'name', arg: 'name', default: '' }, { to: 'product', arg: 'product', default: '' }, { to: 'publisher', arg: 'publisher', default: '' }] } },
    { to: 'zones', arg: 'zones', type: 'strings', omitEmpty: true },
    // ExpandVirtualMachineScaleSetAdditionalCapabilities: {} without the block.
    { to: 'properties.additionalCapabilities', arg: 'additional_capabilities', block: { absent: {}, fields: [{ to: 'ultraSSDEnabled', arg: 'ultra_ssd_enabled', type: 'bool', default: false }] } },
    {
      to: 'properties.automaticRepairsPolicy',
      arg: 'automatic_instance_repair',
      block: { fields: [{ to: 'enabled', arg: 'enabled', type: 'bool', default: false }, { to: 'gracePeriod', arg: 'grace_period', default: '' }, { to: 'repairAction', arg: 'action', map: nonZero }] },
    },
    { to: 'properties.doNotRunExtensionsOnOverprovisionedVMs', arg: 'do_not_run_extensions_on_overprovisioned_machines', type: 'bool', default: false },
    { to: 'properties.overprovision', arg: 'overprovision', type: 'bool', default: true },
    { to: 'properties.singlePlacementGroup', arg: 'single_placement_group', type: 'bool', default: true },
    { to: 'properties.orchestrationMode', value: 'Uniform' },
    { to: 'properties.upgradePolicy.mode', arg: 'upgrade_mode', default: 'Manual' },
    {
      to: 'properties.upgradePolicy.automaticOSUpgradePolicy',
      arg: 'automatic_os_upgrade_policy',
      block: { fields: [{ to: 'disableAutomaticRollback', arg: 'disable_automatic_rollback', type: 'bool', default: false }, { to: 'enableAutomaticOSUpgrade', arg: 'enable_automatic_os_upgrade', type: 'bool', default: false }] },
    },
    {
      to: 'properties.upgradePolicy.rollingUpgradePolicy',
      arg: 'rolling_upgrade_policy',
      block: {
        fields: [
          { to: 'maxBatchInstancePercent', arg: 'max_batch_instance_percent', type: 'number', default: 0 },
          { to: 'maxUnhealthyInstancePercent', arg: 'max_unhealthy_instance_percent', type: 'number', default: 0 },
          { to: 'maxUnhealthyUpgradedInstancePercent', arg: 'max_unhealthy_upgraded_instance_percent', type: 'number', default: 0 },
          { to: 'pauseTimeBetweenBatches', arg: 'pause_time_between_batches', default: '' },
          { to: 'prioritizeUnhealthyInstances', arg: 'prioritize_unhealthy_instances_enabled', type: 'bool', default: false },
          { to: 'maxSurge', arg: 'maximum_surge_instances_enabled', type: 'bool', default: false },
          // Only with zones.
          { to: 'enableCrossZoneUpgrade', arg: 'cross_zone_upgrades_enabled', type: 'bool', default: false, when: (c) => { const z = c.parent?.get('zones', 'strings'); return isUnknown(z) || (Array.isArray(z) && z.length > 0); } },
        ],
      },
    },
    { to: 'properties.scaleInPolicy', arg: 'scale_in', block: { fields: [{ to: 'rules', arg: 'rule', default: 'Default', map: (v) => [v] }, { to: 'forceDeletion', arg: 'force_deletion_enabled', type: 'bool', default: false }] } },
    { to: 'properties.hostGroup', arg: 'host_group_id', map: idRef, unknownAware: true },
    { to: 'properties.spotRestorePolicy', arg: 'spot_restore', block: { fields: [{ to: 'enabled', arg: 'enabled', type: 'bool', default: false }, { to: 'restoreTimeout', arg: 'timeout', default: 'PT1H' }] } },
    { to: 'properties.resiliencyPolicy.resilientVMCreationPolicy.enabled', arg: 'resilient_vm_creation_enabled', type: 'bool', default: false },
    { to: 'properties.resiliencyPolicy.resilientVMDeletionPolicy.enabled', arg: 'resilient_vm_deletion_enabled', type: 'bool', default: false },
    { to: 'properties.platformFaultDomainCount', arg: 'platform_fault_domain_count', type: 'number', map: nonZero },
    { to: 'properties.proximityPlacementGroup', arg: 'proximity_placement_group_id', map: idRef, unknownAware: true },
    { to: 'properties.zoneBalance', arg: 'zone_balance', type: 'bool', map: (v) => (v === true ? true : OMIT) },
    // virtualMachineProfile
    { to: `${vm}priority`, arg: 'priority', default: 'Regular' },
    { to: `${vm}osProfile.adminUsername`, arg: 'admin_username', required: true, default: '' },
    { to: `${vm}osProfile.computerNamePrefix`, reads: ['computer_name_prefix'], compute: (c) => c.get('computer_name_prefix') || c.get('name') || UNKNOWN },
    { to: `${vm}osProfile.allowExtensionOperations`, arg: 'extension_operations_enabled', type: 'bool', default: true },
    { to: `${vm}osProfile.customData`, arg: 'custom_data', map: nonZero },
    {
      // expandBootDiagnosticsVMSS: disabled without the block; an empty block is managed boot diagnostics.
      to: `${vm}diagnosticsProfile.bootDiagnostics`,
      reads: ['boot_diagnostics'],
      compute: (c) => {
        const b = firstBlock(c.raw('boot_diagnostics'));
        if (b === undefined) return obj({ enabled: false, storageUri: '' });
        if (b === 'unknown') return UNKNOWN;
        return obj({ enabled: true, storageUri: str(b.storage_account_uri) });
      },
    },
    networkInterfaces,
    { to: `${vm}networkProfile.healthProbe`, arg: 'health_probe_id', map: idRef, unknownAware: true },
    imageReference,
    osDisk(osType),
    dataDisks,
    {
      // expandVirtualMachineScaleSetGalleryApplication
      to: `${vm}applicationProfile.galleryApplications`,
      arg: 'gallery_application',
      block: {
        list: true,
        fields: [
          { to: 'packageReferenceId', arg: 'version_id', default: '' },
          { to: 'configurationReference', arg: 'configuration_blob_uri', default: '' },
          { to: 'order', arg: 'order', type: 'number', default: 0 },
          { to: 'tags', arg: 'tag', default: '' },
        ],
      },
    },
    { to: `${vm}capacityReservation.capacityReservationGroup`, arg: 'capacity_reservation_group_id', map: idRef, unknownAware: true },
    ...extensionProfile,
    { to: `${vm}billingProfile.maxPrice`, arg: 'max_bid_price', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
    ...securityProfile,
    { to: `${vm}userData`, arg: 'user_data', map: nonZero },
    { to: `${vm}evictionPolicy`, arg: 'eviction_policy', map: nonZero },
    {
      to: `${vm}scheduledEventsProfile.terminateNotificationProfile`,
      arg: 'termination_notification',
      block: { fields: [{ to: 'enable', arg: 'enabled', type: 'bool', default: false }, { to: 'notBeforeTimeout', arg: 'timeout', default: 'PT5M' }] },
    },
  ];
}

/** The inline extensions as `virtualMachineScaleSets/extensions` children, provisioned after a successful apply. */
const extensionChildren: ResourceMapping['children'] = [
  {
    armType: 'Microsoft.Compute/virtualMachineScaleSets/extensions',
    fromArray: 'properties.virtualMachineProfile.extensionProfile.extensions',
    segment: 'extensions',
    properties: (p) => (p !== null && typeof p === 'object' && !Array.isArray(p) && !isUnknown(p) ? obj({ ...(p as Record<string, ArmValue>), provisioningState: 'Succeeded' }) : p),
  },
];

export const linuxVirtualMachineScaleSet: ResourceMapping = {
  terraformType: 'azurerm_linux_virtual_machine_scale_set',
  armType: 'Microsoft.Compute/virtualMachineScaleSets',
  apiVersion: API,
  source: `${S}linux_virtual_machine_scale_set_resource.go (resourceLinuxVirtualMachineScaleSetCreate), virtual_machine_scale_set.go, shared_schema.go, ssh_keys.go`,
  id: rgId('Microsoft.Compute/virtualMachineScaleSets'),
  fields: [
    ...commonFields('Linux'),
    { to: 'properties.virtualMachineProfile.osProfile.linuxConfiguration.disablePasswordAuthentication', arg: 'disable_password_authentication', type: 'bool', default: true },
    { to: 'properties.virtualMachineProfile.osProfile.linuxConfiguration.provisionVMAgent', arg: 'provision_vm_agent', type: 'bool', default: true },
    { to: 'properties.virtualMachineProfile.osProfile.linuxConfiguration.ssh.publicKeys', reads: ['admin_ssh_key'], compute: sshKeys },
    { to: 'properties.virtualMachineProfile.osProfile.adminPassword', arg: 'admin_password', map: nonZero },
    {
      // expandLinuxSecretsVMSS: always a list.
      to: 'properties.virtualMachineProfile.osProfile.secrets',
      arg: 'secret',
      block: { list: true, emptyList: true, fields: [{ to: 'sourceVault.id', arg: 'key_vault_id', default: '' }, { to: 'vaultCertificates', arg: 'certificate', block: { list: true, emptyList: true, fields: [{ to: 'certificateUrl', arg: 'url', default: '' }] } }] },
    },
  ],
  children: extensionChildren,
};

export const windowsVirtualMachineScaleSet: ResourceMapping = {
  terraformType: 'azurerm_windows_virtual_machine_scale_set',
  armType: 'Microsoft.Compute/virtualMachineScaleSets',
  apiVersion: API,
  source: `${S}windows_virtual_machine_scale_set_resource.go (resourceWindowsVirtualMachineScaleSetCreate), virtual_machine_scale_set.go, shared_schema.go (expandWinRMListenerVMSS, expandWindowsSecretsVMSS, expandAdditionalUnattendContentVMSS)`,
  id: rgId('Microsoft.Compute/virtualMachineScaleSets'),
  fields: [
    ...commonFields('Windows'),
    { to: 'properties.virtualMachineProfile.osProfile.adminPassword', arg: 'admin_password', required: true, default: '' },
    { to: 'properties.virtualMachineProfile.osProfile.windowsConfiguration.provisionVMAgent', arg: 'provision_vm_agent', type: 'bool', default: true },
    { to: 'properties.virtualMachineProfile.osProfile.windowsConfiguration.enableAutomaticUpdates', arg: 'enable_automatic_updates', type: 'bool', default: true },
    {
      // expandWinRMListenerVMSS: always {listeners: [...]}.
      to: 'properties.virtualMachineProfile.osProfile.windowsConfiguration.winRM.listeners',
      arg: 'winrm_listener',
      block: { list: true, emptyList: true, fields: [{ to: 'protocol', arg: 'protocol', default: '' }, { to: 'certificateUrl', arg: 'certificate_url', map: nonZero }] },
    },
    {
      to: 'properties.virtualMachineProfile.osProfile.windowsConfiguration.additionalUnattendContent',
      arg: 'additional_unattend_content',
      block: {
        list: true,
        fields: [
          { to: 'settingName', arg: 'setting', default: '' },
          { to: 'content', arg: 'content', default: '' },
          { to: 'passName', value: 'OobeSystem' },
          { to: 'componentName', value: 'Microsoft-Windows-Shell-Setup' },
        ],
      },
    },
    { to: 'properties.virtualMachineProfile.osProfile.windowsConfiguration.timeZone', arg: 'timezone', map: nonZero },
    { to: 'properties.virtualMachineProfile.licenseType', arg: 'license_type', map: nonZero },
    {
      to: 'properties.virtualMachineProfile.osProfile.secrets',
      arg: 'secret',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'sourceVault.id', arg: 'key_vault_id', default: '' },
          { to: 'vaultCertificates', arg: 'certificate', block: { list: true, emptyList: true, fields: [{ to: 'certificateStore', arg: 'store', default: '' }, { to: 'certificateUrl', arg: 'url', default: '' }] } },
        ],
      },
    },
  ],
  children: extensionChildren,
};

export const VMSS_MAPPINGS: readonly ResourceMapping[] = [linuxVirtualMachineScaleSet, windowsVirtualMachineScaleSet];
