import type { EntityMetadata, QueryRunner, Table } from 'typeorm';
import type { ForeignKeySpec, IndexSpec, UniqueSpec, UnsupportedChange } from './diff-types';
import { tableFromLoaded, tableFromMetadata } from './tables';

/** In order: an index on (price, id) is not one on (id, price) (the live order is read in key order). */
const sameColumns = (a: string[], b: string[]) => a.length === b.length && a.every((c, i) => b[i] === c);

/**
 * The indices, uniques and foreign keys of an existing table against its entity's, by name, as TypeORM's
 * RdbmsSchemaBuilder compares them: a key whose definition changed is dropped and created again. Uniques
 * (MariaDB keeps them as `UQ_*` unique indices; both sides are read that way) become createUnique/dropUnique.
 * A unique whose columns are dropped goes with them (the column drop warns about it).
 */
export function compareKeys(
  queryRunner: QueryRunner,
  metadata: EntityMetadata,
  table: Table,
): {
  dropIndices: IndexSpec[];
  createIndices: IndexSpec[];
  dropUniques: UniqueSpec[];
  createUniques: UniqueSpec[];
  dropForeignKeys: ForeignKeySpec[];
  createForeignKeys: ForeignKeySpec[];
  unsupported: UnsupportedChange[];
} {
  const scratch: string[] = [];
  const target = tableFromMetadata(queryRunner, metadata, scratch);
  const current = tableFromLoaded(queryRunner, table, scratch);
  const unsynchronized = new Set(metadata.indices.filter((i) => i.synchronize === false).map((i) => i.name));

  const indexChanged = (live: IndexSpec, wanted: IndexSpec | undefined) =>
    !wanted || live.isUnique !== wanted.isUnique || !sameColumns(live.columnNames, wanted.columnNames);
  const dropIndices = current.indices.filter(
    (live) =>
      !unsynchronized.has(live.name) &&
      indexChanged(
        live,
        target.indices.find((i) => i.name === live.name),
      ),
  );
  const createIndices = target.indices.filter((wanted) => {
    const live = current.indices.find((i) => i.name === wanted.name);
    return !live || dropIndices.includes(live);
  });

  const fkChanged = (live: ForeignKeySpec, wanted: ForeignKeySpec | undefined) =>
    !wanted || !!(wanted.onDelete && wanted.onDelete !== live.onDelete) || !!(wanted.onUpdate && wanted.onUpdate !== live.onUpdate);
  const dropForeignKeys = current.foreignKeys.filter((live) =>
    fkChanged(
      live,
      target.foreignKeys.find((f) => f.name === live.name && f.referencedTableName === live.referencedTableName),
    ),
  );
  const createForeignKeys = target.foreignKeys.filter((wanted) => {
    const live = current.foreignKeys.find((f) => f.name === wanted.name && f.referencedTableName === wanted.referencedTableName);
    return !live || dropForeignKeys.includes(live);
  });

  const unsupported: UnsupportedChange[] = [];
  const columnNames = new Set(metadata.columns.map((c) => c.databaseName));
  const liveIndexNames = new Set(current.indices.map((i) => i.name));
  const wantedIndexNames = new Set(target.indices.map((i) => i.name));
  const dropUniques = current.uniques.filter((live) => {
    if (wantedIndexNames.has(live.name) || !live.columnNames.every((c) => columnNames.has(c))) return false;
    const wanted = target.uniques.find((u) => u.name === live.name);
    return !wanted || !sameColumns(live.columnNames, wanted.columnNames);
  });
  const createUniques = target.uniques.filter((wanted) => {
    if (liveIndexNames.has(wanted.name)) return false;
    const live = current.uniques.find((u) => u.name === wanted.name);
    return !live || dropUniques.includes(live);
  });
  return { dropIndices, createIndices, dropUniques, createUniques, dropForeignKeys, createForeignKeys, unsupported };
}
