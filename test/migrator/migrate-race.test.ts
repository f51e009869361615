import { hostname } from 'node:os';
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DatabaseConfig } from '../../src/config/app-config';
import { environmentFor } from '../support/server-process';
import { describeEachEngine } from '../support/each-engine';
import { useTestDatabase } from '../support/test-databases';
import { createDataSource } from '../../src/database/data-source';
import { acquireMigrationLock } from '../../src/migrator/migration-lock';
import { appliedNames, cli, SAMPLE_DIR } from './migrate-support';

const ROOT = path.join(__dirname, '..', '..');

function migrationRun(db: DatabaseConfig): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [require.resolve('ts-node/dist/bin'), '--swc', 'src/cli/migrate.ts', 'run', '--dir', SAMPLE_DIR],
      { cwd: ROOT, env: { PATH: process.env.PATH, NODE_ENV: 'test', ...environmentFor(db) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describeEachEngine(
  'two migration:run processes at the same moment',
  (engine) => {
    const db = useTestDatabase(engine);

    it('apply each migration exactly once, and both exit 0', async () => {
      const [first, second] = await Promise.all([migrationRun(db().config), migrationRun(db().config)]);
      // a failed run's whole output is the failure message
      for (const run of [first, second]) expect(run.code === 0 ? 'exit 0' : `exit ${run.code}: ${run.output}`).toBe('exit 0');
      const appliedLines = [...first.output.matchAll(/▲ applied (\w+)/g), ...second.output.matchAll(/▲ applied (\w+)/g)].map((m) => m[1]);
      expect(appliedLines.sort()).toEqual([
        'AddWidgetColor1700000000002',
        'AddWidgetNameIndex1700000000003',
        'CreateWidgets1700000000001',
        'SeedWidgets1700000000004',
      ]);
      expect(await appliedNames(db().config)).toEqual([
        'CreateWidgets1700000000001',
        'AddWidgetColor1700000000002',
        'AddWidgetNameIndex1700000000003',
        'SeedWidgets1700000000004',
      ]);
      // whichever came second found nothing left to do
      expect([first.output, second.output].some((o) => o.includes('nothing to do: the database is at SeedWidgets1700000000004'))).toBe(
        true,
      );
    });
  },
  ['sqlite', 'postgres', 'mariadb', 'mssql'],
);

describeEachEngine(
  'the migration lock',
  (engine) => {
    const db = useTestDatabase(engine);

    it('makes a run wait for the holder, names it where the database can, and gives up after --lock-timeout', async () => {
      const holder = createDataSource(db().config, { migrations: [], entities: [] });
      await holder.initialize();
      const runner = holder.createQueryRunner();
      await runner.connect();
      const lock = await acquireMigrationLock(holder, runner, { timeoutMs: 1000 });
      try {
        const started = Date.now();
        const blocked = await cli(db().config, 'run', '--lock-timeout', '1', '--dir', SAMPLE_DIR);
        expect(blocked.code).toBe(1);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
        expect(blocked.output).toContain('waiting for the migration lock');
        expect(blocked.output).toContain('Another migration run holds the migration lock');
        expect(blocked.output).toContain('gave up after 1 s');
        const named = {
          sqlite: new RegExp(`held by another process on ${hostname()} using this database file \\(SQLite does not record which\\)`),
          postgres: /held by pid \d+/,
          mariadb: /held by connection \d+ of /,
          mssql: /held by session \d+/,
        };
        expect(blocked.output).toMatch(named[engine]);
        expect(await appliedNames(db().config).catch(() => [])).toEqual([]);
      } finally {
        await lock.release();
        await runner.release();
        await holder.destroy();
      }
      expect((await cli(db().config, 'run', '--lock-timeout', '1', '--dir', SAMPLE_DIR)).code).toBe(0);
    });
  },
  ['sqlite', 'postgres', 'mariadb', 'mssql'],
);
