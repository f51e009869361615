import path from 'node:path';
import type { TransactionMode } from '../../src/migrator/migration-executor';
import { describeEachEngine } from '../support/each-engine';
import { seedProjectTables } from '../support/project-rows';
import { RowSnapshot, rowCounts, snapshotRows, withoutColumn, withoutTables } from '../support/table-rows';
import { useTestDatabase } from '../support/test-databases';
import { cli, query } from './migrate-support';

const FK_DIR = path.join(__dirname, 'foreign-key-migrations');
const ORPHAN_DIR = path.join(__dirname, 'orphaning-migrations');

/** What must not change in a step: everything but the migration history and the column the step adds. */
function unchangedBy(snapshot: RowSnapshot, table?: string, column?: string): RowSnapshot {
  return withoutTables(table && column ? withoutColumn(snapshot, table, column) : snapshot);
}

/** The fixture migrations after CreateProductItems, each a table rebuild on SQLite, and the column its up adds. */
const STEPS: { name: string; table?: string; column?: string }[] = [
  { name: 'AddProductNote1796000000002', table: 'products', column: 'note' },
  { name: 'AddUserLocale1796000000003', table: 'users', column: 'locale' },
  { name: 'WidenUserFullName1796000000004' },
];

describeEachEngine(
  'table rebuilds under foreign keys keep every row of every table',
  (engine) => {
    const db = useTestDatabase(engine, 'each');

    /** The project's schema and a join table under products and items, rows in every table. */
    async function projectWithRows(): Promise<RowSnapshot> {
      expect((await cli(db().config, 'run')).code).toBe(0);
      await seedProjectTables(db().config);
      expect((await cli(db().config, 'run', '--steps', '1', '--dir', FK_DIR)).code).toBe(0);
      await query(db().config, 'INSERT INTO product_items (product_id, item_id) VALUES (1, 1), (1, 2), (2, 2)');
      const rows = await snapshotRows(db().config);
      for (const table of ['users', 'refresh_tokens', 'products', 'items', 'product_items']) expect(rows[table].length).toBeGreaterThan(1);
      return rows;
    }

    it.each<TransactionMode>(['each', 'all', 'none'])(
      'adding a column to products and users and altering a users column, up, down and up (--transaction %s)',
      async (mode) => {
        const run = (...args: string[]) => cli(db().config, ...args, '--dir', FK_DIR, '--transaction', mode);
        const states = [await projectWithRows()];
        for (const step of STEPS) {
          const result = await run('run', '--steps', '1');
          expect(result.output).toContain(`applied ${step.name}`);
          const after = await snapshotRows(db().config);
          expect(rowCounts(after)).toEqual({ ...rowCounts(states.at(-1)!), migrations: rowCounts(after).migrations });
          expect(unchangedBy(after, step.table, step.column)).toEqual(unchangedBy(states.at(-1)!, step.table, step.column));
          states.push(after);
        }
        for (let step = STEPS.length; step > 0; step--) {
          expect((await run('revert')).output).toContain(`reverted ${STEPS[step - 1].name}`);
          expect(withoutTables(await snapshotRows(db().config))).toEqual(withoutTables(states[step - 1]));
        }
        expect((await run('run')).output).toContain(`applied ${STEPS.length} migrations`);
        expect(withoutTables(await snapshotRows(db().config))).toEqual(withoutTables(states.at(-1)!));
      },
    );

    it.each<TransactionMode>(['each', 'all', 'none'])(
      'a migration that would orphan rows is refused and rolled back (--transaction %s)',
      async (mode) => {
        const before = await projectWithRows();
        const result = await cli(db().config, 'run', '--dir', ORPHAN_DIR, '--transaction', mode);
        expect(result.output).toContain('DeletesAnOwner1796000000101.up() failed');
        expect(result.code).toBe(1);
        if (engine === 'sqlite') {
          // SQLite checks the keys itself before committing: the rows the DELETE orphaned, by table and rowid
          expect(result.output).toContain('it leaves 2 rows whose foreign key points at no row (PRAGMA foreign_key_check)');
          expect(result.output).toContain('refresh_tokens: rowid 1 (user_id = 1 → users.id)');
          expect(result.output).toContain('products: rowid 1 (user_id = 1 → users.id)');
          expect(result.output).toContain('its changes were rolled back');
        }
        expect(await snapshotRows(db().config)).toEqual(before);
      },
    );
  },
  ['sqlite', 'postgres', 'mariadb'],
);
