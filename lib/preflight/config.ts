/**
 * Reads a Terraform module written in JSON syntax (`*.tf.json`, cdktf's `cdk.tf.json`, or HCL converted to the same
 * shape) and resolves every resource's arguments as Terraform would before apply: literals stay literal, references
 * to arguments set literally in the same configuration resolve to those values, variables resolve to their default
 * (or a value given by the caller), locals and module outputs of local modules resolve, and references to computed
 * attributes (`.id`) become `TfRef` (Unknown, but known to be set). `count` and `for_each` expand into instances
 * when their value is known; dynamic blocks expand the same way.
 */
import { Budget, BudgetExceeded, EvalScope, ExprNode, Step, applySteps, evaluate, parseTemplate, tfToNumber, tfToString } from './expressions';
import { InvalidInput, NotTranslated, TerraformInputKind, TfInstance, TranslationNote } from './model';
import { LIMITS, TfRef, TfValue, UNKNOWN, Unknown, dict, isTfObject, isUnknownValue, own, put, toTfValue } from './values';

/** One file of a module. */
export interface ConfigFile {
  /** File name as shown to the user. */
  readonly file: string;
  /** Parsed JSON body (a Terraform JSON configuration object). */
  readonly json: unknown;
  /** 1-based line of each resource, keyed `mode.type.name` (`managed.azurerm_subnet.a`). */
  readonly lines?: ReadonlyMap<string, number>;
}

/** Loads a local child module's files (the `source` relative to the calling module's folder). */
export type ModuleLoader = (source: string, fromDir: string | undefined) => { files: ConfigFile[]; dir: string } | undefined;

/** Options of readConfiguration. */
export interface ReadConfigurationOptions {
  /** Kind reported for the input. @default 'configuration' */
  readonly kind?: TerraformInputKind;
  /** Values of root variables (`-var`), by name. @default defaults only */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Folder of the root module, for local module sources. */
  readonly dir?: string;
  /** Reads local child modules; without it, module calls are listed as not read. */
  readonly loadModule?: ModuleLoader;
  /** First instance index (when several stacks are read into one result). @default 0 */
  readonly firstIndex?: number;
  /** Shared evaluation budget. @default a new one */
  readonly budget?: Budget;
}

interface ResourceDecl {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly file: string;
  readonly line?: number;
}

interface ModuleCallDecl {
  readonly name: string;
  readonly body: Record<string, unknown>;
}

interface ModuleConfig {
  readonly variables: Map<string, Record<string, unknown>>;
  readonly locals: Map<string, unknown>;
  readonly outputs: Map<string, unknown>;
  readonly resources: Map<string, ResourceDecl>; // key `type.name` (managed) / `data.type.name`
  readonly modules: Map<string, ModuleCallDecl>;
  readonly providers: { name: string; alias?: string; body: Record<string, unknown> }[];
  readonly requiredProviders: Map<string, string>;
}

const META_ARGS = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', 'dynamic', '//']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON block value is one object or an array of objects (Terraform's JSON syntax allows both). */
function blocks(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter(isRecord);
  return isRecord(v) ? [v] : [];
}

/** What a JSON value is, for messages ("a string", "null", "an array holding a number"). */
function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    const bad = v.find((e) => !isRecord(e));
    return bad === undefined ? 'an array' : `an array holding ${describeJson(bad)}`;
  }
  if (isRecord(v)) return 'an object';
  return typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : typeof v === 'string' ? 'a string' : 'not JSON';
}

/**
 * Like `blocks`, but a value that is not an object (or an array with an element that is not one) is reported with
 * `bad` instead of being dropped: a block the user wrote that Terraform would reject must not vanish from the scan.
 * Such a value is not read at all (Terraform rejects the whole of it).
 */
function blocksOrBad(v: unknown, bad: (what: string) => void): Record<string, unknown>[] {
  if (isRecord(v)) return [v];
  if (Array.isArray(v) && v.every(isRecord)) return v;
  bad(describeJson(v));
  return [];
}

function keys(o: Record<string, unknown>): string[] {
  return Object.keys(o);
}

/** Label keys of a JSON object: every key but the `//` comment Terraform's JSON syntax allows. */
function labels(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => k !== '//');
}

/** A malformed part of a module's files, as collectModule reports it (the address is relative to the module). */
interface MalformedBlock {
  readonly file: string;
  readonly address?: string;
  readonly type?: string;
  /** A resource or module call: listed as not translated (data sources and the rest only make the scan incomplete). */
  readonly listed: boolean;
  readonly reason: string;
}

/**
 * Collects the declarations of all files of a module (Terraform merges the files of a folder). Resource, data and
 * module blocks whose JSON is not an object go to `malformed`: Terraform rejects such a configuration, and the
 * resources in them must not silently drop out of the scan.
 */
function collectModule(files: readonly ConfigFile[], notes: TranslationNote[], malformed: (m: MalformedBlock) => void): ModuleConfig {
  const m: ModuleConfig = {
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: new Map(),
    modules: new Map(),
    providers: [],
    requiredProviders: new Map(),
  };
  const expect = 'Terraform expects an object';
  for (const f of files) {
    const docs = blocksOrBad(f.json, (what) => malformed({ file: f.file, listed: false, reason: `the file holds ${what}, not a Terraform JSON configuration (${expect} with "resource", "module", ...): nothing in it is evaluated` }));
    for (const doc of docs) {
      for (const [kind, mode] of [['resource', 'managed'], ['data', 'data']] as const) {
        const all = own(doc, kind);
        if (all === undefined) continue;
        const byTypes = blocksOrBad(all, (what) => malformed({ file: f.file, listed: false, reason: `"${kind}" is ${what}; ${expect} {"<type>": {"<name>": {<arguments>}}}: the ${kind === 'data' ? 'data sources' : 'resources'} in it are not evaluated` }));
        for (const byType of byTypes) {
          for (const type of labels(byType)) {
            const byNames = blocksOrBad(byType[type], (what) => malformed({ file: f.file, type, listed: false, reason: `${kind === 'data' ? 'data.' : ''}${type} is ${what}; ${expect} {"<name>": {<arguments>}}: the ${type} ${kind === 'data' ? 'data sources' : 'resources'} in it are not evaluated` }));
            for (const byName of byNames) {
              for (const name of labels(byName)) {
                const key = mode === 'managed' ? `${type}.${name}` : `data.${type}.${name}`;
                const bodies = blocksOrBad(byName[name], (what) => malformed({ file: f.file, address: key, type, listed: mode === 'managed', reason: `the body of ${key} is ${what}; ${expect} of arguments: it is not evaluated` }));
                for (const body of bodies) {
                  if (m.resources.has(key)) notes.push({ address: key, message: `${f.file}: duplicate declaration of ${key}; the first one is used` });
                  else m.resources.set(key, { mode, type, name, body, file: f.file, line: f.lines?.get(`${mode}.${type}.${name}`) });
                }
              }
            }
          }
        }
      }
      for (const v of blocks(own(doc, 'variable'))) for (const name of keys(v)) for (const b of blocks(v[name])) m.variables.set(name, b);
      for (const l of blocks(own(doc, 'locals'))) for (const name of keys(l)) if (name !== '//') m.locals.set(name, l[name]);
      for (const o of blocks(own(doc, 'output'))) for (const name of keys(o)) for (const b of blocks(o[name])) m.outputs.set(name, own(b, 'value'));
      const calls = own(doc, 'module');
      if (calls !== undefined) {
        const byNames = blocksOrBad(calls, (what) => malformed({ file: f.file, listed: false, reason: `"module" is ${what}; ${expect} {"<name>": {"source": ...}}: the modules in it are not read` }));
        for (const mc of byNames) {
          for (const name of labels(mc)) {
            const bodies = blocksOrBad(mc[name], (what) => malformed({ file: f.file, address: `module.${name}`, type: 'module', listed: true, reason: `module.${name} is ${what}; ${expect} with "source": the module is not read` }));
            for (const b of bodies) m.modules.set(name, { name, body: b });
          }
        }
      }
      for (const p of blocks(own(doc, 'provider'))) {
        for (const name of keys(p)) {
          for (const b of blocks(p[name])) m.providers.push({ name, alias: typeof own(b, 'alias') === 'string' ? (own(b, 'alias') as string) : undefined, body: b });
        }
      }
      for (const t of blocks(own(doc, 'terraform'))) {
        for (const rp of blocks(own(t, 'required_providers'))) {
          for (const name of keys(rp)) {
            const spec = rp[name];
            const version = isRecord(spec) ? own(spec, 'version') : spec;
            if (typeof version === 'string') m.requiredProviders.set(name, version);
          }
        }
      }
    }
  }
  return m;
}

const parseCache = new Map<string, ExprNode>();

function parsed(text: string): ExprNode {
  let node = parseCache.get(text);
  if (!node) {
    node = parseTemplate(text);
    if (parseCache.size > 200_000) parseCache.clear();
    parseCache.set(text, node);
  }
  return node;
}

/** Iterator values in scope: count.index, each.key/value, dynamic block iterators. */
interface Frame {
  readonly countIndex?: number | Unknown;
  readonly each?: { key: TfValue; value: TfValue };
  readonly iterators?: ReadonlyMap<string, { key: TfValue; value: TfValue }>;
}

interface InstanceKey {
  readonly suffix: string; // '', '[0]', '["k"]', '[*]' (unknown count)
  readonly frame: Frame;
}

/** The expansion of one count / for_each. */
interface Expansion {
  readonly keys: InstanceKey[];
  /** Instances past LIMITS.maxInstancesPerResource: not evaluated, listed as not translated. */
  readonly cut: number;
  /** Why Terraform would reject the count / for_each value (an element of a for_each set that is not a string). */
  readonly invalid?: string;
  /** Notes for every instance (count / for_each not known before apply). */
  readonly notes: readonly string[];
  /** The note about instances cut, given once for the block. */
  readonly cutNote?: string;
}

/** One module instance: its configuration, input variables and resolved values. */
class ModuleInstance {
  public readonly children = new Map<string, ModuleInstance[]>();
  private readonly localValues = new Map<string, TfValue>();
  private readonly variableValues = new Map<string, TfValue>();
  private readonly inProgress = new Set<string>();
  private readonly attrCache = new Map<string, TfValue>();
  private readonly instanceKeys = new Map<string, Expansion>();

  constructor(
    public readonly config: ModuleConfig,
    public readonly path: string,
    public readonly dir: string | undefined,
    private readonly inputs: ((name: string) => TfValue | undefined) | undefined,
    public readonly root: Reader,
    public readonly depth: number,
  ) {}

  public scope(frame: Frame): EvalScope {
    return { traverse: (root, steps) => this.traverse(root, steps, frame), budget: this.root.budget };
  }

  /** Resolves a raw JSON value of the configuration in this module (strings are templates). */
  public resolve(raw: unknown, frame: Frame, depth = 0): TfValue {
    if (typeof raw === 'string') {
      const node = parsed(raw);
      if (node.k === 'lit') return node.v;
      try {
        return evaluate(node, this.scope(frame));
      } catch (e) {
        if (e instanceof BudgetExceeded) return UNKNOWN;
        throw e;
      }
    }
    if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return typeof raw === 'number' && !Number.isFinite(raw) ? null : raw;
    if (depth >= LIMITS.maxDepth) return UNKNOWN;
    if (Array.isArray(raw)) return raw.map((e) => this.resolve(e, frame, depth + 1));
    if (isRecord(raw)) {
      const out = dict();
      for (const k of keys(raw)) {
        if (k === '//') continue;
        put(out, k, this.resolve(raw[k], frame, depth + 1));
      }
      return out;
    }
    return null;
  }

  private variable(name: string): TfValue {
    const cached = this.variableValues.get(name);
    if (cached !== undefined) return cached;
    let v: TfValue | undefined = this.inputs?.(name);
    if (v === undefined) {
      const decl = this.config.variables.get(name);
      // Variable defaults are literal values in JSON syntax (not templates).
      v = decl && Object.prototype.hasOwnProperty.call(decl, 'default') ? toTfValue(decl.default) : UNKNOWN;
    }
    this.variableValues.set(name, v);
    return v;
  }

  private local(name: string): TfValue {
    const cached = this.localValues.get(name);
    if (cached !== undefined) return cached;
    if (!this.config.locals.has(name)) return UNKNOWN;
    const key = 'local.' + name;
    if (this.inProgress.has(key)) return UNKNOWN;
    this.inProgress.add(key);
    const v = this.resolve(this.config.locals.get(name), {});
    this.inProgress.delete(key);
    this.localValues.set(name, v);
    return v;
  }

  /**
   * Instance keys of a resource or module call (count / for_each expansion). The notes about the expansion go to
   * `notes` on every call (the keys are computed once: a reference may ask first). At most
   * LIMITS.maxInstancesPerResource instances are expanded; `expansion()` says how many were cut.
   */
  public keysOf(declKey: string, body: Record<string, unknown>, what: string, notes: string[]): InstanceKey[] {
    let e = this.instanceKeys.get(declKey);
    if (!e) {
      e = this.expand(body, what);
      this.instanceKeys.set(declKey, e);
    }
    notes.push(...e.notes);
    return e.keys;
  }

  /** How a block expanded: instances cut by the limit, and why its count / for_each is invalid (Terraform rejects it). */
  public expansion(declKey: string): { cut: number; cutNote?: string; invalid?: string } | undefined {
    return this.instanceKeys.get(declKey);
  }

  private expand(body: Record<string, unknown>, what: string): Expansion {
    const limit = LIMITS.maxInstancesPerResource;
    const notes: string[] = [];
    const cutNote = (n: number, by: string): string => `${what}: ${by} gives ${n} instances, more than the limit of ${limit} per resource: the first ${limit} are evaluated, the other ${n - limit} are listed under notTranslated`;
    if (Object.prototype.hasOwnProperty.call(body, 'count')) {
      const c = this.resolve(body.count, {});
      let n: number | undefined;
      if (!isUnknownValue(c)) {
        try {
          n = tfToNumber(c);
        } catch {
          n = undefined;
        }
      }
      if (n === undefined || !Number.isInteger(n) || n < 0) {
        notes.push(`${what}: count is not known before apply; one instance with an unknown count.index is evaluated`);
        return { keys: [{ suffix: '[*]', frame: { countIndex: UNKNOWN } }], cut: 0, notes };
      }
      const capped = Math.min(n, limit);
      return { keys: Array.from({ length: capped }, (_, i) => ({ suffix: `[${i}]`, frame: { countIndex: i } })), cut: n - capped, notes, cutNote: capped < n ? cutNote(n, `count ${n}`) : undefined };
    }
    if (Object.prototype.hasOwnProperty.call(body, 'for_each')) {
      const fe = this.resolve(body.for_each, {});
      if (Array.isArray(fe) && !fe.some(isUnknownValue)) {
        const seen = new Set<string>();
        const keys: InstanceKey[] = [];
        let invalid: string | undefined;
        for (const e of fe) {
          let k: string;
          try {
            k = tfToString(e);
          } catch {
            invalid ??= `for_each holds ${Array.isArray(e) ? 'a list' : isTfObject(e) ? 'an object' : e === null ? 'null' : 'a value that is not a string'}; Terraform accepts a map or a set of strings (it rejects this configuration)`;
            continue;
          }
          if (seen.has(k)) continue;
          seen.add(k);
          if (keys.length < limit) keys.push({ suffix: `[${JSON.stringify(k)}]`, frame: { each: { key: k, value: k } } });
        }
        return { keys, cut: seen.size - keys.length, invalid, notes, cutNote: seen.size > limit ? cutNote(seen.size, `for_each (a set of ${seen.size} strings)`) : undefined };
      }
      if (isTfObject(fe)) {
        const all = Object.keys(fe);
        return { keys: all.slice(0, limit).map((k) => ({ suffix: `[${JSON.stringify(k)}]`, frame: { each: { key: k, value: fe[k] } } })), cut: Math.max(0, all.length - limit), notes, cutNote: all.length > limit ? cutNote(all.length, `for_each (a map of ${all.length} elements)`) : undefined };
      }
      notes.push(`${what}: for_each is not known before apply; one instance with unknown each.key / each.value is evaluated`);
      return { keys: [{ suffix: '[*]', frame: { each: { key: UNKNOWN, value: UNKNOWN } } }], cut: 0, notes };
    }
    return { keys: [{ suffix: '', frame: {} }], cut: 0, notes };
  }

  /** Resolved value of one argument (or block list) of a resource instance; undefined when not set. */
  public argument(decl: ResourceDecl, key: InstanceKey, name: string): TfValue | undefined {
    const cacheKey = `${decl.mode}.${decl.type}.${decl.name}${key.suffix}#${name}`;
    const cached = this.attrCache.get(cacheKey);
    if (cached !== undefined) return cached;
    if (this.inProgress.has(cacheKey)) return UNKNOWN;
    const hasStatic = Object.prototype.hasOwnProperty.call(decl.body, name) && !META_ARGS.has(name);
    const dynamics = dynamicBlocks(decl.body, name);
    if (!hasStatic && dynamics.length === 0) return undefined;
    this.inProgress.add(cacheKey);
    let v: TfValue = hasStatic ? this.resolve(decl.body[name], key.frame) : [];
    if (dynamics.length > 0) {
      const address = this.prefix() + (decl.mode === 'data' ? 'data.' : '') + `${decl.type}.${decl.name}`;
      v = this.expandDynamic(v, name, dynamics, key.frame, (block, n) => this.root.dynamicCut(address, block, n));
    }
    this.inProgress.delete(cacheKey);
    this.attrCache.set(cacheKey, v);
    return v;
  }

  /**
   * Expands dynamic blocks. More than LIMITS.maxInstancesPerResource blocks from one dynamic block are not expanded:
   * the argument is Unknown (a verdict that depends on it is undetermined, never a pass) and `cut` reports it.
   */
  private expandDynamic(staticValue: TfValue, name: string, dynamics: Record<string, unknown>[], frame: Frame, cut: (block: string, n: number) => void): TfValue {
    const out: TfValue[] = Array.isArray(staticValue) ? [...staticValue] : isTfObject(staticValue) ? [staticValue] : [];
    for (const d of dynamics) {
      const iterName = typeof own(d, 'iterator') === 'string' ? (own(d, 'iterator') as string) : name;
      const fe = this.resolve(own(d, 'for_each'), frame);
      const content = own(d, 'content');
      let items: { key: TfValue; value: TfValue }[];
      if (Array.isArray(fe) && !fe.some(isUnknownValue)) items = fe.map((v, i) => ({ key: i, value: v }));
      else if (isTfObject(fe)) items = Object.keys(fe).map((k) => ({ key: k, value: fe[k] }));
      else return UNKNOWN; // how many blocks there are is not known before apply
      if (items.length > LIMITS.maxInstancesPerResource) {
        cut(name, items.length);
        return UNKNOWN;
      }
      for (const item of items) {
        const iterators = new Map(frame.iterators ?? []);
        iterators.set(iterName, item);
        const sub: Frame = { ...frame, iterators };
        const block = this.resolve(content, sub);
        if (isTfObject(block) && isRecord(content)) {
          const nested = own(content, 'dynamic');
          if (isRecord(nested)) {
            for (const inner of keys(nested)) put(block, inner, this.expandDynamic(own(block, inner) ?? [], inner, blocks(nested[inner]), sub, cut));
            delete block.dynamic;
          }
        }
        out.push(block);
      }
    }
    return out;
  }

  private instancesOf(decl: ResourceDecl, notes: string[]): InstanceKey[] {
    return this.keysOf(`${decl.mode}.${decl.type}.${decl.name}`, decl.body, this.prefix() + (decl.mode === 'data' ? 'data.' : '') + `${decl.type}.${decl.name}`, notes);
  }

  public prefix(): string {
    return this.path ? this.path + '.' : '';
  }

  /** The value of `<decl>[key].<steps>` for a reference from another expression. */
  private resourceRef(decl: ResourceDecl, steps: readonly Step[]): TfValue {
    const keysList = this.instancesOf(decl, []);
    const counted = keysList.length !== 1 || keysList[0].suffix !== '';
    let i = 0;
    let key: InstanceKey | undefined;
    if (counted) {
      const s = steps[0];
      if (!s) return UNKNOWN;
      if (s.k === 'splat') return keysList.map((k) => this.instanceAttr(decl, k, steps, 1));
      if (s.k !== 'index' || isUnknownValue(s.key)) return UNKNOWN;
      const want = typeof s.key === 'number' ? `[${s.key}]` : `[${JSON.stringify(typeof s.key === 'string' ? s.key : '')}]`;
      key = keysList.find((k) => k.suffix === want);
      if (!key) return keysList.length === 1 && keysList[0].suffix === '[*]' ? this.instanceAttr(decl, keysList[0], steps, 1) : UNKNOWN;
      i = 1;
    } else key = keysList[0];
    return this.instanceAttr(decl, key, steps, i);
  }

  private instanceAttr(decl: ResourceDecl, key: InstanceKey, steps: readonly Step[], from: number): TfValue {
    const s = steps[from];
    if (!s || s.k !== 'attr') return UNKNOWN;
    const v = this.argument(decl, key, s.name);
    if (v === undefined) {
      // A computed attribute (id, or an optional argument the configuration leaves to the provider).
      if (from + 1 < steps.length) return UNKNOWN;
      const address = this.prefix() + (decl.mode === 'data' ? 'data.' : '') + `${decl.type}.${decl.name}${key.suffix}`;
      return decl.mode === 'data' ? UNKNOWN : new TfRef(address, s.name);
    }
    return applySteps(v, steps, from + 1);
  }

  public traverse(root: string, steps: readonly Step[], frame: Frame): TfValue {
    const first = steps[0];
    const attr = first && first.k === 'attr' ? first.name : undefined;
    const iter = frame.iterators?.get(root);
    if (iter) {
      if (attr === 'key') return applySteps(iter.key, steps, 1);
      if (attr === 'value') return applySteps(iter.value, steps, 1);
      return UNKNOWN;
    }
    switch (root) {
      case 'var':
        return attr ? applySteps(this.variable(attr), steps, 1) : UNKNOWN;
      case 'local':
        return attr ? applySteps(this.local(attr), steps, 1) : UNKNOWN;
      case 'count':
        return attr === 'index' && frame.countIndex !== undefined ? frame.countIndex : UNKNOWN;
      case 'each':
        if (!frame.each) return UNKNOWN;
        if (attr === 'key') return applySteps(frame.each.key, steps, 1);
        if (attr === 'value') return applySteps(frame.each.value, steps, 1);
        return UNKNOWN;
      case 'data': {
        const type = attr;
        const second = steps[1];
        if (!type || !second || second.k !== 'attr') return UNKNOWN;
        const decl = this.config.resources.get(`data.${type}.${second.name}`);
        return decl ? this.resourceRef(decl, steps.slice(2)) : UNKNOWN;
      }
      case 'module': {
        if (!attr) return UNKNOWN;
        const list = this.children.get(attr);
        if (!list || list.length !== 1) return UNKNOWN;
        const out = steps[1];
        if (!out || out.k !== 'attr') return UNKNOWN;
        return applySteps(list[0].output(out.name), steps, 2);
      }
      case 'path':
      case 'terraform':
      case 'self':
        return UNKNOWN;
      default: {
        if (!attr) return UNKNOWN;
        const decl = this.config.resources.get(`${root}.${attr}`);
        return decl ? this.resourceRef(decl, steps.slice(1)) : UNKNOWN;
      }
    }
  }

  public output(name: string): TfValue {
    if (!this.config.outputs.has(name)) return UNKNOWN;
    const key = 'output.' + name;
    if (this.inProgress.has(key)) return UNKNOWN;
    this.inProgress.add(key);
    const v = this.resolve(this.config.outputs.get(name), {});
    this.inProgress.delete(key);
    return v;
  }

  /** Resolved provider arguments (root module providers; child modules inherit the root's). */
  public provider(ref: string): { subscriptionId?: string | Unknown; tenantId?: string } | undefined {
    const [name, alias] = ref.split('.');
    const p = this.root.rootModule.config.providers.find((x) => x.name === name && x.alias === alias);
    if (!p) return undefined;
    const sub = p.body.subscription_id !== undefined ? this.root.rootModule.resolve(p.body.subscription_id, {}) : undefined;
    const ten = p.body.tenant_id !== undefined ? this.root.rootModule.resolve(p.body.tenant_id, {}) : undefined;
    return {
      subscriptionId: typeof sub === 'string' ? sub : sub === undefined || sub === null ? undefined : UNKNOWN,
      tenantId: typeof ten === 'string' ? ten : undefined,
    };
  }
}

function dynamicBlocks(body: Record<string, unknown>, name: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const d of blocks(own(body, 'dynamic'))) out.push(...blocks(own(d, name)));
  return out;
}

class Reader {
  public rootModule!: ModuleInstance;
  public readonly instances: TfInstance[] = [];
  public readonly notes: TranslationNote[] = [];
  public readonly notRead: NotTranslated[] = [];
  public readonly invalid: InvalidInput[] = [];
  public index: number;
  public readonly budget: Budget;
  /** Instances not emitted past LIMITS.maxResources (the input as a whole). */
  private overLimit = 0;
  private readonly invalidSeen = new Set<string>();

  constructor(public readonly options: ReadConfigurationOptions) {
    this.index = options.firstIndex ?? 0;
    this.budget = options.budget ?? new Budget();
  }

  /** Records a malformed block of the module at `prefix` (once: a module's files are collected per instance). */
  public malformed(prefix: string, m: MalformedBlock): void {
    const address = m.address === undefined ? undefined : prefix + m.address;
    const key = `${m.file}\u0000${address ?? ''}\u0000${m.reason}`;
    if (this.invalidSeen.has(key)) return;
    this.invalidSeen.add(key);
    this.invalid.push({ file: m.file, ...(address !== undefined ? { address } : {}), ...(m.type !== undefined ? { type: m.type } : {}), reason: m.reason });
    if (m.listed && address !== undefined && m.type !== undefined) this.notRead.push({ address, type: m.type });
    this.notes.push({ ...(address !== undefined ? { address } : {}), message: `${m.file}: ${m.reason}` });
  }

  /** Reports the instances of a block that its expansion cut, or an invalid count / for_each. */
  private expansionIssues(mod: ModuleInstance, declKey: string, address: string, type: string, file: string | undefined, listed: boolean): void {
    const e = mod.expansion(declKey);
    if (!e) return;
    if (e.cut > 0) {
      if (listed) this.notRead.push({ address, type, count: e.cut });
      if (e.cutNote) this.notes.push({ address, message: e.cutNote });
    }
    if (e.invalid) {
      this.invalid.push({ ...(file !== undefined ? { file } : {}), address, type, reason: `${address}: ${e.invalid}` });
      if (listed) this.notRead.push({ address, type });
    }
  }

  public load(mod: ModuleInstance): void {
    for (const call of mod.config.modules.values()) {
      const address = `${mod.prefix()}module.${call.name}`;
      const source = own(call.body, 'source');
      const local = typeof source === 'string' && (source.startsWith('./') || source.startsWith('../'));
      const loaded = local && this.options.loadModule && mod.depth < LIMITS.maxModuleDepth ? this.options.loadModule(source, mod.dir) : undefined;
      if (!loaded) {
        this.notRead.push({ address, type: 'module' });
        this.notes.push({ address, message: `module ${JSON.stringify(source)} is not read (${!local ? 'only local module sources are read; use a plan (terraform show -json) for registry modules' : mod.depth >= LIMITS.maxModuleDepth ? 'modules nested too deeply' : 'module folder not found or not readable'}): its resources are not evaluated` });
        continue;
      }
      const childNotes: string[] = [];
      const keysList = mod.keysOf(`module.${call.name}`, call.body, address, childNotes);
      childNotes.forEach((message) => this.notes.push({ address, message }));
      this.expansionIssues(mod, `module.${call.name}`, address, 'module', undefined, true);
      const list: ModuleInstance[] = [];
      for (const key of keysList) {
        const path = `${address}${key.suffix}`;
        const child = new ModuleInstance(
          collectModule(loaded.files, this.notes, (m) => this.malformed(path + '.', m)),
          path,
          loaded.dir,
          (name) => (Object.prototype.hasOwnProperty.call(call.body, name) && !META_ARGS.has(name) && name !== 'source' && name !== 'version' && name !== 'providers' ? mod.resolve(call.body[name], key.frame) : undefined),
          this,
          mod.depth + 1,
        );
        list.push(child);
      }
      mod.children.set(call.name, list);
      list.forEach((c) => this.load(c));
    }
  }

  public emit(mod: ModuleInstance): void {
    for (const decl of mod.config.resources.values()) {
      const notes: string[] = [];
      const base = mod.prefix() + (decl.mode === 'data' ? 'data.' : '') + `${decl.type}.${decl.name}`;
      const declKey = `${decl.mode}.${decl.type}.${decl.name}`;
      const keysList = mod.keysOf(declKey, decl.body, base, notes);
      this.expansionIssues(mod, declKey, base, decl.type, decl.file, decl.mode === 'managed');
      const providerRef = providerOf(decl, mod);
      const prov = mod.provider(providerRef);
      for (let k = 0; k < keysList.length; k++) {
        const key = keysList[k];
        if (this.instances.length >= LIMITS.maxResources) {
          // Past the limit for the whole input: the rest of this block (and every later one) is listed, not dropped.
          const rest = keysList.length - k;
          this.overLimit += rest;
          if (decl.mode === 'managed') this.notRead.push({ address: base, type: decl.type, ...(rest !== 1 || key.suffix !== '' ? { count: rest } : {}) });
          break;
        }
        const values = dict();
        const userArgs = new Set<string>();
        for (const name of new Set([...keys(decl.body), ...dynamicNames(decl.body)])) {
          if (META_ARGS.has(name)) continue;
          const v = mod.argument(decl, key, name);
          if (v === undefined) continue;
          put(values, name, v);
          userArgs.add(name);
        }
        const meta = own(decl.body, '//');
        const constructPath = isRecord(meta) && isRecord(own(meta, 'metadata')) && typeof own(own(meta, 'metadata') as Record<string, unknown>, 'path') === 'string' ? (own(own(meta, 'metadata') as Record<string, unknown>, 'path') as string) : undefined;
        const instNotes = [...notes];
        this.instances.push({
          address: base + key.suffix,
          mode: decl.mode,
          type: decl.type,
          name: decl.name,
          modulePath: mod.path,
          values,
          subscriptionId: prov?.subscriptionId,
          tenantId: prov?.tenantId,
          file: decl.file,
          line: decl.line,
          constructPath,
          typed: false,
          userArgs,
          index: this.index++,
          notes: instNotes,
        });
      }
    }
    for (const list of mod.children.values()) list.forEach((c) => this.emit(c));
  }

  private readonly dynamicSeen = new Set<string>();

  /** A dynamic block with more blocks than the limit: one note per resource block and argument. */
  public dynamicCut(address: string, block: string, n: number): void {
    const key = `${address}#${block}`;
    if (this.dynamicSeen.has(key)) return;
    this.dynamicSeen.add(key);
    this.notes.push({ address, message: `${address}: dynamic "${block}" gives ${n} blocks, more than the limit of ${LIMITS.maxInstancesPerResource}: ${block} is treated as not known before apply (verdicts that depend on it are undetermined)` });
  }

  /** The note about instances past LIMITS.maxResources, once for the input. */
  public finish(): void {
    if (this.overLimit > 0) this.notes.push({ message: `more than ${LIMITS.maxResources} resource instances: the other ${this.overLimit} are not evaluated (listed under notTranslated, one entry per resource block)` });
  }
}

function dynamicNames(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const d of blocks(own(body, 'dynamic'))) out.push(...keys(d));
  return out;
}

/** The provider configuration a resource uses: its `provider` meta-argument, or the default of its type's prefix. */
function providerOf(decl: ResourceDecl, mod: ModuleInstance): string {
  const p = own(decl.body, 'provider');
  if (typeof p === 'string') {
    const text = p.replace(/^\$\{(.*)\}$/, '$1').trim();
    if (/^[a-z0-9_-]+(\.[A-Za-z0-9_-]+)?$/.test(text)) return text;
  }
  void mod;
  return decl.type.split('_')[0];
}

/**
 * Reads a Terraform module (its JSON files, merged as Terraform merges the files of a folder) into resource
 * instances with resolved arguments.
 */
export function readConfiguration(files: readonly ConfigFile[], options: ReadConfigurationOptions = {}): { instances: TfInstance[]; notes: TranslationNote[]; notRead: NotTranslated[]; invalid: InvalidInput[] } {
  const reader = new Reader(options);
  const rootConfig = collectModule(files, reader.notes, (m) => reader.malformed('', m));
  const rootVars = options.variables;
  reader.rootModule = new ModuleInstance(rootConfig, '', options.dir, rootVars ? (name) => (Object.prototype.hasOwnProperty.call(rootVars, name) ? toTfValue(rootVars[name]) : undefined) : undefined, reader, 0);
  const azurerm = rootConfig.requiredProviders.get('azurerm');
  if (azurerm && !/(^|[^0-9.])4(\.|$)/.test(azurerm)) {
    reader.notes.push({ message: `the configuration requires azurerm ${azurerm}; the translation follows azurerm v4.55.0 (arguments of other versions are noted, not mapped)` });
  }
  reader.load(reader.rootModule);
  reader.emit(reader.rootModule);
  reader.finish();
  if (reader.budget.exhausted) reader.notes.push({ message: `evaluation stopped after ${LIMITS.maxEvaluationSteps} steps: the remaining expressions are unknown` });
  return { instances: reader.instances, notes: reader.notes, notRead: reader.notRead, invalid: reader.invalid };
}

/**
 * 1-based lines of `resource`/`data` declarations in the text of a JSON configuration, keyed `managed.type.name` /
 * `data.type.name`: one linear scan (strings and nesting tracked), no second parse.
 */
export function jsonResourceLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  // One entry per open container: whether it is an object, and its key path (arrays do not add a level).
  const stack: { obj: boolean; path: readonly string[] }[] = [];
  let line = 1;
  let expectKey = false;
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34 /* " */) {
      const startLine = line;
      let j = i + 1;
      let escaped = false;
      while (j < text.length && text.charCodeAt(j) !== 34) {
        if (text.charCodeAt(j) === 92) {
          escaped = true;
          j++;
        } else if (text.charCodeAt(j) === 10) line++;
        j++;
      }
      const top = stack[stack.length - 1];
      if (expectKey && top?.obj && top.path.length <= 2) {
        lastKey = escaped ? safeJsonString(text.slice(i, j + 1)) : text.slice(i + 1, j);
        if (top.path.length === 2 && (top.path[0] === 'resource' || top.path[0] === 'data')) {
          const k = `${top.path[0] === 'resource' ? 'managed' : 'data'}.${top.path[1]}.${lastKey}`;
          if (!out.has(k)) out.set(k, startLine);
        }
      }
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const top = stack[stack.length - 1];
      const path = !top ? [] : top.obj ? [...top.path, lastKey] : top.path;
      stack.push({ obj: c === 123, path: path.length > 3 ? path.slice(0, 3) : path });
      expectKey = c === 123;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 58 /* : */) expectKey = false;
    else if (c === 44 /* , */) expectKey = stack[stack.length - 1]?.obj ?? false;
  }
  return out;
}

function safeJsonString(quoted: string): string {
  try {
    const v = JSON.parse(quoted) as unknown;
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}

/** 1-based lines of `resource "type" "name"` / `data "type" "name"` blocks in HCL text. */
export function hclResourceLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /^[ \t]*(resource|data)[ \t]+"([^"\n]+)"[ \t]+"([^"\n]+)"/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const line = text.slice(0, m.index).split('\n').length;
    out.set(`${m[1] === 'resource' ? 'managed' : 'data'}.${m[2]}.${m[3]}`, line);
  }
  return out;
}
