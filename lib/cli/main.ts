import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, ParseArgsConfig } from 'util';
import { packageRoot } from '../core/package-root';
import { didYouMean } from '../policy-engine/suggest';
import { CliIo, CliUsageError, EXIT_OK, EXIT_USAGE, parseByteSize, processIo, writeFileAtomic } from './io';
import { FAIL_ON_VALUES, FailOn } from './report/common';
import type { ScanFormat } from './scan';
import type { PolicyTestFormat } from './test-command';

// Each command's module is loaded when the command runs (start-up budget, issue 12 item 11: a single
// `guardrails eval` at most 2x `node -e 0`; loading every command's code cost a fifth of that).
const SCAN_FORMATS: readonly ScanFormat[] = ['table', 'json', 'sarif', 'markdown', 'html'];
const TEST_FORMATS: readonly PolicyTestFormat[] = ['text', 'junit', 'json', 'markdown'];

const EXIT_CODES = `Exit codes:
  0  success (eval: evaluated; validate: all files valid; scan: no findings; test: all cases passed)
  1  findings or failures (validate: a file failed; scan: a resource is non-compliant; test: a case failed;
     diff-builtin: a resource changes verdict)
  2  usage or input error (bad option, missing, malformed or oversized file, definition that does not compile),
     or an incomplete run (scan: an evaluation failed; test: a case or file could not be run)`;

const HELP: Record<string, string> = {
  main: `guardrails: offline Azure Policy engine

Usage: guardrails <command> [options]

Commands:
  eval       evaluate a policy definition against one ARM resource, or a JSONL batch of requests
  validate   parse and compile policy definitions and initiatives
  scan       evaluate a resource export (Azure Resource Graph, array, JSONL) against definitions
  test       run policy unit tests (*.test.json)
  diff-builtin  which resources change verdict between two versions of a definition

Options:
  -h, --help     help for guardrails or a command (guardrails <command> --help)
  -v, --version  print the version

${EXIT_CODES}
`,
  eval: `Usage:
  guardrails eval --policy <def.json> --resource <res.json> [--params <p.json>] [--aliases <catalog>]...
                  [--related <rel.json>] [--context <ctx.json>] [--api-version <v>] [--output <file>]
  guardrails eval --batch <requests.jsonl | -> [--allow-read <folder>]... [--max-line-mb <n>]

Single mode prints {"schemaVersion": 1, "effect", "details"?, "trace", "error"?, "undetermined"?, "notes"?} as JSON
(--format json, the only format; --output writes it to a file; "notes": how the definition was compiled, e.g. a
resource provider mode that does not apply to ARM resources). Every file read has a size limit (--max-file-size,
default 64 MiB).
  --policy       definition ({"properties": {...}}, bare properties, or a bare {"if", "then"} rule)
  --resource     the ARM resource JSON
  --params       assignment parameter values {"name": value} (or an ARM parameters file {"parameters": {"name": {"value"}}})
  --aliases      extra alias catalog: ARM provider format (az provider list --expand resourceTypes/aliases) or a
                 flat "aliasName,defaultPath" table; added to the bundled catalog; repeatable
  --related      related resources for auditIfNotExists/deployIfNotExists (array or {"value": [...]}); none = none exist
  --context      {"resourceGroup": {...}, "subscription": {...}} for resourceGroup() / subscription()
  --api-version  the resource's API version (selects versioned alias paths)

Batch mode reads one request a line (members id, policyDefinition | policyDefinitionText | policyRule |
policyRuleText, parameters, resource, aliases (path relative to the JSONL file), relatedResources, context,
requestContext, apiVersion) and writes one result a line, in order:
  {"id", "effect": string|null, "details"?, "error"?: {"stage", "message", "pointer"?}}
Exactly one result per non-blank request line, whatever it holds; a malformed line gives an error result (stage
"parse") for that line, with the id found in its text or "line <n>"; unknown request members are an error naming
them ("expect" is allowed and ignored). Lines end at "\n" only. "-" reads stdin.
  --allow-read   a folder whose files requests may name in "aliases" besides the JSONL file's folder (files outside,
                 also through symlinks, are refused); repeatable
  --max-line-mb  longest request line, in MiB (default 64); a longer line is an error result, never read whole

Exit codes: 0 evaluated (batch: always, errors are in the results); 2 usage or input error, or the single
evaluation's result carries an error.
`,
  validate: `Usage: guardrails validate <files or folders>... [--format text|json] [--aliases <catalog>]... [--output <file>]

Parses and compiles every policy definition and checks every initiative found (folders recursively; *.test.json
and JSON files that are neither definitions nor initiatives are skipped). Initiative checks: a non-empty
policyDefinitions array, each member with a policyDefinitionId and a unique policyDefinitionReferenceId,
groupNames declared in policyDefinitionGroups, every [parameters('x')] declared, member parameters {"value"}; and
when the member's definition is among the validated files (by name; <kit>/<name> also from the kit's own
policies/definitions, and must exist): parameter names declared by it, required ones set, literal values of the
declared type and in allowedValues. Checks against a definition whose version may differ from the member's pinned
definitionVersion, and defaultValues outside allowedValues (Azure's own built-ins ship some), are warnings.
  --format    text (default) or json: {files: [{file, kind, name, ok, issues: [{stage, message, pointer?}]}], passed,
              failed, skipped, elapsedMs}; --json is another name for --format json
  --aliases   extra alias catalog added to the bundled one; repeatable
  --output    write the report to this file (atomically) instead of stdout
  --max-file-size  size limit for every file read (default 64 MiB; alias catalogs 512 MiB)
Symbolic links are followed; a dangling link or loop is reported on stderr.

Exit codes: 0 all valid; 1 a file failed (does not compile, initiative problems); 2 usage error, a path that does
not exist, or a file that is not JSON or cannot be read.
`,
  scan: `Usage: guardrails scan --resources <export | -> --policies <folder|file> [--params <p.json>] [--aliases <catalog>]...
                       [--format table|json|sarif|markdown|html] [--output <file>] [--fail-on deny|audit|any|none]
                       [--max-results <n>] [--base-path <folder>] [--max-file-size <size>]
       guardrails scan --resources <export | -> --assignment <a.json|folder>... [--exemptions <e.json>]...
                       [--management-groups <file>] [--as-of <date>] [--policies <folder>] [--format ...]
       guardrails scan --terraform <file|folder|-> (--policies <folder|file> | --assignment <a.json|folder>...)
                       [--var name=value]... [--complete] [--strict] [any option above but --resources]

What-if before assigning: evaluates every resource of an export against every definition under --policies, or
against assignments as Azure would apply them.
  --resources      Azure Resource Graph output ({"data": [...]} or {"data": {"columns", "rows"}}), {"value": [...]},
                   a JSON array of resources, or JSONL (one resource a line); read as a stream; - reads stdin
  --policies       folder of definitions (initiatives, *.test.json and other JSON are ignored) or one definition;
                   symbolic links are followed; anything that cannot be read is reported, never skipped silently
  --params         {"name": value}: applied to every definition that declares the parameter (not with --assignment)
  --assignment     assignments as az policy assignment show/list or the REST API print them (policyDefinitionId,
                   parameters, notScopes, enforcementMode, overrides, resourceSelectors, definitionVersion,
                   nonComplianceMessages; scope from id); a file (object, array or {"value": [...]}) or a folder;
                   repeatable. Definitions are looked up in --policies, the kit's policies/, then Azure's built-ins
  --exemptions     exemptions as az policy exemption list prints them (exemptionCategory Waiver|Mitigated,
                   expiresOn, policyDefinitionReferenceIds, resourceSelectors; scope from id); repeatable
  --management-groups  subscription -> management group ancestry, needed for management-group scopes: the output
                   of az account management-group show --name <root> --expand --recurse, Resource Graph subscription
                   rows with properties.managementGroupAncestorsChain, or {"<subscription id>": ["<mg>", ..., "<root>"]}
  --as-of          ISO 8601 date and time exemptions expire against (default: now)
  --aliases        extra alias catalog added to the bundled one; repeatable
  --format         table (default: summary by policy and effect, then findings), json (the ScanReport,
                   schemaVersion 1), sarif (SARIF 2.1.0 for GitHub code scanning), markdown (pipeline summaries),
                   html (self-contained page with a chart); --reporter is another name for it
  --output, -o     write the report to this file (atomically) instead of stdout
  --fail-on        which findings make the exit code 1: deny (enforced Deny/DenyAction), audit (those, Audit,
                   AuditIfNotExists, a deny not enforced), any (default: every finding), none
  --max-results    list at most n results, the most severe first with every policy represented (default 25000 for
                   sarif, GitHub's limit per run; no limit otherwise); the report says it was truncated. json is
                   written as it is read (any number of findings); the other formats hold what they list
  --base-path      folder SARIF artifact paths are relative to (default: the working folder; use the repository root)
  --max-file-size  size limit for every file read (default: 64 MiB per definition/parameters file, 512 MiB per
                   alias catalog, 64 MiB per resource and 64 GiB per export, 256 MiB per Terraform file or
                   standard input), e.g. 200MB, 8GB
Modes: "All" definitions see every resource; "Indexed" ones only resources with a location (tracked resources,
Azure's "types that support tags and location"); resource provider modes (Microsoft.Kubernetes.Data, ...) are
counted as not applicable. auditIfNotExists/deployIfNotExists look for related resources in the export itself:
resources of the details type under the resource (children, extension resources such as diagnostic settings),
else in its resource group (details.resourceGroupName, or the subscription with existenceScope "subscription").
Assignments: scope and notScopes by resource id (case-insensitive, whole segments); resource selectors; overrides
(policyEffect, by policyDefinitionReferenceId or resource selectors; policyVersion); DoNotEnforce results are
listed with "enforced": false; exempted results move to "exempted" with their category; expired exemptions do not
apply and are listed. A resource whose scope cannot be decided (management-group scope without its ancestry) is
reported under "skipped", never as compliant. A count of resources done is drawn on stderr when it is a terminal.
Every format lists what was skipped and every distinct error; an incomplete scan never looks complete.

--terraform: evaluates Terraform before deploy. Reads a cdktf synth folder (cdktf.out with manifest.json), a
stack's cdk.tf.json, a Terraform JSON configuration (*.tf.json file or module folder), terraform show -json output
(plan or state), or HCL (*.tf, needs the optional package @cdktf/hcl2json); - reads one such document (JSON
configuration, cdk.tf.json, plan or state JSON, or HCL: a document starting with "{" or "[" is JSON, anything else HCL)
from standard input, local module sources resolving from the working folder. Each azurerm / azapi resource is
translated into the create request azurerm v4.55.0 sends (see lib/preflight/README.md for the mapped types); values
known only after apply are unknown, and a verdict that depends on them is "undetermined" (never a silent pass).
The requests are evaluated exactly as an export is (--policies, --params, --assignment, --exemptions,
--management-groups, every format, --fail-on, --output, --max-results, --base-path); findings carry the Terraform
address (with the module path for plans), the file and line, and the cdktf construct path. Related resources for
auditIfNotExists / deployIfNotExists come from the configuration; one it does not hold makes the verdict
undetermined ("depends on resources outside the configuration") unless --complete. Types without a translation are
listed under "notTranslated" (never counted compliant; the report is then incomplete, exit code unchanged), and so
are the instances of a count / for_each past 10,000 (one entry per block with the count cut), 1,000,000 per input
in all, and the parts of a template deployment that are not expanded (the deployment's address and Terraform type,
the template resource's ARM type in "armType"). A malformed block (a resource body that is not an object, a plan
entry terraform show -json never writes) is listed under "skipped": the scan is incomplete and exits 2.
  --var       root variable value (name=value; JSON values are parsed), repeatable
  --complete  the configuration holds every related resource (auditIfNotExists / deployIfNotExists decide on it)
  --strict    exit 1 also when a verdict is undetermined or a resource was not translated
--format json prints one document: {schemaVersion, findings[{policy, effect, address, ...}], undetermined[{address,
policy, effect, paths, reasons}], notTranslated[{address, type, count?, armType?}], notes[{address, message}],
skipped[{file, reason}], ...}.

--format json (ScanReport, schemaVersion 1; the TypeScript type is exported by the package):
  {schemaVersion, tool {name, version}, complete, resources,
   policies [{policy, displayName?, file?, assignment?, referenceId?, mode, evaluated, notApplicable, skipped,
              effects {<effect>: n}, undetermined, errors, policyId?, version?, versionNote?}],
   assignments [{id, name, scope, definitionId, definitionVersion?, versionNote?, enforcementMode,
                 totals {deny, audit, deploy, modify, append, denyAction, other, undetermined, exempted},
                 members [{referenceId?, policy, groups?, <the same counts>}], expiredExemptions [{id, expiresOn}]}],
   findings [{policy, policyId?, displayName?, version?, assignment?, referenceId?, groups?, effect, enforced,
              resourceId, resourceType, index, file?, line?, reason?, details?, nonComplianceMessage?}],
   undetermined [...], notTranslated [...], exempted [<finding> + exemption {id, category, expiresOn?}],
   skipped [{file?, policy?, reason}], errors [{policy?, resourceId?, message, occurrences}], truncated?}

Exit codes: 0 no finding that fails under --fail-on; 1 such findings (DoNotEnforce denies count as audit); 2 usage
or input error (bad option, missing or malformed file, a file over its size limit, an assignment Azure would
reject), a definition that does not compile, an evaluation that failed (e.g. a required parameter without a
value), or anything skipped (with --terraform, a malformed block): the scan is incomplete. Terraform resources
without a translation make the report incomplete without changing the exit code (--strict makes them exit 1).
`,
  'diff-builtin': `Usage: guardrails diff-builtin <old> <new> --resources <export> [--params <p.json>] [--policies <folder>]
                               [--format table|json] [--aliases <catalog>]...

Which of your resources change verdict between two versions of a definition: the question to ask before accepting
a new built-in version (or pinning definitionVersion). <old> and <new> are definition files, or references the
catalog resolves, <name|id|display name>@<version> (e.g. 0961003e-5a0a-4549-abde-af6a37f2724d@1.0.0).
  --resources  the export, as for scan
  --params     {"name": value} for both versions (each takes the values it declares; defaults otherwise)
  --policies   folder where references are looked up first
  --format     table (default: transitions, then the resources that change) or json
                 {schemaVersion: 1, old {name, version?, file?}, new {...}, resources, unchanged,
                  transitions {"<old> -> <new>": n}, changed [{resourceId, resourceType, index, line?, old, new}],
                  complete, errors}
               where a verdict is the effect (Deny, Audit, ...) or "compliant" (the rule does not apply or the
               related resource exists), or "error".

Exit codes: 0 no resource changes verdict; 1 some do; 2 usage or input error, or an evaluation that failed.
`,
  test: `Usage: guardrails test [folder|file] [--format text|junit|json|markdown] [--output <file>] [--max-file-size <size>]
                       [--allow-read <folder>]...

Runs the policy unit tests in *.test.json files under the folder (default: policies). A test file:
  {
    "policy": "../definitions/my-policy.json",          definition, relative to the test file
    "aliases": "catalog.json",                          optional extra alias catalog
    "parameters": {"effect": "Deny"},                   optional defaults for every case
    "cases": [
      { "name": "NSG rule 22 from Internet is denied",
        "resource": {"type": "Microsoft.Network/networkSecurityGroups", "name": "nsg", "properties": {...}},
        "parameters": {}, "relatedResources": [], "context": {}, "requestContext": {}, "apiVersion": "...",
        "expect": {"effect": "Deny"} }                  null = the rule does not apply; "details" = subset to match
    ]
  }
Effects compare case-insensitively. Unknown keys in a test file, a case or "expect" are errors that name them.
A case whose answer differs from "expect" FAILS; a case or file that cannot be run as written ERRORS: unreadable or
malformed test file, missing or uncompilable definition, malformed case, evaluation error. "policy" and "aliases"
must be inside the folder given (for a single test file, its folder); files outside, also through symlinks, are
refused.
  --format       text (default: failing cases with expected, actual and trace; last line "N passed, N failed"),
                 junit (JUnit XML: <failure> for failed cases, <error> for errors; valid against the Ant and Jenkins
                 schemas), json (the report, schemaVersion 1), markdown; --reporter is another name for it
  --output, -o   write the report to this file (atomically) instead of stdout
  --allow-read   another folder the named files may be in; repeatable
  --max-file-size  size limit for every file read (default 64 MiB; alias catalogs 512 MiB)

Exit codes: 0 all passed; 1 a case failed; 2 an error (see above), usage error, or no test files found.
`,
};

/** Version of the installed package. */
export function guardrailsVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
const COMMON: Options = {
  help: { type: 'boolean', short: 'h' },
  'max-file-size': { type: 'string' },
};

function parse(args: string[], options: Options, allowPositionals: boolean): ReturnType<typeof parseArgs> {
  const all: Options = { ...COMMON, ...options };
  try {
    return parseArgs({ args, options: all, allowPositionals, strict: true });
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (unknown) {
      const names = Object.keys(all).map((k) => `--${k}`);
      const given = unknown[1].split('=')[0];
      throw new CliUsageError(`unknown option ${given}${didYouMean(given, names)}`, true);
    }
    throw new CliUsageError(message, true);
  }
}

/** An enumerated option value; an unknown one lists the allowed values and the closest. */
export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T, aliases: Readonly<Record<string, T>> = {}): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(aliases, value)) return aliases[value];
  throw new CliUsageError(`--${name} ${String(value)}: expected one of ${allowed.join(', ')}${typeof value === 'string' ? didYouMean(value, [...allowed, ...Object.keys(aliases)]) : ''}`, true);
}

function stringOpt(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function listOpt(values: Record<string, unknown>, name: string): string[] | undefined {
  const v = values[name];
  return Array.isArray(v) ? (v as string[]) : undefined;
}

/** `--format`, with `--reporter` (and `--json` for validate) kept as aliases; two different values are an error. */
function formatOpt(values: Record<string, unknown>): string | undefined {
  const format = stringOpt(values, 'format');
  const reporter = stringOpt(values, 'reporter');
  if (format !== undefined && reporter !== undefined && format !== reporter) throw new CliUsageError(`--format ${format} and --reporter ${reporter} disagree (--reporter is another name for --format)`, true);
  return format ?? reporter;
}

/** The run's file size limit (`--max-file-size`), applied through the CliIo. */
function withLimits(io: CliIo, values: Record<string, unknown>): CliIo {
  const size = stringOpt(values, 'max-file-size');
  return size === undefined ? io : { ...io, maxFileSize: parseByteSize(size, '--max-file-size') };
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new CliUsageError(`--${name} ${value}: expected a whole number (0 or more)`, true);
  return Number(value);
}

async function dispatch(command: string, args: string[], rawIo: CliIo): Promise<number> {
  switch (command) {
    case 'eval': {
      const { values } = parse(args, {
        policy: { type: 'string' },
        resource: { type: 'string' },
        params: { type: 'string' },
        aliases: { type: 'string', multiple: true },
        related: { type: 'string' },
        context: { type: 'string' },
        'api-version': { type: 'string' },
        batch: { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'allow-read': { type: 'string', multiple: true },
        'max-line-mb': { type: 'string' },
      }, false);
      if (values.help) return help(rawIo, command);
      const io = withLimits(rawIo, values);
      oneOf('format', formatOpt(values), ['json'], 'json');
      const batch = stringOpt(values, 'batch');
      if (batch !== undefined) {
        const extra = ['policy', 'resource', 'params', 'aliases', 'related', 'context', 'api-version', 'output'].filter((k) => values[k] !== undefined);
        if (extra.length) throw new CliUsageError(`--batch takes its inputs from the JSONL requests; remove ${extra.map((k) => '--' + k).join(', ')}`, true);
        const maxLine = stringOpt(values, 'max-line-mb');
        const maxLineMb = maxLine === undefined ? undefined : Number(maxLine);
        if (maxLineMb !== undefined && !(Number.isFinite(maxLineMb) && maxLineMb > 0 && maxLineMb <= 4096)) throw new CliUsageError(`--max-line-mb ${maxLine}: expected a number of MiB from 1 to 4096`, true);
        return (await import('./eval')).runBatchCommand(io, batch, { allowRead: listOpt(values, 'allow-read'), maxLineBytes: maxLineMb === undefined ? undefined : Math.floor(maxLineMb * 1024 * 1024) });
      }
      const batchOnly = ['allow-read', 'max-line-mb'].filter((k) => values[k] !== undefined);
      if (batchOnly.length) throw new CliUsageError(`${batchOnly.map((k) => '--' + k).join(', ')} only apply to --batch`, true);
      const policy = stringOpt(values, 'policy');
      const resource = stringOpt(values, 'resource');
      if (!policy || !resource) throw new CliUsageError(`missing ${!policy ? '--policy' : '--resource'} (or use --batch <requests.jsonl>)`, true);
      const out = outputTo(io, stringOpt(values, 'output'));
      return (await import('./eval')).runEvalCommand(out.io, {
        policy,
        resource,
        params: stringOpt(values, 'params'),
        aliases: listOpt(values, 'aliases'),
        related: stringOpt(values, 'related'),
        context: stringOpt(values, 'context'),
        apiVersion: stringOpt(values, 'api-version'),
      }).then(out.finish);
    }
    case 'validate': {
      const { values, positionals } = parse(args, { json: { type: 'boolean' }, format: { type: 'string' }, aliases: { type: 'string', multiple: true }, output: { type: 'string', short: 'o' } }, true);
      if (values.help) return help(rawIo, command);
      const io = withLimits(rawIo, values);
      const format = oneOf('format', stringOpt(values, 'format') ?? (values.json === true ? 'json' : undefined), ['text', 'json'], 'text', { table: 'text', default: 'text' });
      if (values.json === true && format !== 'json') throw new CliUsageError('--json and --format text disagree (--json is another name for --format json)', true);
      const out = outputTo(io, stringOpt(values, 'output'));
      return (await import('./validate')).runValidateCommand(out.io, positionals, { json: format === 'json', aliases: listOpt(values, 'aliases') }).then(out.finish);
    }
    case 'scan': {
      const { values } = parse(args, {
        resources: { type: 'string' },
        policies: { type: 'string' },
        params: { type: 'string' },
        assignment: { type: 'string', multiple: true },
        exemptions: { type: 'string', multiple: true },
        'management-groups': { type: 'string' },
        'as-of': { type: 'string' },
        format: { type: 'string' },
        reporter: { type: 'string' },
        aliases: { type: 'string', multiple: true },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        'max-results': { type: 'string' },
        'base-path': { type: 'string' },
        terraform: { type: 'string' },
        var: { type: 'string', multiple: true },
        complete: { type: 'boolean' },
        strict: { type: 'boolean' },
      }, false);
      if (values.help) return help(rawIo, command);
      const io = withLimits(rawIo, values);
      const terraform = stringOpt(values, 'terraform');
      if (terraform !== undefined && values.resources !== undefined) throw new CliUsageError('give either --resources (an ARM export) or --terraform, not both', true);
      if (terraform === undefined) for (const k of ['var', 'complete', 'strict']) if (values[k] !== undefined) throw new CliUsageError(`--${k} applies to --terraform only`, true);
      const resources = stringOpt(values, 'resources');
      const policies = stringOpt(values, 'policies');
      const assignments = listOpt(values, 'assignment');
      if (terraform === undefined && !resources) throw new CliUsageError('missing --resources (or --terraform)', true);
      if (!policies && !assignments?.length) throw new CliUsageError('missing --policies (or --assignment)', true);
      const format = oneOf<ScanFormat>('format', formatOpt(values), SCAN_FORMATS, 'table', { text: 'table', md: 'markdown' });
      const failOn = oneOf<FailOn>('fail-on', stringOpt(values, 'fail-on'), FAIL_ON_VALUES, 'any');
      const common = {
        ...(policies ? { policies } : {}),
        params: stringOpt(values, 'params'),
        format,
        aliases: listOpt(values, 'aliases'),
        version: guardrailsVersion(),
        output: stringOpt(values, 'output'),
        failOn,
        maxResults: positiveInt('max-results', stringOpt(values, 'max-results')),
        basePath: stringOpt(values, 'base-path'),
        ...(await import('./whatif')).whatIfOptions(values),
      };
      if (terraform !== undefined) {
        return (await import('./terraform')).runTerraformScanCommand(io, { ...common, terraform, vars: listOpt(values, 'var'), complete: values.complete === true, strict: values.strict === true });
      }
      return (await import('./scan')).runScanCommand(io, { ...common, resources: resources! });
    }
    case 'diff-builtin': {
      const { values, positionals } = parse(args, {
        resources: { type: 'string' },
        params: { type: 'string' },
        policies: { type: 'string' },
        format: { type: 'string' },
        aliases: { type: 'string', multiple: true },
        'max-file-size': { type: 'string' },
      }, true);
      if (values.help) return help(rawIo, command);
      const io = withLimits(rawIo, values);
      const resources = stringOpt(values, 'resources');
      if (positionals.length !== 2) throw new CliUsageError(`expected two definitions (old and new), got ${positionals.length}`, true);
      if (!resources) throw new CliUsageError('missing --resources', true);
      return (await import('./diff-builtin')).runDiffBuiltinCommand(io, {
        old: positionals[0], new: positionals[1], resources, params: stringOpt(values, 'params'), policies: stringOpt(values, 'policies'),
        format: oneOf<'table' | 'json'>('format', formatOpt(values), ['table', 'json'], 'table'), aliases: listOpt(values, 'aliases'), version: guardrailsVersion(),
      });
    }
    case 'test': {
      const { values, positionals } = parse(args, { format: { type: 'string' }, reporter: { type: 'string' }, output: { type: 'string', short: 'o' }, 'allow-read': { type: 'string', multiple: true } }, true);
      if (values.help) return help(rawIo, command);
      const io = withLimits(rawIo, values);
      if (positionals.length > 1) throw new CliUsageError(`expected at most one folder, got ${positionals.join(' ')}`, true);
      const format = oneOf<PolicyTestFormat>(values.reporter !== undefined && values.format === undefined ? 'reporter' : 'format', formatOpt(values), TEST_FORMATS, 'text', { default: 'text', table: 'text', md: 'markdown' });
      return (await import('./test-command')).runTestCommand(io, positionals[0] ?? 'policies', format, { output: stringOpt(values, 'output'), allowRead: listOpt(values, 'allow-read') });
    }
    default:
      throw new CliUsageError(`unknown command ${JSON.stringify(command)}${didYouMean(command, Object.keys(HELP).filter((k) => k !== 'main'), '"')}; commands: eval, validate, scan, test, diff-builtin`, true);
  }
}

/**
 * With --output, a command's stdout goes to a buffer that is written to the file atomically once the command has
 * finished (nothing is written when it fails with a usage error).
 */
function outputTo(io: CliIo, output: string | undefined): { io: CliIo; finish: (code: number) => number } {
  if (output === undefined) return { io, finish: (code) => code };
  const chunks: string[] = [];
  return {
    io: { ...io, stdout: { write: (t: string) => (chunks.push(t), true) } },
    finish: (code) => {
      writeFileAtomic(io, output, chunks.join(''));
      return code;
    },
  };
}

function help(io: CliIo, command: string): number {
  io.stdout.write(HELP[command] ?? HELP.main);
  return EXIT_OK;
}

/**
 * Runs the `guardrails` command line (argv without the node and script names) and resolves to the exit code.
 * Never throws: usage and input errors are printed on stderr (exit 2); unexpected failures too, with the stack.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    if (command === 'help' && rest[0] && HELP[rest[0]]) return help(io, rest[0]);
    io.stdout.write(HELP.main);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(guardrailsVersion() + '\n');
    return EXIT_OK;
  }
  try {
    return await dispatch(command, rest, io);
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.stderr.write(`guardrails ${HELP[command] ? command : ''}: ${err.message}\n`.replace('guardrails : ', 'guardrails: '));
      if (err.showHelp) io.stderr.write(`Run "guardrails ${HELP[command] ? command + ' ' : ''}--help" for usage.\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`guardrails ${command}: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT_USAGE;
  }
}
