// Public API of lib/defender. This file only re-exports.
export {};
