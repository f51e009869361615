import { QueryFailedError, QueryRunner } from 'typeorm';
import { keepAfterFailure, rollbackAfterFailure } from '../database/rollback-after-failure';
import { ForeignKeyViolationError, isSqlite, startForeignKeyCheck } from '../database/sqlite-foreign-keys';
import { hintFor } from './failure-hints';
import type { HistoryTable } from './history-table';
import type { MigrationFile } from './migration-files';

export type TransactionMode = 'all' | 'each' | 'none';
export type Direction = 'up' | 'down';

export interface Progress {
  started(migration: MigrationFile, direction: Direction, index: number, total: number): void;
  finished(migration: MigrationFile, direction: Direction, ms: number): void;
}

/** What became of a failed migration's changes. */
export type Aftermath =
  | { kind: 'rolled back' | 'kept' }
  /** The database ended the transaction itself; on SQLite that is the run's whole transaction. */
  | { kind: 'ended by the database'; reason: string; earlierUndone: boolean }
  | { kind: 'rollback failed'; reason: string };

function describeAftermath(aftermath: Aftermath): string {
  switch (aftermath.kind) {
    case 'rolled back':
      return 'its changes were rolled back';
    case 'kept':
      return 'it ran without a transaction: check the schema before running again';
    case 'ended by the database':
      return (
        `the database had already ended its transaction, which rolled its changes back (the ROLLBACK after it said: ${aftermath.reason})` +
        (aftermath.earlierUndone
          ? "; on SQLite that was the run's whole transaction, so the migrations applied before it in this run were undone too"
          : '')
      );
    case 'rollback failed':
      return `rolling its changes back failed too (${aftermath.reason}): check the schema before running again`;
  }
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string,
    readonly direction: Direction,
    readonly statement: string | undefined,
    cause: unknown,
    aftermath: Aftermath,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    // an error that knows what to do about itself (a foreign-key check) says so; otherwise, from the message
    const hint = (cause as { hint?: string } | undefined)?.hint ?? hintFor(reason);
    super(
      `${migration}.${direction}() failed: ${reason}` +
        (statement ? `\n  statement: ${statement}` : '') +
        (hint ? `\n  what to do: ${hint}` : '') +
        `\n  ${describeAftermath(aftermath)}`,
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
 *
 * On SQLite the run sits inside the migration lock's transaction with foreign keys off (see Migrator.locked),
 * and PRAGMA foreign_key_check runs after each migration, before it is committed: rows it left pointing nowhere
 * fail it and are rolled back with it. Under `none` (or `transaction = false`) such a migration still gets a
 * savepoint, used only to undo what the check refuses; a migration that fails by itself keeps what it did, as
 * `none` says.
 */
export async function executeMigrations(
  runner: QueryRunner,
  history: HistoryTable,
  migrations: MigrationFile[],
  direction: Direction,
  mode: TransactionMode,
  progress: Progress,
): Promise<void> {
  if (migrations.length === 0) return;
  const outer = mode === 'all';
  const foreignKeys = await startForeignKeyCheck(runner);
  if (outer) await runner.startTransaction();
  let outerOpen = outer;
  try {
    for (const [index, migration] of migrations.entries()) {
      const own = mode === 'each' && wantsTransaction(migration);
      const guarded = !own && !outer && isSqlite(runner);
      progress.started(migration, direction, index, migrations.length);
      const started = performance.now();
      if (own || guarded) await runner.startTransaction();
      try {
        await migration.instance[direction](runner);
        const ms = Math.round(performance.now() - started);
        if (direction === 'up') await history.record(migration, ms);
        else await history.remove(migration.name);
        await foreignKeys.verify();
        if (own || guarded) await runner.commitTransaction();
        progress.finished(migration, direction, ms);
      } catch (error) {
        // the first error is the one reported, whatever ending the transaction after it says
        const undo = own || outer || (guarded && error instanceof ForeignKeyViolationError);
        const failed = undo ? await rollbackAfterFailure(runner) : guarded ? await keepAfterFailure(runner) : undefined;
        outerOpen = false;
        const aftermath: Aftermath = !failed
          ? { kind: undo ? 'rolled back' : 'kept' }
          : failed.endedByDatabase
            ? { kind: 'ended by the database', reason: failed.reason, earlierUndone: isSqlite(runner) && !outer && index > 0 }
            : { kind: 'rollback failed', reason: failed.reason };
        const statement = error instanceof QueryFailedError ? error.query : undefined;
        throw new MigrationFailedError(migration.name, direction, statement, error, aftermath);
      }
    }
    if (outer) await runner.commitTransaction();
  } catch (error) {
    // a failure outside any one migration (the run's own COMMIT)
    if (outerOpen) await rollbackAfterFailure(runner);
    throw error;
  }
}
