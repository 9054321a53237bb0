/**
 * English. The SMS texts stay within plain ASCII so that, with a Latin product name, they are
 * sent in the GSM 7-bit alphabet (160 characters a segment) rather than UCS-2 (70).
 */
import type { BuiltinCatalogue } from './names.js';

const greeting = 'Hello {{name}},';
const linkValid = 'The link is valid for {{expiresHours}} hours.';
const notYou = 'If this was not you, contact your school administrator immediately.';

export const en: BuiltinCatalogue = {
  email: {
    email_confirmation: {
      subject: 'Confirm your email address — {{productName}}',
      body: [
        greeting,
        'This email address was added to your {{productName}} account. To confirm it, follow the link:',
        { kind: 'link', label: 'Confirm email address' },
        linkValid,
        'A confirmed address lets you restore access yourself if you forget your login or password.',
        'If you did not add this address, just ignore this email.',
      ],
    },
    password_reset_link: {
      subject: 'Reset your password — {{productName}}',
      body: [
        greeting,
        'We received a request to reset the password for your {{productName}} account. To choose a new password, follow the link:',
        { kind: 'link', label: 'Choose a new password' },
        linkValid,
        'If you did not request a password reset, just ignore this email — your password will stay the same.',
      ],
    },
    login_reminder: {
      subject: 'Your {{productName}} login',
      body: [
        greeting,
        'You asked us to remind you of your {{productName}} login.',
        { kind: 'strong', text: 'Your login: {{login}}' },
        'We never send passwords by email. If you have forgotten your password too, reset it on the sign-in page.',
        'If you did not ask for a reminder, just ignore this email.',
      ],
    },
    login_and_reset_link: {
      subject: 'Restore access — {{productName}}',
      body: [
        greeting,
        'You asked to restore access to your {{productName}} account.',
        { kind: 'strong', text: 'Your login: {{login}}' },
        'If you remember your password, sign in as usual. To choose a new password, follow the link:',
        { kind: 'link', label: 'Choose a new password' },
        linkValid,
        'If you did not ask to restore access, just ignore this email — your password will stay the same.',
      ],
    },
    password_changed: {
      subject: 'Your password was changed — {{productName}}',
      body: [
        greeting,
        'The password for your {{productName}} account was changed on {{when}} from the IP address {{ip}}.',
        'All other sessions have been ended: on your other devices you will need to sign in again with the new password.',
        notYou,
      ],
    },
    second_factor_reset: {
      subject: 'Your second factor was reset — {{productName}}',
      body: [
        greeting,
        'The second factor of your {{productName}} account (the authenticator app, the recovery codes and the passkeys) was reset on {{when}} by {{by}}.',
        'All sessions have been ended. At your next sign-in with your password you may be asked to set up a second factor again.',
        'If you did not ask for your second factor to be reset, contact your school immediately.',
      ],
    },
    email_changed: {
      subject: 'Your email address was changed — {{productName}}',
      body: [
        greeting,
        'The email address of your {{productName}} account was changed to {{newEmailMasked}} on {{when}}.',
        'Access recovery emails will now go to the new address; this address is no longer used.',
        notYou,
      ],
    },
    email_code: {
      subject: 'Your confirmation code — {{productName}}',
      body: [
        greeting,
        'Your confirmation code:',
        { kind: 'code' },
        'Enter it on the page where you requested it. The code is valid for {{expiresMinutes}} minutes.',
        'Do not share this code with anyone, not even with support staff.',
        'If you did not request a code, just ignore this email.',
      ],
    },
    new_code: {
      subject: 'Your new confirmation code — {{productName}}',
      body: [
        greeting,
        'You requested a new confirmation code. Use the code from this email:',
        { kind: 'code' },
        'The code is valid for {{expiresMinutes}} minutes. Do not share it with anyone.',
        'If you did not request a new code, just ignore this email.',
      ],
    },
  },
  sms: {
    phone_confirmation_code:
      '{{code}} is your {{productName}} phone confirmation code. It expires in {{expiresMinutes}} minutes.',
    recovery_code:
      '{{code}} is your {{productName}} password recovery code. It expires in {{expiresMinutes}} minutes. Do not share it.',
  },
  signature: 'Best regards,\nThe {{productName}} team',
  automatic: 'This email was sent automatically; please do not reply to it.',
  linkFallback: 'If the button does not work, copy the link and paste it into your browser’s address bar:',
};
