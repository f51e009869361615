/** The changed column as each engine will see it: its portable kind, full SQL type and new TableColumn. */
import { QueryRunner, Table, TableColumn } from 'typeorm';
import { Query } from 'typeorm/driver/Query';
import { column, PortableColumn, PortableType } from '../portable-schema';
import { ColumnChange } from './column-change';

export type Dialect = 'postgres' | 'mysql' | 'mssql' | 'sqlite';

/** BaseQueryRunner/driver-runner members the public QueryRunner type hides; TypeORM's own methods use them. */
interface RunnerInternals {
  sqlMemoryMode?: boolean;
  executeQueries(upQueries: Query[], downQueries: Query[]): Promise<void>;
  replaceCachedTable(table: Table, changedTable: Table): void;
  escapePath(target: Table | string): string;
  /** MySQL/MariaDB: `(column, skipPrimary, skipName?)`; SQL Server: `(table, column, skipIdentity, createDefault, skipEnum)`. */
  buildCreateColumnSql(...args: unknown[]): string;
  /** SQL Server: `name IN ('a','b')`, the expression of an enum column's CHECK. */
  getEnumExpression?(column: TableColumn): string;
  /** PostgreSQL: the (escaped) name of an enum column's type. */
  buildEnumName?(table: Table, column: TableColumn, withSchema?: boolean, disableEscape?: boolean, toOld?: boolean): string;
  createEnumTypeSql?(table: Table, column: TableColumn, enumName?: string): Query;
  dropEnumTypeSql?(table: Table, column: TableColumn, enumName?: string): Query;
}

export type Runner = QueryRunner & RunnerInternals;

export interface DriverInternals {
  createFullType(column: TableColumn): string;
  getColumnLength?(column: TableColumn): string;
  escape(name: string): string;
}

export function dialectOf(queryRunner: QueryRunner): Dialect {
  const type = queryRunner.connection.options.type;
  switch (type) {
    case 'postgres':
      return 'postgres';
    case 'mariadb':
    case 'mysql':
      return 'mysql';
    case 'mssql':
      return 'mssql';
    case 'better-sqlite3':
      return 'sqlite';
    default:
      throw new Error(`alterColumn does not support the ${type} driver`);
  }
}

const STRING_TYPES = new Set(['varchar', 'nvarchar', 'character varying', 'char', 'nchar', 'character', 'national varchar']);
const TEXT_TYPES = new Set(['text', 'ntext', 'mediumtext', 'longtext']);
const INT_TYPES = new Set(['int', 'integer', 'int4', 'smallint', 'int2', 'mediumint']);
const BIGINT_TYPES = new Set(['bigint', 'int8']);
const DECIMAL_TYPES = new Set(['decimal', 'numeric', 'dec', 'fixed']);
const FLOAT_TYPES = new Set(['float', 'double', 'double precision', 'real', 'float8', 'float4']);
const BOOLEAN_TYPES = new Set(['boolean', 'bool', 'bit']);
const UUID_TYPES = new Set(['uuid', 'uniqueidentifier']);
const JSON_TYPES = new Set(['json', 'jsonb']);
const BLOB_TYPES = new Set(['blob', 'longblob', 'mediumblob', 'bytea', 'image']);

/** Which portable type a column (as TypeORM loads or builds it) is, if any. */
export function kindOf(tableColumn: TableColumn, dialect: Dialect): PortableType | undefined {
  if (tableColumn.enum?.length || tableColumn.type === 'enum' || tableColumn.type === 'simple-enum') return 'enum';
  const type = tableColumn.type.toLowerCase();
  // SQL Server's unbounded (MAX) nvarchar and varbinary are what `text`, `json` and `blob` build there
  const unbounded = String(tableColumn.length).toUpperCase() === 'MAX';
  if (STRING_TYPES.has(type)) return unbounded ? 'text' : 'string';
  if (TEXT_TYPES.has(type)) return 'text';
  if (INT_TYPES.has(type)) return 'int';
  if (BIGINT_TYPES.has(type)) return 'bigint';
  if (DECIMAL_TYPES.has(type)) return 'decimal';
  if (FLOAT_TYPES.has(type)) return 'float';
  // `Boolean` is tinyint on MySQL/MariaDB (what TypeORM maps it to); elsewhere tinyint is just a small integer
  if (BOOLEAN_TYPES.has(type) || (dialect === 'mysql' && type === 'tinyint')) return 'boolean';
  if (type === 'date') return 'date';
  if (UUID_TYPES.has(type)) return 'uuid';
  if (JSON_TYPES.has(type)) return 'json';
  if (BLOB_TYPES.has(type) || (type === 'varbinary' && unbounded)) return 'blob';
  return undefined;
}

/** Text of any length: the kinds a string-typed value moves between freely. */
export const isTextual = (kind: PortableType | undefined) => kind === 'string' || kind === 'text';

export function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return (a ?? []).length === (b ?? []).length && (a ?? []).every((value, i) => value === b?.[i]);
}

/** The length the column really has (TypeORM leaves out a driver's default, e.g. MariaDB's varchar 255); 0 = none. */
export function lengthOf(queryRunner: QueryRunner, tableColumn: TableColumn): number {
  const driver = queryRunner.connection.driver as unknown as DriverInternals;
  const length = driver.getColumnLength ? driver.getColumnLength(tableColumn) : tableColumn.length;
  return Number(length) || 0;
}

export function fullType(queryRunner: QueryRunner, tableColumn: TableColumn): string {
  return (queryRunner.connection.driver as unknown as DriverInternals).createFullType(tableColumn);
}

/** A default as the driver writes it in DDL, built exactly as `column()` builds one. */
function sqlDefault(
  queryRunner: QueryRunner,
  kind: PortableType | undefined,
  value: PortableColumn['default'],
  enumValues?: readonly string[],
) {
  const guessed: PortableType = kind ?? (typeof value === 'number' ? 'decimal' : typeof value === 'boolean' ? 'boolean' : 'string');
  return column(queryRunner, { name: 'default', type: guessed, default: value, enum: enumValues }).default as string | undefined;
}

/** The column after the change: unchanged attributes from the database, changed ones built as `column()` builds them. */
export function buildNewColumn(queryRunner: QueryRunner, dialect: Dialect, oldColumn: TableColumn, change: ColumnChange): TableColumn {
  const oldKind = kindOf(oldColumn, dialect);
  const kind = change.type ?? oldKind;
  const sameKind = kind === oldKind;
  const typeTouched =
    change.type !== undefined ||
    change.length !== undefined ||
    change.precision !== undefined ||
    change.scale !== undefined ||
    change.enum !== undefined;

  const newColumn = oldColumn.clone();
  if (typeTouched) {
    if (!kind) throw new Error(`alterColumn: "${oldColumn.name}" is a ${oldColumn.type} column; name the new portable type in the change`);
    const built = column(queryRunner, {
      name: oldColumn.name,
      type: kind,
      // a numeric length only: SQL Server's `MAX` comes back from column() for the types that have it
      length: change.length ?? (sameKind && Number(oldColumn.length) ? Number(oldColumn.length) : undefined),
      precision: change.precision ?? (sameKind ? (oldColumn.precision ?? undefined) : undefined),
      scale: change.scale ?? (sameKind ? oldColumn.scale : undefined),
      enum: change.enum ?? (sameKind ? oldColumn.enum : undefined),
    });
    newColumn.type = built.type as string;
    newColumn.length = built.length === undefined ? '' : String(built.length);
    newColumn.precision = built.precision ?? undefined;
    newColumn.scale = built.scale;
    newColumn.enum = built.enum;
    if (!sameKind) {
      // attributes of the old type that mean nothing (or something else) for the new one
      newColumn.unsigned = false;
      newColumn.charset = undefined;
      newColumn.collation = undefined;
      newColumn.enumName = undefined;
    }
  }
  if (change.nullable !== undefined) newColumn.isNullable = change.nullable;
  if (change.default === null) newColumn.default = undefined;
  else if (change.default !== undefined) newColumn.default = sqlDefault(queryRunner, kind, change.default, newColumn.enum);
  return newColumn;
}

/** A check that would fail (or a value that would be truncated/rounded) for `rows` rows. */
