/**
 * Where a JSON text is malformed, said in our own words: line, column and what was expected, never a piece of the
 * text itself (Node's JSON.parse messages quote the input, which may be a secret file given by mistake).
 * Used only after JSON.parse has failed, so it favours clarity over speed; it is iterative (no recursion), so deep
 * nesting cannot overflow the stack.
 */

/** A syntax error located in a JSON text. */
export interface JsonSyntaxError {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column (UTF-16 code units). */
  readonly column: number;
  /** 0-based offset in the text. */
  readonly offset: number;
  /** What is wrong, without quoting the input. */
  readonly message: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

function describeChar(code: number | undefined): string {
  if (code === undefined) return 'the end of the input';
  if (code === 0) return 'a NUL byte';
  if (code < 0x20) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  // Structural characters and letters are safe to name; anything else is described by its code point.
  const ch = String.fromCharCode(code);
  if (/^[[\]{}:,"'0-9a-zA-Z+\-.]$/.test(ch)) return `'${ch}'`;
  return `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Finds the first syntax error of `text` (undefined when it is valid JSON). `offset` shifts reported positions
 * (a slice of a larger file); `startLine`/`startColumn` give the position of `text[0]` in that file.
 */
export function locateJsonError(text: string, startLine = 1, startColumn = 1): JsonSyntaxError | undefined {
  let i = 0;
  const n = text.length;
  const fail = (message: string): JsonSyntaxError => {
    let line = startLine;
    let lineStart = -1;
    for (let k = 0; k < i && k < n; k++) {
      if (text.charCodeAt(k) === 0x0a) {
        line++;
        lineStart = k;
      }
    }
    const column = lineStart === -1 ? startColumn + i : i - lineStart;
    return { line, column, offset: i, message };
  };
  const skipWs = (): void => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const literal = (word: string): boolean => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return true;
    }
    return false;
  };
  const string = (): JsonSyntaxError | undefined => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (e === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            return fail('invalid \\u escape in a string (expected 4 hex digits)');
          }
          i += 6;
        } else if ('"\\/bfnrt'.includes(String.fromCharCode(e)) && i + 1 < n) {
          i += 2;
        } else {
          i++;
          return fail(`invalid escape in a string: ${describeChar(i < n ? e : undefined)} after a backslash`);
        }
        continue;
      }
      if (c < 0x20) return fail(`${describeChar(c)} inside a string (must be escaped)`);
      i++;
    }
    return fail('unterminated string');
  };
  const number = (): JsonSyntaxError | undefined => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') return fail(`invalid number`);
    i += m[0].length;
    return undefined;
  };
  // Iterative parser: a stack of containers ('{' or '['), and what is expected next.
  const stack: number[] = [];
  type Expect = 'value' | 'key' | 'colon' | 'comma-or-close' | 'value-or-close' | 'key-or-close';
  let expect: Expect = 'value';
  skipWs();
  if (i >= n) return fail('empty input: expected a JSON value');
  for (;;) {
    skipWs();
    const c = i < n ? text.charCodeAt(i) : undefined;
    if (expect === 'value' || expect === 'value-or-close') {
      if (expect === 'value-or-close' && c === 0x5d) {
        stack.pop();
        i++;
        expect = 'comma-or-close';
      } else if (c === 0x7b) {
        stack.push(0x7b);
        i++;
        expect = 'key-or-close';
      } else if (c === 0x5b) {
        stack.push(0x5b);
        i++;
        expect = 'value-or-close';
      } else if (c === 0x22) {
        const e = string();
        if (e) return e;
        expect = 'comma-or-close';
      } else if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
        const e = number();
        if (e) return e;
        expect = 'comma-or-close';
      } else if (literal('true') || literal('false') || literal('null')) {
        expect = 'comma-or-close';
      } else {
        return fail(`expected a value, found ${describeChar(c)}`);
      }
    } else if (expect === 'key' || expect === 'key-or-close') {
      if (expect === 'key-or-close' && c === 0x7d) {
        stack.pop();
        i++;
        expect = 'comma-or-close';
      } else if (c === 0x22) {
        const e = string();
        if (e) return e;
        expect = 'colon';
      } else {
        return fail(`expected a property name in double quotes${expect === 'key-or-close' ? " or '}'" : ''}, found ${describeChar(c)}`);
      }
    } else if (expect === 'colon') {
      if (c !== 0x3a) return fail(`expected ':' after a property name, found ${describeChar(c)}`);
      i++;
      expect = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (c === undefined) return undefined;
        return fail(`unexpected ${describeChar(c)} after the end of the JSON value`);
      }
      if (c === 0x2c) {
        i++;
        expect = top === 0x7b ? 'key' : 'value';
      } else if ((c === 0x7d && top === 0x7b) || (c === 0x5d && top === 0x5b)) {
        stack.pop();
        i++;
      } else {
        return fail(`expected ',' or '${top === 0x7b ? '}' : ']'}' after ${top === 0x7b ? 'a property value' : 'an array element'}, found ${describeChar(c)}`);
      }
    }
  }
}

/** Parses JSON; on failure throws an Error whose message is `<what>: invalid JSON: <reason> at line L, column C`. */
export function parseJsonStrict(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const e = locateJsonError(text);
    throw new Error(e ? `${what}: invalid JSON: ${e.message} at line ${e.line}, column ${e.column}` : `${what}: invalid JSON`);
  }
}
