// `guardrails diff-builtin <old> <new> --resources <export>`: which resources change verdict between two versions
// of a definition (lib/assess/diff.ts).
import * as fs from 'fs';
import { chainPolicyResolvers, describePolicyDocument, diffDefinitionVersions, PolicyEntry, PolicyResolver, VersionDiff } from '../assess';

import { aliasesFor } from './catalogs';
import { parseAssignmentParameters } from './eval';
import { CliIo, CliUsageError, displayPath, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, parseJsonText, readJsonFile, readTextFile, resolvePath, writeOut } from './io';
import { parseResourceExport } from './scan';
import { builtinResolver, kitResolver, readPolicyFolder } from './whatif';

/** Options of `guardrails diff-builtin`. */
export interface DiffBuiltinOptions {
  /** The old version: a definition file, or `<reference>@<version>`. */
  readonly old: string;
  /** The new version. */
  readonly new: string;
  /** Resource export. */
  readonly resources: string;
  /** Parameter values for both versions. @default none */
  readonly params?: string;
  /** Folder where references are looked up first. @default none */
  readonly policies?: string;
  /** @default 'table' */
  readonly format?: 'table' | 'json';
  /** Extra alias catalogs. @default bundled only */
  readonly aliases?: readonly string[];
  /** @default '0.0.0' */
  readonly version?: string;
}

function loadDefinition(io: CliIo, ref: string, resolver: () => PolicyResolver, which: string): PolicyEntry {
  const abs = resolvePath(io, ref);
  if (fs.existsSync(abs) && fs.statSync(abs).isFile()) {
    const shown = displayPath(io, abs);
    const json = parseJsonText(readTextFile(io, ref, `${which} definition`), shown, `${which} definition`);
    const described = describePolicyDocument(json, shown);
    if (!described || described.kind !== 'definition') throw new CliUsageError(`${which} definition ${ref}: not a policy definition (no properties.policyRule)`);
    return { ...described, source: 'file', file: shown, definition: () => json as Record<string, unknown> };
  }
  const at = ref.lastIndexOf('@');
  if (at <= 0) throw new CliUsageError(`${which} definition ${ref}: no such file; a catalog reference is <name|id|display name>@<version>`);
  const name = ref.slice(0, at);
  const version = ref.slice(at + 1);
  const r = resolver();
  const entry = r.resolve(name, { kind: 'definition', version });
  if (!entry) {
    const held = r.resolve(name, { kind: 'definition' });
    throw new CliUsageError(`${which} definition ${ref}: ${held ? `version ${version} is not held (held: ${r.versions(held.name, 'definition').join(', ') || 'no version number'})` : `${name} not found in --policies, the kit's library or the built-in catalog`}`);
  }
  return entry;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The table: what was compared, the transitions, then the resources that change (first 50). */
export function formatVersionDiff(diff: VersionDiff, max = 50): string {
  const name = (v: VersionDiff['old']): string => `${v.name}${v.version ? ` ${v.version}` : ''}${v.file ? ` (${v.file})` : ''}`;
  const out = [`OLD ${name(diff.old)}`, `NEW ${name(diff.new)}`];
  if (diff.old.version && diff.old.version === diff.new.version) out.push(`note: both files declare version ${diff.old.version}`);
  out.push('', `${diff.resources} resource(s): ${diff.changed.length} change verdict, ${diff.unchanged} unchanged`);
  const transitions = Object.entries(diff.transitions).sort((a, b) => b[1] - a[1]);
  for (const [t, n] of transitions) out.push(`  ${pad(String(n), 6)} ${t}`);
  if (diff.changed.length) {
    out.push('', 'CHANGED');
    const shown = diff.changed.slice(0, max);
    const w = Math.max(...shown.map((c) => `${c.old} -> ${c.new}`.length));
    for (const c of shown) out.push(`  ${pad(`${c.old} -> ${c.new}`, w)}  ${c.resourceId}`);
    if (diff.changed.length > max) out.push(`  ... and ${diff.changed.length - max} more (--format json lists all)`);
  }
  for (const e of diff.errors) out.push(`error (${e.version}, ${e.occurrences}x): ${e.message}`);
  for (const s of diff.skipped) out.push(`skipped (${s.version}): ${s.reason}`);
  return out.join('\n') + '\n';
}

/** Runs the command: exit 0 when no resource changes verdict, 1 when some do, 2 on bad input or errors. */
export async function runDiffBuiltinCommand(io: CliIo, options: DiffBuiltinOptions): Promise<number> {
  const resources = parseResourceExport(readTextFile(io, options.resources, 'resources'), options.resources);
  const parameters = options.params ? parseAssignmentParameters(readJsonFile(io, options.params, 'parameters'), options.params) : undefined;
  const aliases = aliasesFor(io, options.aliases);
  let resolver: PolicyResolver | undefined;
  const lookup = (): PolicyResolver => (resolver ??= chainPolicyResolvers(...[options.policies ? readPolicyFolder(io, options.policies).resolver : undefined, kitResolver(), builtinResolver()].filter((r): r is PolicyResolver => !!r)));
  const oldEntry = loadDefinition(io, options.old, lookup, 'old');
  const newEntry = loadDefinition(io, options.new, lookup, 'new');
  const diff = await diffDefinitionVersions(oldEntry, newEntry, () => resources, { ...(parameters ? { parameters } : {}), aliases });
  await writeOut(io.stdout, options.format === 'json' ? JSON.stringify(diff, null, 2) + '\n' : formatVersionDiff(diff));
  if (!diff.complete) {
    io.stderr.write('guardrails diff-builtin: some evaluations failed or were skipped (listed); the comparison is incomplete\n');
    return EXIT_USAGE;
  }
  return diff.changed.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
