import { sameValue, UNKNOWN } from './parameters';

/**
 * A small evaluator for the ARM template expressions that initiatives put in member parameter values, such as
 * `[if(contains(parameters('types'), 'microsoft.keyvault/vaults'), parameters('effect'), 'Disabled')]`, so that
 * a member's effect can be known at synth time. It covers `parameters`, `if`, `contains`, `equals`, `not`, `and`,
 * `or`, `empty`, `toLower`, `toUpper`, `concat` and literals; anything else yields UNKNOWN (never a guess).
 */

type Value = unknown;
type Node = { kind: 'lit'; value: Value } | { kind: 'call'; name: string; args: Node[] };

class Unsupported extends Error {}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')' || c === ',') { tokens.push(c); i++; continue; }
    if (c === '\'') {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Unsupported('unterminated string');
        if (text[i] === '\'') {
          if (text[i + 1] === '\'') { s += '\''; i += 2; continue; }
          i++;
          break;
        }
        s += text[i++];
      }
      tokens.push(`'${s}`);
      continue;
    }
    const m = /^(-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
    if (!m) throw new Unsupported(`unexpected ${c}`);
    tokens.push(m[1]);
    i += m[1].length;
  }
  return tokens;
}

function parse(tokens: string[]): Node {
  let pos = 0;
  const next = (): string => {
    if (pos >= tokens.length) throw new Unsupported('unexpected end');
    return tokens[pos++];
  };
  const expr = (): Node => {
    const t = next();
    if (t.startsWith('\'')) return { kind: 'lit', value: t.slice(1) };
    if (/^-?\d/.test(t)) return { kind: 'lit', value: Number(t) };
    if (tokens[pos] !== '(') {
      if (t === 'true' || t === 'false') return { kind: 'lit', value: t === 'true' };
      throw new Unsupported(`bare identifier ${t}`);
    }
    pos++;
    const args: Node[] = [];
    if (tokens[pos] === ')') { pos++; return { kind: 'call', name: t.toLowerCase(), args }; }
    for (;;) {
      args.push(expr());
      const sep = next();
      if (sep === ')') break;
      if (sep !== ',') throw new Unsupported(`expected , or ) but found ${sep}`);
    }
    return { kind: 'call', name: t.toLowerCase(), args };
  };
  const node = expr();
  if (pos !== tokens.length) throw new Unsupported('trailing tokens');
  return node;
}

function evaluate(node: Node, parameter: (name: string) => Value): Value {
  if (node.kind === 'lit') return node.value;
  const arg = (i: number): Value => {
    if (i >= node.args.length) throw new Unsupported(`${node.name}: missing argument`);
    const v = evaluate(node.args[i], parameter);
    if (v === UNKNOWN) throw new Unsupported('unknown');
    return v;
  };
  switch (node.name) {
    case 'parameters': {
      const name = arg(0);
      if (typeof name !== 'string') throw new Unsupported('parameters() needs a name');
      const v = parameter(name);
      if (v === UNKNOWN) throw new Unsupported('unknown');
      return v;
    }
    case 'if': return arg(0) === true ? arg(1) : arg(0) === false ? arg(2) : (() => { throw new Unsupported('if needs a boolean'); })();
    case 'contains': {
      const container = arg(0);
      const item = arg(1);
      if (Array.isArray(container)) return container.some((c) => sameValue(c, item));
      if (typeof container === 'string' && typeof item === 'string') return container.toLowerCase().includes(item.toLowerCase());
      if (container && typeof container === 'object' && typeof item === 'string') {
        return Object.keys(container).some((k) => k.toLowerCase() === item.toLowerCase());
      }
      throw new Unsupported('contains');
    }
    case 'equals': return sameValue(arg(0), arg(1));
    case 'not': { const v = arg(0); if (typeof v !== 'boolean') throw new Unsupported('not'); return !v; }
    case 'and': return node.args.map((_, i) => arg(i)).every((v) => v === true);
    case 'or': return node.args.map((_, i) => arg(i)).some((v) => v === true);
    case 'empty': {
      const v = arg(0);
      if (v === null || v === '') return true;
      if (Array.isArray(v)) return v.length === 0;
      if (typeof v === 'object') return Object.keys(v as object).length === 0;
      return false;
    }
    case 'tolower': { const v = arg(0); if (typeof v !== 'string') throw new Unsupported('toLower'); return v.toLowerCase(); }
    case 'toupper': { const v = arg(0); if (typeof v !== 'string') throw new Unsupported('toUpper'); return v.toUpperCase(); }
    case 'concat': {
      const vs = node.args.map((_, i) => arg(i));
      if (vs.every((v) => Array.isArray(v))) return ([] as unknown[]).concat(...(vs as unknown[][]));
      if (vs.every((v) => typeof v === 'string' || typeof v === 'number')) return vs.join('');
      throw new Unsupported('concat');
    }
    default: throw new Unsupported(`function ${node.name}`);
  }
}

/**
 * Resolves a value that may be an ARM expression (`"[...]"`); `"[["` escapes a literal `[`. Returns UNKNOWN when
 * the expression uses something unsupported or an unknown parameter.
 */
export function resolveArmValue(value: unknown, parameter: (name: string) => unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[[')) return value.slice(1);
  if (!text.startsWith('[') || !text.endsWith(']')) return value;
  try {
    return evaluate(parse(tokenize(text.slice(1, -1))), parameter);
  } catch (e) {
    if (e instanceof Unsupported) return UNKNOWN;
    throw e;
  }
}
