// Public API of lib/policy. This file only re-exports.
export {};
