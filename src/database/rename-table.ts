import type { NamingStrategyInterface, QueryRunner, Table } from 'typeorm';

/**
 * Renaming a table, keeping its rows, its keys and the foreign keys that point at it, on every engine.
 * The naming strategy (naming-strategy.ts) puts the table's name into every key's name (`UQ_items_sku`,
 * `IX_items_name_id`, `FK_items_maker_id`, `PK_items`); those follow the table, or the entities of the renamed
 * table would not match it (`migration:generate --check` would see drift). A name the user chose stays.
 */

/** Column orders to try, the given one first: TypeORM reads some keys' columns in table order, not key order. */
function orders(columns: string[]): string[][] {
  if (columns.length <= 1 || columns.length > 5) return [columns];
  const all: string[][] = [];
  const walk = (done: string[], rest: string[]) => {
    if (!rest.length) all.push(done);
    rest.forEach((column, i) => walk([...done, column], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  walk([], columns);
  return [columns, ...all];
}

/** The table as it is after `renameTable`: its new name, and the new names of the keys named after it. */
export function renamedTable(table: Table, newName: string, naming: NamingStrategyInterface): Table {
  const renamed = table.clone();
  renamed.name = newName;
  /** `name` rebuilt for the new table when the strategy made it from the old one (in some order of `columns`). */
  const follow = (name: string | undefined, columns: string[], make: (table: Table, columns: string[]) => string) => {
    const order = orders(columns).find((o) => make(table, o) === name);
    return order ? make(renamed, order) : name;
  };
  for (const unique of renamed.uniques) {
    unique.name = follow(unique.name, unique.columnNames, (t, c) => naming.uniqueConstraintName(t, c));
  }
  for (const index of renamed.indices) {
    const asIndex = follow(index.name, index.columnNames, (t, c) => naming.indexName(t, c, index.where));
    // MariaDB/MySQL keep a unique as a unique index under the unique's name
    const asUnique = index.isUnique ? follow(index.name, index.columnNames, (t, c) => naming.uniqueConstraintName(t, c)) : index.name;
    index.name = asIndex !== index.name ? asIndex : asUnique;
  }
  for (const foreignKey of renamed.foreignKeys) {
    const { referencedTableName, referencedColumnNames } = foreignKey;
    foreignKey.name = follow(foreignKey.name, foreignKey.columnNames, (t, c) =>
      naming.foreignKeyName(t, c, referencedTableName, referencedColumnNames),
    );
    if (referencedTableName === table.name) foreignKey.referencedTableName = newName;
  }
  return renamed;
}

/**
 * SQLite keeps unique and foreign-key names inside the CREATE TABLE text, so TypeORM's renameTable renames the
 * table (the REFERENCES of other tables follow: sqlite.org/lang_altertable.html#alter_table_rename) and then
 * rebuilds it under the new key names, ending with `DROP TABLE`. With foreign keys on, that DROP would run the
 * ON DELETE actions of every table pointing at it (CASCADE children emptied, NO ACTION ones failing): the
 * migration runner turns them off for SQLite migrations (src/database/sqlite-foreign-keys.ts), and a caller that
 * has them on is refused here rather than lose those rows.
 */
async function refuseSqliteRebuildUnderForeignKeys(queryRunner: QueryRunner, from: string, to: string): Promise<void> {
  const [pragma] = (await queryRunner.query('PRAGMA foreign_keys')) as Array<{ foreign_keys: number }>;
  if (Number(pragma?.foreign_keys) !== 1) return;
  const referencing = (await queryRunner.query(
    `SELECT DISTINCT m.name AS name FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = ? AND m.name <> ?`,
    [from, from],
  )) as Array<{ name: string }>;
  if (!referencing.length) return;
  throw new Error(
    `renameTable ${from} → ${to}: SQLite rebuilds ${from} to rename its keys, and with PRAGMA foreign_keys ON that would ` +
      `delete or refuse the rows of ${referencing.map((r) => r.name).join(', ')}, which point at it. ` +
      'Run it through npm run migration:run, which turns foreign keys off for SQLite migrations.',
  );
}

const sameColumns = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();

/**
 * Keys TypeORM's renameTable left under the old table's name: it recognises a strategy-made name only with the
 * columns in the order it read them, which on PostgreSQL is the table's column order, not the key's; and on
 * MariaDB it leaves uniques (unique indices there) alone. Renamed in place, never rebuilt (a rebuild from the
 * columns as read would change the key's column order).
 */
async function renameLeftoverKeys(queryRunner: QueryRunner, now: Table, target: Table): Promise<void> {
  const type = queryRunner.connection.options.type;
  const table = now.name;
  for (const index of now.indices) {
    const wanted = target.indices.find((i) => sameColumns(i.columnNames, index.columnNames) && !!i.isUnique === !!index.isUnique);
    if (!wanted?.name || !index.name || wanted.name === index.name) continue;
    if (type === 'postgres') await queryRunner.query(`ALTER INDEX "${index.name}" RENAME TO "${wanted.name}"`);
    else if (type === 'mariadb' || type === 'mysql')
      await queryRunner.query(`ALTER TABLE \`${table}\` RENAME INDEX \`${index.name}\` TO \`${wanted.name}\``);
    // SQLite reads index columns in key order (PRAGMA index_info), so an index is safely made again
    else if (type === 'better-sqlite3') {
      await queryRunner.dropIndex(table, index.name);
      await queryRunner.createIndex(table, Object.assign(index.clone(), { name: wanted.name }));
    }
  }
  if (type !== 'postgres') return; // elsewhere TypeORM's renameTable renames the rest (or, on MariaDB, there is no rest)
  const constraints = [
    ...now.uniques.map((u) => [u.name, target.uniques.find((w) => sameColumns(w.columnNames, u.columnNames))?.name]),
    ...now.foreignKeys.map((f) => [f.name, target.foreignKeys.find((w) => sameColumns(w.columnNames, f.columnNames))?.name]),
  ];
  for (const [name, wanted] of constraints) {
    if (name && wanted && name !== wanted) await queryRunner.query(`ALTER TABLE "${table}" RENAME CONSTRAINT "${name}" TO "${wanted}"`);
  }
}

/**
 * `queryRunner.renameTable` that keeps rows, keys and the foreign keys pointing at the table on every engine,
 * and renames every key the naming strategy named after the table (`renamedTable`). TypeORM's renameTable does
 * most of it (table, primary key, PostgreSQL sequences and enum types, SQL Server's sp_rename of each key); the
 * keys it misses are renamed after it.
 */
export async function renameTable(queryRunner: QueryRunner, from: string, to: string): Promise<void> {
  const old = await queryRunner.getTable(from);
  if (!old) throw new Error(`renameTable: there is no table ${from}`);
  const target = renamedTable(old, to, queryRunner.connection.namingStrategy);
  if (queryRunner.connection.options.type === 'better-sqlite3') await refuseSqliteRebuildUnderForeignKeys(queryRunner, from, to);
  await queryRunner.renameTable(from, to);
  // read afresh: TypeORM's cache still holds the old table (or its old key names)
  const now = await queryRunner.getTable(to);
  if (now) await renameLeftoverKeys(queryRunner, now, target);
}
