import type { EntityMetadata, QueryRunner, Table } from 'typeorm';
import { renamedTable } from '../../database/rename-table';
import type { SchemaDiff } from './diff-types';
import { dropAccepted, Requests } from './requests';

/** Columns every table has, which say nothing about whether two tables are one. */
const GENERIC = new Set(['id', 'created_at', 'updated_at']);

/** A table gone and an entity's table new that share a column beyond the generic ones may be one table renamed. */
function mayBeRenamed(gone: Table, entity: EntityMetadata): boolean {
  const own = gone.columns.map((c) => c.name).filter((name) => !GENERIC.has(name));
  const wanted = new Set(entity.columns.map((c) => c.databaseName));
  return !own.length || own.some((name) => wanted.has(name));
}

/**
 * MariaDB/MySQL read a varchar of the default length (255) back with its length only when an entity has the
 * table's name (TypeORM's isDefaultColumnLength): read under its old name, the renamed table has none, so its
 * lengths are put back as they would read under the new one.
 */
function lengthsAsUnderNewName(queryRunner: QueryRunner, live: Table, entity: EntityMetadata): void {
  if (!['mariadb', 'mysql'].includes(queryRunner.connection.options.type)) return;
  const defaults = (queryRunner.connection.driver as { dataTypeDefaults?: Record<string, { length?: number }> }).dataTypeDefaults;
  for (const column of live.columns) {
    const length = defaults?.[String(column.type)]?.length;
    if (!column.length && length && entity.findColumnWithDatabaseName(column.name)?.length) column.length = String(length);
  }
}

/**
 * Live tables without an entity (`dropped`) while an entity's table is not in the database. `--rename old:new`
 * renames the table: the rest of the comparison sees it, and the foreign keys pointing at it, under the new names
 * (renamedTable: the keys named after it follow). Otherwise a table that may be the new one renamed is refused
 * with the `--rename`, unless `--drop old` says its rows may go. `loaded` is changed to what the comparison is to
 * see; `dropped` keeps only the tables to drop.
 */
export function matchTableRenames(
  queryRunner: QueryRunner,
  entities: EntityMetadata[],
  loaded: Table[],
  dropped: Set<string>,
  requests: Requests,
  migrationName: string | undefined,
  diff: SchemaDiff,
): void {
  const naming = queryRunner.connection.namingStrategy;
  const newTables = () => entities.filter((m) => !loaded.some((t) => t.name === m.tablePath));
  for (const rename of requests.tableRenames) {
    const live = loaded.find((t) => t.name === rename.from && dropped.has(t.name));
    const entity = newTables().find((m) => m.tablePath === rename.to);
    if (!live || !entity) continue;
    rename.used = true;
    dropped.delete(rename.from);
    diff.renameTables.push({ from: rename.from, to: rename.to });
    // the loaded columns kept as they are: the drivers' column comparison is not to be trusted on clones
    const target = renamedTable(live, rename.to, naming);
    Object.assign(live, { name: target.name, uniques: target.uniques, indices: target.indices, foreignKeys: target.foreignKeys });
    lengthsAsUnderNewName(queryRunner, live, entity);
    // every engine points the foreign keys of other tables at the renamed table
    for (const foreignKey of loaded.flatMap((t) => t.foreignKeys)) {
      if (foreignKey.referencedTableName === rename.from) foreignKey.referencedTableName = rename.to;
    }
  }
  const command = `npm run migration:generate -- ${migrationName ?? '<Name>'}`;
  for (const name of [...dropped]) {
    if (dropAccepted(requests, name)) continue;
    const gone = loaded.find((t) => t.name === name)!;
    const candidates = newTables().filter((m) => mayBeRenamed(gone, m));
    if (!candidates.length) continue;
    dropped.delete(name);
    diff.unsupported.push({
      table: name,
      message: [
        `table ${name} is in the database without an entity, and ${candidates.map((m) => m.tablePath).join(', ')} ${candidates.length === 1 ? 'is a new table' : 'are new tables'} with columns in common: a rename? Keep its rows with`,
        ...candidates.map((m) => `      ${command} --rename ${name}:${m.tablePath}`),
        `    or drop it and its rows with`,
        `      ${command} --drop ${name}`,
      ].join('\n'),
    });
  }
}
