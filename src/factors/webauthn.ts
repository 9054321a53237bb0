/**
 * Passkeys through `@simplewebauthn/server`: the relying party is BASE_URL (its host is the RP
 * id, its origin the only origin accepted). A challenge lives in a flow on the engine (the
 * registration's, or the sign-in step's) and is spent with it; user verification is required.
 */
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Passkey } from './passkeys.js';

export interface RelyingParty {
  readonly id: string;
  readonly origin: string;
  readonly name: string;
}

export function relyingParty(baseUrl: string, name: string): RelyingParty {
  const url = new URL(baseUrl);
  return { id: url.hostname, origin: url.origin, name };
}

export async function registrationOptions(
  rp: RelyingParty,
  person: { readonly id: string; readonly login: string; readonly displayName: string },
  existing: readonly Passkey[],
) {
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: person.login,
    userDisplayName: person.displayName,
    userID: new TextEncoder().encode(person.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
}

/** The credential posted by the page, parsed; null when it is not JSON of the right shape. */
export function parseCredential<T extends RegistrationResponseJSON | AuthenticationResponseJSON>(
  text: string,
): T | null {
  if (text.length === 0 || text.length > 16_000) return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const v = value as Record<string, unknown>;
    if (typeof v.id !== 'string' || typeof v.rawId !== 'string' || typeof v.response !== 'object')
      return null;
    return value as T;
  } catch {
    return null;
  }
}

export async function verifyRegistration(
  rp: RelyingParty,
  response: RegistrationResponseJSON,
  challenge: string,
) {
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
    return result.verified ? result.registrationInfo.credential : null;
  } catch {
    return null;
  }
}

export async function authenticationOptions(rp: RelyingParty, allowed: readonly Passkey[]) {
  return generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: 'required',
    allowCredentials: allowed.map((p) => ({ id: p.id })),
  });
}

/** The new signature counter when the assertion verifies for this passkey; else null. */
export async function verifyAssertion(
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  challenge: string,
  passkey: Passkey,
): Promise<number | null> {
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: passkey.id, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter },
      requireUserVerification: true,
    });
    return result.verified ? result.authenticationInfo.newCounter : null;
  } catch {
    return null;
  }
}
