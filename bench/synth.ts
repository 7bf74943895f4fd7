/**
 * `npm run bench`: wall time and peak RSS of the reference app (`stacks/main.ts`, as `cdktf synth` runs it) for
 * 1, 10 and 100 subscriptions. Each size runs in a fresh process so that peak RSS is that run's own.
 * Budget (issue 2): 100 subscriptions in under 10 s and under 1 GB peak RSS on 2 cores.
 *
 * Usage: npm run bench [-- 1 10 100] [--runs 3]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const runsIndex = args.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(args.splice(runsIndex, 2)[1]) : 3;
const sizes = args.length > 0 ? args.map(Number) : [1, 10, 100];
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

interface Run { seconds: number; rssMb: number; stacks: number }

function runApp(configFile: string, dir: string): Run {
  const outdir = fs.mkdtempSync(path.join(dir, 'out-'));
  const rssFile = path.join(dir, 'rss.txt');
  // The preload writes this process's peak RSS when it exits.
  const preload = path.join(dir, 'rss.cjs');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`);
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--require', preload, '--import', 'tsx', path.join(root, 'stacks/main.ts')], {
    cwd: root,
    env: { ...process.env, GUARDRAILS_CONFIG: configFile, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`app failed (${child.status}):\n${child.stderr}`);
  const stacks = fs.readdirSync(path.join(outdir, 'stacks')).length;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { seconds, rssMb: Number(fs.readFileSync(rssFile, 'utf8')) / 1024, stacks };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-bench-'));
process.stdout.write(`synth benchmark: ${os.cpus().length} cores, node ${process.version}, ${runs} runs each (median)\n`);
process.stdout.write('subscriptions  stacks  wall s  peak RSS MB\n');
let overBudget = false;
for (const n of sizes) {
  const file = configWith(n, dir);
  const results = Array.from({ length: runs }, () => runApp(file, dir)).sort((a, b) => a.seconds - b.seconds);
  const median = results[Math.floor(results.length / 2)];
  const rss = Math.max(...results.map((r) => r.rssMb));
  process.stdout.write(`${String(n).padStart(13)}  ${String(median.stacks).padStart(6)}  ${median.seconds.toFixed(2).padStart(6)}  ${rss.toFixed(0).padStart(11)}\n`);
  if (n === BUDGET.subscriptions && (median.seconds >= BUDGET.seconds || rss >= BUDGET.rssMb)) overBudget = true;
}
fs.rmSync(dir, { recursive: true, force: true });
if (overBudget) {
  process.stdout.write(`OVER BUDGET: ${BUDGET.subscriptions} subscriptions must synthesize in < ${BUDGET.seconds} s and < ${BUDGET.rssMb} MB\n`);
  process.exitCode = 1;
}
