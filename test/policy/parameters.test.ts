import { validateParameterValues } from '../../lib/policy/parameters';

const DECLS = {
  regions: { type: 'Array', allowedValues: ['westeurope', 'northeurope'], defaultValue: ['westeurope'] },
  effect: { type: 'String', allowedValues: ['DeployIfNotExists', 'Disabled'], defaultValue: 'DeployIfNotExists' },
  enabled: { type: 'Boolean', defaultValue: true },
  settings: { type: 'Object', defaultValue: {} },
  ratio: { type: 'Float', defaultValue: 0.5 },
  since: { type: 'DateTime', defaultValue: '2026-01-01T00:00:00Z' },
};

describe('validateParameterValues', () => {
  test('array elements are checked against allowedValues', () => {
    expect(() => validateParameterValues('p', 'parameters', DECLS, { regions: ['westeurope', 'eastus'] }, 'policy "x"'))
      .toThrow(/p: invalid parameters.regions "eastus": is not an allowed value of parameter "regions" of policy "x"; allowed: "westeurope", "northeurope"/);
    expect(() => validateParameterValues('p', 'parameters', DECLS, { regions: ['northeurope'] }, 'policy "x"')).not.toThrow();
  });

  test('allowed values compare case-insensitively, as Azure does', () => {
    expect(() => validateParameterValues('p', 'parameters', DECLS, { effect: 'deployIfNotExists' }, 'policy "x"')).not.toThrow();
  });

  test('parameter names match case-insensitively', () => {
    expect(() => validateParameterValues('p', 'parameters', DECLS, { Effect: 'Disabled' }, 'policy "x"')).not.toThrow();
  });

  test.each([
    ['enabled', 'yes', /must be of type Boolean/],
    ['settings', [], /must be of type Object/],
    ['ratio', '0.5', /must be of type Float/],
    ['since', 'tomorrow', /must be of type DateTime/],
  ])('type check for %s', (name, value, message) => {
    expect(() => validateParameterValues('p', 'parameters', DECLS, { [name]: value }, 'policy "x"')).toThrow(message);
  });
});
