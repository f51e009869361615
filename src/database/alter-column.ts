import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { Query } from 'typeorm/driver/Query';
import { ColumnChange } from './alter-column/column-change';
import { orderKeyColumns } from './key-column-order';
import { DriverInternals, Runner, buildNewColumn, dialectOf, fullType, kindOf, sameList } from './alter-column/column-spec';
import { convertsInPlace } from './alter-column/conversions';
import { lossChecks, refuseDataLoss, refuseSqliteRebuildUnderForeignKeys, refuseUnsupported } from './alter-column/data-loss';
import { Plan, alterMysql, alterPostgres, alterSqlServer } from './alter-column/engine-statements';
import { rollbackAfterFailure } from './rollback-after-failure';
import { startForeignKeyCheck, withForeignKeysOff } from './sqlite-foreign-keys';
/**
 * Changing a column's type or length IN PLACE, keeping its data, on every engine.
 *
 * TypeORM 1.1.1's `queryRunner.changeColumn` drops and re-adds the column whenever its type or length changes on
 * PostgreSQL, MariaDB/MySQL and SQL Server ("to avoid data conversion, we just recreate column", TypeORM #3357):
 * every value is lost (PostgreSQL: a nullable column comes back all NULL, a NOT NULL one fails to come back at
 * all; MariaDB: NOT NULL varchar values all become '' and the column's indices are gone). `alterColumn` issues
 * the in-place statement of each engine instead:
 *
 * - PostgreSQL: `ALTER COLUMN ... TYPE <new> [USING <expr>]`, `SET/DROP NOT NULL`, `SET/DROP DEFAULT` (enum
 *   columns get a new enum type, as TypeORM does for an enum change);
 * - MariaDB/MySQL: `MODIFY COLUMN` with the whole new definition (nullability and default kept unless changed);
 * - SQL Server: `ALTER COLUMN <type> [NOT] NULL`, with the indices, unique constraints, checks, enum check and
 *   default constraint (`DF_<table>_<column>`) that SQL Server would refuse to alter around dropped first and
 *   recreated after;
 * - SQLite: TypeORM's own table rebuild (`CREATE temporary_x`, `INSERT ... SELECT`, `DROP`, `RENAME`, indices
 *   recreated), which keeps the rows.
 *
 * Before changing anything it counts the rows the change would truncate, round or reject (shorter strings, fewer
 * digits, int from decimal, NOT NULL over NULLs, an enum without a value in use) and refuses with the count. The
 * count needs a live database, so it is skipped in TypeORM's SQL-memory mode (offline rendering).
 *
 * Every statement goes through TypeORM's own `executeQueries`, the path its schema methods take: live it runs
 * each one with `queryRunner.query`, in SQL-memory mode it only records them (also when there is no offline
 * facade in front, so a dry run never alters a real database). TypeORM's table cache is updated as its own
 * methods update it (`replaceCachedTable`, and its index/constraint methods for the SQL Server dependents).
 */

/** The parts of a portable column a migration can change, as given to `column()` (the name is not one of them). */
export async function alterColumn(
  queryRunner: QueryRunner,
  tableName: string,
  columnName: string,
  change: ColumnChange,
): Promise<TableColumn> {
  const runner = queryRunner as Runner;
  const dialect = dialectOf(queryRunner);
  const inMemory = runner.sqlMemoryMode === true;

  const table = await queryRunner.getTable(tableName);
  if (!table) throw new Error(`alterColumn: table "${tableName}" does not exist`);
  const oldColumn = table.findColumnByName(columnName);
  if (!oldColumn) throw new Error(`alterColumn: table "${tableName}" has no column "${columnName}"`);
  refuseUnsupported(table, oldColumn);
  // SQL Server drops and re-creates the indices on the column from this Table: in key order, not TypeORM's
  if (!inMemory) await orderKeyColumns(queryRunner, [table]);

  const newColumn = buildNewColumn(queryRunner, dialect, oldColumn, change);
  const [oldKind, newKind] = [kindOf(oldColumn, dialect), kindOf(newColumn, dialect)];
  if (!convertsInPlace(oldKind, newKind)) {
    throw new Error(
      `alterColumn cannot change column "${columnName}" of table "${tableName}" from ${oldKind} to ${newKind} in place: no engine ` +
        'converts those values. Add a column of the new type, copy what converts, drop the old column and rename the new ' +
        '(migration:generate prints that code)',
    );
  }
  const plan: Plan = {
    // SQL Server builds text and json alike (nvarchar(MAX)); only json's ISJSON check tells them apart
    typeChanged: fullType(queryRunner, oldColumn) !== fullType(queryRunner, newColumn) || oldKind !== newKind,
    enumChanged: !sameList(oldColumn.enum, newColumn.enum),
    nullChanged: oldColumn.isNullable !== newColumn.isNullable,
    defaultChanged: (oldColumn.default ?? undefined) !== (newColumn.default ?? undefined),
  };
  const fill = change.fillNulls !== undefined && oldColumn.isNullable;
  if (!plan.typeChanged && !plan.enumChanged && !plan.nullChanged && !plan.defaultChanged && !fill) return oldColumn.clone();

  // DDL is transactional on PostgreSQL, SQL Server and SQLite: a failure halfway (say, after SQL Server's
  // dependents were dropped) must not stick. MariaDB commits each DDL statement whatever we do.
  const ownTransaction = !inMemory && !queryRunner.isTransactionActive;
  const apply = async () => {
    if (!inMemory) {
      await refuseDataLoss(queryRunner, table, oldColumn, newColumn, lossChecks(queryRunner, dialect, oldColumn, newColumn, change));
      if (dialect === 'sqlite') await refuseSqliteRebuildUnderForeignKeys(queryRunner, table);
    }
    if (fill) {
      const placeholder = dialect === 'postgres' ? '$1' : dialect === 'mssql' ? '@0' : '?';
      // better-sqlite3 binds no booleans
      const value = dialect === 'sqlite' && typeof change.fillNulls === 'boolean' ? Number(change.fillNulls) : change.fillNulls;
      const c = (queryRunner.connection.driver as unknown as DriverInternals).escape(columnName);
      await runner.executeQueries(
        [new Query(`UPDATE ${runner.escapePath(table)} SET ${c} = ${placeholder} WHERE ${c} IS NULL`, [value])],
        [],
      );
    }

    const anyDdl = plan.typeChanged || plan.enumChanged || plan.nullChanged || plan.defaultChanged;
    if (anyDdl) {
      switch (dialect) {
        case 'postgres':
          await alterPostgres(runner, table, oldColumn, newColumn, plan, change);
          break;
        case 'mysql':
          await alterMysql(runner, table, newColumn);
          break;
        case 'mssql':
          await alterSqlServer(runner, table, oldColumn, newColumn, plan);
          break;
        case 'sqlite':
          // TypeORM's rebuild copies every row (INSERT INTO temporary_x ... SELECT ... FROM x) and updates its cache
          await queryRunner.changeColumn(table, oldColumn, newColumn);
          break;
      }
    }
  };
  if (!ownTransaction) await apply();
  else {
    // SQLite's procedure for a rebuild (src/database/sqlite-foreign-keys.ts) when the transaction is ours: keys
    // off around it, checked before COMMIT. Inside a migration the runner does the same around the migration.
    await withForeignKeysOff(queryRunner, async () => {
      const foreignKeys = await startForeignKeyCheck(queryRunner);
      await queryRunner.startTransaction();
      try {
        await apply();
        await foreignKeys.verify();
        await queryRunner.commitTransaction();
      } catch (error) {
        await rollbackAfterFailure(queryRunner);
        throw error;
      }
    });
  }
  return newColumn.clone();
}

/**
 * `up` and `down` of a migration that changes one column: `up` applies `to`, `down` applies `from` (the spec the
 * column had before). Each side may carry its own `using`/`fillNulls`.
 */
export function reversibleAlterColumn(
  tableName: string,
  columnName: string,
  { from, to }: { from: ColumnChange; to: ColumnChange },
): Pick<MigrationInterface, 'up' | 'down'> {
  return {
    up: async (queryRunner: QueryRunner) => {
      await alterColumn(queryRunner, tableName, columnName, to);
    },
    down: async (queryRunner: QueryRunner) => {
      await alterColumn(queryRunner, tableName, columnName, from);
    },
  };
}

export { ColumnChange, ColumnChangeRefusedError } from './alter-column/column-change';
