// fold()'s bounded cache and valueEquals' in-place ASCII comparison (added for scan speed) keep Azure's semantics.
import { fold, valueEquals } from '../../lib/policy-engine/values';

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

  test('fold gives the same answer before and after its cache fills and starts again', () => {
    const first = fold('MiXeD-Case');
    for (let i = 0; i < 25_000; i++) fold(`Value-${i}`);
    expect(fold('MiXeD-Case')).toBe(first);
    expect(fold('Straße')).toBe('strasse');
    expect(fold('x'.repeat(500).toUpperCase())).toBe('x'.repeat(500));
  });
});
