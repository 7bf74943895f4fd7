import { isUnresolved, lookup, UNKNOWN } from './parameters';
import { IKitAssignablePolicy, KitPolicyMember, resolveMemberParameter } from './members';

/**
 * Azure built-in role definition GUIDs the kit grants (names and GUIDs as in Microsoft's built-in policy definitions
 * that list them in `details.roleDefinitionIds`, /work/shared/azure-policy-builtins).
 */
export const KIT_ROLES = {
  /** `*` on everything, role assignments included. */
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  /** `*` except role assignments and blueprints. */
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  /** `Microsoft.Security/*` (pricings, security contacts, JIT policies, settings). */
  securityAdmin: 'fb1c8493-542b-48eb-b624-b4c8fea62acd',
  /** `Microsoft.Insights/*` writes (diagnostic settings, the subscription's activity log settings). */
  monitoringContributor: '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
  /** `Microsoft.OperationalInsights/*` and diagnostic settings: what Microsoft's "to Log Analytics" policies grant. */
  logAnalyticsContributor: '92aaf0da-9dab-42b6-94a3-d43ce8d16293',
  /**
   * Control and data plane of Event Hubs, including `authorizationRules/listkeys/action`: the linked access check of
   * a diagnostic setting or export that names an authorization rule (Microsoft's "to Event Hub" policies grant it).
   */
  eventHubsDataOwner: 'f526a384-b230-433a-b45c-95f59c4a2dec',
  /**
   * `Microsoft.Compute/virtualMachines/write`: configuring a JIT policy for a VM needs it besides
   * `Microsoft.Security/locations/jitNetworkAccessPolicies/write` (Security Admin) ("Permissions needed to configure and
   * use JIT", MicrosoftDocs/azure-docs includes/security-center-jit-description.md).
   */
  virtualMachineContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
} as const;

/**
 * Narrower roles for a kit definition under some parameter values, with the reason. The definition lists the roles
 * its broadest use needs (Azure shows them in the portal); the assignment grants only what the assigned values need.
 */
interface Narrowing {
  /** The roles needed instead of the definition's, or undefined to keep the definition's. */
  readonly roles: (parameter: (name: string) => unknown) => readonly string[] | undefined;
  readonly reason: string;
}

const NARROWINGS: Readonly<Record<string, Narrowing>> = {
  // Microsoft's built-ins that only set a Defender plan (ASC_Azure_Defender_Servers_DINE, _KeyVault_DINE, _ARM_DINE:
  // "Configure ... to be enabled") grant Security Admin; the ones that also enable plan extensions
  // (ASC_Azure_Defender_Servers_Full_Features_DINE, MDC_Microsoft_Defender_For_Storage_Full_DINE) grant Owner, because
  // enabling an extension (agentless scanning, malware scanning) makes Defender assign roles to its own service
  // principals on the subscription, which needs Microsoft.Authorization/roleAssignments/write.
  'deploy-defender-plan': {
    roles: (parameter) => {
      const extensions = parameter('extensions');
      return Array.isArray(extensions) && extensions.length === 0 ? [KIT_ROLES.securityAdmin] : undefined;
    },
    reason: 'a plan without extensions needs only Microsoft.Security/pricings/write (Security Admin); Owner only when extensions are enabled',
  },
};

/** Role GUID (lower case) of a role definition id; undefined when it is not one. */
export function roleGuidOf(roleDefinitionId: string): string | undefined {
  return /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/i
    .exec(roleDefinitionId)?.[1].toLowerCase();
}

/**
 * The roles (GUIDs, lower case) a deploying member needs under the assignment's parameter values: the definition's
 * `roleDefinitionIds`, or the narrower set of {@link NARROWINGS} when the values allow it (an unresolved value keeps
 * the definition's roles).
 */
export function memberRoles(member: KitPolicyMember, policy: IKitAssignablePolicy, values: Readonly<Record<string, unknown>>): string[] {
  const own = member.roleDefinitionIds.map((r) => roleGuidOf(r)).filter((r): r is string => r !== undefined);
  const narrowing = member.source === 'kit' ? NARROWINGS[member.name] : undefined;
  if (!narrowing) return own;
  const narrowed = narrowing.roles((name) => {
    const v = lookup(member.parameters, name) === undefined ? UNKNOWN : resolveMemberParameter(member, policy, values, name);
    return v === UNKNOWN || isUnresolved(v) ? UNKNOWN : v;
  });
  return narrowed ? [...narrowed] : own;
}
