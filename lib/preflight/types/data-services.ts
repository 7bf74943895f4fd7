/**
 * The data-service tables added together (databases, messaging, caches, configuration stores, IoT, analytics,
 * automation, SQL server child resources, storage account network rules): one list for `types/index.ts`.
 */
import { ResourceMapping } from '../mapping';
import { DBFLEX_MAPPINGS } from './dbflex';
import { COSMOS_MAPPINGS } from './cosmos';
import { MESSAGING_MAPPINGS } from './messaging';
import { CACHE_CONFIG_MAPPINGS } from './cache-config';
import { IOT_ANALYTICS_MAPPINGS } from './iot-analytics';
import { SQL_CHILDREN_MAPPINGS } from './sql-children';
import { STORAGE_NETWORK_RULES_MAPPINGS } from './storage-network-rules';

export const DATA_SERVICES_MAPPINGS: readonly ResourceMapping[] = [...DBFLEX_MAPPINGS, ...COSMOS_MAPPINGS, ...MESSAGING_MAPPINGS, ...CACHE_CONFIG_MAPPINGS, ...IOT_ANALYTICS_MAPPINGS, ...SQL_CHILDREN_MAPPINGS, ...STORAGE_NETWORK_RULES_MAPPINGS];
