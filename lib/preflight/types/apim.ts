/**
 * API Management services (Microsoft.ApiManagement/service), read from
 * internal/services/apimanagement/api_management_resource.go and schema.go at azurerm v4.55.0.
 */
import { ArmValue, FieldContext, OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { identity, normaliseLocation, obj, rgId, zones } from './common';
import { enabledDisabled, firstBlock, onlyTrue, rawBool } from './edge-common';

const S = 'internal/services/apimanagement/api_management_resource.go';

/** expandAzureRmApiManagementSkuName: `<Name>_<capacity>`. */
function skuPart(ctx: FieldContext, part: 0 | 1): ArmValue {
  const v = ctx.get('sku_name');
  if (v === undefined) return part === 0 ? '' : 0;
  if (typeof v !== 'string') return UNKNOWN;
  const [name, capacity] = v.split('_');
  if (part === 0) return name;
  const n = Number.parseInt(capacity ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

/** The SKU kind the create code tests: Consumption, a v2 tier, or classic. */
function skuKind(ctx: FieldContext): 'consumption' | 'v2' | 'classic' | undefined {
  const name = skuPart(ctx, 0);
  if (typeof name !== 'string') return undefined;
  if (name === 'Consumption') return 'consumption';
  return name.includes('V2') ? 'v2' : 'classic';
}

const GATEWAY = 'Microsoft.WindowsAzure.ApiManagement.Gateway';

/** security block argument (and its deprecated 4.x name) -> customProperties key, for every SKU. */
const PROTOCOLS: readonly (readonly [string, string | undefined, string])[] = [
  ['backend_ssl30_enabled', 'enable_backend_ssl30', `${GATEWAY}.Security.Backend.Protocols.Ssl30`],
  ['backend_tls10_enabled', 'enable_backend_tls10', `${GATEWAY}.Security.Backend.Protocols.Tls10`],
  ['backend_tls11_enabled', 'enable_backend_tls11', `${GATEWAY}.Security.Backend.Protocols.Tls11`],
  ['frontend_tls10_enabled', 'enable_frontend_tls10', `${GATEWAY}.Security.Protocols.Tls10`],
  ['frontend_tls11_enabled', 'enable_frontend_tls11', `${GATEWAY}.Security.Protocols.Tls11`],
];

/** security block argument (and deprecated name) -> customProperties key, for every SKU but Consumption. */
const NON_CONSUMPTION: readonly (readonly [string, string | undefined, string])[] = [
  ['frontend_ssl30_enabled', 'enable_frontend_ssl30', `${GATEWAY}.Security.Protocols.Ssl30`],
  ['triple_des_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TripleDes168`],
  ['tls_ecdhe_ecdsa_with_aes256_cbc_sha_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA`],
  ['tls_ecdhe_ecdsa_with_aes128_cbc_sha_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA`],
  ['tls_ecdhe_rsa_with_aes256_cbc_sha_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA`],
  ['tls_ecdhe_rsa_with_aes128_cbc_sha_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA`],
  ['tls_rsa_with_aes128_gcm_sha256_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TLS_RSA_WITH_AES_128_GCM_SHA256`],
  ['tls_rsa_with_aes256_gcm_sha384_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TLS_RSA_WITH_AES_256_GCM_SHA384`],
  ['tls_rsa_with_aes256_cbc_sha256_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TLS_RSA_WITH_AES_256_CBC_SHA256`],
  ['tls_rsa_with_aes128_cbc_sha256_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TLS_RSA_WITH_AES_128_CBC_SHA256`],
  ['tls_rsa_with_aes256_cbc_sha_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TLS_RSA_WITH_AES_256_CBC_SHA`],
  ['tls_rsa_with_aes128_cbc_sha_ciphers_enabled', undefined, `${GATEWAY}.Security.Ciphers.TLS_RSA_WITH_AES_128_CBC_SHA`],
];

/**
 * expandApiManagementCustomProperties: the full set of protocol and cipher switches is always sent, "false" unless
 * enabled in a security block (so an APIM without one explicitly disables SSL 3.0, TLS 1.0/1.1 and the weak
 * ciphers); Consumption gets only the five protocol switches. HTTP/2 only with a protocols block.
 */
function customProperties(ctx: FieldContext): ArmValue {
  const kind = skuKind(ctx);
  if (kind === undefined) return UNKNOWN;
  const sec = firstBlock(ctx, 'security');
  if (isUnknown(sec)) return UNKNOWN;
  const flag = (arg: string, legacy: string | undefined): ArmValue => {
    if (sec === undefined) return 'false';
    let v = rawBool(sec[arg], false);
    // GetOk("security.0.enable_*"): the deprecated name wins when true.
    if (legacy !== undefined) {
      const l = rawBool(sec[legacy], false);
      if (l === true || isUnknown(l)) v = l;
    }
    return typeof v === 'boolean' ? String(v) : UNKNOWN;
  };
  const out = obj({});
  for (const [arg, legacy, key] of PROTOCOLS) out[key] = flag(arg, legacy);
  if (kind !== 'consumption') for (const [arg, legacy, key] of NON_CONSUMPTION) out[key] = flag(arg, legacy);
  const protocols = firstBlock(ctx, 'protocols');
  if (isUnknown(protocols)) out[`${GATEWAY}.Protocols.Server.Http2`] = UNKNOWN;
  else if (protocols !== undefined) {
    let v = rawBool(protocols.http2_enabled, false);
    const l = rawBool(protocols.enable_http2, false);
    if (l === true || isUnknown(l)) v = l;
    out[`${GATEWAY}.Protocols.Server.Http2`] = typeof v === 'boolean' ? String(v) : UNKNOWN;
  }
  return out;
}

/** The hostname configurations in the code's order: management, portal, developer portal, proxy, scm. */
const HOSTNAME_KINDS: readonly (readonly [string, string])[] = [
  ['management', 'Management'],
  ['portal', 'Portal'],
  ['developer_portal', 'DeveloperPortal'],
  ['proxy', 'Proxy'],
  ['scm', 'Scm'],
];

export const apiManagement: ResourceMapping = {
  terraformType: 'azurerm_api_management',
  armType: 'Microsoft.ApiManagement/service',
  apiVersion: '2024-05-01',
  source: `internal/services/apimanagement/api_management_resource.go (resourceApiManagementServiceCreate, expandApiManagementCustomProperties, expandAzureRmApiManagementSkuName, expandAzureRmApiManagementHostnameConfigurations, expandAzureRmApiManagementAdditionalLocations, expandAzureRmApiManagementCertificates, expandApiManagementTenantAccessSettings)`,
  id: rgId('Microsoft.ApiManagement/service'),
  fields: [
    { to: 'sku.name', reads: ['sku_name'], compute: (c) => skuPart(c, 0) },
    { to: 'sku.capacity', reads: ['sku_name'], compute: (c) => skuPart(c, 1) },
    { to: 'properties.publisherName', arg: 'publisher_name', required: true, default: '' },
    { to: 'properties.publisherEmail', arg: 'publisher_email', required: true, default: '' },
    { to: 'properties.publicNetworkAccess', arg: 'public_network_access_enabled', type: 'bool', default: 'Enabled', map: enabledDisabled },
    { to: 'properties.customProperties', reads: ['security', 'protocols', 'sku_name'], compute: customProperties },
    {
      to: 'properties.certificates',
      arg: 'certificate',
      block: {
        list: true,
        emptyList: true,
        fields: [
          { to: 'encodedCertificate', arg: 'encoded_certificate', required: true, default: '' },
          { to: 'storeName', arg: 'store_name', required: true, default: '' },
          { to: 'certificatePassword', arg: 'certificate_password', default: '' },
        ],
      },
    },
    // Only with a hostname_configuration block (d.GetOk): expandApiManagementCommonHostnameConfiguration per host name.
    {
      to: 'properties.hostnameConfigurations',
      reads: ['hostname_configuration'],
      compute: (ctx) => hostnameConfigurations(ctx),
    },
    identity('systemAndUserMap', 'none'),
    {
      to: 'properties.additionalLocations',
      arg: 'additional_location',
      block: {
        list: true,
        fields: [
          { to: 'location', arg: 'location', required: true, default: '', map: normaliseLocation },
          {
            // The service's SKU, with this location's capacity when set.
            to: 'sku',
            reads: ['capacity'],
            compute: (c) => {
              const top = c.parent as FieldContext;
              const capacity = c.get('capacity', 'number');
              return obj({ capacity: typeof capacity === 'number' && capacity > 0 ? capacity : isUnknown(capacity) ? UNKNOWN : skuPart(top, 1), name: skuPart(top, 0) });
            },
          },
          { to: 'disableGateway', arg: 'gateway_disabled', type: 'bool', default: false },
          {
            to: 'virtualNetworkConfiguration.subnetResourceId',
            reads: ['virtual_network_configuration'],
            compute: (c) => {
              const v = firstBlock(c, 'virtual_network_configuration');
              if (v === undefined) return OMIT;
              if (isUnknown(v)) return UNKNOWN;
              return typeof v.subnet_id === 'string' ? v.subnet_id : UNKNOWN;
            },
          },
          { to: 'publicIpAddressId', arg: 'public_ip_address_id', omitEmpty: true },
          zones(),
        ],
      },
    },
    { to: 'properties.notificationSenderEmail', arg: 'notification_sender_email', omitEmpty: true },
    { to: 'properties.virtualNetworkType', arg: 'virtual_network_type', default: 'None', omitEmpty: true },
    {
      to: 'properties.virtualNetworkConfiguration.subnetResourceId',
      reads: ['virtual_network_configuration', 'virtual_network_type'],
      compute: (ctx) => {
        const type = ctx.get('virtual_network_type') ?? 'None';
        if (type === 'None' || type === '') return OMIT;
        const v = firstBlock(ctx, 'virtual_network_configuration');
        if (v === undefined) return OMIT;
        if (isUnknown(v) || isUnknown(type)) return UNKNOWN;
        return typeof v.subnet_id === 'string' ? v.subnet_id : UNKNOWN;
      },
    },
    { to: 'properties.publicIpAddressId', arg: 'public_ip_address_id', omitEmpty: true },
    // Sent on create only when true (d.HasChange from the default false).
    { to: 'properties.enableClientCertificate', arg: 'client_certificate_enabled', type: 'bool', map: onlyTrue },
    { to: 'properties.disableGateway', arg: 'gateway_disabled', type: 'bool', default: false },
    { to: 'properties.apiVersionConstraint.minApiVersion', arg: 'min_api_version', omitEmpty: true },
    zones(),
  ],
  // After create azurerm deletes the sample APIs and products and PUTs the portal sign-in / sign-up / delegation
  // settings (portalsettings): requests no built-in tests, not translated.
  otherArgs: ['sign_in', 'sign_up', 'delegation'],
  children: [
    {
      // tenant_access: a PATCH of .../tenant/access after create (not for Consumption or v2 tiers).
      armType: 'Microsoft.ApiManagement/service/tenant',
      name: 'access',
      segment: 'tenant',
      source: `${S} (resourceApiManagementServiceCreate, expandApiManagementTenantAccessSettings)`,
      apiVersion: '2022-08-01',
      when: (ctx) => firstBlock(ctx, 'tenant_access') !== undefined && skuKind(ctx) === 'classic',
      fields: [
        {
          to: 'properties.enabled',
          reads: ['tenant_access'],
          compute: (ctx) => {
            const b = firstBlock(ctx, 'tenant_access');
            return b === undefined || isUnknown(b) ? UNKNOWN : rawBool(b.enabled, false);
          },
        },
      ],
    },
  ],
};

/** The hostname_configuration block's management, portal, developer_portal, proxy and scm blocks as one list. */
function hostnameConfigurations(ctx: FieldContext): ArmValue | typeof OMIT {
  const b = firstBlock(ctx, 'hostname_configuration');
  if (b === undefined) return OMIT;
  if (isUnknown(b)) return UNKNOWN;
  const out: ArmValue[] = [];
  for (const [arg, type] of HOSTNAME_KINDS) {
    const raw = b[arg];
    if (raw === undefined || raw === null) continue;
    if (!Array.isArray(raw)) return UNKNOWN;
    for (const h of raw) {
      if (h === null || typeof h !== 'object' || Array.isArray(h) || isUnknown(h)) return UNKNOWN;
      const o = h as Record<string, unknown>;
      const str = (v: unknown): ArmValue | undefined => (v === undefined || v === null || v === '' ? undefined : typeof v === 'string' ? v : UNKNOWN);
      const entry = obj({ type, hostName: str(o.host_name) ?? '' });
      const set = (key: string, v: ArmValue | undefined): void => {
        if (v !== undefined) entry[key] = v;
      };
      set('encodedCertificate', str(o.certificate));
      set('certificatePassword', str(o.certificate_password));
      set('keyVaultId', str(o.key_vault_id) ?? str(o.key_vault_certificate_id));
      entry.negotiateClientCertificate = rawBool(o.negotiate_client_certificate, false);
      set('identityClientId', str(o.ssl_keyvault_identity_client_id));
      if (arg === 'proxy') entry.defaultSslBinding = rawBool(o.default_ssl_binding, false);
      out.push(entry);
    }
  }
  return out;
}

export const APIM_MAPPINGS: readonly ResourceMapping[] = [apiManagement];
