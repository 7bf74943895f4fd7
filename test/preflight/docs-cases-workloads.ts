/**
 * Documentation-example cases of the workload tables (App Service, AKS and containers, VM scale sets), merged into
 * docs-examples.test.ts's CASES. Same shape and conventions as the cases there.
 */
import { KNOWN_AFTER_APPLY as U } from './helpers';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const RG = `${SUB}/resourceGroups/example-resources/providers`;

interface Case {
  readonly address: string;
  readonly armType: string;
  readonly apiVersion: string;
  readonly expect: Record<string, unknown>;
  readonly children?: readonly string[];
}

const WEB_CHILDREN = ['Microsoft.Web/sites/config', 'Microsoft.Web/sites/basicPublishingCredentialsPolicies', 'Microsoft.Web/sites/basicPublishingCredentialsPolicies'];
const SLOT_CHILDREN = ['Microsoft.Web/sites/slots/config', 'Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies', 'Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies'];

/** ExpandForCreate (web apps and web app slots) with every argument omitted. */
const WEB_SITE_CONFIG = {
  alwaysOn: true, acrUseManagedIdentityCreds: false, http20Enabled: false, scmIpSecurityRestrictionsUseMain: false, localMySqlEnabled: false,
  loadBalancing: 'LeastRequests', managedPipelineMode: 'Integrated', remoteDebuggingEnabled: false, use32BitWorkerProcess: true, webSocketsEnabled: false,
  ftpsState: 'Disabled', minTlsVersion: '1.2', scmMinTlsVersion: '1.2', vnetRouteAllEnabled: false, ipSecurityRestrictionsDefaultAction: 'Allow',
  scmIpSecurityRestrictionsDefaultAction: 'Allow', autoHealEnabled: false, publicNetworkAccess: 'Enabled',
};
/** The site properties every web app sends with their arguments omitted. */
const WEB_SITE = { enabled: true, httpsOnly: false, clientCertEnabled: false, clientCertMode: 'Required', clientAffinityEnabled: false, vnetBackupRestoreEnabled: false, publicNetworkAccess: 'Enabled', vnetRouteAllEnabled: false };
/** ExpandSiteConfig*FunctionApp: only alwaysOn, use32BitWorkerProcess, preWarmedInstanceCount and the non-zero defaults. */
const FUNCTION_SITE_CONFIG = { alwaysOn: false, managedPipelineMode: 'Integrated', ftpsState: 'Disabled', minTlsVersion: '1.2', scmMinTlsVersion: '1.2', ipSecurityRestrictionsDefaultAction: 'Allow', scmIpSecurityRestrictionsDefaultAction: 'Allow', appSettings: U, publicNetworkAccess: 'Enabled' };
const FUNCTION_SITE = { enabled: true, httpsOnly: false, clientCertEnabled: false, clientCertMode: 'Optional', dailyMemoryTimeQuota: 0, vnetBackupRestoreEnabled: false, vnetImagePullEnabled: false, publicNetworkAccess: 'Enabled' };

export const WORKLOAD_CASES: Record<string, Case> = {
  azurerm_service_plan: {
    address: 'azurerm_service_plan.example', armType: 'Microsoft.Web/serverFarms', apiVersion: '2023-12-01',
    expect: { id: `${RG}/Microsoft.Web/serverFarms/example`, location: 'westeurope', sku: { name: 'P1v2' }, properties: { perSiteScaling: false, reserved: true, hyperV: false, elasticScaleEnabled: false, zoneRedundant: false } },
  },
  azurerm_linux_web_app: {
    address: 'azurerm_linux_web_app.example', armType: 'Microsoft.Web/sites', apiVersion: '2023-12-01',
    expect: { id: `${RG}/Microsoft.Web/sites/example`, location: 'westeurope', identity: { type: 'None', userAssignedIdentities: null }, properties: { ...WEB_SITE, serverFarmId: U, vnetImagePullEnabled: false, siteConfig: WEB_SITE_CONFIG } },
    children: WEB_CHILDREN,
  },
  azurerm_windows_web_app: {
    address: 'azurerm_windows_web_app.example', armType: 'Microsoft.Web/sites', apiVersion: '2023-12-01',
    expect: { id: `${RG}/Microsoft.Web/sites/example`, properties: { ...WEB_SITE, serverFarmId: U, siteConfig: { ...WEB_SITE_CONFIG, windowsFxVersion: '' } } },
    children: WEB_CHILDREN,
  },
  azurerm_linux_web_app_slot: {
    address: 'azurerm_linux_web_app_slot.example', armType: 'Microsoft.Web/sites/slots', apiVersion: '2023-12-01',
    expect: { id: `${RG}/Microsoft.Web/sites/example-linux-web-app/slots/example-slot`, location: U, properties: { ...WEB_SITE, serverFarmId: U, vnetImagePullEnabled: false, siteConfig: WEB_SITE_CONFIG } },
    children: SLOT_CHILDREN,
  },
  azurerm_windows_web_app_slot: {
    // use_32_bit_worker is Optional+Computed on the Windows slot: false when unset.
    address: 'azurerm_windows_web_app_slot.example', armType: 'Microsoft.Web/sites/slots', apiVersion: '2023-12-01',
    expect: { id: `${RG}/Microsoft.Web/sites/example-windows-web-app/slots/example-slot`, properties: { ...WEB_SITE, siteConfig: { ...WEB_SITE_CONFIG, use32BitWorkerProcess: false, windowsFxVersion: '' } } },
    children: SLOT_CHILDREN,
  },
  azurerm_linux_function_app: {
    address: 'azurerm_linux_function_app.example', armType: 'Microsoft.Web/sites', apiVersion: '2023-12-01',
    expect: { kind: 'functionapp,linux', properties: { ...FUNCTION_SITE, serverFarmId: U, siteConfig: { ...FUNCTION_SITE_CONFIG, loadBalancing: 'LeastRequests', use32BitWorkerProcess: false, preWarmedInstanceCount: 0, linuxFxVersion: '' } } },
    children: WEB_CHILDREN,
  },
  azurerm_windows_function_app: {
    address: 'azurerm_windows_function_app.example', armType: 'Microsoft.Web/sites', apiVersion: '2023-12-01',
    expect: { kind: 'functionapp', properties: { ...FUNCTION_SITE, siteConfig: { ...FUNCTION_SITE_CONFIG, use32BitWorkerProcess: true, preWarmedInstanceCount: 0, windowsFxVersion: '' } } },
    children: WEB_CHILDREN,
  },
  azurerm_linux_function_app_slot: {
    address: 'azurerm_linux_function_app_slot.example', armType: 'Microsoft.Web/sites/slots', apiVersion: '2023-12-01',
    expect: { id: `${RG}/Microsoft.Web/sites/example-linux-function-app/slots/example-linux-function-app-slot`, kind: 'functionapp,linux', properties: { ...FUNCTION_SITE, serverFarmId: U, siteConfig: { ...FUNCTION_SITE_CONFIG, loadBalancing: 'LeastRequests', use32BitWorkerProcess: false, acrUseManagedIdentityCreds: false, http20Enabled: false, webSocketsEnabled: false, vnetRouteAllEnabled: false, scmIpSecurityRestrictionsUseMain: false, linuxFxVersion: '' } } },
    children: SLOT_CHILDREN,
  },
  azurerm_windows_function_app_slot: {
    address: 'azurerm_windows_function_app_slot.example', armType: 'Microsoft.Web/sites/slots', apiVersion: '2023-12-01',
    expect: { kind: 'functionapp', properties: { ...FUNCTION_SITE, siteConfig: { ...FUNCTION_SITE_CONFIG, use32BitWorkerProcess: true, http20Enabled: false, remoteDebuggingEnabled: false, vnetRouteAllEnabled: false, scmIpSecurityRestrictionsUseMain: false, windowsFxVersion: '' } } },
    children: SLOT_CHILDREN,
  },
  azurerm_kubernetes_cluster: {
    // automatic_upgrade_channel omitted: "none"; azurepolicy add-on always sent (disabled); securityProfile {} without Defender.
    address: 'azurerm_kubernetes_cluster.example', armType: 'Microsoft.ContainerService/managedClusters', apiVersion: '2025-07-01',
    expect: {
      id: `${RG}/Microsoft.ContainerService/managedClusters/example-aks1`, tags: { Environment: 'Production' }, sku: { name: 'Base', tier: 'Free' }, identity: { type: 'SystemAssigned', userAssignedIdentities: null },
      properties: {
        dnsPrefix: 'exampleaks1', enableRBAC: true, disableLocalAccounts: false, kubernetesVersion: '', nodeResourceGroup: '', supportPlan: 'KubernetesOfficial',
        apiServerAccessProfile: { enablePrivateCluster: false, enablePrivateClusterPublicFQDN: false, disableRunCommand: false },
        addonProfiles: { azurepolicy: { enabled: false, config: { version: 'v2' } } },
        agentPoolProfiles: [{ name: 'default', count: 1, vmSize: 'Standard_D2_v2', mode: 'System', osType: 'Linux', type: 'VirtualMachineScaleSets', enableAutoScaling: false, enableEncryptionAtHost: false, enableNodePublicIP: false, enableFIPS: false, enableUltraSSD: false, osDiskType: 'Managed', scaleDownMode: 'Delete', kubeletDiskType: '', nodeLabels: {}, tags: {} }],
        autoUpgradeProfile: { upgradeChannel: 'none', nodeOSUpgradeChannel: 'NodeImage' },
        azureMonitorProfile: { metrics: { enabled: false } }, metricsProfile: { costAnalysis: { enabled: false } },
        securityProfile: {}, servicePrincipalProfile: { clientId: 'msi' },
      },
    },
  },
  azurerm_kubernetes_cluster_node_pool: {
    address: 'azurerm_kubernetes_cluster_node_pool.example', armType: 'Microsoft.ContainerService/managedClusters/agentPools', apiVersion: '2025-07-01',
    expect: { id: `${RG}/Microsoft.ContainerService/managedClusters/example-aks1/agentPools/internal`, name: 'internal', properties: { vmSize: 'Standard_DS2_v2', count: 1, mode: 'User', osType: 'Linux', scaleSetPriority: 'Regular', type: 'VirtualMachineScaleSets', enableEncryptionAtHost: false, osDiskType: 'Managed', scaleDownMode: 'Delete', tags: { Environment: 'Production' } } },
  },
  azurerm_linux_virtual_machine_scale_set: {
    address: 'azurerm_linux_virtual_machine_scale_set.example', armType: 'Microsoft.Compute/virtualMachineScaleSets', apiVersion: '2024-11-01',
    expect: {
      sku: { name: 'Standard_F2', capacity: 1, tier: 'Standard' }, identity: { type: 'None', userAssignedIdentities: null },
      properties: {
        additionalCapabilities: {}, overprovision: true, singlePlacementGroup: true, doNotRunExtensionsOnOverprovisionedVMs: false, orchestrationMode: 'Uniform', upgradePolicy: { mode: 'Manual' },
        resiliencyPolicy: { resilientVMCreationPolicy: { enabled: false }, resilientVMDeletionPolicy: { enabled: false } },
        virtualMachineProfile: {
          priority: 'Regular',
          osProfile: { adminUsername: 'adminuser', computerNamePrefix: 'example-vmss', allowExtensionOperations: true, secrets: [], linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true, ssh: { publicKeys: [{ path: '/home/adminuser/.ssh/authorized_keys' }] } } },
          diagnosticsProfile: { bootDiagnostics: { enabled: false, storageUri: '' } },
          networkProfile: { networkInterfaceConfigurations: [{ name: 'example', properties: { primary: true, enableAcceleratedNetworking: false, enableIPForwarding: false, dnsSettings: { dnsServers: [] }, ipConfigurations: [{ name: 'internal', properties: { primary: true, privateIPAddressVersion: 'IPv4', subnet: { id: U }, loadBalancerBackendAddressPools: [] } }] } }] },
          storageProfile: { imageReference: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts', version: 'latest' }, osDisk: { caching: 'ReadWrite', createOption: 'FromImage', osType: 'Linux', writeAcceleratorEnabled: false, managedDisk: { storageAccountType: 'Standard_LRS' } }, dataDisks: [] },
          extensionProfile: { extensionsTimeBudget: 'PT1H30M' },
        },
      },
    },
  },
  azurerm_windows_virtual_machine_scale_set: {
    address: 'azurerm_windows_virtual_machine_scale_set.example', armType: 'Microsoft.Compute/virtualMachineScaleSets', apiVersion: '2024-11-01',
    expect: { properties: { virtualMachineProfile: { osProfile: { adminUsername: 'adminuser', adminPassword: 'P@55w0rd1234!', computerNamePrefix: 'vm-', windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true, winRM: { listeners: [] } } }, storageProfile: { osDisk: { osType: 'Windows' } } } } },
  },
  azurerm_container_app: {
    // The location is the environment's (read at apply); maxReplicas 10, cooldown 300 and polling 30 are the schema defaults.
    address: 'azurerm_container_app.example', armType: 'Microsoft.App/containerApps', apiVersion: '2025-07-01',
    expect: {
      id: `${RG}/Microsoft.App/containerApps/example-app`, location: U, identity: { type: 'None', userAssignedIdentities: null },
      properties: {
        managedEnvironmentId: U, workloadProfileName: '', configuration: { activeRevisionsMode: 'Single', maxInactiveRevisions: 0 },
        template: { containers: [{ name: 'examplecontainerapp', image: 'mcr.microsoft.com/k8se/quickstart:latest', env: [], probes: [], resources: { cpu: 0.25, memory: '0.5Gi', ephemeralStorage: '' } }], scale: { maxReplicas: 10, cooldownPeriod: 300, pollingInterval: 30 } },
      },
    },
  },
  azurerm_container_app_environment: {
    // The workspace's customer id and shared key are read at apply time.
    address: 'azurerm_container_app_environment.example', armType: 'Microsoft.App/managedEnvironments', apiVersion: '2025-07-01',
    expect: { id: `${RG}/Microsoft.App/managedEnvironments/my-environment`, location: 'westeurope', properties: { appLogsConfiguration: { destination: 'log-analytics', logAnalyticsConfiguration: { customerId: U, sharedKey: U } }, vnetConfiguration: {}, zoneRedundant: false, peerAuthentication: { mtls: { enabled: false } }, peerTrafficConfiguration: { encryption: { enabled: false } } } },
  },
  azurerm_container_group: {
    address: 'azurerm_container_group.example', armType: 'Microsoft.ContainerInstance/containerGroups', apiVersion: '2023-05-01',
    expect: {
      tags: { environment: 'testing' }, zones: [], identity: { type: 'None', userAssignedIdentities: null },
      properties: {
        sku: 'Standard', osType: 'Linux', restartPolicy: 'Always', initContainers: [], volumes: [],
        ipAddress: { type: 'Public', dnsNameLabel: 'aci-label', autoGeneratedDomainNameLabelScope: 'Unsecure', ports: [{ port: 443, protocol: 'TCP' }] },
        containers: [
          { name: 'hello-world', properties: { image: 'mcr.microsoft.com/azuredocs/aci-helloworld:latest', command: [], environmentVariables: [], resources: { requests: { cpu: 0.5, memoryInGB: 1.5 } }, ports: [{ port: 443, protocol: 'TCP' }] } },
          { name: 'sidecar', properties: { image: 'mcr.microsoft.com/azuredocs/aci-tutorial-sidecar', resources: { requests: { cpu: 0.5, memoryInGB: 1.5 } } } },
        ],
      },
    },
  },
};
