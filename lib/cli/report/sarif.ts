import { createHash } from 'crypto';
import * as path from 'path';
import { effectClass, errorCount, undeterminedCause } from './common';
import type { Finding, PolicySummary, ScanReport } from './types';

/** Options of formatScanSarif. */
export interface SarifOptions {
  /** Folder the artifact paths are made relative to (GitHub resolves them against the repository root). @default cwd */
  readonly basePath?: string;
  /** Folder the report's `file` values are relative to. @default process.cwd() */
  readonly cwd?: string;
  /**
   * Link to a page documenting a definition, or undefined when there is none (a link is never guessed).
   * @default builtinHelpUri: Azure portal pages of built-in definitions only
   */
  readonly helpUri?: (policy: PolicySummary) => string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Azure portal page of a built-in definition (`/providers/Microsoft.Authorization/policyDefinitions/<guid>`, the
 * link Microsoft's own built-in reference uses), or undefined for anything else.
 */
export function builtinHelpUri(policy: Pick<PolicySummary, 'policy' | 'policyId' | 'policyType'>): string | undefined {
  const id = policy.policyId ?? (GUID.test(policy.policy) ? `/providers/Microsoft.Authorization/policyDefinitions/${policy.policy}` : undefined);
  if (!id) return undefined;
  const m = /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/([0-9a-f-]{36})$/i.exec(id);
  if (!m || !GUID.test(m[1])) return undefined;
  if (policy.policyType !== undefined && policy.policyType.toLowerCase() !== 'builtin') return undefined;
  return `https://portal.azure.com/#view/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/${encodeURIComponent(`/providers/Microsoft.Authorization/policyDefinitions/${m[1].toLowerCase()}`)}`;
}

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { deny: 'error', audit: 'warning', remediate: 'warning', other: 'note' };
/** GitHub: >= 9 critical, 7-8.9 high, 4-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<string, string> = { deny: '8.0', audit: '5.0', remediate: '4.0', other: '2.0' };

function level(f: Pick<Finding, 'effect' | 'enforced'>): 'error' | 'warning' | 'note' {
  const c = effectClass(f.effect);
  if (c === 'deny' && f.enforced === false) return 'warning';
  return LEVEL[c];
}

/** A result's identity across runs: policy, assignment, member and resource (not its line, which moves). */
export function findingFingerprint(f: { policy: string; assignment?: string; referenceId?: string; resourceId: string; address?: string }, kind = 'finding'): string {
  const key = [kind, f.policy.toLowerCase(), (f.assignment ?? '').toLowerCase(), (f.referenceId ?? '').toLowerCase(), f.resourceId.toLowerCase(), f.address ?? ''].join('\u0000');
  return `${createHash('sha256').update(key).digest('hex').slice(0, 16)}:1`;
}

function ruleKey(p: { policy: string }): string {
  return p.policy;
}

function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ');
}

/** Markdown-inert text for help.markdown. */
function md(text: string): string {
  return plain(text).replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per definition (help and helpUri from the
 * definition), one result per finding with the resource's file and line (paths relative to `basePath`, never
 * absolute) and its resource id / Terraform address as logical locations, stable `partialFingerprints`;
 * undetermined results as `kind: review`, exempted ones with a suppression. Everything that makes the scan
 * incomplete (skipped definitions, errors, truncation, untranslated Terraform resources) is a tool execution
 * notification, and `executionSuccessful` is false when anything was skipped or failed.
 */
export function formatScanSarif(report: ScanReport, options: SarifOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const basePath = path.resolve(cwd, options.basePath ?? '.');
  const helpUri = options.helpUri ?? builtinHelpUri;
  const notifications: { level: 'error' | 'warning' | 'note'; message: { text: string }; descriptor?: { id: string } }[] = [];
  const outside = new Set<string>();
  const artifactUri = (file: string | undefined): string | undefined => {
    if (file === undefined || file === '' || file === '-') return undefined;
    const rel = path.relative(basePath, path.resolve(cwd, file));
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      if (!outside.has(file)) {
        outside.add(file);
        notifications.push({ level: 'warning', message: { text: `${plain(file)} is outside the base path (--base-path); results in it carry no file location` } });
      }
      return undefined;
    }
    return rel.split(path.sep).join('/');
  };

  // Rules: one per definition name, in report order; also for findings of definitions missing from `policies`.
  const rules = new Map<string, { summary: PolicySummary; strongest: number }>();
  for (const p of report.policies) if (!rules.has(ruleKey(p))) rules.set(ruleKey(p), { summary: p, strongest: 9 });
  const ensureRule = (policy: string): void => {
    if (!rules.has(policy)) rules.set(policy, { summary: { policy, mode: '', evaluated: 0, notApplicable: 0, skipped: 0, effects: {}, undetermined: 0, errors: 0 }, strongest: 9 });
  };
  const order = ['deny', 'audit', 'remediate', 'other'];
  for (const p of report.policies) {
    const rule = rules.get(ruleKey(p))!;
    for (const [effect, n] of Object.entries(p.effects)) if (n > 0 && effect.toLowerCase() !== 'disabled') rule.strongest = Math.min(rule.strongest, order.indexOf(effectClass(effect)));
  }
  for (const f of [...report.findings, ...report.undetermined, ...report.exempted]) ensureRule(f.policy);
  const ruleIndex = new Map([...rules.keys()].map((k, i) => [k, i]));

  const sarifRules = [...rules.values()].map(({ summary: p, strongest }) => {
    const title = p.displayName ?? p.policy;
    const description = p.description ?? title;
    const uri = helpUri(p);
    const facts = [
      p.file ? `Definition file: ${p.file}` : undefined,
      p.policyId ? `Definition id: ${p.policyId}` : undefined,
      p.version ? `Version: ${p.version}` : undefined,
      p.mode ? `Mode: ${p.mode}` : undefined,
      p.category ? `Category: ${p.category}` : undefined,
    ].filter((x): x is string => x !== undefined);
    const tags = ['security', 'azure-policy', ...(p.category ? [p.category] : [])];
    return {
      id: p.policy,
      name: p.policy,
      shortDescription: { text: plain(title).slice(0, 1024) },
      fullDescription: { text: plain(description).slice(0, 1024) },
      help: {
        text: [plain(title), plain(description), ...facts].filter((t, i, a) => a.indexOf(t) === i).join('\n\n'),
        markdown: [`**${md(title)}**`, md(description), ...facts.map((f) => `- ${md(f)}`), ...(uri ? [`[Definition](${uri})`] : [])].filter((t, i, a) => a.indexOf(t) === i).join('\n\n'),
      },
      ...(uri ? { helpUri: uri } : {}),
      defaultConfiguration: { level: strongest < 9 ? LEVEL[order[strongest]] : 'warning' },
      properties: {
        tags,
        ...(strongest < 9 ? { 'security-severity': SECURITY_SEVERITY[order[strongest]] } : {}),
        ...(p.mode ? { mode: p.mode } : {}),
        ...(p.version ? { version: p.version } : {}),
      },
    };
  });

  const location = (f: { file?: string; line?: number; resourceId: string; address?: string; constructPath?: string }): Record<string, unknown> => {
    const uri = artifactUri(f.file);
    const logical: Record<string, unknown>[] = [{ fullyQualifiedName: plain(f.resourceId), kind: 'resource' }];
    if (f.address) logical.push({ fullyQualifiedName: plain(f.address), kind: 'resource', name: 'terraform address' });
    if (f.constructPath) logical.push({ fullyQualifiedName: plain(f.constructPath), kind: 'module', name: 'cdktf construct path' });
    return {
      ...(uri !== undefined ? { physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine: f.line ?? 1 } } } : {}),
      logicalLocations: logical,
    };
  };
  const where = (f: { resourceType?: string; resourceId: string; address?: string }): string => `${f.address ? `${f.address} (${f.resourceId})` : `${f.resourceType ? `${f.resourceType} ` : ''}${f.resourceId}`}`;
  const assignmentProps = (f: { assignment?: string; referenceId?: string; groups?: string[] }): Record<string, unknown> => ({
    ...(f.assignment ? { assignment: f.assignment } : {}),
    ...(f.referenceId ? { referenceId: f.referenceId } : {}),
    ...(f.groups && f.groups.length ? { groups: f.groups } : {}),
  });

  const results: Record<string, unknown>[] = [];
  for (const f of report.findings) {
    const verb = f.enforced === false ? `would be ${f.effect} (assignment not enforced)` : f.effect;
    results.push({
      ruleId: f.policy,
      ruleIndex: ruleIndex.get(f.policy),
      level: level(f),
      kind: 'fail',
      message: { text: plain(`${verb}: ${where(f)} does not comply with ${f.displayName ?? f.policy}${f.reason ? `. ${f.reason}` : ''}`) },
      locations: [location(f)],
      partialFingerprints: { primaryLocationLineHash: findingFingerprint(f) },
      properties: { effect: f.effect, enforced: f.enforced, resourceType: f.resourceType, resourceId: f.resourceId, ...assignmentProps(f), ...(f.details !== undefined ? { details: f.details } : {}) },
    });
  }
  for (const u of report.undetermined) {
    results.push({
      ruleId: u.policy,
      ruleIndex: ruleIndex.get(u.policy),
      level: 'note',
      kind: 'review',
      message: { text: plain(u.paths.length ? `Would be ${u.effect} if the values known only after apply match: ${u.address ?? u.resourceId} ${undeterminedCause(u)}` : `Would be ${u.effect}: ${u.address ?? u.resourceId} ${undeterminedCause(u)}`) },
      locations: [location(u)],
      partialFingerprints: { primaryLocationLineHash: findingFingerprint(u, 'undetermined') },
      properties: { effect: u.effect, paths: u.paths, reasons: u.reasons, ...assignmentProps(u) },
    });
  }
  for (const x of report.exempted) {
    results.push({
      ruleId: x.policy,
      ruleIndex: ruleIndex.get(x.policy),
      level: level({ effect: x.effect, enforced: true }),
      kind: 'fail',
      message: { text: plain(`${x.effect}: ${where(x)} does not comply with ${x.displayName ?? x.policy} (exempted: ${x.exemption.category})`) },
      locations: [location(x)],
      suppressions: [{ kind: 'external', justification: plain(`${x.exemption.category} exemption ${x.exemption.id}${x.exemption.expiresOn ? ` until ${x.exemption.expiresOn}` : ''}`) }],
      partialFingerprints: { primaryLocationLineHash: findingFingerprint(x) },
      properties: { effect: x.effect, resourceType: x.resourceType, resourceId: x.resourceId, exemption: x.exemption, ...assignmentProps(x) },
    });
  }

  for (const s of report.skipped) notifications.push({ level: 'warning', message: { text: plain(`not evaluated: ${s.file ?? s.policy ?? '(input)'}${s.policy && s.file ? ` (${s.policy})` : ''}: ${s.reason}`) } });
  for (const e of report.errors) {
    notifications.push({ level: 'error', message: { text: plain(`${e.policy ? `${e.policy}: ` : ''}${e.message}${e.resourceId || e.address ? ` (first on ${e.address ?? e.resourceId})` : ''}${e.occurrences > 1 ? ` [${e.occurrences} occurrences]` : ''}`) } });
  }
  for (const t of report.notTranslated) notifications.push({ level: 'warning', message: { text: plain(`not translated, so not evaluated: ${t.address} (${t.type}${t.armType ? `: ${t.armType}` : ''})${t.count !== undefined ? ` x${t.count}` : ''}`) } });
  if (report.truncated) {
    notifications.push({ level: 'warning', message: { text: `results truncated by --max-results: ${report.truncated.shown} of ${report.truncated.findings} findings kept (the most severe first, every policy represented); the JSON report lists all` } });
  }
  const success = report.errors.length === 0 && report.skipped.length === 0;
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            fullName: 'cdktf-azure-guardrails policy scan',
            version: report.tool.version,
            ...(/^\d+\.\d+\.\d+/.test(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
            informationUri: 'https://www.npmjs.com/package/cdktf-azure-guardrails',
            rules: sarifRules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder artifact paths are relative to: --base-path, else the working folder of the scan.' } } },
        invocations: [{ executionSuccessful: success, toolExecutionNotifications: notifications }],
        results,
        properties: {
          schemaVersion: report.schemaVersion,
          complete: report.complete,
          resources: report.resources,
          errors: errorCount(report),
          skipped: report.skipped.length,
          ...(report.truncated ? { truncated: report.truncated } : {}),
        },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
