/** Counting the rows a change would cut, round or reject, and refusing the change with that count. */
import { QueryRunner, Table, TableColumn } from 'typeorm';
import { ColumnChange, ColumnChangeRefusedError } from './column-change';
import { Dialect, DriverInternals, Runner, fullType, kindOf, lengthOf } from './column-spec';

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

export function lossChecks(
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

  // PostgreSQL has ROUND(x, n) for numeric only: a double precision value is rounded as numeric
  const round = (scale: number) =>
    dialect === 'postgres' && oldKind === 'float' ? `ROUND(CAST(${c} AS numeric), ${scale})` : `ROUND(${c}, ${scale})`;
  const numeric = oldKind === 'int' || oldKind === 'bigint' || oldKind === 'decimal' || oldKind === 'float';

  if (newKind === 'decimal' && numeric && newColumn.precision != null) {
    const precision = newColumn.precision;
    const scale = newColumn.scale ?? 0;
    const narrower =
      oldKind !== 'decimal' ||
      oldColumn.precision == null ||
      precision - scale < oldColumn.precision - (oldColumn.scale ?? 0) ||
      scale < (oldColumn.scale ?? 0);
    if (narrower) {
      const limit = `1${'0'.repeat(Math.max(precision - scale, 0))}`;
      checks.push({
        where: `ABS(${round(scale)}) >= ${limit} OR ${c} <> ${round(scale)}`,
        problem: (rows) =>
          `${plural(rows, 'row has a value that does not', 'rows have values that do not')} fit ${fullType(queryRunner, newColumn)} without overflow or rounding`,
      });
    }
  }

  const whole = (kind: 'int' | 'bigint', max: string) => {
    checks.push({
      where: `${c} <> ${round(0)} OR ${c} > ${max} OR ${c} < -${max} - 1`,
      problem: (rows) =>
        `${plural(rows, 'row has a value that is not a whole number', 'rows have values that are not whole numbers')} in the ${kind} range`,
    });
  };
  if (newKind === 'int' && (oldKind === 'decimal' || oldKind === 'float' || oldKind === 'bigint')) whole('int', '2147483647');
  if (newKind === 'bigint' && (oldKind === 'decimal' || oldKind === 'float')) whole('bigint', '9223372036854775807');

  // text becoming json: PostgreSQL's cast to jsonb refuses bad JSON by itself; elsewhere nothing would until a read
  const notJson: Partial<Record<Dialect, string>> = { sqlite: 'json_valid', mysql: 'JSON_VALID', mssql: 'ISJSON' };
  if (newKind === 'json' && oldKind !== 'json' && notJson[dialect]) {
    checks.push({
      where: `${notJson[dialect]}(${c}) = 0`,
      problem: (rows) => `${plural(rows, 'row holds a value', 'rows hold values')} that is not JSON`,
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
  const result: Array<Record<string, unknown>> = await queryRunner.query(
    `SELECT COUNT(*) AS n FROM ${runner.escapePath(table)} WHERE ${where}`,
  );
  return Number(result[0]?.n ?? result[0]?.N ?? 0);
}

export async function refuseDataLoss(
  queryRunner: QueryRunner,
  table: Table,
  oldColumn: TableColumn,
  newColumn: TableColumn,
  checks: LossCheck[],
) {
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

/**
 * SQLite's rebuild drops the table: with foreign keys on, that deletes (or is refused for) referencing rows. They
 * are off when alterColumn runs in a migration or in a transaction of its own; this is the case left: a
 * transaction someone else opened with keys on, inside which SQLite cannot turn them off.
 */
export async function refuseSqliteRebuildUnderForeignKeys(queryRunner: QueryRunner, table: Table): Promise<void> {
  const [pragma] = (await queryRunner.query('PRAGMA foreign_keys')) as Array<{ foreign_keys: number }>;
  if (!pragma || Number(pragma.foreign_keys) !== 1) return;
  const referencing = (await queryRunner.query(
    `SELECT DISTINCT m.name AS name FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = '${table.name.replace(/'/g, "''")}'`,
  )) as Array<{ name: string }>;
  if (referencing.length > 0) {
    throw new Error(
      `alterColumn rebuilds "${table.name}" on SQLite, and ${referencing.map((r) => `"${r.name}"`).join(', ')} reference it while ` +
        'PRAGMA foreign_keys is ON inside an open transaction, where SQLite cannot turn it off (dropping the old table ' +
        'would delete or orphan their rows). Run it from a migration (`npm run migration:run` turns foreign keys off ' +
        'around the run and checks them before committing), or outside a transaction (alterColumn then does the same).',
    );
  }
}

export function refuseUnsupported(table: Table, oldColumn: TableColumn): void {
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
export function mentions(expression: string | undefined, columnName: string): boolean {
  if (!expression) return false;
  const name = columnName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w])["\`\\[]?${name}["\`\\]]?($|[^\\w])`, 'i').test(expression);
}

/** The new column in TypeORM's cached Table, as its own schema methods leave it. */
