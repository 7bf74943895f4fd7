/**
 * Issue 11 item 6: every string a construct is given is data. For every construct the package exports, every string
 * leaf of a maximal props object (and every key of its string maps) is replaced, one at a time, by hostile text: a
 * Terraform interpolation and directive, cdktf token markers whose keys are not registered (string, list, map), the
 * text of an encoded number token, a `$` at the end. Each replacement must either be refused with a
 * GuardrailsValidationError naming the prop, or synthesize to Terraform JSON in which Terraform reads the text back
 * literally (terraformText below) wherever it was written; in ARM template bodies an expression-shaped string
 * (`[concat(...)]`) must arrive as a literal (`[[`). The set of string props is read from the type checker, so a new
 * string prop that no maximal props object exercises fails the coverage test.
 */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { TerraformStack, Testing, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DefenderForCloud, GuardrailsValidationError, JitAccessPolicy, JitNsgBaseline, JitRequesterRole, KitPolicyAssignment,
  KitPolicyDefinition, KitPolicyInitiative, QuarantinedContainerRegistry, SecureBastion, SentinelDetections, SentinelIncidentFlow,
  SentinelScheduledRule, SentinelSharedQueries, SiemDestination, SiemPrivateLinkScope, SiemSources, AutoOnboarding } from '../../lib';
import { escapeTerraform, findTokenMarkers, TerraformLiterals } from '../../lib/core/terraform-literal';
import { isExpressionString, unescapeLiteral } from '../../lib/policy-engine/expression-parser';
import { constructStringProps } from '../helpers/string-props';
import { jsonStrings, terraformText } from '../helpers/terraform-text';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const encoding = require('cdktf/lib/tokens/private/encoding') as { createTokenDouble(x: number, list: boolean): number };
/** The text of a number token cdktf never registered (index 2^40). */
const FORGED_NUMBER = String(encoding.createTokenDouble(2 ** 40, false));

const SUB = '00000000-0000-0000-0000-000000000001';
const CENTRAL = '00000000-0000-0000-0000-0000000000c0';
const MG = '/providers/Microsoft.Management/managementGroups/contoso-landing-zones';
const RG_ID = `/subscriptions/${SUB}/resourceGroups/rg-app`;
const WORKSPACE = `/subscriptions/${CENTRAL}/resourceGroups/rg-siem/providers/Microsoft.OperationalInsights/workspaces/law-siem`;
const NAMESPACE = `/subscriptions/${CENTRAL}/resourceGroups/rg-siem/providers/Microsoft.EventHub/namespaces/evhns-siem`;
const IDS = {
  workspaceId: WORKSPACE,
  workspaceCustomerId: '12345678-1234-1234-1234-123456789012',
  workspaceLocation: 'westeurope',
  eventHubAuthorizationRuleId: `${NAMESPACE}/authorizationRules/siem-diagnostics-send`,
  eventHubName: 'security-logs',
  eventHubExportAuthorizationRuleId: `${NAMESPACE}/eventhubs/security-logs/authorizationRules/siem-export-send`,
  eventHubNamespaceId: NAMESPACE,
  eventHubId: `${NAMESPACE}/eventhubs/security-logs`,
};
const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const SUBNET = `${VNET}/subnets/snet-pe`;
const NSG = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Network/networkSecurityGroups/nsg-app`;
const VM = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-app-01`;
const GUID = '12345678-1234-1234-1234-123456789abc';
const LATER = () => new Date('2026-06-01T00:00:00Z');

/** Hostile text carrying a tag, so that every place it was written can be found. No quotes or backslashes: JSON and KQL quoting leave it as it is. */
const hostile = (tag: string) =>
  `${tag} \${path.cwd} %{if true}y%{endif} \${TfToken[TOKEN.${900_000_000 + Number(tag.slice(1, -1))}]} #{TfToken[TOKEN.1]} &{TfToken[TOKEN.1]} ${FORGED_NUMBER} $`;
/** An ARM expression carrying a tag: in a template it must arrive as a literal. */
const armHostile = (tag: string) => `[concat('${tag}')]`;

interface Case {
  /** Builds the construct with these props into a stack that has an azurerm provider. */
  readonly build: (stack: Construct, props: Record<string, unknown>) => void;
  /** Maximal props: every string prop the construct has, set (several objects where props exclude each other). */
  readonly props: readonly Record<string, unknown>[];
  /** String props (type-checker paths) not exercised here, with the reason. */
  readonly notData?: Readonly<Record<string, string>>;
}

const destination = (stack: Construct) => new SiemDestination(stack, 'Siem', {
  subscriptionId: CENTRAL, resourceGroupName: 'rg-siem', location: 'westeurope', workspace: { name: 'law-siem' },
  sentinel: { tenantId: GUID },
});

const CASES: Record<string, Case> = {
  DefenderForCloud: {
    build: (s, p) => new DefenderForCloud(s, 'Defender', p as never),
    props: [{
      subscriptionId: SUB, deploymentLocation: 'westeurope', workspaceId: WORKSPACE, connectorsResourceGroupName: 'rg-connectors', connectorsLocation: 'westeurope',
      securityContact: { emails: ['secops@contoso.com'], phone: '+44 20 7946 0000' },
      plans: { plans: [
        { plan: 'VirtualMachines', extensions: ['AgentlessVmScanning', { name: 'FileIntegrityMonitoring', workspaceId: WORKSPACE }] },
        { plan: { unsafeCustomName: 'NewPlan' }, subPlan: { unsafeCustomName: 'NewSub' }, extensions: [{ unsafeCustomName: 'NewExt' }] },
      ] },
      awsConnectors: [{ accountId: '123456789012', name: 'aws-prod', regions: ['eu-west-1'], offerings: [{ offering: 'CspmMonitorAws', roleArn: 'arn:aws:iam::123456789012:role/CspmMonitorAws' }] }],
      gcpConnectors: [{ projectId: 'contoso-prod', projectNumber: '123456789012', name: 'gcp-prod', offerings: [{ offering: 'CspmMonitorGcp', workloadIdentityProviderId: 'cspm', serviceAccountEmailAddress: 'microsoft-defender-cspm@contoso-prod.iam.gserviceaccount.com' }] }],
    }],
    notData: {
      'plans.plans[].extensions[].properties.*': 'extension settings are typed per extension: each one is checked against its closed set or range',
      'plans.plans[].extensions[].unsafeAdditionalProperties.*': 'as above (an escape hatch passed to Azure as a settings object)',
      'plans.plans[].plan.properties.*': 'typing artefact of the plan union (no such prop)',
      'plans.plans[].subPlan.properties.*': 'typing artefact of the sub-plan union (no such prop)',
      'awsConnectors[].offerings[].arcAutoProvisioningRoleArn': 'one AWS offering per connector is exercised; every role ARN is checked by the same validator',
      'awsConnectors[].offerings[].cloudWatchToKinesisRoleArn': 'as above', 'awsConnectors[].offerings[].containerVulnerabilityAssessmentRoleArn': 'as above',
      'awsConnectors[].offerings[].containerVulnerabilityAssessmentTaskRoleArn': 'as above', 'awsConnectors[].offerings[].databasesDspmRoleArn': 'as above',
      'awsConnectors[].offerings[].kinesisToS3RoleArn': 'as above', 'awsConnectors[].offerings[].kubernetesScubaReaderRoleArn': 'as above',
      'awsConnectors[].offerings[].kubernetesServiceRoleArn': 'as above', 'awsConnectors[].offerings[].rdsRoleArn': 'as above',
      'awsConnectors[].offerings[].scubaExternalId': 'as above', 'awsConnectors[].offerings[].vmScannerExclusionTags.*': 'as above',
      'awsConnectors[].offerings[].vmScannerRoleArn': 'as above',
      'gcpConnectors[].offerings[].dataPipelineServiceAccountEmailAddress': 'one GCP offering is exercised; the others share its validators',
      'gcpConnectors[].offerings[].dataPipelineWorkloadIdentityProviderId': 'as above', 'gcpConnectors[].offerings[].vmScannerExclusionTags.*': 'as above',
    },
  },
  SecureBastion: {
    build: (s, p) => new SecureBastion(s, 'Bastion', p as never),
    props: [
      { name: 'bas-hub', resourceGroupName: 'rg-hub', location: 'westeurope', virtualNetworkName: 'vnet-hub', virtualNetworkAddressSpace: ['10.0.0.0/16'],
        subnetAddressPrefix: '10.0.0.0/26', sku: 'Standard', zones: ['1'], targetPorts: ['22'], tags: { owner: 'platform' },
        logDestination: IDS, diagnostics: { name: 'diag-bastion' } },
      { name: 'bas-hub', resourceGroupName: 'rg-hub', location: 'westeurope', virtualNetworkId: VNET, subnetId: `${VNET}/subnets/AzureBastionSubnet` },
    ],
  },
  JitAccessPolicy: {
    build: (s, p) => new JitAccessPolicy(s, 'Jit', p as never),
    props: [{
      resourceGroupName: 'rg-app', location: 'westeurope', policyName: 'default', deploymentName: 'jit-app', maxRequestAccessDuration: 'PT2H',
      allowedSourceAddressPrefixes: ['10.0.0.0/26'], networkSecurityGroupIds: [NSG], baselineRuleName: 'deny-mgmt', requesterPrincipalIds: [GUID], requesterRoleName: 'JIT requester app',
      ports: [{ number: 22, allowedSourceAddressPrefixes: ['10.0.0.0/26'], maxRequestAccessDuration: 'PT1H' }],
      virtualMachines: [{ id: VM, ports: [{ number: 3389, allowedSourceAddressPrefixes: ['10.0.1.0/26'], maxRequestAccessDuration: 'PT1H' }] }],
    }],
  },
  JitNsgBaseline: {
    build: (s, p) => new JitNsgBaseline(s, 'Baseline', p as never),
    props: [{ networkSecurityGroupIds: [NSG], ruleName: 'deny-mgmt' }],
  },
  JitRequesterRole: {
    build: (s, p) => new JitRequesterRole(s, 'Role', p as never),
    props: [{ scope: RG_ID, roleName: 'JIT requester', principalIds: [GUID] }],
  },
  QuarantinedContainerRegistry: {
    build: (s, p) => new QuarantinedContainerRegistry(s, 'Registry', p as never),
    props: [{
      name: 'crcontosotrusted', quarantineRegistryName: 'crcontosoquarantine', resourceGroupName: 'rg-registry', location: 'westeurope',
      privateEndpointSubnetId: SUBNET, privateEndpointLocation: 'westeurope', privateDnsVirtualNetworkIds: [VNET], replicaLocations: ['northeurope'],
      zoneRedundantRegions: ['westeurope'], scannerPrincipalId: GUID, promoterPrincipalId: GUID, pullPrincipals: [{ name: 'aks', principalId: GUID }],
      pushPrincipals: [{ name: 'ci', principalId: GUID }], allowedImagesScope: `/subscriptions/${SUB}`, allowedImagesAssignmentName: 'acr-allowed',
      allowedImagesExcludedNamespaces: ['kube-system'], loginServerSuffix: 'azurecr.io', tags: { owner: 'platform' }, logDestination: IDS,
      customerManagedKey: { keyVaultKeyId: 'https://kv-contoso.vault.azure.net/keys/acr', identityId: `/subscriptions/${SUB}/resourceGroups/rg-registry/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr`, identityClientId: GUID },
    }, {
      name: 'crcontosotrusted', resourceGroupName: 'rg-registry', location: 'westeurope', privateEndpointSubnetId: SUBNET,
      privateDnsZoneId: `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`,
    }],
  },
  SiemDestination: {
    build: (s, p) => new SiemDestination(s, 'Siem', p as never),
    props: [{
      subscriptionId: CENTRAL, resourceGroupName: 'rg-siem', location: 'westeurope', allowedLocations: ['westeurope'], tags: { owner: 'secops' },
      workspace: { name: 'law-siem' }, sentinel: { tenantId: GUID, defenderForCloudSubscriptionIds: [SUB] },
      eventHub: { namespaceName: 'evhns-contoso-siem', hubName: 'security-logs', consumerGroupName: 'siem', networkAccess: 'SelectedNetworks', allowedIpRanges: ['203.0.113.0/24'] },
    }, {
      subscriptionId: CENTRAL, resourceGroupName: 'rg-siem', location: 'westeurope',
      workspace: { existingWorkspaceId: WORKSPACE, existingWorkspaceCustomerId: GUID, existingWorkspaceLocation: 'westeurope' },
      eventHub: { existingNamespaceId: NAMESPACE, hubName: 'security-logs' },
    }],
  },
  SiemSources: {
    build: (s, p) => new SiemSources(s, 'Sources', p as never),
    props: [{
      subscriptionId: SUB, resourceGroupName: 'rg-security', location: 'westeurope', destination: IDS, tags: { owner: 'secops' },
      activityLog: { name: 'activity-to-siem' }, continuousExport: { targets: ['workspace'] },
      flowLogs: { virtualNetworks: [{ id: VNET, location: 'westeurope', name: 'hub-flowlog' }], networkWatcher: { resourceGroupName: 'NetworkWatcherRG' },
        storageAllowedIpRanges: ['203.0.113.0/24'],
        storageAccountIds: { westeurope: `/subscriptions/${SUB}/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stflowlogs` } },
    }, {
      subscriptionId: SUB, resourceGroupName: 'rg-security', location: 'westeurope', destination: IDS,
      continuousExport: { targets: ['eventHub'], eventHubConnectionString: 'Endpoint=sb://evhns-siem.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=abc;EntityPath=security-logs' },
    }],
  },
  KitPolicyDefinition: {
    build: (s, p) => new KitPolicyDefinition(s, 'Definition', p as never),
    props: [{ policyName: 'deny-bastion-shareable-links', scope: MG, definitionName: 'gr-deny-bastion-links' }],
    notData: { policiesFolder: 'a folder the construct reads files from (never written into Terraform)', 'scope.id': 'KitPolicyScope object (built by code)', 'scope.name': 'as above' },
  },
  KitPolicyInitiative: {
    build: (s, p) => new KitPolicyInitiative(s, 'Initiative', p as never),
    props: [{ policyName: 'registry-guardrails', scope: MG, initiativeName: 'gr-registry' }],
    notData: { policiesFolder: 'a folder the construct reads (never written into Terraform)', builtinRefsFile: 'a file the construct reads', 'scope.id': 'KitPolicyScope object', 'scope.name': 'as above' },
  },
  KitPolicyAssignment: {
    build: (s, p) => {
      const policy = KitPolicyInitiative.fromFile(s, 'Initiative', 'network-access-guardrails', { scope: MG });
      new KitPolicyAssignment(s, 'Assignment', { clock: LATER, ...(p as object), policy } as never);
    },
    props: [{
      scope: MG, assignmentName: 'gr-network', displayName: 'Network guardrails', description: 'Management ports closed', location: 'westeurope',
      parameters: { jitAllowedSourceAddressPrefix: '10.0.0.0/26' }, nonComplianceMessage: 'Use Bastion or JIT',
      nonComplianceMessages: { 'deny-management-ports-from-internet': 'Close the port' }, notScopes: [`/subscriptions/${SUB}`],
      exemptions: [{ name: 'legacy', scope: `/subscriptions/${CENTRAL}`, category: 'Waiver', expiresOn: '2099-01-01', description: 'Legacy VMs', displayName: 'Legacy', policyDefinitionReferenceIds: ['deny-management-ports-from-internet'] }],
      additionalRoleAssignmentScopes: [WORKSPACE, { scope: NAMESPACE, roleDefinitionGuids: ['f526a384-b230-433a-b45c-95f59c4a2dec'], onlyHere: true }],
      remediation: { locationFilters: ['westeurope'], subscriptionIds: [CENTRAL] },
      overrides: [{ value: 'Disabled', selectors: [{ kind: 'resourceLocation', in: ['westeurope'] }] }],
      resourceSelectors: [{ name: 'europe', selectors: [{ kind: 'resourceLocation', notIn: ['eastus'] }] }],
      identity: { type: 'UserAssigned', userAssignedIdentityId: `/subscriptions/${SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-policy`, principalId: GUID },
    }],
    notData: {
      'policy.displayName': 'the policy is a construct (KitPolicyInitiative) built by code', 'policy.members[].allowedEffects[]': 'as above',
      'policy.members[].definitionId': 'as above', 'policy.members[].displayName': 'as above', 'policy.members[].effectParameter': 'as above',
      'policy.members[].fixedEffect': 'as above', 'policy.members[].name': 'as above', 'policy.members[].parameters.*.type': 'as above',
      'policy.members[].referenceId': 'as above', 'policy.members[].roleDefinitionIds[]': 'as above', 'policy.parameterDeclarations.*.type': 'as above',
      'policy.policyDefinitionId': 'as above', 'policy.policyLabel': 'as above', 'policy.policyName': 'as above',
      'scope.id': 'KitPolicyScope object', 'scope.name': 'as above',
      'overrides[].selectors[].notIn[]': 'in and notIn share one validator; in is exercised',
      'resourceSelectors[].selectors[].in[]': 'in and notIn share one validator; notIn is exercised',
    },
  },
  AutoOnboarding: {
    build: (s, p) => new AutoOnboarding(s, 'Onboarding', { clock: LATER, ...(p as object) } as never),
    props: [{
      managementGroupId: MG, location: 'westeurope', assignmentNamePrefix: 'gr-', notScopes: [`/subscriptions/${SUB}`],
      remediation: { locationFilters: ['westeurope'], subscriptionIds: [SUB] },
      defender: {
        nonComplianceMessage: 'Defender is enforced', notScopes: [`/subscriptions/${CENTRAL}`],
        securityContact: { emails: ['secops@contoso.com'], phone: '+44 20 7946 0000' },
        exemptions: [{ name: 'lab', scope: `/subscriptions/${CENTRAL}`, category: 'Waiver', expiresOn: '2099-01-01', description: 'Lab', displayName: 'Lab', policyDefinitionReferenceIds: ['deploy-security-contacts'] }],
        plans: { plans: [{ plan: 'VirtualMachines', extensions: [{ name: 'FileIntegrityMonitoring', workspaceId: WORKSPACE }] }] },
      },
      siem: { destination: IDS, continuousExportResourceGroupName: 'rg-export', eventHubLocation: 'westeurope', nonComplianceMessage: 'Forward logs', notScopes: [`/subscriptions/${CENTRAL}`] },
      networkAccess: { jitAllowedSourceAddressPrefix: '10.0.0.0/26', managementPorts: ['22'], nonComplianceMessage: 'Close ports', notScopes: [`/subscriptions/${CENTRAL}`] },
      registry: { allowedContainerImagesRegex: '^crcontosotrusted\\.azurecr\\.io/.+$', nonComplianceMessage: 'Private registries', notScopes: [`/subscriptions/${CENTRAL}`],
        exportEffect: 'Deny', exportRequiredRegistryIds: [`/subscriptions/${SUB}/resourceGroups/rg-registry/providers/Microsoft.ContainerRegistry/registries/crcontosoq`],
        quarantinePolicyEffect: 'Deny', quarantineOffRegistryIds: [`/subscriptions/${SUB}/resourceGroups/rg-registry/providers/Microsoft.ContainerRegistry/registries/crcontoso`] },
    }],
    notData: {
      'defender.plans.plans[].extensions[].properties.*': 'typed extension settings (see DefenderForCloud)', 'defender.plans.plans[].extensions[].unsafeAdditionalProperties.*': 'as above',
      'defender.plans.plans[].extensions[].unsafeCustomName': 'custom plans have no onboarding member (refused, see DefenderForCloud)',
      'defender.plans.plans[].plan.properties.*': 'typing artefact', 'defender.plans.plans[].plan.unsafeCustomName': 'custom plans have no onboarding member',
      'defender.plans.plans[].subPlan.properties.*': 'typing artefact', 'defender.plans.plans[].subPlan.unsafeCustomName': 'custom plans have no onboarding member',
      'definitionScope.id': 'KitPolicyScope object', 'definitionScope.name': 'as above', 'managementGroupId.id': 'as above', 'managementGroupId.name': 'as above',
      definitionScope: 'same validator as managementGroupId (a management group id)', policiesFolder: 'a folder the construct reads', builtinRefsFile: 'a file the construct reads',
      'identity.principalId': 'KitPolicyAssignment exercises the identity props', 'identity.userAssignedIdentityId': 'as above',
      'networkAccess.exemptions[].description': 'exemptions of every area go through KitPolicyAssignment (exercised there and in defender)',
      'networkAccess.exemptions[].displayName': 'as above', 'networkAccess.exemptions[].expiresOn': 'as above', 'networkAccess.exemptions[].name': 'as above',
      'networkAccess.exemptions[].policyDefinitionReferenceIds[]': 'as above', 'networkAccess.exemptions[].scope': 'as above',
      'registry.exemptions[].description': 'as above', 'registry.exemptions[].displayName': 'as above', 'registry.exemptions[].expiresOn': 'as above',
      'registry.exemptions[].name': 'as above', 'registry.exemptions[].policyDefinitionReferenceIds[]': 'as above', 'registry.exemptions[].scope': 'as above',
      'siem.exemptions[].description': 'as above', 'siem.exemptions[].displayName': 'as above', 'siem.exemptions[].expiresOn': 'as above',
      'siem.exemptions[].name': 'as above', 'siem.exemptions[].policyDefinitionReferenceIds[]': 'as above', 'siem.exemptions[].scope': 'as above',
      'siem.destination.eventHubId': 'not read by onboarding', 'siem.destination.workspaceCustomerId': 'not read by onboarding', 'siem.destination.workspaceLocation': 'not read by onboarding',
    },
  },
  SentinelScheduledRule: {
    build: (s, p) => new SentinelScheduledRule(s, 'Rule', { ...(p as object), workspace: destination(s) } as never),
    props: [{
      name: 'guardrails-test-rule', displayName: 'Test rule', description: 'A rule', severity: 'Medium', query: 'AzureActivity | where OperationNameValue == "x"',
      queryFrequency: 'PT1H', queryPeriod: 'PT2H', tactics: ['Persistence'], techniques: ['T1098'], suppression: 'PT1H', alertDisplayNameFormat: 'Alert on {{Caller}}',
      entityMappings: [{ entityType: 'Account', fields: [{ identifier: 'FullName', column: 'Caller' }] }], customDetails: { Caller: 'Caller' },
      incidentGrouping: { lookback: 'PT5H', byCustomDetails: ['Caller'] },
    }],
    notData: { 'workspace.workspaceId': 'the workspace is a SiemDestination here; ids are validated as resource ids (see SiemSources.destination)' },
  },
  SentinelDetections: {
    build: (s, p) => new SentinelDetections(s, 'Detections', { ...(p as object), workspace: destination(s) } as never),
    props: [{ allowedCountries: ['GB'], privilegedEntraRoles: ['Global Administrator'], privilegedAzureRoleIds: ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635'], ruleNamePrefix: 'guardrails-' }],
    notData: {
      'defenderPlanBaseline.plans[].extensions[].properties.*': 'typed plan settings (see DefenderForCloud)', 'defenderPlanBaseline.plans[].extensions[].unsafeAdditionalProperties.*': 'as above',
      'defenderPlanBaseline.plans[].extensions[].unsafeCustomName': 'as above', 'defenderPlanBaseline.plans[].extensions[].workspaceId': 'as above',
      'defenderPlanBaseline.plans[].plan.properties.*': 'as above', 'defenderPlanBaseline.plans[].plan.unsafeCustomName': 'as above',
      'defenderPlanBaseline.plans[].subPlan.properties.*': 'as above', 'defenderPlanBaseline.plans[].subPlan.unsafeCustomName': 'as above',
      'workspace.workspaceId': 'the workspace is a SiemDestination here',
    },
  },
  SentinelIncidentFlow: {
    build: (s, p) => new SentinelIncidentFlow(s, 'Incidents', { ...(p as object), workspace: destination(s) } as never),
    props: [{ defenderXdr: { tenantId: GUID }, microsoftIncidentRules: [{ product: 'DefenderForIoT', alertNames: ['Impossible travel'], excludeAlertNames: ['Test alert'] }] }],
    notData: { 'workspace.workspaceId': 'the workspace is a SiemDestination here' },
  },
  SentinelSharedQueries: {
    build: (s, p) => new SentinelSharedQueries(s, 'Queries', { ...(p as object), workspace: { workspaceId: WORKSPACE } } as never),
    props: [{ resourceGroupName: 'rg-siem', managedManagementGroupId: MG, savedSearchCategory: 'Guardrails', tags: { owner: 'secops' } }],
    notData: {
      'defenderPlanBaseline.plans[].extensions[].properties.*': 'typed plan settings (see DefenderForCloud)', 'defenderPlanBaseline.plans[].extensions[].unsafeAdditionalProperties.*': 'as above',
      'defenderPlanBaseline.plans[].extensions[].unsafeCustomName': 'as above', 'defenderPlanBaseline.plans[].extensions[].workspaceId': 'as above',
      'defenderPlanBaseline.plans[].plan.properties.*': 'as above', 'defenderPlanBaseline.plans[].plan.unsafeCustomName': 'as above',
      'defenderPlanBaseline.plans[].subPlan.properties.*': 'as above', 'defenderPlanBaseline.plans[].subPlan.unsafeCustomName': 'as above',
      'workspace.workspaceId': 'validated as a resource id (the same validator as the other workspace ids)',
    },
  },
  SiemPrivateLinkScope: {
    build: (s, p) => new SiemPrivateLinkScope(s, 'PrivateLink', { ...(p as object), workspace: destination(s) } as never),
    props: [{
      resourceGroupName: 'rg-siem', location: 'westeurope', subnetId: SUBNET, name: 'ampls-siem', tags: { owner: 'secops' },
      dataCollectionEndpointIds: [`/subscriptions/${CENTRAL}/resourceGroups/rg-siem/providers/Microsoft.Insights/dataCollectionEndpoints/dce-siem`],
      privateDnsVirtualNetworkIds: [VNET],
    }, {
      resourceGroupName: 'rg-siem', location: 'westeurope', subnetId: SUBNET,
      privateDnsZoneIds: Object.fromEntries(['privatelink.monitor.azure.com', 'privatelink.oms.opinsights.azure.com', 'privatelink.ods.opinsights.azure.com',
        'privatelink.agentsvc.azure-automation.net', 'privatelink.blob.core.windows.net'].map((z) => [z, `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`])),
    }],
    notData: { 'workspace.workspaceId': 'the workspace is a SiemDestination here' },
  },
};

/** A string leaf of a props object: its path (`a.b[0]`, or `a.b{}` for a map key) and how to replace it. */
interface Leaf {
  readonly path: string;
  readonly typePath: string;
  readonly set: (root: Record<string, unknown>, value: string) => Record<string, unknown>;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Props whose keys are data (maps), not prop names. */
const MAP_PROPS = new Set(['tags', 'customDetails', 'nonComplianceMessages', 'storageAccountIds', 'privateDnsZoneIds', 'parameters', 'vmScannerExclusionTags']);

function leaves(value: unknown): Leaf[] {
  const out: Leaf[] = [];
  const visit = (v: unknown, at: (string | number)[], typeAt: string): void => {
    if (typeof v === 'string') {
      out.push({ path: render(at), typePath: typeAt, set: (root, x) => replaceAt(root, at, x) });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...at, i], `${typeAt}[]`));
    } else if (isPlain(v)) {
      const isMap = MAP_PROPS.has(String(at[at.length - 1]));
      for (const k of Object.keys(v)) visit(v[k], [...at, k], isMap ? `${typeAt}.*` : (typeAt ? `${typeAt}.${k}` : k));
      if (isMap) out.push({ path: `${render(at)}{}`, typePath: `${typeAt}{}`, set: (root, x) => replaceAt(root, at, { ...v, [x]: 'v' }) });
    }
  };
  visit(value, [], '');
  return out;
}

function render(at: readonly (string | number)[]): string {
  return at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function replaceAt(root: unknown, at: readonly (string | number)[], value: unknown): Record<string, unknown> {
  if (at.length === 0) return value as Record<string, unknown>;
  const [head, ...rest] = at;
  if (Array.isArray(root)) return root.map((x, i) => (i === head ? replaceAt(x, rest, value) : x)) as never;
  const obj = root as Record<string, unknown>;
  return { ...obj, [head]: replaceAt(obj[head as string], rest, value) };
}

function freshStack(): TerraformStack {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: SUB });
  return stack;
}

type Outcome = { kind: 'refused'; error: GuardrailsValidationError } | { kind: 'built'; stack: TerraformStack };

function attempt(c: Case, props: Record<string, unknown>): Outcome {
  const stack = freshStack();
  try {
    c.build(stack, props);
  } catch (e) {
    if (e instanceof GuardrailsValidationError) return { kind: 'refused', error: e };
    throw new Error(`not a GuardrailsValidationError: ${(e as Error).stack}`);
  }
  return { kind: 'built', stack };
}

/** The last property name of a leaf path (`emails` for `securityContact.emails[0]`, `tags` for a tag key). */
const lastName = (path: string) => /([A-Za-z]+)(?:\[\d+\]|\{\})*$/.exec(path)?.[1] ?? path;

/** Every string of the synthesized stack that carries `tag`, as Terraform reads it; template bodies parsed as ARM JSON. */
function writtenForms(json: unknown, tag: string): { pointer: string; text: string; arm?: string[] }[] {
  const found: { pointer: string; text: string; arm?: string[] }[] = [];
  for (const s of jsonStrings(json)) {
    const read = terraformText(s.value);   // throws on malformed template text anywhere
    if (!read.text.includes(tag)) continue;
    let arm: string[] | undefined;
    if (/\/template_content$/.test(s.pointer)) arm = jsonStrings(JSON.parse(read.text.replace(/⟦expr⟧/g, 'ref'))).map((x) => x.value).filter((x) => x.includes(tag));
    found.push({ pointer: s.pointer, text: read.text, arm });
  }
  return found;
}

describe('hostile strings in construct props (issue 11 item 6)', () => {
  test('every string prop of every construct is exercised (or listed as not data, with a reason)', () => {
    const typed = constructStringProps();
    const missing: string[] = [];
    for (const [name, paths] of Object.entries(typed)) {
      const c = CASES[name];
      if (!c) {
        missing.push(`${name}: no case`);
        continue;
      }
      const exercised = new Set(c.props.flatMap((p) => leaves(p).map((l) => l.typePath.replace(/\{\}$/, '.*'))));
      for (const p of new Set(paths)) if (!exercised.has(p) && !(c.notData && p in c.notData)) missing.push(`${name}: ${p}`);
    }
    expect(missing).toEqual([]);
  });

  /**
   * Replaces every leaf of `base` at once (each with its own tag). A refusal names one prop and shows its value, so the
   * refused leaf is found by its tag, checked, and left out of the next attempt; what builds is synthesized once.
   */
  function exercise(c: Case, base: Record<string, unknown>, payload: (tag: string) => string, first: number,
    check: (json: unknown, accepted: readonly { leaf: Leaf; tag: string }[]) => string[]): string[] {
    const problems: string[] = [];
    let pending = leaves(base).map((leaf, i) => ({ leaf, tag: `Q${first + i}Q` }));
    for (;;) {
      const props = pending.reduce((p, { leaf, tag }) => leaf.set(p, payload(tag)), base);
      const outcome = attempt(c, props);
      if (outcome.kind === 'built') return [...problems, ...check(JSON.parse(Testing.synth(outcome.stack, true)), pending)];
      // Found by the value the message shows, or (a value not shown, such as a secret) by the prop it names.
      const refused = pending.find(({ tag }) => outcome.error.message.includes(payload(tag).slice(0, 40)))
        ?? pending.find(({ leaf }) => leaf.path === outcome.error.property);
      if (!refused) return [...problems, `refused naming none of the hostile values: ${outcome.error.message}`];
      const named = lastName(refused.leaf.path).toLowerCase();
      const property = lastName(outcome.error.property).toLowerCase();
      const within = refused.leaf.path.startsWith(outcome.error.property);   // the prop holding the field (an extension object)
      if (!(within || named.includes(property) || property.includes(named))) problems.push(`${refused.leaf.path}: refused as ${outcome.error.property}: ${outcome.error.message}`);
      pending = pending.filter((p) => p !== refused);
    }
  }

  for (const [name, c] of Object.entries(CASES)) {
    test(`${name}: hostile text in any string prop is refused naming the prop, or reaches Terraform as text`, () => {
      const problems: string[] = [];
      c.props.forEach((base, b) => {
        const plain = attempt(c, base);
        if (plain.kind === 'refused') throw plain.error;
        problems.push(...exercise(c, base, hostile, 1000 * b + 1, (json, accepted) => accepted.flatMap(({ leaf, tag }) =>
          writtenForms(json, tag).filter((f) => !f.text.includes(hostile(tag)))
            .map((f) => `${leaf.path}: written at ${f.pointer} as ${JSON.stringify(f.text.slice(0, 300))}`))));
        problems.push(...exercise(c, base, armHostile, 1000 * b + 1, (json, accepted) => accepted.flatMap(({ leaf, tag }) =>
          writtenForms(json, tag).flatMap((f) => (f.arm ?? []).filter((v) => isExpressionString(v) || unescapeLiteral(v) !== armHostile(tag))
            .map((v) => `${leaf.path}: ARM template at ${f.pointer} holds ${JSON.stringify(v)}`)))).filter((p) => !p.includes('refused')));
      });
      expect(problems).toEqual([]);
    });
  }
});

describe('escapeTerraform and TerraformLiterals', () => {
  function synthTags(tags: Record<string, string>, apply = true): Record<string, string> {
    const stack = freshStack();
    new ResourceGroup(stack, 'Group', { name: 'rg', location: 'westeurope', tags });
    if (apply) TerraformLiterals.applyTo(stack);
    const json = JSON.parse(Testing.synth(stack));
    return json.resource.azurerm_resource_group.Group.tags;
  }

  test.each([
    ['an interpolation', '${file("/etc/passwd")}', '$${file("/etc/passwd")}'],
    ['a directive', '%{ if true }x%{ endif }', '%%{ if true }x%%{ endif }'],
    ['an escape the user typed', '$${x}', '$$${x}'],
    ['a forged string marker', '${TfToken[TOKEN.999999999]}', '${"$"}{TfToken[TOKEN.999999999]}'],
    ['a forged list marker', '#{TfToken[TOKEN.1]}', '${"#"}{TfToken[TOKEN.1]}'],
    ['a forged map marker', '&{TfToken[TOKEN.1]}', '${"&"}{TfToken[TOKEN.1]}'],
    ['the map-token placeholder', Token.STRING_MAP_TOKEN_VALUE, 'S${""}tring Map Token Value'],
    ['a "$" before a forged marker', '$${TfToken[X.1]}', '${"$"}${"$"}{TfToken[X.1]}'],
  ])('%s is written so that Terraform reads the text back', (_name, input, written) => {
    expect(escapeTerraform(input)).toBe(written);
    const synthesized = synthTags({ t: input });
    expect(synthesized.t).toBe(written);
    expect(terraformText(synthesized.t)).toEqual({ text: input, expressions: [], directives: [] });
  });

  test('the text of a forged number token gets an empty interpolation before its exponent', () => {
    const written = synthTags({ t: `n=${FORGED_NUMBER}` }).t;
    expect(written).not.toContain(FORGED_NUMBER);
    expect(terraformText(written).text).toBe(`n=${FORGED_NUMBER}`);
  });

  test('without the aspect, cdktf evaluates the same inputs (the defect the aspect fixes)', () => {
    expect(synthTags({ t: '${file("/etc/passwd")}' }, false).t).toBe('${file("/etc/passwd")}');
    expect(() => synthTags({ t: '${TfToken[TOKEN.999999999]}' }, false)).toThrow(/Unrecognized token key/i);
  });

  test('tokens made by code stay references, also inside text; text around them is escaped', () => {
    const stack = freshStack();
    const other = new ResourceGroup(stack, 'Other', { name: 'rg-other', location: 'westeurope' });
    const n = Token.asNumber(other.location);
    new ResourceGroup(stack, 'Group', { name: 'rg', location: 'westeurope', tags: { a: other.name, b: `\${x}-${other.name}-%{y}`, c: `a$${other.name}`, d: `a\${${other.name}}`, e: `n ${n}` } });
    TerraformLiterals.applyTo(stack);
    const tags = JSON.parse(Testing.synth(stack)).resource.azurerm_resource_group.Group.tags;
    expect(tags.a).toBe('${azurerm_resource_group.Other.name}');
    expect(terraformText(tags.b)).toEqual({ text: '${x}-⟦expr⟧-%{y}', expressions: ['azurerm_resource_group.Other.name'], directives: [] });
    expect(terraformText(tags.c)).toEqual({ text: 'a$⟦expr⟧', expressions: ['azurerm_resource_group.Other.name'], directives: [] });
    // An unbalanced "${" before a reference does not swallow the reference's braces.
    expect(terraformText(tags.d)).toEqual({ text: 'a${⟦expr⟧}', expressions: ['azurerm_resource_group.Other.name'], directives: [] });
    expect(tags.e).toBe('n ${azurerm_resource_group.Other.location}');
  });

  test('a registered marker typed into a literal-only prop is refused, not turned into a reference', () => {
    const stack = freshStack();
    const group = new ResourceGroup(stack, 'Group', { name: 'rg', location: 'westeurope' });
    expect(() => new SentinelScheduledRule(stack, 'Rule', {
      workspace: { workspaceId: WORKSPACE }, name: 'r', displayName: 'R', description: `see ${group.name}`, severity: 'Low',
      query: 'AzureActivity', tactics: ['Persistence'],
    })).toThrow(/invalid description .*must be a literal string, not a reference/);
  });

  test('findTokenMarkers reports every marker in data, in values, keys and numbers', () => {
    const data = { a: 'plain ${x}', b: ['${TfToken[TOKEN.3]}'], c: { '#{TfToken[TOKEN.1]}': 1 }, d: Number(FORGED_NUMBER), e: `x ${FORGED_NUMBER}` };
    expect(findTokenMarkers(data).map((f) => f.path)).toEqual(['$.b[0]', '$.c["#{TfToken[TOKEN.1]}"]', '$.d', '$.e']);
  });

  test('tags are checked by one validator (lib/core requireTags) in every construct that takes them', () => {
    const long = 'x'.repeat(257);
    const bastion = CASES.SecureBastion.props[0];
    const registry = CASES.QuarantinedContainerRegistry.props[0];
    for (const [c, props] of [[CASES.SecureBastion, bastion], [CASES.QuarantinedContainerRegistry, registry]] as const) {
      const outcome = attempt(c, { ...props, tags: { owner: long } });
      expect(outcome.kind).toBe('refused');
      if (outcome.kind === 'refused') expect(outcome.error.property).toBe('tags.owner');
    }
  });

  test('a string longer than the bound is refused rather than scanned', () => {
    expect(() => escapeTerraform('x'.repeat(4_000_001))).toThrow(RangeError);
  });
});
