/**
 * The schemas of the azurerm v4.55.0 types that bench/preflight-plan.ts emits, as `terraform show -json` needs them to
 * write a full planned object: every attribute with its flags, its schema `Default`, `Sensitive`, and the nested
 * blocks with their own attributes. Derived from the provider source at the tag we bind (/work/azurerm-v4.55.0, the
 * file named above each type, and the schema helpers it calls); `!features.FivePointOh()` branches are taken (the
 * provider runs them unless ARM_FIVEPOINTZERO_BETA is set), so deprecated 3.x-era attributes still in the schema are
 * listed too. Every SDKv2 resource also has the implicit `id` (Computed) and, when it declares Timeouts, the
 * `timeouts` block (nesting single, null when not written): the generator adds both, they are not repeated here.
 *
 * An attribute is `'<mode> <type>[ sensitive]'`, or `[that, default]` when the schema has a `Default`:
 *   mode  R = Required, O = Optional, OC = Optional + Computed, C = Computed only;
 *   type  string | number | bool | list(string) | set(string) | map(string) (element type in parentheses).
 * A nested block (`Elem: &pluginsdk.Resource{...}`) is `block(nesting, mode, attrs)`, or `attrBlock(...)` when the
 * schema sets `ConfigMode: SchemaConfigModeAttr` (Terraform then treats it as an attribute of object values).
 * Keys are sorted: Terraform writes object attributes in that order.
 */

export type Mode = 'R' | 'O' | 'OC' | 'C';
export type AttrSpec = string | readonly [spec: string, defaultValue: string | number | boolean];
export interface BlockSpec {
  readonly nesting: 'list' | 'set';
  readonly mode: Mode;
  /** ConfigMode: SchemaConfigModeAttr. */
  readonly attrMode: boolean;
  readonly attrs: Schema;
}
export type Schema = Readonly<Record<string, AttrSpec | BlockSpec>>;
export interface TypeSchema {
  /** The resource's SchemaVersion (0 when the Go code sets none). */
  readonly schemaVersion: number;
  readonly attrs: Schema;
}

function block(nesting: 'list' | 'set', mode: Mode, attrs: Schema): BlockSpec {
  return { nesting, mode, attrMode: false, attrs };
}

function attrBlock(nesting: 'list' | 'set', mode: Mode, attrs: Schema): BlockSpec {
  return { nesting, mode, attrMode: true, attrs };
}

/** Managed resource types (paths under internal/services/ unless they start with vendor/). */
export const RESOURCE_SCHEMAS: Readonly<Record<string, TypeSchema>> = {
  // internal/services/storage/storage_account_resource.go (resourceStorageAccount; under !features.FivePointOh() the
  // deprecated static_website block is added and min_tls_version accepts every TLS version; the deprecated
  // queue_properties block is added after the map), storage/helpers/helpers.go (SchemaStorageAccountCorsRule),
  // commonschema identity_system_user.go (SystemAssignedUserAssignedIdentityOptional)
  azurerm_storage_account: {
    schemaVersion: 4,
    attrs: {
      access_tier: 'OC string',
      account_kind: ['O string', 'StorageV2'],
      account_replication_type: 'R string',
      account_tier: 'R string',
      allow_nested_items_to_be_public: ['O bool', true],
      allowed_copy_scope: 'O string',
      azure_files_authentication: block('list', 'O', {
        active_directory: block('list', 'OC', {
          domain_guid: 'R string',
          domain_name: 'R string',
          domain_sid: 'O string',
          forest_name: 'O string',
          netbios_domain_name: 'O string',
          storage_sid: 'O string',
        }),
        default_share_level_permission: ['O string', 'None'],
        directory_type: 'R string',
      }),
      blob_properties: block('list', 'OC', {
        change_feed_enabled: ['O bool', false],
        change_feed_retention_in_days: 'O number',
        container_delete_retention_policy: block('list', 'O', {
          days: ['O number', 7],
        }),
        cors_rule: block('list', 'O', {
          allowed_headers: 'R list(string)',
          allowed_methods: 'R list(string)',
          allowed_origins: 'R list(string)',
          exposed_headers: 'R list(string)',
          max_age_in_seconds: 'R number',
        }),
        default_service_version: 'OC string',
        delete_retention_policy: block('list', 'O', {
          days: ['O number', 7],
          permanent_delete_enabled: ['O bool', false],
        }),
        last_access_time_enabled: ['O bool', false],
        restore_policy: block('list', 'O', {
          days: 'R number',
        }),
        versioning_enabled: ['O bool', false],
      }),
      cross_tenant_replication_enabled: ['O bool', false],
      custom_domain: block('list', 'O', {
        name: 'R string',
        use_subdomain: ['O bool', false],
      }),
      customer_managed_key: block('list', 'O', {
        key_vault_key_id: 'O string',
        managed_hsm_key_id: 'O string',
        user_assigned_identity_id: 'R string',
      }),
      default_to_oauth_authentication: ['O bool', false],
      dns_endpoint_type: ['O string', 'Standard'],
      edge_zone: 'O string',
      https_traffic_only_enabled: ['O bool', true],
      identity: block('list', 'O', {
        identity_ids: 'O set(string)',
        principal_id: 'C string',
        tenant_id: 'C string',
        type: 'R string',
      }),
      immutability_policy: block('list', 'O', {
        allow_protected_append_writes: 'R bool',
        period_since_creation_in_days: 'R number',
        state: 'R string',
      }),
      infrastructure_encryption_enabled: ['O bool', false],
      is_hns_enabled: ['O bool', false],
      large_file_share_enabled: 'OC bool',
      local_user_enabled: ['O bool', true],
      location: 'R string',
      min_tls_version: ['O string', 'TLS1_2'],
      name: 'R string',
      network_rules: block('list', 'OC', {
        bypass: 'OC set(string)',
        default_action: 'R string',
        ip_rules: 'OC set(string)',
        private_link_access: block('list', 'O', {
          endpoint_resource_id: 'R string',
          endpoint_tenant_id: 'OC string',
        }),
        virtual_network_subnet_ids: 'OC set(string)',
      }),
      nfsv3_enabled: ['O bool', false],
      primary_access_key: 'C string sensitive',
      primary_blob_connection_string: 'C string sensitive',
      primary_blob_endpoint: 'C string',
      primary_blob_host: 'C string',
      primary_blob_internet_endpoint: 'C string',
      primary_blob_internet_host: 'C string',
      primary_blob_microsoft_endpoint: 'C string',
      primary_blob_microsoft_host: 'C string',
      primary_connection_string: 'C string sensitive',
      primary_dfs_endpoint: 'C string',
      primary_dfs_host: 'C string',
      primary_dfs_internet_endpoint: 'C string',
      primary_dfs_internet_host: 'C string',
      primary_dfs_microsoft_endpoint: 'C string',
      primary_dfs_microsoft_host: 'C string',
      primary_file_endpoint: 'C string',
      primary_file_host: 'C string',
      primary_file_internet_endpoint: 'C string',
      primary_file_internet_host: 'C string',
      primary_file_microsoft_endpoint: 'C string',
      primary_file_microsoft_host: 'C string',
      primary_location: 'C string',
      primary_queue_endpoint: 'C string',
      primary_queue_host: 'C string',
      primary_queue_microsoft_endpoint: 'C string',
      primary_queue_microsoft_host: 'C string',
      primary_table_endpoint: 'C string',
      primary_table_host: 'C string',
      primary_table_microsoft_endpoint: 'C string',
      primary_table_microsoft_host: 'C string',
      primary_web_endpoint: 'C string',
      primary_web_host: 'C string',
      primary_web_internet_endpoint: 'C string',
      primary_web_internet_host: 'C string',
      primary_web_microsoft_endpoint: 'C string',
      primary_web_microsoft_host: 'C string',
      provisioned_billing_model_version: 'O string',
      public_network_access_enabled: ['O bool', true],
      queue_encryption_key_type: ['O string', 'Service'],
      queue_properties: block('list', 'OC', {
        cors_rule: block('list', 'O', {
          allowed_headers: 'R list(string)',
          allowed_methods: 'R list(string)',
          allowed_origins: 'R list(string)',
          exposed_headers: 'R list(string)',
          max_age_in_seconds: 'R number',
        }),
        hour_metrics: block('list', 'OC', {
          enabled: 'R bool',
          include_apis: 'O bool',
          retention_policy_days: 'O number',
          version: 'R string',
        }),
        logging: block('list', 'OC', {
          delete: 'R bool',
          read: 'R bool',
          retention_policy_days: 'O number',
          version: 'R string',
          write: 'R bool',
        }),
        minute_metrics: block('list', 'OC', {
          enabled: 'R bool',
          include_apis: 'O bool',
          retention_policy_days: 'O number',
          version: 'R string',
        }),
      }), // deprecated
      resource_group_name: 'R string',
      routing: block('list', 'OC', {
        choice: ['O string', 'MicrosoftRouting'],
        publish_internet_endpoints: ['O bool', false],
        publish_microsoft_endpoints: ['O bool', false],
      }),
      sas_policy: block('list', 'O', {
        expiration_action: ['O string', 'Log'],
        expiration_period: 'R string',
      }),
      secondary_access_key: 'C string sensitive',
      secondary_blob_connection_string: 'C string sensitive',
      secondary_blob_endpoint: 'C string',
      secondary_blob_host: 'C string',
      secondary_blob_internet_endpoint: 'C string',
      secondary_blob_internet_host: 'C string',
      secondary_blob_microsoft_endpoint: 'C string',
      secondary_blob_microsoft_host: 'C string',
      secondary_connection_string: 'C string sensitive',
      secondary_dfs_endpoint: 'C string',
      secondary_dfs_host: 'C string',
      secondary_dfs_internet_endpoint: 'C string',
      secondary_dfs_internet_host: 'C string',
      secondary_dfs_microsoft_endpoint: 'C string',
      secondary_dfs_microsoft_host: 'C string',
      secondary_file_endpoint: 'C string',
      secondary_file_host: 'C string',
      secondary_file_internet_endpoint: 'C string',
      secondary_file_internet_host: 'C string',
      secondary_file_microsoft_endpoint: 'C string',
      secondary_file_microsoft_host: 'C string',
      secondary_location: 'C string',
      secondary_queue_endpoint: 'C string',
      secondary_queue_host: 'C string',
      secondary_queue_microsoft_endpoint: 'C string',
      secondary_queue_microsoft_host: 'C string',
      secondary_table_endpoint: 'C string',
      secondary_table_host: 'C string',
      secondary_table_microsoft_endpoint: 'C string',
      secondary_table_microsoft_host: 'C string',
      secondary_web_endpoint: 'C string',
      secondary_web_host: 'C string',
      secondary_web_internet_endpoint: 'C string',
      secondary_web_internet_host: 'C string',
      secondary_web_microsoft_endpoint: 'C string',
      secondary_web_microsoft_host: 'C string',
      sftp_enabled: ['O bool', false],
      share_properties: block('list', 'OC', {
        cors_rule: block('list', 'O', {
          allowed_headers: 'R list(string)',
          allowed_methods: 'R list(string)',
          allowed_origins: 'R list(string)',
          exposed_headers: 'R list(string)',
          max_age_in_seconds: 'R number',
        }),
        retention_policy: block('list', 'O', {
          days: ['O number', 7],
        }),
        smb: block('list', 'O', {
          authentication_types: 'O set(string)',
          channel_encryption_type: 'O set(string)',
          kerberos_ticket_encryption_type: 'O set(string)',
          multichannel_enabled: ['O bool', false],
          versions: 'O set(string)',
        }),
      }),
      shared_access_key_enabled: ['O bool', true],
      static_website: block('list', 'OC', {
        error_404_document: 'O string',
        index_document: 'O string',
      }), // deprecated
      table_encryption_key_type: ['O string', 'Service'],
      tags: 'O map(string)',
    },
  },
  // internal/services/network/network_security_group_resource.go (resourceNetworkSecurityGroup)
  azurerm_network_security_group: {
    schemaVersion: 0,
    attrs: {
      location: 'R string',
      name: 'R string',
      resource_group_name: 'R string',
      security_rule: attrBlock('set', 'OC', {
        access: 'R string',
        description: 'O string',
        destination_address_prefix: 'O string',
        destination_address_prefixes: 'O set(string)',
        destination_application_security_group_ids: 'O set(string)',
        destination_port_range: 'O string',
        destination_port_ranges: 'O set(string)',
        direction: 'R string',
        name: 'R string',
        priority: 'R number',
        protocol: 'R string',
        source_address_prefix: 'O string',
        source_address_prefixes: 'O set(string)',
        source_application_security_group_ids: 'O set(string)',
        source_port_range: 'O string',
        source_port_ranges: 'O set(string)',
      }),
      tags: 'O map(string)',
    },
  },
  // internal/services/network/network_security_rule_resource.go (resourceNetworkSecurityRule)
  azurerm_network_security_rule: {
    schemaVersion: 0,
    attrs: {
      access: 'R string',
      description: 'O string',
      destination_address_prefix: 'O string',
      destination_address_prefixes: 'O set(string)',
      destination_application_security_group_ids: 'O set(string)',
      destination_port_range: 'O string',
      destination_port_ranges: 'O set(string)',
      direction: 'R string',
      name: 'R string',
      network_security_group_name: 'R string',
      priority: 'R number',
      protocol: 'R string',
      resource_group_name: 'R string',
      source_address_prefix: 'O string',
      source_address_prefixes: 'O set(string)',
      source_application_security_group_ids: 'O set(string)',
      source_port_range: 'O string',
      source_port_ranges: 'O set(string)',
    },
  },
  // internal/services/network/virtual_network_resource.go (resourceVirtualNetworkSchema)
  azurerm_virtual_network: {
    schemaVersion: 0,
    attrs: {
      address_space: 'O set(string)',
      bgp_community: 'O string',
      ddos_protection_plan: block('list', 'O', {
        enable: 'R bool',
        id: 'R string',
      }),
      dns_servers: 'OC list(string)',
      edge_zone: 'O string',
      encryption: block('list', 'O', {
        enforcement: 'R string',
      }),
      flow_timeout_in_minutes: 'O number',
      guid: 'C string',
      ip_address_pool: block('list', 'O', {
        allocated_ip_address_prefixes: 'C list(string)',
        id: 'R string',
        number_of_ip_addresses: 'R string',
      }),
      location: 'R string',
      name: 'R string',
      private_endpoint_vnet_policies: ['O string', 'Disabled'],
      resource_group_name: 'R string',
      subnet: attrBlock('set', 'OC', {
        address_prefixes: 'R list(string)',
        default_outbound_access_enabled: ['O bool', true],
        delegation: attrBlock('list', 'O', {
          name: 'R string',
          service_delegation: attrBlock('list', 'R', {
            actions: 'O set(string)',
            name: 'R string',
          }),
        }),
        id: 'C string',
        name: 'R string',
        private_endpoint_network_policies: ['O string', 'Disabled'],
        private_link_service_network_policies_enabled: ['O bool', true],
        route_table_id: 'O string',
        security_group: 'O string',
        service_endpoint_policy_ids: 'O set(string)',
        service_endpoints: 'O set(string)',
      }),
      tags: 'O map(string)',
    },
  },
  // internal/services/network/subnet_resource.go (resourceSubnet)
  azurerm_subnet: {
    schemaVersion: 0,
    attrs: {
      address_prefixes: 'O list(string)',
      default_outbound_access_enabled: ['O bool', true],
      delegation: block('list', 'O', {
        name: 'R string',
        service_delegation: block('list', 'R', {
          actions: 'O set(string)',
          name: 'R string',
        }),
      }),
      ip_address_pool: block('list', 'O', {
        allocated_ip_address_prefixes: 'C list(string)',
        id: 'R string',
        number_of_ip_addresses: 'R string',
      }),
      name: 'R string',
      private_endpoint_network_policies: ['O string', 'Disabled'],
      private_link_service_network_policies_enabled: ['O bool', true],
      resource_group_name: 'R string',
      service_endpoint_policy_ids: 'O set(string)',
      service_endpoints: 'O set(string)',
      sharing_scope: 'O string',
      virtual_network_name: 'R string',
    },
  },
  // internal/services/network/subnet_network_security_group_association_resource.go
  // (resourceSubnetNetworkSecurityGroupAssociation)
  azurerm_subnet_network_security_group_association: {
    schemaVersion: 0,
    attrs: {
      network_security_group_id: 'R string',
      subnet_id: 'R string',
    },
  },
  // internal/services/network/network_interface_resource.go (resourceNetworkInterface)
  azurerm_network_interface: {
    schemaVersion: 0,
    attrs: {
      accelerated_networking_enabled: ['O bool', false],
      applied_dns_servers: 'C list(string)',
      auxiliary_mode: 'O string',
      auxiliary_sku: 'O string',
      dns_servers: 'O list(string)',
      edge_zone: 'O string',
      internal_dns_name_label: 'O string',
      internal_domain_name_suffix: 'C string',
      ip_configuration: block('list', 'R', {
        gateway_load_balancer_frontend_ip_configuration_id: 'OC string',
        name: 'R string',
        primary: 'OC bool',
        private_ip_address: 'OC string',
        private_ip_address_allocation: 'R string',
        private_ip_address_version: ['O string', 'IPv4'],
        public_ip_address_id: 'O string',
        subnet_id: 'O string',
      }),
      ip_forwarding_enabled: ['O bool', false],
      location: 'R string',
      mac_address: 'C string',
      name: 'R string',
      private_ip_address: 'C string',
      private_ip_addresses: 'C list(string)',
      resource_group_name: 'R string',
      tags: 'O map(string)',
      virtual_machine_id: 'C string',
    },
  },
  // internal/services/compute/linux_virtual_machine_resource.go (resourceLinuxVirtualMachine;
  // vm_agent_platform_updates_enabled becomes Optional+Computed under !features.FivePointOh()),
  // compute/virtual_machine.go (virtualMachineOSDiskSchema, virtualMachineAdditionalCapabilitiesSchema,
  // VirtualMachineGalleryApplicationSchema, virtualMachineOsImageNotificationSchema,
  // virtualMachineTerminationNotificationSchema), compute/shared_schema.go (bootDiagnosticsSchema, linuxSecretSchema,
  // planSchema, sourceImageReferenceSchemaVM), compute/ssh_keys.go (SSHKeysSchemaVM), commonschema
  // identity_system_user.go
  azurerm_linux_virtual_machine: {
    schemaVersion: 0,
    attrs: {
      additional_capabilities: block('list', 'O', {
        hibernation_enabled: ['O bool', false],
        ultra_ssd_enabled: ['O bool', false],
      }),
      admin_password: 'O string sensitive',
      admin_ssh_key: block('set', 'O', {
        public_key: 'R string',
        username: 'R string',
      }),
      admin_username: 'O string',
      allow_extension_operations: 'OC bool',
      availability_set_id: 'O string',
      boot_diagnostics: block('list', 'O', {
        storage_account_uri: 'O string',
      }),
      bypass_platform_safety_checks_on_user_schedule_enabled: ['O bool', false],
      capacity_reservation_group_id: 'O string',
      computer_name: 'OC string',
      custom_data: 'O string sensitive',
      dedicated_host_group_id: 'O string',
      dedicated_host_id: 'O string',
      disable_password_authentication: 'OC bool',
      disk_controller_type: 'OC string',
      edge_zone: 'O string',
      encryption_at_host_enabled: 'O bool',
      eviction_policy: 'O string',
      extensions_time_budget: ['O string', 'PT1H30M'],
      gallery_application: block('list', 'O', {
        automatic_upgrade_enabled: ['O bool', false],
        configuration_blob_uri: 'O string',
        order: ['O number', 0],
        tag: 'O string',
        treat_failure_as_deployment_failure_enabled: ['O bool', false],
        version_id: 'R string',
      }),
      identity: block('list', 'O', {
        identity_ids: 'O set(string)',
        principal_id: 'C string',
        tenant_id: 'C string',
        type: 'R string',
      }),
      license_type: 'O string',
      location: 'R string',
      max_bid_price: ['O number', -1],
      name: 'R string',
      network_interface_ids: 'R list(string)',
      os_disk: block('list', 'R', {
        caching: 'R string',
        diff_disk_settings: block('list', 'O', {
          option: 'R string',
          placement: ['O string', 'CacheDisk'],
        }),
        disk_encryption_set_id: 'O string',
        disk_size_gb: 'OC number',
        id: 'C string',
        name: 'OC string',
        secure_vm_disk_encryption_set_id: 'O string',
        security_encryption_type: 'O string',
        storage_account_type: 'OC string',
        write_accelerator_enabled: ['O bool', false],
      }),
      os_image_notification: block('list', 'O', {
        timeout: ['O string', 'PT15M'],
      }),
      os_managed_disk_id: 'OC string',
      patch_assessment_mode: 'OC string',
      patch_mode: 'OC string',
      plan: block('list', 'O', {
        name: 'R string',
        product: 'R string',
        publisher: 'R string',
      }),
      platform_fault_domain: ['O number', -1],
      priority: ['O string', 'Regular'],
      private_ip_address: 'C string',
      private_ip_addresses: 'C list(string)',
      provision_vm_agent: 'OC bool',
      proximity_placement_group_id: 'O string',
      public_ip_address: 'C string',
      public_ip_addresses: 'C list(string)',
      reboot_setting: 'O string',
      resource_group_name: 'R string',
      secret: block('list', 'O', {
        certificate: block('set', 'R', {
          url: 'R string',
        }),
        key_vault_id: 'R string',
      }),
      secure_boot_enabled: 'O bool',
      size: 'R string',
      source_image_id: 'O string',
      source_image_reference: block('list', 'O', {
        offer: 'R string',
        publisher: 'R string',
        sku: 'R string',
        version: 'R string',
      }),
      tags: 'O map(string)',
      termination_notification: block('list', 'OC', {
        enabled: 'R bool',
        timeout: ['O string', 'PT5M'],
      }),
      user_data: 'O string',
      virtual_machine_id: 'C string',
      virtual_machine_scale_set_id: 'O string',
      vm_agent_platform_updates_enabled: 'OC bool', // deprecated
      vtpm_enabled: 'O bool',
      zone: 'O string',
    },
  },
  // internal/services/keyvault/key_vault_resource.go (resourceKeyVault; rbac_authorization_enabled,
  // enable_rbac_authorization and contact as redefined under !features.FivePointOh()), keyvault/access_policy_schema.go
  // (schema*Permissions)
  azurerm_key_vault: {
    schemaVersion: 2,
    attrs: {
      access_policy: attrBlock('list', 'OC', {
        application_id: 'O string',
        certificate_permissions: 'O list(string)',
        key_permissions: 'O list(string)',
        object_id: 'R string',
        secret_permissions: 'O list(string)',
        storage_permissions: 'O list(string)',
        tenant_id: 'R string',
      }),
      contact: block('set', 'OC', {
        email: 'R string',
        name: 'O string',
        phone: 'O string',
      }), // deprecated
      enable_rbac_authorization: 'OC bool', // deprecated
      enabled_for_deployment: 'O bool',
      enabled_for_disk_encryption: 'O bool',
      enabled_for_template_deployment: 'O bool',
      location: 'R string',
      name: 'R string',
      network_acls: block('list', 'OC', {
        bypass: 'R string',
        default_action: 'R string',
        ip_rules: 'O set(string)',
        virtual_network_subnet_ids: 'O set(string)',
      }),
      public_network_access_enabled: ['O bool', true],
      purge_protection_enabled: 'O bool',
      rbac_authorization_enabled: 'OC bool',
      resource_group_name: 'R string',
      sku_name: 'R string',
      soft_delete_retention_days: ['O number', 90],
      tags: 'O map(string)',
      tenant_id: 'R string',
      vault_uri: 'C string',
    },
  },
  // internal/services/containers/container_registry_resource.go (resourceContainerRegistry; `encryption` is made
  // Computed under !features.FivePointOh()), commonschema identity_system_user.go, location.go (LocationWithoutForceNew)
  azurerm_container_registry: {
    schemaVersion: 2,
    attrs: {
      admin_enabled: ['O bool', false],
      admin_password: 'C string sensitive',
      admin_username: 'C string',
      anonymous_pull_enabled: 'O bool',
      data_endpoint_enabled: 'O bool',
      data_endpoint_host_names: 'C set(string)',
      encryption: attrBlock('list', 'OC', {
        identity_client_id: 'R string',
        key_vault_key_id: 'R string',
      }),
      export_policy_enabled: ['O bool', true],
      georeplications: block('list', 'O', {
        location: 'R string',
        regional_endpoint_enabled: 'O bool',
        tags: 'O map(string)',
        zone_redundancy_enabled: ['O bool', false],
      }),
      identity: block('list', 'O', {
        identity_ids: 'O set(string)',
        principal_id: 'C string',
        tenant_id: 'C string',
        type: 'R string',
      }),
      location: 'R string',
      login_server: 'C string',
      name: 'R string',
      network_rule_bypass_option: ['O string', 'AzureServices'],
      network_rule_set: attrBlock('list', 'OC', {
        default_action: ['O string', 'Allow'],
        ip_rule: attrBlock('set', 'OC', {
          action: 'R string',
          ip_range: 'R string',
        }),
      }),
      public_network_access_enabled: ['O bool', true],
      quarantine_policy_enabled: 'O bool',
      resource_group_name: 'R string',
      retention_policy_in_days: 'O number',
      sku: 'R string',
      tags: 'O map(string)',
      trust_policy_enabled: ['O bool', false],
      zone_redundancy_enabled: ['O bool', false],
    },
  },
  // internal/services/monitor/monitor_diagnostic_setting_resource.go (resourceMonitorDiagnosticSetting; under
  // !features.FivePointOh() `enabled_metric` is made Computed and the deprecated `metric` block is added)
  azurerm_monitor_diagnostic_setting: {
    schemaVersion: 0,
    attrs: {
      enabled_log: block('set', 'O', {
        category: 'O string',
        category_group: 'O string',
        retention_policy: block('list', 'O', {
          days: 'O number',
          enabled: 'R bool',
        }), // deprecated
      }),
      enabled_metric: block('set', 'OC', {
        category: 'R string',
      }),
      eventhub_authorization_rule_id: 'O string',
      eventhub_name: 'O string',
      log_analytics_destination_type: 'OC string',
      log_analytics_workspace_id: 'O string',
      metric: block('set', 'OC', {
        category: 'R string',
        enabled: ['O bool', true],
        retention_policy: block('list', 'O', {
          days: 'O number',
          enabled: 'R bool',
        }), // deprecated
      }), // deprecated
      name: 'R string',
      partner_solution_id: 'O string',
      storage_account_id: 'O string',
      target_resource_id: 'R string',
    },
  },
};

/**
 * Data sources the generated configuration reads during apply (their reads wait for a managed resource: see
 * preflight-plan.ts). authorization/client_config_data_source.go (dataSourceArmClientConfig),
 * loganalytics/log_analytics_workspace_data_source.go (dataSourceLogAnalyticsWorkspace).
 */
export const DATA_SOURCE_SCHEMAS: Readonly<Record<string, TypeSchema>> = {
  azurerm_client_config: {
    schemaVersion: 0,
    attrs: {
      client_id: 'C string',
      object_id: 'C string',
      subscription_id: 'C string',
      tenant_id: 'C string',
    },
  },
  azurerm_log_analytics_workspace: {
    schemaVersion: 0,
    attrs: {
      daily_quota_gb: 'C number',
      location: 'C string',
      name: 'R string',
      primary_shared_key: 'C string sensitive',
      resource_group_name: 'R string',
      retention_in_days: 'C number',
      secondary_shared_key: 'C string sensitive',
      sku: 'C string',
      tags: 'C map(string)',
      workspace_id: 'C string',
    },
  },
};
