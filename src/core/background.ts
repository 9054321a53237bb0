/**
 * Work that follows a response instead of delaying it. Recovery uses it so that the answer to
 * "send me a link" takes the same time whether or not anyone was found: the lookup and the
 * letter happen after the reply. Failures are logged, never lost silently; tests wait for
 * `idle()` before reading the outbox.
 */
import type { Logger } from 'pino';

export interface BackgroundTasks {
  /** Starts `task` after the current response; `key` lets a later request wait for it. */
  run(name: string, task: () => Promise<void>, key?: string): void;
  /** Waits for the task started under `key`, if it is still running in this process. */
  waitFor(key: string): Promise<void>;
  /** Resolves when every task started so far has finished. */
  idle(): Promise<void>;
}

export function backgroundTasks(logger: Pick<Logger, 'error'>): BackgroundTasks {
  const pending = new Set<Promise<void>>();
  const byKey = new Map<string, Promise<void>>();
  return {
    run(name, task, key) {
      const promise: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch((err: unknown) => logger.error({ err, task: name }, 'background task failed'))
        .finally(() => {
          pending.delete(promise);
          if (key !== undefined && byKey.get(key) === promise) byKey.delete(key);
        });
      pending.add(promise);
      if (key !== undefined) byKey.set(key, promise);
    },
    async waitFor(key) {
      await byKey.get(key);
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
