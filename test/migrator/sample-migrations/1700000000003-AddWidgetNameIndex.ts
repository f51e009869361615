import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

export class AddWidgetNameIndex1700000000003 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('widgets', new TableIndex({ name: 'IX_widgets_name', columnNames: ['name'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('widgets', 'IX_widgets_name');
  }
}
