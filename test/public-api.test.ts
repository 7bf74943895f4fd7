/**
 * The package's public API is deliberate (issue 16 item 4): lib/index.ts lists every export by name, and this test
 * pins the list, the engine's with it. Adding, removing or renaming an export changes the snapshot: update it with
 * `npx jest -u test/public-api.test.ts` only when the API change is intended, and say so in the commit.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const LIB = path.resolve(__dirname, '..', 'lib');

interface ExportedName {
  readonly name: string;
  readonly kind: 'value' | 'type' | 'namespace';
}

/** The names a module exports, read from its export declarations (the module must name every export). */
function exportsOf(file: string): ExportedName[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: ExportedName[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement)) {
      const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
      if (modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        throw new Error(`${path.relative(LIB, file)} declares an export itself (${statement.getText().slice(0, 60)}): it only re-exports`);
      }
      continue;
    }
    const clause = statement.exportClause;
    if (!clause) throw new Error(`${path.relative(LIB, file)}: "export *" hides what is exported; name the exports`);
    if (ts.isNamespaceExport(clause)) {
      out.push({ name: clause.name.text, kind: 'namespace' });
      continue;
    }
    for (const element of clause.elements) {
      out.push({ name: element.name.text, kind: statement.isTypeOnly || element.isTypeOnly ? 'type' : 'value' });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const render = (names: ExportedName[], prefix = '') => names.map((n) => `${n.kind.padEnd(9)} ${prefix}${n.name}`);

describe('public API', () => {
  const top = exportsOf(path.join(LIB, 'index.ts'));
  const engine = exportsOf(path.join(LIB, 'policy-engine', 'index.ts'));

  test('the list of public exports', () => {
    expect([...render(top), ...render(engine, 'engine.')]).toMatchSnapshot();
  });

  test('no name is exported twice', () => {
    const names = top.map((n) => n.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  test('the runtime exports are exactly the value exports of the list', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtime = Object.keys(require('../lib') as object).filter((k) => k !== '__esModule').sort();
    expect(runtime).toEqual(top.filter((n) => n.kind !== 'type').map((n) => n.name).sort());
  });

  test('the engine\'s runtime exports are exactly its value exports', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtime = Object.keys(require('../lib/policy-engine') as object).filter((k) => k !== '__esModule').sort();
    expect(runtime).toEqual(engine.filter((n) => n.kind !== 'type').map((n) => n.name).sort());
  });

  test('internal helpers stay internal', () => {
    const names = new Set(top.map((n) => n.name));
    for (const helper of ['invalid', 'oneOf', 'requireGuid', 'stableHash', 'packageRoot', 'parseResourceId', 'parseEventHubId', 'warn',
      'addDiagnosticSetting', 'adoptExisting', 'protectFromDestroy', 'renderArmParameters', 'loadKitDefinition', 'jitPolicyTemplate']) {
      expect([helper, names.has(helper)]).toEqual([helper, false]);
    }
  });
});
