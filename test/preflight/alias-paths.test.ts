import { Field, ResourceMapping, isCustom, mappedTypes } from '../../lib/preflight';
import { bundledAliases } from '../../lib/policy-engine/bundled-aliases';
import { EDGE_NO_ALIAS } from './alias-paths-edge';

/** Root members of every ARM resource (not aliases: Azure Policy reads them as fields). */
const ROOT = /^(id|name|type|location|tags|kind|zones|managedby|extendedlocation(\..*)?|plan(\..*)?|sku(\..*)?|identity(\..*)?)$/;

/**
 * Paths the bundled catalog (Azure's 2024 alias dump) has no alias for, by "<type> <path prefix>" (lower case), with the
 * reason. All but onboardingStates and blob containers have an alias in the 2026-08 dump (shared/azure-policy-aliases): a newer bundled
 * catalog makes these entries unnecessary.
 */
const NO_ALIAS: Record<string, string> = {
  // Azure moved these (2026 dump: properties.outboundVnetRouting.imagePullTraffic); azurerm's API 2023-12-01 still
  // sends the old property, which the merged catalog no longer lists as the alias's path.
  'microsoft.web/sites properties.vnetimagepullenabled': 'alias path moved in the 2026 dump; the old path is the one API 2023-12-01 sends',
  'microsoft.web/sites/slots properties.vnetimagepullenabled': 'alias path moved in the 2026 dump; the old path is the one API 2023-12-01 sends',
  'microsoft.network/virtualnetworks/subnets properties.sharingscope': 'API 2025-01-01 property; alias in the 2026 dump only',
  'microsoft.network/virtualnetworks/subnets properties.ipampoolprefixallocations': 'API 2025-01-01 property; alias in the 2026 dump only',
  'microsoft.network/virtualnetworks/subnets properties.defaultoutboundaccess': 'alias in the 2026 dump only',
  'microsoft.network/virtualnetworks properties.privateendpointvnetpolicies': 'alias in the 2026 dump only',
  'microsoft.network/virtualnetworks properties.addressspace.ipampoolprefixallocations': 'alias in the 2026 dump only',
  'microsoft.network/virtualnetworks properties.subnets[*].properties.defaultoutboundaccess': 'alias in the 2026 dump only',
  'microsoft.network/virtualnetworks properties.subnets[*].properties.sharingscope': 'alias in the 2026 dump only',
  'microsoft.network/bastionhosts properties.enablesessionrecording': 'alias in the 2026 dump only',
  'microsoft.network/privatednszones/virtualnetworklinks properties.resolutionpolicy': 'alias in the 2026 dump only',
  'microsoft.eventhub/namespaces/eventhubs properties.retentiondescription': 'alias in the 2026 dump only',
  'microsoft.authorization/policyexemptions properties.metadata': 'alias in the 2026 dump only',
  'microsoft.authorization/policysetdefinitions properties.policydefinitions[*].definitionversion': 'alias in the 2026 dump only',
  'microsoft.policyinsights/remediations properties.': 'remediations have aliases in the 2026 dump only',
  'microsoft.securityinsights/onboardingstates properties.customermanagedkey': 'no alias in either dump (not a policy-evaluated property)',
  'microsoft.storage/storageaccounts/blobservices/containers properties.': 'no alias in either dump: policies test public access on the account (allowBlobPublicAccess), not on containers',
  'microsoft.web/sites properties.vnetbackuprestoreenabled': 'alias in the 2026 dump only',
  'microsoft.web/sites/slots properties.vnetbackuprestoreenabled': 'alias in the 2026 dump only',
  'microsoft.web/sites/slots/config properties.siteauthenabled': 'no alias in either dump for slots (sites/config has one)',
  'microsoft.containerservice/managedclusters properties.agentpoolprofiles[*].gpuprofile': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters properties.agentpoolprofiles[*].upgradesettings.nodesoakdurationinminutes': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters properties.agentpoolprofiles[*].upgradesettings.undrainablenodebehavior': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters properties.bootstrapprofile': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters properties.metricsprofile': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters properties.networkprofile.advancednetworking': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters properties.upgradesettings.overridesettings.forceupgrade': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters properties.aitoolchainoperatorprofile': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters properties.ingressprofile.webapprouting.nginx': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters properties.ingressprofile.webapprouting.dnszoneresourceids': 'alias in the 2026 dump only (the 2024 dump has the singular dnsZoneResourceId)',
  'microsoft.containerservice/managedclusters/agentpools properties.gpuprofile': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters/agentpools properties.upgradesettings.maxunavailable': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters/agentpools properties.upgradesettings.nodesoakdurationinminutes': 'alias in the 2026 dump only',
  'microsoft.containerservice/managedclusters/agentpools properties.upgradesettings.undrainablenodebehavior': 'alias in the 2026 dump only',
  'microsoft.compute/virtualmachinescalesets properties.resiliencypolicy.resilientvmcreationpolicy': 'alias in the 2026 dump only',
  'microsoft.compute/virtualmachinescalesets properties.resiliencypolicy.resilientvmdeletionpolicy': 'alias in the 2026 dump only',
  'microsoft.app/containerapps properties.template.containers[*].volumemounts[*].subpath': 'alias in the 2026 dump only',
  'microsoft.app/containerapps properties.template.initcontainers[*].volumemounts[*].subpath': 'alias in the 2026 dump only',
  'microsoft.app/containerapps properties.template.volumes[*].mountoptions': 'alias in the 2026 dump only',
  'microsoft.app/containerapps properties.template.terminationgraceperiodseconds': 'alias in the 2026 dump only',
  'microsoft.app/containerapps properties.template.scale.cooldownperiod': 'alias in the 2026 dump only',
  'microsoft.app/containerapps properties.template.scale.pollinginterval': 'alias in the 2026 dump only',
  'microsoft.app/managedenvironments properties.peerauthentication': 'alias in the 2026 dump only',
  'microsoft.app/managedenvironments properties.peertrafficconfiguration': 'alias in the 2026 dump only',
  'microsoft.app/managedenvironments properties.publicnetworkaccess': 'alias in the 2026 dump only',
  'microsoft.containerinstance/containergroups properties.containers[*].properties.securitycontext': 'alias in the 2026 dump only',
  'microsoft.containerinstance/containergroups properties.initcontainers[*].properties.securitycontext': 'alias in the 2026 dump only',
  'microsoft.containerinstance/containergroups properties.priority': 'alias in the 2026 dump only',
  'microsoft.servicebus/namespaces properties.premiummessagingpartitions': 'alias in the 2026 dump only',
  'microsoft.cache/redis properties.disableaccesskeyauthentication': 'alias in the 2026 dump only',
  'microsoft.appconfiguration/configurationstores properties.dataplaneproxy': 'alias in the 2026 dump only',
  'microsoft.kusto/clusters properties.virtualnetworkconfiguration.state': 'no alias in either dump (the other virtualNetworkConfiguration members have one)',
};
Object.assign(NO_ALIAS, EDGE_NO_ALIAS); // application gateway, Front Door, firewall, API Management, AI and analytics types

function exempt(type: string, path: string): boolean {
  return Object.keys(NO_ALIAS).some((k) => {
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

  it.each(tables.map((t) => [t.terraformType, t] as const))('%s', (_name, table) => {
    const missing: string[] = [];
    for (const { type, path } of mappedPaths(table)) {
      const p = path.toLowerCase();
      if (ROOT.test(p)) continue;
      const t = type.toLowerCase();
      const paths = catalog.get(t);
      const ok = paths !== undefined && [...paths].some((a) => a === p || a.startsWith(p + '.') || a.startsWith(p + '['));
      if (!ok && !exempt(t, p)) missing.push(`${type} ${path}`);
    }
    expect(missing).toEqual([]);
  });
});
