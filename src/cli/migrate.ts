import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import type { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { describeTarget } from '../database/connection-target';
import type { TransactionMode } from '../migrator/migration-executor';
import { DEFAULT_MIGRATIONS_DIR, loadMigrationFiles } from '../migrator/migration-files';
import { MigrationStatus, MigratorError } from '../migrator/migration-plan';
import { Migrator } from '../migrator/migrator';
import { DIALECTS, Dialect, renderMigrationScript } from '../migrator/offline-script';
import { UsageError } from '../scaffold/usage-error';
import { CommandSpec, exitWith, runCommand } from './command-line';

type Print = (line: string) => void;

const DIR = `  --dir FOLDER              where the migrations are (default ${DEFAULT_MIGRATIONS_DIR})`;
const RUNNER = `  --verbose                 print each SQL statement as it runs
  --transaction MODE        each (default): one transaction per migration; all: one for the run; none
  --lock-timeout SECONDS    how long to wait for another run's migration lock (default 60)
${DIR}`;
const HELP_LINE = '  -h, --help                this text';

const text = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;
const RUNNER_OPTIONS = { verbose: flag, transaction: text, 'lock-timeout': text, dir: text };

/** Each command with exactly the options it takes: its --help lists them, and any other is refused. */
const COMMANDS = {
  run: {
    help: `npm run migration:run [-- --to NAME | --steps N]      (alembic upgrade head | <rev> | +N)
Applies pending migrations in timestamp order: all, up to and including NAME, or the next N.
  --to NAME                 stop after NAME
  --steps N                 apply the next N
  --allow-out-of-order      apply a pending migration older than the newest applied one
  --allow-edited            run even though an applied migration's file has changed since
  --allow-destructive       apply migrations that drop a table or column (refused outside NODE_ENV=development;
                            the refusal lists what each would drop, with row counts)
${RUNNER}
${HELP_LINE}`,
    options: {
      to: text,
      steps: text,
      'allow-out-of-order': flag,
      'allow-edited': flag,
      'allow-destructive': flag,
      ...RUNNER_OPTIONS,
    },
  },
  revert: {
    help: `npm run migration:revert [-- --steps N | --to NAME | --to base --yes]   (alembic downgrade -1 | <rev> | base)
Reverts the last applied migration, the last N, everything above NAME (NAME stays applied), or everything.
  --steps N                 revert the last N
  --to NAME | base          revert everything above NAME (NAME stays applied), or everything
  --yes                     needed for --to base outside NODE_ENV=development
${RUNNER}
${HELP_LINE}`,
    options: { to: text, steps: text, yes: flag, ...RUNNER_OPTIONS },
  },
  status: {
    help: `npm run migration:status [-- --check]      (alembic current, heads)
Shows the current migration, what is pending (marking what a pending migration would drop, with row counts),
and applied migrations that are unknown, edited or skipped.
  --check                   exit 1 when anything is pending, unknown, edited or out of order (for CI and deploys)
${DIR}
${HELP_LINE}`,
    options: { check: flag, dir: text },
  },
  history: {
    help: `npm run migration:history      (alembic history)
Lists every migration, applied or pending, with when it was applied and how long it took.
${DIR}
${HELP_LINE}`,
    options: { dir: text },
  },
  stamp: {
    help: `npm run migration:stamp -- NAME | base [--checksums] | --checksums      (alembic stamp)
Records the database as migrated up to NAME (or to nothing, with base) without running any migration:
adds the missing rows up to NAME and removes the rows above it.
  --checksums               also record the current files' checksums for applied migrations (accept an edit);
                            alone, it does only that, at the current migration
${RUNNER}
${HELP_LINE}`,
    options: { checksums: flag, ...RUNNER_OPTIONS },
    positionals: { max: 1 },
  },
  sql: {
    help: `npm run migration:sql -- [--dialect D] [--from NAME] [--to NAME] [--down] [--out FILE]      (alembic upgrade --sql)
Prints the SQL a run (or, with --down, a revert) would execute, without connecting to any database, so it
can be reviewed or handed to a DBA. --from is exclusive and --to inclusive for a run; for --down, the script
reverts from --from (default: the newest) down to, but not including, --to (default: base).
  --dialect D               ${DIALECTS.join(' | ')} (default: DB_TYPE); mssql scripts have GO batch separators for sqlcmd
  --from NAME, --to NAME    the range, as above
  --down                    the revert script
  --out FILE                write the script to FILE rather than print it (npm run prints its own banner on stdout,
                            so \`> FILE\` would put that banner in the script)
${DIR}
${HELP_LINE}`,
    options: { dialect: text, from: text, to: text, down: flag, out: text, dir: text },
  },
} satisfies Record<string, CommandSpec<Record<string, { type: 'string' | 'boolean' }>>>;

type Verb = keyof typeof COMMANDS;
const isVerb = (word: string | undefined): word is Verb => word !== undefined && Object.hasOwn(COMMANDS, word);

const USAGE = `Usage: npm run migration:<command> -- [options]
Commands: ${Object.keys(COMMANDS).join(', ')}. Add --help to any of them.`;

/** The options a command that opens the runner may have been given. */
type RunnerValues = { [option: string]: string | boolean | undefined };

function wholeNumber(value: string | boolean | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new UsageError(`${option} takes a whole number, not "${value}"`);
  return Number(value);
}

function transactionMode(value: string | boolean | undefined): TransactionMode | undefined {
  if (value === undefined || value === 'all' || value === 'each' || value === 'none') return value;
  throw new UsageError(`--transaction takes all, each or none, not "${value}"`);
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

async function withMigrator<T>(config: AppConfig, values: RunnerValues, print: Print, work: (m: Migrator) => Promise<T>): Promise<T> {
  const migrator = await Migrator.open(config.database, {
    refuseDestructive: config.env !== 'development' && !values['allow-destructive'],
    dir: values.dir as string | undefined,
    transaction: transactionMode(values.transaction),
    lockTimeoutMs: (wholeNumber(values['lock-timeout'], '--lock-timeout') ?? 60) * 1000,
    allowOutOfOrder: values['allow-out-of-order'] === true,
    allowEdited: values['allow-edited'] === true,
    verbose: values.verbose === true,
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
  const [verb, ...args] = argv;
  if (!isVerb(verb)) {
    const asksHelp = verb === undefined || verb === '--help' || verb === '-h';
    print(asksHelp ? USAGE : `unknown command "${verb}"\n${USAGE}`);
    return asksHelp ? 0 : 2;
  }
  let loaded = config;
  const settings = () => (loaded ??= loadConfig());
  switch (verb) {
    case 'sql':
      return runCommand(args, COMMANDS.sql, print, async ({ values }) => {
        const dialect = (values.dialect ?? settings().database.type) as Dialect;
        if (!DIALECTS.includes(dialect)) throw new UsageError(`--dialect takes ${DIALECTS.join(', ')}, not "${dialect}"`);
        if (values.out === '') throw new UsageError('--out needs a file name, e.g. --out migrate.sql');
        const files = loadMigrationFiles(values.dir ?? DEFAULT_MIGRATIONS_DIR);
        const script = await renderMigrationScript(files, { dialect, from: values.from, to: values.to, down: values.down ?? false });
        if (values.out === undefined) {
          print(script);
          return 0;
        }
        writeFileSync(values.out, `${script}\n`);
        print(`wrote the ${dialect} ${values.down ? 'revert' : 'migration'} script to ${values.out}`);
        return 0;
      });
    case 'run':
      return runCommand(args, COMMANDS.run, print, async ({ values }) => {
        const target = { to: values.to, steps: wholeNumber(values.steps, '--steps') };
        print(`migrating ${describeTarget(settings().database)}`);
        await withMigrator(settings(), values, print, (m) => m.upgrade(target));
        return 0;
      });
    case 'revert':
      return runCommand(args, COMMANDS.revert, print, async ({ values }) => {
        const target = { to: values.to, steps: wholeNumber(values.steps, '--steps') };
        const { env, database } = settings();
        if (target.to === 'base' && env !== 'development' && !values.yes) {
          throw new MigratorError(`reverting everything on a ${env} database drops every table: add --yes if you mean it`);
        }
        print(`reverting on ${describeTarget(database)}`);
        await withMigrator(settings(), values, print, (m) => m.downgrade(target));
        return 0;
      });
    case 'status':
      return runCommand(args, COMMANDS.status, print, ({ values }) =>
        withMigrator(settings(), values, print, async (m) => {
          const status = await m.status();
          printStatus(status, await m.destructivePending(status), print);
          const problems = status.pending.length + status.unknown.length + status.edited.length + status.outOfOrder.length;
          if (!values.check || problems === 0) return 0;
          print('check failed: the database does not match the migration files (see above)');
          return 1;
        }),
      );
    case 'history':
      return runCommand(args, COMMANDS.history, print, ({ values }) =>
        withMigrator(settings(), values, print, async (m) => {
          printHistory(await m.status(), print);
          return 0;
        }),
      );
    case 'stamp':
      return runCommand(args, COMMANDS.stamp, print, async ({ values, positionals }) => {
        if (!positionals[0] && !values.checksums) throw new UsageError('stamp needs a migration name, or base (or --checksums alone)');
        return withMigrator(settings(), values, print, async (m) => {
          // `stamp --checksums` alone accepts edits where the database already is
          const name = positionals[0] ?? (await m.status()).current ?? 'base';
          const { added, removed, refreshed } = await m.stamp(name, values.checksums ?? false);
          for (const n of added) print(`stamped ${n} as applied (not run)`);
          for (const n of removed) print(`un-stamped ${n} (not reverted)`);
          for (const n of refreshed) print(`recorded the current checksum of ${n}`);
          if (!added.length && !removed.length && !refreshed.length) print('nothing to change');
          return 0;
        });
      });
  }
}

if (require.main === module) {
  // Known failures carry their own actionable message; anything else gets its stack for a bug report.
  exitWith(
    migrateCli(process.argv.slice(2), (line) => console.log(line)),
    ['MigratorError', 'MigrationFailedError', 'LockTimeoutError', 'DatabaseConnectionError', 'ConfigError'],
  );
}
