import * as path from 'path';
import { App, AzurermBackend, dependable, LocalBackend, TerraformResource, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { DataAzurermLogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/data-azurerm-log-analytics-workspace';
import { Construct } from 'constructs';
import { protectFromDestroy } from '../lib/core/lifecycle';
import type { ILogDestination } from '../lib/core/log-destination';
import { AZURERM_FEATURES_FOR_FIREWALLED_STORAGE } from '../lib/core/provider-features';
import { DefenderForCloud } from '../lib/defender';
import { BASTION_SUBNET_NAME, SecureBastion } from '../lib/bastion';
import { JitAccessPolicy } from '../lib/jit';
import { QuarantinedContainerRegistry, quarantinedRegistryPolicyExemptions } from '../lib/registry';
import { SiemDestination, SiemDestinationIds, SiemDestinationNames, SiemSources } from '../lib/siem';
import { AutoOnboarding } from '../lib/onboarding';
import { TerraformLiterals } from '../lib/core/terraform-literal';
import { KIT_CHECK_POLICIES, PolicyPreflight } from '../lib/policy-preflight';
import { addSentinelContent, defenderAlertSyncOf, SentinelContent, sentinelConnectorsOf } from './sentinel';
import { ConfigError } from './config/load';
import { ConfigProblems } from './config/problems';
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
 * The azurerm provider features of every stack: Terraform stays off the data plane of the storage accounts the kit
 * creates (their firewall denies the network Terraform runs from; see AZURERM_FEATURES_FOR_FIREWALLED_STORAGE).
 */
const PROVIDER_FEATURES = [AZURERM_FEATURES_FOR_FIREWALLED_STORAGE];

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
  /** Azure Bastion, when the config has one. */
  public readonly bastion?: SecureBastion;

  constructor(scope: Construct, public readonly subscription: SubscriptionConfig, config: BaselineConfig, problems?: ConfigProblems) {
    super(scope, subscription.name);
    // Each construct's validation error becomes a config error with its JSON path (all of them, in one pass).
    const at = `$.subscriptions[${config.subscriptions.indexOf(subscription)}]`;
    const attempt = <T>(base: string, section: unknown, make: () => T, sources?: Record<string, string>): T | undefined =>
      (problems ? problems.attempt(base, section, make, sources) : make());
    // Config strings are data: every string this stack writes (its own resource groups and data sources included) is
    // escaped for Terraform; the config loader has refused token markers already.
    TerraformLiterals.applyTo(this);
    new AzurermProvider(this, 'azurerm', { features: PROVIDER_FEATURES, subscriptionId: subscription.subscriptionId, tenantId: config.tenantId });
    applyBackend(this, subscription.name, config.backend);
    const location = subscription.location ?? config.location;

    // Resource groups the config asks this stack to create; constructs get their names as references, so
    // Terraform creates the group first.
    const groups = new Map<string, string>();
    const groupResources = new Map<string, ResourceGroup>();
    // Resources this stack creates, by their literal id (lower case, as Azure compares ids): an id in the config
    // that names one of them is replaced by a reference, so that Terraform orders the two (a literal id gives it no
    // edge, and the first apply fails at random).
    const created = new Map<string, string>();
    const groupIdOf = (name: string) => `/subscriptions/${subscription.subscriptionId}/resourceGroups/${name}`;
    for (const name of subscription.resourceGroups ?? []) {
      const resourceGroup = new ResourceGroup(this, `ResourceGroup-${name}`, { name, location });
      protectFromDestroy(resourceGroup, subscription.resourceGroupsPreventDestroy);
      groups.set(name, resourceGroup.name);
      groupResources.set(name, resourceGroup);
      created.set(groupIdOf(name).toLowerCase(), resourceGroup.id);
    }
    const group = (name: string) => groups.get(name) ?? name;
    // An id under a created resource (a subnet of a created VNet, a VNet of a created group) keeps its literal tail
    // after a reference to the deepest created parent: the same id, with the edge Terraform needs.
    const ref = (id: string): string => {
      const parts = id.split('/');
      for (let n = parts.length; n > 1; n--) {
        const parent = created.get(parts.slice(0, n).join('/').toLowerCase());
        if (parent !== undefined) return n === parts.length ? parent : `${parent}/${parts.slice(n).join('/')}`;
      }
      return id;
    };

    const siem = config.siem;
    const isCentral = siem !== undefined && siem.subscriptionId.toLowerCase() === subscription.subscriptionId.toLowerCase();
    let destination: SiemDestinationIds | undefined;
    if (siem && isCentral) {
      this.siemDestination = attempt('$.siem', siem, () => new SiemDestination(this, 'Siem', {
        subscriptionId: siem.subscriptionId,
        resourceGroupName: group(siem.resourceGroupName),
        location: siem.location ?? location,
        allowedLocations: siem.allowedLocations,
        workspace: { name: siem.workspaceName, retentionInDays: siem.retentionInDays, dailyQuotaGb: siem.dailyQuotaGb, preventDestroy: siem.preventDestroy },
        sentinel: siem.sentinel === false ? { enabled: false } : {
          tenantId: config.tenantId,
          defenderForCloudSubscriptionIds: config.subscriptions.filter((s) => s.defender !== false).map((s) => s.subscriptionId),
          dataConnectors: sentinelConnectorsOf(siem),
          preventDestroy: siem.preventDestroy,
        },
        eventHub: siem.eventHub && {
          namespaceName: siem.eventHub.namespaceName,
          hubName: siem.eventHub.hubName,
          partitionCount: siem.eventHub.partitionCount,
          messageRetentionInDays: siem.eventHub.messageRetentionInDays,
          networkAccess: siem.eventHub.networkAccess,
          allowedIpRanges: siem.eventHub.allowedIpRanges,
          preventDestroy: siem.preventDestroy,
        },
        entraIdLogs: siem.entraIdLogs,
      }));
      destination = this.siemDestination;
    } else if (siem) {
      // A provider for the central subscription reads what only Azure knows (the workspace's customer id) and the
      // continuous-export connection string, at plan time, without any secret in config or outputs.
      const central = new AzurermProvider(this, 'central', {
        alias: 'central', features: PROVIDER_FEATURES, subscriptionId: siem.subscriptionId, tenantId: config.tenantId,
      });
      const workspace = new DataAzurermLogAnalyticsWorkspace(this, 'CentralWorkspace', {
        provider: central, name: siem.workspaceName, resourceGroupName: siem.resourceGroupName,
      });
      const ids = attempt('$.siem', siem, () => SiemDestination.idsFor(siemDestinationNames(siem), 'config.siem'));
      destination = ids && { ...ids, workspaceCustomerId: workspace.workspaceId, workspaceLocation: workspace.location };
      this.centralProvider = central;
    }
    // The stack's own resources send their logs where its sources send theirs (SiemSources forwards these ids).
    const logDestination: ILogDestination | undefined = siem && destination && subscription.siemSources !== false ? destination : undefined;

    // Bastion before what may name its network (flow logs, private DNS links).
    if (subscription.bastion) {
      const bastion = subscription.bastion;
      this.bastion = attempt(`${at}.bastion`, bastion, () => new SecureBastion(this, 'Bastion', {
        ...bastion, resourceGroupName: group(bastion.resourceGroupName), location: bastion.location ?? location, logDestination,
      }));
    }
    if (subscription.bastion && this.bastion) {
      const bastion = subscription.bastion;
      const network = `/subscriptions/${subscription.subscriptionId}/resourceGroups/${bastion.resourceGroupName}/providers/Microsoft.Network`;
      const vnet = this.bastion.virtualNetwork
        ? `${network}/virtualNetworks/${bastion.virtualNetworkName ?? `${bastion.name}-vnet`}` : bastion.virtualNetworkId;
      if (this.bastion.virtualNetwork) created.set(vnet!.toLowerCase(), this.bastion.virtualNetworkId);
      if (this.bastion.subnet && vnet) created.set(`${vnet}/subnets/${BASTION_SUBNET_NAME}`.toLowerCase(), this.bastion.subnet.id);
      if (this.bastion.networkSecurityGroup) created.set(`${network}/networkSecurityGroups/${bastion.name}-nsg`.toLowerCase(), this.bastion.networkSecurityGroup.id);
    }
    if (siem && this.siemDestination) {
      const central = this.siemDestination;
      const sections = (siem.sentinel || {}) as Record<string, unknown>;
      const make = () => addSentinelContent(this, central, config, siem.location ?? location, group, ref);
      this.sentinel = problems ? problems.attempt('$.siem.sentinel', siem.sentinel, make, {}, {
        SentinelIncidents: { base: '$.siem.sentinel.incidents', section: sections.incidents },
        SentinelDetections: { base: '$.siem.sentinel.detections', section: sections.detections },
        SentinelQueries: { base: '$.siem.sentinel.sharedQueries', section: sections.sharedQueries },
        SiemPrivateLink: { base: '$.siem.privateAccess', section: siem.privateAccess },
      }) : make();
    }

    if (siem && destination && subscription.siemSources !== false) {
      const sources = subscription.siemSources ?? {};
      const continuousExport = sources.continuousExport ?? true;
      const flowLogs = sources.flowLogs;
      this.siemSources = attempt(`${at}.siemSources`, subscription.siemSources, () => new SiemSources(this, 'SiemSources', {
        subscriptionId: subscription.subscriptionId,
        destination,
        resourceGroupName: group(sources.resourceGroupName ?? siem.resourceGroupName),
        location,
        continuousExport: continuousExport === false ? false : {
          ...(continuousExport === true ? {} : continuousExport),
          eventHubLookupProvider: isCentral ? undefined : this.centralProvider,
        },
        activityLog: sources.activityLog,
        flowLogs: flowLogs && {
          ...flowLogs,
          // A VNet the stack creates is named by reference; its flow log keeps the name the literal id gives it.
          virtualNetworks: flowLogs.virtualNetworks.map((v) => ref(v.id) === v.id ? v
            : { ...v, id: ref(v.id), name: v.name ?? `${v.id.split('/')[4]}-${v.id.split('/')[8]}` }),
          networkWatcher: flowLogs.networkWatcher && {
            ...flowLogs.networkWatcher,
            // Azure's own group unless told otherwise; a reference when this stack creates it.
            resourceGroupName: group(flowLogs.networkWatcher.resourceGroupName ?? 'NetworkWatcherRG'),
          },
        },
      }));
      // A Network Watcher the stack creates comes before the region's VNets: otherwise Azure creates its own when the
      // VNet appears, and this one fails with "already exists".
      const vnet = this.bastion?.virtualNetwork;
      const watcher = vnet && this.siemSources?.networkWatchers[subscription.bastion!.location ?? location];
      if (vnet && watcher) vnet.dependsOn = [...(vnet.dependsOn ?? []), dependable(watcher)];
      // Deliberate exception to the Microsoft cloud security benchmark gate (checkBaselinePolicies): the flow-log
      // storage accounts keep shared key access, because azurerm provisions storage data-plane items with the
      // account key unless every provider of the stack sets storage_use_azuread (azurerm v4.55.0,
      // website/docs/r/storage_account.html.markdown, shared_access_key_enabled).
      if (this.siemSources) PolicyPreflight.acknowledge(this.siemSources, {
        id: '8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54',
        reason: 'flow-log storage keeps shared key access: azurerm provisions data-plane items with the account key unless the provider sets storage_use_azuread, which this stack does not',
      });
    }

    if (subscription.defender !== false) {
      const defender = subscription.defender ?? {};
      this.defender = attempt(`${at}.defender`, subscription.defender, () => new DefenderForCloud(this, 'Defender', {
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
      }), { securityContact: '$.securityContact' });
    }
    for (const [k, jit] of (subscription.jit ?? []).entries()) {
      const jitLocation = jit.location ?? location;
      const policy = attempt(`${at}.jit[${k}]`, jit, () => new JitAccessPolicy(this, `Jit-${jit.resourceGroupName}-${jitLocation}`, {
        ...jit, location: jitLocation, networkSecurityGroupIds: jit.networkSecurityGroupIds?.map(ref),
      }));
      // The policy names its group literally (in its deployment, role name and VM ids): when this stack creates the
      // group, every resource of the policy waits for it.
      const createdGroup = groupResources.get(jit.resourceGroupName);
      if (policy && createdGroup) {
        for (const r of policy.node.findAll()) {
          if (r instanceof TerraformResource) r.dependsOn = [...(r.dependsOn ?? []), dependable(createdGroup)];
        }
      }
    }
    if (subscription.registry) {
      const registry = subscription.registry;
      const registryConstruct = attempt(`${at}.registry`, registry, () => new QuarantinedContainerRegistry(this, 'Registry', {
        allowedImagesScope: `/subscriptions/${subscription.subscriptionId}`,
        ...registry,
        resourceGroupName: group(registry.resourceGroupName),
        location: registry.location ?? location,
        privateEndpointSubnetId: registry.privateEndpointSubnetId && ref(registry.privateEndpointSubnetId),
        privateDnsVirtualNetworkIds: registry.privateDnsVirtualNetworkIds?.map(ref),
        logDestination,
      }));
      if (registryConstruct && !registry.customerManagedKey) {
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

/**
 * The config's own registries that a registry Deny at the management group would block (issue 11 item 9): they get
 * exemptions from the onboarding construct, which refuses a Deny without them.
 */
function kitRegistryExemptions(config: BaselineConfig): { exportRequiredRegistryIds: string[]; quarantineOffRegistryIds: string[] } {
  const needs = config.subscriptions.flatMap((s) => (s.registry
    ? [quarantinedRegistryPolicyExemptions(s.subscriptionId, { ...s.registry, location: s.registry.location ?? s.location ?? config.location })] : []));
  return { exportRequiredRegistryIds: needs.flatMap((n) => n.exportRequired), quarantineOffRegistryIds: needs.flatMap((n) => n.quarantineOff) };
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
  public readonly onboarding?: AutoOnboarding;

  constructor(scope: Construct, id: string, group: ManagementGroupConfig, config: BaselineConfig, problems?: ConfigProblems) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    new AzurermProvider(this, 'azurerm', { features: PROVIDER_FEATURES, subscriptionId: group.subscriptionId, tenantId: config.tenantId });
    applyBackend(this, id, config.backend);
    const onboarding = group.onboarding ?? {};
    const subscriptionScope = (s: SubscriptionConfig) => `/subscriptions/${s.subscriptionId}`;
    const ownDefender = config.subscriptions.filter((s) => s.defender !== false).map(subscriptionScope);
    const ownLogs = config.siem ? config.subscriptions.filter((s) => s.siemSources !== false).map(subscriptionScope) : [];
    const defender = area<AreaOptions<'defender'>>(onboarding.defender);
    const siem = area<AreaOptions<'siemForwarding'>>(onboarding.siemForwarding);
    const siemConfig = config.siem;
    const ids = () => siemConfig && SiemDestination.idsFor(siemDestinationNames(siemConfig), 'config.siem');
    const central = problems ? problems.attempt('$.siem', siemConfig, ids) : ids();
    const make = () => new AutoOnboarding(this, 'Onboarding', {
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
      registry: { ...area<AreaOptions<'registry'>>(onboarding.registry), ...kitRegistryExemptions(config) },
      // Existing resources are remediated per subscription (Azure re-evaluates compliance before remediating only at
      // subscription scope and below): every subscription the config knows under the group; each area skips the
      // ones it leaves to their stacks (notScopes).
      remediation: {
        subscriptionIds: uniqueIgnoringCase([...config.subscriptions.map((s) => s.subscriptionId), ...(onboarding.remediationSubscriptionIds ?? [])]),
      },
    });
    this.onboarding = problems
      ? problems.attempt('$.managementGroup.onboarding', onboarding, make, { 'defender.securityContact': '$.securityContact', siemForwarding: '$.managementGroup.onboarding.siemForwarding', siem: '$.managementGroup.onboarding.siemForwarding', 'siem.destination': '$.siem' })
      : make();
  }
}

/** The values in their first spelling, without repeats that differ only in case (as Azure compares ids). */
function uniqueIgnoringCase(values: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const v of values) if (!seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  return [...seen.values()];
}

/** The stacks the baseline builds, for tests and tooling. */
export interface Baseline {
  readonly subscriptions: readonly SubscriptionStack[];
  /** The management group's stack, when the config enables onboarding. */
  readonly managementGroup?: ManagementGroupStack;
}

/** Builds every stack of the baseline into `app`. The config must already be validated (see loadConfig). */
export function buildBaseline(app: App, config: BaselineConfig, file = '<config>'): Baseline {
  // Every construct's validation error is collected and reported with its JSON path, in one ConfigError.
  const problems = new ConfigProblems();
  const subscriptions = config.subscriptions.map((s) => new SubscriptionStack(app, s, config, problems));
  // The central SIEM goes first: every other subscription sends logs to it, and onboarding grants on it.
  const central = subscriptions.find((s) => s.siemDestination);
  if (central) for (const s of subscriptions) if (s !== central && s.siemSources) s.addDependency(central);
  const group = config.managementGroup;
  let managementGroup: ManagementGroupStack | undefined;
  if (group?.onboarding && group.onboarding.enabled !== false) {
    managementGroup = new ManagementGroupStack(app, 'management-group', group, config, problems);
    if (central) managementGroup.addDependency(central);
  }
  if (problems.lines.length > 0) throw new ConfigError(file, problems.lines);
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
