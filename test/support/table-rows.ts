import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { tsqlChecked } from './tsql-checked';

/** Every row of every table, by table name; each table's rows as canonical JSON lines, sorted. */
export type RowSnapshot = Record<string, string[]>;

/** Values engines hand back in different JS types for the same stored value, made comparable. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function rowKey(row: Record<string, unknown>): string {
  const sorted = Object.keys(row)
    .sort()
    .map((key) => [key, canonical(row[key])]);
  return JSON.stringify(Object.fromEntries(sorted));
}

/** The user tables of the database (the migration history and lock tables included: they are rows too). */
async function tableNames(dataSource: DataSource): Promise<string[]> {
  const type = dataSource.options.type;
  const sql =
    type === 'better-sqlite3'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : type === 'postgres'
        ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        : type === 'mssql'
          ? "SELECT TABLE_NAME AS name FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
          : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'";
  const rows = (await tsqlChecked(dataSource).query(sql)) as Array<Record<string, string>>;
  return rows.map((row) => row.name ?? row.NAME ?? row.TABLE_NAME).sort();
}

/** Reads every row of every table through an open DataSource. */
export async function snapshotRowsOf(dataSource: DataSource): Promise<RowSnapshot> {
  const snapshot: RowSnapshot = {};
  for (const name of await tableNames(dataSource)) {
    const rows = (await tsqlChecked(dataSource).query(`SELECT * FROM ${dataSource.driver.escape(name)}`)) as Array<Record<string, unknown>>;
    snapshot[name] = rows.map(rowKey).sort();
  }
  return snapshot;
}

/** Reads every row of every table of the database `config` points at (a DataSource of its own, no entities). */
export async function snapshotRows(config: DatabaseConfig): Promise<RowSnapshot> {
  const dataSource = createDataSource(config, { migrations: [], entities: [] });
  await dataSource.initialize();
  try {
    return await snapshotRowsOf(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** How many rows each table holds, for a failure message that says where rows went. */
export function rowCounts(snapshot: RowSnapshot): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshot).map(([table, rows]) => [table, rows.length]));
}

/**
 * The snapshot with the tables a migration step is meant to change taken out, and the migration history (whose
 * rows every step changes) left out unless asked for: what must be equal before and after the step.
 */
export function withoutTables(snapshot: RowSnapshot, ...tables: string[]): RowSnapshot {
  const skip = new Set([...tables, 'migrations']);
  return Object.fromEntries(Object.entries(snapshot).filter(([table]) => !skip.has(table)));
}

/** The snapshot with one column taken out of one table's rows: a step that adds that column must change nothing else. */
export function withoutColumn(snapshot: RowSnapshot, table: string, column: string): RowSnapshot {
  const rows = snapshot[table];
  if (!rows) return snapshot;
  const stripped = rows.map((line) => {
    const row = JSON.parse(line) as Record<string, unknown>;
    delete row[column];
    return JSON.stringify(row);
  });
  return { ...snapshot, [table]: stripped.sort() };
}
