// Public API of lib/registry. This file only re-exports.
export * from './allowed-images';
export * from './regions';
export * from './quarantined-registry';
