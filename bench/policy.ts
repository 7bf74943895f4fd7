/**
 * `npm run bench:policy`: speed of the policy engine (issue 3 budgets). Prints figures; asserts nothing.
 *   (a) compile every built-in definition under ../shared/azure-policy-builtins with the bundled catalog
 *       (budget: under 3 s);
 *   (b) evaluate the kit's definitions (policies/definitions) against 100,000 generated, realistic ARM resources
 *       (deterministic) and compare with the time JSON.parse takes on the same resources' JSON text
 *       (budget: at most 3x for a definition's pass over the resources).
 *
 *   (c) scale (issue 12 item 10): read 1,000,000 generated resources from a JSONL file and from a Resource Graph
 *       file ({"data": [...]}) with the CLI's streaming reader, and run `guardrails scan` with the kit's definitions
 *       over the JSONL (lib/assess: streamed, only what existence lookups need kept), each in a fresh process, and
 *       compare peak RSS and time with a plain streaming parse of the same JSONL (readline + JSON.parse per line)
 *       (budget: < 300 MB peak RSS, at most 2x the time of the reads; the scan's ratio is printed, it also evaluates).
 *       Times are wall and CPU; on a shared machine the CPU ratio is the one to judge by.
 *   (d) the scale cases of bench:assess (issue 12 item 10): the Microsoft cloud security benchmark's definitions over
 *       --resources generated resources against JSON.parse of the export (budget: at most 10x), and the existence
 *       lookups with 1,000 JIT policies against the same run without (budget: at most 1.2x); run as
 *       `bench/assess.ts --only a|b --dist` in a child process on the compiled library (built first), as `guardrails`
 *       runs it, its output copied here (`--tsx`: the TypeScript sources under tsx instead).
 *
 * Usage: npm run bench:policy [-- <builtins folder>] [--resources 100000] [--seed 42] [--write-resources <file>]
 *                             [--scale-resources 1000000] [--only builtins|evaluation|scale|assess] [--tsx]
 *   --write-resources also writes the generated resources as Azure Resource Graph output ({"data": [...]}), e.g. to
 *   try `guardrails scan --resources <file> --policies policies/definitions` at that size.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';
import { Readable } from 'stream';
import { main } from '../lib/cli/main';
import { readResourceExport } from '../lib/cli/resource-reader';
import { bundledAliases, compilePolicy, CompiledPolicy, PolicyEngineError } from '../lib/policy-engine';
import { prng } from './prng';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args.splice(i, 2)[1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} expects a positive number`);
  return value;
}
const writeIndex = args.indexOf('--write-resources');
const WRITE_RESOURCES = writeIndex >= 0 ? args.splice(writeIndex, 2)[1] : undefined;
const RESOURCES = option('--resources', 100_000);
const SCALE_RESOURCES = option('--scale-resources', 1_000_000);
const onlyIndex = args.indexOf('--only');
const ONLY = onlyIndex >= 0 ? args.splice(onlyIndex, 2)[1] : undefined;
const childIndex = args.indexOf('--scale-child');
const CHILD = childIndex >= 0 ? args.splice(childIndex, 3).slice(1) : undefined;
const SEED = option('--seed', 42);
const tsxIndex = args.indexOf('--tsx');
/** (d) measures the TypeScript sources under tsx instead of the compiled library. */
const TSX = tsxIndex >= 0 && args.splice(tsxIndex, 1).length === 1;
const BUILTINS = args[0] ?? '/work/shared/azure-policy-builtins';
const BUDGET = { compileSeconds: 3, parseRatio: 3 };

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const out = (line = ''): void => {
  process.stdout.write(line + '\n');
};
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

function listJson(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listJson(full));
    else if (entry.name.endsWith('.json') && !entry.name.endsWith('.test.json')) files.push(full);
  }
  return files.sort();
}

function isDefinition(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const o = json as Record<string, unknown>;
  const props = (typeof o.properties === 'object' && o.properties !== null ? o.properties : o) as Record<string, unknown>;
  return 'policyRule' in props;
}

// ---------------------------------------------------------------------------------------------------------------
// (a) built-ins
function benchBuiltins(): void {
  out('(a) compile the built-in definitions');
  const catalogStart = process.hrtime.bigint();
  const aliases = bundledAliases();
  const catalogMs = ms(catalogStart);
  out(`  bundled alias catalog: ${fmt(aliases.size)} aliases loaded in ${catalogMs.toFixed(0)} ms`);
  if (!fs.existsSync(BUILTINS)) {
    out(`  skipped: ${BUILTINS} not found (pass the folder of Azure/azure-policy built-ins as the first argument)`);
    return;
  }
  const readStart = process.hrtime.bigint();
  const definitions = listJson(BUILTINS)
    .map((file) => ({ file, json: JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown }))
    .filter((d) => isDefinition(d.json));
  const readMs = ms(readStart);
  const failures = new Map<string, number>();
  let compiled = 0;
  const compileStart = process.hrtime.bigint();
  for (const d of definitions) {
    try {
      compilePolicy(d.json, { aliases });
      compiled++;
    } catch (err) {
      const message = err instanceof PolicyEngineError ? (err as PolicyEngineError & { rawMessage?: string }).rawMessage ?? err.message : String(err);
      const reason = /unknown alias/.test(message) ? 'unknown alias (not in the bundled 2024 catalog)' : message.replace(/'[^']*'/g, "'…'");
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    }
  }
  const compileMs = ms(compileStart);
  out(`  ${fmt(definitions.length)} definitions read and parsed in ${readMs.toFixed(0)} ms`);
  out(`  compiled ${fmt(compiled)}/${fmt(definitions.length)} in ${compileMs.toFixed(0)} ms (${((compileMs / definitions.length) * 1000).toFixed(0)} µs each); ` +
    `budget < ${BUDGET.compileSeconds} s: ${compileMs + catalogMs < BUDGET.compileSeconds * 1000 ? 'met' : 'MISSED'} (${((compileMs + catalogMs) / 1000).toFixed(2)} s with the catalog load)`);
  for (const [reason, count] of [...failures].sort((x, y) => y[1] - x[1])) out(`    ${String(count).padStart(5)} x ${reason}`);
}

// ---------------------------------------------------------------------------------------------------------------
// (b) generated resources
function generateResources(count: number, seed: number): Record<string, unknown>[] {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const chance = (p: number): boolean => rand() < p;
  const locations = ['westeurope', 'northeurope', 'eastus', 'eastus2', 'uksouth', 'germanywestcentral', 'swedencentral'];
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const guid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
  const subscriptions = Array.from({ length: 20 }, guid);
  const ports = ['22', '3389', '80', '443', '8080', '1433', '5985-5986', '20-25', '*', '3000-4000', '53', '5432'];
  const sources = ['*', 'Internet', 'Any', '0.0.0.0/0', '::/0', '10.0.0.0/8', '192.168.1.0/24', 'VirtualNetwork', 'AzureLoadBalancer', '203.0.113.7/32'];
  const tags = (): Record<string, string> => (chance(0.7) ? { env: pick(['prod', 'dev', 'test']), owner: `team-${Math.floor(rand() * 40)}`, costCenter: String(1000 + Math.floor(rand() * 9000)) } : {});

  /** `name` is the resource name, `parent/child` for child resources. */
  function base(type: string, name: string): Record<string, unknown> {
    const sub = pick(subscriptions);
    const rg = `rg-${pick(['app', 'data', 'net', 'shared', 'ops'])}-${Math.floor(rand() * 50)}`;
    const [namespace, ...types] = type.split('/');
    const names = name.split('/');
    return {
      id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${namespace}/${types.map((t, k) => `${t}/${names[k]}`).join('/')}`,
      name,
      type,
      location: pick(locations),
      resourceGroup: rg,
      subscriptionId: sub,
      tags: tags(),
    };
  }

  function rule(i: number): Record<string, unknown> {
    const props: Record<string, unknown> = {
      protocol: pick(['Tcp', 'Udp', '*']),
      access: chance(0.8) ? 'Allow' : 'Deny',
      direction: chance(0.75) ? 'Inbound' : 'Outbound',
      priority: 100 + i * 10,
      sourcePortRange: '*',
      destinationAddressPrefix: pick(['*', 'VirtualNetwork', '10.1.0.0/16']),
      provisioningState: 'Succeeded',
    };
    if (chance(0.7)) props.destinationPortRange = pick(ports);
    else props.destinationPortRanges = [pick(ports), pick(ports), pick(ports)];
    if (chance(0.75)) props.sourceAddressPrefix = pick(sources);
    else props.sourceAddressPrefixes = [pick(sources), pick(sources)];
    return { name: `rule-${i}`, id: `rules/rule-${i}`, etag: `W/"${guid()}"`, type: 'Microsoft.Network/networkSecurityGroups/securityRules', properties: props };
  }

  const makers: [number, (i: number) => Record<string, unknown>][] = [
    [22, (i) => {
      const r = base('Microsoft.Network/networkSecurityGroups', `nsg-${i}`);
      const rules = Array.from({ length: 1 + Math.floor(rand() * 8) }, (_, k) => rule(k));
      return { ...r, etag: `W/"${guid()}"`, properties: { resourceGuid: guid(), provisioningState: 'Succeeded', securityRules: rules, defaultSecurityRules: [], subnets: [{ id: String(r.id).replace(/networkSecurityGroups\/.*$/, `virtualNetworks/vnet-${i}/subnets/default`) }] } };
    }],
    [10, (i) => {
      const parent = base('Microsoft.Network/networkSecurityGroups/securityRules', `nsg-${i}/rule-${i}`);
      return { ...parent, location: undefined, ...rule(i), id: parent.id, name: `nsg-${i}/rule-${i}` };
    }],
    [16, (i) => {
      const r = base('Microsoft.Compute/virtualMachines', `vm-${i}`);
      const windows = chance(0.4);
      return {
        ...r,
        identity: chance(0.5) ? { type: 'SystemAssigned', principalId: guid(), tenantId: guid() } : undefined,
        zones: chance(0.5) ? [pick(['1', '2', '3'])] : undefined,
        properties: {
          vmId: guid(),
          hardwareProfile: { vmSize: pick(['Standard_B2s', 'Standard_D4s_v5', 'Standard_E8s_v5']) },
          storageProfile: {
            imageReference: windows ? { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' } : { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' },
            osDisk: { osType: windows ? 'Windows' : 'Linux', createOption: 'FromImage', caching: 'ReadWrite', managedDisk: { storageAccountType: 'Premium_LRS' }, diskSizeGB: 128 },
            dataDisks: [],
          },
          osProfile: { computerName: `vm-${i}`, adminUsername: 'azureuser', ...(windows ? { windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true } } : { linuxConfiguration: { disablePasswordAuthentication: true } }) },
          networkProfile: { networkInterfaces: [{ id: `${r.id}-nic` }] },
          securityProfile: chance(0.5) ? { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } : undefined,
          provisioningState: 'Succeeded',
        },
      };
    }],
    [10, (i) => {
      const r = base('Microsoft.ContainerRegistry/registries', `acr${i}`);
      return {
        ...r,
        sku: { name: pick(['Basic', 'Standard', 'Premium']), tier: 'Premium' },
        properties: {
          loginServer: `acr${i}.azurecr.io`,
          adminUserEnabled: chance(0.3),
          anonymousPullEnabled: chance(0.2),
          publicNetworkAccess: chance(0.5) ? 'Enabled' : 'Disabled',
          networkRuleBypassOptions: 'AzureServices',
          policies: {
            quarantinePolicy: { status: chance(0.4) ? 'enabled' : 'disabled' },
            exportPolicy: { status: chance(0.5) ? 'enabled' : 'disabled' },
            trustPolicy: { type: 'Notary', status: 'disabled' },
            retentionPolicy: { days: 7, status: 'disabled' },
          },
          encryption: { status: 'disabled' },
          zoneRedundancy: 'Disabled',
        },
      };
    }],
    [16, (i) => {
      const r = base('Microsoft.Storage/storageAccounts', `st${i}`);
      return {
        ...r,
        kind: 'StorageV2',
        sku: { name: pick(['Standard_LRS', 'Standard_GRS', 'Premium_LRS']), tier: 'Standard' },
        properties: {
          supportsHttpsTrafficOnly: chance(0.9),
          minimumTlsVersion: pick(['TLS1_0', 'TLS1_2']),
          allowBlobPublicAccess: chance(0.2),
          publicNetworkAccess: pick(['Enabled', 'Disabled']),
          networkAcls: { bypass: 'AzureServices', defaultAction: pick(['Allow', 'Deny']), ipRules: [{ value: '203.0.113.0/24', action: 'Allow' }], virtualNetworkRules: [] },
          encryption: { keySource: 'Microsoft.Storage', services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } } },
          accessTier: 'Hot',
          provisioningState: 'Succeeded',
        },
      };
    }],
    [4, (i) => {
      const r = base('Microsoft.Network/bastionHosts', `bas-${i}`);
      return { ...r, sku: { name: pick(['Basic', 'Standard', 'Premium']) }, properties: { enableShareableLink: chance(0.3), enableTunneling: chance(0.5), enableIpConnect: chance(0.5), disableCopyPaste: false, scaleUnits: 2, ipConfigurations: [{ name: 'ip', properties: { subnet: { id: `${r.id}/subnet` }, publicIPAddress: { id: `${r.id}/pip` } } }] } };
    }],
    [6, (i) => {
      const r = base('Microsoft.KeyVault/vaults', `kv-${i}`);
      return { ...r, properties: { tenantId: guid(), sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: true, enableSoftDelete: true, softDeleteRetentionInDays: 90, enablePurgeProtection: chance(0.6), publicNetworkAccess: pick(['Enabled', 'Disabled']), networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [] } } };
    }],
    [8, (i) => {
      const r = base('Microsoft.Network/networkInterfaces', `nic-${i}`);
      return { ...r, properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { privateIPAddress: `10.0.${i % 250}.${(i * 7) % 250}`, privateIPAllocationMethod: 'Dynamic', subnet: { id: `${r.id}/subnet` }, primary: true } }], enableAcceleratedNetworking: chance(0.5), networkSecurityGroup: chance(0.5) ? { id: `${r.id}/nsg` } : undefined } };
    }],
    [6, (i) => {
      const r = base('Microsoft.Network/virtualNetworks', `vnet-${i}`);
      return { ...r, properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, k) => ({ name: `snet-${k}`, properties: { addressPrefix: `10.0.${k}.0/24`, privateEndpointNetworkPolicies: 'Disabled' } })), enableDdosProtection: false } };
    }],
    [2, (i) => {
      const sub = subscriptions[i % subscriptions.length];
      return { id: `/subscriptions/${sub}`, subscriptionId: sub, name: `sub-${i}`, type: 'Microsoft.Resources/subscriptions', displayName: `subscription ${i}`, state: 'Enabled', tags: tags(), properties: { subscriptionPolicies: { quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' } } };
    }],
  ];
  const total = makers.reduce((n, [w]) => n + w, 0);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    let roll = rand() * total;
    const maker = makers.find(([w]) => (roll -= w) < 0) ?? makers[0];
    out.push(maker[1](i));
  }
  return out;
}

/** Assignment values for the parameters a definition requires (no defaultValue): the first allowed value, else a typed sample. */
function sampleParameters(compiled: CompiledPolicy): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(compiled.parameters)) {
    if (p.defaultValue !== undefined) continue;
    const samples: Record<string, unknown> = { string: 'sample', array: [], object: {}, boolean: false, integer: 0, float: 0, datetime: '2026-01-01T00:00:00Z' };
    values[name] = p.allowedValues?.length ? p.allowedValues[0] : samples[p.type.toLowerCase()];
  }
  return values;
}

function benchEvaluation(): void {
  out();
  out(`(b) evaluate the kit's definitions against ${fmt(RESOURCES)} generated resources (seed ${SEED})`);
  let dir = path.join(root, 'policies', 'definitions');
  let files = fs.existsSync(dir) ? listJson(dir) : [];
  if (files.length === 0) {
    dir = path.join(BUILTINS, 'built-in-policies', 'policyDefinitions');
    const representative = ['Network/NetworkSecurityGroup_RestrictRDPAccessFromInternet_Audit.json', 'Container Registry/ACR_AdminAccountDisabled_AuditDeny.json', 'Storage/Storage_AuditForHTTPSEnabled_Audit.json'];
    files = representative.map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
    out(`  no definitions in policies/definitions: using ${files.length} representative built-ins`);
  }
  const policies: { name: string; compiled: CompiledPolicy; parameters: Record<string, unknown> }[] = [];
  const compileStart = process.hrtime.bigint();
  for (const file of files) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (!isDefinition(json)) continue;
    const compiled = compilePolicy(json);
    policies.push({ name: path.basename(file, '.json'), compiled, parameters: sampleParameters(compiled) });
  }
  out(`  ${policies.length} definitions compiled in ${ms(compileStart).toFixed(0)} ms`);

  const genStart = process.hrtime.bigint();
  const text = JSON.stringify(generateResources(RESOURCES, SEED));
  out(`  generated ${fmt(RESOURCES)} resources in ${ms(genStart).toFixed(0)} ms: ${(text.length / 1024 / 1024).toFixed(1)} MB of JSON`);
  if (WRITE_RESOURCES) {
    fs.writeFileSync(WRITE_RESOURCES, `{"count":${RESOURCES},"data":${text}}`);
    out(`  written to ${WRITE_RESOURCES}`);
  }

  // JSON.parse baseline: best of 3.
  let parseMs = Infinity;
  let resources: Record<string, unknown>[] = [];
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    resources = JSON.parse(text) as Record<string, unknown>[];
    parseMs = Math.min(parseMs, ms(start));
  }
  out(`  JSON.parse of that text: ${parseMs.toFixed(0)} ms (best of 3)`);

  // Warm-up pass on a slice, then one timed pass per definition over every resource.
  // The explanation trace is off, as in `guardrails scan`; `eval` and `test` keep it.
  for (const p of policies) for (let i = 0; i < Math.min(2000, resources.length); i++) p.compiled.evaluate(resources[i], { parameters: p.parameters, trace: false });
  let totalMs = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const rows: string[] = [];
  for (const p of policies) {
    const effects = new Map<string, number>();
    let policyErrors = 0;
    let firstError = '';
    const input = { parameters: p.parameters, trace: false };
    const start = process.hrtime.bigint();
    for (const resource of resources) {
      const result = p.compiled.evaluate(resource, input);
      if (result.error) {
        policyErrors++;
        firstError ||= `${result.error.stage}: ${result.error.message} (resource type ${String(resource.type)})`;
      } else if (result.effect !== null) effects.set(result.effect, (effects.get(result.effect) ?? 0) + 1);
    }
    const passMs = ms(start);
    totalMs += passMs;
    errors += policyErrors;
    if (policyErrors) errorSamples.push(`    ${p.name}: ${fmt(policyErrors)} evaluation errors, e.g. ${firstError}`);
    const effectText = [...effects].map(([e, n]) => `${e} ${fmt(n)}`).join(', ') || 'no match';
    rows.push(`    ${p.name.padEnd(40)} ${passMs.toFixed(0).padStart(6)} ms  ${(passMs / parseMs).toFixed(2).padStart(5)}x parse  ${effectText}`);
  }
  out('  per definition (one pass over every resource):');
  rows.forEach((r) => out(r));
  errorSamples.forEach((r) => out(r));
  const evaluations = policies.length * resources.length;
  const worst = Math.max(...rows.map((r) => Number(/(\d+\.\d+)x parse/.exec(r)?.[1] ?? 0)));
  out(`  ${fmt(evaluations)} evaluations in ${totalMs.toFixed(0)} ms: ${fmt(evaluations / (totalMs / 1000))} evaluations/s${errors ? `, ${fmt(errors)} errors` : ''}`);
  out(`  ratio to JSON.parse: ${(totalMs / policies.length / parseMs).toFixed(2)}x per definition on average, worst ${worst.toFixed(2)}x, ` +
    `all ${policies.length} definitions together ${(totalMs / parseMs).toFixed(2)}x; budget <= ${BUDGET.parseRatio}x per definition: ${worst <= BUDGET.parseRatio ? 'met' : 'MISSED'}`);
}

// ---------------------------------------------------------------------------------------------------------------
// (c) scale: streaming reads of 1,000,000 resources
/** Runs in a fresh process: reads the file one way, prints {resources, ms, maxRssMb}. */
async function scaleChild(mode: string, file: string): Promise<void> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let count = 0;
  let check = 0;
  let note = '';
  let scanPeakMb: number | undefined;
  if (mode === 'scan') {
    // guardrails scan as users run it (in-process, output to a file): the kit's definitions over the export.
    const report = path.join(os.tmpdir(), `guardrails-scale-report-${process.pid}.json`);
    // The kit's deploy-defender-plan has a required parameter (the plan to enable), set as an assignment would.
    const params = path.join(os.tmpdir(), `guardrails-scale-params-${process.pid}.json`);
    fs.writeFileSync(params, JSON.stringify({ planName: 'VirtualMachines' }));
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => ((stderr += t.slice(0, 2000)), true), isTTY: false, columns: 100 }, stdin: Readable.from([]), cwd: root };
    const code = await main(['scan', '--resources', file, '--policies', path.join(root, 'policies', 'definitions'), '--params', params, '--format', 'json', '--output', report], io);
    try {
      // The report can be gigabytes (every finding of a million resources): its members before `findings` are read
      // from its head (the JSON is written in the order of ScanReport's members), and the findings are counted.
      scanPeakMb = process.resourceUsage().maxRSS / 1024;
      const fd = fs.openSync(report, 'r');
      const head = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      fs.closeSync(fd);
      const text = head.subarray(0, n).toString('utf8');
      const complete = /\n {2}"complete": (true|false)/.exec(text)?.[1];
      count = Number(/\n {2}"resources": (\d+)/.exec(text)?.[1] ?? 0);
      check = complete === 'true' ? count : 0;
      const size = fs.statSync(report).size;
      note = `exit ${code}${complete === 'false' ? ', incomplete' : ''}, ${(size / 1024 / 1024).toFixed(0)} MB JSON report${stderr.trim() ? `: ${stderr.trim().split('\n')[0].slice(0, 200)}` : ''}`;
    } finally {
      fs.rmSync(report, { force: true });
      fs.rmSync(params, { force: true });
    }
  } else if (mode === 'baseline') {
    const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const r = JSON.parse(line) as Record<string, unknown>;
      check += typeof r.type === 'string' ? 1 : 0;
      count++;
    }
  } else {
    const io = { stdout: process.stdout, stderr: process.stderr, stdin: Readable.from([]), cwd: process.cwd() };
    for await (const r of readResourceExport(io, file)) {
      check += typeof r.resource.type === 'string' && r.line! > 0 ? 1 : 0;
      count++;
    }
  }
  const elapsed = ms(start);
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ resources: count, checked: check, note, ms: elapsed, cpuMs: (used.user + used.system) / 1000, maxRssMb: scanPeakMb ?? process.resourceUsage().maxRSS / 1024 }) + '\n');
}

function benchScale(): void {
  out();
  out(`(c) scale: stream ${fmt(SCALE_RESOURCES)} resources (20,000 generated with seed ${SEED}, repeated) from JSONL and Resource Graph JSON; each read in a fresh process`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-scale-'));
  try {
    const jsonl = path.join(dir, 'resources.jsonl');
    const arg = path.join(dir, 'resources.json');
    const genStart = process.hrtime.bigint();
    const jl = fs.openSync(jsonl, 'w');
    const ag = fs.openSync(arg, 'w');
    fs.writeSync(ag, `{"count": ${SCALE_RESOURCES}, "data": [\n`);
    // A pool of 20,000 generated resources, written over and over (the reader's work does not depend on repeats).
    const pool = generateResources(Math.min(20_000, SCALE_RESOURCES), SEED).map((r) => JSON.stringify(r));
    const batch = pool.length;
    for (let done = 0; done < SCALE_RESOURCES; done += batch) {
      const items = pool.slice(0, Math.min(batch, SCALE_RESOURCES - done));
      fs.writeSync(jl, items.join('\n') + '\n');
      fs.writeSync(ag, (done > 0 ? ',\n' : '') + items.join(',\n'));
    }
    fs.writeSync(ag, '\n], "skip_token": null}\n');
    fs.closeSync(jl);
    fs.closeSync(ag);
    const mb = (f: string): string => (fs.statSync(f).size / 1024 / 1024).toFixed(0);
    out(`  generated in ${(ms(genStart) / 1000).toFixed(1)} s: JSONL ${mb(jsonl)} MB, Resource Graph JSON ${mb(arg)} MB (a single JSON.parse of that cannot even hold the text: V8 strings stop at ~512 MB)`);
    type Run = { resources: number; checked: number; note: string; ms: number; cpuMs: number; maxRssMb: number };
    const runChild = (mode: string, file: string): Run => {
      const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--scale-child', mode, file], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
      if (r.status !== 0) throw new Error(`scale child ${mode} failed: ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
    };
    // Interleaved rounds (baseline, reader JSONL, reader Resource Graph) so that a change of machine load during the
    // run affects all three alike; best time and highest peak RSS of each.
    const runs: Record<string, Run[]> = { baseline: [], jsonl: [], arg: [], scan: [] };
    for (let round = 0; round < 2; round++) {
      runs.baseline.push(runChild('baseline', jsonl));
      runs.jsonl.push(runChild('reader', jsonl));
      runs.arg.push(runChild('reader', arg));
      runs.scan.push(runChild('scan', jsonl));
    }
    const best = (list: Run[]): Run => ({ ...list.reduce((a, b) => (a.cpuMs <= b.cpuMs ? a : b)), maxRssMb: Math.max(...list.map((r) => r.maxRssMb)) });
    const baseline = best(runs.baseline);
    const readerJsonl = best(runs.jsonl);
    const readerArg = best(runs.arg);
    const scan = best(runs.scan);
    const row = (label: string, r: Run): void =>
      out(`    ${label.padEnd(50)} ${fmt(r.resources).padStart(9)} resources ${(r.ms / 1000).toFixed(2).padStart(6)} s wall ${(r.ms / baseline.ms).toFixed(2).padStart(5)}x, ${(r.cpuMs / 1000).toFixed(2).padStart(6)} s CPU ${(r.cpuMs / baseline.cpuMs).toFixed(2).padStart(5)}x baseline  peak RSS ${r.maxRssMb.toFixed(0).padStart(4)} MB`);
    out('  least CPU of 2 interleaved runs each (peak RSS: the higher of the two):');
    row('baseline: readline + JSON.parse per line (JSONL)', baseline);
    row('guardrails reader, JSONL', readerJsonl);
    row('guardrails reader, Resource Graph {"data": [...]}', readerArg);
    row('guardrails scan, JSONL, the kit\'s definitions', scan);
    const worstRatio = Math.max(readerJsonl.cpuMs, readerArg.cpuMs) / baseline.cpuMs;
    const worstRss = Math.max(readerJsonl.maxRssMb, readerArg.maxRssMb, scan.maxRssMb);
    const counted = [readerJsonl, readerArg].every((r) => r.resources === SCALE_RESOURCES && r.checked === SCALE_RESOURCES);
    out(`  budget: peak RSS < 300 MB (${worstRss.toFixed(0)} MB, scan included: ${worstRss < 300 ? 'met' : 'MISSED'}), reads at most 2x the baseline's CPU time (${worstRatio.toFixed(2)}x: ${worstRatio <= 2 ? 'met' : 'MISSED'}); every resource read with its line: ${counted ? 'yes' : 'NO'}; scan (${scan.note}) complete over ${fmt(scan.checked)} of ${fmt(scan.resources)} resources, ${(scan.cpuMs / baseline.cpuMs).toFixed(2)}x the baseline's CPU time`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// (d) the scale cases of bench:assess
function benchAssessScale(): void {
  // The compiled library, as `guardrails scan` runs it (tsx's transform costs time of its own); --tsx: the sources.
  if (!TSX) {
    out();
    out('(d) building dist/ (as npm run build: removed, then tsc -p tsconfig.build.json) ...');
    fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    const built = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('build failed');
  }
  for (const [only, what] of [['a', 'MCSB over generated resources'], ['b', 'existence lookups with and without 1,000 JIT policies']]) {
    out();
    out(`(d) ${what}: bench/assess.ts --only ${only} --resources ${RESOURCES} --seed ${SEED}${TSX ? '' : ' --dist'}`);
    const r = spawnSync(process.execPath, [...process.execArgv, path.join(__dirname, 'assess.ts'), '--only', only, '--resources', String(RESOURCES), '--seed', String(SEED), '--builtins', BUILTINS, ...(TSX ? [] : ['--dist'])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    out((r.stdout ?? '').trimEnd().split('\n').map((l) => `  ${l}`).join('\n'));
    if (r.status !== 0) out(`  bench/assess.ts failed (${r.signal ?? `exit ${r.status}`}): ${(r.stderr ?? '').trim().split('\n').slice(-1)[0] ?? ''}`);
  }
}

if (CHILD) {
  void scaleChild(CHILD[0], CHILD[1]);
} else {
  out(`node ${process.version}, ${process.platform}/${process.arch}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
  if (!ONLY || ONLY === 'builtins') benchBuiltins();
  if (!ONLY || ONLY === 'evaluation') benchEvaluation();
  if (!ONLY || ONLY === 'scale') benchScale();
  if (!ONLY || ONLY === 'assess') benchAssessScale();
}
