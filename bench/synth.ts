/**
 * `npm run bench`: wall time and peak RSS of synthesizing the reference app for 1, 10, 100 and 300 subscriptions,
 * measured two ways:
 *
 * - `app`: the entry point alone, `node --import tsx stacks/main.ts` (what `cdktf.json` runs, without the CLI);
 * - `cdktf`: `npx cdktf synth` as users run it (CHECKPOINT_DISABLE=1), which starts the cdktf CLI, runs the app
 *   through `cdktf.json`'s `app` command and reads back what it wrote.
 *
 * Each run is a fresh process tree, so peak RSS is that run's own. Every Node process of the tree (npx, the cdktf
 * CLI, the app) loads a preload that records its own peak RSS and CPU time when it exits; the table shows the wall
 * time, the CPU time of the whole tree (user + system: steadier than wall time on a shared machine), the app
 * process's peak RSS and the sum of all peaks (an upper bound of the tree at any moment). Budget (issue 2): 100 subscriptions in under
 * 10 s and under 1 GB peak RSS on 2 cores, checked on the app: the time is its CPU time, because the app is
 * single-threaded (wall time equals CPU time on an idle machine) and wall time on a shared machine measures the load.
 *
 * Usage: npm run bench [-- 1 10 100 300] [--runs 3] [--mode app|cdktf|both]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);

function option(name: string, fallback: string): string {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  if (value === undefined) throw new Error(`${name} needs a value`);
  return value;
}

const runs = Number(option('--runs', '3'));
const mode = option('--mode', 'both');
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1, got ${runs}`);
if (!['app', 'cdktf', 'both'].includes(mode)) throw new Error(`--mode must be app, cdktf or both, got ${mode}`);
const sizes = args.length > 0 ? args.map(Number) : [1, 10, 100, 300];
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`sizes must be whole numbers >= 1, got ${args.join(' ')}`);
const BUDGET = { subscriptions: 100, seconds: 10, rssMb: 1024 };

/** A config with `n` subscriptions derived from the embedded default (same settings per subscription). */
function configWith(n: number, dir: string): string {
  const base = JSON.parse(fs.readFileSync(path.join(root, 'stacks/config/default.json'), 'utf8'));
  const template = base.subscriptions[base.subscriptions.length - 1];
  const central = base.subscriptions[0];
  const subscriptions = [central];
  const templateText = JSON.stringify(template);
  for (let i = 1; i < n; i++) {
    const id = `${(0x40000000 + i).toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    // Everything that names the template's subscription (VM ids, subnets) moves to the new one; registry names are
    // global, so each subscription gets its own.
    const copy = JSON.parse(templateText.split(template.subscriptionId).join(id));
    if (copy.registry) copy.registry.name = `${copy.registry.name.slice(0, 40)}${i}`;
    subscriptions.push({ ...copy, name: `sub-${i}`, subscriptionId: id });
  }
  const file = path.join(dir, `config-${n}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...base, subscriptions }));
  return file;
}

interface Run { seconds: number; cpuSeconds: number; appRssMb: number; treeRssMb: number; stacks: number }

function measure(kind: 'app' | 'cdktf', configFile: string, dir: string): Run {
  const outdir = fs.mkdtempSync(path.join(dir, 'out-'));
  const rssDir = fs.mkdtempSync(path.join(dir, 'rss-'));
  // Every Node process of the tree writes "<peak RSS in KB> <main script>" when it exits.
  const preload = path.join(dir, 'rss.cjs');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(
  require('path').join(${JSON.stringify(rssDir)}, String(process.pid)),
  (({ maxRSS, userCPUTime, systemCPUTime }) => maxRSS + ' ' + (userCPUTime + systemCPUTime) + ' ' + (process.argv[1] || ''))(process.resourceUsage())));`);
  const env = {
    ...process.env,
    GUARDRAILS_CONFIG: configFile,
    CHECKPOINT_DISABLE: '1',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim(),
  };
  const [command, commandArgs, extraEnv] = kind === 'app'
    ? [process.execPath, ['--import', 'tsx', path.join(root, 'stacks/main.ts')], { CDKTF_OUTDIR: outdir }]
    : ['npx', ['cdktf', 'synth', '--output', outdir], {}];
  const start = process.hrtime.bigint();
  const child = spawnSync(command, commandArgs, { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`${kind} synth failed (${child.status}):\n${child.stdout}\n${child.stderr}`);
  const stacks = fs.readdirSync(path.join(outdir, 'stacks')).length;
  const peaks = fs.readdirSync(rssDir).map((f) => {
    const [kb, cpuMicros, script] = fs.readFileSync(path.join(rssDir, f), 'utf8').split(' ');
    return { mb: Number(kb) / 1024, cpu: Number(cpuMicros) / 1e6, script: script ?? '' };
  });
  const app = peaks.filter((p) => p.script.endsWith(path.join('stacks', 'main.ts')));
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(rssDir, { recursive: true, force: true });
  return {
    seconds,
    cpuSeconds: peaks.reduce((sum, p) => sum + p.cpu, 0),
    appRssMb: Math.max(0, ...app.map((p) => p.mb)),
    treeRssMb: peaks.reduce((sum, p) => sum + p.mb, 0),
    stacks,
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-bench-'));
const kinds: ('app' | 'cdktf')[] = mode === 'both' ? ['app', 'cdktf'] : [mode as 'app' | 'cdktf'];
process.stdout.write(`synth benchmark: ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}, `
  + `${runs} run${runs === 1 ? '' : 's'} each (median time, highest RSS)\n`);
process.stdout.write('mode   subscriptions  stacks  wall s  CPU s  app RSS MB  tree RSS MB\n');
let overBudget = false;
try {
  for (const n of sizes) {
    const file = configWith(n, dir);
    for (const kind of kinds) {
      const results = Array.from({ length: runs }, () => measure(kind, file, dir)).sort((a, b) => a.seconds - b.seconds);
      const median = results[Math.floor(results.length / 2)];
      const appRss = Math.max(...results.map((r) => r.appRssMb));
      const treeRss = Math.max(...results.map((r) => r.treeRssMb));
      process.stdout.write(`${kind.padEnd(5)}  ${String(n).padStart(13)}  ${String(median.stacks).padStart(6)}  `
        + `${median.seconds.toFixed(2).padStart(6)}  ${median.cpuSeconds.toFixed(2).padStart(5)}  ${appRss.toFixed(0).padStart(10)}  ${treeRss.toFixed(0).padStart(11)}\n`);
      if (kind === 'app' && n === BUDGET.subscriptions && (median.cpuSeconds >= BUDGET.seconds || appRss >= BUDGET.rssMb)) overBudget = true;
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
if (overBudget) {
  process.stdout.write(`OVER BUDGET: ${BUDGET.subscriptions} subscriptions must synthesize in < ${BUDGET.seconds} s of CPU and < ${BUDGET.rssMb} MB\n`);
  process.exitCode = 1;
}
