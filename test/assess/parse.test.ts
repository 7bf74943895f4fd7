import { parseAssignments, parseExemptions, parseResourceSelectors, parseSelectors, resourceSelected, versionMatches } from '../../lib/assess';
import { normaliseLocation, selectorMatches } from '../../lib/assess/selectors';
import { DENY_ID, INITIATIVE_ID, RG1, SUB } from './helpers';

const AID = `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/guard`;

describe('assignments in Azure\'s JSON', () => {
  test('az policy assignment show (flattened): scope from id, parameters unwrapped, defaults', () => {
    const [a] = parseAssignments({ id: AID, name: 'guard', type: 'Microsoft.Authorization/policyAssignments', policyDefinitionId: INITIATIVE_ID, parameters: { storageEffect: { value: 'Deny' } }, scope: `/subscriptions/${SUB}`, notScopes: [RG1] }, 'a.json');
    expect(a).toMatchObject({ id: AID, name: 'guard', definitionId: INITIATIVE_ID, isInitiative: true, enforcementMode: 'Default', propertyPrefix: '' });
    expect(a.scope).toMatchObject({ kind: 'subscription', key: `/subscriptions/${SUB}` });
    expect(a.notScopes.map((s) => s.kind)).toEqual(['resourceGroup']);
    expect([...a.parameters]).toEqual([['storageEffect', 'Deny']]);
  });

  test('REST shape (properties nested), and the list shapes {value: [...]} and [...]', () => {
    const rest = { id: AID, name: 'guard', properties: { policyDefinitionId: DENY_ID, enforcementMode: 'donotenforce', definitionVersion: '1.*.*' } };
    const [a] = parseAssignments(rest, 'a.json');
    expect(a).toMatchObject({ enforcementMode: 'DoNotEnforce', isInitiative: false, definitionVersion: '1.*.*', propertyPrefix: 'properties.' });
    expect(parseAssignments({ value: [rest, rest] }, 'l.json').map((x) => x.source)).toEqual(['l.json[0]', 'l.json[1]']);
    expect(parseAssignments([rest], 'l.json')).toHaveLength(1);
  });

  test('name and scope instead of id', () => {
    const [a] = parseAssignments({ name: 'x', scope: RG1, policyDefinitionId: DENY_ID }, 'a.json');
    expect(a.id).toBe(`${RG1}/providers/Microsoft.Authorization/policyAssignments/x`);
    expect(parseAssignments({ name: 'r', scope: '/', policyDefinitionId: DENY_ID }, 'a.json')[0].id).toBe('/providers/Microsoft.Authorization/policyAssignments/r');
  });

  test.each([
    [{ id: AID }, /a\.json: policyDefinitionId undefined: expected the full id of a policy definition or initiative/],
    [{ id: 'nope', policyDefinitionId: DENY_ID }, /id "nope": expected <scope>\/providers\/Microsoft\.Authorization\/policyAssignments\/<name>/],
    [{ policyDefinitionId: DENY_ID }, /id missing: expected the assignment's id/],
    [{ id: AID, policyDefinitionId: DENY_ID, scope: RG1 }, /scope ".*rg1": must be the scope in the id/],
    [{ id: AID, policyDefinitionId: DENY_ID, enforcementMode: 'Enforced' }, /enforcementMode "Enforced": expected Default or DoNotEnforce/],
    [{ id: AID, policyDefinitionId: DENY_ID, parameters: { effect: 'Deny' } }, /parameters\.effect "Deny": expected \{"value": \.\.\.\}/],
    [{ id: AID, policyDefinitionId: DENY_ID, parameters: { effect: { value: 1 }, EFFECT: { value: 2 } } }, /parameters\.EFFECT duplicate/],
    [{ id: AID, policyDefinitionId: DENY_ID, definitionVersion: 'latest' }, /definitionVersion "latest": expected "#\.\*\.\*"/],
    [{ id: AID, policyDefinitionId: DENY_ID, notScopes: 'x' }, /notScopes "x": expected an array of scope ids/],
    [{ id: AID, policyDefinitionId: DENY_ID, nonComplianceMessages: [{ msg: 'x' }] }, /nonComplianceMessages\[0\]/],
    [{ id: AID, policyDefinitionId: DENY_ID, overrides: [{ kind: 'definitionVersion', value: '2.*.*' }] }, /overrides\[0\]\.kind "definitionVersion": expected policyEffect or policyVersion/],
    [{ id: AID, policyDefinitionId: DENY_ID, overrides: [{ kind: 'policyEffect', value: 'Block' }] }, /overrides\[0\]\.value "Block": expected an effect \(Deny, Audit/],
    [{ id: AID, policyDefinitionId: DENY_ID, definitionVersion: '2.*.*', overrides: [{ kind: 'policyVersion', value: '1.*.*' }] }, /must be greater than or equal to the assignment's definitionVersion 2\.\*\.\*/],
    [{ id: AID, policyDefinitionId: DENY_ID, overrides: [{ kind: 'policyVersion', value: '2.*.*', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['a'] }] }] }, /selectors\[0\]\.kind "policyDefinitionReferenceId": expected one of resourceLocation, resourceType, resourceWithoutLocation/],
    [{ id: AID, policyDefinitionId: DENY_ID, overrides: Array.from({ length: 11 }, () => ({ kind: 'policyEffect', value: 'Audit' })) }, /up to 10 overrides/],
  ])('rejected as Azure would: %j', (json, message) => {
    expect(() => parseAssignments(json, 'a.json')).toThrow(message);
  });
});

describe('selectors', () => {
  const facts = { idKey: `${RG1}/x`.toLowerCase(), type: 'microsoft.storage/storageaccounts', location: 'eastus', subscriptionLevelWithoutLocation: false };

  test('in / notIn on location (case and spaces ignored), type, reference id', () => {
    const [loc] = parseSelectors([{ kind: 'resourceLocation', in: ['East US', 'westus'] }], 's', 'selectors');
    expect(selectorMatches(loc, facts)).toBe(true);
    expect(selectorMatches(loc, { ...facts, location: 'eastus2' })).toBe(false);
    const [notType] = parseSelectors([{ kind: 'resourceType', notIn: ['Microsoft.Storage/storageAccounts'] }], 's', 'selectors');
    expect(selectorMatches(notType, facts)).toBe(false);
    expect(selectorMatches(notType, { ...facts, type: 'microsoft.compute/virtualmachines' })).toBe(true);
    const [ref] = parseSelectors([{ kind: 'policyDefinitionReferenceId', in: ['PublicStorage'] }], 's', 'selectors');
    expect(selectorMatches(ref, facts, 'publicStorage')).toBe(true);
    expect(selectorMatches(ref, facts, 'other')).toBe(false);
    expect(selectorMatches(ref, facts)).toBe(false);
    expect(normaliseLocation('West Europe')).toBe('westeurope');
  });

  test('a resource without a location: resourceLocation in does not match, notIn does; resourceWithoutLocation selects subscription-level ones', () => {
    const noLocation = { ...facts, location: '', idKey: `/subscriptions/${SUB}/providers/microsoft.security/pricings/vms`, subscriptionLevelWithoutLocation: true };
    const [inLoc, notInLoc, withoutLoc, notWithoutLoc] = parseSelectors([
      { kind: 'resourceLocation', in: ['eastus'] }, { kind: 'resourceLocation', notIn: ['eastus'] },
      { kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] }, { kind: 'resourceWithoutLocation', notIn: ['subscriptionLevelResources'] },
    ], 's', 'selectors');
    expect(selectorMatches(inLoc, noLocation)).toBe(false);
    expect(selectorMatches(notInLoc, noLocation)).toBe(true);
    expect(selectorMatches(withoutLoc, noLocation)).toBe(true);
    expect(selectorMatches(notWithoutLoc, noLocation)).toBe(false);
    expect(selectorMatches(withoutLoc, facts)).toBe(false);
  });

  test('resource selectors: all selectors of one, any of them', () => {
    const rs = parseResourceSelectors([
      { name: 'eu-storage', selectors: [{ kind: 'resourceLocation', in: ['westeurope'] }, { kind: 'resourceType', in: ['Microsoft.Storage/storageAccounts'] }] },
      { name: 'us', selectors: [{ kind: 'resourceLocation', in: ['eastus'] }] },
    ], 'a.json', 'resourceSelectors');
    expect(resourceSelected(rs, facts)).toBe(true); // second selector
    expect(resourceSelected(rs, { ...facts, location: 'westeurope' })).toBe(true); // first
    expect(resourceSelected(rs, { ...facts, location: 'westeurope', type: 'microsoft.compute/virtualmachines' })).toBe(false);
    expect(resourceSelected([], facts)).toBe(true);
  });

  test.each([
    [[{ name: 'a', selectors: [{ kind: 'resourceLocation', in: ['x'], notIn: ['y'] }] }], /needs exactly one of "in" and "notIn"/],
    [[{ name: 'a', selectors: [{ kind: 'resourceLocation' }] }], /needs exactly one of "in" and "notIn"/],
    [[{ name: 'a', selectors: [{ kind: 'resourceLocation', in: Array.from({ length: 51 }, (_, i) => `l${i}`) }] }], /\(51 values\): at most 50 values/],
    [[{ name: 'a', selectors: [{ kind: 'resourceLocation', in: ['x'] }, { kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] }] }], /cannot be used in the same resource selector/],
    [[{ name: 'a', selectors: [{ kind: 'resourceType', in: ['x'] }, { kind: 'resourceType', notIn: ['y'] }] }], /each kind can be used only once/],
    [[{ name: 'a', selectors: [{ kind: 'resourceWithoutLocation', in: ['global'] }] }], /supports only "subscriptionLevelResources"/],
    [[{ name: 'a', selectors: [{ kind: 'policyDefinitionReferenceId', in: ['x'] }] }], /expected one of resourceLocation, resourceType, resourceWithoutLocation/],
    [[{ selectors: [] }], /resourceSelectors\[0\]\.name undefined/],
    [Array.from({ length: 11 }, (_, i) => ({ name: `s${i}`, selectors: [] })), /at most 10 resource selectors/],
  ])('invalid resource selectors %#', (value, message) => {
    expect(() => parseResourceSelectors(value, 'a.json', 'resourceSelectors')).toThrow(message);
  });
});

describe('exemptions in Azure\'s JSON', () => {
  const base = { id: `${RG1}/providers/Microsoft.Authorization/policyExemptions/e1`, name: 'e1', policyAssignmentId: AID, exemptionCategory: 'waiver' };

  test('az policy exemption list: scope from id, category canonical, reference ids, expiry', () => {
    const [e] = parseExemptions([{ ...base, expiresOn: '2026-12-31T23:59:00.0000000Z', policyDefinitionReferenceIds: ['publicStorage'] }], 'e.json');
    expect(e).toMatchObject({ category: 'Waiver', assignmentKey: AID.toLowerCase(), expiresAt: Date.parse('2026-12-31T23:59:00Z') });
    expect(e.scope.key).toBe(RG1.toLowerCase());
    expect([...e.referenceIds!]).toEqual(['publicstorage']);
    const [rest] = parseExemptions({ value: [{ id: base.id, name: 'e1', properties: { policyAssignmentId: AID, exemptionCategory: 'Mitigated' } }] }, 'e.json');
    expect(rest.category).toBe('Mitigated');
    expect(rest.referenceIds).toBeUndefined();
  });

  test.each([
    [{ ...base, exemptionCategory: 'Exempt' }, /exemptionCategory "Exempt": expected Waiver or Mitigated/],
    [{ ...base, expiresOn: 'next year' }, /expiresOn "next year": expected an ISO 8601 UTC date and time/],
    [{ ...base, expiresOn: '2026-13-45T00:00:00Z' }, /expiresOn/],
    [{ ...base, policyAssignmentId: 'guard' }, /policyAssignmentId "guard": expected the full id of the exempted assignment/],
    [{ ...base, policyDefinitionReferenceIds: 'publicStorage' }, /policyDefinitionReferenceIds "publicStorage"/],
    [{ ...base, id: `${RG1}/providers/Microsoft.Authorization/policyAssignments/e1` }, /id ".*": expected <scope>\/providers\/Microsoft\.Authorization\/policyExemptions\/<name>/],
  ])('rejected: %j', (json, message) => {
    expect(() => parseExemptions(json, 'e.json')).toThrow(message);
  });
});

describe('definition versions', () => {
  test.each([
    ['1.*.*', '1.0.2', true], ['1.*.*', '2.0.0', false], ['1.2.*', '1.2.9', true], ['1.2.*', '1.3.0', false],
    ['1.2.3', '1.2.3', true], ['2.*.*-preview', '2.2.1', true], ['2.*.*-preview', '2.2.1-preview', true], ['2.*.*-preview', '2.2.1-deprecated', false],
    ['7.*.*', '8.0.0', false],
  ])('%s matches %s: %s', (pattern, version, expected) => {
    expect(versionMatches(pattern, version)).toBe(expected);
  });
});
