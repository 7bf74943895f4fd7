// Public API of lib/onboarding. This file only re-exports.
export { AutoOnboarding } from './auto-onboarding';
export type {
  AutoOnboardingProps, AutoOnboardingArea, AutoOnboardingAreaOptions, AutoOnboardingDefenderOptions, AutoOnboardingSiemOptions,
  AutoOnboardingNetworkAccessOptions, AutoOnboardingRegistryOptions,
} from './auto-onboarding';
