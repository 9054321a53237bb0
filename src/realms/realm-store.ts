/**
 * Realms are read on almost every request and change rarely, so they are cached per process
 * for a few seconds; a change made by the CLI or another instance is seen after at most
 * `CACHE_MS`.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { isPresetName, type PresetName, type RealmSettings, resolveSettings } from './presets.js';

export interface LoadedRealm {
  readonly id: string;
  readonly name: string;
  readonly preset: PresetName;
  readonly settings: RealmSettings;
}

const CACHE_MS = 10_000;

export interface RealmStore {
  find(id: string): Promise<LoadedRealm | null>;
  /**
   * The realm from the cache without waiting: `undefined` when the cache is stale and `find`
   * must load it. Lets the per-request hook skip a promise on almost every request.
   */
  cached(id: string): LoadedRealm | null | undefined;
  list(): Promise<LoadedRealm[]>;
  create(input: { id: string; name: string; preset: PresetName; overrides?: unknown }): Promise<LoadedRealm>;
  /** The overrides as stored (JSON), or null when there is no such realm. */
  storedOverrides(id: string): Promise<Record<string, unknown> | null>;
  /** Replaces a realm's name, preset and overrides (validated first; throws when invalid). */
  update(id: string, input: { name: string; preset: PresetName; overrides: unknown }): Promise<LoadedRealm>;
}

export const REALM_ID = /^[a-z][a-z0-9-]{1,39}$/;

export function realmStore(db: Kysely<Database>, clock: Clock): RealmStore {
  let cache: { at: number; realms: Map<string, LoadedRealm> } | null = null;

  async function load(): Promise<Map<string, LoadedRealm>> {
    if (cache && clock.now() - cache.at < CACHE_MS) return cache.realms;
    const rows = await db.selectFrom('realms').selectAll().orderBy('id').execute();
    const realms = new Map<string, LoadedRealm>();
    for (const row of rows) {
      if (!isPresetName(row.preset)) throw new Error(`realm ${row.id}: unknown preset ${row.preset}`);
      const resolved = resolveSettings(row.preset, JSON.parse(row.settings) as unknown);
      if (!resolved.ok) throw new Error(`realm ${row.id}: ${resolved.errors.join('; ')}`);
      realms.set(row.id, { id: row.id, name: row.name, preset: row.preset, settings: resolved.settings });
    }
    cache = { at: clock.now(), realms };
    return realms;
  }

  return {
    async find(id) {
      if (!REALM_ID.test(id)) return null;
      return (await load()).get(id) ?? null;
    },
    cached(id) {
      if (!REALM_ID.test(id)) return null;
      if (!cache || clock.now() - cache.at >= CACHE_MS) return undefined;
      return cache.realms.get(id) ?? null;
    },
    async list() {
      return [...(await load()).values()];
    },
    async create({ id, name, preset, overrides }) {
      if (!REALM_ID.test(id)) throw new Error(`invalid realm id ${id}`);
      const resolved = resolveSettings(preset, overrides ?? {});
      if (!resolved.ok) throw new Error(`realm ${id}: ${resolved.errors.join('; ')}`);
      await db
        .insertInto('realms')
        .values({ id, name, preset, settings: JSON.stringify(overrides ?? {}), created_at: clock.now() })
        .execute();
      cache = null;
      return { id, name, preset, settings: resolved.settings };
    },
    async storedOverrides(id) {
      const row = await db.selectFrom('realms').select('settings').where('id', '=', id).executeTakeFirst();
      return row ? (JSON.parse(row.settings) as Record<string, unknown>) : null;
    },
    async update(id, { name, preset, overrides }) {
      const resolved = resolveSettings(preset, overrides);
      if (!resolved.ok) throw new Error(`realm ${id}: ${resolved.errors.join('; ')}`);
      await db
        .updateTable('realms')
        .set({ name, preset, settings: JSON.stringify(overrides) })
        .where('id', '=', id)
        .execute();
      cache = null;
      return { id, name, preset, settings: resolved.settings };
    },
  };
}
