import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../src/database/data-source';
import { describeEachEngine } from '../support/each-engine';
import { useTestDatabase } from '../support/test-databases';
import { appliedNames, cli, query, SAMPLE_DIR, tableNames } from './migrate-support';

const ALL = ['CreateWidgets1700000000001', 'AddWidgetColor1700000000002', 'AddWidgetNameIndex1700000000003', 'SeedWidgets1700000000004'];

describeEachEngine(
  'migration CLI verbs',
  (engine) => {
    const db = useTestDatabase(engine);
    const run = (...args: string[]) => cli(db().config, ...args, '--dir', SAMPLE_DIR);

    it('status on an empty database: at base, everything pending, --check exits 1', async () => {
      const status = await run('status', '--check');
      expect(status.code).toBe(1);
      expect(status.output).toContain('current: base (nothing applied)');
      expect(status.output).toContain('pending (4):');
      for (const name of ALL) expect(status.output).toContain(`  ${name}`);
    });

    it('run --steps 1 applies only the next migration (alembic upgrade +1)', async () => {
      const result = await run('run', '--steps', '1');
      expect(result.code).toBe(0);
      expect(result.output).toMatch(/▲ applied CreateWidgets1700000000001 \(\d+ ms\)/);
      expect(result.output).toMatch(/applied 1 migration in \d+ ms; the database is now at CreateWidgets1700000000001/);
      expect(await appliedNames(db().config)).toEqual(ALL.slice(0, 1));
    });

    it('run --to takes a unique prefix and stops at that migration, inclusive', async () => {
      const result = await run('run', '--to', 'AddWidgetN');
      expect(result.code).toBe(0);
      expect(await appliedNames(db().config)).toEqual(ALL.slice(0, 3));
    });

    it('refuses an ambiguous or unknown name and lists the candidates', async () => {
      const ambiguous = await run('run', '--to', 'Add');
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.output).toContain('"Add" matches 2 migrations; say which:');
      expect(ambiguous.output).toContain('AddWidgetColor1700000000002');
      expect(ambiguous.output).toContain('AddWidgetNameIndex1700000000003');
      const unknown = await run('run', '--to', 'Nope');
      expect(unknown.code).toBe(1);
      expect(unknown.output).toContain('no migration is called "Nope"');
      expect(await appliedNames(db().config)).toEqual(ALL.slice(0, 3));
    });

    it('run applies the rest, with --verbose printing each statement; status --check is then clean', async () => {
      const result = await run('run', '--verbose');
      expect(result.code).toBe(0);
      expect(result.output).toMatch(/▲ \[1\/1\] SeedWidgets1700000000004/);
      expect(result.output).toMatch(/INSERT INTO .widgets./);
      // the summary comes after the transaction's end (on SQLite, the lock's COMMIT), never before it
      const lines = result.output.split('\n');
      const lastStatement = lines.findLastIndex((line) => /^\s+(COMMIT|RELEASE|SELECT|DELETE|INSERT|UPDATE)\b/.test(line));
      expect(lines.findIndex((line) => line.startsWith('applied 1 migration in'))).toBeGreaterThan(lastStatement);
      expect(await appliedNames(db().config)).toEqual(ALL);
      const status = await run('status', '--check');
      expect(status.code).toBe(0);
      expect(status.output).toContain('current: SeedWidgets1700000000004');
      expect(status.output).toContain('pending: none');
      expect((await run('run')).output).toContain('nothing to do: the database is at SeedWidgets1700000000004');
    });

    it('history lists every migration with when it was applied and how long it took', async () => {
      const history = await run('history');
      expect(history.code).toBe(0);
      const lines = history.output.split('\n');
      expect(lines).toHaveLength(4);
      lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^\\[x\\] ${ALL[i]}  applied \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, \\d+ ms`)));
      expect(lines[3]).toContain('(current)');
    });

    it('revert undoes the last migration (alembic downgrade -1), data migrations included', async () => {
      expect((await query(db().config, 'SELECT name FROM widgets')).length).toBe(2);
      const result = await run('revert');
      expect(result.code).toBe(0);
      expect(result.output).toMatch(/▼ reverted SeedWidgets1700000000004 \(\d+ ms\)/);
      expect(await query(db().config, 'SELECT name FROM widgets')).toEqual([]);
      expect(await appliedNames(db().config)).toEqual(ALL.slice(0, 3));
    });

    it('revert --steps 2 and revert --to NAME (which stays applied)', async () => {
      expect((await run('revert', '--steps', '2')).code).toBe(0);
      expect(await appliedNames(db().config)).toEqual(ALL.slice(0, 1));
      expect((await run('run')).code).toBe(0);
      expect((await run('revert', '--to', 'CreateWidgets')).code).toBe(0);
      expect(await appliedNames(db().config)).toEqual(ALL.slice(0, 1));
      expect(await tableNames(db().config, ['widgets'])).toEqual(['widgets']);
    });

    it('revert --to base needs --yes outside development, then drops everything', async () => {
      const refused = await run('revert', '--to', 'base');
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('add --yes if you mean it');
      expect(await appliedNames(db().config)).toEqual(ALL.slice(0, 1));
      expect((await run('revert', '--to', 'base', '--yes')).code).toBe(0);
      expect(await appliedNames(db().config)).toEqual([]);
      expect(await tableNames(db().config, ['widgets'])).toEqual([]);
    });

    it('stamp records migrations as applied without running them, and base un-stamps', async () => {
      const stamped = await run('stamp', 'AddWidgetColor');
      expect(stamped.code).toBe(0);
      expect(stamped.output).toBe(
        'stamped CreateWidgets1700000000001 as applied (not run)\nstamped AddWidgetColor1700000000002 as applied (not run)',
      );
      expect(await appliedNames(db().config)).toEqual(ALL.slice(0, 2));
      expect(await tableNames(db().config, ['widgets'])).toEqual([]);
      const unstamped = await run('stamp', 'base');
      expect(unstamped.output).toBe(
        'un-stamped CreateWidgets1700000000001 (not reverted)\nun-stamped AddWidgetColor1700000000002 (not reverted)',
      );
      expect(await appliedNames(db().config)).toEqual([]);
    });

    it('rejects bad arguments with a clear message', async () => {
      expect((await run('run', '--steps', '0')).output).toContain('--steps takes a whole number of 1 or more');
      expect((await run('run', '--steps', 'two')).output).toContain('--steps takes a whole number, not "two"');
      expect((await run('run', '--steps', '1', '--to', 'Seed')).output).toContain('give --to or --steps, not both');
      expect((await run('run', '--transaction', 'some')).output).toContain('--transaction takes all, each or none');
      expect((await run('stamp')).output).toContain('stamp needs a migration name, or base');
      expect((await run('upgrade')).output).toContain('unknown command "upgrade"');
    });

    it('sql prints a reviewable script without touching the database (here: T-SQL with GO batches)', async () => {
      const before = await appliedNames(db().config);
      const script = await run('sql', '--dialect', 'mssql', '--from', 'CreateWidgets', '--to', 'AddWidgetN');
      expect(script.code).toBe(0);
      expect(script.output).toContain('ALTER TABLE "widgets" ADD "color" varchar(20)');
      expect(script.output).toContain('CREATE INDEX "IX_widgets_name" ON "widgets" ("name")');
      expect(script.output).toMatch(/^GO$/m);
      expect(script.output).not.toContain('CREATE TABLE "widgets"');
      const down = await run('sql', '--dialect', 'postgres', '--down', '--to', 'CreateWidgets');
      expect(down.output).toContain('DELETE FROM "migrations"');
      expect((await run('sql', '--dialect', 'oracle')).output).toContain('--dialect takes mssql, postgres, sqlite, mariadb');
      expect(await appliedNames(db().config)).toEqual(before);
    });

    it('sql --out writes exactly the printed script to the file, and only sql takes --out', async () => {
      const printed = await run('sql', '--dialect', 'mssql');
      const dir = mkdtempSync(path.join(tmpdir(), 'sql-out-'));
      try {
        const file = path.join(dir, 'migrate.sql');
        const written = await run('sql', '--dialect', 'mssql', '--out', file);
        expect(written).toEqual({ code: 0, output: `wrote the mssql migration script to ${file}` });
        expect(readFileSync(file, 'utf8')).toBe(`${printed.output}\n`);
        expect((await run('sql', '--out', '')).output).toContain('--out needs a file name, e.g. --out migrate.sql');
        const outOnRun = await run('run', '--out', file);
        expect(outOnRun).toMatchObject({ code: 2, output: expect.stringMatching(/^unknown option --out\n\nnpm run migration:run /) });
        expect(await appliedNames(db().config)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('--help explains each verb with its Alembic equivalent', async () => {
      for (const [verb, alembic] of [
        ['run', 'alembic upgrade head'],
        ['revert', 'alembic downgrade -1'],
        ['status', 'alembic current'],
        ['history', 'alembic history'],
        ['stamp', 'alembic stamp'],
        ['sql', 'alembic upgrade --sql'],
      ]) {
        const help = await run(verb, '--help');
        expect(help.code).toBe(0);
        expect(help.output).toContain(alembic);
        // each verb lists only what it takes: the runner's options where the runner runs migrations
        expect(help.output.includes('--transaction MODE')).toBe(['run', 'revert', 'stamp'].includes(verb));
      }
    });
  },
  ['sqlite', 'postgres', 'mariadb', 'mssql'],
);

describeEachEngine(
  'a database migrated by TypeORM’s own CLI',
  (engine) => {
    const db = useTestDatabase(engine);

    it('is adopted: its history reads as applied, our columns are added, and revert works', async () => {
      const typeorm = createDataSource(db().config, { migrations: [`${SAMPLE_DIR}/*.ts`], entities: [] });
      await typeorm.initialize();
      await typeorm.runMigrations();
      await typeorm.destroy();

      const status = await cli(db().config, 'status', '--check', '--dir', SAMPLE_DIR);
      expect(status.code).toBe(0);
      expect(status.output).toContain('current: SeedWidgets1700000000004');
      const history = await cli(db().config, 'history', '--dir', SAMPLE_DIR);
      expect(history.output).toContain('[x] SeedWidgets1700000000004  applied (time not recorded)');
      expect((await cli(db().config, 'revert', '--dir', SAMPLE_DIR)).code).toBe(0);
      expect((await cli(db().config, 'run', '--dir', SAMPLE_DIR)).code).toBe(0);
      const [row] = await query<{ checksum: string }>(
        db().config,
        "SELECT checksum FROM migrations WHERE name = 'SeedWidgets1700000000004'",
      );
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    });
  },
  ['sqlite', 'postgres', 'mariadb', 'mssql'],
);

describe('migration CLI against an unreachable server', () => {
  it('names host, port, database and user, suggests the fix, and never prints the password', async () => {
    const result = await cli(
      {
        type: 'postgres',
        host: '127.0.0.1',
        port: 1,
        username: 'app',
        password: 'pw-not-shown',
        database: 'appdb',
        poolSize: 1,
        ssl: false,
        trustServerCertificate: false,
        logQueries: false,
      },
      'status',
      '--dir',
      SAMPLE_DIR,
    );
    expect(result.code).toBe(1);
    expect(result.error?.name).toBe('DatabaseConnectionError');
    expect(result.output).toContain('Cannot connect to postgres at 127.0.0.1:1, database appdb, user app');
    expect(result.output).toContain('Check POSTGRES_HOST and POSTGRES_PORT');
    expect(result.output).not.toContain('pw-not-shown');
  });
});
