import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../stacks/config/load';

const valid = () => JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));

function errorsOf(value: unknown): string[] {
  try {
    parseConfig(value, 'test.json');
  } catch (e) {
    if (e instanceof ConfigError) return e.errors;
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

describe('baseline config', () => {
  test('the embedded default config is valid', () => {
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    expect(config.subscriptions.map((s) => s.name)).toEqual(['management', 'workloads']);
  });

  test('every error names its JSON path', () => {
    const config = valid();
    config.tenantId = 'not-a-guid';
    config.subscriptions[1].subscriptionId = '123';
    delete config.subscriptions[0].name;
    const errors = errorsOf(config);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\$\.tenantId: must match pattern .* \(got "not-a-guid"\)/),
      expect.stringMatching(/^\$\.subscriptions\[1\]\.subscriptionId: must match pattern .* \(got "123"\)/),
      expect.stringMatching(/^\$\.subscriptions\[0\]: missing required property "name"/),
    ]));
  });

  test('unknown properties are typos, not ignored', () => {
    const config = valid();
    config.subscriptions[0].defendr = {};
    expect(errorsOf(config)).toEqual([expect.stringMatching(/^\$\.subscriptions\[0\]: unknown property "defendr"/)]);
  });

  test('enums list the allowed values', () => {
    const config = valid();
    config.securityContact.alertMinimalSeverity = 'Critical';
    expect(errorsOf(config)).toEqual([expect.stringMatching(/^\$\.securityContact\.alertMinimalSeverity: must be one of "Low", "Medium", "High" \(got "Critical"\)/)]);
  });

  test('missing required members and empty subscription lists', () => {
    expect(errorsOf({})).toEqual(expect.arrayContaining([
      expect.stringContaining('missing required property "tenantId"'),
      expect.stringContaining('missing required property "subscriptions"'),
    ]));
    const config = valid();
    config.subscriptions = [];
    // One pass: the schema error and the semantic check it implies (the central SIEM's subscription is not listed).
    expect(errorsOf(config)).toEqual([
      expect.stringMatching(/^\$\.subscriptions: must NOT have fewer than 1 items/),
      expect.stringMatching(/^\$\.siem\.subscriptionId: "2{8}-.*" is not one of \$\.subscriptions\[\*\]\.subscriptionId/),
    ]);
  });

  test('a management-group Deny that blocks a resource of the config fails, naming both settings (issue 11 item 9)', () => {
    const config = valid();
    config.subscriptions[0].bastion.shareableLinkEnabled = true;
    config.subscriptions[1].registry.publicNetworkAccessEnabled = true;
    config.managementGroup.onboarding.registry.publicNetworkAccessEffect = 'Deny';
    expect(errorsOf(config)).toEqual([
      expect.stringMatching(/^\$\.subscriptions\[0\]\.bastion\.shareableLinkEnabled: true, but \$\.managementGroup\.onboarding\.networkAccess\.bastionShareableLinksEffect is "Deny"/),
      expect.stringMatching(/^\$\.subscriptions\[1\]\.registry\.publicNetworkAccessEnabled: true, but \$\.managementGroup\.onboarding\.registry\.publicNetworkAccessEffect is "Deny"/),
    ]);
    config.managementGroup.onboarding.networkAccess = { bastionShareableLinksEffect: 'Audit' };
    config.managementGroup.onboarding.registry.publicNetworkAccessEffect = 'Audit';
    expect(() => parseConfig(config, 'test.json')).not.toThrow();
  });

  test('duplicate stack names and subscriptions are refused', () => {
    const config = valid();
    config.subscriptions[1].name = 'management';
    config.subscriptions[1].subscriptionId = config.subscriptions[0].subscriptionId;
    expect(errorsOf(config)).toEqual([
      '$.subscriptions[1].name: duplicate stack name "management"; names must be unique',
      '$.subscriptions[1].subscriptionId: subscription "22222222-2222-2222-2222-222222222222" is listed twice',
    ]);
  });

  test('the central SIEM must live in a listed subscription', () => {
    const config = valid();
    config.siem.subscriptionId = '99999999-9999-9999-9999-999999999999';
    expect(errorsOf(config)).toEqual([expect.stringMatching(/^\$\.siem\.subscriptionId: "9{8}-.*" is not one of \$\.subscriptions\[\*\]\.subscriptionId/)]);
  });

  test('backend variants', () => {
    const config = valid();
    config.backend = { type: 'azurerm', resourceGroupName: 'rg-tfstate', storageAccountName: 'sttfstate01', containerName: 'tfstate' };
    expect(() => parseConfig(config)).not.toThrow();
    config.backend = { type: 'azurerm', resourceGroupName: 'rg-tfstate', storageAccountName: 'Not_Valid', containerName: 'tfstate' };
    expect(errorsOf(config).join('\n')).toMatch(/\$\.backend/);
  });

  test('unreadable and malformed files name the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-config-'));
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ "tenantId": ');
    expect(() => loadConfig(bad)).toThrow(/bad\.json: invalid baseline config \(1 error\):\n {2}- not valid JSON/);
    expect(() => loadConfig(path.join(dir, 'missing.json'))).toThrow(/missing\.json: .*cannot read the file/s);
  });

  test('the app refuses an invalid config before writing anything', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-app-'));
    const bad = path.join(dir, 'bad.json');
    const config = valid();
    config.location = 'West Europe';
    fs.writeFileSync(bad, JSON.stringify(config));
    const outdir = path.join(dir, 'out');
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../stacks/main.ts')], {
      env: { ...process.env, GUARDRAILS_CONFIG: bad, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/\$\.location: must match pattern .* \(got "West Europe"\)/);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
