import type { PortableColumn } from '../../database/portable-schema';
import { literal, portableColumn, quote } from './typescript-literal';
import {
  AddedColumn,
  ChangedColumn,
  ColumnSpec,
  columnNamesOf,
  DroppedColumn,
  ForeignKeyChange,
  ForeignKeySpec,
  IndexChange,
  IndexSpec,
  isEmptyDiff,
  RenamedColumn,
  SchemaDiff,
  TableSpec,
  UniqueChange,
} from './schema-diff';

export interface RenderOptions {
  /** The migration's name, e.g. `AddCategory`; made PascalCase. The class is `<Name><timestamp>`. */
  name: string;
  /** 13-digit timestamp (milliseconds); defaults to now. */
  timestamp?: number;
  /** How the migration imports portable-schema; right for src/migrations by default. */
  portableSchemaImport?: string;
  /** How the migration imports alter-column; by default next to portable-schema. */
  alterColumnImport?: string;
}

export interface RenderedMigration {
  className: string;
  fileName: string;
  source: string;
}

const INDENT = '  ';

export function pascalCase(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const joined = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(joined) ? joined : `Migration${joined}`;
}

class Imports {
  readonly typeorm = new Set<string>(['MigrationInterface', 'QueryRunner']);
  readonly portable = new Set<string>();
  alterColumn = false;
}

/** One entry of a `columns: [...]` list (TableColumnOptions). */
function columnEntry(spec: ColumnSpec, imports: Imports): string {
  switch (spec.kind) {
    case 'id':
      imports.portable.add('idColumn');
      return spec.name === 'id' ? 'idColumn(queryRunner)' : `idColumn(queryRunner, ${quote(spec.name)})`;
    case 'timestamps':
      imports.portable.add('timestampColumns');
      return '...timestampColumns(queryRunner)';
    case 'portable':
      imports.portable.add('column');
      return portableColumn(spec.column);
    case 'engine-only':
      return `${literal(spec.options)} /* engine-only: ${spec.reason.replace(/\*\//g, '* /')} */`;
  }
}

function list(items: string[], indent: string): string {
  if (items.length === 1 && !items[0].includes('\n')) return `[${items[0]}]`;
  return `[\n${items.map((item) => `${indent}${INDENT}${item},`).join('\n')}\n${indent}]`;
}

function foreignKey(fk: ForeignKeySpec, indent: string): string {
  const inner = indent + INDENT;
  const lines = [
    `name: ${quote(fk.name)}`,
    `columnNames: ${literal(fk.columnNames)}`,
    `referencedTableName: ${quote(fk.referencedTableName)}`,
    `referencedColumnNames: ${literal(fk.referencedColumnNames)}`,
    ...(fk.onDelete ? [`onDelete: ${quote(fk.onDelete)}`] : []),
    ...(fk.onUpdate ? [`onUpdate: ${quote(fk.onUpdate)}`] : []),
  ];
  return `new TableForeignKey({\n${lines.map((l) => `${inner}${l},`).join('\n')}\n${indent}})`;
}

function tableIndex(i: IndexSpec): string {
  return `new TableIndex(${literal({ name: i.name, columnNames: i.columnNames, isUnique: i.isUnique || undefined, where: i.where })})`;
}

function createIndex(change: IndexChange, imports: Imports): string[] {
  imports.typeorm.add('TableIndex');
  return [`await queryRunner.createIndex(${quote(change.table)}, ${tableIndex(change.index)});`];
}

function dropIndex(change: IndexChange): string[] {
  return [`await queryRunner.dropIndex(${quote(change.table)}, ${quote(change.index.name)});`];
}

function createUnique(change: UniqueChange, imports: Imports): string[] {
  imports.typeorm.add('TableUnique');
  imports.portable.add('createUnique');
  const unique = literal({ name: change.unique.name, columnNames: change.unique.columnNames });
  return [`await createUnique(queryRunner, ${quote(change.table)}, new TableUnique(${unique}));`];
}

function dropUnique(change: UniqueChange, imports: Imports): string[] {
  imports.portable.add('dropUnique');
  return [`await dropUnique(queryRunner, ${quote(change.table)}, ${quote(change.unique.name)});`];
}

function createForeignKey(change: ForeignKeyChange, imports: Imports): string[] {
  imports.typeorm.add('TableForeignKey');
  return [
    `await queryRunner.createForeignKey(`,
    `${INDENT}${quote(change.table)},`,
    `${INDENT}${foreignKey(change.foreignKey, INDENT)},`,
    `);`,
  ];
}

function dropForeignKey(change: ForeignKeyChange): string[] {
  return [`await queryRunner.dropForeignKey(${quote(change.table)}, ${quote(change.foreignKey.name)});`];
}

/** `await queryRunner.createTable(new Table({...}))`, laid out like the hand-written InitialSchema. */
function createTable(table: TableSpec, imports: Imports): string[] {
  imports.typeorm.add('Table');
  const i3 = INDENT.repeat(3);
  const i4 = INDENT.repeat(4);
  const body = [
    `${i3}name: ${quote(table.name)},`,
    `${i3}columns: [`,
    ...table.columns.map((c) => `${i4}${columnEntry(c, imports)},`),
    `${i3}],`,
  ];
  if (table.uniques.length) {
    imports.typeorm.add('TableUnique');
    const items = table.uniques.map((u) => `new TableUnique(${literal({ name: u.name, columnNames: u.columnNames })})`);
    body.push(`${i3}uniques: ${list(items, INDENT.repeat(2))},`);
  }
  if (table.indices.length) {
    imports.typeorm.add('TableIndex');
    const items = table.indices.map(tableIndex);
    body.push(`${i3}indices: ${list(items, INDENT.repeat(2))},`);
  }
  if (table.foreignKeys.length) {
    imports.typeorm.add('TableForeignKey');
    const items = table.foreignKeys.map((fk) => foreignKey(fk, i3));
    body.push(`${i3}foreignKeys: [`, ...items.map((item) => `${i4}${item},`), `${i3}],`);
  }
  return [`await queryRunner.createTable(`, `${INDENT}new Table({`, ...body.map((l) => l.slice(INDENT.length)), `${INDENT}}),`, `);`];
}

function addColumn(added: AddedColumn, imports: Imports): string[] {
  imports.typeorm.add('TableColumn');
  if (added.column.kind === 'timestamps') {
    imports.portable.add('timestampColumns');
    return [
      `for (const timestamp of timestampColumns(queryRunner)) {`,
      `${INDENT}await queryRunner.addColumn(${quote(added.table)}, new TableColumn(timestamp));`,
      `}`,
    ];
  }
  return [`await queryRunner.addColumn(${quote(added.table)}, new TableColumn(${columnEntry(added.column, imports)}));`];
}

function dropColumn(added: AddedColumn): string[] {
  return columnNamesOf(added.column)
    .reverse()
    .map((name) => `await queryRunner.dropColumn(${quote(added.table)}, ${quote(name)});`);
}

/** `alterColumn(queryRunner, table, column, { ...spec })` with every attribute spelled out, so nothing is kept by accident. */
function alterTo(table: string, columnName: string, spec: PortableColumn, imports: Imports): string[] {
  imports.alterColumn = true;
  const { type, length, precision, scale, enum: values, nullable, default: def } = spec;
  const change = literal({ type, length, precision, scale, enum: values, nullable: !!nullable, default: def ?? null });
  return [`await alterColumn(queryRunner, ${quote(table)}, ${quote(columnName)}, ${change});`];
}

function renameColumn(table: string, from: string, to: string): string[] {
  return [`await queryRunner.renameColumn(${quote(table)}, ${quote(from)}, ${quote(to)});`];
}

function renameTable(from: string, to: string, imports: Imports): string[] {
  imports.portable.add('renameTable');
  return [`await renameTable(queryRunner, ${quote(from)}, ${quote(to)});`];
}

function readdColumn(dropped: DroppedColumn, imports: Imports): string[] {
  return addColumn({ table: dropped.table, column: dropped.column }, imports);
}

function method(name: 'up' | 'down', statements: string[][]): string[] {
  const i2 = INDENT.repeat(2);
  const lines = statements
    .flat()
    .flatMap((line) => line.split('\n'))
    .map((line) => (line ? `${i2}${line}` : line));
  return [`${INDENT}public async ${name}(queryRunner: QueryRunner): Promise<void> {`, ...lines, `${INDENT}}`];
}

/** What the migration does, one line each; drops are marked DESTRUCTIVE. */
export function summarizeDiff(diff: SchemaDiff): string[] {
  if (isEmptyDiff(diff)) return ['No changes: the database matches the entities.'];
  const lines: string[] = diff.renameTables.map(
    (r) => `~ rename table ${r.from} to ${r.to} (rows, keys and the foreign keys pointing at it kept)`,
  );
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('x') ? 'es' : 's'}`;
  for (const table of diff.createTables) {
    const parts = [
      count(
        table.columns.reduce((n, c) => n + columnNamesOf(c).length, 0),
        'column',
      ),
    ];
    if (table.uniques.length) parts.push(count(table.uniques.length, 'unique'));
    if (table.indices.length) parts.push(count(table.indices.length, 'index'));
    if (table.foreignKeys.length) parts.push(count(table.foreignKeys.length, 'foreign key'));
    lines.push(`+ create table ${table.name} (${parts.join(', ')})`);
  }
  for (const added of diff.addColumns)
    lines.push(
      `+ add column ${columnNamesOf(added.column)
        .map((c) => `${added.table}.${c}`)
        .join(', ')}`,
    );
  for (const r of diff.renameColumns) lines.push(`~ rename column ${r.table}.${r.from} to ${r.to}`);
  for (const c of diff.changeColumns) {
    lines.push(`~ ${c.destructive ? 'DESTRUCTIVE (may lose data): ' : ''}alter column ${c.table}.${c.column} (${c.changes.join(', ')})`);
  }
  for (const d of diff.dropColumns) {
    lines.push(
      `- DESTRUCTIVE: drop column ${columnNamesOf(d.column)
        .map((c) => `${d.table}.${c}`)
        .join(', ')} and its values (down re-adds it without them)`,
    );
  }
  for (const f of diff.dropForeignKeys) lines.push(`- drop foreign key ${f.foreignKey.name} on ${f.table}`);
  for (const i of diff.dropIndices) lines.push(`- drop index ${i.index.name} on ${i.table}`);
  for (const u of diff.dropUniques) lines.push(`- drop unique ${u.unique.name} on ${u.table}`);
  for (const i of diff.createIndices)
    lines.push(`+ create ${i.index.isUnique ? 'unique ' : ''}index ${i.index.name} on ${i.table} (${i.index.columnNames.join(', ')})`);
  for (const u of diff.createUniques) lines.push(`+ create unique ${u.unique.name} on ${u.table} (${u.unique.columnNames.join(', ')})`);
  for (const f of diff.createForeignKeys) {
    const fk = f.foreignKey;
    lines.push(
      `+ create foreign key ${fk.name} on ${f.table} (${fk.columnNames.join(', ')}) -> ${fk.referencedTableName} (${fk.referencedColumnNames.join(', ')})`,
    );
  }
  for (const table of diff.dropTables) lines.push(`- DESTRUCTIVE: drop table ${table.name} and all its rows (down recreates it empty)`);
  for (const entry of diff.unsupported) lines.push(`! not generated: ${entry.message}`);
  for (const warning of diff.warnings) lines.push(`! warning: ${warning}`);
  return lines;
}

/**
 * The migration class for `diff`: `up` renames tables first (the rest names them by their new names), drops foreign keys then indices and uniques of existing tables, creates
 * tables (referenced ones first), renames, changes, adds and drops columns, drops tables (referencing ones first),
 * then creates indices and uniques and last foreign keys on existing tables; `down` is the exact reverse, recreating
 * dropped tables with their keys and indices and dropped keys from their live definitions.
 */
export function renderMigration(diff: SchemaDiff, options: RenderOptions): RenderedMigration {
  const timestamp = options.timestamp ?? Date.now();
  if (!/^\d{13}$/.test(String(timestamp))) throw new Error(`migration timestamp must have 13 digits, got ${timestamp}`);
  const name = pascalCase(options.name);
  const className = `${name}${timestamp}`;
  const imports = new Imports();

  const up: string[][] = [
    ...diff.renameTables.map((r) => renameTable(r.from, r.to, imports)),
    ...diff.dropForeignKeys.map(dropForeignKey),
    ...diff.dropIndices.map(dropIndex),
    ...diff.dropUniques.map((u) => dropUnique(u, imports)),
    ...diff.createTables.map((t) => createTable(t, imports)),
    ...diff.renameColumns.map((r) => renameColumn(r.table, r.from, r.to)),
    ...diff.changeColumns.map((c: ChangedColumn) => alterTo(c.table, c.column, c.to, imports)),
    ...diff.addColumns.map((c) => addColumn(c, imports)),
    ...diff.dropColumns.map((d) => dropColumn(d)),
    ...diff.dropTables.map((t) => [`await dropTable(queryRunner, ${quote(t.name)});`]),
    ...diff.createIndices.map((i) => createIndex(i, imports)),
    ...diff.createUniques.map((u) => createUnique(u, imports)),
    ...diff.createForeignKeys.map((f) => createForeignKey(f, imports)),
  ];
  const down: string[][] = [
    ...[...diff.createForeignKeys].reverse().map(dropForeignKey),
    ...[...diff.createUniques].reverse().map((u) => dropUnique(u, imports)),
    ...[...diff.createIndices].reverse().map(dropIndex),
    ...[...diff.dropTables].reverse().map((t) => createTable(t, imports)),
    ...[...diff.dropColumns].reverse().map((d) => readdColumn(d, imports)),
    ...[...diff.addColumns].reverse().map(dropColumn),
    ...[...diff.changeColumns].reverse().map((c) => alterTo(c.table, c.column, c.from, imports)),
    ...[...diff.renameColumns].reverse().map((r: RenamedColumn) => renameColumn(r.table, r.to, r.from)),
    ...[...diff.createTables].reverse().map((t) => [`await dropTable(queryRunner, ${quote(t.name)});`]),
    ...[...diff.dropUniques].reverse().map((u) => createUnique(u, imports)),
    ...[...diff.dropIndices].reverse().map((i) => createIndex(i, imports)),
    ...[...diff.dropForeignKeys].reverse().map((f) => createForeignKey(f, imports)),
    ...[...diff.renameTables].reverse().map((r) => renameTable(r.to, r.from, imports)),
  ];
  if (diff.dropTables.length || diff.createTables.length) imports.portable.add('dropTable');

  const notes = [
    ...diff.changeColumns
      .filter((c) => c.destructive)
      .map(
        (c) =>
          `DESTRUCTIVE (may lose data): up changes ${c.table}.${c.column} (${c.changes.join(', ')}); alterColumn refuses if rows would not fit.`,
      ),
    ...diff.dropColumns.map(
      (d) =>
        `DESTRUCTIVE: up drops ${columnNamesOf(d.column)
          .map((c) => `${d.table}.${c}`)
          .join(', ')} with its values; down re-adds it without them.`,
    ),
    ...diff.dropTables.map((t) => `DESTRUCTIVE: up drops ${t.name} with its rows; down recreates it empty.`),
    ...diff.unsupported.map((u) => `NOT GENERATED: ${u.message}`),
    ...diff.warnings.map((w) => `WARNING: ${w}`),
  ];
  const summary = [
    ...diff.renameTables.map((r) => `renames table ${r.from} to ${r.to}`),
    ...diff.createTables.map((t) => `creates ${t.name}`),
    ...diff.renameColumns.map((r) => `renames ${r.table}.${r.from} to ${r.to}`),
    ...diff.changeColumns.map((c) => `changes ${c.table}.${c.column}`),
    ...diff.dropColumns.map(
      (d) =>
        `drops ${columnNamesOf(d.column)
          .map((c) => `${d.table}.${c}`)
          .join(', ')}`,
    ),
    ...(diff.addColumns.length
      ? [`adds ${diff.addColumns.flatMap((c) => columnNamesOf(c.column).map((n) => `${c.table}.${n}`)).join(', ')}`]
      : []),
    ...diff.dropTables.map((t) => `drops ${t.name}`),
    ...diff.dropForeignKeys.map((f) => `drops foreign key ${f.foreignKey.name}`),
    ...diff.dropIndices.map((i) => `drops index ${i.index.name}`),
    ...diff.dropUniques.map((u) => `drops unique ${u.unique.name}`),
    ...diff.createIndices.map((i) => `creates index ${i.index.name}`),
    ...diff.createUniques.map((u) => `creates unique ${u.unique.name}`),
    ...diff.createForeignKeys.map((f) => `creates foreign key ${f.foreignKey.name}`),
  ];
  const doc = [
    `/**`,
    ` * Generated by migration:generate: ${summary.length ? summary.join('; ') : 'no schema changes'}.`,
    ` * Written with the QueryRunner API and portable-schema so it runs on every engine. Review before applying.`,
    ...(notes.length ? [' *', ...notes.map((n) => ` * ${n}`)] : []),
    ` */`,
  ];
  const sortNames = (names: Set<string>) => [...names].sort((a, b) => a.localeCompare(b));
  const importLines = [`import { ${sortNames(imports.typeorm).join(', ')} } from 'typeorm';`];
  if (imports.portable.size) {
    importLines.push(
      `import { ${sortNames(imports.portable).join(', ')} } from ${quote(options.portableSchemaImport ?? '../database/portable-schema')};`,
    );
  }
  if (imports.alterColumn) {
    const portable = options.portableSchemaImport ?? '../database/portable-schema';
    const fallback = portable.endsWith('portable-schema')
      ? `${portable.slice(0, -'portable-schema'.length)}alter-column`
      : '../database/alter-column';
    importLines.push(`import { alterColumn } from ${quote(options.alterColumnImport ?? fallback)};`);
  }
  const source = [
    ...importLines,
    '',
    ...doc,
    `export class ${className} implements MigrationInterface {`,
    ...method('up', up),
    '',
    ...method('down', down),
    `}`,
    '',
  ].join('\n');
  return { className, fileName: `${timestamp}-${name}.ts`, source };
}
