// Public API of lib/bastion. This file only re-exports.
export {
  SecureBastion, BASTION_SKUS, BASTION_SUBNET_NAME, BASTION_SUBNET_MAX_PREFIX, BASTION_ARM_API_VERSION,
} from './secure-bastion';
export type { SecureBastionProps, BastionSku } from './secure-bastion';
export { bastionNsgRules, BASTION_DENY_ALL_PRIORITY, BASTION_DEFAULT_TARGET_PORTS } from './nsg-rules';
export type { BastionNsgRule, BastionNsgRuleOptions } from './nsg-rules';
