import { PRINCIPAL_TYPES, requirePrincipalType } from '../../lib/core/principal';

describe('requirePrincipalType', () => {
  test.each(PRINCIPAL_TYPES)('accepts %s', (type) => {
    expect(requirePrincipalType('test', 'principalType', type)).toBe(type);
  });

  test('leaves undefined to the caller', () => {
    expect(requirePrincipalType('test', 'principalType', undefined)).toBeUndefined();
  });

  test('refuses other spellings, naming the allowed ones', () => {
    expect(() => requirePrincipalType('test/X', 'principalType', 'serviceprincipal'))
      .toThrow('test/X: invalid principalType "serviceprincipal": must be one of "ServicePrincipal", "User" or "Group"');
  });
});
