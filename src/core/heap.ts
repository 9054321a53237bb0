/**
 * How much memory V8 may keep beyond the service's live objects.
 *
 * Left to its defaults on a machine with a few GB, V8 lets the young generation grow to two
 * 16 MiB semi-spaces (32 MiB resident once a busy minute has touched them, most of it garbage
 * between two scavenges), and lets the old generation grow up to about four times what survived
 * the last full collection before it collects again. For a service whose live heap is about
 * 40 MiB and whose every sign-in also maps 19 MiB for argon2, that headroom is most of the
 * difference between the peak and the live size. So the service asks for less:
 *
 * - `--semi-space-growth-factor=1`: the young generation keeps the size it starts with (two
 *   1 MiB semi-spaces). A request's objects still die young there; what outlives a scavenge is
 *   promoted a little sooner.
 * - `--heap-growing-percent=30`: after a full collection the old generation may grow by 30 % of
 *   what survived before the next one starts, not by up to 300 %.
 *
 * Both are read by V8 whenever it resizes a space, so `v8.setFlagsFromString` applies them in a
 * running process — but only to growth still to come: the flags must be set before the modules
 * are loaded (compiling them alone grows the young generation to its maximum). The CLI's entry
 * (`cli/main.ts`) therefore sets them first and only then imports the commands.
 *
 * On Node 24 the same flags hold the young generation at 2 MiB too, but under a busy machine V8
 * sometimes grows it past them (up to 9 MiB seen in 18 runs, with no worker started) — still far
 * below its own default there, 64–128 MiB under the same churn.
 *
 * A flag the operator gives node (`node --max-semi-space-size=… bin/propusk.js`, or NODE_OPTIONS)
 * wins: the service then leaves that part of the heap to the operator.
 */
import v8 from 'node:v8';

interface HeapFlag {
  readonly flag: string;
  /** Flags of node's or V8's that, when the operator gives any of them, leave this part alone. */
  readonly operatorFlags: readonly string[];
}

const HEAP_FLAGS: readonly HeapFlag[] = [
  {
    flag: '--semi-space-growth-factor=1',
    operatorFlags: ['--semi-space-growth-factor', '--max-semi-space-size', '--min-semi-space-size'],
  },
  { flag: '--heap-growing-percent=30', operatorFlags: ['--heap-growing-percent'] },
];

/** A flag's name as node and V8 accept it: `--max_semi_space_size` is `--max-semi-space-size`. */
function flagName(argument: string): string {
  return (argument.split('=', 1)[0] ?? '').replaceAll('_', '-');
}

/** The flags `boundHeap` sets, given node's own arguments and NODE_OPTIONS. */
export function heapFlags(execArgv: readonly string[], nodeOptions: string): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].map(flagName));
  return HEAP_FLAGS.filter((f) => !f.operatorFlags.some((name) => given.has(name))).map((f) => f.flag);
}

/** The flags `boundHeap` set, for `reapplyHeapFlags`. */
let applied: readonly string[] = [];

/** Sets the heap flags in this process (before the service's modules are loaded); returns them. */
export function boundHeap(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): string[] {
  const flags = heapFlags(execArgv, nodeOptions);
  for (const flag of flags) v8.setFlagsFromString(flag);
  applied = flags;
  return flags;
}

/**
 * Sets `boundHeap`'s flags again. A worker thread starting sets V8's flags back to node's
 * command line (they are one set for the process), after which the main thread's young
 * generation grew to 2 × 16 MiB again; whoever starts a worker calls this once it is online.
 */
export function reapplyHeapFlags(): void {
  for (const flag of applied) v8.setFlagsFromString(flag);
}
