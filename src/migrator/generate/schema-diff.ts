import type { DataSource } from 'typeorm';
import { orderKeyColumns } from '../../database/key-column-order';
import { compareAddedColumns, compareChangedColumns, compareDroppedColumns } from './column-changes';
import type { SchemaDiff, SchemaDiffOptions } from './diff-types';
import { compareKeys } from './keys';
import { liveTableNames } from './live-database';
import { applyRenames, refuseGuessedRenames } from './renames';
import { parseRequests, reportUnusedRequests } from './requests';
import { matchTableRenames } from './table-renames';
import { compareDroppedTables, dependencyOrder, tableFromMetadata } from './tables';

export * from './diff-types';
export { dependencyOrder } from './tables';

/**
 * The first slice of `migration:generate` (Alembic's `revision --autogenerate`): what differs between the entity
 * metadata and the live database, expressed in the portable vocabulary of src/database/portable-schema.ts so the
 * migration written from it runs on every engine. Tables to create and drop; columns to add, change, rename and
 * drop; and indices, uniques and foreign keys to add to or drop from existing tables are generated; everything else that
 * differs is listed as `unsupported` for a human to write by hand.
 *
 * This file only runs the comparators in order, as Alembic's compare/ package does; each kind of change is
 * compared in a file of its own: tables.ts, columns.ts (a column in portable words), column-changes.ts, keys.ts,
 * renames.ts and table-renames.ts.
 */

function emptyDiff(): SchemaDiff {
  return {
    createTables: [],
    dropTables: [],
    renameTables: [],
    addColumns: [],
    renameColumns: [],
    changeColumns: [],
    dropColumns: [],
    dropIndices: [],
    dropForeignKeys: [],
    createIndices: [],
    dropUniques: [],
    createUniques: [],
    createForeignKeys: [],
    unsupported: [],
    warnings: [],
  };
}

/**
 * Compares the DataSource's entities with its live database. The DataSource must be initialized; nothing is
 * changed in the database.
 */
export async function computeSchemaDiff(dataSource: DataSource, options: SchemaDiffOptions = {}): Promise<SchemaDiff> {
  const queryRunner = dataSource.createQueryRunner();
  const diff = emptyDiff();
  try {
    const entities = dataSource.entityMetadatas.filter((m) => m.tableType !== 'view' && m.tableType !== 'entity-child');
    const live = await liveTableNames(queryRunner);
    const ignored = new Set([dataSource.options.migrationsTableName ?? 'migrations', 'typeorm_metadata', ...(options.ignoreTables ?? [])]);
    const entityTables = new Set(entities.map((m) => m.tablePath));
    const existing = await queryRunner.getTables(live.filter((name) => entityTables.has(name) || !ignored.has(name)));
    await orderKeyColumns(queryRunner, existing);
    const requests = parseRequests(options.renames ?? [], options.drops ?? [], diff);
    const droppedTables = new Set(existing.filter((t) => !entityTables.has(t.name) && !ignored.has(t.name)).map((t) => t.name));
    matchTableRenames(queryRunner, entities, existing, droppedTables, requests, options.migrationName, diff);

    for (const metadata of entities) {
      const table = existing.find((t) => t.name === metadata.tablePath);
      if (!table) {
        diff.createTables.push(tableFromMetadata(queryRunner, metadata, diff.warnings));
        continue;
      }
      const name = table.name;
      const keys = compareKeys(queryRunner, metadata, table);
      diff.dropIndices.push(...keys.dropIndices.map((index) => ({ table: name, index })));
      diff.createIndices.push(...keys.createIndices.map((index) => ({ table: name, index })));
      diff.dropUniques.push(...keys.dropUniques.map((unique) => ({ table: name, unique })));
      diff.createUniques.push(...keys.createUniques.map((unique) => ({ table: name, unique })));
      diff.dropForeignKeys.push(...keys.dropForeignKeys.map((foreignKey) => ({ table: name, foreignKey })));
      diff.createForeignKeys.push(...keys.createForeignKeys.map((foreignKey) => ({ table: name, foreignKey })));
      diff.unsupported.push(...keys.unsupported);

      const metadataColumns = metadata.columns.filter((c) => !c.isVirtualProperty);
      let columns = {
        added: metadataColumns.filter((c) => !table.columns.some((t) => t.name === c.databaseName)),
        dropped: table.columns.filter((t) => !metadataColumns.some((c) => c.databaseName === t.name)),
      };
      columns = applyRenames(queryRunner, table, requests, columns, diff);
      columns = refuseGuessedRenames(queryRunner, table, columns, requests, options.migrationName, diff);
      await compareAddedColumns(queryRunner, table, columns.added, diff);
      compareDroppedColumns(queryRunner, table, columns.dropped, keys, diff);
      compareChangedColumns(queryRunner, table, metadataColumns, diff);
    }

    compareDroppedTables(queryRunner, existing, droppedTables, diff);
    reportUnusedRequests(requests, diff);
    diff.createTables = dependencyOrder(diff.createTables);
    return diff;
  } finally {
    await queryRunner.release();
  }
}
