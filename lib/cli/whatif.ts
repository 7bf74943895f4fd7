// `guardrails scan` with assignments: reading assignments, exemptions and management-group ancestry in Azure's own
// JSON, building the definition lookup (--policies, the kit's library, the built-in catalog), and the
// per-assignment, per-member summary of the table output. The evaluation itself is lib/assess.
import * as fs from 'fs';
import * as path from 'path';
import {
  AssessInputError, AssessPlan, buildAssessPlan, chainPolicyResolvers, describePolicyDocument, filePolicyResolver, ManagementGroupAncestry,
  parseAssignments, parseExemptions, PolicyAssignment, PolicyEntry, PolicyExemption, PolicyResolver, ScanReport,
} from '../assess';
import { packageRoot } from '../core/package-root';
import { AliasCatalog } from '../policy-engine';
import { builtinCatalog, kitPolicyLibrary, PolicyReferenceError } from '../policy-engine/builtins';
import { collectJsonFiles, CliIo, CliUsageError, describeJsonError, displayPath, parseJsonText, readTextFile, resolvePath } from './io';
import type { SkippedItem } from './report/types';

/** Turns an assessment input error into a usage error (exit 2, nothing written). */
export function usageError(err: unknown): never {
  if (err instanceof AssessInputError || err instanceof PolicyReferenceError) throw new CliUsageError(err.message);
  throw err;
}

function readJsonFiles(io: CliIo, inputs: readonly string[], what: string): { file: string; json: unknown }[] {
  const files = collectJsonFiles(io, inputs, (f) => !f.endsWith('.test.json'));
  return files.map((abs) => {
    const shown = displayPath(io, abs);
    return { file: shown, json: parseJsonText(readTextFile(io, abs, what), shown, what) };
  });
}

/** Assignments from files or folders (`az policy assignment show|list` output or the REST API's JSON). */
export function readAssignments(io: CliIo, inputs: readonly string[]): PolicyAssignment[] {
  const out: PolicyAssignment[] = [];
  for (const { file, json } of readJsonFiles(io, inputs, 'assignment')) {
    try {
      out.push(...parseAssignments(json, file));
    } catch (err) {
      usageError(err);
    }
  }
  if (out.length === 0) throw new CliUsageError(`assignment ${inputs.join(', ')}: no assignment found`);
  return out;
}

/** Exemptions from files (`az policy exemption list` output or the REST API's JSON). */
export function readExemptions(io: CliIo, inputs: readonly string[]): PolicyExemption[] {
  const out: PolicyExemption[] = [];
  for (const { file, json } of readJsonFiles(io, inputs, 'exemptions')) {
    try {
      out.push(...parseExemptions(json, file));
    } catch (err) {
      usageError(err);
    }
  }
  return out;
}

/** Subscription -> management group ancestry (see ManagementGroupAncestry.parse for the shapes). */
export function readManagementGroups(io: CliIo, file: string): ManagementGroupAncestry {
  const json = parseJsonText(readTextFile(io, file, 'management groups'), file, 'management groups');
  try {
    return ManagementGroupAncestry.parse(json, file);
  } catch (err) {
    return usageError(err);
  }
}

/**
 * The kit's own policies/ folder (definitions and initiatives): C2 `kitPolicyLibrary()` (read on first use, cached),
 * with each entry's file shown relative to the package (`policies/definitions/<name>.json`).
 */
export function kitResolver(): PolicyResolver {
  const library = kitPolicyLibrary();
  const shown = new Map<PolicyEntry, PolicyEntry>();
  const relative = (e: PolicyEntry | undefined): PolicyEntry | undefined => {
    if (!e || e.file === undefined) return e;
    let r = shown.get(e);
    if (!r) shown.set(e, (r = { ...e, file: path.relative(packageRoot(), e.file).split(path.sep).join('/') }));
    return r;
  };
  return {
    resolve: (ref, options) => relative(library.resolve(ref, options)),
    versions: (name, kind) => library.versions(name, kind),
    *entries(kind) {
      for (const e of library.entries(kind)) yield relative(e)!;
    },
  };
}

/** Azure's built-in definitions and initiatives: C2 `builtinCatalog()` (lazy: nothing is read until a look-up). */
export function builtinResolver(): PolicyResolver {
  return builtinCatalog();
}

/** Definitions and initiatives under --policies, and the files that could not be read. */
export interface PolicyFolder {
  readonly entries: PolicyEntry[];
  readonly resolver: PolicyResolver;
  /** Files that could not be read or are not JSON, dangling links and loops: skipped, and why. */
  readonly problems: SkippedItem[];
}

/**
 * Reads a --policies folder or file: definitions and initiatives (other JSON and *.test.json ignored). For a file,
 * `entries` is that file's definition or initiative, and the lookup also holds the JSON files beside it (where an
 * initiative's members usually are). Every file is read within --max-file-size; one that cannot be read or is not
 * JSON, a dangling symbolic link or a loop is in `problems` (reported as skipped: never a silent success), and a
 * JSON error names the line and column without quoting the file.
 */
export function readPolicyFolder(io: CliIo, input: string): PolicyFolder {
  const abs = resolvePath(io, input);
  if (!fs.existsSync(abs)) throw new CliUsageError(`policies ${input}: no such file or folder`);
  const single = fs.statSync(abs).isFile();
  const read = (files: string[], problems: SkippedItem[]): { file: string; json: unknown }[] => {
    const out: { file: string; json: unknown }[] = [];
    for (const f of files) {
      const shown = displayPath(io, f);
      let text: string;
      try {
        text = readTextFile(io, f, 'policy');
      } catch (err) {
        problems.push({ file: shown, reason: (err as Error).message.replace(/^policy \S+: /, '') });
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        problems.push({ file: shown, reason: `invalid JSON: ${describeJsonError(text, err)}` });
        continue;
      }
      if (describePolicyDocument(json, shown)) out.push({ file: shown, json });
    }
    return out;
  };
  const problems: SkippedItem[] = [];
  const files = collectJsonFiles(io, [input], (f) => !f.endsWith('.test.json'), (skip) => problems.push({ file: skip.file, reason: skip.reason }));
  const own = read(files, problems);
  const entries = [...filePolicyResolver(own, 'file').entries()];
  if (!single) return { entries, resolver: filePolicyResolver(own, 'file'), problems };
  const siblings = fs.readdirSync(path.dirname(abs)).filter((n) => n.toLowerCase().endsWith('.json') && !n.endsWith('.test.json')).map((n) => path.join(path.dirname(abs), n)).filter((f) => f !== abs);
  const beside = read(siblings, []);
  return { entries, resolver: filePolicyResolver([...own, ...beside], 'file'), problems };
}

/**
 * A --policies value that is not a file or folder: a definition or initiative of the kit's library or of Azure's
 * built-ins by name (GUID), full id or display name (case-insensitive), evaluated as a loose definition (an
 * initiative as an implicit assignment of its members). Undefined when the value does not look like a reference.
 */
function catalogReference(ref: string): PolicyEntry | undefined {
  const text = ref.trim();
  // A path (a separator or a .json ending) that does not exist is a missing file, reported as such by readPolicyFolder.
  if (text === '' || /\.json$/i.test(text) || (/[\\/]/.test(text) && !/^\/?(subscriptions|providers)\//i.test(text))) return undefined;
  let entry: PolicyEntry | undefined;
  try {
    entry = chainPolicyResolvers(kitResolver(), builtinResolver()).resolve(text);
  } catch (err) {
    return usageError(err);
  }
  if (!entry) throw new CliUsageError(`policies ${ref}: no such file or folder, and no definition or initiative of that name, id or display name in the kit's library or the built-in catalog`);
  return entry;
}

/** Options for {@link buildScanPlan}. */
export interface ScanPlanOptions {
  /** --policies: loose definitions (without assignments) or the first place definitions are looked up. */
  readonly policies?: string;
  /** --assignment files or folders. */
  readonly assignments?: readonly string[];
  /** --exemptions files. */
  readonly exemptions?: readonly string[];
  /** --management-groups file. */
  readonly managementGroups?: string;
  /** --params values for loose definitions. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly aliases: AliasCatalog;
  /** --as-of: when exemptions expire. @default now */
  readonly now?: Date;
}

/** The plan of a scan, and what to tell the user on stderr before the results. */
export function buildScanPlan(io: CliIo, options: ScanPlanOptions): { plan: AssessPlan; notes: string[]; failures: number; problems: SkippedItem[] } {
  const notes: string[] = [];
  let failures = 0;
  // --policies is a file or folder; anything else is a reference into the kit's library or Azure's built-ins.
  const reference = options.policies !== undefined && !fs.existsSync(resolvePath(io, options.policies)) ? catalogReference(options.policies) : undefined;
  const folder = options.policies !== undefined && !reference ? readPolicyFolder(io, options.policies) : undefined;
  const problems = [...(folder?.problems ?? [])];
  // A plan that cannot be made: the notes so far (files skipped and why) first, as a scan that runs prints them.
  const printNotes = (): void => {
    for (const note of notes) io.stderr.write(`guardrails scan: ${note}\n`);
  };
  for (const p of problems) {
    notes.push(`${p.file}: ${p.reason}; skipped`);
    failures++;
  }
  const assignments = options.assignments?.length ? readAssignments(io, options.assignments) : undefined;
  if (options.exemptions?.length && !assignments) throw new CliUsageError('--exemptions applies to assignments: give --assignment too', true);
  const exemptions = options.exemptions?.length ? readExemptions(io, options.exemptions) : undefined;
  const ancestry = options.managementGroups ? readManagementGroups(io, options.managementGroups) : undefined;
  let definitions: PolicyEntry[] | undefined;
  if (!assignments && reference) {
    definitions = [reference];
  } else if (!assignments) {
    if (!folder) throw new CliUsageError('missing --policies (or --assignment)', true);
    // A folder's initiatives are not evaluated on their own (their members are, as loose definitions); an initiative
    // given as the --policies file is evaluated as an implicit assignment.
    const single = folder.entries.length === 1 && folder.entries[0].kind === 'initiative' && fs.statSync(resolvePath(io, options.policies!)).isFile();
    definitions = single ? folder.entries : folder.entries.filter((e) => e.kind === 'definition');
    if (definitions.length === 0) {
      printNotes();
      throw new CliUsageError(`policies ${options.policies}: no policy definition found`);
    }
  }
  const resolver = chainPolicyResolvers(...[folder?.resolver, kitResolver(), builtinResolver()].filter((r): r is PolicyResolver => !!r));
  let plan: AssessPlan;
  try {
    plan = buildAssessPlan({
      resolver,
      ...(assignments ? { assignments } : {}),
      ...(definitions ? { definitions } : {}),
      ...(options.parameters ? { parameters: options.parameters } : {}),
      ...(exemptions ? { exemptions } : {}),
      ...(ancestry ? { ancestry } : {}),
      aliases: options.aliases,
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (err) {
    printNotes();
    return usageError(err);
  }
  for (const s of plan.skipped) {
    notes.push(s.file && !assignments ? `${s.file}: ${s.reason}; skipped` : s.reason);
    failures++;
  }
  notes.push(...plan.warnings);
  const compileFailed = (p: { policy: string; file?: string }): boolean => plan.skipped.some((s) => s.policy === p.policy && s.file === p.file && /does not compile/.test(s.reason));
  if (!assignments && plan.policies.length > 0 && plan.policies.every(compileFailed)) {
    printNotes();
    throw new CliUsageError(`policies ${options.policies}: no policy definition found that compiles`);
  }
  return { plan, notes, failures, problems };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

const COLUMNS: readonly [string, keyof ScanReport['assignments'][number]['totals']][] = [
  ['DENY', 'deny'], ['AUDIT', 'audit'], ['DEPLOY', 'deploy'], ['MODIFY', 'modify'], ['APPEND', 'append'],
  ['DENYACTION', 'denyAction'], ['OTHER', 'other'], ['UNDETERMINED', 'undetermined'], ['EXEMPTED', 'exempted'],
];

/**
 * What each assignment would do: per member, would deny N, audit M, deploy K, ..., undetermined U, exempted E;
 * then expired exemptions and what was skipped. Empty when no assignment was given.
 */
export function formatAssignmentTable(report: ScanReport): string {
  if (report.assignments.length === 0) return '';
  const out: string[] = [];
  for (const a of report.assignments) {
    out.push(`ASSIGNMENT ${a.displayName ? `${a.displayName} (${a.name})` : a.name}`);
    out.push(`  id ${a.id}`);
    out.push(`  definition ${a.definitionId}${a.definitionVersion ? ` @ ${a.definitionVersion}` : ''}${a.versionNote ? ` (${a.versionNote})` : ''}`);
    if (a.enforcementMode === 'DoNotEnforce') out.push('  enforcementMode DoNotEnforce: nothing is denied or deployed; the counts say what would be');
    const header = ['MEMBER', 'POLICY', ...COLUMNS.map(([h]) => h)];
    const rows = a.members.map((m) => [m.referenceId ?? '-', m.policy, ...COLUMNS.map(([, k]) => String(m[k]))]);
    rows.push(['TOTAL', '', ...COLUMNS.map(([, k]) => String(a.totals[k]))]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [header, ...rows]) out.push('  ' + r.map((c, i) => pad(c, widths[i])).join('  ').trimEnd());
    for (const e of a.expiredExemptions) out.push(`  expired exemption (not applied): ${e.id} (expired ${e.expiresOn})`);
    out.push('');
  }
  if (report.exempted.length) {
    const byCategory = new Map<string, number>();
    for (const e of report.exempted) byCategory.set(e.exemption.category, (byCategory.get(e.exemption.category) ?? 0) + 1);
    out.push(`EXEMPTED ${report.exempted.length} result(s): ${[...byCategory].map(([c, n]) => `${c} ${n}`).join(', ')}`, '');
  }
  if (report.skipped.length) {
    out.push('SKIPPED (the report is incomplete)');
    for (const s of report.skipped.slice(0, 20)) out.push(`  ${s.reason}`);
    if (report.skipped.length > 20) out.push(`  ... and ${report.skipped.length - 20} more (--format json lists all)`);
    out.push('');
  }
  return out.join('\n') + (out.length ? '\n' : '');
}



/** The scan options of assignments from parsed command-line values (`--assignment`, `--exemptions`, ...). */
export function whatIfOptions(values: Record<string, unknown>): { assignments?: string[]; exemptions?: string[]; managementGroups?: string; asOf?: Date } {
  const list = (name: string): string[] | undefined => (Array.isArray(values[name]) ? (values[name] as string[]) : undefined);
  const asOfText = typeof values['as-of'] === 'string' ? values['as-of'] : undefined;
  let asOf: Date | undefined;
  if (asOfText !== undefined) {
    asOf = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(asOfText) ? new Date(asOfText) : undefined;
    if (!asOf || !Number.isFinite(asOf.getTime())) throw new CliUsageError(`--as-of ${asOfText}: expected an ISO 8601 date or date and time, e.g. 2026-06-30 or 2026-06-30T12:00:00Z`, true);
  }
  const assignments = list('assignment');
  const exemptions = list('exemptions');
  const mg = typeof values['management-groups'] === 'string' ? values['management-groups'] : undefined;
  return { ...(assignments ? { assignments } : {}), ...(exemptions ? { exemptions } : {}), ...(mg ? { managementGroups: mg } : {}), ...(asOf ? { asOf } : {}) };
}
