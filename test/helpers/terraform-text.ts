/**
 * What Terraform makes of a string of a `.tf.json` file, for the forms that matter to escaping: `$${` and `%%{` are
 * the escapes of `${` and `%{`; `${"<text>"}` (a quoted constant without escapes) is that text; any other `${...}` is
 * an expression (a reference, a function call), reported in `expressions` and shown as `⟦expr⟧` in `text`; a `%{...}`
 * directive is reported in `directives` and shown as `⟦directive⟧`. A string that parses otherwise (an unterminated
 * interpolation) throws.
 */
export interface TerraformText {
  readonly text: string;
  readonly expressions: readonly string[];
  readonly directives: readonly string[];
}

/** The end (index of the closing brace) of a template sequence opened at `from` (just after `${` or `%{`). */
function sequenceEnd(s: string, from: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  throw new Error(`unterminated template sequence in ${JSON.stringify(s.slice(0, 200))}`);
}

export function terraformText(s: string): TerraformText {
  let text = '';
  const expressions: string[] = [];
  const directives: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      text += '${';
      i += 3;
    } else if (s.startsWith('%%{', i)) {
      text += '%{';
      i += 3;
    } else if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      const end = sequenceEnd(s, i + 2);
      const inner = s.slice(i + 2, end);
      if (s[i] === '%') {
        directives.push(inner);
        text += '⟦directive⟧';
      } else {
        const constant = /^"((?:[^"\\$%]|\$(?!\{)|%(?!\{))*)"$/.exec(inner.trim());
        if (constant) text += constant[1];
        else {
          expressions.push(inner);
          text += '⟦expr⟧';
        }
      }
      i = end + 1;
    } else {
      text += s[i];
      i++;
    }
  }
  return { text, expressions, directives };
}

/** Every string in a JSON value (keys included), with its JSON pointer. */
export function jsonStrings(value: unknown, at = ''): { pointer: string; value: string; key?: boolean }[] {
  const out: { pointer: string; value: string; key?: boolean }[] = [];
  const visit = (v: unknown, p: string): void => {
    if (typeof v === 'string') out.push({ pointer: p, value: v });
    else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${p}/${i}`));
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push({ pointer: `${p}/${k}`, value: k, key: true });
        visit(x, `${p}/${k}`);
      }
    }
  };
  visit(value, at);
  return out;
}
