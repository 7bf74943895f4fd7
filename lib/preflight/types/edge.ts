/**
 * The edge, AI and analytics tables (one registry entry in index.ts): application gateways and WAF policies, Front
 * Door, Azure Firewall, API Management, Cognitive Services, Search, Machine Learning, Data Factory, Databricks, Synapse.
 */
import { ResourceMapping } from '../mapping';
import { AI_MAPPINGS } from './ai';
import { ANALYTICS_MAPPINGS } from './analytics';
import { FIREWALL_MAPPINGS } from './firewall';
import { APPGATEWAY_MAPPINGS } from './appgateway';
import { FRONTDOOR_MAPPINGS } from './frontdoor';
import { APIM_MAPPINGS } from './apim';

export const EDGE_MAPPINGS: readonly ResourceMapping[] = [...AI_MAPPINGS, ...ANALYTICS_MAPPINGS, ...FIREWALL_MAPPINGS, ...APPGATEWAY_MAPPINGS, ...FRONTDOOR_MAPPINGS, ...APIM_MAPPINGS];
