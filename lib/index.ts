// Public API of cdktf-azure-guardrails. This file only re-exports.
export * from './core';
export * from './defender';
export * from './bastion';
export * from './jit';
export * from './registry';
export * from './siem';
export * from './policy';
export * from './onboarding';
export * as engine from './policy-engine';
export * as assess from './assess';
