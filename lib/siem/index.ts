// Public API of lib/siem. This file only re-exports.
export * from './common';
export * from './continuous-export';
export * from './destination';
export * from './sources';
