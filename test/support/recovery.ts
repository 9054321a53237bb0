/**
 * Recovery as a person drives it through `app.inject()`: fill a form with the captcha's answer,
 * deliver the outbox (the letters are written by its worker) and read the reset link.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { Person } from '../../src/db/schema.js';
import { Browser, csrfTokenOf, type Harness } from './harness.js';
import type { TestSmtp } from './smtp.js';

/** A fresh address for each browser, so per-IP limits do not mix tests up. */
let addresses = 0;
export function freshBrowser(h: Harness): Browser {
  addresses++;
  return new Browser(h.app, { 'x-forwarded-for': `198.51.${(addresses >> 8) & 255}.${addresses & 255}` });
}

/** Opens the form at `path`, then posts `fields` to `action` with the CSRF token and captcha answer. */
export async function askRecovery(
  h: Harness,
  b: Browser,
  realm: string,
  path: string,
  action: string,
  fields: Record<string, string>,
): Promise<LightMyRequestResponse> {
  const page = await b.get(`/r/${realm}${path}`);
  assert.equal(page.statusCode, 200, page.body.slice(0, 200));
  const captchaId = /name="captcha_id" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const res = await b.post(`/r/${realm}${action}`, {
    _csrf: csrfTokenOf(page.body),
    captcha_id: captchaId,
    captcha: h.services.captcha.revealForTests?.(captchaId) ?? '',
    ...fields,
  });
  return res;
}

/** The flow id the answer page links the SMS branch to. */
export function smsFlowOf(body: string): string {
  const flow = /recovery\/phone\?flow=([A-Za-z0-9_-]+)"/.exec(body)?.[1];
  assert.ok(flow, 'the answer offers the SMS branch');
  return flow;
}

/** Delivers the outbox and returns the newest reset link (path only) sent to `address`. */
export async function newestLinkTo(
  h: Harness,
  smtp: TestSmtp,
  address: string,
  after: number,
): Promise<string> {
  const to = () => smtp.letters.filter((l) => l.envelopeTo.includes(address));
  await h.services.worker.runOnce();
  const until = Date.now() + 3000;
  while (to().length <= after && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  const letter = to().at(-1);
  const link = /https:\/\/propusk\.test(\/r\/[^\s]+\/recovery\/reset\/[^\s]+)/.exec(
    letter?.parsed.text ?? '',
  )?.[1];
  assert.ok(link && to().length > after, `a new letter with a link to ${address}`);
  return link;
}

export function lettersTo(smtp: TestSmtp, address: string): number {
  return smtp.letters.filter((l) => l.envelopeTo.includes(address)).length;
}

/** A person of the dnevnik realm with a confirmed email (and phone, when given). */
export async function recoverablePerson(
  h: Harness,
  login: string,
  extra: { phone?: string; birthDate?: string; password?: string } = {},
): Promise<Person> {
  const now = h.clock.now();
  return h.services.people.create({
    realmId: 'dnevnik',
    login,
    loginNormalized: login,
    lastName: 'Тестова',
    firstName: 'Вера',
    birthDate: extra.birthDate ?? '2008-03-09',
    email: `${login}@demo.example`,
    emailNormalized: `${login}@demo.example`,
    emailVerifiedAt: now,
    ...(extra.phone ? { phone: extra.phone, phoneVerifiedAt: now } : {}),
    ...(extra.password ? { passwordHash: await h.services.passwords.hash(extra.password) } : {}),
  });
}

/**
 * Posts a new password twice to `link`, as a person who opened it would (the CSRF token of the
 * link's page, or of the realm's recovery form when the link's page is refused).
 */
export async function setPasswordBy(
  b: Browser,
  link: string,
  password: string,
): Promise<LightMyRequestResponse> {
  const page = await b.get(link);
  const realm = /^\/r\/([^/]+)\//.exec(link)?.[1] ?? 'dnevnik';
  let form = page;
  if (form.statusCode !== 200) form = await b.get(`/r/${realm}/recovery/password`);
  if (form.statusCode !== 200) form = await b.get(`/r/${realm}/recovery`);
  return b.post(link, { _csrf: csrfTokenOf(form.body), password, password2: password });
}
