import { Field, ResourceMapping, isCustom, mappedTypes } from '../../lib/preflight';
import { bundledAliases } from '../../lib/policy-engine/bundled-aliases';

/** Root members of every ARM resource (not aliases: Azure Policy reads them as fields). */
const ROOT = /^(id|name|type|location|tags|kind|zones|managedby|extendedlocation(\..*)?|plan(\..*)?|sku(\..*)?|identity(\..*)?)$/;

/**
 * Paths the bundled catalog (Azure's 2024 and 2026-08 alias dumps, merged) has no alias for, by "<type> <path prefix>"
 * (lower case), with the reason. Every entry must be needed: the last test fails for one no table path falls under
 * (an alias Azure adds makes its entry stale).
 */
const NO_ALIAS: Record<string, string> = {
  'microsoft.securityinsights/onboardingstates properties.customermanagedkey': 'no alias in either dump (not a policy-evaluated property)',
  'microsoft.storage/storageaccounts/blobservices/containers properties.': 'no alias in either dump: policies test public access on the account (allowBlobPublicAccess), not on containers',
  'microsoft.web/sites/slots/config properties.siteauthenabled': 'no alias in either dump for slots (sites/config has one)',
  'microsoft.kusto/clusters properties.virtualnetworkconfiguration.state': 'no alias in either dump (the other virtualNetworkConfiguration members have one)',
};

/** The NO_ALIAS key a path falls under, if any. */
function exemption(type: string, path: string): string | undefined {
  return Object.keys(NO_ALIAS).find((k) => {
    const [t, prefix] = k.split(' ');
    return t === type && (path === prefix || path.startsWith(prefix.endsWith('.') ? prefix : prefix + '.') || path.startsWith(prefix + '['));
  });
}

/** Catalog: resource type (lower case) -> default paths of its aliases (lower case, [n] as [*]). */
function catalogPaths(): Map<string, Set<string>> {
  const catalog = bundledAliases();
  const out = new Map<string, Set<string>>();
  for (const name of catalog.names()) {
    const bracket = name.indexOf('[');
    const head = bracket >= 0 ? name.slice(0, bracket) : name;
    const type = head.slice(0, head.lastIndexOf('/')).toLowerCase();
    if (!type.includes('/')) continue;
    for (const e of catalog.getAll(name)) {
      let set = out.get(type);
      if (!set) out.set(type, (set = new Set()));
      set.add(e.defaultPath.toLowerCase().replace(/\[\d+\]/g, '[*]'));
    }
  }
  return out;
}

/** Every ARM path a table writes, per ARM type. */
function mappedPaths(m: ResourceMapping): { type: string; path: string }[] {
  const out: { type: string; path: string }[] = [];
  const walk = (fields: readonly Field[], type: string, prefix: string): void => {
    for (const f of fields) {
      const p = prefix + f.to;
      out.push({ type, path: p });
      if (f.block) walk(f.block.fields, type, p + (f.block.list ? '[*].' : '.'));
    }
  };
  walk(m.fields, m.armType, '');
  for (const c of m.children ?? []) {
    if ('fromArray' in c) {
      // The elements' properties are the children's properties.
      for (const x of out.filter((o) => o.type === m.armType && o.path.startsWith(`${c.fromArray}[*].properties.`))) out.push({ type: c.armType, path: x.path.slice(`${c.fromArray}[*].`.length) });
    } else walk(c.fields, c.armType, '');
  }
  for (const s of m.merge ?? []) {
    out.push({ type: s.targetType, path: s.path });
    if (s.value !== 'self') walk(s.value, s.targetType, s.path + '.');
  }
  return out;
}

describe('every ARM path a translation table writes is an alias path of the bundled catalog (or a root field)', () => {
  const catalog = catalogPaths();
  const tables = mappedTypes().filter((m): m is ResourceMapping => !isCustom(m));

  it('covers every table', () => {
    expect(tables.length).toBeGreaterThan(60);
  });

  /** The paths of a table (lower case) that are neither a root field nor under an alias path of the catalog. */
  const uncovered = (table: ResourceMapping): { type: string; path: string; shown: string }[] => {
    const out: { type: string; path: string; shown: string }[] = [];
    for (const { type, path } of mappedPaths(table)) {
      const p = path.toLowerCase();
      if (ROOT.test(p)) continue;
      const t = type.toLowerCase();
      const paths = catalog.get(t);
      const ok = paths !== undefined && [...paths].some((a) => a === p || a.startsWith(p + '.') || a.startsWith(p + '['));
      if (!ok) out.push({ type: t, path: p, shown: `${type} ${path}` });
    }
    return out;
  };

  it.each(tables.map((t) => [t.terraformType, t] as const))('%s', (_name, table) => {
    expect(uncovered(table).filter((u) => !exemption(u.type, u.path)).map((u) => u.shown)).toEqual([]);
  });

  it('every NO_ALIAS entry is needed (a path of some table falls under it and has no alias)', () => {
    const used = new Set<string>();
    for (const table of tables) {
      for (const u of uncovered(table)) {
        const key = exemption(u.type, u.path);
        if (key) used.add(key);
      }
    }
    expect(Object.keys(NO_ALIAS).filter((k) => !used.has(k))).toEqual([]);
  });
});
