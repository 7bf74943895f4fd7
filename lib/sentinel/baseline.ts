import { IConstruct } from 'constructs';
import { DefenderPlansConfig, resolveDefenderPlans, ResolvedDefenderPlan } from '../defender/plans';
import { invalid, oneOf } from '../core/errors';

/** One plan of the Defender baseline, as the KQL queries read it. */
export interface DefenderBaselineEntry {
  /** Sub-plan the plan must be on (absent when the plan has none). */
  readonly subPlan?: string;
  /** Extensions that must be on. */
  readonly extensions: readonly string[];
}

/**
 * The Defender for Cloud baseline the detections and shared queries compare against: the plans the kit deploys with
 * `DefenderForCloud` (by default `DEFENDER_RECOMMENDED_PLANS` with their default sub-plans and extensions), resolved
 * by the same `resolveDefenderPlans`, so the queries and the deployed plans cannot drift apart. Keys are the plan
 * names in lower case (Azure's activity log changes the case of resource ids). Null-prototype object.
 */
export function defenderBaseline(scope: IConstruct, property: string, plans: DefenderPlansConfig | undefined): Record<string, DefenderBaselineEntry> {
  const resolved: ResolvedDefenderPlan[] = resolveDefenderPlans(scope, property, plans);
  if (resolved.length === 0) invalid(scope, property, plans, 'enables no plan: a baseline needs at least one plan');
  const out: Record<string, DefenderBaselineEntry> = Object.create(null);
  for (const p of resolved) {
    out[p.plan.toLowerCase()] = p.subPlan ? { subPlan: p.subPlan, extensions: p.extensions.map((e) => e.name) } : { extensions: p.extensions.map((e) => e.name) };
  }
  return out;
}

/**
 * CLDR region codes that are not ISO 3166-1 countries or territories (groupings, pseudo-regions, exceptionally
 * reserved codes): Intl.DisplayNames knows them, Microsoft Entra ID never reports them as a sign-in location.
 */
const NOT_A_COUNTRY = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO', 'XA', 'XB', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA']);
let regionNames: Intl.DisplayNames | undefined;

/**
 * A list of ISO 3166-1 alpha-2 country codes (upper case, as SigninLogs.Location holds them), checked against the
 * region codes of the runtime's Unicode CLDR data (Intl.DisplayNames) without the non-country ones.
 */
export function requireCountryCodes(scope: IConstruct, property: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 250) {
    invalid(scope, property, value, 'must list 1 to 250 ISO 3166-1 alpha-2 country codes, such as ["GB", "NL"]');
  }
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const out: string[] = [];
  value.forEach((code, i) => {
    if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code) || NOT_A_COUNTRY.has(code) || regionNames!.of(code) === undefined) {
      invalid(scope, `${property}[${i}]`, code, 'must be an ISO 3166-1 alpha-2 country code in upper case, such as "GB", "NL" or "US"');
    }
    if (out.includes(code)) invalid(scope, `${property}[${i}]`, code, 'is listed twice');
    out.push(code);
  });
  return out;
}

/** A value from a closed list (exact case), with the list in the error. */
export function requireMember<T extends string>(scope: IConstruct, property: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) invalid(scope, property, value, oneOf(allowed));
  return value as T;
}
