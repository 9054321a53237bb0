/**
 * Realm presets. A realm is created from one of these and may override any setting; the
 * overrides are validated against the same shapes (a preset chooses among validated shapes,
 * it cannot switch an invariant off — there is no setting for "store tokens in clear" or
 * "say when a login does not exist").
 */
import { z } from 'zod';
import { PASSWORD_PRESETS } from '../core/password-policy/policy.js';
import { templateOverridesSchema } from '../messaging/templates/overrides.js';
import { lookSchema } from './look.js';

export const PRESET_NAMES = ['dnevnik', 'eljur', 'recycle'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const charClass = z.enum(['upper', 'lower', 'letter', 'digit', 'special']);

const passwordPolicySchema = z
  .object({
    minLength: z.number().int().min(6).max(64),
    maxLength: z.number().int().min(16).max(256),
    require: z.array(charClass).readonly(),
    forbidSpecial: z.boolean(),
    rejectCommon: z.literal(true),
    rejectPersonalData: z.literal(true),
  })
  .strict()
  .refine((p) => !(p.forbidSpecial && p.require.includes('special')), {
    message: 'a policy cannot both require and forbid special characters',
  });

/**
 * One growing-delay counter: `free` failures pass at once, then each waits twice as long as the
 * one before, from `firstDelaySeconds` up to `maxDelaySeconds`; one failure is forgotten every
 * `forgetSeconds`.
 */
const backoffSettings = (minFree: number, maxFree: number) =>
  z
    .object({
      free: z.number().int().min(minFree).max(maxFree),
      firstDelaySeconds: z.number().int().min(1).max(3600),
      maxDelaySeconds: z
        .number()
        .int()
        .min(1)
        .max(24 * 3600),
      forgetSeconds: z
        .number()
        .int()
        .min(1)
        .max(24 * 3600),
    })
    .strict()
    .refine((b) => b.maxDelaySeconds >= b.firstDelaySeconds, {
      message: 'maxDelaySeconds must not be shorter than firstDelaySeconds',
    });

export const realmSettingsSchema = z
  .object({
    /** Product name shown in titles: «Войти в Дневник.ру». */
    productName: z.string().min(1).max(60),
    defaultLocale: z.enum(['ru', 'en', 'kk']),
    /** Which sign-in page the realm shows (labels and links differ per system). */
    signinStyle: z.enum(['dnevnik', 'eljur', 'recycle']),
    /** Consents that must be ticked before signing in (app.recycle.kz asks for two). */
    signinConsents: z.array(z.enum(['personal_data', 'signature_liability'])).readonly(),
    passwordPolicy: passwordPolicySchema,
    /**
     * Where a phone number typed without its country belongs: registration, contact details and
     * recovery read numbers by it (Russia and Kazakhstan share +7, so the realm decides).
     */
    phoneCountry: z.enum(['RU', 'KZ']),
    /** What the realm's organisations are: schools (with classes), or companies (app.recycle.kz). */
    organisations: z.enum(['schools', 'companies']),
    /** People register at their school's address with an invitation code (ElJur, article 003). */
    registrationByCode: z.boolean(),
    session: z
      .object({
        idleMinutes: z
          .number()
          .int()
          .min(5)
          .max(7 * 24 * 60),
        absoluteHours: z
          .number()
          .int()
          .min(1)
          .max(90 * 24),
      })
      .strict(),
    /** Sign-in's growing delays; docs/SECURITY.md ("Throttling") explains the numbers. */
    throttle: z
      .object({
        /** One login from browsers that are not a known device of its person, all addresses together. */
        login: backoffSettings(3, 100),
        /** One login from one address (not a known device). */
        loginAndAddress: backoffSettings(3, 100),
        /** One known device of the person (a device cookie from an earlier sign-in). */
        device: backoffSettings(3, 100),
        /** One address: attempts on logins that have not signed in from it since. */
        address: backoffSettings(20, 100_000),
        /** How long a device stays known after a sign-in from it. */
        deviceDays: z.number().int().min(1).max(730),
      })
      .strict(),
    recovery: z
      .object({
        /**
         * `dnevnik`: «Я не помню логин / пароль / логин и пароль», the SMS branch, the date-of-birth
         * check (articles 000, 001). `email`: «Забыли пароль?» → an email field → a letter (003, 004).
         */
        style: z.enum(['dnevnik', 'email']),
        /** The letter sent for a reset: the link alone, or the login and the link (ElJur). */
        letter: z.enum(['password_reset_link', 'login_and_reset_link']),
        /** The picture of digits, the proof of work, or the proof of work with the picture as no-script default. */
        captcha: z.enum(['image', 'pow', 'image-or-pow', 'image-pow-on-request']),
        linkHours: z.number().int().min(1).max(72),
        smsBranch: z.boolean(),
      })
      .strict(),
    /**
     * Sign-in through Gosuslugi (ESIA), when the realm has an ESIA connection (ESIA_CONFIG):
     * `name_snils` finds an adult by full name and SNILS and a minor by an explicit link
     * (article 002); `attributes` finds a person by the first of these that ESIA knows and
     * marks verified (article 003). Accounts below `requiredLevel` are refused.
     */
    gosuslugi: z
      .object({
        matching: z.enum(['name_snils', 'attributes']),
        attributes: z.array(z.enum(['snils', 'email', 'mobile'])).readonly(),
        requiredLevel: z.enum(['simplified', 'standard', 'confirmed']),
      })
      .strict()
      .refine((g) => g.matching !== 'attributes' || g.attributes.length > 0, {
        message: 'attributes matching needs at least one attribute',
      })
      .optional(),
    /**
     * Kazakh digital signatures (ЭЦП through NCALayer): sign-in and the reset of article 004.
     * `rootsFile`: a PEM bundle of the NCA roots (and intermediates) the operator installed; in
     * demo mode, unset means the NCALayer simulator's test roots. `revocation`: OCSP/CRL answers
     * required, best effort, or not asked; `revocationSources` in the order they are asked.
     */
    signature: z
      .object({
        signin: z.boolean(),
        rootsFile: z.string().min(1).max(500).nullable(),
        revocation: z.enum(['required', 'best-effort', 'off']),
        revocationSources: z
          .array(z.enum(['ocsp', 'crl']))
          .min(1)
          .max(2)
          .readonly(),
      })
      .strict()
      .optional(),
    /**
     * The sign-in's second step (docs/SECURITY.md, "Second factor"): `required` names the primary
     * methods after which a person must give a second factor (one without a factor is led to
     * enrol before getting in); `passkeySignin` lets a passkey sign in without a password.
     */
    secondFactor: z
      .object({
        required: z.array(z.enum(['password', 'signature'])).readonly(),
        passkeySignin: z.boolean(),
      })
      .strict(),
    /**
     * The version of each consent text the realm asks for; a person who accepted an older version
     * is asked again at the next sign-in. Unset: the version of the built-in text.
     */
    consentVersions: z
      .object({
        personal_data: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/),
        signature_liability: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/),
      })
      .partial()
      .strict()
      .optional(),
    /** The realm's own wording of letters and SMS, per language; the rest stays built in. */
    templates: templateOverridesSchema.optional(),
    /** The realm's primary colour, logo and favicon (`realms/look.ts`: contrast and image checks). */
    look: lookSchema.optional(),
  })
  .strict();

export type RealmSettings = z.infer<typeof realmSettingsSchema>;

const SESSION_SCHOOL = { idleMinutes: 60, absoluteHours: 12 } as const;
/** The numbers and their reasons: docs/SECURITY.md, "Throttling". */
const THROTTLE = {
  login: { free: 10, firstDelaySeconds: 2, maxDelaySeconds: 900, forgetSeconds: 900 },
  loginAndAddress: { free: 5, firstDelaySeconds: 2, maxDelaySeconds: 900, forgetSeconds: 900 },
  device: { free: 10, firstDelaySeconds: 2, maxDelaySeconds: 900, forgetSeconds: 900 },
  address: { free: 200, firstDelaySeconds: 1, maxDelaySeconds: 60, forgetSeconds: 18 },
  deviceDays: 365,
} as const;

export const PRESETS: Readonly<Record<PresetName, RealmSettings>> = {
  dnevnik: {
    productName: 'Дневник.ру',
    // Dnevnik.ru's blue, dark enough for white text (5.7:1).
    look: { primaryColour: '#1d64c8' },
    defaultLocale: 'ru',
    signinStyle: 'dnevnik',
    signinConsents: [],
    passwordPolicy: PASSWORD_PRESETS.dnevnik,
    phoneCountry: 'RU',
    organisations: 'schools',
    registrationByCode: false,
    session: SESSION_SCHOOL,
    throttle: THROTTLE,
    gosuslugi: { matching: 'name_snils', attributes: [], requiredLevel: 'standard' },
    secondFactor: { required: [], passkeySignin: true },
    recovery: {
      style: 'dnevnik',
      letter: 'password_reset_link',
      // The picture of article 000, and for a person who cannot see it the proof of work.
      captcha: 'image-pow-on-request',
      linkHours: 24,
      smsBranch: true,
    },
  },
  eljur: {
    productName: 'ЭлЖур',
    // ElJur's red «Войти» (article 003's screenshots), 5.6:1 with white.
    look: { primaryColour: '#c62828' },
    defaultLocale: 'ru',
    signinStyle: 'eljur',
    signinConsents: [],
    passwordPolicy: PASSWORD_PRESETS.eljur,
    phoneCountry: 'RU',
    organisations: 'schools',
    registrationByCode: true,
    session: SESSION_SCHOOL,
    throttle: THROTTLE,
    gosuslugi: {
      matching: 'attributes',
      attributes: ['snils', 'email', 'mobile'],
      requiredLevel: 'standard',
    },
    secondFactor: { required: [], passkeySignin: true },
    recovery: {
      style: 'email',
      letter: 'login_and_reset_link',
      captcha: 'image-or-pow',
      linkHours: 24,
      smsBranch: false,
    },
  },
  recycle: {
    productName: 'app.recycle.kz',
    // The green of recycling, 5.4:1 with white.
    look: { primaryColour: '#1b7a3e' },
    defaultLocale: 'ru',
    signinStyle: 'recycle',
    signinConsents: ['personal_data', 'signature_liability'],
    passwordPolicy: PASSWORD_PRESETS.recycle,
    phoneCountry: 'KZ',
    organisations: 'companies',
    registrationByCode: false,
    session: { idleMinutes: 30, absoluteHours: 8 },
    throttle: { ...THROTTLE, login: { ...THROTTLE.login, free: 5 } },
    signature: { signin: true, rootsFile: null, revocation: 'required', revocationSources: ['ocsp', 'crl'] },
    // «Ввиду добавления двухфакторной аутентификации…» (article 004): everybody who signs in gives
    // a second factor — with a password, and with ЭЦП (whose sign-in also asks for the password of
    // the personal account); a person without one enrols before any session begins.
    secondFactor: { required: ['password', 'signature'], passkeySignin: false },
    recovery: {
      style: 'email',
      letter: 'password_reset_link',
      captcha: 'image-or-pow',
      linkHours: 24,
      smsBranch: false,
    },
  },
};

export function isPresetName(value: string): value is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(value);
}

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

function deepMerge(base: Json, override: Json): Json {
  if (
    typeof base === 'object' &&
    base !== null &&
    !Array.isArray(base) &&
    typeof override === 'object' &&
    override !== null &&
    !Array.isArray(override)
  ) {
    const out: Record<string, Json> = { ...(base as Record<string, Json>) };
    for (const [key, value] of Object.entries(override as Record<string, Json>)) {
      out[key] = key in out ? deepMerge(out[key] as Json, value) : value;
    }
    return out;
  }
  return override;
}

export type SettingsResult = { ok: true; settings: RealmSettings } | { ok: false; errors: string[] };

/** The preset's settings with the realm's overrides applied, validated. */
export function resolveSettings(preset: PresetName, overrides: unknown): SettingsResult {
  const merged = deepMerge(PRESETS[preset] as unknown as Json, (overrides ?? {}) as Json);
  const parsed = realmSettingsSchema.safeParse(merged);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.flatMap((i) => {
      const at = i.path.join('.');
      // An unknown key is named by its full path: `session.idle: unknown setting`.
      if (i.code === 'unrecognized_keys')
        return i.keys.map((k) => `${at ? `${at}.` : ''}${k}: unknown setting`);
      return [`${at || '(settings)'}: ${i.message}`];
    }),
  };
}
