/**
 * Helpers of the edge, AI and analytics tables (application gateway, Front Door, firewall, API Management, Cognitive
 * Services, Search, Machine Learning, Data Factory, Databricks, Synapse). Each mirrors one provider helper; the
 * comment names it.
 */
import { ArmObject, ArmValue, FieldContext, OMIT, Omit, TfRef } from '../mapping';
import { UNKNOWN, Unknown, isUnknown } from '../values';
import { obj } from './common';

/** `Enabled` / `Disabled` for a bool (UNKNOWN stays UNKNOWN). */
export function enabledDisabled(v: ArmValue): ArmValue {
  return typeof v === 'boolean' ? (v ? 'Enabled' : 'Disabled') : v;
}

/** The negation of a bool (`DisableLocalAuth: !local_auth_enabled`). */
export function not(v: ArmValue): ArmValue {
  return typeof v === 'boolean' ? !v : v;
}

/** A bool sent only when true (`if v, ok := d.GetOk(...); ok`: GetOk is false for the zero value). */
export function onlyTrue(v: ArmValue): ArmValue | Omit {
  return v === true ? true : isUnknown(v) ? UNKNOWN : OMIT;
}

/** A string sent only when not empty (`if v, ok := d.GetOk(...); ok` / `if v != ""`). */
export function nonEmpty(v: ArmValue): ArmValue | Omit {
  return v === '' ? OMIT : v;
}

/** `[{<key>: value}]` for a list of strings (`[]IPRule{Value: ...}`). */
export function objectsOf(key: string): (v: ArmValue) => ArmValue {
  return (v) => (Array.isArray(v) ? v.map((e) => obj({ [key]: e })) : v);
}

/** The first block of a nested block argument: undefined when absent, UNKNOWN when not known before apply. */
export function firstBlock(ctx: FieldContext, arg: string): Record<string, unknown> | undefined | Unknown {
  const raw = ctx.raw(arg);
  const b = Array.isArray(raw) ? raw[0] : raw;
  if (b === undefined || b === null) return undefined;
  if (isUnknown(b) || b instanceof TfRef || typeof b !== 'object' || Array.isArray(b)) return UNKNOWN;
  return b as Record<string, unknown>;
}

/** The id this translation builds for the resource being translated (sub-resource ids of its inline children). */
export function selfId(ctx: FieldContext): string | Unknown {
  return ctx.idOf(new TfRef(ctx.instance.address, 'id'));
}

/** `<resource id>/<segment>/<name>`: the id of an inline sub-resource (application gateway listeners, pools, ...). */
export function subResourceId(ctx: FieldContext, segment: string, name: ArmValue | undefined): ArmValue {
  let top: FieldContext = ctx;
  while (top.parent) top = top.parent;
  const id = selfId(top);
  if (typeof id !== 'string' || typeof name !== 'string') return UNKNOWN;
  return `${id}/${segment}/${name}`;
}

/** The subscription of the resource (from the id the translation builds). */
export function subscriptionOf(ctx: FieldContext): string | Unknown {
  const id = selfId(ctx);
  if (typeof id !== 'string') return UNKNOWN;
  const m = /^\/subscriptions\/([^/]+)/i.exec(id);
  return m ? m[1] : UNKNOWN;
}

/** A Key Vault key id split as a provider parser does. */
export interface NestedItemId {
  readonly baseUrl: string;
  readonly name: string;
  readonly version: string;
}

/**
 * go-azure-helpers `keyvault.ParseNestedItemID` (vendor/github.com/hashicorp/go-azure-helpers/resourcemanager/keyvault/
 * nested_item.go): `https://<host>/keys/<name>[/<version>]`, base URL without a trailing slash. With `trailingSlash`,
 * the provider's own `internal/services/keyvault/parse.ParseNestedItemID` (base URL `https://<host>/`, which also
 * requires a version). Undefined when the value is not an id of that shape.
 */
export function parseNestedItemId(v: unknown, trailingSlash = false): NestedItemId | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)\/([^/?#]+)\/([^/?#]+)(?:\/([^/?#]*))?\/?(?:[?#].*)?$/i.exec(v);
  if (!m) return undefined;
  return { baseUrl: trailingSlash ? `https://${m[2]}/` : `${m[1]}://${m[2]}`, name: m[4], version: m[5] ?? '' };
}

/** A string argument of a raw nested block: the value, '' when unset, UNKNOWN when not known before apply. */
export function rawString(v: unknown): ArmValue {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return UNKNOWN;
}

/** A bool argument of a raw nested block: the value, `d` when unset, UNKNOWN when not known before apply. */
export function rawBool(v: unknown, d: boolean): ArmValue {
  if (v === undefined || v === null) return d;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return UNKNOWN;
}

/** Sets `key` of an object built by `obj` (keys are the table's). */
export function set(o: ArmObject, key: string, v: ArmValue | undefined): void {
  if (v !== undefined) o[key] = v;
}
