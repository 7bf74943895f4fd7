import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { annotationText, GUARDRAILS_ANNOTATION_IDS, GUARDRAILS_ANNOTATIONS, info, warn } from '../../lib/core/annotations';
import { annotationIds, infos, warnings } from '../helpers/annotations';
import { testStack } from '../helpers/synth';

const LIB = path.resolve(__dirname, '..', '..', 'lib');

/** Every TypeScript source file under lib/. */
function sources(dir: string = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('annotation ids', () => {
  test('the kit emits exactly these ids', () => {
    // A new warning adds its id here on purpose: ids are what users acknowledge, so the list is public API.
    expect(GUARDRAILS_ANNOTATION_IDS).toEqual([
      'guardrails:bastion:shareable-links',
      'guardrails:defender:endpoint-integration-off',
      'guardrails:defender:no-security-contact',
      'guardrails:defender:servers-sub-plan-without-p2-features',
      'guardrails:jit:any-source',
      'guardrails:jit:defender-for-servers-unchecked',
      'guardrails:onboarding:contact-notifications-not-deployable',
      'guardrails:onboarding:defender-plans-two-owners',
      'guardrails:onboarding:jit-any-source',
      'guardrails:onboarding:jit-needs-servers-p2',
      'guardrails:onboarding:no-allowed-images-regex',
      'guardrails:onboarding:no-security-contact',
      'guardrails:onboarding:no-siem',
      'guardrails:policy:management-group-remediation-needs-subscriptions',
      'guardrails:policy:role-assignments-off',
      'guardrails:policy:unresolved-member-effect',
      'guardrails:registry:defender-for-containers-unchecked',
      'guardrails:registry:native-quarantine-off',
      'guardrails:registry:native-quarantine-preview',
      'guardrails:registry:no-allowed-images-scope',
      'guardrails:registry:no-registry-vulnerability-assessment',
      'guardrails:registry:public-network-access',
      'guardrails:registry:quarantine-off',
      'guardrails:registry:trusted-services-blocked',
      'guardrails:sentinel:defender-for-cloud-alerts',
      'guardrails:sentinel:entra-logs-missing',
      'guardrails:sentinel:fusion-disabled',
      'guardrails:sentinel:private-dns-zones-created',
      'guardrails:sentinel:public-ingestion',
      'guardrails:sentinel:subscriptions-query-off',
      'guardrails:sentinel:unexpected-country-off',
      'guardrails:sentinel:workspace-public-access-unmanaged',
      'guardrails:siem:event-hub-local-auth-off',
      'guardrails:siem:export-rule-lookup-provider',
      'guardrails:siem:export-to-firewalled-event-hub',
      'guardrails:siem:flow-logs-without-traffic-analytics',
      'guardrails:siem:sentinel-daily-cap',
    ]);
  });

  test('every id has the form guardrails:<area>:<what>', () => {
    for (const id of GUARDRAILS_ANNOTATION_IDS) expect(id).toMatch(/^guardrails:[a-z]+:[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  test('the sources annotate only through the core helper', () => {
    const direct = sources().filter((f) => !f.endsWith(path.join('core', 'annotations.ts')))
      .filter((f) => /Annotations\s*\.\s*of\s*\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(LIB, f));
    expect(direct).toEqual([]);
  });

  test('every listed id is emitted somewhere, and every emitted id is listed', () => {
    const used = new Set<string>();
    for (const file of sources()) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\b(?:warn|info)\(\s*[\w.]+\s*,\s*'(guardrails:[^']+)'/g)) used.add(m[1]);
    }
    expect([...used].sort()).toEqual([...GUARDRAILS_ANNOTATION_IDS]);
  });
});

describe('warn and info', () => {
  test('a warning carries its id at the end of the message', () => {
    const { stack } = testStack();
    const c = new Construct(stack, 'C');
    warn(c, 'guardrails:registry:quarantine-off', 'quarantine is off');
    expect(warnings(c)).toEqual(['quarantine is off [guardrails:registry:quarantine-off]']);
    expect(infos(c)).toEqual([]);
  });

  test('an info carries its id and is not a warning', () => {
    const { stack } = testStack();
    const c = new Construct(stack, 'C');
    info(c, 'guardrails:registry:native-quarantine-preview', 'preview');
    expect(infos(c)).toEqual([annotationText('guardrails:registry:native-quarantine-preview', 'preview')]);
    expect(warnings(c)).toEqual([]);
    expect(annotationIds(c)).toEqual(['guardrails:registry:native-quarantine-preview']);
  });

  test('levels: infos are only the informational notes', () => {
    expect(Object.entries(GUARDRAILS_ANNOTATIONS).filter(([, level]) => level === 'info').map(([id]) => id).sort())
      .toEqual(['guardrails:registry:native-quarantine-preview', 'guardrails:sentinel:public-ingestion', 'guardrails:siem:export-rule-lookup-provider']);
  });
});
