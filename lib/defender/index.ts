// Public API of lib/defender. This file only re-exports.
export * from './plans';
export * from './defender-for-cloud';
