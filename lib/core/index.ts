export * from './errors';
export * from './validate';
export * from './arm-template';
export * from './log-destination';
export * from './lifecycle';
export { packageRoot, policiesDir } from './package-root';
export * from './adopt';
