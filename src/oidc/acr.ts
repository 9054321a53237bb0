/**
 * How a person signed in, as the relying application reads it: `acr` (Authentication Context
 * Class Reference) and `amr` (RFC 8176 method values). Password sign-in is the only method today;
 * the Gosuslugi, digital-signature and second-factor work adds its own entry here with a higher
 * level. `acr_values` in a request demands one of the listed classes: a request whose classes
 * the realm cannot give is answered `unmet_authentication_requirements`.
 */
export interface AuthenticationClass {
  readonly acr: string;
  readonly amr: readonly string[];
  /** Higher is stronger. */
  readonly level: number;
  /** The session method (`sessions.method`) that gives it. */
  readonly method: string;
}

export const AUTHENTICATION_CLASSES: readonly AuthenticationClass[] = [
  { acr: 'urn:propusk:acr:password', amr: ['pwd'], level: 1, method: 'password' },
  // Gosuslugi (ESIA): its own password and SMS code, then our checks of the person.
  { acr: 'urn:propusk:acr:gosuslugi', amr: ['gosuslugi'], level: 2, method: 'esia' },
  // A Kazakh digital signature (a key file under its password, NCALayer) and then the password.
  { acr: 'urn:propusk:acr:signature', amr: ['swk', 'pwd'], level: 2, method: 'signature' },
];

export const ACR_VALUES: readonly string[] = AUTHENTICATION_CLASSES.map((c) => c.acr);

/** The class a session's sign-in method gives (a password when unknown). */
export function classOfMethod(method: string): AuthenticationClass {
  const found = AUTHENTICATION_CLASSES.find((c) => c.method === method);
  return found ?? (AUTHENTICATION_CLASSES[0] as AuthenticationClass);
}

/** The requested classes this realm can give, strongest first. */
export function achievable(acrValues: string | undefined): AuthenticationClass[] {
  if (!acrValues) return [...AUTHENTICATION_CLASSES];
  const wanted = new Set(acrValues.split(' ').filter(Boolean));
  return AUTHENTICATION_CLASSES.filter((c) => wanted.has(c.acr)).sort((a, b) => b.level - a.level);
}
