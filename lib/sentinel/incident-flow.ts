import { SentinelAlertRuleFusion } from '@cdktf/provider-azurerm/lib/sentinel-alert-rule-fusion';
import { SentinelAlertRuleMsSecurityIncident } from '@cdktf/provider-azurerm/lib/sentinel-alert-rule-ms-security-incident';
import { SentinelDataConnectorMicrosoftThreatProtection } from '@cdktf/provider-azurerm/lib/sentinel-data-connector-microsoft-threat-protection';
import { TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { warn } from '../core/annotations';
import { invalid, oneOf } from '../core/errors';
import { requireGuid } from '../core/validate';
import { DefenderForCloud } from '../defender/defender-for-cloud';
import {
  requireKnownKeys, requireOptionalBoolean, requireTextList, resolveSentinelWorkspace, SENTINEL_SEVERITIES,
  SentinelSeverity, severitiesFrom, SentinelWorkspaceRef, SentinelWorkspaceSource,
} from './common';
import { TerraformLiterals } from '../core/terraform-literal';

/** A Microsoft security product whose alerts can become Sentinel incidents. */
export type SentinelAlertProduct =
  | 'DefenderForCloud' | 'DefenderForEndpoint' | 'DefenderForIdentity' | 'DefenderForOffice365' | 'DefenderForCloudApps'
  | 'EntraIdProtection' | 'DefenderForIoT';

/**
 * The `product_filter` of a Microsoft incident creation rule, per product (the values azurerm 4.55 accepts:
 * internal/services/sentinel/sentinel_alert_rule_ms_security_incident_resource.go).
 */
export const SENTINEL_ALERT_PRODUCT_FILTERS: { readonly [P in SentinelAlertProduct]: string } = {
  DefenderForCloud: 'Azure Security Center',
  DefenderForEndpoint: 'Microsoft Defender Advanced Threat Protection',
  DefenderForIdentity: 'Azure Advanced Threat Protection',
  DefenderForOffice365: 'Office 365 Advanced Threat Protection',
  DefenderForCloudApps: 'Microsoft Cloud App Security',
  EntraIdProtection: 'Azure Active Directory Identity Protection',
  DefenderForIoT: 'Azure Security Center for IoT',
};

/** Every product. */
export const SENTINEL_ALERT_PRODUCTS = Object.keys(SENTINEL_ALERT_PRODUCT_FILTERS) as SentinelAlertProduct[];

/**
 * Products whose incidents Defender XDR incident integration brings into Sentinel (Microsoft Defender XDR integration
 * with Microsoft Sentinel, "Incident correlation and alerts": Defender for Endpoint, Identity, Office 365, Cloud Apps,
 * Entra ID Protection, and Defender for Cloud incidents). Microsoft turns the incident creation rules of these
 * products off when the connector is enabled, to avoid duplicate incidents.
 */
export const SENTINEL_XDR_PRODUCTS: readonly SentinelAlertProduct[] = [
  'DefenderForCloud', 'DefenderForEndpoint', 'DefenderForIdentity', 'DefenderForOffice365', 'DefenderForCloudApps', 'EntraIdProtection',
];

/**
 * Template of the built-in Fusion (advanced multistage attack detection) rule
 * (website/docs/r/sentinel_alert_rule_fusion.html.markdown in azurerm 4.55).
 */
export const SENTINEL_FUSION_TEMPLATE_GUID = 'f71aba3d-28fb-450b-b192-4e76a83015c8';

/** Construct id a SiemDestination gives its `MicrosoftThreatProtection` connector (lib/siem/destination.ts). */
const DESTINATION_XDR_CONNECTOR_ID = 'DefenderXdrConnector';
/** Construct id a SiemDestination gives its subscription-based Defender for Cloud connector(s) (prefix). */
const DESTINATION_MDC_CONNECTOR_ID = 'DefenderForCloudConnector';

/** Defender XDR incident integration. */
export interface SentinelDefenderXdrOptions {
  /**
   * Deploy the `MicrosoftThreatProtection` connector in this construct. azurerm creates it with incident creation on
   * (internal/services/sentinel/sentinel_data_connector_microsoft_threat_protection_resource.go), which is the
   * incident integration.
   * @default true, unless the workspace's SiemDestination already deploys the connector (then that one is used)
   */
  readonly createConnector?: boolean;
  /**
   * Tenant (GUID) of the connector.
   * @default - the provider's tenant
   */
  readonly tenantId?: string;
}

/** A Microsoft incident creation rule: incidents from one product's alerts. */
export interface SentinelMicrosoftIncidentRule {
  /** The product whose alerts become incidents. */
  readonly product: SentinelAlertProduct;
  /**
   * Lowest alert severity that creates an incident.
   * @default 'Medium'
   */
  readonly minimumSeverity?: SentinelSeverity;
  /**
   * Only alerts whose names contain one of these texts.
   * @default - every alert name
   */
  readonly alertNames?: string[];
  /**
   * Never alerts whose names contain one of these texts.
   * @default - none excluded
   */
  readonly excludeAlertNames?: string[];
  /**
   * Run the rule (`false` keeps it managed but off).
   * @default true
   */
  readonly enabled?: boolean;
}

/** Props of {@link SentinelIncidentFlow}. */
export interface SentinelIncidentFlowProps {
  /** The Sentinel workspace: a `SiemDestination` with Sentinel on, or `{ workspaceId }` of an onboarded workspace. */
  readonly workspace: SentinelWorkspaceSource | SentinelWorkspaceRef;
  /**
   * Defender XDR incident integration (Microsoft's recommended setup): Defender XDR correlates the alerts of its
   * products into incidents and syncs their status both ways. `false` to create incidents with Microsoft incident
   * creation rules instead.
   * @default true
   */
  readonly defenderXdr?: boolean | SentinelDefenderXdrOptions;
  /**
   * Microsoft incident creation rules, one per product. Refused for the products Defender XDR already brings
   * incidents for when `defenderXdr` is on (duplicate incidents).
   * @default - none
   */
  readonly microsoftIncidentRules?: SentinelMicrosoftIncidentRule[];
  /**
   * The Fusion (advanced multistage attack detection) rule, always managed here so that switching it off shows in
   * code and in a plan; `false` deploys it disabled (with a warning).
   * @default true
   */
  readonly fusion?: boolean;
  /**
   * azurerm provider (alias) of the workspace's subscription.
   * @default the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

/** The choices that decide Defender for Cloud's bi-directional alert sync (a subset of the props, for other stacks). */
export type SentinelIncidentFlowChoice = Pick<SentinelIncidentFlowProps, 'defenderXdr' | 'microsoftIncidentRules'>;

const PROPS = ['workspace', 'defenderXdr', 'microsoftIncidentRules', 'fusion', 'provider'] as const;
const RULE_KEYS = ['product', 'minimumSeverity', 'alertNames', 'excludeAlertNames', 'enabled'] as const;

/**
 * How security alerts become Microsoft Sentinel incidents, with exactly one owner per alert source:
 *
 * - Defender XDR incident integration (default): the `MicrosoftThreatProtection` connector with incidents on.
 *   Defender XDR groups the alerts of Defender for Endpoint, Identity, Office 365, Cloud Apps, Entra ID Protection
 *   and Defender for Cloud into incidents and keeps their status in sync with Sentinel.
 * - Microsoft incident creation rules (`azurerm_sentinel_alert_rule_ms_security_incident`), one per product, with a
 *   minimum severity (default Medium) and optional alert name filters: for products outside Defender XDR (Defender
 *   for IoT), or for every product when `defenderXdr` is `false`.
 *
 * A rule for a product Defender XDR already covers is refused: every alert would become two incidents. The Fusion
 * rule is always managed. `defenderForCloudAlertSync` tells what Defender for Cloud's `Sentinel` (bi-directional
 * alert sync) setting must be; a `DefenderForCloud` in the same stack that sets it otherwise fails validation.
 *
 * Construct ids (public API): `DefenderXdrConnector`, `IncidentRule-<product>`, `Fusion`.
 */
export class SentinelIncidentFlow extends Construct {
  /**
   * Defender for Cloud's bi-directional alert sync (`azurerm_security_center_setting` `Sentinel`) consistent with a
   * choice: on only when a Microsoft incident creation rule turns Defender for Cloud alerts into Sentinel incidents
   * (closing the incident then closes the alert). With Defender XDR incident integration, Defender XDR owns the
   * incidents and syncs their status itself, so the per-subscription sync stays off (two writers of the same
   * alert status); without any incident for Defender for Cloud alerts there is nothing to sync.
   */
  public static defenderForCloudAlertSyncFor(choice: SentinelIncidentFlowChoice): boolean {
    if (choice.defenderXdr !== false) return false;
    return (choice.microsoftIncidentRules ?? []).some((r) => r.product === 'DefenderForCloud' && r.enabled !== false);
  }

  /** Whether Defender XDR incident integration is on. */
  public readonly defenderXdr: boolean;
  /** The connector this construct created (undefined when it uses the destination's or none). */
  public readonly defenderXdrConnector?: SentinelDataConnectorMicrosoftThreatProtection;
  /** Microsoft incident creation rules, by product. */
  public readonly incidentRules: { readonly [P in SentinelAlertProduct]?: SentinelAlertRuleMsSecurityIncident };
  /** The managed Fusion rule. */
  public readonly fusionRule: SentinelAlertRuleFusion;
  /** What Defender for Cloud's `Sentinel` setting must be (see {@link SentinelIncidentFlow.defenderForCloudAlertSyncFor}). */
  public readonly defenderForCloudAlertSync: boolean;
  /** The workspace (id or reference). */
  public readonly workspaceId: string;
  private readonly workspaceKey: string;
  /** Products that get incidents, and from what. */
  public readonly incidentOwners: { readonly [P in SentinelAlertProduct]?: 'DefenderXdr' | 'IncidentRule' };

  constructor(scope: Construct, id: string, props: SentinelIncidentFlowProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    requireKnownKeys(this, 'props', props, PROPS);
    const workspace = resolveSentinelWorkspace(this, 'workspace', props.workspace);
    const xdr = props.defenderXdr ?? true;
    if (typeof xdr !== 'boolean') requireKnownKeys(this, 'defenderXdr', xdr, ['createConnector', 'tenantId']);
    const xdrOn = xdr !== false;
    const xdrOptions: SentinelDefenderXdrOptions = typeof xdr === 'object' ? xdr : {};
    if (xdrOptions.tenantId !== undefined) requireGuid(this, 'defenderXdr.tenantId', xdrOptions.tenantId);
    requireOptionalBoolean(this, 'defenderXdr.createConnector', xdrOptions.createConnector);
    const fusion = requireOptionalBoolean(this, 'fusion', props.fusion) ?? true;
    const destinationConnector = workspace.construct?.node.tryFindChild(DESTINATION_XDR_CONNECTOR_ID);
    const destinationHasXdr = destinationConnector instanceof SentinelDataConnectorMicrosoftThreatProtection;

    // --- one owner per alert source
    if (!xdrOn && destinationHasXdr) {
      invalid(this, 'defenderXdr', false,
        `${workspace.construct!.node.path} deploys the MicrosoftThreatProtection connector, which azurerm always creates with incident creation on: `
        + 'Defender XDR incident integration is on whatever this construct says. Remove "MicrosoftThreatProtection" from that destination\'s '
        + 'sentinel.dataConnectors, or leave defenderXdr on');
    }
    const rules = this.checkRules(props.microsoftIncidentRules, xdrOn);
    this.defenderXdr = xdrOn;

    // --- Defender XDR connector
    if (xdrOn) {
      if (destinationHasXdr) {
        if (xdrOptions.createConnector === true) {
          invalid(this, 'defenderXdr.createConnector', true,
            `${workspace.construct!.node.path} already deploys the MicrosoftThreatProtection connector: a workspace takes one; leave createConnector out`);
        }
      } else if (xdrOptions.createConnector !== false) {
        this.defenderXdrConnector = new SentinelDataConnectorMicrosoftThreatProtection(this, 'DefenderXdrConnector', {
          provider: props.provider,
          name: 'defender-xdr',
          logAnalyticsWorkspaceId: workspace.workspaceId,
          tenantId: xdrOptions.tenantId,
        });
      }
      const mdcConnector = workspace.construct?.node.children.some((c) => c.node.id.startsWith(DESTINATION_MDC_CONNECTOR_ID));
      if (workspace.construct && !mdcConnector) {
        warn(this, 'guardrails:sentinel:defender-for-cloud-alerts',
          'Defender XDR brings Defender for Cloud incidents, but their alerts arrive only through a '
          + 'Defender for Cloud connector: add "AzureSecurityCenter" to the destination\'s sentinel.dataConnectors, or the incidents show no alerts');
      }
    }

    // --- Microsoft incident creation rules
    const incidentRules: { [P in SentinelAlertProduct]?: SentinelAlertRuleMsSecurityIncident } = {};
    const owners: { [P in SentinelAlertProduct]?: 'DefenderXdr' | 'IncidentRule' } = {};
    if (xdrOn) for (const p of SENTINEL_XDR_PRODUCTS) owners[p] = 'DefenderXdr';
    for (const rule of rules) {
      const severities = severitiesFrom(rule.minimumSeverity ?? 'Medium');
      incidentRules[rule.product] = new SentinelAlertRuleMsSecurityIncident(this, `IncidentRule-${rule.product}`, {
        provider: props.provider,
        name: `guardrails-incidents-${rule.product.toLowerCase()}`,
        logAnalyticsWorkspaceId: workspace.workspaceId,
        displayName: `Incidents from ${SENTINEL_ALERT_PRODUCT_FILTERS[rule.product]} alerts (${severities[0]} and above)`,
        description: `Creates an incident for every ${SENTINEL_ALERT_PRODUCT_FILTERS[rule.product]} alert of severity ${severities.join(', ')}`
          + `${rule.alertNames ? ' whose name contains one of the listed texts' : ''}${rule.excludeAlertNames ? ', except the excluded names' : ''}. Managed by cdktf-azure-guardrails.`,
        productFilter: SENTINEL_ALERT_PRODUCT_FILTERS[rule.product],
        severityFilter: severities,
        displayNameFilter: rule.alertNames,
        displayNameExcludeFilter: rule.excludeAlertNames,
        enabled: rule.enabled ?? true,
      });
      if (rule.enabled !== false) owners[rule.product] = 'IncidentRule';
    }
    this.incidentRules = incidentRules;
    this.incidentOwners = owners;

    // --- Fusion
    this.fusionRule = new SentinelAlertRuleFusion(this, 'Fusion', {
      provider: props.provider,
      logAnalyticsWorkspaceId: workspace.workspaceId,
      alertRuleTemplateGuid: SENTINEL_FUSION_TEMPLATE_GUID,
      enabled: fusion,
    });
    if (!fusion) {
      warn(this, 'guardrails:sentinel:fusion-disabled',
        'the Fusion (advanced multistage attack detection) rule is switched off: multistage attacks across '
        + 'products are no longer correlated into incidents');
    }

    // --- Defender for Cloud's bi-directional alert sync
    this.defenderForCloudAlertSync = SentinelIncidentFlow.defenderForCloudAlertSyncFor({ defenderXdr: xdr, microsoftIncidentRules: rules });
    this.workspaceId = workspace.workspaceId;
    this.workspaceKey = workspace.key;
    this.node.addValidation({ validate: () => [...this.checkAlertSync(), ...this.checkSingleFlow()] });
  }

  private checkRules(rules: unknown, xdrOn: boolean): SentinelMicrosoftIncidentRule[] {
    if (rules === undefined) return [];
    if (!Array.isArray(rules) || rules.length > SENTINEL_ALERT_PRODUCTS.length) {
      invalid(this, 'microsoftIncidentRules', rules, `must be a list of at most ${SENTINEL_ALERT_PRODUCTS.length} rules, one per product`);
    }
    const seen = new Map<string, number>();
    return rules.map((rule: SentinelMicrosoftIncidentRule, i) => {
      const at = `microsoftIncidentRules[${i}]`;
      requireKnownKeys(this, at, rule, RULE_KEYS);
      if (!SENTINEL_ALERT_PRODUCTS.includes(rule.product)) invalid(this, `${at}.product`, rule.product, oneOf(SENTINEL_ALERT_PRODUCTS));
      if (seen.has(rule.product)) {
        invalid(this, `${at}.product`, rule.product,
          `already has a rule (microsoftIncidentRules[${seen.get(rule.product)}]): two rules for one product create two incidents per alert; merge them`);
      }
      seen.set(rule.product, i);
      if (xdrOn && SENTINEL_XDR_PRODUCTS.includes(rule.product)) {
        invalid(this, `${at}.product`, rule.product,
          `Defender XDR incident integration already creates the incidents for ${rule.product} alerts: a Microsoft incident creation rule for the same `
          + 'product would create a second incident for every alert (duplicate incidents; Microsoft switches these rules off when the Defender XDR '
          + `connector is enabled). Remove the rule, or set defenderXdr to false. Products outside Defender XDR: ${JSON.stringify(SENTINEL_ALERT_PRODUCTS.filter((p) => !SENTINEL_XDR_PRODUCTS.includes(p)))}`);
      }
      if (rule.minimumSeverity !== undefined && !SENTINEL_SEVERITIES.includes(rule.minimumSeverity)) {
        invalid(this, `${at}.minimumSeverity`, rule.minimumSeverity, oneOf(SENTINEL_SEVERITIES));
      }
      const alertNames = rule.alertNames !== undefined ? requireTextList(this, `${at}.alertNames`, rule.alertNames) : undefined;
      const excluded = rule.excludeAlertNames !== undefined ? requireTextList(this, `${at}.excludeAlertNames`, rule.excludeAlertNames) : undefined;
      const both = alertNames?.find((n) => excluded?.includes(n));
      if (both !== undefined) invalid(this, `${at}.excludeAlertNames`, both, 'is also in alertNames: a name cannot be both included and excluded');
      requireOptionalBoolean(this, `${at}.enabled`, rule.enabled);
      return { ...rule, alertNames, excludeAlertNames: excluded };
    });
  }

  /** One incident flow per workspace: two would deploy two Fusion rules and two sets of incident rules. */
  private checkSingleFlow(): string[] {
    return TerraformStack.of(this).node.findAll()
      .filter((c) => c !== this && c instanceof SentinelIncidentFlow && c.workspaceKey === this.workspaceKey)
      .map((c) => `${c.node.path} also manages the incident flow of this workspace: one SentinelIncidentFlow per workspace (one owner per alert source)`);
  }

  /** Every DefenderForCloud of this stack that manages the `Sentinel` setting must agree with the incident flow. */
  private checkAlertSync(): string[] {
    const errors: string[] = [];
    for (const c of TerraformStack.of(this).node.findAll()) {
      if (!DefenderForCloud.isDefenderForCloud(c)) continue;
      const setting = c.settings.Sentinel;
      const value = setting?.enabledInput;
      if (setting === undefined || value === undefined || Token.isUnresolved(value)) continue;
      if (value !== this.defenderForCloudAlertSync) {
        errors.push(`${(c as IConstruct).node.path}: integrations.sentinel is ${String(value)}, but ${this.node.path} needs Defender for Cloud's `
          + `bi-directional alert sync ${this.defenderForCloudAlertSync ? 'on (a Microsoft incident creation rule owns Defender for Cloud incidents)' : 'off'
          + (this.defenderXdr ? ' (Defender XDR owns Defender for Cloud incidents and syncs their status)' : ' (no incident is created from Defender for Cloud alerts)')}: `
          + `set integrations.sentinel to ${String(this.defenderForCloudAlertSync)}`);
      }
    }
    return errors;
  }
}
