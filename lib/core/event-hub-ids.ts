import { Fn } from 'cdktf';
import { isGuid, isToken } from './validate';

/**
 * The one parser of Event Hub resource ids: namespaces, hubs and their authorization rules. The SIEM constructs,
 * the onboarding construct and the reference app all read Event Hub ids through it.
 */

/** What an Event Hub id names. */
export type EventHubIdKind = 'namespace' | 'eventHub' | 'namespaceAuthorizationRule' | 'eventHubAuthorizationRule';

/** A parsed Event Hub id. */
export interface ParsedEventHubId {
  /** What the id names. */
  readonly kind: EventHubIdKind;
  /** Subscription GUID. */
  readonly subscriptionId: string;
  /** Resource group of the namespace. */
  readonly resourceGroupName: string;
  /** Namespace name. */
  readonly namespaceName: string;
  /** Hub name, for a hub or a hub-level rule. */
  readonly eventHubName?: string;
  /** Rule name, for an authorization rule. */
  readonly authorizationRuleName?: string;
  /** Id of the namespace (`/subscriptions/<s>/resourceGroups/<g>/providers/Microsoft.EventHub/namespaces/<ns>`). */
  readonly namespaceId: string;
  /** Id of the hub, for a hub or a hub-level rule. */
  readonly eventHubId?: string;
}

const EVENT_HUB_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.EventHub\/namespaces\/([^/]+)(?:\/eventhubs\/([^/]+))?(?:\/authorizationRules\/([^/]+))?$/i;

/**
 * Parses a literal Event Hub namespace, hub, namespace-level rule or hub-level rule id (segment names compared
 * case-insensitively, as ARM does); undefined for anything else, including unresolved references. The ids it returns
 * are written in ARM's canonical casing with the names as given.
 */
export function parseEventHubId(id: string): ParsedEventHubId | undefined {
  if (typeof id !== 'string' || isToken(id)) return undefined;
  const m = EVENT_HUB_ID.exec(id);
  if (!m || !isGuid(m[1])) return undefined;
  const [, subscriptionId, resourceGroupName, namespaceName, eventHubName, authorizationRuleName] = m;
  const namespaceId = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.EventHub/namespaces/${namespaceName}`;
  const kind: EventHubIdKind = authorizationRuleName !== undefined
    ? eventHubName !== undefined ? 'eventHubAuthorizationRule' : 'namespaceAuthorizationRule'
    : eventHubName !== undefined ? 'eventHub' : 'namespace';
  return {
    kind,
    subscriptionId,
    resourceGroupName,
    namespaceName,
    eventHubName,
    authorizationRuleName,
    namespaceId,
    eventHubId: eventHubName !== undefined ? `${namespaceId}/eventhubs/${eventHubName}` : undefined,
  };
}

/**
 * The namespace id of any Event Hub id: parsed for a literal id (undefined when it is not an Event Hub id), a
 * Terraform expression that strips the hub and rule segments for an unresolved reference.
 */
export function eventHubNamespaceIdOf(id: string): string | undefined {
  if (isToken(id)) return Fn.replace(id, '/(?i)(/eventhubs/[^/]+)?/authorizationRules/[^/]+$/', '');
  return parseEventHubId(id)?.namespaceId;
}

/**
 * The hub id an authorization rule sends to: the rule's own hub for a hub-level rule, `hubName` in the rule's
 * namespace for a namespace-level rule. Undefined when it cannot be known at synth time (references, no hub name).
 */
export function eventHubIdOfRule(ruleId: string | undefined, hubName?: string): string | undefined {
  const parsed = ruleId === undefined ? undefined : parseEventHubId(ruleId);
  if (parsed?.kind === 'eventHubAuthorizationRule') return parsed.eventHubId;
  if (parsed?.kind === 'namespaceAuthorizationRule' && hubName && !isToken(hubName)) return `${parsed.namespaceId}/eventhubs/${hubName}`;
  return undefined;
}
