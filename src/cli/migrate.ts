import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { describeTarget } from '../database/connection-target';
import type { TransactionMode } from '../migrator/migration-executor';
import { DEFAULT_MIGRATIONS_DIR, loadMigrationFiles } from '../migrator/migration-files';
import { MigrationStatus, MigratorError } from '../migrator/migration-plan';
import { Migrator } from '../migrator/migrator';
import { DIALECTS, Dialect, renderMigrationScript } from '../migrator/offline-script';

type Print = (line: string) => void;

const COMMON = `
Options for every command:
  --verbose                 print each SQL statement as it runs
  --transaction MODE        each (default): one transaction per migration; all: one for the run; none
  --lock-timeout SECONDS    how long to wait for another run's migration lock (default 60)
  --dir FOLDER              where the migrations are (default ${DEFAULT_MIGRATIONS_DIR})
  --help                    this text`;

const HELP: Record<string, string> = {
  run: `npm run migration:run [-- --to NAME | --steps N]      (alembic upgrade head | <rev> | +N)
Applies pending migrations in timestamp order: all, up to and including NAME, or the next N.
  --allow-out-of-order      apply a pending migration older than the newest applied one
  --allow-edited            run even though an applied migration's file has changed since
  --allow-destructive       apply migrations that drop a table or column (refused outside NODE_ENV=development;
                            the refusal lists what each would drop, with row counts)`,
  revert: `npm run migration:revert [-- --steps N | --to NAME | --to base --yes]   (alembic downgrade -1 | <rev> | base)
Reverts the last applied migration, the last N, everything above NAME (NAME stays applied), or everything.
  --yes                     needed for --to base outside NODE_ENV=development`,
  status: `npm run migration:status [-- --check]      (alembic current, heads)
Shows the current migration, what is pending (marking what a pending migration would drop, with row counts),
and applied migrations that are unknown, edited or skipped.
  --check                   exit 1 when anything is pending, unknown, edited or out of order (for CI and deploys)`,
  history: `npm run migration:history      (alembic history)
Lists every migration, applied or pending, with when it was applied and how long it took.`,
  stamp: `npm run migration:stamp -- NAME | base [--checksums] | --checksums      (alembic stamp)
Records the database as migrated up to NAME (or to nothing, with base) without running any migration:
adds the missing rows up to NAME and removes the rows above it.
  --checksums               also record the current files' checksums for applied migrations (accept an edit);
                            alone, it does only that, at the current migration`,
  sql: `npm run migration:sql -- [--dialect D] [--from NAME] [--to NAME] [--down]      (alembic upgrade --sql)
Prints the SQL a run (or, with --down, a revert) would execute, without connecting to any database, so it
can be reviewed or handed to a DBA. --from is exclusive and --to inclusive for a run; for --down, the script
reverts from --from (default: the newest) down to, but not including, --to (default: base).
  --dialect D               ${DIALECTS.join(' | ')} (default: DB_TYPE); mssql scripts have GO batch separators for sqlcmd
  --out FILE                write the script to FILE rather than print it (npm run prints its own banner on stdout,
                            so \`> FILE\` would put that banner in the script)`,
};

const USAGE = `Usage: npm run migration:<command> -- [options]
Commands: ${Object.keys(HELP).join(', ')}. Add --help to any of them.`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      to: { type: 'string' },
      from: { type: 'string' },
      steps: { type: 'string' },
      dialect: { type: 'string' },
      out: { type: 'string' },
      down: { type: 'boolean' },
      check: { type: 'boolean' },
      checksums: { type: 'boolean' },
      yes: { type: 'boolean' },
      verbose: { type: 'boolean' },
      transaction: { type: 'string' },
      'lock-timeout': { type: 'string' },
      dir: { type: 'string' },
      'allow-out-of-order': { type: 'boolean' },
      'allow-edited': { type: 'boolean' },
      'allow-destructive': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type Parsed = ReturnType<typeof parse>['values'];

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new MigratorError(`${flag} takes a whole number, not "${value}"`);
  return Number(value);
}

function transactionMode(value: string | undefined): TransactionMode | undefined {
  if (value === undefined || value === 'all' || value === 'each' || value === 'none') return value;
  throw new MigratorError(`--transaction takes all, each or none, not "${value}"`);
}

function printStatus(status: MigrationStatus, losses: Map<string, string[]>, print: Print): void {
  print(`current: ${status.current ?? 'base (nothing applied)'}`);
  print(status.pending.length ? `pending (${status.pending.length}):` : 'pending: none');
  for (const file of status.pending) {
    print(`  ${file.name}${status.outOfOrder.includes(file) ? '  (older than the newest applied: out of order)' : ''}`);
    for (const loss of losses.get(file.name) ?? []) print(`    DESTRUCTIVE: ${loss}`);
  }
  for (const row of status.unknown) print(`unknown: ${row.name} is applied but no migration file has that name`);
  for (const edited of status.edited) print(`edited: ${edited.name} changed since it was applied`);
}

function printHistory(status: MigrationStatus, print: Print): void {
  const rows = new Map(status.applied.map((row) => [row.name, row]));
  const names = [...status.files.map((f) => f.name), ...status.unknown.map((r) => r.name)];
  for (const name of names) {
    const row = rows.get(name);
    const when = row ? `applied ${row.appliedAt ? row.appliedAt.toISOString() : '(time not recorded)'}` : 'pending';
    const took = row?.durationMs !== null && row?.durationMs !== undefined ? `, ${row.durationMs} ms` : '';
    const marks = [
      status.edited.some((e) => e.name === name) ? 'EDITED' : '',
      status.unknown.some((u) => u.name === name) ? 'NO FILE' : '',
      status.current === name ? 'current' : '',
    ].filter(Boolean);
    print(`${row ? '[x]' : '[ ]'} ${name}  ${when}${took}${marks.length ? `  (${marks.join(', ')})` : ''}`);
  }
}

async function withMigrator<T>(config: AppConfig, values: Parsed, print: Print, work: (m: Migrator) => Promise<T>): Promise<T> {
  const migrator = await Migrator.open(config.database, {
    refuseDestructive: config.env !== 'development' && !values['allow-destructive'],
    dir: values.dir,
    transaction: transactionMode(values.transaction),
    lockTimeoutMs: (wholeNumber(values['lock-timeout'], '--lock-timeout') ?? 60) * 1000,
    allowOutOfOrder: values['allow-out-of-order'],
    allowEdited: values['allow-edited'],
    verbose: values.verbose,
    print,
  });
  try {
    return await work(migrator);
  } finally {
    await migrator.close();
  }
}

/** Runs one command; returns the exit code. Separated from process handling so tests can call it directly. */
export async function migrateCli(argv: string[], print: Print, config?: AppConfig): Promise<number> {
  const { values, positionals } = parse(argv);
  const [verb, ...rest] = positionals;
  if (!verb || !HELP[verb]) {
    print(verb ? `unknown command "${verb}"\n${USAGE}` : USAGE);
    return values.help && !verb ? 0 : 1;
  }
  if (values.help) {
    print(HELP[verb] + COMMON);
    return 0;
  }
  if (values.out !== undefined && verb !== 'sql') throw new MigratorError(`--out is for migration:sql (the script's file), not ${verb}`);
  const settings = config ?? loadConfig();
  const target = { to: values.to, steps: wholeNumber(values.steps, '--steps') };

  switch (verb) {
    case 'sql': {
      const dialect = (values.dialect ?? settings.database.type) as Dialect;
      if (!DIALECTS.includes(dialect)) throw new MigratorError(`--dialect takes ${DIALECTS.join(', ')}, not "${dialect}"`);
      const files = loadMigrationFiles(values.dir ?? DEFAULT_MIGRATIONS_DIR);
      const script = await renderMigrationScript(files, { dialect, from: values.from, to: values.to, down: values.down ?? false });
      if (values.out === undefined) {
        print(script);
        return 0;
      }
      if (!values.out) throw new MigratorError('--out needs a file name, e.g. --out migrate.sql');
      writeFileSync(values.out, `${script}\n`);
      print(`wrote the ${dialect} ${values.down ? 'revert' : 'migration'} script to ${values.out}`);
      return 0;
    }
    case 'run':
      print(`migrating ${describeTarget(settings.database)}`);
      await withMigrator(settings, values, print, (m) => m.upgrade(target));
      return 0;
    case 'revert':
      if (target.to === 'base' && settings.env !== 'development' && !values.yes) {
        throw new MigratorError(`reverting everything on a ${settings.env} database drops every table: add --yes if you mean it`);
      }
      print(`reverting on ${describeTarget(settings.database)}`);
      await withMigrator(settings, values, print, (m) => m.downgrade(target));
      return 0;
    case 'status':
      return withMigrator(settings, values, print, async (m) => {
        const status = await m.status();
        printStatus(status, await m.destructivePending(status), print);
        const problems = status.pending.length + status.unknown.length + status.edited.length + status.outOfOrder.length;
        if (!values.check || problems === 0) return 0;
        print('check failed: the database does not match the migration files (see above)');
        return 1;
      });
    case 'history':
      return withMigrator(settings, values, print, async (m) => {
        printHistory(await m.status(), print);
        return 0;
      });
    case 'stamp': {
      if (!rest[0] && !values.checksums) throw new MigratorError('stamp needs a migration name, or base');
      return withMigrator(settings, values, print, async (m) => {
        // `stamp --checksums` alone accepts edits where the database already is
        const name = rest[0] ?? (await m.status()).current ?? 'base';
        const { added, removed, refreshed } = await m.stamp(name, values.checksums ?? false);
        for (const n of added) print(`stamped ${n} as applied (not run)`);
        for (const n of removed) print(`un-stamped ${n} (not reverted)`);
        for (const n of refreshed) print(`recorded the current checksum of ${n}`);
        if (!added.length && !removed.length && !refreshed.length) print('nothing to change');
        return 0;
      });
    }
  }
  return 1;
}

if (require.main === module) {
  migrateCli(process.argv.slice(2), (line) => console.log(line)).then(
    (code) => process.exit(code),
    (error: Error & { code?: string }) => {
      // Known failures carry their own actionable message; anything else gets its stack for a bug report.
      const known = ['MigratorError', 'MigrationFailedError', 'LockTimeoutError', 'DatabaseConnectionError', 'ConfigError'];
      if (error.code?.startsWith('ERR_PARSE_ARGS')) console.error(`\n${error.message}\n${USAGE}\n`);
      else console.error(known.includes(error.name) ? `\n${error.message}\n` : error.stack);
      process.exit(1);
    },
  );
}
