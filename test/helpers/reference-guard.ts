import { Testing } from 'cdktf';
import { describeLiteralReferences, findLiteralReferences } from './references';

/**
 * Every stack any test synthesizes (`Testing.synth`, which the construct tests and the reference app tests use) is
 * checked for literal copies of the names and ids of resources created in the same stack (see ./references.ts):
 * a construct that wires its own resources by literal fails its own tests. Loaded by jest.config.js
 * (`setupFilesAfterEnv`).
 */
const synth = Testing.synth.bind(Testing);
Testing.synth = (...args: Parameters<typeof Testing.synth>): string => {
  const text = synth(...args);
  const found = findLiteralReferences(JSON.parse(text) as Record<string, unknown>);
  if (found.length > 0) {
    throw new Error(`literal names or ids of resources created in the same stack (use a reference or depends_on):\n${describeLiteralReferences(found)}`);
  }
  return text;
};
