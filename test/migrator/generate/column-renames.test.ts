import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { summarizeDiff } from '../../../src/migrator/generate/migration-writer';
import { isEmptyDiff } from '../../../src/migrator/generate/schema-diff';
import { describeEachEngine } from '../../support/each-engine';
import { RowSnapshot, snapshotRows, withoutTables } from '../../support/table-rows';
import { createTestDatabase, TestDatabase } from '../../support/test-databases';
import { Maker, ShopProduct, ShopProductCategoryName, ShopProductRetitled, ShopProductWithStock } from './fixtures/shop.entity';
import { diffOf, drift, Entities, generate, migrate, query } from './generate-support';

/** Each row of a snapshot's table with columns renamed (`old: 'new'`), dropped (`old: null`) or added (`new: value`). */
function reshaped(rows: string[], renames: Record<string, string | null>, added: Record<string, unknown> = {}): string[] {
  return rows
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      const out: Record<string, unknown> = { ...added };
      for (const [key, value] of Object.entries(row)) {
        const to = key in renames ? renames[key] : key;
        if (to !== null) out[to] = value;
      }
      return JSON.stringify(Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b))));
    })
    .sort();
}

describeEachEngine('migration:generate, columns gone while others are new', (engine) => {
  let db: TestDatabase;
  let dir: string;
  /** Every row of every table once `shop` is migrated and filled. */
  let base: RowSnapshot;
  beforeEach(async () => {
    db = await createTestDatabase(engine);
    dir = mkdtempSync(path.join(__dirname, 'tmp-renames-'));
    await generate(db.config, [Maker, ShopProduct], dir, 'shop');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO makers (name) VALUES ('acme'), ('bolt')");
    await query(
      db.config,
      "INSERT INTO products (name, category, maker_id) VALUES ('hammer', 'tools', 1), ('saw', 'tools', 2), ('glue', NULL, 1)",
    );
    base = await snapshotRows(db.config);
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  /**
   * up, down, up: after each step every table but products holds exactly the rows it held, and products holds
   * its first rows reshaped as that step should leave them.
   */
  async function roundTrip(entities: Entities, upRows: string[], downRows = base.products): Promise<void> {
    for (const step of ['up', 'down', 'up'] as const) {
      const before = await snapshotRows(db.config);
      await migrate(db.config, dir, step);
      const after = await snapshotRows(db.config);
      expect(withoutTables(after, 'products')).toEqual(withoutTables(before, 'products'));
      expect(after.products).toEqual(step === 'up' ? upRows : downRows);
    }
    expect(await drift(db.config, entities)).toEqual([]);
    expect(isEmptyDiff(await diffOf(db.config, entities))).toBe(true);
  }

  const hints = async (entities: Entities) =>
    (await diffOf(db.config, entities, { migrationName: 'Shop' })).unsupported.map((u) => u.message).join('\n');

  it('a column renamed while another is added: refused with every plausible --rename; with it the values are kept', async () => {
    const refused = await diffOf(db.config, [Maker, ShopProductCategoryName], { migrationName: 'RenameCategory' });
    expect(refused.dropColumns).toEqual([]);
    const message = refused.unsupported.map((u) => u.message).join('\n');
    expect(message).toContain('npm run migration:generate -- RenameCategory --rename products.category:category_name');
    expect(message).toContain('npm run migration:generate -- RenameCategory --rename products.category:color');
    expect(message).toContain('npm run migration:generate -- RenameCategory --drop products.category');

    const entities = [Maker, ShopProductCategoryName];
    const { diff, source } = await generate(db.config, entities, dir, 'rename category', { renames: ['products.category:category_name'] });
    expect(diff.unsupported).toEqual([]);
    expect(summarizeDiff(diff)).toEqual(['+ add column products.color', '~ rename column products.category to category_name']);
    expect(source).toContain("await queryRunner.renameColumn('products', 'category', 'category_name');");
    await roundTrip(entities, reshaped(base.products, { category: 'category_name' }, { color: null }));
  });

  it('two columns renamed at once: refused with the hint for each pair; with both --rename the values are kept', async () => {
    const message = await hints([Maker, ShopProductRetitled]);
    for (const pair of ['name:title', 'name:category_name', 'category:title', 'category:category_name']) {
      expect(message).toContain(`npm run migration:generate -- Shop --rename products.${pair}`);
    }
    const entities = [Maker, ShopProductRetitled];
    const { diff } = await generate(db.config, entities, dir, 'retitle', {
      renames: ['products.name:title', 'products.category:category_name'],
    });
    expect(diff.unsupported).toEqual([]);
    expect(diff.dropColumns).toEqual([]);
    expect(diff.addColumns).toEqual([]);
    await roundTrip(entities, reshaped(base.products, { name: 'title', category: 'category_name' }));
  });

  it('a string gone and an int new is no rename: written as drop and add without asking (the drop marked DESTRUCTIVE)', async () => {
    const entities = [Maker, ShopProductWithStock];
    const { diff } = await generate(db.config, entities, dir, 'stock');
    expect(diff.unsupported).toEqual([]);
    expect(summarizeDiff(diff)).toEqual([
      '+ add column products.stock',
      '- DESTRUCTIVE: drop column products.category and its values (down re-adds it without them)',
    ]);
    // down re-adds category empty: its values went with up, as the summary said
    await roundTrip(
      entities,
      reshaped(base.products, { category: null }, { stock: 0 }),
      reshaped(base.products, { category: null }, { category: null }),
    );
  });

  it('--drop says the loss is meant: drop and add written; a --drop that matches nothing is reported', async () => {
    const entities = [Maker, ShopProductCategoryName];
    const typo = await diffOf(db.config, entities, { drops: ['products.category', 'products.nope'] });
    expect(typo.unsupported.map((u) => u.message)).toEqual(['--drop products.nope: products has no column nope missing from the entity']);

    const { diff } = await generate(db.config, entities, dir, 'drop category', { drops: ['products.category'] });
    expect(diff.unsupported).toEqual([]);
    expect(summarizeDiff(diff)).toEqual([
      '+ add column products.category_name',
      '+ add column products.color',
      '- DESTRUCTIVE: drop column products.category and its values (down re-adds it without them)',
    ]);
    await roundTrip(
      entities,
      reshaped(base.products, { category: null }, { category_name: null, color: null }),
      reshaped(base.products, { category: null }, { category: null }),
    );
  });
});
