/**
 * The declarative translation tables: one `ResourceMapping` per Terraform resource type says how azurerm v4.55.0
 * builds the create/update request body from the resource's arguments. See README.md ("Adding a type").
 */
import { TfInstance } from './model';
import { TfRef, TfValue, Unknown } from './values';

/** A value of the ARM view: JSON, or UNKNOWN where Terraform knows the value only after apply. */
export type ArmValue = null | boolean | number | string | ArmValue[] | ArmObject | Unknown;
/** An ARM object (null-prototype: keys may come from the input, e.g. tags). */
export interface ArmObject {
  [key: string]: ArmValue;
}

/** Returned by `map` / `compute` to leave the property out of the body. */
export const OMIT: unique symbol = Symbol('omit');
/** The OMIT marker's type. */
export type Omit = typeof OMIT;

/**
 * Terraform schema type of an argument. Configuration values are converted as Terraform converts them: a number
 * given for a string argument becomes a string, `"true"` for a bool becomes `true`, `"3"` for a number becomes 3.
 * `strings` is a list or set of strings; `map` a map of strings; `any` is passed through unchanged.
 */
export type ArgType = 'string' | 'bool' | 'number' | 'strings' | 'map' | 'any';

/** What a `map`, `compute` or `default` function can read. */
export interface FieldContext {
  /** The instance being translated. */
  readonly instance: TfInstance;
  /** Argument of the current block (the resource's top level, or a nested block), converted; undefined when unset. */
  get(arg: string, type?: ArgType): ArmValue | undefined;
  /** The raw resolved argument (a TfRef for a reference to a computed attribute). */
  raw(arg: string): TfValue | undefined;
  /** Whether the argument is set (present and not null). */
  has(arg: string): boolean;
  /** The enclosing block's context (undefined at the resource's top level). */
  readonly parent?: FieldContext;
  /**
   * The ARM id a value stands for: a literal id string as given, a reference to another resource's `id` as that
   * resource's id when the translation built it from the configuration, else UNKNOWN.
   */
  idOf(v: TfValue | undefined): string | Unknown;
  /** Adds a note to the resource's translation (shown with the findings). */
  note(message: string): void;
}

/** One property of the request body. Exactly one of `arg`, `value`, `compute` or `block` says where it comes from. */
export interface Field {
  /** Dotted path in the object being built (`properties.networkAcls.defaultAction`, `sku.name`, `kind`). */
  readonly to: string;
  /** Terraform argument (of the current block) the value comes from. */
  readonly arg?: string;
  /** Older names of the argument (azurerm 3.x), read when `arg` is not set. */
  readonly legacyArgs?: readonly string[];
  /** Schema type for the conversion. @default 'string' */
  readonly type?: ArgType;
  /** Value sent when the argument is not set (the schema Default or what the create code sends). @default not sent */
  readonly default?: ArmValue | ((ctx: FieldContext) => ArmValue | Omit);
  /** Transform of the converted value (not called for UNKNOWN unless `unknownAware`). */
  readonly map?: (v: ArmValue, ctx: FieldContext) => ArmValue | Omit;
  /** Call `map` with UNKNOWN values too. @default false */
  readonly unknownAware?: boolean;
  /** Leave the property out when the value is "", [] or {} (the code's `if v != ""` / `len(v) > 0`). @default false */
  readonly omitEmpty?: boolean;
  /** A constant the create code always sends. */
  readonly value?: ArmValue;
  /** Computed from several arguments; OMIT leaves it out. */
  readonly compute?: (ctx: FieldContext) => ArmValue | Omit;
  /** Arguments `compute` (or `default`) reads, so that they count as mapped. */
  readonly reads?: readonly string[];
  /** A nested block: `arg` names the block; its fields are relative to the object built for each block. */
  readonly block?: BlockSpec;
  /** A required argument: a configuration without it still translates, with a note. @default false */
  readonly required?: boolean;
  /** Only when this returns true (e.g. not for an attached OS disk). @default always */
  readonly when?: (ctx: FieldContext) => boolean;
  /**
   * Append the (array) value to the array an earlier field wrote at the same path, instead of replacing it (several
   * block types that the provider sends as one list, e.g. a rule collection group's application, network and NAT
   * collections). @default false
   */
  readonly concat?: boolean;
}

/** A nested block (`network_rules { ... }`). */
export interface BlockSpec {
  /** Fields of each block. */
  readonly fields: readonly Field[];
  /** Several blocks give an array (TypeList / TypeSet); otherwise the first block gives an object. @default false */
  readonly list?: boolean;
  /** Sent when the block is absent (e.g. azurerm's default network ACLs). @default not sent (or [] for lists when `emptyList`) */
  readonly absent?: ArmValue | ((ctx: FieldContext) => ArmValue | Omit);
  /** A list block that is absent is sent as []. @default false */
  readonly emptyList?: boolean;
  /** Drop array elements / objects for which this returns false (e.g. only blocks with a set argument). */
  readonly filter?: (ctx: FieldContext) => boolean;
}

/** Child resources Azure shows for the resource (inline rules, subnets, and separate requests such as blobServices). */
export type ChildSpec =
  | {
      /** ARM type of the children. */
      readonly armType: string;
      /** The parent body's array whose `{name, properties}` elements are also child resources. */
      readonly fromArray: string;
      /** Id segment between the parent id and the child name (`securityRules`). */
      readonly segment: string;
      /** @default the parent's */
      readonly apiVersion?: string;
      /**
       * The child's properties as Azure shows them, derived from the element's (a copy: e.g. with a read-only
       * `provisioningState`). @default the element's `properties` object itself (shared with the parent's body)
       */
      readonly properties?: (elementProperties: ArmValue) => ArmValue;
    }
  | {
      readonly armType: string;
      /** The child's name: fixed (`default` for blobServices) or read from the arguments. */
      readonly name: string | ((ctx: FieldContext) => ArmValue);
      readonly segment: string;
      /** Only when this returns true (e.g. the block is set). */
      readonly when: (ctx: FieldContext) => boolean;
      /** The child's body. */
      readonly fields: readonly Field[];
      readonly apiVersion?: string;
      /** Provider source file of the child request. */
      readonly source?: string;
      /**
       * Whose child the id names: this resource's (`<id>/<segment>/<name>`), or its parent's
       * (`<id without its last type/name pair>/<segment>/<name>`, a sibling such as the auditingSettings view of a SQL
       * server's extendedAuditingSettings). @default 'resource'
       */
      readonly idBase?: 'resource' | 'parent';
    };

/**
 * A linked resource's contribution to another resource's body (an NSG association is the subnet's
 * `networkSecurityGroup`; a standalone rule is also an element of its NSG's `securityRules`).
 */
export interface MergeSpec {
  /** ARM type of the target. */
  readonly targetType: string;
  /** How the target is found: an argument holding its id (literal or reference), or an id template (like `id`). */
  readonly target: { readonly idArg: string } | { readonly idTemplate: string };
  /** Path in the target's body. */
  readonly path: string;
  /**
   * `set` replaces the value at the path; `append` adds to the array there; `merge` merges the object into the object
   * there as a PATCH does (JSON merge: members of nested objects merge, arrays and scalars replace, members the value
   * leaves out keep the target's value).
   */
  readonly mode: 'set' | 'append' | 'merge';
  /** The value: this resource's `{name, properties}` (`self`), or fields built from this resource's arguments. */
  readonly value: 'self' | readonly Field[];
}

/** How one Terraform resource type becomes the ARM resource Azure Policy evaluates. */
export interface ResourceMapping {
  /** Terraform type, e.g. `azurerm_storage_account`. */
  readonly terraformType: string;
  /** ARM type, e.g. `Microsoft.Storage/storageAccounts`. */
  readonly armType: string;
  /** API version of azurerm's request (from the go-azure-sdk import path in the resource's code). */
  readonly apiVersion: string;
  /** Provider source file(s) the table was read from, relative to the azurerm repository. */
  readonly source: string;
  /**
   * Id template: `{subscription}` is the provider's subscription, `{arg}` an argument's value, `{arg:id}` the id an
   * argument stands for (a literal id, or the id built for the referenced resource). Unknown parts give UNKNOWN.
   * Several templates: the first whose arguments are all set (e.g. `namespace_id`, else the deprecated
   * `namespace_name` + `resource_group_name`).
   */
  readonly id: string | readonly string[];
  /** Argument holding the name. @default 'name' */
  readonly name?: string | ((ctx: FieldContext) => ArmValue);
  /** Argument holding the location (normalised as azurerm does: lower case, no spaces), or false. @default 'location' */
  readonly location?: string | false;
  /** Argument holding the tags map, or false. @default 'tags' */
  readonly tags?: string | false;
  /** Body fields (anything beyond id, type, name, location, tags). */
  readonly fields: readonly Field[];
  /** Arguments read elsewhere (the id, a parent's name), or not sent (timeouts): no "not mapped" note. */
  readonly otherArgs?: readonly string[];
  /** Arguments azurerm applies with a second request after create: noted when set. */
  readonly afterCreate?: readonly string[];
  /** Child resources. */
  readonly children?: readonly ChildSpec[];
  /** Contributions to other resources' bodies. */
  readonly merge?: readonly MergeSpec[];
  /** False for resources that are not ARM resources of their own (associations). @default true */
  readonly standalone?: boolean;
  /** Notes attached to every resource of the type. */
  readonly notes?: readonly string[];
  /** Adds notes that depend on the arguments (ctx.note), e.g. a request that Azure Policy does not see. */
  readonly check?: (ctx: FieldContext) => void;
}

/** A translator written as code, for inputs whose shape is not fixed by a table (azapi, template deployments). */
export interface CustomTranslator {
  readonly terraformType: string;
  /** Provider source file(s) or documentation the translator follows. */
  readonly source: string;
  readonly custom: (ctx: FieldContext, helpers: CustomHelpers) => CustomResource[];
  /** The id of the main resource (for references to this resource's `id`). @default unknown */
  readonly id?: (ctx: FieldContext, helpers: CustomHelpers) => string | Unknown;
}

/** One ARM resource produced by a custom translator. */
export interface CustomResource {
  readonly resource: ArmObject;
  readonly apiVersion?: string;
}

/** What custom translators get besides the field context. */
export interface CustomHelpers {
  /** Subscription of the instance's provider (a placeholder GUID when none is configured). */
  readonly subscription: string | Unknown;
  /**
   * Marks (part of) the instance as not translated (listed under notTranslated with the instance's address and
   * Terraform type, never counted compliant), e.g. a template whose content is not known before apply. `armType` is
   * the ARM type of the part not translated, when known (a nested deployment in a template): the entry's `armType`,
   * one entry per ARM type with a `count` when there are several. `count`: how many resources this call stands for.
   * @default count 1
   */
  notTranslated(reason: string, armType?: string, count?: number): void;
}

/** Either kind of mapping. */
export type TypeMapping = ResourceMapping | CustomTranslator;

export function isCustom(m: TypeMapping): m is CustomTranslator {
  return 'custom' in m;
}

export { TfRef };
