import type { QueryRunner, Table } from 'typeorm';

/**
 * Puts the columns of each loaded index and unique in key order. TypeORM 1.1.1's loadTables reads them in
 * table-column order on PostgreSQL (`a.attnum = ANY(ix.indkey)`, no ORDER BY, for indices and for unique
 * constraints alike), and in no stated order on MariaDB/MySQL (INFORMATION_SCHEMA.STATISTICS without
 * SEQ_IN_INDEX) and SQL Server (sys.index_columns without key_ordinal); only SQLite sorts (PRAGMA index_info by
 * seqno). A composite index (price, id) read as (id, price) is re-created reversed by a generated `down`, and
 * compared as unchanged against an entity that wants (price, id).
 *
 * Unique constraints are backed by an index of the same name on PostgreSQL and SQL Server, and are unique
 * indices on MariaDB/MySQL, so one query per engine gives the order of both. Mutates the tables (TypeORM's
 * cached ones included, which its own later statements then read in the right order).
 */
export async function orderKeyColumns(queryRunner: QueryRunner, tables: Table[]): Promise<void> {
  if (!tables.length) return;
  const names = tables.map((table) => table.name);
  const order = keyOrderQuery(queryRunner.connection.options.type, names);
  if (!order) return;
  const rows = (await queryRunner.query(order.sql, order.parameters)) as Array<Record<string, string>>;
  const keys = new Map<string, string[]>();
  for (const row of rows) {
    const key = `${row.table_name}\u0000${row.index_name}`;
    keys.set(key, [...(keys.get(key) ?? []), row.column_name]);
  }
  for (const table of tables) {
    for (const index of [...table.indices, ...table.uniques]) {
      const ordered = keys.get(`${table.name}\u0000${index.name}`);
      // only a reordering of the same columns: anything else (an expression index) stays as TypeORM read it
      const same = ordered && ordered.length === index.columnNames.length && ordered.every((c) => index.columnNames.includes(c));
      if (same) index.columnNames = ordered;
    }
  }
}

function keyOrderQuery(type: string, names: string[]): { sql: string; parameters: unknown[] } | undefined {
  switch (type) {
    case 'postgres':
      return {
        sql:
          'SELECT t.relname AS table_name, i.relname AS index_name, a.attname AS column_name FROM pg_index ix ' +
          'JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid ' +
          'JOIN pg_namespace ns ON ns.oid = t.relnamespace ' +
          'CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, position) ' +
          'JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ' +
          'WHERE ns.nspname = current_schema() AND t.relname = ANY($1) ORDER BY t.relname, i.relname, k.position',
        parameters: [names],
      };
    case 'mariadb':
    case 'mysql':
      return {
        sql:
          'SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, COLUMN_NAME AS column_name FROM INFORMATION_SCHEMA.STATISTICS ' +
          `WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${names.map(() => '?').join(', ')}) ` +
          'ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX',
        parameters: names,
      };
    case 'mssql':
      return {
        sql:
          'SELECT t.name AS table_name, ind.name AS index_name, col.name AS column_name FROM sys.indexes ind ' +
          'JOIN sys.index_columns ic ON ic.object_id = ind.object_id AND ic.index_id = ind.index_id ' +
          'JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id ' +
          'JOIN sys.tables t ON t.object_id = ind.object_id ' +
          `WHERE t.schema_id = SCHEMA_ID() AND ic.is_included_column = 0 AND t.name IN (${names.map((_, i) => `@${i}`).join(', ')}) ` +
          'ORDER BY t.name, ind.name, ic.key_ordinal',
        parameters: names,
      };
    default:
      // SQLite: PRAGMA index_info is read sorted by seqno already
      return undefined;
  }
}
