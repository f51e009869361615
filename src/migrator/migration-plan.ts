import type { AppliedMigration } from './history-table';
import type { MigrationFile } from './migration-files';

export class MigratorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigratorError';
  }
}

export interface MigrationStatus {
  files: MigrationFile[];
  applied: AppliedMigration[];
  /** The newest applied migration that has a file (Alembic's `current`), or null at base. */
  current: string | null;
  pending: MigrationFile[];
  /** Recorded as applied, but no file has that name (deleted, renamed, or a newer branch). */
  unknown: AppliedMigration[];
  /** Applied from a file whose content has changed since (Flyway's validate). */
  edited: { name: string; recorded: string; now: string }[];
  /** Pending, but older than the newest applied migration: TypeORM would run them silently. */
  outOfOrder: MigrationFile[];
}

export function analyze(files: MigrationFile[], applied: AppliedMigration[]): MigrationStatus {
  const byName = new Map(files.map((file) => [file.name, file]));
  const appliedNames = new Set(applied.map((row) => row.name));
  const pending = files.filter((file) => !appliedNames.has(file.name));
  const newestApplied = Math.max(-Infinity, ...applied.filter((row) => byName.has(row.name)).map((row) => row.timestamp));
  const known = files.filter((file) => appliedNames.has(file.name));
  return {
    files,
    applied,
    current: known.length ? known[known.length - 1].name : null,
    pending,
    unknown: applied.filter((row) => !byName.has(row.name)),
    edited: applied.flatMap((row) => {
      const file = byName.get(row.name);
      return file && row.checksum && file.checksum && row.checksum !== file.checksum
        ? [{ name: row.name, recorded: row.checksum, now: file.checksum }]
        : [];
    }),
    outOfOrder: pending.filter((file) => file.timestamp < newestApplied),
  };
}

/** A class name, or a prefix that names exactly one migration. */
export function resolveName(files: { name: string }[], given: string): string {
  const exact = files.find((file) => file.name === given);
  if (exact) return exact.name;
  const matches = files.filter((file) => file.name.toLowerCase().startsWith(given.toLowerCase()));
  if (matches.length === 1) return matches[0].name;
  const list = (matches.length ? matches : files).map((file) => `  ${file.name}`).join('\n');
  throw new MigratorError(
    matches.length
      ? `"${given}" matches ${matches.length} migrations; say which:\n${list}`
      : `no migration is called "${given}"; the migrations are:\n${list || '  (none)'}`,
  );
}

export interface Target {
  to?: string;
  steps?: number;
}

function checkTarget(target: Target): void {
  if (target.to !== undefined && target.steps !== undefined) throw new MigratorError('give --to or --steps, not both');
  if (target.steps !== undefined && (!Number.isInteger(target.steps) || target.steps < 1)) {
    throw new MigratorError('--steps takes a whole number of 1 or more');
  }
}

/** The pending migrations to apply, in timestamp order: all of them, the first N, or up to and including a name. */
export function planUpgrade(status: MigrationStatus, target: Target): MigrationFile[] {
  checkTarget(target);
  if (target.to === 'base') throw new MigratorError('--to base is for reverting: use migration:revert -- --to base');
  if (target.steps !== undefined) return status.pending.slice(0, target.steps);
  if (target.to === undefined) return status.pending;
  const name = resolveName(status.files, target.to);
  const limit = status.files.find((file) => file.name === name)!.timestamp;
  return status.pending.filter((file) => file.timestamp <= limit);
}

export interface Revert {
  row: AppliedMigration;
  file: MigrationFile;
}

/**
 * What to revert, newest-applied first: one by default, N with steps, everything above a name (which stays
 * applied), or everything with `base`. An applied migration whose file is gone cannot be reverted: say so.
 */
export function planDowngrade(status: MigrationStatus, target: Target): Revert[] {
  checkTarget(target);
  const byName = new Map(status.files.map((file) => [file.name, file]));
  const newestFirst = [...status.applied].reverse();
  let rows: AppliedMigration[];
  if (target.to === 'base') rows = newestFirst;
  else if (target.to !== undefined) {
    const name = resolveName(status.files, target.to);
    const limit = byName.get(name)!.timestamp;
    if (!status.applied.some((row) => row.name === name))
      throw new MigratorError(`${name} is not applied, so the database is not above it`);
    rows = newestFirst.filter((row) => row.timestamp > limit);
  } else rows = newestFirst.slice(0, target.steps ?? 1);
  return rows.map((row) => {
    const file = byName.get(row.name);
    if (!file)
      throw new MigratorError(`${row.name} is applied but its file is gone: restore it to revert it (or un-stamp it with migration:stamp)`);
    return { row, file };
  });
}
