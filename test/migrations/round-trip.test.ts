import type { DataSource, Table } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { describeEachEngine } from '../support/each-engine';
import { createTestDatabase, TestDatabase } from '../support/test-databases';
import { cli } from '../migrator/migrate-support';

/** What a schema is, minus the details engines report differently run to run (none expected, but keep it honest). */
function snapshot(tables: Table[]) {
  return tables
    .map((table) => ({
      name: table.name,
      columns: table.columns
        .map((c) => `${c.name} ${c.type}${c.length ? `(${c.length})` : ''} ${c.isNullable ? 'null' : 'not null'} ${c.default ?? ''}`)
        .sort(),
      uniques: table.uniques.map((u) => u.name).sort(),
      foreignKeys: table.foreignKeys.map((fk) => `${fk.name} ${fk.columnNames} -> ${fk.referencedTableName}`).sort(),
      indices: table.indices.map((i) => `${i.name} ${i.columnNames}${i.isUnique ? ' unique' : ''}`).sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function schemaOf(dataSource: DataSource) {
  const runner = dataSource.createQueryRunner();
  try {
    // Every table an entity maps to (asking for all would list PostgreSQL's system catalogs too).
    return snapshot(await runner.getTables(dataSource.entityMetadatas.map((entity) => entity.tablePath)));
  } finally {
    await runner.release();
  }
}

async function pendingDrift(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((query) => query.query);
}

describeEachEngine('migrations up, down to base, up again', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = createDataSource(database.config);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('applies every migration, reverts each one, and applies them again to the same schema', async () => {
    const total = dataSource.migrations.length;
    expect(total).toBeGreaterThan(0);

    expect((await cli(database.config, 'run')).code).toBe(0);
    expect(await dataSource.showMigrations()).toBe(false);
    const first = await schemaOf(dataSource);
    expect(first.map((t) => t.name)).toEqual(expect.arrayContaining(['items', 'products', 'users']));

    expect((await cli(database.config, 'revert', '--to', 'base', '--yes')).code).toBe(0);
    expect(await schemaOf(dataSource)).toEqual([]);
    expect(await dataSource.showMigrations()).toBe(true);
    if (engine === 'postgres') {
      // enum types live outside the tables: down must drop them too
      const types = await dataSource.query(
        "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'",
      );
      expect(types).toEqual([]);
    }

    expect((await cli(database.config, 'run')).code).toBe(0);
    expect(await schemaOf(dataSource)).toEqual(first);
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('leaves no difference between the entities and the migrated schema (no drift)', async () => {
    expect(await pendingDrift(dataSource)).toEqual([]);
  });

  it('creates the constraints the API relies on, with stable names', async () => {
    const [products] = (await schemaOf(dataSource)).filter((t) => t.name === 'products');
    expect(products.foreignKeys).toEqual(['FK_products_user_id user_id -> users']);
    expect(products.indices.join()).toContain('IX_products_user_id');
    const uniqueNames = [...products.uniques, ...products.indices];
    expect(uniqueNames.join()).toContain('UQ_products_sku');
  });
});
