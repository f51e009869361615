import type { ColumnType, DataSource } from 'typeorm';
import { keepFractionalDefaults, readMariaDbColumnsAsDeclared } from './mariadb-columns';
import { useSqlServerJson } from './sql-server-json';

/**
 * The portable column types: one name an entity and a migration both write, and what each engine stores for it.
 *
 * | portable   | entity `type:`  | SQLite   | PostgreSQL        | MariaDB/MySQL | SQL Server       |
 * |------------|-----------------|----------|-------------------|---------------|------------------|
 * | `string`   | `String`        | varchar  | character varying | varchar       | nvarchar         |
 * | `text`     | `'text'`        | text     | text              | longtext      | nvarchar(MAX)    |
 * | `int`      | `'int'`         | integer  | integer           | int           | int              |
 * | `bigint`   | `'bigint'`      | bigint   | bigint            | bigint        | bigint           |
 * | `decimal`  | `'decimal'`     | decimal  | numeric           | decimal       | decimal          |
 * | `float`    | `'float'`       | float    | double precision  | double        | float            |
 * | `boolean`  | `Boolean`       | boolean  | boolean           | tinyint       | bit              |
 * | `enum`     | `'simple-enum'` | varchar + CHECK | enum type  | enum          | nvarchar + CHECK |
 * | `datetime` | `Date`          | datetime | timestamp         | datetime      | datetime         |
 * | `date`     | `'date'`        | date     | date              | date          | date             |
 * | `uuid`     | `'uuid'`        | uuid     | uuid              | uuid (varchar(36) before MariaDB 10.7) | uniqueidentifier |
 * | `json`     | `'json'`        | json     | jsonb             | json (MariaDB: longtext + json_valid check) | nvarchar(MAX) + ISJSON check |
 * | `blob`     | `'blob'`        | blob     | bytea             | longblob      | varbinary(MAX)   |
 *
 * TypeORM already maps most entity spellings to the right type on every engine. Where its own mapping is not
 * the portable one (MariaDB's `text` holds 64 KB and its `float` is single precision; SQL Server's `text` is the
 * deprecated non-Unicode type; PostgreSQL has no `blob` and its `json` is not indexable), `usePortableTypes`
 * teaches the driver the portable meaning, so the entity, the schema builder's comparison and `column()` in a
 * migration all build the same column.
 */
export const PORTABLE_TYPES = [
  'string',
  'int',
  'decimal',
  'boolean',
  'enum',
  'datetime',
  'bigint',
  'float',
  'date',
  'text',
  'uuid',
  'json',
  'blob',
] as const;

export type PortableType = (typeof PORTABLE_TYPES)[number];

/** What `@Column({ type })` says for each portable type (swc compiles file by file: `type` is always explicit). */
export const ENTITY_TYPE: Record<PortableType, ColumnType> = {
  string: String,
  int: 'int',
  decimal: 'decimal',
  boolean: Boolean,
  enum: 'simple-enum',
  datetime: Date,
  bigint: 'bigint',
  float: 'float',
  date: 'date',
  text: 'text',
  uuid: 'uuid',
  json: 'json',
  blob: 'blob',
};

interface EngineType {
  type: string;
  /** SQL Server's unbounded lengths, as its schema loader reads them back (`MAX`). */
  length?: string;
}

/** Only the engines where TypeORM's own mapping of the entity spelling is not the portable type. */
const ALIASES: Partial<Record<DataSource['options']['type'], Record<string, EngineType>>> = {
  // TypeORM makes uuid a plain varchar, which reads back as a `string`: a declared `uuid` keeps the type (SQLite
  // takes any type name; this one has NUMERIC affinity, which leaves a uuid's text as it is)
  'better-sqlite3': { uuid: { type: 'uuid' } },
  postgres: { json: { type: 'jsonb' }, blob: { type: 'bytea' } },
  // `json` stays json: MariaDB makes it a LONGTEXT with a json_valid() check (readMariaDbColumnsAsDeclared), MySQL
  // a JSON column. SQL Server's json is in ./sql-server-json.
  mariadb: { text: { type: 'longtext' }, float: { type: 'double' }, blob: { type: 'longblob' } },
  mysql: { text: { type: 'longtext' }, float: { type: 'double' }, blob: { type: 'longblob' } },
  mssql: {
    text: { type: 'nvarchar', length: 'MAX' },
    blob: { type: 'varbinary', length: 'MAX' },
  },
};

interface TypedColumn {
  type?: unknown;
  length?: string | number;
}

interface DriverTypeMethods {
  supportedDataTypes: string[];
  normalizeType(column: TypedColumn): string;
  getColumnLength(column: TypedColumn): string;
}

/** The engine type a column declared with a portable spelling gets where TypeORM maps it otherwise. */
export function engineAlias(dataSourceType: DataSource['options']['type'], declared: unknown): EngineType | undefined {
  return typeof declared === 'string' ? ALIASES[dataSourceType]?.[declared] : undefined;
}

/**
 * Makes the driver map the portable spellings as the table above says. Must run before `initialize()`: the
 * entity metadata validator checks each column's type through `normalizeType`.
 */
export function usePortableTypes(dataSource: DataSource): void {
  const type = dataSource.options.type;
  if (type === 'mariadb') readMariaDbColumnsAsDeclared(dataSource);
  if (type === 'mariadb' || type === 'mysql') keepFractionalDefaults(dataSource);
  if (type === 'mssql') useSqlServerJson(dataSource);
  if (!ALIASES[type]) return;
  const driver = dataSource.driver as unknown as DriverTypeMethods;
  // the entity validator checks each column's normalized type against this list
  for (const alias of Object.values(ALIASES[type]))
    if (!driver.supportedDataTypes.includes(alias.type)) driver.supportedDataTypes.push(alias.type);
  const normalizeType = driver.normalizeType.bind(driver);
  const getColumnLength = driver.getColumnLength.bind(driver);
  driver.normalizeType = (column) => engineAlias(type, column.type)?.type ?? normalizeType(column);
  driver.getColumnLength = (column) =>
    column.length ? getColumnLength(column) : (engineAlias(type, column.type)?.length ?? getColumnLength(column));
}
