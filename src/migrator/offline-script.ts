import type { DataSource, MigrationInterface } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { createDataSource } from '../database/data-source';
import { renderMigrationsSql, toSqlScript } from '../database/offline-sql';
import { HistoryTable } from './history-table';
import type { MigrationFile } from './migration-files';
import { MigratorError, resolveName } from './migration-plan';

export const DIALECTS = ['mssql', 'postgres', 'sqlite', 'mariadb'] as const;
export type Dialect = (typeof DIALECTS)[number];

export interface ScriptOptions {
  dialect: Dialect;
  /** up: the last migration already applied (exclusive; default base). down: the first to revert (inclusive; default the newest). */
  from?: string;
  /** up: the last migration to apply (inclusive; default the newest). down: the one to stop at, left applied (default base). */
  to?: string;
  down: boolean;
  /** The migrations table (default: `migrationsTableName` of the options, i.e. `migrations`). */
  tableName?: string;
}

/**
 * Placeholders for a DataSource that is never initialized: nothing connects, and `offline.invalid` could not
 * resolve if it tried. No database name: SQL Server's sp_rename spells out the driver's database when it has one
 * (`app..notes.title`), and a script must rename in whichever database it is run against (MSSQL_DB, sqlcmd -d),
 * as its other statements ("notes") do.
 */
const SERVER = {
  host: 'offline.invalid',
  username: 'offline',
  database: '',
  poolSize: 1,
  ssl: false,
  trustServerCertificate: false,
  logQueries: false,
};
export const OFFLINE_CONFIGS: Record<Dialect, DatabaseConfig> = {
  mssql: { type: 'mssql', port: 1433, ...SERVER },
  postgres: { type: 'postgres', port: 5432, ...SERVER },
  mariadb: { type: 'mariadb', port: 3306, ...SERVER },
  sqlite: { type: 'sqlite', path: ':memory:', logQueries: false },
};

interface Transaction {
  begin: string[];
  commit: string;
}

const TRANSACTION: Record<Dialect, Transaction> = {
  mssql: { begin: ['BEGIN TRANSACTION'], commit: 'COMMIT' },
  postgres: { begin: ['BEGIN'], commit: 'COMMIT' },
  sqlite: { begin: ['BEGIN'], commit: 'COMMIT' },
  mariadb: {
    begin: [
      '-- MariaDB commits each DDL statement implicitly: this transaction cannot undo them, only the history row',
      'START TRANSACTION',
    ],
    commit: 'COMMIT',
  },
};

/** TypeORM lets a migration opt out of transactions (`transaction = false`); the executor honours it, so does the script. */
const wantsTransaction = (migration: MigrationFile) => (migration.instance as { transaction?: boolean }).transaction !== false;

interface Selection {
  migrations: MigrationFile[];
  /** Applied beneath the selection: rendered only to build the schema the selection introspects. */
  beneath: MigrationFile[];
  fromBase: boolean;
}

function indexOf(files: MigrationFile[], given: string): number {
  const name = resolveName(files, given);
  return files.findIndex((file) => file.name === name);
}

/** The migrations the script covers, in timestamp order, and those applied beneath them. */
function select(files: MigrationFile[], { from, to, down }: ScriptOptions): Selection {
  const isBase = (name: string | undefined) => name === 'base';
  if (!down) {
    if (isBase(to)) throw new MigratorError('--to base is for a revert script: add --down');
    const after = from === undefined || isBase(from) ? -1 : indexOf(files, from);
    const upTo = to === undefined ? files.length - 1 : indexOf(files, to);
    if (upTo < after)
      throw new MigratorError(`--to ${files[upTo].name} is older than --from ${files[after].name}: add --down for a revert script`);
    return { migrations: files.slice(after + 1, upTo + 1), beneath: files.slice(0, after + 1), fromBase: after === -1 };
  }
  if (isBase(from)) throw new MigratorError('--from base is for an upgrade script: a revert starts at a migration');
  const start = from === undefined ? files.length - 1 : indexOf(files, from);
  const stop = to === undefined || isBase(to) ? -1 : indexOf(files, to);
  if (stop > start)
    throw new MigratorError(`--to ${files[stop].name} is newer than --from ${files[start].name}: drop --down for an upgrade script`);
  return { migrations: files.slice(stop + 1, start + 1), beneath: files.slice(0, stop + 1), fromBase: false };
}

/** A string literal: quotes doubled, and N'…' on SQL Server so a name is never squeezed through a code page. */
function literal(value: string, dialect: Dialect): string {
  const quoted = `'${value.replace(/'/g, "''")}'`;
  return dialect === 'mssql' ? `N${quoted}` : quoted;
}

/** As TypeORM's query builder escapes a table path: each dotted part on its own. */
function escapePath(dataSource: DataSource, path: string): string {
  return path
    .split('.')
    .map((part) => (part === '' ? part : dataSource.driver.escape(part)))
    .join('.');
}

/** What HistoryTable.record and .remove write, with the values inlined (a script has no parameters). */
function historyStatement(dataSource: DataSource, dialect: Dialect, table: string, migration: MigrationFile, down: boolean): string {
  const column = (name: string) => dataSource.driver.escape(name);
  if (down) return `DELETE FROM ${escapePath(dataSource, table)} WHERE ${column('name')} = ${literal(migration.name, dialect)}`;
  const columns = ['timestamp', 'name', 'checksum', 'applied_at'].map(column).join(', ');
  const checksum = migration.checksum === null ? 'NULL' : literal(migration.checksum, dialect);
  // What the engine's CreateDateColumn defaults to, so applied_at is written as TypeORM would write a creation date.
  const now = dataSource.driver.mappedDataTypes.createDateDefault;
  return `INSERT INTO ${escapePath(dataSource, table)} (${columns}) VALUES (${migration.timestamp}, ${literal(migration.name, dialect)}, ${checksum}, ${now})`;
}

/** The migrations table exactly as HistoryTable.ensure() makes it on an empty database: its own code, rendered offline. */
async function historyTableSql(dataSource: DataSource, table: string): Promise<string[]> {
  const ensure: MigrationInterface = {
    name: `${table} table`,
    up: (queryRunner) => new HistoryTable(queryRunner, table).ensure(),
    down: async () => undefined,
  };
  const [rendered] = await renderMigrationsSql(dataSource, [ensure], { direction: 'up' });
  return rendered.statements;
}

function describeRange(selection: Selection, down: boolean): string {
  const names = selection.migrations.map((file) => file.name);
  const span = names.length === 1 ? names[0] : down ? `${names.at(-1)} down to ${names[0]}` : `${names[0]} up to ${names.at(-1)}`;
  const below = selection.beneath.at(-1)?.name;
  if (down) return `revert ${span}${below ? ` (${below} stays applied)` : ', back to base'}`;
  return `apply ${span} (on top of ${below ?? 'base'})`;
}

/**
 * The SQL a migration run (or with `down`, a revert) would execute, as one script for a reviewer or a DBA,
 * rendered without connecting to any database: per migration a header, its transaction, its statements and
 * the history row, as the migrator's executor does it in `each` mode.
 */
export async function renderMigrationScript(files: MigrationFile[], options: ScriptOptions): Promise<string> {
  const { dialect, down } = options;
  const selection = select(files, options);
  const table = options.tableName ?? 'migrations';
  // Never initialized: no pool, no file, no connection. Entities are not needed to render migrations.
  const dataSource = createDataSource(OFFLINE_CONFIGS[dialect], {
    entities: [],
    migrations: [],
    migrationsTableName: table,
    logging: false,
  });
  const type = dataSource.options.type;

  const header = [`-- ${down ? 'Revert' : 'Migration'} script for ${dialect}, rendered offline by npm run migration:sql`];
  if (dialect === 'mssql') {
    // sqlcmd starts with QUOTED_IDENTIFIER off, and TypeORM quotes every name with double quotes
    header.push(
      '-- Run it with sqlcmd -b -I: -b stops at the first failing batch (its open transaction rolls back), -I reads "names" as identifiers',
    );
  }
  if (!selection.migrations.length) return toSqlScript([...header, `-- nothing to ${down ? 'revert' : 'apply'}`], type);
  header.push(`-- ${describeRange(selection, down)}`);

  // One section per step, a blank line between them for the reader.
  const sections: string[][] = [header];
  if (selection.fromBase) {
    sections.push([
      `-- the ${table} table, as the migrator creates it on an empty database`,
      ...(await historyTableSql(dataSource, table)),
    ]);
  }
  const rendered = await renderMigrationsSql(
    dataSource,
    selection.migrations.map((file) => file.instance),
    { direction: down ? 'down' : 'up', applied: selection.beneath.map((file) => file.instance) },
  );
  const ordered = down ? [...selection.migrations].reverse() : selection.migrations;
  for (const [index, migration] of ordered.entries()) {
    const own = wantsTransaction(migration);
    sections.push([
      `-- ${migration.name} (${down ? 'down' : 'up'})${own ? '' : ': transaction = false, so no transaction'}`,
      ...(own ? TRANSACTION[dialect].begin : []),
      ...rendered[index].statements,
      historyStatement(dataSource, dialect, table, migration, down),
      ...(own ? [TRANSACTION[dialect].commit] : []),
    ]);
  }
  return sections.map((section) => toSqlScript(section, type)).join('\n\n');
}
