/**
 * The translation tells UNKNOWN among the objects of a body it builds without isUnknown's brand lookup for plain
 * objects (translate.ts isUnknownObject); the marker of another copy of the engine (contract C1: isUnknown recognises
 * it by its brand) must still be unknown.
 */
import { UNKNOWN, isUnknown } from '../../lib/preflight';
import { isUnknownObject } from '../../lib/preflight/translate';

/** An Unknown as another copy of lib/policy-engine/unknown.ts makes it: its own class, the shared brand. */
const BRAND: unique symbol = Symbol.for('cdktf-azure-guardrails.policy-engine.unknown');
class OtherCopyUnknown {
  public readonly [BRAND] = true;
}

describe('isUnknownObject', () => {
  it('agrees with isUnknown on the markers and on the objects a body holds', () => {
    const other = Object.freeze(new OtherCopyUnknown());
    const cases: object[] = [UNKNOWN, other, {}, { a: 1 }, JSON.parse('{"__proto__": {"x": 1}}') as object, [], [UNKNOWN], Object.create(null) as object];
    for (const c of cases) expect([c, isUnknownObject(c)]).toEqual([c, isUnknown(c)]);
    expect(isUnknownObject(other)).toBe(true);
  });
});
