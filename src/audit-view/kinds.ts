/**
 * The kinds of audit events the viewer filters by, and what of an event's detail it shows.
 *
 * Rules:
 * - A kind is a set of action prefixes (`signin.` …), so an action another area adds later under
 *   a known prefix is found by its kind without a change here; actions under no prefix are
 *   «other».
 * - Detail is shown only for keys that are not secret-looking (a password, token, code, hash or
 *   secret never appears, whatever an area wrote), and only scalar values, cut to 200 characters.
 */

export const AUDIT_KINDS = [
  'signin',
  'recovery',
  'password',
  'contact',
  'invitation',
  'operator',
  'help',
  'oidc',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** The action prefixes of each kind (`signout` and `session.` are sign-ins' own). */
export const KIND_PREFIXES: Readonly<Record<AuditKind, readonly string[]>> = {
  signin: ['signin.', 'signout', 'session.', 'esia.', 'signature.', 'mfa.'],
  recovery: ['recovery.'],
  password: ['password.'],
  contact: ['contact.'],
  invitation: ['invitation.', 'registration.'],
  operator: ['person.', 'credentials.', 'roster.', 'membership.'],
  help: ['help.'],
  oidc: ['oidc.'],
};

export function isAuditKind(value: string): value is AuditKind {
  return (AUDIT_KINDS as readonly string[]).includes(value);
}

export function kindOf(action: string): AuditKind | 'other' {
  for (const kind of AUDIT_KINDS) {
    if (KIND_PREFIXES[kind].some((p) => action.startsWith(p))) return kind;
  }
  return 'other';
}

/** Keys whose values are never shown, whatever their value. */
const SECRET_KEY = /pass|token|secret|hash|otp|code_value|^code$|nonce|cookie|session_id/i;
const VALUE_MAX = 200;

/** The detail an event may show: scalar values of keys that are not secret-looking. */
export function visibleDetail(detail: Readonly<Record<string, unknown>>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (SECRET_KEY.test(key)) continue;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    shown[key] = String(value).slice(0, VALUE_MAX);
  }
  return shown;
}
