import * as fs from 'fs';
import * as path from 'path';
import { runPolicyTests } from '../../lib/cli/policy-tests';
import { compilePolicy } from '../../lib/policy-engine';

/**
 * The policy library (`policies/`) as a whole: every fixture case passes through the engine, every definition
 * compiles against the bundled alias catalog and follows the library's conventions, and every initiative member
 * points to something that exists and receives exactly the parameters it declares.
 */

const ROOT = path.join(__dirname, '..', '..');
const POLICIES = path.join(ROOT, 'policies');
const DEFINITIONS = path.join(POLICIES, 'definitions');
const INITIATIVES = path.join(POLICIES, 'initiatives');
const TESTS = path.join(POLICIES, 'tests');
const BUILTIN_REFS = path.join(ROOT, 'lib', 'policy', 'data', 'builtin-refs.json');
const BUILTIN_ID = /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/([0-9a-f-]{36})$/i;
const KIT_ID = /^<kit>\/(.+)$/;
const PARAM_REF = /parameters\('([^']+)'\)/g;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** Definition names fixed by contract C (the onboarding constructs refer to them). */
const CONTRACT_DEFINITIONS = [
  'deny-management-ports-from-internet', 'audit-vm-management-ports-without-jit', 'deploy-jit-network-access-policy',
  'acr-quarantine-policy-enabled', 'acr-admin-user-disabled', 'acr-anonymous-pull-disabled',
  'acr-public-network-access-disabled', 'acr-export-disabled', 'deploy-security-contacts', 'deploy-defender-plan',
  'deploy-activity-log-to-event-hub', 'deny-bastion-shareable-links',
];
const CONTRACT_INITIATIVES = ['network-access-guardrails', 'registry-guardrails', 'defender-onboarding', 'siem-forwarding'];

interface ParameterDeclaration { type: string; defaultValue?: unknown; allowedValues?: unknown[] }
interface Definition {
  name: string;
  properties: {
    displayName: string; policyType: string; mode: string; description: string;
    metadata: { category?: string; version?: string };
    parameters: Record<string, ParameterDeclaration>;
    policyRule: { if: unknown; then: { effect: string; details?: { roleDefinitionIds?: string[] } } };
  };
}
interface Member { policyDefinitionReferenceId: string; policyDefinitionId: string; parameters?: Record<string, { value: unknown }>; groupNames?: string[] }
interface Initiative {
  name: string;
  properties: {
    displayName: string; policyType: string; description: string; metadata: { category?: string; version?: string };
    parameters: Record<string, ParameterDeclaration>; policyDefinitions: Member[];
    policyDefinitionGroups?: { name: string }[];
  };
}
interface BuiltinRef { displayName: string; parameters: Record<string, ParameterDeclaration>; roleDefinitionIds: string[]; allowedEffects?: string[] }

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
function jsonFiles(dir: string, suffix = '.json'): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).sort();
}
function findCI<T>(record: Record<string, T>, name: string): [string, T] | undefined {
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : [key, record[key]];
}
/** Azure compares assignment values with allowedValues case-sensitively and exactly. */
function fold(v: unknown): unknown {
  return JSON.stringify(v);
}

const definitions = new Map(jsonFiles(DEFINITIONS).map((f) => [f.replace(/\.json$/, ''), readJson<Definition>(path.join(DEFINITIONS, f))]));
const initiatives = new Map(jsonFiles(INITIATIVES).map((f) => [f.replace(/\.json$/, ''), readJson<Initiative>(path.join(INITIATIVES, f))]));
const builtinRefs = readJson<Record<string, BuiltinRef>>(BUILTIN_REFS);

describe('policy unit tests (policies/**/*.test.json)', () => {
  const report = runPolicyTests(POLICIES);

  test('every case passes', () => {
    const failures = report.files.flatMap((f) => f.cases.filter((c) => !c.passed).map((c) =>
      `${path.relative(ROOT, f.file)} :: ${c.name}: expected ${JSON.stringify(c.expected.effect)}, got ${JSON.stringify(c.actual.effect)}`
      + (c.error ? ` (${c.error})` : '')));
    expect(failures.join('\n')).toBe('');
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThanOrEqual(150);
  });

  test('every definition has a test file with cases that apply and cases that do not', () => {
    const tested = new Map(report.files.map((f) => [path.resolve(f.policy), f]));
    for (const name of definitions.keys()) {
      const file = tested.get(path.join(DEFINITIONS, `${name}.json`));
      expect({ name, tested: file !== undefined }).toEqual({ name, tested: true });
      const effects = file!.cases.map((c) => c.expected.effect ?? null);
      expect({ name, applies: effects.some((e) => e !== null), notApplies: effects.some((e) => e === null) })
        .toEqual({ name, applies: true, notApplies: true });
    }
    expect(jsonFiles(TESTS, '.test.json')).toHaveLength(definitions.size);
  });
});

describe("Azure's size limits (a longer value fails az policy definition/set-definition create and azurerm apply)", () => {
  const all = [...definitions.values(), ...initiatives.values()].map((d) => [d.name, d] as const);
  test.each(all)('%s: name <= 64, displayName <= 128, description <= 512, each metadata value <= 1024', (_, doc) => {
    expect(doc.name.length).toBeLessThanOrEqual(64);
    expect(doc.name).toMatch(/^[^<>*%&:\\?.+/]+$/);
    expect(doc.properties.displayName.length).toBeLessThanOrEqual(128);
    expect(doc.properties.description.length).toBeLessThanOrEqual(512);
    for (const [key, value] of Object.entries(doc.properties.metadata)) {
      expect({ key, length: JSON.stringify(value).length <= 1024 }).toEqual({ key, length: true });
    }
  });
});

describe('definitions (policies/definitions)', () => {
  test('the contract C names are all there, and nothing else', () => {
    expect([...definitions.keys()].sort()).toEqual([...CONTRACT_DEFINITIONS].sort());
  });

  test.each([...definitions.keys()])('%s compiles with the bundled aliases and follows the conventions', (name) => {
    const doc = definitions.get(name)!;
    expect(doc.name).toBe(name);
    expect(doc.properties.policyType).toBe('Custom');
    expect(['All', 'Indexed']).toContain(doc.properties.mode);
    expect(doc.properties.displayName.length).toBeGreaterThan(10);
    expect(doc.properties.description.length).toBeGreaterThan(50);
    expect(doc.properties.metadata.category).toEqual(expect.any(String));
    expect(doc.properties.metadata.version).toMatch(SEMVER);

    const compiled = compilePolicy(doc);
    expect(compiled.mode).toBe(doc.properties.mode);

    // The effect is a parameter with allowed values and a default that is one of them.
    const effect = /^\[parameters\('([^']+)'\)\]$/.exec(doc.properties.policyRule.then.effect);
    expect(effect).not.toBeNull();
    const decl = doc.properties.parameters[effect![1]];
    expect(decl.allowedValues).toContain('Disabled');
    expect(decl.allowedValues).toContain(decl.defaultValue);

    // With a parameterised effect the engine only checks `details` when it is used: compile with each effect fixed.
    for (const fixed of (decl.allowedValues as string[]).filter((e) => e !== 'Disabled')) {
      const variant = JSON.parse(JSON.stringify(doc)) as Definition;
      variant.properties.policyRule.then.effect = fixed;
      expect(() => compilePolicy(variant)).not.toThrow();
    }

    // Every parameter the rule uses is declared and typed; every declared one is used.
    const ruleText = JSON.stringify(doc.properties.policyRule);
    const used = new Set([...ruleText.matchAll(PARAM_REF)].map((m) => m[1]));
    for (const [p, d] of Object.entries(doc.properties.parameters)) {
      expect({ p, type: typeof d.type }).toEqual({ p, type: 'string' });
      if (d.allowedValues && 'defaultValue' in d) {
        const values = Array.isArray(d.defaultValue) ? d.defaultValue : [d.defaultValue];
        for (const v of values) expect(d.allowedValues).toContain(v);
      }
      expect({ p, used: used.has(p) }).toEqual({ p, used: true });
    }

    // Deploying effects name their roles.
    if ((decl.allowedValues ?? []).includes('DeployIfNotExists')) {
      const roles = doc.properties.policyRule.then.details?.roleDefinitionIds ?? [];
      expect(roles.length).toBeGreaterThan(0);
      for (const r of roles) expect(r).toMatch(/^\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/);
    }
  });
});

describe('roles of the deploying definitions (the least built-in roles that work; GUIDs checked against Azure)', () => {
  const ROLE = {
    Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    SecurityAdmin: 'fb1c8493-542b-48eb-b624-b4c8fea62acd',
    VirtualMachineContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
    MonitoringContributor: '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
    EventHubsDataOwner: 'f526a384-b230-433a-b45c-95f59c4a2dec',
  };
  const expected: Record<string, string[]> = {
    'deploy-jit-network-access-policy': [ROLE.SecurityAdmin, ROLE.VirtualMachineContributor],
    'deploy-security-contacts': [ROLE.SecurityAdmin],
    'deploy-defender-plan': [ROLE.Owner],
    'deploy-activity-log-to-event-hub': [ROLE.MonitoringContributor, ROLE.EventHubsDataOwner],
  };
  test.each(Object.keys(expected))('%s', (name) => {
    const roles = definitions.get(name)!.properties.policyRule.then.details?.roleDefinitionIds ?? [];
    expect([...roles].sort()).toEqual(expected[name].map((g) => `/providers/Microsoft.Authorization/roleDefinitions/${g}`).sort());
  });
  test('no other definition deploys', () => {
    const deploying = [...definitions.keys()].filter((n) => definitions.get(n)!.properties.policyRule.then.details?.roleDefinitionIds);
    expect(deploying.sort()).toEqual(Object.keys(expected).sort());
  });
});

describe('initiatives (policies/initiatives)', () => {
  test('the contract C initiatives are there', () => {
    for (const name of CONTRACT_INITIATIVES) expect([...initiatives.keys()]).toContain(name);
  });

  test('builtin-refs.json holds exactly the built-ins the initiatives reference', () => {
    const referenced = new Set<string>();
    for (const doc of initiatives.values()) {
      for (const m of doc.properties.policyDefinitions) {
        const b = BUILTIN_ID.exec(m.policyDefinitionId);
        if (b) referenced.add(b[1].toLowerCase());
      }
    }
    expect(Object.keys(builtinRefs).sort()).toEqual([...referenced].sort());
  });

  test.each([...initiatives.keys()])('%s: members exist and get exactly the parameters they declare', (name) => {
    const doc = initiatives.get(name)!;
    expect(doc.name).toBe(name);
    expect(doc.properties.policyType).toBe('Custom');
    expect(doc.properties.metadata.version).toMatch(SEMVER);
    expect(doc.properties.description.length).toBeGreaterThan(100);
    const own = doc.properties.parameters;
    const groups = new Set((doc.properties.policyDefinitionGroups ?? []).map((g) => g.name));
    const refIds = doc.properties.policyDefinitions.map((m) => m.policyDefinitionReferenceId);
    expect(new Set(refIds).size).toBe(refIds.length);
    const usedOwn = new Set<string>();
    const problems: string[] = [];

    for (const m of doc.properties.policyDefinitions) {
      const at = `${name} / ${m.policyDefinitionReferenceId}`;
      let declared: Record<string, ParameterDeclaration>;
      const kit = KIT_ID.exec(m.policyDefinitionId);
      const builtin = BUILTIN_ID.exec(m.policyDefinitionId);
      if (kit) {
        const def = definitions.get(kit[1]);
        if (!def) { problems.push(`${at}: no policies/definitions/${kit[1]}.json`); continue; }
        declared = def.properties.parameters;
      } else if (builtin) {
        const ref = builtinRefs[builtin[1].toLowerCase()];
        if (!ref) { problems.push(`${at}: no builtin-refs entry for ${builtin[1]}`); continue; }
        declared = ref.parameters;
      } else {
        problems.push(`${at}: policyDefinitionId ${m.policyDefinitionId} is neither "<kit>/<name>" nor a built-in id`);
        continue;
      }
      for (const g of m.groupNames ?? []) if (!groups.has(g)) problems.push(`${at}: unknown group ${g}`);

      const given = m.parameters ?? {};
      for (const [p, { value }] of Object.entries(given)) {
        const decl = findCI(declared, p);
        if (!decl) { problems.push(`${at}: passes "${p}", which the definition does not declare`); continue; }
        const refs = [...JSON.stringify(value).matchAll(PARAM_REF)].map((x) => x[1]);
        for (const r of refs) {
          usedOwn.add(r);
          if (!own[r]) problems.push(`${at}: "${p}" uses initiative parameter "${r}", which is not declared`);
        }
        const direct = typeof value === 'string' ? /^\[parameters\('([^']+)'\)\]$/.exec(value) : null;
        const allowed = decl[1].allowedValues?.map(fold);
        if (direct && own[direct[1]]) {
          const mine = own[direct[1]];
          if (mine.type.toLowerCase() !== decl[1].type.toLowerCase()) {
            problems.push(`${at}: "${p}" is ${decl[1].type}, initiative parameter "${direct[1]}" is ${mine.type}`);
          }
          if (allowed) {
            const candidates = mine.allowedValues ?? ('defaultValue' in mine ? [mine.defaultValue] : []);
            const flat = mine.type.toLowerCase() === 'array' && !mine.allowedValues ? candidates.flat() : candidates;
            for (const v of flat) if (!allowed.includes(fold(v))) problems.push(`${at}: "${p}" does not allow ${JSON.stringify(v)} (from "${direct[1]}")`);
            if (!mine.allowedValues && mine.type.toLowerCase() !== 'array') problems.push(`${at}: initiative parameter "${direct[1]}" needs allowedValues like "${p}"`);
          }
        } else if (refs.length === 0 && allowed && !allowed.includes(fold(value))) {
          problems.push(`${at}: "${p}" = ${JSON.stringify(value)} is not an allowed value`);
        }
      }
      for (const [p, d] of Object.entries(declared)) {
        if (!('defaultValue' in d) && !findCI(given, p)) problems.push(`${at}: required parameter "${p}" is not passed`);
      }
    }
    for (const p of Object.keys(own)) if (!usedOwn.has(p)) problems.push(`${name}: initiative parameter "${p}" is not used`);
    const usedGroups = new Set(doc.properties.policyDefinitions.flatMap((m) => m.groupNames ?? []));
    for (const g of groups) if (!usedGroups.has(g)) problems.push(`${name}: group "${g}" has no member`);
    expect(problems).toEqual([]);
  });

  test.each(['siem-forwarding', 'siem-forwarding-log-analytics'])(
    '%s: each resource-log member is switched by its own resource type in resourceLogsResourceTypes', (name) => {
      const doc = initiatives.get(name)!;
      const allowed = doc.properties.parameters.resourceLogsResourceTypes.allowedValues as string[];
      const members = doc.properties.policyDefinitions.filter((m) => m.policyDefinitionReferenceId.startsWith('resource-logs-'));
      expect(members.length).toBe(allowed.length);
      const switchedBy = members.map((m) => {
        const effect = m.parameters!.effect.value as string;
        const match = /^\[if\(contains\(parameters\('resourceLogsResourceTypes'\), '([^']+)'\), parameters\('resourceLogsEffect'\), 'Disabled'\)\]$/
          .exec(effect);
        expect({ member: m.policyDefinitionReferenceId, effect: match ? 'switch' : effect })
          .toEqual({ member: m.policyDefinitionReferenceId, effect: 'switch' });
        // The reference id is "resource-logs-<namespace without 'microsoft.'>-<type path with '-'>", as in Microsoft's initiative.
        expect(`resource-logs-${match![1].replace(/^microsoft\./, '').replace(/\//g, '-')}`).toBe(m.policyDefinitionReferenceId);
        return match![1];
      });
      // One member per listed type: a literal outside the list (for example the parameter's name) disables the member forever.
      expect([...switchedBy].sort()).toEqual([...allowed].sort());
      expect(doc.properties.parameters.resourceLogsResourceTypes.defaultValue).toEqual(allowed);
    });

  test('defender-onboarding has one deploy-defender-plan member per plan, driven by effect/subPlan/extensions<Plan>', () => {
    const doc = initiatives.get('defender-onboarding')!;
    const planMembers = doc.properties.policyDefinitions.filter((m) => m.policyDefinitionId === '<kit>/deploy-defender-plan');
    const planNames = definitions.get('deploy-defender-plan')!.properties.parameters.planName.allowedValues as string[];
    expect(planMembers.map((m) => m.parameters!.planName.value).sort()).toEqual([...planNames].sort());
    expect(planNames).toContain('Api');
    for (const m of planMembers) {
      const plan = m.parameters!.planName.value as string;
      expect(m.policyDefinitionReferenceId).toBe(`defender-plan-${plan}`);
      expect(m.parameters!.effect.value).toBe(`[parameters('effect${plan}')]`);
      expect(m.parameters!.subPlan.value).toBe(`[parameters('subPlan${plan}')]`);
      expect(m.parameters!.extensions.value).toBe(`[parameters('extensions${plan}')]`);
    }
    // The built-in plans initiative would be a second owner of the same pricings.
    expect(JSON.stringify(doc)).not.toMatch(/policySetDefinitions\/f08c57cd/i);
  });
});
