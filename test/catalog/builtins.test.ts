import * as fs from 'fs';
import * as path from 'path';
import {
  PolicyReferenceError, builtinCatalog, builtinCatalogFile, chainResolvers, compareVersions, kitPolicyLibrary, matchesVersion, openBuiltinCatalog,
  parsePolicyReference, policyFolder,
} from '../../lib/policy-engine/builtins';
import { PackedDataFile } from '../../lib/policy-engine/packed-data';
import { builtinRefsText } from '../../scripts/derive-builtin-refs';

const MCSB = '1f3afdf9-d0c9-4c3d-847f-89da613e70a8';
const MCSB_ID = `/providers/Microsoft.Authorization/policySetDefinitions/${MCSB}`;

interface Initiative {
  properties: { displayName: string; policyDefinitions: { policyDefinitionId: string; definitionVersion?: string; policyDefinitionReferenceId: string }[] };
}

describe('builtinCatalog()', () => {
  test('reads nothing until the first look-up, then only the index; a document inflates one chunk', () => {
    // A fresh module instance: the catalog is cached per process.
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('../../lib/policy-engine/builtins') as typeof import('../../lib/policy-engine/builtins');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const packed = require('../../lib/policy-engine/packed-data') as typeof import('../../lib/policy-engine/packed-data');
      const open = jest.spyOn(packed.PackedDataFile, 'open');
      const chunk = jest.spyOn(packed.PackedDataFile.prototype, 'chunk');
      const catalog = mod.builtinCatalog();
      expect(open).not.toHaveBeenCalled();
      const entry = catalog.resolve(MCSB);
      expect(open).toHaveBeenCalledTimes(1);
      expect(chunk).not.toHaveBeenCalled();
      expect(entry?.displayName).toBe('Microsoft cloud security benchmark');
      entry!.definition();
      expect(chunk).toHaveBeenCalledTimes(1);
      entry!.definition();
      expect(chunk).toHaveBeenCalledTimes(1);
      open.mockRestore();
      chunk.mockRestore();
    });
  });

  test('resolves MCSB by display name (any case), GUID and full id (any scope prefix), and every member resolves', () => {
    const catalog = builtinCatalog();
    const byName = catalog.resolve('microsoft CLOUD security benchmark');
    expect(byName).toMatchObject({ kind: 'initiative', name: MCSB, id: MCSB_ID, source: 'builtin', category: 'Security Center' });
    expect(catalog.resolve(MCSB.toUpperCase())).toBe(byName);
    expect(catalog.resolve(MCSB_ID.toLowerCase())).toBe(byName);
    expect(catalog.resolve(`/providers/Microsoft.Management/managementGroups/corp${MCSB_ID}`)).toBe(byName);
    expect(catalog.resolve(`/subscriptions/00000000-0000-0000-0000-000000000000${MCSB_ID}`)).toBe(byName);
    expect(catalog.resolve(MCSB, { kind: 'definition' })).toBeUndefined();
    expect(catalog.resolve(`/providers/Microsoft.Authorization/policyDefinitions/${MCSB}`)).toBeUndefined();

    const doc = byName!.definition() as unknown as Initiative;
    expect(doc.properties.displayName).toBe('Microsoft cloud security benchmark');
    const members = doc.properties.policyDefinitions;
    expect(members.length).toBeGreaterThan(200);
    let pinnedElsewhere = 0;
    for (const m of members) {
      const member = catalog.resolve(m.policyDefinitionId, { kind: 'definition' });
      expect(member).toBeDefined();
      const def = member!.definition() as { properties: { policyRule?: unknown } };
      expect(def.properties.policyRule).toBeDefined();
      if (m.definitionVersion !== undefined) {
        const pinned = catalog.resolve(m.policyDefinitionId, { version: m.definitionVersion });
        if (!pinned) {
          // The catalog holds one version; it says which.
          pinnedElsewhere++;
          expect(catalog.versions(m.policyDefinitionId)).toEqual([member!.version]);
          expect(matchesVersion(member!.version!, m.definitionVersion)).toBe(false);
        } else {
          expect(pinned).toBe(member);
        }
      }
    }
    // Nearly all pins match what the catalog holds (a few pin an older major version).
    expect(pinnedElsewhere).toBeLessThan(10);
  });

  test('holds every public definition and initiative once, and one version of each', () => {
    const catalog = builtinCatalog();
    const defs = [...catalog.entries('definition')];
    const sets = [...catalog.entries('initiative')];
    expect(defs.length).toBe(3594);
    expect(sets.length).toBe(181);
    expect(new Set(defs.map((e) => e.name.toLowerCase())).size).toBe(defs.length);
    expect(catalog.versions(MCSB)).toEqual([catalog.resolve(MCSB)!.version]);
    expect(catalog.versions('no-such-policy')).toEqual([]);
    // The index counts every file of the source, Azure Government copies included.
    expect(openBuiltinCatalog().index.counts).toEqual({ definitions: 5009, initiatives: 257, files: 5266 });
  });

  test('Azure Government: its own copy where Azure publishes one, the public one elsewhere, Government-only ones too', () => {
    const gov = builtinCatalog({ cloud: 'AzureUSGovernment' });
    const pub = builtinCatalog();
    expect(gov).not.toBe(pub);
    expect(gov.resolve(MCSB)!.version).toBe('47.38.1');
    expect(pub.resolve(MCSB)!.version).toBe('57.56.0');
    const publicOnly = pub.resolve('e3ec7e09-768c-4b64-882c-fcada3772047');
    expect(publicOnly).toBeDefined();
    expect(gov.resolve('e3ec7e09-768c-4b64-882c-fcada3772047')).toBe(
      [...gov.entries('initiative')].find((e) => e.name === 'e3ec7e09-768c-4b64-882c-fcada3772047'),
    );
    const govOnly = [...gov.entries()].filter((e) => !pub.resolve(e.id));
    expect(govOnly.length).toBe(9);
  });

  test('a definition is parsed once, frozen, and is the document as published', () => {
    const entry = builtinCatalog().resolve(MCSB)!;
    const a = entry.definition();
    expect(entry.definition()).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen((a as unknown as Initiative).properties.policyDefinitions[0])).toBe(true);
    expect(a).toMatchObject({ name: MCSB, id: MCSB_ID });
  });

  test('an id with /versions/<v> selects that version; a version pattern not held gives undefined', () => {
    const catalog = builtinCatalog();
    const entry = catalog.resolve(MCSB)!;
    expect(catalog.resolve(`${MCSB_ID}/versions/${entry.version}`)).toBe(entry);
    expect(catalog.resolve(`${MCSB_ID}/versions/1.0.0`)).toBeUndefined();
    expect(catalog.resolve(MCSB, { version: '57.*.*' })).toBe(entry);
    expect(catalog.resolve(MCSB, { version: '56.*.*' })).toBeUndefined();
  });

  test('hostile or odd references are simply not found', () => {
    const catalog = builtinCatalog();
    for (const ref of ['__proto__', 'constructor', 'hasOwnProperty', '', '   ', 'x'.repeat(100_000), '<kit>/deny-management-ports-from-internet']) {
      expect(catalog.resolve(ref)).toBeUndefined();
    }
    expect(catalog.versions('__proto__')).toEqual([]);
  });

  test('is the committed packed file under lib/policy-engine/data, under 2 MB', () => {
    expect(builtinCatalogFile()).toMatch(/lib[\\/]policy-engine[\\/]data[\\/]builtins\.v1\.bin$/);
    expect(fs.statSync(builtinCatalogFile()).size).toBeLessThan(2_000_000);
    expect(PackedDataFile.open(builtinCatalogFile()).index.chunks.length).toBeGreaterThan(10);
  });
});

describe('display names: case-insensitive, never ambiguous in silence', () => {
  const doc = (name: string, displayName: string, version = '1.0.0', kind: 'definition' | 'initiative' = 'definition'): { file: string; json: unknown } => ({
    file: `${name}-${version}.json`,
    json: {
      name,
      properties: kind === 'definition'
        ? { displayName, version, policyRule: { if: { field: 'type', equals: 'x' }, then: { effect: 'audit' } } }
        : { displayName, version, policyDefinitions: [] },
    },
  });

  test('two policies with one display name: an error listing both', () => {
    const folder = policyFolder([doc('a', 'Same Name'), doc('b', 'same name'), doc('c', 'Other')]);
    expect(() => folder.resolve('SAME NAME')).toThrow(PolicyReferenceError);
    try {
      folder.resolve('Same Name');
    } catch (e) {
      expect((e as PolicyReferenceError).candidates.map((c) => c.name)).toEqual(['a', 'b']);
      expect((e as Error).message).toMatch(/ambiguous: it matches 2 policies: definition a \("Same Name"\) \[file a-1\.0\.0\.json\]; definition b \("same name"\) \[file b-1\.0\.0\.json\]/);
    }
    expect(folder.resolve('other')?.name).toBe('c');
    // By name, each is found.
    expect(folder.resolve('a')?.name).toBe('a');
  });

  test('a definition and an initiative of one display name: ambiguous without kind, found with it', () => {
    const folder = policyFolder([doc('a', 'Shared'), doc('s', 'Shared', '1.0.0', 'initiative')]);
    expect(() => folder.resolve('Shared')).toThrow(/ambiguous/);
    expect(folder.resolve('Shared', { kind: 'initiative' })?.name).toBe('s');
  });

  test('two versions of one policy are not ambiguous: newest first, patterns select', () => {
    const folder = policyFolder([doc('a', 'A', '1.0.0'), doc('a', 'A', '2.1.0'), doc('a', 'A', '1.4.2'), { file: 'notes.json', json: { hello: 1 } }]);
    expect(folder.versions('a')).toEqual(['2.1.0', '1.4.2', '1.0.0']);
    expect(folder.resolve('A')?.version).toBe('2.1.0');
    expect(folder.resolve('a', { version: '1.*.*' })?.version).toBe('1.4.2');
    expect(folder.resolve('a', { version: '1.0.0' })?.version).toBe('1.0.0');
    expect(folder.resolve('a', { version: '3.*.*' })).toBeUndefined();
    expect([...folder.entries()].length).toBe(3);
    expect(folder.resolve('a')).toMatchObject({ source: 'file', id: '/providers/Microsoft.Authorization/policyDefinitions/a' });
  });

  test('built-in display names are unique per kind in the public cloud', () => {
    const seen = new Map<string, string>();
    for (const e of builtinCatalog().entries()) {
      const key = e.displayName!.toLowerCase();
      expect(seen.get(key)).toBeUndefined();
      seen.set(key, e.name);
    }
  });
});

describe('versions', () => {
  test.each([
    ['1.2.3', '1.*.*', true],
    ['1.2.3', '1.2.*', true],
    ['1.2.3', '1.3.*', false],
    ['2.0.0', '1.*.*', false],
    ['2.2.1', '2.*.*-preview', true],
    ['1.0.0-preview', '1.*.*', true],
    ['1.2.3', '1.2.3', true],
    ['1.2.3-PREVIEW', '1.2.3-preview', true],
    ['1.2.3', '1.2.3-preview', false],
    ['garbage', '1.*.*', false],
  ])('%s matches %s: %s', (version, pattern, expected) => {
    expect(matchesVersion(version, pattern)).toBe(expected);
  });

  test('compareVersions orders numerically, a suffixed version before the plain one', () => {
    expect(['1.10.0', '1.2.0', '1.2.0-preview', '10.0.0', '2.0.0'].sort(compareVersions)).toEqual(['1.2.0-preview', '1.2.0', '1.10.0', '2.0.0', '10.0.0']);
  });

  test('parsePolicyReference takes ids apart', () => {
    expect(parsePolicyReference(`${MCSB_ID}/versions/1.0.0`)).toEqual({ kind: 'initiative', name: MCSB, version: '1.0.0', exact: true });
    expect(parsePolicyReference('<kit>/x')).toEqual({ kind: 'definition', name: 'x', kit: true, exact: true });
    expect(parsePolicyReference(' Some Name ')).toEqual({ name: 'Some Name', exact: false });
  });
});

describe('kitPolicyLibrary() and chainResolvers()', () => {
  test('the kit library resolves by name, <kit>/<name>, id and display name; initiatives too', () => {
    const kit = kitPolicyLibrary();
    const byName = kit.resolve('deny-management-ports-from-internet');
    expect(byName).toMatchObject({ kind: 'definition', source: 'kit' });
    expect(byName!.file).toBe(path.join(__dirname, '..', '..', 'policies', 'definitions', 'deny-management-ports-from-internet.json'));
    expect(kit.resolve('<kit>/deny-management-ports-from-internet')).toBe(byName);
    expect(kit.resolve(byName!.displayName!.toUpperCase())).toBe(byName);
    expect(kit.resolve('registry-guardrails', { kind: 'initiative' })?.kind).toBe('initiative');
    expect(kitPolicyLibrary()).toBe(kit);
  });

  test('a chain: first match wins; entries of later resolvers are shadowed by name', () => {
    const custom = policyFolder([{ file: 'mine.json', json: { name: MCSB, properties: { displayName: 'My own', policyDefinitions: [] } } }]);
    const chain = chainResolvers(custom, kitPolicyLibrary(), builtinCatalog());
    expect(chain.resolve(MCSB)?.source).toBe('file');
    expect(chain.resolve('Microsoft cloud security benchmark')?.source).toBe('builtin');
    expect(chain.resolve('<kit>/acr-admin-user-disabled')?.source).toBe('kit');
    expect(chain.versions(MCSB)).toEqual([]);
    const all = [...chain.entries('initiative')];
    expect(all.filter((e) => e.name === MCSB).map((e) => e.source)).toEqual(['file']);
    expect(all.length).toBe(1 + [...kitPolicyLibrary().entries('initiative')].length + 181 - 1);
  });
});

describe('lib/policy/data/builtin-refs.json', () => {
  test('is derived from the committed built-in catalog (one source): re-deriving it gives the committed file', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'policy', 'data', 'builtin-refs.json'), 'utf8');
    expect(builtinRefsText(builtinCatalog())).toBe(committed);
  });
});
