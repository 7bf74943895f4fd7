/**
 * The CDK Terrain flavour as its users get it (runs in `npm run test:cdktn` only): scripts/build-cdktn.ts builds
 * `cdktn-azure-guardrails` from this tree, type-checked against cdktn; `npm pack` ships what the cdktf package ships;
 * the README's quick start runs with the documented renames; the CLI runs; and the reference app, built by the same
 * script, synthesizes the same JSON as with cdktf, except for the two version pins that name the framework and the
 * provider.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCdktn, CDKTN_CONSUMER_RENAMES, CDKTN_PACKAGE_NAME, remainingSpecifiers, rewriteImports } from '../../scripts/build-cdktn';
import { installTarball, linkPackage, pack, readQuickStart, ROOT as root, run } from '../packaging';

let work: string;
let built: string;
let tarball: string;
let files: string[];

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-cdktn-'));
  built = buildCdktn(root);
  ({ tarball, files } = pack(built, work));
}, 240000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown> & {
  version: string; devDependencies: Record<string, string>; files: string[];
  peerDependencies: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
/** The primary package's optional peers (@cdktf/hcl2json: HCL input for scan --terraform): not cdktf-specific, kept as they are. */
const optionalPeers = Object.fromEntries(Object.entries(pkg.peerDependencies).filter(([name]) => pkg.peerDependenciesMeta?.[name]?.optional === true));

describe('the built package', () => {
  test('its manifest: another name, cdktn peers at the versions CI tests, the rest as the cdktf package', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(built, 'package.json'), 'utf8')) as Record<string, unknown>;
    const cdktn = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'cdktn', 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
    expect(manifest.name).toBe(CDKTN_PACKAGE_NAME);
    expect(manifest.peerDependencies).toEqual({
      '@cdktn/provider-azurerm': `^${pkg.devDependencies['@cdktn/provider-azurerm'].replace(/^[~^]/, '')}`,
      cdktn: `^${pkg.devDependencies.cdktn}`,
      constructs: cdktn.peerDependencies.constructs,
      ...optionalPeers,
    });
    expect(manifest.peerDependenciesMeta).toEqual(pkg.peerDependenciesMeta);
    for (const key of ['version', 'license', 'main', 'types', 'bin', 'files', 'repository', 'homepage', 'bugs']) expect([key, manifest[key]]).toEqual([key, pkg[key]]);
    expect(manifest).not.toHaveProperty('devDependencies');
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest.keywords).toEqual(expect.arrayContaining(['cdktn', 'cdk-terrain']));
  });

  test('ships what the cdktf package ships, compiled from the renamed sources, with no cdktf import left', () => {
    const primary = (JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], root)) as { files: { path: string }[] }[])[0].files
      .map((f) => f.path).filter((f) => !f.startsWith('dist/') && f !== 'package.json');
    expect(files.filter((f) => !f.startsWith('dist/') && f !== 'package.json').sort()).toEqual(primary.sort());
    expect(files).toEqual(expect.arrayContaining(['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/bin/guardrails.js', 'dist/lib/core/package-root.js']));
    expect(files.filter((f) => f.startsWith('dist/stacks/') || f.startsWith('src/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
    const installed = installTarball(path.join(work, 'scan'), tarball, CDKTN_PACKAGE_NAME);
    const leftovers = files.filter((f) => /\.(js|d\.ts)$/.test(f))
      .filter((f) => remainingSpecifiers(fs.readFileSync(path.join(installed, f), 'utf8')).length > 0);
    expect(leftovers).toEqual([]);
    expect(fs.readFileSync(path.join(installed, 'dist', 'lib', 'defender', 'defender-for-cloud.js'), 'utf8')).toMatch(/require\("cdktn"\)/);
    expect(fs.readFileSync(path.join(installed, 'README.md'), 'utf8')).toMatch(/^> \*\*CDK Terrain flavour\.\*\*/);
  });

  test('the guardrails CLI of the installed package finds its own policies', () => {
    const installed = installTarball(path.join(work, 'cli'), tarball, CDKTN_PACKAGE_NAME);
    const bin = path.join(installed, 'dist', 'bin', 'guardrails.js');
    expect(run(process.execPath, [bin, '--version'], work).trim()).toBe(pkg.version);
    const report = JSON.parse(run(process.execPath, [bin, 'validate', path.join(installed, 'policies'), '--json'], work)) as { passed: number; failed: number };
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThanOrEqual(17);
  });
});

describe('README: CDK Terrain', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const setup = readQuickStart(readme, 'CDK Terrain');
  const example = readQuickStart(readme, 'Using the constructs in your own stack');

  test('installs the flavour and its peers at the versions CI tests, after the override npm needs', () => {
    expect(setup.setup.slice(0, 2)).toEqual(['npm init -y', "npm pkg set 'overrides.@cdktn/provider-azurerm.cdktn=$cdktn'"]);
    const manifest = JSON.parse(fs.readFileSync(path.join(built, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
    const runtime = setup.installs.filter((i) => !i.dev).flatMap((i) => i.specs);
    expect(runtime[0]).toEqual({ name: CDKTN_PACKAGE_NAME });
    const required = Object.keys(manifest.peerDependencies).filter((name) => !(name in optionalPeers));
    expect(new Set(runtime.map((s) => s.name))).toEqual(new Set([CDKTN_PACKAGE_NAME, ...required]));
    for (const spec of runtime.slice(1)) {
      const expected = spec.name === 'constructs' ? manifest.peerDependencies.constructs : pkg.devDependencies[spec.name];
      expect(`${spec.name}@${spec.range}`).toBe(`${spec.name}@${expected}`);
    }
    for (const spec of setup.installs.filter((i) => i.dev).flatMap((i) => i.specs)) {
      expect(`${spec.name}@${spec.range}`).toBe(`${spec.name}@${pkg.devDependencies[spec.name]}`);
    }
  });

  test('the quick start, renamed as the README says, type-checks and synthesizes against the packed flavour', () => {
    const project = path.join(work, 'quickstart');
    fs.mkdirSync(project);
    for (const line of setup.setup.slice(0, 2)) {
      const [cmd, ...args] = line.split(' ');
      run(cmd, args.map((a) => a.replace(/^'(.*)'$/, '$1')), project);
    }
    expect(JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')).overrides).toEqual({ '@cdktn/provider-azurerm': { cdktn: '$cdktn' } });
    for (const spec of setup.installs.flatMap((i) => i.specs)) {
      if (spec.name === CDKTN_PACKAGE_NAME) installTarball(project, tarball, spec.name);
      else linkPackage(project, spec.name);
    }
    for (const [file, text] of Object.entries(example.files)) fs.writeFileSync(path.join(project, file), rewriteImports(text, CDKTN_CONSUMER_RENAMES));
    const main = fs.readFileSync(path.join(project, 'main.ts'), 'utf8');
    expect(main).toMatch(/from 'cdktn';/);
    expect(main).toMatch(/from 'cdktn-azure-guardrails';/);
    expect(remainingSpecifiers(main, CDKTN_CONSUMER_RENAMES)).toEqual([]);

    run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc')], project);
    const app = (JSON.parse(example.files['cdktf.json']) as { app: string }).app;
    const outdir = path.join(project, 'cdktf.out');
    run('sh', ['-c', app], project, {
      PATH: `${path.join(project, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
      CDKTF_OUTDIR: outdir, npm_config_offline: 'true', ARM_SUBSCRIPTION_ID: '5a3d2b1c-8e7f-4a6b-9c0d-1e2f3a4b5c6d',
    });
    const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'security', 'cdk.tf.json'), 'utf8')) as {
      '//': { metadata: { version: string } }; resource: Record<string, Record<string, unknown>>;
    };
    expect(stack['//'].metadata.version).toBe(JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'cdktn', 'package.json'), 'utf8')).version);
    expect(Object.keys(stack.resource.azurerm_security_center_subscription_pricing)).toHaveLength(12);
    expect(Object.keys(stack.resource.azurerm_resource_group)).toHaveLength(2);
  }, 120000);
});

/** Paths (`a.b.c`) where two JSON values differ, with both values. */
function differences(a: unknown, b: unknown, at: string, out: string[] = []): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return out;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`, out);
    return out;
  }
  out.push(`${at}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
  return out;
}

describe('the reference app in both flavours', () => {
  test('synthesizes the same stacks; only the framework version and the pinned azurerm version differ', () => {
    const cdktfOut = path.join(work, 'app-cdktf');
    const cdktnOut = path.join(work, 'app-cdktn');
    // The same config file for both (the built app's default is its own copy, under build/).
    const env = { GUARDRAILS_CONFIG: path.join(root, 'stacks', 'config', 'default.json') };
    const cdktfSays = run(process.execPath, ['--import', 'tsx', 'stacks/main.ts'], root, { ...env, CDKTF_OUTDIR: cdktfOut });
    const cdktnSays = run(process.execPath, [path.join(built, 'dist', 'stacks', 'main.js')], root, { ...env, CDKTF_OUTDIR: cdktnOut });
    expect(cdktnSays.split(path.relative(root, cdktnOut)).join('<out>')).toBe(cdktfSays.split(path.relative(root, cdktfOut)).join('<out>'));
    expect(cdktfSays).toContain(path.relative(root, cdktfOut));

    const version = (pkgName: string) => (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkgName, 'package.json'), 'utf8')) as { version: string }).version;
    const azurerm = (pkgName: string, field: string) =>
      (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkgName, 'package.json'), 'utf8')) as Record<string, { provider: { version: string } }>)[field].provider.version;
    const stacks = fs.readdirSync(path.join(cdktfOut, 'stacks')).sort();
    expect(stacks).toEqual(['management', 'management-group', 'workloads']);
    expect(fs.readdirSync(path.join(cdktnOut, 'stacks')).sort()).toEqual(stacks);
    for (const stack of stacks) {
      const read = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as unknown;
      expect(differences(read(cdktfOut), read(cdktnOut), stack)).toEqual([
        `${stack}.//.metadata.version: "${version('cdktf')}" -> "${version('cdktn')}"`,
        `${stack}.terraform.required_providers.azurerm.version: "${azurerm('@cdktf/provider-azurerm', 'cdktf')}" -> "${azurerm('@cdktn/provider-azurerm', 'cdktn')}"`,
      ]);
    }
    const warnings = (dir: string) => Object.fromEntries(Object.entries((JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { annotations: { level: string; message: string }[] }> }).stacks).map(([name, s]) => [name, s.annotations.map((a) => [a.level, a.message])]));
    expect(warnings(cdktnOut)).toEqual(warnings(cdktfOut));
  }, 120000);
});
