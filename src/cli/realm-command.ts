/**
 * `propusk realm …`: realms from the operator's terminal (`realms/realm-admin.ts` does the work).
 *
 *   propusk realm create --id ID --name NAME --preset dnevnik|eljur|recycle [--settings FILE]
 *   propusk realm list
 *   propusk realm show --realm ID
 *   propusk realm set --realm ID [--name NAME] [--unset PATH …] PATH=VALUE …
 *   propusk realm export --realm ID [--out FILE]
 *   propusk realm import FILE [--id ID] [--replace]
 *
 * A VALUE is read as JSON when it is JSON (`30`, `true`, `["personal_data"]`, `"123"`), else as
 * text. Every refusal is a `RealmCommandError` listing each problem on its own line (exit code
 * 1), and nothing is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PRESET_NAMES } from '../realms/presets.js';
import {
  changeSettings,
  createRealm,
  exportRealm,
  importRealm,
  type Outcome,
} from '../realms/realm-admin.js';
import type { Services } from '../services.js';
import type { Output } from './invite-command.js';

export const REALM_USAGE = `  realm create --id ID --name NAME --preset ${PRESET_NAMES.join('|')} [--settings FILE]
                                A realm from a preset; FILE: JSON overrides of its settings.
  realm list                    The realms: id, preset, name.
  realm show --realm ID         The preset, the overrides and the resulting settings (JSON).
  realm set --realm ID [--name NAME] [--unset PATH …] PATH=VALUE …
                                Change settings, e.g. session.idleMinutes=30 recovery.captcha=pow;
                                VALUE is JSON when it parses as JSON, else text.
  realm export --realm ID [--out FILE]
                                The realm's configuration as JSON (standard output or FILE).
  realm import FILE [--id ID] [--replace]
                                Create a realm from an export; --replace overwrites an existing
                                one. Unknown keys and invalid values are refused.`;

export class RealmCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RealmCommandError';
  }
}

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  preset: { type: 'string' },
  settings: { type: 'string' },
  realm: { type: 'string' },
  unset: { type: 'string', multiple: true },
  out: { type: 'string' },
  replace: { type: 'boolean' },
} as const;

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new RealmCommandError(`refused:\n${outcome.errors.map((e) => `  ${e}`).join('\n')}`);
  return outcome.value;
}

function readFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new RealmCommandError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/** `PATH=VALUE`: the value as JSON when it parses, else as text. */
export function assignment(arg: string): readonly [string, unknown] {
  const at = arg.indexOf('=');
  if (at <= 0) throw new RealmCommandError(`${arg}: expected PATH=VALUE`);
  const text = arg.slice(at + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  return [arg.slice(0, at), value];
}

export async function realmCommand(
  services: Services,
  args: readonly string[],
  out: Output = process.stdout,
): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: [...rest],
    options: OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  const deps = { realms: services.realms, audit: services.audit };
  const realmId = (): string => {
    if (!values.realm) throw new RealmCommandError('--realm is required');
    return values.realm;
  };
  const noPositionals = (): void => {
    if (positionals.length > 0) throw new RealmCommandError(`unexpected ${positionals.join(' ')}`);
  };
  switch (action) {
    case 'create': {
      noPositionals();
      if (!values.id || values.name === undefined || !values.preset)
        throw new RealmCommandError('--id, --name and --preset are required');
      let overrides: Record<string, unknown> | undefined;
      if (values.settings) {
        try {
          overrides = JSON.parse(readFile(values.settings)) as Record<string, unknown>;
        } catch (err) {
          if (err instanceof RealmCommandError) throw err;
          throw new RealmCommandError(`${values.settings} is not JSON: ${(err as Error).message}`);
        }
      }
      const realm = unwrap(
        await createRealm(deps, {
          id: values.id,
          name: values.name,
          preset: values.preset,
          ...(overrides ? { overrides } : {}),
        }),
      );
      out.write(
        `Realm ${realm.id} «${realm.name}» created from the ${realm.preset} preset: /r/${realm.id}/\n`,
      );
      return;
    }
    case 'list': {
      noPositionals();
      for (const realm of await services.realms.list())
        out.write(`${realm.id}  ${realm.preset}  ${realm.name}\n`);
      return;
    }
    case 'show': {
      noPositionals();
      const id = realmId();
      const realm = await services.realms.find(id);
      const overrides = await services.realms.storedOverrides(id);
      if (!realm || !overrides) throw new RealmCommandError(`no realm ${id}`);
      const shown = {
        id: realm.id,
        name: realm.name,
        preset: realm.preset,
        overrides,
        settings: realm.settings,
      };
      out.write(`${JSON.stringify(shown, null, 2)}\n`);
      return;
    }
    case 'set': {
      const id = realmId();
      const set = positionals.map(assignment);
      const unset = values.unset ?? [];
      if (set.length === 0 && unset.length === 0 && values.name === undefined)
        throw new RealmCommandError('nothing to change: give PATH=VALUE, --unset PATH or --name');
      const realm = unwrap(
        await changeSettings(deps, id, {
          set,
          unset,
          ...(values.name !== undefined ? { name: values.name } : {}),
        }),
      );
      out.write(`Realm ${realm.id}: ${set.length + unset.length} setting(s) changed.\n`);
      return;
    }
    case 'export': {
      noPositionals();
      const text = `${JSON.stringify(unwrap(await exportRealm(deps, realmId())), null, 2)}\n`;
      if (values.out) writeFileSync(values.out, text, { mode: 0o600 });
      else out.write(text);
      return;
    }
    case 'import': {
      const [file, ...more] = positionals;
      if (!file || more.length > 0) throw new RealmCommandError('realm import needs exactly one FILE');
      const realm = unwrap(
        await importRealm(deps, readFile(file), {
          ...(values.id ? { id: values.id } : {}),
          replace: values.replace === true,
        }),
      );
      out.write(`Realm ${realm.id} «${realm.name}» imported (${realm.preset}).\n`);
      return;
    }
    default:
      throw new RealmCommandError(`unknown realm command ${action ?? ''}`);
  }
}
