import { QueryRunner, Table, TableColumn } from 'typeorm';
import { column } from '../database/portable-schema';

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

  private ensured = false;

  /** TypeORM's three columns, exactly as MigrationExecutor.createMigrationsTableIfNotExist makes them. */
  private typeormColumns(): TableColumn[] {
    const driver = this.queryRunner.connection.driver;
    const types = driver.mappedDataTypes;
    return [
      new TableColumn({
        name: 'id',
        type: driver.normalizeType({ type: types.migrationId }),
        isGenerated: true,
        generationStrategy: 'increment',
        isPrimary: true,
      }),
      new TableColumn({ name: 'timestamp', type: driver.normalizeType({ type: types.migrationTimestamp }), isNullable: false }),
      new TableColumn({ name: 'name', type: driver.normalizeType({ type: types.migrationName }), isNullable: false }),
    ];
  }

  private ourColumns(): TableColumn[] {
    const driver = this.queryRunner.connection.driver;
    return [
      new TableColumn(column(this.queryRunner, { name: 'checksum', type: 'string', length: 64, nullable: true })),
      new TableColumn({
        name: 'applied_at',
        type: driver.normalizeType({ type: driver.mappedDataTypes.createDate }),
        precision: driver.mappedDataTypes.createDatePrecision,
        isNullable: true,
      }),
      new TableColumn(column(this.queryRunner, { name: 'duration_ms', type: 'int', nullable: true })),
    ];
  }

  /** Creates the table in one statement, or adds our columns to one TypeORM's CLI made. Once per runner. */
  async ensure(): Promise<void> {
    if (this.ensured) return;
    const table = await this.queryRunner.getTable(this.tableName);
    if (!table) {
      await this.queryRunner.createTable(new Table({ name: this.tableName, columns: [...this.typeormColumns(), ...this.ourColumns()] }));
    } else {
      const missing = this.ourColumns().filter((c) => !table.findColumnByName(c.name));
      // the Table object, not its name: TypeORM would otherwise read the table's structure again per column
      if (missing.length) await this.queryRunner.addColumns(table, missing);
    }
    this.ensured = true;
  }

  /** The applied migrations in the order they were applied; empty when the table does not exist yet. */
  async list(): Promise<AppliedMigration[]> {
    let columns = ['id', 'timestamp', 'name', 'checksum', 'applied_at', 'duration_ms'];
    if (!this.ensured) {
      // read-only commands do not create the table; one made by TypeORM's CLI has only id, timestamp and name
      const table = await this.queryRunner.getTable(this.tableName);
      if (!table) return [];
      columns = columns.filter((c) => table.findColumnByName(c));
    }
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
      .values({
        timestamp: migration.timestamp,
        name: migration.name,
        checksum: migration.checksum,
        applied_at: new Date(),
        duration_ms: durationMs,
      })
      .execute();
  }

  async remove(name: string): Promise<void> {
    await this.queryRunner.manager.createQueryBuilder().delete().from(this.tableName).where('name = :name', { name }).execute();
  }

  async updateChecksum(name: string, checksum: string | null): Promise<void> {
    await this.queryRunner.manager.createQueryBuilder().update(this.tableName).set({ checksum }).where('name = :name', { name }).execute();
  }
}
