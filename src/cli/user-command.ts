/**
 * `propusk user create|set-password|block|unblock --realm R --login L …`: the operator's account
 * operations, through the same `directory/accounts.ts` as the desk and the admin API.
 */
import { parseArgs } from 'node:util';
import { checkLogin } from '../core/identifiers/login.js';
import { ROLES, type Role } from '../db/schema.js';
import { createProfile, setBlocked, setPasswordByOperator } from '../directory/accounts.js';
import { translator } from '../messages.js';
import type { Services } from '../services.js';
import { CliError } from './cli-error.js';

export async function userCommand(services: Services, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      realm: { type: 'string' },
      login: { type: 'string' },
      'last-name': { type: 'string' },
      'first-name': { type: 'string' },
      'middle-name': { type: 'string' },
      'birth-date': { type: 'string' },
      email: { type: 'string' },
      phone: { type: 'string' },
      snils: { type: 'string' },
      iin: { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string' },
      class: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
    strict: true,
  });
  const t = translator('ru');
  if (!values.realm) throw new CliError('--realm is required');
  const realm = await services.realms.find(values.realm);
  if (!realm) throw new CliError(`no realm ${values.realm}`);
  if (!values.login) throw new CliError('--login is required');
  const actor = { actorId: null };

  if (action === 'create') {
    if (!values['last-name'] || !values['first-name'])
      throw new CliError('--last-name and --first-name are required');
    if (values.role && !(ROLES as readonly string[]).includes(values.role)) {
      throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
    }
    const outcome = await createProfile(
      services,
      realm,
      {
        login: values.login,
        lastName: values['last-name'],
        firstName: values['first-name'],
        middleName: values['middle-name'],
        birthDate: values['birth-date'],
        email: values.email,
        phone: values.phone,
        snils: values.snils,
        iin: values.iin,
        organisationSlug: values.org,
        role: values.role as Role | undefined,
        className: values.class,
      },
      actor,
    );
    if (outcome.kind === 'invalid') {
      throw new CliError(
        Object.entries(outcome.problems)
          .map(([field, key]) => `${field}: ${t(key)}`)
          .join('\n'),
      );
    }
    process.stdout.write(
      `Создан профиль ${outcome.person.login} (${realm.id}).\nВременный пароль (показывается один раз): ${outcome.temporaryPassword}\n`,
    );
    return;
  }

  const login = checkLogin(values.login);
  if (!login.ok) throw new CliError(t(login.code));
  const person = await services.people.findByLogin(realm.id, login.normalized);
  if (!person) throw new CliError(`no person with login ${values.login} in ${realm.id}`);

  if (action === 'set-password') {
    let password: string | null = null;
    if (values['password-stdin']) {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      password = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
    }
    const outcome = await setPasswordByOperator(services, realm, person, password, actor);
    if (outcome.kind === 'invalid') throw new CliError(outcome.problems.map((k) => t(k)).join('\n'));
    process.stdout.write(
      outcome.temporaryPassword
        ? `Временный пароль для ${person.login} (показывается один раз): ${outcome.temporaryPassword}\n`
        : `Пароль для ${person.login} установлен.\n`,
    );
    process.stdout.write(`Завершено сеансов: ${outcome.sessionsEnded}\n`);
    return;
  }
  if (action === 'block' || action === 'unblock') {
    const { sessionsEnded } = await setBlocked(services, realm, person, action === 'block', actor);
    process.stdout.write(
      `${person.login}: ${action === 'block' ? 'заблокирован' : 'разблокирован'}; завершено сеансов: ${sessionsEnded}\n`,
    );
    return;
  }
  throw new CliError(`unknown user command ${action ?? ''}`);
}
