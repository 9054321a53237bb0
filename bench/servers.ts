/**
 * The benchmark's servers (bench/server.ts) as child processes: started, asked for their memory,
 * stopped. The load generator runs in this process, so server and generator have event loops of
 * their own (they still share the cores).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DialectName } from '../src/db/connect.js';
import { isReadyMessage, type ServerMode } from './config.js';
import type { BenchClient } from './oidc.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./server.js', import.meta.url));

/** Every child still running, so a failed run can stop them all. */
export const children = new Set<ChildProcess>();

export interface Server {
  readonly baseUrl: string;
  readonly oidc: BenchClient | null;
  readonly pid: number;
  /** Resident memory now and its peak since start (or the last `resetPeak`), MiB. */
  memory(): { readonly rssMiB: number; readonly peakMiB: number };
  /** CPU time the process has used so far (user + system), µs; 0 where /proc is missing. */
  cpuMicros(): number;
  /** CPU time of its main thread (the event loop) so far, µs; 0 where /proc is missing. */
  mainThreadCpuMicros(): number;
  /** Starts the peak over (Linux: `5` to /proc/<pid>/clear_refs), so a phase measures its own. */
  resetPeak(): void;
  stop(): Promise<void>;
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * utime + stime of /proc/<pid>/stat (or of a thread's own, /proc/<pid>/task/<tid>/stat), in
 * clock ticks of 10 ms (USER_HZ is 100 on Linux).
 */
export function cpuMicrosOf(pid: number, thread?: number): number {
  try {
    const path = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const fields = (readFileSync(path, 'utf8').split(') ')[1] ?? '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}

/**
 * `mode` app or bare; an app on `dialect`, on a fresh database or on `existing` (a SQLite file
 * or a PostgreSQL schema the caller migrated and seeded).
 */
export function startServer(
  mode: ServerMode,
  dialect: DialectName = 'sqlite',
  existing?: string,
): Promise<Server> {
  const args = [mode, dialect, ...(existing === undefined ? [] : [existing])];
  const child = fork(SERVER_SCRIPT, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    children.delete(child);
  };
  const pid = child.pid ?? 0;
  return new Promise<Server>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${mode} server did not start within 120 s`));
    }, 120_000);
    child.on('message', (message: unknown) => {
      if (!isReadyMessage(message)) return;
      clearTimeout(timer);
      resolve({
        baseUrl: `http://127.0.0.1:${message.port}`,
        oidc: message.oidc ?? null,
        pid,
        cpuMicros: () => cpuMicrosOf(pid),
        // The main thread's id is the process's.
        mainThreadCpuMicros: () => cpuMicrosOf(pid, pid),
        memory: () => ({ rssMiB: statusKiB(pid, 'VmRSS') / 1024, peakMiB: statusKiB(pid, 'VmHWM') / 1024 }),
        resetPeak: () => {
          try {
            writeFileSync(`/proc/${pid}/clear_refs`, '5');
          } catch {
            // Not Linux, or not allowed: the peak then counts from the start.
          }
        },
        stop,
      });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${mode} server exited before listening (code ${code}, signal ${signal})`));
    });
  });
}

/** `name=value` of every cookie a response sets, ready for a Cookie header. */
export function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';', 1)[0] ?? '');
}
