#!/usr/bin/env node
// The `guardrails` command line; all logic lives in lib/cli.
import { main } from '../lib/cli/main';

// `guardrails ... | head`: the reader went away; stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`guardrails: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 2;
  },
);
