/**
 * Reads `terraform show -json <planfile>` output (format 0.x / 1.x): each `resource_changes` entry becomes an
 * instance with its planned values (`change.after`), values unknown before apply (`change.after_unknown`) as Unknown,
 * and its Terraform address with the module path. Deletes are not evaluated (nothing is sent for them). A value
 * unknown in the plan whose configuration expression is a single reference to another resource's attribute becomes
 * a `TfRef` (so an association can be linked to its subnet); an unknown value of an argument the configuration does
 * not set is a computed attribute that azurerm does not send on create, and is left out.
 *
 * `terraform show -json` of a state (no `resource_changes`, `values.root_module`) is read too: every resource as it
 * exists, all values known.
 */
import { InvalidInput, NotTranslated, TfInstance, TranslationNote } from './model';
import { LIMITS, TfObject, TfRef, TfValue, UNKNOWN, Unknown, dict, own, put, toTfValue } from './values';

type Json = Record<string, unknown>;

const hasOwn = Object.prototype.hasOwnProperty;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a parsed JSON document looks like `terraform show -json` output (a plan or a state). */
export function isPlanJson(json: unknown): boolean {
  if (!isRecord(json)) return false;
  return typeof own(json, 'format_version') === 'string' && (Array.isArray(own(json, 'resource_changes')) || isRecord(own(json, 'planned_values')) || isRecord(own(json, 'values')));
}

const NOT_RESOURCES = new Set(['var', 'local', 'data', 'module', 'each', 'count', 'path', 'terraform', 'self']);

/** [a-z] */
function isLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

/** [A-Za-z_] */
function isNameStart(c: number): boolean {
  return isLower(c) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

/** [0-9] */
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Where the attribute of a resource attribute reference starts, or -1 when `r` is not one. The grammar is that of
 * the regular expression `^([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\[[^\]]*\])?)\.([A-Za-z_][A-Za-z0-9_]*)$`
 * (type, name, an optional instance key, attribute), read with character codes: no match arrays, no substrings.
 * `typeEnd` receives the index of the dot after the type, for the check against `NOT_RESOURCES`.
 */
export function refAttributeStart(r: string, typeEnd: { at: number }): number {
  const n = r.length;
  let i = 0;
  if (n === 0 || !isLower(r.charCodeAt(0))) return -1;
  for (i = 1; i < n; i++) {
    const c = r.charCodeAt(i);
    if (!(isLower(c) || isDigit(c) || c === 0x5f)) break;
  }
  if (i >= n || r.charCodeAt(i) !== 0x2e) return -1; // .
  typeEnd.at = i;
  i++;
  if (i >= n || !isNameStart(r.charCodeAt(i))) return -1;
  for (i++; i < n; i++) {
    const c = r.charCodeAt(i);
    if (!(isNameStart(c) || isDigit(c) || c === 0x2d)) break;
  }
  if (i < n && r.charCodeAt(i) === 0x5b) {
    // [ ... ]: anything but ], then ]
    const close = r.indexOf(']', i + 1);
    if (close < 0) return -1;
    i = close + 1;
  }
  if (i >= n || r.charCodeAt(i) !== 0x2e) return -1; // .
  const attribute = ++i;
  if (i >= n || !isNameStart(r.charCodeAt(i))) return -1;
  for (i++; i < n; i++) {
    const c = r.charCodeAt(i);
    if (!(isNameStart(c) || isDigit(c))) return -1;
  }
  return attribute;
}

/** Scratch output of refAttributeStart. */
const TYPE_END = { at: 0 };

/** Whether the type part of a reference (`r` up to `end`) names something other than a resource (`var`, `local`, ...). */
function notResource(r: string, end: number): boolean {
  // Resource types hold an underscore (provider_type); none of the other words do.
  for (let i = 0; i < end; i++) if (r.charCodeAt(i) === 0x5f) return false;
  return NOT_RESOURCES.has(r.slice(0, end));
}

/** The resource reference of a configuration expression, when it is exactly one resource attribute (one pass, no lists built). */
function singleRef(expr: unknown, modulePath: string): TfRef | undefined {
  if (!isRecord(expr)) return undefined;
  const refs = own(expr, 'references');
  if (!Array.isArray(refs)) return undefined;
  let first: string | undefined;
  let attribute = 0;
  let target = '';
  for (let k = 0; k < refs.length; k++) {
    const r: unknown = refs[k];
    if (typeof r !== 'string') continue;
    const at = refAttributeStart(r, TYPE_END);
    if (at < 0 || notResource(r, TYPE_END.at)) continue;
    if (first === undefined) {
      first = r;
      attribute = at;
      target = r.slice(0, at - 1);
    } else if (at !== attribute || !r.startsWith(target)) return undefined; // attributes of two resources
  }
  if (first === undefined) return undefined;
  return new TfRef(`${modulePath ? modulePath + '.' : ''}${target}`, first.slice(attribute));
}

/**
 * Merges `after` and `after_unknown` into one value. `exprs` is the configuration expression of the same node
 * (undefined when the plan has no configuration, null when the user did not set it).
 */
function mergeUnknown(after: unknown, unknown: unknown, exprs: unknown, modulePath: string, depth: number, knownConfig: boolean): TfValue | undefined {
  // No unknown below: the planned value as parsed (JSON.parse makes own data properties, `__proto__` included).
  if (unknown !== true && !hasTrue(unknown, 0)) return after === undefined || after === null || typeof after !== 'object' || depth < LIMITS.maxDepth ? (after as TfValue | undefined) : UNKNOWN;
  if (unknown === true) {
    if (knownConfig && (exprs === undefined || exprs === null)) return undefined; // computed, not set by the user
    return singleRef(exprs, modulePath) ?? UNKNOWN;
  }
  if (depth >= LIMITS.maxDepth) return UNKNOWN;
  if (Array.isArray(after) || Array.isArray(unknown)) {
    const a = Array.isArray(after) ? after : [];
    const u = Array.isArray(unknown) ? unknown : [];
    const e = Array.isArray(exprs) ? exprs : [];
    const n = Math.max(a.length, u.length);
    const out: TfValue[] = [];
    for (let i = 0; i < n; i++) {
      // Set blocks are not in configuration order; one configured block (the common case) matches every element.
      const ei = e.length === n ? e[i] : e.length === 1 ? e[0] : knownConfig && e.length === 0 ? null : undefined;
      const v = mergeUnknown(a[i], u[i], ei, modulePath, depth + 1, knownConfig && ei !== undefined);
      out.push(v === undefined ? UNKNOWN : v);
    }
    return out;
  }
  if (isRecord(after) || isRecord(unknown)) {
    const out = dict();
    mergeRecord(out, isRecord(after) ? after : {}, isRecord(unknown) ? unknown : {}, exprs, modulePath, depth, knownConfig, false);
    return out;
  }
  return after === undefined ? undefined : toTfValue(after);
}

/**
 * The members of a record node, merged, written into `out`: `after`'s in order, then those only `after_unknown` has.
 * `dropNull` leaves null values out (a resource's top level: plans list every schema attribute, null means "not set").
 */
function mergeRecord(out: TfObject, a: Json, u: Json, exprs: unknown, modulePath: string, depth: number, knownConfig: boolean, dropNull: boolean): void {
  const e = isRecord(exprs) && !('constant_value' in exprs) && !('references' in exprs) ? exprs : undefined;
  const constant = isRecord(exprs) && 'constant_value' in exprs ? exprs.constant_value : undefined;
  const knownBelow = knownConfig && (e !== undefined || isRecord(constant));
  // for-in with the own-property check visits the keys Object.keys lists, in its order, without building the list.
  for (const k in a) {
    if (!hasOwn.call(a, k)) continue;
    const ak = a[k] as TfValue; // an own member (`__proto__` included: JSON.parse makes own data properties)
    const uk = own(u, k);
    // Nothing unknown below (the common case): the planned value as parsed, as mergeUnknown returns it.
    const v = uk === undefined || uk === false ? (ak === null || typeof ak !== 'object' || depth + 1 < LIMITS.maxDepth ? ak : UNKNOWN) : mergeUnknown(ak, uk, exprOf(e, constant, k), modulePath, depth + 1, knownBelow);
    if (v !== undefined && !(dropNull && v === null)) put(out, k, v);
  }
  for (const k in u) {
    if (!hasOwn.call(u, k) || hasOwn.call(a, k)) continue;
    const v = mergeUnknown(undefined, u[k], exprOf(e, constant, k), modulePath, depth + 1, knownBelow);
    if (v !== undefined && !(dropNull && v === null)) put(out, k, v);
  }
}

/** The configuration expression of member `k`: of the block's expressions `e`, or of a constant object (mergeRecord). */
function exprOf(e: Json | undefined, constant: unknown, k: string): unknown {
  return e ? (own(e, k) ?? null) : isRecord(constant) ? own(constant, k) : undefined;
}

/** Whether an after_unknown structure marks anything unknown. */
function hasTrue(u: unknown, depth: number): boolean {
  if (u === true) return true;
  if (u === null || typeof u !== 'object' || depth > LIMITS.maxDepth) return false;
  if (Array.isArray(u)) return u.some((e) => hasTrue(e, depth + 1));
  for (const k in u as Record<string, unknown>) if (hasTrue((u as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

interface ConfigResource {
  readonly expressions?: Json;
  readonly providerKey?: string;
}

/** Index of configuration resources by module path (no instance keys) and address. */
function configIndex(plan: Json): Map<string, ConfigResource> | undefined {
  const configuration = own(plan, 'configuration');
  if (!isRecord(configuration)) return undefined;
  const out = new Map<string, ConfigResource>();
  const walk = (mod: unknown, prefix: string, depth: number): void => {
    if (!isRecord(mod) || depth > LIMITS.maxModuleDepth * 2) return;
    const resources = own(mod, 'resources');
    if (Array.isArray(resources)) {
      for (let i = 0; i < resources.length; i++) {
        const r: unknown = resources[i];
        if (!isRecord(r) || typeof r.address !== 'string') continue;
        out.set(prefix + r.address, { expressions: isRecord(r.expressions) ? r.expressions : {}, providerKey: typeof r.provider_config_key === 'string' ? r.provider_config_key : undefined });
      }
    }
    const calls = own(mod, 'module_calls');
    if (isRecord(calls)) for (const name of Object.keys(calls)) if (isRecord(calls[name])) walk(own(calls[name] as Json, 'module'), `${prefix}module.${name}.`, depth + 1);
  };
  walk(own(configuration, 'root_module'), '', 0);
  return out;
}

/** `module.a["x"].module.b[0].azurerm_x.y[1]` -> `module.a.module.b.azurerm_x.y` (configuration address). */
function configAddress(address: string): string {
  return !address.includes('[') ? address : address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, '');
}

function providerSettings(plan: Json): Map<string, { subscriptionId?: string | Unknown; tenantId?: string }> {
  const out = new Map<string, { subscriptionId?: string | Unknown; tenantId?: string }>();
  const configuration = own(plan, 'configuration');
  const providers = isRecord(configuration) ? own(configuration, 'provider_config') : undefined;
  const variables = own(plan, 'variables');
  if (!isRecord(providers)) return out;
  const valueOf = (expr: unknown): string | Unknown | undefined => {
    if (!isRecord(expr)) return undefined;
    if (typeof expr.constant_value === 'string') return expr.constant_value;
    const refs = own(expr, 'references');
    if (Array.isArray(refs) && typeof refs[0] === 'string' && refs[0].startsWith('var.') && isRecord(variables)) {
      const v = own(variables, refs[0].slice(4));
      if (isRecord(v) && typeof v.value === 'string') return v.value;
    }
    return refs !== undefined ? UNKNOWN : undefined;
  };
  for (const key of Object.keys(providers)) {
    const p = providers[key];
    if (!isRecord(p)) continue;
    const exprs = isRecord(p.expressions) ? p.expressions : {};
    const sub = valueOf(own(exprs, 'subscription_id'));
    const ten = valueOf(own(exprs, 'tenant_id'));
    out.set(key, { subscriptionId: sub, tenantId: typeof ten === 'string' ? ten : undefined });
  }
  return out;
}

const ACTIONS: Record<string, TfInstance['action'] | 'skip'> = {
  create: 'create',
  update: 'update',
  'no-op': 'no-op',
  read: 'read',
  'delete,create': 'replace',
  'create,delete': 'replace',
  delete: 'skip',
  forget: 'skip',
};

function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return isRecord(v) ? 'an object' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : typeof v === 'string' ? 'a string' : 'missing';
}

/**
 * Reads a plan (or state) JSON document. An entry that `terraform show -json` never writes (not an object, no
 * address or type, a change without planned values) is `invalid` (listed under `notRead` when it has an address and
 * type): it is not evaluated and the scan is incomplete. Instances past LIMITS.maxResources are listed under
 * `notRead`, one entry per resource block with the number cut.
 */
export function readPlan(plan: unknown, file: string | undefined, firstIndex = 0): { instances: TfInstance[]; notes: TranslationNote[]; notRead: NotTranslated[]; invalid: InvalidInput[] } {
  const notes: TranslationNote[] = [];
  const instances: TfInstance[] = [];
  const notRead: NotTranslated[] = [];
  const invalid: InvalidInput[] = [];
  if (!isRecord(plan)) return { instances, notes: [{ message: 'not a Terraform plan' }], notRead, invalid: [{ ...(file !== undefined ? { file } : {}), reason: 'not a Terraform plan (terraform show -json writes an object)' }] };
  const config = configIndex(plan);
  const providers = providerSettings(plan);
  if (!config) notes.push({ message: 'the plan has no "configuration" section: unknown values of arguments the configuration may not set are kept as unknown' });
  let index = firstIndex;
  const bad = (where: string, r: unknown, reason: string): void => {
    const address = isRecord(r) && typeof r.address === 'string' && r.address !== '' ? r.address : undefined;
    const type = isRecord(r) && typeof r.type === 'string' && r.type !== '' ? r.type : undefined;
    invalid.push({ ...(file !== undefined ? { file } : {}), ...(address ? { address } : {}), ...(type ? { type } : {}), reason: `${where}${address ? ` (${address})` : ''}: ${reason}; terraform show -json does not write this: it is not evaluated` });
    if (address && type && !(isRecord(r) && r.mode === 'data')) notRead.push({ address, type });
  };
  // Instances past LIMITS.maxResources, by resource block (configuration address).
  const cut = new Map<string, { type: string; count: number }>();
  let cutTotal = 0;
  const changes = own(plan, 'resource_changes');
  const push = (r: Json, after: unknown, afterUnknown: unknown, action: TfInstance['action']): void => {
    const address = r.address as string;
    const type = r.type as string;
    if (instances.length >= LIMITS.maxResources) {
      const block = configAddress(address);
      const c = cut.get(block);
      if (c) c.count++;
      else cut.set(block, { type, count: 1 });
      cutTotal++;
      return;
    }
    const modulePath = typeof r.module_address === 'string' ? r.module_address : '';
    const conf = config?.get(configAddress(address));
    const exprs = conf?.expressions;
    const known = conf !== undefined;
    // The planned values merged with their unknowns, without nulls (plans list every schema attribute; null means "not set").
    const values = dict();
    mergeRecord(values, isRecord(after) ? after : {}, isRecord(afterUnknown) ? afterUnknown : {}, exprs ?? undefined, modulePath, 0, known, true);
    const providerKey = conf?.providerKey;
    const prov = (providerKey && (providers.get(providerKey) ?? providers.get(providerKey.replace(/^.*:/, '')))) || providers.get(type.split('_')[0]);
    const instNotes: string[] = [];
    if (config && !conf) instNotes.push('not found in the plan\'s configuration section: unknown values are kept as unknown');
    const id = isRecord(after) && typeof after.id === 'string' && after.id.startsWith('/') ? after.id : undefined;
    instances.push({
      address,
      mode: r.mode === 'data' ? 'data' : 'managed',
      type,
      name: typeof r.name === 'string' ? r.name : '',
      modulePath,
      values,
      subscriptionId: prov?.subscriptionId,
      tenantId: prov?.tenantId,
      action,
      file,
      typed: true,
      knownId: id,
      userArgs: exprs ? new Set(Object.keys(exprs)) : undefined,
      index: index++,
      notes: instNotes,
    });
  };
  const done = (): { instances: TfInstance[]; notes: TranslationNote[]; notRead: NotTranslated[]; invalid: InvalidInput[] } => {
    for (const [address, c] of cut) notRead.push({ address, type: c.type, count: c.count });
    if (cutTotal > 0) notes.push({ message: `more than ${LIMITS.maxResources} resource instances: the other ${cutTotal} are not evaluated (listed under notTranslated, one entry per resource block)` });
    return { instances, notes, notRead, invalid };
  };
  /** Whether an entry has what every resource of `terraform show -json` has; reports it otherwise. */
  /** `list[i]` is the entry's place in the input, written only when it is reported. */
  const wellFormed = (list: string, i: number, r: unknown): r is Json => {
    if (!isRecord(r)) {
      bad(`${list}[${i}]`, r, `${describeJson(r)}, not an object`);
      return false;
    }
    if (typeof r.address !== 'string' || r.address === '' || typeof r.type !== 'string' || r.type === '') {
      bad(`${list}[${i}]`, r, `"address" is ${describeJson(r.address)} and "type" is ${describeJson(r.type)}, both must be non-empty strings`);
      return false;
    }
    return true;
  };
  if (changes !== undefined && !Array.isArray(changes)) {
    invalid.push({ ...(file !== undefined ? { file } : {}), reason: `"resource_changes" is ${describeJson(changes)}, not an array; terraform show -json does not write this: the planned changes are not evaluated` });
  }
  if (Array.isArray(changes)) {
    for (let i = 0; i < changes.length; i++) {
      const r: unknown = changes[i];
      if (isRecord(r) && (r.mode === 'data' || r.deposed !== undefined)) continue;
      if (!wellFormed('resource_changes', i, r)) continue;
      const change = own(r, 'change');
      if (!isRecord(change)) {
        bad(`resource_changes[${i}]`, r, `"change" is ${describeJson(change)}, not an object`);
        continue;
      }
      // The actions as one string (a single action, the common case, is that string: no join).
      const list = change.actions;
      const actions = Array.isArray(list) ? (list.length === 1 && typeof list[0] === 'string' ? list[0] : list.join(',')) : '';
      const action = ACTIONS[actions];
      if (action === 'skip') continue;
      if (action === undefined) {
        notes.push({ address: r.address as string, message: `unknown plan action ${JSON.stringify(change.actions)}: evaluated as an update` });
      }
      if (!isRecord(change.after)) {
        // Only a delete has no planned values (after: null), and deletes are skipped above.
        bad(`resource_changes[${i}]`, r, `"change.after" is ${describeJson(change.after)}, not an object (the planned values of a ${actions || 'change'})`);
        continue;
      }
      push(r, change.after, change.after_unknown, action ?? 'update');
    }
    return done();
  }
  // A state (terraform show -json without a plan), or a plan without resource_changes: planned or current values.
  const values = own(plan, 'planned_values') ?? own(plan, 'values');
  if (!isRecord(changes) && own(plan, 'planned_values') !== undefined) notes.push({ message: 'the plan has no "resource_changes": planned values are read without their unknowns (values unknown before apply are missing)' });
  const section = own(plan, 'planned_values') !== undefined ? 'planned_values' : 'values';
  const walk = (mod: unknown, where: string, depth: number): void => {
    if (!isRecord(mod)) {
      if (mod !== undefined) invalid.push({ ...(file !== undefined ? { file } : {}), reason: `${where} is ${describeJson(mod)}, not an object; terraform show -json does not write this: the resources in it are not evaluated` });
      return;
    }
    if (depth > LIMITS.maxModuleDepth * 2) {
      invalid.push({ ...(file !== undefined ? { file } : {}), reason: `${where}: modules nested more than ${LIMITS.maxModuleDepth * 2} deep: the resources in it are not evaluated` });
      return;
    }
    const resources = own(mod, 'resources');
    if (resources !== undefined && !Array.isArray(resources)) invalid.push({ ...(file !== undefined ? { file } : {}), reason: `${where}.resources is ${describeJson(resources)}, not an array; terraform show -json does not write this: the resources in it are not evaluated` });
    if (Array.isArray(resources)) {
      for (let i = 0; i < resources.length; i++) {
        const r: unknown = resources[i];
        if (isRecord(r) && r.mode === 'data') continue;
        if (!wellFormed(`${where}.resources`, i, r)) continue;
        if (!isRecord(r.values)) {
          bad(`${where}.resources[${i}]`, r, `"values" is ${describeJson(r.values)}, not an object`);
          continue;
        }
        push({ ...r, module_address: typeof mod.address === 'string' ? mod.address : '' }, r.values, undefined, 'no-op');
      }
    }
    const children = own(mod, 'child_modules');
    if (children !== undefined && !Array.isArray(children)) invalid.push({ ...(file !== undefined ? { file } : {}), reason: `${where}.child_modules is ${describeJson(children)}, not an array; terraform show -json does not write this: the modules in it are not evaluated` });
    if (Array.isArray(children)) children.forEach((c, i) => walk(c, `${where}.child_modules[${i}]`, depth + 1));
  };
  if (isRecord(values)) walk(own(values, 'root_module'), `${section}.root_module`, 0);
  return done();
}
