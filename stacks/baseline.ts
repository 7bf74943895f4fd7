import * as path from 'path';
import { App, AzurermBackend, LocalBackend, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Construct } from 'constructs';
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

/** One subscription's baseline: everything configured per subscription. */
export class SubscriptionStack extends TerraformStack {
  constructor(scope: Construct, public readonly subscription: SubscriptionConfig, config: BaselineConfig) {
    super(scope, subscription.name);
    configureStack(this, subscription.name, subscription.subscriptionId, config);
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
