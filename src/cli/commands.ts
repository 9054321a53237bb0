/**
 * `propusk`: one CLI for operators (started by `main.ts`, which bounds V8's heap first).
 *
 *   propusk serve                 start the service (configuration from the environment)
 *   propusk migrate [--to NAME]   apply migrations (or go to NAME, or `none`)
 *   propusk demo                  migrate, seed the demo realms and serve in demo mode
 *   propusk ncalayer-sim          the NCALayer simulator (test keys, CRL, OCSP) on 127.0.0.1
 *   propusk user … (user-command.ts), outbox … (outbox-command.ts), factors reset (factors-command.ts)
 */
import { parseArgs } from 'node:util';
import { type Config, loadConfig, type RawConfig } from '../config/config.js';
import type { DatabaseHandle } from '../db/connect.js';
import { migrateOrThrow, migrateTo } from '../db/migrate.js';
import { MigrationRefused } from '../db/migration-refused.js';
import { startDemoEjournal } from '../demo/ejournal/start.js';
import { demoDirectory, seedDemo } from '../demo/seed.js';
import { startSimulator } from '../ncalayer-sim/server.js';
import { createServices } from '../services.js';
import { AUDIT_USAGE, AuditCommandError, auditCommand } from './audit-command.js';
import { CliError } from './cli-error.js';
import { configureEsia, ESIA_USAGE, EsiaStartError, esiaSimCommand, startDemoEsia } from './esia-command.js';
import { FACTORS_USAGE, FactorsCommandError, factorsCommand } from './factors-command.js';
import { IMPORT_USAGE, ImportCommandError, importCommand } from './import-command.js';
import { INVITE_USAGE, InviteCommandError, inviteCommand } from './invite-command.js';
import { clientCommand, keysCommand, OIDC_USAGE, OidcCommandError } from './oidc-command.js';
import { outboxCommand } from './outbox-command.js';
import { REALM_USAGE, RealmCommandError, realmCommand } from './realm-command.js';
import { serve } from './serve.js';
import { openChecked, requireCurrentSchema, StartupError } from './startup.js';
import { TOKEN_USAGE, TokenCommandError, tokenCommand } from './token-command.js';
import { userCommand } from './user-command.js';

const USAGE = `Usage: propusk <command> [options]

Commands:
  serve [--migrate]             Start the service (refuses a database that is not migrated;
                                --migrate applies the migrations first).
  migrate [--to NAME|none]      Apply database migrations.
  demo                          Migrate, seed demo realms and serve with DEMO=true (with the
                                NCALayer simulator on NCALAYER_SIM_PORT, 13579).
  ncalayer-sim                  Only the NCALayer simulator: WebSocket, key dialog page, CRL and
                                OCSP on 127.0.0.1:NCALAYER_SIM_PORT; test PKI in NCALAYER_SIM_DIR.
  user create --realm R --login L --last-name X --first-name Y [--middle-name Z]
              [--birth-date YYYY-MM-DD] [--email E] [--phone P] [--snils S] [--iin I]
              [--org SLUG --role ROLE [--class 6А]]
                                Create a profile; prints its temporary password once.
  user set-password --realm R --login L [--password-stdin]
                                Issue a new temporary password (printed once), or set the
                                password read from standard input.
  user block|unblock --realm R --login L
${FACTORS_USAGE}
${INVITE_USAGE}
${OIDC_USAGE}
${AUDIT_USAGE}
${IMPORT_USAGE}
${ESIA_USAGE}
${TOKEN_USAGE}
${REALM_USAGE}
  outbox list [--status pending|sending|sent|dead] [--limit N]
  outbox retry ID               Make a failed or dead message due again.
  janitor                       Delete what has expired once (flows, sessions, old letters,
                                throttle windows, captcha answers) and print how many rows; for
                                cron when JANITOR_INTERVAL_MINUTES=0 keeps serve from doing it.

Configuration comes from the environment (PORT, HOST, DATABASE_URL, REDIS_URL, BASE_URL,
PROPUSK_SECRET, DEMO, LOG_LEVEL, TRUST_PROXY, ARGON2_*) and the optional JSON file named by
PROPUSK_CONFIG.`;

function configOrExit(overrides: Partial<RawConfig> = {}): Config {
  const result = loadConfig(process.env, overrides);
  if (!result.ok) {
    process.stderr.write(
      `propusk: invalid configuration:\n${result.errors.map((e) => `  ${e}`).join('\n')}\n`,
    );
    process.exit(2);
  }
  for (const warning of result.warnings) process.stderr.write(`propusk: warning: ${warning}\n`);
  return result.config;
}

const COMMANDS = new Set([
  'serve',
  'migrate',
  'user',
  'outbox',
  'invite',
  'janitor',
  'client',
  'keys',
  'audit',
  'token',
  'realm',
  'import',
  'factors',
]);

/**
 * Opens the database named by the configuration; every command but `migrate` (and `serve
 * --migrate`, which migrates first) requires its schema to be the one this code knows.
 */
async function openFor(
  config: Config,
  migrateFirst: boolean,
  requireSchema: boolean,
  serving = false,
): Promise<DatabaseHandle> {
  // A serving process checkpoints SQLite's log from a thread of its own (db/checkpointer.ts).
  const handle = await openChecked(config.databaseUrl, { checkpointInBackground: serving });
  try {
    if (migrateFirst) await migrateOrThrow(handle);
    if (requireSchema) await requireCurrentSchema(handle, config.databaseUrl);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'demo') {
    const config = configOrExit({
      DEMO: true,
      DATABASE_URL: process.env.DATABASE_URL || 'var/demo.sqlite',
    });
    const services = await createServices(config, { handle: await openFor(config, true, true, true) });
    const created = await seedDemo(services);
    if (created.length > 0) process.stderr.write(`propusk: demo realms created: ${created.join(', ')}\n`);
    process.stderr.write(`propusk: demo at ${config.baseUrl}/\n`);
    // The demo e-journal: applications that sign in through each realm, on the next port.
    const ejournal = await startDemoEjournal(services, { host: config.host, port: config.port + 1 });
    process.stderr.write(`propusk: demo e-journal at ${ejournal.url}/\n`);
    // The ESIA simulator (Gosuslugi) on the port after, the demo realms signed in through it.
    const esia = await startDemoEsia(services, config, config.port + 2);
    if (esia) process.stderr.write(`propusk: ESIA simulator at ${esia.url}/\n`);
    const sim = await startSimulator({
      dir: config.ncalayerSim.dir,
      host: config.host,
      port: config.ncalayerSim.port,
    });
    process.stderr.write(`propusk: NCALayer simulator at ${sim.wsUrl} (key dialog: ${sim.url}/)\n`);
    await serve(services, { ...demoDirectory(), applications: ejournal.links });
    return;
  }
  if (command === 'esia-sim') {
    await esiaSimCommand(args);
    return;
  }
  if (command === 'ncalayer-sim') {
    const config = configOrExit({ DEMO: true });
    const sim = await startSimulator({
      dir: config.ncalayerSim.dir,
      host: config.host,
      port: config.ncalayerSim.port,
    });
    process.stderr.write(`propusk: NCALayer simulator at ${sim.wsUrl} (key dialog: ${sim.url}/)\n`);
    return;
  }
  if (!COMMANDS.has(command)) throw new CliError(`unknown command ${command}\n\n${USAGE}`);
  const config = configOrExit();
  if (command === 'serve') {
    const { values } = parseArgs({ args, options: { migrate: { type: 'boolean' } }, strict: true });
    const handle = await openFor(config, values.migrate === true, true, true);
    const services = await createServices(config, { handle });
    configureEsia(services, config);
    await serve(services, config.demo ? demoDirectory() : null);
    return;
  }
  const handle = await openFor(config, false, command !== 'migrate');
  const services = await createServices(config, { handle });
  try {
    switch (command) {
      case 'migrate': {
        const { values } = parseArgs({ args, options: { to: { type: 'string' } }, strict: true });
        const outcome = values.to
          ? await migrateTo(services.handle, values.to)
          : await migrateOrThrow(services.handle);
        const applied = Array.isArray(outcome) ? outcome : outcome.applied;
        if (!Array.isArray(outcome) && outcome.error) throw outcome.error;
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Nothing to apply.\n');
        break;
      }
      case 'user':
        await userCommand(services, args);
        break;
      case 'outbox':
        await outboxCommand(services, args);
        break;
      case 'invite':
        await inviteCommand(services, args);
        break;
      case 'janitor': {
        const removed = await services.janitor.runOnce();
        for (const [task, n] of Object.entries(removed)) process.stdout.write(`${task}: ${n}\n`);
        break;
      }
      case 'client':
        await clientCommand(services, args);
        break;
      case 'keys':
        await keysCommand(services, args);
        break;
      case 'audit':
        await auditCommand(services, args);
        break;
      case 'token':
        await tokenCommand(services, args);
        break;
      case 'realm':
        await realmCommand(services, args);
        break;
      case 'import':
        await importCommand(services, args);
        break;
      case 'factors':
        await factorsCommand(services, args);
        break;
    }
  } finally {
    await services.close();
    await handle.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof StartupError || err instanceof EsiaStartError) {
    process.stderr.write(`propusk: ${err.message}\n`);
    process.exit(2);
  }
  // A command's refusal, or an unknown option: the message alone.
  const refusals = [CliError, InviteCommandError, AuditCommandError, OidcCommandError, TokenCommandError];
  const refused = [
    ...refusals,
    RealmCommandError,
    ImportCommandError,
    FactorsCommandError,
    MigrationRefused,
  ].some((kind) => err instanceof kind);
  const unknownOption = err instanceof Error && 'code' in err && err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
  if (err instanceof Error && (refused || unknownOption)) {
    process.stderr.write(`propusk: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`propusk: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
