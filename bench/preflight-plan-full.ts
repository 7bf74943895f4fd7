/**
 * The full `terraform show -json` shape of the bench plan (bench/preflight-plan.ts): what Terraform 1.9 writes for a
 * first plan (format 1.2) of azurerm v4.55.0 resources, built from the arguments the compact plan sets and the
 * provider schemas of preflight-plan-schemas.ts. Sources for the shape:
 * - Terraform's "Internals: JSON Output Format" (developer.hashicorp.com/terraform/internals/json-format;
 *   hashicorp/terraform website/docs/internals/json-format.mdx): `planned_values` is the planned state with unknown
 *   values omitted, `after_unknown` / `after_sensitive` mirror `after` with `true` for unknown / sensitive leaves,
 *   `configuration` holds per argument `constant_value` or `references` (each reference followed by the references it
 *   implies, e.g. `azurerm_subnet.s0.id`, `azurerm_subnet.s0`).
 * - Terraform 1.11.4's own output (`terraform show -json` of a plan of built-in `terraform_data` resources, run while
 *   writing this): key order of each section, entries sorted by address, minified, `after_unknown` and
 *   `after_sensitive` keep the shape of every known collection (`[false]` per list element, `{}` for a map or block
 *   object, `[]` for an empty or unknown list) and leave out known leaves, `before_sensitive: false` for a create, no
 *   `prior_state` when the state is empty and no data source is read during plan, a deferred data source read as a
 *   `read` change with `action_reason`.
 * - Real azurerm plans (Terraform 1.9.4, azurerm 3.116, format 1.2; the Fugue-style plan fixtures of
 *   github.com/824728350/ZodiacAE, e.g. regoFiles/azurerm_application_gateway/outputRegoPlanHandledFormat/): every
 *   schema attribute is in `after`; an Optional argument not set is null, or its schema Default; Optional + Computed
 *   and Computed attributes are unknown; a nested block not written is `[]`; `timeouts` is null; a Sensitive
 *   attribute is `true` in `after_sensitive` even when null or unknown; inside a set-nested block (e.g. an application
 *   gateway's backend_http_settings) an unset Optional string is `""`, an unset number or bool null and an unset
 *   list or set `[]` (the SDKv2 set diff writes every field of a set element).
 * - The SDKv2 diff applied to plan (hashicorp/terraform-plugin-sdk v2 terraform/diff.go): applySingleAttrDiff keeps
 *   an empty old = new value only for a string attribute (the "" above), applyCollectionDiff leaves a collection that
 *   no diff touches and the state lacks as no value at all (null); the real plans above show a list holding an
 *   unknown element as wholly unknown (a VM's network_interface_ids).
 */
import { AttrSpec, BlockSpec, DATA_SOURCE_SCHEMAS, RESOURCE_SCHEMAS, Schema, TypeSchema } from './preflight-plan-schemas';

export const AZURERM = 'registry.terraform.io/hashicorp/azurerm';

/** One resource of the compact plan: planned values, unknown markers and configuration expressions as it writes them. */
export interface CompactChange {
  address: string;
  type: string;
  name: string;
  after: Record<string, unknown>;
  afterUnknown: Record<string, unknown>;
  expressions: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

/** An argument the configuration sets to a value known only after apply (a reference to such an attribute). */
const UNKNOWN_SET = Symbol('configured, unknown until apply');

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isBlock(spec: AttrSpec | BlockSpec): spec is BlockSpec {
  return isObj(spec) && 'nesting' in spec;
}

interface Attr {
  mode: string;
  kind: 'string' | 'number' | 'bool' | 'list' | 'set' | 'map';
  sensitive: boolean;
  hasDefault: boolean;
  defaultValue?: unknown;
}

function parseAttr(spec: AttrSpec): Attr {
  const [text, defaultValue] = typeof spec === 'string' ? [spec, undefined] : spec;
  const [mode, type, flag] = text.split(' ');
  const kind = type.replace(/\(.*\)$/, '') as Attr['kind'];
  return { mode, kind, sensitive: flag === 'sensitive', hasDefault: typeof spec !== 'string', defaultValue };
}

function hasReferences(expr: unknown): expr is { references: string[] } {
  return isObj(expr) && Array.isArray(expr.references);
}

/**
 * The arguments a compact change's configuration sets, as a tree: its planned values, except those it marks unknown
 * without a configuration reference (computed attributes, left to the schema), and UNKNOWN_SET where a reference is
 * unknown. A reference whose value is not unknown and not planned (a NIC's public IP in 4 groups of 5) is not set.
 */
function configuredArgs(after: Obj, unknown: unknown, exprs: unknown, schema: Schema, path: string): Obj {
  const out: Obj = {};
  const u = isObj(unknown) ? unknown : {};
  const e = isObj(exprs) ? exprs : {};
  for (const k of new Set([...Object.keys(after), ...Object.keys(u)])) {
    const spec = schema[k];
    if (spec === undefined) throw new Error(`${path}.${k}: not an attribute of the azurerm v4.55.0 schema`);
    const uk = u[k];
    if (uk === true) {
      if (hasReferences(e[k])) out[k] = UNKNOWN_SET;
      else if (isBlock(spec) ? spec.mode === 'R' || spec.mode === 'O' : !['C', 'OC'].includes(parseAttr(spec).mode)) {
        throw new Error(`${path}.${k}: unknown without a reference, but not computed in the schema`);
      }
      continue;
    }
    if (!(k in after)) continue; // a reference the plan does not mark unknown and holds no value for: not set
    const v = after[k];
    if (isBlock(spec) && Array.isArray(v)) {
      const eb = Array.isArray(e[k]) ? (e[k] as unknown[]) : [];
      const ub = Array.isArray(uk) ? uk : [];
      out[k] = v.map((el, i) => configuredArgs(el as Obj, ub[i], eb.length === v.length ? eb[i] : eb[0], spec.attrs, `${path}.${k}[${i}]`));
    } else out[k] = v;
  }
  return out;
}

/** How `after_unknown` / `after_sensitive` render a known value: false for a leaf, the shape of a collection. */
function knownShape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(knownShape);
  if (isObj(v)) return {};
  return false;
}

interface Planned {
  after: Obj;
  unknown: Obj;
  sensitive: Obj;
}

function put(target: Obj, key: string, value: unknown): void {
  if (value !== false && value !== undefined) target[key] = value;
}

/**
 * The planned object of one schema level from the arguments set: every attribute, sorted. `inSet` is true inside a
 * set-nested block (SDKv2 writes each unset field of a set element: "" for a string, [] for a collection).
 */
function planObject(schema: Schema, cfg: Obj, inSet: boolean, top: boolean, path: string): Planned {
  const planned: Planned = { after: {}, unknown: {}, sensitive: {} };
  const keys = Object.keys(schema);
  if (top) keys.push('id', 'timeouts');
  for (const k of Object.keys(cfg)) if (!(k in schema)) throw new Error(`${path}.${k}: not an attribute of the azurerm v4.55.0 schema`);
  for (const k of keys.sort()) {
    const v = cfg[k];
    if (top && k === 'timeouts') {
      planned.after[k] = null; // a nesting-single block not written
      continue;
    }
    const spec: AttrSpec | BlockSpec = top && k === 'id' ? 'C string' : schema[k];
    if (isBlock(spec)) {
      if (v === UNKNOWN_SET || (v === undefined && (spec.mode === 'C' || spec.mode === 'OC'))) {
        planned.unknown[k] = true;
        planned.sensitive[k] = [];
      } else if (v === undefined) {
        if (spec.mode === 'R') throw new Error(`${path}.${k}: a required block the generator does not set`);
        // An Optional block not written is an empty list; written as an attribute (ConfigModeAttr), outside a set, null.
        const empty = spec.attrMode && !inSet ? null : [];
        planned.after[k] = empty;
        put(planned.unknown, k, empty === null ? false : []);
        put(planned.sensitive, k, empty === null ? false : []);
      } else {
        const elements = (v as Obj[]).map((el, i) => planObject(spec.attrs, el, inSet || spec.nesting === 'set', false, `${path}.${k}[${i}]`));
        planned.after[k] = elements.map((e) => e.after);
        planned.unknown[k] = elements.map((e) => e.unknown);
        planned.sensitive[k] = elements.map((e) => e.sensitive);
      }
      continue;
    }
    const a = parseAttr(spec);
    const collection = a.kind === 'list' || a.kind === 'set' || a.kind === 'map';
    if (v === UNKNOWN_SET || (v === undefined && !a.hasDefault && (a.mode === 'C' || a.mode === 'OC'))) {
      planned.unknown[k] = true;
      put(planned.sensitive, k, a.sensitive || (collection && (a.kind === 'map' ? {} : [])));
      continue;
    }
    let value: unknown;
    if (v !== undefined) value = a.kind === 'set' && Array.isArray(v) ? [...(v as string[])].sort() : v;
    else if (a.hasDefault) value = a.defaultValue;
    else if (a.mode === 'R') throw new Error(`${path}.${k}: a required argument the generator does not set`);
    else value = inSet ? (a.kind === 'string' ? '' : a.kind === 'list' || a.kind === 'set' ? [] : null) : null;
    planned.after[k] = value;
    put(planned.unknown, k, knownShape(value));
    put(planned.sensitive, k, a.sensitive || knownShape(value));
  }
  return planned;
}

/** The expressions of the arguments set, sorted as Terraform writes them (a Go map). */
function expressionsOf(schema: Schema, cfg: Obj, exprs: unknown, rewrite: (refs: string[]) => string[], path: string): Obj {
  const out: Obj = {};
  const e = isObj(exprs) ? exprs : {};
  for (const k of Object.keys(cfg).sort()) {
    const spec = schema[k];
    const v = cfg[k];
    const ek = e[k];
    if (isBlock(spec) && !spec.attrMode) {
      const list = v as Obj[];
      const eb = Array.isArray(ek) ? ek : [];
      // Block expressions, one per block written; an empty list is no block at all.
      if (list.length > 0) out[k] = list.map((el, i) => expressionsOf(spec.attrs, el, eb.length === list.length ? eb[i] : eb[0], rewrite, `${path}.${k}[${i}]`));
    } else if (hasReferences(ek)) out[k] = { references: rewrite(ek.references) };
    else if (v === UNKNOWN_SET) throw new Error(`${path}.${k}: unknown without a configuration reference`);
    else if (isBlock(spec)) {
      // Written as blocks of a ConfigModeAttr attribute: one constant list of objects, null where an argument is not set.
      out[k] = { constant_value: (v as Obj[]).map((el) => Object.fromEntries(Object.keys(spec.attrs).sort().map((a) => [a, el[a] ?? null]))) };
    } else out[k] = { constant_value: v };
  }
  return out;
}

/** `var.workspace_id` (known in any real plan) becomes a data source read during apply; see fullPlan. */
const REWRITES: Record<string, string> = { 'var.workspace_id': 'data.azurerm_log_analytics_workspace.central.id' };

/** A reference with the references it implies (the resource of an attribute), as Terraform lists them. */
function withImplied(refs: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of refs) {
    const r = REWRITES[raw] ?? raw;
    const parts = r.split('.');
    const resource = parts[0] === 'data' ? parts.slice(0, 3).join('.') : parts[0] === 'var' ? r : parts.slice(0, 2).join('.');
    for (const x of [r, resource]) if (!out.includes(x)) out.push(x);
  }
  return out;
}

/** The data sources the configuration reads during apply (they wait for a managed resource with pending changes). */
const DATA_SOURCES: Record<string, { type: string; name: string; args: Obj }> = {
  'data.azurerm_client_config.current': { type: 'azurerm_client_config', name: 'current', args: {} },
  'data.azurerm_log_analytics_workspace.central': { type: 'azurerm_log_analytics_workspace', name: 'central', args: { name: 'law-central', resource_group_name: 'rg-monitoring' } },
};

function schemaOf(type: string, schemas: Readonly<Record<string, TypeSchema>>): TypeSchema {
  const s = schemas[type];
  if (!s) throw new Error(`${type}: no schema in bench/preflight-plan-schemas.ts`);
  return s;
}

/**
 * The full plan of the compact changes. Differences from the compact plan besides the shape: entries sorted by
 * address; each argument's expression is that of its value (the compact plan writes `min_tls_version = "TLS1_2"` for
 * every account and only some expressions); the diagnostic settings' `log_analytics_workspace_id` references a
 * Log Analytics workspace data source instead of `var.workspace_id` (a variable is known in a real plan, the compact
 * plan has the value unknown); that data source and `data.azurerm_client_config.current` (the key vaults'
 * `tenant_id`, unknown in both plans) are read during apply: a `read` change each (`depends_on` the first resource).
 * Kept as the compact plan has them: the NICs' references to public IPs that are not in the plan.
 */
export function fullPlan(changes: readonly CompactChange[]): unknown {
  const resourceChanges: Obj[] = [];
  const plannedResources: Obj[] = [];
  const configResources: Obj[] = [];
  const relevant: Obj[] = [];
  const seenRelevant = new Set<string>();
  const readData = new Set<string>();
  const rewrite = (refs: string[]): string[] => {
    const all = withImplied(refs);
    for (const r of all) {
      const parts = r.split('.');
      const isData = parts[0] === 'data';
      if (isData) readData.add(parts.slice(0, 3).join('.'));
      const resourceParts = isData ? 3 : 2;
      if (parts[0] === 'var' || parts.length <= resourceParts) continue;
      const resource = parts.slice(0, resourceParts).join('.');
      const key = `${resource} ${parts.slice(resourceParts).join('.')}`;
      if (seenRelevant.has(key)) continue;
      seenRelevant.add(key);
      relevant.push({ resource, attribute: parts.slice(resourceParts) });
    }
    return all;
  };
  const entry = (address: string, mode: 'managed' | 'data', type: string, name: string, schema: TypeSchema, cfg: Obj, expressions: Obj, dependsOn?: string[]): void => {
    const p = planObject(schema.attrs, cfg, false, true, address);
    const data = mode === 'data';
    resourceChanges.push({ address, mode, type, name, provider_name: AZURERM, change: { actions: [data ? 'read' : 'create'], before: null, after: p.after, after_unknown: p.unknown, before_sensitive: false, after_sensitive: p.sensitive }, ...(data ? { action_reason: 'read_because_dependency_pending' } : {}) });
    plannedResources.push({ address, mode, type, name, provider_name: AZURERM, schema_version: schema.schemaVersion, values: p.after, sensitive_values: p.sensitive });
    configResources.push({ address, mode, type, name, provider_config_key: 'azurerm', ...(Object.keys(expressions).length > 0 ? { expressions } : {}), schema_version: schema.schemaVersion, ...(dependsOn ? { depends_on: dependsOn } : {}) });
  };
  for (const c of changes) {
    const schema = schemaOf(c.type, RESOURCE_SCHEMAS);
    const cfg = configuredArgs(c.after, c.afterUnknown, c.expressions, { ...schema.attrs, id: 'C string' }, c.address);
    entry(c.address, 'managed', c.type, c.name, schema, cfg, expressionsOf(schema.attrs, cfg, c.expressions, rewrite, c.address));
  }
  for (const address of [...readData].sort()) {
    const d = DATA_SOURCES[address];
    if (!d) throw new Error(`${address}: a data source the generator does not describe`);
    const schema = schemaOf(d.type, DATA_SOURCE_SCHEMAS);
    entry(address, 'data', d.type, d.name, schema, d.args, expressionsOf(schema.attrs, d.args, undefined, rewrite, address), [changes[0].address]);
  }
  const byAddress = (a: Obj, b: Obj): number => ((a.address as string) < (b.address as string) ? -1 : (a.address as string) > (b.address as string) ? 1 : 0);
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: { resources: plannedResources.sort(byAddress) } },
    resource_changes: resourceChanges.sort(byAddress),
    configuration: {
      provider_config: { azurerm: { name: 'azurerm', full_name: AZURERM, version_constraint: '4.55.0', expressions: { features: [{}], subscription_id: { constant_value: '00000000-0000-0000-0000-0000000000a1' } } } },
      root_module: { resources: configResources.sort(byAddress) },
    },
    relevant_attributes: relevant,
    timestamp: '2025-06-02T09:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}
