/**
 * The plan reader tells a resource attribute reference (`azurerm_subnet.a["k"].id`) with a character scan
 * (plan.ts refAttributeStart) that must accept exactly what the regular expression it replaced accepted, and split it
 * at the same places.
 */
import { refAttributeStart } from '../../lib/preflight/plan';
import { prng } from '../../bench/prng';

const REF = /^([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\[[^\]]*\])?)\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** What the regular expression says: [index of the type's dot, index where the attribute starts], or null. */
function byRegex(r: string): [number, number] | null {
  const m = REF.exec(r);
  return m ? [m[1].length, r.length - m[4].length] : null;
}

function byScan(r: string): [number, number] | null {
  const typeEnd = { at: -1 };
  const at = refAttributeStart(r, typeEnd);
  return at < 0 ? null : [typeEnd.at, at];
}

describe('refAttributeStart', () => {
  it.each([
    'azurerm_subnet.a.id',
    'azurerm_subnet.a[0].id',
    'azurerm_subnet.a["x.y]z"].id',
    'azurerm_subnet.a["x"]["y"].id',
    'azurerm_subnet.a[].id',
    'azurerm_subnet.a-b_C9.Id_2',
    'azurerm_subnet.a',
    'azurerm_subnet.a.',
    'azurerm_subnet.a.id.name',
    'azurerm_subnet.a.id-x',
    'azurerm_subnet.a[0.id',
    'azurerm_subnet.a[0]id',
    'Azurerm_subnet.a.id',
    '_x.a.id',
    'x.9a.id',
    'x.a.9d',
    'var.x.y',
    'data.azurerm_client_config.current.tenant_id',
    'module.m.x',
    'a.b.c\n',
    'a.b[\n].c',
    'é.a.id',
    '',
    '.',
    'a..b',
  ])('%j', (r) => {
    expect(byScan(r)).toEqual(byRegex(r));
  });

  it('agrees with the regular expression on 100,000 generated references, valid and broken', () => {
    const rnd = prng(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
    const types = ['azurerm_subnet', 'a', 'a9_', 'var', 'data', 'A', '_a', '9', '', 'é', 'a-b'];
    const names = ['a', 'A-b_9', '_', '-a', '9', '', 'a.b', 'é'];
    const keys = ['', '', '[0]', '["x.y"]', '[]', '[', ']', '[a]b]', '[\n]'];
    const attributes = ['id', 'Id_2', '_', '9a', '', 'a-b', 'id.name', 'id\n'];
    const noise = ['a', 'Z', '0', '_', '-', '.', '[', ']', '"', ' ', 'é', '\n'];
    let matched = 0;
    for (let i = 0; i < 100_000; i++) {
      let r = `${pick(types)}${rnd() < 0.9 ? '.' : ''}${pick(names)}${pick(keys)}${rnd() < 0.9 ? '.' : ''}${pick(attributes)}`;
      if (rnd() < 0.3) {
        const at = Math.floor(rnd() * (r.length + 1));
        r = rnd() < 0.5 ? r.slice(0, at) + pick(noise) + r.slice(at) : r.slice(0, at) + r.slice(at + 1);
      }
      const expected = byRegex(r);
      if (expected) matched++;
      const actual = byScan(r);
      if (actual === null ? expected !== null : expected === null || actual[0] !== expected[0] || actual[1] !== expected[1]) expect([r, actual]).toEqual([r, expected]);
    }
    expect(matched).toBeGreaterThan(2_000); // the generator reaches the accepting paths too
  });
});
