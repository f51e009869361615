import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { alterColumn } from '../../src/database/alter-column';
import { createDataSource } from '../../src/database/data-source';
import { renderMigrationsSql } from '../../src/database/offline-sql';
import { column, idColumn, PortableType } from '../../src/database/portable-schema';
import { OFFLINE_CONFIGS } from '../../src/migrator/offline-script';

/**
 * What each engine builds for each portable type (README, "Column types"), read from the drivers without a
 * server. MariaDB is left to test/migrator/generate/column-types.test.ts: its uuid and json depend on the server
 * version, which only a live connection knows.
 */
const EXPECTED: Record<'sqlite' | 'postgres' | 'mssql', Partial<Record<PortableType, string>>> = {
  sqlite: { bigint: 'bigint', text: 'text', float: 'float', date: 'date', uuid: 'uuid', json: 'json', blob: 'blob' },
  postgres: { bigint: 'bigint', text: 'text', float: 'double precision', date: 'date', uuid: 'uuid', json: 'jsonb', blob: 'bytea' },
  mssql: {
    bigint: 'bigint',
    text: 'nvarchar(MAX)',
    float: 'float',
    date: 'date',
    uuid: 'uniqueidentifier',
    json: 'nvarchar(MAX)',
    blob: 'varbinary(MAX)',
  },
};

describe.each(Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>)('portable column types on %s', (dialect) => {
  const dataSource = createDataSource(OFFLINE_CONFIGS[dialect]);
  const queryRunner = dataSource.createQueryRunner();
  const driver = dataSource.driver as unknown as { createFullType(column: TableColumn): string };

  it.each(Object.entries(EXPECTED[dialect]))('%s is %s', (type, expected) => {
    expect(driver.createFullType(new TableColumn(column(queryRunner, { name: 'c', type: type as PortableType })))).toBe(expected);
  });

  it('a type outside the table is refused by name, before any statement is written', async () => {
    expect(() => column(queryRunner, { name: 'c', type: 'smallint' as PortableType })).toThrow(
      'column "c": "smallint" is not a portable type; use one of string, int, decimal, boolean, enum, datetime, bigint, float, date, text, uuid, json, blob',
    );
  });
});

describe('alterColumn with a type outside the table', () => {
  it('refuses it by name instead of writing a column without a type', async () => {
    const dataSource = createDataSource(OFFLINE_CONFIGS.sqlite);
    await dataSource.initialize();
    const queryRunner = dataSource.createQueryRunner();
    try {
      await queryRunner.query('CREATE TABLE notes (id integer PRIMARY KEY, score integer NOT NULL)');
      await queryRunner.query('INSERT INTO notes (score) VALUES (7)');
      await expect(alterColumn(queryRunner, 'notes', 'score', { type: 'smallint' as PortableType })).rejects.toThrow(
        '"smallint" is not a portable type',
      );
      expect(await queryRunner.query('SELECT typeof(score) AS t, score FROM notes')).toEqual([{ t: 'integer', score: 7 }]);
      expect((await queryRunner.getTable('notes'))!.findColumnByName('score')!.type).toBe('integer');
    } finally {
      await queryRunner.release();
      await dataSource.destroy();
    }
  });
});

describe('alterColumn between text and json on SQL Server (offline)', () => {
  it('json gains its ISJSON check, and loses it again when it goes back to text', async () => {
    const migration = (name: string, change: (queryRunner: QueryRunner) => Promise<unknown>): MigrationInterface => ({
      name,
      up: change,
      down: change,
    });
    const migrations = [
      migration('CreateNotes', (qr) =>
        qr.createTable(new Table({ name: 'notes', columns: [idColumn(qr), column(qr, { name: 'body', type: 'text' })] })),
      ),
      migration('BodyJson', (qr) => alterColumn(qr, 'notes', 'body', { type: 'json' })),
      migration('BodyText', (qr) => alterColumn(qr, 'notes', 'body', { type: 'text', nullable: true })),
    ];
    const rendered = await renderMigrationsSql(createDataSource(OFFLINE_CONFIGS.mssql), migrations, { direction: 'up' });
    const statements = (name: string) => rendered.find((r) => r.migration === name)!.statements;
    expect(statements('BodyJson')).toEqual([
      'ALTER TABLE "notes" ALTER COLUMN "body" nvarchar(MAX) NOT NULL',
      'ALTER TABLE "notes" ADD CONSTRAINT "CHK_notes_body_JSON" CHECK (ISJSON("body") = 1)',
    ]);
    expect(statements('BodyText')).toEqual([
      'ALTER TABLE "notes" DROP CONSTRAINT "CHK_notes_body_JSON"',
      'ALTER TABLE "notes" ALTER COLUMN "body" nvarchar(MAX) NULL',
    ]);
  });
});
