/**
 * SQLite's write-ahead log checkpoints, off the service's main thread.
 *
 * In WAL mode with `synchronous = NORMAL` a commit does not wait for the disk, but SQLite's
 * automatic checkpoint (after every 1,000 pages of log) does, inside the commit that crosses the
 * mark: it copies the log into the database file and waits for two fsyncs while the event loop
 * stands still. Measured: recovery requests at full speed on SQLite, 2,500 of them took 3.0 s
 * with automatic checkpoints and 2.0 s without; during code exchanges one insert in about 130
 * took 10–13 ms.
 *
 * So a worker thread (checkpoint-thread.cts) with a connection of its own checkpoints every half
 * second, and the main connection's automatic checkpoint is raised to 10,000 pages (about 40 MiB
 * of log): a bound, reached only if the thread falls behind or stops. When the thread stops on
 * an error, the automatic checkpoint goes back to SQLite's 1,000 pages.
 *
 * Only for a database file (not `:memory:`), and only where asked (`openDatabase`'s
 * `checkpointInBackground`): the service asks; tests that open many small databases do not.
 */
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { reapplyHeapFlags } from '../core/heap.js';
import type { CheckpointerData } from './checkpoint-thread.cjs';

const THREAD = new URL('./checkpoint-thread.cjs', import.meta.url);
export const CHECKPOINT_INTERVAL_MS = 500;
/** The main connection's automatic checkpoint while the thread runs, in pages. */
export const AUTOCHECKPOINT_BOUND = 10_000;
const SQLITE_AUTOCHECKPOINT = 1_000;

export interface Checkpointer {
  /**
   * Settles with the thread's error (or null when it ended without one) if the thread stops
   * before `close`: from then on the main connection checkpoints inside its commits again, which
   * the service logs. Never settles when the thread is closed.
   */
  readonly stopped: Promise<Error | null>;
  /** Stops the thread (after its current checkpoint) and closes its connection. */
  close(): Promise<void>;
}

export function startCheckpointer(
  database: SQLite.Database,
  file: string,
  intervalMs: number = CHECKPOINT_INTERVAL_MS,
): Checkpointer {
  const data: CheckpointerData = { file, intervalMs };
  const worker = new Worker(THREAD, { workerData: data });
  // Starting a worker sets V8's flags back to the command line's (core/heap.ts).
  worker.once('online', reapplyHeapFlags);
  // The thread never keeps the process alive: a process that ends stops it.
  worker.unref();
  database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_BOUND}`);
  let closing = false;
  let failure: Error | null = null;
  let announceStop: (error: Error | null) => void = () => undefined;
  const stopped = new Promise<Error | null>((resolve) => {
    announceStop = resolve;
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      if (!closing) {
        if (database.open) database.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT}`);
        announceStop(failure);
      }
      resolve();
    });
  });
  // An error ends the thread ('exit' follows): the main connection checkpoints again itself.
  worker.on('error', (error) => {
    failure = error;
  });
  return {
    stopped,
    async close() {
      if (closing) return exited;
      closing = true;
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
