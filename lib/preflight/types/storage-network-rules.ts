/**
 * azurerm_storage_account_network_rules: a PATCH of the storage account's networkAcls (GET, then the rules written
 * into the account's network rule set), read from
 * internal/services/storage/storage_account_network_rules_resource.go and storage_account_helpers_network.go at azurerm
 * v4.55.0. It is not an ARM resource of its own: Azure shows the account with these rules.
 */
import { OMIT, ResourceMapping } from '../mapping';
import { UNKNOWN, isUnknown } from '../values';
import { obj } from './common';

const S = 'internal/services/storage/';

export const storageAccountNetworkRules: ResourceMapping = {
  terraformType: 'azurerm_storage_account_network_rules',
  armType: 'Microsoft.Storage/storageAccounts',
  apiVersion: '2023-05-01',
  source: `${S}storage_account_network_rules_resource.go (resourceStorageAccountNetworkRulesCreate), ${S}storage_account_helpers_network.go (expandAccountNetworkRuleBypass, expandAccountNetworkRuleIPRules, expandAccountNetworkRuleVirtualNetworkRules, expandAccountNetworkRulePrivateLinkAccess)`,
  id: '{storage_account_id:id}',
  location: false,
  tags: false,
  standalone: false,
  fields: [],
  merge: [
    {
      targetType: 'Microsoft.Storage/storageAccounts',
      target: { idArg: 'storage_account_id' },
      path: 'properties.networkAcls',
      // The PATCH carries the account's rule set with these members replaced; an empty bypass set sends no bypass
      // (the account keeps its own).
      mode: 'merge',
      value: [
        { to: 'defaultAction', arg: 'default_action', required: true, default: '' },
        { to: 'bypass', arg: 'bypass', type: 'strings', map: (v) => (Array.isArray(v) ? (v.length === 0 ? OMIT : v.some(isUnknown) ? UNKNOWN : v.join(', ')) : v) },
        { to: 'ipRules', arg: 'ip_rules', type: 'strings', default: [], map: (v) => (Array.isArray(v) ? v.map((value) => obj({ action: 'Allow', value })) : v) },
        { to: 'virtualNetworkRules', arg: 'virtual_network_subnet_ids', type: 'strings', default: [], map: (v) => (Array.isArray(v) ? v.map((id) => obj({ id, action: 'Allow' })) : v) },
        {
          to: 'resourceAccessRules',
          arg: 'private_link_access',
          block: {
            list: true,
            emptyList: true,
            fields: [
              { to: 'resourceId', arg: 'endpoint_resource_id', default: '' },
              // The provider's tenant unless endpoint_tenant_id is written.
              { to: 'tenantId', arg: 'endpoint_tenant_id', default: (c) => c.instance.tenantId ?? UNKNOWN, map: (v, c) => (v === '' ? (c.instance.tenantId ?? UNKNOWN) : v) },
            ],
          },
        },
      ],
    },
  ],
  notes: [
    'azurerm creates the storage account first (its networkAcls default to Allow unless network_rules is set) and writes these rules with a PATCH: the account is evaluated with them, while a Deny policy on the account\'s create request sees the account without them',
  ],
};

export const STORAGE_NETWORK_RULES_MAPPINGS: readonly ResourceMapping[] = [storageAccountNetworkRules];
