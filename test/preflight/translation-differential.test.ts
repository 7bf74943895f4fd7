/**
 * The translation's output does not change when its implementation does: for the generated bench plan (300
 * resources, with and without its configuration section), the CLI fixtures (plan, configuration, module, cdktf.out,
 * HCL) and every documentation example, the result (resources with their metadata, notes, not translated, counts) is
 * the one recorded in fixtures/translation-reference.json, written from the translation before its tables were
 * compiled (see differential.ts). Key order counts too (reports print the resources as built).
 */
import * as fs from 'fs';
import { REFERENCE_FILE, canonical, inputNames, translateInput } from './differential';

const reference = JSON.parse(fs.readFileSync(REFERENCE_FILE, 'utf8')) as Record<string, unknown>;

describe('translation output equals the recorded reference', () => {
  it('has a reference for every input and no other', () => {
    expect(Object.keys(reference).sort()).toEqual(inputNames().sort());
  });

  it.each(inputNames())('%s', async (name) => {
    const actual = canonical(await translateInput(name));
    expect(actual).toEqual(reference[name]);
    expect(JSON.stringify(actual)).toBe(JSON.stringify(reference[name]));
  });
});
