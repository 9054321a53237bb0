/**
 * The flow engine: persistence and the checks every flow repeats, written once.
 *
 * Flows are server-side state machines (Ory Kratos' idea) kept in the database so that any
 * instance can continue them. A flow module declares its machine (`machine.ts`); this engine
 * keeps it honest:
 *
 * - **Every write compares and bumps a version.** `move` and `update` succeed only on the
 *   version they were read at, so two requests acting on one snapshot cannot both win; the loser
 *   is told the flow moved on (`false`) and acts on nothing.
 * - **Guesses are counted in SQL, before the check.** `spendAttempt` increments the counter with
 *   the state's limit in the `WHERE` clause, so N racing guesses spend N attempts and none gets
 *   past the limit; the secret is compared only after the attempt is spent. Spending does not
 *   bump the version: a right guess racing wrong ones still moves the flow.
 * - **Moves are declared.** A move the machine does not declare is a programming error (thrown).
 * - **Loading checks, in one order:** unknown id, another realm or kind, another browser, another
 *   person, a wrong link secret → `missing` (all alike: a stranger learns nothing); then `ended`,
 *   `expired`, and a state the step does not take (`elsewhere`). A flow bound to a browser opens
 *   by its link's secret in any browser (the letter is the proof, read wherever the mail is).
 *   The first five are one lookup: the browser token's, the person's and the secret's keyed
 *   hashes are in its `WHERE`, so a flow that is not the caller's is not found, exactly as an
 *   unknown id is not, in the same time (`flow-load.timing.test.ts`): a copied flow id does
 *   not tell whether its flow is live.
 * - Secrets in `data` are keyed hashes, never the secret itself.
 */
import type { CompiledQuery, Kysely, Updateable } from 'kysely';
import { jsonTextField } from '../../db/connect.js';
import { prepared } from '../../db/prepared.js';
import type { Database, Executor, Flow as FlowRow, FlowTable } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { type KeyedHasher, newId, type SecretPurpose } from '../crypto/secrets.js';
import { extended } from '../extended.js';
import { canMove, type FlowData, type FlowMachine, isEnded } from './machine.js';

export type { Executor };

export interface Flow<S extends string, D extends FlowData> {
  readonly id: string;
  readonly realmId: string;
  readonly kind: string;
  readonly state: S;
  readonly personId: string | null;
  readonly data: D;
  /** Guesses counted in the current state. */
  readonly attempts: number;
  readonly version: number;
  readonly expiresAt: number;
  readonly createdAt: number;
}

export type FlowLoad<S extends string, D extends FlowData> =
  | { readonly kind: 'live'; readonly flow: Flow<S, D> }
  | { readonly kind: 'missing' }
  | { readonly kind: 'ended' | 'expired' | 'elsewhere'; readonly flow: Flow<S, D> };

export interface LoadOptions<S extends string, D extends FlowData> {
  /**
   * The browser's flow token: a flow bound to another browser is `missing`. Without a token, a
   * bound flow is `missing` too — unless it is loaded by its link's `secret`, which proves enough.
   */
  readonly browserToken?: string;
  /** The signed-in person: another person's flow is `missing`. */
  readonly personId?: string;
  /**
   * A link's secret: its keyed hash must be the one the flow keeps in `data[field]`, or the flow
   * is `missing` (the lookup includes it, before anything else is said).
   */
  readonly secret?: {
    readonly purpose: SecretPurpose;
    readonly value: string;
    readonly field: keyof D & string;
  };
  /** The states this step takes; a live flow in another is `elsewhere`. */
  readonly states?: readonly S[];
}

export type AttemptOutcome =
  | { readonly kind: 'counted'; readonly attempt: number; readonly remaining: number }
  | { readonly kind: 'exhausted' };

export interface StartInput<S extends string, D extends FlowData> {
  readonly realmId: string;
  readonly state: S;
  readonly personId: string | null;
  readonly data: D;
  readonly ttlMs: number;
  /** Binds the flow to this browser (see `browser.ts`). */
  readonly browserToken?: string;
}

export interface FlowEngine {
  start<S extends string, D extends FlowData>(
    executor: Executor,
    machine: FlowMachine<S, D>,
    input: StartInput<S, D>,
  ): Promise<Flow<S, D>>;
  /**
   * The same new flow as `start`, as an insert to be sent with other writes as one
   * (db/write-batch.ts). The flow exists once that batch has committed.
   */
  toStart<S extends string, D extends FlowData>(
    machine: FlowMachine<S, D>,
    input: StartInput<S, D>,
  ): { readonly flow: Flow<S, D>; readonly write: CompiledQuery };
  load<S extends string, D extends FlowData>(
    machine: FlowMachine<S, D>,
    realmId: string,
    id: string,
    options?: LoadOptions<S, D>,
  ): Promise<FlowLoad<S, D>>;
  /** Moves the flow along a declared transition. False when it changed since it was read. */
  move<S extends string, D extends FlowData>(
    executor: Executor,
    machine: FlowMachine<S, D>,
    flow: Flow<S, D>,
    to: S,
    change?: { readonly data?: Partial<D>; readonly expiresAt?: number },
  ): Promise<boolean>;
  /** Changes data or the person in the same state. False when it changed since it was read. */
  update<S extends string, D extends FlowData>(
    executor: Executor,
    flow: Flow<S, D>,
    change: { readonly data?: Partial<D>; readonly personId?: string | null },
  ): Promise<boolean>;
  /** Counts one guess in the flow's current state, before the guess is checked. */
  spendAttempt<S extends string, D extends FlowData>(
    executor: Executor,
    machine: FlowMachine<S, D>,
    flow: Flow<S, D>,
  ): Promise<AttemptOutcome>;
  /** Ends a flow whatever its version (a limit reached): moves it to `to` unless it is over. */
  end<S extends string, D extends FlowData>(
    executor: Executor,
    machine: FlowMachine<S, D>,
    flow: Flow<S, D>,
    to: S,
  ): Promise<boolean>;
  /** Ends every open flow of this kind for a person (but `exceptId`): a new link voids the old. */
  endAllOf<S extends string, D extends FlowData>(
    executor: Executor,
    machine: FlowMachine<S, D>,
    personId: string,
    to: S,
    exceptId?: string,
    /** Only flows started before this moment (a newer flow is left to supersede this one). */
    startedBefore?: number,
  ): Promise<number>;
  /** Whether the person has an open flow of this kind started after `after` (other than `exceptId`). */
  openStartedAfter<S extends string, D extends FlowData>(
    executor: Executor,
    machine: FlowMachine<S, D>,
    personId: string,
    after: number,
    exceptId: string,
  ): Promise<boolean>;
  /** Deletes up to `limit` flows that expired before `before`; returns how many. */
  deleteExpired(executor: Executor, before: number, limit: number): Promise<number>;
}

const FLOW_ID = /^[A-Za-z0-9_-]{22}$/;

/** The `data` column after merging `change` into the flow's data, or nothing when no change. */
function dataOf<D extends FlowData>(
  flow: { readonly data: D },
  change: Partial<D> | undefined,
): { data?: string } {
  return change ? { data: JSON.stringify({ ...flow.data, ...change }) } : {};
}

function toFlow<S extends string, D extends FlowData>(row: FlowRow): Flow<S, D> {
  return {
    id: row.id,
    realmId: row.realm_id,
    kind: row.kind,
    state: row.state as S,
    personId: row.person_id,
    data: JSON.parse(row.data) as D,
    attempts: row.attempts,
    version: row.version,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}

/**
 * A new flow's insert is compiled from these placeholders (db/prepared.ts); typed with every
 * column of `flows`, so a column added to the table and missing here does not compile.
 */
const FLOW_SAMPLE: Readonly<Record<keyof FlowRow, string>> = {
  id: '\u0000id',
  realm_id: '\u0000realm_id',
  kind: '\u0000kind',
  state: '\u0000state',
  person_id: '\u0000person_id',
  data: '\u0000data',
  attempts: '\u0000attempts',
  version: '\u0000version',
  browser_hash: '\u0000browser_hash',
  expires_at: '\u0000expires_at',
  created_at: '\u0000created_at',
  updated_at: '\u0000updated_at',
};

export function flowEngine(db: Kysely<Database>, clock: Clock, keyed: KeyedHasher): FlowEngine {
  const browserHash = (token: string): string => keyed.hash('flow-browser', token);
  // Every flow starts with this insert (every recovery request): compiled once, run with new
  // values (db/prepared.ts), not built by Kysely each time.
  const insertFlow = prepared<unknown, keyof FlowRow>(
    db
      .insertInto('flows')
      .values(FLOW_SAMPLE as never)
      .compile(),
    FLOW_SAMPLE,
  );

  /** Writes `set` only if the flow is still at the version it was read at, and bumps it. */
  async function writeVersioned(
    executor: Executor,
    flow: { readonly id: string; readonly version: number },
    set: Updateable<FlowTable>,
  ): Promise<boolean> {
    const result = await executor
      .updateTable('flows')
      .set(extended(set, { version: flow.version + 1, updated_at: clock.now() }))
      .where('id', '=', flow.id)
      .where('version', '=', flow.version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async function load<S extends string, D extends FlowData>(
    machine: FlowMachine<S, D>,
    realmId: string,
    id: string,
    options: LoadOptions<S, D> = {},
  ): Promise<FlowLoad<S, D>> {
    if (!FLOW_ID.test(id)) return { kind: 'missing' };
    const { browserToken, personId, secret } = options;
    // Whose flow is part of the lookup, so that another browser's, person's or link's flow is
    // not found, exactly as an unknown id is not: no row comes back, nothing is parsed or
    // compared here. Every value the database compares is a keyed hash the caller cannot make
    // without the server's key. A link's secret stands in for the browser (a letter is opened
    // wherever the person reads mail) unless a token is given.
    let query = db
      .selectFrom('flows')
      .selectAll()
      .where('id', '=', id)
      .where('realm_id', '=', realmId)
      .where('kind', '=', machine.kind);
    if (browserToken !== undefined) query = query.where('browser_hash', '=', browserHash(browserToken));
    else if (secret === undefined) query = query.where('browser_hash', 'is', null);
    if (personId !== undefined) query = query.where('person_id', '=', personId);
    if (secret)
      query = query.where(
        jsonTextField(db, 'data', secret.field),
        '=',
        keyed.hash(secret.purpose, secret.value),
      );
    const row = await query.executeTakeFirst();
    if (!row) return { kind: 'missing' };
    const flow = toFlow<S, D>(row);
    if (isEnded(machine, flow.state)) return { kind: 'ended', flow };
    if (clock.now() >= flow.expiresAt) return { kind: 'expired', flow };
    if (options.states && !options.states.includes(flow.state)) return { kind: 'elsewhere', flow };
    return { kind: 'live', flow };
  }

  function newRow<S extends string, D extends FlowData>(
    machine: FlowMachine<S, D>,
    input: StartInput<S, D>,
  ): FlowRow {
    if (!machine.states.includes(input.state)) throw new Error(`flow ${machine.kind}: unknown state`);
    const now = clock.now();
    return {
      id: newId(),
      realm_id: input.realmId,
      kind: machine.kind,
      state: input.state,
      person_id: input.personId,
      data: JSON.stringify(input.data),
      attempts: 0,
      version: 0,
      browser_hash: input.browserToken === undefined ? null : browserHash(input.browserToken),
      expires_at: now + input.ttlMs,
      created_at: now,
      updated_at: now,
    };
  }

  return {
    load,
    async start(executor, machine, input) {
      const row = newRow(machine, input);
      await executor.executeQuery(insertFlow(row));
      return toFlow(row);
    },

    toStart(machine, input) {
      const row = newRow(machine, input);
      return { flow: toFlow(row), write: insertFlow(row) };
    },

    async move(executor, machine, flow, to, change = {}) {
      if (!canMove(machine, flow.state, to))
        throw new Error(`flow ${machine.kind}: ${flow.state} → ${to} is not declared`);
      return writeVersioned(executor, flow, {
        state: to,
        ...dataOf(flow, change.data),
        ...(to !== flow.state ? { attempts: 0 } : {}),
        ...(change.expiresAt !== undefined ? { expires_at: change.expiresAt } : {}),
      });
    },

    async update(executor, flow, change) {
      return writeVersioned(executor, flow, {
        ...dataOf(flow, change.data),
        ...(change.personId !== undefined ? { person_id: change.personId } : {}),
      });
    },

    async spendAttempt(executor, machine, flow) {
      const limit = machine.attempts[flow.state];
      if (limit === undefined) throw new Error(`flow ${machine.kind}: ${flow.state} counts no attempts`);
      // The limit, the state and the expiry are in the WHERE: the database decides, atomically.
      const row = await executor
        .updateTable('flows')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: clock.now() }))
        .where('id', '=', flow.id)
        .where('state', '=', flow.state)
        .where('attempts', '<', limit)
        .where('expires_at', '>', clock.now())
        .returning('attempts')
        .executeTakeFirst();
      if (!row) return { kind: 'exhausted' };
      return { kind: 'counted', attempt: row.attempts, remaining: limit - row.attempts };
    },

    async end(executor, machine, flow, to) {
      if (!isEnded(machine, to)) throw new Error(`flow ${machine.kind}: ${to} is not an ended state`);
      const result = await executor
        .updateTable('flows')
        .set((eb) => ({ state: to, version: eb('version', '+', 1), updated_at: clock.now() }))
        .where('id', '=', flow.id)
        .where('state', 'not in', [...machine.ended])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async endAllOf(executor, machine, personId, to, exceptId, startedBefore) {
      if (!isEnded(machine, to)) throw new Error(`flow ${machine.kind}: ${to} is not an ended state`);
      let query = executor
        .updateTable('flows')
        .set((eb) => ({ state: to, version: eb('version', '+', 1), updated_at: clock.now() }))
        .where('person_id', '=', personId)
        .where('kind', '=', machine.kind)
        .where('state', 'not in', [...machine.ended])
        .where('expires_at', '>', clock.now());
      if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
      if (startedBefore !== undefined) query = query.where('created_at', '<', startedBefore);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async openStartedAfter(executor, machine, personId, after, exceptId) {
      const row = await executor
        .selectFrom('flows')
        .select('id')
        .where('person_id', '=', personId)
        .where('kind', '=', machine.kind)
        .where('state', 'not in', [...machine.ended])
        .where('expires_at', '>', clock.now())
        .where('created_at', '>', after)
        .where('id', '!=', exceptId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async deleteExpired(executor, before, limit) {
      const ids = executor.selectFrom('flows').select('id').where('expires_at', '<', before).limit(limit);
      const result = await executor.deleteFrom('flows').where('id', 'in', ids).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
