/**
 * The outbox worker: claims due messages, hands them to the email transport or SMS provider
 * (or a job to its handler, `jobs.ts`), records the outcome. One per process; several
 * processes on PostgreSQL share the work without duplicates (see `claimDue`). `kick()` wakes it right after an enqueue so letters leave in
 * milliseconds, while the poll interval picks up retries and other instances' rows.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { OutboxRow } from '../db/schema.js';
import type { EmailTransport, SendResult } from './email-transport.js';
import type { Jobs } from './jobs.js';
import { type ClaimedMessage, LEASE_MS, type Outbox, type OutboxPayload } from './outbox.js';
import type { SmsProvider } from './sms-provider.js';

export interface WorkerDeps {
  readonly outbox: Outbox;
  readonly email: EmailTransport;
  readonly sms: SmsProvider;
  readonly log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** How often the lease of a message being sent is renewed (real time). */
  readonly renewEveryMs?: number;
  /** Runs the outbox's jobs (`jobs.ts`); without it a job waits for a worker that has it. */
  readonly jobs?: Pick<Jobs, 'run'>;
}

export interface OutboxWorker {
  readonly id: string;
  /** Delivers what is due now; returns how many messages were handled. */
  runOnce(): Promise<number>;
  start(pollMs: number): void;
  kick(): void;
  stop(): Promise<void>;
}

/**
 * Messages claimed at a time: only what is sent at once, so that a worker that dies holds back
 * one message, not a batch, for one lease.
 */
const CLAIM = 1;

export function outboxWorker(deps: WorkerDeps): OutboxWorker {
  const id = `w-${randomBytes(6).toString('hex')}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  /** Hands a message to its transport, or a job to its handler. */
  function send(row: OutboxRow, message: OutboxPayload): Promise<SendResult> {
    switch (message.channel) {
      case 'email':
        return deps.email.send({
          id: row.id,
          fromName: message.fromName,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
        });
      case 'sms':
        return deps.sms.send({ id: row.id, to: message.to, text: message.text });
      case 'job':
        return deps.jobs
          ? deps.jobs.run(message, { id: row.id, realmId: row.realm_id, locale: row.locale })
          : Promise.resolve({ ok: false, permanent: false, error: 'this worker runs no jobs' });
    }
  }

  /**
   * Renews the lease of `ids` every `renewEveryMs` until the returned function is called. One
   * renewal at a time: two in flight on two connections may commit out of order, and the older
   * one would move the lease back.
   */
  function holdLease(ids: readonly string[]): () => void {
    let renewing = false;
    const timer = setInterval(
      () => {
        if (renewing) return;
        renewing = true;
        deps.outbox
          .renew(ids, id)
          .then(
            (held) => {
              if (!held) deps.log.warn({ outboxIds: ids }, 'outbox lease lost while sending');
            },
            (err: unknown) => deps.log.warn({ err }, 'outbox lease renewal failed'),
          )
          .finally(() => {
            renewing = false;
          });
      },
      deps.renewEveryMs ?? LEASE_MS / 3,
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  async function deliver({ row, message }: ClaimedMessage): Promise<void> {
    if (!message) {
      await deps.outbox.markFailed(row.id, id, 'payload cannot be opened (secret changed?)', true);
      deps.log.error({ outboxId: row.id }, 'outbox payload cannot be opened');
      return;
    }
    const release = holdLease([row.id]);
    let result: SendResult;
    try {
      result = await send(row, message);
    } finally {
      release();
    }
    if (result.ok) {
      await deps.outbox.markSent(row.id, id, result.providerId);
      deps.log.info({ outboxId: row.id, channel: row.channel, template: row.template }, 'message delivered');
    } else {
      const status = await deps.outbox.markFailed(row.id, id, result.error, result.permanent);
      deps.log.warn(
        { outboxId: row.id, channel: row.channel, error: result.error, status },
        status === 'dead' ? 'message given up' : 'message delivery failed; will retry',
      );
    }
  }

  async function deliverBatch(): Promise<number> {
    const claimed = await deps.outbox.claimDue(id, CLAIM);
    for (const item of claimed) await deliver(item);
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
          } while (n === CLAIM && !stopped);
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
