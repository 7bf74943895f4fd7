import * as path from 'path';
import { App, AzurermBackend, LocalBackend, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { DataAzurermLogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/data-azurerm-log-analytics-workspace';
import { Construct } from 'constructs';
import { DefenderForCloud } from '../lib/defender';
import { SecureBastion } from '../lib/bastion';
import { JitAccessPolicy } from '../lib/jit';
import { QuarantinedContainerRegistry } from '../lib/registry';
import { SiemDestination, SiemDestinationIds, SiemDestinationNames, SiemSources } from '../lib/siem';
import { AutoOnboarding } from '../lib/onboarding';
import { KIT_CHECK_POLICIES, PolicyPreflight } from '../lib/policy-preflight';
import { addSentinelContent, defenderAlertSyncOf, SentinelContent, sentinelConnectorsOf } from './sentinel';
import type { BackendConfig, BaselineConfig, ManagementGroupConfig, OnboardingConfig, SiemConfig, SubscriptionConfig } from './config/types';

function applyBackend(stack: TerraformStack, name: string, backend: BackendConfig | undefined): void {
  if (!backend || backend.type === 'local') {
    // Same place cdktf uses by default (the project folder), or the directory the config names; absolute, because
    // Terraform runs in cdktf.out/stacks/<name>.
    new LocalBackend(stack, { path: path.resolve(backend?.directory ?? '.', `terraform.${name}.tfstate`) });
    return;
  }
  new AzurermBackend(stack, {
    subscriptionId: backend.subscriptionId,
    resourceGroupName: backend.resourceGroupName,
    storageAccountName: backend.storageAccountName,
    containerName: backend.containerName,
    key: `${backend.keyPrefix ?? ''}${name}.tfstate`,
    useAzureadAuth: true,
  });
}

/**
 * The names the central stack gives its SiemDestination. Other stacks compute the destination's ids from them with
 * `SiemDestination.idsFor` (no cross-stack outputs, no secrets).
 */
export function siemDestinationNames(siem: SiemConfig): SiemDestinationNames {
  return {
    subscriptionId: siem.subscriptionId,
    resourceGroupName: siem.resourceGroupName,
    workspaceName: siem.workspaceName,
    eventHub: siem.eventHub && { namespaceName: siem.eventHub.namespaceName, hubName: siem.eventHub.hubName },
  };
}

/**
 * One subscription's baseline: everything configured per subscription. Construct ids are fixed (or derived from
 * config names, never from list positions): they are public API, and changing one replaces the cloud resource.
 */
export class SubscriptionStack extends TerraformStack {
  /** Defender for Cloud, unless the config turns it off. */
  public readonly defender?: DefenderForCloud;
  /** The central SIEM destination, in the stack of the subscription that hosts it. */
  public readonly siemDestination?: SiemDestination;
  /** This subscription's log sources, when the config has a SIEM. */
  public readonly siemSources?: SiemSources;
  /** Provider aliased to the central SIEM subscription (subscriptions other than the central one). */
  public readonly centralProvider?: AzurermProvider;
  /** Sentinel content and private access of the central SIEM, in its stack. */
  public readonly sentinel?: SentinelContent;

  constructor(scope: Construct, public readonly subscription: SubscriptionConfig, config: BaselineConfig) {
    super(scope, subscription.name);
    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: subscription.subscriptionId, tenantId: config.tenantId });
    applyBackend(this, subscription.name, config.backend);
    const location = subscription.location ?? config.location;

    // Resource groups the config asks this stack to create; constructs get their names as references, so
    // Terraform creates the group first.
    const groups = new Map<string, string>();
    for (const name of subscription.resourceGroups ?? []) {
      groups.set(name, new ResourceGroup(this, `ResourceGroup-${name}`, { name, location }).name);
    }
    const group = (name: string) => groups.get(name) ?? name;

    const siem = config.siem;
    const isCentral = siem !== undefined && siem.subscriptionId.toLowerCase() === subscription.subscriptionId.toLowerCase();
    let destination: SiemDestinationIds | undefined;
    if (siem && isCentral) {
      this.siemDestination = new SiemDestination(this, 'Siem', {
        subscriptionId: siem.subscriptionId,
        resourceGroupName: group(siem.resourceGroupName),
        location: siem.location ?? location,
        allowedLocations: siem.allowedLocations,
        workspace: { name: siem.workspaceName, retentionInDays: siem.retentionInDays, dailyQuotaGb: siem.dailyQuotaGb },
        sentinel: siem.sentinel === false ? { enabled: false } : {
          tenantId: config.tenantId,
          defenderForCloudSubscriptionIds: config.subscriptions.filter((s) => s.defender !== false).map((s) => s.subscriptionId),
          dataConnectors: sentinelConnectorsOf(siem),
        },
        eventHub: siem.eventHub && {
          namespaceName: siem.eventHub.namespaceName,
          hubName: siem.eventHub.hubName,
          partitionCount: siem.eventHub.partitionCount,
          messageRetentionInDays: siem.eventHub.messageRetentionInDays,
          networkAccess: siem.eventHub.networkAccess,
          allowedIpRanges: siem.eventHub.allowedIpRanges,
        },
        entraIdLogs: siem.entraIdLogs,
      });
      destination = this.siemDestination;
      this.sentinel = addSentinelContent(this, this.siemDestination, config, siem.location ?? location, group);
    } else if (siem) {
      // A provider for the central subscription reads what only Azure knows (the workspace's customer id) and the
      // continuous-export connection string, at plan time, without any secret in config or outputs.
      const central = new AzurermProvider(this, 'central', {
        alias: 'central', features: [{}], subscriptionId: siem.subscriptionId, tenantId: config.tenantId,
      });
      const workspace = new DataAzurermLogAnalyticsWorkspace(this, 'CentralWorkspace', {
        provider: central, name: siem.workspaceName, resourceGroupName: siem.resourceGroupName,
      });
      destination = { ...SiemDestination.idsFor(siemDestinationNames(siem), 'config.siem'), workspaceCustomerId: workspace.workspaceId, workspaceLocation: workspace.location };
      this.centralProvider = central;
    }
    if (siem && destination && subscription.siemSources !== false) {
      const sources = subscription.siemSources ?? {};
      const continuousExport = sources.continuousExport ?? true;
      this.siemSources = new SiemSources(this, 'SiemSources', {
        subscriptionId: subscription.subscriptionId,
        destination,
        resourceGroupName: group(sources.resourceGroupName ?? siem.resourceGroupName),
        location,
        continuousExport: continuousExport === false ? false : {
          ...(continuousExport === true ? {} : continuousExport),
          eventHubLookupProvider: isCentral ? undefined : this.centralProvider,
        },
        activityLog: sources.activityLog,
        flowLogs: sources.flowLogs,
      });
      // Deliberate exception to the Microsoft cloud security benchmark gate (checkBaselinePolicies): the flow-log
      // storage accounts keep shared key access, because azurerm provisions storage data-plane items with the
      // account key unless every provider of the stack sets storage_use_azuread (azurerm v4.55.0,
      // website/docs/r/storage_account.html.markdown, shared_access_key_enabled).
      PolicyPreflight.acknowledge(this.siemSources, {
        id: '8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54',
        reason: 'flow-log storage keeps shared key access: azurerm provisions data-plane items with the account key unless the provider sets storage_use_azuread, which this stack does not',
      });
    }
    const logDestination = this.siemSources;

    if (subscription.defender !== false) {
      const defender = subscription.defender ?? {};
      this.defender = new DefenderForCloud(this, 'Defender', {
        subscriptionId: subscription.subscriptionId,
        deploymentLocation: location,
        plans: { recommended: defender.recommended, plans: defender.plans },
        securityContact: config.securityContact,
        // Defender for Cloud's bi-directional alert sync follows the Sentinel incident flow (one owner per source).
        integrations: { ...defender.integrations, sentinel: defender.integrations?.sentinel ?? defenderAlertSyncOf(config) },
        serverVulnerabilityAssessment: defender.serverVulnerabilityAssessment,
        workspaceId: defender.useSiemWorkspace ? destination?.workspaceId : undefined,
        awsConnectors: defender.awsConnectors,
        gcpConnectors: defender.gcpConnectors,
        connectorsResourceGroupName: defender.connectorsResourceGroupName && group(defender.connectorsResourceGroupName),
      });
    }
    if (subscription.bastion) {
      const bastion = subscription.bastion;
      new SecureBastion(this, 'Bastion', {
        ...bastion, resourceGroupName: group(bastion.resourceGroupName), location: bastion.location ?? location, logDestination,
      });
    }
    for (const jit of subscription.jit ?? []) {
      const jitLocation = jit.location ?? location;
      new JitAccessPolicy(this, `Jit-${jit.resourceGroupName}-${jitLocation}`, { ...jit, location: jitLocation });
    }
    if (subscription.registry) {
      const registry = subscription.registry;
      const registryConstruct = new QuarantinedContainerRegistry(this, 'Registry', {
        allowedImagesScope: `/subscriptions/${subscription.subscriptionId}`,
        ...registry,
        resourceGroupName: group(registry.resourceGroupName),
        location: registry.location ?? location,
        logDestination,
      });
      if (!registry.customerManagedKey) {
        // Deliberate exception to the benchmark gate: without a Key Vault key in the config, the registries are
        // encrypted with Microsoft-managed keys. Setting registry.customerManagedKey in the config removes it.
        PolicyPreflight.acknowledge(registryConstruct, {
          id: '5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580',
          reason: 'no customer-managed key in the config (registry.customerManagedKey): the registries use Microsoft-managed encryption keys',
        });
      }
    }
  }
}

/** The object form of an onboarding area in the config. */
type AreaOptions<K extends 'defender' | 'siemForwarding' | 'networkAccess' | 'registry'> = Exclude<OnboardingConfig[K], boolean | undefined>;

/** Options of an onboarding area in the config: `false` switches it off, an object tunes it. */
function area<T extends object>(value: boolean | T | undefined): (T & { enabled: boolean }) {
  if (value === false) return { enabled: false } as T & { enabled: boolean };
  return { ...(value === true || value === undefined ? {} : value), enabled: true } as T & { enabled: boolean };
}

/**
 * The management group's stack: enforced auto-onboarding of every subscription under it, including new ones.
 *
 * One owner per setting: a subscription listed in the config has its Defender plans and log settings managed by its
 * own stack, so the matching policy areas leave it alone (`notScopes`); policy owns them everywhere else. (A plan or
 * a diagnostic setting created by both fails on "already exists", and a policy never turns a plan off.)
 */
export class ManagementGroupStack extends TerraformStack {
  /** The onboarding construct. */
  public readonly onboarding: AutoOnboarding;

  constructor(scope: Construct, id: string, group: ManagementGroupConfig, config: BaselineConfig) {
    super(scope, id);
    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: group.subscriptionId, tenantId: config.tenantId });
    applyBackend(this, id, config.backend);
    const onboarding = group.onboarding ?? {};
    const subscriptionScope = (s: SubscriptionConfig) => `/subscriptions/${s.subscriptionId}`;
    const ownDefender = config.subscriptions.filter((s) => s.defender !== false).map(subscriptionScope);
    const ownLogs = config.siem ? config.subscriptions.filter((s) => s.siemSources !== false).map(subscriptionScope) : [];
    const defender = area<AreaOptions<'defender'>>(onboarding.defender);
    const siem = area<AreaOptions<'siemForwarding'>>(onboarding.siemForwarding);
    const central = config.siem && SiemDestination.idsFor(siemDestinationNames(config.siem), 'config.siem');
    this.onboarding = new AutoOnboarding(this, 'Onboarding', {
      managementGroupId: group.id,
      location: config.location,
      enforcementMode: onboarding.enforcementMode,
      notScopes: onboarding.notScopes,
      defender: {
        ...defender,
        plans: { recommended: defender.recommended, plans: defender.plans },
        securityContact: config.securityContact,
        notScopes: ownDefender,
      },
      siem: central && siem.enabled ? {
        ...siem,
        destination: central,
        eventHubLocation: config.siem?.location ?? config.location,
        notScopes: ownLogs,
      } : { enabled: false, destination: {} },
      networkAccess: area<AreaOptions<'networkAccess'>>(onboarding.networkAccess),
      registry: area<AreaOptions<'registry'>>(onboarding.registry),
    });
  }
}

/** The stacks the baseline builds, for tests and tooling. */
export interface Baseline {
  readonly subscriptions: readonly SubscriptionStack[];
  /** The management group's stack, when the config enables onboarding. */
  readonly managementGroup?: ManagementGroupStack;
}

/** Builds every stack of the baseline into `app`. The config must already be validated (see loadConfig). */
export function buildBaseline(app: App, config: BaselineConfig): Baseline {
  const subscriptions = config.subscriptions.map((s) => new SubscriptionStack(app, s, config));
  // The central SIEM goes first: every other subscription sends logs to it, and onboarding grants on it.
  const central = subscriptions.find((s) => s.siemDestination);
  if (central) for (const s of subscriptions) if (s !== central && s.siemSources) s.addDependency(central);
  const group = config.managementGroup;
  let managementGroup: ManagementGroupStack | undefined;
  if (group?.onboarding && group.onboarding.enabled !== false) {
    managementGroup = new ManagementGroupStack(app, 'management-group', group, config);
    if (central) managementGroup.addDependency(central);
  }
  return { subscriptions, managementGroup };
}

/**
 * The reference app's synth-time policy check (PolicyPreflight): every stack against the kit's gate initiatives
 * (with AutoOnboarding's default parameters) and the Deny-capable members of the Microsoft cloud security benchmark,
 * assigned with Deny, the way a platform team gates deployments. The embedded config synthesizes with no Deny
 * finding; a deliberate exception is a PolicyPreflight.acknowledge with its reason, next to the construct. Returns
 * undefined when the config turns the check off (`policyCheck.enabled: false`).
 */
export function checkBaselinePolicies(app: App, config: BaselineConfig): PolicyPreflight | undefined {
  if (config.policyCheck?.enabled === false) return undefined;
  return PolicyPreflight.check(app, {
    policies: [...KIT_CHECK_POLICIES, { policy: 'Microsoft cloud security benchmark', kind: 'initiative', members: 'deny-capable' }],
  });
}
