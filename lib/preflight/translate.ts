/**
 * The translation engine: applies the per-type tables (`types/`) to resource instances and produces the ARM
 * resources Azure Policy evaluates on the create/update request (contract C3 `AssessResource`s, holding C1 UNKNOWN
 * where a value is known only after apply). Child resources (inline NSG rules, subnets, blobServices) and linked
 * resources (associations, standalone rules) appear as Azure shows them.
 */
import { containsUnknown, numberToString, tfToBool, tfToNumber, tfToString } from './expressions';
import { ArgType, ArmObject, ArmValue, BlockSpec, CustomTranslator, Field, FieldContext, MergeSpec, OMIT, Omit, ResourceMapping, isCustom } from './mapping';
import { InvalidInput, NotTranslated, TerraformInput, TfInstance, TranslationNote } from './model';
import type { AssessResource } from '../assess/report';
import { mappingFor } from './types';
import { LIMITS, TfRef, TfValue, UNKNOWN, Unknown, dict, isTfObject, isUnknown, isUnknownValue, own, put, showValue } from './values';

/** What a translation produced. */
export interface TranslationResult {
  /** ARM resources (request view), in input order; children follow their parent. */
  readonly resources: AssessResource[];
  /**
   * What is not evaluated, never counted compliant: azurerm / azapi resources without a mapping, modules not read,
   * instances cut by a limit (with `count`), malformed blocks, the parts of a template deployment that cannot be
   * expanded (`type` is the deployment's Terraform type, `armType` the template resource's ARM type when known).
   */
  readonly notTranslated: NotTranslated[];
  /**
   * Parts of the input Terraform would reject: not evaluated; the scan is incomplete (see TerraformInput.invalid).
   * Absent when there are none.
   */
  readonly invalid?: InvalidInput[];
  /** Notes: per resource (unmapped arguments, placeholders, values not known) and for the input as a whole. */
  readonly notes: TranslationNote[];
  /** Resource instances translated (a resource with children counts once). */
  readonly translated: number;
  /** Resource instances of other providers (random, azuread, ...): not Azure Resource Manager resources. */
  readonly otherProviders: number;
}

/** Subscription used in ids when the configuration names none (never read from the environment). */
export const PLACEHOLDER_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

const EVALUATED_PROVIDERS: readonly string[] = ['azurerm', 'azapi'];

const hasOwn = Object.prototype.hasOwnProperty;

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
export function convert(v: TfValue | undefined, type: ArgType, notes: { note(message: string): void }, arg: string): ArmValue | undefined {
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
    notes.note(`argument ${arg}: ${showValue(v)} is not a valid ${type} (${(e as Error).message}); its value is treated as unknown`);
    return UNKNOWN;
  }
}

/**
 * Whether an object of the body being built is UNKNOWN. The body's objects are plain (dict(), JSON) unless they are
 * an Unknown marker: a plain object is answered by its prototype, without isUnknown's brand lookup (a symbol-keyed
 * read that misses on every plain object); anything else (the marker of another copy of the engine) by isUnknown.
 */
export function isUnknownObject(v: object): boolean {
  return v === UNKNOWN || (Object.getPrototypeOf(v) !== Object.prototype && isUnknown(v));
}

function clone(v: ArmValue, depth = 0): ArmValue {
  if (Array.isArray(v)) return v.map((e) => clone(e, depth + 1));
  if (v !== null && typeof v === 'object' && !isUnknownObject(v)) {
    const out = dict<ArmValue>();
    for (const k of Object.keys(v)) put(out, k, clone((v as ArmObject)[k], depth + 1));
    return out;
  }
  return v;
}

function isEmpty(v: ArmValue): boolean {
  if (v === '' || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v !== null && typeof v === 'object' && !isUnknownObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** A dotted path (`properties.networkAcls.defaultAction`) split once, when its table is compiled. */
type Path = readonly string[];

/** Sets a path, creating objects on the way; a path through UNKNOWN (or a non-object) is left as it is. */
function setPath(target: ArmObject, path: Path, value: ArmValue): void {
  let cur: ArmObject = target;
  const last = path.length - 1;
  for (let i = 0; i < last; i++) {
    const next = own(cur, path[i]);
    if (next === undefined || next === null) {
      const o = dict<ArmValue>();
      cur[path[i]] = o;
      cur = o;
    } else if (typeof next === 'object' && !Array.isArray(next) && !isUnknownObject(next)) cur = next as ArmObject;
    else return;
  }
  cur[path[last]] = value;
}

/** Reads a path. */
function getPath(target: ArmValue, path: Path): ArmValue | undefined {
  let cur: ArmValue | undefined = target;
  for (const p of path) {
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur) || isUnknownObject(cur)) return isUnknown(cur) ? UNKNOWN : undefined;
    cur = own(cur as ArmObject, p);
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------------------------
// The tables in the form the engine runs: compiled once per table (cached by identity), so that the per-resource
// work is the mapping itself. A compiled field has every member of Field (undefined when the table leaves it out):
// one object shape for all fields, its dotted path split and its nested block compiled.

interface CompiledField {
  readonly path: Path;
  readonly arg: string | undefined;
  readonly legacyArgs: readonly string[] | undefined;
  readonly type: ArgType;
  readonly default: Field['default'];
  readonly map: Field['map'];
  readonly unknownAware: boolean;
  readonly omitEmpty: boolean;
  readonly value: ArmValue | undefined;
  readonly compute: Field['compute'];
  readonly block: CompiledBlock | undefined;
  readonly required: boolean;
  readonly when: Field['when'];
  readonly concat: boolean;
}

interface CompiledBlock {
  readonly fields: readonly CompiledField[];
  readonly list: boolean;
  readonly absent: BlockSpec['absent'];
  readonly emptyList: boolean;
  readonly filter: BlockSpec['filter'];
}

const compiledFieldLists = new WeakMap<readonly Field[], readonly CompiledField[]>();

/** The compiled form of a table's field list (cached: field lists are table constants). */
function compileFields(fields: readonly Field[]): readonly CompiledField[] {
  let compiled = compiledFieldLists.get(fields);
  if (compiled) return compiled;
  compiled = fields.map(
    (f): CompiledField => ({
      path: f.to.split('.'),
      arg: f.arg,
      legacyArgs: f.legacyArgs,
      type: f.type ?? 'string',
      default: f.default,
      map: f.map,
      unknownAware: f.unknownAware === true,
      omitEmpty: f.omitEmpty === true,
      value: f.value,
      compute: f.compute,
      block: f.block ? { fields: compileFields(f.block.fields), list: f.block.list === true, absent: f.block.absent, emptyList: f.block.emptyList === true, filter: f.block.filter } : undefined,
      required: f.required === true,
      when: f.when,
      concat: f.concat === true,
    }),
  );
  compiledFieldLists.set(fields, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * The FieldContext of one block (a class: one allocation per block, no closures). `notes` is the resource's list, or
 * undefined for a nested block until it notes something (most blocks never do).
 */
class Ctx implements FieldContext {
  constructor(
    private readonly t: Translation,
    public readonly instance: TfInstance,
    private readonly values: Record<string, TfValue>,
    public notes: string[] | undefined,
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
    // A value of the schema type already (plans are typed): convert would return it as it is.
    if (typeof v === 'string') {
      if (type === 'string') return v;
    } else if (typeof v === 'boolean') {
      if (type === 'bool') return v;
    } else if (typeof v === 'number' && type === 'number') {
      return v;
    }
    return convert(v, type, this, arg);
  }

  public idOf(v: TfValue | undefined): string | Unknown {
    return this.t.idOf(v);
  }

  public note(m: string): void {
    if (this.notes === undefined) this.notes = [m];
    else this.notes.push(m);
  }
}

/** A resource of the result, as it is built (the report's AssessResource, written once). */
type OutResource = { -readonly [K in keyof AssessResource]: AssessResource[K] } & { resource: ArmObject };

interface Built {
  readonly instance: TfInstance;
  /** The state of the instance's address (its notes are the notes of the address's last instance). */
  readonly state: AddressState;
  readonly resources: OutResource[];
}

/** The result entry of one ARM resource of an instance (key order: resource, index, address, apiVersion, view, file, line, constructPath). */
function outResource(instance: TfInstance, resource: ArmObject, apiVersion: string | undefined): OutResource {
  const out: OutResource = { resource, index: instance.index, address: instance.address, apiVersion, view: 'request' };
  if (instance.file !== undefined) out.file = instance.file;
  if (instance.line !== undefined) out.line = instance.line;
  if (instance.constructPath !== undefined) out.constructPath = instance.constructPath;
  return out;
}

/**
 * What the translation knows of one address: its instance (the last with the address), its id once built, the
 * translation and notes. One record per address, so that a resource costs one lookup by address, not one per map.
 */
class AddressState {
  public id: string | Unknown | undefined = undefined;
  public idInProgress = false;
  public built: Built | undefined = undefined;
  public notes: string[] | undefined = undefined;
  constructor(public instance: TfInstance) {}
}

class Translation {
  private readonly byAddress = new Map<string, AddressState>();
  /** The state of each instance's address (parallel to `instances`; undefined for data sources). */
  private readonly states: (AddressState | undefined)[];
  /**
   * Built resources by lower-cased id (the last one built for an id), for links by id: built when the first link
   * looks one up (most inputs have none), from the resources in translation order.
   */
  private byIdIndex: Map<string, ArmObject> | undefined;
  /** The translations in input order (run()). */
  private readonly order: Built[] = [];
  public readonly notes: TranslationNote[] = [];
  private placeholderNoted = false;

  constructor(private readonly instances: readonly TfInstance[]) {
    this.states = instances.map((i) => {
      if (i.mode !== 'managed') return undefined;
      let st = this.byAddress.get(i.address);
      if (st) st.instance = i;
      else this.byAddress.set(i.address, (st = new AddressState(i)));
      return st;
    });
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

  public context(instance: TfInstance, values: Record<string, TfValue>, notes: string[] | undefined, parent?: FieldContext): Ctx {
    return new Ctx(this, instance, values, notes, parent);
  }

  /** The index of built resources by lower-cased id (built on first use; see byIdIndex). */
  private byId(): Map<string, ArmObject> {
    if (this.byIdIndex) return this.byIdIndex;
    const index = new Map<string, ArmObject>();
    const order = this.order;
    for (let k = 0; k < order.length; k++) {
      const rs = order[k].resources;
      for (let i = 0; i < rs.length; i++) {
        const id = rs[i].resource.id;
        if (typeof id === 'string') index.set(id.toLowerCase(), rs[i].resource);
      }
    }
    this.byIdIndex = index;
    return index;
  }

  /** The ARM id a value stands for (literal id, or the built id of the referenced resource). */
  public idOf(v: TfValue | undefined): string | Unknown {
    if (typeof v === 'string') return v;
    if (v instanceof TfRef && v.attribute === 'id') {
      const target = this.byAddress.get(v.address);
      if (target) return this.idFor(target.instance, target);
    }
    return UNKNOWN;
  }

  /** The id of an instance's main ARM resource, built from its configuration (memoised, cycle-safe). */
  private idFor(instance: TfInstance, st: AddressState): string | Unknown {
    if (st.id !== undefined) return st.id;
    if (instance.knownId) return instance.knownId;
    if (st.idInProgress) return UNKNOWN;
    const entry = typeEntry(instance.type);
    if (!entry || (entry.custom && !entry.custom.id)) return UNKNOWN;
    st.idInProgress = true;
    // Notes made while building the id are dropped (the resource's own translation makes them).
    const ctx = this.context(instance, instance.values, undefined);
    let id: string | Unknown;
    if (entry.custom) id = entry.custom.id ? entry.custom.id(ctx, { subscription: this.subscriptionOf(instance), notTranslated: () => undefined }) : UNKNOWN;
    else id = this.buildId(entry.compiled.ids, ctx, instance);
    st.idInProgress = false;
    st.id = id;
    return id;
  }

  /** The id from the first template whose arguments are all set (else the first template). */
  private buildId(templates: readonly IdTemplate[], ctx: FieldContext, instance: TfInstance): string | Unknown {
    let compiled = templates[0];
    if (templates.length > 1) {
      for (const c of templates) {
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
        id += withoutTrailingSlashes(v);
      } else {
        const v = ctx.get(part.arg, 'string');
        if (typeof v !== 'string') return UNKNOWN;
        id += v;
      }
    }
    return id;
  }

  // -------------------------------------------------------------------------------------------------------------

  private fieldValue(f: CompiledField, ctx: FieldContext): ArmValue | Omit | undefined {
    if (f.value !== undefined) return clone(f.value);
    if (f.compute) return f.compute(ctx);
    if (f.block) return this.blockValue(f, f.block, ctx);
    if (!f.arg) return undefined;
    let v = ctx.get(f.arg, f.type);
    if (v === undefined && f.legacyArgs) {
      for (const a of f.legacyArgs) {
        v = ctx.get(a, f.type);
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

  /** What a block field sends when its block is absent. */
  private absent(spec: CompiledBlock, ctx: FieldContext): ArmValue | Omit | undefined {
    if (spec.absent !== undefined) return typeof spec.absent === 'function' ? spec.absent(ctx) : clone(spec.absent);
    return spec.list && spec.emptyList ? [] : undefined;
  }

  private blockValue(f: CompiledField, spec: CompiledBlock, ctx: FieldContext): ArmValue | Omit | undefined {
    const raw = f.arg ? ctx.raw(f.arg) : undefined;
    if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) {
      if (f.required) ctx.note(`required block ${f.arg} is not set`);
      return this.absent(spec, ctx);
    }
    if (isUnknownValue(raw)) return UNKNOWN;
    if (!Array.isArray(raw)) {
      // One block given as an object (JSON configurations may): as the list of that block.
      const v = this.blockItem(f, spec, ctx, raw);
      return spec.list ? (v === undefined ? [] : [v]) : (v ?? this.absent(spec, ctx));
    }
    if (!spec.list) {
      // An object block sends the first block's value; blocks are read up to the first object block that gives one
      // (an unknown block before it is the value, and the notes of that object block are kept).
      let first: ArmValue | undefined;
      for (let i = 0; i < raw.length; i++) {
        const item = raw[i];
        if (isUnknownValue(item)) {
          if (first === undefined) first = UNKNOWN;
          continue;
        }
        const v = this.blockItem(f, spec, ctx, item);
        if (v !== undefined) {
          if (first === undefined) first = v;
          break;
        }
      }
      return first ?? this.absent(spec, ctx);
    }
    const out: ArmValue[] = [];
    for (let i = 0; i < raw.length; i++) {
      const v = this.blockItem(f, spec, ctx, raw[i]);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  /** The value of one block of a block field: UNKNOWN, its object, or undefined when it is left out (not an object, filtered). */
  private blockItem(f: CompiledField, spec: CompiledBlock, ctx: FieldContext, item: TfValue): ArmValue | undefined {
    if (isUnknownValue(item)) return UNKNOWN;
    if (!isTfObject(item)) return undefined;
    const subCtx = this.context(ctx.instance, item, undefined, ctx);
    if (spec.filter && !spec.filter(subCtx)) return undefined;
    const obj = dict<ArmValue>();
    this.applyFields(spec.fields, subCtx, obj);
    const subNotes = subCtx.notes;
    if (subNotes !== undefined) for (let i = 0; i < subNotes.length; i++) ctx.note(`${f.arg}: ${subNotes[i]}`);
    return obj;
  }

  public applyFields(fields: readonly CompiledField[], ctx: FieldContext, target: ArmObject): void {
    for (const f of fields) {
      if (f.when && !f.when(ctx)) continue;
      const v = this.fieldValue(f, ctx);
      if (v === undefined || v === OMIT) continue;
      if (f.omitEmpty && isEmpty(v)) continue;
      if (f.concat) {
        const prev = getPath(target, f.path);
        if (prev !== undefined) {
          setPath(target, f.path, Array.isArray(prev) && Array.isArray(v) ? [...prev, ...v] : UNKNOWN);
          continue;
        }
      }
      setPath(target, f.path, v);
    }
  }

  // -------------------------------------------------------------------------------------------------------------

  private translateTable(instance: TfInstance, st: AddressState, compiled: CompiledMapping, notes: string[]): Built {
    const ctx = this.context(instance, instance.values, notes);
    const resource = dict<ArmValue>();
    const id = instance.knownId ?? this.idFor(instance, st);
    const nameArg = compiled.name;
    const name = typeof nameArg === 'function' ? nameArg(ctx) : (ctx.get(nameArg, 'string') ?? UNKNOWN);
    resource.id = id;
    resource.name = name;
    resource.type = compiled.armType;
    const locArg = compiled.location;
    if (locArg) {
      const loc = ctx.get(locArg, 'string');
      if (loc !== undefined) resource.location = typeof loc === 'string' ? normaliseLocation(loc) : loc;
    }
    const tagsArg = compiled.tags;
    if (tagsArg) {
      const tags = ctx.get(tagsArg, 'map');
      // tags.Expand sends {} for no tags.
      resource.tags = tags ?? dict<ArmValue>();
    }
    this.applyFields(compiled.fields, ctx, resource);
    const tableNotes = compiled.notes;
    if (tableNotes) for (let i = 0; i < tableNotes.length; i++) notes.push(tableNotes[i]);
    if (compiled.check) compiled.check(ctx);
    const afterCreate = compiled.afterCreate;
    if (afterCreate) {
      for (let i = 0; i < afterCreate.length; i++) {
        const a = afterCreate[i];
        // An empty block list (plans hold `[]` for every absent block) is not set.
        const v = ctx.raw(a);
        if (v !== undefined && !(Array.isArray(v) && v.length === 0)) notes.push(`${a} is applied by a second request after create: it is not in the create body evaluated here`);
      }
    }
    const resources: OutResource[] = compiled.standalone ? [outResource(instance, resource, compiled.apiVersion)] : [];
    const children = compiled.children;
    for (let i = 0; i < children.length; i++) this.children(children[i], resource, ctx, resources);
    return { instance, state: st, resources };
  }

  /** Appends the child resources of one child spec to `out`. */
  private children(child: CompiledChild, parent: ArmObject, ctx: FieldContext, out: OutResource[]): void {
    const parentId = parent.id;
    const apiVersion = child.apiVersion;
    if (child.fromArray !== undefined) {
      const arr = getPath(parent, child.fromArray);
      if (!Array.isArray(arr)) return;
      for (let i = 0; i < arr.length; i++) {
        const e = arr[i];
        if (e === null || typeof e !== 'object' || Array.isArray(e) || isUnknownObject(e)) continue;
        const el = e as ArmObject;
        const name = own(el, 'name') ?? UNKNOWN;
        const resource = dict<ArmValue>();
        resource.id = childId(parentId, child.segment, name);
        resource.name = name;
        resource.type = child.armType;
        if (own(el, 'properties') !== undefined) resource.properties = child.properties ? child.properties(el.properties) : el.properties;
        out.push(outResource(ctx.instance, resource, apiVersion));
      }
      return;
    }
    if (!child.when!(ctx)) return;
    const resource = dict<ArmValue>();
    const specName = child.name!;
    const name = typeof specName === 'function' ? specName(ctx) : specName;
    if (child.idBase === 'parent') {
      // A sibling: the parent of this resource's id (the id without its last type/name pair) is the base.
      const cut = typeof parentId === 'string' ? parentId.lastIndexOf('/', parentId.lastIndexOf('/') - 1) : -1;
      resource.id = cut > 0 && typeof name === 'string' ? `${(parentId as string).slice(0, cut)}/${child.segment}/${name}` : UNKNOWN;
    } else resource.id = childId(parentId, child.segment, name);
    resource.name = name;
    resource.type = child.armType;
    this.applyFields(child.fields!, ctx, resource);
    out.push(outResource(ctx.instance, resource, apiVersion));
  }

  private translateCustom(instance: TfInstance, st: AddressState, mapping: CustomTranslator, notes: string[], notTranslated: NotTranslated[]): Built {
    const ctx = this.context(instance, instance.values, notes);
    // One entry per ARM type not translated (the type of the entry is the Terraform resource's), counted.
    const parts = new Map<string, { address: string; type: string; count?: number; armType?: string }>();
    const resources = mapping.custom(ctx, {
      subscription: this.subscriptionOf(instance),
      notTranslated: (reason, armType, count = 1) => {
        const key = armType ?? '';
        const seen = parts.get(key);
        if (seen) seen.count = (seen.count ?? 1) + count;
        else {
          const entry = { address: instance.address, type: instance.type, ...(count !== 1 ? { count } : {}), ...(armType !== undefined ? { armType } : {}) };
          parts.set(key, entry);
          notTranslated.push(entry);
        }
        if (!notes.includes(reason)) notes.push(reason);
      },
    });
    return { instance, state: st, resources: resources.map((r) => outResource(instance, r.resource, r.apiVersion)) };
  }

  // -------------------------------------------------------------------------------------------------------------

  private merge(b: Built, m: CompiledMerge, notes: string[]): void {
    const ctx = this.context(b.instance, b.instance.values, notes);
    let target: ArmObject | undefined;
    // What names the target in the note when it is not found: the argument and its value, or the id.
    let raw: TfValue | undefined;
    let id: string | Unknown | undefined;
    if (m.idArg !== undefined) {
      raw = ctx.raw(m.idArg);
      if (raw instanceof TfRef) {
        const t = this.byAddress.get(raw.address)?.built;
        if (t) {
          const rs = t.resources;
          for (let i = 0; i < rs.length; i++) {
            const type = rs[i].resource.type;
            if (typeof type === 'string' && type.toLowerCase() === m.targetTypeLower) {
              target = rs[i].resource;
              break;
            }
          }
        }
      } else if (typeof raw === 'string') target = this.byId().get(raw.toLowerCase());
    } else {
      id = this.buildId(m.idTemplate!, ctx, b.instance);
      if (typeof id === 'string') target = this.byId().get(id.toLowerCase());
    }
    if (!target) {
      const described = m.idArg !== undefined ? `${m.idArg} ${showValue(raw)}` : typeof id === 'string' ? id : `${m.idTemplateText} (not known before apply)`;
      notes.push(`its ${m.targetType} (${described}) is not in the configuration: the ${m.targetType} as Azure will show it (with ${m.pathText}) is not evaluated`);
      return;
    }
    let value: ArmValue;
    if (m.self) {
      const own0 = b.resources[0]?.resource;
      if (!own0) return;
      const el = dict<ArmValue>();
      el.name = own0.name;
      if (own(own0, 'properties') !== undefined) el.properties = own0.properties;
      value = el;
    } else {
      const obj = dict<ArmValue>();
      this.applyFields(m.value!, ctx, obj);
      value = obj;
    }
    if (m.mode === 'set') {
      setPath(target, m.path, value);
      return;
    }
    if (m.mode === 'merge') {
      const existing = getPath(target, m.path);
      if (isUnknown(existing)) return; // the target's object is not known before apply: it stays unknown
      if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) mergeInto(existing, value as ArmObject);
      else setPath(target, m.path, value);
      return;
    }
    const existing = getPath(target, m.path);
    if (isUnknown(existing)) return; // the target's list is not known before apply
    if (Array.isArray(existing)) existing.push(value);
    else setPath(target, m.path, [value]);
  }

  // -------------------------------------------------------------------------------------------------------------

  public run(): TranslationResult {
    const resources: AssessResource[] = [];
    const notTranslated: NotTranslated[] = [];
    let translated = 0;
    let otherProviders = 0;
    const order = this.order;
    const merges: { b: Built; m: CompiledMerge }[] = [];
    for (let k = 0; k < this.instances.length; k++) {
      const instance = this.instances[k];
      const st = this.states[k];
      if (st === undefined) continue; // a data source
      if (!isEvaluatedProvider(instance.type)) {
        otherProviders++;
        continue;
      }
      const entry = typeEntry(instance.type);
      if (!entry) {
        notTranslated.push({ address: instance.address, type: instance.type });
        continue;
      }
      const notes = instance.notes.slice();
      st.notes = notes;
      let built: Built;
      if (entry.custom) built = this.translateCustom(instance, st, entry.custom, notes, notTranslated);
      else {
        const compiled = entry.compiled;
        built = this.translateTable(instance, st, compiled, notes);
        unmappedArguments(instance, compiled, notes);
        const specs = compiled.merges;
        for (let i = 0; i < specs.length; i++) merges.push({ b: built, m: specs[i] });
      }
      translated++;
      st.built = built;
      order.push(built);
    }
    // The index by id holds the ids as built: a link that could write a resource's id would need it before the links.
    for (let i = 0; i < merges.length; i++) if (merges[i].m.path[0] === 'id') this.byId();
    // Links: associations into subnets first, then subnets and rules into their parents (shared objects carry both).
    // The notes of an address are those of its last instance (one state per address).
    // (Indexed loops: run() is called once per translation and runs mostly before it is optimised, where for-of
    // allocates an iterator and a result per element.)
    merges.sort((x, y) => x.m.rank - y.m.rank);
    for (let i = 0; i < merges.length; i++) this.merge(merges[i].b, merges[i].m, merges[i].b.state.notes!);
    for (let k = 0; k < order.length; k++) {
      const b = order[k];
      const address = b.instance.address;
      const notes = b.state.notes!;
      for (let i = 0; i < notes.length; i++) this.notes.push({ address, message: notes[i] });
      const rs = b.resources;
      for (let i = 0; i < rs.length; i++) resources.push(rs[i]);
    }
    return { resources, notTranslated, notes: this.notes, translated, otherProviders };
  }
}

/**
 * Whether the provider of a type (`azurerm` of `azurerm_subnet`: the type up to its first `_`, or the whole type) is
 * one of EVALUATED_PROVIDERS, without cutting the type.
 */
function isEvaluatedProvider(type: string): boolean {
  for (let i = 0; i < EVALUATED_PROVIDERS.length; i++) {
    const p = EVALUATED_PROVIDERS[i];
    if (type.startsWith(p) && (type.length === p.length || type.charCodeAt(p.length) === 0x5f)) return true;
  }
  return false;
}

/** azurerm's `location.Normalize`: lower case, spaces removed. */
function normaliseLocation(loc: string): string {
  const lower = loc.toLowerCase();
  return lower.includes(' ') ? lower.replace(/ /g, '') : lower;
}

/** The id of a child resource (`<parent id>/<segment>/<name>`), UNKNOWN unless both are known. */
function childId(parentId: ArmValue, segment: string, name: ArmValue): ArmValue {
  return typeof parentId === 'string' && typeof name === 'string' ? `${parentId}/${segment}/${name}` : UNKNOWN;
}

/** An id without its trailing slashes (a referenced id is a prefix of the one built). */
function withoutTrailingSlashes(id: string): string {
  let end = id.length;
  while (end > 0 && id.charCodeAt(end - 1) === 0x2f) end--;
  return end === id.length ? id : id.slice(0, end);
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

function isArmObject(x: ArmValue | undefined): x is ArmObject {
  return x !== null && x !== undefined && typeof x === 'object' && !Array.isArray(x) && !isUnknownObject(x);
}

/** JSON merge of `patch` into `target`: nested objects merge, anything else replaces (bounded by LIMITS.maxDepth). */
function mergeInto(target: ArmObject, patch: ArmObject, depth = 0): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    const cur = own(target, k);
    if (isArmObject(v) && isArmObject(cur) && depth < LIMITS.maxDepth) mergeInto(cur, v, depth + 1);
    else put(target, k, v);
  }
}

/**
 * A child spec with its path or fields compiled and its members read once (one object shape for every child spec: the
 * specs themselves are literals of many shapes, whose members the engine would read through megamorphic lookups).
 */
interface CompiledChild {
  /** The parent body's array whose elements are also child resources (fromArray specs), else undefined. */
  readonly fromArray: Path | undefined;
  /** The child's body (specs with fields), else undefined. */
  readonly fields: readonly CompiledField[] | undefined;
  readonly armType: string;
  readonly segment: string;
  /** The spec's API version, else the table's. */
  readonly apiVersion: string;
  readonly properties: ((elementProperties: ArmValue) => ArmValue) | undefined;
  readonly name: string | ((ctx: FieldContext) => ArmValue) | undefined;
  readonly when: ((ctx: FieldContext) => boolean) | undefined;
  readonly idBase: 'resource' | 'parent' | undefined;
}

/** A merge spec with its path, value and target compiled, its members read once. */
interface CompiledMerge {
  readonly targetType: string;
  readonly targetTypeLower: string;
  /** The argument holding the target's id (idArg targets), else undefined. */
  readonly idArg: string | undefined;
  /** The target's id template (idTemplate targets), as written and compiled. */
  readonly idTemplateText: string | undefined;
  readonly idTemplate: readonly IdTemplate[] | undefined;
  readonly pathText: string;
  readonly path: Path;
  readonly mode: MergeSpec['mode'];
  /** The value is this resource's `{name, properties}`. */
  readonly self: boolean;
  readonly value: readonly CompiledField[] | undefined;
  /** Merge order: 'set' and 'merge' links (associations, PATCHes) before 'append' links (children into parents). */
  readonly rank: number;
}

/** A table in the form the engine runs (its members read once into one object shape). */
interface CompiledMapping {
  readonly mapping: ResourceMapping;
  readonly armType: string;
  readonly apiVersion: string;
  readonly name: string | ((ctx: FieldContext) => ArmValue);
  readonly location: string | false;
  readonly tags: string | false;
  readonly standalone: boolean;
  readonly notes: readonly string[] | undefined;
  readonly check: ((ctx: FieldContext) => void) | undefined;
  readonly afterCreate: readonly string[] | undefined;
  readonly fields: readonly CompiledField[];
  readonly ids: readonly IdTemplate[];
  readonly children: readonly CompiledChild[];
  readonly merges: readonly CompiledMerge[];
  /** Arguments the table reads (no "not mapped" note for them). */
  readonly known: ReadonlySet<string>;
}

/** What the translation does with a mapped Terraform type: run its compiled table or its custom translator. */
type TypeEntry = { readonly compiled: CompiledMapping; readonly custom: undefined } | { readonly compiled: undefined; readonly custom: CustomTranslator };

/** Entries of the mapped types met so far (at most one per table of the registry: unmapped types are not kept). */
const typeEntries = new Map<string, TypeEntry>();

/** The entry of a Terraform type (one lookup per resource instead of the registry, isCustom and the compiled-table cache). */
function typeEntry(type: string): TypeEntry | undefined {
  let e = typeEntries.get(type);
  if (e) return e;
  const mapping = mappingFor(type);
  if (!mapping) return undefined;
  e = isCustom(mapping) ? { compiled: undefined, custom: mapping } : { compiled: compileMapping(mapping), custom: undefined };
  typeEntries.set(type, e);
  return e;
}

const compiledMappings = new WeakMap<ResourceMapping, CompiledMapping>();

/** Compiles a table once (cached by identity: tables are module constants). */
function compileMapping(m: ResourceMapping): CompiledMapping {
  let c = compiledMappings.get(m);
  if (c) return c;
  c = {
    mapping: m,
    armType: m.armType,
    apiVersion: m.apiVersion,
    name: m.name ?? 'name',
    location: m.location === undefined ? 'location' : m.location,
    tags: m.tags === undefined ? 'tags' : m.tags,
    standalone: m.standalone !== false,
    notes: m.notes,
    check: m.check,
    afterCreate: m.afterCreate,
    fields: compileFields(m.fields),
    ids: (typeof m.id === 'string' ? [m.id] : m.id).map(compileIdTemplate),
    children: (m.children ?? []).map((spec): CompiledChild => {
      const common = { armType: spec.armType, segment: spec.segment, apiVersion: spec.apiVersion ?? m.apiVersion };
      return 'fromArray' in spec
        ? { fromArray: spec.fromArray.split('.'), fields: undefined, ...common, properties: spec.properties, name: undefined, when: undefined, idBase: undefined }
        : { fromArray: undefined, fields: compileFields(spec.fields), ...common, properties: undefined, name: spec.name, when: spec.when, idBase: spec.idBase };
    }),
    merges: (m.merge ?? []).map(
      (spec): CompiledMerge => ({
        targetType: spec.targetType,
        targetTypeLower: spec.targetType.toLowerCase(),
        idArg: 'idArg' in spec.target ? spec.target.idArg : undefined,
        idTemplateText: 'idTemplate' in spec.target ? spec.target.idTemplate : undefined,
        idTemplate: 'idTemplate' in spec.target ? [compileIdTemplate(spec.target.idTemplate)] : undefined,
        pathText: spec.path,
        path: spec.path.split('.'),
        mode: spec.mode,
        self: spec.value === 'self',
        value: spec.value === 'self' ? undefined : compileFields(spec.value),
        rank: spec.mode === 'append' ? 1 : 0,
      }),
    ),
    known: knownArgs(m),
  };
  compiledMappings.set(m, c);
  return c;
}

function knownArgs(m: ResourceMapping): Set<string> {
  const set = new Set<string>(['name', 'location', 'tags', 'timeouts', 'resource_group_name']);
  const addFields = (fields: readonly Field[]): void => {
    for (const f of fields) {
      if (f.arg) set.add(f.arg);
      f.legacyArgs?.forEach((a) => set.add(a));
      f.reads?.forEach((a) => set.add(a));
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
  for (const t of typeof m.id === 'string' ? [m.id] : m.id) for (const arg of compileIdTemplate(t).args) set.add(arg);
  if (typeof m.name === 'string') set.add(m.name);
  if (typeof m.location === 'string') set.add(m.location);
  if (typeof m.tags === 'string') set.add(m.tags);
  return set;
}

/** Notes the arguments the table does not know (another provider version's, or not in the create body). */
function unmappedArguments(instance: TfInstance, compiled: CompiledMapping, notes: string[]): void {
  const known = compiled.known;
  let unknown: string[] | undefined;
  if (instance.typed) {
    const args = instance.userArgs;
    if (!args) return;
    if (args instanceof Set) {
      for (const a of args) if (!known.has(a) && a !== 'id') (unknown ??= []).push(a);
    } else {
      args.forEach((a) => {
        if (!known.has(a) && a !== 'id') (unknown ??= []).push(a);
      });
    }
  } else {
    // The keys Object.keys lists, in its order, without building the list.
    const values = instance.values;
    for (const a in values) if (hasOwn.call(values, a) && !known.has(a) && a !== 'id') (unknown ??= []).push(a);
  }
  if (unknown !== undefined) {
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
    if (ti.invalid && ti.invalid.length > 0) return { ...result, invalid: [...ti.invalid] };
  }
  return result;
}

export { containsUnknown, numberToString };
