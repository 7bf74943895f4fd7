/**
 * azapi resources: the ARM type, API version and body are given in the configuration, so the request is the body as
 * written (`type = "Microsoft.X/y@2024-01-01"`, `parent_id`, `name`, `location`, `identity`, `tags`, `body` as an
 * object (azapi 2.x) or a JSON string (azapi 1.x `jsonencode`)).
 */
import { ArmObject, ArmValue, CustomResource, CustomTranslator, FieldContext } from '../mapping';
import { LIMITS, TfValue, UNKNOWN, Unknown, dict, isTfObject, isUnknown, isUnknownValue, put } from '../values';
import { identity, normaliseLocation } from './common';
import { jsonString } from './governance';

function toArm(v: TfValue | undefined, depth = 0): ArmValue {
  if (v === undefined) return UNKNOWN;
  if (isUnknownValue(v) || depth > LIMITS.maxDepth) return UNKNOWN;
  if (Array.isArray(v)) return v.map((e) => toArm(e, depth + 1));
  if (isTfObject(v)) {
    const out = dict<ArmValue>();
    for (const k of Object.keys(v)) put(out, k, toArm(v[k], depth + 1));
    return out;
  }
  return v;
}

function splitType(t: ArmValue | undefined): { type: string; apiVersion?: string } | undefined {
  if (typeof t !== 'string') return undefined;
  const at = t.indexOf('@');
  return at < 0 ? { type: t } : { type: t.slice(0, at), apiVersion: t.slice(at + 1) };
}

/**
 * Id of `<type>/<name>` under `parent`, as azapi builds it (Azure/terraform-provider-azapi
 * internal/services/parse/resource.go, newResourceID): a provider type is `<parent>/providers/<name>`, a resource group
 * `<parent>/resourceGroups/<name>`, another top-level type `<parent>/providers/<type>/<name>`, a child type
 * `<parent>/<last type segment>/<name>`.
 */
function idUnder(parent: string | Unknown, type: string, name: ArmValue): string | Unknown {
  if (typeof parent !== 'string' || typeof name !== 'string') return UNKNOWN;
  const segments = type.split('/');
  const p = parent === '/' ? '' : parent.replace(/\/+$/, '');
  if (segments.length === 1) return `${p}/providers/${name}`;
  if (type.toLowerCase() === 'microsoft.resources/resourcegroups') return `${parent}/resourceGroups/${name}`;
  if (type.toLowerCase() === 'microsoft.resources/subscriptions') return `/subscriptions/${name}`;
  if (segments.length > 2) return `${p}/${segments[segments.length - 1]}/${name}`;
  return `${p}/providers/${type}/${name}`;
}

function body(ctx: FieldContext): ArmValue {
  const raw = ctx.raw('body');
  if (raw === undefined || raw === null) return dict<ArmValue>();
  if (typeof raw === 'string') return raw === '' ? dict<ArmValue>() : jsonString(raw, ctx);
  return toArm(raw);
}

function build(ctx: FieldContext, id: string | Unknown, type: string, name: ArmValue, apiVersion: string | undefined): CustomResource {
  const resource = dict<ArmValue>();
  resource.id = id;
  resource.name = name;
  resource.type = type;
  const loc = ctx.get('location');
  if (loc !== undefined) resource.location = normaliseLocation(loc);
  const tags = ctx.get('tags', 'map');
  if (tags !== undefined) resource.tags = tags;
  const idField = identity('systemAndUserMap', 'omit');
  const ident = idField.compute!(ctx);
  if (typeof ident !== 'symbol') resource.identity = ident;
  const b = body(ctx);
  if (isUnknown(b)) {
    ctx.note('body is not known before apply: every property of the request is unknown');
    resource.properties = UNKNOWN;
  } else if (b && typeof b === 'object' && !Array.isArray(b)) {
    // The body holds the request's top-level members (properties, sku, kind, ...).
    for (const k of Object.keys(b)) put(resource, k, (b as ArmObject)[k]);
  }
  if (!apiVersion) ctx.note('type has no @<api-version>: requestContext().apiVersion is unknown');
  return { resource, apiVersion };
}

export const azapiResource: CustomTranslator = {
  terraformType: 'azapi_resource',
  source: 'Azure/terraform-provider-azapi: azapi_resource (type "<resource type>@<api version>", parent_id, name, body); ids as internal/services/parse/resource.go newResourceID',
  id: (ctx) => {
    const t = splitType(ctx.get('type'));
    return t ? idUnder(ctx.idOf(ctx.raw('parent_id')), t.type, ctx.get('name') ?? UNKNOWN) : UNKNOWN;
  },
  custom: (ctx, helpers) => {
    const t = splitType(ctx.get('type'));
    if (!t) {
      helpers.notTranslated('type is not known before apply: the resource is not evaluated');
      return [];
    }
    const name = ctx.get('name') ?? UNKNOWN;
    return [build(ctx, idUnder(ctx.idOf(ctx.raw('parent_id')), t.type, name), t.type, name, t.apiVersion)];
  },
};

export const azapiUpdateResource: CustomTranslator = {
  terraformType: 'azapi_update_resource',
  source: 'Azure/terraform-provider-azapi: azapi_update_resource (resource_id or parent_id + name; body merged into the existing resource)',
  custom: (ctx, helpers) => {
    const t = splitType(ctx.get('type'));
    if (!t) {
      helpers.notTranslated('type is not known before apply: the update is not evaluated');
      return [];
    }
    const name = ctx.get('name');
    const id = ctx.has('resource_id') ? ctx.idOf(ctx.raw('resource_id')) : idUnder(ctx.idOf(ctx.raw('parent_id')), t.type, name ?? UNKNOWN);
    const resourceName = name ?? (typeof id === 'string' ? id.split('/').pop() ?? UNKNOWN : UNKNOWN);
    ctx.note('azapi_update_resource sends the existing resource with body merged in: only the properties in body are evaluated here');
    return [build(ctx, id, t.type, resourceName, t.apiVersion)];
  },
};

export const AZAPI_MAPPINGS: readonly CustomTranslator[] = [azapiResource, azapiUpdateResource];
