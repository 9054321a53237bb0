/**
 * The school search's index: one snapshot per realm (realm-snapshot.ts) in this process, kept
 * fresh by the realm's organisation version in the database.
 *
 * - `organisation_versions` holds one version per realm. Triggers on `organisations` (migration
 *   0018) set a new random version in the same transaction as every insert, every delete and
 *   every update of a name, number, region or realm — whoever writes: a store, an import, the
 *   CLI, another instance, a region deleted (which empties its organisations' region).
 * - Every search reads that version (one primary-key lookup; the school directory reads it in
 *   the same statement as the page's rows, on the snapshot held: `findHeld`). When it is not
 *   the snapshot's, the snapshot is built again (`find`): the version is read first and the
 *   rows after, so a snapshot is never older than its version says.
 * - One build at a time per realm: searches that arrive while one runs wait for it, when it
 *   started after they read the version (it then holds at least what they must see); otherwise
 *   they wait for it and start the next one. A failed build is not kept: its searches fail, and
 *   the next search builds again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  buildSnapshot,
  type RealmSnapshot,
  type SnapshotRow,
  type SnapshotSize,
  snapshotSize,
} from './realm-snapshot.js';
import { findPositions, type SnapshotQuery } from './snapshot-search.js';

/** The ids of the first `limit` matches, in (name, id) order, and the version they are of. */
export interface Found {
  readonly version: string | null;
  readonly ids: string[];
}

export interface SchoolSearchIndex {
  /** On a snapshot at least as new as the realm's version now, built first when needed. */
  find(realmId: string, query: SnapshotQuery): Promise<Found>;
  /**
   * On the snapshot held, without asking the database: the caller compares `version` with the
   * realm's (and calls `find` when they differ). Null when no snapshot is held.
   */
  findHeld(realmId: string, query: SnapshotQuery): Found | null;
  /** Snapshots built so far (tests and the benchmark watch it). */
  readonly builds: number;
  /** The realm's current snapshot's size, or null when none is held. */
  sizeOf(realmId: string): SnapshotSize | null;
}

export interface SchoolSearchIndexOptions {
  /** Reads a realm's rows in (name, id) order; tests wrap it to make a build fail. */
  readonly readRows?: (realmId: string) => Promise<SnapshotRow[]>;
}

interface Build {
  /** `ticks` when the build started, before it read the version. */
  readonly started: number;
  readonly snapshot: Promise<RealmSnapshot>;
}

export async function organisationVersion(db: Kysely<Database>, realmId: string): Promise<string | null> {
  const row = await db
    .selectFrom('organisation_versions')
    .select('version')
    .where('realm_id', '=', realmId)
    .executeTakeFirst();
  return row?.version ?? null;
}

function rowsReader(db: Kysely<Database>): (realmId: string) => Promise<SnapshotRow[]> {
  return (realmId) =>
    db
      .selectFrom('organisations')
      .select(['id', 'name', 'number', 'region_id'])
      .where('realm_id', '=', realmId)
      .orderBy('name')
      .orderBy('id')
      .execute();
}

export function schoolSearchIndex(
  db: Kysely<Database>,
  options: SchoolSearchIndexOptions = {},
): SchoolSearchIndex {
  const readRows = options.readRows ?? rowsReader(db);
  const snapshots = new Map<string, RealmSnapshot>();
  const building = new Map<string, Build>();
  /** Orders version reads and build starts within this process. */
  let ticks = 0;
  let builds = 0;

  function startBuild(realmId: string): Build {
    const started = ++ticks;
    const snapshot = (async () => {
      const version = await organisationVersion(db, realmId);
      const built = buildSnapshot(version, await readRows(realmId));
      builds++;
      snapshots.set(realmId, built);
      return built;
    })();
    const build = { started, snapshot };
    building.set(realmId, build);
    const done = (): void => {
      if (building.get(realmId) === build) building.delete(realmId);
    };
    snapshot.then(done, done);
    return build;
  }

  /** A snapshot at least as new as the version this search read. */
  async function freshSnapshot(realmId: string): Promise<RealmSnapshot> {
    const version = await organisationVersion(db, realmId);
    const read = ++ticks;
    const held = snapshots.get(realmId);
    if (held && held.version === version) return held;
    for (;;) {
      const build = building.get(realmId) ?? startBuild(realmId);
      if (build.started > read) return build.snapshot;
      // Started before this search read the version: it may miss what the version says.
      const built = await build.snapshot.catch(() => null);
      if (built && built.version === version) return built;
    }
  }

  const found = (snapshot: RealmSnapshot, query: SnapshotQuery): Found => ({
    version: snapshot.version,
    ids: findPositions(snapshot, query).map((p) => snapshot.ids[p] ?? ''),
  });

  return {
    async find(realmId, query) {
      return found(await freshSnapshot(realmId), query);
    },
    findHeld(realmId, query) {
      const held = snapshots.get(realmId);
      return held ? found(held, query) : null;
    },
    get builds() {
      return builds;
    },
    sizeOf(realmId) {
      const held = snapshots.get(realmId);
      return held ? snapshotSize(held) : null;
    },
  };
}
