/**
 * A realm's look through the API (a realm token only): the product name, the primary colour, the
 * logo and the favicon (`realms/look.ts`), saved with the operator's rules (`realm-admin.ts`:
 * validated settings, audited `realm.settings_changed` with the token). Each field left out keeps
 * its value; `null` returns the colour, logo or favicon to the service's own. Images come as
 * base64 and are judged by their bytes, not by a declared type. A refusal names each field in the
 * caller's language: a colour that is not one, a contrast under 4.5:1 with the measured ratio, a
 * file that is empty, not an image or over its size.
 */
import { z } from 'zod';
import { checkColour, checkImage, type LookImage, type RealmLook } from '../realms/look.js';
import { changeSettings } from '../realms/realm-admin.js';
import { ApiError, type ApiIssue } from './errors.js';
import { defineOperation } from './operation.js';

/** base64 of at most 64 KiB, with room for padding and line breaks some encoders add. */
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}$/;
const imageInput = z.string().max(90_000).nullable().optional();

const lookAnswer = z.strictObject({
  productName: z.string(),
  primaryColour: z.string().nullable(),
  logo: z.string().nullable(),
  favicon: z.string().nullable(),
});

function answerOf(productName: string, look: RealmLook | undefined): z.infer<typeof lookAnswer> {
  return {
    productName,
    primaryColour: look?.primaryColour ?? null,
    logo: look?.logo?.type ?? null,
    favicon: look?.favicon?.type ?? null,
  };
}

function image(value: string, use: 'logo' | 'favicon', issues: ApiIssue[]): LookImage | null {
  const path = `body.${use}`;
  if (!BASE64.test(value)) {
    issues.push({ path, message: 'api.issue.not_base64' });
    return null;
  }
  const verdict = checkImage(Buffer.from(value, 'base64'), use);
  if (verdict.ok) return verdict.image;
  issues.push(
    verdict.reason === 'too_large'
      ? { path, message: 'api.issue.image_too_large', params: { limit: verdict.limit } }
      : { path, message: verdict.reason === 'empty' ? 'api.issue.image_empty' : 'api.issue.image_not_image' },
  );
  return null;
}

const setRealmLook = defineOperation({
  id: 'setRealmLook',
  method: 'POST',
  path: '/realm/look',
  tag: 'realm',
  summary: 'Change the realm’s product name, primary colour (contrast ≥ 4.5:1), logo or favicon',
  realmOnly: true,
  // A logo of 64 KiB and a favicon of 16 KiB in base64, with the rest.
  bodyLimit: 128 * 1024,
  body: z.strictObject({
    productName: z.string().trim().min(1).max(60).optional(),
    primaryColour: z.string().max(20).nullable().optional(),
    logo: imageInput,
    favicon: imageInput,
  }),
  response: lookAnswer,
  async handler({ services, scope, body }) {
    const issues: ApiIssue[] = [];
    const set: [string, unknown][] = [];
    const unset: string[] = [];
    if (body.productName !== undefined) set.push(['productName', body.productName]);
    if (body.primaryColour === null) unset.push('look.primaryColour');
    else if (body.primaryColour !== undefined) {
      const verdict = checkColour(body.primaryColour);
      if (verdict.ok) set.push(['look.primaryColour', verdict.colour]);
      else
        issues.push(
          verdict.reason === 'not_colour'
            ? { path: 'body.primaryColour', message: 'api.issue.not_colour' }
            : {
                path: 'body.primaryColour',
                message: 'api.issue.low_contrast',
                params: { ratio: verdict.ratio },
              },
        );
    }
    for (const use of ['logo', 'favicon'] as const) {
      const value = body[use];
      if (value === null) unset.push(`look.${use}`);
      else if (value !== undefined) {
        const checked = image(value, use, issues);
        if (checked) set.push([`look.${use}`, checked]);
      }
    }
    if (issues.length > 0) throw new ApiError('invalid_request', issues);
    if (set.length === 0 && unset.length === 0) {
      const { productName, look } = scope.realm.settings;
      return answerOf(productName, look);
    }
    const outcome = await changeSettings(services, scope.realm.id, {
      set,
      unset,
      by: { via: 'api', tokenId: scope.token.id },
    });
    // The checks above are the settings' own; a refusal here would be a rule they do not know.
    if (!outcome.ok) throw new ApiError('invalid_request', [{ path: 'body', message: 'api.issue.invalid' }]);
    return answerOf(outcome.value.settings.productName, outcome.value.settings.look);
  },
});

export const REALM_LOOK_OPERATIONS = [setRealmLook];
