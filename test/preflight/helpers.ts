import * as fs from 'fs';
import * as path from 'path';
import { AssessResource, TranslationResult, readTerraformJson, translate } from '../../lib/preflight';

/** HashiCorp's HCL parser (WebAssembly), installed with cdktf-cli. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hcl2json = require('@cdktf/hcl2json') as { parse(file: string, text: string): Promise<Record<string, unknown>> };

export const FIXTURES = path.join(__dirname, 'fixtures');

/** Translates a Terraform JSON configuration (an object, as cdk.tf.json / *.tf.json hold it). */
export function translateJson(json: unknown, variables?: Record<string, unknown>): TranslationResult {
  return translate(readTerraformJson(json, { file: 'main.tf.json', variables }));
}

/** Translates HCL text (parsed with @cdktf/hcl2json). */
export async function translateHcl(text: string): Promise<TranslationResult> {
  return translate(readTerraformJson(await hcl2json.parse('main.tf', text), { file: 'main.tf' }));
}

/** The azurerm documentation example of a type (test/preflight/fixtures/docs/<type>.tf). */
export function docExample(type: string): string {
  return fs.readFileSync(path.join(FIXTURES, 'docs', `${type}.tf`), 'utf8');
}

/** The ARM resources produced for one Terraform address, optionally of one ARM type. */
export function resourcesOf(result: TranslationResult, address: string, armType?: string): AssessResource[] {
  return result.resources.filter((r) => r.address === address && (armType === undefined || String(r.resource.type).toLowerCase() === armType.toLowerCase()));
}

/** The single ARM resource of an address (and type): fails the test when there is not exactly one. */
export function one(result: TranslationResult, address: string, armType?: string): AssessResource {
  const list = resourcesOf(result, address, armType);
  if (list.length !== 1) throw new Error(`expected one ARM resource for ${address}${armType ? ` (${armType})` : ''}, got ${list.length}: ${result.resources.map((r) => `${r.address} ${String(r.resource.type)}`).join('; ')}`);
  return list[0];
}

/** A plain JSON copy (UNKNOWN becomes "(known after apply)") for deep equality. */
export function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}

export const KNOWN_AFTER_APPLY = '(known after apply)';
