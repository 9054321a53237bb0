/**
 * The stores of second factors and consent records, built once (services.ts) over the database.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import type { Clock } from '../core/clock.js';
import { type Sealer, sealer } from '../core/crypto/sealed.js';
import type { KeyedHasher } from '../core/crypto/secrets.js';
import { prepared } from '../db/prepared.js';
import type { Database, PersonTable } from '../db/schema.js';
import { type ConsentStore, consentStore } from './consents.js';
import { type PasskeyStore, passkeyStore } from './passkeys.js';
import { type RecoveryCodeStore, recoveryCodeStore } from './recovery-codes.js';
import { type TotpStore, totpStore } from './totp.js';

export interface FactorStores {
  readonly totp: TotpStore;
  readonly recoveryCodes: RecoveryCodeStore;
  readonly passkeys: PasskeyStore;
  readonly consents: ConsentStore;
  /** Seals a TOTP secret while it is being enrolled (kept in the enrolment's flow). */
  readonly enrolment: Sealer;
  /**
   * Whether the person has a second factor: a passkey, or an authenticator app whose secret
   * opens (as `totp.find` finds it). One read of both tables, made at every sign-in.
   */
  hasFactor(personId: string): Promise<boolean>;
  /** The same answer from a probe already read with the person (`factorProbeColumns`). */
  hasFactorIn(probe: FactorProbe): boolean;
}

/** What the probe reads: the sealed TOTP secret, if any, and the number of passkeys. */
export interface FactorProbe {
  readonly factor_totp: string | null;
  readonly factor_passkeys: number | string;
}

/**
 * The probe as two columns of a query over `people as p`: a lookup that reads the person can
 * carry it, and the sign-in then needs no statement of its own for it.
 */
export function factorProbeColumns(eb: ExpressionBuilder<Database & { p: PersonTable }, 'p'>) {
  return [
    eb
      .selectFrom('totp_factors as tf')
      .select('tf.secret_sealed')
      .whereRef('tf.person_id', '=', 'p.id')
      .$asScalar()
      .as('factor_totp'),
    eb
      .selectFrom('passkeys as pk')
      .select((k) => k.fn.countAll<number | string>().as('n'))
      .whereRef('pk.person_id', '=', 'p.id')
      .$asScalar()
      .as('factor_passkeys'),
  ] as const;
}

/** Both second factors of a person in one statement, compiled once (db/prepared.ts). */
function factorProbe(db: Kysely<Database>) {
  const sample = { totpPerson: '\u0000totp', passkeyPerson: '\u0000passkey' };
  return prepared(
    db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('totp_factors')
          .select('secret_sealed')
          .where('person_id', '=', sample.totpPerson)
          .as('totp'),
        eb
          .selectFrom('passkeys')
          .select((p) => p.fn.countAll<number | string>().as('n'))
          .where('person_id', '=', sample.passkeyPerson)
          .as('passkeys'),
      ])
      .compile(),
    sample,
  );
}

export function factorStores(
  db: Kysely<Database>,
  secret: string,
  keyed: KeyedHasher,
  audit: AuditLog,
  clock: Clock,
): FactorStores {
  const totpSealer = sealer(secret, 'totp');
  const probe = factorProbe(db);
  const hasFactorIn = (found: FactorProbe): boolean =>
    Number(found.factor_passkeys) > 0 ||
    (typeof found.factor_totp === 'string' && totpSealer.open(found.factor_totp) !== null);
  return {
    totp: totpStore(db, totpSealer, clock),
    recoveryCodes: recoveryCodeStore(db, keyed, clock),
    passkeys: passkeyStore(db, clock),
    consents: consentStore(db, audit, clock),
    enrolment: sealer(secret, 'totp-enrolment'),
    async hasFactor(personId) {
      const row = (await db.executeQuery(probe({ totpPerson: personId, passkeyPerson: personId }))).rows[0];
      return hasFactorIn({ factor_totp: row?.totp ?? null, factor_passkeys: row?.passkeys ?? 0 });
    },
    hasFactorIn,
  };
}
