import { FunctionTable, fail, str, table } from './spec';

/** IP address functions: ipRangeContains (policy-only). */

interface IpRange { v6: boolean; lo: bigint; hi: bigint }

function parseIp(s: string): { v6: boolean; n: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { v6: false, n: BigInt(((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]) };
  }
  if (s.includes(':')) {
    let text = s;
    let tail: bigint[] = [];
    const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
    if (v4) {
      const p = parseIp(v4[1]);
      if (!p) return undefined;
      tail = [p.n >> 16n, p.n & 0xffffn];
      text = text.slice(0, -v4[1].length) + (text.endsWith('::' + v4[1]) ? '' : '0:0');
      if (text.endsWith(':0:0') && tail.length) text = text.slice(0, -4);
      else if (text.endsWith('::')) { /* keep */ }
    }
    const halves = text.split('::');
    if (halves.length > 2) return undefined;
    const parse = (h: string): bigint[] | undefined => {
      if (h === '') return [];
      const groups = h.split(':');
      const out: bigint[] = [];
      for (const g of groups) {
        if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
        out.push(BigInt('0x' + g));
      }
      return out;
    };
    const a = parse(halves[0]);
    const b = halves.length === 2 ? parse(halves[1]) : [];
    if (!a || !b) return undefined;
    const total = a.length + b.length + tail.length;
    if (halves.length === 1 && total !== 8) return undefined;
    if (total > 8) return undefined;
    const groups = [...a, ...new Array<bigint>(8 - total).fill(0n), ...b, ...tail];
    let n = 0n;
    for (const g of groups) n = (n << 16n) | g;
    return { v6: true, n };
  }
  return undefined;
}

function parseRange(fn: string, s: string): IpRange {
  const dash = s.indexOf('-');
  if (dash >= 0) {
    // "192.168.0.1-192.168.0.9": a range given by its first and last address.
    const a = parseIp(s.slice(0, dash).trim());
    const b = parseIp(s.slice(dash + 1).trim());
    if (!a || !b || a.v6 !== b.v6 || a.n > b.n) return fail(fn, `invalid IP address range ${JSON.stringify(s)}`);
    return { v6: a.v6, lo: a.n, hi: b.n };
  }
  const slash = s.indexOf('/');
  const ip = parseIp(slash >= 0 ? s.slice(0, slash) : s);
  if (!ip) return fail(fn, `invalid IP address or range ${JSON.stringify(s)}`);
  const bits = ip.v6 ? 128 : 32;
  let prefix = bits;
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) fail(fn, `invalid prefix length in ${JSON.stringify(s)}`);
    prefix = Number(p);
  }
  const hostBits = BigInt(bits - prefix);
  const mask = (1n << hostBits) - 1n;
  return { v6: ip.v6, lo: ip.n & ~mask, hi: (ip.n & ~mask) | mask };
}

/**
 * ipRangeContains(range, target): whether `range` contains `target`. Each is an address, a CIDR range or a
 * "first-last" range. Azure: "Empty ranges, or mixing between IP families isn't allowed and results in evaluation
 * failure"; other malformed input is not contained (false).
 */
export function ipRangeContains(range: string, target: string): boolean {
  if (range.trim() === '' || target.trim() === '') fail('ipRangeContains', 'empty IP address range');
  let r: IpRange;
  let t: IpRange;
  try {
    r = parseRange('ipRangeContains', range);
    t = parseRange('ipRangeContains', target);
  } catch {
    return false;
  }
  if (r.v6 !== t.v6) fail('ipRangeContains', 'the range and the target must both be IPv4 or both IPv6');
  return t.lo >= r.lo && t.hi <= r.hi;
}


export const IP_FUNCTIONS: FunctionTable = table([
  ['ipRangeContains', 2, 2, (a) => ipRangeContains(str('ipRangeContains', a[0]), str('ipRangeContains', a[1], 2))],
]);
