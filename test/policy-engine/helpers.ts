import * as fs from 'fs';
import * as path from 'path';
import { AliasCatalog, CompiledPolicy, EvaluationInput, EvaluationResult, compilePolicy } from '../../lib/policy-engine';
import { evaluateStandaloneExpression } from '../../lib/policy-engine/expr';
import { Value } from '../../lib/policy-engine/values';

/** A small ARM-format alias catalog for the engine tests. */
export const testCatalog = AliasCatalog.fromArmProviders([
  {
    namespace: 'Microsoft.Storage',
    resourceTypes: [
      {
        resourceType: 'storageAccounts',
        aliases: [
          { name: 'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly', defaultPath: 'properties.supportsHttpsTrafficOnly', defaultMetadata: { attributes: 'Modifiable' }, paths: [] },
          { name: 'Microsoft.Storage/storageAccounts/primaryEndpoints.blob', defaultPath: 'properties.primaryEndpoints.blob', defaultMetadata: { attributes: 'None' }, paths: [] },
          { name: 'Microsoft.Storage/storageAccounts/networkAcls.ipRules[*]', defaultPath: 'properties.networkAcls.ipRules[*]', paths: [] },
          { name: 'Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value', defaultPath: 'properties.networkAcls.ipRules[*].value', paths: [] },
          { name: 'Microsoft.Storage/storageAccounts/sku.name', defaultPath: 'sku.name', paths: [] },
          {
            name: 'Microsoft.Storage/storageAccounts/accountType',
            defaultPath: 'sku.name',
            paths: [{ path: 'properties.accountType', apiVersions: ['2015-06-15'] }, { path: 'sku.name', apiVersions: ['2019-06-01'] }],
          },
        ],
      },
    ],
  },
  {
    namespace: 'Microsoft.Network',
    resourceTypes: [
      {
        resourceType: 'networkSecurityGroups',
        aliases: [
          { name: 'Microsoft.Network/networkSecurityGroups/securityRules[*]', defaultPath: 'properties.securityRules[*]', paths: [] },
          { name: 'Microsoft.Network/networkSecurityGroups/securityRules[*].name', defaultPath: 'properties.securityRules[*].name', paths: [] },
          { name: 'Microsoft.Network/networkSecurityGroups/securityRules[*].access', defaultPath: 'properties.securityRules[*].properties.access', paths: [] },
          { name: 'Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange', defaultPath: 'properties.securityRules[*].properties.destinationPortRange', paths: [] },
          { name: 'Microsoft.Network/networkSecurityGroups/securityRules[*].sourceAddressPrefixes[*]', defaultPath: 'properties.securityRules[*].properties.sourceAddressPrefixes[*]', paths: [] },
        ],
      },
    ],
  },
  {
    namespace: 'Microsoft.Compute',
    resourceTypes: [
      { resourceType: 'virtualMachines', aliases: [{ name: 'Microsoft.Compute/imagePublisher', defaultPath: 'properties.storageProfile.imageReference.publisher', paths: [] }] },
      { resourceType: 'virtualMachineScaleSets', aliases: [{ name: 'Microsoft.Compute/imagePublisher', defaultPath: 'properties.virtualMachineProfile.storageProfile.imageReference.publisher', paths: [] }] },
    ],
  },
]);

/** Compiles a bare rule with the test catalog. */
export function rule(ifCond: unknown, effect: unknown = 'deny', details?: unknown): CompiledPolicy {
  return compilePolicy({ if: ifCond, then: details === undefined ? { effect } : { effect, details } }, { aliases: testCatalog });
}

/** Evaluates a bare rule against a resource. */
export function run(ifCond: unknown, resource: Record<string, unknown>, input?: EvaluationInput): EvaluationResult {
  return rule(ifCond).evaluate(resource, input);
}

/** Whether the condition matches the resource (effect Deny). */
export function matches(ifCond: unknown, resource: Record<string, unknown> = {}, input?: EvaluationInput): boolean {
  const r = run(ifCond, resource, input);
  if (r.error) throw new Error(`unexpected ${r.error.stage} error: ${r.error.message}`);
  return r.effect === 'Deny';
}

/** Evaluates a template expression on its own. */
export function expr(text: string, resource: Record<string, unknown> = {}, parameters: Record<string, unknown> = {}): unknown {
  return evaluateStandaloneExpression(text, testCatalog, resource as Value, parameters as Record<string, Value>);
}

/** The kit's definitions (policies/definitions) and the resources of every policy unit test (policies/tests). */
export function kitPoliciesAndResources(): { definitions: { name: string }[]; resources: Record<string, unknown>[] } {
  const root = path.resolve(__dirname, '../../policies');
  const read = (dir: string): unknown[] => fs.readdirSync(path.join(root, dir)).map((f) => JSON.parse(fs.readFileSync(path.join(root, dir, f), 'utf8')) as unknown);
  return {
    definitions: read('definitions') as { name: string }[],
    resources: (read('tests') as { cases: { resource: Record<string, unknown> }[] }[]).flatMap((t) => t.cases.map((c) => c.resource)),
  };
}
