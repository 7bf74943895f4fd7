/**
 * The translation engine: applies the per-type tables (`types/`) to resource instances and produces the ARM
 * resources Azure Policy evaluates on the create/update request (contract C3 `AssessResource`s, holding C1 UNKNOWN
 * where a value is known only after apply). Child resources (inline NSG rules, subnets, blobServices) and linked
 * resources (associations, standalone rules) appear as Azure shows them.
 */
import { containsUnknown, numberToString, tfToBool, tfToNumber, tfToString } from './expressions';
import { ArgType, ArmObject, ArmValue, BlockSpec, ChildSpec, CustomTranslator, Field, FieldContext, MergeSpec, OMIT, Omit, ResourceMapping, TypeMapping, isCustom } from './mapping';
import { TerraformInput, TfInstance, TranslationNote } from './model';
import { mappingFor } from './types';
import { LIMITS, TfRef, TfValue, UNKNOWN, Unknown, dict, isTfObject, isUnknown, isUnknownValue, own, put, showValue } from './values';

/** Contract C3: one resource for the assessment runner. */
export interface AssessResource {
  readonly resource: Record<string, unknown>;
  readonly index: number;
  readonly file?: string;
  readonly line?: number;
  readonly address?: string;
  readonly constructPath?: string;
  readonly apiVersion?: string;
  readonly view?: 'request' | 'resource';
}

/** What a translation produced. */
export interface TranslationResult {
  /** ARM resources (request view), in input order; children follow their parent. */
  readonly resources: AssessResource[];
  /** azurerm / azapi resources without a mapping: never counted compliant. */
  readonly notTranslated: { address: string; type: string }[];
  /** Notes: per resource (unmapped arguments, placeholders, values not known) and for the input as a whole. */
  readonly notes: TranslationNote[];
  /** Resource instances translated (a resource with children counts once). */
  readonly translated: number;
  /** Resource instances of other providers (random, azuread, ...): not Azure Resource Manager resources. */
  readonly otherProviders: number;
}

/** Subscription used in ids when the configuration names none (never read from the environment). */
export const PLACEHOLDER_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

const EVALUATED_PROVIDERS = new Set(['azurerm', 'azapi']);

// ---------------------------------------------------------------------------------------------------------------
// Value conversion (Terraform's, per schema type)

function toArm(v: TfValue, depth = 0): ArmValue {
  if (isUnknownValue(v)) return UNKNOWN;
  if (depth > LIMITS.maxDepth) return UNKNOWN;
  if (Array.isArray(v)) return v.map((e) => toArm(e, depth + 1));
  if (isTfObject(v)) {
    const out = dict<ArmValue>();
    for (const k of Object.keys(v)) put(out, k, toArm(v[k], depth + 1));
    return out;
  }
  return v;
}

/** Converts a resolved value to the argument's schema type; undefined for null (not set). */
export function convert(v: TfValue | undefined, type: ArgType, notes: string[], arg: string): ArmValue | undefined {
  if (v === undefined || v === null) return undefined;
  if (isUnknownValue(v)) return UNKNOWN;
  try {
    switch (type) {
      case 'string':
        if (typeof v === 'object') throw new Error(`expected a string`);
        return tfToString(v);
      case 'bool':
        if (typeof v === 'object') throw new Error('expected a bool');
        return tfToBool(v);
      case 'number':
        if (typeof v === 'object') throw new Error('expected a number');
        return tfToNumber(v);
      case 'strings': {
        const list = Array.isArray(v) ? v : [v];
        return list.map((e) => (isUnknownValue(e) ? UNKNOWN : e === null ? null : typeof e === 'object' ? UNKNOWN : tfToString(e)));
      }
      case 'map': {
        if (!isTfObject(v)) throw new Error('expected a map');
        const out = dict<ArmValue>();
        for (const k of Object.keys(v)) {
          const e = v[k];
          put(out, k, isUnknownValue(e) ? UNKNOWN : e === null ? null : typeof e === 'object' ? UNKNOWN : tfToString(e));
        }
        return out;
      }
      case 'any':
        return toArm(v);
    }
  } catch (e) {
    notes.push(`argument ${arg}: ${showValue(v)} is not a valid ${type} (${(e as Error).message}); its value is treated as unknown`);
    return UNKNOWN;
  }
}

function clone(v: ArmValue, depth = 0): ArmValue {
  if (Array.isArray(v)) return v.map((e) => clone(e, depth + 1));
  if (v !== null && typeof v === 'object' && !isUnknown(v)) {
    const out = dict<ArmValue>();
    for (const k of Object.keys(v)) put(out, k, clone((v as ArmObject)[k], depth + 1));
    return out;
  }
  return v;
}

function isEmpty(v: ArmValue): boolean {
  if (v === '' || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v !== null && typeof v === 'object' && !isUnknown(v)) return Object.keys(v).length === 0;
  return false;
}

/** Sets a dotted path, creating null-prototype objects on the way; a path through UNKNOWN is left as it is. */
const PATHS = new Map<string, string[]>();

export function setPath(target: ArmObject, path: string, value: ArmValue): void {
  let parts = PATHS.get(path);
  if (!parts) {
    parts = path.split('.');
    if (PATHS.size < 10_000) PATHS.set(path, parts);
  }
  let cur: ArmObject = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = own(cur, parts[i]);
    if (next === undefined || next === null) {
      const o = dict<ArmValue>();
      cur[parts[i]] = o;
      cur = o;
    } else if (typeof next === 'object' && !Array.isArray(next) && !isUnknown(next)) cur = next as ArmObject;
    else return;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Reads a dotted path. */
export function getPath(target: ArmValue, path: string): ArmValue | undefined {
  let cur: ArmValue | undefined = target;
  for (const p of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur) || isUnknown(cur)) return isUnknown(cur) ? UNKNOWN : undefined;
    cur = own(cur as ArmObject, p);
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------------------------

/** The FieldContext of one block (a class: one allocation per block, no closures). */
class Ctx implements FieldContext {
  constructor(
    private readonly t: Translation,
    public readonly instance: TfInstance,
    private readonly values: Record<string, TfValue>,
    private readonly notes: string[],
    public readonly parent?: FieldContext,
  ) {}

  public raw(arg: string): TfValue | undefined {
    const v = own(this.values, arg);
    return v === null ? undefined : v;
  }

  public has(arg: string): boolean {
    return this.raw(arg) !== undefined;
  }

  public get(arg: string, type: ArgType = 'string'): ArmValue | undefined {
    const v = this.raw(arg);
    if (v === undefined) return undefined;
    if (typeof v === 'string' && type === 'string') return v;
    return convert(v, type, this.notes, arg);
  }

  public idOf(v: TfValue | undefined): string | Unknown {
    return this.t.idOf(v);
  }

  public note(m: string): void {
    this.notes.push(m);
  }
}

interface Built {
  readonly instance: TfInstance;
  readonly mapping: TypeMapping;
  readonly resources: { resource: ArmObject; apiVersion?: string }[];
}

class Translation {
  private readonly byAddress = new Map<string, TfInstance>();
  private readonly idMemo = new Map<string, string | Unknown>();
  private readonly idInProgress = new Set<string>();
  private readonly built = new Map<string, Built>();
  private readonly byId = new Map<string, ArmObject>();
  public readonly notes: TranslationNote[] = [];
  private placeholderNoted = false;

  constructor(private readonly instances: readonly TfInstance[]) {
    for (const i of instances) if (i.mode === 'managed') this.byAddress.set(i.address, i);
  }

  public subscriptionOf(instance: TfInstance, note?: (m: string) => void): string | Unknown {
    if (typeof instance.subscriptionId === 'string' && instance.subscriptionId) return instance.subscriptionId;
    if (isUnknown(instance.subscriptionId)) return UNKNOWN;
    if (!this.placeholderNoted) {
      this.placeholderNoted = true;
      this.notes.push({ message: `no subscription_id in the azurerm provider configuration: resource ids use the placeholder subscription ${PLACEHOLDER_SUBSCRIPTION}` });
    }
    void note;
    return PLACEHOLDER_SUBSCRIPTION;
  }

  public context(instance: TfInstance, values: Record<string, TfValue>, notes: string[], parent?: FieldContext): FieldContext {
    return new Ctx(this, instance, values, notes, parent);
  }

  /** The ARM id a value stands for (literal id, or the built id of the referenced resource). */
  public idOf(v: TfValue | undefined): string | Unknown {
    if (typeof v === 'string') return v;
    if (v instanceof TfRef && v.attribute === 'id') {
      const target = this.byAddress.get(v.address);
      if (target) return this.idFor(target);
    }
    return UNKNOWN;
  }

  /** The id of an instance's main ARM resource, built from its configuration (memoised, cycle-safe). */
  public idFor(instance: TfInstance): string | Unknown {
    const memo = this.idMemo.get(instance.address);
    if (memo !== undefined) return memo;
    if (instance.knownId) return instance.knownId;
    if (this.idInProgress.has(instance.address)) return UNKNOWN;
    const mapping = mappingFor(instance.type);
    if (!mapping || isCustom(mapping) && !mapping.id) return UNKNOWN;
    this.idInProgress.add(instance.address);
    const scratch: string[] = [];
    const ctx = this.context(instance, instance.values, scratch);
    let id: string | Unknown;
    if (isCustom(mapping)) id = mapping.id ? mapping.id(ctx, { subscription: this.subscriptionOf(instance), notTranslated: () => undefined }) : UNKNOWN;
    else id = this.buildId(mapping.id, ctx, instance);
    this.idInProgress.delete(instance.address);
    this.idMemo.set(instance.address, id);
    return id;
  }

  public buildId(templates: string | readonly string[], ctx: FieldContext, instance: TfInstance): string | Unknown {
    const list = typeof templates === 'string' ? [templates] : templates;
    let compiled = compileIdTemplate(list[0]);
    if (list.length > 1) {
      for (const t of list) {
        const c = compileIdTemplate(t);
        if (c.args.every((a) => a === 'subscription' || ctx.has(a))) {
          compiled = c;
          break;
        }
      }
    }
    let id = '';
    for (const part of compiled.parts) {
      if (typeof part === 'string') {
        id += part;
        continue;
      }
      if (part.arg === 'subscription') {
        const sub = this.subscriptionOf(instance);
        if (isUnknown(sub)) return UNKNOWN;
        id += sub;
      } else if (part.asId) {
        const v = this.idOf(ctx.raw(part.arg));
        if (isUnknown(v)) return UNKNOWN;
        id += v.replace(/\/+$/, '');
      } else {
        const v = ctx.get(part.arg, 'string');
        if (typeof v !== 'string') return UNKNOWN;
        id += v;
      }
    }
    return id;
  }

  // -------------------------------------------------------------------------------------------------------------

  public fieldValue(f: Field, ctx: FieldContext): ArmValue | Omit | undefined {
    if (f.value !== undefined) return clone(f.value);
    if (f.compute) return f.compute(ctx);
    if (f.block) return this.blockValue(f, f.block, ctx);
    if (!f.arg) return undefined;
    let v = ctx.get(f.arg, f.type ?? 'string');
    if (v === undefined && f.legacyArgs) {
      for (const a of f.legacyArgs) {
        v = ctx.get(a, f.type ?? 'string');
        if (v !== undefined) break;
      }
    }
    if (v === undefined) {
      if (f.required) ctx.note(`required argument ${f.arg} is not set`);
      if (f.default === undefined) return undefined;
      const d = typeof f.default === 'function' ? f.default(ctx) : clone(f.default);
      return d;
    }
    if (f.map && (f.unknownAware || !isUnknown(v))) return f.map(v, ctx);
    return v;
  }

  private blockValue(f: Field, spec: BlockSpec, ctx: FieldContext): ArmValue | Omit | undefined {
    const raw = f.arg ? ctx.raw(f.arg) : undefined;
    const absent = (): ArmValue | Omit | undefined => {
      if (spec.absent !== undefined) return typeof spec.absent === 'function' ? spec.absent(ctx) : clone(spec.absent);
      return spec.list && spec.emptyList ? [] : undefined;
    };
    if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) {
      if (f.required) ctx.note(`required block ${f.arg} is not set`);
      return absent();
    }
    if (isUnknownValue(raw)) return UNKNOWN;
    const items = Array.isArray(raw) ? raw : [raw];
    const out: ArmValue[] = [];
    for (const item of items) {
      if (isUnknownValue(item)) {
        out.push(UNKNOWN);
        continue;
      }
      if (!isTfObject(item)) continue;
      const subNotes: string[] = [];
      const subCtx = this.context(ctx.instance, item, subNotes, ctx);
      if (spec.filter && !spec.filter(subCtx)) continue;
      const obj = dict<ArmValue>();
      this.applyFields(spec.fields, subCtx, obj);
      subNotes.forEach((m) => ctx.note(`${f.arg}: ${m}`));
      out.push(obj);
      if (!spec.list) break;
    }
    if (!spec.list) return out.length ? out[0] : absent();
    return out;
  }

  public applyFields(fields: readonly Field[], ctx: FieldContext, target: ArmObject): void {
    for (const f of fields) {
      if (f.when && !f.when(ctx)) continue;
      const v = this.fieldValue(f, ctx);
      if (v === undefined || v === OMIT) continue;
      if (f.omitEmpty && isEmpty(v)) continue;
      if (f.concat) {
        const prev = getPath(target, f.to);
        if (prev !== undefined) {
          setPath(target, f.to, Array.isArray(prev) && Array.isArray(v) ? [...prev, ...v] : UNKNOWN);
          continue;
        }
      }
      setPath(target, f.to, v);
    }
  }

  // -------------------------------------------------------------------------------------------------------------

  public translateTable(instance: TfInstance, mapping: ResourceMapping, notes: string[]): Built {
    const ctx = this.context(instance, instance.values, notes);
    const resource = dict<ArmValue>();
    const id = instance.knownId ?? this.idFor(instance);
    const nameArg = mapping.name ?? 'name';
    const name = typeof nameArg === 'function' ? nameArg(ctx) : (ctx.get(nameArg, 'string') ?? UNKNOWN);
    resource.id = id;
    resource.name = name;
    resource.type = mapping.armType;
    const locArg = mapping.location === undefined ? 'location' : mapping.location;
    if (locArg) {
      const loc = ctx.get(locArg, 'string');
      if (loc !== undefined) resource.location = typeof loc === 'string' ? loc.toLowerCase().replace(/ /g, '') : loc;
    }
    const tagsArg = mapping.tags === undefined ? 'tags' : mapping.tags;
    if (tagsArg) {
      const tags = ctx.get(tagsArg, 'map');
      // tags.Expand sends {} for no tags.
      resource.tags = tags ?? dict<ArmValue>();
    }
    this.applyFields(mapping.fields, ctx, resource);
    notes.push(...(mapping.notes ?? []));
    mapping.check?.(ctx);
    for (const a of mapping.afterCreate ?? []) {
      // An empty block list (plans hold `[]` for every absent block) is not set.
      const v = ctx.raw(a);
      if (v !== undefined && !(Array.isArray(v) && v.length === 0)) notes.push(`${a} is applied by a second request after create: it is not in the create body evaluated here`);
    }
    const resources: { resource: ArmObject; apiVersion?: string }[] = [];
    if (mapping.standalone !== false) resources.push({ resource, apiVersion: mapping.apiVersion });
    for (const child of mapping.children ?? []) resources.push(...this.children(child, resource, ctx, mapping));
    return { instance, mapping, resources };
  }

  private children(spec: ChildSpec, parent: ArmObject, ctx: FieldContext, mapping: ResourceMapping): { resource: ArmObject; apiVersion?: string }[] {
    const parentId = parent.id;
    const childId = (name: ArmValue): ArmValue => (typeof parentId === 'string' && typeof name === 'string' ? `${parentId}/${spec.segment}/${name}` : UNKNOWN);
    if ('fromArray' in spec) {
      const arr = getPath(parent, spec.fromArray);
      if (!Array.isArray(arr)) return [];
      const out: { resource: ArmObject; apiVersion?: string }[] = [];
      for (const e of arr) {
        if (e === null || typeof e !== 'object' || Array.isArray(e) || isUnknown(e)) continue;
        const el = e as ArmObject;
        const name = own(el, 'name') ?? UNKNOWN;
        const child = dict<ArmValue>();
        child.id = childId(name);
        child.name = name;
        child.type = spec.armType;
        if (own(el, 'properties') !== undefined) child.properties = spec.properties ? spec.properties(el.properties) : el.properties;
        out.push({ resource: child, apiVersion: spec.apiVersion ?? mapping.apiVersion });
      }
      return out;
    }
    if (!spec.when(ctx)) return [];
    const child = dict<ArmValue>();
    const name = typeof spec.name === 'function' ? spec.name(ctx) : spec.name;
    if (spec.idBase === 'parent') {
      // A sibling: the parent of this resource's id (the id without its last type/name pair) is the base.
      const cut = typeof parentId === 'string' ? parentId.lastIndexOf('/', parentId.lastIndexOf('/') - 1) : -1;
      child.id = cut > 0 && typeof name === 'string' ? `${(parentId as string).slice(0, cut)}/${spec.segment}/${name}` : UNKNOWN;
    } else child.id = childId(name);
    child.name = name;
    child.type = spec.armType;
    this.applyFields(spec.fields, ctx, child);
    return [{ resource: child, apiVersion: spec.apiVersion ?? mapping.apiVersion }];
  }

  private translateCustom(instance: TfInstance, mapping: CustomTranslator, notes: string[], notTranslated: { address: string; type: string }[]): Built {
    const ctx = this.context(instance, instance.values, notes);
    const resources = mapping.custom(ctx, {
      subscription: this.subscriptionOf(instance),
      notTranslated: (reason, what) => {
        notTranslated.push({ address: instance.address, type: what ?? instance.type });
        notes.push(reason);
      },
    });
    return { instance, mapping, resources: resources.map((r) => ({ resource: r.resource, apiVersion: r.apiVersion })) };
  }

  // -------------------------------------------------------------------------------------------------------------

  private merge(b: Built, spec: MergeSpec, notes: string[]): void {
    const ctx = this.context(b.instance, b.instance.values, notes);
    let target: ArmObject | undefined;
    let described: string;
    if ('idArg' in spec.target) {
      const raw = ctx.raw(spec.target.idArg);
      described = `${spec.target.idArg} ${showValue(raw)}`;
      if (raw instanceof TfRef) {
        const t = this.built.get(raw.address);
        target = t?.resources.find((r) => typeof r.resource.type === 'string' && r.resource.type.toLowerCase() === spec.targetType.toLowerCase())?.resource;
      } else if (typeof raw === 'string') target = this.byId.get(raw.toLowerCase());
    } else {
      const id = this.buildId(spec.target.idTemplate, ctx, b.instance);
      described = typeof id === 'string' ? id : `${spec.target.idTemplate} (not known before apply)`;
      if (typeof id === 'string') target = this.byId.get(id.toLowerCase());
    }
    if (!target) {
      notes.push(`its ${spec.targetType} (${described}) is not in the configuration: the ${spec.targetType} as Azure will show it (with ${spec.path}) is not evaluated`);
      return;
    }
    let value: ArmValue;
    if (spec.value === 'self') {
      const own0 = b.resources[0]?.resource;
      if (!own0) return;
      const el = dict<ArmValue>();
      el.name = own0.name;
      if (own(own0, 'properties') !== undefined) el.properties = own0.properties;
      value = el;
    } else {
      const obj = dict<ArmValue>();
      this.applyFields(spec.value, ctx, obj);
      value = obj;
    }
    if (spec.mode === 'set') {
      setPath(target, spec.path, value);
      return;
    }
    if (spec.mode === 'merge') {
      const existing = getPath(target, spec.path);
      if (isUnknown(existing)) return; // the target's object is not known before apply: it stays unknown
      if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) mergeInto(existing, value as ArmObject);
      else setPath(target, spec.path, value);
      return;
    }
    const existing = getPath(target, spec.path);
    if (isUnknown(existing)) return; // the target's list is not known before apply
    if (Array.isArray(existing)) existing.push(value);
    else setPath(target, spec.path, [value]);
  }

  // -------------------------------------------------------------------------------------------------------------

  public run(): TranslationResult {
    const resources: AssessResource[] = [];
    const notTranslated: { address: string; type: string }[] = [];
    let translated = 0;
    let otherProviders = 0;
    const order: Built[] = [];
    const perInstanceNotes = new Map<string, string[]>();
    for (const instance of this.instances) {
      if (instance.mode !== 'managed') continue;
      const provider = instance.type.split('_')[0];
      if (!EVALUATED_PROVIDERS.has(provider)) {
        otherProviders++;
        continue;
      }
      const mapping = mappingFor(instance.type);
      if (!mapping) {
        notTranslated.push({ address: instance.address, type: instance.type });
        continue;
      }
      const notes = [...instance.notes];
      perInstanceNotes.set(instance.address, notes);
      const built = isCustom(mapping) ? this.translateCustom(instance, mapping, notes, notTranslated) : this.translateTable(instance, mapping, notes);
      if (!isCustom(mapping)) unmappedArguments(instance, mapping, notes);
      translated++;
      this.built.set(instance.address, built);
      for (const r of built.resources) if (typeof r.resource.id === 'string') this.byId.set(r.resource.id.toLowerCase(), r.resource);
      order.push(built);
    }
    // Links: associations into subnets first, then subnets and rules into their parents (shared objects carry both).
    const merges = order.flatMap((b) => (isCustom(b.mapping) ? [] : (b.mapping.merge ?? []).map((spec) => ({ b, spec }))));
    merges.sort((x, y) => rank(x.spec) - rank(y.spec));
    for (const { b, spec } of merges) this.merge(b, spec, perInstanceNotes.get(b.instance.address) ?? []);
    for (const b of order) {
      const notes = perInstanceNotes.get(b.instance.address) ?? [];
      for (const m of notes) this.notes.push({ address: b.instance.address, message: m });
      for (const r of b.resources) {
        resources.push({
          resource: r.resource as Record<string, unknown>,
          index: b.instance.index,
          address: b.instance.address,
          apiVersion: r.apiVersion,
          view: 'request',
          ...(b.instance.file !== undefined ? { file: b.instance.file } : {}),
          ...(b.instance.line !== undefined ? { line: b.instance.line } : {}),
          ...(b.instance.constructPath !== undefined ? { constructPath: b.instance.constructPath } : {}),
        });
      }
    }
    return { resources, notTranslated, notes: this.notes, translated, otherProviders };
  }
}

interface IdTemplate {
  readonly parts: readonly (string | { readonly arg: string; readonly asId: boolean })[];
  readonly args: readonly string[];
}

const ID_TEMPLATES = new Map<string, IdTemplate>();

/** Splits an id template into literal parts and `{arg}` / `{arg:id}` placeholders (cached: templates come from tables). */
function compileIdTemplate(template: string): IdTemplate {
  let c = ID_TEMPLATES.get(template);
  if (c) return c;
  const parts: (string | { arg: string; asId: boolean })[] = [];
  const args: string[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{([a-z0-9_]+)(:id)?\}/g)) {
    if (m.index! > last) parts.push(template.slice(last, m.index));
    parts.push({ arg: m[1], asId: m[2] !== undefined });
    args.push(m[1]);
    last = m.index! + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  c = { parts, args };
  ID_TEMPLATES.set(template, c);
  return c;
}

/** Merge order: 'set' and 'merge' links (associations, PATCHes) before 'append' links (children into parents). */
function rank(spec: MergeSpec): number {
  return spec.mode === 'append' ? 1 : 0;
}

/** JSON merge of `patch` into `target`: nested objects merge, anything else replaces (bounded by LIMITS.maxDepth). */
function mergeInto(target: ArmObject, patch: ArmObject, depth = 0): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    const cur = own(target, k);
    const isObj = (x: ArmValue | undefined): x is ArmObject => x !== null && x !== undefined && typeof x === 'object' && !Array.isArray(x) && !isUnknown(x);
    if (isObj(v) && isObj(cur) && depth < LIMITS.maxDepth) mergeInto(cur, v, depth + 1);
    else put(target, k, v);
  }
}

const knownArgsCache = new WeakMap<ResourceMapping, Set<string>>();

function knownArgs(m: ResourceMapping): Set<string> {
  let set = knownArgsCache.get(m);
  if (set) return set;
  set = new Set<string>(['name', 'location', 'tags', 'timeouts', 'resource_group_name']);
  const addFields = (fields: readonly Field[]): void => {
    for (const f of fields) {
      if (f.arg) set!.add(f.arg);
      f.legacyArgs?.forEach((a) => set!.add(a));
      f.reads?.forEach((a) => set!.add(a));
    }
  };
  addFields(m.fields);
  for (const c of m.children ?? []) if ('fields' in c) addFields(c.fields);
  for (const s of m.merge ?? []) {
    if ('idArg' in s.target) set.add(s.target.idArg);
    if (Array.isArray(s.value)) addFields(s.value as readonly Field[]);
  }
  for (const a of m.otherArgs ?? []) set.add(a);
  for (const a of m.afterCreate ?? []) set.add(a);
  for (const t of typeof m.id === 'string' ? [m.id] : m.id) for (const match of t.matchAll(/\{([a-z0-9_]+)(?::id)?\}/g)) set.add(match[1]);
  if (typeof m.name === 'string') set.add(m.name);
  if (typeof m.location === 'string') set.add(m.location);
  if (typeof m.tags === 'string') set.add(m.tags);
  knownArgsCache.set(m, set);
  return set;
}

/** Notes the arguments the table does not know (another provider version's, or not in the create body). */
function unmappedArguments(instance: TfInstance, mapping: ResourceMapping, notes: string[]): void {
  const known = knownArgs(mapping);
  const set = instance.typed ? instance.userArgs : new Set(Object.keys(instance.values));
  if (!set) return;
  const unknown = [...set].filter((a) => !known.has(a) && a !== 'id');
  if (unknown.length > 0) {
    notes.push(`argument${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', ...' : ''} not mapped (not in azurerm v4.55.0's create body for ${instance.type}, or another provider version's): the verdict does not reflect ${unknown.length > 1 ? 'them' : 'it'}`);
  }
}

/** Translates the resource instances of a Terraform input into the ARM resources Azure Policy evaluates. */
export function translate(input: TerraformInput | readonly TfInstance[]): TranslationResult {
  const instances = Array.isArray(input) ? (input as readonly TfInstance[]) : (input as TerraformInput).instances;
  const t = new Translation(instances);
  const result = t.run();
  if (!Array.isArray(input)) {
    const ti = input as TerraformInput;
    result.notes.unshift(...ti.notes);
    result.notTranslated.push(...ti.notRead);
  }
  return result;
}

export { containsUnknown, numberToString };
