/**
 * `npm run bench:startup`: start-up cost of the CLI and of the package's catalogs (issue 12 item 11, contract C2).
 * Prints figures and whether each budget holds; asserts nothing.
 *
 *   (a) `guardrails eval` (compiled: dist/bin/guardrails.js, built first) on the kit's NSG policy and one resource,
 *       against `node -e 0`. Budget: at most 2x. With hyperfine (Debian package `hyperfine`) when installed, else
 *       repeated runs (median wall time).
 *   (b) the bundled alias catalog, cold, in fresh processes: opening its index, the first look-up (one chunk), and
 *       loading everything (what every run paid before the catalog was split).
 *   (c) the built-in policy catalog, cold: first look-up (index), resolving MCSB by display name with every member
 *       and its definition, memory; warm look-up times by GUID and display name; size on disk and in the npm tarball.
 *   (d) construct start-up: the constructs' builtin-refs.json against resolving the same built-ins in the catalog.
 *
 * Usage: npm run bench:startup [-- --runs 30] [--no-build]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const runsIndex = args.indexOf('--runs');
const RUNS = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 30;
const BUILD = !args.includes('--no-build');
const BUDGET = { evalRatio: 2 };
const dist = (p: string): string => path.join(root, 'dist', p);

const out = (line = ''): void => {
  process.stdout.write(line + '\n');
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs a snippet in a fresh node process; it prints one JSON line. */
function child<T>(code: string): T {
  const r = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

/** The median of each member over `n` fresh processes. */
function childMedian<T extends Record<string, number>>(code: string, n = 5): T {
  const runs = Array.from({ length: n }, () => child<T>(code));
  const outObj: Record<string, number> = {};
  for (const k of Object.keys(runs[0])) outObj[k] = median(runs.map((r) => r[k]));
  return outObj as T;
}

// ---------------------------------------------------------------------------------------------------------------
function build(): void {
  if (!BUILD) return;
  out('building dist/ (tsc -p tsconfig.build.json) ...');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

interface Timing {
  name: string;
  meanMs: number;
  stddevMs: number;
  medianMs: number;
  cpuMs?: number;
}

function hyperfine(commands: string[]): Timing[] | undefined {
  const which = spawnSync('hyperfine', ['--version'], { encoding: 'utf8' });
  if (which.status !== 0) return undefined;
  const exportFile = path.join(os.tmpdir(), `guardrails-startup-${process.pid}.json`);
  const r = spawnSync('hyperfine', ['-N', '--warmup', '3', '--runs', String(RUNS), '--export-json', exportFile, ...commands], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hyperfine failed: ${r.stderr}`);
  const results = (JSON.parse(fs.readFileSync(exportFile, 'utf8')) as { results: { command: string; mean: number; stddev: number; median: number; user: number; system: number }[] }).results;
  fs.rmSync(exportFile, { force: true });
  return results.map((x) => ({ name: x.command, meanMs: x.mean * 1000, stddevMs: x.stddev * 1000, medianMs: x.median * 1000, cpuMs: (x.user + x.system) * 1000 }));
}

function repeated(commands: string[]): Timing[] {
  return commands.map((cmd) => {
    const [bin, ...rest] = cmd.split(' ');
    const times: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(bin === 'node' ? process.execPath : bin, rest, { cwd: root });
      if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`);
      if (i >= 3) times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const sd = Math.sqrt(times.reduce((a, b) => a + (b - mean) ** 2, 0) / times.length);
    return { name: cmd, meanMs: mean, stddevMs: sd, medianMs: median(times) };
  });
}

function benchCli(): void {
  out('(a) CLI start-up: guardrails eval vs node -e 0');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-startup-'));
  try {
    const tests = JSON.parse(fs.readFileSync(path.join(root, 'policies', 'tests', 'deny-management-ports-from-internet.test.json'), 'utf8')) as { cases: { resource: unknown }[] };
    const resource = path.join(tmp, 'nsg.json');
    fs.writeFileSync(resource, JSON.stringify(tests.cases[0].resource));
    const evalCmd = `node ${path.relative(root, dist('bin/guardrails.js'))} eval --policy policies/definitions/deny-management-ports-from-internet.json --resource ${resource}`;
    const commands = ['node -e 0', evalCmd, `node ${path.relative(root, dist('bin/guardrails.js'))} --version`];
    const via = hyperfine(commands);
    const timings = via ?? repeated(commands);
    out(`  ${via ? `hyperfine, ${RUNS} runs after 3 warm-ups` : `hyperfine not installed: ${RUNS} runs each after 3 warm-ups`}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
    for (const t of timings) {
      out(`  ${t.meanMs.toFixed(1).padStart(8)} ms ± ${t.stddevMs.toFixed(1).padStart(5)} (median ${t.medianMs.toFixed(1)}${t.cpuMs !== undefined ? `, CPU ${t.cpuMs.toFixed(1)}` : ''})  ${t.name.replace(resource, '<nsg.json>')}`);
    }
    const base = timings[0];
    const ev = timings[1];
    const ratio = ev.meanMs / base.meanMs;
    out(`  eval / node -e 0: ${ratio.toFixed(2)}x wall (median ${(ev.medianMs / base.medianMs).toFixed(2)}x${ev.cpuMs !== undefined && base.cpuMs ? `, CPU ${(ev.cpuMs / base.cpuMs).toFixed(2)}x` : ''}); budget ${BUDGET.evalRatio}x: ${ratio <= BUDGET.evalRatio ? 'within' : 'OVER'}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
function benchAliases(): void {
  out('(b) bundled alias catalog (cold, median of 5 fresh processes)');
  const r = childMedian<{ requireMs: number; indexMs: number; firstLookupMs: number; secondGroupMs: number; allMs: number; aliases: number; rssMb: number }>(`
    const t = () => process.hrtime.bigint(); const ms = (a, b) => Number(b - a) / 1e6;
    const a0 = t();
    const ba = require(${JSON.stringify(dist('lib/policy-engine/bundled-aliases'))});
    const a1 = t();
    const src = ba.packedAliasSource(ba.bundledAliasFile()); src.index;
    const a2 = t();
    const cat = ba.bundledAliases();
    cat.get('Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange');
    const a3 = t();
    cat.get('Microsoft.Storage/storageAccounts/allowBlobPublicAccess');
    const a4 = t();
    const n = cat.size;
    const a5 = t();
    console.log(JSON.stringify({ requireMs: ms(a0, a1), indexMs: ms(a1, a2), firstLookupMs: ms(a2, a3), secondGroupMs: ms(a3, a4), allMs: ms(a4, a5), aliases: n, rssMb: process.memoryUsage().rss / 1e6 }));
  `);
  const file = path.join(root, 'lib', 'policy-engine', 'data', 'aliases.v2.bin');
  out(`  file ${(fs.statSync(file).size / 1024).toFixed(0)} KiB; ${r.aliases} aliases`);
  out(`  index ${r.indexMs.toFixed(1)} ms; first look-up (NSG group, includes the index) ${r.firstLookupMs.toFixed(1)} ms; another group ${r.secondGroupMs.toFixed(1)} ms`);
  out(`  everything (every chunk inflated and parsed, as each run did before) ${r.allMs.toFixed(0)} ms, RSS then ${r.rssMb.toFixed(0)} MB`);
}

// ---------------------------------------------------------------------------------------------------------------
function tarballSize(file: string): { packed?: number; tarball?: number } {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) return {};
  const info = (JSON.parse(r.stdout) as { size: number; files: { path: string; size: number }[] }[])[0];
  return { packed: info.files.find((f) => f.path === file)?.size, tarball: info.size };
}

function benchBuiltins(): void {
  out('(c) built-in policy catalog (cold: median of 5 fresh processes)');
  const r = childMedian<{ requireMs: number; firstResolveMs: number; definitionMs: number; membersMs: number; members: number; heapMb: number; rssMb: number }>(`
    const t = () => process.hrtime.bigint(); const ms = (a, b) => Number(b - a) / 1e6;
    const m0 = process.memoryUsage();
    const a0 = t();
    const b = require(${JSON.stringify(dist('lib/policy-engine/builtins'))});
    const a1 = t();
    const cat = b.builtinCatalog();
    const mcsb = cat.resolve('Microsoft cloud security benchmark');
    const a2 = t();
    const doc = mcsb.definition();
    const a3 = t();
    let n = 0;
    for (const m of doc.properties.policyDefinitions) { const e = cat.resolve(m.policyDefinitionId, { kind: 'definition' }); e.definition(); n++; }
    const a4 = t();
    const m1 = process.memoryUsage();
    console.log(JSON.stringify({ requireMs: ms(a0, a1), firstResolveMs: ms(a1, a2), definitionMs: ms(a2, a3), membersMs: ms(a3, a4), members: n,
      heapMb: (m1.heapUsed - m0.heapUsed) / 1e6, rssMb: (m1.rss - m0.rss) / 1e6 }));
  `);
  out(`  first look-up (reads the index): ${r.firstResolveMs.toFixed(1)} ms; MCSB's definition: ${r.definitionMs.toFixed(1)} ms; its ${r.members} members resolved with their definitions: ${r.membersMs.toFixed(0)} ms`);
  out(`  memory after all that: heap +${r.heapMb.toFixed(1)} MB, RSS +${r.rssMb.toFixed(1)} MB`);
  const warm = child<{ guidUs: number; displayUs: number; idUs: number; inflateAllMs: number }>(`
    const b = require(${JSON.stringify(dist('lib/policy-engine/builtins'))});
    const cat = b.builtinCatalog(); cat.resolve('x');
    const time = (f) => { const s = process.hrtime.bigint(); for (let i = 0; i < 20000; i++) f(); return Number(process.hrtime.bigint() - s) / 1e3 / 20000; };
    const guidUs = time(() => cat.resolve('1f3afdf9-d0c9-4c3d-847f-89da613e70a8'));
    const displayUs = time(() => cat.resolve('microsoft cloud security BENCHMARK'));
    const idUs = time(() => cat.resolve('/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8'));
    const s = process.hrtime.bigint(); for (const e of cat.entries()) e.definition(); const inflateAllMs = Number(process.hrtime.bigint() - s) / 1e6;
    console.log(JSON.stringify({ guidUs, displayUs, idUs, inflateAllMs }));
  `);
  out(`  warm look-up: by GUID ${warm.guidUs.toFixed(2)} µs, by display name ${warm.displayUs.toFixed(2)} µs, by scoped id ${warm.idUs.toFixed(2)} µs; every document parsed: ${warm.inflateAllMs.toFixed(0)} ms`);
  const rel = 'lib/policy-engine/data/builtins.v1.bin';
  const { packed, tarball } = tarballSize(rel);
  out(`  ${rel}: ${(fs.statSync(path.join(root, rel)).size / 1024).toFixed(0)} KiB on disk${packed !== undefined ? `, ${(packed / 1024).toFixed(0)} KiB in the npm tarball` : ''}${tarball !== undefined ? ` (whole tarball ${(tarball / 1024).toFixed(0)} KiB compressed)` : ''}`);
}

// ---------------------------------------------------------------------------------------------------------------
function benchConstructData(): void {
  out('(d) construct start-up: builtin-refs.json vs the built-in catalog (cold, median of 5 fresh processes)');
  const r = childMedian<{ refsMs: number; refs: number; catalogMs: number }>(`
    const t = () => process.hrtime.bigint(); const ms = (a, b) => Number(b - a) / 1e6;
    const fs = require('fs');
    const a0 = t();
    const refs = JSON.parse(fs.readFileSync(${JSON.stringify(path.join(root, 'lib/policy/data/builtin-refs.json'))}, 'utf8'));
    const a1 = t();
    const b = require(${JSON.stringify(dist('lib/policy-engine/builtins'))});
    const cat = b.builtinCatalog();
    for (const guid of Object.keys(refs)) cat.resolve(guid, { kind: 'definition' }).definition();
    const a2 = t();
    console.log(JSON.stringify({ refsMs: ms(a0, a1), refs: Object.keys(refs).length, catalogMs: ms(a1, a2) }));
  `);
  out(`  builtin-refs.json (${r.refs} built-ins): ${r.refsMs.toFixed(1)} ms; the same built-ins from the catalog (module, index, chunks, parse): ${r.catalogMs.toFixed(1)} ms`);
}

build();
benchCli();
out();
benchAliases();
out();
benchBuiltins();
out();
benchConstructData();
