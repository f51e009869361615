import type { DataSource, QueryRunner } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { DatabaseConnectionError } from '../database/connection-target';
import { createDataSource } from '../database/data-source';
import { rollbackAfterFailure } from '../database/rollback-after-failure';
import { withForeignKeysOff } from '../database/sqlite-foreign-keys';
import { HistoryTable } from './history-table';
import { Direction, executeMigrations, TransactionMode } from './migration-executor';
import { DEFAULT_MIGRATIONS_DIR, loadMigrationFiles, MigrationFile } from './migration-files';
import { describeLoss, findDestructiveChanges } from './destructive-changes';
import { acquireMigrationLock } from './migration-lock';
import { analyze, MigrationStatus, MigratorError, planDowngrade, planUpgrade, resolveName, Revert, Target } from './migration-plan';
import { StatementLogger } from './statement-logger';

export interface MigratorOptions {
  dir?: string;
  transaction?: TransactionMode;
  lockTimeoutMs?: number;
  allowOutOfOrder?: boolean;
  allowEdited?: boolean;
  /** Refuse to apply a migration that drops a table or column (the CLIs and the server: outside development). */
  refuseDestructive?: boolean;
  /** How the caller accepts an edited migration, for the refusal (the CLI's flag; the server has no flags). */
  acceptEditedAdvice?: string;
  verbose?: boolean;
  print?: (line: string) => void;
}

const CLI_ACCEPT_EDITED = 're-run with --allow-edited; `npm run migration:stamp -- --checksums` records the current files as applied.';

const ARROW: Record<Direction, string> = { up: '▲', down: '▼' };

/**
 * The migration runner behind `npm run migration:*`: TypeORM's DataSource, QueryRunner and migrations table,
 * with targets, steps, a database lock, checksums and order checks on top.
 */
export class Migrator {
  private constructor(
    readonly dataSource: DataSource,
    private readonly runner: QueryRunner,
    private readonly history: HistoryTable,
    readonly files: MigrationFile[],
    private readonly options: Required<Omit<MigratorOptions, 'dir'>>,
  ) {}

  static async open(database: DatabaseConfig, options: MigratorOptions = {}): Promise<Migrator> {
    const print = options.print ?? ((line: string) => console.log(line));
    const files = loadMigrationFiles(options.dir ?? DEFAULT_MIGRATIONS_DIR);
    const dataSource = createDataSource(database, {
      migrations: [],
      logger: new StatementLogger(print, options.verbose ?? false),
      logging: options.verbose ? ['query', 'warn'] : ['warn'],
    });
    try {
      await dataSource.initialize();
    } catch (error) {
      throw new DatabaseConnectionError(database, error);
    }
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    return new Migrator(dataSource, runner, new HistoryTable(runner), files, {
      transaction: options.transaction ?? 'each',
      lockTimeoutMs: options.lockTimeoutMs ?? 60_000,
      allowOutOfOrder: options.allowOutOfOrder ?? false,
      allowEdited: options.allowEdited ?? false,
      refuseDestructive: options.refuseDestructive ?? false,
      acceptEditedAdvice: options.acceptEditedAdvice ?? CLI_ACCEPT_EDITED,
      verbose: options.verbose ?? false,
      print,
    });
  }

  async close(): Promise<void> {
    await this.runner.release();
    await this.dataSource.destroy();
  }

  async status(): Promise<MigrationStatus> {
    return analyze(this.files, await this.history.list());
  }

  /**
   * Everything under the lock, with the state read after taking it (another run may just have finished). On
   * SQLite the lock is a transaction, so foreign keys are turned off before it begins (they cannot change inside
   * one) and back on after its COMMIT: the executor checks them after each migration instead.
   */
  private async locked<T>(work: (status: MigrationStatus) => Promise<T>): Promise<T> {
    return withForeignKeysOff(this.runner, async () => {
      const lock = await acquireMigrationLock(this.dataSource, this.runner, {
        timeoutMs: this.options.lockTimeoutMs,
        onWait: (holder) => this.options.print(`waiting for the migration lock${holder ? `, held by ${holder}` : ''}...`),
      });
      try {
        // inside the lock: two first runs on an empty database would otherwise both create the table
        await this.history.ensure();
        return await work(await this.status());
      } finally {
        await lock.release();
      }
    });
  }

  private progress(total: number) {
    const print = this.options.print;
    return {
      started: (migration: MigrationFile, direction: Direction, index: number) =>
        this.options.verbose && print(`${ARROW[direction]} [${index + 1}/${total}] ${migration.name}`),
      finished: (migration: MigrationFile, direction: Direction, ms: number) =>
        print(`${ARROW[direction]} ${direction === 'up' ? 'applied' : 'reverted'} ${migration.name} (${ms} ms)`),
    };
  }

  // The summaries are printed once the lock is released: on SQLite that release is the COMMIT, so "applied"
  // never appears (with --verbose, before the COMMIT line) while it could still be rolled back.
  async upgrade(target: Target = {}): Promise<MigrationFile[]> {
    const { plan, started, current } = await this.locked(async (status) => {
      const plan = planUpgrade(status, target);
      const early = plan.filter((file) => status.outOfOrder.includes(file));
      if (early.length && !this.options.allowOutOfOrder) {
        throw new MigratorError(
          `${early.map((f) => f.name).join(', ')} ${early.length > 1 ? 'are' : 'is'} older than the newest applied migration ` +
            `(${status.current}). Applying ${early.length > 1 ? 'them' : 'it'} now may not be what ${early.length > 1 ? 'their authors' : 'its author'} tested; ` +
            `re-run with --allow-out-of-order to apply ${early.length > 1 ? 'them' : 'it'} anyway.`,
        );
      }
      if (plan.length && status.edited.length && !this.options.allowEdited) {
        throw new MigratorError(
          `${status.edited.map((e) => e.name).join(', ')} changed after being applied (checksum differs). ` +
            `Put the file back as it was and make a new migration, or ${this.options.acceptEditedAdvice}`,
        );
      }
      if (this.options.refuseDestructive) await this.refuseDestructive(status, plan);
      const started = performance.now();
      await executeMigrations(this.runner, this.history, plan, 'up', this.options.transaction, this.progress(plan.length));
      return { plan, started, current: plan.at(-1)?.name ?? status.current };
    });
    this.summary('applied', plan.length, started, current);
    return plan;
  }

  /** What the pending migrations (or `plan`) would drop, each as `drops table x (12 rows)` under its migration. */
  async destructivePending(status: MigrationStatus, plan: MigrationFile[] = status.pending): Promise<Map<string, string[]>> {
    const appliedNames = new Set(status.applied.map((row) => row.name));
    const findings = await findDestructiveChanges(
      status.files.filter((file) => appliedNames.has(file.name)),
      plan,
    );
    for (const { migration, reason } of findings.unreadable)
      this.options.print(`could not check ${migration} for drops without running it: ${reason}`);
    const losses = new Map<string, string[]>();
    for (const change of findings.changes) {
      losses.set(change.migration, [...(losses.get(change.migration) ?? []), await describeLoss(this.runner, change)]);
    }
    return losses;
  }

  private async refuseDestructive(status: MigrationStatus, plan: MigrationFile[]): Promise<void> {
    const losses = await this.destructivePending(status, plan);
    if (!losses.size) return;
    const listed = [...losses].flatMap(([migration, lines]) => [`  ${migration}:`, ...lines.map((line) => `    - ${line}`)]);
    throw new MigratorError(
      `refusing to apply ${losses.size === 1 ? 'a migration that drops' : 'migrations that drop'} data outside NODE_ENV=development:\n` +
        `${listed.join('\n')}\n` +
        'Back the database up, then re-run with --allow-destructive (npm run migration:run -- --allow-destructive).',
    );
  }

  async downgrade(target: Target = {}): Promise<Revert[]> {
    const { plan, started, current } = await this.locked(async (status) => {
      const plan = planDowngrade(status, target);
      const started = performance.now();
      const files = plan.map((step) => step.file);
      await executeMigrations(this.runner, this.history, files, 'down', this.options.transaction, this.progress(plan.length));
      const remaining = status.applied.filter((row) => !plan.some((step) => step.row.name === row.name));
      return { plan, started, current: analyze(this.files, remaining).current };
    });
    this.summary('reverted', plan.length, started, current);
    return plan;
  }

  /**
   * Records the database as being at `name` (or at base) without running anything: missing rows up to it are
   * added, rows above it removed. With `checksums`, applied rows get the current files' checksums (an accepted edit).
   */
  async stamp(name: string | 'base', checksums = false): Promise<{ added: string[]; removed: string[]; refreshed: string[] }> {
    return this.locked(async (status) => {
      const limit = name === 'base' ? -Infinity : this.files.find((f) => f.name === resolveName(this.files, name))!.timestamp;
      const appliedNames = new Set(status.applied.map((row) => row.name));
      const add = this.files.filter((file) => file.timestamp <= limit && !appliedNames.has(file.name));
      const remove = status.applied.filter((row) => row.timestamp > limit);
      const refresh = checksums ? status.edited.map((e) => e.name).filter((n) => !remove.some((r) => r.name === n)) : [];
      await this.runner.startTransaction();
      try {
        for (const file of add) await this.history.record(file, null);
        for (const row of remove) await this.history.remove(row.name);
        for (const edited of refresh) await this.history.updateChecksum(edited, this.files.find((f) => f.name === edited)!.checksum);
        await this.runner.commitTransaction();
      } catch (error) {
        await rollbackAfterFailure(this.runner);
        throw error;
      }
      return { added: add.map((f) => f.name), removed: remove.map((r) => r.name), refreshed: refresh };
    });
  }

  private summary(verb: string, count: number, started: number, now: string | null): void {
    const ms = Math.round(performance.now() - started);
    this.options.print(
      count === 0
        ? `nothing to do: the database is at ${now ?? 'base'}`
        : `${verb} ${count} migration${count > 1 ? 's' : ''} in ${ms} ms; the database is now at ${now ?? 'base'}`,
    );
  }
}
