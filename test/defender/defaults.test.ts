/**
 * One source for each Defender plan default (issue 16 item 3): the catalog in lib/defender/plans.ts. The initiative's
 * defaultValues and the plan props' @default tags are derived from it (scripts/derive-defender-defaults.ts); the
 * rest (constructs, README, other TSDoc) is checked to agree with it here.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  DEFENDER_MALWARE_SCANNING_DEFAULT_CAP_GB, DEFENDER_PLAN_NAMES, DEFENDER_RECOMMENDED_PLANS, resolveDefenderPlans,
} from '../../lib/defender/plans';
import { DefenderForCloud } from '../../lib/defender';
import { AutoOnboarding } from '../../lib/onboarding';
import { DEFAULT_DEFENDER_PLANS_EFFECT } from '../../lib/onboarding/defender-parameters';
import {
  deriveInitiative, derivePlansSource, INITIATIVE_FILE, initiativeDefaults, PLANS_FILE, tsdocDefaults,
} from '../../scripts/derive-defender-defaults';
import { synth } from '../helpers/synth';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(file, 'utf8');
type Initiative = {
  properties: {
    parameters: Record<string, { defaultValue?: unknown }>;
    policyDefinitions: { policyDefinitionReferenceId: string; parameters: Record<string, { value: unknown }> }[];
  };
};
const initiative = () => JSON.parse(read(INITIATIVE_FILE)) as Initiative;

describe('derived from the catalog', () => {
  test('the initiative defaultValues are the derived ones (npm run derive:defender)', () => {
    expect(deriveInitiative(read(INITIATIVE_FILE))).toBe(read(INITIATIVE_FILE));
  });

  test('the @default tags of the plan props are the derived ones (npm run derive:defender)', () => {
    expect(derivePlansSource(read(PLANS_FILE))).toBe(read(PLANS_FILE));
  });

  test('a default that drifted in the initiative is put back by the derivation', () => {
    const drifted = read(INITIATIVE_FILE).replace('"defaultValue": "P2"', '"defaultValue": "P1"');
    expect(drifted).not.toBe(read(INITIATIVE_FILE));
    expect(deriveInitiative(drifted)).toBe(read(INITIATIVE_FILE));
  });

  test('a default that drifted in the TSDoc is put back by the derivation', () => {
    const drifted = read(PLANS_FILE).replace("/** Sub-plan. @default 'PerKeyVault' */", "/** Sub-plan. @default 'PerTransaction' */");
    expect(drifted).not.toBe(read(PLANS_FILE));
    expect(derivePlansSource(drifted)).toBe(read(PLANS_FILE));
  });

  test('the derived values are the catalog\'s', () => {
    const defaults = initiativeDefaults();
    expect(defaults.subPlanVirtualMachines).toBe('P2');
    expect(defaults.extensionsVirtualMachines).toEqual([{ name: 'AgentlessVmScanning' }]);
    expect(defaults.extensionsStorageAccounts).toEqual([
      { name: 'OnUploadMalwareScanning', additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: String(DEFENDER_MALWARE_SCANNING_DEFAULT_CAP_GB) } },
      { name: 'SensitiveDataDiscovery' },
    ]);
    for (const plan of DEFENDER_PLAN_NAMES) {
      expect(defaults[`effect${plan}`]).toBe(DEFENDER_RECOMMENDED_PLANS.includes(plan) ? DEFAULT_DEFENDER_PLANS_EFFECT : 'Disabled');
    }
    expect(tsdocDefaults('VirtualMachines')).toEqual({ subPlan: "'P2'", extensions: 'AgentlessVmScanning with P2; none with P1' });
  });
});

describe('the rest agrees with the catalog', () => {
  test('the initiative has one plan member per plan the kit knows, fed by its own parameters', () => {
    const members = initiative().properties.policyDefinitions.filter((m) => m.policyDefinitionReferenceId.startsWith('defender-plan-'));
    expect(members.map((m) => m.policyDefinitionReferenceId)).toEqual(DEFENDER_PLAN_NAMES.map((p) => `defender-plan-${p}`));
    for (const m of members) {
      const plan = m.policyDefinitionReferenceId.slice('defender-plan-'.length);
      expect(m.parameters).toMatchObject({
        planName: { value: plan },
        effect: { value: `[parameters('effect${plan}')]` },
        subPlan: { value: `[parameters('subPlan${plan}')]` },
        extensions: { value: `[parameters('extensions${plan}')]` },
      });
    }
  });

  test('deploy-defender-plan allows exactly the plans the kit knows', () => {
    const definition = JSON.parse(read(path.join(ROOT, 'policies', 'definitions', 'deploy-defender-plan.json')));
    expect(definition.properties.parameters.planName.allowedValues).toEqual([...DEFENDER_PLAN_NAMES]);
  });

  test('AutoOnboarding with default options assigns the initiative\'s defaults for every plan', () => {
    const out = synth((stack) => { new AutoOnboarding(stack, 'Onboarding', { managementGroupId: '/providers/Microsoft.Management/managementGroups/mg', location: 'westeurope' }); });
    const assignment = out.list('azurerm_management_group_policy_assignment').find((a) => a.name === 'gr-defender')!;
    const values = JSON.parse(assignment.parameters as string) as Record<string, { value: unknown }>;
    for (const [name, value] of Object.entries(initiativeDefaults())) expect([name, values[name]?.value]).toEqual([name, value]);
  });

  test('DefenderForCloud with default props enables each plan with the initiative\'s default sub-plan and extensions', () => {
    const out = synth((stack) => { new DefenderForCloud(stack, 'Defender', {}); });
    const defaults = initiativeDefaults();
    const pricings = out.list('azurerm_security_center_subscription_pricing');
    expect(pricings.map((p) => p.resource_type).sort()).toEqual(DEFENDER_PLAN_NAMES.filter((p) => defaults[`effect${p}`] !== 'Disabled').sort());
    for (const p of pricings) {
      const plan = p.resource_type as string;
      expect([plan, p.subplan ?? '']).toEqual([plan, defaults[`subPlan${plan}`]]);
      expect([plan, ((p.extension ?? []) as { name: string }[]).map((e) => e.name)])
        .toEqual([plan, (defaults[`extensions${plan}`] as { name: string }[]).map((e) => e.name)]);
    }
  });

  test('the malware scanning cap TSDoc names the catalog\'s cap', () => {
    const source = read(PLANS_FILE);
    const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly capGbPerMonthPerStorageAccount\?/.exec(source)![1];
    expect(doc).toMatch(new RegExp(`@default ${DEFENDER_MALWARE_SCANNING_DEFAULT_CAP_GB}\\b`));
  });

  test('AutoOnboarding\'s plansEffect TSDoc names the default effect', () => {
    const source = read(path.join(ROOT, 'lib', 'onboarding', 'auto-onboarding.ts'));
    const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly plansEffect\?/.exec(source)![1];
    expect(doc).toContain(`@default '${DEFAULT_DEFENDER_PLANS_EFFECT}'`);
  });

  test('the Defender README names every recommended plan\'s default sub-plan and extensions', () => {
    const readme = read(path.join(ROOT, 'lib', 'defender', 'README.md'));
    const recommended = /- Recommended:([\s\S]*?)\n- /.exec(readme)![1].replace(/\s+/g, ' ');
    for (const plan of resolveDefenderPlans('test', 'plans', {})) {
      if (plan.subPlan) expect([plan.plan, recommended]).toEqual([plan.plan, expect.stringContaining(plan.subPlan)]);
      for (const e of plan.extensions) expect([plan.plan, recommended]).toEqual([plan.plan, expect.stringContaining(`\`${e.name}\``)]);
    }
    expect(recommended).toContain(`cap ${DEFENDER_MALWARE_SCANNING_DEFAULT_CAP_GB} GB`);
  });
});
