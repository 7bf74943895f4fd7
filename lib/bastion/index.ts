// Public API of lib/bastion. This file only re-exports.
export {};
