import * as path from 'path';
import { Readable } from 'stream';
import { CliIo } from '../../lib/cli/io';
import { main } from '../../lib/cli/main';

/** Folder of the CLI test fixtures. */
export const FIXTURES = path.join(__dirname, 'fixtures');

/** What one in-process CLI run produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `guardrails <argv>` in-process with in-memory streams; relative paths resolve against the fixtures folder. */
export async function run(argv: string[], options: { cwd?: string; stdin?: string; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: options.tty ?? false, columns: 100 },
    stdin: Readable.from(options.stdin !== undefined ? [options.stdin] : []),
    cwd: options.cwd ?? FIXTURES,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
