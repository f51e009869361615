import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';

/**
 * How an outage's end is noticed. A server: the pool answers `SELECT 1`. SQLite: a connection of its own opens
 * the file and takes the write lock without waiting (reads go on in WAL mode while another process holds the
 * lock, so `SELECT 1` would say the database is back while every write still fails).
 */
export function databaseProbe(dataSource: DataSource, config: DatabaseConfig): () => Promise<void> {
  if (config.type === 'sqlite' && config.path !== ':memory:') {
    const file = config.path;
    return async () => {
      const connection = new Database(file, { fileMustExist: true, timeout: 0 });
      try {
        connection.exec('BEGIN IMMEDIATE');
        connection.exec('ROLLBACK');
      } finally {
        connection.close();
      }
    };
  }
  return async () => {
    await dataSource.query('SELECT 1');
  };
}
