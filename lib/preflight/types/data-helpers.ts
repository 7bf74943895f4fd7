/**
 * Small readers shared by the data-service tables (dbflex, cosmos, messaging, cache-config, iot-analytics,
 * sql-children): raw nested blocks read with Go's zero values, and key vault key ids split as azurerm splits them.
 */
import { ArmValue, FieldContext } from '../mapping';
import { UNKNOWN, Unknown, isUnknown } from '../values';

/** A raw nested block (first element of a list block): undefined when absent, UNKNOWN when not known. */
export function rawBlock(ctx: FieldContext, arg: string): Record<string, unknown> | undefined | Unknown {
  const raw = ctx.raw(arg);
  const b = Array.isArray(raw) ? raw[0] : raw;
  if (b === undefined || b === null) return undefined;
  if (isUnknown(b) || typeof b !== 'object' || Array.isArray(b)) return UNKNOWN;
  return b as Record<string, unknown>;
}

/** The elements of a raw list block: [] when unset, undefined when the list is not known. */
export function rawList(v: unknown): unknown[] | undefined {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : undefined;
}

/** A list of strings from a raw block member: [] when unset, UNKNOWN (elements) where not known. */
export function rawStrings(v: unknown): ArmValue {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return UNKNOWN;
  return v.map((e) => (typeof e === 'string' ? e : UNKNOWN));
}

/** A number from a raw block member (Go's zero value 0 when unset). */
export function rawNumber(v: unknown): ArmValue {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : UNKNOWN;
}

/** A string from a raw block member ("" when unset). */
export function rawString(v: unknown): ArmValue {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : UNKNOWN;
}

/** A bool from a raw block member (the schema default when unset). */
export function rawBool(v: unknown, dflt: boolean): ArmValue {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'boolean') return v;
  return v === 'true' ? true : v === 'false' ? false : UNKNOWN;
}

/** `Enabled` / `Disabled` from a bool (UNKNOWN stays UNKNOWN). */
export function enabledDisabled(v: ArmValue): ArmValue {
  return typeof v === 'boolean' ? (v ? 'Enabled' : 'Disabled') : isUnknown(v) ? UNKNOWN : v;
}

/**
 * keyvault/parse.ParseOptionallyVersionedNestedItemID: `https://<host>/keys/<name>[/<version>]` as
 * `{baseUrl: "https://<host>/", name, version ("" when versionless)}`; all UNKNOWN when the id is not a known string.
 */
export function keyVaultKeyParts(id: ArmValue | undefined): { baseUrl: ArmValue; name: ArmValue; version: ArmValue } {
  const m = typeof id === 'string' ? /^https:\/\/([^/]+)\/[^/]+\/([^/]+)(?:\/([^/]*))?\/?$/i.exec(id) : null;
  if (!m) return { baseUrl: UNKNOWN, name: UNKNOWN, version: UNKNOWN };
  return { baseUrl: `https://${m[1]}/`, name: m[2], version: m[3] ?? '' };
}
