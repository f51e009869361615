import { DataSource, EntitySubscriberInterface, EventSubscriber, QueryFailedError } from 'typeorm';
import type { BeforeQueryEvent } from 'typeorm/subscriber/event/QueryEvent';
import { createDataSource } from '../../src/database/data-source';
import { PreparedStatements } from '../../src/database/prepared-statements';
import { Item } from '../../src/entities/item.entity';
import { describeEachEngine } from '../support/each-engine';
import { migrate } from '../support/test-app';
import { useTestDatabase } from '../support/test-databases';

/** Every statement TypeORM's runner sent while a test ran; the subscriber is registered on one DataSource only. */
const seenByRunner: string[] = [];
@EventSubscriber()
class QueryWatcher implements EntitySubscriberInterface {
  beforeQuery(event: BeforeQueryEvent): void {
    seenByRunner.push(event.query);
  }
}

/**
 * The repositories' statements bypass TypeORM's query runner (src/database/prepared-statements.ts): they must
 * bind values as TypeORM would, fail as TypeORM would, and hand back to the runner what only it can do.
 */
describeEachEngine('PreparedStatements', (engine) => {
  let dataSource: DataSource;
  // declared before useTestDatabase: jest runs afterAll hooks in declaration order, and the pool must close before
  // the database is dropped (SQL Server refuses to drop a database in use)
  afterAll(async () => {
    await dataSource?.destroy();
  });
  const database = useTestDatabase(engine);
  let statements: PreparedStatements;
  beforeAll(async () => {
    await migrate(database().config);
    dataSource = createDataSource(database().config);
    await dataSource.initialize();
    statements = PreparedStatements.of(dataSource);
  });

  const table = () => dataSource.getMetadata(Item).tablePath;
  const column = (property: string) =>
    dataSource.driver.escape(dataSource.getMetadata(Item).findColumnWithPropertyName(property)!.databaseName);
  const insert = (name: string, isActive: boolean) =>
    statements.run(`INSERT INTO ${table()} (${column('name')}, ${column('isActive')}) VALUES (:name, :active)`, { name, active: isActive });
  const namesWhere = async (where: string, parameters: Record<string, unknown>) => {
    const sql = `SELECT ${column('name')} AS name FROM ${table()} WHERE ${where} ORDER BY ${column('name')}`;
    return (await statements.run(sql, parameters)).records.map((row) => row.name);
  };

  it('binds named parameters as TypeORM does: repeated names, booleans, numbers, and counts changed rows', async () => {
    expect((await insert('bound-a', true)).affected).toBe(1);
    await insert('bound-b', false);
    const sameTwice = `${column('name')} = :name OR (${column('name')} = :name AND ${column('isActive')} = :active)`;
    expect(await namesWhere(sameTwice, { name: 'bound-a', active: true })).toEqual(['bound-a']);
    expect(await namesWhere(`${column('isActive')} = :active AND ${column('name')} LIKE 'bound-%'`, { active: false })).toEqual([
      'bound-b',
    ]);
    const update = await statements.run(`UPDATE ${table()} SET ${column('isActive')} = :active WHERE ${column('name')} LIKE :prefix`, {
      active: true,
      prefix: 'bound-%',
    });
    expect(update.affected).toBe(2);
    const [{ id }] = (
      await statements.run(`SELECT ${column('id')} AS id FROM ${table()} WHERE ${column('name')} = :name`, { name: 'bound-b' })
    ).records;
    expect(await namesWhere(`${column('id')} = :id`, { id: Number(id) })).toEqual(['bound-b']);
  });

  it('expands a spread parameter (:...names) through TypeORM, as before', async () => {
    await insert('spread-a', true);
    await insert('spread-b', true);
    await insert('spread-c', true);
    expect(await namesWhere(`${column('name')} IN (:...names)`, { names: ['spread-a', 'spread-c'] })).toEqual(['spread-a', 'spread-c']);
    expect(await namesWhere(`${column('name')} IN (:...names)`, { names: ['spread-b'] })).toEqual(['spread-b']);
  });

  it("fails with TypeORM's QueryFailedError carrying the driver's error, so constraint violations map as before", async () => {
    const missingName = statements.run(`INSERT INTO ${table()} (${column('isActive')}) VALUES (:active)`, { active: true });
    await expect(missingName).rejects.toBeInstanceOf(QueryFailedError);
    await expect(missingName).rejects.toMatchObject({ driverError: expect.anything(), parameters: expect.any(Array) });
  });

  it('runs inside the transaction it is given: a rollback takes its writes back', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await statements.run(`INSERT INTO ${table()} (${column('name')}) VALUES (:name)`, { name: 'rolled-back' }, manager.queryRunner);
        expect(
          await statements.run(
            `SELECT ${column('name')} AS name FROM ${table()} WHERE ${column('name')} = :name`,
            { name: 'rolled-back' },
            manager.queryRunner,
          ),
        ).toMatchObject({
          records: [{ name: 'rolled-back' }],
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await namesWhere(`${column('name')} = :name`, { name: 'rolled-back' })).toEqual([]);
  });

  it('leaves every statement to TypeORM while a subscriber listens to queries, so it sees them all', async () => {
    const watched = createDataSource(database().config, { subscribers: [QueryWatcher] });
    await watched.initialize();
    try {
      seenByRunner.length = 0;
      const sql = `SELECT COUNT(*) AS count FROM ${table()} WHERE ${column('name')} = :name`;
      await PreparedStatements.of(watched).run(sql, { name: 'anything' });
      expect(seenByRunner.filter((query) => query.includes('COUNT(*)'))).toHaveLength(1);
    } finally {
      await watched.destroy();
    }
  });

  if (engine === 'postgres') {
    it.each([
      [true, ['entity_rows_1']],
      [false, []],
    ])('POSTGRES_PREPARED_STATEMENTS=%s: statements are named on the connection, or sent unnamed for poolers', async (named, expected) => {
      const config = { ...database().config, poolSize: 1, preparedStatements: named };
      const onePool = createDataSource(config);
      await onePool.initialize();
      try {
        await PreparedStatements.of(onePool).run(`SELECT COUNT(*) AS count FROM ${table()} WHERE ${column('name')} = :name`, { name: 'x' });
        const prepared = await onePool.query(`SELECT name FROM pg_prepared_statements`);
        expect(prepared.map((row: { name: string }) => row.name)).toEqual(expected);
      } finally {
        await onePool.destroy();
      }
    });

    it("answers after a migration changed a column's type under a prepared statement (a stale plan)", async () => {
      await insert('retyped', true);
      const read = () => namesWhere(`${column('name')} = :name`, { name: 'retyped' });
      expect(await read()).toEqual(['retyped']);
      await dataSource.query(`ALTER TABLE ${table()} ALTER COLUMN ${column('name')} TYPE text`);
      expect(await read()).toEqual(['retyped']);
    });
  }

  if (engine === 'sqlite') {
    it('prepares again on the new connection when the DataSource is destroyed and initialized again', async () => {
      await insert('reconnected', true);
      const read = () => namesWhere(`${column('name')} = :name`, { name: 'reconnected' });
      expect(await read()).toEqual(['reconnected']);
      await dataSource.destroy();
      await dataSource.initialize();
      expect(await read()).toEqual(['reconnected']);
    });
  }
});
