/**
 * Azure regions (ARM names) with availability zones, where a Premium registry (and each geo-replica) can be zone
 * redundant. Asking for zone redundancy in a region without zones fails the deployment, so the list is
 * conservative: a region that gained zones recently may be missing. Override it per construct with
 * `zoneRedundantRegions`, or force the setting with `zoneRedundancyEnabled`.
 *
 * Source: Microsoft's "Azure regions with availability zone support" list.
 */
export const REGISTRY_ZONE_REDUNDANT_REGIONS: readonly string[] = [
  // Americas
  'brazilsouth', 'canadacentral', 'centralus', 'eastus', 'eastus2', 'mexicocentral', 'southcentralus',
  'usgovvirginia', 'westus2', 'westus3',
  // Europe
  'francecentral', 'germanywestcentral', 'italynorth', 'northeurope', 'norwayeast', 'polandcentral',
  'spaincentral', 'swedencentral', 'switzerlandnorth', 'uksouth', 'westeurope',
  // Middle East and Africa
  'israelcentral', 'qatarcentral', 'southafricanorth', 'uaenorth',
  // Asia Pacific
  'australiaeast', 'centralindia', 'eastasia', 'indonesiacentral', 'japaneast', 'japanwest', 'koreacentral',
  'malaysiawest', 'newzealandnorth', 'southeastasia',
  // China (21Vianet)
  'chinanorth3',
];

/** True when `location` is in `regions` (default {@link REGISTRY_ZONE_REDUNDANT_REGIONS}). */
export function registryRegionHasZones(location: string, regions: readonly string[] = REGISTRY_ZONE_REDUNDANT_REGIONS): boolean {
  return regions.includes(location.toLowerCase());
}
