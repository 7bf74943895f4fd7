/**
 * The registry of translation tables: every mapped Terraform type, by name. Add a table to one of the service files
 * (or a new one) and list it here; README.md ("Adding a type") says how.
 */
import { TypeMapping } from '../mapping';
import { NETWORK_MAPPINGS, NETWORK_MAPPINGS_2, NETWORK_MAPPINGS_3 } from './network';
import { STORAGE_MAPPINGS } from './storage';
import { MONITOR_MAPPINGS } from './monitor';
import { EVENTHUB_MAPPINGS } from './eventhub';
import { SECURITY_MAPPINGS } from './security';
import { GOVERNANCE_MAPPINGS } from './governance';
import { TEMPLATE_MAPPINGS } from './templates';
import { AZAPI_MAPPINGS } from './azapi';
import { COMPUTE_MAPPINGS } from './compute';
import { DATA_MAPPINGS } from './data';
import { WORKLOAD_MAPPINGS } from './workloads';
import { DATA_SERVICES_MAPPINGS } from './data-services';
import { EDGE_MAPPINGS } from './edge';

const ALL: readonly (readonly TypeMapping[])[] = [NETWORK_MAPPINGS, NETWORK_MAPPINGS_2, NETWORK_MAPPINGS_3, STORAGE_MAPPINGS, MONITOR_MAPPINGS, EVENTHUB_MAPPINGS, SECURITY_MAPPINGS, GOVERNANCE_MAPPINGS, TEMPLATE_MAPPINGS, AZAPI_MAPPINGS, COMPUTE_MAPPINGS, DATA_MAPPINGS, WORKLOAD_MAPPINGS, DATA_SERVICES_MAPPINGS, EDGE_MAPPINGS];

const REGISTRY = new Map<string, TypeMapping>();
for (const group of ALL) {
  for (const m of group) {
    if (REGISTRY.has(m.terraformType)) throw new Error(`preflight: two tables for ${m.terraformType}`);
    REGISTRY.set(m.terraformType, m);
  }
}

/** The table (or custom translator) for a Terraform type, if mapped. */
export function mappingFor(terraformType: string): TypeMapping | undefined {
  return REGISTRY.get(terraformType);
}

/** Every mapped type, sorted by Terraform type. */
export function mappedTypes(): TypeMapping[] {
  return [...REGISTRY.values()].sort((a, b) => (a.terraformType < b.terraformType ? -1 : 1));
}
