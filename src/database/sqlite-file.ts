import { existsSync, statSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';

/**
 * The SQLite file this process opened, told apart from whatever is at SQLITE_PATH later. A file deleted while the
 * service runs (a volume unmounted, a cleanup job) stays open and writable through its old inode: every write
 * would be acknowledged into a file no one will see again, and the next start would make an empty one.
 */
export class SqliteFile {
  private static readonly byDataSource = new WeakMap<DataSource, SqliteFile>();

  private constructor(
    readonly path: string,
    private readonly device: number,
    private readonly inode: number,
  ) {}

  /** Remembers the file `dataSource` has just opened; undefined for a server engine or an in-memory database. */
  static track(dataSource: DataSource, config: DatabaseConfig): SqliteFile | undefined {
    if (config.type !== 'sqlite' || config.path === ':memory:') return undefined;
    const { dev, ino } = statSync(config.path);
    const file = new SqliteFile(config.path, dev, ino);
    SqliteFile.byDataSource.set(dataSource, file);
    return file;
  }

  static of(dataSource: DataSource): SqliteFile | undefined {
    return SqliteFile.byDataSource.get(dataSource);
  }

  /** Whether `config` names a SQLite file that is not there yet (opening it makes a new, empty database). */
  static isMissing(config: DatabaseConfig): boolean {
    return config.type === 'sqlite' && config.path !== ':memory:' && !existsSync(config.path);
  }

  /** Why the file at the path is no longer the one this process has open; undefined while it is. */
  problem(): string | undefined {
    try {
      const { dev, ino } = statSync(this.path);
      return dev === this.device && ino === this.inode
        ? undefined
        : `${this.path} was replaced by another file after the service opened it`;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? `${this.path} was deleted while the service ran` : `${this.path} cannot be checked (${code})`;
    }
  }
}
