/**
 * ARM template deployments (`azurerm_{resource_group,subscription,management_group,tenant}_template_deployment`,
 * internal/services/resource/*_template_deployment_resource.go): Azure Policy evaluates each resource of the
 * template as its own request, with the template's API version. The template's expressions are evaluated where their
 * inputs are literal (parameters from `parameters_content` or their defaultValue, variables, the pure template
 * functions of the policy engine, resourceId(), subscription(), resourceGroup(), deployment(), copyIndex()); anything
 * else (reference(), listKeys(), user functions, unknown parameters) is UNKNOWN.
 */
import { ExprNode, parseExpression as parseArmExpression } from '../../policy-engine/expression-parser';
import { TEMPLATE_FUNCTIONS } from '../../policy-engine/functions';
import { ArmObject, ArmValue, CustomHelpers, CustomResource, CustomTranslator, FieldContext } from '../mapping';
import { LIMITS, UNKNOWN, Unknown, dict, isUnknown, isUnknownValue, put } from '../values';
import { jsonString } from './governance';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Where the deployment runs: decides resource ids and what resourceGroup() / subscription() return. */
interface DeploymentScope {
  readonly kind: 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant';
  readonly subscription: string | Unknown;
  readonly resourceGroup?: string | Unknown;
  readonly resourceGroupLocation?: string | Unknown;
  readonly managementGroup?: string | Unknown;
  readonly deploymentName: string | Unknown;
  readonly location?: string | Unknown;
}

class Unevaluable extends Error {}

/** Evaluates ARM template expressions over known inputs. */
class TemplateEvaluator {
  private readonly variableCache = new Map<string, ArmValue>();
  private readonly inProgress = new Set<string>();
  public copyIndex: Map<string, number | Unknown> = new Map();
  public steps = 0;

  constructor(
    private readonly scope: DeploymentScope,
    private readonly parameters: Map<string, ArmValue>,
    private readonly variables: Record<string, unknown>,
  ) {}

  /** Deep-evaluates a template value: strings of the form "[...]" are expressions. */
  public value(v: unknown, depth = 0): ArmValue {
    if (++this.steps > LIMITS.maxEvaluationSteps / 10 || depth > LIMITS.maxDepth) return UNKNOWN;
    if (typeof v === 'string') {
      if (v.length >= 2 && v.startsWith('[') && v.endsWith(']') && !v.startsWith('[[')) return this.expression(v);
      return v.startsWith('[[') ? v.slice(1) : v;
    }
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return v.map((e) => this.value(e, depth + 1));
    if (typeof v === 'object') {
      const out = dict<ArmValue>();
      for (const k of Object.keys(v as object)) put(out, k, this.value((v as Record<string, unknown>)[k], depth + 1));
      return out;
    }
    return UNKNOWN;
  }

  public expression(text: string): ArmValue {
    let node: ExprNode;
    try {
      node = parseArmExpression(text, '');
    } catch {
      return UNKNOWN;
    }
    try {
      return this.node(node, 0);
    } catch (e) {
      if (e instanceof Unevaluable) return UNKNOWN;
      return UNKNOWN; // an evaluation error in the template: Azure would reject the deployment; not a value
    }
  }

  private node(n: ExprNode, depth: number): ArmValue {
    if (++this.steps > LIMITS.maxEvaluationSteps / 10 || depth > LIMITS.maxDepth) throw new Unevaluable();
    switch (n.k) {
      case 'str':
      case 'num':
        return n.v;
      case 'prop': {
        const o = this.node(n.obj, depth + 1);
        if (isUnknown(o) || o === null || typeof o !== 'object' || Array.isArray(o)) throw new Unevaluable();
        const key = Object.keys(o).find((k) => k.toLowerCase() === n.name.toLowerCase());
        if (key === undefined) throw new Unevaluable();
        return (o as ArmObject)[key];
      }
      case 'index': {
        const o = this.node(n.obj, depth + 1);
        const i = this.node(n.idx, depth + 1);
        if (isUnknown(o) || isUnknown(i)) throw new Unevaluable();
        if (Array.isArray(o) && typeof i === 'number') {
          if (i < 0 || i >= o.length) throw new Unevaluable();
          return o[i];
        }
        if (o && typeof o === 'object' && !Array.isArray(o) && typeof i === 'string') {
          const key = Object.keys(o).find((k) => k.toLowerCase() === i.toLowerCase());
          if (key === undefined) throw new Unevaluable();
          return (o as ArmObject)[key];
        }
        throw new Unevaluable();
      }
      case 'call':
        return this.call(n.name.toLowerCase(), n.args, depth);
    }
  }

  private call(name: string, argNodes: readonly ExprNode[], depth: number): ArmValue {
    const args = (): ArmValue[] => argNodes.map((a) => this.node(a, depth + 1));
    const known = (vals: ArmValue[]): Json[] => {
      if (vals.some((v) => containsUnknown(v))) throw new Unevaluable();
      return vals as Json[];
    };
    switch (name) {
      case 'parameters': {
        const [p] = known(args());
        if (typeof p !== 'string') throw new Unevaluable();
        const key = [...this.parameters.keys()].find((k) => k.toLowerCase() === p.toLowerCase());
        if (key === undefined) throw new Unevaluable();
        const v = this.parameters.get(key)!;
        if (isUnknown(v)) throw new Unevaluable();
        return v;
      }
      case 'variables': {
        const [p] = known(args());
        if (typeof p !== 'string') throw new Unevaluable();
        const key = Object.keys(this.variables).find((k) => k.toLowerCase() === p.toLowerCase());
        if (key === undefined) throw new Unevaluable();
        const cached = this.variableCache.get(key);
        if (cached !== undefined) return cached;
        if (this.inProgress.has(key)) throw new Unevaluable();
        this.inProgress.add(key);
        const v = this.value(this.variables[key]);
        this.inProgress.delete(key);
        this.variableCache.set(key, v);
        if (isUnknown(v)) throw new Unevaluable();
        return v;
      }
      case 'copyindex': {
        const a = known(args());
        const loop = typeof a[0] === 'string' ? a[0] : '';
        const offset = typeof a[0] === 'number' ? a[0] : typeof a[1] === 'number' ? a[1] : 0;
        const i = this.copyIndex.get(loop.toLowerCase()) ?? this.copyIndex.get('');
        if (i === undefined || isUnknown(i)) throw new Unevaluable();
        return i + offset;
      }
      case 'subscription':
        if (isUnknown(this.scope.subscription)) throw new Unevaluable();
        return obj({ id: `/subscriptions/${this.scope.subscription}`, subscriptionId: this.scope.subscription });
      case 'resourcegroup': {
        const rg = this.scope.resourceGroup;
        if (rg === undefined || isUnknown(rg) || isUnknown(this.scope.subscription)) throw new Unevaluable();
        const loc = this.scope.resourceGroupLocation;
        return obj({ id: `/subscriptions/${this.scope.subscription}/resourceGroups/${rg}`, name: rg, location: loc === undefined ? UNKNOWN : loc });
      }
      case 'deployment':
        if (isUnknown(this.scope.deploymentName)) throw new Unevaluable();
        return obj({ name: this.scope.deploymentName });
      case 'resourceid':
      case 'subscriptionresourceid':
      case 'extensionresourceid':
      case 'tenantresourceid':
        return this.resourceIdFunction(name, known(args()));
      default: {
        const spec = TEMPLATE_FUNCTIONS[name];
        if (!spec) throw new Unevaluable(); // reference(), list*(), user functions, ...
        const vals = known(args());
        if (vals.length < spec.min || vals.length > spec.max) throw new Unevaluable();
        const out = spec.fn(vals as never);
        return fromEngine(out);
      }
    }
  }

  /** resourceId([subscriptionId], [resourceGroupName], type, name1, name2...), subscriptionResourceId(...), ... */
  private resourceIdFunction(name: string, a: Json[]): ArmValue {
    if (!a.every((x) => typeof x === 'string')) throw new Unevaluable();
    const s = a as string[];
    const typeIndex = s.findIndex((x) => /^[A-Za-z0-9]+\.[A-Za-z0-9.]+\/[A-Za-z0-9]/.test(x));
    if (typeIndex < 0) throw new Unevaluable();
    const type = s[typeIndex];
    const names = s.slice(typeIndex + 1);
    const path = typePath(type, names);
    if (path === undefined) throw new Unevaluable();
    const prefix = s.slice(0, typeIndex);
    if (name === 'tenantresourceid') return path;
    if (name === 'extensionresourceid') {
      if (prefix.length !== 1) throw new Unevaluable();
      return `${prefix[0].replace(/\/+$/, '')}${path}`;
    }
    const sub = prefix.length >= (name === 'resourceid' ? 2 : 1) ? prefix[0] : this.scope.subscription;
    if (isUnknown(sub)) throw new Unevaluable();
    if (name === 'subscriptionresourceid') return `/subscriptions/${sub}${path}`;
    const rg = prefix.length === 2 ? prefix[1] : prefix.length === 1 ? prefix[0] : this.scope.resourceGroup;
    if (this.scope.kind === 'subscription' && prefix.length === 0) return `/subscriptions/${sub}${path}`;
    if (rg === undefined || isUnknown(rg)) throw new Unevaluable();
    return `/subscriptions/${sub}/resourceGroups/${rg}${path}`;
  }
}

/** `/providers/<ns>/<t1>/<n1>/<t2>/<n2>` from a type and its names; undefined when counts do not match. */
function typePath(type: string, names: readonly string[]): string | undefined {
  const [ns, ...types] = type.split('/');
  if (!ns || types.length === 0 || types.length !== names.length) return undefined;
  return `/providers/${ns}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
}

function containsUnknown(v: ArmValue, depth = 0): boolean {
  if (isUnknown(v)) return true;
  if (depth > LIMITS.maxDepth) return true;
  if (Array.isArray(v)) return v.some((e) => containsUnknown(e, depth + 1));
  if (v !== null && typeof v === 'object') return Object.keys(v).some((k) => containsUnknown((v as ArmObject)[k], depth + 1));
  return false;
}

function obj(fields: Record<string, ArmValue>): ArmObject {
  const o = dict<ArmValue>();
  for (const k of Object.keys(fields)) put(o, k, fields[k]);
  return o;
}

function fromEngine(v: unknown, depth = 0): ArmValue {
  if (v === undefined) throw new Unevaluable();
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (depth > LIMITS.maxDepth) return UNKNOWN;
  if (Array.isArray(v)) return v.map((e) => fromEngine(e, depth + 1));
  const out = dict<ArmValue>();
  for (const k of Object.keys(v as object)) put(out, k, fromEngine((v as Record<string, unknown>)[k], depth + 1));
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);
}

function member(o: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

/**
 * Expands a template into the ARM resources it deploys (request view). Notes go to `note`; parts that cannot be
 * expanded (nested deployments, unknown copy counts) are reported with `notTranslated`.
 */
export function expandTemplate(template: unknown, parameterValues: unknown, scope: DeploymentScope, note: (m: string) => void, notTranslated: (reason: string, armType?: string, count?: number) => void): CustomResource[] {
  if (!isRecord(template)) {
    notTranslated('template_content is not a JSON object: its resources are not evaluated');
    return [];
  }
  // Parameters: given values (parameters_content: {"name": {"value": ...}} or a parameters file), else defaultValue.
  const given = isRecord(parameterValues) && isRecord(member(parameterValues, 'parameters')) && member(parameterValues, '$schema') !== undefined ? (member(parameterValues, 'parameters') as Record<string, unknown>) : isRecord(parameterValues) ? parameterValues : {};
  const params = new Map<string, ArmValue>();
  const declared = member(template, 'parameters');
  const evaluator = new TemplateEvaluator(scope, params, isRecord(member(template, 'variables')) ? (member(template, 'variables') as Record<string, unknown>) : {});
  if (isRecord(declared)) {
    for (const name of Object.keys(declared)) {
      const g = Object.keys(given).find((k) => k.toLowerCase() === name.toLowerCase());
      const entry = g !== undefined ? given[g] : undefined;
      if (isRecord(entry) && member(entry, 'value') !== undefined) params.set(name, toArm(member(entry, 'value')));
      else if (isRecord(entry) && member(entry, 'reference') !== undefined) params.set(name, UNKNOWN); // Key Vault reference
      else if (isUnknown(entry)) params.set(name, UNKNOWN);
      else {
        const d = isRecord(declared[name]) ? member(declared[name] as Record<string, unknown>, 'defaultValue') : undefined;
        params.set(name, d === undefined ? UNKNOWN : evaluator.value(d));
        if (d === undefined) note(`template parameter ${name} has no value: values derived from it are unknown`);
      }
    }
  }
  const out: CustomResource[] = [];
  const resourcesRaw = member(template, 'resources');
  const list: unknown[] = Array.isArray(resourcesRaw) ? resourcesRaw : isRecord(resourcesRaw) ? Object.values(resourcesRaw) : [];
  const max = LIMITS.maxTemplateResources;
  const typeOf = (raw: Record<string, unknown>): string | undefined => {
    const t = evaluator.value(member(raw, 'type'));
    return typeof t === 'string' ? t : undefined;
  };
  const overLimit = (raw: Record<string, unknown>, n: number): void => notTranslated(`the template has more than ${max} resources: the rest are not evaluated`, typeOf(raw), n);
  const emit = (raw: unknown, parent: { type: string; names: ArmValue[] } | undefined, depth: number): void => {
    if (!isRecord(raw)) {
      notTranslated('a template resource is not a JSON object (Azure rejects the template): it is not evaluated');
      return;
    }
    if (depth > 4) {
      notTranslated('template resources nested more than 4 levels deep (resources of resources) are not expanded: they are not evaluated', typeOf(raw));
      return;
    }
    if (out.length >= max) {
      overLimit(raw, 1);
      return;
    }
    const condition = member(raw, 'condition');
    if (condition !== undefined) {
      const c = evaluator.value(condition);
      if (c === false) return;
      if (isUnknown(c)) note('a template resource has a condition not known before apply: it is evaluated as if deployed');
    }
    const copy = member(raw, 'copy');
    if (isRecord(copy)) {
      const count = evaluator.value(member(copy, 'count'));
      const loop = typeof member(copy, 'name') === 'string' ? (member(copy, 'name') as string).toLowerCase() : '';
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        note('a template resource copy loop has a count not known before apply: one copy with an unknown copyIndex() is evaluated');
        evaluator.copyIndex.set(loop, UNKNOWN);
        one(raw, parent, depth);
      } else {
        for (let i = 0; i < count; i++) {
          if (out.length >= max) {
            overLimit(raw, count - i); // the copies past the limit, counted (not expanded one by one)
            break;
          }
          evaluator.copyIndex.set(loop, i);
          evaluator.copyIndex.set('', i);
          one(raw, parent, depth);
        }
      }
      evaluator.copyIndex.delete(loop);
      return;
    }
    one(raw, parent, depth);
  };
  const one = (raw: Record<string, unknown>, parent: { type: string; names: ArmValue[] } | undefined, depth: number): void => {
    const typeRaw = evaluator.value(member(raw, 'type'));
    const nameRaw = evaluator.value(member(raw, 'name'));
    if (typeof typeRaw !== 'string') {
      notTranslated('a template resource has a type not known before apply: it is not evaluated');
      return;
    }
    const type = parent && !typeRaw.includes('/') ? `${parent.type}/${typeRaw}` : parent && !typeRaw.startsWith(parent.type.split('/')[0] + '/') ? `${parent.type}/${typeRaw}` : typeRaw;
    if (type.toLowerCase() === 'microsoft.resources/deployments') {
      notTranslated('nested deployments (Microsoft.Resources/deployments) in a template are not expanded: their resources are not evaluated', 'Microsoft.Resources/deployments');
      return;
    }
    const ownNames: ArmValue[] = typeof nameRaw === 'string' ? nameRaw.split('/') : [UNKNOWN];
    const names = parent && typeof nameRaw === 'string' && ownNames.length === 1 ? [...parent.names, ...ownNames] : ownNames;
    const apiVersion = evaluator.value(member(raw, 'apiVersion'));
    const resource = dict<ArmValue>();
    const segments = type.split('/').length - 1;
    const namesKnown = names.every((n) => typeof n === 'string') && names.length === segments;
    const path = namesKnown ? typePath(type, names as string[]) : undefined;
    const scopeValue = member(raw, 'scope') !== undefined ? evaluator.value(member(raw, 'scope')) : undefined;
    resource.id = path === undefined ? UNKNOWN : idFor(scope, path, scopeValue);
    resource.name = names.length ? names[names.length - 1] : UNKNOWN;
    resource.type = type;
    for (const key of ['location', 'kind', 'sku', 'identity', 'tags', 'zones', 'plan', 'extendedLocation', 'properties', 'managedBy']) {
      const v = member(raw, key);
      if (v !== undefined) resource[key] = key === 'location' ? normalise(evaluator.value(v)) : evaluator.value(v);
    }
    out.push({ resource, apiVersion: typeof apiVersion === 'string' ? apiVersion : undefined });
    const children = member(raw, 'resources');
    if (Array.isArray(children)) for (const c of children) emit(c, { type, names }, depth + 1);
  };
  for (const r of list) emit(r, undefined, 0);
  return out;
}

function normalise(v: ArmValue): ArmValue {
  return typeof v === 'string' ? v.toLowerCase().replace(/ /g, '') : v;
}

function idFor(scope: DeploymentScope, path: string, scopeValue: ArmValue | undefined): ArmValue {
  if (scopeValue !== undefined) return typeof scopeValue === 'string' ? `${scopeValue.replace(/\/+$/, '')}${path}` : UNKNOWN;
  switch (scope.kind) {
    case 'resourceGroup':
      return typeof scope.subscription === 'string' && typeof scope.resourceGroup === 'string' ? `/subscriptions/${scope.subscription}/resourceGroups/${scope.resourceGroup}${path}` : UNKNOWN;
    case 'subscription':
      return typeof scope.subscription === 'string' ? `/subscriptions/${scope.subscription}${path}` : UNKNOWN;
    case 'managementGroup':
      return typeof scope.managementGroup === 'string' ? `/providers/Microsoft.Management/managementGroups/${scope.managementGroup}${path}` : UNKNOWN;
    default:
      return path;
  }
}

function toArm(v: unknown, depth = 0): ArmValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (isUnknownValue(v) || depth > LIMITS.maxDepth) return UNKNOWN;
  if (Array.isArray(v)) return v.map((e) => toArm(e, depth + 1));
  if (typeof v === 'object') {
    const out = dict<ArmValue>();
    for (const k of Object.keys(v as object)) put(out, k, toArm((v as Record<string, unknown>)[k], depth + 1));
    return out;
  }
  return UNKNOWN;
}

/** The JSON text of an argument (a string, or already an object in some plans); UNKNOWN when not known. */
function jsonArgument(ctx: FieldContext, arg: string): unknown {
  const raw = ctx.raw(arg);
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return jsonString(raw, ctx);
  return toArm(raw);
}

function deployment(terraformType: string, kind: DeploymentScope['kind'], file: string): CustomTranslator {
  return {
    terraformType,
    source: `internal/services/resource/${file}`,
    custom: (ctx: FieldContext, helpers: CustomHelpers): CustomResource[] => {
      if (ctx.has('template_spec_version_id') && !ctx.has('template_content')) {
        helpers.notTranslated('the template comes from a template spec (template_spec_version_id): its resources are not evaluated');
        return [];
      }
      const template = jsonArgument(ctx, 'template_content');
      if (template === undefined || isUnknown(template)) {
        helpers.notTranslated('template_content is not known before apply: the template\'s resources are not evaluated');
        return [];
      }
      const params = jsonArgument(ctx, 'parameters_content');
      const rg = kind === 'resourceGroup' ? ctx.get('resource_group_name') : undefined;
      const mg = kind === 'managementGroup' ? managementGroupName(ctx.idOf(ctx.raw('management_group_id'))) : undefined;
      const name = ctx.get('name');
      const loc = ctx.get('location');
      return expandTemplate(
        template,
        isUnknown(params) ? {} : params,
        {
          kind,
          subscription: helpers.subscription,
          resourceGroup: rg === undefined ? undefined : typeof rg === 'string' ? rg : UNKNOWN,
          managementGroup: mg,
          deploymentName: typeof name === 'string' ? name : UNKNOWN,
          location: typeof loc === 'string' ? loc : loc === undefined ? undefined : UNKNOWN,
        },
        (m) => ctx.note(m),
        (reason, armType, count) => helpers.notTranslated(reason, armType, count),
      );
    },
  };
}

function managementGroupName(id: string | Unknown): string | Unknown {
  if (typeof id !== 'string') return UNKNOWN;
  const m = /\/managementGroups\/([^/]+)$/i.exec(id);
  return m ? m[1] : UNKNOWN;
}

export const resourceGroupTemplateDeployment = deployment('azurerm_resource_group_template_deployment', 'resourceGroup', 'resource_group_template_deployment_resource.go');
export const subscriptionTemplateDeployment = deployment('azurerm_subscription_template_deployment', 'subscription', 'subscription_template_deployment_resource.go');
export const managementGroupTemplateDeployment = deployment('azurerm_management_group_template_deployment', 'managementGroup', 'management_group_template_deployment_resource.go');
export const tenantTemplateDeployment = deployment('azurerm_tenant_template_deployment', 'tenant', 'tenant_template_deployment_resource.go');

export const TEMPLATE_MAPPINGS: readonly CustomTranslator[] = [resourceGroupTemplateDeployment, subscriptionTemplateDeployment, managementGroupTemplateDeployment, tenantTemplateDeployment];
