/**
 * The workload tables (App Service, AKS and containers, VM scale sets), registered as one group in index.ts.
 */
import { TypeMapping } from '../mapping';
import { APPSERVICE_MAPPINGS } from './appservice';

export const WORKLOAD_MAPPINGS: readonly TypeMapping[] = [...APPSERVICE_MAPPINGS];
