import * as fs from 'fs';
import * as path from 'path';

let cached: string | undefined;

/** Names the package is published under: the cdktf package, and its CDK Terrain flavour (scripts/build-cdktn.ts). */
const PACKAGE_NAMES: readonly string[] = ['cdktf-azure-guardrails', 'cdktn-azure-guardrails'];

/**
 * The installed package's root folder (where `policies/` lives), found by walking up from this file so it works
 * both from the TypeScript sources (`lib/core`) and the compiled package (`dist/lib/core`).
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const name = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name;
      if (name !== undefined && PACKAGE_NAMES.includes(name)) return (cached = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cdktf-azure-guardrails: cannot find the package root above ${__dirname}`);
    dir = parent;
  }
}

/** Absolute path of the package's `policies/` folder. */
export function policiesDir(): string {
  return path.join(packageRoot(), 'policies');
}
