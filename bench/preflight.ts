/**
 * `npm run bench:preflight`: speed of the Terraform -> ARM translation. On a 10,000-resource plan, issue 10's budget:
 * translating and evaluating the MCSB initiative in at most 5x the time JSON.parse takes on the plan; the
 * translation's own target: reading + translating in at most 1.5x. Prints figures (and the process's peak RSS); asserts nothing.
 *   (a) a generated, deterministic `terraform show -json` plan of N resources (bench/preflight-plan.ts), by default in
 *       the full shape Terraform 1.9 writes for azurerm v4.55.0 (every schema attribute, planned_values,
 *       after_sensitive, configuration expressions: about 3.5 KB per resource), with --compact in the compact shape of
 *       earlier versions (only the arguments set: about 0.94 KB per resource; the same resources and values);
 *   (b) JSON.parse of the plan text (the baseline);
 *   (c) reading the plan + translating every resource (lib/preflight);
 *   (d) evaluating the Microsoft cloud security benchmark (MCSB) initiative from the built-in catalog, assigned
 *       with its default parameters, on the translated resources through the C3 runner (lib/assess, as
 *       `scan --terraform` does: related resources not complete), and (e) the kit's definitions the same way.
 * (b) and (c) alternate, run after run, and the figures are medians of CPU time (process.cpuUsage: user + system of
 * the process, so GC helper threads count) beside wall time: the machine is shared, wall time is noisy. The ratios
 * depend on the shape: JSON.parse time grows with the bytes, the translation's mostly with the resources.
 *
 * Usage: npm run bench:preflight [-- --resources 10000] [--seed 7] [--runs 9] [--compact] [--write-plan <file>] [--dist]
 *   --dist measures the compiled library (`npm run build` first: dist/lib) instead of the TypeScript sources run by
 *   tsx (whose transform is slower in the hot loops).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as AssessModule from '../lib/assess';
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
const COMPACT = args.includes('--compact');
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
const { builtinCatalog, bundledAliases } = load<typeof EngineModule>('policy-engine');
const { buildAssessPlan, filePolicyResolver, runAssessmentSync } = load<typeof AssessModule>('assess');

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

const plan = generatePlan(RESOURCES, SEED, { compact: COMPACT });
const text = JSON.stringify(plan);
if (WRITE_PLAN) fs.writeFileSync(WRITE_PLAN, text);
const bytes = Buffer.byteLength(text);
out(`(a) plan: ${RESOURCES.toLocaleString('en-US')} resources, ${COMPACT ? 'compact shape (--compact: only the arguments set)' : 'full terraform show -json shape (azurerm v4.55.0 schemas)'}, ` +
  `${(bytes / 1e6).toFixed(1)} MB of JSON, ${Math.round(bytes / RESOURCES).toLocaleString('en-US')} bytes per resource (seed ${SEED}); library: ${DIST ? 'dist (compiled)' : 'lib (tsx)'}; node ${process.version}`);

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
out(`    ratio to JSON.parse: ${(trCpu / parseCpu).toFixed(2)}x CPU (median of per-run ratios ${median(ratios).toFixed(2)}x; target ${TRANSLATE_BUDGET_RATIO}x), ${(median(tr.wall) / median(parse.wall)).toFixed(2)}x wall`);
out(`    peak RSS so far: ${peakRssMb()} MB`);

const aliases = bundledAliases();
const MCSB = '1f3afdf9-d0c9-4c3d-847f-89da613e70a8';

/** Median CPU time of `runs` assessments of the translated resources (after one warm-up run) and the last report. */
function assess(plan: AssessModule.AssessPlan, runs: number): { cpu: number; report: AssessModule.ScanReport } {
  let report = runAssessmentSync(translation.resources, plan, { relatedResourcesComplete: false });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const e = measure(() => runAssessmentSync(translation.resources, plan, { relatedResourcesComplete: false }));
    report = e.result;
    times.push(e.cpu);
  }
  return { cpu: median(times), report };
}

const catalog = builtinCatalog();
const mcsb = catalog.resolve(MCSB, { kind: 'initiative' });
if (!mcsb) throw new Error(`the MCSB initiative ${MCSB} is not in the built-in catalog`);
const planned = measure(() => buildAssessPlan({ resolver: catalog, definitions: [mcsb], aliases }));
const mcsbPlan = planned.result;
const m = assess(mcsbPlan, 3);
out(`(d) MCSB ${mcsb.version ?? ''} (${mcsbPlan.policies.length} members, default parameters) through lib/assess: plan ${planned.cpu.toFixed(0)} ms CPU, run ${m.cpu.toFixed(0)} ms CPU (median of 3) -> ` +
  `${m.report.findings.length.toLocaleString('en-US')} findings, ${m.report.undetermined.length.toLocaleString('en-US')} undetermined, ${m.report.errors.length} distinct errors`);
out(`    translate + evaluate MCSB: ${(trCpu + m.cpu).toFixed(0)} ms CPU = ${((trCpu + m.cpu) / parseCpu).toFixed(2)}x JSON.parse (budget ${BUDGET_RATIO}x: ${(trCpu + m.cpu) / parseCpu <= BUDGET_RATIO ? 'within' : 'OVER'})`);

const dir = path.resolve(__dirname, '..', 'policies', 'definitions');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => ({ file: f, json: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown }));
const kit = filePolicyResolver(files, 'kit');
const kitPlan = buildAssessPlan({ resolver: kit, definitions: [...kit.entries('definition')], aliases });
const k = assess(kitPlan, 3);
out(`(e) the kit's ${kitPlan.policies.length} definitions through lib/assess: ${k.cpu.toFixed(0)} ms CPU -> ${k.report.findings.length.toLocaleString('en-US')} findings, ${k.report.undetermined.length.toLocaleString('en-US')} undetermined`);
out(`peak RSS of the bench process: ${peakRssMb()} MB (plan text, its parse, the translations and reports kept alive)`);
