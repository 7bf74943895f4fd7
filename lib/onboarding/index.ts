// Public API of lib/onboarding. This file only re-exports.
export {};
