import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Turns a column's value as the driver returns it into the entity's value. */
export type ColumnReader = (value: unknown) => unknown;

/**
 * Column types that no TypeORM driver converts on the way out of the database: prepareHydratedValue hands their
 * value back as it is (unless a transformer is set), so hydration skips the call.
 */
const READ_AS_STORED = new Set<unknown>([
  'varchar',
  'nvarchar',
  'character varying',
  'text',
  'ntext',
  'char',
  'nchar',
  'int',
  'integer',
  'smallint',
  'decimal',
  'numeric',
  String,
]);

const asStored: ColumnReader = (value) => value;

/**
 * How each column is read, chosen once per column instead of prepareHydratedValue's chain of type tests on every
 * value. Only cases whose result is the driver's own are short-cut; every other column (enums, JSON, arrays,
 * transformers, dates) goes through the driver. test/repositories/crud.repository.test.ts
 * compares every entity with TypeORM's own find on every engine.
 */
export function columnReader(dataSource: DataSource, column: ColumnMetadata): ColumnReader {
  const { driver } = dataSource;
  const throughDriver: ColumnReader = (value) => driver.prepareHydratedValue(value, column);
  if (column.transformer || column.isArray) return throughDriver;
  if (READ_AS_STORED.has(column.type)) return asStored;
  if (column.type === Boolean || column.type === 'boolean')
    return (value) => (value === null || value === undefined ? value : Boolean(value));
  return throughDriver;
}
