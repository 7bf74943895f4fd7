/**
 * `npm run build:cdktn`: builds the CDK Terrain flavour of the package, `cdktn-azure-guardrails`, from this tree.
 *
 * CDK Terrain (`cdktn`, `@cdktn/provider-azurerm`) is the community fork of CDK for Terraform, whose last release is
 * cdktf 0.21. Its packages are a rename: the same classes under other module names, the same synthesized JSON. The
 * flavour is therefore not a second code base but a build step:
 *
 * 1. every `.ts` file of `lib/`, `bin/` and `stacks/` is copied to `build/cdktn/src/` with its module specifiers
 *    renamed (`cdktf` -> `cdktn`, `@cdktf/provider-azurerm/...` -> `@cdktn/provider-azurerm/...`; nothing else in
 *    the text changes, so strings the kit writes into Terraform stay identical);
 * 2. `tsc` compiles that copy against cdktn's own type declarations (a type error fails the build) to
 *    `build/cdktn/dist/` (`dist/stacks` is the reference app, for tests; it is not shipped);
 * 3. every non-compiled file the primary package ships (as `npm pack` lists it: policies, data, READMEs) is copied
 *    to the same place, and `package.json` is rewritten: name, peers, keywords;
 * 4. the compiled output is checked for any module specifier still naming cdktf.
 *
 * `npm pack build/cdktn` (or `npm publish build/cdktn`) then packs `cdktn-azure-guardrails`. The cdktf package stays
 * the primary one; `npm run test:cdktn` runs the test suite against this flavour.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** Where the flavour is built, relative to the repository root. */
export const CDKTN_BUILD_DIR = path.join('build', 'cdktn');

/** Name of the CDK Terrain flavour's package. */
export const CDKTN_PACKAGE_NAME = 'cdktn-azure-guardrails';

/** Module renames from CDK for Terraform to CDK Terrain: a specifier equal to the key, or under it, is renamed. */
export const CDKTN_MODULE_RENAMES: Readonly<Record<string, string>> = Object.freeze({
  cdktf: 'cdktn',
  '@cdktf/provider-azurerm': '@cdktn/provider-azurerm',
});

/** The renames a consumer applies to their own code: the frameworks, and this package's name. */
export const CDKTN_CONSUMER_RENAMES: Readonly<Record<string, string>> = Object.freeze({
  ...CDKTN_MODULE_RENAMES,
  'cdktf-azure-guardrails': CDKTN_PACKAGE_NAME,
});

// A module specifier in `import ... from '<m>'`, `export ... from '<m>'`, `import '<m>'`, `import('<m>')`,
// `require('<m>')` and `import x = require('<m>')`. Only the quoted specifier is replaced.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\2/gm;

/**
 * Renames module specifiers in TypeScript or JavaScript source text. A specifier is renamed when it equals a key of
 * `renames` or starts with the key followed by `/` (a deep import). Comments and other strings are left alone.
 */
export function rewriteImports(source: string, renames: Readonly<Record<string, string>> = CDKTN_MODULE_RENAMES): string {
  return source.replace(SPECIFIER, (whole, lead: string, quote: string, specifier: string) => {
    const renamed = renameSpecifier(specifier, renames);
    return renamed === specifier ? whole : `${lead}${quote}${renamed}${quote}`;
  });
}

function renameSpecifier(specifier: string, renames: Readonly<Record<string, string>>): string {
  for (const [from, to] of Object.entries(renames)) {
    if (specifier === from) return to;
    if (specifier.startsWith(`${from}/`)) return to + specifier.slice(from.length);
  }
  return specifier;
}

/** Module specifiers in `source` that name a key of `renames` (what a complete rewrite leaves none of). */
export function remainingSpecifiers(source: string, renames: Readonly<Record<string, string>> = CDKTN_MODULE_RENAMES): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(SPECIFIER)) if (renameSpecifier(m[3], renames) !== m[3]) found.push(m[3]);
  return found;
}

/** The parts of package.json the flavour build reads and writes. */
export interface PackageManifest {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  engines?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** Version range of a package as this repository's devDependencies pin it (what CI tests with). */
function devRange(pkg: PackageManifest, name: string): string {
  const range = pkg.devDependencies?.[name];
  if (!range) throw new Error(`package.json: devDependencies has no "${name}"; the cdktn flavour is tested against it`);
  return range;
}

/** Caret range of the version a dev range pins (`0.24.0` and `~16.1.0` become `^0.24.0` and `^16.1.0`). */
function caret(range: string, name: string): string {
  const m = /^[~^]?(\d+\.\d+\.\d+)$/.exec(range);
  if (!m) throw new Error(`package.json: devDependencies["${name}"] is "${range}"; expected an exact version or a ~/^ range`);
  return `^${m[1]}`;
}

/**
 * The flavour's package.json, derived from the primary one: another name, cdktn peers at the versions CI tests,
 * `constructs` within what cdktn accepts, no scripts or dev dependencies. Everything else (version, files, bin,
 * repository, license) is the primary package's.
 *
 * cdktn's own peer range for `constructs` applies as it is (npm does not let a consumer override it; with
 * constructs 10.8 installed, `npm install` fails with ERESOLVE), and `@cdktn/provider-azurerm` 16.1 declares
 * `cdktn ^0.23` although it works with 0.24: the consumer's package.json needs the `overrides` entry the README
 * shows (npm ignores `overrides` in a dependency's manifest, so it cannot live here).
 */
export function cdktnManifest(pkg: PackageManifest, cdktnPeers: { constructs: string; node?: string }): PackageManifest {
  const { scripts: _scripts, devDependencies: _dev, overrides: _overrides, ...rest } = pkg;
  void _scripts; void _dev; void _overrides;
  const peers: Record<string, string> = {};
  for (const [name, range] of Object.entries(pkg.peerDependencies ?? {})) {
    const renamed = renameSpecifier(name, CDKTN_MODULE_RENAMES);
    if (renamed === name && name !== 'constructs') peers[name] = range;
  }
  peers.cdktn = caret(devRange(pkg, 'cdktn'), 'cdktn');
  peers['@cdktn/provider-azurerm'] = caret(devRange(pkg, '@cdktn/provider-azurerm'), '@cdktn/provider-azurerm');
  peers.constructs = cdktnPeers.constructs;
  return {
    ...rest,
    name: CDKTN_PACKAGE_NAME,
    description: `CDK Terrain (cdktn) flavour of cdktf-azure-guardrails. ${pkg.description ?? ''}`.trim(),
    keywords: [...new Set([...(pkg.keywords ?? []).filter((k) => k !== 'cdktf'), 'cdktn', 'cdk-terrain'])],
    // @cdktn/provider-azurerm needs a newer Node 20 than the primary package does.
    engines: { ...pkg.engines, ...(cdktnPeers.node ? { node: cdktnPeers.node } : {}) },
    peerDependencies: Object.fromEntries(Object.entries(peers).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** Banner on top of the flavour's README. */
export const CDKTN_README_BANNER = `> **CDK Terrain flavour.** This is \`${CDKTN_PACKAGE_NAME}\`, built from the same source as
> \`cdktf-azure-guardrails\` for [CDK Terrain](https://github.com/open-constructs/cdk-terrain). Where this README says
> \`cdktf-azure-guardrails\`, \`cdktf\` or \`@cdktf/provider-azurerm\`, use \`${CDKTN_PACKAGE_NAME}\`, \`cdktn\` or
> \`@cdktn/provider-azurerm\`; install it as [CDK Terrain](#cdk-terrain) shows.

`;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

function copy(from: string, to: string, text?: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (text === undefined) fs.copyFileSync(from, to);
  else fs.writeFileSync(to, text);
}

/** Files the primary package ships, as `npm pack` lists them (package.json `files` resolved by npm itself). */
function shippedFiles(root: string): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

/** Builds the flavour into `<root>/build/cdktn`; returns that folder. */
export function buildCdktn(root: string = ROOT): string {
  const out = path.join(root, CDKTN_BUILD_DIR);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });

  // 1. Sources, renamed. JSON next to them is copied as it is (tsc emits the JSON files the code imports).
  for (const folder of ['lib', 'bin', 'stacks']) {
    for (const file of walk(path.join(root, folder))) {
      const rel = path.relative(root, file);
      if (file.endsWith('.ts') && !file.endsWith('.test.ts')) copy(file, path.join(out, 'src', rel), rewriteImports(fs.readFileSync(file, 'utf8')));
      else if (file.endsWith('.json')) copy(file, path.join(out, 'src', rel));
    }
  }

  // 2. Compile against cdktn's declarations, with the repository's compiler options.
  fs.writeFileSync(path.join(out, 'tsconfig.json'), JSON.stringify({
    extends: path.relative(out, path.join(root, 'tsconfig.json')),
    compilerOptions: { noEmit: false, outDir: 'dist', rootDir: 'src', declaration: true, sourceMap: false, types: ['node'] },
    include: ['src/**/*.ts'],
    exclude: [],
  }, null, 2));
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`cdktn flavour: the renamed sources do not compile against cdktn:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  // The reference app reads its default config at run time (not an import, so tsc does not emit it).
  for (const file of walk(path.join(out, 'src', 'stacks'))) {
    if (file.endsWith('.json')) {
      const target = path.join(out, 'dist', path.relative(path.join(out, 'src'), file));
      if (!fs.existsSync(target)) copy(file, target);
    }
  }

  // 3. Everything else the primary package ships, and the manifest.
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageManifest;
  for (const rel of shippedFiles(root)) {
    if (rel === 'package.json' || rel.startsWith('dist/')) continue;
    const text = rel === 'README.md' ? CDKTN_README_BANNER + fs.readFileSync(path.join(root, rel), 'utf8') : undefined;
    copy(path.join(root, rel), path.join(out, rel), text);
  }
  const manifestOf = (name: string) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [root] }), 'utf8')) as PackageManifest;
  const constructs = manifestOf('cdktn').peerDependencies?.constructs;
  if (!constructs) throw new Error('cdktn/package.json declares no peer dependency on constructs');
  const node = manifestOf('@cdktn/provider-azurerm').engines?.node?.replace(/\s+/g, '');
  fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(cdktnManifest(pkg, { constructs, node }), null, 2)}\n`);

  // 4. Nothing compiled may still load cdktf: mixing the two fails at run time.
  const leftovers: string[] = [];
  for (const file of walk(path.join(out, 'dist'))) {
    if (!/\.(js|d\.ts)$/.test(file)) continue;
    for (const s of remainingSpecifiers(fs.readFileSync(file, 'utf8'))) leftovers.push(`${path.relative(out, file)}: '${s}'`);
  }
  if (leftovers.length > 0) throw new Error(`cdktn flavour: compiled files still import cdktf:\n  ${leftovers.join('\n  ')}`);
  return out;
}

if (require.main === module) {
  const started = Date.now();
  try {
    const out = buildCdktn();
    const { name, version } = JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8')) as PackageManifest;
    process.stdout.write(`${name}@${version} built in ${path.relative(process.cwd(), out) || '.'} (${((Date.now() - started) / 1000).toFixed(1)} s); pack it with: npm pack ${path.relative(process.cwd(), out)}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
