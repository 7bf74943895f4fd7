import { LogAnalyticsSavedSearch } from '@cdktf/provider-azurerm/lib/log-analytics-saved-search';
import { ResourceGroupTemplateDeployment } from '@cdktf/provider-azurerm/lib/resource-group-template-deployment';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { warn } from '../core/annotations';
import { ArmTemplate } from '../core/arm-template';
import { invalid } from '../core/errors';
import { isToken, parseManagementGroupId, requireIntegerInRange, requireResourceId, requireTags } from '../core/validate';
import { DefenderPlansConfig } from '../defender/plans';
import { defenderBaseline } from './baseline';
import { requireKnownKeys, requireText } from './common';
import { KqlLiteral, renderKql } from './kql';
import { TerraformLiterals } from '../core/terraform-literal';

/** The kit's Azure Resource Graph shared queries. */
export type SentinelResourceGraphQueryName =
  /** Open (Active or In progress) Defender for Cloud alerts of high and medium severity, most severe first. */
  | 'defenderAlertsBySeverity'
  /** Virtual machines with a public IP address on a network interface. */
  | 'internetExposedVms'
  /** Subscriptions outside the managed management group. */
  | 'subscriptionsOutsideManagementGroup'
  /** Defender for Cloud plans below the kit's baseline, per subscription. */
  | 'defenderPlansBelowBaseline';

/** The kit's Log Analytics saved searches. */
export type SentinelSavedSearchName =
  /** Open Defender for Cloud alerts of high and medium severity in the workspace. */
  | 'defenderAlertsBySeverity'
  /** Open Sentinel incidents, most severe and oldest first. */
  | 'openIncidentsBySeverity'
  /** Alerts that belong to more than one incident (two incident owners for one source). */
  | 'alertsInSeveralIncidents';

/** A query the kit ships: its KQL file and how it is listed. */
export interface SentinelQuerySpec {
  /** The `.kql` file under `lib/sentinel/kql/`. */
  readonly file: string;
  /** Name of the shared query or saved search (and its display name). */
  readonly title: string;
  /** What it answers. */
  readonly description: string;
}

/** The Resource Graph shared queries (`Microsoft.ResourceGraph/queries`). */
export const SENTINEL_RESOURCE_GRAPH_QUERIES: { readonly [K in SentinelResourceGraphQueryName]: SentinelQuerySpec } = {
  defenderAlertsBySeverity: {
    file: 'arg-defender-alerts-by-severity.kql',
    title: 'Guardrails - Active Defender for Cloud alerts by severity',
    description: 'Open Defender for Cloud alerts (Active or In progress) of high and medium severity, most severe first, then newest first.',
  },
  internetExposedVms: {
    file: 'arg-internet-exposed-vms.kql',
    title: 'Guardrails - Internet-exposed virtual machines',
    description: 'Virtual machines with a public IP address on a network interface, with the address and the interface NSG.',
  },
  subscriptionsOutsideManagementGroup: {
    file: 'arg-subscriptions-outside-management-group.kql',
    title: 'Guardrails - Subscriptions outside the managed management group',
    description: 'Subscriptions no guardrail assignment reaches: new or connected subscriptions outside the managed management group.',
  },
  defenderPlansBelowBaseline: {
    file: 'arg-defender-plans-below-baseline.kql',
    title: 'Guardrails - Defender plans below the baseline',
    description: 'Defender for Cloud plans of the baseline that are Free, on another sub-plan, or missing an extension, per subscription.',
  },
};

/** The Log Analytics saved searches (`azurerm_log_analytics_saved_search`). */
export const SENTINEL_SAVED_SEARCHES: { readonly [K in SentinelSavedSearchName]: SentinelQuerySpec } = {
  defenderAlertsBySeverity: {
    file: 'la-defender-alerts-by-severity.kql',
    title: 'Open Defender for Cloud alerts by severity',
    description: 'Open Defender for Cloud alerts of high and medium severity, most severe first.',
  },
  openIncidentsBySeverity: {
    file: 'la-open-incidents-by-severity.kql',
    title: 'Open incidents by severity',
    description: 'Open Microsoft Sentinel incidents, most severe and oldest first, with owner and alert products.',
  },
  alertsInSeveralIncidents: {
    file: 'la-alerts-in-several-incidents.kql',
    title: 'Alerts in more than one incident',
    description: 'Alerts that belong to several incidents: two incident owners for one alert source.',
  },
};

const ARG_NAMES = Object.keys(SENTINEL_RESOURCE_GRAPH_QUERIES) as SentinelResourceGraphQueryName[];
const SAVED_NAMES = Object.keys(SENTINEL_SAVED_SEARCHES) as SentinelSavedSearchName[];

/** API version of `Microsoft.ResourceGraph/queries` (learn.microsoft.com/azure/templates/microsoft.resourcegraph/queries). */
export const RESOURCE_GRAPH_QUERIES_API_VERSION = '2024-04-01';

/** Props of {@link SentinelSharedQueries}. */
export interface SentinelSharedQueriesProps {
  /**
   * Existing resource group that holds the Resource Graph shared queries (readers need Reader on it to see them).
   */
  readonly resourceGroupName: string;
  /**
   * The workspace of the saved searches: a `SiemDestination`, or `{ workspaceId }`.
   * @default - no saved searches
   */
  readonly workspace?: { readonly workspaceId?: string };
  /**
   * The management group the guardrails are assigned at (`/providers/Microsoft.Management/managementGroups/<name>`):
   * `subscriptionsOutsideManagementGroup` lists the subscriptions outside it.
   * @default - that query is not deployed (with a warning)
   */
  readonly managedManagementGroupId?: string;
  /**
   * The Defender for Cloud plans `defenderPlansBelowBaseline` compares against, in the `DefenderForCloud` format.
   * @default the recommended plan set (what DefenderForCloud deploys by default)
   */
  readonly defenderPlanBaseline?: DefenderPlansConfig;
  /**
   * Which Resource Graph queries to deploy (`false` leaves one out).
   * @default all of SENTINEL_RESOURCE_GRAPH_QUERIES
   */
  readonly resourceGraphQueries?: { readonly [K in SentinelResourceGraphQueryName]?: boolean };
  /**
   * Which saved searches to deploy (`false` leaves one out); needs `workspace`.
   * @default all of SENTINEL_SAVED_SEARCHES when a workspace is given
   */
  readonly savedSearches?: { readonly [K in SentinelSavedSearchName]?: boolean };
  /**
   * How many days back the saved searches look (1-730).
   * @default 30
   */
  readonly savedSearchLookbackDays?: number;
  /**
   * Category the saved searches are listed under.
   * @default 'Guardrails'
   */
  readonly savedSearchCategory?: string;
  /**
   * Tags of the shared queries and saved searches.
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * azurerm provider (alias) of the subscription that holds the resource group and the workspace.
   * @default the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

const PROPS = [
  'resourceGroupName', 'workspace', 'managedManagementGroupId', 'defenderPlanBaseline', 'resourceGraphQueries', 'savedSearches',
  'savedSearchLookbackDays', 'savedSearchCategory', 'tags', 'provider',
] as const;
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;

/**
 * The queries a security team starts from, deployed where they look for them:
 * - Azure Resource Graph shared queries (`Microsoft.ResourceGraph/queries`, which azurerm 4.55 has no resource for:
 *   one `azurerm_resource_group_template_deployment` holds them, typed by the kit's ARM template builder) for the
 *   whole estate: active Defender for Cloud alerts by severity, internet-exposed VMs, subscriptions outside the
 *   managed management group, Defender plans below the baseline.
 * - Log Analytics saved searches (`azurerm_log_analytics_saved_search`) in the SIEM workspace: open Defender for
 *   Cloud alerts, open incidents, alerts in more than one incident.
 *
 * Every query is a `.kql` file shipped in the package. Construct ids (public API): `ResourceGraphQueries`,
 * `SavedSearch-<name>`.
 */
export class SentinelSharedQueries extends Construct {
  /** The deployment holding the Resource Graph shared queries (undefined when none is deployed). */
  public readonly resourceGraphDeployment?: ResourceGroupTemplateDeployment;
  /** The ARM template of the Resource Graph shared queries. */
  public readonly resourceGraphTemplate?: ArmTemplate;
  /** The rendered Resource Graph queries, by name. */
  public readonly resourceGraphQueries: { readonly [K in SentinelResourceGraphQueryName]?: string };
  /** The saved searches, by name. */
  public readonly savedSearches: { readonly [K in SentinelSavedSearchName]?: LogAnalyticsSavedSearch };
  /** Where this construct writes fixed names: the deployment's resource group and the saved searches' workspace. */
  private readonly targets: { readonly resourceGroup?: string; readonly workspace?: string; readonly provider?: TerraformProvider };

  constructor(scope: Construct, id: string, props: SentinelSharedQueriesProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    requireKnownKeys(this, 'props', props, PROPS);
    const rg = props.resourceGroupName;
    if (typeof rg !== 'string' || !(isToken(rg) || RESOURCE_GROUP.test(rg))) {
      invalid(this, 'resourceGroupName', rg, 'must name an existing resource group (1-90 letters, digits, "-", "_", ".", "(", ")", not ending in ".")');
    }
    const argChoice = props.resourceGraphQueries ?? {};
    requireKnownKeys(this, 'resourceGraphQueries', argChoice, ARG_NAMES);
    const savedChoice = props.savedSearches ?? {};
    requireKnownKeys(this, 'savedSearches', savedChoice, SAVED_NAMES);
    for (const [prop, choice] of [['resourceGraphQueries', argChoice], ['savedSearches', savedChoice]] as const) {
      for (const [k, v] of Object.entries(choice)) if (typeof v !== 'boolean') invalid(this, `${prop}.${k}`, v, 'must be true or false');
    }
    let managementGroupName: string | undefined;
    if (props.managedManagementGroupId !== undefined) {
      managementGroupName = parseManagementGroupId(props.managedManagementGroupId);
      if (managementGroupName === undefined) {
        invalid(this, 'managedManagementGroupId', props.managedManagementGroupId,
          'must be a management group id "/providers/Microsoft.Management/managementGroups/<name>" (1-90 letters, digits, "-", "_", "(", ")", ".")');
      }
    }
    const lookbackDays = requireIntegerInRange(this, 'savedSearchLookbackDays', props.savedSearchLookbackDays ?? 30, 1, 730);
    const category = requireText(this, 'savedSearchCategory', props.savedSearchCategory ?? 'Guardrails', 128);
    const tags = requireTags(this, 'tags', props.tags);
    // In the template, a tag that reads as an ARM expression (listKeys() into a tag) is written "[[" by ArmTemplate;
    // the template text is escaped for Terraform where it is written, like every string.
    for (const [k, v] of Object.entries(props.tags ?? {})) {
      if (isToken(v)) invalid(this, `tags.${k}`, v, 'must be a literal: the tags are written into the shared queries\' ARM template');
    }
    const templateTags = props.tags;

    // --- Resource Graph shared queries
    const queries: { [K in SentinelResourceGraphQueryName]?: string } = {};
    for (const name of ARG_NAMES) {
      if (argChoice[name] === false) continue;
      const spec = SENTINEL_RESOURCE_GRAPH_QUERIES[name];
      let parameters: Record<string, KqlLiteral> = {};
      if (name === 'subscriptionsOutsideManagementGroup') {
        if (managementGroupName === undefined) {
          if (argChoice[name] === true) {
            invalid(this, 'managedManagementGroupId', undefined, 'is required by resourceGraphQueries.subscriptionsOutsideManagementGroup: give the management group the guardrails are assigned at');
          }
          warn(this, 'guardrails:sentinel:subscriptions-query-off',
            'subscriptionsOutsideManagementGroup is not deployed: set managedManagementGroupId to list subscriptions no guardrail reaches');
          continue;
        }
        parameters = { managementGroupName: KqlLiteral.string(managementGroupName) };
      } else if (name === 'defenderPlansBelowBaseline') {
        parameters = { baseline: KqlLiteral.dynamic(defenderBaseline(this, 'defenderPlanBaseline', props.defenderPlanBaseline)) };
      }
      queries[name] = renderKql(spec.file, parameters);
    }
    this.resourceGraphQueries = queries;
    const deployed = ARG_NAMES.filter((n) => queries[n] !== undefined);
    if (deployed.length > 0) {
      const template = new ArmTemplate('resourceGroup');
      for (const name of deployed) {
        const spec = SENTINEL_RESOURCE_GRAPH_QUERIES[name];
        template.addResource({
          type: 'Microsoft.ResourceGraph/queries',
          apiVersion: RESOURCE_GRAPH_QUERIES_API_VERSION,
          name: spec.title,
          location: 'global',
          properties: { description: spec.description, query: queries[name]! },
          tags: templateTags,
        });
      }
      this.resourceGraphTemplate = template;
      this.resourceGraphDeployment = new ResourceGroupTemplateDeployment(this, 'ResourceGraphQueries', {
        provider: props.provider,
        name: 'guardrails-resource-graph-queries',
        resourceGroupName: rg,
        deploymentMode: 'Incremental',
        templateContent: template.render(),
        tags,
      });
    }

    // --- saved searches
    const searches: { [K in SentinelSavedSearchName]?: LogAnalyticsSavedSearch } = {};
    const wanted = SAVED_NAMES.filter((n) => savedChoice[n] !== false);
    const explicit = SAVED_NAMES.filter((n) => savedChoice[n] === true);
    if (props.workspace === undefined || props.workspace === null) {
      if (explicit.length > 0) invalid(this, `savedSearches.${explicit[0]}`, true, 'needs workspace: saved searches live in a Log Analytics workspace');
    } else {
      const workspaceId = props.workspace.workspaceId;
      if (typeof workspaceId !== 'string') invalid(this, 'workspace', props.workspace, 'must have a Log Analytics workspace (workspaceId): saved searches live in one');
      requireResourceId(this, 'workspace.workspaceId', workspaceId, 'Microsoft.OperationalInsights/workspaces');
      for (const name of wanted) {
        const spec = SENTINEL_SAVED_SEARCHES[name];
        searches[name] = new LogAnalyticsSavedSearch(this, `SavedSearch-${name}`, {
          provider: props.provider,
          name: `guardrails-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
          logAnalyticsWorkspaceId: workspaceId,
          category,
          displayName: spec.title,
          query: renderKql(spec.file, { lookback: KqlLiteral.seconds(lookbackDays * 86400) }),
          tags,
        });
      }
    }
    this.savedSearches = searches;

    // The deployment and the saved searches have fixed names: a second construct writing to the same resource group or
    // workspace would overwrite the first one's deployment (and its queries) or fail on the saved searches.
    const key = (v: string) => (isToken(v) ? v : v.toLowerCase());
    this.targets = {
      resourceGroup: this.resourceGraphDeployment ? key(rg) : undefined,
      workspace: Object.keys(searches).length > 0 ? key(props.workspace!.workspaceId!) : undefined,
      provider: props.provider,
    };
    this.node.addValidation({
      validate: () => TerraformStack.of(this).node.findAll()
        .filter((c): c is SentinelSharedQueries => c !== this && c instanceof SentinelSharedQueries && c.targets.provider === this.targets.provider)
        .flatMap((c) => [
          ...(this.targets.resourceGroup !== undefined && c.targets.resourceGroup === this.targets.resourceGroup
            ? [`${c.node.path} also deploys the shared queries (deployment guardrails-resource-graph-queries) to resource group ${rg}: one SentinelSharedQueries per resource group`] : []),
          ...(this.targets.workspace !== undefined && c.targets.workspace === this.targets.workspace
            ? [`${c.node.path} also writes the guardrails saved searches to this workspace: one SentinelSharedQueries per workspace, or savedSearches off in one`] : []),
        ]),
    });
  }
}
