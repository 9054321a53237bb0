/**
 * The scopes a realm's provider knows and the claims each one gives. Claims are listed in the
 * order Russian names are written (family name first).
 *
 * SNILS and IIN have scopes of their own, which a client may ask for only when its registration
 * lists them; they are never put in an ID token (see `claims.ts`).
 */
export const SCOPES = [
  'openid',
  'offline_access',
  'profile',
  'email',
  'phone',
  'school',
  'snils',
  'iin',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['family_name', 'given_name', 'middle_name', 'name', 'birthdate', 'gender', 'locale'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  school: ['memberships', 'children'],
  snils: ['snils'],
  iin: ['iin'],
} as const satisfies Partial<Record<Scope, readonly string[]>>;

/** Claims that identify a person to the state: only through their own scope, never in an ID token. */
export const STATE_IDENTIFIERS: ReadonlySet<string> = new Set(['snils', 'iin']);
