/**
 * Terraform's expression language as far as a pre-deploy check needs it: string templates (`"${...}"`, the form every
 * string of a `.tf.json` file and of cdktf's output takes) and native expressions (traversals, indexes, splats,
 * function calls, operators, conditionals, tuples and objects).
 *
 * What is evaluated: literals, references (resolved by the caller's scope), the pure functions below, operators and
 * conditionals on known values. What is not: `for` expressions, template directives (`%{ if }`), heredocs, provider
 * functions, functions not listed here, and anything applied to a value known only after apply: those give UNKNOWN,
 * never a guess. Parsing is bounded (expression length, nesting depth) and evaluation counts steps against a budget.
 */
import { LIMITS, TfObject, TfRef, TfValue, UNKNOWN, dict, isTfObject, isUnknownValue, own, put } from './values';

/** One step after a traversal root. */
export type StepNode = { readonly k: 'attr'; readonly name: string } | { readonly k: 'index'; readonly key: ExprNode } | { readonly k: 'splat' };

/** Parsed expression. */
export type ExprNode =
  | { readonly k: 'lit'; readonly v: TfValue }
  | { readonly k: 'tpl'; readonly parts: readonly ExprNode[] }
  | { readonly k: 'trav'; readonly root: string; readonly steps: readonly StepNode[] }
  | { readonly k: 'post'; readonly obj: ExprNode; readonly steps: readonly StepNode[] }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly ExprNode[]; readonly expand: boolean }
  | { readonly k: 'un'; readonly op: '!' | '-'; readonly a: ExprNode }
  | { readonly k: 'bin'; readonly op: string; readonly a: ExprNode; readonly b: ExprNode }
  | { readonly k: 'cond'; readonly c: ExprNode; readonly a: ExprNode; readonly b: ExprNode }
  | { readonly k: 'tuple'; readonly items: readonly ExprNode[] }
  | { readonly k: 'object'; readonly entries: readonly (readonly [ExprNode, ExprNode])[] }
  | { readonly k: 'unsupported'; readonly why: string };

/** An evaluated traversal step. */
export type Step = { readonly k: 'attr'; readonly name: string } | { readonly k: 'index'; readonly key: TfValue } | { readonly k: 'splat' };

/** What an expression's references resolve against (variables, locals, resources, iterators). */
export interface EvalScope {
  /** Resolves `root.steps...`; returns UNKNOWN for what it cannot know. */
  traverse(root: string, steps: readonly Step[]): TfValue;
  /** Shared step budget. */
  readonly budget: Budget;
}

/** Remaining evaluation steps (shared by every expression of one translation). */
export class Budget {
  public exhausted = false;
  constructor(public left: number = LIMITS.maxEvaluationSteps) {}
  /** Spends n steps; throws BudgetExceeded when none are left. */
  public spend(n = 1): void {
    this.left -= n;
    if (this.left < 0) {
      this.exhausted = true;
      throw new BudgetExceeded();
    }
  }
}

/** Thrown when the evaluation budget is spent; callers turn the value into UNKNOWN. */
export class BudgetExceeded extends Error {
  constructor() {
    super('evaluation step budget exceeded');
  }
}

class ParseFail extends Error {}

const lit = (v: TfValue): ExprNode => ({ k: 'lit', v });

/** Whether a string holds a template sequence (`${` or `%{` not escaped as `$${` / `%%{`). */
export function hasTemplate(s: string): boolean {
  for (let i = s.indexOf('{'); i > 0; i = s.indexOf('{', i + 1)) {
    const c = s[i - 1];
    if ((c === '$' || c === '%') && !(i >= 2 && s[i - 2] === c)) return true;
  }
  return false;
}

class Parser {
  public i = 0;
  public depth = 0;
  constructor(private readonly s: string) {}

  private fail(msg: string): never {
    throw new ParseFail(msg);
  }

  private enter(): void {
    if (++this.depth > LIMITS.maxDepth) this.fail('expression nested too deeply');
  }

  public ws(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        this.i = end < 0 ? s.length : end + 2;
      } else return;
    }
  }

  private peek(t: string): boolean {
    this.ws();
    return this.s.startsWith(t, this.i);
  }

  private eat(t: string): boolean {
    if (this.peek(t)) {
      this.i += t.length;
      return true;
    }
    return false;
  }

  private expect(t: string): void {
    if (!this.eat(t)) this.fail(`expected "${t}"`);
  }

  private ident(): string | undefined {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  public expr(): ExprNode {
    this.enter();
    const c = this.or();
    let out = c;
    if (this.eat('?')) {
      const a = this.expr();
      this.expect(':');
      const b = this.expr();
      out = { k: 'cond', c, a, b };
    }
    this.depth--;
    return out;
  }

  private binary(next: () => ExprNode, ops: readonly string[]): ExprNode {
    let a = next();
    for (;;) {
      this.ws();
      // Longer operators come first in each list ('<=' before '<'); a lone '=' (object item) is no operator.
      const op = ops.find((o) => this.s.startsWith(o, this.i));
      if (!op) return a;
      this.i += op.length;
      a = { k: 'bin', op, a, b: next() };
    }
  }

  private or = (): ExprNode => this.binary(this.and, ['||']);
  private and = (): ExprNode => this.binary(this.eq, ['&&']);
  private eq = (): ExprNode => this.binary(this.cmp, ['==', '!=']);
  private cmp = (): ExprNode => this.binary(this.add, ['<=', '>=', '<', '>']);
  private add = (): ExprNode => this.binary(this.mul, ['+', '-']);
  private mul = (): ExprNode => this.binary(this.unary, ['*', '/', '%']);

  private unary = (): ExprNode => {
    this.ws();
    const c = this.s[this.i];
    if (c === '!' && this.s[this.i + 1] !== '=') {
      this.i++;
      this.enter();
      const a = this.unary();
      this.depth--;
      return { k: 'un', op: '!', a };
    }
    if (c === '-') {
      this.i++;
      this.enter();
      const a = this.unary();
      this.depth--;
      return { k: 'un', op: '-', a };
    }
    return this.postfix();
  };

  private steps(): StepNode[] {
    const steps: StepNode[] = [];
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === '.') {
        if (this.s[this.i + 1] === '*') {
          this.i += 2;
          steps.push({ k: 'splat' });
          continue;
        }
        this.i++;
        const n = /^[0-9]+/.exec(this.s.slice(this.i, this.i + 20));
        if (n) {
          this.i += n[0].length;
          steps.push({ k: 'index', key: lit(Number(n[0])) });
          continue;
        }
        const name = this.ident();
        if (!name) this.fail('expected an attribute name after "."');
        steps.push({ k: 'attr', name });
      } else if (c === '[') {
        this.i++;
        if (this.eat('*')) {
          this.expect(']');
          steps.push({ k: 'splat' });
          continue;
        }
        const key = this.expr();
        this.expect(']');
        steps.push({ k: 'index', key });
      } else return steps;
    }
  }

  private postfix(): ExprNode {
    this.ws();
    const start = this.i;
    const name = this.ident();
    if (name !== undefined) {
      if (name === 'true' || name === 'false') return this.withSteps(lit(name === 'true'));
      if (name === 'null') return this.withSteps(lit(null));
      let fn = name;
      while (this.s.startsWith('::', this.i)) {
        this.i += 2;
        const part = this.ident();
        if (!part) this.fail('expected a function name after "::"');
        fn += '::' + part;
      }
      if (this.peek('(')) {
        this.i++;
        const args: ExprNode[] = [];
        let expand = false;
        while (!this.eat(')')) {
          args.push(this.expr());
          if (this.eat('...')) expand = true;
          if (!this.eat(',')) {
            this.expect(')');
            break;
          }
        }
        return this.withSteps({ k: 'call', name: fn, args, expand });
      }
      if (fn !== name) this.fail('expected "(" after a provider function name');
      return { k: 'trav', root: name, steps: this.steps() };
    }
    this.i = start;
    const c = this.s[this.i];
    if (c === '"') {
      this.i++;
      return this.withSteps(this.template('"'));
    }
    if (c === '(') {
      this.i++;
      const e = this.expr();
      this.expect(')');
      return this.withSteps(e);
    }
    if (c === '[') {
      this.i++;
      if (this.peekKeyword('for')) return this.withSteps(this.skipFor(']'));
      const items: ExprNode[] = [];
      while (!this.eat(']')) {
        items.push(this.expr());
        if (!this.eat(',')) {
          this.expect(']');
          break;
        }
      }
      return this.withSteps({ k: 'tuple', items });
    }
    if (c === '{') {
      this.i++;
      if (this.peekKeyword('for')) return this.withSteps(this.skipFor('}'));
      const entries: [ExprNode, ExprNode][] = [];
      while (!this.eat('}')) {
        this.ws();
        const keyStart = this.i;
        const bare = this.ident();
        let key: ExprNode;
        if (bare !== undefined && (this.peek('=') || this.peek(':')) && !this.peek('==')) key = lit(bare);
        else {
          this.i = keyStart;
          key = this.expr();
        }
        if (!this.eat('=') && !this.eat(':')) this.fail('expected "=" or ":" in an object');
        entries.push([key, this.expr()]);
        this.eat(',');
      }
      return this.withSteps({ k: 'object', entries });
    }
    if (c === '<' && this.s[this.i + 1] === '<') this.fail('heredoc');
    const num = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i, this.i + 64));
    if (num) {
      this.i += num[0].length;
      return this.withSteps(lit(Number(num[0])));
    }
    return this.fail(`unexpected ${c === undefined ? 'end of expression' : JSON.stringify(c)}`);
  }

  private withSteps(node: ExprNode): ExprNode {
    const steps = this.steps();
    return steps.length ? { k: 'post', obj: node, steps } : node;
  }

  private peekKeyword(word: string): boolean {
    this.ws();
    return this.s.startsWith(word, this.i) && !/[A-Za-z0-9_-]/.test(this.s[this.i + word.length] ?? '');
  }

  /** Skips a `for` expression up to its closing bracket (strings and nested brackets respected). */
  private skipFor(close: string): ExprNode {
    let depth = 1;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        this.template('"');
        continue;
      }
      if (c === '[' || c === '{' || c === '(') depth++;
      else if (c === ']' || c === '}' || c === ')') {
        depth--;
        if (depth === 0) {
          if (c !== close) this.fail('unbalanced brackets');
          this.i++;
          return { k: 'unsupported', why: '"for" expression' };
        }
      }
      this.i++;
    }
    return this.fail('unterminated "for" expression');
  }

  /**
   * A template up to `end` ('"' inside expressions, '' for a whole JSON string). Quoted strings take backslash
   * escapes; both take `$${` / `%%{` escapes. Directives (`%{ if }`) make the template unsupported.
   */
  public template(end: '"' | ''): ExprNode {
    const s = this.s;
    const parts: ExprNode[] = [];
    let text = '';
    let unsupported: string | undefined;
    const quoted = end === '"';
    while (this.i < s.length) {
      const c = s[this.i];
      if (quoted && c === '"') {
        this.i++;
        return finish();
      }
      if (quoted && c === '\\') {
        const e = s[this.i + 1];
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (e !== undefined && simple[e] !== undefined) {
          text += simple[e];
          this.i += 2;
        } else if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const hex = s.slice(this.i + 2, this.i + 2 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail('bad unicode escape');
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) this.fail('bad unicode escape');
          text += String.fromCodePoint(cp);
          this.i += 2 + len;
        } else this.fail('bad escape');
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        text += c + '{';
        this.i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        if (text) parts.push(lit(text));
        text = '';
        this.i += 2;
        if (s[this.i] === '~') this.i++;
        if (c === '%') {
          unsupported = 'template directive';
          this.skipDirective();
          continue;
        }
        const e = this.expr();
        this.ws();
        if (s[this.i] === '~') this.i++;
        if (s[this.i] !== '}') this.fail('expected "}" to close the interpolation');
        this.i++;
        parts.push(e);
        continue;
      }
      text += c;
      this.i++;
    }
    if (quoted) this.fail('unterminated string');
    return finish();

    function finish(): ExprNode {
      if (unsupported) return { k: 'unsupported', why: unsupported };
      if (text || parts.length === 0) parts.push(lit(text));
      if (parts.length === 1 && parts[0].k === 'lit') return parts[0];
      return { k: 'tpl', parts };
    }
  }

  private skipDirective(): void {
    let depth = 1;
    while (this.i < this.s.length && depth > 0) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        this.template('"');
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') depth--;
      this.i++;
    }
  }
}

/**
 * Parses a string as Terraform reads every string of a JSON configuration: a template whose `${...}` parts are
 * expressions. A template that is exactly one interpolation (`"${x}"`) has the value of `x` (of any type).
 * Malformed or unsupported syntax parses to an `unsupported` node (its value is UNKNOWN).
 */
export function parseTemplate(text: string): ExprNode {
  if (!hasTemplate(text)) return lit(text.includes('$${') || text.includes('%%{') ? text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : text);
  if (text.length > LIMITS.maxExpressionChars) return { k: 'unsupported', why: `template longer than ${LIMITS.maxExpressionChars} characters` };
  const p = new Parser(text);
  try {
    const node = p.template('');
    if (node.k === 'tpl' && node.parts.length === 1) return node.parts[0];
    return node;
  } catch (e) {
    if (e instanceof ParseFail) return { k: 'unsupported', why: `cannot parse ${JSON.stringify(text.length > 80 ? text.slice(0, 77) + '...' : text)}: ${e.message}` };
    throw e;
  }
}

/** Parses a bare native expression (HCL attribute syntax, a plan's expression text). */
export function parseExpression(text: string): ExprNode {
  if (text.length > LIMITS.maxExpressionChars) return { k: 'unsupported', why: 'expression too long' };
  const p = new Parser(text);
  try {
    const node = p.expr();
    p.ws();
    if (p.i !== text.length) return { k: 'unsupported', why: 'trailing text after expression' };
    return node;
  } catch (e) {
    if (e instanceof ParseFail) return { k: 'unsupported', why: e.message };
    throw e;
  }
}

/** Every reference (`root.attr...` up to the first non-attribute step) an expression makes, for dependency tracking. */
export function references(node: ExprNode, out: string[] = []): string[] {
  switch (node.k) {
    case 'trav': {
      let text = node.root;
      for (const s of node.steps) {
        if (s.k === 'attr') text += '.' + s.name;
        else if (s.k === 'index' && s.key.k === 'lit' && (typeof s.key.v === 'number' || typeof s.key.v === 'string')) text += `[${JSON.stringify(s.key.v)}]`;
        else break;
      }
      out.push(text);
      for (const s of node.steps) if (s.k === 'index') references(s.key, out);
      return out;
    }
    case 'post':
      references(node.obj, out);
      for (const s of node.steps) if (s.k === 'index') references(s.key, out);
      return out;
    case 'tpl':
      node.parts.forEach((p) => references(p, out));
      return out;
    case 'call':
    case 'tuple':
      (node.k === 'call' ? node.args : node.items).forEach((p) => references(p, out));
      return out;
    case 'un':
      return references(node.a, out);
    case 'bin':
      references(node.a, out);
      return references(node.b, out);
    case 'cond':
      references(node.c, out);
      references(node.a, out);
      return references(node.b, out);
    case 'object':
      node.entries.forEach(([k, v]) => {
        references(k, out);
        references(v, out);
      });
      return out;
    default:
      return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

class TypeFail extends Error {}

/** Terraform's string conversion of a primitive; throws for other values. */
export function tfToString(v: TfValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw new TypeFail(`cannot convert ${v === null ? 'null' : Array.isArray(v) ? 'a list' : 'an object'} to a string`);
}

/** Terraform prints whole numbers without a fraction and others in shortest form. */
export function numberToString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/** Terraform's number conversion (a numeric string converts); throws otherwise. */
export function tfToNumber(v: TfValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) return Number(v);
  throw new TypeFail(`cannot convert ${JSON.stringify(v)} to a number`);
}

/** Terraform's bool conversion ("true"/"false" strings convert); throws otherwise. */
export function tfToBool(v: TfValue): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new TypeFail(`cannot convert ${JSON.stringify(v)} to a bool`);
}

/** Whether a value holds an unknown anywhere (bounded by the value's size). */
export function containsUnknown(v: TfValue, depth = 0): boolean {
  if (isUnknownValue(v)) return true;
  if (depth > LIMITS.maxDepth) return true;
  if (Array.isArray(v)) return v.some((e) => containsUnknown(e, depth + 1));
  if (isTfObject(v)) {
    for (const k in v) if (containsUnknown(v[k], depth + 1)) return true;
  }
  return false;
}

/** Applies traversal steps to a value (attribute of an object, index of a list or map, splat of a list). */
export function applySteps(v: TfValue, steps: readonly Step[], from = 0): TfValue {
  let cur = v;
  for (let i = from; i < steps.length; i++) {
    if (isUnknownValue(cur)) return UNKNOWN;
    const s = steps[i];
    if (s.k === 'splat') {
      if (cur === null) return [];
      const list = Array.isArray(cur) ? cur : [cur];
      return list.map((e) => applySteps(e, steps, i + 1));
    }
    if (s.k === 'attr') {
      if (!isTfObject(cur)) return UNKNOWN;
      const next = own(cur, s.name);
      if (next === undefined) return UNKNOWN;
      cur = next;
    } else {
      const key = s.key;
      if (isUnknownValue(key)) return UNKNOWN;
      if (Array.isArray(cur)) {
        let n: number;
        try {
          n = tfToNumber(key);
        } catch {
          return UNKNOWN;
        }
        if (!Number.isInteger(n) || n < 0 || n >= cur.length) return UNKNOWN;
        cur = cur[n];
      } else if (isTfObject(cur)) {
        let k: string;
        try {
          k = tfToString(key);
        } catch {
          return UNKNOWN;
        }
        const next = own(cur, k);
        if (next === undefined) return UNKNOWN;
        cur = next;
      } else return UNKNOWN;
    }
  }
  return cur;
}

/** Evaluates a parsed expression in a scope. Never throws except BudgetExceeded; what it cannot know is UNKNOWN. */
export function evaluate(node: ExprNode, scope: EvalScope, depth = 0): TfValue {
  scope.budget.spend();
  if (depth > LIMITS.maxDepth) return UNKNOWN;
  try {
    return evalNode(node, scope, depth);
  } catch (e) {
    if (e instanceof TypeFail) return UNKNOWN;
    throw e;
  }
}

function evalSteps(steps: readonly StepNode[], scope: EvalScope, depth: number): Step[] {
  return steps.map((s) => (s.k === 'index' ? { k: 'index', key: evaluate(s.key, scope, depth + 1) } : s));
}

function evalNode(node: ExprNode, scope: EvalScope, depth: number): TfValue {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'unsupported':
      return UNKNOWN;
    case 'tpl': {
      let out = '';
      let unknown = false;
      for (const p of node.parts) {
        const v = evaluate(p, scope, depth + 1);
        if (isUnknownValue(v) || containsUnknown(v)) unknown = true;
        else if (v === null) throw new TypeFail('null in a string template');
        else out += tfToString(v);
      }
      return unknown ? UNKNOWN : out;
    }
    case 'trav':
      return scope.traverse(node.root, evalSteps(node.steps, scope, depth));
    case 'post':
      return applySteps(evaluate(node.obj, scope, depth + 1), evalSteps(node.steps, scope, depth));
    case 'tuple':
      return node.items.map((e) => evaluate(e, scope, depth + 1));
    case 'object': {
      const out = dict();
      for (const [k, v] of node.entries) {
        const key = evaluate(k, scope, depth + 1);
        if (isUnknownValue(key)) return UNKNOWN;
        put(out, tfToString(key), evaluate(v, scope, depth + 1));
      }
      return out;
    }
    case 'un': {
      const a = evaluate(node.a, scope, depth + 1);
      if (isUnknownValue(a)) return UNKNOWN;
      return node.op === '!' ? !tfToBool(a) : -tfToNumber(a);
    }
    case 'cond': {
      const c = evaluate(node.c, scope, depth + 1);
      if (isUnknownValue(c)) return UNKNOWN;
      return evaluate(tfToBool(c) ? node.a : node.b, scope, depth + 1);
    }
    case 'bin':
      return binary(node.op, evaluate(node.a, scope, depth + 1), evaluate(node.b, scope, depth + 1));
    case 'call': {
      const args = node.args.map((a) => evaluate(a, scope, depth + 1));
      if (node.expand) {
        const last = args.pop();
        if (isUnknownValue(last) || !Array.isArray(last)) return UNKNOWN;
        args.push(...last);
      }
      const fn = own(FUNCTIONS, node.name);
      if (!fn) return UNKNOWN;
      if (!fn.unknownAware && args.some((a) => containsUnknown(a))) return UNKNOWN;
      return fn.f(args, scope.budget);
    }
  }
}

function binary(op: string, a: TfValue, b: TfValue): TfValue {
  if (op === '==' || op === '!=') {
    if (containsUnknown(a) || containsUnknown(b)) return UNKNOWN;
    const eq = deepEqual(a, b);
    return op === '==' ? eq : !eq;
  }
  if (isUnknownValue(a) || isUnknownValue(b)) return UNKNOWN;
  if (op === '&&') return tfToBool(a) && tfToBool(b);
  if (op === '||') return tfToBool(a) || tfToBool(b);
  const x = tfToNumber(a);
  const y = tfToNumber(b);
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': if (y === 0) throw new TypeFail('division by zero'); return x / y;
    case '%': if (y === 0) throw new TypeFail('division by zero'); return x % y;
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    default: throw new TypeFail(`operator ${op}`);
  }
}

function deepEqual(a: TfValue, b: TfValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isTfObject(a) && isTfObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => own(b, k) !== undefined && deepEqual(a[k], b[k]));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Functions (pure, known arguments only unless unknownAware)

interface Fn {
  f(args: TfValue[], budget: Budget): TfValue;
  unknownAware?: boolean;
}

const list = (v: TfValue): TfValue[] => {
  if (Array.isArray(v)) return v;
  throw new TypeFail('expected a list');
};
const obj = (v: TfValue): TfObject => {
  if (isTfObject(v)) return v;
  throw new TypeFail('expected a map or object');
};
const str = (v: TfValue): string => tfToString(v);

function sized<T extends TfValue>(budget: Budget, v: T): T {
  if (Array.isArray(v)) budget.spend(v.length);
  else if (isTfObject(v)) budget.spend(Object.keys(v).length);
  else if (typeof v === 'string') budget.spend(Math.ceil(v.length / 64));
  return v;
}

function toJson(v: TfValue, depth = 0): unknown {
  if (depth > LIMITS.maxDepth) throw new TypeFail('too deep');
  if (Array.isArray(v)) return v.map((e) => toJson(e, depth + 1));
  if (isTfObject(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) Object.defineProperty(o, k, { value: toJson(v[k], depth + 1), enumerable: true, writable: true, configurable: true });
    return o;
  }
  return v;
}

/** Terraform's format() for the verbs %s, %d, %f, %q, %t, %v with flags ("-", "0"), width and precision. */
function tfFormat(args: TfValue[]): string {
  const f = str(args[0]);
  let n = 1;
  return f.replace(/%(%|([-+ 0]*)(\d*)(?:\.(\d+))?([sdvqtf]))/g, (_m, all: string, flags: string, width: string, precision: string | undefined, verb: string) => {
    if (all === '%') return '%';
    const v = args[n++];
    if (v === undefined) throw new TypeFail('format: not enough arguments');
    let text: string;
    if (verb === 'd') {
      const x = tfToNumber(v);
      if (!Number.isInteger(x)) throw new TypeFail('format: %d needs an integer');
      text = String(Math.abs(x));
      const sign = x < 0 ? '-' : flags.includes('+') ? '+' : '';
      const w = Number(width || 0) - sign.length;
      if (flags.includes('0') && !flags.includes('-') && text.length < w) text = '0'.repeat(w - text.length) + text;
      text = sign + text;
    } else if (verb === 'f') text = tfToNumber(v).toFixed(precision !== undefined ? Number(precision) : 6);
    else if (verb === 'q') text = JSON.stringify(str(v));
    else if (verb === 't') text = tfToBool(v) ? 'true' : 'false';
    else if (verb === 'v' && (Array.isArray(v) || isTfObject(v))) text = JSON.stringify(toJson(v));
    else text = str(v);
    if (verb === 's' && precision !== undefined) text = [...text].slice(0, Number(precision)).join('');
    const w = Number(width || 0);
    if (text.length < w) text = flags.includes('-') ? text + ' '.repeat(w - text.length) : ' '.repeat(w - text.length) + text;
    return text;
  });
}

function fromJson(v: unknown, depth = 0): TfValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (depth > LIMITS.maxDepth) throw new TypeFail('too deep');
  if (Array.isArray(v)) return v.map((e) => fromJson(e, depth + 1));
  const out = dict();
  for (const k of Object.keys(v as object)) put(out, k, fromJson((v as Record<string, unknown>)[k], depth + 1));
  return out;
}

const FUNCTION_TABLE: Record<string, Fn> = {
  lower: { f: (a) => str(a[0]).toLowerCase() },
  upper: { f: (a) => str(a[0]).toUpperCase() },
  trimspace: { f: (a) => str(a[0]).trim() },
  title: { f: (a) => str(a[0]).replace(/(^|\s)(\S)/g, (_m, s: string, c: string) => s + c.toUpperCase()) },
  tostring: { f: (a) => (a[0] === null ? null : str(a[0])) },
  tonumber: { f: (a) => (a[0] === null ? null : tfToNumber(a[0])) },
  tobool: { f: (a) => (a[0] === null ? null : tfToBool(a[0])) },
  tolist: { f: (a) => list(a[0]) },
  toset: { f: (a) => [...new Map(list(a[0]).map((e) => [JSON.stringify(toJson(e)), e])).values()] },
  tomap: { f: (a) => obj(a[0]) },
  format: { f: (a, b) => sized(b, tfFormat(a)) },
  join: { f: (a, b) => sized(b, a.slice(1).flatMap(list).map(str).join(str(a[0]))) },
  split: { f: (a, b) => sized(b, str(a[1]).split(str(a[0]))) },
  concat: { f: (a, b) => sized(b, a.flatMap(list)) },
  flatten: {
    f: (a, b) => {
      const out: TfValue[] = [];
      const walk = (v: TfValue, d: number): void => {
        if (d > LIMITS.maxDepth) throw new TypeFail('too deep');
        if (Array.isArray(v)) v.forEach((e) => walk(e, d + 1));
        else out.push(v);
      };
      walk(list(a[0]), 0);
      return sized(b, out);
    },
  },
  distinct: { f: (a, b) => sized(b, [...new Map(list(a[0]).map((e) => [JSON.stringify(toJson(e)), e])).values()]) },
  length: { f: (a) => (typeof a[0] === 'string' ? [...a[0]].length : Array.isArray(a[0]) ? a[0].length : Object.keys(obj(a[0])).length) },
  element: {
    f: (a) => {
      const l = list(a[0]);
      if (l.length === 0) throw new TypeFail('element of an empty list');
      const i = Math.trunc(tfToNumber(a[1]));
      return l[((i % l.length) + l.length) % l.length];
    },
  },
  index: { f: (a) => { const i = list(a[0]).findIndex((e) => deepEqual(e, a[1])); if (i < 0) throw new TypeFail('not found'); return i; } },
  contains: { f: (a) => list(a[0]).some((e) => deepEqual(e, a[1])) },
  keys: { f: (a) => Object.keys(obj(a[0])).sort() },
  values: { f: (a) => { const o = obj(a[0]); return Object.keys(o).sort().map((k) => o[k]); } },
  lookup: {
    f: (a) => {
      const o = obj(a[0]);
      const v = own(o, str(a[1]));
      if (v !== undefined) return v;
      if (a.length > 2) return a[2];
      throw new TypeFail('lookup: key not found');
    },
  },
  merge: {
    f: (a, b) => {
      const out = dict();
      for (const m of a) {
        if (m === null) continue;
        const o = obj(m);
        for (const k of Object.keys(o)) put(out, k, o[k]);
      }
      return sized(b, out);
    },
  },
  coalesce: { f: (a) => { const v = a.find((x) => x !== null && x !== ''); if (v === undefined) throw new TypeFail('coalesce: no non-null argument'); return v; } },
  coalescelist: { f: (a) => { const v = a.find((x) => Array.isArray(x) && x.length > 0); if (v === undefined) throw new TypeFail('no non-empty list'); return v; } },
  compact: { f: (a) => list(a[0]).filter((e) => e !== null && e !== '') },
  replace: {
    f: (a, b) => {
      const search = str(a[1]);
      if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) throw new TypeFail('regular expression replace is not evaluated');
      return sized(b, str(a[0]).split(search).join(str(a[2])));
    },
  },
  substr: { f: (a) => { const s = [...str(a[0])]; const off = Math.trunc(tfToNumber(a[1])); const len = Math.trunc(tfToNumber(a[2])); const start = off < 0 ? s.length + off : off; return s.slice(start, len < 0 ? undefined : start + len).join(''); } },
  startswith: { f: (a) => str(a[0]).startsWith(str(a[1])) },
  endswith: { f: (a) => str(a[0]).endsWith(str(a[1])) },
  trimprefix: { f: (a) => { const s = str(a[0]); const p = str(a[1]); return s.startsWith(p) ? s.slice(p.length) : s; } },
  trimsuffix: { f: (a) => { const s = str(a[0]); const p = str(a[1]); return p && s.endsWith(p) ? s.slice(0, -p.length) : s; } },
  min: { f: (a) => Math.min(...a.map(tfToNumber)) },
  max: { f: (a) => Math.max(...a.map(tfToNumber)) },
  abs: { f: (a) => Math.abs(tfToNumber(a[0])) },
  ceil: { f: (a) => Math.ceil(tfToNumber(a[0])) },
  floor: { f: (a) => Math.floor(tfToNumber(a[0])) },
  jsonencode: { f: (a, b) => sized(b, JSON.stringify(toJson(a[0])) ?? 'null') },
  jsondecode: {
    f: (a, b) => {
      const text = str(a[0]);
      b.spend(Math.ceil(text.length / 64));
      try {
        return fromJson(JSON.parse(text));
      } catch (e) {
        if (e instanceof TypeFail) throw e;
        throw new TypeFail('jsondecode: invalid JSON');
      }
    },
  },
  // try(): the first argument that evaluates without error. An unknown first argument may still fail after apply.
  try: { unknownAware: true, f: (a) => { for (const v of a) { if (isUnknownValue(v)) return UNKNOWN; if (!containsUnknown(v)) return v; return UNKNOWN; } throw new TypeFail('try: no argument'); } },
  one: { f: (a) => { const l = list(a[0]); if (l.length > 1) throw new TypeFail('one: more than one element'); return l.length ? l[0] : null; } },
  zipmap: { f: (a, b) => { const k = list(a[0]); const v = list(a[1]); const out = dict(); k.forEach((key, i) => { put(out, str(key), v[i] ?? null); }); return sized(b, out); } },
};
const FUNCTIONS = Object.assign(Object.create(null) as Record<string, Fn>, FUNCTION_TABLE);

/** Names of the functions the translation evaluates (others give UNKNOWN). */
export const EVALUATED_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS).sort();

export { TfRef };
