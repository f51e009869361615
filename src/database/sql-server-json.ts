import { DataSource, Table, TableCheck, TableColumn } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * The portable `json` type on SQL Server, which TypeORM 1.1 does not know: an nvarchar(MAX) column with a
 * `CHECK (ISJSON(col) = 1)` named `CHK_<table>_<column>_JSON` (as SQL Server's own JSON guidance writes it,
 * https://learn.microsoft.com/sql/relational-databases/json/store-json-documents-in-sql-tables), values
 * stringified on the way in and parsed on the way out as the other drivers do for `json`.
 *
 * The check goes into the Table's own checks (createTable) or through createCheckConstraint (addColumn), so
 * TypeORM's table cache knows it and its dropColumn drops it with the column (SQL Server refuses to drop a
 * column a check depends on).
 */

interface SqlServerDriverMethods {
  supportedDataTypes: string[];
  createFullType(column: TableColumn): string;
  preparePersistentValue(value: unknown, column: ColumnMetadata): unknown;
  prepareHydratedValue(value: unknown, column: ColumnMetadata): unknown;
}

interface SqlServerRunner {
  createTable(table: Table, ...rest: unknown[]): Promise<void>;
  addColumn(table: Table | string, column: TableColumn): Promise<void>;
  createCheckConstraint(table: Table | string, check: TableCheck): Promise<void>;
}

const isJson = (column: { type?: unknown }) => column.type === 'json';

export function jsonCheck(tableName: string, columnName: string): TableCheck {
  const bare = tableName
    .split('.')
    .pop()!
    .replace(/["[\]]/g, '');
  return new TableCheck({ name: `CHK_${bare}_${columnName}_JSON`, columnNames: [columnName], expression: `ISJSON("${columnName}") = 1` });
}

export function useSqlServerJson(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as SqlServerDriverMethods;
  driver.supportedDataTypes.push('json');

  const createFullType = driver.createFullType.bind(driver);
  driver.createFullType = (column) => (isJson(column) ? 'nvarchar(MAX)' : createFullType(column));
  const toDatabase = driver.preparePersistentValue.bind(driver);
  driver.preparePersistentValue = (value, column) =>
    isJson(column) && value !== null && value !== undefined ? JSON.stringify(value) : toDatabase(value, column);
  const fromDatabase = driver.prepareHydratedValue.bind(driver);
  driver.prepareHydratedValue = (value, column) =>
    isJson(column) && typeof value === 'string' ? JSON.parse(value) : fromDatabase(value, column);

  const createQueryRunner = dataSource.driver.createQueryRunner.bind(dataSource.driver);
  dataSource.driver.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode) as unknown as SqlServerRunner;
    // `this`, not the runner: the offline renderer derives its own runner from this one (Object.create)
    const { createTable, addColumn } = runner;
    runner.createTable = function (this: SqlServerRunner, table, ...rest) {
      for (const column of table.columns.filter(isJson)) {
        const check = jsonCheck(table.name, column.name);
        if (!table.checks.some((c) => c.name === check.name)) table.addCheckConstraint(check);
      }
      return createTable.call(this, table, ...rest);
    };
    runner.addColumn = async function (this: SqlServerRunner, table, column) {
      await addColumn.call(this, table, column);
      if (isJson(column)) await this.createCheckConstraint(table, jsonCheck(typeof table === 'string' ? table : table.name, column.name));
    };
    return runner as unknown as ReturnType<typeof createQueryRunner>;
  };
}
