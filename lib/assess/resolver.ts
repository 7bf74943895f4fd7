// Definition lookup for the runner: the C2 catalog of lib/policy-engine/builtins.ts (PolicyEntry, PolicyResolver,
// policyFolder, chainResolvers, compareVersions, matchesVersion). What is here is what assignments need on top of
// it (version patterns of overrides, the name a reference ends in) and the names lib/assess has exported since
// before the catalog landed, now thin aliases of the engine's.
import { chainResolvers, compareVersions, matchesVersion, policyFileEntry, policyFolder, PolicyEntry, PolicyKind, PolicyResolver } from '../policy-engine/builtins';

export type { PolicyEntry, PolicyKind, PolicyResolver };

/** True when `text` is a version ("1.2.0") or a version pattern ("1.*.*", "1.2.*", "2.*.*-preview"). */
export function isVersionPattern(text: string): boolean {
  return /^\d{1,9}\.(\d{1,9}|\*)\.(\d{1,9}|\*)(-[0-9A-Za-z.-]+)?$/.test(text.trim()) && !/^\d+\.\*\.\d/.test(text.trim());
}

/**
 * Whether `version` satisfies `pattern` (an assignment's `definitionVersion`: "#.*.*", "#.#.*" or exact): the
 * engine's {@link matchesVersion} with the arguments the other way round.
 */
export function versionMatches(pattern: string, version: string): boolean {
  return matchesVersion(version, pattern);
}

/** Orders versions newest first (the engine's {@link compareVersions}, descending). */
export function compareVersionsDescending(a: string, b: string): number {
  return compareVersions(b, a);
}

/**
 * Whether version (pattern) `a` is greater than or equal to `b`, comparing major, minor and patch with `*` as 0.
 * Azure: for an override of kind policyVersion "the supported version number must be greater than or equal to the
 * definitionVersion specified in the assignment" (assignment-structure.md, Overrides).
 */
export function versionAtLeast(a: string, b: string): boolean {
  const num = (t: string): number[] => t.trim().split('-')[0].split('.').map((x) => (x === '*' ? 0 : Number(x) || 0));
  const pa = num(a);
  const pb = num(b);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return true;
}

/** The name a definition reference ends in: the GUID or name after policyDefinitions/ or policySetDefinitions/. */
export function referenceName(ref: string): { name: string; kind?: PolicyKind } {
  const m = /\/providers\/Microsoft\.Authorization\/(policyDefinitions|policySetDefinitions)\/([^/]+)\/?$/i.exec(ref);
  if (!m) return { name: ref };
  return { name: m[2], kind: m[1].toLowerCase() === 'policysetdefinitions' ? 'initiative' : 'definition' };
}

/** Kind, name, id, display name and version of a definition or initiative document, or undefined for other JSON. */
export function describePolicyDocument(json: unknown, file?: string): Omit<PolicyEntry, 'source' | 'definition' | 'file'> | undefined {
  const entry = policyFileEntry(file ?? 'policy', json);
  if (!entry) return undefined;
  const { source: _source, definition: _definition, file: _file, ...described } = entry;
  return described;
}

/** A resolver over documents already read (a `--policies` folder, a test's fixtures): C2 `policyFolder`. */
export function filePolicyResolver(files: ReadonlyArray<{ file: string; json: unknown }>, source: 'file' | 'kit' | 'builtin' = 'file'): PolicyResolver {
  return policyFolder(files, { source });
}

/** C2 `chainResolvers`: the first resolver that knows the reference wins, in the order given. */
export const chainPolicyResolvers: (...resolvers: PolicyResolver[]) => PolicyResolver = chainResolvers;
