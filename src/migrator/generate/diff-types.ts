import type { TableColumnOptions } from 'typeorm';
import type { PortableColumn } from '../../database/portable-schema';

/**
 * What `computeSchemaDiff` (schema-diff.ts) hands the migration writer: the differences between the entities and
 * the live database, in the portable vocabulary of src/database/portable-schema.ts.
 */

/** One column of a generated migration, as the migration will spell it. */
export type ColumnSpec =
  /** `idColumn(queryRunner[, name])`: the auto-increment integer primary key. */
  | { kind: 'id'; name: string }
  /** `...timestampColumns(queryRunner)`: `created_at` and `updated_at`. */
  | { kind: 'timestamps' }
  | { kind: 'portable'; column: PortableColumn }
  /** Nothing portable describes it: the options TypeORM itself would use on THIS engine, written out literally. */
  | { kind: 'engine-only'; name: string; options: TableColumnOptions; reason: string };

export interface IndexSpec {
  name: string;
  columnNames: string[];
  isUnique: boolean;
  where?: string;
}

export interface UniqueSpec {
  name: string;
  columnNames: string[];
}

export interface ForeignKeySpec {
  name: string;
  columnNames: string[];
  referencedTableName: string;
  referencedColumnNames: string[];
  onDelete?: string;
  onUpdate?: string;
}

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  uniques: UniqueSpec[];
  indices: IndexSpec[];
  foreignKeys: ForeignKeySpec[];
}

export interface AddedColumn {
  table: string;
  column: ColumnSpec;
}

/** A column changed in place with alterColumn; `from`/`to` are the whole portable specs (name aside). */
export interface ChangedColumn {
  table: string;
  /** The column's name after any rename in the same migration. */
  column: string;
  from: PortableColumn;
  to: PortableColumn;
  /** Narrowing or a type change: rows may not fit (alterColumn refuses then). */
  destructive: boolean;
  /** What differs, for the summary, e.g. `length 255 → 500`. */
  changes: string[];
}

export interface DroppedColumn {
  table: string;
  /** Rebuilt from the live column, for `down`. */
  column: ColumnSpec;
}

export interface RenamedColumn {
  table: string;
  from: string;
  to: string;
}

/** A table renamed in place (`--rename old:new`): rows, keys and foreign keys pointing at it kept. */
export interface RenamedTable {
  from: string;
  to: string;
}

/** An index created on, or dropped from, an existing table. */
export interface IndexChange {
  table: string;
  index: IndexSpec;
}

/** A unique created on, or dropped from, an existing table (createUnique/dropUnique); a dropped one is rebuilt from the live unique, for `down`. */
export interface UniqueChange {
  table: string;
  unique: UniqueSpec;
}

/** A foreign key created on, or dropped from, an existing table; a dropped one is rebuilt from the live key, for `down`. */
export interface ForeignKeyChange {
  table: string;
  foreignKey: ForeignKeySpec;
}

export interface UnsupportedChange {
  table: string;
  column?: string;
  message: string;
}

export interface SchemaDiff {
  /** In foreign-key dependency order: a table comes after the tables it references. */
  createTables: TableSpec[];
  /** In drop order: a table comes before the tables it references. Rebuilt from the live tables, for `down`. */
  dropTables: TableSpec[];
  /** Renamed first in up (the rest of the diff names them by their new names), back last in down. */
  renameTables: RenamedTable[];
  addColumns: AddedColumn[];
  /** Renamed in place (`--rename table.old:new`); any definition change is in `changeColumns` under the new name. */
  renameColumns: RenamedColumn[];
  changeColumns: ChangedColumn[];
  dropColumns: DroppedColumn[];
  /** Indices of existing tables the entity no longer has (or has changed): dropped before the column changes. */
  dropIndices: IndexChange[];
  /** Uniques of existing tables the entity no longer has (or has changed): dropped with the indices. */
  dropUniques: UniqueChange[];
  /** Foreign keys of existing tables the entity no longer has (or has changed): dropped first. */
  dropForeignKeys: ForeignKeyChange[];
  /** New (or changed) indices on existing tables: created after the column changes. */
  createIndices: IndexChange[];
  /** New (or changed) uniques on existing tables: created with the indices. */
  createUniques: UniqueChange[];
  /** New (or changed) foreign keys on existing tables: created last. */
  createForeignKeys: ForeignKeyChange[];
  unsupported: UnsupportedChange[];
  warnings: string[];
}

export interface SchemaDiffOptions {
  /** Tables never dropped even without an entity (the migrations table is always kept). */
  ignoreTables?: string[];
  /** Columns (`table.old:new`) or tables (`old:new`) renamed rather than dropped and added (the CLI's `--rename`). */
  renames?: string[];
  /** Columns (`table.column`) or tables (`table`) whose drop is meant although it may be a rename (the CLI's `--drop`). */
  drops?: string[];
  /** The migration's name, for the `--rename` hint; `<Name>` when not given. */
  migrationName?: string;
}

export function columnNamesOf(spec: ColumnSpec): string[] {
  if (spec.kind === 'timestamps') return ['created_at', 'updated_at'];
  return [spec.kind === 'portable' ? spec.column.name : spec.name];
}

export function isEmptyDiff(diff: SchemaDiff): boolean {
  return (
    !diff.createTables.length &&
    !diff.dropTables.length &&
    !diff.renameTables.length &&
    !diff.addColumns.length &&
    !diff.renameColumns.length &&
    !diff.changeColumns.length &&
    !diff.dropColumns.length &&
    !diff.dropIndices.length &&
    !diff.dropForeignKeys.length &&
    !diff.createIndices.length &&
    !diff.dropUniques.length &&
    !diff.createUniques.length &&
    !diff.createForeignKeys.length &&
    !diff.unsupported.length
  );
}
