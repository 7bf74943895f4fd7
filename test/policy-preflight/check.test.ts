import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AnnotationMetadataEntryType, TerraformStack, Testing } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Construct, IConstruct } from 'constructs';
import { GuardrailsValidationError } from '../../lib/core/errors';
import { warn } from '../../lib/core/annotations';
import { POLICY_PREFLIGHT_REPORT_FILES, PolicyPreflight, PolicyPreflightProps, PolicyPreflightReport } from '../../lib/policy-preflight';
import { buildBaseline, checkBaselinePolicies } from '../../stacks/baseline';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../stacks/config/load';

const SUB = '5a3d2b1c-8e7f-4a6b-9c0d-1e2f3a4b5c6d';

/** Annotations of one level on a construct (not its children). */
function annotations(c: IConstruct, level: string): string[] {
  return c.node.metadata.filter((m) => m.type === level).map((m) => String(m.data));
}
const errors = (c: IConstruct) => annotations(c, AnnotationMetadataEntryType.ERROR);
const warnings = (c: IConstruct) => annotations(c, AnnotationMetadataEntryType.WARN);
const infos = (c: IConstruct) => annotations(c, AnnotationMetadataEntryType.INFO);

function app(): { app: App; stack: TerraformStack; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-check-'));
  const a = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(a, 'workload');
  new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: SUB });
  return { app: a, stack, outdir };
}

/** An NSG that opens SSH to the internet (the kit's deny-management-ports-from-internet, with Deny). */
function openSsh(scope: Construct, id: string, source: string = 'Internet'): NetworkSecurityGroup {
  return new NetworkSecurityGroup(scope, id, {
    name: `nsg-${id.toLowerCase()}`, location: 'westeurope', resourceGroupName: 'rg-app',
    securityRule: [{ name: 'ssh', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '22', sourceAddressPrefix: source, destinationAddressPrefix: '*' }],
  });
}

function report(checker: PolicyPreflight, stack = 'workload'): PolicyPreflightReport {
  const r = checker.reports.get(stack);
  if (!r) throw new Error(`no report for ${stack}`);
  return r;
}

describe('PolicyPreflight.check: findings as annotations on the construct that made the resource', () => {
  test('Deny: an error on the resource construct, naming the policy, why it matched and how to acknowledge; app.synth fails', () => {
    const { app: a, stack } = app();
    const net = new Construct(stack, 'Network');
    const nsg = openSsh(net, 'Nsg');
    const checker = PolicyPreflight.check(a);
    Testing.synth(stack, true);
    const [error] = errors(nsg);
    expect(error).toContain('Deny: policy "Management ports should not be open to the internet on network security groups" (deny-management-ports-from-internet');
    expect(error).toContain('denies azurerm_network_security_group.Network_Nsg_');
    expect(error).toMatch(/because .*sourceAddressPrefix' "Internet" in \[/);
    expect(error).toContain("PolicyPreflight.acknowledge(<Nsg or a parent>, { id: 'deny-management-ports-from-internet'");
    expect(error).toMatch(/\[guardrails:preflight:deny\]$/);
    // Mapped to the resource construct, not the stack or the parent.
    expect(errors(net)).toEqual([]);
    expect(errors(stack)).toEqual([]);
    const f = report(checker).findings.find((x) => x.effect === 'Deny' && x.resourceType === 'Microsoft.Network/networkSecurityGroups')!;
    expect(f.constructPath).toBe('workload/Network/Nsg');
    expect(f.address).toMatch(/^azurerm_network_security_group\.Network_Nsg_[0-9A-F]{8}$/);
    expect(f.enforced).toBe(true);
  });

  test('app.synth throws on a Deny finding, after writing the report', () => {
    const { app: a, stack, outdir } = app();
    openSsh(stack, 'Nsg');
    PolicyPreflight.check(a);
    expect(() => a.synth()).toThrow(/deny-management-ports-from-internet/);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'workload', POLICY_PREFLIGHT_REPORT_FILES.json), 'utf8')) as PolicyPreflightReport;
    expect(json.findings.some((f) => f.effect === 'Deny')).toBe(true);
  });

  test('Audit: a warning; DoNotEnforce turns Deny into a warning ("would")', () => {
    const { app: a, stack } = app();
    const acr = new ContainerRegistry(stack, 'Acr', { name: 'acrapp1', location: 'westeurope', resourceGroupName: 'rg-app', sku: 'Premium', adminEnabled: true });
    PolicyPreflight.check(a, { policies: [{ policy: 'registry-guardrails', parameters: {
      quarantinePolicyEffect: 'Audit', adminUserEffect: 'Deny', anonymousPullEffect: 'Deny', publicNetworkAccessEffect: 'Audit',
      exportEffect: 'Audit', allowedImagesEffect: 'Disabled', allowedContainerImagesRegex: '^$',
    }, enforcementMode: 'DoNotEnforce' }] });
    Testing.synth(stack, true);
    expect(errors(acr)).toEqual([]);
    const w = warnings(acr);
    expect(w.find((t) => t.includes('acr-public-network-access-disabled'))).toMatch(/^Audit \(assignment not enforced: would\): policy "Container registries should have public network access disabled" .* audits azurerm_container_registry\.Acr .*publicNetworkAccess' "Enabled" notEquals "Disabled" -> true.*\[guardrails:preflight:audit\]$/);
    expect(w.find((t) => t.includes('acr-admin-user-disabled'))).toMatch(/^Deny \(assignment not enforced: would\): .*adminUserEnabled' true equals true/);
  });

  test('undetermined: an info naming the values known only after apply', () => {
    const { app: a, stack } = app();
    const ip = new PublicIp(stack, 'Ip', { name: 'pip', location: 'westeurope', resourceGroupName: 'rg-app', allocationMethod: 'Static', sku: 'Standard' });
    const nsg = openSsh(stack, 'Nsg', ip.ipAddress);
    const checker = PolicyPreflight.check(a);
    Testing.synth(stack, true);
    expect(errors(nsg)).toEqual([]);
    const info = infos(nsg).find((t) => t.startsWith('undetermined'));
    expect(info).toMatch(/^undetermined: policy "Management ports should not be open to the internet on network security groups" \(deny-management-ports-from-internet.*\) would Deny azurerm_network_security_group\.Nsg if values known only after apply match: .*sourceAddressPrefix/i);
    const u = report(checker).undetermined.find((x) => x.policy === 'deny-management-ports-from-internet')!;
    expect(u.constructPath).toBe('workload/Nsg');
    expect(u.paths.join(' ')).toMatch(/sourceAddressPrefix/i);
  });

  test('custom definition folders and built-ins by display name; initiative parameters flow to the members', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-policies-'));
    fs.writeFileSync(path.join(dir, 'audit-rg-location.json'), JSON.stringify({
      name: 'audit-rg-location',
      properties: {
        displayName: 'Resource groups only in allowed regions', mode: 'All',
        parameters: { allowed: { type: 'Array' }, effect: { type: 'String', allowedValues: ['Audit', 'Deny', 'Disabled'], defaultValue: 'Audit' } },
        policyRule: { if: { allOf: [{ field: 'type', equals: 'Microsoft.Resources/resourceGroups' }, { field: 'location', notIn: "[parameters('allowed')]" }] }, then: { effect: "[parameters('effect')]" } },
      },
    }));
    const { app: a, stack } = app();
    const rg = new ResourceGroup(stack, 'Rg', { name: 'rg-app', location: 'eastus' });
    const ok = new ResourceGroup(stack, 'RgOk', { name: 'rg-ok', location: 'westeurope' });
    const checker = PolicyPreflight.check(a, { policyFolders: [dir], policies: [{ policy: 'audit-rg-location', parameters: { allowed: ['westeurope'] } }] });
    Testing.synth(stack, true);
    expect(warnings(rg)).toEqual([expect.stringMatching(/^Audit: policy "Resource groups only in allowed regions" \(audit-rg-location\) audits azurerm_resource_group\.Rg .*location' "eastus" notIn \["westeurope"\]/)]);
    expect(warnings(ok)).toEqual([]);
    expect(report(checker).policies.map((p) => p.policy)).toEqual(['audit-rg-location']);
  });

  test('MCSB by display name, deny-capable members assigned with Deny, the rest disabled', () => {
    const { app: a, stack } = app();
    new ContainerRegistry(stack, 'Acr', { name: 'acrapp1', location: 'westeurope', resourceGroupName: 'rg-app', sku: 'Premium' });
    const checker = PolicyPreflight.check(a, { policies: [{ policy: 'Microsoft cloud security benchmark', members: 'deny-capable' }] });
    Testing.synth(stack, true);
    const r = report(checker);
    const effects = new Set(r.findings.map((f) => f.effect));
    expect([...effects]).toEqual(['Deny']);
    // Container registries should be encrypted with a customer-managed key: allows Deny, assigned with Deny.
    expect(r.findings.map((f) => f.policy)).toContain('5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580');
    expect(r.assignments[0].definitionId).toBe('/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8');
  });
});

describe('acknowledgements', () => {
  test('on a parent construct: covers the subtree; the report lists the finding as acknowledged, with the reason', () => {
    const { app: a, stack } = app();
    const net = new Construct(stack, 'Network');
    const nsg = openSsh(net, 'Nsg');
    const other = openSsh(stack, 'Other');
    PolicyPreflight.acknowledge(net, { id: 'deny-management-ports-from-internet', reason: 'break-glass SSH until the Bastion lands', expires: '2999-12-31' });
    const checker = PolicyPreflight.check(a);
    Testing.synth(stack, true);
    expect(errors(nsg)).toEqual([]);
    expect(infos(nsg).join('\n')).toContain('acknowledged on workload/Network until 2999-12-31 (break-glass SSH until the Bastion lands) [guardrails:preflight:acknowledged]');
    expect(errors(other).length).toBeGreaterThan(0); // outside the subtree
    const r = report(checker);
    const ack = r.exempted.filter((x) => 'acknowledgement' in x);
    expect(ack.length).toBeGreaterThan(0);
    expect(ack[0]).toMatchObject({ constructPath: 'workload/Network/Nsg', policy: 'deny-management-ports-from-internet', acknowledgement: { reason: 'break-glass SSH until the Bastion lands', constructPath: 'workload/Network', expires: '2999-12-31' } });
    expect(r.findings.every((f) => f.constructPath !== 'workload/Network/Nsg')).toBe(true);
  });

  test('SARIF: an acknowledged finding is a suppressed result whose justification is the reason', () => {
    const { app: a, stack, outdir } = app();
    const acr = new ContainerRegistry(stack, 'Acr', { name: 'acrapp1', location: 'westeurope', resourceGroupName: 'rg-app', sku: 'Premium' });
    PolicyPreflight.acknowledge(acr, { id: 'acr-public-network-access-disabled', reason: 'public until the private endpoint lands' });
    PolicyPreflight.check(a);
    a.synth();
    const sarif = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'workload', POLICY_PREFLIGHT_REPORT_FILES.sarif), 'utf8')) as { runs: { results: { ruleId: string; suppressions?: { kind: string; justification: string }[] }[] }[] };
    const suppressed = sarif.runs[0].results.filter((r) => r.suppressions);
    expect(suppressed).toEqual([expect.objectContaining({ ruleId: 'acr-public-network-access-disabled', suppressions: [{ kind: 'inSource', justification: 'acknowledged on workload/Acr: public until the private endpoint lands' }] })]);
  });

  test('an expired acknowledgement is an error naming it, and no longer acknowledges', () => {
    const { app: a, stack } = app();
    const nsg = openSsh(stack, 'Nsg');
    PolicyPreflight.acknowledge(nsg, { id: 'deny-management-ports-from-internet', reason: 'temporary', expires: '2020-01-31' });
    PolicyPreflight.check(a);
    Testing.synth(stack, true);
    const e = errors(nsg);
    expect(e).toContainEqual(expect.stringMatching(/^acknowledgement of deny-management-ports-from-internet expired on 2020-01-31 \(reason given: temporary\)/));
    expect(e.some((t) => t.startsWith('Deny: '))).toBe(true);
  });

  test("the kit's own warnings by their stable id: before or after the warning, as an info with the reason", () => {
    const { app: a, stack } = app();
    const early = new Construct(stack, 'Early');
    warn(early, 'guardrails:registry:quarantine-off', 'quarantine is off');
    const late = new Construct(stack, 'Late');
    PolicyPreflight.acknowledge(late, { id: 'guardrails:registry:quarantine-off', reason: 'dev registry, no scanner' });
    warn(late, 'guardrails:registry:quarantine-off', 'quarantine is off');
    PolicyPreflight.acknowledge(early, { id: 'guardrails:registry:quarantine-off', reason: 'dev registry' });
    expect(warnings(early)).toEqual(['quarantine is off [guardrails:registry:quarantine-off]']);
    PolicyPreflight.check(a, { enabled: false });
    Testing.synth(stack, true);
    for (const [c, reason] of [[early, 'dev registry'], [late, 'dev registry, no scanner']] as const) {
      expect(warnings(c)).toEqual([]);
      expect(infos(c)).toEqual([`acknowledged on ${c.node.path} (${reason}): quarantine is off [guardrails:registry:quarantine-off]`]);
    }
  });

  test.each([
    [{ id: 'Storage accounts should restrict network access', reason: 'x' }, /acknowledgement\.id "Storage accounts should restrict network access": expected a policy definition name/],
    [{ id: 'guardrails:registry:no-such-warning', reason: 'x' }, /acknowledgement\.id "guardrails:registry:no-such-warning": not a warning id the kit emits/],
    [{ id: 'acr-admin-user-disabled', reason: '  ' }, /acknowledgement\.reason " {2}": expected a non-empty reason/],
    [{ id: 'acr-admin-user-disabled', reason: 'x', expires: '12/31/2026' }, /acknowledgement\.expires "12\/31\/2026": expected a date YYYY-MM-DD/],
    [{ id: 'acr-admin-user-disabled', reason: 'x', expires: '2026-02-30' }, /acknowledgement\.expires "2026-02-30": 2026-02-30 is not a calendar date/],
    [{ id: 'acr-admin-user-disabled', reason: 'x', expires: '2026-06-30T12:00:00' }, /acknowledgement\.expires "2026-06-30T12:00:00": expected a date/],
  ])('bad acknowledgement %j is a GuardrailsValidationError naming the property and value', (ack, message) => {
    const { stack } = app();
    expect(() => PolicyPreflight.acknowledge(stack, ack)).toThrow(GuardrailsValidationError);
    expect(() => PolicyPreflight.acknowledge(stack, ack)).toThrow(message);
  });

  test('accepted forms: GUID, full id, kit id, date and date-time', () => {
    const { stack } = app();
    expect(() => PolicyPreflight.acknowledge(stack, [
      { id: '5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580', reason: 'a' },
      { id: '/providers/Microsoft.Authorization/policyDefinitions/acr-admin-user-disabled', reason: 'b', expires: '2030-01-01T00:00:00Z' },
      { id: 'guardrails:registry:public-network-access', reason: 'c', expires: '2030-01-01' },
    ])).not.toThrow();
    // The full id and the name are one policy.
    expect(() => PolicyPreflight.acknowledge(stack, { id: 'acr-admin-user-disabled', reason: 'd' })).toThrow(/already acknowledged on this construct/);
  });
});

describe('reports in the synth output', () => {
  test('per stack: JSON ScanReport and SARIF, with construct path and Terraform address per finding', () => {
    const { app: a, stack, outdir } = app();
    const second = new TerraformStack(a, 'second');
    new AzurermProvider(second, 'azurerm', { features: [{}], subscriptionId: SUB });
    new ContainerRegistry(stack, 'Acr', { name: 'acrapp1', location: 'westeurope', resourceGroupName: 'rg-app', sku: 'Premium' });
    new ResourceGroup(second, 'Rg', { name: 'rg', location: 'westeurope' });
    PolicyPreflight.check(a);
    a.synth();
    for (const s of ['workload', 'second']) {
      const dir = path.join(outdir, 'stacks', s);
      expect(fs.readdirSync(dir).sort()).toEqual(['cdk.tf.json', 'policy-preflight.json', 'policy-preflight.sarif']);
    }
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'workload', 'policy-preflight.json'), 'utf8')) as PolicyPreflightReport;
    expect(json).toMatchObject({ schemaVersion: 1, stack: 'workload', complete: true, resources: 1 });
    expect(json.findings.length).toBeGreaterThan(0);
    for (const f of json.findings) expect(f).toMatchObject({ constructPath: 'workload/Acr', address: expect.stringMatching(/^azurerm_container_registry\.Acr/) });
    const sarif = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'workload', 'policy-preflight.sarif'), 'utf8')) as { version: string; runs: { results: { locations: { logicalLocations: { fullyQualifiedName: string; name: string }[] }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const logical = sarif.runs[0].results[0].locations[0].logicalLocations;
    expect(logical.map((l) => l.name)).toEqual(expect.arrayContaining(['terraform address', 'cdktf construct path']));
    expect(logical.find((l) => l.name === 'cdktf construct path')!.fullyQualifiedName).toBe('workload/Acr');
  });

  test('SARIF: each result points at the stack\'s cdk.tf.json, relative to the working folder when the output is in it', () => {
    const { app: a, stack, outdir } = app();
    new ContainerRegistry(stack, 'Acr', { name: 'acrapp1', location: 'westeurope', resourceGroupName: 'rg-app', sku: 'Premium' });
    PolicyPreflight.check(a);
    const cwd = process.cwd();
    try {
      process.chdir(path.dirname(outdir));
      a.synth();
    } finally {
      process.chdir(cwd);
    }
    type Sarif = { runs: { results: { locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }[] }[] };
    const sarif = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'workload', 'policy-preflight.sarif'), 'utf8')) as Sarif;
    const uris = new Set(sarif.runs[0].results.map((r) => r.locations[0].physicalLocation?.artifactLocation.uri));
    expect([...uris]).toEqual([`${path.basename(outdir)}/stacks/workload/cdk.tf.json`]);
    expect(fs.existsSync(path.join(path.dirname(outdir), [...uris][0]!))).toBe(true);
  });

  test('a policy that cannot be evaluated fails the synth naming it (never a silent pass), and the report says so', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-broken-'));
    fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify({
      name: 'broken-int', properties: {
        displayName: 'int() of a name', mode: 'All',
        policyRule: { if: { allOf: [{ field: 'type', equals: 'Microsoft.ContainerRegistry/registries' }, { value: "[int(field('name'))]", equals: 1 }] }, then: { effect: 'deny' } },
      },
    }));
    const { app: a, stack } = app();
    const acr = new ContainerRegistry(stack, 'Acr', { name: 'crx', location: 'westeurope', resourceGroupName: 'rg-app', sku: 'Premium' });
    const checker = PolicyPreflight.check(a, { policyFolders: [dir], policies: ['broken-int'] });
    Testing.synth(stack, true);
    expect(errors(acr)).toEqual([expect.stringMatching(/^policy check incomplete: policy broken-int could not be evaluated on azurerm_container_registry\.Acr.*int\(\).*\[guardrails:preflight:error\]$/)]);
    expect(report(checker)).toMatchObject({ complete: false, findings: [] });
  });

  test('enabled: false evaluates nothing and writes no report', () => {
    const { app: a, stack, outdir } = app();
    openSsh(stack, 'Nsg');
    const checker = PolicyPreflight.check(a, { enabled: false });
    a.synth();
    expect(checker.reports.size).toBe(0);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'workload', 'policy-preflight.json'))).toBe(false);
  });
});

describe('props validation', () => {
  test.each<[PolicyPreflightProps, RegExp]>([
    [{ policies: [] }, /invalid policies \[\]: expected a non-empty list/],
    [{ policies: [{ policy: 'registry-guardrails', members: 'all' as never }] }, /invalid policies\[0\]\.members "all": .*"assigned" or "deny-capable"/],
    [{ reports: ['html' as never] }, /invalid reports\[0\] "html"/],
  ])('%j', (props, message) => {
    const { app: a } = app();
    expect(() => PolicyPreflight.check(a, props)).toThrow(message);
  });

  test('a policy that does not resolve is named at the first synth', () => {
    const { app: a, stack } = app();
    PolicyPreflight.check(a, { policies: ['no-such-policy'] });
    expect(() => Testing.synth(stack, true)).toThrow(/invalid policies\[0\]\.policy "no-such-policy": no definition or initiative/);
  });

  test('a stack created after the check fails app validation', () => {
    const { app: a } = app();
    PolicyPreflight.check(a, { enabled: false });
    new TerraformStack(a, 'late');
    expect(() => a.synth()).toThrow(/late: created after PolicyPreflight.check\(app\)/);
  });
});

describe('the reference app dogfoods the check', () => {
  test('the embedded default config synthesizes with zero Deny findings; its exceptions are acknowledged with reasons', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-reference-'));
    const a = new App({ outdir, stackTraces: false });
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    const baseline = buildBaseline(a, config);
    expect(checkBaselinePolicies(a, config)).toBeInstanceOf(PolicyPreflight);
    a.synth();
    const stacks = [...baseline.subscriptions, ...(baseline.managementGroup ? [baseline.managementGroup] : [])].map((s) => s.node.id);
    let evaluated = 0;
    const acknowledged: string[] = [];
    for (const s of stacks) {
      const r = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, POLICY_PREFLIGHT_REPORT_FILES.json), 'utf8')) as PolicyPreflightReport;
      expect(r.findings.filter((f) => f.effect === 'Deny')).toEqual([]);
      expect(r.errors).toEqual([]);
      expect(r.skipped).toEqual([]);
      evaluated += r.resources;
      for (const x of r.exempted) if ('acknowledgement' in x) acknowledged.push(`${x.policy} ${(x as { acknowledgement: { reason: string } }).acknowledgement.reason}`);
      // The policies evaluated: the kit's two gate initiatives and MCSB.
      expect(r.assignments.map((x) => x.displayName)).toEqual([
        expect.stringMatching(/^Network access guardrails/), expect.stringMatching(/^Registry guardrails/), 'Microsoft cloud security benchmark']);
    }
    expect(evaluated).toBeGreaterThan(50);
    // Sentinel rules and saved searches have no translation: said on the stack, never counted compliant.
    const management = baseline.subscriptions.find((s) => s.node.id === 'management')!;
    expect(infos(management)).toContainEqual(expect.stringMatching(/^\d+ resource\(s\) not translated, so not evaluated by the policy check: .*azurerm_sentinel_alert_rule_scheduled x\d+.*\[guardrails:preflight:not-translated\]$/));
    expect(acknowledged).toEqual(expect.arrayContaining([
      expect.stringMatching(/^8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54 flow-log storage keeps shared key access/),
      expect.stringMatching(/^5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580 no customer-managed key in the config/),
    ]));
  });

  test('policyCheck.enabled: false turns it off', () => {
    const a = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-off-')) });
    const config = { ...loadConfig(DEFAULT_CONFIG_PATH), policyCheck: { enabled: false } };
    buildBaseline(a, config);
    expect(checkBaselinePolicies(a, config)).toBeUndefined();
  });
});
