/**
 * Shared by the tests that use the package as a consumer gets it (`test/package.test.ts`,
 * `test/cdktn/package.test.ts`): pack it, install the tarball into a fresh project without the network (the
 * tarball is unpacked where npm would put it; other packages are linked from this repository's node_modules, whose
 * versions are the ones CI installs), and read the README's quick start exactly as written.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..');

/** Runs a command; on failure the error carries its stdout and stderr. Checkpoint calls are off. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** `npm pack` of a package folder into `dest`: the tarball's path and the files it holds. */
export function pack(packageDir: string, dest: string): { tarball: string; files: string[] } {
  const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest, packageDir], ROOT);
  const packed = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(dest, packed[0].filename), files: packed[0].files.map((f) => f.path) };
}

/** Creates `node_modules/.bin` links for the commands of the package installed at `dir`, as npm does. */
function linkBins(project: string, dir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; bin?: string | Record<string, string> };
  const bins = typeof manifest.bin === 'string' ? { [manifest.name.split('/').pop()!]: manifest.bin } : manifest.bin ?? {};
  const binDir = path.join(project, 'node_modules', '.bin');
  for (const [command, target] of Object.entries(bins)) {
    fs.mkdirSync(binDir, { recursive: true });
    fs.rmSync(path.join(binDir, command), { force: true });
    fs.symlinkSync(path.relative(binDir, path.join(dir, target)), path.join(binDir, command));
  }
}

/** Unpacks a tarball into `<project>/node_modules/<name>` (what `npm install <tarball>` puts there); returns that folder. */
export function installTarball(project: string, tarball: string, name: string): string {
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(project, { recursive: true });
  const staging = fs.mkdtempSync(path.join(project, '.unpack-'));
  run('tar', ['-xzf', tarball, '-C', staging], project);
  const target = path.join(modules, name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(path.join(staging, 'package'), target);
  fs.rmSync(staging, { recursive: true, force: true });
  linkBins(project, target);
  return target;
}

/** Links `<project>/node_modules/<name>` to this repository's installed copy. */
export function linkPackage(project: string, name: string): void {
  const source = path.join(ROOT, 'node_modules', name);
  if (!fs.existsSync(path.join(source, 'package.json'))) throw new Error(`${name} is not installed in this repository's node_modules`);
  const target = path.join(project, 'node_modules', name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(source, target, 'dir');
  linkBins(project, target);
}

/** A package spec of an `npm install` line: `name`, `name@range`, `@scope/name@range`, quotes removed. */
export function parseSpec(spec: string): { name: string; range?: string } {
  const bare = spec.replace(/^(['"])(.*)\1$/, '$2');
  const at = bare.indexOf('@', 1);
  return at < 0 ? { name: bare } : { name: bare.slice(0, at), range: bare.slice(at + 1) };
}

/** The README's quick start: its shell commands, and the files it shows (`name`: followed by a code block). */
export interface QuickStart {
  /** Lines of the first `sh` block (the project setup), comments and blank lines removed. */
  readonly setup: string[];
  /** The `npm install` lines of the setup: packages (with ranges) and whether they are dev dependencies. */
  readonly installs: { readonly dev: boolean; readonly specs: { name: string; range?: string }[] }[];
  /** Files by name, as shown. */
  readonly files: Record<string, string>;
  /** Lines of every `sh` block after the first one. */
  readonly commands: string[];
}

/** Splits a shell line into words, keeping quoted words whole (enough for the README's npm lines). */
function words(line: string): string[] {
  return line.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
}

/** The quick start under `## <heading>` of a README (up to the next `## `). */
export function readQuickStart(readme: string, heading: string): QuickStart {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "## ${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/(?:^|\n)(?:`([^`\n]+)`:\n\n)?```(\w+)\n([\s\S]*?)```/g)];
  const files: Record<string, string> = {};
  const sh: string[][] = [];
  for (const [, file, lang, body] of blocks) {
    if (file) files[file] = body;
    else if (lang === 'sh') sh.push(body.split('\n').map((l) => l.replace(/(^|\s)#.*$/, '').trim()).filter((l) => l !== ''));
  }
  if (sh.length === 0) throw new Error(`README section "${heading}" has no sh block`);
  const setup = sh[0];
  const installs = setup.filter((l) => /^npm install\b/.test(l)).map((l) => {
    const args = words(l).slice(2);
    return { dev: args.includes('--save-dev') || args.includes('-D'), specs: args.filter((a) => !a.startsWith('-')).map(parseSpec) };
  });
  return { setup, installs, files, commands: sh.slice(1).flat() };
}
