import { MigrationExecutor, QueryRunner, TableColumn } from 'typeorm';
import { column } from '../database/portable-schema';

/** Exposes TypeORM's own table creation, so the table is exactly the one its CLI would make. */
class TypeormMigrationsTable extends MigrationExecutor {
  create(queryRunner: QueryRunner): Promise<void> {
    return this.createMigrationsTableIfNotExist(queryRunner);
  }
}

/** SQLite hands back the UTC text TypeORM wrote ("2026-11-25 10:00:00.000"); other drivers give Dates. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

export interface AppliedMigration {
  id: number;
  timestamp: number;
  name: string;
  checksum: string | null;
  appliedAt: Date | null;
  durationMs: number | null;
}

/**
 * TypeORM's own `migrations` table (id, timestamp, name), so TypeORM's CLI and `dataSource.showMigrations()`
 * keep working on it, plus three nullable columns of ours: the checksum of the file that was applied, when,
 * and how long it took. Rows written by TypeORM's CLI simply have no checksum.
 */
export class HistoryTable {
  constructor(
    private readonly queryRunner: QueryRunner,
    readonly tableName = queryRunner.connection.options.migrationsTableName ?? 'migrations',
  ) {}

  private get escapedTable(): string {
    return this.queryRunner.connection.driver.escape(this.tableName);
  }

  private escape(name: string): string {
    return this.queryRunner.connection.driver.escape(name);
  }

  async ensure(): Promise<void> {
    await new TypeormMigrationsTable(this.queryRunner.connection, this.queryRunner).create(this.queryRunner);
    const table = await this.queryRunner.getTable(this.tableName);
    const types = this.queryRunner.connection.driver.mappedDataTypes;
    const wanted = [
      new TableColumn(column(this.queryRunner, { name: 'checksum', type: 'string', length: 64, nullable: true })),
      new TableColumn({
        name: 'applied_at',
        type: this.queryRunner.connection.driver.normalizeType({ type: types.createDate }),
        precision: types.createDatePrecision,
        isNullable: true,
      }),
      new TableColumn(column(this.queryRunner, { name: 'duration_ms', type: 'int', nullable: true })),
    ];
    const missing = wanted.filter((c) => !table?.findColumnByName(c.name));
    if (missing.length) await this.queryRunner.addColumns(this.tableName, missing);
  }

  /** The applied migrations in the order they were applied; empty when the table does not exist yet. */
  async list(): Promise<AppliedMigration[]> {
    const table = await this.queryRunner.getTable(this.tableName);
    if (!table) return [];
    // A table made by TypeORM's own CLI has only id, timestamp and name until `ensure()` adds ours.
    const columns = ['id', 'timestamp', 'name', 'checksum', 'applied_at', 'duration_ms'].filter((c) => table.findColumnByName(c));
    const rows: Record<string, unknown>[] = await this.queryRunner.query(
      `SELECT ${columns.map((c) => this.escape(c)).join(', ')} FROM ${this.escapedTable} ORDER BY ${this.escape('id')}`,
    );
    return rows.map((row) => ({
      id: Number(row.id),
      timestamp: Number(row.timestamp),
      name: String(row.name),
      checksum: (row.checksum as string | null | undefined) ?? null,
      appliedAt: toDate(row.applied_at),
      durationMs: row.duration_ms === null || row.duration_ms === undefined ? null : Number(row.duration_ms),
    }));
  }

  async record(migration: { timestamp: number; name: string; checksum: string | null }, durationMs: number | null): Promise<void> {
    await this.queryRunner.manager
      .createQueryBuilder()
      .insert()
      .into(this.tableName, ['timestamp', 'name', 'checksum', 'applied_at', 'duration_ms'])
      .values({ timestamp: migration.timestamp, name: migration.name, checksum: migration.checksum, applied_at: new Date(), duration_ms: durationMs })
      .execute();
  }

  async remove(name: string): Promise<void> {
    await this.queryRunner.manager.createQueryBuilder().delete().from(this.tableName).where('name = :name', { name }).execute();
  }

  async updateChecksum(name: string, checksum: string | null): Promise<void> {
    await this.queryRunner.manager
      .createQueryBuilder()
      .update(this.tableName)
      .set({ checksum })
      .where('name = :name', { name })
      .execute();
  }
}
