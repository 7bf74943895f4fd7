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

/** The default config with a Bastion subnet the construct refuses (a /27). */
function refusedConfig(): unknown {
  const config = JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
  const withBastion = config.subscriptions.find((s: { bastion?: unknown }) => s.bastion);
  withBastion.bastion.subnetAddressPrefix = '10.0.0.0/27';
  return config;
}

/** 1-based line of `throw new GuardrailsValidationError` in lib/core/errors.ts (the frame an unexpected error shows). */
function throwLine(): number {
  const lines = fs.readFileSync(path.join(ROOT, 'lib', 'core', 'errors.ts'), 'utf8').split('\n');
  return lines.findIndex((l) => l.includes('throw new GuardrailsValidationError(')) + 1;
}

describe('stacks/main.ts', () => {
  test('a construct\'s validation error is a config error: JSON path, file name, exit 1, no stack trace (issue 11 item 11)', () => {
    const run = runApp(refusedConfig());
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/config\.json: invalid baseline config \(1 error\):\n {2}- \$\.subscriptions\[0\]\.bastion\.subnetAddressPrefix: invalid "10\.0\.0\.0\/27": must be \/26 or larger/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60000);

  test('an unexpected error is reported with a stack that points at the TypeScript sources', () => {
    // A preload makes App.synth fail with an error thrown in a TypeScript module of the kit (tsx compiles it then).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-unexpected-'));
    const preload = path.join(dir, 'fail.cjs');
    fs.writeFileSync(preload, `const { App } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdktf'))});
App.prototype.synth = function () { require(${JSON.stringify(path.join(ROOT, 'lib', 'core', 'errors.ts'))}).invalid('unexpected', 'prop', 1, 'boom'); };`);
    const run = runApp(JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8')), { NODE_OPTIONS: `--require ${preload}` });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/GuardrailsValidationError: unexpected: invalid prop 1: boom/);
    expect(run.stderr).toContain(`${path.join('lib', 'core', 'errors.ts')}:${throwLine()}:`);
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
