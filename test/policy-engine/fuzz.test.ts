import fc from 'fast-check';
import { evaluateBatchLine, serializeBatchResult } from '../../lib/cli/eval';
import { AliasCatalog, PolicyEngineError, UNKNOWN, compilePolicy, evaluateBatchRequest, isUnknown } from '../../lib/policy-engine';
import { likeMatcher } from '../../lib/policy-engine/operators';
import { fold, numericString } from '../../lib/policy-engine/values';
import { testCatalog } from './helpers';

/**
 * Seeded, bounded fuzzing (issue 12): whatever the policy, resource or request, compile either succeeds or throws a
 * PolicyEngineError, evaluation never throws and returns a well-formed result, and a batch line gives exactly one
 * serialisable result line. Fixed seeds and run counts keep it deterministic and a few seconds long.
 */

const SEED = 20261130;

/** Strings an attacker would try, mixed with ordinary ones. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '${x}', '%{x}', '[', ']', '[[x]', "[concat('a')]", '*', '?', '#', '.', '-', '1e400', '9223372036854775808', '',
    'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly', 'properties.a[*].b', 'tags', 'type', 'name', '\u0000', '\ud800', 'ß'),
);

/** Template function calls over small hostile arguments, nested a few levels. */
const FUNCTIONS = ['concat', 'replace', 'padLeft', 'split', 'join', 'string', 'json', 'union', 'intersection', 'createObject', 'createArray', 'format',
  'length', 'int', 'float', 'add', 'mul', 'range', 'substring', 'skip', 'take', 'first', 'last', 'contains', 'indexOf', 'items', 'base64', 'toUpper',
  'empty', 'coalesce', 'if', 'equals', 'less', 'and', 'not', 'field', 'parameters', 'current', 'dateTimeAdd', 'ipRangeContains', 'tryGet', 'uriComponent',
  'noSuchFunction', 'reference'];
const exprArg: fc.Arbitrary<string> = fc.letrec<{ arg: string }>((tie) => ({
  arg: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString.map((s) => `'${s.replace(/'/g, "''")}'`),
    fc.integer({ min: -3, max: 20_000 }).map(String),
    fc.constantFrom('1e300', '-0.5', 'true', 'null', "parameters('p')", "field('name')", "field('properties.a[*].b')", 'utcNow()'),
    fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('arg'), { maxLength: 4 })).map(([f, args]) => `${f}(${args.join(', ')})`),
  ),
})).arg;
const expression = exprArg.map((a) => `[${a}]`);

const operand = fc.oneof(hostileString, expression, fc.jsonValue({ maxDepth: 3 }));
const OPERATORS = ['equals', 'notEquals', 'like', 'notLike', 'match', 'notMatch', 'contains', 'in', 'notIn', 'containsKey', 'less', 'greaterOrEquals', 'exists'];
const operator = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...OPERATORS) }, { weight: 1, arbitrary: hostileString });
/** Mostly fields that resolve (so that evaluation is exercised), sometimes anything. */
const fieldName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('type', 'name', 'location', 'tags', "tags['__proto__']", 'properties.a', 'properties.a[*].b', 'properties.__proto__', 'properties.constructor',
    'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly', 'Microsoft.Network/networkSecurityGroups/securityRules[*].access', 'fullName', 'id') },
  { weight: 1, arbitrary: expression },
  { weight: 1, arbitrary: hostileString },
);
const condition: fc.Arbitrary<unknown> = fc.letrec<{ cond: unknown }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ field: fieldName, op: operator, rhs: operand }).map(({ field, op, rhs }) => ({ field, [op]: rhs })),
    fc.record({ value: operand, op: operator, rhs: operand }).map(({ value, op, rhs }) => ({ value, [op]: rhs })),
    fc.record({ field: fc.constantFrom('properties.a[*]', 'Microsoft.Network/networkSecurityGroups/securityRules[*]'), where: tie('cond'), op: fc.constantFrom('greater', 'equals', 'less'), n: fc.integer({ min: -1, max: 3 }) })
      .map(({ field, where, op, n }) => ({ count: { field, where }, [op]: n })),
    fc.array(tie('cond'), { maxLength: 3 }).map((allOf) => ({ allOf })),
    fc.array(tie('cond'), { maxLength: 3 }).map((anyOf) => ({ anyOf })),
    tie('cond').map((not) => ({ not })),
  ),
})).cond;
const anyCondition = fc.oneof({ weight: 9, arbitrary: condition }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });

const effect = fc.oneof({ weight: 9, arbitrary: fc.constantFrom('deny', 'Audit', 'append', 'modify', 'auditIfNotExists', 'disabled', 'denyAction', "[parameters('p')]") }, { weight: 1, arbitrary: hostileString });
const details = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }), fc.constant({ type: 'Microsoft.Web/sites/config', existenceCondition: { field: 'name', equals: 'x' } }),
  fc.constant({ roleDefinitionIds: [], operations: [{ operation: 'addOrReplace', field: "tags['a']", value: "[field('name')]" }] }));
const policy = fc.record({ if: anyCondition, then: fc.record({ effect, details }) }).map((rule) => ({
  properties: { mode: 'All', parameters: { p: { type: 'String', defaultValue: 'Audit' } }, policyRule: rule },
}));

/** Resources: random JSON plus keys that matter (type, name, properties with arrays) and prototype names. */
const resource = fc.record({
  type: fc.oneof(fc.constant('Microsoft.Network/networkSecurityGroups'), fc.constant('Microsoft.Storage/storageAccounts'), hostileString),
  name: hostileString,
  tags: fc.dictionary(fc.constantFrom('a', 'env', '__proto__'), fc.oneof(hostileString, fc.jsonValue({ maxDepth: 1 })), { maxKeys: 2 }),
  properties: fc.record({
    a: fc.array(fc.record({ b: fc.oneof(hostileString, fc.integer({ min: -2, max: 3 }), fc.boolean()) }), { maxLength: 3 }),
    supportsHttpsTrafficOnly: fc.boolean(),
    securityRules: fc.array(fc.record({ properties: fc.record({ access: fc.constantFrom('Allow', 'Deny') }) }), { maxLength: 3 }),
    other: fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
  }, { requiredKeys: [] }),
}, { requiredKeys: ['type', 'name'] }).map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>);

function checkResult(r: { effect: unknown; error?: { stage: string; message: unknown } }): void {
  expect(r.effect === null || typeof r.effect === 'string').toBe(true);
  if (r.error) {
    expect(['parse', 'compile', 'evaluate']).toContain(r.error.stage);
    expect(typeof r.error.message).toBe('string');
  }
}

describe('fuzz (seeded, bounded)', () => {
  test('compile throws only PolicyEngineError; evaluate never throws; results serialise to one line', () => {
    fc.assert(fc.property(policy, resource, fc.oneof(fc.constant(undefined), fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })), (def, res, parameters) => {
      let compiled;
      try {
        compiled = compilePolicy(def, { aliases: testCatalog });
      } catch (e) {
        expect(e).toBeInstanceOf(PolicyEngineError);
        return;
      }
      const r = compiled.evaluate(res, { parameters, trace: true, relatedResources: [res] });
      checkResult(r);
      expect(Array.isArray(r.trace)).toBe(true);
      const line = serializeBatchResult({ id: 'x', effect: r.effect, details: r.details, error: r.error });
      expect(line).not.toMatch(/\n/);
      expect(JSON.parse(line).id).toBe('x');
    }), { seed: SEED, numRuns: 600 });
  });

  test('a batch line, valid JSON or not, gives exactly one well-formed result', () => {
    const request = fc.record({
      id: fc.oneof(hostileString, fc.integer(), fc.jsonValue({ maxDepth: 2 })),
      policyRule: fc.oneof(policy.map((p) => p.properties.policyRule), fc.jsonValue({ maxDepth: 3 })),
      resource: fc.oneof(resource, fc.jsonValue({ maxDepth: 3 })),
      parameters: fc.jsonValue({ maxDepth: 2 }),
      context: fc.jsonValue({ maxDepth: 2 }),
    }, { requiredKeys: ['id'] });
    const line = fc.oneof(request.map((r) => JSON.stringify(r)), fc.string({ maxLength: 40 }), request.map((r) => JSON.stringify(r).slice(0, 30)), fc.jsonValue().map((v) => JSON.stringify(v)));
    fc.assert(fc.property(line, fc.dictionary(fc.constantFrom('__proto__', 'resouce', 'aliases', 'expect', 'x'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }), (text, extra) => {
      let withExtra = text;
      if (text.startsWith('{') && text.endsWith('}') && Object.keys(extra).length > 0) withExtra = text.slice(0, -1) + (text.length > 2 ? ',' : '') + JSON.stringify(extra).slice(1);
      const r = evaluateBatchLine(withExtra, 1, { aliases: AliasCatalog.empty() });
      checkResult(r);
      expect(typeof r.id).toBe('string');
      expect(r.id).not.toBe('[object Object]');
      const out = serializeBatchResult(r);
      expect(out).not.toMatch(/\n/);
      expect(Object.keys(JSON.parse(out)).every((k) => ['id', 'effect', 'details', 'error'].includes(k))).toBe(true);
    }), { seed: SEED, numRuns: 300 });
    expect(evaluateBatchRequest({ id: 'plain', policyRule: { if: { field: 'type', equals: 't' }, then: { effect: 'deny' } }, resource: { type: 't' } }, { aliases: AliasCatalog.empty() }).effect).toBe('Deny');
  });

  test('unknown values: a verdict decided despite them is the verdict for every value they may take', () => {
    /** Replaces some leaves (and whole arrays/objects) by UNKNOWN, chosen by `bits`. */
    const withUnknowns = (v: unknown, bits: number[], at = { i: 0 }): unknown => {
      const pick = (): boolean => bits[at.i++ % bits.length] === 1;
      if (Array.isArray(v)) return pick() ? UNKNOWN : v.map((e) => withUnknowns(e, bits, at));
      if (typeof v === 'object' && v !== null) {
        const o: Record<string, unknown> = {};
        for (const k of Object.keys(v)) o[k] = k === 'type' ? (v as Record<string, unknown>)[k] : withUnknowns((v as Record<string, unknown>)[k], bits, at);
        return o;
      }
      return pick() ? UNKNOWN : v;
    };
    const concretise = (v: unknown, values: unknown[], at = { i: 0 }): unknown => {
      if (isUnknown(v)) return values[at.i++ % values.length];
      if (Array.isArray(v)) return v.map((e) => concretise(e, values, at));
      if (typeof v === 'object' && v !== null) {
        const o: Record<string, unknown> = {};
        for (const k of Object.keys(v)) o[k] = concretise((v as Record<string, unknown>)[k], values, at);
        return o;
      }
      return v;
    };
    let decided = 0;
    let undetermined = 0;
    fc.assert(fc.property(policy, resource, fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 9 }), fc.array(fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 4 }), { minLength: 3, maxLength: 3 }), (def, res, bits, choices) => {
      let compiled;
      try {
        compiled = compilePolicy(def, { aliases: testCatalog });
      } catch {
        return;
      }
      const partial = withUnknowns(res, bits) as Record<string, unknown>;
      const r = compiled.evaluate(partial, { trace: false });
      checkResult(r);
      if (r.error) return;
      if (r.undetermined) {
        undetermined++;
        expect(r.undetermined.reasons.length).toBeGreaterThan(0);
        return;
      }
      decided++;
      for (const values of choices) {
        const concrete = compiled.evaluate(concretise(partial, values) as Record<string, unknown>, { trace: false });
        if (concrete.error) continue; // an error in a member an allOf/anyOf did not need (Azure evaluates left to right)
        expect(concrete.effect).toBe(r.effect);
      }
    }), { seed: SEED, numRuns: 500 });
    expect(decided).toBeGreaterThan(20);
    expect(undetermined).toBeGreaterThan(5);
  });

  test('like agrees with a reference matcher (a regular expression) on short inputs', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '*', '?', '.', 'ß');
    const reference = (pattern: string, text: string): boolean => {
      const re = fold(pattern).split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
      return new RegExp(`^${re}$`, 's').test(fold(text));
    };
    fc.assert(fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: alphabet, maxLength: 12 }), (pattern, text) => {
      expect(likeMatcher(pattern).test(fold(text))).toBe(reference(pattern, text));
    }), { seed: SEED, numRuns: 2000 });
  });

  test('numericString agrees with the strict numeric grammar', () => {
    const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
    const unit = fc.constantFrom('0', '1', '9', '.', 'e', 'E', '+', '-', ' ', '\t', 'x', '\u00a0');
    fc.assert(fc.property(fc.string({ unit, maxLength: 10 }), (s) => {
      const want = NUMERIC.test(s) && Number.isFinite(Number(s)) ? Number(s) : undefined;
      expect(numericString(s)).toBe(want);
    }), { seed: SEED, numRuns: 3000 });
  });
});
