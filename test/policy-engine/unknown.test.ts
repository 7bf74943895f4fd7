import { EvaluationInput, EvaluationResult, UNKNOWN, Unknown, compilePolicy, isUnknown } from '../../lib/policy-engine';
import { testCatalog } from './helpers';

/**
 * Contract C1 and /work/shared/guides/preflight-semantics.md ("Unknown values"): three-valued evaluation of resources
 * holding values known only after apply. U = undetermined.
 */

const HTTPS = 'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly';
const IP_RULES = 'Microsoft.Storage/storageAccounts/networkAcls.ipRules[*]';
const IP_VALUES = 'Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value';
const storage = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type: 'Microsoft.Storage/storageAccounts', name: 'st', properties, ...extra });

function evaluate(cond: unknown, resource: Record<string, unknown>, input: EvaluationInput = {}, effect: unknown = 'deny', details?: unknown): EvaluationResult {
  const then = details === undefined ? { effect } : { effect, details };
  const r = compilePolicy({ if: cond, then }, { aliases: testCatalog }).evaluate(resource, input);
  if (r.error) throw new Error(`unexpected ${r.error.stage} error: ${r.error.message}`);
  return r;
}

/** 'match' | 'no match' | 'U' for a condition over a resource. */
function verdict(cond: unknown, resource: Record<string, unknown>, input?: EvaluationInput): string {
  const r = evaluate(cond, resource, input);
  if (r.undetermined) {
    expect(r.effect).toBe('Deny'); // the effect that would apply
    return 'U';
  }
  return r.effect === 'Deny' ? 'match' : 'no match';
}

describe('the Unknown value (contract C1)', () => {
  test('one frozen instance, recognised by isUnknown, written as "(known after apply)"', () => {
    expect(Object.isFrozen(UNKNOWN)).toBe(true);
    expect(UNKNOWN).toBeInstanceOf(Unknown);
    expect(isUnknown(UNKNOWN)).toBe(true);
    expect([null, undefined, '', 0, {}, [], '(known after apply)'].some(isUnknown)).toBe(false);
    expect(JSON.stringify({ a: UNKNOWN, b: [UNKNOWN] })).toBe('{"a":"(known after apply)","b":["(known after apply)"]}');
  });
});

describe('fields and exists', () => {
  test('a field whose path crosses an unknown value is U, with the alias as written', () => {
    const r = evaluate({ field: HTTPS, equals: true }, storage(UNKNOWN as unknown as Record<string, unknown>));
    expect(r).toMatchObject({ effect: 'Deny', undetermined: { paths: [HTTPS], reasons: [`${HTTPS} is known only after apply`] } });
    expect(verdict({ field: 'properties.a.b', equals: 1 }, storage({ a: UNKNOWN }))).toBe('U');
  });

  test('exists is true for a member present with an unknown value, U when even its presence is unknown', () => {
    expect(verdict({ field: HTTPS, exists: true }, storage({ supportsHttpsTrafficOnly: UNKNOWN }))).toBe('match');
    expect(verdict({ field: HTTPS, exists: false }, storage({ supportsHttpsTrafficOnly: UNKNOWN }))).toBe('no match');
    expect(verdict({ field: HTTPS, exists: true }, storage(UNKNOWN as unknown as Record<string, unknown>))).toBe('U');
    expect(verdict({ field: HTTPS, exists: false }, storage(UNKNOWN as unknown as Record<string, unknown>))).toBe('U');
    // An absent member is absent (known).
    expect(verdict({ field: HTTPS, exists: false }, storage({}))).toBe('match');
  });

  test('U is never turned into "" or null: notEquals and notIn are not flipped into findings', () => {
    const res = storage({ supportsHttpsTrafficOnly: UNKNOWN });
    for (const cond of [
      { field: HTTPS, notEquals: true },
      { field: HTTPS, notEquals: '' },
      { field: HTTPS, equals: '' },
      { field: HTTPS, equals: null },
      { field: HTTPS, notIn: [true] },
      { field: HTTPS, in: [true, false] },
      { field: HTTPS, like: '*' },
      { field: HTTPS, notLike: 'x*' },
      { field: HTTPS, notContains: 'x' },
      { field: HTTPS, less: 5 },
      { field: HTTPS, notMatch: '###' },
      { field: HTTPS, containsKey: 'x' },
    ]) expect([cond, verdict(cond, res)]).toEqual([cond, 'U']);
  });

  test('arrays with unknown members: equality, in/notIn and contains decide where a known member decides', () => {
    const res = storage({ list: ['a', UNKNOWN], obj: { k: UNKNOWN } });
    expect(verdict({ field: 'properties.list', equals: ['a', 'b'] }, res)).toBe('U');
    expect(verdict({ field: 'properties.list', equals: ['x', 'b'] }, res)).toBe('no match'); // 'a' differs from 'x'
    expect(verdict({ field: 'properties.list', equals: ['a'] }, res)).toBe('no match'); // lengths differ
    expect(verdict({ field: 'properties.list', notEquals: ['x', 'b'] }, res)).toBe('match');
    expect(verdict({ field: 'properties.list', contains: 'a' }, res)).toBe('match');
    expect(verdict({ field: 'properties.list', contains: 'z' }, res)).toBe('U');
    expect(verdict({ field: 'properties.list', notContains: 'a' }, res)).toBe('no match');
    expect(verdict({ field: 'name', in: ['x', "[field('properties.list')[1]]"] }, res)).toBe('U');
    expect(verdict({ field: 'name', in: ['st', "[field('properties.list')[1]]"] }, res)).toBe('match');
    expect(verdict({ field: 'name', notIn: ['x', "[field('properties.list')[1]]"] }, res)).toBe('U');
    expect(verdict({ field: 'properties.obj', containsKey: 'k' }, res)).toBe('match'); // the key is known
    expect(verdict({ field: 'properties.obj', equals: { k: 1, j: 2 } }, res)).toBe('no match');
  });
});

describe('logical operators', () => {
  const res = storage({ supportsHttpsTrafficOnly: UNKNOWN, minimumTlsVersion: 'TLS1_2' });
  const u = { field: HTTPS, equals: false };
  const t = { field: 'properties.minimumTlsVersion', equals: 'TLS1_2' };
  const f = { field: 'properties.minimumTlsVersion', equals: 'TLS1_0' };

  test.each([
    ['allOf [U, false] is decided false', { allOf: [u, f] }, 'no match'],
    ['allOf [false, U] is decided false', { allOf: [f, u] }, 'no match'],
    ['allOf [true, U] is U', { allOf: [t, u] }, 'U'],
    ['allOf [U, true, true] is U', { allOf: [u, t, t] }, 'U'],
    ['anyOf [U, true] is decided true', { anyOf: [u, t] }, 'match'],
    ['anyOf [false, U] is U', { anyOf: [f, u] }, 'U'],
    ['not U is U', { not: u }, 'U'],
    ['not (allOf [U, false]) is decided true', { not: { allOf: [u, f] } }, 'match'],
    ['nested: anyOf [allOf [U, false], true]', { anyOf: [{ allOf: [u, f] }, t] }, 'match'],
  ])('%s', (_name, cond, want) => {
    expect(verdict(cond, res)).toBe(want);
  });

  test('the paths are those the outcome depended on', () => {
    const r = evaluate({ anyOf: [{ allOf: [{ field: 'properties.a', equals: 1 }, f] }, { field: 'properties.b', equals: 1 }] }, storage({ a: UNKNOWN, b: UNKNOWN, minimumTlsVersion: 'TLS1_2' }));
    expect(r.undetermined?.paths).toEqual(['properties.b']); // properties.a did not matter: its allOf is false anyway
  });

  test('a rule whose if is decided despite U values is decided, also on the fast path of other types', () => {
    const cond = { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, u] };
    expect(evaluate(cond, { type: 'Microsoft.Web/sites', properties: UNKNOWN }, { trace: false })).toEqual(expect.objectContaining({ effect: null }));
    expect(evaluate(cond, { type: 'Microsoft.Web/sites', properties: UNKNOWN }, { trace: false }).undetermined).toBeUndefined();
  });
});

describe('count', () => {
  const rules = (...members: unknown[]): Record<string, unknown> => storage({ networkAcls: { ipRules: members } });
  const where = { field: IP_VALUES, equals: '0.0.0.0' };

  test('the count of an unknown array is U; comparisons true for every count are decided', () => {
    const res = storage({ networkAcls: { ipRules: UNKNOWN } });
    expect(verdict({ count: { field: IP_RULES }, greater: 0 }, res)).toBe('U');
    expect(verdict({ count: { field: IP_RULES, where }, equals: 0 }, res)).toBe('U');
    expect(verdict({ count: { field: IP_RULES }, greaterOrEquals: 0 }, res)).toBe('match');
    expect(verdict({ count: { field: IP_RULES }, less: 0 }, res)).toBe('no match');
    const r = evaluate({ count: { field: IP_RULES }, greater: 0 }, res);
    expect(r.undetermined).toEqual({ paths: [IP_RULES], reasons: [`${IP_RULES} is known only after apply`, `the number of members of ${IP_RULES} is known only after apply`] });
  });

  test('members true and U bound the count: decided when every count in [true, true + U] gives the same answer', () => {
    // one member matches, one is unknown, one does not match: the count is 1 or 2
    const res = rules({ value: '0.0.0.0' }, { value: UNKNOWN }, { value: '10.0.0.1' });
    expect(verdict({ count: { field: IP_RULES, where }, greater: 0 }, res)).toBe('match');
    expect(verdict({ count: { field: IP_RULES, where }, less: 3 }, res)).toBe('match');
    expect(verdict({ count: { field: IP_RULES, where }, greater: 2 }, res)).toBe('no match');
    expect(verdict({ count: { field: IP_RULES, where }, equals: 1 }, res)).toBe('U');
    expect(verdict({ count: { field: IP_RULES, where }, in: [1, 2] }, res)).toBe('match');
    expect(verdict({ count: { field: IP_RULES, where }, notIn: [1, 2] }, res)).toBe('no match');
    expect(verdict({ count: { field: IP_RULES, where }, notEquals: 2 }, res)).toBe('U');
    expect(evaluate({ count: { field: IP_RULES, where }, equals: 1 }, res).undetermined?.paths).toEqual([IP_VALUES]);
  });

  test('an unknown member (not just its value) and an unknown count in a value count', () => {
    expect(verdict({ count: { field: IP_RULES, where }, greater: 0 }, rules(UNKNOWN))).toBe('U');
    expect(verdict({ count: { field: IP_RULES }, equals: 1 }, rules(UNKNOWN))).toBe('match'); // one member, whatever it is
    const valueCount = { count: { value: "[field('properties.ports')]", name: 'p', where: { value: "[current('p')]", equals: 22 } }, greater: 0 };
    expect(verdict(valueCount, storage({ ports: UNKNOWN }))).toBe('U');
    expect(verdict(valueCount, storage({ ports: [UNKNOWN, 22] }))).toBe('match');
    expect(verdict(valueCount, storage({ ports: [UNKNOWN, 80] }))).toBe('U');
    expect(evaluate(valueCount, storage({ ports: [UNKNOWN, 80] })).undetermined?.paths).toEqual(["current('p')"]);
  });

  test('[*] outside a count: false when a known member fails, else U when a member is unknown', () => {
    const cond = { field: IP_VALUES, notEquals: '0.0.0.0' };
    expect(verdict(cond, rules({ value: '1.1.1.1' }, { value: UNKNOWN }))).toBe('U');
    expect(verdict(cond, rules({ value: '0.0.0.0' }, { value: UNKNOWN }))).toBe('no match');
    expect(verdict(cond, storage({ networkAcls: { ipRules: UNKNOWN } }))).toBe('U');
    expect(verdict(cond, storage({ networkAcls: { ipRules: [] } }))).toBe('match');
  });
});

describe('value expressions', () => {
  const res = storage({ name2: UNKNOWN, tags: { a: UNKNOWN }, arr: ['x', UNKNOWN], flag: UNKNOWN });
  test.each([
    ["[concat(field('properties.name2'), '-x')]", 'equals', 'a-x', 'U'],
    ["[toLower(field('properties.name2'))]", 'equals', 'a', 'U'],
    ["[length(field('properties.arr'))]", 'equals', 2, 'match'],
    ["[empty(field('properties.arr'))]", 'equals', false, 'match'],
    ["[first(field('properties.arr'))]", 'equals', 'x', 'match'],
    ["[last(field('properties.arr'))]", 'equals', 'x', 'U'],
    ["[length(field('properties.tags'))]", 'equals', 1, 'match'],
    ["[string(field('properties.arr'))]", 'contains', 'known after apply', 'U'],
    ["[contains(field('properties.arr'), 'x')]", 'equals', true, 'U'],
    ["[coalesce(field('properties.name2'), 'default')]", 'equals', 'default', 'U'],
    ["[if(field('properties.flag'), 'a', 'b')]", 'equals', 'a', 'U'],
    ["[and(field('properties.flag'), false)]", 'equals', false, 'match'],
    ["[or(field('properties.flag'), true)]", 'equals', true, 'match'],
    ["[and(field('properties.flag'), true)]", 'equals', true, 'U'],
    ["[createArray(field('properties.name2'), 'b')[1]]", 'equals', 'b', 'match'],
    ["[tryGet(field('properties.tags'), 'a', 'b')]", 'equals', null, 'U'],
    ["[field('properties.name2').x]", 'exists', true, 'U'],
  ])('%s %s %j -> %s', (expression, op, rhs, want) => {
    expect(verdict({ value: expression, [op]: rhs }, res)).toBe(want);
  });

  test('the paths of an expression are the fields it read', () => {
    const r = evaluate({ value: "[concat(field('properties.name2'), field('name'))]", equals: 'x' }, res);
    expect(r.undetermined?.paths).toEqual(['properties.name2']);
    const p = compilePolicy({ parameters: { list: { type: 'Array' } }, policyRule: { if: { field: 'name', in: "[parameters('list')]" }, then: { effect: 'audit' } } }, { aliases: testCatalog });
    expect(p.evaluate(res, { parameters: { list: ['a', UNKNOWN] } }).undetermined?.paths).toEqual(["parameters('list')"]);
    expect(p.evaluate(res, { parameters: { list: ['st', UNKNOWN] } })).toMatchObject({ effect: 'Audit' });
    expect(p.evaluate(res, { parameters: { list: ['st', UNKNOWN] } }).undetermined).toBeUndefined();
  });
});

describe('effects', () => {
  const parameterised = {
    properties: {
      parameters: { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } },
      policyRule: { if: { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, then: { effect: "[parameters('effect')]" } },
    },
  };

  test('a parameterised effect whose value is unknown makes the verdict undetermined (unless the rule does not apply)', () => {
    const p = compilePolicy(parameterised, { aliases: testCatalog });
    const r = p.evaluate(storage({}), { parameters: { effect: UNKNOWN } });
    expect(r.effect).toBe('Audit');
    expect(r.error).toBeUndefined();
    expect(r.undetermined).toEqual({ paths: ["parameters('effect')"], reasons: ["parameters('effect') is known only after apply", "the effect [parameters('effect')] is known only after apply"] });
    expect(p.evaluate({ type: 'Microsoft.Web/sites' }, { parameters: { effect: UNKNOWN } })).toMatchObject({ effect: null });
    expect(p.evaluate({ type: 'Microsoft.Web/sites' }, { parameters: { effect: UNKNOWN } }).undetermined).toBeUndefined();
  });

  test('an undetermined result reports the effect that would apply and its details, with unknown values written as such', () => {
    const details = [{ field: 'tags.owner', value: "[field('properties.owner')]" }];
    const r = evaluate({ field: HTTPS, equals: false }, storage({ supportsHttpsTrafficOnly: UNKNOWN, owner: UNKNOWN }), {}, 'append', details);
    expect(r.effect).toBe('Append');
    expect(r.details).toEqual([{ field: 'tags.owner', value: UNKNOWN }]);
    expect(JSON.parse(JSON.stringify(r))).toMatchObject({ effect: 'Append', details: [{ value: '(known after apply)' }], undetermined: { paths: [HTTPS] } });
    expect(r.trace.join('\n')).toMatch(/-> undetermined/);
  });

  test('a decided rule with unknown values elsewhere has no undetermined member', () => {
    const r = evaluate({ field: 'name', equals: 'st' }, storage({ supportsHttpsTrafficOnly: UNKNOWN }));
    expect(r.effect).toBe('Deny');
    expect(r.undetermined).toBeUndefined();
    expect(Object.keys(JSON.parse(JSON.stringify(r)))).not.toContain('undetermined');
  });
});

describe('related resources (auditIfNotExists / deployIfNotExists)', () => {
  const aine = (existenceCondition?: unknown): unknown => ({
    type: 'Microsoft.Insights/diagnosticSettings',
    ...(existenceCondition ? { existenceCondition } : {}),
  });
  const exists = { field: 'properties.workspaceId', exists: true };
  const setting = (workspaceId: unknown): Record<string, unknown> => ({ type: 'Microsoft.Insights/diagnosticSettings', name: 'ds', properties: { workspaceId } });
  const res = storage({});
  const run = (input: EvaluationInput, cond: unknown = { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }): EvaluationResult =>
    evaluate(cond, res, input, 'auditIfNotExists', aine(exists));

  test('complete (the default): none found is the effect; found is compliant', () => {
    expect(run({})).toMatchObject({ effect: 'AuditIfNotExists' });
    expect(run({}).undetermined).toBeUndefined();
    expect(run({ relatedResources: [setting('/w')] }).effect).toBeNull();
  });

  test('relatedResourcesComplete false: none found is undetermined, "depends on resources outside the configuration"', () => {
    const r = run({ relatedResourcesComplete: false, relatedResources: [setting(undefined)] });
    expect(r).toMatchObject({ effect: 'AuditIfNotExists', undetermined: { paths: [], reasons: ['depends on resources outside the configuration'] } });
    // Found in the configuration: decided.
    const found = run({ relatedResourcesComplete: false, relatedResources: [setting('/w')] });
    expect(found.effect).toBeNull();
    expect(found.undetermined).toBeUndefined();
  });

  test('a related resource whose existence condition depends on an unknown value is undetermined; another that satisfies it decides', () => {
    // exists: a workspace id known only after apply is present: the setting exists.
    expect(run({ relatedResources: [setting(UNKNOWN)] })).toMatchObject({ effect: null, undetermined: undefined });
    const cond = { field: 'properties.workspaceId', equals: '/w' };
    const unknownWs = evaluate({ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, res, { relatedResources: [setting(UNKNOWN)] }, 'auditIfNotExists', aine(cond));
    expect(unknownWs).toMatchObject({ effect: 'AuditIfNotExists', undetermined: { paths: ['properties.workspaceId'] } });
    const decided = evaluate({ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, res, { relatedResources: [setting(UNKNOWN), setting('/w')] }, 'auditIfNotExists', aine(cond));
    expect(decided.effect).toBeNull();
    expect(decided.undetermined).toBeUndefined();
  });

  test('the related resources are looked up lazily: only when the if matched or may match', () => {
    let calls = 0;
    const lookup = (): Record<string, unknown>[] => {
      calls++;
      return [setting('/w')];
    };
    expect(run({ relatedResources: lookup }, { field: 'type', equals: 'Microsoft.Web/sites' }).effect).toBeNull();
    expect(calls).toBe(0);
    expect(run({ relatedResources: lookup }).effect).toBeNull();
    expect(calls).toBe(1);
    // An undetermined if: a related resource that satisfies the condition decides the verdict (compliant either way).
    expect(run({ relatedResources: lookup }, { field: 'properties.kind', equals: 'x' })).toMatchObject({ effect: null });
    expect(calls).toBe(1); // properties.kind is absent: the if is false, no lookup
    const undeterminedIf = evaluate({ field: HTTPS, equals: false }, storage({ supportsHttpsTrafficOnly: UNKNOWN }), { relatedResources: lookup }, 'auditIfNotExists', aine(exists));
    expect(undeterminedIf.effect).toBeNull();
    expect(undeterminedIf.undetermined).toBeUndefined();
    expect(calls).toBe(2);
    const noneFound = evaluate({ field: HTTPS, equals: false }, storage({ supportsHttpsTrafficOnly: UNKNOWN }), { relatedResources: () => [] }, 'auditIfNotExists', aine(exists));
    expect(noneFound).toMatchObject({ effect: 'AuditIfNotExists', undetermined: { paths: [HTTPS] } });
  });
});
