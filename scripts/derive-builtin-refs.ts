/**
 * Derives `lib/policy/data/builtin-refs.json` (contract C) from the package's built-in catalog
 * (`lib/policy-engine/data/builtins.v1.bin`, itself derived by scripts/derive-builtin-catalog.ts, which calls this
 * after writing it: `npm run derive:builtins`): for every built-in policy definition that an initiative in
 * `policies/initiatives/` references, what the constructs and tests need to know about it without loading the
 * catalog: display name, version, mode, the effect parameter and the effects it allows, the declared parameters
 * (type, default, allowed values, and the metadata flags `strongType` / `assignPermissions`), and the roles its
 * deployment identity needs. Public-cloud documents.
 *
 *   npx tsx scripts/derive-builtin-refs.ts [--check]      (needs only the committed catalog, not ../shared)
 *
 * `--check` writes nothing and exits 1 when the committed file is stale. Output is deterministic: keys sorted,
 * role ids in Azure's canonical casing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PolicyResolver, builtinCatalog } from '../lib/policy-engine/builtins';

const ROOT = path.join(__dirname, '..');
const INITIATIVES_DIR = path.join(ROOT, 'policies', 'initiatives');
const OUT_FILE = path.join(ROOT, 'lib', 'policy', 'data', 'builtin-refs.json');
const BUILTIN_ID = /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/([0-9a-f-]{36})$/i;
const ROLE_ID = /^\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})$/i;
const EFFECT_PARAMETER = /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i;

/** Azure's canonical spelling of each effect. */
const CANONICAL_EFFECTS = ['Deny', 'Audit', 'Append', 'Modify', 'AuditIfNotExists', 'DeployIfNotExists', 'DenyAction', 'Manual', 'Disabled'];

/** One parameter as recorded in builtin-refs.json. */
export interface BuiltinRefParameter {
  type: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
  metadata?: { strongType?: string; assignPermissions?: boolean };
}

/** One built-in as recorded in builtin-refs.json. */
export interface BuiltinRef {
  displayName: string;
  version?: string;
  mode?: string;
  effectParameter?: string;
  allowedEffects?: string[];
  parameters: Record<string, BuiltinRefParameter>;
  roleDefinitionIds: string[];
}

interface DefinitionFile {
  name?: string;
  properties?: {
    displayName?: string;
    mode?: string;
    version?: string;
    metadata?: { version?: string };
    parameters?: Record<string, { type: string; defaultValue?: unknown; allowedValues?: unknown[]; metadata?: Record<string, unknown> }>;
    policyRule?: { then?: { effect?: string; details?: { roleDefinitionIds?: string[] } } };
  };
}

function canonicalEffect(effect: string): string {
  return CANONICAL_EFFECTS.find((e) => e.toLowerCase() === effect.toLowerCase()) ?? effect;
}

function canonicalRole(id: string): string {
  const m = ROLE_ID.exec(id);
  if (!m) throw new Error(`unexpected role definition id ${JSON.stringify(id)}`);
  return `/providers/Microsoft.Authorization/roleDefinitions/${m[1].toLowerCase()}`;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/** Built-in definition GUIDs (lower case) referenced by the initiative files, sorted. */
export function referencedBuiltins(initiativesDir: string): string[] {
  const ids = new Set<string>();
  for (const file of fs.readdirSync(initiativesDir).filter((f) => f.endsWith('.json')).sort()) {
    const doc = JSON.parse(fs.readFileSync(path.join(initiativesDir, file), 'utf8')) as
      { properties?: { policyDefinitions?: { policyDefinitionId?: string }[] } };
    for (const member of doc.properties?.policyDefinitions ?? []) {
      const m = BUILTIN_ID.exec(member.policyDefinitionId ?? '');
      if (m) ids.add(m[1].toLowerCase());
    }
  }
  return [...ids].sort();
}

/** The builtin-refs entry of one built-in definition document. */
export function builtinRef(doc: DefinitionFile): BuiltinRef {
  const props = doc.properties ?? {};
  const declared = props.parameters ?? {};
  const parameters: Record<string, BuiltinRefParameter> = {};
  for (const [name, decl] of Object.entries(declared)) {
    const p: BuiltinRefParameter = { type: decl.type };
    if ('defaultValue' in decl) p.defaultValue = decl.defaultValue;
    if (decl.allowedValues) p.allowedValues = decl.allowedValues;
    const meta: BuiltinRefParameter['metadata'] = {};
    if (typeof decl.metadata?.strongType === 'string') meta.strongType = decl.metadata.strongType;
    if (decl.metadata?.assignPermissions === true) meta.assignPermissions = true;
    if (Object.keys(meta).length > 0) p.metadata = meta;
    parameters[name] = p;
  }
  const effect = props.policyRule?.then?.effect ?? '';
  const ref: BuiltinRef = {
    displayName: props.displayName ?? '',
    version: props.metadata?.version ?? props.version,
    mode: props.mode,
    parameters,
    roleDefinitionIds: [...new Set((props.policyRule?.then?.details?.roleDefinitionIds ?? []).map(canonicalRole))].sort(),
  };
  const param = EFFECT_PARAMETER.exec(effect);
  if (param) {
    const name = Object.keys(declared).find((k) => k.toLowerCase() === param[1].toLowerCase()) ?? param[1];
    ref.effectParameter = name;
    const allowed = declared[name]?.allowedValues;
    if (allowed) {
      ref.allowedEffects = [...new Set(allowed.map((e) => canonicalEffect(String(e))))];
    }
  } else if (effect) {
    ref.allowedEffects = [canonicalEffect(effect)];
  }
  return ref;
}

/** The whole file content: the built-ins the initiatives reference, looked up in `catalog`. */
export function deriveBuiltinRefs(catalog: PolicyResolver, initiativesDir = INITIATIVES_DIR): Record<string, BuiltinRef> {
  const out: Record<string, BuiltinRef> = {};
  for (const guid of referencedBuiltins(initiativesDir)) {
    const entry = catalog.resolve(guid, { kind: 'definition' });
    if (!entry) throw new Error(`built-in policy definition ${guid} (referenced by an initiative in ${initiativesDir}) is not in the built-in catalog`);
    const ref = builtinRef(entry.definition() as DefinitionFile);
    ref.parameters = sortKeys(ref.parameters);
    out[guid] = ref;
  }
  return out;
}

/** The file's text (deterministic). */
export function builtinRefsText(catalog: PolicyResolver, initiativesDir = INITIATIVES_DIR): string {
  return JSON.stringify(deriveBuiltinRefs(catalog, initiativesDir), null, 2) + '\n';
}

/** Writes (or with `check`, compares) builtin-refs.json; returns the exit code. */
export function writeBuiltinRefs(catalog: PolicyResolver, check: boolean): number {
  const text = builtinRefsText(catalog);
  if (check) {
    const current = fs.existsSync(OUT_FILE) ? fs.readFileSync(OUT_FILE, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`derive-builtin-refs: ${path.relative(ROOT, OUT_FILE)} is stale: run npm run derive:builtins\n`);
      return 1;
    }
    process.stdout.write(`${path.relative(ROOT, OUT_FILE)} is up to date\n`);
    return 0;
  }
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  fs.writeFileSync(OUT_FILE, text);
  process.stdout.write(`wrote ${path.relative(ROOT, OUT_FILE)}: ${Object.keys(JSON.parse(text)).length} built-in definitions\n`);
  return 0;
}

if (require.main === module) process.exitCode = writeBuiltinRefs(builtinCatalog(), process.argv.includes('--check'));
