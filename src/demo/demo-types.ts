/** The shape of the demo data: realms, their organisations and people. */
import type { Role } from '../db/schema.js';
import type { PresetName } from '../realms/presets.js';

export interface DemoPerson {
  readonly key: string;
  /** A profile the school entered without a login: the person registers with an invitation code. */
  readonly pending?: boolean;
  readonly login: string;
  readonly password: string;
  readonly temporary?: boolean;
  readonly blocked?: boolean;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName?: string;
  readonly birthDate?: string;
  readonly gender: 'male' | 'female';
  readonly snils?: string;
  readonly iin?: string;
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly phone?: string;
  readonly phoneVerified?: boolean;
  readonly memberships: readonly { readonly org: string; readonly role: Role; readonly className?: string }[];
  readonly children?: readonly string[];
  /** Keys of the regions whose audit this person reads (a regional administrator). */
  readonly regionAdmin?: readonly string[];
  readonly note?: string;
  /** Linked to this account of the ESIA simulator (`esia/sim/people.ts`), and activated. */
  readonly esiaOid?: string;
}

export interface DemoOrganisation {
  readonly key: string;
  readonly region?: string;
  readonly kind: 'school' | 'company';
  readonly name: string;
  readonly number?: string;
  readonly slug: string;
  readonly bin?: string;
  readonly office?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly classes?: readonly string[];
}

export interface DemoRealm {
  readonly id: string;
  readonly name: string;
  readonly preset: PresetName;
  readonly regions: readonly { readonly key: string; readonly code: string; readonly name: string }[];
  readonly organisations: readonly DemoOrganisation[];
  readonly people: readonly DemoPerson[];
}
