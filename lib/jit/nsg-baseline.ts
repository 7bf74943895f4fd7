import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { Fn, Lazy } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { isToken, parseResourceId, requireIntegerInRange, requireResourceId } from '../core/validate';
import { TerraformLiterals } from '../core/terraform-literal';

/** Default priority of the baseline deny rule: late enough to leave room for your own rules and JIT's. */
export const JIT_BASELINE_DEFAULT_PRIORITY = 4000;
/** Default name of the baseline deny rule. */
export const JIT_BASELINE_RULE_NAME = 'deny-management-ports-from-internet';

/** Rules already claimed per app: `<nsg id>|name:<rule>` and `<nsg id>|priority:<n>` to the claiming construct path. */
const CLAIMS = new WeakMap<IConstruct, Map<string, string>>();

/** Props of {@link JitNsgBaseline}. */
export interface JitNsgBaselineProps {
  /**
   * Resource ids of the NSGs in front of the JIT-protected VMs (subnet or NIC NSGs). The rule is added to each as a
   * standalone `azurerm_network_security_rule`.
   */
  readonly networkSecurityGroupIds: string[];
  /**
   * Ports to deny from the internet.
   * @default [22, 3389]
   */
  readonly ports?: number[];
  /**
   * Priority of the deny rule (100-4096). JIT inserts its temporary allow rules ahead of its own deny rules, so this
   * rule only has to come before any allow rule that would let the internet in.
   * @default 4000
   */
  readonly priority?: number;
  /**
   * Name of the rule in each NSG: 1-80 letters, digits, `_`, `.` or `-`, starting with a letter or digit and ending
   * with a letter, digit or `_`.
   * @default 'deny-management-ports-from-internet'
   */
  readonly ruleName?: string;
}

/**
 * Companion NSG baseline for just-in-time access: denies the management ports from the `Internet` service tag on
 * the given NSGs. Traffic from inside the VNet (Azure Bastion, peered networks) is not affected.
 *
 * JIT works by writing temporary allow rules (and its own deny rules) into these NSGs. Terraform must not remove
 * them, so:
 * - manage rules on these NSGs only as standalone `azurerm_network_security_rule` resources, as this construct does;
 * - never declare inline `security_rule` blocks on a Terraform-managed `azurerm_network_security_group` that JIT
 *   writes to: with inline blocks Terraform owns the whole rule list and deletes JIT's rules on the next apply
 *   (an empty `security_rule = []` does the same).
 *
 * Construct ids (public API): `Deny<index>` per NSG, in the order given.
 */
export class JitNsgBaseline extends Construct {
  /** The deny rules, one per NSG. */
  public readonly rules: readonly NetworkSecurityRule[];
  private readonly ports = new Set<number>();

  constructor(scope: Construct, id: string, props: JitNsgBaselineProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    const priority = requireIntegerInRange(this, 'priority', props.priority ?? JIT_BASELINE_DEFAULT_PRIORITY, 100, 4096);
    if (!Array.isArray(props.networkSecurityGroupIds) || props.networkSecurityGroupIds.length === 0) {
      invalid(this, 'networkSecurityGroupIds', props.networkSecurityGroupIds, 'must list at least one NSG resource id');
    }
    const ruleName = props.ruleName ?? JIT_BASELINE_RULE_NAME;
    // Azure's security rule names: 1-80 letters, digits, "_", "." and "-", starting with a letter or digit and ending
    // with a letter, digit or "_" (azurerm itself only refuses "/", "\\", "?" and "%", so the rest fails at apply).
    if (!isToken(ruleName) && (typeof ruleName !== 'string' || ruleName.length > 80 || !/^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/.test(ruleName))) {
      invalid(this, 'ruleName', ruleName,
        'must be 1-80 letters, digits, "_", "." or "-", starting with a letter or digit and ending with a letter, digit or "_"');
    }
    this.addPorts(props.ports ?? [22, 3389], 'ports');
    const portList = (): string[] => [...this.ports].sort((a, b) => a - b).map(String);
    const seen = new Set<string>();
    this.rules = props.networkSecurityGroupIds.map((nsgId, i) => {
      requireResourceId(this, `networkSecurityGroupIds[${i}]`, nsgId, 'Microsoft.Network/networkSecurityGroups');
      if (!isToken(nsgId)) {
        if (seen.has(nsgId.toLowerCase())) invalid(this, `networkSecurityGroupIds[${i}]`, nsgId, 'is listed twice');
        seen.add(nsgId.toLowerCase());
      }
      const parsed = parseResourceId(nsgId);
      if (!isToken(nsgId)) this.claim(nsgId, `networkSecurityGroupIds[${i}]`, ruleName, priority);
      return new NetworkSecurityRule(this, `Deny${i}`, {
        name: ruleName,
        resourceGroupName: parsed?.resourceGroup ?? Fn.element(Fn.split('/', nsgId), 4),
        networkSecurityGroupName: parsed?.name ?? Fn.element(Fn.split('/', nsgId), 8),
        priority,
        direction: 'Inbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: 'Internet',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRanges: Lazy.listValue({ produce: portList }),
        description: 'Management ports are never open to the internet; request just-in-time access instead',
      });
    });
  }

  /** Adds ports to deny (the rules are rendered at synthesis, so ports added later are included). */
  public addPorts(ports: number[], property = 'ports'): void {
    ports.forEach((p, i) => {
      requireIntegerInRange(this, `${property}[${i}]`, p, 1, 65535);
      this.ports.add(p);
    });
  }

  /**
   * Two baselines writing the same rule name, or the same priority, into one NSG would fail at apply time (Azure
   * keeps rule names and per-direction priorities unique). Refuse it here, naming both constructs.
   */
  private claim(nsgId: string, property: string, ruleName: string, priority: number): void {
    const root = this.node.root;
    const claims = CLAIMS.get(root) ?? new Map<string, string>();
    CLAIMS.set(root, claims);
    const keys = [`${nsgId.toLowerCase()}|name:${ruleName.toLowerCase()}`, `${nsgId.toLowerCase()}|priority:${priority}`];
    for (const key of keys) {
      const other = claims.get(key);
      if (other !== undefined && other !== this.node.path) {
        const what = key.includes('|name:') ? `rule name "${ruleName}"` : `inbound priority ${priority}`;
        invalid(this, property, nsgId,
          `${other} already writes a baseline rule with ${what} into this NSG: list the NSG in one baseline only ` +
          '(a standalone JitNsgBaseline with all ports), or give each a different rule name and priority');
      }
    }
    for (const key of keys) claims.set(key, this.node.path);
  }
}
