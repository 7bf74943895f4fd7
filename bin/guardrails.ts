#!/usr/bin/env node
// The `guardrails` command line; all logic lives in lib/cli.
import { main } from '../lib/cli/main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`guardrails: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 2;
  },
);
