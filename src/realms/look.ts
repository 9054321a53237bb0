/**
 * A realm's own look: its primary colour, logo and favicon (the product name is `productName`).
 * Keycloak calls this a theme, Logto a sign-in experience; here it is three validated settings.
 *
 * Rules:
 * - The primary colour is the background of the main buttons (white text on it) and the colour
 *   of links and focus rings on the white card, so it must reach 4.5:1 against white (WCAG 2.2
 *   AA, 1.4.3). A colour that does not is refused when the setting is saved, with the measured
 *   ratio in the message. `#rrggbb` only: the value is written into a style sheet, so nothing
 *   but six hex digits may reach it.
 * - Images are PNG, JPEG, WebP or GIF (the favicon also ICO), recognised by their first bytes,
 *   not by a name or a declared type; SVG is refused (it can carry script). The logo is at most
 *   64 KiB, the favicon 16 KiB: they live in the realm's settings and every page links them.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** WCAG 2.x relative luminance of an sRGB colour `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  const channel = (at: number): number => {
    const v = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of two colours, 1 … 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

export const MIN_CONTRAST = 4.5;
/** What the primary colour is measured against: the white card and the white button text. */
export const LOOK_BACKGROUND = '#ffffff';
export const COLOUR = /^#[0-9a-f]{6}$/;

export type ColourVerdict =
  | { readonly ok: true; readonly colour: string }
  | { readonly ok: false; readonly reason: 'not_colour' }
  | { readonly ok: false; readonly reason: 'low_contrast'; readonly ratio: string };

/** `#RGB`, `#RRGGBB` in any case → `#rrggbb`, checked against the background. */
export function checkColour(value: string): ColourVerdict {
  const text = value.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(text);
  const colour = short ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` : text;
  if (!COLOUR.test(colour)) return { ok: false, reason: 'not_colour' };
  const ratio = contrastRatio(colour, LOOK_BACKGROUND);
  // Rounded down, so a colour shown as 4.50:1 really reaches 4.5:1.
  if (ratio < MIN_CONTRAST)
    return { ok: false, reason: 'low_contrast', ratio: (Math.floor(ratio * 100) / 100).toFixed(2) };
  return { ok: true, colour };
}

/** A darker shade for hover: the same hue, each channel at 80%. */
export function darker(colour: string): string {
  const parts = [1, 3, 5].map((at) =>
    Math.round(Number.parseInt(colour.slice(at, at + 2), 16) * 0.8)
      .toString(16)
      .padStart(2, '0'),
  );
  return `#${parts.join('')}`;
}

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/x-icon'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export const LOGO_MAX_BYTES = 64 * 1024;
export const FAVICON_MAX_BYTES = 16 * 1024;

/** The type of an image by its first bytes, or null. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  ) {
    return 'image/webp';
  }
  if (starts(0x00, 0x00, 0x01, 0x00)) return 'image/x-icon';
  return null;
}

export type ImageVerdict =
  | { readonly ok: true; readonly image: LookImage }
  | { readonly ok: false; readonly reason: 'empty' | 'not_image' | 'too_large'; readonly limit: number };

/** An uploaded or configured file as a logo (`logo`) or a favicon (`favicon`). */
export function checkImage(bytes: Uint8Array, use: 'logo' | 'favicon'): ImageVerdict {
  const limit = use === 'logo' ? LOGO_MAX_BYTES : FAVICON_MAX_BYTES;
  if (bytes.length === 0) return { ok: false, reason: 'empty', limit };
  if (bytes.length > limit) return { ok: false, reason: 'too_large', limit };
  const type = sniffImage(bytes);
  if (!type || (use === 'logo' && type === 'image/x-icon')) return { ok: false, reason: 'not_image', limit };
  return { ok: true, image: { type, data: Buffer.from(bytes).toString('base64') } };
}

export interface LookImage {
  readonly type: ImageType;
  /** The bytes, base64. */
  readonly data: string;
}

const imageSchema = (use: 'logo' | 'favicon') =>
  z
    .object({ type: z.enum(IMAGE_TYPES), data: z.string().max(Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 4) })
    .strict()
    .superRefine((image, ctx) => {
      const verdict = checkImage(Buffer.from(image.data, 'base64'), use);
      if (!verdict.ok)
        ctx.addIssue({
          code: 'custom',
          message: `${use}: ${verdict.reason} (at most ${verdict.limit} bytes of PNG, JPEG, WebP or GIF${use === 'favicon' ? ' or ICO' : ''})`,
        });
      else if (verdict.image.type !== image.type)
        ctx.addIssue({
          code: 'custom',
          message: `${use}: the bytes are ${verdict.image.type}, not ${image.type}`,
        });
    });

/** The `look` of realm settings; every part optional (the service's own look stands in). */
export const lookSchema = z
  .object({
    primaryColour: z
      .string()
      .superRefine((value, ctx) => {
        const verdict = checkColour(value);
        if (verdict.ok && verdict.colour === value) return;
        ctx.addIssue({
          code: 'custom',
          message: verdict.ok
            ? `write the colour as ${verdict.colour}`
            : verdict.reason === 'not_colour'
              ? `${JSON.stringify(value)} is not a colour (#rrggbb)`
              : `${value} has a contrast of ${verdict.ratio}:1 against ${LOOK_BACKGROUND}; at least ${MIN_CONTRAST}:1 is needed`,
        });
      })
      .optional(),
    logo: imageSchema('logo').optional(),
    favicon: imageSchema('favicon').optional(),
  })
  .strict();

export type RealmLook = z.infer<typeof lookSchema>;

/** A short fingerprint of the look, for addresses that browsers may cache for long. */
export function lookVersion(look: RealmLook | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify(look ?? {}))
    .digest('base64url')
    .slice(0, 10);
}

/** The realm's style sheet: its colour in the variables the service's style sheet reads. */
export function lookCss(look: RealmLook | undefined): string {
  if (!look?.primaryColour) return '';
  const c = look.primaryColour;
  return `:root {\n  --accent: ${c};\n  --accent-dark: ${darker(c)};\n}\n`;
}
