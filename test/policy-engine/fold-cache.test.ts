// fold()'s bounded cache and valueEquals' in-place ASCII comparison (added for scan speed) keep Azure's semantics.
import { compilePolicy } from '../../lib/policy-engine';
import { fold, foldedEquals, valueEquals } from '../../lib/policy-engine/values';

describe('case folding fast paths', () => {
  test('valueEquals: ASCII case-insensitive in place, Unicode folding otherwise', () => {
    expect(valueEquals('/subscriptions/A/resourceGroups/RG', '/SUBSCRIPTIONS/a/resourcegroups/rg')).toBe(true);
    expect(valueEquals('abc', 'abd')).toBe(false);
    expect(valueEquals('ab[', 'AB{')).toBe(false); // '[' + 32 is '{': only letters fold
    expect(valueEquals('straße', 'STRASSE')).toBe(true);
    expect(valueEquals('Ärger', 'äRGER')).toBe(true);
    expect(valueEquals('äb', 'ac')).toBe(false);
    expect(valueEquals('', '')).toBe(true);
  });

  test('valueEquals: a difference found from the end still folds strings with non-ASCII characters elsewhere', () => {
    // U+212A KELVIN SIGN folds to "k"; one code unit like the "k" it is compared with.
    expect(valueEquals('\u212Aey-1', 'key-1')).toBe(true);
    expect(valueEquals('\u212Aey-1', 'KEY-2')).toBe(false);
    expect(valueEquals('vm-1/\u212A', 'VM-1/k')).toBe(true);
    const id = (n: string): string => `/subscriptions/s/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/${n}`;
    expect(valueEquals(id('vm-10'), id('VM-10').toLowerCase())).toBe(true);
    expect(valueEquals(id('vm-10'), id('vm-11'))).toBe(false);
    expect(valueEquals(`X${id('vm-10').slice(1)}`, `y${id('vm-10').slice(1)}`)).toBe(false);
  });

  test('foldedEquals: strings of different lengths are equal only through non-ASCII folding (short and long strings)', () => {
    const long = 'x'.repeat(40);
    for (const [x, y, want] of [
      ['ab', 'abc', false], ['ss', 'ß', true], ['ß', 'SS', true], ['SS', 'ßs', false],
      [long + 'ss', long.toUpperCase() + 'ß', true], [long + 'ss', long + 's', false], [long + 'A', long + 'a', true],
    ] as const) {
      expect(foldedEquals(x, y)).toBe(want);
      expect(foldedEquals(y, x)).toBe(want);
      expect(foldedEquals(x, y)).toBe(fold(x) === fold(y));
    }
  });

  test('equals with a constant string right-hand side folds the left-hand side as valueEquals does', () => {
    const rule = (rhs: string): ReturnType<typeof compilePolicy> => compilePolicy({ if: { field: 'properties.s', equals: rhs }, then: { effect: 'deny' } });
    expect(rule('STRASSE').evaluate({ properties: { s: 'straße' } }).effect).toBe('Deny');
    expect(rule('STRAS').evaluate({ properties: { s: 'straße' } }).effect).toBeNull();
    expect(rule('abc').evaluate({ properties: { s: 'ABCD' } }).effect).toBeNull();
    expect(rule('abc').evaluate({ properties: { s: 'ABC' } }).effect).toBe('Deny');
  });

  test('valueEquals on strings of one length agrees with full folding (seeded, with characters whose case mapping is special)', () => {
    const alphabet = ['a', 'A', 's', 'S', 'k', 'K', 'i', 'I', 'ß', 'ſ', '\u212A', 'İ', 'ı', 'Σ', 'σ', 'ς', 'é', 'É', '/', '-', '1', 'ﬀ', 'ǅ'];
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let compared = 0;
    for (let t = 0; t < 20_000; t++) {
      const x = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      const y = [...x].map((ch) => {
        const r = rnd();
        if (r < 0.4) return ch.toUpperCase().length === ch.length ? ch.toUpperCase() : ch;
        return r < 0.6 ? alphabet[Math.floor(rnd() * alphabet.length)] : ch;
      }).join('');
      if (y.length !== x.length) continue;
      expect([x, y, valueEquals(x, y)]).toEqual([x, y, fold(x) === fold(y)]);
      compared++;
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  test('valueEquals on strings of different lengths agrees with full folding (seeded: an ASCII end decides, as the comment proves)', () => {
    const alphabet = ['a', 'A', 's', 'S', 'k', 'K', 'i', 'I', 'ß', 'ſ', '\u212A', 'İ', 'ı', 'Σ', 'σ', 'ς', 'é', 'É', '/', '-', '1', 'ﬀ', 'ǅ', 'ss', 'SS', 'ff'];
    let seed = 11;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const word = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    let compared = 0;
    let equal = 0;
    for (let t = 0; t < 30_000; t++) {
      const core = word(Math.floor(rnd() * 5));
      // The same end with different starts (what comparing ids from the end meets), or a string against its fold.
      const x = word(Math.floor(rnd() * 3)) + core;
      const r = rnd();
      const y = r < 0.3 ? fold(x).toUpperCase() : r < 0.5 ? fold(x) : word(Math.floor(rnd() * 3)) + (rnd() < 0.5 ? core.toUpperCase() : core);
      if (y.length === x.length) continue;
      const want = fold(x) === fold(y);
      expect([x, y, valueEquals(x, y), valueEquals(y, x)]).toEqual([x, y, want, want]);
      compared++;
      if (want) equal++;
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(equal).toBeGreaterThan(500);
  });

  test('fold gives the same answer before and after its cache fills and starts again', () => {
    const first = fold('MiXeD-Case');
    for (let i = 0; i < 25_000; i++) fold(`Value-${i}`);
    expect(fold('MiXeD-Case')).toBe(first);
    expect(fold('Straße')).toBe('strasse');
    expect(fold('x'.repeat(500).toUpperCase())).toBe('x'.repeat(500));
  });
});
