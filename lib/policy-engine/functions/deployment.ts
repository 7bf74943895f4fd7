import { Value } from '../values';
import { FunctionTable, str, table } from './spec';

/**
 * uniqueString() and guid(): ARM's deterministic identifiers, bit-identical to what ARM computes. Azure Policy
 * accepts them in effect details (deployment names and parameters, and the existenceCondition, where Microsoft's
 * built-ins compare the id of a resource they deploy with one named by uniqueString()), not in the `if` conditions
 * (the conformance corpus, from microsoft/regorus, expects a compile error there). Both join their string arguments
 * with '-' (ARM: every argument must be a string) and hash the UTF-8 bytes:
 * - uniqueString: a 64-bit MurmurHash3-style hash (two 32-bit lanes over 8-byte blocks, seed 0), written as 13
 *   characters of RFC 4648 base32 in lower case, 5 bits at a time from the top bit;
 * - guid: a name-based version-5 UUID (RFC 4122 section 4.3, SHA-1) in ARM's namespace
 *   11fb06fb-712d-4ddd-98c7-e71bbd588830.
 * Checked against values ARM returns (test/policy-engine/functions.test.ts).
 */

const C1 = 0xab0e9789;
const C2 = 0x239b961b;
const FMIX1 = 0x85ebca6b;
const FMIX2 = 0xc2b2ae35;

const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;
const fmix = (h: number): number => {
  h = Math.imul(h ^ (h >>> 16), FMIX1);
  h = Math.imul(h ^ (h >>> 13), FMIX2);
  return (h ^ (h >>> 16)) >>> 0;
};
const le32 = (b: Uint8Array, at: number, n: number): number => {
  let k = 0;
  for (let i = n - 1; i >= 0; i--) k = (k << 8) | b[at + i];
  return k >>> 0;
};

/** ARM's 64-bit hash of uniqueString(), as [high, low] 32-bit halves. */
function hash64(bytes: Uint8Array): [number, number] {
  const n = bytes.length;
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const k1 = Math.imul(rotl(Math.imul(le32(bytes, i, 4), C2), 15), C1);
    const k2 = Math.imul(rotl(Math.imul(le32(bytes, i + 4, 4), C1), 17), C2);
    h1 = (Math.imul(((rotl((h1 ^ k1) >>> 0, 19) + h2) >>> 0), 5) + 0x561ccd1b) >>> 0;
    h2 = (Math.imul(((rotl((h2 ^ k2) >>> 0, 13) + h1) >>> 0), 5) + 0x0bcaa747) >>> 0;
  }
  const rest = n - i;
  if (rest > 0) {
    h1 = (h1 ^ Math.imul(rotl(Math.imul(le32(bytes, i, Math.min(rest, 4)), C2), 15), C1)) >>> 0;
    if (rest > 4) h2 = (h2 ^ Math.imul(rotl(Math.imul(le32(bytes, i + 4, rest - 4), C1), 17), C2)) >>> 0;
  }
  h2 = (h2 ^ n) >>> 0;
  h1 = (((h1 ^ n) >>> 0) + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  return [h2, h1];
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** ARM's uniqueString() of the joined text. */
export function armUniqueString(text: string): string {
  const [hi, lo] = hash64(Buffer.from(text, 'utf8'));
  let h = (BigInt(hi) << 32n) | BigInt(lo);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += BASE32[Number(h >> 59n)];
    h = (h << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

const GUID_NAMESPACE = Buffer.from('11fb06fb712d4ddd98c7e71bbd588830', 'hex');

/** ARM's guid() of the joined text: UUID version 5 in ARM's namespace. */
export function armGuid(text: string): string {
  // Loaded on first use: node:crypto costs every run of the CLI ~7 ms of start-up (issue 12 item 11).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('crypto') as typeof import('crypto');
  const b = createHash('sha1').update(GUID_NAMESPACE).update(Buffer.from(text, 'utf8')).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const joined = (fn: string, args: Value[]): string => args.map((a, i) => str(fn, a, i + 1)).join('-');

/** Functions allowed only in effect details: at least one argument, every argument a string. */
export const DETAILS_ONLY_FUNCTIONS: FunctionTable = table([
  ['uniqueString', 1, Infinity, (a) => armUniqueString(joined('uniqueString', a))],
  ['guid', 1, Infinity, (a) => armGuid(joined('guid', a))],
]);
