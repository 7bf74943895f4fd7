/**
 * Every KQL query the kit deploys, checked offline with Microsoft's Kusto language service against the documented
 * schemas of the tables it reads (see ./kusto.ts for the schemas and their sources): syntax, tables, columns,
 * functions and types, plus the Resource Graph dialect for the shared queries. The queries are taken from the
 * synthesized Terraform (what would be deployed), not from the files alone.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  KqlLiteral, renderKql, SENTINEL_DETECTIONS, SENTINEL_RESOURCE_GRAPH_QUERIES, SENTINEL_SAVED_SEARCHES, SentinelDetections,
  SentinelSharedQueries, sentinelKqlDir,
} from '../../lib/sentinel';
import { synth } from '../helpers/synth';
import { destination } from './helpers';
import { analyzeKqlBatch, checkResourceGraphDialect, KqlAnalysis, KqlDialect } from './kusto';

const out = synth((stack) => {
  const siem = destination(stack);
  new SentinelDetections(stack, 'Detections', { workspace: siem, allowedCountries: ['GB', 'IE', 'NL'] });
  new SentinelSharedQueries(stack, 'Queries', {
    resourceGroupName: 'rg-security-siem', workspace: siem, managedManagementGroupId: '/providers/Microsoft.Management/managementGroups/contoso',
  });
});
const rules = out.list('azurerm_sentinel_alert_rule_scheduled');
const savedSearches = out.list('azurerm_log_analytics_saved_search');
const argQueries = (JSON.parse(String(out.only('azurerm_resource_group_template_deployment').template_content)) as {
  resources: Array<{ name: string; properties: { query: string } }>;
}).resources;

const alerts = renderKql('la-defender-alerts-by-severity.kql', { lookback: KqlLiteral.seconds(86400) });
const hostile = KqlLiteral.string('x") | union SigninLogs | where "a" == ("a\'); // \\" | take 0');
const hostileList = KqlLiteral.stringList(['GB', 'NL"]); SigninLogs | take 1 //']);

/** Every query the tests look at, analyzed together in one plain Node process (see kusto.ts). */
const requests: Record<string, { query: string; dialect: KqlDialect }> = {
  ...Object.fromEntries(rules.map((r) => [`rule:${r.name}`, { query: String(r.query), dialect: 'LogAnalytics' as const }])),
  ...Object.fromEntries(savedSearches.map((s) => [`saved:${s.name}`, { query: String(s.query), dialect: 'LogAnalytics' as const }])),
  ...Object.fromEntries(argQueries.map((q) => [`arg:${q.name}`, { query: q.properties.query, dialect: 'ResourceGraph' as const }])),
  wrongColumn: { query: alerts.replace('| where AlertSeverity in ("High", "Medium")', '| where AlertSeverty in ("High", "Medium")'), dialect: 'LogAnalytics' },
  wrongArgColumn: { query: renderKql('arg-internet-exposed-vms.kql').replace('VmName = name, subscriptionId,', 'VmName = name, subscriptionID,'), dialect: 'ResourceGraph' },
  syntaxError: { query: `${alerts}\n| wher Status == "New"`, dialect: 'LogAnalytics' },
  unknownTable: { query: 'SecurityAlerts | take 1', dialect: 'LogAnalytics' },
  argTableInLogAnalytics: { query: 'securityresources | take 1', dialect: 'LogAnalytics' },
  logTableInResourceGraph: { query: 'SigninLogs | take 1', dialect: 'ResourceGraph' },
  wrongType: { query: 'SigninLogs | where ResultType > ago(1d)', dialect: 'LogAnalytics' },
  rightAntiJoin: { query: 'resources | join kind=rightanti (resourcecontainers) on subscriptionId', dialect: 'ResourceGraph' },
  hostileString: { query: `SecurityAlert | where AlertName == ${hostile.text} | count`, dialect: 'LogAnalytics' },
  hostileList: { query: `let allowed = dynamic([${hostileList.text}]); SigninLogs | where Location in (allowed) | count`, dialect: 'LogAnalytics' },
};
const analyses = new Map<string, KqlAnalysis>();
beforeAll(() => {
  const keys = Object.keys(requests);
  analyzeKqlBatch(keys.map((k) => requests[k])).forEach((a, i) => analyses.set(keys[i], a));
}, 180000);

describe('deployed KQL passes parse and semantic analysis', () => {
  test('every deployed query was analyzed: 6 analytics rules, 3 saved searches, 4 Resource Graph queries', () => {
    expect(rules).toHaveLength(6);
    expect(savedSearches).toHaveLength(3);
    expect(argQueries).toHaveLength(4);
    expect([...analyses.keys()].filter((k) => /^(rule|saved|arg):/.test(k))).toHaveLength(13);
  });

  test.each(rules.map((r) => String(r.name)))('analytics rule %s', (name) => {
    const analysis = analyses.get(`rule:${name}`)!;
    expect(analysis.errors).toEqual([]);
    expect(analysis.columns.length).toBeGreaterThan(0);
  });

  test.each(savedSearches.map((s) => String(s.name)))('saved search %s', (name) => {
    expect(analyses.get(`saved:${name}`)!.errors).toEqual([]);
  });

  test.each(argQueries.map((q) => q.name))('Resource Graph query "%s" (and only operators Resource Graph supports)', (name) => {
    const analysis = analyses.get(`arg:${name}`)!;
    expect(analysis.errors).toEqual([]);
    expect(checkResourceGraphDialect(analysis)).toEqual([]);
  });
});

describe('rules refer only to columns their queries return', () => {
  test.each(Object.values(SENTINEL_DETECTIONS).map((d) => [d.ruleSuffix, d] as const))('%s', (suffix, spec) => {
    const columns = analyses.get(`rule:guardrails-${suffix}`)!.columns.map((c) => c.split(':')[0]);
    for (const mapping of spec.entityMappings) for (const f of mapping.fields) expect(columns).toContain(f.column);
    for (const column of Object.values(spec.customDetails)) expect(columns).toContain(column);
    for (const [, placeholder] of spec.alertDisplayNameFormat.matchAll(/\{\{(\w+)\}\}/g)) expect(columns).toContain(placeholder);
  });

  test('the Resource Graph alerts query returns what the alerts blade shows, severity first', () => {
    expect(analyses.get('arg:Guardrails - Active Defender for Cloud alerts by severity')!.columns.slice(0, 4))
      .toEqual(['Severity:string', 'AlertName:string', 'CompromisedEntity:string', 'StartTime:datetime']);
  });
});

describe('the checks fail on broken KQL', () => {
  test('a deliberately wrong column is an error', () => {
    expect(requests.wrongColumn.query).not.toBe(alerts);
    expect(analyses.get('wrongColumn')!.errors).toEqual([expect.stringMatching(/^Error KS142 The name 'AlertSeverty' does not refer to any known column/)]);
    expect(analyses.get('wrongArgColumn')!.errors).toEqual(expect.arrayContaining([expect.stringMatching(/KS142 The name 'subscriptionID'/)]));
  });

  test('a syntax error is an error', () => {
    expect(analyses.get('syntaxError')!.errors.length).toBeGreaterThan(0);
  });

  test('an unknown table, or a table of the other dialect, is an error', () => {
    expect(analyses.get('unknownTable')!.errors).toEqual([expect.stringMatching(/KS204 The name 'SecurityAlerts' does not refer to any known table/)]);
    expect(analyses.get('argTableInLogAnalytics')!.errors).toHaveLength(1);
    expect(analyses.get('logTableInResourceGraph')!.errors).toHaveLength(1);
  });

  test('a wrong argument type is an error', () => {
    expect(analyses.get('wrongType')!.errors.length).toBeGreaterThan(0);
  });

  test('Log Analytics-only operators are refused in Resource Graph queries', () => {
    expect(checkResourceGraphDialect(analyses.get('rule:guardrails-defender-plan-downgrade')!))
      .toEqual(expect.arrayContaining(['MvApplyOperator is not supported by Resource Graph', 'let statements are not supported by Resource Graph']));
    expect(checkResourceGraphDialect(analyses.get('rightAntiJoin')!)).toEqual(['join kind=rightanti is not supported by Resource Graph']);
  });

  test('a hostile parameter stays one literal: no operator, comment or table is added', () => {
    for (const key of ['hostileString', 'hostileList']) {
      expect(analyses.get(key)!.errors).toEqual([]);
      expect(analyses.get(key)!.operators).toEqual(['FilterOperator', 'CountOperator']);
    }
  });
});

describe('the KQL files ship in the package and are all used', () => {
  const files = fs.readdirSync(sentinelKqlDir()).filter((f) => f.endsWith('.kql')).sort();

  test('every file belongs to a rule, a saved search or a shared query, and every one of those has its file', () => {
    const used = [...Object.values(SENTINEL_DETECTIONS), ...Object.values(SENTINEL_SAVED_SEARCHES), ...Object.values(SENTINEL_RESOURCE_GRAPH_QUERIES)].map((s) => s.file).sort();
    expect(files).toEqual(used);
  });

  test('npm pack includes lib/sentinel/kql (the compiled library reads them from the package root)', () => {
    const root = path.resolve(__dirname, '..', '..');
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { files: { path: string }[] }[];
    const shipped = packed[0].files.map((f) => f.path).filter((p) => p.startsWith('lib/sentinel/'));
    expect(shipped.filter((p) => p.startsWith('lib/sentinel/kql/')).sort()).toEqual(files.map((f) => `lib/sentinel/kql/${f}`));
    expect(shipped.filter((p) => p.endsWith('.ts'))).toEqual([]);
  }, 60000);
});
