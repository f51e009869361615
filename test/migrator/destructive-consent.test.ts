import path from 'node:path';
import { migrateCli } from '../../src/cli/migrate';
import { describeEachEngine } from '../support/each-engine';
import { testConfig } from '../support/test-app';
import { snapshotRows, withoutTables } from '../support/table-rows';
import { useTestDatabase } from '../support/test-databases';
import { appliedNames, cli, query } from './migrate-support';

const DIR = path.join(__dirname, 'destructive-migrations');
const CREATE = 'CreateGizmos1700000000201';
const DROP = 'DropGizmoColorAndOldThings1700000000202';

/** Outside development, a migration that drops a table or column runs only with --allow-destructive. */
describeEachEngine('destructive migrations need consent', (engine) => {
  const db = useTestDatabase(engine, 'each');

  beforeEach(async () => {
    expect((await cli(db().config, 'run', '--dir', DIR, '--to', CREATE)).code).toBe(0);
    await query(db().config, "INSERT INTO gizmos (name, color) VALUES ('a', 'red'), ('b', NULL), ('c', 'blue')");
    await query(db().config, "INSERT INTO old_things (label) VALUES ('x'), ('y')");
  });

  it('migration:status marks the pending migration with what it would drop, counted', async () => {
    const { code, output } = await cli(db().config, 'status', '--dir', DIR);
    expect(code).toBe(0);
    expect(output).toContain(
      `  ${DROP}\n    DESTRUCTIVE: drops column gizmos.color (2 values in 3 rows)\n    DESTRUCTIVE: drops table old_things (2 rows)`,
    );
  });

  it('migration:run refuses it, listing the losses, and changes no row of any table', async () => {
    const before = await snapshotRows(db().config);
    const { code, output } = await cli(db().config, 'run', '--dir', DIR);
    expect(code).toBe(1);
    expect(output).toContain(`refusing to apply a migration that drops data outside NODE_ENV=development:\n  ${DROP}:`);
    expect(output).toContain('    - drops column gizmos.color (2 values in 3 rows)\n    - drops table old_things (2 rows)');
    expect(output).toContain('re-run with --allow-destructive');
    expect(await snapshotRows(db().config)).toEqual(before);
    expect(await appliedNames(db().config)).toEqual([CREATE]);
  });

  it('migration:run -- --allow-destructive applies it; the rows it did not mean to touch stay', async () => {
    const before = await snapshotRows(db().config);
    expect((await cli(db().config, 'run', '--dir', DIR, '--allow-destructive')).code).toBe(0);
    expect(await appliedNames(db().config)).toEqual([CREATE, DROP]);
    const after = await snapshotRows(db().config);
    expect(withoutTables(after, 'gizmos', 'old_things')).toEqual(withoutTables(before, 'gizmos', 'old_things'));
    expect(after.old_things).toBeUndefined();
    expect(await query(db().config, 'SELECT id, name FROM gizmos ORDER BY id')).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
      { id: 3, name: 'c' },
    ]);
  });

  it('development applies it without the flag, as before', async () => {
    const lines: string[] = [];
    expect(await migrateCli(['run', '--dir', DIR], (line) => lines.push(line), testConfig(db().config, { env: 'development' }))).toBe(0);
    expect(await appliedNames(db().config)).toEqual([CREATE, DROP]);
  });

  it('migration:sql marks the drops in the script for whoever runs it', async () => {
    const { output } = await cli(db().config, 'sql', '--dir', DIR, '--dialect', 'mssql');
    expect(output).toContain(
      `-- ${DROP} (up)\n-- DESTRUCTIVE: drops column gizmos.color and its values\n-- DESTRUCTIVE: drops table old_things and its rows`,
    );
  });
});
