// Public API of lib/jit. This file only re-exports.
export { JitAccessPolicy, JIT_DEFAULT_PORTS, JIT_DEFAULT_MAX_DURATION, JIT_MAX_DURATION, JIT_MIN_DURATION } from './jit-access-policy';
export type { JitAccessPolicyProps, JitVirtualMachine, JitPort } from './jit-access-policy';
export { jitPolicyTemplate, jitPortJson, JIT_POLICY_TYPE, JIT_POLICY_API_VERSION } from './template';
export type { JitProtocol, JitPolicySpec, JitPolicyVirtualMachineSpec, JitPolicyPortSpec } from './template';
export { JitNsgBaseline, JIT_BASELINE_DEFAULT_PRIORITY, JIT_BASELINE_RULE_NAME } from './nsg-baseline';
export type { JitNsgBaselineProps } from './nsg-baseline';
export { JitRequesterRole, JIT_REQUESTER_ACTIONS } from './requester-role';
export type { JitRequesterRoleProps } from './requester-role';
