/**
 * `npm run bench:check`: the cost of the synth-time policy check (PolicyPreflight) on the reference app. Synthesizes
 * the app for N subscriptions (default 100, the same config `npm run bench` derives from the embedded default) with
 * `policyCheck.enabled` true and false, alternating, in fresh processes (`node --import tsx stacks/main.ts`), and
 * compares the median CPU time (user + system of the app process: the app is single-threaded, and CPU time is steadier
 * than wall time on a shared machine). Budget (issue 10): the check on costs at most 1.3x the synth without it.
 *
 * Usage: npm run bench:check [-- 100] [--runs 3]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1, got ${runs}`);
const n = args.length ? Number(args[0]) : 100;
if (!Number.isInteger(n) || n < 1) throw new Error(`the subscription count must be a whole number >= 1, got ${args[0]}`);
const BUDGET = 1.3;

/** The embedded default config with `n` subscriptions (as bench/synth.ts builds it), the check on or off. */
function configWith(count: number, check: boolean, dir: string): string {
  const base = JSON.parse(fs.readFileSync(path.join(root, 'stacks/config/default.json'), 'utf8'));
  const template = base.subscriptions[base.subscriptions.length - 1];
  const subscriptions = [base.subscriptions[0]];
  const templateText = JSON.stringify(template);
  for (let i = 1; i < count; i++) {
    const id = `${(0x40000000 + i).toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const copy = JSON.parse(templateText.split(template.subscriptionId).join(id));
    if (copy.registry) copy.registry.name = `${copy.registry.name.slice(0, 40)}${i}`;
    subscriptions.push({ ...copy, name: `sub-${i}`, subscriptionId: id });
  }
  const file = path.join(dir, `config-${count}-${check ? 'on' : 'off'}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...base, subscriptions, policyCheck: { enabled: check } }));
  return file;
}

interface Run { cpu: number; wall: number; rssMb: number; reports: number }

function measure(configFile: string, dir: string): Run {
  const outdir = fs.mkdtempSync(path.join(dir, 'out-'));
  const usage = path.join(dir, `usage-${process.hrtime.bigint()}`);
  const preload = path.join(dir, 'usage.cjs');
  fs.writeFileSync(preload, `process.on('exit', () => { if ((process.argv[1] || '').endsWith(${JSON.stringify(path.join('stacks', 'main.ts'))})) require('fs').writeFileSync(process.env.GUARDRAILS_BENCH_USAGE,
  (({ maxRSS, userCPUTime, systemCPUTime }) => maxRSS + ' ' + (userCPUTime + systemCPUTime))(process.resourceUsage())); });`);
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'stacks/main.ts')], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GUARDRAILS_CONFIG: configFile, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir, GUARDRAILS_BENCH_USAGE: usage, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim() },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`synth failed (${child.status}):\n${child.stdout}\n${child.stderr}`);
  const [kb, micros] = fs.readFileSync(usage, 'utf8').split(' ').map(Number);
  const reports = fs.readdirSync(path.join(outdir, 'stacks')).filter((s) => fs.existsSync(path.join(outdir, 'stacks', s, 'policy-preflight.json'))).length;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { cpu: micros / 1e6, wall, rssMb: kb / 1024, reports };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-bench-check-'));
try {
  const files = { off: configWith(n, false, dir), on: configWith(n, true, dir) };
  const results: Record<'off' | 'on', Run[]> = { off: [], on: [] };
  for (let i = 0; i < runs; i++) for (const k of ['off', 'on'] as const) results[k].push(measure(files[k], dir));
  process.stdout.write(`synth-time policy check: ${n} subscriptions, ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}, ${runs} run(s) each\n`);
  process.stdout.write('check  CPU s (median)  CPU s (runs)          wall s (median)  app RSS MB (max)  reports\n');
  for (const k of ['off', 'on'] as const) {
    const r = results[k];
    process.stdout.write(`${k.padEnd(5)}  ${median(r.map((x) => x.cpu)).toFixed(2).padStart(14)}  ${r.map((x) => x.cpu.toFixed(2)).join(' ').padEnd(20)}  `
      + `${median(r.map((x) => x.wall)).toFixed(2).padStart(15)}  ${Math.max(...r.map((x) => x.rssMb)).toFixed(0).padStart(16)}  ${String(r[0].reports).padStart(7)}\n`);
  }
  const ratio = median(results.on.map((x) => x.cpu)) / median(results.off.map((x) => x.cpu));
  process.stdout.write(`ratio on/off (CPU medians): ${ratio.toFixed(2)} (budget <= ${BUDGET})\n`);
  if (ratio > BUDGET) {
    process.stdout.write(`OVER BUDGET: the check must cost at most ${BUDGET}x the synth without it\n`);
    process.exitCode = 1;
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
