import { SentinelLogAnalyticsWorkspaceOnboarding } from '@cdktf/provider-azurerm/lib/sentinel-log-analytics-workspace-onboarding';
import { IConstruct } from 'constructs';
import { invalid, oneOf } from '../core/errors';
import { isToken, parseIsoDuration, requireResourceId } from '../core/validate';

/**
 * The Microsoft Sentinel workspace a Sentinel construct writes to: a `SiemDestination` (of this stack, with Sentinel
 * on), or the id of a workspace that is already onboarded to Sentinel.
 */
export interface SentinelWorkspaceRef {
  /**
   * Resource id of a Log Analytics workspace onboarded to Microsoft Sentinel
   * (`/subscriptions/<GUID>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>`).
   * Pass a reference (for example `siem.sentinelOnboarding.workspaceId`) when the workspace is created in the same
   * stack, so that Terraform onboards it before it creates rules in it.
   */
  readonly workspaceId: string;
}

/** What the constructs accept for their `workspace` prop: anything with a workspace id and, optionally, its Sentinel onboarding. */
export interface SentinelWorkspaceSource {
  /** Workspace resource id (a SiemDestination has one unless it is Event Hub-only). */
  readonly workspaceId?: string;
  /** The Sentinel onboarding of a SiemDestination (undefined when Sentinel is off there). */
  readonly sentinelOnboarding?: SentinelLogAnalyticsWorkspaceOnboarding;
}

/** A resolved workspace: the id to write rules to (a reference to the onboarding where there is one). */
export interface ResolvedSentinelWorkspace {
  readonly workspaceId: string;
  /** The destination construct, when a SiemDestination (or another construct) was given. */
  readonly construct?: IConstruct;
  /** Identifies the workspace across constructs of one stack: the destination's path, or the id as given. */
  readonly key: string;
}

function isConstruct(x: unknown): x is IConstruct {
  return x !== null && typeof x === 'object' && 'node' in x;
}

/**
 * Resolves the `workspace` prop. A construct (a SiemDestination) must have Sentinel on: its onboarding's
 * `workspace_id` is used, so every rule depends on the onboarding (rules written before it fail with 404/400).
 */
export function resolveSentinelWorkspace(scope: IConstruct, property: string, workspace: SentinelWorkspaceSource | SentinelWorkspaceRef | undefined): ResolvedSentinelWorkspace {
  if (workspace === undefined || workspace === null || typeof workspace !== 'object') {
    invalid(scope, property, workspace, 'must be a SiemDestination with Sentinel on, or { workspaceId } of a workspace onboarded to Microsoft Sentinel');
  }
  if (isConstruct(workspace)) {
    const source = workspace as SentinelWorkspaceSource & IConstruct;
    if (!source.workspaceId) {
      invalid(scope, property, source.node.path, 'has no Log Analytics workspace (an Event Hub-only destination): Sentinel content needs a workspace');
    }
    if (!source.sentinelOnboarding) {
      invalid(scope, property, source.node.path,
        'does not onboard its workspace to Microsoft Sentinel (sentinel is off): turn sentinel on there, or pass { workspaceId } of a workspace that is already onboarded');
    }
    return { workspaceId: source.sentinelOnboarding.workspaceId, construct: source, key: `construct:${source.node.path}` };
  }
  const id = (workspace as SentinelWorkspaceRef).workspaceId;
  requireResourceId(scope, `${property}.workspaceId`, id, 'Microsoft.OperationalInsights/workspaces');
  return { workspaceId: id, key: isToken(id) ? id : id.toLowerCase() };
}

/** Longest user-supplied text (names, descriptions, filters) the constructs accept. */
export const MAX_TEXT_LENGTH = 1024;

/**
 * A non-empty literal string of at most `max` characters without control characters (they break KQL, ARM and the
 * portal alike). Returns it unchanged; refuses tokens where a literal is needed.
 */
export function requireText(scope: IConstruct, property: string, value: unknown, max = MAX_TEXT_LENGTH): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    invalid(scope, property, value, `must be a non-empty string of at most ${max} characters`);
  }
  if (isToken(value)) invalid(scope, property, value, 'must be a literal string, not a reference: it is written into rule text');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) invalid(scope, property, value, 'must not contain control characters (line breaks, tabs, NUL)');
  return value;
}

/** A list of distinct texts (exact-case duplicates refused), bounded in length. */
export function requireTextList(scope: IConstruct, property: string, value: unknown, maxItems = 50, maxLength = 256): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > maxItems) {
    invalid(scope, property, value, `must be a list of 1 to ${maxItems} strings, or be left out`);
  }
  const seen = new Set<string>();
  return value.map((v, i) => {
    const text = requireText(scope, `${property}[${i}]`, v, maxLength);
    if (seen.has(text)) invalid(scope, `${property}[${i}]`, text, 'is listed twice');
    seen.add(text);
    return text;
  });
}

/** A boolean when given. */
export function requireOptionalBoolean(scope: IConstruct, property: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') invalid(scope, property, value, 'must be true or false');
  return value as boolean | undefined;
}

/** Keys of an options object must be known ones (a typo in a config must not silently switch something off). */
export function requireKnownKeys(scope: IConstruct, property: string, value: unknown, keys: readonly string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(scope, property, value, 'must be an object');
  for (const key of Object.keys(value as object)) {
    if (!keys.includes(key)) invalid(scope, `${property}.${key}`, (value as Record<string, unknown>)[key], `is not a known option: ${oneOf([...keys])}`);
  }
}

/** Alert severities, lowest first (the order Sentinel and Defender use). */
export const SENTINEL_SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;

/** An alert or incident severity. */
export type SentinelSeverity = typeof SENTINEL_SEVERITIES[number];

/** The severities at or above `minimum`, lowest first. */
export function severitiesFrom(minimum: SentinelSeverity): SentinelSeverity[] {
  return SENTINEL_SEVERITIES.slice(SENTINEL_SEVERITIES.indexOf(minimum));
}

/** An ISO 8601 duration within [min, max] seconds, in whole seconds; returns its length in seconds. */
export function requireDuration(scope: IConstruct, property: string, value: unknown, min: number, max: number, range: string): number {
  const seconds = typeof value === 'string' ? parseIsoDuration(value) : undefined;
  if (seconds === undefined || !Number.isInteger(seconds) || seconds < min || seconds > max) {
    invalid(scope, property, value, `must be an ISO 8601 duration in whole seconds from ${range} (for example "PT1H", "P1D")`);
  }
  return seconds;
}

/**
 * A duration in the form Azure returns it (.NET's XmlConvert.ToString(TimeSpan), which the Sentinel API uses):
 * days, then hours, minutes and seconds, each only when not zero (`PT60M` and `PT24H` come back as `PT1H` and
 * `P1D`). Writing what was asked in another form would show a change in every plan.
 */
export function canonicalDuration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  const text = `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
  return text === 'P' ? 'PT0S' : text;
}
