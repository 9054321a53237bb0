/**
 * `propusk realm create|list|show|set|export|import` (as `realmCommand`), on SQLite and
 * PostgreSQL: a realm from a preset with overrides, settings changed and unset by path, every
 * invalid change refused with the path named and nothing written, and the round trip — export
 * from one database, import into a fresh one — giving the same settings. Each change is audited.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Captured } from '../../test/support/captured-output.js';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { RealmCommandError, realmCommand } from '../cli/realm-command.js';
import { PRESETS } from './presets.js';

for (const dialect of DIALECTS) {
  describe(`propusk realm on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let fresh: Harness;
    let dir: string;
    before(async () => {
      h = await startHarness(dialect.name);
      fresh = await startHarness(dialect.name, { seed: false });
      dir = mkdtempSync(join(tmpdir(), 'propusk-realm-'));
    });
    after(async () => {
      await h?.close();
      await fresh?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function run(on: Harness, ...args: string[]): Promise<string> {
      const out = new Captured();
      await realmCommand(on.services, args, out);
      return out.text;
    }

    async function refused(on: Harness, args: string[], ...messages: RegExp[]): Promise<void> {
      await assert.rejects(run(on, ...args), (err: unknown) => {
        assert.ok(err instanceof RealmCommandError, String(err));
        for (const m of messages) assert.match(err.message, m);
        return true;
      });
    }

    test('create from a preset with overrides; show gives the preset, overrides and settings', async () => {
      const file = join(dir, 'overrides.json');
      writeFileSync(file, JSON.stringify({ productName: 'Школа онлайн', session: { idleMinutes: 45 } }));
      assert.match(
        await run(
          h,
          'create',
          '--id',
          'school-online',
          '--name',
          'Школа онлайн',
          '--preset',
          'eljur',
          '--settings',
          file,
        ),
        /created from the eljur preset/,
      );
      const shown = JSON.parse(await run(h, 'show', '--realm', 'school-online')) as {
        preset: string;
        overrides: Record<string, unknown>;
        settings: typeof PRESETS.eljur;
      };
      assert.equal(shown.preset, 'eljur');
      assert.deepEqual(shown.overrides, { productName: 'Школа онлайн', session: { idleMinutes: 45 } });
      assert.equal(shown.settings.session.idleMinutes, 45);
      assert.equal(shown.settings.session.absoluteHours, PRESETS.eljur.session.absoluteHours);
      assert.equal(shown.settings.registrationByCode, true);
      assert.match(await run(h, 'list'), /school-online {2}eljur {2}Школа онлайн/);
      const realm = await h.services.realms.find('school-online');
      assert.equal(realm?.settings.productName, 'Школа онлайн');
      const events = await h.services.audit.listForRealm('school-online');
      assert.deepEqual(
        events.map((e) => e.action),
        ['realm.created'],
      );
    });

    test('create refuses a bad id, an unknown preset, invalid or unknown settings, an existing realm', async () => {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ session: { idle: 5, idleMinutes: 1 }, colour: 'red' }));
      await refused(h, ['create', '--id', 'X', '--name', 'x', '--preset', 'eljur'], /id: X must be/);
      await refused(
        h,
        ['create', '--id', 'abc', '--name', 'x', '--preset', 'moodle'],
        /preset: moodle is not one of/,
      );
      await refused(
        h,
        ['create', '--id', 'abc', '--name', '  ', '--preset', 'eljur'],
        /name: must not be empty/,
      );
      await refused(
        h,
        ['create', '--id', 'abc', '--name', 'x', '--preset', 'eljur', '--settings', bad],
        /settings\.session\.idle: unknown setting/,
        /settings\.colour: unknown setting/,
      );
      await refused(h, ['create', '--id', 'dnevnik', '--name', 'x', '--preset', 'eljur'], /already exists/);
      await refused(
        h,
        ['create', '--id', 'abc', '--name', 'x', '--preset', 'eljur', '--settings', join(dir, 'none')],
        /cannot read/,
      );
      assert.equal(await h.services.realms.find('abc'), null);
    });

    test('set changes settings by path and unset returns to the preset; invalid changes write nothing', async () => {
      await run(
        h,
        'set',
        '--realm',
        'school-online',
        'recovery.captcha=pow',
        'session.absoluteHours=10',
        'signinConsents=["personal_data"]',
      );
      let realm = await h.services.realms.find('school-online');
      assert.equal(realm?.settings.recovery.captcha, 'pow');
      assert.equal(realm?.settings.session.absoluteHours, 10);
      assert.deepEqual(realm?.settings.signinConsents, ['personal_data']);
      await run(
        h,
        'set',
        '--realm',
        'school-online',
        '--unset',
        'session.idleMinutes',
        '--name',
        'Школа онлайн 2',
      );
      realm = await h.services.realms.find('school-online');
      assert.equal(realm?.settings.session.idleMinutes, PRESETS.eljur.session.idleMinutes);
      assert.equal(realm?.settings.session.absoluteHours, 10);
      assert.equal(realm?.name, 'Школа онлайн 2');
      const before = await h.services.realms.storedOverrides('school-online');
      await refused(
        h,
        ['set', '--realm', 'school-online', 'session.idleMinutes=2'],
        /settings\.session\.idleMinutes: /,
      );
      await refused(
        h,
        ['set', '--realm', 'school-online', 'recovery.captcha=sometimes'],
        /settings\.recovery\.captcha: /,
      );
      await refused(h, ['set', '--realm', 'school-online', 'session.idleMinutes="60"'], /expected number/);
      await refused(
        h,
        ['set', '--realm', 'school-online', 'session.colour=1'],
        /settings\.session\.colour: unknown setting/,
      );
      await refused(h, ['set', '--realm', 'school-online', '__proto__.polluted=1'], /not a setting path/);
      await refused(
        h,
        ['set', '--realm', 'school-online', 'passwordPolicy.rejectCommon=false'],
        /rejectCommon/,
      );
      await refused(h, ['set', '--realm', 'school-online', 'novalue'], /expected PATH=VALUE/);
      await refused(h, ['set', '--realm', 'school-online'], /nothing to change/);
      await refused(h, ['set', '--realm', 'nowhere', 'a=1'], /no realm nowhere/);
      assert.deepEqual(await h.services.realms.storedOverrides('school-online'), before);
      const actions = (await h.services.audit.listForRealm('school-online')).map((e) => e.action);
      assert.deepEqual(actions, ['realm.settings_changed', 'realm.settings_changed', 'realm.created']);
    });

    test('export, then import into a fresh database: the same settings', async () => {
      const file = join(dir, 'export.json');
      await run(h, 'export', '--realm', 'school-online', '--out', file);
      const exported = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      assert.equal(exported.format, 'propusk-realm');
      assert.match(await run(fresh, 'import', file), /imported/);
      const original = await h.services.realms.find('school-online');
      const copy = await fresh.services.realms.find('school-online');
      assert.deepEqual(copy, original);
      for (const id of ['dnevnik', 'eljur', 'recycle']) {
        const out = join(dir, `${id}.json`);
        await run(h, 'export', '--realm', id, '--out', out);
        await run(fresh, 'import', out);
        assert.deepEqual(await fresh.services.realms.find(id), await h.services.realms.find(id), id);
      }
      assert.deepEqual(
        (await fresh.services.audit.listForRealm('school-online')).map((e) => e.action),
        ['realm.imported'],
      );
      await refused(fresh, ['import', file], /already exists \(--replace/);
      await run(h, 'set', '--realm', 'school-online', 'session.absoluteHours=11');
      await run(h, 'export', '--realm', 'school-online', '--out', file);
      await run(fresh, 'import', file, '--replace');
      assert.equal((await fresh.services.realms.find('school-online'))?.settings.session.absoluteHours, 11);
      await run(fresh, 'import', file, '--id', 'school-copy');
      assert.equal((await fresh.services.realms.find('school-copy'))?.settings.session.absoluteHours, 11);
    });

    test('import refuses unknown keys, other formats and invalid values, each named, and writes nothing', async () => {
      const valid = JSON.parse(await run(h, 'export', '--realm', 'eljur')) as Record<string, unknown>;
      const cases: [unknown, RegExp[]][] = [
        [{ ...valid, id: 'i1', extra: 1 }, [/extra: unknown key/]],
        [{ ...valid, id: 'i2', format: 'keycloak' }, [/format: /]],
        [{ ...valid, id: 'i3', version: 2 }, [/version: /]],
        [{ ...valid, id: 'i4', preset: 'moodle' }, [/preset: /]],
        [{ ...valid, id: 'Bad Id' }, [/id: /]],
        [
          { ...valid, id: 'i5', settings: { throttle: { login: { free: 1 } }, x: 1 } },
          [/settings\.throttle\.login\.free: /, /settings\.x: unknown setting/],
        ],
        [{ ...valid, id: 'i6', settings: [] }, [/settings: /]],
        [[], [/\(file\): /]],
        [{ ...valid, id: 'i7', name: undefined }, [/name: /]],
      ];
      for (const [content, messages] of cases) {
        const file = join(dir, 'bad-import.json');
        writeFileSync(file, JSON.stringify(content));
        await refused(fresh, ['import', file], ...messages);
      }
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{"format": "propusk-realm",');
      await refused(fresh, ['import', broken], /not JSON/);
      await refused(fresh, ['import'], /exactly one FILE/);
      const ids = (await fresh.services.realms.list()).map((r) => r.id);
      assert.ok(
        ids.every((id) => !/^i\d$/.test(id)),
        ids.join(),
      );
    });
  });
}
