import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import { invalid, oneOf } from './errors';
import { containsCodeToken } from './terraform-literal';

/**
 * Shared validators. Each returns the (normalised) value or throws a GuardrailsValidationError that names the
 * construct path, the property, the value and what is allowed. Unresolved tokens (`${...}` references to other
 * resources) are accepted as they are: they can only be checked once Terraform resolves them.
 */

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * True when the value is (or contains) an unresolved cdktf token that code created. Text that only looks like a token
 * (a marker cdktf never registered) is a literal and is validated as one (lib/core/terraform-literal.ts).
 */
export function isToken(value: unknown): boolean {
  return containsCodeToken(value);
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A GUID such as a subscription or tenant id. */
export function requireGuid(scope: IConstruct | string, property: string, value: string): string {
  if (isToken(value)) return value;
  if (typeof value !== 'string' || !GUID.test(value)) {
    invalid(scope, property, value, 'must be a GUID such as "00000000-0000-0000-0000-000000000000"');
  }
  return value;
}

/** `/subscriptions/{guid}` */
export function requireSubscriptionId(scope: IConstruct | string, property: string, value: string): string {
  if (isToken(value)) return value;
  if (typeof value !== 'string' || !/^\/subscriptions\/[0-9a-fA-F-]{36}$/.test(value) || !GUID.test(value.slice(15))) {
    invalid(scope, property, value, 'must be a subscription resource id "/subscriptions/<subscription GUID>"');
  }
  return value;
}

const MANAGEMENT_GROUP_ID = /^\/providers\/Microsoft\.Management\/managementGroups\/([A-Za-z0-9_().-]{1,90})$/i;

/** The management group name of `/providers/Microsoft.Management/managementGroups/{name}`; undefined when it is not one. */
export function parseManagementGroupId(value: string): string | undefined {
  return typeof value === 'string' ? MANAGEMENT_GROUP_ID.exec(value)?.[1] : undefined;
}

/** `/providers/Microsoft.Management/managementGroups/{name}` */
export function requireManagementGroupId(scope: IConstruct | string, property: string, value: string): string {
  if (isToken(value)) return value;
  if (parseManagementGroupId(value) === undefined) {
    invalid(scope, property, value,
      'must be a management group id "/providers/Microsoft.Management/managementGroups/<name>" (1-90 letters, digits, "-", "_", "(", ")", ".")');
  }
  return value;
}

/** Parsed ARM resource id. */
export interface ParsedResourceId {
  readonly subscriptionId: string;
  readonly resourceGroup?: string;
  /** Provider namespace, for example `Microsoft.Network`. */
  readonly provider?: string;
  /** Full type, for example `Microsoft.Network/virtualNetworks/subnets`. */
  readonly type?: string;
  /** Names along the type path, for example `['vnet1', 'subnet1']`. */
  readonly names: readonly string[];
  /** Last name segment. */
  readonly name?: string;
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...]`; undefined when it is not one. */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const m = /^\/subscriptions\/([0-9a-fA-F-]{36})(?:\/resourceGroups\/([^/]+))?(?:\/providers\/([^/]+)((?:\/[^/]+\/[^/]+)+))?$/i.exec(id);
  if (!m || !GUID.test(m[1])) return undefined;
  const [, subscriptionId, resourceGroup, provider, rest] = m;
  if (!provider) return { subscriptionId, resourceGroup, names: [] };
  const parts = rest.split('/').slice(1);
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    types.push(parts[i]);
    names.push(parts[i + 1]);
  }
  return { subscriptionId, resourceGroup, provider, type: [provider, ...types].join('/'), names, name: names[names.length - 1] };
}

/**
 * An ARM resource id of the given type (case-insensitive), for example
 * `requireResourceId(this, 'subnetId', id, 'Microsoft.Network/virtualNetworks/subnets')`.
 */
export function requireResourceId(scope: IConstruct | string, property: string, value: string, type: string): string {
  if (isToken(value)) return value;
  const parsed = typeof value === 'string' ? parseResourceId(value) : undefined;
  if (!parsed || !parsed.resourceGroup || !parsed.type || parsed.type.toLowerCase() !== type.toLowerCase()) {
    const segments = type.split('/').slice(1).map((t) => `${t}/<name>`).join('/');
    invalid(scope, property, value,
      `must be the resource id of a ${type}: "/subscriptions/<GUID>/resourceGroups/<group>/providers/${type.split('/')[0]}/${segments}"`);
  }
  return value;
}

/** Resource group names: 1-90 letters, digits, "_", "-", ".", "(" and ")", not ending in "." (Azure's naming rules). */
export const RESOURCE_GROUP_NAME = /^[-\w.()]{0,89}[-\w()]$/u;

/** A resource group name (or a reference to one). */
export function requireResourceGroupName(scope: IConstruct | string, property: string, value: string): string {
  if (isToken(value)) return value;
  if (typeof value !== 'string' || !RESOURCE_GROUP_NAME.test(value)) {
    invalid(scope, property, value, 'must be a resource group name: 1-90 letters, digits, "_", "-", ".", "(" or ")", not ending in "."');
  }
  return value;
}

/** `/subscriptions/{guid}/resourceGroups/{name}` */
export function requireResourceGroupId(scope: IConstruct | string, property: string, value: string): string {
  if (isToken(value)) return value;
  const parsed = typeof value === 'string' ? parseResourceId(value) : undefined;
  if (!parsed || !parsed.resourceGroup || parsed.provider) {
    invalid(scope, property, value, 'must be a resource group id "/subscriptions/<GUID>/resourceGroups/<name>"');
  }
  return value;
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function requireEmail(scope: IConstruct | string, property: string, value: string): string {
  if (isToken(value)) return value;
  if (typeof value !== 'string' || !EMAIL.test(value) || value.length > 254) {
    invalid(scope, property, value, 'must be an e-mail address such as "secops@contoso.com"');
  }
  return value;
}

/** Azure region names as ARM spells them: lower case letters and digits, no spaces (`westeurope`). */
export function requireLocation(scope: IConstruct | string, property: string, value: string): string {
  if (isToken(value)) return value;
  if (typeof value !== 'string' || !/^[a-z][a-z0-9]{2,40}$/.test(value)) {
    invalid(scope, property, value,
      'must be an Azure region name in ARM form, lower case without spaces, such as "westeurope" or "eastus2"');
  }
  return value;
}

/** Parses an ISO 8601 duration with day/time parts (`PT3H`, `P1DT2H30M`) into seconds; undefined when invalid. */
export function parseIsoDuration(value: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  const [, d, h, mi, s] = m;
  return (Number(d ?? 0) * 86400) + (Number(h ?? 0) * 3600) + (Number(mi ?? 0) * 60) + Number(s ?? 0);
}

/** An integer within [min, max]. */
export function requireIntegerInRange(scope: IConstruct | string, property: string, value: number, min: number, max: number): number {
  if (containsCodeToken(value)) return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(scope, property, value, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** One of a closed set of strings (exact case). */
export function requireOneOf<T extends string>(scope: IConstruct | string, property: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) invalid(scope, property, value, oneOf(allowed));
  return value as T;
}

/** An IPv4 CIDR block, parsed. */
export interface Ipv4Cidr {
  readonly address: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n` (or a bare address, as /32); undefined when invalid. */
export function parseIpv4Cidr(value: string): Ipv4Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return undefined;
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  return { address, prefix };
}

/** Network address of a CIDR (host bits cleared). */
function network(c: Ipv4Cidr): number {
  return c.prefix === 0 ? 0 : (c.address & (~0 << (32 - c.prefix))) >>> 0;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  if (inner.prefix < outer.prefix) return false;
  const mask = outer.prefix === 0 ? 0 : (~0 << (32 - outer.prefix)) >>> 0;
  return ((inner.address & mask) >>> 0) === network(outer);
}

/** An IPv4 CIDR block (`10.0.0.0/16`). */
export function requireIpv4Cidr(scope: IConstruct | string, property: string, value: string): Ipv4Cidr | undefined {
  if (isToken(value)) return undefined;
  const parsed = typeof value === 'string' ? parseIpv4Cidr(value) : undefined;
  if (!parsed || !value.includes('/')) invalid(scope, property, value, 'must be an IPv4 CIDR block such as "10.0.1.0/26"');
  return parsed;
}

/** Source prefixes that mean "anywhere" to Azure's network security rules. */
export const ANYWHERE_PREFIXES: readonly string[] = ['*', 'internet', 'any', '0.0.0.0/0', '0.0.0.0', '::/0', '<nw>/0', '/0'];

/** True when the address prefix means "the whole internet". */
export function isAnywhere(prefix: string): boolean {
  return ANYWHERE_PREFIXES.includes(prefix.trim().toLowerCase());
}

/** A short stable hash (hex) of a string, for default names that must be unique yet stay under a length limit. */
export function stableHash(value: string, length = 8): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, length);
}

/**
 * Resource tags from props, checked (an object of at most 50 string values; names 1-512 and values at most 256
 * characters, Azure's limits). A `__proto__` tag is refused (cdktf would drop it silently). Undefined when none are
 * given. (Terraform escaping happens where every string is written: lib/core/terraform-literal.ts.)
 */
export function requireTags(scope: IConstruct | string, property: string, tags: unknown): Record<string, string> | undefined {
  if (tags === undefined) return undefined;
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) invalid(scope, property, tags, 'must be an object of tag names to string values');
  const keys = Object.keys(tags);
  if (keys.length > 50) invalid(scope, property, `${keys.length} tags`, 'must have at most 50 tags (Azure\'s limit)');
  return Object.fromEntries(keys.map((key) => {
    const value = (tags as Record<string, unknown>)[key];
    if (key.length === 0 || key.length > 512 || isToken(key) || key === '__proto__') {
      invalid(scope, `${property}.${key}`, key, 'the tag name must be a literal of 1 to 512 characters, other than "__proto__" (cdktf drops it)');
    }
    if (typeof value !== 'string' || value.length > 256) invalid(scope, `${property}.${key}`, value, 'must be a string of at most 256 characters');
    return [key, value];
  }));
}
