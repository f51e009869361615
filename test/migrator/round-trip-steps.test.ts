import type { Table } from 'typeorm';
import type { DatabaseConfig } from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { describeEachEngine } from '../support/each-engine';
import { useTestDatabase } from '../support/test-databases';
import { cli, SAMPLE_DIR } from './migrate-support';

function describeTable(table: Table) {
  return {
    name: table.name,
    columns: table.columns.map((c) => `${c.name} ${c.type}${c.length ? `(${c.length})` : ''} ${c.isNullable ? 'null' : 'not null'}`).sort(),
    indices: table.indices.map((i) => `${i.name} ${i.columnNames}`).sort(),
  };
}

async function snapshot(db: DatabaseConfig) {
  const dataSource = createDataSource(db, { migrations: [], entities: [] });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    const tables = await runner.getTables(['widgets']);
    const rows = tables.length ? await runner.query('SELECT name FROM widgets ORDER BY name') : [];
    return { tables: tables.map(describeTable), rows };
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

describeEachEngine(
  'round trip one step at a time',
  (engine) => {
    const db = useTestDatabase(engine);

    it('each revert restores exactly the schema and rows of the step before, and up again gives the same end', async () => {
      const run = (...args: string[]) => cli(db().config, ...args, '--dir', SAMPLE_DIR);
      const states = [await snapshot(db().config)];
      for (let step = 0; step < 4; step++) {
        expect((await run('run', '--steps', '1')).code).toBe(0);
        states.push(await snapshot(db().config));
      }
      expect(new Set(states.map((s) => JSON.stringify(s))).size).toBe(5); // every step changed something
      for (let step = 4; step > 0; step--) {
        expect((await run('revert')).code).toBe(0);
        expect(await snapshot(db().config)).toEqual(states[step - 1]);
      }
      expect((await run('run')).code).toBe(0);
      expect(await snapshot(db().config)).toEqual(states[4]);
    });
  },
  ['sqlite', 'postgres', 'mariadb', 'mssql'],
);
