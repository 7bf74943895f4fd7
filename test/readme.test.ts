/**
 * The READMEs as their readers meet them: in the repository, and inside the installed package (node_modules, or
 * the npm website, which resolves relative links against `repository`). Every relative link must lead to a file the
 * package ships and, with an anchor, to a heading of that file; the commands this repository's README gives run
 * quietly. (The "Using the constructs" example itself runs in test/package.test.ts, against the packed package.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { quietCdktfEnv } from '../scripts/cdktf';
import { ROOT as root, run } from './packaging';

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens, `-1`, `-2` for repeats. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/```[\s\S]*?```/g, '');
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Markdown link targets outside code blocks and code spans: `[text](target)`. */
function linkTargets(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

const shipped = (JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], root)) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
const markdown = shipped.filter((f) => f.endsWith('.md'));

describe('links in the shipped READMEs', () => {
  test('the package ships every folder README the main README links to', () => {
    const linked = linkTargets(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).filter((t) => /^(lib|policies)\/.*README\.md/.test(t)).map((t) => t.split('#')[0]);
    expect(linked).toEqual(expect.arrayContaining(['lib/defender/README.md', 'lib/registry/README.md', 'lib/onboarding/README.md', 'lib/cli/README.md', 'policies/README.md']));
    for (const target of linked) expect(shipped).toContain(target);
  });

  test.each(markdown)('%s: relative links lead to shipped files and existing headings', (file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const broken: string[] = [];
    for (const target of linkTargets(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;           // https:, mailto:
      const [ref, anchor] = target.split('#');
      const resolved = ref === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), ref));
      if (!shipped.includes(resolved)) {
        broken.push(`${target}: ${resolved} is not in the package`);
        continue;
      }
      if (anchor !== undefined && resolved.endsWith('.md') && !headingAnchors(fs.readFileSync(path.join(root, resolved), 'utf8')).has(anchor)) {
        broken.push(`${target}: ${resolved} has no heading #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('the checker itself: anchors and links as GitHub reads them', () => {
    expect(headingAnchors('# A `b` c\n## Who needs what (role assignments)\n## A b c\n```\n# not a heading\n```')).toEqual(
      new Set(['a-b-c', 'who-needs-what-role-assignments', 'a-b-c-1']));
    expect(linkTargets('[x](a.md#b) `[y](c.md)` [z](https://e.org "t")\n```\n[w](d.md)\n```')).toEqual(['a.md#b', 'https://e.org']);
  });
});

describe('package metadata for the npm page', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

  test('repository, homepage, bugs and keywords point at one repository', () => {
    const repo = (pkg.repository as { type: string; url: string });
    expect(repo.type).toBe('git');
    const m = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(repo.url);
    expect(m).not.toBeNull();
    expect(pkg.homepage).toBe(`${m![1]}#readme`);
    expect(pkg.bugs).toEqual({ url: `${m![1]}/issues` });
    expect(pkg.keywords).toEqual(expect.arrayContaining(['cdktf', 'azure', 'terraform', 'azure-policy']));
  });
});

describe('quiet commands', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

  test('the README synthesizes and deploys through npm scripts that switch the checkpoint call off', () => {
    expect(pkg.scripts.synth).toBe('tsx scripts/cdktf.ts synth');
    expect(pkg.scripts.cdktf).toBe('tsx scripts/cdktf.ts');
    // The sections for consumers' own projects say to export CHECKPOINT_DISABLE; this repository's commands use the
    // wrapper.
    const consumerSections = ['Using the constructs in your own stack', 'CDK Terrain'];
    const repoSections = readme.split(/\n(?=## )/).filter((s) => !consumerSections.some((h) => s.startsWith(`## ${h}\n`)));
    const commands = repoSections.flatMap((s) => [...s.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1])).join('\n');
    expect(commands).toContain('npm ci && npm run synth');
    const repoCommands = commands.split('\n').filter((l) => /\bcdktf\b|\bnpm run synth\b/.test(l));
    expect(repoCommands.length).toBeGreaterThanOrEqual(3);
    for (const line of repoCommands) expect(line).toMatch(/^(npm ci && )?npm run (synth\b|cdktf -- \w)/);
  });

  test('the wrapper sets CHECKPOINT_DISABLE unless the caller chose a value', () => {
    expect(quietCdktfEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', CHECKPOINT_DISABLE: '1' });
    expect(quietCdktfEnv({ CHECKPOINT_DISABLE: 'true' })).toEqual({ CHECKPOINT_DISABLE: 'true' });
    expect(quietCdktfEnv({ CHECKPOINT_DISABLE: '' })).toEqual({ CHECKPOINT_DISABLE: '1' });
  });
});
