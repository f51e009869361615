import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { summarizeDiff } from '../../../src/migrator/generate/migration-writer';
import { isEmptyDiff } from '../../../src/migrator/generate/schema-diff';
import { describeEachEngine } from '../../support/each-engine';
import { RowSnapshot, snapshotRows, withoutTables } from '../../support/table-rows';
import { createTestDatabase, TestDatabase } from '../../support/test-databases';
import { CatalogItem, CatalogItemNote, Item, ItemNote } from './fixtures/catalog.entity';
import { Maker } from './fixtures/shop.entity';
import { diffOf, drift, generate, migrate, query, schemaOf } from './generate-support';

const BEFORE = [Maker, Item, ItemNote];
const AFTER = [Maker, CatalogItem, CatalogItemNote];

/** The snapshot with one table's rows under another name, as a table rename should leave them. */
function renamed(snapshot: RowSnapshot, from: string, to: string): RowSnapshot {
  const { [from]: rows, ...rest } = snapshot;
  return { ...rest, [to]: rows };
}

describeEachEngine('migration:generate, a table renamed', (engine) => {
  let db: TestDatabase;
  let dir: string;
  /** Every row of every table once the first version is migrated and filled. */
  let base: RowSnapshot;
  beforeEach(async () => {
    db = await createTestDatabase(engine);
    dir = mkdtempSync(path.join(__dirname, 'tmp-table-renames-'));
    await generate(db.config, BEFORE, dir, 'catalog');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO makers (name) VALUES ('acme'), ('bolt')");
    await query(db.config, "INSERT INTO items (name, sku, state, maker_id) VALUES ('hammer', 'H-1', 'used', 1), ('saw', 'S-1', 'new', 2)");
    await query(db.config, "INSERT INTO item_notes (body, item_id) VALUES ('heavy', 1), ('sharp', 2), ('rusty', 2)");
    base = await snapshotRows(db.config);
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('is refused with the --rename hint; with --rename items:catalog_items rows, keys and the child foreign key are kept', async () => {
    const refused = await diffOf(db.config, AFTER, { migrationName: 'RenameItems' });
    const message = refused.unsupported.map((u) => u.message).join('\n');
    expect(message).toContain('npm run migration:generate -- RenameItems --rename items:catalog_items');
    expect(message).toContain('npm run migration:generate -- RenameItems --drop items');
    expect(refused.dropTables).toEqual([]);

    const shapeBefore = await schemaOf(db.config, ['items', 'item_notes']);
    const { diff, source } = await generate(db.config, AFTER, dir, 'rename items', { renames: ['items:catalog_items'] });
    expect(diff.unsupported).toEqual([]);
    expect(summarizeDiff(diff)).toEqual(['~ rename table items to catalog_items (rows, keys and the foreign keys pointing at it kept)']);
    expect(source).toContain("await renameTable(queryRunner, 'items', 'catalog_items');");
    expect(source).toContain("await renameTable(queryRunner, 'catalog_items', 'items');");

    for (const step of ['up', 'down', 'up'] as const) {
      await migrate(db.config, dir, step);
      const expected = step === 'up' ? renamed(base, 'items', 'catalog_items') : base;
      expect(withoutTables(await snapshotRows(db.config))).toEqual(withoutTables(expected));
      if (step === 'down') expect(await schemaOf(db.config, ['items', 'item_notes'])).toEqual(shapeBefore);
    }
    expect(await drift(db.config, AFTER)).toEqual([]);
    expect(isEmptyDiff(await diffOf(db.config, AFTER))).toBe(true);

    const [table, notes] = await schemaOf(db.config, ['catalog_items', 'item_notes']);
    expect(JSON.stringify(table)).not.toMatch(/[A-Z]{2}_items_/);
    expect(notes.foreignKeys.join()).toContain('-> catalog_items(id) CASCADE');
    // the keys still hold: the unique, and the child's foreign key
    await expect(query(db.config, "INSERT INTO catalog_items (name, sku, maker_id) VALUES ('drill', 'H-1', 1)")).rejects.toThrow();
    await expect(query(db.config, "INSERT INTO item_notes (body, item_id) VALUES ('lost', 99)")).rejects.toThrow();
  });

  it('--drop items says its rows may go: drop and create written; a --rename that matches nothing is reported', async () => {
    const typo = await diffOf(db.config, AFTER, { renames: ['itemz:catalog_items'], drops: ['items'] });
    expect(typo.unsupported.map((u) => u.message)).toContain(
      '--rename itemz:catalog_items: the database has no table itemz without an entity, or no entity has the new table catalog_items',
    );
    await query(db.config, 'DELETE FROM item_notes');
    const emptied = await snapshotRows(db.config);
    const { diff } = await generate(db.config, AFTER, dir, 'replace items', { drops: ['items'] });
    expect(diff.unsupported).toEqual([]);
    expect(diff.dropTables.map((t) => t.name)).toEqual(['items']);
    expect(diff.createTables.map((t) => t.name)).toEqual(['catalog_items']);
    for (const step of ['up', 'down', 'up'] as const) {
      await migrate(db.config, dir, step);
      const rows = await snapshotRows(db.config);
      expect(withoutTables(rows, 'items', 'catalog_items')).toEqual(withoutTables(emptied, 'items'));
      // the rows of items went with up, as the summary said; down re-creates it empty
      expect(rows[step === 'up' ? 'catalog_items' : 'items']).toEqual([]);
    }
    expect(await drift(db.config, AFTER)).toEqual([]);
  });
});
