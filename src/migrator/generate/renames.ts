import type { QueryRunner, Table, TableColumn } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { changedColumn } from './column-changes';
import type { SchemaDiff, RenamedColumn } from './diff-types';

/** A `--rename table.old:new`, marked used once its table was compared. */
export interface RenameRequest extends RenamedColumn {
  used?: boolean;
}

export function parseRenames(texts: string[], diff: SchemaDiff): RenameRequest[] {
  const renames: RenameRequest[] = [];
  for (const text of texts) {
    const match = /^([^.:\s]+)\.([^.:\s]+):([^.:\s]+)$/.exec(text);
    if (match) renames.push({ table: match[1], from: match[2], to: match[3] });
    else diff.unsupported.push({ table: '', message: `--rename ${text}: expected table.old:new` });
  }
  return renames;
}

/**
 * The `--rename`s of one existing table: each pairs a live column missing from the entity with an entity column
 * missing from the table, renamed in place (and altered when its definition changed too). Returns what is left.
 */
export function applyRenames(
  queryRunner: QueryRunner,
  table: Table,
  renames: RenameRequest[],
  columns: { added: ColumnMetadata[]; dropped: TableColumn[] },
  diff: SchemaDiff,
): { added: ColumnMetadata[]; dropped: TableColumn[] } {
  const driver = queryRunner.connection.driver;
  const name = table.name;
  let { added, dropped } = columns;
  for (const rename of renames.filter((r) => r.table === name)) {
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

/** One column gone and one new in the same table is not guessed: refused, with the `--rename` that says so. */
export function refuseGuessedRename(
  table: string,
  columns: { added: ColumnMetadata[]; dropped: TableColumn[] },
  migrationName: string | undefined,
  diff: SchemaDiff,
): { added: ColumnMetadata[]; dropped: TableColumn[] } {
  if (columns.added.length !== 1 || columns.dropped.length !== 1) return columns;
  const [old, target] = [columns.dropped[0].name, columns.added[0].databaseName];
  diff.unsupported.push({
    table,
    column: old,
    message:
      `column ${table}.${old} is in the database but not in the entity, and ${table}.${target} is new: a rename? ` +
      `Say so and the data is kept: npm run migration:generate -- ${migrationName ?? '<Name>'} --rename ${table}.${old}:${target} ` +
      `(to really drop ${old} and add ${target}, do it in two migrations)`,
  });
  return { added: [], dropped: [] };
}

export function reportUnusedRenames(renames: RenameRequest[], diff: SchemaDiff): void {
  for (const rename of renames.filter((r) => !r.used)) {
    diff.unsupported.push({
      table: rename.table,
      column: rename.from,
      message: `--rename ${rename.table}.${rename.from}:${rename.to}: no existing table ${rename.table} has an entity`,
    });
  }
}
