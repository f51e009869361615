import type { QueryRunner } from 'typeorm';
import { createDataSource } from '../database/data-source';
import { OfflineRenderError, renderMigrationsSql } from '../database/offline-sql';
import type { MigrationFile } from './migration-files';
import { OFFLINE_CONFIGS } from './offline-configs';

/** What a pending migration's `up` would destroy, found in the SQL it renders. */
export interface DestructiveChange {
  migration: string;
  table: string;
  /** Absent when the whole table goes. */
  column?: string;
}

export interface DestructiveFindings {
  changes: DestructiveChange[];
  /** Migrations whose SQL cannot be known without running them (they read the database): not judged. */
  unreadable: { migration: string; reason: string }[];
}

// Rendered for PostgreSQL whatever the engine: it states a drop as a drop, where SQLite's rebuilds also DROP
// TABLE the original after copying it, which would read as a loss.
const DROP_TABLE = /^DROP TABLE "(?:[^"]+"\.")?([^"]+)"/;
const DROP_COLUMN = /^ALTER TABLE "(?:[^"]+"\.")?([^"]+)" DROP COLUMN "([^"]+)"/;

/**
 * The tables and columns the `up`s of `pending` drop, in order, rendered offline on top of `applied` (nothing is
 * run). A table a migration creates and drops again, or drops after renaming, is reported under its name then.
 */
export async function findDestructiveChanges(applied: MigrationFile[], pending: MigrationFile[]): Promise<DestructiveFindings> {
  const dataSource = createDataSource(OFFLINE_CONFIGS.postgres, { entities: [], migrations: [], logging: false });
  const findings: DestructiveFindings = { changes: [], unreadable: [] };
  const beneath = applied.map((file) => file.instance);
  for (const file of pending) {
    try {
      const [rendered] = await renderMigrationsSql(dataSource, [file.instance], { direction: 'up', applied: beneath });
      for (const statement of rendered.statements) {
        const column = DROP_COLUMN.exec(statement);
        const table = DROP_TABLE.exec(statement);
        if (column) findings.changes.push({ migration: file.name, table: column[1], column: column[2] });
        else if (table) findings.changes.push({ migration: file.name, table: table[1] });
      }
    } catch (error) {
      if (!(error instanceof OfflineRenderError)) throw error;
      findings.unreadable.push({ migration: file.name, reason: error.message });
    }
    beneath.push(file.instance);
  }
  return findings;
}

/** `drops table products (12 rows)`, `drops column products.category (7 values in 12 rows)`, from the live database. */
export async function describeLoss(runner: QueryRunner, change: DestructiveChange): Promise<string> {
  const escape = (name: string) => runner.connection.driver.escape(name);
  const name = change.column ? `column ${change.table}.${change.column}` : `table ${change.table}`;
  if (!(await runner.hasTable(change.table))) return `drops ${name} (not in the database yet: nothing to lose)`;
  if (change.column && !(await runner.hasColumn(change.table, change.column))) return `drops ${name} (not in the database yet)`;
  const count = change.column ? `COUNT(*) AS "rows", COUNT(${escape(change.column)}) AS "values"` : 'COUNT(*) AS "rows"';
  const [row] = (await runner.query(`SELECT ${count} FROM ${escape(change.table)}`)) as Array<{
    rows: number | string;
    values?: number | string;
  }>;
  const rows = Number(row.rows);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (!change.column) return `drops ${name} (${plural(rows, 'row')})`;
  return `drops ${name} (${plural(Number(row.values), 'value')} in ${plural(rows, 'row')})`;
}
