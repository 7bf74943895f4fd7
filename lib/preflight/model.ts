import { TfObject, Unknown } from './values';

/** Where a Terraform input came from. */
export type TerraformInputKind = 'cdktf' | 'configuration' | 'plan' | 'hcl';

/**
 * One resource instance of a Terraform configuration or plan, with its arguments resolved as far as they can be
 * before apply (literals, references to literal arguments; Unknown / TfRef for the rest). This is what the
 * translation tables read.
 */
export interface TfInstance {
  /** Full address: `azurerm_subnet.a`, `azurerm_subnet.a[0]`, `module.net.azurerm_subnet.a["x"]`. */
  readonly address: string;
  /** `managed` (resource) or `data`. */
  readonly mode: 'managed' | 'data';
  /** Resource type, e.g. `azurerm_storage_account`. */
  readonly type: string;
  /** Resource name (the second label). */
  readonly name: string;
  /** Module path (`module.net`), '' for the root module. */
  readonly modulePath: string;
  /** Resolved arguments; nested blocks as arrays of objects (JSON configurations may give a single object). */
  readonly values: TfObject;
  /** Subscription of the instance's azurerm provider: a GUID, Unknown, or undefined when none is configured. */
  readonly subscriptionId?: string | Unknown;
  /** Tenant of the provider, when configured. */
  readonly tenantId?: string;
  /** Plan action: create, update, replace, no-op, read. Configuration input has none (treated as create). */
  readonly action?: 'create' | 'update' | 'replace' | 'no-op' | 'read';
  /** Input file as shown to the user. */
  readonly file?: string;
  /** 1-based line of the resource in that file. */
  readonly line?: number;
  /** cdktf construct path (from the `//` metadata of cdk.tf.json). */
  readonly constructPath?: string;
  /** True when values are typed by the provider already (plans); false for configurations (converted per table). */
  readonly typed: boolean;
  /** The resource id when the plan knows it (updates of existing resources). */
  readonly knownId?: string;
  /**
   * Arguments the user set (configuration keys). For plans, the keys of the resource's configuration expressions
   * (undefined when the plan has no configuration section): an Unknown value of an argument the user did not set
   * is a computed one, and azurerm does not send it in the create body.
   */
  readonly userArgs?: ReadonlySet<string>;
  /** Position in the input (0-based), across all resources read. */
  readonly index: number;
  /** Notes from reading (unsupported expressions, count unknown, ...). */
  readonly notes: string[];
}

/** A note attached to a resource or to the input as a whole. */
export interface TranslationNote {
  /** Terraform address, when the note is about one resource. */
  readonly address?: string;
  /** What the user should know (the verdict may not depend on what is described). */
  readonly message: string;
}

/** What was read from one input before translation. */
export interface TerraformInput {
  /** Kind of input. */
  readonly kind: TerraformInputKind;
  /** Resource instances (managed and data), in input order. */
  readonly instances: TfInstance[];
  /** Notes about the input as a whole (modules not read, provider version, limits hit). */
  readonly notes: TranslationNote[];
  /**
   * What was not read: module calls (remote modules), resource instances cut by a limit (one entry per resource or
   * module block, with the number of instances cut), malformed resource blocks. Listed as not translated.
   */
  readonly notRead: NotTranslated[];
  /**
   * Parts of the input Terraform would reject (a resource body that is not an object, a plan entry without an
   * address or type, ...): not evaluated, and the scan is incomplete. Those with an address are also in `notRead`.
   * @default none
   */
  readonly invalid?: InvalidInput[];
}

/** A resource (or a block of resource instances) that is not evaluated: `notTranslated` of the report. */
export interface NotTranslated {
  /** Terraform address: of the instance, or of the resource / module block (instances cut by a limit). */
  readonly address: string;
  /** Terraform type of the resource (`module` for a module call). */
  readonly type: string;
  /** How many instances (or template resources) the entry stands for, when it is not one. */
  readonly count?: number;
  /** A template deployment's resource that is not evaluated: its ARM type, when known (`type` is the deployment's). */
  readonly armType?: string;
}

/** A part of the input that is malformed: Terraform would reject it, so nothing about it can be evaluated. */
export interface InvalidInput {
  /** Input file as shown to the user. */
  readonly file?: string;
  /** Terraform address, as far as the input gives it. */
  readonly address?: string;
  /** Terraform type, when the input gives it. */
  readonly type?: string;
  /** What is wrong and what Terraform expects. */
  readonly reason: string;
}
