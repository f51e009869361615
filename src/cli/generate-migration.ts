import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { DatabaseConnectionError, describeTarget } from '../database/connection-target';
import { createDataSource } from '../database/data-source';
import { renderMigration, summarizeDiff } from '../migrator/generate/migration-writer';
import { computeSchemaDiff, isEmptyDiff } from '../migrator/generate/schema-diff';
import { HistoryTable } from '../migrator/history-table';
import { DEFAULT_MIGRATIONS_DIR, loadMigrationFiles } from '../migrator/migration-files';
import { analyze, MigratorError } from '../migrator/migration-plan';
import { UsageError } from '../scaffold/usage-error';
import { CommandSpec, exitWith, runCommand } from './command-line';

type Print = (line: string) => void;

export const GENERATE_HELP = `npm run migration:generate -- NAME [--dry-run] [--dir FOLDER] [--rename ...]... [--drop ...]...  (alembic revision --autogenerate -m NAME)
npm run migration:generate -- --check                                 (drift check for CI)
Compares the entities (src/entities/*.entity.ts) with the database the settings point at, and writes
src/migrations/<timestamp>-NAME.ts using the QueryRunner API and portable column helpers, so the same file runs
on SQLite, PostgreSQL, MariaDB and SQL Server. Prints a summary first; DESTRUCTIVE marks drops and changes that
may lose data. Changed columns are altered in place with alterColumn (src/database/alter-column.ts), which keeps
the data and refuses a narrowing the rows would not survive. A rename is never guessed: when a table loses a
column while it gains one of a compatible type (text, number, boolean, date/time...), or a table without an
entity shares columns with a new entity's table, nothing is written and the exact --rename for each plausible
pair is printed; say which it is with --rename, or that the values may go with --drop. Indices, uniques and
foreign keys are created and dropped on existing tables too; check constraints are not (a warning says so).
Changes it cannot write (a column portable-schema has no words for, a NOT NULL column without a default on a
table with rows, dropping a primary or foreign key column) are listed and nothing is written: write those by hand.
  --dry-run     print the migration instead of writing it
  --check       write nothing; exit 1 when the entities and the database differ
  --dir FOLDER  where to write (default ${DEFAULT_MIGRATIONS_DIR})
  --rename TABLE.OLD:NEW   column OLD of TABLE is the entity's NEW, renamed in place with its values (repeatable)
  --rename OLD:NEW         table OLD is the entity's table NEW: renameTable keeps its rows, its keys (renamed
                           with it) and the foreign keys pointing at it (repeatable)
  --drop TABLE.COLUMN      drop COLUMN and its values although a new column could be its rename (repeatable)
  --drop TABLE             drop TABLE and its rows although a new table could be its rename (repeatable)
  -h, --help               this text`;

/** As Alembic does: a diff against a database behind its migrations would write them again. */
async function refusePendingMigrations(dataSource: DataSource, dir: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    const { pending } = analyze(loadMigrationFiles(dir), await new HistoryTable(runner).list());
    if (pending.length) {
      throw new MigratorError(
        `the database is not up to date: ${pending.length} pending (${pending.map((m) => m.name).join(', ')}).\n` +
          'Run npm run migration:run first, or the new migration would repeat what they do.',
      );
    }
  } finally {
    await runner.release();
  }
}

const GENERATE_COMMAND = {
  help: GENERATE_HELP,
  options: {
    'dry-run': { type: 'boolean' },
    check: { type: 'boolean' },
    dir: { type: 'string' },
    rename: { type: 'string', multiple: true },
    drop: { type: 'string', multiple: true },
  },
  positionals: { max: 1 },
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>;

type GenerateValues = { 'dry-run'?: boolean; check?: boolean; dir?: string; rename?: string[]; drop?: string[] };

/** Runs `migration:generate`; returns the exit code. */
export async function generateCli(argv: string[], print: Print, config?: AppConfig, now = Date.now()): Promise<number> {
  return runCommand(argv, GENERATE_COMMAND, print, ({ values, positionals }) => generate(values, positionals, print, config, now));
}

/** What `migration:generate` was asked, carried out. */
async function generate(
  values: GenerateValues,
  positionals: string[],
  print: Print,
  config: AppConfig | undefined,
  now: number,
): Promise<number> {
  // TypeORM's CLI took a path (src/migrations/AddX): accept that form too, and keep the last part
  const name = positionals[0] ? path.basename(positionals[0]).replace(/\.ts$/, '') : undefined;
  if (!values.check && !name) throw new UsageError('a migration name is needed, e.g. AddProductColor');
  if (name && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw new UsageError(`"${name}" is not a usable name: letters, digits, - and _ only`);

  const settings = config ?? loadConfig();
  const dataSource = createDataSource(settings.database, { migrations: [] });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DatabaseConnectionError(settings.database, error);
  }
  try {
    await refusePendingMigrations(dataSource, values.dir ?? DEFAULT_MIGRATIONS_DIR);
    const diff = await computeSchemaDiff(dataSource, {
      renames: values.rename ?? [],
      drops: values.drop ?? [],
      migrationName: name,
    });
    print(`entities compared with ${describeTarget(settings.database)}:`);
    summarizeDiff(diff).forEach((line) => print(`  ${line}`));
    if (values.check) return isEmptyDiff(diff) ? 0 : 1;
    if (isEmptyDiff(diff)) return 0;
    if (diff.unsupported.length) {
      print('nothing written: the changes marked "not generated" need a hand-written migration (or split them out first)');
      return 1;
    }
    const migration = renderMigration(diff, { name: name!, timestamp: now });
    if (values['dry-run']) {
      print(migration.source);
      return 0;
    }
    const file = path.join(path.resolve(values.dir ?? DEFAULT_MIGRATIONS_DIR), migration.fileName);
    writeFileSync(file, migration.source, { flag: 'wx' });
    print(`wrote ${path.relative(process.cwd(), file)}: review it, then npm run migration:run`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  exitWith(
    generateCli(process.argv.slice(2), (line) => console.log(line)),
    ['MigratorError', 'DatabaseConnectionError', 'ConfigError'],
  );
}
