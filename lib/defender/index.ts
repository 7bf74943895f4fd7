// Public API of lib/defender. This file only re-exports.
export * from './plans';
export * from './security-contact';
export * from './connectors';
export * from './defender-for-cloud';
