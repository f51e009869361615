import type { DatabaseConfig } from '../config/app-config';

export const DIALECTS = ['mssql', 'postgres', 'sqlite', 'mariadb'] as const;
export type Dialect = (typeof DIALECTS)[number];

/**
 * Placeholders for a DataSource that is never initialized: nothing connects, and `offline.invalid` could not
 * resolve if it tried. No database name: SQL Server's sp_rename spells out the driver's database when it has one
 * (`app..notes.title`), and a script must rename in whichever database it is run against (MSSQL_DB, sqlcmd -d),
 * as its other statements ("notes") do.
 */
const SERVER = {
  host: 'offline.invalid',
  username: 'offline',
  database: '',
  poolSize: 1,
  ssl: false,
  trustServerCertificate: false,
  logQueries: false,
};
export const OFFLINE_CONFIGS: Record<Dialect, DatabaseConfig> = {
  mssql: { type: 'mssql', port: 1433, ...SERVER },
  postgres: { type: 'postgres', port: 5432, ...SERVER },
  mariadb: { type: 'mariadb', port: 3306, ...SERVER },
  sqlite: { type: 'sqlite', path: ':memory:', logQueries: false },
};
