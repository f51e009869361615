import { EntityMetadata, QueryRunner, Table, TableColumn, TableColumnOptions } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { TableUtils } from 'typeorm/schema-builder/util/TableUtils';
import { ENTITY_TYPE, PORTABLE_TYPES } from '../../database/column-types';
import { column, idColumn, PortableColumn, PortableType, timestampColumns } from '../../database/portable-schema';
import type { ColumnSpec } from './diff-types';

/**
 * A column, from the entity or from the live table, put into the words of a migration: a portable spec when
 * portable-schema builds exactly that column, else the engine's own options (engine-only, with a warning).
 */

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
export function columnFromMetadata(queryRunner: QueryRunner, table: string, col: ColumnMetadata, warnings: string[]): ColumnSpec {
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
export function columnsFromMetadata(queryRunner: QueryRunner, metadata: EntityMetadata, warnings: string[]): ColumnSpec[] {
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
  // MariaDB/MySQL double backslashes in a string literal too; re-rendering the candidates tells which reading is right
  return [...new Set([unquoted, unquoted.replace(/\\\\/g, '\\')])];
}

type SizeDefaults = Record<string, { length?: number; precision?: number; scale?: number } | undefined>;

/**
 * The live column with the sizes its driver leaves out when they are the driver's defaults: MariaDB/MySQL (and
 * SQL Server) read varchar(255) back without a length, MariaDB decimal(10, 2) without its precision. Written
 * without them, the column would come back unbounded (or at another precision) on the other engines.
 */
function withDriverSizes(queryRunner: QueryRunner, col: TableColumn): TableColumn {
  const defaults = (queryRunner.connection.driver as { dataTypeDefaults?: SizeDefaults }).dataTypeDefaults?.[String(col.type)];
  if (!defaults) return col;
  const sized = col.clone();
  if (!sized.length && defaults.length) sized.length = String(defaults.length);
  // precision and scale only for exact numbers: a datetime's default precision is not a portable attribute
  if (defaults.scale !== undefined && sized.precision == null && defaults.precision != null) sized.precision = defaults.precision;
  if (defaults.scale !== undefined && sized.scale == null) sized.scale = defaults.scale;
  return sized;
}

/** A live column put back into portable words, when portable-schema rebuilds it identically; else engine-only. */
export function columnFromTable(queryRunner: QueryRunner, table: Table, loaded: TableColumn, warnings: string[]): ColumnSpec {
  const col = withDriverSizes(queryRunner, loaded);
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
