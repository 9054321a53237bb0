/**
 * A flow's machine: its states, the transitions between them declared in one place, which
 * states are over, and how many guesses each state allows. Every flow module (recovery,
 * registration, contact confirmation, …) declares one with `defineFlow` and hands it to the
 * engine (`flow-store.ts`), which refuses any move the machine does not declare.
 *
 * Example:
 *
 *   const phone = defineFlow({
 *     kind: 'phone-verification',
 *     transitions: { code_sent: ['code_sent', 'done', 'locked'], done: [], locked: [] },
 *     ended: ['done', 'locked'],
 *     attempts: { code_sent: 5 },
 *   });
 *
 * A state's attempt counter starts at zero when the flow enters it (a new stage, new guesses).
 */

/** What a flow may keep in its data: flat JSON. Secrets in it are keyed hashes, never secrets. */
export type FlowData = Readonly<Record<string, string | number | boolean | null>>;

export interface FlowMachine<S extends string, D extends FlowData> {
  readonly kind: string;
  readonly states: readonly S[];
  /** Where each state may go; a state with `[]` goes nowhere. */
  readonly transitions: { readonly [From in S]: readonly S[] };
  /** States a flow is over in: `load` reports them as `ended`; `endAll` skips them. */
  readonly ended: readonly S[];
  /** Guesses allowed in a state (codes, digits); a state not listed counts nothing. */
  readonly attempts: { readonly [In in S]?: number };
  /** Phantom: ties the machine to its data type. */
  readonly data?: D;
}

export function defineFlow<S extends string, D extends FlowData>(spec: {
  readonly kind: string;
  readonly transitions: { readonly [From in S]: readonly S[] };
  readonly ended: readonly S[];
  readonly attempts?: { readonly [In in S]?: number };
}): FlowMachine<S, D> {
  const states = Object.keys(spec.transitions) as S[];
  for (const [from, targets] of Object.entries(spec.transitions) as [S, readonly S[]][]) {
    for (const to of targets) {
      if (!states.includes(to)) throw new Error(`flow ${spec.kind}: ${from} → ${to}: unknown state`);
    }
  }
  for (const state of spec.ended) {
    if (!states.includes(state)) throw new Error(`flow ${spec.kind}: unknown ended state ${state}`);
  }
  return {
    kind: spec.kind,
    states,
    transitions: spec.transitions,
    ended: spec.ended,
    attempts: spec.attempts ?? {},
  };
}

export function canMove<S extends string>(machine: FlowMachine<S, FlowData>, from: S, to: S): boolean {
  return machine.transitions[from].includes(to);
}

export function isEnded<S extends string>(machine: FlowMachine<S, FlowData>, state: S): boolean {
  return machine.ended.includes(state);
}
