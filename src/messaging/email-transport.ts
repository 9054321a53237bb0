/**
 * Email out through SMTP (nodemailer), or nowhere in demo mode without SMTP (the development
 * mailbox shows the letters). Each letter's Message-ID is derived from its outbox id, so a
 * letter re-sent after a crash is recognisably the same letter.
 */
import nodemailer from 'nodemailer';

export interface EmailToSend {
  readonly id: string;
  readonly fromName: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export type SendResult =
  | { ok: true; providerId: string | null }
  | { ok: false; permanent: boolean; error: string };

export interface EmailTransport {
  readonly name: string;
  send(email: EmailToSend): Promise<SendResult>;
  close(): void;
}

/** Replies that mean this address will never accept the letter: retrying is pointless. */
const PERMANENT_SMTP_CODES = new Set([501, 550, 551, 552, 553, 554, 556]);

export function smtpTransport(smtpUrl: string, fromAddress: string): EmailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  const domain = fromAddress.split('@')[1] ?? 'propusk.local';
  return {
    name: 'smtp',
    async send(email) {
      try {
        const info = await transporter.sendMail({
          from: { name: email.fromName, address: fromAddress },
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: `<${email.id}@${domain}>`,
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        return { ok: true, providerId: typeof info.messageId === 'string' ? info.messageId : null };
      } catch (err) {
        const e = err as { responseCode?: number; code?: string; message?: string };
        const permanent = e.responseCode !== undefined && PERMANENT_SMTP_CODES.has(e.responseCode);
        return {
          ok: false,
          permanent,
          error: `${e.code ?? 'SMTP'} ${e.responseCode ?? ''} ${e.message ?? ''}`.trim(),
        };
      }
    },
    close() {
      transporter.close();
    },
  };
}

/** Demo mode without SMTP: delivery is recording; the development mailbox is the inbox. */
export const devEmailTransport: EmailTransport = {
  name: 'dev',
  async send() {
    return { ok: true, providerId: 'dev-mailbox' };
  },
  close() {},
};
