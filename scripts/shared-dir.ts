/**
 * Where the derivation scripts find `../shared` (the corpora beside the project, never part of the package):
 * `$GUARDRAILS_SHARED_DIR`, else the first `shared/<sub>` folder found walking up from the package root (the
 * canonical checkout has it beside it, a git worktree one level further up).
 */
import * as fs from 'fs';
import * as path from 'path';

export function sharedDir(sub: string): string {
  const env = process.env.GUARDRAILS_SHARED_DIR;
  if (env) return path.join(env, sub);
  let dir = path.join(__dirname, '..');
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, '..', 'shared', sub);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.join(__dirname, '..', '..', 'shared', sub);
}
