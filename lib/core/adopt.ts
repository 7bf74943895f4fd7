import { Lazy, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { escapeTerraform } from './terraform-literal';

interface Adoption {
  readonly resource: TerraformResource;
  readonly id: string;
  readonly provider?: TerraformProvider;
}

const adoptions = new WeakMap<TerraformStack, Adoption[]>();

/**
 * Adopts a resource that Azure already has (a Defender setting that is on by default, say) with a Terraform
 * `import` block, so the first apply takes it over instead of failing with "already exists - needs to be
 * imported". Once the resource is in state the block is a no-op.
 *
 * This renders the same block as cdktf's `resource.importFrom()`, without the validation that method attaches:
 * that one runs `terraform version` in a shell for every imported resource at synth time (hundreds of processes
 * across a large app) and fails the synth outright on a machine without Terraform, where `cdktf synth` otherwise
 * works. Import blocks need Terraform >= 1.5 at plan time (>= 1.6 when the id is not a literal).
 */
export function adoptExisting(resource: TerraformResource, id: string, provider?: TerraformProvider): void {
  const stack = TerraformStack.of(resource);
  let list = adoptions.get(stack);
  if (!list) {
    const entries: Adoption[] = [];
    list = entries;
    adoptions.set(stack, entries);
    stack.addOverride('import', Lazy.anyValue({
      produce: () => entries.map((a) => ({
        to: `${a.resource.terraformResourceType}.${a.resource.friendlyUniqueId}`,
        id: escapeTerraform(a.id),   // a raw override: written as it is, so escaped here
        provider: a.provider?.fqn,
      })),
    }));
  }
  list.push({ resource, id, provider });
}
