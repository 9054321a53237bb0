/**
 * `propusk invite …`: invitation codes from the operator's terminal, by the same rules as the
 * curator desk (both use `invitations/issue.ts` and `directory/members.ts`).
 *
 *   propusk invite issue --realm R --org SLUG (--login L | --person-id ID) --role st|pt|tr|ar [--days N]
 *   propusk invite class --realm R --org SLUG --class 6А --role st|pt [--days N]
 *   propusk invite void  --realm R --org SLUG (--login L | --person-id ID)
 *
 * Rules:
 * - A code is printed once, here, and stored only as its keyed hash; issuing voids the person's
 *   previous active code of the same kind. `void` voids every active code of the person.
 * - The person must belong to the organisation (a membership there, or a guardian of one of its
 *   students); `st`, `tr` and `ar` go to pending profiles only, `pt` to any student — the code is
 *   issued on the child's name. A pending profile has no login, so it is named by `--person-id`
 *   (the `class` listing prints the ids).
 * - Every failure is a thrown `InviteCommandError` with a message for the operator; nothing is
 *   issued when the arguments are wrong. Every issue and void is audited with `via: cli`.
 */
import { parseArgs } from 'node:util';
import type { Translate } from '../core/i18n/i18n.js';
import { checkLogin } from '../core/identifiers/login.js';
import type { Organisation } from '../db/schema.js';
import type { OrganisationMember } from '../directory/members.js';
import { CODE_PREFIXES, type CodePrefix } from '../invitations/codes.js';
import {
  classCodeRequests,
  codeRefusal,
  formatDay,
  type IssueContext,
  isCodePrefix,
  issueInvitations,
  voidInvitations,
} from '../invitations/issue.js';
import { translator } from '../messages.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { Services } from '../services.js';

export const INVITE_USAGE = `  invite issue --realm R --org SLUG (--login L | --person-id ID) --role st|pt|tr|ar [--days N]
                                Issue an invitation code (printed once); voids the previous one.
  invite class --realm R --org SLUG --class 6А --role st|pt [--days N]
                                Issue codes for every student of a class: name, code, person id.
  invite void --realm R --org SLUG (--login L | --person-id ID)
                                Void every active invitation code of the person.`;

/** A refusal to show the operator as is (the CLI exits with 1). */
export class InviteCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InviteCommandError';
  }
}

/** Where the command writes; standard output unless a test passes its own. */
export interface Output {
  write(text: string): unknown;
}

const DAYS_MAX = 365;

const OPTIONS = {
  realm: { type: 'string' },
  org: { type: 'string' },
  login: { type: 'string' },
  'person-id': { type: 'string' },
  role: { type: 'string' },
  class: { type: 'string' },
  days: { type: 'string' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>
>['values'];

interface Scope {
  readonly realm: LoadedRealm;
  readonly organisation: Organisation;
}

const WHOM: Readonly<Record<CodePrefix, string>> = {
  st: 'ученику',
  pt: 'родителям',
  tr: 'учителю',
  ar: 'сотруднику',
};

function required(values: Values, name: 'realm' | 'org' | 'role' | 'class'): string {
  const value = values[name];
  if (value === undefined || value.trim() === '') throw new InviteCommandError(`--${name} is required`);
  return value;
}

function parseDays(values: Values): number | undefined {
  if (values.days === undefined) return undefined;
  const days = /^\d{1,4}$/.test(values.days) ? Number(values.days) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > DAYS_MAX) {
    throw new InviteCommandError(`--days must be a whole number from 1 to ${DAYS_MAX}`);
  }
  return days;
}

async function openScope(services: Services, values: Values): Promise<Scope> {
  const realmId = required(values, 'realm');
  const realm = await services.realms.find(realmId);
  if (!realm) throw new InviteCommandError(`no realm ${realmId}`);
  const slug = required(values, 'org');
  const organisation = await services.organisations.findBySlug(realm.id, slug);
  if (!organisation) throw new InviteCommandError(`no organisation ${slug} in ${realm.id}`);
  return { realm, organisation };
}

/** The person named by `--login` or `--person-id` (exactly one), as a member of the organisation. */
async function findMember(
  services: Services,
  scope: Scope,
  values: Values,
  t: Translate,
): Promise<OrganisationMember> {
  const byLogin = values.login;
  const byId = values['person-id'];
  if ((byLogin === undefined) === (byId === undefined)) {
    throw new InviteCommandError('give exactly one of --login and --person-id');
  }
  let personId: string;
  let named: string;
  if (byLogin !== undefined) {
    const login = checkLogin(byLogin);
    if (!login.ok) throw new InviteCommandError(`--login: ${t(login.code)}`);
    const person = await services.people.findByLogin(scope.realm.id, login.normalized);
    if (!person) throw new InviteCommandError(`no person with login ${byLogin} in ${scope.realm.id}`);
    personId = person.id;
    named = `login ${byLogin}`;
  } else {
    personId = (byId ?? '').trim();
    named = `id ${personId}`;
    if (personId === '' || personId.length > 64) throw new InviteCommandError('--person-id is not an id');
  }
  const member = await services.members.findMember(scope.realm.id, scope.organisation.id, personId);
  if (!member) {
    throw new InviteCommandError(`no person with ${named} in ${scope.organisation.slug} (${scope.realm.id})`);
  }
  return member;
}

function context(scope: Scope, days: number | undefined): IssueContext {
  return {
    realmId: scope.realm.id,
    organisationId: scope.organisation.id,
    actorId: null,
    ip: null,
    userAgent: null,
    via: 'cli',
    ...(days !== undefined ? { days } : {}),
  };
}

async function issue(services: Services, values: Values, out: Output, say: Translate): Promise<void> {
  const role = required(values, 'role');
  if (!isCodePrefix(role)) throw new InviteCommandError(`--role must be one of ${CODE_PREFIXES.join(', ')}`);
  const days = parseDays(values);
  const scope = await openScope(services, values);
  const member = await findMember(services, scope, values, say);
  const refusal = codeRefusal(member, role);
  if (refusal) throw new InviteCommandError(say(refusal));
  const className = role === 'st' || role === 'pt' ? (member.studentClass?.name ?? null) : null;
  const [issued] = await issueInvitations(services, context(scope, days), [
    { person: member.person, prefix: role, className },
  ]);
  if (!issued) throw new Error('no code was issued');
  const { person } = member;
  out.write(
    `Приглашительный код (${WHOM[role]}${className ? `, ${className}` : ''}) для ${person.last_name} ${person.first_name}: ${issued.code}\n` +
      `Действует до ${formatDay(issued.expiresAt)}. Код показывается один раз.\n` +
      (issued.voided > 0 ? `Прежний код отменён.\n` : ''),
  );
}

async function issueClass(services: Services, values: Values, out: Output): Promise<void> {
  const role = required(values, 'role');
  if (role !== 'st' && role !== 'pt') throw new InviteCommandError('--role must be st or pt for a class');
  const className = required(values, 'class').trim();
  const days = parseDays(values);
  const scope = await openScope(services, values);
  const matching = (await services.members.classesOf(scope.organisation.id)).filter(
    (c) => c.name === className,
  );
  const [cls] = matching;
  if (!cls) throw new InviteCommandError(`no class ${className} in ${scope.organisation.slug}`);
  if (matching.length > 1) throw new InviteCommandError(`${matching.length} classes are named ${className}`);
  const students = await services.members.studentsOfClass(scope.organisation.id, cls.id);
  const { requests, skipped } = classCodeRequests(students, role, cls.name);
  const issued = await issueInvitations(services, context(scope, days), requests);
  for (const i of issued) out.write(`${i.lastName} ${i.firstName}\t${i.code}\t${i.personId}\n`);
  const first = issued[0];
  out.write(
    first
      ? `Класс ${cls.name}, коды ${WHOM[role]}: ${issued.length}, действуют до ${formatDay(first.expiresAt)}. Коды показываются один раз.\n`
      : `Класс ${cls.name}: коды не выданы.\n`,
  );
  if (skipped.length > 0) out.write(`Уже зарегистрированы, код не выдан: ${skipped.join(', ')}\n`);
}

async function voidCodes(services: Services, values: Values, out: Output, t: Translate): Promise<void> {
  const scope = await openScope(services, values);
  const member = await findMember(services, scope, values, t);
  const count = await voidInvitations(services, context(scope, undefined), member.person.id);
  out.write(`${member.person.last_name} ${member.person.first_name}: отменено кодов: ${count}\n`);
}

export async function inviteCommand(
  services: Services,
  args: string[],
  out: Output = process.stdout,
): Promise<void> {
  const [action, ...rest] = args;
  let values: Values;
  try {
    ({ values } = parseArgs({ args: rest, options: OPTIONS, strict: true }));
  } catch (err) {
    throw new InviteCommandError(err instanceof Error ? err.message : String(err));
  }
  const say = translator('ru');
  switch (action) {
    case 'issue':
      return issue(services, values, out, say);
    case 'class':
      return issueClass(services, values, out);
    case 'void':
      return voidCodes(services, values, out, say);
    default:
      throw new InviteCommandError(`unknown invite command ${action ?? ''}\n\n${INVITE_USAGE}`);
  }
}
