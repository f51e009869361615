/**
 * How long do N migrations take to apply and then revert to base, with our runner (src/migrator) and with
 * TypeORM's own DataSource.runMigrations / undoLastMigration, on the same engine and the same files?
 *
 *   npx ts-node --swc bench/migrations-bench.ts [--count 100] [--rounds 3] [--cli-invocations 3]
 *   npm run bench:migrations -- --count 100 --rounds 3
 *
 * SQLite always runs; PostgreSQL, MariaDB and SQL Server run when TEST_POSTGRES_URL, TEST_MARIADB_URL or
 * TEST_MSSQL_URL is set (the same variables and throwaway databases as the tests). --cli-invocations 0 skips
 * timing TypeORM's CLI (SQLite only; it reverts one migration per process, so its per-process cost matters).
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../src/config/app-config';
import { createDataSource } from '../src/database/data-source';
import { Migrator } from '../src/migrator/migrator';
import { ALL_ENGINES, createTestDatabase, Engine, isEnabled } from '../test/support/test-databases';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const FIRST_TIMESTAMP = 1_800_000_000_000;

// ---------------------------------------------------------------------------------------------------------
// The migrations: generated, so the count is a parameter and nothing under src/ or test/ changes.
// ---------------------------------------------------------------------------------------------------------

type Kind = 'table' | 'column' | 'index' | 'data';

/** Every 10th is a data change; the others cycle table → column → index, so each table gets one of each. */
function kindOf(i: number, schemaStep: number): Kind {
  if (i % 10 === 0) return 'data';
  return (['table', 'column', 'index'] as const)[schemaStep % 3];
}

function body(kind: Kind, i: number, table: string): { imports: string; up: string; down: string } {
  const names = `['a${i}', 'b${i}']`;
  switch (kind) {
    case 'table':
      return {
        imports: 'Table',
        up: `await queryRunner.createTable(
      new Table({
        name: '${table}',
        columns: [
          idColumn(queryRunner),
          column(queryRunner, { name: 'name', type: 'string', length: 100 }),
          column(queryRunner, { name: 'qty', type: 'int', default: 0 }),
          column(queryRunner, { name: 'note', type: 'string', length: 255, nullable: true }),
        ],
      }),
    );`,
        down: `await queryRunner.dropTable('${table}');`,
      };
    case 'column':
      return {
        imports: 'TableColumn',
        up: `await queryRunner.addColumn('${table}', new TableColumn(column(queryRunner, { name: 'extra_${i}', type: 'string', length: 50, nullable: true })));`,
        down: `await queryRunner.dropColumn('${table}', 'extra_${i}');`,
      };
    case 'index':
      return {
        imports: 'TableIndex',
        up: `await queryRunner.createIndex('${table}', new TableIndex({ name: 'IX_${table}_name', columnNames: ['name'] }));`,
        down: `await queryRunner.dropIndex('${table}', 'IX_${table}_name');`,
      };
    case 'data':
      return {
        imports: '',
        up: `await queryRunner.manager.createQueryBuilder().insert().into('${table}', ['name', 'qty']).values([{ name: 'a${i}', qty: 1 }, { name: 'b${i}', qty: 2 }]).execute();
    await queryRunner.manager.createQueryBuilder().update('${table}').set({ qty: () => 'qty + 1' }).where('name IN (:...names)', { names: ${names} }).execute();`,
        down: `await queryRunner.manager.createQueryBuilder().delete().from('${table}').where('name IN (:...names)', { names: ${names} }).execute();`,
      };
  }
}

/** Writes `count` migration files into `dir`, named and written like the project's own (QueryRunner API only). */
export function generateMigrations(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  let schemaStep = 0;
  let tables = 0;
  for (let i = 1; i <= count; i++) {
    const kind = kindOf(i, schemaStep);
    if (kind !== 'data') schemaStep++;
    if (kind === 'table') tables++;
    const timestamp = FIRST_TIMESTAMP + i * 1000;
    const { imports, up, down } = body(kind, i, `bench_t${tables}`);
    const source = `import { MigrationInterface, QueryRunner${imports ? `, ${imports}` : ''} } from 'typeorm';
${kind === 'table' || kind === 'column' ? `import { column${kind === 'table' ? ', idColumn' : ''} } from '../../../src/database/portable-schema';\n` : ''}
export class Step${i}${timestamp} implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    ${up}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    ${down}
  }
}
`;
    writeFileSync(path.join(dir, `${timestamp}-Step${i}.ts`), source);
  }
}

// ---------------------------------------------------------------------------------------------------------
// One measurement = one fresh database, up then down to base.
// ---------------------------------------------------------------------------------------------------------

type Runner = 'ours' | 'typeorm';

interface Sample {
  round: number;
  /** 1 when this runner went first in its round, 2 when second. */
  position: number;
  upMs: number;
  downMs: number;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`benchmark sanity check failed: ${message}`);
}

async function historyRows(query: (sql: string) => Promise<{ n: unknown }[]>): Promise<number> {
  return Number((await query('SELECT COUNT(*) AS n FROM migrations'))[0].n);
}

/** The first table really got its 4 columns, the added column and the index, and Step10 its rows in bench_t3. */
async function checkApplied(dataSource: DataSource, count: number): Promise<void> {
  if (count < 10) return;
  const runner = dataSource.createQueryRunner();
  try {
    const table = await runner.getTable('bench_t1');
    check(table?.columns.length === 5 && table.indices.length === 1, `bench_t1 is not as the migrations made it`);
    const rows = await runner.query(`SELECT COUNT(*) AS n FROM ${dataSource.driver.escape('bench_t3')}`);
    check(Number(rows[0].n) === 2, 'the data migration did not insert its rows');
  } finally {
    await runner.release();
  }
}

async function runOurs(config: DatabaseConfig, dir: string, count: number): Promise<{ upMs: number; downMs: number }> {
  const migrator = await Migrator.open(config, { dir, print: () => {} });
  try {
    const upMs = await timed(async () => check((await migrator.upgrade()).length === count, 'ours did not apply every migration'));
    await checkApplied(migrator.dataSource, count);
    const downMs = await timed(async () =>
      check((await migrator.downgrade({ to: 'base' })).length === count, 'ours did not revert every migration'),
    );
    check((await historyRows((sql) => migrator.dataSource.query(sql))) === 0, 'ours left rows in the history table');
    return { upMs, downMs };
  } finally {
    await migrator.close();
  }
}

async function runTypeorm(config: DatabaseConfig, dir: string, count: number): Promise<{ upMs: number; downMs: number }> {
  const dataSource = createDataSource(config, { migrations: [`${dir}/*.{ts,js}`] });
  await dataSource.initialize();
  try {
    const upMs = await timed(async () =>
      check((await dataSource.runMigrations({ transaction: 'each' })).length === count, 'TypeORM did not apply every migration'),
    );
    await checkApplied(dataSource, count);
    // TypeORM has no "revert to base": undoLastMigration once per applied migration is the only way down.
    const downMs = await timed(async () => {
      for (let i = 0; i < count; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    });
    check((await historyRows((sql) => dataSource.query(sql))) === 0, 'TypeORM left rows in the history table');
    return { upMs, downMs };
  } finally {
    await dataSource.destroy();
  }
}

const RUN: Record<Runner, typeof runOurs> = { ours: runOurs, typeorm: runTypeorm };

async function onFreshDatabase<T>(engine: Engine, work: (config: DatabaseConfig) => Promise<T>): Promise<T> {
  const database = await createTestDatabase(engine);
  try {
    return await work(database.config);
  } finally {
    await database.drop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// TypeORM's CLI reverts one migration per process: what one such process costs (SQLite only).
// ---------------------------------------------------------------------------------------------------------

interface CliSample {
  /** How ts-node ran: type-checking, as `npm run typeorm` does, or transpile-only. */
  mode: 'type-checked' | 'transpile-only';
  /** Wall time of each `npx typeorm-ts-node-commonjs -d ormconfig.ts migration:revert`, npx's own start included. */
  wallMs: number[];
}

const CLI_MODES: { mode: CliSample['mode']; env: Record<string, string> }[] = [
  { mode: 'type-checked', env: {} },
  { mode: 'transpile-only', env: { TS_NODE_TRANSPILE_ONLY: 'true' } },
];

async function measureCliRevert(root: string, dir: string, count: number, invocations: number): Promise<CliSample[]> {
  // The project's own createDataSource, pointed at the generated migrations and a database file from the env.
  const ormconfig = path.join(root, 'ormconfig.ts');
  writeFileSync(
    ormconfig,
    `import 'reflect-metadata';
import path from 'node:path';
import { createDataSource } from '../../src/database/data-source';

export default createDataSource(
  { type: 'sqlite', path: process.env.BENCH_SQLITE_PATH ?? '', logQueries: false },
  { migrations: [path.join(__dirname, 'migrations', '*.{ts,js}')] },
);
`,
  );
  return onFreshDatabase('sqlite', async (config) => {
    if (config.type !== 'sqlite') throw new Error('expected SQLite');
    const dataSource = createDataSource(config, { migrations: [`${dir}/*.{ts,js}`] });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.destroy();
    const samples: CliSample[] = [];
    for (const { mode, env } of CLI_MODES) {
      const wallMs: number[] = [];
      for (let i = 0; i < invocations; i++) {
        const started = performance.now();
        const result = spawnSync('npx', ['typeorm-ts-node-commonjs', '-d', ormconfig, 'migration:revert'], {
          cwd: PROJECT_ROOT,
          env: { ...process.env, ...env, BENCH_SQLITE_PATH: config.path },
          encoding: 'utf8',
        });
        wallMs.push(performance.now() - started);
        if (result.status !== 0) throw new Error(`typeorm migration:revert failed:\n${result.stdout}\n${result.stderr}`);
      }
      samples.push({ mode, wallMs });
    }
    // Each invocation must really have reverted one migration, or the timings measure a no-op.
    const after = createDataSource(config, { migrations: [] });
    await after.initialize();
    const left = await historyRows((sql) => after.query(sql));
    await after.destroy();
    const expected = count - invocations * CLI_MODES.length;
    check(left === expected, `expected ${expected} applied after the CLI reverts, found ${left}`);
    return samples;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------------------

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100' },
      rounds: { type: 'string', default: '3' },
      'cli-invocations': { type: 'string', default: '3' },
    },
  });
  const count = Number(values.count);
  const rounds = Number(values.rounds);
  const cliInvocations = Number(values['cli-invocations']);
  if (![count, rounds].every((n) => Number.isInteger(n) && n >= 1) || !(Number.isInteger(cliInvocations) && cliInvocations >= 0)) {
    throw new Error('--count and --rounds take whole numbers of 1 or more, --cli-invocations 0 or more');
  }

  const benchStarted = performance.now();
  // Inside the project, so the generated files resolve `typeorm` and src/ like real migrations do.
  const root = path.join(__dirname, `.generated-${process.pid}`);
  const dir = path.join(root, 'migrations');
  const engines = ALL_ENGINES.filter(isEnabled);
  const samples: Record<string, Record<Runner, Sample[]>> = {};
  let cli: CliSample[] = [];
  try {
    generateMigrations(dir, count);
    console.log(`${count} migrations in ${path.relative(PROJECT_ROOT, dir)}; engines: ${engines.join(', ')}; ${rounds} round(s)`);

    // One untimed pass of each on SQLite: module loading and JIT warm-up must not land on whoever runs first.
    for (const runner of ['ours', 'typeorm'] as const) await onFreshDatabase('sqlite', (config) => RUN[runner](config, dir, count));

    for (const engine of engines) {
      samples[engine] = { ours: [], typeorm: [] };
      for (let round = 1; round <= rounds; round++) {
        // Alternate who goes first, so server-side caches and the event loop's state favour neither.
        const order: Runner[] = round % 2 ? ['ours', 'typeorm'] : ['typeorm', 'ours'];
        for (const [index, runner] of order.entries()) {
          const { upMs, downMs } = await onFreshDatabase(engine, (config) => RUN[runner](config, dir, count));
          samples[engine][runner].push({ round, position: index + 1, upMs: round1(upMs), downMs: round1(downMs) });
          console.log(`  ${engine} round ${round} ${runner.padEnd(7)} up ${round1(upMs)} ms, down ${round1(downMs)} ms`);
        }
      }
    }

    if (cliInvocations > 0) {
      if (cliInvocations * CLI_MODES.length > count) throw new Error('--cli-invocations × 2 must not exceed --count');
      cli = await measureCliRevert(root, dir, count, cliInvocations);
      for (const sample of cli) {
        console.log(
          `  sqlite TypeORM CLI migration:revert (${sample.mode}): ${sample.wallMs.map((ms) => `${Math.round(ms)} ms`).join(', ')}`,
        );
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  const medians = Object.fromEntries(
    Object.entries(samples).map(([engine, byRunner]) => {
      const m = (runner: Runner, key: 'upMs' | 'downMs') => round1(median(byRunner[runner].map((s) => s[key])));
      const up = { ours: m('ours', 'upMs'), typeorm: m('typeorm', 'upMs') };
      const down = { ours: m('ours', 'downMs'), typeorm: m('typeorm', 'downMs') };
      const ratio = (pair: { ours: number; typeorm: number }) => Math.round((pair.ours / pair.typeorm) * 1000) / 1000;
      return [engine, { up: { ...up, ratio: ratio(up) }, down: { ...down, ratio: ratio(down) } }];
    }),
  );

  console.log(`\n${count} migrations, median of ${rounds} round(s); ratio = ours / TypeORM (below 1: ours is faster)\n`);
  printTable([
    ['engine', 'up ours ms', 'up TypeORM ms', 'up ratio', 'down ours ms', 'down TypeORM ms', 'down ratio'],
    ...Object.entries(medians).map(([engine, m]) => [
      engine,
      m.up.ours.toFixed(1),
      m.up.typeorm.toFixed(1),
      m.up.ratio.toFixed(2),
      m.down.ours.toFixed(1),
      m.down.typeorm.toFixed(1),
      m.down.ratio.toFixed(2),
    ]),
  ]);
  for (const sample of cli) {
    const perInvocation = median(sample.wallMs);
    console.log(
      `${sample === cli[0] ? '\n' : ''}TypeORM CLI (sqlite, ${sample.mode}): one \`npx typeorm-ts-node-commonjs -d ormconfig.ts migration:revert\` ` +
        `takes ${Math.round(perInvocation)} ms (median of ${sample.wallMs.length}); reverting all ${count} that way ≈ ${((perInvocation * count) / 1000).toFixed(0)} s`,
    );
  }
  const runtimeS = (performance.now() - benchStarted) / 1000;
  console.log(`\nbenchmark runtime ${runtimeS.toFixed(1)} s`);

  const resultsDir = path.join(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, 'migrations.json');
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: {
          node: process.version,
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model,
          os: `${os.type()} ${os.release()} ${os.arch()}`,
          memoryGb: round1(os.totalmem() / 2 ** 30),
        },
        // typeorm's package.json is not in its "exports", so it is read as a file
        typeorm: (
          JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'typeorm', 'package.json'), 'utf8')) as { version: string }
        ).version,
        options: { count, rounds, cliInvocations },
        runtimeS: round1(runtimeS),
        medians,
        samples,
        typeormCliRevert: cli.map((sample) => ({ ...sample, wallMs: sample.wallMs.map(round1), medianMs: round1(median(sample.wallMs)) })),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`raw numbers: ${path.relative(PROJECT_ROOT, file)}`);
}

// Run as a script; imported (e.g. by a profiling script), it only provides generateMigrations.
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
