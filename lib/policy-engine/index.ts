// Public API of lib/policy-engine. This file only re-exports.
export {};
