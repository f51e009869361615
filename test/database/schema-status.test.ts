import { buildApp } from '../../src/app';
import { migrateCli } from '../../src/cli/migrate';
import { loadMigrationFiles } from '../../src/migrator/migration-files';
import { Migrator } from '../../src/migrator/migrator';
import { query } from '../migrator/migrate-support';
import { testConfig } from '../support/test-app';
import { snapshotRows, withoutTables } from '../support/table-rows';
import { createTestDatabase, TestDatabase } from '../support/test-databases';

const PROJECT = loadMigrationFiles();
const [FIRST] = PROJECT;
const LAST = PROJECT[PROJECT.length - 1];

/** The embedded SQLite database is the one the server migrates itself (a server database only refuses to start). */
describe('the server over an edited, applied migration [sqlite]', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase('sqlite');
    // everything but the last project migration applied, with rows in the tables, and the first one then "edited"
    const migrator = await Migrator.open(db.config, { print: () => undefined });
    try {
      await migrator.upgrade({ to: PROJECT[PROJECT.length - 2].name });
    } finally {
      await migrator.close();
    }
    await query(db.config, "INSERT INTO users (email, full_name, password_hash) VALUES ('ann@example.com', 'Ann', 'x')");
    await query(db.config, "INSERT INTO items (name) VALUES ('hammer')");
    await query(db.config, `UPDATE migrations SET checksum = '${'0'.repeat(64)}' WHERE name = '${FIRST.name}'`);
  });
  afterEach(() => db.drop());

  const start = async () => {
    const app = await buildApp(testConfig(db.config));
    await app.close();
  };
  const cli = async (...argv: string[]) => {
    const lines: string[] = [];
    expect(await migrateCli(argv, (line) => lines.push(line), testConfig(db.config))).toBe(0);
    return lines.join('\n');
  };

  it('refuses with advice the server can follow: none of its flags, and each CLI command it names lets it start', async () => {
    const before = await snapshotRows(db.config);
    const refusal = await start().then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(refusal).toContain(`${FIRST.name} changed after being applied`);
    expect(refusal).not.toMatch(/re-run with --allow-edited/);
    expect(refusal).toContain('`npm run migration:stamp -- --checksums`');
    expect(refusal).toContain('`npm run migration:run -- --allow-edited`');
    expect(await snapshotRows(db.config)).toEqual(before);

    // the first advice: accept the edit, then the server applies what is pending itself
    expect(await cli('stamp', '--checksums')).toBe(`recorded the current checksum of ${FIRST.name}`);
    const stamped = await snapshotRows(db.config);
    expect(withoutTables(stamped)).toEqual(withoutTables(before));
    await start();
    const started = await snapshotRows(db.config);
    expect(withoutTables(started)).toEqual(withoutTables(before));
    expect(started.migrations.length).toBe(PROJECT.length);
  });

  it('the other advice, migration:run -- --allow-edited, applies what is pending and the server starts', async () => {
    const before = await snapshotRows(db.config);
    await expect(start()).rejects.toThrow('`npm run migration:run -- --allow-edited`');
    expect(await cli('run', '--allow-edited')).toContain(`applied ${LAST.name}`);
    const after = await snapshotRows(db.config);
    expect(withoutTables(after)).toEqual(withoutTables(before));
    await start();
    expect(await snapshotRows(db.config)).toEqual(after);
  });
});
