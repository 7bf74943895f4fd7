/**
 * `npx tsx scripts/complete-lockfile.ts`: adds the lockfile entries npm leaves out for other platforms' optional
 * binaries (npm/cli #4828, #8320: a lockfile written on Linux lacks, say, `@swc/core-darwin-arm64`, and `npm ci`
 * then refuses to install anywhere with "Missing: ... from lock file").
 *
 * For every package in package-lock.json that declares optionalDependencies with an exact version, a missing entry
 * is filled from the registry's metadata (version, integrity, os, cpu, libc, license, engines). Where the registry
 * has no manifest for another platform's binary (mirrors that carry only the platforms they serve; that is why npm
 * left the entry out), the platform is read from the package's name (`<name>-<os>-<cpu>[-<abi>]`, the convention of
 * every such package): `npm ci` only needs the entry to recognise the binary and skip it on other machines. Run it
 * after `npm install` changes the lockfile; it changes nothing but the missing entries.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

interface LockEntry {
  version?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const file = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
const packages = lock.packages;

/** Where npm would place `name` for the package at `parent` (its own node_modules, else the top level). */
function locate(parent: string, name: string): string | undefined {
  const nested = `${parent}/node_modules/${name}`;
  if (packages[nested]) return nested;
  return packages[`node_modules/${name}`] ? `node_modules/${name}` : undefined;
}

/** The registry's metadata for name@version, or undefined when the registry has none. */
function registryView(name: string, version: string): Record<string, unknown> | undefined {
  try {
    const text = execFileSync('npm', ['view', `${name}@${version}`, '--json', 'dist.integrity', 'os', 'cpu', 'libc', 'license', 'engines'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return text.trim() ? JSON.parse(text) as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** os/cpu/libc from a platform package's name, e.g. `@swc/core-linux-arm-gnueabihf`. */
function platformFromName(name: string): Record<string, unknown> | undefined {
  const m = /-(android|darwin|freebsd|linux|openharmony|win32|sunos|aix|netbsd|openbsd)-(arm64|arm|x64|ia32|ppc64|s390x|riscv64|loong64|mips64el)(?:-(gnu|musl|gnueabihf|musleabihf|eabi|msvc))?$/.exec(name);
  if (!m) return undefined;
  const [, os, cpu, abi] = m;
  const view: Record<string, unknown> = { os: [os], cpu: [cpu] };
  if (os === 'linux' && abi) view.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  return view;
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (locate(location, name)) continue;
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) {
      process.stderr.write(`skipped ${name}@${spec} (needed by ${location || 'the root'}): not an exact version\n`);
      continue;
    }
    const view = registryView(name, spec) ?? platformFromName(name);
    if (!view) {
      process.stderr.write(`skipped ${name}@${spec}: the registry has no manifest and the name names no platform\n`);
      continue;
    }
    const target = `node_modules/${name}`;
    const filled: LockEntry = { version: spec };
    if (view['dist.integrity']) filled.integrity = view['dist.integrity'] as string;
    for (const key of ['cpu', 'libc', 'license', 'os', 'engines']) if (view[key] !== undefined) filled[key] = view[key];
    if (entry.dev) filled.dev = true;
    filled.optional = true;
    packages[target] = filled;
    added++;
    process.stdout.write(`added ${target}@${filled.version}\n`);
  }
}

// npm keeps entries sorted by location.
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`${added} entr${added === 1 ? 'y' : 'ies'} added\n`);
