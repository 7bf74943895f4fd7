import { IConstruct } from 'constructs';
import { invalid, oneOf } from './errors';

/**
 * Kind of principal a role is assigned to: azurerm_role_assignment's `principal_type`, which azurerm 4.55 limits to
 * these three (internal/services/authorization/role_assignment_resource.go). Setting it avoids `PrincipalNotFound`
 * right after a managed identity or service principal was created (Entra ID replication delay).
 */
export type PrincipalType = 'ServicePrincipal' | 'User' | 'Group';

/** Every principal type, in the order error messages list them. */
export const PRINCIPAL_TYPES: readonly PrincipalType[] = ['ServicePrincipal', 'User', 'Group'];

/** A principal type, exactly as azurerm spells it; `undefined` stays undefined (callers choose the default). */
export function requirePrincipalType(scope: IConstruct | string, property: string, value: string | undefined): PrincipalType | undefined {
  if (value === undefined) return undefined;
  if (!PRINCIPAL_TYPES.includes(value as PrincipalType)) invalid(scope, property, value, oneOf(PRINCIPAL_TYPES));
  return value as PrincipalType;
}
