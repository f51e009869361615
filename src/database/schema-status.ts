import type { FastifyBaseLogger } from 'fastify';
import { DataSource, MigrationExecutor } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import type { Environment } from '../config/env-files';
import { Migrator } from '../migrator/migrator';

export async function pendingMigrationNames(dataSource: DataSource): Promise<string[]> {
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
  return pending.map((migration) => migration.name);
}

export class PendingMigrationsError extends Error {
  constructor(names: string[]) {
    super(
      `The database has ${names.length} pending migration(s): ${names.join(', ')}. ` +
        'Apply them with `npm run migration:run` before starting the service.',
    );
    this.name = 'PendingMigrationsError';
  }
}

/** The server takes no flags: an edit is accepted with the migration CLI, then the server starts. */
export const SERVER_ACCEPT_EDITED =
  'accept the edit with `npm run migration:stamp -- --checksums` (records the current files as applied), ' +
  'or apply the pending migrations yourself with `npm run migration:run -- --allow-edited`; then start the server again.';

/**
 * The embedded SQLite default brings itself up to date, one migration at a time with its duration. A server
 * database is shared and production-grade: it is never migrated silently, and the service refuses to start.
 */
export async function ensureSchemaIsCurrent(
  dataSource: DataSource,
  config: DatabaseConfig,
  log: FastifyBaseLogger,
  env: Environment,
): Promise<void> {
  const pending = await pendingMigrationNames(dataSource);
  if (pending.length === 0) return;
  if (dataSource.options.type !== 'better-sqlite3') throw new PendingMigrationsError(pending);
  log.info({ pending }, `applying ${pending.length} pending migration(s) to the embedded database`);
  // the same runner as `npm run migration:run`: lock, checksums, one transaction per migration
  // a migration that drops data is applied silently only in development, as `migration:run` does
  const migrator = await Migrator.open(config, {
    print: (line) => log.info(line),
    refuseDestructive: env !== 'development',
    acceptEditedAdvice: SERVER_ACCEPT_EDITED,
  });
  try {
    await migrator.upgrade();
  } finally {
    await migrator.close();
  }
}
