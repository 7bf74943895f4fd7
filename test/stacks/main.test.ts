/**
 * The reference app's entry (stacks/main.ts) synthesizes with Node's source maps off (cdktf captures a stack trace
 * for every token, and mapping each one was most of a large synth: see bench/synth.ts), yet an unexpected error is
 * still reported with a stack that points at the TypeScript sources.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_CONFIG_PATH } from '../../stacks/config/load';

const ROOT = path.resolve(__dirname, '..', '..');

function runApp(config: unknown, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-main-'));
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify(config));
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'stacks', 'main.ts')], {
    env: { ...process.env, GUARDRAILS_CONFIG: file, CDKTF_OUTDIR: path.join(dir, 'out'), CHECKPOINT_DISABLE: '1', ...env },
    encoding: 'utf8',
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return run;
}

/** The default config with a Bastion subnet the construct refuses (a /27): a GuardrailsValidationError at synth. */
function refusedConfig(): unknown {
  const config = JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
  const withBastion = config.subscriptions.find((s: { bastion?: unknown }) => s.bastion);
  withBastion.bastion.subnetAddressPrefix = '10.0.0.0/27';
  return config;
}

/** 1-based line of the `invalid(` call that refuses a small Bastion subnet. */
function refusalLine(): number {
  const lines = fs.readFileSync(path.join(ROOT, 'lib', 'bastion', 'secure-bastion.ts'), 'utf8').split('\n');
  const message = lines.findIndex((l) => l.includes('or larger (a smaller prefix number): Azure Bastion needs at least 64 addresses'));
  return message; // the call is on the line before the message: index of the message = 1-based line of the call
}

describe('stacks/main.ts', () => {
  test('an unexpected error is reported with a stack that points at the TypeScript sources', () => {
    const run = runApp(refusedConfig());
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/GuardrailsValidationError: management\/Bastion: invalid subnetAddressPrefix "10.0.0.0\/27"/);
    expect(run.stderr).toContain(`${path.join('lib', 'bastion', 'secure-bastion.ts')}:${refusalLine()}:`);
  }, 60000);

  /** Whether source maps were on when the app called App.synth (recorded by a preload that wraps it). */
  // The app's own cdktf, by path: under test:cdktn, jest maps a require.resolve('cdktf') made here to cdktn.
  function sourceMapsAtSynth(env: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-maps-'));
    const record = path.join(dir, 'maps.txt');
    const preload = path.join(dir, 'spy.cjs');
    fs.writeFileSync(preload, `const { App } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdktf'))});
const synth = App.prototype.synth;
App.prototype.synth = function () { require('fs').writeFileSync(${JSON.stringify(record)}, String(process.sourceMapsEnabled)); return synth.apply(this, arguments); };`);
    const run = runApp(JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8')), { NODE_OPTIONS: `--require ${preload}`, ...env });
    const seen = fs.existsSync(record) ? fs.readFileSync(record, 'utf8') : `(no synth: ${run.stderr})`;
    fs.rmSync(dir, { recursive: true, force: true });
    return seen;
  }

  test('source maps are off while the app synthesizes', () => {
    expect(sourceMapsAtSynth()).toBe('false');
  }, 60000);

  test('GUARDRAILS_SOURCE_MAPS=1 keeps them on', () => {
    expect(sourceMapsAtSynth({ GUARDRAILS_SOURCE_MAPS: '1' })).toBe('true');
  }, 60000);
});
