/** `propusk outbox list [--status S] [--limit N]` and `propusk outbox retry ID`. */
import { parseArgs } from 'node:util';
import type { Services } from '../services.js';
import { CliError } from './cli-error.js';

export async function outboxCommand(services: Services, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'list') {
    const { values } = parseArgs({
      args: rest,
      options: { status: { type: 'string' }, limit: { type: 'string' } },
      strict: true,
    });
    const status = values.status;
    if (status !== undefined && !['pending', 'sending', 'sent', 'dead'].includes(status)) {
      throw new CliError('--status must be pending, sending, sent or dead');
    }
    const limit = values.limit ? Number(values.limit) : 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new CliError('--limit must be 1..10000');
    const rows = await services.outbox.list({
      ...(status ? { status: status as 'pending' | 'sending' | 'sent' | 'dead' } : {}),
      limit,
    });
    for (const row of rows) {
      const fields = [
        row.id,
        new Date(row.created_at).toISOString(),
        row.status,
        row.channel,
        row.template,
        row.recipient,
        `attempts=${row.attempts}`,
        row.last_error ? `error=${row.last_error}` : '',
      ];
      process.stdout.write(`${fields.filter(Boolean).join('  ')}\n`);
    }
    if (rows.length === 0) process.stdout.write('The outbox is empty.\n');
    return;
  }
  if (action === 'retry') {
    const id = rest[0];
    if (!id) throw new CliError('outbox retry needs the message id');
    if (!(await services.outbox.retry(id))) {
      throw new CliError(`no pending or dead message ${id} with a payload to send`);
    }
    process.stdout.write(`${id}: due again now\n`);
    return;
  }
  throw new CliError(`unknown outbox command ${action ?? ''}`);
}
