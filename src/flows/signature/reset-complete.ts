/**
 * The last step of the reset through ЭЦП: the one password operation
 * (`directory/password-operation.ts`) with a guard that, in the same transaction, moves the flow
 * to `done` (once), writes the new email and marks it confirmed (the code from its letter proved
 * it) and tells the old address. The operation itself ends every session, supersedes recovery
 * flows, audits `signature.reset_done` and sends «Пароль изменён».
 */
import { formatUtc } from '../../core/clock.js';
import type { Flow } from '../../core/flows/flow-store.js';
import type { Locale } from '../../core/i18n/i18n.js';
import { checkEmail } from '../../core/identifiers/email.js';
import { changePassword } from '../../directory/password-operation.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import { type ResetData, type ResetState, signatureReset } from './machine.js';

/** a***@example.kz: enough for the owner to recognise, not to read. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** The new email when the reset is done; null when the flow was spent meanwhile. */
export async function completeReset(
  services: Services,
  realm: LoadedRealm,
  flow: Flow<ResetState, ResetData>,
  meta: { readonly ip: string; readonly userAgent: string | null; readonly locale: Locale },
): Promise<{ readonly email: string } | null> {
  const person = flow.personId ? await services.people.findById(realm.id, flow.personId) : null;
  const email = checkEmail(flow.data.email ?? '');
  if (!person || !email.ok || !flow.data.passwordHash) return null;
  const oldEmail = person.email;
  const changed = await changePassword(services, {
    realm,
    person,
    hash: flow.data.passwordHash,
    mustChange: false,
    keepSessionId: null,
    action: 'signature.reset_done',
    actorId: person.id,
    meta,
    detail: { evidence: flow.data.evidenceId, email_changed: oldEmail !== email.email },
    idempotencyKey: `signature-reset-done:${flow.id}`,
    guard: async (trx) => {
      if (!(await services.flows.move(trx, signatureReset, flow, 'done'))) return false;
      await services.contacts.changeEmail(trx, person.id, email);
      await services.contacts.confirmEmail(trx, person.id, email.normalized);
      if (oldEmail && oldEmail.toLowerCase() !== email.normalized) {
        await services.notify.email(trx, {
          realm,
          locale: meta.locale,
          personId: person.id,
          to: oldEmail,
          template: 'email_changed',
          params: {
            name: person.first_name,
            newEmailMasked: maskEmail(email.email),
            when: formatUtc(services.clock.now()),
          },
          idempotencyKey: `signature-reset-old-email:${flow.id}`,
        });
      }
      return true;
    },
  });
  return changed.kind === 'changed' ? { email: email.email } : null;
}
