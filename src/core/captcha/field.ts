/**
 * The captcha part of a form.
 *
 * Rules:
 * - No inline script or style (the CSP allows neither): the picture is an <img> of
 *   `<pictureBase><token>.png`, drawn by the server only when a browser asks for it; the solver
 *   is `/assets/altcha-solver.js`, hiding is the `hidden` attribute, and the solver's texts
 *   travel in data attributes.
 * - Works without JavaScript: the picture and its input are plain form controls. When a realm
 *   allows both kinds, the proof-of-work inputs are rendered disabled and the script enables them
 *   (and disables the picture's) only once it has found the solution, so a browser without
 *   JavaScript simply submits the picture. The <img> then sits in <noscript>, so a browser that
 *   runs the script never fetches it (no drawing for it); when the work cannot run (no Web
 *   Crypto) or fails, the script puts the picture in from `data-src`.
 * - «Показать другую картинку» is a plain link back to the form (`refreshHref`): every render
 *   of a form issues a new challenge, so reloading is the new picture.
 * - The picture's input: `inputmode="numeric"` brings up the digit keypad, `autocomplete="off"`
 *   keeps browsers from offering an earlier answer.
 */
import { html, type SafeHtml } from '../html/html.js';
import type { CaptchaChallenge, CaptchaVerdict } from './captcha.js';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from './image.js';
import type { CaptchaMessageKey } from './messages.js';

/** The translator the field needs; the app's `t` fits once the catalogues hold these keys. */
export type Say = (key: CaptchaMessageKey) => string;

/** Form field names. */
export const CAPTCHA_ANSWER_FIELD = 'captcha';
export const CAPTCHA_ID_FIELD = 'captcha_id';
export const SOLVER_SCRIPT = '/assets/altcha-solver.js';

export interface CaptchaFieldOptions {
  /** Where pictures are served: the picture of token T is `${pictureBase}T.png`. */
  readonly pictureBase?: string;
  /** Where «Показать другую картинку» leads: the form's own GET address. Omitted: no link. */
  readonly refreshHref?: string;
  /**
   * Policy 'image-pow-on-request': with the picture, the address of the same form checked by
   * proof of work («Не видите картинку?»); with the proof of work, the address back to the picture.
   */
  readonly otherKindHref?: string;
  /** With an 'image' challenge: the 'pow' one the script swaps in (policy 'image-or-pow'). */
  readonly alternative?: CaptchaChallenge;
  /** The message of the previous attempt's verdict (see `captchaErrorKey`). */
  readonly error?: string;
}

/** The message for a verdict, or null for 'ok'. A missing answer reads as «не введены». */
export function captchaErrorKey(verdict: CaptchaVerdict): CaptchaMessageKey | null {
  switch (verdict) {
    case 'ok':
      return null;
    case 'wrong':
      return 'captcha.wrong';
    case 'expired':
      return 'captcha.expired';
    case 'reused':
      return 'captcha.reused';
    case 'malformed':
      return 'captcha.required';
  }
}

export function captchaField(
  t: Say,
  challenge: CaptchaChallenge,
  options: CaptchaFieldOptions = {},
): SafeHtml {
  const all = [challenge, ...(options.alternative ? [options.alternative] : [])];
  const image = all.find((c) => c.kind === 'image');
  const pow = all.find((c) => c.kind === 'pow' && c.pow);
  const error = options.error
    ? html`<p class="field-error" id="captcha-error" role="alert">${options.error}</p>`
    : '';
  const describedBy = options.error ? html` aria-invalid="true" aria-describedby="captcha-error"` : '';

  const src = image ? `${options.pictureBase ?? ''}${image.id}.png` : '';
  const img = html`<img src="${src}" alt="${t('captcha.alt')}" width="${IMAGE_WIDTH}" height="${IMAGE_HEIGHT}">`;
  const picture = image
    ? html`<div class="captcha-image" data-captcha-image${
        pow
          ? html` data-src="${src}" data-alt="${t('captcha.alt')}"
      data-width="${IMAGE_WIDTH}" data-height="${IMAGE_HEIGHT}"`
          : ''
      }>
    ${pow ? html`<noscript>${img}</noscript>` : img}
    ${options.refreshHref ? html`<p class="captcha-refresh"><a href="${options.refreshHref}">${t('captcha.refresh')}</a></p>` : ''}
    ${options.otherKindHref ? html`<p class="captcha-other"><a href="${options.otherKindHref}">${t('captcha.without_picture')}</a></p>` : ''}
    <label for="captcha">${t('captcha.label')}</label>
    <input id="captcha" name="${CAPTCHA_ANSWER_FIELD}" type="text" inputmode="numeric" autocomplete="off"
      autocapitalize="off" spellcheck="false" maxlength="20"${describedBy}>
    <input type="hidden" name="${CAPTCHA_ID_FIELD}" value="${image.id}">
  </div>`
    : '';

  // With a picture beside it, the proof of work waits hidden and disabled for the script.
  const standby = image ? html` hidden` : '';
  const disabled = image ? html` disabled` : '';
  const work = pow?.pow
    ? html`<div class="captcha-pow" data-captcha-pow${standby} data-challenge="${pow.pow.challenge}"
    data-salt="${pow.pow.salt}" data-maxnumber="${pow.pow.maxnumber}" data-text-working="${t('captcha.pow_working')}"
    data-text-done="${t('captcha.pow_done')}" data-text-failed="${t('captcha.pow_failed')}">
    <p class="hint" data-captcha-status role="status"></p>
    ${image ? '' : html`<noscript><p class="field-error">${t('captcha.noscript')}</p></noscript>`}
    <input type="hidden" name="${CAPTCHA_ID_FIELD}" value="${pow.id}"${disabled}>
    <input type="hidden" name="${CAPTCHA_ANSWER_FIELD}" value=""${disabled}>
    ${!image && options.otherKindHref ? html`<p class="captcha-other"><a href="${options.otherKindHref}">${t('captcha.with_picture')}</a></p>` : ''}
  </div>
  <script src="${SOLVER_SCRIPT}" defer></script>`
    : '';

  return html`<div class="captcha" data-captcha>
  ${error}
  ${picture}
  ${work}
</div>`;
}
