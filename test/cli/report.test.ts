import { parse } from 'parse5';
import { bundledAliases } from '../../lib/policy-engine';
import { suggestAlias } from '../../lib/policy-engine/suggest';
import { builtinHelpUri, findingFingerprint, formatScanHtml, formatScanJson, formatScanMarkdown, formatScanSarif, formatScanTable, limitResults, markdownText, scanExitCode, truncateFindings } from '../../lib/cli/report';
import { githubAnchor, readmeAnchors, repositoryUrl } from '../../lib/cli/report/help-links';
import type { Finding, ScanReport } from '../../lib/cli/report/types';
// The package exports the report types (type-only import: nothing of the package is loaded at run time).
import type { ScanReport as PublicScanReport, EvalOutput, PolicyTestReport } from '../../lib';
import { fullReport, HOSTILE } from './fixtures/report/full-report';

interface Node {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  value?: string;
  content?: Node;
}

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const c of node.childNodes ?? []) walk(c, visit);
  if (node.content) walk(node.content, visit);
}

function all(root: Node, tag: string): Node[] {
  const out: Node[] = [];
  walk(root, (n) => {
    if (n.tagName === tag) out.push(n);
  });
  return out;
}

function attr(n: Node, name: string): string | undefined {
  return n.attrs?.find((a) => a.name === name)?.value;
}

function text(n: Node): string {
  let out = '';
  walk(n, (c) => {
    if (c.nodeName === '#text') out += c.value ?? '';
  });
  return out;
}

function byId(root: Node, id: string): Node {
  let found: Node | undefined;
  walk(root, (n) => {
    if (!found && attr(n, 'id') === id) found = n;
  });
  if (!found) throw new Error(`no element #${id}`);
  return found;
}

interface SarifRun {
  tool: { driver: { rules: { id: string; helpUri?: string; help: { text: string; markdown: string }; shortDescription: { text: string }; fullDescription: { text: string }; properties: Record<string, unknown> }[] } };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
  results: { ruleId: string; ruleIndex: number; level: string; kind: string; message: { text: string }; suppressions?: unknown[]; partialFingerprints: Record<string, string>; locations: { physicalLocation?: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[] }[];
  properties: Record<string, unknown>;
}

describe('report formatters (pure functions over the C3 ScanReport)', () => {
  test('JSON is the report itself, with schemaVersion and every member', () => {
    const report: PublicScanReport = fullReport();
    const evalOutput: EvalOutput = { schemaVersion: 1, effect: null, trace: [] };
    const testReport: Pick<PolicyTestReport, 'schemaVersion' | 'errors'> = { schemaVersion: 1, errors: 0 };
    expect([evalOutput.schemaVersion, testReport.schemaVersion]).toEqual([1, 1]);
    const json = JSON.parse(formatScanJson(report));
    expect(json).toEqual(report);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'complete', 'resources', 'policies', 'assignments', 'findings', 'undetermined', 'notTranslated', 'exempted', 'skipped', 'errors', 'truncated']);
  });

  test('table: every section, locations, and an INCOMPLETE line naming why', () => {
    const out = formatScanTable(fullReport());
    for (const heading of ['FINDINGS', 'UNDETERMINED (known after apply)', 'EXEMPTED', 'NOT TRANSLATED (not evaluated)', 'SKIPPED (not evaluated)', 'ERRORS']) expect(out).toContain(`\n${heading}\n`);
    expect(out).toMatch(/Deny\s+deny-management-ports-from-internet\s+azurerm_network_security_rule\.rdp\s+module\.net\.azurerm_network_security_rule\.rdp main\.tf:42/);
    expect(out).toMatch(/Audit \(not enforced\)\s+mcsb\/aksAddon\s/);
    expect(out).toMatch(/would Deny\s+deny-management-ports-from-internet\s+azurerm_network_security_rule\.dynamic\s+depends on Microsoft\.Network/);
    // A definition that could not be read is listed once, as a skipped item marked as an error.
    expect(out).toMatch(/policies\/broken\.json\s+error: invalid JSON/);
    expect(out).toMatch(/policies\/k8s\.json\s+mode Microsoft\.Kubernetes\.Data/);
    expect(out.match(/broken\.json/g)).toHaveLength(1);
    expect(out).toMatch(/parameter 'effect' has no value \(first on \/subscriptions\/.*\/managedClusters\/aks\) \(x3\)/);
    expect(out).toMatch(/6 resource\(s\) x 3 definition\(s\): 9 finding\(s\), 4 error\(s\)/);
    expect(out).toMatch(/^INCOMPLETE: 2 item\(s\) not evaluated \(skipped\); 4 error\(s\) \(2 distinct\); findings truncated: 5 of 9 shown; 2 Terraform resource\(s\) not translated, so not evaluated$/m);
    // A line break inside a resource name cannot start a new line of the table.
    expect(out).not.toMatch(/^# heading/m);
  });

  test('a complete report has no INCOMPLETE line', () => {
    const r: ScanReport = { ...fullReport(), complete: true, skipped: [], errors: [], notTranslated: [], truncated: undefined };
    delete r.truncated;
    expect(formatScanTable(r)).not.toMatch(/INCOMPLETE/);
    expect(formatScanMarkdown(r)).not.toMatch(/Incomplete/);
  });

  test('markdown: verdict, incomplete banner, tables, every section; input cannot inject markup', () => {
    const md = formatScanMarkdown(fullReport());
    expect(md.startsWith('## guardrails scan\n\n**9 finding(s)** in 6 resource(s) against 3 definition(s); 4 error(s), 2 skipped, 1 undetermined, 1 exempted.')).toBe(true);
    expect(md).toMatch(/^> \*\*Incomplete scan:\*\* /m);
    for (const h of ['### Findings (5 of 9 kept by --max-results)', '### Undetermined (known after apply)', '### Exempted', '### Not translated (not evaluated)', '### Skipped (not evaluated)', '### Errors']) expect(md).toContain(`\n${h}\n`);
    // Every table row has exactly as many unescaped cell separators as its header.
    for (const block of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const rows = block.split('\n');
      const cells = (row: string): number => row.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(cells(row)).toBe(cells(rows[0]));
    }
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('](http');
    expect(md).not.toMatch(/^# heading/m);
    expect(markdownText('a|b <i>*x*</i> [l](u)')).toBe('a\\|b &lt;i&gt;\\*x\\*&lt;/i&gt; \\[l\\]\\(u\\)');
  });

  test('SARIF: relative artifact paths under %SRCROOT%, a region per result, logical locations, no absolute path', () => {
    const sarif = JSON.parse(formatScanSarif(fullReport(), { cwd: '/work/repo', basePath: '.' }));
    const run = sarif.runs[0] as SarifRun;
    expect(sarif.version).toBe('2.1.0');
    expect(run.results).toHaveLength(5 + 1 + 1);
    const deny = run.results[1];
    expect(deny.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'main.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 42 } });
    expect(deny.locations[0].logicalLocations.map((l) => l.fullyQualifiedName)).toEqual(['azurerm_network_security_rule.rdp', 'module.net.azurerm_network_security_rule.rdp', 'stack/net/rdp']);
    expect(run.results[0].locations[0].physicalLocation!.artifactLocation.uri).toBe('exports/arg.json');
    expect(run.results[0].locations[0].physicalLocation!.region.startLine).toBe(3);
    expect(JSON.stringify(sarif)).not.toContain('/work/repo');
    // --base-path: paths relative to it; files outside it lose the physical location (with a notification), never absolute.
    const based = JSON.parse(formatScanSarif(fullReport(), { cwd: '/work/repo/sub', basePath: '..' })).runs[0] as SarifRun;
    expect(based.results[0].locations[0].physicalLocation!.artifactLocation.uri).toBe('sub/exports/arg.json');
    const outside = JSON.parse(formatScanSarif(fullReport(), { cwd: '/work/repo', basePath: 'exports' })).runs[0] as SarifRun;
    expect(outside.results[1].locations[0].physicalLocation).toBeUndefined();
    expect(outside.results[0].locations[0].physicalLocation!.artifactLocation.uri).toBe('arg.json');
    expect(outside.invocations[0].toolExecutionNotifications.map((n) => n.message.text)).toContainEqual(expect.stringMatching(/^main\.tf is outside the base path/));
  });

  test('SARIF: rules with help from the definition; helpUri only where the page exists', () => {
    const run = JSON.parse(formatScanSarif(fullReport(), { cwd: '/r' })).runs[0] as SarifRun;
    const [kit, builtin, hostile] = run.tool.driver.rules;
    expect(kit.id).toBe('deny-management-ports-from-internet');
    expect(kit.shortDescription.text).toBe('Management ports should not be open to the internet');
    expect(kit.fullDescription.text).toBe('Denies inbound Allow rules that open 22/3389 to the internet.');
    expect(kit.help.text).toContain('Definition file: policies/definitions/deny-management-ports-from-internet.json');
    expect(kit.helpUri).toBeUndefined(); // the default link function knows only built-ins
    expect(kit.properties).toMatchObject({ tags: ['security', 'azure-policy', 'Network'], 'security-severity': '8.0' });
    expect(builtin.helpUri).toBe('https://portal.azure.com/#view/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F0a15ec92-a229-4763-bb14-0ea34a568f8d');
    expect(hostile.help.markdown).not.toContain('<script>');
    expect(hostile.help.markdown).not.toContain('](http');
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const withLink = JSON.parse(formatScanSarif(fullReport(), { helpUri: (p) => (p.policy === 'acr-admin-user-disabled' ? 'https://example.test/acr' : undefined) })).runs[0] as SarifRun;
    expect(withLink.tool.driver.rules.map((r) => r.helpUri)).toEqual([undefined, undefined, 'https://example.test/acr']);
  });

  test('SARIF: levels, kinds, suppressions, stable fingerprints, and every gap as a notification with executionSuccessful false', () => {
    const run = JSON.parse(formatScanSarif(fullReport())).runs[0] as SarifRun;
    expect(run.results.map((r) => [r.level, r.kind])).toEqual([['error', 'fail'], ['error', 'fail'], ['warning', 'fail'], ['warning', 'fail'], ['warning', 'fail'], ['note', 'review'], ['warning', 'fail']]);
    expect(run.results[2].message.text).toMatch(/^would be Audit \(assignment not enforced\)/);
    expect(run.results[6].suppressions).toEqual([{ kind: 'external', justification: expect.stringMatching(/^Waiver exemption .*legacy-aks until 2030-01-01/) }]);
    const prints = run.results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    expect(new Set(prints).size).toBe(prints.length);
    for (const p of prints) expect(p).toMatch(/^[0-9a-f]{16}:1$/);
    // Stable across runs and line moves; different for another resource.
    const f = fullReport().findings[0];
    expect(findingFingerprint({ ...f, line: 999 } as Finding)).toBe(prints[0]);
    expect(findingFingerprint({ ...f, resourceId: f.resourceId.toUpperCase() })).toBe(prints[0]);
    expect(findingFingerprint({ ...f, resourceId: f.resourceId + 'x' })).not.toBe(prints[0]);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    const notes = run.invocations[0].toolExecutionNotifications.map((n) => `${n.level}: ${n.message.text}`);
    expect(notes).toEqual([
      expect.stringMatching(/^warning: not evaluated: policies\/broken\.json: invalid JSON/),
      expect.stringMatching(/^warning: not evaluated: policies\/k8s\.json \(k8s-only\): mode Microsoft\.Kubernetes\.Data/),
      expect.stringMatching(/^error: policies\/broken\.json: invalid JSON/),
      expect.stringMatching(/^error: 0a15ec92-a229-4763-bb14-0ea34a568f8d: evaluate error .* \(first on .*managedClusters\/aks\) \[3 occurrences\]$/),
      expect.stringMatching(/^warning: not translated, so not evaluated: azapi_resource\.custom \(azapi_resource\) x2$/),
      expect.stringMatching(/^warning: results truncated by --max-results: 5 of 9 findings kept/),
    ]);
    expect(run.properties).toMatchObject({ schemaVersion: 1, complete: false, resources: 6, errors: 4, skipped: 2, truncated: { findings: 9, shown: 5 } });
    const clean = JSON.parse(formatScanSarif({ ...fullReport(), skipped: [], errors: [] })).runs[0] as SarifRun;
    expect(clean.invocations[0].executionSuccessful).toBe(true);
  });

  test('builtinHelpUri: only for built-in definition ids', () => {
    expect(builtinHelpUri({ policy: '0A15EC92-A229-4763-BB14-0EA34A568F8D' })).toMatch(/definitionId\/%2Fproviders%2FMicrosoft\.Authorization%2FpolicyDefinitions%2F0a15ec92-/);
    expect(builtinHelpUri({ policy: 'deny-x' })).toBeUndefined();
    expect(builtinHelpUri({ policy: '0a15ec92-a229-4763-bb14-0ea34a568f8d', policyType: 'Custom' })).toBeUndefined();
    expect(builtinHelpUri({ policy: 'x', policyId: '/subscriptions/s/providers/Microsoft.Authorization/policyDefinitions/0a15ec92-a229-4763-bb14-0ea34a568f8d' })).toBeUndefined();
  });

  test('kit help links: GitHub anchors, repository URLs, README sections that mention a definition', () => {
    expect(githubAnchor('Initiatives and their parameters')).toBe('initiatives-and-their-parameters');
    expect(githubAnchor('Registries that break a rule by design')).toBe('registries-that-break-a-rule-by-design');
    expect(repositoryUrl({ repository: { type: 'git', url: 'git+https://github.com/contoso/kit.git' } })).toBe('https://github.com/contoso/kit');
    expect(repositoryUrl({ repository: 'github:contoso/kit' })).toBe('https://github.com/contoso/kit');
    expect(repositoryUrl({})).toBeUndefined();
    const anchors = readmeAnchors('# Policy library\n\n## Definitions\n\n| `deny-x` | ... |\n\n```\n## not a heading `in-fence`\n```\n\n## deny-y\n\ntext `deny-x`\n');
    expect(anchors.get('deny-x')).toBe('definitions');
    expect(anchors.get('deny-y')).toBe('deny-y');
    expect(anchors.has('in-fence')).toBe(false);
  });

  test('truncateFindings: the most severe first, every policy represented, report order kept; limitResults counts all result kinds', () => {
    const mk = (policy: string, effect: string, i: number, enforced = true): Finding => ({ policy, effect, enforced, resourceId: `/r/${i}`, resourceType: 't', index: i });
    const findings = [...Array.from({ length: 10 }, (_, i) => mk('noisy-audit', 'Audit', i)), mk('rare-deny', 'Deny', 10), mk('other-audit', 'AuditIfNotExists', 11), mk('would-deny', 'Deny', 12, false), mk('modify', 'Modify', 13)];
    const report: ScanReport = { ...fullReport(), complete: true, findings, undetermined: [], exempted: [], skipped: [], errors: [], notTranslated: [] };
    delete report.truncated;
    const cut = truncateFindings(report, 4);
    expect(cut.findings.map((f) => f.policy)).toEqual(['noisy-audit', 'rare-deny', 'other-audit', 'would-deny']);
    expect(cut).toMatchObject({ complete: false, truncated: { findings: 14, shown: 4 } });
    expect(truncateFindings(report, 14)).toBe(report);
    const limited = limitResults(fullReport(), 6);
    expect([limited.findings.length, limited.undetermined.length, limited.exempted.length]).toEqual([5, 1, 0]);
    expect(limited.truncated).toEqual({ findings: 7, shown: 6 });
  });

  test('scanExitCode: errors 2; --fail-on decides which findings give 1', () => {
    const mk = (effect: string, enforced = true): Finding => ({ policy: 'p', effect, enforced, resourceId: '/r', resourceType: 't', index: 0 });
    const base = { errors: [] };
    expect(scanExitCode({ ...base, findings: [mk('Audit')] }, 'deny')).toBe(0);
    expect(scanExitCode({ ...base, findings: [mk('Deny', false)] }, 'deny')).toBe(0);
    expect(scanExitCode({ ...base, findings: [mk('DenyAction')] }, 'deny')).toBe(1);
    expect(scanExitCode({ ...base, findings: [mk('AuditIfNotExists')] }, 'audit')).toBe(1);
    expect(scanExitCode({ ...base, findings: [mk('Deny', false)] }, 'audit')).toBe(1);
    expect(scanExitCode({ ...base, findings: [mk('Modify')] }, 'audit')).toBe(0);
    expect(scanExitCode({ ...base, findings: [mk('Modify')] }, 'any')).toBe(1);
    expect(scanExitCode({ ...base, findings: [mk('Deny')] }, 'none')).toBe(0);
    expect(scanExitCode({ errors: [{ message: 'x', occurrences: 1 }], findings: [] }, 'none')).toBe(2);
  });

  describe('HTML (checked with an HTML parser)', () => {
    const html = formatScanHtml(fullReport(), { generatedAt: new Date('2026-01-02T03:04:05Z') });
    const doc = parse(html) as unknown as Node;

    test('a complete document: doctype, lang, charset, a CSP that forbids scripts and network, a title', () => {
      expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
      const metas = all(doc, 'meta');
      expect(metas.some((m) => attr(m, 'charset') === 'utf-8')).toBe(true);
      const csp = metas.find((m) => attr(m, 'http-equiv') === 'Content-Security-Policy');
      expect(attr(csp!, 'content')).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; img-src data:/);
      expect(text(all(doc, 'title')[0])).toBe('guardrails scan report');
    });

    test('self-contained: no script, no link, no external reference, no event handler attribute', () => {
      expect(all(doc, 'script')).toHaveLength(0);
      expect(all(doc, 'link')).toHaveLength(0);
      expect(all(doc, 'iframe')).toHaveLength(0);
      walk(doc, (n) => {
        for (const a of n.attrs ?? []) {
          expect(a.name).not.toMatch(/^on/i);
          if (['src', 'href', 'xlink:href', 'action', 'srcset'].includes(a.name)) expect(a.value).toMatch(/^(data:|#)/);
        }
      });
      // CSS cannot fetch either.
      expect(html).not.toMatch(/url\(|@import/);
    });

    test('structure: summary first (status, counts), then the chart, policies, findings and every other section', () => {
      const body = all(doc, 'body')[0];
      const sections = (body.childNodes ?? []).filter((n) => n.tagName === 'section').map((n) => attr(n, 'id'));
      expect(sections).toEqual(['summary', 'chart', 'policies', 'findings', 'undetermined', 'exempted', 'not-translated', 'skipped', 'errors', 'assignments']);
      const status = all(byId(doc, 'summary'), 'div').find((d) => attr(d, 'role') === 'status')!;
      expect(attr(status, 'class')).toBe('status incomplete');
      expect(text(status)).toMatch(/^Incomplete scan.*2 item\(s\) not evaluated \(skipped\)4 error\(s\) \(2 distinct\)findings truncated: 5 of 9 shown/);
      const cards = Object.fromEntries(all(byId(doc, 'summary'), 'div').filter((d) => attr(d, 'data-count')).map((d) => [attr(d, 'data-count'), text(d)]));
      expect(cards).toEqual({ resources: '6resources', definitions: '3definitions', findings: '9findings', deny: '2deny', undetermined: '1undetermined', exempted: '1exempted', skipped: '2skipped', errors: '4errors' });
    });

    test('chart: inline SVG, one labelled bar group per policy with findings, one rect per effect, a legend', () => {
      const svg = all(byId(doc, 'chart'), 'svg');
      expect(svg).toHaveLength(1);
      const groups = all(svg[0], 'g');
      expect(groups.map((g) => text(all(g, 'title')[0]))).toEqual([
        'Management ports should not be open to the internet (deny-management-ports-from-internet): Deny 2, Audit 1',
        'aksAddon (0a15ec92-a229-4763-bb14-0ea34a568f8d): Audit 1',
        `${HOSTILE} (acr-admin-user-disabled): Modify 1`,
      ]);
      expect(groups.map((g) => all(g, 'rect').length)).toEqual([2, 1, 1]);
      const legend = all(svg[0], 'rect').length - 4;
      expect(legend).toBe(3); // Deny, Audit, Modify
    });

    test('tables: a row per policy and per finding; hostile input is text, never markup', () => {
      expect(all(byId(doc, 'policy-table'), 'tr')).toHaveLength(1 + 3);
      expect(all(byId(doc, 'finding-table'), 'tr')).toHaveLength(1 + 5);
      expect(text(byId(doc, 'finding-table'))).toContain('<script>alert(1)</script>');
      expect(all(doc, 'script')).toHaveLength(0);
      expect(all(byId(doc, 'skipped-table'), 'tr')).toHaveLength(1 + 2);
      expect(all(byId(doc, 'errors-table'), 'tr')).toHaveLength(1 + 2);
      expect(text(byId(doc, 'findings'))).toMatch(/4 more finding\(s\) not listed here \(--max-results\)/);
    });
  });
});

describe('alias suggestions', () => {
  test('the closest alias of the same type, by its property part; nothing when nothing is close', () => {
    const catalog = bundledAliases();
    expect(suggestAlias(catalog, 'Microsoft.Storage/storageAccounts/supportHttpsTrafficOnly')).toBe("; did you mean 'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly'?");
    expect(suggestAlias(catalog, 'microsoft.storage/storageaccounts/allowBlobPublicAcess')).toBe("; did you mean 'Microsoft.Storage/storageAccounts/allowBlobPublicAccess'?");
    expect(suggestAlias(catalog, 'Microsoft.Storage/storageAccounts/noSuchProperty')).toBe('');
    expect(suggestAlias(catalog, 'Contoso.Nothing/widgets/x')).toBe('');
  });
});
