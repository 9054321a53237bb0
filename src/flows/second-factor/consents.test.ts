/**
 * Consents as records (article 004's two consents), on SQLite and PostgreSQL: the sign-in form's
 * ticks stored once per version with the time and address and audited; a new version (the
 * realm's `consentVersions`) recorded at the next sign-in; a first factor that showed no form
 * asks on the step's consent page before anything else, refusing it without both ticks (a
 * localised 400), never a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import { BUILT_IN_CONSENT_VERSIONS } from '../../factors/consents.js';
import { continueSignin } from '../../factors/signin-step.js';
import { stepPath } from '../../factors/step-flow.js';

const OMAROV = { login: 'omarov', password: 'Steppe*Wind42' };
const BOTH = { consent_personal_data: 'on', consent_signature_liability: 'on' };

for (const dialect of DIALECTS) {
  describe(`consent records on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => h?.close());

    const person = async () => {
      const p = await h.services.people.findByLogin('recycle', 'omarov');
      assert.ok(p);
      return p;
    };
    const rows = async () =>
      h.services.db
        .selectFrom('consent_acceptances')
        .selectAll()
        .where('person_id', '=', (await person()).id)
        .orderBy('accepted_at')
        .orderBy('consent')
        .execute();

    async function signIn(ip: string) {
      const b = new Browser(h.app, { 'x-forwarded-for': ip });
      const res = await b.submit('/r/recycle/login', '/r/recycle/login', { ...OMAROV, ...BOTH });
      assert.equal(res.statusCode, 303);
      return b;
    }

    test('the ticks are recorded once per version, with time and address, and audited', async () => {
      await signIn('203.0.113.7');
      const first = await rows();
      assert.deepEqual(
        first.map((r) => [r.consent, r.version, r.ip]),
        [
          ['personal_data', BUILT_IN_CONSENT_VERSIONS.personal_data, '203.0.113.7'],
          ['signature_liability', BUILT_IN_CONSENT_VERSIONS.signature_liability, '203.0.113.7'],
        ],
      );
      assert.ok(first.every((r) => Number(r.accepted_at) === h.clock.now()));
      h.clock.advance(60_000);
      await signIn('203.0.113.8');
      assert.equal((await rows()).length, 2, 'the same versions are not recorded again');
      const audit = await h.services.audit.listForSubject((await person()).id, 50);
      assert.equal(audit.filter((e) => e.action === 'consent.accepted').length, 2);
    });

    test('a new version of one text is recorded at the next sign-in', async () => {
      const overrides = (await h.services.realms.storedOverrides('recycle')) ?? {};
      const realm = await h.services.realms.find('recycle');
      assert.ok(realm);
      await h.services.realms.update('recycle', {
        name: realm.name,
        preset: realm.preset,
        overrides: { ...overrides, consentVersions: { personal_data: '2026-12-01' } },
      });
      h.clock.advance(11_000); // past the realm cache
      await signIn('203.0.113.9');
      const now = await rows();
      assert.equal(now.length, 3);
      assert.deepEqual(
        now.filter((r) => r.version === '2026-12-01').map((r) => [r.consent, r.ip]),
        [['personal_data', '203.0.113.9']],
      );
      const audit = await h.services.audit.listForSubject((await person()).id, 50);
      assert.ok(audit.some((e) => e.action === 'consent.accepted' && e.detail.version === '2026-12-01'));
    });

    test('a sign-in that showed no consents asks for the new version on its own page', async () => {
      const realm = await h.services.realms.find('recycle');
      assert.ok(realm);
      await h.services.realms.update('recycle', {
        name: realm.name,
        preset: realm.preset,
        overrides: { consentVersions: { personal_data: '2027-01-01', signature_liability: '2027-01-01' } },
      });
      h.clock.advance(11_000);
      const fresh = await h.services.realms.find('recycle');
      assert.ok(fresh);
      const b = new Browser(h.app);
      await b.get('/r/recycle/login');
      const browserToken = 'b'.repeat(43);
      b.cookies.set('propusk_flow', browserToken);
      const started = await continueSignin(h.services, {
        realm: fresh,
        person: await person(),
        method: 'signature',
        consentsTicked: new Set(),
        meta: { ip: '198.51.100.1', userAgent: null },
        browserToken,
        returnTo: null,
      });
      assert.equal(started.kind, 'step');
      assert.ok(started.kind === 'step' && started.state === 'consents');
      const url = stepPath('recycle', started.flowId);
      const page = await b.get(url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Подтвердите согласие/);
      assert.match(page.body, /Настоящим Вы даете согласие на сбор/);
      const token = csrfTokenOf(page.body);
      const one = await b.post(`${url}/consents`, { _csrf: token, consent_personal_data: 'on' });
      assert.equal(one.statusCode, 400);
      assert.match(one.body, /Для входа требуется подтверждение обоих пунктов согласия/);
      const repeated = await b.post(`${url}/consents`, {
        _csrf: token,
        consent_personal_data: 'x'.repeat(50),
      });
      assert.equal(repeated.statusCode, 400);
      const ok = await b.post(`${url}/consents`, { _csrf: token, ...BOTH });
      assert.equal(ok.statusCode, 303);
      // recycle asks a signature for a second factor too: the enrolment comes next, no session yet.
      assert.equal(ok.headers.location, url);
      assert.equal(b.cookies.has('__Host-propusk_recycle'), false);
      assert.match((await b.get(url)).body, /totp-key/);
      // Accepted where the page was answered (this browser's address), not where the step began.
      const latest = (await rows()).filter((r) => r.version === '2027-01-01');
      assert.deepEqual(
        latest.map((r) => [r.consent, r.ip]),
        [
          ['personal_data', '127.0.0.1'],
          ['signature_liability', '127.0.0.1'],
        ].sort(),
      );
    });
  });
}
