import { PolicyEngineError } from './errors';

/** Parsed ARM template expression. */
export type ExprNode =
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly ExprNode[] }
  | { readonly k: 'prop'; readonly obj: ExprNode; readonly name: string }
  | { readonly k: 'index'; readonly obj: ExprNode; readonly idx: ExprNode };

/** Whether a JSON string is a template expression ("[...]" but not the "[[" escape). */
export function isExpressionString(s: string): boolean {
  return s.length >= 2 && s.charCodeAt(0) === 91 /* [ */ && s.charCodeAt(1) !== 91 && s.charCodeAt(s.length - 1) === 93 /* ] */;
}

/** Unescapes a "[[literal]" string to "[literal]"; other strings unchanged. */
export function unescapeLiteral(s: string): string {
  return s.length >= 2 && s.startsWith('[[') ? s.slice(1) : s;
}

const MAX_DEPTH = 64;
const MAX_LENGTH = 100_000;

/** Parses the text of a template expression (with its outer brackets). Throws PolicyEngineError(stage compile). */
export function parseExpression(text: string, pointer: string): ExprNode {
  if (text.length > MAX_LENGTH) throw new PolicyEngineError('compile', `template expression longer than ${MAX_LENGTH} characters`, pointer);
  const src = text.slice(1, -1);
  let i = 0;
  const fail = (msg: string): never => {
    throw new PolicyEngineError('compile', `invalid template expression ${JSON.stringify(text.length > 200 ? text.slice(0, 200) + '...' : text)}: ${msg} at position ${i + 1}`, pointer);
  };
  const ws = (): void => {
    while (i < src.length && (src[i] === ' ' || src[i] === '\t' || src[i] === '\n' || src[i] === '\r')) i++;
  };
  const ident = (): string => {
    const start = i;
    while (i < src.length && /[A-Za-z0-9_]/.test(src[i])) i++;
    if (i === start) fail('expected a function name, string or number');
    return src.slice(start, i);
  };
  const primary = (depth: number): ExprNode => {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    ws();
    const c = src[i];
    if (c === undefined) return fail('unexpected end of expression');
    let node: ExprNode;
    if (c === "'") {
      i++;
      let out = '';
      for (;;) {
        if (i >= src.length) fail('unterminated string literal');
        const ch = src[i];
        if (ch === "'") {
          if (src[i + 1] === "'") {
            out += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        out += ch;
        i++;
      }
      node = { k: 'str', v: out };
    } else if ((c >= '0' && c <= '9') || c === '-' || c === '+' || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i));
      if (!m) return fail('invalid number');
      i += m[0].length;
      node = { k: 'num', v: Number(m[0]) };
    } else if (/[A-Za-z_]/.test(c)) {
      const name = ident();
      ws();
      if (src[i] !== '(') {
        const lit = name.toLowerCase();
        if (lit === 'true' || lit === 'false') return { k: 'call', name: lit, args: [] };
        if (lit === 'null') return { k: 'call', name: 'null', args: [] };
        fail(`expected '(' after function name '${name}'`);
      }
      i++;
      const args: ExprNode[] = [];
      ws();
      if (src[i] === ')') {
        i++;
      } else {
        for (;;) {
          args.push(expr(depth + 1));
          ws();
          if (src[i] === ',') {
            i++;
            continue;
          }
          if (src[i] === ')') {
            i++;
            break;
          }
          fail(src[i] === undefined ? `missing ')' to close '${name}('` : `unexpected '${src[i]}' in arguments of '${name}'`);
        }
      }
      node = { k: 'call', name, args };
    } else {
      return fail(`unexpected '${c}'`);
    }
    return node;
  };
  const expr = (depth: number): ExprNode => {
    let node = primary(depth);
    for (;;) {
      ws();
      if (src[i] === '.') {
        i++;
        ws();
        const start = i;
        while (i < src.length && /[A-Za-z0-9_$@-]/.test(src[i])) i++;
        if (i === start) fail("expected a property name after '.'");
        node = { k: 'prop', obj: node, name: src.slice(start, i) };
      } else if (src[i] === '[') {
        i++;
        const idx = expr(depth + 1);
        ws();
        if (src[i] !== ']') fail("missing ']'");
        i++;
        node = { k: 'index', obj: node, idx };
      } else {
        return node;
      }
    }
  };
  const root = expr(0);
  ws();
  if (i < src.length) fail(`unexpected '${src[i]}' after the expression`);
  return root;
}
