import { LIMITS, isPlanJson, isUnknown, readTerraformJson, TfRef, translate } from '../../lib/preflight';
import { one, resourcesOf } from './helpers';

const AZURERM = 'registry.terraform.io/hashicorp/azurerm';

/** A `terraform show -json` plan (format 1.2) as Terraform 1.9 writes it, reduced to what the test needs. */
function plan(): Record<string, unknown> {
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    variables: { subscription_id: { value: '22222222-2222-2222-2222-222222222222' } },
    resource_changes: [
      {
        address: 'azurerm_storage_account.main',
        mode: 'managed',
        type: 'azurerm_storage_account',
        name: 'main',
        provider_name: AZURERM,
        change: {
          actions: ['create'],
          before: null,
          after: {
            name: 'stmain', resource_group_name: 'rg', location: 'westeurope', account_tier: 'Standard', account_replication_type: 'GRS', account_kind: 'StorageV2',
            allow_nested_items_to_be_public: false, https_traffic_only_enabled: true, min_tls_version: 'TLS1_2', public_network_access_enabled: true,
            shared_access_key_enabled: true, network_rules: [], identity: [], tags: null, access_tier: null, large_file_share_enabled: null,
          },
          after_unknown: { id: true, primary_blob_endpoint: true, access_tier: true, large_file_share_enabled: true, network_rules: [], identity: [] },
        },
      },
      {
        address: 'module.net.azurerm_subnet.app[0]',
        module_address: 'module.net',
        mode: 'managed',
        type: 'azurerm_subnet',
        name: 'app',
        index: 0,
        provider_name: AZURERM,
        change: {
          actions: ['create'],
          after: { name: 'snet-app', resource_group_name: 'rg', virtual_network_name: 'vnet', address_prefixes: ['10.0.1.0/24'], default_outbound_access_enabled: true, private_endpoint_network_policies: 'Disabled', private_link_service_network_policies_enabled: true, service_endpoints: null, delegation: [] },
          after_unknown: { id: true, address_prefixes: [false], delegation: [] },
        },
      },
      {
        address: 'module.net.azurerm_subnet_network_security_group_association.app[0]',
        module_address: 'module.net',
        mode: 'managed',
        type: 'azurerm_subnet_network_security_group_association',
        name: 'app',
        index: 0,
        provider_name: AZURERM,
        change: { actions: ['create'], after: {}, after_unknown: { id: true, subnet_id: true, network_security_group_id: true } },
      },
      {
        address: 'azurerm_public_ip.old',
        mode: 'managed',
        type: 'azurerm_public_ip',
        name: 'old',
        provider_name: AZURERM,
        change: { actions: ['delete'], before: { name: 'old' }, after: null },
      },
      {
        address: 'azurerm_resource_group.rg',
        mode: 'managed',
        type: 'azurerm_resource_group',
        name: 'rg',
        provider_name: AZURERM,
        change: {
          actions: ['update'],
          before: { id: '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg', name: 'rg', location: 'westeurope', tags: {} },
          after: { id: '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg', name: 'rg', location: 'westeurope', tags: { env: 'prod' } },
          after_unknown: { tags: {} },
        },
      },
      {
        address: 'azurerm_key_vault.kv',
        mode: 'managed',
        type: 'azurerm_key_vault',
        name: 'kv',
        provider_name: AZURERM,
        change: { actions: ['delete', 'create'], after: { name: 'kv', resource_group_name: 'rg', location: 'westeurope', tenant_id: 't', sku_name: 'premium', purge_protection_enabled: true, enable_rbac_authorization: true }, after_unknown: { id: true, vault_uri: true } },
      },
      {
        address: 'random_string.suffix',
        mode: 'managed',
        type: 'random_string',
        name: 'suffix',
        provider_name: 'registry.terraform.io/hashicorp/random',
        change: { actions: ['create'], after: { length: 6 }, after_unknown: { result: true } },
      },
      {
        address: 'azurerm_orbital_spacecraft.k',
        mode: 'managed',
        type: 'azurerm_orbital_spacecraft',
        name: 'k',
        provider_name: AZURERM,
        change: { actions: ['create'], after: { name: 'k' }, after_unknown: { id: true } },
      },
    ],
    configuration: {
      provider_config: { azurerm: { name: 'azurerm', full_name: AZURERM, expressions: { subscription_id: { references: ['var.subscription_id'] }, features: [{}] } } },
      root_module: {
        resources: [
          { address: 'azurerm_storage_account.main', mode: 'managed', type: 'azurerm_storage_account', name: 'main', provider_config_key: 'azurerm', expressions: { name: { constant_value: 'stmain' }, account_tier: { constant_value: 'Standard' }, account_replication_type: { constant_value: 'GRS' }, allow_nested_items_to_be_public: { constant_value: false } } },
          { address: 'azurerm_resource_group.rg', mode: 'managed', type: 'azurerm_resource_group', name: 'rg', provider_config_key: 'azurerm', expressions: { name: { constant_value: 'rg' } } },
          { address: 'azurerm_key_vault.kv', mode: 'managed', type: 'azurerm_key_vault', name: 'kv', provider_config_key: 'azurerm', expressions: { name: { constant_value: 'kv' }, enable_rbac_authorization: { constant_value: true } } },
        ],
        module_calls: {
          net: {
            source: './modules/net',
            module: {
              resources: [
                { address: 'azurerm_subnet.app', mode: 'managed', type: 'azurerm_subnet', name: 'app', provider_config_key: 'net:azurerm', expressions: { name: { constant_value: 'snet-app' } }, count_expression: { constant_value: 1 } },
                { address: 'azurerm_subnet_network_security_group_association.app', mode: 'managed', type: 'azurerm_subnet_network_security_group_association', name: 'app', provider_config_key: 'net:azurerm', expressions: { subnet_id: { references: ['azurerm_subnet.app[0].id', 'azurerm_subnet.app[0]', 'azurerm_subnet.app'] }, network_security_group_id: { references: ['var.nsg_id'] } } },
              ],
            },
          },
        },
      },
    },
  };
}

describe('terraform show -json plans', () => {
  it('recognises plan and state documents', () => {
    expect(isPlanJson(plan())).toBe(true);
    expect(isPlanJson({ format_version: '1.0', values: { root_module: {} } })).toBe(true);
    expect(isPlanJson({ resource: {} })).toBe(false);
  });

  it('translates planned values with the module address, and skips deletes', () => {
    const input = readTerraformJson(plan());
    expect(input.kind).toBe('plan');
    const r = translate(input);
    expect(resourcesOf(r, 'azurerm_public_ip.old')).toHaveLength(0);
    const subnet = one(r, 'module.net.azurerm_subnet.app[0]').resource;
    expect(subnet.id).toBe('/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-app');
    expect(one(r, 'azurerm_key_vault.kv').resource.type).toBe('Microsoft.KeyVault/vaults'); // replace: the create half is evaluated
  });

  it('an unknown value of an argument the configuration does not set is computed, and not sent', () => {
    const r = translate(readTerraformJson(plan()));
    const sa = one(r, 'azurerm_storage_account.main').resource as Record<string, Record<string, unknown>>;
    // access_tier is unknown in the plan but not in the configuration: azurerm sends the Hot default for StorageV2.
    expect(sa.properties.accessTier).toBe('Hot');
    expect(sa.properties.largeFileSharesState).toBeUndefined();
    expect(sa.properties.allowBlobPublicAccess).toBe(false);
    expect(isUnknown(sa.id)).toBe(false);
  });

  it('an unknown value whose configuration expression is a reference links resources (association -> subnet)', () => {
    const input = readTerraformJson(plan());
    const assoc = input.instances.find((i) => i.type === 'azurerm_subnet_network_security_group_association')!;
    expect(assoc.values.subnet_id).toBeInstanceOf(TfRef);
    expect((assoc.values.subnet_id as TfRef).address).toBe('module.net.azurerm_subnet.app[0]');
    expect(isUnknown(assoc.values.network_security_group_id)).toBe(true);
    const r = translate(input);
    const subnet = one(r, 'module.net.azurerm_subnet.app[0]').resource.properties as Record<string, Record<string, unknown>>;
    expect(isUnknown(subnet.networkSecurityGroup.id)).toBe(true);
  });

  it('uses the id the plan knows for updates, and the provider subscription from a variable', () => {
    const r = translate(readTerraformJson(plan()));
    const rg = one(r, 'azurerm_resource_group.rg').resource;
    expect(rg.id).toBe('/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg');
    expect(rg.tags).toEqual({ env: 'prod' });
  });

  it('reads arguments of azurerm 3.x plans with their old names, and lists unmapped types as not translated', () => {
    const r = translate(readTerraformJson(plan()));
    const kv = one(r, 'azurerm_key_vault.kv').resource.properties as Record<string, unknown>;
    expect(kv.enableRbacAuthorization).toBe(true);
    expect(kv.enablePurgeProtection).toBe(true);
    expect(r.notTranslated).toEqual([{ address: 'azurerm_orbital_spacecraft.k', type: 'azurerm_orbital_spacecraft' }]);
    expect(r.otherProviders).toBe(1); // random_string is not an Azure resource
  });

  it('without a configuration section, unknown values stay unknown', () => {
    const p = plan();
    delete p.configuration;
    const r = translate(readTerraformJson(p));
    const sa = one(r, 'azurerm_storage_account.main').resource as Record<string, Record<string, unknown>>;
    expect(isUnknown(sa.properties.accessTier)).toBe(true);
    expect(r.notes.map((n) => n.message).join('\n')).toMatch(/no "configuration" section/);
  });

  it('reads a state (terraform show -json without a plan): every value known', () => {
    const state = {
      format_version: '1.0',
      values: { root_module: { resources: [{ address: 'azurerm_resource_group.rg', mode: 'managed', type: 'azurerm_resource_group', name: 'rg', values: { id: '/subscriptions/s/resourceGroups/rg', name: 'rg', location: 'westeurope', tags: {} } }] } },
    };
    const r = translate(readTerraformJson(state));
    expect(one(r, 'azurerm_resource_group.rg').resource.id).toBe('/subscriptions/s/resourceGroups/rg');
  });
});

describe('plan entries terraform show -json never writes are invalid input, never dropped', () => {
  const rgChange = (address: string, extra: Record<string, unknown> = {}) => ({ address, mode: 'managed', type: 'azurerm_resource_group', name: address.split('.')[1], change: { actions: ['create'], after: { name: 'rg', location: 'westeurope' }, after_unknown: { id: true } }, ...extra });

  it('resource_changes entries: not an object, no type, no change, no planned values of a create', () => {
    const r = translate(readTerraformJson({
      format_version: '1.2',
      resource_changes: [
        rgChange('azurerm_resource_group.ok'),
        'not a change',
        { address: 'azurerm_resource_group.untyped', mode: 'managed', change: { actions: ['create'], after: {} } },
        rgChange('azurerm_resource_group.nochange', { change: 'create' }),
        rgChange('azurerm_resource_group.noafter', { change: { actions: ['create'], after: null } }),
        rgChange('azurerm_resource_group.gone', { change: { actions: ['delete'], after: null } }),
      ],
    }, { file: 'plan.json' }));
    expect(r.resources.map((x) => x.address)).toEqual(['azurerm_resource_group.ok']);
    expect(r.notTranslated).toEqual([{ address: 'azurerm_resource_group.nochange', type: 'azurerm_resource_group' }, { address: 'azurerm_resource_group.noafter', type: 'azurerm_resource_group' }]);
    expect(r.invalid).toEqual([
      { file: 'plan.json', reason: 'resource_changes[1]: a string, not an object; terraform show -json does not write this: it is not evaluated' },
      { file: 'plan.json', address: 'azurerm_resource_group.untyped', reason: 'resource_changes[2] (azurerm_resource_group.untyped): "address" is a string and "type" is missing, both must be non-empty strings; terraform show -json does not write this: it is not evaluated' },
      { file: 'plan.json', address: 'azurerm_resource_group.nochange', type: 'azurerm_resource_group', reason: 'resource_changes[3] (azurerm_resource_group.nochange): "change" is a string, not an object; terraform show -json does not write this: it is not evaluated' },
      { file: 'plan.json', address: 'azurerm_resource_group.noafter', type: 'azurerm_resource_group', reason: 'resource_changes[4] (azurerm_resource_group.noafter): "change.after" is null, not an object (the planned values of a create); terraform show -json does not write this: it is not evaluated' },
    ]);
    expect(r.otherProviders).toBe(0); // the entry without a type is not taken for another provider's
  });

  it('resource_changes that is not an array, and malformed planned_values / state modules', () => {
    const changes = translate(readTerraformJson({ format_version: '1.2', resource_changes: { a: 1 }, planned_values: { root_module: { resources: [] } } }, { file: 'plan.json' }));
    expect(changes.invalid).toEqual([{ file: 'plan.json', reason: '"resource_changes" is an object, not an array; terraform show -json does not write this: the planned changes are not evaluated' }]);
    const state = translate(readTerraformJson({
      format_version: '1.0',
      values: { root_module: { resources: [{ address: 'azurerm_resource_group.v', mode: 'managed', type: 'azurerm_resource_group', values: 'x' }, 7], child_modules: [{ address: 'module.m', resources: 'x' }, null] } },
    }, { file: 'state.json' }));
    expect(state.notTranslated).toEqual([{ address: 'azurerm_resource_group.v', type: 'azurerm_resource_group' }]);
    expect(state.invalid!.map((i) => i.reason)).toEqual([
      'values.root_module.resources[0] (azurerm_resource_group.v): "values" is a string, not an object; terraform show -json does not write this: it is not evaluated',
      'values.root_module.resources[1]: a number, not an object; terraform show -json does not write this: it is not evaluated',
      'values.root_module.child_modules[0].resources is a string, not an array; terraform show -json does not write this: the resources in it are not evaluated',
      'values.root_module.child_modules[1] is null, not an object; terraform show -json does not write this: the resources in it are not evaluated',
    ]);
  });

  it('instances past the per-input limit are listed per resource block with the number cut', () => {
    const saved = LIMITS.maxResources;
    LIMITS.maxResources = 2;
    try {
      const r = translate(readTerraformJson({ format_version: '1.2', resource_changes: [rgChange('azurerm_resource_group.a[0]'), rgChange('azurerm_resource_group.a[1]'), rgChange('azurerm_resource_group.a[2]'), rgChange('module.m["x"].azurerm_resource_group.b'), rgChange('azurerm_resource_group.a[3]')] }));
      expect(r.resources.map((x) => x.address)).toEqual(['azurerm_resource_group.a[0]', 'azurerm_resource_group.a[1]']);
      expect(r.notTranslated).toEqual([{ address: 'azurerm_resource_group.a', type: 'azurerm_resource_group', count: 2 }, { address: 'module.m.azurerm_resource_group.b', type: 'azurerm_resource_group', count: 1 }]);
      expect(r.notes.map((n) => n.message)).toContain('more than 2 resource instances: the other 3 are not evaluated (listed under notTranslated, one entry per resource block)');
    } finally {
      LIMITS.maxResources = saved;
    }
  });
});
