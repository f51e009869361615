import { DataSource, EntityMetadata, getMetadataArgsStorage, QueryRunner, Table, TableColumn, TableColumnOptions } from 'typeorm';
import type { IndexMetadata } from 'typeorm/metadata/IndexMetadata';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { TableUtils } from 'typeorm/schema-builder/util/TableUtils';
import { column, idColumn, PortableColumn, PortableType, timestampColumns } from '../../database/portable-schema';
import { ENTITY_TYPE, PORTABLE_TYPES } from '../../database/column-types';
import { convertsInPlace } from '../../database/alter-column/conversions';
import { replaceColumnCode } from './type-change-advice';

/**
 * The first slice of `migration:generate` (Alembic's `revision --autogenerate`): what differs between the entity
 * metadata and the live database, expressed in the portable vocabulary of src/database/portable-schema.ts so the
 * migration written from it runs on every engine. Tables to create and drop; columns to add, change, rename and
 * drop; and indices, uniques and foreign keys to add to or drop from existing tables are generated; everything else that
 * differs is listed as `unsupported` for a human to write by hand.
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
  /** Columns renamed rather than dropped and added, as `table.old:new` (the CLI's `--rename`). */
  renames?: string[];
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

/** The parts of a column TypeORM's schema builder compares; two columns agreeing on them build the same schema. */
function mismatches(expected: TableColumnOptions, actual: TableColumnOptions, compareLength: boolean): string[] {
  const differs: string[] = [];
  const same = (a: unknown, b: unknown) => String(a ?? '') === String(b ?? '');
  if (!same(expected.type, actual.type)) differs.push(`type ${actual.type} (portable gives ${expected.type})`);
  if (compareLength && !same(expected.length, actual.length)) differs.push(`length ${actual.length} (portable gives ${expected.length})`);
  if (!same(expected.precision, actual.precision)) differs.push(`precision ${actual.precision}`);
  if (!same(expected.scale, actual.scale)) differs.push(`scale ${actual.scale}`);
  if (!!expected.isNullable !== !!actual.isNullable) differs.push(`nullable ${!!actual.isNullable}`);
  if (!same(expected.default, actual.default)) differs.push(`default ${actual.default} (portable gives ${expected.default})`);
  if (!!expected.isPrimary !== !!actual.isPrimary) differs.push('primary key');
  if (!!expected.isGenerated !== !!actual.isGenerated) differs.push('generated');
  if (!same(expected.onUpdate, actual.onUpdate)) differs.push(`on update ${actual.onUpdate}`);
  if (JSON.stringify(expected.enum ?? []) !== JSON.stringify(actual.enum ?? [])) differs.push('enum values');
  return differs;
}

/** Attributes portable-schema has no words for; a column using one stays engine-only. */
function unportableAttributes(options: TableColumnOptions): string[] {
  const found: string[] = [];
  if (options.charset) found.push(`charset ${options.charset}`);
  if (options.collation) found.push(`collation ${options.collation}`);
  if (options.comment) found.push('comment');
  if (options.unsigned) found.push('unsigned');
  if (options.isArray) found.push('array');
  if (options.asExpression) found.push('generated expression');
  return found;
}

/** The portable type an entity column is declared with (its spelling in ENTITY_TYPE), if any. */
function portableTypeOfMetadata(col: ColumnMetadata): PortableType | undefined {
  const type = col.type as unknown;
  if (type === Number) return 'int';
  if (type === 'enum') return 'enum';
  return PORTABLE_TYPES.find((portable) => ENTITY_TYPE[portable] === type);
}

function engineOnly(name: string, options: TableColumnOptions, reason: string, warnings: string[], table: string): ColumnSpec {
  warnings.push(`${table}.${name}: written for this engine only (${reason}); check it on the other engines`);
  return { kind: 'engine-only', name, options, reason };
}

/** The portable spelling of an entity column, checked to build exactly what the schema builder builds from it. */
function columnFromMetadata(queryRunner: QueryRunner, table: string, col: ColumnMetadata, warnings: string[]): ColumnSpec {
  const driver = queryRunner.connection.driver;
  const options = TableUtils.createTableColumnOptions(col, driver);
  const name = col.databaseName;
  const unportable = unportableAttributes(options);
  if (unportable.length) return engineOnly(name, options, unportable.join(', '), warnings, table);
  if (col.isPrimary && col.isGenerated && col.generationStrategy === 'increment') {
    const differs = mismatches(idColumn(queryRunner, name), options, false);
    return differs.length ? engineOnly(name, options, differs.join(', '), warnings, table) : { kind: 'id', name };
  }
  const type = portableTypeOfMetadata(col);
  if (!type || col.isPrimary || col.isGenerated || typeof col.default === 'function') {
    return engineOnly(name, options, `type ${String((col.type as { name?: string }).name ?? col.type)}`, warnings, table);
  }
  const spec: PortableColumn = { name, type };
  if (type === 'string' && col.length) spec.length = Number(col.length);
  if (type === 'decimal') {
    if (col.precision != null) spec.precision = col.precision;
    if (col.scale != null) spec.scale = col.scale;
  }
  if (col.isNullable) spec.nullable = true;
  if (col.default !== undefined && col.default !== null) spec.default = col.default as PortableColumn['default'];
  if (type === 'enum') spec.enum = (col.enum ?? []).map(String);
  const differs = mismatches(column(queryRunner, spec), options, true);
  return differs.length ? engineOnly(name, options, differs.join(', '), warnings, table) : { kind: 'portable', column: spec };
}

/** The entity's columns, with created_at/updated_at folded into `timestampColumns` when they are exactly those. */
function columnsFromMetadata(queryRunner: QueryRunner, metadata: EntityMetadata, warnings: string[]): ColumnSpec[] {
  const columns = metadata.columns.filter((c) => !c.isVirtualProperty);
  const driver = queryRunner.connection.driver;
  const created = columns.find((c) => c.isCreateDate && c.databaseName === 'created_at');
  const updated = columns.find((c) => c.isUpdateDate && c.databaseName === 'updated_at');
  let folded = false;
  if (created && updated) {
    const [expectCreated, expectUpdated] = timestampColumns(queryRunner);
    folded =
      !mismatches(expectCreated, TableUtils.createTableColumnOptions(created, driver), false).length &&
      !mismatches(expectUpdated, TableUtils.createTableColumnOptions(updated, driver), false).length;
  }
  const specs: ColumnSpec[] = [];
  for (const col of columns) {
    if (folded && col === created) specs.push({ kind: 'timestamps' });
    else if (folded && col === updated) continue;
    else specs.push(columnFromMetadata(queryRunner, metadata.tableName, col, warnings));
  }
  return specs;
}

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

function tableFromMetadata(queryRunner: QueryRunner, metadata: EntityMetadata, warnings: string[]): TableSpec {
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

function asOptions(col: TableColumn): TableColumnOptions {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(col)) {
    if (value === undefined || value === false || typeof value === 'symbol' || (Array.isArray(value) && !value.length)) continue;
    options[key] = value;
  }
  options.name = col.name;
  options.type = col.type;
  return options as unknown as TableColumnOptions;
}

const NUMERIC = new Set<PortableType>(['int', 'bigint', 'decimal', 'float']);

/** Values a loaded default could stand for; the one portable-schema renders back identically is the right one. */
function defaultCandidates(type: PortableType, loaded: string): Array<PortableColumn['default']> {
  let text = loaded.trim();
  while (/^\(.*\)$/.test(text)) text = text.slice(1, -1).trim();
  text = text.replace(/::[\w ."]+$/, '');
  const quoted = /^N?'(.*)'$/s.exec(text);
  const unquoted = quoted ? quoted[1].replace(/''/g, "'") : text;
  if (type === 'boolean') return [true, false];
  if (NUMERIC.has(type)) return Number.isFinite(Number(unquoted)) ? [Number(unquoted)] : [];
  return [unquoted];
}

/** A live column put back into portable words, when portable-schema rebuilds it identically; else engine-only. */
function columnFromTable(queryRunner: QueryRunner, table: Table, col: TableColumn, warnings: string[]): ColumnSpec {
  const options = asOptions(col);
  const unportable = unportableAttributes(options);
  if (unportable.length) return engineOnly(col.name, options, unportable.join(', '), warnings, table.name);
  if (col.isPrimary && col.isGenerated && col.generationStrategy === 'increment') {
    const differs = mismatches(idColumn(queryRunner, col.name), options, false);
    return differs.length ? engineOnly(col.name, options, differs.join(', '), warnings, table.name) : { kind: 'id', name: col.name };
  }
  if (!col.isPrimary && !col.isGenerated) {
    const hasEnum = !!col.enum?.length;
    const order = hasEnum ? (['enum', ...PORTABLE_TYPES.filter((t) => t !== 'enum')] as PortableType[]) : PORTABLE_TYPES;
    for (const type of order) {
      if (type === 'enum' && !hasEnum) continue;
      const spec: PortableColumn = { name: col.name, type };
      if (type === 'string' && col.length) spec.length = Number(col.length);
      if (type === 'decimal') {
        if (col.precision != null) spec.precision = col.precision;
        if (col.scale != null) spec.scale = col.scale;
      }
      if (col.isNullable) spec.nullable = true;
      if (type === 'enum') spec.enum = [...col.enum!];
      const compareLength = type === 'string';
      if (mismatches(column(queryRunner, spec), { ...options, default: undefined }, compareLength).length) continue;
      if (col.default === undefined || col.default === null) return { kind: 'portable', column: spec };
      for (const candidate of defaultCandidates(type, String(col.default))) {
        const withDefault = { ...spec, default: candidate };
        const expected = column(queryRunner, withDefault);
        // MariaDB/MySQL: a number's default is written quoted ('7') and read back bare (7)
        if (NUMERIC.has(type) && String(expected.default) === `'${String(col.default)}'`) expected.default = col.default;
        if (!mismatches(expected, options, compareLength).length) return { kind: 'portable', column: withDefault };
      }
    }
  }
  return engineOnly(col.name, options, `type ${col.type}${col.default != null ? ` default ${col.default}` : ''}`, warnings, table.name);
}

function tableFromLoaded(queryRunner: QueryRunner, table: Table, warnings: string[]): TableSpec {
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
  return {
    name: table.name,
    columns,
    uniques: [
      ...table.uniques.map((u) => ({ name: u.name!, columnNames: [...u.columnNames] })),
      ...uniqueIndices.map((i) => ({ name: i.name!, columnNames: [...i.columnNames] })),
    ],
    indices: table.indices
      .filter((i) => !uniqueIndices.includes(i))
      .map((i) => ({ name: i.name!, columnNames: [...i.columnNames], isUnique: !!i.isUnique, where: i.where || undefined })),
    foreignKeys: table.foreignKeys.map((fk) => ({
      name: fk.name!,
      columnNames: [...fk.columnNames],
      referencedTableName: fk.referencedTableName,
      referencedColumnNames: [...fk.referencedColumnNames],
      onDelete: fk.onDelete,
      onUpdate: fk.onUpdate,
    })),
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

/** The base tables of the current database/schema, by name (getTables() without names would read the whole server). */
async function liveTableNames(queryRunner: QueryRunner): Promise<string[]> {
  const type = queryRunner.connection.options.type;
  let sql: string;
  if (type === 'better-sqlite3')
    sql = `SELECT name AS table_name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;
  else if (type === 'postgres')
    sql = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  else if (type === 'mariadb' || type === 'mysql')
    sql = `SELECT TABLE_NAME AS table_name FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`;
  else if (type === 'mssql')
    sql = `SELECT TABLE_NAME AS table_name FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_TYPE = 'BASE TABLE'`;
  else throw new Error(`migration:generate does not support ${type}`);
  const rows: Array<Record<string, string>> = await queryRunner.query(sql);
  return rows.map((row) => row.table_name ?? row.TABLE_NAME).sort();
}

async function countRows(queryRunner: QueryRunner, table: string): Promise<number> {
  const escaped = queryRunner.connection.driver.escape(table);
  const rows: Array<Record<string, unknown>> = await queryRunner.query(`SELECT COUNT(*) AS row_count FROM ${escaped}`);
  const row = rows[0] ?? {};
  return Number(row.row_count ?? row.ROW_COUNT ?? Object.values(row)[0] ?? 0);
}

/** Type changes every value survives on every engine; any other type change is checked by alterColumn. */
const WIDENINGS = new Set(['int → bigint', 'int → float', 'string → text']);

/** What differs between two portable specs, and whether rows may not survive it. */
function describeChange(from: PortableColumn, to: PortableColumn): { changes: string[]; destructive: boolean } {
  const changes: string[] = [];
  let destructive = false;
  const show = (v: unknown) => (v === undefined ? 'none' : Array.isArray(v) ? v.join('|') : JSON.stringify(v));
  const narrower = (a: number | undefined, b: number | undefined) => b !== undefined && (a === undefined || b < a);
  if (from.type !== to.type) {
    changes.push(`type ${from.type} → ${to.type}`);
    if (!WIDENINGS.has(`${from.type} → ${to.type}`)) destructive = true;
  }
  for (const key of ['length', 'precision', 'scale'] as const) {
    if (from[key] === to[key]) continue;
    changes.push(`${key} ${show(from[key])} → ${show(to[key])}`);
    if (narrower(from[key], to[key])) destructive = true;
  }
  if (!!from.nullable !== !!to.nullable) {
    changes.push(to.nullable ? 'NOT NULL → nullable' : 'nullable → NOT NULL');
    if (!to.nullable) destructive = true;
  }
  if (from.default !== to.default) changes.push(`default ${show(from.default)} → ${show(to.default)}`);
  if (JSON.stringify(from.enum ?? []) !== JSON.stringify(to.enum ?? [])) {
    changes.push(`enum ${show(from.enum)} → ${show(to.enum)}`);
    if ((from.enum ?? []).some((v) => !(to.enum ?? []).includes(v))) destructive = true;
  }
  return { changes, destructive };
}

/** A live column and its entity column as an alterColumn from one portable spec to the other, when both are portable. */
function cannotWrite(table: string, column: string, reasons: string[]): UnsupportedChange {
  return {
    table,
    column,
    message:
      `column ${table}.${column} differs from the entity in ways portable-schema cannot write${reasons.length ? ` (${reasons.join('; ')})` : ''}: ` +
      'declare it with a portable type (README, "Column types") and generate again, or write the change for each engine by hand with queryRunner.query',
  };
}

/** A type change between portable types that no engine converts in place: the code to write instead, both ways. */
function cannotConvert(table: string, column: string, from: PortableColumn, to: PortableColumn): UnsupportedChange {
  const indent = (lines: string[]) => lines.map((line) => `    ${line}`).join('\n');
  return {
    table,
    column,
    message:
      `column ${table}.${column} changes from ${from.type} to ${to.type}, which no engine converts in place. Write it by hand; in up:\n` +
      `${indent(replaceColumnCode(table, column, to))}\n  and in down:\n${indent(replaceColumnCode(table, column, from))}`,
  };
}

/** Undefined when both are portable and the same. */
function changedColumn(
  queryRunner: QueryRunner,
  table: Table,
  live: TableColumn,
  target: ColumnMetadata,
): ChangedColumn | UnsupportedChange | undefined {
  const scratch: string[] = [];
  const from = columnFromTable(queryRunner, table, live, scratch);
  const to = columnFromMetadata(queryRunner, table.name, target, scratch);
  const name = target.databaseName;
  if (from.kind === 'portable' && to.kind === 'portable') {
    // MariaDB/MySQL read a varchar of the driver's default length (255) back without a length
    const defaults = (queryRunner.connection.driver as { dataTypeDefaults?: Record<string, { length?: number }> }).dataTypeDefaults;
    const defaultLength = defaults?.[String(live.type)]?.length;
    if (from.column.type === 'string' && from.column.length === undefined && defaultLength) from.column.length = Number(defaultLength);
    if (to.column.type === 'string' && to.column.length === undefined && defaultLength) to.column.length = Number(defaultLength);
    if (!convertsInPlace(from.column.type, to.column.type)) return cannotConvert(table.name, name, from.column, to.column);
    const { changes, destructive } = describeChange(from.column, to.column);
    return changes.length
      ? { table: table.name, column: name, from: { ...from.column, name }, to: to.column, destructive, changes }
      : undefined;
  }
  const reasons = [from, to].filter((c) => c.kind === 'engine-only').map((c) => (c as { reason: string }).reason);
  return cannotWrite(table.name, name, reasons);
}

const sameColumns = (a: string[], b: string[]) => a.length === b.length && a.every((c) => b.includes(c));

/**
 * The indices, uniques and foreign keys of an existing table against its entity's, by name, as TypeORM's
 * RdbmsSchemaBuilder compares them: a key whose definition changed is dropped and created again. Uniques
 * (MariaDB keeps them as `UQ_*` unique indices; both sides are read that way) become createUnique/dropUnique.
 * A unique whose columns are dropped goes with them (the column drop warns about it).
 */
function compareKeys(
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

/**
 * Compares the DataSource's entities with its live database. The DataSource must be initialized; nothing is
 * changed in the database.
 */
export async function computeSchemaDiff(dataSource: DataSource, options: SchemaDiffOptions = {}): Promise<SchemaDiff> {
  const queryRunner = dataSource.createQueryRunner();
  const driver = dataSource.driver;
  const warnings: string[] = [];
  const unsupported: UnsupportedChange[] = [];
  try {
    const entities = dataSource.entityMetadatas.filter((m) => m.tableType !== 'view' && m.tableType !== 'entity-child');
    const live = await liveTableNames(queryRunner);
    const ignored = new Set([dataSource.options.migrationsTableName ?? 'migrations', 'typeorm_metadata', ...(options.ignoreTables ?? [])]);
    const entityTables = new Set(entities.map((m) => m.tablePath));
    const existing = await queryRunner.getTables(live.filter((name) => entityTables.has(name) || !ignored.has(name)));

    const createTables: TableSpec[] = [];
    const addColumns: AddedColumn[] = [];
    const renameColumns: RenamedColumn[] = [];
    const changeColumns: ChangedColumn[] = [];
    const dropColumns: DroppedColumn[] = [];
    const dropIndices: IndexChange[] = [];
    const dropForeignKeys: ForeignKeyChange[] = [];
    const createIndices: IndexChange[] = [];
    const dropUniques: UniqueChange[] = [];
    const createUniques: UniqueChange[] = [];
    const createForeignKeys: ForeignKeyChange[] = [];
    const renames: Array<RenamedColumn & { used?: boolean }> = [];
    for (const text of options.renames ?? []) {
      const match = /^([^.:\s]+)\.([^.:\s]+):([^.:\s]+)$/.exec(text);
      if (match) renames.push({ table: match[1], from: match[2], to: match[3] });
      else unsupported.push({ table: '', message: `--rename ${text}: expected table.old:new` });
    }
    for (const metadata of entities) {
      const table = existing.find((t) => t.name === metadata.tablePath);
      if (!table) {
        createTables.push(tableFromMetadata(queryRunner, metadata, warnings));
        continue;
      }
      const name = table.name;
      const keys = compareKeys(queryRunner, metadata, table);
      dropIndices.push(...keys.dropIndices.map((index) => ({ table: name, index })));
      createIndices.push(...keys.createIndices.map((index) => ({ table: name, index })));
      dropUniques.push(...keys.dropUniques.map((unique) => ({ table: name, unique })));
      createUniques.push(...keys.createUniques.map((unique) => ({ table: name, unique })));
      dropForeignKeys.push(...keys.dropForeignKeys.map((foreignKey) => ({ table: name, foreignKey })));
      createForeignKeys.push(...keys.createForeignKeys.map((foreignKey) => ({ table: name, foreignKey })));
      unsupported.push(...keys.unsupported);
      const metadataColumns = metadata.columns.filter((c) => !c.isVirtualProperty);
      let added = metadataColumns.filter((c) => !table.columns.some((t) => t.name === c.databaseName));
      let dropped = table.columns.filter((t) => !metadataColumns.some((c) => c.databaseName === t.name));
      for (const rename of renames.filter((r) => r.table === name)) {
        rename.used = true;
        const old = dropped.find((c) => c.name === rename.from);
        const target = added.find((c) => c.databaseName === rename.to);
        if (!old || !target) {
          const why = !old
            ? `${name} has no column ${rename.from} missing from the entity`
            : `the entity for ${name} has no new column ${rename.to}`;
          unsupported.push({ table: name, column: rename.from, message: `--rename ${name}.${rename.from}:${rename.to}: ${why}` });
          continue;
        }
        dropped = dropped.filter((c) => c !== old);
        added = added.filter((c) => c !== target);
        renameColumns.push({ table: name, from: rename.from, to: rename.to });
        const renamed = old.clone();
        renamed.name = rename.to;
        // the driver's comparison is not trusted on a clone (MariaDB reports differences in what it did not load)
        const change = changedColumn(queryRunner, table, renamed, target);
        if (change && !('message' in change)) changeColumns.push(change);
        else if (change && driver.findChangedColumns([renamed], [target]).length) unsupported.push(change);
      }
      if (added.length === 1 && dropped.length === 1) {
        const [old, target] = [dropped[0].name, added[0].databaseName];
        unsupported.push({
          table: name,
          column: old,
          message:
            `column ${name}.${old} is in the database but not in the entity, and ${name}.${target} is new: a rename? ` +
            `Say so and the data is kept: npm run migration:generate -- ${options.migrationName ?? '<Name>'} --rename ${name}.${old}:${target} ` +
            `(to really drop ${old} and add ${target}, do it in two migrations)`,
        });
        added = [];
        dropped = [];
      }
      for (const col of added) {
        const spec = columnFromMetadata(queryRunner, name, col, warnings);
        if (
          !col.isNullable &&
          (col.default === undefined || col.default === null) &&
          !col.isCreateDate &&
          !col.isUpdateDate &&
          !col.isGenerated
        ) {
          const rows = await countRows(queryRunner, name);
          if (rows > 0) {
            unsupported.push({
              table: name,
              column: col.databaseName,
              message: `column ${name}.${col.databaseName} is NOT NULL without a default, and ${name} has ${rows} row${rows === 1 ? '' : 's'}: add a default or make it optional`,
            });
            continue;
          }
          warnings.push(`${name}.${col.databaseName} is NOT NULL without a default: adding it fails on a table with rows`);
        }
        addColumns.push({ table: name, column: spec });
      }
      for (const col of dropped) {
        const keptForeignKey = table.foreignKeys.some(
          (fk) => fk.columnNames.includes(col.name) && !keys.dropForeignKeys.some((d) => d.name === fk.name),
        );
        if (col.isPrimary || keptForeignKey) {
          unsupported.push({
            table: name,
            column: col.name,
            message: `column ${name}.${col.name} is in the database but not in the entity; it is part of a primary or foreign key: drop it by hand`,
          });
          continue;
        }
        const spec = columnFromTable(queryRunner, table, col, warnings);
        dropColumns.push({ table: name, column: spec });
        // indices and uniques dropped (or changed) anyway are dropped before and recreated by down after the column
        const indices = [...table.indices, ...table.uniques].filter(
          (i) =>
            i.columnNames.includes(col.name) &&
            !keys.dropIndices.some((d) => d.name === i.name) &&
            !keys.dropUniques.some((d) => d.name === i.name),
        );
        for (const index of indices)
          warnings.push(`${name}.${col.name}: index/unique ${index.name} goes with the column; down does not recreate it`);
        if (!col.isNullable && (col.default === undefined || col.default === null)) {
          warnings.push(`${name}.${col.name} is NOT NULL without a default: down cannot re-add it to a table with rows`);
        }
      }
      for (const changed of driver.findChangedColumns(table.columns, metadataColumns)) {
        const live = table.findColumnByName(changed.databaseName)!;
        // a single-column unique shows as the column's isUnique; compareKeys already creates or drops it
        const uniqueAside = live.clone();
        uniqueAside.isUnique = driver.normalizeIsUnique(changed);
        if (!driver.findChangedColumns([uniqueAside], [changed]).length) continue;
        const change = changedColumn(queryRunner, table, live, changed) ?? cannotWrite(name, changed.databaseName, []);
        if ('message' in change) unsupported.push(change);
        else changeColumns.push(change);
      }
    }

    const droppedTables = existing.filter((t) => !entityTables.has(t.name) && !ignored.has(t.name));
    const dropTables = dependencyOrder(droppedTables.map((t) => tableFromLoaded(queryRunner, t, warnings))).reverse();
    for (const table of dropTables) {
      const kept = existing.filter(
        (t) =>
          entityTables.has(t.name) &&
          t.foreignKeys.some(
            (fk) =>
              fk.referencedTableName === table.name && !dropForeignKeys.some((d) => d.table === t.name && d.foreignKey.name === fk.name),
          ),
      );
      for (const referencing of kept) {
        unsupported.push({
          table: table.name,
          message: `${referencing.name} still has a foreign key to ${table.name}, which is to be dropped`,
        });
      }
    }
    for (const rename of renames.filter((r) => !r.used)) {
      unsupported.push({
        table: rename.table,
        column: rename.from,
        message: `--rename ${rename.table}.${rename.from}:${rename.to}: no existing table ${rename.table} has an entity`,
      });
    }
    return {
      createTables: dependencyOrder(createTables),
      dropTables,
      addColumns,
      renameColumns,
      changeColumns,
      dropColumns,
      dropIndices,
      dropForeignKeys,
      createIndices,
      dropUniques,
      createUniques,
      createForeignKeys,
      unsupported,
      warnings,
    };
  } finally {
    await queryRunner.release();
  }
}
