import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { column, dropTable, idColumn } from '../../../src/database/portable-schema';

export class CreateGizmos1700000000201 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'gizmos',
        columns: [
          idColumn(queryRunner),
          column(queryRunner, { name: 'name', type: 'string', length: 50 }),
          column(queryRunner, { name: 'color', type: 'string', length: 20, nullable: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'old_things',
        columns: [idColumn(queryRunner), column(queryRunner, { name: 'label', type: 'string', length: 50 })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, 'old_things');
    await dropTable(queryRunner, 'gizmos');
  }
}
