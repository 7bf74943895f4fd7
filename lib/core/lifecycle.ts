import { TerraformResource } from 'cdktf';

/**
 * Marks a stateful resource (workspace, registry, Event Hub, storage) with `lifecycle.prevent_destroy` unless the
 * caller opted out: losing a SIEM workspace loses the audit trail.
 */
export function protectFromDestroy(resource: TerraformResource, protect: boolean | undefined): void {
  if (protect === false) return;
  resource.lifecycle = { ...(resource.lifecycle ?? {}), preventDestroy: true };
}
