import * as path from 'path';
import { Annotations, TerraformStack } from 'cdktf';
import type { Baseline } from './baseline';
import type { BaselineConfig } from './config/types';

/**
 * What the reference app tells the person running `cdktf synth`: which stacks still carry placeholder ids from the
 * config (a cdktf warning per stack, which `cdktf synth` prints as `WARN [<stack>]: ...`), and where the stacks went.
 */

/** Id of the placeholder warning (stable: users may grep for it). */
export const PLACEHOLDER_WARNING_ID = 'guardrails:config:placeholder-ids';

// A GUID whose 32 hex digits are all the same: 00000000-0000-0000-0000-000000000000, 11111111-1111-..., as in the
// embedded example config. No real tenant or subscription id looks like this.
const PLACEHOLDER_GUID = /([0-9a-f])\1{7}-\1{4}-\1{4}-\1{4}-\1{12}/i;

/** A placeholder id found in the config: the JSON path of the value, and the placeholder GUID in it (lower case). */
export interface PlaceholderId {
  readonly path: string;
  readonly guid: string;
}

/** Every string in `value` (at JSON path `at`) that holds a placeholder GUID, in document order. */
export function findPlaceholderIds(value: unknown, at = '$'): PlaceholderId[] {
  const found: PlaceholderId[] = [];
  const visit = (v: unknown, p: string, depth: number): void => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      const m = PLACEHOLDER_GUID.exec(v);
      if (m) found.push({ path: p, guid: m[0].toLowerCase() });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${p}[${i}]`, depth + 1));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) visit(item, /^[A-Za-z_$][\w$]*$/.test(k) ? `${p}.${k}` : `${p}[${JSON.stringify(k)}]`, depth + 1);
    }
  };
  visit(value, at, 0);
  return found;
}

/**
 * The placeholders each stack deploys with: the config's shared keys (tenant, SIEM, contacts, ...) plus the stack's
 * own entry (`subscriptions[i]`, or `managementGroup` for the management-group stack).
 */
export function placeholdersByStack(baseline: Baseline, config: BaselineConfig): Map<TerraformStack, PlaceholderId[]> {
  const shared: PlaceholderId[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key !== 'subscriptions' && key !== 'managementGroup' && key !== '$schema') shared.push(...findPlaceholderIds(value, `$.${key}`));
  }
  const result = new Map<TerraformStack, PlaceholderId[]>();
  for (const stack of baseline.subscriptions) {
    const i = config.subscriptions.indexOf(stack.subscription);
    result.set(stack, [...findPlaceholderIds(stack.subscription, `$.subscriptions[${i}]`), ...shared]);
  }
  if (baseline.managementGroup) {
    result.set(baseline.managementGroup, [...findPlaceholderIds(config.managementGroup, '$.managementGroup'), ...shared]);
  }
  return result;
}

/** `<guid> at <first path> (and N more places)` for each distinct placeholder, in order of appearance. */
export function describePlaceholders(found: readonly PlaceholderId[]): string {
  const byGuid = new Map<string, string[]>();
  for (const p of found) byGuid.set(p.guid, [...(byGuid.get(p.guid) ?? []), p.path]);
  return [...byGuid].map(([guid, paths]) =>
    `${guid} at ${paths[0]}${paths.length > 1 ? ` (and ${paths.length - 1} more place${paths.length > 2 ? 's' : ''})` : ''}`).join(', ');
}

/**
 * Adds a warning to every stack that still deploys with placeholder ids, naming each placeholder with the first JSON
 * path it appears at. Returns the placeholders of the whole config.
 */
export function warnAboutPlaceholders(baseline: Baseline, config: BaselineConfig, file: string): PlaceholderId[] {
  for (const [stack, found] of placeholdersByStack(baseline, config)) {
    if (found.length === 0) continue;
    Annotations.of(stack).addWarning(
      `${PLACEHOLDER_WARNING_ID}: ${file} still holds placeholder ids this stack deploys with: ${describePlaceholders(found)}. `
      + 'Replace them with your own (or set GUARDRAILS_CONFIG to your config file) before cdktf deploy.');
  }
  return findPlaceholderIds(config);
}

/** The closing line of a synth: how many stacks went where, and whether the config still holds placeholders. */
export function synthSummary(outdir: string, stacks: readonly string[], configFile: string, placeholders: readonly PlaceholderId[], cwd = process.cwd()): string {
  const where = path.relative(cwd, path.join(outdir, 'stacks')) || '.';
  const lines = [`guardrails: ${stacks.length} stack${stacks.length === 1 ? '' : 's'} written to ${where}${path.sep}: ${stacks.join(', ')} (one folder each, cdk.tf.json inside)`];
  const distinct = new Set(placeholders.map((p) => p.guid)).size;
  if (distinct > 0) {
    lines.push(`guardrails: ${configFile} still holds ${distinct} placeholder id${distinct === 1 ? '' : 's'} (in ${placeholders.length} place${placeholders.length === 1 ? '' : 's'}): `
      + 'replace them before cdktf deploy (the WARN lines name them)');
  }
  return `${lines.join('\n')}\n`;
}
