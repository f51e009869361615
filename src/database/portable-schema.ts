import { QueryRunner, Table, TableColumn, TableColumnOptions, TableIndex, TableUnique } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { engineAlias, ENTITY_TYPE, PORTABLE_TYPES, PortableType } from './column-types';

/**
 * Column types a migration can name once and run on SQLite, PostgreSQL, MariaDB and SQL Server (the table is in
 * ./column-types). Each driver turns them into its own type exactly as it does for the entity decorators
 * (`String` becomes nvarchar on SQL Server, character varying on PostgreSQL), so a migration and the entities
 * never disagree.
 */
export type { PortableType } from './column-types';

export interface PortableColumn {
  name: string;
  type: PortableType;
  length?: number;
  precision?: number;
  scale?: number;
  nullable?: boolean;
  default?: string | number | boolean;
  enum?: readonly string[];
}

/** Builds what TypeORM's schema builder builds from a ColumnMetadata (TableUtils.createTableColumnOptions). */
function toTableColumn(queryRunner: QueryRunner, metadata: Partial<ColumnMetadata>): TableColumnOptions {
  const driver = queryRunner.connection.driver;
  const column = metadata as ColumnMetadata;
  return {
    name: metadata.databaseName!,
    type: driver.normalizeType(column),
    // SQL Server's unbounded types (nvarchar(MAX) for text and json) carry their length in the type's alias
    length: metadata.length || engineAlias(queryRunner.connection.options.type, metadata.type)?.length || undefined,
    precision: metadata.precision ?? undefined,
    scale: metadata.scale,
    isNullable: metadata.isNullable ?? false,
    default: driver.normalizeDefault(column),
    onUpdate: metadata.onUpdate,
    isGenerated: metadata.isGenerated,
    generationStrategy: metadata.generationStrategy,
    isPrimary: metadata.isPrimary,
    enum: metadata.enum?.map(String),
  };
}

export function column(queryRunner: QueryRunner, spec: PortableColumn): TableColumnOptions {
  // a type from outside the table would reach the driver as nothing at all (PostgreSQL: `TYPE ` with no type)
  if (!Object.hasOwn(ENTITY_TYPE, spec.type)) {
    throw new Error(`column "${spec.name}": "${String(spec.type)}" is not a portable type; use one of ${PORTABLE_TYPES.join(', ')}`);
  }
  return toTableColumn(queryRunner, {
    databaseName: spec.name,
    type: ENTITY_TYPE[spec.type] as ColumnMetadata['type'],
    length: spec.length === undefined ? '' : String(spec.length),
    precision: spec.precision,
    scale: spec.scale,
    isNullable: spec.nullable ?? false,
    default: spec.default,
    enum: spec.enum ? [...spec.enum] : undefined,
  });
}

/** `id` as an auto-increment integer primary key, as `@PrimaryGeneratedColumn({ type: 'int' })` makes it. */
export function idColumn(queryRunner: QueryRunner, name = 'id'): TableColumnOptions {
  return toTableColumn(queryRunner, {
    databaseName: name,
    type: 'int',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  });
}

/** `created_at` / `updated_at` exactly as `@CreateDateColumn()` / `@UpdateDateColumn()` map on each engine. */
export function timestampColumns(queryRunner: QueryRunner): TableColumnOptions[] {
  const types = queryRunner.connection.driver.mappedDataTypes;
  return [
    toTableColumn(queryRunner, {
      databaseName: 'created_at',
      type: types.createDate,
      precision: types.createDatePrecision,
      default: () => types.createDateDefault,
    }),
    toTableColumn(queryRunner, {
      databaseName: 'updated_at',
      type: types.updateDate,
      precision: types.updateDatePrecision,
      default: () => types.updateDateDefault,
      onUpdate: types.updateDateDefault,
    }),
  ];
}

/**
 * `queryRunner.dropTable` that also drops the PostgreSQL enum types the table's enum columns created
 * (TypeORM 1.1.1 leaves `<table>_<column>_enum` behind, so `down` would not undo `up`). Other engines keep
 * enums inside the table (SQL Server and SQLite as CHECK constraints, MariaDB as ENUM columns).
 */
export async function dropTable(queryRunner: QueryRunner, name: string): Promise<void> {
  const table = await queryRunner.getTable(name);
  await queryRunner.dropTable(name);
  if (!table || queryRunner.connection.options.type !== 'postgres') return;
  const postgres = queryRunner as unknown as { buildEnumName(table: Table, column: TableColumn): string };
  for (const enumColumn of table.columns.filter((c) => c.type === 'enum' || c.type === 'simple-enum')) {
    await queryRunner.query(`DROP TYPE IF EXISTS ${postgres.buildEnumName(table, enumColumn)}`);
  }
}

const MYSQL_FAMILY = new Set(['mysql', 'mariadb', 'aurora-mysql']);

/**
 * Adds a unique to an existing table. MariaDB/MySQL: a unique index (TypeORM's createUniqueConstraint throws
 * there, and its metadata maps `@Unique` to a unique index); elsewhere a unique constraint, which is what
 * PostgreSQL's schema builder compares (a unique index would leave drift). SQLite rebuilds the table.
 */
export async function createUnique(queryRunner: QueryRunner, tableName: string, unique: TableUnique): Promise<void> {
  if (MYSQL_FAMILY.has(queryRunner.connection.options.type)) {
    // MariaDB/MySQL keep uniques as unique indices (createUniqueConstraint throws on them)
    await queryRunner.createIndex(tableName, new TableIndex({ name: unique.name, columnNames: [...unique.columnNames], isUnique: true }));
  } else {
    // a real unique constraint elsewhere, as the schema builder creates and compares it
    await queryRunner.createUniqueConstraint(tableName, unique);
  }
}

/** Drops a unique made by `createUnique` (or `@Unique`): a unique index on MariaDB/MySQL, a constraint elsewhere. */
export async function dropUnique(queryRunner: QueryRunner, tableName: string, name: string): Promise<void> {
  if (MYSQL_FAMILY.has(queryRunner.connection.options.type)) {
    // MariaDB/MySQL: the unique is an index (dropUniqueConstraint throws on them)
    await queryRunner.dropIndex(tableName, name);
  } else {
    // a unique constraint elsewhere
    await queryRunner.dropUniqueConstraint(tableName, name);
  }
}
export { renameTable } from './rename-table';
