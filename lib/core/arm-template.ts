/**
 * A small typed builder for ARM deployment templates, for the Azure APIs azurerm has no resource for
 * (JIT policies, modern security contacts, security connectors). The constructs hand the rendered JSON to
 * azurerm's own `*_template_deployment` resources, so no second provider is needed.
 *
 * Templates are rendered with stable key order so that `terraform plan` shows no diff when nothing changed.
 */

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * An ARM template expression the kit writes on purpose (`[resourceId(...)]`). Every other string in a template is a
 * literal: ARM reads a string that starts with `[` and ends with `]` as an expression (so user text such as
 * `[listKeys(...)]` would run), and writes the literal as `[[...]` ("Template syntax: escape characters", Microsoft
 * Learn). {@link ArmTemplate} escapes every plain string and writes only these as they are.
 */
export class ArmExpression {
  constructor(public readonly text: string) {
    if (!/^\[(?!\[)[\s\S]*\]$/.test(text)) throw new Error(`not an ARM template expression: ${JSON.stringify(text)} (it must start with "[" and end with "]")`);
  }

  public toJSON(): string {
    return this.text;
  }
}

/** An ARM template expression (see {@link ArmExpression}). */
export function armExpression(text: string): ArmExpression {
  return new ArmExpression(text);
}

/** A string argument inside an ARM expression: single-quoted, with `'` doubled (ARM's escape). */
export function armStringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A literal string as ARM must see it: one that would read as an expression (`[...]`) gets a second `[`. */
export function escapeArmString(value: string): string {
  return value.startsWith('[') && value.endsWith(']') ? `[${value}` : value;
}

/**
 * A value in a template: JSON, where expressions the kit writes are {@link ArmExpression}s and a nested deployment's
 * template is an {@link ArmTemplate} (rendered once, as its own template: its strings are escaped there, not again).
 */
export type ArmValue = string | number | boolean | null | ArmExpression | ArmTemplate | ArmValue[] | { [key: string]: ArmValue };

/** One resource in an ARM template. */
export interface ArmResource {
  /** Resource type, for example `Microsoft.Security/securityContacts`. */
  readonly type: string;
  /** API version of the resource type. */
  readonly apiVersion: string;
  /** Resource name (for child resources, the full `parent/child` name). */
  readonly name: string;
  /** Location, where the type has one. */
  readonly location?: string;
  /** Kind, where the type has one. */
  readonly kind?: string;
  /** SKU, where the type has one (for example `{ name: 'Premium' }`). */
  readonly sku?: { [key: string]: JsonValue };
  /** Availability zones, where the type has them (for example `['1', '2', '3']`). */
  readonly zones?: string[];
  /** Resource properties (strings are literals; expressions are {@link ArmExpression}s). */
  readonly properties?: { [key: string]: ArmValue };
  /** Tags. */
  readonly tags?: { [key: string]: string };
  /** Names or ids of resources in the same template to deploy first. */
  readonly dependsOn?: string[];
  /** Nested deployments (`Microsoft.Resources/deployments`) only: the subscription they deploy to. */
  readonly subscriptionId?: string;
  /** Nested deployments only: the resource group they deploy to. */
  readonly resourceGroup?: string;
}

/** A template parameter. */
export interface ArmParameter {
  readonly type: 'string' | 'securestring' | 'int' | 'bool' | 'object' | 'secureObject' | 'array';
  readonly defaultValue?: JsonValue;
  readonly allowedValues?: JsonValue[];
  readonly metadata?: { description?: string };
}

/** An ARM template output. */
export interface ArmOutput {
  readonly type: 'string' | 'int' | 'bool' | 'object' | 'array';
  readonly value: ArmValue;
}

/** Deployment scope of the template: decides the `$schema`. */
export type ArmTemplateScope = 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant';

const SCHEMAS: Record<ArmTemplateScope, string> = {
  resourceGroup: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  subscription: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
  managementGroup: 'https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#',
  tenant: 'https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#',
};

/** Builds an ARM deployment template. */
export class ArmTemplate {
  private readonly resources: ArmResource[] = [];
  private readonly parameters: Record<string, ArmParameter> = {};
  private readonly outputs: Record<string, ArmOutput> = {};

  constructor(public readonly scope: ArmTemplateScope) {}

  /** Adds a resource; returns this for chaining. */
  public addResource(resource: ArmResource): this {
    this.resources.push(resource);
    return this;
  }

  /** Declares a parameter. */
  public addParameter(name: string, parameter: ArmParameter): this {
    this.parameters[name] = parameter;
    return this;
  }

  /** Declares an output. */
  public addOutput(name: string, output: ArmOutput): this {
    this.outputs[name] = output;
    return this;
  }

  /** Number of resources in the template. */
  public get resourceCount(): number {
    return this.resources.length;
  }

  /** The template as a plain object. */
  public toJson(): { [key: string]: JsonValue } {
    const template: { [key: string]: JsonValue } = {
      $schema: SCHEMAS[this.scope],
      contentVersion: '1.0.0.0',
      parameters: clean(this.parameters),
      resources: this.resources.map((r) => clean(r)),
    };
    if (Object.keys(this.outputs).length > 0) template.outputs = clean(this.outputs);
    return template;
  }

  /** The template rendered as a JSON string with stable formatting. */
  public render(): string {
    return JSON.stringify(this.toJson());
  }
}

/**
 * Renders ARM parameter values in the `{"name": {"value": v}}` form that deployments (and policy assignments) take.
 * Values are data, not template text, so they are not `[[`-escaped.
 */
export function renderArmParameters(values: Record<string, JsonValue>): string {
  const out: Record<string, { value: JsonValue }> = {};
  for (const key of Object.keys(values)) out[key] = { value: values[key] };
  return JSON.stringify(out);
}

/**
 * Drops undefined members so the JSON has no noise, writes the kit's expressions as they are and every other string as
 * a literal (`[[` where ARM would read an expression). Keys too: ARM evaluates an expression used as a property name
 * (tags keyed by `[parameters('tagName')]` are a common pattern).
 */
function clean(value: unknown): JsonValue {
  if (value instanceof ArmExpression) return value.text;
  if (value instanceof ArmTemplate) return value.toJson();
  if (typeof value === 'string') return escapeArmString(value);
  if (Array.isArray(value)) return value.map((v) => clean(v));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[escapeArmString(k)] = clean(v);
    }
    return out;
  }
  return value as JsonValue;
}
