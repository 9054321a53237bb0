/**
 * Work that follows a response instead of delaying it. Recovery uses it so that the answer to
 * "send me a link" takes the same time whether or not anyone was found: the lookup and the
 * letter happen after the reply. Failures are logged, never lost silently; tests wait for
 * `idle()` before reading the outbox.
 */
import type { Logger } from 'pino';

export interface BackgroundTasks {
  run(name: string, task: () => Promise<void>): void;
  /** Resolves when every task started so far has finished. */
  idle(): Promise<void>;
}

export function backgroundTasks(logger: Pick<Logger, 'error'>): BackgroundTasks {
  const pending = new Set<Promise<void>>();
  return {
    run(name, task) {
      const promise: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch((err: unknown) => logger.error({ err, task: name }, 'background task failed'))
        .finally(() => pending.delete(promise));
      pending.add(promise);
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
