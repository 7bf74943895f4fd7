// Related resources for auditIfNotExists / deployIfNotExists, from the input itself.
//
// Azure (effect-audit-if-not-exists.md, "type"): "If type is a resource type underneath the if condition resource,
// the policy queries for resources of this type within the scope of the evaluated resource. Otherwise, policy
// queries within the same resource group or subscription as the evaluated resource depending on the
// existenceScope"; `resourceGroupName` moves the query to another resource group and "doesn't apply if type is a
// resource that would be underneath the if condition resource"; existenceScope "Subscription" queries the whole
// subscription. Extension resources (diagnostic settings, guest configuration assignments, Defender assessments)
// are "underneath" the resource they are attached to: the lookup finds the evaluated resource's own, never those
// of another resource in the same group. So a related resource of the wanted type is a candidate when
//  - the wanted type is a child type of the evaluated resource's type: it is a descendant of that resource;
//  - else: it is attached to the evaluated resource (id = <resource id>/providers/...), or it sits in a resource
//    group or subscription (not on another resource) within the query scope above.
//
// The index holds only resources of the types some definition looks for, filed once by type, parent and
// (subscription, resource group); a lookup reads one bucket. The runner consults it only after a rule's `if`
// matched.

import { lowerCased } from './selectors';

/** What one existence lookup asks for. */
export interface RelatedQuery {
  /** Lower-cased details.type. */
  readonly type: string;
  /** existenceScope "subscription". */
  readonly subscriptionWide: boolean;
  /** Lower-cased resource group from details.resourceGroupName (evaluated), when given. */
  readonly resourceGroup?: string;
}

interface TypeBucket {
  /** Resources by each ancestor id within their provider path (for child-type lookups). */
  readonly byAncestor: Map<string, Record<string, unknown>[]>;
  /** Resources by the id they are attached to (the part before the last /providers/). */
  readonly byAttach: Map<string, Record<string, unknown>[]>;
  /** Resources attached to a subscription or resource group: subscription -> resource group ("" = none) -> list. */
  readonly byScope: Map<string, Map<string, Record<string, unknown>[]>>;
}

const CONTAINER = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?$/;

function push<K>(map: Map<K, Record<string, unknown>[]>, key: K, value: Record<string, unknown>): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The resource type of a (lower-cased) resource id: namespace/type[/child type...]; "" when it is not one. */
export function typeOfId(idKey: string): string {
  const at = idKey.lastIndexOf('/providers/');
  if (at < 0) return '';
  const segments = idKey.slice(at + 11).split('/');
  const types = [segments[0]];
  for (let k = 1; k < segments.length; k += 2) types.push(segments[k]);
  return types.join('/');
}

/**
 * Subscription and resource group ("" when absent) of a lower-cased id: `/subscriptions/<s>[/resourcegroups/<g>]...`
 * with non-empty segments (read by position: a lookup asks for every evaluated resource).
 */
export function containerOf(idKey: string): { subscription: string; group: string } {
  const SUB = '/subscriptions/';
  const RG = '/resourcegroups/';
  if (!idKey.startsWith(SUB)) return NO_CONTAINER;
  const subEnd = segmentEnd(idKey, SUB.length);
  if (subEnd === SUB.length) return NO_CONTAINER;
  const subscription = idKey.slice(SUB.length, subEnd);
  if (!idKey.startsWith(RG, subEnd)) return { subscription, group: '' };
  const groupEnd = segmentEnd(idKey, subEnd + RG.length);
  return { subscription, group: idKey.slice(subEnd + RG.length, groupEnd) };
}

const NO_CONTAINER: { subscription: string; group: string } = Object.freeze({ subscription: '', group: '' });

/** Where the path segment starting at `from` ends (the next "/", or the end). */
function segmentEnd(s: string, from: number): number {
  const at = s.indexOf('/', from);
  return at < 0 ? s.length : at;
}

/** The index. `types`: the lower-cased types definitions look for, or 'all' (a details.type that is an expression). */
export class RelatedResourceIndex {
  private readonly buckets = new Map<string, TypeBucket>();
  private count = 0;

  /**
   * `owners`: per related type, the types of the resources that look for it (or 'any'); extension resources attached
   * to resources of other types are never candidates, so they are not kept. @default any
   */
  constructor(private readonly types: ReadonlySet<string> | 'all', private readonly owners?: ReadonlyMap<string, ReadonlySet<string> | 'any'>) {}

  /** Resources held. */
  public get size(): number {
    return this.count;
  }

  /** Whether resources of this (lower-cased) type are kept. */
  public wants(type: string): boolean {
    return this.types === 'all' || this.types.has(type);
  }

  /** Files a resource if its type is wanted and it has a string id. */
  public add(resource: Record<string, unknown>): void {
    const type = typeof resource.type === 'string' ? lowerCased(resource.type) : '';
    if (!type || !this.wants(type) || typeof resource.id !== 'string' || resource.id === '') return;
    let bucket = this.buckets.get(type);
    if (!bucket) this.buckets.set(type, (bucket = { byAncestor: new Map(), byAttach: new Map(), byScope: new Map() }));
    let idKey = resource.id.toLowerCase();
    while (idKey.endsWith('/')) idKey = idKey.slice(0, -1);
    const at = idKey.lastIndexOf('/providers/');
    if (at < 0) return;
    const attach = idKey.slice(0, at);
    const container = CONTAINER.exec(attach);
    if (!container) {
      // An extension resource: a candidate only for the resource it is attached to.
      const owners = this.owners?.get(type);
      if (owners && owners !== 'any' && !owners.has(typeOfId(attach))) return;
    }
    push(bucket.byAttach, attach, resource);
    if (container) {
      let groups = bucket.byScope.get(container[1]);
      if (!groups) bucket.byScope.set(container[1], (groups = new Map()));
      push(groups, container[2] ?? '', resource);
    }
    // /providers/<namespace>/<type1>/<name1>/<type2>/<name2>...: each ancestor below the namespace.
    const segments = idKey.slice(at + 11).split('/');
    let end = idKey.length;
    for (let k = segments.length - 1; k >= 3; k -= 2) {
      end -= segments[k].length + segments[k - 1].length + 2;
      push(bucket.byAncestor, idKey.slice(0, end), resource);
    }
    this.count++;
  }

  /**
   * Candidates for one lookup: the related resources of `query.type` that Azure would consider for the evaluated
   * resource (lower-cased id and type). The engine then applies details.name and existenceCondition.
   */
  public find(query: RelatedQuery, idKey: string, ownType: string): Record<string, unknown>[] {
    // The same lookup again (one resource's members often look for the same type: an audit and a deploy policy),
    // while nothing was filed since: the same candidates.
    const last = this.last;
    if (last && last.count === this.count && last.idKey === idKey && last.ownType === ownType && last.type === query.type
      && last.subscriptionWide === query.subscriptionWide && last.resourceGroup === query.resourceGroup) return last.found;
    const found = this.lookUp(query, idKey, ownType);
    this.last = { count: this.count, idKey, ownType, type: query.type, subscriptionWide: query.subscriptionWide, resourceGroup: query.resourceGroup, found };
    return found;
  }

  private last: { count: number; idKey: string; ownType: string; type: string; subscriptionWide: boolean; resourceGroup: string | undefined; found: Record<string, unknown>[] } | undefined;

  private lookUp(query: RelatedQuery, idKey: string, ownType: string): Record<string, unknown>[] {
    const bucket = this.buckets.get(query.type);
    if (!bucket || !idKey) return [];
    // A child type of the resource's own ("<own type>/..."): its descendants.
    if (ownType && query.type.length > ownType.length && query.type.charCodeAt(ownType.length) === 47 && query.type.startsWith(ownType)) {
      return bucket.byAncestor.get(idKey) ?? [];
    }
    const own = bucket.byAttach.get(idKey);
    const { subscription, group } = containerOf(idKey);
    let scoped: Record<string, unknown>[] | undefined;
    const groups = subscription ? bucket.byScope.get(subscription) : undefined;
    if (groups) {
      if (query.subscriptionWide) scoped = [...groups.values()].flat();
      else scoped = groups.get(query.resourceGroup ?? group);
    }
    if (!own || own.length === 0) return scoped ?? [];
    if (!scoped || scoped.length === 0) return own;
    const seen = new Set(scoped);
    return [...scoped, ...own.filter((r) => !seen.has(r))];
  }
}
