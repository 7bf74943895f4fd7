import { Cond, compileCondition } from './conditions';
import { CompileState, EvalCtx, compiledReads, envOf, existenceShareId } from './context';
import { AssignmentFailure, EvalFailure, PolicyEngineError, ptr } from './errors';
import { Ev } from './ev';
import { compileDeepValue, compileValue } from './expr';
import { isExpressionString } from './expression-parser';
import { looksLikeAlias, resolveField } from './fields';
import { isUnknown } from './unknown';
import { JsonObject, JsonValue, Value, fold, getProp, isObject, memberCI, show, typeName } from './values';

/**
 * Effects: the names Azure accepts and, for the effects whose details say what happens, how the details are
 * compiled and reported in the result. To add an effect: add its name to EFFECTS and, if it has details, a compiler
 * to DETAILS_COMPILERS (auditIfNotExists / deployIfNotExists, which look for related resources, are evaluated in
 * policy.ts).
 */

/**
 * Effect names, canonical spelling. Azure Policy's effects (docs: concepts/effect-basics), plus those only
 * resource provider modes use: Mutate (Microsoft.Kubernetes.Data), AddToNetworkGroup (Microsoft.Network.Data, Azure
 * Virtual Network Manager), EnforceOPAConstraint / EnforceRegoPolicy (the legacy AKS modes), enforceSetting
 * (Microsoft.MachineLearningServices.Data) and AuditAction (the built-in "MFA_DenyAction" offers it beside DenyAction).
 */
export const EFFECTS: readonly string[] = [
  'Deny', 'Audit', 'Append', 'Modify', 'AuditIfNotExists', 'DeployIfNotExists', 'DenyAction', 'AuditAction', 'Manual', 'Disabled',
  'Mutate', 'AddToNetworkGroup', 'EnforceOPAConstraint', 'EnforceRegoPolicy', 'EnforceSetting',
];
export const EFFECT_BY_FOLD: ReadonlyMap<string, string> = new Map(EFFECTS.map((e) => [e.toLowerCase(), e]));

/** The canonical name of an effect; an unknown one fails (compile, or evaluate for a parameter's value). */
export function canonicalEffect(v: Value, pointer: string, stage: 'compile' | 'evaluate'): string {
  const e = typeof v === 'string' ? EFFECT_BY_FOLD.get(v.toLowerCase()) : undefined;
  if (!e) {
    const msg = `unknown effect ${show(v)} (allowed: ${EFFECTS.join(', ')})`;
    if (stage === 'compile') throw new PolicyEngineError('compile', msg, pointer);
    throw new EvalFailure(msg, pointer);
  }
  return e;
}

/** Evaluates an effect's details for the result. */
export type DetailsFn = (ctx: EvalCtx) => unknown;

function checkModifiable(field: unknown, st: CompileState, at: string): void {
  if (typeof field !== 'string') throw new PolicyEngineError('parse', `"field" must be a string, got ${typeName(field as Value)}`, at);
  if (isExpressionString(field)) return;
  const rf = resolveField(field, st.catalog, at, st.dataPlane);
  if (looksLikeAlias(field) && rf.alias && rf.alias.modifiable === false) {
    throw new PolicyEngineError('compile', `alias '${field}' is not modifiable (the modify effect can only change aliases marked Modifiable)`, at);
  }
}

/** Whether the evaluation has no requestContext().apiVersion (offline evaluation without request information). */
function noRequestApiVersion(ctx: EvalCtx): boolean {
  const rc = envOf(ctx).requestContext;
  return !isObject(rc) || getProp(rc, 'apiVersion') === undefined;
}

function compileModify(details: Value, st: CompileState, at: string): DetailsFn {
  if (!isObject(details)) throw new PolicyEngineError('parse', 'modify needs "details" with "roleDefinitionIds" and "operations"', at);
  const opsM = memberCI(details, 'operations');
  if (!opsM || !Array.isArray(opsM[1]) || opsM[1].length === 0) throw new PolicyEngineError('parse', 'modify details need a non-empty "operations" array', ptr(at, opsM ? opsM[0] : 'operations'));
  const opsAt = ptr(at, opsM[0]);
  const ops = opsM[1].map((o, i) => {
    const oAt = ptr(opsAt, i);
    if (!isObject(o)) throw new PolicyEngineError('parse', 'a modify operation must be an object', oAt);
    const kind = memberCI(o, 'operation');
    const k = kind && typeof kind[1] === 'string' ? ['add', 'addOrReplace', 'remove'].find((x) => x.toLowerCase() === (kind[1] as string).toLowerCase()) : undefined;
    if (!k) throw new PolicyEngineError('parse', 'a modify operation needs "operation": add, addOrReplace or remove', ptr(oAt, kind ? kind[0] : 'operation'));
    const field = memberCI(o, 'field');
    if (!field) throw new PolicyEngineError('parse', 'a modify operation needs "field"', oAt);
    checkModifiable(field[1], st, ptr(oAt, field[0]));
    const fieldEv = compileValue(field[1], st, ptr(oAt, field[0]));
    const value = memberCI(o, 'value');
    if (k !== 'remove' && !value) throw new PolicyEngineError('parse', `a modify "${k}" operation needs "value"`, oAt);
    const valueEv = value ? compileDeepValue(value[1], st, ptr(oAt, value[0])) : undefined;
    const cond = memberCI(o, 'condition');
    const condEv = cond ? compileValue(cond[1], st, ptr(oAt, cond[0])) : undefined;
    return { k, fieldEv, valueEv, condEv, condRaw: cond ? cond[1] : undefined, condPtr: cond ? ptr(oAt, cond[0]) : oAt };
  });
  const role = memberCI(details, 'roleDefinitionIds');
  const conflict = memberCI(details, 'conflictEffect');
  return (ctx) => {
    const operations: JsonObject[] = [];
    for (const o of ops) {
      let undetermined = false;
      if (o.condEv) {
        // Operation conditions are evaluated when the request is remediated, typically on requestContext().apiVersion.
        // When the request information is not supplied, the operation is reported with its condition unevaluated:
        // it does not change whether the policy applies.
        let c: Value;
        try {
          c = o.condEv(ctx);
        } catch (e) {
          if (!(e instanceof EvalFailure) || e instanceof AssignmentFailure || !noRequestApiVersion(ctx)) throw e;
          c = undefined;
        }
        if (isUnknown(c)) undetermined = true; // known only after apply: reported with its condition
        else if (c === undefined && noRequestApiVersion(ctx)) undetermined = true;
        else if (c !== true && c !== false) throw new EvalFailure(`modify operation condition must be a boolean, got ${typeName(c)}`, o.condPtr);
        else if (!c) continue;
      }
      const out: JsonObject = { operation: o.k, field: o.fieldEv(ctx) ?? null };
      if (o.valueEv) out.value = o.valueEv(ctx) ?? null;
      if (undetermined) out.condition = o.condRaw as JsonValue;
      operations.push(out);
    }
    return {
      ...(role ? { roleDefinitionIds: role[1] } : {}),
      ...(conflict ? { conflictEffect: conflict[1] } : {}),
      operations,
    };
  };
}

function compileAppend(details: Value, st: CompileState, at: string): DetailsFn {
  const list = Array.isArray(details) ? details : isObject(details) ? [details] : undefined;
  if (!list || list.length === 0) throw new PolicyEngineError('parse', 'append needs "details": an array of {field, value}', at);
  const items = list.map((d, i) => {
    const dAt = Array.isArray(details) ? ptr(at, i) : at;
    if (!isObject(d)) throw new PolicyEngineError('parse', 'an append entry must be an object {field, value}', dAt);
    const field = memberCI(d, 'field');
    const value = memberCI(d, 'value');
    if (!field || !value) throw new PolicyEngineError('parse', 'an append entry needs "field" and "value"', dAt);
    if (typeof field[1] !== 'string') throw new PolicyEngineError('parse', '"field" must be a string', ptr(dAt, field[0]));
    if (!isExpressionString(field[1])) resolveField(field[1], st.catalog, ptr(dAt, field[0]), st.dataPlane);
    return { field: compileValue(field[1], st, ptr(dAt, field[0])), value: compileDeepValue(value[1], st, ptr(dAt, value[0])) };
  });
  return (ctx) => items.map((it) => ({ field: it.field(ctx) ?? null, value: it.value(ctx) ?? null }));
}

/** Compiled auditIfNotExists / deployIfNotExists details. */
export interface IfNotExists {
  type?: Ev;
  name?: Ev;
  /** details.resourceGroupName: evaluated before the lookup it directs (an error in it fails the evaluation). */
  resourceGroup?: Ev;
  existence?: Cond;
  /** existenceShareId of the existence condition, when its verdict depends on nothing but the two resources. */
  shareId?: number;
  /** The reported details; `resourceGroup` is the value already evaluated, when the details have one. */
  out: (ctx: EvalCtx, resourceGroup?: Value) => Value;
}

export function compileIfNotExists(details: Value, st: CompileState, at: string, effectName: string): IfNotExists {
  if (!isObject(details)) throw new PolicyEngineError('parse', `${effectName} needs "details" with at least "type"`, at);
  const t = memberCI(details, 'type');
  if (!t) throw new PolicyEngineError('parse', `${effectName} details need "type" (the related resource type)`, at);
  const type = compileValue(t[1], st, ptr(at, t[0]));
  const n = memberCI(details, 'name');
  const name = n ? compileValue(n[1], st, ptr(at, n[0])) : undefined;
  const ec = memberCI(details, 'existenceCondition');
  let existence: Cond | undefined;
  let shareId: number | undefined;
  if (ec) {
    // Still within the details: uniqueString()/guid() allowed (Microsoft's Network Watcher workspace built-ins
    // 69f5d115-... and 1c46fa74-... compare the id of the workspace they deploy, named with uniqueString()).
    const est: CompileState = { ...st, scopes: [], inExistence: true };
    const { context, history } = compiledReads;
    existence = compileCondition(ec[1], est, ptr(at, ec[0]));
    // Shared only where the verdict and its cost in steps depend on the two resources alone.
    if (compiledReads.context === context && compiledReads.history === history && !st.dataPlane) shareId = existenceShareId(st.catalog, ec[1]);
  }
  const rg = memberCI(details, 'resourceGroupName');
  const rgEv = rg ? compileValue(rg[1], st, ptr(at, rg[0])) : undefined;
  const role = memberCI(details, 'roleDefinitionIds');
  const scope = memberCI(details, 'existenceScope');
  const dep = memberCI(details, 'deployment');
  let depParams: Ev | undefined;
  if (dep && isObject(dep[1])) {
    const dp = memberCI(dep[1], 'properties');
    const pp = dp && isObject(dp[1]) ? memberCI(dp[1], 'parameters') : undefined;
    if (dp && pp && isObject(pp[1])) depParams = compileDeepValue(pp[1], st, ptr(at, dep[0], dp[0], pp[0]));
  }
  const out = (ctx: EvalCtx, resourceGroup?: Value): Value => {
    const o: JsonObject = { type: type(ctx) ?? null };
    if (name) o.name = name(ctx) ?? null;
    if (rgEv) o.resourceGroupName = (resourceGroup !== undefined ? resourceGroup : rgEv(ctx)) as JsonValue ?? null;
    if (scope) o.existenceScope = scope[1];
    if (role) o.roleDefinitionIds = role[1];
    if (depParams) {
      // Deployment parameters are evaluated by ARM at deployment time; a failure there does not change compliance.
      try {
        o.deploymentParameters = (depParams(ctx) ?? null) as JsonValue;
      } catch {
        o.deploymentParameters = null;
      }
    }
    return o;
  };
  return { type, name, ...(rgEv ? { resourceGroup: rgEv } : {}), existence, ...(shareId !== undefined ? { shareId } : {}), out };
}


// ------------------------------------------------------------------ denyAction / AuditAction

/** The actions denyAction can block (docs: concepts/effect-deny-action: "Supported action names are: delete"). */
const ACTION_NAMES = ['delete'];
const CASCADE_VALUES = ['allow', 'deny'];

/**
 * denyAction (and AuditAction) details: `actionNames` (required: the actions to block, "delete"), `cascadeBehaviors`
 * (optional: what happens when a resource group deletion would delete the resource, `{"resourceGroup": "allow" |
 * "deny"}`; only in mode Indexed). Reported as evaluated; other members pass through.
 */
function compileActionDetails(effect: string): DetailsCompiler {
  return (details, st, at, mode) => {
    if (!isObject(details)) throw new PolicyEngineError('parse', `${effect} needs "details" with "actionNames"`, at);
    const names = memberCI(details, 'actionNames');
    if (!names) throw new PolicyEngineError('parse', `${effect} details need "actionNames" (allowed: ${ACTION_NAMES.join(', ')})`, at);
    const namesAt = ptr(at, names[0]);
    const checkNames = (v: Value, fail: (msg: string) => never): void => {
      if (isUnknown(v)) return;
      if (!Array.isArray(v) || v.length === 0) fail(`"actionNames" must be a non-empty array, got ${show(v)}`);
      for (const n of v as Value[]) {
        if (typeof n !== 'string' || !ACTION_NAMES.includes(n.toLowerCase())) fail(`"actionNames" holds ${show(n)} (allowed: ${ACTION_NAMES.join(', ')})`);
      }
    };
    const namesEv = compileDeepValue(names[1], st, namesAt);
    if (namesEv.constant) checkNames(namesEv.value, (msg) => { throw new PolicyEngineError('compile', msg, namesAt); });
    const cascade = memberCI(details, 'cascadeBehaviors');
    let cascadeEv: Ev | undefined;
    if (cascade) {
      const cAt = ptr(at, cascade[0]);
      if (fold(mode) !== 'indexed') throw new PolicyEngineError('compile', `"cascadeBehaviors" is only supported in policy definitions with mode Indexed (this one is ${mode})`, cAt);
      if (!isObject(cascade[1]) && !(typeof cascade[1] === 'string' && isExpressionString(cascade[1]))) throw new PolicyEngineError('parse', `"cascadeBehaviors" must be an object such as {"resourceGroup": "deny"}, got ${typeName(cascade[1])}`, cAt);
      if (isObject(cascade[1])) {
        for (const [k, v] of Object.entries(cascade[1])) {
          if (typeof v === 'string' && !isExpressionString(v) && !CASCADE_VALUES.includes(v.toLowerCase())) {
            throw new PolicyEngineError('compile', `"cascadeBehaviors.${k}" must be ${CASCADE_VALUES.join(' or ')}, got ${show(v)}`, ptr(cAt, k));
          }
        }
      }
      cascadeEv = compileDeepValue(cascade[1], st, cAt);
    }
    const rest = Object.keys(details).filter((k) => !['actionnames', 'cascadebehaviors'].includes(k.toLowerCase()));
    return (ctx) => {
      const actionNames = namesEv(ctx);
      if (!namesEv.constant) checkNames(actionNames, (msg) => { throw new EvalFailure(msg, namesAt); });
      const out = {} as JsonObject;
      out.actionNames = (actionNames ?? null) as JsonValue;
      if (cascadeEv) out.cascadeBehaviors = (cascadeEv(ctx) ?? null) as JsonValue;
      for (const k of rest) out[k] = details[k];
      return out;
    };
  };
}

// ------------------------------------------------------------------ Mutate

/**
 * Mutate details (Azure Policy for Kubernetes, mode Microsoft.Kubernetes.Data; docs: concepts/effect-mutate):
 * `mutationInfo` may not be parameterised and needs `sourceType` PublicURL (with `url`) or Base64Encoded; the other
 * members (source, namespaces, excludedNamespaces, labelSelector, ...) may be expressions. Reported as evaluated.
 */
const compileMutate: DetailsCompiler = (details, st, at) => {
  if (!isObject(details)) throw new PolicyEngineError('parse', `Mutate needs "details" with "mutationInfo"`, at);
  const info = memberCI(details, 'mutationInfo');
  if (info) {
    const iAt = ptr(at, info[0]);
    if (!isObject(info[1])) throw new PolicyEngineError('parse', `"mutationInfo" must be an object (it can't be parameterized), got ${typeName(info[1])}`, iAt);
    const source = memberCI(info[1], 'sourceType');
    const allowed = ['PublicURL', 'Base64Encoded'];
    if (!source || typeof source[1] !== 'string' || !allowed.some((a) => a.toLowerCase() === (source[1] as string).toLowerCase())) {
      throw new PolicyEngineError('compile', `"mutationInfo.sourceType" must be ${allowed.join(' or ')}, got ${show(source?.[1])}`, ptr(iAt, source ? source[0] : 'sourceType'));
    }
    if (source[1].toLowerCase() === 'publicurl' && !memberCI(info[1], 'url')) throw new PolicyEngineError('compile', '"mutationInfo" with sourceType PublicURL needs "url"', iAt);
  }
  const all = compileDeepValue(details, st, at);
  return (ctx) => all(ctx);
};

// ------------------------------------------------------------------ AddToNetworkGroup

const NETWORK_GROUP_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/networkManagers\/[^/]+\/networkGroups\/[^/]+$/i;

/**
 * addToNetworkGroup details (Azure Virtual Network Manager, mode Microsoft.Network.Data): `networkGroupId`, the full
 * resource id of the network group the matching virtual networks join.
 */
const compileAddToNetworkGroup: DetailsCompiler = (details, st, at) => {
  if (!isObject(details)) throw new PolicyEngineError('parse', 'addToNetworkGroup needs "details" with "networkGroupId"', at);
  const id = memberCI(details, 'networkGroupId');
  if (!id) throw new PolicyEngineError('parse', 'addToNetworkGroup details need "networkGroupId" (the resource id of the network group)', at);
  const idAt = ptr(at, id[0]);
  const check = (v: Value, fail: (msg: string) => never): void => {
    if (isUnknown(v)) return;
    if (typeof v !== 'string' || !NETWORK_GROUP_ID.test(v)) fail(`"networkGroupId" must be the full resource id of a network group (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/networkManagers/<name>/networkGroups/<name>), got ${show(v)}`);
  };
  const idEv = compileValue(id[1], st, idAt);
  if (idEv.constant) check(idEv.value, (msg) => { throw new PolicyEngineError('compile', msg, idAt); });
  const all = compileDeepValue(details, st, at);
  return (ctx) => {
    if (!idEv.constant) check(idEv(ctx), (msg) => { throw new EvalFailure(msg, idAt); });
    return all(ctx);
  };
};

/** Details whose members may be expressions and are reported as evaluated (the legacy and data-plane effects). */
const compileEvaluatedDetails: DetailsCompiler = (details, st, at) => {
  const all = compileDeepValue(details, st, at);
  return (ctx) => all(ctx);
};

/** Compiles an effect's details (the definition's mode decides what some effects allow). */
export type DetailsCompiler = (details: Value, st: CompileState, at: string, mode: string) => DetailsFn;

/**
 * The effects whose details are compiled and reported as evaluated; other effects report their details as written.
 * Used when the definition has details (an effect without details applies and reports none).
 */
export const DETAILS_COMPILERS: Readonly<Record<string, DetailsCompiler>> = {
  Modify: (d, st, at) => compileModify(d, st, at),
  Append: (d, st, at) => compileAppend(d, st, at),
  DenyAction: compileActionDetails('denyAction'),
  AuditAction: compileActionDetails('AuditAction'),
  Mutate: compileMutate,
  AddToNetworkGroup: compileAddToNetworkGroup,
  EnforceOPAConstraint: compileEvaluatedDetails,
  EnforceRegoPolicy: compileEvaluatedDetails,
  EnforceSetting: compileEvaluatedDetails,
};
