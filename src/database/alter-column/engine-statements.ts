/** The in-place ALTER statements of PostgreSQL, MariaDB and SQL Server (SQLite uses TypeORM's row-keeping rebuild). */
import { QueryRunner, Table, TableCheck, TableColumn, TableIndex, TableUnique } from 'typeorm';
import { Query } from 'typeorm/driver/Query';
import { ColumnChange } from './column-change';
import { Runner, fullType, isTextual, kindOf } from './column-spec';
import { mentions } from './data-loss';
import { jsonCheck } from '../sql-server-json';

function updateCache(queryRunner: QueryRunner, table: Table, newColumn: TableColumn): void {
  const changed = table.clone();
  changed.columns = changed.columns.map((existing) => (existing.name === newColumn.name ? newColumn.clone() : existing));
  (queryRunner as Runner).replaceCachedTable(table, changed);
}

export interface Plan {
  typeChanged: boolean;
  enumChanged: boolean;
  nullChanged: boolean;
  defaultChanged: boolean;
}

export async function alterPostgres(
  runner: Runner,
  table: Table,
  oldColumn: TableColumn,
  newColumn: TableColumn,
  plan: Plan,
  change: ColumnChange,
) {
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
        up.push(
          new Query(
            `ALTER TYPE ${runner.buildEnumName!(table, oldColumn)} RENAME TO ${runner.buildEnumName!(table, oldColumn, false, false, true)}`,
          ),
        );
      }
      up.push(runner.createEnumTypeSql!(table, newColumn, newEnum));
      up.push(alter(`TYPE ${newEnum} USING ${change.using ?? `${c}::text::${newEnum}`}`));
      if (oldEnum) up.push(runner.dropEnumTypeSql!(table, oldColumn, oldEnum));
    } else {
      const type = fullType(runner, newColumn);
      let using = change.using;
      if (using === undefined && oldIsEnum) using = isTextual(newKind) ? `${c}::text` : `${c}::text::${type}`;
      // An explicit cast only where PostgreSQL has no assignment cast (text → number/boolean/date/uuid/jsonb, to
      // and from boolean). Never to a string type: an explicit cast to varchar(n) truncates silently, the
      // assignment cast refuses.
      const noAssignmentCast =
        (isTextual(oldKind) && !isTextual(newKind)) || (oldKind !== newKind && (oldKind === 'boolean' || newKind === 'boolean'));
      if (using === undefined && noAssignmentCast && !isTextual(newKind)) using = `${c}::${type}`;
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

export async function alterMysql(runner: Runner, table: Table, newColumn: TableColumn) {
  // MODIFY takes the whole definition: type, nullability, default, comment, charset (indices stay)
  await runner.executeQueries(
    [new Query(`ALTER TABLE ${runner.escapePath(table)} MODIFY COLUMN ${runner.buildCreateColumnSql(newColumn, true)}`)],
    [],
  );
  updateCache(runner, table, newColumn);
}

export async function alterSqlServer(runner: Runner, table: Table, oldColumn: TableColumn, newColumn: TableColumn, plan: Plan) {
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
  if (touchDefault && hasNewDefault)
    before.push(new Query(`ALTER TABLE ${path} ADD CONSTRAINT "${defaultName}" DEFAULT ${newColumn.default} FOR "${name}"`));
  if (touchEnum && newIsEnum) {
    before.push(new Query(`ALTER TABLE ${path} ADD CONSTRAINT "${enumCheck(newColumn)}" CHECK (${runner.getEnumExpression!(newColumn)})`));
  }
  await runner.executeQueries(before, []);
  updateCache(runner, table, newColumn);

  // json's ISJSON check (../sql-server-json) follows the column's kind: kept, added or left dropped
  const json = jsonCheck(table.name, name);
  const newIsJson = kindOf(newColumn, 'mssql') === 'json';
  for (const check of checks.filter((c) => newIsJson || c.name !== json.name)) await runner.createCheckConstraint(table, check);
  if (newIsJson && kindOf(oldColumn, 'mssql') !== 'json') await runner.createCheckConstraint(table, json);
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
