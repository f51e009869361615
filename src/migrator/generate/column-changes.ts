import type { QueryRunner, Table, TableColumn } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { convertsInPlace } from '../../database/alter-column/conversions';
import type { PortableColumn } from '../../database/portable-schema';
import { columnFromMetadata, columnFromTable } from './columns';
import type { ChangedColumn, ForeignKeySpec, IndexSpec, SchemaDiff, UniqueSpec, UnsupportedChange } from './diff-types';
import { countRows } from './live-database';
import { replaceColumnCode } from './type-change-advice';

/** A column present on both sides whose definition differs: an alterColumn from one portable spec to the other. */

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
export function cannotWrite(table: string, column: string, reasons: string[]): UnsupportedChange {
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
export function changedColumn(
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
/** Entity columns the table lacks, as addColumn; a NOT NULL one without a default is refused on a table with rows. */
export async function compareAddedColumns(
  queryRunner: QueryRunner,
  table: Table,
  added: ColumnMetadata[],
  diff: SchemaDiff,
): Promise<void> {
  const name = table.name;
  for (const col of added) {
    const spec = columnFromMetadata(queryRunner, name, col, diff.warnings);
    if (
      !col.isNullable &&
      (col.default === undefined || col.default === null) &&
      !col.isCreateDate &&
      !col.isUpdateDate &&
      !col.isGenerated
    ) {
      const rows = await countRows(queryRunner, name);
      if (rows > 0) {
        diff.unsupported.push({
          table: name,
          column: col.databaseName,
          message: `column ${name}.${col.databaseName} is NOT NULL without a default, and ${name} has ${rows} row${rows === 1 ? '' : 's'}: add a default or make it optional`,
        });
        continue;
      }
      diff.warnings.push(`${name}.${col.databaseName} is NOT NULL without a default: adding it fails on a table with rows`);
    }
    diff.addColumns.push({ table: name, column: spec });
  }
}

/** Live columns the entity lacks, as dropColumn (rebuilt for `down`); key columns are left to a human. */
export function compareDroppedColumns(
  queryRunner: QueryRunner,
  table: Table,
  dropped: TableColumn[],
  keys: { dropIndices: IndexSpec[]; dropUniques: UniqueSpec[]; dropForeignKeys: ForeignKeySpec[] },
  diff: SchemaDiff,
): void {
  const name = table.name;
  const warnings = diff.warnings;
  for (const col of dropped) {
    const keptForeignKey = table.foreignKeys.some(
      (fk) => fk.columnNames.includes(col.name) && !keys.dropForeignKeys.some((d) => d.name === fk.name),
    );
    if (col.isPrimary || keptForeignKey) {
      diff.unsupported.push({
        table: name,
        column: col.name,
        message: `column ${name}.${col.name} is in the database but not in the entity; it is part of a primary or foreign key: drop it by hand`,
      });
      continue;
    }
    const spec = columnFromTable(queryRunner, table, col, warnings);
    diff.dropColumns.push({ table: name, column: spec });
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
}

/** Columns on both sides that the driver sees differ, as alterColumn when both are portable. */
export function compareChangedColumns(queryRunner: QueryRunner, table: Table, metadataColumns: ColumnMetadata[], diff: SchemaDiff): void {
  const driver = queryRunner.connection.driver;
  for (const changed of driver.findChangedColumns(table.columns, metadataColumns)) {
    const live = table.findColumnByName(changed.databaseName)!;
    // a single-column unique shows as the column's isUnique; compareKeys already creates or drops it
    const uniqueAside = live.clone();
    uniqueAside.isUnique = driver.normalizeIsUnique(changed);
    if (!driver.findChangedColumns([uniqueAside], [changed]).length) continue;
    const change = changedColumn(queryRunner, table, live, changed) ?? cannotWrite(table.name, changed.databaseName, []);
    if ('message' in change) diff.unsupported.push(change);
    else diff.changeColumns.push(change);
  }
}
