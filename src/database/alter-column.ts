import { MigrationInterface, QueryRunner, Table, TableCheck, TableColumn, TableIndex, TableUnique } from 'typeorm';
import { Query } from 'typeorm/driver/Query';
import { column, PortableColumn, PortableType } from './portable-schema';

/**
 * Changing a column's type or length IN PLACE, keeping its data, on every engine.
 *
 * TypeORM 1.1.1's `queryRunner.changeColumn` drops and re-adds the column whenever its type or length changes on
 * PostgreSQL, MariaDB/MySQL and SQL Server ("to avoid data conversion, we just recreate column", TypeORM #3357):
 * every value is lost (PostgreSQL: a nullable column comes back all NULL, a NOT NULL one fails to come back at
 * all; MariaDB: NOT NULL varchar values all become '' and the column's indices are gone). `alterColumn` issues
 * the in-place statement of each engine instead:
 *
 * - PostgreSQL: `ALTER COLUMN ... TYPE <new> [USING <expr>]`, `SET/DROP NOT NULL`, `SET/DROP DEFAULT` (enum
 *   columns get a new enum type, as TypeORM does for an enum change);
 * - MariaDB/MySQL: `MODIFY COLUMN` with the whole new definition (nullability and default kept unless changed);
 * - SQL Server: `ALTER COLUMN <type> [NOT] NULL`, with the indices, unique constraints, checks, enum check and
 *   default constraint (`DF_<table>_<column>`) that SQL Server would refuse to alter around dropped first and
 *   recreated after;
 * - SQLite: TypeORM's own table rebuild (`CREATE temporary_x`, `INSERT ... SELECT`, `DROP`, `RENAME`, indices
 *   recreated), which keeps the rows.
 *
 * Before changing anything it counts the rows the change would truncate, round or reject (shorter strings, fewer
 * digits, int from decimal, NOT NULL over NULLs, an enum without a value in use) and refuses with the count. The
 * count needs a live database, so it is skipped in TypeORM's SQL-memory mode (offline rendering).
 *
 * Every statement goes through TypeORM's own `executeQueries`, the path its schema methods take: live it runs
 * each one with `queryRunner.query`, in SQL-memory mode it only records them (also when there is no offline
 * facade in front, so a dry run never alters a real database). TypeORM's table cache is updated as its own
 * methods update it (`replaceCachedTable`, and its index/constraint methods for the SQL Server dependents).
 */

/** The parts of a portable column a migration can change, as given to `column()` (the name is not one of them). */
export interface ColumnChange extends Partial<Omit<PortableColumn, 'name' | 'default'>> {
  /** New default. `null` drops the default; omitted keeps the current one. */
  default?: PortableColumn['default'] | null;
  /**
   * PostgreSQL only: how to compute the new value from the old (`ALTER COLUMN ... TYPE ... USING <using>`), e.g.
   * `"price"::numeric / 100`. Without it the server's assignment cast is used, or an explicit cast to the new type
   * where PostgreSQL has no assignment cast (string → int/decimal/boolean, int ↔ boolean, to and from enums).
   * Other engines convert implicitly; a real data transformation belongs in an UPDATE before the change.
   */
  using?: string;
  /**
   * Set every NULL in the column to this value first (bound as a parameter), so a change to NOT NULL can go
   * through. Without it, NULLs in a column made NOT NULL are refused with their count.
   */
  fillNulls?: string | number | boolean;
}

/** A change refused before anything ran: it would have truncated, rounded or rejected `rows` rows. */
export class ColumnChangeRefusedError extends Error {
  override name = 'ColumnChangeRefusedError';

  constructor(
    readonly table: string,
    readonly column: string,
    readonly rows: number,
    message: string,
  ) {
    super(message);
  }
}

type Dialect = 'postgres' | 'mysql' | 'mssql' | 'sqlite';

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

type Runner = QueryRunner & RunnerInternals;

interface DriverInternals {
  createFullType(column: TableColumn): string;
  getColumnLength?(column: TableColumn): string;
  escape(name: string): string;
}

function dialectOf(queryRunner: QueryRunner): Dialect {
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

const STRING_TYPES = new Set(['varchar', 'nvarchar', 'character varying', 'text', 'ntext', 'char', 'nchar', 'character', 'national varchar']);
const INT_TYPES = new Set(['int', 'integer', 'int4', 'smallint', 'int2', 'mediumint']);
const DECIMAL_TYPES = new Set(['decimal', 'numeric', 'dec', 'fixed']);
const BOOLEAN_TYPES = new Set(['boolean', 'bool', 'bit']);

/** Which portable type a column (as TypeORM loads or builds it) is, if any. */
function kindOf(tableColumn: TableColumn, dialect: Dialect): PortableType | undefined {
  if (tableColumn.enum?.length || tableColumn.type === 'enum' || tableColumn.type === 'simple-enum') return 'enum';
  const type = tableColumn.type.toLowerCase();
  if (STRING_TYPES.has(type)) return 'string';
  if (INT_TYPES.has(type)) return 'int';
  if (DECIMAL_TYPES.has(type)) return 'decimal';
  // `Boolean` is tinyint on MySQL/MariaDB (what TypeORM maps it to); elsewhere tinyint is just a small integer
  if (BOOLEAN_TYPES.has(type) || (dialect === 'mysql' && type === 'tinyint')) return 'boolean';
  return undefined;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return (a ?? []).length === (b ?? []).length && (a ?? []).every((value, i) => value === b?.[i]);
}

/** The length the column really has (TypeORM leaves out a driver's default, e.g. MariaDB's varchar 255); 0 = none. */
function lengthOf(queryRunner: QueryRunner, tableColumn: TableColumn): number {
  const driver = queryRunner.connection.driver as unknown as DriverInternals;
  const length = driver.getColumnLength ? driver.getColumnLength(tableColumn) : tableColumn.length;
  return Number(length) || 0;
}

function fullType(queryRunner: QueryRunner, tableColumn: TableColumn): string {
  return (queryRunner.connection.driver as unknown as DriverInternals).createFullType(tableColumn);
}

/** A default as the driver writes it in DDL, built exactly as `column()` builds one. */
function sqlDefault(queryRunner: QueryRunner, kind: PortableType | undefined, value: PortableColumn['default'], enumValues?: readonly string[]) {
  const guessed: PortableType = kind ?? (typeof value === 'number' ? 'decimal' : typeof value === 'boolean' ? 'boolean' : 'string');
  return column(queryRunner, { name: 'default', type: guessed, default: value, enum: enumValues }).default as string | undefined;
}

/** The column after the change: unchanged attributes from the database, changed ones built as `column()` builds them. */
function buildNewColumn(queryRunner: QueryRunner, dialect: Dialect, oldColumn: TableColumn, change: ColumnChange): TableColumn {
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
      length: change.length ?? (sameKind && oldColumn.length ? Number(oldColumn.length) : undefined),
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
interface LossCheck {
  where: string;
  /** Counts NULLs (every other check looks at non-NULL values only). */
  nulls?: boolean;
  problem(rows: number): string;
}

const plural = (rows: number, one: string, many: string) => `${rows} ${rows === 1 ? one : many}`;

function quote(dialect: Dialect, value: string): string {
  return `${dialect === 'mssql' ? 'N' : ''}'${(dialect === 'mysql' ? value.replace(/\\/g, '\\\\') : value).replace(/'/g, "''")}'`;
}

/** Length in the unit the engine's own varchar(n) counts: characters, or UTF-16 code units for nvarchar. */
function textLength(dialect: Dialect, columnSql: string): string {
  switch (dialect) {
    case 'postgres':
      return `char_length(CAST(${columnSql} AS text))`;
    case 'mysql':
      return `CHAR_LENGTH(CAST(${columnSql} AS CHAR))`;
    case 'mssql':
      return `(DATALENGTH(CAST(${columnSql} AS nvarchar(max))) / 2)`;
    case 'sqlite':
      return `length(CAST(${columnSql} AS TEXT))`;
  }
}

function asText(dialect: Dialect, columnSql: string): string {
  return dialect === 'postgres' ? `CAST(${columnSql} AS text)` : dialect === 'mssql' ? `CAST(${columnSql} AS nvarchar(max))` : columnSql;
}

function lossChecks(
  queryRunner: QueryRunner,
  dialect: Dialect,
  oldColumn: TableColumn,
  newColumn: TableColumn,
  change: ColumnChange,
): LossCheck[] {
  const c = (queryRunner.connection.driver as unknown as DriverInternals).escape(oldColumn.name);
  const oldKind = kindOf(oldColumn, dialect);
  const newKind = kindOf(newColumn, dialect);
  const checks: LossCheck[] = [];

  if (newKind === 'string') {
    const newLength = lengthOf(queryRunner, newColumn);
    const oldLength = oldKind === 'string' ? lengthOf(queryRunner, oldColumn) || Infinity : Infinity;
    if (newLength && newLength < oldLength) {
      checks.push({
        where: `${textLength(dialect, c)} > ${newLength}`,
        problem: (rows) => `${plural(rows, 'row has a value', 'rows have values')} longer than ${newLength} characters`,
      });
    }
  }

  if (newKind === 'decimal' && (oldKind === 'int' || oldKind === 'decimal') && newColumn.precision != null) {
    const precision = newColumn.precision;
    const scale = newColumn.scale ?? 0;
    const narrower =
      oldKind === 'int' ||
      oldColumn.precision == null ||
      precision - scale < oldColumn.precision - (oldColumn.scale ?? 0) ||
      scale < (oldColumn.scale ?? 0);
    if (narrower) {
      const limit = `1${'0'.repeat(Math.max(precision - scale, 0))}`;
      checks.push({
        where: `ABS(ROUND(${c}, ${scale})) >= ${limit} OR ${c} <> ROUND(${c}, ${scale})`,
        problem: (rows) =>
          `${plural(rows, 'row has a value that does not', 'rows have values that do not')} fit ${fullType(queryRunner, newColumn)} without overflow or rounding`,
      });
    }
  }

  if (newKind === 'int' && oldKind === 'decimal') {
    checks.push({
      where: `${c} <> ROUND(${c}, 0) OR ${c} > 2147483647 OR ${c} < -2147483648`,
      problem: (rows) => `${plural(rows, 'row has a value that is not a whole number', 'rows have values that are not whole numbers')} in the int range`,
    });
  }

  if (newKind === 'enum' && newColumn.enum && !(oldKind === 'enum' && (oldColumn.enum ?? []).every((v) => newColumn.enum!.includes(v)))) {
    const allowed = newColumn.enum.map((value) => quote(dialect, value)).join(', ');
    checks.push({
      where: `${asText(dialect, c)} NOT IN (${allowed})`,
      problem: (rows) => `${plural(rows, 'row holds a value', 'rows hold values')} outside (${newColumn.enum!.join(', ')})`,
    });
  }

  if (oldColumn.isNullable && !newColumn.isNullable && change.fillNulls === undefined) {
    checks.push({
      where: `${c} IS NULL`,
      nulls: true,
      problem: (rows) => `${plural(rows, 'row is', 'rows are')} NULL (pass fillNulls to set them in the same step, or update them first)`,
    });
  }
  return checks;
}

async function countRows(queryRunner: QueryRunner, table: Table, where: string): Promise<number> {
  const runner = queryRunner as Runner;
  const result: Array<Record<string, unknown>> = await queryRunner.query(`SELECT COUNT(*) AS n FROM ${runner.escapePath(table)} WHERE ${where}`);
  return Number(result[0]?.n ?? result[0]?.N ?? 0);
}

async function refuseDataLoss(queryRunner: QueryRunner, table: Table, oldColumn: TableColumn, newColumn: TableColumn, checks: LossCheck[]) {
  const c = (queryRunner.connection.driver as unknown as DriverInternals).escape(oldColumn.name);
  for (const check of checks) {
    const rows = await countRows(queryRunner, table, check.nulls ? check.where : `${c} IS NOT NULL AND (${check.where})`);
    if (rows > 0) {
      const target = `${fullType(queryRunner, newColumn)} ${newColumn.isNullable ? 'NULL' : 'NOT NULL'}`;
      throw new ColumnChangeRefusedError(
        table.name,
        oldColumn.name,
        rows,
        `Refusing to alter column "${oldColumn.name}" of table "${table.name}" to ${target}: ${check.problem(rows)}, ` +
          'which the change would truncate, round or reject. Fix those rows first; nothing was changed.',
      );
    }
  }
}

/** SQLite's rebuild drops the table: with foreign keys on, that deletes (or is refused for) referencing rows. */
async function refuseSqliteRebuildUnderForeignKeys(queryRunner: QueryRunner, table: Table): Promise<void> {
  const [pragma] = (await queryRunner.query('PRAGMA foreign_keys')) as Array<{ foreign_keys: number }>;
  if (!pragma || Number(pragma.foreign_keys) !== 1) return;
  const referencing = (await queryRunner.query(
    `SELECT DISTINCT m.name AS name FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = '${table.name.replace(/'/g, "''")}'`,
  )) as Array<{ name: string }>;
  if (referencing.length > 0) {
    throw new Error(
      `alterColumn rebuilds "${table.name}" on SQLite, and ${referencing.map((r) => `"${r.name}"`).join(', ')} reference it while ` +
        'PRAGMA foreign_keys is ON (dropping the old table would delete or orphan their rows). Run it from a migration: ' +
        "TypeORM's migration runner turns foreign keys off around migrations.",
    );
  }
}

function refuseUnsupported(table: Table, oldColumn: TableColumn): void {
  const where = `column "${oldColumn.name}" of table "${table.name}"`;
  if (oldColumn.isPrimary) throw new Error(`alterColumn does not change primary key columns (${where})`);
  if (oldColumn.isGenerated || oldColumn.generatedType) throw new Error(`alterColumn does not change generated columns (${where})`);
  const foreignKey = table.foreignKeys.find((fk) => fk.columnNames.includes(oldColumn.name));
  if (foreignKey) {
    throw new Error(
      `alterColumn does not change a column with a foreign key (${where}, ${foreignKey.name}): drop the key, change both ` +
        'sides, and recreate it',
    );
  }
}

/** Does a CHECK expression mention the column (quoted or not)? */
function mentions(expression: string | undefined, columnName: string): boolean {
  if (!expression) return false;
  const name = columnName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w])["\`\\[]?${name}["\`\\]]?($|[^\\w])`, 'i').test(expression);
}

/** The new column in TypeORM's cached Table, as its own schema methods leave it. */
function updateCache(queryRunner: QueryRunner, table: Table, newColumn: TableColumn): void {
  const changed = table.clone();
  changed.columns = changed.columns.map((existing) => (existing.name === newColumn.name ? newColumn.clone() : existing));
  (queryRunner as Runner).replaceCachedTable(table, changed);
}

interface Plan {
  typeChanged: boolean;
  enumChanged: boolean;
  nullChanged: boolean;
  defaultChanged: boolean;
}

async function alterPostgres(runner: Runner, table: Table, oldColumn: TableColumn, newColumn: TableColumn, plan: Plan, change: ColumnChange) {
  const path = runner.escapePath(table);
  const c = `"${oldColumn.name}"`;
  const alter = (action: string) => new Query(`ALTER TABLE ${path} ALTER COLUMN ${c} ${action}`);
  const oldKind = kindOf(oldColumn, 'postgres');
  const newKind = kindOf(newColumn, 'postgres');
  const oldIsEnum = oldKind === 'enum';
  const newIsEnum = newKind === 'enum';
  const retype = plan.typeChanged || plan.enumChanged;
  // PostgreSQL casts the default along with the column; across kinds (or enum types) that cast may not exist, so
  // the default comes off first and goes back on after
  const redefault = plan.defaultChanged || (retype && (oldKind !== newKind || oldIsEnum || newIsEnum));
  const up: Query[] = [];

  const hasOldDefault = oldColumn.default !== undefined && oldColumn.default !== null;
  if (hasOldDefault && redefault) up.push(alter('DROP DEFAULT'));

  if (retype) {
    if (newIsEnum) {
      const newEnum = runner.buildEnumName!(table, newColumn);
      let oldEnum: string | undefined;
      if (oldIsEnum) {
        // the new type takes the old one's name: move the old one aside, as TypeORM's enum change does
        oldEnum = runner.buildEnumName!(table, oldColumn, true, false, true);
        up.push(new Query(`ALTER TYPE ${runner.buildEnumName!(table, oldColumn)} RENAME TO ${runner.buildEnumName!(table, oldColumn, false, false, true)}`));
      }
      up.push(runner.createEnumTypeSql!(table, newColumn, newEnum));
      up.push(alter(`TYPE ${newEnum} USING ${change.using ?? `${c}::text::${newEnum}`}`));
      if (oldEnum) up.push(runner.dropEnumTypeSql!(table, oldColumn, oldEnum));
    } else {
      const type = fullType(runner, newColumn);
      let using = change.using;
      if (using === undefined && oldIsEnum) using = newKind === 'string' ? `${c}::text` : `${c}::text::${type}`;
      // An explicit cast only where PostgreSQL has no assignment cast (string → number/boolean, to and from
      // boolean). Never to a string type: an explicit cast to varchar(n) truncates silently, the assignment cast refuses.
      const noAssignmentCast = (oldKind === 'string' && newKind !== 'string') || (oldKind !== newKind && (oldKind === 'boolean' || newKind === 'boolean'));
      if (using === undefined && noAssignmentCast && newKind !== 'string') using = `${c}::${type}`;
      up.push(alter(`TYPE ${type}${using === undefined ? '' : ` USING ${using}`}`));
      if (oldIsEnum) up.push(runner.dropEnumTypeSql!(table, oldColumn));
    }
  }
  if (plan.nullChanged) up.push(alter(newColumn.isNullable ? 'DROP NOT NULL' : 'SET NOT NULL'));
  const hasNewDefault = newColumn.default !== undefined && newColumn.default !== null;
  if (hasNewDefault && redefault) up.push(alter(`SET DEFAULT ${newColumn.default}`));

  await runner.executeQueries(up, []);
  updateCache(runner, table, newColumn);
}

async function alterMysql(runner: Runner, table: Table, newColumn: TableColumn) {
  // MODIFY takes the whole definition: type, nullability, default, comment, charset (indices stay)
  await runner.executeQueries([new Query(`ALTER TABLE ${runner.escapePath(table)} MODIFY COLUMN ${runner.buildCreateColumnSql(newColumn, true)}`)], []);
  updateCache(runner, table, newColumn);
}

async function alterSqlServer(runner: Runner, table: Table, oldColumn: TableColumn, newColumn: TableColumn, plan: Plan) {
  const naming = runner.connection.namingStrategy;
  const path = runner.escapePath(table);
  const name = oldColumn.name;
  const needsAlter = plan.typeChanged || plan.nullChanged;
  const oldIsEnum = kindOf(oldColumn, 'mssql') === 'enum';
  const newIsEnum = kindOf(newColumn, 'mssql') === 'enum';
  const touchEnum = plan.enumChanged || (needsAlter && oldIsEnum);
  const hasOldDefault = oldColumn.default !== undefined && oldColumn.default !== null;
  const hasNewDefault = newColumn.default !== undefined && newColumn.default !== null;
  const touchDefault = plan.defaultChanged || (needsAlter && hasOldDefault);
  const enumCheck = (tableColumn: TableColumn) => naming.checkConstraintName(table, runner.getEnumExpression!(tableColumn), true);
  const defaultName = naming.defaultConstraintName(table, name);

  // SQL Server refuses ALTER COLUMN while an index, unique constraint or check uses the column: take them off
  // through TypeORM (its cache follows) and put the same ones back afterwards.
  const indices: TableIndex[] = needsAlter ? table.indices.filter((index) => index.columnNames.includes(name)) : [];
  const uniques: TableUnique[] = needsAlter ? table.uniques.filter((unique) => unique.columnNames.includes(name)) : [];
  const checks: TableCheck[] = needsAlter
    ? table.checks.filter((check) => check.columnNames?.includes(name) || mentions(check.expression, name))
    : [];
  for (const index of indices) await runner.dropIndex(table, index);
  for (const unique of uniques) await runner.dropUniqueConstraint(table, unique);
  for (const check of checks) await runner.dropCheckConstraint(table, check);

  const before: Query[] = [];
  if (touchEnum && oldIsEnum) before.push(new Query(`ALTER TABLE ${path} DROP CONSTRAINT "${enumCheck(oldColumn)}"`));
  if (touchDefault && hasOldDefault) before.push(new Query(`ALTER TABLE ${path} DROP CONSTRAINT "${defaultName}"`));
  if (needsAlter) {
    // TypeORM's ALTER COLUMN definition (no identity, default or enum check), with NULL spelled out
    const definition = runner.buildCreateColumnSql(table, newColumn, true, false, true);
    before.push(new Query(`ALTER TABLE ${path} ALTER COLUMN ${definition}${newColumn.isNullable ? ' NULL' : ''}`));
  }
  if (touchDefault && hasNewDefault) before.push(new Query(`ALTER TABLE ${path} ADD CONSTRAINT "${defaultName}" DEFAULT ${newColumn.default} FOR "${name}"`));
  if (touchEnum && newIsEnum) {
    before.push(new Query(`ALTER TABLE ${path} ADD CONSTRAINT "${enumCheck(newColumn)}" CHECK (${runner.getEnumExpression!(newColumn)})`));
  }
  await runner.executeQueries(before, []);
  updateCache(runner, table, newColumn);

  for (const check of checks) await runner.createCheckConstraint(table, check);
  for (const unique of uniques) await runner.createUniqueConstraint(table, unique);
  for (const index of indices) await runner.createIndex(table, index);
}

/**
 * Changes `tableName.columnName` in place, keeping every value, on SQLite, PostgreSQL, MariaDB/MySQL and SQL
 * Server. Attributes the change leaves out keep their current value (type, length, precision, scale, enum values,
 * nullability, default). Refuses, naming the table, column and row count, a narrowing that existing rows would not
 * survive; refuses primary key, generated and foreign key columns. Returns the column as it now is.
 *
 * `down` is the same call with the old spec:
 *
 * ```ts
 * up   = (qr) => alterColumn(qr, 'items', 'name', { type: 'string', length: 500 });
 * down = (qr) => alterColumn(qr, 'items', 'name', { type: 'string', length: 255 });
 * ```
 * (or `reversibleAlterColumn('items', 'name', { from: {...}, to: {...} })`).
 */
export async function alterColumn(queryRunner: QueryRunner, tableName: string, columnName: string, change: ColumnChange): Promise<TableColumn> {
  const runner = queryRunner as Runner;
  const dialect = dialectOf(queryRunner);
  const inMemory = runner.sqlMemoryMode === true;

  const table = await queryRunner.getTable(tableName);
  if (!table) throw new Error(`alterColumn: table "${tableName}" does not exist`);
  const oldColumn = table.findColumnByName(columnName);
  if (!oldColumn) throw new Error(`alterColumn: table "${tableName}" has no column "${columnName}"`);
  refuseUnsupported(table, oldColumn);

  const newColumn = buildNewColumn(queryRunner, dialect, oldColumn, change);
  const plan: Plan = {
    typeChanged: fullType(queryRunner, oldColumn) !== fullType(queryRunner, newColumn),
    enumChanged: !sameList(oldColumn.enum, newColumn.enum),
    nullChanged: oldColumn.isNullable !== newColumn.isNullable,
    defaultChanged: (oldColumn.default ?? undefined) !== (newColumn.default ?? undefined),
  };
  const fill = change.fillNulls !== undefined && oldColumn.isNullable;
  if (!plan.typeChanged && !plan.enumChanged && !plan.nullChanged && !plan.defaultChanged && !fill) return oldColumn.clone();

  // DDL is transactional on PostgreSQL, SQL Server and SQLite: a failure halfway (say, after SQL Server's
  // dependents were dropped) must not stick. MariaDB commits each DDL statement whatever we do.
  const ownTransaction = !inMemory && !queryRunner.isTransactionActive;
  if (ownTransaction) await queryRunner.startTransaction();
  try {
    if (!inMemory) {
      await refuseDataLoss(queryRunner, table, oldColumn, newColumn, lossChecks(queryRunner, dialect, oldColumn, newColumn, change));
      if (dialect === 'sqlite') await refuseSqliteRebuildUnderForeignKeys(queryRunner, table);
    }
    if (fill) {
      const placeholder = dialect === 'postgres' ? '$1' : dialect === 'mssql' ? '@0' : '?';
      // better-sqlite3 binds no booleans
      const value = dialect === 'sqlite' && typeof change.fillNulls === 'boolean' ? Number(change.fillNulls) : change.fillNulls;
      const c = (queryRunner.connection.driver as unknown as DriverInternals).escape(columnName);
      await runner.executeQueries([new Query(`UPDATE ${runner.escapePath(table)} SET ${c} = ${placeholder} WHERE ${c} IS NULL`, [value])], []);
    }

    const anyDdl = plan.typeChanged || plan.enumChanged || plan.nullChanged || plan.defaultChanged;
    if (anyDdl) {
      switch (dialect) {
        case 'postgres':
          await alterPostgres(runner, table, oldColumn, newColumn, plan, change);
          break;
        case 'mysql':
          await alterMysql(runner, table, newColumn);
          break;
        case 'mssql':
          await alterSqlServer(runner, table, oldColumn, newColumn, plan);
          break;
        case 'sqlite':
          // TypeORM's rebuild copies every row (INSERT INTO temporary_x ... SELECT ... FROM x) and updates its cache
          await queryRunner.changeColumn(table, oldColumn, newColumn);
          break;
      }
    }
    if (ownTransaction) await queryRunner.commitTransaction();
  } catch (error) {
    if (ownTransaction && queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
    throw error;
  }
  return newColumn.clone();
}

/**
 * `up` and `down` of a migration that changes one column: `up` applies `to`, `down` applies `from` (the spec the
 * column had before). Each side may carry its own `using`/`fillNulls`.
 */
export function reversibleAlterColumn(
  tableName: string,
  columnName: string,
  { from, to }: { from: ColumnChange; to: ColumnChange },
): Pick<MigrationInterface, 'up' | 'down'> {
  return {
    up: async (queryRunner: QueryRunner) => {
      await alterColumn(queryRunner, tableName, columnName, to);
    },
    down: async (queryRunner: QueryRunner) => {
      await alterColumn(queryRunner, tableName, columnName, from);
    },
  };
}
