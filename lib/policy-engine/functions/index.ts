import { ARRAY_FUNCTIONS } from './array';
import { CONTEXT_FUNCTIONS } from './context';
import { DATE_FUNCTIONS } from './date';
import { DETAILS_ONLY_FUNCTIONS } from './deployment';
import { IP_FUNCTIONS } from './ip';
import { LOGICAL_FUNCTIONS } from './logical';
import { NUMERIC_FUNCTIONS } from './numeric';
import { OBJECT_FUNCTIONS } from './object';
import { FunctionSpec, FunctionTable } from './spec';
import { STRING_FUNCTIONS } from './string';

/**
 * The template functions a policy rule may call, by category. To add a function: add a row to its category's table
 * (pure functions of their evaluated arguments) or to CONTEXT_FUNCTIONS (functions that read the evaluation context
 * or evaluate only some arguments), and a test in test/policy-engine/functions.test.ts. Names are case-insensitive.
 */
export const FUNCTION_CATEGORIES: Readonly<Record<string, FunctionTable>> = {
  string: STRING_FUNCTIONS,
  array: ARRAY_FUNCTIONS,
  object: OBJECT_FUNCTIONS,
  numeric: NUMERIC_FUNCTIONS,
  date: DATE_FUNCTIONS,
  ip: IP_FUNCTIONS,
  logical: LOGICAL_FUNCTIONS,
};

/** Pure template functions by lower-case name (every category but the context functions). */
export const TEMPLATE_FUNCTIONS: Readonly<Record<string, FunctionSpec>> = Object.assign(Object.create(null) as Record<string, FunctionSpec>, ...Object.values(FUNCTION_CATEGORIES));

export { CONTEXT_FUNCTIONS, DETAILS_ONLY_FUNCTIONS };

/** Every function allowed in policy rules (lower-case names): the categories above and the context functions. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([...Object.keys(TEMPLATE_FUNCTIONS), ...Object.keys(CONTEXT_FUNCTIONS)]);

/**
 * ARM template functions that Azure Policy rejects in policy rules (a clear compile error rather than "unknown
 * function"). guid() and uniqueString() are allowed in effect details only, existenceCondition included
 * (DETAILS_ONLY_FUNCTIONS, bit-identical to ARM's).
 */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set(
  ['guid', 'uniqueString', 'newGuid', 'copyIndex', 'deployment', 'environment', 'extensionResourceId', 'listAccountSas', 'listKeys',
    'listSecrets', 'list', 'managementGroup', 'pickZones', 'providers', 'reference', 'resourceId', 'subscriptionResourceId',
    'tenantResourceId', 'tenant', 'variables', 'managementGroupResourceId', 'filter', 'map', 'reduce', 'sort', 'toObject', 'lambda',
    'getSecret', 'listCallbackUrl'].map((s) => s.toLowerCase()),
);

export type { FunctionSpec, FunctionTable, TemplateFunction } from './spec';
export { armString } from './spec';
export { dateShape, formatDate, isoString, isoWithShape, parseDateTime, parseDuration } from './date';
export { ipRangeContains } from './ip';
