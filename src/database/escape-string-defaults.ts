import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

const MYSQL_FAMILY = new Set(['mysql', 'mariadb', 'aurora-mysql']);

/**
 * TypeORM 1.1.1 writes a string (or enum) default into DDL as `'${value}'`, quotes not doubled, on every driver
 * (normalizeDefault of AbstractSqliteDriver, PostgresDriver, MysqlDriver, SqlServerDriver): `default: "it's"`
 * becomes `DEFAULT 'it's'`, which no engine parses. Everything that writes a default goes through that method:
 * the schema builder, portable-schema's `column()` (so generated migrations and `alterColumn`), the offline SQL
 * of `migration:sql`, and on SQLite the table rebuild, which copies the Table's default text into
 * `DEFAULT (<text>)` as it is (AbstractSqliteQueryRunner.buildCreateColumnSql). Doubling the quotes there (and,
 * on MariaDB/MySQL, which read backslash escapes in strings, the backslashes) writes the literal each engine
 * reads back into the Table (`'it''s'`), so the schema builder's comparisons agree with the database too.
 */
export function escapeStringDefaults(dataSource: DataSource): void {
  const driver = dataSource.driver;
  const normalize = driver.normalizeDefault.bind(driver);
  const backslashes = MYSQL_FAMILY.has(dataSource.options.type);
  driver.normalizeDefault = (column: ColumnMetadata) => {
    const rendered = normalize(column);
    const value = column.default;
    // only the unescaped rendering of a string is rewritten; numbers, booleans, functions and arrays stay as they are
    if (typeof value !== 'string' || rendered !== `'${value}'`) return rendered;
    const escaped = (backslashes ? value.replace(/\\/g, '\\\\') : value).replace(/'/g, "''");
    return `'${escaped}'`;
  };
}
