import { Construct } from 'constructs';
import { GuardrailsValidationError } from '../../lib/core/errors';
import { testStack } from './synth';

/** Builds constructs in a fresh stack (with an azurerm provider) without synthesizing: for validation errors and annotations. */
export function inFreshStack<T>(build: (stack: Construct) => T): T {
  return build(testStack().stack);
}

/**
 * Expects building in a fresh stack to be refused with a GuardrailsValidationError whose message matches: the kit's
 * refusals name the construct path, the prop, the value and what is allowed.
 */
export function expectInvalid(build: (stack: Construct) => unknown, message: RegExp | string): void {
  let error: unknown;
  try {
    inFreshStack(build);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(GuardrailsValidationError);
  expect((error as Error).message).toMatch(message);
}
