/**
 * The realm requires a revocation check and neither OCSP nor the CRL answers: every signature
 * step (the sign-in and the reset's statement) says in the person's language that the check
 * could not be made and to try later, with 503 and Retry-After, audits it, and leaves the
 * challenge unspent. On SQLite and PostgreSQL, the simulator's PKI with its server stopped.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import { b64, signAs } from '../../../test/support/ncalayer.js';
import { ManualClock } from '../../core/clock.js';
import type { TestPki } from '../../ncalayer-sim/pki.js';
import { type Simulator, startSimulator } from '../../ncalayer-sim/server.js';
import { LOCALE_COOKIE } from '../../web/context.js';
import { REVOCATION_RETRY_SECONDS } from './signed-step.js';

const CONSENTS = { consent_personal_data: 'on', consent_signature_liability: 'on' };

const STEPS = [
  {
    name: 'sign-in',
    page: '/r/recycle/signature/login',
    challenge: '/r/recycle/signature/challenge',
    key: 'individual',
    fields: CONSENTS,
  },
  {
    name: 'reset',
    page: '/r/recycle/signature/reset',
    challenge: '/r/recycle/signature/reset/challenge',
    key: 'signing',
    fields: {},
  },
] as const;

for (const dialect of DIALECTS) {
  describe(`ЭЦП with the revocation sources down on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let sim: Simulator;
    let pki: TestPki;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ncalayer-'));
      sim = await startSimulator({ dir, port: 0 });
      pki = sim.pki;
      h = await startHarness(dialect.name, {
        config: { DEMO: true, NCALAYER_SIM_DIR: dir, NCALAYER_SIM_PORT: Number(new URL(sim.url).port) },
        clock: new ManualClock(Date.now()),
      });
      // The roots stay installed; OCSP and the CRL (served by the simulator) stop answering.
      await sim.close();
    });
    after(async () => {
      await h?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const step of STEPS) {
      for (const [locale, text] of [
        ['ru', 'Не удалось проверить, не отозван ли сертификат'],
        ['en', 'Could not check whether the certificate is revoked'],
        ['kk', 'Сертификаттың кері қайтарылмағанын тексеру мүмкін болмады'],
      ] as const) {
        test(`${step.name} (${locale}): 503, Retry-After, «try later», audited, the challenge kept`, async () => {
          const b = new Browser(h.app);
          b.cookies.set(LOCALE_COOKIE, locale);
          const csrf = csrfTokenOf((await b.get(step.page)).body);
          const issued = await b.post(step.challenge, { _csrf: csrf, ...step.fields });
          assert.equal(issued.statusCode, 200, issued.body);
          const { flow, data } = issued.json() as { flow: string; data: string };
          const cms = b64(signAs(pki, 'gost', step.key, Buffer.from(data, 'base64')));
          const res = await b.post(step.page, {
            _csrf: csrf,
            flow,
            cms,
            ...step.fields,
          });
          assert.equal(res.statusCode, 503, res.body.slice(0, 400));
          assert.equal(res.headers['retry-after'], String(REVOCATION_RETRY_SECONDS));
          assert.match(String(res.headers['content-type']), /text\/html/);
          assert.ok(res.body.includes(text), res.body.slice(0, 2000));
          const row = await h.services.db
            .selectFrom('flows')
            .select('state')
            .where('id', '=', flow)
            .executeTakeFirstOrThrow();
          assert.equal(row.state, 'challenged');
          const audited = await h.services.db
            .selectFrom('audit_events')
            .select('detail')
            .where('action', '=', 'signature.refused')
            .execute();
          assert.ok(audited.some((a) => String(a.detail).includes('revocation-unavailable')));
        });
      }
    }
  });
}
