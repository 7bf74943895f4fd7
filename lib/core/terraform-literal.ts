import { Aspects, IAspect, Token, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * Strings are data. Terraform evaluates `${...}` and `%{...}` in every string of a `.tf.json` file, object keys included
 * (HCL's JSON syntax spec, hashicorp/hcl `json/spec.md`: strings and property names are templates), and cdktf
 * replaces its token markers in every string before Terraform sees it. So a user's text reaches Terraform as text only
 * when both are neutralised:
 *
 * - Terraform: `${` is written `$${` and `%{` is written `%%{` (Terraform's own escapes).
 * - cdktf 0.21 (node_modules/cdktf/lib/tokens/private/encoding.js, resolve.js, token-map.js): a string token is
 *   `${TfToken[<key>]}`, a list token `#{TfToken[<key>]}`, a map token (an object key) `&{TfToken[<key>]}`, keys of
 *   `[a-zA-Z0-9:._-]`; a number token is an IEEE double with marker bits, found in strings by its decimal text
 *   (NUMBER_TOKEN_REGEX). cdktf substitutes a marker whose key is registered (the text becomes a reference to that
 *   resource), throws on one whose key is not ("Unrecognized token key"), and throws on a string that is exactly
 *   `Token.STRING_MAP_TOKEN_VALUE` or `Token.ANY_MAP_TOKEN_VALUE`. Escaping `${` as `$${` does not help: cdktf
 *   still finds `${TfToken[...]}` one character later. A marker in a literal is therefore written with its sigil as
 *   a Terraform interpolation of a constant (`${"$"}{TfToken[...]}`, `${"#"}{TfToken[...]}`), which Terraform
 *   evaluates back to the same text and in which cdktf finds no marker; an encoded number's text gets an empty
 *   interpolation (`${""}`) before its exponent.
 *
 * A construct cannot tell a marker that code created (`resourceGroup.name`) from the same text typed by a user:
 * cdktf's token map is global. So a string the kit writes keeps every marker whose key is registered (a token made by
 * code, possibly inside user-built text: `\`${rg.name}-logs\``) and treats everything else as literal text. Data from
 * outside the program (a config file, an API) must not contain markers at all: {@link findTokenMarkers} finds them,
 * and the reference app refuses such a config before any construct sees it.
 *
 * The kit's constructs apply {@link TerraformLiterals} to themselves: every string attribute (and map key) of every
 * resource, data source and provider below them is escaped once, at synthesis, whoever wrote it.
 */

const KEY = '[a-zA-Z0-9:._-]+';
/** A cdktf string-token marker. */
const STRING_MARKER = new RegExp(`\\$\\{TfToken\\[${KEY}\\]\\}`, 'g');
/** Any cdktf marker (string, list, map), anywhere in a text. */
const ANY_MARKER = new RegExp(`[$#&]\\{TfToken\\[${KEY}\\]\\}`);
/** cdktf's NUMBER_TOKEN_REGEX (encoding.js), verbatim: the text cdktf parses as a number that may be a token. */
const NUMBER_TEXT = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;
/** Where cdktf's string, list and map markers begin: a sigil and `{TfToken[`. */
const MARKER_START = /[$#&](?=\{TfToken\[)/g;

/** Longest string the escaping looks at (a guard against pathological input; longer strings are refused). */
export const MAX_TERRAFORM_STRING_LENGTH = 4_000_000;

function isRegistered(marker: string): boolean {
  try {
    if (marker.startsWith('$')) return Tokenization.reverseString(marker).tokens.length === 1;
    if (marker.startsWith('#')) return Tokenization.reverseList([marker]) !== undefined;
    return Tokenization.reverseMap({ [marker]: '' }) !== undefined;
  } catch {
    return false;
  }
}

/** True when the text of a number is the encoding of a cdktf number token (registered or not). */
function isEncodedNumber(text: string): boolean {
  const n = Number.parseFloat(text);
  return Number.isFinite(n) && Token.isUnresolved(n);
}

function isRegisteredNumber(text: string): boolean {
  try {
    return Tokenization.reverseNumber(Number.parseFloat(text)) !== undefined;
  } catch {
    return false;
  }
}

/** A piece of output: literal text, or a Terraform interpolation the escaping adds (written as is). */
type Piece = { readonly text: string; readonly raw: boolean };

/**
 * Splits a literal into pieces so that neither cdktf nor Terraform reads anything in it: marker sigils become
 * interpolations of constants, encoded numbers get an empty interpolation before their exponent.
 */
function literalPieces(text: string, keepRegisteredNumbers: boolean): Piece[] {
  const cuts: { at: number; kind: 'sigil' | 'number' }[] = [];
  for (const m of text.matchAll(MARKER_START)) cuts.push({ at: m.index ?? 0, kind: 'sigil' });
  for (const m of text.matchAll(NUMBER_TEXT)) {
    if (!isEncodedNumber(m[0]) || (keepRegisteredNumbers && isRegisteredNumber(m[0]))) continue;
    cuts.push({ at: (m.index ?? 0) + m[0].length - m[1].length, kind: 'number' });
  }
  cuts.sort((a, b) => a.at - b.at);
  const pieces: Piece[] = [];
  let last = 0;
  for (const cut of cuts) {
    if (cut.at < last) continue;
    if (cut.at > last) pieces.push({ text: text.slice(last, cut.at), raw: false });
    if (cut.kind === 'sigil') {
      pieces.push({ text: `\${"${text[cut.at]}"}`, raw: true });
      last = cut.at + 1;
    } else {
      pieces.push({ text: '${""}', raw: true });
      last = cut.at;
    }
  }
  if (last < text.length) pieces.push({ text: text.slice(last), raw: false });
  return pieces;
}

/**
 * Writes pieces: Terraform's escapes in literal text (`$${`, `%%{`); a literal `$` right before an interpolation as
 * `${"$"}`. In a string that also holds tokens, a literal `${` is written `${"$"}{` instead of `$${`: cdktf reads
 * `${` (not followed by `TfToken[`) as the start of a Terraform expression and resolves the tokens after it without
 * their braces until it sees a `}` (encoding.js, nextEscapeToken), so an unbalanced one would turn a reference into text.
 */
function writePieces(pieces: readonly Piece[], hasTokens: boolean): string {
  let out = '';
  pieces.forEach((p, i) => {
    if (p.raw) {
      out += p.text;
      return;
    }
    // (Replacement functions: in a replacement string "$$" would mean one "$".)
    let text = p.text.replace(/\$\{/g, () => (hasTokens ? '${"$"}{' : '$${')).replace(/%\{/g, () => '%%{');
    const next = pieces[i + 1];
    // "$" then "${...}" would read as the escape "$${": the "$" is written as an interpolation too.
    if (next && text.endsWith('$') && next.text.startsWith('${')) text = `${text.slice(0, -1)}\${"$"}`;
    out += text;
  });
  return out;
}

/**
 * Escapes a string the kit writes into Terraform: its literal text reaches Terraform (and Azure) as text. `${` and
 * `%{` become `$${` and `%%{`; anything cdktf would read as a token is written so that it does not; markers of tokens
 * that code created (registered in cdktf's token map) stay tokens. Idempotent only in the sense that escaping twice
 * doubles the escapes: call it once, where the string is written (the {@link TerraformLiterals} aspect does).
 */
export function escapeTerraform(value: string): string {
  if (typeof value !== 'string') return value;
  if (value.length > MAX_TERRAFORM_STRING_LENGTH) {
    throw new RangeError(`a string of ${value.length} characters is longer than the ${MAX_TERRAFORM_STRING_LENGTH} the kit writes into Terraform`);
  }
  if (value === Token.STRING_MAP_TOKEN_VALUE || value === Token.ANY_MAP_TOKEN_VALUE) {
    // cdktf throws on a string that is exactly one of these (its map-token placeholders).
    return `${value.slice(0, 1)}\${""}${value.slice(1)}`;
  }
  const pieces: Piece[] = [];
  let last = 0;
  let hasTokens = false;
  for (const m of value.matchAll(STRING_MARKER)) {
    if (!isRegistered(m[0])) continue;
    const at = m.index ?? 0;
    pieces.push(...literalPieces(value.slice(last, at), true), { text: m[0], raw: true });
    last = at + m[0].length;
    hasTokens = true;
  }
  pieces.push(...literalPieces(value.slice(last), true));
  // Number tokens code put into the text count too (cdktf resolves them in the same pass).
  hasTokens ||= [...value.matchAll(NUMBER_TEXT)].some((n) => isRegisteredNumber(n[0]));
  return writePieces(pieces, hasTokens);
}

/**
 * True when a string holds a token that code created (or a number is one) (a registered `${TfToken[...]}` marker): a reference whose value
 * only Terraform knows. A marker whose key cdktf never registered is text (typed, or forged), not a token: validators
 * check it like any literal (and it is written as text).
 */
export function containsCodeToken(value: unknown): boolean {
  if (typeof value === 'number') return Token.isUnresolved(value) && isRegisteredNumber(String(value));
  if (typeof value !== 'string' || !Token.isUnresolved(value)) return false;
  for (const m of value.matchAll(STRING_MARKER)) if (isRegistered(m[0])) return true;
  return false;
}

/** An object key: like a value, except that registered map-token markers (`Token.asMap`) stay too. */
function escapeKey(key: string): string {
  const m = /^&\{TfToken\[[a-zA-Z0-9:._-]+\]\}$/.exec(key);
  return m && isRegistered(key) ? key : escapeTerraform(key);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Escapes every string of a configuration value (arrays and plain objects, keys included); tokens (objects that
 * resolve themselves, such as cdktf's list mappers and `Lazy` values) are left to cdktf.
 */
export function escapeTerraformDeep(value: unknown, depth = 0): unknown {
  if (depth > 100) throw new RangeError('a configuration value nested more than 100 levels deep');
  if (typeof value === 'string') return escapeTerraform(value);
  if (Array.isArray(value)) {
    // A list token (`Token.asList`) is a one-element array holding a list marker: cdktf resolves it as a whole.
    if (value.length === 1 && typeof value[0] === 'string' && /^#\{TfToken\[/.test(value[0]) && isRegistered(value[0])) return value;
    return value.map((v) => escapeTerraformDeep(v, depth + 1));
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[escapeKey(key)] = escapeTerraformDeep(value[key], depth + 1);
    return out;
  }
  return value;
}

const GUARDED = Symbol.for('cdktf-azure-guardrails.terraform-literals');

interface Synthesizable {
  synthesizeAttributes(): Record<string, unknown>;
  synthesizeHclAttributes?(): Record<string, unknown>;
}

function isSynthesizable(node: unknown): node is Synthesizable & IConstruct {
  return typeof node === 'object' && node !== null && typeof (node as Partial<Synthesizable>).synthesizeAttributes === 'function';
}

/**
 * An aspect that escapes, once, every string attribute of every Terraform resource, data source and provider below
 * the construct it is applied to (see the module comment). The kit's constructs apply it to themselves; apply it to
 * a stack (`TerraformLiterals.applyTo(stack)`) to treat your own strings the same way.
 */
export class TerraformLiterals implements IAspect {
  /** Applies the aspect to `scope` and everything below it (once per scope). */
  public static applyTo(scope: IConstruct): void {
    const marked = scope as unknown as Record<symbol, boolean>;
    if (marked[GUARDED]) return;
    Object.defineProperty(scope, GUARDED, { value: true });
    Aspects.of(scope).add(new TerraformLiterals());
  }

  /** True when the strings of this Terraform element are escaped at synthesis. */
  public static isGuarded(element: IConstruct): boolean {
    return (element as unknown as Record<symbol, unknown>)[GUARDED] === 'element';
  }

  public visit(node: IConstruct): void {
    if (!isSynthesizable(node) || TerraformLiterals.isGuarded(node)) return;
    Object.defineProperty(node, GUARDED, { value: 'element' });
    // cdktf has no hook for this: the element's own attribute synthesis (a protected method every generated provider
    // class overrides) is wrapped on the instance, so every string it returns is escaped before cdktf resolves tokens.
    const plain = node.synthesizeAttributes.bind(node);
    node.synthesizeAttributes = () => escapeTerraformDeep(plain()) as Record<string, unknown>;
    if (typeof node.synthesizeHclAttributes === 'function') {
      const hcl = node.synthesizeHclAttributes.bind(node);
      node.synthesizeHclAttributes = () => escapeHclAttributes(hcl());
    }
  }
}

/** HCL synthesis wraps each attribute as `{ value, type, isBlock, storageClassType }`: only `value` is data. */
function escapeHclAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    out[name] = isPlainObject(attribute) && 'value' in attribute ? { ...attribute, value: escapeTerraformDeep(attribute.value) } : attribute;
  }
  return out;
}

/** A token marker found in data: where, and the text. */
export interface TokenMarkerFinding {
  /** JSON path of the value (`$.subscriptions[0].name`), or of the key (`$.tags["<key>"]` with `key: true`). */
  readonly path: string;
  /** The marker text found. */
  readonly marker: string;
  /** True when the marker is in an object key rather than a value. */
  readonly key?: boolean;
}

/** The first cdktf marker in a text: a string, list or map marker, or the text of an encoded number; undefined if none. */
export function tokenMarkerIn(text: string): string | undefined {
  const m = ANY_MARKER.exec(text);
  if (m) return m[0];
  for (const n of text.matchAll(NUMBER_TEXT)) if (isEncodedNumber(n[0])) return n[0];
  return undefined;
}

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Every cdktf token marker in data that came from outside the program (a parsed config file): in strings, in object
 * keys, and numbers that are encoded tokens. Data cannot hold a token, so every finding is an attempt (or an
 * accident) that would make cdktf substitute a reference or fail. Bounded: at most `limit` findings, depth 64.
 */
export function findTokenMarkers(value: unknown, root = '$', limit = 100): TokenMarkerFinding[] {
  const found: TokenMarkerFinding[] = [];
  const visit = (v: unknown, at: string, depth: number): void => {
    if (found.length >= limit || depth > 64) return;
    if (typeof v === 'string') {
      const marker = tokenMarkerIn(v);
      if (marker !== undefined) found.push({ path: at, marker });
    } else if (typeof v === 'number') {
      if (Token.isUnresolved(v)) found.push({ path: at, marker: String(v) });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${at}[${i}]`, depth + 1));
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        const child = SIMPLE_KEY.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
        const marker = tokenMarkerIn(key);
        if (marker !== undefined && found.length < limit) found.push({ path: child, marker, key: true });
        visit((v as Record<string, unknown>)[key], child, depth + 1);
      }
    }
  };
  visit(value, root, 0);
  return found;
}
