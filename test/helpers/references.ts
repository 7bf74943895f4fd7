/**
 * "A value that names a resource created in the same stack is a reference to it, never a copy of its name or id"
 * (house style), checked on synthesized Terraform JSON.
 *
 * Why: Terraform orders resources only along references and `depends_on`. A literal copy of another resource's name
 * or id gives it no edge, so both start at once and the first apply fails at random ("ParentResourceNotFound",
 * "ResourceGroupNotFound").
 *
 * The rule, made precise so that ordinary strings do not trip it:
 *
 * - A *named resource* is a managed resource (`resource`, not `data`) of the stack whose `name` is a literal string.
 * - A string value V of resource or data source S *names* a named resource R (R is not S) when either
 *   1. V is an ARM id (it starts with `/subscriptions/` or `/providers/`) and one of its `<collection>/<name>` pairs
 *      has R's collection (the last type segment of R's ARM type, from `ARM_COLLECTION` below) and R's name, both
 *      compared case-insensitively as Azure compares them; or
 *   2. V sits under a key `<x>_name` (or `<x>Name` inside embedded JSON, such as an ARM template or policy rule),
 *      R's Terraform type ends in `_<x>` (`resource_group_name` names an `azurerm_resource_group`,
 *      `eventhub_name` and `eventHubName` an `azurerm_eventhub`, `namespace_name` an `azurerm_eventhub_namespace`;
 *      underscores are ignored and whole words compared), and V equals R's name case-insensitively. An ARM
 *      parameter value (`{"workspaceName": {"value": V}}`) counts as sitting under the parameter's name.
 *   Anything else never matches: a location (`westeurope`), a SKU, a display name, a tag value, a name under the key
 *   `name` (two resources may share a name), an id of something the stack does not create.
 * - The match is fine when S reaches R through references or `depends_on`, directly or through other resources:
 *   Terraform then creates R first (and destroys it last), whatever the literal says.
 * - Strings holding JSON (ARM templates, parameters, policy rules) are searched inside, with their keys; tags and
 *   import blocks are not (tags are free text; an import names what already exists).
 *
 * `ARM_COLLECTION` must know every resource type with a literal name in the checked stacks (`unknownTypes` lists
 * the others), so that a new resource type cannot slip past rule 1.
 */

/** Terraform type -> the ARM collection segment of its id (`virtualNetworks` in `.../virtualNetworks/<name>`). */
export const ARM_COLLECTION: Readonly<Record<string, string>> = {
  azurerm_resource_group: 'resourceGroups',
  azurerm_virtual_network: 'virtualNetworks',
  azurerm_subnet: 'subnets',
  azurerm_network_security_group: 'networkSecurityGroups',
  azurerm_network_security_rule: 'securityRules',
  azurerm_public_ip: 'publicIPAddresses',
  azurerm_bastion_host: 'bastionHosts',
  azurerm_network_watcher: 'networkWatchers',
  azurerm_network_watcher_flow_log: 'flowLogs',
  azurerm_private_endpoint: 'privateEndpoints',
  azurerm_private_dns_zone: 'privateDnsZones',
  azurerm_private_dns_zone_virtual_network_link: 'virtualNetworkLinks',
  azurerm_log_analytics_workspace: 'workspaces',
  azurerm_log_analytics_saved_search: 'savedSearches',
  azurerm_monitor_private_link_scope: 'privateLinkScopes',
  azurerm_monitor_private_link_scoped_service: 'scopedResources',
  azurerm_monitor_diagnostic_setting: 'diagnosticSettings',
  azurerm_monitor_aad_diagnostic_setting: 'diagnosticSettings',
  azurerm_eventhub_namespace: 'namespaces',
  azurerm_eventhub: 'eventhubs',
  azurerm_eventhub_namespace_authorization_rule: 'authorizationRules',
  azurerm_eventhub_authorization_rule: 'authorizationRules',
  azurerm_eventhub_consumer_group: 'consumergroups',
  azurerm_storage_account: 'storageAccounts',
  azurerm_container_registry: 'registries',
  azurerm_user_assigned_identity: 'userAssignedIdentities',
  azurerm_role_definition: 'roleDefinitions',
  azurerm_role_assignment: 'roleAssignments',
  azurerm_policy_definition: 'policyDefinitions',
  azurerm_policy_set_definition: 'policySetDefinitions',
  azurerm_management_group_policy_assignment: 'policyAssignments',
  azurerm_subscription_policy_assignment: 'policyAssignments',
  azurerm_resource_group_policy_assignment: 'policyAssignments',
  azurerm_management_group_policy_exemption: 'policyExemptions',
  azurerm_subscription_policy_exemption: 'policyExemptions',
  azurerm_resource_group_policy_exemption: 'policyExemptions',
  azurerm_resource_policy_exemption: 'policyExemptions',
  azurerm_management_group_policy_remediation: 'remediations',
  azurerm_subscription_policy_remediation: 'remediations',
  azurerm_resource_group_policy_remediation: 'remediations',
  azurerm_security_center_automation: 'automations',
  azurerm_resource_group_template_deployment: 'deployments',
  azurerm_subscription_template_deployment: 'deployments',
  azurerm_management_group_template_deployment: 'deployments',
  azurerm_sentinel_alert_rule_scheduled: 'alertRules',
  azurerm_sentinel_alert_rule_fusion: 'alertRules',
  azurerm_sentinel_alert_rule_ms_security_incident: 'alertRules',
  azurerm_sentinel_data_connector_azure_security_center: 'dataConnectors',
  azurerm_sentinel_data_connector_microsoft_threat_protection: 'dataConnectors',
  azurerm_sentinel_data_connector_microsoft_defender_advanced_threat_protection: 'dataConnectors',
  azurerm_sentinel_data_connector_azure_active_directory: 'dataConnectors',
  azurerm_sentinel_data_connector_azure_advanced_threat_protection: 'dataConnectors',
};

/** One literal that names another resource of the stack without an ordering edge. */
export interface LiteralReference {
  /** Address of the resource or data source holding the literal (`azurerm_subnet.Bastion_Subnet_1A2B3C4D`). */
  readonly from: string;
  /** Path of the value inside it (`resource_group_name`, `template_content > resources[0] > properties > scope`). */
  readonly path: string;
  /** The literal. */
  readonly value: string;
  /** Address of the resource it names. */
  readonly names: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Blocks = Record<string, Record<string, Record<string, Json>>>;

interface Named {
  readonly address: string;
  readonly type: string;
  readonly name: string;
}

const REFERENCE = /\b((?:data\.)?azurerm_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g;
/** Keys whose values are free text or describe something that already exists. */
const SKIPPED_KEYS = new Set(['tags', 'import']);

function isObject(v: unknown): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `workspaceName` -> `workspace_name` (keys inside embedded JSON are camelCase). */
function snake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Every `${...}` reference target and `depends_on` entry in a block: its direct ordering edges. */
function edgesOf(block: Json, out: Set<string>): void {
  if (typeof block === 'string') {
    if (!block.includes('${') && !/^(data\.)?azurerm_/.test(block)) return;
    for (const m of block.matchAll(REFERENCE)) out.add(m[1]);
    return;
  }
  if (Array.isArray(block)) {
    for (const v of block) edgesOf(v, out);
    return;
  }
  if (isObject(block)) for (const v of Object.values(block)) edgesOf(v, out);
}

/** The word-boundary suffixes of a Terraform type without underscores: azurerm_eventhub_namespace -> eventhubnamespace, namespace. */
function typeSuffixes(type: string): string[] {
  const words = type.replace(/^azurerm_/, '').split('_');
  return words.map((_, i) => words.slice(i).join(''));
}

/** The `<collection>/<name>` pairs of an ARM id, lower-cased. */
function idPairs(id: string): [string, string][] {
  const parts = id.split('/').filter((p) => p !== '');
  const pairs: [string, string][] = [];
  let i = 0;
  while (i + 1 < parts.length) {
    if (parts[i].toLowerCase() === 'providers') {
      // "/providers/<Namespace>/<type>/<name>": the namespace is not a collection.
      i += 2;
      if (i >= parts.length) break;
      continue;
    }
    pairs.push([parts[i].toLowerCase(), parts[i + 1].toLowerCase()]);
    i += 2;
  }
  return pairs;
}

/** Resource types of `doc` with a literal name that ARM_COLLECTION does not know. */
export function unknownTypes(doc: { resource?: unknown }): string[] {
  const out = new Set<string>();
  for (const [type, resources] of Object.entries((doc.resource ?? {}) as Blocks)) {
    if (ARM_COLLECTION[type]) continue;
    if (Object.values(resources).some((r) => typeof r.name === 'string' && !r.name.includes('${'))) out.add(type);
  }
  return [...out].sort();
}

/** Every literal in `doc` (a synthesized stack) that names another resource of it without an ordering edge. */
export function findLiteralReferences(doc: { resource?: unknown; data?: unknown }): LiteralReference[] {
  const resources = (doc.resource ?? {}) as Blocks;
  const data = (doc.data ?? {}) as Blocks;
  const blocks = new Map<string, Record<string, Json>>();
  for (const [type, byName] of Object.entries(resources)) for (const [n, b] of Object.entries(byName)) blocks.set(`${type}.${n}`, b);
  for (const [type, byName] of Object.entries(data)) for (const [n, b] of Object.entries(byName)) blocks.set(`data.${type}.${n}`, b);

  const named: Named[] = [];
  const byPair = new Map<string, Named[]>();
  for (const [type, byName] of Object.entries(resources)) {
    for (const [n, b] of Object.entries(byName)) {
      if (typeof b.name !== 'string' || b.name.includes('${')) continue;
      const entry = { address: `${type}.${n}`, type, name: b.name.toLowerCase() };
      named.push(entry);
      const collection = ARM_COLLECTION[type];
      if (collection) {
        const key = `${collection.toLowerCase()}/${entry.name}`;
        byPair.set(key, [...(byPair.get(key) ?? []), entry]);
      }
    }
  }
  if (named.length === 0) return [];

  const direct = new Map<string, Set<string>>();
  for (const [address, block] of blocks) {
    const edges = new Set<string>();
    edgesOf(block, edges);
    direct.set(address, edges);
  }
  const reachCache = new Map<string, Set<string>>();
  const reach = (from: string): Set<string> => {
    const cached = reachCache.get(from);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [...(direct.get(from) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      for (const e of direct.get(next) ?? []) stack.push(e);
    }
    reachCache.set(from, seen);
    return seen;
  };

  const found: LiteralReference[] = [];
  const check = (from: string, path: string, key: string, value: string): void => {
    if (value.includes('${')) return;
    const lower = value.toLowerCase();
    const hits: Named[] = [];
    if (/^\/(subscriptions|providers)\//i.test(value)) {
      for (const [collection, name] of idPairs(value)) hits.push(...(byPair.get(`${collection}/${name}`) ?? []));
    }
    const k = snake(key);
    if (k.endsWith('_name') && k !== 'display_name') {
      // `eventhub_name` and `eventHubName` both name an azurerm_eventhub: compare without the underscores.
      const x = k.slice(0, -'_name'.length).replace(/_/g, '');
      for (const r of named) if (r.name === lower && typeSuffixes(r.type).includes(x)) hits.push(r);
    }
    for (const r of hits) {
      if (r.address === from || reach(from).has(r.address)) continue;
      found.push({ from, path, value, names: r.address });
    }
  };
  const walk = (from: string, path: string, key: string, v: Json, depth: number): void => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      const t = v.trim();
      if ((t.startsWith('{') || t.startsWith('[')) && t.length > 1) {
        let parsed: Json | undefined;
        try {
          parsed = JSON.parse(t) as Json;
        } catch {
          parsed = undefined;
        }
        if (parsed !== undefined && typeof parsed === 'object') {
          walk(from, path, key, parsed, depth + 1);
          return;
        }
      }
      check(from, path, key, v);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(from, `${path}[${i}]`, key, item, depth + 1));
      return;
    }
    if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (SKIPPED_KEYS.has(k) || k === 'depends_on' || k === '//') continue;
        // ARM parameter values ({"workspaceName": {"value": "..."}}) are named by the key above them.
        walk(from, path ? `${path} > ${k}` : k, k === 'value' || k === 'defaultValue' ? key : k, child, depth + 1);
      }
    }
  };
  for (const [address, block] of blocks) walk(address, '', '', block, 0);
  return found;
}

/** Renders findings for an error message, one per line. */
export function describeLiteralReferences(found: readonly LiteralReference[]): string {
  return found.map((f) => `${f.from} ${f.path} = ${JSON.stringify(f.value)} names ${f.names} without a reference or depends_on`).join('\n');
}
