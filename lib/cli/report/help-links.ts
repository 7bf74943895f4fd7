import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../core/package-root';
import { builtinHelpUri } from './sarif';
import type { PolicySummary } from './types';

/**
 * Help links of SARIF rules. A link is given only where the page and anchor exist: Azure's portal page for built-in
 * definitions, and for the kit's own definitions the section of the shipped policies/README.md that documents them,
 * on the repository named in package.json. No repository, no README, no section: no link.
 */

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
export function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The repository web URL from package.json's `repository` (`github:o/r`, `git+https://github.com/o/r.git`, ...). */
export function repositoryUrl(pkg: unknown): string | undefined {
  const repo = typeof pkg === 'object' && pkg !== null ? (pkg as { repository?: unknown }).repository : undefined;
  const raw = typeof repo === 'string' ? repo : typeof repo === 'object' && repo !== null && typeof (repo as { url?: unknown }).url === 'string' ? (repo as { url: string }).url : undefined;
  if (!raw) return undefined;
  const short = /^(?:github:)?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(raw);
  if (short) return `https://github.com/${short[1]}/${short[2].replace(/\.git$/, '')}`;
  const m = /^(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?(github\.com|gitlab\.com|dev\.azure\.com)[/:](.+?)(?:\.git)?\/?$/.exec(raw);
  return m ? `https://${m[1]}/${m[2]}` : undefined;
}

/**
 * For each definition named in the README, the anchor of the section that documents it: a heading equal to the name,
 * else the heading of the first section that mentions it in backticks.
 */
export function readmeAnchors(readme: string): Map<string, string> {
  const out = new Map<string, string>();
  const headings = new Map<string, number>();
  let current: string | undefined;
  let inFence = false;
  for (const line of readme.split(/\r?\n/)) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const h = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) {
      let anchor = githubAnchor(h[1]);
      const n = headings.get(anchor) ?? 0;
      headings.set(anchor, n + 1);
      if (n > 0) anchor = `${anchor}-${n}`;
      current = anchor;
      const name = h[1].replace(/`/g, '').trim();
      if (/^[A-Za-z0-9_.-]+$/.test(name)) out.set(name.toLowerCase(), anchor);
      continue;
    }
    if (!current) continue;
    for (const m of line.matchAll(/`([A-Za-z0-9_.-]+)`/g)) {
      const key = m[1].toLowerCase();
      if (!out.has(key)) out.set(key, current);
    }
  }
  return out;
}

let kitLinks: { base: string; anchors: Map<string, string>; names: Set<string> } | null | undefined;

function loadKitLinks(): typeof kitLinks {
  if (kitLinks !== undefined) return kitLinks;
  try {
    const root = packageRoot();
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const repo = repositoryUrl(pkg);
    const readme = fs.readFileSync(path.join(root, 'policies', 'README.md'), 'utf8');
    const names = new Set(fs.readdirSync(path.join(root, 'policies', 'definitions')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5).toLowerCase()));
    kitLinks = repo ? { base: `${repo}/blob/HEAD/policies/README.md`, anchors: readmeAnchors(readme), names } : null;
  } catch {
    kitLinks = null;
  }
  return kitLinks;
}

/** The help link of a definition: Azure's page for built-ins, the kit README's section for kit definitions, else none. */
export function policyHelpUri(policy: PolicySummary): string | undefined {
  const builtin = builtinHelpUri(policy);
  if (builtin) return builtin;
  if (policy.policyType !== undefined && policy.policyType.toLowerCase() !== 'custom') return undefined;
  const kit = loadKitLinks();
  if (!kit) return undefined;
  const key = policy.policy.toLowerCase();
  if (!kit.names.has(key)) return undefined;
  const anchor = kit.anchors.get(key);
  return anchor ? `${kit.base}#${anchor}` : undefined;
}
