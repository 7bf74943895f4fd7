import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { AliasCatalog } from './aliases';
import { PolicyEngineError, PolicyStage } from './errors';
import { CompiledPolicy, EvaluationInput, bundledAliases, compilePolicy } from './policy';
import { isObject } from './values';

/** One line of `guardrails eval --batch` output. */
export interface BatchResult {
  id: string;
  effect: string | null;
  details?: unknown;
  error?: { stage: PolicyStage; message: string; pointer?: string };
}

/**
 * Context used when a batch request gives none (the conformance format's defaults): resourceGroup() and subscription()
 * then return these objects.
 */
export const POLICY_BATCH_DEFAULT_CONTEXT = {
  resourceGroup: { name: 'myResourceGroup', location: 'eastus', id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup', tags: {} },
  subscription: { subscriptionId: '00000000-0000-0000-0000-000000000000', displayName: 'Default Subscription', id: '/subscriptions/00000000-0000-0000-0000-000000000000', tenantId: '00000000-0000-0000-0000-000000000000' },
};

const catalogCache = new Map<string, AliasCatalog>();

/** Loads an alias catalog file (ARM provider JSON, or a flat "alias,path" table; `.gz` is decompressed), cached by path. */
export function loadAliasCatalogFile(file: string): AliasCatalog {
  const resolved = path.resolve(file);
  const hit = catalogCache.get(resolved);
  if (hit) return hit;
  let buf: Buffer;
  try {
    buf = fs.readFileSync(resolved);
  } catch (e) {
    throw new PolicyEngineError('parse', `cannot read alias catalog ${file}: ${(e as Error).message}`);
  }
  if (resolved.endsWith('.gz')) buf = zlib.gunzipSync(buf);
  const catalog = AliasCatalog.fromText(buf.toString('utf8'), `alias catalog ${file}`);
  catalogCache.set(resolved, catalog);
  return catalog;
}

let fallbackCatalog: AliasCatalog | undefined;
function defaultCatalog(): AliasCatalog {
  if (fallbackCatalog) return fallbackCatalog;
  try {
    fallbackCatalog = bundledAliases();
  } catch {
    fallbackCatalog = AliasCatalog.empty();
  }
  return fallbackCatalog;
}

const policyCache = new Map<string, CompiledPolicy>();

function errorOf(e: unknown): BatchResult['error'] {
  if (e instanceof PolicyEngineError) return { stage: e.stage, message: e.rawMessage, ...(e.pointer !== undefined ? { pointer: e.pointer } : {}) };
  return { stage: 'compile', message: (e as Error)?.message ?? String(e) };
}

/** Evaluates one batch request (format: ../shared/policy-conformance/README.md). Never throws. */
export function evaluateBatchRequest(request: unknown, baseDir: string): BatchResult {
  const id = isObject(request) && request.id !== undefined && request.id !== null ? String(request.id) : '';
  try {
    if (!isObject(request)) throw new PolicyEngineError('parse', 'a batch request must be a JSON object', '');
    let catalog: AliasCatalog;
    if (typeof request.aliases === 'string') catalog = loadAliasCatalogFile(path.resolve(baseDir, request.aliases));
    else if (request.aliases !== undefined && request.aliases !== null) catalog = AliasCatalog.fromArmProviders(request.aliases);
    else catalog = defaultCatalog();

    let source: unknown;
    if ('policyDefinition' in request) source = request.policyDefinition;
    else if ('policyDefinitionText' in request) source = typeof request.policyDefinitionText === 'string' ? request.policyDefinitionText : JSON.stringify(request.policyDefinitionText);
    else if ('policyRule' in request) source = request.policyRule;
    else if ('policyRuleText' in request) source = typeof request.policyRuleText === 'string' ? request.policyRuleText : JSON.stringify(request.policyRuleText);
    else throw new PolicyEngineError('parse', 'request has none of policyDefinition, policyDefinitionText, policyRule, policyRuleText', '');
    if (('policyRule' in request || 'policyRuleText' in request) && !('policyDefinition' in request || 'policyDefinitionText' in request)) {
      // A bare rule: wrap nothing, but refuse a full definition given as a rule? Azure accepts either shape here.
    }
    const key = JSON.stringify([typeof source === 'string' ? source : JSON.stringify(source), request.aliases ?? null, baseDir]);
    let policy = policyCache.get(key);
    if (!policy) {
      policy = compilePolicy(source, { aliases: catalog });
      if (policyCache.size > 2000) policyCache.clear();
      policyCache.set(key, policy);
    }
    const ctx = isObject(request.context) ? request.context : {};
    const input: EvaluationInput = {
      parameters: isObject(request.parameters) ? request.parameters : {},
      relatedResources: Array.isArray(request.relatedResources) ? (request.relatedResources as Record<string, unknown>[]) : undefined,
      context: {
        resourceGroup: (ctx.resourceGroup ?? POLICY_BATCH_DEFAULT_CONTEXT.resourceGroup) as Record<string, unknown>,
        subscription: (ctx.subscription ?? POLICY_BATCH_DEFAULT_CONTEXT.subscription) as Record<string, unknown>,
        policy: (ctx.policy ?? {}) as Record<string, unknown>,
        requestContext: (ctx.requestContext ?? {}) as Record<string, unknown>,
        ...(typeof ctx.utcNow === 'string' ? { utcNow: ctx.utcNow } : {}),
      },
      requestContext: isObject(request.requestContext) ? (request.requestContext as { apiVersion?: string }) : isObject(ctx.requestContext) ? (ctx.requestContext as { apiVersion?: string }) : undefined,
      apiVersion: typeof request.apiVersion === 'string' ? request.apiVersion : undefined,
      trace: false,
    };
    const resource = isObject(request.resource) ? request.resource : {};
    const r = policy.evaluate(resource, input);
    const out: BatchResult = { id, effect: r.effect };
    if (r.details !== undefined) out.details = r.details;
    if (r.error) out.error = r.error;
    return out;
  } catch (e) {
    return { id, effect: null, error: errorOf(e) };
  }
}
