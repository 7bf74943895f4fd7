import { Construct } from 'constructs';
import { warn } from '../core/annotations';
import { invalid } from '../core/errors';
import { eventHubNamespaceIdOf, parseEventHubId } from '../core/event-hub-ids';
import { isAnywhere, isToken, parseResourceId, requireLocation, requireOneOf, stableHash } from '../core/validate';
import { DefenderForCloud, DefenderPlansConfig, DEFENDER_PLAN_NAMES, ResolvedDefenderPlan, resolveDefenderPlans } from '../defender';
import { DefenderSecurityContactProps, resolveDefenderSecurityContact } from '../defender/security-contact';
import { DEFAULT_DEFENDER_PLANS_EFFECT, defenderPlanParameters } from './defender-parameters';
import { KitPolicyAssignment, KitPolicyExemptionConfig, KitPolicyIdentityConfig, KitPolicyLinkedRoles, KitPolicyRemediationOptions } from '../policy/assignment';
import { KitPolicyInitiative } from '../policy/initiative';
import { KIT_ROLES } from '../policy/roles';
import { lookup } from '../policy/parameters';
import { KitPolicyScope } from '../policy/scope';
import { SiemDestinationIds } from '../siem/common';
import { TerraformLiterals } from '../core/terraform-literal';

/** Settings every area shares. */
export interface AutoOnboardingAreaOptions {
  /**
   * Assign this area's initiative.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Message shown when a resource is denied or non-compliant.
   * @default - a message naming the area and what to do
   */
  readonly nonComplianceMessage?: string;
  /**
   * Time-boxed exemptions from this area's assignment.
   * @default - none
   */
  readonly exemptions?: KitPolicyExemptionConfig[];
  /**
   * Scopes under the management group that this area's assignment leaves alone, on top of the top-level
   * `notScopes`: for example subscriptions whose Defender plans or log settings a Terraform stack already owns
   * (one owner per setting: a policy that deploys a diagnostic setting or a plan a stack also creates makes one of
   * them fail on "already exists").
   * @default - only the top-level notScopes
   */
  readonly notScopes?: string[];
}

/** Defender for Cloud onboarding of every subscription (initiative `defender-onboarding`). */
export interface AutoOnboardingDefenderOptions extends AutoOnboardingAreaOptions {
  /**
   * Plans, sub-plans and extensions: the same typed configuration as `DefenderForCloud`. Plans left out are not
   * managed by policy (the policy never turns a plan off).
   * @default - the recommended plans
   */
  readonly plans?: DefenderPlansConfig;
  /**
   * `DeployIfNotExists` enables the plans; `AuditIfNotExists` only reports subscriptions that differ.
   * @default 'DeployIfNotExists'
   */
  readonly plansEffect?: 'DeployIfNotExists' | 'AuditIfNotExists';
  /**
   * Defender for Endpoint integration (WDATP, unified solution, Linux).
   * @default true
   */
  readonly mdeIntegration?: boolean;
  /**
   * Vulnerability assessment on machines.
   * @default true
   */
  readonly vulnerabilityAssessment?: boolean;
  /**
   * Vulnerability assessment provider: `mdeTvm` (Defender Vulnerability Management) or `default`.
   * @default 'mdeTvm'
   */
  readonly vulnerabilityAssessmentProvider?: 'mdeTvm' | 'default';
  /**
   * Security contact deployed on every subscription (same settings as the Defender construct's contact).
   * @default - none: the contacts member is disabled and a warning says that alerts reach nobody
   */
  readonly securityContact?: DefenderSecurityContactProps;
  /**
   * Defender for Endpoint on Azure Arc machines (multi-cloud and on-premises servers).
   * @default true
   */
  readonly arcMachines?: boolean;
}

/** Activity logs, resource logs and continuous export to the SIEM (initiatives `siem-forwarding*`). */
export interface AutoOnboardingSiemOptions extends AutoOnboardingAreaOptions {
  /**
   * Where logs go: a `SiemDestination`, or its ids (`SiemDestination.idsFor(...)` in another stack). A workspace
   * assigns `siem-forwarding-log-analytics`, an Event Hub assigns `siem-forwarding` (both when both are set).
   * Continuous export to an Event Hub needs the hub-level Send rule (`eventHubExportAuthorizationRuleId`).
   */
  readonly destination: SiemDestinationIds;
  /**
   * Subscription activity log.
   * @default true
   */
  readonly activityLog?: boolean;
  /**
   * Resource logs (diagnostic settings) of every supported resource type.
   * @default true
   */
  readonly resourceLogs?: boolean;
  /**
   * Category group of the resource logs.
   * @default 'audit'
   */
  readonly resourceLogsCategoryGroup?: 'audit' | 'allLogs';
  /**
   * Region of the Event Hub: Azure sends resource logs to an Event Hub in the resource's own region only.
   * @default - the `location` prop
   */
  readonly eventHubLocation?: string;
  /**
   * Resource group (created per subscription) that holds the continuous export automation.
   * @default 'rg-guardrails-export'
   */
  readonly continuousExportResourceGroupName?: string;
}

/** Management ports, JIT and Bastion (initiative `network-access-guardrails`). */
export interface AutoOnboardingNetworkAccessOptions extends AutoOnboardingAreaOptions {
  /**
   * `Deny` blocks NSG rules that open management ports to the internet.
   * @default 'Deny'
   */
  readonly managementPortsEffect?: 'Deny' | 'Audit' | 'Disabled';
  /**
   * Management ports (also the ports JIT controls).
   * @default ['22', '3389']
   */
  readonly managementPorts?: string[];
  /**
   * Deploy a JIT policy for every VM that has none, and audit VMs without one. JIT needs Defender for Servers P2.
   * @default true
   */
  readonly jit?: boolean;
  /**
   * Protocol of the JIT ports.
   * @default '*'
   */
  readonly jitProtocol?: '*' | 'TCP' | 'UDP';
  /**
   * Widest source a JIT request may open a port to (`*` = the requester's own address at request time).
   * @default '*'
   */
  readonly jitAllowedSourceAddressPrefix?: string;
  /**
   * Longest time a JIT request keeps a port open.
   * @default 'PT3H'
   */
  readonly jitMaxRequestAccessDuration?: 'PT1H' | 'PT2H' | 'PT3H' | 'PT4H' | 'PT5H' | 'PT6H' | 'PT8H' | 'PT12H' | 'PT24H';
  /**
   * Bastion shareable links.
   * @default 'Deny'
   */
  readonly bastionShareableLinksEffect?: 'Deny' | 'Audit' | 'Disabled';
}

/** Container registry hardening and AKS image provenance (initiative `registry-guardrails`). */
export interface AutoOnboardingRegistryOptions extends AutoOnboardingAreaOptions {
  /** Quarantine policy enabled. @default 'Audit' (quarantine is a preview feature) */
  readonly quarantinePolicyEffect?: 'Deny' | 'Audit' | 'Disabled';
  /** Admin user disabled. @default 'Deny' */
  readonly adminUserEffect?: 'Deny' | 'Audit' | 'Disabled';
  /** Anonymous pull disabled. @default 'Deny' */
  readonly anonymousPullEffect?: 'Deny' | 'Audit' | 'Disabled';
  /** Public network access disabled. @default 'Audit' */
  readonly publicNetworkAccessEffect?: 'Deny' | 'Audit' | 'Disabled';
  /**
   * Export disabled. `Deny` blocks the kit's own quarantine registry (a {@link QuarantinedContainerRegistry} in
   * `twoRegistries` mode keeps export on: promotion imports from it), so it needs `exportRequiredRegistryIds`.
   * @default 'Audit'
   */
  readonly exportEffect?: 'Deny' | 'Audit' | 'Disabled';
  /**
   * Resource ids of the registries that need export on by design (the quarantine registries of
   * `QuarantinedContainerRegistry` in `twoRegistries` mode, `QuarantinedContainerRegistry.policyExemptionIds`). Each
   * gets an exemption (`Mitigated`, no expiry) from `acr-export-disabled` only. Required with `exportEffect: 'Deny'`
   * (`[]` states there is none).
   * @default - none
   */
  readonly exportRequiredRegistryIds?: string[];
  /**
   * Resource ids of the registries that have quarantine off by design (the trusted registries of
   * `QuarantinedContainerRegistry` in `twoRegistries` mode: they receive scanned images only). Each gets an exemption
   * from `acr-quarantine-policy-enabled` only. Required with `quarantinePolicyEffect: 'Deny'` (`[]` states there is none).
   * @default - none
   */
  readonly quarantineOffRegistryIds?: string[];
  /**
   * Images AKS clusters may run, as a regular expression, for example `^contosotrusted\.azurecr\.io/.+$`.
   * @default - none: the AKS allowed-images member is disabled, with a warning
   */
  readonly allowedContainerImagesRegex?: string;
  /** Effect of the AKS allowed-images member when a regex is given. @default 'Deny' */
  readonly allowedImagesEffect?: 'Deny' | 'Audit';
}

/** Props of {@link AutoOnboarding}. */
export interface AutoOnboardingProps {
  /**
   * Management group whose subscriptions (present and future) are onboarded:
   * `/providers/Microsoft.Management/managementGroups/<name>` (or {@link KitPolicyScope.managementGroup}).
   */
  readonly managementGroupId: string | KitPolicyScope;
  /** Region (ARM form) of the assignments' identities and of the deployments' records, such as `westeurope`. */
  readonly location: string;
  /**
   * Where the definitions and initiatives are created (this management group or one above it).
   * @default - managementGroupId
   */
  readonly definitionScope?: string | KitPolicyScope;
  /**
   * `Default` enforces; `DoNotEnforce` only reports (deny does not block, nothing deploys on its own).
   * @default 'Default'
   */
  readonly enforcementMode?: 'Default' | 'DoNotEnforce';
  /**
   * Child scopes excluded from every assignment.
   * @default - none
   */
  readonly notScopes?: string[];
  /**
   * Identity of every deploying assignment; a user-assigned identity shared by all of them needs fewer role
   * assignments.
   * @default - one system-assigned identity per assignment
   */
  readonly identity?: KitPolicyIdentityConfig;
  /**
   * Remediation tasks for resources that already exist: one per deploying member in each subscription of
   * `remediation.subscriptionIds`, at subscription scope, re-evaluating compliance first (see
   * `KitPolicyRemediationOptions`: a management-group remediation would find nothing on a fresh assignment).
   * @default - none, with a warning: list the subscriptions under the management group in `subscriptionIds`
   */
  readonly remediation?: KitPolicyRemediationOptions;
  /**
   * Prefix of the assignment names (names are at most 24 characters at a management group).
   * @default 'gr-'
   */
  readonly assignmentNamePrefix?: string;
  /** Defender for Cloud. @default - on, recommended plans */
  readonly defender?: AutoOnboardingDefenderOptions;
  /** SIEM forwarding. @default - off (a warning says so): it needs a destination */
  readonly siem?: AutoOnboardingSiemOptions;
  /** Management ports, JIT, Bastion. @default - on */
  readonly networkAccess?: AutoOnboardingNetworkAccessOptions;
  /** Registry guardrails. @default - on */
  readonly registry?: AutoOnboardingRegistryOptions;
  /**
   * Folder of your own copy of the policy library.
   * @default - the kit's `policies/`
   */
  readonly policiesFolder?: string;
  /**
   * Built-in reference data file.
   * @default - the kit's `lib/policy/data/builtin-refs.json`
   */
  readonly builtinRefsFile?: string;
  /**
   * Clock for exemption expiry checks (tests).
   * @default - the system clock
   */
  readonly clock?: () => Date;
}

/** The areas {@link AutoOnboarding} can assign. */
export type AutoOnboardingArea = 'defender' | 'siemEventHub' | 'siemLogAnalytics' | 'networkAccess' | 'registry';

const AREAS: Readonly<Record<AutoOnboardingArea, { id: string; initiative: string; name: string; message: string }>> = {
  defender: {
    id: 'Defender', initiative: 'defender-onboarding', name: 'defender',
    message: 'Defender for Cloud onboarding (plans, contacts, Endpoint integration) is enforced on this subscription.',
  },
  siemEventHub: {
    id: 'SiemEventHub', initiative: 'siem-forwarding', name: 'siem-eventhub',
    message: 'Security logs must be forwarded to the central SIEM (Event Hub); settings are deployed by policy.',
  },
  siemLogAnalytics: {
    id: 'SiemLogAnalytics', initiative: 'siem-forwarding-log-analytics', name: 'siem-loganalytics',
    message: 'Security logs must be forwarded to the central SIEM workspace; settings are deployed by policy.',
  },
  networkAccess: {
    id: 'NetworkAccess', initiative: 'network-access-guardrails', name: 'network',
    message: 'Management ports must not be open to the internet: use Azure Bastion or just-in-time access.',
  },
  registry: {
    id: 'Registry', initiative: 'registry-guardrails', name: 'registry',
    message: 'Container registries must be private, without admin user or anonymous pull; AKS runs trusted images only.',
  },
};

/**
 * Enforced auto-onboarding at a management group: every subscription under it, including the ones created next
 * month, is onboarded to Defender for Cloud (plans with sub-plans and extensions, MDE integration, vulnerability
 * assessment, security contacts, Arc machines), forwards its activity log, resource logs and Defender export to the
 * SIEM, and stays inside the network and registry guardrails, without anyone touching code.
 *
 * One assignment per area, each with its identity, the roles derived from every member (also on the SIEM
 * workspace and Event Hub namespace, which lie outside the management group) and a remediation task per deploying
 * member so existing subscriptions and resources are fixed too. Each area can be switched off with
 * `enabled: false`; everything is on by default except SIEM forwarding, which needs a destination.
 *
 * All props are plain JSON-like values, so a config file maps onto them directly.
 *
 * @example
 * new AutoOnboarding(stack, 'Onboarding', {
 *   managementGroupId: '/providers/Microsoft.Management/managementGroups/contoso-landing-zones',
 *   location: 'westeurope',
 *   defender: { securityContact: { emails: ['secops@contoso.com'] }, plans: { plans: [{ plan: 'AI', enabled: false }] } },
 *   siem: { destination: siem },                       // a SiemDestination, or its ids
 *   networkAccess: { jitMaxRequestAccessDuration: 'PT1H' },
 *   registry: { allowedContainerImagesRegex: '^contosotrusted\\.azurecr\\.io/.+$' },
 * });
 */
export class AutoOnboarding extends Construct {
  /** Initiatives created, by area. */
  public readonly initiatives: Readonly<Partial<Record<AutoOnboardingArea, KitPolicyInitiative>>>;
  /** Assignments created, by area. */
  public readonly assignments: Readonly<Partial<Record<AutoOnboardingArea, KitPolicyAssignment>>>;
  /** The Defender plans the policy enables (empty when the Defender area is off). */
  public readonly defenderPlans: readonly ResolvedDefenderPlan[];

  private readonly props: AutoOnboardingProps;
  private readonly managementGroup: KitPolicyScope;
  private readonly location: string;
  private readonly prefix: string;
  private readonly createdInitiatives: Partial<Record<AutoOnboardingArea, KitPolicyInitiative>> = {};
  private readonly createdAssignments: Partial<Record<AutoOnboardingArea, KitPolicyAssignment>> = {};

  constructor(scope: Construct, id: string, props: AutoOnboardingProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    this.props = props;
    const mg = KitPolicyScope.parse(this, 'managementGroupId', props.managementGroupId);
    if (mg.kind !== 'managementGroup') {
      invalid(this, 'managementGroupId', mg.id,
        'must be a management group id "/providers/Microsoft.Management/managementGroups/<name>": onboarding covers every subscription under it, including new ones');
    }
    this.managementGroup = mg;
    this.location = requireLocation(this, 'location', props.location);
    this.prefix = props.assignmentNamePrefix ?? 'gr-';
    if (!/^[A-Za-z0-9-]{0,6}$/.test(this.prefix)) {
      invalid(this, 'assignmentNamePrefix', this.prefix, 'must be at most 6 letters, digits or dashes (assignment names are limited to 24 characters)');
    }
    if (props.enforcementMode !== undefined) {
      requireOneOf(this, 'enforcementMode', props.enforcementMode, ['Default', 'DoNotEnforce'] as const);
    }

    this.defenderPlans = this.onboardDefender(props.defender ?? {});
    this.forwardToSiem(props.siem);
    this.guardNetworkAccess(props.networkAccess ?? {}, this.defenderPlans);
    this.guardRegistries(props.registry ?? {});

    this.initiatives = this.createdInitiatives;
    this.assignments = this.createdAssignments;
  }

  /** Defender for Cloud: plans, MDE integration, vulnerability assessment, contacts, Arc machines. Returns the plans. */
  private onboardDefender(defender: AutoOnboardingDefenderOptions): ResolvedDefenderPlan[] {
    if (!(defender.enabled ?? true)) return [];
    const plans = resolveDefenderPlans(this, 'defender.plans', defender.plans ?? {});
    const plansEffect = requireOneOf(this, 'defender.plansEffect', defender.plansEffect ?? DEFAULT_DEFENDER_PLANS_EFFECT,
      ['DeployIfNotExists', 'AuditIfNotExists'] as const);
    for (const plan of plans) {
      if (!(DEFENDER_PLAN_NAMES as readonly string[]).includes(plan.plan)) {
        invalid(this, 'defender.plans', plan.plan,
          `has no member in the "defender-onboarding" initiative (plans: ${DEFENDER_PLAN_NAMES.join(', ')}): enable it with DefenderForCloud per subscription instead`);
      }
    }
    const parameters: Record<string, unknown> = {
      deploymentLocation: this.location,
      ...defenderPlanParameters(plans, plansEffect),
      mdeIntegrationEffect: (defender.mdeIntegration ?? true) ? 'DeployIfNotExists' : 'Disabled',
      vulnerabilityAssessmentEffect: (defender.vulnerabilityAssessment ?? true) ? 'DeployIfNotExists' : 'Disabled',
      vulnerabilityAssessmentProvider: defender.vulnerabilityAssessmentProvider ?? 'mdeTvm',
      arcMachinesEffect: (defender.arcMachines ?? true) ? 'DeployIfNotExists' : 'Disabled',
      ...this.securityContactParameters(defender.securityContact),
    };
    if (DefenderForCloud.ofStack(this)) {
      warn(this, 'guardrails:onboarding:defender-plans-two-owners',
        'A DefenderForCloud construct in this stack also manages Defender plans: give each subscription one owner of its plans (policy or construct), or they fight over sub-plans and extensions.');
    }
    this.assign('defender', defender, parameters);
    return plans;
  }

  /** The deploy-security-contacts member's parameters: the contact, or the member disabled (with a warning). */
  private securityContactParameters(contactProps: DefenderSecurityContactProps | undefined): Record<string, unknown> {
    if (!contactProps) {
      warn(this, 'guardrails:onboarding:no-security-contact',
        'defender.securityContact is not set: no security contact is deployed, so Defender for Cloud alerts reach nobody. Set defender.securityContact.emails.');
      return { securityContactsEffect: 'Disabled', securityContactEmails: '' };
    }
    const contact = resolveDefenderSecurityContact(this, 'defender.securityContact', contactProps);
    const alert = contact.notificationsSources.find((s) => s.sourceType === 'Alert') as { minimalSeverity?: string } | undefined;
    const attack = contact.notificationsSources.find((s) => s.sourceType === 'AttackPath') as { minimalRiskLevel?: string } | undefined;
    const parameters: Record<string, unknown> = {
      securityContactsEffect: 'DeployIfNotExists',
      securityContactEmails: contact.emails,
      securityContactPhone: contact.phone ?? '',
      securityContactNotifyRoles: [...contact.notificationsByRole.roles],
    };
    if (alert?.minimalSeverity) parameters.alertMinimalSeverity = alert.minimalSeverity;
    if (attack?.minimalRiskLevel) parameters.attackPathMinimalRiskLevel = attack.minimalRiskLevel;
    if (!alert || !attack) {
      warn(this, 'guardrails:onboarding:contact-notifications-not-deployable',
        'defender.securityContact turns alert or attack-path e-mails off, which the deploy-security-contacts policy cannot do: the policy-deployed contact uses the initiative defaults (alerts from Medium, attack paths from Critical).');
    }
    return parameters;
  }

  /** SIEM forwarding: one assignment per target of the destination (workspace, Event Hub). */
  private forwardToSiem(siem: AutoOnboardingSiemOptions | undefined): void {
    if (!siem) {
      warn(this, 'guardrails:onboarding:no-siem',
        'siem is not set: activity logs, resource logs and Defender alerts are not forwarded to a SIEM. Set siem.destination (a SiemDestination or its ids).');
      return;
    }
    if (!(siem.enabled ?? true)) return;
    const destination = siem.destination;
    if (!destination || (!destination.workspaceId && !destination.eventHubAuthorizationRuleId)) {
      invalid(this, 'siem.destination', destination, 'must set workspaceId, eventHubAuthorizationRuleId, or both (a SiemDestination or plain ids)');
    }
    const activity = siem.activityLog ?? true;
    const resourceLogs = siem.resourceLogs ?? true;
    const categoryGroup = requireOneOf(this, 'siem.resourceLogsCategoryGroup', siem.resourceLogsCategoryGroup ?? 'audit', ['audit', 'allLogs'] as const);
    const exportGroup = siem.continuousExportResourceGroupName;
    if (destination.workspaceId) {
      this.checkId('siem.destination.workspaceId', destination.workspaceId, 'Microsoft.OperationalInsights/workspaces');
      this.assign('siemLogAnalytics', siem, {
        logAnalyticsWorkspaceId: destination.workspaceId,
        activityLogEffect: activity ? 'DeployIfNotExists' : 'Disabled',
        resourceLogsEffect: resourceLogs ? 'DeployIfNotExists' : 'Disabled',
        resourceLogsCategoryGroup: categoryGroup,
        continuousExportResourceGroupName: exportGroup,
        continuousExportResourceGroupLocation: this.location,
      }, [{
        // The deployments name the workspace (diagnostic settings, continuous export): its linked access check needs
        // Microsoft.OperationalInsights/workspaces/* there, which Log Analytics Contributor has (Microsoft's "to Log
        // Analytics" built-ins grant it); Contributor on the workspace is not needed.
        scope: destination.workspaceId, roleDefinitionGuids: [KIT_ROLES.logAnalyticsContributor],
      }]);
    }
    if (destination.eventHubAuthorizationRuleId) {
      if (!destination.eventHubName) {
        invalid(this, 'siem.destination.eventHubName', destination.eventHubName, 'is required with eventHubAuthorizationRuleId: name the Event Hub inside the namespace');
      }
      const exportRule = destination.eventHubExportAuthorizationRuleId;
      if (!exportRule) {
        invalid(this, 'siem.destination.eventHubExportAuthorizationRuleId', exportRule,
          'is required for continuous export to the Event Hub: the hub-level Send rule ".../namespaces/<ns>/eventhubs/<hub>/authorizationRules/<rule>" (SiemDestination provides it)');
      }
      const eventHubLocation = requireLocation(this, 'siem.eventHubLocation', siem.eventHubLocation ?? this.location);
      const namespaces = [
        this.namespaceOf('siem.destination.eventHubAuthorizationRuleId', destination.eventHubAuthorizationRuleId, destination.eventHubNamespaceId),
        this.namespaceOf('siem.destination.eventHubExportAuthorizationRuleId', exportRule, undefined),
      ];
      this.assign('siemEventHub', siem, {
        eventHubAuthorizationRuleId: destination.eventHubAuthorizationRuleId,
        eventHubName: destination.eventHubName,
        eventHubLocation,
        deploymentLocation: this.location,
        activityLogEffect: activity ? 'DeployIfNotExists' : 'Disabled',
        continuousExportEventHubAuthorizationRuleId: exportRule,
        continuousExportResourceGroupName: exportGroup,
        continuousExportResourceGroupLocation: this.location,
        resourceLogsEffect: resourceLogs ? 'DeployIfNotExists' : 'Disabled',
        resourceLogsCategoryGroup: categoryGroup,
      }, namespaces.filter((n, i) => namespaces.indexOf(n) === i).map((scope) => ({
        // Diagnostic settings and continuous export name an authorization rule of this namespace: the linked access
        // check needs its listkeys action there, which Azure Event Hubs Data Owner has (Microsoft's "to Event Hub"
        // built-ins grant it). Only here: Data Owner at the management group would open every Event Hub in it.
        scope, roleDefinitionGuids: [KIT_ROLES.eventHubsDataOwner], onlyHere: true,
      })));
    }
  }

  /** Management ports, JIT and Bastion shareable links. */
  private guardNetworkAccess(network: AutoOnboardingNetworkAccessOptions, plans: readonly ResolvedDefenderPlan[]): void {
    if (!(network.enabled ?? true)) return;
    const jit = network.jit ?? true;
    if (jit) {
      const vm = plans.find((p) => p.plan === 'VirtualMachines');
      if (!vm || vm.subPlan !== 'P2') {
        warn(this, 'guardrails:onboarding:jit-needs-servers-p2',
          'networkAccess.jit deploys JIT policies, which need Defender for Servers Plan 2: keep plan "VirtualMachines" with subPlan "P2" in defender.plans (or enable it elsewhere).');
      }
      if (network.jitAllowedSourceAddressPrefix === undefined || isAnywhere(network.jitAllowedSourceAddressPrefix)) {
        warn(this, 'guardrails:onboarding:jit-any-source',
          'networkAccess.jitAllowedSourceAddressPrefix is not set (or is "*"): the JIT policies deployed by policy let a request open a management port from any source address. ' +
          'Set it to the network administrators connect from, for example "10.0.0.0/24".');
      }
    }
    this.assign('networkAccess', network, {
      managementPortsEffect: network.managementPortsEffect,
      managementPorts: network.managementPorts,
      jitAuditEffect: jit ? 'AuditIfNotExists' : 'Disabled',
      jitDeployEffect: jit ? 'DeployIfNotExists' : 'Disabled',
      jitProtocol: network.jitProtocol,
      jitAllowedSourceAddressPrefix: network.jitAllowedSourceAddressPrefix,
      jitMaxRequestAccessDuration: network.jitMaxRequestAccessDuration,
      bastionShareableLinksEffect: network.bastionShareableLinksEffect,
    });
  }

  /** Container registry hardening and the AKS allowed-images rule. */
  private guardRegistries(registry: AutoOnboardingRegistryOptions): void {
    if (!(registry.enabled ?? true)) return;
    const regex = registry.allowedContainerImagesRegex;
    if (regex !== undefined && !isToken(regex)) {
      try {
        new RegExp(regex);
      } catch (e) {
        invalid(this, 'registry.allowedContainerImagesRegex', regex, `must be a valid regular expression (${(e as Error).message})`);
      }
    }
    if (regex === undefined) {
      warn(this, 'guardrails:onboarding:no-allowed-images-regex',
        'registry.allowedContainerImagesRegex is not set: AKS clusters may run images from any registry. Set it to your trusted registry, for example "^contosotrusted\\.azurecr\\.io/.+$".');
    }
    // A Deny that would block the kit's own registries comes with their exemptions, or fails (issue 11 item 9).
    const exemptions = [...(registry.exemptions ?? [])];
    const byDesign = (effectProp: string, effect: string | undefined, idsProp: 'exportRequiredRegistryIds' | 'quarantineOffRegistryIds',
      member: string, why: string): void => {
      const ids = registry[idsProp];
      if (effect === 'Deny' && ids === undefined) {
        invalid(this, `registry.${effectProp}`, effect,
          `"Deny" blocks ${why}: list those registries in registry.${idsProp} (each gets an exemption from ${member}), or give [] when there is none`);
      }
      if (ids !== undefined && !Array.isArray(ids)) invalid(this, `registry.${idsProp}`, ids, 'must be a list of registry resource ids');
      (ids ?? []).forEach((id, i) => this.checkId(`registry.${idsProp}[${i}]`, id, 'Microsoft.ContainerRegistry/registries'));
      if (effect !== 'Deny') return;
      ids!.forEach((id, i) => {
        exemptions.push({
          name: `kit-${member.replace(/^acr-/, '').slice(0, 40)}-${stableHash(isToken(id) ? `${this.node.path}:${idsProp}[${i}]` : id.toLowerCase())}`,
          scope: id, scopeKind: 'resource', category: 'Mitigated', byDesign: true, policyDefinitionReferenceIds: [member],
          description: `By design: ${why} (cdktf-azure-guardrails)`,
        });
      });
    };
    byDesign('exportEffect', registry.exportEffect, 'exportRequiredRegistryIds', 'acr-export-disabled',
      'the quarantine registry of a two-registry pipeline, whose export stays on because promotion imports from it');
    byDesign('quarantinePolicyEffect', registry.quarantinePolicyEffect, 'quarantineOffRegistryIds', 'acr-quarantine-policy-enabled',
      'the trusted registry of a two-registry pipeline, whose quarantine is off because it receives scanned images only');
    this.assign('registry', { ...registry, exemptions }, {
      quarantinePolicyEffect: registry.quarantinePolicyEffect,
      adminUserEffect: registry.adminUserEffect,
      anonymousPullEffect: registry.anonymousPullEffect,
      publicNetworkAccessEffect: registry.publicNetworkAccessEffect,
      exportEffect: registry.exportEffect,
      allowedImagesEffect: regex === undefined ? 'Disabled' : (registry.allowedImagesEffect ?? 'Deny'),
      allowedContainerImagesRegex: regex ?? '^$',
    });
  }

  /**
   * Creates an area's initiative and assigns it at the management group with the given parameter values (undefined
   * values are left to the initiative's defaults; every name must be an initiative parameter).
   */
  private assign(area: AutoOnboardingArea, options: AutoOnboardingAreaOptions, parameters: Record<string, unknown>, extraScopes: KitPolicyLinkedRoles[] = []): void {
    const props = this.props;
    const spec = AREAS[area];
    const group = new Construct(this, spec.id);
    const initiative = KitPolicyInitiative.fromFile(group, 'Initiative', spec.initiative, {
      scope: props.definitionScope ?? this.managementGroup, policiesFolder: props.policiesFolder, builtinRefsFile: props.builtinRefsFile,
    });
    const declared = initiative.parameterDeclarations;
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parameters)) {
      if (v === undefined) continue;
      if (!lookup(declared, k)) {
        invalid(this, `${area}.${k}`, v,
          `the kit's initiative "${spec.initiative}" has no parameter "${k}": the policy library and the onboarding construct are out of step`);
      }
      values[k] = v;
    }
    this.createdInitiatives[area] = initiative;
    this.createdAssignments[area] = new KitPolicyAssignment(group, 'Assignment', {
      policy: initiative,
      scope: this.managementGroup,
      assignmentName: `${this.prefix}${spec.name}`,
      location: this.location,
      parameters: values,
      enforcementMode: props.enforcementMode,
      notScopes: mergeNotScopes(props.notScopes, options.notScopes),
      identity: props.identity,
      remediation: props.remediation,
      additionalRoleAssignmentScopes: extraScopes.length > 0 ? extraScopes : undefined,
      nonComplianceMessage: options.nonComplianceMessage ?? `${spec.message} (cdktf-azure-guardrails)`,
      exemptions: options.exemptions,
      clock: props.clock,
    });
  }

  private checkId(property: string, value: string, type: string): void {
    if (isToken(value)) return;
    const parsed = parseResourceId(value);
    if (!parsed || parsed.type?.toLowerCase() !== type.toLowerCase()) {
      invalid(this, property, value, `must be the resource id of a ${type}`);
    }
  }

  /** Event Hub namespace id of an authorization rule (namespace- or hub-level), for the extra role assignments. */
  private namespaceOf(property: string, ruleId: string, namespaceId: string | undefined): string {
    if (namespaceId) {
      this.checkId('siem.destination.eventHubNamespaceId', namespaceId, 'Microsoft.EventHub/namespaces');
      return namespaceId;
    }
    const parsed = isToken(ruleId) ? eventHubNamespaceIdOf(ruleId) : parseEventHubId(ruleId);
    if (parsed === undefined || (typeof parsed !== 'string' && parsed.authorizationRuleName === undefined)) {
      invalid(this, property, ruleId,
        'must be an Event Hub authorization rule id "/subscriptions/<GUID>/resourceGroups/<group>/providers/Microsoft.EventHub/namespaces/<namespace>[/eventhubs/<hub>]/authorizationRules/<rule>"');
    }
    return typeof parsed === 'string' ? parsed : parsed.namespaceId;
  }
}

/** Top-level and per-area notScopes, de-duplicated (case-insensitively, as Azure compares scopes). */
function mergeNotScopes(top: string[] | undefined, area: string[] | undefined): string[] | undefined {
  const seen = new Map<string, string>();
  for (const scope of [...(top ?? []), ...(area ?? [])]) if (!seen.has(scope.toLowerCase())) seen.set(scope.toLowerCase(), scope);
  return seen.size > 0 ? [...seen.values()] : undefined;
}
