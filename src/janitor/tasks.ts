/**
 * The cleanup tasks of the core tables, in one list. Each deletes one batch of rows that can no
 * longer matter, by primary key, chosen and deleted in one statement:
 *
 * - `flows`: flows that expired more than FLOW_GRACE_HOURS ago (24 h by default), so a link
 *   opened a little late still gets its "expired" page, not "unknown"; index `flows_expires`.
 * - `sessions`: sessions past their absolute expiry (`sessions_expires`), and sessions idle past
 *   their realm's limit (`sessions_realm_last_seen`). Revoked sessions are deleted when revoked.
 * - `outbox`: delivered messages after OUTBOX_SENT_RETENTION_DAYS (7), given-up ones after
 *   OUTBOX_DEAD_RETENTION_DAYS (30), counted from their creation (`outbox_created`). The retention
 *   outlives every cause that could enqueue the same idempotency key again.
 * - `throttle_counters`, `captcha_answers`: windows and answers past their expiry (their
 *   `…_expiry` indexes); `throttle_backoff`: growing-delay counters with every failure forgotten
 *   and no wait left (`throttle_backoff_expiry`).
 * - `audit_events`: only when the operator set AUDIT_RETENTION_DAYS (a year at least); by
 *   default the audit log is never pruned. See `pruneAudit`.
 */
import { HOUR, MINUTE } from '../core/clock.js';
import type { CleanupTask, Janitor } from '../core/janitor/janitor.js';
import type { Services } from '../services.js';

const DAY = 24 * HOUR;

type Deps = Pick<Services, 'db' | 'flows' | 'realms' | 'config'>;

/**
 * Each task deletes with one statement, `DELETE … WHERE key IN (SELECT key … LIMIT n)`: the batch
 * is chosen and deleted atomically, so only rows that still qualify go, and no lock is held past
 * one small statement.
 */
const deleted = (result: { numDeletedRows: bigint }): number => Number(result.numDeletedRows);

function expiredFlows({ db, flows, config }: Deps): CleanupTask {
  const grace = config.janitor.flowGraceHours * HOUR;
  return ({ now, limit }) => flows.deleteExpired(db, now - grace, limit);
}

function expiredSessions({ db }: Deps): CleanupTask {
  return async ({ now, limit }) => {
    const due = db.selectFrom('sessions').select('id').where('expires_at', '<=', now).limit(limit);
    return deleted(await db.deleteFrom('sessions').where('id', 'in', due).executeTakeFirst());
  };
}

function idleSessions({ db, realms }: Deps): CleanupTask {
  return async ({ now, limit }) => {
    let removed = 0;
    for (const realm of await realms.list()) {
      const idleSince = now - realm.settings.session.idleMinutes * MINUTE;
      const due = db
        .selectFrom('sessions')
        .select('id')
        .where('realm_id', '=', realm.id)
        .where('last_seen_at', '<', idleSince)
        .limit(limit - removed);
      const result = await db.deleteFrom('sessions').where('id', 'in', due).executeTakeFirst();
      removed += deleted(result);
      if (removed >= limit) break;
    }
    return removed;
  };
}

function oldMessages({ db }: Deps, status: 'sent' | 'dead', retentionDays: number): CleanupTask {
  return async ({ now, limit }) => {
    const due = db
      .selectFrom('outbox')
      .select('id')
      .where('created_at', '<', now - retentionDays * DAY)
      .where('status', '=', status)
      .orderBy('created_at')
      .limit(limit);
    return deleted(await db.deleteFrom('outbox').where('id', 'in', due).executeTakeFirst());
  };
}

function expiredCounters({ db }: Deps): CleanupTask {
  return async ({ now, limit }) => {
    const due = db.selectFrom('throttle_counters').select('key').where('expires_at', '<', now).limit(limit);
    return deleted(await db.deleteFrom('throttle_counters').where('key', 'in', due).executeTakeFirst());
  };
}

/**
 * Growing-delay counters with nothing left in them. A sign-in racing with the delete reads the
 * row again and starts a fresh one (database-backoff.ts compares a version on every write).
 */
export function expiredBackoffs({ db }: Pick<Deps, 'db'>): CleanupTask {
  return async ({ now, limit }) => {
    const due = await db
      .selectFrom('throttle_backoff')
      .select('key')
      .where('expires_at', '<', now)
      .limit(limit)
      .execute();
    if (due.length === 0) return 0;
    const result = await db
      .deleteFrom('throttle_backoff')
      .where(
        'key',
        'in',
        due.map((r) => r.key),
      )
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  };
}

function expiredCaptchaAnswers({ db }: Deps): CleanupTask {
  return async ({ now, limit }) => {
    const due = db.selectFrom('captcha_answers').select('nonce').where('expires_at', '<', now).limit(limit);
    return deleted(await db.deleteFrom('captcha_answers').where('nonce', 'in', due).executeTakeFirst());
  };
}

/**
 * The audit log refuses DELETE unless the deleting transaction holds a permit for events before
 * a time (migration 0008). The permit is written, used for one batch of the oldest events, and
 * removed in the same transaction, so no other transaction ever sees it.
 */
export function pruneAudit({ db }: Pick<Services, 'db'>, retentionDays: number): CleanupTask {
  return ({ now, limit }) =>
    db.transaction().execute(async (trx) => {
      const before = now - retentionDays * DAY;
      await trx.insertInto('audit_prune_permits').values({ before_at: before }).execute();
      // Ids grow with time: the oldest events come first in primary-key order.
      const due = await trx
        .selectFrom('audit_events')
        .select('id')
        .where('at', '<', before)
        .orderBy('id')
        .limit(limit)
        .execute();
      let removed = 0;
      if (due.length > 0) {
        const result = await trx
          .deleteFrom('audit_events')
          .where(
            'id',
            'in',
            due.map((r) => r.id),
          )
          .executeTakeFirst();
        removed = Number(result.numDeletedRows);
      }
      await trx.deleteFrom('audit_prune_permits').execute();
      return removed;
    });
}

/** Registers the core tables' tasks. Features with tables of their own register theirs. */
export function registerCoreTasks(janitor: Pick<Janitor, 'register'>, deps: Deps): void {
  janitor.register('flows', expiredFlows(deps));
  janitor.register('sessions.expired', expiredSessions(deps));
  janitor.register('sessions.idle', idleSessions(deps));
  janitor.register('outbox.sent', oldMessages(deps, 'sent', deps.config.janitor.outboxSentRetentionDays));
  janitor.register('outbox.dead', oldMessages(deps, 'dead', deps.config.janitor.outboxDeadRetentionDays));
  janitor.register('throttle_counters', expiredCounters(deps));
  janitor.register('throttle_backoff', expiredBackoffs(deps));
  janitor.register('captcha_answers', expiredCaptchaAnswers(deps));
  const auditDays = deps.config.janitor.auditRetentionDays;
  if (auditDays !== null) janitor.register('audit_events', pruneAudit(deps, auditDays));
}
