import { App, TerraformStack, Testing } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Construct } from 'constructs';
import { AZURERM_FEATURES_FOR_FIREWALLED_STORAGE } from '../../lib/core/provider-features';

/** Synthesized Terraform JSON of one stack, with lookups by resource type. */
export interface Synthesized {
  /** The whole document. */
  readonly json: { resource?: Record<string, Record<string, Record<string, unknown>>>; [key: string]: unknown };
  /** All resources of a type, keyed by their Terraform name. */
  resources(type: string): Record<string, Record<string, unknown>>;
  /** Resources of a type as a list. */
  list(type: string): Record<string, unknown>[];
  /** The only resource of a type; throws when there is not exactly one. */
  only(type: string): Record<string, unknown>;
  /** Number of resources of a type. */
  count(type: string): number;
}

/** Wraps synthesized JSON text. */
export function wrap(text: string): Synthesized {
  const json = JSON.parse(text) as Synthesized['json'];
  const resources = (type: string) => json.resource?.[type] ?? {};
  return {
    json,
    resources,
    list: (type) => Object.values(resources(type)),
    count: (type) => Object.keys(resources(type)).length,
    only: (type) => {
      const all = Object.values(resources(type));
      if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
      return all[0];
    },
  };
}

/**
 * A fresh stack with an azurerm provider, as the kit tells users to declare it: with the storage feature that
 * keeps Terraform off the data plane of the firewalled storage accounts the kit creates.
 */
export function testStack(): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AzurermProvider(stack, 'azurerm', { features: [AZURERM_FEATURES_FOR_FIREWALLED_STORAGE], subscriptionId: '00000000-0000-0000-0000-000000000001' });
  return { app, stack };
}

/** Builds constructs into a fresh stack and synthesizes it with validations on. */
export function synth(build: (stack: Construct) => void): Synthesized {
  const { stack } = testStack();
  build(stack);
  return wrap(Testing.synth(stack as TerraformStack, true));
}
