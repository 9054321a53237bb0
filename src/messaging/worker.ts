/**
 * The outbox worker: claims due messages, hands them to the email transport or SMS provider,
 * records the outcome. One per process; several processes on PostgreSQL share the work without
 * duplicates (see `claimDue`). `kick()` wakes it right after an enqueue so letters leave in
 * milliseconds, while the poll interval picks up retries and other instances' rows.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { EmailTransport } from './email-transport.js';
import type { Outbox } from './outbox.js';
import type { SmsProvider } from './sms-provider.js';

export interface WorkerDeps {
  readonly outbox: Outbox;
  readonly email: EmailTransport;
  readonly sms: SmsProvider;
  readonly log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

export interface OutboxWorker {
  readonly id: string;
  /** Delivers what is due now; returns how many messages were handled. */
  runOnce(): Promise<number>;
  start(pollMs: number): void;
  kick(): void;
  stop(): Promise<void>;
}

const BATCH = 20;

export function outboxWorker(deps: WorkerDeps): OutboxWorker {
  const id = `w-${randomBytes(6).toString('hex')}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  async function deliverBatch(): Promise<number> {
    const claimed = await deps.outbox.claimDue(id, BATCH);
    for (const { row, message } of claimed) {
      if (!message) {
        await deps.outbox.markFailed(row.id, id, 'payload cannot be opened (secret changed?)', true);
        deps.log.error({ outboxId: row.id }, 'outbox payload cannot be opened');
        continue;
      }
      const result =
        message.channel === 'email'
          ? await deps.email.send({
              id: row.id,
              fromName: message.fromName,
              to: message.to,
              subject: message.subject,
              text: message.text,
              html: message.html,
            })
          : await deps.sms.send({ id: row.id, to: message.to, text: message.text });
      if (result.ok) {
        await deps.outbox.markSent(row.id, id, result.providerId);
        deps.log.info(
          { outboxId: row.id, channel: row.channel, template: row.template },
          'message delivered',
        );
      } else {
        const status = await deps.outbox.markFailed(row.id, id, result.error, result.permanent);
        deps.log.warn(
          { outboxId: row.id, channel: row.channel, error: result.error, status },
          status === 'dead' ? 'message given up' : 'message delivery failed; will retry',
        );
      }
    }
    return claimed.length;
  }

  async function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          let n: number;
          do {
            n = await deliverBatch();
            total += n;
          } while (n === BATCH && !stopped);
        } while (again && !stopped);
      } catch (err) {
        deps.log.error({ err }, 'outbox worker pass failed');
      } finally {
        running = null;
      }
      return total;
    })();
    return running;
  }

  return {
    id,
    runOnce,
    start(pollMs) {
      if (timer) return;
      timer = setInterval(() => void runOnce(), pollMs);
      timer.unref();
      void runOnce();
    },
    kick() {
      if (!stopped) void runOnce();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running;
    },
  };
}
