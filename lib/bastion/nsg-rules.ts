/**
 * The network security rules Azure Bastion needs on the `AzureBastionSubnet`, and nothing more.
 *
 * Azure checks the subnet's NSG when the host is deployed and refuses a non-compliant one with
 * `NetworkSecurityGroupNotCompliantForAzureBastionSubnet`; a missing rule also breaks sessions later (health probes,
 * session information, host-to-host data plane). Everything else is denied explicitly in both directions, so a rule
 * that someone adds later at a lower priority number is the only way to widen the subnet's exposure.
 */

/** One NSG rule, in the shape of `azurerm_network_security_rule` (camelCase). */
export interface BastionNsgRule {
  /** Rule name (unique within the NSG). */
  readonly name: string;
  /** Priority, 100 (first) to 4096 (last). */
  readonly priority: number;
  /** `Inbound` or `Outbound`. */
  readonly direction: 'Inbound' | 'Outbound';
  /** `Allow` or `Deny`. */
  readonly access: 'Allow' | 'Deny';
  /** `Tcp`, `Udp` or `*`. */
  readonly protocol: 'Tcp' | 'Udp' | '*';
  /** Source address prefix or service tag. */
  readonly sourceAddressPrefix: string;
  /** Destination address prefix or service tag. */
  readonly destinationAddressPrefix: string;
  /** Destination ports (a single `*` for all). */
  readonly destinationPortRanges: readonly string[];
  /** Why the rule exists. */
  readonly description: string;
}

/** Options that change the rule set. */
export interface BastionNsgRuleOptions {
  /**
   * Private-only deployment (Premium): clients reach the host over private connectivity (peering, VPN, ExpressRoute),
   * so inbound 443 is allowed from the `VirtualNetwork` service tag (which includes address spaces connected through
   * gateways) instead of `Internet`.
   * @default false
   */
  readonly privateOnly?: boolean;
  /**
   * Ports Bastion connects to on target VMs (outbound to `VirtualNetwork`): single ports or ranges (`"8443"`,
   * `"5985-5986"`). Microsoft's NSG guidance asks for outbound to `VirtualNetwork` on every port used with the
   * custom-port feature (native client, IP connect); with the explicit deny at the end, a port missing here is
   * blocked.
   * @default ['22', '3389']
   */
  readonly targetPorts?: readonly string[];
}

/** Default ports Bastion reaches target VMs on (SSH and RDP). */
export const BASTION_DEFAULT_TARGET_PORTS: readonly string[] = ['22', '3389'];

/** Priority of the explicit deny-all rules (the last priority Azure allows). */
export const BASTION_DENY_ALL_PRIORITY = 4096;

/** The rules, in priority order: inbound first, then outbound. */
export function bastionNsgRules(options: BastionNsgRuleOptions = {}): BastionNsgRule[] {
  const clients = options.privateOnly ? 'VirtualNetwork' : 'Internet';
  return [
    {
      name: 'AllowHttpsInbound', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp',
      sourceAddressPrefix: clients, destinationAddressPrefix: '*', destinationPortRanges: ['443'],
      description: options.privateOnly
        ? 'Clients reach the private-only Bastion over HTTPS from connected networks'
        : 'Clients reach Bastion over HTTPS from the internet',
    },
    {
      name: 'AllowGatewayManagerInbound', priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Tcp',
      sourceAddressPrefix: 'GatewayManager', destinationAddressPrefix: '*', destinationPortRanges: ['443'],
      description: 'Azure control plane (GatewayManager) manages the Bastion host',
    },
    {
      name: 'AllowAzureLoadBalancerInbound', priority: 120, direction: 'Inbound', access: 'Allow', protocol: 'Tcp',
      sourceAddressPrefix: 'AzureLoadBalancer', destinationAddressPrefix: '*', destinationPortRanges: ['443'],
      description: 'Azure Load Balancer health probes',
    },
    {
      name: 'AllowBastionHostCommunicationInbound', priority: 130, direction: 'Inbound', access: 'Allow', protocol: '*',
      sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: 'VirtualNetwork', destinationPortRanges: ['8080', '5701'],
      description: 'Data plane between Bastion host instances',
    },
    {
      name: 'DenyAllInbound', priority: BASTION_DENY_ALL_PRIORITY, direction: 'Inbound', access: 'Deny', protocol: '*',
      sourceAddressPrefix: '*', destinationAddressPrefix: '*', destinationPortRanges: ['*'],
      description: 'Everything Bastion does not need is denied',
    },
    {
      name: 'AllowSshRdpOutbound', priority: 100, direction: 'Outbound', access: 'Allow', protocol: '*',
      sourceAddressPrefix: '*', destinationAddressPrefix: 'VirtualNetwork',
      destinationPortRanges: [...(options.targetPorts ?? BASTION_DEFAULT_TARGET_PORTS)],
      description: options.targetPorts ? 'Bastion connects to target VMs on their SSH, RDP and custom ports' : 'Bastion connects to target VMs over SSH and RDP',
    },
    {
      name: 'AllowAzureCloudOutbound', priority: 110, direction: 'Outbound', access: 'Allow', protocol: 'Tcp',
      sourceAddressPrefix: '*', destinationAddressPrefix: 'AzureCloud', destinationPortRanges: ['443'],
      description: 'Bastion reaches Azure public endpoints (diagnostics, metering)',
    },
    {
      name: 'AllowBastionHostCommunicationOutbound', priority: 120, direction: 'Outbound', access: 'Allow', protocol: '*',
      sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: 'VirtualNetwork', destinationPortRanges: ['8080', '5701'],
      description: 'Data plane between Bastion host instances',
    },
    {
      name: 'AllowHttpOutbound', priority: 130, direction: 'Outbound', access: 'Allow', protocol: '*',
      sourceAddressPrefix: '*', destinationAddressPrefix: 'Internet', destinationPortRanges: ['80'],
      description: 'Session information and certificate validation',
    },
    {
      name: 'DenyAllOutbound', priority: BASTION_DENY_ALL_PRIORITY, direction: 'Outbound', access: 'Deny', protocol: '*',
      sourceAddressPrefix: '*', destinationAddressPrefix: '*', destinationPortRanges: ['*'],
      description: 'Everything Bastion does not need is denied',
    },
  ];
}
