import { DEFENDER_PLAN_NAMES, ResolvedDefenderPlan } from '../defender/plans';

/** Effect of a plan member of the `defender-onboarding` initiative. */
export type DefenderPlanPolicyEffect = 'DeployIfNotExists' | 'AuditIfNotExists';

/** Effect of the enabled plans' members unless `defender.plansEffect` says otherwise (also the initiative's default). */
export const DEFAULT_DEFENDER_PLANS_EFFECT: DefenderPlanPolicyEffect = 'DeployIfNotExists';

/**
 * The `defender-onboarding` initiative's plan parameters for resolved plans: for every plan the initiative has a
 * member for, `effect<Plan>` (the given effect, or `Disabled` for a plan not enabled), and for enabled plans
 * `subPlan<Plan>` and `extensions<Plan>` in the shape the deploy-defender-plan policy takes. Pure: the onboarding
 * construct assigns these values, and `scripts/derive-defender-defaults.ts` writes them for the recommended plans as
 * the initiative's `defaultValue`s, so a default has one source (`lib/defender/plans.ts`).
 */
export function defenderPlanParameters(plans: readonly ResolvedDefenderPlan[], effect: DefenderPlanPolicyEffect): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const name of DEFENDER_PLAN_NAMES) {
    const plan = plans.find((p) => p.plan === name);
    parameters[`effect${name}`] = plan ? effect : 'Disabled';
    if (plan) {
      parameters[`subPlan${name}`] = plan.subPlan ?? '';
      parameters[`extensions${name}`] = plan.extensions.map((e) => (e.additionalExtensionProperties
        ? { name: e.name, additionalExtensionProperties: e.additionalExtensionProperties } : { name: e.name }));
    }
  }
  return parameters;
}
