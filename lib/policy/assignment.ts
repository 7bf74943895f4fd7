import { ManagementGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/management-group-policy-assignment';
import { ManagementGroupPolicyExemption } from '@cdktf/provider-azurerm/lib/management-group-policy-exemption';
import { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { ResourceGroupPolicyExemption } from '@cdktf/provider-azurerm/lib/resource-group-policy-exemption';
import { ResourcePolicyExemption } from '@cdktf/provider-azurerm/lib/resource-policy-exemption';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { SubscriptionPolicyAssignment } from '@cdktf/provider-azurerm/lib/subscription-policy-assignment';
import { SubscriptionPolicyExemption } from '@cdktf/provider-azurerm/lib/subscription-policy-exemption';
import { SubscriptionTemplateDeployment } from '@cdktf/provider-azurerm/lib/subscription-template-deployment';
import { Fn, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { warn } from '../core/annotations';
import { armExpression, ArmTemplate, ArmValue, JsonValue, renderArmParameters } from '../core/arm-template';
import { invalid, oneOf } from '../core/errors';
import { isToken, parseResourceId, requireGuid, requireIntegerInRange, requireLocation, requireOneOf, stableHash } from '../core/validate';
import { deterministicGuid, fitName } from './ids';
import { IKitAssignablePolicy, isDeployingEffect, KitPolicyMember, memberCanDeploy, resolveMemberEffect } from './members';
import { UNKNOWN, validateParameterValues } from './parameters';
import { KitPolicyOverride, KitPolicyResourceSelector, overriddenEffects, resolveOverrides, resolveResourceSelectors } from './selectors';
import { classifyArmScope, KitAnyScopeKind, KitPolicyScope, subscriptionOf } from './scope';
import { TerraformLiterals } from '../core/terraform-literal';
import { memberRoles, roleGuidOf } from './roles';

/** Managed identity of an assignment that deploys or modifies. */
export interface KitPolicyIdentityConfig {
  /**
   * `SystemAssigned` (created with the assignment, removed with it) or `UserAssigned` (an identity you manage,
   * for example one shared by several assignments).
   */
  readonly type: 'SystemAssigned' | 'UserAssigned';
  /**
   * Resource id of the user-assigned identity (`azurerm_user_assigned_identity.id`). Required for `UserAssigned`.
   * @default - none
   */
  readonly userAssignedIdentityId?: string;
  /**
   * Principal (object) id of the user-assigned identity (`azurerm_user_assigned_identity.principal_id`), used for
   * the role assignments. Required for `UserAssigned`.
   * @default - none
   */
  readonly principalId?: string;
}

/** An exemption from the assignment: time-boxed, with a category and a reason. */
export interface KitPolicyExemptionConfig {
  /** Exemption name (1-64 characters), unique at its scope. */
  readonly name: string;
  /**
   * Exempted scope: a management group, subscription, resource group or resource id inside the assignment scope.
   */
  readonly scope: string;
  /**
   * Kind of `scope`; needed only when `scope` is an unresolved reference.
   * @default - recognised from the id's shape
   */
  readonly scopeKind?: KitAnyScopeKind;
  /** `Waiver` (accepted risk) or `Mitigated` (handled another way). */
  readonly category: 'Waiver' | 'Mitigated';
  /**
   * Expiry as an ISO 8601 date (`2026-12-31`, meaning 00:00 UTC that day) or date-time (`2026-12-31T18:00:00Z`).
   * Must lie in the future: exemptions are reviewed, not forgotten. Required unless `byDesign`.
   * @default - none (only with `byDesign`)
   */
  readonly expiresOn?: string;
  /**
   * The exemption is part of the design, not a waiver: a kit resource needs what the member forbids (the quarantine
   * registry of a two-registry pipeline keeps export on). No expiry; category must be `Mitigated` and `description`
   * must say why.
   * @default false
   */
  readonly byDesign?: boolean;
  /**
   * Why the exemption exists (ticket, risk acceptance).
   * @default - none
   */
  readonly description?: string;
  /**
   * Display name.
   * @default - the name
   */
  readonly displayName?: string;
  /**
   * For initiatives: only these members are exempted.
   * @default - every member
   */
  readonly policyDefinitionReferenceIds?: string[];
}

/**
 * Remediation tasks for resources that existed before the assignment.
 *
 * The tasks run at subscription (or resource group) scope, where Azure can re-evaluate compliance first
 * (`ReEvaluateCompliance`): right after an assignment is created no compliance scan has run, so a task that only
 * takes the last scan's results (`ExistingNonCompliant`, the only mode of a management-group remediation: azurerm's
 * `azurerm_management_group_policy_remediation` has no `resource_discovery_mode`, and Azure refuses
 * `ReEvaluateCompliance` when remediating a management group scope) finds nothing to fix. A management-group
 * assignment is therefore remediated in each subscription of `subscriptionIds`.
 *
 * They are deployed as `Microsoft.PolicyInsights/remediations` resources of one ARM template deployment
 * (`azurerm_subscription_template_deployment`), not as azurerm remediation resources: Azure deletes a remediation
 * task 60 days after its last change, and azurerm then drops it from state (`*_policy_remediation_resource.go`
 * read: 404 removes the resource) and every later plan proposes to create it again. The deployment record stays,
 * so later plans propose nothing; a task is run again only when its inputs change (its name carries a hash of them).
 */
export interface KitPolicyRemediationOptions {
  /**
   * Create one remediation task per deployIfNotExists/modify member (and, at a management group, per subscription
   * in `subscriptionIds`).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Management group assignments only: the subscriptions under the group whose existing resources are
   * remediated, each with its own subscription-scope tasks (subscriptions in `notScopes` are skipped). Azure cannot
   * re-evaluate compliance for a management-group remediation, so a subscription left out here is remediated by
   * nobody: its existing resources stay non-compliant until someone starts a task (new and updated resources are
   * deployed by the policy itself). The identity that deploys the stack needs
   * `Microsoft.PolicyInsights/remediations/write` and `Microsoft.Resources/deployments/write` on each (Resource
   * Policy Contributor).
   * @default - none: a management group assignment gets no remediation task, and a warning says so
   */
  readonly subscriptionIds?: string[];
  /**
   * Only remediate resources in these regions.
   * @default - all regions
   */
  readonly locationFilters?: string[];
  /**
   * Deployments run in parallel (1-30).
   * @default - Azure's default (10)
   */
  readonly parallelDeployments?: number;
  /**
   * Maximum resources to remediate per task (1-50000).
   * @default - Azure's default (500)
   */
  readonly resourceCount?: number;
  /**
   * Stop when this share of deployments failed (0-1).
   * @default - Azure's default (1)
   */
  readonly failurePercentage?: number;
  /**
   * `ReEvaluateCompliance` evaluates first (finds resources in a fresh assignment), `ExistingNonCompliant` uses the
   * last compliance scan (none has run on a fresh assignment).
   * @default 'ReEvaluateCompliance'
   */
  readonly resourceDiscoveryMode?: 'ExistingNonCompliant' | 'ReEvaluateCompliance';
}

/** One remediation task the assignment deploys. */
export interface KitPolicyRemediationTask {
  /** The member it remediates (`policy_definition_reference_id`); undefined for a lone definition. */
  readonly referenceId?: string;
  /** Its scope: `/subscriptions/<GUID>` or `/subscriptions/<GUID>/resourceGroups/<name>`. */
  readonly scope: string;
  /** Its name (`Microsoft.PolicyInsights/remediations/<name>`): lower case, with a hash of its inputs. */
  readonly name: string;
}

/** Props of {@link KitPolicyAssignment}. */
export interface KitPolicyAssignmentProps {
  /** What to assign: a {@link KitPolicyDefinition}, a {@link KitPolicyInitiative} or a {@link KitBuiltinPolicy}. */
  readonly policy: IKitAssignablePolicy;
  /**
   * Assignment scope: `/providers/Microsoft.Management/managementGroups/<name>`, `/subscriptions/<GUID>` or
   * `/subscriptions/<GUID>/resourceGroups/<name>` (or a {@link KitPolicyScope} for unresolved references).
   */
  readonly scope: string | KitPolicyScope;
  /**
   * Assignment name: at most 24 characters at a management group, 64 at a subscription or resource group.
   * @default - the policy name, shortened with a stable hash when too long
   */
  readonly assignmentName?: string;
  /**
   * Display name.
   * @default - the policy's display name
   */
  readonly displayName?: string;
  /**
   * Description.
   * @default - none
   */
  readonly description?: string;
  /**
   * Parameter values. Each must be declared by the policy, have its type and lie within its `allowedValues`;
   * parameters without a default must be given.
   * @default - the policy's defaults
   */
  readonly parameters?: Record<string, unknown>;
  /**
   * Message shown when a resource is denied or non-compliant.
   * @default - none
   */
  readonly nonComplianceMessage?: string;
  /**
   * Messages per initiative member, keyed by `policyDefinitionReferenceId`.
   * @default - none
   */
  readonly nonComplianceMessages?: Record<string, string>;
  /**
   * `Default` enforces (deny blocks, deployIfNotExists deploys); `DoNotEnforce` only reports.
   * @default 'Default'
   */
  readonly enforcementMode?: 'Default' | 'DoNotEnforce';
  /**
   * Scopes excluded from the assignment (management groups, subscriptions, resource groups, resources).
   * @default - none
   */
  readonly notScopes?: string[];
  /**
   * Exemptions, each time-boxed (except those `byDesign`).
   * @default - none
   */
  readonly exemptions?: KitPolicyExemptionConfig[];
  /**
   * Managed identity. Needed (and created system-assigned by default) when a member deploys or modifies with the
   * assigned parameter values (or may: an unresolved effect). It gets only the roles of those members.
   * @default - system-assigned when a member deploys or modifies with the assigned values, none otherwise
   */
  readonly identity?: KitPolicyIdentityConfig;
  /**
   * Region of the assignment's identity (ARM form, `westeurope`). Required when the assignment has an identity.
   * @default - none
   */
  readonly location?: string;
  /**
   * Scopes outside the assignment scope that the deployments link to (a central Log Analytics workspace, an Event
   * Hub namespace; `LinkedAuthorizationFailed` otherwise). A plain scope gets every role the deploying members need;
   * a {@link KitPolicyLinkedRoles} entry gets only the roles it names (the least the linked access check needs).
   * Nothing is granted when no member deploys.
   * @default - none
   */
  readonly additionalRoleAssignmentScopes?: (string | KitPolicyLinkedRoles)[];
  /**
   * Create the identity's role assignments. Turn off only when someone else grants the roles.
   * @default true
   */
  readonly roleAssignments?: boolean;
  /**
   * Remediation tasks (see {@link KitPolicyRemediationOptions} for how they are deployed and why).
   * @default - one task per deploying member at a subscription or resource group; none at a management group
   *   without `remediation.subscriptionIds`
   */
  readonly remediation?: KitPolicyRemediationOptions;
  /**
   * Assignment metadata.
   * @default - none
   */
  readonly metadata?: Record<string, unknown>;
  /**
   * Effect overrides for some members (or all) of the assigned policy, evaluated in order: at most 10, each member
   * selected by `policyDefinitionReferenceId` and/or the region by `resourceLocation`. Reference ids must be members
   * of the initiative, and the effect one the member allows.
   * @default - none
   */
  readonly overrides?: KitPolicyOverride[];
  /**
   * Resource selectors that narrow what the assignment evaluates (by region, resource type, or subscription-level
   * resources without a location), for a gradual rollout: at most 10.
   * @default - none: every resource in scope is evaluated
   */
  readonly resourceSelectors?: KitPolicyResourceSelector[];
  /**
   * Which construct path gives the assignment resource its Terraform address: `'resource'` (`<scope>/<id>/Resource`,
   * as for every resource of a construct) or `'construct'` (`<scope>/<id>`, this construct's own path). `'construct'`
   * is for a construct that created the assignment resource directly under that id before it composed
   * KitPolicyAssignment: existing deployments keep their assignment instead of replacing it.
   * @default 'resource'
   */
  readonly resourceAddress?: 'resource' | 'construct';
  /**
   * Clock used to reject exemptions that already expired (for tests).
   * @default - the system clock
   */
  readonly clock?: () => Date;
}

/** The assignment resource, by scope. */
export type KitPolicyAssignmentResource = ManagementGroupPolicyAssignment | SubscriptionPolicyAssignment | ResourceGroupPolicyAssignment;


/** Roles the identity needs on a resource a deployment links to (see `additionalRoleAssignmentScopes`). */
export interface KitPolicyLinkedRoles {
  /** The scope (usually a resource id: the workspace or Event Hub namespace the deployments name). */
  readonly scope: string;
  /** Role definition GUIDs to grant there. */
  readonly roleDefinitionGuids: readonly string[];
  /**
   * The roles are needed only on this resource (for its linked access check), not at the assignment scope: the
   * assignment scope does not get them even when a member's definition lists them.
   * @default false
   */
  readonly onlyHere?: boolean;
}

/** A role the assignment's identity holds at a scope. */
export interface KitPolicyRoleGrant {
  /** Role definition GUID. */
  readonly roleDefinitionGuid: string;
  /** Scope of the role assignment. */
  readonly scope: string;
  /** The `azurerm_role_assignment`. */
  readonly resource: RoleAssignment;
}

/** API version of the remediation tasks (the version azurerm v4.55.0 uses: go-azure-sdk policyinsights/2021-10-01). */
const REMEDIATION_API_VERSION = '2021-10-01';
/** API version of the nested deployments that target each remediated subscription or resource group. */
const DEPLOYMENTS_API_VERSION = '2022-09-01';

// Azure refuses <>*%&:\?.+/ in assignment names; azurerm also refuses '#' and a name ending in a space
// (internal/services/policy/*_policy_assignment_resource.go).
const NAME_CHARS = /^[^<>*%&:\\?.+/#]+$/;

/**
 * Assigns a definition, initiative or built-in at a management group, subscription or resource group, with everything a deploying
 * assignment needs to work on day one: the identity, its role assignments (derived from every member's
 * `roleDefinitionIds`, at the assignment scope and every extra scope the deployments write to) and one remediation
 * task per deployIfNotExists/modify member so existing resources are fixed too.
 */
export class KitPolicyAssignment extends Construct {
  /** The assignment (`azurerm_management_group_policy_assignment`, `..._subscription_...` or `..._resource_group_...`). */
  public readonly resource: KitPolicyAssignmentResource;
  /** Id of the assignment. */
  public readonly assignmentId: string;
  /** Name of the assignment. */
  public readonly assignmentName: string;
  /** Assignment scope. */
  public readonly assignmentScope: KitPolicyScope;
  /** Principal id of the identity; undefined without one. */
  public readonly principalId?: string;
  /** Role assignments of the identity, in a stable order. */
  public readonly roleGrants: readonly KitPolicyRoleGrant[];
  /** Remediation tasks, one per deploying member and remediated scope, in a stable order. */
  public readonly remediationTasks: readonly KitPolicyRemediationTask[];
  /**
   * The template deployments of the remediation tasks, one per remediated scope (empty when there are none): adding a
   * subscription adds a deployment and leaves the others (and their finished tasks) alone.
   */
  public readonly remediationDeployments: readonly SubscriptionTemplateDeployment[];
  /** Exemptions, keyed by name. */
  public readonly exemptions: Readonly<Record<string, TerraformResource>>;
  /** Members whose effect resolves to deployIfNotExists or modify. */
  public readonly deployingMembers: readonly KitPolicyMember[];

  constructor(scope: Construct, id: string, props: KitPolicyAssignmentProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    const policy = props.policy;
    const target = KitPolicyScope.parse(this, 'scope', props.scope, { allowResourceGroup: true });
    this.assignmentScope = target;
    const isMg = target.kind === 'managementGroup';
    const maxName = isMg ? 24 : 64;

    // Name
    const name = props.assignmentName ?? fitName(policy.policyName.replace(/[^A-Za-z0-9_-]/g, '-'), maxName);
    if (typeof name !== 'string' || name.length < 1 || name.length > maxName || !NAME_CHARS.test(name) || name.endsWith(' ')) {
      invalid(this, 'assignmentName', name,
        `must be 1-${maxName} characters at a ${isMg ? 'management group' : target.kind === 'subscription' ? 'subscription' : 'resource group'} scope, without <>*%&:\\?.+/#`);
    }
    this.assignmentName = name;

    // Parameters
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props.parameters ?? {})) if (v !== undefined) values[k] = v;
    validateParameterValues(this, 'parameters', policy.parameterDeclarations, values, policy.policyLabel);

    // Members: which deploy, which can deploy
    const members = policy.members;
    const referenceIds = members.map((m) => m.referenceId).filter((r): r is string => r !== undefined);
    const canDeploy = members.filter((m) => memberCanDeploy(m));
    const overrides = resolveOverrides(this, policy, props.overrides);
    const resourceSelectors = resolveResourceSelectors(this, props.resourceSelectors);
    const deploying: KitPolicyMember[] = [];
    // Members whose effect is unknown until apply: they may deploy, so the identity gets their roles too.
    const unresolved: KitPolicyMember[] = [];
    for (const m of canDeploy) {
      // The member's own effect, unless an override that applies everywhere replaces it; overrides limited to some
      // regions add their effect to the possibilities.
      const { effects, covered } = overriddenEffects(m, overrides);
      const own = covered ? undefined : resolveMemberEffect(m, policy, values);
      const known = effects.filter((e) => !isToken(e));
      if (own === UNKNOWN) {
        warn(this, 'guardrails:policy:unresolved-member-effect',
          `${policy.policyLabel}: the effect of ${m.referenceId ?? m.name} depends on an unresolved value; no remediation task is created for it`);
        unresolved.push(m);
      } else if (known.length < effects.length && !known.some((e) => isDeployingEffect(e)) && !(own && isDeployingEffect(own))) {
        warn(this, 'guardrails:policy:unresolved-member-effect',
          `${policy.policyLabel}: an override of ${m.referenceId ?? m.name} has an unresolved value; no remediation task is created for it`);
        unresolved.push(m);
      } else if ([...known, ...(own ? [own] : [])].some((e) => isDeployingEffect(e))) {
        deploying.push(m);
      }
    }
    this.deployingMembers = deploying;

    // Non-compliance messages
    const messages: { content: string; policyDefinitionReferenceId?: string }[] = [];
    if (props.nonComplianceMessage !== undefined) {
      if (typeof props.nonComplianceMessage !== 'string' || props.nonComplianceMessage.trim() === '') {
        invalid(this, 'nonComplianceMessage', props.nonComplianceMessage, 'must be a non-empty string');
      }
      messages.push({ content: props.nonComplianceMessage });
    }
    for (const [ref, content] of Object.entries(props.nonComplianceMessages ?? {})) {
      const match = referenceIds.find((r) => r.toLowerCase() === ref.toLowerCase());
      if (!match) {
        invalid(this, `nonComplianceMessages.${ref}`, ref, policy.isInitiative
          ? `is not a member of ${policy.policyLabel}; reference ids: ${referenceIds.map((r) => JSON.stringify(r)).join(', ')}`
          : `per-member messages need an initiative; ${policy.policyLabel} is a single definition: use nonComplianceMessage`);
      }
      if (typeof content !== 'string' || content.trim() === '') {
        invalid(this, `nonComplianceMessages.${ref}`, content, 'must be a non-empty string');
      }
      messages.push({ content, policyDefinitionReferenceId: match });
    }

    // Enforcement, not_scopes
    const mode = requireOneOf(this, 'enforcementMode', props.enforcementMode ?? 'Default', ['Default', 'DoNotEnforce'] as const);
    const notScopes = (props.notScopes ?? []).map((s, i) => this.checkInside(`notScopes[${i}]`, s, target));

    // Identity
    // Only members that deploy with the assigned values (or may: unresolved effects) need an identity and roles.
    const mayDeploy = [...deploying, ...unresolved];
    const needsIdentity = mayDeploy.length > 0;
    const identity = props.identity ?? (needsIdentity ? { type: 'SystemAssigned' as const } : undefined);
    if (identity) {
      requireOneOf(this, 'identity.type', identity.type, ['SystemAssigned', 'UserAssigned'] as const);
      if (identity.type === 'UserAssigned') {
        if (!identity.userAssignedIdentityId) {
          invalid(this, 'identity.userAssignedIdentityId', identity.userAssignedIdentityId,
            'is required with type "UserAssigned": pass azurerm_user_assigned_identity.id');
        }
        if (!isToken(identity.userAssignedIdentityId) && classifyArmScope(identity.userAssignedIdentityId) !== 'resource') {
          invalid(this, 'identity.userAssignedIdentityId', identity.userAssignedIdentityId,
            'must be the resource id of a Microsoft.ManagedIdentity/userAssignedIdentities');
        }
        if (!identity.principalId) {
          invalid(this, 'identity.principalId', identity.principalId,
            'is required with type "UserAssigned": pass azurerm_user_assigned_identity.principal_id (used for the role assignments)');
        }
      }
      if (props.location === undefined) {
        invalid(this, 'location', undefined,
          `is required because the assignment has a managed identity (${policy.policyLabel} deploys or modifies resources): give the region of the identity, such as "westeurope"`);
      }
    }
    if (props.location !== undefined) requireLocation(this, 'location', props.location);

    const common = {
      name,
      policyDefinitionId: policy.policyDefinitionId,
      displayName: props.displayName ?? policy.displayName,
      description: props.description,
      parameters: Object.keys(values).length > 0 ? renderArmParameters(values as Record<string, JsonValue>) : undefined,
      enforce: mode === 'Default',
      notScopes: notScopes.length > 0 ? notScopes : undefined,
      nonComplianceMessage: messages.length > 0 ? messages : undefined,
      metadata: props.metadata ? JSON.stringify(props.metadata) : undefined,
      overrides: overrides.length > 0 ? overrides.map((o) => o.block) : undefined,
      resourceSelectors,
      location: identity ? props.location : undefined,
      identity: identity
        ? identity.type === 'SystemAssigned'
          ? { type: 'SystemAssigned' }
          : { type: 'UserAssigned', identityIds: [identity.userAssignedIdentityId as string] }
        : undefined,
    };
    const address = requireOneOf(this, 'resourceAddress', props.resourceAddress ?? 'resource', ['resource', 'construct'] as const);
    this.resource = isMg
      ? new ManagementGroupPolicyAssignment(this, 'Resource', { ...common, managementGroupId: target.id })
      : target.kind === 'subscription'
        ? new SubscriptionPolicyAssignment(this, 'Resource', { ...common, subscriptionId: target.id })
        : new ResourceGroupPolicyAssignment(this, 'Resource', { ...common, resourceGroupId: target.id });
    // Before anything reads an attribute: the first read fixes the address.
    if (address === 'construct') this.resource.overrideLogicalId(TerraformStack.of(this).getLogicalId(this.node));
    this.assignmentId = this.resource.id;
    this.principalId = identity
      ? identity.type === 'SystemAssigned' ? this.resource.identity.principalId : identity.principalId
      : undefined;

    // Role assignments: the roles of the members that deploy with these parameter values, narrowed where the values
    // allow it (lib/policy/roles.ts); every member's role ids are checked even so.
    for (const m of members) {
      for (const r of m.roleDefinitionIds) {
        if (!roleGuidOf(r)) {
          invalid(this, `policy.${m.referenceId ?? m.name}.roleDefinitionIds`, r,
            'must be a role definition id ".../providers/Microsoft.Authorization/roleDefinitions/<GUID>"');
        }
      }
    }
    const roles = new Set<string>();
    for (const m of mayDeploy) for (const r of memberRoles(m, policy, values)) roles.add(r);
    const grantScopes: { scope: string; key: string; roles: Set<string> }[] = [
      { scope: target.id, key: target.isToken ? `token:${this.node.path}` : target.id.toLowerCase(), roles: new Set(roles) },
    ];
    for (const [i, entry] of (props.additionalRoleAssignmentScopes ?? []).entries()) {
      const linked = typeof entry === 'string' ? undefined : entry;
      const s = typeof entry === 'string' ? entry : entry?.scope;
      const property = `additionalRoleAssignmentScopes[${i}]${linked ? '.scope' : ''}`;
      if (typeof s !== 'string' || (!isToken(s) && classifyArmScope(s) === undefined)) {
        invalid(this, property, s,
          'must be a management group, subscription, resource group or resource id (for example the Log Analytics workspace or Event Hub namespace id)');
      }
      const here = new Set<string>();
      if (linked) {
        (linked.roleDefinitionGuids ?? []).forEach((g, j) => {
          if (typeof g !== 'string' || !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(g)) {
            invalid(this, `additionalRoleAssignmentScopes[${i}].roleDefinitionGuids[${j}]`, g, 'must be a role definition GUID');
          }
          here.add(g.toLowerCase());
          if (linked.onlyHere) grantScopes[0].roles.delete(g.toLowerCase());
        });
      } else {
        for (const r of roles) here.add(r);
      }
      const key = isToken(s) ? `token:${this.node.path}:additional[${i}]` : s.toLowerCase();
      const existing = grantScopes.find((g) => g.key === key);
      if (existing) for (const r of here) existing.roles.add(r);
      else grantScopes.push({ scope: s, key, roles: here });
    }
    const grants: KitPolicyRoleGrant[] = [];
    const createRoles = props.roleAssignments ?? true;
    if (this.principalId && createRoles && needsIdentity) {
      const assignmentKey = `${grantScopes[0].key}|${name.toLowerCase()}`;
      for (const g of grantScopes) {
        for (const role of [...g.roles].sort()) {
          const guid = deterministicGuid(`${assignmentKey}|${g.key}|${role}`);
          const resource = new RoleAssignment(this, `RoleAssignment-${guid}`, {
            name: guid,
            scope: g.scope,
            roleDefinitionId: scopedRoleDefinitionId(g.scope, role, g === grantScopes[0] && isMg),
            principalId: this.principalId,
            principalType: 'ServicePrincipal',
            description: `Policy assignment ${name}: role needed by its deployIfNotExists/modify effects`,
          });
          grants.push({ roleDefinitionGuid: role, scope: g.scope, resource });
        }
      }
    } else if (this.principalId && needsIdentity && roles.size > 0) {
      warn(this, 'guardrails:policy:role-assignments-off',
        `roleAssignments is false: grant the assignment identity roles ${[...roles].join(', ')} at its scope and the extra scopes yourself, or remediation fails`);
    }
    this.roleGrants = grants;

    // Remediations
    const remediation = props.remediation ?? {};
    const tasks: KitPolicyRemediationTask[] = [];
    let remediationDeployments: SubscriptionTemplateDeployment[] = [];
    if (remediation.enabled ?? true) {
      if (remediation.parallelDeployments !== undefined) requireIntegerInRange(this, 'remediation.parallelDeployments', remediation.parallelDeployments, 1, 30);
      if (remediation.resourceCount !== undefined) requireIntegerInRange(this, 'remediation.resourceCount', remediation.resourceCount, 1, 50000);
      if (remediation.failurePercentage !== undefined
        && (typeof remediation.failurePercentage !== 'number' || remediation.failurePercentage < 0 || remediation.failurePercentage > 1)) {
        invalid(this, 'remediation.failurePercentage', remediation.failurePercentage, 'must be a number from 0 to 1');
      }
      for (const [i, l] of (remediation.locationFilters ?? []).entries()) requireLocation(this, `remediation.locationFilters[${i}]`, l);
      const discovery = remediation.resourceDiscoveryMode ?? 'ReEvaluateCompliance';
      requireOneOf(this, 'remediation.resourceDiscoveryMode', discovery, ['ExistingNonCompliant', 'ReEvaluateCompliance'] as const);
      const targets = this.remediationTargets(target, remediation.subscriptionIds, notScopes, deploying.length > 0);
      if (deploying.length > 0 && targets.length > 0) {
        remediationDeployments = this.deployRemediations(name, target, targets, deploying, remediation, discovery, props.location!, grants, tasks);
      }
    } else if (remediation.subscriptionIds !== undefined) {
      invalid(this, 'remediation.subscriptionIds', remediation.subscriptionIds, 'only applies when remediation is enabled');
    }
    this.remediationTasks = tasks;
    this.remediationDeployments = remediationDeployments;

    // Exemptions
    const exemptions: Record<string, TerraformResource> = {};
    const now = (props.clock ?? (() => new Date()))();
    for (const [i, e] of (props.exemptions ?? []).entries()) {
      const where = `exemptions[${i}]`;
      if (typeof e.name !== 'string' || !/^[^<>*%&:\\?.+/]{1,64}$/.test(e.name) || exemptions[e.name]) {
        invalid(this, `${where}.name`, e.name, 'must be 1-64 characters without <>*%&:\\?.+/, unique within the assignment');
      }
      requireOneOf(this, `${where}.category`, e.category, ['Waiver', 'Mitigated'] as const);
      let expiresOn: string | undefined;
      if (e.byDesign === true && e.expiresOn === undefined) {
        if (e.category !== 'Mitigated' || typeof e.description !== 'string' || e.description.trim() === '') {
          invalid(this, `${where}.byDesign`, e.byDesign, 'needs category "Mitigated" and a description saying why the resource needs what the policy forbids');
        }
      } else {
        expiresOn = parseExpiry(this, `${where}.expiresOn`, e.expiresOn as string, now);
      }
      const kind = e.scopeKind ?? (isToken(e.scope) ? undefined : classifyArmScope(e.scope));
      if (!kind) {
        invalid(this, `${where}.scope`, e.scope, isToken(e.scope)
          ? `is an unresolved reference: set scopeKind (${oneOf(['managementGroup', 'subscription', 'resourceGroup', 'resource'])})`
          : 'must be a management group, subscription, resource group or resource id inside the assignment scope');
      }
      requireOneOf(this, `${where}.scopeKind`, kind, ['managementGroup', 'subscription', 'resourceGroup', 'resource'] as const);
      this.checkInside(`${where}.scope`, e.scope, target, true);
      const refs = e.policyDefinitionReferenceIds?.map((r, j) => {
        const match = referenceIds.find((x) => x.toLowerCase() === r.toLowerCase());
        if (!match) {
          invalid(this, `${where}.policyDefinitionReferenceIds[${j}]`, r, policy.isInitiative
            ? `is not a member of ${policy.policyLabel}; reference ids: ${referenceIds.map((x) => JSON.stringify(x)).join(', ')}`
            : `${policy.policyLabel} is a single definition: leave policyDefinitionReferenceIds out`);
        }
        return match;
      });
      const base = {
        name: e.name,
        displayName: e.displayName ?? e.name,
        description: e.description,
        exemptionCategory: e.category,
        expiresOn,
        policyAssignmentId: this.assignmentId,
        policyDefinitionReferenceIds: refs,
      };
      const cid = `Exemption-${e.name}`;
      exemptions[e.name] = kind === 'managementGroup'
        ? new ManagementGroupPolicyExemption(this, cid, { ...base, managementGroupId: e.scope })
        : kind === 'subscription'
          ? new SubscriptionPolicyExemption(this, cid, { ...base, subscriptionId: e.scope })
          : kind === 'resourceGroup'
            ? new ResourceGroupPolicyExemption(this, cid, { ...base, resourceGroupId: e.scope })
            : new ResourcePolicyExemption(this, cid, { ...base, resourceId: e.scope });
    }
    this.exemptions = exemptions;
  }

  /**
   * The scopes remediation tasks run at: the assignment's subscription or resource group, or, at a management group,
   * the listed subscriptions that the assignment does not exclude.
   */
  private remediationTargets(target: KitPolicyScope, subscriptionIds: string[] | undefined, notScopes: string[], deploys: boolean): { scope: string; subscriptionId: string; resourceGroup?: string }[] {
    if (target.kind !== 'managementGroup') {
      if (subscriptionIds !== undefined) {
        invalid(this, 'remediation.subscriptionIds', subscriptionIds,
          `only applies to a management group assignment: this ${target.kind === 'subscription' ? 'subscription' : 'resource group'} assignment is remediated in its own scope`);
      }
      const subscriptionId = target.kind === 'subscription' ? target.name ?? Fn.element(Fn.split('/', target.id), 2) : subscriptionOf(target.id) ?? Fn.element(Fn.split('/', target.id), 2);
      const resourceGroup = target.kind === 'resourceGroup' ? target.name ?? Fn.element(Fn.split('/', target.id), 4) : undefined;
      return [{ scope: target.id, subscriptionId, resourceGroup }];
    }
    if (subscriptionIds === undefined) {
      if (deploys) {
        warn(this, 'guardrails:policy:management-group-remediation-needs-subscriptions',
          'remediation.subscriptionIds is not set: resources that exist before this management-group assignment are not remediated (Azure re-evaluates compliance before remediating only at subscription scope and below). ' +
          'List the subscriptions under the management group in remediation.subscriptionIds.');
      }
      return [];
    }
    if (!Array.isArray(subscriptionIds) || subscriptionIds.length === 0) {
      invalid(this, 'remediation.subscriptionIds', subscriptionIds, 'must list one or more subscription GUIDs, or be left out');
    }
    const excluded = new Set(notScopes.filter((n) => !isToken(n)).map((n) => n.toLowerCase()));
    const seen = new Set<string>();
    const out: { scope: string; subscriptionId: string }[] = [];
    subscriptionIds.forEach((id, i) => {
      if (!isToken(id)) {
        requireGuid(this, `remediation.subscriptionIds[${i}]`, id);
        if (seen.has(id.toLowerCase())) invalid(this, `remediation.subscriptionIds[${i}]`, id, 'is listed twice');
        seen.add(id.toLowerCase());
        if (excluded.has(`/subscriptions/${id}`.toLowerCase())) return;
      }
      out.push({ scope: `/subscriptions/${id}`, subscriptionId: id });
    });
    return out;
  }

  /**
   * One subscription-scope ARM deployment (in the provider's subscription) per target scope, each with a nested
   * deployment to that subscription or resource group holding the `Microsoft.PolicyInsights/remediations` (API
   * 2021-10-01) of every deploying member. Separate deployments, so that adding a subscription leaves the others
   * alone: Azure refuses to change a remediation while it runs ("A remediation may not be changed or replaced while
   * it is active", InvalidUpdateRemediationRequest), and re-sending a finished one would run it again.
   */
  private deployRemediations(
    name: string, target: KitPolicyScope, targets: { scope: string; subscriptionId: string; resourceGroup?: string }[], deploying: KitPolicyMember[],
    options: KitPolicyRemediationOptions, discovery: string, location: string, grants: KitPolicyRoleGrant[], tasks: KitPolicyRemediationTask[],
  ): SubscriptionTemplateDeployment[] {
    const scopeKey = target.isToken ? `token:${this.node.path}` : target.id.toLowerCase();
    return targets.map((t, i) => {
      const inner = new ArmTemplate(t.resourceGroup !== undefined ? 'resourceGroup' : 'subscription').addParameter('policyAssignmentId', { type: 'string' });
      const targetKey = isToken(t.scope) ? `#${i}` : t.scope.toLowerCase();
      for (const m of deploying) {
        const ref = m.referenceId;
        const properties: { [key: string]: ArmValue } = {
          policyAssignmentId: armExpression("[parameters('policyAssignmentId')]"),
          resourceDiscoveryMode: discovery,
        };
        if (ref !== undefined) properties.policyDefinitionReferenceId = ref;
        if (options.locationFilters !== undefined) properties.filters = { locations: [...options.locationFilters] };
        if (options.parallelDeployments !== undefined) properties.parallelDeployments = options.parallelDeployments;
        if (options.resourceCount !== undefined) properties.resourceCount = options.resourceCount;
        if (options.failurePercentage !== undefined) properties.failureThreshold = { percentage: options.failurePercentage };
        // Remediation names are lower case (Azure lower-cases them), at most 260 characters, without %^#/\&?
        // (internal/services/policy/validate/remediation_name.go). The hash of the inputs makes a changed task a new
        // task, which Azure runs, instead of a change to one that may still be running (refused).
        const inputs = stableHash(JSON.stringify({ scopeKey, name, targetKey, ref, properties }), 8);
        const taskName = fitName(`${name}-${ref ?? 'remediation'}`.toLowerCase().replace(/[^a-z0-9_-]/g, '-'), 64) + `-${inputs}`;
        inner.addResource({ type: 'Microsoft.PolicyInsights/remediations', apiVersion: REMEDIATION_API_VERSION, name: taskName, properties });
        tasks.push({ referenceId: ref, scope: t.scope, name: taskName });
      }
      const template = new ArmTemplate('subscription').addParameter('policyAssignmentId', { type: 'string' });
      template.addResource({
        type: 'Microsoft.Resources/deployments',
        apiVersion: DEPLOYMENTS_API_VERSION,
        name: `guardrails-remediation-${stableHash(`${scopeKey}|${name}|${targetKey}`, 12)}`,
        subscriptionId: t.subscriptionId,
        resourceGroup: t.resourceGroup,
        location: t.resourceGroup === undefined ? location : undefined,
        properties: {
          mode: 'Incremental',
          expressionEvaluationOptions: { scope: 'inner' },
          parameters: { policyAssignmentId: { value: armExpression("[parameters('policyAssignmentId')]") } },
          template: inner,
        },
      });
      // Construct ids are public (a new id replaces the deployment): the subscription's GUID at a management group.
      const id = target.kind !== 'managementGroup' ? 'Remediation' : `Remediation-${isToken(t.subscriptionId) ? i : t.subscriptionId.toLowerCase()}`;
      return new SubscriptionTemplateDeployment(this, id, {
        name: fitName(`guardrails-remediation-${name}`.replace(/[^A-Za-z0-9_.()-]/g, '-'), 55) + `-${stableHash(`${scopeKey}|${targetKey}`, 8)}`,
        location,
        templateContent: template.render(),
        parametersContent: renderArmParameters({ policyAssignmentId: this.assignmentId }),
        // The identity must hold its roles before a task deploys anything.
        dependsOn: grants.length > 0 ? grants.map((g) => g.resource) : undefined,
      });
    });
  }

  /** Checks that a literal scope has a known shape and, for subscription and resource group assignments, lies inside. */
  private checkInside(property: string, value: string, target: KitPolicyScope, allowSame = false): string {
    if (isToken(value)) return value;
    const kind = classifyArmScope(value);
    if (!kind) {
      invalid(this, property, value,
        'must be a management group, subscription, resource group or resource id ("/subscriptions/<GUID>/resourceGroups/<name>", ...)');
    }
    if (target.kind === 'subscription' && !target.isToken && (kind === 'managementGroup' || subscriptionOf(value) !== target.name)) {
      invalid(this, property, value, `must lie inside the assignment scope ${target.id}`);
    }
    if (target.kind === 'resourceGroup' && !target.isToken && (kind === 'managementGroup' || kind === 'subscription'
      || subscriptionOf(value) !== subscriptionOf(target.id) || parseResourceId(value)?.resourceGroup?.toLowerCase() !== target.name?.toLowerCase())) {
      invalid(this, property, value, `must lie inside the assignment scope ${target.id}`);
    }
    if (!allowSame && value.toLowerCase() === target.id.toLowerCase()) {
      invalid(this, property, value, 'must be below the assignment scope, not the assignment scope itself');
    }
    return value;
  }
}

/**
 * The role definition id as Azure returns it for a role assignment at `scope`: subscription-scoped
 * (`/subscriptions/<s>/providers/...`) for scopes inside a subscription, tenant-level for management groups, so that
 * `terraform plan` shows no replacement after the first apply. For an unresolved scope the subscription part is
 * taken from the scope in Terraform (empty for a management group).
 */
function scopedRoleDefinitionId(scope: string, roleGuid: string, isManagementGroup: boolean): string {
  const tail = `/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
  if (isManagementGroup) return tail;
  if (isToken(scope)) return `${Fn.try([Fn.regex('^/subscriptions/[^/]+', scope), ''])}${tail}`;
  const sub = subscriptionOf(scope);
  return sub ? `/subscriptions/${sub}${tail}` : tail;
}

/** Parses an exemption expiry (ISO date or date-time) into RFC 3339 UTC; rejects dates that are not in the future. */
function parseExpiry(scope: Construct, property: string, value: string, now: Date): string {
  if (typeof value !== 'string') invalid(scope, property, value, 'must be an ISO 8601 date such as "2026-12-31"');
  if (isToken(value)) return value;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const ms = dateOnly ? Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])) : dateTime ? Date.parse(value) : NaN;
  if (Number.isNaN(ms) || (dateOnly && new Date(ms).toISOString().slice(0, 10) !== value)) {
    invalid(scope, property, value, 'must be an ISO 8601 date ("2026-12-31") or date-time with zone ("2026-12-31T18:00:00Z")');
  }
  if (ms <= now.getTime()) {
    invalid(scope, property, value,
      `is not in the future (now is ${now.toISOString()}): an expired exemption exempts nothing; remove it or set a later date`);
  }
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}
