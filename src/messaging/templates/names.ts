/**
 * The names of every letter and SMS the service sends, the params each one needs, and the shape
 * of a built-in catalogue. Kept apart from the renderer so the catalogues can import the types
 * without a cycle.
 */

export type EmailTemplateName =
  | 'email_confirmation'
  | 'password_reset_link'
  | 'login_reminder'
  | 'login_and_reset_link'
  | 'password_changed'
  | 'email_changed'
  | 'second_factor_reset'
  | 'email_code'
  | 'new_code';

export type SmsTemplateName = 'phone_confirmation_code' | 'recovery_code';

export const EMAIL_TEMPLATE_PARAMS: Readonly<Record<EmailTemplateName, readonly string[]>> = {
  email_confirmation: ['name', 'link', 'expiresHours'],
  password_reset_link: ['name', 'link', 'expiresHours'],
  login_reminder: ['name', 'login'],
  login_and_reset_link: ['name', 'login', 'link', 'expiresHours'],
  password_changed: ['name', 'when', 'ip'],
  email_changed: ['name', 'newEmailMasked', 'when'],
  second_factor_reset: ['name', 'when', 'by'],
  email_code: ['name', 'code', 'expiresMinutes'],
  new_code: ['name', 'code', 'expiresMinutes'],
};

export const SMS_TEMPLATE_PARAMS: Readonly<Record<SmsTemplateName, readonly string[]>> = {
  phone_confirmation_code: ['code', 'expiresMinutes'],
  recovery_code: ['code', 'expiresMinutes'],
};

/**
 * Placeholders filled from the realm's `TemplateContext` rather than from the caller's params, so
 * every template may use them. `supportHint` is optional in the context and renders as an empty
 * string when the realm has none.
 */
export const CONTEXT_PLACEHOLDERS = ['productName', 'supportHint'] as const;

export const EMAIL_TEMPLATE_NAMES = Object.keys(EMAIL_TEMPLATE_PARAMS) as readonly EmailTemplateName[];
export const SMS_TEMPLATE_NAMES = Object.keys(SMS_TEMPLATE_PARAMS) as readonly SmsTemplateName[];

/** Every placeholder a template may use: its params and the context ones. */
export function availablePlaceholders(name: EmailTemplateName | SmsTemplateName): readonly string[] {
  const params = isEmailTemplateName(name) ? EMAIL_TEMPLATE_PARAMS[name] : SMS_TEMPLATE_PARAMS[name];
  return [...params, ...CONTEXT_PLACEHOLDERS];
}

export function isEmailTemplateName(value: string): value is EmailTemplateName {
  return Object.hasOwn(EMAIL_TEMPLATE_PARAMS, value);
}

export function isSmsTemplateName(value: string): value is SmsTemplateName {
  return Object.hasOwn(SMS_TEMPLATE_PARAMS, value);
}

/**
 * One block of a built-in letter body. Built-ins are written once as blocks and rendered to both
 * the text and the HTML part, so the two parts cannot drift apart between translations.
 * - a string: a paragraph (a `\n` inside becomes a line break);
 * - `strong`: a paragraph the reader has to notice or copy, such as the login;
 * - `code`: the `{{code}}` param, on its own line in the text part and large in the HTML part;
 * - `link`: the `{{link}}` param, on its own line in the text part (so every mail client
 *   linkifies it) and a button labelled `label` plus the bare address in the HTML part.
 */
export type Block =
  | string
  | { readonly kind: 'strong'; readonly text: string }
  | { readonly kind: 'code' }
  | { readonly kind: 'link'; readonly label: string };

export interface BuiltinEmail {
  /** Plain text: no markup, one line. */
  readonly subject: string;
  readonly body: readonly Block[];
}

/** Everything a language has to provide; the compiler checks that no template is missing. */
export interface BuiltinCatalogue {
  readonly email: Readonly<Record<EmailTemplateName, BuiltinEmail>>;
  readonly sms: Readonly<Record<SmsTemplateName, string>>;
  /** Closes every letter (text and HTML): sign-off, then the "sent automatically" notice. */
  readonly signature: string;
  readonly automatic: string;
  /** Under the HTML button, for clients that strip its styling or block the click. */
  readonly linkFallback: string;
}
