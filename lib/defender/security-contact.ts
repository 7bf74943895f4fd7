import { IConstruct } from 'constructs';
import { ArmTemplate, JsonValue } from '../core/arm-template';
import { invalid, oneOf } from '../core/errors';
import { isToken, requireEmail } from '../core/validate';

/** Azure roles that can receive Defender for Cloud notifications. */
export const DEFENDER_CONTACT_ROLES = ['Owner', 'AccountAdmin', 'Contributor', 'ServiceAdmin'] as const;
/** An Azure role that can receive Defender for Cloud notifications. */
export type DefenderContactRole = 'Owner' | 'AccountAdmin' | 'Contributor' | 'ServiceAdmin';
/** Minimal alert severity that triggers an e-mail. */
export type DefenderAlertSeverity = 'Low' | 'Medium' | 'High';
/** Minimal attack path risk level that triggers an e-mail. */
export type DefenderAttackPathRiskLevel = 'Low' | 'Medium' | 'High' | 'Critical';

const SEVERITIES: readonly DefenderAlertSeverity[] = ['Low', 'Medium', 'High'];
const RISK_LEVELS: readonly DefenderAttackPathRiskLevel[] = ['Low', 'Medium', 'High', 'Critical'];

/** API version of `Microsoft.Security/securityContacts` used (the first with roles, severities and attack paths). */
export const DEFENDER_SECURITY_CONTACTS_API_VERSION = '2023-12-01-preview';

/**
 * The subscription's security contact (`Microsoft.Security/securityContacts/default`): who receives Defender for
 * Cloud e-mails, and from which severity on.
 */
export interface DefenderSecurityContactProps {
  /** E-mail addresses that receive notifications (at least one). */
  readonly emails: readonly string[];
  /**
   * Phone number of the security contact.
   * @default none
   */
  readonly phone?: string;
  /**
   * Minimal severity of the alerts that are e-mailed; `false` sends no alert e-mails.
   * @default 'Medium'
   */
  readonly alertMinimalSeverity?: DefenderAlertSeverity | false;
  /**
   * Minimal risk level of the attack paths that are e-mailed (needs Defender CSPM); `false` sends none.
   * @default 'High'
   */
  readonly attackPathMinimalRiskLevel?: DefenderAttackPathRiskLevel | false;
  /**
   * Subscription roles whose members are notified too; an empty list turns notifications by role off.
   * @default ['Owner']
   */
  readonly notifyRoles?: readonly DefenderContactRole[];
}

/** Validated contact, as the API takes it. */
export interface ResolvedDefenderSecurityContact {
  readonly emails: string;
  readonly phone?: string;
  readonly isEnabled: boolean;
  readonly notificationsByRole: { readonly state: 'On' | 'Off'; readonly roles: readonly DefenderContactRole[] };
  readonly notificationsSources: readonly ({ sourceType: 'Alert'; minimalSeverity: DefenderAlertSeverity }
    | { sourceType: 'AttackPath'; minimalRiskLevel: DefenderAttackPathRiskLevel })[];
}

const PHONE = /^\+?[0-9][0-9 ().-]{3,30}$/;

/** Validates the contact props; pure. */
export function resolveDefenderSecurityContact(scope: IConstruct | string, property: string, props: DefenderSecurityContactProps): ResolvedDefenderSecurityContact {
  if (props === null || typeof props !== 'object') invalid(scope, property, props, 'must be an object { emails, phone?, alertMinimalSeverity?, attackPathMinimalRiskLevel?, notifyRoles? }');
  const known = ['emails', 'phone', 'alertMinimalSeverity', 'attackPathMinimalRiskLevel', 'notifyRoles'];
  for (const key of Object.keys(props)) {
    if (!known.includes(key)) invalid(scope, `${property}.${key}`, (props as unknown as Record<string, unknown>)[key], `unknown property: ${oneOf(known)}`);
  }
  if (!Array.isArray(props.emails) || props.emails.length === 0) {
    invalid(scope, `${property}.emails`, props.emails, 'must list at least one e-mail address, such as ["secops@contoso.com"]');
  }
  const seen = new Set<string>();
  props.emails.forEach((e, i) => {
    requireEmail(scope, `${property}.emails[${i}]`, e);
    if (seen.has(e.toLowerCase())) invalid(scope, `${property}.emails[${i}]`, e, 'duplicate e-mail address: list each once');
    seen.add(e.toLowerCase());
  });
  const emails = props.emails.join(';');
  if (emails.length > 1000) invalid(scope, `${property}.emails`, props.emails, 'the joined list must be at most 1000 characters: use a distribution list');

  if (props.phone !== undefined && !isToken(props.phone)) {
    const digits = typeof props.phone === 'string' ? props.phone.replace(/\D/g, '').length : 0;
    if (typeof props.phone !== 'string' || !PHONE.test(props.phone) || digits < 5 || digits > 15) {
      invalid(scope, `${property}.phone`, props.phone, 'must be a phone number of 5 to 15 digits, optionally with a leading "+" and spaces, dots, dashes or parentheses, such as "+1 (214) 275-4038"');
    }
  }

  const sources: ResolvedDefenderSecurityContact['notificationsSources'][number][] = [];
  const severity = props.alertMinimalSeverity ?? 'Medium';
  if (severity !== false) {
    if (!SEVERITIES.includes(severity)) invalid(scope, `${property}.alertMinimalSeverity`, severity, `${oneOf(SEVERITIES)}, or false for no alert e-mails`);
    sources.push({ sourceType: 'Alert', minimalSeverity: severity });
  }
  const risk = props.attackPathMinimalRiskLevel ?? 'High';
  if (risk !== false) {
    if (!RISK_LEVELS.includes(risk)) invalid(scope, `${property}.attackPathMinimalRiskLevel`, risk, `${oneOf(RISK_LEVELS)}, or false for no attack path e-mails`);
    sources.push({ sourceType: 'AttackPath', minimalRiskLevel: risk });
  }

  const roles = props.notifyRoles ?? ['Owner'];
  if (!Array.isArray(roles)) invalid(scope, `${property}.notifyRoles`, roles, `must be a list of roles, each ${oneOf(DEFENDER_CONTACT_ROLES)}`);
  roles.forEach((r, i) => {
    if (!(DEFENDER_CONTACT_ROLES as readonly string[]).includes(r)) invalid(scope, `${property}.notifyRoles[${i}]`, r, oneOf(DEFENDER_CONTACT_ROLES));
    if (roles.indexOf(r) !== i) invalid(scope, `${property}.notifyRoles[${i}]`, r, 'duplicate role: list each once');
  });

  return {
    emails,
    phone: props.phone,
    isEnabled: true,
    notificationsByRole: { state: roles.length > 0 ? 'On' : 'Off', roles },
    notificationsSources: sources,
  };
}

/** The subscription-scope ARM template that deploys the contact. */
export function defenderSecurityContactTemplate(contact: ResolvedDefenderSecurityContact): ArmTemplate {
  const properties: { [key: string]: JsonValue } = {
    emails: contact.emails,
    isEnabled: contact.isEnabled,
    notificationsByRole: { state: contact.notificationsByRole.state, roles: [...contact.notificationsByRole.roles] },
    notificationsSources: contact.notificationsSources.map((s) => ({ ...s })),
  };
  if (contact.phone !== undefined) properties.phone = contact.phone;
  return new ArmTemplate('subscription').addResource({
    type: 'Microsoft.Security/securityContacts',
    apiVersion: DEFENDER_SECURITY_CONTACTS_API_VERSION,
    name: 'default',
    properties,
  });
}
