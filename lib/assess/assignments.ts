// Policy assignments and exemptions in Azure's own JSON: what `az policy assignment show|list` and
// `az policy exemption show|list` print (properties flattened to the top level) and what the REST API returns
// (`{id, name, type, properties: {...}}`, lists as `{value: [...]}`). Semantics and limits from Microsoft's
// "Azure Policy assignment structure" and "Azure Policy exemption structure" pages (assignment-structure.md,
// exemption-structure.md); the runner applies them.
import { AssessInputError, isRecord, member, showValue } from './errors';
import { isVersionPattern, versionAtLeast } from './resolver';
import { ParsedScope, parseScope, scopeFromChildId } from './scope';
import { parseResourceSelectors, parseSelectors, ResourceSelector, Selector } from './selectors';

/** Effects Azure Policy knows, as Azure spells them (effect-basics.md). */
export const POLICY_EFFECTS: readonly string[] = ['Deny', 'Audit', 'Append', 'Modify', 'AuditIfNotExists', 'DeployIfNotExists', 'DenyAction', 'Manual', 'Mutate', 'AddToNetworkGroup', 'Disabled'];
const EFFECT_BY_FOLD = new Map(POLICY_EFFECTS.map((e) => [e.toLowerCase(), e]));

/** The canonical spelling of an effect, or undefined when it is not one. */
export function canonicalEffect(value: unknown): string | undefined {
  return typeof value === 'string' ? EFFECT_BY_FOLD.get(value.trim().toLowerCase()) : undefined;
}

/** An override of an assignment (assignment-structure.md, Overrides). */
export interface AssignmentOverride {
  readonly kind: 'policyEffect' | 'policyVersion';
  /** Canonical effect (policyEffect) or version pattern (policyVersion). */
  readonly value: string;
  readonly selectors: readonly Selector[];
  /** Position in the assignment's overrides (they are "evaluated in the order in which they're specified"). */
  readonly index: number;
}

/** A policy assignment, validated. */
export interface PolicyAssignment {
  readonly id: string;
  readonly name: string;
  readonly displayName?: string;
  readonly scope: ParsedScope;
  readonly notScopes: readonly ParsedScope[];
  /** policyDefinitionId as given (definition or initiative, any scope prefix). */
  readonly definitionId: string;
  /** True when definitionId names an initiative (policySetDefinitions). */
  readonly isInitiative: boolean;
  readonly definitionVersion?: string;
  /** Parameter values by name as given (ARM parameter names compare case-insensitively). */
  readonly parameters: ReadonlyMap<string, unknown>;
  readonly enforcementMode: 'Default' | 'DoNotEnforce';
  readonly overrides: readonly AssignmentOverride[];
  readonly resourceSelectors: readonly ResourceSelector[];
  readonly nonComplianceMessages: readonly { readonly message: string; readonly referenceId?: string }[];
  /** Where it was read, e.g. `assignments.json[2]`. */
  readonly source: string;
  /** "properties." for the REST shape, "" for the az CLI's flattened one (for property paths in messages). */
  readonly propertyPrefix: string;
}

/** A policy exemption, validated. */
export interface PolicyExemption {
  readonly id: string;
  readonly name: string;
  readonly scope: ParsedScope;
  /** Lower-cased policyAssignmentId. */
  readonly assignmentKey: string;
  readonly assignmentId: string;
  readonly category: 'Waiver' | 'Mitigated';
  readonly expiresOn?: string;
  /** expiresOn in epoch milliseconds. */
  readonly expiresAt?: number;
  /** Lower-cased reference ids; undefined or empty = every member. */
  readonly referenceIds?: ReadonlySet<string>;
  /** As given, for validation messages. */
  readonly referenceIdsGiven?: readonly string[];
  readonly resourceSelectors: readonly ResourceSelector[];
  readonly source: string;
}

/** Items of a single object, an array (`az ... list`) or `{value: [...]}` (REST list). */
function items(json: unknown, source: string, what: string): { item: Record<string, unknown>; where: string }[] {
  let list: unknown[];
  let indexed = true;
  if (Array.isArray(json)) list = json;
  else if (isRecord(json) && Array.isArray(member(json, 'value')) && member(json, 'properties') === undefined) list = member(json, 'value') as unknown[];
  else {
    list = [json];
    indexed = false;
  }
  return list.map((item, i) => {
    const where = indexed ? `${source}[${i}]` : source;
    if (!isRecord(item)) throw new AssessInputError(where, what, showValue(item), `expected a ${what} object (az policy ${what} show, or the REST API's JSON)`);
    return { item, where };
  });
}

/** The object holding the properties: REST nests them under `properties`, the az CLI flattens them. */
function propertiesOf(item: Record<string, unknown>, probe: string): { props: Record<string, unknown>; prefix: string } {
  const nested = member(item, 'properties');
  if (isRecord(nested) && (member(nested, probe) !== undefined || member(item, probe) === undefined)) return { props: nested, prefix: 'properties.' };
  return { props: item, prefix: '' };
}

function optionalString(props: Record<string, unknown>, name: string, where: string, prefix: string): string | undefined {
  const v = member(props, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new AssessInputError(where, prefix + name, showValue(v), 'expected a string');
  return v;
}

function scopeAndName(item: Record<string, unknown>, props: Record<string, unknown>, where: string, prefix: string, collection: 'policyAssignments' | 'policyExemptions'): { id: string; name: string; scope: ParsedScope } {
  const id = optionalString(item, 'id', where, '');
  const givenScope = optionalString(props, 'scope', where, prefix) ?? (prefix ? optionalString(item, 'scope', where, '') : undefined);
  const givenName = optionalString(item, 'name', where, '');
  const shape = `<scope>/providers/Microsoft.Authorization/${collection}/<name>`;
  if (id !== undefined) {
    const scopeText = scopeFromChildId(id, collection);
    if (scopeText === undefined) throw new AssessInputError(where, 'id', showValue(id), `expected ${shape}`);
    const scope = parseScope(scopeText, where, 'id');
    if (givenScope !== undefined && parseScope(givenScope, where, `${prefix}scope`).key !== scope.key) {
      throw new AssessInputError(where, `${prefix}scope`, showValue(givenScope), `must be the scope in the id (${scopeText})`);
    }
    return { id, name: givenName ?? id.split('/').pop()!, scope };
  }
  if (givenScope === undefined || givenName === undefined) {
    throw new AssessInputError(where, 'id', 'missing', `expected the ${collection === 'policyAssignments' ? 'assignment' : 'exemption'}'s id (${shape}), or "name" and "scope"`);
  }
  const scope = parseScope(givenScope, where, `${prefix}scope`);
  const base = scope.kind === 'root' ? '' : givenScope.replace(/\/+$/, '');
  return { id: `${base}/providers/Microsoft.Authorization/${collection}/${givenName}`, name: givenName, scope };
}

function parseParameters(value: unknown, where: string, property: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value === undefined || value === null) return out;
  if (!isRecord(value)) throw new AssessInputError(where, property, showValue(value), 'expected {"<name>": {"value": ...}}');
  const seen = new Set<string>();
  for (const [name, entry] of Object.entries(value)) {
    if (!isRecord(entry) || !Object.prototype.hasOwnProperty.call(entry, 'value')) {
      throw new AssessInputError(where, `${property}.${name}`, showValue(entry), 'expected {"value": ...} (assignment parameter values are wrapped in "value")');
    }
    if (seen.has(name.toLowerCase())) throw new AssessInputError(where, `${property}.${name}`, 'duplicate', 'parameter names are case-insensitive and must be unique');
    seen.add(name.toLowerCase());
    out.set(name, entry.value);
  }
  return out;
}

function parseOverrides(value: unknown, where: string, property: string, definitionVersion: string | undefined): AssignmentOverride[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AssessInputError(where, property, showValue(value), 'expected an array of {kind, value, selectors}');
  if (value.length > 10) throw new AssessInputError(where, property, `(${value.length} overrides)`, 'an assignment can contain up to 10 overrides');
  return value.map((raw, index) => {
    const at = `${property}[${index}]`;
    if (!isRecord(raw)) throw new AssessInputError(where, at, showValue(raw), 'expected {kind, value, selectors}');
    const kindValue = member(raw, 'kind');
    const kind = typeof kindValue === 'string' ? (['policyEffect', 'policyVersion'] as const).find((k) => k.toLowerCase() === kindValue.toLowerCase()) : undefined;
    if (!kind) throw new AssessInputError(where, `${at}.kind`, showValue(kindValue), 'expected policyEffect or policyVersion');
    const v = member(raw, 'value');
    let canonical: string | undefined;
    if (kind === 'policyEffect') {
      canonical = canonicalEffect(v);
      if (!canonical) throw new AssessInputError(where, `${at}.value`, showValue(v), `expected an effect (${POLICY_EFFECTS.join(', ')})`);
    } else {
      if (typeof v !== 'string' || !isVersionPattern(v)) throw new AssessInputError(where, `${at}.value`, showValue(v), 'expected a definition version ("1.2.0", "1.2.*" or "1.*.*")');
      if (definitionVersion && !versionAtLeast(v, definitionVersion)) {
        throw new AssessInputError(where, `${at}.value`, showValue(v), `must be greater than or equal to the assignment's definitionVersion ${definitionVersion}`);
      }
      canonical = v.trim();
    }
    const selectors = parseSelectors(member(raw, 'selectors'), where, `${at}.selectors`, kind === 'policyEffect'
      ? ['policyDefinitionReferenceId', 'resourceLocation', 'resourceType', 'resourceWithoutLocation']
      : ['resourceLocation', 'resourceType', 'resourceWithoutLocation']);
    return { kind, value: canonical, selectors, index };
  });
}

/** Parses assignments: one object, an array (`az policy assignment list`) or `{value: [...]}`. */
export function parseAssignments(json: unknown, source: string): PolicyAssignment[] {
  return items(json, source, 'assignment').map(({ item, where }) => {
    const { props, prefix } = propertiesOf(item, 'policyDefinitionId');
    const definitionId = member(props, 'policyDefinitionId');
    if (typeof definitionId !== 'string' || !/\/providers\/Microsoft\.Authorization\/(policyDefinitions|policySetDefinitions)\/[^/]+\/?$/i.test(definitionId.trim())) {
      throw new AssessInputError(where, `${prefix}policyDefinitionId`, showValue(definitionId), 'expected the full id of a policy definition or initiative (.../providers/Microsoft.Authorization/policyDefinitions/<name> or .../policySetDefinitions/<name>)');
    }
    const { id, name, scope } = scopeAndName(item, props, where, prefix, 'policyAssignments');
    const displayName = optionalString(props, 'displayName', where, prefix);
    const definitionVersion = optionalString(props, 'definitionVersion', where, prefix);
    if (definitionVersion !== undefined && !isVersionPattern(definitionVersion)) {
      throw new AssessInputError(where, `${prefix}definitionVersion`, showValue(definitionVersion), 'expected "#.*.*", "#.#.*" or an exact version "#.#.#"');
    }
    const notScopesValue = member(props, 'notScopes');
    if (notScopesValue !== undefined && notScopesValue !== null && !Array.isArray(notScopesValue)) {
      throw new AssessInputError(where, `${prefix}notScopes`, showValue(notScopesValue), 'expected an array of scope ids');
    }
    const notScopes = ((notScopesValue as unknown[] | undefined | null) ?? []).map((s, i) => parseScope(s as string, where, `${prefix}notScopes[${i}]`));
    const modeValue = member(props, 'enforcementMode');
    let enforcementMode: 'Default' | 'DoNotEnforce' = 'Default';
    if (modeValue !== undefined && modeValue !== null) {
      const m = typeof modeValue === 'string' ? (['Default', 'DoNotEnforce'] as const).find((x) => x.toLowerCase() === modeValue.toLowerCase()) : undefined;
      if (!m) throw new AssessInputError(where, `${prefix}enforcementMode`, showValue(modeValue), 'expected Default or DoNotEnforce');
      enforcementMode = m;
    }
    const messagesValue = member(props, 'nonComplianceMessages');
    if (messagesValue !== undefined && messagesValue !== null && !Array.isArray(messagesValue)) {
      throw new AssessInputError(where, `${prefix}nonComplianceMessages`, showValue(messagesValue), 'expected an array of {message, policyDefinitionReferenceId?}');
    }
    const nonComplianceMessages = ((messagesValue as unknown[] | undefined | null) ?? []).map((m, i) => {
      const at = `${prefix}nonComplianceMessages[${i}]`;
      const message = isRecord(m) ? member(m, 'message') : undefined;
      const ref = isRecord(m) ? member(m, 'policyDefinitionReferenceId') : undefined;
      if (typeof message !== 'string' || (ref !== undefined && ref !== null && typeof ref !== 'string')) {
        throw new AssessInputError(where, at, showValue(m), 'expected {"message": string, "policyDefinitionReferenceId"?: string}');
      }
      return typeof ref === 'string' && ref ? { message, referenceId: ref } : { message };
    });
    return {
      id,
      name,
      ...(displayName ? { displayName } : {}),
      scope,
      notScopes,
      definitionId: definitionId.trim(),
      isInitiative: /\/policySetDefinitions\//i.test(definitionId),
      ...(definitionVersion ? { definitionVersion: definitionVersion.trim() } : {}),
      parameters: parseParameters(member(props, 'parameters'), where, `${prefix}parameters`),
      enforcementMode,
      overrides: parseOverrides(member(props, 'overrides'), where, `${prefix}overrides`, definitionVersion),
      resourceSelectors: parseResourceSelectors(member(props, 'resourceSelectors'), where, `${prefix}resourceSelectors`),
      nonComplianceMessages,
      source: where,
      propertyPrefix: prefix,
    };
  });
}

/** Parses exemptions: one object, an array (`az policy exemption list`) or `{value: [...]}`. */
export function parseExemptions(json: unknown, source: string): PolicyExemption[] {
  return items(json, source, 'exemption').map(({ item, where }) => {
    const { props, prefix } = propertiesOf(item, 'policyAssignmentId');
    const assignmentId = member(props, 'policyAssignmentId');
    if (typeof assignmentId !== 'string' || scopeFromChildId(assignmentId.trim(), 'policyAssignments') === undefined) {
      throw new AssessInputError(where, `${prefix}policyAssignmentId`, showValue(assignmentId), 'expected the full id of the exempted assignment (<scope>/providers/Microsoft.Authorization/policyAssignments/<name>)');
    }
    const { id, name, scope } = scopeAndName(item, props, where, prefix, 'policyExemptions');
    const categoryValue = member(props, 'exemptionCategory');
    const category = typeof categoryValue === 'string' ? (['Waiver', 'Mitigated'] as const).find((c) => c.toLowerCase() === categoryValue.toLowerCase()) : undefined;
    if (!category) throw new AssessInputError(where, `${prefix}exemptionCategory`, showValue(categoryValue), 'expected Waiver or Mitigated');
    const expiresOn = optionalString(props, 'expiresOn', where, prefix);
    let expiresAt: number | undefined;
    if (expiresOn !== undefined) {
      // "Universal ISO 8601 DateTime format yyyy-MM-ddTHH:mm:ss.fffffffZ" (exemption-structure.md, Expiration).
      const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/i.exec(expiresOn.trim());
      expiresAt = iso ? Date.parse(expiresOn.trim().replace(/(\.\d{3})\d+/, '$1')) : NaN;
      if (!Number.isFinite(expiresAt)) throw new AssessInputError(where, `${prefix}expiresOn`, showValue(expiresOn), 'expected an ISO 8601 UTC date and time, e.g. 2026-12-31T23:59:00Z');
    }
    const refsValue = member(props, 'policyDefinitionReferenceIds');
    if (refsValue !== undefined && refsValue !== null && (!Array.isArray(refsValue) || !refsValue.every((r) => typeof r === 'string' && r !== ''))) {
      throw new AssessInputError(where, `${prefix}policyDefinitionReferenceIds`, showValue(refsValue), 'expected an array of the initiative\'s policyDefinitionReferenceId values');
    }
    const refs = (refsValue as string[] | undefined | null) ?? [];
    return {
      id,
      name,
      scope,
      assignmentId: assignmentId.trim(),
      assignmentKey: assignmentId.trim().replace(/\/+$/, '').toLowerCase(),
      category,
      ...(expiresOn !== undefined ? { expiresOn, expiresAt } : {}),
      ...(refs.length ? { referenceIds: new Set(refs.map((r) => r.toLowerCase())), referenceIdsGiven: refs } : {}),
      resourceSelectors: parseResourceSelectors(member(props, 'resourceSelectors'), where, `${prefix}resourceSelectors`),
      source: where,
    };
  });
}
