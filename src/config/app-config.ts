import type { Environment } from './env-files';
import type { LOG_LEVELS } from './environment-variables';

export interface SqliteConfig {
  type: 'sqlite';
  path: string;
  logQueries: boolean;
}

export interface ServerDatabaseConfig {
  type: 'mssql' | 'postgres' | 'mariadb';
  host: string;
  port: number;
  username: string;
  password?: string;
  database: string;
  poolSize: number;
  /** mssql: encrypt the connection; postgres: require TLS. */
  ssl: boolean;
  /** mssql only: accept a self-signed server certificate (local Docker). */
  trustServerCertificate: boolean;
  logQueries: boolean;
}

export type DatabaseConfig = SqliteConfig | ServerDatabaseConfig;

/** The validated, typed settings every part of the project reads (never process.env directly). */
export interface AppConfig {
  env: Environment;
  logLevel: (typeof LOG_LEVELS)[number];
  api: { host: string; port: number; bodyLimit: number; docsEnabled: boolean };
  database: DatabaseConfig;
}
