import { errorCount, findingRank, findingsByPolicy, incompleteReasons, locationText } from './common';
import type { ScanReport } from './types';

/** Options of formatScanHtml. */
export interface HtmlOptions {
  /** Page title. @default 'guardrails scan report' */
  readonly title?: string;
  /** When the scan ran (shown in the header). @default now */
  readonly generatedAt?: Date;
  /** Findings listed in the table (the rest are counted; the JSON report lists all). @default 5000 */
  readonly maxFindings?: number;
  /** Policies drawn in the chart. @default 30 */
  readonly maxChartRows?: number;
}

/** Escapes text for HTML/SVG content and attribute values (quotes included); drops characters XML forbids. */
export function htmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '')
      .replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`)
  );
}

const EFFECT_COLOURS: Record<string, string> = {
  deny: '#c62828',
  denyaction: '#8e0000',
  audit: '#b45309',
  auditifnotexists: '#8a5a00',
  deployifnotexists: '#1565c0',
  modify: '#6a1b9a',
  append: '#00838f',
  manual: '#5d6d7e',
};

function colour(effect: string): string {
  return EFFECT_COLOURS[effect.toLowerCase()] ?? '#78909c';
}

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 18px; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.status { margin: 20px 0; padding: 12px 16px; border-radius: 6px; border: 1px solid; font-weight: 600; }
.status.ok { background: #dafbe1; border-color: #4ac26b; }
.status.findings { background: #fff8c5; border-color: #d4a72c; }
.status.incomplete { background: #ffebe9; border-color: #ff8182; }
.status ul { margin: 6px 0 0; padding-left: 20px; font-weight: 400; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 130px; }
.card .n { font-size: 22px; font-weight: 600; display: block; }
.card .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: var(--panel); position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; min-width: 18em; }
.effect { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; white-space: nowrap; }
.muted { color: var(--muted); }
.chart { max-width: 1100px; }
.chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--fg); }
.note { color: var(--muted); margin: 8px 0; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

function effectBadge(effect: string, enforced = true): string {
  return `<span class="effect" style="background:${colour(effect)}">${htmlEscape(effect)}${enforced ? '' : ' (not enforced)'}</span>`;
}

function chart(report: ScanReport, maxRows: number): string {
  const rows = findingsByPolicy(report);
  if (rows.length === 0) return '<p class="note">No policy applied to any resource with an effect other than Disabled: nothing to chart.</p>';
  const shown = rows.slice(0, maxRows);
  const effects = [...new Set(shown.flatMap((r) => r.effects.map(([e]) => e)))];
  const labelWidth = 330;
  const barWidth = 600;
  const rowHeight = 26;
  const top = 34;
  const max = Math.max(...shown.map((r) => r.total));
  const height = top + shown.length * rowHeight + 12;
  const width = labelWidth + barWidth + 90;
  const out: string[] = [];
  out.push(`<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">`);
  out.push(`<title id="chart-title">Resources each policy applied to, by effect</title>`);
  // legend
  let x = labelWidth;
  for (const e of effects) {
    out.push(`<rect x="${x}" y="8" width="12" height="12" rx="2" fill="${colour(e)}"/><text x="${x + 17}" y="18">${htmlEscape(e)}</text>`);
    x += 30 + e.length * 7.5;
  }
  shown.forEach((r, i) => {
    const y = top + i * rowHeight;
    const label = r.label.length > 46 ? `${r.label.slice(0, 45)}…` : r.label;
    out.push(`<g><title>${htmlEscape(`${r.label}${r.label !== r.policy ? ` (${r.policy})` : ''}: ${r.effects.map(([e, n]) => `${e} ${n}`).join(', ')}`)}</title>`);
    out.push(`<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${htmlEscape(label)}</text>`);
    let bx = labelWidth;
    for (const [e, n] of r.effects) {
      const w = Math.max(2, (n / max) * barWidth);
      out.push(`<rect x="${bx.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${colour(e)}"/>`);
      bx += w;
    }
    out.push(`<text x="${(bx + 6).toFixed(1)}" y="${y + 16}">${r.total}</text></g>`);
  });
  out.push('</svg>');
  if (rows.length > shown.length) out.push(`<p class="note">${rows.length - shown.length} more policies with smaller counts are listed in the table below.</p>`);
  return out.join('\n');
}

/** A table cell: HTML (already escaped), or HTML with a class. */
type Cell = string | { readonly html: string; readonly cls: 'num' | 'id' };

function table(id: string, header: string[], rows: Cell[][], numeric: number[] = []): string {
  const th = header.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''} scope="col">${htmlEscape(h)}</th>`).join('');
  const td = (c: Cell): string => (typeof c === 'string' ? `<td>${c}</td>` : `<td class="${c.cls}">${c.html}</td>`);
  const body = rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('\n');
  return `<table id="${id}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const num = (n: number): Cell => ({ html: String(n), cls: 'num' });
const id = (text: string): Cell => ({ html: htmlEscape(text), cls: 'id' });

/**
 * A self-contained HTML report: a summary (verdict, counts, what made it incomplete), an inline SVG chart of the
 * resources each policy applied to by effect, the per-policy table, then the findings and every other section.
 * No script, no external resource (a Content-Security-Policy forbids both); every string from the input is escaped.
 */
export function formatScanHtml(report: ScanReport, options: HtmlOptions = {}): string {
  const title = options.title ?? 'guardrails scan report';
  const maxFindings = options.maxFindings ?? 5000;
  const total = report.truncated?.findings ?? report.findings.length;
  const reasons = incompleteReasons(report);
  const incomplete = !report.complete || reasons.length > 0;
  const denies = report.findings.filter((f) => findingRank(f) === 0).length;
  const status = incomplete ? 'incomplete' : total > 0 ? 'findings' : 'ok';
  const statusText = incomplete ? 'Incomplete scan: some of the estate was not assessed' : total > 0 ? `${total} finding(s)` : 'No findings';
  const when = (options.generatedAt ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  const parts: string[] = [];
  parts.push('<!DOCTYPE html>');
  parts.push('<html lang="en">');
  parts.push('<head>');
  parts.push('<meta charset="utf-8">');
  parts.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`);
  parts.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  parts.push(`<meta name="generator" content="${htmlEscape(`${report.tool.name} ${report.tool.version}`)}">`);
  parts.push(`<title>${htmlEscape(title)}</title>`);
  parts.push(`<style>${STYLE}</style>`);
  parts.push('</head>');
  parts.push('<body>');
  parts.push(`<header><h1>${htmlEscape(title)}</h1><p>${htmlEscape(`${report.tool.name} ${report.tool.version}, ${when}; report schema version ${report.schemaVersion}`)}</p></header>`);
  parts.push('<section id="summary">');
  parts.push(`<div class="status ${status}" role="status">${htmlEscape(statusText)}${incomplete ? `<ul>${reasons.map((r) => `<li>${htmlEscape(r)}</li>`).join('')}</ul>` : ''}</div>`);
  const cards: [string, number][] = [
    ['resources', report.resources],
    ['definitions', report.policies.length],
    ['findings', total],
    ['deny', denies],
    ['undetermined', report.undetermined.length],
    ['exempted', report.exempted.length],
    ['skipped', report.skipped.length],
    ['errors', errorCount(report)],
  ];
  parts.push(`<div class="cards">${cards.map(([l, n]) => `<div class="card" data-count="${l}"><span class="n">${n}</span><span class="l">${htmlEscape(l)}</span></div>`).join('')}</div>`);
  parts.push('</section>');
  parts.push('<section id="chart"><h2>Resources by policy and effect</h2>');
  parts.push(chart(report, options.maxChartRows ?? 30));
  parts.push('</section>');
  parts.push('<section id="policies"><h2>Policies</h2>');
  parts.push(
    table(
      'policy-table',
      ['Policy', 'Mode', 'Evaluated', 'Not applicable', 'Skipped', 'Effects', 'Undetermined', 'Errors'],
      report.policies.map((p) => [
        `${htmlEscape(p.displayName ?? p.policy)}${p.displayName ? `<br><span class="muted">${htmlEscape(p.referenceId ?? p.policy)}</span>` : ''}`,
        htmlEscape(p.mode),
        num(p.evaluated),
        num(p.notApplicable),
        num(p.skipped),
        Object.entries(p.effects).map(([e, n]) => `${effectBadge(e)} ${n}`).join(' ') || '<span class="muted">none</span>',
        num(p.undetermined),
        num(p.errors),
      ]),
      [2, 3, 4, 6, 7],
    ),
  );
  parts.push('</section>');
  parts.push('<section id="findings"><h2>Findings</h2>');
  if (report.findings.length === 0) parts.push('<p class="note">No findings.</p>');
  else {
    const shown = report.findings.slice(0, maxFindings);
    parts.push(table('finding-table', ['Effect', 'Policy', 'Resource', 'Type', 'Location'], shown.map((f) => [effectBadge(f.effect, f.enforced !== false), htmlEscape(f.displayName ?? f.policy), id(f.resourceId), htmlEscape(f.resourceType), htmlEscape(locationText(f))])));
    const cut = total - shown.length;
    if (cut > 0) parts.push(`<p class="note">${cut} more finding(s) not listed here${report.truncated ? ' (--max-results)' : ''}; the JSON report lists all.</p>`);
  }
  parts.push('</section>');
  const optional = (sectionId: string, heading: string, header: string[], rows: Cell[][], numeric: number[] = []): void => {
    if (rows.length === 0) return;
    parts.push(`<section id="${sectionId}"><h2>${htmlEscape(heading)}</h2>`);
    parts.push(table(`${sectionId}-table`, header, rows, numeric));
    parts.push('</section>');
  };
  optional('undetermined', 'Undetermined (known only after apply)', ['Would', 'Policy', 'Resource', 'Depends on'], report.undetermined.map((u) => [effectBadge(u.effect), htmlEscape(u.policy), id(u.address ?? u.resourceId), htmlEscape(u.paths.join(', ') || u.reasons.join('; '))]));
  optional('exempted', 'Exempted', ['Effect', 'Policy', 'Resource', 'Exemption'], report.exempted.map((x) => [effectBadge(x.effect), htmlEscape(x.policy), id(x.resourceId), htmlEscape(`${x.exemption.category} ${x.exemption.id}${x.exemption.expiresOn ? ` until ${x.exemption.expiresOn}` : ''}`)]));
  optional('not-translated', 'Not translated (not evaluated)', ['Address', 'Type', 'Count'], report.notTranslated.map((t) => [id(t.address), htmlEscape(t.armType ? `${t.type} (${t.armType})` : t.type), t.count !== undefined ? num(t.count) : '']));
  optional('skipped', 'Skipped (not evaluated)', ['What', 'Why'], report.skipped.map((s) => [id(s.file ?? s.policy ?? '-'), htmlEscape(s.reason)]));
  optional('errors', 'Errors', ['Policy', 'First resource', 'Message', 'Occurrences'], report.errors.map((e) => [htmlEscape(e.policy ?? '-'), id(e.resourceId ?? e.address ?? ''), htmlEscape(e.message), num(e.occurrences)]), [3]);
  optional('assignments', 'Assignments', ['Assignment', 'Scope', 'Enforcement', 'Deny', 'Audit', 'Undetermined', 'Exempted'], report.assignments.map((a) => [htmlEscape(a.name), id(a.scope), htmlEscape(a.enforcementMode), num(a.totals.deny + a.totals.denyAction), num(a.totals.audit), num(a.totals.undetermined), num(a.totals.exempted)]), [3, 4, 5, 6]);
  parts.push(`<footer>${htmlEscape(`${report.tool.name} ${report.tool.version}`)}: offline Azure Policy evaluation. This page loads nothing from the network.</footer>`);
  parts.push('</body>');
  parts.push('</html>');
  return parts.join('\n') + '\n';
}
