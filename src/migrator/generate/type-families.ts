import type { QueryRunner, Table, TableColumn } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { columnFromMetadata, columnFromTable } from './columns';
import type { ColumnSpec } from './diff-types';

/**
 * Kinds of values a column holds, wide on purpose: a column gone and one new of the same family may be a rename
 * (with a type change, e.g. an int `price` becoming a decimal `amount`), and a wrong "maybe" costs the user one
 * flag while a wrong "no" costs every value of the column. Keyed by portable type (new portable types fall in
 * by name), else by the engine's type name.
 */
const PORTABLE_FAMILY: Record<string, string> = {
  string: 'text',
  text: 'text',
  enum: 'text',
  uuid: 'text',
  json: 'text',
  int: 'number',
  bigint: 'number',
  decimal: 'number',
  float: 'number',
  boolean: 'boolean',
  datetime: 'time',
  date: 'time',
  binary: 'binary',
};

const ENGINE_FAMILY: Array<[RegExp, string]> = [
  [/bool|^bit$/, 'boolean'],
  [/char|text|clob|string|enum|uuid|uniqueidentifier|json|xml/, 'text'],
  [/int|serial|dec|numeric|float|double|real|money|number/, 'number'],
  [/date|time/, 'time'],
  [/blob|binary|bytea|image/, 'binary'],
];

function familyOf(spec: ColumnSpec): string {
  if (spec.kind === 'id') return 'number';
  if (spec.kind === 'timestamps') return 'time';
  if (spec.kind === 'portable') return PORTABLE_FAMILY[spec.column.type] ?? spec.column.type;
  const type = String(spec.options.type).toLowerCase();
  return ENGINE_FAMILY.find(([pattern]) => pattern.test(type))?.[1] ?? type;
}

export function familyOfLive(queryRunner: QueryRunner, table: Table, column: TableColumn): string {
  return familyOf(columnFromTable(queryRunner, table, column, []));
}

export function familyOfEntity(queryRunner: QueryRunner, table: string, column: ColumnMetadata): string {
  return familyOf(columnFromMetadata(queryRunner, table, column, []));
}
