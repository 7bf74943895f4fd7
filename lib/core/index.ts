// Internal barrel of lib/core (the package API is lib/index.ts). This file only re-exports.
export * from './errors';
export * from './validate';
export * from './arm-template';
export * from './log-destination';
export * from './lifecycle';
export { packageRoot, policiesDir } from './package-root';
export * from './adopt';
export * from './annotations';
export * from './event-hub-ids';
export * from './principal';
export * from './provider-features';
export * from './terraform-literal';
