import type { QueryRunner } from 'typeorm';

/**
 * SQLite's procedure for schema changes that rebuild a table (sqlite.org/lang_altertable.html, "Making Other
 * Kinds Of Table Schema Changes"). TypeORM rebuilds a SQLite table for most column changes (`CREATE
 * temporary_x`, `INSERT ... SELECT`, `DROP TABLE x`, `RENAME`); with foreign keys on, that `DROP TABLE x` runs
 * the ON DELETE actions of every table pointing at x: CASCADE children are emptied, NO ACTION children make the
 * DROP fail. So: foreign keys off OUTSIDE the transaction (`PRAGMA foreign_keys` is a silent no-op inside one),
 * the transaction, `PRAGMA foreign_key_check` before its commit, refusing to commit what it finds, then the
 * setting back as it was.
 */

export const isSqlite = (runner: QueryRunner): boolean => runner.connection.options.type === 'better-sqlite3';

async function foreignKeysOn(runner: QueryRunner): Promise<boolean> {
  const [row] = (await runner.query('PRAGMA foreign_keys')) as Array<{ foreign_keys: number }>;
  return Number(row?.foreign_keys) === 1;
}

/**
 * Runs `work` (which opens and commits its own transaction) with SQLite's foreign keys off, and turns them back
 * on afterwards if they were on. Other engines check keys per statement and need nothing: `work` just runs.
 */
export async function withForeignKeysOff<T>(runner: QueryRunner, work: () => Promise<T>): Promise<T> {
  if (!isSqlite(runner) || !(await foreignKeysOn(runner))) return work();
  if (runner.isTransactionActive) throw new Error('withForeignKeysOff: SQLite cannot turn foreign keys off inside a transaction');
  await runner.query('PRAGMA foreign_keys = OFF');
  try {
    return await work();
  } finally {
    await runner.query('PRAGMA foreign_keys = ON');
  }
}

/** One row PRAGMA foreign_key_check reports: `rowid` of `table` has no row in `parent` for key number `fkid`. */
interface CheckRow {
  table: string;
  rowid: number | null;
  parent: string;
  fkid: number;
}

const rowName = (row: CheckRow) => `${row.table}\u0000${row.rowid}\u0000${row.parent}\u0000${row.fkid}`;
const SHOWN = 20;

export class ForeignKeyViolationError extends Error {
  override name = 'ForeignKeyViolationError';
  readonly hint =
    'Delete or re-point those rows in the same migration (or fill the table they point at) before it ends. ' +
    'SQLite checks foreign keys only when the migration is done, because the runner turns them off so that a table ' +
    'rebuild does not delete the rows that point at the table.';

  constructor(
    readonly rows: string[],
    total: number,
  ) {
    super(
      `it leaves ${total} row${total === 1 ? '' : 's'} whose foreign key points at no row (PRAGMA foreign_key_check):\n` +
        `${rows.map((row) => `    ${row}`).join('\n')}` +
        (total > rows.length ? `\n    ... and ${total - rows.length} more` : ''),
    );
  }
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `products: rowid 1 (user_id = 1 → users.id)`: the row, its key's value, and what it should point at. */
async function describeRow(runner: QueryRunner, row: CheckRow): Promise<string> {
  const keys = (await runner.query(`SELECT "from", "to" FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq`, [
    row.table,
    row.fkid,
  ])) as Array<{ from: string; to: string | null }>;
  const from = keys.map((key) => key.from);
  const to = keys.map((key) => key.to ?? 'its primary key');
  if (row.rowid === null) return `${row.table}: a row (WITHOUT ROWID table) (${from.join(', ')} → ${row.parent}.${to.join(', ')})`;
  const [values] = (await runner.query(`SELECT ${from.map(q).join(', ')} FROM ${q(row.table)} WHERE rowid = ?`, [row.rowid])) as Array<
    Record<string, unknown>
  >;
  const key = from.map((column) => `${column} = ${JSON.stringify(values?.[column] ?? null)}`).join(', ');
  return `${row.table}: rowid ${row.rowid} (${key} → ${row.parent}.${to.join(', ')})`;
}

export interface ForeignKeyCheck {
  /** Throws ForeignKeyViolationError if rows now point nowhere that did not before `startForeignKeyCheck`. */
  verify(): Promise<void>;
}

/**
 * Notes the violations already in the database (rows written while keys were off by someone else: not this
 * work's doing) so that `verify` reports only new ones. On other engines, a check that finds nothing.
 */
export async function startForeignKeyCheck(runner: QueryRunner): Promise<ForeignKeyCheck> {
  if (!isSqlite(runner)) return { verify: async () => undefined };
  const check = async () => (await runner.query('PRAGMA foreign_key_check')) as CheckRow[];
  const before = new Set((await check()).map(rowName));
  return {
    verify: async () => {
      const found = (await check()).filter((row) => !before.has(rowName(row)));
      if (found.length === 0) return;
      const shown = await Promise.all(found.slice(0, SHOWN).map((row) => describeRow(runner, row)));
      throw new ForeignKeyViolationError(shown, found.length);
    },
  };
}
