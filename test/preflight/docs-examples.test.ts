/**
 * Per mapped type: the first example of the azurerm v4.55.0 documentation page (test/preflight/fixtures/docs, copied
 * verbatim) translated, and the request body azurerm's create code would send for it (values read from the
 * resource's Go code: defaults of omitted arguments included). "(known after apply)" is a value Terraform knows only
 * after apply (a reference to another resource's id, a data source, a function of the file system).
 */
import * as fs from 'fs';
import * as path from 'path';
import { isCustom, mappedTypes } from '../../lib/preflight';
import { FIXTURES, KNOWN_AFTER_APPLY as U, docExample, one, plain, resourcesOf, translateHcl } from './helpers';
import { WORKLOAD_CASES } from './docs-cases-workloads';
import { EDGE_CASES } from './docs-examples-edge';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';

interface Case {
  /** Terraform address in the example. */
  readonly address: string;
  /** ARM type to check (the main resource unless a child is named). */
  readonly armType: string;
  readonly apiVersion: string;
  /** Expected subset of the ARM JSON. */
  readonly expect: Record<string, unknown>;
  /** Other ARM resources the address produces (children), by type. */
  readonly children?: readonly string[];
}

const CASES: Record<string, Case> = {
  azurerm_bastion_host: {
    address: 'azurerm_bastion_host.example', armType: 'Microsoft.Network/bastionHosts', apiVersion: '2024-01-01',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Network/bastionHosts/examplebastion`, location: 'westeurope', sku: { name: 'Basic' }, properties: { scaleUnits: 2, disableCopyPaste: true, ipConfigurations: [{ name: 'configuration', properties: { subnet: { id: U }, publicIPAddress: { id: U } } }] } },
  },
  azurerm_container_registry: {
    address: 'azurerm_container_registry.acr', armType: 'Microsoft.ContainerRegistry/registries', apiVersion: '2025-04-01',
    expect: { sku: { name: 'Premium', tier: 'Premium' }, identity: { type: 'None', userAssignedIdentities: null }, properties: { adminUserEnabled: false, anonymousPullEnabled: false, dataEndpointEnabled: false, publicNetworkAccess: 'Enabled', zoneRedundancy: 'Disabled', networkRuleBypassOptions: 'AzureServices', policies: { quarantinePolicy: { status: 'disabled' }, exportPolicy: { status: 'enabled' }, retentionPolicy: {}, trustPolicy: {} } } },
  },
  azurerm_eventhub: {
    address: 'azurerm_eventhub.example', armType: 'Microsoft.EventHub/namespaces/eventhubs', apiVersion: '2024-01-01',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.EventHub/namespaces/acceptanceTestEventHubNamespace/eventhubs/acceptanceTestEventHub`, properties: { partitionCount: 2, status: 'Active', messageRetentionInDays: 1 } },
  },
  azurerm_eventhub_authorization_rule: {
    address: 'azurerm_eventhub_authorization_rule.example', armType: 'Microsoft.EventHub/namespaces/eventhubs/authorizationRules', apiVersion: '2024-01-01',
    expect: { name: 'navi', properties: { rights: ['Listen'] } },
  },
  azurerm_eventhub_consumer_group: {
    address: 'azurerm_eventhub_consumer_group.example', armType: 'Microsoft.EventHub/namespaces/eventhubs/consumergroups', apiVersion: '2024-01-01',
    expect: { properties: { userMetadata: 'some-meta-data' } },
  },
  azurerm_eventhub_namespace: {
    address: 'azurerm_eventhub_namespace.example', armType: 'Microsoft.EventHub/namespaces', apiVersion: '2024-01-01',
    expect: { sku: { name: 'Standard', tier: 'Standard', capacity: 2 }, tags: { environment: 'Production' }, properties: { isAutoInflateEnabled: false, disableLocalAuth: false, publicNetworkAccess: 'Enabled', minimumTlsVersion: '1.2' } },
  },
  azurerm_eventhub_namespace_authorization_rule: {
    address: 'azurerm_eventhub_namespace_authorization_rule.example', armType: 'Microsoft.EventHub/namespaces/authorizationRules', apiVersion: '2024-01-01',
    expect: { properties: { rights: ['Listen'] } },
  },
  azurerm_key_vault: {
    address: 'azurerm_key_vault.example', armType: 'Microsoft.KeyVault/vaults', apiVersion: '2023-02-01',
    expect: { properties: { tenantId: U, sku: { family: 'A', name: 'standard' }, enabledForDiskEncryption: true, enabledForDeployment: false, enableSoftDelete: true, softDeleteRetentionInDays: 7, publicNetworkAccess: 'Enabled', accessPolicies: [{ permissions: { keys: ['Get'], secrets: ['Get'], storage: ['Get'], certificates: [] }, objectId: U, tenantId: U }] } },
  },
  azurerm_linux_virtual_machine: {
    address: 'azurerm_linux_virtual_machine.example', armType: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01',
    expect: { properties: { hardwareProfile: { vmSize: 'Standard_F2' }, priority: 'Regular', networkProfile: { networkInterfaces: [{ id: U, properties: { primary: true } }] }, diagnosticsProfile: { bootDiagnostics: { enabled: false, storageUri: '' } }, storageProfile: { dataDisks: [], osDisk: { caching: 'ReadWrite', createOption: 'FromImage', osType: 'Linux', managedDisk: { storageAccountType: 'Standard_LRS' } }, imageReference: { publisher: 'Canonical', sku: '22_04-lts' } }, osProfile: { adminUsername: 'adminuser', computerName: 'example-machine', allowExtensionOperations: true, linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true, ssh: { publicKeys: [{ keyData: U, path: '/home/adminuser/.ssh/authorized_keys' }] }, patchSettings: { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' } } } } },
  },
  azurerm_log_analytics_workspace: {
    address: 'azurerm_log_analytics_workspace.example', armType: 'Microsoft.OperationalInsights/workspaces', apiVersion: '2022-10-01',
    expect: { properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30, publicNetworkAccessForIngestion: 'Enabled', publicNetworkAccessForQuery: 'Enabled', features: { disableLocalAuth: false, enableLogAccessUsingOnlyResourcePermissions: true }, workspaceCapping: { dailyQuotaGb: -1 } } },
  },
  azurerm_managed_disk: {
    address: 'azurerm_managed_disk.example', armType: 'Microsoft.Compute/disks', apiVersion: '2023-04-02',
    expect: { sku: { name: 'Standard_LRS' }, properties: { creationData: { createOption: 'Empty', performancePlus: false }, diskSizeGB: 1, encryption: { type: 'EncryptionAtRestWithPlatformKey' }, networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled', osType: '' } },
  },
  azurerm_management_group_policy_assignment: {
    address: 'azurerm_management_group_policy_assignment.example', armType: 'Microsoft.Authorization/policyAssignments', apiVersion: '2022-06-01',
    expect: { name: 'example-policy', properties: { enforcementMode: 'Default', displayName: '', policyDefinitionId: U, scope: U } },
  },
  azurerm_management_group_policy_exemption: {
    address: 'azurerm_management_group_policy_exemption.example', armType: 'Microsoft.Authorization/policyExemptions', apiVersion: '2020-07-01-preview',
    expect: { properties: { exemptionCategory: 'Mitigated', policyDefinitionReferenceIds: [], policyAssignmentId: U } },
  },
  azurerm_management_group_policy_remediation: {
    address: 'azurerm_management_group_policy_remediation.example', armType: 'Microsoft.PolicyInsights/remediations', apiVersion: '2021-10-01',
    expect: { properties: { filters: { locations: [] }, policyDefinitionReferenceId: '' } },
  },
  azurerm_management_group_policy_set_definition: {
    address: 'azurerm_management_group_policy_set_definition.example', armType: 'Microsoft.Authorization/policySetDefinitions', apiVersion: '2025-01-01',
    expect: { properties: { policyType: 'Custom', displayName: 'Example', policyDefinitions: [{ policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/e765b5de-1225-4ba3-bd56-1ac6695af988', parameters: { listOfAllowedLocations: { value: "[parameters('allowedLocations')]" } }, definitionVersion: '1.0.*' }] } },
  },
  azurerm_management_group_template_deployment: {
    // The template's policy assignment, with the policyDefinitionID parameter substituted from parameters_content.
    address: 'azurerm_management_group_template_deployment.example', armType: 'Microsoft.Authorization/policyAssignments', apiVersion: '2019-09-01',
    expect: { properties: { policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/0a914e76-4921-4c19-b460-a2d36003525a', scope: U }, name: U },
  },
  azurerm_monitor_aad_diagnostic_setting: {
    address: 'azurerm_monitor_aad_diagnostic_setting.example', armType: 'microsoft.aadiam/diagnosticSettings', apiVersion: '2017-04-01',
    expect: { id: '/providers/microsoft.aadiam/diagnosticSettings/setting1', properties: { logs: [{ category: 'SignInLogs', enabled: true }, { category: 'AuditLogs', enabled: true }, { category: 'NonInteractiveUserSignInLogs', enabled: true }, { category: 'ServicePrincipalSignInLogs', enabled: true }], storageAccountId: U } },
  },
  azurerm_monitor_diagnostic_setting: {
    // An extension resource of the key vault it targets.
    address: 'azurerm_monitor_diagnostic_setting.example', armType: 'Microsoft.Insights/diagnosticSettings', apiVersion: '2021-05-01-preview',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.KeyVault/vaults/examplekeyvault/providers/Microsoft.Insights/diagnosticSettings/example`, properties: { logs: [{ category: 'AuditEvent', enabled: true }], metrics: [{ category: 'AllMetrics', enabled: true }], storageAccountId: U } },
  },
  azurerm_mssql_database: {
    address: 'azurerm_mssql_database.example', armType: 'Microsoft.Sql/servers/databases', apiVersion: '2023-08-01-preview',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Sql/servers/example-sqlserver/databases/example-db`, sku: { name: 'S0' }, properties: { collation: 'SQL_Latin1_General_CP1_CI_AS', licenseType: 'LicenseIncluded', maxSizeBytes: 2147483648, createMode: 'Default', readScale: 'Disabled', zoneRedundant: false, requestedBackupStorageRedundancy: 'Geo', preferredEnclaveType: 'VBS', maintenanceConfigurationId: '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Maintenance/publicMaintenanceConfigurations/SQL_Default' } },
    children: ['Microsoft.Sql/servers/databases/transparentDataEncryption'],
  },
  azurerm_mssql_server: {
    address: 'azurerm_mssql_server.example', armType: 'Microsoft.Sql/servers', apiVersion: '2023-08-01-preview',
    expect: { properties: { version: '12.0', minimalTlsVersion: '1.2', publicNetworkAccess: 'Enabled', restrictOutboundNetworkAccess: 'Disabled', administratorLogin: 'missadministrator', administrators: { administratorType: 'ActiveDirectory', login: 'AzureAD Admin', sid: '00000000-0000-0000-0000-000000000000', azureADOnlyAuthentication: false } } },
    children: ['Microsoft.Sql/servers/connectionPolicies', 'Microsoft.Sql/servers/sqlVulnerabilityAssessments'],
  },
  azurerm_network_interface: {
    address: 'azurerm_network_interface.example', armType: 'Microsoft.Network/networkInterfaces', apiVersion: '2025-01-01',
    expect: { properties: { enableIPForwarding: false, enableAcceleratedNetworking: false, ipConfigurations: [{ name: 'internal', properties: { privateIPAllocationMethod: 'Dynamic', privateIPAddressVersion: 'IPv4', subnet: { id: U }, primary: false } }] } },
  },
  azurerm_network_security_group: {
    address: 'azurerm_network_security_group.example', armType: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2025-01-01',
    expect: { tags: { environment: 'Production' }, properties: { securityRules: [{ name: 'test123', properties: { protocol: 'Tcp', access: 'Allow', direction: 'Inbound', priority: 100, sourcePortRange: '*', destinationPortRange: '*', sourceAddressPrefix: '*', destinationAddressPrefix: '*' } }] } },
    children: ['Microsoft.Network/networkSecurityGroups/securityRules'],
  },
  azurerm_network_security_rule: {
    address: 'azurerm_network_security_rule.example', armType: 'Microsoft.Network/networkSecurityGroups/securityRules', apiVersion: '2025-01-01',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Network/networkSecurityGroups/acceptanceTestSecurityGroup1/securityRules/test123`, properties: { direction: 'Outbound', priority: 100, protocol: 'Tcp' } },
  },
  azurerm_network_watcher: {
    address: 'azurerm_network_watcher.example', armType: 'Microsoft.Network/networkWatchers', apiVersion: '2025-01-01',
    expect: { name: 'production-nwwatcher', location: 'westeurope', tags: {} },
  },
  azurerm_network_watcher_flow_log: {
    address: 'azurerm_network_watcher_flow_log.test', armType: 'Microsoft.Network/networkWatchers/flowLogs', apiVersion: '2025-01-01',
    expect: { location: U, properties: { enabled: true, targetResourceId: U, retentionPolicy: { enabled: true, days: 7 }, format: { version: 1 }, flowAnalyticsConfiguration: { networkWatcherFlowAnalyticsConfiguration: { enabled: true, workspaceRegion: 'West Europe', trafficAnalyticsInterval: 10 } } } },
  },
  azurerm_policy_definition: {
    address: 'azurerm_policy_definition.policy', armType: 'Microsoft.Authorization/policyDefinitions', apiVersion: '2021-06-01',
    expect: { id: `${SUB}/providers/Microsoft.Authorization/policyDefinitions/accTestPolicy`, properties: { policyType: 'Custom', mode: 'Indexed', metadata: { category: 'General' }, policyRule: { then: { effect: 'audit' } } } },
  },
  azurerm_policy_set_definition: {
    address: 'azurerm_policy_set_definition.example', armType: 'Microsoft.Authorization/policySetDefinitions', apiVersion: '2025-01-01',
    expect: { properties: { policyType: 'Custom', policyDefinitions: [{ policyDefinitionReferenceId: '', groupNames: null }] } },
  },
  azurerm_private_dns_zone: {
    address: 'azurerm_private_dns_zone.example', armType: 'Microsoft.Network/privateDnsZones', apiVersion: '2024-06-01',
    expect: { name: 'mydomain.com', location: 'global' },
  },
  azurerm_private_dns_zone_virtual_network_link: {
    address: 'azurerm_private_dns_zone_virtual_network_link.example', armType: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks', apiVersion: '2024-06-01',
    expect: { location: 'global', properties: { registrationEnabled: false, virtualNetwork: { id: U } } },
  },
  azurerm_private_endpoint: {
    address: 'azurerm_private_endpoint.example', armType: 'Microsoft.Network/privateEndpoints', apiVersion: '2025-01-01',
    expect: { properties: { privateLinkServiceConnections: [{ name: 'example-privateserviceconnection', properties: { groupIds: [], privateLinkServiceId: U } }], manualPrivateLinkServiceConnections: [], ipConfigurations: [], customNetworkInterfaceName: '', subnet: { id: U } } },
  },
  azurerm_public_ip: {
    address: 'azurerm_public_ip.example', armType: 'Microsoft.Network/publicIPAddresses', apiVersion: '2025-01-01',
    expect: { sku: { name: 'Standard', tier: 'Regional' }, properties: { publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4', idleTimeoutInMinutes: 4, ddosSettings: { protectionMode: 'VirtualNetworkInherited' } } },
  },
  azurerm_route_table: {
    address: 'azurerm_route_table.example', armType: 'Microsoft.Network/routeTables', apiVersion: '2025-01-01',
    expect: { tags: { environment: 'Production' }, properties: { routes: [{ name: 'route1', properties: { addressPrefix: '10.1.0.0/16', nextHopType: 'VnetLocal' } }], disableBgpRoutePropagation: false } },
    children: ['Microsoft.Network/routeTables/routes'],
  },
  azurerm_nat_gateway: {
    address: 'azurerm_nat_gateway.example', armType: 'Microsoft.Network/natGateways', apiVersion: '2025-01-01',
    expect: { sku: { name: 'Standard' }, zones: ['1'], properties: { idleTimeoutInMinutes: 10 } },
  },
  azurerm_resource_group: {
    address: 'azurerm_resource_group.example', armType: 'Microsoft.Resources/resourceGroups', apiVersion: '2023-07-01',
    expect: { id: `${SUB}/resourceGroups/example`, location: 'westeurope', tags: {} },
  },
  azurerm_resource_group_policy_assignment: {
    address: 'azurerm_resource_group_policy_assignment.example', armType: 'Microsoft.Authorization/policyAssignments', apiVersion: '2022-06-01',
    expect: { properties: { parameters: { tagName: { value: 'Business Unit' }, tagValue: { value: 'BU' } }, enforcementMode: 'Default' } },
  },
  azurerm_resource_group_policy_exemption: {
    address: 'azurerm_resource_group_policy_exemption.example', armType: 'Microsoft.Authorization/policyExemptions', apiVersion: '2020-07-01-preview',
    expect: { name: 'exampleExemption', properties: { exemptionCategory: 'Mitigated' } },
  },
  azurerm_resource_group_policy_remediation: {
    address: 'azurerm_resource_group_policy_remediation.example', armType: 'Microsoft.PolicyInsights/remediations', apiVersion: '2021-10-01',
    expect: { properties: { filters: { locations: ['West Europe'] }, resourceDiscoveryMode: 'ExistingNonCompliant' } },
  },
  azurerm_resource_group_template_deployment: {
    address: 'azurerm_resource_group_template_deployment.example', armType: 'Microsoft.Network/virtualNetworks', apiVersion: '2020-05-01',
    expect: { id: `${SUB}/resourceGroups/example-group/providers/Microsoft.Network/virtualNetworks/example-vnet`, name: 'example-vnet', location: U, properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } },
  },
  azurerm_resource_policy_assignment: {
    address: 'azurerm_resource_policy_assignment.example', armType: 'Microsoft.Authorization/policyAssignments', apiVersion: '2022-06-01',
    expect: { name: 'example-policy-assignment', properties: { enforcementMode: 'Default' } },
  },
  azurerm_resource_policy_exemption: {
    address: 'azurerm_resource_policy_exemption.example', armType: 'Microsoft.Authorization/policyExemptions', apiVersion: '2020-07-01-preview',
    expect: { name: 'exemption1', properties: { exemptionCategory: 'Mitigated' } },
  },
  azurerm_resource_policy_remediation: {
    address: 'azurerm_resource_policy_remediation.example', armType: 'Microsoft.PolicyInsights/remediations', apiVersion: '2021-10-01',
    expect: { name: 'remediation1', properties: { resourceDiscoveryMode: 'ExistingNonCompliant' } },
  },
  azurerm_role_assignment: {
    // No name: azurerm generates a UUID at apply time; the role name is looked up at apply time.
    address: 'azurerm_role_assignment.example', armType: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01',
    expect: { id: U, name: U, properties: { roleDefinitionId: U, principalId: U, description: '' } },
  },
  azurerm_role_definition: {
    address: 'azurerm_role_definition.example', armType: 'Microsoft.Authorization/roleDefinitions', apiVersion: '2022-05-01-preview',
    expect: { properties: { roleName: 'my-custom-role', type: 'CustomRole', permissions: [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }], assignableScopes: [U] } },
  },
  azurerm_security_center_automation: {
    address: 'azurerm_security_center_automation.example', armType: 'Microsoft.Security/automations', apiVersion: '2019-01-01-preview',
    expect: { properties: { isEnabled: true, description: '', actions: [{ actionType: 'EventHub', eventHubResourceId: U, connectionString: U }], sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [{ propertyJPath: 'properties.metadata.severity', propertyType: 'String', expectedValue: 'High', operator: 'Equals' }] }] }] } },
  },
  azurerm_security_center_server_vulnerability_assessments_setting: {
    address: 'azurerm_security_center_server_vulnerability_assessments_setting.example', armType: 'Microsoft.Security/serverVulnerabilityAssessmentsSettings', apiVersion: '2023-05-01',
    expect: { id: `${SUB}/providers/Microsoft.Security/serverVulnerabilityAssessmentsSettings/AzureServersSetting`, kind: 'AzureServersSetting', properties: { selectedProvider: 'MdeTvm' } },
  },
  azurerm_security_center_setting: {
    address: 'azurerm_security_center_setting.example', armType: 'Microsoft.Security/settings', apiVersion: '2022-05-01',
    expect: { name: 'MCAS', kind: 'DataExportSettings', properties: { enabled: true } },
  },
  azurerm_security_center_subscription_pricing: {
    address: 'azurerm_security_center_subscription_pricing.example', armType: 'Microsoft.Security/pricings', apiVersion: '2023-01-01',
    expect: { id: `${SUB}/providers/Microsoft.Security/pricings/VirtualMachines`, properties: { pricingTier: 'Standard', extensions: [] } },
  },
  azurerm_security_center_workspace: {
    address: 'azurerm_security_center_workspace.example', armType: 'Microsoft.Security/workspaceSettings', apiVersion: '2017-08-01-preview',
    expect: { name: 'default', properties: { scope: '/subscriptions/00000000-0000-0000-0000-000000000000', workspaceId: U } },
  },
  azurerm_sentinel_data_connector_azure_active_directory: {
    address: 'azurerm_sentinel_data_connector_azure_active_directory.example', armType: 'Microsoft.SecurityInsights/dataConnectors', apiVersion: '2022-10-01-preview',
    expect: { kind: 'AzureActiveDirectory', properties: { dataTypes: { alerts: { state: 'Enabled' } } } },
  },
  azurerm_sentinel_data_connector_azure_advanced_threat_protection: {
    address: 'azurerm_sentinel_data_connector_azure_advanced_threat_protection.example', armType: 'Microsoft.SecurityInsights/dataConnectors', apiVersion: '2022-10-01-preview',
    expect: { kind: 'AzureAdvancedThreatProtection' },
  },
  azurerm_sentinel_data_connector_azure_security_center: {
    address: 'azurerm_sentinel_data_connector_azure_security_center.example', armType: 'Microsoft.SecurityInsights/dataConnectors', apiVersion: '2022-10-01-preview',
    // subscription_id unset: the workspace's subscription.
    expect: { kind: 'AzureSecurityCenter', properties: { subscriptionId: '00000000-0000-0000-0000-000000000000' } },
  },
  azurerm_sentinel_data_connector_microsoft_defender_advanced_threat_protection: {
    address: 'azurerm_sentinel_data_connector_microsoft_defender_advanced_threat_protection.example', armType: 'Microsoft.SecurityInsights/dataConnectors', apiVersion: '2022-10-01-preview',
    expect: { kind: 'MicrosoftDefenderAdvancedThreatProtection' },
  },
  azurerm_sentinel_data_connector_microsoft_threat_protection: {
    address: 'azurerm_sentinel_data_connector_microsoft_threat_protection.example', armType: 'Microsoft.SecurityInsights/dataConnectors', apiVersion: '2022-10-01-preview',
    expect: { kind: 'MicrosoftThreatProtection', properties: { dataTypes: { incidents: { state: 'Enabled' } } } },
  },
  azurerm_sentinel_log_analytics_workspace_onboarding: {
    address: 'azurerm_sentinel_log_analytics_workspace_onboarding.example', armType: 'Microsoft.SecurityInsights/onboardingStates', apiVersion: '2022-11-01',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.OperationalInsights/workspaces/example-law/providers/Microsoft.SecurityInsights/onboardingStates/default`, properties: { customerManagedKey: false } },
  },
  azurerm_storage_account: {
    address: 'azurerm_storage_account.example', armType: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01',
    expect: {
      kind: 'StorageV2', sku: { name: 'Standard_GRS', tier: 'Standard' }, identity: { type: 'None', userAssignedIdentities: null },
      properties: {
        allowBlobPublicAccess: true, allowCrossTenantReplication: false, allowSharedKeyAccess: true, supportsHttpsTrafficOnly: true, minimumTlsVersion: 'TLS1_2', publicNetworkAccess: 'Enabled', accessTier: 'Hot', isHnsEnabled: false, isSftpEnabled: false, isLocalUserEnabled: true, defaultToOAuthAuthentication: false, dnsEndpointType: 'Standard',
        networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], resourceAccessRules: [], virtualNetworkRules: [] },
        encryption: { keySource: 'Microsoft.Storage', services: { queue: { keyType: 'Service' }, table: { keyType: 'Service' } } },
      },
    },
  },
  azurerm_storage_container: {
    address: 'azurerm_storage_container.example', armType: 'Microsoft.Storage/storageAccounts/blobServices/containers', apiVersion: '2023-05-01',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Storage/storageAccounts/examplestoraccount/blobServices/default/containers/vhds`, properties: { publicAccess: 'None', metadata: {} } },
  },
  azurerm_subnet: {
    address: 'azurerm_subnet.example', armType: 'Microsoft.Network/virtualNetworks/subnets', apiVersion: '2025-01-01',
    expect: { properties: { addressPrefix: '10.0.1.0/24', privateEndpointNetworkPolicies: 'Disabled', privateLinkServiceNetworkPolicies: 'Enabled', defaultOutboundAccess: true, sharingScope: '', delegations: [{ name: 'delegation', properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' } }] } },
  },
  azurerm_subscription_policy_assignment: {
    address: 'azurerm_subscription_policy_assignment.example', armType: 'Microsoft.Authorization/policyAssignments', apiVersion: '2022-06-01',
    expect: { name: 'example', properties: { enforcementMode: 'Default' } },
  },
  azurerm_subscription_policy_exemption: {
    address: 'azurerm_subscription_policy_exemption.example', armType: 'Microsoft.Authorization/policyExemptions', apiVersion: '2020-07-01-preview',
    expect: { name: 'exampleExemption' },
  },
  azurerm_subscription_policy_remediation: {
    address: 'azurerm_subscription_policy_remediation.example', armType: 'Microsoft.PolicyInsights/remediations', apiVersion: '2021-10-01',
    expect: { properties: { resourceDiscoveryMode: 'ExistingNonCompliant', policyDefinitionReferenceId: '' } },
  },
  azurerm_subscription_template_deployment: {
    address: 'azurerm_subscription_template_deployment.example', armType: 'Microsoft.Resources/resourceGroups', apiVersion: '2018-05-01',
    expect: { id: `${SUB}/providers/Microsoft.Resources/resourceGroups/some-resource-group`, name: 'some-resource-group', location: 'westeurope' },
  },
  azurerm_user_assigned_identity: {
    address: 'azurerm_user_assigned_identity.example', armType: 'Microsoft.ManagedIdentity/userAssignedIdentities', apiVersion: '2024-11-30',
    expect: { location: 'westeurope', properties: {} },
  },
  azurerm_virtual_network: {
    address: 'azurerm_virtual_network.example', armType: 'Microsoft.Network/virtualNetworks', apiVersion: '2025-01-01',
    expect: { tags: { environment: 'Production' }, properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, dhcpOptions: { dnsServers: ['10.0.0.4', '10.0.0.5'] }, privateEndpointVNetPolicies: 'Disabled', subnets: [{ name: 'subnet1', properties: { addressPrefix: '10.0.1.0/24', privateEndpointNetworkPolicies: 'Disabled' } }, { name: 'subnet2', properties: { networkSecurityGroup: { id: U } } }] } },
    children: ['Microsoft.Network/virtualNetworks/subnets', 'Microsoft.Network/virtualNetworks/subnets'],
  },
  azurerm_windows_virtual_machine: {
    address: 'azurerm_windows_virtual_machine.example', armType: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01',
    expect: { properties: { storageProfile: { osDisk: { osType: 'Windows' } }, osProfile: { adminUsername: 'adminuser', adminPassword: 'P@$$w0rd1234!', windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true, winRM: { listeners: [] }, patchSettings: { patchMode: '', assessmentMode: '', enableHotpatching: false } } } } },
  },
  ...WORKLOAD_CASES,
  azurerm_postgresql_flexible_server: {
    address: 'azurerm_postgresql_flexible_server.example', armType: 'Microsoft.DBforPostgreSQL/flexibleServers', apiVersion: '2025-08-01',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.DBforPostgreSQL/flexibleServers/example-psqlflexibleserver`, sku: { name: 'Standard_B1ms', tier: 'Burstable' }, identity: { type: 'None', userAssignedIdentities: null }, properties: { network: { delegatedSubnetResourceId: U, privateDnsZoneArmResourceId: U, publicNetworkAccess: 'Disabled' }, storage: { autoGrow: 'Disabled', storageSizeGB: 32, tier: 'P4' }, highAvailability: { mode: 'Disabled' }, backup: { geoRedundantBackup: 'Disabled' }, version: '12', availabilityZone: '1', administratorLogin: 'psqladmin' } },
  },
  azurerm_postgresql_flexible_server_configuration: {
    address: 'azurerm_postgresql_flexible_server_configuration.example', armType: 'Microsoft.DBforPostgreSQL/flexibleServers/configurations', apiVersion: '2025-08-01',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.DBforPostgreSQL/flexibleServers/example-psqlflexibleserver/configurations/backslash_quote`, properties: { value: 'on', source: 'user-override' } },
  },
  azurerm_postgresql_flexible_server_firewall_rule: {
    address: 'azurerm_postgresql_flexible_server_firewall_rule.example', armType: 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules', apiVersion: '2025-08-01',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.DBforPostgreSQL/flexibleServers/example-psqlflexibleserver/firewallRules/example-fw`, properties: { startIpAddress: '122.122.0.0', endIpAddress: '122.122.0.0' } },
  },
  azurerm_mysql_flexible_server: {
    // createMode and version are sent as "" when omitted; public network access is left to Azure.
    address: 'azurerm_mysql_flexible_server.example', armType: 'Microsoft.DBforMySQL/flexibleServers', apiVersion: '2023-12-30',
    expect: { sku: { name: 'Standard_D2ds_v4', tier: 'GeneralPurpose' }, identity: { type: 'None' }, properties: { createMode: '', version: '', network: { delegatedSubnetResourceId: U, privateDnsZoneResourceId: U }, highAvailability: { mode: 'Disabled' }, backup: { geoRedundantBackup: 'Disabled', backupRetentionDays: 7 }, dataEncryption: { type: 'SystemManaged' }, administratorLogin: 'psqladmin' } },
  },
  azurerm_mysql_flexible_server_configuration: {
    address: 'azurerm_mysql_flexible_server_configuration.example', armType: 'Microsoft.DBforMySQL/flexibleServers/configurations', apiVersion: '2023-12-30',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.DBforMySQL/flexibleServers/example-fs/configurations/interactive_timeout`, properties: { value: '600' } },
  },
  azurerm_cosmosdb_account: {
    // The name holds a random_integer result: known after apply. backupPolicy is null without a backup block.
    address: 'azurerm_cosmosdb_account.db', armType: 'Microsoft.DocumentDB/databaseAccounts', apiVersion: '2024-08-15',
    expect: { name: U, kind: 'MongoDB', identity: { type: 'None', userAssignedIdentities: null }, properties: { databaseAccountOfferType: 'Standard', ipRules: [], isVirtualNetworkFilterEnabled: false, enableAutomaticFailover: true, consistencyPolicy: { defaultConsistencyLevel: 'BoundedStaleness', maxIntervalInSeconds: 300, maxStalenessPrefix: 100000 }, locations: [{ locationName: 'eastus', failoverPriority: 1, isZoneRedundant: false }, { locationName: 'westus', failoverPriority: 0, isZoneRedundant: false }], capabilities: [{ name: 'EnableAggregationPipeline' }, { name: 'mongoEnableDocLevelTTL' }, { name: 'MongoDBv3.4' }, { name: 'EnableMongo' }], minimalTlsVersion: 'Tls12', virtualNetworkRules: [], publicNetworkAccess: 'Enabled', disableKeyBasedMetadataWriteAccess: false, networkAclBypass: 'None', networkAclBypassResourceIds: [], disableLocalAuth: false, defaultIdentity: 'FirstPartyIdentity', backupPolicy: null } },
  },
  azurerm_servicebus_namespace: {
    address: 'azurerm_servicebus_namespace.example', armType: 'Microsoft.ServiceBus/namespaces', apiVersion: '2024-01-01',
    expect: { tags: { source: 'terraform' }, sku: { name: 'Standard', tier: 'Standard', capacity: 0 }, identity: { type: 'None', userAssignedIdentities: null }, properties: { disableLocalAuth: false, publicNetworkAccess: 'Enabled', minimumTlsVersion: '1.2', premiumMessagingPartitions: 0 } },
  },
  azurerm_eventgrid_topic: {
    address: 'azurerm_eventgrid_topic.example', armType: 'Microsoft.EventGrid/topics', apiVersion: '2025-02-15',
    expect: { tags: { environment: 'Production' }, properties: { inputSchema: 'EventGridSchema', inputSchemaMapping: null, publicNetworkAccess: 'Enabled', disableLocalAuth: false } },
  },
  azurerm_eventgrid_domain: {
    address: 'azurerm_eventgrid_domain.example', armType: 'Microsoft.EventGrid/domains', apiVersion: '2025-02-15',
    expect: { properties: { autoCreateTopicWithFirstSubscription: true, autoDeleteTopicWithLastSubscription: true, inputSchema: 'EventGridSchema', inputSchemaMapping: null, publicNetworkAccess: 'Enabled', disableLocalAuth: false } },
  },
  azurerm_redis_cache: {
    address: 'azurerm_redis_cache.example', armType: 'Microsoft.Cache/redis', apiVersion: '2024-11-01',
    expect: { identity: { type: 'None', userAssignedIdentities: null }, properties: { sku: { capacity: 2, family: 'C', name: 'Standard' }, enableNonSslPort: false, disableAccessKeyAuthentication: false, minimumTlsVersion: '1.2', publicNetworkAccess: 'Enabled', redisVersion: '6', redisConfiguration: { 'maxmemory-policy': 'volatile-lru', 'preferred-data-persistence-auth-method': '' } } },
  },
  azurerm_app_configuration: {
    // publicNetworkAccess is not sent when public_network_access is omitted; encryption is always sent.
    address: 'azurerm_app_configuration.appconf', armType: 'Microsoft.AppConfiguration/configurationStores', apiVersion: '2024-05-01',
    expect: { sku: { name: 'free' }, identity: { type: 'None', userAssignedIdentities: null }, properties: { dataPlaneProxy: { authenticationMode: 'Local', privateLinkDelegation: 'Disabled' }, enablePurgeProtection: false, disableLocalAuth: false, encryption: { keyVaultProperties: {} } } },
  },
  azurerm_iothub: {
    // The fallback route and the events endpoint (partitions 4, retention 1 day) are sent when not written.
    address: 'azurerm_iothub.example', armType: 'Microsoft.Devices/IotHubs', apiVersion: '2022-04-30-preview',
    expect: { sku: { name: 'S1', capacity: 1 }, identity: { type: 'None' }, properties: { disableLocalAuth: true, eventHubEndpoints: { events: { retentionTimeInDays: 1, partitionCount: 4 } }, storageEndpoints: {}, messagingEndpoints: {}, enableFileUploadNotifications: false, cloudToDevice: { defaultTtlAsIso8601: 'PT1H', maxDeliveryCount: 30, feedback: { ttlAsIso8601: 'PT1H10M', lockDurationAsIso8601: 'PT30S', maxDeliveryCount: 15 } }, routing: { endpoints: { serviceBusQueues: [], serviceBusTopics: [], eventHubs: [{ authenticationType: 'keyBased', connectionString: U, name: 'export2', subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: '' }], storageContainers: [{ name: 'export', containerName: 'examplecontainer', batchFrequencyInSeconds: 60, maxChunkSizeInBytes: 10485760, encoding: 'Avro', fileNameFormat: '{iothub}/{partition}_{YYYY}_{MM}_{DD}_{HH}_{mm}' }] }, routes: [{ name: 'export', source: 'DeviceMessages', condition: 'true', endpointNames: ['export'], isEnabled: true }, { name: 'export2', endpointNames: ['export2'] }], enrichments: [{ key: 'tenant', value: '$twin.tags.Tenant', endpointNames: ['export', 'export2'] }], fallbackRoute: { source: 'DeviceMessages', condition: 'true', endpointNames: ['events'], isEnabled: true } } } },
  },
  azurerm_kusto_cluster: {
    address: 'azurerm_kusto_cluster.example', armType: 'Microsoft.Kusto/clusters', apiVersion: '2024-04-13',
    expect: { sku: { name: 'Standard_D13_v2', tier: 'Standard', capacity: 2 }, identity: { type: 'None', userAssignedIdentities: null }, properties: { enableAutoStop: true, enableDiskEncryption: false, enableDoubleEncryption: false, enableStreamingIngest: false, enablePurge: false, publicNetworkAccess: 'Enabled', publicIPType: 'IPv4', trustedExternalTenants: [], restrictOutboundNetworkAccess: 'Disabled' } },
  },
  azurerm_automation_account: {
    // publicNetworkAccess is a bool in this API; no identity is sent without an identity block.
    address: 'azurerm_automation_account.example', armType: 'Microsoft.Automation/automationAccounts', apiVersion: '2024-10-23',
    expect: { tags: { environment: 'development' }, properties: { sku: { name: 'Basic' }, encryption: { keySource: 'Microsoft.Automation' }, publicNetworkAccess: true, disableLocalAuth: false } },
  },
  azurerm_mssql_firewall_rule: {
    address: 'azurerm_mssql_firewall_rule.example', armType: 'Microsoft.Sql/servers/firewallRules', apiVersion: '2023-08-01-preview',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Sql/servers/mysqlserver/firewallRules/FirewallRule1`, properties: { startIpAddress: '10.0.17.62', endIpAddress: '10.0.17.62' } },
  },
  azurerm_mssql_server_security_alert_policy: {
    // The example's server is an azurerm_sql_server (removed in 4.x: not translated); the policy is addressed by name.
    address: 'azurerm_mssql_server_security_alert_policy.example', armType: 'Microsoft.Sql/servers/securityAlertPolicies', apiVersion: '2023-08-01-preview',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Sql/servers/mysqlserver/securityAlertPolicies/default`, name: 'default', properties: { state: 'Enabled', disabledAlerts: ['Sql_Injection', 'Data_Exfiltration'], retentionDays: 20, storageEndpoint: U, storageAccountAccessKey: U } },
  },
  azurerm_mssql_server_extended_auditing_policy: {
    // Also shown as the server's auditingSettings/default (the related resource of the auditing built-ins).
    address: 'azurerm_mssql_server_extended_auditing_policy.example', armType: 'Microsoft.Sql/servers/extendedAuditingSettings', apiVersion: '2023-08-01-preview',
    expect: { id: `${SUB}/resourceGroups/example-resources/providers/Microsoft.Sql/servers/example-sqlserver/extendedAuditingSettings/default`, properties: { state: 'Enabled', storageEndpoint: U, isStorageSecondaryKeyInUse: false, retentionDays: 6, isAzureMonitorTargetEnabled: true, storageAccountAccessKey: U } },
    children: ['Microsoft.Sql/servers/auditingSettings'],
  },
};
Object.assign(CASES, EDGE_CASES); // application gateway, Front Door, firewall, API Management, AI and analytics types

/** Linked types: no ARM resource of their own; they change their target's body. */
const LINKED: Record<string, { target: string; armType: string; expect: Record<string, unknown> }> = {
  azurerm_subnet_network_security_group_association: { target: 'azurerm_subnet.example', armType: 'Microsoft.Network/virtualNetworks/subnets', expect: { properties: { networkSecurityGroup: { id: U } } } },
  azurerm_subnet_route_table_association: { target: 'azurerm_subnet.example', armType: 'Microsoft.Network/virtualNetworks/subnets', expect: { properties: { routeTable: { id: U } } } },
  azurerm_subnet_nat_gateway_association: { target: 'azurerm_subnet.example', armType: 'Microsoft.Network/virtualNetworks/subnets', expect: { properties: { natGateway: { id: U } } } },
  azurerm_network_interface_security_group_association: { target: 'azurerm_network_interface.example', armType: 'Microsoft.Network/networkInterfaces', expect: { properties: { networkSecurityGroup: { id: U } } } },  azurerm_storage_account_network_rules: { target: 'azurerm_storage_account.example', armType: 'Microsoft.Storage/storageAccounts', expect: { properties: { networkAcls: { bypass: 'Metrics', defaultAction: 'Allow', ipRules: [{ action: 'Allow', value: '127.0.0.1' }], virtualNetworkRules: [{ id: U, action: 'Allow' }], resourceAccessRules: [] } } } },
};

describe('azurerm documentation examples translate into the create request azurerm v4.55.0 sends', () => {
  it('every mapped azurerm type has a documentation example and a case here', () => {
    const tables = mappedTypes().filter((m) => !isCustom(m) || m.terraformType.endsWith('_template_deployment')).map((m) => m.terraformType).filter((t) => t.startsWith('azurerm_'));
    const fixtures = fs.readdirSync(path.join(FIXTURES, 'docs')).map((f) => f.replace(/\.tf$/, ''));
    const covered = new Set([...Object.keys(CASES), ...Object.keys(LINKED), 'azurerm_tenant_template_deployment']);
    expect(tables.filter((t) => !fixtures.includes(t))).toEqual([]);
    expect(tables.filter((t) => !covered.has(t))).toEqual([]);
  });

  it.each(Object.entries(CASES))('%s', async (type, c) => {
    const r = await translateHcl(docExample(type));
    expect(r.notTranslated.filter((n) => n.type === type)).toEqual([]);
    const res = one(r, c.address, c.armType);
    expect(res.apiVersion).toBe(c.apiVersion);
    expect(res.view).toBe('request');
    expect(plain(res.resource)).toMatchObject({ type: c.armType, ...c.expect });
    const children = resourcesOf(r, c.address).filter((x) => x !== res).map((x) => String(x.resource.type));
    expect(children.sort()).toEqual([...(c.children ?? [])].sort());
  });

  it.each(Object.entries(LINKED))('%s changes its target', async (type, c) => {
    const r = await translateHcl(docExample(type));
    expect(resourcesOf(r, `${type}.example`)).toEqual([]);
    expect(plain(one(r, c.target, c.armType).resource)).toMatchObject(c.expect);
  });

  it('azurerm_tenant_template_deployment from a template spec is listed as not translated', async () => {
    const r = await translateHcl(docExample('azurerm_tenant_template_deployment'));
    expect(r.notTranslated).toEqual([{ address: 'azurerm_tenant_template_deployment.example', type: 'azurerm_tenant_template_deployment' }]);
  });
});
