/**
 * The step both flows share: a CMS from NCALayer verified for the realm (core of the work in
 * `signature/`), then the person found by the certificate's IIN — and, for an employee's
 * certificate with several accounts under one IIN, by the organisation's BIN. Every refusal is
 * audited with its verdict and answered with its own message and status.
 */
import type { MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import type { Person } from '../../db/schema.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import type { KeyPurpose } from '../../signature/identity.js';
import { REFUSAL_MESSAGES, refusalStatus, type VerifiedSignature } from '../../signature/verify.js';
import type { Signer } from './machine.js';

export interface Problem {
  readonly status: number;
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

export interface Meta {
  readonly ip: string;
  readonly userAgent: string | null;
}

export type SignedBy =
  | {
      readonly ok: true;
      readonly person: Person;
      readonly signature: VerifiedSignature;
      readonly signer: Signer;
    }
  | { readonly ok: false; readonly problem: Problem };

async function personFor(
  services: Services,
  realm: LoadedRealm,
  iin: string,
  bin: string | null,
): Promise<Person | null> {
  const found = await services.people.findByIin(realm.id, iin);
  if (found.length <= 1) return found[0] ?? null;
  if (!bin) return null;
  const org = await services.db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select('memberships.person_id')
    .where('organisations.realm_id', '=', realm.id)
    .where('organisations.bin', '=', bin)
    .where(
      'memberships.person_id',
      'in',
      found.map((p) => p.id),
    )
    .execute();
  const ids = new Set(org.map((r) => r.person_id));
  const matching = found.filter((p) => ids.has(p.id));
  return matching.length === 1 ? (matching[0] ?? null) : null;
}

export async function verifySigned(
  services: Services,
  realm: LoadedRealm,
  input: {
    readonly cms: string;
    readonly content: Uint8Array;
    readonly purpose: KeyPurpose;
    readonly flowKind: string;
  },
  meta: Meta,
): Promise<SignedBy> {
  const audit = (
    action: 'signature.refused' | 'signature.unknown_person' | 'signature.accepted',
    detail: Record<string, string>,
    subjectId: string | null = null,
  ) =>
    services.audit.append({
      realmId: realm.id,
      action,
      subjectId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      detail: { flow: input.flowKind, ...detail },
    });
  const verdict = await services.signature.verify(realm, input.cms, {
    content: input.content,
    purpose: input.purpose,
    now: services.clock.now(),
  });
  if (!verdict) return { ok: false, problem: { status: 503, key: 'ecp.not_configured' } };
  if (!verdict.ok) {
    await audit('signature.refused', { reason: verdict.reason });
    return {
      ok: false,
      problem: { status: refusalStatus(verdict.reason), key: REFUSAL_MESSAGES[verdict.reason] },
    };
  }
  const { identity } = verdict.signature;
  const person = await personFor(services, realm, identity.iin, identity.bin);
  if (!person) {
    await audit('signature.unknown_person', {
      iin: identity.iin,
      bin: identity.bin ?? '',
      serial: verdict.signature.serialHex,
    });
    return { ok: false, problem: { status: 403, key: 'ecp.unknown_person', params: { iin: identity.iin } } };
  }
  await audit(
    'signature.accepted',
    {
      iin: identity.iin,
      bin: identity.bin ?? '',
      serial: verdict.signature.serialHex,
      issuer: verdict.signature.issuer,
      revocation: verdict.signature.revocation,
    },
    person.id,
  );
  return {
    ok: true,
    person,
    signature: verdict.signature,
    signer: {
      iin: identity.iin,
      bin: identity.bin,
      organisation: identity.organisation,
      name: identity.commonName,
    },
  };
}
