import { SiemDestination, SiemDestinationProps } from '../../lib/siem';
import { Construct } from 'constructs';

export const SUB = '00000000-0000-0000-0000-000000000001';
export const WS_ID = `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/law-existing`;
export const SUBNET_ID = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe`;

/** A SiemDestination with Sentinel on (its default connectors) in `scope`. */
export function destination(scope: Construct, props: Partial<SiemDestinationProps> = {}): SiemDestination {
  return new SiemDestination(scope, 'Siem', { resourceGroupName: 'rg-security-siem', location: 'westeurope', workspace: { name: 'law-siem' }, ...props });
}

export { warnings } from '../helpers/annotations';

/** The reference the synthesized JSON holds for a resource attribute: `${<type>.<name>.<attribute>}`. */
export function ref(resources: Record<string, unknown>, type: string, attribute: string): string {
  const names = Object.keys(resources);
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `\${${type}.${names[0]}.${attribute}}`;
}
