/**
 * The cleanup tasks of the school's side: access-help requests past their expiry (90 days
 * open, 30 days after closing: the personal data they hold goes with them) and roster imports
 * a day after their dry run (the rows they hold).
 */
import type { Kysely } from 'kysely';
import type { Janitor } from '../core/janitor/janitor.js';
import type { Database } from '../db/schema.js';
import { expiredHelpRequests } from '../help-requests/store.js';

export function registerSchoolTasks(janitor: Janitor, db: Kysely<Database>): void {
  janitor.register('help_requests', expiredHelpRequests(db));
  janitor.register('roster_imports', async ({ now, limit }) => {
    const due = db.selectFrom('roster_imports').select('id').where('expires_at', '<', now).limit(limit);
    const result = await db.deleteFrom('roster_imports').where('id', 'in', due).executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}
