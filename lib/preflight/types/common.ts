/**
 * Building blocks shared by the tables: id templates, identity blocks (go-azure-helpers `identity` package), lists of
 * `{id}` sub-resources and zones. Each helper mirrors one provider helper; the comment names it.
 */
import { ArmObject, ArmValue, Field, FieldContext, OMIT, Omit } from '../mapping';
import { UNKNOWN, dict, isUnknown, put } from '../values';

/** `/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/<armType>/{name}`. */
export function rgId(armType: string, nameArg = 'name'): string {
  return `/subscriptions/{subscription}/resourceGroups/{resource_group_name}/providers/${armType}/{${nameArg}}`;
}

/** A list of ids as `[{id}]` sub-resources (`ApplicationSecurityGroup{Id}`, `SubResource{Id}`). */
export function idObjects(v: ArmValue): ArmValue {
  if (!Array.isArray(v)) return isUnknown(v) ? UNKNOWN : [];
  return v.map((id) => obj({ id }));
}

/** A null-prototype object from a literal (keys are the table's, values may be UNKNOWN). */
export function obj(fields: Record<string, ArmValue | undefined>): ArmObject {
  const o = dict<ArmValue>();
  for (const k of Object.keys(fields)) if (fields[k] !== undefined) put(o, k, fields[k] as ArmValue);
  return o;
}

/** `{id: <value>}` for a single sub-resource argument; OMIT when unset. */
export function idObject(arg: string, to: string, opts: { omitEmpty?: boolean } = {}): Field {
  return {
    to,
    reads: [arg],
    compute: (ctx) => {
      const v = ctx.get(arg);
      if (v === undefined || (opts.omitEmpty && v === '')) return OMIT;
      return obj({ id: v });
    },
  };
}

/** zones.ExpandUntyped: sent only when the set is not empty. */
export function zones(arg = 'zones', to = 'zones'): Field {
  return { to, arg, type: 'strings', omitEmpty: true };
}

/** A string-keyed object of the user-assigned identity ids (`{"<id>": {}}`); UNKNOWN when any id is. */
function userAssignedMap(ids: ArmValue | undefined): ArmValue | undefined {
  if (ids === undefined) return undefined;
  if (!Array.isArray(ids)) return isUnknown(ids) ? UNKNOWN : undefined;
  if (ids.length === 0) return undefined;
  if (ids.some((i) => typeof i !== 'string')) return UNKNOWN; // the map's keys are not known before apply
  const out = dict<ArmValue>();
  for (const i of ids as string[]) put(out, i, dict<ArmValue>());
  return out;
}

/**
 * Identity variants of go-azure-helpers `resourcemanager/identity`:
 * - `systemAndUserMap`: ExpandSystemAndUserAssignedMap + its MarshalJSON (`{type, userAssignedIdentities: null | {...}}`,
 *   type "SystemAssigned, UserAssigned").
 * - `legacySystemAndUserMap`: ExpandLegacySystemAndUserAssignedMap (type "SystemAssigned,UserAssigned", no space).
 * - `systemOrUserMap`: ExpandSystemOrUserAssignedMap (SystemAssigned or UserAssigned, same JSON shape).
 * - `userMap`: ExpandUserAssignedMap (`{type: "UserAssigned" | "None", userAssignedIdentities}`).
 * - `systemAssigned`: ExpandSystemAssigned (`{type: "SystemAssigned" | "None"}`).
 * `absent` says what the resource sends without an identity block: the helper's None value (`none`) or nothing (`omit`).
 */
export function identity(variant: 'systemAndUserMap' | 'legacySystemAndUserMap' | 'systemOrUserMap' | 'userMap' | 'systemAssigned', absent: 'none' | 'omit', arg = 'identity', to = 'identity'): Field {
  return {
    to,
    reads: [arg],
    compute: (ctx: FieldContext): ArmValue | Omit => {
      const raw = ctx.raw(arg);
      const block = Array.isArray(raw) ? raw[0] : raw;
      if (block === undefined || block === null) {
        if (absent === 'omit') return OMIT;
        return variant === 'systemAssigned' ? obj({ type: 'None' }) : obj({ type: 'None', userAssignedIdentities: null });
      }
      if (isUnknown(block) || typeof block !== 'object' || Array.isArray(block) || !('type' in block)) return UNKNOWN;
      const b = block as Record<string, unknown>;
      const typeRaw = b.type;
      if (typeof typeRaw !== 'string') return obj({ type: UNKNOWN, userAssignedIdentities: UNKNOWN });
      const t = typeRaw.replace(/\s*,\s*/, ', ');
      let type: string;
      if (/^SystemAssigned$/i.test(t)) type = 'SystemAssigned';
      else if (/^UserAssigned$/i.test(t)) type = 'UserAssigned';
      else if (/^SystemAssigned, UserAssigned$/i.test(t)) type = variant === 'legacySystemAndUserMap' ? 'SystemAssigned,UserAssigned' : 'SystemAssigned, UserAssigned';
      else type = 'None';
      if (variant === 'systemAssigned') return obj({ type: type === 'SystemAssigned' ? 'SystemAssigned' : 'None' });
      const sub: FieldContext = { ...ctx, get: (a, ty) => (a === 'identity_ids' ? convertIds(b.identity_ids) : ctx.get(a, ty)) };
      const ids = type === 'None' || type === 'SystemAssigned' ? undefined : userAssignedMap(sub.get('identity_ids', 'strings'));
      return obj({ type, userAssignedIdentities: ids ?? null });
    },
  };
}

function convertIds(v: unknown): ArmValue | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return UNKNOWN;
  return v.map((e) => (typeof e === 'string' ? e : UNKNOWN));
}

/** Location normalised as azurerm's `location.Normalize` (lower case, spaces removed). */
export function normaliseLocation(v: ArmValue): ArmValue {
  return typeof v === 'string' ? v.toLowerCase().replace(/ /g, '') : v;
}

/** `pointer.To(d.Get(arg).(bool))` style enabled/disabled strings. */
export function enabledDisabled(v: ArmValue): ArmValue {
  return typeof v === 'boolean' ? (v ? 'Enabled' : 'Disabled') : v;
}

/** expandEdgeZoneModel / expandEdgeZoneNew (edgezones.Model MarshalJSON): `{name, type: "EdgeZone"}` when set. */
export function edgeZone(arg = 'edge_zone'): Field {
  return { to: 'extendedLocation', arg, omitEmpty: true, map: (v) => obj({ name: normaliseLocation(v), type: 'EdgeZone' }) };
}
