// Public API of lib/jit. This file only re-exports.
export {};
