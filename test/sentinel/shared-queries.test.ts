import { Fn } from 'cdktf';
import { renderKql, KqlLiteral, SentinelSharedQueries, SentinelSharedQueriesProps } from '../../lib/sentinel';
import { synth, testStack } from '../helpers/synth';
import { destination, warnings, WS_ID } from './helpers';

const MG = '/providers/Microsoft.Management/managementGroups/contoso-landing-zones';
const DEPLOYMENT = 'azurerm_resource_group_template_deployment';
const SAVED = 'azurerm_log_analytics_saved_search';

function queries(props: Partial<SentinelSharedQueriesProps> = {}) {
  let construct!: SentinelSharedQueries;
  const out = synth((stack) => {
    const siem = destination(stack);
    construct = new SentinelSharedQueries(stack, 'Queries', { resourceGroupName: 'rg-security-siem', workspace: siem, managedManagementGroupId: MG, ...props });
  });
  return { out, construct };
}

interface Template { $schema: string; resources: Array<{ type: string; apiVersion: string; name: string; location: string; properties: { description: string; query: string }; tags?: Record<string, string> }> }
const templateOf = (deployment: Record<string, unknown>): Template => JSON.parse(String(deployment.template_content));

describe('SentinelSharedQueries: Resource Graph shared queries', () => {
  const { out, construct } = queries({ tags: { owner: 'secops' } });
  const deployment = out.only(DEPLOYMENT);
  const template = templateOf(deployment);

  test('one resource-group template deployment holds the four shared queries (azurerm 4.55 has no resource for them)', () => {
    expect(deployment).toMatchObject({ name: 'guardrails-resource-graph-queries', resource_group_name: 'rg-security-siem', deployment_mode: 'Incremental', tags: { owner: 'secops' } });
    expect(template.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    expect(template.resources.map((r) => r.name)).toEqual([
      'Guardrails - Active Defender for Cloud alerts by severity',
      'Guardrails - Internet-exposed virtual machines',
      'Guardrails - Subscriptions outside the managed management group',
      'Guardrails - Defender plans below the baseline',
    ]);
    for (const r of template.resources) {
      expect(r).toMatchObject({ type: 'Microsoft.ResourceGraph/queries', apiVersion: '2024-04-01', location: 'global', tags: { owner: 'secops' } });
      expect(r.name).toMatch(/^[^<>&:?\\]*$/); // the resource name pattern of Microsoft.ResourceGraph/queries
      expect(r.properties.description.length).toBeGreaterThan(40);
    }
  });

  test('the Defender alerts query reads securityresources alerts still open (Active or In progress), High and Medium, most severe first', () => {
    const q = template.resources[0].properties.query;
    expect(q).toBe(renderKql('arg-defender-alerts-by-severity.kql'));
    expect(q).toContain('securityresources\n| where type == "microsoft.security/locations/alerts"');
    // an alert an analyst set to In progress is still open: leaving it out would hide the alerts being worked on
    expect(q).toContain('| where Status in ("Active", "InProgress")');
    expect(q).toContain('| where Severity in ("High", "Medium")');
    expect(q).toContain('| order by SeverityRank asc, StartTime desc');
  });

  test('the management group is a literal in the subscriptions query; the plan baseline comes from the Defender plans', () => {
    expect(template.resources[2].properties.query).toContain('tostring(Ancestor.name) =~ "contoso-landing-zones"');
    expect(construct.resourceGraphQueries.defenderPlansBelowBaseline).toBe(renderKql('arg-defender-plans-below-baseline.kql', {
      baseline: KqlLiteral.dynamic(JSON.parse(/\| extend Baseline = dynamic\((.*)\)/.exec(template.resources[3].properties.query)![1])),
    }));
    expect(template.resources[3].properties.query).toContain('"virtualmachines":{"subPlan":"P2","extensions":["AgentlessVmScanning"]}');
  });

  test('without a management group the subscriptions query is left out with a warning', () => {
    const { out: o, construct: c } = queries({ managedManagementGroupId: undefined });
    expect(templateOf(o.only(DEPLOYMENT)).resources).toHaveLength(3);
    expect(warnings(c)).toEqual([expect.stringMatching(/^(?=.*\[guardrails:sentinel:subscriptions-query-off\]$)/)]);
  });

  test('queries can be left out; none at all deploys no template', () => {
    const { out: o } = queries({ resourceGraphQueries: { internetExposedVms: false } });
    expect(templateOf(o.only(DEPLOYMENT)).resources.map((r) => r.name)).not.toContain('Guardrails - Internet-exposed virtual machines');
    const { out: none } = queries({ resourceGraphQueries: { defenderAlertsBySeverity: false, internetExposedVms: false, subscriptionsOutsideManagementGroup: false, defenderPlansBelowBaseline: false } });
    expect(none.count(DEPLOYMENT)).toBe(0);
  });
});

describe('SentinelSharedQueries: Log Analytics saved searches', () => {
  const { out } = queries();

  test('three saved searches in the workspace (a reference), category Guardrails, 30 days back', () => {
    const searches = Object.fromEntries(out.list(SAVED).map((s) => [String(s.name), s]));
    expect(Object.keys(searches).sort()).toEqual(['guardrails-alerts-in-several-incidents', 'guardrails-defender-alerts-by-severity', 'guardrails-open-incidents-by-severity']);
    const workspace = Object.keys(out.resources('azurerm_log_analytics_workspace'))[0];
    for (const s of Object.values(searches)) {
      expect(s).toMatchObject({ log_analytics_workspace_id: `\${azurerm_log_analytics_workspace.${workspace}.id}`, category: 'Guardrails' });
      expect(String(s.query)).toContain('ago(2592000s)');
    }
    expect(searches['guardrails-open-incidents-by-severity']).toMatchObject({ display_name: 'Open incidents by severity' });
    expect(searches['guardrails-defender-alerts-by-severity'].query).toBe(renderKql('la-defender-alerts-by-severity.kql', { lookback: KqlLiteral.seconds(30 * 86400) }));
  });

  test('lookback and category can be set; no workspace, no saved searches', () => {
    const { out: o } = queries({ savedSearchLookbackDays: 7, savedSearchCategory: 'SecOps', savedSearches: { alertsInSeveralIncidents: false } });
    expect(o.count(SAVED)).toBe(2);
    for (const s of o.list(SAVED)) expect(s).toMatchObject({ category: 'SecOps', query: expect.stringContaining('ago(604800s)') });
    const { out: none } = queries({ workspace: undefined });
    expect(none.count(SAVED)).toBe(0);
    expect(queries({ workspace: { workspaceId: WS_ID } }).out.list(SAVED)[0].log_analytics_workspace_id).toBe(WS_ID);
  });
});

describe('SentinelSharedQueries: tags are data', () => {
  test('escaped for Terraform on the deployment and saved searches; in the ARM template a leading "[" is not an expression', () => {
    const hostile = { 'cost-${var.x}': '[listKeys(resourceId(\'Microsoft.Storage/storageAccounts\', \'st\'), \'2023-01-01\').keys[0].value]', team: '%{if true}x%{endif}' };
    const { out } = queries({ tags: hostile });
    const deployment = out.only(DEPLOYMENT);
    expect(deployment.tags).toEqual({ 'cost-$${var.x}': hostile['cost-${var.x}'], team: '%%{if true}x%%{endif}' });
    for (const s of out.list(SAVED)) expect(s.tags).toEqual(deployment.tags);
    // template_content is escaped as a whole ($${ in the .tf.json is ${ for Azure); the tag value is "[[...", a literal for ARM
    const template = JSON.parse(String(deployment.template_content).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')) as Template;
    for (const r of template.resources) {
      expect(r.tags).toEqual({ 'cost-${var.x}': `[${hostile['cost-${var.x}']}`, team: '%{if true}x%{endif}' });
    }
  });

  test('a reference as a tag value cannot go into the ARM template', () => {
    expect(() => queries({ tags: { owner: Fn.upper('x') } })).toThrow(/invalid tags\.owner .*: must be a literal: the tags are written into the shared queries' ARM template/);
  });
});

describe('SentinelSharedQueries: one per resource group and workspace', () => {
  test('a second construct writing to the same resource group or workspace fails validation; another group without saved searches is fine', () => {
    expect(() => synth((stack) => {
      new SentinelSharedQueries(stack, 'A', { resourceGroupName: 'rg-sec', workspace: { workspaceId: WS_ID } });
      new SentinelSharedQueries(stack, 'B', { resourceGroupName: 'RG-SEC' });
    })).toThrow(/test\/A also deploys the shared queries \(deployment guardrails-resource-graph-queries\) to resource group RG-SEC: one SentinelSharedQueries per resource group/);
    expect(() => synth((stack) => {
      new SentinelSharedQueries(stack, 'A', { resourceGroupName: 'rg-sec', workspace: { workspaceId: WS_ID } });
      new SentinelSharedQueries(stack, 'B', { resourceGroupName: 'rg-other', workspace: { workspaceId: WS_ID } });
    })).toThrow(/test\/A also writes the guardrails saved searches to this workspace/);
    expect(() => synth((stack) => {
      new SentinelSharedQueries(stack, 'A', { resourceGroupName: 'rg-sec', workspace: { workspaceId: WS_ID } });
      new SentinelSharedQueries(stack, 'B', { resourceGroupName: 'rg-other' });
    })).not.toThrow();
  });
});

describe('SentinelSharedQueries refuses', () => {
  const build = (props: Partial<SentinelSharedQueriesProps>) => () => {
    const { stack } = testStack();
    new SentinelSharedQueries(stack, 'Queries', { resourceGroupName: 'rg-sec', workspace: { workspaceId: WS_ID }, ...props } as SentinelSharedQueriesProps);
  };
  test.each<[string, Partial<SentinelSharedQueriesProps>, RegExp]>([
    ['a bad resource group', { resourceGroupName: 'rg/bad' }, /invalid resourceGroupName "rg\/bad"/],
    ['a management group id that is not one', { managedManagementGroupId: 'contoso' }, /invalid managedManagementGroupId "contoso": must be a management group id/],
    ['a KQL injection in the management group', { managedManagementGroupId: `${MG}" or true //` }, /invalid managedManagementGroupId/],
    ['the subscriptions query asked for without a management group', { resourceGraphQueries: { subscriptionsOutsideManagementGroup: true } }, /invalid managedManagementGroupId undefined: is required by resourceGraphQueries\.subscriptionsOutsideManagementGroup/],
    ['saved searches asked for without a workspace', { workspace: undefined, savedSearches: { openIncidentsBySeverity: true } }, /invalid savedSearches\.openIncidentsBySeverity true: needs workspace/],
    ['a workspace id that is not one', { workspace: { workspaceId: 'law-siem' } }, /invalid workspace\.workspaceId "law-siem"/],
    ['an unknown query', { resourceGraphQueries: { exposedVms: true } as never }, /invalid resourceGraphQueries\.exposedVms true: is not a known option/],
    ['a query switch that is not a boolean', { savedSearches: { openIncidentsBySeverity: 'yes' as never } }, /invalid savedSearches\.openIncidentsBySeverity "yes": must be true or false/],
    ['a lookback over two years', { savedSearchLookbackDays: 731 }, /invalid savedSearchLookbackDays 731: must be a whole number from 1 to 730/],
    ['an empty category', { savedSearchCategory: '' }, /invalid savedSearchCategory ""/],
    ['tags that are a list', { tags: ['owner'] as never }, /invalid tags \["owner"\]: must be an object of tag names to string values/],
    ['a tag value that is not a string', { tags: { owner: 1 } as never }, /invalid tags\.owner 1: must be a string of at most 256 characters/],
    ['a tag value over 256 characters', { tags: { owner: 'x'.repeat(257) } }, /invalid tags\.owner "x+\.\.\.: must be a string of at most 256 characters/],
    ['a __proto__ tag (cdktf would drop it)', { tags: JSON.parse('{"__proto__": "x"}') as Record<string, string> }, /invalid tags\.__proto__ "__proto__": the tag name must be .* other than "__proto__"/],
    ['a tag name that is a reference', { tags: { [Fn.upper('x')]: 'y' } }, /invalid tags\..*: the tag name must be a literal/],
    ['51 tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'x'])) }, /invalid tags "51 tags": must have at most 50 tags/],
    ['a baseline with a bad plan', { defenderPlanBaseline: { plans: [{ plan: 'Servers' as never }] } }, /invalid defenderPlanBaseline\.plans\[0\]\.plan "Servers"/],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });
});
