import { ResourceGroupTemplateDeployment } from '@cdktf/provider-azurerm/lib/resource-group-template-deployment';
import { dependable, Fn, Lazy } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { warn } from '../core/annotations';
import { invalid, oneOf } from '../core/errors';
import { PrincipalType } from '../core/principal';
import {
  isAnywhere, isToken, parseIpv4Cidr, parseIsoDuration, parseResourceId, requireIntegerInRange, requireLocation,
  requireResourceGroupName, requireResourceId,
} from '../core/validate';
import { DefenderForCloud } from '../defender/defender-for-cloud';
import { JitNsgBaseline } from './nsg-baseline';
import { JitRequesterRole } from './requester-role';
import { JitPolicyPortSpec, JitPolicyVirtualMachineSpec, jitPolicyTemplate, JitProtocol } from './template';
import { escapeTerraform, TerraformLiterals } from '../core/terraform-literal';

/** Default management ports. */
export const JIT_DEFAULT_PORTS: readonly number[] = [22, 3389];
/** Default longest access per request. */
export const JIT_DEFAULT_MAX_DURATION = 'PT3H';
/** Longest access Azure allows per request. */
export const JIT_MAX_DURATION = 'PT24H';
/** Shortest longest-access Azure accepts per port (the JIT API's minimum for `maxRequestAccessDuration`). */
export const JIT_MIN_DURATION = 'PT5M';

const PROTOCOLS: readonly JitProtocol[] = ['TCP', 'UDP', '*'];

/** One port of a VM. Fields left out take the policy-level defaults. */
export interface JitPort {
  /** Port number, 1-65535. */
  readonly number: number;
  /**
   * Protocol.
   * @default - the policy's `protocol` ('TCP')
   */
  readonly protocol?: JitProtocol;
  /**
   * IPv4 addresses or CIDR blocks a request may open the port to.
   * @default - the policy's `allowedSourceAddressPrefixes`
   */
  readonly allowedSourceAddressPrefixes?: string[];
  /**
   * Longest access a request may ask for, ISO 8601, from `PT5M` to `PT24H`.
   * @default - the policy's `maxRequestAccessDuration` ('PT3H')
   */
  readonly maxRequestAccessDuration?: string;
}

/** One VM to protect. */
export interface JitVirtualMachine {
  /** Resource id of the VM (`Microsoft.Compute/virtualMachines`), in the policy's resource group. */
  readonly id: string;
  /**
   * Its ports.
   * @default - the policy's `ports` (22 and 3389)
   */
  readonly ports?: JitPort[];
}

/**
 * Props of {@link JitAccessPolicy}: one policy for one resource group and location. All values are plain JSON
 * (strings, numbers, booleans, arrays, objects), so they map one-to-one from a config file.
 */
export interface JitAccessPolicyProps {
  /** Resource group that holds the VMs (and the policy). */
  readonly resourceGroupName: string;
  /** Azure region of the VMs, ARM form (`westeurope`). */
  readonly location: string;
  /** The VMs. A VM listed twice is merged (its ports combined). More can be added with `addVirtualMachine`. */
  readonly virtualMachines: JitVirtualMachine[];
  /**
   * Policy name. The portal reads and writes `default`; use another name only if nothing else manages JIT here.
   * @default 'default'
   */
  readonly policyName?: string;
  /**
   * Ports for VMs that do not list their own.
   * @default [{ number: 22 }, { number: 3389 }]
   */
  readonly ports?: JitPort[];
  /**
   * Protocol for ports that do not set one.
   * @default 'TCP'
   */
  readonly protocol?: JitProtocol;
  /**
   * IPv4 addresses or CIDR blocks requests may open ports to, for ports that do not list their own. There is no
   * default: the caller must say where administrators connect from.
   * @default - none; every port must then list its own
   */
  readonly allowedSourceAddressPrefixes?: string[];
  /**
   * Longest access per request for ports that do not set one, ISO 8601, from `PT5M` to `PT24H`.
   * @default 'PT3H'
   */
  readonly maxRequestAccessDuration?: string;
  /**
   * Allow "anywhere" sources (`*`, `Internet`, `Any`, `0.0.0.0/0`), rendered as `*`. Adds a warning.
   * @default false
   */
  readonly allowAnySource?: boolean;

  /**
   * NSGs in front of the VMs: each gets a standalone rule that denies the policy's ports from the internet
   * (see {@link JitNsgBaseline} for how to keep Terraform from removing JIT's temporary rules).
   * @default - no baseline rules
   */
  readonly networkSecurityGroupIds?: string[];
  /**
   * Priority of the baseline deny rule.
   * @default 4000
   */
  readonly baselinePriority?: number;
  /**
   * Name of the baseline deny rule in each NSG.
   * @default 'deny-management-ports-from-internet'
   */
  readonly baselineRuleName?: string;

  /**
   * Create the least-privilege "request JIT access" custom role at the resource group.
   * @default - true when `requesterPrincipalIds` is given, false otherwise
   */
  readonly requesterRole?: boolean;
  /**
   * Object ids of the principals that may request access (assigned the custom role at the resource group).
   * @default - none
   */
  readonly requesterPrincipalIds?: string[];
  /**
   * Type of the requester principals.
   * @default - not set
   */
  readonly requesterPrincipalType?: PrincipalType;
  /**
   * Custom role name (unique in the tenant).
   * @default 'JIT access requester (<resource group>, <location>)'
   */
  readonly requesterRoleName?: string;
  /**
   * Name of the template deployment: 1-64 letters, digits, `-`, `_`, `.`, `(` or `)`.
   * @default 'jit-<location>-<policyName>'
   */
  readonly deploymentName?: string;
}

/** Writers registered per app, to refuse two constructs writing the same policy. */
interface Registration {
  readonly path: string;
  readonly subscriptionId?: string;
  readonly resourceGroup: string;
  readonly location: string;
}
const REGISTRY = new WeakMap<IConstruct, Registration[]>();

/**
 * A just-in-time VM access policy (`Microsoft.Security/locations/jitNetworkAccessPolicies`, API 2020-01-01,
 * kind `Basic`) for the VMs of one resource group and location, deployed through
 * `azurerm_resource_group_template_deployment` because azurerm has no JIT resource.
 *
 * - One policy per resource group and location holds all its VMs, and a second writer silently replaces the first:
 *   everything given to this construct is merged into one policy, and a second JitAccessPolicy in the same app for
 *   the same resource group and location is refused.
 * - Sources must be named; "anywhere" needs `allowAnySource`. Durations are ISO 8601, from PT5M to PT24H.
 * - JIT needs Defender for Servers Plan 2. With the kit's DefenderForCloud in the same stack, a plan other than P2
 *   is an error (and with P2 the policy is deployed after the plan); without it, a warning reminds you to enable it.
 * - Optional companion NSG baseline ({@link JitNsgBaseline}) and least-privilege requester role
 *   ({@link JitRequesterRole}).
 *
 * JIT writes temporary rules into the VMs' NSGs when access is granted: never manage those NSGs with inline
 * `security_rule` blocks (Terraform would delete JIT's rules); use standalone `azurerm_network_security_rule`.
 *
 * Construct ids (public API): `Resource` (the template deployment), `NsgBaseline`, `RequesterRole`.
 */
export class JitAccessPolicy extends Construct {
  /** The template deployment holding the policy. */
  public readonly deployment: ResourceGroupTemplateDeployment;
  /** Resource id of the policy (from the deployment's outputs). */
  public readonly policyId: string;
  /** Policy name. */
  public readonly policyName: string;
  /** The NSG baseline, when NSGs were given. */
  public readonly nsgBaseline?: JitNsgBaseline;
  /** The requester role, when asked for. */
  public readonly requesterRole?: JitRequesterRole;

  private readonly props: JitAccessPolicyProps;
  private readonly vms: { id: string; key: string; ports: JitPolicyPortSpec[] }[] = [];
  private readonly registration: { subscriptionId?: string };
  private warnedAnySource = false;
  private warnedNoDefender = false;
  private dependsOnDefender = false;

  constructor(scope: Construct, id: string, props: JitAccessPolicyProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    this.props = props;
    requireLocation(this, 'location', props.location);
    if (!props.resourceGroupName || typeof props.resourceGroupName !== 'string') {
      invalid(this, 'resourceGroupName', props.resourceGroupName, 'must be the name of the resource group that holds the VMs');
    }
    requireResourceGroupName(this, 'resourceGroupName', props.resourceGroupName);
    this.policyName = props.policyName ?? 'default';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(this.policyName)) {
      invalid(this, 'policyName', this.policyName, 'must be 1-64 letters, digits, "-", "_" or "." (the portal uses "default")');
    }
    if (props.protocol !== undefined && !PROTOCOLS.includes(props.protocol)) invalid(this, 'protocol', props.protocol, oneOf(PROTOCOLS));
    if (props.maxRequestAccessDuration !== undefined) this.checkDuration('maxRequestAccessDuration', props.maxRequestAccessDuration);
    if (props.allowedSourceAddressPrefixes !== undefined) this.checkSources('allowedSourceAddressPrefixes', props.allowedSourceAddressPrefixes);
    if (!Array.isArray(props.virtualMachines) || props.virtualMachines.length === 0) {
      invalid(this, 'virtualMachines', props.virtualMachines, 'must list at least one VM ({ id, ports? })');
    }

    this.registration = {};
    props.virtualMachines.forEach((vm, i) => this.addVm(vm, `virtualMachines[${i}]`));
    this.register();

    // Produced at synthesis (VMs can be added until then), after the deployment's attributes were escaped: the
    // template text is escaped here, once.
    const template = Lazy.stringValue({ produce: () => escapeTerraform(jitPolicyTemplate({
      location: props.location,
      policyName: this.policyName,
      virtualMachines: this.vms.map((vm): JitPolicyVirtualMachineSpec => ({ id: vm.id, ports: vm.ports })),
    }).render()) });
    const deploymentName = props.deploymentName ?? `jit-${props.location}-${this.policyName}`;
    // Deployment names: letters, digits, "-", "_", ".", "(", ")" (azurerm) and at most 64 characters (Azure).
    if (!isToken(deploymentName) && (!/^[-\w.()]{1,64}$/.test(deploymentName))) {
      invalid(this, props.deploymentName !== undefined ? 'deploymentName' : 'policyName', props.deploymentName ?? this.policyName,
        props.deploymentName !== undefined
          ? 'must be 1-64 letters, digits, "-", "_", ".", "(" or ")" (an ARM deployment name)'
          : `makes the default deployment name "${deploymentName}" longer than Azure's 64 characters: shorten policyName or set deploymentName`);
    }
    this.deployment = new ResourceGroupTemplateDeployment(this, 'Resource', {
      name: deploymentName,
      resourceGroupName: props.resourceGroupName,
      deploymentMode: 'Incremental',
      templateContent: template,
    });
    this.policyId = Fn.lookupNested(Fn.jsondecode(this.deployment.outputContent), ['policyId', 'value']);

    if (props.networkSecurityGroupIds !== undefined) {
      this.nsgBaseline = new JitNsgBaseline(this, 'NsgBaseline', {
        networkSecurityGroupIds: props.networkSecurityGroupIds,
        priority: props.baselinePriority,
        ruleName: props.baselineRuleName,
        ports: this.allPorts(),
      });
    } else {
      for (const prop of ['baselinePriority', 'baselineRuleName'] as const) {
        if (props[prop] !== undefined) invalid(this, prop, props[prop], 'needs networkSecurityGroupIds (the NSGs that get the deny rule)');
      }
    }

    const wantRole = props.requesterRole ?? (props.requesterPrincipalIds !== undefined && props.requesterPrincipalIds.length > 0);
    if (wantRole) {
      this.requesterRole = new JitRequesterRole(this, 'RequesterRole', {
        scope: this.resourceGroupId(),
        roleName: props.requesterRoleName ?? `JIT access requester (${props.resourceGroupName}, ${props.location})`,
        principalIds: props.requesterPrincipalIds,
        principalType: props.requesterPrincipalType,
      });
    } else if (props.requesterPrincipalIds !== undefined && props.requesterPrincipalIds.length > 0) {
      invalid(this, 'requesterPrincipalIds', props.requesterPrincipalIds, 'needs requesterRole (true or left out): principals are assigned the requester role');
    }

    this.checkDefender(true);
    this.node.addValidation({ validate: () => this.checkDefender(false) });
  }

  /**
   * Adds a VM (or more ports of a VM already in the policy) after construction. Same checks as the constructor.
   */
  public addVirtualMachine(vm: JitVirtualMachine): void {
    this.addVm(vm, `addVirtualMachine(${JSON.stringify(vm.id)})`);
    this.register();
    this.nsgBaseline?.addPorts(this.allPorts());
  }

  /** Resource ids of the VMs in the policy. */
  public get virtualMachineIds(): string[] {
    return this.vms.map((vm) => vm.id);
  }

  private addVm(vm: JitVirtualMachine, property: string): void {
    if (!vm || typeof vm !== 'object') invalid(this, property, vm, 'must be an object { id, ports? }');
    requireResourceId(this, `${property}.id`, vm.id, 'Microsoft.Compute/virtualMachines');
    const parsed = parseResourceId(vm.id);
    if (parsed) {
      if (!isToken(this.props.resourceGroupName) && parsed.resourceGroup!.toLowerCase() !== this.props.resourceGroupName.toLowerCase()) {
        invalid(this, `${property}.id`, vm.id,
          `must be a VM in the policy's resource group "${this.props.resourceGroupName}" (one JIT policy per resource group and location: add another JitAccessPolicy for resource group "${parsed.resourceGroup}")`);
      }
      const sub = parsed.subscriptionId.toLowerCase();
      if (this.registration.subscriptionId && this.registration.subscriptionId !== sub) {
        invalid(this, `${property}.id`, vm.id, `must be in subscription ${this.registration.subscriptionId} like the policy's other VMs`);
      }
      this.registration.subscriptionId = sub;
    }
    const ports = (vm.ports ?? this.props.ports ?? JIT_DEFAULT_PORTS.map((number) => ({ number })))
      .map((port, j) => this.resolvePort(port, vm.ports ? `${property}.ports[${j}]` : `ports[${j}]`));
    if (ports.length === 0) invalid(this, `${property}.ports`, vm.ports, 'must list at least one port');

    const key = isToken(vm.id) ? vm.id : vm.id.toLowerCase();
    let entry = this.vms.find((v) => v.key === key);
    if (!entry) {
      entry = { id: vm.id, key, ports: [] };
      this.vms.push(entry);
    }
    for (const port of ports) {
      const existing = entry.ports.find((p) => p.number === port.number);
      if (!existing) {
        entry.ports.push(port);
      } else if (JSON.stringify(existing) !== JSON.stringify(port)) {
        invalid(this, `${property}.ports`, port,
          `port ${port.number} of this VM is already in the policy with different settings ${JSON.stringify(existing)}: give each port once`);
      }
    }
  }

  private resolvePort(port: JitPort, property: string): JitPolicyPortSpec {
    if (!port || typeof port !== 'object') invalid(this, property, port, 'must be an object { number, protocol?, allowedSourceAddressPrefixes?, maxRequestAccessDuration? }');
    requireIntegerInRange(this, `${property}.number`, port.number, 1, 65535);
    const protocol = port.protocol ?? this.props.protocol ?? 'TCP';
    if (!PROTOCOLS.includes(protocol)) invalid(this, `${property}.protocol`, port.protocol, oneOf(PROTOCOLS));
    const duration = port.maxRequestAccessDuration ?? this.props.maxRequestAccessDuration ?? JIT_DEFAULT_MAX_DURATION;
    if (port.maxRequestAccessDuration !== undefined) this.checkDuration(`${property}.maxRequestAccessDuration`, duration);
    let sources: string[];
    if (port.allowedSourceAddressPrefixes !== undefined) {
      sources = this.checkSources(`${property}.allowedSourceAddressPrefixes`, port.allowedSourceAddressPrefixes);
    } else if (this.props.allowedSourceAddressPrefixes !== undefined) {
      sources = this.checkSources('allowedSourceAddressPrefixes', this.props.allowedSourceAddressPrefixes);
    } else {
      invalid(this, `${property}.allowedSourceAddressPrefixes`, undefined,
        'is required: name the IPv4 addresses or CIDR blocks administrators connect from (per port, or allowedSourceAddressPrefixes for the whole policy)');
    }
    return { number: port.number, protocol, allowedSourceAddressPrefixes: sources, maxRequestAccessDuration: duration };
  }

  private checkDuration(property: string, value: string): void {
    if (isToken(value)) return;
    const seconds = typeof value === 'string' ? parseIsoDuration(value) : undefined;
    if (seconds === undefined || seconds <= 0) {
      invalid(this, property, value, 'must be an ISO 8601 duration such as "PT3H" or "PT30M", at most "PT24H"');
    }
    if (seconds > 24 * 3600) {
      invalid(this, property, value, `must be at most "${JIT_MAX_DURATION}" (24 hours), the longest access Azure allows per request`);
    }
    // The JIT API refuses a maxRequestAccessDuration under 5 minutes.
    if (seconds < 5 * 60) {
      invalid(this, property, value, `must be at least "${JIT_MIN_DURATION}" (5 minutes), the shortest maximum the JIT API accepts`);
    }
  }

  /** Validates source prefixes and returns them as the API takes them ("anywhere" as `*`). */
  private checkSources(property: string, sources: string[]): string[] {
    if (!Array.isArray(sources) || sources.length === 0) {
      invalid(this, property, sources, 'must list at least one IPv4 address or CIDR block administrators connect from');
    }
    const out: string[] = [];
    sources.forEach((prefix, i) => {
      if (isToken(prefix)) {
        out.push(prefix);
        return;
      }
      if (typeof prefix === 'string' && isAnywhere(prefix)) {
        if (!this.props.allowAnySource) {
          invalid(this, `${property}[${i}]`, prefix,
            'opens the port to the whole internet: name the addresses administrators connect from, or set allowAnySource: true if you really mean it');
        }
        if (!this.warnedAnySource) {
          this.warnedAnySource = true;
          warn(this, 'guardrails:jit:any-source',
            'allowAnySource: a JIT request may open management ports to any address on the internet. Name the addresses administrators connect from instead.');
        }
        out.push('*');
        return;
      }
      if (typeof prefix !== 'string' || !parseIpv4Cidr(prefix)) {
        invalid(this, `${property}[${i}]`, prefix, 'must be an IPv4 address or CIDR block such as "203.0.113.10" or "203.0.113.0/24"');
      }
      out.push(prefix);
    });
    const unique = [...new Set(out)];
    return unique.includes('*') ? ['*'] : unique;
  }

  private allPorts(): number[] {
    return [...new Set(this.vms.flatMap((vm) => vm.ports.map((p) => p.number)))];
  }

  private resourceGroupId(): string {
    const literal = this.vms.map((vm) => parseResourceId(vm.id)).find((p) => p !== undefined);
    if (literal) return `/subscriptions/${literal.subscriptionId}/resourceGroups/${literal.resourceGroup}`;
    return Fn.join('/', Fn.slice(Fn.split('/', this.vms[0].id), 0, 5));
  }

  /** Refuses a second JitAccessPolicy in the same app for the same resource group and location. */
  private register(): void {
    const root = this.node.root;
    const list = REGISTRY.get(root) ?? [];
    REGISTRY.set(root, list);
    const me: Registration = {
      path: this.node.path,
      subscriptionId: this.registration.subscriptionId,
      resourceGroup: this.props.resourceGroupName.toLowerCase(),
      location: this.props.location,
    };
    for (const other of list) {
      if (other.path === me.path) continue;
      const sameSub = !other.subscriptionId || !me.subscriptionId || other.subscriptionId === me.subscriptionId;
      if (sameSub && other.resourceGroup === me.resourceGroup && other.location === me.location) {
        invalid(this, 'resourceGroupName', this.props.resourceGroupName,
          `JitAccessPolicy ${other.path} already writes the JIT policy of resource group "${this.props.resourceGroupName}" in ${me.location}; ` +
          `a second writer (${me.path}) would overwrite it. Put all VMs of this resource group and location into one JitAccessPolicy (virtualMachines or addVirtualMachine)`);
      }
    }
    const index = list.findIndex((r) => r.path === me.path);
    if (index >= 0) list[index] = me;
    else list.push(me);
  }

  /**
   * JIT needs Defender for Servers Plan 2. At construction: fail if the stack's DefenderForCloud has another plan.
   * At synthesis (validation): the same check for a DefenderForCloud added later, or a warning when there is none.
   */
  private checkDefender(atConstruction: boolean): string[] {
    const defender = DefenderForCloud.ofStack(this);
    if (!defender) {
      if (!atConstruction && !this.warnedNoDefender) {
        this.warnedNoDefender = true;
        warn(this, 'guardrails:jit:defender-for-servers-unchecked',
          'Just-in-time VM access needs Microsoft Defender for Servers Plan 2 on the subscription, and no DefenderForCloud ' +
          'construct is in this stack to check it: enable VirtualMachines with subPlan "P2" (here or wherever Defender is managed).');
      }
      return [];
    }
    const plan = defender.planFor('VirtualMachines');
    if (plan && plan.subPlan === 'P2') {
      // Azure refuses a JIT policy until the plan is on: deploy the policy after the pricing resource.
      const pricing = defender.pricings.VirtualMachines;
      if (pricing && !this.dependsOnDefender) {
        this.dependsOnDefender = true;
        this.deployment.dependsOn = [...(this.deployment.dependsOn ?? []), dependable(pricing)];
      }
      return [];
    }
    const found = plan ? `subPlan ${JSON.stringify(plan.subPlan ?? null)}` : 'the VirtualMachines plan is not enabled';
    const message = `Just-in-time VM access needs Microsoft Defender for Servers Plan 2, but DefenderForCloud ${defender.node.path} ` +
      `configures ${found}: enable the VirtualMachines plan with subPlan "P2"`;
    if (atConstruction) invalid(this, 'virtualMachines', this.props.virtualMachines.map((vm) => vm.id), message);
    return [message];
  }
}
