import type { DataSource } from 'typeorm';
import { pendingMigrationNames } from '../database/schema-status';

/** What readiness needs to know about the database: can we talk to it, and is its schema current. */
export class SchemaRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  pendingMigrations(): Promise<string[]> {
    return pendingMigrationNames(this.dataSource);
  }
}
