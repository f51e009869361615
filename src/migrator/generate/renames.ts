import type { QueryRunner, Table, TableColumn } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { changedColumn } from './column-changes';
import type { SchemaDiff } from './diff-types';
import { dropAccepted, Requests } from './requests';
import { familyOfEntity, familyOfLive } from './type-families';

/**
 * The `--rename`s of one existing table: each pairs a live column missing from the entity with an entity column
 * missing from the table, renamed in place (and altered when its definition changed too). Returns what is left.
 */
export function applyRenames(
  queryRunner: QueryRunner,
  table: Table,
  requests: Requests,
  columns: { added: ColumnMetadata[]; dropped: TableColumn[] },
  diff: SchemaDiff,
): { added: ColumnMetadata[]; dropped: TableColumn[] } {
  const driver = queryRunner.connection.driver;
  const name = table.name;
  let { added, dropped } = columns;
  for (const rename of requests.columnRenames.filter((r) => r.table === name)) {
    rename.used = true;
    const old = dropped.find((c) => c.name === rename.from);
    const target = added.find((c) => c.databaseName === rename.to);
    if (!old || !target) {
      const why = !old
        ? `${name} has no column ${rename.from} missing from the entity`
        : `the entity for ${name} has no new column ${rename.to}`;
      diff.unsupported.push({ table: name, column: rename.from, message: `--rename ${name}.${rename.from}:${rename.to}: ${why}` });
      continue;
    }
    dropped = dropped.filter((c) => c !== old);
    added = added.filter((c) => c !== target);
    diff.renameColumns.push({ table: name, from: rename.from, to: rename.to });
    const renamed = old.clone();
    renamed.name = rename.to;
    // the driver's comparison is not trusted on a clone (MariaDB reports differences in what it did not load)
    const change = changedColumn(queryRunner, table, renamed, target);
    if (change && !('message' in change)) diff.changeColumns.push(change);
    else if (change && driver.findChangedColumns([renamed], [target]).length) diff.unsupported.push(change);
  }
  return { added, dropped };
}

/**
 * A column gone while a column of the same family (type-families.ts) is new in the same table may be a rename:
 * never guessed either way. Unless `--drop table.column` says the loss is meant, it is refused with the exact
 * `--rename` for every plausible pair, and the columns it concerns are left out of the rest of the comparison.
 */
export function refuseGuessedRenames(
  queryRunner: QueryRunner,
  table: Table,
  columns: { added: ColumnMetadata[]; dropped: TableColumn[] },
  requests: Requests,
  migrationName: string | undefined,
  diff: SchemaDiff,
): { added: ColumnMetadata[]; dropped: TableColumn[] } {
  const name = table.name;
  const command = `npm run migration:generate -- ${migrationName ?? '<Name>'}`;
  const undecided = new Set<TableColumn>();
  const candidates = new Set<ColumnMetadata>();
  for (const old of columns.dropped) {
    if (dropAccepted(requests, name, old.name)) continue;
    const family = familyOfLive(queryRunner, table, old);
    const targets = columns.added.filter((c) => familyOfEntity(queryRunner, name, c) === family);
    if (!targets.length) continue;
    undecided.add(old);
    targets.forEach((t) => candidates.add(t));
    const news = targets.map((t) => `${name}.${t.databaseName}`).join(', ');
    diff.unsupported.push({
      table: name,
      column: old.name,
      message: [
        `column ${name}.${old.name} is in the database but not in the entity, and ${news} ${targets.length === 1 ? 'is' : 'are'} new with a compatible type: a rename? Keep its values with`,
        ...targets.map((t) => `      ${command} --rename ${name}.${old.name}:${t.databaseName}`),
        `    or drop it and its values with`,
        `      ${command} --drop ${name}.${old.name}`,
        `    (one --rename or --drop for each column gone, all in the same command)`,
      ].join('\n'),
    });
  }
  return { added: columns.added.filter((c) => !candidates.has(c)), dropped: columns.dropped.filter((c) => !undecided.has(c)) };
}
