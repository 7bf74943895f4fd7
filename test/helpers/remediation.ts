import { Synthesized } from './synth';

/** A remediation task as KitPolicyAssignment deploys it: one resource of its ARM template deployment. */
export interface SynthesizedRemediation {
  /** Address of the `azurerm_subscription_template_deployment` that deploys it. */
  readonly deployment: string;
  /** Subscription of the nested deployment that holds it. */
  readonly subscriptionId: string;
  /** Resource group of the nested deployment, for resource group assignments. */
  readonly resourceGroup?: string;
  /** Task name. */
  readonly name: string;
  /** `properties` of the `Microsoft.PolicyInsights/remediations` resource. */
  readonly properties: Record<string, unknown>;
}

interface TemplateResource {
  type: string;
  name: string;
  subscriptionId?: string;
  resourceGroup?: string;
  properties?: Record<string, unknown> & { template?: { resources?: TemplateResource[] } };
}

/** Every remediation task in a synthesized stack, in template order. */
export function remediationsOf(out: Synthesized): SynthesizedRemediation[] {
  const found: SynthesizedRemediation[] = [];
  for (const [key, deployment] of Object.entries(out.resources('azurerm_subscription_template_deployment'))) {
    const template = JSON.parse(String(deployment.template_content)) as { resources?: TemplateResource[] };
    for (const nested of template.resources ?? []) {
      if (nested.type !== 'Microsoft.Resources/deployments') continue;
      for (const r of nested.properties?.template?.resources ?? []) {
        if (r.type !== 'Microsoft.PolicyInsights/remediations') continue;
        found.push({
          deployment: `azurerm_subscription_template_deployment.${key}`,
          subscriptionId: String(nested.subscriptionId),
          resourceGroup: nested.resourceGroup,
          name: r.name,
          properties: r.properties ?? {},
        });
      }
    }
  }
  return found;
}

/** The member reference ids that get a remediation task, sorted (`''` for a lone definition). */
export function remediatedMembers(out: Synthesized): string[] {
  return remediationsOf(out).map((r) => String(r.properties.policyDefinitionReferenceId ?? '')).sort();
}
