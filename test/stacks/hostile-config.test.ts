/**
 * Issue 11 item 6, config side: every string of the config is data. Each string of the default config (plus the tags
 * the schema allows) is replaced by hostile text (a Terraform interpolation and directive, cdktf token markers): the
 * config is refused naming that JSON path, or a construct refuses it naming the prop, or the synthesized stacks hold
 * it as text wherever it is written (Terraform reads it back literally: terraformText).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { buildBaseline } from '../../stacks/baseline';
import { ConfigError, DEFAULT_CONFIG_PATH, parseConfig } from '../../stacks/config/load';
import { jsonStrings, terraformText } from '../helpers/terraform-text';

/** Hostile text without markers (markers are refused by the loader: tested below) and without quotes. */
const hostile = (tag: string) => `${tag} \${file(path.module)} %{if true}y%{endif} $`;

interface Leaf { readonly path: string; readonly at: (string | number)[] }

function leaves(value: unknown, at: (string | number)[] = []): Leaf[] {
  if (typeof value === 'string') return [{ path: render(at), at }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...at, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
  return [];
}

const render = (at: readonly (string | number)[]) => `$${at.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;

function setAt(root: unknown, at: readonly (string | number)[], value: string): void {
  let o = root as Record<string | number, unknown>;
  for (const p of at.slice(0, -1)) o = o[p] as Record<string | number, unknown>;
  o[at[at.length - 1]] = value;
}

function base(): Record<string, unknown> {
  const config = JSON.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
  delete config.$schema;
  config.subscriptions[0].bastion.tags = { owner: 'platform' };
  config.subscriptions[1].registry.tags = { owner: 'platform' };
  return config;
}

describe('hostile strings in the config (issue 11 item 6)', () => {
  test('every config string is refused naming its path, refused by a construct naming the prop, or written as text', () => {
    const tagged = leaves(base()).map((leaf, i) => ({ leaf, tag: `Q${i + 1}Q` }));
    let pending = tagged;
    const problems: string[] = [];
    const refusedBy: Record<string, string> = {};
    for (let round = 0; round < 100; round++) {
      const config = base();
      for (const { leaf, tag } of pending) setAt(config, leaf.at, hostile(tag));
      try {
        const parsed = parseConfig(config, 'hostile.json');
        const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-hostile-')) });
        const baseline = buildBaseline(app, parsed, 'hostile.json');
        const strings = [...baseline.subscriptions, ...(baseline.managementGroup ? [baseline.managementGroup] : [])]
          .flatMap((stack) => jsonStrings(JSON.parse(Testing.synth(stack, true))));
        for (const { leaf, tag } of pending) {
          for (const s of strings) {
            const read = terraformText(s.value);
            if (read.text.includes(tag) && !read.text.includes(hostile(tag))) problems.push(`${leaf.path}: written at ${s.pointer} as ${JSON.stringify(read.text.slice(0, 200))}`);
            for (const e of [...read.expressions, ...read.directives]) if (e.includes(tag) || e.includes('file(')) problems.push(`${leaf.path}: Terraform evaluates ${e}`);
          }
        }
        break;
      } catch (e) {
        let refused: typeof pending;
        if (e instanceof ConfigError) {
          // Schema errors and construct errors alike name the JSON path of the value they refuse.
          expect(e.file).toBe('hostile.json');
          refused = pending.filter(({ leaf, tag }) => e.errors.some((line) => line.startsWith(`${leaf.path}:`)
            || (line.includes(`${tag} `) && line.startsWith(leaf.path.replace(/(\.[^.[]+|\[\d+\])$/, '')))));
          for (const r of refused) refusedBy[r.leaf.path] = 'config';
        } else throw e;
        if (refused.length === 0) throw new Error(`refused naming none of the hostile values: ${(e as Error).message}`);
        pending = pending.filter((p) => !refused.includes(p));
      }
    }
    expect(problems).toEqual([]);
    // Free text reaches the stacks (and is escaped there): tags, names the schema leaves open.
    expect(pending.map((p) => p.leaf.path)).toEqual(expect.arrayContaining(['$.subscriptions[0].bastion.tags.owner', '$.subscriptions[1].registry.tags.owner']));
  });

  test('a token marker anywhere in the config is refused with its JSON path and the file name', () => {
    const config = base() as { subscriptions: { registry?: { tags: Record<string, string> } }[] };
    config.subscriptions[1].registry!.tags = { owner: '${TfToken[TOKEN.1]}', '#{TfToken[TOKEN.2]}': 'x' };
    let error: unknown;
    try {
      parseConfig(config, 'hostile.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^hostile\.json: /);
    expect((error as ConfigError).errors).toEqual([
      expect.stringMatching(/^\$\.subscriptions\[1\]\.registry\.tags\.owner: holds "\$\{TfToken\[TOKEN\.1\]\}", which cdktf reads as a token/),
      expect.stringMatching(/^\$\.subscriptions\[1\]\.registry\.tags\["#\{TfToken\[TOKEN\.2\]\}"\]: the key holds/),
    ]);
  });
});
