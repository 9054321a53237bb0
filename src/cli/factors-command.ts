/**
 * `propusk factors reset`: the operator removes a person's second factor — for someone who lost
 * both the authenticator app and the recovery codes (or their passkeys) and whom no school desk
 * can help (an administrator, a curator, a support member, a person of no organisation). The
 * same operation as the desk's «Сбросить второй фактор» (`factors/reset.ts`): the app, the
 * recovery codes and the passkeys go, every session ends, audited with `via: cli`, and a letter
 * goes to the person's confirmed address.
 *
 *   propusk factors reset --realm R --login L
 *
 * Every failure is a thrown `FactorsCommandError` with a message for the operator (the CLI exits
 * with 1); a person without a factor is one too, and nothing is written.
 */
import { parseArgs } from 'node:util';
import { checkLogin } from '../core/identifiers/login.js';
import { resetSecondFactor } from '../factors/reset.js';
import { translator } from '../messages.js';
import type { Services } from '../services.js';

export const FACTORS_USAGE = `  factors reset --realm R --login L
                                Remove the person's second factor (app, recovery codes,
                                passkeys) and end their sessions; the person is told by email.`;

/** A refusal to show the operator as is (the CLI exits with 1). */
export class FactorsCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FactorsCommandError';
  }
}

/** Where the command writes; standard output unless a test passes its own. */
export interface Output {
  write(text: string): unknown;
}

export async function factorsCommand(
  services: Services,
  args: readonly string[],
  out: Output = process.stdout,
): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'reset') throw new FactorsCommandError(`unknown factors command ${action ?? ''}`);
  const { values } = parseArgs({
    args: [...rest],
    options: { realm: { type: 'string' }, login: { type: 'string' } },
    strict: true,
  });
  if (!values.realm) throw new FactorsCommandError('--realm is required');
  if (!values.login) throw new FactorsCommandError('--login is required');
  const realm = await services.realms.find(values.realm);
  if (!realm) throw new FactorsCommandError(`no realm ${values.realm}`);
  const login = checkLogin(values.login);
  if (!login.ok) throw new FactorsCommandError(translator('ru')(login.code));
  const person = await services.people.findByLogin(realm.id, login.normalized);
  if (!person) throw new FactorsCommandError(`no person with login ${values.login} in ${realm.id}`);
  const outcome = await resetSecondFactor(services, {
    realm,
    person,
    organisation: null,
    actorId: null,
    ip: null,
    userAgent: null,
    via: 'cli',
  });
  if (outcome.kind === 'none')
    throw new FactorsCommandError(`${person.login} has no second factor in ${realm.id}: nothing to reset`);
  out.write(
    `${person.login}: second factor reset (authenticator app: ${outcome.totp ? 'removed' : 'none'}, ` +
      `recovery codes: ${outcome.recoveryCodes}, passkeys: ${outcome.passkeys}); ` +
      `sessions ended: ${outcome.sessionsEnded}\n`,
  );
}
