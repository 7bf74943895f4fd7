import { Construct } from 'constructs';
import { DefenderPlansConfig } from '../lib/defender';
import {
  SentinelDetections, SentinelIncidentFlow, SentinelSharedQueries, SiemPrivateLinkScope,
} from '../lib/sentinel';
import { SIEM_DEFAULT_SENTINEL_CONNECTORS, SiemDestination, SiemSentinelConnector } from '../lib/siem';
import type { BaselineConfig, SentinelConfig, SiemConfig } from './config/types';

/** The Sentinel content of the config, when `siem.sentinel` is an object (`true` only onboards with connectors). */
export function sentinelContentOf(siem: SiemConfig | undefined): SentinelConfig | undefined {
  return siem && typeof siem.sentinel === 'object' ? siem.sentinel : undefined;
}

/**
 * What every subscription's Defender for Cloud `Sentinel` (bi-directional alert sync) setting must be, from the
 * configured incident flow; undefined when the config has no incident flow (the setting is then left alone).
 */
export function defenderAlertSyncOf(config: BaselineConfig): boolean | undefined {
  const incidents = sentinelContentOf(config.siem)?.incidents;
  if (incidents === undefined || incidents === false) return undefined;
  return SentinelIncidentFlow.defenderForCloudAlertSyncFor(incidents);
}

/**
 * The central destination's data connectors: the defaults, without the Defender XDR connector when the incident
 * flow turns Defender XDR off (azurerm creates that connector with incidents on, so it would be a second owner).
 */
export function sentinelConnectorsOf(siem: SiemConfig): SiemSentinelConnector[] | undefined {
  const incidents = sentinelContentOf(siem)?.incidents;
  if (incidents && incidents.defenderXdr === false) return SIEM_DEFAULT_SENTINEL_CONNECTORS.filter((c) => c !== 'MicrosoftThreatProtection');
  return undefined;
}

/** The Defender plan baseline of the estate: the plans the management group's onboarding enforces, else the defaults. */
function defenderBaselineOf(config: BaselineConfig): DefenderPlansConfig | undefined {
  const defender = config.managementGroup?.onboarding?.defender;
  if (defender === undefined || typeof defender !== 'object') return undefined;
  return defender.recommended === undefined && defender.plans === undefined ? undefined : { recommended: defender.recommended, plans: defender.plans };
}

/** The Sentinel constructs the central stack creates. */
export interface SentinelContent {
  readonly incidents?: SentinelIncidentFlow;
  readonly detections?: SentinelDetections;
  readonly sharedQueries?: SentinelSharedQueries;
  readonly privateLink?: SiemPrivateLinkScope;
}

/**
 * Adds the configured Sentinel content and private access to the central SIEM's stack. Construct ids (public API):
 * `SentinelIncidents`, `SentinelDetections`, `SentinelQueries`, `SiemPrivateLink`.
 */
export function addSentinelContent(scope: Construct, destination: SiemDestination, config: BaselineConfig, location: string,
  group: (name: string) => string, ref: (id: string) => string = (id) => id): SentinelContent {
  const siem = config.siem!;
  const content = sentinelContentOf(siem);
  const baseline = defenderBaselineOf(config);
  const out: { -readonly [K in keyof SentinelContent]: SentinelContent[K] } = {};
  if (content?.incidents !== undefined && content.incidents !== false) {
    out.incidents = new SentinelIncidentFlow(scope, 'SentinelIncidents', {
      ...content.incidents,
      workspace: destination,
      defenderXdr: content.incidents.defenderXdr === false ? false : { tenantId: config.tenantId },
    });
  }
  if (content?.detections !== undefined && content.detections !== false) {
    out.detections = new SentinelDetections(scope, 'SentinelDetections', {
      ...(content.detections === true ? {} : content.detections),
      workspace: destination,
      defenderPlanBaseline: baseline,
    });
  }
  if (content?.sharedQueries !== undefined && content.sharedQueries !== false) {
    const queries = content.sharedQueries === true ? {} : content.sharedQueries;
    out.sharedQueries = new SentinelSharedQueries(scope, 'SentinelQueries', {
      ...queries,
      resourceGroupName: group(queries.resourceGroupName ?? siem.resourceGroupName),
      workspace: destination,
      managedManagementGroupId: config.managementGroup?.id,
      defenderPlanBaseline: baseline,
    });
  }
  if (siem.privateAccess) {
    const access = siem.privateAccess;
    out.privateLink = new SiemPrivateLinkScope(scope, 'SiemPrivateLink', {
      ...access,
      // Ids of networks the stack creates become references (`ref`), so Terraform creates them first.
      subnetId: ref(access.subnetId),
      privateDnsVirtualNetworkIds: access.privateDnsVirtualNetworkIds?.map(ref),
      workspace: destination,
      resourceGroupName: group(access.resourceGroupName ?? siem.resourceGroupName),
      location: access.location ?? location,
    });
  }
  return out;
}
