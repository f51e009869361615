import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

export class AddWidgetColor1700000000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('widgets', new TableColumn({ name: 'color', type: 'varchar', length: '20', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('widgets', 'color');
  }
}
