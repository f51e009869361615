import { RequestError, Transaction, TransactionError } from 'mssql';
import { QueryFailedError, QueryRunner } from 'typeorm';
import { SqlServerQueryRunner } from 'typeorm/driver/sqlserver/SqlServerQueryRunner';
import { rollbackAfterFailure } from '../../src/database/rollback-after-failure';
import type { HistoryTable } from '../../src/migrator/history-table';
import { executeMigrations, MigrationFailedError } from '../../src/migrator/migration-executor';
import type { MigrationFile } from '../../src/migrator/migration-files';

/**
 * SQL Server offline: TypeORM's own SqlServerQueryRunner over a stub driver whose pool hands out real mssql
 * Transactions (only `begin` stubbed: there is no server).
 */
function sqlServerRunner(): { runner: QueryRunner; began: () => number } {
  let begun = 0;
  const pool = {
    transaction: () => Object.assign(new Transaction(), { begin: (callback: () => void) => (begun++, callback()) }),
  };
  const dataSource = { subscribers: [], options: { type: 'mssql' }, logger: { logQuery: () => undefined } };
  const driver = { dataSource, options: dataSource.options, supportedIsolationLevels: [], obtainMasterConnection: async () => pool };
  return { runner: new SqlServerQueryRunner(driver as never, 'master'), began: () => begun };
}

/**
 * What mssql does when the server ends the transaction (XACT_ABORT, a deadlock victim, a trigger's ROLLBACK):
 * it marks the Transaction `_aborted` (node_modules/mssql/lib/tedious/transaction.js, `_abort`), after which
 * rollback() fails with "Transaction has been aborted." (EABORT).
 */
function serverEndsTransaction(runner: QueryRunner): void {
  Object.assign((runner as unknown as { databaseConnection: Transaction }).databaseConnection, { _aborted: true });
}

/** mssql's error for the statement in which the server ended the transaction (3609: a trigger's ROLLBACK). */
function endedInTrigger(): QueryFailedError {
  const driverError = Object.assign(new RequestError('The transaction ended in the trigger. The batch has been aborted.', 'EREQUEST'), {
    number: 3609,
  });
  return new QueryFailedError("UPDATE items SET name = N'changed'", [], driverError);
}

describe('a rollback after the server ended the transaction (SQL Server, offline)', () => {
  it('TypeORM with mssql: the rollback fails with "Transaction has been aborted." and leaves the runner in a transaction', async () => {
    const { runner } = sqlServerRunner();
    await runner.startTransaction();
    serverEndsTransaction(runner);
    await expect(runner.rollbackTransaction()).rejects.toThrow(new TransactionError('Transaction has been aborted.', 'EABORT'));
    expect(runner.isTransactionActive).toBe(true);
  });

  it('rollbackAfterFailure counts it as done and resets the runner: the next transaction begins on the pool', async () => {
    const { runner, began } = sqlServerRunner();
    await runner.startTransaction();
    serverEndsTransaction(runner);
    expect(await rollbackAfterFailure(runner)).toEqual({ endedByDatabase: true, reason: 'Transaction has been aborted.' });
    expect(runner).toMatchObject({ isTransactionActive: false, transactionDepth: 0, databaseConnection: null });
    await runner.startTransaction();
    expect(began()).toBe(2);
    expect(runner).toMatchObject({ isTransactionActive: true, transactionDepth: 1 });
  });

  it('the migration runner reports the migration, statement and server message, not the failed rollback', async () => {
    const { runner } = sqlServerRunner();
    const migration = {
      name: 'EndedByTheServer1796000000301',
      instance: {
        up: async () => {
          serverEndsTransaction(runner);
          throw endedInTrigger();
        },
        down: async () => undefined,
      },
    } as unknown as MigrationFile;
    const history = { record: async () => undefined, remove: async () => undefined } as unknown as HistoryTable;
    const progress = { started: () => undefined, finished: () => undefined };

    const failure = await executeMigrations(runner, history, [migration], 'up', 'each', progress).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(MigrationFailedError);
    // "Error: " is TypeORM's: QueryFailedError strips "Request" from mssql's "RequestError: ..."
    expect((failure as Error).message).toBe(
      'EndedByTheServer1796000000301.up() failed: Error: The transaction ended in the trigger. The batch has been aborted.\n' +
        "  statement: UPDATE items SET name = N'changed'\n" +
        '  the database had already ended its transaction, which rolled its changes back (the ROLLBACK after it said: Transaction has been aborted.)',
    );
    expect(runner).toMatchObject({ isTransactionActive: false, transactionDepth: 0, databaseConnection: null });
  });
});
