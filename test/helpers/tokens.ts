import { Lazy } from 'cdktf';

/**
 * A string token as code creates it (registered in cdktf's token map): an unresolved value such as a resource's id.
 * Text that merely looks like a token (`${TfToken[TOKEN.1]}` typed by hand) is literal text to the kit
 * (lib/core/terraform-literal.ts), so tests of unresolved values use this.
 */
export function codeToken(value = 'unresolved'): string {
  return Lazy.stringValue({ produce: () => value });
}
