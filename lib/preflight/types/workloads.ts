/**
 * The workload tables (App Service, AKS and containers, VM scale sets), registered as one group in index.ts.
 */
import { TypeMapping } from '../mapping';
import { APPSERVICE_MAPPINGS } from './appservice';
import { KUBERNETES_MAPPINGS } from './kubernetes';
import { VMSS_MAPPINGS } from './vmss';
import { CONTAINER_MAPPINGS } from './containers';

export const WORKLOAD_MAPPINGS: readonly TypeMapping[] = [...APPSERVICE_MAPPINGS, ...KUBERNETES_MAPPINGS, ...VMSS_MAPPINGS, ...CONTAINER_MAPPINGS];
