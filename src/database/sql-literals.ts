/**
 * Writes bound parameters into a statement as SQL literals, for scripts that are read and run by hand
 * (`migration:sql`): a data migration's `UPDATE ... WHERE id = $1` must become runnable text. Never used for
 * statements the app sends, which always bind.
 */
type Dialect = 'mssql' | 'postgres' | 'better-sqlite3' | 'mariadb' | 'mysql' | string;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function literal(value: unknown, dialect: Dialect): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return dialect === 'postgres' ? String(value).toUpperCase() : value ? '1' : '0';
  if (value instanceof Date) {
    const d = value;
    return literal(
      `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`,
      dialect,
    );
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // MariaDB/MySQL treat backslash as an escape inside strings by default (no NO_BACKSLASH_ESCAPES)
  const escaped = (dialect === 'mariadb' || dialect === 'mysql' ? text.replace(/\\/g, '\\\\') : text).replace(/'/g, "''");
  return `${dialect === 'mssql' ? 'N' : ''}'${escaped}'`;
}

/** `$1` (PostgreSQL), `@0` (SQL Server) or `?` (SQLite, MariaDB) placeholders replaced by literals. */
export function inlineParameters(sql: string, parameters: readonly unknown[], dialect: Dialect): string {
  if (!parameters.length) return sql;
  if (dialect === 'postgres') return sql.replace(/\$(\d+)\b/g, (_m, n: string) => literal(parameters[Number(n) - 1], dialect));
  if (dialect === 'mssql') return sql.replace(/@(\d+)\b/g, (_m, n: string) => literal(parameters[Number(n)], dialect));
  let next = 0;
  return sql.replace(/\?/g, () => literal(parameters[next++], dialect));
}
