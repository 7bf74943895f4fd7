import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { CliIo } from '../../lib/cli/io';
import { main } from '../../lib/cli/main';
import { builtinCatalog } from '../../lib/policy-engine';
import { LIMITS } from '../../lib/preflight';
import { run } from '../cli/helpers';
import { FIXTURES } from './helpers';

const CLI = path.join(FIXTURES, 'cli');
const POLICIES = path.join(__dirname, '..', '..', 'policies', 'definitions');

interface Report {
  schemaVersion: number;
  complete: boolean;
  findings: { policy: string; effect: string; address?: string; file?: string; line?: number; constructPath?: string; reason?: string; resourceId: string }[];
  undetermined: { policy: string; effect: string; address?: string; paths: string[]; reasons: string[] }[];
  notTranslated: { address: string; type: string }[];
  notes?: { address?: string; message: string }[];
}

async function scan(target: string, ...extra: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await run(['scan', '--terraform', target, '--policies', POLICIES, '--format', 'json', ...extra], { cwd: CLI });
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

describe('guardrails scan --terraform', () => {
  it('a Terraform JSON configuration: findings carry the address, file and line; unmapped types are listed', async () => {
    const { code, report } = await scan('main.tf.json');
    expect(code).toBe(1);
    expect(report.schemaVersion).toBe(1);
    const byPolicy = (p: string) => report.findings.filter((f) => f.policy === p).map((f) => f.address);
    expect(byPolicy('deny-management-ports-from-internet')).toEqual(['azurerm_network_security_group.nsg', 'azurerm_network_security_group.nsg']); // the NSG and its inline rule as a child
    expect(byPolicy('acr-export-disabled')).toEqual(['azurerm_container_registry.open']);
    expect(byPolicy('acr-admin-user-disabled')).toEqual([]); // var.admin defaults to false
    const f = report.findings.find((x) => x.policy === 'acr-export-disabled')!;
    expect(f).toMatchObject({ effect: 'Audit', file: 'main.tf.json', line: 6, resourceId: '/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/rg-app/providers/Microsoft.ContainerRegistry/registries/cropen' });
    expect(f.reason).toMatch(/exportPolicy/i);
    expect(report.notTranslated).toEqual([{ address: 'azurerm_orbital_spacecraft.k', type: 'azurerm_orbital_spacecraft' }]);
    expect(report.complete).toBe(false);
  });

  it('a rule whose source address is known only after apply is undetermined, never a pass or a finding', async () => {
    const { report } = await scan('main.tf.json');
    const u = report.undetermined.filter((x) => x.address === 'azurerm_network_security_rule.unknown_source');
    expect(u).toEqual([expect.objectContaining({ policy: 'deny-management-ports-from-internet', effect: 'Deny', paths: expect.arrayContaining(['Microsoft.Network/networkSecurityGroups/securityRules/sourceAddressPrefix']) })]);
    expect(report.findings.some((x) => x.address === 'azurerm_network_security_rule.unknown_source')).toBe(false);
  });

  it('--var sets a root variable', async () => {
    const { report } = await scan('main.tf.json', '--var', 'admin=true');
    expect(report.findings.filter((f) => f.policy === 'acr-admin-user-disabled').map((f) => f.address)).toEqual(['azurerm_container_registry.open']);
  });

  it('a cdktf synth folder: every stack of the manifest, with construct paths', async () => {
    const { code, report } = await scan('cdktf.out');
    expect(code).toBe(1);
    const f = report.findings.find((x) => x.policy === 'deny-bastion-shareable-links')!;
    expect(f).toMatchObject({ effect: 'Deny', address: 'azurerm_bastion_host.Bastion_Host_0AB1', constructPath: 'app/Bastion/Host', file: path.join('cdktf.out', 'stacks', 'app', 'cdk.tf.json') });
    expect(report.notTranslated).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it('a plan: module addresses, deletes not evaluated', async () => {
    const { report } = await scan('plan.json');
    expect(report.findings.filter((f) => f.policy === 'acr-admin-user-disabled').map((f) => f.address)).toEqual(['module.acr.azurerm_container_registry.this']);
    expect(report.findings.some((f) => f.address === 'azurerm_container_registry.gone')).toBe(false);
  });

  it('a module folder: local modules are read with their inputs, registry modules are listed as not translated', async () => {
    const { report } = await scan('module');
    expect(report.findings.filter((f) => f.policy === 'deny-management-ports-from-internet').map((f) => f.address)).toEqual(['module.net.azurerm_network_security_rule.ssh']);
    expect(report.notTranslated).toEqual([{ address: 'module.remote', type: 'module' }]);
  });

  it('HCL through @cdktf/hcl2json', async () => {
    const { report } = await scan('hcl');
    expect(report.findings.filter((f) => f.policy === 'acr-admin-user-disabled')).toEqual([expect.objectContaining({ address: 'azurerm_container_registry.acr', file: path.join('hcl', 'main.tf'), line: 6 })]);
  });

  it('table and SARIF formats name the address; --strict fails on undetermined verdicts', async () => {
    const table = await run(['scan', '--terraform', 'main.tf.json', '--policies', POLICIES], { cwd: CLI });
    expect(table.stdout).toMatch(/FINDINGS[\s\S]*azurerm_container_registry\.open main\.tf\.json:6/);
    expect(table.stdout).toMatch(/UNDETERMINED[\s\S]*would Deny\s+deny-management-ports-from-internet\s+azurerm_network_security_rule\.unknown_source/);
    expect(table.stdout).toMatch(/NOT TRANSLATED[\s\S]*azurerm_orbital_spacecraft\.k\s+azurerm_orbital_spacecraft/);
    expect(table.stdout).toMatch(/INCOMPLETE: 1 Terraform resource\(s\) not translated/);
    type Location = { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string; name?: string }[] };
    const sarif = JSON.parse((await run(['scan', '--terraform', 'main.tf.json', '--policies', POLICIES, '--format', 'sarif'], { cwd: CLI })).stdout) as { runs: { results: { level: string; kind: string; locations: Location[] }[]; invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    const results = sarif.runs[0].results;
    const at = (address: string) => (r: { locations: Location[] }) => r.locations[0].logicalLocations.some((l) => l.fullyQualifiedName === address && l.name === 'terraform address');
    const review = results.find((r) => r.kind === 'review' && at('azurerm_network_security_rule.unknown_source')(r))!;
    expect(review.locations[0].physicalLocation).toEqual({ artifactLocation: expect.objectContaining({ uri: 'main.tf.json' }), region: { startLine: 15 } });
    const deny = results.find((r) => r.level === 'error' && at('azurerm_network_security_group.nsg')(r))!;
    expect(deny.locations[0].physicalLocation).toEqual({ artifactLocation: expect.objectContaining({ uri: 'main.tf.json' }), region: { startLine: 9 } });
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications.map((n) => n.message.text)).toContainEqual(expect.stringMatching(/not translated, so not evaluated: azurerm_orbital_spacecraft\.k/));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-tf-'));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ resource: { azurerm_network_security_rule: JSON.parse(fs.readFileSync(path.join(CLI, 'main.tf.json'), 'utf8')).resource.azurerm_network_security_rule } }));
    expect((await run(['scan', '--terraform', dir, '--policies', POLICIES], { cwd: CLI })).code).toBe(0);
    expect((await run(['scan', '--terraform', dir, '--policies', POLICIES, '--strict'], { cwd: CLI })).code).toBe(1);
    // Not translated alone: exit 0 (the report says it is incomplete), 1 with --strict.
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ resource: { azurerm_orbital_spacecraft: { k: { name: 'k', resource_group_name: 'rg', location: 'westeurope' } } } }));
    const lax = await run(['scan', '--terraform', dir, '--policies', POLICIES, '--format', 'json'], { cwd: CLI });
    expect(lax.code).toBe(0);
    expect(JSON.parse(lax.stdout)).toMatchObject({ complete: false, findings: [], undetermined: [], notTranslated: [{ address: 'azurerm_orbital_spacecraft.k', type: 'azurerm_orbital_spacecraft' }] });
    expect((await run(['scan', '--terraform', dir, '--policies', POLICIES, '--strict'], { cwd: CLI })).code).toBe(1);
  });

  it('bad input is a usage error naming the file', async () => {
    const missing = await run(['scan', '--terraform', 'nope.tf.json', '--policies', POLICIES], { cwd: CLI });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.tf\.json: no such file or folder/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-tf-'));
    fs.writeFileSync(path.join(dir, 'bad.tf.json'), '{"resource": {');
    const bad = await run(['scan', '--terraform', path.join(dir, 'bad.tf.json'), '--policies', POLICIES], { cwd: CLI });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.tf\.json: invalid JSON at line 1/);
    fs.writeFileSync(path.join(dir, 'other.json'), '{"hello": 1}');
    const other = await run(['scan', '--terraform', path.join(dir, 'other.json'), '--policies', POLICIES], { cwd: CLI });
    expect(other.stderr).toMatch(/not a Terraform JSON configuration/);
    const both = await run(['scan', '--terraform', 'main.tf.json', '--resources', 'x.json', '--policies', POLICIES], { cwd: CLI });
    expect(both.code).toBe(2);
    const badVar = await run(['scan', '--terraform', 'main.tf.json', '--policies', POLICIES, '--var', 'novalue'], { cwd: CLI });
    expect(badVar.stderr).toMatch(/--var "novalue": expected name=value/);
  });
});

describe('guardrails scan --terraform: what could not be read is reported, never a silent pass', () => {
  type Full = Report & { skipped: { file?: string; reason: string }[]; errors: { message: string }[]; notTranslated: { address: string; type: string; count?: number; armType?: string }[] };
  const NSG_POLICY = path.join(POLICIES, 'deny-management-ports-from-internet.json');
  const write = (json: unknown): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-tf-'));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(json));
    return dir;
  };

  it('a malformed resource block makes the scan incomplete with exit 2 (with --strict too), listed by address and as skipped', async () => {
    const dir = write({ resource: { azurerm_resource_group: { ok: { name: 'rg', location: 'westeurope' } }, azurerm_network_security_group: { nsg: 'not a body' } } });
    const r = await run(['scan', '--terraform', dir, '--policies', NSG_POLICY, '--format', 'json'], { cwd: CLI });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as Full;
    expect(report.complete).toBe(false);
    expect(report.findings).toEqual([]);
    expect(report.notTranslated).toEqual([{ address: 'azurerm_network_security_group.nsg', type: 'azurerm_network_security_group' }]);
    expect(report.skipped).toEqual([{ file: path.join(dir, 'main.tf.json'), reason: 'the body of azurerm_network_security_group.nsg is a string; Terraform expects an object of arguments: it is not evaluated' }]);
    expect(report.errors.map((e) => e.message)).toEqual([expect.stringMatching(/main\.tf\.json: the body of azurerm_network_security_group\.nsg is a string/)]);
    expect(r.stderr).toMatch(/1 malformed part\(s\) not read/);
    expect((await run(['scan', '--terraform', dir, '--policies', NSG_POLICY, '--strict'], { cwd: CLI })).code).toBe(2);
    const table = await run(['scan', '--terraform', dir, '--policies', NSG_POLICY], { cwd: CLI });
    expect(table.stdout).toMatch(/azurerm_network_security_group\.nsg is a string/);
  });

  it('a malformed plan entry makes the scan incomplete with exit 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-tf-'));
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ format_version: '1.2', resource_changes: [{ address: 'azurerm_network_security_group.nsg', mode: 'managed', type: 'azurerm_network_security_group', change: { actions: ['create'], after: null } }] }));
    const r = await run(['scan', '--terraform', path.join(dir, 'plan.json'), '--policies', NSG_POLICY, '--format', 'json'], { cwd: CLI });
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as Full).skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/^resource_changes\[0\] \(azurerm_network_security_group\.nsg\): "change\.after" is null/)]);
  });

  it('instances past the count limit are one notTranslated entry with the count cut, in JSON and table', async () => {
    const dir = write({ resource: { azurerm_resource_group: { rg: { count: LIMITS.maxInstancesPerResource + 2, name: 'rg-${count.index}', location: 'westeurope' } } } });
    const r = await run(['scan', '--terraform', dir, '--policies', NSG_POLICY, '--format', 'json'], { cwd: CLI });
    const report = JSON.parse(r.stdout) as Full;
    expect(report.notTranslated).toEqual([{ address: 'azurerm_resource_group.rg', type: 'azurerm_resource_group', count: 2 }]);
    expect(report.complete).toBe(false);
    expect(report.notes).toContainEqual({ address: 'azurerm_resource_group.rg', message: expect.stringMatching(/more than the limit of 10000 per resource/) });
    expect(r.code).toBe(0); // as for any resource not translated: the report is incomplete, --strict fails
    expect(r.stderr).toMatch(/, 2 not translated/);
    expect((await run(['scan', '--terraform', dir, '--policies', NSG_POLICY, '--strict'], { cwd: CLI })).code).toBe(1);
    const table = await run(['scan', '--terraform', dir, '--policies', NSG_POLICY], { cwd: CLI });
    expect(table.stdout).toMatch(/NOT TRANSLATED[\s\S]*azurerm_resource_group\.rg\s+azurerm_resource_group\s+2 instance\(s\)/);
  });

  it('a template deployment\'s nested deployment is listed with the Terraform type and the ARM type in armType', async () => {
    const nested = { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'n', properties: { mode: 'Incremental', template: {} } };
    const dir = write({ resource: { azurerm_resource_group_template_deployment: { t: { name: 'd', resource_group_name: 'rg', deployment_mode: 'Incremental', template_content: JSON.stringify({ resources: [nested] }) } } } });
    const r = await run(['scan', '--terraform', dir, '--policies', NSG_POLICY, '--format', 'json'], { cwd: CLI });
    expect((JSON.parse(r.stdout) as Full).notTranslated).toEqual([{ address: 'azurerm_resource_group_template_deployment.t', type: 'azurerm_resource_group_template_deployment', armType: 'Microsoft.Resources/deployments' }]);
    const table = await run(['scan', '--terraform', dir, '--policies', NSG_POLICY], { cwd: CLI });
    expect(table.stdout).toMatch(/azurerm_resource_group_template_deployment\.t\s+azurerm_resource_group_template_deployment \(Microsoft\.Resources\/deployments\)/);
  });
});

describe('guardrails scan --terraform - (standard input)', () => {
  const stdinScan = async (text: string, ...extra: string[]) => run(['scan', '--terraform', '-', '--policies', POLICIES, '--format', 'json', ...extra], { cwd: CLI, stdin: text });

  it('a JSON configuration, a plan and a cdktf stack: the same verdicts as from the file, with "-" as the file', async () => {
    const fromFile = await scan('main.tf.json');
    const piped = await stdinScan(fs.readFileSync(path.join(CLI, 'main.tf.json'), 'utf8'));
    expect(piped.code).toBe(fromFile.code);
    const report = JSON.parse(piped.stdout) as Report;
    expect(report.findings.map((f) => [f.policy, f.address, f.line])).toEqual(fromFile.report.findings.map((f) => [f.policy, f.address, f.line]));
    expect(report.findings.every((f) => f.file === '-')).toBe(true);
    expect(report.undetermined).toEqual(fromFile.report.undetermined.map((u) => ({ ...u, file: '-' })));
    expect(report.notTranslated).toEqual(fromFile.report.notTranslated);
    expect(piped.stderr).toMatch(/guardrails scan: -: \d+ Terraform resource\(s\) translated/);
    const plan = JSON.parse((await stdinScan(fs.readFileSync(path.join(CLI, 'plan.json'), 'utf8'))).stdout) as Report;
    expect(plan.findings.filter((f) => f.policy === 'acr-admin-user-disabled').map((f) => f.address)).toEqual(['module.acr.azurerm_container_registry.this']);
    const stack = JSON.parse((await stdinScan('\uFEFF' + fs.readFileSync(path.join(CLI, 'cdktf.out', 'stacks', 'app', 'cdk.tf.json'), 'utf8'))).stdout) as Report;
    expect(stack.findings.find((x) => x.policy === 'deny-bastion-shareable-links')).toMatchObject({ address: 'azurerm_bastion_host.Bastion_Host_0AB1', constructPath: 'app/Bastion/Host' });
  });

  it('HCL (anything that does not start with { or [), and local modules from the working folder', async () => {
    const hcl = await stdinScan(fs.readFileSync(path.join(CLI, 'hcl', 'main.tf'), 'utf8'));
    expect((JSON.parse(hcl.stdout) as Report).findings.filter((f) => f.policy === 'acr-admin-user-disabled')).toEqual([expect.objectContaining({ address: 'azurerm_container_registry.acr', file: '-', line: 6 })]);
    const mod = await run(['scan', '--terraform', '-', '--policies', POLICIES, '--format', 'json'], { cwd: path.join(CLI, 'module'), stdin: fs.readFileSync(path.join(CLI, 'module', 'main.tf.json'), 'utf8') });
    expect((JSON.parse(mod.stdout) as Report).findings.filter((f) => f.policy === 'deny-management-ports-from-internet').map((f) => f.address)).toEqual(['module.net.azurerm_network_security_rule.ssh']);
  });

  it('empty, oversized, malformed or foreign input is a usage error; --max-file-size bounds standard input and files', async () => {
    const empty = await stdinScan(' \n');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/-: empty input: expected a Terraform JSON configuration, terraform show -json output or HCL/);
    // 20 KiB of Terraform against a 16 KiB limit (the policy file, 10 KiB, is within it).
    const text = fs.readFileSync(path.join(CLI, 'main.tf.json'), 'utf8').padEnd(20 * 1024, ' ');
    const policy = path.join(POLICIES, 'deny-management-ports-from-internet.json');
    const within = await run(['scan', '--terraform', '-', '--policies', policy, '--max-file-size', '32KB'], { cwd: CLI, stdin: text });
    expect(within.code).toBe(1);
    const big = await run(['scan', '--terraform', '-', '--policies', policy, '--max-file-size', '16KB'], { cwd: CLI, stdin: text });
    expect(big.code).toBe(2);
    expect(big.stdout).toBe('');
    expect(big.stderr).toMatch(/terraform -: larger than the 16 KiB limit for this input \(raise it with --max-file-size\)/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-tf-'));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), text);
    const bigFile = await run(['scan', '--terraform', path.join(dir, 'main.tf.json'), '--policies', policy, '--max-file-size', '16KB'], { cwd: CLI });
    expect(bigFile.code).toBe(2);
    expect(bigFile.stderr).toMatch(/main\.tf\.json: 20480 bytes is larger than the limit of 16384 bytes/);
    // An endless stream is cut off at the limit, never read to the end.
    let pulled = 0;
    const endless = Readable.from((function* () {
      for (;;) {
        pulled++;
        yield Buffer.alloc(64 * 1024, 32);
      }
    })());
    let stderr = '';
    const io: CliIo = { stdout: { write: () => true }, stderr: { write: (t: string) => ((stderr += t), true) }, stdin: endless, cwd: CLI };
    expect(await main(['scan', '--terraform', '-', '--policies', policy, '--max-file-size', '1MB'], io)).toBe(2);
    expect(stderr).toMatch(/terraform -: larger than the 1 MiB limit/);
    expect(pulled).toBeLessThanOrEqual(18);
    const badJson = await stdinScan('{"resource": {');
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/-: invalid JSON/);
    const other = await stdinScan('[1, 2]');
    expect(other.stderr).toMatch(/-: not a Terraform JSON configuration/);
    const badHcl = await stdinScan('resource "azurerm_resource_group" {{{');
    expect(badHcl.code).toBe(2);
    expect(badHcl.stderr).toMatch(/-: invalid HCL/);
  });
});

describe('guardrails scan --terraform through lib/assess (assignments, built-ins, every report option)', () => {
  const KV = (name: string, group = 'rg-kv') => `/subscriptions/00000000-0000-0000-0000-0000000000b2/resourceGroups/${group}/providers/Microsoft.KeyVault/vaults/${name}`;
  const args = ['scan', '--terraform', 'assess', '--assignment', 'assess/assignment.json', '--exemptions', 'assess/exemptions.json'];

  it('assignments of built-ins from the catalog, exemptions, existence checks undetermined until --complete', async () => {
    const open = await run([...args, '--format', 'json'], { cwd: CLI });
    expect(open.code).toBe(1);
    const report = JSON.parse(open.stdout) as Report & { assignments: { name: string; totals: Record<string, number> }[]; exempted: { address?: string; exemption: { category: string } }[] };
    // kv-purge assigns the built-in "Key vaults should have deletion protection enabled" with effect Deny.
    expect(report.findings.map((f) => [f.policy, f.effect, f.address, f.resourceId])).toEqual([['0b60c0b2-2dc2-4e1c-b5c9-abbed971de53', 'Deny', 'azurerm_key_vault.unlogged', KV('kv-unlogged')]]);
    expect(report.findings[0]).toMatchObject({ file: path.join('assess', 'main.tf.json'), line: 6 });
    expect(report.exempted).toEqual([expect.objectContaining({ address: 'azurerm_key_vault.waived', exemption: expect.objectContaining({ category: 'Waiver' }) })]);
    // kv-logs (AuditIfNotExists diagnostic settings): the vault with a diagnostic setting in the configuration is
    // compliant; the others may have one outside it.
    expect(report.undetermined.map((u) => [u.policy, u.effect, u.address, u.reasons])).toEqual([
      ['cf820ca0-f99e-4f3e-84fb-66e913812d21', 'AuditIfNotExists', 'azurerm_key_vault.unlogged', ['depends on resources outside the configuration']],
      ['cf820ca0-f99e-4f3e-84fb-66e913812d21', 'AuditIfNotExists', 'azurerm_key_vault.waived', ['depends on resources outside the configuration']],
    ]);
    expect(report.assignments.map((a) => [a.name, a.totals.deny, a.totals.undetermined, a.totals.exempted])).toEqual([['kv-purge', 1, 0, 1], ['kv-logs', 0, 2, 0]]);
    expect(report.complete).toBe(true);

    const complete = JSON.parse((await run([...args, '--format', 'json', '--complete'], { cwd: CLI })).stdout) as Report;
    expect(complete.undetermined).toEqual([]);
    expect(complete.findings.filter((f) => f.effect === 'AuditIfNotExists').map((f) => f.address)).toEqual(['azurerm_key_vault.unlogged', 'azurerm_key_vault.waived']);
    expect(complete.findings.some((f) => f.address === 'azurerm_key_vault.logged')).toBe(false);
  });

  it('--policies takes a built-in by GUID or display name (and an initiative as an implicit assignment), with --params', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-tf-'));
    fs.writeFileSync(path.join(dir, 'params.json'), JSON.stringify({ effect: 'Deny' }));
    for (const ref of ['0b60c0b2-2dc2-4e1c-b5c9-abbed971de53', 'key vaults should have deletion protection enabled']) {
      const r = await run(['scan', '--terraform', 'assess', '--policies', ref, '--params', path.join(dir, 'params.json'), '--format', 'json'], { cwd: CLI });
      expect(r.code).toBe(1);
      expect((JSON.parse(r.stdout) as Report).findings.map((f) => [f.effect, f.address])).toEqual([['Deny', 'azurerm_key_vault.unlogged'], ['Deny', 'azurerm_key_vault.waived']]);
    }
    const audit = JSON.parse((await run(['scan', '--terraform', 'assess', '--policies', '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53', '--format', 'json'], { cwd: CLI })).stdout) as Report;
    expect(audit.findings.map((f) => f.effect)).toEqual(['Audit', 'Audit']); // the definition's default effect
    const MCSB = '1f3afdf9-d0c9-4c3d-847f-89da613e70a8';
    const mcsb = JSON.parse((await run(['scan', '--terraform', 'assess', '--policies', MCSB, '--format', 'json'], { cwd: CLI })).stdout) as Report & { policies: { referenceId?: string }[] };
    const members = (builtinCatalog().resolve(MCSB)!.definition().properties as { policyDefinitions: unknown[] }).policyDefinitions;
    expect(mcsb.policies).toHaveLength(members.length);
    expect(mcsb.policies.every((p) => typeof p.referenceId === 'string')).toBe(true);
    expect(mcsb.undetermined.some((u) => u.address === 'azurerm_key_vault.unlogged')).toBe(true);
    const missing = await run(['scan', '--terraform', 'assess', '--policies', 'no such policy at all'], { cwd: CLI });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/policies no such policy at all: no such file or folder, and no definition or initiative of that name, id or display name/);
  });

  it('every format, --fail-on, --output, --max-results and --base-path, as for an export', async () => {
    const markdown = await run([...args, '--format', 'markdown'], { cwd: CLI });
    expect(markdown.stdout.replace(/\\/g, '')).toMatch(/azurerm_key_vault\.unlogged assess\/main\.tf\.json:6/);
    expect(markdown.stdout).toMatch(/Undetermined/);
    const html = await run([...args, '--format', 'html'], { cwd: CLI });
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/i);
    expect(html.stdout).toMatch(/azurerm_key_vault\.unlogged/);
    // --fail-on audit: the Deny fails; --fail-on none: nothing does.
    expect((await run([...args, '--fail-on', 'none'], { cwd: CLI })).code).toBe(0);
    expect((await run([...args, '--fail-on', 'deny'], { cwd: CLI })).code).toBe(1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-tf-'));
    const written = await run([...args, '--format', 'sarif', '--output', path.join(dir, 'out.sarif'), '--base-path', '..'], { cwd: CLI });
    expect(written.stdout).toBe('');
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as { runs: { results: { locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'cli/assess/main.tf.json' }, region: { startLine: 6 } });
    const cut = await run(['scan', '--terraform', 'main.tf.json', '--policies', POLICIES, '--format', 'json', '--max-results', '1'], { cwd: CLI });
    const cutReport = JSON.parse(cut.stdout) as Report & { truncated?: { findings: number; shown: number } };
    expect(cutReport.findings).toHaveLength(1);
    expect(cutReport.findings[0].effect).toBe('Deny'); // the most severe first
    expect(cutReport.truncated).toEqual({ findings: 5, shown: 1 });
    expect(cutReport.complete).toBe(false);
  });

  it('a verdict the engine decides despite unknown values is decided: only the rule\'s outcome makes it undetermined', async () => {
    // The rule reads sourceAddressPrefix (unknown) but the rule is already false: the port is 443, not 22 or 3389.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-tf-'));
    const rule = { name: 'https', resource_group_name: 'rg-app', network_security_group_name: 'nsg-other', priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_port_range: '443', source_address_prefix: '${azurerm_public_ip.p.ip_address}', destination_address_prefix: '*' };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ resource: { azurerm_network_security_rule: { https: rule }, azurerm_public_ip: { p: { name: 'pip', resource_group_name: 'rg-app', location: 'westeurope', allocation_method: 'Static' } } } }));
    const r = await run(['scan', '--terraform', dir, '--policies', path.join(POLICIES, 'deny-management-ports-from-internet.json'), '--format', 'json', '--strict'], { cwd: CLI });
    const report = JSON.parse(r.stdout) as Report;
    expect(report.undetermined).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});
