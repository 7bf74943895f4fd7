/**
 * Microsoft.Compute: Linux and Windows virtual machines and managed disks, read from
 * internal/services/compute/ (linux_virtual_machine_resource.go, windows_virtual_machine_resource.go,
 * virtual_machine.go, shared_schema.go, ssh_keys.go, managed_disk_resource.go) at azurerm v4.55.0.
 */
import { ArmValue, Field, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { edgeZone, identity, obj, rgId } from './common';

const S = 'internal/services/compute/';

function block(ctx: FieldContext, arg: string): Record<string, unknown> | undefined | 'unknown' {
  const raw = ctx.raw(arg);
  const b = Array.isArray(raw) ? raw[0] : raw;
  if (b === undefined) return undefined;
  if (b === null) return Array.isArray(raw) ? {} : undefined; // an empty block (`boot_diagnostics {}`)
  if (isUnknown(b) || typeof b !== 'object' || Array.isArray(b)) return 'unknown';
  return b as Record<string, unknown>;
}

const str = (v: unknown, d = ''): ArmValue => (v === undefined || v === null ? d : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : UNKNOWN);
const bool = (v: unknown, d: boolean): ArmValue => (v === undefined || v === null ? d : typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN);
const num = (v: unknown, d: number): ArmValue => (v === undefined || v === null ? d : typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : UNKNOWN);

/** expandVirtualMachineOSDisk (virtual_machine.go); `os_managed_disk_id` attaches an existing disk instead. */
function osDisk(osType: 'Linux' | 'Windows'): Field {
  return {
    to: 'properties.storageProfile.osDisk',
    reads: ['os_disk', 'os_managed_disk_id'],
    compute: (ctx) => {
      const b = block(ctx, 'os_disk');
      if (b === undefined) {
        ctx.note('required block os_disk is not set');
        return OMIT;
      }
      if (b === 'unknown') return UNKNOWN;
      const disk = obj({
        caching: str(b.caching),
        managedDisk: obj({ storageAccountType: str(b.storage_account_type) }),
        writeAcceleratorEnabled: bool(b.write_accelerator_enabled, false),
        createOption: 'FromImage',
        osType,
      });
      const md = disk.managedDisk as Record<string, ArmValue>;
      const set = str(b.security_encryption_type);
      if (set !== '') md.securityProfile = obj({ securityEncryptionType: set });
      const secureDes = str(b.secure_vm_disk_encryption_set_id);
      if (secureDes !== '' && md.securityProfile) (md.securityProfile as Record<string, ArmValue>).diskEncryptionSet = obj({ id: secureDes });
      const size = num(b.disk_size_gb, 0);
      if (size !== 0) disk.diskSizeGB = size;
      const diff = Array.isArray(b.diff_disk_settings) ? b.diff_disk_settings[0] : b.diff_disk_settings;
      if (diff && typeof diff === 'object' && !isUnknown(diff)) {
        const dd = diff as Record<string, unknown>;
        disk.diffDiskSettings = obj({ option: str(dd.option), placement: str(dd.placement, 'CacheDisk') });
      }
      const des = str(b.disk_encryption_set_id);
      if (des !== '') md.diskEncryptionSet = obj({ id: des });
      const name = str(b.name);
      if (name !== '') disk.name = name;
      const attached = ctx.get('os_managed_disk_id');
      if (attached !== undefined && attached !== '') {
        md.id = attached;
        disk.createOption = 'Attach';
      }
      return disk;
    },
  };
}

/** Properties both VM resources send (resourceLinuxVirtualMachineCreate / resourceWindowsVirtualMachineCreate). */
function commonVmFields(osType: 'Linux' | 'Windows'): Field[] {
  return [
    edgeZone(),
    identity('systemAndUserMap', 'none'),
    {
      to: 'plan',
      arg: 'plan',
      block: { fields: [{ to: 'name', arg: 'name' }, { to: 'product', arg: 'product' }, { to: 'publisher', arg: 'publisher' }] },
    },
    {
      to: 'properties.applicationProfile.galleryApplications',
      arg: 'gallery_application',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'packageReferenceId', arg: 'version_id' },
          { to: 'configurationReference', arg: 'configuration_blob_uri', omitEmpty: true },
          { to: 'order', arg: 'order', type: 'number', default: 0 },
          { to: 'tags', arg: 'tag', omitEmpty: true },
          { to: 'enableAutomaticUpgrade', arg: 'automatic_upgrade_enabled', type: 'bool', default: false },
          { to: 'treatFailureAsDeploymentFailure', arg: 'treat_failure_as_deployment_failure_enabled', type: 'bool', default: false },
        ],
      },
    },
    { to: 'properties.hardwareProfile.vmSize', arg: 'size', required: true, default: '' },
    {
      // expandVirtualMachineNetworkInterfaceIDs: the first NIC is the primary one.
      to: 'properties.networkProfile.networkInterfaces',
      arg: 'network_interface_ids',
      type: 'strings',
      required: true,
      default: [],
      map: (v) => (Array.isArray(v) ? v.map((id, i) => obj({ id, properties: obj({ primary: i === 0 }) })) : v),
    },
    { to: 'properties.priority', arg: 'priority', default: 'Regular' },
    { to: 'properties.storageProfile.dataDisks', value: [] },
    {
      // expandVirtualMachineAdditionalCapabilities: an empty object without the block.
      to: 'properties.additionalCapabilities',
      arg: 'additional_capabilities',
      block: {
        absent: {},
        fields: [
          { to: 'ultraSSDEnabled', arg: 'ultra_ssd_enabled', type: 'bool', default: false },
          { to: 'hibernationEnabled', arg: 'hibernation_enabled', type: 'bool', default: false },
        ],
      },
    },
    {
      // expandBootDiagnostics: disabled without the block; an empty block is managed boot diagnostics.
      to: 'properties.diagnosticsProfile.bootDiagnostics',
      reads: ['boot_diagnostics'],
      compute: (ctx) => {
        const b = block(ctx, 'boot_diagnostics');
        if (b === undefined) return obj({ enabled: false, storageUri: '' });
        if (b === 'unknown') return UNKNOWN;
        return obj({ enabled: true, storageUri: str(b.storage_account_uri) });
      },
    },
    { to: 'properties.extensionsTimeBudget', arg: 'extensions_time_budget', default: 'PT1H30M' },
    osDisk(osType),
    {
      to: 'properties.storageProfile.imageReference',
      reads: ['source_image_reference', 'source_image_id'],
      compute: (ctx) => {
        if (ctx.has('os_managed_disk_id') && ctx.get('os_managed_disk_id') !== '') return OMIT;
        const id = ctx.get('source_image_id');
        if (isUnknown(id)) return UNKNOWN;
        if (typeof id === 'string' && id !== '') {
          if (/^\/communityGalleries\//i.test(id)) return obj({ communityGalleryImageId: id });
          if (/^\/sharedGalleries\//i.test(id)) return obj({ sharedGalleryImageId: id });
          return obj({ id });
        }
        const b = block(ctx, 'source_image_reference');
        if (b === undefined) return OMIT;
        if (b === 'unknown') return UNKNOWN;
        return obj({ publisher: str(b.publisher), offer: str(b.offer), sku: str(b.sku), version: str(b.version) });
      },
    },
    { to: 'properties.storageProfile.diskControllerType', arg: 'disk_controller_type', omitEmpty: true },
    { to: 'properties.securityProfile.encryptionAtHost', arg: 'encryption_at_host_enabled', type: 'bool', map: (v) => (v === false ? OMIT : v) },
    { to: 'properties.licenseType', arg: 'license_type', omitEmpty: true },
    {
      // Trusted launch / confidential VM: securityType and uefiSettings (secure_boot_enabled, vtpm_enabled).
      to: 'properties.securityProfile.securityType',
      reads: ['secure_boot_enabled', 'vtpm_enabled'],
      compute: (ctx) => {
        const os = block(ctx, 'os_disk');
        const confidential = os && os !== 'unknown' ? str(os.security_encryption_type) : UNKNOWN;
        if (isUnknown(confidential)) return UNKNOWN;
        if (confidential !== '') return 'ConfidentialVM';
        const sb = ctx.get('secure_boot_enabled', 'bool');
        const vt = ctx.get('vtpm_enabled', 'bool');
        if (isUnknown(sb) || isUnknown(vt)) return UNKNOWN;
        return sb === true || vt === true ? 'TrustedLaunch' : OMIT;
      },
    },
    {
      to: 'properties.securityProfile.uefiSettings',
      compute: (ctx) => {
        const os = block(ctx, 'os_disk');
        const confidential = os && os !== 'unknown' ? str(os.security_encryption_type) : UNKNOWN;
        const sb = ctx.get('secure_boot_enabled', 'bool') ?? false;
        const vt = ctx.get('vtpm_enabled', 'bool') ?? false;
        if (isUnknown(confidential) || isUnknown(sb) || isUnknown(vt)) return UNKNOWN;
        if (confidential !== '') return obj({ secureBootEnabled: sb, vTpmEnabled: vt });
        if (!sb && !vt) return OMIT;
        return obj({ ...(sb ? { secureBootEnabled: true } : {}), ...(vt ? { vTpmEnabled: true } : {}) });
      },
    },
    idSub('availability_set_id', 'properties.availabilitySet'),
    idSub('capacity_reservation_group_id', 'properties.capacityReservation.capacityReservationGroup'),
    idSub('dedicated_host_id', 'properties.host'),
    idSub('dedicated_host_group_id', 'properties.hostGroup'),
    idSub('proximity_placement_group_id', 'properties.proximityPlacementGroup'),
    idSub('virtual_machine_scale_set_id', 'properties.virtualMachineScaleSet'),
    { to: 'properties.evictionPolicy', arg: 'eviction_policy', omitEmpty: true },
    { to: 'properties.billingProfile.maxPrice', arg: 'max_bid_price', type: 'number', map: (v) => (typeof v === 'number' && v > 0 ? v : OMIT) },
    { to: 'properties.platformFaultDomain', arg: 'platform_fault_domain', type: 'number', map: (v) => (v === -1 ? OMIT : v) },
    { to: 'properties.userData', arg: 'user_data', omitEmpty: true },
    { to: 'zones', arg: 'zone', omitEmpty: true, map: (v) => [v] },
    {
      to: 'properties.scheduledEventsProfile.osImageNotificationProfile',
      arg: 'os_image_notification',
      block: { fields: [{ to: 'enable', value: true }, { to: 'notBeforeTimeout', arg: 'timeout', default: 'PT15M' }] },
    },
    {
      to: 'properties.scheduledEventsProfile.terminateNotificationProfile',
      arg: 'termination_notification',
      block: { fields: [{ to: 'enable', arg: 'enabled', type: 'bool', default: false }, { to: 'notBeforeTimeout', arg: 'timeout', default: 'PT5M' }] },
    },
  ];
}

function idSub(arg: string, to: string): Field {
  return { to, arg, omitEmpty: true, map: (v) => obj({ id: v }) };
}

/** OSProfile fields common to both, skipped when the OS disk is attached (os_managed_disk_id). */
function attached(ctx: FieldContext): boolean {
  const v = ctx.get('os_managed_disk_id');
  return typeof v === 'string' && v !== '';
}

function unlessAttached(f: Field): Field {
  return { ...f, when: (ctx) => !attached(ctx) };
}

/** A bool whose default applies when the raw configuration has it null (`d.GetRawConfig()...IsNull()`). */
function rawDefault(arg: string, d: boolean): (ctx: FieldContext) => ArmValue {
  return (ctx) => {
    const v = ctx.get(arg, 'bool');
    return v === undefined ? d : v;
  };
}

export const linuxVirtualMachine: ResourceMapping = {
  terraformType: 'azurerm_linux_virtual_machine',
  armType: 'Microsoft.Compute/virtualMachines',
  apiVersion: '2024-03-01',
  source: `${S}linux_virtual_machine_resource.go (resourceLinuxVirtualMachineCreate), virtual_machine.go, shared_schema.go, ssh_keys.go`,
  id: rgId('Microsoft.Compute/virtualMachines'),
  fields: [
    ...commonVmFields('Linux'),
    unlessAttached({ to: 'properties.osProfile.adminUsername', arg: 'admin_username', default: '' }),
    unlessAttached({ to: 'properties.osProfile.computerName', reads: ['computer_name'], compute: (ctx) => ctx.get('computer_name') || ctx.get('name') || UNKNOWN }),
    unlessAttached({ to: 'properties.osProfile.allowExtensionOperations', reads: ['allow_extension_operations'], compute: rawDefault('allow_extension_operations', true) }),
    unlessAttached({ to: 'properties.osProfile.linuxConfiguration.disablePasswordAuthentication', reads: ['disable_password_authentication'], compute: rawDefault('disable_password_authentication', true) }),
    unlessAttached({ to: 'properties.osProfile.linuxConfiguration.provisionVMAgent', reads: ['provision_vm_agent'], compute: rawDefault('provision_vm_agent', true) }),
    unlessAttached({
      to: 'properties.osProfile.linuxConfiguration.ssh.publicKeys',
      reads: ['admin_ssh_key'],
      compute: (ctx) => {
        const raw = ctx.raw('admin_ssh_key');
        if (raw === undefined || raw === null) return [];
        if (!Array.isArray(raw)) return isUnknown(raw) ? UNKNOWN : [];
        return raw.map((k) => {
          if (!k || typeof k !== 'object' || isUnknown(k)) return UNKNOWN;
          const o = k as Record<string, unknown>;
          const user = str(o.username);
          return obj({ keyData: str(o.public_key), path: typeof user === 'string' ? `/home/${user}/.ssh/authorized_keys` : UNKNOWN });
        });
      },
    }),
    unlessAttached({
      to: 'properties.osProfile.secrets',
      arg: 'secret',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'sourceVault.id', arg: 'key_vault_id' },
          { to: 'vaultCertificates', arg: 'certificate', block: { list: true, emptyList: true, fields: [{ to: 'certificateUrl', arg: 'url' }] } },
        ],
      },
    }),
    unlessAttached({ to: 'properties.osProfile.linuxConfiguration.patchSettings.patchMode', arg: 'patch_mode', default: 'ImageDefault' }),
    unlessAttached({ to: 'properties.osProfile.linuxConfiguration.patchSettings.assessmentMode', arg: 'patch_assessment_mode', default: 'ImageDefault', map: (v) => (v === '' ? 'ImageDefault' : v) }),
    unlessAttached({ to: 'properties.osProfile.linuxConfiguration.patchSettings.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule', arg: 'bypass_platform_safety_checks_on_user_schedule_enabled', type: 'bool', map: (v) => (v === true ? true : OMIT) }),
    unlessAttached({ to: 'properties.osProfile.linuxConfiguration.patchSettings.automaticByPlatformSettings.rebootSetting', arg: 'reboot_setting', omitEmpty: true }),
    unlessAttached({
      // The password is sent only with password authentication enabled.
      to: 'properties.osProfile.adminPassword',
      reads: ['admin_password'],
      compute: (ctx) => {
        const disable = rawDefault('disable_password_authentication', true)(ctx);
        if (isUnknown(disable)) return UNKNOWN;
        return disable ? OMIT : (ctx.get('admin_password') ?? '');
      },
    }),
    unlessAttached({ to: 'properties.osProfile.customData', arg: 'custom_data', omitEmpty: true }),
  ],
  otherArgs: ['os_managed_disk_id'],
};

export const windowsVirtualMachine: ResourceMapping = {
  terraformType: 'azurerm_windows_virtual_machine',
  armType: 'Microsoft.Compute/virtualMachines',
  apiVersion: '2024-03-01',
  source: `${S}windows_virtual_machine_resource.go (resourceWindowsVirtualMachineCreate), virtual_machine.go, shared_schema.go (expandWinRMListener)`,
  id: rgId('Microsoft.Compute/virtualMachines'),
  fields: [
    ...commonVmFields('Windows'),
    unlessAttached({ to: 'properties.osProfile.adminPassword', arg: 'admin_password', default: '' }),
    unlessAttached({ to: 'properties.osProfile.adminUsername', arg: 'admin_username', default: '' }),
    unlessAttached({ to: 'properties.osProfile.computerName', reads: ['computer_name'], compute: (ctx) => ctx.get('computer_name') || ctx.get('name') || UNKNOWN }),
    unlessAttached({ to: 'properties.osProfile.allowExtensionOperations', reads: ['allow_extension_operations'], compute: rawDefault('allow_extension_operations', true) }),
    unlessAttached({ to: 'properties.osProfile.windowsConfiguration.provisionVMAgent', reads: ['provision_vm_agent'], compute: rawDefault('provision_vm_agent', true) }),
    unlessAttached({
      to: 'properties.osProfile.windowsConfiguration.enableAutomaticUpdates',
      reads: ['automatic_updates_enabled', 'enable_automatic_updates'],
      compute: (ctx) => ctx.get('enable_automatic_updates', 'bool') ?? ctx.get('automatic_updates_enabled', 'bool') ?? true,
    }),
    unlessAttached({
      to: 'properties.osProfile.windowsConfiguration.winRM.listeners',
      arg: 'winrm_listener',
      block: { list: true, emptyList: true, fields: [{ to: 'protocol', arg: 'protocol' }, { to: 'certificateUrl', arg: 'certificate_url', omitEmpty: true }] },
    }),
    unlessAttached({
      to: 'properties.osProfile.secrets',
      arg: 'secret',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'sourceVault.id', arg: 'key_vault_id' },
          { to: 'vaultCertificates', arg: 'certificate', block: { list: true, emptyList: true, fields: [{ to: 'certificateStore', arg: 'store' }, { to: 'certificateUrl', arg: 'url' }] } },
        ],
      },
    }),
    // patch_mode / patch_assessment_mode are Optional+Computed without a default: d.Get gives "" when unset.
    unlessAttached({ to: 'properties.osProfile.windowsConfiguration.patchSettings.patchMode', arg: 'patch_mode', default: '' }),
    unlessAttached({ to: 'properties.osProfile.windowsConfiguration.patchSettings.enableHotpatching', arg: 'hotpatching_enabled', type: 'bool', default: false }),
    unlessAttached({ to: 'properties.osProfile.windowsConfiguration.patchSettings.assessmentMode', arg: 'patch_assessment_mode', default: '' }),
    unlessAttached({ to: 'properties.osProfile.windowsConfiguration.patchSettings.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule', arg: 'bypass_platform_safety_checks_on_user_schedule_enabled', type: 'bool', map: (v) => (v === true ? true : OMIT) }),
    unlessAttached({ to: 'properties.osProfile.windowsConfiguration.patchSettings.automaticByPlatformSettings.rebootSetting', arg: 'reboot_setting', omitEmpty: true }),
    unlessAttached({ to: 'properties.osProfile.windowsConfiguration.timeZone', arg: 'timezone', omitEmpty: true }),
    unlessAttached({ to: 'properties.osProfile.customData', arg: 'custom_data', omitEmpty: true }),
  ],
  otherArgs: ['os_managed_disk_id', 'additional_unattend_content'],
};

export const managedDisk: ResourceMapping = {
  terraformType: 'azurerm_managed_disk',
  armType: 'Microsoft.Compute/disks',
  apiVersion: '2023-04-02',
  source: `${S}managed_disk_resource.go (resourceManagedDiskCreate)`,
  id: rgId('Microsoft.Compute/disks'),
  fields: [
    edgeZone(),
    { to: 'sku.name', arg: 'storage_account_type', required: true, default: '' },
    { to: 'properties.creationData.createOption', arg: 'create_option', required: true, default: '' },
    { to: 'properties.creationData.performancePlus', arg: 'performance_plus_enabled', type: 'bool', default: false },
    { to: 'properties.creationData.logicalSectorSize', arg: 'logical_sector_size', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.creationData.sourceUri', reads: ['source_uri', 'storage_account_id'], compute: (c) => (/^Import/.test(String(c.get('create_option'))) ? (c.get('source_uri') ?? '') : OMIT) },
    { to: 'properties.creationData.storageAccountId', compute: (c) => (/^Import/.test(String(c.get('create_option'))) ? (c.get('storage_account_id') ?? '') : OMIT) },
    { to: 'properties.creationData.sourceResourceId', reads: ['source_resource_id'], compute: (c) => (['Copy', 'Restore'].includes(String(c.get('create_option'))) ? (c.get('source_resource_id') ?? '') : OMIT) },
    { to: 'properties.creationData.imageReference.id', reads: ['image_reference_id'], compute: (c) => (c.get('create_option') === 'FromImage' && c.get('image_reference_id') ? (c.get('image_reference_id') as ArmValue) : OMIT) },
    { to: 'properties.creationData.galleryImageReference.id', reads: ['gallery_image_reference_id'], compute: (c) => (c.get('create_option') === 'FromImage' && !c.get('image_reference_id') && c.get('gallery_image_reference_id') ? (c.get('gallery_image_reference_id') as ArmValue) : OMIT) },
    { to: 'properties.creationData.uploadSizeBytes', reads: ['upload_size_bytes'], compute: (c) => (c.get('create_option') === 'Upload' ? (c.get('upload_size_bytes', 'number') ?? OMIT) : OMIT) },
    { to: 'properties.optimizedForFrequentAttach', arg: 'optimized_frequent_attach_enabled', type: 'bool', default: false },
    { to: 'properties.osType', arg: 'os_type', default: '' },
    {
      // A disk encryption set's type is read from the set at apply time.
      to: 'properties.encryption',
      reads: ['disk_encryption_set_id'],
      compute: (c) => {
        const des = c.get('disk_encryption_set_id');
        if (des === undefined || des === '') return obj({ type: 'EncryptionAtRestWithPlatformKey' });
        return obj({ type: UNKNOWN, diskEncryptionSetId: des });
      },
    },
    { to: 'properties.diskSizeGB', arg: 'disk_size_gb', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.maxShares', arg: 'max_shares', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.networkAccessPolicy', arg: 'network_access_policy', default: 'AllowAll' },
    { to: 'properties.diskAccessId', reads: ['disk_access_id'], compute: (c) => (c.get('network_access_policy') === 'AllowPrivate' && c.has('disk_access_id') ? (c.get('disk_access_id') as ArmValue) : OMIT) },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: (v) => (v ? 'Enabled' : 'Disabled') },
    { to: 'properties.tier', arg: 'tier', omitEmpty: true },
    {
      to: 'properties.securityProfile',
      reads: ['trusted_launch_enabled', 'security_type', 'secure_vm_disk_encryption_set_id'],
      compute: (c) => {
        const tl = c.get('trusted_launch_enabled', 'bool');
        const st = c.get('security_type');
        if (isUnknown(tl) || isUnknown(st)) return UNKNOWN;
        if (typeof st === 'string' && st !== '') {
          const p = obj({ securityType: st });
          const des = c.get('secure_vm_disk_encryption_set_id');
          if (des !== undefined && des !== '') p.secureVMDiskEncryptionSetId = des;
          return p;
        }
        return tl === true ? obj({ securityType: 'TrustedLaunch' }) : OMIT;
      },
    },
    { to: 'properties.burstingEnabled', arg: 'on_demand_bursting_enabled', type: 'bool', map: (v) => (v === true ? true : OMIT) },
    { to: 'properties.hyperVGeneration', arg: 'hyper_v_generation', omitEmpty: true },
    { to: 'properties.diskIOPSReadWrite', arg: 'disk_iops_read_write', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.diskMBpsReadWrite', arg: 'disk_mbps_read_write', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.diskIOPSReadOnly', arg: 'disk_iops_read_only', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.diskMBpsReadOnly', arg: 'disk_mbps_read_only', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'zones', arg: 'zone', omitEmpty: true, map: (v) => [v] },
  ],
  otherArgs: ['encryption_settings'],
  notes: [],
};

export const COMPUTE_MAPPINGS: readonly ResourceMapping[] = [linuxVirtualMachine, windowsVirtualMachine, managedDisk];
