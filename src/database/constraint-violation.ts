/**
 * What a driver error says, engine by engine, reduced to one shape. Only the facts the errors carry;
 * turning a constraint or column into an API field, and deciding which side of a foreign key was at fault,
 * is translate-driver-error.ts's job (it resolves names against the entity metadata).
 *
 * The error number decides the kind. Message text is localised (SQL Server's `SET LANGUAGE` or a login's default
 * language, MariaDB's lc_messages, PostgreSQL's lc_messages) and differs between versions and proxies, so the
 * English patterns below are only a fallback: every identifier in the message is also kept, and the translator
 * picks the one that names a constraint it knows.
 */
export type ViolationKind =
  'unique' | 'missing-reference' | 'still-referenced' | 'not-null' | 'check' | 'too-long' | 'out-of-range' | 'invalid-value';

export interface ConstraintViolation {
  kind: ViolationKind;
  table?: string;
  constraint?: string;
  column?: string;
  /** The statement kind, for SQLite whose foreign-key message names nothing. */
  statement?: string;
  /** Every identifier-like word of the message, whatever its language and quoting ('x', "x", « x », `x`). */
  identifiers?: string[];
}

interface DriverError {
  code?: string | number;
  number?: number;
  errno?: number;
  message?: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
  originalError?: { info?: { number?: number; message?: string } };
}

const first = (text: string, pattern: RegExp) => pattern.exec(text)?.[1];

/** Letters, digits and `_ $ # @` (what an unquoted T-SQL, MariaDB or PostgreSQL identifier may hold). */
const identifiersIn = (text: string) => [...new Set(text.match(/[\p{L}\p{N}_$#@]+/gu) ?? [])];

function fromSqlite(error: DriverError, sql: string): ConstraintViolation | null {
  const message = error.message ?? '';
  const target = first(message, /failed: ([\w.]+)/);
  const [table, column] = target?.split('.') ?? [];
  switch (error.code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return { kind: 'unique', table, column };
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return { kind: 'not-null', table, column };
    case 'SQLITE_CONSTRAINT_CHECK':
      // "CHECK constraint failed: status IN (...)": SQLite names the expression, which starts with the column
      return { kind: 'check', column: first(message, /failed: "?(\w+)/) };
    case 'SQLITE_CONSTRAINT_FOREIGNKEY': {
      const statement = first(sql, /^\s*(\w+)/)?.toUpperCase();
      return {
        kind: statement === 'DELETE' ? 'still-referenced' : 'missing-reference',
        table: first(sql, /(?:INTO|UPDATE|FROM)\s+"(\w+)"/i),
        statement,
      };
    }
    default:
      return null;
  }
}

function fromPostgres(error: DriverError): ConstraintViolation | null {
  const base = { table: error.table, constraint: error.constraint, column: error.column };
  switch (error.code) {
    case '23505':
      return { kind: 'unique', ...base, column: first(error.detail ?? '', /^Key \("?(\w+)"?\)/) };
    case '23503':
      // `constraint` names the key; which side failed is the translator's call, this English detail the fallback
      return { kind: /still referenced/.test(error.detail ?? '') ? 'still-referenced' : 'missing-reference', ...base };
    case '23502':
      return { kind: 'not-null', ...base };
    case '23514':
      return { kind: 'check', ...base };
    case '22001':
      return { kind: 'too-long' };
    case '22003':
      return { kind: 'out-of-range' };
    case '22P02': // invalid input syntax, e.g. a value outside a native enum (TypeORM names it <table>_<column>_enum)
      return { kind: 'invalid-value', column: first(error.message ?? '', /enum "?(?:\w+\.)?"?(\w+)_enum/) };
    case '22007':
    case '22008':
      return { kind: 'invalid-value' };
    default:
      return null;
  }
}

/** SQL Server error numbers: https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors */
function fromSqlServer(error: DriverError): ConstraintViolation | null {
  const message = error.originalError?.info?.message ?? error.message ?? '';
  // English text; in another language these may find nothing, and `identifiers` carries the names instead
  const constraint = first(message, /constraint ['"]([^'"]+)['"]/i) ?? first(message, /unique index '([^']+)'/i);
  // "object 'dbo.products'", "table "dbo.products"", "table 'app.dbo.products'": the last part is the table
  const table = first(message, /(?:object|table) ['"](?:[\w]+\.)*([\w]+)['"]/i);
  // 547 keeps "column 'x'" untranslated in the languages we have seen (German, French)
  const column = first(message, /column '([^']+)'/);
  const identifiers = identifiersIn(message);
  switch (error.number ?? error.originalError?.info?.number) {
    case 2627:
    case 2601:
      return { kind: 'unique', constraint, table, identifiers };
    case 547: {
      // 547 is a FOREIGN KEY or CHECK conflict. The translator decides by the constraint's name when it knows it;
      // the keywords (left in English by every translation: "REFERENCE-Einschränkung", "contrainte CHECK") are the
      // fallback. For foreign keys the table and column named are the referenced ones: the constraint says more.
      if (/\bCHECK\b/.test(message)) return { kind: 'check', constraint, table, column, identifiers };
      const kind = /\bREFERENCE\b/.test(message) ? 'still-referenced' : 'missing-reference';
      return { kind, constraint, identifiers };
    }
    case 515:
      return { kind: 'not-null', column, table };
    case 2628:
      return { kind: 'too-long', table, column };
    case 8152:
      return { kind: 'too-long' };
    case 8115:
      return { kind: 'out-of-range' };
    case 245:
    case 8114:
      return { kind: 'invalid-value' };
    default:
      return null;
  }
}

/** MariaDB / MySQL error numbers (ER_DUP_ENTRY, ER_NO_REFERENCED_ROW_2, ...). */
function fromMysql(error: DriverError): ConstraintViolation | null {
  const message = error.message ?? '';
  const constraint = first(message, /CONSTRAINT `([^`]+)`/) ?? first(message, /for key '(?:\w+\.)?([^']+)'/);
  const identifiers = identifiersIn(message);
  switch (error.errno) {
    case 1062:
      return { kind: 'unique', constraint, identifiers };
    case 1452:
      return { kind: 'missing-reference', constraint, identifiers };
    case 1451:
      return { kind: 'still-referenced', constraint, identifiers };
    case 1048:
      return { kind: 'not-null', column: first(message, /Column '([^']+)'/) };
    case 3819:
    case 4025:
      return { kind: 'check', constraint: first(message, /constraint `?'?([\w]+)/i) };
    case 1406:
      return { kind: 'too-long', column: first(message, /column '([^']+)'/) };
    case 1264:
      return { kind: 'out-of-range', column: first(message, /column '([^']+)'/) };
    case 1265: // data truncated, e.g. a value outside an ENUM in strict mode
    case 1366:
      return { kind: 'invalid-value', column: first(message, /column '([^']+)'/) };
    default:
      return null;
  }
}

export function parseDriverError(engine: string, driverError: unknown, sql = ''): ConstraintViolation | null {
  if (!driverError || typeof driverError !== 'object') return null;
  const error = driverError as DriverError;
  switch (engine) {
    case 'better-sqlite3':
      return fromSqlite(error, sql);
    case 'postgres':
      return fromPostgres(error);
    case 'mssql':
      return fromSqlServer(error);
    case 'mysql':
    case 'mariadb':
      return fromMysql(error);
    default:
      return null;
  }
}
