/**
 * What every recovery route renders with: the page frame, the request's meta (address, language,
 * this browser's flow token), the captcha field, the request forms, and the end pages a step
 * finishes on. Routes (`*-routes.ts`) parse, call a step, and pick one of these.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { issueForPolicy } from '../../core/captcha/captcha.js';
import { captchaField } from '../../core/captcha/field.js';
import { extended } from '../../core/extended.js';
import type { SafeHtml } from '../../core/html/html.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import type { Services } from '../../services.js';
import { realmOf, realmPath } from '../../web/auth.js';
import { captchaPictureBase } from '../../web/captcha-picture.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import type { FieldErrors } from './answer.js';
import type { LinkProblem } from './link.js';
import type { Meta } from './machine.js';
import type { BranchEnd } from './sms-branch.js';
import {
  chooserPage,
  contactFormPage,
  emailFormPage,
  endPage,
  type FormValues,
  type Frame,
  passwordFormPage,
} from './views.js';

export type FormKind = 'password' | 'login' | 'both' | 'email';

export const EMPTY_FORM: FormValues = { login: '', email: '', phone: '', day: '', month: '', year: '' };

export interface RecoveryPages {
  frame(request: FastifyRequest, path: string): Frame;
  meta(request: FastifyRequest, reply: FastifyReply): Meta;
  /** A request form, with a fresh captcha, its values and its problems. */
  form(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: FormKind,
    status: number,
    values: FormValues,
    errors: FieldErrors,
    banner?: string,
  ): Promise<FastifyReply>;
  chooser(request: FastifyRequest, reply: FastifyReply): FastifyReply;
  /** The page a step ends on: a success (2xx) or a problem, with «Начать заново» when `again`. */
  end(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    key: MessageKey,
    again?: boolean,
  ): FastifyReply;
  linkProblem(request: FastifyRequest, reply: FastifyReply, problem: LinkProblem): FastifyReply;
  branchEnd(request: FastifyRequest, reply: FastifyReply, end: BranchEnd): FastifyReply;
}

const LINK_PROBLEMS: Readonly<Record<LinkProblem, { status: number; key: MessageKey }>> = {
  invalid: { status: 400, key: 'recovery.link_invalid' },
  expired: { status: 410, key: 'recovery.link_expired' },
  used: { status: 410, key: 'recovery.link_used' },
  replaced: { status: 410, key: 'recovery.link_replaced' },
};

const BRANCH_ENDS: Readonly<Record<BranchEnd, { status: number; key: MessageKey }>> = {
  expired: { status: 410, key: 'recovery.flow_expired' },
  ended: { status: 429, key: 'recovery.flow_ended' },
  gone: { status: 404, key: 'recovery.flow_gone' },
};

export function recoveryPages(services: Services): RecoveryPages {
  const secure = !services.config.demo;

  const frame = (request: FastifyRequest, path: string): Frame => ({
    t: request.t,
    locale: request.locale,
    realm: realmOf(request),
    path: realmPath(realmOf(request), path),
    demo: services.config.demo,
  });

  async function captchaHtml(
    request: FastifyRequest,
    formPath: string,
    error?: MessageKey,
  ): Promise<SafeHtml> {
    const realm = realmOf(request);
    const policy = realm.settings.recovery.captcha;
    // `?captcha=pow`: the link «Не видите картинку?» of the policy 'image-pow-on-request'.
    const wantsWork = (request.query as { captcha?: unknown } | undefined)?.captcha === 'pow';
    const { challenge, alternative } = await issueForPolicy(
      services.captcha,
      policy,
      { realm: realm.id, ip: clientIp(request) },
      wantsWork ? 'pow' : 'image',
    );
    const formHref = realmPath(realm, formPath);
    return captchaField(request.t, challenge, {
      pictureBase: captchaPictureBase(realm),
      refreshHref: formHref,
      ...(policy === 'image-pow-on-request'
        ? { otherKindHref: wantsWork ? formHref : `${formHref}?captcha=pow` }
        : {}),
      ...(alternative ? { alternative } : {}),
      ...(error ? { error: request.t(error) } : {}),
    });
  }

  function end(request: FastifyRequest, reply: FastifyReply, status: number, key: MessageKey, again = true) {
    const kind = status < 400 ? 'success' : 'error';
    return sendHtml(
      reply,
      status,
      endPage(extended(frame(request, '/recovery'), { kind, message: request.t(key), again })),
    );
  }

  return {
    frame,
    meta: (request, reply) => ({
      ip: clientIp(request),
      userAgent: userAgent(request),
      locale: request.locale,
      browserToken: flowBrowserToken(request, reply, secure),
    }),
    async form(request, reply, kind, status, values, errors, banner) {
      const path = `/recovery/${kind}`;
      const view = extended(frame(request, path), {
        csrf: reply.generateCsrf(),
        form: values,
        errors,
        captcha: await captchaHtml(request, kind === 'email' ? '/recovery' : path, errors.captcha?.key),
        ...(banner ? { banner } : {}),
      });
      const body =
        kind === 'password'
          ? passwordFormPage(view)
          : kind === 'email'
            ? emailFormPage(view)
            : contactFormPage(extended(view, { purpose: kind }));
      return sendHtml(reply, status, body);
    },
    chooser: (request, reply) => sendHtml(reply, 200, chooserPage(frame(request, '/recovery'))),
    end,
    linkProblem(request, reply, problem) {
      return end(request, reply, LINK_PROBLEMS[problem].status, LINK_PROBLEMS[problem].key);
    },
    branchEnd(request, reply, branch) {
      return end(request, reply, BRANCH_ENDS[branch].status, BRANCH_ENDS[branch].key);
    },
  };
}
