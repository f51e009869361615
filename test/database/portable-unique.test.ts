import { Column, DataSource, Entity, PrimaryGeneratedColumn, QueryRunner, Table, TableUnique, Unique } from 'typeorm';
import type { DatabaseConfig } from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { column, createUnique, dropUnique, idColumn } from '../../src/database/portable-schema';
import { describeEachEngine } from '../support/each-engine';
import { createTestDatabase, TestDatabase } from '../support/test-databases';
import { tsqlChecked } from '../support/tsql-checked';

@Entity('tags')
class Tag {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: String, length: 20 })
  code: string;

  @Column({ type: String, length: 50 })
  label: string;
}

@Entity('tags')
@Unique('UQ_tags_code', ['code'])
class TagUniqueCode extends Tag {}

@Entity('tags')
@Unique('UQ_tags_label_code', ['label', 'code'])
class TagUniqueLabelCode extends Tag {}

async function withDataSource<T>(
  config: DatabaseConfig,
  entities: Array<typeof Tag>,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = createDataSource(config, { migrations: [], entities });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** What TypeORM's schema builder would still run to make the database match `entity`. */
const drift = (config: DatabaseConfig, entity: typeof Tag) =>
  withDataSource(config, [entity], async (ds) => (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query));

/**
 * Uniques as the engine keeps them: constraints, or (MariaDB) unique indices; columns sorted (PostgreSQL reads
 * them in table order). Only one at a time: TypeORM's SQLite reader names a unique after the first constraint
 * whose columns it contains, so `UQ_a (code)` next to `UQ_b (label, code)` reads back as two `UQ_a`.
 */
function uniquesOf(table: Table): string[] {
  const describe = (name: string | undefined, columns: string[]) => `${name} ${[...columns].sort()}`;
  return [
    ...table.uniques.map((u) => describe(u.name, u.columnNames)),
    ...table.indices.filter((i) => i.isUnique).map((i) => describe(i.name, i.columnNames)),
  ].sort();
}

describeEachEngine('portable-schema createUnique/dropUnique', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(engine);
  });
  afterEach(async () => {
    await db?.drop();
  });

  const withRunner = <T>(work: (queryRunner: QueryRunner) => Promise<T>) =>
    withDataSource(db.config, [], async (ds) => {
      const queryRunner = ds.createQueryRunner();
      try {
        return await work(tsqlChecked(queryRunner));
      } finally {
        await queryRunner.release();
      }
    });
  const insert = (code: string, label: string) =>
    withRunner((qr) => qr.query(`INSERT INTO tags (code, label) VALUES ('${code}', '${label}')`));
  const rows = () =>
    withRunner((qr) => qr.query('SELECT code, label FROM tags ORDER BY id') as Promise<Array<{ code: string; label: string }>>);

  it('creates a unique (one column, then two) on a table with rows that refuses duplicates, and drops it again, leaving no drift either way', async () => {
    await withRunner((qr) =>
      qr.createTable(
        new Table({
          name: 'tags',
          columns: [
            idColumn(qr),
            column(qr, { name: 'code', type: 'string', length: 20 }),
            column(qr, { name: 'label', type: 'string', length: 50 }),
          ],
        }),
      ),
    );
    await insert('a', 'x');
    await insert('b', 'x');
    expect(await drift(db.config, Tag)).toEqual([]);

    await withRunner((qr) => createUnique(qr, 'tags', new TableUnique({ name: 'UQ_tags_code', columnNames: ['code'] })));
    expect(await rows()).toEqual([
      { code: 'a', label: 'x' },
      { code: 'b', label: 'x' },
    ]);
    await expect(insert('a', 'y')).rejects.toThrow();
    expect(uniquesOf((await withRunner((qr) => qr.getTable('tags')))!)).toEqual(['UQ_tags_code code']);
    expect(await drift(db.config, TagUniqueCode)).toEqual([]);

    await withRunner((qr) => dropUnique(qr, 'tags', 'UQ_tags_code'));
    expect(uniquesOf((await withRunner((qr) => qr.getTable('tags')))!)).toEqual([]);
    expect(await drift(db.config, Tag)).toEqual([]);
    await insert('a', 'y');
    expect(await rows()).toEqual([
      { code: 'a', label: 'x' },
      { code: 'b', label: 'x' },
      { code: 'a', label: 'y' },
    ]);

    await withRunner((qr) => createUnique(qr, 'tags', new TableUnique({ name: 'UQ_tags_label_code', columnNames: ['label', 'code'] })));
    expect(uniquesOf((await withRunner((qr) => qr.getTable('tags')))!)).toEqual(['UQ_tags_label_code code,label']);
    expect(await drift(db.config, TagUniqueLabelCode)).toEqual([]);
    await expect(insert('a', 'x')).rejects.toThrow();
    await insert('b', 'y');
    await withRunner((qr) => dropUnique(qr, 'tags', 'UQ_tags_label_code'));
    expect(await drift(db.config, Tag)).toEqual([]);
    await insert('a', 'x');
    expect((await rows()).length).toBe(5);
  });
});
