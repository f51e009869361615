import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { column, dropTable, idColumn } from '../../../src/database/portable-schema';

export class DropGizmoColorAndOldThings1700000000202 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('gizmos', 'color');
    await dropTable(queryRunner, 'old_things');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'old_things',
        columns: [idColumn(queryRunner), column(queryRunner, { name: 'label', type: 'string', length: 50 })],
      }),
    );
    await queryRunner.addColumn(
      'gizmos',
      new TableColumn(column(queryRunner, { name: 'color', type: 'string', length: 20, nullable: true })),
    );
  }
}
