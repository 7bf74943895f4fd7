import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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
    expect(table.stdout).toMatch(/FINDINGS[\s\S]*azurerm_container_registry\.open/);
    expect(table.stdout).toMatch(/UNDETERMINED[\s\S]*would Deny deny-management-ports-from-internet\s+azurerm_network_security_rule\.unknown_source/);
    expect(table.stdout).toMatch(/NOT TRANSLATED[\s\S]*azurerm_orbital_spacecraft x1/);
    const sarif = JSON.parse((await run(['scan', '--terraform', 'main.tf.json', '--policies', POLICIES, '--format', 'sarif'], { cwd: CLI })).stdout) as { runs: { results: { level: string; kind: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
    const results = sarif.runs[0].results;
    expect(results.some((r) => r.kind === 'review' && r.locations[0].logicalLocations[0].fullyQualifiedName === 'azurerm_network_security_rule.unknown_source')).toBe(true);
    expect(results.some((r) => r.level === 'error' && r.locations[0].logicalLocations[0].fullyQualifiedName === 'azurerm_network_security_group.nsg')).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-tf-'));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ resource: { azurerm_network_security_rule: JSON.parse(fs.readFileSync(path.join(CLI, 'main.tf.json'), 'utf8')).resource.azurerm_network_security_rule } }));
    expect((await run(['scan', '--terraform', dir, '--policies', POLICIES], { cwd: CLI })).code).toBe(0);
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
