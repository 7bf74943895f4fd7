/**
 * `npm run synth` and `npm run cdktf -- <command> [options]`: the cdktf CLI of this repository, quiet.
 *
 * cdktf calls HashiCorp's checkpoint service (checkpoint-api.hashicorp.com: version check and telemetry) on every
 * command; offline or behind a proxy that prints `getaddrinfo ENOTFOUND checkpoint-api.hashicorp.com` in the middle of
 * the output. `CHECKPOINT_DISABLE` turns the call off, but an environment variable set in an npm script is not
 * portable (`VAR=1 cmd` fails in Windows' cmd.exe), hence this wrapper: it sets the variable unless the caller
 * already did, runs the cdktf CLI of this repository's node_modules with the arguments given, and exits with its
 * exit code.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The environment cdktf runs in: the caller's, with `CHECKPOINT_DISABLE=1` unless the caller set it. */
export function quietCdktfEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.CHECKPOINT_DISABLE ? { ...env } : { ...env, CHECKPOINT_DISABLE: '1' };
}

/** Path of the cdktf CLI's entry script (from cdktf-cli's package.json `bin`). */
export function cdktfCliPath(from: string = path.resolve(__dirname, '..')): string {
  const manifest = require.resolve('cdktf-cli/package.json', { paths: [from] });
  const bin = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> }).bin;
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.cdktf);
}

if (require.main === module) {
  const child = spawn(process.execPath, [cdktfCliPath(), ...process.argv.slice(2)], { stdio: 'inherit', env: quietCdktfEnv(process.env) });
  // Ctrl-C reaches cdktf too (same process group): wait for it to stop. A SIGTERM sent to this wrapper is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(signal ? 128 + (os.constants.signals[signal] ?? 1) : code ?? 1));
}
