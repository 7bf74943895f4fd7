import { BastionHost } from '@cdktf/provider-azurerm/lib/bastion-host';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroupTemplateDeployment } from '@cdktf/provider-azurerm/lib/resource-group-template-deployment';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { warn } from '../core/annotations';
import { armExpression, armStringLiteral, ArmTemplate } from '../core/arm-template';
import { invalid, oneOf } from '../core/errors';
import { addDiagnosticSetting, DiagnosticsOptions, ILogDestination } from '../core/log-destination';
import {
  cidrContains, Ipv4Cidr, isToken, parseResourceId, requireIntegerInRange, requireIpv4Cidr, requireLocation, requireOneOf,
  requireResourceId, requireTags,
} from '../core/validate';
import { bastionNsgRules } from './nsg-rules';
import { TerraformLiterals } from '../core/terraform-literal';

/** Azure Bastion SKUs, from the smallest to the largest. */
export type BastionSku = 'Developer' | 'Basic' | 'Standard' | 'Premium';

/** All SKUs in ascending order of features. */
export const BASTION_SKUS: readonly BastionSku[] = ['Developer', 'Basic', 'Standard', 'Premium'];

/** The subnet name Azure requires for Bastion. */
export const BASTION_SUBNET_NAME = 'AzureBastionSubnet';

/** Smallest subnet Azure accepts for Bastion (`/26`: 64 addresses). */
export const BASTION_SUBNET_MAX_PREFIX = 26;

/** API version used for the template-deployed host (private-only, which azurerm 4.55 cannot express). */
export const BASTION_ARM_API_VERSION = '2024-05-01';

/**
 * Props of {@link SecureBastion}. All values are plain strings, numbers, booleans and string arrays, so they map
 * one-to-one from a JSON config file.
 */
export interface SecureBastionProps {
  /** Name of the Bastion host. The public IP is named `<name>-pip`, the NSG `<name>-nsg`. */
  readonly name: string;
  /** Resource group of the host, its public IP and its NSG. */
  readonly resourceGroupName: string;
  /** Azure region in ARM form (`westeurope`). Must be the VNet's region. */
  readonly location: string;
  /**
   * SKU. `Developer` shares Microsoft-managed infrastructure (no subnet, NSG or public IP of its own);
   * `Standard` is the smallest SKU that can switch copy/paste off and be scaled.
   * @default 'Standard'
   */
  readonly sku?: BastionSku;

  /**
   * Resource id of an existing VNet to put Bastion in. Without it a new VNet is created
   * (`virtualNetworkName`, `virtualNetworkAddressSpace`).
   * @default - a new VNet is created
   */
  readonly virtualNetworkId?: string;
  /**
   * Address space of the VNet. Required for a new VNet; for an existing one it is used to check that the Bastion
   * subnet lies inside it.
   * @default - required for a new VNet; not checked for an existing one
   */
  readonly virtualNetworkAddressSpace?: string[];
  /**
   * Name of the new VNet (ignored with `virtualNetworkId`).
   * @default '<name>-vnet'
   */
  readonly virtualNetworkName?: string;

  /**
   * Address prefix of the `AzureBastionSubnet` to create, `/26` or larger, inside the VNet's address space.
   * Required unless `subnetId` adopts an existing subnet (or the SKU is `Developer`).
   * @default - required when the construct creates the subnet
   */
  readonly subnetAddressPrefix?: string;
  /**
   * Resource id of an existing subnet named exactly `AzureBastionSubnet` to adopt instead of creating one. Give
   * `subnetAddressPrefix` too to have its size and placement checked.
   * @default - the subnet is created
   */
  readonly subnetId?: string;
  /**
   * Create the NSG with exactly the rules Bastion needs and associate it with the subnet. Switch off only when the
   * adopted subnet's NSG is managed elsewhere (and then make sure it has the same rules).
   * @default true
   */
  readonly networkSecurityGroupEnabled?: boolean;
  /**
   * Ports Bastion may connect to on target VMs, allowed outbound to `VirtualNetwork` by the NSG: single ports or
   * ranges (`"5985-5986"`). Add the custom ports you connect to with the native client or IP connect (Standard and
   * higher); everything else is denied by the NSG's final rule.
   * @default ['22', '3389']
   */
  readonly targetPorts?: string[];

  /**
   * Copy/paste in browser sessions. Switching it off needs `Standard` or higher.
   * @default true
   */
  readonly copyPasteEnabled?: boolean;
  /**
   * File upload/download in sessions (`Standard` or higher).
   * @default false
   */
  readonly fileCopyEnabled?: boolean;
  /**
   * Connect to VMs by private IP address (`Standard` or higher).
   * @default false
   */
  readonly ipConnectEnabled?: boolean;
  /**
   * Kerberos authentication (`Standard` or higher, as azurerm enforces).
   * @default false
   */
  readonly kerberosEnabled?: boolean;
  /**
   * Native client support (`az network bastion ssh/rdp/tunnel`) (`Standard` or higher).
   * @default false
   */
  readonly tunnelingEnabled?: boolean;
  /**
   * Shareable links: anyone holding the link reaches the VM without signing in to Azure. Off unless asked for;
   * turning it on adds a warning (`Standard` or higher).
   * @default false
   */
  readonly shareableLinkEnabled?: boolean;
  /**
   * Host scale units, 2 to 50. More than 2 needs `Standard` or higher.
   * @default 2
   */
  readonly scaleUnits?: number;
  /**
   * Record sessions (`Premium`; needs a storage container configured on the host afterwards).
   * @default false
   */
  readonly sessionRecordingEnabled?: boolean;
  /**
   * Private-only deployment: no public IP, reachable only over private connectivity (`Premium`). azurerm 4.55 has no
   * argument for it, so the host is deployed with an ARM template deployment (`Microsoft.Network/bastionHosts`
   * API 2024-05-01) instead of `azurerm_bastion_host`.
   * @default false
   */
  readonly privateOnly?: boolean;
  /**
   * Availability zones for the host and its public IP (`Basic` or higher): one zone, or `["1", "2", "3"]`. Two zones
   * are refused while a public IP is created (Azure makes such an IP zone-redundant, and every plan would replace it).
   * @default - no zones
   */
  readonly zones?: string[];

  /**
   * Send the host's logs (`BastionAuditLogs`) to the SIEM: the SIEM construct or a plain object of ids.
   * @default - no diagnostic setting
   */
  readonly logDestination?: ILogDestination;
  /**
   * Diagnostic setting options.
   * @default - all logs (`allLogs` category group), no metrics
   */
  readonly diagnostics?: DiagnosticsOptions;
  /**
   * Tags for every resource the construct creates.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/** The smallest SKU each option needs. */
const NEEDS: Record<string, BastionSku> = {
  copyPasteEnabled: 'Standard',
  fileCopyEnabled: 'Standard',
  ipConnectEnabled: 'Standard',
  kerberosEnabled: 'Standard',
  tunnelingEnabled: 'Standard',
  shareableLinkEnabled: 'Standard',
  scaleUnits: 'Standard',
  sessionRecordingEnabled: 'Premium',
  privateOnly: 'Premium',
  zones: 'Basic',
};

function rank(sku: BastionSku): number {
  return BASTION_SKUS.indexOf(sku);
}

/**
 * Azure Bastion with the network around it done right: the `AzureBastionSubnet` (created or adopted, checked for
 * name, size and placement), an NSG with exactly the rules Bastion needs and an explicit deny for everything else,
 * a Standard static public IP (not for `Developer` or private-only `Premium`), and the host, with SKU-aware options.
 *
 * Construct ids (public API): `Resource` (the host), `VirtualNetwork`, `Subnet`, `NetworkSecurityGroup`,
 * `Rule<RuleName>`, `SubnetNsgAssociation`, `PublicIp`, `Diagnostics`.
 */
export class SecureBastion extends Construct {
  /** The SKU in use. */
  public readonly sku: BastionSku;
  /** Resource id of the Bastion host. */
  public readonly hostId: string;
  /** The `azurerm_bastion_host` (undefined for private-only, which is template-deployed). */
  public readonly host?: BastionHost;
  /** The template deployment of a private-only host (undefined otherwise). */
  public readonly hostDeployment?: ResourceGroupTemplateDeployment;
  /** Resource id of the VNet. */
  public readonly virtualNetworkId: string;
  /** The VNet, when the construct created it. */
  public readonly virtualNetwork?: VirtualNetwork;
  /** Resource id of the `AzureBastionSubnet` (undefined for `Developer`). */
  public readonly subnetId?: string;
  /** The subnet, when the construct created it. */
  public readonly subnet?: Subnet;
  /** The subnet's NSG, when the construct created it. */
  public readonly networkSecurityGroup?: NetworkSecurityGroup;
  /** The NSG rules, when the construct created them. */
  public readonly networkSecurityRules: readonly NetworkSecurityRule[];
  /** The public IP, when the SKU and mode need one. */
  public readonly publicIp?: PublicIp;

  constructor(scope: Construct, id: string, props: SecureBastionProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    const sku = (this.sku = requireOneOf(this, 'sku', props.sku ?? 'Standard', BASTION_SKUS));
    requireLocation(this, 'location', props.location);
    this.checkName(props);
    if (!props.resourceGroupName) invalid(this, 'resourceGroupName', props.resourceGroupName, 'must be a non-empty string');
    this.checkSkuOptions(props, sku);
    requireTags(this, 'tags', props.tags);
    const tags = props.tags;

    // --- VNet ------------------------------------------------------------------------------------------------
    const addressSpace = (props.virtualNetworkAddressSpace ?? []).map((cidr, i) =>
      requireIpv4Cidr(this, `virtualNetworkAddressSpace[${i}]`, cidr));
    let vnetName: string;
    let vnetResourceGroup: string;
    if (props.virtualNetworkId !== undefined) {
      requireResourceId(this, 'virtualNetworkId', props.virtualNetworkId, 'Microsoft.Network/virtualNetworks');
      this.virtualNetworkId = props.virtualNetworkId;
      const parsed = parseResourceId(props.virtualNetworkId);
      vnetName = parsed?.name ?? Fn.element(Fn.split('/', props.virtualNetworkId), 8);
      vnetResourceGroup = parsed?.resourceGroup ?? Fn.element(Fn.split('/', props.virtualNetworkId), 4);
    } else {
      if (!props.virtualNetworkAddressSpace || props.virtualNetworkAddressSpace.length === 0) {
        invalid(this, 'virtualNetworkAddressSpace', props.virtualNetworkAddressSpace,
          'is required when no virtualNetworkId is given (the construct creates the VNet): give CIDR blocks such as ["10.0.0.0/24"]');
      }
      vnetName = props.virtualNetworkName ?? `${props.name}-vnet`;
      vnetResourceGroup = props.resourceGroupName;
      this.virtualNetwork = new VirtualNetwork(this, 'VirtualNetwork', {
        name: vnetName,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        addressSpace: props.virtualNetworkAddressSpace,
        tags,
      });
      this.virtualNetworkId = this.virtualNetwork.id;
    }

    // --- Subnet, NSG, public IP (not for Developer) ---------------------------------------------------------
    const targetPorts = this.checkTargetPorts(props, sku);
    const networkDependencies: ITerraformDependable[] = [];
    const rules: NetworkSecurityRule[] = [];
    if (sku === 'Developer') {
      for (const prop of ['subnetId', 'subnetAddressPrefix'] as const) {
        if (props[prop] !== undefined) {
          invalid(this, prop, props[prop],
            'is not used with sku "Developer" (it runs on shared Microsoft-managed infrastructure without an AzureBastionSubnet): remove it, or choose sku "Basic" or higher');
        }
      }
    } else {
      const resolved = this.resolveSubnet(props, addressSpace, vnetName, vnetResourceGroup);
      this.subnetId = resolved.id;
      this.subnet = resolved.subnet;
      if (props.networkSecurityGroupEnabled !== false) {
        this.networkSecurityGroup = new NetworkSecurityGroup(this, 'NetworkSecurityGroup', {
          name: `${props.name}-nsg`,
          resourceGroupName: props.resourceGroupName,
          location: props.location,
          tags,
        });
        // Standalone rules (never inline security_rule blocks), so that rules added outside this construct are
        // not wiped on the next apply.
        for (const rule of bastionNsgRules({ privateOnly: props.privateOnly, targetPorts })) {
          const single = rule.destinationPortRanges.length === 1;
          rules.push(new NetworkSecurityRule(this, `Rule${rule.name}`, {
            name: rule.name,
            resourceGroupName: props.resourceGroupName,
            networkSecurityGroupName: this.networkSecurityGroup.name,
            priority: rule.priority,
            direction: rule.direction,
            access: rule.access,
            protocol: rule.protocol,
            sourcePortRange: '*',
            sourceAddressPrefix: rule.sourceAddressPrefix,
            destinationAddressPrefix: rule.destinationAddressPrefix,
            destinationPortRange: single ? rule.destinationPortRanges[0] : undefined,
            destinationPortRanges: single ? undefined : [...rule.destinationPortRanges],
            description: rule.description,
          }));
        }
        // Azure checks the NSG when the subnet is associated and when the host is created: all rules first.
        const association = new SubnetNetworkSecurityGroupAssociation(this, 'SubnetNsgAssociation', {
          subnetId: this.subnetId,
          networkSecurityGroupId: this.networkSecurityGroup.id,
          dependsOn: rules,
        });
        networkDependencies.push(association);
      }
      if (!props.privateOnly) {
        this.publicIp = new PublicIp(this, 'PublicIp', {
          name: `${props.name}-pip`,
          resourceGroupName: props.resourceGroupName,
          location: props.location,
          sku: 'Standard',
          allocationMethod: 'Static',
          zones: props.zones,
          tags,
        });
      }
    }
    this.networkSecurityRules = rules;

    if (props.shareableLinkEnabled) {
      warn(this, 'guardrails:bastion:shareable-links',
        'shareableLinkEnabled: anyone who holds a shareable link reaches the VM without signing in to Azure. ' +
        'Prefer per-user access; if links are needed, review and delete them regularly.');
    }

    // --- Host ------------------------------------------------------------------------------------------------
    if (props.privateOnly) {
      this.hostDeployment = this.privateOnlyHost(props, networkDependencies);
      this.hostId = Fn.lookupNested(Fn.jsondecode(this.hostDeployment.outputContent), ['hostId', 'value']);
    } else {
      this.host = new BastionHost(this, 'Resource', {
        name: props.name,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        sku,
        copyPasteEnabled: props.copyPasteEnabled ?? true,
        fileCopyEnabled: props.fileCopyEnabled ?? false,
        ipConnectEnabled: props.ipConnectEnabled ?? false,
        kerberosEnabled: props.kerberosEnabled ?? false,
        tunnelingEnabled: props.tunnelingEnabled ?? false,
        shareableLinkEnabled: props.shareableLinkEnabled ?? false,
        sessionRecordingEnabled: props.sessionRecordingEnabled ?? false,
        scaleUnits: sku === 'Developer' ? undefined : (props.scaleUnits ?? 2),
        zones: props.zones,
        virtualNetworkId: sku === 'Developer' ? this.virtualNetworkId : undefined,
        ipConfiguration: sku === 'Developer' ? undefined : {
          name: 'ipconfig',
          subnetId: this.subnetId!,
          publicIpAddressId: this.publicIp!.id,
        },
        dependsOn: networkDependencies.length > 0 ? networkDependencies : undefined,
        tags,
      });
      this.hostId = this.host.id;
    }

    if (props.logDestination) {
      // No log_analytics_destination_type: Bastion writes to its own table (MicrosoftAzureBastionAuditLogs) with no
      // AzureDiagnostics mode to choose from, and Azure answers such a type with null on read (Azure/azure-rest-api-specs
      // #9281, #22400), which azurerm v4.55.0 stores (monitor_diagnostic_setting_resource.go read) so that a
      // "Dedicated" in the config is a change on every plan. Left unset, the Optional+Computed argument takes
      // whatever Azure reports. A caller can still set it through `diagnostics`.
      addDiagnosticSetting(this, 'Diagnostics', this.hostId, props.logDestination, { ...props.diagnostics });
    }
  }

  /**
   * The host name as azurerm validates it (letters, digits, `_`, `.`, `-`; starts with a letter or digit, ends with a
   * letter, digit or `_`; at most 80), and the names derived from it within Azure's limits: VNet `<name>-vnet`
   * (64), public IP `<name>-pip` and NSG `<name>-nsg` (80), deployment `<name>-bastion` (64).
   */
  private checkName(props: SecureBastionProps): void {
    const name = props.name;
    if (!name || typeof name !== 'string') invalid(this, 'name', name, 'must be a non-empty string');
    if (isToken(name)) return;
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]+[A-Za-z0-9_]$/.test(name) || name.length > 80) {
      invalid(this, 'name', name,
        'must be 3-80 letters, digits, "_", "." or "-", starting with a letter or digit and ending with a letter, digit or "_"');
    }
    const derived: [string, number, boolean][] = [
      [`${name}-vnet`, 64, props.virtualNetworkId === undefined && props.virtualNetworkName === undefined],
      [`${name}-pip`, 80, props.sku !== 'Developer' && !props.privateOnly],
      [`${name}-nsg`, 80, props.sku !== 'Developer' && props.networkSecurityGroupEnabled !== false],
      [`${name}-bastion`, 64, props.privateOnly === true],
    ];
    for (const [derivedName, max, used] of derived) {
      if (used && derivedName.length > max) {
        invalid(this, 'name', name, `is too long: the derived name "${derivedName}" exceeds Azure's ${max}-character limit; shorten name`);
      }
    }
  }

  /** Target ports for the outbound rule: single ports or ranges within 1-65535, no duplicates. */
  private checkTargetPorts(props: SecureBastionProps, sku: BastionSku): string[] | undefined {
    const ports = props.targetPorts;
    if (ports === undefined) return undefined;
    if (sku === 'Developer' || props.networkSecurityGroupEnabled === false) {
      invalid(this, 'targetPorts', ports,
        'is only used by the NSG this construct creates (not with sku "Developer" or networkSecurityGroupEnabled false): remove it');
    }
    if (!Array.isArray(ports) || ports.length === 0) invalid(this, 'targetPorts', ports, 'must list at least one port, such as ["22", "3389"]');
    const seen = new Set<string>();
    ports.forEach((port, i) => {
      if (isToken(port)) return;
      const m = typeof port === 'string' ? /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(port) : null;
      const from = m ? Number(m[1]) : NaN;
      const to = m && m[2] !== undefined ? Number(m[2]) : from;
      if (!m || from < 1 || to > 65535 || from > to) {
        invalid(this, `targetPorts[${i}]`, port, 'must be a port "1"-"65535" or a range such as "5985-5986"');
      }
      if (seen.has(port)) invalid(this, `targetPorts[${i}]`, port, 'is listed twice');
      seen.add(port);
    });
    return [...ports];
  }

  /** Every option the SKU does not support is an error naming the SKU that does. */
  private checkSkuOptions(props: SecureBastionProps, sku: BastionSku): void {
    if (props.scaleUnits !== undefined) requireIntegerInRange(this, 'scaleUnits', props.scaleUnits, 2, 50);
    const used: Record<string, unknown> = {
      copyPasteEnabled: props.copyPasteEnabled === false ? false : undefined,
      fileCopyEnabled: props.fileCopyEnabled || undefined,
      ipConnectEnabled: props.ipConnectEnabled || undefined,
      kerberosEnabled: props.kerberosEnabled || undefined,
      tunnelingEnabled: props.tunnelingEnabled || undefined,
      shareableLinkEnabled: props.shareableLinkEnabled || undefined,
      scaleUnits: props.scaleUnits !== undefined && props.scaleUnits > 2 ? props.scaleUnits : undefined,
      sessionRecordingEnabled: props.sessionRecordingEnabled || undefined,
      privateOnly: props.privateOnly || undefined,
      zones: props.zones && props.zones.length > 0 ? props.zones : undefined,
    };
    for (const [prop, value] of Object.entries(used)) {
      if (value === undefined) continue;
      const needed = NEEDS[prop];
      if (rank(sku) < rank(needed)) {
        const skus = BASTION_SKUS.filter((s) => rank(s) >= rank(needed));
        invalid(this, prop, value, `needs the ${needed} SKU or higher (${skus.map((s) => `"${s}"`).join(' or ')}); sku is "${sku}"`);
      }
    }
    (props.zones ?? []).forEach((zone, i) => {
      if (!isToken(zone) && !['1', '2', '3'].includes(zone)) invalid(this, `zones[${i}]`, zone, oneOf(['1', '2', '3']));
      if ((props.zones ?? []).indexOf(zone) !== i) invalid(this, `zones[${i}]`, zone, 'is listed twice');
    });
    // Azure creates a Standard public IP asked for two zones in all three; azurerm then reads ["1","2","3"] back and,
    // zones being ForceNew, replaces the IP on every plan, and with it the host (ip_configuration is ForceNew too).
    const zones = props.zones ?? [];
    if (zones.length === 2 && !zones.some((z) => isToken(z)) && sku !== 'Developer' && !props.privateOnly) {
      invalid(this, 'zones', zones,
        'must name one zone or all three (["1", "2", "3"]): a public IP requested in two zones is created zone-redundant, and the next plan would replace it and the host');
    }
  }

  /** Creates or adopts the AzureBastionSubnet and returns its id. */
  private resolveSubnet(
    props: SecureBastionProps, addressSpace: (Ipv4Cidr | undefined)[], vnetName: string, vnetResourceGroup: string,
  ): { id: string; subnet?: Subnet } {
    let prefix: Ipv4Cidr | undefined;
    if (props.subnetAddressPrefix !== undefined) {
      prefix = requireIpv4Cidr(this, 'subnetAddressPrefix', props.subnetAddressPrefix);
      if (prefix && prefix.prefix > BASTION_SUBNET_MAX_PREFIX) {
        invalid(this, 'subnetAddressPrefix', props.subnetAddressPrefix,
          `must be /${BASTION_SUBNET_MAX_PREFIX} or larger (a smaller prefix number): Azure Bastion needs at least 64 addresses`);
      }
      const known = addressSpace.filter((c): c is Ipv4Cidr => c !== undefined);
      if (prefix && known.length > 0 && known.length === addressSpace.length && !known.some((outer) => cidrContains(outer, prefix!))) {
        invalid(this, 'subnetAddressPrefix', props.subnetAddressPrefix,
          `must lie inside the VNet's address space ${JSON.stringify(props.virtualNetworkAddressSpace)}`);
      }
    }
    if (props.subnetId !== undefined) {
      requireResourceId(this, 'subnetId', props.subnetId, 'Microsoft.Network/virtualNetworks/subnets');
      const parsed = parseResourceId(props.subnetId);
      if (parsed && parsed.name !== BASTION_SUBNET_NAME) {
        invalid(this, 'subnetId', props.subnetId, `must name a subnet called exactly "${BASTION_SUBNET_NAME}" (Azure requires that name)`);
      }
      const vnet = props.virtualNetworkId !== undefined ? parseResourceId(props.virtualNetworkId) : undefined;
      if (parsed && vnet && (parsed.subscriptionId.toLowerCase() !== vnet.subscriptionId.toLowerCase()
        || parsed.resourceGroup?.toLowerCase() !== vnet.resourceGroup?.toLowerCase() || parsed.names[0].toLowerCase() !== vnet.name?.toLowerCase())) {
        invalid(this, 'subnetId', props.subnetId, `must be a subnet of virtualNetworkId ${JSON.stringify(props.virtualNetworkId)}`);
      }
      if (props.virtualNetworkId === undefined) {
        invalid(this, 'subnetId', props.subnetId, 'needs virtualNetworkId (the VNet the adopted subnet belongs to)');
      }
      return { id: props.subnetId };
    }
    if (props.subnetAddressPrefix === undefined) {
      invalid(this, 'subnetAddressPrefix', undefined,
        `is required to create the ${BASTION_SUBNET_NAME} (for example "10.0.0.0/26"), or give subnetId to adopt an existing one`);
    }
    const subnet = new Subnet(this, 'Subnet', {
      name: BASTION_SUBNET_NAME,
      resourceGroupName: vnetResourceGroup,
      virtualNetworkName: this.virtualNetwork ? this.virtualNetwork.name : vnetName,
      addressPrefixes: [props.subnetAddressPrefix],
    });
    return { id: subnet.id, subnet };
  }

  /** Private-only Premium host through an ARM template deployment (azurerm 4.55 has no private_only argument). */
  private privateOnlyHost(props: SecureBastionProps, dependsOn: ITerraformDependable[]): ResourceGroupTemplateDeployment {
    const template = new ArmTemplate('resourceGroup')
      .addResource({
        type: 'Microsoft.Network/bastionHosts',
        apiVersion: BASTION_ARM_API_VERSION,
        name: props.name,
        location: props.location,
        sku: { name: 'Premium' },
        zones: props.zones && props.zones.length > 0 ? props.zones : undefined,
        tags: props.tags,
        properties: {
          enablePrivateOnlyBastion: true,
          disableCopyPaste: props.copyPasteEnabled === false,
          enableFileCopy: props.fileCopyEnabled ?? false,
          enableIpConnect: props.ipConnectEnabled ?? false,
          enableKerberos: props.kerberosEnabled ?? false,
          enableTunneling: props.tunnelingEnabled ?? false,
          enableShareableLink: props.shareableLinkEnabled ?? false,
          enableSessionRecording: props.sessionRecordingEnabled ?? false,
          scaleUnits: props.scaleUnits ?? 2,
          ipConfigurations: [{
            name: 'ipconfig',
            properties: { privateIPAllocationMethod: 'Dynamic', subnet: { id: this.subnetId! } },
          }],
        },
      })
      .addOutput('hostId', { type: 'string', value: armExpression(`[resourceId('Microsoft.Network/bastionHosts', ${armStringLiteral(props.name)})]`) });
    return new ResourceGroupTemplateDeployment(this, 'Resource', {
      name: `${props.name}-bastion`,
      resourceGroupName: props.resourceGroupName,
      deploymentMode: 'Incremental',
      templateContent: template.render(),
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      tags: props.tags,
    });
  }
}
