// Public API of cdktf-azure-guardrails. This file only re-exports.
export * from './core';
