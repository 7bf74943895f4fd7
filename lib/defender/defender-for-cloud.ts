import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DefenderPlanName, DefenderPlansConfig, resolveDefenderPlans, ResolvedDefenderPlan } from './plans';

/** Properties of {@link DefenderForCloud}. */
export interface DefenderForCloudProps {
  /**
   * Plans to enable (tier `Standard`), typed per plan.
   * @default the recommended set, see `DEFENDER_RECOMMENDED_PLANS`
   */
  readonly plans?: DefenderPlansConfig;
  /**
   * azurerm provider (alias) of the subscription to configure.
   * @default the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

const MARKER = Symbol.for('cdktf-azure-guardrails.DefenderForCloud');

/**
 * Microsoft Defender for Cloud for one subscription (the subscription of the azurerm provider used): plans,
 * security contacts, integrations and multi-cloud connectors.
 *
 * Pricing resources are chained with `depends_on`, because Azure answers 409 Conflict to concurrent plan updates.
 */
export class DefenderForCloud extends Construct {
  /** The DefenderForCloud in the same TerraformStack as `scope`, if any (the first one found). */
  public static ofStack(scope: IConstruct): DefenderForCloud | undefined {
    const stack = TerraformStack.of(scope);
    for (const c of stack.node.findAll()) {
      if (DefenderForCloud.isDefenderForCloud(c)) return c;
    }
    return undefined;
  }

  /** True when `x` is a DefenderForCloud (also across copies of this package). */
  public static isDefenderForCloud(x: unknown): x is DefenderForCloud {
    return x !== null && typeof x === 'object' && MARKER in x;
  }

  /** The plans this construct enables, validated and in deployment order. */
  public readonly plans: readonly ResolvedDefenderPlan[];
  /** Pricing resources, keyed by plan name, in deployment order. */
  public readonly pricings: Readonly<Record<string, SecurityCenterSubscriptionPricing>>;

  constructor(scope: Construct, id: string, props: DefenderForCloudProps = {}) {
    super(scope, id);
    Object.defineProperty(this, MARKER, { value: true });

    this.plans = resolveDefenderPlans(this, 'plans', props.plans);

    const pricings: Record<string, SecurityCenterSubscriptionPricing> = {};
    let previous: SecurityCenterSubscriptionPricing | undefined;
    for (const plan of this.plans) {
      const pricing = new SecurityCenterSubscriptionPricing(this, `Plan${plan.plan}`, {
        provider: props.provider,
        resourceType: plan.plan,
        tier: 'Standard',
        subplan: plan.subPlan,
        extension: plan.extensions.length > 0
          ? plan.extensions.map((e) => ({ name: e.name, additionalExtensionProperties: e.additionalExtensionProperties }))
          : undefined,
        dependsOn: previous ? [previous] : undefined,
      });
      pricings[plan.plan] = pricing;
      previous = pricing;
    }
    this.pricings = pricings;
  }

  /** The resolved settings of a plan; undefined when this construct does not enable it. */
  public planFor(plan: DefenderPlanName): ResolvedDefenderPlan | undefined {
    return this.plans.find((p) => p.plan === plan);
  }
}
