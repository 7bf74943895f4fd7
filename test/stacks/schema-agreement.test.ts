/**
 * Issue 11 item 11: the config schema (stacks/config/schema.json, which the loader checks every config against) and
 * the config types (stacks/config/types.ts, from which the stacks pass values to the constructs) must not disagree:
 * every object of the config has the same property names in both, the same required ones, and the same closed sets
 * of string values. The types are read from the type checker; union members (`boolean | {...}`, discriminated
 * unions) are merged: a property is required when every member that has properties requires it.
 */
import * as path from 'path';
import * as ts from 'typescript';
import * as fs from 'fs';
import { GuardrailsValidationError } from '../../lib/core/errors';
import { QuarantinedContainerRegistry } from '../../lib/registry';
import { ConfigError, DEFAULT_CONFIG_PATH, parseConfig } from '../../stacks/config/load';
import schema from '../../stacks/config/schema.json';
import { inFreshStack } from '../helpers/construct';

interface Shape {
  /** Property names per object path (`subscriptions[].registry`), with required-ness. */
  readonly objects: Map<string, Map<string, boolean>>;
  /** Closed string sets per value path. */
  readonly enums: Map<string, string[]>;
}

function emptyShape(): Shape {
  return { objects: new Map(), enums: new Map() };
}

function addObject(shape: Shape, at: string, props: Map<string, boolean>): void {
  const existing = shape.objects.get(at);
  if (!existing) {
    shape.objects.set(at, props);
    return;
  }
  // Another union member at the same path: the union of names, required only where both require.
  for (const [k, req] of props) existing.set(k, existing.has(k) ? existing.get(k)! && req : false);
  for (const k of existing.keys()) if (!props.has(k)) existing.set(k, false);
}

function fromTypes(): Shape {
  const file = path.resolve(__dirname, '..', '..', 'stacks', 'config', 'types.ts');
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true, resolveJsonModule: true, esModuleInterop: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.getName() === 'BaselineConfig')!;
  const shape = emptyShape();
  const walk = (type: ts.Type, at: string, depth: number): void => {
    if (depth > 12) return;
    const t = checker.getNonNullableType(type);
    const parts = t.isUnion() ? t.types : [t];
    const literals = parts.filter((p) => p.isStringLiteral()).map((p) => (p as ts.StringLiteralType).value);
    if (literals.length > 0 && parts.every((p) => p.isStringLiteral() || (p.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) !== 0 || (p.flags & ts.TypeFlags.Object) !== 0)) {
      shape.enums.set(at, [...new Set([...(shape.enums.get(at) ?? []), ...literals])].sort());
    }
    for (const part of parts) {
      if (checker.isArrayType(part) || checker.isTupleType(part)) {
        walk(checker.getTypeArguments(part as ts.TypeReference)[0], `${at}[]`, depth + 1);
        continue;
      }
      // Objects, and intersections of objects (`Omit<Props, ...> & {...}`); `true & {...}` (from `boolean | X` inside
      // an intersection) is the boolean member, not an object.
      if (part.isIntersection() && part.types.some((p) => !(p.flags & ts.TypeFlags.Object))) continue;
      if (!(part.flags & ts.TypeFlags.Object) && !part.isIntersection()) continue;
      const index = part.getStringIndexType();
      if (index) walk(index, `${at}.*`, depth + 1);
      const members = part.getProperties();
      if (members.length === 0) continue;
      const props = new Map<string, boolean>();
      for (const m of members) {
        props.set(m.getName(), !(m.flags & ts.SymbolFlags.Optional));
        const decl = m.valueDeclaration ?? m.declarations?.[0];
        if (decl) walk(checker.getTypeOfSymbolAtLocation(m, decl), at ? `${at}.${m.getName()}` : m.getName(), depth + 1);
      }
      addObject(shape, at, props);
    }
  };
  walk(checker.getDeclaredTypeOfSymbol(symbol), '', 0);
  return shape;
}

type Node = Record<string, unknown>;

function fromSchema(): Shape {
  const root = schema as unknown as Node;
  const resolve = (n: Node): Node => {
    const ref = n.$ref as string | undefined;
    return ref ? resolve((root.definitions as Record<string, Node>)[ref.replace('#/definitions/', '')]) : n;
  };
  const shape = emptyShape();
  const walk = (node: Node, at: string, depth: number): void => {
    if (depth > 14) return;
    const n = resolve(node);
    for (const key of ['oneOf', 'anyOf', 'allOf']) for (const alt of (n[key] as Node[] | undefined) ?? []) walk(alt, at, depth + 1);
    if (Array.isArray(n.enum) && n.enum.every((v) => typeof v === 'string')) shape.enums.set(at, [...new Set([...(shape.enums.get(at) ?? []), ...(n.enum as string[])])].sort());
    if (typeof n.const === 'string') shape.enums.set(at, [...(shape.enums.get(at) ?? []), n.const as string].sort());
    if (n.items) walk(n.items as Node, `${at}[]`, depth + 1);
    if (n.additionalProperties && typeof n.additionalProperties === 'object') walk(n.additionalProperties as Node, `${at}.*`, depth + 1);
    if (n.properties) {
      const required = new Set((n.required as string[] | undefined) ?? []);
      const props = new Map<string, boolean>();
      for (const [k, v] of Object.entries(n.properties as Record<string, Node>)) {
        if (at === '' && k === '$schema') continue;
        props.set(k, required.has(k));
        walk(v, at ? `${at}.${k}` : k, depth + 1);
      }
      addObject(shape, at, props);
    }
  };
  walk(root, '', 0);
  return shape;
}

/**
 * Disagreements known when this test was written, outside the areas it was written for: the schema leaves the
 * Defender plan, extension and connector settings open (DefenderForCloud validates them, and its errors are reported
 * with their JSON paths: test/stacks/config-errors.test.ts), and the Sentinel entries below differ in shape. The lists
 * are exact: a new disagreement fails, and so does fixing one of these without removing it here.
 */
const KNOWN_PROPERTY_DISAGREEMENTS: readonly string[] = [
  "managementGroup.onboarding.defender.plans[].extensions[].capGbPerMonthPerStorageAccount: only in the types",
  "managementGroup.onboarding.defender.plans[].extensions[].unsafeAdditionalProperties: only in the types",
  "managementGroup.onboarding.defender.plans[].extensions[].workspaceId: only in the types",
  "siem.privateAccess.privateDnsZoneIds: only in the schema",
  "siem.sentinel.detections.detections.defenderPlanDowngrade: only in the schema",
  "siem.sentinel.detections.detections.managementFromUnexpectedCountry: only in the schema",
  "siem.sentinel.detections.detections.policyProtectionRemoved: only in the schema",
  "siem.sentinel.detections.detections.privilegedRoleChange: only in the schema",
  "siem.sentinel.detections.detections.siemLoggingRemoved: only in the schema",
  "siem.sentinel.detections.detections.signInToDisabledAccount: only in the schema",
  "siem.sentinel.incidents.defenderXdr: only in the types",
  "subscriptions[].defender.awsConnectors[].name: only in the types",
  "subscriptions[].defender.awsConnectors[].offerings[]: only in the types",
  "subscriptions[].defender.awsConnectors[].regions: only in the types",
  "subscriptions[].defender.gcpConnectors[].name: only in the types",
  "subscriptions[].defender.gcpConnectors[].offerings: only in the types",
  "subscriptions[].defender.gcpConnectors[].offerings[]: only in the types",
  "subscriptions[].defender.gcpConnectors[].projectNumber: only in the types",
  "subscriptions[].defender.plans[].extensions[].capGbPerMonthPerStorageAccount: only in the types",
  "subscriptions[].defender.plans[].extensions[].unsafeAdditionalProperties: only in the types",
  "subscriptions[].defender.plans[].extensions[].workspaceId: only in the types"
];
const KNOWN_ENUM_DISAGREEMENTS: readonly string[] = [
  "managementGroup.onboarding.defender.plans[].extensions[].name: types [\"AIPromptEvidence\",\"AgentlessDiscoveryForKubernetes\",\"AgentlessVmScanning\",\"ApiPosture\",\"ContainerIntegrityContribution\",\"ContainerRegistriesVulnerabilityAssessments\",\"ContainerSensor\",\"EntraPermissionsManagement\",\"FileIntegrityMonitoring\",\"MdeDesignatedSubscription\",\"OnUploadMalwareScanning\",\"SensitiveDataDiscovery\"], schema undefined",
  "managementGroup.onboarding.defender.plans[].extensions[]: types [\"AIPromptEvidence\",\"AgentlessDiscoveryForKubernetes\",\"AgentlessVmScanning\",\"ApiPosture\",\"ContainerIntegrityContribution\",\"ContainerRegistriesVulnerabilityAssessments\",\"ContainerSensor\",\"EntraPermissionsManagement\",\"FileIntegrityMonitoring\",\"MdeDesignatedSubscription\",\"OnUploadMalwareScanning\",\"SensitiveDataDiscovery\"], schema undefined",
  "managementGroup.onboarding.defender.plans[].plan: types [\"AI\",\"Api\",\"AppServices\",\"Arm\",\"CloudPosture\",\"Containers\",\"CosmosDbs\",\"KeyVaults\",\"OpenSourceRelationalDatabases\",\"SqlServerVirtualMachines\",\"SqlServers\",\"StorageAccounts\",\"VirtualMachines\"], schema [\"AI\",\"Api\",\"AppServices\",\"Arm\",\"CloudPosture\",\"ContainerRegistry\",\"Containers\",\"CosmosDbs\",\"Dns\",\"KeyVaults\",\"KubernetesService\",\"OpenSourceRelationalDatabases\",\"SqlServerVirtualMachines\",\"SqlServers\",\"StorageAccounts\",\"VirtualMachines\"]",
  "managementGroup.onboarding.defender.plans[].subPlan: types [\"DefenderForStorageV2\",\"P1\",\"P2\",\"P3\",\"P4\",\"P5\",\"PerKeyVault\",\"PerSubscription\"], schema undefined",
  "siem.sentinel.detections.detections.defenderPlanDowngrade.severity: types undefined, schema [\"High\",\"Informational\",\"Low\",\"Medium\"]",
  "siem.sentinel.detections.detections.managementFromUnexpectedCountry.severity: types undefined, schema [\"High\",\"Informational\",\"Low\",\"Medium\"]",
  "siem.sentinel.detections.detections.policyProtectionRemoved.severity: types undefined, schema [\"High\",\"Informational\",\"Low\",\"Medium\"]",
  "siem.sentinel.detections.detections.privilegedRoleChange.severity: types undefined, schema [\"High\",\"Informational\",\"Low\",\"Medium\"]",
  "siem.sentinel.detections.detections.siemLoggingRemoved.severity: types undefined, schema [\"High\",\"Informational\",\"Low\",\"Medium\"]",
  "siem.sentinel.detections.detections.signInToDisabledAccount.severity: types undefined, schema [\"High\",\"Informational\",\"Low\",\"Medium\"]",
  "subscriptions[].defender.awsConnectors[].offerings[].offering: types [\"CspmMonitorAws\",\"DefenderForContainersAws\",\"DefenderForDatabasesAws\",\"DefenderForServersAws\"], schema undefined",
  "subscriptions[].defender.awsConnectors[].offerings[].subPlan: types [\"P1\",\"P2\"], schema undefined",
  "subscriptions[].defender.gcpConnectors[].offerings[].offering: types [\"CspmMonitorGcp\",\"DefenderForContainersGcp\",\"DefenderForDatabasesGcp\",\"DefenderForServersGcp\"], schema undefined",
  "subscriptions[].defender.gcpConnectors[].offerings[].subPlan: types [\"P1\",\"P2\"], schema undefined",
  "subscriptions[].defender.plans[].extensions[].name: types [\"AIPromptEvidence\",\"AgentlessDiscoveryForKubernetes\",\"AgentlessVmScanning\",\"ApiPosture\",\"ContainerIntegrityContribution\",\"ContainerRegistriesVulnerabilityAssessments\",\"ContainerSensor\",\"EntraPermissionsManagement\",\"FileIntegrityMonitoring\",\"MdeDesignatedSubscription\",\"OnUploadMalwareScanning\",\"SensitiveDataDiscovery\"], schema undefined",
  "subscriptions[].defender.plans[].extensions[]: types [\"AIPromptEvidence\",\"AgentlessDiscoveryForKubernetes\",\"AgentlessVmScanning\",\"ApiPosture\",\"ContainerIntegrityContribution\",\"ContainerRegistriesVulnerabilityAssessments\",\"ContainerSensor\",\"EntraPermissionsManagement\",\"FileIntegrityMonitoring\",\"MdeDesignatedSubscription\",\"OnUploadMalwareScanning\",\"SensitiveDataDiscovery\"], schema undefined",
  "subscriptions[].defender.plans[].plan: types [\"AI\",\"Api\",\"AppServices\",\"Arm\",\"CloudPosture\",\"Containers\",\"CosmosDbs\",\"KeyVaults\",\"OpenSourceRelationalDatabases\",\"SqlServerVirtualMachines\",\"SqlServers\",\"StorageAccounts\",\"VirtualMachines\"], schema [\"AI\",\"Api\",\"AppServices\",\"Arm\",\"CloudPosture\",\"ContainerRegistry\",\"Containers\",\"CosmosDbs\",\"Dns\",\"KeyVaults\",\"KubernetesService\",\"OpenSourceRelationalDatabases\",\"SqlServerVirtualMachines\",\"SqlServers\",\"StorageAccounts\",\"VirtualMachines\"]",
  "subscriptions[].defender.plans[].subPlan: types [\"DefenderForStorageV2\",\"P1\",\"P2\",\"P3\",\"P4\",\"P5\",\"PerKeyVault\",\"PerSubscription\"], schema undefined"
];

describe('config schema and config types agree (issue 11 item 11)', () => {
  const types = fromTypes();
  const json = fromSchema();

  test('the same objects, with the same property names and the same required ones', () => {
    const problems: string[] = [];
    for (const at of new Set([...types.objects.keys(), ...json.objects.keys()])) {
      const t = types.objects.get(at);
      const s = json.objects.get(at);
      if (!t || !s) {
        problems.push(`${at || '$'}: only in the ${t ? 'types' : 'schema'}`);
        continue;
      }
      for (const k of new Set([...t.keys(), ...s.keys()])) {
        if (!t.has(k)) problems.push(`${at}.${k}: only in the schema`);
        else if (!s.has(k)) problems.push(`${at}.${k}: only in the types`);
        else if (t.get(k) !== s.get(k)) problems.push(`${at}.${k}: required in the ${t.get(k) ? 'types' : 'schema'} only`);
      }
    }
    expect(problems.sort()).toEqual([...KNOWN_PROPERTY_DISAGREEMENTS].sort());
  });

  test('the same closed sets of string values', () => {
    const problems: string[] = [];
    for (const at of new Set([...types.enums.keys(), ...json.enums.keys()])) {
      const t = types.enums.get(at);
      const s = json.enums.get(at);
      if (JSON.stringify(t) !== JSON.stringify(s)) problems.push(`${at}: types ${JSON.stringify(t)}, schema ${JSON.stringify(s)}`);
    }
    expect(problems.sort()).toEqual([...KNOWN_ENUM_DISAGREEMENTS].sort());
  });

  test('the schema enforces the ranges the registry construct enforces (retention, names)', () => {
    const probe = (edit: (registry: Record<string, unknown>) => void): { schema: boolean; construct: boolean } => {
      const config = JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
      edit(config.subscriptions[1].registry);
      let schemaOk = true;
      try {
        parseConfig(config, 'probe.json');
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        schemaOk = false;
      }
      let constructOk = true;
      try {
        inFreshStack((stack) => new QuarantinedContainerRegistry(stack, 'R', { ...config.subscriptions[1].registry, location: 'westeurope' }));
      } catch (e) {
        if (!(e instanceof GuardrailsValidationError)) throw e;
        constructOk = false;
      }
      return { schema: schemaOk, construct: constructOk };
    };
    const cases: [string, (r: Record<string, unknown>) => void][] = [
      ['retentionDays 0', (r) => { r.retentionDays = 0; }], ['retentionDays 1', (r) => { r.retentionDays = 1; }],
      ['retentionDays 365', (r) => { r.retentionDays = 365; }], ['retentionDays 366', (r) => { r.retentionDays = 366; }],
      ['name of 4', (r) => { r.name = 'abcd'; }], ['name of 5', (r) => { r.name = 'abcde'; }],
      ['name of 50', (r) => { r.name = 'a'.repeat(50); }], ['name of 51', (r) => { r.name = 'a'.repeat(51); }],
      ['name with "-"', (r) => { r.name = 'cr-contoso'; }],
      ['quarantine name of 4', (r) => { r.quarantineRegistryName = 'abcd'; }], ['quarantine name of 51', (r) => { r.quarantineRegistryName = 'q'.repeat(51); }],
    ];
    const disagree = cases.map(([label, edit]) => ({ label, ...probe(edit) })).filter((c) => c.schema !== c.construct);
    expect(disagree).toEqual([]);
  });
});
