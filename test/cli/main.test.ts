import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, run } from './helpers';

describe('guardrails command line', () => {
  test('--help lists the commands and the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['eval', 'validate', 'scan', 'test']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stdout).toMatch(/2 +usage or input error/);
  });

  test('no command prints the help and exits 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Usage: guardrails <command>/);
  });

  test.each(['eval', 'validate', 'scan', 'test'])('%s --help documents the command and its exit codes', async (command) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`guardrails ${command}`));
    expect(r.stdout).toMatch(/Exit codes/);
    expect(r.stderr).toBe('');
  });

  test('help <command> is the same as <command> --help', async () => {
    expect((await run(['help', 'scan'])).stdout).toBe((await run(['scan', '--help'])).stdout);
  });

  test('an unknown command is a usage error naming it', async () => {
    const r = await run(['evaluate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "evaluate"; commands: eval, validate, scan, test/);
  });

  test('an unknown option is a usage error naming it, with a pointer to --help', async () => {
    const r = await run(['validate', '--jsn', 'policies']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/guardrails validate: .*--jsn/);
    expect(r.stderr).toMatch(/guardrails validate --help/);
  });

  test('a bad enumerated option value lists the allowed values', async () => {
    const r = await run(['test', 'tests-pass', '--reporter', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--reporter xml: expected one of text, junit, json, markdown\n/);
  });

  test('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('bin/guardrails.ts runs as a process (smoke test)', () => {
    const root = path.join(__dirname, '..', '..');
    const r = spawnSync('npx', ['tsx', 'bin/guardrails.ts', '--help'], { cwd: root, encoding: 'utf8', timeout: 60000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: guardrails <command>/);
  });
});

describe('every file the CLI reads is bounded: /dev/zero, FIFOs and oversized files fail at once with exit 2', () => {
  const zero = '/dev/zero';
  test.each([
    [['eval', '--policy', zero, '--resource', 'eval/nsg-open.json'], /policy \/dev\/zero: is a device, not a regular file/],
    [['eval', '--policy', 'policies/deny-rdp-from-internet.json', '--resource', zero], /resource \/dev\/zero: is a device/],
    [['eval', '--policy', 'policies/deny-rdp-from-internet.json', '--resource', 'eval/nsg-open.json', '--params', zero], /parameters \/dev\/zero: is a device/],
    [['eval', '--policy', 'policies/deny-rdp-from-internet.json', '--resource', 'eval/nsg-open.json', '--aliases', zero], /alias catalog \/dev\/zero: is a device/],
    [['eval', '--batch', zero], /batch \/dev\/zero: is a device/],
    [['scan', '--resources', 'scan/array.json', '--policies', 'policies', '--params', zero], /parameters \/dev\/zero: is a device/],
    [['scan', '--resources', 'scan/array.json', '--policies', zero], /\/dev\/zero: is a device, not a regular file; skipped/],
    [['validate', zero], /\/dev\/zero/],
    [['test', zero], /test file \/dev\/zero: is a device/],
    [['eval', '--policy', 'policies/deny-rdp-from-internet.json', '--resource', 'eval/nsg-open.json', '--max-file-size', '100'], /policy policies\/deny-rdp-from-internet\.json: larger than the 100 bytes limit for this input \(raise it with --max-file-size\)/],
  ])('%j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(message);
  });

  test('a FIFO given as a file is refused without blocking', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-fifo-'));
    try {
      execFileSync('mkfifo', [path.join(dir, 'def.json')]);
      const r = await run(['eval', '--policy', 'def.json', '--resource', path.join(FIXTURES, 'eval', 'nsg-open.json')], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/policy def\.json: is a named pipe \(FIFO\), not a regular file/);
      const v = await run(['validate', '.'], { cwd: dir });
      expect(v.stderr).toMatch(/skipped def\.json: named pipe \(FIFO\), not a regular file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('did you mean: unknown options and commands', async () => {
    expect((await run(['scan', '--resorces', 'x'])).stderr).toMatch(/unknown option --resorces; did you mean '--resources'\?/);
    expect((await run(['tset'])).stderr).toMatch(/unknown command "tset"; did you mean "test"\?/);
  });
});
