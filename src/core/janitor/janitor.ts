/**
 * The janitor: a registry of cleanup tasks run in small batches, by `serve` on an interval and
 * by `propusk janitor` from cron.
 *
 * A task removes at most `limit` rows per call, in one short statement (or two: find the keys,
 * then delete exactly those keys if they still qualify), and says how many it removed. The
 * janitor calls it again while it returns a full batch, up to `maxBatchesPerRun`, and yields to
 * the event loop between batches: no statement holds a lock for long, and a backlog is worked
 * off over several runs rather than in one long one.
 *
 * Features add their own tables' cleanup with `register(name, task)`; the tasks of the core
 * tables are listed in `janitor/tasks.ts`.
 */
import type { Clock } from '../clock.js';

export interface CleanupContext {
  /** The time the run started (the clock's now), the same for every batch of the run. */
  readonly now: number;
  /** At most this many rows per call. */
  readonly limit: number;
}

/** Removes at most `limit` rows that are due at `now`; returns how many it removed. */
export type CleanupTask = (context: CleanupContext) => Promise<number>;

export interface JanitorLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface Janitor {
  register(name: string, task: CleanupTask): void;
  /** The registered task names, in the order they run. */
  names(): string[];
  /** Runs every task once (each in batches); rows removed per task. A failing task is logged. */
  runOnce(): Promise<Record<string, number>>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export interface JanitorOptions {
  readonly batchSize?: number;
  readonly maxBatchesPerRun?: number;
}

export const JANITOR_BATCH = 500;
const MAX_BATCHES_PER_RUN = 200;

export function createJanitor(clock: Clock, log: JanitorLog, options: JanitorOptions = {}): Janitor {
  const tasks = new Map<string, CleanupTask>();
  const limit = options.batchSize ?? JANITOR_BATCH;
  const maxBatches = options.maxBatchesPerRun ?? MAX_BATCHES_PER_RUN;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<Record<string, number>> | null = null;
  let stopped = false;

  async function runTask(task: CleanupTask, now: number): Promise<number> {
    let removed = 0;
    for (let batch = 0; batch < maxBatches && !stopped; batch++) {
      const n = await task({ now, limit });
      removed += n;
      if (n < limit) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return removed;
  }

  async function pass(): Promise<Record<string, number>> {
    const now = clock.now();
    const removed: Record<string, number> = {};
    for (const [name, task] of tasks) {
      try {
        removed[name] = await runTask(task, now);
      } catch (err) {
        removed[name] = 0;
        log.error({ err, task: name }, 'janitor task failed');
      }
    }
    const total = Object.values(removed).reduce((a, b) => a + b, 0);
    if (total > 0) log.info({ removed }, 'janitor removed expired rows');
    return removed;
  }

  function runOnce(): Promise<Record<string, number>> {
    if (running) return running;
    running = pass().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    register(name, task) {
      if (tasks.has(name)) throw new Error(`janitor task ${name} is registered twice`);
      tasks.set(name, task);
    },
    names: () => [...tasks.keys()],
    runOnce,
    start(intervalMs) {
      if (timer || intervalMs <= 0) return;
      stopped = false;
      timer = setInterval(() => void runOnce(), intervalMs);
      timer.unref();
      void runOnce();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running;
    },
  };
}
