/**
 * How much argon2 may be out at once, and how much of it may wait.
 *
 * The service computes argon2 on threads of its own (argon2-threads.ts), one runner per core,
 * each kept a job ahead; this pool hands them out. Handing them every sign-in at once would
 * make all of them wait behind each other, with no end to how long. So this pool decides:
 *
 * - At most `concurrency` jobs are out at once. The service sets it to the threads' `inFlight`
 *   (two per runner: the one computing and the next); on its own, as in tests and the bench,
 *   `defaultArgon2Pool` gives one per core on libuv's pool. The rest wait here, in arrival order.
 * - A sign-in first asks for admission. When `concurrency + maxWaiting` are already admitted or
 *   running, it is refused at once (503 with `Retry-After`): a person told to come back in a few
 *   seconds is better off than one whose request waits behind a queue that only grows.
 *   Other argon2 work (setting a password, re-authentication) is rare and always queues.
 */
import { availableParallelism } from 'node:os';

export interface Argon2PoolOptions {
  /** argon2 computations at once. */
  readonly concurrency: number;
  /** Sign-ins allowed to wait for a free runner before new ones are refused. */
  readonly maxWaiting: number;
}

/** A sign-in's place in the queue, taken before its attempt is counted. */
export interface Admission {
  /** Runs the sign-in's argon2 work; the place is used up. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Gives the place back unused (the attempt was refused before any hashing). */
  cancel(): void;
}

export interface Argon2Pool {
  readonly concurrency: number;
  /** Queues `work` and runs it when a runner is free. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** A place for a sign-in, or null when too many are already waiting. */
  admit(): Admission | null;
  /** Seconds a refused sign-in should wait: the time to work through what is queued now. */
  retryAfterSeconds(): number;
  stats(): {
    readonly running: number;
    readonly waiting: number;
    readonly admitted: number;
    readonly done: number;
  };
}

/** One runner per core, and as many waiting as the cores get through in about a second. */
export function defaultArgon2Pool(): Argon2PoolOptions {
  const cores = availableParallelism();
  return { concurrency: cores, maxWaiting: 32 * cores };
}

export function argon2Pool(options: Argon2PoolOptions): Argon2Pool {
  const { concurrency, maxWaiting } = options;
  const queue: (() => void)[] = [];
  let running = 0;
  /** Admitted sign-ins that have not queued their work yet. */
  let admitted = 0;
  let done = 0;
  /** Moving average of one computation, for Retry-After. */
  let averageMs = 50;

  function next(): void {
    while (running < concurrency && queue.length > 0) {
      running++;
      (queue.shift() as () => void)();
    }
  }

  async function run<T>(work: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      queue.push(resolve);
      next();
    });
    const started = performance.now();
    try {
      return await work();
    } finally {
      averageMs = 0.8 * averageMs + 0.2 * (performance.now() - started);
      running--;
      done++;
      next();
    }
  }

  return {
    concurrency,
    run,
    admit() {
      if (running + queue.length + admitted >= concurrency + maxWaiting) return null;
      admitted++;
      let open = true;
      const release = (): void => {
        if (open) admitted--;
        open = false;
      };
      return {
        run(work) {
          release();
          return run(work);
        },
        cancel: release,
      };
    },
    retryAfterSeconds() {
      const ahead = running + queue.length + admitted;
      return Math.min(60, Math.max(1, Math.ceil((ahead * averageMs) / concurrency / 1000)));
    },
    stats: () => ({ running, waiting: queue.length, admitted, done }),
  };
}
