/**
 * The SQLite checkpointer's thread (checkpointer.ts): a connection of its own to the database
 * file that runs a PASSIVE checkpoint every `intervalMs` — it copies what the write-ahead log
 * holds into the database file and waits for the disk, here instead of inside a commit on the
 * service's main thread. PASSIVE never waits for a reader or a writer; a checkpoint that finds
 * another one running (another instance on the same file) is skipped until the next tick.
 *
 * A CommonJS module: a worker that starts through `require` holds less memory than one that
 * starts through the ES module loader.
 */
import workerThreads = require('node:worker_threads');
import SQLite = require('better-sqlite3');

export interface CheckpointerData {
  readonly file: string;
  readonly intervalMs: number;
}

const port = workerThreads.parentPort;
if (!port) throw new Error('checkpoint-thread runs as a worker thread');
const { file, intervalMs } = workerThreads.workerData as CheckpointerData;

const database = new SQLite(file, { fileMustExist: true });
// A checkpoint must never wait for a lock: the next tick tries again.
database.pragma('busy_timeout = 0');
const checkpoint = database.prepare('pragma wal_checkpoint(PASSIVE)');

const timer = setInterval(() => {
  try {
    checkpoint.run();
  } catch {
    // SQLITE_BUSY (another checkpoint, another instance): the next tick.
  }
}, intervalMs);

port.once('message', () => {
  clearInterval(timer);
  database.close();
  port.close();
});
