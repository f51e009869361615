import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { SortKey, SortKeyKind } from './list-request';

const INTEGER_TYPES = new Set<unknown>(['int', 'integer', 'smallint', 'bigint', 'tinyint']);
const NUMBER_TYPES = new Set<unknown>([Number, 'decimal', 'numeric', 'float', 'double', 'real']);
const TEXT_TYPES = new Set<unknown>([String, 'varchar', 'nvarchar', 'text', 'character varying', 'simple-enum']);
const TIMESTAMP_TYPES = new Set<unknown>([Date, 'datetime', 'datetime2', 'timestamp', 'timestamptz']);

/** How a column's value is carried in a cursor. */
export function sortKeyKindOf(column: ColumnMetadata): SortKeyKind {
  if (column.isCreateDate || column.isUpdateDate || TIMESTAMP_TYPES.has(column.type)) return 'timestamp';
  if (INTEGER_TYPES.has(column.type)) return 'integer';
  if (NUMBER_TYPES.has(column.type)) return 'number';
  if (TEXT_TYPES.has(column.type)) return 'text';
  throw new Error(`${column.entityMetadata.targetName}.${column.propertyName}: type ${String(column.type)} cannot be a sort key`);
}

/**
 * A timestamp as the database's own text: a JavaScript Date keeps milliseconds, PostgreSQL and MariaDB store
 * microseconds, and a cursor rounded to the millisecond would repeat or skip rows.
 */
const TEXT_CAST: Record<string, string> = {
  postgres: 'TEXT',
  'better-sqlite3': 'TEXT',
  sqlite: 'TEXT',
  mariadb: 'CHAR',
  mysql: 'CHAR',
  mssql: 'NVARCHAR(40)',
};

export function asText(engine: string, column: string): string {
  const type = TEXT_CAST[engine];
  if (!type) throw new Error(`no text cast for ${engine}`);
  return `CAST(${column} AS ${type})`;
}

/** `LIMIT … OFFSET …` with bound values, so every page of one query shape is one prepared statement. */
export function paginationClause(engine: string): string {
  return engine === 'mssql' ? 'OFFSET :page_offset ROWS FETCH NEXT :page_limit ROWS ONLY' : 'LIMIT :page_limit OFFSET :page_offset';
}

/** Rows after `after0, after1, …` in the sort order: `(a > :a) OR (a = :a AND (b > :b OR …))`. */
function after(sort: SortKey[], alias: string, index = 0): string {
  const { field, descending } = sort[index];
  const comparison = `${alias}.${field} ${descending ? '<' : '>'} :after${index}`;
  if (index === sort.length - 1) return comparison;
  return `(${comparison} OR (${alias}.${field} = :after${index} AND ${after(sort, alias, index + 1)}))`;
}

/**
 * The keyset condition, led by `a >= :a` (or <=) so every engine seeks the (a, id) index instead of scanning:
 * SQL Server has no row-value comparison, and MariaDB does not use an index for one.
 */
export function keysetCondition(sort: SortKey[], alias: string): string {
  if (sort.length === 1) return after(sort, alias);
  const [first] = sort;
  return `${alias}.${first.field} ${first.descending ? '<=' : '>='} :after0 AND ${after(sort, alias)}`;
}
