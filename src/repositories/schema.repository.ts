import type { DataSource } from 'typeorm';
import { pendingMigrationNames } from '../database/schema-status';
import { SqliteFile } from '../database/sqlite-file';

/** What readiness needs to know about the database: can we talk to it, and is its schema current. */
export class SchemaRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    // the open file answers SELECT 1 even after it was deleted: readiness asks whether it is still the one at the path
    const problem = SqliteFile.of(this.dataSource)?.problem();
    if (problem) throw new Error(problem);
    await this.dataSource.query('SELECT 1');
  }

  pendingMigrations(): Promise<string[]> {
    return pendingMigrationNames(this.dataSource);
  }
}
