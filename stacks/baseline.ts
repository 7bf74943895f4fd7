import * as path from 'path';
import { App, AzurermBackend, LocalBackend, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Construct } from 'constructs';
import { DefenderForCloud } from '../lib/defender';
import { SecureBastion } from '../lib/bastion';
import { JitAccessPolicy } from '../lib/jit';
import { QuarantinedContainerRegistry } from '../lib/registry';
import type { ILogDestination } from '../lib/core';
import type { BackendConfig, BaselineConfig, SubscriptionConfig } from './config/types';

/** Common settings of every stack in the baseline. */
function configureStack(stack: TerraformStack, name: string, subscriptionId: string, config: BaselineConfig): void {
  new AzurermProvider(stack, 'azurerm', {
    features: [{}],
    subscriptionId,
    tenantId: config.tenantId,
  });
  applyBackend(stack, name, config.backend);
}

function applyBackend(stack: TerraformStack, name: string, backend: BackendConfig | undefined): void {
  if (!backend || backend.type === 'local') {
    // Same place cdktf uses by default (the project folder), or the directory the config names; absolute, because
    // Terraform runs in cdktf.out/stacks/<name>.
    new LocalBackend(stack, { path: path.resolve(backend?.directory ?? '.', `terraform.${name}.tfstate`) });
    return;
  }
  new AzurermBackend(stack, {
    subscriptionId: backend.subscriptionId,
    resourceGroupName: backend.resourceGroupName,
    storageAccountName: backend.storageAccountName,
    containerName: backend.containerName,
    key: `${backend.keyPrefix ?? ''}${name}.tfstate`,
    useAzureadAuth: true,
  });
}

/**
 * One subscription's baseline: everything configured per subscription. Construct ids are fixed (or derived from
 * config names, never from list positions): they are public API, and changing one replaces the cloud resource.
 */
export class SubscriptionStack extends TerraformStack {
  /** Defender for Cloud, unless the config turns it off. */
  public readonly defender?: DefenderForCloud;

  constructor(scope: Construct, public readonly subscription: SubscriptionConfig, config: BaselineConfig, siem?: ILogDestination) {
    super(scope, subscription.name);
    configureStack(this, subscription.name, subscription.subscriptionId, config);
    const location = subscription.location ?? config.location;

    if (subscription.defender !== false) {
      const defender = subscription.defender ?? {};
      this.defender = new DefenderForCloud(this, 'Defender', {
        subscriptionId: subscription.subscriptionId,
        deploymentLocation: location,
        plans: { recommended: defender.recommended, plans: defender.plans },
        securityContact: config.securityContact,
        integrations: defender.integrations,
        serverVulnerabilityAssessment: defender.serverVulnerabilityAssessment,
        workspaceId: defender.useSiemWorkspace ? siem?.workspaceId : undefined,
        awsConnectors: defender.awsConnectors,
        gcpConnectors: defender.gcpConnectors,
        connectorsResourceGroupName: defender.connectorsResourceGroupName,
      });
    }
    if (subscription.bastion) {
      new SecureBastion(this, 'Bastion', { ...subscription.bastion, location: subscription.bastion.location ?? location, logDestination: siem });
    }
    for (const jit of subscription.jit ?? []) {
      const jitLocation = jit.location ?? location;
      new JitAccessPolicy(this, `Jit-${jit.resourceGroupName}-${jitLocation}`, { ...jit, location: jitLocation });
    }
    if (subscription.registry) {
      new QuarantinedContainerRegistry(this, 'Registry', {
        allowedImagesScope: `/subscriptions/${subscription.subscriptionId}`,
        ...subscription.registry,
        location: subscription.registry.location ?? location,
        logDestination: siem,
      });
    }
  }
}

/** The stacks the baseline builds, for tests and tooling. */
export interface Baseline {
  readonly subscriptions: readonly SubscriptionStack[];
}

/** Builds every stack of the baseline into `app`. The config must already be validated (see loadConfig). */
export function buildBaseline(app: App, config: BaselineConfig): Baseline {
  const subscriptions = config.subscriptions.map((s) => new SubscriptionStack(app, s, config));
  return { subscriptions };
}
