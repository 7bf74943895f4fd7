import { AliasCatalog } from './aliases';
import { PolicyEngineError, PolicyStage, pointerSegment } from './errors';
import { MAX_JSON_DEPTH, pointerDeeperThan } from './limits';
import { CompiledPolicy, EvaluationInput, bundledAliases, compilePolicy } from './policy';
import { Value, boundedJson, isObject, typeName } from './values';

/**
 * Batch requests (the `guardrails eval --batch` format, one JSON object per request): evaluation only. The engine does
 * no file I/O: a request's `aliases` path is resolved by the caller's `resolveAliases` (the CLI reads and confines
 * files, see lib/cli/batch.ts).
 */

/** One line of `guardrails eval --batch` output. */
export interface BatchResult {
  id: string;
  effect: string | null;
  details?: unknown;
  error?: { stage: PolicyStage; message: string; pointer?: string };
}

/** How evaluateBatchRequest resolves what a request refers to. */
export interface BatchOptions {
  /**
   * Returns the alias catalog a request's `aliases` member names (a path, as written). Throw a PolicyEngineError
   * (stage parse) for a path that cannot be used. @default none: a path is an error
   */
  readonly resolveAliases?: (path: string) => AliasCatalog;
  /** Catalog for requests without `aliases`. @default the bundled catalog (an empty one if it cannot be loaded) */
  readonly aliases?: AliasCatalog;
  /** resourceGroup() / subscription() objects for requests whose `context` gives none. @default {} each */
  readonly defaultContext?: { readonly resourceGroup?: Record<string, unknown>; readonly subscription?: Record<string, unknown> };
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

/** Compiled policies by catalog, then by source text (a batch usually repeats a few policies many times). */
const policyCache = new WeakMap<AliasCatalog, Map<string, CompiledPolicy>>();
const MAX_CACHED_POLICIES = 2000;

/** Members a request may have (`expect`: the conformance corpus's expected outcome, ignored here). */
export const BATCH_REQUEST_MEMBERS: readonly string[] = [
  'id', 'policyDefinition', 'policyDefinitionText', 'policyRule', 'policyRuleText', 'parameters', 'resource', 'aliases',
  'relatedResources', 'context', 'requestContext', 'apiVersion', 'expect',
];
const MEMBERS = new Set(BATCH_REQUEST_MEMBERS);

/**
 * The id a result echoes: a string as given, a number or boolean as its JSON text. Anything else is not an id: the
 * request fails (its JSON text, shortened, is echoed so the caller can still match the result).
 */
function idOf(request: unknown): { id: string; problem?: string } {
  if (!isObject(request) || request.id === undefined || request.id === null) return { id: '' };
  const v = request.id;
  if (typeof v === 'string') return { id: v };
  if (typeof v === 'number' || typeof v === 'boolean') return { id: JSON.stringify(v) };
  let text: string;
  try {
    text = boundedJson(v as Value, 200) ?? (Array.isArray(v) ? '[...]' : '{...}');
  } catch {
    text = Array.isArray(v) ? '[...]' : '{...}';
  }
  return { id: text, problem: `"id" must be a string or a number, got ${typeName(v as Value)}` };
}

function errorOf(e: unknown): BatchResult['error'] {
  if (e instanceof PolicyEngineError) return { stage: e.stage, message: e.rawMessage, ...(e.pointer !== undefined ? { pointer: e.pointer } : {}) };
  return { stage: 'compile', message: (e as Error)?.message ?? String(e) };
}

/** Evaluates one batch request (format: ../shared/policy-conformance/README.md). Never throws. */
export function evaluateBatchRequest(request: unknown, options: BatchOptions = {}): BatchResult {
  const { id, problem } = idOf(request);
  try {
    if (!isObject(request)) throw new PolicyEngineError('parse', 'a batch request must be a JSON object', '');
    if (problem) throw new PolicyEngineError('parse', problem, '/id');
    const unknown = Object.keys(request).filter((k) => !MEMBERS.has(k));
    if (unknown.length > 0) {
      throw new PolicyEngineError('parse', `unknown request member${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 5).map((k) => JSON.stringify(k.length > 60 ? k.slice(0, 57) + '...' : k)).join(', ')} (allowed: ${BATCH_REQUEST_MEMBERS.join(', ')})`, '/' + pointerSegment(unknown[0]));
    }
    const deep = pointerDeeperThan(request, MAX_JSON_DEPTH + 4);
    if (deep !== undefined) throw new PolicyEngineError('parse', `the request is nested deeper than ${MAX_JSON_DEPTH + 4} levels (at ${deep})`, deep);
    let catalog: AliasCatalog;
    if (typeof request.aliases === 'string') {
      if (!options.resolveAliases) throw new PolicyEngineError('parse', `"aliases" names a file (${JSON.stringify(request.aliases)}) but no file resolver was given`, '/aliases');
      catalog = options.resolveAliases(request.aliases);
    } else if (request.aliases !== undefined && request.aliases !== null) catalog = AliasCatalog.fromArmProviders(request.aliases);
    else catalog = options.aliases ?? defaultCatalog();

    let source: unknown;
    if ('policyDefinition' in request) source = request.policyDefinition;
    else if ('policyDefinitionText' in request) source = typeof request.policyDefinitionText === 'string' ? request.policyDefinitionText : JSON.stringify(request.policyDefinitionText);
    else if ('policyRule' in request) source = request.policyRule;
    else if ('policyRuleText' in request) source = typeof request.policyRuleText === 'string' ? request.policyRuleText : JSON.stringify(request.policyRuleText);
    else throw new PolicyEngineError('parse', 'request has none of policyDefinition, policyDefinitionText, policyRule, policyRuleText', '');
    const key = typeof source === 'string' ? source : JSON.stringify(source);
    let byText = policyCache.get(catalog);
    if (!byText) policyCache.set(catalog, (byText = new Map()));
    let policy = byText.get(key);
    if (!policy) {
      policy = compilePolicy(source, { aliases: catalog });
      if (byText.size > MAX_CACHED_POLICIES) byText.clear();
      byText.set(key, policy);
    }
    const ctx = isObject(request.context) ? request.context : {};
    const defaults = options.defaultContext ?? {};
    const input: EvaluationInput = {
      parameters: isObject(request.parameters) ? request.parameters : {},
      relatedResources: Array.isArray(request.relatedResources) ? (request.relatedResources as Record<string, unknown>[]) : undefined,
      context: {
        resourceGroup: (ctx.resourceGroup ?? defaults.resourceGroup ?? {}) as Record<string, unknown>,
        subscription: (ctx.subscription ?? defaults.subscription ?? {}) as Record<string, unknown>,
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
