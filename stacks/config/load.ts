import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject } from 'ajv';
import { findTokenMarkers } from '../../lib/core/terraform-literal';
import { REGISTRY_NAME_PATTERN } from '../../lib/registry/allowed-images';
import { defenderAlertSyncOf } from '../sentinel';
import type { BaselineConfig } from './types';
import schema from './schema.json';

/** Path of the config shipped with the repo, used when GUARDRAILS_CONFIG is not set. */
export const DEFAULT_CONFIG_PATH = path.join(__dirname, 'default.json');

/** A config file that does not match the schema; `errors` holds one line per problem, each with its JSON path. */
export class ConfigError extends Error {
  constructor(public readonly file: string, public readonly errors: string[]) {
    super(`${file}: invalid baseline config (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** Renders one schema error as `<json path>: <problem>`, naming the offending value and what is allowed. */
function describe(error: ErrorObject, root: unknown): string {
  const at = error.instancePath === '' ? '$' : `$${error.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.')}`;
  const value = error.instancePath.split('/').slice(1).reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)?.slice(0, 80)})`;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"; check the spelling against stacks/config/schema.json`;
    case 'required':
      return `${at}: missing required property "${(error.params as { missingProperty: string }).missingProperty}"`;
    case 'enum':
      return `${at}: must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}${shown}`;
    default:
      return `${at}: ${error.message ?? 'is invalid'}${shown}`;
  }
}

/** Semantic checks the schema cannot express. */
function crossCheck(config: BaselineConfig): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  // Names compare case-insensitively: Azure compares resource names that way, and a stack's directory and state file
  // ("Prod" and "prod") are one file on Windows and macOS.
  const seen = (where: string) => {
    const first = new Map<string, string>();
    return (path: string, value: string, what: string): void => {
      const key = value.toLowerCase();
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, `${path} "${value}"`);
        return;
      }
      const same = earlier.endsWith(` "${value}"`);
      errors.push(`${path}: duplicate ${what} "${value}"${same ? '' : ` (the same as ${earlier}: names compare case-insensitively)`}; ${where}`);
    };
  };
  const stackName = seen('names must be unique');
  if (config.managementGroup?.onboarding && config.managementGroup.onboarding.enabled !== false) {
    stackName('the management-group stack', 'management-group', 'stack name');
  }
  const registryName = seen('registry names are global DNS names: each must be unique');
  config.subscriptions.forEach((s, i) => {
    stackName(`$.subscriptions[${i}].name`, s.name, 'stack name');
    if (ids.has(s.subscriptionId.toLowerCase())) errors.push(`$.subscriptions[${i}].subscriptionId: subscription "${s.subscriptionId}" is listed twice`);
    ids.add(s.subscriptionId.toLowerCase());
    const group = seen('a subscription has one resource group of a name');
    (s.resourceGroups ?? []).forEach((g, k) => group(`$.subscriptions[${i}].resourceGroups[${k}]`, g, 'resource group'));
    const jit = seen('one JIT policy per resource group and location: merge the entries');
    (s.jit ?? []).forEach((j, k) => jit(`$.subscriptions[${i}].jit[${k}]`,
      `${j.resourceGroupName}/${j.location ?? s.location ?? config.location}`, 'JIT entry for resource group and location'));
    if (s.registry) {
      registryName(`$.subscriptions[${i}].registry.name`, s.registry.name, 'registry name');
      if ((s.registry.mode ?? 'twoRegistries') === 'twoRegistries') {
        const q = s.registry.quarantineRegistryName ?? `${s.registry.name}q`;
        if (s.registry.quarantineRegistryName === undefined && !REGISTRY_NAME_PATTERN.test(q)) {
          errors.push(`$.subscriptions[${i}].registry.name: the quarantine registry's name is derived from it ("${q}") and must be 5-50 letters and digits: `
            + 'use a shorter name or set quarantineRegistryName');
        }
        registryName(`$.subscriptions[${i}].registry.${s.registry.quarantineRegistryName === undefined ? 'name' : 'quarantineRegistryName'}`, q,
          s.registry.quarantineRegistryName === undefined ? 'quarantine registry name (name + "q")' : 'registry name');
      }
    }
  });
  const alertSync = defenderAlertSyncOf(config);
  if (alertSync !== undefined) {
    config.subscriptions.forEach((s, i) => {
      const explicit = s.defender ? s.defender.integrations?.sentinel : undefined;
      if (explicit !== undefined && explicit !== alertSync) {
        errors.push(`$.subscriptions[${i}].defender.integrations.sentinel: ${explicit} contradicts $.siem.sentinel.incidents, which needs Defender for Cloud's `
          + `bi-directional alert sync ${alertSync ? 'on (an incident creation rule owns Defender for Cloud incidents)' : 'off (Defender XDR, or nobody, owns Defender for Cloud incidents)'}; remove it`);
      }
    });
  }
  // A Deny at the management group that the config's own resources would hit fails here, naming both settings
  // (issue 11 item 9). The registry's export and quarantine by design get exemptions instead (stacks/baseline.ts).
  const onboarding = config.managementGroup?.onboarding;
  const areaOf = <T>(v: boolean | T | undefined): T | undefined => (v !== null && typeof v === 'object' ? v : undefined);
  const network = areaOf(onboarding?.networkAccess);
  const registryArea = areaOf(onboarding?.registry);
  if (onboarding && onboarding.networkAccess !== false && (network?.bastionShareableLinksEffect ?? 'Deny') === 'Deny') {
    config.subscriptions.forEach((s, i) => {
      if (s.bastion && s.bastion.shareableLinkEnabled === true) {
        errors.push(`$.subscriptions[${i}].bastion.shareableLinkEnabled: true, but $.managementGroup.onboarding.networkAccess.bastionShareableLinksEffect is "Deny" `
          + '(the default), which blocks this Bastion host: turn shareable links off, or set the effect to "Audit"');
      }
    });
  }
  if (onboarding && onboarding.registry !== false && registryArea?.publicNetworkAccessEffect === 'Deny') {
    config.subscriptions.forEach((s, i) => {
      if (s.registry && s.registry.publicNetworkAccessEnabled === true) {
        errors.push(`$.subscriptions[${i}].registry.publicNetworkAccessEnabled: true, but $.managementGroup.onboarding.registry.publicNetworkAccessEffect is "Deny", `
          + 'which blocks this registry: turn public network access off (the registry is reached by private endpoint), or set the effect to "Audit"');
      }
    });
  }
  if (config.siem && !ids.has(config.siem.subscriptionId.toLowerCase())) {
    errors.push(`$.siem.subscriptionId: "${config.siem.subscriptionId}" is not one of $.subscriptions[*].subscriptionId; the central SIEM is deployed by that subscription's stack`);
  }
  return errors;
}

/** Validates a parsed config object; throws ConfigError listing every problem. */
export function parseConfig(value: unknown, file = '<config>'): BaselineConfig {
  const errors = validate(value).map((e) => describe(e, value));
  // Config strings are data: cdktf would turn a token marker in one into a reference to another resource (or fail).
  for (const f of findTokenMarkers(value)) {
    errors.push(`${f.path}: ${f.key ? 'the key ' : ''}holds ${JSON.stringify(f.marker)}, which cdktf reads as a token (a reference to another resource); a config holds data only: remove it`);
  }
  // The semantic checks run even when the schema found errors, so that one pass reports both; on a config too
  // malformed for them (a missing list) they give up, and the schema errors say why.
  try {
    errors.push(...crossCheck(value as BaselineConfig));
  } catch (e) {
    if (errors.length === 0) throw e;
  }
  if (errors.length > 0) throw new ConfigError(file, errors);
  return value as BaselineConfig;
}

/** Reads and validates the config at `file` (default: GUARDRAILS_CONFIG, else the embedded default). */
export function loadConfig(file: string = process.env.GUARDRAILS_CONFIG || DEFAULT_CONFIG_PATH): BaselineConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read the file: ${(e as Error).message}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
  return parseConfig(value, file);
}
