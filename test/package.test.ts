/**
 * The package as another team gets it: `npm pack` ships the compiled library, its type declarations, the policies
 * and the CLI (not tests or sources), and a small consumer stack written against the packed package type-checks
 * and synthesizes.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
let work: string;
let files: string[];
let installed: string;

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-pack-'));
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], root);
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root)) as { filename: string; files: { path: string }[] }[];
  files = packed[0].files.map((f) => f.path);
  const consumer = path.join(work, 'consumer');
  const modules = path.join(consumer, 'node_modules');
  fs.mkdirSync(path.join(modules, '@cdktf'), { recursive: true });
  run('tar', ['-xzf', path.join(work, packed[0].filename), '-C', modules], root);
  installed = path.join(modules, 'cdktf-azure-guardrails');
  fs.renameSync(path.join(modules, 'package'), installed);
  // Peer dependencies come from the consumer's own install; link ours.
  for (const dep of ['cdktf', 'constructs', '@cdktf/provider-azurerm', '@types/node']) {
    fs.mkdirSync(path.dirname(path.join(modules, dep)), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules', dep), path.join(modules, dep), 'dir');
  }
}, 120000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('ships the compiled library, declarations, policies and data; no tests or TypeScript sources', () => {
    expect(files).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/bin/guardrails.js',
      'policies/definitions/deny-management-ports-from-internet.json', 'lib/policy/data/builtin-refs.json',
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
