// Resource selectors (assignments, exemptions) and override selectors, as Microsoft documents them in
// "Azure Policy assignment structure" (assignment-structure.md, sections Resource selectors and Overrides):
//  - a selector has a `kind`, and `in` or `notIn` (not both), each with at most 50 values;
//  - resource selector kinds: resourceLocation, resourceType, resourceWithoutLocation (only the value
//    `subscriptionLevelResources`); resourceLocation and resourceWithoutLocation cannot be in the same resource
//    selector; each kind at most once per resource selector;
//  - "To be applicable to a resource selector, a resource must meet requirements specified by all its selectors.
//    Further, up to 10 resourceSelectors can be specified in a single assignment. In-scope resources are evaluated
//    when they satisfy any one of these resource selectors."
//  - override selectors add the kind policyDefinitionReferenceId (which members of an initiative take the override).
// Values compare case-insensitively; locations also ignore spaces ("East US" = "eastus", ARM's canonical form).
import { AssessInputError, isRecord, member, showValue } from './errors';

/** Selector kinds. */
export type SelectorKind = 'resourceLocation' | 'resourceType' | 'resourceWithoutLocation' | 'policyDefinitionReferenceId';

const KINDS: readonly SelectorKind[] = ['resourceLocation', 'resourceType', 'resourceWithoutLocation', 'policyDefinitionReferenceId'];
const RESOURCE_KINDS: readonly SelectorKind[] = ['resourceLocation', 'resourceType', 'resourceWithoutLocation'];

/** The only value of resourceWithoutLocation selectors. */
export const SUBSCRIPTION_LEVEL_RESOURCES = 'subscriptionlevelresources';

/** One selector, values normalised. */
export interface Selector {
  readonly kind: SelectorKind;
  /** True for `in`, false for `notIn`. */
  readonly include: boolean;
  readonly values: ReadonlySet<string>;
  /** The values as given (for messages and reference-id validation). */
  readonly given: readonly string[];
}

/** A named group of selectors that must all match. */
export interface ResourceSelector {
  readonly name: string;
  readonly selectors: readonly Selector[];
}

/** What selectors look at, computed once per resource. */
export interface ResourceFacts {
  /** Normalised id ("" when the resource has none). */
  readonly idKey: string;
  /** Lower-case type. */
  readonly type: string;
  /** Normalised location ("" when absent). */
  readonly location: string;
  /** No location and not in a resource group (subscriptions, subscription-level resources). */
  readonly subscriptionLevelWithoutLocation: boolean;
}

/** Strings lower-cased lately (resource types and the like recur on every resource); bounded: emptied when full. */
const LOWER = new Map<string, string>();
const LOWER_MAX = 4096;

/** `s.toLowerCase()`, kept for strings of up to 128 characters that recur (types, locations). */
export function lowerCased(s: string): string {
  let r = LOWER.get(s);
  if (r === undefined) {
    r = s.toLowerCase();
    if (s.length <= 128) {
      if (LOWER.size >= LOWER_MAX) LOWER.clear();
      LOWER.set(s, r);
    }
  }
  return r;
}

/** Location as ARM compares it: lower-case, without spaces. */
export function normaliseLocation(value: string): string {
  return value.replace(/\s+/g, '').toLowerCase();
}

function normaliseValue(kind: SelectorKind, value: string): string {
  return kind === 'resourceLocation' ? normaliseLocation(value) : value.trim().toLowerCase();
}

/** Parses a `selectors` array. */
export function parseSelectors(value: unknown, source: string, property: string, allowed: readonly SelectorKind[] = KINDS): Selector[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AssessInputError(source, property, showValue(value), 'expected an array of {kind, in | notIn}');
  return value.map((raw, i) => {
    const at = `${property}[${i}]`;
    if (!isRecord(raw)) throw new AssessInputError(source, at, showValue(raw), 'expected {kind, in | notIn}');
    const kindValue = member(raw, 'kind');
    const kind = typeof kindValue === 'string' ? KINDS.find((k) => k.toLowerCase() === kindValue.toLowerCase()) : undefined;
    if (!kind || !allowed.includes(kind)) throw new AssessInputError(source, `${at}.kind`, showValue(kindValue), `expected one of ${allowed.join(', ')}`);
    const inList = member(raw, 'in');
    const notInList = member(raw, 'notIn');
    if ((inList === undefined || inList === null) === (notInList === undefined || notInList === null)) {
      throw new AssessInputError(source, at, showValue(raw), 'a selector needs exactly one of "in" and "notIn"');
    }
    const include = inList !== undefined && inList !== null;
    const list = include ? inList : notInList;
    const listAt = `${at}.${include ? 'in' : 'notIn'}`;
    if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string' && x.trim() !== '')) {
      throw new AssessInputError(source, listAt, showValue(list), 'expected a non-empty array of strings');
    }
    if (list.length > 50) throw new AssessInputError(source, listAt, `(${list.length} values)`, 'at most 50 values');
    const given = list as string[];
    if (kind === 'resourceWithoutLocation') {
      const bad = given.find((v) => v.toLowerCase() !== SUBSCRIPTION_LEVEL_RESOURCES);
      if (bad !== undefined) throw new AssessInputError(source, listAt, showValue(bad), 'resourceWithoutLocation supports only "subscriptionLevelResources"');
    }
    return { kind, include, values: new Set(given.map((v) => normaliseValue(kind, v))), given };
  });
}

/** Parses `resourceSelectors` (assignment or exemption). */
export function parseResourceSelectors(value: unknown, source: string, property: string): ResourceSelector[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AssessInputError(source, property, showValue(value), 'expected an array of {name, selectors}');
  if (value.length > 10) throw new AssessInputError(source, property, `(${value.length} resource selectors)`, 'at most 10 resource selectors');
  return value.map((raw, i) => {
    const at = `${property}[${i}]`;
    if (!isRecord(raw)) throw new AssessInputError(source, at, showValue(raw), 'expected {name, selectors}');
    const name = member(raw, 'name');
    if (typeof name !== 'string' || !name) throw new AssessInputError(source, `${at}.name`, showValue(name), 'expected the resource selector\'s name');
    const selectors = parseSelectors(member(raw, 'selectors'), source, `${at}.selectors`, RESOURCE_KINDS);
    const seen = new Set<SelectorKind>();
    for (const s of selectors) {
      if (seen.has(s.kind)) throw new AssessInputError(source, `${at}.selectors`, s.kind, 'each kind can be used only once in a resource selector');
      seen.add(s.kind);
    }
    if (seen.has('resourceLocation') && seen.has('resourceWithoutLocation')) {
      throw new AssessInputError(source, `${at}.selectors`, 'resourceLocation + resourceWithoutLocation', 'resourceLocation cannot be used in the same resource selector as resourceWithoutLocation');
    }
    return { name, selectors };
  });
}

/**
 * Whether one selector matches. A resource without a location has no value for resourceLocation: `in` does not
 * match it and `notIn` does (Azure selects such resources with resourceWithoutLocation). A single definition has no
 * reference id: `in` does not match it, `notIn` does.
 */
export function selectorMatches(selector: Selector, facts: ResourceFacts, referenceId?: string): boolean {
  let value: string | undefined;
  switch (selector.kind) {
    case 'resourceLocation':
      value = facts.location || undefined;
      break;
    case 'resourceType':
      value = facts.type || undefined;
      break;
    case 'resourceWithoutLocation':
      value = facts.subscriptionLevelWithoutLocation ? SUBSCRIPTION_LEVEL_RESOURCES : undefined;
      break;
    case 'policyDefinitionReferenceId':
      value = referenceId?.toLowerCase();
      break;
  }
  const found = value !== undefined && selector.values.has(value);
  return selector.include ? found : !found;
}

/** Whether every selector of a list matches (an empty list matches everything). */
export function allSelectorsMatch(selectors: readonly Selector[], facts: ResourceFacts, referenceId?: string): boolean {
  for (const s of selectors) if (!selectorMatches(s, facts, referenceId)) return false;
  return true;
}

/** Whether a resource is selected: no resource selectors, or all selectors of any one of them match. */
export function resourceSelected(resourceSelectors: readonly ResourceSelector[], facts: ResourceFacts): boolean {
  if (resourceSelectors.length === 0) return true;
  for (const rs of resourceSelectors) if (allSelectorsMatch(rs.selectors, facts)) return true;
  return false;
}

/** True when any selector of the list looks at the resource (not only at the member's reference id). */
export function dependsOnResource(selectors: readonly Selector[]): boolean {
  return selectors.some((s) => s.kind !== 'policyDefinitionReferenceId');
}
