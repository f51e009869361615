import type { SchemaRepository } from '../repositories/schema.repository';

export type Readiness =
  | { status: 'ok'; database: 'ok'; pendingMigrations: string[] }
  | { status: 'unavailable'; database: 'ok'; pendingMigrations: string[] }
  | { status: 'unavailable'; database: 'unreachable'; reason: string };

export class HealthService {
  constructor(private readonly schema: SchemaRepository) {}

  /** Ready means: the database answers and no migration is pending (a half-migrated schema serves errors). */
  async readiness(): Promise<Readiness> {
    try {
      await this.schema.ping();
      const pendingMigrations = await this.schema.pendingMigrations();
      return { status: pendingMigrations.length ? 'unavailable' : 'ok', database: 'ok', pendingMigrations };
    } catch (error) {
      return { status: 'unavailable', database: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
