import { Fn } from 'cdktf';
import { IConstruct } from 'constructs';
import { invalid, oneOf } from '../core/errors';
import { DiagnosticsOptions, ILogDestination } from '../core/log-destination';
import { isToken, stableHash } from '../core/validate';

/** Which of a destination's two targets a source sends to. */
export type SiemTarget = 'workspace' | 'eventHub';

/** Every target, in the order sources list them. */
export const SIEM_TARGETS: readonly SiemTarget[] = ['workspace', 'eventHub'];

/**
 * A SIEM destination as plain ids: what a per-subscription stack needs to send its logs to a central workspace and/or
 * Event Hub that another stack (or another team) manages. `SiemDestination` implements it; so does a plain object
 * read from a JSON config. None of these values is a secret.
 */
export interface SiemDestinationIds extends ILogDestination {
  /**
   * The workspace's customer id (the GUID Log Analytics calls "Workspace ID"), needed by traffic analytics.
   * @default - flow logs get no traffic analytics unless the destination is a `SiemDestination`
   */
  readonly workspaceCustomerId?: string;
  /**
   * The workspace's region in ARM form (`westeurope`), needed by traffic analytics.
   * @default - as workspaceCustomerId
   */
  readonly workspaceLocation?: string;
  /**
   * Resource id of the Event Hub itself (`.../namespaces/<ns>/eventhubs/<hub>`): where Defender for Cloud continuous
   * export sends.
   * @default - derived from eventHubAuthorizationRuleId and eventHubName
   */
  readonly eventHubId?: string;
  /**
   * Resource id of the Event Hub namespace (`.../providers/Microsoft.EventHub/namespaces/<ns>`): onboarding grants
   * its deployment identities roles there.
   * @default - derived from eventHubAuthorizationRuleId
   */
  readonly eventHubNamespaceId?: string;
  /**
   * Resource id of an Event Hub-level authorization rule with Send rights only
   * (`.../namespaces/<ns>/eventhubs/<hub>/authorizationRules/<rule>`). Continuous export needs that rule's connection
   * string; sources read it with a data source (never an output), so the identity that deploys the sources needs
   * `Microsoft.EventHub/namespaces/eventhubs/authorizationRules/listKeys/action` on it.
   * @default - continuous export to the Event Hub needs `eventHubConnectionString` instead
   */
  readonly eventHubExportAuthorizationRuleId?: string;
}

/** Options of `addDiagnostics` on the SIEM constructs. */
export interface SiemDiagnosticsOptions extends DiagnosticsOptions {
  /**
   * Which of the destination's targets receive the resource's logs.
   * @default - every target the destination has
   */
  readonly targets?: SiemTarget[];
}

/** Resolves a source's targets: the default is every target the destination has; an explicit target must exist. */
export function resolveSiemTargets(
  scope: IConstruct,
  property: string,
  requested: readonly SiemTarget[] | undefined,
  destination: ILogDestination,
): SiemTarget[] {
  const available = SIEM_TARGETS.filter((t) => (t === 'workspace' ? !!destination.workspaceId : !!destination.eventHubAuthorizationRuleId));
  if (requested === undefined) return available;
  if (!Array.isArray(requested) || requested.length === 0) {
    invalid(scope, property, requested, `must list one or more of ${JSON.stringify(SIEM_TARGETS)}, or be left out for every target the destination has`);
  }
  const out: SiemTarget[] = [];
  requested.forEach((t, i) => {
    if (!SIEM_TARGETS.includes(t)) invalid(scope, `${property}[${i}]`, t, oneOf(SIEM_TARGETS));
    if (!available.includes(t)) {
      invalid(scope, `${property}[${i}]`, t,
        `the destination has no ${t === 'workspace' ? 'workspaceId' : 'eventHubAuthorizationRuleId'}: it has ${available.length ? JSON.stringify(available) : 'no target'}`);
    }
    if (!out.includes(t)) out.push(t);
  });
  return out;
}

/** The destination restricted to some targets, in the `ILogDestination` shape `addDiagnosticSetting` takes. */
export function restrictSiemDestination(destination: ILogDestination, targets: readonly SiemTarget[]): ILogDestination {
  return {
    workspaceId: targets.includes('workspace') ? destination.workspaceId : undefined,
    eventHubAuthorizationRuleId: targets.includes('eventHub') ? destination.eventHubAuthorizationRuleId : undefined,
    eventHubName: targets.includes('eventHub') ? destination.eventHubName : undefined,
  };
}

/**
 * Segment `index` of a resource id split on `/` (index 2 = subscription, 4 = resource group, 8 = first name).
 * Works for literal ids and for unresolved references (then with Terraform's `element(split(...))`).
 */
export function siemIdSegment(id: string, index: number): string {
  if (isToken(id)) return Fn.element(Fn.split('/', id), index) as string;
  return id.split('/')[index];
}

/** A short stable hash of a construct path (and extra text), for globally unique default names. */
export function siemHash(scope: IConstruct, extra = '', length = 8): string {
  return stableHash(`${scope.node.path}|${extra}`, length);
}
