import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, ParseArgsConfig } from 'util';
import { packageRoot } from '../core/package-root';
import { runBatchCommand, runEvalCommand } from './eval';
import { CliIo, CliUsageError, EXIT_OK, EXIT_USAGE, processIo } from './io';
import { runScanCommand, ScanFormat } from './scan';
import { PolicyTestReporter, runTestCommand } from './test-command';
import { runValidateCommand } from './validate';
import { runDiffBuiltinCommand } from './diff-builtin';
import { whatIfOptions } from './whatif';

const EXIT_CODES = `Exit codes:
  0  success (eval: evaluated; validate: all files valid; scan: no findings; test: all cases passed)
  1  findings or failures (validate: a file failed; scan: a resource is non-compliant; test: a case failed;
     diff-builtin: a resource changes verdict)
  2  usage or input error (bad option, missing or malformed file, definition that does not compile)`;

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
                  [--related <rel.json>] [--context <ctx.json>] [--api-version <v>]
  guardrails eval --batch <requests.jsonl | ->

Single mode prints {"effect", "details"?, "trace", "error"?} as JSON.
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
Blank lines are skipped; a malformed line gives an error result (stage "parse") for that line, with the id found
in its text or "line <n>". "-" reads stdin.

Exit codes: 0 evaluated (batch: always, errors are in the results); 2 usage or input error, or the single
evaluation's result carries an error.
`,
  validate: `Usage: guardrails validate <files or folders>... [--json] [--aliases <catalog>]...

Parses and compiles every policy definition and checks every initiative found (folders recursively; *.test.json
and JSON files that are neither definitions nor initiatives are skipped). Initiative checks: a non-empty
policyDefinitions array, each member with a policyDefinitionId and a unique policyDefinitionReferenceId,
groupNames declared in policyDefinitionGroups, every [parameters('x')] declared, member parameters {"value"}; and
when the member's definition is among the validated files (by name; <kit>/<name> also from the kit's own
policies/definitions, and must exist): parameter names declared by it, required ones set, literal values of the
declared type and in allowedValues. Checks against a definition whose version may differ from the member's pinned
definitionVersion, and defaultValues outside allowedValues (Azure's own built-ins ship some), are warnings.
  --json      machine-readable report {files: [{file, kind, name, ok, issues: [{stage, message, pointer?}]}], passed, failed, skipped, elapsedMs}
  --aliases   extra alias catalog added to the bundled one; repeatable

Exit codes: 0 all valid; 1 a file failed; 2 usage error or a path that does not exist.
`,
  scan: `Usage: guardrails scan --resources <export> --policies <folder|file> [--params <p.json>] [--format table|json|sarif]
                       [--aliases <catalog>]...
       guardrails scan --resources <export> --assignment <a.json|folder>... [--exemptions <e.json>]...
                       [--management-groups <file>] [--as-of <date>] [--policies <folder>] [--format ...]

What-if before assigning: evaluates every resource of an export against every definition under --policies, or
against assignments as Azure would apply them.
  --resources  Azure Resource Graph output ({"data": [...]} or {"data": {"columns", "rows"}}), {"value": [...]},
               a JSON array of resources, or JSONL (one resource a line)
  --policies   folder of definitions (initiatives, *.test.json and other JSON are ignored) or one definition or
               initiative; with --assignment: where definitions are looked up first (then the kit's policies/, then
               Azure's built-in catalog)
  --params     {"name": value}: applied to every definition that declares the parameter (not with --assignment)
  --assignment assignments as az policy assignment show/list or the REST API print them (policyDefinitionId,
               parameters, notScopes, enforcementMode, overrides, resourceSelectors, definitionVersion,
               nonComplianceMessages; scope from id); a file (object, array or {"value": [...]}) or a folder; repeatable
  --exemptions exemptions as az policy exemption list prints them (exemptionCategory Waiver|Mitigated, expiresOn,
               policyDefinitionReferenceIds, resourceSelectors; scope from id); repeatable
  --management-groups  subscription -> management group ancestry, needed for management-group scopes: the output of
               az account management-group show --name <root> --expand --recurse, Resource Graph subscription rows
               with properties.managementGroupAncestorsChain, or {"<subscription id>": ["<mg>", ..., "<root mg>"]}
  --as-of      ISO 8601 date and time exemptions expire against (default: now)
  --format     table (default: per assignment and member, then by policy and effect, then findings), json (the
               report below), or sarif (SARIF 2.1.0)
  --aliases    extra alias catalog added to the bundled one; repeatable
Modes: "All" definitions see every resource; "Indexed" ones only resources with a location (tracked resources,
Azure's "types that support tags and location"); resource provider modes (Microsoft.Kubernetes.Data, ...) are
counted as not applicable. auditIfNotExists/deployIfNotExists look for related resources in the export itself:
resources of the details type under the resource (children, extension resources such as diagnostic settings),
else in its resource group (details.resourceGroupName, or the subscription with existenceScope "subscription").
Assignments: scope and notScopes by resource id (case-insensitive, whole segments); resource selectors; overrides
(policyEffect, by policyDefinitionReferenceId or resource selectors; policyVersion); DoNotEnforce results are
listed with "enforced": false; exempted results move to "exempted" with their category; expired exemptions do not
apply and are listed. A resource whose scope cannot be decided (management-group scope without its ancestry) is
reported under "skipped", never as compliant. A progress bar is drawn on stderr when it is a terminal and the input
is large.

--format json prints one document (schemaVersion 1; TypeScript type ScanReport exported by the package):
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

Exit codes: 0 no findings; 1 findings (any effect other than Disabled, DoNotEnforce included); 2 usage or input
error (an assignment Azure would reject included), a definition that does not compile, an evaluation that failed
(e.g. a required parameter without a value), or anything skipped: the scan is incomplete.
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
  test: `Usage: guardrails test [folder|file] [--reporter default|junit|json]

Runs the policy unit tests in *.test.json files under the folder (default: policies). A test file:
  {
    "policy": "../definitions/my-policy.json",          definition, relative to the test file
    "aliases": "catalog.json",                          optional extra alias catalog
    "parameters": {"effect": "Deny"},                   optional defaults for every case
    "cases": [
      { "name": "NSG rule 22 from Internet is denied",
        "resource": {"type": "Microsoft.Network/networkSecurityGroups", "name": "nsg", "properties": {...}},
        "parameters": {}, "relatedResources": [], "context": {},
        "expect": {"effect": "Deny"} }                  null = the rule does not apply; "details" = subset to match
    ]
  }
Effects compare case-insensitively.
  --reporter  default (readable: failing cases with expected, actual and trace; last line "N passed, N failed"),
              junit (JUnit XML on stdout), json (the report)

Exit codes: 0 all passed; 1 a case failed; 2 usage error or no test files found.
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

function parse(args: string[], options: ParseArgsConfig['options'], allowPositionals: boolean): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals, strict: true });
  } catch (err) {
    throw new CliUsageError((err as Error).message.replace(/\. To specify a positional argument.*$/, ''), true);
  }
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new CliUsageError(`--${name} ${String(value)}: expected one of ${allowed.join(', ')}`, true);
}

function stringOpt(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function listOpt(values: Record<string, unknown>, name: string): string[] | undefined {
  const v = values[name];
  return Array.isArray(v) ? (v as string[]) : undefined;
}

async function dispatch(command: string, args: string[], io: CliIo): Promise<number> {
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
      }, false);
      if (values.help) return help(io, command);
      const batch = stringOpt(values, 'batch');
      if (batch !== undefined) {
        const extra = ['policy', 'resource', 'params', 'aliases', 'related', 'context', 'api-version'].filter((k) => values[k] !== undefined);
        if (extra.length) throw new CliUsageError(`--batch takes its inputs from the JSONL requests; remove ${extra.map((k) => '--' + k).join(', ')}`, true);
        return runBatchCommand(io, batch);
      }
      const policy = stringOpt(values, 'policy');
      const resource = stringOpt(values, 'resource');
      if (!policy || !resource) throw new CliUsageError(`missing ${!policy ? '--policy' : '--resource'} (or use --batch <requests.jsonl>)`, true);
      return runEvalCommand(io, {
        policy,
        resource,
        params: stringOpt(values, 'params'),
        aliases: listOpt(values, 'aliases'),
        related: stringOpt(values, 'related'),
        context: stringOpt(values, 'context'),
        apiVersion: stringOpt(values, 'api-version'),
      });
    }
    case 'validate': {
      const { values, positionals } = parse(args, { json: { type: 'boolean' }, aliases: { type: 'string', multiple: true } }, true);
      if (values.help) return help(io, command);
      return runValidateCommand(io, positionals, { json: values.json === true, aliases: listOpt(values, 'aliases') });
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
        aliases: { type: 'string', multiple: true },
      }, false);
      if (values.help) return help(io, command);
      const resources = stringOpt(values, 'resources');
      const policies = stringOpt(values, 'policies');
      const assignments = listOpt(values, 'assignment');
      if (!resources || (!policies && !assignments)) throw new CliUsageError(`missing ${!resources ? '--resources' : '--policies'}`, true);
      const format = oneOf<ScanFormat>('format', values.format, ['table', 'json', 'sarif'], 'table');
      return runScanCommand(io, {
        resources, ...(policies ? { policies } : {}), params: stringOpt(values, 'params'), format, aliases: listOpt(values, 'aliases'), version: guardrailsVersion(),
        ...whatIfOptions(values),
      });
    }
    case 'diff-builtin': {
      const { values, positionals } = parse(args, {
        resources: { type: 'string' },
        params: { type: 'string' },
        policies: { type: 'string' },
        format: { type: 'string' },
        aliases: { type: 'string', multiple: true },
      }, true);
      if (values.help) return help(io, command);
      const resources = stringOpt(values, 'resources');
      if (positionals.length !== 2) throw new CliUsageError(`expected two definitions (old and new), got ${positionals.length}`, true);
      if (!resources) throw new CliUsageError('missing --resources', true);
      return runDiffBuiltinCommand(io, {
        old: positionals[0], new: positionals[1], resources, params: stringOpt(values, 'params'), policies: stringOpt(values, 'policies'),
        format: oneOf<'table' | 'json'>('format', values.format, ['table', 'json'], 'table'), aliases: listOpt(values, 'aliases'), version: guardrailsVersion(),
      });
    }
    case 'test': {
      const { values, positionals } = parse(args, { reporter: { type: 'string' } }, true);
      if (values.help) return help(io, command);
      if (positionals.length > 1) throw new CliUsageError(`expected at most one folder, got ${positionals.join(' ')}`, true);
      const reporter = oneOf<PolicyTestReporter>('reporter', values.reporter, ['default', 'junit', 'json'], 'default');
      return runTestCommand(io, positionals[0] ?? 'policies', reporter);
    }
    default:
      throw new CliUsageError(`unknown command ${JSON.stringify(command)}; commands: eval, validate, scan, test, diff-builtin`, true);
  }
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
