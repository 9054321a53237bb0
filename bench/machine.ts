/**
 * The machine under the benchmark: what it is, and how busy other work keeps it. Someone
 * compiling or running tests on the same cores halves the figures; the benchmark says so next to
 * them (before every phase) instead of leaving it to be guessed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** Share of the machine busy with other work above which the figures are flagged. */
export const BACKGROUND_LIMIT = 0.1;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly libuvThreadpool: string;
  readonly loadAverageAtStart: number;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    libuvThreadpool: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
    loadAverageAtStart: loadavg()[0] ?? 0,
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu} × ${m.cores}, ${m.memoryGiB} GiB, Node ${m.node}, libuv pool ${m.libuvThreadpool}, 1-min load average at start ${m.loadAverageAtStart.toFixed(2)}`;
}

function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

/** How long a phase waits for other work (a database's autovacuum after the last phase) to end. */
export const SETTLE_MS = 30_000;

async function busyShare(): Promise<number> {
  const before = cpuTimes();
  await sleep(1000);
  const after = cpuTimes();
  return (after.busy - before.busy) / Math.max(1, after.total - before.total);
}

/**
 * The share of all cores busy over one second while the benchmark does nothing (servers idle, no
 * load), recorded under the phase's name and printed. While it is above BACKGROUND_LIMIT the
 * phase waits, up to SETTLE_MS: the previous phase's writes leave PostgreSQL vacuuming and
 * analysing for seconds, and a phase measured during that measures the vacuum too.
 */
export async function backgroundBusy(phase: string, samples: Record<string, number>): Promise<void> {
  const start = Date.now();
  let share = await busyShare();
  while (share > BACKGROUND_LIMIT && Date.now() - start < SETTLE_MS) share = await busyShare();
  samples[phase] = share;
  const waited =
    Date.now() - start > 1500 ? ` after waiting ${((Date.now() - start) / 1000).toFixed(0)} s` : '';
  log(
    `other load before ${phase}: ${(share * 100).toFixed(0)}% of the CPU${waited}, load average ${(loadavg()[0] ?? 0).toFixed(2)}${
      share > BACKGROUND_LIMIT ? ' — the machine is not idle, figures are low by about that share' : ''
    }`,
  );
}

/**
 * CPU time (user + system, µs) used so far by every process of this machine named `postgres`
 * that /proc lets us read: a local PostgreSQL's backends and its own workers. 0 without /proc.
 */
export function postgresCpuMicros(): number {
  let total = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes(' (postgres) ')) continue;
      const fields = (stat.split(') ')[1] ?? '').split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10_000;
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return total;
}
