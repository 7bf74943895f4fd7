// Public API of lib/registry. This file only re-exports.
export {};
