import { Value } from '../values';
import { FunctionTable, armString, table } from './spec';

/**
 * ARM functions Azure accepts in effect details (deployment names and parameters of deployIfNotExists) but not in
 * conditions. uniqueString() and guid() are deterministic here, in ARM's shape, but not bit-identical to ARM's hash.
 */

function hash53(s: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Deterministic 13-character id in the shape of ARM's uniqueString() (not bit-identical to ARM's hash). */
function uniqueString(s: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let n = BigInt(hash53(s, 1)) * 2048n + BigInt(hash53(s, 2) & 2047);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += alphabet[Number(n & 31n)];
    n >>= 5n;
  }
  return out;
}

function guidOf(s: string): string {
  const hex = [1, 2, 3, 4].map((seed) => hash53(s, seed).toString(16).padStart(14, '0').slice(-8)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const text = (args: Value[], fn: string): string => args.map((a) => armString(a, fn)).join('-');

/** Functions allowed only in effect details. */
export const DETAILS_ONLY_FUNCTIONS: FunctionTable = table([
  ['uniqueString', 0, Infinity, (a) => uniqueString(text(a, 'uniqueString'))],
  ['guid', 0, Infinity, (a) => guidOf(text(a, 'guid'))],
]);
