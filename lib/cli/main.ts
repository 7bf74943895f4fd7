import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, ParseArgsConfig } from 'util';
import { packageRoot } from '../core/package-root';
import { ALIAS_LIMIT_OPTION, parseByteSize } from './catalogs';
import { CliIo, CliUsageError, EXIT_OK, EXIT_USAGE, processIo } from './io';
import type { ScanFormat } from './scan';
import type { PolicyTestReporter } from './test-command';

// Each command's module is loaded when the command runs (start-up budget, issue 12 item 11: a single
// `guardrails eval` at most 2x `node -e 0`; loading every command's code cost a fifth of that).

const EXIT_CODES = `Exit codes:
  0  success (eval: evaluated; validate: all files valid; scan: no findings; test: all cases passed)
  1  findings or failures (validate: a file failed; scan: a resource is non-compliant; test: a case failed)
  2  usage or input error (bad option, missing or malformed file, definition that does not compile)`;

const HELP: Record<string, string> = {
  main: `guardrails: offline Azure Policy engine

Usage: guardrails <command> [options]

Commands:
  eval       evaluate a policy definition against one ARM resource, or a JSONL batch of requests
  validate   parse and compile policy definitions and initiatives
  scan       evaluate a resource export (Azure Resource Graph, array, JSONL) against definitions
  test       run policy unit tests (*.test.json)

Options:
  -h, --help     help for guardrails or a command (guardrails <command> --help)
  -v, --version  print the version

${EXIT_CODES}
`,
  eval: `Usage:
  guardrails eval --policy <def.json> --resource <res.json> [--params <p.json>] [--aliases <catalog>]...
                  [--max-alias-size <size>] [--related <rel.json>] [--context <ctx.json>] [--api-version <v>]
  guardrails eval --batch <requests.jsonl | ->

Single mode prints {"effect", "details"?, "trace", "error"?} as JSON.
  --policy       definition ({"properties": {...}}, bare properties, or a bare {"if", "then"} rule)
  --resource     the ARM resource JSON
  --params       assignment parameter values {"name": value} (or an ARM parameters file {"parameters": {"name": {"value"}}})
  --aliases      extra alias catalog: ARM provider format (az provider list --expand resourceTypes/aliases) or a
                 flat "aliasName,defaultPath" table, optionally gzip-compressed; added to the bundled catalog; repeatable
  --max-alias-size  limit of an --aliases file's text after decompression (default 256M; units K, M, G)
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
  validate: `Usage: guardrails validate <files or folders>... [--json] [--aliases <catalog>]... [--max-alias-size <size>]

Parses and compiles every policy definition and checks every initiative found (folders recursively; *.test.json
and JSON files that are neither definitions nor initiatives are skipped). A definition that does not compile says
why (an unknown alias: a data-plane alias, a namespace the alias catalog lacks, or the closest aliases of the
type); one naming an alias Azure has removed compiles with a note. Initiative checks: a non-empty
policyDefinitions array, each member with a policyDefinitionId and a unique policyDefinitionReferenceId,
groupNames declared in policyDefinitionGroups, every [parameters('x')] declared, member parameters {"value"}; and
when the member's definition is found (among the validated files by name; <kit>/<name> in the kit's own
policies/definitions, and must exist; a built-in id in the bundled built-in catalog): parameter names declared by
it, required ones set, literal values of the declared type and in allowedValues. Checks against a definition
whose version may differ from the member's pinned definitionVersion, built-ins the catalog does not hold, and
defaultValues outside allowedValues (Azure's own built-ins ship some), are warnings.
  --json      machine-readable report {files: [{file, kind, name, ok, issues: [{stage, message, pointer?, severity?}]}], passed, failed, skipped, elapsedMs}
              (severity: absent for errors, "warning" or "note"; only errors fail a file)
  --aliases   extra alias catalog added to the bundled one; repeatable
  --max-alias-size  limit of an --aliases file's text after decompression (default 256M; units K, M, G)

Exit codes: 0 all valid; 1 a file failed; 2 usage error or a path that does not exist.
`,
  scan: `Usage: guardrails scan --resources <export> --policies <folder|file> [--params <p.json>] [--format table|json|sarif]
                       [--aliases <catalog>]... [--max-alias-size <size>]
       guardrails scan --terraform <file|folder> --policies <folder|file> [--params <p.json>] [--format table|json|sarif]
                       [--var name=value]... [--complete] [--strict] [--aliases <catalog>]... [--max-alias-size <size>]

What-if before assigning: evaluates every resource of an export against every definition under --policies.
  --resources  Azure Resource Graph output ({"data": [...]} or {"data": {"columns", "rows"}}), {"value": [...]},
               a JSON array of resources, or JSONL (one resource a line)
  --policies   folder of definitions (initiatives, *.test.json and other JSON are ignored) or one definition
  --params     {"name": value}: applied to every definition that declares the parameter
  --format     table (default: summary by policy and effect, then findings), json, or sarif (SARIF 2.1.0)
  --aliases    extra alias catalog added to the bundled one; repeatable
  --max-alias-size  limit of an --aliases file's text after decompression (default 256M; units K, M, G)
Modes: "All" definitions see every resource; "Indexed" ones only resources with a location (tracked resources,
Azure's "types that support tags and location"); resource provider modes (Microsoft.Kubernetes.Data, ...) are
skipped. auditIfNotExists/deployIfNotExists look for related resources in the export itself: resources of the
details type that are children of the resource, else in its resource group (subscription with
existenceScope "subscription"). A progress bar is drawn on stderr when it is a terminal and the input is large.

--terraform: evaluates Terraform before deploy. Reads a cdktf synth folder (cdktf.out with manifest.json), a
stack's cdk.tf.json, a Terraform JSON configuration (*.tf.json file or module folder), terraform show -json output
(plan or state), or HCL (*.tf, needs the optional package @cdktf/hcl2json). Each azurerm / azapi resource is
translated into the create request azurerm v4.55.0 sends (see lib/preflight/README.md for the mapped types); values
known only after apply are unknown, and a verdict that depends on them is "undetermined" (never a silent pass).
  --var       root variable value (name=value; JSON values are parsed), repeatable
  --complete  the configuration holds every related resource (auditIfNotExists / deployIfNotExists decide on it)
  --strict    exit 1 also when a verdict is undetermined or a resource was not translated
--format json prints one document: {schemaVersion, findings[{policy, effect, address, ...}], undetermined[{address,
policy, effect, paths, reasons}], notTranslated[{address, type}], notes, ...}.

Exit codes: 0 no findings; 1 findings (any effect other than Disabled); 2 usage or input error, a definition
that does not compile, or an evaluation that failed (e.g. a required parameter without a value): the scan is
incomplete.
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

/** --max-alias-size as bytes, or undefined for the default. */
function aliasLimit(values: Record<string, unknown>): number | undefined {
  const v = stringOpt(values, 'max-alias-size');
  return v === undefined ? undefined : parseByteSize(ALIAS_LIMIT_OPTION, v);
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
        'max-alias-size': { type: 'string' },
        related: { type: 'string' },
        context: { type: 'string' },
        'api-version': { type: 'string' },
        batch: { type: 'string' },
      }, false);
      if (values.help) return help(io, command);
      const batch = stringOpt(values, 'batch');
      if (batch !== undefined) {
        const extra = ['policy', 'resource', 'params', 'aliases', 'max-alias-size', 'related', 'context', 'api-version'].filter((k) => values[k] !== undefined);
        if (extra.length) throw new CliUsageError(`--batch takes its inputs from the JSONL requests; remove ${extra.map((k) => '--' + k).join(', ')}`, true);
        return (await import('./eval')).runBatchCommand(io, batch);
      }
      const policy = stringOpt(values, 'policy');
      const resource = stringOpt(values, 'resource');
      if (!policy || !resource) throw new CliUsageError(`missing ${!policy ? '--policy' : '--resource'} (or use --batch <requests.jsonl>)`, true);
      return (await import('./eval')).runEvalCommand(io, {
        policy,
        resource,
        params: stringOpt(values, 'params'),
        aliases: listOpt(values, 'aliases'),
        aliasMaxBytes: aliasLimit(values),
        related: stringOpt(values, 'related'),
        context: stringOpt(values, 'context'),
        apiVersion: stringOpt(values, 'api-version'),
      });
    }
    case 'validate': {
      const { values, positionals } = parse(args, { json: { type: 'boolean' }, aliases: { type: 'string', multiple: true }, 'max-alias-size': { type: 'string' } }, true);
      if (values.help) return help(io, command);
      return (await import('./validate')).runValidateCommand(io, positionals, { json: values.json === true, aliases: listOpt(values, 'aliases'), aliasMaxBytes: aliasLimit(values) });
    }
    case 'scan': {
      const { values } = parse(args, {
        resources: { type: 'string' },
        terraform: { type: 'string' },
        policies: { type: 'string' },
        params: { type: 'string' },
        format: { type: 'string' },
        aliases: { type: 'string', multiple: true },
        'max-alias-size': { type: 'string' },
        var: { type: 'string', multiple: true },
        complete: { type: 'boolean' },
        strict: { type: 'boolean' },
      }, false);
      if (values.help) return help(io, command);
      const terraform = stringOpt(values, 'terraform');
      if (terraform !== undefined) {
        if (values.resources !== undefined) throw new CliUsageError('give either --resources (an ARM export) or --terraform, not both', true);
        const policies = stringOpt(values, 'policies');
        if (!policies) throw new CliUsageError('missing --policies', true);
        const format = oneOf<ScanFormat>('format', values.format, ['table', 'json', 'sarif'], 'table');
        return (await import('./terraform')).runTerraformScanCommand(io, { terraform, policies, params: stringOpt(values, 'params'), format, aliases: listOpt(values, 'aliases'), vars: listOpt(values, 'var'), complete: values.complete === true, strict: values.strict === true, version: guardrailsVersion() });
      }
      for (const k of ['var', 'complete', 'strict']) if (values[k] !== undefined) throw new CliUsageError(`--${k} applies to --terraform only`, true);
      const resources = stringOpt(values, 'resources');
      const policies = stringOpt(values, 'policies');
      if (!resources || !policies) throw new CliUsageError(`missing ${!resources ? '--resources' : '--policies'}`, true);
      const format = oneOf<ScanFormat>('format', values.format, ['table', 'json', 'sarif'], 'table');
      return (await import('./scan')).runScanCommand(io, { resources, policies, params: stringOpt(values, 'params'), format, aliases: listOpt(values, 'aliases'), aliasMaxBytes: aliasLimit(values), version: guardrailsVersion() });
    }
    case 'test': {
      const { values, positionals } = parse(args, { reporter: { type: 'string' } }, true);
      if (values.help) return help(io, command);
      if (positionals.length > 1) throw new CliUsageError(`expected at most one folder, got ${positionals.join(' ')}`, true);
      const reporter = oneOf<PolicyTestReporter>('reporter', values.reporter, ['default', 'junit', 'json'], 'default');
      return (await import('./test-command')).runTestCommand(io, positionals[0] ?? 'policies', reporter);
    }
    default:
      throw new CliUsageError(`unknown command ${JSON.stringify(command)}; commands: eval, validate, scan, test`, true);
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
