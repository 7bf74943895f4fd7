// Public API of lib/siem. This file only re-exports.
export {};
