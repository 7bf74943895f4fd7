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
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/core/validate.js']));
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('stacks/') || f.startsWith('bench/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.includes('.test.'))).toEqual(files.filter((f) => f.startsWith('policies/') && f.endsWith('.test.json')));
  });

  test('a consumer stack type-checks and synthesizes against the packed package', () => {
    const consumer = path.join(work, 'consumer');
    fs.writeFileSync(path.join(consumer, 'main.ts'), `
import { App, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { requireSubscriptionId, GuardrailsValidationError } from 'cdktf-azure-guardrails';

const app = new App({ outdir: process.argv[2] });
const stack = new TerraformStack(app, 'consumer');
new AzurermProvider(stack, 'azurerm', { features: [{}] });
requireSubscriptionId(stack, 'scope', '/subscriptions/00000000-0000-0000-0000-000000000001');
const error: typeof GuardrailsValidationError = GuardrailsValidationError;
void error;
app.synth();
`);
    fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'], outDir: 'out' },
      files: ['main.ts'],
    }));
    run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], consumer);
    const outdir = path.join(work, 'synth');
    run(process.execPath, [path.join(consumer, 'out', 'main.js'), outdir], consumer);
    const synthesized = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'consumer', 'cdk.tf.json'), 'utf8'));
    expect(synthesized.provider.azurerm).toHaveLength(1);
  });
});
