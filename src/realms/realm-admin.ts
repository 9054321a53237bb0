/**
 * Realm administration for the operator (`propusk realm …`): create a realm from a preset, change
 * its settings one path at a time, and move its configuration between deployments as JSON.
 *
 * Rules:
 * - A realm stores its preset and its overrides; the settings are the preset's with the overrides
 *   applied, validated by `realmSettingsSchema` (strict: an unknown key is refused by its path,
 *   `session.idle: unknown setting`). Nothing is written unless the result is valid.
 * - A setting path is dot-separated names (`session.idleMinutes`); `unset` removes an override,
 *   so the preset's value applies again.
 * - The export is `{format: "propusk-realm", version: 1, id, name, preset, settings}` with the
 *   stored overrides as `settings`; the import refuses any other key, another format or version,
 *   and invalid settings, each problem on its own line. It creates the realm, or with `replace`
 *   overwrites an existing one's name, preset and settings. Organisations, people, clients and
 *   keys are data of the deployment and do not travel.
 * - Every change is audited: `realm.created`, `realm.settings_changed` (which paths),
 *   `realm.imported`.
 */
import { z } from 'zod';
import type { AuditLog } from '../core/audit/audit.js';
import { PRESET_NAMES, type PresetName, type RealmSettings, resolveSettings } from './presets.js';
import { type LoadedRealm, REALM_ID, type RealmStore } from './realm-store.js';

export interface RealmAdminDeps {
  readonly realms: RealmStore;
  readonly audit: AuditLog;
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: string[] };

export const EXPORT_FORMAT = 'propusk-realm';

const nameSchema = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const realmExportSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  id: z
    .string()
    .regex(REALM_ID, 'must be 2–40 lower-case letters, digits and dashes, starting with a letter'),
  name: nameSchema,
  preset: z.enum(PRESET_NAMES),
  settings: z.record(z.string(), z.unknown()),
});

export type RealmExport = z.infer<typeof realmExportSchema>;

type Overrides = Record<string, unknown>;

const fail = (...errors: string[]): { ok: false; errors: string[] } => ({ ok: false, errors });

function zodProblems(error: z.ZodError): string[] {
  return error.issues.flatMap((i) => {
    const at = i.path.join('.');
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${at ? `${at}.` : ''}${k}: unknown key`);
    return [`${at || '(file)'}: ${i.message}`];
  });
}

function checked(preset: PresetName, overrides: Overrides): Outcome<RealmSettings> {
  const resolved = resolveSettings(preset, overrides);
  return resolved.ok
    ? { ok: true, value: resolved.settings }
    : fail(...resolved.errors.map((e) => `settings.${e}`));
}

const SEGMENT = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** `session.idleMinutes` as segments, or null when it is not a path of names. */
export function settingPath(path: string): string[] | null {
  const segments = path.split('.');
  return segments.length <= 6 && segments.every((s) => SEGMENT.test(s)) ? segments : null;
}

function withValue(overrides: Overrides, segments: readonly string[], value: unknown): Overrides {
  const [head, ...rest] = segments;
  if (head === undefined) return overrides;
  const out: Overrides = { ...overrides };
  if (rest.length === 0) {
    if (value === undefined) delete out[head];
    else out[head] = value;
    return out;
  }
  const inner = out[head];
  const base =
    typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Overrides) : {};
  const next = withValue(base, rest, value);
  if (Object.keys(next).length === 0) delete out[head];
  else out[head] = next;
  return out;
}

export async function createRealm(
  deps: RealmAdminDeps,
  input: { id: string; name: string; preset: string; overrides?: Overrides },
): Promise<Outcome<LoadedRealm>> {
  if (!REALM_ID.test(input.id))
    return fail(`id: ${input.id} must be 2–40 lower-case letters, digits and dashes, starting with a letter`);
  const name = nameSchema.safeParse(input.name);
  if (!name.success) return fail(`name: ${name.error.issues[0]?.message ?? 'invalid'}`);
  if (!(PRESET_NAMES as readonly string[]).includes(input.preset))
    return fail(`preset: ${input.preset} is not one of ${PRESET_NAMES.join(', ')}`);
  const preset = input.preset as PresetName;
  const overrides = input.overrides ?? {};
  const settings = checked(preset, overrides);
  if (!settings.ok) return settings;
  if (await deps.realms.storedOverrides(input.id)) return fail(`id: a realm ${input.id} already exists`);
  const realm = await deps.realms.create({ id: input.id, name: name.data, preset, overrides });
  await deps.audit.append({ realmId: realm.id, action: 'realm.created', detail: { preset, via: 'cli' } });
  return { ok: true, value: realm };
}

export interface SettingsChange {
  /** Paths and their new values. */
  readonly set: readonly (readonly [string, unknown])[];
  /** Paths whose override goes (the preset's value applies again). */
  readonly unset: readonly string[];
  readonly name?: string;
  /** Who changes it, for the audit: the operator's CLI (default) or an admin API token. */
  readonly by?: { readonly via: 'api'; readonly tokenId: string };
}

export async function changeSettings(
  deps: RealmAdminDeps,
  id: string,
  change: SettingsChange,
): Promise<Outcome<LoadedRealm>> {
  const realm = await deps.realms.find(id);
  const stored = realm ? await deps.realms.storedOverrides(id) : null;
  if (!realm || !stored) return fail(`no realm ${id}`);
  const errors: string[] = [];
  let overrides: Overrides = stored;
  for (const [path, value] of change.set) {
    const segments = settingPath(path);
    if (!segments) errors.push(`${path}: not a setting path (names separated by dots)`);
    else overrides = withValue(overrides, segments, value);
  }
  for (const path of change.unset) {
    const segments = settingPath(path);
    if (!segments) errors.push(`${path}: not a setting path (names separated by dots)`);
    else overrides = withValue(overrides, segments, undefined);
  }
  let name = realm.name;
  if (change.name !== undefined) {
    const parsed = nameSchema.safeParse(change.name);
    if (parsed.success) name = parsed.data;
    else errors.push(`name: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (errors.length > 0) return fail(...errors);
  const settings = checked(realm.preset, overrides);
  if (!settings.ok) return settings;
  const updated = await deps.realms.update(id, { name, preset: realm.preset, overrides });
  await deps.audit.append({
    realmId: id,
    action: 'realm.settings_changed',
    detail: {
      set: change.set.map(([p]) => p).join(', '),
      unset: change.unset.join(', '),
      renamed: name !== realm.name,
      via: change.by?.via ?? 'cli',
      ...(change.by ? { token_id: change.by.tokenId } : {}),
    },
  });
  return { ok: true, value: updated };
}

export async function exportRealm(deps: RealmAdminDeps, id: string): Promise<Outcome<RealmExport>> {
  const realm = await deps.realms.find(id);
  const settings = realm ? await deps.realms.storedOverrides(id) : null;
  if (!realm || !settings) return fail(`no realm ${id}`);
  return {
    ok: true,
    value: {
      format: EXPORT_FORMAT,
      version: 1,
      id: realm.id,
      name: realm.name,
      preset: realm.preset,
      settings,
    },
  };
}

/** Reads an export (text), checks every part of it, then creates or (with `replace`) overwrites. */
export async function importRealm(
  deps: RealmAdminDeps,
  text: string,
  options: { readonly id?: string; readonly replace?: boolean } = {},
): Promise<Outcome<LoadedRealm>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail(`the file is not JSON: ${(err as Error).message}`);
  }
  const parsed = realmExportSchema.safeParse(json);
  if (!parsed.success) return fail(...zodProblems(parsed.error));
  const file = parsed.data;
  const id = options.id ?? file.id;
  if (!REALM_ID.test(id))
    return fail(`id: ${id} must be 2–40 lower-case letters, digits and dashes, starting with a letter`);
  const settings = checked(file.preset, file.settings);
  if (!settings.ok) return settings;
  const exists = (await deps.realms.storedOverrides(id)) !== null;
  if (exists && !options.replace)
    return fail(`id: a realm ${id} already exists (--replace overwrites its settings)`);
  const realm = exists
    ? await deps.realms.update(id, { name: file.name, preset: file.preset, overrides: file.settings })
    : await deps.realms.create({ id, name: file.name, preset: file.preset, overrides: file.settings });
  await deps.audit.append({
    realmId: id,
    action: 'realm.imported',
    detail: { preset: file.preset, from: file.id, replaced: exists, via: 'cli' },
  });
  return { ok: true, value: realm };
}
