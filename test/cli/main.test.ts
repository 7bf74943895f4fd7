import { spawnSync } from 'child_process';
import * as path from 'path';
import { run } from './helpers';

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
