import 'reflect-metadata';
import type { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { DatabaseConnectionError, describeTarget } from '../database/connection-target';
import { createDataSource } from '../database/data-source';
import { pendingMigrationNames } from '../database/schema-status';
import type { Services } from '../modules/app-module';
import { loadModules } from '../modules/load-modules';
import { inDependencyOrder, loadSeeds } from '../seeds/load-seeds';
import { runSeeds, seedContext } from '../seeds/run-seeds';
import { SAMPLE_PASSWORD } from '../seeds/users.seed';
import { CommandSpec, exitWith, runCommand } from './command-line';

type Print = (line: string) => void;

export const SEED_HELP = `npm run seed [-- --force]
Fills the database the settings point at (NODE_ENV, .env) with sample data for every resource: each
src/seeds/<name>.seed.ts, in foreign-key order (users before the products they own). Idempotent: a sample row
whose natural key (a user's email, a product's sku, an item's name) is already there is left alone, so running it
twice adds nothing the second time. Seeded users log in with the password "${SAMPLE_PASSWORD}".
Refuses a production configuration (NODE_ENV=production) and a database with pending migrations.
  --force       seed even with NODE_ENV=production
  -h, --help    this text`;

/** The services as the app builds them (src/plugins/services.plugin.ts), for seeds that write through them. */
function buildServices(config: AppConfig, db: ReturnType<typeof createDataSource>): Services {
  return Object.assign({}, ...loadModules().map(({ module }) => module.services?.({ db, config }) ?? {})) as Services;
}

const SEED_COMMAND = { help: SEED_HELP, options: { force: { type: 'boolean' } } } satisfies CommandSpec<{ force: { type: 'boolean' } }>;

/** Runs `npm run seed`; returns the exit code (2: bad arguments, 1: refused or failed). */
export async function seedCli(argv: string[], print: Print, config?: AppConfig, now = () => Date.now()): Promise<number> {
  return runCommand(argv, SEED_COMMAND, print, async ({ values }) => seed(values.force ?? false, print, config, now));
}

async function seed(force: boolean, print: Print, config: AppConfig | undefined, now: () => number): Promise<number> {
  const settings = config ?? loadConfig();
  if (settings.env === 'production' && !force) {
    print(
      `refusing to seed ${describeTarget(settings.database)}: NODE_ENV=production. Sample data does not belong there; pass --force if it does.`,
    );
    return 1;
  }
  const db = createDataSource(settings.database);
  try {
    await db.initialize();
  } catch (error) {
    throw new DatabaseConnectionError(settings.database, error);
  }
  try {
    const pending = await pendingMigrationNames(db);
    if (pending.length) {
      print(
        `${describeTarget(settings.database)} has ${pending.length} pending migration(s) (${pending.join(', ')}): run npm run migration:run first`,
      );
      return 1;
    }
    const started = now();
    print(`seeding ${describeTarget(settings.database)} (NODE_ENV=${settings.env})`);
    const seeds = inDependencyOrder(loadSeeds(), db);
    const reports = await runSeeds(seeds, seedContext(db, buildServices(settings, db)), print);
    const added = reports.reduce((sum, report) => sum + report.added, 0);
    print(`${added ? `added ${added} rows` : 'nothing to add: every sample row is there'} in ${((now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  exitWith(
    seedCli(process.argv.slice(2), (line) => console.log(line)),
    ['DatabaseConnectionError', 'ConfigError'],
  );
}
