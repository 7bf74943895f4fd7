/**
 * The README's "At synth time, in cdktf" example type-checks against this package (its import of
 * `cdktf-azure-guardrails` mapped to lib/index.ts), with the compiler options the README's quick start gives.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');

function exampleOf(readme: string, heading: string): string {
  const at = readme.indexOf(`\n### ${heading}\n`);
  if (at < 0) throw new Error(`README has no heading "### ${heading}"`);
  const next = readme.indexOf('\n#', at + heading.length + 6);
  const section = readme.slice(at, next < 0 ? undefined : next);
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`"${heading}" has no ts code block`);
  return block[1];
}

test('README: the synth-time check example type-checks', () => {
  const code = exampleOf(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), 'At synth time, in cdktf');
  expect(code).toContain("from 'cdktf-azure-guardrails'");
  expect(code).toContain('PolicyPreflight.check(app');
  expect(code).toContain('PolicyPreflight.acknowledge(');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-check-'));
  const file = path.join(dir, 'main.ts');
  fs.writeFileSync(file, code);
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true,
    types: ['node'], typeRoots: [path.join(root, 'node_modules', '@types')], baseUrl: root,
    paths: { 'cdktf-azure-guardrails': [path.join(root, 'lib', 'index.ts')], '*': [path.join(root, 'node_modules', '*')] },
    resolveJsonModule: true,
  });
  // Only the example is checked (the package's own sources are type-checked by npm run typecheck).
  const diagnosticsOf = (p: ts.Program): string[] => {
    const sf = p.getSourceFile(file)!;
    return [...p.getSyntacticDiagnostics(sf), ...p.getSemanticDiagnostics(sf)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  };
  expect(diagnosticsOf(program)).toEqual([]);
  // A deliberate mistake is caught (the check above can fail).
  fs.writeFileSync(file, code.replace("members: 'deny-capable'", "members: 'every-member'"));
  const broken = ts.createProgram([file], program.getCompilerOptions(), undefined, program);
  expect(diagnosticsOf(broken).join('\n')).toMatch(/every-member/);
}, 120000);
