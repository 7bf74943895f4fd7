/**
 * What `cdktf synth` of the reference app tells its user: a warning per stack that still deploys with the example
 * config's placeholder ids, and a closing line saying where the stacks went.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { buildBaseline } from '../../stacks/baseline';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../stacks/config/load';
import type { BaselineConfig } from '../../stacks/config/types';
import { findPlaceholderIds, PLACEHOLDER_WARNING_ID, synthSummary, warnAboutPlaceholders } from '../../stacks/synth-notes';

const root = path.resolve(__dirname, '..', '..');
const defaultText = fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8');
const REAL = {
  '11111111-1111-1111-1111-111111111111': '8f3c2a71-5d4e-4b9a-a1c3-6e2f9b7d0c45',
  '22222222-2222-2222-2222-222222222222': '0b9d4e6a-2c71-4f58-9e3a-d15c8a7b2f60',
  '33333333-3333-3333-3333-333333333333': 'c47e1f28-93ab-4d06-b5e2-7a18d6c3f9b1',
};
/** The example config with every placeholder replaced by an id that looks real. */
function realConfig(): BaselineConfig {
  let text = defaultText;
  for (const [from, to] of Object.entries(REAL)) text = text.split(from).join(to);
  return parseConfig(JSON.parse(text));
}

function warnings(stack: TerraformStack): string[] {
  return stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
}

describe('placeholder ids', () => {
  test('every place of the example config that holds one is found, with its JSON path', () => {
    const found = findPlaceholderIds(JSON.parse(defaultText));
    expect(new Set(found.map((p) => p.guid))).toEqual(new Set(Object.keys(REAL)));
    expect(found).toEqual(expect.arrayContaining([
      { path: '$.tenantId', guid: '11111111-1111-1111-1111-111111111111' },
      { path: '$.subscriptions[1].jit[0].virtualMachines[0].id', guid: '33333333-3333-3333-3333-333333333333' },
    ]));
    expect(found).toHaveLength((defaultText.match(/([0-9a-f])\1{7}-\1{4}-\1{4}-\1{4}-\1{12}/g) ?? []).length);
  });

  test('real-looking ids, mixed-digit GUIDs and odd keys are not placeholders; odd keys are quoted in paths', () => {
    expect(findPlaceholderIds(realConfig())).toEqual([]);
    expect(findPlaceholderIds({ a: '12345678-1234-1234-1234-123456789012', b: '00000000-0000-0000-0000-00000000000' })).toEqual([]);
    expect(findPlaceholderIds({ 'odd key': ['x', 'AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA'] }))
      .toEqual([{ path: '$["odd key"][1]', guid: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa' }]);
  });

  test('each stack is warned about the placeholders it deploys with, by stable id', () => {
    const config = parseConfig(JSON.parse(defaultText));
    const baseline = buildBaseline(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-notes-')) }), config);
    const all = warnAboutPlaceholders(baseline, config, 'my.json');
    expect(new Set(all.map((p) => p.guid)).size).toBe(3);
    const [management, workloads] = baseline.subscriptions;
    expect(warnings(management)).toEqual([expect.stringMatching(new RegExp(`^${PLACEHOLDER_WARNING_ID}: my\\.json still holds placeholder ids this stack deploys with: `
      + '22222222-2222-2222-2222-222222222222 at \\$\\.subscriptions\\[0\\]\\.subscriptionId \\(and 2 more places\\), 11111111-1111-1111-1111-111111111111 at \\$\\.tenantId\\. '))]);
    expect(warnings(workloads)[0]).toContain('33333333-3333-3333-3333-333333333333 at $.subscriptions[1].subscriptionId');
    expect(warnings(workloads)[0]).not.toContain('$.subscriptions[0]');
    expect(warnings(baseline.managementGroup!)[0]).toContain('22222222-2222-2222-2222-222222222222 at $.managementGroup.subscriptionId');
  });

  test('a config with real ids gives no warning', () => {
    const config = realConfig();
    const baseline = buildBaseline(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-notes-')) }), config);
    expect(warnAboutPlaceholders(baseline, config, 'mine.json')).toEqual([]);
    for (const stack of [...baseline.subscriptions, baseline.managementGroup!]) expect(warnings(stack)).toEqual([]);
  });
});

describe('closing line', () => {
  test('names the folder relative to the working folder, the stacks, and the placeholders left', () => {
    const placeholders = [{ path: '$.a', guid: '1' }, { path: '$.b', guid: '1' }, { path: '$.c', guid: '2' }];
    expect(synthSummary('/work/app/cdktf.out', ['a', 'b'], 'conf.json', placeholders, '/work/app')).toBe(
      `guardrails: 2 stacks written to cdktf.out${path.sep}stacks${path.sep}: a, b (one folder each, cdk.tf.json inside)\n`
      + 'guardrails: conf.json still holds 2 placeholder ids (in 3 places): replace them before cdktf deploy (the WARN lines name them)\n');
    expect(synthSummary('/work/app/cdktf.out', ['a'], 'conf.json', [], '/work/app')).toBe(
      `guardrails: 1 stack written to cdktf.out${path.sep}stacks${path.sep}: a (one folder each, cdk.tf.json inside)\n`);
  });

  test('the app entry prints it after synth, and the warnings reach the manifest cdktf synth prints them from', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-entry-'));
    try {
      const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'stacks/main.ts'], {
        cwd: root, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: outdir, GUARDRAILS_CONFIG: '' },
      });
      expect(stdout).toBe(synthSummary(outdir, ['management', 'workloads', 'management-group'], path.join('stacks', 'config', 'default.json'),
        findPlaceholderIds(JSON.parse(defaultText)), root));
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { annotations: { level: string; message: string }[] }> };
      for (const name of ['management', 'workloads', 'management-group']) {
        expect(manifest.stacks[name].annotations.filter((a) => a.message.startsWith(PLACEHOLDER_WARNING_ID)).map((a) => a.level)).toEqual(['@cdktf/warn']);
        expect(fs.existsSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'))).toBe(true);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 60000);
});
