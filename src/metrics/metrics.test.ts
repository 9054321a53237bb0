/**
 * `/metrics` on SQLite and PostgreSQL: 404 without METRICS_TOKEN; 401 without or with a wrong
 * token; with it, Prometheus text where real sign-ins, a recovery step, throttle refusals, the
 * SMS caps, the outbox and request latencies show up as they happen, and the event-loop lag is
 * there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { Browser, type Harness, startHarness, testConfig } from '../../test/support/harness.js';
import { loadConfig } from '../config/config.js';

const METRICS_TOKEN = 'metrics-token-0123456789-abcdefghijklmnop';

/** The value of one sample (`name{labels}` exactly as written), or null when absent. */
function sample(text: string, series: string): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return null;
}

for (const dialect of DIALECTS) {
  describe(`/metrics on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let plain: Harness;
    before(async () => {
      h = await startHarness(dialect.name, { config: { METRICS_TOKEN } });
      plain = await startHarness(dialect.name, { seed: false });
    });
    after(async () => {
      await h?.close();
      await plain?.close();
    });

    const scrape = async (): Promise<string> => {
      const res = await h.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      return res.body;
    };

    test('no METRICS_TOKEN: no metrics at all', async () => {
      assert.equal(plain.services.metrics, null);
      const res = await plain.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      assert.equal(res.statusCode, 404);
    });

    test('without the token, or with a wrong one: 401, and nothing measured leaks', async () => {
      for (const authorization of [
        undefined,
        '',
        'Bearer',
        `Bearer ${METRICS_TOKEN}x`,
        `Basic ${METRICS_TOKEN}`,
        `Bearer ${'x'.repeat(300)}`,
      ]) {
        const res = await h.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: authorization === undefined ? {} : { authorization },
        });
        assert.equal(res.statusCode, 401, String(authorization));
        assert.equal(res.headers['www-authenticate'], 'Bearer realm="metrics"');
        assert.doesNotMatch(res.body, /propusk_|nodejs_/);
      }
    });

    test('sign-ins, recoveries, throttles, SMS, outbox and latency are counted as they happen', async () => {
      const before = await scrape();
      const success = 'propusk_signins_total{method="password",outcome="success"}';
      const failure = 'propusk_signins_total{method="password",outcome="failure"}';
      const b = new Browser(h.app);
      await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'ekaterinavolkov',
        password: 'Zvezda-4815',
      });
      await new Browser(h.app).submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'ekaterinavolkov',
        password: 'wrong-one-1',
      });
      assert.equal((await b.get('/r/dnevnik/whoami')).statusCode, 200);
      await h.services.audit.append({ realmId: 'dnevnik', action: 'recovery.requested' });

      const limiter = h.services.limiters.limiter({ name: 'metrics-test', points: 1, windowSeconds: 60 });
      await limiter.hit('k');
      await limiter.hit('k');
      await limiter.hit('k');
      const caps = h.services.config.smsCaps;
      for (let i = 0; i <= caps.perPhonePerHour; i++)
        await h.services.smsBudget.reserve({ realmId: 'dnevnik', phone: '+79990001122', ip: '198.51.100.1' });
      await h.services.outbox.enqueue(h.services.db, {
        realmId: 'dnevnik',
        template: 'test',
        locale: 'ru',
        idempotencyKey: 'metrics-test',
        message: { channel: 'sms', to: '+79990001122', text: 'x' },
      });
      h.clock.advance(90_000);

      const after = await scrape();
      assert.equal((sample(after, success) ?? 0) - (sample(before, success) ?? 0), 1);
      assert.equal((sample(after, failure) ?? 0) - (sample(before, failure) ?? 0), 1);
      assert.equal(sample(after, 'propusk_recoveries_total{event="requested"}'), 1);
      assert.equal(sample(after, 'propusk_throttle_hits_total{limiter="metrics-test"}'), 2);
      assert.equal(sample(after, 'propusk_throttle_hits_total{limiter="sms-phone"}'), 1);
      assert.equal(sample(after, 'propusk_sms_spent_today{realm="dnevnik"}'), caps.perPhonePerHour);
      assert.equal(sample(after, 'propusk_sms_cap_per_day'), caps.perRealmPerDay);
      assert.ok((sample(after, 'propusk_outbox_depth{channel="sms"}') ?? 0) >= 1);
      assert.ok((sample(after, 'propusk_outbox_oldest_age_seconds{channel="sms"}') ?? 0) >= 90);
      assert.ok(
        (sample(
          after,
          'propusk_http_request_duration_seconds_count{route="/r/:realm/whoami",method="GET",status="2xx"}',
        ) ?? 0) >= 1,
      );
      assert.ok(
        (sample(
          after,
          'propusk_http_request_duration_seconds_count{route="/r/:realm/login",method="POST",status="3xx"}',
        ) ?? 0) >= 1,
      );
      assert.ok(sample(after, 'nodejs_eventloop_lag_seconds') !== null);
      assert.ok(sample(after, 'nodejs_eventloop_lag_p99_seconds') !== null);
      assert.ok(!after.includes('ekaterinavolkov'), 'no login in any label');
    });
  });
}

test('METRICS_TOKEN must be long enough', () => {
  const result = loadConfig({}, { PROPUSK_SECRET: 'x'.repeat(40), METRICS_TOKEN: 'short' });
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.errors.join('\n'), /METRICS_TOKEN: must be at least 32 characters/);
  assert.equal(testConfig({ METRICS_TOKEN }).metricsToken, METRICS_TOKEN);
  assert.equal(testConfig().metricsToken, null);
});
