import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorPrivateLinkScope } from '@cdktf/provider-azurerm/lib/monitor-private-link-scope';
import { MonitorPrivateLinkScopedService } from '@cdktf/provider-azurerm/lib/monitor-private-link-scoped-service';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { Fn, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { info, warn } from '../core/annotations';
import { invalid, oneOf } from '../core/errors';
import { protectFromDestroy } from '../core/lifecycle';
import { TerraformLiterals } from '../core/terraform-literal';
import { isToken, parseResourceId, requireLocation, requireResourceId, requireTags, stableHash } from '../core/validate';
import { requireKnownKeys, requireOptionalBoolean } from './common';

/**
 * The private DNS zones an Azure Monitor private endpoint needs (Microsoft's "Configure private link for Azure
 * Monitor": global endpoints, Log Analytics ingestion (ODS) and operations (OMS), the agent service, and blob storage
 * for agent solution packs).
 */
export const AZURE_MONITOR_PRIVATE_DNS_ZONES = [
  'privatelink.monitor.azure.com',
  'privatelink.oms.opinsights.azure.com',
  'privatelink.ods.opinsights.azure.com',
  'privatelink.agentsvc.azure-automation.net',
  'privatelink.blob.core.windows.net',
] as const;

/** One of the Azure Monitor private DNS zones. */
export type AzureMonitorPrivateDnsZone = typeof AZURE_MONITOR_PRIVATE_DNS_ZONES[number];

/**
 * What clients in the private network may reach through the scope: `PrivateOnly` only the scoped resources (and
 * nothing else of Azure Monitor), `Open` the scoped resources privately and any other resource publicly.
 */
export type AzureMonitorAccessMode = 'PrivateOnly' | 'Open';

/** The workspace the scope makes private: a SiemDestination, or plain ids. */
export interface SiemPrivateLinkWorkspace {
  /** Resource id of the Log Analytics workspace. */
  readonly workspaceId?: string;
  /** The workspace resource, when the SiemDestination created it (its public access is then set here). */
  readonly workspace?: LogAnalyticsWorkspace;
}

/** Props of {@link SiemPrivateLinkScope}. */
export interface SiemPrivateLinkScopeProps {
  /** The SIEM workspace to scope: a `SiemDestination` (of this stack) or `{ workspaceId }`. */
  readonly workspace: SiemPrivateLinkWorkspace;
  /** Existing resource group of the scope, the private endpoint and the created DNS zones. */
  readonly resourceGroupName: string;
  /** Region of the private endpoint (the subnet's), ARM form. */
  readonly location: string;
  /** Subnet of the private endpoint (`.../virtualNetworks/<vnet>/subnets/<subnet>`). */
  readonly subnetId: string;
  /**
   * Name of the Azure Monitor Private Link Scope: 1-255 letters, digits, `(`, `)`, `-`, `_` or `.`, ending in a letter,
   * digit, `-` or `_`. The private endpoint is named `pe-<name>` (cut to 80 characters, `(` and `)` as `-`).
   * @default - `ampls-siem-<hash of the construct path>`
   */
  readonly name?: string;
  /**
   * Data collection endpoints (Azure Monitor Agent) to scope as well.
   * @default - none
   */
  readonly dataCollectionEndpointIds?: string[];
  /**
   * Ingestion access mode of the scope.
   * @default 'PrivateOnly'
   */
  readonly ingestionAccessMode?: AzureMonitorAccessMode;
  /**
   * Query access mode of the scope.
   * @default 'PrivateOnly'
   */
  readonly queryAccessMode?: AzureMonitorAccessMode;
  /**
   * Keep the workspace's public network access for ingestion (`internet_ingestion_enabled`). Applied to a workspace
   * a SiemDestination creates (this construct then owns the setting); for a workspace given by id, a warning says to
   * set it there.
   * @default false when ingestionAccessMode is 'PrivateOnly', else true
   */
  readonly publicIngestion?: boolean;
  /**
   * Keep the workspace's public network access for queries (`internet_query_enabled`), as publicIngestion.
   * @default false when queryAccessMode is 'PrivateOnly', else true
   */
  readonly publicQuery?: boolean;
  /**
   * Existing private DNS zones to use instead of creating them: zone name to zone resource id, all five of
   * AZURE_MONITOR_PRIVATE_DNS_ZONES (a hub usually holds them once for every spoke).
   * @default - the five zones are created in resourceGroupName
   */
  readonly privateDnsZoneIds?: { readonly [zone: string]: string };
  /**
   * Virtual networks linked to the created zones.
   * @default - the virtual network of subnetId
   */
  readonly privateDnsVirtualNetworkIds?: string[];
  /**
   * Tags of the created resources.
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * azurerm provider (alias) of the subscription of the scope and the endpoint.
   * @default the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
  /**
   * `lifecycle.prevent_destroy` on the private DNS zones the construct creates: every private endpoint of the
   * linked networks registers its records there (the other teams' too), and destroying a zone deletes them all.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

const PROPS = [
  'workspace', 'resourceGroupName', 'location', 'subnetId', 'name', 'dataCollectionEndpointIds', 'ingestionAccessMode', 'queryAccessMode',
  'publicIngestion', 'publicQuery', 'privateDnsZoneIds', 'privateDnsVirtualNetworkIds', 'tags', 'provider', 'preventDestroy',
] as const;
/**
 * azurerm's PrivateLinkScopeName (internal/services/monitor/validate/private_link_scope_name.go): 1-255 characters,
 * the last a letter, digit, `_` or `-` (not `(`, `)` or `.`), without its `()-_` range slip in the others.
 */
const SCOPE_NAME = /^[A-Za-z0-9()_.-]{0,254}[A-Za-z0-9_-]$/;
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const MODES: readonly AzureMonitorAccessMode[] = ['PrivateOnly', 'Open'];

/**
 * The private endpoint's name from the scope's: azurerm's PrivateLinkName (internal/services/network/validate/
 * private_link_name.go) allows 1-80 letters, digits, `_`, `.` and `-`, starting with a letter or digit and ending with
 * a letter, digit or `_`, so `(` and `)` become `-` and what the cut leaves at the end is trimmed.
 */
function privateEndpointNameFor(scopeName: string): string {
  return `pe-${scopeName.replace(/[()]/g, '-')}`.slice(0, 80).replace(/[^A-Za-z0-9_]+$/, '');
}

function vnetOfSubnet(subnetId: string): string {
  const m = /^(.*\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnetId);
  return m && !isToken(subnetId) ? m[1] : Fn.join('/', Fn.slice(Fn.split('/', subnetId), 0, 9));
}

/**
 * Private access to the SIEM workspace: an Azure Monitor Private Link Scope with the workspace (and any data
 * collection endpoint) scoped, a private endpoint in a given subnet with the five Azure Monitor private DNS zones
 * (created and linked, or given), access modes `PrivateOnly` for ingestion and query by default, and the
 * workspace's public ingestion and query switched off to match.
 *
 * Azure services that write to the workspace over Microsoft's backbone (diagnostic settings, Defender for Cloud
 * continuous export, Sentinel data connectors) are not affected. Agents, scripts and analysts outside a network
 * connected to the private endpoint are: see the README.
 *
 * Construct ids (public API): `Resource` (the scope), `Workspace`, `Dce-<n>`, `PrivateEndpoint`, `DnsZone-<zone>`,
 * `DnsZoneLink-<zone>-<vnet>`.
 */
export class SiemPrivateLinkScope extends Construct {
  /** The Azure Monitor Private Link Scope. */
  public readonly scope: MonitorPrivateLinkScope;
  /** The private endpoint. */
  public readonly privateEndpoint: PrivateEndpoint;
  /** Ids of the five private DNS zones, by zone name. */
  public readonly privateDnsZoneIds: { readonly [Z in AzureMonitorPrivateDnsZone]: string };
  /** Whether the workspace keeps public ingestion / query (as applied, or as it must be set for a workspace given by id). */
  public readonly workspacePublicAccess: { readonly ingestion: boolean; readonly query: boolean };

  constructor(scope: Construct, id: string, props: SiemPrivateLinkScopeProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    requireKnownKeys(this, 'props', props, PROPS);
    if (props.workspace === null || typeof props.workspace !== 'object' || !props.workspace.workspaceId) {
      invalid(this, 'workspace', props.workspace, 'must be a SiemDestination with a workspace, or { workspaceId }');
    }
    const workspaceId = requireResourceId(this, 'workspace.workspaceId', props.workspace.workspaceId, 'Microsoft.OperationalInsights/workspaces');
    const rg = props.resourceGroupName;
    if (typeof rg !== 'string' || !(isToken(rg) || RESOURCE_GROUP.test(rg))) {
      invalid(this, 'resourceGroupName', rg, 'must name an existing resource group (1-90 letters, digits, "-", "_", ".", "(", ")", not ending in ".")');
    }
    requireLocation(this, 'location', props.location);
    requireResourceId(this, 'subnetId', props.subnetId, 'Microsoft.Network/virtualNetworks/subnets');
    const name = props.name ?? `ampls-siem-${stableHash(this.node.path)}`;
    if (typeof name !== 'string' || !(isToken(name) || SCOPE_NAME.test(name))) {
      invalid(this, 'name', name, 'must be 1-255 letters, digits, "(", ")", "-", "_" or ".", ending in a letter, digit, "-" or "_"');
    }
    const ingestion = props.ingestionAccessMode ?? 'PrivateOnly';
    if (!MODES.includes(ingestion)) invalid(this, 'ingestionAccessMode', ingestion, oneOf(MODES));
    const query = props.queryAccessMode ?? 'PrivateOnly';
    if (!MODES.includes(query)) invalid(this, 'queryAccessMode', query, oneOf(MODES));
    const publicIngestion = requireOptionalBoolean(this, 'publicIngestion', props.publicIngestion) ?? ingestion !== 'PrivateOnly';
    const publicQuery = requireOptionalBoolean(this, 'publicQuery', props.publicQuery) ?? query !== 'PrivateOnly';
    requireOptionalBoolean(this, 'preventDestroy', props.preventDestroy);
    const dces = props.dataCollectionEndpointIds ?? [];
    if (!Array.isArray(dces) || dces.length > 50) invalid(this, 'dataCollectionEndpointIds', dces, 'must be a list of at most 50 data collection endpoint ids');
    const seenDce = new Set<string>();
    dces.forEach((d, i) => {
      requireResourceId(this, `dataCollectionEndpointIds[${i}]`, d, 'Microsoft.Insights/dataCollectionEndpoints');
      if (!isToken(d) && seenDce.has(d.toLowerCase())) invalid(this, `dataCollectionEndpointIds[${i}]`, d, 'is listed twice');
      seenDce.add(d.toLowerCase());
    });
    const tags = requireTags(this, 'tags', props.tags);
    const givenZones = this.checkGivenZones(props.privateDnsZoneIds);
    if (givenZones && props.privateDnsVirtualNetworkIds !== undefined) {
      invalid(this, 'privateDnsVirtualNetworkIds', props.privateDnsVirtualNetworkIds, 'only applies to zones this construct creates: link given zones where they are managed');
    }
    const vnets = givenZones ? [] : (props.privateDnsVirtualNetworkIds ?? [vnetOfSubnet(props.subnetId)]);
    if (!Array.isArray(vnets) || (!givenZones && vnets.length === 0)) {
      invalid(this, 'privateDnsVirtualNetworkIds', vnets, 'must list at least one virtual network: a zone resolves nothing until a network is linked');
    }
    vnets.forEach((v, i) => requireResourceId(this, `privateDnsVirtualNetworkIds[${i}]`, v, 'Microsoft.Network/virtualNetworks'));

    // --- the scope and its resources
    this.scope = new MonitorPrivateLinkScope(this, 'Resource', {
      provider: props.provider,
      name,
      resourceGroupName: rg,
      ingestionAccessMode: ingestion,
      queryAccessMode: query,
      tags,
    });
    const scoped: MonitorPrivateLinkScopedService[] = [
      new MonitorPrivateLinkScopedService(this, 'Workspace', {
        provider: props.provider,
        name: 'siem-workspace',
        resourceGroupName: rg,
        scopeName: this.scope.name,
        linkedResourceId: workspaceId,
      }),
    ];
    dces.forEach((dce, i) => {
      scoped.push(new MonitorPrivateLinkScopedService(this, `Dce-${i}`, {
        provider: props.provider,
        name: `siem-dce-${i}`,
        resourceGroupName: rg,
        scopeName: this.scope.name,
        linkedResourceId: dce,
      }));
    });

    // --- DNS
    const zoneIds = {} as { [Z in AzureMonitorPrivateDnsZone]: string };
    for (const zone of AZURE_MONITOR_PRIVATE_DNS_ZONES) {
      if (givenZones) {
        zoneIds[zone] = givenZones.get(zone)!;
        continue;
      }
      const created = new PrivateDnsZone(this, `DnsZone-${zone}`, { provider: props.provider, name: zone, resourceGroupName: rg, tags });
      protectFromDestroy(created, props.preventDestroy);
      zoneIds[zone] = created.id;
      const seen = new Set<string>();
      vnets.forEach((vnetId, i) => {
        const parsed = parseResourceId(vnetId);
        const key = parsed?.resourceGroup && parsed.name ? `${parsed.resourceGroup}-${parsed.name}`.replace(/[^A-Za-z0-9_-]/g, '_') : `vnet${i}`;
        if (seen.has(key.toLowerCase())) invalid(this, `privateDnsVirtualNetworkIds[${i}]`, vnetId, 'is listed twice');
        seen.add(key.toLowerCase());
        new PrivateDnsZoneVirtualNetworkLink(this, `DnsZoneLink-${zone}-${key}`, {
          provider: props.provider,
          name: `${parsed?.name ? parsed.name.slice(0, 60) : Token.asString(Fn.element(Fn.split('/', vnetId), 8))}-ampls`,
          resourceGroupName: rg,
          privateDnsZoneName: created.name,
          virtualNetworkId: vnetId,
          registrationEnabled: false,
          tags,
        });
      });
    }
    this.privateDnsZoneIds = zoneIds;
    if (!givenZones) {
      warn(this, 'guardrails:sentinel:private-dns-zones-created',
        'this construct creates the five Azure Monitor private DNS zones and links them to '
        + `${vnets.length === 1 ? 'the virtual network' : `${vnets.length} virtual networks`}. A network links only one zone of a name: if one already `
        + 'has privatelink.blob.core.windows.net (storage private endpoints) or another Azure Monitor zone, the link fails; if it has none, the new '
        + 'blob zone now answers for every storage account with a private endpoint elsewhere, which stops resolving from there. In a hub with '
        + 'central DNS zones, give them (privateDnsZoneIds)');
    }

    // --- the private endpoint, after the resources are scoped (their DNS records come with the endpoint)
    this.privateEndpoint = new PrivateEndpoint(this, 'PrivateEndpoint', {
      provider: props.provider,
      name: isToken(name) ? 'pe-ampls-siem' : privateEndpointNameFor(name),
      resourceGroupName: rg,
      location: props.location,
      subnetId: props.subnetId,
      privateServiceConnection: {
        name: 'azuremonitor',
        privateConnectionResourceId: this.scope.id,
        subresourceNames: ['azuremonitor'],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: 'azure-monitor', privateDnsZoneIds: AZURE_MONITOR_PRIVATE_DNS_ZONES.map((z) => zoneIds[z]) },
      dependsOn: scoped,
      tags,
    });

    // --- the workspace's own public access, to match
    this.workspacePublicAccess = { ingestion: publicIngestion, query: publicQuery };
    const created = props.workspace.workspace;
    if (created instanceof LogAnalyticsWorkspace) {
      created.internetIngestionEnabled = publicIngestion;
      created.internetQueryEnabled = publicQuery;
    } else if (!publicIngestion || !publicQuery) {
      warn(this, 'guardrails:sentinel:workspace-public-access-unmanaged',
        `the workspace is given by id, so this construct cannot switch its public access: set `
        + `internet_ingestion_enabled = ${publicIngestion} and internet_query_enabled = ${publicQuery} where it is managed, or it stays reachable from the internet`);
    }
    if (publicIngestion && ingestion === 'PrivateOnly') {
      info(this, 'guardrails:sentinel:public-ingestion','publicIngestion is on: agents outside the private network keep sending to the workspace over the internet');
    }
  }

  private checkGivenZones(given: unknown): Map<AzureMonitorPrivateDnsZone, string> | undefined {
    if (given === undefined) return undefined;
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      invalid(this, 'privateDnsZoneIds', given, 'must map each Azure Monitor zone name to its resource id');
    }
    const out = new Map<AzureMonitorPrivateDnsZone, string>();
    for (const key of Object.keys(given)) {
      const id = (given as Record<string, unknown>)[key];
      if (!(AZURE_MONITOR_PRIVATE_DNS_ZONES as readonly string[]).includes(key)) {
        invalid(this, `privateDnsZoneIds.${key}`, id, `is not an Azure Monitor private DNS zone: ${oneOf(AZURE_MONITOR_PRIVATE_DNS_ZONES)}`);
      }
      requireResourceId(this, `privateDnsZoneIds.${key}`, id as string, 'Microsoft.Network/privateDnsZones');
      const parsed = isToken(id) ? undefined : parseResourceId(id as string);
      if (parsed && parsed.name?.toLowerCase() !== key) {
        invalid(this, `privateDnsZoneIds.${key}`, id, `is the id of zone "${parsed.name}", not "${key}"`);
      }
      out.set(key as AzureMonitorPrivateDnsZone, id as string);
    }
    const missing = AZURE_MONITOR_PRIVATE_DNS_ZONES.filter((z) => !out.has(z));
    if (missing.length > 0) {
      invalid(this, 'privateDnsZoneIds', Object.keys(given), `misses ${JSON.stringify(missing)}: the private endpoint needs all five Azure Monitor zones`);
    }
    return out;
  }
}
