/**
 * argon2 on threads of its own, one per runner, each kept a job ahead.
 *
 * @node-rs/argon2's async functions run on libuv's thread pool and report back through the
 * event loop of the thread that started them; the argon2 pool (argon2-pool.ts) then starts the
 * next. Under a sign-in rush the main thread is busy with requests, and a finished runner waited
 * for it: the cores stood idle 4–8 % of the time, and sign-ins reached 0.79 of raw argon2's rate.
 * Starting them from a worker of their own with nothing else to do did no better (0.80): on two
 * busy cores that worker, too, must wait for the scheduler before it starts the next.
 *
 * So each runner is a worker thread that computes synchronously, job after job, in the order
 * sent (argon2-thread.cts). The main thread keeps up to `AHEAD` jobs with each — the one it
 * computes and the next, waiting in its inbox — so a runner starts the next the moment it
 * finishes, and there are never more computations at once than runners (0.87–0.96 of raw
 * argon2 in the same measurements). libuv's pool is left to files, DNS and zlib. Each runner
 * holds about 11 MiB.
 *
 * A runner that dies (it never should) fails its jobs and is replaced at the next job. Runners
 * start at the first jobs, and hold the process open only while they have work.
 */
import { Worker } from 'node:worker_threads';
import type { Options } from '@node-rs/argon2';
import { extended } from '../extended.js';
import { reapplyHeapFlags } from '../heap.js';
import type { Argon2Job, Argon2Reply, HashJob, VerifyJob } from './argon2-thread.cjs';

/** Jobs kept with each runner: the one it computes and the one it starts next. */
export const AHEAD = 2;

export interface Argon2Threads {
  readonly runners: number;
  /** Jobs the pool may have out at once: `AHEAD` per runner. */
  readonly inFlight: number;
  hash(password: string, options: Options): Promise<string>;
  /** Rejects as @node-rs/argon2 does on a hash it cannot read. */
  verify(hash: string, password: string): Promise<boolean>;
  /** Threads started so far (a runner that died and was replaced counts twice). */
  started(): number;
  /** Stops every runner; jobs still out are rejected. */
  close(): Promise<void>;
}

interface Pending {
  resolve(value: string | boolean): void;
  reject(error: Error): void;
}

interface Runner {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

const THREAD = new URL('./argon2-thread.cjs', import.meta.url);

export function argon2Threads(runners: number): Argon2Threads {
  if (!Number.isInteger(runners) || runners < 1) throw new Error(`argon2 threads: ${runners} runners`);
  const live: Runner[] = [];
  let nextId = 1;
  let closed = false;
  let started = 0;

  const fail = (runner: Runner, error: Error): void => {
    const at = live.indexOf(runner);
    if (at >= 0) live.splice(at, 1);
    for (const job of runner.pending.values()) job.reject(error);
    runner.pending.clear();
  };

  const start = (): Runner => {
    const worker = new Worker(THREAD);
    started++;
    // Starting a worker sets V8's flags back to the command line's: the service's heap bounds
    // (core/heap.ts) are set again once it runs.
    worker.once('online', reapplyHeapFlags);
    const runner: Runner = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (reply: Argon2Reply) => {
      const job = runner.pending.get(reply.id);
      if (!job) return;
      runner.pending.delete(reply.id);
      if (runner.pending.size === 0) worker.unref();
      if (reply.ok) job.resolve(reply.value);
      else job.reject(new Error(reply.error));
    });
    worker.on('error', (err) => fail(runner, err));
    worker.on('exit', (code) =>
      fail(
        runner,
        new Error(closed ? 'argon2 threads are closed' : `argon2 thread stopped (exit code ${code})`),
      ),
    );
    live.push(runner);
    return runner;
  };

  /** The runner with the fewest jobs; a new one while one is busy and there are fewer than `runners`. */
  const pick = (): Runner => {
    let best: Runner | undefined;
    for (const runner of live) {
      if (!best || runner.pending.size < best.pending.size) best = runner;
    }
    if (!best || (best.pending.size > 0 && live.length < runners)) return start();
    return best;
  };

  const send = <T extends string | boolean>(job: HashJob | VerifyJob): Promise<T> => {
    if (closed) return Promise.reject(new Error('argon2 threads are closed'));
    const runner = pick();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      if (runner.pending.size === 0) runner.worker.ref();
      runner.pending.set(id, { resolve: resolve as (value: string | boolean) => void, reject });
      const message: Argon2Job = extended(job, { id });
      runner.worker.postMessage(message);
    });
  };

  return {
    runners,
    inFlight: runners * AHEAD,
    hash: (password, options) => send<string>({ kind: 'hash', password, options }),
    verify: (hash, password) => send<boolean>({ kind: 'verify', hash, password }),
    started: () => started,
    async close() {
      closed = true;
      const stopping = live.splice(0).map(async (runner) => {
        await runner.worker.terminate();
        fail(runner, new Error('argon2 threads are closed'));
      });
      await Promise.all(stopping);
    },
  };
}
