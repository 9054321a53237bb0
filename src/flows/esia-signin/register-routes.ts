/**
 * The wizard's routes: `/esia/register/<step>` shows and takes one step of the flow of this
 * browser; a step typed in the address bar before its turn is refused (409) with a link to the
 * step the flow is at. «Назад» goes one step back with nothing checked.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import { checkEmail } from '../../core/identifiers/email.js';
import { checkPhone } from '../../core/identifiers/phone.js';
import type { Person } from '../../db/schema.js';
import { checkNewPassword } from '../../directory/password-operation.js';
import type { EsiaIdentities } from '../../esia/identities.js';
import type { Services } from '../../services.js';
import { currentPerson, realmFrame, realmOf, realmPath } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { formCheckbox, formText, parseForm } from '../../web/form.js';
import { interactionReturn, withReturn } from '../../web/return-path.js';
import { setSessionCookie } from '../../web/session-cookie.js';
import { showCode } from '../phone-verification/phone-verification.js';
import { completeWizard, contactsToConfirm } from './register-complete.js';
import { esiaWizard, WIZARD_COOKIE, type WizardFlow, type WizardState } from './register-machine.js';
import {
  greatPage,
  passwordPage,
  personalPage,
  securityPage,
  type WizardErrors,
  wizardStopPage,
} from './register-views.js';

const Personal = z.object({ gender: formText(10), birthDate: formText(10) });
const Security = z.object({
  email: formText(300),
  phone: formText(30),
  news: formCheckbox(),
  back: formText(1),
});
const Password = z.object({
  password: formText(300),
  password2: formText(300),
  accept: formCheckbox(),
  back: formText(1),
});
const DoneQuery = z.object({
  phone: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});
const STEPS = ['personal', 'security', 'password'] as const;
type Step = (typeof STEPS)[number];

export function registerEsiaWizard(
  app: FastifyInstance,
  services: Services,
  identities: EsiaIdentities,
): void {
  const secure = !services.config.demo;

  async function load(
    request: FastifyRequest,
    reply: FastifyReply,
    step: Step,
  ): Promise<{ flow: WizardFlow; person: Person } | null> {
    const realm = realmOf(request);
    const frame = realmFrame(services, request, `/esia/register/${step}`);
    const id = request.cookies[WIZARD_COOKIE];
    const loaded = id
      ? await services.flows.load(esiaWizard, realm.id, id, {
          browserToken: flowBrowserToken(request, reply, secure),
          states: [step],
        })
      : ({ kind: 'missing' } as const);
    if (loaded.kind === 'elsewhere') {
      await sendHtml(reply, 409, wizardStopPage(frame, 'skipped', loaded.flow.state));
      return null;
    }
    if (loaded.kind !== 'live') {
      await sendHtml(
        reply,
        loaded.kind === 'ended' ? 409 : 400,
        wizardStopPage(frame, loaded.kind === 'ended' ? 'taken' : 'gone', null),
      );
      return null;
    }
    const person = loaded.flow.personId
      ? await services.people.findById(realm.id, loaded.flow.personId)
      : null;
    if (!person) {
      await sendHtml(reply, 400, wizardStopPage(frame, 'gone', null));
      return null;
    }
    return { flow: loaded.flow, person };
  }

  function view(
    request: FastifyRequest,
    reply: FastifyReply,
    step: Step,
    flow: WizardFlow,
    person: Person,
    errors: WizardErrors = {},
    typed?: { email: string; phone: string },
  ) {
    const v = extended(realmFrame(services, request, `/esia/register/${step}`), {
      csrf: reply.generateCsrf(),
      person,
      data: flow.data,
      errors,
    });
    const status = Object.keys(errors).length > 0 ? 400 : 200;
    if (step === 'personal') return sendHtml(reply, status, personalPage(v));
    if (step === 'security')
      return sendHtml(
        reply,
        status,
        securityPage(
          extended(v, {
            email: typed?.email ?? flow.data.email ?? '',
            phone: typed?.phone ?? (flow.data.phone ?? '').replace(/^\+7/, ''),
          }),
        ),
      );
    return sendHtml(reply, status, passwordPage(v));
  }

  const go = (reply: FastifyReply, request: FastifyRequest, step: WizardState) =>
    reply.redirect(realmPath(realmOf(request), `/esia/register/${step}`), 303);
  const moved = async (
    request: FastifyRequest,
    reply: FastifyReply,
    flow: WizardFlow,
    to: WizardState,
    data: Partial<WizardFlow['data']> = {},
  ) =>
    (await services.flows.move(services.db, esiaWizard, flow, to, { data }))
      ? go(reply, request, to)
      : sendHtml(
          reply,
          409,
          wizardStopPage(realmFrame(services, request, '/esia/register'), 'skipped', null),
        );

  for (const step of STEPS) {
    app.get(`/esia/register/${step}`, async (request, reply) => {
      const loaded = await load(request, reply, step);
      return loaded ? view(request, reply, step, loaded.flow, loaded.person) : reply;
    });
  }

  app.post('/esia/register/personal', { preHandler: app.csrfProtection }, async (request, reply) => {
    const loaded = await load(request, reply, 'personal');
    if (!loaded) return reply;
    const parsed = parseForm(Personal, request.body);
    const form = parsed.ok ? parsed.form : { gender: '', birthDate: '' };
    const date =
      /^\d{4}-\d{2}-\d{2}$/.test(form.birthDate) &&
      !Number.isNaN(Date.parse(form.birthDate)) &&
      form.birthDate < new Date(services.clock.now()).toISOString().slice(0, 10);
    if (!date)
      return view(request, reply, 'personal', loaded.flow, loaded.person, {
        birthDate: request.t('esia_wizard.birth_date_invalid'),
      });
    return moved(request, reply, loaded.flow, 'security', {
      gender: form.gender === 'male' ? 'male' : 'female',
      birthDate: form.birthDate,
    });
  });

  app.post('/esia/register/security', { preHandler: app.csrfProtection }, async (request, reply) => {
    const loaded = await load(request, reply, 'security');
    if (!loaded) return reply;
    const parsed = parseForm(Security, request.body);
    const form = parsed.ok ? parsed.form : { email: '', phone: '', news: false, back: '' };
    if (form.back === '1') return moved(request, reply, loaded.flow, 'personal');
    const errors: WizardErrors = {};
    const email = checkEmail(form.email);
    if (!email.ok) errors.email = request.t(email.code);
    const phone =
      form.phone.trim() === ''
        ? null
        : checkPhone(`+7${form.phone.replace(/^\s*(\+?7|8)(?=\D*\d{10}\D*$)/, '')}`, 'RU');
    if (phone && !phone.ok) errors.phone = request.t(phone.code);
    if (!email.ok || (phone && !phone.ok))
      return view(request, reply, 'security', loaded.flow, loaded.person, errors, {
        email: form.email.slice(0, 254),
        phone: form.phone.slice(0, 20),
      });
    return moved(request, reply, loaded.flow, 'password', {
      email: email.email,
      phone: phone?.ok ? phone.phone : null,
      news: form.news,
    });
  });

  app.post('/esia/register/password', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    const loaded = await load(request, reply, 'password');
    if (!loaded) return reply;
    const parsed = parseForm(Password, request.body);
    const form = parsed.ok ? parsed.form : { password: '', password2: '', accept: false, back: '' };
    if (form.back === '1') return moved(request, reply, loaded.flow, 'security');
    const { flow, person } = loaded;
    const candidate = extended(person, { login: flow.data.login, birth_date: flow.data.birthDate });
    const problems = checkNewPassword(realm.settings.passwordPolicy, candidate, form);
    const errors: WizardErrors = {};
    const [first] = problems.password;
    if (first) errors.password = request.t(first.key, first.params);
    const [second] = problems.password2;
    if (second) errors.password2 = request.t(second.key, second.params);
    if (!form.accept) errors.accept = request.t('esia_wizard.accept_required');
    if (Object.keys(errors).length > 0) return view(request, reply, 'password', flow, person, errors);
    const hash = await services.passwords.hash(form.password);
    const meta = { ip: clientIp(request), userAgent: userAgent(request), locale: request.locale };
    // The SMS code is reserved in the budget first (over it, the number is kept unconfirmed and
    // «Отлично!» says to confirm it in «Настройки»).
    const smsReserved =
      flow.data.phone !== null &&
      contactsToConfirm(person, flow).phone &&
      (await services.smsBudget.reserve({ realmId: realm.id, phone: flow.data.phone, ip: meta.ip })).allowed;
    const completed = await completeWizard(services, identities, {
      realm,
      flow,
      person,
      hash,
      meta,
      smsReserved,
    });
    if (completed.kind === 'taken')
      return sendHtml(
        reply,
        409,
        wizardStopPage(realmFrame(services, request, '/esia/register/password'), 'taken', null),
      );
    const created = await services.sessions.create({
      realmId: realm.id,
      personId: person.id,
      lifetimes: realm.settings.session,
      ip: meta.ip,
      userAgent: meta.userAgent,
      method: 'esia',
    });
    await services.people.markActivated(person.id);
    setSessionCookie(reply, realm.id, created.token, secure);
    reply.clearCookie(WIZARD_COOKIE, { path: realmPath(realm, '/esia/') });
    const code = completed.phoneFlow ? `?phone=${completed.phoneFlow}` : '';
    const back = interactionReturn(realm.id, flow.data.returnTo);
    return reply.redirect(withReturn(realmPath(realm, `/esia/register/done${code}`), back), 303);
  });

  // «Отлично!», with the confirmations under it: the letter sent to the address, the SMS code's
  // page (only a live flow of this person's own is linked), or a number left to confirm.
  app.get('/esia/register/done', async (request, reply) => {
    const frame = realmFrame(services, request, '/esia/register/done');
    const back = interactionReturn(frame.realm.id, (request.query as { return?: unknown }).return);
    const signedIn = await currentPerson(services, request);
    if (!signedIn) return sendHtml(reply, 200, greatPage(frame, null, back));
    const person = await services.people.findById(frame.realm.id, signedIn.person.id);
    const query = parseForm(DoneQuery, request.query);
    const shown =
      query.ok && query.form.phone
        ? await showCode(services, frame.realm, signedIn.person, query.form.phone)
        : null;
    return sendHtml(
      reply,
      200,
      greatPage(
        frame,
        {
          email: person?.email && person.email_verified_at === null ? person.email : null,
          phone: person?.phone && person.phone_verified_at === null ? person.phone : null,
          codeFlow: shown?.kind === 'live' ? shown.view.flowId : null,
        },
        back,
      ),
    );
  });
}
