import { createDataSource } from '../../src/database/data-source';
import { renameTable } from '../../src/database/rename-table';
import { snapshotRows } from '../support/table-rows';
import { createTestDatabase, TestDatabase } from '../support/test-databases';

/**
 * SQLite's renameTable rebuilds the table: safe in a migration (the runner turns foreign keys off), but called
 * with foreign keys on while another table points at it, the rebuild's DROP TABLE would empty or refuse the
 * children. It must refuse instead, and leave every row where it was.
 */
describe('renameTable on SQLite with foreign keys on', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase('sqlite');
  });
  afterEach(async () => {
    await db.drop();
  });

  it('refuses, naming the table that points at it, and no row of any table changes', async () => {
    const dataSource = createDataSource(db.config, { migrations: [], entities: [] });
    await dataSource.initialize();
    try {
      await dataSource.query(
        'CREATE TABLE "items" ("id" integer PRIMARY KEY, "sku" varchar NOT NULL, CONSTRAINT "UQ_items_sku" UNIQUE ("sku"))',
      );
      await dataSource.query(
        'CREATE TABLE "item_notes" ("id" integer PRIMARY KEY, "item_id" integer NOT NULL, ' +
          'CONSTRAINT "FK_item_notes_item_id" FOREIGN KEY ("item_id") REFERENCES "items" ("id") ON DELETE CASCADE)',
      );
      await dataSource.query(`INSERT INTO items (id, sku) VALUES (1, 'a'), (2, 'b')`);
      await dataSource.query('INSERT INTO item_notes (item_id) VALUES (1), (2), (2)');
      const before = await snapshotRows(db.config);

      const runner = dataSource.createQueryRunner();
      await runner.startTransaction();
      await expect(renameTable(runner, 'items', 'catalog_items')).rejects.toThrow(
        /renameTable items → catalog_items: .*PRAGMA foreign_keys ON .* rows of item_notes, which point at it/,
      );
      await runner.rollbackTransaction();
      await runner.release();
      expect(await snapshotRows(db.config)).toEqual(before);
    } finally {
      await dataSource.destroy();
    }
  });
});
