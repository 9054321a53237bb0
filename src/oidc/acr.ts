/**
 * How a person signed in, as the relying application reads it: `acr` (Authentication Context
 * Class Reference) and `amr` (RFC 8176 method values): a password, Gosuslugi, a digital signature,
 * and any of them with a second factor, each a class with its level. `acr_values` in a request demands one of the listed classes: a request whose classes
 * the realm cannot give is answered `unmet_authentication_requirements`.
 */
/** The class of every sign-in with a second factor (or a passkey alone). */
export const SECOND_FACTOR_ACR = 'urn:propusk:acr:second-factor';

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
  // Gosuslugi (ESIA): its own sign-in, then our checks of the person. Not a second factor: ESIA's
  // token does not say whether an SMS code was asked (docs/SECURITY.md), so a demand for one is a
  // step-up with Propusk's own factor, after which the session is of the second-factor class.
  { acr: 'urn:propusk:acr:gosuslugi', amr: ['gosuslugi'], level: 2, method: 'esia' },
  // A Kazakh digital signature (a key file under its password, NCALayer) and then the password.
  { acr: 'urn:propusk:acr:signature', amr: ['swk', 'pwd'], level: 2, method: 'signature' },
  // Any first factor and then a second (factors/): a code from the app or a recovery code
  // (`otp`), a passkey (`hwk`); or a passkey alone, which is a device unlocked by the person.
  // The amr list is the session's own (`classOfSession`); this is the class's name and level.
  { acr: SECOND_FACTOR_ACR, amr: ['pwd', 'otp', 'mfa'], level: 3, method: 'password+second' },
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

/** What RFC 8176 calls each second factor. */
const FACTOR_AMR: Readonly<Record<string, string>> = { totp: 'otp', recovery_code: 'otp', passkey: 'hwk' };

/**
 * The class and methods of a session: the first factor's class, or — with a second factor, or
 * a passkey alone — the second-factor class with both factors' methods and `mfa`.
 */
export function classOfSession(session: {
  readonly method: string;
  readonly second_factor?: string | null;
}): { readonly acr: string; readonly amr: string[] } {
  if (session.method === 'passkey') return { acr: SECOND_FACTOR_ACR, amr: ['hwk', 'user', 'mfa'] };
  const first = classOfMethod(session.method);
  const factor = session.second_factor ? FACTOR_AMR[session.second_factor] : undefined;
  if (!factor) return { acr: first.acr, amr: [...first.amr] };
  return { acr: SECOND_FACTOR_ACR, amr: [...new Set([...first.amr, factor, 'mfa'])] };
}

/** Whether `acr_values` asks for a second factor that this session's class does not give. */
export function needsStepUp(acrValues: string | undefined, session: { readonly acr: string }): boolean {
  if (!acrValues) return false;
  const wanted = acrValues.split(' ').filter(Boolean);
  return !wanted.includes(session.acr) && wanted.includes(SECOND_FACTOR_ACR);
}
