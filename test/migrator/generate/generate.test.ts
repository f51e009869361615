import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource, DataSourceOptions, Table } from 'typeorm';
import type { DatabaseConfig } from '../../../src/config/app-config';
import { createDataSource } from '../../../src/database/data-source';
import { renderMigration, summarizeDiff } from '../../../src/migrator/generate/migration-writer';
import { computeSchemaDiff, isEmptyDiff, SchemaDiff } from '../../../src/migrator/generate/schema-diff';
import { Migrator } from '../../../src/migrator/migrator';
import { describeEachEngine } from '../../support/each-engine';
import { createTestDatabase, TestDatabase } from '../../support/test-databases';
import { Category } from './fixtures/category.entity';
import { Owner } from './fixtures/owner.entity';
import { OwnerWithScore } from './fixtures/owner-with-score.entity';

type Entities = DataSourceOptions['entities'];
/** The project's own entities (src/entities/*.entity.ts), as the app loads them. */
const PROJECT: Entities = undefined;
const PORTABLE_SCHEMA = path.join(__dirname, '..', '..', '..', 'src', 'database', 'portable-schema');

async function withDataSource<T>(config: DatabaseConfig, entities: Entities, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = createDataSource(config, { migrations: [], ...(entities ? { entities } : {}) });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const diffOf = (config: DatabaseConfig, entities: Entities) => withDataSource(config, entities, (ds) => computeSchemaDiff(ds));

/** What TypeORM's schema builder would still run to make the database match the entities. */
const drift = (config: DatabaseConfig, entities: Entities) =>
  withDataSource(config, entities, async (ds) => (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query));

const query = (config: DatabaseConfig, sql: string) => withDataSource(config, [], (ds) => ds.query(sql) as Promise<Array<Record<string, unknown>>>);

async function schemaOf(config: DatabaseConfig, names: string[]) {
  return withDataSource(config, [], async (ds) => {
    const runner = ds.createQueryRunner();
    try {
      return (await runner.getTables(names)).map((table: Table) => ({
        name: table.name,
        columns: table.columns
          .map((c) => `${c.name} ${c.type}${c.length ? `(${c.length})` : ''}${c.precision != null ? ` p${c.precision},${c.scale}` : ''} ${c.isNullable ? 'null' : 'not null'} ${c.default ?? ''} ${c.enum?.join('|') ?? ''} ${c.isPrimary ? 'pk' : ''}`)
          .sort(),
        uniques: table.uniques.map((u) => `${u.name} ${u.columnNames}`).sort(),
        foreignKeys: table.foreignKeys.map((fk) => `${fk.name} ${fk.columnNames} -> ${fk.referencedTableName}(${fk.referencedColumnNames}) ${fk.onDelete} ${fk.onUpdate}`).sort(),
        indices: table.indices.map((i) => `${i.name} ${i.columnNames}${i.isUnique ? ' unique' : ''}`).sort(),
      }));
    } finally {
      await runner.release();
    }
  });
}

async function migrate(config: DatabaseConfig, dir: string, direction: 'up' | 'down'): Promise<void> {
  const migrator = await Migrator.open(config, { dir, print: () => {} });
  try {
    if (direction === 'up') await migrator.upgrade();
    else await migrator.downgrade();
  } finally {
    await migrator.close();
  }
}

let clock = 1_800_000_000_000;

/** The first engine's generated source per scenario: every engine must write the same file (timestamps aside). */
const firstSource = new Map<string, string>();
function expectSameOnEveryEngine(scenario: string, source: string): void {
  const normalized = source.replace(/\d{13}/g, '<timestamp>');
  if (firstSource.has(scenario)) expect(normalized).toEqual(firstSource.get(scenario));
  else firstSource.set(scenario, normalized);
}

/** Generates from `entities` against the database and writes the migration into `dir`. */
async function generate(config: DatabaseConfig, entities: Entities, dir: string, name: string): Promise<{ diff: SchemaDiff; source: string; className: string }> {
  const diff = await diffOf(config, entities);
  const rendered = renderMigration(diff, { name, timestamp: ++clock, portableSchemaImport: path.relative(dir, PORTABLE_SCHEMA).split(path.sep).join('/') });
  writeFileSync(path.join(dir, rendered.fileName), rendered.source);
  return { diff, source: rendered.source, className: rendered.className };
}

describeEachEngine('migration:generate', (engine) => {
  let db: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    db = await createTestDatabase(engine);
    dir = mkdtempSync(path.join(__dirname, 'tmp-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it("creates the project's tables on an empty database, leaving no drift, and then reports no changes", async () => {
    const { diff, source } = await generate(db.config, PROJECT, dir, 'initial');
    const created = diff.createTables.map((t) => t.name);
    expect([...created].sort()).toEqual(['items', 'products', 'users']);
    expect(created.indexOf('users')).toBeLessThan(created.indexOf('products')); // products references users
    expect(diff.dropTables).toEqual([]);
    expect(diff.unsupported).toEqual([]);
    expect(diff.warnings).toEqual([]);
    expect(source).not.toContain('engine-only');
    expect(source).toContain("column(queryRunner, { name: 'price', type: 'decimal', precision: 10, scale: 2 })");
    expectSameOnEveryEngine('initial', source);

    await migrate(db.config, dir, 'up');
    expect(await drift(db.config, PROJECT)).toEqual([]);
    const after = await schemaOf(db.config, ['users', 'products', 'items']);
    await migrate(db.config, dir, 'down');
    expect(await schemaOf(db.config, ['users', 'products', 'items'])).toEqual([]);
    await migrate(db.config, dir, 'up');
    expect(await schemaOf(db.config, ['users', 'products', 'items'])).toEqual(after);

    const again = await diffOf(db.config, PROJECT);
    expect(isEmptyDiff(again)).toBe(true);
    expect(summarizeDiff(again)).toEqual(['No changes: the database matches the entities.']);
  });

  it('new model: creates the table with its unique, index and foreign key; existing rows stay', async () => {
    await generate(db.config, [Owner], dir, 'owners');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO owners (name) VALUES ('ann')");
    await query(db.config, "INSERT INTO owners (name) VALUES ('bob')");

    const { diff, source } = await generate(db.config, [Owner, Category], dir, 'add category');
    expect(diff.createTables.map((t) => t.name)).toEqual(['categories']);
    expect(diff.addColumns).toEqual([]);
    expect(diff.unsupported).toEqual([]);
    expect(summarizeDiff(diff)).toEqual(['+ create table categories (7 columns, 1 unique, 1 index, 1 foreign key)']);
    expect(source).toContain("column(queryRunner, { name: 'state', type: 'enum', enum: ['open', 'closed'], default: 'open' })");
    expectSameOnEveryEngine('new model', source);

    const owners = () => query(db.config, 'SELECT name FROM owners ORDER BY name');
    for (const step of ['up', 'down', 'up'] as const) {
      await migrate(db.config, dir, step);
      expect(await owners()).toEqual([{ name: 'ann' }, { name: 'bob' }]);
      expect((await schemaOf(db.config, ['categories'])).length).toBe(step === 'up' ? 1 : 0);
    }
    const [categories] = await schemaOf(db.config, ['categories']);
    expect(categories.foreignKeys).toEqual(['FK_categories_owner_id owner_id -> owners(id) CASCADE NO ACTION']);
    expect(categories.indices.join()).toContain('IX_categories_owner_id owner_id');
    expect([...categories.uniques, ...categories.indices].join()).toContain('UQ_categories_name name');
    await query(db.config, "INSERT INTO categories (name, owner_id) VALUES ('tools', 1)");
    await expect(query(db.config, "INSERT INTO categories (name, owner_id) VALUES ('tools', 2)")).rejects.toThrow();
    await expect(query(db.config, "INSERT INTO categories (name, owner_id) VALUES ('toys', 99)")).rejects.toThrow();
    expect(await query(db.config, 'SELECT name, state, budget FROM categories')).toEqual([{ name: 'tools', state: 'open', budget: null }]);

    expect(await drift(db.config, [Owner, Category])).toEqual([]);
    expect(isEmptyDiff(await diffOf(db.config, [Owner, Category]))).toBe(true);
  });

  it('new columns with defaults: rows already in the table get the defaults', async () => {
    await generate(db.config, [Owner], dir, 'owners');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO owners (name) VALUES ('ann')");
    await query(db.config, "INSERT INTO owners (name) VALUES ('bob')");

    const { diff, source } = await generate(db.config, [OwnerWithScore], dir, 'owner score');
    expectSameOnEveryEngine('new columns', source);
    expect(diff.createTables).toEqual([]);
    expect(diff.addColumns.map((c) => c.column.kind)).toEqual(['portable', 'portable', 'portable', 'portable']);
    expect(diff.unsupported).toEqual([]);
    expect(diff.warnings).toEqual([]);
    expect(summarizeDiff(diff)).toEqual(['+ add column owners.score', '+ add column owners.is_verified', '+ add column owners.tier', '+ add column owners.nickname']);

    const rows = async () =>
      (await query(db.config, 'SELECT * FROM owners ORDER BY name')).map((row) => {
        const { created_at: _c, updated_at: _u, id: _id, ...rest } = row;
        return { ...rest, ...('is_verified' in rest ? { is_verified: Boolean(rest.is_verified) } : {}) };
      });
    const withDefaults = [
      { name: 'ann', score: 7, is_verified: true, tier: 'bronze', nickname: 'n/a' },
      { name: 'bob', score: 7, is_verified: true, tier: 'bronze', nickname: 'n/a' },
    ];
    await migrate(db.config, dir, 'up');
    expect(await rows()).toEqual(withDefaults);
    await migrate(db.config, dir, 'down');
    expect(await rows()).toEqual([{ name: 'ann' }, { name: 'bob' }]);
    expect(await drift(db.config, [Owner])).toEqual([]);
    await migrate(db.config, dir, 'up');
    expect(await rows()).toEqual(withDefaults);
    expect(await drift(db.config, [OwnerWithScore])).toEqual([]);
    expect(isEmptyDiff(await diffOf(db.config, [OwnerWithScore]))).toBe(true);
  });

  it("remove a model: up drops the table, down recreates it exactly as it was", async () => {
    await generate(db.config, [Owner, Category], dir, 'owners and categories');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO owners (name) VALUES ('ann')");
    await query(db.config, "INSERT INTO categories (name, owner_id) VALUES ('tools', 1)");
    const before = await schemaOf(db.config, ['owners', 'categories']);

    const { diff, source } = await generate(db.config, [Owner], dir, 'drop categories');
    expect(diff.dropTables.map((t) => t.name)).toEqual(['categories']);
    expect(diff.createTables).toEqual([]);
    expect(diff.unsupported).toEqual([]);
    expect(diff.warnings).toEqual([]);
    expect(source).not.toContain('engine-only');
    expectSameOnEveryEngine('remove a model', source);
    expect(summarizeDiff(diff)).toEqual(['- DESTRUCTIVE: drop table categories and all its rows (down recreates it empty)']);

    await migrate(db.config, dir, 'up');
    expect((await schemaOf(db.config, ['owners', 'categories'])).map((t) => t.name)).toEqual(['owners']);
    expect(isEmptyDiff(await diffOf(db.config, [Owner]))).toBe(true);
    await migrate(db.config, dir, 'down');
    expect(await schemaOf(db.config, ['owners', 'categories'])).toEqual(before);
    expect(await drift(db.config, [Owner, Category])).toEqual([]);
    await migrate(db.config, dir, 'up');
    expect((await schemaOf(db.config, ['owners', 'categories'])).map((t) => t.name)).toEqual(['owners']);
    expect(await query(db.config, 'SELECT name FROM owners')).toEqual([{ name: 'ann' }]);
  });
});
