// Which resources an assignment (or exemption) reaches, by resource id.
//
// Azure: "The scope of the assignment includes all child resource containers and child resources" and notScopes
// exclude "one or more resource containers or resources from evaluation" (assignment-structure.md, Excluded
// scopes); exemptions are "created as a child object on the resource hierarchy or the individual resource", which
// determines their scope (scope.md, Assignment scopes). Resource ids are case-insensitive in ARM, so containment is
// a case-insensitive prefix test on whole path segments: /subscriptions/a/resourceGroups/rg1 contains
// /subscriptions/a/resourceGroups/rg1/providers/... but not /subscriptions/a/resourceGroups/rg10.
//
// A management-group scope contains the subscriptions below it, which a resource id does not show: the ancestry
// (subscription -> management groups) comes from a file (ManagementGroupAncestry). Without it, containment is
// undecidable and the runner reports the assignment as skipped for those resources, never as compliant.
import { AssessInputError, isRecord, member, showValue } from './errors';

/** The implicit scope of loose definitions: every resource. */
export const ROOT_SCOPE = '/';

/** What kind of container a scope is. */
export type ScopeKind = 'root' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

/** A scope, parsed once. */
export interface ParsedScope {
  /** As given. */
  readonly text: string;
  /** Lower-cased, without trailing slashes ("" for the root scope). */
  readonly key: string;
  readonly kind: ScopeKind;
  /** Management group name (lower-case), for kind managementGroup. */
  readonly managementGroup?: string;
}

/** Containment: true, false, or undecidable with the reason. */
export type ScopeDecision = boolean | { readonly undecidable: string };

const MG_PREFIX = '/providers/microsoft.management/managementgroups/';

/** Lower-cased id without trailing slashes. */
export function normaliseId(id: string): string {
  let end = id.length;
  while (end > 0 && id.charCodeAt(end - 1) === 47 /* / */) end--;
  return id.slice(0, end).toLowerCase();
}

/**
 * Parses a scope: `/` (root), `/providers/Microsoft.Management/managementGroups/<mg>`, `/subscriptions/<id>`,
 * `/subscriptions/<id>/resourceGroups/<rg>`, or a resource id. Throws AssessInputError for anything else.
 */
export function parseScope(text: string, source: string, property: string): ParsedScope {
  if (typeof text !== 'string' || !text.startsWith('/')) {
    throw new AssessInputError(source, property, showValue(text), 'expected a scope id starting with "/" (/providers/Microsoft.Management/managementGroups/<name>, /subscriptions/<id>, /subscriptions/<id>/resourceGroups/<name> or a resource id)');
  }
  const key = normaliseId(text);
  if (key === '') return { text, key, kind: 'root' };
  if (key.startsWith(MG_PREFIX)) {
    const rest = key.slice(MG_PREFIX.length);
    if (rest && !rest.includes('/')) return { text, key, kind: 'managementGroup', managementGroup: rest };
    if (rest.includes('/')) return { text, key, kind: 'resource' };
  }
  const m = /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?(\/.+)?$/.exec(key);
  if (m) return { text, key, kind: m[2] ? 'resource' : m[1] ? 'resourceGroup' : 'subscription' };
  if (/^\/providers\/[^/]+\/[^/]+\/[^/]+/.test(key)) return { text, key, kind: 'resource' };
  throw new AssessInputError(source, property, showValue(text), 'is not a management group, subscription, resource group or resource id');
}

/**
 * The scope of an assignment or exemption from its id: everything before
 * `/providers/Microsoft.Authorization/<collection>/<name>`. Undefined when the id does not have that shape.
 */
export function scopeFromChildId(id: string, collection: 'policyAssignments' | 'policyExemptions'): string | undefined {
  const marker = `/providers/microsoft.authorization/${collection.toLowerCase()}/`;
  const lower = id.toLowerCase();
  const at = lower.lastIndexOf(marker);
  if (at < 0) return undefined;
  const name = id.slice(at + marker.length);
  if (!name || name.includes('/')) return undefined;
  return at === 0 ? ROOT_SCOPE : id.slice(0, at);
}

/** Subscription id (lower-case) of a resource id, or undefined. */
export function subscriptionOf(idKey: string): string | undefined {
  if (!idKey.startsWith('/subscriptions/')) return undefined;
  const end = idKey.indexOf('/', 15);
  return end < 0 ? idKey.slice(15) : idKey.slice(15, end);
}

/** True when `idKey` is `scopeKey` or below it (both normalised). */
export function idWithin(idKey: string, scopeKey: string): boolean {
  if (scopeKey === '') return true;
  return idKey.length === scopeKey.length ? idKey === scopeKey : idKey.length > scopeKey.length && idKey.charCodeAt(scopeKey.length) === 47 && idKey.startsWith(scopeKey);
}

/**
 * Subscription -> management group ancestry (closest first), and management group -> its ancestors, for deciding
 * management-group scopes. Built from one of the shapes Azure tools print:
 *  - `az account management-group show --name <root> --expand --recurse` (a tree of `children`, also under
 *    `properties`; subscription children have type `/subscriptions` or `Microsoft.Resources/subscriptions`);
 *  - Azure Resource Graph rows of `resourcecontainers` subscriptions with
 *    `properties.managementGroupAncestorsChain` (`[{name}]`, closest first), as an array, `{data}` or `{value}`;
 *  - a plain map `{"<subscription id>": ["<closest mg>", ..., "<tenant root mg>"]}` (names or ids).
 */
export class ManagementGroupAncestry {
  /** Reads any of the shapes above; throws AssessInputError naming what is wrong. */
  public static parse(json: unknown, source: string): ManagementGroupAncestry {
    const out = new ManagementGroupAncestry();
    const rows = Array.isArray(json) ? json : isRecord(json) && Array.isArray(member(json, 'data')) ? (member(json, 'data') as unknown[]) : isRecord(json) && Array.isArray(member(json, 'value')) ? (member(json, 'value') as unknown[]) : undefined;
    if (rows) {
      rows.forEach((row, i) => out.addResourceGraphRow(row, `${source}[${i}]`));
      return out;
    }
    if (!isRecord(json)) throw new AssessInputError(source, 'management groups', showValue(json), 'expected a management-group tree (az account management-group show --expand --recurse), Resource Graph subscription rows, or {"<subscription id>": ["<management group>", ...]}');
    const props = member(json, 'properties');
    if (member(json, 'children') !== undefined || (isRecord(props) && member(props, 'children') !== undefined) || /managementgroups/i.test(String(member(json, 'type') ?? ''))) {
      out.addTree(json, source);
      return out;
    }
    for (const [key, value] of Object.entries(json)) {
      const sub = /^(?:\/subscriptions\/)?([^/]+)$/i.exec(key.trim())?.[1];
      const chain = typeof value === 'string' ? [value] : value;
      if (!sub || !Array.isArray(chain) || !chain.every((x) => typeof x === 'string' && x !== '')) {
        throw new AssessInputError(source, key, showValue(value), 'expected "<subscription id>": ["<closest management group>", ..., "<tenant root group>"] (names or /providers/Microsoft.Management/managementGroups/<name> ids)');
      }
      out.setSubscription(sub, chain.map((x) => mgName(x as string)));
    }
    return out;
  }

  private readonly subscriptions = new Map<string, string[]>();
  private readonly groups = new Map<string, string[]>();

  /** Number of subscriptions whose ancestry is known. */
  public get size(): number {
    return this.subscriptions.size;
  }

  /** Management groups above a subscription, closest first (lower-case names), or undefined when unknown. */
  public ancestorsOfSubscription(subscriptionId: string): readonly string[] | undefined {
    return this.subscriptions.get(subscriptionId.toLowerCase());
  }

  /** Management groups above a management group, closest first, or undefined when unknown. */
  public ancestorsOfGroup(name: string): readonly string[] | undefined {
    return this.groups.get(name.toLowerCase());
  }

  /** Records a subscription's chain (closest first). */
  public setSubscription(subscriptionId: string, chain: readonly string[]): void {
    const lower = chain.map((c) => c.toLowerCase());
    this.subscriptions.set(subscriptionId.toLowerCase(), lower);
    for (let i = 0; i < lower.length; i++) if (!this.groups.has(lower[i])) this.groups.set(lower[i], lower.slice(i + 1));
  }

  private addResourceGraphRow(row: unknown, where: string): void {
    if (!isRecord(row)) throw new AssessInputError(where, 'row', showValue(row), 'expected a subscription row with subscriptionId and properties.managementGroupAncestorsChain');
    const sub = member(row, 'subscriptionId');
    const props = member(row, 'properties');
    const chain = isRecord(props) ? member(props, 'managementGroupAncestorsChain') : member(row, 'managementGroupAncestorsChain');
    if (typeof sub !== 'string' || !sub || !Array.isArray(chain)) {
      throw new AssessInputError(where, 'subscriptionId / properties.managementGroupAncestorsChain', showValue(row), 'expected a Resource Graph resourcecontainers subscription row (resourcecontainers | where type == "microsoft.resources/subscriptions")');
    }
    const names = chain.map((c, i) => {
      const name = isRecord(c) ? member(c, 'name') : c;
      if (typeof name !== 'string' || !name) throw new AssessInputError(where, `properties.managementGroupAncestorsChain[${i}].name`, showValue(c), 'expected a management group name');
      return mgName(name);
    });
    this.setSubscription(sub, names);
  }

  private addTree(root: Record<string, unknown>, source: string): void {
    // Iterative walk (a hostile file cannot exhaust the stack); Azure allows six levels below the root group.
    const stack: { node: unknown; chain: string[]; where: string }[] = [{ node: root, chain: [], where: source }];
    let visited = 0;
    while (stack.length) {
      const { node, chain, where } = stack.pop()!;
      if (++visited > 1_000_000) throw new AssessInputError(source, 'children', '(more than 1,000,000 nodes)', 'a management-group tree has at most a few thousand nodes');
      if (!isRecord(node)) throw new AssessInputError(where, 'node', showValue(node), 'expected a management group or subscription object');
      const type = String(member(node, 'type') ?? '').toLowerCase();
      const id = String(member(node, 'id') ?? '');
      const name = member(node, 'name');
      const isSubscription = type.endsWith('/subscriptions') || type === 'subscriptions' || /^\/subscriptions\/[^/]+$/i.test(id);
      if (isSubscription) {
        const sub = typeof name === 'string' && name ? name : id.split('/').pop() ?? '';
        if (!sub) throw new AssessInputError(where, 'name', showValue(name), 'a subscription child needs its subscription id as name or id');
        this.setSubscription(sub, chain);
        continue;
      }
      const group = typeof name === 'string' && name ? name.toLowerCase() : mgName(id);
      if (!group) throw new AssessInputError(where, 'name', showValue(name), 'a management group needs a name or id');
      if (chain.length > 64) throw new AssessInputError(where, 'children', `(${chain.length} levels)`, 'management groups nest at most six levels below the root');
      this.groups.set(group, chain);
      const props = member(node, 'properties');
      const children = member(node, 'children') ?? (isRecord(props) ? member(props, 'children') : undefined);
      if (children === undefined || children === null) continue;
      if (!Array.isArray(children)) throw new AssessInputError(where, 'children', showValue(children), 'expected an array');
      children.forEach((child, i) => stack.push({ node: child, chain: [group, ...chain], where: `${where}.children[${i}]` }));
    }
  }
}

function mgName(text: string): string {
  const lower = normaliseId(text.trim());
  return lower.startsWith(MG_PREFIX) ? lower.slice(MG_PREFIX.length) : lower;
}

/**
 * Whether a resource (normalised id; undefined when it has none) is within a scope. Management-group scopes need
 * the ancestry; without it (or when the resource's subscription is not in it) the answer is undecidable.
 */
export function scopeContains(scope: ParsedScope, idKey: string | undefined, ancestry: ManagementGroupAncestry | undefined): ScopeDecision {
  if (scope.kind === 'root') return true;
  if (idKey === undefined || idKey === '') return { undecidable: 'the resource has no id' };
  if (idWithin(idKey, scope.key)) return true;
  if (scope.kind !== 'managementGroup') return false;
  const mg = scope.managementGroup!;
  const sub = subscriptionOf(idKey);
  if (sub !== undefined) {
    if (!ancestry) return { undecidable: `management-group scope: the ancestry of subscription ${sub} is unknown (give --management-groups)` };
    const chain = ancestry.ancestorsOfSubscription(sub);
    if (!chain) return { undecidable: `management-group scope: subscription ${sub} is not in the management-group ancestry given` };
    return chain.includes(mg);
  }
  if (idKey.startsWith(MG_PREFIX)) {
    const group = idKey.slice(MG_PREFIX.length).split('/')[0];
    if (group === mg) return true;
    const chain = ancestry?.ancestorsOfGroup(group);
    if (!chain) return { undecidable: `management-group scope: the ancestry of management group ${group} is unknown` };
    return chain.includes(mg);
  }
  // Tenant-level resources (/providers/<namespace>/...) are below no management group.
  return false;
}
