import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { AliasCatalog, bundledAliases, compilePolicy } from '../../lib/policy-engine';
import { AliasCatalogLimitError, AliasEntry, AliasGroupSource, aliasGroup, typeGroup } from '../../lib/policy-engine/aliases';
import { bundledAliasFile, bundledAliasTable, packedAliasSource, readBundledAliasChunks } from '../../lib/policy-engine/bundled-aliases';
import { PackedDataFile } from '../../lib/policy-engine/packed-data';
import { encodeAliasCatalog, encodeRow, mergeAliasTables, readAliasRows, CatalogRow } from '../../scripts/derive-alias-catalog';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-aliases-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('derive-alias-catalog: reading a source table', () => {
  test('reads gzip or plain CSV, trims, skips blank lines, keeps order and duplicates', () => {
    const csv = 'Microsoft.A/b/x, properties.x \r\n\r\nMicrosoft.Compute/imageId,properties.storageProfile.imageReference.id\nMicrosoft.Compute/imageId,properties.creationData.imageReference.id\n';
    fs.writeFileSync(path.join(dir, 'a.csv.gz'), zlib.gzipSync(csv));
    fs.writeFileSync(path.join(dir, 'a.csv'), csv);
    const expected = [
      ['Microsoft.A/b/x', 'properties.x'],
      ['Microsoft.Compute/imageId', 'properties.storageProfile.imageReference.id'],
      ['Microsoft.Compute/imageId', 'properties.creationData.imageReference.id'],
    ];
    expect(readAliasRows(path.join(dir, 'a.csv.gz'))).toEqual(expected);
    expect(readAliasRows(path.join(dir, 'a.csv'))).toEqual(expected);
  });

  test.each(['no comma here', 'Microsoft.A/b/x,', 'noslash,properties.x', 'Microsoft.A/b/x,a,b', 'Microsoft.A/b/x,properties.a b'])('rejects the malformed row %j with file and line', (row) => {
    fs.writeFileSync(path.join(dir, 'bad.csv'), `Microsoft.A/b/ok,properties.ok\n${row}\n`);
    expect(() => readAliasRows(path.join(dir, 'bad.csv'))).toThrow(/bad\.csv:2: expected "aliasName,defaultPath"/);
  });
});

describe('derive-alias-catalog: merging the 2024 and 2026 dumps', () => {
  const older: [string, string][] = [
    ['Microsoft.Web/sites/vnetImagePullEnabled', 'properties.vnetImagePullEnabled'],
    ['Microsoft.Compute/imagePublisher', 'properties.storageProfile.imageReference.publisher'],
    ['Microsoft.Compute/imagePublisher', 'properties.virtualMachineProfile.storageProfile.imageReference.publisher'],
    ['Microsoft.Media/mediaServices/storageAccounts[*].id', 'properties.storageAccounts[*].id'],
    ['Microsoft.Sql/auditingSettings.state', 'properties.state'],
    ['Microsoft.Sql/auditingSettings.state', 'properties.state'],
  ];
  const newer: [string, string][] = [
    ['Microsoft.Web/sites/sku', 'properties.sku'],
    ['microsoft.web/sites/vnetImagePullEnabled', 'properties.outboundVnetRouting.imagePullTraffic'],
    ['Microsoft.Compute/imagePublisher', 'properties.creationData.imageReference.id'],
    ['Microsoft.Sql/auditingSettings.state', 'properties.state'],
  ];
  const { rows, stats } = mergeAliasTables(older, newer);

  test('the newer path comes first for an alias declared once; a moved path keeps the older one after it (requests of older API versions carry it)', () => {
    expect(rows.filter((r) => r.name.toLowerCase() === 'microsoft.web/sites/vnetimagepullenabled')).toEqual([
      { name: 'microsoft.web/sites/vnetImagePullEnabled', path: 'properties.outboundVnetRouting.imagePullTraffic' },
      { name: 'microsoft.web/sites/vnetImagePullEnabled', path: 'properties.vnetImagePullEnabled' },
    ]);
    expect(rows.filter((r) => r.name === 'Microsoft.Sql/auditingSettings.state')).toEqual([{ name: 'Microsoft.Sql/auditingSettings.state', path: 'properties.state' }]);
    expect(stats.changedPaths).toBe(1);
  });

  test('an alias the older dump declares on several types keeps every declaration, older order first, then the new path', () => {
    expect(rows.filter((r) => r.name === 'Microsoft.Compute/imagePublisher').map((r) => r.path)).toEqual([
      'properties.storageProfile.imageReference.publisher',
      'properties.virtualMachineProfile.storageProfile.imageReference.publisher',
      'properties.creationData.imageReference.id',
    ]);
    expect(stats.multiType).toBe(1);
  });

  test('an alias only in the older dump stays, marked removed; one only in the newer dump is added', () => {
    expect(rows).toContainEqual({ name: 'Microsoft.Media/mediaServices/storageAccounts[*].id', path: 'properties.storageAccounts[*].id', removed: true });
    expect(rows).toContainEqual({ name: 'Microsoft.Web/sites/sku', path: 'properties.sku' });
    expect(stats).toMatchObject({ olderRows: 6, newerRows: 4, added: 1, removed: 1, aliases: 5 });
  });

  test('a supplement row is added only while neither dump has the name', () => {
    const merged = mergeAliasTables(older, newer, [['Microsoft.Web/sites/sku', 'properties.other', 'x'], ['Microsoft.New/things/p', 'properties.p', 'y']]);
    expect(merged.rows.filter((r) => r.name === 'Microsoft.Web/sites/sku')).toEqual([{ name: 'Microsoft.Web/sites/sku', path: 'properties.sku' }]);
    expect(merged.rows).toContainEqual({ name: 'Microsoft.New/things/p', path: 'properties.p' });
    expect(merged.stats).toMatchObject({ supplemented: 1, aliases: 6 });
  });

  test('duplicate identical rows collapse; rows come grouped by resource type group, groups sorted', () => {
    expect(rows.filter((r) => r.name === 'Microsoft.Sql/auditingSettings.state')).toHaveLength(1);
    const groups = rows.map((r) => aliasGroup(r.name.toLowerCase()));
    expect(groups).toEqual([...groups].sort());
    expect(stats.rows).toBe(rows.length);
  });

  test('the encoded chunks are flat tables that AliasCatalog.fromFlatTable reads, removed flag included', () => {
    const { index, chunks } = encodeAliasCatalog(rows, [{ file: 'a', rows: 6, dumped: '2024' }], 100);
    expect(chunks.length).toBeGreaterThan(1);
    expect(index).toMatchObject({ aliases: 5, rows: rows.length, removed: 1 });
    const catalog = AliasCatalog.fromFlatTable(chunks.join(''));
    expect(catalog.size).toBe(5);
    expect(catalog.get('Microsoft.Media/mediaServices/storageAccounts[*].id')).toMatchObject({ removed: true });
    expect(catalog.get('Microsoft.Web/sites/sku')?.removed).toBeUndefined();
    // Every group lies whole in the chunk the index names.
    for (const [group, chunk] of index.groups) {
      const inChunk = chunks[chunk].trimEnd().split('\n').filter((l) => aliasGroup(l.split(',')[0].toLowerCase()) === group);
      const all = rows.filter((r) => aliasGroup(r.name.toLowerCase()) === group).map(encodeRow);
      expect(inChunk).toEqual(all);
    }
  });
});

describe('alias groups', () => {
  test.each([
    ['microsoft.network/networksecuritygroups/securityrules[*].destinationportrange', 'microsoft.network/networksecuritygroups'],
    ['microsoft.network/networksecuritygroups/securityrules/access', 'microsoft.network/networksecuritygroups/securityrules'],
    ['microsoft.web/sites/config/web.mintlsversion', 'microsoft.web/sites/config'],
    ['microsoft.web/sites/siteconfig.mintlsversion', 'microsoft.web/sites'],
    ['microsoft.sql/servers/databases/transparentdataencryption/status', 'microsoft.sql/servers/databases'],
    ['microsoft.compute/imagepublisher', 'microsoft.compute/imagepublisher'],
  ])('%s is in group %s', (name, group) => {
    expect(aliasGroup(name)).toBe(group);
  });

  test('a type is in the group of its aliases', () => {
    expect(typeGroup('microsoft.network/networksecuritygroups')).toBe('microsoft.network/networksecuritygroups');
    expect(typeGroup('microsoft.sql/servers/databases/transparentdataencryption')).toBe('microsoft.sql/servers/databases');
  });
});

describe('AliasCatalog.fromFlatTable', () => {
  test('a third column "removed" marks the alias; a comma inside a path without the flag stays part of the path', () => {
    const c = AliasCatalog.fromFlatTable("Microsoft.A/b/x,properties.x,removed\nMicrosoft.A/b/y,properties.tags['a,b']\n");
    expect(c.get('microsoft.a/b/x')).toEqual({ name: 'Microsoft.A/b/x', defaultPath: 'properties.x', paths: [], removed: true });
    expect(c.get('Microsoft.A/b/y')).toEqual({ name: 'Microsoft.A/b/y', defaultPath: "properties.tags['a,b']", paths: [] });
  });
});

describe('AliasCatalog.lazy and merge', () => {
  function countingSource(table: Record<string, AliasEntry[]>): AliasGroupSource & { loads: string[] } {
    const loads: string[] = [];
    return {
      loads,
      groups: () => [...new Set(Object.keys(table).map((k) => aliasGroup(k)))],
      load(group) {
        loads.push(group);
        return new Map(Object.entries(table).filter(([k]) => aliasGroup(k) === group));
      },
    };
  }
  const entry = (name: string, defaultPath: string): AliasEntry => ({ name, defaultPath, paths: [] });

  test('loads only the group looked up, once', () => {
    const src = countingSource({
      'microsoft.a/t/x': [entry('Microsoft.A/t/x', 'properties.x')],
      'microsoft.a/u/y': [entry('Microsoft.A/u/y', 'properties.y')],
    });
    const c = AliasCatalog.lazy(src);
    expect(src.loads).toEqual([]);
    expect(c.get('MICROSOFT.A/T/X')?.defaultPath).toBe('properties.x');
    expect(c.has('Microsoft.A/t/nothing')).toBe(false);
    expect(c.has('Microsoft.Z/none/at-all')).toBe(false);
    expect(src.loads).toEqual(['microsoft.a/t']);
    expect(c.declaresProperty('Microsoft.A/u', 'Y')).toBe(true);
    expect(c.declaresProperty('Microsoft.A/u', 'x')).toBe(false);
    expect(src.loads).toEqual(['microsoft.a/t', 'microsoft.a/u']);
    expect(c.size).toBe(2);
  });

  test('a merge keeps the lazy layer lazy; later catalogs win, also for declaresProperty', () => {
    const src = countingSource({ 'microsoft.a/t/x': [entry('Microsoft.A/t/x', 'properties.x')] });
    const extra = AliasCatalog.fromArmProviders([{ namespace: 'Microsoft.A', resourceTypes: [{ resourceType: 't', aliases: [{ name: 'Microsoft.A/t/x', paths: [], defaultPath: 'properties.other' }] }] }]);
    const merged = AliasCatalog.merge(AliasCatalog.lazy(src), extra);
    expect(src.loads).toEqual([]);
    expect(merged.get('Microsoft.A/t/x')?.defaultPath).toBe('properties.other');
    expect(merged.declaresProperty('Microsoft.A/t', 'other')).toBe(true);
    expect(merged.declaresProperty('Microsoft.A/t', 'x')).toBe(false);
  });

  test('declaresProperty finds aliases declared by resourceType under another name (ARM provider format)', () => {
    const c = AliasCatalog.fromArmProviders([{ namespace: 'Microsoft.Compute', resourceTypes: [{ resourceType: 'virtualMachines', aliases: [{ name: 'Microsoft.Compute/imagePublisher', paths: [], defaultPath: 'properties.storageProfile.imageReference.publisher' }] }] }]);
    expect(c.declaresProperty('Microsoft.Compute/virtualMachines', 'storageProfile')).toBe(true);
  });
});

describe('AliasCatalog.fromBytes: bounded reads', () => {
  test('a gzip bomb stops at the limit with an error naming the source and the limit', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 'a'));
    expect(bomb.length).toBeLessThan(100_000);
    let err: unknown;
    try {
      AliasCatalog.fromBytes(bomb, 'alias catalog big.csv.gz', { maxBytes: 1024 * 1024 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AliasCatalogLimitError);
    expect((err as AliasCatalogLimitError).message).toMatch(/alias catalog big\.csv\.gz inflates to more than 1 MiB/);
    expect((err as AliasCatalogLimitError).limit).toBe(1024 * 1024);
  });

  test('plain text over the limit fails; within it (gzip or plain, BOM) it reads', () => {
    const text = '\uFEFFMicrosoft.A/b/x,properties.x\n';
    expect(() => AliasCatalog.fromBytes(Buffer.from(text), 'cat.csv', { maxBytes: 10 })).toThrow(/cat\.csv is more than 10 bytes/);
    expect(AliasCatalog.fromBytes(Buffer.from(text), 'cat.csv').get('Microsoft.A/b/x')?.defaultPath).toBe('properties.x');
    expect(AliasCatalog.fromBytes(zlib.gzipSync(text), 'cat.csv.gz', { maxBytes: 100 }).has('microsoft.a/b/x')).toBe(true);
  });

  test('a damaged gzip file is a parse error naming the source', () => {
    const gz = zlib.gzipSync('Microsoft.A/b/x,properties.x\n');
    expect(() => AliasCatalog.fromBytes(gz.subarray(0, 12), 'cut.gz')).toThrow(/cut\.gz is not a valid gzip file/);
  });
});

describe('packed data files', () => {
  test('a truncated or foreign file fails with an error naming it', () => {
    const file = path.join(dir, 'x.bin');
    fs.writeFileSync(file, 'not packed at all');
    expect(() => PackedDataFile.open(file)).toThrow(/x\.bin: not a packed catalog/);
    const real = fs.readFileSync(bundledAliasFile());
    fs.writeFileSync(file, real.subarray(0, 2000));
    expect(() => PackedDataFile.open(file)).toThrow(/x\.bin: damaged packed catalog/);
    expect(() => PackedDataFile.open(path.join(dir, 'missing.bin'))).toThrow(/missing\.bin: cannot open/);
  });

  test('a chunk that inflates to more than the index records is refused', () => {
    const real = Buffer.from(fs.readFileSync(bundledAliasFile()));
    const file = path.join(dir, 'y.bin');
    fs.writeFileSync(file, real);
    const packed = PackedDataFile.open<{ chunks: [number, number, number][] }>(file);
    // Lie about the raw length of chunk 0 in memory: inflation is bounded by it.
    (packed.index.chunks[0] as [number, number, number])[2] = 10;
    expect(() => packed.chunk(0)).toThrow(/y\.bin \(chunk 0\): damaged packed catalog/);
  });
});

describe('the bundled alias catalog', () => {
  test('is a compressed packed file shipped under lib/policy-engine/data', () => {
    expect(bundledAliasFile()).toMatch(/lib[\\/]policy-engine[\\/]data[\\/]aliases\.v2\.bin$/);
    const size = fs.statSync(bundledAliasFile()).size;
    expect(size).toBeGreaterThan(300_000);
    expect(size).toBeLessThan(1_000_000);
  });

  test('holds both dumps: more than 77,000 aliases, the ones the kit relies on, 2026 additions and removed ones marked', () => {
    const catalog = bundledAliases();
    expect(catalog).toBeInstanceOf(AliasCatalog);
    for (const alias of [
      'Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange',
      'Microsoft.Network/networkSecurityGroups/securityRules/sourceAddressPrefix',
      'Microsoft.ContainerRegistry/registries/adminUserEnabled',
      'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly',
      'microsoft.compute/virtualmachines/imagePublisher',
      'Microsoft.Web/sites/sku',
    ]) {
      expect(catalog.has(alias)).toBe(true);
      expect(catalog.get(alias)?.removed).toBeUndefined();
    }
    expect(catalog.has('Microsoft.Storage/storageAccounts/noSuchProperty')).toBe(false);
    expect(catalog.get('Microsoft.Media/mediaServices/storageAccounts[*].id')).toMatchObject({ removed: true, defaultPath: 'properties.storageAccounts[*].id' });
    expect(catalog.get('Microsoft.Web/sites/vnetImagePullEnabled')?.defaultPath).toBe('properties.outboundVnetRouting.imagePullTraffic');
    expect(catalog.getAll('Microsoft.Web/sites/vnetImagePullEnabled').map((e) => e.defaultPath)).toEqual(['properties.outboundVnetRouting.imagePullTraffic', 'properties.vnetImagePullEnabled']);
    expect(catalog.getAll('Microsoft.Compute/imagePublisher').map((e) => e.defaultPath)).toEqual([
      'properties.storageProfile.imageReference.publisher',
      'properties.virtualMachineProfile.storageProfile.imageReference.publisher',
      'properties.creationData.imageReference.id',
    ]);
    expect(catalog.size).toBeGreaterThan(77_000);
  });

  test('its index counts what its chunks hold', () => {
    const { index, chunks } = readBundledAliasChunks();
    const rows = chunks.join('').trimEnd().split('\n');
    expect(index.rows).toBe(rows.length);
    expect(index.sources.map((s) => s.dumped)).toEqual(['2024', '2026-08-21', 'REST API models vendored by azurerm v4.55.0']);
    expect(index.removed).toBe(rows.filter((r) => r.endsWith(',removed')).length);
    expect(index.removed).toBeGreaterThan(1_700);
    expect(index.aliases).toBe(new Set(rows.map((r) => r.split(',')[0].toLowerCase())).size);
  });

  test('is loaded once and cached; a look-up inflates only the chunk of its resource type', () => {
    expect(bundledAliases()).toBe(bundledAliases());
    const spy = jest.spyOn(PackedDataFile.prototype, 'chunk');
    try {
      const fresh = AliasCatalog.lazy(packedAliasSource(bundledAliasFile()));
      expect(spy).not.toHaveBeenCalled();
      compilePolicy({ if: { field: 'Microsoft.Storage/storageAccounts/allowBlobPublicAccess', equals: true }, then: { effect: 'deny' } }, { aliases: fresh });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(fresh.get('Microsoft.Storage/storageAccounts/minimumTlsVersion')).toBeDefined();
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  test('every row is "aliasName,defaultPath" with an optional ",removed"', () => {
    const lines = bundledAliasTable().trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(77_000);
    expect(lines).toContain('Microsoft.Compute/virtualMachines/sku.name,properties.hardwareProfile.vmSize');
    expect(lines.every((l) => /^[^,\s]+\/[^,\s]+,[^,\s]+(,removed)?$/.test(l))).toBe(true);
  });

  test("the committed catalog is in the encoder's format (re-encoding its rows gives the same chunks and index)", () => {
    const { index, chunks } = readBundledAliasChunks();
    const rows: CatalogRow[] = chunks.join('').trimEnd().split('\n').map((l) => {
      const [name, p, flag] = l.split(',');
      return flag ? { name, path: p, removed: true } : { name, path: p };
    });
    const again = encodeAliasCatalog(rows, index.sources);
    expect(again.chunks).toEqual(chunks);
    expect({ ...again.index }).toEqual(Object.fromEntries(Object.entries(index).filter(([k]) => k !== 'chunks')));
  });
});

describe('aliases declared with several paths and no resource type (the bundled catalog): each resource is read at the first path present in it', () => {
  const audit = (field: string, equals: string) => compilePolicy({ properties: { mode: 'All', policyRule: { if: { field, equals }, then: { effect: 'audit' } } } }, { aliases: bundledAliases() });
  const effect = (field: string, equals: string, resource: Record<string, unknown>) => audit(field, equals).evaluate(resource, {}).effect;

  test('a moved path: the newest path first, the older one where a request of an older API version carries it', () => {
    const site = (properties: Record<string, unknown>) => ({ type: 'Microsoft.Web/sites', name: 'app', location: 'westeurope', properties });
    // azurerm v4.55.0 sends web apps with API 2023-12-01: properties.vnetImagePullEnabled.
    expect(effect('Microsoft.Web/sites/vnetImagePullEnabled', 'true', site({ vnetImagePullEnabled: true }))).toBe('Audit');
    expect(effect('Microsoft.Web/sites/vnetImagePullEnabled', 'true', site({ vnetImagePullEnabled: false }))).toBeNull();
    expect(effect('Microsoft.Web/sites/vnetImagePullEnabled', 'true', site({ outboundVnetRouting: { imagePullTraffic: true } }))).toBe('Audit');
    // Both present (never in one request): the newest path decides.
    expect(effect('Microsoft.Web/sites/vnetImagePullEnabled', 'true', site({ outboundVnetRouting: { imagePullTraffic: false }, vnetImagePullEnabled: true }))).toBeNull();
    const slot = { type: 'Microsoft.Web/sites/slots', name: 'app/staging', location: 'westeurope', properties: { vnetImagePullEnabled: true } };
    expect(effect('Microsoft.Web/sites/slots/vnetImagePullEnabled', 'true', slot)).toBe('Audit');
    const missing = compilePolicy({ properties: { mode: 'All', policyRule: { if: { field: 'Microsoft.Web/sites/vnetImagePullEnabled', exists: false }, then: { effect: 'audit' } } } }, { aliases: bundledAliases() });
    expect(missing.evaluate(site({}), {}).effect).toBe('Audit');
    expect(missing.evaluate(site({ vnetImagePullEnabled: false }), {}).effect).toBeNull();
  });

  test('the older path is read where the newest is absent, also where it is not properties.<alias name>', () => {
    const catalog = AliasCatalog.fromFlatTable('Microsoft.X/things/p,properties.network.pull\nMicrosoft.X/things/p,properties.legacy.imagePull\n');
    const rule = compilePolicy({ properties: { mode: 'All', policyRule: { if: { field: 'Microsoft.X/things/p', equals: 'on' }, then: { effect: 'audit' } } } }, { aliases: catalog });
    expect(rule.evaluate({ type: 'Microsoft.X/things', properties: { legacy: { imagePull: 'on' } } }, {}).effect).toBe('Audit');
    expect(rule.evaluate({ type: 'Microsoft.X/things', properties: { network: { pull: 'on' } } }, {}).effect).toBe('Audit');
    expect(rule.evaluate({ type: 'Microsoft.X/things', properties: { network: { pull: 'off' }, legacy: { imagePull: 'on' } } }, {}).effect).toBeNull();
  });

  test('an alias on several types: virtual machines, scale sets and disks each at their own path', () => {
    const vm = { type: 'Microsoft.Compute/virtualMachines', name: 'vm', location: 'westeurope', properties: { storageProfile: { imageReference: { publisher: 'Canonical' } } } };
    const vmss = { type: 'Microsoft.Compute/virtualMachineScaleSets', name: 'ss', location: 'westeurope', properties: { virtualMachineProfile: { storageProfile: { imageReference: { publisher: 'Canonical' } } } } };
    expect(effect('Microsoft.Compute/imagePublisher', 'Canonical', vm)).toBe('Audit');
    expect(effect('Microsoft.Compute/imagePublisher', 'Canonical', vmss)).toBe('Audit');
    expect(effect('Microsoft.Compute/imagePublisher', 'MicrosoftWindowsServer', vmss)).toBeNull();
  });
});
