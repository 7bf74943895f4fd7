// Public API of lib/policy. This file only re-exports.
export { KitPolicyScope } from './scope';
export type { KitPolicyScopeKind, KitAnyScopeKind, KitPolicyScopeParseOptions } from './scope';
export { listKitPolicies, loadKitDefinition, loadKitInitiative, loadBuiltinRefs as loadKitBuiltinRefs } from './files';
export type {
  KitPolicyParameterDeclaration, KitDefinitionDocument, KitInitiativeDocument, KitInitiativeMemberDocument, KitBuiltinPolicyRef,
} from './files';
export type { KitPolicyMember, IKitAssignablePolicy } from './members';
export { KitPolicyDefinition } from './definition';
export type { KitPolicyDefinitionProps } from './definition';
export { KitPolicyInitiative } from './initiative';
export type { KitPolicyInitiativeProps } from './initiative';
export { KitBuiltinPolicy } from './builtin';
export { KitPolicyAssignment } from './assignment';
export type {
  KitPolicyAssignmentProps, KitPolicyIdentityConfig, KitPolicyExemptionConfig, KitPolicyRemediationOptions, KitPolicyRoleGrant,
  KitPolicyAssignmentResource, KitPolicyRemediationTask, KitPolicyLinkedRoles,
} from './assignment';
export { deterministicGuid as kitDeterministicGuid } from './ids';
export { KIT_ROLES } from './roles';
export type {
  KitPolicyOverride, KitPolicyOverrideSelector, KitPolicyOverrideSelectorKind, KitPolicyResourceSelector, KitPolicyResourceSelectorCondition,
  KitPolicyResourceSelectorKind,
} from './selectors';
