import * as fs from 'fs';
import * as path from 'path';
import { policiesDir } from '../core/package-root';
import { AliasCatalog, compilePolicy, PolicyEngineError } from '../policy-engine';
import { PolicyResolver, builtinCatalog, matchesVersion, parsePolicyReference } from '../policy-engine/builtins';
import { aliasesFor } from './catalogs';
import { collectJsonFiles, CliIo, CliUsageError, describeJsonError, displayPath, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, isObject, readTextFile, resolvePath, writeOut } from './io';

/** One problem found in a file. */
export interface PolicyValidationIssue {
  /** parse: not JSON or not the expected shape; compile: the engine rejected the rule; initiative: structural check. */
  readonly stage: 'parse' | 'compile' | 'evaluate' | 'initiative';
  /** What is wrong. */
  readonly message: string;
  /** JSON pointer of the offending node, when known. */
  readonly pointer?: string;
  /**
   * 'warning' for checks that cannot be conclusive: member parameters checked against a definition whose version may
   * differ from the member's pinned `definitionVersion`, members the built-in catalog does not hold. 'note' for facts
   * that do not make a definition wrong: an alias Azure has removed (it compiles against the path it had). Neither
   * fails the file.
   * @default error
   */
  readonly severity?: 'warning' | 'note';
}

/** What `validate` concluded about one file. */
export interface PolicyValidationFileResult {
  /** Path as given / found. */
  readonly file: string;
  /** definition, initiative, or skipped (JSON that is neither, found while walking a folder). */
  readonly kind: 'definition' | 'initiative' | 'skipped';
  /** Definition or initiative `name` (or the file base name). */
  readonly name?: string;
  /** True when there are no issues. */
  readonly ok: boolean;
  /** Problems (errors and warnings); the file is ok when none is an error. */
  readonly issues: PolicyValidationIssue[];
}

/** Result of validating a set of files. */
export interface PolicyValidationReport {
  /** Per-file results in path order. */
  readonly files: PolicyValidationFileResult[];
  /** Files that passed (definitions and initiatives). */
  readonly passed: number;
  /** Files that failed. */
  readonly failed: number;
  /** JSON files skipped because they are neither a definition nor an initiative. */
  readonly skipped: number;
  /** Wall time in milliseconds. */
  readonly elapsedMs: number;
}

interface ParameterDecl {
  type?: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
}

interface LoadedFile {
  file: string;
  explicit: boolean;
  json?: unknown;
  props?: Record<string, unknown>;
  kind: PolicyValidationFileResult['kind'];
  name: string;
  parseError?: PolicyValidationIssue;
}

const PARAMETER_TYPES = ['string', 'array', 'object', 'boolean', 'integer', 'float', 'datetime'];

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.json$/i, '');
}

function classify(json: unknown): { kind: LoadedFile['kind']; props?: Record<string, unknown> } {
  if (!isObject(json)) return { kind: 'skipped' };
  const props = isObject(json.properties) ? json.properties : json;
  if ('policyDefinitions' in props || 'policyDefinitionGroups' in props) return { kind: 'initiative', props };
  if ('policyRule' in props || 'if' in props) return { kind: 'definition', props };
  if ('mode' in props || ('policyType' in props && !('policyDefinitions' in props))) return { kind: 'definition', props };
  return { kind: 'skipped', props };
}

function load(io: CliIo, file: string, explicit: boolean): LoadedFile {
  let text: string;
  try {
    // Bounded read (size limit, no FIFO/device): see readTextFile.
    text = readTextFile(io, file, 'file');
  } catch (err) {
    return { file, explicit, kind: 'definition', name: baseName(file), parseError: { stage: 'parse', message: `cannot read: ${(err as Error).message.replace(/^file \S+: /, '')}` } };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { file, explicit, kind: 'definition', name: baseName(file), parseError: { stage: 'parse', message: `invalid JSON: ${describeJsonError(text, err)}` } };
  }
  const { kind, props } = classify(json);
  const name = isObject(json) && typeof json.name === 'string' && json.name ? json.name : baseName(file);
  if (kind === 'skipped' && explicit) {
    return { file, explicit, json, kind: 'definition', name, parseError: { stage: 'parse', message: 'not a policy definition (no policyRule) or initiative (no policyDefinitions)' } };
  }
  return { file, explicit, json, props, kind, name };
}

/** Every `[parameters('x')]` reference inside a value (strings that are template expressions). */
export function referencedParameters(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (value.startsWith('[') && !value.startsWith('[[')) {
      const re = /parameters\(\s*'((?:[^']|'')*)'\s*\)/gi;
      let m: RegExpExecArray | null;
      while ((m = re.exec(value))) out.add(m[1].replace(/''/g, "'"));
    }
  } else if (Array.isArray(value)) {
    for (const v of value) referencedParameters(v, out);
  } else if (isObject(value)) {
    for (const v of Object.values(value)) referencedParameters(v, out);
  }
  return out;
}

function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('[') && !value.startsWith('[[');
}

function matchesType(type: string | undefined, value: unknown): boolean {
  switch ((type ?? '').toLowerCase()) {
    case 'string':
    case 'datetime':
      return typeof value === 'string';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number';
    default:
      return true;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

function checkParameterDeclarations(params: unknown, issues: PolicyValidationIssue[]): Record<string, ParameterDecl> {
  if (params === undefined) return {};
  if (!isObject(params)) {
    issues.push({ stage: 'initiative', message: '"parameters" must be an object', pointer: '/properties/parameters' });
    return {};
  }
  for (const [name, decl] of Object.entries(params)) {
    const pointer = `/properties/parameters/${name}`;
    if (!isObject(decl)) {
      issues.push({ stage: 'initiative', message: `parameter '${name}' must be an object {type, ...}`, pointer });
      continue;
    }
    if (typeof decl.type !== 'string' || !PARAMETER_TYPES.includes(decl.type.toLowerCase())) {
      issues.push({ stage: 'initiative', message: `parameter '${name}' has type ${JSON.stringify(decl.type)}; allowed: String, Array, Object, Boolean, Integer, Float, DateTime`, pointer: `${pointer}/type` });
    }
    if (decl.allowedValues !== undefined && decl.allowedValues !== null && !Array.isArray(decl.allowedValues)) {
      issues.push({ stage: 'initiative', message: `parameter '${name}': allowedValues must be an array`, pointer: `${pointer}/allowedValues` });
    } else if (Array.isArray(decl.allowedValues) && decl.defaultValue !== undefined && !isExpression(decl.defaultValue) && !isAllowed(decl.defaultValue, decl as ParameterDecl)) {
      // A warning: Azure's own built-in initiatives ship such defaults (deprecated parameters), so Azure accepts them.
      issues.push({ stage: 'initiative', message: `parameter '${name}': defaultValue ${JSON.stringify(decl.defaultValue)} is not one of allowedValues`, pointer: `${pointer}/defaultValue`, severity: 'warning' });
    }
  }
  return params as Record<string, ParameterDecl>;
}

/** Key under which a member's policyDefinitionId is looked up among the definitions being validated. */
function definitionKey(id: string): string {
  const kit = /^<kit>\/(.+)$/i.exec(id);
  if (kit) return kit[1].toLowerCase();
  return (id.split('/').pop() ?? id).toLowerCase();
}

/**
 * Structural checks of an initiative: members with a policyDefinitionId and unique policyDefinitionReferenceId,
 * groups, declared parameters, and (when the member's definition is among the validated files) member parameter
 * names, required parameters, types and allowed values.
 */
export function checkInitiative(
  props: Record<string, unknown>,
  definitions: ReadonlyMap<string, Record<string, unknown>>,
  kitDefinition: (name: string) => Record<string, unknown> | undefined = () => undefined,
  builtins?: PolicyResolver,
): PolicyValidationIssue[] {
  const issues: PolicyValidationIssue[] = [];
  const declared = checkParameterDeclarations(props.parameters, issues);
  const declaredLower = new Set(Object.keys(declared).map((k) => k.toLowerCase()));
  const members = props.policyDefinitions;
  if (!Array.isArray(members) || members.length === 0) {
    issues.push({ stage: 'initiative', message: '"policyDefinitions" must be a non-empty array', pointer: '/properties/policyDefinitions' });
    return issues;
  }
  const groups = new Set<string>();
  if (props.policyDefinitionGroups !== undefined) {
    if (!Array.isArray(props.policyDefinitionGroups)) {
      issues.push({ stage: 'initiative', message: '"policyDefinitionGroups" must be an array', pointer: '/properties/policyDefinitionGroups' });
    } else {
      props.policyDefinitionGroups.forEach((g, i) => {
        if (!isObject(g) || typeof g.name !== 'string' || !g.name) issues.push({ stage: 'initiative', message: 'group without a name', pointer: `/properties/policyDefinitionGroups/${i}` });
        else groups.add(g.name.toLowerCase());
      });
    }
  }
  const referenceIds = new Map<string, number>();
  members.forEach((member, i) => {
    const pointer = `/properties/policyDefinitions/${i}`;
    if (!isObject(member)) {
      issues.push({ stage: 'initiative', message: 'member must be an object {policyDefinitionId, policyDefinitionReferenceId, parameters}', pointer });
      return;
    }
    const id = member.policyDefinitionId;
    if (typeof id !== 'string' || id === '') {
      issues.push({ stage: 'initiative', message: 'member has no policyDefinitionId', pointer: `${pointer}/policyDefinitionId` });
    } else if (!/^(<kit>\/[^/]+|(\/subscriptions\/[^/]+|\/providers\/Microsoft\.Management\/managementGroups\/[^/]+)?\/providers\/Microsoft\.Authorization\/policyDefinitions\/[^/]+)$/i.test(id) && !isExpression(id)) {
      issues.push({ stage: 'initiative', message: `policyDefinitionId ${JSON.stringify(id)} is not a policy definition id (/providers/Microsoft.Authorization/policyDefinitions/<name>, a subscription or management group scoped one, or <kit>/<name>)`, pointer: `${pointer}/policyDefinitionId` });
    }
    const refId = member.policyDefinitionReferenceId;
    if (typeof refId !== 'string' || refId === '') {
      issues.push({ stage: 'initiative', message: 'member has no policyDefinitionReferenceId', pointer: `${pointer}/policyDefinitionReferenceId` });
    } else {
      const first = referenceIds.get(refId.toLowerCase());
      if (first !== undefined) issues.push({ stage: 'initiative', message: `policyDefinitionReferenceId '${refId}' is also used by policyDefinitions[${first}]`, pointer: `${pointer}/policyDefinitionReferenceId` });
      else referenceIds.set(refId.toLowerCase(), i);
    }
    if (member.groupNames !== undefined) {
      if (!Array.isArray(member.groupNames)) issues.push({ stage: 'initiative', message: 'groupNames must be an array of group names', pointer: `${pointer}/groupNames` });
      else
        member.groupNames.forEach((g, j) => {
          if (typeof g !== 'string' || !groups.has(g.toLowerCase())) issues.push({ stage: 'initiative', message: `group ${JSON.stringify(g)} is not declared in policyDefinitionGroups`, pointer: `${pointer}/groupNames/${j}` });
        });
    }
    const values = member.parameters ?? {};
    if (!isObject(values)) {
      issues.push({ stage: 'initiative', message: 'member parameters must be an object {name: {value}}', pointer: `${pointer}/parameters` });
      return;
    }
    for (const ref of referencedParameters(values)) {
      if (!declaredLower.has(ref.toLowerCase())) issues.push({ stage: 'initiative', message: `parameters('${ref}') is not declared in the initiative's parameters`, pointer: `${pointer}/parameters` });
    }
    for (const [name, entry] of Object.entries(values)) {
      if (!isObject(entry) || !('value' in entry)) issues.push({ stage: 'initiative', message: `member parameter '${name}' must be {"value": ...}`, pointer: `${pointer}/parameters/${name}` });
    }
    let definition = typeof id === 'string' ? definitions.get(definitionKey(id)) : undefined;
    const kitName = typeof id === 'string' ? /^<kit>\/([^/]+)$/i.exec(id)?.[1] : undefined;
    if (!definition && kitName) {
      definition = kitDefinition(kitName);
      if (!definition) {
        issues.push({ stage: 'initiative', message: `${id}: no definition named '${kitName}' among the validated files nor in the kit's policies/definitions`, pointer: `${pointer}/policyDefinitionId` });
        return;
      }
    }
    const pinnedVersion = typeof member.definitionVersion === 'string' && member.definitionVersion !== '' ? member.definitionVersion : undefined;
    let checkedVersion: string | undefined;
    if (!definition && builtins && typeof id === 'string' && !kitName && isBuiltinDefinitionId(id)) {
      const found = builtinMember(builtins, id, pinnedVersion, `${pointer}/policyDefinitionId`, issues);
      if (found) {
        definition = found.props;
        checkedVersion = found.version;
      }
    }
    if (!definition) return;
    // With a pinned definitionVersion the member may target another version than the one at hand.
    const pinned = pinnedVersion !== undefined && !(checkedVersion !== undefined && matchesVersion(checkedVersion, pinnedVersion));
    const memberIssue = (issue: PolicyValidationIssue): void => {
      issues.push(pinned ? { ...issue, message: `${issue.message} [member pins definitionVersion ${String(member.definitionVersion)}; checked against version ${String(checkedVersion ?? definition.version ?? (isObject(definition.metadata) ? definition.metadata.version : '?'))}]`, severity: 'warning' } : issue);
    };
    const defParams = (isObject(definition.parameters) ? definition.parameters : {}) as Record<string, ParameterDecl>;
    const defByLower = new Map(Object.entries(defParams).map(([k, v]) => [k.toLowerCase(), { name: k, decl: v }]));
    const given = new Set(Object.keys(values).map((k) => k.toLowerCase()));
    for (const [name, entry] of Object.entries(values)) {
      const target = defByLower.get(name.toLowerCase());
      if (!target) {
        memberIssue({ stage: 'initiative', message: `member parameter '${name}' is not declared by definition ${id}${defByLower.size ? ` (it declares: ${[...defByLower.values()].map((d) => d.name).join(', ')})` : ' (it declares none)'}`, pointer: `${pointer}/parameters/${name}` });
        continue;
      }
      const value = isObject(entry) ? entry.value : undefined;
      if (value === undefined || isExpression(value) || !isObject(target.decl)) continue;
      const decl = target.decl as ParameterDecl;
      if (!matchesType(decl.type, value)) {
        memberIssue({ stage: 'initiative', message: `member parameter '${name}' = ${JSON.stringify(value)} is not of type ${decl.type} (definition ${id})`, pointer: `${pointer}/parameters/${name}/value` });
      } else if (Array.isArray(decl.allowedValues) && !isAllowed(value, decl)) {
        memberIssue({ stage: 'initiative', message: `member parameter '${name}' = ${JSON.stringify(value)} is not one of the allowedValues of definition ${id}: ${JSON.stringify(decl.allowedValues)}`, pointer: `${pointer}/parameters/${name}/value` });
      }
    }
    for (const { name, decl } of defByLower.values()) {
      if (isObject(decl) && decl.defaultValue === undefined && !given.has(name.toLowerCase())) {
        memberIssue({ stage: 'initiative', message: `definition ${id} requires parameter '${name}' (no defaultValue) but the member does not set it`, pointer: `${pointer}/parameters` });
      }
    }
  });
  return issues;
}

/** A built-in definition id: `/providers/Microsoft.Authorization/policyDefinitions/<name>` at the tenant root. */
function isBuiltinDefinitionId(id: string): boolean {
  return /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/[^/]+$/i.test(id);
}

/**
 * Looks a member up in the built-in catalog. A definition the catalog does not hold, or holds in another version
 * than the member pins, is a warning (the catalog is a snapshot: Azure may have it); returns what it holds.
 */
function builtinMember(builtins: PolicyResolver, id: string, pinned: string | undefined, pointer: string, issues: PolicyValidationIssue[]): { props: Record<string, unknown>; version?: string } | undefined {
  const entry = builtins.resolve(id, { kind: 'definition' });
  if (!entry) {
    issues.push({ stage: 'initiative', severity: 'warning', pointer, message: `${id}: no built-in policy definition '${parsePolicyReference(id).name}' in the bundled built-in catalog (Azure/azure-policy, April 2026): a newer built-in, or a mistake; its parameters are not checked` });
    return undefined;
  }
  const json = entry.definition();
  const props = isObject(json.properties) ? json.properties : json;
  if (pinned !== undefined && (entry.version === undefined || !matchesVersion(entry.version, pinned))) {
    const published = Array.isArray(props.versions) ? ` (Azure publishes ${(props.versions as unknown[]).map(String).join(', ')})` : '';
    issues.push({ stage: 'initiative', severity: 'warning', pointer, message: `${id} pins definitionVersion ${pinned}, but the built-in catalog holds only version ${entry.version ?? '(none)'} of "${entry.displayName ?? entry.name}"${published}: member parameters are checked against ${entry.version ?? 'it'}` });
  }
  return { props, version: entry.version };
}

function isAllowed(value: unknown, decl: ParameterDecl): boolean {
  const allowed = decl.allowedValues ?? [];
  if (allowed.length === 0) return true; // Azure accepts an empty list as "no restriction"
  if (allowed.some((a) => sameValue(a, value))) return true;
  // An array parameter's allowedValues may list the allowed elements.
  return (decl.type ?? '').toLowerCase() === 'array' && Array.isArray(value) && value.every((v) => allowed.some((a) => sameValue(a, v)));
}

/** Resource provider modes (data-plane policies) as `Microsoft.X.Data`; the built-in ones Azure documents have this form. */
function isProviderMode(mode: unknown): mode is string {
  return typeof mode === 'string' && /^Microsoft\.[A-Za-z0-9.]+\.Data$/i.test(mode);
}

/**
 * Why an alias is not in the catalog, as far as the catalog can tell: a data-plane alias (resource provider mode),
 * a namespace the catalog does not cover at all, or a resource type whose aliases do not include it (the engine's
 * message already names the closest aliases: "did you mean").
 */
export function explainUnknownAlias(alias: string, aliases: AliasCatalog, mode: unknown): string {
  const namespace = alias.slice(0, Math.max(alias.indexOf('/'), 0));
  if (/\.Data$/i.test(namespace)) {
    return `'${namespace}' is a data-plane namespace${isProviderMode(mode) ? ` (this definition's mode is the resource provider mode ${mode})` : ''}: Azure publishes data-plane aliases in its data policy manifests, not in the alias lists the bundled catalog is derived from`;
  }
  if (!namespace || !aliases.knowsNamespace(namespace)) {
    return `the alias catalog has no alias of namespace '${namespace || alias}' at all (neither alias dump covers the provider): add them with --aliases <catalog> (az provider show --namespace ${namespace || '<namespace>'} --expand "resourceTypes/aliases")`;
  }
  const type = alias.split('[')[0].replace(/\/[^/]*$/, '');
  const names = aliases.namesOfType(type);
  if (names.length === 0) return `the alias catalog has aliases of namespace '${namespace}' but none of resource type '${type}'`;
  return `resource type '${type}' has ${names.length} alias(es) in the catalog, not this one`;
}

/** Aliases the rule names: `field` values, `count.field`, modify/append `field`s, and `field('...')` in expressions. */
function namedAliases(value: unknown, out = new Map<string, string>(), pointer = ''): Map<string, string> {
  if (typeof value === 'string') {
    if (value.startsWith('[') && !value.startsWith('[[')) {
      const re = /field\(\s*'((?:[^']|'')*)'\s*\)/gi;
      let m: RegExpExecArray | null;
      while ((m = re.exec(value))) if (!out.has(m[1])) out.set(m[1].replace(/''/g, "'"), pointer);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => namedAliases(v, out, `${pointer}/${i}`));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.toLowerCase() === 'field' && typeof v === 'string' && v.includes('/') && !out.has(v)) out.set(v, `${pointer}/${k}`);
      namedAliases(v, out, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  }
  return out;
}

/** Notes for the aliases a compiled definition names that Azure has removed (they compile against their last path). */
function removedAliasNotes(json: unknown, aliases: AliasCatalog): PolicyValidationIssue[] {
  if (!isObject(json)) return [];
  const props = isObject(json.properties) ? json.properties : json;
  const base = isObject(json.properties) ? '/properties/policyRule' : '/policyRule';
  const notes: PolicyValidationIssue[] = [];
  for (const [alias, pointer] of namedAliases(props.policyRule)) {
    const entry = aliases.get(alias) ?? (alias.endsWith('[*]') ? undefined : aliases.get(`${alias}[*]`));
    if (entry?.removed) {
      notes.push({ stage: 'compile', severity: 'note', pointer: `${base}${pointer}`, message: `alias '${alias}' is no longer in Azure's alias list (2026-08; it is in the 2024 one): compiled against its last path ${entry.defaultPath}; Azure may no longer evaluate it` });
    }
  }
  return notes;
}

function compileIssues(json: unknown, aliases: AliasCatalog): PolicyValidationIssue[] {
  try {
    const compiled = compilePolicy(json, { aliases });
    // The engine's own notes (a resource provider mode: compiled, not applicable to ARM resources; the data-plane
    // aliases of that mode accepted without a catalog) are part of the verdict, not to be dropped.
    const engineNotes: PolicyValidationIssue[] = (compiled.notes ?? []).map((message) => ({ stage: 'compile', severity: 'note', message }));
    // An effect the parameter allows whose details do not compile: not a failure (another value may be assigned), but
    // every evaluation with it fails.
    const effectWarnings: PolicyValidationIssue[] = (compiled.effectWarnings ?? []).map((message) => ({ stage: 'compile', severity: 'warning', pointer: `${isObject(json) && isObject(json.properties) ? '/properties' : ''}/policyRule/then/details`, message }));
    return [...effectWarnings, ...engineNotes, ...removedAliasNotes(json, aliases)];
  } catch (err) {
    if (err instanceof PolicyEngineError) {
      let message = (err as PolicyEngineError & { rawMessage?: string }).rawMessage ?? err.message;
      const unknown = /^unknown alias '([^']+)'/.exec(message);
      if (unknown) {
        const props = isObject(json) ? (isObject(json.properties) ? json.properties : json) : {};
        message = `${message} (${explainUnknownAlias(unknown[1], aliases, props.mode)})`;
      }
      return [err.pointer !== undefined ? { stage: err.stage, message, pointer: err.pointer } : { stage: err.stage, message }];
    }
    return [{ stage: 'compile', message: `engine failure: ${(err as Error).stack ?? String(err)}` }];
  }
}

/** Validates definitions and initiatives in the given files or folders (`*.test.json` skipped). */
export function validatePolicyFiles(io: CliIo, inputs: readonly string[], aliases: AliasCatalog, builtins: PolicyResolver = builtinCatalog()): PolicyValidationReport {
  const started = process.hrtime.bigint();
  const explicitFiles = new Set<string>();
  for (const input of inputs) {
    const abs = resolvePath(io, input);
    if (fs.existsSync(abs) && fs.statSync(abs).isFile()) explicitFiles.add(abs);
  }
  const all = collectJsonFiles(io, inputs, (f) => !f.endsWith('.test.json'));
  const loaded = [...new Set(all)].map((f) => load(io, f, explicitFiles.has(f)));
  const definitions = new Map<string, Record<string, unknown>>();
  for (const f of loaded) {
    if (f.kind === 'definition' && f.props && !f.parseError) {
      definitions.set(f.name.toLowerCase(), f.props);
      definitions.set(baseName(f.file).toLowerCase(), f.props);
    }
  }
  // `<kit>/<name>` members not among the validated files resolve against the package's own definitions.
  const kitCache = new Map<string, Record<string, unknown> | undefined>();
  const kitDefinition = (name: string): Record<string, unknown> | undefined => {
    if (!kitCache.has(name)) {
      let props: Record<string, unknown> | undefined;
      try {
        const json: unknown = JSON.parse(fs.readFileSync(path.join(policiesDir(), 'definitions', `${name}.json`), 'utf8'));
        props = isObject(json) ? (isObject(json.properties) ? json.properties : json) : undefined;
      } catch {
        props = undefined;
      }
      kitCache.set(name, props);
    }
    return kitCache.get(name);
  };
  const results: PolicyValidationFileResult[] = loaded.map((f) => {
    const file = displayPath(io, f.file);
    if (f.parseError) return { file, kind: f.kind, name: f.name, ok: false, issues: [f.parseError] };
    if (f.kind === 'skipped') return { file, kind: f.kind, name: f.name, ok: true, issues: [] };
    const issues = f.kind === 'definition' ? compileIssues(f.json, aliases) : checkInitiative(f.props ?? {}, definitions, kitDefinition, builtins);
    return { file, kind: f.kind, name: f.name, ok: !issues.some((i) => i.severity === undefined), issues };
  });
  const counted = results.filter((r) => r.kind !== 'skipped');
  return {
    files: results,
    passed: counted.filter((r) => r.ok).length,
    failed: counted.filter((r) => !r.ok).length,
    skipped: results.length - counted.length,
    elapsedMs: Number(process.hrtime.bigint() - started) / 1e6,
  };
}

/** `guardrails validate <files or folders> [--json] [--aliases catalog]`: exit 1 when any file fails. */
export async function runValidateCommand(io: CliIo, inputs: readonly string[], options: { json?: boolean; aliases?: readonly string[] }): Promise<number> {
  if (inputs.length === 0) throw new CliUsageError('give at least one file or folder to validate', true);
  const aliases = aliasesFor(io, options.aliases);
  const report = validatePolicyFiles(io, inputs, aliases);
  if (report.files.length === 0) throw new CliUsageError(`no .json files found in ${inputs.join(', ')}`);
  if (options.json) {
    await writeOut(io.stdout, JSON.stringify(report, null, 2) + '\n');
  } else {
    const lines: string[] = [];
    let warnings = 0;
    let notes = 0;
    for (const r of report.files) {
      if (r.issues.length === 0) continue;
      lines.push(`${r.ok ? (r.issues.some((i) => i.severity === 'warning') ? 'WARN' : 'NOTE') : 'FAIL'} ${r.file} (${r.kind})`);
      for (const issue of r.issues) {
        if (issue.severity === 'warning') warnings++;
        if (issue.severity === 'note') notes++;
        lines.push(`  ${issue.stage} ${issue.severity ?? 'error'}${issue.pointer !== undefined ? ` at ${issue.pointer || '/'}` : ''}: ${issue.message}`);
      }
    }
    const defs = report.files.filter((r) => r.kind === 'definition');
    const sets = report.files.filter((r) => r.kind === 'initiative');
    lines.push(
      `${defs.length} definition(s), ${sets.length} initiative(s)${report.skipped ? `, ${report.skipped} other JSON file(s) skipped` : ''} in ${(report.elapsedMs / 1000).toFixed(2)} s`,
      `${report.passed} passed, ${report.failed} failed${warnings || notes ? ` (${[warnings ? `${warnings} warning(s)` : '', notes ? `${notes} note(s)` : ''].filter(Boolean).join(', ')})` : ''}`,
    );
    await writeOut(io.stdout, lines.join('\n') + '\n');
  }
  // A file that is not JSON or cannot be read is an input error (exit 2, as for every command); rules that do not
  // compile and initiative problems are validation failures (exit 1).
  const malformed = report.files.filter((f) => f.issues.some((i) => i.stage === 'parse' && /^(invalid JSON|cannot read)/.test(i.message)));
  if (malformed.length > 0) {
    io.stderr.write(`guardrails validate: ${malformed.length} file(s) could not be read as JSON: ${malformed.map((f) => f.file).join(', ')}\n`);
    return EXIT_USAGE;
  }
  return report.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}
