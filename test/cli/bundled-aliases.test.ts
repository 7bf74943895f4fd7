import * as fs from 'fs';
import { AliasCatalog, bundledAliases } from '../../lib/policy-engine';
import { bundledAliasFile, bundledAliasTable } from '../../lib/policy-engine/bundled-aliases';

describe('bundled alias catalog', () => {
  test('is a compressed file shipped under lib/policy-engine/data', () => {
    expect(bundledAliasFile()).toMatch(/lib[\\/]policy-engine[\\/]data[\\/]aliases\.v1\.csv\.br$/);
    const size = fs.statSync(bundledAliasFile()).size;
    expect(size).toBeGreaterThan(100_000);
    expect(size).toBeLessThan(1_000_000);
  });

  test('holds more than 60,000 aliases, including the ones the kit relies on', () => {
    const catalog = bundledAliases();
    expect(catalog).toBeInstanceOf(AliasCatalog);
    expect(catalog.size).toBeGreaterThan(60_000);
    for (const alias of [
      'Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange',
      'Microsoft.Network/networkSecurityGroups/securityRules/sourceAddressPrefix',
      'Microsoft.ContainerRegistry/registries/adminUserEnabled',
      'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly',
      'microsoft.compute/virtualmachines/imagePublisher',
    ]) {
      expect(catalog.has(alias)).toBe(true);
    }
    expect(catalog.has('Microsoft.Storage/storageAccounts/noSuchProperty')).toBe(false);
  });

  test('is loaded once and cached', () => {
    expect(bundledAliases()).toBe(bundledAliases());
  });

  test('is the source table row for row: a header comment, then aliasName,defaultPath lines', () => {
    const lines = bundledAliasTable().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# cdktf-azure-guardrails alias catalog v1: 65399 rows/);
    expect(lines).toHaveLength(65_400);
    expect(lines).toContain('Microsoft.Compute/virtualMachines/sku.name,properties.hardwareProfile.vmSize');
    expect(lines.slice(1).every((l) => /^[^,\s]+\/[^,\s]+,[^,\s]+$/.test(l))).toBe(true);
  });
});
