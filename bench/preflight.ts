/**
 * `npm run bench:preflight`: speed of the Terraform -> ARM translation. Issue 10 budgets, on a 10,000-resource plan:
 * reading + translating in at most 1.5x the time JSON.parse takes on the plan; translating and evaluating the MCSB
 * initiative in at most 5x. Prints figures (and the process's peak RSS); asserts nothing.
 *   (a) a generated, deterministic `terraform show -json` plan of N resources (bench/preflight-plan.ts);
 *   (b) JSON.parse of the plan text (the baseline);
 *   (c) reading the plan + translating every resource (lib/preflight);
 *   (d) evaluating the kit's definitions (policies/definitions) on the translated resources with the interim
 *       adapter of `scan --terraform`. Once lib/assess and the built-in catalog are merged, (d) becomes the MCSB
 *       initiative through the C3 runner.
 * (b) and (c) alternate, run after run, and the figures are medians of CPU time (process.cpuUsage: user + system of
 * the process, so GC helper threads count) beside wall time: the machine is shared, wall time is noisy.
 *
 * Usage: npm run bench:preflight [-- --resources 10000] [--seed 7] [--runs 9] [--write-plan <file>] [--dist]
 *   --dist measures the compiled library (`npm run build` first: dist/lib) instead of the TypeScript sources run by
 *   tsx (whose transform is slower in the hot loops).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as AssessModule from '../lib/cli/terraform-assess';
import type * as EngineModule from '../lib/policy-engine';
import type * as PreflightModule from '../lib/preflight';
import { generatePlan } from './preflight-plan';

const args = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args.splice(i, 2)[1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} expects a positive number`);
  return value;
}
const writeIndex = args.indexOf('--write-plan');
const WRITE_PLAN = writeIndex >= 0 ? args.splice(writeIndex, 2)[1] : undefined;
const DIST = args.includes('--dist');
const RESOURCES = option('--resources', 10_000);
const SEED = option('--seed', 7);
const RUNS = option('--runs', 9);
const BUDGET_RATIO = 5;
const TRANSLATE_BUDGET_RATIO = 1.5;

/** The library as TypeScript sources (tsx) or as compiled by `npm run build` (dist). */
function load<T>(module: string): T {
  const file = DIST ? path.resolve(__dirname, '..', 'dist', 'lib', module) : path.resolve(__dirname, '..', 'lib', module);
  if (DIST && !fs.existsSync(file + '.js') && !fs.existsSync(path.join(file, 'index.js'))) throw new Error(`${file}: not built; run npm run build first`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as T;
}
const { readTerraformJson, translate } = load<typeof PreflightModule>('preflight');
const { bundledAliases, compilePolicy } = load<typeof EngineModule>('policy-engine');
const { assessTerraform } = load<typeof AssessModule>('cli/terraform-assess');

const out = (line = ''): void => {
  process.stdout.write(line + '\n');
};

/** CPU (user + system) and wall milliseconds of one call. */
function measure<T>(f: () => T): { cpu: number; wall: number; result: T } {
  const c = process.cpuUsage();
  const w = process.hrtime.bigint();
  const result = f();
  const wall = Number(process.hrtime.bigint() - w) / 1e6;
  const d = process.cpuUsage(c);
  return { cpu: (d.user + d.system) / 1e3, wall, result };
}

/** The process's peak resident set size (getrusage ru_maxrss), in MB. */
function peakRssMb(): string {
  return (process.resourceUsage().maxRSS / 1024).toFixed(0);
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const plan = generatePlan(RESOURCES, SEED);
const text = JSON.stringify(plan);
if (WRITE_PLAN) fs.writeFileSync(WRITE_PLAN, text);
out(`(a) plan: ${RESOURCES.toLocaleString('en-US')} resource changes, ${(text.length / 1e6).toFixed(1)} MB of JSON (seed ${SEED}); library: ${DIST ? 'dist (compiled)' : 'lib (tsx)'}; node ${process.version}`);

const parse = { cpu: [] as number[], wall: [] as number[] };
const tr = { cpu: [] as number[], wall: [] as number[] };
const ratios: number[] = [];
// The first run is also the warm-up: its figures are those of a one-shot process (`guardrails scan --terraform`),
// JIT compilation included; the medians below are those of compiled code.
const coldParse = measure(() => JSON.parse(text) as unknown);
const cold = measure(() => translate(readTerraformJson(coldParse.result)));
let translation = cold.result;
for (let i = 0; i < RUNS; i++) {
  const p = measure(() => JSON.parse(text) as unknown);
  const t = measure(() => translate(readTerraformJson(p.result)));
  translation = t.result;
  parse.cpu.push(p.cpu);
  parse.wall.push(p.wall);
  tr.cpu.push(t.cpu);
  tr.wall.push(t.wall);
  ratios.push(t.cpu / p.cpu);
}
out(`(b0) first run in the process (as the CLI runs): JSON.parse ${coldParse.cpu.toFixed(0)} ms CPU, read + translate ${cold.cpu.toFixed(0)} ms CPU (${(cold.cpu / coldParse.cpu).toFixed(2)}x)`);
const parseCpu = median(parse.cpu);
const trCpu = median(tr.cpu);
out(`(b) JSON.parse of the plan: ${parseCpu.toFixed(0)} ms CPU, ${median(parse.wall).toFixed(0)} ms wall (medians of ${RUNS})`);
out(`(c) read + translate: ${trCpu.toFixed(0)} ms CPU, ${median(tr.wall).toFixed(0)} ms wall -> ${translation.resources.length.toLocaleString('en-US')} ARM resources, ${translation.notTranslated.length} not translated`);
out(`    ratio to JSON.parse: ${(trCpu / parseCpu).toFixed(2)}x CPU (median of per-run ratios ${median(ratios).toFixed(2)}x; budget ${TRANSLATE_BUDGET_RATIO}x), ${(median(tr.wall) / median(parse.wall)).toFixed(2)}x wall`);
out(`    peak RSS so far: ${peakRssMb()} MB`);

const aliases = bundledAliases();
const dir = path.resolve(__dirname, '..', 'policies', 'definitions');
const policies: AssessModule.TerraformPolicy[] = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => {
  const json = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { name?: string };
  return { name: json.name ?? f, file: f, compiled: compilePolicy(json, { aliases }), definition: json };
});
const evalCpu: number[] = [];
let report = assessTerraform(translation, policies, { parameters: {}, aliases, version: '0.0.0' });
for (let i = 0; i < 3; i++) {
  const e = measure(() => assessTerraform(translation, policies, { parameters: {}, aliases, version: '0.0.0' }));
  report = e.result;
  evalCpu.push(e.cpu);
}
const ev = median(evalCpu);
out(`(d) evaluate the kit's ${policies.length} definitions (interim adapter): ${ev.toFixed(0)} ms CPU -> ${report.findings.length.toLocaleString('en-US')} findings, ${report.undetermined.length.toLocaleString('en-US')} undetermined`);
out(`    translate + evaluate: ${((trCpu + ev) / parseCpu).toFixed(2)}x JSON.parse (budget with the MCSB initiative: ${BUDGET_RATIO}x)`);
out(`peak RSS of the bench process: ${peakRssMb()} MB (plan text, its parse, the translations and reports kept alive)`);
