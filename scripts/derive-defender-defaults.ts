/**
 * One source for every Defender plan default: the catalog in `lib/defender/plans.ts` (default sub-plan and default
 * extensions per plan, the recommended plan set, the malware scanning cap). This script derives from it
 *
 * - the `defaultValue` of every `effect<Plan>`, `subPlan<Plan>` and `extensions<Plan>` parameter of
 *   `policies/initiatives/defender-onboarding.json` (what a plain assignment of the initiative deploys), and
 * - the `@default` tag of the `subPlan` and `extensions` props of each typed plan in `lib/defender/plans.ts`.
 *
 *   npm run derive:defender [-- --check]
 *
 * `--check` writes nothing and exits 1 when a file is stale. test/defender/defaults.test.ts runs the same derivation,
 * so a changed default that was not derived fails the tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  DEFENDER_PLAN_NAMES, DEFENDER_RECOMMENDED_PLANS, DefenderPlanName, defenderSubPlansOf, ResolvedDefenderPlan, resolveDefenderPlans,
} from '../lib/defender/plans';
import { DEFAULT_DEFENDER_PLANS_EFFECT, defenderPlanParameters } from '../lib/onboarding/defender-parameters';

const ROOT = path.join(__dirname, '..');
export const INITIATIVE_FILE = path.join(ROOT, 'policies', 'initiatives', 'defender-onboarding.json');
export const PLANS_FILE = path.join(ROOT, 'lib', 'defender', 'plans.ts');

/** The plan with its catalog defaults (at `subPlan`, or the plan's default sub-plan). */
function defaultsOf(plan: DefenderPlanName, subPlan?: string): ResolvedDefenderPlan {
  const [resolved] = resolveDefenderPlans('derive-defender-defaults', 'plans', {
    recommended: false,
    plans: [subPlan === undefined ? { plan } : { plan, subPlan } as never],
  });
  return resolved;
}

/** Every plan parameter of the initiative with its derived default, in the initiative's own shape. */
export function initiativeDefaults(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const plan of DEFENDER_PLAN_NAMES) {
    const effect = DEFENDER_RECOMMENDED_PLANS.includes(plan) ? DEFAULT_DEFENDER_PLANS_EFFECT : 'Disabled';
    const parameters = defenderPlanParameters([defaultsOf(plan)], DEFAULT_DEFENDER_PLANS_EFFECT);
    out[`effect${plan}`] = effect;
    out[`subPlan${plan}`] = parameters[`subPlan${plan}`];
    out[`extensions${plan}`] = parameters[`extensions${plan}`];
  }
  return out;
}

/** The initiative file with its plan defaults derived; everything else as it is. */
export function deriveInitiative(text: string): string {
  const doc = JSON.parse(text) as { properties: { parameters: Record<string, { defaultValue?: unknown }> } };
  for (const [name, value] of Object.entries(initiativeDefaults())) {
    const declaration = doc.properties.parameters[name];
    if (!declaration) throw new Error(`${path.relative(ROOT, INITIATIVE_FILE)} declares no parameter ${name}`);
    declaration.defaultValue = value;
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function extensionText(e: ResolvedDefenderPlan['extensions'][number]): string {
  const properties = Object.entries(e.additionalExtensionProperties ?? {}).map(([k, v]) => `${k} ${v}`);
  return properties.length > 0 ? `${e.name} (${properties.join(', ')})` : e.name;
}

function extensionsText(extensions: ResolvedDefenderPlan['extensions']): string {
  return extensions.length === 0 ? 'none' : extensions.map(extensionText).join(', ');
}

/** `@default` text of a plan's `subPlan` and `extensions` props. */
export function tsdocDefaults(plan: DefenderPlanName): { subPlan: string; extensions: string } {
  const base = defaultsOf(plan);
  const subPlan = base.subPlan ? `'${base.subPlan}'` : 'none';
  const subs = defenderSubPlansOf(plan);
  const perSub = subs.map((s) => ({ sub: s, text: extensionsText(defaultsOf(plan, s).extensions) }));
  const extensions = perSub.length > 1 && perSub.some((p) => p.text !== perSub[0].text)
    // Default sub-plan first, then the others in catalog order.
    ? [...perSub.filter((p) => p.sub === base.subPlan), ...perSub.filter((p) => p.sub !== base.subPlan)]
      .map((p) => `${p.text} with ${p.sub}`).join('; ')
    : extensionsText(base.extensions);
  return { subPlan, extensions };
}

/** Replaces the text of the `@default` tag that documents `member` (the last one before it inside `block`). */
function replaceDefault(block: string, member: string, text: string, where: string): string {
  const at = block.indexOf(`readonly ${member}?`);
  if (at < 0) throw new Error(`${where} has no ${member} prop`);
  const tag = block.lastIndexOf('@default ', at);
  const previous = block.lastIndexOf('readonly ', at - 1);
  if (tag < 0 || tag < previous) throw new Error(`${where}.${member} has no @default tag`);
  const start = tag + '@default '.length;
  const lineEnd = block.indexOf('\n', start);
  const close = block.indexOf(' */', start);
  const end = close >= 0 && close < lineEnd ? close : lineEnd;
  return block.slice(0, start) + text + block.slice(end);
}

/** The plans source with the `@default` tags of every typed plan's `subPlan` and `extensions` derived. */
export function derivePlansSource(source: string): string {
  const interfaces = /export interface (Defender\w+Plan) extends DefenderPlanSettingBase \{[\s\S]*?\n\}/g;
  return source.replace(interfaces, (block, name: string) => {
    const planType = /readonly plan: ([^;]+);/.exec(block)?.[1];
    if (!planType) throw new Error(`${name} has no plan prop`);
    const plans = [...planType.matchAll(/'(\w+)'/g)].map((m) => m[1]) as DefenderPlanName[];
    if (plans.length === 0) return block; // the escape hatch (DefenderCustomName): nothing to derive
    const texts = plans.map((p) => tsdocDefaults(p));
    if (texts.some((t) => t.subPlan !== texts[0].subPlan || t.extensions !== texts[0].extensions)) {
      throw new Error(`${name} covers plans with different defaults (${plans.join(', ')}): give them interfaces of their own`);
    }
    return replaceDefault(replaceDefault(block, 'subPlan', texts[0].subPlan, name), 'extensions', texts[0].extensions, name);
  });
}

function main(): void {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const [file, derive] of [[INITIATIVE_FILE, deriveInitiative], [PLANS_FILE, derivePlansSource]] as const) {
    const current = fs.readFileSync(file, 'utf8');
    const derived = derive(current);
    if (derived === current) continue;
    stale = true;
    if (check) {
      process.stderr.write(`${path.relative(ROOT, file)} is stale: run npm run derive:defender\n`);
    } else {
      fs.writeFileSync(file, derived);
      process.stdout.write(`wrote ${path.relative(ROOT, file)}\n`);
    }
  }
  if (check && stale) process.exitCode = 1;
  if (!stale) process.stdout.write('Defender defaults are up to date\n');
}

if (require.main === module) main();
