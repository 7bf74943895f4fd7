/**
 * Runs a policy conformance corpus (JSONL in the `guardrails eval --batch` format plus `expect`) through the engine.
 * Usage: npx tsx scripts/conformance.ts <file.jsonl> [--verbose]
 * Prints the failures, then exactly "N passed, N failed"; exits non-zero when any case fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import { batchOptions } from '../lib/cli/batch';
import { evaluateBatchRequest } from '../lib/policy-engine';

interface Expectation {
  effect?: string | null;
  error?: boolean;
  details?: unknown;
}

/** JSON with object keys sorted, for order-insensitive comparison. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x);
}

function main(): number {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: npm run conformance -- <file.jsonl> [--verbose]\n');
    return 2;
  }
  const text = fs.readFileSync(file, 'utf8');
  const options = batchOptions(path.dirname(path.resolve(file)));
  let passed = 0;
  let failed = 0;
  let detailNotes = 0;
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let req: Record<string, unknown>;
    try {
      req = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      failed++;
      process.stdout.write(`FAIL line ${i + 1}: not valid JSON (${(e as Error).message})\n`);
      return;
    }
    const expect = (req.expect ?? {}) as Expectation;
    const result = evaluateBatchRequest(req, options);
    let ok: boolean;
    let why = '';
    if (expect.error === true) {
      ok = result.error !== undefined && (result.error.stage === 'parse' || result.error.stage === 'compile');
      if (!ok) why = `expected a parse/compile error, got effect ${JSON.stringify(result.effect)}${result.error ? ` and ${result.error.stage} error: ${result.error.message}` : ''}`;
    } else {
      const want = expect.effect === undefined || expect.effect === null ? null : String(expect.effect).toLowerCase();
      const got = result.effect === null ? null : result.effect.toLowerCase();
      ok = want === got && (result.error === undefined || want !== null);
      if (want === got && result.error && want === null) ok = false;
      if (!ok) why = `expected effect ${JSON.stringify(expect.effect ?? null)}, got ${JSON.stringify(result.effect)}${result.error ? ` (${result.error.stage} error: ${result.error.message}${result.error.pointer !== undefined ? ` at ${result.error.pointer}` : ''})` : ''}`;
      if (ok && expect.details !== undefined && canonical(expect.details) !== canonical(result.details)) {
        detailNotes++;
        if (verbose) process.stdout.write(`note ${String(req.id)}: details differ (informative): want ${JSON.stringify(expect.details)} got ${JSON.stringify(result.details)}\n`);
      }
    }
    if (ok) passed++;
    else {
      failed++;
      process.stdout.write(`FAIL ${String(req.id ?? `line ${i + 1}`)}: ${why}\n`);
    }
  });
  if (verbose && detailNotes) process.stdout.write(`${detailNotes} case(s) with differing (informative) details\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main();
