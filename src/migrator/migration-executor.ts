import { QueryFailedError, QueryRunner } from 'typeorm';
import { hintFor } from './failure-hints';
import type { HistoryTable } from './history-table';
import type { MigrationFile } from './migration-files';

export type TransactionMode = 'all' | 'each' | 'none';
export type Direction = 'up' | 'down';

export interface Progress {
  started(migration: MigrationFile, direction: Direction, index: number, total: number): void;
  finished(migration: MigrationFile, direction: Direction, ms: number): void;
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string,
    readonly direction: Direction,
    readonly statement: string | undefined,
    cause: unknown,
    rolledBack: boolean,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const hint = hintFor(reason);
    super(
      `${migration}.${direction}() failed: ${reason}` +
        (statement ? `\n  statement: ${statement}` : '') +
        (hint ? `\n  what to do: ${hint}` : '') +
        (rolledBack ? '\n  its changes were rolled back' : '\n  it ran without a transaction: check the schema before running again'),
      { cause },
    );
    this.name = 'MigrationFailedError';
  }
}

/** TypeORM lets a migration opt out of transactions (`transaction = false`, e.g. CREATE INDEX CONCURRENTLY). */
const wantsTransaction = (migration: MigrationFile) => (migration.instance as { transaction?: boolean }).transaction !== false;

/**
 * Applies (`up`) or reverts (`down`) the given migrations in order and records each in the history table in
 * the same transaction as its changes. `each`: one transaction per migration, so a failure keeps the ones
 * before it; `all`: one for the whole run; `none`: none. Where the engine cannot roll DDL back (MariaDB/MySQL
 * commit implicitly), a failure can leave a partial change whatever the mode.
 */
export async function executeMigrations(
  runner: QueryRunner,
  history: HistoryTable,
  migrations: MigrationFile[],
  direction: Direction,
  mode: TransactionMode,
  progress: Progress,
): Promise<void> {
  const outer = mode === 'all';
  if (outer) await runner.startTransaction();
  try {
    for (const [index, migration] of migrations.entries()) {
      const own = mode === 'each' && wantsTransaction(migration);
      progress.started(migration, direction, index, migrations.length);
      const started = performance.now();
      if (own) await runner.startTransaction();
      try {
        await migration.instance[direction](runner);
        const ms = Math.round(performance.now() - started);
        if (direction === 'up') await history.record(migration, ms);
        else await history.remove(migration.name);
        if (own) await runner.commitTransaction();
        progress.finished(migration, direction, ms);
      } catch (error) {
        if (own) await runner.rollbackTransaction();
        const statement = error instanceof QueryFailedError ? error.query : undefined;
        throw new MigrationFailedError(migration.name, direction, statement, error, own || outer);
      }
    }
    if (outer) await runner.commitTransaction();
  } catch (error) {
    if (outer && runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  }
}
