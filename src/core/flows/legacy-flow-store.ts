/**
 * The flow store from before the engine (`flow-store.ts`): flows move off it one by one.
 *
 * Flows are server-side state machines (Ory Kratos' idea): recovery, registration, contact
 * verification… Each has an id, a kind, a state, an expiry and an attempt counter, kept in the
 * database so any instance can continue it. A flow module owns its states and transitions; this
 * store only persists them.
 *
 * Rules kept here for every flow: a flow is looked up only within its realm and kind (an id from
 * one realm does nothing in another); an expired flow is never returned as live; secrets in
 * `data` are keyed hashes, never the secret itself.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, Flow } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { newId } from '../crypto/secrets.js';

export type FlowData = Readonly<Record<string, string | number | boolean | null>>;

export interface LiveFlow<D extends FlowData = FlowData> {
  readonly id: string;
  readonly realmId: string;
  readonly kind: string;
  readonly state: string;
  readonly personId: string | null;
  readonly data: D;
  readonly attempts: number;
  readonly expiresAt: number;
  readonly createdAt: number;
}

export type FlowLookup<D extends FlowData> =
  | { readonly status: 'live'; readonly flow: LiveFlow<D> }
  | { readonly status: 'expired'; readonly flow: LiveFlow<D> }
  | { readonly status: 'missing' };

type Executor = Kysely<Database> | Transaction<Database>;

export interface FlowStore {
  create<D extends FlowData>(
    executor: Executor,
    input: { realmId: string; kind: string; state: string; personId: string | null; data: D; ttlMs: number },
  ): Promise<LiveFlow<D>>;
  find<D extends FlowData>(realmId: string, kind: string, id: string): Promise<FlowLookup<D>>;
  /** Moves a flow to a new state; `expectState` guards against two requests racing. */
  transition<D extends FlowData>(
    executor: Executor,
    flow: LiveFlow<D>,
    change: { state: string; data?: D; attempts?: number; expiresAt?: number },
  ): Promise<boolean>;
  /** Sets who a flow is about, and its data, whatever its state (used right after creation). */
  assign<D extends FlowData>(
    executor: Executor,
    flowId: string,
    change: { personId: string | null; data: D },
  ): Promise<void>;
  /** Ends earlier flows of the same kind for a person (a new link voids the old one). */
  endOthers(executor: Executor, personId: string, kind: string, exceptId: string): Promise<void>;
  deleteExpired(before: number): Promise<number>;
}

const FLOW_ID = /^[A-Za-z0-9_-]{22}$/;

function toLive<D extends FlowData>(row: Flow): LiveFlow<D> {
  return {
    id: row.id,
    realmId: row.realm_id,
    kind: row.kind,
    state: row.state,
    personId: row.person_id,
    data: JSON.parse(row.data) as D,
    attempts: row.attempts,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}

export function flowStore(db: Kysely<Database>, clock: Clock): FlowStore {
  return {
    async create(executor, { realmId, kind, state, personId, data, ttlMs }) {
      const now = clock.now();
      const row: Flow = {
        id: newId(),
        realm_id: realmId,
        kind,
        state,
        person_id: personId,
        data: JSON.stringify(data),
        attempts: 0,
        version: 0,
        browser_hash: null,
        expires_at: now + ttlMs,
        created_at: now,
        updated_at: now,
      };
      await executor.insertInto('flows').values(row).execute();
      return toLive(row);
    },
    async find(realmId, kind, id) {
      if (!FLOW_ID.test(id)) return { status: 'missing' };
      const row = await db
        .selectFrom('flows')
        .selectAll()
        .where('id', '=', id)
        .where('realm_id', '=', realmId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      if (!row) return { status: 'missing' };
      const flow = toLive<never>(row);
      return clock.now() >= row.expires_at ? { status: 'expired', flow } : { status: 'live', flow };
    },
    async transition(executor, flow, change) {
      const result = await executor
        .updateTable('flows')
        .set({
          state: change.state,
          ...(change.data ? { data: JSON.stringify(change.data) } : {}),
          ...(change.attempts !== undefined ? { attempts: change.attempts } : {}),
          ...(change.expiresAt !== undefined ? { expires_at: change.expiresAt } : {}),
          updated_at: clock.now(),
        })
        .where('id', '=', flow.id)
        .where('state', '=', flow.state)
        .where('attempts', '=', flow.attempts)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async assign(executor, flowId, { personId, data }) {
      await executor
        .updateTable('flows')
        .set({ person_id: personId, data: JSON.stringify(data), updated_at: clock.now() })
        .where('id', '=', flowId)
        .execute();
    },
    async endOthers(executor, personId, kind, exceptId) {
      await executor
        .updateTable('flows')
        .set({ state: 'superseded', expires_at: clock.now(), updated_at: clock.now() })
        .where('person_id', '=', personId)
        .where('kind', '=', kind)
        .where('id', '!=', exceptId)
        .where('expires_at', '>', clock.now())
        .execute();
    },
    async deleteExpired(before) {
      const result = await db.deleteFrom('flows').where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
