import { createDataSource } from '../../src/database/data-source';
import { describeEachEngine } from './each-engine';
import { rowCounts, snapshotRows, withoutTables } from './table-rows';
import { useTestDatabase } from './test-databases';
import { tsqlChecked } from './tsql-checked';

describeEachEngine('snapshotRows (the row check every migration test relies on)', (engine) => {
  const db = useTestDatabase(engine);

  it('sees every table, a deleted row and a changed value', async () => {
    const dataSource = tsqlChecked(createDataSource(db().config, { migrations: [], entities: [] }));
    await dataSource.initialize();
    try {
      await dataSource.query('CREATE TABLE parents (id int PRIMARY KEY, name varchar(20))');
      await dataSource.query('CREATE TABLE migrations (id int PRIMARY KEY)');
      await dataSource.query("INSERT INTO parents (id, name) VALUES (1, 'a'), (2, 'b')");
      const before = await snapshotRows(db().config);
      expect(rowCounts(before)).toEqual({ migrations: 0, parents: 2 });
      await dataSource.query("UPDATE parents SET name = 'c' WHERE id = 2");
      expect(await snapshotRows(db().config)).not.toEqual(before);
      await dataSource.query('DELETE FROM parents WHERE id = 2');
      expect(rowCounts(await snapshotRows(db().config))).toEqual({ migrations: 0, parents: 1 });
      expect(withoutTables(await snapshotRows(db().config), 'parents')).toEqual({});
    } finally {
      await dataSource.destroy();
    }
  });
});
