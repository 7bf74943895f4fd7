/**
 * The README's "Using the constructs in your own stack" example is code users copy: it must type-check against the
 * library and synthesize. (Placeholders such as '<subscription GUID>' are filled in.)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');

test('the README construct example type-checks and synthesizes', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the constructs in your own stack'));
  const example = /```ts\n([\s\S]*?)```/.exec(section)![1];
  expect(example).toContain("from 'cdktf-azure-guardrails'");
  // A scratch folder inside the repository, so that 'cdktf' and the provider resolve from its node_modules.
  fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, '.tmp', 'readme-'));
  try {
    const file = path.join(dir, 'example.ts');
    fs.writeFileSync(file, example
      .replace("from 'cdktf-azure-guardrails'", `from ${JSON.stringify(path.relative(dir, path.join(root, 'lib')))}`)
      .split('<subscription GUID>').join('00000000-0000-0000-0000-000000000001'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(root, 'tsconfig.json'), include: ['example.ts'] }));
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-readme-'));
    execFileSync(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' }, encoding: 'utf8' });
    const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'security', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(stack.resource)).toEqual(expect.arrayContaining([
      'azurerm_security_center_subscription_pricing', 'azurerm_log_analytics_workspace', 'azurerm_bastion_host', 'azurerm_monitor_diagnostic_setting',
    ]));
    expect(Object.keys(stack.resource.azurerm_security_center_subscription_pricing)).toHaveLength(12);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60000);
