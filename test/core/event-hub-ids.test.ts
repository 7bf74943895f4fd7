import { Token } from 'cdktf';
import { eventHubIdOfRule, eventHubNamespaceIdOf, parseEventHubId } from '../../lib/core/event-hub-ids';

const SUB = '22222222-2222-2222-2222-222222222222';
const NS = `/subscriptions/${SUB}/resourceGroups/rg-siem/providers/Microsoft.EventHub/namespaces/evhns-siem`;
const HUB = `${NS}/eventhubs/security-logs`;

describe('parseEventHubId', () => {
  test('a namespace', () => {
    expect(parseEventHubId(NS)).toEqual({
      kind: 'namespace', subscriptionId: SUB, resourceGroupName: 'rg-siem', namespaceName: 'evhns-siem',
      eventHubName: undefined, authorizationRuleName: undefined, namespaceId: NS, eventHubId: undefined,
    });
  });

  test('a hub', () => {
    expect(parseEventHubId(HUB)).toMatchObject({ kind: 'eventHub', eventHubName: 'security-logs', namespaceId: NS, eventHubId: HUB });
  });

  test('a namespace-level rule', () => {
    expect(parseEventHubId(`${NS}/authorizationRules/send`))
      .toMatchObject({ kind: 'namespaceAuthorizationRule', authorizationRuleName: 'send', namespaceId: NS, eventHubId: undefined });
  });

  test('a hub-level rule', () => {
    expect(parseEventHubId(`${HUB}/authorizationRules/export`))
      .toMatchObject({ kind: 'eventHubAuthorizationRule', eventHubName: 'security-logs', authorizationRuleName: 'export', namespaceId: NS, eventHubId: HUB });
  });

  test('segment names in any case; ids come back in canonical casing', () => {
    const lower = `/subscriptions/${SUB}/resourcegroups/rg-siem/providers/microsoft.eventhub/namespaces/evhns-siem/EVENTHUBS/security-logs`;
    expect(parseEventHubId(lower)).toMatchObject({ kind: 'eventHub', namespaceId: NS, eventHubId: HUB });
  });

  test.each([
    ['another resource type', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st`],
    ['a subscription that is not a GUID', NS.replace(SUB, 'not-a-guid')],
    ['a consumer group', `${HUB}/consumergroups/siem`],
    ['a trailing slash', `${NS}/`],
    ['an empty string', ''],
    ['a reference', Token.asString({ Ref: 'x' })],
  ])('not an Event Hub id: %s', (_, id) => {
    expect(parseEventHubId(id)).toBeUndefined();
  });
});

describe('eventHubNamespaceIdOf', () => {
  test('the namespace of a literal rule id', () => {
    expect(eventHubNamespaceIdOf(`${HUB}/authorizationRules/export`)).toBe(NS);
  });

  test('a Terraform expression for a reference', () => {
    const ref = Token.asString({ Ref: 'rule' });
    expect(eventHubNamespaceIdOf(ref)).toMatch(/TfToken/);
  });

  test('undefined for something else', () => {
    expect(eventHubNamespaceIdOf('/subscriptions/x')).toBeUndefined();
  });
});

describe('eventHubIdOfRule', () => {
  test('a hub-level rule names its hub', () => {
    expect(eventHubIdOfRule(`${HUB}/authorizationRules/export`)).toBe(HUB);
  });

  test('a namespace-level rule needs the hub name', () => {
    expect(eventHubIdOfRule(`${NS}/authorizationRules/send`, 'security-logs')).toBe(HUB);
    expect(eventHubIdOfRule(`${NS}/authorizationRules/send`)).toBeUndefined();
  });

  test('unknown for a reference or nothing', () => {
    expect(eventHubIdOfRule(Token.asString({ Ref: 'rule' }), 'security-logs')).toBeUndefined();
    expect(eventHubIdOfRule(undefined)).toBeUndefined();
  });
});
