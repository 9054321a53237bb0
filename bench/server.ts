/**
 * A server for the benchmark, run as a child process of `run.js` so that the server and the
 * load generator have separate event loops (as they would on separate machines; here they still
 * share the CPU cores).
 *
 *   node dist/bench/server.js app [sqlite|postgres] [database]
 *        the real app: createServices + buildApp, default argon2. Without `database`: a SQLite
 *        temp file or a PostgreSQL schema of its own (BENCH_DATABASE_URL / TEST_DATABASE_URL),
 *        migrated and seeded with the demo realms, removed on exit. With it: that SQLite file or
 *        PostgreSQL schema, already migrated and seeded by the caller, left as it is.
 *   node dist/bench/server.js bare [sqlite|postgres]
 *        the floor: a minimal Fastify route doing one indexed lookup, in SQLite (the app's pragmas)
 *        or in PostgreSQL (the app's driver and pool settings, a schema of its own dropped on exit)
 *   node dist/bench/server.js better-auth
 *        better-auth's password-reset request on SQLite, for comparison (better-auth-server.ts)
 *
 * It listens on 127.0.0.1 on a free port, reports the port over IPC, and exits on SIGTERM or
 * when the parent goes away, removing its temp directory.
 *
 * Like `propusk` (src/cli/main.ts), it sets V8's heap flags before it loads anything else, so
 * the app runs here with the heap it has in production; the floor runs with the same flags.
 */
import { boundHeap } from '../src/core/heap.js';

boundHeap();
await import('./server-main.js');
