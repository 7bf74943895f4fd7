import { KitBuiltinPolicyRef, KitDefinitionDocument, KitPolicyParameterDeclaration } from './files';
import { resolveArmValue } from './expressions';
import { assignedValue, lookup, parameterReference, UNKNOWN } from './parameters';

/** One policy definition inside something assignable (the definition itself, or an initiative member). */
export interface KitPolicyMember {
  /** `policyDefinitionReferenceId` inside the initiative; undefined when the definition is assigned on its own. */
  readonly referenceId?: string;
  /** Id of the definition as deployed (a reference to the created definition, or the built-in id). */
  readonly definitionId: string;
  /** `kit` for the kit's own definitions, `builtin` for Azure built-ins. */
  readonly source: 'kit' | 'builtin';
  /** Kit definition name or built-in GUID. */
  readonly name: string;
  /** Display name of the definition. */
  readonly displayName: string;
  /** Parameters the definition declares. */
  readonly parameters: Readonly<Record<string, KitPolicyParameterDeclaration>>;
  /** Values the initiative passes to the definition (unwrapped `{value}`); empty for a lone definition. */
  readonly parameterValues: Readonly<Record<string, unknown>>;
  /** Definition parameter that holds the effect, when the effect is parameterised. */
  readonly effectParameter?: string;
  /** The effect, when it is fixed in the rule. */
  readonly fixedEffect?: string;
  /** Effects the definition can have. */
  readonly allowedEffects: readonly string[];
  /** Roles the deployment identity needs. */
  readonly roleDefinitionIds: readonly string[];
}

/** Anything a {@link KitPolicyAssignment} can assign: a kit definition, a kit initiative, or a built-in. */
export interface IKitAssignablePolicy {
  /** Id to assign (a reference to the deployed definition or set, or a built-in id). */
  readonly policyDefinitionId: string;
  /** Name of the policy (file name or built-in GUID), used for default assignment names. */
  readonly policyName: string;
  /** Display name. */
  readonly displayName: string;
  /** Human label for messages, such as `initiative "registry-guardrails"`. */
  readonly policyLabel: string;
  /** True for initiatives (members have reference ids). */
  readonly isInitiative: boolean;
  /** Parameters the assignment can set. */
  readonly parameterDeclarations: Readonly<Record<string, KitPolicyParameterDeclaration>>;
  /** The definitions it consists of (one for a lone definition). */
  readonly members: readonly KitPolicyMember[];
}

const DEPLOYING = ['deployifnotexists', 'modify'];

/** True for the effects that deploy or modify and so need an identity and remediation. */
export function isDeployingEffect(effect: string): boolean {
  return DEPLOYING.includes(effect.toLowerCase());
}

/** True when the member can deploy or modify under some parameter values. */
export function memberCanDeploy(member: KitPolicyMember): boolean {
  if (member.roleDefinitionIds.length > 0) return true;
  if (member.fixedEffect) return isDeployingEffect(member.fixedEffect);
  return member.allowedEffects.some((e) => isDeployingEffect(e));
}

/** Member model of a kit definition file. */
export function memberFromDefinition(doc: KitDefinitionDocument, definitionId: string, referenceId?: string,
  parameterValues: Readonly<Record<string, unknown>> = {}): KitPolicyMember {
  const then = doc.properties.policyRule.then;
  const effectParameter = parameterReference(then.effect);
  const declarations = doc.properties.parameters ?? {};
  const effectDecl = effectParameter ? lookup(declarations, effectParameter) : undefined;
  const roles = then.details?.roleDefinitionIds;
  return {
    referenceId,
    definitionId,
    source: 'kit',
    name: doc.name,
    displayName: doc.properties.displayName,
    parameters: declarations,
    parameterValues,
    effectParameter,
    fixedEffect: effectParameter ? undefined : then.effect,
    allowedEffects: effectParameter
      ? ((effectDecl?.allowedValues ?? (effectDecl?.defaultValue !== undefined ? [effectDecl.defaultValue] : [])) as unknown[]).map(String)
      : [then.effect],
    roleDefinitionIds: Array.isArray(roles) ? (roles as unknown[]).map(String) : [],
  };
}

/** Member model of a built-in definition, from the derived reference data. */
export function memberFromBuiltin(guid: string, ref: KitBuiltinPolicyRef, referenceId?: string,
  parameterValues: Readonly<Record<string, unknown>> = {}): KitPolicyMember {
  const allowed = ref.allowedEffects ?? [];
  const effectParameter = ref.effectParameter;
  return {
    referenceId,
    definitionId: `/providers/Microsoft.Authorization/policyDefinitions/${guid}`,
    source: 'builtin',
    name: guid,
    displayName: ref.displayName,
    parameters: ref.parameters ?? {},
    parameterValues,
    effectParameter,
    fixedEffect: !effectParameter && allowed.length === 1 ? allowed[0] : undefined,
    allowedEffects: allowed,
    roleDefinitionIds: ref.roleDefinitionIds ?? [],
  };
}

/**
 * The member's effect under the assignment's parameter values (following `[parameters('x')]` from the member to
 * the initiative), or UNKNOWN when it depends on an unresolved value.
 */
export function resolveMemberEffect(
  member: KitPolicyMember,
  policy: IKitAssignablePolicy,
  values: Readonly<Record<string, unknown>>,
): string | typeof UNKNOWN {
  if (member.fixedEffect) return member.fixedEffect;
  const p = member.effectParameter;
  if (!p) return UNKNOWN;
  const effect = resolveMemberParameter(member, policy, values, p);
  return typeof effect === 'string' && !parameterReference(effect) ? effect : UNKNOWN;
}

/**
 * The value of one of the member's own parameters under the assignment's parameter values: for a lone definition the
 * assigned value (or default); in an initiative the value the initiative passes (`[parameters('x')]` and other ARM
 * expressions followed to the initiative's parameters), else the member's default. UNKNOWN when unresolved.
 */
export function resolveMemberParameter(
  member: KitPolicyMember,
  policy: IKitAssignablePolicy,
  values: Readonly<Record<string, unknown>>,
  name: string,
): unknown {
  if (!policy.isInitiative) return assignedValue(name, policy.parameterDeclarations, values);
  const passed = lookup(member.parameterValues, name);
  return passed === undefined
    ? lookup(member.parameters, name)?.defaultValue ?? UNKNOWN
    : resolveArmValue(passed, (n) => assignedValue(n, policy.parameterDeclarations, values));
}
