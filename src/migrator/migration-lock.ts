import { hostname } from 'node:os';
import type { DataSource, QueryRunner } from 'typeorm';
import { sqliteTransactionOpen } from '../database/rollback-after-failure';

/**
 * The lock's name. PostgreSQL advisory locks and SQL Server applocks belong to the current database; MariaDB's
 * are server-wide, so there the database's name is part of it (two databases on one server never wait on each other).
 */
const LOCK_NAME = 'ts_backend_boilerplate_migrations';
/** pg_advisory_lock takes a bigint; below 2^31 it shows in pg_locks as objid with classid 0. */
const PG_LOCK_KEY = 742_833_101;
const POLL_MS = 250;

export interface LockOptions {
  timeoutMs: number;
  /** Called once when the lock is busy, with who holds it where the database can tell. */
  onWait?: (holder: string | undefined) => void;
}

export interface MigrationLock {
  release(): Promise<void>;
}

export class LockTimeoutError extends Error {
  constructor(timeoutMs: number, holder: string | undefined) {
    super(
      `Another migration run holds the migration lock${holder ? `: ${holder}` : ''}; gave up after ${timeoutMs / 1000} s. ` +
        'Wait for it to finish, or raise --lock-timeout.',
    );
    this.name = 'LockTimeoutError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Who holds the lock; a query that could not tell says so (HolderUnknown) rather than nothing. */
const holderOrReason = (holder: () => Promise<string | undefined>) =>
  holder().catch((error: unknown) => (error instanceof HolderUnknown ? error.message : undefined));

/** Polls `tryOnce` until it succeeds or the timeout passes, telling the user once who is in the way. */
async function poll(options: LockOptions, tryOnce: () => Promise<boolean>, holder: () => Promise<string | undefined>): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  while (!(await tryOnce())) {
    if (!told) {
      options.onWait?.(await holderOrReason(holder));
      told = true;
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(options.timeoutMs, await holderOrReason(holder));
    await sleep(POLL_MS);
  }
}

interface SessionLock {
  tryOnce(runner: QueryRunner): Promise<boolean>;
  holder(runner: QueryRunner): Promise<string | undefined>;
  unlock(runner: QueryRunner): Promise<unknown>;
}

/** A lock owned by a database session: a connection of its own, held until released (or the process dies). */
async function sessionLock(dataSource: DataSource, options: LockOptions, lock: SessionLock): Promise<MigrationLock> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await poll(
      options,
      () => lock.tryOnce(runner),
      () => lock.holder(runner),
    );
  } catch (error) {
    await runner.release();
    throw error;
  }
  return {
    release: async () => {
      try {
        await lock.unlock(runner);
      } finally {
        await runner.release();
      }
    },
  };
}

const POSTGRES: SessionLock = {
  tryOnce: async (runner) => (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [PG_LOCK_KEY]))[0].locked,
  holder: async (runner) => {
    const [row] = await runner.query(
      `SELECT a.pid, a.application_name, a.client_addr, a.backend_start FROM pg_locks l
         JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = $1 AND l.granted`,
      [PG_LOCK_KEY],
    );
    return row
      ? `pid ${row.pid}${row.application_name ? ` "${row.application_name}"` : ''} from ${row.client_addr ?? 'a local socket'}, connected since ${new Date(row.backend_start).toISOString()}`
      : undefined;
  },
  unlock: (runner) => runner.query('SELECT pg_advisory_unlock($1)', [PG_LOCK_KEY]),
};

/** GET_LOCK names are server-wide (and at most 64 characters): scope ours to the current database. */
const MARIADB_LOCK = `CONCAT('${LOCK_NAME.slice(0, 22)}:', SHA1(DATABASE()))`;

const MARIADB: SessionLock = {
  tryOnce: async (runner) => Number((await runner.query(`SELECT GET_LOCK(${MARIADB_LOCK}, 0) AS locked`))[0].locked) === 1,
  holder: async (runner) => {
    const [row] = await runner.query(
      `SELECT p.ID AS id, p.USER AS user, p.HOST AS host, p.TIME AS seconds FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(${MARIADB_LOCK})`,
    );
    return row ? `connection ${row.id} of ${row.user}@${row.host}, ${row.seconds} s in its current state` : undefined;
  },
  unlock: (runner) => runner.query(`SELECT RELEASE_LOCK(${MARIADB_LOCK})`),
};

interface MssqlPool {
  request(): { input(name: string, value: unknown): MssqlRequest; query(sql: string): Promise<{ recordset: Record<string, unknown>[] }> };
  close(): Promise<void>;
}
type MssqlRequest = ReturnType<MssqlPool['request']>;

/** SQL Server's "permission denied" numbers: 300 (VIEW SERVER STATE ... was denied), 297 (no permission for this). */
const PERMISSION_DENIED = new Set([297, 300]);

/**
 * sys.dm_tran_locks needs VIEW SERVER STATE (VIEW DATABASE STATE on Azure SQL Database), which a migration login
 * rarely has. The lock works without it; only its holder cannot be named, and the user is told why instead of
 * nothing. Thrown so poll()'s catch-all never swallows it; see holderOrReason.
 */
class HolderUnknown extends Error {}

function unnamedHolder(error: { number?: number; message?: string }): never {
  throw new HolderUnknown(
    PERMISSION_DENIED.has(error.number ?? 0)
      ? 'another session (its name needs VIEW SERVER STATE; on Azure SQL Database, VIEW DATABASE STATE)'
      : `another session (it could not be named: ${error.message})`,
  );
}

/**
 * TypeORM's SQL Server runner sends each query outside a transaction to any pooled connection, so a
 * session-owned applock needs a connection of its own: a one-connection pool made the way TypeORM makes its own.
 */
async function sqlServerLock(dataSource: DataSource, options: LockOptions): Promise<MigrationLock> {
  const driver = dataSource.driver as unknown as { createPool(options: object, credentials: object): Promise<MssqlPool> };
  const settings = dataSource.options as { pool?: object };
  const pool = await driver.createPool({ ...settings, pool: { ...settings.pool, min: 1, max: 1 } }, settings);
  const holder = async () => {
    const { recordset } = await pool
      .request()
      .query(
        `SELECT TOP 1 s.session_id, s.host_name, s.program_name, s.login_time FROM sys.dm_tran_locks l
           JOIN sys.dm_exec_sessions s ON s.session_id = l.request_session_id
          WHERE l.resource_type = 'APPLICATION' AND l.request_status = 'GRANT' AND l.resource_description LIKE '%${LOCK_NAME}%'`,
      )
      .catch(unnamedHolder);
    const row = recordset[0];
    return row
      ? `session ${row.session_id} from ${row.host_name} (${row.program_name}), logged in at ${new Date(row.login_time as string).toISOString()}`
      : undefined;
  };
  const tryOnce = async () => {
    const { recordset } = await pool
      .request()
      .input('resource', LOCK_NAME)
      .query(
        "DECLARE @result int; EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT @result AS result",
      );
    return Number(recordset[0].result) >= 0;
  };
  try {
    await poll(options, tryOnce, holder);
  } catch (error) {
    await pool.close();
    throw error;
  }
  return {
    release: async () => {
      try {
        await pool.request().input('resource', LOCK_NAME).query("EXEC sp_releaseapplock @Resource = @resource, @LockOwner = 'Session'");
      } finally {
        await pool.close();
      }
    },
  };
}

/**
 * SQLite has no named locks: the run holds an exclusive transaction on the migration connection instead, and
 * the migrations' own transactions become savepoints inside it (TypeORM nests them that way once a
 * transaction is open). Another process waits on SQLITE_BUSY; SQLite cannot say who holds the file.
 */
async function sqliteLock(runner: QueryRunner, options: LockOptions): Promise<MigrationLock> {
  const busy = (error: unknown) => /SQLITE_BUSY|database is locked/i.test(String((error as Error)?.message ?? error));
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  // Poll quickly instead of sitting in the driver's 10 s busy wait, so the user hears about the wait at once.
  await runner.query('PRAGMA busy_timeout = 100');
  await poll(
    options,
    async () => {
      try {
        await runner.query('BEGIN EXCLUSIVE');
        return true;
      } catch (error) {
        if (busy(error)) return false;
        throw error;
      }
    },
    // SQLite records no lock holder: say so plainly, with the machine, since only processes on it can share the file
    async () => `another process on ${hostname()} using this database file (SQLite does not record which)`,
  ).finally(() => runner.query('PRAGMA busy_timeout = 10000'));
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  return {
    release: async () => {
      state.transactionDepth = 0;
      state.isTransactionActive = false;
      // The database may have rolled the run back itself (RAISE(ROLLBACK), SQLITE_FULL): the failure that did
      // it is on its way to the user, and a COMMIT now would only replace it with "no transaction is active".
      if (sqliteTransactionOpen(runner)) await runner.query('COMMIT');
    },
  };
}

/** Takes the database's own lock for a migration run; `release()` must be called in a finally block. */
export function acquireMigrationLock(dataSource: DataSource, runner: QueryRunner, options: LockOptions): Promise<MigrationLock> {
  switch (dataSource.options.type) {
    case 'postgres':
      return sessionLock(dataSource, options, POSTGRES);
    case 'mariadb':
    case 'mysql':
      return sessionLock(dataSource, options, MARIADB);
    case 'mssql':
      return sqlServerLock(dataSource, options);
    case 'better-sqlite3':
      return sqliteLock(runner, options);
    default:
      throw new Error(`no migration lock for ${dataSource.options.type}`);
  }
}
