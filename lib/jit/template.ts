import { armExpression, armStringLiteral, ArmTemplate, JsonValue } from '../core/arm-template';

/**
 * Typed builder for the ARM template that deploys a just-in-time network access policy
 * (`Microsoft.Security/locations/jitNetworkAccessPolicies`, API 2020-01-01). azurerm has no resource for it
 * (terraform-provider-azurerm #3661), so the policy goes through `azurerm_resource_group_template_deployment`.
 *
 * The builder takes already-validated values (see {@link JitAccessPolicy} for the checks) and only shapes them.
 */

/** Resource type of a JIT policy. */
export const JIT_POLICY_TYPE = 'Microsoft.Security/locations/jitNetworkAccessPolicies';
/** API version used for JIT policies. */
export const JIT_POLICY_API_VERSION = '2020-01-01';

/** Protocols a JIT port accepts. */
export type JitProtocol = 'TCP' | 'UDP' | '*';

/** One port of one VM, resolved. */
export interface JitPolicyPortSpec {
  /** Port number, 1-65535. */
  readonly number: number;
  /** Protocol. */
  readonly protocol: JitProtocol;
  /** Source prefixes a request may name; one is rendered as `allowedSourceAddressPrefix`, several as `allowedSourceAddressPrefixes`. */
  readonly allowedSourceAddressPrefixes: readonly string[];
  /** Longest access a request may ask for, ISO 8601 (`PT3H`). */
  readonly maxRequestAccessDuration: string;
}

/** One VM of the policy, resolved. */
export interface JitPolicyVirtualMachineSpec {
  /** Resource id of the VM. */
  readonly id: string;
  /** Its ports, in the order they were given. */
  readonly ports: readonly JitPolicyPortSpec[];
}

/** Everything the template needs. */
export interface JitPolicySpec {
  /** Azure region of the VMs (ARM form). */
  readonly location: string;
  /** Policy name (the portal uses `default`). */
  readonly policyName: string;
  /** The VMs. */
  readonly virtualMachines: readonly JitPolicyVirtualMachineSpec[];
}

/** The port object exactly as the JIT API takes it. */
export function jitPortJson(port: JitPolicyPortSpec): { [key: string]: JsonValue } {
  const json: { [key: string]: JsonValue } = { number: port.number, protocol: port.protocol };
  // The API takes exactly one of the two fields.
  if (port.allowedSourceAddressPrefixes.length === 1) json.allowedSourceAddressPrefix = port.allowedSourceAddressPrefixes[0];
  else json.allowedSourceAddressPrefixes = [...port.allowedSourceAddressPrefixes];
  json.maxRequestAccessDuration = port.maxRequestAccessDuration;
  return json;
}

/** Builds the resource-group-scope template holding one JIT policy with all its VMs. */
export function jitPolicyTemplate(spec: JitPolicySpec): ArmTemplate {
  return new ArmTemplate('resourceGroup')
    .addResource({
      type: JIT_POLICY_TYPE,
      apiVersion: JIT_POLICY_API_VERSION,
      name: `${spec.location}/${spec.policyName}`,
      kind: 'Basic',
      properties: {
        virtualMachines: spec.virtualMachines.map((vm) => ({ id: vm.id, ports: vm.ports.map(jitPortJson) })),
      },
    })
    .addOutput('policyId', {
      type: 'string',
      value: armExpression(`[resourceId('Microsoft.Security/locations/jitNetworkAccessPolicies', ${armStringLiteral(spec.location)}, ${armStringLiteral(spec.policyName)})]`),
    });
}
