/**
 * Microsoft.Web: App Service plans, Linux/Windows web apps and function apps and their slots. Read from
 * internal/services/appservice/ (service_plan_resource.go, {linux,windows}_{web,function}_app{,_slot}_resource.go and
 * helpers/{linux_web_app,windows_web_app,web_app_slot,function_app,function_app_slot,shared,common_web_app}_schema.go,
 * helpers/fx_strings.go) at azurerm v4.55.0; API version from go-azure-sdk resource-manager/web/2023-12-01.
 *
 * What Azure sees:
 * - The site PUT (`webapps.Site`) carries the site config (`properties.siteConfig`): web apps build it with
 *   `ExpandForCreate` (most properties always sent, with the schema defaults), function apps with
 *   `ExpandSiteConfig*FunctionApp*`, which send a property only when `HasChange` (on create: when the value differs
 *   from the type's zero value, so `false` / "" / 0 are left out) except a few always sent.
 * - Arguments applied by later requests (app settings update, auth settings, logs, backup, storage mounts, connection
 *   strings, sticky settings, zip deploy, basic-auth publishing policies) are listed in `afterCreate`.
 * - Built-in policies test the site config on the `config/web` child and basic authentication on the
 *   `basicPublishingCredentialsPolicies/ftp|scm` children (existence conditions). They exist for every site, so they
 *   are emitted for every app as Azure will show them after the apply: the site config sent, with the schema default
 *   for a bool that is not sent (azurerm reads each back with the same default without a diff, so that is what Azure
 *   returns), `siteAuthEnabled` from the auth settings, the managed identity ids (known to exist when an identity is
 *   configured), and `allow` from the `*_basic_authentication_enabled` arguments (azurerm PUTs `allow: false` only; `true`
 *   is Azure's default, read back without a diff).
 */
import { ArmValue, Field, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, dict, isUnknown, isUnknownValue, put } from '../values';
import { identity, obj, rgId } from './common';

const S = 'internal/services/appservice/';
const H = `${S}helpers/`;
const API = '2023-12-01';

// ---------------------------------------------------------------------------------------------------------------
// Small readers of raw block values (nested blocks arrive as arrays of objects, or as one object in JSON syntax).

type Raw = Record<string, unknown>;

function firstBlock(v: unknown): Raw | undefined | 'unknown' {
  const b = Array.isArray(v) ? v[0] : v;
  if (b === undefined || b === null) return undefined;
  if (isUnknownValue(b) || typeof b !== 'object' || Array.isArray(b)) return 'unknown';
  return b as Raw;
}

function blocks(v: unknown): Raw[] | 'unknown' {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  const out: Raw[] = [];
  for (const b of list) {
    if (b === null || b === undefined) continue;
    if (isUnknownValue(b) || typeof b !== 'object' || Array.isArray(b)) return 'unknown';
    out.push(b as Raw);
  }
  return out;
}

const str = (v: unknown, d = ''): ArmValue => (v === undefined || v === null ? d : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : UNKNOWN);
const bool = (v: unknown, d: boolean): ArmValue => (v === undefined || v === null ? d : typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN);
const num = (v: unknown, d: number): ArmValue => (v === undefined || v === null ? d : typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : UNKNOWN);
const strings = (v: unknown): ArmValue => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map((e) => (typeof e === 'string' ? e : UNKNOWN)) : UNKNOWN);

function isZero(v: ArmValue | undefined): boolean {
  return v === undefined || v === false || v === '' || v === 0 || v === null || (Array.isArray(v) && v.length === 0);
}

// ---------------------------------------------------------------------------------------------------------------
// App Service plan

export const servicePlan: ResourceMapping = {
  terraformType: 'azurerm_service_plan',
  armType: 'Microsoft.Web/serverFarms',
  apiVersion: API,
  source: `${S}service_plan_resource.go (ServicePlanResource.Create)`,
  id: rgId('Microsoft.Web/serverFarms'),
  fields: [
    { to: 'sku.name', arg: 'sku_name', required: true, default: '' },
    { to: 'sku.capacity', arg: 'worker_count', type: 'number', map: (v) => (v === 0 ? OMIT : v) },
    { to: 'properties.perSiteScaling', arg: 'per_site_scaling_enabled', type: 'bool', default: false },
    { to: 'properties.reserved', arg: 'os_type', required: true, default: false, map: (v) => v === 'Linux' },
    { to: 'properties.hyperV', arg: 'os_type', default: false, map: (v) => v === 'WindowsContainer' },
    { to: 'properties.elasticScaleEnabled', arg: 'premium_plan_auto_scale_enabled', type: 'bool', default: false },
    { to: 'properties.zoneRedundant', arg: 'zone_balancing_enabled', type: 'bool', default: false },
    { to: 'properties.hostingEnvironmentProfile.id', arg: 'app_service_environment_id', omitEmpty: true },
    { to: 'properties.maximumElasticWorkerCount', arg: 'maximum_elastic_worker_count', type: 'number', map: (v) => (typeof v === 'number' && v <= 0 ? OMIT : v) },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Site config

type Variant = 'linuxWeb' | 'windowsWeb' | 'linuxWebSlot' | 'windowsWebSlot' | 'linuxFunction' | 'windowsFunction' | 'linuxFunctionSlot' | 'windowsFunctionSlot';

const WEB: readonly Variant[] = ['linuxWeb', 'windowsWeb', 'linuxWebSlot', 'windowsWebSlot'];
const FUNCTIONS: readonly Variant[] = ['linuxFunction', 'windowsFunction', 'linuxFunctionSlot', 'windowsFunctionSlot'];
const isFunction = (v: Variant): boolean => FUNCTIONS.includes(v);
const isSlot = (v: Variant): boolean => v.endsWith('Slot');
const isLinux = (v: Variant): boolean => v.startsWith('linux');

/**
 * One simple site config property: `always` = sent with its value or schema default (`pointer.To(...)` in the
 * expander); otherwise sent only when not the zero value (`if v != ""`, or `HasChange` on create).
 */
interface ScProp {
  readonly to: string;
  readonly arg: string;
  readonly type: 'bool' | 'string' | 'number' | 'strings';
  /** Schema default per variant (absent: the argument is not in that variant's schema). */
  readonly d: Partial<Record<Variant, ArmValue>>;
  /** Variants whose expander always sends it. */
  readonly always: readonly Variant[];
  /** Wraps the value (`apiDefinition: {url}`). */
  readonly wrap?: (v: ArmValue) => ArmValue;
}

const ALL: readonly Variant[] = [...WEB, ...FUNCTIONS];
const each = (d: ArmValue, vs: readonly Variant[] = ALL): Partial<Record<Variant, ArmValue>> => Object.fromEntries(vs.map((v) => [v, d]));

/**
 * ExpandForCreate (web apps and web app slots) sends these always; ExpandSiteConfig*FunctionApp* sends alwaysOn and
 * use32BitWorkerProcess always (preWarmedInstanceCount too for the apps, not the slots); the Linux function app slot
 * also acrUseManagedIdentityCreds, vnetRouteAllEnabled, http20Enabled, scmIpSecurityRestrictionsUseMain and
 * webSocketsEnabled, the Windows one vnetRouteAllEnabled, http20Enabled, scmIpSecurityRestrictionsUseMain and
 * remoteDebuggingEnabled. Everything else: only when not the zero value.
 */
const SC_PROPS: readonly ScProp[] = [
  // always_on: Default true for web apps; Optional+Computed for function apps (false when unset).
  { to: 'alwaysOn', arg: 'always_on', type: 'bool', d: { ...each(true, WEB), ...each(false, FUNCTIONS) }, always: ALL },
  { to: 'acrUseManagedIdentityCreds', arg: 'container_registry_use_managed_identity', type: 'bool', d: each(false, ['linuxWeb', 'windowsWeb', 'linuxWebSlot', 'windowsWebSlot', 'linuxFunction', 'linuxFunctionSlot']), always: [...WEB, 'linuxFunctionSlot'] },
  { to: 'acrUserManagedIdentityID', arg: 'container_registry_managed_identity_client_id', type: 'string', d: each('', ['linuxWeb', 'windowsWeb', 'linuxWebSlot', 'windowsWebSlot', 'linuxFunction', 'linuxFunctionSlot']), always: [] },
  { to: 'http20Enabled', arg: 'http2_enabled', type: 'bool', d: each(false), always: [...WEB, 'linuxFunctionSlot', 'windowsFunctionSlot'] },
  { to: 'scmIpSecurityRestrictionsUseMain', arg: 'scm_use_main_ip_restriction', type: 'bool', d: each(false), always: [...WEB, 'linuxFunctionSlot', 'windowsFunctionSlot'] },
  { to: 'localMySqlEnabled', arg: 'local_mysql_enabled', type: 'bool', d: each(false, WEB), always: WEB },
  // load_balancing_mode is not in the Windows function app (slot) schema.
  { to: 'loadBalancing', arg: 'load_balancing_mode', type: 'string', d: each('LeastRequests', [...WEB, 'linuxFunction', 'linuxFunctionSlot']), always: WEB },
  { to: 'managedPipelineMode', arg: 'managed_pipeline_mode', type: 'string', d: each('Integrated'), always: WEB },
  { to: 'remoteDebuggingEnabled', arg: 'remote_debugging_enabled', type: 'bool', d: each(false), always: [...WEB, 'windowsFunctionSlot'] },
  { to: 'remoteDebuggingVersion', arg: 'remote_debugging_version', type: 'string', d: each(''), always: [] },
  // use_32_bit_worker: Default true (Windows web app, Linux web app (slot), Windows function app (slot)), false (Linux
  // function app (slot)), Optional+Computed on the Windows web app slot (false when unset).
  { to: 'use32BitWorkerProcess', arg: 'use_32_bit_worker', type: 'bool', d: { linuxWeb: true, windowsWeb: true, linuxWebSlot: true, windowsWebSlot: false, linuxFunction: false, linuxFunctionSlot: false, windowsFunction: true, windowsFunctionSlot: true }, always: ALL },
  { to: 'webSocketsEnabled', arg: 'websockets_enabled', type: 'bool', d: each(false), always: [...WEB, 'linuxFunctionSlot'] },
  { to: 'ftpsState', arg: 'ftps_state', type: 'string', d: each('Disabled'), always: WEB },
  { to: 'minTlsVersion', arg: 'minimum_tls_version', type: 'string', d: each('1.2'), always: WEB },
  { to: 'scmMinTlsVersion', arg: 'scm_minimum_tls_version', type: 'string', d: each('1.2'), always: WEB },
  { to: 'vnetRouteAllEnabled', arg: 'vnet_route_all_enabled', type: 'bool', d: each(false), always: [...WEB, 'linuxFunctionSlot', 'windowsFunctionSlot'] },
  { to: 'ipSecurityRestrictionsDefaultAction', arg: 'ip_restriction_default_action', type: 'string', d: each('Allow'), always: WEB },
  { to: 'scmIpSecurityRestrictionsDefaultAction', arg: 'scm_ip_restriction_default_action', type: 'string', d: each('Allow'), always: WEB },
  { to: 'apiManagementConfig', arg: 'api_management_api_id', type: 'string', d: each(''), always: [], wrap: (id) => obj({ id }) },
  { to: 'apiDefinition', arg: 'api_definition_url', type: 'string', d: each(''), always: [], wrap: (url) => obj({ url }) },
  { to: 'appCommandLine', arg: 'app_command_line', type: 'string', d: each(''), always: [] },
  { to: 'defaultDocuments', arg: 'default_documents', type: 'strings', d: each([]), always: [] },
  { to: 'healthCheckPath', arg: 'health_check_path', type: 'string', d: each(''), always: [] },
  { to: 'numberOfWorkers', arg: 'worker_count', type: 'number', d: each(0), always: [] },
  { to: 'autoSwapSlotName', arg: 'auto_swap_slot_name', type: 'string', d: each('', ['linuxWebSlot', 'windowsWebSlot', 'linuxFunctionSlot', 'windowsFunctionSlot']), always: [] },
  { to: 'functionAppScaleLimit', arg: 'app_scale_limit', type: 'number', d: each(0, FUNCTIONS), always: [] },
  { to: 'preWarmedInstanceCount', arg: 'pre_warmed_instance_count', type: 'number', d: each(0, FUNCTIONS), always: ['linuxFunction', 'windowsFunction'] },
  { to: 'minimumElasticInstanceCount', arg: 'elastic_instance_minimum', type: 'number', d: each(0, FUNCTIONS), always: [] },
  { to: 'functionsRuntimeScaleMonitoringEnabled', arg: 'runtime_scale_monitoring_enabled', type: 'bool', d: each(false, FUNCTIONS), always: [] },
];

/** ExpandIpRestrictions (helpers/shared_schema.go). */
function ipRestrictions(raw: unknown): ArmValue {
  const list = blocks(raw);
  if (list === 'unknown') return UNKNOWN;
  return list.map((r) => {
    const o = obj({});
    const name = str(r.name);
    if (name !== '') o.name = name;
    const ip = str(r.ip_address);
    if (ip !== '') o.ipAddress = ip;
    const tag = str(r.service_tag);
    if (tag !== '') {
      o.ipAddress = tag;
      o.tag = 'ServiceTag';
    }
    const subnet = str(r.virtual_network_subnet_id);
    if (subnet !== '') o.vnetSubnetResourceId = subnet;
    const description = str(r.description);
    if (description !== '') o.description = description;
    o.priority = num(r.priority, 65000);
    o.action = str(r.action, 'Allow');
    const headers = blocks(r.headers);
    if (headers === 'unknown') o.headers = UNKNOWN;
    else if (headers.length > 0) {
      // expandIpRestrictionHeaders: only the non-empty lists.
      const h = dict<ArmValue>();
      for (const hb of headers) {
        for (const [arg, key] of [['x_forwarded_host', 'x-forwarded-host'], ['x_forwarded_for', 'x-forwarded-for'], ['x_azure_fdid', 'x-azure-fdid'], ['x_fd_health_probe', 'x-fd-healthprobe']] as const) {
          const l = strings(hb[arg]);
          if (isUnknown(l) || (Array.isArray(l) && l.length > 0)) put(h, key, l);
        }
      }
      o.headers = h;
    }
    return o;
  });
}

/** ExpandCorsSettings: `{allowedOrigins, supportCredentials}` (allowedOrigins null when the set is empty). */
function cors(raw: unknown): ArmValue | typeof OMIT {
  const b = firstBlock(raw);
  if (b === undefined) return OMIT;
  if (b === 'unknown') return UNKNOWN;
  const origins = strings(b.allowed_origins);
  return obj({ allowedOrigins: Array.isArray(origins) && origins.length === 0 ? null : origins, supportCredentials: bool(b.support_credentials, false) });
}

/** JavaLinuxFxStringBuilder (helpers/fx_strings.go). */
function javaLinuxFx(major: string, server: string, version: string): string | undefined {
  const dots = version.split('.').length === 3;
  switch (major) {
    case '8':
      if (server === 'JAVA') return version.includes('u') ? `JAVA|${version}` : `JAVA|${version}-jre8`;
      if (server === 'TOMCAT') return dots ? `TOMCAT|${version}-java8` : `TOMCAT|${version}-jre8`;
      if (server === 'JBOSSEAP') return `JBOSSEAP|${version}-java8`;
      return undefined;
    case '11':
    case '17':
    case '21':
      if (server === 'JAVA') return dots ? `JAVA|${version}` : `JAVA|${version}-java${major}`;
      if (server === 'TOMCAT') return `TOMCAT|${version}-java${major}`;
      if (server === 'JBOSSEAP') return major === '21' ? undefined : `JBOSSEAP|${version}-java${major}`;
      return major === '11' ? undefined : `${server}|${version}-java${major}`;
    default:
      return `${server}|${version}-${major}`;
  }
}

const trimScheme = (u: string): string => u.replace(/^https?:\/\//, '');

/** The application_stack part of the site config and the app settings it adds, per variant. */
function applicationStack(variant: Variant, sc: FieldContext): { props: Record<string, ArmValue>; settings: Record<string, ArmValue> } | 'unknown' {
  const raw = sc.raw('application_stack');
  const st = firstBlock(raw);
  if (st === 'unknown') return 'unknown';
  const props: Record<string, ArmValue> = {};
  const settings: Record<string, ArmValue> = {};
  const s = (k: string): ArmValue => (st ? str(st[k]) : '');
  const anyUnknown = (...vs: ArmValue[]): boolean => vs.some(isUnknown);
  if (variant === 'linuxWeb' || variant === 'linuxWebSlot') {
    // ExpandForCreate: later stacks override earlier ones (one is set: ExactlyOneOf).
    if (!st) return { props, settings };
    const pairs: [string, string][] = [['dotnet_version', 'DOTNETCORE'], ['go_version', 'GO'], ['php_version', 'PHP'], ['node_version', 'NODE'], ['ruby_version', 'RUBY'], ['python_version', 'PYTHON']];
    for (const [arg, prefix] of pairs) {
      const v = s(arg);
      if (isUnknown(v)) props.linuxFxVersion = UNKNOWN;
      else if (v !== '') props.linuxFxVersion = `${prefix}|${v}`;
    }
    const server = s('java_server');
    if (isUnknown(server)) props.linuxFxVersion = UNKNOWN;
    else if (server !== '') {
      const major = s('java_version');
      const version = s('java_server_version');
      props.linuxFxVersion = anyUnknown(major, version) ? UNKNOWN : (javaLinuxFx(major as string, server as string, version as string) ?? UNKNOWN);
    }
    const image = s('docker_image_name');
    if (isUnknown(image)) props.linuxFxVersion = UNKNOWN;
    else if (image !== '') {
      const url = s('docker_registry_url');
      // EncodeDockerFxString: "DOCKER|<registry without scheme and trailing slash>/<image>".
      props.linuxFxVersion = isUnknown(url) ? UNKNOWN : `DOCKER|${trimScheme((url as string).replace(/\/$/, ''))}/${image as string}`;
      settings.DOCKER_REGISTRY_SERVER_URL = url;
      settings.DOCKER_REGISTRY_SERVER_USERNAME = s('docker_registry_username');
      settings.DOCKER_REGISTRY_SERVER_PASSWORD = s('docker_registry_password');
    }
    return { props, settings };
  }
  if (variant === 'windowsWeb' || variant === 'windowsWebSlot') {
    if (!st) {
      props.windowsFxVersion = '';
      return { props, settings };
    }
    const node = s('node_version');
    if (node !== '') settings.WEBSITE_NODE_DEFAULT_VERSION = node;
    const net = s('dotnet_version');
    if (net !== '') props.netFrameworkVersion = net;
    const core = s('dotnet_core_version');
    if (core !== '') props.netFrameworkVersion = core;
    const php = s('php_version');
    if (php !== '') props.phpVersion = php === 'Off' ? '' : php;
    const java = s('java_version');
    if (java !== '') {
      props.javaVersion = java;
      const tomcat = s('tomcat_version');
      const container = s('java_container');
      if (bool(st.java_embedded_server_enabled, false) === true) {
        props.javaContainer = 'JAVA';
        props.javaContainerVersion = 'SE';
      } else if (tomcat !== '') {
        props.javaContainer = 'TOMCAT';
        props.javaContainerVersion = tomcat;
      } else if (container !== '') {
        props.javaContainer = container;
        props.javaContainerVersion = s('java_container_version');
      }
    }
    const image = s('docker_image_name');
    if (image !== '') {
      const url = s('docker_registry_url');
      // EncodeDockerFxStringWindows: Docker Hub images without the registry.
      const u = isUnknown(url) ? UNKNOWN : trimScheme(url as string);
      props.windowsFxVersion = isUnknown(u) || isUnknown(image) ? UNKNOWN : (u as string).toLowerCase() === 'index.docker.io' ? `DOCKER|${image as string}` : `DOCKER|${u as string}/${image as string}`;
      settings.DOCKER_REGISTRY_SERVER_URL = url;
      settings.DOCKER_REGISTRY_SERVER_USERNAME = s('docker_registry_username');
      settings.DOCKER_REGISTRY_SERVER_PASSWORD = s('docker_registry_password');
    }
    return { props, settings };
  }
  if (variant === 'linuxFunction' || variant === 'linuxFunctionSlot') {
    // EncodeFunctionAppLinuxFxVersion (the resource overwrites the expander's value with it).
    if (!st || bool(st.use_custom_runtime, false) === true) {
      props.linuxFxVersion = '';
      return { props, settings };
    }
    const node = s('node_version');
    const dotnet = s('dotnet_version');
    const python = s('python_version');
    const java = s('java_version');
    const pwsh = s('powershell_core_version');
    if (anyUnknown(node, dotnet, python, java, pwsh)) props.linuxFxVersion = UNKNOWN;
    else if (node !== '') props.linuxFxVersion = `NODE|${node as string}`;
    else if (dotnet !== '') props.linuxFxVersion = `${bool(st.use_dotnet_isolated_runtime, false) === true ? 'DOTNET-ISOLATED' : 'DOTNET'}|${dotnet as string}`;
    else if (python !== '') props.linuxFxVersion = `PYTHON|${python as string}`;
    else if (java !== '') props.linuxFxVersion = `JAVA|${java as string}`;
    else if (pwsh !== '') props.linuxFxVersion = `POWERSHELL|${pwsh as string}`;
    else {
      const d = firstBlock(st.docker);
      if (d === 'unknown') props.linuxFxVersion = UNKNOWN;
      else if (d && str(d.image_name) !== '') {
        const url = str(d.registry_url);
        const image = str(d.image_name);
        const tag = str(d.image_tag);
        if (anyUnknown(url, image, tag)) props.linuxFxVersion = UNKNOWN;
        else props.linuxFxVersion = url !== '' ? `DOCKER|${trimScheme(url as string)}/${image as string}:${tag as string}` : `DOCKER|${image as string}:${tag as string}`;
      } else props.linuxFxVersion = '|'; // fmt.Sprintf("%s|%s", "", "") for a stack block without a runtime
    }
    return { props, settings };
  }
  // Windows function app (slot): ExpandSiteConfigWindowsFunctionApp(Slot).
  if (!st) {
    props.windowsFxVersion = '';
    return { props, settings };
  }
  const dotnet = s('dotnet_version');
  if (dotnet !== '') props.netFrameworkVersion = dotnet;
  const java = s('java_version');
  if (java !== '') props.javaVersion = java;
  const pwsh = s('powershell_core_version');
  if (pwsh !== '') props.powerShellVersion = isUnknown(pwsh) ? UNKNOWN : (pwsh as string).replace(/^~/, '');
  if (bool(st.use_custom_runtime, false) === true) props.windowsFxVersion = '';
  return { props, settings };
}

/** ExpandAppSettingsForCreate: `[{name, value}]` (a Go map's order, so sorted here by name), none when empty. */
function appSettingsList(settings: ArmValue | undefined, extra: Record<string, ArmValue>): ArmValue | typeof OMIT {
  if (isUnknown(settings)) return UNKNOWN;
  const all = dict<ArmValue>();
  if (settings && typeof settings === 'object' && !Array.isArray(settings)) for (const k of Object.keys(settings)) put(all, k, (settings as Record<string, ArmValue>)[k]);
  for (const k of Object.keys(extra)) put(all, k, extra[k]);
  const keys = Object.keys(all).sort();
  if (keys.length === 0) return OMIT;
  return keys.map((name) => obj({ name, value: all[name] }));
}


/** One simple property as a field of the site_config block, in the request or in the view Azure shows afterwards. */
function scField(p: ScProp, variant: Variant, view: 'request' | 'get'): Field {
  const d = p.d[variant]!;
  const wrap = (v: ArmValue): ArmValue => (p.wrap ? p.wrap(v) : v);
  if (p.always.includes(variant) || (view === 'get' && p.type === 'bool')) return { to: p.to, arg: p.arg, type: p.type, default: wrap(d), ...(p.wrap ? { map: wrap } : {}) };
  return { to: p.to, arg: p.arg, type: p.type, map: (v) => (isZero(v) ? OMIT : wrap(v)), ...(isZero(d) ? {} : { default: wrap(d) }) };
}

/** The stack-derived property `key` (linuxFxVersion, netFrameworkVersion, ...) of the site config. */
function stackField(variant: Variant, key: string): Field {
  return {
    to: key,
    reads: ['application_stack'],
    compute: (sc) => {
      const stack = applicationStack(variant, sc);
      if (stack === 'unknown') return key === 'linuxFxVersion' || key === 'windowsFxVersion' ? UNKNOWN : OMIT;
      const v = stack.props[key];
      return v === undefined ? OMIT : v;
    },
  };
}

const STACK_KEYS: Record<'linuxWeb' | 'windowsWeb' | 'linuxFunction' | 'windowsFunction', readonly string[]> = {
  linuxWeb: ['linuxFxVersion'],
  windowsWeb: ['windowsFxVersion', 'netFrameworkVersion', 'phpVersion', 'javaVersion', 'javaContainer', 'javaContainerVersion'],
  linuxFunction: ['linuxFxVersion'],
  windowsFunction: ['windowsFxVersion', 'netFrameworkVersion', 'javaVersion', 'powerShellVersion'],
};

const baseVariant = (v: Variant): keyof typeof STACK_KEYS => v.replace(/Slot$/, '') as keyof typeof STACK_KEYS;

/** The site_config block's fields: the site PUT's `properties.siteConfig`, or (view 'get') the config/web child's properties. */
function siteConfigFields(variant: Variant, view: 'request' | 'get'): Field[] {
  const fields: Field[] = SC_PROPS.filter((p) => variant in p.d).map((p) => scField(p, variant, view));
  if (WEB.includes(variant)) {
    // autoHealEnabled: false unless auto_heal_setting is set; the rules themselves are not translated (unknown).
    fields.push({ to: 'autoHealEnabled', reads: ['auto_heal_setting'], compute: (sc) => { const b = firstBlock(sc.raw('auto_heal_setting')); return b === 'unknown' ? UNKNOWN : b !== undefined; } });
    fields.push({ to: 'autoHealRules', compute: (sc) => (firstBlock(sc.raw('auto_heal_setting')) === undefined ? OMIT : UNKNOWN) });
  }
  fields.push({ to: 'ipSecurityRestrictions', reads: ['ip_restriction'], compute: (sc) => { const l = blocks(sc.raw('ip_restriction')); return l !== 'unknown' && l.length === 0 ? OMIT : ipRestrictions(sc.raw('ip_restriction')); } });
  fields.push({ to: 'scmIpSecurityRestrictions', reads: ['scm_ip_restriction'], compute: (sc) => { const l = blocks(sc.raw('scm_ip_restriction')); return l !== 'unknown' && l.length === 0 ? OMIT : ipRestrictions(sc.raw('scm_ip_restriction')); } });
  fields.push({ to: 'cors', reads: ['cors'], compute: (sc) => cors(sc.raw('cors')) });
  if (variant === 'windowsWeb' || variant === 'windowsWebSlot') {
    fields.push({
      // expandHandlerMapping: none when empty; arguments only when set.
      to: 'handlerMappings',
      reads: ['handler_mapping'],
      compute: (sc) => {
        const hm = blocks(sc.raw('handler_mapping'));
        if (hm === 'unknown') return UNKNOWN;
        if (hm.length === 0) return OMIT;
        return hm.map((h) => obj({ extension: str(h.extension), scriptProcessor: str(h.script_processor_path), ...(str(h.arguments) !== '' ? { arguments: str(h.arguments) } : {}) }));
      },
    });
    fields.push({
      // expandVirtualApplications: none when empty.
      to: 'virtualApplications',
      reads: ['virtual_application'],
      compute: (sc) => {
        const va = blocks(sc.raw('virtual_application'));
        if (va === 'unknown') return UNKNOWN;
        if (va.length === 0) return OMIT;
        return va.map((a) => {
          const app = obj({ virtualPath: str(a.virtual_path), physicalPath: str(a.physical_path), preloadEnabled: bool(a.preload, false) });
          const dirs = blocks(a.virtual_directory);
          if (dirs === 'unknown') app.virtualDirectories = UNKNOWN;
          else if (dirs.length > 0) app.virtualDirectories = dirs.map((x) => obj({ virtualPath: str(x.virtual_path), physicalPath: str(x.physical_path) }));
          return app;
        });
      },
    });
  }
  for (const key of STACK_KEYS[baseVariant(variant)]) fields.push(stackField(variant, key));
  fields.push({
    to: 'appSettings',
    reads: ['application_insights_key', 'application_insights_connection_string', 'health_check_eviction_time_in_min'],
    compute: (sc) => {
      // Function apps: the expanders add FUNCTIONS_EXTENSION_VERSION, AzureWebJobsStorage (from the storage account
      // name and key), the runtime and Application Insights settings, and the resource adds the content share
      // settings when the plan (read at apply time) is Elastic Premium or Consumption, with a random share name
      // suffix: not known before apply.
      if (isFunction(variant)) return UNKNOWN;
      const stack = applicationStack(variant, sc);
      const list = appSettingsList(sc.parent!.get('app_settings', 'map'), stack === 'unknown' ? {} : stack.settings);
      return list === OMIT && stack === 'unknown' ? UNKNOWN : list;
    },
  });
  // The resource sets publicNetworkAccess in the site config too (azure-rest-api-specs #24681).
  fields.push({ to: 'publicNetworkAccess', compute: (sc) => publicNetworkAccess(sc.parent!) });
  if (view === 'get') {
    fields.push({
      // Applied by UpdateAuthSettings(V2) after create; without auth settings Azure shows false.
      to: 'siteAuthEnabled',
      compute: (sc) => {
        const top = sc.parent!;
        const v1 = firstBlock(top.raw('auth_settings'));
        const v2 = firstBlock(top.raw('auth_settings_v2'));
        if (v1 === 'unknown' || v2 === 'unknown') return UNKNOWN;
        return v1 ? bool(v1.enabled, false) : v2 ? bool(v2.auth_enabled, false) : false;
      },
    });
    // Set by Azure (numbers known after apply) for a system-assigned / user-assigned identity.
    fields.push({ to: 'managedServiceIdentityId', compute: (sc) => (identityKinds(sc.parent!).system === false ? OMIT : UNKNOWN) });
    fields.push({ to: 'xManagedServiceIdentityId', compute: (sc) => (identityKinds(sc.parent!).user === false ? OMIT : UNKNOWN) });
  }
  return fields;
}

function publicNetworkAccess(ctx: FieldContext): ArmValue {
  const v = ctx.get('public_network_access_enabled', 'bool') ?? true;
  return isUnknown(v) ? UNKNOWN : v ? 'Enabled' : 'Disabled';
}

function identityKinds(ctx: FieldContext): { system: ArmValue; user: ArmValue } {
  const b = firstBlock(ctx.raw('identity'));
  if (b === undefined) return { system: false, user: false };
  if (b === 'unknown' || typeof b.type !== 'string') return { system: UNKNOWN, user: UNKNOWN };
  return { system: /SystemAssigned/i.test(b.type), user: /UserAssigned/i.test(b.type) };
}

// ---------------------------------------------------------------------------------------------------------------
// Sites

/** Top-level site properties (webapps.Site / SiteProperties) of each variant's Create. */
function siteFields(v: Variant): Field[] {
  const fn = isFunction(v);
  const slot = isSlot(v);
  const vnetRouteAlways = SC_PROPS.find((p) => p.to === 'vnetRouteAllEnabled')!.always.includes(v);
  const fields: Field[] = [
    identity('systemAndUserMap', 'none'),
    {
      to: 'properties.serverFarmId',
      reads: ['service_plan_id', 'virtual_network_subnet_id'],
      compute: (ctx) => {
        const plan = ctx.get('service_plan_id');
        if (!slot) {
          if (plan === undefined) ctx.note('required argument service_plan_id is not set');
          return plan ?? '';
        }
        if (plan !== undefined && plan !== '') return plan;
        // A slot without its own plan: the parent app's plan, read at apply time. The Windows function app slot sends
        // it only with a virtual network subnet.
        if (v === 'windowsFunctionSlot' && !(ctx.has('virtual_network_subnet_id') && ctx.get('virtual_network_subnet_id') !== '')) return OMIT;
        return UNKNOWN;
      },
    },
    { to: 'properties.enabled', arg: 'enabled', type: 'bool', default: true },
    { to: 'properties.httpsOnly', arg: 'https_only', type: 'bool', default: false },
    { to: 'properties.clientCertEnabled', arg: 'client_certificate_enabled', type: 'bool', default: false },
    // client_certificate_mode: Default "Required" (web apps), "Optional" (function apps).
    { to: 'properties.clientCertMode', arg: 'client_certificate_mode', default: fn ? 'Optional' : 'Required' },
    { to: 'properties.vnetBackupRestoreEnabled', arg: 'virtual_network_backup_restore_enabled', type: 'bool', default: false },
    { to: 'properties.publicNetworkAccess', reads: ['public_network_access_enabled'], compute: publicNetworkAccess },
    { to: 'properties.virtualNetworkSubnetId', arg: 'virtual_network_subnet_id', omitEmpty: true },
    { to: 'properties.keyVaultReferenceIdentity', arg: 'key_vault_reference_identity_id', omitEmpty: true },
    { to: 'properties.clientCertExclusionPaths', arg: 'client_certificate_exclusion_paths', omitEmpty: true },
    { to: 'properties.siteConfig', arg: 'site_config', required: true, block: { fields: siteConfigFields(v, 'request') } },
    {
      // VnetRouteAllEnabled: siteConfig.VnetRouteAllEnabled (a pointer: absent when the site config leaves it out).
      to: 'properties.vnetRouteAllEnabled',
      reads: ['site_config'],
      compute: (ctx) => {
        const b = firstBlock(ctx.raw('site_config'));
        if (b === undefined) return OMIT;
        if (b === 'unknown') return UNKNOWN;
        const val = bool(b.vnet_route_all_enabled, false);
        return vnetRouteAlways || val !== false ? val : OMIT;
      },
    },
  ];
  if (!fn) fields.push({ to: 'properties.clientAffinityEnabled', arg: 'client_affinity_enabled', type: 'bool', default: false });
  if (fn) {
    fields.push({ to: 'kind', value: isLinux(v) ? 'functionapp,linux' : 'functionapp' });
    fields.push({ to: 'properties.dailyMemoryTimeQuota', arg: 'daily_memory_time_quota', type: 'number', default: 0 });
  }
  if (v === 'windowsWeb' || v === 'windowsWebSlot') {
    // Sent only when the raw configuration sets it (GetRawConfigAt; features.FivePointOh() is false in 4.x): a plan
    // holds the schema default false for it, so there the configuration's arguments decide.
    fields.push({
      to: 'properties.vnetImagePullEnabled',
      arg: 'virtual_network_image_pull_enabled',
      type: 'bool',
      when: (ctx) => !(ctx.instance.typed && ctx.instance.userArgs && !ctx.instance.userArgs.has('virtual_network_image_pull_enabled')),
    });
  } else {
    fields.push({ to: 'properties.vnetImagePullEnabled', arg: 'vnet_image_pull_enabled', type: 'bool', default: false });
  }
  return fields;
}

/** Arguments applied by requests after the site PUT (read from each Create). */
function afterCreate(v: Variant): string[] {
  const list = ['auth_settings', 'auth_settings_v2', 'backup', 'storage_account', 'connection_string', 'sticky_settings', 'zip_deploy_file'];
  if (!isFunction(v)) list.push('logs'); // function apps: site_config.app_service_logs (UpdateDiagnosticLogsConfig)
  return list;
}

/** Arguments read to build values azurerm computes (function app settings) or only checked: no "not mapped" note. */
function otherArgs(v: Variant): string[] {
  const list = ['app_settings', 'webdeploy_publish_basic_authentication_enabled', 'ftp_publish_basic_authentication_enabled'];
  if (isFunction(v)) list.push('storage_account_name', 'storage_account_access_key', 'storage_uses_managed_identity', 'storage_key_vault_secret_id', 'functions_extension_version', 'builtin_logging_enabled', 'content_share_force_disabled');
  return list;
}

/** `false` is applied by UpdateScmAllowed / UpdateFtpAllowed after the site PUT (`true` sends nothing). */
function basicAuthNotes(ctx: FieldContext): void {
  for (const [arg, child] of [['webdeploy_publish_basic_authentication_enabled', 'scm'], ['ftp_publish_basic_authentication_enabled', 'ftp']] as const) {
    if (ctx.get(arg, 'bool') === false) ctx.note(`${arg} = false is applied by a second request after create (the basicPublishingCredentialsPolicies/${child} resource evaluated here), not in the site's create body`);
  }
}

/** Children Azure shows for every site: config/web and the two basic-auth publishing policies. */
function siteChildren(v: Variant, base: 'Microsoft.Web/sites' | 'Microsoft.Web/sites/slots', source: string): ResourceMapping['children'] {
  const allow = (arg: string): Field => ({ to: 'properties.allow', arg, type: 'bool', default: true });
  return [
    {
      armType: `${base}/config`,
      name: 'web',
      segment: 'config',
      source: `${source}; the site config as Azure shows it after the apply`,
      when: () => true,
      fields: [{ to: 'properties', arg: 'site_config', block: { fields: siteConfigFields(v, 'get') } }],
    },
    {
      armType: `${base}/basicPublishingCredentialsPolicies`,
      name: 'ftp',
      segment: 'basicPublishingCredentialsPolicies',
      source: `${source} (UpdateFtpAllowed${isSlot(v) ? 'Slot' : ''} when false)`,
      when: () => true,
      fields: [allow('ftp_publish_basic_authentication_enabled')],
    },
    {
      armType: `${base}/basicPublishingCredentialsPolicies`,
      name: 'scm',
      segment: 'basicPublishingCredentialsPolicies',
      source: `${source} (UpdateScmAllowed${isSlot(v) ? 'Slot' : ''} when false)`,
      when: () => true,
      fields: [allow('webdeploy_publish_basic_authentication_enabled')],
    },
  ];
}

function site(v: Variant, terraformType: string, file: string, helper: string): ResourceMapping {
  const source = `${S}${file} (Create), ${H}${helper}`;
  return {
    terraformType,
    armType: 'Microsoft.Web/sites',
    apiVersion: API,
    source,
    id: rgId('Microsoft.Web/sites'),
    fields: siteFields(v),
    afterCreate: afterCreate(v),
    otherArgs: otherArgs(v),
    check: basicAuthNotes,
    children: siteChildren(v, 'Microsoft.Web/sites', source),
  };
}

/** A slot: `<app id>/slots/<name>`; its location is the parent app's, read at apply time. */
function slot(v: Variant, terraformType: string, parentArg: 'app_service_id' | 'function_app_id', file: string, helper: string): ResourceMapping {
  const source = `${S}${file} (Create), ${H}${helper}`;
  return {
    terraformType,
    armType: 'Microsoft.Web/sites/slots',
    apiVersion: API,
    source,
    id: `{${parentArg}:id}/slots/{name}`,
    location: false,
    fields: [{ to: 'location', value: UNKNOWN }, ...siteFields(v)],
    afterCreate: afterCreate(v),
    otherArgs: [...otherArgs(v), parentArg],
    check: basicAuthNotes,
    children: siteChildren(v, 'Microsoft.Web/sites/slots', source),
  };
}

export const linuxWebApp = site('linuxWeb', 'azurerm_linux_web_app', 'linux_web_app_resource.go', 'linux_web_app_schema.go (SiteConfigLinux.ExpandForCreate), shared_schema.go, fx_strings.go');
export const windowsWebApp = site('windowsWeb', 'azurerm_windows_web_app', 'windows_web_app_resource.go', 'windows_web_app_schema.go (SiteConfigWindows.ExpandForCreate), common_web_app_schema.go, shared_schema.go');
export const linuxFunctionApp = site('linuxFunction', 'azurerm_linux_function_app', 'linux_function_app_resource.go', 'function_app_schema.go (ExpandSiteConfigLinuxFunctionApp), fx_strings.go (EncodeFunctionAppLinuxFxVersion)');
export const windowsFunctionApp = site('windowsFunction', 'azurerm_windows_function_app', 'windows_function_app_resource.go', 'function_app_schema.go (ExpandSiteConfigWindowsFunctionApp)');
export const linuxWebAppSlot = slot('linuxWebSlot', 'azurerm_linux_web_app_slot', 'app_service_id', 'linux_web_app_slot_resource.go', 'web_app_slot_schema.go (SiteConfigLinuxWebAppSlot.ExpandForCreate)');
export const windowsWebAppSlot = slot('windowsWebSlot', 'azurerm_windows_web_app_slot', 'app_service_id', 'windows_web_app_slot_resource.go', 'web_app_slot_schema.go (SiteConfigWindowsWebAppSlot.ExpandForCreate)');
export const linuxFunctionAppSlot = slot('linuxFunctionSlot', 'azurerm_linux_function_app_slot', 'function_app_id', 'linux_function_app_slot_resource.go', 'function_app_slot_schema.go (ExpandSiteConfigLinuxFunctionAppSlot), fx_strings.go (EncodeFunctionAppLinuxFxVersion)');
export const windowsFunctionAppSlot = slot('windowsFunctionSlot', 'azurerm_windows_function_app_slot', 'function_app_id', 'windows_function_app_slot_resource.go', 'function_app_slot_schema.go (ExpandSiteConfigWindowsFunctionAppSlot)');

export const APPSERVICE_MAPPINGS: readonly ResourceMapping[] = [servicePlan, linuxWebApp, windowsWebApp, linuxFunctionApp, windowsFunctionApp, linuxWebAppSlot, windowsWebAppSlot, linuxFunctionAppSlot, windowsFunctionAppSlot];
