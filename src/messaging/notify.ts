/**
 * Queuing a templated letter or SMS for a person: render the realm's template in the person's
 * language and write it to the outbox inside the caller's transaction. After the transaction
 * commits, `flush()` wakes the worker so the message leaves at once.
 */
import type { Locale } from '../core/i18n/i18n.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { Executor, Outbox, OutgoingMessage } from './outbox.js';
import type { EmailTemplateName, SmsTemplateName } from './templates/names.js';
import { renderEmail, renderSms } from './templates/render.js';
import type { OutboxWorker } from './worker.js';

export interface NotifyInput<T> {
  readonly realm: LoadedRealm;
  readonly locale: Locale;
  readonly personId: string | null;
  readonly to: string;
  readonly template: T;
  readonly params: Readonly<Record<string, string | number>>;
  /** Names the cause, so a retried request does not queue the message twice. */
  readonly idempotencyKey: string;
}

/** `duplicate`: a message with this idempotency key was queued before; nothing new was. */
export interface Queued {
  readonly duplicate: boolean;
}

export interface Notifier {
  email(executor: Executor, input: NotifyInput<EmailTemplateName>): Promise<Queued>;
  sms(executor: Executor, input: NotifyInput<SmsTemplateName>): Promise<Queued>;
  /** Call after the transaction committed. */
  flush(): void;
}

export function notifier(outbox: Outbox, worker: OutboxWorker): Notifier {
  const enqueue = (
    executor: Executor,
    input: NotifyInput<string>,
    message: OutgoingMessage,
  ): Promise<Queued> =>
    outbox.enqueue(executor, {
      realmId: input.realm.id,
      personId: input.personId,
      template: input.template,
      locale: input.locale,
      idempotencyKey: input.idempotencyKey,
      message,
    });
  const render = <T>(input: NotifyInput<T>) =>
    [
      input.template,
      input.locale,
      input.params,
      { productName: input.realm.settings.productName },
      input.realm.settings.templates,
    ] as const;
  return {
    async email(executor, input) {
      const content = renderEmail(...render(input));
      return enqueue(executor, input, {
        channel: 'email',
        to: input.to,
        fromName: input.realm.settings.productName,
        subject: content.subject,
        text: content.text,
        html: content.html,
      });
    },
    async sms(executor, input) {
      return enqueue(executor, input, { channel: 'sms', to: input.to, text: renderSms(...render(input)) });
    },
    flush() {
      worker.kick();
    },
  };
}
