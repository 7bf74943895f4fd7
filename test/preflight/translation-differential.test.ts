/**
 * The translation's output does not change when its implementation does: for the generated bench plan (300
 * resources, with and without its configuration section), the CLI fixtures (plan, configuration, module, cdktf.out,
 * HCL) and every documentation example, the result (resources with their metadata, notes, not translated, counts) is
 * the one recorded in fixtures/translation-reference.json, written from the translation before its tables were
 * compiled (see differential.ts). Key order counts too (reports print the resources as built).
 *
 * The reference holds the bench plan's compact shape. The same plan in the shape `terraform show -json` really writes
 * (bench/preflight-plan-full.ts: every schema attribute, nulls, schema defaults, unknown computed attributes,
 * after_sensitive, planned_values, entries sorted by address) must translate to the same ARM resources and give the
 * same MCSB verdicts: a difference is either a generator error or the translator mishandling a real plan (a null taken
 * for a value, a default not applied, an unknown nested block).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { generatePlan } from '../../bench/preflight-plan';
import { RESOURCE_SCHEMAS } from '../../bench/preflight-plan-schemas';
import { buildAssessPlan, runAssessmentSync } from '../../lib/assess';
import { builtinCatalog, bundledAliases } from '../../lib/policy-engine';
import { TranslationResult, readTerraformJson, translate } from '../../lib/preflight';
import { PLAN_RESOURCES, PLAN_SEED, REFERENCE_FILE, canonical, inputNames, translateInput } from './differential';

const reference = JSON.parse(fs.readFileSync(REFERENCE_FILE, 'utf8')) as Record<string, unknown>;

describe('translation output equals the recorded reference', () => {
  it('has a reference for every input and no other', () => {
    expect(Object.keys(reference).sort()).toEqual(inputNames().sort());
  });

  it.each(inputNames())('%s', async (name) => {
    const actual = canonical(await translateInput(name));
    expect(actual).toEqual(reference[name]);
    expect(JSON.stringify(actual)).toBe(JSON.stringify(reference[name]));
  });
});

type Json = Record<string, unknown>;

function translatePlan(plan: unknown): TranslationResult {
  return translate(readTerraformJson(JSON.parse(JSON.stringify(plan)), { file: 'plan.json' }));
}

/**
 * The differences between two translations of the same resources given in any order: resources by address, ARM type
 * and id (all but `index`, the position in the input, compared as JSON, key order included), every other member as a
 * multiset of its entries.
 */
function translationDifferences(a: TranslationResult, b: TranslationResult): string[] {
  const ca = canonical(a) as Json;
  const cb = canonical(b) as Json;
  const out: string[] = [];
  const byKey = (c: Json): Map<string, string> => {
    const m = new Map<string, string>();
    for (const r of c.resources as Json[]) {
      const { index: _index, ...rest } = r;
      const res = r.resource as Json;
      const key = `${String(r.address)} ${String(res.type)} ${JSON.stringify(res.id)}`;
      if (m.has(key)) out.push(`twice: ${key}`);
      m.set(key, JSON.stringify(rest));
    }
    return m;
  };
  const ma = byKey(ca);
  const mb = byKey(cb);
  for (const [k, v] of ma) {
    const w = mb.get(k);
    if (w === undefined) out.push(`only in the first: ${k}`);
    else if (v !== w) out.push(`${k}:\n  ${v}\n  ${w}`);
  }
  for (const k of mb.keys()) if (!ma.has(k)) out.push(`only in the second: ${k}`);
  const entries = (x: unknown): string[] => (Array.isArray(x) ? x.map((e) => JSON.stringify(e)).sort() : [JSON.stringify(x)]);
  for (const f of new Set([...Object.keys(ca), ...Object.keys(cb)])) {
    if (f !== 'resources' && JSON.stringify(entries(ca[f])) !== JSON.stringify(entries(cb[f]))) out.push(`${f}: ${JSON.stringify(ca[f])} != ${JSON.stringify(cb[f])}`);
  }
  return out;
}

function change(plan: unknown, address: string): Json {
  const c = ((plan as Json).resource_changes as Json[]).find((r) => r.address === address);
  if (!c) throw new Error(`${address}: not in the plan`);
  return c.change as Json;
}

describe('the bench plan in the full terraform show -json shape', () => {
  const compact = generatePlan(PLAN_RESOURCES, PLAN_SEED, { compact: true });
  const full = generatePlan(PLAN_RESOURCES, PLAN_SEED) as Json;
  const compactTranslation = translatePlan(compact);
  const fullTranslation = translatePlan(full);

  it('leaves the compact shape byte for byte as it was', () => {
    const text = JSON.stringify(compact);
    expect(text.length).toBe(280215);
    expect(createHash('sha256').update(text).digest('hex')).toBe('bd235a4273200eb7a947e00e8f87188915804fca10a191a11c853db20733b8ce');
  });

  it('has the sections and entries terraform show -json writes, sorted by address', () => {
    expect(Object.keys(full)).toEqual(['format_version', 'terraform_version', 'planned_values', 'resource_changes', 'configuration', 'relevant_attributes', 'timestamp', 'applyable', 'complete', 'errored']);
    const changes = full.resource_changes as Json[];
    const addresses = changes.map((c) => c.address as string);
    expect(addresses).toEqual([...addresses].sort());
    expect(((full.planned_values as Json).root_module as Json).resources as Json[]).toHaveLength(changes.length);
    expect((((full.planned_values as Json).root_module as Json).resources as Json[]).map((r) => r.address)).toEqual(addresses);
    expect((((full.configuration as Json).root_module as Json).resources as Json[]).map((r) => r.address)).toEqual(addresses);
    const managed = changes.filter((c) => c.mode === 'managed');
    expect(managed).toHaveLength(PLAN_RESOURCES);
    // Two data sources whose reads wait for apply: the key vaults' tenant_id, the diagnostic settings' workspace.
    expect(changes.filter((c) => c.mode === 'data').map((c) => [c.address, (c.change as Json).actions, c.action_reason])).toEqual([
      ['data.azurerm_client_config.current', ['read'], 'read_because_dependency_pending'],
      ['data.azurerm_log_analytics_workspace.central', ['read'], 'read_because_dependency_pending'],
    ]);
    for (const c of managed) {
      const ch = c.change as Json;
      expect(Object.keys(ch)).toEqual(['actions', 'before', 'after', 'after_unknown', 'before_sensitive', 'after_sensitive']);
      expect(ch.before_sensitive).toBe(false);
      // Every attribute of the schema is planned: known in `after` or unknown in `after_unknown`.
      const after = ch.after as Json;
      const unknown = Object.keys(ch.after_unknown as Json).filter((k) => (ch.after_unknown as Json)[k] === true);
      const expected = [...Object.keys(RESOURCE_SCHEMAS[c.type as string].attrs), 'id', 'timeouts'].sort();
      expect([...Object.keys(after), ...unknown].sort()).toEqual(expected);
      expect(Object.keys(after).filter((k) => unknown.includes(k))).toEqual([]);
    }
  });

  it('plans what azurerm v4.55.0 plans for arguments the configuration does not set', () => {
    const sa = change(full, 'azurerm_storage_account.sa0');
    // Defaults (storage_account_resource.go), Optional + Computed unknown, Sensitive even when unknown, null.
    expect(sa.after).toMatchObject({ cross_tenant_replication_enabled: false, dns_endpoint_type: 'Standard', local_user_enabled: true, allowed_copy_scope: null, azure_files_authentication: [], timeouts: null });
    expect(sa.after).not.toHaveProperty('access_tier');
    expect(sa.after_unknown).toMatchObject({ access_tier: true, blob_properties: true, primary_blob_endpoint: true, id: true, network_rules: [{ bypass: [false], virtual_network_subnet_ids: true }] });
    expect(sa.after_sensitive).toMatchObject({ primary_access_key: true, blob_properties: [], tags: {} });
    const vm = change(full, 'azurerm_linux_virtual_machine.vm0');
    expect(vm.after).toMatchObject({ admin_password: null, extensions_time_budget: 'PT1H30M', max_bid_price: -1, priority: 'Regular', os_disk: [{ write_accelerator_enabled: false, diff_disk_settings: [], disk_encryption_set_id: null }] });
    expect(vm.after_sensitive).toMatchObject({ admin_password: true, custom_data: true, network_interface_ids: [] });
    expect(vm.after_unknown).toMatchObject({ network_interface_ids: true, provision_vm_agent: true, os_disk: [{ disk_size_gb: true, name: true, id: true }] });
    // A set-nested block: an unset Optional string is "" (SDKv2 writes every field of a set element).
    expect(change(full, 'azurerm_monitor_diagnostic_setting.d0').after).toMatchObject({ enabled_log: [{ category: '', category_group: 'allLogs', retention_policy: [] }], storage_account_id: null });
    expect(change(full, 'azurerm_network_interface.nic0').after).toMatchObject({ dns_servers: null, ip_configuration: [{ private_ip_address_version: 'IPv4', public_ip_address_id: null }] });
    expect(change(full, 'azurerm_virtual_network.v0').after_unknown).toMatchObject({ address_space: [false], subnet: true, guid: true });
  });

  it('translates to the same ARM resources, notes and counts as the compact shape', () => {
    expect(fullTranslation.resources.length).toBeGreaterThan(PLAN_RESOURCES);
    expect(translationDifferences(compactTranslation, fullTranslation)).toEqual([]);
  });

  it('gives the same MCSB findings and undetermined verdicts as the compact shape', () => {
    const catalog = builtinCatalog();
    const mcsb = catalog.resolve('1f3afdf9-d0c9-4c3d-847f-89da613e70a8', { kind: 'initiative' });
    if (!mcsb) throw new Error('MCSB is not in the built-in catalog');
    const plan = buildAssessPlan({ resolver: catalog, definitions: [mcsb], aliases: bundledAliases() });
    const verdicts = (t: TranslationResult): { findings: string[]; undetermined: string[]; errors: unknown[] } => {
      const r = runAssessmentSync(t.resources, plan, { relatedResourcesComplete: false });
      const noIndex = (f: object): string => JSON.stringify({ ...f, index: undefined });
      return { findings: r.findings.map(noIndex).sort(), undetermined: r.undetermined.map(noIndex).sort(), errors: r.errors };
    };
    const c = verdicts(compactTranslation);
    const f = verdicts(fullTranslation);
    expect(c.findings.length).toBeGreaterThan(0);
    expect(c.undetermined.length).toBeGreaterThan(0);
    expect(f).toEqual(c);
  });

  it('sees a value the schema fills in (the comparison can fail)', () => {
    // Arguments the configuration does not set, as a different provider schema (or a generator error) would plan them.
    const mutated = JSON.parse(JSON.stringify(full)) as Json;
    (change(mutated, 'azurerm_storage_account.sa1').after as Json).cross_tenant_replication_enabled = true;
    ((change(mutated, 'azurerm_network_interface.nic2').after as Json).ip_configuration as Json[])[0].private_ip_address_version = 'IPv6';
    const differences = translationDifferences(compactTranslation, translatePlan(mutated));
    expect(differences.map((d) => d.split(' ')[0])).toEqual(expect.arrayContaining(['azurerm_storage_account.sa1', 'azurerm_network_interface.nic2']));
    expect(differences.join('\n')).toMatch(/"allowCrossTenantReplication":true/);
    expect(differences.join('\n')).toMatch(/"privateIPAddressVersion":"IPv6"/);
  });
});
