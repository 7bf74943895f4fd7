import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { isToken, parseManagementGroupId, parseResourceId } from '../core/validate';

/**
 * Where a policy definition, initiative or assignment lives. Definitions and initiatives live at a management group
 * or subscription; assignments also at a resource group.
 */
export type KitPolicyScopeKind = 'managementGroup' | 'subscription' | 'resourceGroup';

/** Options of {@link KitPolicyScope.parse}. */
export interface KitPolicyScopeParseOptions {
  /**
   * Accept a resource group (assignments can live there; definitions and initiatives cannot).
   * @default false
   */
  readonly allowResourceGroup?: boolean;
}

/**
 * A management group, subscription or resource group scope. Plain strings are recognised by their shape
 * (`/providers/Microsoft.Management/managementGroups/<name>`, `/subscriptions/<GUID>` or
 * `/subscriptions/<GUID>/resourceGroups/<name>`); an unresolved reference (for example `managementGroup.id`) needs
 * {@link KitPolicyScope.managementGroup}, {@link KitPolicyScope.subscription} or {@link KitPolicyScope.resourceGroup}
 * to say which it is.
 */
export class KitPolicyScope {
  /** A management group id (may be an unresolved reference). */
  public static managementGroup(id: string): KitPolicyScope {
    return new KitPolicyScope('managementGroup', id);
  }

  /** A subscription id `/subscriptions/<GUID>` (may be an unresolved reference). */
  public static subscription(id: string): KitPolicyScope {
    return new KitPolicyScope('subscription', id);
  }

  /** A resource group id `/subscriptions/<GUID>/resourceGroups/<name>` (may be an unresolved reference); assignments only. */
  public static resourceGroup(id: string): KitPolicyScope {
    return new KitPolicyScope('resourceGroup', id);
  }

  /** Validates a scope given as a string (by shape) or as a {@link KitPolicyScope}. */
  public static parse(scope: IConstruct | string, property: string, value: string | KitPolicyScope,
    options: KitPolicyScopeParseOptions = {}): KitPolicyScope {
    const allowGroup = options.allowResourceGroup ?? false;
    if (value instanceof KitPolicyScope) {
      if (value.kind === 'resourceGroup' && !allowGroup) {
        invalid(scope, property, value.id, 'is a resource group: policy definitions and initiatives live at a management group or subscription');
      }
      if (!isToken(value.id)) {
        const parsed = KitPolicyScope.parse(scope, property, value.id, options);
        if (parsed.kind !== value.kind) {
          invalid(scope, property, value.id, `is a ${parsed.kind} id, not a ${value.kind} id`);
        }
        return parsed;
      }
      return value;
    }
    if (typeof value === 'string' && isToken(value)) {
      invalid(scope, property, value,
        `is an unresolved reference: wrap it in KitPolicyScope.managementGroup(...)${allowGroup ? ', KitPolicyScope.subscription(...) or KitPolicyScope.resourceGroup(...)' : ' or KitPolicyScope.subscription(...)'} so the kind of scope is known`);
    }
    if (typeof value === 'string') {
      const mg = parseManagementGroupId(value);
      if (mg !== undefined) return new KitPolicyScope('managementGroup', value, mg);
      const parsed = parseResourceId(value);
      if (parsed && !parsed.resourceGroup && !parsed.provider) return new KitPolicyScope('subscription', value, parsed.subscriptionId.toLowerCase());
      if (allowGroup && parsed && parsed.resourceGroup && !parsed.provider) return new KitPolicyScope('resourceGroup', value, parsed.resourceGroup);
    }
    return invalid(scope, property, value, allowGroup
      ? 'must be a management group id "/providers/Microsoft.Management/managementGroups/<name>", a subscription id "/subscriptions/<GUID>" or a resource group id "/subscriptions/<GUID>/resourceGroups/<name>"'
      : 'must be a management group id "/providers/Microsoft.Management/managementGroups/<name>" or a subscription id "/subscriptions/<GUID>"');
  }

  /** Management group name, subscription GUID (lower case) or resource group name; undefined for unresolved references. */
  public readonly name: string | undefined;

  private constructor(
    /** Kind of scope. */
    public readonly kind: KitPolicyScopeKind,
    /** Full resource id of the scope. */
    public readonly id: string,
    name?: string,
  ) {
    this.name = name;
  }

  /** True when the id is an unresolved reference. */
  public get isToken(): boolean {
    return isToken(this.id);
  }
}

/** Kind of a scope that a policy exemption or a role assignment can target. */
export type KitAnyScopeKind = 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

/**
 * Recognises any ARM scope by shape: management group, subscription, resource group or resource id; undefined
 * when the string is none of them. Unresolved tokens return `resource` (they can only be checked by Azure).
 */
export function classifyArmScope(value: string): KitAnyScopeKind | undefined {
  if (typeof value !== 'string') return undefined;
  if (isToken(value)) return 'resource';
  if (parseManagementGroupId(value) !== undefined) return 'managementGroup';
  const parsed = parseResourceId(value);
  if (!parsed) return undefined;
  if (!parsed.resourceGroup && !parsed.provider) return 'subscription';
  if (parsed.resourceGroup && !parsed.provider) return 'resourceGroup';
  return 'resource';
}

/** The subscription GUID (lower case) a scope lies in, when it has one. */
export function subscriptionOf(value: string): string | undefined {
  return parseResourceId(value)?.subscriptionId.toLowerCase();
}
