import { LIMITS, readConfiguration, readTerraformJson, TfRef, UNKNOWN, isUnknown } from '../../lib/preflight';
import { Budget, evaluate, parseTemplate } from '../../lib/preflight/expressions';
import { jsonResourceLines } from '../../lib/preflight/config';
import { one, plain, translateJson } from './helpers';

const scope = (vars: Record<string, unknown> = {}) => ({
  budget: new Budget(),
  traverse: (root: string, steps: readonly { k: string; name?: string }[]) => (root === 'var' && steps[0]?.name && steps[0].name in vars ? (vars[steps[0].name] as never) : UNKNOWN),
});
const ev = (text: string, vars: Record<string, unknown> = {}) => evaluate(parseTemplate(text), scope(vars) as never);

describe('Terraform templates and expressions', () => {
  it('keeps plain strings and unescapes $${ and %%{', () => {
    expect(ev('plain')).toBe('plain');
    expect(ev('$${not.a.ref} and %%{ if }')).toBe('${not.a.ref} and %{ if }');
  });

  it('a template that is one interpolation has the value of its expression, of any type', () => {
    expect(ev('${var.n}', { n: 3 })).toBe(3);
    expect(ev('${var.l}', { l: ['a'] })).toEqual(['a']);
    expect(ev('x-${var.n}-${var.b}', { n: 3, b: true })).toBe('x-3-true');
  });

  it('evaluates literals, operators, conditionals and the listed functions', () => {
    expect(ev('${1 + 2 * 3}')).toBe(7);
    expect(ev('${"a" == "a" && !false}')).toBe(true);
    expect(ev('${var.on ? "Enabled" : "Disabled"}', { on: false })).toBe('Disabled');
    expect(ev('${upper(lower("AbC"))}')).toBe('ABC');
    expect(ev('${join(",", ["a", "b"])}')).toBe('a,b');
    expect(ev('${lookup({a = 1}, "b", 2)}')).toBe(2);
    expect(ev('${jsonencode({b = 1, a = [true]})}')).toBe('{"a":[true],"b":1}');
    expect(ev('${format("%s-%03d", "vm", 7)}')).toBe('vm-007');
    expect(plain(ev('${merge({a = 1}, {b = 2})}'))).toEqual({ a: 1, b: 2 });
    expect(ev('${-5}')).toBe(-5);
  });

  it('gives UNKNOWN for unknown operands, unsupported syntax and functions it does not evaluate', () => {
    expect(isUnknown(ev('${var.missing}'))).toBe(true);
    expect(isUnknown(ev('prefix-${var.missing}'))).toBe(true);
    expect(isUnknown(ev('${upper(var.missing)}'))).toBe(true);
    expect(isUnknown(ev('${[for s in ["a"] : upper(s)]}'))).toBe(true);
    expect(isUnknown(ev('%{ if true }x%{ endif }'))).toBe(true);
    expect(isUnknown(ev('${file("x.pub")}'))).toBe(true);
    expect(isUnknown(ev('${timestamp()}'))).toBe(true);
    expect(isUnknown(ev('${var.missing ? "a" : "b"}'))).toBe(true);
  });

  it('never throws on malformed or hostile expressions', () => {
    for (const text of ['${', '${)', '${"unterminated}', '${a.}', '${1 +}', '${' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '}', '${' + '['.repeat(200) + '}', '${__proto__.polluted}', '${"\\uZZZZ"}']) {
      expect(isUnknown(ev(text))).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stops at the evaluation budget instead of hanging', () => {
    const budget = new Budget(100);
    expect(() => evaluate(parseTemplate('${' + '1+'.repeat(500) + '1}'), { budget, traverse: () => UNKNOWN })).toThrow('budget');
  });
});

describe('reference resolution (as Terraform resolves before apply)', () => {
  const config = {
    variable: { loc: { default: 'West Europe' }, nodefault: {} },
    locals: { prefix: 'app', names: ['a', 'b'] },
    provider: { azurerm: [{ features: {}, subscription_id: '11111111-1111-1111-1111-111111111111' }] },
    resource: {
      azurerm_resource_group: { rg: { name: '${local.prefix}-rg', location: '${var.loc}' } },
      azurerm_network_security_group: {
        nsg: { name: 'nsg', resource_group_name: '${azurerm_resource_group.rg.name}', location: '${azurerm_resource_group.rg.location}', tags: { owner: '${var.nodefault}' } },
      },
      azurerm_subnet: {
        s: { count: 2, name: 'snet-${count.index}', resource_group_name: '${azurerm_resource_group.rg.name}', virtual_network_name: 'vnet', address_prefixes: ['10.0.${count.index}.0/24'] },
      },
      azurerm_subnet_network_security_group_association: {
        a: { subnet_id: '${azurerm_subnet.s[1].id}', network_security_group_id: '${azurerm_network_security_group.nsg.id}' },
      },
      azurerm_public_ip: { p: { for_each: '${toset(local.names)}', name: 'pip-${each.key}', resource_group_name: 'rg', location: 'westeurope', allocation_method: 'Static' } },
    },
  };

  it('resolves references to literal arguments, variables with defaults and locals', () => {
    const r = translateJson(config);
    const nsg = one(r, 'azurerm_network_security_group.nsg').resource;
    expect(nsg.location).toBe('westeurope'); // "West Europe" normalised
    expect(nsg.id).toBe('/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/app-rg/providers/Microsoft.Network/networkSecurityGroups/nsg');
    expect(isUnknown((nsg.tags as Record<string, unknown>).owner)).toBe(true); // variable without default
  });

  it('expands count and for_each into addressed instances', () => {
    const r = translateJson(config);
    expect(one(r, 'azurerm_subnet.s[0]').resource.name).toBe('snet-0');
    expect((one(r, 'azurerm_subnet.s[1]').resource.properties as Record<string, unknown>).addressPrefix).toBe('10.0.1.0/24');
    expect(one(r, 'azurerm_public_ip.p["b"]').resource.name).toBe('pip-b');
  });

  it('a reference to a computed attribute is Unknown but present, and links the association to its subnet', () => {
    const input = readTerraformJson(config);
    const assoc = input.instances.find((i) => i.address === 'azurerm_subnet_network_security_group_association.a')!;
    expect(assoc.values.subnet_id).toBeInstanceOf(TfRef);
    expect((assoc.values.subnet_id as TfRef).address).toBe('azurerm_subnet.s[1]');
    const r = translateJson(config);
    const subnet = one(r, 'azurerm_subnet.s[1]').resource.properties as Record<string, Record<string, unknown>>;
    expect(isUnknown(subnet.networkSecurityGroup.id)).toBe(true);
    expect((one(r, 'azurerm_subnet.s[0]').resource.properties as Record<string, unknown>).networkSecurityGroup).toBeUndefined();
  });

  it('converts values to the schema type as Terraform does', () => {
    const r = translateJson({
      resource: {
        azurerm_public_ip: { p: { name: 'p', resource_group_name: 'rg', location: 'westeurope', allocation_method: 'Static', idle_timeout_in_minutes: '10', sku: 1 } },
        azurerm_storage_account: { s: { name: 's', resource_group_name: 'rg', location: 'westeurope', account_tier: 'Standard', account_replication_type: 'LRS', https_traffic_only_enabled: 'false' } },
      },
    });
    const pip = one(r, 'azurerm_public_ip.p').resource as Record<string, Record<string, unknown>>;
    expect(pip.properties.idleTimeoutInMinutes).toBe(10);
    expect(pip.sku.name).toBe('1');
    expect((one(r, 'azurerm_storage_account.s').resource.properties as Record<string, unknown>).supportsHttpsTrafficOnly).toBe(false);
  });

  it('translates with a note when a required argument is missing or an argument is unknown to the table', () => {
    const r = translateJson({ resource: { azurerm_network_security_rule: { r: { name: 'r', resource_group_name: 'rg', network_security_group_name: 'nsg', priority: 100, direction: 'Inbound', protocol: 'Tcp', enable_magic: true } } } });
    const rule = one(r, 'azurerm_network_security_rule.r').resource.properties as Record<string, unknown>;
    expect(rule.access).toBeUndefined();
    const notes = r.notes.filter((n) => n.address === 'azurerm_network_security_rule.r').map((n) => n.message).join('\n');
    expect(notes).toMatch(/required argument access is not set/);
    expect(notes).toMatch(/enable_magic not mapped/);
  });

  it('reads nested blocks given as single objects or as arrays, and dynamic blocks with a known for_each', () => {
    const base = { name: 'n', resource_group_name: 'rg', location: 'westeurope' };
    const rule = { name: 'r1', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', destination_port_range: '22', source_address_prefix: '*' };
    for (const security_rule of [rule, [rule]]) {
      const r = translateJson({ resource: { azurerm_network_security_group: { n: { ...base, security_rule } } } });
      expect(plain((one(r, 'azurerm_network_security_group.n', 'Microsoft.Network/networkSecurityGroups').resource.properties as Record<string, unknown[]>).securityRules)).toHaveLength(1);
    }
    const dyn = translateJson({
      locals: { ports: ['22', '3389'] },
      resource: { azurerm_network_security_group: { n: { ...base, dynamic: { security_rule: { for_each: '${local.ports}', content: { ...rule, name: 'p${security_rule.value}', destination_port_range: '${security_rule.value}' } } } } } },
    });
    const rules = (one(dyn, 'azurerm_network_security_group.n', 'Microsoft.Network/networkSecurityGroups').resource.properties as Record<string, Record<string, Record<string, unknown>>[]>).securityRules;
    expect(rules.map((x) => x.properties.destinationPortRange)).toEqual(['22', '3389']);
    const unknownDyn = translateJson({ resource: { azurerm_network_security_group: { n: { ...base, dynamic: { security_rule: { for_each: '${var.rules}', content: rule } } } } } });
    expect(isUnknown((one(unknownDyn, 'azurerm_network_security_group.n', 'Microsoft.Network/networkSecurityGroups').resource.properties as Record<string, unknown>).securityRules)).toBe(true);
  });

  it('an unknown count evaluates one instance with an unknown count.index, and says so', () => {
    const r = translateJson({ resource: { azurerm_resource_group: { rg: { count: '${var.n}', name: 'rg-${count.index}', location: 'westeurope' } } } });
    const rg = one(r, 'azurerm_resource_group.rg[*]').resource;
    expect(isUnknown(rg.name)).toBe(true);
    expect(r.notes.map((n) => n.message).join('\n')).toMatch(/count is not known before apply/);
  });

  it('survives reference cycles, __proto__ keys and deep nesting', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = { a: deep };
    const r = translateJson({
      locals: { a: '${local.b}', b: '${local.a}' },
      resource: {
        azurerm_resource_group: {
          rg: { name: '${local.a}', location: 'westeurope', tags: JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "c"}') },
          other: { name: '${azurerm_resource_group.other.location}', location: '${azurerm_resource_group.other.name}', deep },
        },
      },
    });
    const rg = one(r, 'azurerm_resource_group.rg').resource;
    expect(isUnknown(rg.name)).toBe(true);
    expect(Object.keys(rg.tags as object)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(isUnknown(one(r, 'azurerm_resource_group.other').resource.name)).toBe(true);
  });

  it('reads the provider of a resource (alias) for its subscription, and a placeholder when none is configured', () => {
    const r = translateJson({
      provider: { azurerm: [{ features: {}, subscription_id: 'aaaa' }, { alias: 'hub', features: {}, subscription_id: 'bbbb' }] },
      resource: { azurerm_resource_group: { a: { name: 'a', location: 'westeurope' }, b: { provider: 'azurerm.hub', name: 'b', location: 'westeurope' } } },
    });
    expect(one(r, 'azurerm_resource_group.a').resource.id).toBe('/subscriptions/aaaa/resourceGroups/a');
    expect(one(r, 'azurerm_resource_group.b').resource.id).toBe('/subscriptions/bbbb/resourceGroups/b');
    const none = translateJson({ resource: { azurerm_resource_group: { a: { name: 'a', location: 'westeurope' } } } });
    expect(one(none, 'azurerm_resource_group.a').resource.id).toBe('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/a');
    expect(none.notes.map((n) => n.message).join('\n')).toMatch(/placeholder subscription/);
  });

  it('variables given by the caller win over defaults', () => {
    const r = translateJson({ variable: { loc: { default: 'westeurope' } }, resource: { azurerm_resource_group: { a: { name: 'a', location: '${var.loc}' } } } }, { loc: 'North Europe' });
    expect(one(r, 'azurerm_resource_group.a').resource.location).toBe('northeurope');
  });

  it('keeps the construct path of cdk.tf.json and finds resource lines in JSON text', () => {
    const text = '{\n  "resource": {\n    "azurerm_resource_group": {\n      "rg": {\n        "//": {"metadata": {"path": "stack/Rg"}},\n        "name": "a", "location": "westeurope"\n      }\n    }\n  }\n}\n';
    const input = readTerraformJson(JSON.parse(text), { file: 'cdk.tf.json', text });
    expect(input.instances[0].constructPath).toBe('stack/Rg');
    expect(input.instances[0].line).toBe(4);
    expect(jsonResourceLines('{"data": {"azurerm_x": {"d": {}}}, "resource": {"azurerm_y": {"r": {"a": {"resource": 1}}}}}').get('managed.azurerm_y.r')).toBe(1);
  });

  it('data sources resolve their literal arguments, other attributes are unknown', () => {
    const { instances } = readConfiguration([{ file: 'main.tf.json', json: {
      data: { azurerm_resource_group: { existing: { name: 'rg-existing' } } },
      resource: { azurerm_public_ip: { p: { name: 'p', resource_group_name: '${data.azurerm_resource_group.existing.name}', location: '${data.azurerm_resource_group.existing.location}', allocation_method: 'Static' } } },
    } }]);
    const p = instances.find((i) => i.type === 'azurerm_public_ip')!;
    expect(p.values.resource_group_name).toBe('rg-existing');
    expect(isUnknown(p.values.location)).toBe(true);
  });
});

describe('requests Azure Policy does not see', () => {
  it('a storage container created through the data plane (storage_account_name) is noted', () => {
    const r = translateJson({ resource: { azurerm_storage_container: { c: { name: 'c', storage_account_name: 'st', container_access_type: 'blob' } } } });
    expect((one(r, 'azurerm_storage_container.c').resource.properties as Record<string, unknown>).publicAccess).toBe('Blob');
    expect(r.notes.map((n) => n.message).join('\n')).toMatch(/blob data plane: Azure Policy does not evaluate that request/);
  });
});

describe('azapi resources', () => {
  it('azapi_resource: type, API version and body as written (azapi 2.x object or 1.x jsonencode), ids as azapi builds them', () => {
    const r = translateJson({
      resource: {
        azapi_resource: {
          rg: { type: 'Microsoft.Resources/resourceGroups@2021-04-01', parent_id: '/subscriptions/s1', name: 'rg', location: 'West Europe' },
          sa: { type: 'Microsoft.Storage/storageAccounts@2023-05-01', parent_id: '${azapi_resource.rg.id}', name: 'st1', location: 'westeurope', body: { kind: 'StorageV2', sku: { name: 'Standard_LRS' }, properties: { allowBlobPublicAccess: true, minimumTlsVersion: '${var.tls}' } } },
          c: { type: 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01', parent_id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1/blobServices/default', name: 'c', body: '${jsonencode({properties = {publicAccess = "Blob"}})}' },
          d: { type: 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01', parent_id: '${azapi_resource.sa.id}/blobServices/default', name: 'd' },
        },
        azapi_update_resource: { u: { type: 'Microsoft.Storage/storageAccounts@2023-05-01', resource_id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st2', body: { properties: { minimumTlsVersion: 'TLS1_0' } } } },
      },
    });
    const rg = one(r, 'azapi_resource.rg');
    expect(rg.resource.id).toBe('/subscriptions/s1/resourceGroups/rg');
    expect(rg.apiVersion).toBe('2021-04-01');
    expect(rg.resource.location).toBe('westeurope');
    const sa = one(r, 'azapi_resource.sa').resource as Record<string, Record<string, unknown>>;
    expect(sa.id).toBe('/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1');
    expect(sa.kind).toBe('StorageV2');
    expect(sa.properties.allowBlobPublicAccess).toBe(true);
    expect(isUnknown(sa.properties.minimumTlsVersion)).toBe(true);
    const c = one(r, 'azapi_resource.c').resource as Record<string, Record<string, unknown>>;
    expect(c.id).toBe('/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1/blobServices/default/containers/c');
    expect(c.properties.publicAccess).toBe('Blob');
    // An id composed from a reference and text is known only after apply.
    expect(isUnknown(one(r, 'azapi_resource.d').resource.id)).toBe(true);
    const u = one(r, 'azapi_update_resource.u');
    expect(u.resource).toMatchObject({ id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st2', name: 'st2', properties: { minimumTlsVersion: 'TLS1_0' } });
    expect(r.notes.map((n) => n.message).join('\n')).toMatch(/only the properties in body are evaluated/);
  });

  it('an azapi type not known before apply is not translated', () => {
    const r = translateJson({ resource: { azapi_resource: { x: { type: '${var.t}', parent_id: '/subscriptions/s1', name: 'x' } } } });
    expect(r.notTranslated).toEqual([{ address: 'azapi_resource.x', type: 'azapi_resource' }]);
  });
});

describe('nothing the configuration declares drops out silently (limits, malformed blocks)', () => {
  const rg = { name: 'rg-${count.index}', location: 'westeurope' };
  const limit = LIMITS.maxInstancesPerResource;
  const notesOf = (r: { notes: { address?: string; message: string }[] }, address: string) => r.notes.filter((n) => n.address === address).map((n) => n.message);

  it('count past the per-block limit: the first instances are evaluated, the rest listed once for the block, with one note', () => {
    const r = translateJson({ resource: { azurerm_resource_group: { rg: { ...rg, count: limit + 3 }, other: { name: 'rg-o', location: 'westeurope' } } } });
    expect(r.resources.filter((x) => x.address?.startsWith('azurerm_resource_group.rg['))).toHaveLength(limit);
    expect(r.notTranslated).toEqual([{ address: 'azurerm_resource_group.rg', type: 'azurerm_resource_group', count: 3 }]);
    expect(notesOf(r, 'azurerm_resource_group.rg')).toEqual([`azurerm_resource_group.rg: count ${limit + 3} gives ${limit + 3} instances, more than the limit of ${limit} per resource: the first ${limit} are evaluated, the other 3 are listed under notTranslated`]);
    // One note for the block, none per instance.
    expect(r.notes.filter((n) => /more than the limit/.test(n.message))).toHaveLength(1);
    expect(r.invalid).toBeUndefined();
  });

  it('for_each past the limit (a map, a set with duplicates): the distinct keys cut are counted', () => {
    const map: Record<string, string> = {};
    for (let i = 0; i < limit + 2; i++) map[`k${i}`] = `v${i}`;
    const byMap = translateJson({ variable: { m: { default: map } }, resource: { azurerm_resource_group: { rg: { for_each: '${var.m}', name: '${each.value}', location: 'westeurope' } } } });
    expect(byMap.notTranslated).toEqual([{ address: 'azurerm_resource_group.rg', type: 'azurerm_resource_group', count: 2 }]);
    expect(notesOf(byMap, 'azurerm_resource_group.rg').join('\n')).toMatch(/for_each \(a map of 10002 elements\) gives 10002 instances, more than the limit of 10000/);
    const list = Array.from({ length: limit + 5 }, (_, i) => `n${i % (limit + 1)}`); // limit + 1 distinct names
    const bySet = translateJson({ variable: { s: { default: list } }, resource: { azurerm_resource_group: { rg: { for_each: '${toset(var.s)}', name: '${each.key}', location: 'westeurope' } } } });
    expect(bySet.resources).toHaveLength(limit);
    expect(bySet.notTranslated).toEqual([{ address: 'azurerm_resource_group.rg', type: 'azurerm_resource_group', count: 1 }]);
    const atLimit = translateJson({ resource: { azurerm_resource_group: { rg: { ...rg, count: limit } } } });
    expect(atLimit.notTranslated).toEqual([]);
  });

  it('a module call past the limit is listed with the instances cut; a reference read first keeps the expansion notes', () => {
    const child = { file: 'child/main.tf.json', json: { resource: { azurerm_resource_group: { rg: { name: 'rg-x', location: 'westeurope' } } } } };
    const r = readConfiguration([{ file: 'main.tf.json', json: { module: { m: { source: './child', count: limit + 4 } } } }], { loadModule: () => ({ files: [child], dir: 'child' }) });
    expect(r.notRead).toEqual([{ address: 'module.m', type: 'module', count: 4 }]);
    expect(r.instances).toHaveLength(limit);
    expect(r.notes.filter((n) => n.address === 'module.m').map((n) => n.message).join('\n')).toMatch(/count 10004 gives 10004 instances/);
    // A reference to a resource with an unknown count, evaluated before the resource itself, does not swallow the note.
    const ref = translateJson({ resource: { azurerm_resource_group: { a: { name: '${azurerm_resource_group.z[0].location}', location: 'westeurope' }, z: { count: '${var.n}', name: 'z', location: 'westeurope' } } } });
    expect(notesOf(ref, 'azurerm_resource_group.z[*]').join('\n')).toMatch(/count is not known before apply/);
  });

  it('a dynamic block past the limit leaves the argument unknown (never a partial list) and says so once', () => {
    const base = { name: 'n', resource_group_name: 'rg', location: 'westeurope' };
    const rule = { name: 'r${security_rule.key}', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', destination_port_range: '22', source_address_prefix: '*' };
    const ports = Array.from({ length: limit + 1 }, (_, i) => String(i));
    const r = translateJson({ variable: { p: { default: ports } }, resource: { azurerm_network_security_group: { n: { ...base, dynamic: { security_rule: { for_each: '${var.p}', content: rule } } } } } });
    const nsg = one(r, 'azurerm_network_security_group.n', 'Microsoft.Network/networkSecurityGroups').resource;
    expect(isUnknown((nsg.properties as Record<string, unknown>).securityRules)).toBe(true);
    expect(notesOf(r, 'azurerm_network_security_group.n').filter((m) => /dynamic "security_rule" gives 10001 blocks, more than the limit of 10000/.test(m))).toHaveLength(1);
  });

  it('instances past the per-input limit are listed per block, not dropped', () => {
    const saved = LIMITS.maxResources;
    LIMITS.maxResources = 5;
    try {
      const r = translateJson({ resource: { azurerm_resource_group: { a: { ...rg, count: 3 }, b: { ...rg, count: 4 }, c: { name: 'c', location: 'westeurope' } } } });
      expect(r.resources.map((x) => x.address)).toEqual(['azurerm_resource_group.a[0]', 'azurerm_resource_group.a[1]', 'azurerm_resource_group.a[2]', 'azurerm_resource_group.b[0]', 'azurerm_resource_group.b[1]']);
      expect(r.notTranslated).toEqual([{ address: 'azurerm_resource_group.b', type: 'azurerm_resource_group', count: 2 }, { address: 'azurerm_resource_group.c', type: 'azurerm_resource_group' }]);
      expect(r.notes.filter((n) => /more than 5 resource instances: the other 3 are not evaluated/.test(n.message))).toHaveLength(1);
    } finally {
      LIMITS.maxResources = saved;
    }
  });

  it('malformed resource, data and module blocks are invalid input, listed with their address and type when they have one', () => {
    const ok = { name: 'rg-ok', location: 'westeurope' };
    const r = translateJson({
      '//': 'comments are not blocks',
      resource: { '//': 'a comment', azurerm_resource_group: { ok, text: 'not a body', mixed: [ok, 1] }, azurerm_storage_account: 5 },
      data: { azurerm_client_config: { c: null } },
      module: { m: 'x' },
    });
    expect(r.resources.map((x) => x.address)).toEqual(['azurerm_resource_group.ok']);
    expect(r.notTranslated).toEqual([
      { address: 'azurerm_resource_group.text', type: 'azurerm_resource_group' },
      { address: 'azurerm_resource_group.mixed', type: 'azurerm_resource_group' },
      { address: 'module.m', type: 'module' },
    ]);
    expect(r.invalid).toEqual([
      { file: 'main.tf.json', address: 'azurerm_resource_group.text', type: 'azurerm_resource_group', reason: 'the body of azurerm_resource_group.text is a string; Terraform expects an object of arguments: it is not evaluated' },
      { file: 'main.tf.json', address: 'azurerm_resource_group.mixed', type: 'azurerm_resource_group', reason: 'the body of azurerm_resource_group.mixed is an array holding a number; Terraform expects an object of arguments: it is not evaluated' },
      { file: 'main.tf.json', type: 'azurerm_storage_account', reason: 'azurerm_storage_account is a number; Terraform expects an object {"<name>": {<arguments>}}: the azurerm_storage_account resources in it are not evaluated' },
      { file: 'main.tf.json', address: 'data.azurerm_client_config.c', type: 'azurerm_client_config', reason: 'the body of data.azurerm_client_config.c is null; Terraform expects an object of arguments: it is not evaluated' },
      { file: 'main.tf.json', address: 'module.m', type: 'module', reason: 'module.m is a string; Terraform expects an object with "source": the module is not read' },
    ]);
    const top = translateJson({ resource: 'x', provider: { azurerm: {} } });
    expect(top.invalid).toEqual([{ file: 'main.tf.json', reason: '"resource" is a string; Terraform expects an object {"<type>": {"<name>": {<arguments>}}}: the resources in it are not evaluated' }]);
    const file = readConfiguration([{ file: 'a.tf.json', json: [1] }]);
    expect(file.invalid).toEqual([{ file: 'a.tf.json', reason: 'the file holds an array holding a number, not a Terraform JSON configuration (Terraform expects an object with "resource", "module", ...): nothing in it is evaluated' }]);
  });

  it('a malformed block of a child module carries the module address, once per module instance', () => {
    const child = { file: 'child/main.tf.json', json: { resource: { azurerm_resource_group: { bad: 'x' } } } };
    const r = readConfiguration([{ file: 'main.tf.json', json: { module: { m: { source: './child', for_each: { a: 1, b: 2 } } } } }], { loadModule: () => ({ files: [child], dir: 'child' }) });
    expect(r.notRead).toEqual([{ address: 'module.m["a"].azurerm_resource_group.bad', type: 'azurerm_resource_group' }, { address: 'module.m["b"].azurerm_resource_group.bad', type: 'azurerm_resource_group' }]);
    expect(r.invalid.map((i) => [i.file, i.address])).toEqual([['child/main.tf.json', 'module.m["a"].azurerm_resource_group.bad'], ['child/main.tf.json', 'module.m["b"].azurerm_resource_group.bad']]);
  });

  it('a for_each set with an element that is not a string is invalid (Terraform rejects it)', () => {
    const r = translateJson({ variable: { s: { default: ['a', { x: 1 }] } }, resource: { azurerm_resource_group: { rg: { for_each: '${var.s}', name: '${each.key}', location: 'westeurope' } } } });
    expect(r.invalid).toEqual([{ file: 'main.tf.json', address: 'azurerm_resource_group.rg', type: 'azurerm_resource_group', reason: 'azurerm_resource_group.rg: for_each holds an object; Terraform accepts a map or a set of strings (it rejects this configuration)' }]);
    expect(r.notTranslated).toEqual([{ address: 'azurerm_resource_group.rg', type: 'azurerm_resource_group' }]);
  });
});

describe('template deployments: what is not expanded is listed with the deployment\'s Terraform type', () => {
  const deployment = (template: unknown) => translateJson({ resource: { azurerm_resource_group_template_deployment: { t: { name: 'd', resource_group_name: 'rg', deployment_mode: 'Incremental', template_content: JSON.stringify(template) } } } });
  const sa = (name: string) => ({ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name, location: 'westeurope', kind: 'StorageV2', sku: { name: 'Standard_LRS' } });
  const TYPE = 'azurerm_resource_group_template_deployment';

  it('nested deployments: one entry per ARM type with the count, the ARM type in armType', () => {
    const nested = { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'n1', properties: { mode: 'Incremental', template: {} } };
    const r = deployment({ resources: [nested, { ...nested, name: 'n2' }, sa('sta')] });
    expect(r.resources.map((x) => x.resource.type)).toEqual(['Microsoft.Storage/storageAccounts']);
    expect(r.notTranslated).toEqual([{ address: 'azurerm_resource_group_template_deployment.t', type: TYPE, count: 2, armType: 'Microsoft.Resources/deployments' }]);
  });

  it('a resource whose type is not known before apply has no armType; a resource that is not an object is listed', () => {
    const r = deployment({ parameters: { t: { type: 'string' } }, resources: [{ type: "[parameters('t')]", apiVersion: '2023-05-01', name: 'x' }, 'not a resource'] });
    expect(r.notTranslated).toEqual([{ address: 'azurerm_resource_group_template_deployment.t', type: TYPE, count: 2 }]);
  });

  it('resources past the template limit (a copy loop) are listed with their count, not dropped', () => {
    const max = LIMITS.maxTemplateResources;
    const r = deployment({ resources: [{ ...sa("[concat('st', copyIndex())]"), copy: { name: 'c', count: max + 7 } }, sa('stlast')] });
    expect(r.resources).toHaveLength(max);
    expect(r.notTranslated).toEqual([{ address: 'azurerm_resource_group_template_deployment.t', type: TYPE, count: 8, armType: 'Microsoft.Storage/storageAccounts' }]);
  });
});
