/**
 * Snapshot serializer of the cdktn run (jest.cdktn.config.js). cdktf and cdktn synthesize the same JSON except for
 * the azurerm version each provider package pins in `terraform.required_providers` (@cdktf/provider-azurerm 14.23:
 * 4.55.0, @cdktn/provider-azurerm 16.1: 4.73.0; test/cdktn/package.test.ts checks that this is the only difference
 * for the reference app). This serializer prints the cdktn pin as the cdktf one, so that the cdktf snapshots apply
 * unchanged; nothing else is rewritten.
 */
import * as fs from 'fs';
import * as path from 'path';

function pinnedAzurerm(pkg: string, field: 'cdktf' | 'cdktn'): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'node_modules', pkg, 'package.json'), 'utf8')) as Record<string, { provider?: { version?: string } }>;
  const version = manifest[field]?.provider?.version;
  if (!version) throw new Error(`${pkg}/package.json has no ${field}.provider.version`);
  return version;
}

const CDKTF_AZURERM = pinnedAzurerm('@cdktf/provider-azurerm', 'cdktf');
const CDKTN_AZURERM = pinnedAzurerm('@cdktn/provider-azurerm', 'cdktn');

interface RequiredProvider { source: string; version: string }

function isCdktnPin(value: unknown): value is RequiredProvider {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const v = value as Record<string, unknown>;
  return keys.length === 2 && v.source === 'azurerm' && v.version === CDKTN_AZURERM;
}

const serializer: jest.SnapshotSerializerPlugin = {
  test: isCdktnPin,
  serialize: (value: RequiredProvider, config, indentation, depth, refs, printer) =>
    printer({ ...value, version: CDKTF_AZURERM }, config, indentation, depth, refs),
};

export = serializer;
