/**
 * `npm run test:cdktn`: the test suite against CDK Terrain (cdktn) instead of CDK for Terraform.
 *
 * The library's sources are loaded as they are, with `cdktf` resolved to `cdktn` and `@cdktf/provider-azurerm/...`
 * to `@cdktn/provider-azurerm/...` (the same renames scripts/build-cdktn.ts applies to build the
 * `cdktn-azure-guardrails` package). Only the test files that load cdktf (directly or through what they import) run:
 * the others (policy engine, CLI, policy files) cannot behave differently. Their snapshots must match the cdktf ones
 * (test/cdktn/snapshot-serializer.ts accounts for the one known difference, the pinned azurerm version). test/cdktn/
 * adds the flavour's own tests: the built package and the reference app's JSON, compared between flavours.
 */
const fs = require('fs');
const path = require('path');
const base = require('./jest.config');

const root = __dirname;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/gm;

/** True when `file` loads cdktf or its provider bindings, itself or through the relative imports it follows. */
function loadsCdktf(file, memo = new Map()) {
  if (memo.has(file)) return memo.get(file);
  memo.set(file, false);
  // Template literals are text, not imports (test/package.test.ts writes a consumer's code into a file).
  const text = fs.readFileSync(file, 'utf8').replace(/`(?:\\[\s\S]|[^`\\])*`/g, '``');
  let found = false;
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[2];
    if (spec === 'cdktf' || spec.startsWith('@cdktf/')) { found = true; break; }
    if (!spec.startsWith('.')) continue;
    const target = [`${spec}.ts`, path.join(spec, 'index.ts'), spec].map((s) => path.resolve(path.dirname(file), s))
      .find((f) => f.endsWith('.ts') && fs.existsSync(f));
    if (target && loadsCdktf(target, memo)) { found = true; break; }
  }
  memo.set(file, found);
  return found;
}

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(full);
    return e.name.endsWith('.test.ts') ? [full] : [];
  });
}

const memo = new Map();
const selected = testFiles(path.join(root, 'test'))
  .filter((f) => f.startsWith(path.join(root, 'test', 'cdktn') + path.sep) || loadsCdktf(f, memo));

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'cdktn',
  testMatch: selected.map((f) => `<rootDir>/${path.relative(root, f).split(path.sep).join('/')}`),
  testPathIgnorePatterns: ['/node_modules/'],
  moduleNameMapper: {
    '^cdktf$': 'cdktn',
    '^@cdktf/provider-azurerm/(.*)$': '@cdktn/provider-azurerm/$1',
  },
  snapshotSerializers: ['<rootDir>/test/cdktn/snapshot-serializer.ts'],
  // Snapshots are the cdktf ones: never written from this run.
  ci: true,
};
