/**
 * scripts/build-cdktn.ts: the renames that turn this tree into the CDK Terrain flavour touch module specifiers only,
 * and the flavour's manifest is derived from the primary one. (The build itself, and the suite against it, run in
 * `npm run test:cdktn`.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { cdktnManifest, CDKTN_CONSUMER_RENAMES, PackageManifest, remainingSpecifiers, rewriteImports } from '../scripts/build-cdktn';

describe('rewriteImports', () => {
  test('renames every form of module specifier, deep imports included', () => {
    const source = [
      "import { App, TerraformStack } from 'cdktf';",
      'import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";',
      "import type { Construct } from 'constructs';",
      "export { Token } from 'cdktf';",
      "import 'cdktf';",
      "const lazy = require('@cdktf/provider-azurerm/lib/provider');",
      "const later = await import('cdktf');",
      "import cdktf = require('cdktf');",
    ].join('\n');
    expect(rewriteImports(source)).toBe([
      "import { App, TerraformStack } from 'cdktn';",
      'import { ResourceGroup } from "@cdktn/provider-azurerm/lib/resource-group";',
      "import type { Construct } from 'constructs';",
      "export { Token } from 'cdktn';",
      "import 'cdktn';",
      "const lazy = require('@cdktn/provider-azurerm/lib/provider');",
      "const later = await import('cdktn');",
      "import cdktf = require('cdktn');",
    ].join('\n'));
    expect(remainingSpecifiers(source)).toHaveLength(7);
    expect(remainingSpecifiers(rewriteImports(source))).toEqual([]);
  });

  test('leaves strings, comments, look-alike packages and identifiers alone', () => {
    const source = [
      "// cdktf's Token: see 'cdktf' docs",
      "const description = 'cdktf-azure-guardrails registry quarantine';",
      "import { x } from 'cdktf-azure-guardrails';",
      "import { y } from '@cdktf/provider-aws/lib/x';",
      "import { z } from 'cdktf-cli';",
      'const cdktf = 1;',
    ].join('\n');
    expect(rewriteImports(source)).toBe(source);
  });

  test('a consumer also renames this package', () => {
    expect(rewriteImports("import { DefenderForCloud } from 'cdktf-azure-guardrails';\nimport { App } from 'cdktf';", CDKTN_CONSUMER_RENAMES))
      .toBe("import { DefenderForCloud } from 'cdktn-azure-guardrails';\nimport { App } from 'cdktn';");
  });

  test('every source file the build renames still parses into the same statements (only specifiers change)', () => {
    const root = path.resolve(__dirname, '..');
    const files = ['lib/defender/defender-for-cloud.ts', 'lib/core/terraform-literal.ts', 'stacks/baseline.ts'].map((f) => path.join(root, f));
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const renamed = rewriteImports(text);
      expect(renamed.split('\n')).toHaveLength(text.split('\n').length);
      const changed = text.split('\n').filter((line, i) => line !== renamed.split('\n')[i]);
      expect(changed.length).toBeGreaterThan(0);
      for (const line of changed) expect(line).toMatch(/from '(cdktf|@cdktf\/provider-azurerm\/lib\/[\w-]+)';$/);
    }
  });
});

describe('cdktnManifest', () => {
  const primary: PackageManifest = {
    name: 'cdktf-azure-guardrails', version: '1.2.3', description: 'Kit.', keywords: ['cdktf', 'azure'],
    engines: { node: '>=20' }, files: ['dist/lib'], bin: { guardrails: 'dist/bin/guardrails.js' },
    scripts: { test: 'jest' }, overrides: { x: '1' },
    peerDependencies: { '@cdktf/provider-azurerm': '^14.23.0', cdktf: '^0.21.0', constructs: '^10.4.2' },
    devDependencies: { cdktn: '0.24.0', '@cdktn/provider-azurerm': '~16.1.0' },
  };

  test('renames, swaps the peers for the cdktn ones CI tests, drops scripts, dev dependencies and overrides', () => {
    const m = cdktnManifest(primary, { constructs: '>=10.6.0 <10.8.0', node: '>=20.16.0' });
    expect(m).toEqual({
      name: 'cdktn-azure-guardrails', version: '1.2.3', description: 'CDK Terrain (cdktn) flavour of cdktf-azure-guardrails. Kit.',
      keywords: ['azure', 'cdktn', 'cdk-terrain'], engines: { node: '>=20.16.0' }, files: ['dist/lib'],
      bin: { guardrails: 'dist/bin/guardrails.js' },
      peerDependencies: { '@cdktn/provider-azurerm': '^16.1.0', cdktn: '^0.24.0', constructs: '>=10.6.0 <10.8.0' },
    });
  });

  test('refuses to guess a peer range it cannot derive', () => {
    expect(() => cdktnManifest({ ...primary, devDependencies: { cdktn: '0.24.0' } }, { constructs: '*' }))
      .toThrow('package.json: devDependencies has no "@cdktn/provider-azurerm"');
    expect(() => cdktnManifest({ ...primary, devDependencies: { cdktn: 'latest', '@cdktn/provider-azurerm': '~16.1.0' } }, { constructs: '*' }))
      .toThrow('devDependencies["cdktn"] is "latest"');
  });
});
