import { DataAzurermSubscription } from '@cdktf/provider-azurerm/lib/data-azurerm-subscription';
import { ResourceGroupTemplateDeployment } from '@cdktf/provider-azurerm/lib/resource-group-template-deployment';
import { SecurityCenterServerVulnerabilityAssessmentsSetting } from '@cdktf/provider-azurerm/lib/security-center-server-vulnerability-assessments-setting';
import { SecurityCenterSetting } from '@cdktf/provider-azurerm/lib/security-center-setting';
import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { SecurityCenterWorkspace } from '@cdktf/provider-azurerm/lib/security-center-workspace';
import { SubscriptionTemplateDeployment } from '@cdktf/provider-azurerm/lib/subscription-template-deployment';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { warn } from '../core/annotations';
import { adoptExisting } from '../core/adopt';
import { ArmTemplate } from '../core/arm-template';
import { invalid, oneOf } from '../core/errors';
import { isToken, requireGuid, requireLocation, requireResourceId } from '../core/validate';
import {
  DefenderAwsConnectorProps, DefenderGcpConnectorProps, requireDefenderConnectorLocation, resolveDefenderAwsConnector,
  resolveDefenderGcpConnector, ResolvedDefenderConnector,
} from './connectors';
import { DefenderPlanName, DefenderPlansConfig, resolveDefenderPlans, ResolvedDefenderPlan } from './plans';
import { defenderSecurityContactTemplate, DefenderSecurityContactProps, resolveDefenderSecurityContact } from './security-contact';
import { TerraformLiterals } from '../core/terraform-literal';

/**
 * Defender for Cloud integrations (`azurerm_security_center_setting`). Each one left `undefined` keeps its secure
 * default; the settings are always managed so that a portal change shows up as drift.
 */
export interface DefenderIntegrationsProps {
  /** Defender for Endpoint integration for servers (`WDATP`). @default true */
  readonly endpoint?: boolean;
  /** Defender for Endpoint unified solution for Windows Server 2012 R2/2016 (`WDATP_UNIFIED_SOLUTION`); needs `endpoint`. @default true */
  readonly endpointUnifiedSolution?: boolean;
  /** Leave Linux servers out of the Defender for Endpoint integration (`WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW`). @default false (Linux included) */
  readonly endpointExcludeLinux?: boolean;
  /** Defender for Cloud Apps integration (`MCAS`). @default true */
  readonly cloudApps?: boolean;
  /**
   * Bi-directional alert synchronization with Microsoft Sentinel (`Sentinel`).
   * @default not managed (Sentinel onboarding decides)
   */
  readonly sentinel?: boolean;
}

/** Properties of {@link DefenderForCloud}. */
export interface DefenderForCloudProps {
  /**
   * Plans to enable (tier `Standard`), typed per plan.
   * @default the recommended set, see `DEFENDER_RECOMMENDED_PLANS`
   */
  readonly plans?: DefenderPlansConfig;
  /**
   * The security contact (e-mails, phone, severities, roles), deployed with the modern securityContacts API.
   * @default none (a warning is added: nobody outside the portal hears about alerts)
   */
  readonly securityContact?: DefenderSecurityContactProps;
  /**
   * Integrations with Defender for Endpoint, Defender for Cloud Apps and Sentinel.
   * @default Endpoint with unified solution and Linux on, Cloud Apps on, Sentinel not managed
   */
  readonly integrations?: DefenderIntegrationsProps;
  /**
   * Server vulnerability assessment with Defender vulnerability management (`MdeTvm`). Needs the VirtualMachines plan.
   * @default true when the VirtualMachines plan is enabled
   */
  readonly serverVulnerabilityAssessment?: boolean;
  /**
   * Log Analytics workspace resource id that Defender for Cloud uses for this subscription
   * (`azurerm_security_center_workspace`).
   * @default none (Defender for Cloud's default workspace)
   */
  readonly workspaceId?: string;
  /**
   * Subscription GUID: the scope of the workspace binding and of the integration settings' import ids.
   * @default read from the provider with the `azurerm_subscription` data source (the settings' import blocks then
   *   need Terraform 1.6 or later, which accepts expressions in an import id)
   */
  readonly subscriptionId?: string;
  /**
   * Region where subscription-level ARM deployments (the security contact) keep their metadata.
   * @default 'westeurope'
   */
  readonly deploymentLocation?: string;
  /**
   * AWS accounts to connect.
   * @default none
   */
  readonly awsConnectors?: readonly DefenderAwsConnectorProps[];
  /**
   * GCP projects to connect.
   * @default none
   */
  readonly gcpConnectors?: readonly DefenderGcpConnectorProps[];
  /**
   * Resource group that holds the security connectors (required with connectors).
   * @default none
   */
  readonly connectorsResourceGroupName?: string;
  /**
   * Region of the security connectors.
   * @default `deploymentLocation`
   */
  readonly connectorsLocation?: string;
  /**
   * azurerm provider (alias) of the subscription to configure.
   * @default the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

/** `azurerm_security_center_setting` names, by integration prop. */
const SETTING_NAMES = {
  endpoint: 'WDATP',
  endpointUnifiedSolution: 'WDATP_UNIFIED_SOLUTION',
  endpointExcludeLinux: 'WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW',
  cloudApps: 'MCAS',
  sentinel: 'Sentinel',
} as const;

const MARKER = Symbol.for('cdktf-azure-guardrails.DefenderForCloud');

/**
 * Extension properties Azure fills in when an extension is enabled without them, by extension name. azurerm stores
 * what Azure returns in an `extension` set, so an extension sent without these properties differs from its read-back
 * on every plan (a perpetual in-place update of the pricing). Sent explicitly, unless the caller set the property.
 */
const PRICING_EXTENSION_READBACK_DEFAULTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Agentless scanning (VirtualMachines P2, CloudPosture, Containers) comes back with an empty exclusion tag list.
  AgentlessVmScanning: { ExclusionTags: '[]' },
  // Malware scanning comes back with its result option and automated response (Azure's defaults: index tags, none).
  OnUploadMalwareScanning: { AutomatedResponse: 'None', BlobScanResultsOptions: 'BlobIndexTags' },
};

function pricingExtension(e: ResolvedDefenderPlan['extensions'][number]): { name: string; additionalExtensionProperties?: Record<string, string> } {
  const defaults = PRICING_EXTENSION_READBACK_DEFAULTS[e.name];
  const properties = defaults ? { ...defaults, ...e.additionalExtensionProperties } : e.additionalExtensionProperties;
  return { name: e.name, additionalExtensionProperties: properties };
}

/**
 * Microsoft Defender for Cloud for one subscription (the subscription of the azurerm provider used): plans,
 * security contact, integrations, server vulnerability assessment, workspace binding and multi-cloud connectors.
 *
 * - Every plan is tier `Standard` with an explicit sub-plan and the complete list of enabled extensions (azurerm
 *   sends any extension not listed as disabled).
 * - Pricing resources are chained with `depends_on`: Azure answers 409 Conflict to concurrent plan updates.
 * - The security contact and the connectors use Azure APIs azurerm lacks, deployed as ARM templates through
 *   azurerm's own template deployment resources.
 *
 * Construct ids (public API: changing one replaces the resource): `Plan<PlanName>`, `Setting<SETTING_NAME>`,
 * `ServerVulnerabilityAssessment`, `Workspace`, `SecurityContact`, `Connector-<name>`.
 */
export class DefenderForCloud extends Construct {
  /** The DefenderForCloud in the same TerraformStack as `scope`, if any (the first one found). */
  public static ofStack(scope: IConstruct): DefenderForCloud | undefined {
    const stack = TerraformStack.of(scope);
    for (const c of stack.node.findAll()) {
      if (DefenderForCloud.isDefenderForCloud(c)) return c;
    }
    return undefined;
  }

  /** True when `x` is a DefenderForCloud (also across copies of this package). */
  public static isDefenderForCloud(x: unknown): x is DefenderForCloud {
    return x !== null && typeof x === 'object' && MARKER in x;
  }

  /** The plans this construct enables, validated and in deployment order. */
  public readonly plans: readonly ResolvedDefenderPlan[];
  /** Pricing resources, keyed by plan name, in deployment order. */
  public readonly pricings: Readonly<Record<string, SecurityCenterSubscriptionPricing>>;
  /** Integration settings, keyed by setting name (`WDATP`, `MCAS`, ...). */
  public readonly settings: Readonly<Record<string, SecurityCenterSetting>>;
  /** The server vulnerability assessment setting, when managed. */
  public readonly serverVulnerabilityAssessment?: SecurityCenterServerVulnerabilityAssessmentsSetting;
  /** The workspace binding, when `workspaceId` is set. */
  public readonly workspace?: SecurityCenterWorkspace;
  /** The deployment of the security contact, when `securityContact` is set. */
  public readonly securityContact?: SubscriptionTemplateDeployment;
  /** The ARM template of the security contact, when `securityContact` is set. */
  public readonly securityContactTemplate?: ArmTemplate;
  /** Connector deployments, keyed by connector name. */
  public readonly connectors: Readonly<Record<string, ResourceGroupTemplateDeployment>>;
  /** The azurerm provider (alias) given, if any. */
  public readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: DefenderForCloudProps = {}) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    Object.defineProperty(this, MARKER, { value: true });
    const provider = props.provider;
    this.provider = provider;
    const twin = TerraformStack.of(this).node.findAll()
      .find((c): c is DefenderForCloud => c !== this && DefenderForCloud.isDefenderForCloud(c) && c.provider === provider);
    if (twin) {
      invalid(this, 'provider', provider ? provider.node.path : 'the default azurerm provider',
        `${twin.node.path} already configures Defender for Cloud for this provider's subscription (two would fight over the same plans): use one DefenderForCloud per subscription, or give each its own provider`);
    }

    // --- validation first: nothing is created from a bad input
    this.plans = resolveDefenderPlans(this, 'plans', props.plans);
    const contact = props.securityContact !== undefined
      ? resolveDefenderSecurityContact(this, 'securityContact', props.securityContact) : undefined;
    const deploymentLocation = requireLocation(this, 'deploymentLocation', props.deploymentLocation ?? 'westeurope');
    const integrations = this.resolveIntegrations(props.integrations);
    const vmPlan = this.planFor('VirtualMachines');
    if (props.serverVulnerabilityAssessment !== undefined && typeof props.serverVulnerabilityAssessment !== 'boolean') {
      invalid(this, 'serverVulnerabilityAssessment', props.serverVulnerabilityAssessment, 'must be true or false');
    }
    if (props.serverVulnerabilityAssessment === true && !vmPlan) {
      invalid(this, 'serverVulnerabilityAssessment', true,
        'needs the VirtualMachines plan (Defender for Servers): enable it in plans, or leave serverVulnerabilityAssessment out');
    }
    if (props.workspaceId !== undefined) requireResourceId(this, 'workspaceId', props.workspaceId, 'Microsoft.OperationalInsights/workspaces');
    if (props.subscriptionId !== undefined) requireGuid(this, 'subscriptionId', props.subscriptionId);
    const connectors = this.resolveConnectors(props, deploymentLocation);

    // --- plans, serialized
    const pricings: Record<string, SecurityCenterSubscriptionPricing> = {};
    let previous: SecurityCenterSubscriptionPricing | undefined;
    for (const plan of this.plans) {
      const pricing = new SecurityCenterSubscriptionPricing(this, `Plan${plan.plan}`, {
        provider,
        resourceType: plan.plan,
        tier: 'Standard',
        subplan: plan.subPlan,
        extension: plan.extensions.length > 0 ? plan.extensions.map(pricingExtension) : undefined,
        dependsOn: previous ? [previous] : undefined,
        // `subplan` is ForceNew and read back as Azure returns it (azurerm v4.55.0
        // security_center_subscription_pricing_resource.go: not Computed, `d.Set("subplan", properties.SubPlan)`),
        // and a replacement deletes the pricing first, which sets the plan to Free. A plan configured without a
        // sub-plan therefore ignores one Azure may report: Azure's REST examples return none for SqlServers,
        // SqlServerVirtualMachines, Containers and CloudPosture, azurerm's acceptance tests (plan empty after apply)
        // show none for AppServices, CosmosDbs and CloudPosture, and nothing offline says what AI and
        // OpenSourceRelationalDatabases return (see README). Plans with a sub-plan keep it managed.
        lifecycle: plan.subPlan === undefined ? { ignoreChanges: ['subplan'] } : undefined,
      });
      pricings[plan.plan] = pricing;
      previous = pricing;
    }
    this.pricings = pricings;
    const afterPlans = previous ? [previous] : undefined;

    // --- integrations
    // Every subscription already has these settings (WDATP and MCAS are on by default), and azurerm 4.55 refuses to
    // create a setting that is enabled ("already exists - needs to be imported"): each one is adopted with an import
    // block. Once in state, the import block is a no-op.
    const subscriptionScope = props.subscriptionId !== undefined
      ? `/subscriptions/${props.subscriptionId}`
      : new DataAzurermSubscription(this, 'Subscription', { provider }).id;
    const settings: Record<string, SecurityCenterSetting> = {};
    for (const [name, enabled] of integrations) {
      const setting = new SecurityCenterSetting(this, `Setting${name}`, { provider, settingName: name, enabled, dependsOn: afterPlans });
      adoptExisting(setting, `${subscriptionScope}/providers/Microsoft.Security/settings/${name}`, provider);
      settings[name] = setting;
    }
    this.settings = settings;

    if (vmPlan && props.serverVulnerabilityAssessment !== false) {
      this.serverVulnerabilityAssessment = new SecurityCenterServerVulnerabilityAssessmentsSetting(this, 'ServerVulnerabilityAssessment', {
        provider,
        vulnerabilityAssessmentProvider: 'MdeTvm',
        dependsOn: [pricings.VirtualMachines],
      });
    }
    if (vmPlan && vmPlan.subPlan !== 'P2') {
      warn(this, 'guardrails:defender:servers-sub-plan-without-p2-features',
        `Defender for Servers uses sub-plan "${vmPlan.subPlan}": just-in-time VM access, agentless scanning, file integrity monitoring and Defender for DNS need "P2".`);
    }

    // --- workspace
    if (props.workspaceId !== undefined) {
      this.workspace = new SecurityCenterWorkspace(this, 'Workspace', {
        provider,
        scope: subscriptionScope,
        workspaceId: props.workspaceId,
        dependsOn: afterPlans,
      });
    }

    // --- security contact (modern API through an ARM template)
    if (contact) {
      this.securityContactTemplate = defenderSecurityContactTemplate(contact);
      this.securityContact = new SubscriptionTemplateDeployment(this, 'SecurityContact', {
        provider,
        name: 'guardrails-defender-security-contact',
        location: deploymentLocation,
        templateContent: this.securityContactTemplate.render(),
      });
    } else {
      warn(this, 'guardrails:defender:no-security-contact',
        'No securityContact: Defender for Cloud alerts and attack paths are not e-mailed to anyone. Set securityContact.emails.');
    }

    // --- multi-cloud connectors
    const deployments: Record<string, ResourceGroupTemplateDeployment> = {};
    for (const c of connectors) {
      deployments[c.name] = new ResourceGroupTemplateDeployment(this, `Connector-${c.name}`, {
        provider,
        name: `guardrails-defender-connector-${c.name}`.slice(0, 64),
        resourceGroupName: props.connectorsResourceGroupName!,
        deploymentMode: 'Incremental',
        templateContent: c.template.render(),
        dependsOn: afterPlans,
      });
    }
    this.connectors = deployments;
  }

  /** The resolved settings of a plan; undefined when this construct does not enable it. */
  public planFor(plan: DefenderPlanName): ResolvedDefenderPlan | undefined {
    return this.plans.find((p) => p.plan === plan);
  }

  private resolveIntegrations(props: DefenderIntegrationsProps | undefined): [string, boolean][] {
    const given = props ?? {};
    if (given === null || typeof given !== 'object') invalid(this, 'integrations', given, 'must be an object of booleans');
    const keys = Object.keys(SETTING_NAMES);
    for (const [key, value] of Object.entries(given)) {
      if (!keys.includes(key)) invalid(this, `integrations.${key}`, value, `unknown integration: ${oneOf(keys)}`);
      if (value !== undefined && typeof value !== 'boolean') invalid(this, `integrations.${key}`, value, 'must be true or false');
    }
    const endpoint = given.endpoint ?? true;
    const unified = given.endpointUnifiedSolution ?? endpoint;
    if (unified && !endpoint) {
      invalid(this, 'integrations.endpointUnifiedSolution', true, 'the unified solution is part of the Defender for Endpoint integration: set endpoint to true, or endpointUnifiedSolution to false');
    }
    const out: [string, boolean][] = [
      [SETTING_NAMES.endpoint, endpoint],
      [SETTING_NAMES.endpointUnifiedSolution, unified],
      [SETTING_NAMES.endpointExcludeLinux, given.endpointExcludeLinux ?? false],
      [SETTING_NAMES.cloudApps, given.cloudApps ?? true],
    ];
    if (given.sentinel !== undefined) out.push([SETTING_NAMES.sentinel, given.sentinel]);
    if (!endpoint) {
      warn(this, 'guardrails:defender:endpoint-integration-off', 'integrations.endpoint is false: servers get no Defender for Endpoint (EDR, vulnerability management).');
    }
    return out;
  }

  private resolveConnectors(props: DefenderForCloudProps, deploymentLocation: string): ResolvedDefenderConnector[] {
    const aws = props.awsConnectors ?? [];
    const gcp = props.gcpConnectors ?? [];
    if (!Array.isArray(aws)) invalid(this, 'awsConnectors', aws, 'must be a list of AWS connectors');
    if (!Array.isArray(gcp)) invalid(this, 'gcpConnectors', gcp, 'must be a list of GCP connectors');
    if (aws.length + gcp.length === 0) {
      if (props.connectorsResourceGroupName !== undefined || props.connectorsLocation !== undefined) {
        invalid(this, props.connectorsResourceGroupName !== undefined ? 'connectorsResourceGroupName' : 'connectorsLocation',
          props.connectorsResourceGroupName ?? props.connectorsLocation, 'only applies with awsConnectors or gcpConnectors');
      }
      return [];
    }
    const rg = props.connectorsResourceGroupName;
    if (typeof rg !== 'string' || !(isToken(rg) || /^[-\w.()]{1,89}[-\w()]$|^[-\w()]$/.test(rg))) {
      invalid(this, 'connectorsResourceGroupName', rg,
        'connectors live in a resource group: give its name (1 to 90 letters, digits, "-", "_", ".", "(", ")", not ending in ".")');
    }
    const location = requireDefenderConnectorLocation(this, 'connectorsLocation', props.connectorsLocation ?? deploymentLocation);
    const resolved = [
      ...aws.map((c, i) => resolveDefenderAwsConnector(this, `awsConnectors[${i}]`, c, location)),
      ...gcp.map((c, i) => resolveDefenderGcpConnector(this, `gcpConnectors[${i}]`, c, location)),
    ];
    const names = new Map<string, number>();
    const ids = new Map<string, number>();
    resolved.forEach((c, i) => {
      const at = i < aws.length ? `awsConnectors[${i}]` : `gcpConnectors[${i - aws.length}]`;
      if (names.has(c.name.toLowerCase())) invalid(this, `${at}.name`, c.name, 'duplicate connector name: give each connector its own name');
      names.set(c.name.toLowerCase(), i);
      const id = `${c.cloud}:${c.hierarchyIdentifier}`;
      if (ids.has(id)) {
        invalid(this, at, c.hierarchyIdentifier, `duplicate ${c.cloud === 'AWS' ? 'AWS account' : 'GCP project'}: a cloud account is connected once; merge the offerings into one connector`);
      }
      ids.set(id, i);
    });
    return resolved;
  }
}
