/**
 * Jobs: work the outbox worker does after a request, off the request path.
 *
 * A request whose answer must take the same time whatever it finds (recovery: whether the
 * account exists) queues one job — the same write for everyone — and answers. The work that
 * differs (rendering and queuing letters for the people found) is done later by the worker, on
 * its own schedule: nothing the request set off runs in the process right after the reply, so
 * neither that answer nor the next request is slower when somebody was found.
 *
 * A job is an outbox row (channel `job`): it inherits the outbox's guarantees — queued in the
 * caller's transaction, sealed at rest (a job may carry a link's secret), leased to one worker,
 * retried with backoff, idempotent by key. A handler must therefore be safe to run twice.
 */
import type { CompiledQuery } from 'kysely';
import type { SendResult } from './email-transport.js';
import type { EnqueueInput, Executor, JobValue, Outbox, OutgoingJob } from './outbox.js';

export type JobInput = Readonly<Record<string, JobValue>>;

export interface QueuedJob {
  readonly id: string;
  readonly realmId: string | null;
  readonly locale: string;
  readonly input: JobInput;
}

/** Does the job; `ok: false` retries it later (or gives up when `permanent`). */
export type JobHandler = (job: QueuedJob) => Promise<SendResult>;

export interface JobToQueue {
  readonly realmId: string;
  readonly name: string;
  readonly locale: string;
  readonly idempotencyKey: string;
  readonly input: JobInput;
}

export interface Jobs {
  /** Queues a job in the caller's transaction; the worker picks it up at its next pass. */
  enqueue(executor: Executor, job: JobToQueue): Promise<void>;
  /**
   * The same job as `enqueue`, as an insert to be sent with other writes as one
   * (db/write-batch.ts); its idempotency key must be new (made of an id written with it).
   */
  toEnqueue(job: JobToQueue): { readonly write: CompiledQuery };
  /** Names the handler of a kind of job (at start-up, before the worker runs). */
  register(name: string, handler: JobHandler): void;
  /** Runs a claimed job (the worker). */
  run(
    job: OutgoingJob,
    row: { readonly id: string; readonly realmId: string | null; readonly locale: string },
  ): Promise<SendResult>;
}

/** A job as the outbox keeps it: a message on the `job` channel, to nobody. */
function messageOf(job: JobToQueue): EnqueueInput {
  return {
    realmId: job.realmId,
    personId: null,
    template: job.name,
    locale: job.locale,
    idempotencyKey: job.idempotencyKey,
    message: { channel: 'job', to: '', name: job.name, input: job.input },
  };
}

export function jobs(outbox: Outbox): Jobs {
  const handlers = new Map<string, JobHandler>();
  return {
    async enqueue(executor, job) {
      await outbox.enqueue(executor, messageOf(job));
    },
    toEnqueue(job) {
      return { write: outbox.toEnqueue(messageOf(job)).write };
    },
    register(name, handler) {
      if (handlers.has(name)) throw new Error(`job ${name} has a handler already`);
      handlers.set(name, handler);
    },
    async run(job, row) {
      const handler = handlers.get(job.name);
      if (!handler) return { ok: false, permanent: false, error: `no handler for job ${job.name}` };
      try {
        return await handler({ id: row.id, realmId: row.realmId, locale: row.locale, input: job.input });
      } catch (err) {
        return { ok: false, permanent: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
