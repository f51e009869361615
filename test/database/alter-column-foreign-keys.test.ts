import type { DataSource } from 'typeorm';
import { buildApp } from '../../src/app';
import { alterColumn } from '../../src/database/alter-column';
import { createDataSource } from '../../src/database/data-source';
import { cli } from '../migrator/migrate-support';
import { RowSnapshot, snapshotRows, withoutColumn, withoutTables } from '../support/table-rows';
import { testConfig } from '../support/test-app';
import { useTestDatabase } from '../support/test-databases';

/**
 * SQLite rebuilds a table for alterColumn and most column changes; with foreign keys on, DROP TABLE users would
 * empty refresh_tokens (ON DELETE CASCADE) or be refused for products (NO ACTION). These cases run outside the
 * migration CLI: alterColumn on its own, and the app bringing its embedded database up to date at startup.
 */
describe('SQLite table rebuilds outside migration:run keep the rows that point at the table', () => {
  const db = useTestDatabase('sqlite', 'each');

  async function withDataSource<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
    const dataSource = createDataSource(db().config, { migrations: [] });
    await dataSource.initialize();
    try {
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  /** Users, and rows in every table that points at them, and in items. */
  async function seed(dataSource: DataSource, withTokens: boolean): Promise<RowSnapshot> {
    await dataSource.query(
      "INSERT INTO users (id, email, full_name, password_hash) VALUES (1, 'a@example.com', 'Ada', 'x'), (2, 'b@example.com', 'Bob', 'y')",
    );
    await dataSource.query(
      "INSERT INTO products (id, name, sku, price, user_id) VALUES (1, 'Lamp', 'S1', 9.5, 1), (2, 'Desk', 'S2', 120, 2)",
    );
    await dataSource.query("INSERT INTO items (id, name) VALUES (1, 'Bulb'), (2, 'Drawer')");
    if (withTokens) {
      await dataSource.query(
        "INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES ('h1', 'f1', 1, '2030-01-01'), ('h2', 'f2', 2, '2030-01-01')",
      );
    }
    return snapshotRows(db().config);
  }

  it('alterColumn outside a transaction turns keys off around its own, keeps every row, and turns them back on', async () => {
    expect((await cli(db().config, 'run')).code).toBe(0);
    await withDataSource(async (dataSource) => {
      const before = await seed(dataSource, true);
      const runner = dataSource.createQueryRunner();
      try {
        const widened = await alterColumn(runner, 'users', 'full_name', { type: 'string', length: 300 });
        expect(widened.length).toBe('300');
        expect(await runner.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
        expect(runner.isTransactionActive).toBe(false);
      } finally {
        await runner.release();
      }
      expect(withoutTables(await snapshotRows(db().config))).toEqual(withoutTables(before));
    });
  });

  it('alterColumn inside a transaction that has keys on is refused with what to do, and changes nothing', async () => {
    expect((await cli(db().config, 'run')).code).toBe(0);
    await withDataSource(async (dataSource) => {
      const before = await seed(dataSource, true);
      const runner = dataSource.createQueryRunner();
      await runner.startTransaction();
      try {
        await expect(alterColumn(runner, 'users', 'full_name', { type: 'string', length: 300 })).rejects.toThrow(
          /alterColumn rebuilds "users" on SQLite, and .*"refresh_tokens".* reference it while PRAGMA foreign_keys is ON inside an open transaction.*Run it from a migration/,
        );
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect(await snapshotRows(db().config)).toEqual(before);
    });
  });

  it('rows that already pointed nowhere before a run are not blamed on its migrations', async () => {
    expect((await cli(db().config, 'run', '--to', 'InitialSchema')).code).toBe(0);
    await withDataSource(async (dataSource) => {
      await seed(dataSource, false);
      // written with keys off by someone else: an orphan the run must not refuse to commit
      await dataSource.query('PRAGMA foreign_keys = OFF');
      await dataSource.query("INSERT INTO products (id, name, sku, price, user_id) VALUES (3, 'Stray', 'S3', 1, 99)");
    });
    const before = await snapshotRows(db().config);
    const result = await cli(db().config, 'run');
    expect(result.output).toContain('applied AddAuth1795613459843');
    expect(withoutColumn(withoutTables(await snapshotRows(db().config), 'refresh_tokens'), 'users', 'role')).toEqual(
      withoutTables(before, 'refresh_tokens'),
    );
  });

  it('the app migrating its embedded database at startup rebuilds users (AddAuth adds role) without losing a row', async () => {
    expect((await cli(db().config, 'run', '--to', 'InitialSchema')).code).toBe(0);
    const before = await withDataSource((dataSource) => seed(dataSource, false));
    const app = await buildApp(testConfig(db().config));
    try {
      await app.ready();
      expect((await app.inject({ url: '/health/ready' })).json()).toMatchObject({ pendingMigrations: [] });
    } finally {
      await app.close();
    }
    const after = await snapshotRows(db().config);
    expect(after.users.map((row) => JSON.parse(row).role)).toEqual(['user', 'user']);
    expect(withoutColumn(withoutTables(after, 'refresh_tokens'), 'users', 'role')).toEqual(withoutTables(before));
  });
});
