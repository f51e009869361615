import type { QueryRunner } from 'typeorm';

/**
 * Ending a transaction after the work in it failed, without ever letting that end hide the failure.
 *
 * The database sometimes ends a transaction itself: SQL Server for a deadlock victim (1205), under XACT_ABORT,
 * for a batch-aborting error or a killed session; PostgreSQL when the backend is terminated; MariaDB when the
 * connection is killed; SQLite on RAISE(ROLLBACK), SQLITE_FULL or SQLITE_IOERR. The client's ROLLBACK then
 * fails ("Transaction has been aborted." from mssql, "Connection terminated unexpectedly" from pg, "cannot
 * rollback - no transaction is active" from SQLite), and if it is allowed to throw, the user sees that instead
 * of the migration, the statement and the server's message. The transaction is over either way (the database
 * rolled it back, or will as the session goes), so the failed ROLLBACK counts as done. TypeORM's runner is left
 * believing a transaction is still open (it resets its state only after a successful ROLLBACK), and its next
 * query goes to the dead transaction (mssql: ENOTBEGUN) or the dead connection: both are reset here.
 */

/** A ROLLBACK (or RELEASE) after a failure that failed too: `reason` is what it said. */
export interface EndFailed {
  /** The database had ended the transaction itself (the usual case); false when SQLite says it is still open. */
  endedByDatabase: boolean;
  reason: string;
}

interface RunnerState {
  isTransactionActive: boolean;
  transactionDepth: number;
  isReleased: boolean;
  databaseConnection?: unknown;
  databaseConnectionPromise?: unknown;
}

interface Mysql2Connection {
  _fatalError?: unknown;
  _closing?: boolean;
  stream?: { destroyed?: boolean };
}

/** better-sqlite3 says whether the connection is inside a transaction (the database may have rolled it back itself). */
export function sqliteTransactionOpen(runner: QueryRunner): boolean {
  const driver = runner.connection.driver as unknown as { databaseConnection?: { inTransaction?: boolean } };
  return driver.databaseConnection?.inTransaction === true;
}

/**
 * TypeORM's runner as it would be after a successful ROLLBACK, and on a live connection: a connection the
 * database closed is dropped (the pool has discarded it) so that the next query takes a fresh one.
 */
function resetRunner(runner: QueryRunner): void {
  const state = runner as unknown as RunnerState;
  state.isTransactionActive = false;
  state.transactionDepth = 0;
  switch (runner.connection.options.type) {
    case 'mssql':
      // the aborted mssql Transaction every query would otherwise be sent to (ENOTBEGUN)
      state.databaseConnection = null;
      break;
    case 'postgres':
      // TypeORM releases the runner when its pg client errors (PostgresQueryRunner.releasePostgresConnection)
      if (state.isReleased) {
        state.isReleased = false;
        state.databaseConnection = undefined;
        state.databaseConnectionPromise = undefined;
      }
      break;
    case 'mariadb':
    case 'mysql': {
      const connection = state.databaseConnection as Mysql2Connection | undefined;
      if (connection && (connection._fatalError || connection._closing || connection.stream?.destroyed)) {
        state.databaseConnection = undefined;
        state.databaseConnectionPromise = undefined;
      }
      break;
    }
  }
}

async function endAfterFailure(runner: QueryRunner, end: () => Promise<void>): Promise<EndFailed | undefined> {
  if (!runner.isTransactionActive) return undefined;
  try {
    await end();
    return undefined;
  } catch (error) {
    const reason = (error as Error)?.message ?? String(error);
    // SQLite can say for sure; elsewhere a ROLLBACK that fails means the session or its transaction is gone
    if (runner.connection.options.type === 'better-sqlite3' && sqliteTransactionOpen(runner)) return { endedByDatabase: false, reason };
    resetRunner(runner);
    return { endedByDatabase: true, reason };
  }
}

/** Rolls back the runner's current transaction (or savepoint) after a failure; never throws. */
export function rollbackAfterFailure(runner: QueryRunner): Promise<EndFailed | undefined> {
  return endAfterFailure(runner, () => runner.rollbackTransaction());
}

/** Commits (releases) the runner's current savepoint after a failure, keeping what ran; never throws. */
export function keepAfterFailure(runner: QueryRunner): Promise<EndFailed | undefined> {
  return endAfterFailure(runner, () => runner.commitTransaction());
}
