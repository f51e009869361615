import type { DatabaseConfig } from '../../src/config/app-config';
import type { Engine } from './test-databases';
import { query } from '../migrator/migrate-support';

/**
 * A trigger with which the database itself ends the transaction of whoever writes `table`, the way a deadlock
 * victim, a killed session or XACT_ABORT does, so that the client's ROLLBACK afterwards fails:
 * - SQLite: `RAISE(ROLLBACK)` rolls the whole transaction back and fails the statement;
 * - PostgreSQL: the backend terminates itself (`pg_terminate_backend(pg_backend_pid())`): FATAL 57P01;
 * - MariaDB: the connection kills itself (`KILL CONNECTION CONNECTION_ID()`): 1927 "Connection was killed";
 * - SQL Server: `ROLLBACK TRANSACTION` in a trigger ends the transaction and aborts the batch (error 3609).
 */
export const ENDED_BY_THE_DATABASE: Record<Engine, RegExp> = {
  sqlite: /the database ended the transaction/,
  postgres: /terminating connection due to administrator command/,
  mariadb: /Connection was killed/,
  mssql: /The transaction ended in the trigger/,
};

export async function addTransactionEndingTrigger(
  engine: Engine,
  config: DatabaseConfig,
  table: string,
  event: 'INSERT' | 'UPDATE',
): Promise<void> {
  const name = `ends_transaction_${table}`;
  switch (engine) {
    case 'sqlite':
      await query(
        config,
        `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ROLLBACK, 'the database ended the transaction'); END`,
      );
      break;
    case 'postgres':
      await query(
        config,
        `CREATE OR REPLACE FUNCTION ends_transaction() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$`,
      );
      await query(config, `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ends_transaction()`);
      break;
    case 'mariadb':
      await query(config, `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW KILL CONNECTION CONNECTION_ID()`);
      break;
    case 'mssql':
      await query(config, `CREATE TRIGGER ${name} ON ${table} AFTER ${event} AS ROLLBACK TRANSACTION`);
      break;
  }
}
