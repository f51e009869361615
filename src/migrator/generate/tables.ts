import { EntityMetadata, getMetadataArgsStorage, QueryRunner, Table } from 'typeorm';
import type { IndexMetadata } from 'typeorm/metadata/IndexMetadata';
import { timestampColumns } from '../../database/portable-schema';
import { columnFromTable, columnsFromMetadata } from './columns';
import type { ColumnSpec, SchemaDiff, TableSpec } from './diff-types';

/** Whole tables as a migration creates them (from the entity) or drops and re-creates them (from the live table). */

/**
 * MariaDB/MySQL metadata turns every `@Unique` into a unique index (TypeORM's EntityMetadataBuilder); written
 * that way the migration would make a unique index, not a constraint, on the other engines. The decorator's
 * own arguments say which indices were uniques.
 */
function isDeclaredUnique(metadata: EntityMetadata, index: IndexMetadata): boolean {
  if (!index.isUnique || index.where) return false;
  const columns = index.columns
    .map((c) => c.propertyPath)
    .sort()
    .join();
  return getMetadataArgsStorage()
    .filterUniques(metadata.inheritanceTree)
    .some((args) => (args.name ? args.name === index.name : Array.isArray(args.columns) && [...args.columns].sort().join() === columns));
}

export function tableFromMetadata(queryRunner: QueryRunner, metadata: EntityMetadata, warnings: string[]): TableSpec {
  const name = metadata.tablePath;
  for (const check of metadata.checks) warnings.push(`${name}: check ${check.name} is not generated; add it by hand`);
  const indices = metadata.indices.filter((index) => index.synchronize !== false);
  const uniqueIndices = indices.filter((index) => !metadata.uniques.length && isDeclaredUnique(metadata, index));
  return {
    name,
    columns: columnsFromMetadata(queryRunner, metadata, warnings),
    uniques: [
      ...metadata.uniques.map((u) => ({ name: u.name, columnNames: u.columns.map((c) => c.databaseName) })),
      ...uniqueIndices.map((i) => ({ name: i.name, columnNames: i.columns.map((c) => c.databaseName) })),
    ],
    indices: indices
      .filter((index) => !uniqueIndices.includes(index))
      .map((index) => ({
        name: index.name,
        columnNames: index.columns.map((c) => c.databaseName),
        isUnique: index.isUnique,
        where: index.where || undefined,
      })),
    foreignKeys: metadata.foreignKeys.map((fk) => ({
      name: fk.name,
      columnNames: fk.columnNames,
      referencedTableName: fk.referencedTablePath,
      referencedColumnNames: fk.referencedColumnNames,
      onDelete: fk.onDelete,
      onUpdate: fk.onUpdate,
    })),
  };
}

export function tableFromLoaded(queryRunner: QueryRunner, table: Table, warnings: string[]): TableSpec {
  const [expectCreated, expectUpdated] = timestampColumns(queryRunner);
  const created = table.columns.find((c) => c.name === 'created_at');
  const updated = table.columns.find((c) => c.name === 'updated_at');
  const folded =
    !!created &&
    !!updated &&
    created.type === expectCreated.type &&
    updated.type === expectUpdated.type &&
    !created.isNullable &&
    !updated.isNullable;
  const columns: ColumnSpec[] = [];
  for (const col of table.columns) {
    if (folded && col === created) columns.push({ kind: 'timestamps' });
    else if (folded && col === updated) continue;
    else columns.push(columnFromTable(queryRunner, table, col, warnings));
  }
  // MariaDB/MySQL keep unique constraints as unique indices; the naming strategy's UQ_ prefix says which were.
  const mysqlFamily = ['mysql', 'mariadb'].includes(queryRunner.connection.options.type);
  const uniqueIndices = mysqlFamily ? table.indices.filter((i) => i.isUnique && !i.where && i.name?.startsWith('UQ_')) : [];
  for (const check of table.checks) {
    if (check.name) warnings.push(`${table.name}: check ${check.name} (${check.expression}) is not recreated by down; add it by hand`);
  }
  // engines list keys in their own order: by name, the file `down` re-creates them in is the same on every one
  const byName = <K extends { name: string }>(keys: K[]) => keys.sort((a, b) => a.name.localeCompare(b.name));
  return {
    name: table.name,
    columns,
    uniques: byName([
      ...table.uniques.map((u) => ({ name: u.name!, columnNames: [...u.columnNames] })),
      ...uniqueIndices.map((i) => ({ name: i.name!, columnNames: [...i.columnNames] })),
    ]),
    indices: byName(
      table.indices
        .filter((i) => !uniqueIndices.includes(i))
        .map((i) => ({ name: i.name!, columnNames: [...i.columnNames], isUnique: !!i.isUnique, where: i.where || undefined })),
    ),
    foreignKeys: byName(
      table.foreignKeys.map((fk) => ({
        name: fk.name!,
        columnNames: [...fk.columnNames],
        referencedTableName: fk.referencedTableName,
        referencedColumnNames: [...fk.referencedColumnNames],
        onDelete: fk.onDelete,
        onUpdate: fk.onUpdate,
      })),
    ),
  };
}

/** Referenced tables first; a cycle (or a self-reference) keeps the given order for what is left. */
export function dependencyOrder(tables: TableSpec[]): TableSpec[] {
  const names = new Set(tables.map((t) => t.name));
  const done = new Set<string>();
  const ordered: TableSpec[] = [];
  let remaining = [...tables];
  while (remaining.length) {
    const ready = remaining.filter((t) =>
      t.foreignKeys.every(
        (fk) => fk.referencedTableName === t.name || !names.has(fk.referencedTableName) || done.has(fk.referencedTableName),
      ),
    );
    const next = ready.length ? ready : [remaining[0]];
    for (const table of next) {
      ordered.push(table);
      done.add(table.name);
    }
    remaining = remaining.filter((t) => !done.has(t.name));
  }
  return ordered;
}
/** Live tables without an entity, in drop order (rebuilt for `down`); one another table still references is refused. */
export function compareDroppedTables(queryRunner: QueryRunner, existing: Table[], droppedNames: Set<string>, diff: SchemaDiff): void {
  const dropped = existing.filter((t) => droppedNames.has(t.name));
  diff.dropTables = dependencyOrder(dropped.map((t) => tableFromLoaded(queryRunner, t, diff.warnings))).reverse();
  for (const table of diff.dropTables) {
    const kept = existing.filter(
      (t) =>
        !droppedNames.has(t.name) &&
        t.foreignKeys.some(
          (fk) =>
            fk.referencedTableName === table.name && !diff.dropForeignKeys.some((d) => d.table === t.name && d.foreignKey.name === fk.name),
        ),
    );
    for (const referencing of kept) {
      diff.unsupported.push({
        table: table.name,
        message: `${referencing.name} still has a foreign key to ${table.name}, which is to be dropped`,
      });
    }
  }
}
