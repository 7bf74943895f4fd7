/**
 * Azure built-in policies on translated workload resources (App Service, AKS, container apps and groups, VM scale
 * sets): compliant and non-compliant Terraform give Azure's verdicts. The definitions under fixtures/builtins/ are
 * copies of Azure/azure-policy built-ins (MIT License, Copyright (c) Microsoft Corporation), unchanged.
 * Existence conditions are evaluated against the child resources the translation emits for the resource (config/web,
 * basicPublishingCredentialsPolicies, ...), as Azure looks them up under the resource's id.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compilePolicy } from '../../lib/policy-engine';
import { isUnknown } from '../../lib/policy-engine/unknown';
import { TranslationResult, readTerraformJson, translate } from '../../lib/preflight';
import { FIXTURES, one, translateJson } from './helpers';

const SUB = '00000000-0000-0000-0000-0000000000a1';
const RG = 'rg-app';
const provider = { azurerm: [{ features: {}, subscription_id: SUB }] };
const PLAN = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Web/serverFarms/plan`;

function definition(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'builtins', file), 'utf8')) as Record<string, unknown>;
}

/** Every field path a rule reads whose value in the resource is Unknown (the verdict would not be decided). */
function unknownAt(resource: unknown, paths: string[]): string[] {
  const hits: string[] = [];
  for (const p of paths) {
    let cur: unknown = resource;
    for (const part of p.split('.')) {
      if (isUnknown(cur) || cur === null || typeof cur !== 'object') break;
      cur = (cur as Record<string, unknown>)[part];
    }
    if (isUnknown(cur)) hits.push(p);
  }
  return hits;
}

/**
 * The effect of a built-in on the translated resource at `address` (of `armType`), with the resources the
 * translation emits under its id as the related resources; `decisive` lists body paths that must be known.
 */
function verdict(file: string, translation: TranslationResult, address: string, armType: string, decisive: string[] = [], parameters: Record<string, unknown> = {}): string | null {
  expect(translation.notTranslated).toEqual([]);
  const target = one(translation, address, armType);
  const id = String(target.resource.id).toLowerCase();
  const related = translation.resources.filter((r) => String(r.resource.id).toLowerCase().startsWith(id + '/')).map((r) => r.resource);
  for (const r of [target.resource, ...related]) expect(unknownAt(r, decisive)).toEqual([]);
  const compiled = compilePolicy(definition(file));
  const result = compiled.evaluate(target.resource, { parameters, relatedResources: related, apiVersion: target.apiVersion, requestContext: { apiVersion: target.apiVersion } });
  expect(result.error).toBeUndefined();
  expect((result as { undetermined?: unknown }).undetermined).toBeUndefined();
  return result.effect;
}

// ---------------------------------------------------------------------------------------------------------------
// App Service

const webApp = (extra: Record<string, unknown> = {}, siteConfig: Record<string, unknown> = {}, type = 'azurerm_linux_web_app'): TranslationResult =>
  translateJson({ provider, resource: { [type]: { app: { name: 'app-guardrails', resource_group_name: RG, location: 'westeurope', service_plan_id: PLAN, site_config: [siteConfig], ...extra } } } });
const functionApp = (extra: Record<string, unknown> = {}, siteConfig: Record<string, unknown> = {}, type = 'azurerm_linux_function_app'): TranslationResult =>
  translateJson({ provider, resource: { [type]: { app: { name: 'func-guardrails', resource_group_name: RG, location: 'westeurope', service_plan_id: PLAN, storage_account_name: 'stfunc', storage_uses_managed_identity: true, site_config: [siteConfig], ...extra } } } });
const functionSlot = (extra: Record<string, unknown> = {}, siteConfig: Record<string, unknown> = {}, type = 'azurerm_linux_function_app_slot'): TranslationResult =>
  translateJson({ provider, resource: { [type]: { slot: { name: 'staging', function_app_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Web/sites/func-guardrails`, storage_account_name: 'stfunc', storage_uses_managed_identity: true, site_config: [siteConfig], ...extra } } } });
const webSlot = (extra: Record<string, unknown> = {}): TranslationResult =>
  translateJson({ provider, resource: { azurerm_linux_web_app_slot: { slot: { name: 'staging', app_service_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Web/sites/app-guardrails`, site_config: [{}], ...extra } } } });

const SITE = 'Microsoft.Web/sites';
const SLOT = 'Microsoft.Web/sites/slots';

describe('App Service built-ins on translated web and function apps', () => {
  it('HTTPS only (Webapp_AuditHTTP_Audit): https_only omitted is Audit (azurerm sends false), true is compliant', () => {
    expect(verdict('app-service/Webapp_AuditHTTP_Audit.json', webApp(), 'azurerm_linux_web_app.app', SITE, ['properties.httpsOnly'])).toBe('Audit');
    expect(verdict('app-service/Webapp_AuditHTTP_Audit.json', webApp({ https_only: true }), 'azurerm_linux_web_app.app', SITE, ['properties.httpsOnly'])).toBeNull();
    expect(verdict('app-service/Webapp_AuditHTTP_Audit.json', webApp({ https_only: true }, {}, 'azurerm_windows_web_app'), 'azurerm_windows_web_app.app', SITE)).toBeNull();
    expect(verdict('app-service/Webapp_AuditHTTP_Audit.json', webApp({ https_only: false }, {}, 'azurerm_windows_web_app'), 'azurerm_windows_web_app.app', SITE)).toBe('Audit');
    // Function apps send kind "functionapp,linux": the web app policy does not apply to them.
    expect(verdict('app-service/Webapp_AuditHTTP_Audit.json', functionApp(), 'azurerm_linux_function_app.app', SITE)).toBeNull();
  });

  it('function app HTTPS only (FunctionApp_AuditHTTP_Audit): applies to function apps by kind', () => {
    expect(verdict('app-service/FunctionApp_AuditHTTP_Audit.json', functionApp(), 'azurerm_linux_function_app.app', SITE, ['kind', 'properties.httpsOnly'])).toBe('Audit');
    expect(verdict('app-service/FunctionApp_AuditHTTP_Audit.json', functionApp({ https_only: true }), 'azurerm_linux_function_app.app', SITE)).toBeNull();
    expect(verdict('app-service/FunctionApp_AuditHTTP_Audit.json', functionApp({}, {}, 'azurerm_windows_function_app'), 'azurerm_windows_function_app.app', SITE)).toBe('Audit');
    expect(verdict('app-service/FunctionApp_AuditHTTP_Audit.json', webApp(), 'azurerm_linux_web_app.app', SITE)).toBeNull();
  });

  it('slot HTTPS only (Webapp_Slot_AuditHTTP_Audit)', () => {
    expect(verdict('app-service/Webapp_Slot_AuditHTTP_Audit.json', webSlot(), 'azurerm_linux_web_app_slot.slot', SLOT, ['properties.httpsOnly'])).toBe('Audit');
    expect(verdict('app-service/Webapp_Slot_AuditHTTP_Audit.json', webSlot({ https_only: true }), 'azurerm_linux_web_app_slot.slot', SLOT)).toBeNull();
  });

  it('public network access (WebApp_PublicNetworkAccess_Audit): enabled by default, public_network_access_enabled = false is compliant', () => {
    expect(verdict('app-service/WebApp_PublicNetworkAccess_Audit.json', webApp(), 'azurerm_linux_web_app.app', SITE, ['properties.publicNetworkAccess'])).toBe('Audit');
    expect(verdict('app-service/WebApp_PublicNetworkAccess_Audit.json', webApp({ public_network_access_enabled: false }), 'azurerm_linux_web_app.app', SITE)).toBeNull();
    expect(verdict('app-service/WebApp_PublicNetworkAccess_Audit.json', functionApp({ public_network_access_enabled: false }), 'azurerm_linux_function_app.app', SITE)).toBeNull();
  });

  it('TLS version (RequireLatestTls_WebApp_Audit, AuditIfNotExists on config/web): the 1.2 default is compliant, 1.0 is not', () => {
    expect(verdict('app-service/RequireLatestTls_WebApp_Audit.json', webApp(), 'azurerm_linux_web_app.app', SITE, ['properties.minTlsVersion'])).toBeNull();
    expect(verdict('app-service/RequireLatestTls_WebApp_Audit.json', webApp({}, { minimum_tls_version: '1.0' }), 'azurerm_linux_web_app.app', SITE)).toBe('AuditIfNotExists');
    expect(verdict('app-service/RequireLatestTls_WebApp_Audit.json', webApp({}, { minimum_tls_version: '1.3' }, 'azurerm_windows_web_app'), 'azurerm_windows_web_app.app', SITE)).toBeNull();
  });

  it('FTPS (AuditFTPS_WebApp_Audit): ftps_state defaults to Disabled (compliant); AllAllowed is not', () => {
    expect(verdict('app-service/AuditFTPS_WebApp_Audit.json', webApp(), 'azurerm_linux_web_app.app', SITE, ['properties.ftpsState'])).toBeNull();
    expect(verdict('app-service/AuditFTPS_WebApp_Audit.json', webApp({}, { ftps_state: 'AllAllowed' }), 'azurerm_linux_web_app.app', SITE)).toBe('AuditIfNotExists');
    expect(verdict('app-service/AuditFTPS_WebApp_Audit.json', webApp({}, { ftps_state: 'FtpsOnly' }), 'azurerm_linux_web_app.app', SITE)).toBeNull();
  });

  it('HTTP/2 (WebApp_Audit_HTTP_Latest): http2_enabled defaults to false', () => {
    expect(verdict('app-service/WebApp_Audit_HTTP_Latest.json', webApp(), 'azurerm_linux_web_app.app', SITE, ['properties.http20Enabled'])).toBe('AuditIfNotExists');
    expect(verdict('app-service/WebApp_Audit_HTTP_Latest.json', webApp({}, { http2_enabled: true }), 'azurerm_linux_web_app.app', SITE)).toBeNull();
  });

  it('client certificates (ClientCert_Webapp_Audit): client_certificate_enabled = true is compliant; else HTTP/2 decides', () => {
    expect(verdict('app-service/ClientCert_Webapp_Audit.json', webApp(), 'azurerm_linux_web_app.app', SITE, ['properties.clientCertEnabled'])).toBe('AuditIfNotExists');
    expect(verdict('app-service/ClientCert_Webapp_Audit.json', webApp({ client_certificate_enabled: true }), 'azurerm_linux_web_app.app', SITE)).toBeNull();
    expect(verdict('app-service/ClientCert_Webapp_Audit.json', webApp({}, { http2_enabled: true }), 'azurerm_linux_web_app.app', SITE)).toBeNull();
  });

  it('basic authentication for FTP and SCM (FTP_/SCM_BasicAuthEnabled_AINE): allowed unless the argument is false', () => {
    expect(verdict('app-service/FTP_BasicAuthEnabled_AINE.json', webApp(), 'azurerm_linux_web_app.app', SITE, ['properties.allow'])).toBe('AuditIfNotExists');
    expect(verdict('app-service/FTP_BasicAuthEnabled_AINE.json', webApp({ ftp_publish_basic_authentication_enabled: false }), 'azurerm_linux_web_app.app', SITE)).toBeNull();
    // The FTP setting does not satisfy the SCM policy.
    expect(verdict('app-service/SCM_BasicAuthEnabled_AINE.json', webApp({ ftp_publish_basic_authentication_enabled: false }), 'azurerm_linux_web_app.app', SITE)).toBe('AuditIfNotExists');
    expect(verdict('app-service/SCM_BasicAuthEnabled_AINE.json', functionApp({ webdeploy_publish_basic_authentication_enabled: false }, {}, 'azurerm_windows_function_app'), 'azurerm_windows_function_app.app', SITE)).toBeNull();
  });

  it('managed identity (UseManagedIdentity_WebApp_Audit): an identity block makes config/web carry the identity id', () => {
    expect(verdict('app-service/UseManagedIdentity_WebApp_Audit.json', webApp(), 'azurerm_linux_web_app.app', SITE)).toBe('AuditIfNotExists');
    expect(verdict('app-service/UseManagedIdentity_WebApp_Audit.json', webApp({ identity: [{ type: 'SystemAssigned' }] }), 'azurerm_linux_web_app.app', SITE)).toBeNull();
  });

  it('function app slot remote debugging (DisableRemoteDebugging_FunctionApp_Slot_Audit): off unless remote_debugging_enabled = true', () => {
    expect(verdict('app-service/DisableRemoteDebugging_FunctionApp_Slot_Audit.json', functionSlot(), 'azurerm_linux_function_app_slot.slot', SLOT, ['kind'])).toBeNull();
    expect(verdict('app-service/DisableRemoteDebugging_FunctionApp_Slot_Audit.json', functionSlot({}, { remote_debugging_enabled: true }), 'azurerm_linux_function_app_slot.slot', SLOT)).toBe('AuditIfNotExists');
    expect(verdict('app-service/DisableRemoteDebugging_FunctionApp_Slot_Audit.json', functionSlot({}, { remote_debugging_enabled: true }, 'azurerm_windows_function_app_slot'), 'azurerm_windows_function_app_slot.slot', SLOT)).toBe('AuditIfNotExists');
  });

  it('the function app request leaves out what HasChange does not see (false, "" and 0), the config/web view shows the defaults', () => {
    const r = functionApp();
    const site = one(r, 'azurerm_linux_function_app.app', SITE).resource as { properties: { siteConfig: Record<string, unknown> } };
    expect(site.properties.siteConfig).not.toHaveProperty('remoteDebuggingEnabled');
    expect(site.properties.siteConfig).not.toHaveProperty('http20Enabled');
    const web = one(r, 'azurerm_linux_function_app.app', 'Microsoft.Web/sites/config').resource as { properties: Record<string, unknown> };
    expect(web.properties).toMatchObject({ remoteDebuggingEnabled: false, http20Enabled: false, minTlsVersion: '1.2', ftpsState: 'Disabled' });
    const withTrue = one(functionApp({}, { remote_debugging_enabled: true, http2_enabled: true }), 'azurerm_linux_function_app.app', SITE).resource as { properties: { siteConfig: Record<string, unknown> } };
    expect(withTrue.properties.siteConfig).toMatchObject({ remoteDebuggingEnabled: true, http20Enabled: true });
  });

  it('arguments applied after create are noted', () => {
    const r = webApp({ auth_settings: [{ enabled: true }], ftp_publish_basic_authentication_enabled: false });
    const notes = r.notes.filter((n) => n.address === 'azurerm_linux_web_app.app').map((n) => n.message);
    expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/^auth_settings is applied by a second request after create/), expect.stringMatching(/^ftp_publish_basic_authentication_enabled = false is applied by a second request/)]));
    expect((one(r, 'azurerm_linux_web_app.app', 'Microsoft.Web/sites/config').resource as { properties: Record<string, unknown> }).properties.siteAuthEnabled).toBe(true);
  });

  it('application stacks give the linuxFxVersion / windowsFxVersion azurerm builds', () => {
    const fx = (r: TranslationResult, address: string): unknown => (one(r, address, SITE).resource as { properties: { siteConfig: Record<string, unknown> } }).properties.siteConfig;
    expect(fx(webApp({}, { application_stack: [{ php_version: '8.2' }] }), 'azurerm_linux_web_app.app')).toMatchObject({ linuxFxVersion: 'PHP|8.2' });
    expect(fx(webApp({}, { application_stack: [{ java_version: '17', java_server: 'TOMCAT', java_server_version: '10.0' }] }), 'azurerm_linux_web_app.app')).toMatchObject({ linuxFxVersion: 'TOMCAT|10.0-java17' });
    expect(fx(webApp({}, { application_stack: [{ java_version: '8', java_server: 'JAVA', java_server_version: '8' }] }), 'azurerm_linux_web_app.app')).toMatchObject({ linuxFxVersion: 'JAVA|8-jre8' });
    expect(fx(webApp({}, { application_stack: [{ docker_image_name: 'nginx:latest', docker_registry_url: 'https://index.docker.io/' }] }), 'azurerm_linux_web_app.app')).toMatchObject({ linuxFxVersion: 'DOCKER|index.docker.io/nginx:latest', appSettings: [{ name: 'DOCKER_REGISTRY_SERVER_PASSWORD', value: '' }, { name: 'DOCKER_REGISTRY_SERVER_URL', value: 'https://index.docker.io/' }, { name: 'DOCKER_REGISTRY_SERVER_USERNAME', value: '' }] });
    expect(fx(webApp({}, { application_stack: [{ dotnet_version: 'v8.0', current_stack: 'dotnet' }] }, 'azurerm_windows_web_app'), 'azurerm_windows_web_app.app')).toMatchObject({ netFrameworkVersion: 'v8.0' });
    expect(fx(functionApp({}, { application_stack: [{ python_version: '3.11' }] }), 'azurerm_linux_function_app.app')).toMatchObject({ linuxFxVersion: 'PYTHON|3.11' });
    expect(fx(functionApp({}, { application_stack: [{ dotnet_version: '8.0', use_dotnet_isolated_runtime: true }] }), 'azurerm_linux_function_app.app')).toMatchObject({ linuxFxVersion: 'DOTNET-ISOLATED|8.0' });
    expect(fx(functionApp({}, { application_stack: [{ powershell_core_version: '7.4' }] }, 'azurerm_windows_function_app'), 'azurerm_windows_function_app.app')).toMatchObject({ powerShellVersion: '7.4' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// AKS

const aks = (extra: Record<string, unknown> = {}, pool: Record<string, unknown> = {}): TranslationResult =>
  translateJson({ provider, resource: { azurerm_kubernetes_cluster: { k: { name: 'aks-guardrails', resource_group_name: RG, location: 'westeurope', dns_prefix: 'aksg', default_node_pool: [{ name: 'system', node_count: 1, vm_size: 'Standard_D2_v2', ...pool }], identity: [{ type: 'SystemAssigned' }], ...extra } } } });
const AKS = 'Microsoft.ContainerService/managedClusters';
const K = 'azurerm_kubernetes_cluster.k';

describe('AKS built-ins on translated clusters', () => {
  it('RBAC (ASC_EnableRBAC_KubernetesService_Audit): role_based_access_control_enabled defaults to true', () => {
    expect(verdict('kubernetes/ASC_EnableRBAC_KubernetesService_Audit.json', aks(), K, AKS, ['properties.enableRBAC'])).toBeNull();
    expect(verdict('kubernetes/ASC_EnableRBAC_KubernetesService_Audit.json', aks({ role_based_access_control_enabled: false }), K, AKS)).toBe('Audit');
  });

  it('authorized IP ranges (ASC_EnableIpRanges_KubernetesService_Audit): a public cluster without ranges is Audit; ranges or a private cluster comply', () => {
    expect(verdict('kubernetes/ASC_EnableIpRanges_KubernetesService_Audit.json', aks(), K, AKS)).toBe('Audit');
    expect(verdict('kubernetes/ASC_EnableIpRanges_KubernetesService_Audit.json', aks({ api_server_access_profile: [{ authorized_ip_ranges: ['198.51.100.0/24'] }] }), K, AKS)).toBeNull();
    // An empty set is not sent (len > 0 check): still Audit.
    expect(verdict('kubernetes/ASC_EnableIpRanges_KubernetesService_Audit.json', aks({ api_server_access_profile: [{ authorized_ip_ranges: [] }] }), K, AKS)).toBe('Audit');
    expect(verdict('kubernetes/ASC_EnableIpRanges_KubernetesService_Audit.json', aks({ private_cluster_enabled: true }), K, AKS)).toBeNull();
  });

  it('local accounts (AKS_DisableLocalAccounts_Deny): azurerm sends disableLocalAccounts false unless local_account_disabled = true', () => {
    expect(verdict('kubernetes/AKS_DisableLocalAccounts_Deny.json', aks(), K, AKS, ['properties.disableLocalAccounts'])).toBe('Audit');
    expect(verdict('kubernetes/AKS_DisableLocalAccounts_Deny.json', aks({ local_account_disabled: true }), K, AKS)).toBeNull();
    expect(verdict('kubernetes/AKS_DisableLocalAccounts_Deny.json', aks({ local_account_disabled: true }), K, AKS, [], { effect: 'Deny' })).toBeNull();
    expect(verdict('kubernetes/AKS_DisableLocalAccounts_Deny.json', aks(), K, AKS, [], { effect: 'Deny' })).toBe('Deny');
  });

  it('Azure Policy add-on (AKS_AzurePolicyAddOn_Audit): the azurepolicy profile is always sent, enabled by azure_policy_enabled', () => {
    expect(verdict('kubernetes/AKS_AzurePolicyAddOn_Audit.json', aks(), K, AKS)).toBe('Audit');
    expect(verdict('kubernetes/AKS_AzurePolicyAddOn_Audit.json', aks({ azure_policy_enabled: true }), K, AKS)).toBeNull();
  });

  it('automatic upgrades (AKS_Autoupgrade_Cluster_Audit): azurerm sends "none" when automatic_upgrade_channel is omitted', () => {
    expect(verdict('kubernetes/AKS_Autoupgrade_Cluster_Audit.json', aks(), K, AKS, ['properties.autoUpgradeProfile.upgradeChannel'])).toBe('Audit');
    expect(verdict('kubernetes/AKS_Autoupgrade_Cluster_Audit.json', aks({ automatic_upgrade_channel: 'stable' }), K, AKS)).toBeNull();
    expect(verdict('kubernetes/AKS_Autoupgrade_Cluster_Audit.json', aks({ automatic_upgrade_channel: 'node-image' }), K, AKS)).toBe('Audit');
  });

  it('Defender (ASC_Azure_Defender_AKS_SecurityProfile_Audit): only a microsoft_defender block enables security monitoring', () => {
    expect(verdict('kubernetes/ASC_Azure_Defender_AKS_SecurityProfile_Audit.json', aks(), K, AKS)).toBe('Audit');
    expect(verdict('kubernetes/ASC_Azure_Defender_AKS_SecurityProfile_Audit.json', aks({ microsoft_defender: [{ log_analytics_workspace_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/law` }] }), K, AKS)).toBeNull();
  });

  it('encryption at host (AKS_EncryptionAtHost_Deny): counts node pools of the create request (the default node pool)', () => {
    expect(verdict('kubernetes/AKS_EncryptionAtHost_Deny.json', aks(), K, AKS, ['properties.agentPoolProfiles'])).toBe('Audit');
    expect(verdict('kubernetes/AKS_EncryptionAtHost_Deny.json', aks({}, { host_encryption_enabled: true }), K, AKS)).toBeNull();
  });

  it('managed identity (AKS_MSI_Audit): identity sends clientId "msi", a service principal its client id', () => {
    expect(verdict('kubernetes/AKS_MSI_Audit.json', aks(), K, AKS, ['properties.servicePrincipalProfile.clientId'])).toBeNull();
    expect(verdict('kubernetes/AKS_MSI_Audit.json', aks({ identity: undefined, service_principal: [{ client_id: '00000000-0000-0000-0000-000000000001', client_secret: 's' }] }), K, AKS)).toBe('Audit');
  });

  it('Entra ID integration (AKS_AAD_Integration_Audit) and Azure CNI (AKS_EnableCNI)', () => {
    expect(verdict('kubernetes/AKS_AAD_Integration_Audit.json', aks(), K, AKS)).toBe('Audit');
    expect(verdict('kubernetes/AKS_AAD_Integration_Audit.json', aks({ azure_active_directory_role_based_access_control: [{ azure_rbac_enabled: true }] }), K, AKS)).toBeNull();
    expect(verdict('kubernetes/AKS_EnableCNI.json', aks({ network_profile: [{ network_plugin: 'azure' }] }), K, AKS)).toBeNull();
    expect(verdict('kubernetes/AKS_EnableCNI.json', aks({ network_profile: [{ network_plugin: 'kubenet' }] }), K, AKS)).toBe('Audit');
  });

  it('a node pool resource is its own agentPools request; maintenance windows are noted as later requests', () => {
    const r = translateJson({ provider, resource: {
      azurerm_kubernetes_cluster: { k: { name: 'aks-guardrails', resource_group_name: RG, location: 'westeurope', dns_prefix: 'aksg', default_node_pool: [{ name: 'system' }], identity: [{ type: 'SystemAssigned' }], maintenance_window: [{ allowed: [{ day: 'Sunday', hours: [1] }] }] } },
      azurerm_kubernetes_cluster_node_pool: { p: { name: 'user', kubernetes_cluster_id: '${azurerm_kubernetes_cluster.k.id}', vm_size: 'Standard_D4s_v5', host_encryption_enabled: true, auto_scaling_enabled: true, min_count: 1, max_count: 3 } },
    } });
    const pool = one(r, 'azurerm_kubernetes_cluster_node_pool.p').resource as { id: string; properties: Record<string, unknown> };
    expect(pool.id).toBe(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-guardrails/agentPools/user`);
    expect(pool.properties).toMatchObject({ enableEncryptionAtHost: true, enableAutoScaling: true, count: 1, minCount: 1, maxCount: 3, mode: 'User', osType: 'Linux' });
    expect(r.notes.filter((n) => n.address === K).map((n) => n.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^maintenance_window is applied by a second request after create/)]));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// VM scale sets

const vmss = (extra: Record<string, unknown> = {}, type = 'azurerm_linux_virtual_machine_scale_set'): TranslationResult =>
  translateJson({ provider, resource: { [type]: { s: {
    name: 'vmss-app', resource_group_name: RG, location: 'westeurope', sku: 'Standard_D2s_v5', instances: 2, admin_username: 'azureuser',
    ...(type.includes('windows') ? { admin_password: 'P@ssw0rd1234!' } : { admin_ssh_key: [{ username: 'azureuser', public_key: 'ssh-rsa AAAA' }] }),
    source_image_reference: [{ publisher: 'Canonical', offer: '0001-com-ubuntu-server-focal', sku: '20_04-lts-gen2', version: 'latest' }],
    os_disk: [{ caching: 'ReadWrite', storage_account_type: 'Premium_LRS' }],
    network_interface: [{ name: 'nic', primary: true, ip_configuration: [{ name: 'ip', primary: true, subnet_id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app` }] }],
    ...extra,
  } } } });
const VMSS = 'Microsoft.Compute/virtualMachineScaleSets';
const V = 'azurerm_linux_virtual_machine_scale_set.s';
const oms = { name: 'oms', publisher: 'Microsoft.EnterpriseCloud.Monitoring', type: 'OmsAgentForLinux', type_handler_version: '1.17', settings: JSON.stringify({ workspaceId: '00000000-0000-0000-0000-00000000abcd' }) };

describe('VM scale set built-ins on translated scale sets', () => {
  it('encryption at host (HostBasedEncryptionRequired_Deny): only encryption_at_host_enabled = true sends it', () => {
    expect(verdict('compute/HostBasedEncryptionRequired_Deny.json', vmss(), V, VMSS)).toBe('Audit');
    expect(verdict('compute/HostBasedEncryptionRequired_Deny.json', vmss({ encryption_at_host_enabled: false }), V, VMSS)).toBe('Audit');
    expect(verdict('compute/HostBasedEncryptionRequired_Deny.json', vmss({ encryption_at_host_enabled: true }), V, VMSS)).toBeNull();
    expect(verdict('compute/HostBasedEncryptionRequired_Deny.json', vmss({ encryption_at_host_enabled: true }, 'azurerm_windows_virtual_machine_scale_set'), 'azurerm_windows_virtual_machine_scale_set.s', VMSS)).toBeNull();
  });

  it('legacy Log Analytics extension (LogAnalyticsExtension_Linux_VMSS_Deny): found inline on the scale set and as its extensions child', () => {
    expect(verdict('compute/LogAnalyticsExtension_Linux_VMSS_Deny.json', vmss(), V, VMSS)).toBeNull();
    const r = vmss({ extension: [oms] });
    expect(verdict('compute/LogAnalyticsExtension_Linux_VMSS_Deny.json', r, V, VMSS)).toBe('Audit');
    expect(verdict('compute/LogAnalyticsExtension_Linux_VMSS_Deny.json', r, V, 'Microsoft.Compute/virtualMachineScaleSets/extensions')).toBe('Audit');
  });

  it('extension existence (VMSS_LogAnalyticsAgent_AINE): the extensions child is provisioned, with its settings', () => {
    const params = { effect: 'AuditIfNotExists' };
    expect(verdict('compute/VMSS_LogAnalyticsAgent_AINE.json', vmss(), V, VMSS, [], params)).toBe('AuditIfNotExists');
    expect(verdict('compute/VMSS_LogAnalyticsAgent_AINE.json', vmss({ extension: [oms] }), V, VMSS, [], params)).toBeNull();
    expect(verdict('compute/VMSS_LogAnalyticsAgent_AINE.json', vmss({ extension: [{ ...oms, settings: undefined }] }), V, VMSS, [], params)).toBe('AuditIfNotExists');
    // The request body itself carries no provisioningState.
    const body = one(vmss({ extension: [oms] }), V, VMSS).resource as { properties: { virtualMachineProfile: { extensionProfile: { extensions: { properties: Record<string, unknown> }[] } } } };
    expect(body.properties.virtualMachineProfile.extensionProfile.extensions[0].properties).not.toHaveProperty('provisioningState');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Container Apps and Container Instances

const ENV_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.App/managedEnvironments/cae`;
const SUBNET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps`;
const app = (extra: Record<string, unknown> = {}, tpl: Record<string, unknown> = {}): TranslationResult =>
  translateJson({ provider, resource: { azurerm_container_app: { a: { name: 'ca-api', resource_group_name: RG, container_app_environment_id: ENV_ID, revision_mode: 'Single', template: [{ container: [{ name: 'api', image: 'mcr.microsoft.com/k8se/quickstart:latest', cpu: 0.25, memory: '0.5Gi' }], ...tpl }], ...extra } } } });
const env = (extra: Record<string, unknown> = {}): TranslationResult =>
  translateJson({ provider, resource: { azurerm_container_app_environment: { e: { name: 'cae', resource_group_name: RG, location: 'westeurope', ...extra } } } });
const aci = (extra: Record<string, unknown> = {}): TranslationResult =>
  translateJson({ provider, resource: { azurerm_container_group: { g: { name: 'aci', resource_group_name: RG, location: 'westeurope', os_type: 'Linux', container: [{ name: 'c', image: 'mcr.microsoft.com/azuredocs/aci-helloworld:latest', cpu: 0.5, memory: 1.5, ports: [{ port: 443 }] }], ...extra } } } });
const CAPP = 'Microsoft.App/containerApps';
const CENV = 'Microsoft.App/managedEnvironments';
const CG = 'Microsoft.ContainerInstance/containerGroups';

describe('Container Apps and Container Instances built-ins on translated resources', () => {
  it('external ingress (ContainerAppInternal_Audit) and insecure connections (EnableHTTPS_Audit)', () => {
    expect(verdict('containers/ContainerAppInternal_Audit.json', app(), 'azurerm_container_app.a', CAPP)).toBeNull();
    expect(verdict('containers/ContainerAppInternal_Audit.json', app({ ingress: [{ target_port: 80, external_enabled: true, traffic_weight: [{ latest_revision: true, percentage: 100 }] }] }), 'azurerm_container_app.a', CAPP)).toBe('Audit');
    expect(verdict('containers/ContainerAppInternal_Audit.json', app({ ingress: [{ target_port: 80, traffic_weight: [{ latest_revision: true, percentage: 100 }] }] }), 'azurerm_container_app.a', CAPP)).toBeNull();
    expect(verdict('containers/EnableHTTPS_Audit.json', app({ ingress: [{ target_port: 80, allow_insecure_connections: true, traffic_weight: [{ latest_revision: true, percentage: 100 }] }] }), 'azurerm_container_app.a', CAPP)).toBe('Audit');
    expect(verdict('containers/EnableHTTPS_Audit.json', app({ ingress: [{ target_port: 80, traffic_weight: [{ latest_revision: true, percentage: 100 }] }] }), 'azurerm_container_app.a', CAPP)).toBeNull();
  });

  it('volume mounts (ContainerAppMountStorage_Audit) and managed identity (ManagedIdentity_Audit)', () => {
    expect(verdict('containers/ContainerAppMountStorage_Audit.json', app(), 'azurerm_container_app.a', CAPP)).toBe('Audit');
    expect(verdict('containers/ContainerAppMountStorage_Audit.json', app({}, { volume: [{ name: 'scratch' }] }), 'azurerm_container_app.a', CAPP)).toBeNull();
    // azurerm sends identity type "None" without an identity block.
    expect(verdict('containers/ManagedIdentity_Audit.json', app(), 'azurerm_container_app.a', CAPP)).toBe('Audit');
    expect(verdict('containers/ManagedIdentity_Audit.json', app({ identity: [{ type: 'SystemAssigned' }] }), 'azurerm_container_app.a', CAPP)).toBeNull();
  });

  it('environments: internal load balancer (EnvironmentInternal_Audit) and network injection (InjectVNet_Audit)', () => {
    expect(verdict('containers/EnvironmentInternal_Audit.json', env(), 'azurerm_container_app_environment.e', CENV)).toBe('Audit');
    // internal_load_balancer_enabled is sent only with an infrastructure subnet.
    expect(verdict('containers/EnvironmentInternal_Audit.json', env({ internal_load_balancer_enabled: true }), 'azurerm_container_app_environment.e', CENV)).toBe('Audit');
    expect(verdict('containers/EnvironmentInternal_Audit.json', env({ infrastructure_subnet_id: SUBNET, internal_load_balancer_enabled: true }), 'azurerm_container_app_environment.e', CENV)).toBeNull();
    expect(verdict('containers/InjectVNet_Audit.json', env(), 'azurerm_container_app_environment.e', CENV)).toBe('Audit');
    expect(verdict('containers/InjectVNet_Audit.json', env({ infrastructure_subnet_id: SUBNET }), 'azurerm_container_app_environment.e', CENV)).toBeNull();
  });

  it('container groups: customer-managed key (CMK_Audit) and virtual network (VNET_Audit, decided on requestContext().apiVersion 2023-05-01)', () => {
    expect(verdict('containers/CMK_Audit.json', aci(), 'azurerm_container_group.g', CG)).toBe('Audit');
    expect(verdict('containers/CMK_Audit.json', aci({ key_vault_key_id: 'https://kv-app.vault.azure.net/keys/aci/0123456789abcdef0123456789abcdef' }), 'azurerm_container_group.g', CG)).toBeNull();
    expect(verdict('containers/VNET_Audit.json', aci(), 'azurerm_container_group.g', CG)).toBe('Audit');
    expect(verdict('containers/VNET_Audit.json', aci({ ip_address_type: 'Private', subnet_ids: [SUBNET] }), 'azurerm_container_group.g', CG)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Plans: every attribute is present (defaults written out, absent blocks as []), computed ones in after_unknown.

describe('plans give the same request bodies as configurations', () => {
  const AZURERM = 'registry.terraform.io/hashicorp/azurerm';
  const planOf = (type: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown>, expressions: Record<string, unknown>): TranslationResult =>
    translate(readTerraformJson({
      format_version: '1.2', terraform_version: '1.9.5',
      resource_changes: [{ address: `${type}.x`, mode: 'managed', type, name: 'x', provider_name: AZURERM, change: { actions: ['create'], before: null, after, after_unknown: { id: true, ...afterUnknown } } }],
      configuration: {
        provider_config: { azurerm: { name: 'azurerm', full_name: AZURERM, expressions: { subscription_id: { constant_value: SUB }, features: [{}] } } },
        root_module: { resources: [{ address: `${type}.x`, mode: 'managed', type, name: 'x', provider_config_key: 'azurerm', expressions }] },
      },
    }, { file: 'plan.json' }));

  it('a Linux function app: explicit false / "" / 0 and computed site config values are left out as on create', () => {
    const siteConfig = {
      always_on: null, http2_enabled: false, remote_debugging_enabled: false, websockets_enabled: false, vnet_route_all_enabled: false, scm_use_main_ip_restriction: false, container_registry_use_managed_identity: false,
      use_32_bit_worker: false, ftps_state: 'Disabled', minimum_tls_version: '1.2', scm_minimum_tls_version: '1.2', load_balancing_mode: 'LeastRequests', managed_pipeline_mode: 'Integrated',
      ip_restriction_default_action: 'Allow', scm_ip_restriction_default_action: 'Allow', health_check_path: '', application_stack: [], cors: [], ip_restriction: [], scm_ip_restriction: [], app_service_logs: [],
      api_definition_url: null, api_management_api_id: null, app_command_line: null, application_insights_key: null, application_insights_connection_string: null, runtime_scale_monitoring_enabled: false,
    };
    const after = {
      name: 'func-plan', resource_group_name: RG, location: 'westeurope', service_plan_id: PLAN, storage_account_name: 'stfunc', storage_uses_managed_identity: true, https_only: false, public_network_access_enabled: true,
      client_certificate_enabled: false, client_certificate_mode: 'Optional', enabled: true, builtin_logging_enabled: true, functions_extension_version: '~4', daily_memory_time_quota: 0, vnet_image_pull_enabled: false,
      virtual_network_backup_restore_enabled: false, webdeploy_publish_basic_authentication_enabled: true, ftp_publish_basic_authentication_enabled: true, content_share_force_disabled: false,
      site_config: [siteConfig], identity: [], auth_settings: [], auth_settings_v2: [], backup: [], connection_string: [], sticky_settings: [], storage_account: [], tags: null,
    };
    const afterUnknown = { site_config: [{ always_on: true, pre_warmed_instance_count: true, worker_count: true, app_scale_limit: true, elastic_instance_minimum: true, linux_fx_version: true, default_documents: true, remote_debugging_version: true, application_stack: [], cors: [], ip_restriction: [], scm_ip_restriction: [], app_service_logs: [] }], zip_deploy_file: true, kind: true, default_hostname: true };
    const expressions = { name: { constant_value: 'func-plan' }, resource_group_name: { constant_value: RG }, location: { constant_value: 'westeurope' }, service_plan_id: { constant_value: PLAN }, storage_account_name: { constant_value: 'stfunc' }, storage_uses_managed_identity: { constant_value: true }, site_config: [{}] };
    const r = planOf('azurerm_linux_function_app', after, afterUnknown, expressions);
    const fromPlan = one(r, 'azurerm_linux_function_app.x', SITE).resource as { properties: { siteConfig: Record<string, unknown> } };
    const fromConfig = one(functionApp(), 'azurerm_linux_function_app.app', SITE).resource as { properties: { siteConfig: Record<string, unknown> } };
    expect(fromPlan.properties.siteConfig).toEqual(fromConfig.properties.siteConfig);
    expect(fromPlan.properties).toMatchObject({ httpsOnly: false, clientCertMode: 'Optional', publicNetworkAccess: 'Enabled' });
    // Empty blocks are not arguments applied after create.
    expect(r.notes.filter((n) => n.address === 'azurerm_linux_function_app.x').map((n) => n.message)).toEqual([]);
  });

  it('an AKS cluster: the same body, "none" upgrade channel and no Defender profile', () => {
    const after = {
      name: 'aks-guardrails', resource_group_name: RG, location: 'westeurope', dns_prefix: 'aksg', automatic_upgrade_channel: null, node_os_upgrade_channel: 'NodeImage', sku_tier: 'Free', support_plan: 'KubernetesOfficial',
      role_based_access_control_enabled: true, run_command_enabled: true, private_cluster_enabled: false, private_cluster_public_fqdn_enabled: false, local_account_disabled: false, azure_policy_enabled: null,
      cost_analysis_enabled: false, image_cleaner_enabled: false, oidc_issuer_enabled: false, workload_identity_enabled: false, ai_toolchain_operator_enabled: false, open_service_mesh_enabled: null, http_application_routing_enabled: false,
      default_node_pool: [{ name: 'system', node_count: 1, vm_size: 'Standard_D2_v2', type: 'VirtualMachineScaleSets', auto_scaling_enabled: false, host_encryption_enabled: false, node_public_ip_enabled: false, fips_enabled: false, ultra_ssd_enabled: false, os_disk_type: 'Managed', scale_down_mode: 'Delete', only_critical_addons_enabled: false, upgrade_settings: [], kubelet_config: [], linux_os_config: [], node_network_profile: [], zones: null, tags: null }],
      identity: [{ type: 'SystemAssigned', identity_ids: null }], api_server_access_profile: [], azure_active_directory_role_based_access_control: [], microsoft_defender: [], key_management_service: [], oms_agent: [], monitor_metrics: [],
      maintenance_window: [], maintenance_window_auto_upgrade: [], maintenance_window_node_os: [], linux_profile: [], service_principal: [], storage_profile: [], web_app_routing: [], workload_autoscaler_profile: [], service_mesh_profile: [], tags: null,
    };
    const afterUnknown = { kubernetes_version: true, node_resource_group: true, network_profile: true, windows_profile: true, auto_scaler_profile: true, kubelet_identity: true, private_dns_zone_id: true, default_node_pool: [{ kubelet_disk_type: true, max_pods: true, node_labels: true, orchestrator_version: true, os_disk_size_gb: true, os_sku: true, workload_runtime: true }], identity: [{ principal_id: true, tenant_id: true }], fqdn: true };
    const expressions = { name: { constant_value: 'aks-guardrails' }, resource_group_name: { constant_value: RG }, location: { constant_value: 'westeurope' }, dns_prefix: { constant_value: 'aksg' }, default_node_pool: [{ name: { constant_value: 'system' }, node_count: { constant_value: 1 }, vm_size: { constant_value: 'Standard_D2_v2' } }], identity: [{ type: { constant_value: 'SystemAssigned' } }] };
    const r = planOf('azurerm_kubernetes_cluster', after, afterUnknown, expressions);
    const fromPlan = one(r, 'azurerm_kubernetes_cluster.x', AKS).resource as { properties: Record<string, unknown> };
    const fromConfig = one(aks(), K, AKS).resource as { properties: Record<string, unknown> };
    expect(fromPlan.properties).toEqual(fromConfig.properties);
    expect(fromPlan.properties).toMatchObject({ autoUpgradeProfile: { upgradeChannel: 'none' }, securityProfile: {} });
    expect(r.notes.filter((n) => n.address === 'azurerm_kubernetes_cluster.x').map((n) => n.message)).toEqual([]);
  });

  it('a Windows web app sends vnetImagePullEnabled only when the configuration sets it (GetRawConfigAt)', () => {
    const after = { name: 'app-win', resource_group_name: RG, location: 'westeurope', service_plan_id: PLAN, virtual_network_image_pull_enabled: false, https_only: true, site_config: [{ minimum_tls_version: '1.2', application_stack: [] }], identity: [], auth_settings: [], logs: [] };
    const base = { name: { constant_value: 'app-win' }, resource_group_name: { constant_value: RG }, location: { constant_value: 'westeurope' }, service_plan_id: { constant_value: PLAN }, https_only: { constant_value: true }, site_config: [{}] };
    const unset = one(planOf('azurerm_windows_web_app', after, {}, base), 'azurerm_windows_web_app.x', SITE).resource as { properties: Record<string, unknown> };
    expect(unset.properties).not.toHaveProperty('vnetImagePullEnabled');
    const set = one(planOf('azurerm_windows_web_app', after, {}, { ...base, virtual_network_image_pull_enabled: { constant_value: false } }), 'azurerm_windows_web_app.x', SITE).resource as { properties: Record<string, unknown> };
    expect(set.properties.vnetImagePullEnabled).toBe(false);
    const config = one(webApp({ virtual_network_image_pull_enabled: true }, {}, 'azurerm_windows_web_app'), 'azurerm_windows_web_app.app', SITE).resource as { properties: Record<string, unknown> };
    expect(config.properties.vnetImagePullEnabled).toBe(true);
  });
});
