/**
 * `guardrails scan --terraform <file|folder|->`: translates a Terraform input (cdktf synth folder, cdk.tf.json,
 * `*.tf.json`, `terraform show -json` plan, HCL with @cdktf/hcl2json; `-`: one document on standard input) into the
 * ARM create/update requests Azure Policy evaluates (lib/preflight), and evaluates them with the assessment runner of
 * lib/assess: the same plan (--policies, --params, --assignment, --exemptions, --management-groups; built-ins by GUID
 * or display name), the same report model and formats, --fail-on, --output, --max-results and --base-path as
 * `scan --resources`.
 *
 * Terraform specifics: values known only after apply are the engine's Unknown (contract C1), so a verdict that
 * depends on one is `undetermined`; related resources for existence checks come from the configuration, and one
 * not found there is undetermined ("depends on resources outside the configuration") unless --complete says the
 * configuration holds everything; resources of types without a translation are listed under `notTranslated`
 * (never counted compliant); --strict makes undetermined and not-translated exit 1.
 */
import { runAssessment } from '../assess';
import { LIMITS, TerraformInputError, TerraformSource, TranslationResult, readTerraformPath, readTerraformText, translate } from '../preflight';
import type { InvalidInput } from '../preflight';
import { aliasesFor } from './catalogs';
import { parseAssignmentParameters } from './eval';
import { CliIo, CliUsageError, displayPath, readJsonFile, readStdinText, resolvePath } from './io';
import type { AssessResource, SkippedItem } from './report/types';
import { reportScan, ScanCommandOptions } from './scan';
import { buildScanPlan } from './whatif';

/** Options of `guardrails scan --terraform`: those of `scan --resources` with a Terraform input in place of the export. */
export interface TerraformScanOptions extends Omit<ScanCommandOptions, 'resources'> {
  /** File or folder to read. */
  readonly terraform: string;
  /** Root variable values (`name=value`, repeatable). @default the variables' defaults only */
  readonly vars?: readonly string[];
  /** The configuration is complete: related resources it does not hold do not exist. @default false */
  readonly complete?: boolean;
  /** Exit 1 also for undetermined verdicts and resources not translated. @default false */
  readonly strict?: boolean;
}

/** `--var name=value` values, like `terraform -var`: a value that parses as JSON (number, bool, list, object) is that value, else a string. */
export function parseVars(vars: readonly string[] | undefined): Record<string, unknown> | undefined {
  if (!vars || vars.length === 0) return undefined;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const v of vars) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new CliUsageError(`--var ${JSON.stringify(v)}: expected name=value`, true);
    const name = v.slice(0, eq);
    const raw = v.slice(eq + 1);
    let value: unknown = raw;
    if (/^[[{0-9-]|^(true|false|null)$/.test(raw.trim())) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    out[name] = value;
  }
  return out;
}

/**
 * Translates every source of the input into one result (each stack is translated on its own, so references stay
 * inside a stack). Resources are numbered 0..n-1 across all sources (`index`: their position in the assessed input;
 * a Terraform resource with children, such as an NSG with inline rules, gives several ARM resources). `-` reads one
 * document from standard input (JSON configuration, cdk.tf.json, plan or state JSON, or HCL), within the same size
 * limit as a file (--max-file-size, else LIMITS.maxFileBytes); local module sources resolve from the working folder.
 */
export async function translateTerraformInput(io: CliIo, target: string, vars?: Record<string, unknown>): Promise<TranslationResult> {
  const maxFileBytes = io.maxFileSize ?? LIMITS.maxFileBytes;
  let sources: TerraformSource[];
  try {
    if (target === '-') {
      const text = await readStdinText(io, 'terraform', maxFileBytes);
      sources = await readTerraformText(text, { file: '-', dir: io.cwd ?? process.cwd(), variables: vars, display: (p) => displayPath(io, p), maxFileBytes });
    } else {
      sources = await readTerraformPath(resolvePath(io, target), { variables: vars, display: (p) => displayPath(io, p), maxFileBytes });
    }
  } catch (err) {
    if (err instanceof TerraformInputError) throw new CliUsageError(err.message);
    throw err;
  }
  const resources: AssessResource[] = [];
  const notTranslated: TranslationResult['notTranslated'] = [];
  const invalid: InvalidInput[] = [];
  const notes: TranslationResult['notes'] = [];
  let translated = 0;
  let otherProviders = 0;
  for (const s of sources) {
    const r = translate(s.input);
    const prefix = s.stack ? `${s.stack}: ` : '';
    for (const a of r.resources) resources.push({ ...a, index: resources.length });
    notTranslated.push(...r.notTranslated);
    invalid.push(...(r.invalid ?? []));
    notes.push(...r.notes.map((n) => ({ ...n, message: prefix + n.message })));
    translated += r.translated;
    otherProviders += r.otherProviders;
  }
  return { resources, notTranslated, ...(invalid.length ? { invalid } : {}), notes, translated, otherProviders };
}

/**
 * A malformed part of the input as a skipped item of the report: Terraform would reject the input, so the scan is
 * incomplete (exit 2), whatever the verdicts of the rest.
 */
export function invalidAsSkipped(i: InvalidInput): SkippedItem {
  return { ...(i.file !== undefined ? { file: i.file } : {}), reason: `${i.address !== undefined && !i.reason.includes(i.address) ? `${i.address}: ` : ''}${i.reason}` };
}

/**
 * `guardrails scan --terraform`: exit 1 when a finding fails under --fail-on (with --strict also for undetermined
 * verdicts and resources not translated), 2 on bad input or an incomplete scan.
 */
export async function runTerraformScanCommand(io: CliIo, options: TerraformScanOptions): Promise<number> {
  if (options.params && options.assignments?.length) throw new CliUsageError('--params applies to loose definitions; assignments carry their own parameters', true);
  const parameters = options.params ? parseAssignmentParameters(readJsonFile(io, options.params, 'parameters'), options.params) : {};
  const vars = parseVars(options.vars);
  const aliases = aliasesFor(io, options.aliases);
  const { plan, notes, failures, problems } = buildScanPlan(io, { ...options, parameters, aliases, ...(options.asOf ? { now: options.asOf } : {}) });
  for (const note of notes) io.stderr.write(`guardrails scan: ${note}\n`);

  const translation = await translateTerraformInput(io, options.terraform, vars);
  const assessed = await runAssessment(translation.resources, plan, {
    toolVersion: options.version ?? '0.0.0',
    // A Terraform configuration is not everything that exists: a related resource it does not hold may exist in
    // Azure (or be deployed by the policy), so an existence check it does not satisfy is undetermined.
    relatedResourcesComplete: options.complete === true,
    notTranslated: translation.notTranslated.map((n) => ({ address: n.address, type: n.type, ...(n.count !== undefined ? { count: n.count } : {}), ...(n.armType !== undefined ? { armType: n.armType } : {}) })),
  });
  const report = translation.notes.length > 0 ? { ...assessed, notes: translation.notes.map((n) => ({ ...(n.address !== undefined ? { address: n.address } : {}), message: n.message })) } : assessed;

  const shown = options.terraform === '-' ? '-' : displayPath(io, resolvePath(io, options.terraform));
  io.stderr.write(
    `guardrails scan: ${shown}: ${translation.translated} Terraform resource(s) translated into ${translation.resources.length} ARM request(s)` +
      (translation.notTranslated.length ? `, ${translation.notTranslated.reduce((n, t) => n + (t.count ?? 1), 0)} not translated (listed under "notTranslated"; not evaluated)` : '') +
      (translation.invalid?.length ? `, ${translation.invalid.length} malformed part(s) not read (listed under "skipped"; the scan is incomplete)` : '') +
      (translation.otherProviders ? `, ${translation.otherProviders} of other providers ignored` : '') +
      (translation.notes.length ? `; ${translation.notes.length} translation note(s) in --format json` : '') +
      '\n',
  );
  if (translation.translated === 0 && translation.notTranslated.length === 0 && !translation.invalid?.length) {
    io.stderr.write(`guardrails scan: warning: ${shown} holds no azurerm or azapi resources (or none in a shape Terraform reads); nothing was evaluated\n`);
  }
  return reportScan(io, report, [...problems, ...(translation.invalid ?? []).map(invalidAsSkipped)], failures, options);
}
