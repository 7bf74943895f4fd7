import * as path from 'path';
import * as ts from 'typescript';

/**
 * The string-valued props of every construct the package exports, read from the type checker: for each construct
 * class, the JSON-like paths (`workspace.name`, `plans[].subPlan`) of its props whose type admits an arbitrary string
 * (closed string-literal unions are not free text and are left out). Construct-valued props (anything with methods or a
 * `node`) are not walked.
 */
export function constructStringProps(): Record<string, string[]> {
  const root = path.resolve(__dirname, '..', '..');
  const index = path.join(root, 'lib', 'index.ts');
  const program = ts.createProgram([index], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(index)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const out: Record<string, string[]> = {};
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
    const classType = checker.getTypeOfSymbol(symbol);
    const ctor = classType.getConstructSignatures()[0];
    if (!ctor || ctor.parameters.length < 3) continue;
    const instance = ctor.getReturnType();
    if (!instance.getProperty('node')) continue;
    const props = checker.getTypeOfSymbol(ctor.parameters[2]);
    const paths: string[] = [];
    walk(checker, props, '', paths, 0, new Set());
    out[symbol.getName()] = paths.sort();
  }
  return out;
}

function admitsFreeString(t: ts.Type): boolean {
  if (t.isUnion()) return t.types.some((u) => admitsFreeString(u));
  return (t.flags & ts.TypeFlags.String) !== 0;
}

function walk(checker: ts.TypeChecker, type: ts.Type, at: string, out: string[], depth: number, seen: Set<ts.Type>): void {
  if (depth > 8) return;
  const t = checker.getNonNullableType(type);
  if (admitsFreeString(t)) out.push(at);
  const parts = t.isUnion() ? t.types : [t];
  for (const part of parts) {
    if (checker.isArrayType(part)) {
      const element = checker.getTypeArguments(part as ts.TypeReference)[0];
      walk(checker, element, `${at}[]`, out, depth + 1, seen);
      continue;
    }
    if (!(part.flags & ts.TypeFlags.Object) || seen.has(part)) continue;
    if (part.getProperty('node') || part.getCallSignatures().length > 0) continue;
    const members = part.getProperties();
    if (members.some((m) => m.flags & ts.SymbolFlags.Method)) continue;
    const index = part.getStringIndexType();
    seen.add(part);
    if (index) walk(checker, index, `${at}.*`, out, depth + 1, seen);
    for (const m of members) {
      const decl = m.valueDeclaration ?? m.declarations?.[0];
      if (!decl) continue;
      walk(checker, checker.getTypeOfSymbolAtLocation(m, decl), at ? `${at}.${m.getName()}` : m.getName(), out, depth + 1, seen);
    }
    seen.delete(part);
  }
}
