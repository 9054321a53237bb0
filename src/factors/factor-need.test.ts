/**
 * The second-factor check every sign-in makes (`factorNeed`, one read of both factor tables), on
 * SQLite and PostgreSQL: it asks for the factor whenever the person has an authenticator app or
 * a passkey — each alone, both, a second person's not counted — and, as before, not for an app
 * whose secret no longer opens (`totp.find` finds none); without a factor only a realm that
 * requires one asks to enrol, and a passkey sign-in never asks. The password sign-in reads the
 * same probe with the person (`findForSignin`): every answer here is checked both ways.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { sealer } from '../core/crypto/sealed.js';
import { findForSignin } from '../flows/signin/lookup.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import { factorNeed } from './signin-step.js';

for (const dialect of DIALECTS) {
  describe(`the second-factor check on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let realm: LoadedRealm;
    let volkova: string;
    let sergey: string;
    before(async () => {
      h = await startHarness(dialect.name);
      const found = await h.services.realms.find('dnevnik');
      assert.ok(found);
      realm = found;
      volkova = (await h.services.people.findByLogin('dnevnik', 'ekaterinavolkov'))?.id ?? '';
      sergey = (await h.services.people.findByLogin('dnevnik', 'petrov.sergey'))?.id ?? '';
      assert.ok(volkova && sergey);
    });
    after(async () => {
      await h?.close();
    });

    const factors = () => h.services.factors;
    /** Whether the person has a factor: the probe of its own, and the one the sign-in reads. */
    const has = async (personId: string): Promise<boolean> => {
      const own = await factors().hasFactor(personId);
      const person = await h.services.people.findById('dnevnik', personId);
      assert.ok(person);
      const found = await findForSignin(h.services.db, 'dnevnik', person.login_normalized);
      assert.ok(found);
      assert.equal(found.person.id, personId);
      assert.deepEqual(found.person, person, 'the lookup reads the person as findById does');
      assert.equal(factors().hasFactorIn(found.probe), own, 'the sign-in reads the same answer');
      assert.equal(
        await factorNeed(h.services, realm, { id: personId }, 'password', found.probe),
        await factorNeed(h.services, realm, { id: personId }, 'password'),
      );
      return own;
    };
    const passkey = (personId: string, id: string) =>
      factors().passkeys.add(h.services.db, {
        id,
        realmId: 'dnevnik',
        personId,
        name: 'key',
        publicKey: new Uint8Array([1, 2, 3]),
        counter: 0,
        transports: ['internal'],
      });

    test('no factor: nothing asked where none is required, enrolment where it is', async () => {
      assert.equal(await has(volkova), false);
      assert.equal(await findForSignin(h.services.db, 'dnevnik', 'nobody.here'), null);
      assert.equal(await findForSignin(h.services.db, 'eljur', 'ekaterinavolkov'), null, 'another realm');
      assert.equal(await factorNeed(h.services, realm, { id: volkova }, 'password'), null);
      const requiring = {
        ...realm,
        settings: {
          ...realm.settings,
          secondFactor: { ...realm.settings.secondFactor, required: ['password'] },
        },
      } as LoadedRealm;
      assert.equal(await factorNeed(h.services, requiring, { id: volkova }, 'password'), 'enrol');
      assert.equal(await factorNeed(h.services, requiring, { id: volkova }, 'esia'), null);
    });

    test('an authenticator app is a factor; one whose secret does not open is not', async () => {
      assert.ok(
        await factors().totp.create(h.services.db, {
          realmId: 'dnevnik',
          personId: volkova,
          secret: 'JBSWY3DPEHPK3PXP',
          step: 1,
        }),
      );
      assert.equal(await has(volkova), true);
      assert.equal(await factorNeed(h.services, realm, { id: volkova }, 'password'), 'factor');
      assert.equal(await factorNeed(h.services, realm, { id: volkova }, 'passkey'), null);
      // Another person's app is not this one's.
      assert.equal(await has(sergey), false);

      // Sealed with another key (the secret changed): totp.find finds none, and so does the check.
      await h.services.db
        .updateTable('totp_factors')
        .set({ secret_sealed: sealer('another secret', 'totp').seal('JBSWY3DPEHPK3PXP') })
        .where('person_id', '=', volkova)
        .execute();
      assert.equal(await factors().totp.find(volkova), null);
      assert.equal(await has(volkova), false);
      assert.ok(await factors().totp.remove(h.services.db, volkova));
    });

    test('a passkey is a factor, alone or beside an app', async () => {
      assert.ok(await passkey(sergey, 'cred-sergey-1'));
      assert.equal(await has(sergey), true);
      assert.equal(await factorNeed(h.services, realm, { id: sergey }, 'password'), 'factor');
      assert.equal(await has(volkova), false);
      assert.ok(await passkey(sergey, 'cred-sergey-2'));
      assert.ok(
        await factors().totp.create(h.services.db, {
          realmId: 'dnevnik',
          personId: sergey,
          secret: 'JBSWY3DPEHPK3PXP',
          step: 1,
        }),
      );
      assert.equal(await has(sergey), true);
      assert.ok(await factors().passkeys.remove(h.services.db, sergey, 'cred-sergey-1'));
      assert.ok(await factors().passkeys.remove(h.services.db, sergey, 'cred-sergey-2'));
      assert.ok(await factors().totp.remove(h.services.db, sergey));
      assert.equal(await has(sergey), false);
    });
  });
}
