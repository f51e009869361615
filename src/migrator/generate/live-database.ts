import type { QueryRunner } from 'typeorm';

/** What the comparison reads from the live database besides getTables(). */

/** The base tables of the current database/schema, by name (getTables() without names would read the whole server). */
export async function liveTableNames(queryRunner: QueryRunner): Promise<string[]> {
  const type = queryRunner.connection.options.type;
  let sql: string;
  if (type === 'better-sqlite3')
    sql = `SELECT name AS table_name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;
  else if (type === 'postgres')
    sql = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  else if (type === 'mariadb' || type === 'mysql')
    sql = `SELECT TABLE_NAME AS table_name FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`;
  else if (type === 'mssql')
    sql = `SELECT TABLE_NAME AS table_name FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_TYPE = 'BASE TABLE'`;
  else throw new Error(`migration:generate does not support ${type}`);
  const rows: Array<Record<string, string>> = await queryRunner.query(sql);
  return rows.map((row) => row.table_name ?? row.TABLE_NAME).sort();
}

export async function countRows(queryRunner: QueryRunner, table: string): Promise<number> {
  const escaped = queryRunner.connection.driver.escape(table);
  const rows: Array<Record<string, unknown>> = await queryRunner.query(`SELECT COUNT(*) AS row_count FROM ${escaped}`);
  const row = rows[0] ?? {};
  return Number(row.row_count ?? row.ROW_COUNT ?? Object.values(row)[0] ?? 0);
}
