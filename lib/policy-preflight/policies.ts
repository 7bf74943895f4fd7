// Which policies the synth-time check evaluates, as an AssessPlan (lib/assess) built once per app: each policy a
// props entry names becomes an assignment at the root scope, so that initiatives take their assignment parameters
// and pass them to their members, and `members: 'deny-capable'` is an assignment override (Azure's own mechanism).
import * as fs from 'fs';
import * as path from 'path';
import { AssessInputError, AssessPlan, buildAssessPlan, parseAssignments } from '../assess';
import type { PolicyEntry, PolicyResolver } from '../assess';
import { GuardrailsValidationError } from '../core/errors';
import { builtinCatalog, chainResolvers, kitPolicyLibrary, policyFolder } from '../policy-engine/builtins';

/** How the members of an initiative are evaluated. */
export type PolicyPreflightMembers = 'assigned' | 'deny-capable';

/** One policy (definition or initiative) the check evaluates, as an assignment would assign it. */
export interface PolicyPreflightPolicy {
  /**
   * The definition or initiative: the kit's by name (`network-access-guardrails`), a custom one from `policyFolders`
   * by name, an Azure built-in by GUID, full id or exact display name (`Microsoft cloud security benchmark`).
   */
  readonly policy: string;
  /**
   * Look for a definition or an initiative only.
   * @default a definition of that name, else an initiative
   */
  readonly kind?: 'definition' | 'initiative';
  /**
   * Assignment parameter values by name (plain values, not `{ value }`). An initiative passes them to its members as
   * its `policyDefinitions[].parameters` say. Checked against the declared parameters and their allowedValues.
   * @default the declared defaults
   */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /**
   * For an initiative: `assigned` evaluates every member with the effect the parameters give it; `deny-capable`
   * evaluates only the members whose allowed effects include Deny, assigned with Deny (the others are left out, as
   * if Disabled), the way a platform team assigns a benchmark as a gate.
   * @default 'assigned'
   */
  readonly members?: PolicyPreflightMembers;
  /**
   * Definition version (`1.*.*`, `1.2.*` or exact), as an assignment's definitionVersion.
   * @default the newest version held
   */
  readonly version?: string;
  /**
   * `DoNotEnforce` reports what Deny would refuse as warnings ("would deny") instead of errors.
   * @default 'Default'
   */
  readonly enforcementMode?: 'Default' | 'DoNotEnforce';
}

/**
 * The default policy set of the check: the kit's two gate initiatives (policies/initiatives), with the parameter
 * values AutoOnboarding assigns by default (lib/onboarding/auto-onboarding.ts): management ports 22 and 3389 and
 * Bastion shareable links denied, JIT audited; registry admin user and anonymous pull denied, quarantine, public
 * network access and export audited, AKS allowed images off (no regex given). The kit's deploy-only initiatives
 * (defender-onboarding, siem-forwarding, siem-forwarding-log-analytics) need your destinations as parameters: add
 * them to `policies` with those values.
 */
export const KIT_CHECK_POLICIES: readonly PolicyPreflightPolicy[] = [
  {
    policy: 'network-access-guardrails',
    kind: 'initiative',
    parameters: {
      managementPortsEffect: 'Deny', managementPorts: ['22', '3389'], jitAuditEffect: 'AuditIfNotExists', jitDeployEffect: 'AuditIfNotExists',
      jitProtocol: '*', jitAllowedSourceAddressPrefix: '*', jitMaxRequestAccessDuration: 'PT3H', bastionShareableLinksEffect: 'Deny',
    },
  },
  {
    policy: 'registry-guardrails',
    kind: 'initiative',
    parameters: {
      quarantinePolicyEffect: 'Audit', adminUserEffect: 'Deny', anonymousPullEffect: 'Deny', publicNetworkAccessEffect: 'Audit',
      exportEffect: 'Audit', allowedImagesEffect: 'Disabled', allowedContainerImagesRegex: '^$',
    },
  },
];

const MAX_POLICY_FILE_BYTES = 4 * 1024 * 1024;
const MAX_POLICY_FILES = 5_000;
const MAX_FOLDER_DEPTH = 8;

/** Reads the definition and initiative files of custom folders (bounded; *.test.json and other JSON ignored). */
export function readPolicyFolders(scopePath: string, folders: readonly string[]): PolicyResolver {
  const files: { file: string; json: unknown }[] = [];
  folders.forEach((folder, i) => {
    const property = `policyFolders[${i}]`;
    if (typeof folder !== 'string' || folder === '') throw new GuardrailsValidationError(scopePath, property, folder, 'expected the path of a folder of policy definition / initiative JSON files');
    const abs = path.resolve(folder);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new GuardrailsValidationError(scopePath, property, folder, `no such folder (resolved to ${abs})`);
    }
    const visit = (p: string, depth: number): void => {
      const s = fs.statSync(p);
      if (s.isDirectory()) {
        if (depth > MAX_FOLDER_DEPTH) return;
        for (const n of fs.readdirSync(p).sort()) visit(path.join(p, n), depth + 1);
        return;
      }
      if (!s.isFile() || !p.endsWith('.json') || p.endsWith('.test.json')) return;
      if (files.length >= MAX_POLICY_FILES) throw new GuardrailsValidationError(scopePath, property, folder, `holds more than ${MAX_POLICY_FILES} JSON files`);
      if (s.size > MAX_POLICY_FILE_BYTES) throw new GuardrailsValidationError(scopePath, property, folder, `${p} is ${s.size} bytes, more than the limit of ${MAX_POLICY_FILE_BYTES}`);
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(p, 'utf8').replace(/^\uFEFF/, ''));
      } catch (e) {
        throw new GuardrailsValidationError(scopePath, property, folder, `${p} is not valid JSON (${(e as Error).message})`);
      }
      files.push({ file: path.relative(process.cwd(), p) || p, json });
    };
    visit(abs, stat.isDirectory() ? 0 : MAX_FOLDER_DEPTH);
  });
  return policyFolder(files) as PolicyResolver;
}

function resolveEntry(resolver: PolicyResolver, p: PolicyPreflightPolicy): PolicyEntry | undefined {
  const opts = p.version ? { version: p.version } : {};
  if (p.kind) return resolver.resolve(p.policy, { kind: p.kind, ...opts });
  return resolver.resolve(p.policy, { kind: 'definition', ...opts }) ?? resolver.resolve(p.policy, { kind: 'initiative', ...opts });
}

/** Effects a member allows: its effect parameter's allowedValues, or the family of a literal effect. */
function allowedEffects(definition: Record<string, unknown>): string[] {
  const props = (definition.properties ?? definition) as Record<string, unknown>;
  const rule = props.policyRule as { then?: { effect?: unknown } } | undefined;
  const effect = rule?.then?.effect;
  if (typeof effect !== 'string') return [];
  const m = /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i.exec(effect);
  if (!m) return effect.toLowerCase() === 'audit' || effect.toLowerCase() === 'deny' ? ['audit', 'deny', 'disabled'] : [effect.toLowerCase()];
  const declared = Object.entries((props.parameters ?? {}) as Record<string, { allowedValues?: unknown }>).find(([k]) => k.toLowerCase() === m[1].toLowerCase())?.[1];
  return Array.isArray(declared?.allowedValues) ? declared.allowedValues.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()) : [];
}

/** The effect parameter of a definition (`[parameters('effect')]`), if its effect is one. */
function effectParameter(definition: Record<string, unknown>): string | undefined {
  const props = (definition.properties ?? definition) as Record<string, unknown>;
  const effect = (props.policyRule as { then?: { effect?: unknown } } | undefined)?.then?.effect;
  return typeof effect === 'string' ? /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i.exec(effect)?.[1] : undefined;
}

/**
 * The members of an initiative that allow Deny, and how to assign them with Deny: through the initiative parameter
 * their effect is bound to (`parameters`, the way such initiatives are assigned; one compiled definition per member)
 * or, for a member whose effect is not bound to an initiative parameter that allows Deny, an override (`overrides`).
 */
function denyCapable(resolver: PolicyResolver, initiative: PolicyEntry): { deny: string[]; parameters: Record<string, string>; overrides: string[] } {
  const doc = initiative.definition() as { properties?: { policyDefinitions?: unknown; parameters?: unknown } };
  const list = Array.isArray(doc.properties?.policyDefinitions) ? doc.properties.policyDefinitions as Record<string, unknown>[] : [];
  const declared = (doc.properties?.parameters ?? {}) as Record<string, { allowedValues?: unknown }>;
  const deny: string[] = [];
  const overrides: string[] = [];
  const parameters: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const m of list) {
    const ref = typeof m.policyDefinitionReferenceId === 'string' ? m.policyDefinitionReferenceId : undefined;
    const id = typeof m.policyDefinitionId === 'string' ? m.policyDefinitionId : undefined;
    if (!ref || !id) continue;
    const name = id.startsWith('<kit>/') ? id.slice('<kit>/'.length) : id;
    const def = resolver.resolve(name, { kind: 'definition' });
    if (!def || !allowedEffects(def.definition()).includes('deny')) continue;
    deny.push(ref);
    const own = effectParameter(def.definition());
    const bound = own ? Object.entries((m.parameters ?? {}) as Record<string, { value?: unknown }>).find(([k]) => k.toLowerCase() === own.toLowerCase())?.[1]?.value : undefined;
    const outer = typeof bound === 'string' ? /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i.exec(bound)?.[1] : undefined;
    const outerDecl = outer ? Object.entries(declared).find(([k]) => k.toLowerCase() === outer.toLowerCase()) : undefined;
    // The value as the parameter's allowedValues spell it (Azure compares them case-sensitively).
    const allowed = outerDecl?.[1]?.allowedValues;
    const spelled = !outerDecl ? undefined : Array.isArray(allowed) ? allowed.find((v): v is string => typeof v === 'string' && v.toLowerCase() === 'deny') : 'Deny';
    if (outerDecl && spelled) parameters[outerDecl[0]] = spelled;
    else overrides.push(ref);
  }
  return { deny, parameters, overrides };
}

/** An initiative entry whose document lists only the members in `keep` (by reference id, lower case). */
function subsetOf(entry: PolicyEntry, keep: ReadonlySet<string>): PolicyEntry {
  let doc: Record<string, unknown> | undefined;
  return {
    ...entry,
    definition: () => {
      if (!doc) {
        const full = entry.definition() as { properties?: Record<string, unknown> };
        const members = Array.isArray(full.properties?.policyDefinitions) ? full.properties.policyDefinitions as Record<string, unknown>[] : [];
        const kept = members.filter((m) => typeof m.policyDefinitionReferenceId === 'string' && keep.has(m.policyDefinitionReferenceId.toLowerCase()));
        doc = { ...full, properties: { ...full.properties, policyDefinitions: kept } };
      }
      return doc;
    },
  };
}

/** The resolver, with the subset entries in place of the initiatives they were made from. */
function withSubsets(resolver: PolicyResolver, subsets: ReadonlyMap<string, PolicyEntry>): PolicyResolver {
  return {
    resolve: (ref, options) => {
      const e = resolver.resolve(ref, options);
      return e ? subsets.get(e.id.toLowerCase()) ?? e : e;
    },
    versions: (name, kind) => resolver.versions(name, kind),
    entries: (kind) => resolver.entries(kind),
  };
}

/** The resolver chain of the check: custom folders, the kit's library, Azure's built-ins (first match wins). */
export function checkResolver(scopePath: string, folders: readonly string[]): PolicyResolver {
  const own = folders.length ? [readPolicyFolders(scopePath, folders)] : [];
  return chainResolvers(...own, kitPolicyLibrary(), builtinCatalog()) as PolicyResolver;
}

/**
 * Builds the plan: one root-scope assignment per policy. Throws GuardrailsValidationError naming `policies[i]` for a
 * policy that is not found, a parameter Azure would refuse, or `deny-capable` on a definition.
 */
export function buildCheckPlan(scopePath: string, resolver: PolicyResolver, policies: readonly PolicyPreflightPolicy[]): AssessPlan {
  const subsets = new Map<string, PolicyEntry>();
  const assignments = policies.map((p, i) => {
    const at = `policies[${i}]`;
    const entry = resolveEntry(resolver, p);
    if (!entry) {
      throw new GuardrailsValidationError(scopePath, `${at}.policy`, p.policy,
        `no ${p.kind ?? 'definition or initiative'}${p.version ? ` of version ${p.version}` : ''} of that name, id or display name in policyFolders, the kit's policies/ or Azure's built-ins`);
    }
    const overrides: unknown[] = [];
    const denyParameters: Record<string, string> = Object.create(null) as Record<string, string>;
    if (p.members === 'deny-capable') {
      if (entry.kind !== 'initiative') throw new GuardrailsValidationError(scopePath, `${at}.members`, p.members, `applies to initiatives; ${p.policy} is a definition`);
      const capable = denyCapable(resolver, entry);
      // Only the Deny-capable members are evaluated: the initiative is read with its other members left out (they
      // would be Disabled; leaving them out saves compiling them), under its own id, so reports name the real one.
      subsets.set(entry.id.toLowerCase(), subsetOf(entry, new Set(capable.deny.map((r) => r.toLowerCase()))));
      for (const [k, v] of Object.entries(capable.parameters)) if (!Object.keys(p.parameters ?? {}).some((g) => g.toLowerCase() === k.toLowerCase())) denyParameters[k] = v;
      // Azure takes at most 50 values per selector (assignment-structure.md, Overrides): one override per 50 members.
      const refs = capable.overrides;
      for (let k = 0; k < refs.length; k += 50) overrides.push({ kind: 'policyEffect', value: 'Deny', selectors: [{ kind: 'policyDefinitionReferenceId', in: refs.slice(k, k + 50) }] });
    }
    const parameters: Record<string, { value: unknown }> = Object.create(null) as Record<string, { value: unknown }>;
    for (const [k, v] of [...Object.entries(denyParameters), ...Object.entries(p.parameters ?? {})]) parameters[k] = { value: v };
    const name = `preflight-${i}`;
    return {
      id: `/providers/Microsoft.Authorization/policyAssignments/${name}`,
      name,
      properties: {
        displayName: entry.displayName ?? entry.name,
        policyDefinitionId: entry.id,
        ...(p.version ? { definitionVersion: p.version } : {}),
        parameters,
        enforcementMode: p.enforcementMode ?? 'Default',
        ...(overrides.length ? { overrides } : {}),
      },
    };
  });
  try {
    const parsed = assignments.flatMap((a, i) => parseAssignments(a, `policies[${i}]`));
    return buildAssessPlan({ resolver: subsets.size ? withSubsets(resolver, subsets) : resolver, assignments: parsed });
  } catch (e) {
    if (e instanceof AssessInputError) {
      // Assignment paths (properties.parameters.x) as the props say them (policies[i].parameters.x).
      const property = /^policies\[\d+\]/.test(e.source) ? `${e.source.replace(/\[\d+\]$/, (m) => m)}.${e.property.replace(/^properties\./, '').replace(/\.value$/, '')}` : 'policies';
      throw new GuardrailsValidationError(scopePath, property, e.value, e.allowed);
    }
    throw e;
  }
}
