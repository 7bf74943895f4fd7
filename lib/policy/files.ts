import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { packageRoot, policiesDir } from '../core/package-root';

/**
 * Reading the policy library (`policies/definitions/*.json`, `policies/initiatives/*.json`) and the derived
 * built-in reference data (`lib/policy/data/builtin-refs.json`). The JSON files are the single source of truth:
 * the constructs emit exactly what the files say. Parsed files are cached per process (the reference app builds a
 * hundred stacks from the same files).
 */

/** One parameter declaration of a definition or initiative, in Azure's format. */
export interface KitPolicyParameterDeclaration {
  /** `String`, `Array`, `Object`, `Boolean`, `Integer`, `Float` or `DateTime` (case-insensitive). */
  readonly type: string;
  /** Value used when the assignment gives none; a parameter without one is required. */
  readonly defaultValue?: unknown;
  /** The only values the parameter accepts (for arrays: the values each element may take). */
  readonly allowedValues?: readonly unknown[];
  /** Display metadata (`displayName`, `description`, `strongType`, ...). */
  readonly metadata?: Record<string, unknown>;
}

/** A custom policy definition file: `{ name, properties }`. */
export interface KitDefinitionDocument {
  /** Definition name (the file base name). */
  readonly name: string;
  /** Azure's definition properties. */
  readonly properties: {
    /** Display name. */
    readonly displayName: string;
    /** `Custom`. */
    readonly policyType?: string;
    /** `All`, `Indexed` or a resource provider mode. */
    readonly mode?: string;
    /** What is compliant and why. */
    readonly description?: string;
    /** `category`, `version`, ... */
    readonly metadata?: Record<string, unknown>;
    /** Parameter declarations. */
    readonly parameters?: Record<string, KitPolicyParameterDeclaration>;
    /** The rule: `if` condition and `then` effect (with `details.roleDefinitionIds` for deploying effects). */
    readonly policyRule: { if: unknown; then: { effect: string; details?: Record<string, unknown> } };
  };
}

/** One member of an initiative file. */
export interface KitInitiativeMemberDocument {
  /** Member id, unique within the initiative (used by remediations, exemptions and messages). */
  readonly policyDefinitionReferenceId: string;
  /** `"<kit>/<definition name>"` for the kit's own definitions, a full definition id for built-ins. */
  readonly policyDefinitionId: string;
  /** Values for the member definition's parameters, `{ "name": { "value": ... } }`. */
  readonly parameters?: Record<string, { value: unknown }>;
  /** Groups (`policyDefinitionGroups`) the member belongs to. */
  readonly groupNames?: readonly string[];
  /** Version of the member definition to use, such as `1.*.*`. */
  readonly definitionVersion?: string;
}

/** An initiative (policy set definition) file. */
export interface KitInitiativeDocument {
  /** Initiative name (the file base name). */
  readonly name: string;
  /** Azure's policy set properties. */
  readonly properties: {
    /** Display name. */
    readonly displayName: string;
    /** `Custom`. */
    readonly policyType?: string;
    /** What the initiative enforces. */
    readonly description?: string;
    /** `category`, `version`, ... */
    readonly metadata?: Record<string, unknown>;
    /** Parameters an assignment can set. */
    readonly parameters?: Record<string, KitPolicyParameterDeclaration>;
    /** Members. */
    readonly policyDefinitions: readonly KitInitiativeMemberDocument[];
    /** Member groups. */
    readonly policyDefinitionGroups?: readonly {
      name: string; displayName?: string; category?: string; description?: string; additionalMetadataId?: string;
    }[];
  };
}

/** What the constructs need to know about a built-in definition (contract C). */
export interface KitBuiltinPolicyRef {
  /** Display name. */
  readonly displayName: string;
  /** Definition version. */
  readonly version?: string;
  /** Definition mode. */
  readonly mode?: string;
  /** The parameter that holds the effect, when the effect is parameterised. */
  readonly effectParameter?: string;
  /** Effects the definition can have (its fixed effect when it is not parameterised). */
  readonly allowedEffects?: readonly string[];
  /** Parameter declarations. */
  readonly parameters: Record<string, KitPolicyParameterDeclaration>;
  /** Roles the deployment identity needs (`/providers/Microsoft.Authorization/roleDefinitions/<guid>`). */
  readonly roleDefinitionIds: readonly string[];
}

/** Marker for the kit's own definitions inside initiative files. */
export const KIT_DEFINITION_PREFIX = '<kit>/';

const definitionCache = new Map<string, KitDefinitionDocument>();
const initiativeCache = new Map<string, KitInitiativeDocument>();
const listingCache = new Map<string, readonly string[]>();
const builtinCache = new Map<string, Readonly<Record<string, KitBuiltinPolicyRef>>>();

/** Absolute path of the policies folder to use: the given one or the package's own `policies/`. */
export function resolvePoliciesFolder(folder: string | undefined): string {
  return path.resolve(folder ?? policiesDir());
}

/** Default location of the derived built-in reference data. */
export function defaultBuiltinRefsFile(): string {
  return path.join(packageRoot(), 'lib', 'policy', 'data', 'builtin-refs.json');
}

/** Names (file base names, sorted) of the definitions or initiatives in a policies folder. */
export function listKitPolicies(kind: 'definitions' | 'initiatives', folder?: string): readonly string[] {
  const dir = path.join(resolvePoliciesFolder(folder), kind);
  const cached = listingCache.get(dir);
  if (cached) return cached;
  const names = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.test.json')).map((f) => f.slice(0, -5)).sort()
    : [];
  listingCache.set(dir, names);
  return names;
}

function readJson(file: string, scope: IConstruct | string, property: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return invalid(scope, property, file, `must be a readable JSON file (${(e as Error).message})`);
  }
}

function unknownName(scope: IConstruct | string, property: string, kind: 'definitions' | 'initiatives', name: string, folder: string): never {
  const names = listKitPolicies(kind, folder);
  const listed = names.length > 0 ? names.map((n) => JSON.stringify(n)).join(', ') : '(none)';
  return invalid(scope, property, name,
    `is not a policy ${kind === 'definitions' ? 'definition' : 'initiative'} in ${path.join(folder, kind)}; available: ${listed}`);
}

/** Loads (cached) `policies/definitions/<name>.json`; an unknown name throws, listing the available ones. */
export function loadKitDefinition(scope: IConstruct | string, property: string, name: string, folder?: string): KitDefinitionDocument {
  const dir = resolvePoliciesFolder(folder);
  const file = path.join(dir, 'definitions', `${name}.json`);
  const cached = definitionCache.get(file);
  if (cached) return cached;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || !fs.existsSync(file)) {
    unknownName(scope, property, 'definitions', name, dir);
  }
  const doc = readJson(file, scope, property) as KitDefinitionDocument;
  const rule = doc?.properties?.policyRule;
  if (!doc || typeof doc.properties?.displayName !== 'string' || !rule || typeof rule !== 'object' || !rule.then
    || typeof rule.then.effect !== 'string') {
    invalid(scope, property, file,
      'must hold a policy definition { "name", "properties": { "displayName", "mode", "parameters", "policyRule": { "if", "then": { "effect" } } } }');
  }
  definitionCache.set(file, doc);
  return doc;
}

/** Loads (cached) `policies/initiatives/<name>.json`; an unknown name throws, listing the available ones. */
export function loadKitInitiative(scope: IConstruct | string, property: string, name: string, folder?: string): KitInitiativeDocument {
  const dir = resolvePoliciesFolder(folder);
  const file = path.join(dir, 'initiatives', `${name}.json`);
  const cached = initiativeCache.get(file);
  if (cached) return cached;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || !fs.existsSync(file)) {
    unknownName(scope, property, 'initiatives', name, dir);
  }
  const doc = readJson(file, scope, property) as KitInitiativeDocument;
  if (!doc || typeof doc.properties?.displayName !== 'string' || !Array.isArray(doc.properties.policyDefinitions)) {
    invalid(scope, property, file,
      'must hold a policy set definition { "name", "properties": { "displayName", "parameters", "policyDefinitions": [ ... ] } }');
  }
  initiativeCache.set(file, doc);
  return doc;
}

/** Loads (cached) the built-in reference data; a missing file yields an empty table. */
export function loadBuiltinRefs(file?: string): Readonly<Record<string, KitBuiltinPolicyRef>> {
  const resolved = path.resolve(file ?? defaultBuiltinRefsFile());
  const cached = builtinCache.get(resolved);
  if (cached) return cached;
  let table: Record<string, KitBuiltinPolicyRef> = {};
  if (fs.existsSync(resolved)) {
    const raw = JSON.parse(fs.readFileSync(resolved, 'utf8')) as Record<string, KitBuiltinPolicyRef>;
    table = {};
    for (const [k, v] of Object.entries(raw)) table[k.toLowerCase()] = v;
  }
  builtinCache.set(resolved, table);
  return table;
}

/** The GUID (lower case) of a built-in definition id `/providers/Microsoft.Authorization/policyDefinitions/<guid>`. */
export function builtinGuid(definitionId: string): string | undefined {
  const m = /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/([0-9a-fA-F-]{36})$/i.exec(definitionId);
  return m ? m[1].toLowerCase() : undefined;
}
