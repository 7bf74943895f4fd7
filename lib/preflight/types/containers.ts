/**
 * Container Apps (Microsoft.App: container apps and their environments) and Container Instances
 * (Microsoft.ContainerInstance/containerGroups). Read at azurerm v4.55.0 from
 * internal/services/containerapps/ (container_app_resource.go, container_app_environment_resource.go, helpers/) with
 * go-azure-sdk resource-manager/containerapps/2025-07-01, and internal/services/containers/container_group_resource.go
 * with resource-manager/containerinstance/2023-05-01.
 */
import { ArmValue, Field, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, dict, isUnknown, isUnknownValue, put } from '../values';
import { identity, obj, rgId, zones } from './common';

type Raw = Record<string, unknown>;

function firstBlock(v: unknown): Raw | undefined | 'unknown' {
  const b = Array.isArray(v) ? v[0] : v;
  if (b === undefined) return undefined;
  if (b === null) return Array.isArray(v) ? {} : undefined;
  if (isUnknownValue(b) || typeof b !== 'object' || Array.isArray(b)) return 'unknown';
  return b as Raw;
}

const nonZero = (v: ArmValue): ArmValue | typeof OMIT => (v === '' || v === 0 || v === false ? OMIT : v);

/** A Go map iterated into a list (random order in the request): sorted by name here. */
function mapEntries(v: ArmValue | undefined, make: (name: string, value: ArmValue) => ArmValue): ArmValue[] | typeof UNKNOWN {
  if (v === undefined || v === null) return [];
  if (isUnknown(v) || typeof v !== 'object' || Array.isArray(v)) return UNKNOWN;
  return Object.keys(v).sort().map((k) => make(k, (v as Record<string, ArmValue>)[k]));
}

// ---------------------------------------------------------------------------------------------------------------
// Container Apps

const CA = 'internal/services/containerapps/';
const CA_API = '2025-07-01';

/** expandContainerVolumeMounts: a list when the block is set. */
const volumeMounts: Field = { to: 'volumeMounts', arg: 'volume_mounts', block: { list: true, fields: [{ to: 'mountPath', arg: 'path', default: '' }, { to: 'volumeName', arg: 'name', default: '' }, { to: 'subPath', arg: 'sub_path', default: '' }] } };

/** expandContainerEnvVar: a secret reference or a value; [] without env blocks. */
const containerEnv: Field = {
  to: 'env',
  arg: 'env',
  block: {
    list: true,
    emptyList: true,
    fields: [
      { to: 'name', arg: 'name', default: '' },
      { to: 'secretRef', arg: 'secret_name', map: nonZero },
      { to: 'value', reads: ['value', 'secret_name'], compute: (c) => { const s = c.get('secret_name'); return s !== undefined && s !== '' ? OMIT : (c.get('value') ?? ''); } },
    ],
  },
};

/** Fields of expandContainerAppContainers / expandInitContainerAppContainers. */
function appContainerFields(init: boolean): Field[] {
  const fields: Field[] = [
    containerEnv,
    { to: 'image', arg: 'image', default: '' },
    { to: 'name', arg: 'name', default: '' },
    { to: 'resources.cpu', arg: 'cpu', type: 'number', default: 0 },
    // ephemeral_storage is Computed only: "" in the request.
    { to: 'resources.ephemeralStorage', arg: 'ephemeral_storage', default: '' },
    { to: 'resources.memory', arg: 'memory', default: '' },
    volumeMounts,
    { to: 'args', arg: 'args', type: 'strings', omitEmpty: true },
    { to: 'command', arg: 'command', type: 'strings', omitEmpty: true },
  ];
  if (!init) {
    fields.push({
      // expandContainerProbes: the probes' settings are not translated (unknown when a probe is set).
      to: 'probes',
      reads: ['liveness_probe', 'readiness_probe', 'startup_probe'],
      compute: (c) => (['liveness_probe', 'readiness_probe', 'startup_probe'].some((p) => { const b = c.raw(p); return b !== undefined && !(Array.isArray(b) && b.length === 0); }) ? UNKNOWN : []),
    });
  }
  return fields;
}

const SCALE_RULES = ['azure_queue_scale_rule', 'custom_scale_rule', 'http_scale_rule', 'tcp_scale_rule'];

/** ExpandContainerAppTemplate. */
const template: Field = {
  to: 'properties.template',
  arg: 'template',
  required: true,
  block: {
    fields: [
      { to: 'containers', arg: 'container', block: { list: true, fields: appContainerFields(false) } },
      { to: 'initContainers', arg: 'init_container', block: { list: true, fields: appContainerFields(true) } },
      {
        to: 'volumes',
        arg: 'volume',
        block: {
          list: true,
          fields: [
            { to: 'name', arg: 'name', default: '' },
            { to: 'storageName', arg: 'storage_name', map: nonZero },
            { to: 'storageType', arg: 'storage_type', default: 'EmptyDir', map: nonZero },
            { to: 'mountOptions', arg: 'mount_options', map: nonZero },
          ],
        },
      },
      // max_replicas Default 10, cooldown 300, polling 30: sent when not 0; min_replicas / termination grace only when set non-zero.
      { to: 'scale.maxReplicas', arg: 'max_replicas', type: 'number', default: 10, map: nonZero },
      { to: 'terminationGracePeriodSeconds', arg: 'termination_grace_period_seconds', type: 'number', map: nonZero },
      { to: 'scale.minReplicas', arg: 'min_replicas', type: 'number', map: nonZero },
      { to: 'scale.cooldownPeriod', arg: 'cooldown_period_in_seconds', type: 'number', default: 300, map: nonZero },
      { to: 'scale.pollingInterval', arg: 'polling_interval_in_seconds', type: 'number', default: 30, map: nonZero },
      // expandContainerAppScaleRules: the rules' settings are not translated (unknown when a rule is set).
      { to: 'scale.rules', reads: SCALE_RULES, compute: (c) => (SCALE_RULES.some((r) => { const b = c.raw(r); return b !== undefined && !(Array.isArray(b) && b.length === 0); }) ? UNKNOWN : OMIT) },
      // revision_suffix: HasChange on create, so only a set, non-empty suffix.
      { to: 'revisionSuffix', arg: 'revision_suffix', map: nonZero },
    ],
  },
};

/** ExpandContainerAppIngress. */
const ingress: Field = {
  to: 'properties.configuration.ingress',
  arg: 'ingress',
  block: {
    fields: [
      { to: 'allowInsecure', arg: 'allow_insecure_connections', type: 'bool', default: false },
      {
        to: 'customDomains',
        arg: 'custom_domain',
        block: { list: true, fields: [{ to: 'name', arg: 'name', default: '' }, { to: 'certificateId', arg: 'certificate_id', default: '' }, { to: 'bindingType', arg: 'certificate_binding_type', default: '' }] },
      },
      { to: 'external', arg: 'external_enabled', type: 'bool', default: false },
      // fqdn is Computed: "" in the request.
      { to: 'fqdn', arg: 'fqdn', default: '' },
      { to: 'targetPort', arg: 'target_port', type: 'number', required: true, default: 0 },
      { to: 'exposedPort', arg: 'exposed_port', type: 'number', default: 0 },
      {
        // expandContainerAppIngressTraffic: the revision name is "<app>--<suffix>" unless latest_revision.
        to: 'traffic',
        arg: 'traffic_weight',
        block: {
          list: true,
          fields: [
            { to: 'latestRevision', arg: 'latest_revision', type: 'bool', default: false },
            { to: 'weight', arg: 'percentage', type: 'number', default: 0 },
            {
              to: 'revisionName',
              reads: ['revision_suffix'],
              compute: (c) => {
                const latest = c.get('latest_revision', 'bool') ?? false;
                if (latest === true) return OMIT;
                const app = c.parent?.parent?.get('name');
                const suffix = c.get('revision_suffix') ?? '';
                return typeof app === 'string' && typeof suffix === 'string' && !isUnknown(latest) ? `${app}--${suffix}` : UNKNOWN;
              },
            },
            { to: 'label', arg: 'label', map: nonZero },
          ],
        },
      },
      {
        // expandIpSecurityRestrictions: always a list once ingress is set.
        to: 'ipSecurityRestrictions',
        arg: 'ip_security_restriction',
        block: { list: true, emptyList: true, fields: [{ to: 'action', arg: 'action', default: '' }, { to: 'name', arg: 'name', default: '' }, { to: 'ipAddressRange', arg: 'ip_address_range', default: '' }, { to: 'description', arg: 'description', default: '' }] },
      },
      {
        to: 'corsPolicy',
        arg: 'cors',
        block: {
          fields: [
            { to: 'allowCredentials', arg: 'allow_credentials_enabled', type: 'bool', default: false },
            { to: 'allowedOrigins', arg: 'allowed_origins', type: 'strings', default: null },
            { to: 'maxAge', arg: 'max_age_in_seconds', type: 'number', default: 0 },
            { to: 'allowedHeaders', arg: 'allowed_headers', type: 'strings', omitEmpty: true },
            { to: 'allowedMethods', arg: 'allowed_methods', type: 'strings', omitEmpty: true },
            { to: 'exposeHeaders', arg: 'exposed_headers', type: 'strings', omitEmpty: true },
          ],
        },
      },
      { to: 'transport', arg: 'transport', default: 'auto' },
      { to: 'clientCertificateMode', arg: 'client_certificate_mode', map: nonZero },
    ],
  },
};

export const containerApp: ResourceMapping = {
  terraformType: 'azurerm_container_app',
  armType: 'Microsoft.App/containerApps',
  apiVersion: CA_API,
  source: `${CA}container_app_resource.go (ContainerAppResource.Create), helpers/container_apps.go (ExpandContainerApp*)`,
  id: rgId('Microsoft.App/containerApps'),
  // The location is the environment's, read at apply time.
  location: false,
  fields: [
    { to: 'location', value: UNKNOWN },
    ingress,
    {
      // ExpandContainerAppDapr: disabled without an app id.
      to: 'properties.configuration.dapr',
      arg: 'dapr',
      block: {
        fields: [
          { to: 'appId', arg: 'app_id', map: nonZero },
          { to: 'appPort', arg: 'app_port', type: 'number', default: 0, when: (c) => !!c.get('app_id') },
          { to: 'appProtocol', arg: 'app_protocol', default: 'http', when: (c) => !!c.get('app_id') },
          { to: 'enabled', reads: ['app_id'], compute: (c) => { const id = c.get('app_id'); return isUnknown(id) ? UNKNOWN : !!id; } },
        ],
      },
    },
    {
      to: 'properties.configuration.secrets',
      arg: 'secret',
      block: { list: true, fields: [{ to: 'identity', arg: 'identity', default: '' }, { to: 'keyVaultUrl', arg: 'key_vault_secret_id', default: '' }, { to: 'name', arg: 'name', default: '' }, { to: 'value', arg: 'value', default: '' }] },
    },
    {
      to: 'properties.configuration.registries',
      arg: 'registry',
      block: { list: true, fields: [{ to: 'server', arg: 'server', default: '' }, { to: 'username', arg: 'username', default: '' }, { to: 'passwordSecretRef', arg: 'password_secret_name', default: '' }, { to: 'identity', arg: 'identity', default: '' }] },
    },
    { to: 'properties.configuration.maxInactiveRevisions', arg: 'max_inactive_revisions', type: 'number', default: 0 },
    { to: 'properties.configuration.activeRevisionsMode', arg: 'revision_mode', required: true, default: '' },
    { to: 'properties.managedEnvironmentId', arg: 'container_app_environment_id', required: true, default: '' },
    template,
    { to: 'properties.workloadProfileName', arg: 'workload_profile_name', default: '' },
    identity('legacySystemAndUserMap', 'none'),
  ],
  check: (ctx) => {
    const tpl = firstBlock(ctx.raw('template'));
    if (!tpl || tpl === 'unknown') return;
    const set = (v: unknown): boolean => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
    const containers = Array.isArray(tpl.container) ? tpl.container : [tpl.container];
    if (containers.some((c) => c && typeof c === 'object' && !isUnknownValue(c) && ['liveness_probe', 'readiness_probe', 'startup_probe'].some((p) => set((c as Raw)[p])))) ctx.note('container probes are not translated in detail: template.containers[*].probes is shown as unknown');
    if (SCALE_RULES.some((r) => set(tpl[r]))) ctx.note('scale rules are not translated in detail: template.scale.rules is shown as unknown');
  },
};

/** The Log Analytics customer id and shared key are read from the workspace at apply time. */
const appLogs: Field[] = [
  {
    to: 'properties.appLogsConfiguration.destination',
    reads: ['logs_destination', 'log_analytics_workspace_id'],
    compute: (c) => {
      const ws = c.get('log_analytics_workspace_id');
      if (ws !== undefined && ws !== '') return 'log-analytics';
      return c.get('logs_destination') ?? '';
    },
  },
  { to: 'properties.appLogsConfiguration.logAnalyticsConfiguration', compute: (c) => { const ws = c.get('log_analytics_workspace_id'); return ws === undefined || ws === '' ? OMIT : obj({ customerId: UNKNOWN, sharedKey: UNKNOWN }); } },
];

export const containerAppEnvironment: ResourceMapping = {
  terraformType: 'azurerm_container_app_environment',
  armType: 'Microsoft.App/managedEnvironments',
  apiVersion: CA_API,
  source: `${CA}container_app_environment_resource.go (ContainerAppEnvironmentResource.Create), helpers/container_app_environment.go (ExpandWorkloadProfiles)`,
  id: rgId('Microsoft.App/managedEnvironments'),
  fields: [
    ...appLogs,
    // VnetConfiguration is always sent ({} without a subnet); `internal` only with a subnet.
    { to: 'properties.vnetConfiguration', value: {} },
    { to: 'properties.vnetConfiguration.infrastructureSubnetId', arg: 'infrastructure_subnet_id', map: nonZero },
    { to: 'properties.vnetConfiguration.internal', arg: 'internal_load_balancer_enabled', type: 'bool', default: false, when: (c) => { const s = c.get('infrastructure_subnet_id'); return s !== undefined && s !== ''; } },
    { to: 'properties.zoneRedundant', arg: 'zone_redundancy_enabled', type: 'bool', default: false },
    { to: 'properties.peerAuthentication.mtls.enabled', arg: 'mutual_tls_enabled', type: 'bool', default: false },
    { to: 'properties.peerTrafficConfiguration.encryption.enabled', arg: 'mutual_tls_enabled', type: 'bool', default: false },
    // public_network_access is Optional+Computed: sent only when set.
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access', map: nonZero },
    { to: 'properties.daprAIConnectionString', arg: 'dapr_application_insights_connection_string', map: nonZero },
    { to: 'properties.infrastructureResourceGroup', arg: 'infrastructure_resource_group_name', map: nonZero },
    identity('legacySystemAndUserMap', 'none'),
    {
      to: 'properties.workloadProfiles',
      arg: 'workload_profile',
      block: {
        list: true,
        fields: [
          { to: 'name', arg: 'name', default: '' },
          { to: 'workloadProfileType', reads: ['workload_profile_type'], compute: (c) => (c.get('name') === 'Consumption' ? 'Consumption' : (c.get('workload_profile_type') ?? '')) },
          { to: 'maximumCount', arg: 'maximum_count', type: 'number', default: 0, when: (c) => c.get('name') !== 'Consumption' },
          { to: 'minimumCount', arg: 'minimum_count', type: 'number', default: 0, when: (c) => c.get('name') !== 'Consumption' },
        ],
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Container Instances

const CI = 'internal/services/containers/container_group_resource.go';

/** expandContainerEnvironmentVariables (value / secureValue; a Go map, sorted by name here). */
function envVars(c: FieldContext): ArmValue {
  const plain = mapEntries(c.get('environment_variables', 'map'), (name, value) => obj({ name, value }));
  const secure = mapEntries(c.get('secure_environment_variables', 'map'), (name, secureValue) => obj({ name, secureValue }));
  if (isUnknown(plain) || isUnknown(secure)) return UNKNOWN;
  return [...plain, ...secure];
}

/** expandSingleContainerVolume: the mounts of one container. */
function volumeMountsOf(c: FieldContext): ArmValue | typeof OMIT {
  const raw = c.raw('volume');
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) return OMIT;
  if (!Array.isArray(raw)) return UNKNOWN;
  return raw.map((v) => {
    if (!v || typeof v !== 'object' || isUnknownValue(v)) return UNKNOWN;
    const o = v as Raw;
    return obj({ name: typeof o.name === 'string' ? o.name : UNKNOWN, mountPath: typeof o.mount_path === 'string' ? o.mount_path : UNKNOWN, readOnly: o.read_only === true || o.read_only === 'true' });
  });
}

/** expandSingleContainerVolume: the group volumes of one container (empty_dir, git_repo, secret or Azure Files). */
function volumesOf(raw: unknown, seenEmptyDirs: Set<string>): ArmValue[] | typeof UNKNOWN {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return UNKNOWN;
  const out: ArmValue[] = [];
  for (const v of raw) {
    if (!v || typeof v !== 'object' || isUnknownValue(v)) return UNKNOWN;
    const o = v as Raw;
    const name = typeof o.name === 'string' ? o.name : UNKNOWN;
    const vol = obj({ name });
    const git = firstBlock(o.git_repo);
    const secret = o.secret && typeof o.secret === 'object' && !isUnknownValue(o.secret) && Object.keys(o.secret).length > 0 ? o.secret : undefined;
    if (o.empty_dir === true || o.empty_dir === 'true') {
      if (typeof name === 'string' && seenEmptyDirs.has(name)) continue; // declared once per group
      if (typeof name === 'string') seenEmptyDirs.add(name);
      vol.emptyDir = obj({});
    } else if (git === 'unknown') vol.gitRepo = UNKNOWN;
    else if (git) vol.gitRepo = obj({ repository: typeof git.url === 'string' ? git.url : UNKNOWN, ...(typeof git.directory === 'string' && git.directory ? { directory: git.directory } : {}), ...(typeof git.revision === 'string' && git.revision ? { revision: git.revision } : {}) });
    else if (secret) vol.secret = UNKNOWN; // secret values
    else vol.azureFile = obj({ shareName: typeof o.share_name === 'string' ? o.share_name : UNKNOWN, readOnly: o.read_only === true || o.read_only === 'true', storageAccountName: typeof o.storage_account_name === 'string' ? o.storage_account_name : UNKNOWN, storageAccountKey: typeof o.storage_account_key === 'string' ? o.storage_account_key : UNKNOWN });
    out.push(vol);
  }
  return out;
}

/** expandContainerProbe. */
function probe(arg: string): Field {
  return {
    to: arg === 'liveness_probe' ? 'properties.livenessProbe' : 'properties.readinessProbe',
    arg,
    block: {
      fields: [
        ...['initial_delay_seconds', 'period_seconds', 'failure_threshold', 'success_threshold', 'timeout_seconds'].map((a): Field => ({ to: a.replace(/_([a-z])/g, (_m, x: string) => x.toUpperCase()), arg: a, type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) })),
        { to: 'exec.command', arg: 'exec', type: 'strings', omitEmpty: true },
        {
          to: 'httpGet',
          arg: 'http_get',
          block: {
            fields: [
              { to: 'path', arg: 'path', default: '' },
              { to: 'port', arg: 'port', type: 'number', default: 0 },
              { to: 'scheme', arg: 'scheme', default: '' },
              { to: 'httpHeaders', arg: 'http_headers', type: 'map', map: (v) => { const l = mapEntries(v, (name, value) => obj({ name, value })); return Array.isArray(l) && l.length === 0 ? OMIT : l; } },
            ],
          },
        },
      ],
    },
  };
}

function groupContainerFields(init: boolean): Field[] {
  const fields: Field[] = [
    { to: 'name', arg: 'name', default: '' },
    { to: 'properties.image', arg: 'image', default: '' },
    { to: 'properties.securityContext.privileged', reads: ['security'], compute: (c) => { const b = firstBlock(c.raw('security')); return b === undefined ? OMIT : b === 'unknown' ? UNKNOWN : b.privilege_enabled === true || b.privilege_enabled === 'true'; } },
    { to: 'properties.environmentVariables', reads: ['environment_variables', 'secure_environment_variables'], compute: envVars },
    // commands is Optional+Computed: [] when unset.
    { to: 'properties.command', arg: 'commands', type: 'strings', default: [] },
    { to: 'properties.volumeMounts', reads: ['volume'], compute: volumeMountsOf },
  ];
  if (!init) {
    fields.push(
      { to: 'properties.resources.requests.cpu', arg: 'cpu', type: 'number', default: 0 },
      { to: 'properties.resources.requests.memoryInGB', arg: 'memory', type: 'number', default: 0 },
      { to: 'properties.resources.limits.cpu', arg: 'cpu_limit', type: 'number', map: nonZero },
      { to: 'properties.resources.limits.memoryInGB', arg: 'memory_limit', type: 'number', map: nonZero },
      { to: 'properties.ports', arg: 'ports', block: { list: true, fields: [{ to: 'port', arg: 'port', type: 'number', default: 0 }, { to: 'protocol', arg: 'protocol', default: 'TCP' }] } },
      probe('liveness_probe'),
      probe('readiness_probe'),
    );
  }
  return fields;
}

export const containerGroup: ResourceMapping = {
  terraformType: 'azurerm_container_group',
  armType: 'Microsoft.ContainerInstance/containerGroups',
  apiVersion: '2023-05-01',
  source: `${CI} (resourceContainerGroupCreate, expandContainerGroupContainers, expandContainerGroupInitContainers, expandSingleContainerVolume, expandContainerGroupSubnets)`,
  id: rgId('Microsoft.ContainerInstance/containerGroups'),
  fields: [
    { to: 'properties.sku', arg: 'sku', default: 'Standard' },
    { to: 'properties.initContainers', arg: 'init_container', block: { list: true, emptyList: true, fields: groupContainerFields(true) } },
    { to: 'properties.containers', arg: 'container', required: true, block: { list: true, emptyList: true, fields: groupContainerFields(false) } },
    {
      to: 'properties.diagnostics.logAnalytics',
      arg: 'diagnostics',
      reads: ['diagnostics'],
      compute: (c) => {
        const d = firstBlock(c.raw('diagnostics'));
        if (d === undefined) return OMIT;
        if (d === 'unknown') return UNKNOWN;
        const la = firstBlock(d.log_analytics);
        if (la === undefined || la === 'unknown') return UNKNOWN;
        const s = (v: unknown): ArmValue => (typeof v === 'string' ? v : v === undefined || v === null ? '' : UNKNOWN);
        const out = obj({ workspaceId: s(la.workspace_id), workspaceKey: s(la.workspace_key) });
        const logType = s(la.log_type);
        if (logType !== '') {
          out.logType = logType;
          const md = dict<ArmValue>();
          if (la.metadata && typeof la.metadata === 'object' && !isUnknownValue(la.metadata)) for (const [k, v] of Object.entries(la.metadata as Raw)) put(md, k, s(v));
          out.metadata = isUnknownValue(la.metadata) ? UNKNOWN : md;
        }
        return out;
      },
    },
    { to: 'properties.restartPolicy', arg: 'restart_policy', default: 'Always' },
    { to: 'properties.osType', arg: 'os_type', required: true, default: '' },
    {
      // Init containers' volumes, then each container's (an empty_dir name once).
      to: 'properties.volumes',
      reads: ['init_container', 'container'],
      compute: (c) => {
        const seen = new Set<string>();
        const out: ArmValue[] = [];
        for (const arg of ['init_container', 'container']) {
          const raw = c.raw(arg);
          const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
          for (const ct of list) {
            if (!ct || typeof ct !== 'object' || isUnknownValue(ct)) return UNKNOWN;
            const v = volumesOf((ct as Raw).volume, seen);
            if (isUnknown(v)) return UNKNOWN;
            out.push(...v);
          }
        }
        return out;
      },
    },
    {
      to: 'properties.imageRegistryCredentials',
      arg: 'image_registry_credential',
      block: {
        list: true,
        fields: [
          { to: 'server', arg: 'server', default: '' },
          { to: 'username', arg: 'username', map: nonZero },
          { to: 'password', arg: 'password', map: nonZero },
          { to: 'identity', arg: 'user_assigned_identity_id', map: nonZero },
        ],
      },
    },
    {
      // expandContainerGroupDnsConfig: options and search domains joined with spaces.
      to: 'properties.dnsConfig',
      arg: 'dns_config',
      block: {
        fields: [
          { to: 'options', arg: 'options', type: 'strings', default: '', map: (v) => (Array.isArray(v) ? (v.some(isUnknown) ? UNKNOWN : v.join(' ')) : v) },
          { to: 'searchDomains', arg: 'search_domains', type: 'strings', default: '', map: (v) => (Array.isArray(v) ? (v.some(isUnknown) ? UNKNOWN : v.join(' ')) : v) },
          { to: 'nameServers', arg: 'nameservers', type: 'strings', default: [] },
        ],
      },
    },
    { to: 'properties.subnetIds', arg: 'subnet_ids', type: 'strings', map: (v) => (Array.isArray(v) ? (v.length === 0 ? OMIT : v.map((id) => obj({ id }))) : v) },
    // zones: `&zones`, so [] without zones.
    { ...zones(), omitEmpty: false, default: [] },
    identity('systemAndUserMap', 'none'),
    {
      // The IP address (not for ip_address_type "None"): the containers' ports, or exposed_port when set.
      to: 'properties.ipAddress',
      reads: ['ip_address_type', 'exposed_port', 'dns_name_label', 'dns_name_label_reuse_policy'],
      compute: (c) => {
        const type = c.get('ip_address_type') ?? 'Public';
        if (type === 'None') return OMIT;
        const out = obj({ ports: groupPorts(c), type });
        const label = c.get('dns_name_label');
        if (label !== undefined && label !== '') {
          out.dnsNameLabel = label;
        }
        const reuse = c.get('dns_name_label_reuse_policy') ?? 'Unsecure';
        if (reuse !== '') out.autoGeneratedDomainNameLabelScope = reuse;
        return out;
      },
    },
    {
      // The key's vault URL, name and version are parsed from key_vault_key_id.
      to: 'properties.encryptionProperties',
      reads: ['key_vault_key_id', 'key_vault_user_assigned_identity_id'],
      compute: (c) => {
        const id = c.get('key_vault_key_id');
        if (id === undefined || id === '') return OMIT;
        const m = typeof id === 'string' ? /^(https:\/\/[^/]+)\/keys\/([^/]+)(?:\/([^/]*))?\/?$/i.exec(id) : null;
        const out = m ? obj({ vaultBaseUrl: `${m[1]}/`, keyName: m[2], keyVersion: m[3] ?? '' }) : obj({ vaultBaseUrl: UNKNOWN, keyName: UNKNOWN, keyVersion: UNKNOWN });
        const uai = c.get('key_vault_user_assigned_identity_id');
        if (uai !== undefined && uai !== '') out.identity = uai;
        return out;
      },
    },
    { to: 'properties.priority', arg: 'priority', map: nonZero },
  ],
  otherArgs: ['network_profile_id'],
};

/** The group's ports: exposed_port when set, else every container port. */
function groupPorts(c: FieldContext): ArmValue {
  const exposed = c.raw('exposed_port');
  const fromList = (list: unknown): ArmValue => {
    if (!Array.isArray(list)) return UNKNOWN;
    return list.map((p) => (p && typeof p === 'object' && !isUnknownValue(p) ? obj({ port: typeof (p as Raw).port === 'number' ? (p as Raw).port as number : typeof (p as Raw).port === 'string' ? Number((p as Raw).port) : UNKNOWN, protocol: typeof (p as Raw).protocol === 'string' ? (p as Raw).protocol as string : 'TCP' }) : UNKNOWN));
  };
  if (exposed !== undefined && !(Array.isArray(exposed) && exposed.length === 0)) return isUnknownValue(exposed) ? UNKNOWN : fromList(Array.isArray(exposed) ? exposed : [exposed]);
  const containers = c.raw('container');
  const list = containers === undefined ? [] : Array.isArray(containers) ? containers : [containers];
  const out: ArmValue[] = [];
  for (const ct of list) {
    if (!ct || typeof ct !== 'object' || isUnknownValue(ct)) return UNKNOWN;
    const ports = (ct as Raw).ports;
    if (ports === undefined || ports === null) continue;
    const l = fromList(Array.isArray(ports) ? ports : [ports]);
    if (!Array.isArray(l)) return UNKNOWN;
    out.push(...l);
  }
  return out;
}

export const CONTAINER_MAPPINGS: readonly ResourceMapping[] = [containerApp, containerAppEnvironment, containerGroup];
