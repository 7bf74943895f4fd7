/**
 * Issue 11 item 11: an invalid config reports every error in one pass, each with its JSON path and the config
 * file's name: schema errors, semantic checks (duplicates compare case-insensitively, as Azure and case-insensitive
 * file systems do) and the constructs' own validation errors alike.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildBaseline } from '../../stacks/baseline';
import { ConfigError, DEFAULT_CONFIG_PATH, parseConfig } from '../../stacks/config/load';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const valid = (): any => JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const build = (config: unknown) => buildBaseline(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-errors-')) }),
  parseConfig(config, 'baseline.json'), 'baseline.json');

describe('config errors in one pass (issue 11 item 11)', () => {
  test('the constructs\' validation errors come together, with JSON paths and the file name, not as a stack trace', () => {
    const config = valid();
    config.subscriptions[0].bastion.subnetAddressPrefix = '10.9.0.0/26';            // outside the VNet's address space
    config.subscriptions[1].registry.mode = 'native';
    config.subscriptions[1].registry.quarantineRegistryName = 'crcontosoquarantine'; // only with twoRegistries
    config.subscriptions[1].jit[0].allowedSourceAddressPrefixes = ['10.0.0.0/33'];
    const error = configErrorOf(() => build(config));
    expect(error.file).toBe('baseline.json');
    expect(error.message).toMatch(/^baseline\.json: invalid baseline config \(3 errors\)/);
    expect(error.errors).toEqual([
      expect.stringMatching(/^\$\.subscriptions\[0\]\.bastion\.subnetAddressPrefix: invalid "10\.9\.0\.0\/26": .*\(construct management\/Bastion, prop subnetAddressPrefix\)$/),
      expect.stringMatching(/^\$\.subscriptions\[1\]\.jit\[0\]\.allowedSourceAddressPrefixes\[0\]: invalid "10\.0\.0\.0\/33": /),
      expect.stringMatching(/^\$\.subscriptions\[1\]\.registry\.quarantineRegistryName: invalid "crcontosoquarantine": is only used with mode "twoRegistries"/),
    ]);
  });

  test('a prop that came from elsewhere in the config is reported at its own path', () => {
    const config = valid();
    config.securityContact.emails = ['not-an-address'];
    const error = configErrorOf(() => build(config));
    expect(error.errors.every((line) => line.startsWith('$.securityContact.emails[0]: invalid "not-an-address"'))).toBe(true);
    expect(error.errors.length).toBeGreaterThan(0);
  });

  test('duplicates compare case-insensitively: stack names, resource groups, JIT entries, registry names', () => {
    const config = valid();
    config.subscriptions[1].name = 'Management';
    config.subscriptions[0].resourceGroups = ['rg-siem', 'RG-SIEM'];
    config.subscriptions[1].jit.push({ ...config.subscriptions[1].jit[0], resourceGroupName: 'RG-App' });
    config.subscriptions[0].registry = { ...config.subscriptions[1].registry, name: 'CRCONTOSOTRUSTED' };
    const error = configErrorOf(() => parseConfig(config, 'baseline.json'));
    expect(error.errors).toEqual([
      '$.subscriptions[0].resourceGroups[1]: duplicate resource group "RG-SIEM" (the same as $.subscriptions[0].resourceGroups[0] "rg-siem": names compare case-insensitively); a subscription has one resource group of a name',
      '$.subscriptions[1].name: duplicate stack name "Management" (the same as $.subscriptions[0].name "management": names compare case-insensitively); names must be unique',
      expect.stringMatching(/^\$\.subscriptions\[1\]\.jit\[1\]: duplicate JIT entry for resource group and location "RG-App\/westeurope" \(the same as \$\.subscriptions\[1\]\.jit\[0\]/),
      expect.stringMatching(/^\$\.subscriptions\[1\]\.registry\.name: duplicate registry name "crcontosotrusted" \(the same as \$\.subscriptions\[0\]\.registry\.name "CRCONTOSOTRUSTED"/),
      expect.stringMatching(/^\$\.subscriptions\[1\]\.registry\.name: duplicate quarantine registry name \(name \+ "q"\) "crcontosotrustedq"/),
    ]);
  });

  test('a subscription stack named like the management-group stack is refused', () => {
    const config = valid();
    config.subscriptions[1].name = 'Management-Group';
    expect(configErrorOf(() => parseConfig(config, 'baseline.json')).errors).toEqual([
      expect.stringMatching(/^\$\.subscriptions\[1\]\.name: duplicate stack name "Management-Group" \(the same as the management-group stack "management-group"/),
    ]);
  });

  test('schema errors and semantic errors come in one pass', () => {
    const config = valid();
    config.tenantId = 'nope';
    config.subscriptions[1].name = 'management';
    const errors = configErrorOf(() => parseConfig(config, 'baseline.json')).errors;
    expect(errors).toEqual([
      expect.stringMatching(/^\$\.tenantId: must match pattern/),
      '$.subscriptions[1].name: duplicate stack name "management"; names must be unique',
    ]);
  });
});
