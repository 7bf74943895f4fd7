import { IConstruct } from 'constructs';
import { describeValue, invalid, oneOf } from '../core/errors';
import { isToken, requireLocation } from '../core/validate';
import { IKitAssignablePolicy, isDeployingEffect, KitPolicyMember } from './members';

/**
 * Overrides and resource selectors of a policy assignment, as azurerm 4.55 deploys them (API 2022-06-01,
 * internal/services/policy/assignment_resource_base.go: `overrides` and `resource_selectors` blocks), checked against
 * the assigned policy and Azure's documented limits (Microsoft Learn, "Azure Policy assignment structure": at most
 * 10 resource selectors and 10 overrides per assignment, 50 values per `in`/`notIn`, `in` and `notIn` exclusive, a
 * selector kind once per resource selector, `resourceLocation` and `resourceWithoutLocation` not together,
 * `resourceWithoutLocation` only `subscriptionLevelResources`).
 */

/** What an override selector narrows down by. */
export type KitPolicyOverrideSelectorKind = 'policyDefinitionReferenceId' | 'resourceLocation';

/** Which members of the assigned initiative, or which regions, an override applies to. */
export interface KitPolicyOverrideSelector {
  /**
   * `policyDefinitionReferenceId` (members of the initiative) or `resourceLocation` (ARM region names).
   * @default 'policyDefinitionReferenceId'
   */
  readonly kind?: KitPolicyOverrideSelectorKind;
  /**
   * The values it applies to (1-50); not with `notIn`.
   * @default - none: give `in` or `notIn`
   */
  readonly in?: string[];
  /**
   * The values it does not apply to (1-50); not with `in`.
   * @default - none: give `in` or `notIn`
   */
  readonly notIn?: string[];
}

/**
 * Replaces the effect of some members of the assigned initiative (or of the assigned definition) without changing
 * the definitions. Overrides are evaluated in the order given. The effect must be one the member allows: for a
 * parameterised effect, a value of the parameter's `allowedValues` (Azure validates the same); for an effect fixed in
 * the rule, `Disabled` or an effect Microsoft lists as interchangeable with it (Audit, Deny, Modify, Append;
 * AuditIfNotExists, DeployIfNotExists), deploying effects only where the rule names the roles they need.
 */
export interface KitPolicyOverride {
  /**
   * What is overridden. Only `policyEffect`: azurerm 4.55 sends every override as `policyEffect` (its API version,
   * 2022-06-01, has no `policyVersion` overrides), so a version override cannot be deployed through it.
   * @default 'policyEffect'
   */
  readonly kind?: 'policyEffect';
  /** The effect, for example `Disabled` or `Audit`. */
  readonly value: string;
  /**
   * Which members and regions get the override; each kind once.
   * @default - every member, everywhere
   */
  readonly selectors?: KitPolicyOverrideSelector[];
}

/** What a resource selector condition narrows down by. */
export type KitPolicyResourceSelectorKind = 'resourceLocation' | 'resourceType' | 'resourceWithoutLocation';

/** One condition of a resource selector. */
export interface KitPolicyResourceSelectorCondition {
  /**
   * `resourceLocation` (ARM region names), `resourceType` (`Microsoft.Compute/virtualMachines`) or
   * `resourceWithoutLocation` (only `subscriptionLevelResources`).
   */
  readonly kind: KitPolicyResourceSelectorKind;
  /**
   * The values it selects (1-50); not with `notIn`.
   * @default - none: give `in` or `notIn`
   */
  readonly in?: string[];
  /**
   * The values it leaves out (1-50); not with `in`.
   * @default - none: give `in` or `notIn`
   */
  readonly notIn?: string[];
}

/**
 * Narrows the resources the assignment evaluates, for a gradual rollout (safe deployment): a resource is evaluated
 * when it meets every condition of any one resource selector.
 */
export interface KitPolicyResourceSelector {
  /** Name of the selector, unique within the assignment. */
  readonly name: string;
  /** Its conditions (one or more, each kind once). */
  readonly selectors: KitPolicyResourceSelectorCondition[];
}

/** Azure's documented limits (assignment structure). */
const MAX_OVERRIDES = 10;
const MAX_RESOURCE_SELECTORS = 10;
const MAX_VALUES = 50;

/** Azure Policy's effects (Microsoft Learn, "Azure Policy definitions effect basics"), in Azure's spelling. */
const EFFECTS = ['AddToNetworkGroup', 'Append', 'Audit', 'AuditIfNotExists', 'Deny', 'DenyAction', 'DeployIfNotExists', 'Disabled',
  'Manual', 'Modify', 'Mutate'];
/** Effects Microsoft lists as often interchangeable ("Interchanging effects"); Disabled goes with any. */
const INTERCHANGEABLE = [['audit', 'deny', 'modify', 'append'], ['auditifnotexists', 'deployifnotexists']];
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+(?:\/[A-Za-z][A-Za-z0-9-]*)+$/;

/** An override as azurerm takes it, with the members it selects (for the deploying-effect bookkeeping). */
export interface ResolvedOverride {
  /** azurerm `overrides` block. */
  readonly block: { value: string; selectors?: { kind: string; in?: string[]; notIn?: string[] }[] };
  /** Members the override applies to. */
  readonly members: readonly KitPolicyMember[];
  /** True when it applies in every region (no `resourceLocation` selector). */
  readonly everywhere: boolean;
}

function plainValues(scope: IConstruct, property: string, condition: { in?: string[]; notIn?: string[] }): { key: 'in' | 'notIn'; values: string[] } {
  const hasIn = condition.in !== undefined;
  const hasNotIn = condition.notIn !== undefined;
  if (hasIn === hasNotIn) {
    invalid(scope, property, condition, hasIn ? '`in` and `notIn` cannot be used together: give one of them' : 'needs `in` or `notIn` (one of them)');
  }
  const key = hasIn ? 'in' : 'notIn';
  const values = condition[key] as unknown;
  if (isToken(values as string)) return { key, values: values as string[] };
  if (!Array.isArray(values) || values.length === 0 || values.length > MAX_VALUES) {
    invalid(scope, `${property}.${key}`, values, `must list 1 to ${MAX_VALUES} values (Azure's limit per selector)`);
  }
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (typeof v !== 'string' || v.length === 0) invalid(scope, `${property}.${key}[${i}]`, v, 'must be a non-empty string');
    if (!isToken(v) && seen.has(v.toLowerCase())) invalid(scope, `${property}.${key}[${i}]`, v, 'is listed twice');
    seen.add(v.toLowerCase());
  });
  return { key, values: values as string[] };
}

function checkKindsOnce(scope: IConstruct, property: string, kinds: string[]): void {
  kinds.forEach((k, i) => {
    if (kinds.indexOf(k) !== i) invalid(scope, `${property}[${i}].kind`, k, 'is used twice: give each kind once and list all its values in it');
  });
}

/** The canonical spelling of an effect name, or an error listing Azure's effects. */
function canonicalEffect(scope: IConstruct, property: string, value: unknown): string {
  const found = typeof value === 'string' ? EFFECTS.find((e) => e.toLowerCase() === value.toLowerCase()) : undefined;
  if (!found) invalid(scope, property, value, `must be an Azure Policy effect: ${oneOf(EFFECTS)}`);
  return found;
}

/** Checks that a member can take the effect, as Azure does when the assignment is created. */
function checkMemberEffect(scope: IConstruct, property: string, value: string, effect: string, member: KitPolicyMember, policy: IKitAssignablePolicy): void {
  const label = member.referenceId ? `member "${member.referenceId}" of ${policy.policyLabel}` : policy.policyLabel;
  const lower = effect.toLowerCase();
  if (member.effectParameter) {
    if (member.allowedEffects.length > 0 && !member.allowedEffects.some((e) => e.toLowerCase() === lower)) {
      invalid(scope, property, value,
        `is not an effect ${label} allows: its effect parameter "${member.effectParameter}" takes ${member.allowedEffects.map((e) => describeValue(e)).join(', ')}`);
    }
    return;
  }
  const fixed = member.fixedEffect?.toLowerCase();
  if (!fixed || lower === fixed || lower === 'disabled') return;
  const group = INTERCHANGEABLE.find((g) => g.includes(fixed));
  if (!group || !group.includes(lower)) {
    invalid(scope, property, value,
      `cannot replace the fixed effect "${member.fixedEffect}" of ${label}: it can become "Disabled"${group ? ` or one of ${group.filter((e) => e !== fixed).map((e) => describeValue(EFFECTS.find((x) => x.toLowerCase() === e))).join(', ')}` : ''} (effects Microsoft lists as interchangeable)`);
  }
  if (isDeployingEffect(effect) && member.roleDefinitionIds.length === 0) {
    invalid(scope, property, value, `cannot make ${label} deploy: its rule names no roleDefinitionIds for a deployment identity`);
  }
}

/** Validates overrides against the assigned policy and Azure's limits; returns the azurerm blocks and what they select. */
export function resolveOverrides(scope: IConstruct, policy: IKitAssignablePolicy, overrides: readonly KitPolicyOverride[] | undefined): ResolvedOverride[] {
  if (overrides === undefined) return [];
  if (!Array.isArray(overrides) || overrides.length > MAX_OVERRIDES) {
    invalid(scope, 'overrides', overrides, `must be a list of at most ${MAX_OVERRIDES} overrides (Azure's limit per assignment)`);
  }
  const referenceIds = policy.members.map((m) => m.referenceId).filter((r): r is string => r !== undefined);
  return overrides.map((o, i) => {
    const where = `overrides[${i}]`;
    if (!o || typeof o !== 'object') invalid(scope, where, o, 'must be an object { value, selectors? }');
    const kind = (o as { kind?: string }).kind ?? 'policyEffect';
    if (kind !== 'policyEffect') {
      invalid(scope, `${where}.kind`, kind, /version/i.test(String(kind))
        ? 'cannot be deployed with azurerm 4.55: it sends every override as "policyEffect" (API 2022-06-01 has no version overrides); pin member versions in the initiative (definitionVersion) instead'
        : 'must be "policyEffect"');
    }
    const effect = isToken(o.value) ? undefined : canonicalEffect(scope, `${where}.value`, o.value);
    const selectors = o.selectors ?? [];
    if (!Array.isArray(selectors)) invalid(scope, `${where}.selectors`, selectors, 'must be a list of selectors { kind?, in | notIn }');
    const blocks: { kind: string; in?: string[]; notIn?: string[] }[] = [];
    let members: readonly KitPolicyMember[] = policy.members;
    let everywhere = true;
    selectors.forEach((s, j) => {
      const at = `${where}.selectors[${j}]`;
      if (!s || typeof s !== 'object') invalid(scope, at, s, 'must be an object { kind?, in | notIn }');
      const selectorKind = s.kind ?? 'policyDefinitionReferenceId';
      if (selectorKind !== 'policyDefinitionReferenceId' && selectorKind !== 'resourceLocation') {
        invalid(scope, `${at}.kind`, selectorKind, oneOf(['policyDefinitionReferenceId', 'resourceLocation']));
      }
      const { key, values } = plainValues(scope, at, s);
      if (selectorKind === 'resourceLocation') {
        everywhere = false;
        if (Array.isArray(values)) values.forEach((v, k) => requireLocation(scope, `${at}.${key}[${k}]`, v));
      } else if (Array.isArray(values)) {
        if (!policy.isInitiative) {
          invalid(scope, `${at}.kind`, selectorKind,
            `${policy.policyLabel} is a single definition: policyDefinitionReferenceId selectors need an initiative; leave the selector out to override its effect`);
        }
        const matched = values.map((v, k) => {
          const match = referenceIds.find((r) => r.toLowerCase() === v.toLowerCase());
          if (!match && !isToken(v)) {
            invalid(scope, `${at}.${key}[${k}]`, v,
              `is not a member of ${policy.policyLabel}; reference ids: ${referenceIds.map((r) => JSON.stringify(r)).join(', ')}`);
          }
          return match;
        });
        const chosen = new Set(matched.filter((m): m is string => m !== undefined).map((m) => m.toLowerCase()));
        members = members.filter((m) => (key === 'in') === chosen.has((m.referenceId ?? '').toLowerCase()));
      } else {
        members = []; // an unresolved list: no member is known to be selected
      }
      blocks.push(key === 'in' ? { kind: selectorKind, in: values } : { kind: selectorKind, notIn: values });
    });
    checkKindsOnce(scope, `${where}.selectors`, blocks.map((b) => b.kind));
    if (effect) for (const m of members) checkMemberEffect(scope, `${where}.value`, o.value, effect, m, policy);
    return { block: blocks.length > 0 ? { value: o.value, selectors: blocks } : { value: o.value }, members, everywhere };
  });
}

/**
 * The effects a member can have under the overrides, in evaluation order: the value of every override that selects
 * it up to the first one that applies everywhere; `covered` is true when such an override exists (the member's own
 * effect then never applies).
 */
export function overriddenEffects(member: KitPolicyMember, overrides: readonly ResolvedOverride[]): { effects: string[]; covered: boolean } {
  const effects: string[] = [];
  for (const o of overrides) {
    if (!o.members.includes(member)) continue;
    effects.push(o.block.value);
    if (o.everywhere) return { effects, covered: true };
  }
  return { effects, covered: false };
}

/** Validates resource selectors against Azure's limits; returns the azurerm `resource_selectors` blocks. */
export function resolveResourceSelectors(scope: IConstruct, selectors: readonly KitPolicyResourceSelector[] | undefined):
  { name: string; selectors: { kind: string; in?: string[]; notIn?: string[] }[] }[] | undefined {
  if (selectors === undefined) return undefined;
  if (!Array.isArray(selectors) || selectors.length > MAX_RESOURCE_SELECTORS) {
    invalid(scope, 'resourceSelectors', selectors, `must be a list of at most ${MAX_RESOURCE_SELECTORS} resource selectors (Azure's limit per assignment)`);
  }
  const names = new Set<string>();
  return selectors.map((r, i) => {
    const where = `resourceSelectors[${i}]`;
    if (!r || typeof r !== 'object') invalid(scope, where, r, 'must be an object { name, selectors }');
    if (typeof r.name !== 'string' || r.name.trim() === '' || /\$\{|%\{/.test(r.name) || r.name.length > 256) {
      invalid(scope, `${where}.name`, r.name, 'must be a non-empty name of at most 256 characters, without "${" or "%{" (Terraform would read them as templates)');
    }
    if (names.has(r.name.toLowerCase())) invalid(scope, `${where}.name`, r.name, 'is used by another resource selector of the assignment');
    names.add(r.name.toLowerCase());
    if (!Array.isArray(r.selectors) || r.selectors.length === 0) {
      invalid(scope, `${where}.selectors`, r.selectors, 'must list one or more conditions { kind, in | notIn }');
    }
    const conditions: readonly KitPolicyResourceSelectorCondition[] = r.selectors;
    const blocks = conditions.map((c, j): { kind: string; in?: string[]; notIn?: string[] } => {
      const at = `${where}.selectors[${j}]`;
      if (!c || typeof c !== 'object') invalid(scope, at, c, 'must be an object { kind, in | notIn }');
      const kinds = ['resourceLocation', 'resourceType', 'resourceWithoutLocation'] as const;
      if (!kinds.includes(c.kind)) invalid(scope, `${at}.kind`, c.kind, oneOf(kinds));
      const { key, values } = plainValues(scope, at, c);
      if (Array.isArray(values)) {
        values.forEach((v, k) => {
          const property = `${at}.${key}[${k}]`;
          if (isToken(v)) return;
          if (c.kind === 'resourceLocation') requireLocation(scope, property, v);
          if (c.kind === 'resourceType' && !RESOURCE_TYPE.test(v)) {
            invalid(scope, property, v, 'must be a resource type such as "Microsoft.Compute/virtualMachines"');
          }
          if (c.kind === 'resourceWithoutLocation' && v !== 'subscriptionLevelResources') {
            invalid(scope, property, v, 'must be "subscriptionLevelResources" (the only value Azure supports for resourceWithoutLocation)');
          }
        });
      }
      return key === 'in' ? { kind: c.kind, in: values } : { kind: c.kind, notIn: values };
    });
    const kindList = blocks.map((b) => b.kind);
    checkKindsOnce(scope, `${where}.selectors`, kindList);
    if (kindList.includes('resourceLocation') && kindList.includes('resourceWithoutLocation')) {
      invalid(scope, `${where}.selectors`, kindList, 'cannot combine resourceLocation and resourceWithoutLocation in one resource selector (Azure refuses it): use two selectors');
    }
    return { name: r.name, selectors: blocks };
  });
}
