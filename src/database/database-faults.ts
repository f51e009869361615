import { QueryFailedError } from 'typeorm';

/**
 * What a failed statement says about the database rather than about the request:
 * - `unavailable`: the connection could not be made, was lost, or the server refuses work for now
 *   (starting up, shutting down, failing over, throttling, a SQLite file locked or unreadable);
 * - `conflict`: the server chose this transaction as a deadlock victim or could not serialize it; it was
 *   rolled back and running it again can succeed.
 * Anything else (a constraint, a syntax error, a bad value) is null: the same request would fail again.
 */
export type FaultKind = 'unavailable' | 'conflict';

export interface DatabaseFault {
  kind: FaultKind;
  /** The driver's code or number, e.g. `57P03`, `ECONNREFUSED`, `40613`, `ER_LOCK_DEADLOCK`, `SQLITE_BUSY`. */
  code: string;
  message: string;
}

/** Node's socket errors, which every driver passes through when the server cannot be reached or drops us. */
const SOCKET = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'];

/** PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const POSTGRES_UNAVAILABLE = /^(08...|57P0[123]|53300)$/; // connection exception, admin/crash shutdown, starting up, too many connections
const POSTGRES_CONFLICT = ['40001', '40P01']; // serialization_failure, deadlock_detected
/** node-postgres's own errors for a connection that died or never came, which carry no code. */
const POSTGRES_CLIENT = /Connection terminated|timeout exceeded when trying to connect|connection error|Client was closed/i;

/**
 * SQL Server and Azure SQL transient errors, as Microsoft lists them for client retry logic
 * (https://learn.microsoft.com/azure/azure-sql/database/troubleshoot-common-errors-issues): database not
 * currently available (40613), service error (40197), busy (40501), resource limits (49918-49920, 10928,
 * 10929), cannot open database (4060), and the tedious driver's transport and login codes.
 */
const MSSQL_UNAVAILABLE_NUMBERS = [40613, 40197, 40501, 49918, 49919, 49920, 4060, 10928, 10929, 4221, 233, 10053, 10054, 10060];
const MSSQL_UNAVAILABLE_CODES = ['ESOCKET', 'ETIMEOUT', 'ELOGIN', 'ECONNCLOSED', 'ENOTOPEN', 'EINSTLOOKUP', 'ENOCONN'];
const MSSQL_CONFLICT_NUMBERS = [1205]; // chosen as deadlock victim

/** MariaDB/MySQL (mysql2): lost connections, server going away or full; deadlock (1213) and lock wait timeout (1205). */
const MYSQL_UNAVAILABLE = ['PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN'];
const MYSQL_UNAVAILABLE_NUMBERS = [1040, 1053, 2002, 2003, 2006, 2013];
const MYSQL_CONFLICT_NUMBERS = [1213, 1205];

/** SQLite: busy beyond the busy timeout (another process holds the write lock), or a file that cannot be read. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|CANTOPEN|IOERR)/;

interface DriverError {
  code?: unknown;
  number?: unknown;
  errno?: unknown;
  message?: unknown;
  originalError?: unknown;
}

function driverErrorOf(error: unknown): DriverError | undefined {
  const inner = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  return inner && typeof inner === 'object' ? (inner as DriverError) : undefined;
}

function kindOf(driver: DriverError, engine: string): { kind: FaultKind; code: string } | null {
  const code = typeof driver.code === 'string' ? driver.code : undefined;
  const number = typeof driver.number === 'number' ? driver.number : typeof driver.errno === 'number' ? driver.errno : undefined;
  const message = typeof driver.message === 'string' ? driver.message : '';
  if (code && SOCKET.includes(code)) return { kind: 'unavailable', code };
  switch (engine) {
    case 'postgres':
      if (code && POSTGRES_UNAVAILABLE.test(code)) return { kind: 'unavailable', code };
      if (code && POSTGRES_CONFLICT.includes(code)) return { kind: 'conflict', code };
      if (!code && POSTGRES_CLIENT.test(message)) return { kind: 'unavailable', code: 'CONNECTION_LOST' };
      return null;
    case 'mssql':
      if (number !== undefined && MSSQL_UNAVAILABLE_NUMBERS.includes(number)) return { kind: 'unavailable', code: String(number) };
      if (number !== undefined && MSSQL_CONFLICT_NUMBERS.includes(number)) return { kind: 'conflict', code: String(number) };
      if (code && MSSQL_UNAVAILABLE_CODES.includes(code)) return { kind: 'unavailable', code };
      return null;
    case 'mysql':
    case 'mariadb':
      if (code && MYSQL_UNAVAILABLE.includes(code)) return { kind: 'unavailable', code };
      if (number !== undefined && MYSQL_UNAVAILABLE_NUMBERS.includes(number)) return { kind: 'unavailable', code: code ?? String(number) };
      if (number !== undefined && MYSQL_CONFLICT_NUMBERS.includes(number)) return { kind: 'conflict', code: code ?? String(number) };
      return null;
    case 'better-sqlite3':
      return code && SQLITE_UNAVAILABLE.test(code) ? { kind: 'unavailable', code } : null;
    default:
      return null;
  }
}

/** Classifies `error` (a QueryFailedError, or a driver's connection error thrown as is) for `engine` (TypeORM's type). */
export function databaseFault(engine: string, error: unknown): DatabaseFault | null {
  const driver = driverErrorOf(error);
  if (!driver) return null;
  // tedious wraps a transport failure in a ConnectionError whose cause holds the socket code
  const found = kindOf(driver, engine) ?? (driver.originalError ? kindOf(driver.originalError as DriverError, engine) : null);
  if (!found) return null;
  return { ...found, message: typeof driver.message === 'string' ? driver.message : String(error) };
}
