/**
 * For the tests of «Настройки» (src/pages/settings/settings*.test.ts): Dnevnik's addresses, the
 * browsers the sessions list names, and a harness with a real SMTP server for the `describe` block
 * it is called in, with signing in and the ids the tests look up.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DialectName } from '../../src/db/connect.js';
import { Browser, type Harness, startHarness } from './harness.js';
import { startSmtp, type TestSmtp } from './smtp.js';

const SESSION_COOKIE = '__Host-propusk_dnevnik';
export const LOGIN_PAGE = '/r/dnevnik/login';
export const SETTINGS = '/r/dnevnik/settings';
export const END = '/r/dnevnik/settings/sessions/end';
export const END_OTHERS = '/r/dnevnik/settings/sessions/end-others';

export const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
export const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

export interface SettingsSuite {
  readonly h: Harness;
  readonly app: FastifyInstance;
  /** Where the harness sends its letters. */
  readonly smtp: TestSmtp;
}

/**
 * An SMTP server and a harness sending to it, started before the tests of the `describe` block it
 * is called in and closed after them; `suite()` hands them to a test.
 */
export function settingsSuite(dialect: DialectName) {
  let h: Harness | undefined;
  let smtp: TestSmtp | undefined;
  before(async () => {
    smtp = await startSmtp();
    h = await startHarness(dialect, { config: { SMTP_URL: smtp.url } });
  });
  after(async () => {
    await h?.close();
    await smtp?.close();
  });

  function suite(): SettingsSuite {
    if (!h || !smtp) throw new Error('the settings suite has not started');
    return { h, app: h.app, smtp };
  }

  /** A browser signed in as `login` on Dnevnik's sign-in page. */
  async function signIn(login: string, password: string, headers: Record<string, string> = {}) {
    const b = new Browser(suite().app, headers);
    const res = await b.submit(LOGIN_PAGE, LOGIN_PAGE, { login, password });
    assert.equal(res.statusCode, 303, `${login} signs in`);
    return b;
  }

  /** The id of the session `b` is signed in with, as the sessions list shows it. */
  function sessionIdOf(b: Browser): string {
    const token = b.cookies.get(SESSION_COOKIE);
    assert.ok(token, 'signed in');
    return suite().h.services.keyed.hash('session', token);
  }

  async function personId(login: string): Promise<string> {
    const person = await suite().h.services.people.findByLogin('dnevnik', login);
    assert.ok(person);
    return person.id;
  }

  return { suite, signIn, sessionIdOf, personId };
}
