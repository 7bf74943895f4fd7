/**
 * The package as another team gets it: `npm pack` ships the compiled library, its type declarations, the policies,
 * the folder READMEs and the CLI (not tests or sources); a small consumer stack written against the packed package
 * type-checks and synthesizes; and the README's "Using the constructs in your own stack" runs exactly as written
 * in a fresh project.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installTarball, linkPackage, pack, readQuickStart, ROOT as root, run } from './packaging';

let work: string;
let tarball: string;
let files: string[];
let installed: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-pack-'));
  // As `npm run build` does: a clean dist/ (a file left by an older build, such as functions.js beside the
  // functions/ folder that replaced it, would shadow the new module in the package).
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], root);
  ({ tarball, files } = pack(root, work));
  const consumer = path.join(work, 'consumer');
  fs.mkdirSync(consumer);
  installed = installTarball(consumer, tarball, 'cdktf-azure-guardrails');
  // Peer dependencies come from the consumer's own install; link ours.
  for (const dep of ['cdktf', 'constructs', '@cdktf/provider-azurerm', '@types/node']) linkPackage(consumer, dep);
}, 120000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('ships the compiled library, declarations, policies and data; no tests or TypeScript sources', () => {
    expect(files).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/bin/guardrails.js',
      'policies/definitions/deny-management-ports-from-internet.json', 'lib/policy/data/builtin-refs.json',
      'policies/README.md', 'lib/registry/README.md', 'lib/onboarding/README.md', 'lib/cli/README.md',
    ]));
    expect(files.some((f) => f.startsWith('lib/policy-engine/data/aliases'))).toBe(true);
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('stacks/') || f.startsWith('bench/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.includes('.test.'))).toEqual(files.filter((f) => f.startsWith('policies/') && f.endsWith('.test.json')));
  });

  test('a consumer stack type-checks and synthesizes against the packed package', () => {
    const consumer = path.join(work, 'consumer');
    fs.writeFileSync(path.join(consumer, 'main.ts'), `
import * as fs from 'fs';
import { App, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { DefenderForCloud, GuardrailsValidationError, KitPolicyDefinition, KitPolicyScope, engine } from 'cdktf-azure-guardrails';

const app = new App({ outdir: process.argv[2] });
const stack = new TerraformStack(app, 'consumer');
new AzurermProvider(stack, 'azurerm', { features: [{}] });
new DefenderForCloud(stack, 'Defender', {
  subscriptionId: '00000000-0000-0000-0000-000000000001',
  securityContact: { emails: ['secops@contoso.com'] },
});
// The policy files ship in the package and are found from the compiled code.
KitPolicyDefinition.fromFile(stack, 'NoMgmtPorts', 'deny-management-ports-from-internet', {
  scope: KitPolicyScope.subscription('/subscriptions/00000000-0000-0000-0000-000000000001'),
});
let refused = '';
try {
  new DefenderForCloud(new TerraformStack(app, 'bad'), 'Defender', { securityContact: { emails: ['not-an-email'] } });
} catch (e) {
  if (e instanceof GuardrailsValidationError) refused = e.message;
}
// The engine with its bundled alias catalog.
const policy = engine.compilePolicy(JSON.parse(fs.readFileSync(require.resolve('cdktf-azure-guardrails/policies/definitions/deny-management-ports-from-internet.json'), 'utf8')));
const verdict = policy.evaluate({
  type: 'Microsoft.Network/networkSecurityGroups/securityRules', name: 'nsg/ssh',
  properties: { access: 'Allow', direction: 'Inbound', protocol: 'Tcp', sourceAddressPrefix: 'Internet', destinationPortRange: '22' },
}).effect;
app.node.tryRemoveChild('bad');
app.synth();
fs.writeFileSync(process.argv[3], JSON.stringify({ refused, verdict }));
`);
    fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'], outDir: 'out' },
      files: ['main.ts'],
    }));
    run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], consumer);
    const outdir = path.join(work, 'synth');
    const report = path.join(work, 'report.json');
    run(process.execPath, [path.join(consumer, 'out', 'main.js'), outdir, report], consumer);
    const synthesized = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'consumer', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(synthesized.resource.azurerm_security_center_subscription_pricing)).toHaveLength(13);
    expect(Object.values(synthesized.resource.azurerm_policy_definition as Record<string, { name: string }>).map((d) => d.name))
      .toEqual(['deny-management-ports-from-internet']);
    const { refused, verdict } = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(refused).toMatch(/invalid securityContact\.emails\[0\] "not-an-email"/);
    expect(verdict).toBe('Deny');
  });

  test('the guardrails CLI runs from the installed package', () => {
    const bin = path.join(installed, 'dist', 'bin', 'guardrails.js');
    expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(run(process.execPath, [bin, '--help'], work)).toMatch(/guardrails <command>/);
    const validated = run(process.execPath, [bin, 'validate', path.join(installed, 'policies'), '--json'], work);
    const reportJson = JSON.parse(validated) as { passed: number; failed: number };
    expect(reportJson.failed).toBe(0);
    expect(reportJson.passed).toBeGreaterThanOrEqual(17);
  });
});

describe('README: Using the constructs in your own stack', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const quickStart = readQuickStart(readme, 'Using the constructs in your own stack');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string>; peerDependencies: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }> };
  // Optional peers (@cdktf/hcl2json: HCL input for scan --terraform) are not part of the constructs' quick start.
  const requiredPeers = Object.keys(pkg.peerDependencies).filter((name) => pkg.peerDependenciesMeta?.[name]?.optional !== true);

  test('installs the package, every required peer dependency and cdktf-cli at the versions CI tests', () => {
    expect(quickStart.setup[0]).toBe('npm init -y');
    const runtime = quickStart.installs.filter((i) => !i.dev).flatMap((i) => i.specs);
    const dev = quickStart.installs.filter((i) => i.dev).flatMap((i) => i.specs);
    expect(runtime[0]).toEqual({ name: pkg.name });
    expect(new Set(runtime.map((s) => s.name))).toEqual(new Set([pkg.name, ...requiredPeers]));
    expect(dev.map((s) => s.name)).toContain('cdktf-cli');
    for (const spec of [...runtime, ...dev]) {
      if (spec.name === pkg.name) continue;
      // The README pins what this repository's CI installs and tests with.
      expect(`${spec.name}@${spec.range}`).toBe(`${spec.name}@${pkg.devDependencies[spec.name]}`);
    }
    expect(Object.keys(quickStart.files)).toEqual(['cdktf.json', 'tsconfig.json', 'main.ts']);
    expect(quickStart.commands).toEqual(expect.arrayContaining(['npx tsc', 'npx cdktf synth']));
  });

  test('runs as written in a fresh project: type-checks, and the cdktf.json app synthesizes the stack', () => {
    const project = path.join(work, 'quickstart');
    fs.mkdirSync(project);
    run('npm', ['init', '-y'], project);
    // npm install, without the network: the packed tarball for this package, this repository's copies for the rest.
    for (const spec of quickStart.installs.flatMap((i) => i.specs)) {
      if (spec.name === pkg.name) installTarball(project, tarball, spec.name);
      else linkPackage(project, spec.name);
    }
    for (const [file, text] of Object.entries(quickStart.files)) fs.writeFileSync(path.join(project, file), text);

    // npx tsc
    run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc')], project);

    // npx cdktf synth runs the "app" command of cdktf.json with CDKTF_OUTDIR set; so does this test.
    const app = (JSON.parse(quickStart.files['cdktf.json']) as { app: string }).app;
    const outdir = path.join(project, 'cdktf.out');
    const env = {
      PATH: `${path.join(project, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
      CDKTF_OUTDIR: outdir, npm_config_offline: 'true', ARM_SUBSCRIPTION_ID: '5a3d2b1c-8e7f-4a6b-9c0d-1e2f3a4b5c6d',
    };
    run('sh', ['-c', app], project, env);
    const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'security', 'cdk.tf.json'), 'utf8')) as {
      provider: { azurerm: { subscription_id: string }[] }; resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(stack.provider.azurerm[0].subscription_id).toBe(env.ARM_SUBSCRIPTION_ID);
    const groups = Object.values(stack.resource.azurerm_resource_group).map((g) => g.name).sort();
    expect(groups).toEqual(['rg-connectivity', 'rg-security-siem']);
    // Every resource group the constructs use is one the stack creates, by reference (so Terraform orders them).
    const groupRefs = new Set(Object.keys(stack.resource.azurerm_resource_group).map((id) => `\${azurerm_resource_group.${id}.name}`));
    const used = Object.values(stack.resource).flatMap((byName) => Object.values(byName)).map((r) => r.resource_group_name).filter((g) => g !== undefined);
    expect(used.length).toBeGreaterThan(5);
    for (const g of used) expect(groupRefs).toContain(g);
    expect(Object.keys(stack.resource.azurerm_security_center_subscription_pricing)).toHaveLength(12);
    expect(Object.keys(stack.resource)).toEqual(expect.arrayContaining(['azurerm_log_analytics_workspace', 'azurerm_bastion_host', 'azurerm_monitor_diagnostic_setting']));
    // No warning for cdktf synth to print: the example is the clean setup.
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { annotations: { message: string }[] }> };
    expect(manifest.stacks.security.annotations.map((a) => a.message)).toEqual([]);

    // Without the placeholder filled in: a clear error, nothing written.
    const unset = { ...env, ARM_SUBSCRIPTION_ID: '', CDKTF_OUTDIR: path.join(project, 'unset.out') };
    expect(() => run('sh', ['-c', app], project, unset)).toThrow(/Set ARM_SUBSCRIPTION_ID to the id of the subscription to secure/);
    expect(fs.existsSync(path.join(unset.CDKTF_OUTDIR, 'stacks'))).toBe(false);
  }, 120000);
});
