import type { AzurermProviderFeatures } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformProvider, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * The azurerm provider `features` block that lets Terraform manage storage accounts whose firewall denies the
 * network Terraform runs from. Spread it into the provider's `features`:
 *
 * ```ts
 * new AzurermProvider(stack, 'azurerm', { features: [AZURERM_FEATURES_FOR_FIREWALLED_STORAGE], subscriptionId });
 * ```
 *
 * Why (azurerm v4.55.0, `internal/services/storage/storage_account_resource.go`): with `data_plane_available` true
 * (the default, `internal/provider/features.go`), create polls the new account's blob and queue endpoints until they
 * answer (`waitForDataPlaneToBecomeAvailableForAccount`; a 403 is not a connection error, so it fails the create)
 * and every refresh reads the queue and static-website properties from the data plane (again failing on 403). With
 * `false` azurerm uses the management plane only; it then refuses `queue_properties` and `static_website`, which no
 * construct of this kit sets. The flag only affects `azurerm_storage_account` in v4.55.0.
 */
export const AZURERM_FEATURES_FOR_FIREWALLED_STORAGE: AzurermProviderFeatures = Object.freeze({
  storage: Object.freeze([Object.freeze({ dataPlaneAvailable: false })]) as AzurermProviderFeatures['storage'],
});

/**
 * The azurerm provider a resource created in `scope` uses: `explicit` when given, else the stack's azurerm
 * provider without an alias (Terraform's default for a resource without `provider`). Undefined when there is none.
 */
export function azurermProviderOf(scope: IConstruct, explicit?: TerraformProvider): TerraformProvider | undefined {
  if (explicit) return explicit;
  return TerraformStack.of(scope).node.findAll().find((c): c is TerraformProvider =>
    c instanceof TerraformProvider && c.terraformResourceType === 'azurerm' && (c as TerraformProvider & { alias?: string }).alias === undefined);
}

/**
 * `storage.data_plane_available` as the provider's `features` declare it: true when absent (azurerm's default),
 * undefined when it cannot be known at synth (a token, or not an azurerm provider).
 */
export function storageDataPlaneAvailable(provider: TerraformProvider): boolean | undefined {
  const features = (provider as TerraformProvider & { features?: unknown }).features;
  if (features === undefined) return true;
  if (Tokenization.isResolvable(features) || !Array.isArray(features)) return undefined;
  let available: boolean | undefined = true;
  for (const block of features as unknown[]) {
    if (block === null || typeof block !== 'object' || Tokenization.isResolvable(block)) return undefined;
    const storage = (block as { storage?: unknown }).storage;
    if (storage === undefined) continue;
    if (!Array.isArray(storage)) return undefined;
    for (const s of storage as unknown[]) {
      if (s === null || typeof s !== 'object') return undefined;
      const value = (s as { dataPlaneAvailable?: unknown }).dataPlaneAvailable;
      if (value === undefined) continue;
      if (typeof value !== 'boolean') return undefined;
      available = value;
    }
  }
  return available;
}
