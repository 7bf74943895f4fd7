import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { PrincipalType, requirePrincipalType } from '../core/principal';
import { requireGuid } from '../core/validate';
import { TerraformLiterals } from '../core/terraform-literal';

/**
 * What a user needs to request just-in-time access, and nothing more: read the JIT policies, initiate a request,
 * and read the VM and its network interfaces and public IPs (Microsoft Defender for Cloud documentation,
 * "Permissions needed to configure and use JIT", row "Request JIT access to a VM"). It grants no write on VMs or
 * NSGs and no right to change the policy.
 */
export const JIT_REQUESTER_ACTIONS: readonly string[] = [
  'Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action',
  'Microsoft.Security/locations/jitNetworkAccessPolicies/read',
  'Microsoft.Security/locations/jitNetworkAccessPolicies/*/read',
  'Microsoft.Compute/virtualMachines/read',
  'Microsoft.Network/networkInterfaces/read',
  'Microsoft.Network/networkInterfaces/*/read',
  'Microsoft.Network/publicIPAddresses/read',
];

/** Props of {@link JitRequesterRole}. */
export interface JitRequesterRoleProps {
  /** Scope the role is defined and assigned at: a resource group id (`/subscriptions/<GUID>/resourceGroups/<name>`) or a subscription id. */
  readonly scope: string;
  /**
   * Role name; custom role names are unique in the tenant.
   * @default 'JIT access requester (<last segment of scope>)'
   */
  readonly roleName?: string;
  /**
   * Object ids of the users, groups or service principals that may request access.
   * @default - none: only the role is created
   */
  readonly principalIds?: string[];
  /**
   * Type of the principals, which avoids `PrincipalNotFound` right after a principal is created.
   * @default - not set (Azure looks the principal up)
   */
  readonly principalType?: PrincipalType;
}

/**
 * Least-privilege custom role for requesting just-in-time VM access ({@link JIT_REQUESTER_ACTIONS}), with
 * assignments for the given principals.
 *
 * Construct ids (public API): `Resource` (the role definition), `Assignment<index>`.
 */
export class JitRequesterRole extends Construct {
  /** The role definition. */
  public readonly roleDefinition: RoleDefinition;
  /** One assignment per principal. */
  public readonly assignments: readonly RoleAssignment[];

  constructor(scope: Construct, id: string, props: JitRequesterRoleProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    if (!props.scope) invalid(this, 'scope', props.scope, 'must be a resource group or subscription id');
    requirePrincipalType(this, 'principalType', props.principalType);
    const seen = new Set<string>();
    (props.principalIds ?? []).forEach((p, i) => {
      requireGuid(this, `principalIds[${i}]`, p);
      if (seen.has(p.toLowerCase())) invalid(this, `principalIds[${i}]`, p, 'is listed twice');
      seen.add(p.toLowerCase());
    });
    const last = props.scope.split('/').filter((s) => s.length > 0).pop() ?? props.scope;
    this.roleDefinition = new RoleDefinition(this, 'Resource', {
      name: props.roleName ?? `JIT access requester (${last})`,
      scope: props.scope,
      description: 'Request just-in-time VM access: read JIT policies, initiate requests, read VMs, NICs and public IPs. No write on VMs, NSGs or policies.',
      assignableScopes: [props.scope],
      permissions: [{ actions: [...JIT_REQUESTER_ACTIONS], notActions: [] }],
    });
    this.assignments = (props.principalIds ?? []).map((principalId, i) => new RoleAssignment(this, `Assignment${i}`, {
      scope: props.scope,
      roleDefinitionId: this.roleDefinition.roleDefinitionResourceId,
      principalId,
      principalType: props.principalType,
    }));
  }
}
