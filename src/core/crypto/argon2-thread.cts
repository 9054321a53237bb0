/**
 * One argon2 runner (argon2-threads.ts): computes each job it is sent, synchronously, in the
 * order sent, and answers with its id. The main thread keeps a job waiting in this thread's
 * inbox behind the one it computes, so the runner goes from one to the next itself, without
 * waiting for the main thread or for the scheduler to run another thread that would start it.
 *
 * A CommonJS module: a worker that starts through the ES module loader holds about 6 MiB more
 * than one that starts through `require`, and the service keeps one per core.
 */
import workerThreads = require('node:worker_threads');
import argon2 = require('@node-rs/argon2');

export interface HashJob {
  readonly kind: 'hash';
  readonly password: string;
  readonly options: argon2.Options;
}
export interface VerifyJob {
  readonly kind: 'verify';
  readonly hash: string;
  readonly password: string;
}
export type Argon2Job = (HashJob | VerifyJob) & { readonly id: number };

export type Argon2Reply =
  | { readonly id: number; readonly ok: true; readonly value: string | boolean }
  | { readonly id: number; readonly ok: false; readonly error: string };

const port = workerThreads.parentPort;
if (!port) throw new Error('argon2-thread runs as a worker thread');

port.on('message', (job: Argon2Job) => {
  let reply: Argon2Reply;
  try {
    reply =
      job.kind === 'hash'
        ? { id: job.id, ok: true, value: argon2.hashSync(job.password, job.options) }
        : { id: job.id, ok: true, value: argon2.verifySync(job.hash, job.password) };
  } catch (err) {
    reply = { id: job.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
