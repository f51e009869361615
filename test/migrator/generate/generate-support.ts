/** What the migration:generate tests share: generating, migrating, and reading schemas, rows and drift. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource, DataSourceOptions, Table } from 'typeorm';
import type { DatabaseConfig } from '../../../src/config/app-config';
import { createDataSource } from '../../../src/database/data-source';
import { orderKeyColumns } from '../../../src/database/key-column-order';
import { renderMigration } from '../../../src/migrator/generate/migration-writer';
import { computeSchemaDiff, SchemaDiff, SchemaDiffOptions } from '../../../src/migrator/generate/schema-diff';
import { loadMigrationFiles } from '../../../src/migrator/migration-files';
import { Migrator } from '../../../src/migrator/migrator';
import { renderMigrationScript } from '../../../src/migrator/offline-script';
import { tsqlChecked } from '../../support/tsql-checked';
import { enumCheckAfterDefault, tsqlSyntaxErrors } from '../../support/tsql-syntax';

export type Entities = DataSourceOptions['entities'];
/** The project's own entities (src/entities/*.entity.ts), as the app loads them. */
export const PROJECT: Entities = undefined;
export const PORTABLE_SCHEMA = path.join(__dirname, '..', '..', '..', 'src', 'database', 'portable-schema');

export async function withDataSource<T>(
  config: DatabaseConfig,
  entities: Entities,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = createDataSource(config, { migrations: [], ...(entities ? { entities } : {}) });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export const diffOf = (config: DatabaseConfig, entities: Entities, options?: SchemaDiffOptions) =>
  withDataSource(config, entities, (ds) => computeSchemaDiff(ds, options));

/** What TypeORM's schema builder would still run to make the database match the entities. */
export const drift = (config: DatabaseConfig, entities: Entities) =>
  withDataSource(config, entities, async (ds) => (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query));

/** A raw statement; on SQL Server it must parse as T-SQL first (test/support/tsql-checked.ts). */
export const query = (config: DatabaseConfig, sql: string) =>
  withDataSource(config, [], (ds) => tsqlChecked(ds).query(sql) as Promise<Array<Record<string, unknown>>>);

export async function schemaOf(config: DatabaseConfig, names: string[]) {
  return withDataSource(config, [], async (ds) => {
    const runner = ds.createQueryRunner();
    try {
      const tables = (await runner.getTables(names)).sort((a, b) => a.name.localeCompare(b.name));
      await orderKeyColumns(runner, tables);
      return tables.map((table: Table) => ({
        name: table.name,
        columns: table.columns
          .map(
            (c) =>
              `${c.name} ${c.type}${c.length ? `(${c.length})` : ''}${c.precision != null ? ` p${c.precision},${c.scale}` : ''} ${c.isNullable ? 'null' : 'not null'} ${c.default ?? ''} ${c.enum?.join('|') ?? ''} ${c.isPrimary ? 'pk' : ''}`,
          )
          .sort(),
        uniques: table.uniques.map((u) => `${u.name} ${u.columnNames}`).sort(),
        foreignKeys: table.foreignKeys
          .map(
            (fk) => `${fk.name} ${fk.columnNames} -> ${fk.referencedTableName}(${fk.referencedColumnNames}) ${fk.onDelete} ${fk.onUpdate}`,
          )
          .sort(),
        indices: table.indices.map((i) => `${i.name} ${i.columnNames}${i.isUnique ? ' unique' : ''}`).sort(),
      }));
    } finally {
      await runner.release();
    }
  });
}

/** Runs every pending migration up (or `steps` of them), or reverts the newest. */
export async function migrate(config: DatabaseConfig, dir: string, direction: 'up' | 'down', steps?: number): Promise<void> {
  const migrator = await Migrator.open(config, { dir, print: () => {} });
  try {
    if (direction === 'up') await migrator.upgrade({ steps });
    else await migrator.downgrade();
  } finally {
    await migrator.close();
  }
}

let clock = 1_800_000_000_000;

/** A migration timestamp after every one written so far in this test file. */
export const nextTimestamp = () => ++clock;

/**
 * The first engine's generated source per scenario and migration: every engine must write the same file
 * (timestamps aside), whichever engine the migration was generated against. `generate` checks every file it
 * writes, so every scenario of a test file is held to it.
 */
const firstSource = new Map<string, string>();
export function expectSameOnEveryEngine(migration: string, source: string): void {
  // the test's name without its engine: "migration:generate [postgres] new model: ..." → "new model: ..."
  const scenario = `${(expect.getState().currentTestName ?? '').replace(/^.*?\] /, '')} / ${migration}`;
  const normalized = source.replace(/\d{13}/g, '<timestamp>');
  if (firstSource.has(scenario)) expect(normalized).toEqual(firstSource.get(scenario));
  else firstSource.set(scenario, normalized);
}

/** Generates from `entities` against the database and writes the migration into `dir`. */
export async function generate(
  config: DatabaseConfig,
  entities: Entities,
  dir: string,
  name: string,
  options?: SchemaDiffOptions,
): Promise<{ diff: SchemaDiff; source: string; className: string }> {
  const diff = await diffOf(config, entities, options);
  const rendered = renderMigration(diff, {
    name,
    timestamp: nextTimestamp(),
    portableSchemaImport: path.relative(dir, PORTABLE_SCHEMA).split(path.sep).join('/'),
  });
  writeFileSync(path.join(dir, rendered.fileName), rendered.source);
  await expectValidTsql(dir);
  expectSameOnEveryEngine(name, rendered.source);
  return { diff, source: rendered.source, className: rendered.className };
}

/** Every migration generated so far, rendered offline for SQL Server (up, then down), parses as T-SQL. */
export async function expectValidTsql(dir: string): Promise<void> {
  const files = loadMigrationFiles(dir);
  for (const down of [false, true]) {
    const script = await renderMigrationScript(files, { dialect: 'mssql', down });
    expect(script).toContain(`-- ${files[files.length - 1].name} (${down ? 'down' : 'up'})`);
    const batches = script
      .split(/^GO$/m)
      .map((batch) => enumCheckAfterDefault(batch.trim()))
      .filter(Boolean);
    expect(batches.flatMap((batch) => tsqlSyntaxErrors(batch).map((e) => `${e.message} in: ${batch}`))).toEqual([]);
  }
}
