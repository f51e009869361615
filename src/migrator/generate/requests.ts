import type { SchemaDiff } from './diff-types';

/**
 * What the user said on the command line about columns and tables that disappear: `--rename table.old:new`
 * (a column), `--rename old:new` (a table), `--drop table.column` and `--drop table` (the loss is meant). Each is
 * marked used once it matched; one that matched nothing is reported, so a typo never passes silently.
 */
export interface Requests {
  columnRenames: ColumnRenameRequest[];
  tableRenames: TableRenameRequest[];
  drops: DropRequest[];
}

export interface ColumnRenameRequest {
  table: string;
  from: string;
  to: string;
  used?: boolean;
}

export interface TableRenameRequest {
  from: string;
  to: string;
  used?: boolean;
}

/** `column` undefined: the whole table. */
export interface DropRequest {
  table: string;
  column?: string;
  used?: boolean;
}

const NAME = '[^.:\\s]+';

export function parseRequests(renames: string[], drops: string[], diff: SchemaDiff): Requests {
  const requests: Requests = { columnRenames: [], tableRenames: [], drops: [] };
  for (const text of renames) {
    const column = new RegExp(`^(${NAME})\\.(${NAME}):(${NAME})$`).exec(text);
    const table = new RegExp(`^(${NAME}):(${NAME})$`).exec(text);
    if (column) requests.columnRenames.push({ table: column[1], from: column[2], to: column[3] });
    else if (table) requests.tableRenames.push({ from: table[1], to: table[2] });
    else diff.unsupported.push({ table: '', message: `--rename ${text}: expected table.old:new (a column) or old:new (a table)` });
  }
  for (const text of drops) {
    const match = new RegExp(`^(${NAME})(?:\\.(${NAME}))?$`).exec(text);
    if (match) requests.drops.push({ table: match[1], column: match[2] });
    else diff.unsupported.push({ table: '', message: `--drop ${text}: expected table.column (a column) or table (a table)` });
  }
  return requests;
}

/** Whether `--drop table[.column]` was given; marks it used. */
export function dropAccepted(requests: Requests, table: string, column?: string): boolean {
  const request = requests.drops.find((d) => d.table === table && d.column === column);
  if (request) request.used = true;
  return !!request;
}

export function reportUnusedRequests(requests: Requests, diff: SchemaDiff): void {
  for (const rename of requests.columnRenames.filter((r) => !r.used)) {
    diff.unsupported.push({
      table: rename.table,
      column: rename.from,
      message: `--rename ${rename.table}.${rename.from}:${rename.to}: no existing table ${rename.table} has an entity`,
    });
  }
  for (const rename of requests.tableRenames.filter((r) => !r.used)) {
    diff.unsupported.push({
      table: rename.from,
      message: `--rename ${rename.from}:${rename.to}: the database has no table ${rename.from} without an entity, or no entity has the new table ${rename.to}`,
    });
  }
  for (const drop of requests.drops.filter((d) => !d.used)) {
    const what = drop.column
      ? `${drop.table} has no column ${drop.column} missing from the entity`
      : `the database has no table ${drop.table} without an entity`;
    diff.unsupported.push({
      table: drop.table,
      column: drop.column,
      message: `--drop ${drop.table}${drop.column ? `.${drop.column}` : ''}: ${what}`,
    });
  }
}
