import path from 'node:path';
import { alterColumn } from '../../src/database/alter-column';
import { createDataSource } from '../../src/database/data-source';
import type { TransactionMode } from '../../src/migrator/migration-executor';
import { Migrator } from '../../src/migrator/migrator';
import { describeEachEngine } from '../support/each-engine';
import { seedProjectTables } from '../support/project-rows';
import { RowSnapshot, snapshotRows, withoutColumn, withoutTables } from '../support/table-rows';
import { useTestDatabase } from '../support/test-databases';
import { addTransactionEndingTrigger, ENDED_BY_THE_DATABASE } from '../support/transaction-ending-trigger';
import { appliedNames, cli } from './migrate-support';

const ENDING_DIR = path.join(__dirname, 'ending-migrations');

/**
 * When the database ends a transaction itself (deadlock victim, killed session, XACT_ABORT, RAISE(ROLLBACK)),
 * the ROLLBACK that follows fails. That second error must never replace the first: the user needs the
 * migration, the statement and the server's message; and the runner must not be left believing a transaction
 * is open.
 */
describeEachEngine('a transaction the database ended itself', (engine) => {
  const db = useTestDatabase(engine, 'each');

  /** The project's schema with rows in every table, and a trigger that ends the transaction of whoever writes `table`. */
  async function projectWithRows(table: string, event: 'INSERT' | 'UPDATE'): Promise<RowSnapshot> {
    expect((await cli(db().config, 'run')).code).toBe(0);
    await seedProjectTables(db().config);
    await addTransactionEndingTrigger(engine, db().config, table, event);
    return snapshotRows(db().config);
  }

  it.each<TransactionMode>(['each', 'all', 'none'])(
    'migration:run reports the first error with the migration and statement, and says the database ended it (--transaction %s)',
    async (mode) => {
      const before = await projectWithRows('items', 'UPDATE');
      const result = await cli(db().config, 'run', '--dir', ENDING_DIR, '--transaction', mode);
      expect(result.output).toContain('EndedByTheDatabase1796000000202.up() failed: ');
      expect(result.output).toMatch(ENDED_BY_THE_DATABASE[engine]);
      expect(result.output).toContain("statement: UPDATE items SET name = 'changed'");
      expect(result.code).toBe(1);
      // Outside a transaction (--transaction none on a server) each statement commits as it runs: RenamesAda and the
      // products update stay. SQLite runs everything in the lock's transaction, which the database ended.
      const autocommit = mode === 'none' && engine !== 'sqlite';
      const keptFirst = mode !== 'all' && engine !== 'sqlite';
      if (autocommit) expect(result.output).toContain('it ran without a transaction');
      else expect(result.output).toContain('the database had already ended its transaction, which rolled its changes back');
      if (engine === 'sqlite' && mode !== 'all')
        expect(result.output).toContain('the migrations applied before it in this run were undone too');
      const applied = await appliedNames(db().config);
      expect(applied).not.toContain('EndedByTheDatabase1796000000202');
      expect(applied.includes('RenamesAda1796000000201')).toBe(keptFirst);
      const users = keptFirst ? before.users.map((row) => row.replace('"full_name":"Ada"', '"full_name":"Ada L."')).sort() : before.users;
      const products = autocommit ? before.products.map((row) => row.replace(/"name":"\w+"/, '"name":"changed"')).sort() : before.products;
      // MariaDB stamps updated_at (ON UPDATE CURRENT_TIMESTAMP) on the rows that changed
      const compared = (snapshot: RowSnapshot) =>
        withoutTables(withoutColumn(withoutColumn(snapshot, 'users', 'updated_at'), 'products', 'updated_at'));
      expect(compared(await snapshotRows(db().config))).toEqual(compared({ ...before, users, products }));
    },
  );

  it('the runner is usable after the failure: status reads the history on the same runner', async () => {
    const before = await projectWithRows('items', 'UPDATE');
    const migrator = await Migrator.open(db().config, { dir: ENDING_DIR, print: () => undefined });
    try {
      await expect(migrator.upgrade()).rejects.toThrow(ENDED_BY_THE_DATABASE[engine]);
      const status = await migrator.status();
      expect(status.pending.map((file) => file.name)).toContain('EndedByTheDatabase1796000000202');
    } finally {
      await migrator.close();
    }
    expect((await snapshotRows(db().config)).products).toEqual(before.products);
  });

  it('migration:stamp reports the first error when the database ends its transaction', async () => {
    const before = await projectWithRows('migrations', 'INSERT');
    const result = await cli(db().config, 'stamp', 'RenamesAda', '--dir', ENDING_DIR);
    expect(result.output).toMatch(ENDED_BY_THE_DATABASE[engine]);
    expect(result.code).toBe(1);
    expect(await snapshotRows(db().config)).toEqual(before);
  });

  it('alterColumn reports the first error and leaves the runner without a transaction, usable', async () => {
    const before = await projectWithRows('products', 'UPDATE');
    const dataSource = createDataSource(db().config, { migrations: [] });
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    try {
      // products.category is NULL in every row: fillNulls updates them, and the trigger ends the transaction
      await expect(alterColumn(runner, 'products', 'category', { nullable: false, fillNulls: 'none' })).rejects.toThrow(
        ENDED_BY_THE_DATABASE[engine],
      );
      expect(runner.isTransactionActive).toBe(false);
      const [{ n }] = await runner.query('SELECT COUNT(*) AS n FROM products');
      expect(Number(n)).toBe(2);
    } finally {
      await runner.release();
      await dataSource.destroy();
    }
    expect(await snapshotRows(db().config)).toEqual(before);
  });
});
