/** MariaDB/MySQL: portable columns read back as they were declared, and defaults written as they were given. */
import type { DataSource, Table } from 'typeorm';

/**
 * TypeORM 1.1.1's MysqlDriver.normalizeDefault writes a number default as `toFixed(column.scale)`: with no scale
 * (a `float`), `default: 0.5` becomes DEFAULT '1', in the migration and in the schema builder alike, so nothing
 * even shows as drift. Without a scale the number is written as it is; with one (decimal) TypeORM's way stays.
 */
export function keepFractionalDefaults(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as { normalizeDefault(column: { default?: unknown; scale?: number }): string | undefined };
  const normalizeDefault = driver.normalizeDefault.bind(driver);
  driver.normalizeDefault = (column) =>
    typeof column.default === 'number' && column.scale == null ? `'${column.default}'` : normalizeDefault(column);
}

interface LoadingRunner {
  loadTables(names?: string[]): Promise<Table[]>;
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * MariaDB reads two portable columns back otherwise than it was told: a `json` column is a LONGTEXT (utf8mb4_bin)
 * whose only trace is its json_valid() check, and a `double` comes back with precision 22. Loaded so, the json
 * column would look like `text` to migration:generate and alterColumn (which would then let it become an int),
 * and the double would not look portable. Every query runner's table loading puts them back as declared.
 */
export function readMariaDbColumnsAsDeclared(dataSource: DataSource): void {
  const createQueryRunner = dataSource.driver.createQueryRunner.bind(dataSource.driver);
  dataSource.driver.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode) as unknown as LoadingRunner;
    const { loadTables } = runner;
    // `this`, not the runner: the offline renderer derives its own runner from this one (Object.create)
    runner.loadTables = async function (this: LoadingRunner, names) {
      const tables = await loadTables.call(this, names);
      if (!tables.length) return tables;
      const checks = (await this.query(
        "SELECT TABLE_NAME AS tableName, CONSTRAINT_NAME AS columnName FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND LEVEL = 'Column' AND CHECK_CLAUSE = CONCAT('json_valid(`', CONSTRAINT_NAME, '`)')",
      )) as Array<{ tableName: string; columnName: string }>;
      for (const table of tables) {
        for (const column of table.columns) {
          const isJson = checks.some((c) => c.tableName === table.name && c.columnName === column.name);
          if (isJson && column.type === 'longtext') {
            column.type = 'json';
            column.collation = undefined;
          }
          if (column.type === 'double' && column.precision === 22 && column.scale == null) column.precision = undefined;
        }
      }
      return tables;
    };
    return runner as unknown as ReturnType<typeof createQueryRunner>;
  };
}
